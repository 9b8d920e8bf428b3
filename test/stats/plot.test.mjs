// --plot FILE.svg: the io,stat tables drawn as line charts. Checked against the statistic's own numbers
// (--stats-format json): one line per column, one point per interval, heights proportional to the values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const seed = root + 'test/fixtures/seed.pcap';

test('--plot draws every io,stat column as a line whose heights follow the table', () => {
  const svgPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plot-')), 'traffic.svg');
  const args = ['-n', '-r', seed, '-q', '-z', 'io,stat,5,tcp,udp,http.request', '-z', 'conv,ip'];
  const text = execFileSync(process.execPath, [root + 'bin/typeshark.js', ...args, '--plot', svgPath], { encoding: 'utf8' });
  // stdout is unchanged by --plot
  assert.equal(text, execFileSync(process.execPath, [root + 'bin/typeshark.js', ...args], { encoding: 'utf8' }));
  const [table] = JSON.parse(execFileSync(process.execPath, [root + 'bin/typeshark.js', ...args.slice(0, 6), '--stats-format', 'json'], { encoding: 'utf8' }));
  const svg = fs.readFileSync(svgPath, 'utf8');
  assert.match(svg, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg, /-z io,stat,5,tcp,udp,http\.request/);
  const lines = [...svg.matchAll(/<polyline [^>]*points="([^"]+)"/g)].map(m => m[1].split(' ').map(p => p.split(',').map(Number)));
  assert.equal(lines.length, 3);
  for (const label of ['tcp', 'udp', 'http.request']) assert.ok(svg.includes(`>${label}</text>`), label);
  const axis = Number(/<line x1="\d+" x2="\d+" y1="([\d.]+)" y2="\1" stroke="#333"\/>/.exec(svg)[1]);
  // one scale for all lines, taken from the tallest point (coordinates are rounded to 0.1 pixel)
  const all = lines.flatMap((pts, k) => pts.map(([, y], i) => [axis - y, table.rows[i][table.columns.indexOf(`${k + 1}:bytes`)]]));
  const [hMax, vMax] = all.reduce((a, b) => (b[1] > a[1] ? b : a));
  const scale = hMax / vMax;
  lines.forEach((pts, k) => {
    const values = table.rows.map(r => r[table.columns.indexOf(`${k + 1}:bytes`)]);
    assert.equal(pts.length, values.length);
    pts.forEach(([, y], i) => {
      const h = axis - y;
      assert.ok(Math.abs(h - scale * values[i]) < 0.11, `line ${k + 1} point ${i}: height ${h} for ${values[i]}`);
    });
    // x grows with time
    for (let i = 1; i < pts.length; i++) assert.ok(pts[i][0] > pts[i - 1][0]);
  });
});

test('--plot without an io,stat statistic says what it needs', () => {
  const r = spawnSync(process.execPath, [root + 'bin/typeshark.js', '-n', '-r', seed, '-q', '-z', 'conv,ip', '--plot', '/tmp/never.svg'], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.equal(r.stderr, 'typeshark: --plot draws io,stat statistics: add one, e.g. -z io,stat,10,tcp,udp\n');
});
