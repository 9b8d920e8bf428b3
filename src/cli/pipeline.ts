// The per-record pipeline shared by file reading (-r) and live capture (-i):
// record → dissection → read/display filter → taps and printers. Sources differ only in how records arrive.
import type { CaptureRecord, InterfaceInfo } from '../capture/record.js';
import '../dissect/index.js';
import '../stats/index.js';
import '../filter/index.js';
import '../output/json.js';
import { Engine } from '../dissect/engine.js';
import { compileFilter, FilterError, type CompiledFilter } from '../filter/api.js';
import { FieldCollector } from '../filter/collector.js';
import type { SparseFilter } from '../filter/compile.js';
import { fieldById, fieldCount } from '../fields/registry.js';
import { err, flush, out, stdoutBroken } from '../output/stdout.js';
import { makePrinter, type Printer } from '../output/printer.js';
import { drawTaps, makeTap, TapArgError, type Tap } from '../stats/tap.js';
import { tcpState } from '../tcp/analysis.js';
import { ConfigError, type Config } from './config.js';
import { setResolveFlags } from '../resolve/flags.js';

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
  private tsDigits = 6;
  src: InterfaceSource = { interfaces: [], hasInterfaces: false };

  private constructor(private readonly cfg: Config,
    private read: CompiledFilter | null,
    private readonly display: CompiledFilter | null, private readonly taps: Tap[], private readonly printer: Printer) {
    // Filters alone read their fields from a sparse collector rather than a whole tree.
    const tapFilters = taps.flatMap(t => t.filters ?? []);
    const filters = [read, display, ...tapFilters].filter((f): f is CompiledFilter => f !== null);
    const othersNeedTree = printer.needsTree || taps.some(t => t.needsTree);
    const sparse = !othersNeedTree && filters.length > 0 && filters.every(isSparse)
      ? new FieldCollector(filters.flatMap(f => [...(f as SparseFilter).fieldIds]), fieldCount()) : null;
    if (sparse) for (const f of filters) (f as SparseFilter).attach(sparse);
    const needTree = othersNeedTree || (!sparse && filters.some(f => f.needsTree));
    // Dissection plan: when nothing prints and every consumer reads only frame/link/IP/transport fields (conv,
    // endpoints, io,stat counts, filters on those fields), skip the Info text and everything TCP carries.
    const lean = this.printerIsQuiet && !needTree && taps.every(t => t.filters !== undefined && !t.needsTree) &&
      filters.every(f => isSparse(f) && (f as SparseFilter).fieldIds.every(id => LEAN_FIELD.test(fieldById(id).abbrev)));
    this.engine = new Engine({
      tree: needTree,
      sink: sparse,
      frame: {
        hasInterfaces: false,
        ifaceName: id => this.src.interfaces[id]?.name,
        ifaceDescription: id => this.src.interfaces[id]?.description,
      },
    });
    if (lean) { this.engine.pkt.wantColumns = false; this.engine.pkt.skipTcpPayload = true; }
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
  private get printerIsQuiet(): boolean {
    return this.cfg.quiet || (this.cfg.writeFile !== null && !this.cfg.printWithWrite);
  }

  /** Runs one record through; returns false when output is gone or the -c limit (when counting shown packets) is met. */
  record(rec: CaptureRecord, limitShown = 0): boolean {
    const iface = this.src.interfaces[rec.ifaceId];
    this.tsDigits = iface ? (iface.tsPerSec >= 1e9 ? 9 : iface.tsPerSec >= 1e6 ? 6 : iface.tsPerSec >= 1e3 ? 3 : 0) : 6;
    this.engine.opts.frame.hasInterfaces = this.src.hasInterfaces;
    const pkt = this.engine.dissect(rec);
    this.records++;
    if (this.read && !this.read.match(pkt)) return true;
    for (const t of this.taps) t.packet(pkt);
    if (this.display && !this.display.match(pkt)) return true;
    this.engine.markDisplayed();
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

  /** Ends per-packet output and draws the statistics. */
  finish(): void {
    this.printer.finish();
    if (!stdoutBroken() && this.taps.length) out(drawTaps(this.taps, this.cfg.statsFormat));
    flush();
  }
}
