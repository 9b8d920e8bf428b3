// The lean fast path (src/fast/scan.ts) must print exactly what the full engine prints (TYPESHARK_NO_FAST=1 turns
// the fast path off), on every fixture and on a small bench capture; and the bench capture must take the fast path
// (TYPESHARK_FAST_DEBUG reports it), so that the comparison is not between two runs of the engine. The HTTP trees
// (src/fast/http.ts) run both ways on every capture under test/, two bench captures and the HTTP cases of
// http-cases.mjs, each of which must take the lean path or give it up as designed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCases } from './http-cases.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const bin = join(root, 'bin', 'typeshark.js');
const run = (args, env = {}) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...env } });
  return `${r.stdout}\n--stderr--\n${r.stderr}\n--exit ${r.status}`;
};

const STATS = [
  ['-z', 'conv,tcp'],
  ['-z', 'conv,udp', '-z', 'io,stat,0'],
  ['-z', 'io,stat,1,tcp,udp,ip,ipv6'],
  ['-z', 'io,stat,0.5,FRAMES()tcp,BYTES()udp', '-z', 'conv,tcp'],
  ['-Y', 'udp', '-z', 'conv,tcp', '-c', '7'],
];
/** The HTTP trees (fast/http.ts), on every capture. */
const HTTP_STATS = [
  ['-z', 'http_req,tree', '-z', 'http,tree', '-z', 'http_srv,tree', '-z', 'conv,tcp'],
];

const files = [];
for (const dir of [join(root, 'test', 'fixtures'), join(root, 'test', 'net', 'fixtures')]) {
  for (const f of readdirSync(dir).filter(f => /\.(pcap|pcapng|gz)$/.test(f)).sort()) files.push(join(dir, f));
}
/** Every other capture file under test/ (the HTTP trees run on all of them). */
const more = [];
const walk = dir => {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : 1)) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.(pcap|pcapng|gz)$/.test(e.name) && statSync(p).isFile() && !files.includes(p)) more.push(p);
  }
};
walk(join(root, 'test'));
const tmp = mkdtempSync(join(tmpdir(), 'ts-fast-'));
const bench = join(tmp, 'bench1.pcap');
execFileSync(process.execPath, [join(root, 'bench', 'gen.mjs'), '1', bench]);
files.push(bench);
const bench2 = join(tmp, 'bench2.pcap');
execFileSync(process.execPath, [join(root, 'bench', 'gen.mjs'), '2', bench2, '--seed', '7']);
const cases = writeCases(tmp);

for (const file of files) {
  test(`fast path = engine: ${file.slice(root.length + 1)}`, () => {
    for (const stats of [...STATS, ...HTTP_STATS]) {
      const base = ['-n', '-r', file, '-q', ...stats];
      assert.equal(run(base), run(base, { TYPESHARK_NO_FAST: '1' }), stats.join(' '));
    }
  });
}
for (const file of [...more, bench2, ...cases.map(c => c.file)]) {
  test(`HTTP trees, fast path = engine: ${file.startsWith(root) ? file.slice(root.length + 1) : file.slice(tmp.length + 1)}`, () => {
    for (const stats of HTTP_STATS) {
      const base = ['-n', '-r', file, '-q', ...stats];
      assert.equal(run(base), run(base, { TYPESHARK_NO_FAST: '1' }), stats.join(' '));
    }
  });
}

test('the HTTP cases take the lean path, or give it up, as their design says', () => {
  for (const c of cases) {
    const r = spawnSync(process.execPath, [bin, '-n', '-r', c.file, '-q', '-z', 'http_req,tree'], { encoding: 'utf8', env: { ...process.env, TYPESHARK_FAST_DEBUG: '1' } });
    if (c.lean) assert.match(r.stderr, /^fast path: \d+ frames\n$/, c.name);
    else assert.match(r.stderr, /^fast path: fell back at frame \d+ \(.+\)\n$/, c.name);
  }
});

test('the bench captures take the lean HTTP path', () => {
  for (const f of [bench, bench2]) {
    const r = spawnSync(process.execPath, [bin, '-n', '-r', f, '-q', '-z', 'http_req,tree', '-z', 'http,tree'], { encoding: 'utf8', env: { ...process.env, TYPESHARK_FAST_DEBUG: '1' } });
    assert.match(r.stderr, /^fast path: \d+ frames\n$/);
  }
});

test('the bench capture takes the fast path', () => {
  const r = spawnSync(process.execPath, [bin, '-n', '-r', bench, '-q', '-z', 'conv,tcp'], { encoding: 'utf8', env: { ...process.env, TYPESHARK_FAST_DEBUG: '1' } });
  assert.match(r.stderr, /^fast path: \d+ frames\n$/);
});
