// VXLAN (packet-vxlan.c): the 8-byte header on UDP port 4789, then an Ethernet frame.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
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
