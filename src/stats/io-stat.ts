// -z io,stat,INTERVAL[,FILTER|AGG(field)FILTER]... (ui/cli/tap-iostat.c of tshark 4.0): frames and bytes,
// or COUNT/SUM/MIN/MAX/AVG/LOAD of a field, per time interval, in tshark's boxed table.
import type { Packet } from '../dissect/packet.js';
import type { PNode } from '../dissect/tree.js';
import { NsTime } from '../dissect/time.js';
import { fieldsByName } from '../fields/registry.js';
import { FT, isInteger, isSigned } from '../fields/types.js';
import type { CompiledFilter } from '../filter/api.js';
import { cfixed } from './format.js';
import { Has, type FastFrame } from '../fast/scan.js';
import { registerTap, TapArgError, tapFilter, type Cell, type RangeInfo, type StatTable, type Tap } from './tap.js';

const enum Calc { FRAMES, BYTES, FRAMES_AND_BYTES, COUNT, SUM, MIN, MAX, AVG, LOAD }
const CALC_NAMES: readonly [string, Calc][] = [
  ['FRAMES', Calc.FRAMES], ['BYTES', Calc.BYTES], ['FRAMES BYTES', Calc.FRAMES_AND_BYTES], ['COUNT', Calc.COUNT],
  ['SUM', Calc.SUM], ['MIN', Calc.MIN], ['MAX', Calc.MAX], ['AVG', Calc.AVG], ['LOAD', Calc.LOAD],
];
const NAME: Record<number, string> = { 0: 'FRAMES', 1: 'BYTES', 2: 'FRAMES BYTES', 3: 'COUNT', 4: 'SUM', 5: 'MIN', 6: 'MAX', 7: 'AVG', 8: 'LOAD' };
/** tshark's marker for "the whole capture" (interval 0). */
const WHOLE = 2147483647;
const USAGE = '\ntshark: invalid "-z io,stat,<interval>[,<filter>][,<filter>]..." argument\n';

/** How a column reads its field's values. */
const enum Kind { None, Int, Float, Double, RelTime, Other }

function kindOf(t: FT): Kind {
  if (isInteger(t)) return Kind.Int;
  if (t === FT.FLOAT) return Kind.Float;
  if (t === FT.DOUBLE) return Kind.Double;
  if (t === FT.RELATIVE_TIME) return Kind.RelTime;
  return Kind.Other;
}

/** Filters a fast-path column may have: the FastFrame.cls bit each one tests (0: none, every frame). */
const FAST_FILTERS: Record<string, number> = { '': 0, tcp: Has.TCP, udp: Has.UDP, ip: Has.IP, ipv6: Has.IPV6 };

/** Most intervals an io,stat table tracks (see packet()). */
export const MAX_IO_INTERVALS = 100_000;

/** One column's per-interval cells; index = interval number from the start of the capture. */
class Column {
  frames: number[] = [];
  counter: number[] = [];
  num: number[] = [];
  fcounter: number[] = [];
  /** The last interval that received a packet (earlier packets are ignored, as tshark does). */
  cur = 0;
  maxFrame = 0;
  maxVal = 0;
  ids: Set<number> | null = null;
  /** Fast path: the FastFrame.cls bits the column's filter asks for (0: every frame), -1 when it cannot run there. */
  fastMask = -1;
  constructor(readonly text: string | null, readonly calc: Calc, readonly kind: Kind, readonly signed: boolean,
    readonly field: string | null, readonly filter: CompiledFilter | null) {
    this.grow(0);
  }
  grow(i: number): void {
    while (this.frames.length <= i) { this.frames.push(0); this.counter.push(0); this.num.push(0); this.fcounter.push(0); }
  }
}

function parseColumn(text: string | null): { calc: Calc; field: string | null; filter: string | null; kind: Kind; signed: boolean } {
  let calc = Calc.FRAMES_AND_BYTES, flt: string | null = text, field: string | null = null;
  if (text !== null) {
    for (const [name, c] of CALC_NAMES) {
      if (text.startsWith(name)) {
        calc = c;
        if (text[name.length] === '(') {
          const p = name.length + 1, close = text.indexOf(')', p);
          if (close < 0) throw new TapArgError('\ntshark: Closing parenthesis missing from calculated expression.\n', 10);
          const f = text.slice(p, close);
          if (c === Calc.FRAMES || c === Calc.BYTES) {
            if (f !== '') throw new TapArgError(`\ntshark: ${name} does not require or allow a field name within the parens.\n`, 10);
          } else if (f === '') {
            throw new TapArgError(`\ntshark: You didn't specify a field name for ${name}(*).\n`, 10);
          }
          flt = text.slice(close + 1);
          if (c === Calc.FRAMES || c === Calc.BYTES) break;
          field = f;
          if (!fieldsByName(f)) throw new TapArgError(`\ntshark: There is no field named '${f}'.\n`, 10);
          break;
        }
      } else if (calc === Calc.FRAMES || calc === Calc.BYTES) {
        flt = '';
      }
    }
  }
  let kind = Kind.None, signed = false;
  if (field !== null) {
    const t = fieldsByName(field)![0]!.type;
    kind = kindOf(t); signed = isSigned(t);
    const agg = NAME[calc]!;
    if (kind === Kind.Float || kind === Kind.Double) {
      if (calc === Calc.LOAD) throw new TapArgError(`\ntshark: ${field} is a float field, so ${agg}(*) calculations are not supported on it.`, 10);
    } else if (kind === Kind.Other && calc !== Calc.COUNT) {
      throw new TapArgError(`\ntshark: ${field} doesn't have integral values, so ${agg}(*) calculations are not supported on it.\n`, 10);
    }
  }
  return { calc, field, filter: flt, kind, signed };
}

/** strtod's view of the start of `s`: the number and how many characters it used (0 = none). */
function scanDouble(s: string): [number, number] {
  const m = /^\s*[+-]?(?:inf(?:inity)?|nan|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/i.exec(s);
  if (!m) return [0, 0];
  return [Number(m[0].trim().replace(/^([+-]?)inf(inity)?$/i, '$1Infinity')), m[0].length];
}

function magnitude(val: number, maxW: number): number {
  let mag = 0;
  for (let i = 0; i < maxW; i++) {
    mag++;
    val = Math.floor(val / 10);
    if (val === 0) break;
  }
  return mag;
}

/** Centres a function name over a column of width `w` as tshark's printcenter does. */
function center(label: string, w: number): string {
  const x = Math.trunc((w - label.length) / 2);
  const len = 6 - (x + 1);
  if (len > 0 && len < 6) {
    const sp = ' '.repeat(6 - len);
    return (((w - label.length) % 2 === 0) ? sp : sp + ' ') + label + sp + '|';
  }
  if (len > 0 && len <= 15) return label + '|';
  return '';
}

const pad = (v: number, w: number): string => String(v).padStart(w);
const zpad = (v: number, w: number): string => String(v).padStart(w, '0');

export class IoStat implements Tap {
  readonly needsTree: boolean;
  readonly filters: CompiledFilter[] = [];
  private readonly cols: Column[] = [];
  /** Interval in microseconds (WHOLE for 0) and its decimal precision. */
  private readonly interval: number;
  private readonly prec: number;
  private maxRelUs = 0;

  constructor(readonly arg: string) {
    if (arg.endsWith(',') || !arg.startsWith('io,stat,')) throw new TapArgError(USAGE, 1);
    const [iv, used] = scanDouble(arg.slice(8));
    if (used === 0) throw new TapArgError(USAGE, 1);
    let rest = arg.slice(8 + used);
    if (rest !== '' && rest[0] !== ',') throw new TapArgError(USAGE, 1);
    if (iv === 0 || !(iv > 0)) {
      this.interval = WHOLE; this.prec = 0;
    } else {
      this.interval = Math.floor(iv * 1e6 + 0.5);
      let prec = 6;
      for (let i = 10; i < 10000000; i *= 10) { if (this.interval % i > 0) break; prec--; }
      if (prec === 0) {
        const spec = arg.slice(8);
        const comma = spec.indexOf(',');
        const dot = spec.indexOf('.');
        if (dot >= 0 && (comma < 0 || dot < comma)) {
          const n = comma < 0 ? 6 : comma - dot - 1;
          if (n) prec = Math.min(n, 6);
        }
      }
      this.prec = prec;
      if (this.interval < 1) throw new TapArgError('\ntshark: "-z" interval must be >=0.000001 seconds or "0" for the entire capture duration.\n', 10);
    }
    const texts: (string | null)[] = [];
    if (rest === '') texts.push(null);
    else {
      rest = rest.slice(1);
      for (const part of rest.split(',')) texts.push(part === '' ? null : part.trim());
    }
    let tree = false;
    for (const t of texts) {
      const c = parseColumn(t);
      const filter = tapFilter(c.filter, 'io,stat', '\n');
      if (c.field !== null) tree = true;
      if (filter) this.filters.push(filter);
      const col = new Column(t, c.calc, c.kind, c.signed, c.field, filter);
      if (c.field !== null) col.ids = new Set(fieldsByName(c.field)!.map(f => f.id));
      if (c.calc === Calc.FRAMES || c.calc === Calc.BYTES || c.calc === Calc.FRAMES_AND_BYTES) {
        const ft = c.filter === null ? '' : c.filter.trim();
        const m = FAST_FILTERS[ft];
        if (m !== undefined) col.fastMask = m;
      }
      this.cols.push(col);
    }
    this.needsTree = tree;
  }

  /** Fast path (fast/scan.ts): frames/bytes columns whose filters are a bare protocol the fast path knows. */
  fastPlan(): { tcp: boolean; udp: boolean } | null {
    return this.cols.every(c => c.fastMask >= 0) ? { tcp: false, udp: false } : null;
  }

  fastPacket(f: FastFrame): void {
    const rel = f.relSec * 1e6 + Math.floor((f.relNsec + 500) / 1000);
    if (this.interval !== WHOLE && rel / this.interval >= MAX_IO_INTERVALS) return;
    if (rel > this.maxRelUs) this.maxRelUs = rel;
    if (rel < 0) return;
    const idx = Math.floor(rel / this.interval);
    const cols = this.cols;
    for (let k = 0; k < cols.length; k++) {
      const c = cols[k]!;
      if (c.fastMask !== 0 && (f.cls & c.fastMask) === 0) continue;
      if (idx < c.cur) continue;
      if (idx > c.cur) { c.grow(idx); c.cur = idx; }
      if (f.skip) continue;
      const frames = ++c.frames[idx]!, v = c.counter[idx]! += f.len;
      // the widest values, as add() keeps them
      if (c.calc !== Calc.BYTES && frames > c.maxFrame) c.maxFrame = frames;
      if (v > c.maxVal) c.maxVal = v;
    }
  }

  packet(pkt: Packet): void {
    const rel = pkt.relSec * 1e6 + Math.floor((pkt.relNsec + 500) / 1000);
    // Limit: a packet more than MAX_IO_INTERVALS intervals after the first is left out (a corrupt or crafted
    // timestamp would otherwise make a table of millions of rows; tshark 4.0 runs out of memory on it).
    if (this.interval !== WHOLE && rel / this.interval >= MAX_IO_INTERVALS) return;
    if (rel > this.maxRelUs) this.maxRelUs = rel;
    for (const c of this.cols) {
      if (c.filter && !c.filter.match(pkt)) continue;
      if (rel < 0) continue;
      const idx = Math.floor(rel / this.interval);
      if (idx < c.cur) continue;
      if (idx > c.cur) { c.grow(idx); c.cur = idx; }
      this.add(c, idx, pkt);
    }
  }

  private values(c: Column, pkt: Packet): PNode[] {
    const out: PNode[] = [];
    const root = pkt.root;
    if (!root || !c.ids) return out;
    const walk = (n: PNode): void => {
      if (!n.children) return;
      for (const ch of n.children) {
        if (ch.hf && c.ids!.has(ch.hf.id)) out.push(ch);
        walk(ch);
      }
    };
    walk(root);
    return out;
  }

  private add(c: Column, i: number, pkt: Packet): void {
    const frames = ++c.frames[i]!;
    switch (c.calc) {
      case Calc.FRAMES: case Calc.BYTES: case Calc.FRAMES_AND_BYTES:
        c.counter[i]! += pkt.len;
        break;
      case Calc.COUNT:
        c.counter[i]! += this.values(c, pkt).length;
        break;
      case Calc.SUM: case Calc.MIN: case Calc.MAX: case Calc.AVG: {
        const vs = this.values(c, pkt);
        for (let k = 0; k < vs.length; k++) {
          const v = numeric(vs[k]!.value, c.kind);
          const first = frames === 1 && k === 0;
          if (c.calc === Calc.AVG) c.num[i]!++;
          if (c.kind === Kind.Float || c.kind === Kind.Double) {
            const cur = c.fcounter[i]!;
            let n = cur;
            if (c.calc === Calc.SUM || c.calc === Calc.AVG) n = cur + v;
            else if (c.calc === Calc.MIN) { if (first || v < cur) n = v; }
            else if (v > cur) n = v;
            c.fcounter[i] = c.kind === Kind.Float ? Math.fround(n) : n;
          } else {
            const cur = c.counter[i]!;
            if (c.calc === Calc.SUM || c.calc === Calc.AVG) c.counter[i] = cur + v;
            else if (c.calc === Calc.MIN) { if (first || v < cur) c.counter[i] = v; }
            else if (v > cur) c.counter[i] = v;
          }
        }
        break;
      }
      case Calc.LOAD: {
        if (c.kind !== Kind.RelTime) break;
        for (const n of this.values(c, pkt)) {
          const t = n.value as NsTime;
          let val = t.sec * 1e6 + Math.trunc(t.nsec / 1000);
          const tival = val % this.interval;
          c.counter[i]! += tival;
          val -= tival;
          let p = i - 1;
          while (val > 0 && p >= 0) {
            if (val < this.interval) { c.counter[p]! += val; break; }
            c.counter[p]! += this.interval;
            val -= this.interval;
            p--;
          }
        }
        break;
      }
    }
    // remember the widest value each column has shown (tshark sizes columns by it)
    switch (c.calc) {
      case Calc.FRAMES: case Calc.FRAMES_AND_BYTES:
        if (frames > c.maxFrame) c.maxFrame = frames;
        if (c.counter[i]! > c.maxVal) c.maxVal = c.counter[i]!;
        break;
      case Calc.BYTES: case Calc.COUNT: case Calc.LOAD:
        if (c.counter[i]! > c.maxVal) c.maxVal = c.counter[i]!;
        break;
      case Calc.SUM: case Calc.MIN: case Calc.MAX: {
        const v = c.kind === Kind.Float || c.kind === Kind.Double ? Math.floor(c.fcounter[i]! + 0.5) : c.counter[i]!;
        if (v > c.maxVal) c.maxVal = v;
        break;
      }
      case Calc.AVG: {
        const num = c.num[i]!;
        if (num === 0) break;
        let v: number;
        if (c.kind === Kind.Float || c.kind === Kind.Double) v = Math.floor(Math.floor(c.fcounter[i]!) / num);
        else if (c.kind === Kind.RelTime) v = Math.floor((Math.floor(c.counter[i]! / num) + 500000000) / 1e9);
        else v = Math.floor(c.counter[i]! / num);
        if (v > c.maxVal) c.maxVal = v;
        break;
      }
    }
  }

  /** The tables as plain data (a worker's result, see parallel.ts). */
  exportState(): unknown {
    return { maxRelUs: this.maxRelUs, cols: this.cols.map(c => ({ frames: c.frames, counter: c.counter, num: c.num, fcounter: c.fcounter,
      cur: c.cur, maxFrame: c.maxFrame, maxVal: c.maxVal })) };
  }

  importState(st: unknown): void {
    const d = st as { maxRelUs: number; cols: Pick<Column, 'frames' | 'counter' | 'num' | 'fcounter' | 'cur' | 'maxFrame' | 'maxVal'>[] };
    this.maxRelUs = d.maxRelUs;
    d.cols.forEach((x, j) => Object.assign(this.cols[j]!, x));
  }

  /**
   * --workers byte ranges: this table counted a later part of the capture from an empty state. One pass would have
   * left out every packet of that part in an interval before the earlier parts' last one (a column's `cur`), and only
   * those: they are taken out here, and the column widths recomputed. Frames/bytes columns only (the fast path's).
   */
  rebase(r: RangeInfo): boolean {
    const into = r.into as IoStat;
    for (let j = 0; j < this.cols.length; j++) {
      const c = this.cols[j]!, prev = into.cols[j]!.cur;
      if (c.calc !== Calc.FRAMES && c.calc !== Calc.BYTES && c.calc !== Calc.FRAMES_AND_BYTES) return false;
      if (prev === 0) continue;
      for (let i = 0; i < prev && i < c.frames.length; i++) { c.frames[i] = 0; c.counter[i] = 0; }
      c.maxFrame = 0; c.maxVal = 0;
      for (let i = 0; i < c.frames.length; i++) {
        if (c.calc !== Calc.BYTES && c.frames[i]! > c.maxFrame) c.maxFrame = c.frames[i]!;
        if (c.counter[i]! > c.maxVal) c.maxVal = c.counter[i]!;
      }
    }
    return true;
  }

  merge(o: Tap): void {
    const other = o as IoStat;
    if (other.maxRelUs > this.maxRelUs) this.maxRelUs = other.maxRelUs;
    for (let j = 0; j < this.cols.length; j++) {
      const a = this.cols[j]!, b = other.cols[j]!;
      a.grow(b.frames.length - 1);
      for (let i = 0; i < b.frames.length; i++) {
        if (!b.frames[i]) continue;
        const had = a.frames[i]! > 0;
        a.frames[i]! += b.frames[i]!;
        a.num[i]! += b.num[i]!;
        if (a.calc === Calc.MIN || a.calc === Calc.MAX) {
          const pick = (x: number, y: number): number => a.calc === Calc.MIN ? Math.min(x, y) : Math.max(x, y);
          a.counter[i] = had ? pick(a.counter[i]!, b.counter[i]!) : b.counter[i]!;
          a.fcounter[i] = had ? pick(a.fcounter[i]!, b.fcounter[i]!) : b.fcounter[i]!;
        } else {
          a.counter[i]! += b.counter[i]!;
          a.fcounter[i]! += b.fcounter[i]!;
        }
      }
      a.cur = Math.max(a.cur, b.cur);
      a.maxFrame = Math.max(a.maxFrame, b.maxFrame);
      a.maxVal = Math.max(a.maxVal, b.maxVal);
      if (a.calc === Calc.FRAMES || a.calc === Calc.FRAMES_AND_BYTES || a.calc === Calc.BYTES || a.calc === Calc.COUNT) {
        for (let i = 0; i < a.frames.length; i++) {
          if (a.frames[i]! > a.maxFrame) a.maxFrame = a.frames[i]!;
          if (a.counter[i]! > a.maxVal) a.maxVal = a.counter[i]!;
        }
      }
    }
  }

  /** The geometry shared by draw() and table(). */
  private layout() {
    let duration = this.maxRelUs;
    let interval: number;
    let whole = false;
    if (this.interval > duration || this.interval === WHOLE) { interval = duration; whole = true; } else interval = this.interval;
    let durMag = magnitude(Math.floor(duration / 1e6), 5);
    let prec: number, border0: number;
    if (interval === duration) {
      prec = durMag >= 2 ? 1 : durMag === 1 ? 3 : 6;
      border0 = 30 + durMag + (prec === 0 ? 0 : prec + 1);
    } else {
      prec = this.prec;
      border0 = 25 + durMag + (prec === 0 ? 0 : prec + 1);
    }
    let dv = 1000000;
    for (let i = 0; i < prec; i++) dv = Math.floor(dv / 10);
    const origDuration = duration;
    // tshark rounds the duration to the shown precision (half down), and uses the rounded value for the rows, the
    // last row's end and the time LOAD() divides by.
    const half = 5 * Math.floor(dv / 10);
    if (duration % dv > half) {
      duration = Math.floor((duration + half) / dv) * dv;
      durMag = magnitude(Math.floor(duration / 1e6), 5);
    }
    if (whole) interval = duration;
    const rows = interval > 0 && duration > 0 ? Math.floor(duration / interval) + (duration % interval > 0 ? 1 : 0) : 0;
    return { duration, origDuration, interval, whole, durMag, prec, dv, rows, border0 };
  }

  draw(): string {
    const { duration, origDuration, interval, durMag, prec, dv, rows, border0 } = this.layout();
    let invlColW = prec === 0 ? 2 * durMag + 8 : 2 * durMag + 2 * prec + 10;
    invlColW = Math.max(invlColW, 12);
    let borderlen = Math.max(border0, invlColW);

    // column widths and value formatters
    const ncol = this.cols.length;
    const frW: number[] = new Array(ncol).fill(0), valW: number[] = new Array(ncol).fill(0);
    const fmt: ((c: Column, i: number, last: boolean, span: number) => string)[] = [];
    let tabrowW = invlColW;
    for (let j = 0; j < ncol; j++) {
      const c = this.cols[j]!;
      const type = c.calc;
      const namelen = type === Calc.FRAMES_AND_BYTES ? 5 : NAME[type]!.length;
      if (type === Calc.FRAMES || type === Calc.FRAMES_AND_BYTES) {
        const fm = Math.max(6, magnitude(c.maxFrame, 15));
        frW[j] = fm; tabrowW += fm + 3;
        if (type === Calc.FRAMES) fmt.push((col, i) => ` ${pad(col.frames[i] ?? 0, fm)} |`);
        else {
          const vm = Math.max(5, magnitude(c.maxVal, 15));
          valW[j] = vm; tabrowW += vm + 3;
          fmt.push((col, i) => ` ${pad(col.frames[i] ?? 0, fm)} | ${pad(col.counter[i] ?? 0, vm)} |`);
        }
        continue;
      }
      if (type === Calc.BYTES || type === Calc.COUNT) {
        const vm = Math.max(5, magnitude(c.maxVal, 15));
        valW[j] = vm;
        fmt.push((col, i) => ` ${pad(col.counter[i] ?? 0, vm)} |`);
      } else if (c.kind === Kind.Float || c.kind === Kind.Double) {
        const vm = magnitude(c.maxVal, 15);
        valW[j] = vm + 7;
        fmt.push((col, i) => {
          let v = col.fcounter[i] ?? 0;
          if (type === Calc.AVG) v = v / Math.max(1, col.num[i] ?? 0);
          if (type === Calc.LOAD) return '';
          return ` ${cfixed(v, 6).padStart(vm)} |`;
        });
      } else if (c.kind === Kind.RelTime) {
        let mv = c.maxVal;
        if (type === Calc.LOAD) mv = interval > 0 ? Math.floor(mv / interval) : 0;
        else if (type !== Calc.AVG) mv = Math.floor((mv + 500000000) / 1e9);
        const vm = magnitude(mv, 15);
        valW[j] = vm + 7;
        fmt.push((col, i, last, span) => {
          const cnt = col.counter[i] ?? 0;
          if (type === Calc.LOAD) {
            const d = last ? span : interval;
            if (d <= 0) return ` ${pad(0, vm)}.000000 |`;
            return ` ${pad(Math.floor(cnt / d), vm)}.${zpad(Math.floor((cnt % d) * 1000000 / d), 6)} |`;
          }
          let us: number;
          if (type === Calc.AVG) us = Math.floor((Math.floor(cnt / Math.max(1, col.num[i] ?? 0)) + 500) / 1000);
          else us = Math.floor((cnt + 500) / 1000);
          return ` ${pad(Math.floor(us / 1e6), vm)}.${zpad(us % 1e6, 6)} |`;
        });
      } else {
        const vm = Math.max(namelen, magnitude(c.maxVal, 15));
        valW[j] = vm;
        fmt.push((col, i) => {
          if (type === Calc.LOAD) return '';
          let v = col.counter[i] ?? 0;
          if (type === Calc.AVG) v = Math.trunc(v / Math.max(1, col.num[i] ?? 0));
          return ` ${pad(v, vm)} |`;
        });
      }
      tabrowW += valW[j]! + 3;
    }
    borderlen = Math.max(borderlen, tabrowW);

    let maxFltW = 0;
    for (const c of this.cols) maxFltW = Math.max(maxFltW, c.text !== null ? c.text.length + 11 : 26);
    if (maxFltW > borderlen && borderlen < 102) borderlen = Math.min(maxFltW, 102);
    if (borderlen - tabrowW === 1) borderlen++;

    const sp = (n: number): string => ' '.repeat(Math.max(0, n));
    const line = (body: string): string => `${body}${sp(borderlen - body.length - 1)}|\n`;
    let s = '\n' + '='.repeat(borderlen) + '\n';
    s += line('| IO Statistics');
    s += line('|');
    const secs = Math.floor(duration / 1e6);
    if (prec === 0) {
      s += line(`| Duration: ${pad(Math.floor(origDuration / 1e6), durMag)}.${pad(origDuration % 1e6, 6)} secs`);
      s += line(`| Interval: ${pad(Math.floor(interval / 1e6), durMag)} secs`);
    } else {
      s += line(`| Duration: ${pad(secs, durMag)}.${zpad(Math.floor((duration % 1e6) / dv), prec)} secs`);
      s += line(`| Interval: ${pad(Math.floor(interval / 1e6), durMag)}.${zpad(Math.floor((interval % 1e6) / dv), prec)} secs`);
    }
    s += line('|');
    for (let j = 0; j < ncol; j++) {
      const head = j === 0 ? `| Col${pad(j + 1, 2)}: ` : `|    ${pad(j + 1, 2)}: `;
      const text = this.cols[j]!.text;
      if (text === null) { s += line(head + 'Frames and bytes'); continue; }
      if (text.length + 11 <= borderlen) { s += line(head + text); continue; }
      // wrap long filters at the last space that fits
      let f = text;
      const maxW = borderlen - 11;
      let first = true;
      for (;;) {
        const h = first ? head : '|        ';
        first = false;
        if (f.length > maxW) {
          const part = f.slice(0, maxW);
          const sp1 = part.lastIndexOf(' ');
          const len = sp1 >= 0 ? sp1 : part.length;
          s += line(h + part.slice(0, len));
          f = f.slice(sp1 >= 0 ? len + 1 : len);
        } else { s += line(h + f); break; }
      }
    }
    s += '|-' + '-'.repeat(borderlen - 3) + '|\n';

    const filler = tabrowW < borderlen ? sp(borderlen - tabrowW - 1) + '|' : '';
    s += '|' + sp(invlColW - 2) + '|';
    for (let j = 0; j < ncol; j++) {
      const c = this.cols[j]!;
      const n = c.calc === Calc.FRAMES_AND_BYTES ? frW[j]! + valW[j]! + 3 : c.calc === Calc.FRAMES ? frW[j]! : valW[j]!;
      s += String(j + 1).padEnd(2) + sp(n) + '|';
    }
    s += filler + '\n';
    s += '| Interval' + sp(invlColW - 11) + '|';
    for (let j = 0; j < ncol; j++) {
      const c = this.cols[j]!;
      if (c.calc === Calc.FRAMES) s += center('FRAMES', frW[j]!);
      else if (c.calc === Calc.FRAMES_AND_BYTES) s += center('Frames', frW[j]!) + center('Bytes', valW[j]!);
      else s += center(NAME[c.calc]!, valW[j]!);
    }
    s += filler + '\n';
    s += '|-' + '-'.repeat(Math.max(0, tabrowW - 3)) + '|' + filler + '\n';

    let t = 0;
    const tstr = (v: number): string => prec === 0 ? pad(Math.floor(v / 1e6), durMag)
      : `${pad(Math.floor(v / 1e6), durMag)}.${zpad(Math.floor((v % 1e6) / dv), prec)}`;
    for (let i = 0; i < rows; i++) {
      const last = i === rows - 1;
      const end = last ? duration : t + interval;
      if (prec === 0) {
        if (last) {
          const maxw = durMag >= 3 ? durMag + 1 : 3;
          s += (durMag === 1 ? '|  ' : '| ') + tstr(t) + ' <> ' + 'Dur'.padEnd(maxw) + '|';
        } else if (durMag === 1) {
          s += `|  ${tstr(t)} <> ${tstr(end)}  |`;
        } else {
          s += `| ${tstr(t)} <> ${tstr(end)} |`;
        }
      } else {
        s += `| ${tstr(t)} <> ${tstr(end)} |`;
      }
      for (let j = 0; j < ncol; j++) s += fmt[j]!(this.cols[j]!, i, last, end - t);
      s += filler + '\n';
      t += interval;
    }
    s += '='.repeat(borderlen) + '\n';
    return s;
  }

  table(): StatTable {
    const { origDuration: duration, interval, rows } = this.layout();
    const columns: string[] = ['start', 'end'];
    for (let j = 0; j < this.cols.length; j++) {
      const c = this.cols[j]!;
      const name = c.text ?? '';
      if (c.calc === Calc.FRAMES_AND_BYTES) columns.push(`${j + 1}:frames`, `${j + 1}:bytes`);
      else columns.push(`${j + 1}:${NAME[c.calc]!.toLowerCase()}`);
      void name;
    }
    const out: Cell[][] = [];
    for (let i = 0; i < rows; i++) {
      const t = i * interval, end = i === rows - 1 ? duration : t + interval;
      const r: Cell[] = [t / 1e6, end / 1e6];
      for (const c of this.cols) {
        const fr = c.frames[i] ?? 0, cnt = c.counter[i] ?? 0, num = c.num[i] ?? 0, fc = c.fcounter[i] ?? 0;
        const flo = c.kind === Kind.Float || c.kind === Kind.Double;
        switch (c.calc) {
          case Calc.FRAMES_AND_BYTES: r.push(fr, cnt); break;
          case Calc.FRAMES: r.push(fr); break;
          case Calc.BYTES: case Calc.COUNT: r.push(cnt); break;
          case Calc.AVG: r.push(num ? (flo ? fc : c.kind === Kind.RelTime ? cnt / 1e9 : cnt) / num : 0); break;
          case Calc.LOAD: r.push(c.kind === Kind.RelTime ? cnt / Math.max(1, end - t) : null); break;
          default: r.push(flo ? fc : c.kind === Kind.RelTime ? cnt / 1e9 : cnt);
        }
      }
      out.push(r);
    }
    return {
      arg: this.arg, stat: 'io,stat', title: 'IO Statistics', filter: null, columns, rows: out,
      meta: {
        duration: duration / 1e6, interval: interval / 1e6,
        ...Object.fromEntries(this.cols.map((c, j) => [`col${j + 1}`, c.text ?? 'Frames and bytes'])),
      },
    };
  }
}

function numeric(v: unknown, kind: Kind): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof NsTime) return kind === Kind.RelTime ? v.sec * 1e9 + v.nsec : v.sec;
  return 0;
}

registerTap('io,stat', arg => new IoStat(arg));
