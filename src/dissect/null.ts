// BSD loopback / null encapsulation (packet-null.c): linktype 0 (host byte order) and 108 (network order).
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { dataHandle } from './data.js';
import { dissectEthertype } from './eth.js';
import { ETHERTYPES } from './ethertypes.js';
import { NULL_FAMILIES } from './net-values.js';
import type { Packet } from './packet.js';
import { call, handle, tables } from './tables.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

export const proto = registerProtocol('null', 'Null/Loopback', 'NULL');
export const hf = registerFields(proto, {
  family: { abbrev: 'null.family', name: 'Family', type: FT.UINT32, base: BASE.DEC, strings: NULL_FAMILIES },
  type: { abbrev: 'null.type', name: 'Type', type: FT.UINT16, base: BASE.HEX, strings: ETHERTYPES },
});

/** Columns a link layer without addresses leaves for the upper layers to replace. */
export function naColumns(pkt: Packet, info: string): void {
  pkt.protocol.set('N/A');
  pkt.colSrcOverride = 'N/A';
  pkt.colDstOverride = 'N/A';
  pkt.info.set(info);
}

function family(tvb: Tvb, off: number, fam: number, pkt: Packet, tree: Item, t: Item): number {
  t.add(hf.family, tvb, 0, 4, fam);
  const next = tvb.sub(off);
  const h = tables.nullFamily.get(fam);
  if (!h || call(h, next, pkt, tree) === 0) call(dataHandle, next, pkt, tree);
  return tvb.reportedRemaining(0);
}

function dissectNull(tvb: Tvb, pkt: Packet, tree: Item): number {
  naColumns(pkt, 'Null/Loopback');
  if (tvb.remaining(0) >= 2 && tvb.u16(0) === 0xff03) { call(dataHandle, tvb, pkt, tree); return tvb.reportedRemaining(0); }
  let v = tvb.u32le(0);
  if ((v & 0xffff0000) !== 0 && (v & 0xffff) === 0) v = ((v >>> 24) | ((v >>> 8) & 0xff00) | ((v & 0xff00) << 8) | (v << 24)) >>> 0;
  const t = tree.add(proto, tvb, 0, 4, null);
  if (v > 1500) return 4 + dissectEthertype(tvb, 4, v & 0xffff, pkt, tree, t, hf.type, null);
  return family(tvb, 4, v, pkt, tree, t);
}

function dissectLoop(tvb: Tvb, pkt: Packet, tree: Item): number {
  naColumns(pkt, 'Null/Loopback');
  const v = tvb.u32(0);
  const t = tree.add(proto, tvb, 0, 4, null);
  return family(tvb, 4, v, pkt, tree, t);
}

export const nullHandle = handle('null', 'NULL', dissectNull);
export const loopHandle = handle('null', 'NULL', dissectLoop);
tables.linktype.add(0, nullHandle);
tables.linktype.add(108, loopHandle);
