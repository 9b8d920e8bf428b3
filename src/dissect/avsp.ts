// Arista Vendor Specific Protocol (packet-arista.c): ethertype 0xd28b, a sub-type and version, a hardware
// timestamp (64-bit seconds+nanoseconds or 48-bit, TAI or UTC), then the frame's real ethertype.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { dissectEthertype } from './eth.js';
import { ETHERTYPES } from './ethertypes.js';
import { expertAdd, expertField } from './expert.js';
import { Group, type Packet, Severity } from './packet.js';
import { handle, tables } from './tables.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

export const proto = registerProtocol('avsp', 'Arista Vendor Specific Protocol', 'AVSP');

const SUBTYPES = new Map([[1, 'timestamp']]);
/** version → [name, 64-bit timestamp?, clock] */
const VERSIONS = new Map<number, [string, boolean, string]>([
  [0x0010, ['Version 1', true, 'TAI']], [0x0020, ['Version 2', false, 'TAI']],
  [0x0110, ['Version 11', true, 'UTC']], [0x0120, ['Version 12', false, 'UTC']],
]);

export const hf = registerFields(proto, {
  sub_type: { abbrev: 'avsp.sub_type', name: 'Sub Type', type: FT.UINT16, base: BASE.DEC, strings: SUBTYPES },
  ver: { abbrev: 'avsp.ver', name: 'Version', type: FT.UINT16, base: BASE.HEX, strings: new Map([...VERSIONS].map(([k, v]) => [k, v[0]])) },
  ts64: { abbrev: 'avsp.64ts', name: 'Timestamp (TAI)', type: FT.NONE },
  sec64: { abbrev: 'avsp.64sec', name: 'Seconds', type: FT.UINT32, base: BASE.DEC },
  ns64: { abbrev: 'avsp.64ns', name: 'Nanoseconds', type: FT.UINT32, base: BASE.DEC },
  ts48: { abbrev: 'avsp.48ts', name: 'Timestamp (TAI)', type: FT.NONE },
  sec48: { abbrev: 'avsp.48sec', name: 'Seconds', type: FT.UINT16, base: BASE.DEC },
  ns48: { abbrev: 'avsp.48ns', name: 'Nanoseconds', type: FT.UINT32, base: BASE.DEC },
  etype: { abbrev: 'avsp.etype', name: 'Type', type: FT.UINT16, base: BASE.HEX, strings: ETHERTYPES },
  trailer: { abbrev: 'avsp.trailer', name: 'Trailer', type: FT.BYTES },
});
const eiUnknownVersion = expertField(proto, 'avsp.ts.unknown_version', Group.Sequence, Severity.Warn, 'Unknown timestamp version');

function dissectAvsp(tvb: Tvb, pkt: Packet, tree: Item): number {
  pkt.protocol.set('AVSP');
  pkt.info.clear();
  const t = tree.add(proto, tvb, 0, -1, null);
  const sub = tvb.u16(0);
  t.add(hf.sub_type, tvb, 0, 2, sub);
  if (sub !== 1) return tvb.remaining(0);
  const ver = tvb.u16(2);
  t.add(hf.ver, tvb, 2, 2, ver);
  const v = VERSIONS.get(ver);
  if (!v) {
    const msg = `Unknown timestamp version: 0x${ver.toString(16)}`;
    expertAdd(pkt, t, eiUnknownVersion, msg, tvb, 2, 2);
    return tvb.remaining(0);
  }
  const [, wide, clock] = v;
  let off = 4;
  if (wide) {
    const ti = t.add(hf.ts64, tvb, off, 8, null).setText(`Timestamp (${clock})`);
    ti.add(hf.sec64, tvb, off, 4, tvb.u32(off));
    ti.add(hf.ns64, tvb, off + 4, 4, tvb.u32(off + 4));
    off += 8;
  } else {
    const ti = t.add(hf.ts48, tvb, off, 6, null).setText(`Timestamp (${clock})`);
    ti.add(hf.sec48, tvb, off, 2, tvb.u16(off));
    ti.add(hf.ns48, tvb, off + 2, 4, tvb.u32(off + 2));
    off += 6;
  }
  t.setLen(off + 2);
  const etype = tvb.u16(off);
  return off + 2 + dissectEthertype(tvb, off + 2, etype, pkt, tree, t, hf.etype, hf.trailer);
}

export const avspHandle = handle('avsp', 'AVSP', dissectAvsp);
tables.ethertype.add(0xd28b, avspHandle);
