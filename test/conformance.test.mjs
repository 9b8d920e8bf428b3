// The shared corpus scoreboard (../shared/corpus, present in CI and on developer machines): fails when the match
// counts for the commands below fall under the bars in test/conformance-bars.json, or when anything crashes.
import { test } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const tool = path.join(root, '..', 'shared', 'tools', 'conformance');
const bars = JSON.parse(fs.readFileSync(path.join(root, 'test/conformance-bars.json'), 'utf8'));
const present = fs.existsSync(tool) && fs.existsSync(path.join(root, '..', 'shared', 'corpus'));

for (const bar of bars) {
  test(`conformance ${bar.set} ${bar.only} >= ${bar.match}`, { skip: present ? false : 'no ../shared/corpus here' }, () => {
    const r = spawnSync(tool, ['--set', bar.set, '--only', bar.only, '--json', '--list', '--timeout', '60', '--jobs', '2', ...(bar.sample ? ['--sample', String(bar.sample)] : [])],
      { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(`conformance failed: ${r.stderr}`);
    const res = JSON.parse(r.stdout);
    const crashes = res.failing.filter(f => f.crashed).map(f => `${f.capture} ${f.slug}`);
    if (crashes.length) throw new Error(`${crashes.length} crashed: ${crashes.slice(0, 10).join(', ')}`);
    if (res.match < bar.match) throw new Error(`${res.match} of ${res.total} match, bar is ${bar.match}; failing: ${res.failing.slice(0, 20).map(f => `${f.capture} ${f.slug}`).join(', ')}`);
  });
}

// Issue #2: `summary` matches tshark on every tcpdump-tests capture whose frames use only the core protocols
// (test/core-captures.txt, made by scripts/core-captures.mjs from tshark's frame.protocols).
// Excluded below, each with its reason: captures where tshark runs a non-core dissector that fails before it adds
// its protocol to the tree, so frame.protocols does not name it although it changes the Protocol or Info column.
// They belong to those protocols' issues (the lead reports them).
const CORE_EXCLUDED = new Map([
  ['cve-2014-8767-OLSR.pcap', 'OLSR (UDP 698) writes "OLSR Packet, Length: … (not enough data in packet)" into Info'],
  ['olsr-oobr-2.pcap', 'OLSR (UDP 698) writes "OLSR Packet, Length: … (not enough data in packet)" into Info'],
  ['isakmp-pointer-loop.pcap', 'ISAKMP (UDP 500) names the Protocol column and empties Info before failing'],
  ['pgm_opts_asan.pcap', 'PGM (IP protocol 113) names the Protocol column and empties Info before failing'],
  ['pgm_opts_asan_2.pcap', 'PGM (IP protocol 113) names the Protocol column and empties Info before failing'],
  ['pgm_opts_asan_3.pcap', 'PGM (IP protocol 113) names the Protocol column and empties Info before failing'],
  ['nfs-seg-fault-1.pcapng', 'ONC RPC record marking over TCP (port 2049) asks TCP for reassembly: "[TCP segment of a reassembled PDU]"'],
]);

test('conformance tcpdump-tests summary on every core-protocol capture (test/core-captures.txt)', { skip: present ? false : 'no ../shared/corpus here' }, () => {
  const names = fs.readFileSync(path.join(root, 'test/core-captures.txt'), 'utf8').split('\n').filter(n => n && !CORE_EXCLUDED.has(n));
  const re = `^tcpdump-tests/(${names.map(n => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`;
  const r = spawnSync(tool, ['--set', 'tcpdump-tests', '--only', '^summary$', '--file', re, '--json', '--list', '--timeout', '60', '--jobs', '2'],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`conformance failed: ${r.stderr}`);
  const res = JSON.parse(r.stdout);
  if (res.total !== names.length) throw new Error(`${res.total} cases run, ${names.length} captures listed`);
  const failing = res.failing.map(f => `${f.capture}${f.crashed ? ' (crashed)' : ''}`);
  if (failing.length) throw new Error(`${failing.length} of ${res.total} differ from tshark: ${failing.join(', ')}`);
});
