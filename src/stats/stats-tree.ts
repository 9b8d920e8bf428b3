// The stats_tree engine and its plain-text renderer (epan/stats_tree.c + ui/cli/tap-stats_tree.c of
// tshark 4.0): named counter nodes under a root, optional value statistics (average/min/max), range
// nodes, and per-node burst rates over a sliding window. Trees such as http_req,tree or plen,tree
// describe what to tick per tap event; this file owns counting, merging and drawing.
import type { Packet } from '../dissect/packet.js';
import type { CompiledFilter } from '../filter/api.js';
import { cfixed } from './format.js';
import type { FastFrame } from '../fast/scan.js';
import { registerTap, TapArgError, tapFilter, wantTaps, type Cell, type StatTable, type Tap } from './tap.js';

/** Wireshark's statistics preferences (defaults): burst bucket size and window, both in ms. */
const BURST_RESOLUTION = 5;
const BURST_WINDOW = 100;

export class StatNode {
  readonly children: StatNode[] = [];
  private byName: Map<string, StatNode> | null = null;
  counter = 0;
  total = 0;
  min = 0;
  max = 0;
  /** Set when the node records values (average/min/max are shown). */
  hasValues = false;
  /** Values are floating point (min/max printed with %f). */
  isFloat = false;
  /** For range children: [floor, ceil]. */
  range: [number, number] | null = null;
  // burst window: buckets of BURST_RESOLUTION ms, oldest first
  private bNo: number[] = [0];
  private bCount: number[] = [0];
  private bStart: number[] = [0];
  private bcount = 0;
  maxBurst = 0;
  burstTime = -1;

  constructor(readonly name: string, readonly parent: StatNode | null) {}

  child(name: string): StatNode | undefined { return this.byName?.get(name); }
  addChild(name: string): StatNode {
    const n = new StatNode(name, this);
    this.children.push(n);
    (this.byName ??= new Map()).set(name, n);
    return n;
  }
  childOrNew(name: string): StatNode { return this.byName?.get(name) ?? this.addChild(name); }

  /** update_burst_calc: counts `value` in the bucket of time `now` (ms) and tracks the busiest window. */
  burst(now: number, value: number): void {
    const cur = Math.floor(now / BURST_RESOLUTION);
    const win = BURST_WINDOW / BURST_RESOLUTION;
    const last = this.bNo.length - 1;
    if (cur > this.bNo[last]!) {
      this.bNo.push(cur); this.bCount.push(value); this.bStart.push(now);
      this.bcount += value;
      let drop = 0;
      while (drop < this.bNo.length - 1 && cur >= this.bNo[drop]! + win) { this.bcount -= this.bCount[drop]!; drop++; }
      if (drop) { this.bNo.splice(0, drop); this.bCount.splice(0, drop); this.bStart.splice(0, drop); }
    } else if (cur < this.bNo[0]!) {
      // before the current window (out-of-order packet): ignored
    } else {
      let i = last;
      while (cur < this.bNo[i]!) i--;
      if (cur > this.bNo[i]!) {
        this.bNo.splice(i + 1, 0, cur); this.bCount.splice(i + 1, 0, value); this.bStart.splice(i + 1, 0, now);
      } else {
        this.bCount[i]! += value;
      }
      this.bcount += value;
    }
    if (this.bcount > this.maxBurst) { this.maxBurst = this.bcount; this.burstTime = this.bStart[0]!; }
  }

  addValue(v: number, float: boolean): void {
    if (!this.hasValues || this.counter === 0) { this.min = v; this.max = v; }
    else { if (v < this.min) this.min = v; if (v > this.max) this.max = v; }
    this.hasValues = true;
    this.isFloat = float;
    this.total += v;
  }

  merge(o: StatNode): void {
    if (o.hasValues) {
      if (!this.hasValues || this.counter === 0) { this.min = o.min; this.max = o.max; }
      else if (o.counter) { this.min = Math.min(this.min, o.min); this.max = Math.max(this.max, o.max); }
      this.hasValues = true; this.isFloat = o.isFloat;
    }
    this.counter += o.counter;
    this.total += o.total;
    if (o.maxBurst > this.maxBurst) { this.maxBurst = o.maxBurst; this.burstTime = o.burstTime; }
    for (const c of o.children) {
      let mine = this.child(c.name);
      if (!mine) { mine = this.addChild(c.name); mine.range = c.range; }
      mine.merge(c);
    }
  }
}

const f32 = Math.fround;

/** A stats tree: the root (named after the statistic) and the packet clock. */
export class StatsTree {
  readonly root: StatNode;
  /** Relative time of the current packet and of the first one, in ms. */
  now = 0;
  start = -1;
  /** Nodes a tree's init() keeps for its packet() (per instance). */
  readonly refs: Record<string, StatNode> = {};

  constructor(readonly name: string, title: string) { this.root = new StatNode(title, null); }

  /** Starts a packet: stats_tree_packet's clock update. */
  clock(pkt: Packet): void {
    this.now = pkt.relSec * 1000 + pkt.relNsec / 1e6;
    if (this.start < 0) this.start = this.now;
  }
  get elapsed(): number { return this.start < 0 ? 0 : this.now - this.start; }

  /** Creates a node (stats_tree_create_node); returns it. */
  node(name: string, parent: StatNode = this.root): StatNode { return parent.childOrNew(name); }

  /** tick_stat_node / increase_stat_node: counts `inc` on the node named `name` under `parent`. */
  tick(name: string, parent: StatNode = this.root, inc = 1): StatNode {
    const n = parent.childOrNew(name);
    n.counter += inc;
    n.burst(this.now, inc);
    return n;
  }

  /** avg_stat_node_add_value_int/_float: counts once and records a value. */
  value(name: string, parent: StatNode, v: number, float = false): StatNode {
    const n = parent.childOrNew(name);
    n.addValue(v, float);
    n.counter++;
    n.burst(this.now, 1);
    return n;
  }

  /** Creates range children ("0-19", "5120-" → "5120 and greater") under `parent`. */
  ranges(parent: StatNode, specs: readonly string[]): void {
    for (const s of specs) {
      const [lo, hi] = s.split('-');
      const floor = Number(lo), ceil = hi === '' ? 2147483647 : Number(hi);
      const n = parent.childOrNew(hi === '' ? `${lo} and greater` : s);
      n.range = [floor, ceil];
      n.hasValues = true;
    }
  }

  /** stats_tree_tick_range: counts `v` in the matching range child (with its value statistics). */
  tickRange(parent: StatNode, v: number): void {
    for (const c of parent.children) {
      if (c.range && v >= c.range[0] && v <= c.range[1]) {
        c.addValue(v, false);
        c.counter++;
        c.burst(this.now, 1);
        return;
      }
    }
  }

  merge(o: StatsTree): void {
    if (o.start >= 0 && (this.start < 0 || o.start < this.start)) this.start = o.start;
    if (o.now > this.now) this.now = o.now;
    this.root.merge(o.root);
  }

  /** The values of one node, as stats_tree_get_values_from_node prints them. */
  values(n: StatNode): string[] {
    let avg = '', mn = '', mx = '';
    if (n.counter && n.hasValues) {
      {
        avg = cfixed(n.isFloat ? n.total / n.counter : f32(f32(n.total) / n.counter), 2);
        mn = n.isFloat ? cfixed(n.min, 6) : String(n.min);
        mx = n.isFloat ? cfixed(n.max, 6) : String(n.max);
      }
    } else if (n.range) {
      avg = mn = mx = '-';
    }
    const el = this.elapsed;
    const rate = el ? cfixed(f32(f32(n.counter) / f32(el)), 4) : '';
    const p = n.parent;
    const pct = p && p.counter ? `${cfixed((n.counter * 100) / p.counter, 2)}%` : p === this.root ? '100%' : '';
    const br = n.maxBurst ? cfixed(f32(f32(n.maxBurst) / BURST_WINDOW), 4) : '-';
    const bs = n.maxBurst ? cfixed(f32(f32(n.burstTime) / 1000), 3) : '-';
    return [String(n.counter), avg, mn, mx, rate, pct, br, bs];
  }

  /** Children in tshark's order: by count, then by name, both descending; ranges by their floor. */
  sorted(n: StatNode): StatNode[] {
    return n.children.slice().sort((a, b) => {
      if (a.range && b.range) return a.range[0] - b.range[0];
      let r = a.counter - b.counter;
      if (!r) r = a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
      return -r;
    });
  }

  private maxNameLen(n: StatNode, indent: number): number {
    let m = n.name.length + indent;
    for (const c of n.children) m = Math.max(m, this.maxNameLen(c, indent + 1));
    return m;
  }

  draw(): string {
    const COLS = ['Count', 'Average', 'Min Val', 'Max Val', 'Rate (ms)', 'Percent', 'Burst Rate', 'Burst Start'];
    const maxName = this.maxNameLen(this.root, 0) + 1;
    const sepLen = maxName + COLS.length * 14 - 1;
    let s = '\n' + '='.repeat(sepLen) + '\n' + `${this.name}:\n`;
    s += 'Topic / Item'.padEnd(maxName);
    COLS.forEach((c, i) => { s += c.padEnd(i === COLS.length - 1 ? 13 : 14); });
    s += '\n' + '-'.repeat(sepLen) + '\n';
    const walk = (n: StatNode, indent: number): void => {
      s += ' '.repeat(indent) + n.name.padEnd(maxName - indent);
      this.values(n).forEach((v, i) => { s += v.padEnd(i === 7 ? 13 : 14); });
      s += '\n';
      for (const c of this.sorted(n)) walk(c, indent + 1);
    };
    for (const c of this.root.children) walk(c, 0);
    s += '\n' + '-'.repeat(sepLen) + '\n';
    return s;
  }

  rows(): Cell[][] {
    const out: Cell[][] = [];
    const walk = (n: StatNode, depth: number): void => {
      const v = this.values(n);
      const num = (x: string): Cell => x === '' || x === '-' ? null : Number(x.replace('%', ''));
      out.push([depth, n.name, n.counter, num(v[1]!), num(v[2]!), num(v[3]!), num(v[4]!), num(v[5]!), num(v[6]!), num(v[7]!)]);
      for (const c of this.sorted(n)) walk(c, depth + 1);
    };
    for (const c of this.root.children) walk(c, 0);
    return out;
  }
}

/** How one stats_tree statistic fills its tree. */
export interface TreeSpec {
  /** The -z name before ",tree" (e.g. "http_req"). */
  readonly abbr: string;
  /** "HTTP/Requests", printed as the heading. */
  readonly name: string;
  /** The root's name (the last part of the menu path): sizes the name column. */
  readonly title: string;
  /** Tap events this tree reads. */
  readonly taps: readonly string[];
  /** Creates the fixed nodes (stats_tree init callback). */
  init?(st: StatsTree): void;
  /** Handles one tap event of this packet; returns false when it counted nothing. */
  packet(st: StatsTree, pkt: Packet, tap: string, data: unknown): boolean | void;
  /** Called once per packet that passed the filter, before its events (for frame-level trees). */
  frame?(st: StatsTree, pkt: Packet): boolean | void;
  /** The tree reads only what the lean HTTP stage (fast/http.ts) gives its "http" events, and no frame(). */
  readonly leanHttp?: boolean;
}

class StatsTreeTap implements Tap {
  readonly needsTree: boolean;
  readonly st: StatsTree;
  private readonly filter: CompiledFilter | null;

  constructor(readonly arg: string, readonly spec: TreeSpec, readonly filterText: string | null) {
    try {
      this.filter = tapFilter(filterText, 'stats_tree');
    } catch (e) {
      if (e instanceof TapArgError) {
        const why = e.message.replace(/^.*?Filter "/s, 'Filter "').replace(/\n$/, '');
        throw new TapArgError(`tshark: stats_tree for: ${spec.name} failed to attach to the tap: ${why}\n`, 1);
      }
      throw e;
    }
    this.needsTree = !!this.filter?.needsTree;
    this.st = new StatsTree(spec.name, spec.title);
    spec.init?.(this.st);
    wantTaps(...spec.taps);
  }

  packet(pkt: Packet): void {
    const spec = this.spec, st = this.st;
    let matched: boolean | null = null;
    const pass = (): boolean => (matched ??= !this.filter || this.filter.match(pkt));
    if (spec.frame) {
      if (!pass()) return;
      st.clock(pkt);
      spec.frame(st, pkt);
    }
    const ev = pkt.tapEvents;
    for (let i = 0; i < ev.length; i++) {
      const e = ev[i]!;
      if (!spec.taps.includes(e.name)) continue;
      if (!pass()) return;
      st.clock(pkt);
      spec.packet(st, pkt, e.name, e.data);
    }
  }

  /** Fast path (fast/scan.ts with fast/http.ts): unfiltered HTTP trees count the lean stage's events. */
  fastPlan(): { tcp: boolean; udp: boolean; http: boolean } | null {
    return this.spec.leanHttp && this.filter === null && !this.spec.frame ? { tcp: false, udp: false, http: true } : null;
  }
  fastPacket(f: FastFrame): void {
    const st = this.st, spec = this.spec;
    for (let i = 0; i < f.hn; i++) {
      st.clock(f as unknown as Packet);
      spec.packet(st, f as unknown as Packet, 'http', f.hev[i]);
    }
  }

  draw(): string { return this.st.draw(); }
  merge(o: Tap): void { this.st.merge((o as StatsTreeTap).st); }
  table(): StatTable {
    return {
      arg: this.arg, stat: 'stats_tree', title: this.spec.name, filter: this.filterText,
      columns: ['depth', 'topic', 'count', 'average', 'min', 'max', 'rate_ms', 'percent', 'burst_rate', 'burst_start'],
      rows: this.st.rows(),
    };
  }
}

/** Registers "<abbr>,tree[,FILTER]". */
export function registerTree(spec: TreeSpec): void {
  const prefix = `${spec.abbr},tree`;
  registerTap(prefix, arg => {
    const rest = arg.slice(prefix.length);
    return new StatsTreeTap(arg, spec, rest[0] === ',' ? rest.slice(1) : null);
  });
}
