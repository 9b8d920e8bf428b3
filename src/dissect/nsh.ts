// Network Service Header (packet-nsh.c, RFC 8300): ethertype 0x894f (also VXLAN-GPE's next protocol 4). A base
// header (version, O and C bits, TTL, length in words, MD type, next protocol), the service path (SPI, SI), then
// fixed context headers (MD type 1) or variable TLVs (MD type 2), then the packet named by Next Protocol.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { dataHandle } from './data.js';
import { expertAdd, expertField } from './expert.js';
import { Group, type Packet, Severity } from './packet.js';
import { call, handle, tables } from './tables.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';
import { nextProtoHandle } from './vxlan.js';

export const proto = registerProtocol('nsh', 'Network Service Header', 'NSH');
const NEXT = new Map([[1, 'IPv4'], [2, 'IPv6'], [3, 'Ethernet'], [4, 'NSH'], [5, 'MPLS'], [0xfe, 'Experiment 1'], [0xff, 'Experiment 2']]);

export const hf = registerFields(proto, {
  version: { abbrev: 'nsh.version', name: 'Version', type: FT.UINT16, base: BASE.DEC_HEX, mask: 0xc000 },
  oam: { abbrev: 'nsh.Obit', name: 'O Bit', type: FT.UINT16, base: BASE.DEC, mask: 0x2000 },
  critical: { abbrev: 'nsh.CBit', name: 'C Bit', type: FT.UINT16, base: BASE.DEC, mask: 0x1000 },
  ttl: { abbrev: 'nsh.ttl', name: 'Time to live', type: FT.UINT16, base: BASE.HEX, mask: 0x0fc0 },
  length: { abbrev: 'nsh.length', name: 'Length', type: FT.UINT16, base: BASE.DEC_HEX, mask: 0x003f },
  mdtype: { abbrev: 'nsh.mdtype', name: 'MD Type', type: FT.UINT8, base: BASE.DEC_HEX },
  nextproto: { abbrev: 'nsh.nextproto', name: 'Next Protocol', type: FT.UINT8, base: BASE.DEC_HEX, strings: NEXT },
  spi: { abbrev: 'nsh.spi', name: 'SPI', type: FT.UINT24, base: BASE.DEC_HEX },
  si: { abbrev: 'nsh.si', name: 'SI', type: FT.UINT8, base: BASE.DEC_HEX },
  context_header: { abbrev: 'nsh.contextheader', name: 'Context Header', type: FT.BYTES },
  metadata_class: { abbrev: 'nsh.metadataclass', name: 'TLV Class', type: FT.UINT16, base: BASE.DEC_HEX },
  metadata_type: { abbrev: 'nsh.metadatatype', name: 'Type', type: FT.UINT8, base: BASE.DEC_HEX },
  metadata_unassigned: { abbrev: 'nsh.metadataunassignedbit', name: 'Unassigned Bit', type: FT.UINT8, base: BASE.HEX, mask: 0x80 },
  metadata_len: { abbrev: 'nsh.metadatalen', name: 'Length', type: FT.UINT8, base: BASE.HEX, mask: 0x7f },
  metadata: { abbrev: 'nsh.metadata', name: 'Variable Metadata', type: FT.BYTES },
});
const eiLenInvalid = expertField(proto, 'nsh.length.invalid', Group.Protocol, Severity.Warn, 'Invalid total length');

function dissectNsh(tvb: Tvb, pkt: Packet, tree: Item): number {
  pkt.protocol.set('NSH');
  pkt.info.set('Network Service Header');
  const w = tvb.u16(0), words = w & 0x3f, len = words * 4;
  const md = tvb.u8(2), np = tvb.u8(3);
  const t = tree.add(proto, tvb, 0, len, null);
  t.add(hf.version, tvb, 0, 2, w >> 14);
  t.add(hf.oam, tvb, 0, 2, (w >> 13) & 1);
  t.add(hf.critical, tvb, 0, 2, (w >> 12) & 1);
  t.add(hf.ttl, tvb, 0, 2, (w >> 6) & 0x3f);
  const li = t.add(hf.length, tvb, 0, 2, words);
  t.add(hf.mdtype, tvb, 2, 1, md);
  t.add(hf.nextproto, tvb, 3, 1, np);
  t.add(hf.spi, tvb, 4, 3, tvb.u24(4));
  t.add(hf.si, tvb, 7, 1, tvb.u8(7));
  if (len < 8) { expertAdd(pkt, li, eiLenInvalid); return tvb.remaining(0); }
  if (md === 1) {
    for (let o = 8; o < 24 && o < len; o += 4) t.add(hf.context_header, tvb, o, 4, tvb.bytes(o, 4));
  } else if (md === 2) {
    let o = 8;
    while (o + 4 <= len) {
      t.add(hf.metadata_class, tvb, o, 2, tvb.u16(o));
      t.add(hf.metadata_type, tvb, o + 2, 1, tvb.u8(o + 2));
      const ml = tvb.u8(o + 3) & 0x7f;
      t.add(hf.metadata_unassigned, tvb, o + 3, 1, tvb.u8(o + 3) >> 7);
      t.add(hf.metadata_len, tvb, o + 3, 1, ml);
      const padded = (ml + 3) & ~3;
      if (ml) t.add(hf.metadata, tvb, o + 4, ml, tvb.bytes(o + 4, ml));
      o += 4 + padded;
    }
  }
  if (tvb.reportedRemaining(len) > 0) {
    const next = tvb.sub(len);
    const h = nextProtoHandle(np);
    if (!h || call(h, next, pkt, tree) === 0) call(dataHandle, next, pkt, tree);
  }
  return tvb.remaining(0);
}

export const nshHandle = handle('nsh', 'NSH', dissectNsh);
tables.ethertype.add(0x894f, nshHandle);
