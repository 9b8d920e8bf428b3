// Property-based tests (fast-check): Tvb bounds against a model, and DNS name decompression on hostile bytes
// (pointer loops and chains always terminate, names stay bounded, failures are only Tvb's exceptions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Tvb, DissectException } from '../../dist/dissect/tvb.js';
import { getDnsName } from '../../dist/dissect/dns-names.js';
import { runBuffer } from '../../dist/cli/run-buffer.js';
import { pcapBytes, eth, ipv4, udp, tcp } from './pcap-bytes.mjs';

const RUNS = Number(process.env.PROP_RUNS ?? 300);
const Exc = { Bounds: 1, ContainedBounds: 2, ReportedBounds: 3 };

/** What an access of n bytes at o must do in a view { len, reported, contained }: null (ok) or the exception kind. */
function expected(v, o, n) {
  if (o >= 0 && n >= 0 && o + n <= v.len) return null;
  if (o < 0 || n < 0) return Exc.ReportedBounds;
  if (o + n <= v.contained) return Exc.Bounds;
  if (o + n <= v.reported) return Exc.ContainedBounds;
  return Exc.ReportedBounds;
}

const access = fc.record({ op: fc.constantFrom('u8', 'u16', 'u16le', 'u24', 'u32', 'u32le', 'u48', 'u64', 'bytes', 'latin1', 'check', 'ensure'), o: fc.integer({ min: -4, max: 80 }), n: fc.integer({ min: -1, max: 40 }) });
const WIDTH = { u8: 1, u16: 2, u16le: 2, u24: 3, u32: 4, u32le: 4, u48: 6, u64: 8 };

test('Tvb: every read is inside its view or throws the bounds exception Wireshark would', () => {
  fc.assert(fc.property(
    fc.uint8Array({ maxLength: 64 }), fc.nat(32),
    fc.array(fc.record({ o: fc.integer({ min: -2, max: 70 }), rl: fc.integer({ min: -1, max: 70 }) }), { maxLength: 4 }),
    fc.array(access, { minLength: 1, maxLength: 12 }),
    (buf, extra, subs, accesses) => {
      let tvb = Tvb.of(buf, buf.length + extra);
      let start = 0;
      for (const s of subs) {
        let nt;
        try { nt = tvb.sub(s.o, s.rl); } catch (e) {
          assert.ok(e instanceof DissectException, String(e));
          assert.ok(s.o < 0 || s.o > tvb.len, `sub(${s.o}) threw inside the view`);
          continue;
        }
        assert.ok(s.o >= 0 && s.o <= tvb.len);
        assert.ok(nt.len <= nt.reported && nt.len <= tvb.len - s.o && nt.len >= 0, 'captured part clipped to the parent');
        start += s.o; tvb = nt;
        assert.equal(tvb.off, start);
        assert.ok(tvb.off + tvb.len <= buf.length);
      }
      for (const a of accesses) {
        const n = WIDTH[a.op] ?? a.n;
        const want = expected(tvb, a.o, n);
        let got;
        try {
          got = a.op in WIDTH ? tvb[a.op](a.o) : tvb[a.op](a.o, a.n);
        } catch (e) {
          assert.ok(e instanceof DissectException, `${a.op}(${a.o}, ${a.n}) threw ${e}`);
          // multi-part reads (u48, u64) fail on their first missing part: same kind, as the whole read
          if (want !== null) assert.ok(a.op === 'u48' || a.op === 'u64' ? e.kind >= Exc.Bounds : e.kind === want, `${a.op}(${a.o}): kind ${e.kind}, want ${want}`);
          else assert.fail(`${a.op}(${a.o}, ${a.n}) threw inside the view`);
          continue;
        }
        assert.equal(want, null, `${a.op}(${a.o}, ${a.n}) read outside the view (len ${tvb.len})`);
        const abs = start + a.o;
        if (a.op === 'u8') assert.equal(got, buf[abs]);
        if (a.op === 'u16') assert.equal(got, buf[abs] << 8 | buf[abs + 1]);
        if (a.op === 'bytes') assert.deepEqual([...got], [...buf.subarray(abs, abs + a.n)]);
      }
      // find() never reports a position outside the captured part
      const i = tvb.find(0, 0);
      assert.ok(i === -1 || (i >= 0 && i < tvb.len));
    }), { numRuns: RUNS * 3 });
});

/** Bytes rich in compression pointers, label lengths and terminators. */
const dnsish = fc.array(fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0xc0, 0xc1, 0xc0, 0x00, 0x01, 0x02, 0x3f, 0x40, 0x41, 0x80, 0xff) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 40 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 255 }) },
), { maxLength: 300 }).map(a => Uint8Array.from(a));

test('DNS names: decompression of any bytes terminates, stays bounded, fails only with Tvb exceptions', () => {
  fc.assert(fc.property(dnsish, fc.nat(300), fc.nat(20), fc.nat(40), (bytes, at, base, extra) => {
    const tvb = Tvb.of(bytes, bytes.length + extra);
    const off = bytes.length ? at % bytes.length : 0;
    const b = Math.min(base, off);
    let r;
    try { r = getDnsName(tvb, off, b); } catch (e) { assert.ok(e instanceof DissectException, String(e)); return; }
    assert.ok(r.len >= 1 && off + r.len <= bytes.length, `encoded length ${r.len} at ${off} of ${bytes.length}`);
    assert.ok(r.nameLen <= 255 && r.name.length <= 4 * 255, `name of ${r.name.length} chars`);
  }), { numRuns: RUNS * 5 });
});

test('DNS names: self-pointers, two-pointer cycles and long chains end in tshark\'s loop marker', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 400 }), (k, chain) => {
    // a cycle of k pointers: p_i → p_{i+1 mod k}
    const cyc = [];
    for (let i = 0; i < k; i++) { const t = 12 + 2 * ((i + 1) % k); cyc.push(0xc0 | (t >> 8), t & 0xff); }
    const r = getDnsName(Tvb.of(Uint8Array.from([...new Array(12).fill(0), ...cyc])), 12, 0);
    assert.equal(r.name, '<Name contains a pointer that loops>');
    // a chain of pointers each to the previous one, ending at a one-label name
    const bytes = [...new Array(12).fill(0), 1, 0x61, 0];
    let prev = 12;
    for (let i = 0; i < chain && bytes.length < 16000; i++) { const at = bytes.length; bytes.push(0xc0 | (prev >> 8), prev & 0xff); prev = at; }
    const r2 = getDnsName(Tvb.of(Uint8Array.from(bytes)), prev, 0);
    assert.ok(r2.name === 'a' || r2.name === '<Name contains a pointer that loops>');
  }), { numRuns: RUNS });
});

test('DNS messages: any payload on UDP port 53 dissects without an escaping error, in every output', async () => {
  const header = fc.record({ id: fc.nat(0xffff), flags: fc.nat(0xffff), counts: fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 4, maxLength: 4 }) });
  await fc.assert(fc.asyncProperty(header, dnsish, fc.boolean(), async (h, body, overTcp) => {
    const hd = Buffer.alloc(12);
    hd.writeUInt16BE(h.id, 0); hd.writeUInt16BE(h.flags, 2); h.counts.forEach((c, i) => hd.writeUInt16BE(c, 4 + 2 * i));
    const msg = Buffer.concat([hd, Buffer.from(body)]);
    const frame = overTcp
      ? eth(ipv4('10.0.0.1', '10.0.0.53', 6, tcp(40000, 53, 1000, 1, 0x18, Buffer.concat([Buffer.from([msg.length >> 8, msg.length & 255]), msg]))))
      : eth(ipv4('10.0.0.1', '10.0.0.53', 17, udp(40000, 53, msg)));
    const cap = pcapBytes([frame]);
    for (const args of [['-n'], ['-n', '-V'], ['-n', '-T', 'json'], ['-n', '-q', '-z', 'dns,tree']]) {
      const r = await runBuffer(args, cap);
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stdout, /Dissector bug/);
    }
  }), { numRuns: Math.ceil(RUNS / 3) });
});
