// VXLAN (packet-vxlan.c): the 8-byte header on UDP port 4789, then an Ethernet frame.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { dataHandle } from './data.js';
import type { Packet } from './packet.js';
import { call, handle, tables } from './tables.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

export const proto = registerProtocol('vxlan', 'Virtual eXtensible Local Area Network', 'VXLAN');
export const hf = registerFields(proto, {
  flags: { abbrev: 'vxlan.flags', name: 'Flags', type: FT.UINT16, base: BASE.HEX },
  gbp_ext: { abbrev: 'vxlan.flags.G', name: 'GBP Extension', type: FT.BOOLEAN, base: 16, mask: 0x8000, tfs: { t: 'Defined', f: 'Not defined' } },
  vni_flag: { abbrev: 'vxlan.flags.I', name: 'VXLAN Network ID (VNI)', type: FT.BOOLEAN, base: 16, mask: 0x0800 },
  dont_learn: { abbrev: 'vxlan.flags.D', name: "Don't Learn", type: FT.BOOLEAN, base: 16, mask: 0x0040 },
  policy: { abbrev: 'vxlan.flags.A', name: 'Policy Applied', type: FT.BOOLEAN, base: 16, mask: 0x0008 },
  reserved_r: { abbrev: 'vxlan.flags.reserved', name: 'Reserved(R)', type: FT.UINT16, base: BASE.HEX, mask: 0x77b7 },
  gpid: { abbrev: 'vxlan.gpid', name: 'Group Policy ID', type: FT.UINT16, base: BASE.DEC },
  vni: { abbrev: 'vxlan.vni', name: 'VXLAN Network Identifier (VNI)', type: FT.UINT24, base: BASE.DEC },
  reserved: { abbrev: 'vxlan.reserved_8', name: 'Reserved', type: FT.UINT8, base: BASE.DEC },
});

function dissectVxlan(tvb: Tvb, pkt: Packet, tree: Item): number {
  pkt.protocol.set('VXLAN');
  pkt.info.clear();
  const flags = tvb.u16(0), gpid = tvb.u16(2), vni = tvb.u24(4), rsv = tvb.u8(7);
  const t = tree.add(proto, tvb, 0, 8, null);
  if (t.real) {
    const names = flags & 0x0800 ? ', VXLAN Network ID (VNI)' : '';
    const f = t.add(hf.flags, tvb, 0, 2, flags).setText(`Flags: 0x${flags.toString(16).padStart(4, '0')}${names}`);
    f.add(hf.gbp_ext, tvb, 0, 2, (flags & 0x8000) !== 0);
    f.add(hf.vni_flag, tvb, 0, 2, (flags & 0x0800) !== 0);
    f.add(hf.dont_learn, tvb, 0, 2, (flags & 0x0040) !== 0);
    f.add(hf.policy, tvb, 0, 2, (flags & 0x0008) !== 0);
    f.add(hf.reserved_r, tvb, 0, 2, flags & 0x77b7);
    t.add(hf.gpid, tvb, 2, 2, gpid);
    t.add(hf.vni, tvb, 4, 3, vni);
    t.add(hf.reserved, tvb, 7, 1, rsv);
  }
  const eth = tables.linktype.get(1);
  if (eth && tvb.reportedRemaining(8) > 0) call(eth, tvb.sub(8), pkt, tree);
  return tvb.reportedRemaining(0);
}

export const vxlanHandle = handle('vxlan', 'VXLAN', dissectVxlan);
tables.udpPort.add(4789, vxlanHandle);
// Transparent Ethernet bridging: packet-eth.c registers in both tables (GRE, Geneve and others look it up)
const bridged = handle('eth', 'Ethernet', (tvb, pkt, tree) => { const h = tables.linktype.get(1); return h ? h.fn(tvb, pkt, tree) : 0; });
tables.greProto.add(0x6558, bridged);
tables.ethertype.add(0x6558, bridged);

// VXLAN-GPE (the Generic Protocol Extension, UDP port 4790): an 8-bit flags field, and a Next Protocol byte that
// names the payload (packet-vxlan.c's "vxlan.next_proto" table).
const gpeHf = registerFields(proto, {
  flags8: { abbrev: 'vxlan.flags', name: 'Flags', type: FT.UINT8, base: BASE.HEX },
  ver: { abbrev: 'vxlan.ver', name: 'Version', type: FT.UINT8, base: BASE.DEC, mask: 0x30 },
  i_bit: { abbrev: 'vxlan.i_bit', name: 'Instance', type: FT.UINT8, base: BASE.DEC, mask: 0x08 },
  p_bit: { abbrev: 'vxlan.p_bit', name: 'Next Protocol Bit', type: FT.UINT8, base: BASE.DEC, mask: 0x04 },
  o_bit: { abbrev: 'vxlan.o_bit', name: 'OAM bit', type: FT.UINT8, base: BASE.DEC, mask: 0x01 },
  reserved_r: { abbrev: 'vxlan.flags_reserved', name: 'Reserved(R)', type: FT.UINT8, base: BASE.DEC, mask: 0xc2 },
  reserved_16: { abbrev: 'vxlan.reserved_16', name: 'Reserved', type: FT.UINT16, base: BASE.DEC },
  next_proto: { abbrev: 'vxlan.next_proto', name: 'Next Protocol', type: FT.UINT8, base: BASE.DEC, strings: new Map([[1, 'IPv4'], [2, 'IPv6'], [3, 'Ethernet'], [4, 'Network Service Header'], [5, 'MPLS']]) },
});

/** The payload named by a VXLAN-GPE or NSH Next Protocol value (1 IPv4, 2 IPv6, 3 Ethernet, 4 NSH, 5 MPLS). */
export function nextProtoHandle(np: number) {
  switch (np) {
    case 1: return tables.ethertype.get(0x0800);
    case 2: return tables.ethertype.get(0x86dd);
    case 3: return bridged;
    case 4: return tables.ethertype.get(0x894f);
    case 5: return tables.ethertype.get(0x8847);
    default: return undefined;
  }
}

function dissectVxlanGpe(tvb: Tvb, pkt: Packet, tree: Item): number {
  pkt.protocol.set('VXLAN');
  pkt.info.clear();
  const flags = tvb.u8(0), rsv16 = tvb.u16(1), np = tvb.u8(3), vni = tvb.u24(4), rsv = tvb.u8(7);
  const t = tree.add(proto, tvb, 0, 8, null);
  if (t.real) {
    const f = t.add(gpeHf.flags8, tvb, 0, 1, flags);
    f.add(gpeHf.ver, tvb, 0, 1, (flags >> 4) & 3);
    f.add(gpeHf.i_bit, tvb, 0, 1, (flags >> 3) & 1);
    f.add(gpeHf.p_bit, tvb, 0, 1, (flags >> 2) & 1);
    f.add(gpeHf.o_bit, tvb, 0, 1, flags & 1);
    f.add(gpeHf.reserved_r, tvb, 0, 1, flags & 0xc2);
    t.add(gpeHf.reserved_16, tvb, 1, 2, rsv16);
    t.add(gpeHf.next_proto, tvb, 3, 1, np);
    t.add(hf.vni, tvb, 4, 3, vni);
    t.add(hf.reserved, tvb, 7, 1, rsv);
  }
  if (tvb.reportedRemaining(8) > 0) {
    const next = tvb.sub(8);
    const h = flags & 0x04 ? nextProtoHandle(np) : bridged;
    if (!h || call(h, next, pkt, tree) === 0) call(dataHandle, next, pkt, tree);
  }
  return tvb.reportedRemaining(0);
}

// (the handle belongs to the name-only protocol vxlan_gpe: frame.protocols does not list it)
export const vxlanGpeHandle = handle(null, 'VXLAN', dissectVxlanGpe);
tables.udpPort.add(4790, vxlanGpeHandle);
