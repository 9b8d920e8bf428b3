// --workers N for files, two ways:
//
// Byte ranges (the lean fast path, statistics with Tap.rebase: conv,tcp, conv,udp, io,stat): a regular pcap or pcapng
// file is cut at record boundaries (capture/range.ts) into ranges that the main thread and N-1 worker threads take in
// turn, each reading only its ranges. Every range counts into fresh tables; the main thread then checks that each range
// ended exactly where the next began (which proves the cuts were record boundaries), renumbers frames and TCP streams
// as one pass over the whole capture would have (see mergeStreams), and merges. Anything that cannot be proved exact
// falls back to reading the file in one thread. Compressed files and stdin are never split.
//
// Flow partition (other mergeable statistics on the engine, Pipeline.parallelOk): N worker threads each read the whole
// file and dissect only the records of their flows (Pipeline.partition), then the main thread merges their tables.
import * as fs from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { readCapture } from '../capture/source.js';
import { probeRanges, rangeParser, readRange, splitRanges, type RangePlan } from '../capture/range.js';
import { FastScanner, KW, LOG_W, LogBit, StreamTable, updateBases, type FastConsumer } from '../fast/scan.js';
import { makeTap, type Tap } from '../stats/tap.js';
import type { Config } from './config.js';
import type { Pipeline } from './pipeline.js';
import { err } from '../output/stdout.js';
import { activeProgress, type Progress } from './progress.js';

interface Job { typesharkWorker: true; cfg: Config; w: number; n: number }
type Result = { ok: true; states: unknown[] } | { ok: false };

/** True when cfg may be split across workers (the pipeline must also say parallelOk). */
export function parallelCandidate(cfg: Config): boolean {
  return cfg.workers > 1 && cfg.readFile !== null && cfg.readFile !== '-' && !cfg.twoPass && cfg.count === 0 &&
    cfg.writeFile === null && cfg.quiet && cfg.stats.length > 0 && cfg.prefs.length === 0 && cfg.decodeAs.length === 0 &&
    cfg.statsFormat === 'text';
}

/** Runs the workers and merges their tables into `pipe`; false when that could not be done (the caller reads alone). */
export async function runWorkers(cfg: Config, pipe: Pipeline): Promise<boolean> {
  if (pipe.fastScanner()) {
    // the fast path: byte ranges, or one thread (a compressed file, a pipe)
    if (!pipe.rangeOk || process.env['TYPESHARK_NO_RANGES']) return false;
    const plan = probeRanges(cfg.readFile!);
    if (!plan) return false;
    return runRanges(cfg, pipe, plan);
  }
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

// ---- byte ranges ----

interface RangeJob {
  typesharkRanges: true;
  cfg: Config;
  plan: RangePlan;
  cuts: number[];
  /** [0]: next range to take; [1 + p]: KiB read by participant p (progress). */
  shared: SharedArrayBuffer;
  p: number;
}

/** The TCP stream table of a range, as plain data. */
interface StreamsOut { size: number; count: number; keys: Uint32Array; stream: Int32Array; base: Uint32Array; baseSet: Uint8Array; log: Uint32Array }

/** What one range produced (taps: in the main thread; states: from a worker). */
interface RangeOut {
  i: number;
  ok: boolean;
  /** Why the range could not be used. */
  why?: string;
  records: number;
  taps?: Tap[];
  states?: unknown[];
  streams: StreamsOut | null;
}

/** Ranges per participant: enough that a worker still starting up leaves its share to the others. */
const RANGE_BYTES = 48 << 20;

async function runRanges(cfg: Config, pipe: Pipeline, plan: RangePlan): Promise<boolean> {
  const n = cfg.workers;
  // TYPESHARK_RANGE_BYTES (tests): smaller ranges, so that small captures are cut in many places
  const rangeBytes = Number(process.env['TYPESHARK_RANGE_BYTES']) || RANGE_BYTES;
  const want = Math.max(n, Math.min(rangeBytes === RANGE_BYTES ? 64 : 4096, Math.ceil((plan.size - plan.dataStart) / rangeBytes)));
  const cuts = splitRanges(cfg.readFile!, plan, want);
  const m = cuts.length - 1;
  if (m < 2) return false;
  const t0 = Date.now();
  const shared = new SharedArrayBuffer(4 * (1 + n));
  const ctl = new Int32Array(shared);
  const merger = new RangeMerger(cfg, m, pipe.tapList());
  let wake: () => void = () => {};
  const settled = new Promise<void>(r => { wake = r; });
  const got = (o: RangeOut): void => {
    merger.add(o);
    if (merger.done || merger.why !== null) wake();
  };
  const workers: Worker[] = [];
  const url = new URL(import.meta.url);
  for (let p = 1; p < n; p++) {
    const job: RangeJob = { typesharkRanges: true, cfg, plan, cuts, shared, p };
    const w = new Worker(url, { workerData: job, stdout: true, stderr: true });
    w.on('message', (o: RangeOut) => got(o));
    w.on('error', () => { merger.why ??= 'a worker failed'; wake(); });
    workers.push(w);
  }
  // The main thread takes ranges too (it is ready first; a worker still starting finds fewer left), and merges, in
  // capture order, what has come in between its ranges.
  const progress = activeProgress();
  const fd = fs.openSync(cfg.readFile!, 'r');
  const scratch = { buf: new Uint8Array(0) };
  let mine = 0;
  try {
    for (;;) {
      const i = Atomics.add(ctl, 0, 1);
      if (i >= m || merger.why !== null) break;
      got(runRange(fd, cfg, plan, cuts, i, ctl, 0, progress, true, scratch));
      mine++;
      if (workers.length) await new Promise(r => setImmediate(r));
    }
  } finally {
    fs.closeSync(fd);
  }
  const tw = Date.now();
  // Workers that took a range post it; the others exit. Wait for every range (or a failure, or every worker gone).
  let alive = workers.length;
  const allExited = new Promise<void>(r => {
    if (alive === 0) r();
    for (const w of workers) w.on('exit', () => { if (--alive === 0) r(); });
  });
  if (!merger.done && merger.why === null) await Promise.race([settled, allExited]);
  for (const w of workers) void w.terminate();
  const why = merger.why ?? (merger.done ? null : 'a worker failed');
  if (process.env['TYPESHARK_FAST_DEBUG']) {
    err(`ranges: ${m} (main thread ${mine}), ${why === null ? 'merged' : `fell back (${why})`}\n`);
    err(`range timing: main thread done after ${tw - t0} ms, waited ${Date.now() - tw} ms for the workers, merging took ${merger.ms} ms\n`);
  }
  return why === null;
}

/** Counts range i into fresh taps; the result says whether it ended exactly at the next range's start. */
function runRange(fd: number, cfg: Config, plan: RangePlan, cuts: number[], i: number, ctl: Int32Array, p: number,
  progress: Progress | null, keepTaps: boolean, scratch: { buf: Uint8Array }): RangeOut {
  const fail = (why: string): RangeOut => ({ i, ok: false, why, records: 0, streams: null });
  const taps = cfg.stats.map(makeTap);
  const want = { tcp: false, udp: false };
  for (const t of taps) {
    const pl = t.fastPlan?.();
    if (!pl) return fail('no fast plan');
    want.tcp ||= pl.tcp; want.udp ||= pl.udp;
  }
  const sc = new FastScanner(taps as unknown as FastConsumer[], want);
  sc.startRange(plan.firstSec, plan.firstNsec, i > 0);
  const f = sc.f;
  const parser = rangeParser(plan, cuts[i]!);
  let ok = true;
  let end: number;
  const base = Atomics.load(ctl, 1 + p);
  try {
    end = readRange(fd, parser, cuts[i]!, cuts[i + 1]!, rec => {
      if (!sc.record(rec.data, rec.caplen, rec.len, rec.tsSec, rec.tsNsec, rec.linktype)) { ok = false; return false; }
      return true;
    }, pos => {
      Atomics.store(ctl, 1 + p, base + ((pos - cuts[i]!) >>> 10));
      if (progress) progress.shared(ctl);
    }, scratch);
  } catch (e) {
    return fail(String(e));
  }
  Atomics.store(ctl, 1 + p, base + ((cuts[i + 1]! - cuts[i]!) >>> 10));
  if (!ok) return fail('a record the fast path does not take');
  if (end !== cuts[i + 1]) return fail(`ended at ${end}, not at ${cuts[i + 1]}`);
  if (parser.format === 'pcapng') {
    const sections = (parser as unknown as { sections: number }).sections;
    // a later section or interface: the ranges after it would not know it
    if (sections !== (i === 0 ? 1 : 0) || parser.interfaces.length !== plan.interfaces.length) return fail('a section or interface inside');
  }
  const st = sc.tcpStreams;
  const streams: StreamsOut | null = st ? {
    size: st.size, count: st.count, keys: st.keys.slice(0, st.size * KW), stream: st.stream.slice(0, st.size),
    base: st.base.slice(0, 2 * st.size), baseSet: st.baseSet.slice(0, 2 * st.size), log: st.log.slice(0, st.logLen),
  } : null;
  return { i, ok: true, records: f.num, streams,
    ...(keepTaps ? { taps } : { states: taps.map(t => t.exportState!()) }) };
}

const SYN = 0x02, ACK = 0x10;
const enum Replay { NONE, NEW, CONTINUE, CONVERGED }

/**
 * Merges ranges' tables in capture order, as they come in (and lets each go once merged): renumbers frames, TCP
 * streams (see streams()) and lets each statistic rebase itself, into the pipeline's statistics (`into`). `why` says
 * why the result would not be exact (the caller then reads the file again, in one thread, with fresh statistics).
 */
class RangeMerger {
  readonly into: Tap[];
  why: string | null = null;
  ms = 0;
  private readonly waiting = new Map<number, RangeOut>();
  private nextRange = 0;
  private frames = 0;
  /** TCP pairs as one pass would have left them: stream (global number), base sequence numbers. */
  private readonly g = new StreamTable(true);
  private nextStream = 0;

  /** `into`: the pipeline's statistics, fresh (the caller starts from new ones when the merge is given up). */
  constructor(private readonly cfg: Config, private readonly m: number, into: readonly Tap[]) {
    this.into = [...into];
  }

  get done(): boolean { return this.nextRange === this.m; }

  add(o: RangeOut): void {
    if (this.why !== null) return;
    if (!o.ok) { this.why = `range ${o.i}: ${o.why}`; return; }
    this.waiting.set(o.i, o);
    const t = Date.now();
    for (let r = this.waiting.get(this.nextRange); r && this.why === null; r = this.waiting.get(this.nextRange)) {
      this.waiting.delete(this.nextRange);
      this.merge(r);
      this.nextRange++;
    }
    this.ms += Date.now() - t;
  }

  private merge(o: RangeOut): void {
    const map = o.streams ? this.streams(o, o.streams) : null;
    if (o.streams && !map) { this.why = `range ${o.i}: TCP streams split differently`; return; }
    let taps = o.taps;
    if (!taps) {
      taps = this.cfg.stats.map(makeTap);
      taps.forEach((t, j) => t.importState!(o.states![j]));
    }
    for (let j = 0; j < taps.length; j++) {
      if (!taps[j]!.rebase!({ frames: this.frames, streams: o.i === 0 ? null : map, into: this.into[j]! })) {
        this.why = `range ${o.i}: ${this.cfg.stats[j]} cannot merge`;
        return;
      }
      this.into[j]!.merge(taps[j]!);
    }
    this.frames += o.records;
  }

  /**
   * TCP stream numbers across ranges. Each range numbered its streams from an empty table; a pair's first stream in
   * a range either continues the stream the earlier ranges left open on that pair or starts a new one, depending on
   * the state a single pass would have had (tcp analysis' base sequence numbers; a SYN with another initial sequence
   * number on a known pair starts a new stream). The range logged the packets of each pair that can matter
   * (StreamTable.log), up to its first local new stream on the pair: they are replayed here against the state the
   * earlier ranges left. When the single pass would have split a stream where the range did not (or the reverse), the
   * merge is not exact: null. Otherwise: local stream → global number (gaps allowed: the numbers are only keys).
   */
  private streams(o: RangeOut, t: StreamsOut): Int32Array | null {
    const g = this.g;
    const map = new Int32Array(t.count);
    for (let s = 0; s < t.count; s++) map[s] = this.nextStream + s;
    this.nextStream += t.count;
    const status = new Uint8Array(t.size), gi = new Int32Array(t.size).fill(-1);
    const lg = t.log;
    for (let q = 0; q < lg.length; q += LOG_W) {
      const j = lg[q]!, bits = lg[q + 1]!, flags = lg[q + 2]!, seq = lg[q + 3]!, ack = lg[q + 4]!;
      if (bits & LogBit.FIRST) {
        for (let w = 0; w < KW; w++) g.k[w] = t.keys[j * KW + w]!;
        const e = g.find(false);
        if (e < 0) { status[j] = Replay.NEW; continue; }
        status[j] = Replay.CONTINUE; gi[j] = e;
      }
      if (status[j] !== Replay.CONTINUE) continue;
      const e = gi[j]!, dir = bits & 1, fwd = 2 * e + dir, rev = 2 * e + (dir ^ 1);
      const gReset = (flags & (SYN | ACK)) === SYN && g.baseSet[fwd] === 1 && seq !== g.base[fwd];
      if (bits & LogBit.FIRST) {
        if (gReset) { status[j] = Replay.CONVERGED; continue; }
        map[lg[q + 5]!] = g.stream[e]!;
      } else if (bits & LogBit.RESET) {
        if (!gReset) return null;
        status[j] = Replay.CONVERGED;
        continue;
      } else if (gReset) return null;
      updateBases(g.base, g.baseSet, fwd, rev, flags, seq, ack);
    }
    // the state each pair is left in
    for (let j = 0; j < t.size; j++) {
      const st = status[j]!;
      if (st === Replay.CONTINUE) continue; // the earlier stream goes on; its replayed state is the state
      if (st === Replay.NONE && o.i > 0) return null; // every pair's first packet is logged
      let e = gi[j]!;
      if (e < 0) { for (let w = 0; w < KW; w++) g.k[w] = t.keys[j * KW + w]!; e = g.find(true); }
      g.stream[e] = map[t.stream[j]!]!;
      g.base[2 * e] = t.base[2 * j]!; g.base[2 * e + 1] = t.base[2 * j + 1]!;
      g.baseSet[2 * e] = t.baseSet[2 * j]!; g.baseSet[2 * e + 1] = t.baseSet[2 * j + 1]!;
    }
    return map;
  }
}

async function rangeWorkerMain(job: RangeJob): Promise<void> {
  // The statistics' registrations; the dissectors too (their fields) when a statistic compiles a filter. A worker that
  // loads less starts sooner.
  await import('../stats/index.js');
  if (!job.cfg.stats.every(a => /^(conv,(tcp|udp)|io,stat,[\d.]+)$/.test(a))) await import('./pipeline.js');
  const ctl = new Int32Array(job.shared);
  const m = job.cuts.length - 1;
  const fd = fs.openSync(job.cfg.readFile!, 'r');
  const scratch = { buf: new Uint8Array(0) };
  try {
    for (;;) {
      const i = Atomics.add(ctl, 0, 1);
      if (i >= m) break;
      const o = runRange(fd, job.cfg, job.plan, job.cuts, i, ctl, job.p, null, false, scratch);
      const transfer: ArrayBuffer[] = [];
      if (o.streams) for (const a of [o.streams.keys, o.streams.stream, o.streams.base, o.streams.baseSet, o.streams.log]) transfer.push(a.buffer as ArrayBuffer);
      parentPort!.postMessage(o, transfer);
      if (!o.ok) break;
    }
  } finally {
    fs.closeSync(fd);
  }
}

// ---- flow partition ----

async function workerMain(job: Job): Promise<void> {
  const { Pipeline } = await import('./pipeline.js');
  const pipe = Pipeline.create(job.cfg);
  if (typeof pipe === 'number') { parentPort!.postMessage({ ok: false }); return; }
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

if (!isMainThread) {
  const wd = workerData as Partial<Job & RangeJob> | null;
  if (wd?.typesharkRanges) void rangeWorkerMain(wd as RangeJob);
  else if (wd?.typesharkWorker) void workerMain(wd as Job);
}
