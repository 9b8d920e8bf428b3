// Reassembly contract with a payload dissector that needs the whole 200000-byte upload (test-only dissector on
// port 40123 of the loopback fixture): intermediate frames say "[TCP segment of a reassembled PDU]", the completing
// frame gets the reassembled tvb, "Reassembled TCP" as a second data source, and the segment tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

const dist = new URL('../../dist/', import.meta.url);
const { readCapture } = await import(new URL('capture/source.js', dist));
await import(new URL('dissect/index.js', dist));
await import(new URL('output/labels.js', dist));
const { Engine } = await import(new URL('dissect/engine.js', dist));
const { tables, handle } = await import(new URL('dissect/tables.js', dist));
const { DESEGMENT_ONE_MORE_SEGMENT, DESEGMENT_UNTIL_FIN } = await import(new URL('tcp/constants.js', dist));

const seen = [];
tables.tcpPort.add(40123, handle('testproto', 'TESTPROTO', (tvb, pkt) => {
  const n = tvb.reportedRemaining(0);
  if (tvb.u8(0) === 0x6f) { // the server's reply ("okok..."): read until the FIN
    const info = pkt.protoData.get('tcp');
    if (!info.isReassembled && pkt.canDesegment) { pkt.desegmentOffset = 0; pkt.desegmentLen = DESEGMENT_UNTIL_FIN; return n; }
    pkt.protocol.set('TESTPROTO');
    pkt.info.set(`reply ${n}`);
    seen.push({ num: pkt.num, len: n });
    return n;
  }
  if (tvb.u8(0) !== 0x78) return 0; // only the client's upload
  if (n < 200000 && pkt.canDesegment) { pkt.desegmentOffset = 0; pkt.desegmentLen = DESEGMENT_ONE_MORE_SEGMENT; return n; }
  pkt.protocol.set('TESTPROTO');
  pkt.info.set(`upload ${n}`);
  seen.push({ num: pkt.num, len: n });
  return n;
}));

test('a 200000-byte PDU is reassembled from six segments, a reply until the FIN', async () => {
  const engine = new Engine({ tree: true, frame: { hasInterfaces: false } });
  const rows = [];
  await readCapture(fileURLToPath(new URL('./fixtures/lo-tcp.pcap', import.meta.url)), rec => {
    const p = engine.dissect(rec);
    const tcpSegs = p.root.children.find(c => / Reassembled TCP Segments/.test(c.text ?? ''));
    rows.push({ num: p.num, proto: p.protocol.text, info: p.info.text, sources: p.dataSources.map(s => `${s.name}:${s.data.length}`), segs: tcpSegs?.text });
    return true;
  });
  for (const n of [4, 6, 7, 9, 10]) {
    assert.equal(rows[n - 1].proto, 'TCP');
    assert.match(rows[n - 1].info, / \[TCP segment of a reassembled PDU\]$/);
  }
  assert.deepEqual(seen, [{ num: 13, len: 200000 }, { num: 17, len: 10000 }]);
  assert.match(rows[14].info, / \[TCP segment of a reassembled PDU\]$/);
  assert.equal(rows[16].info, 'reply 10000');
  assert.equal(rows[16].segs, '2 Reassembled TCP Segments (10000 bytes): #15(10000), #17(0)');
  assert.equal(rows[12].proto, 'TESTPROTO');
  assert.equal(rows[12].info, 'upload 200000');
  assert.deepEqual(rows[12].sources, ['Reassembled TCP:200000']);
  assert.equal(rows[12].segs, '6 Reassembled TCP Segments (200000 bytes): #4(32741), #6(32741), #7(62491), #9(47616), #10(19968), #13(4443)');
});
