// IEEE 802.1Q VLAN tags (packet-vlan.c) and the 802.1ad service tag (packet-ieee8021ah.c).
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { dissect8023Payload, dissectEthertype } from './eth.js';
import { ETHERTYPES } from './ethertypes.js';
import type { Packet } from './packet.js';
import { handle, tables } from './tables.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

export const proto = registerProtocol('vlan', '802.1Q Virtual LAN', 'VLAN');
// pri_vals: 802.1Q-2014 names, the ones tshark uses with its default "priority_drop" preference (8P0D).
const PRI = new Map([
  [0, 'Best Effort (default)'], [1, 'Background'], [2, 'Excellent Effort'], [3, 'Critical Applications'],
  [4, 'Video, < 100ms latency and jitter'], [5, 'Voice, < 10ms latency and jitter'], [6, 'Internetwork Control'],
  [7, 'Network Control'],
]);
export const hf = registerFields(proto, {
  priority: { abbrev: 'vlan.priority', name: 'Priority', type: FT.UINT16, base: BASE.DEC, mask: 0xe000, strings: PRI },
  dei: { abbrev: 'vlan.dei', name: 'DEI', type: FT.BOOLEAN, base: 16, mask: 0x1000, tfs: { t: 'Eligible', f: 'Ineligible' } },
  id: { abbrev: 'vlan.id', name: 'ID', type: FT.UINT16, base: BASE.DEC, mask: 0x0fff },
  etype: { abbrev: 'vlan.etype', name: 'Type', type: FT.UINT16, base: BASE.HEX, strings: ETHERTYPES },
  len: { abbrev: 'vlan.len', name: 'Length', type: FT.UINT16, base: BASE.DEC },
  trailer: { abbrev: 'vlan.trailer', name: 'Trailer', type: FT.BYTES },
});
// The 802.1ad tag's Type and Trailer are fields of the 802.1ah protocol (hf_ieee8021ah_etype/_trailer).
const protoAh = registerProtocol('ieee8021ah', 'IEEE 802.1ah', 'IEEE 802.1AH');
const hfAh = registerFields(protoAh, {
  etype: { abbrev: 'ieee8021ah.etype', name: 'Type', type: FT.UINT16, base: BASE.HEX, strings: ETHERTYPES },
  trailer: { abbrev: 'ieee8021ah.trailer', name: 'Trailer', type: FT.BYTES },
});
export const protoAd = registerProtocol('ieee8021ad', 'IEEE 802.1ad', '802.1ad');
const hfAd = registerFields(protoAd, {
  priority: { abbrev: 'ieee8021ad.priority', name: 'Priority', type: FT.UINT16, base: BASE.DEC, mask: 0xe000 },
  cfi: { abbrev: 'ieee8021ad.dei', name: 'DEI', type: FT.UINT16, base: BASE.DEC, mask: 0x1000 },
  id: { abbrev: 'ieee8021ad.id', name: 'ID', type: FT.UINT16, base: BASE.DEC, mask: 0x0fff },
});

function dissectVlan(tvb: Tvb, pkt: Packet, tree: Item): number {
  pkt.protocol.set('VLAN');
  pkt.info.clear();
  const tci = tvb.u16(0);
  const pri = tci >> 13, dei = (tci >> 12) & 1, id = tci & 0xfff;
  pkt.info.set(`PRI: ${pri}  DEI: ${dei}  ID: ${id}`);
  const t = tree.add(proto, tvb, 0, 4, null);
  if (t.real) {
    t.setText(`802.1Q Virtual LAN, PRI: ${pri}, DEI: ${dei}, ID: ${id}`);
    t.add(hf.priority, tvb, 0, 2, pri);
    t.add(hf.dei, tvb, 0, 2, dei === 1);
    t.add(hf.id, tvb, 0, 2, id);
  }
  const etype = tvb.u16(2);
  if (etype <= 1500) {
    dissect8023Payload(tvb, 4, etype, pkt, tree, t, hf.len, hf.trailer);
    return tvb.reportedRemaining(0);
  }
  return 4 + dissectEthertype(tvb, 4, etype, pkt, tree, t, hf.etype, hf.trailer);
}

function dissectAd(tvb: Tvb, pkt: Packet, tree: Item): number {
  pkt.protocol.set('802.1ad');
  pkt.info.clear();
  const tci = tvb.u16(0);
  const pri = tci >> 13, dei = (tci >> 12) & 1, id = tci & 0xfff;
  pkt.info.set(`PRI: ${pri}  DEI: ${dei}  ID: ${id}`);
  const t = tree.add(protoAd, tvb, 0, 4, null);
  if (t.real) {
    t.setText(`IEEE 802.1ad, ID: ${id}`);
    t.add(hfAd.priority, tvb, 0, 2, pri);
    t.add(hfAd.cfi, tvb, 0, 2, dei);
    t.add(hfAd.id, tvb, 0, 2, id);
  }
  const etype = tvb.u16(2);
  return 4 + dissectEthertype(tvb, 4, etype, pkt, tree, t, hfAh.etype, hfAh.trailer);
}

export const vlanHandle = handle('vlan', 'VLAN', dissectVlan);
export const adHandle = handle('ieee8021ad', '802.1ad', dissectAd);
tables.ethertype.add(0x8100, vlanHandle);
tables.ethertype.add(0x9100, vlanHandle);
tables.ethertype.add(0x88a8, adHandle);
