// Ethernet II and IEEE 802.3 framing (packet-eth.c), and the ethertype dispatch with trailer/padding.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { AT, etherToStr } from './address.js';
import { dataHandle } from './data.js';
import { ETHERTYPES } from './ethertypes.js';
import type { Packet } from './packet.js';
import { call, handle, tables } from './tables.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

/** Tap data for 'eth' (conv,eth / endpoints,eth). */
export interface EthTap { src: Uint8Array; dst: Uint8Array }

export const proto = registerProtocol('eth', 'Ethernet', 'Ethernet');
const TFS_LG = { t: 'Locally administered address (this is NOT the factory default)', f: 'Globally unique address (factory default)' };
const TFS_IG = { t: 'Group address (multicast/broadcast)', f: 'Individual address (unicast)' };
export const hf = registerFields(proto, {
  dst: { abbrev: 'eth.dst', name: 'Destination', type: FT.ETHER },
  dst_resolved: { abbrev: 'eth.dst_resolved', name: 'Destination (resolved)', type: FT.STRING },
  dst_oui: { abbrev: 'eth.dst.oui', name: 'Destination OUI', type: FT.UINT24, base: BASE.HEX },
  dst_lg: { abbrev: 'eth.dst.lg', name: 'LG bit', type: FT.BOOLEAN, base: 24, mask: 0x020000, tfs: TFS_LG },
  dst_ig: { abbrev: 'eth.dst.ig', name: 'IG bit', type: FT.BOOLEAN, base: 24, mask: 0x010000, tfs: TFS_IG },
  src: { abbrev: 'eth.src', name: 'Source', type: FT.ETHER },
  src_resolved: { abbrev: 'eth.src_resolved', name: 'Source (resolved)', type: FT.STRING },
  src_lg: { abbrev: 'eth.src.lg', name: 'LG bit', type: FT.BOOLEAN, base: 24, mask: 0x020000, tfs: TFS_LG },
  src_ig: { abbrev: 'eth.src.ig', name: 'IG bit', type: FT.BOOLEAN, base: 24, mask: 0x010000, tfs: TFS_IG },
  addr: { abbrev: 'eth.addr', name: 'Address', type: FT.ETHER },
  addr_resolved: { abbrev: 'eth.addr_resolved', name: 'Address (resolved)', type: FT.STRING },
  lg: { abbrev: 'eth.lg', name: 'LG bit', type: FT.BOOLEAN, base: 24, mask: 0x020000, tfs: TFS_LG },
  ig: { abbrev: 'eth.ig', name: 'IG bit', type: FT.BOOLEAN, base: 24, mask: 0x010000, tfs: TFS_IG },
  len: { abbrev: 'eth.len', name: 'Length', type: FT.UINT16, base: BASE.DEC },
  type: { abbrev: 'eth.type', name: 'Type', type: FT.UINT16, base: BASE.HEX, strings: ETHERTYPES },
  padding: { abbrev: 'eth.padding', name: 'Padding', type: FT.BYTES },
  trailer: { abbrev: 'eth.trailer', name: 'Trailer', type: FT.BYTES },
});
export const ethertypeProto = registerProtocol('ethertype', 'Ethertype', 'Ethertype');

function addrTree(tree: Item, tvb: Tvb, off: number, isDst: boolean): void {
  const mac = tvb.bytes(off, 6);
  const t = tree.add(isDst ? hf.dst : hf.src, tvb, off, 6, mac);
  if (!t.real) return;
  const s = etherToStr(mac);
  t.add(isDst ? hf.dst_resolved : hf.src_resolved, tvb, off, 6, s).generated().hidden();
  t.add(hf.addr, tvb, off, 6, mac).setText(`Address: ${s}`);
  t.add(hf.addr_resolved, tvb, off, 6, s).generated().hidden();
  const b0 = mac[0]!;
  t.add(isDst ? hf.dst_lg : hf.src_lg, tvb, off, 3, (b0 & 2) !== 0);
  t.add(hf.lg, tvb, off, 3, (b0 & 2) !== 0).hidden();
  t.add(isDst ? hf.dst_ig : hf.src_ig, tvb, off, 3, (b0 & 1) !== 0);
  t.add(hf.ig, tvb, off, 3, (b0 & 1) !== 0).hidden();
}

function dissectEth(tvb: Tvb, pkt: Packet, tree: Item): number {
  tvb.check(0, 14);
  const type = tvb.u16(12);
  pkt.protocol.set('ETHER');
  const dst = tvb.bytes(0, 6), src = tvb.bytes(6, 6);
  pkt.dlSrc = pkt.src = { type: AT.ETHER, data: src };
  pkt.dlDst = pkt.dst = { type: AT.ETHER, data: dst };
  if (pkt.wants('eth')) pkt.tap('eth', { src, dst } satisfies EthTap);
  if (type <= 1500) return dissect8023(tvb, pkt, tree, type);
  const t = tree.add(proto, tvb, 0, 14, null);
  if (t.real) t.setText(`Ethernet II, Src: ${etherToStr(src)}, Dst: ${etherToStr(dst)}`);
  addrTree(t, tvb, 0, true);
  addrTree(t, tvb, 6, false);
  return 14 + dissectEthertype(tvb, 14, type, pkt, tree, t, hf.type, true);
}

/**
 * Dispatches the payload at `off` on an ethertype and adds padding/trailer for what the payload
 * did not use (packet-ethertype.c). Returns the bytes consumed after `off`.
 */
export function dissectEthertype(tvb: Tvb, off: number, type: number, pkt: Packet, tree: Item, parent: Item,
  typeField: typeof hf.type, withTrailer: boolean): number {
  parent.add(typeField, tvb, off - 2, 2, type);
  pkt.layers.push('ethertype');
  const next = tvb.sub(off);
  const h = tables.ethertype.get(type);
  let used = 0;
  if (h) used = call(h, next, pkt, tree);
  if (!h || used === 0) {
    used = call(dataHandle, next, pkt, tree);
    pkt.protocol.set(`0x${type.toString(16).padStart(4, '0')}`);
    const desc = ETHERTYPES.get(type);
    if (desc) pkt.info.set(desc);
  }
  if (withTrailer && used < next.reportedRemaining(0)) addTrailer(tvb, off + used, parent, pkt);
  return next.reportedRemaining(0);
}

/** Bytes after the payload: Ethernet padding up to 60 bytes, then a trailer. */
function addTrailer(tvb: Tvb, off: number, t: Item, _pkt: Packet): void {
  const cap = tvb.remaining(off);
  if (cap <= 0) return;
  // Frames are padded to 60 bytes (without FCS); whatever is before byte 60 is padding.
  const padEnd = Math.max(off, Math.min(60, tvb.len));
  if (padEnd > off) t.add(hf.padding, tvb, off, padEnd - off, tvb.bytes(off, padEnd - off));
  if (tvb.len > padEnd) t.add(hf.trailer, tvb, padEnd, tvb.len - padEnd, tvb.bytes(padEnd, tvb.len - padEnd));
}

function dissect8023(tvb: Tvb, pkt: Packet, tree: Item, length: number): number {
  const src = tvb.bytes(6, 6), dst = tvb.bytes(0, 6);
  const t = tree.add(proto, tvb, 0, 14, null);
  if (t.real) t.setText(`IEEE 802.3 Ethernet `);
  addrTree(t, tvb, 0, true);
  addrTree(t, tvb, 6, false);
  t.add(hf.len, tvb, 12, 2, length);
  const next = tvb.sub(14, Math.min(length, tvb.reportedRemaining(14)));
  const llc = tables.ethertype.get(-1); // LLC is registered under the pseudo-key -1
  if (llc) call(llc, next, pkt, tree); else call(dataHandle, next, pkt, tree);
  if (tvb.len > 14 + length) addTrailer(tvb, 14 + length, t, pkt);
  void src; void dst;
  return tvb.reportedRemaining(0);
}

export const ethHandle = handle('eth', 'Ethernet', dissectEth);
tables.linktype.add(1, ethHandle);
