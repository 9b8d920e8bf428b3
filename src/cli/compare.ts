// --compare OLD: what grew. The -z statistics of the capture given with -r are computed for OLD as well, and each is
// printed as a comparison: rows of the two captures matched by their key (a conversation, a host, an HTTP path, a
// protocol, an interval), the main counts before and now, and the change, largest change first.
import { captureOutput } from '../output/stdout.js';
import { resetCaptureState } from '../dissect/state.js';
import type { Cell, StatTable } from '../stats/tap.js';
import { tableCsv } from '../stats/tap.js';
import type { Config } from './config.js';
import { runFile } from './read-file.js';

/** How rows of one statistic family are matched and which counts are compared. */
interface Plan { key(row: Cell[], cols: readonly string[], path: string[]): string; metrics: string[] }

const col = (row: Cell[], cols: readonly string[], name: string): Cell => row[cols.indexOf(name)] ?? null;

/**
 * A TCP/UDP conversation is matched by its addresses and its service port: the client's ephemeral port (the higher
 * one, when at least 1024) becomes `*`, so the same service used over new connections is one row. Endpoints are
 * ordered, so the direction of the first packet does not matter.
 */
function convKey(row: Cell[], cols: readonly string[]): string {
  let a = String(col(row, cols, 'address_a')), b = String(col(row, cols, 'address_b'));
  const port = (s: string): number => { const m = /:(\d+)$/.exec(s); return m ? Number(m[1]) : -1; };
  const pa = port(a), pb = port(b);
  if (pa >= 0 && pb >= 0) {
    if (pa > pb && pa >= 1024) a = a.replace(/:\d+$/, ':*');
    else if (pb > pa && pb >= 1024) b = b.replace(/:\d+$/, ':*');
  }
  return a < b ? `${a} <-> ${b}` : `${b} <-> ${a}`;
}

/** A tree row's key is its path from the top (the same topic can appear under several parents). */
function treeKey(row: Cell[], cols: readonly string[], path: string[], name: string): string {
  const depth = Number(col(row, cols, 'depth'));
  path.length = depth;
  path.push(String(col(row, cols, name)));
  return path.join(' / ');
}

const PLANS: Record<string, Plan> = {
  conv: { key: convKey, metrics: ['frames', 'bytes'] },
  endpoints: { key: (r, c) => [col(r, c, 'address'), col(r, c, 'port')].filter(x => x !== null).join(':'), metrics: ['packets', 'bytes'] },
  stats_tree: { key: (r, c, p) => treeKey(r, c, p, 'topic'), metrics: ['count'] },
  'io,phs': { key: (r, c, p) => treeKey(r, c, p, 'protocol'), metrics: ['frames', 'bytes'] },
  expert: { key: (r, c) => ['severity', 'group', 'protocol', 'summary'].map(n => col(r, c, n)).join(' | '), metrics: ['frequency'] },
  'bytes,host': { key: (r, c) => String(col(r, c, 'host') ?? '(not TCP or UDP)'), metrics: ['conns', 'frames', 'bytes'] },
  'io,stat': { key: (r, c) => `${col(r, c, 'start')}-${col(r, c, 'end')}`, metrics: [] },
};

interface Row { key: string; before: number[]; now: number[] }

function compareTables(old: StatTable | undefined, now: StatTable): StatTable {
  const plan = PLANS[now.stat];
  if (!plan) return { ...now, title: `${now.title} (not comparable: shown for the new capture only)`, meta: { ...now.meta, compared: 'no' } };
  const metrics = plan.metrics.length ? plan.metrics : now.columns.filter(c => /:(frames|bytes|count|sum)$/.test(c));
  const rows = new Map<string, Row>();
  const add = (t: StatTable, side: 'before' | 'now'): void => {
    const path: string[] = [];
    for (const r of t.rows) {
      const k = plan.key(r, t.columns, path);
      let row = rows.get(k);
      if (!row) rows.set(k, row = { key: k, before: metrics.map(() => 0), now: metrics.map(() => 0) });
      metrics.forEach((m, i) => { row![side][i]! += Number(col(r, t.columns, m) ?? 0); });
    }
  };
  if (old) add(old, 'before');
  add(now, 'now');
  const last = metrics.length - 1;
  const ordered = [...rows.values()];
  // io,stat keeps time order; everything else: the largest change of the last count first
  if (now.stat !== 'io,stat') {
    ordered.sort((a, b) => Math.abs(b.now[last]! - b.before[last]!) - Math.abs(a.now[last]! - a.before[last]!) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
  const columns = ['key', ...metrics.flatMap(m => [`${m}_before`, `${m}_now`, `${m}_change`])];
  const out: Cell[][] = ordered.map(r => [r.key, ...metrics.flatMap((_, i) => [r.before[i]!, r.now[i]!, r.now[i]! - r.before[i]!])]);
  return { arg: now.arg, stat: now.stat, title: now.title, filter: now.filter, columns, rows: out };
}

function pct(before: number, now: number): string {
  if (before === 0) return now === 0 ? '0%' : 'new';
  const p = 100 * (now - before) / before;
  return `${p > 0 ? '+' : ''}${p.toFixed(1)}%`;
}

function drawComparison(t: StatTable, oldName: string): string {
  const rule = '================================================================================\n';
  let s = `${rule}${t.title} — ${t.arg}\nCompared with: ${oldName}\nFilter:${t.filter ?? '<No Filter>'}\n`;
  if (t.columns[0] !== 'key') return s + '(this statistic is not compared)\n' + rule;
  const metrics = t.columns.slice(1).filter(c => c.endsWith('_before')).map(c => c.slice(0, -7));
  const kw = Math.max(12, ...t.rows.map(r => String(r[0]).length));
  s += 'Key'.padEnd(kw);
  for (const m of metrics) s += `  ${(m + ' before').padStart(14)} ${(m + ' now').padStart(14)} ${'change'.padStart(12)} ${'%'.padStart(8)}`;
  s += '\n';
  for (const r of t.rows) {
    s += String(r[0]).padEnd(kw);
    metrics.forEach((_, i) => {
      const b = Number(r[1 + 3 * i]), n = Number(r[2 + 3 * i]), d = n - b;
      s += `  ${fmt(b).padStart(14)} ${fmt(n).padStart(14)} ${((d > 0 ? '+' : '') + fmt(d)).padStart(12)} ${pct(b, n).padStart(8)}`;
    });
    s += '\n';
  }
  return s + rule;
}

const fmt = (v: number): string => Number.isInteger(v) ? String(v) : v.toFixed(6);

/** Runs the statistics on one capture in this process and returns their tables (or the exit code on failure). */
async function tablesOf(cfg: Config, path: string): Promise<StatTable[] | { code: number; stderr: string }> {
  const outParts: string[] = [], errParts: string[] = [];
  resetCaptureState();
  captureOutput(s => { outParts.push(s); }, s => { errParts.push(s); });
  let code: number;
  try { code = await runFile({ ...cfg, readFile: path, statsFormat: 'json', workers: 1 }); } finally { captureOutput(null, null); }
  if (code !== 0) return { code, stderr: errParts.join('') };
  return JSON.parse(outParts.join('')) as StatTable[];
}

/** --compare OLD with -r NEW -z …: returns the exit code. */
export async function runCompare(cfg: Config, write: (s: string) => void, writeErr: (s: string) => void): Promise<number> {
  if (cfg.readFile === null || cfg.stats.length === 0) { writeErr('typeshark: --compare needs a capture to read (-r) and at least one -z statistic\n'); return 1; }
  const old = await tablesOf(cfg, cfg.compare!);
  if (!Array.isArray(old)) { writeErr(old.stderr); return old.code; }
  const now = await tablesOf(cfg, cfg.readFile);
  if (!Array.isArray(now)) { writeErr(now.stderr); return now.code; }
  const tables = now.map((t, i) => compareTables(old[i], t));
  if (cfg.statsFormat === 'json') write('[\n' + tables.map(t => JSON.stringify(t)).join(',\n') + '\n]\n');
  else if (cfg.statsFormat === 'csv') write(tables.map(tableCsv).join('\n'));
  else write(tables.map(t => drawComparison(t, cfg.compare!)).join(''));
  return 0;
}
