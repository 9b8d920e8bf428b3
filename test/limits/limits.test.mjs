// Resource limits (README "Limits"): each cap is enforced, says so once on stderr, and below it nothing changes.
// Caps are lowered in-process (LIMITS is mutable) so small captures reach them; memory caps are measured in a
// child process (peak RSS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBuffer } from '../../dist/cli/run-buffer.js';
import { LIMITS } from '../../dist/dissect/state.js';
import { dnsQuery, fragments, icmpEcho, pcapBytes, tcpConnection, udpFrame } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFAULTS = { ...LIMITS };

async function withLimits(over, f) {
  Object.assign(LIMITS, over);
  try { return await f(); } finally { Object.assign(LIMITS, DEFAULTS); }
}
const fields = async (cap, ...f) => runBuffer(['-n', '-T', 'fields', ...f.flatMap(x => ['-e', x])], cap);
const warnings = s => s.split('\n').filter(l => l.startsWith('typeshark: warning:'));

test('TCP conversations: past the cap the least recently active are forgotten, with one warning', async () => {
  const frames = [];
  for (let i = 0; i < 50; i++) frames.push(...tcpConnection(10000 + i, 80, [], { t0: i }));
  // conversation 0 again, long after: a forgotten conversation starts a new stream
  frames.push(...tcpConnection(10000, 80, [[true, Buffer.from('hello')]], { t0: 100, handshake: false }));
  const cap = pcapBytes(frames);
  const normal = await fields(cap, 'tcp.stream');
  assert.equal(normal.stdout.trim().split('\n').at(-1), '0');
  assert.deepEqual(warnings(normal.stderr), []);
  const capped = await withLimits({ tcpConversations: 20 }, () => fields(cap, 'tcp.stream'));
  assert.equal(capped.code, 0);
  assert.equal(capped.stdout.trim().split('\n').at(-1), '50');
  assert.deepEqual(warnings(capped.stderr), ['typeshark: warning: more than 20 TCP conversations tracked; the least recently active are forgotten and their later packets start new streams.']);
});

test('DNS conversations: past the cap the oldest are forgotten (responses unmatched), with one warning', async () => {
  const frames = [];
  for (let i = 0; i < 10; i++) frames.push(udpFrame(20000 + i, 53, dnsQuery(i, 'a.example'), i));
  frames.push({ ...udpFrame(53, 20000, dnsQuery(0, 'a.example', true), 20, '10.0.0.53', '10.0.0.1') });
  const cap = pcapBytes(frames);
  const normal = await fields(cap, 'dns.response_to');
  assert.equal(normal.stdout.trim().split('\n').at(-1), '1');
  const capped = await withLimits({ dnsConversations: 5 }, () => fields(cap, 'dns.response_to'));
  assert.equal(capped.stdout.split('\n').at(-2), '');
  assert.equal(warnings(capped.stderr).length, 1);
});

test('ICMP echo transactions: past the cap the oldest requests are forgotten, with one warning', async () => {
  const frames = [];
  for (let i = 0; i < 6; i++) frames.push(icmpEcho(8, 100 + i, 1, i));
  frames.push(icmpEcho(0, 100, 1, 10));
  const cap = pcapBytes(frames);
  const normal = await fields(cap, 'icmp.resp_to');
  assert.equal(normal.stdout.trim().split('\n').at(-1), '1');
  const capped = await withLimits({ icmpTransactions: 3 }, () => fields(cap, 'icmp.resp_to'));
  assert.equal(capped.stdout.split('\n').at(-2), '');
  assert.equal(warnings(capped.stderr).length, 1);
});

test('IPv4 reassembly: fragments per datagram and datagrams in progress are capped', async () => {
  const six = pcapBytes(fragments(7, 6, 0));
  const normal = await runBuffer(['-n'], six);
  assert.match(normal.stdout.trim().split('\n').at(-1), /UDP/);
  const capped = await withLimits({ ipFragmentsPerDatagram: 4 }, () => runBuffer(['-n'], six));
  assert.match(capped.stdout.trim().split('\n').at(-1), /Fragmented IP protocol/);
  assert.equal(warnings(capped.stderr).length, 1);
  // three datagrams interleaved, room for two: the first is forgotten, the others complete
  const a = fragments(1, 2, 0), b = fragments(2, 2, 1), c = fragments(3, 2, 2);
  const inter = pcapBytes([a[0], b[0], c[0], a[1], b[1], c[1]]);
  const two = await withLimits({ ipDatagrams: 2 }, () => runBuffer(['-n'], inter));
  const lines = two.stdout.trim().split('\n');
  assert.match(lines[3], /Fragmented IP protocol/);
  assert.match(lines[4], /UDP/); assert.match(lines[5], /UDP/);
  assert.equal(warnings(two.stderr).length, 1);
});

test('TCP reassembly: a stream past its buffer cap drops the PDU (never completed with missing bytes)', async () => {
  const msg = dnsQuery(0x4242, 'x'.repeat(60) + '.example');
  const body = Buffer.concat([Buffer.from([0, msg.length + 3000 >> 8 & 255, msg.length + 3000 & 255]).subarray(1), msg, Buffer.alloc(3000)]);
  // a DNS-over-TCP message of ~3 KB in 100-byte segments
  const cap = pcapBytes(tcpConnection(30000, 53, [[true, body]], { mss: 100 }));
  const normal = await fields(cap, 'dns.id');
  assert.match(normal.stdout, /0x4242/);
  const capped = await withLimits({ tcpStreamBytes: 1000 }, () => fields(cap, 'dns.id'));
  assert.doesNotMatch(capped.stdout, /0x4242/);
  assert.equal(capped.code, 0);
  assert.deepEqual(warnings(capped.stderr), ['typeshark: warning: more than 1000 bytes of unfinished TCP PDUs in one stream tracked; the PDU being reassembled is dropped.']);
  // all streams together: three interleaved unfinished PDUs of ~1.6 KB with room for ~2: the oldest is dropped
  const flows = [0, 1, 2].map(i => tcpConnection(31000 + i, 53, [[true, body.subarray(0, 1600)]], { mss: 400, t0: i * 0.0001 }));
  const merged = [];
  for (let k = 0; k < Math.max(...flows.map(f => f.length)); k++) for (const f of flows) if (f[k]) merged.push(f[k]);
  const total = await withLimits({ tcpTotalBytes: 3500 }, () => runBuffer(['-n'], pcapBytes(merged)));
  assert.equal(total.code, 0);
  assert.equal(warnings(total.stderr).length, 1);
  assert.match(warnings(total.stderr)[0], /more than 3500 bytes of unfinished TCP PDUs tracked/);
});

/** Runs the command in a child process; returns its exit code, output and peak RSS in MB. */
function runMeasured(args) {
  // peak RSS of this process's own memory (VmHWM; getrusage's maxrss would include the parent's, kept across exec)
  const js = `import { readFileSync } from 'node:fs';
    process.on('exit', () => { let kb = process.resourceUsage().maxRSS; try { kb = Number(/VmHWM:\\s*(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]); } catch {} process.stderr.write('\\nMAXRSS ' + kb + '\\n'); });
    const { main } = await import(${JSON.stringify(join(root, 'dist/cli/main.js'))}); await main(${JSON.stringify(args)});`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', js], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const m = /MAXRSS (\d+)/.exec(r.stderr);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.replace(/\nMAXRSS \d+\n/, ''), rssMb: m ? Number(m[1]) / 1024 : Infinity };
}

test('HTTP body gzip bomb: decompression output is capped, memory stays bounded', { timeout: 120_000 }, () => {
  const bomb = zlib.gzipSync(Buffer.alloc(100 * 1024 * 1024), { level: 9 }); // ~100 KB → 100 MB
  const resp = Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\nContent-Length: ${bomb.length}\r\n\r\n`), bomb]);
  const frames = tcpConnection(40000, 80, [[true, Buffer.from('GET /bomb HTTP/1.1\r\nHost: x\r\n\r\n')], [false, resp]], { mss: 1460 });
  const file = join(tmpdir(), `typeshark-bomb-${process.pid}.pcap`);
  fs.writeFileSync(file, pcapBytes(frames));
  try {
    const r = runMeasured(['-n', '-r', file, '-V', '-Y', 'http.response']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Content-encoded entity body \(gzip\)/);
    assert.match(r.stdout, /Decompression failed/);
    assert.ok(r.rssMb < 300, `peak RSS ${r.rssMb.toFixed(0)} MB`);
    console.log(`# HTTP gzip bomb (100 MB): peak RSS ${r.rssMb.toFixed(0)} MB`);
  } finally { fs.rmSync(file, { force: true }); }
});

test('gzip-compressed capture of ~100 MB: streamed, memory stays bounded', { timeout: 300_000 }, () => {
  // 400 records of 256 KB (the largest packet wiretap reads), zeros: compresses ~1000:1
  const hdr = Buffer.alloc(24); hdr.writeUInt32LE(0xa1b2c3d4, 0); hdr.writeUInt16LE(2, 4); hdr.writeUInt16LE(4, 6); hdr.writeUInt32LE(262144, 16); hdr.writeUInt32LE(1, 20);
  const rec = Buffer.alloc(16 + 262144); rec.writeUInt32LE(262144, 8); rec.writeUInt32LE(262144, 12);
  const gz = zlib.createGzip({ level: 9 });
  const parts = [];
  gz.on('data', d => parts.push(d));
  gz.write(hdr);
  for (let i = 0; i < 400; i++) { rec.writeUInt32LE(1700000000 + i, 0); gz.write(Buffer.from(rec)); }
  const done = new Promise(res => gz.on('end', res));
  gz.end();
  return done.then(() => {
    const file = join(tmpdir(), `typeshark-bigz-${process.pid}.pcap.gz`);
    fs.writeFileSync(file, Buffer.concat(parts));
    try {
      const r = runMeasured(['-n', '-r', file, '-q', '-z', 'io,phs']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /frames:400 bytes:104857600/);
      assert.ok(r.rssMb < 300, `peak RSS ${r.rssMb.toFixed(0)} MB`);
      console.log(`# gzip capture (100 MB): peak RSS ${r.rssMb.toFixed(0)} MB`);
    } finally { fs.rmSync(file, { force: true }); }
  });
});

test('pcapng block length of 4 GB (file and stdin): refused from the header, nothing allocated', () => {
  const le32 = v => { const b = Buffer.alloc(4); b.writeUInt32LE(v >>> 0); return b; };
  const shb = Buffer.concat([le32(0x0a0d0d0a), le32(28), le32(0x1a2b3c4d), Buffer.from([1, 0, 0, 0]), le32(0xffffffff), le32(0xffffffff), le32(28)]);
  const idb = Buffer.concat([le32(1), le32(20), Buffer.from([1, 0, 0, 0]), le32(0), le32(20)]);
  // a block just under the cap (128 MiB) in a short file, and one of 4 GB
  for (const len of [0xfffffff0, 134348832 - 4]) {
    const file = join(tmpdir(), `typeshark-4g-${process.pid}.pcapng`);
    fs.writeFileSync(file, Buffer.concat([shb, idb, le32(6), le32(len), Buffer.alloc(64)]));
    try {
      const r = runMeasured(['-n', '-r', file]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, len > 134348832 ? /too large/ : /cut short/);
      assert.ok(r.rssMb < 120, `peak RSS ${r.rssMb.toFixed(0)} MB for a ${len}-byte block`);
      console.log(`# pcapng block of ${len} bytes: peak RSS ${r.rssMb.toFixed(0)} MB`);
    } finally { fs.rmSync(file, { force: true }); }
  }
});
