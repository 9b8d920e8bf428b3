// Reading a capture file: records → the shared pipeline (cli/pipeline.ts).
import { readCapture } from '../capture/source.js';
import { captureErrorMessage } from '../capture/messages.js';
import { CaptureError, type FormatParser, type RecordSink } from '../capture/record.js';
import { err, flush } from '../output/stdout.js';
import { Pipeline } from './pipeline.js';
import { FileSaver, SaveError } from './save-file.js';
import { writePlot } from '../output/plot.js';
import { parallelCandidate } from './parallel.js';
import { startProgress, stopProgress } from './progress.js';
import type { Config } from './config.js';

/** Something that streams a capture's records (readCapture over a path, or an in-memory capture). */
export type CaptureReader = (sink: RecordSink, onParser?: (p: FormatParser) => void) => Promise<FormatParser | null> | FormatParser | null;

/** Processes cfg.readFile (or the records `reader` gives, named cfg.readFile in messages); returns the exit code. */
export async function runFile(cfg: Config, reader?: CaptureReader): Promise<number> {
  const path = cfg.readFile!;
  const read: CaptureReader = reader ?? ((sink, onParser) => readCapture(path, sink, onParser));
  let pipe = Pipeline.create(cfg);
  if (typeof pipe === 'number') return pipe;
  if (!reader) startProgress(cfg);
  if (parallelCandidate(cfg) && (pipe.fastScanner() ? pipe.fastParallelOk : pipe.parallelOk)) {
    const { runWorkers } = await import('./parallel.js');
    if (await runWorkers(cfg, pipe)) return finishRun(cfg, pipe, 0);
    // (byte ranges merge into pipe's statistics as they come in: start again from fresh ones)
    const again = Pipeline.create(cfg);
    if (typeof again === 'number') return again;
    pipe = again;
  }
  let parser: FormatParser | null = null;
  const limit = cfg.count;
  let code = 0;
  // The lean fast path, when the outputs allow it; a record it does not understand sends the whole capture
  // through the engine again, from the start, with fresh statistics.
  const scanner = pipe.fastScanner();
  if (scanner) {
    let fellBack = false, n = 0;
    const p0 = pipe;
    try {
      await read(rec => {
        if (!scanner.record(rec.data, rec.caplen, rec.len, rec.tsSec, rec.tsNsec, rec.linktype)) { fellBack = true; return false; }
        return !(limit && ++n >= limit);
      }, p => { p0.src = { interfaces: p.interfaces, get hasInterfaces() { return p.format === 'pcapng'; } }; });
    } catch (e) {
      code = reportReadError(e, path);
      if (code < 0) throw e;
    }
    if (process.env['TYPESHARK_FAST_DEBUG']) err(`fast path: ${fellBack ? `fell back at frame ${scanner.f.num + 1}${scanner.why ? ` (${scanner.why})` : ''}` : `${scanner.f.num} frames`}\n`);
    if (!fellBack) return finishRun(cfg, pipe, code);
    code = 0;
    const again = Pipeline.create(cfg);
    if (typeof again === 'number') return again;
    pipe = again;
  }
  const pl = pipe;
  let saver: FileSaver | null = null;
  if (cfg.writeFile !== null) {
    try { saver = new FileSaver(cfg, () => parser?.interfaces ?? []); } catch (e) {
      if (e instanceof SaveError) { err(`tshark: ${e.message}\n`); return 2; }
      throw e;
    }
    pl.saver = saver;
  }
  const onParser = (p: FormatParser): void => {
    parser = p;
    pl.src = { interfaces: p.interfaces, get hasInterfaces() { return p.format === 'pcapng'; } };
  };
  let keep: Uint8Array | null = null;
  if (cfg.twoPass) {
    // First pass (-2): dissect everything, apply the read filter, remember which records stay.
    let n = 0;
    keep = new Uint8Array(1024);
    try {
      await read(rec => {
        if (n >= keep!.length) { const k = new Uint8Array(keep!.length * 2); k.set(keep!); keep = k; }
        keep![n++] = pl.firstPass(rec) ? 1 : 0;
        return true;
      }, onParser);
    } catch (e) {
      if (!(e instanceof CaptureError)) { code = reportReadError(e, path); if (code < 0) throw e; return code; }
    }
    pl.beginSecondPass();
  }
  let recIndex = 0;
  // Nothing per packet reaches the output (e.g. -q alone, or -Y with -q): records are only read, so that -c and
  // the file's errors behave as they do with dissection.
  const skip = pl.skipDissection;
  let n = 0;
  try {
    parser = await read(skip ? () => !(limit && ++n >= limit) : rec => (keep && !keep[recIndex++]) || pl.record(rec, limit), p => {
      parser = p;
      pl.src = { interfaces: p.interfaces, get hasInterfaces() { return p.format === 'pcapng'; } };
    });
  } catch (e) {
    if (e instanceof SaveError) { flush(); err(`tshark: ${e.message}\n`); saver = null; code = 2; }
    else {
      code = reportReadError(e, path);
      if (code < 0) throw e;
    }
  }
  if (saver) {
    try { saver.close(); } catch (e) {
      if (!(e instanceof SaveError)) throw e;
      flush(); err(`tshark: ${e.message}\n`); code = 2;
    }
  }
  void parser;
  return finishRun(cfg, pl, code);
}

/** Prints the statistics (and draws --plot); returns the exit code. */
function finishRun(cfg: Config, pipe: Pipeline, code: number): number {
  stopProgress();
  pipe.finish();
  if (cfg.plot !== null && code === 0) {
    const problem = writePlot(cfg.plot, pipe.tables());
    if (problem) { err(`typeshark: ${problem}\n`); return 1; }
  }
  return code;
}

export function reportReadError(e: unknown, path: string): number {
  stopProgress();
  flush();
  const m = captureErrorMessage(e, path);
  if (!m) return -1;
  err(`tshark: ${m.message}\n`);
  return m.code;
}
