// Geneve, Generic Network Virtualization Encapsulation (packet-geneve.c): UDP port 6081, an 8-byte header with
// variable-length options, then a payload named by an ethertype.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { dataHandle } from './data.js';
import { expertAdd, expertField } from './expert.js';
import { ETHERTYPE_NAMES } from './net-values.js';
import { Group, type Packet, Severity } from './packet.js';
import { call, handle, tables } from './tables.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

export const proto = registerProtocol('geneve', 'Generic Network Virtualization Encapsulation', 'Geneve');

/** Option class owners (the IANA Geneve registry as Wireshark 4.0 knows it). */
function className(c: number): string {
  if (c <= 0xff) return 'Standard';
  switch (c) {
    case 0x0100: return 'Linux';
    case 0x0101: return 'Open vSwitch';
    case 0x0102: return 'Open Virtual Networking (OVN)';
    case 0x0103: return 'In-band Network Telemetry (INT)';
    case 0x0104: return 'VMware';
    case 0x0105: return 'Amazon.com, Inc.';
    case 0x0106: return 'Cisco Systems, Inc.';
    case 0x0107: return 'Oracle Corporation';
    case 0x0129: return 'Oxide Computer Company';
    case 0x0136: return 'InfoQuick Global Connection Tech Ltd.';
  }
  if (c >= 0x0108 && c <= 0x0110) return 'Amazon.com, Inc.';
  if (c >= 0x0111 && c <= 0x0118) return 'IBM';
  if (c >= 0x0119 && c <= 0x0128) return 'Ericsson';
  if (c >= 0x0130 && c <= 0x0131) return 'Cisco Systems, Inc.';
  if (c >= 0x0132 && c <= 0x0135) return 'Google LLC';
  if (c >= 0x0137 && c <= 0xfeff) return 'Unassigned';
  if (c >= 0xfff0) return 'Experimental';
  return 'Unknown';
}

const GCP_VNID = 0x013201, GCP_ENDPOINT = 0x013202, GCP_PROFILE = 0x013203;
const OPTION_NAMES = new Map<number, string>([
  [GCP_VNID, 'GCP Virtual Network ID'], [GCP_ENDPOINT, 'GCP Endpoint ID'], [GCP_PROFILE, 'GCP Profile ID'],
]);

export const hf = registerFields(proto, {
  version: { abbrev: 'geneve.version', name: 'Version', type: FT.UINT8, base: BASE.DEC },
  flags: { abbrev: 'geneve.flags', name: 'Flags', type: FT.UINT8, base: BASE.HEX },
  flag_oam: { abbrev: 'geneve.flags.oam', name: 'Operations, Administration and Management Frame', type: FT.BOOLEAN, base: 8, mask: 0x80 },
  flag_critical: { abbrev: 'geneve.flags.critical', name: 'Critical Options Present', type: FT.BOOLEAN, base: 8, mask: 0x40 },
  flag_reserved: { abbrev: 'geneve.flags.reserved', name: 'Reserved', type: FT.BOOLEAN, base: 8, mask: 0x3f },
  proto_type: { abbrev: 'geneve.proto_type', name: 'Protocol Type', type: FT.UINT16, base: BASE.HEX, strings: ETHERTYPE_NAMES },
  vni: { abbrev: 'geneve.vni', name: 'Virtual Network Identifier (VNI)', type: FT.UINT24, base: BASE.HEX_DEC },
  reserved: { abbrev: 'geneve.reserved', name: 'Reserved', type: FT.UINT8, base: BASE.HEX },
  options: { abbrev: 'geneve.options', name: 'Geneve Options', type: FT.BYTES },
  option_class: { abbrev: 'geneve.option.class', name: 'Class', type: FT.UINT16, base: BASE.HEX },
  option_type: { abbrev: 'geneve.option.type', name: 'Type', type: FT.UINT8, base: BASE.HEX },
  option_type_critical: { abbrev: 'geneve.option.type.critical', name: 'Critical Option', type: FT.BOOLEAN, base: 8, mask: 0x80 },
  option_flags: { abbrev: 'geneve.option.flags', name: 'Flags', type: FT.UINT8, base: BASE.HEX },
  option_flags_reserved: { abbrev: 'geneve.option.flags.reserved', name: 'Reserved', type: FT.BOOLEAN, base: 8, mask: 0xe0 },
  option_length: { abbrev: 'geneve.option.length', name: 'Length', type: FT.UINT8, base: BASE.DEC },
  option: { abbrev: 'geneve.option', name: 'Option', type: FT.BYTES },
  gcp_vnid: { abbrev: 'geneve.option.gcp.vnid', name: 'GCP Virtual Network ID', type: FT.UINT32, base: BASE.DEC },
  gcp_reserved: { abbrev: 'geneve.option.gcp.reserved', name: 'GCP Reserved bits', type: FT.BOOLEAN, base: 32, mask: 0xe },
  gcp_direction: { abbrev: 'geneve.option.gcp.direction', name: 'GCP Traffic Direction', type: FT.BOOLEAN, base: 32, mask: 0x1, tfs: { t: 'Egress', f: 'Ingress' } },
  gcp_endpoint: { abbrev: 'geneve.option.gcp.endpoint', name: 'GCP Endpoint ID', type: FT.BYTES },
  gcp_profile: { abbrev: 'geneve.option.gcp.profile', name: 'GCP Profile ID', type: FT.UINT64, base: BASE.DEC },
  unknown_data: { abbrev: 'geneve.option.unknown.data', name: 'Unknown Option Data', type: FT.BYTES },
});
const eiVerUnknown = expertField(proto, 'geneve.version.unknown', Group.Protocol, Severity.Warn, 'Unknown version');
const eiOptLenInvalid = expertField(proto, 'geneve.option.length.invalid', Group.Protocol, Severity.Warn, 'Invalid length for option');

function hex(v: number, w: number): string { return v.toString(16).padStart(w, '0'); }

function optionName(cls: number, type: number): string {
  return `${OPTION_NAMES.get(cls * 256 + type) ?? 'Unknown'}, Class: ${className(cls)} (0x${hex(cls, 4)}) Type: 0x${hex(type, 2)}`;
}

/** The bits of a 32-bit value under `mask`, grouped like proto_tree_add_bits_item ("1000 0000  0000 ... = "). */
function bitsText(v: number, first: number, count: number): string {
  let s = '';
  for (let i = 0; i < 32; i++) {
    if (i > 0 && i % 8 === 0) s += '  ';
    else if (i > 0 && i % 4 === 0) s += ' ';
    s += i >= first && i < first + count ? ((v >>> (31 - i)) & 1 ? '1' : '0') : '.';
  }
  return s;
}

function dissectOption(tvb: Tvb, t: Item, off: number, cls: number, type: number, len: number): void {
  const critical = type & 0x80 ? 'Critical' : 'Non-critical';
  const ot = t.add(hf.option, tvb, off, len, tvb.bytes(off, len)).setText(`${optionName(cls, type)} (${critical})`);
  ot.add(hf.option_class, tvb, off, 2, cls).setText(`Class: ${className(cls)} (0x${hex(cls, 4)})`);
  ot.add(hf.option_type, tvb, off + 2, 1, type).appendText(` (${critical})`);
  ot.add(hf.option_type_critical, tvb, off + 2, 1, (type & 0x80) !== 0).hidden();
  const flags = tvb.u8(off + 3) >> 5;
  const fi = ot.add(hf.option_flags, tvb, off + 3, 1, flags);
  fi.add(hf.option_flags_reserved, tvb, off + 3, 1, flags !== 0);
  if (flags) fi.appendText(' (RSVD)'); else fi.hidden();
  ot.add(hf.option_length, tvb, off + 3, 1, len).setText(`Length: ${len} bytes`);
  const d = off + 4;
  switch (cls * 256 + type) {
    case GCP_VNID: {
      const w = tvb.u32(d), vnid = w >>> 4;
      ot.add(hf.gcp_vnid, tvb, d, 4, vnid).setText(`${bitsText(w, 0, 28)} = GCP Virtual Network ID: ${vnid}`);
      ot.add(hf.gcp_direction, tvb, d, 4, (w & 1) !== 0);
      ot.add(hf.gcp_reserved, tvb, d, 4, (w & 0xe) !== 0);
      break;
    }
    case GCP_ENDPOINT: ot.add(hf.gcp_endpoint, tvb, d, len - 4, tvb.bytes(d, len - 4)); break;
    case GCP_PROFILE: ot.add(hf.gcp_profile, tvb, d, len - 4, len - 4 === 8 ? tvb.u64(d) : 0n); break;
    default: ot.add(hf.unknown_data, tvb, d, len - 4, tvb.bytes(d, len - 4)); break;
  }
}

function dissectOptions(tvb: Tvb, pkt: Packet, t: Item, off: number, len: number): void {
  const ot = t.add(hf.options, tvb, off, len, tvb.bytes(off, len)).setText(`Options: (${len} bytes)`);
  while (len > 0) {
    const cls = tvb.u16(off), type = tvb.u8(off + 2), olen = 4 + (tvb.u8(off + 3) & 0x1f) * 4;
    if (olen > len) {
      const msg = `${optionName(cls, type)} (length of ${olen} is past end of options)`;
      expertAdd(pkt, ot.addText(tvb, off + 3, 1, msg), eiOptLenInvalid, msg, tvb, off + 3, 1);
      return;
    }
    dissectOption(tvb, ot, off, cls, type, olen);
    off += olen; len -= olen;
  }
}

function dissectGeneve(tvb: Tvb, pkt: Packet, tree: Item): number {
  pkt.protocol.set('Geneve');
  pkt.info.clear();
  const t = tree.add(proto, tvb, 0, -1, null);
  const b0 = tvb.u8(0), ver = b0 >> 6;
  t.add(hf.version, tvb, 0, 1, ver);
  if (ver !== 0) {
    expertAdd(pkt, t.addText(tvb, 0, 1, `Unknown version ${ver}`), eiVerUnknown, `Unknown version ${ver}`, tvb, 0, 1);
    pkt.info.set(`Unknown Geneve version ${ver}`);
  }
  const optLen = (b0 & 0x3f) * 4;
  t.add(hf.option_length, tvb, 0, 1, optLen).setText(`Length: ${optLen} bytes`);
  const flags = tvb.u8(1);
  if (t.real) {
    const names: string[] = [];
    if (flags & 0x80) names.push('Operations, Administration and Management Frame');
    if (flags & 0x40) names.push('Critical Options Present');
    if (flags & 0x3f) names.push('Reserved');
    const fi = t.add(hf.flags, tvb, 1, 1, flags).setText(`Flags: 0x${hex(flags, 2)}${names.length ? ', ' + names.join(', ') : ''}`);
    fi.add(hf.flag_oam, tvb, 1, 1, (flags & 0x80) !== 0);
    fi.add(hf.flag_critical, tvb, 1, 1, (flags & 0x40) !== 0);
    fi.add(hf.flag_reserved, tvb, 1, 1, (flags & 0x3f) !== 0);
  }
  const ptype = tvb.u16(2);
  t.add(hf.proto_type, tvb, 2, 2, ptype);
  pkt.info.set(`Encapsulated ${ETHERTYPE_NAMES.get(ptype) ?? `0x${hex(ptype, 4)} (unknown)`}`);
  const vni = tvb.u24(4);
  t.add(hf.vni, tvb, 4, 3, vni);
  if (t.real) t.appendText(`, VNI: 0x${hex(vni, 6)}${flags & 0x80 ? ', OAM' : ''}`);
  const rsv = tvb.u8(7);
  const ri = t.add(hf.reserved, tvb, 7, 1, rsv);
  if (!rsv) ri.hidden();
  if (t.real && optLen) dissectOptions(tvb, pkt, t, 8, optLen);
  const off = 8 + optLen;
  t.setLen(off);
  const next = tvb.sub(off);
  const h = tables.ethertype.get(ptype);
  if (!h || call(h, next, pkt, tree) === 0) call(dataHandle, next, pkt, tree);
  return tvb.remaining(0);
}

export const geneveHandle = handle('geneve', 'Geneve', dissectGeneve);
tables.udpPort.add(6081, geneveHandle);
