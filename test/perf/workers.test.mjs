// --workers N: the statistics computed by worker threads on a flow partition and merged must be byte-identical to
// one worker's, on every fixture and on a small bench capture (thousands of flows, port reuse, IPv6).
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
const run = (args) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return `${r.stdout}\n--stderr--\n${r.stderr}\n--exit ${r.status}`;
};

const STATS = [
  ['-z', 'conv,ip', '-z', 'endpoints,tcp', '-z', 'conv,eth', '-z', 'endpoints,ipv6'],
  ['-z', 'conv,udp', '-z', 'endpoints,ip', '-z', 'endpoints,udp,udp.port==53', '-z', 'conv,ipv6'],
  // the lean fast path (fast/scan.ts) in workers
  ['-z', 'conv,tcp'],
  ['-z', 'io,stat,1,tcp,udp,ip,ipv6', '-z', 'conv,udp'],
];

const files = [];
for (const dir of [join(root, 'test', 'fixtures'), join(root, 'test', 'net', 'fixtures')]) {
  for (const f of readdirSync(dir).filter(f => /\.(pcap|pcapng|gz)$/.test(f)).sort()) files.push(join(dir, f));
}
const tmp = mkdtempSync(join(tmpdir(), 'ts-workers-'));
const bench = join(tmp, 'bench1.pcap');
execFileSync(process.execPath, [join(root, 'bench', 'gen.mjs'), '1', bench]);
files.push(bench);

for (const file of files) {
  test(`workers 2 = workers 1: ${file.slice(root.length + 1)}`, () => {
    for (const stats of STATS) {
      const base = ['-n', '-r', file, '-q', ...stats];
      assert.equal(run([...base, '--workers', '2']), run(base), stats.join(' '));
    }
  });
}
