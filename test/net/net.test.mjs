// Link and network layers: typeshark's packet list (and, where it already matches, -V) on small captures
// built by scripts/make-net-fixtures.py, compared whole with what tshark 4.0.17 printed for them.
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

// -V is compared where the whole tree already matches (the others carry Data payloads, whose hex dump
// in -V belongs to the printer); add names here as they come to match.
const VERBOSE = new Set(['arp-variants.pcap', 'ip-options.pcap', 'ipv6-ext.pcap', 'ipv6-nd.pcap', 'loop.pcap', 'null.pcap',
  'raw.pcap', 'raw4-raw6.pcap', 'raw6.pcap', 'sll.pcap', 'sll2.pcap', 'tunnels.pcap', 'vlan-qinq.pcap']);

for (const name of readdirSync(fixtures).filter(f => f.endsWith('.pcap')).sort()) {
  const file = join(fixtures, name);
  test(`summary: ${name}`, () => {
    const want = readFileSync(file.replace(/\.pcap$/, '.summary.txt'), 'utf8');
    assert.equal(run(['-n', '-r', file]), want);
  });
  // -z expert: every entry with the protocol tshark names it by (pinfo->current_proto), tree or not.
  test(`expert: ${name}`, () => {
    const want = readFileSync(file.replace(/\.pcap$/, '.expert.txt'), 'utf8');
    assert.equal(run(['-n', '-q', '-z', 'expert', '-r', file]), want);
  });
  if (VERBOSE.has(name)) test(`verbose: ${name}`, () => {
    const want = readFileSync(file.replace(/\.pcap$/, '.verbose.txt'), 'utf8');
    assert.equal(run(['-n', '-r', file, '-V']), want);
  });
}
