// A small packet builder for test fixtures: Ethernet/IPv4/UDP or TCP frames in a classic pcap.
import { writeFileSync } from 'node:fs';

function csum(buf) {
  let s = 0;
  for (let i = 0; i + 1 < buf.length; i += 2) s += (buf[i] << 8) | buf[i + 1];
  if (buf.length & 1) s += buf[buf.length - 1] << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return (~s) & 0xffff;
}
const ip4 = s => Buffer.from(s.split('.').map(Number));

/** A DNS name in wire format (no compression). */
export function name(n) {
  if (n === '' || n === '.') return Buffer.from([0]);
  const parts = n.split('.').filter(Boolean);
  return Buffer.concat([...parts.map(p => Buffer.concat([Buffer.from([p.length]), Buffer.from(p, 'latin1')])), Buffer.from([0])]);
}
export const u16 = v => Buffer.from([v >> 8 & 255, v & 255]);
export const u32 = v => Buffer.from([v >>> 24 & 255, v >>> 16 & 255, v >>> 8 & 255, v & 255]);

export function ipv4(src, dst, proto, payload, id = 1) {
  const h = Buffer.alloc(20);
  h[0] = 0x45; h.writeUInt16BE(20 + payload.length, 2); h.writeUInt16BE(id, 4); h[6] = 0x40; h[8] = 64; h[9] = proto;
  ip4(src).copy(h, 12); ip4(dst).copy(h, 16);
  h.writeUInt16BE(csum(h), 10);
  return Buffer.concat([h, payload]);
}
export function udp(sport, dport, payload) {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(sport, 0); h.writeUInt16BE(dport, 2); h.writeUInt16BE(8 + payload.length, 4);
  return Buffer.concat([h, payload]);
}
export function tcp(sport, dport, seq, ack, flags, payload) {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(sport, 0); h.writeUInt16BE(dport, 2); h.writeUInt32BE(seq >>> 0, 4); h.writeUInt32BE(ack >>> 0, 8);
  h[12] = 5 << 4; h[13] = flags; h.writeUInt16BE(65535, 14);
  return Buffer.concat([h, payload]);
}
export function eth(payload) {
  return Buffer.concat([Buffer.from('020000000002020000000001', 'hex'), Buffer.from([8, 0]), payload]);
}
/** frames: [{ t: seconds, data: Buffer }] → classic pcap, Ethernet. */
export function writePcap(file, frames) {
  const gh = Buffer.alloc(24);
  gh.writeUInt32LE(0xa1b2c3d4, 0); gh.writeUInt16LE(2, 4); gh.writeUInt16LE(4, 6); gh.writeUInt32LE(262144, 16); gh.writeUInt32LE(1, 20);
  const parts = [gh];
  for (const f of frames) {
    const rh = Buffer.alloc(16);
    const sec = Math.floor(f.t), usec = Math.round((f.t - sec) * 1e6);
    rh.writeUInt32LE(1700000000 + sec, 0); rh.writeUInt32LE(usec, 4);
    rh.writeUInt32LE(f.data.length, 8); rh.writeUInt32LE(f.data.length, 12);
    parts.push(rh, f.data);
  }
  writeFileSync(file, Buffer.concat(parts));
}
/** A UDP frame between client 10.0.0.1 and server 10.0.0.53. */
export function udpFrame(t, fromClient, cport, sport, payload) {
  const [s, d, sp, dp] = fromClient ? ['10.0.0.1', '10.0.0.53', cport, sport] : ['10.0.0.53', '10.0.0.1', sport, cport];
  return { t, data: eth(ipv4(s, d, 17, udp(sp, dp, payload))) };
}
