// UDP (packet-udp.c): header, then the payload by port (lower port first, as "try low port first") or heuristics.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { type Address, AT } from './address.js';
import { dataHandle } from './data.js';
import { callCatching } from './frame.js';
import { expertAdd, expertField } from './expert.js';
import { Group, type Packet, PT, Severity } from './packet.js';
import { handle, heuristics, tables } from './tables.js';
import { NsTime } from './time.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

/** Tap data for 'udp'; TCP queues { ..., stream, seglen, flags } under 'tcp' (see tcp.ts). */
export interface UdpTap { src: Address; dst: Address; sport: number; dport: number; len: number; stream: number }

export const proto = registerProtocol('udp', 'User Datagram Protocol', 'UDP');
export const hf = registerFields(proto, {
  srcport: { abbrev: 'udp.srcport', name: 'Source Port', type: FT.UINT16, base: BASE.DEC },
  dstport: { abbrev: 'udp.dstport', name: 'Destination Port', type: FT.UINT16, base: BASE.DEC },
  port: { abbrev: 'udp.port', name: 'Source or Destination Port', type: FT.UINT16, base: BASE.DEC },
  length: { abbrev: 'udp.length', name: 'Length', type: FT.UINT16, base: BASE.DEC },
  checksum: { abbrev: 'udp.checksum', name: 'Checksum', type: FT.UINT16, base: BASE.HEX },
  checksum_status: { abbrev: 'udp.checksum.status', name: 'Checksum Status', type: FT.UINT8, base: BASE.NONE, strings: new Map([[0, 'Bad'], [1, 'Good'], [2, 'Unverified']]) },
  stream: { abbrev: 'udp.stream', name: 'Stream index', type: FT.UINT32, base: BASE.DEC },
  time_relative: { abbrev: 'udp.time_relative', name: 'Time since first frame', type: FT.RELATIVE_TIME },
  time_delta: { abbrev: 'udp.time_delta', name: 'Time since previous frame', type: FT.RELATIVE_TIME },
  payload: { abbrev: 'udp.payload', name: 'UDP payload', type: FT.BYTES },
});
const eiCksumZero = expertField(proto, 'udp.checksum.zero', Group.Checksum, Severity.Error, 'Illegal checksum value (0)');
const eiBadZero = expertField(proto, 'udp.length.bad_zero', Group.Protocol, Severity.Warn, 'Length is zero but payload < 65536');
const eiBadLen = expertField(proto, 'udp.length.bad', Group.Malformed, Severity.Error, 'Bad length value');

/** UDP stream indices: one per address/port pair, in order of first appearance (like conversation indices). */
class StreamTable {
  private readonly map = new Map<string, { idx: number; firstSec: number; firstNsec: number; lastSec: number; lastNsec: number }>();
  lookup(pkt: Packet): { idx: number; firstSec: number; firstNsec: number; lastSec: number; lastNsec: number } {
    const a = addrKey(pkt.src.data) + ':' + pkt.srcport, b = addrKey(pkt.dst.data) + ':' + pkt.destport;
    const key = a < b ? a + '|' + b : b + '|' + a;
    let s = this.map.get(key);
    if (!s) { s = { idx: this.map.size, firstSec: pkt.tsSec, firstNsec: pkt.tsNsec, lastSec: pkt.tsSec, lastNsec: pkt.tsNsec }; this.map.set(key, s); }
    return s;
  }
}
function addrKey(d: Uint8Array | null): string { return d ? Buffer.from(d.buffer, d.byteOffset, d.length).toString('hex') : ''; }
const streams = new StreamTable();

function dissectUdp(tvb: Tvb, pkt: Packet, tree: Item): number {
  const sport = tvb.u16(0), dport = tvb.u16(2);
  pkt.protocol.set('UDP');
  // The ports go into Info before the rest of the header is read (a cut header still shows them).
  pkt.info.set(`${sport} → ${dport}`);
  let ulen0: number, cks: number;
  try {
    ulen0 = tvb.u16(4); cks = tvb.u16(6);
  } catch (e) {
    // packet-udp.c adds the ports before it reads the length: a header cut there still shows them
    const t0 = tree.add(proto, tvb, 0, 8, null);
    if (t0.real) {
      t0.setText(`User Datagram Protocol, Src Port: ${sport}, Dst Port: ${dport}`);
      t0.add(hf.srcport, tvb, 0, 2, sport);
      t0.add(hf.dstport, tvb, 2, 2, dport);
      t0.add(hf.port, tvb, 0, 2, sport).hidden();
      t0.add(hf.port, tvb, 2, 2, dport).hidden();
    }
    throw e;
  }
  pkt.ptype = PT.UDP; pkt.srcport = sport; pkt.destport = dport;
  const t = tree.add(proto, tvb, 0, 8, null);
  const rep = tvb.reportedRemaining(0);
  // A zero length over IPv6 is a jumbogram: the datagram is what IPv6 carries.
  const ulen = ulen0 === 0 && pkt.netSrc.type === AT.IPv6 ? rep : ulen0;
  if (t.real) {
    t.setText(`User Datagram Protocol, Src Port: ${sport}, Dst Port: ${dport}`);
    t.add(hf.srcport, tvb, 0, 2, sport);
    t.add(hf.dstport, tvb, 2, 2, dport);
    t.add(hf.port, tvb, 0, 2, sport).hidden();
    t.add(hf.port, tvb, 2, 2, dport).hidden();
    const li = t.add(hf.length, tvb, 4, 2, ulen);
    if (ulen < 8) { li.appendText(' (bogus, must be >= 8)'); expertAdd(pkt, li, eiBadLen, `Bad length value ${ulen} < 8`); }
    else if (ulen > rep && !pkt.fragmented && !pkt.inErrorPkt) li.appendText(` (bogus, payload length ${rep})`);
    if (ulen0 === 0 && ulen >= 8 && ulen < 65536) expertAdd(pkt, li, eiBadZero);
  }
  if (ulen < 8) {
    pkt.info.append(` [BAD UDP LENGTH ${ulen} < 8]`);
    return rep;
  }
  // (packet-udp.c queues the tap after the length checks: a bogus length is no conversation)
  if (pkt.wants('udp') && !pkt.inErrorPkt) pkt.tap('udp', { src: pkt.src, dst: pkt.dst, sport, dport, len: ulen, stream: -1 } satisfies UdpTap);
  // A zero checksum is allowed over IPv4 only (udp_ignore_ipv6_zero_checksum is off by default).
  const zeroIllegal = cks === 0 && pkt.src.type === AT.IPv6 && !pkt.inErrorPkt;
  if (t.real) {
    if (zeroIllegal) {
      const ci = t.add(hf.checksum, tvb, 6, 2, cks).setText('Checksum: 0x0000 [zero-value illegal]');
      expertAdd(pkt, ci, eiCksumZero);
      ci.add(hf.checksum_status, tvb, 6, 2, 4).setText('Checksum Status: Illegal').generated();
    } else if (cks === 0) t.add(hf.checksum, tvb, 6, 2, cks).setText('Checksum: 0x0000 [zero-value ignored]')
      .add(hf.checksum_status, tvb, 6, 0, 3).setText('Checksum Status: Not present').generated();
    else {
      t.add(hf.checksum, tvb, 6, 2, cks).setText(`Checksum: 0x${cks.toString(16).padStart(4, '0')} [unverified]`);
      t.add(hf.checksum_status, tvb, 6, 0, 2).setText('Checksum Status: Unverified').generated();
    }
  }
  if (ulen > rep && !pkt.fragmented && !pkt.inErrorPkt) pkt.info.append(` [BAD UDP LENGTH ${ulen} > IP PAYLOAD LENGTH]`);
  pkt.info.append(` Len=${ulen - 8}`);
  if (ulen0 === 0 && ulen !== 0) pkt.info.append(' [Jumbogram]');
  if (zeroIllegal) {
    pkt.info.append(' [ILLEGAL CHECKSUM (0)]');
    if (!t.real) expertAdd(pkt, t, eiCksumZero);
  }
  if (pkt.inErrorPkt) {
    // Inside an ICMP error: the header only, no conversation state.
    const s = streams.lookup(pkt);
    t.add(hf.stream, tvb, 0, 0, s.idx).generated();
    return rep;
  }
  const s = streams.lookup(pkt);
  if (t.real) {
    t.add(hf.stream, tvb, 0, 0, s.idx).generated();
    const ts = t.addText(tvb, 0, 0, 'Timestamps').generated();
    const rel = NsTime.diff(pkt.tsSec, pkt.tsNsec, s.firstSec, s.firstNsec);
    const delta = NsTime.diff(pkt.tsSec, pkt.tsNsec, s.lastSec, s.lastNsec);
    ts.add(hf.time_relative, tvb, 0, 0, rel).generated();
    ts.add(hf.time_delta, tvb, 0, 0, delta).generated();
  }
  s.lastSec = pkt.tsSec; s.lastNsec = pkt.tsNsec;
  // decode_udp_ports: the payload ends at the UDP length, or at the IP payload's end when that is shorter.
  const next = tvb.sub(8, Math.min(ulen - 8, tvb.reportedRemaining(8)));
  if (t.real && ulen > 8 && tvb.len > 8) {
    const n = next.len;
    t.add(hf.payload, tvb, 8, next.len, next.bytes(0, next.len)).setText(`UDP payload (${n} byte${n === 1 ? '' : 's'})`);
  }
  if (ulen === 8) return 8;
  // decode_udp_ports adds "UDP payload" (to the end of the captured bytes) before anything else: with none of the
  // payload captured that item throws, tree or not.
  if (tvb.len <= 8) tvb.fail(8, 1);
  // Wireshark tries the lower port first, then the higher; then heuristics; then data.
  const lo = Math.min(sport, dport), hi = Math.max(sport, dport);
  for (const port of lo === hi ? [lo] : [lo, hi]) {
    const h = tables.udpPort.get(port);
    if (!h) continue;
    pkt.matchUint = port;
    if (callCatching(h, next, pkt, tree) > 0) return ulen;
  }
  if (heuristics.udp.try(next, pkt, tree)) return ulen;
  callCatching(dataHandle, next, pkt, tree);
  return ulen;
}

export const udpHandle = handle('udp', 'UDP', dissectUdp);
tables.ipProto.add(17, udpHandle);
