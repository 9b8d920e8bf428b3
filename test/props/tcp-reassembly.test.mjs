// Property-based tests (fast-check) of TCP reassembly.
// - The fragment set (reassemble.c's fragment_add for TCP): segments covering a PDU, in any order, overlapping
//   and duplicated, complete it exactly when the last missing byte arrives, with the PDU's bytes.
// - End to end: a DNS-over-TCP stream cut into segments at any points, with any segments retransmitted (again
//   right away or later), gives the same DNS messages as the stream sent once in order. (Out-of-order delivery is
//   not part of the property: tshark 4.0 does not reassemble out-of-order segments by default.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TcpFlow } from '../../dist/tcp/analysis.js';
import { FragSet, fragmentAdd } from '../../dist/tcp/reassembly.js';
import { runBuffer } from '../../dist/cli/run-buffer.js';
import { resetCaptureState } from '../../dist/dissect/state.js';
import { pcapBytes, eth, ipv4, tcp } from './pcap-bytes.mjs';

const RUNS = Number(process.env.PROP_RUNS ?? 300);

test('fragment set: any order, overlap and duplication of covering segments gives the PDU\'s bytes, once complete', () => {
  const pdu = fc.uint8Array({ minLength: 1, maxLength: 2000 });
  fc.assert(fc.property(pdu, fc.array(fc.nat(), { maxLength: 12 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 30 }),
    (data, cuts, extras, keys) => {
      resetCaptureState();
      const n = data.length;
      const pts = [...new Set([0, n, ...cuts.map(c => c % (n + 1))])].sort((a, b) => a - b);
      const segs = [];
      for (let i = 0; i + 1 < pts.length; i++) segs.push([pts[i], pts[i + 1]]);
      // overlapping and duplicate segments (retransmissions with other boundaries)
      for (const [a, b] of extras) { const s = a % n, e = s + 1 + (b % (n - s)); segs.push([s, e]); }
      // a delivery order: a permutation driven by the keys
      const order = segs.map((s, i) => [keys[i] ?? i, i]).sort((x, y) => x[0] - y[0] || x[1] - y[1]).map(x => segs[x[1]]);
      const flow = new TcpFlow(), fs = new FragSet();
      const have = new Uint8Array(n);
      let completedAt = -1;
      order.forEach(([s, e], k) => {
        const r = fragmentAdd(flow, fs, data.subarray(s, e), s, e - s, k + 1, e !== n);
        have.fill(1, s, e);
        const covered = have.every(x => x === 1);
        if (completedAt < 0) {
          assert.equal(r !== null, covered, `segment ${k} [${s},${e}): complete=${r !== null}, covered=${covered}`);
          if (r) { completedAt = k; assert.deepEqual([...r.data], [...data]); assert.equal(r.reassembledIn, k + 1); }
        } else {
          assert.ok(r, 'a complete set stays complete');
          assert.deepEqual([...r.data], [...data]);
          assert.equal(r.reassembledIn, completedAt + 1, 'reassembled in the frame that completed it');
        }
      });
      assert.ok(completedAt >= 0, 'all segments delivered: complete');
    }), { numRuns: RUNS * 2 });
});

// ---- end to end: DNS over TCP ----
const dnsName = fc.array(fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/), { minLength: 1, maxLength: 4 }).map(l => l.join('.'));
function wireName(n) { return Buffer.concat([...n.split('.').map(p => Buffer.concat([Buffer.from([p.length]), Buffer.from(p)])), Buffer.from([0])]); }
function dnsQuery(id, name) {
  const h = Buffer.alloc(12); h.writeUInt16BE(id, 0); h.writeUInt16BE(0x0100, 2); h.writeUInt16BE(1, 4);
  const m = Buffer.concat([h, wireName(name), Buffer.from([0, 1, 0, 1])]);
  return Buffer.concat([Buffer.from([m.length >> 8, m.length & 255]), m]);
}
const ISN = 0x7ffffff0; // near a 2^31 boundary, and the stream may wrap sequence numbers past 2^32 with the offset below
function capture(stream, cuts, deliveries, isn) {
  const c2s = (seq, flags, payload) => eth(ipv4('10.0.0.1', '10.0.0.53', 6, tcp(40000, 53, seq >>> 0, 5001, flags, payload)));
  // a quick handshake (1 ms round trip), then a segment a second: a resent segment is a retransmission to tshark's
  // analysis (not an out-of-order segment, which arrives within the round-trip time)
  const frames = [{ data: c2s(isn, 0x02, Buffer.alloc(0)), t: 0 }, { data: eth(ipv4('10.0.0.53', '10.0.0.1', 6, tcp(53, 40000, 5000, (isn + 1) >>> 0, 0x12, Buffer.alloc(0)))), t: 0.0005 },
    { data: c2s(isn + 1, 0x10, Buffer.alloc(0)), t: 0.001 }];
  const pts = [...new Set([0, stream.length, ...cuts.map(c => c % (stream.length + 1))])].sort((a, b) => a - b);
  const segs = [];
  for (let i = 0; i + 1 < pts.length; i++) segs.push(c2s(isn + 1 + pts[i], 0x18, stream.subarray(pts[i], pts[i + 1])));
  deliveries(segs.length).forEach((i, k) => frames.push({ data: segs[i], t: 1 + k }));
  return pcapBytes(frames);
}
async function dnsList(cap, extra = []) {
  const r = await runBuffer(['-n', ...extra, '-T', 'fields', '-e', 'dns.id', '-e', 'dns.qry.name'], cap);
  assert.equal(r.code, 0, r.stderr);
  const out = [];
  for (const line of r.stdout.split('\n')) {
    const [ids, names] = line.split('\t');
    if (!ids) continue;
    const a = ids.split(','), b = names.split(',');
    a.forEach((id, i) => out.push(`${id} ${b[i]}`));
  }
  return out;
}

test('TCP reassembly: any segmentation, any retransmissions, the same DNS messages as one in-order send', async () => {
  const msgs = fc.array(fc.tuple(fc.nat(0xffff), dnsName), { minLength: 1, maxLength: 6 });
  // retransmissions: (position in the in-order sequence after which to resend, which earlier segment)
  const resend = fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 });
  await fc.assert(fc.asyncProperty(msgs, fc.array(fc.nat(), { maxLength: 14 }), resend, fc.constantFrom(ISN, 0xffffff00, 1000), fc.boolean(),
    async (ms, cuts, rs, isn, twoPass) => {
      const stream = Buffer.concat(ms.map(([id, n]) => dnsQuery(id, n)));
      const want = ms.map(([id, n]) => `0x${id.toString(16).padStart(4, '0')} ${n}`);
      const inOrder = capture(stream, cuts, k => [...Array(k).keys()], isn);
      const withRetrans = capture(stream, cuts, k => {
        const seq = [];
        for (let i = 0; i < k; i++) {
          seq.push(i);
          for (const [at, which] of rs) if (at % k === i) seq.push(which % (i + 1)); // an already-sent segment
        }
        return seq;
      }, isn);
      const extra = twoPass ? ['-2'] : [];
      assert.deepEqual(await dnsList(inOrder, extra), want, 'in order');
      assert.deepEqual(await dnsList(withRetrans, extra), want, 'with retransmissions');
    }), { numRuns: Math.ceil(RUNS / 3) });
});
