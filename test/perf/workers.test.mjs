// --workers: statistics computed by worker threads (byte ranges of the file on the fast path, a flow partition on the
// engine) and merged must be byte-identical to one worker's, on every fixture, on a small bench capture (thousands of
// flows, port reuse, IPv6), on generated pcapng with several interfaces, and on random TCP that reuses ports and
// initial sequence numbers. TYPESHARK_RANGE_BYTES cuts small files into many ranges, so that every boundary case
// (a stream across a cut, a SYN right after one) is met; TYPESHARK_FAST_DEBUG says whether ranges were merged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChain, probeRanges, splitRanges } from '../../dist/capture/range.js';
import { buildConfig } from '../../dist/cli/config.js';
import { parseArgv } from '../../dist/cli/options.js';
import { runFile } from '../../dist/cli/read-file.js';
import { captureOutput, flush } from '../../dist/output/stdout.js';
import { resetCaptureState } from '../../dist/dissect/state.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const bin = join(root, 'bin', 'typeshark.js');
const runRaw = (args, env = {}, input) => spawnSync(process.execPath, [bin, ...args],
  { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...env }, input });

/** The command in this process (worker threads still start): stdout, stderr and exit code as one string. */
async function run(args, env = {}) {
  const saved = {};
  for (const [k, v] of Object.entries(env)) { saved[k] = process.env[k]; process.env[k] = v; }
  const out = [], errs = [];
  captureOutput(s => { out.push(s); }, s => { errs.push(s); });
  resetCaptureState();
  let code;
  try {
    code = await runFile(buildConfig(parseArgv(args)));
    flush();
  } finally {
    captureOutput(null, null);
    resetCaptureState();
    for (const [k, v] of Object.entries(saved)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; }
  }
  return `${out.join('')}\n--stderr--\n${errs.join('').replace(/^(ranges|fast path): .*\n/gm, '')}\n--exit ${code}`;
}

const STATS = [
  ['-z', 'conv,ip', '-z', 'endpoints,tcp', '-z', 'conv,eth', '-z', 'endpoints,ipv6'],
  ['-z', 'conv,udp', '-z', 'endpoints,ip', '-z', 'endpoints,udp,udp.port==53', '-z', 'conv,ipv6'],
  // the lean fast path (fast/scan.ts): byte ranges
  ['-z', 'conv,tcp'],
  ['-z', 'io,stat,1,tcp,udp,ip,ipv6', '-z', 'conv,udp'],
  ['-z', 'io,stat,0.01', '-z', 'conv,tcp', '-z', 'conv,udp'],
];
const RANGED = STATS.slice(2);

// ---- generated captures ----

/** xorshift32 */
function rng(seed) {
  let x = seed >>> 0 || 1;
  return n => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x % n; };
}

/** An IPv4 TCP or UDP packet (no link header). */
function ip4(src, dst, proto, sp, dp, seq, ack, flags, payload = 0) {
  const l4 = proto === 6 ? 20 : 8, p = Buffer.alloc(20 + l4 + payload);
  p[0] = 0x45; p.writeUInt16BE(p.length, 2); p[8] = 64; p[9] = proto;
  Buffer.from(src).copy(p, 12); Buffer.from(dst).copy(p, 16);
  p.writeUInt16BE(sp, 20); p.writeUInt16BE(dp, 22);
  if (proto === 6) { p.writeUInt32BE(seq >>> 0, 24); p.writeUInt32BE(ack >>> 0, 28); p[32] = 0x50; p[33] = flags; p.writeUInt16BE(1000, 34); }
  else p.writeUInt16BE(8 + payload, 24);
  return p;
}
const eth = ip => { const e = Buffer.alloc(14); e.writeUInt16BE(0x0800, 12); e[5] = 1; e[11] = 2; return Buffer.concat([e, ip]); };

/** Random TCP on three client ports: SYNs with repeated or new initial sequence numbers, both directions, some UDP. */
function chaosPackets(seed, count) {
  const r = rng(seed), out = [];
  const isns = [1000, 2000, 3000, 4000], flagsSet = [0x02, 0x12, 0x10, 0x18, 0x11, 0x04, 0x02, 0x10];
  let t = 1700000000;
  for (let i = 0; i < count; i++) {
    const cport = 40000 + r(3), dir = r(2), a = [10, 0, 0, 1], b = [10, 0, 0, 2 + r(2)];
    const udp = r(8) === 0;
    const flags = flagsSet[r(flagsSet.length)];
    const seq = isns[r(4)] + (r(3) === 0 ? 0 : r(50)), ack = isns[r(4)] + r(50);
    const p = ip4(dir ? b : a, dir ? a : b, udp ? 17 : 6, dir ? 80 : cport, dir ? cport : 80, seq, ack, flags, r(40));
    t += r(3);
    out.push({ sec: t, usec: r(1000000), data: p });
  }
  return out;
}

function pcap(packets, { be = false, nano = false } = {}) {
  const w32 = (b, v, o) => be ? b.writeUInt32BE(v >>> 0, o) : b.writeUInt32LE(v >>> 0, o);
  const w16 = (b, v, o) => be ? b.writeUInt16BE(v, o) : b.writeUInt16LE(v, o);
  const h = Buffer.alloc(24);
  w32(h, nano ? 0xa1b23c4d : 0xa1b2c3d4, 0); w16(h, 2, 4); w16(h, 4, 6); w32(h, 65535, 16); w32(h, 1, 20);
  const parts = [h];
  for (const p of packets) {
    const data = eth(p.data), r = Buffer.alloc(16);
    w32(r, p.sec, 0); w32(r, nano ? p.usec * 1000 + 7 : p.usec, 4); w32(r, data.length, 8); w32(r, data.length, 12);
    parts.push(r, data);
  }
  return Buffer.concat(parts);
}

/** pcapng, one section, two interfaces: Ethernet (µs) and raw IPv4 (ns), packets alternating between them. */
function pcapngTwoIfaces(packets) {
  const block = (type, body) => {
    const pad = (4 - body.length % 4) % 4, len = 12 + body.length + pad, b = Buffer.alloc(len);
    b.writeUInt32LE(type, 0); b.writeUInt32LE(len, 4); body.copy(b, 8); b.writeUInt32LE(len, len - 4);
    return b;
  };
  const shb = Buffer.alloc(16); shb.writeUInt32LE(0x1a2b3c4d, 0); shb.writeUInt16LE(1, 4); shb.writeInt32LE(-1, 8); shb.writeInt32LE(-1, 12);
  const idb = (linktype, tsresol) => {
    const b = Buffer.alloc(8 + (tsresol ? 12 : 0));
    b.writeUInt16LE(linktype, 0); b.writeUInt32LE(65535, 4);
    if (tsresol) { b.writeUInt16LE(9, 8); b.writeUInt16LE(1, 10); b[12] = tsresol; }
    return b;
  };
  const parts = [block(0x0a0d0d0a, shb), block(1, idb(1, 0)), block(1, idb(101, 9))];
  packets.forEach((p, i) => {
    const iface = i % 2, data = iface ? p.data : eth(p.data);
    const ts = iface ? BigInt(p.sec) * 1000000000n + BigInt(p.usec) * 1000n + 3n : BigInt(p.sec) * 1000000n + BigInt(p.usec);
    const b = Buffer.alloc(20 + data.length);
    b.writeUInt32LE(iface, 0); b.writeUInt32LE(Number(ts >> 32n), 4); b.writeUInt32LE(Number(ts & 0xffffffffn), 8);
    b.writeUInt32LE(data.length, 12); b.writeUInt32LE(data.length, 16); data.copy(b, 20);
    parts.push(block(6, b));
  });
  return Buffer.concat(parts);
}

const files = [];
for (const dir of [join(root, 'test', 'fixtures'), join(root, 'test', 'net', 'fixtures')]) {
  for (const f of readdirSync(dir).filter(f => /\.(pcap|pcapng|gz)$/.test(f)).sort()) files.push(join(dir, f));
}
const tmp = mkdtempSync(join(tmpdir(), 'ts-workers-'));
const bench = join(tmp, 'bench1.pcap');
execFileSync(process.execPath, [join(root, 'bench', 'gen.mjs'), '1', bench]);
files.push(bench);
const generated = {
  'chaos1.pcap': pcap(chaosPackets(1, 300)),
  'chaos5-be.pcap': pcap(chaosPackets(5, 300), { be: true }),
  'chaos7-nano.pcap': pcap(chaosPackets(7, 300), { nano: true }),
  'chaos8-be-nano.pcap': pcap(chaosPackets(8, 300), { be: true, nano: true }),
  'two-ifaces.pcapng': pcapngTwoIfaces(chaosPackets(3, 300)),
};
for (const [name, bytes] of Object.entries(generated)) { writeFileSync(join(tmp, name), bytes); files.push(join(tmp, name)); }

const rel = f => f.startsWith(root) ? f.slice(root.length + 1) : f.slice(tmp.length + 1);

for (const file of files) {
  test(`workers 2 and 3 = workers 1: ${rel(file)}`, async () => {
    for (const stats of STATS) {
      const base = ['-n', '-r', file, '-q', ...stats];
      const one = await run(base);
      assert.equal(await run([...base, '--workers', '2']), one, `2 workers: ${stats.join(' ')}`);
      assert.equal(await run([...base, '--workers', '3']), one, `3 workers: ${stats.join(' ')}`);
      // many small ranges: every cut a boundary case
      if (RANGED.includes(stats)) {
        for (const bytes of ['200', '1500']) assert.equal(await run([...base, '--workers', '2'], { TYPESHARK_RANGE_BYTES: bytes }), one, `ranges of ${bytes} bytes: ${stats.join(' ')}`);
      }
    }
  });
}

test('byte ranges are really used: plain pcap (both byte orders, both resolutions) and pcapng with two interfaces', () => {
  for (const name of ['chaos1.pcap', 'chaos8-be-nano.pcap', 'two-ifaces.pcapng']) {
    const r = runRaw(['-n', '-q', '-r', join(tmp, name), '-z', 'io,stat,10', '--workers', '3'], { TYPESHARK_FAST_DEBUG: '1', TYPESHARK_RANGE_BYTES: '1000' });
    assert.match(r.stderr, /^ranges: \d+ .*merged$/m, name);
  }
  const r = runRaw(['-n', '-q', '-r', bench, '-z', 'conv,tcp', '--workers', '2'], { TYPESHARK_FAST_DEBUG: '1', TYPESHARK_RANGE_BYTES: '20000' });
  assert.match(r.stderr, /^ranges: \d+ .*merged$/m, 'bench capture: streams across cuts merge');
});

test('fast path = engine on random TCP that reuses ports and sequence numbers (SYN and SYN-ACK base rules)', async () => {
  // seeds 5, 9 and 11 once split fewer streams on the fast path (a SYN-ACK with a new sequence number moves the base)
  for (let seed = 1; seed <= 16; seed++) {
    const f = join(tmp, `chaos-reuse-${seed}.pcap`);
    writeFileSync(f, pcap(chaosPackets(seed, 400)));
    const base = ['-n', '-r', f, '-q', '-z', 'conv,tcp'];
    const engine = await run(base, { TYPESHARK_NO_FAST: '1' });
    assert.equal(await run(base), engine, `seed ${seed}: one worker`);
    assert.equal(await run([...base, '--workers', '2'], { TYPESHARK_RANGE_BYTES: '1500' }), engine, `seed ${seed}: ranges`);
  }
});

test('gzip and stdin are not split (one thread), with the same output', () => {
  const gz = join(root, 'test', 'fixtures', 'dns.pcap.gz');
  const args = ['-n', '-q', '-z', 'conv,udp', '-z', 'io,stat,1'];
  const one = runRaw([...args, '-r', gz]);
  const two = runRaw([...args, '-r', gz, '--workers', '2'], { TYPESHARK_FAST_DEBUG: '1' });
  assert.equal(two.stdout, one.stdout);
  assert.doesNotMatch(two.stderr, /^ranges:/m);
  const input = readFileSync(join(tmp, 'chaos1.pcap'));
  const s1 = runRaw([...args, '-r', '-'], {}, input), s2 = runRaw([...args, '-r', '-', '--workers', '2'], { TYPESHARK_FAST_DEBUG: '1' }, input);
  assert.equal(s2.stdout, s1.stdout);
  assert.doesNotMatch(s2.stderr, /^ranges:/m);
});

// ---- split points on adversarial data ----

/** Packets whose payload holds a byte string; the file's record boundaries. */
function pcapWithPayloads(payloads) {
  const h = Buffer.alloc(24);
  h.writeUInt32LE(0xa1b2c3d4, 0); h.writeUInt16LE(2, 4); h.writeUInt16LE(4, 6); h.writeUInt32LE(262144, 16); h.writeUInt32LE(1, 20);
  const parts = [h], bounds = [];
  let off = 24, t = 1700000000;
  for (const pl of payloads) {
    const data = eth(ip4([10, 0, 0, 1], [10, 0, 0, 2], 17, 5000, 5001, 0, 0, 0, pl.length));
    pl.copy(data, 14 + 28);
    const r = Buffer.alloc(16);
    r.writeUInt32LE(t++, 0); r.writeUInt32LE(0, 4); r.writeUInt32LE(data.length, 8); r.writeUInt32LE(data.length, 12);
    bounds.push(off);
    parts.push(r, data);
    off += 16 + data.length;
  }
  return { bytes: Buffer.concat(parts), bounds };
}

/** Fake record headers (plausible time and lengths) chained `n` times with `gap` bytes of filler. */
function fakeChain(n, gap, sec) {
  const parts = [];
  for (let i = 0; i < n; i++) {
    const r = Buffer.alloc(16 + gap);
    r.writeUInt32LE(sec, 0); r.writeUInt32LE(5, 4); r.writeUInt32LE(gap, 8); r.writeUInt32LE(gap, 12);
    parts.push(r);
  }
  return Buffer.concat(parts);
}

test('split points: payloads that look like record headers', () => {
  // single plausible headers (and short chains) in every payload: the finder must skip them and cut at a real record
  const short = [];
  // (followed by bytes that are no header: a fake chain that ran on into the real records would be a real chain)
  for (let i = 0; i < 200; i++) short.push(Buffer.concat([Buffer.alloc(i % 7), fakeChain(3, 10 + (i % 5), 1700000000), Buffer.alloc(17, 0xff)]));
  const a = pcapWithPayloads(short);
  const fa = join(tmp, 'fake-short.pcap');
  writeFileSync(fa, a.bytes);
  const plan = probeRanges(fa);
  assert.ok(plan && plan.format === 'pcap' && plan.dataStart === 24);
  const cuts = splitRanges(fa, plan, 5);
  assert.equal(cuts.length, 6);
  for (const c of cuts.slice(1, -1)) assert.ok(a.bounds.includes(c), `cut ${c} is a record boundary`);
  // the finder on a window that starts inside a payload: the first chain it accepts is a real boundary
  const from = a.bounds[50] + 20;
  const at = findChain(plan, a.bytes.subarray(from), a.bytes.length - from, from);
  assert.ok(a.bounds.includes(from + at), `window cut ${from + at}`);

  // a payload carrying a whole plausible chain fools the finder; the range before the cut then does not end on it,
  // and the run falls back to one thread with the same output
  const long = [];
  // (one large packet in the middle of the file: the cut for two ranges is looked for inside it)
  for (let i = 0; i < 40; i++) long.push(i === 20 ? fakeChain(12, 400, 1700000000) : Buffer.alloc(30 + i));
  const b = pcapWithPayloads(long);
  const fb = join(tmp, 'fake-long.pcap');
  writeFileSync(fb, b.bytes);
  const planB = probeRanges(fb);
  const inFake = b.bounds[20] + 16 + 42 + 1;
  const got = findChain(planB, b.bytes.subarray(inFake), b.bytes.length - inFake, inFake);
  assert.ok(got >= 0 && !b.bounds.includes(inFake + got), 'the fake chain is taken for records');
  const args = ['-n', '-q', '-r', fb, '-z', 'conv,udp', '-z', 'io,stat,1'];
  const one = runRaw(args);
  const r = runRaw([...args, '--workers', '2'], { TYPESHARK_FAST_DEBUG: '1' });
  assert.equal(r.stdout, one.stdout);
  assert.match(r.stderr, /^ranges: 2 .*fell back \(range 0: ended at \d+, not at \d+\)$/m, 'the cut in the fake chain is caught');
  for (const bytes of ['100', '300', '700', '1100', '1500']) {
    const r = runRaw([...args, '--workers', '2'], { TYPESHARK_FAST_DEBUG: '1', TYPESHARK_RANGE_BYTES: bytes });
    assert.equal(r.stdout, one.stdout, `ranges of ${bytes} bytes`);
  }
});
