// BGP-4 (packet-bgp.c): TCP port 179. Each message starts with a 16-byte marker of ones, a length and a type;
// several messages may share a segment (each gets its own protocol item and Info entry) and one may span segments
// (TCP reassembly). The message bodies: OPEN (with optional parameters), UPDATE (withdrawn routes, path
// attributes, NLRI), NOTIFICATION, ROUTE-REFRESH.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { ipv4ToStr } from './address.js';
import { expertAdd, expertField } from './expert.js';
import { showException } from './frame.js';
import { Group, type Packet, Severity } from './packet.js';
import { handle, tables } from './tables.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

export const proto = registerProtocol('bgp', 'Border Gateway Protocol', 'BGP');

const HEADER = 19, MARKER = 16, MAX_PDU = 65535;

const TYPES = new Map<number, string>([
  [1, 'OPEN Message'], [2, 'UPDATE Message'], [3, 'NOTIFICATION Message'], [4, 'KEEPALIVE Message'],
  [5, 'ROUTE-REFRESH Message'], [6, 'CAPABILITY Message'], [128, 'Cisco ROUTE-REFRESH Message'],
]);
const MAJOR_ERRORS = new Map<number, string>([
  [1, 'Message Header Error'], [2, 'OPEN Message Error'], [3, 'UPDATE Message Error'], [4, 'Hold Timer Expired'],
  [5, 'Finite State Machine Error'], [6, 'Cease'], [7, 'CAPABILITY Message Error'],
]);
const MINOR_HEADER = new Map<number, string>([[1, 'Connection Not Synchronized'], [2, 'Bad Message Length'], [3, 'Bad Message Type']]);
const MINOR_OPEN = new Map<number, string>([
  [1, 'Unsupported Version Number'], [2, 'Bad Peer AS'], [3, 'Bad BGP Identifier'], [4, 'Unsupported Optional Parameter'],
  [5, 'Authentication Failure'], [6, 'Unacceptable Hold Time'], [7, 'Unsupported Capability'],
]);
const MINOR_UPDATE = new Map<number, string>([
  [1, 'Malformed Attribute List'], [2, 'Unrecognized Well-known Attribute'], [3, 'Missing Well-known Attribute'],
  [4, 'Attribute Flags Error'], [5, 'Attribute Length Error'], [6, 'Invalid ORIGIN Attribute'], [7, 'AS Routing Loop'],
  [8, 'Invalid NEXT_HOP Attribute'], [9, 'Optional Attribute Error'], [10, 'Invalid Network Field'], [11, 'Malformed AS_PATH'],
]);
const MINOR_CEASE = new Map<number, string>([
  [1, 'Maximum Number of Prefixes Reached'], [2, 'Administratively Shutdown'], [3, 'Peer De-configured'],
  [4, 'Administratively Reset'], [5, 'Connection Rejected'], [6, 'Other Configuration Change'],
  [7, 'Connection Collision Resolution'], [8, 'Out of Resources'], [9, 'Hard Reset'], [10, 'BFD Down'],
]);
const MINOR_CAPABILITY = new Map<number, string>([
  [1, 'Invalid Action Value'], [2, 'Invalid Capability Length'], [3, 'Malformed Capability Value'], [4, 'Unsupported Capability Code'],
]);
const ATTR_TYPES = new Map<number, string>([
  [1, 'ORIGIN'], [2, 'AS_PATH'], [3, 'NEXT_HOP'], [4, 'MULTI_EXIT_DISC'], [5, 'LOCAL_PREF'], [6, 'ATOMIC_AGGREGATE'],
  [7, 'AGGREGATOR'], [8, 'COMMUNITIES'], [9, 'ORIGINATOR_ID'], [10, 'CLUSTER_LIST'], [14, 'MP_REACH_NLRI'],
  [15, 'MP_UNREACH_NLRI'], [16, 'EXTENDED_COMMUNITIES'], [17, 'AS4_PATH'], [18, 'AS4_AGGREGATOR'],
  [22, 'PMSI_TUNNEL_ATTRIBUTE'], [23, 'TUNNEL_ENCAPSULATION_ATTRIBUTE'], [26, 'AIGP'], [29, 'BGP-LS Attribute'],
  [32, 'LARGE_COMMUNITY'], [33, 'BGPsec_PATH'], [35, 'OTC'], [40, 'BGP Prefix-SID'], [128, 'ATTR_SET'],
]);
const ORIGINS = new Map<number, string>([[0, 'IGP'], [1, 'EGP'], [2, 'INCOMPLETE']]);
const OPT_PARAM_TYPES = new Map<number, string>([[1, 'Authentication (deprecated)'], [2, 'Capability'], [255, 'Extended Length']]);
const AFI_NAMES = new Map<number, string>([[1, 'IPv4'], [2, 'IPv6'], [25, 'Layer-2 VPN'], [16388, 'BGP-LS']]);
const SAFI_NAMES = new Map<number, string>([
  [1, 'Unicast'], [2, 'Multicast'], [4, 'Labeled Unicast'], [5, 'MCAST-VPN'], [65, 'VPLS'], [70, 'EVPN'],
  [71, 'BGP-LS'], [72, 'BGP-LS-VPN'], [73, 'SR TE Policy SAFI'], [128, 'Labeled VPN Unicast'],
  [129, 'Labeled VPN Multicast'], [132, 'Route Target Filter'], [133, 'Flow Spec Filter'], [134, 'Flow Spec Filter VPN'],
]);
const RR_SUBTYPES = new Map<number, string>([[0, 'Normal route refresh request [RFC2918] with/without ORF [RFC5291]'], [1, 'Demarcation of the beginning of a route refresh (BoRR) operation'], [2, 'Demarcation of the ending of a route refresh (EoRR) operation']]);

export const hf = registerFields(proto, {
  marker: { abbrev: 'bgp.marker', name: 'Marker', type: FT.BYTES },
  continuation: { abbrev: 'bgp.continuation', name: 'Continuation', type: FT.NONE },
  length: { abbrev: 'bgp.length', name: 'Length', type: FT.UINT16, base: BASE.DEC },
  type: { abbrev: 'bgp.type', name: 'Type', type: FT.UINT8, base: BASE.DEC, strings: TYPES },
  open_version: { abbrev: 'bgp.open.version', name: 'Version', type: FT.UINT8, base: BASE.DEC },
  open_myas: { abbrev: 'bgp.open.myas', name: 'My AS', type: FT.UINT16, base: BASE.DEC },
  open_holdtime: { abbrev: 'bgp.open.holdtime', name: 'Hold Time', type: FT.UINT16, base: BASE.DEC },
  open_identifier: { abbrev: 'bgp.open.identifier', name: 'BGP Identifier', type: FT.IPv4 },
  open_opt_len: { abbrev: 'bgp.open.opt.len', name: 'Optional Parameters Length', type: FT.UINT8, base: BASE.DEC },
  open_opt: { abbrev: 'bgp.open.opt', name: 'Optional Parameters', type: FT.NONE },
  open_opt_param: { abbrev: 'bgp.open.opt.param', name: 'Optional Parameter', type: FT.NONE },
  open_opt_param_type: { abbrev: 'bgp.open.opt.param.type', name: 'Parameter Type', type: FT.UINT8, base: BASE.DEC, strings: OPT_PARAM_TYPES },
  open_opt_param_len: { abbrev: 'bgp.open.opt.param.len', name: 'Parameter Length', type: FT.UINT8, base: BASE.DEC },
  open_opt_param_unknown: { abbrev: 'bgp.open.opt.param.unknown', name: 'Unknown', type: FT.BYTES },
  withdrawn_len: { abbrev: 'bgp.update.withdrawn_routes.length', name: 'Withdrawn Routes Length', type: FT.UINT16, base: BASE.DEC },
  withdrawn_prefix: { abbrev: 'bgp.withdrawn_prefix', name: 'Withdrawn prefix', type: FT.IPv4 },
  attrs_len: { abbrev: 'bgp.update.total_path_attribute_length', name: 'Total Path Attribute Length', type: FT.UINT16, base: BASE.DEC },
  attr: { abbrev: 'bgp.update.path_attribute', name: 'Path Attribute', type: FT.NONE },
  attr_flags: { abbrev: 'bgp.update.path_attribute.flags', name: 'Flags', type: FT.UINT8, base: BASE.HEX },
  attr_flag_optional: { abbrev: 'bgp.update.path_attribute.flags.optional', name: 'Optional', type: FT.BOOLEAN, base: 8, mask: 0x80 },
  attr_flag_transitive: { abbrev: 'bgp.update.path_attribute.flags.transitive', name: 'Transitive', type: FT.BOOLEAN, base: 8, mask: 0x40 },
  attr_flag_partial: { abbrev: 'bgp.update.path_attribute.flags.partial', name: 'Partial', type: FT.BOOLEAN, base: 8, mask: 0x20 },
  attr_flag_extended: { abbrev: 'bgp.update.path_attribute.flags.extended_length', name: 'Extended-Length', type: FT.BOOLEAN, base: 8, mask: 0x10 },
  attr_flag_unused: { abbrev: 'bgp.update.path_attribute.flags.unused', name: 'Unused', type: FT.UINT8, base: BASE.HEX, mask: 0x0f },
  attr_type: { abbrev: 'bgp.update.path_attribute.type_code', name: 'Type Code', type: FT.UINT8, base: BASE.DEC, strings: ATTR_TYPES },
  attr_len: { abbrev: 'bgp.update.path_attribute.length', name: 'Length', type: FT.UINT16, base: BASE.DEC },
  attr_origin: { abbrev: 'bgp.update.path_attribute.origin', name: 'Origin', type: FT.UINT8, base: BASE.DEC, strings: ORIGINS },
  attr_next_hop: { abbrev: 'bgp.update.path_attribute.next_hop', name: 'Next hop', type: FT.IPv4 },
  attr_med: { abbrev: 'bgp.update.path_attribute.multi_exit_disc', name: 'Multiple exit discriminator', type: FT.UINT32, base: BASE.DEC },
  attr_local_pref: { abbrev: 'bgp.update.path_attribute.local_pref', name: 'Local preference', type: FT.UINT32, base: BASE.DEC },
  attr_value: { abbrev: 'bgp.update.path_attribute.value', name: 'Attribute value', type: FT.BYTES },
  nlri_prefix: { abbrev: 'bgp.nlri_prefix', name: 'NLRI prefix', type: FT.IPv4 },
  prefix_length: { abbrev: 'bgp.prefix_length', name: 'Prefix Length', type: FT.UINT8, base: BASE.DEC },
  notify_major: { abbrev: 'bgp.notify.major_error', name: 'Major error Code', type: FT.UINT8, base: BASE.DEC, strings: MAJOR_ERRORS },
  notify_minor_header: { abbrev: 'bgp.notify.minor_error', name: 'Minor error Code (Message Header)', type: FT.UINT8, base: BASE.DEC, strings: MINOR_HEADER },
  notify_minor_open: { abbrev: 'bgp.notify.minor_error_open', name: 'Minor error Code (Open Message)', type: FT.UINT8, base: BASE.DEC, strings: MINOR_OPEN },
  notify_minor_update: { abbrev: 'bgp.notify.minor_error_update', name: 'Minor error Code (Update Message)', type: FT.UINT8, base: BASE.DEC, strings: MINOR_UPDATE },
  notify_minor_expired: { abbrev: 'bgp.notify.minor_error_expired', name: 'Minor error Code (Hold Timer Expired)', type: FT.UINT8, base: BASE.DEC },
  notify_minor_state: { abbrev: 'bgp.notify.minor_error_state', name: 'Minor error Code (State Machine)', type: FT.UINT8, base: BASE.DEC },
  notify_minor_cease: { abbrev: 'bgp.notify.minor_error_cease', name: 'Minor error Code (Cease)', type: FT.UINT8, base: BASE.DEC, strings: MINOR_CEASE },
  notify_minor_capability: { abbrev: 'bgp.notify.minor_error_capability', name: 'Minor error Code (Capability Message)', type: FT.UINT8, base: BASE.DEC, strings: MINOR_CAPABILITY },
  notify_minor_unknown: { abbrev: 'bgp.notify.minor_error_unknown', name: 'Minor error Code (Unknown)', type: FT.UINT8, base: BASE.DEC },
  notify_data: { abbrev: 'bgp.notify.minor_data', name: 'Data', type: FT.BYTES },
  rr_afi: { abbrev: 'bgp.route_refresh.afi', name: 'Address family identifier (AFI)', type: FT.UINT16, base: BASE.DEC, strings: AFI_NAMES },
  rr_subtype: { abbrev: 'bgp.route_refresh.subtype', name: 'Subtype', type: FT.UINT8, base: BASE.DEC, strings: RR_SUBTYPES },
  rr_safi: { abbrev: 'bgp.route_refresh.safi', name: 'Subsequent address family identifier (SAFI)', type: FT.UINT8, base: BASE.DEC, strings: SAFI_NAMES },
});
const eiMarkerInvalid = expertField(proto, 'bgp.marker_invalid', Group.Protocol, Severity.Error, 'Marker is not all ones');
const eiLengthInvalid = expertField(proto, 'bgp.length.invalid', Group.Protocol, Severity.Error, 'Length is invalid');

/** An IPv4 prefix (length octet, then the significant bytes); returns the bytes used, -1 for a length over 32. */
function prefix4(tvb: Tvb, t: Item, off: number, hfAddr: typeof hf.nlri_prefix): number {
  const plen = tvb.u8(off);
  if (plen > 32) { t.addText(tvb, off, 1, `Prefix length ${plen} invalid (> 32)`); return -1; }
  const n = (plen + 7) >> 3;
  const addr = new Uint8Array(4);
  addr.set(tvb.bytes(off + 1, n));
  if (plen & 7) addr[n - 1]! &= (0xff << (8 - (plen & 7))) & 0xff;
  if (t.real) {
    const pt = t.addText(tvb, off, 1 + n, `${ipv4ToStr(addr)}/${plen}`);
    pt.add(hf.prefix_length, tvb, off, 1, plen);
    pt.add(hfAddr, tvb, off + 1, n, (addr[0]! << 24 | addr[1]! << 16 | addr[2]! << 8 | addr[3]!) >>> 0);
  }
  return 1 + n;
}

function dissectOpen(tvb: Tvb, t: Item): void {
  t.add(hf.open_version, tvb, 19, 1, tvb.u8(19));
  const myas = tvb.u16(20);
  const ai = t.add(hf.open_myas, tvb, 20, 2, myas);
  if (myas === 23456) ai.appendText(' (AS_TRANS)');
  t.add(hf.open_holdtime, tvb, 22, 2, tvb.u16(22));
  t.add(hf.open_identifier, tvb, 24, 4, tvb.u32(24));
  const optLen = tvb.u8(28);
  t.add(hf.open_opt_len, tvb, 28, 1, optLen);
  if (optLen === 0) return;
  const ot = t.add(hf.open_opt, tvb, 29, optLen, null);
  let p = 29;
  const end = 29 + optLen;
  while (p < end) {
    const ptype = tvb.u8(p), plen = tvb.u8(p + 1);
    const pi = ot.add(hf.open_opt_param, tvb, p, 2 + plen, null);
    if (pi.real) pi.setText(`Optional Parameter: ${OPT_PARAM_TYPES.get(ptype) ?? 'Unknown'}`);
    pi.add(hf.open_opt_param_type, tvb, p, 1, ptype);
    pi.add(hf.open_opt_param_len, tvb, p + 1, 1, plen);
    if (plen) pi.add(hf.open_opt_param_unknown, tvb, p + 2, plen, tvb.bytes(p + 2, plen));
    p += 2 + plen;
  }
}

function dissectUpdate(tvb: Tvb, t: Item): void {
  const wlen = tvb.u16(19);
  t.add(hf.withdrawn_len, tvb, 19, 2, wlen);
  let p = 21;
  if (wlen) {
    const wt = t.addText(tvb, p, wlen, `Withdrawn Routes: ${wlen} bytes`);
    const end = p + wlen;
    while (p < end) {
      const n = prefix4(tvb, wt, p, hf.withdrawn_prefix);
      if (n < 0) return;
      p += n;
    }
    p = end;
  }
  const alen = tvb.u16(p);
  t.add(hf.attrs_len, tvb, p, 2, alen);
  p += 2;
  if (alen) {
    const at = t.addText(tvb, p, alen, 'Path attributes');
    const end = p + alen;
    while (p < end) {
      const flags = tvb.u8(p), type = tvb.u8(p + 1);
      const ext = (flags & 0x10) !== 0;
      const len = ext ? tvb.u16(p + 2) : tvb.u8(p + 2);
      const hl = ext ? 4 : 3;
      const name = ATTR_TYPES.get(type) ?? 'Unknown';
      const ai = at.add(hf.attr, tvb, p, hl + len, null);
      if (ai.real) {
        ai.setText(`Path Attribute - ${name}`);
        const fi = ai.add(hf.attr_flags, tvb, p, 1, flags).setText(`Flags: 0x${flags.toString(16).padStart(2, '0')}`);
        fi.add(hf.attr_flag_optional, tvb, p, 1, (flags & 0x80) !== 0);
        fi.add(hf.attr_flag_transitive, tvb, p, 1, (flags & 0x40) !== 0);
        fi.add(hf.attr_flag_partial, tvb, p, 1, (flags & 0x20) !== 0);
        fi.add(hf.attr_flag_extended, tvb, p, 1, ext);
        fi.add(hf.attr_flag_unused, tvb, p, 1, flags & 0x0f);
        ai.add(hf.attr_type, tvb, p + 1, 1, type);
        ai.add(hf.attr_len, tvb, p + 2, hl - 2, len);
        const v = p + hl;
        if (type === 1 && len === 1) ai.add(hf.attr_origin, tvb, v, 1, tvb.u8(v));
        else if (type === 3 && len === 4) ai.add(hf.attr_next_hop, tvb, v, 4, tvb.u32(v));
        else if (type === 4 && len === 4) ai.add(hf.attr_med, tvb, v, 4, tvb.u32(v));
        else if (type === 5 && len === 4) ai.add(hf.attr_local_pref, tvb, v, 4, tvb.u32(v));
        else if (len > 0) ai.add(hf.attr_value, tvb, v, len, tvb.bytes(v, len));
      }
      p += hl + len;
    }
    p = end;
  }
  const nlen = tvb.reported - p;
  if (nlen > 0) {
    const nt = t.addText(tvb, p, nlen, 'Network Layer Reachability Information (NLRI)');
    while (p < tvb.reported) {
      const n = prefix4(tvb, nt, p, hf.nlri_prefix);
      if (n < 0) return;
      p += n;
    }
  }
}

function dissectNotification(tvb: Tvb, t: Item): void {
  const major = tvb.u8(19), minor = tvb.u8(20);
  t.add(hf.notify_major, tvb, 19, 1, major);
  const minorHf = major === 1 ? hf.notify_minor_header : major === 2 ? hf.notify_minor_open : major === 3 ? hf.notify_minor_update
    : major === 4 ? hf.notify_minor_expired : major === 5 ? hf.notify_minor_state : major === 6 ? hf.notify_minor_cease
      : major === 7 ? hf.notify_minor_capability : hf.notify_minor_unknown;
  t.add(minorHf, tvb, 20, 1, minor);
  const dlen = tvb.reported - 21;
  if (dlen > 0) t.add(hf.notify_data, tvb, 21, dlen, tvb.bytes(21, dlen));
}

function dissectRouteRefresh(tvb: Tvb, t: Item): void {
  t.add(hf.rr_afi, tvb, 19, 2, tvb.u16(19));
  t.add(hf.rr_subtype, tvb, 21, 1, tvb.u8(21));
  t.add(hf.rr_safi, tvb, 22, 1, tvb.u8(22));
}

function dissectPdu(tvb: Tvb, pkt: Packet, tree: Item, first: boolean): void {
  const len = tvb.u16(MARKER), type = tvb.u8(MARKER + 2);
  const typ = TYPES.get(type) ?? `Unknown message type (0x${type.toString(16).padStart(2, '0')})`;
  if (first) pkt.info.set(typ); else pkt.info.append(`, ${typ}`);
  const t = tree.add(proto, tvb, 0, -1, null);
  if (t.real) t.appendText(` - ${typ}`);
  const mi = t.add(hf.marker, tvb, 0, MARKER, tvb.bytes(0, MARKER));
  for (let i = 0; i < MARKER; i++) if (tvb.u8(i) !== 0xff) { expertAdd(pkt, mi, eiMarkerInvalid); break; }
  const li = t.add(hf.length, tvb, MARKER, 2, len);
  if (len < HEADER || len > MAX_PDU) { expertAdd(pkt, li, eiLengthInvalid, `Length is invalid ${len}`); return; }
  t.add(hf.type, tvb, MARKER + 2, 1, type);
  switch (type) {
    case 1: dissectOpen(tvb, t); break;
    case 2: dissectUpdate(tvb, t); break;
    case 3: dissectNotification(tvb, t); break;
    case 5: case 128: dissectRouteRefresh(tvb, t); break;
    default: break;
  }
}

function isMarker(tvb: Tvb, off: number): boolean {
  for (let i = 0; i < MARKER; i++) if (tvb.u8(off + i) !== 0xff) return false;
  return true;
}

function dissectBgp(tvb: Tvb, pkt: Packet, tree: Item): number {
  pkt.protocol.set('BGP');
  pkt.info.clear();
  let off = 0, first = true;
  // no marker anywhere: the middle of a message (packet-bgp.c shows it as a continuation)
  let found = false;
  for (let o = 0; o + MARKER <= tvb.remaining(0); o++) if (isMarker(tvb, o)) { found = true; off = o; break; }
  if (!found) {
    const t = tree.add(proto, tvb, 0, -1, null);
    t.add(hf.continuation, tvb, 0, -1, null);
    return tvb.remaining(0);
  }
  let rem: number;
  while ((rem = tvb.reportedRemaining(off)) > 0) {
    if (rem > HEADER) rem = HEADER;
    // a header not all here: ask TCP for the rest
    if (pkt.canDesegment && rem < HEADER) {
      pkt.desegmentOffset = off; pkt.desegmentLen = HEADER - rem;
      return tvb.remaining(0);
    }
    if (!isMarker(tvb, off)) { off++; continue; }
    const len = tvb.u16(off + MARKER);
    if (pkt.canDesegment && tvb.reportedRemaining(off) < len) {
      pkt.desegmentOffset = off; pkt.desegmentLen = len - tvb.reportedRemaining(off);
      return tvb.remaining(0);
    }
    const next = tvb.sub(off, Math.min(len, tvb.reportedRemaining(off)));
    const saved = pkt.currentProto;
    try {
      dissectPdu(next, pkt, tree, first);
    } catch (e) {
      showException(e, tvb, pkt, tree);
      pkt.currentProto = saved;
    }
    first = false;
    const before = off;
    off += len;
    if (off <= before) break;
  }
  return tvb.remaining(0);
}

export const bgpHandle = handle('bgp', 'BGP', dissectBgp);
tables.tcpPort.add(179, bgpHandle);
