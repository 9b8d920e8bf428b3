#!/usr/bin/env node
// Writes the small captures the display-filter golden suite runs on (test/filter/captures/*.pcap).
// Every packet is built here byte by byte, so the suite depends on no outside capture.
import * as fs from 'node:fs';
import * as path from 'node:path';

const OUT = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'test', 'filter', 'captures');

function u16(n) { return [(n >> 8) & 255, n & 255]; }
function u32(n) { return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]; }
function mac(s) { return s.split(':').map(x => parseInt(x, 16)); }
function ip4(s) { return s.split('.').map(Number); }
function ip6(s) {
  const [a, b = ''] = s.split('::');
  const pa = a ? a.split(':') : [], pb = b ? b.split(':') : [];
  const w = [...pa, ...Array(8 - pa.length - pb.length).fill('0'), ...pb].map(x => parseInt(x, 16));
  return w.flatMap(x => u16(x));
}
function bytes(s) { return [...Buffer.from(s, 'latin1')]; }
function csum(b) {
  let s = 0;
  for (let i = 0; i < b.length; i += 2) s += (b[i] << 8) + (b[i + 1] ?? 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return (~s) & 0xffff;
}

function eth(dst, src, type, payload) { return [...mac(dst), ...mac(src), ...u16(type), ...payload]; }
function ipv4({ src, dst, proto, ttl = 64, id = 0x1234, df = true, mf = false, off = 0, tos = 0, options = [] }, payload) {
  const hl = 20 + options.length;
  const h = [0x40 | (hl / 4), tos, ...u16(hl + payload.length), ...u16(id),
    ...u16((df ? 0x4000 : 0) | (mf ? 0x2000 : 0) | off), ttl, proto, 0, 0, ...ip4(src), ...ip4(dst), ...options];
  const c = csum(h); h[10] = c >> 8; h[11] = c & 255;
  return [...h, ...payload];
}
function ipv6({ src, dst, next, hop = 64 }, payload) {
  return [0x60, 0, 0, 0, ...u16(payload.length), next, hop, ...ip6(src), ...ip6(dst), ...payload];
}
function udp(sport, dport, payload) { return [...u16(sport), ...u16(dport), ...u16(8 + payload.length), 0, 0, ...payload]; }
function tcp(sport, dport, seq, ack, flags, payload, win = 64240, options = []) {
  const hl = 20 + options.length;
  return [...u16(sport), ...u16(dport), ...u32(seq), ...u32(ack), (hl / 4) << 4, flags, ...u16(win), 0, 0, 0, 0, ...options, ...payload];
}
function arp(op, smac, sip, tmac, tip) {
  return [0, 1, 8, 0, 6, 4, 0, op, ...mac(smac), ...ip4(sip), ...mac(tmac), ...ip4(tip)];
}
function dnsName(n) { return [...n.split('.').flatMap(l => [l.length, ...bytes(l)]), 0]; }
function dnsQuery(id, name, type) { return [...u16(id), 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, ...dnsName(name), ...u16(type), 0, 1]; }
function dnsAnswer(id, name, addr) {
  return [...u16(id), 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, ...dnsName(name), 0, 1, 0, 1,
    0xc0, 12, 0, 1, 0, 1, ...u32(300), 0, 4, ...ip4(addr)];
}
function pad60(f) { return f.length < 60 ? [...f, ...Array(60 - f.length).fill(0)] : f; }

const A = '02:00:00:00:00:01', B = '02:00:00:00:00:02', R = '00:1b:21:3a:4f:5e', BC = 'ff:ff:ff:ff:ff:ff', MC = '01:00:5e:00:00:fb';
const C = '10.0.0.1', S = '192.168.1.10', DNS = '10.0.0.53';
const SYN = 0x02, ACK = 0x10, PSH = 0x08, FIN = 0x01, RST = 0x04;

function basic() {
  const get = bytes('GET /index.html HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: test/1.0\r\n\r\n');
  const resp = bytes('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello');
  const big = Array.from({ length: 1200 }, (_, i) => (i * 7) & 255);
  return [
    pad60(eth(BC, A, 0x0806, arp(1, A, C, '00:00:00:00:00:00', DNS))),
    pad60(eth(A, B, 0x0806, arp(2, B, DNS, A, C))),
    eth(B, A, 0x0800, ipv4({ src: C, dst: DNS, proto: 17, id: 0x0101 }, udp(40000, 53, dnsQuery(0xabcd, 'www.example.com', 1)))),
    eth(A, B, 0x0800, ipv4({ src: DNS, dst: C, proto: 17, id: 0x0202, ttl: 63 }, udp(53, 40000, dnsAnswer(0xabcd, 'www.example.com', '93.184.216.34')))),
    eth(R, A, 0x0800, ipv4({ src: C, dst: S, proto: 6, id: 0x0303 }, tcp(50000, 80, 1000, 0, SYN, [], 64240, [2, 4, 5, 0xb4, 1, 1, 4, 2]))),
    eth(A, R, 0x0800, ipv4({ src: S, dst: C, proto: 6, id: 0, ttl: 128 }, tcp(80, 50000, 5000, 1001, SYN | ACK, [], 65535, [2, 4, 5, 0xb4, 1, 1, 4, 2]))),
    pad60(eth(R, A, 0x0800, ipv4({ src: C, dst: S, proto: 6, id: 0x0304 }, tcp(50000, 80, 1001, 5001, ACK, [])))),
    eth(R, A, 0x0800, ipv4({ src: C, dst: S, proto: 6, id: 0x0305 }, tcp(50000, 80, 1001, 5001, PSH | ACK, get))),
    eth(A, R, 0x0800, ipv4({ src: S, dst: C, proto: 6, id: 0x0306, ttl: 128 }, tcp(80, 50000, 5001, 1001 + get.length, PSH | ACK, resp))),
    pad60(eth(R, A, 0x0800, ipv4({ src: C, dst: S, proto: 6, id: 0x0307 }, tcp(50000, 80, 1001 + get.length, 5001 + resp.length, FIN | ACK, [])))),
    eth(R, A, 0x0800, ipv4({ src: C, dst: '8.8.8.8', proto: 17, id: 0x0400, ttl: 1, df: false, tos: 0xb8 }, udp(123, 123, Array(48).fill(0x1b)))),
    eth(R, A, 0x0800, ipv4({ src: C, dst: '8.8.4.4', proto: 17, id: 0x0500, df: false, mf: true }, udp(5000, 5001, Array(40).fill(0x41)))),
    eth(R, A, 0x0800, ipv4({ src: C, dst: S, proto: 6, id: 0x0600, options: [0x01, 0x01, 0x01, 0x00] }, tcp(50001, 443, 7, 0, RST, []))),
    eth(R, A, 0x0800, ipv4({ src: '172.16.5.4', dst: '172.16.9.9', proto: 17, id: 0x0700 }, udp(9000, 9001, big))),
    eth(MC, A, 0x0800, ipv4({ src: C, dst: '224.0.0.251', proto: 17, id: 0x0800, ttl: 255 }, udp(5353, 5353, dnsQuery(0, 'printer.local', 12)))),
    eth(R, A, 0x0800, ipv4({ src: C, dst: '10.255.0.1', proto: 4, id: 0x0900 }, ipv4({ src: '192.168.100.1', dst: '192.168.100.2', proto: 17, id: 0x0901 }, udp(7000, 7001, bytes('tunnel payload'))))),
    eth(R, A, 0x86dd, ipv6({ src: 'fd00::1', dst: 'fd00::53', next: 17 }, udp(40001, 53, dnsQuery(0x1111, 'v6.example.com', 28)))),
    eth(R, A, 0x0800, ipv4({ src: C, dst: S, proto: 6, id: 0x0a00 }, tcp(50002, 8080, 1, 1, PSH | ACK, bytes('POST /upload HTTP/1.1\r\nHost: s3.example.test\r\nContent-Length: 3\r\n\r\nabc')))),
    eth(R, A, 0x0800, ipv4({ src: C, dst: '10.0.0.99', proto: 1, id: 0x0b00 }, [8, 0, 0, 0, 0, 1, 0, 1, ...bytes('ping data')])),
    eth(R, A, 0x9999, bytes('unknown ethertype payload...........')),
  ];
}

function writePcap(file, frames, { snaplen = 65535, caplenOf = f => f.length } = {}) {
  const parts = [Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...u32(snaplen).reverse(), 1, 0, 0, 0])];
  let t = 1700000000, us = 0;
  frames.forEach((f, i) => {
    const cap = Math.min(caplenOf(f), f.length);
    const h = Buffer.alloc(16);
    h.writeUInt32LE(t, 0); h.writeUInt32LE(us, 4); h.writeUInt32LE(cap, 8); h.writeUInt32LE(f.length, 12);
    parts.push(h, Buffer.from(f.slice(0, cap)));
    // varying gaps: some sub-millisecond, some whole seconds
    us += [250000, 13, 500000, 999, 1500][i % 5];
    while (us >= 1e6) { us -= 1e6; t++; }
    if (i === 9) t += 3600;
  });
  fs.writeFileSync(file, Buffer.concat(parts));
}

fs.mkdirSync(OUT, { recursive: true });
writePcap(path.join(OUT, 'basic.pcap'), basic());
// the same packets cut to 54 bytes: slices past the captured data, truncated protocols
writePcap(path.join(OUT, 'snap.pcap'), basic(), { snaplen: 54, caplenOf: () => 54 });
