// IPv6 (packet-ipv6.c): fixed header, extension headers (hop-by-hop, routing, fragment, destination
// options), and dispatch on the final next header through the ip.proto table.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { AT, ipv6ToStr } from './address.js';
import { dataHandle } from './data.js';
import { setActualLength } from './eth.js';
import { expertAdd, expertField } from './expert.js';
import { showException } from './frame.js';
import { DSCP, dscpShort, ECN, ECN_SHORT, type IpTap } from './ipv4.js';
import { IP_PROTOS, ipProtoName } from './ipproto.js';
import { IPV6_OPT_TYPES, IPV6_ROUTING_TYPES } from './net-values.js';
import { Group, type Packet, Severity } from './packet.js';
import { call, handle, tables } from './tables.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

export const proto = registerProtocol('ipv6', 'Internet Protocol Version 6', 'IPv6');
export const hf = registerFields(proto, {
  version: { abbrev: 'ipv6.version', name: 'Version', type: FT.UINT8, base: BASE.DEC, mask: 0xf0 },
  // packet-ipv6.c registers its own hidden "ip.version" (so that ip.version == 6 matches), under ipv6
  ip_version: { abbrev: 'ip.version', name: 'Version', type: FT.UINT8, base: BASE.DEC, mask: 0xf0 },
  tclass: { abbrev: 'ipv6.tclass', name: 'Traffic Class', type: FT.UINT32, base: BASE.HEX, mask: 0x0ff00000 },
  tclass_dscp: { abbrev: 'ipv6.tclass.dscp', name: 'Differentiated Services Codepoint', type: FT.UINT32, base: BASE.DEC, mask: 0x0fc00000, strings: DSCP },
  tclass_ecn: { abbrev: 'ipv6.tclass.ecn', name: 'Explicit Congestion Notification', type: FT.UINT32, base: BASE.DEC, mask: 0x00300000, strings: ECN },
  flow: { abbrev: 'ipv6.flow', name: 'Flow Label', type: FT.UINT24, base: BASE.HEX, mask: 0xfffff },
  plen: { abbrev: 'ipv6.plen', name: 'Payload Length', type: FT.UINT16, base: BASE.DEC },
  nxt: { abbrev: 'ipv6.nxt', name: 'Next Header', type: FT.UINT8, base: BASE.DEC, strings: IP_PROTOS },
  hlim: { abbrev: 'ipv6.hlim', name: 'Hop Limit', type: FT.UINT8, base: BASE.DEC },
  src: { abbrev: 'ipv6.src', name: 'Source Address', type: FT.IPv6 },
  addr: { abbrev: 'ipv6.addr', name: 'Source or Destination Address', type: FT.IPv6 },
  src_host: { abbrev: 'ipv6.src_host', name: 'Source Host', type: FT.STRING },
  host: { abbrev: 'ipv6.host', name: 'Source or Destination Host', type: FT.STRING },
  dst: { abbrev: 'ipv6.dst', name: 'Destination Address', type: FT.IPv6 },
  dst_host: { abbrev: 'ipv6.dst_host', name: 'Destination Host', type: FT.STRING },
  opt: { abbrev: 'ipv6.opt', name: 'IPv6 Option', type: FT.NONE },
  opt_type: { abbrev: 'ipv6.opt.type', name: 'Type', type: FT.UINT8, base: BASE.HEX, strings: IPV6_OPT_TYPES },
  opt_action: { abbrev: 'ipv6.opt.type.action', name: 'Action', type: FT.UINT8, base: BASE.DEC, mask: 0xc0,
    strings: new Map([[0, 'Skip and continue'], [1, 'Discard'], [2, 'Discard and send ICMP Parameter Problem'], [3, 'Discard and send ICMP if not multicast']]) },
  opt_change: { abbrev: 'ipv6.opt.type.change', name: 'May Change', type: FT.BOOLEAN, base: 8, mask: 0x20, tfs: { t: 'Yes', f: 'No' } },
  opt_rest: { abbrev: 'ipv6.opt.type.rest', name: 'Low-Order Bits', type: FT.UINT8, base: BASE.HEX, mask: 0x1f },
  opt_length: { abbrev: 'ipv6.opt.length', name: 'Length', type: FT.UINT8, base: BASE.DEC },
  opt_pad1: { abbrev: 'ipv6.opt.pad1', name: 'Pad1', type: FT.NONE },
  opt_padn: { abbrev: 'ipv6.opt.padn', name: 'PadN', type: FT.BYTES },
  opt_router_alert: { abbrev: 'ipv6.opt.router_alert', name: 'Router Alert', type: FT.UINT16, base: BASE.DEC,
    strings: new Map([[0, 'MLD'], [1, 'RSVP'], [2, 'Active Networks']]) },
  opt_tel: { abbrev: 'ipv6.opt.tel', name: 'Tunnel Encapsulation Limit', type: FT.UINT8, base: BASE.DEC },
  opt_jumbo: { abbrev: 'ipv6.opt.jumbo', name: 'Payload Length', type: FT.UINT32, base: BASE.DEC },
  opt_unknown: { abbrev: 'ipv6.opt.unknown', name: 'Unknown Option Payload', type: FT.BYTES },
  opt_unknown_data: { abbrev: 'ipv6.opt.unknown_data', name: 'Unknown Data', type: FT.BYTES },
});
const protoHop = registerProtocol('ipv6.hopopts', 'IPv6 Hop-by-Hop Option', 'IPv6 Hop-by-Hop');
const protoDst = registerProtocol('ipv6.dstopts', 'Destination Options for IPv6', 'IPv6 Destination');
const protoRt = registerProtocol('ipv6.routing', 'Routing Header for IPv6', 'IPv6 Routing');
const protoFrag = registerProtocol('ipv6.fraghdr', 'Fragment Header for IPv6', 'IPv6 Fragment');
const hfHop = registerFields(protoHop, {
  nxt: { abbrev: 'ipv6.hopopts.nxt', name: 'Next Header', type: FT.UINT8, base: BASE.DEC, strings: IP_PROTOS },
  len: { abbrev: 'ipv6.hopopts.len', name: 'Length', type: FT.UINT8, base: BASE.DEC },
  len_oct: { abbrev: 'ipv6.hopopts.len_oct', name: 'Length', type: FT.UINT16, base: BASE.DEC },
});
const hfDst = registerFields(protoDst, {
  nxt: { abbrev: 'ipv6.dstopts.nxt', name: 'Next Header', type: FT.UINT8, base: BASE.DEC, strings: IP_PROTOS },
  len: { abbrev: 'ipv6.dstopts.len', name: 'Length', type: FT.UINT8, base: BASE.DEC },
  len_oct: { abbrev: 'ipv6.dstopts.len_oct', name: 'Length', type: FT.UINT16, base: BASE.DEC },
});
const hfRt = registerFields(protoRt, {
  nxt: { abbrev: 'ipv6.routing.nxt', name: 'Next Header', type: FT.UINT8, base: BASE.DEC, strings: IP_PROTOS },
  len: { abbrev: 'ipv6.routing.len', name: 'Length', type: FT.UINT8, base: BASE.DEC },
  len_oct: { abbrev: 'ipv6.routing.len_oct', name: 'Length', type: FT.UINT16, base: BASE.DEC },
  type: { abbrev: 'ipv6.routing.type', name: 'Type', type: FT.UINT8, base: BASE.DEC, strings: IPV6_ROUTING_TYPES },
  segleft: { abbrev: 'ipv6.routing.segleft', name: 'Segments Left', type: FT.UINT8, base: BASE.DEC },
  src_reserved: { abbrev: 'ipv6.routing.src.reserved', name: 'Reserved', type: FT.BYTES },
  src_addr: { abbrev: 'ipv6.routing.src.addr', name: 'Address', type: FT.IPv6 },
  mipv6_reserved: { abbrev: 'ipv6.routing.mipv6.reserved', name: 'Reserved', type: FT.BYTES },
  mipv6_home: { abbrev: 'ipv6.routing.mipv6.home_address', name: 'Home Address', type: FT.IPv6 },
  srh_last_entry: { abbrev: 'ipv6.routing.srh.last_entry', name: 'Last Entry', type: FT.UINT8, base: BASE.DEC },
  srh_flags: { abbrev: 'ipv6.routing.srh.flags', name: 'Flags', type: FT.UINT8, base: BASE.HEX },
  srh_tag: { abbrev: 'ipv6.routing.srh.tag', name: 'Tag', type: FT.BYTES },
  srh_addr: { abbrev: 'ipv6.routing.srh.addr', name: 'Address', type: FT.IPv6 },
  unknown: { abbrev: 'ipv6.routing.unknown_data', name: 'Type-Specific Data', type: FT.BYTES },
});
const hfFrag = registerFields(protoFrag, {
  nxt: { abbrev: 'ipv6.fragment.nxt', name: 'Next header', type: FT.UINT8, base: BASE.DEC, strings: IP_PROTOS },
  reserved_octet: { abbrev: 'ipv6.fragment.reserved_octet', name: 'Reserved octet', type: FT.UINT16, base: BASE.HEX },
  offset: { abbrev: 'ipv6.fragment.offset', name: 'Offset', type: FT.UINT16, base: BASE.DEC, mask: 0xfff8 },
  reserved_bits: { abbrev: 'ipv6.fragment.reserved_bits', name: 'Reserved bits', type: FT.UINT16, base: BASE.DEC, mask: 0x0006 },
  more: { abbrev: 'ipv6.fragment.more', name: 'More Fragments', type: FT.BOOLEAN, base: 16, mask: 0x0001, tfs: { t: 'Yes', f: 'No' } },
  id: { abbrev: 'ipv6.fragment.id', name: 'Identification', type: FT.UINT32, base: BASE.HEX },
});
const eiPlenExceeds = expertField(proto, 'ipv6.plen_exceeds_framing', Group.Protocol, Severity.Warn, 'IPv6 payload length exceeds framing length');
const eiOptInvalidLen = expertField(proto, 'ipv6.opt.invalid_len', Group.Malformed, Severity.Error, 'Invalid IPv6 option length');
const eiOptUnknownData = expertField(proto, 'ipv6.opt.unknown_data.expert', Group.Undecoded, Severity.Note, 'Unknown Data (not interpreted)');
const eiJumboMissing = expertField(proto, 'ipv6.opt.jumbo.missing', Group.Malformed, Severity.Error, 'IPv6 payload length equals 0 and Hop-By-Hop present and Jumbo Payload option missing');
const eiPlenZero = expertField(proto, 'ipv6.plen_zero', Group.Protocol, Severity.Chat, 'IPv6 payload length equals 0 (maybe because of "TCP segmentation offload" (TSO))');
const eiInvalidHdr = expertField(proto, 'ipv6.invalid_header', Group.Malformed, Severity.Error, 'Invalid IPv6 header');
const eiBogusVer = expertField(proto, 'ipv6.bogus_ipv6_version', Group.Malformed, Severity.Error, 'Bogus IPv6 version');
const eiRtDeprecated = expertField(protoRt, 'ipv6.routing.deprecated', Group.Deprecated, Severity.Note, 'Routing header type is deprecated');

/** Internet checksum helpers used by ICMPv6/UDP/TCP over IPv6: the pseudo-header sum. */
export function pseudoSum6(src: Uint8Array, dst: Uint8Array, len: number, nxt: number): number {
  let s = 0;
  for (let i = 0; i < 16; i += 2) s += (src[i]! << 8) | src[i + 1]!;
  for (let i = 0; i < 16; i += 2) s += (dst[i]! << 8) | dst[i + 1]!;
  s += (len >>> 16) + (len & 0xffff) + nxt;
  return s;
}

/** The addresses of the IPv6 header being dissected (for pseudo-header checksums). */
export const ip6Ctx = { src: new Uint8Array(16), dst: new Uint8Array(16), valid: false, hlim: 0 };

function optionName(type: number): string { return IPV6_OPT_TYPES.get(type) ?? 'Unknown IPv6 Option'; }

/**
 * The options of a hop-by-hop or destination header (dissect_opts). They are read from the whole payload view:
 * an option whose data runs past the header reads what follows (and past the payload, throws); an option that
 * reads more than its length moves the next option on, one that reads less shows the rest as unknown data.
 */
function dissectOptions(tvb: Tvb, pkt: Packet, off: number, end: number, t: Item): void {
  while (off < end) {
    const type = tvb.u8(off);
    const len = tvb.u8(off + 1);
    if (type === 0) {
      const o = t.add(hf.opt, tvb, off, 1, null).setText('Pad1');
      optType(tvb, off, type, o);
      o.add(hf.opt_pad1, tvb, off, 1, null).setText('Pad1');
      off += 1;
      continue;
    }
    const o = t.add(hf.opt, tvb, off, len + 2, null).setText(optionName(type));
    optType(tvb, off, type, o);
    const li = o.add(hf.opt_length, tvb, off + 1, 1, len);
    const d = off + 2;
    let at = d;
    switch (type) {
      case 1: // PadN
        tvb.check(d, len);
        if (t.real) o.add(hf.opt_padn, tvb, d, len, tvb.bytes(d, len)).setText(`PadN: ${len ? hexOf(tvb.bytes(d, len)) : '<none>'}`);
        at = d + len;
        break;
      case 5:
        if (len !== 2) expertAdd(pkt, li, eiOptInvalidLen, `Router alert: Invalid Length (${len} bytes)`);
        o.add(hf.opt_router_alert, tvb, d, 2, tvb.u16(d)); at = d + 2;
        break;
      case 4:
        if (len !== 1) expertAdd(pkt, li, eiOptInvalidLen, `Tunnel Encapsulation Limit: Invalid length (${len} bytes)`);
        o.add(hf.opt_tel, tvb, d, 1, tvb.u8(d)); at = d + 1;
        break;
      case 0xc2:
        if (len !== 4) expertAdd(pkt, li, eiOptInvalidLen, `Jumbo Payload: Invalid length (${len} bytes)`);
        o.add(hf.opt_jumbo, tvb, d, 4, tvb.u32(d)); at = d + 4;
        break;
      case 7: { // CALIPSO: DOI, compartment length (in 32-bit words), sensitivity, checksum, the bitmap
        if (len < 8) expertAdd(pkt, li, eiOptInvalidLen, `CALIPSO: Invalid Length (${len} bytes)`);
        tvb.check(d, 8);
        const words = tvb.u8(d + 4);
        tvb.check(d + 8, words * 4);
        at = d + 8 + words * 4;
        break;
      }
      case 0x1e: case 0x3e: case 0x5e: case 0x7e: case 0x9e: case 0xbe: case 0xde: case 0xfe: // experimental
        tvb.check(d, len);
        at = d + len;
        break;
      default: {
        tvb.check(d, len);
        const ui = t.real ? o.add(hf.opt_unknown, tvb, d, len, tvb.bytes(d, len)) : o;
        if (t.real && !len) ui.setText('Unknown Option Payload: <MISSING>');
        expertAdd(pkt, ui, eiOptUnknownData);
        at = d + len;
      }
    }
    if (at < d + len) {
      tvb.check(at, d + len - at);
      const ui = t.real ? o.add(hf.opt_unknown_data, tvb, at, d + len - at, tvb.bytes(at, d + len - at)) : o;
      expertAdd(pkt, ui, eiOptUnknownData);
      at = d + len;
    }
    off = at;
  }
}
function optType(tvb: Tvb, off: number, type: number, o: Item): void {
  const ti = o.add(hf.opt_type, tvb, off, 1, type);
  ti.add(hf.opt_action, tvb, off, 1, type >> 6);
  ti.add(hf.opt_change, tvb, off, 1, (type & 0x20) !== 0);
  ti.add(hf.opt_rest, tvb, off, 1, type & 0x1f);
}
function hexOf(b: Uint8Array): string { let s = ''; for (const x of b) s += x.toString(16).padStart(2, '0'); return s; }

function addHeadItems(t: Item, tvb: Tvb, pkt: Packet, version: number, vtf: number): void {
  const tc = (vtf >>> 20) & 0xff;
  t.add(hf.version, tvb, 0, 1, version);
  if (tvb.reported < 40) expertAdd(pkt, t, eiInvalidHdr, 'IPv6 header must be exactly 40 bytes');
  // tshark adds the IPv4 version field too (hidden), so that ip.version filters see IPv6 packets
  t.add(hf.ip_version, tvb, 0, 1, version).hidden();
  const ti = t.add(hf.tclass, tvb, 0, 4, tc);
  ti.setText(`${bits32(vtf, 0x0ff00000)} = Traffic Class: 0x${tc.toString(16).padStart(2, '0')} (DSCP: ${dscpShort(tc >> 2)}, ECN: ${ECN_SHORT[tc & 3]})`);
  ti.add(hf.tclass_dscp, tvb, 0, 4, tc >> 2);
  ti.add(hf.tclass_ecn, tvb, 0, 4, tc & 3);
  t.add(hf.flow, tvb, 1, 3, vtf & 0xfffff);
}

function addSrcItems(t: Item, tvb: Tvb, src: Uint8Array): void {
  const s = ipv6ToStr(src);
  t.add(hf.src, tvb, 8, 16, src);
  t.add(hf.addr, tvb, 8, 16, src).hidden();
  t.add(hf.src_host, tvb, 8, 16, s).hidden();
  t.add(hf.host, tvb, 8, 16, s).hidden();
}

function dissectIpv6(tvb: Tvb, pkt: Packet, tree: Item): number {
  pkt.protocol.set('IPv6');
  pkt.info.clear();
  const b0 = tvb.u8(0);
  const version = b0 >> 4;
  const t = tree.add(proto, tvb, 0, 40, null);
  if (tvb.reported < 40) pkt.info.set(`Invalid IPv6 header (${tvb.reported} bytes, need exactly 40)`);
  if (version !== 6) {
    // Bogus version: say so, and refuse the packet (the caller shows it as data).
    const vi = t.add(hf.version, tvb, 0, 1, version);
    pkt.info.set(`Bogus IPv6 version (${version}, must be 6)`);
    expertAdd(pkt, vi, eiBogusVer, 'Bogus IPv6 version');
    return 0;
  }
  const vtf = tvb.u32(0), plen = tvb.u16(4), nxt = tvb.u8(6), hlim = tvb.u8(7);
  // Addresses are read one after the other: a header cut inside the destination still names the source.
  const src = tvb.bytes(8, 16);
  pkt.netSrc = pkt.src = { type: AT.IPv6, data: src };
  pkt.colSrcOverride = null;
  let dst: Uint8Array;
  try {
    dst = tvb.bytes(24, 16);
  } catch (e) {
    // packet-ipv6.c adds the header's fields one by one: a header cut inside the destination keeps those before it
    if (t.real) {
      addHeadItems(t, tvb, pkt, version, vtf);
      t.add(hf.plen, tvb, 4, 2, plen);
      t.add(hf.nxt, tvb, 6, 1, nxt);
      t.add(hf.hlim, tvb, 7, 1, hlim);
      addSrcItems(t, tvb, src);
    }
    throw e;
  }
  pkt.netDst = pkt.dst = { type: AT.IPv6, data: dst };
  pkt.colDstOverride = null;
  pkt.ipLayers++;
  if (pkt.wants('ipv6') && !pkt.inErrorPkt) pkt.tap('ipv6', { src, dst, proto: nxt, ttl: hlim, len: plen + 40, version: 6 } satisfies IpTap);
  const tc = (vtf >>> 20) & 0xff;
  if (t.real) {
    t.setText(`Internet Protocol Version 6, Src: ${ipv6ToStr(src)}, Dst: ${ipv6ToStr(dst)}`);
    addHeadItems(t, tvb, pkt, version, vtf);
  }
  const pi = t.add(hf.plen, tvb, 4, 2, plen);
  const rep = tvb.reportedRemaining(40);
  let payLen = plen;
  if (plen === 0 && nxt === 0) {
    // A jumbogram: the hop-by-hop header must carry the real length (a Jumbo Payload option above 65535).
    const j = findJumbo(tvb);
    if (j) { payLen = j; if (t.real) pi.appendText(' (Jumbogram)'); }
    else { pkt.info.set('Invalid IPv6 payload length'); expertAdd(pkt, pi, eiJumboMissing); }
  } else if (plen === 0 && nxt !== 59) {
    expertAdd(pkt, pi, eiPlenZero);
  }
  if (payLen > rep) {
    if (!pkt.inErrorPkt) expertAdd(pkt, pi, eiPlenExceeds, `IPv6 payload length exceeds framing length (${rep} bytes)`);
    payLen = rep;
  }
  setActualLength(tvb, 40 + payLen);
  t.add(hf.nxt, tvb, 6, 1, nxt);
  t.add(hf.hlim, tvb, 7, 1, hlim);
  if (t.real) {
    const d = ipv6ToStr(dst);
    addSrcItems(t, tvb, src);
    t.add(hf.dst, tvb, 24, 16, dst);
    t.add(hf.addr, tvb, 24, 16, dst).hidden();
    t.add(hf.dst_host, tvb, 24, 16, d).hidden();
    t.add(hf.host, tvb, 24, 16, d).hidden();
  }
  ip6Ctx.src.set(src); ip6Ctx.dst.set(dst); ip6Ctx.valid = true; ip6Ctx.hlim = hlim;
  const body = tvb.sub(40, payLen);
  extHeaders(body, pkt, tree, t, nxt, hlim);
  return 40 + payLen;
}

/** Walks extension headers from the start of `tvb` and dispatches the upper-layer payload. */
function extHeaders(tvb: Tvb, pkt: Packet, tree: Item, ipTree: Item, nxt: number, hlim: number): void {
  let off = 0;
  for (;;) {
    if (nxt === 0 || nxt === 60 || nxt === 43) {
      const layer = nxt === 0 ? 'ipv6.hopopts' : nxt === 60 ? 'ipv6.dstopts' : 'ipv6.routing';
      pkt.layers.push(layer);
      const saved = pkt.currentProto;
      pkt.currentProto = nxt === 0 ? 'IPv6 Hop-by-Hop' : nxt === 60 ? 'IPv6 Destination' : 'IPv6 Routing';
      const sub = tvb.sub(off);
      let used: number;
      try { used = nxt === 43 ? routing(sub, pkt, ipTree) : options(sub, pkt, ipTree, nxt === 0); } catch (e) {
        showException(e, sub, pkt, tree);
        return;
      }
      pkt.currentProto = saved;
      nxt = sub.u8(0);
      off += used;
      continue;
    }
    if (nxt === 44) {
      pkt.layers.push('ipv6.fraghdr');
      const sub = tvb.sub(off);
      const fnxt = sub.u8(0), fo = sub.u16(2), id = sub.u32(4);
      const ft = ipTree.add(protoFrag, sub, 0, 8, null);
      ft.add(hfFrag.nxt, sub, 0, 1, fnxt);
      ft.add(hfFrag.reserved_octet, sub, 1, 1, sub.u8(1)).setText(`Reserved octet: 0x${sub.u8(1).toString(16).padStart(2, '0')}`);
      ft.add(hfFrag.offset, sub, 2, 2, fo >> 3).appendText(` (${(fo >> 3) * 8} bytes)`);
      ft.add(hfFrag.reserved_bits, sub, 2, 2, (fo >> 1) & 3);
      ft.add(hfFrag.more, sub, 2, 2, (fo & 1) !== 0);
      ft.add(hfFrag.id, sub, 4, 4, id);
      off += 8;
      const fragOff = fo & 0xfff8, more = (fo & 1) !== 0;
      if (fragOff !== 0 || more) {
        pkt.fragmented = true;
        pkt.info.set(`IPv6 fragment (off=${fragOff} more=${more ? 'y' : 'n'} ident=0x${id.toString(16).padStart(8, '0')} nxt=${fnxt})`);
        call(dataHandle, tvb.sub(off), pkt, tree);
        return;
      }
      nxt = fnxt;
      continue;
    }
    break;
  }
  const next = tvb.sub(off);
  if (nxt === 59) {
    pkt.info.set('IPv6 no next header');
    if (next.reportedRemaining(0) > 0) call(dataHandle, next, pkt, tree);
    return;
  }
  void hlim;
  const h = tables.ipProto.get(nxt);
  let used = 0;
  if (h) { pkt.matchUint = nxt; used = call(h, next, pkt, tree); }
  if (!h || used === 0) {
    pkt.info.set(`Unknown IP Protocol: ${ipProtoName(nxt)} (${nxt})`);
    call(dataHandle, next, pkt, tree);
  }
}

/** ipv6_get_jumbo_plen: the first Jumbo Payload option of the hop-by-hop header after the fixed header when it
 *  says more than 65535 (else 0); only options with 6 bytes captured from their start count. */
function findJumbo(tvb: Tvb): number {
  if (tvb.remaining(40) < 2) return 0;
  const end = 40 + (tvb.u8(41) + 1) * 8;
  let o = 42;
  while (o < end && tvb.remaining(o) >= 6) {
    const type = tvb.u8(o++);
    if (type === 0) continue;
    const len = tvb.u8(o++);
    if (type === 0xc2 && len === 4) { const j = tvb.u32(o); return j > 0xffff ? j : 0; }
    o += len;
  }
  return 0;
}

function options(tvb: Tvb, pkt: Packet, ipTree: Item, hop: boolean): number {
  pkt.info.appendSep(' , ', hop ? 'IPv6 hop-by-hop options' : 'IPv6 destination options');
  const nxt = tvb.u8(0), len = tvb.u8(1), total = (len + 1) * 8;
  const hfs = hop ? hfHop : hfDst;
  const t = ipTree.add(hop ? protoHop : protoDst, tvb, 0, total, null);
  t.add(hfs.nxt, tvb, 0, 1, nxt);
  t.add(hfs.len, tvb, 1, 1, len);
  t.add(hfs.len_oct, tvb, 1, 1, total).setText(`Length: ${total} bytes`).generated();
  tvb.check(0, total);
  dissectOptions(tvb, pkt, 2, total, t);
  return total;
}

function routing(tvb: Tvb, pkt: Packet, ipTree: Item): number {
  pkt.info.appendSep(' , ', 'IPv6 routing');
  const nxt = tvb.u8(0), len = tvb.u8(1), type = tvb.u8(2), segleft = tvb.u8(3), total = (len + 1) * 8;
  const t = ipTree.add(protoRt, tvb, 0, total, null);
  if (t.real) t.setText(`Routing Header for IPv6 (${IPV6_ROUTING_TYPES.get(type) ?? 'Unknown'})`);
  t.add(hfRt.nxt, tvb, 0, 1, nxt);
  t.add(hfRt.len, tvb, 1, 1, len);
  t.add(hfRt.len_oct, tvb, 1, 1, total).setText(`Length: ${total} bytes`).generated();
  const ti = t.add(hfRt.type, tvb, 2, 1, type);
  if (type === 0) expertAdd(pkt, ti, eiRtDeprecated);
  t.add(hfRt.segleft, tvb, 3, 1, segleft);
  tvb.check(0, total);
  if (type === 0) {
    t.add(hfRt.src_reserved, tvb, 4, 4, tvb.bytes(4, 4));
    const n = len >> 1;
    for (let i = 0; i < n; i++) {
      const a = tvb.bytes(8 + 16 * i, 16);
      t.add(hfRt.src_addr, tvb, 8 + 16 * i, 16, a).setText(`Address[${i + 1}]: ${ipv6ToStr(a)}`);
    }
    if (segleft > 0 && n > 0) pkt.dst = pkt.netDst = { type: AT.IPv6, data: tvb.bytes(8 + 16 * (n - 1), 16) };
  } else if (type === 2) {
    t.add(hfRt.mipv6_reserved, tvb, 4, 4, tvb.bytes(4, 4));
    t.add(hfRt.mipv6_home, tvb, 8, 16, tvb.bytes(8, 16));
  } else if (type === 4) {
    // Segment Routing: the segment list runs backwards, Address[0] is the final destination
    const last = tvb.u8(4);
    t.add(hfRt.srh_last_entry, tvb, 4, 1, last);
    t.add(hfRt.srh_flags, tvb, 5, 1, tvb.u8(5));
    t.add(hfRt.srh_tag, tvb, 6, 2, tvb.bytes(6, 2));
    for (let i = 0; i <= last && 8 + 16 * i + 16 <= total; i++) {
      const a = tvb.bytes(8 + 16 * i, 16);
      t.add(hfRt.srh_addr, tvb, 8 + 16 * i, 16, a).setText(`Address[${i}]: ${ipv6ToStr(a)}`);
    }
    if (segleft > 0 && total >= 24) pkt.dst = pkt.netDst = { type: AT.IPv6, data: tvb.bytes(8, 16) };
  } else if (total > 4) {
    t.add(hfRt.unknown, tvb, 4, total - 4, tvb.bytes(4, total - 4));
  }
  return total;
}

/** "…. 0000 0000 …." pattern of a 32-bit value under mask. */
function bits32(v: number, mask: number): string {
  let s = '';
  for (let i = 31; i >= 0; i--) {
    const m = 2 ** i;
    s += Math.floor(mask / m) % 2 ? (Math.floor(v / m) % 2 ? '1' : '0') : '.';
    if (i % 4 === 0 && i) s += ' ';
  }
  return s;
}

export const ipv6Handle = handle('ipv6', 'IPv6', dissectIpv6);
tables.ethertype.add(0x86dd, ipv6Handle);
tables.linktype.add(229, ipv6Handle);
tables.ipProto.add(41, ipv6Handle);
for (const f of [24, 28, 30]) tables.nullFamily.add(f, ipv6Handle);
