// GRE (packet-gre.c): flags and version, optional checksum/key/sequence, payload by protocol type.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { onesSum, shouldBe } from './cksum.js';
import { dataHandle } from './data.js';
import { expertAdd, expertField } from './expert.js';
import { showException } from './frame.js';
import { GRE_PROTOS } from './net-values.js';
import { Group, type Packet, Severity } from './packet.js';
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
  checksum_status: { abbrev: 'gre.checksum.status', name: 'Checksum Status', type: FT.UINT8, base: BASE.NONE, strings: new Map([[0, 'Bad'], [1, 'Good'], [2, 'Unverified']]) },
  offset: { abbrev: 'gre.offset', name: 'Offset', type: FT.UINT16, base: BASE.DEC },
  key: { abbrev: 'gre.key', name: 'Key', type: FT.UINT32, base: BASE.HEX },
  seq: { abbrev: 'gre.sequence_number', name: 'Sequence Number', type: FT.UINT32, base: BASE.DEC },
  routing: { abbrev: 'gre.routing', name: 'Routing', type: FT.NONE },
  routing_af: { abbrev: 'gre.routing.address_family', name: 'Address Family', type: FT.UINT16, base: BASE.DEC },
  routing_sre_offset: { abbrev: 'gre.routing.sre_offset', name: 'SRE Offset', type: FT.UINT8, base: BASE.DEC },
  routing_sre_length: { abbrev: 'gre.routing.src_length', name: 'SRE Length', type: FT.UINT8, base: BASE.DEC },
  routing_info: { abbrev: 'gre.routing.information', name: 'Routing Information', type: FT.BYTES },
});

const eiBadChecksum = expertField(proto, 'gre.checksum.incorrect', Group.Protocol, Severity.Warn, 'Incorrect GRE Checksum');

/** Flags and version of the GRE header being dissected (ERSPAN tells type I from its sequence bit). */
export const greCtx = { flags: 0, proto: 0 };

function dissectGre(tvb: Tvb, pkt: Packet, tree: Item): number {
  const fv = tvb.u16(0), type = tvb.u16(2);
  greCtx.flags = fv; greCtx.proto = type;
  const known = GRE_PROTOS.get(type);
  const hex = `0x${type.toString(16).padStart(4, '0')}`;
  pkt.protocol.set('GRE');
  pkt.info.set(`Encapsulated ${known ?? `${hex} (unknown)`}`);
  let off = 4;
  if (fv & 0xc000) off += 4;
  if (fv & 0x2000) off += 4;
  if (fv & 0x1000) off += 4;
  const t = tree.add(proto, tvb, 0, off, null);
  if (t.real) {
    t.setText(`Generic Routing Encapsulation (${known ?? `${hex} - unknown`})`);
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
  if (fv & 0xc000) {
    const ck = tvb.u16(o);
    if (fv & 0x8000) {
      const x = ck.toString(16).padStart(4, '0');
      if (tvb.remaining(0) >= tvb.reportedRemaining(0)) {
        // the whole packet is here: verify (packet-gre.c add_gre_checksum)
        const sum = onesSum(tvb.bytes(0, tvb.reported), 0, tvb.reported);
        if (sum === 0xffff) {
          t.add(hf.checksum, tvb, o, 2, ck).setText(`Checksum: 0x${x} [correct]`);
          t.add(hf.checksum_status, tvb, o, 2, 1).setText('Checksum Status: Good').generated();
        } else {
          const want = shouldBe(ck, sum).toString(16).padStart(4, '0');
          const ci = t.add(hf.checksum, tvb, o, 2, ck).setText(`Checksum: 0x${x} incorrect, should be 0x${want}`);
          expertAdd(pkt, ci, eiBadChecksum, `Incorrect GRE Checksum [should be 0x${want}]`);
          t.add(hf.checksum_status, tvb, o, 2, 0).setText('Checksum Status: Bad').generated();
        }
      } else {
        t.add(hf.checksum, tvb, o, 2, ck).setText(`Checksum: 0x${x} [unverified]`);
        t.add(hf.checksum_status, tvb, o, 2, 2).setText('Checksum Status: Unverified').generated();
      }
    } else t.add(hf.checksum, tvb, o, 2, ck);
    t.add(hf.offset, tvb, o + 2, 2, tvb.u16(o + 2)); o += 4; }
  if (fv & 0x2000) { t.add(hf.key, tvb, o, 4, tvb.u32(o)); o += 4; }
  if (fv & 0x1000) { t.add(hf.seq, tvb, o, 4, tvb.u32(o)); o += 4; }
  if (fv & 0x4000) {
    // source route entries, up to the NULL one (packet-gre.c dissect_gre_routing)
    for (;;) {
      t.add(hf.routing, tvb, o, 0, null);
      const af = tvb.u16(o), sreOff = tvb.u8(o + 2), sreLen = tvb.u8(o + 3);
      t.add(hf.routing_af, tvb, o, 2, af);
      t.add(hf.routing_sre_offset, tvb, o + 2, 1, sreOff);
      t.add(hf.routing_sre_length, tvb, o + 3, 1, sreLen);
      o += 4;
      if (af === 0 && sreLen === 0) break;
      t.add(hf.routing_info, tvb, o, sreLen, tvb.bytes(o, sreLen));
      o += sreLen;
    }
    off = o;
    t.setLen(off);
  }
  tvb.check(0, off);
  const next = tvb.sub(off);
  if (next.reportedRemaining(0) === 0) return off;
  const h = tables.greProto.get(type) ?? (type === 0 ? undefined : tables.ethertype.get(type));
  const saved = pkt.currentProto;
  try {
    // an unknown protocol type: the payload is data inside the GRE tree
    if (!h || call(h, next, pkt, tree) === 0) call(dataHandle, next, pkt, h ? tree : t);
  } catch (e) { showException(e, next, pkt, tree); pkt.currentProto = saved; }
  return tvb.reportedRemaining(0);
}

export const greHandle = handle('gre', 'GRE', dissectGre);
tables.ipProto.add(47, greHandle);
