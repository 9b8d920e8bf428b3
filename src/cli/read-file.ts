// Reading a capture file: records → dissection → read/display filter → taps and printers.
import { readCapture, OpenError } from '../capture/source.js';
import { CaptureError, type FormatParser } from '../capture/record.js';
import '../dissect/index.js';
import '../stats/index.js';
import '../filter/index.js';
import { Engine } from '../dissect/engine.js';
import { compileFilter, FilterError, type CompiledFilter } from '../filter/api.js';
import { FieldCollector } from '../filter/collector.js';
import type { SparseFilter } from '../filter/compile.js';
import { fieldCount } from '../fields/registry.js';

function isSparse(f: CompiledFilter): boolean { return Array.isArray((f as Partial<SparseFilter>).fieldIds) && typeof (f as Partial<SparseFilter>).attach === 'function'; }
import { err, flush, out, stdoutBroken } from '../output/stdout.js';
import { makePrinter } from '../output/printer.js';
import { makeTap, TapArgError, type Tap } from '../stats/tap.js';
import { zTapListText } from '../stats/list.js';
import { ConfigError, type Config } from './config.js';

/** Processes cfg.readFile; returns the exit code. */
export async function runFile(cfg: Config): Promise<number> {
  const path = cfg.readFile!;
  let printer: ReturnType<typeof makePrinter>;
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
    if (e instanceof TapArgError) { err(`tshark: ${e.message}\n${zTapListText()}`); return 1; }
    if (e instanceof FilterError) { err(`tshark: ${e.message}\n`); return 1; }
    throw e;
  }
  // Filters alone read their fields from a sparse collector rather than a whole tree.
  const filters = [read, display].filter((f): f is CompiledFilter => f !== null);
  const othersNeedTree = printer.needsTree || taps.some(t => t.needsTree);
  const sparse = !othersNeedTree && filters.length > 0 && filters.every(isSparse)
    ? new FieldCollector(filters.flatMap(f => [...(f as SparseFilter).fieldIds]), fieldCount()) : null;
  if (sparse) for (const f of filters) (f as SparseFilter).attach(sparse);
  const needTree = othersNeedTree || (!sparse && filters.some(f => f.needsTree));
  let parser: FormatParser | null = null;
  const engine = new Engine({
    tree: needTree,
    sink: sparse,
    frame: {
      hasInterfaces: false,
      ifaceName: id => parser?.interfaces[id]?.name,
      ifaceDescription: id => parser?.interfaces[id]?.description,
    },
  });
  let tsDigits = 6;
  let shown = 0;
  const limit = cfg.count;
  let code = 0;
  try {
    parser = await readCapture(path, rec => {
      if (parser === null) parser = currentParser;
      const iface = currentParser?.interfaces[rec.ifaceId];
      tsDigits = iface ? (iface.tsPerSec >= 1e9 ? 9 : iface.tsPerSec >= 1e6 ? 6 : iface.tsPerSec >= 1e3 ? 3 : 0) : 6;
      engine.opts.frame.hasInterfaces = currentParser?.format === 'pcapng';
      const pkt = engine.dissect(rec);
      if (read && !read.match(pkt)) return true;
      for (const t of taps) t.packet(pkt);
      if (display && !display.match(pkt)) return true;
      engine.markDisplayed();
      printer.packet(pkt, tsDigits);
      shown++;
      if (stdoutBroken()) return false;
      return !(limit && shown >= limit);
    }, p => { currentParser = p; });
  } catch (e) {
    code = reportReadError(e, path);
    if (code < 0) throw e;
  }
  printer.finish();
  if (!stdoutBroken()) for (const t of taps) out(t.draw());
  flush();
  return code;
}

let currentParser: FormatParser | null = null;

function reportReadError(e: unknown, path: string): number {
  flush();
  if (e instanceof OpenError) {
    switch (e.kind) {
      case 'enoent': err(`tshark: The file "${path}" doesn't exist.\n`); return 2;
      case 'directory': err(`tshark: "${path}" is a directory (folder), not a file.\n`); return 2;
      case 'unknown-format': err(`tshark: The file "${path}" isn't a capture file in a format TShark understands.\n`); return 2;
      case 'access': err(`tshark: The file "${path}" could not be opened: Permission denied.\n`); return 2;
      default: err(`tshark: The file "${path}" could not be opened: ${e.message}.\n`); return 2;
    }
  }
  if (e instanceof CaptureError) {
    switch (e.kind) {
      case 'short': err(`tshark: The file "${path}" appears to have been cut short in the middle of a packet.\n`); return 2;
      case 'unsupported-encap': err(`tshark: The file "${path}" contains record data that TShark doesn't support.\n(${e.detail})\n`); return 2;
      default: err(`tshark: The file "${path}" appears to be damaged or corrupt.\n(${e.detail})\n`); return 2;
    }
  }
  return -1;
}
