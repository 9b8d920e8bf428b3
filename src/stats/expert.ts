// -z expert[,error|warn|note|chat|comment][,FILTER] (ui/cli/tap-expert.c of tshark 4.0): expert infos
// grouped by severity, one row per (protocol, summary), in order of first appearance.
import { GROUP_NAMES } from '../dissect/expert.js';
import { Severity, type Packet } from '../dissect/packet.js';
import type { CompiledFilter } from '../filter/api.js';
import { registerTap, TapArgError, tapFilter, type Cell, type StatTable, type Tap } from './tap.js';

/** Report levels, lowest first (tap-expert.c's severity_level). */
const LEVELS = [Severity.Comment, Severity.Chat, Severity.Note, Severity.Warn, Severity.Error] as const;
const LABELS = ['Comments', 'Chats', 'Notes', 'Warns', 'Errors'];

interface Entry { group: number; protocol: string; summary: string; frequency: number }

class Expert implements Tap {
  readonly needsTree: boolean;
  private readonly filter: CompiledFilter | null;
  private readonly levels: Entry[][] = [[], [], [], [], []];
  private readonly index: Map<string, Entry>[] = [new Map(), new Map(), new Map(), new Map(), new Map()];

  constructor(readonly arg: string, readonly lowest: number, readonly filterText: string | null) {
    try {
      this.filter = tapFilter(filterText, 'expert');
    } catch (e) {
      if (e instanceof TapArgError) {
        const why = e.message.replace(/^.*?Filter "/s, 'Filter "').replace(/\n$/, '');
        throw new TapArgError(`Expert tap error (${why})!\n`, 1);
      }
      throw e;
    }
    this.needsTree = !!this.filter?.needsTree;
  }

  packet(pkt: Packet): void {
    const ex = pkt.expert;
    if (!ex.length) return;
    if (this.filter && !this.filter.match(pkt)) return;
    for (const e of ex) this.add(LEVELS.indexOf(e.severity as (typeof LEVELS)[number]), e.group, e.protocol, e.message, 1);
  }

  private add(level: number, group: number, protocol: string, summary: string, n: number): void {
    if (level < 0 || level < this.lowest) return;
    const key = protocol + '\0' + summary;
    const have = this.index[level]!.get(key);
    if (have) { have.frequency += n; return; }
    const entry = { group, protocol, summary, frequency: n };
    this.levels[level]!.push(entry);
    this.index[level]!.set(key, entry);
  }

  merge(o: Tap): void {
    const other = o as Expert;
    other.levels.forEach((list, level) => { for (const e of list) this.add(level, e.group, e.protocol, e.summary, e.frequency); });
  }

  draw(): string {
    let s = '';
    for (let level = 4; level >= 0; level--) {
      const items = this.levels[level]!;
      if (!items.length) continue;
      const total = items.reduce((a, e) => a + e.frequency, 0);
      s += `\n${LABELS[level]} (${total})\n=============\n   Frequency      Group           Protocol  Summary\n`;
      for (const e of items) {
        const g = GROUP_NAMES.get(e.group) ?? `Unknown (${e.group})`;
        s += `${String(e.frequency).padStart(12)} ${g.padStart(10)} ${e.protocol.padStart(18)}  ${e.summary}\n`;
      }
    }
    return s;
  }

  table(): StatTable {
    const rows: Cell[][] = [];
    for (let level = 4; level >= 0; level--) {
      for (const e of this.levels[level]!) rows.push([LABELS[level]!.replace(/s$/, ''), e.frequency, GROUP_NAMES.get(e.group) ?? null, e.protocol, e.summary]);
    }
    return { arg: this.arg, stat: 'expert', title: 'Expert Info', filter: this.filterText, columns: ['severity', 'frequency', 'group', 'protocol', 'summary'], rows };
  }
}

registerTap('expert', arg => {
  const opts: [string, number][] = [['expert,error', 4], ['expert,warn', 3], ['expert,note', 2], ['expert,chat', 1], ['expert,comment', 0]];
  for (const [p, level] of opts) {
    if (arg.startsWith(p)) {
      const f = arg.slice(p.length + 1);
      return new Expert(arg, level, f === '' ? null : f);
    }
  }
  if (arg.startsWith('expert,')) return new Expert(arg, 0, arg.slice(7) || null);
  return new Expert(arg, 0, null);
});
