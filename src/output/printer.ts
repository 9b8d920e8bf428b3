// Chooses what is printed per packet from the options: summary, tree (-V), hex (-x), fields, JSON.
import type { Packet } from '../dissect/packet.js';
import type { Config } from '../cli/config.js';
import type { FieldCollector } from '../filter/collector.js';
import { flush, out } from './stdout.js';
import { summaryLine, type SummaryOptions } from './summary.js';
import { treeText } from './tree-text.js';
import { hexDump, hexDumpSources } from './hexdump.js';

export interface Printer {
  readonly needsTree: boolean;
  /** True for the printer of -q (and -w without -P): it prints nothing per packet. */
  readonly quiet?: boolean;
  /**
   * Set when the printer can read its fields from a sparse FieldCollector instead of a whole tree (-T fields with
   * plain value fields): the field ids it needs. The pipeline then calls attachSparse when nothing else needs a tree.
   */
  readonly sparseFields?: readonly number[];
  attachSparse?(c: FieldCollector): void;
  packet(pkt: Packet, tsDigits: number): void;
  finish(): void;
}

type PrinterFactory = (cfg: Config) => Printer | null;
const extra: PrinterFactory[] = [];
/** Output formats in their own files (fields, json, ek...) register here. */
export function registerPrinter(f: PrinterFactory): void { extra.push(f); }

export function makePrinter(cfg: Config): Printer {
  for (const f of extra) { const p = f(cfg); if (p) return p; }
  const so: SummaryOptions = { timeFormat: cfg.timeFormat, hms: cfg.hms, precision: cfg.timePrecision };
  const quiet = cfg.quiet || (cfg.writeFile !== null && !cfg.printWithWrite);
  if (quiet) return { needsTree: false, quiet: true, packet() {}, finish() {} };
  const line = cfg.lineBuffered;
  if (cfg.verbose) {
    return {
      needsTree: true,
      packet(pkt) {
        out(treeText(pkt.root!, !cfg.hexdump));
        if (cfg.hexdump) out('\n' + dumpSources(pkt));
        out('\n');
        if (line) flush();
      },
      finish() {},
    };
  }
  if (cfg.hexdump) {
    return {
      needsTree: false,
      packet(pkt) { out(dumpSources(pkt) + '\n'); if (line) flush(); },
      finish() {},
    };
  }
  return {
    needsTree: false,
    packet(pkt, tsDigits) { out(summaryLine(pkt, so, tsDigits)); if (line) flush(); },
    finish() {},
  };
}

/** The frame's bytes, then each extra data source (e.g. "Reassembled TCP") under its own heading. */
function dumpSources(pkt: Packet): string {
  if (pkt.dataSources.length === 0) return hexDump(pkt.data);
  return hexDumpSources([{ name: 'Frame', data: pkt.data }, ...pkt.dataSources]);
}
