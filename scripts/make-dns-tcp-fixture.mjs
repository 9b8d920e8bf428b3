// Builds test/dns/fixtures/dns-tcp.pcap: two length-prefixed DNS queries in one TCP segment (tshark keeps the last Info).
// Usage: node scripts/make-dns-tcp-fixture.mjs test/dns/fixtures/dns-tcp.pcap
import { eth, ipv4, tcp, name, u16, writePcap } from './pcapgen.mjs';
const B = (...a) => Buffer.concat(a.map(x => Buffer.isBuffer(x) ? x : Buffer.from(x)));
const msg = (id, n) => { const m = B(u16(id), u16(0x0100), u16(1), u16(0), u16(0), u16(0), name(n), u16(1), u16(1)); return B(u16(m.length), m); };
const f = (t, sp, dp, seq, ack, fl, payload) => ({ t, data: eth(ipv4('10.0.0.1', '10.0.0.53', 6, tcp(sp, dp, seq, ack, fl, payload))) });
writePcap(process.argv[2], [
  f(0.001, 40000, 53, 100, 0, 0x02, Buffer.alloc(0)),
  f(0.002, 40000, 53, 101, 1, 0x18, B(msg(0x1111, 'a.example'), msg(0x2222, 'b.example'))),
]);
