// tshark's wording for a capture file that cannot be opened or read (cfile_open_failure_message and
// cfile_read_failure_message), shared by the command line and the library.
import { CaptureError } from './record.js';
import { OpenError, SHORT_OTHER } from './source.js';

/** The message (without the "tshark: " prefix, with its line breaks) and exit code, or null for other errors. */
export function captureErrorMessage(e: unknown, path: string): { message: string; code: number } | null {
  if (e instanceof OpenError) {
    switch (e.kind) {
      case 'enoent': return { message: `The file "${path}" doesn't exist.`, code: 2 };
      case 'directory': return { message: `"${path}" is a directory (folder), not a file.`, code: 2 };
      case 'unknown-format': return { message: `The file "${path}" isn't a capture file in a format TShark understands.`, code: 2 };
      case 'access': return { message: `The file "${path}" could not be opened: Permission denied.`, code: 2 };
      default: return { message: `The file "${path}" could not be opened: ${e.message}.`, code: 2 };
    }
  }
  if (e instanceof CaptureError) {
    switch (e.kind) {
      case 'short': return { message: `The file "${path}" appears to have been cut short in the middle of a packet${e.detail === SHORT_OTHER ? ' or other data' : ''}.`, code: 2 };
      case 'decompress': return { message: `The file "${path}" cannot be decompressed; it may be damaged or corrupt.(${e.detail})`, code: 2 };
      case 'unsupported-encap': return { message: `The file "${path}" contains record data that TShark doesn't support.\n(${e.detail})`, code: 2 };
      default: return { message: `The file "${path}" appears to be damaged or corrupt.\n(${e.detail})`, code: 2 };
    }
  }
  return null;
}
