#!/usr/bin/env node
// Generates a large, realistic, deterministic capture for benchmarks:
//   node bench/gen.mjs SIZE_MB OUT.pcap [--seed N]
// Ethernet; thousands of TCP conversations (HTTP/1.1 requests to varied hosts and paths, MTU-sized responses with
// proper sequence numbers, ACKs, FIN), TLS-like traffic on 443, DNS over UDP, UDP flows, and some IPv6.
import * as fs from 'node:fs';

const [sizeArg, outPath] = process.argv.slice(2);
if (!sizeArg || !outPath) { console.error('usage: node bench/gen.mjs SIZE_MB OUT.pcap [--seed N]'); process.exit(2); }
const seedIdx = process.argv.indexOf('--seed');
let seed = seedIdx > 0 ? Number(process.argv[seedIdx + 1]) : 20261125;
const target = Number(sizeArg) * 1024 * 1024;
const rnd = () => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) / 4294967296; };
const pick = a => a[Math.floor(rnd() * a.length)];

const fd = fs.openSync(outPath, 'w');
const BUF = Buffer.alloc(16 * 1024 * 1024);
let used = 0, written = 0;
function flush() { fs.writeSync(fd, BUF, 0, used); written += used; used = 0; }
const hdr = Buffer.alloc(24);
hdr.writeUInt32LE(0xa1b2c3d4, 0); hdr.writeUInt16LE(2, 4); hdr.writeUInt16LE(4, 6); hdr.writeUInt32LE(262144, 16); hdr.writeUInt32LE(1, 20);
hdr.copy(BUF, 0); used = 24;

let tUs = 1_700_000_000n * 1_000_000n;
const MAC_C = Buffer.from('020000000001', 'hex'), MAC_S = Buffer.from('020000000002', 'hex');

function ipCksum(b, o) {
  let s = 0;
  for (let i = 0; i < 20; i += 2) s += b.readUInt16BE(o + i);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  b.writeUInt16BE(~s & 0xffff, o + 10);
}

/** Appends one Ethernet/IPv4 or IPv6 packet with an L4 header and payload. */
function packet(v6, src, dst, proto, l4, payload) {
  tUs += BigInt(1 + Math.floor(rnd() * 400));
  const ipLen = v6 ? 40 : 20;
  const len = 14 + ipLen + l4.length + payload.length;
  if (used + 16 + len > BUF.length) flush();
  const o = used;
  BUF.writeUInt32LE(Number(tUs / 1_000_000n), o); BUF.writeUInt32LE(Number(tUs % 1_000_000n), o + 4);
  BUF.writeUInt32LE(len, o + 8); BUF.writeUInt32LE(len, o + 12);
  const e = o + 16;
  const toServer = src.isClient;
  (toServer ? MAC_S : MAC_C).copy(BUF, e); (toServer ? MAC_C : MAC_S).copy(BUF, e + 6);
  BUF.writeUInt16BE(v6 ? 0x86dd : 0x0800, e + 12);
  const ip = e + 14;
  if (v6) {
    BUF.writeUInt32BE(0x60000000, ip); BUF.writeUInt16BE(l4.length + payload.length, ip + 4); BUF[ip + 6] = proto; BUF[ip + 7] = 64;
    src.addr.copy(BUF, ip + 8); dst.addr.copy(BUF, ip + 24);
  } else {
    BUF[ip] = 0x45; BUF[ip + 1] = 0; BUF.writeUInt16BE(20 + l4.length + payload.length, ip + 2);
    BUF.writeUInt16BE(Math.floor(rnd() * 65536), ip + 4); BUF.writeUInt16BE(0x4000, ip + 6); BUF[ip + 8] = 64; BUF[ip + 9] = proto;
    BUF.writeUInt16BE(0, ip + 10); src.addr.copy(BUF, ip + 12); dst.addr.copy(BUF, ip + 16); ipCksum(BUF, ip);
  }
  l4.copy(BUF, ip + ipLen); payload.copy(BUF, ip + ipLen + l4.length);
  used += 16 + len;
}

function tcpHdr(sport, dport, seq, ack, flags, win = 65535) {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(sport, 0); h.writeUInt16BE(dport, 2); h.writeUInt32BE(seq >>> 0, 4); h.writeUInt32BE(ack >>> 0, 8);
  h.writeUInt16BE((5 << 12) | flags, 12); h.writeUInt16BE(win, 14);
  return h;
}
const F = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16 };

const HOSTS = ['data.s3.example.test', 'logs.s3.example.test', '169.254.169.254', 'api.example.test', 'cdn.example.test', 'www.example.test'];
const PATHS = ['/?prefix=logs/', '/?prefix=logs/&marker=logs/2024/00119.json', '/latest/meta-data/', '/latest/meta-data/iam/security-credentials/', '/index.html', '/api/v1/items', '/img/logo.png', '/assets/app.js'];

let nextPort = 20000;
function ep(v6, isClient, n) {
  return v6 ? { isClient, addr: Buffer.from(`fd00000000000000000000000000${(n & 0xffff).toString(16).padStart(4, '0')}`, 'hex') }
    : { isClient, addr: Buffer.from([10, isClient ? 1 : 2, (n >> 8) & 255, n & 255]) };
}

/** A TCP connection as a generator of packets, interleaved with others by the scheduler. */
function* tcpConn(v6, https) {
  const c = ep(v6, true, Math.floor(rnd() * 4000)), s = ep(v6, false, Math.floor(rnd() * 60));
  const sport = nextPort = nextPort >= 60000 ? 20000 : nextPort + 1, dport = https ? 443 : pick([80, 80, 80, 8080]);
  let cs = Math.floor(rnd() * 2 ** 32), ss = Math.floor(rnd() * 2 ** 32);
  const proto = 6, E = Buffer.alloc(0);
  yield () => packet(v6, c, s, proto, tcpHdr(sport, dport, cs, 0, F.SYN, 64240), E);
  yield () => packet(v6, s, c, proto, tcpHdr(dport, sport, ss, cs + 1, F.SYN | F.ACK, 65160), E);
  cs++; ss++;
  yield () => packet(v6, c, s, proto, tcpHdr(sport, dport, cs, ss, F.ACK), E);
  const requests = 1 + Math.floor(rnd() * 4);
  for (let r = 0; r < requests; r++) {
    const req = https ? Buffer.alloc(200 + Math.floor(rnd() * 300), 0x17)
      : Buffer.from(`GET ${pick(PATHS)} HTTP/1.1\r\nHost: ${pick(HOSTS)}\r\nUser-Agent: bench/1.0\r\nAccept: */*\r\n\r\n`);
    const q = cs; cs += req.length;
    yield () => packet(v6, c, s, proto, tcpHdr(sport, dport, q, ss, F.PSH | F.ACK), req);
    const bodyLen = Math.floor(rnd() < 0.7 ? rnd() * 3000 : rnd() * 60000);
    const head = https ? E : Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: ${pick(['application/xml', 'text/plain', 'application/octet-stream'])}\r\nContent-Length: ${bodyLen}\r\n\r\n`);
    const resp = Buffer.concat([head, Buffer.alloc(bodyLen, 0x61)]);
    for (let off = 0, k = 0; off < resp.length; off += 1448, k++) {
      const seg = resp.subarray(off, off + 1448), sq = ss; ss += seg.length;
      const last = off + 1448 >= resp.length;
      yield () => packet(v6, s, c, proto, tcpHdr(dport, sport, sq, cs, last ? F.PSH | F.ACK : F.ACK), seg);
      if (k % 2 === 1 || last) { const a = ss; yield () => packet(v6, c, s, proto, tcpHdr(sport, dport, cs, a, F.ACK), E); }
    }
  }
  yield () => packet(v6, c, s, proto, tcpHdr(sport, dport, cs, ss, F.FIN | F.ACK), E);
  yield () => packet(v6, s, c, proto, tcpHdr(dport, sport, ss, cs + 1, F.FIN | F.ACK), E);
  yield () => packet(v6, c, s, proto, tcpHdr(sport, dport, cs + 1, ss + 1, F.ACK), E);
}

function* dnsExchange() {
  const c = ep(false, true, Math.floor(rnd() * 4000)), s = ep(false, false, 53);
  const name = pick(HOSTS.filter(h => !/^\d/.test(h)));
  const id = Math.floor(rnd() * 65536), sport = 30000 + Math.floor(rnd() * 30000);
  const q = Buffer.concat([Buffer.from([id >> 8, id & 255, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]),
    ...name.split('.').map(l => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0, 0, 1, 0, 1])]);
  const udp = (sp, dp, n) => { const h = Buffer.alloc(8); h.writeUInt16BE(sp); h.writeUInt16BE(dp, 2); h.writeUInt16BE(8 + n, 4); return h; };
  yield () => packet(false, c, s, 17, udp(sport, 53, q.length), q);
  const a = Buffer.concat([q, Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 1, 44, 0, 4, 10, 2, 0, Math.floor(rnd() * 60)])]);
  a[2] = 0x81; a[3] = 0x80; a[7] = 1;
  yield () => packet(false, s, c, 17, udp(53, sport, a.length), a);
}

function* udpFlow() {
  const c = ep(false, true, Math.floor(rnd() * 4000)), s = ep(false, false, 90);
  const sport = 40000 + Math.floor(rnd() * 20000), n = 2 + Math.floor(rnd() * 20), size = 60 + Math.floor(rnd() * 1200);
  for (let i = 0; i < n; i++) {
    const h = Buffer.alloc(8); h.writeUInt16BE(sport); h.writeUInt16BE(9000, 2); h.writeUInt16BE(8 + size, 4);
    yield () => packet(false, c, s, 17, h, Buffer.alloc(size, 0x30));
  }
}

const active = [];
const ACTIVE = 200;
function spawnFlow() {
  const r = rnd();
  if (r < 0.55) return tcpConn(rnd() < 0.1, false);
  if (r < 0.75) return tcpConn(false, true);
  if (r < 0.92) return dnsExchange();
  return udpFlow();
}
while (written + used < target) {
  while (active.length < ACTIVE) active.push(spawnFlow());
  const i = Math.floor(rnd() * active.length);
  const step = active[i].next();
  if (step.done) { active[i] = active[active.length - 1]; active.pop(); continue; }
  step.value();
}
flush();
fs.closeSync(fd);
console.log(`${outPath}: ${(written / 1048576).toFixed(1)} MiB`);
