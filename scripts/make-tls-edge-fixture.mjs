// Builds test/tls/fixtures/tls-edge.pcap: records cut across segments, a record split over two streams' first
// segments, plain text on port 443, an SSLv2 Client Hello, SSLv2-looking data on port 993, continuation data,
// GREASE values and ALPS/padding/compress_certificate extensions, a plain alert.
// Usage: node scripts/make-tls-edge-fixture.mjs test/tls/fixtures/tls-edge.pcap
import { eth, ipv4, tcp, u16, writePcap } from './pcapgen.mjs';
const B = (...a) => Buffer.concat(a.map(x => Buffer.isBuffer(x) ? x : Buffer.from(x)));
const u24 = v => Buffer.from([v >> 16, (v >> 8) & 255, v & 255]);
const f = (t, sp, dp, seq, payload) => ({ t, data: eth(ipv4('10.0.0.1', '10.0.0.2', 6, tcp(sp, dp, seq, 1, 0x18, payload))) });
const ext = (t, d) => B(u16(t), u16(d.length), d);
const exts = B(
  ext(0x0a0a, Buffer.alloc(0)), ext(0, B(u16(14), [0], u16(11), 'example.org')), ext(5, Buffer.from([1, 0, 0, 0, 0])),
  ext(16, B(u16(12), [2], 'h2', [8], 'http/1.1')), ext(10, B(u16(6), u16(0x2a2a), u16(29), u16(23))),
  ext(43, B([6], u16(0x3a3a), u16(0x0304), u16(0x0303))), ext(27, B([2], u16(2))), ext(17513, B(u16(3), [2], 'h2')),
  ext(21, Buffer.alloc(10)), ext(0x4a4a, Buffer.from([0])));
const body = B(u16(0x0303), Buffer.alloc(32, 7), [0], u16(6), u16(0x1a1a), u16(0x1301), u16(0xc02b), [1], [0], u16(exts.length), exts);
const hs = B([1], u24(body.length), body);
const hello = B([22], u16(0x0301), u16(hs.length), hs);
const specs = Buffer.from('00002f000035010080', 'hex');
const v2body = Buffer.concat([Buffer.from([1, 3, 1, 0, specs.length, 0, 0, 0, 16]), specs, Buffer.alloc(16, 0x5a)]);
const v2hello = Buffer.concat([Buffer.from([0x80 | (v2body.length >> 8), v2body.length & 255]), v2body]);
writePcap(process.argv[2], [
  f(0.001, 40000, 443, 1000, Buffer.from('hello world, not tls at all')),
  f(0.002, 40010, 443, 1027, Buffer.from('1703030005aabbccddee1503030002', 'hex')),
  f(0.003, 40001, 443, 5000, Buffer.from('170303', 'hex')),
  f(0.004, 40002, 443, 7000, Buffer.from('16030100200100001c0303', 'hex')),
  f(0.005, 40003, 443, 7000, Buffer.from('15030300020228', 'hex')),
  f(0.006, 40004, 443, 1000, v2hello),
  f(0.007, 40005, 443, 1000, Buffer.from('0102030405060708090a', 'hex')),
  f(0.008, 40006, 993, 1000, Buffer.from('80000090056495690000000000000002000186a3', 'hex')),
  f(0.009, 40007, 443, 1000, hello),
  f(0.010, 443, 40007, 1, B([21], u16(0x0303), u16(2), [2], [70])),
]);
