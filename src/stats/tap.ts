// The tap API (Wireshark's register_tap_listener): a statistic sees each dissected packet that passes
// its own filter, keeps its own tables, and draws its text at the end. Taps are mergeable so that a
// file split across workers can combine partial tables.
import type { Packet } from '../dissect/packet.js';
import { tapWanted } from '../dissect/packet.js';
import { compileFilter, FilterError, type CompiledFilter } from '../filter/api.js';
import { zTapListText } from './list.js';
import type { FastFrame } from '../fast/scan.js';

/** A cell of a structured statistic (for --stats-format json/csv). */
export type Cell = string | number | null;

/** The structured form of one statistic: a title, named columns and rows (docs/STATS-FORMAT.md). */
export interface StatTable {
  /** The -z argument as given. */
  readonly arg: string;
  /** The family: "io,stat", "conv", "endpoints", "stats_tree", "io,phs", "expert", "follow". */
  readonly stat: string;
  readonly title: string;
  readonly filter: string | null;
  readonly columns: readonly string[];
  readonly rows: readonly Cell[][];
  /** Family-specific extras (e.g. io,stat duration and interval). */
  readonly meta?: Record<string, Cell>;
}

export interface Tap {
  /** True when the tap reads fields from the protocol tree (filters, io,stat aggregates). */
  readonly needsTree: boolean;
  /** With needsTree: the tap reads only the root's children (their fields), not what is below them. */
  readonly topLevelOnly?: boolean;
  /**
   * The display filters the tap matches itself. When a tap lists them, needsTree covers only its other needs and
   * the pipeline feeds these filters (a sparse field collector, or the tree when something else builds one).
   */
  readonly filters?: readonly CompiledFilter[];
  /** Called for every packet (after the read filter); the tap applies its own display filter. */
  packet(pkt: Packet): void;
  /** The text tshark prints for this statistic at the end of the run. */
  draw(): string;
  /** draw() in pieces, for statistics whose text can be large (written as it is made, not held whole). */
  drawTo?(write: (s: string) => void): void;
  /** Folds another instance's tables (same -z argument, a later part of the same capture) into this one. */
  merge(other: Tap): void;
  /** The statistic as a table, for --stats-format json|csv. */
  table(): StatTable;
  /**
   * Taps that can run in worker threads on a flow partition (--workers): their tables as plain data, loaded into a
   * fresh instance of the same -z argument in the main thread, then merged (order of first appearance kept by frame).
   */
  exportState?(): unknown;
  /**
   * The lean fast path (fast/scan.ts): a tap that can count from frame/link/IP/TCP/UDP headers alone says so (and
   * whether it reads FastFrame.stream of TCP or UDP frames); fastPacket is then called instead of packet() for every frame.
   */
  fastPlan?(): { tcp: boolean; udp: boolean; http?: boolean } | null;
  fastPacket?(f: FastFrame): void;
  importState?(state: unknown): void;
  /**
   * --workers byte ranges (cli/parallel.ts): a tap that can count a byte range of the capture and be merged exactly
   * has this. Called, in capture order, on the table of each range before it is merged: renumbers it as part of the
   * whole capture, and returns false when the merge could not be exact (the caller then reads in one thread).
   */
  rebase?(r: RangeInfo): boolean;
}

/** A byte range's place in the capture (Tap.rebase). */
export interface RangeInfo {
  /** Frames in the earlier ranges (this range's frame numbers start after them). */
  frames: number;
  /** Local TCP stream number → the capture's (null: none, or the first range). */
  streams: Int32Array | null;
  /** The same statistic with the earlier ranges merged into it (this range is merged next). */
  into: Tap;
}

/** A -z argument that a tap family recognises: returns the tap, or null when the argument is not its own. */
export type TapFactory = (arg: string) => Tap | null;

const factories: { prefix: string; make: TapFactory }[] = [];

/** Registers a -z family by the prefix tshark matches (e.g. "conv,tcp", "io,stat,"). */
export function registerTap(prefix: string, make: TapFactory): void { factories.push({ prefix, make }); }

/** An invalid -z argument: `message` is tshark's whole stderr text, `code` its exit status. */
export class TapArgError extends Error {
  constructor(message: string, readonly code = 1) { super(message); }
}

/** Builds the tap for one -z argument; throws TapArgError with tshark's message when it is invalid. */
export function makeTap(arg: string): Tap {
  // tshark picks the registered statistic whose name is a prefix of the argument
  // (longest prefix first; a factory that declines its argument, e.g. follow,tcp,'s stream follower for hex mode,
  // leaves it to the next one)
  const matching = factories.filter(f => arg.startsWith(f.prefix)).sort((a, b) => b.prefix.length - a.prefix.length);
  let t: Tap | null = null;
  for (const f of matching) if ((t = f.make(arg))) break;
  if (!t) throw new TapArgError(`tshark: Invalid -z argument "${arg}"; it must be one of:\n${zTapListText()}`);
  return t;
}
export function tapPrefixes(): string[] { return factories.map(f => f.prefix); }

/** Marks the tap events a statistic listens to (dissectors build tap data only for these). */
export function wantTaps(...names: string[]): void { for (const n of names) tapWanted.add(n); }

/**
 * Compiles a tap's display filter; a bad filter becomes tshark's
 * "Couldn't register <what> tap: Filter "..." is invalid - <why>" (exit 1).
 */
export function tapFilter(text: string | null | undefined, what: string, prefix = '', code = 1): CompiledFilter | null {
  if (text === null || text === undefined || text === '') return null;
  try {
    return compileFilter(text);
  } catch (e) {
    if (e instanceof FilterError) {
      const why = e.message.split('\n')[0]!;
      throw new TapArgError(`${prefix}tshark: Couldn't register ${what} tap: Filter "${text}" is invalid - ${why}\n`, code);
    }
    throw e;
  }
}

/** The first event of tap `name` queued for this packet, or undefined. */
export function firstEvent<T>(pkt: Packet, name: string): T | undefined {
  const ev = pkt.tapEvents;
  for (let i = 0; i < ev.length; i++) if (ev[i]!.name === name) return ev[i]!.data as T;
  return undefined;
}

/** Writes the statistics' text (drawTaps) through `write`, piece by piece where a tap can draw so. */
export function writeTaps(taps: readonly Tap[], format: 'text' | 'json' | 'csv', write: (s: string) => void): void {
  if (format !== 'text') { write(drawTaps(taps, format)); return; }
  for (let i = taps.length - 1; i >= 0; i--) {
    const t = taps[i]!;
    if (t.drawTo) t.drawTo(write); else write(t.draw());
  }
}

/** The text of all statistics, in tshark's order: listeners are drawn newest first. */
export function drawTaps(taps: readonly Tap[], format: 'text' | 'json' | 'csv'): string {
  if (format === 'json') return '[\n' + taps.map(t => JSON.stringify(t.table())).join(',\n') + '\n]\n';
  if (format === 'csv') return taps.map(t => tableCsv(t.table())).join('\n');
  let s = '';
  for (let i = taps.length - 1; i >= 0; i--) s += taps[i]!.draw();
  return s;
}

function csvCell(c: Cell): string {
  if (c === null) return '';
  const s = String(c);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One statistic as CSV: a "# arg" comment line, the header row, then the rows. */
export function tableCsv(t: StatTable): string {
  let s = `# ${t.arg}\n`;
  s += t.columns.map(csvCell).join(',') + '\n';
  for (const r of t.rows) s += r.map(csvCell).join(',') + '\n';
  return s;
}
