// The library API (import { openCapture, Dissector } from 'typeshark'): the same fields and columns as the command,
// checked against tshark's goldens for the project's fixtures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { openCapture, Dissector, CaptureFileError } from '../../dist/index.js';

const FIX = new URL('../fixtures/', import.meta.url).pathname;
const GOLD = new URL('../goldens/', import.meta.url).pathname;

/** tshark -T fields with -E separator/quote, from the library's field tree and columns. */
async function fieldsOutput(file, names, { sep = '\t', quote = '', header = false } = {}) {
  const d = new Dissector();
  const lines = header ? [names.join(sep)] : [];
  for await (const pkt of openCapture(file)) {
    const p = d.dissect(pkt);
    const cols = { Protocol: p.columns.protocol, Info: p.columns.info };
    lines.push(names.map(n => {
      const v = n.startsWith('_ws.col.') ? cols[n.slice(8)] : p.fields(n).map(f => f.display).join(',');
      return quote && v !== '' ? quote + v + quote : v;
    }).join(sep));
  }
  return lines.join('\n') + '\n';
}

const BASIC = ['frame.number', 'frame.time_epoch', 'frame.len', 'ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst', 'tcp.srcport', 'tcp.dstport', 'udp.srcport', 'udp.dstport'];
const APP = ['frame.number', '_ws.col.Protocol', 'tcp.stream', 'tcp.len', 'tcp.analysis.flags', 'http.host', 'http.request.uri', 'http.response.code', 'dns.qry.name', 'dns.a', 'tls.handshake.extensions_server_name', '_ws.col.Info'];

for (const name of ['dns.pcap', 'dns.pcap.gz', 'dns-be-nano.pcap', 'multi-section.pcapng', 'vlan.pcap', 'sll2.pcap', 'ipv6.pcap']) {
  test(`library fields on ${name} match tshark -T fields`, async () => {
    const want = fs.readFileSync(GOLD + name + '/fields-basic.txt', 'utf8');
    assert.equal(await fieldsOutput(FIX + name, BASIC), want);
  });
}

for (const name of ['http.pcap', 'dns.pcap', 'tls.pcap', 'seed.pcap']) {
  test(`library fields and columns on ${name} match tshark (reassembly, analysis, Info)`, async () => {
    const want = fs.readFileSync(GOLD + name + '/fields-app.txt', 'utf8');
    assert.equal(await fieldsOutput(FIX + name, APP, { sep: ',', quote: '"', header: true }), want);
  });
}

test('openCapture gives timestamps, lengths, link type and interfaces; bytes are the packet\'s own copy', async () => {
  const cap = openCapture(FIX + 'multi-section.pcapng');
  const pkts = [];
  for await (const p of cap) pkts.push(p);
  assert.equal(cap.format, 'pcapng');
  assert.ok(pkts.length > 1);
  assert.deepEqual(pkts.map(p => p.number), pkts.map((_, i) => i + 1));
  assert.ok(pkts.every(p => p.data.length === p.caplen && p.len >= p.caplen));
  assert.ok(new Set(pkts.map(p => p.section)).size > 1, 'several sections');
  assert.notEqual(pkts[0].data.buffer, pkts[1].data.buffer);
  // same bytes from memory and from a stream of chunks
  const bytes = fs.readFileSync(FIX + 'dns.pcap');
  const a = [], b = [];
  for await (const p of openCapture(new Uint8Array(bytes))) a.push(Buffer.from(p.data).toString('hex'));
  async function* chunks() { for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7); }
  for await (const p of openCapture(chunks())) b.push(Buffer.from(p.data).toString('hex'));
  assert.deepEqual(a, b);
});

test('the tree carries labels, values and children as -V shows them', async () => {
  const d = new Dissector();
  for await (const pkt of openCapture(FIX + 'dns.pcap')) {
    const p = d.dissect(pkt);
    const verbose = fs.readFileSync(GOLD + 'dns.pcap/verbose.txt', 'utf8');
    assert.deepEqual(p.protocols, ['eth', 'ethertype', 'ip', 'udp', 'dns']);
    assert.equal(p.tree.map(n => n.field).join(' '), 'frame eth ip udp dns');
    for (const n of p.tree) assert.ok(('\n' + verbose).includes('\n' + n.label + '\n'), n.label);
    const [src] = p.fields('ip.src');
    assert.equal(src.value, 0x0a630001); // IPv4 as a 32-bit number, MACs and IPv6 as bytes
    assert.deepEqual([...p.fields('eth.src')[0].value], [2, 0, 0x5e, 0, 0, 1]);
    assert.equal(src.display, '10.99.0.1');
    assert.equal(src.offset, 26); assert.equal(src.length, 4); assert.ok(src.inFrame);
    assert.ok(p.fields('ip.flags')[0].children.some(c => c.field === 'ip.flags.df'));
    break;
  }
});

test('capture errors come with tshark\'s message and exit code', async () => {
  const run = async f => { try { for await (const _ of openCapture(f)); return null; } catch (e) { return e; } };
  const missing = await run(FIX + 'nope.pcap');
  assert.ok(missing instanceof CaptureFileError);
  assert.equal(missing.message, `The file "${FIX}nope.pcap" doesn't exist.`);
  assert.equal(missing.exitCode, 2);
  const cut = await run(FIX + 'truncated.pcap');
  assert.equal(cut.message, `The file "${FIX}truncated.pcap" appears to have been cut short in the middle of a packet.`);
  const dir = await run(FIX);
  assert.match(dir.message, /is a directory \(folder\), not a file\.$/);
});
