#!/usr/bin/env node
// Goldens for -z bytes,host (test/stats/host-bytes.test.mjs): what tshark 4.0.17 dissects in each capture — lengths,
// endpoints, HTTP Host, TLS/QUIC server names, DNS answers — as -T fields, from which the test derives the expected
// table independently of typeshark's dissectors.   node scripts/make-host-bytes-goldens.mjs
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIELDS = ['frame.len', 'ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst', 'tcp.stream', 'tcp.srcport', 'tcp.dstport',
  'udp.srcport', 'udp.dstport', 'http.request.method', 'http.host', 'tls.handshake.type', 'tls.handshake.extensions_server_name',
  'dns.flags.response', 'dns.qry.name', 'dns.a', 'dns.aaaa'];
export const CAPTURES = ['test/stats/fixtures/quic.pcap', 'test/fixtures/seed.pcap', 'test/fixtures/tls.pcap', 'test/fixtures/http.pcap', 'test/fixtures/ipv6.pcap', 'test/fixtures/dns.pcap'];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = path.join(root, 'test/stats/goldens/host-bytes');
  fs.mkdirSync(dir, { recursive: true });
  for (const c of CAPTURES) {
    const text = execFileSync('tshark', ['-n', '-r', path.join(root, c), '-T', 'fields', '-E', 'separator=|', '-E', 'occurrence=f', ...FIELDS.flatMap(f => ['-e', f])], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
    fs.writeFileSync(path.join(dir, path.basename(c) + '.fields.txt'), text);
  }
  console.log(`${CAPTURES.length} goldens in ${dir}`);
}
