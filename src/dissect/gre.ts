// GRE (packet-gre.c): flags and version, optional checksum/key/sequence, payload by protocol type.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { dataHandle } from './data.js';
import { showException } from './frame.js';
import { GRE_PROTOS } from './net-values.js';
import type { Packet } from './packet.js';
import { call, handle, tables } from './tables.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

export const proto = registerProtocol('gre', 'Generic Routing Encapsulation', 'GRE');
const YN = { t: 'Yes', f: 'No' };
export const hf = registerFields(proto, {
  flags_and_version: { abbrev: 'gre.flags_and_version', name: 'Flags and Version', type: FT.UINT16, base: BASE.HEX },
  flags_checksum: { abbrev: 'gre.flags.checksum', name: 'Checksum Bit', type: FT.BOOLEAN, base: 16, mask: 0x8000, tfs: YN },
  flags_routing: { abbrev: 'gre.flags.routing', name: 'Routing Bit', type: FT.BOOLEAN, base: 16, mask: 0x4000, tfs: YN },
  flags_key: { abbrev: 'gre.flags.key', name: 'Key Bit', type: FT.BOOLEAN, base: 16, mask: 0x2000, tfs: YN },
  flags_seq: { abbrev: 'gre.flags.sequence_number', name: 'Sequence Number Bit', type: FT.BOOLEAN, base: 16, mask: 0x1000, tfs: YN },
  flags_ssr: { abbrev: 'gre.flags.strict_source_route', name: 'Strict Source Route Bit', type: FT.BOOLEAN, base: 16, mask: 0x0800, tfs: YN },
  flags_rec: { abbrev: 'gre.flags.recursion_control', name: 'Recursion control', type: FT.UINT16, base: BASE.DEC, mask: 0x0700 },
  flags_reserved: { abbrev: 'gre.flags.reserved', name: 'Flags (Reserved)', type: FT.UINT16, base: BASE.DEC, mask: 0x00f8 },
  flags_version: { abbrev: 'gre.flags.version', name: 'Version', type: FT.UINT16, base: BASE.DEC, mask: 0x0007,
    strings: new Map([[0, 'GRE'], [1, 'Enhanced GRE']]) },
  proto: { abbrev: 'gre.proto', name: 'Protocol Type', type: FT.UINT16, base: BASE.HEX, strings: GRE_PROTOS },
  checksum: { abbrev: 'gre.checksum', name: 'Checksum', type: FT.UINT16, base: BASE.HEX },
  offset: { abbrev: 'gre.offset', name: 'Offset', type: FT.UINT16, base: BASE.DEC },
  key: { abbrev: 'gre.key', name: 'Key', type: FT.UINT32, base: BASE.HEX },
  seq: { abbrev: 'gre.sequence_number', name: 'Sequence Number', type: FT.UINT32, base: BASE.DEC },
});

/** Flags and version of the GRE header being dissected (ERSPAN tells type I from its sequence bit). */
export const greCtx = { flags: 0, proto: 0 };

function dissectGre(tvb: Tvb, pkt: Packet, tree: Item): number {
  const fv = tvb.u16(0), type = tvb.u16(2);
  greCtx.flags = fv; greCtx.proto = type;
  const name = GRE_PROTOS.get(type) ?? `0x${type.toString(16).padStart(4, '0')}`;
  pkt.protocol.set('GRE');
  pkt.info.set(`Encapsulated ${name}`);
  let off = 4;
  if (fv & 0xc000) off += 4;
  if (fv & 0x2000) off += 4;
  if (fv & 0x1000) off += 4;
  const t = tree.add(proto, tvb, 0, off, null);
  if (t.real) {
    t.setText(`Generic Routing Encapsulation (${name})`);
    const f = t.add(hf.flags_and_version, tvb, 0, 2, fv);
    f.add(hf.flags_checksum, tvb, 0, 2, (fv & 0x8000) !== 0);
    f.add(hf.flags_routing, tvb, 0, 2, (fv & 0x4000) !== 0);
    f.add(hf.flags_key, tvb, 0, 2, (fv & 0x2000) !== 0);
    f.add(hf.flags_seq, tvb, 0, 2, (fv & 0x1000) !== 0);
    f.add(hf.flags_ssr, tvb, 0, 2, (fv & 0x0800) !== 0);
    f.add(hf.flags_rec, tvb, 0, 2, (fv >> 8) & 7);
    f.add(hf.flags_reserved, tvb, 0, 2, (fv >> 3) & 0x1f);
    f.add(hf.flags_version, tvb, 0, 2, fv & 7);
    t.add(hf.proto, tvb, 2, 2, type);
  }
  let o = 4;
  if (fv & 0xc000) { t.add(hf.checksum, tvb, o, 2, tvb.u16(o)); t.add(hf.offset, tvb, o + 2, 2, tvb.u16(o + 2)); o += 4; }
  if (fv & 0x2000) { t.add(hf.key, tvb, o, 4, tvb.u32(o)); o += 4; }
  if (fv & 0x1000) { t.add(hf.seq, tvb, o, 4, tvb.u32(o)); o += 4; }
  tvb.check(0, off);
  const next = tvb.sub(off);
  if (next.reportedRemaining(0) === 0) return off;
  const h = tables.greProto.get(type) ?? (type === 0 ? undefined : tables.ethertype.get(type));
  const saved = pkt.currentProto;
  try {
    if (!h || call(h, next, pkt, tree) === 0) call(dataHandle, next, pkt, tree);
  } catch (e) { showException(e, next, pkt, tree); pkt.currentProto = saved; }
  return tvb.reportedRemaining(0);
}

export const greHandle = handle('gre', 'GRE', dissectGre);
tables.ipProto.add(47, greHandle);
