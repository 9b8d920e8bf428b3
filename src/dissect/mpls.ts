// MPLS (packet-mpls.c): the label stack, then IPv4 / IPv6 by the first nibble of the payload.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { dataHandle } from './data.js';
import type { Packet } from './packet.js';
import { call, handle, tables } from './tables.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

export const proto = registerProtocol('mpls', 'MultiProtocol Label Switching Header', 'MPLS');
export const hf = registerFields(proto, {
  label: { abbrev: 'mpls.label', name: 'MPLS Label', type: FT.UINT32, base: BASE.DEC_HEX, mask: 0xfffff000 },
  exp: { abbrev: 'mpls.exp', name: 'MPLS Experimental Bits', type: FT.UINT32, base: BASE.DEC, mask: 0x00000e00 },
  bottom: { abbrev: 'mpls.bottom', name: 'MPLS Bottom Of Label Stack', type: FT.UINT32, base: BASE.DEC, mask: 0x00000100 },
  ttl: { abbrev: 'mpls.ttl', name: 'MPLS TTL', type: FT.UINT32, base: BASE.DEC, mask: 0x000000ff },
});

function dissectMpls(tvb: Tvb, pkt: Packet, tree: Item): number {
  pkt.protocol.set('MPLS');
  pkt.info.set('MPLS Label Switched Packet');
  let off = 0;
  for (;;) {
    const e = tvb.u32(off);
    const label = e >>> 12, exp = (e >> 9) & 7, s = (e >> 8) & 1, ttl = e & 0xff;
    const t = tree.add(proto, tvb, off, 4, null);
    if (t.real) {
      t.setText(`MultiProtocol Label Switching Header, Label: ${label}, Exp: ${exp}, S: ${s}, TTL: ${ttl}`);
      t.add(hf.label, tvb, off, 4, label);
      t.add(hf.exp, tvb, off, 4, exp);
      t.add(hf.bottom, tvb, off, 4, s);
      t.add(hf.ttl, tvb, off, 4, ttl);
    }
    off += 4;
    if (s) break;
  }
  const next = tvb.sub(off);
  if (next.reportedRemaining(0) === 0) return off;
  const nib = next.u8(0) >> 4;
  const h = nib === 4 ? tables.ethertype.get(0x0800) : nib === 6 ? tables.ethertype.get(0x86dd) : undefined;
  if (!h || call(h, next, pkt, tree) === 0) call(dataHandle, next, pkt, tree);
  return tvb.reportedRemaining(0);
}

export const mplsHandle = handle('mpls', 'MPLS', dissectMpls);
tables.ethertype.add(0x8847, mplsHandle);
tables.ethertype.add(0x8848, mplsHandle);
tables.udpPort.add(6635, mplsHandle);
tables.ipProto.add(137, mplsHandle);
