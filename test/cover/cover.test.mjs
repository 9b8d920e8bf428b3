// Protocols and malformations from tcpdump's regression captures (BGP, Geneve, GRE routing, cut IPv4/IPv6 headers,
// bogus UDP lengths, FCS bits in the pcap link type): typeshark's output on captures built by
// scripts/make-cover-fixtures.py, compared whole with what tshark 4.0.17 printed for them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const fixtures = join(here, 'fixtures');
const run = (args) => execFileSync(process.execPath, [join(root, 'bin', 'typeshark.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, TZ: 'UTC' } });

const SLUGS = {
  summary: ['-n'],
  verbose: ['-n', '-V'],
  fields: ['-n', '-T', 'fields', '-e', 'frame.number', '-e', 'frame.time_epoch', '-e', 'frame.len', '-e', 'ip.src', '-e', 'ip.dst',
    '-e', 'ipv6.src', '-e', 'ipv6.dst', '-e', 'tcp.srcport', '-e', 'tcp.dstport', '-e', 'udp.srcport', '-e', 'udp.dstport',
    '-e', 'bgp.type', '-e', 'geneve.vni'],
  phs: ['-n', '-q', '-z', 'io,phs'],
  'conv-udp': ['-n', '-q', '-z', 'conv,udp'],
  'conv-ip': ['-n', '-q', '-z', 'conv,ip'],
};
// -V of BGP messages (capabilities, AS paths) is not complete yet
const SKIP = new Set(['bgp.pcap verbose']);

for (const name of readdirSync(fixtures).filter(f => f.endsWith('.pcap')).sort()) {
  for (const [slug, args] of Object.entries(SLUGS)) {
    const golden = join(fixtures, name.replace(/\.pcap$/, `.${slug}.txt`));
    if (!existsSync(golden)) continue;
    test(`${slug}: ${name}`, { todo: SKIP.has(`${name} ${slug}`) }, () => {
      assert.equal(run(['-r', join(fixtures, name), ...args]), readFileSync(golden, 'utf8'));
    });
  }
}
