// tshark's wording for a capture file that cannot be opened or read (cfile_open_failure_message and
// cfile_read_failure_message), shared by the command line and the library.
import { CaptureError } from './record.js';
import { OpenError, SHORT_OTHER } from './source.js';

/** The message (without the "tshark: " prefix, with its line breaks) and exit code, or null for other errors. */
export function captureErrorMessage(e: unknown, path: string): { message: string; code: number } | null {
  // tshark names stdin "the standard input" in these messages
  const file = path === '-' ? 'The standard input' : `The file "${path}"`;
  if (e instanceof OpenError) {
    switch (e.kind) {
      case 'enoent': return { message: `${file} doesn't exist.`, code: 2 };
      case 'directory': return { message: `"${path}" is a directory (folder), not a file.`, code: 2 };
      case 'unknown-format': return { message: `${file} isn't a capture file in a format TShark understands.`, code: 2 };
      case 'special': return { message: `${file} is a "special file" or socket or other non-regular file.`, code: 2 };
      case 'access': return { message: `You don't have permission to read the file "${path}".`, code: 2 };
      default: return { message: `${file} could not be opened: ${e.message}.`, code: 2 };
    }
  }
  if (e instanceof CaptureError) {
    switch (e.kind) {
      case 'short': return { message: `${file} appears to have been cut short in the middle of a packet${e.detail === SHORT_OTHER ? ' or other data' : ''}.`, code: 2 };
      case 'decompress': return { message: `${file} cannot be decompressed; it may be damaged or corrupt.(${e.detail})`, code: 2 };
      case 'unsupported-encap': return { message: `${file} contains record data that TShark doesn't support.\n(${e.detail})`, code: 2 };
      default: return { message: `${file} appears to be damaged or corrupt.\n(${e.detail})`, code: 2 };
    }
  }
  return null;
}
