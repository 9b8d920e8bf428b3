// Reading a capture file: records → the shared pipeline (cli/pipeline.ts).
import { readCapture, OpenError, SHORT_OTHER } from '../capture/source.js';
import { CaptureError, type FormatParser, type RecordSink } from '../capture/record.js';
import { err, flush } from '../output/stdout.js';
import { Pipeline } from './pipeline.js';
import { parallelCandidate } from './parallel.js';
import type { Config } from './config.js';

/** Something that streams a capture's records (readCapture over a path, or an in-memory capture). */
export type CaptureReader = (sink: RecordSink, onParser?: (p: FormatParser) => void) => Promise<FormatParser | null> | FormatParser | null;

/** Processes cfg.readFile (or the records `reader` gives, named cfg.readFile in messages); returns the exit code. */
export async function runFile(cfg: Config, reader?: CaptureReader): Promise<number> {
  const path = cfg.readFile!;
  const read: CaptureReader = reader ?? ((sink, onParser) => readCapture(path, sink, onParser));
  const pipe = Pipeline.create(cfg);
  if (typeof pipe === 'number') return pipe;
  if (parallelCandidate(cfg) && pipe.parallelOk) {
    const { runWorkers } = await import('./parallel.js');
    if (await runWorkers(cfg, pipe)) { pipe.finish(); return 0; }
  }
  let parser: FormatParser | null = null;
  const limit = cfg.count;
  let code = 0;
  const onParser = (p: FormatParser): void => {
    parser = p;
    pipe.src = { interfaces: p.interfaces, get hasInterfaces() { return p.format === 'pcapng'; } };
  };
  let keep: Uint8Array | null = null;
  if (cfg.twoPass) {
    // First pass (-2): dissect everything, apply the read filter, remember which records stay.
    let n = 0;
    keep = new Uint8Array(1024);
    try {
      await read(rec => {
        if (n >= keep!.length) { const k = new Uint8Array(keep!.length * 2); k.set(keep!); keep = k; }
        keep![n++] = pipe.firstPass(rec) ? 1 : 0;
        return true;
      }, onParser);
    } catch (e) {
      if (!(e instanceof CaptureError)) { code = reportReadError(e, path); if (code < 0) throw e; return code; }
    }
    pipe.beginSecondPass();
  }
  let recIndex = 0;
  try {
    parser = await read(rec => (keep && !keep[recIndex++]) || pipe.record(rec, limit), p => {
      parser = p;
      pipe.src = { interfaces: p.interfaces, get hasInterfaces() { return p.format === 'pcapng'; } };
    });
  } catch (e) {
    code = reportReadError(e, path);
    if (code < 0) throw e;
  }
  void parser;
  pipe.finish();
  return code;
}

export function reportReadError(e: unknown, path: string): number {
  flush();
  // tshark names stdin "the standard input" in its capture-file messages
  const file = path === '-' ? 'The standard input' : `The file "${path}"`;
  if (e instanceof OpenError) {
    switch (e.kind) {
      case 'enoent': err(`tshark: ${file} doesn't exist.\n`); return 2;
      case 'directory': err(`tshark: "${path}" is a directory (folder), not a file.\n`); return 2;
      case 'unknown-format': err(`tshark: ${file} isn't a capture file in a format TShark understands.\n`); return 2;
      case 'special': err(`tshark: ${file} is a "special file" or socket or other non-regular file.\n`); return 2;
      case 'access': err(`tshark: You don't have permission to read the file "${path}".\n`); return 2;
      default: err(`tshark: ${file} could not be opened: ${e.message}.\n`); return 2;
    }
  }
  if (e instanceof CaptureError) {
    switch (e.kind) {
      case 'short': err(`tshark: ${file} appears to have been cut short in the middle of a packet${e.detail === SHORT_OTHER ? ' or other data' : ''}.\n`); return 2;
      case 'decompress': err(`tshark: ${file} cannot be decompressed; it may be damaged or corrupt.(${e.detail})\n`); return 2;
      case 'unsupported-encap': err(`tshark: ${file} contains record data that TShark doesn't support.\n(${e.detail})\n`); return 2;
      default: err(`tshark: ${file} appears to be damaged or corrupt.\n(${e.detail})\n`); return 2;
    }
  }
  return -1;
}
