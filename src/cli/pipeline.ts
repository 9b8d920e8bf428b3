// The per-record pipeline shared by file reading (-r) and live capture (-i):
// record → dissection → read/display filter → taps and printers. Sources differ only in how records arrive.
import type { CaptureRecord, InterfaceInfo } from '../capture/record.js';
import '../dissect/index.js';
import '../stats/index.js';
import '../filter/index.js';
import '../output/json.js';
import '../output/ek.js';
import { Engine } from '../dissect/engine.js';
import { compileFilter, FilterError, type CompiledFilter } from '../filter/api.js';
import { FieldCollector } from '../filter/collector.js';
import type { SparseFilter } from '../filter/compile.js';
import { fieldById, fieldCount } from '../fields/registry.js';
import { err, flush, out, stdoutBroken } from '../output/stdout.js';
import { makePrinter, type Printer } from '../output/printer.js';
import { writeTaps, makeTap, TapArgError, type StatTable, type Tap } from '../stats/tap.js';
import { tcpState } from '../tcp/analysis.js';
import { ConfigError, type Config } from './config.js';
import { setResolveFlags } from '../resolve/flags.js';
import { FastScanner, type FastConsumer } from '../fast/scan.js';

/** Where the pipeline learns about interfaces (a file parser's list, or the live capture's). */
export interface InterfaceSource {
  interfaces: readonly InterfaceInfo[];
  /** pcapng-style interface lines in the frame tree. */
  hasInterfaces: boolean;
}

function isSparse(f: CompiledFilter): boolean {
  return Array.isArray((f as Partial<SparseFilter>).fieldIds) && typeof (f as Partial<SparseFilter>).attach === 'function';
}

/** Fields that do not depend on the Info column nor on what TCP carries (reassembly, subdissectors). */
const LEAN_FIELD = /^(frame(\.(?!protocols$).*)?|eth(\..*)?|ip(\..*)?|ipv6(\..*)?|udp(\..*)?|tcp(\.(?!reassembled|segment|pdu|payload).*)?)$/;

export class Pipeline {
  /** Records that went through (read filter included). */
  records = 0;
  /** Packets shown (passed the display filter). */
  shown = 0;
  private readonly engine: Engine;
  /** --workers: this thread dissects only the records whose flow hashes to `w` of `n`. */
  partition: { w: number; n: number } | null = null;
  /** True when the outputs can be computed by workers on a flow partition and merged (see parallel.ts). */
  readonly parallelOk: boolean;
  private tsDigits = 6;
  src: InterfaceSource = { interfaces: [], hasInterfaces: false };
  /** -r … -w: where the packets that pass the filters are written. */
  saver: { packet(rec: CaptureRecord): void } | null = null;

  private constructor(private readonly cfg: Config,
    private read: CompiledFilter | null,
    private readonly display: CompiledFilter | null, private readonly taps: Tap[], private readonly printer: Printer) {
    // Filters alone read their fields from a sparse collector rather than a whole tree.
    const tapFilters = taps.flatMap(t => t.filters ?? []);
    const filters = [read, display, ...tapFilters].filter((f): f is CompiledFilter => f !== null);
    // -T fields with plain value fields reads them from the same sparse collector.
    const printerSparse = printer.needsTree && printer.sparseFields !== undefined && printer.attachSparse !== undefined;
    const othersNeedTree = (printer.needsTree && !printerSparse) || taps.some(t => t.needsTree);
    const sparse = !othersNeedTree && (filters.length > 0 || printerSparse) && filters.every(isSparse)
      ? new FieldCollector([...filters.flatMap(f => [...(f as SparseFilter).fieldIds]), ...(printer.sparseFields ?? [])], fieldCount()) : null;
    if (sparse) for (const f of filters) (f as SparseFilter).attach(sparse);
    if (sparse && printerSparse) printer.attachSparse!(sparse);
    const needTree = othersNeedTree || (!sparse && (filters.some(f => f.needsTree) || printer.needsTree));
    // Dissection plan: when nothing prints and every consumer reads only frame/link/IP/transport fields (conv,
    // endpoints, io,stat counts, filters on those fields), skip the Info text and everything TCP carries.
    const lean = this.printerIsQuiet && !needTree && taps.every(t => t.filters !== undefined && !t.needsTree) &&
      filters.every(f => isSparse(f) && (f as SparseFilter).fieldIds.every(id => LEAN_FIELD.test(fieldById(id).abbrev)));
    // A tree of top-level items is enough when the only tree readers are taps that read no deeper (io,phs).
    const shallow = needTree && !printer.needsTree && taps.every(t => !t.needsTree || t.topLevelOnly === true) &&
      !filters.some(f => f.needsTree) && !process.env['TYPESHARK_NO_FAST'];
    this.engine = new Engine({
      tree: needTree,
      shallow,
      sink: sparse,
      frame: {
        hasInterfaces: false,
        ifaceName: id => this.src.interfaces[id]?.name,
        ifaceDescription: id => this.src.interfaces[id]?.description,
      },
    });
    if (lean) { this.engine.pkt.wantColumns = false; this.engine.pkt.skipTcpPayload = true; }
    // Only -z expert reads the packet's expert infos without a tree.
    this.engine.pkt.wantExperts = cfg.stats.some(s => s.startsWith('expert'));
    this.parallelOk = lean && taps.length > 0 && taps.every(t => typeof t.exportState === 'function') &&
      filters.every(f => (f as SparseFilter).fieldIds.every(id => !/\.stream$/.test(fieldById(id).abbrev)));
  }

  /** Compiles filters and taps; on a bad argument prints tshark's message and returns the exit code instead. */
  static create(cfg: Config): Pipeline | number {
    setResolveFlags(cfg.noResolve, cfg.nameResolve);
    let printer: Printer;
    try {
      printer = makePrinter(cfg);
    } catch (e) {
      if (e instanceof ConfigError) { err(`tshark: ${e.message}\n`); return e.code; }
      throw e;
    }
    let display: CompiledFilter | null = null, read: CompiledFilter | null = null;
    try {
      if (cfg.readFilter !== null) read = compileFilter(cfg.readFilter);
      if (cfg.displayFilter !== null) display = compileFilter(cfg.displayFilter);
    } catch (e) {
      if (e instanceof FilterError) { err(`tshark: ${e.message}\n`); return 2; }
      throw e;
    }
    let taps: Tap[];
    try {
      taps = cfg.stats.map(makeTap);
    } catch (e) {
      if (e instanceof TapArgError) { err(e.message); return e.code; }
      if (e instanceof FilterError) { err(`tshark: ${e.message}\n`); return 1; }
      throw e;
    }
    return new Pipeline(cfg, read, display, taps, printer);
  }

  /** True when nothing per packet is needed (no printing, no filter, no taps): the caller may skip dissection. */
  get idle(): boolean {
    return this.taps.length === 0 && this.display === null && this.read === null && this.printerIsQuiet;
  }
  /**
   * True when per-packet work can change nothing that is printed: no taps, no read filter, a quiet printer, and a
   * display filter (if any) that only decides what a quiet printer would not print. Reading may skip dissection.
   */
  get skipDissection(): boolean {
    return this.taps.length === 0 && this.read === null && this.printer.quiet === true && this.printerIsQuiet &&
      this.cfg.writeFile === null && (this.display === null || this.cfg.count === 0) && !this.cfg.twoPass;
  }
  /**
   * The lean fast path (fast/scan.ts) when every output can run on it: quiet, no read filter, no -2, and statistics
   * that all count from headers alone (Tap.fastPlan). Null otherwise.
   */
  fastScanner(): FastScanner | null {
    const cfg = this.cfg;
    if (process.env['TYPESHARK_NO_FAST'] || this.taps.length === 0 || this.printer.quiet !== true || !this.printerIsQuiet || this.read !== null || cfg.twoPass ||
      cfg.writeFile !== null || (this.display !== null && cfg.count !== 0) || cfg.prefs.length || cfg.decodeAs.length) return null;
    const want = { tcp: false, udp: false, http: false };
    for (const t of this.taps) {
      const p = t.fastPlan?.();
      if (!p || !t.fastPacket) return null;
      want.tcp ||= p.tcp; want.udp ||= p.udp; want.http ||= p.http === true;
    }
    return new FastScanner(this.taps as unknown as FastConsumer[], want);
  }
  /** True when the fast path can run in worker threads on a flow partition (every tap exports its tables). */
  get fastParallelOk(): boolean {
    return this.taps.every(t => typeof t.exportState === 'function') && this.fastScanner() !== null;
  }
  /** --workers byte ranges (parallel.ts): the fast path, and statistics that merge from ranges (Tap.rebase). */
  get rangeOk(): boolean { return this.fastParallelOk && this.taps.every(t => typeof t.rebase === 'function'); }
  /** The statistics, in -z order (parallel.ts merges byte ranges' tables into them). */
  tapList(): readonly Tap[] { return this.taps; }
  private get printerIsQuiet(): boolean {
    return this.cfg.quiet || (this.cfg.writeFile !== null && !this.cfg.printWithWrite);
  }

  /** The statistics' tables (for --plot and --compare). */
  tables(): StatTable[] { return this.taps.map(t => t.table()); }

  /** Runs one record through; returns false when output is gone or the -c limit (when counting shown packets) is met. */
  record(rec: CaptureRecord, limitShown = 0): boolean {
    const iface = this.src.interfaces[rec.ifaceId];
    this.tsDigits = iface ? (iface.tsPerSec >= 1e9 ? 9 : iface.tsPerSec >= 1e6 ? 6 : iface.tsPerSec >= 1e3 ? 3 : 0) : 6;
    this.engine.opts.frame.hasInterfaces = this.src.hasInterfaces;
    if (this.partition && flowWorker(rec.data, rec.caplen, rec.linktype, this.partition.n) !== this.partition.w) {
      this.engine.skip(rec);
      this.records++;
      return true;
    }
    const pkt = this.engine.dissect(rec);
    this.records++;
    if (this.read && !this.read.match(pkt)) return true;
    for (const t of this.taps) t.packet(pkt);
    if (this.display && !this.display.match(pkt)) return true;
    this.engine.markDisplayed();
    this.saver?.packet(rec);
    this.printer.packet(pkt, this.tsDigits);
    this.shown++;
    if (stdoutBroken()) return false;
    return !(limitShown && this.shown >= limitShown);
  }

  /**
   * First pass of -2: dissects every record and applies the read filter only; returns whether the record stays.
   * TCP analysis keeps per-frame results so the second pass sees what the first pass decided.
   */
  firstPass(rec: CaptureRecord): boolean {
    tcpState.keepFrames = true;
    this.engine.opts.frame.hasInterfaces = this.src.hasInterfaces;
    const pkt = this.engine.dissect(rec);
    const pass = !this.read || this.read.match(pkt);
    if (!pass) this.engine.discardLast();
    return pass;
  }

  /** Ends the first pass: the read filter has done its work; the next records are the second pass. */
  beginSecondPass(): void {
    this.engine.beginSecondPass();
    this.read = null;
  }

  /** Flushes per-packet output (line-buffered live output). */
  flushOutput(): void { flush(); }

  /** The taps' tables as plain data (a worker's result). */
  exportTaps(): unknown[] { return this.taps.map(t => t.exportState!()); }

  /** Merges a worker's exportTaps() into this pipeline's taps. */
  mergeTaps(states: unknown[]): void {
    this.taps.forEach((t, i) => {
      const part = makeTap(this.cfg.stats[i]!);
      part.importState!(states[i]);
      t.merge(part);
    });
  }

  /** Ends per-packet output and draws the statistics. */
  finish(): void {
    this.printer.finish();
    if (!stdoutBroken() && this.taps.length) writeTaps(this.taps, this.cfg.statsFormat, out);
    flush();
  }
}

/**
 * The worker (0..n-1) that dissects a record: a hash of its IPv4/IPv6 addresses and TCP/UDP ports, the same in both
 * directions, so that a flow's packets (TCP analysis, reassembly) stay in one worker. IP fragments hash on the
 * addresses only (all fragments of a datagram together); anything else goes to worker 0.
 */
export function flowWorker(d: Uint8Array, caplen: number, linktype: number, n: number): number {
  let o: number;
  if (linktype === 1) {
    if (caplen < 14) return 0;
    let et = d[12]! << 8 | d[13]!; o = 14;
    if (et === 0x8100 && caplen >= 18) { et = d[16]! << 8 | d[17]!; o = 18; }
    if (et === 0x0800) return ipv4Worker(d, o, caplen, n);
    if (et === 0x86dd) return ipv6Worker(d, o, caplen, n);
    return 0;
  }
  if (linktype === 101 || linktype === 12 || linktype === 14 || linktype === 228 || linktype === 229) {
    if (caplen < 1) return 0;
    const v = d[0]! >> 4;
    return v === 4 ? ipv4Worker(d, 0, caplen, n) : v === 6 ? ipv6Worker(d, 0, caplen, n) : 0;
  }
  return 0;
}

function mixEnd(d: Uint8Array, o: number, len: number, port: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < len; i++) h = Math.imul(h ^ d[o + i]!, 0x01000193);
  h = Math.imul(h ^ (port & 0xff), 0x01000193);
  h = Math.imul(h ^ (port >> 8), 0x01000193);
  return h >>> 0;
}

function pick(a: number, b: number, n: number): number {
  let h = (a + b) >>> 0;
  h ^= h >>> 16; h = Math.imul(h, 0x45d9f3b) >>> 0; h ^= h >>> 16;
  return (h >>> 0) % n;
}

function ipv4Worker(d: Uint8Array, o: number, caplen: number, n: number): number {
  if (caplen < o + 20 || d[o]! >> 4 !== 4) return 0;
  const ihl = (d[o]! & 15) * 4, proto = d[o + 9]!;
  const frag = (d[o + 6]! & 0x3f) !== 0 || d[o + 7]! !== 0;
  let sp = 0, dp = 0;
  if (!frag && (proto === 6 || proto === 17) && ihl >= 20 && caplen >= o + ihl + 4) {
    sp = d[o + ihl]! << 8 | d[o + ihl + 1]!; dp = d[o + ihl + 2]! << 8 | d[o + ihl + 3]!;
  }
  return pick(mixEnd(d, o + 12, 4, sp), mixEnd(d, o + 16, 4, dp), n);
}

function ipv6Worker(d: Uint8Array, o: number, caplen: number, n: number): number {
  if (caplen < o + 40) return 0;
  const nh = d[o + 6]!;
  let sp = 0, dp = 0;
  if ((nh === 6 || nh === 17) && caplen >= o + 44) { sp = d[o + 40]! << 8 | d[o + 41]!; dp = d[o + 42]! << 8 | d[o + 43]!; }
  return pick(mixEnd(d, o + 8, 16, sp), mixEnd(d, o + 24, 16, dp), n);
}
