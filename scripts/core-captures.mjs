#!/usr/bin/env node
// Lists the tcpdump-tests captures whose packets use only issue #2's core protocols, by asking tshark for every
// frame's protocol chain (`tshark -r F -T fields -e frame.protocols`). A capture is kept when every token of every
// frame's chain is in CORE below. Writes the capture names (one a line, sorted) to stdout, or to the file given
// with --out (test/core-captures.txt is this script's output). Needs tshark 4.0.x on PATH.
//
//   node scripts/core-captures.mjs [--corpus DIR] [--out test/core-captures.txt]
//
// DIR defaults to ../shared/corpus beside the repository; the captures read are DIR/tcpdump-tests/*.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const corpus = opt('--corpus', path.join(root, '..', 'shared', 'corpus'));
if (!fs.existsSync(corpus)) { console.error(`no corpus at ${corpus} (use --corpus DIR)`); process.exit(2); }
const out = opt('--out', null);

// Protocol names as they appear in frame.protocols (tshark's filter names), grouped by the list.
const CORE = new Set([
  // link layers: Ethernet II and 802.3/LLC framing, 802.1Q and QinQ, Linux cooked SLL/SLL2, raw IP, BSD null/loopback
  'eth', 'ethertype', 'llc', 'vlan', 'ieee8021ad', 'sll', 'null', 'raw',
  // network: ARP, IPv4, IPv6 and its extension headers, ICMP, ICMPv6 (incl. neighbour discovery)
  'arp', 'ip', 'ipv6', 'ipv6.hopopts', 'ipv6.routing', 'ipv6.fraghdr', 'ipv6.dstopts', 'icmp', 'icmpv6',
  // transport and applications: TCP, UDP, DNS, HTTP/1.x, TLS (with the X.509 certificates of its handshake)
  'tcp', 'udp', 'dns', 'http', 'tls', 'ssl', 'x509af', 'x509ce', 'x509if', 'x509sat', 'pkix1explicit', 'pkix1implicit',
  // HTTP/1.x bodies as tshark names them
  'media', 'urlencoded-form', 'json', 'xml', 'data-text-lines', 'image-gif', 'image-jfif', 'image-png',
  // unknown payloads
  'data',
]);

const dir = path.join(corpus, 'tcpdump-tests');
const names = fs.readdirSync(dir).filter(n => fs.statSync(path.join(dir, n)).isFile()).sort();
const kept = [];
for (const name of names) {
  const r = spawnSync('tshark', ['-n', '-r', path.join(dir, name), '-T', 'fields', '-e', 'frame.protocols'],
    { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 120_000 });
  if (r.error) throw r.error;
  const chains = new Set(r.stdout.split('\n'));
  chains.delete('');
  let ok = true;
  for (const chain of chains) {
    for (const p of chain.split(':')) if (p !== 'frame' && !CORE.has(p)) { ok = false; break; }
    if (!ok) break;
  }
  // A file tshark reads no frame from counts only when tshark reads it without error (an empty capture); one cut
  // short after some frames still counts.
  if (ok && (r.stdout.length > 0 || r.status === 0)) kept.push(name);
  process.stderr.write(`\r${kept.length} of ${names.indexOf(name) + 1}`);
}
process.stderr.write('\n');
const text = kept.join('\n') + '\n';
if (out) fs.writeFileSync(path.resolve(out), text); else process.stdout.write(text);
