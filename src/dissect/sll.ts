// Linux cooked capture v1 and v2 (packet-sll.c): linktypes 113 and 276.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { AT } from './address.js';
import { dataHandle } from './data.js';
import { dissectEthertype } from './eth.js';
import { ETHERTYPES } from './ethertypes.js';
import { ARPHRD_NAMES, SLL_LTYPES, SLL_PKTTYPES } from './net-values.js';
import type { Packet } from './packet.js';
import { call, handle, tables } from './tables.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

export const proto = registerProtocol('sll', 'Linux cooked capture', 'SLL');
export const hf = registerFields(proto, {
  pkttype: { abbrev: 'sll.pkttype', name: 'Packet type', type: FT.UINT16, base: BASE.DEC, strings: SLL_PKTTYPES },
  hatype: { abbrev: 'sll.hatype', name: 'Link-layer address type', type: FT.UINT16, base: BASE.DEC, strings: ARPHRD_NAMES },
  halen: { abbrev: 'sll.halen', name: 'Link-layer address length', type: FT.UINT16, base: BASE.DEC },
  src_eth: { abbrev: 'sll.src.eth', name: 'Source', type: FT.ETHER },
  src_ipv4: { abbrev: 'sll.src.ipv4', name: 'Source', type: FT.IPv4 },
  src_other: { abbrev: 'sll.src.other', name: 'Source', type: FT.BYTES },
  unused: { abbrev: 'sll.unused', name: 'Unused', type: FT.BYTES },
  ltype: { abbrev: 'sll.ltype', name: 'Protocol', type: FT.UINT16, base: BASE.HEX, strings: SLL_LTYPES },
  etype: { abbrev: 'sll.etype', name: 'Protocol', type: FT.UINT16, base: BASE.HEX, strings: ETHERTYPES },
  gretype: { abbrev: 'sll.gretype', name: 'Protocol', type: FT.UINT16, base: BASE.HEX },
  ifindex: { abbrev: 'sll.ifindex', name: 'Interface index', type: FT.UINT32, base: BASE.DEC },
  reserved: { abbrev: 'sll.reserved', name: 'Reserved', type: FT.UINT16, base: BASE.HEX },
  trailer: { abbrev: 'sll.trailer', name: 'Trailer', type: FT.BYTES },
});
// SLL2 shows the same fields; packet-sll.c registers them under the same protocol.

const ARPHRD_ETHER_LIKE = new Set([1, 6, 772, 801, 803]);

function source(tvb: Tvb, pkt: Packet, t: Item, hatype: number, halen: number, addrOff: number): void {
  if (halen === 0) { /* no address */ }
  else if (halen === 6 && ARPHRD_ETHER_LIKE.has(hatype)) {
    const a = tvb.bytes(addrOff, 6);
    pkt.dlSrc = pkt.src = { type: AT.ETHER, data: a };
    t.add(hf.src_eth, tvb, addrOff, 6, a);
  } else if (halen === 4 && (hatype === 778 || hatype === 768 || hatype === 776)) {
    const a = tvb.bytes(addrOff, 4);
    pkt.dlSrc = pkt.src = { type: AT.IPv4, data: a };
    t.add(hf.src_ipv4, tvb, addrOff, 4, tvb.u32(addrOff));
  } else {
    const n = Math.min(halen, 8);
    t.add(hf.src_other, tvb, addrOff, n, tvb.bytes(addrOff, n));
  }
  if (halen < 8) t.add(hf.unused, tvb, addrOff + halen, 8 - halen, tvb.bytes(addrOff + halen, 8 - halen));
}

function payload(tvb: Tvb, off: number, pkt: Packet, tree: Item, t: Item, hatype: number, ptype: number): number {
  if (ptype <= 1536 && hatype !== 778 && hatype !== 770 && hatype !== 824) {
    t.add(hf.ltype, tvb, off - 2, 2, ptype);
    const next = tvb.sub(off);
    const h = tables.sllProtocol.get(ptype);
    if (!h || call(h, next, pkt, tree) === 0) call(dataHandle, next, pkt, tree);
    return tvb.reportedRemaining(0);
  }
  if (hatype === 778) {
    t.add(hf.gretype, tvb, off - 2, 2, ptype);
    const h = tables.greProto.get(ptype) ?? (ptype === 0 ? undefined : tables.ethertype.get(ptype));
    const next = tvb.sub(off);
    if (!h || call(h, next, pkt, tree) === 0) call(dataHandle, next, pkt, tree);
    return tvb.reportedRemaining(0);
  }
  return off + dissectEthertype(tvb, off, ptype, pkt, tree, t, hf.etype, hf.trailer);
}

function dissectSll(tvb: Tvb, pkt: Packet, tree: Item): number {
  pkt.protocol.set('SLL');
  pkt.info.clear();
  const pkttype = tvb.u16(0);
  pkt.info.set(SLL_PKTTYPES.get(pkttype) ?? `Unknown (${pkttype})`);
  const hatype = tvb.u16(2), halen = tvb.u16(4);
  const t = tree.add(proto, tvb, 0, 16, null);
  t.setText('Linux cooked capture v1');
  t.add(hf.pkttype, tvb, 0, 2, pkttype);
  t.add(hf.hatype, tvb, 2, 2, hatype);
  t.add(hf.halen, tvb, 4, 2, halen);
  source(tvb, pkt, t, hatype, halen, 6);
  const ptype = tvb.u16(14);
  return payload(tvb, 16, pkt, tree, t, hatype, ptype);
}

function dissectSll2(tvb: Tvb, pkt: Packet, tree: Item): number {
  pkt.protocol.set('SLL');
  pkt.info.clear();
  const ptype = tvb.u16(0);
  const ifindex = tvb.u32(4), hatype = tvb.u16(8), pkttype = tvb.u8(10), halen = tvb.u8(11);
  pkt.info.set(SLL_PKTTYPES.get(pkttype) ?? `Unknown (${pkttype})`);
  const t = tree.add(proto, tvb, 0, 20, null);
  t.setText('Linux cooked capture v2');
  const isLtype = ptype <= 1536 && hatype !== 778 && hatype !== 770 && hatype !== 824;
  // v2 puts the protocol first; dissect it where v1 would, but show it in v2's order
  if (isLtype) t.add(hf.ltype, tvb, 0, 2, ptype);
  else if (hatype === 778) t.add(hf.gretype, tvb, 0, 2, ptype);
  else t.add(hf.etype, tvb, 0, 2, ptype);
  t.add(hf.ifindex, tvb, 4, 4, ifindex);
  t.add(hf.hatype, tvb, 8, 2, hatype);
  t.add(hf.pkttype, tvb, 10, 1, pkttype);
  t.add(hf.halen, tvb, 11, 1, halen);
  source(tvb, pkt, t, hatype, halen, 12);
  if (isLtype || hatype === 778) {
    const next = tvb.sub(20);
    const h = isLtype ? tables.sllProtocol.get(ptype) : tables.greProto.get(ptype) ?? (ptype === 0 ? undefined : tables.ethertype.get(ptype));
    if (!h || call(h, next, pkt, tree) === 0) call(dataHandle, next, pkt, tree);
    return tvb.reportedRemaining(0);
  }
  return 20 + dissectEthertype(tvb, 20, ptype, pkt, tree, t, hf.etype, hf.trailer, true);
}

export const sllHandle = handle('sll', 'SLL', dissectSll);
export const sll2Handle = handle('sll', 'SLL', dissectSll2);
tables.linktype.add(113, sllHandle);
tables.linktype.add(276, sll2Handle);
