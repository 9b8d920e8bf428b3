// Raw IP link types (packet-raw.c): 12, 14 and 101 guess the version; 228 and 229 are IPv4 / IPv6 only.
import { registerProtocol } from '../fields/registry.js';
import { dataHandle } from './data.js';
import { naColumns } from './null.js';
import type { Packet } from './packet.js';
import { call, handle, tables } from './tables.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

export const proto = registerProtocol('raw', 'Raw packet data', 'Raw');

function dissectRaw(tvb: Tvb, pkt: Packet, tree: Item): number {
  naColumns(pkt, 'Raw packet data');
  tree.add(proto, tvb, 0, tvb.reportedRemaining(0), null);
  if (tvb.u16(0) === 0xff03) { pkt.protocol.set('PPP'); call(dataHandle, tvb, pkt, tree); return tvb.reportedRemaining(0); }
  tvb.u16(6); // packet-raw.c looks for PPP-in-HDLC further in before it guesses the IP version
  const v = tvb.u8(0) & 0xf0;
  const h = v === 0x40 ? tables.ethertype.get(0x0800) : v === 0x60 ? tables.ethertype.get(0x86dd) : undefined;
  if (!h || call(h, tvb, pkt, tree) === 0) call(dataHandle, tvb, pkt, tree);
  return tvb.reportedRemaining(0);
}

export const rawHandle = handle('raw', 'Raw', dissectRaw);
for (const lt of [12, 14, 101]) tables.linktype.add(lt, rawHandle);
