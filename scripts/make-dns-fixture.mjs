// Builds test/dns/fixtures/dns-cases.pcap: DNS edge cases (AD bit, unsolicited and retransmitted messages, MX/SOA/OPT,
// PTR/SRV/NS/TXT/CNAME, a pointer loop, mDNS with odd labels, LLMNR, dynamic update, HTTPS/SVCB and EDNS options).
// Usage: node scripts/make-dns-fixture.mjs test/dns/fixtures/dns-cases.pcap
import { name, u16, u32, udpFrame, writePcap } from './pcapgen.mjs';
const B = (...a) => Buffer.concat(a.map(x => Buffer.isBuffer(x) ? x : Buffer.from(x)));
const hdr = (id, flags, qd, an, ns, ar) => B(u16(id), u16(flags), u16(qd), u16(an), u16(ns), u16(ar));
const q = (n, t, c = 1) => B(name(n), u16(t), u16(c));
const rr = (n, t, ttl, rdata, c = 1) => B(typeof n === 'string' ? name(n) : n, u16(t), u16(c), u32(ttl), u16(rdata.length), rdata);
const ptr = off => Buffer.from([0xc0 | (off >> 8), off & 255]);
const frames = [];
let t = 0;
// 1 query with AD bit
frames.push(udpFrame(t += 0.001, true, 40000, 53, B(hdr(0x1111, 0x0120, 1, 0, 0, 0), q('www.example.com', 1))));
// 2 unsolicited response
frames.push(udpFrame(t += 0.001, false, 40001, 53, B(hdr(0x2222, 0x8180, 1, 1, 0, 0), q('a.b', 1), rr(ptr(12), 1, 3600, Buffer.from([1,2,3,4])))));
// 3/4/5 query, retransmitted query, response, duplicate response
const qm = B(hdr(0x3333, 0x0100, 1, 0, 0, 0), q('mx.example.org', 15));
frames.push(udpFrame(t += 0.001, true, 40002, 53, qm));
frames.push(udpFrame(t += 0.5, true, 40002, 53, qm));
const rm = B(hdr(0x3333, 0x8400, 1, 2, 1, 1), q('mx.example.org', 15),
  rr(ptr(12), 15, 86400, B(u16(10), name('mail.example.org'))),
  rr(ptr(12), 15, 90061, B(u16(20), ptr(12))),
  rr('example.org', 6, 7200, B(name('ns1.example.org'), name('hostmaster.example.org'), u32(2024010101), u32(7200), u32(3600), u32(1209600), u32(300))),
  rr('', 41, 0x8000, Buffer.alloc(0), 1232));
frames.push(udpFrame(t += 0.001, false, 40002, 53, rm));
frames.push(udpFrame(t += 0.001, false, 40002, 53, rm));
// 7 PTR, NS, SRV, TXT multi, AAAA, CNAME chain, NXDOMAIN
frames.push(udpFrame(t += 0.001, false, 40003, 53, B(hdr(0x4444, 0x8183, 1, 0, 0, 0), q('4.3.2.1.in-addr.arpa', 12))));
frames.push(udpFrame(t += 0.001, false, 40004, 53, B(hdr(0x5555, 0x8180, 1, 5, 0, 0), q('_sip._tcp.example.com', 33),
  rr(ptr(12), 33, 60, B(u16(10), u16(60), u16(5060), name('sip.example.com'))),
  rr('4.3.2.1.in-addr.arpa', 12, 60, name('host.example.com')),
  rr('example.com', 2, 60, name('ns.example.com')),
  rr('t.example.com', 16, 60, B([3], 'abc', [0], [5], 'd\x01"e\\')),
  rr('c.example.com', 5, 60, name('d.example.com')))));
// 9 compression loop
frames.push(udpFrame(t += 0.001, true, 40005, 53, B(hdr(0x6666, 0x0100, 1, 0, 0, 0), ptr(12), u16(1), u16(1))));
// 10 label with dot and binary chars, mdns
frames.push(udpFrame(t += 0.001, true, 5353, 5353, B(hdr(0, 0, 1, 1, 0, 0), Buffer.from([3,0x61,0x2e,0x62,2,1,0xff,0]), u16(255), u16(0x8001),
  rr('x._tcp.local', 1, 120, Buffer.from([9,9,9,9]), 0x8001))));
// 11 llmnr
frames.push(udpFrame(t += 0.001, true, 40006, 5355, B(hdr(0x7777, 0x0000, 1, 0, 0, 0), q('wpad', 1))));
// 12 update
frames.push(udpFrame(t += 0.001, true, 40007, 53, B(hdr(0x8888, 0x2800, 1, 1, 1, 0), q('example.com', 6), rr('a.example.com', 255, 0, Buffer.alloc(0), 255), rr('b.example.com', 1, 300, Buffer.from([5,6,7,8])))));
// 13 HTTPS rr and OPT with options
frames.push(udpFrame(t += 0.001, false, 40008, 53, B(hdr(0x9999, 0x8180, 1, 1, 0, 1), q('svc.example.com', 65),
  rr(ptr(12), 65, 300, B(u16(1), name(''), u16(1), u16(6), [2], 'h2', [2], 'h3', u16(3), u16(2), u16(443), u16(4), u16(8), [1,2,3,4,5,6,7,8])),
  rr('', 41, 0, B(u16(10), u16(8), Buffer.alloc(8, 0xab), u16(8), u16(7), u16(1), [24, 0], [10, 1, 2]), 4096))));
writePcap(process.argv[2], frames);
