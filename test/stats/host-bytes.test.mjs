// -z bytes,host is typeshark's own statistic, so there is no tshark output to compare with. The expected table is
// derived here, independently of typeshark's dissectors, from what tshark 4.0.17 dissects in the same captures
// (goldens by scripts/make-host-bytes-goldens.mjs): every TCP/UDP conversation is named by the server name of its
// TLS or QUIC ClientHello, else its HTTP Host, else the name a DNS answer gave its server, else the server address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CAPTURES, FIELDS } from '../../scripts/make-host-bytes-goldens.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

function expected(fieldsText) {
  const convs = new Map(), dns = new Map();
  let other = [0, 0];
  const rank = { tls: 0, quic: 0, http: 2 };
  for (const line of fieldsText.split('\n').filter(Boolean)) {
    const v = Object.fromEntries(line.split('|').map((x, i) => [FIELDS[i], x]));
    const len = Number(v['frame.len']);
    if (v['dns.flags.response'] === '1' && v['dns.qry.name']) for (const a of [v['dns.a'], v['dns.aaaa']]) if (a) dns.set(a, v['dns.qry.name'].toLowerCase());
    const src = v['ip.src'] || v['ipv6.src'], dst = v['ip.dst'] || v['ipv6.dst'];
    const proto = v['tcp.srcport'] ? 'tcp' : v['udp.srcport'] ? 'udp' : null;
    if (!proto) { other = [other[0] + 1, other[1] + len]; continue; }
    const s = `${src}:${v[proto + '.srcport']}`, d = `${dst}:${v[proto + '.dstport']}`;
    const key = proto === 'tcp' ? `tcp:${v['tcp.stream']}` : `udp:${[s, d].sort().join(' ')}`;
    let c = convs.get(key);
    if (!c) convs.set(key, c = { client: s, serverAddr: dst, frames: 0, to: 0, from: 0, name: null, by: null });
    c.frames++;
    if (s === c.client) c.to += len; else c.from += len;
    const sni = v['tls.handshake.type'] === '1' ? v['tls.handshake.extensions_server_name'] : '';
    const by = sni ? (proto === 'udp' ? 'quic' : 'tls') : v['http.request.method'] && v['http.host'] ? 'http' : null;
    const name = sni || (by === 'http' ? v['http.host'].replace(/:\d+$/, '') : null);
    if (by && (c.by === null || rank[by] < rank[c.by])) { c.name = name.toLowerCase(); c.by = by; }
  }
  const rows = new Map();
  for (const c of convs.values()) {
    let name = c.name, by = c.by;
    if (!name) { name = dns.get(c.serverAddr) ?? c.serverAddr; by = dns.has(c.serverAddr) ? 'dns' : 'address'; }
    const r = rows.get(name) ?? { host: name, by: new Set(), conns: 0, frames: 0, to: 0, from: 0 };
    rows.set(name, r);
    r.by.add(by); r.conns++; r.frames += c.frames; r.to += c.to; r.from += c.from;
  }
  const order = ['tls', 'quic', 'http', 'dns', 'address'];
  const out = [...rows.values()].map(r => [r.host, order.filter(o => r.by.has(o)).join(','), r.conns, r.frames, r.to + r.from, r.to, r.from])
    .sort((a, b) => b[4] - a[4] || (a[0] < b[0] ? -1 : 1));
  if (other[0]) out.push([null, null, null, other[0], other[1], null, null]);
  return out;
}

for (const cap of CAPTURES) {
  test(`-z bytes,host on ${path.basename(cap)} agrees with tshark's dissection`, () => {
    const golden = fs.readFileSync(path.join(root, 'test/stats/goldens/host-bytes', path.basename(cap) + '.fields.txt'), 'utf8');
    const got = JSON.parse(execFileSync(process.execPath, [root + 'bin/typeshark.js', '-n', '-r', root + cap, '-q', '-z', 'bytes,host', '--stats-format', 'json'], { encoding: 'utf8' }));
    assert.deepEqual(got[0].rows, expected(golden));
  });
}

// The text layout is typeshark's own: a snapshot of it (reviewed by hand), so that a change to it is deliberate.
test('-z bytes,host text layout (snapshot): QUIC server names from Initials split across packets, largest first', () => {
  const text = execFileSync(process.execPath, [root + 'bin/typeshark.js', '-n', '-r', root + 'test/stats/fixtures/quic.pcap', '-q', '-z', 'bytes,host'], { encoding: 'utf8' });
  assert.equal(text, fs.readFileSync(path.join(root, 'test/stats/goldens/host-bytes/quic.pcap.txt'), 'utf8'));
});
