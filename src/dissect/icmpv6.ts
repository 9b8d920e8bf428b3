// ICMPv6 (packet-icmpv6.c): echo with request/response tracking, errors with the offending packet,
// neighbour discovery (RS/RA/NS/NA/redirect) with their options, MLD and MLDv2 reports.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { AT, etherToStr, ipv6ToStr } from './address.js';
import { onesSum } from './cksum.js';
import { dataHandle } from './data.js';
import { expertField } from './expert.js';
import { addChecksum, dissectInner, keyAddrs, trackEcho } from './icmp.js';
import { ip6Ctx, pseudoSum6 } from './ipv6.js';
import { ICMPV6_OPT_TYPES, ICMPV6_TYPES } from './net-values.js';
import { Group, type Packet, Severity } from './packet.js';
import { call, handle, tables } from './tables.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

export const proto = registerProtocol('icmpv6', 'Internet Control Message Protocol v6', 'ICMPv6');
const CODES: Record<number, Map<number, string>> = {
  1: new Map([[0, 'no route to destination'], [1, 'Administratively prohibited'], [2, 'Beyond scope of source address'],
    [3, 'Address unreachable'], [4, 'Port unreachable'], [5, 'Source address failed ingress/egress policy'], [6, 'Reject route to destination'],
    [7, 'Error in Source Routing Header']]),
  3: new Map([[0, 'hop limit exceeded in transit'], [1, 'fragment reassembly time exceeded']]),
  4: new Map([[0, 'erroneous header field encountered'], [1, 'unrecognized Next Header type encountered'], [2, 'unrecognized IPv6 option encountered'],
    [3, 'IPv6 First Fragment has incomplete IPv6 Header Chain']]),
  138: new Map([[0, 'Command'], [1, 'Result'], [255, 'Sequence number reset']]),
  139: new Map([[0, 'Query subject = IPv6 addresses'], [1, 'Query subject = Name'], [2, 'Query subject = IPv4 addresses']]),
  140: new Map([[0, 'Successful'], [1, 'Refused'], [2, 'Unknown query type']]),
  155: new Map([[0x00, 'DODAG Information Solicitation'], [0x01, 'DODAG Information Object'], [0x02, 'Destination Advertisement Object'],
    [0x03, 'Destination Advertisement Object Acknowledgment'], [0x80, 'Secure DODAG Information Solicitation'], [0x81, 'Secure DODAG Information Object'],
    [0x82, 'Secure Destination Advertisement Object'], [0x83, 'Secure Destination Advertisement Object Acknowledgment'], [0x8a, 'Consistency Check']]),
  160: new Map([[0, 'No error']]),
  161: new Map([[0, 'No error'], [1, 'Malformed Query'], [2, 'No Such Interface'], [3, 'No Such Table Entry'], [4, 'Multiple Interfaces Satisfy Query']]),
};
const MLDR_TYPES = new Map([[1, 'Mode is include'], [2, 'Mode is exclude'], [3, 'Changed to include'], [4, 'Changed to exclude'], [5, 'Allow new sources'], [6, 'Block old sources']]);
const STATUS = new Map([[0, 'Bad'], [1, 'Good'], [2, 'Unverified'], [3, 'Not present']]);
export const hf = registerFields(proto, {
  mip6_identifier: { abbrev: 'icmpv6.mip6.identifier', name: 'Identifier', type: FT.UINT16, base: BASE.DEC_HEX },
  mip6_home_agent: { abbrev: 'icmpv6.mip6.home_agent_address', name: 'Home Agent Address', type: FT.IPv6 },
  mip6_flag: { abbrev: 'icmpv6.mip6.flag', name: 'Flags', type: FT.UINT16, base: BASE.HEX },
  mip6_flag_m: { abbrev: 'icmpv6.mip6.flag.m', name: 'Managed address configuration', type: FT.BOOLEAN, base: 16, mask: 0x8000, tfs: { t: 'Set', f: 'Not set' } },
  mip6_flag_o: { abbrev: 'icmpv6.mip6.flag.o', name: 'Other configuration', type: FT.BOOLEAN, base: 16, mask: 0x4000, tfs: { t: 'Set', f: 'Not set' } },
  mip6_flag_rsv: { abbrev: 'icmpv6.mip6.flag.rsv', name: 'Reserved', type: FT.UINT16, base: BASE.DEC, mask: 0x3fff },
  type: { abbrev: 'icmpv6.type', name: 'Type', type: FT.UINT8, base: BASE.DEC, strings: ICMPV6_TYPES },
  code: { abbrev: 'icmpv6.code', name: 'Code', type: FT.UINT8, base: BASE.DEC },
  checksum: { abbrev: 'icmpv6.checksum', name: 'Checksum', type: FT.UINT16, base: BASE.HEX },
  checksum_status: { abbrev: 'icmpv6.checksum.status', name: 'Checksum Status', type: FT.UINT8, base: BASE.NONE, strings: STATUS },
  reserved: { abbrev: 'icmpv6.reserved', name: 'Reserved', type: FT.BYTES },
  unused: { abbrev: 'icmpv6.unused', name: 'Unused', type: FT.BYTES },
  mtu: { abbrev: 'icmpv6.mtu', name: 'MTU', type: FT.UINT32, base: BASE.DEC },
  pointer: { abbrev: 'icmpv6.pointer', name: 'Pointer', type: FT.UINT32, base: BASE.DEC },
  echo_id: { abbrev: 'icmpv6.echo.identifier', name: 'Identifier', type: FT.UINT16, base: BASE.HEX },
  echo_seq: { abbrev: 'icmpv6.echo.sequence_number', name: 'Sequence', type: FT.UINT16, base: BASE.DEC },
  resp_in: { abbrev: 'icmpv6.resp_in', name: 'Response In', type: FT.FRAMENUM },
  resp_to: { abbrev: 'icmpv6.resp_to', name: 'Response To', type: FT.FRAMENUM },
  resptime: { abbrev: 'icmpv6.resptime', name: 'Response Time', type: FT.DOUBLE },
  nd_ns_target: { abbrev: 'icmpv6.nd.ns.target_address', name: 'Target Address', type: FT.IPv6 },
  nd_na_flag: { abbrev: 'icmpv6.nd.na.flag', name: 'Flags', type: FT.UINT32, base: BASE.HEX },
  nd_na_flag_r: { abbrev: 'icmpv6.nd.na.flag.r', name: 'Router', type: FT.BOOLEAN, base: 32, mask: 0x80000000, tfs: { t: 'Set', f: 'Not set' } },
  nd_na_flag_s: { abbrev: 'icmpv6.nd.na.flag.s', name: 'Solicited', type: FT.BOOLEAN, base: 32, mask: 0x40000000, tfs: { t: 'Set', f: 'Not set' } },
  nd_na_flag_o: { abbrev: 'icmpv6.nd.na.flag.o', name: 'Override', type: FT.BOOLEAN, base: 32, mask: 0x20000000, tfs: { t: 'Set', f: 'Not set' } },
  nd_na_flag_rsv: { abbrev: 'icmpv6.nd.na.flag.rsv', name: 'Reserved', type: FT.UINT32, base: BASE.DEC, mask: 0x1fffffff },
  nd_na_target: { abbrev: 'icmpv6.nd.na.target_address', name: 'Target Address', type: FT.IPv6 },
  nd_ra_cur_hop_limit: { abbrev: 'icmpv6.nd.ra.cur_hop_limit', name: 'Cur hop limit', type: FT.UINT8, base: BASE.DEC },
  nd_ra_flag: { abbrev: 'icmpv6.nd.ra.flag', name: 'Flags', type: FT.UINT8, base: BASE.HEX },
  nd_ra_flag_m: { abbrev: 'icmpv6.nd.ra.flag.m', name: 'Managed address configuration', type: FT.BOOLEAN, base: 8, mask: 0x80, tfs: { t: 'Set', f: 'Not set' } },
  nd_ra_flag_o: { abbrev: 'icmpv6.nd.ra.flag.o', name: 'Other configuration', type: FT.BOOLEAN, base: 8, mask: 0x40, tfs: { t: 'Set', f: 'Not set' } },
  nd_ra_flag_h: { abbrev: 'icmpv6.nd.ra.flag.h', name: 'Home Agent', type: FT.BOOLEAN, base: 8, mask: 0x20, tfs: { t: 'Set', f: 'Not set' } },
  nd_ra_flag_prf: { abbrev: 'icmpv6.nd.ra.flag.prf', name: 'Prf (Default Router Preference)', type: FT.UINT8, base: BASE.DEC, mask: 0x18,
    strings: new Map([[0, 'Medium'], [1, 'High'], [2, 'Reserved'], [3, 'Low']]) },
  nd_ra_flag_p: { abbrev: 'icmpv6.nd.ra.flag.p', name: 'Proxy', type: FT.BOOLEAN, base: 8, mask: 0x04, tfs: { t: 'Set', f: 'Not set' } },
  nd_ra_flag_rsv: { abbrev: 'icmpv6.nd.ra.flag.rsv', name: 'Reserved', type: FT.UINT8, base: BASE.DEC, mask: 0x03 },
  nd_ra_router_lifetime: { abbrev: 'icmpv6.nd.ra.router_lifetime', name: 'Router lifetime (s)', type: FT.UINT16, base: BASE.DEC },
  nd_ra_reachable_time: { abbrev: 'icmpv6.nd.ra.reachable_time', name: 'Reachable time (ms)', type: FT.UINT32, base: BASE.DEC },
  nd_ra_retrans_timer: { abbrev: 'icmpv6.nd.ra.retrans_timer', name: 'Retrans timer (ms)', type: FT.UINT32, base: BASE.DEC },
  nd_rd_target: { abbrev: 'icmpv6.nd.rd.target_address', name: 'Target Address', type: FT.IPv6 },
  nd_rd_destination: { abbrev: 'icmpv6.nd.rd.destination_address', name: 'Destination Address', type: FT.IPv6 },
  opt: { abbrev: 'icmpv6.opt', name: 'ICMPv6 Option', type: FT.NONE },
  opt_type: { abbrev: 'icmpv6.opt.type', name: 'Type', type: FT.UINT8, base: BASE.DEC, strings: ICMPV6_OPT_TYPES },
  opt_length: { abbrev: 'icmpv6.opt.length', name: 'Length', type: FT.UINT8, base: BASE.DEC },
  opt_linkaddr: { abbrev: 'icmpv6.opt.linkaddr', name: 'Link-layer address', type: FT.ETHER },
  opt_src_linkaddr: { abbrev: 'icmpv6.opt.src_linkaddr', name: 'Source Link-layer address', type: FT.ETHER },
  opt_target_linkaddr: { abbrev: 'icmpv6.opt.target_linkaddr', name: 'Target Link-layer address', type: FT.ETHER },
  opt_linkaddr_other: { abbrev: 'icmpv6.opt.linkaddr_other', name: 'Link-layer address', type: FT.BYTES },
  opt_prefix_len: { abbrev: 'icmpv6.opt.prefix.length', name: 'Prefix Length', type: FT.UINT8, base: BASE.DEC },
  opt_prefix_flag: { abbrev: 'icmpv6.opt.prefix.flag', name: 'Flag', type: FT.UINT8, base: BASE.HEX },
  opt_prefix_flag_l: { abbrev: 'icmpv6.opt.prefix.flag.l', name: 'On-link flag(L)', type: FT.BOOLEAN, base: 8, mask: 0x80, tfs: { t: 'Set', f: 'Not set' } },
  opt_prefix_flag_a: { abbrev: 'icmpv6.opt.prefix.flag.a', name: 'Autonomous address-configuration flag(A)', type: FT.BOOLEAN, base: 8, mask: 0x40, tfs: { t: 'Set', f: 'Not set' } },
  opt_prefix_flag_r: { abbrev: 'icmpv6.opt.prefix.flag.r', name: 'Router address flag(R)', type: FT.BOOLEAN, base: 8, mask: 0x20, tfs: { t: 'Set', f: 'Not set' } },
  opt_prefix_flag_rsv: { abbrev: 'icmpv6.opt.prefix.flag.reserved', name: 'Reserved', type: FT.UINT8, base: BASE.DEC, mask: 0x1f },
  opt_prefix_valid: { abbrev: 'icmpv6.opt.prefix.valid_lifetime', name: 'Valid Lifetime', type: FT.UINT32, base: BASE.DEC },
  opt_prefix_pref: { abbrev: 'icmpv6.opt.prefix.preferred_lifetime', name: 'Preferred Lifetime', type: FT.UINT32, base: BASE.DEC },
  opt_prefix: { abbrev: 'icmpv6.opt.prefix', name: 'Prefix', type: FT.IPv6 },
  opt_mtu: { abbrev: 'icmpv6.opt.mtu', name: 'MTU', type: FT.UINT32, base: BASE.DEC },
  opt_reserved: { abbrev: 'icmpv6.opt.reserved', name: 'Reserved', type: FT.BYTES },
  opt_data: { abbrev: 'icmpv6.opt.data', name: 'Data', type: FT.BYTES },
  mld_nb_mcast_records: { abbrev: 'icmpv6.mldr.nb_mcast_records', name: 'Number of Multicast Address Records', type: FT.UINT16, base: BASE.DEC },
  mldr_mar: { abbrev: 'icmpv6.mldr.mar', name: 'Multicast Address Record', type: FT.NONE },
  mldr_mar_type: { abbrev: 'icmpv6.mldr.mar.record_type', name: 'Record Type', type: FT.UINT8, base: BASE.DEC, strings: MLDR_TYPES },
  mldr_mar_aux: { abbrev: 'icmpv6.mldr.mar.aux_data_len', name: 'Aux Data Len', type: FT.UINT8, base: BASE.DEC },
  mldr_mar_nb_sources: { abbrev: 'icmpv6.mldr.mar.nb_sources', name: 'Number of Sources', type: FT.UINT16, base: BASE.DEC },
  mldr_mar_addr: { abbrev: 'icmpv6.mldr.mar.multicast_address', name: 'Multicast Address', type: FT.IPv6 },
  mldr_mar_src: { abbrev: 'icmpv6.mldr.mar.source_address', name: 'Source Address', type: FT.IPv6 },
  mld_mrd: { abbrev: 'icmpv6.mld.maximum_response_delay', name: 'Maximum Response Delay [ms]', type: FT.UINT16, base: BASE.DEC },
  mld_addr: { abbrev: 'icmpv6.mld.multicast_address', name: 'Multicast Address', type: FT.IPv6 },
});
const eiBadCksum = expertField(proto, 'icmpv6.checksum_bad', Group.Checksum, Severity.Warn, 'Bad checksum');

function typeName(t: number): string { return ICMPV6_TYPES.get(t) ?? 'Unknown ICMPv6 type'; }

/** ND options from `off` to the end; returns the link-layer address of a source/target option (for Info). */
function ndOptions(tvb: Tvb, off: number, pkt: Packet, t: Item): string | null {
  let lla: string | null = null;
  while (tvb.reportedRemaining(off) > 0) {
    const type = tvb.u8(off), len = tvb.u8(off + 1), n = len * 8;
    const name = ICMPV6_OPT_TYPES.get(type) ?? 'Unknown';
    const o = t.add(hf.opt, tvb, off, n, null).setText(`ICMPv6 Option (${name})`);
    o.add(hf.opt_type, tvb, off, 1, type);
    o.add(hf.opt_length, tvb, off + 1, 1, len).setText(`Length: ${len} (${n} bytes)`);
    if (len === 0) break;
    tvb.check(off, n);
    const d = off + 2;
    switch (type) {
      case 1: case 2:
        if (n - 2 === 6) {
          const a = tvb.bytes(d, 6), s = etherToStr(a);
          lla = s;
          if (o.real) {
            o.setText(`ICMPv6 Option (${name} : ${s})`);
            o.add(hf.opt_linkaddr, tvb, d, 6, a);
            o.add(type === 1 ? hf.opt_src_linkaddr : hf.opt_target_linkaddr, tvb, d, 6, a).hidden();
          }
        } else o.add(hf.opt_linkaddr_other, tvb, d, n - 2, tvb.bytes(d, n - 2));
        break;
      case 3: {
        const flags = tvb.u8(d + 1);
        o.add(hf.opt_prefix_len, tvb, d, 1, tvb.u8(d));
        if (o.real) {
          const names = [flags & 0x80 ? 'On-link' : '', flags & 0x40 ? 'Auto' : '', flags & 0x20 ? 'Router' : ''].filter(Boolean);
          const fi = o.add(hf.opt_prefix_flag, tvb, d + 1, 1, flags).setText(`Flag: 0x${flags.toString(16).padStart(2, '0')}${names.length ? ', ' + names.join(', ') : ''}`);
          fi.add(hf.opt_prefix_flag_l, tvb, d + 1, 1, (flags & 0x80) !== 0);
          fi.add(hf.opt_prefix_flag_a, tvb, d + 1, 1, (flags & 0x40) !== 0);
          fi.add(hf.opt_prefix_flag_r, tvb, d + 1, 1, (flags & 0x20) !== 0);
          fi.add(hf.opt_prefix_flag_rsv, tvb, d + 1, 1, flags & 0x1f);
          o.add(hf.opt_prefix_valid, tvb, d + 2, 4, tvb.u32(d + 2)).setText(`Valid Lifetime: ${lifetime(tvb.u32(d + 2))}`);
          o.add(hf.opt_prefix_pref, tvb, d + 6, 4, tvb.u32(d + 6)).setText(`Preferred Lifetime: ${lifetime(tvb.u32(d + 6))}`);
          o.add(hf.opt_reserved, tvb, d + 10, 4, tvb.bytes(d + 10, 4));
          const p = tvb.bytes(d + 14, 16);
          o.add(hf.opt_prefix, tvb, d + 14, 16, p);
          o.setText(`ICMPv6 Option (Prefix information : ${ipv6ToStr(p)}/${tvb.u8(d)})`);
        }
        break;
      }
      case 5:
        o.add(hf.opt_reserved, tvb, d, 2, tvb.bytes(d, 2));
        o.add(hf.opt_mtu, tvb, d + 2, 4, tvb.u32(d + 2));
        break;
      default:
        if (n > 2) o.add(hf.opt_data, tvb, d, n - 2, tvb.bytes(d, n - 2));
    }
    off += n;
  }
  void pkt;
  return lla;
}
function lifetime(v: number): string { return v === 0xffffffff ? 'Infinity (4294967295)' : String(v); }

function dissectIcmpv6(tvb: Tvb, pkt: Packet, tree: Item): number {
  pkt.protocol.set('ICMPv6');
  pkt.info.clear();
  const t = tree.add(proto, tvb, 0, -1, null);
  const type = tvb.u8(0), code = tvb.u8(1);
  const tname = typeName(type);
  const codes = CODES[type];
  // (unknown codes: "Unknown" for Destination Unreachable, "Unknown (N)" for the others, as packet-icmpv6.c)
  const codeName = codes ? codes.get(code) ?? (type === 1 ? 'Unknown' : `Unknown (${code})`) : null;
  if (t.real) {
    t.add(hf.type, tvb, 0, 1, type);
    t.add(hf.code, tvb, 1, 1, code).setText(codeName ? `Code: ${code} (${codeName})` : `Code: ${code}`);
  }
  pkt.info.set(ICMPV6_TYPES.get(type) ?? `Unknown (${type})`);
  if (codeName) pkt.info.append(` (${codeName})`);
  const cks = tvb.u16(2);
  const len = tvb.reportedRemaining(0);
  let sum: number | null = null;
  if (ip6Ctx.valid && tvb.remaining(0) >= len && !pkt.fragmented) {
    // The pseudo-header takes the final destination (a routing header may have named it).
    const d = pkt.dst.type === AT.IPv6 && pkt.dst.data ? pkt.dst.data : ip6Ctx.dst;
    const s6 = pkt.src.type === AT.IPv6 && pkt.src.data ? pkt.src.data : ip6Ctx.src;
    sum = onesSum(tvb.buf, tvb.off, len, pseudoSum6(s6, d, len, 58));
  }
  addChecksum(tvb, pkt, t, 2, cks, sum, hf.checksum, hf.checksum_status, eiBadCksum);
  switch (type) {
    case 1: case 3:
      t.add(hf.reserved, tvb, 4, 4, tvb.bytes(4, 4));
      if (tvb.reportedRemaining(8) > 0) dissectInner(tables.ethertype.get(0x86dd), tvb.sub(8), pkt, t);
      break;
    case 2:
      t.add(hf.mtu, tvb, 4, 4, tvb.u32(4));
      if (tvb.reportedRemaining(8) > 0) dissectInner(tables.ethertype.get(0x86dd), tvb.sub(8), pkt, t);
      break;
    case 4:
      t.add(hf.pointer, tvb, 4, 4, tvb.u32(4));
      if (tvb.reportedRemaining(8) > 0) dissectInner(tables.ethertype.get(0x86dd), tvb.sub(8), pkt, t);
      break;
    case 128: case 129: {
      const id = tvb.u16(4), seq = tvb.u16(6);
      t.add(hf.echo_id, tvb, 4, 2, id);
      t.add(hf.echo_seq, tvb, 6, 2, seq);
      pkt.info.append(` id=0x${id.toString(16).padStart(4, '0')}, seq=${seq}`);
      pkt.info.append(`, hop limit=${ip6HopLimit(pkt)}`);
      const key = `${type === 128 ? keyAddrs(pkt.src.data, pkt.dst.data) : keyAddrs(pkt.dst.data, pkt.src.data)}|6|${id}|${seq}`;
      const tr = trackEcho(key, type === 128, pkt);
      if (tr) {
        pkt.info.append(` (request in ${tr.req})`);
        if (t.real) {
          t.add(hf.resp_to, tvb, 0, 0, tr.req).setText(`Response To: ${tr.req}`).generated();
          const dt = (pkt.tsSec - tr.reqSec) * 1000 + (pkt.tsNsec - tr.reqNsec) / 1e6;
          t.add(hf.resptime, tvb, 0, 0, dt).setText(`Response Time: ${dt.toFixed(3)} ms`).generated();
        }
      }
      if (tvb.reportedRemaining(8) > 0) call(dataHandle, tvb.sub(8), pkt, t);
      break;
    }
    case 133: {
      t.add(hf.reserved, tvb, 4, 4, tvb.bytes(4, 4));
      const lla = ndOptions(tvb, 8, pkt, t);
      if (lla) pkt.info.append(` from ${lla}`);
      break;
    }
    case 134: {
      const hl = tvb.u8(4), fl = tvb.u8(5);
      t.add(hf.nd_ra_cur_hop_limit, tvb, 4, 1, hl);
      if (t.real) {
        const fi = t.add(hf.nd_ra_flag, tvb, 5, 1, fl).setText(`Flags: 0x${fl.toString(16).padStart(2, '0')}, Prf (Default Router Preference): ${['Medium', 'High', 'Reserved', 'Low'][(fl >> 3) & 3]}`);
        fi.add(hf.nd_ra_flag_m, tvb, 5, 1, (fl & 0x80) !== 0);
        fi.add(hf.nd_ra_flag_o, tvb, 5, 1, (fl & 0x40) !== 0);
        fi.add(hf.nd_ra_flag_h, tvb, 5, 1, (fl & 0x20) !== 0);
        fi.add(hf.nd_ra_flag_prf, tvb, 5, 1, (fl >> 3) & 3);
        fi.add(hf.nd_ra_flag_p, tvb, 5, 1, (fl & 4) !== 0);
        fi.add(hf.nd_ra_flag_rsv, tvb, 5, 1, fl & 3);
      }
      t.add(hf.nd_ra_router_lifetime, tvb, 6, 2, tvb.u16(6));
      t.add(hf.nd_ra_reachable_time, tvb, 8, 4, tvb.u32(8));
      t.add(hf.nd_ra_retrans_timer, tvb, 12, 4, tvb.u32(12));
      const lla = ndOptions(tvb, 16, pkt, t);
      if (lla) pkt.info.append(` from ${lla}`);
      break;
    }
    case 135: {
      t.add(hf.reserved, tvb, 4, 4, tvb.bytes(4, 4));
      const ta = tvb.bytes(8, 16);
      t.add(hf.nd_ns_target, tvb, 8, 16, ta);
      pkt.info.append(` for ${ipv6ToStr(ta)}`);
      const lla = ndOptions(tvb, 24, pkt, t);
      if (lla) pkt.info.append(` from ${lla}`);
      break;
    }
    case 136: {
      const fl = tvb.u32(4);
      const names = [fl & 0x80000000 ? 'Router' : '', fl & 0x40000000 ? 'Solicited' : '', fl & 0x20000000 ? 'Override' : ''].filter(Boolean);
      if (t.real) {
        const fi = t.add(hf.nd_na_flag, tvb, 4, 4, fl).setText(`Flags: 0x${fl.toString(16).padStart(8, '0')}${names.length ? ', ' + names.join(', ') : ''}`);
        fi.add(hf.nd_na_flag_r, tvb, 4, 4, (fl & 0x80000000) !== 0);
        fi.add(hf.nd_na_flag_s, tvb, 4, 4, (fl & 0x40000000) !== 0);
        fi.add(hf.nd_na_flag_o, tvb, 4, 4, (fl & 0x20000000) !== 0);
        fi.add(hf.nd_na_flag_rsv, tvb, 4, 4, fl & 0x1fffffff);
      }
      const ta = tvb.bytes(8, 16);
      t.add(hf.nd_na_target, tvb, 8, 16, ta);
      pkt.info.append(` ${ipv6ToStr(ta)}`);
      const short = [fl & 0x80000000 ? 'rtr' : '', fl & 0x40000000 ? 'sol' : '', fl & 0x20000000 ? 'ovr' : ''].filter(Boolean);
      if (short.length) pkt.info.append(` (${short.join(', ')})`);
      const lla = ndOptions(tvb, 24, pkt, t);
      if (lla) pkt.info.append(` is at ${lla}`);
      break;
    }
    case 137: {
      t.add(hf.reserved, tvb, 4, 4, tvb.bytes(4, 4));
      t.add(hf.nd_rd_target, tvb, 8, 16, tvb.bytes(8, 16));
      t.add(hf.nd_rd_destination, tvb, 24, 16, tvb.bytes(24, 16));
      ndOptions(tvb, 40, pkt, t);
      break;
    }
    case 130: case 131: case 132: {
      t.add(hf.mld_mrd, tvb, 4, 2, tvb.u16(4));
      t.add(hf.reserved, tvb, 6, 2, tvb.bytes(6, 2));
      t.add(hf.mld_addr, tvb, 8, 16, tvb.bytes(8, 16));
      break;
    }
    case 143: {
      t.add(hf.reserved, tvb, 4, 2, tvb.bytes(4, 2));
      const n = tvb.u16(6);
      t.add(hf.mld_nb_mcast_records, tvb, 6, 2, n);
      let off = 8;
      for (let i = 0; i < n; i++) {
        const rt = tvb.u8(off), aux = tvb.u8(off + 1), ns = tvb.u16(off + 2);
        const ma = tvb.bytes(off + 4, 16);
        const size = 20 + ns * 16 + aux * 4;
        const r = t.add(hf.mldr_mar, tvb, off, size, null);
        if (r.real) r.setText(`Multicast Address Record ${MLDR_TYPES.get(rt) ?? 'Unknown'}: ${ipv6ToStr(ma)}`);
        r.add(hf.mldr_mar_type, tvb, off, 1, rt);
        r.add(hf.mldr_mar_aux, tvb, off + 1, 1, aux);
        r.add(hf.mldr_mar_nb_sources, tvb, off + 2, 2, ns);
        r.add(hf.mldr_mar_addr, tvb, off + 4, 16, ma);
        for (let j = 0; j < ns; j++) r.add(hf.mldr_mar_src, tvb, off + 20 + 16 * j, 16, tvb.bytes(off + 20 + 16 * j, 16));
        off += size;
      }
      break;
    }
    case 144: case 145: case 146: case 147: { // Mobile IPv6: HA address discovery, mobile prefix solicitation/advertisement
      t.add(hf.mip6_identifier, tvb, 4, 2, tvb.u16(4));
      if (type === 147) {
        const fl = tvb.u16(6);
        if (t.real) {
          const fi = t.add(hf.mip6_flag, tvb, 6, 2, fl);
          fi.add(hf.mip6_flag_m, tvb, 6, 2, (fl & 0x8000) !== 0);
          fi.add(hf.mip6_flag_o, tvb, 6, 2, (fl & 0x4000) !== 0);
          fi.add(hf.mip6_flag_rsv, tvb, 6, 2, fl & 0x3fff);
        }
        ndOptions(tvb, 8, pkt, t);
        break;
      }
      t.add(hf.reserved, tvb, 6, 2, tvb.bytes(6, 2));
      if (type === 145) for (let off = 8; tvb.reported > off; off += 16) t.add(hf.mip6_home_agent, tvb, off, 16, tvb.bytes(off, 16));
      break;
    }
    default:
      if (tvb.reportedRemaining(4) > 0) call(dataHandle, tvb.sub(4), pkt, t);
  }
  return tvb.reportedRemaining(0);
}

/** The hop limit of the enclosing IPv6 header. */
function ip6HopLimit(_pkt: Packet): number { return ip6Ctx.hlim; }

export const icmpv6Handle = handle('icmpv6', 'ICMPv6', dissectIcmpv6);
tables.ipProto.add(58, icmpv6Handle);
