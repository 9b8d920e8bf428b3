// --plot FILE.svg: a picture of the traffic over time — each io,stat statistic drawn as a line chart (one line per
// column: bytes per interval, or the column's COUNT/SUM/… value), self-contained SVG with axes, ticks and a legend.
import * as fs from 'node:fs';
import type { Cell, StatTable } from '../stats/tap.js';

const W = 960, H = 360, M = { left: 80, right: 20, top: 48, bottom: 64 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

function esc(s: string): string { return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'); }

/** 1, 2 or 5 × 10^k steps giving about n ticks from 0 to max. */
export function ticks(max: number, n = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / n, mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map(f => f * mag).find(s => s >= raw)!;
  const out: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  if (out[out.length - 1]! < max) out.push(Number((out[out.length - 1]! + step).toPrecision(12)));
  return out;
}

function human(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${+(v / 1e9).toFixed(2)}G`;
  if (a >= 1e6) return `${+(v / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toFixed(1)}k`;
  return String(+v.toFixed(3));
}

/** The series of one io,stat table: per column, its label and one value per interval. */
function series(t: StatTable): { label: string; unit: string; values: number[] }[] {
  const c = t.columns;
  const out: { label: string; unit: string; values: number[] }[] = [];
  for (let n = 1; c.includes(`${n}:frames`); n++) {
    const agg = ['sum', 'count', 'max', 'min', 'avg', 'load'].find(a => c.includes(`${n}:${a}`));
    const name = agg ? `${n}:${agg}` : `${n}:bytes`;
    const i = c.indexOf(name);
    const text = String(t.meta?.[`col${n}`] ?? '') || 'all frames';
    out.push({ label: text, unit: agg ? agg.toUpperCase() : 'bytes', values: t.rows.map(r => Number(r[i] ?? 0)) });
  }
  return out;
}

export function chartSvg(t: StatTable): string {
  const ss = series(t);
  const starts = t.rows.map(r => Number(r[0] as Cell));
  const interval = Number(t.meta?.interval ?? 0) || (starts[1] ?? 1) - (starts[0] ?? 0) || 1;
  const xMax = Math.max(interval, ...t.rows.map(r => Number(r[1] as Cell)));
  const yTicks = ticks(Math.max(0, ...ss.flatMap(s => s.values)));
  const yMax = yTicks[yTicks.length - 1]!, xTicks = ticks(xMax, 8);
  const pw = W - M.left - M.right, ph = H - M.top - M.bottom;
  const x = (v: number): number => M.left + pw * v / xTicks[xTicks.length - 1]!;
  const y = (v: number): number => M.top + ph * (1 - v / yMax);
  const units = [...new Set(ss.map(s => s.unit))].join(', ');
  let s = `<g>\n<text x="${M.left}" y="22" font-size="15" font-weight="bold">${esc(`-z ${t.arg}`)}</text>\n`;
  s += `<text x="${M.left}" y="40" font-size="12" fill="#555">${esc(`${units} per ${interval} s interval${t.filter ? `, filter ${t.filter}` : ''}`)}</text>\n`;
  for (const v of yTicks) s += `<line x1="${M.left}" x2="${W - M.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e4e4e4"/><text x="${M.left - 6}" y="${(y(v) + 4).toFixed(1)}" font-size="11" text-anchor="end">${human(v)}</text>\n`;
  for (const v of xTicks) s += `<line x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${M.top + ph}" y2="${M.top + ph + 4}" stroke="#333"/><text x="${x(v).toFixed(1)}" y="${M.top + ph + 17}" font-size="11" text-anchor="middle">${human(v)}</text>\n`;
  s += `<line x1="${M.left}" x2="${W - M.right}" y1="${M.top + ph}" y2="${M.top + ph}" stroke="#333"/><line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + ph}" stroke="#333"/>\n`;
  s += `<text x="${M.left + pw / 2}" y="${H - 28}" font-size="12" text-anchor="middle">seconds since the first packet</text>\n`;
  ss.forEach((se, k) => {
    const color = COLORS[k % COLORS.length]!;
    // each interval's value drawn at its middle; a lone interval becomes a dot
    const pts = se.values.map((v, i) => `${x(starts[i]! + interval / 2).toFixed(1)},${y(v).toFixed(1)}`);
    s += pts.length > 1 ? `<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.join(' ')}"/>\n` : `<circle cx="${pts[0]?.split(',')[0] ?? M.left}" cy="${pts[0]?.split(',')[1] ?? y(0)}" r="3" fill="${color}"/>\n`;
    const lx = M.left + k * 180;
    s += `<rect x="${lx}" y="${H - 14}" width="12" height="4" fill="${color}"/><text x="${lx + 16}" y="${H - 9}" font-size="11">${esc(se.label)}</text>\n`;
  });
  return s + '</g>\n';
}

/** All io,stat charts of a run in one SVG document, stacked; null when there is none. */
export function plotSvg(tables: readonly StatTable[]): string | null {
  const charts = tables.filter(t => t.stat === 'io,stat');
  if (!charts.length) return null;
  let body = '';
  charts.forEach((t, i) => { body += `<g transform="translate(0,${i * H})">\n${chartSvg(t)}</g>\n`; });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H * charts.length}" viewBox="0 0 ${W} ${H * charts.length}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${body}</svg>\n`;
}

/** Writes the picture; returns an error message or null. */
export function writePlot(path: string, tables: readonly StatTable[]): string | null {
  const svg = plotSvg(tables);
  if (svg === null) return '--plot draws io,stat statistics: add one, e.g. -z io,stat,10,tcp,udp';
  try { fs.writeFileSync(path, svg); return null; } catch (e) { return `The plot could not be written to "${path}": ${(e as Error).message}`; }
}
