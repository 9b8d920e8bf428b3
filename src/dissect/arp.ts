// ARP / RARP (packet-arp.c).
import { LIMITS, limitWarning, onCaptureReset } from './state.js';
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { etherToStr, ipv4ToStr } from './address.js';
import { ETHERTYPES } from './ethertypes.js';
import { ARP_HW_TYPES, ARP_OPCODES } from './net-values.js';
const HW = ARP_HW_TYPES;
import { Group, type Packet, Severity } from './packet.js';
import { setActualLength } from './eth.js';
import { expertAdd, expertField } from './expert.js';
import { handle, tables } from './tables.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

export const proto = registerProtocol('arp', 'Address Resolution Protocol', 'ARP/RARP');

const OPS = ARP_OPCODES;
export const hf = registerFields(proto, {
  hw_type: { abbrev: 'arp.hw.type', name: 'Hardware type', type: FT.UINT16, base: BASE.DEC, strings: HW },
  proto_type: { abbrev: 'arp.proto.type', name: 'Protocol type', type: FT.UINT16, base: BASE.HEX, strings: ETHERTYPES },
  hw_size: { abbrev: 'arp.hw.size', name: 'Hardware size', type: FT.UINT8, base: BASE.DEC },
  proto_size: { abbrev: 'arp.proto.size', name: 'Protocol size', type: FT.UINT8, base: BASE.DEC },
  opcode: { abbrev: 'arp.opcode', name: 'Opcode', type: FT.UINT16, base: BASE.DEC, strings: OPS },
  isgratuitous: { abbrev: 'arp.isgratuitous', name: 'Is gratuitous', type: FT.BOOLEAN },
  isprobe: { abbrev: 'arp.isprobe', name: 'Is probe', type: FT.BOOLEAN },
  isannouncement: { abbrev: 'arp.isannouncement', name: 'Is announcement', type: FT.BOOLEAN },
  src_hw_mac: { abbrev: 'arp.src.hw_mac', name: 'Sender MAC address', type: FT.ETHER },
  src_proto_ipv4: { abbrev: 'arp.src.proto_ipv4', name: 'Sender IP address', type: FT.IPv4 },
  dst_hw_mac: { abbrev: 'arp.dst.hw_mac', name: 'Target MAC address', type: FT.ETHER },
  dst_proto_ipv4: { abbrev: 'arp.dst.proto_ipv4', name: 'Target IP address', type: FT.IPv4 },
  src_hw: { abbrev: 'arp.src.hw', name: 'Sender hardware address', type: FT.BYTES },
  src_proto: { abbrev: 'arp.src.proto', name: 'Sender protocol address', type: FT.BYTES },
  dst_hw: { abbrev: 'arp.dst.hw', name: 'Target hardware address', type: FT.BYTES },
  dst_proto: { abbrev: 'arp.dst.proto', name: 'Target protocol address', type: FT.BYTES },
  dup_frame: { abbrev: 'arp.duplicate-address-frame', name: 'Frame showing earlier use of IP address', type: FT.FRAMENUM },
  dup_secs: { abbrev: 'arp.seconds-since-duplicate-address-frame', name: 'Seconds since earlier frame seen', type: FT.UINT32, base: BASE.DEC },
});
const dupProto = registerFields(proto, {
  dup: { abbrev: 'arp.duplicate-address-detected', name: 'Duplicate IP address configured', type: FT.NONE },
}).dup;
const eiDup = expertField(proto, 'arp.duplicate-address-detected', Group.Sequence, Severity.Warn, 'Duplicate IP address configured');

function dissectArp(tvb: Tvb, pkt: Packet, tree: Item): number {
  const hw = tvb.u16(0), pt = tvb.u16(2), hs = tvb.u8(4), ps = tvb.u8(5), op = tvb.u16(6);
  const isEthIp = (hw === 1 || hw === 6) && (pt === 0x0800 || pt === 0xcc) && hs === 6 && ps === 4;
  const sha = 8, spa = sha + hs, tha = spa + ps, tpa = tha + hs, end = tpa + ps;
  pkt.protocol.set(op === 3 || op === 4 ? 'RARP' : op >= 5 && op <= 7 ? 'DRARP' : op === 8 || op === 9 ? 'Inverse ARP' : 'ARP');
  pkt.info.clear();
  const fmtHw = (o: number): string => hs === 0 ? '<No address>' : hs === 6 && (hw === 1 || hw === 6) ? etherToStr(tvb.bytes(o, 6)) : hexPlain(tvb.bytes(o, hs));
  const fmtPr = (o: number): string => ps === 0 ? '<No address>' : ps === 4 && (pt === 0x0800 || pt === 0xcc) ? ipv4ToStr(tvb.bytes(o, 4)) : hexPlain(tvb.bytes(o, ps));
  tvb.check(0, end);
  const spaS = fmtPr(spa), tpaS = fmtPr(tpa);
  const zero = (o: number, n: number): boolean => { for (let i = 0; i < n; i++) if (tvb.u8(o + i) !== 0) return false; return true; };
  const isGratuitous = (op === 1 || op === 2) && ps > 0 && equalBytes(tvb, spa, tpa, ps);
  const isProbe = op === 1 && ps > 0 && zero(spa, ps) && zero(tha, hs);
  const isAnnouncement = op === 1 && isGratuitous && zero(tha, hs);
  switch (op) {
    case 1:
      if (isProbe) pkt.info.set(`Who has ${tpaS}? (ARP Probe)`);
      else if (isAnnouncement) pkt.info.set(`ARP Announcement for ${spaS}`);
      else if (isGratuitous) pkt.info.set(`Gratuitous ARP for ${spaS} (Request)`);
      else pkt.info.set(`Who has ${tpaS}? Tell ${spaS}`);
      break;
    case 2: pkt.info.set(isGratuitous ? `Gratuitous ARP for ${spaS} (Reply)` : `${spaS} is at ${fmtHw(sha)}`); break;
    case 3: case 5: case 8: pkt.info.set(`Who is ${fmtHw(tha)}? Tell ${fmtHw(sha)}`); break;
    case 4: case 6: pkt.info.set(`${fmtHw(tha)} is at ${tpaS}`); break;
    case 9: pkt.info.set(`${fmtHw(sha)} is at ${spaS}`); break;
    case 7: pkt.info.set('DRARP Error'); break;
    case 10: pkt.info.set('ARP NAK'); break;
    default: pkt.info.set(`Unknown ARP opcode 0x${op.toString(16).padStart(4, '0')}`);
  }
  setActualLength(tvb, end);
  let dup: Seen | null = null;
  if (isEthIp && (op === 1 || op === 2) && tvb.u32(spa) !== 0) {
    dup = checkDuplicate(pkt, tvb.bytes(sha, 6), tvb.u32(spa));
    if (dup) pkt.info.append(` (duplicate use of ${spaS} detected!)`);
  }
  if (isEthIp && op === 2 && tvb.u32(tpa) !== 0 && !dup) {
    const d2 = checkDuplicate(pkt, tvb.bytes(tha, 6), tvb.u32(tpa));
    if (d2) pkt.info.append(` (duplicate use of ${tpaS} detected!)`);
  }
  const t = tree.add(proto, tvb, 0, end, null);
  if (t.real) {
    const opName = OPS.get(op);
    const what = isProbe ? 'ARP Probe' : isAnnouncement ? 'ARP Announcement' : isGratuitous ? `${opName}/gratuitous ARP` : opName ?? `opcode 0x${op.toString(16).padStart(4, '0')}`;
    t.setText(`Address Resolution Protocol (${what})`);
    t.add(hf.hw_type, tvb, 0, 2, hw);
    t.add(hf.proto_type, tvb, 2, 2, pt);
    t.add(hf.hw_size, tvb, 4, 1, hs);
    t.add(hf.proto_size, tvb, 5, 1, ps);
    t.add(hf.opcode, tvb, 6, 2, op).setText(`Opcode: ${OPS.get(op) ?? 'Unknown'} (${op})`);
    if (isGratuitous) t.add(hf.isgratuitous, tvb, 0, 0, true).generated();
    if (isProbe) t.add(hf.isprobe, tvb, 0, 0, true).generated();
    if (isAnnouncement) t.add(hf.isannouncement, tvb, 0, 0, true).generated();
    const hwEther = (hw === 1 || hw === 6) && hs === 6, prIp = (pt === 0x0800 || pt === 0xcc) && ps === 4;
    // (packet-arp.c leaves out the addresses of zero length)
    if (hwEther) t.add(hf.src_hw_mac, tvb, sha, 6, tvb.bytes(sha, 6)); else if (hs) t.add(hf.src_hw, tvb, sha, hs, tvb.bytes(sha, hs));
    if (prIp) t.add(hf.src_proto_ipv4, tvb, spa, 4, tvb.u32(spa)); else if (ps) t.add(hf.src_proto, tvb, spa, ps, tvb.bytes(spa, ps));
    if (hwEther) t.add(hf.dst_hw_mac, tvb, tha, 6, tvb.bytes(tha, 6)); else if (hs) t.add(hf.dst_hw, tvb, tha, hs, tvb.bytes(tha, hs));
    if (prIp) t.add(hf.dst_proto_ipv4, tvb, tpa, 4, tvb.u32(tpa)); else if (ps) t.add(hf.dst_proto, tvb, tpa, ps, tvb.bytes(tpa, ps));
  }
  if (dup) {
    const d = tree.addText(tvb, 0, 0, `Duplicate IP address detected for ${spaS} (${etherToStr(tvb.bytes(sha, 6))}) - also in use by ${etherToStr(dup.mac)} (frame ${dup.num})`).generated();
    void dupProto;
    const fi = d.add(hf.dup_frame, tvb, spa, 4, dup.num).generated();
    expertAdd(pkt, fi, eiDup, `Duplicate IP address configured (${spaS})`, tvb, spa, 4);
    d.add(hf.dup_secs, tvb, spa, 4, pkt.tsSec - dup.sec).generated();
  }
  return end;
}

// Which MAC address each IPv4 address was first seen with (check_for_duplicated_addr).
interface Seen { mac: Uint8Array; num: number; sec: number }
const seen = new Map<number, Seen>();
onCaptureReset(() => seen.clear());
function checkDuplicate(pkt: Packet, mac: Uint8Array, ip: number): Seen | null {
  // Group (multicast/broadcast) and all-zero MAC addresses are not learnt.
  if ((mac[0]! & 1) !== 0 || (mac[0]! | mac[1]! | mac[2]! | mac[3]! | mac[4]! | mac[5]!) === 0) return null;
  const r = seen.get(ip);
  if (!r) {
    if (seen.size >= LIMITS.arpAddresses) {
      limitWarning('ARP addresses', LIMITS.arpAddresses, 'the oldest are forgotten for duplicate-address detection');
      seen.delete(seen.keys().next().value!);
    }
    seen.set(ip, { mac: mac.slice(), num: pkt.num, sec: pkt.tsSec });
    return null;
  }
  if (r.num !== pkt.num) for (let i = 0; i < 6; i++) if (r.mac[i] !== mac[i]) return r;
  r.num = pkt.num; r.sec = pkt.tsSec;
  return null;
}

function equalBytes(tvb: Tvb, a: number, b: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (tvb.u8(a + i) !== tvb.u8(b + i)) return false;
  return true;
}

function hexPlain(b: Uint8Array): string { return Array.from(b, x => x.toString(16).padStart(2, '0')).join(''); }

export const arpHandle = handle('arp', 'ARP/RARP', dissectArp);
tables.ethertype.add(0x0806, arpHandle);
tables.ethertype.add(0x8035, arpHandle);
