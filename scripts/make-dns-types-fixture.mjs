// Builds test/dns/fixtures/dns-types.pcap: DNSKEY, NSEC, NSEC3(PARAM), NAPTR, CAA, TLSA, HINFO, WKS, LOC, SPF and NULL records.
// Usage: node scripts/make-dns-types-fixture.mjs test/dns/fixtures/dns-types.pcap
import { name, u16, u32, udpFrame, writePcap } from './pcapgen.mjs';
const B = (...a) => Buffer.concat(a.map(x => Buffer.isBuffer(x) ? x : Buffer.from(x)));
const hdr = (id, flags, qd, an, ns, ar) => B(u16(id), u16(flags), u16(qd), u16(an), u16(ns), u16(ar));
const q = (n, t, c = 1) => B(name(n), u16(t), u16(c));
const rr = (n, t, ttl, rdata, c = 1) => B(typeof n === 'string' ? name(n) : n, u16(t), u16(c), u32(ttl), u16(rdata.length), rdata);
const frames = []; let t = 0;
const bitmap = B([0, 6, 0x62, 0x01, 0x80, 0x08, 0x00, 0x03]); // A NS SOA MX TXT AAAA RRSIG NSEC DNSKEY ...
frames.push(udpFrame(t += 0.001, false, 40010, 53, B(hdr(0xa001, 0x8180, 1, 9, 0, 0), q('example.com', 255),
  rr('example.com', 48, 3600, B(u16(257), [3], [8], Buffer.alloc(20, 0x11))),
  rr('example.com', 47, 3600, B(name('a.example.com'), bitmap)),
  rr('h.example.com', 50, 3600, B([1], [1], u16(10), [4], [0xaa, 0xbb, 0xcc, 0xdd], [20], Buffer.alloc(20, 0x22), bitmap)),
  rr('example.com', 51, 0, B([1], [0], u16(10), [0])),
  rr('example.com', 35, 60, B(u16(100), u16(10), [1], 'S', [7], 'SIP+D2U', [0], name('_sip._udp.example.com'))),
  rr('example.com', 257, 60, B([0], [5], 'issue', 'letsencrypt.org')),
  rr('_443._tcp.example.com', 52, 60, B([3], [1], [1], Buffer.alloc(32, 0x33))),
  rr('example.com', 13, 60, B([3], 'x86', [5], 'Linux')),
  rr('example.com', 11, 60, B([10, 0, 0, 1], [6], [0x00, 0x00, 0x00, 0x01, 0x80])))));
frames.push(udpFrame(t += 0.001, false, 40011, 53, B(hdr(0xa002, 0x8180, 1, 3, 0, 0), q('example.com', 255),
  rr('example.com', 29, 60, B([0], [0x12], [0x16], [0x13], u32(0x8b3b0f34), u32(0x7f6bb4cc), u32(9999000))),
  rr('example.com', 99, 60, B([8], 'v=spf1 a')),
  rr('example.com', 10, 60, B('nulldata')))));
writePcap(process.argv[2], frames);
