// The lean fast path (src/fast/scan.ts) must print exactly what the full engine prints (TYPESHARK_NO_FAST=1 turns
// the fast path off), on every fixture and on a small bench capture; and the bench capture must take the fast path
// (TYPESHARK_FAST_DEBUG reports it), so that the comparison is not between two runs of the engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

const files = [];
for (const dir of [join(root, 'test', 'fixtures'), join(root, 'test', 'net', 'fixtures')]) {
  for (const f of readdirSync(dir).filter(f => /\.(pcap|pcapng|gz)$/.test(f)).sort()) files.push(join(dir, f));
}
const tmp = mkdtempSync(join(tmpdir(), 'ts-fast-'));
const bench = join(tmp, 'bench1.pcap');
execFileSync(process.execPath, [join(root, 'bench', 'gen.mjs'), '1', bench]);
files.push(bench);

for (const file of files) {
  test(`fast path = engine: ${file.slice(root.length + 1)}`, () => {
    for (const stats of STATS) {
      const base = ['-n', '-r', file, '-q', ...stats];
      assert.equal(run(base), run(base, { TYPESHARK_NO_FAST: '1' }), stats.join(' '));
    }
  });
}

test('the bench capture takes the fast path', () => {
  const r = spawnSync(process.execPath, [bin, '-n', '-r', bench, '-q', '-z', 'conv,tcp'], { encoding: 'utf8', env: { ...process.env, TYPESHARK_FAST_DEBUG: '1' } });
  assert.match(r.stderr, /^fast path: \d+ frames\n$/);
});
