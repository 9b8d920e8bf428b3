// --workers N for files: when every requested output is a mergeable statistic (see Pipeline.parallelOk), N worker
// threads each read the whole file and dissect only the records of their flows (Pipeline.partition), then the main
// thread merges their tables and draws them. Anything a worker cannot do exactly falls back to one thread.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { readCapture } from '../capture/source.js';
import type { Config } from './config.js';
import { Pipeline } from './pipeline.js';

interface Job { typesharkWorker: true; cfg: Config; w: number; n: number }
type Result = { ok: true; states: unknown[] } | { ok: false };

/** True when cfg may be split across workers (the pipeline must also say parallelOk). */
export function parallelCandidate(cfg: Config): boolean {
  return cfg.workers > 1 && cfg.readFile !== null && cfg.readFile !== '-' && !cfg.twoPass && cfg.count === 0 &&
    cfg.writeFile === null && cfg.quiet && cfg.stats.length > 0 && cfg.prefs.length === 0 && cfg.decodeAs.length === 0 &&
    cfg.statsFormat === 'text';
}

/** Runs the workers and merges their tables into `pipe`; false when a worker failed (the caller reads alone). */
export async function runWorkers(cfg: Config, pipe: Pipeline): Promise<boolean> {
  const n = cfg.workers;
  const url = new URL(import.meta.url);
  const results = await Promise.all(Array.from({ length: n }, (_, w) => new Promise<Result>(resolve => {
    const job: Job = { typesharkWorker: true, cfg, w, n };
    const worker = new Worker(url, { workerData: job, stdout: true, stderr: true });
    let got: Result = { ok: false };
    worker.on('message', (m: Result) => { got = m; });
    worker.on('error', () => resolve({ ok: false }));
    worker.on('exit', () => resolve(got));
  })));
  if (!results.every(r => r.ok)) return false;
  for (const r of results) pipe.mergeTaps((r as { states: unknown[] }).states);
  return true;
}

async function workerMain(job: Job): Promise<void> {
  const pipe = Pipeline.create(job.cfg);
  if (typeof pipe === 'number') { parentPort!.postMessage({ ok: false }); return; }
  // The lean fast path when the outputs allow it: every worker reads and classifies every record, and counts its flows.
  const scanner = pipe.fastParallelOk ? pipe.fastScanner() : null;
  if (scanner) {
    scanner.partition(job.w, job.n);
    let fellBack = false;
    try {
      await readCapture(job.cfg.readFile!, rec => {
        if (scanner.record(rec.data, rec.caplen, rec.len, rec.tsSec, rec.tsNsec, rec.linktype)) return true;
        fellBack = true;
        return false;
      });
    } catch {
      fellBack = true;
    }
    parentPort!.postMessage(fellBack ? { ok: false } : { ok: true, states: pipe.exportTaps() });
    return;
  }
  if (!pipe.parallelOk) { parentPort!.postMessage({ ok: false }); return; }
  pipe.partition = { w: job.w, n: job.n };
  try {
    await readCapture(job.cfg.readFile!, rec => pipe.record(rec), p => {
      pipe.src = { interfaces: p.interfaces, get hasInterfaces() { return p.format === 'pcapng'; } };
    });
  } catch {
    parentPort!.postMessage({ ok: false });
    return;
  }
  parentPort!.postMessage({ ok: true, states: pipe.exportTaps() });
}

if (!isMainThread && (workerData as Partial<Job> | null)?.typesharkWorker) void workerMain(workerData as Job);
