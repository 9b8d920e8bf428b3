// Property-based tests (fast-check) of the capture push parsers: the pcap/pcapng readers are fed bytes in
// chunks of any size (stdin, gzip streams), so any chunking of the same bytes must give the same records and the
// same error; arbitrary bytes may only fail through the reader's error path (CaptureError / OpenError).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ChunkFeeder } from '../../dist/capture/source.js';
import { CaptureError } from '../../dist/capture/record.js';
import { OpenError } from '../../dist/capture/source.js';

const RUNS = Number(process.env.PROP_RUNS ?? 300);

/** Runs bytes through a feeder in the given chunks; returns the records (copied) and the error, if any. */
function feed(chunks) {
  const recs = [];
  const f = new ChunkFeeder(r => { recs.push({ data: Buffer.from(r.data).toString('hex'), caplen: r.caplen, len: r.len, tsSec: r.tsSec, tsNsec: r.tsNsec, linktype: r.linktype, ifaceId: r.ifaceId, section: r.section ?? 0 }); });
  let error = null;
  try {
    let go = true;
    for (const c of chunks) { if (!(go = f.push(c))) break; }
    if (go) f.end();
  } catch (e) {
    if (!(e instanceof CaptureError) && !(e instanceof OpenError)) throw e;
    error = `${e.constructor.name}:${e.kind}:${e.message}`;
  }
  return { recs, error, interfaces: f.parser ? f.parser.interfaces.length : -1 };
}

/** Splits bytes at the given cut points (any order, duplicates and out-of-range values ignored). */
function split(bytes, cuts) {
  const pts = [...new Set(cuts.map(c => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out = [];
  let prev = 0;
  for (const p of pts) { out.push(bytes.subarray(prev, p)); prev = p; }
  out.push(bytes.subarray(prev));
  return out;
}

// ---- capture generators ----
const le32 = v => { const b = Buffer.alloc(4); b.writeUInt32LE(v >>> 0); return b; };
const be32 = v => { const b = Buffer.alloc(4); b.writeUInt32BE(v >>> 0); return b; };
const le16 = v => { const b = Buffer.alloc(2); b.writeUInt16LE(v); return b; };
const be16 = v => { const b = Buffer.alloc(2); b.writeUInt16BE(v); return b; };
const pad4 = b => Buffer.concat([b, Buffer.alloc((4 - b.length % 4) % 4)]);

const packet = fc.record({
  data: fc.uint8Array({ minLength: 0, maxLength: 300 }),
  extra: fc.nat(1000),
  sec: fc.nat(2 ** 31 - 1),
  frac: fc.nat(999999),
});

const pcapFile = fc.record({
  be: fc.boolean(),
  nano: fc.boolean(),
  link: fc.constantFrom(1, 101, 113, 276, 0, 12, 228),
  snap: fc.constantFrom(0, 65535, 262144, 96),
  pkts: fc.array(packet, { maxLength: 12 }),
}).map(({ be, nano, link, snap, pkts }) => {
  const w32 = be ? be32 : le32, w16 = be ? be16 : le16;
  const parts = [w32(nano ? 0xa1b23c4d : 0xa1b2c3d4), w16(2), w16(4), w32(0), w32(0), w32(snap), w32(link)];
  for (const p of pkts) parts.push(w32(p.sec), w32(p.frac), w32(p.data.length), w32(p.data.length + p.extra), Buffer.from(p.data));
  return new Uint8Array(Buffer.concat(parts));
});

const option = fc.record({ code: fc.constantFrom(1, 2, 3, 9, 11, 12, 14, 0x8001), value: fc.uint8Array({ maxLength: 20 }) });
const opts = (w16, list) => list.length ? Buffer.concat([...list.map(o => Buffer.concat([w16(o.code), w16(o.value.length), pad4(Buffer.from(o.value))])), w16(0), w16(0)]) : Buffer.alloc(0);

const pcapngFile = fc.record({
  sections: fc.array(fc.record({
    be: fc.boolean(),
    ifaces: fc.array(fc.record({ link: fc.constantFrom(1, 101, 113, 0), snap: fc.constantFrom(0, 65535, 64), opts: fc.array(option, { maxLength: 3 }) }), { minLength: 1, maxLength: 3 }),
    blocks: fc.array(fc.record({ kind: fc.constantFrom('epb', 'epb', 'spb', 'pb', 'unknown', 'isb'), iface: fc.nat(2), p: packet, opts: fc.array(option, { maxLength: 2 }) }), { maxLength: 8 }),
  }), { minLength: 1, maxLength: 3 }),
}).map(({ sections }) => {
  const parts = [];
  for (const s of sections) {
    const w32 = s.be ? be32 : le32, w16 = s.be ? be16 : le16;
    const block = (type, body) => { const t = 12 + body.length; return Buffer.concat([w32(type), w32(t), body, w32(t)]); };
    parts.push(block(0x0a0d0d0a, Buffer.concat([w32(0x1a2b3c4d), w16(1), w16(0), w32(0xffffffff), w32(0xffffffff)])));
    for (const i of s.ifaces) parts.push(block(1, Buffer.concat([w16(i.link), w16(0), w32(i.snap), opts(w16, i.opts)])));
    for (const b of s.blocks) {
      const d = Buffer.from(b.p.data), id = b.iface % s.ifaces.length;
      if (b.kind === 'epb') parts.push(block(6, Buffer.concat([w32(id), w32(b.p.sec), w32(b.p.frac), w32(d.length), w32(d.length + b.p.extra), pad4(d), opts(w16, b.opts)])));
      else if (b.kind === 'pb') parts.push(block(2, Buffer.concat([w16(id), w16(0), w32(b.p.sec), w32(b.p.frac), w32(d.length), w32(d.length + b.p.extra), pad4(d)])));
      else if (b.kind === 'spb') parts.push(block(3, Buffer.concat([w32(d.length), pad4(d)])));
      else if (b.kind === 'isb') parts.push(block(5, Buffer.concat([w32(id), w32(0), w32(0)])));
      else parts.push(block(0x0badf00d, pad4(d)));
    }
  }
  return new Uint8Array(Buffer.concat(parts));
});

const cuts = fc.array(fc.nat(), { maxLength: 40 });

test('pcap: any chunking of a valid file gives the records of the whole file, and no error', () => {
  fc.assert(fc.property(pcapFile, cuts, (bytes, c) => {
    const whole = feed([bytes]);
    assert.equal(whole.error, null);
    assert.deepEqual(feed(split(bytes, c)), whole);
  }), { numRuns: RUNS });
});

test('pcapng: any chunking of a valid file gives the records of the whole file, and no error', () => {
  fc.assert(fc.property(pcapngFile, cuts, (bytes, c) => {
    const whole = feed([bytes]);
    assert.equal(whole.error, null);
    assert.deepEqual(feed(split(bytes, c)), whole);
  }), { numRuns: RUNS });
});

test('pcap/pcapng: byte-at-a-time feeding gives the same records as the whole file', () => {
  fc.assert(fc.property(fc.oneof(pcapFile, pcapngFile), bytes => {
    const chunks = []; for (let i = 0; i < bytes.length; i++) chunks.push(bytes.subarray(i, i + 1));
    assert.deepEqual(feed(chunks), feed([bytes]));
  }), { numRuns: Math.ceil(RUNS / 5) });
});

/** A valid capture with a few bytes changed, cut or inserted. */
const damaged = fc.tuple(fc.oneof(pcapFile, pcapngFile), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'cut', 'ins', 'len')), { minLength: 1, maxLength: 4 }))
  .map(([bytes, edits]) => {
    let b = Buffer.from(bytes);
    for (const [pos, v, how] of edits) {
      if (!b.length) break;
      const p = pos % b.length;
      if (how === 'set') b[p] = v;
      else if (how === 'cut') b = b.subarray(0, p);
      else if (how === 'ins') b = Buffer.concat([b.subarray(0, p), Buffer.from([v]), b.subarray(p)]);
      else if (p + 4 <= b.length) b.writeUInt32LE([0, 8, 12, 0xfffffff0, 0x7fffffff, 262145, b.readUInt32LE(p) + 1][v % 7] >>> 0, p);
    }
    return new Uint8Array(b);
  });

test('damaged captures: only the reader\'s errors, the same for any chunking', () => {
  fc.assert(fc.property(damaged, cuts, (bytes, c) => {
    const whole = feed([bytes]);   // throws (fails the property) on anything but CaptureError/OpenError
    assert.deepEqual(feed(split(bytes, c)), whole);
  }), { numRuns: RUNS * 2 });
});

test('arbitrary bytes (and arbitrary bytes after a capture magic): only the reader\'s errors', () => {
  const magic = fc.constantFrom([], [0xd4, 0xc3, 0xb2, 0xa1], [0xa1, 0xb2, 0xc3, 0xd4], [0x0a, 0x0d, 0x0d, 0x0a], [0x4d, 0x3c, 0xb2, 0xa1]);
  fc.assert(fc.property(magic, fc.uint8Array({ maxLength: 400 }), cuts, (m, rest, c) => {
    const bytes = new Uint8Array([...m, ...rest]);
    const whole = feed([bytes]);
    assert.deepEqual(feed(split(bytes, c)), whole);
  }), { numRuns: RUNS * 2 });
});

test('a hostile pcapng block length allocates nothing: 4 GB block refused from its header alone', () => {
  fc.assert(fc.property(fc.integer({ min: 134348836, max: 0xfffffffc }).map(n => n - (n % 4)), len => {
    const shb = Buffer.concat([le32(0x0a0d0d0a), le32(28), le32(0x1a2b3c4d), le16(1), le16(0), le32(0xffffffff), le32(0xffffffff), le32(28)]);
    const hdr = Buffer.concat([le32(6), le32(len), le32(0)]);
    const before = process.memoryUsage().arrayBuffers;
    const r = feed([new Uint8Array(Buffer.concat([shb, hdr]))]);
    assert.match(r.error, /too large/);
    assert.ok(process.memoryUsage().arrayBuffers - before < 16 * 1024 * 1024);
  }), { numRuns: 50 });
});
