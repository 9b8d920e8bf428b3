// Ethernet II and IEEE 802.3 framing (packet-eth.c), the ethertype dispatch (packet-ethertype.c)
// and the padding / trailer / FCS logic that follows a payload.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { AT, etherToStr } from './address.js';
import { etherName, manufLongName } from '../resolve/ether.js';
import { resolveFlags } from '../resolve/flags.js';
import { dataHandle } from './data.js';
import { expertAdd, expertField } from './expert.js';
import { ETHERTYPES } from './ethertypes.js';
import { callCatching, showException } from './frame.js';
import { Group, type Packet, Severity } from './packet.js';
import { call, handle, tables } from './tables.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';
import { FieldDef } from '../fields/types.js';

/** Tap data for 'eth' (conv,eth / endpoints,eth). */
export interface EthTap { src: Uint8Array; dst: Uint8Array }

export const proto = registerProtocol('eth', 'Ethernet', 'Ethernet');
const TFS_LG = { t: 'Locally administered address (this is NOT the factory default)', f: 'Globally unique address (factory default)' };
const TFS_IG = { t: 'Group address (multicast/broadcast)', f: 'Individual address (unicast)' };
export const hf = registerFields(proto, {
  dst: { abbrev: 'eth.dst', name: 'Destination', type: FT.ETHER },
  dst_resolved: { abbrev: 'eth.dst_resolved', name: 'Destination (resolved)', type: FT.STRING },
  dst_oui: { abbrev: 'eth.dst.oui', name: 'Destination OUI', type: FT.UINT24, base: BASE.DEC },
  dst_oui_resolved: { abbrev: 'eth.dst.oui_resolved', name: 'Destination OUI (resolved)', type: FT.STRING },
  dst_lg: { abbrev: 'eth.dst.lg', name: 'LG bit', type: FT.BOOLEAN, base: 24, mask: 0x020000, tfs: TFS_LG },
  dst_ig: { abbrev: 'eth.dst.ig', name: 'IG bit', type: FT.BOOLEAN, base: 24, mask: 0x010000, tfs: TFS_IG },
  src: { abbrev: 'eth.src', name: 'Source', type: FT.ETHER },
  src_resolved: { abbrev: 'eth.src_resolved', name: 'Source (resolved)', type: FT.STRING },
  src_oui: { abbrev: 'eth.src.oui', name: 'Source OUI', type: FT.UINT24, base: BASE.DEC },
  src_oui_resolved: { abbrev: 'eth.src.oui_resolved', name: 'Source OUI (resolved)', type: FT.STRING },
  src_lg: { abbrev: 'eth.src.lg', name: 'LG bit', type: FT.BOOLEAN, base: 24, mask: 0x020000, tfs: TFS_LG },
  src_ig: { abbrev: 'eth.src.ig', name: 'IG bit', type: FT.BOOLEAN, base: 24, mask: 0x010000, tfs: TFS_IG },
  addr: { abbrev: 'eth.addr', name: 'Address', type: FT.ETHER },
  addr_resolved: { abbrev: 'eth.addr_resolved', name: 'Address (resolved)', type: FT.STRING },
  addr_oui: { abbrev: 'eth.addr.oui', name: 'Address OUI', type: FT.UINT24, base: BASE.DEC },
  addr_oui_resolved: { abbrev: 'eth.addr.oui_resolved', name: 'Address OUI (resolved)', type: FT.STRING },
  lg: { abbrev: 'eth.lg', name: 'LG bit', type: FT.BOOLEAN, base: 24, mask: 0x020000, tfs: TFS_LG },
  ig: { abbrev: 'eth.ig', name: 'IG bit', type: FT.BOOLEAN, base: 24, mask: 0x010000, tfs: TFS_IG },
  len: { abbrev: 'eth.len', name: 'Length', type: FT.UINT16, base: BASE.DEC },
  type: { abbrev: 'eth.type', name: 'Type', type: FT.UINT16, base: BASE.HEX, strings: ETHERTYPES },
  invalid_lentype: { abbrev: 'eth.invalid_lentype', name: 'Invalid length/type', type: FT.UINT16, base: BASE.HEX_DEC },
  padding: { abbrev: 'eth.padding', name: 'Padding', type: FT.BYTES },
  trailer: { abbrev: 'eth.trailer', name: 'Trailer', type: FT.BYTES },
  fcs: { abbrev: 'eth.fcs', name: 'Frame check sequence', type: FT.UINT32, base: BASE.HEX },
  fcs_status: { abbrev: 'eth.fcs.status', name: 'FCS Status', type: FT.UINT8, base: BASE.NONE, strings: new Map([[0, 'Bad'], [1, 'Good'], [2, 'Unverified']]) },
});
const eiNonZeroPad = expertField(proto, 'eth.padding_non_zero', Group.Protocol, Severity.Note,
  "Didn't find padding of zeros, and an undecoded trailer exists. There may be padding of non-zeros.");
const eiLenTooLong = expertField(proto, 'eth.len.past_end', Group.Malformed, Severity.Error, 'Length field value goes past the end of the payload');
export const ethertypeProto = registerProtocol('ethertype', 'Ethertype', 'Ethertype');

/** "Name (mac)" with MAC resolution on, else the plain address. */
function macWithName(mac: Uint8Array): string {
  const s = etherToStr(mac);
  return resolveFlags.mac ? `${etherName(mac)} (${s})` : s;
}

function addrTree(tree: Item, tvb: Tvb, off: number, isDst: boolean): void {
  const mac = tvb.bytes(off, 6);
  const t = tree.add(isDst ? hf.dst : hf.src, tvb, off, 6, mac);
  if (!t.real) return;
  const s = etherToStr(mac);
  // With MAC name resolution on, tshark shows "Name (mac)" and puts the name in the _resolved fields.
  const name = resolveFlags.mac ? etherName(mac) : s;
  const shown = resolveFlags.mac ? `${name} (${s})` : s;
  t.setText(`${isDst ? 'Destination' : 'Source'}: ${shown}`);
  const oui = (mac[0]! << 16) | (mac[1]! << 8) | mac[2]!;
  t.add(isDst ? hf.dst_resolved : hf.src_resolved, tvb, off, 6, name).generated().hidden();
  t.add(isDst ? hf.dst_oui : hf.src_oui, tvb, off, 3, oui).hidden();
  // The manufacturer's long name, only when manuf knows the OUI (tvb_get_manuf_name_if_known).
  const ouiName = manufLongName(mac);
  if (ouiName !== null) t.add(isDst ? hf.dst_oui_resolved : hf.src_oui_resolved, tvb, off, 6, ouiName).generated().hidden();
  t.add(hf.addr, tvb, off, 6, mac).setText(`Address: ${shown}`);
  t.add(hf.addr_resolved, tvb, off, 6, name).generated().hidden();
  t.add(hf.addr_oui, tvb, off, 3, oui).hidden();
  if (ouiName !== null) t.add(hf.addr_oui_resolved, tvb, off, 6, ouiName).generated().hidden();
  const b0 = mac[0]!;
  t.add(isDst ? hf.dst_lg : hf.src_lg, tvb, off, 3, (b0 & 2) !== 0);
  t.add(hf.lg, tvb, off, 3, (b0 & 2) !== 0).hidden();
  t.add(isDst ? hf.dst_ig : hf.src_ig, tvb, off, 3, (b0 & 1) !== 0);
  t.add(hf.ig, tvb, off, 3, (b0 & 1) !== 0).hidden();
}

function dissectEth(tvb: Tvb, pkt: Packet, tree: Item): number {
  // packet-eth.c names the protocol before it reads the addresses (a frame cut inside them still shows it)
  pkt.protocol.set('Ethernet');
  // (the destination is set before the source is read: a frame cut between them still shows it)
  const dst = tvb.bytes(0, 6);
  pkt.dlDst = pkt.dst = { type: AT.ETHER, data: dst };
  const src = tvb.bytes(6, 6);
  pkt.dlSrc = pkt.src = { type: AT.ETHER, data: src };
  const type = tvb.u16(12);
  if (pkt.wants('eth')) pkt.tap('eth', { src, dst } satisfies EthTap);
  if (type <= 1500) return dissect8023(tvb, pkt, tree, type);
  if (type < 1536) {
    pkt.info.set(`Ethernet Unknown: Invalid length/type: 0x${type.toString(16).padStart(4, '0')} (${type})`);
    const t = tree.add(proto, tvb, 0, 14, null);
    if (t.real) t.setText(`Ethernet Unknown, Src: ${etherToStr(src)}, Dst: ${etherToStr(dst)}`);
    addrTree(t, tvb, 0, true);
    addrTree(t, tvb, 6, false);
    t.add(hf.invalid_lentype, tvb, 12, 2, type);
    call(dataHandle, tvb.sub(14), pkt, tree);
    return tvb.reportedRemaining(0);
  }
  pkt.info.set('Ethernet II');
  const t = tree.add(proto, tvb, 0, 14, null);
  if (t.real) t.setText(`Ethernet II, Src: ${macWithName(src)}, Dst: ${macWithName(dst)}`);
  addrTree(t, tvb, 0, true);
  addrTree(t, tvb, 6, false);
  return 14 + dissectEthertype(tvb, 14, type, pkt, tree, t, hf.type, hf.trailer, false, -1);
}

// What a payload dissector set as its actual length (tvb_set_reported_length), keyed by the tvb's start.
let actualStart = -1, actualLen = 0;
/** A payload dissector shrinks its tvb to the length its header claims; what follows is a trailer. */
export function setActualLength(tvb: Tvb, len: number): void {
  if (len < tvb.reported) { actualStart = tvb.off; actualLen = len; }
}

/**
 * Dispatches the payload at `off` on an ethertype (packet-ethertype.c): unknown types become data with
 * the type in the Protocol column; what the payload leaves over is padding / trailer / FCS under `parent`.
 * Returns the bytes after `off` (all of them).
 */
export function dissectEthertype(tvb: Tvb, off: number, type: number, pkt: Packet, tree: Item, parent: Item,
  typeField: FieldDef, trailerField: FieldDef | null, typeShown = false, fcsLen = 0): number {
  if (!typeShown) parent.add(typeField, tvb, off - 2, 2, type);
  pkt.layers.push('ethertype');
  // dissect_ethertype runs as its own dissector: what it reports itself (the trailer's expert info) is "Ethertype"'s.
  const outer = pkt.currentProto;
  pkt.currentProto = 'Ethertype';
  const next = tvb.sub(off);
  const h = tables.ethertype.get(type);
  actualStart = -1;
  let found = false;
  let threw = false;
  if (h) {
    try { found = call(h, next, pkt, tree) > 0; } catch (e) {
      // The subdissector's name stays current after an exception (call_dissector_work does not restore it).
      showException(e, next, pkt, tree);
      found = true;
      threw = true;
    }
  }
  if (!found) {
    call(dataHandle, next, pkt, tree);
    pkt.protocol.set(`0x${type.toString(16).padStart(4, '0')}`);
    const desc = ETHERTYPES.get(type);
    if (desc) pkt.info.set(desc);
  }
  if (!threw) pkt.currentProto = 'Ethertype';
  if (trailerField && actualStart === next.off) {
    const tOff = off + actualLen;
    if (tOff < tvb.len) addTrailer(tvb.sub(tOff), pkt, parent, trailerField, fcsLen);
  }
  pkt.currentProto = outer;
  return next.reportedRemaining(0);
}

/** add_ethernet_trailer: padding up to a 60-byte frame (only zeros), a trailer, an assumed FCS on frames of 64+ bytes. */
/** fcsLen: 4 = there is an FCS, 0 = there is none, -1 = guess (frames of 64+ bytes with 4+ trailer bytes). */
export function addTrailer(trailer: Tvb, pkt: Packet, fh: Item, trailerField: FieldDef, fcsLen = 0): void {
  let capLen = trailer.len, repLen = trailer.reported;
  let pad = 0;
  if (pkt.len >= 60 && pkt.len - repLen < 60) {
    pad = 60 - (pkt.len - repLen);
    if (pad > repLen) pad = repLen;
  }
  let nonZeroPad = false;
  if (pad > 0) {
    if (pad > capLen) trailer.check(0, pad);
    for (let i = 0; i < pad; i++) if (trailer.buf[trailer.off + i] !== 0) { nonZeroPad = true; break; }
    if (nonZeroPad) pad = 0;
    else {
      fh.add(hf.padding, trailer, 0, pad, trailer.bytes(0, pad));
      capLen -= pad; repLen -= pad;
    }
  }
  let hasFcs = false;
  if (fcsLen === 4 || (fcsLen < 0 && pkt.len >= 64 && repLen >= 4)) {
    if (capLen < repLen) { repLen -= 4; if (capLen > repLen) capLen = repLen; } else { capLen -= 4; repLen -= 4; }
    hasFcs = true;
  }
  if (capLen + (hasFcs ? 4 : 0) + pad === 0 && repLen === 0) return;
  if (capLen > 0) {
    const ti = fh.add(trailerField, trailer, pad, capLen, trailer.bytes(pad, capLen));
    if (nonZeroPad) expertAdd(pkt, ti, eiNonZeroPad);
  }
  if (hasFcs) {
    // The FCS sits at the end of the reported frame: when that was not captured, this throws (as tshark's does).
    const fcs = trailer.u32(pad + capLen);
    if (fh.real) {
      fh.add(hf.fcs, trailer, pad + capLen, 4, fcs).setText(`Frame check sequence: 0x${fcs.toString(16).padStart(8, '0')} [unverified]`);
      fh.add(hf.fcs_status, trailer, pad + capLen, 4, 2).setText('FCS Status: Unverified').generated();
    }
  }
}

export const llcHandleRef: { h: ReturnType<typeof handle> | null; ipx: ReturnType<typeof handle> | null } = { h: null, ipx: null };

/** dissect_802_3: the length field, LLC (or raw IPX), then the trailer. Used by Ethernet and VLAN. */
export function dissect8023Payload(tvb: Tvb, off: number, length: number, pkt: Packet, tree: Item, fh: Item,
  lenField: FieldDef, trailerField: FieldDef, fcsLen = 0): void {
  const isLlc = !(tvb.remaining(off) >= 2 && tvb.u16(off) === 0xffff);
  const li = fh.add(lenField, tvb, off - 2, 2, length);
  let rep = tvb.reportedRemaining(off);
  if (length > rep) {
    expertAdd(pkt, li, eiLenTooLong);
    length = rep;
  }
  const next = tvb.sub(off, length);
  const h = isLlc ? llcHandleRef.h : llcHandleRef.ipx;
  const saved = pkt.currentProto;
  try { call(h ?? dataHandle, next, pkt, tree); } catch (e) { showException(e, next, pkt, tree); pkt.currentProto = saved; }
  rep = tvb.reportedRemaining(off + length);
  if (rep > 0 && off + length < tvb.len) addTrailer(tvb.sub(off + length), pkt, fh, trailerField, fcsLen);
}

function dissect8023(tvb: Tvb, pkt: Packet, tree: Item, length: number): number {
  const isLlc = !(tvb.remaining(14) >= 2 && tvb.u16(14) === 0xffff);
  pkt.info.set(`IEEE 802.3 Ethernet ${isLlc ? '' : 'Raw '}`);
  const t = tree.add(proto, tvb, 0, 14, null);
  if (t.real) t.setText(`IEEE 802.3 Ethernet ${isLlc ? '' : 'Raw '}`);
  addrTree(t, tvb, 0, true);
  addrTree(t, tvb, 6, false);
  dissect8023Payload(tvb, 14, length, pkt, tree, t, hf.len, hf.trailer, -1);
  return tvb.reportedRemaining(0);
}

export const ethHandle = handle('eth', 'Ethernet', dissectEth);
tables.linktype.add(1, ethHandle);
tables.ipProto.add(143, ethHandle);
void callCatching;
