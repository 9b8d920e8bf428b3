// Edge cases of the core protocols (issue #2): TCP options of every registered kind and AccECN, payloads cut by the
// snapshot length, UDP lengths past the IP payload, IPv6 jumbograms and hop-by-hop options, Mobile IPv6 ICMPv6,
// out-of-range nanosecond fractions. Captures and tshark 4.0.17's outputs come from
// scripts/make-core-edge-fixtures.py; the packet list is compared whole (-V and -z expert goldens are kept for later).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const fixtures = join(here, 'fixtures');
const run = (args) => execFileSync(process.execPath, [join(root, 'bin', 'typeshark.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });

for (const name of readdirSync(fixtures).filter(f => f.endsWith('.pcap')).sort()) {
  const file = join(fixtures, name);
  test(`summary: ${name}`, () => {
    assert.equal(run(['-n', '-r', file]), readFileSync(file.replace(/\.pcap$/, '.summary.txt'), 'utf8'));
  });
  test(`relative and delta times: ${name}`, { skip: name !== 'core-edge-nanotime.pcap' }, () => {
    assert.equal(run(['-n', '-r', file, '-t', 'd']), readFileSync(file.replace(/\.pcap$/, '.delta.txt'), 'utf8'));
  });
}
