// ERSPAN (packet-erspan.c): Cisco's encapsulated remote SPAN over GRE, types I, II and III.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { dataHandle } from './data.js';
import { greCtx } from './gre.js';
import type { Packet } from './packet.js';
import { call, handle, tables } from './tables.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

export const proto = registerProtocol('erspan', 'Encapsulated Remote Switch Packet ANalysis', 'ERSPAN');
export const hf = registerFields(proto, {
  version: { abbrev: 'erspan.version', name: 'Version', type: FT.UINT16, base: BASE.DEC, mask: 0xf000 },
  vlan: { abbrev: 'erspan.vlan', name: 'Vlan', type: FT.UINT16, base: BASE.DEC, mask: 0x0fff },
  spanid: { abbrev: 'erspan.spanid', name: 'SpanID', type: FT.UINT16, base: BASE.DEC, mask: 0x03ff },
  timestamp: { abbrev: 'erspan.timestamp', name: 'Timestamp', type: FT.UINT32, base: BASE.DEC },
  ft: { abbrev: 'erspan.ft', name: 'Frame Type', type: FT.UINT16, base: BASE.DEC, mask: 0x7c00 },
});

function dissectErspan(tvb: Tvb, pkt: Packet, tree: Item): number {
  pkt.protocol.set('ERSPAN');
  pkt.info.set('ERSPAN:');
  const eth = tables.linktype.get(1)!;
  if (greCtx.proto === 0x88be && (greCtx.flags & 0x1000) === 0) {
    // Type I: no ERSPAN header at all
    tree.add(proto, tvb, 0, 0, null).setText('Encapsulated Remote Switch Packet ANalysis Type I');
    call(eth, tvb, pkt, tree);
    return tvb.reportedRemaining(0);
  }
  const version = tvb.u16(0) >> 12;
  const t = tree.add(proto, tvb, 0, version === 2 ? 12 : 8, null);
  t.add(hf.version, tvb, 0, 2, version);
  let off = 8, ft = 0;
  if (version === 2) {
    const w = tvb.u16(10);
    ft = (w >> 10) & 0x1f;
    off = 12 + (w & 1 ? 8 : 0);
  }
  const next = tvb.sub(off);
  if (ft === 0) call(eth, next, pkt, tree);
  else call(dataHandle, next, pkt, tree);
  return tvb.reportedRemaining(0);
}

export const erspanHandle = handle('erspan', 'ERSPAN', dissectErspan);
tables.greProto.add(0x88be, erspanHandle);
tables.greProto.add(0x22eb, erspanHandle);
