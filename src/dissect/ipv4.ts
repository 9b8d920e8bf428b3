// IPv4 (packet-ip.c): header, flags, options, and dispatch on the protocol number.
import { LIMITS, limitWarning, onCaptureReset } from './state.js';
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { AT, ipv4ToStr } from './address.js';
import { dataHandle } from './data.js';
import { expertAdd, expertField } from './expert.js';
import { ipProtoName, IP_PROTOS } from './ipproto.js';
import { Group, type Packet, Severity } from './packet.js';
import { setActualLength } from './eth.js';
import { dissectOptions, registerOptionFields, sourceRouteDst } from './ipv4-options.js';
import { ip4Ctx } from './icmp.js';
import { call, handle, tables } from './tables.js';
import type { Item } from './tree.js';
import { Tvb } from './tvb.js';

/** Tap data for 'ip' (conv,ip / endpoints,ip / ip_hosts ...); ipv6 queues the same shape under 'ipv6'. */
export interface IpTap { src: Uint8Array; dst: Uint8Array; proto: number; ttl: number; len: number; version: 4 | 6 }

export const proto = registerProtocol('ip', 'Internet Protocol Version 4', 'IPv4');
const DSCP = new Map<number, string>([
  [0, 'Default'], [8, 'Class Selector 1'], [10, 'Assured Forwarding 11'], [12, 'Assured Forwarding 12'], [14, 'Assured Forwarding 13'],
  [16, 'Class Selector 2'], [18, 'Assured Forwarding 21'], [20, 'Assured Forwarding 22'], [22, 'Assured Forwarding 23'],
  [24, 'Class Selector 3'], [26, 'Assured Forwarding 31'], [28, 'Assured Forwarding 32'], [30, 'Assured Forwarding 33'],
  [32, 'Class Selector 4'], [34, 'Assured Forwarding 41'], [36, 'Assured Forwarding 42'], [38, 'Assured Forwarding 43'],
  [40, 'Class Selector 5'], [44, 'Voice Admit'], [46, 'Expedited Forwarding'], [48, 'Class Selector 6'], [56, 'Class Selector 7'],
  [1, 'Lower Effort'],
]);
/** Short DSCP names used in the "Differentiated Services Field: 0x00 (DSCP: CS0, ECN: Not-ECT)" summary. */
const DSCP_SHORT = new Map<number, string>([
  [0, 'CS0'], [8, 'CS1'], [10, 'AF11'], [12, 'AF12'], [14, 'AF13'], [16, 'CS2'], [18, 'AF21'], [20, 'AF22'], [22, 'AF23'],
  [24, 'CS3'], [26, 'AF31'], [28, 'AF32'], [30, 'AF33'], [32, 'CS4'], [34, 'AF41'], [36, 'AF42'], [38, 'AF43'],
  [40, 'CS5'], [44, 'VOICE-ADMIT'], [46, 'EF PHB'], [48, 'CS6'], [56, 'CS7'], [1, 'LE'],
]);
export const ECN = new Map<number, string>([[0, 'Not ECN-Capable Transport'], [1, 'ECN-Capable Transport codepoint \'01\''], [2, 'ECN-Capable Transport codepoint \'10\''], [3, 'Congestion Experienced']]);
export const ECN_SHORT = ['Not-ECT', 'ECT(1)', 'ECT(0)', 'CE'];
export function dscpShort(d: number): string { return DSCP_SHORT.get(d) ?? 'Unknown'; }
export { DSCP };

export const hf = registerFields(proto, {
  version: { abbrev: 'ip.version', name: 'Version', type: FT.UINT8, base: BASE.DEC, mask: 0xf0 },
  hdr_len: { abbrev: 'ip.hdr_len', name: 'Header Length', type: FT.UINT8, base: BASE.DEC, mask: 0x0f },
  dsfield: { abbrev: 'ip.dsfield', name: 'Differentiated Services Field', type: FT.UINT8, base: BASE.HEX },
  dsfield_dscp: { abbrev: 'ip.dsfield.dscp', name: 'Differentiated Services Codepoint', type: FT.UINT8, base: BASE.DEC, mask: 0xfc, strings: DSCP },
  dsfield_ecn: { abbrev: 'ip.dsfield.ecn', name: 'Explicit Congestion Notification', type: FT.UINT8, base: BASE.DEC, mask: 0x03, strings: ECN },
  len: { abbrev: 'ip.len', name: 'Total Length', type: FT.UINT16, base: BASE.DEC },
  id: { abbrev: 'ip.id', name: 'Identification', type: FT.UINT16, base: BASE.HEX_DEC },
  flags: { abbrev: 'ip.flags', name: 'Flags', type: FT.UINT8, base: BASE.HEX, mask: 0xe0 },
  flags_rb: { abbrev: 'ip.flags.rb', name: 'Reserved bit', type: FT.BOOLEAN, base: 8, mask: 0x80, tfs: { t: 'Set', f: 'Not set' } },
  flags_df: { abbrev: 'ip.flags.df', name: "Don't fragment", type: FT.BOOLEAN, base: 8, mask: 0x40, tfs: { t: 'Set', f: 'Not set' } },
  flags_mf: { abbrev: 'ip.flags.mf', name: 'More fragments', type: FT.BOOLEAN, base: 8, mask: 0x20, tfs: { t: 'Set', f: 'Not set' } },
  frag_offset: { abbrev: 'ip.frag_offset', name: 'Fragment Offset', type: FT.UINT16, base: BASE.DEC, mask: 0x1fff },
  ttl: { abbrev: 'ip.ttl', name: 'Time to Live', type: FT.UINT8, base: BASE.DEC },
  proto: { abbrev: 'ip.proto', name: 'Protocol', type: FT.UINT8, base: BASE.DEC, strings: IP_PROTOS },
  checksum: { abbrev: 'ip.checksum', name: 'Header Checksum', type: FT.UINT16, base: BASE.HEX },
  checksum_status: { abbrev: 'ip.checksum.status', name: 'Header checksum status', type: FT.UINT8, base: BASE.NONE, strings: new Map([[0, 'Bad'], [1, 'Good'], [2, 'Unverified']]) },
  src: { abbrev: 'ip.src', name: 'Source Address', type: FT.IPv4 },
  addr: { abbrev: 'ip.addr', name: 'Source or Destination Address', type: FT.IPv4 },
  src_host: { abbrev: 'ip.src_host', name: 'Source Host', type: FT.STRING },
  host: { abbrev: 'ip.host', name: 'Source or Destination Host', type: FT.STRING },
  dst: { abbrev: 'ip.dst', name: 'Destination Address', type: FT.IPv4 },
  dst_host: { abbrev: 'ip.dst_host', name: 'Destination Host', type: FT.STRING },
  fragments: { abbrev: 'ip.fragments', name: 'IPv4 Fragments', type: FT.BYTES },
  fragment: { abbrev: 'ip.fragment', name: 'IPv4 Fragment', type: FT.FRAMENUM },
  fragment_count: { abbrev: 'ip.fragment.count', name: 'Fragment count', type: FT.UINT32, base: BASE.DEC },
  reassembled_in: { abbrev: 'ip.reassembled_in', name: 'Reassembled IPv4 in frame', type: FT.FRAMENUM },
  reassembled_length: { abbrev: 'ip.reassembled.length', name: 'Reassembled IPv4 length', type: FT.UINT32, base: BASE.DEC },
  reassembled_data: { abbrev: 'ip.reassembled.data', name: 'Reassembled IPv4 data', type: FT.BYTES },
});
const eiBogusLen = expertField(proto, 'ip.bogus_ip_length', Group.Protocol, Severity.Error, 'Bogus IP length');
const eiBogusHdr = expertField(proto, 'ip.bogus_header_length', Group.Protocol, Severity.Error, 'Bogus IP header length');
const eiLenExceeds = expertField(proto, 'ip.len.past_end', Group.Protocol, Severity.Error, 'IPv4 total length exceeds packet length');
const eiBogusV4 = expertField(proto, 'ip.bogus_ipv4_version', Group.Protocol, Severity.Error, 'Bogus IPv4 version');
const hfCurRt = registerOptionFields(proto);
const eiTtlSmall = expertField(proto, 'ip.ttl.too_small', Group.Sequence, Severity.Note, '"Time To Live" only');
const eiTtlLncb = expertField(proto, 'ip.ttl.lncb', Group.Sequence, Severity.Note, '"Time To Live" != 1 for a packet sent to the Local Network Control Block (see RFC 3171)');
const eiBogusVer = expertField(proto, 'ip.bogus_ip_version', Group.Protocol, Severity.Error, 'Bogus IP version');

function flagsText(f: number): string {
  const names: string[] = [];
  if (f & 4) names.push('Reserved bit');
  if (f & 2) names.push("Don't fragment");
  if (f & 1) names.push('More fragments');
  return `0x${f.toString(16)}${names.length ? ', ' + names.join(', ') : ''}`;
}

/** The header fields between the length and the addresses, in packet-ip.c's order (the TTL notes need the destination). */
/** The fixed header's items from the identification on; returns the TTL item (the TTL notes attach to it). */
function addFixedItems(t: Item, tvb: Tvb, id: number, fo: number, ttl: number, p: number, cks: number): Item {
  t.add(hf.id, tvb, 4, 2, id);
  const flags = fo >> 13;
  const fi = t.add(hf.flags, tvb, 6, 1, flags).setText(`${(flags >> 2) & 1}${(flags >> 1) & 1}${flags & 1}. .... = Flags: ${flagsText(flags)}`);
  fi.add(hf.flags_rb, tvb, 6, 1, (flags & 4) !== 0);
  fi.add(hf.flags_df, tvb, 6, 1, (flags & 2) !== 0);
  fi.add(hf.flags_mf, tvb, 6, 1, (flags & 1) !== 0);
  t.add(hf.frag_offset, tvb, 6, 2, fo & 0x1fff).setText(`...${bin(fo & 0x1fff, 13)} = Fragment Offset: ${(fo & 0x1fff) * 8}`);
  const ttlItem = t.add(hf.ttl, tvb, 8, 1, ttl);
  t.add(hf.proto, tvb, 9, 1, p);
  t.add(hf.checksum, tvb, 10, 2, cks).setText(`Header Checksum: 0x${cks.toString(16).padStart(4, '0')} [validation disabled]`);
  t.add(hf.checksum_status, tvb, 10, 2, 2).setText('Header checksum status: Unverified').generated();
  return ttlItem;
}

function addSrcItems(t: Item, tvb: Tvb, srcN: number, src: Uint8Array): void {
  t.add(hf.src, tvb, 12, 4, srcN);
  t.add(hf.addr, tvb, 12, 4, srcN).hidden();
  t.add(hf.src_host, tvb, 12, 4, ipv4ToStr(src)).hidden();
  t.add(hf.host, tvb, 12, 4, ipv4ToStr(src)).hidden();
}

function dissectIpv4(tvb: Tvb, pkt: Packet, tree: Item): number {
  pkt.protocol.set('IPv4');
  pkt.info.clear();
  const b0 = tvb.u8(0);
  const version = b0 >> 4, hlen = (b0 & 15) * 4;
  const t = tree.add(proto, tvb, 0, hlen, null);
  if (version !== 4) {
    const vi = t.add(hf.version, tvb, 0, 1, version);
    pkt.info.set(`Bogus IPv4 version (${version}, must be 4)`);
    expertAdd(pkt, vi, eiBogusV4, 'Bogus IPv4 version');
    // packet-ip.c hands a version-6 header on to IPv6
    const v6 = version === 6 ? tables.ethertype.get(0x86dd) : undefined;
    if (v6) call(v6, tvb, pkt, tree);
    return tvb.reportedRemaining(0);
  }
  if (hlen < 20) {
    t.add(hf.version, tvb, 0, 1, version);
    t.add(hf.hdr_len, tvb, 0, 1, hlen).setText(`.... ${(b0 & 15).toString(2).padStart(4, '0')} = Header Length: ${hlen} bytes (${b0 & 15})`);
    pkt.info.set(`Bogus IP header length (${hlen}, must be at least 20)`);
    expertAdd(pkt, t, eiBogusHdr, `Bogus IP header length (${hlen}, must be at least 20)`);
    return tvb.reportedRemaining(0);
  }
  const tos = tvb.u8(1), rawLen = tvb.u16(2);
  // A zero length is what TCP segmentation offload leaves: take the frame's length (ip.tso_support).
  const totalLen = rawLen === 0 ? tvb.reportedRemaining(0) : rawLen;
  if (t.real) {
    t.add(hf.version, tvb, 0, 1, version);
    t.add(hf.hdr_len, tvb, 0, 1, hlen).setText(`.... ${(b0 & 15).toString(2).padStart(4, '0')} = Header Length: ${hlen} bytes (${b0 & 15})`);
    const ds = t.add(hf.dsfield, tvb, 1, 1, tos).setText(`Differentiated Services Field: 0x${tos.toString(16).padStart(2, '0')} (DSCP: ${dscpShort(tos >> 2)}, ECN: ${ECN_SHORT[tos & 3]})`);
    ds.add(hf.dsfield_dscp, tvb, 1, 1, tos >> 2);
    ds.add(hf.dsfield_ecn, tvb, 1, 1, tos & 3);
  }
  let lenItem: Item;
  if (rawLen === 0) {
    lenItem = t.add(hf.len, tvb, 2, 2, totalLen).setText(`Total Length: ${totalLen} bytes (reported as 0, presumed to be because of "TCP segmentation offload" (TSO))`).generated();
  } else lenItem = t.add(hf.len, tvb, 2, 2, totalLen);
  if (totalLen > tvb.reportedRemaining(0) && totalLen >= hlen && !pkt.inErrorPkt) {
    expertAdd(pkt, lenItem, eiLenExceeds, `IPv4 total length exceeds packet length (${tvb.reportedRemaining(0)} bytes)`);
  }
  if (totalLen < hlen) {
    pkt.info.set(`Bogus IP length (${totalLen}, less than header length ${hlen})`);
    expertAdd(pkt, lenItem, eiBogusLen, `Bogus IP length (${totalLen}, less than header length ${hlen})`);
    return tvb.reportedRemaining(0);
  }
  const id = tvb.u16(4), fo = tvb.u16(6), ttl = tvb.u8(8), p = tvb.u8(9);
  const cks = tvb.u16(10);
  // The addresses are read one after the other: a header cut inside the destination still names the source.
  const src = tvb.bytes(12, 4), srcN = tvb.u32(12);
  pkt.netSrc = pkt.src = { type: AT.IPv4, data: src };
  pkt.colSrcOverride = null;
  let hdrDst: Uint8Array, hdrDstN: number;
  try {
    hdrDst = tvb.bytes(16, 4); hdrDstN = tvb.u32(16);
  } catch (e) {
    // packet-ip.c adds the header's fields one by one: a header cut inside the destination keeps those before it
    if (t.real) {
      t.setText(`Internet Protocol Version 4, Src: ${ipv4ToStr(src)}`);
      addFixedItems(t, tvb, id, fo, ttl, p, cks);
      addSrcItems(t, tvb, srcN, src);
    }
    throw e;
  }
  // A source route still in use names the real destination (packet-ip.c's get_dst_offset).
  const sr = hlen > 20 ? sourceRouteDst(tvb, hlen) : null;
  const dst = sr ? tvb.bytes(sr.off, 4) : hdrDst, dstN = sr ? tvb.u32(sr.off) : hdrDstN;
  pkt.netDst = pkt.dst = { type: AT.IPv4, data: dst };
  pkt.colDstOverride = null;
  pkt.ipLayers++;
  ip4Ctx.ttl = ttl;
  if (t.real) t.setText(`Internet Protocol Version 4, Src: ${ipv4ToStr(src)}, Dst: ${ipv4ToStr(dst)}${sr ? `, Via: ${ipv4ToStr(hdrDst)}` : ''}`);
  let ttlItem: Item = t;
  if (t.real) {
    ttlItem = addFixedItems(t, tvb, id, fo, ttl, p, cks);
    addSrcItems(t, tvb, srcN, src);
    if (sr) {
      t.add(hfCurRt, tvb, 16, 4, hdrDstN);
      t.add(hf.dst, tvb, sr.off, 4, dstN).hidden();
      t.add(hf.addr, tvb, sr.off, 4, dstN).hidden();
      t.add(hf.dst_host, tvb, sr.off, 4, ipv4ToStr(dst)).hidden();
      t.add(hf.host, tvb, sr.off, 4, ipv4ToStr(dst)).hidden();
    } else {
      t.add(hf.dst, tvb, 16, 4, dstN);
      t.add(hf.addr, tvb, 16, 4, dstN).hidden();
      t.add(hf.dst_host, tvb, 16, 4, ipv4ToStr(dst)).hidden();
      t.add(hf.host, tvb, 16, 4, ipv4ToStr(dst)).hidden();
    }
  }
  // TTL checks (tree or not: -z expert counts them). The Local Network Control Block 224.0.0.0/24 expects 1 (IGMP
  // always; VRRP, GLBP and mDNS 255; LLMNR any); elsewhere a TTL below 5 is noted, except for multicast, PIM, OSPF.
  if ((dstN >>> 8) === 0xe00000) {
    const valid = p === 2 ? 1 : dstN === 0xe0000012 || dstN === 0xe0000066 || dstN === 0xe00000fb ? 255 : dstN === 0xe00000fc ? -1 : 1;
    if (valid >= 0 && ttl !== valid) {
      expertAdd(pkt, ttlItem, eiTtlLncb, `"Time To Live" != ${valid} for a packet sent to the Local Network Control Block (see RFC 3171)`);
    }
  } else if (ttl < 5 && (dstN >>> 28) !== 0xe && p !== 103 && p !== 89) {
    expertAdd(pkt, ttlItem, eiTtlSmall, `"Time To Live" only ${ttl}`);
  }
  if (hlen > 20) { tvb.check(0, hlen); dissectOptions(tvb, hlen, pkt, t); }
  tvb.check(0, hlen);
  // (packet-ip.c queues the tap once the options are read: a header cut inside them is no conversation)
  if (pkt.wants('ip') && !pkt.inErrorPkt) pkt.tap('ip', { src, dst, proto: p, ttl, len: totalLen, version: 4 } satisfies IpTap);
  setActualLength(tvb, totalLen);
  const payloadLen = Math.min(totalLen, tvb.reportedRemaining(0)) - hlen;
  const next = tvb.sub(hlen, Math.max(0, payloadLen));
  const fragOff = fo & 0x1fff, more = (fo & 0x2000) !== 0;
  let payload = next;
  if (fragOff || more) {
    // Reassembly needs the whole fragment; otherwise a first fragment is dissected as far as it goes.
    // (packet-ip.c: tvb_bytes_exist for the header's total length, not just what the frame holds)
    const whole = next.remaining(0) >= next.reportedRemaining(0) && tvb.remaining(hlen) >= totalLen - hlen;
    const re = pkt.inErrorPkt || !whole ? null : reassemble(pkt, next, srcN, dstN, id, p, fragOff * 8, more, t);
    if (re) payload = re;
    else if (fragOff === 0 && (pkt.inErrorPkt || !whole)) pkt.fragmented = true;
    else {
      pkt.fragmented = true;
      pkt.info.set(`Fragmented IP protocol (proto=${ipProtoName(p)} ${p}, off=${fragOff * 8}, ID=${id.toString(16).padStart(4, '0')})`);
      call(dataHandle, next, pkt, tree);
      return Math.min(totalLen, tvb.reportedRemaining(0));
    }
  }
  const h = tables.ipProto.get(p);
  let used = 0;
  if (h) { pkt.matchUint = p; used = call(h, payload, pkt, tree); }
  if (!h || used === 0) {
    pkt.info.set(`${ipProtoName(p)} (${p})`);
    call(dataHandle, payload, pkt, tree);
  }
  return Math.min(totalLen, tvb.reportedRemaining(0));
}

// Fragment reassembly (ip.defragment, on by default): fragments are kept per (src, dst, id, proto) until
// the datagram is whole; the frame that completes it dissects the reassembled payload.
interface Frag { num: number; off: number; data: Uint8Array }
interface FragSet { frags: Frag[]; total: number; bytes: number }
const fragSets = new Map<string, FragSet>();
/** Limits (README "Limits"): datagrams being reassembled at once, fragments kept per datagram, bytes kept in all. */
let fragBytes = 0;

function dropSet(key: string, fs: FragSet): void { fragBytes -= fs.bytes; fragSets.delete(key); }

/** Forgets every datagram being reassembled (a new capture file). */
export function resetFragments(): void { fragSets.clear(); fragBytes = 0; }
onCaptureReset(resetFragments);

function reassemble(pkt: Packet, tvb: Tvb, src: number, dst: number, id: number, p: number, off: number, more: boolean, t: Item): Tvb | null {
  const n = tvb.reportedRemaining(0);
  if (tvb.remaining(0) < n) return null;
  const key = `${src}:${dst}:${id}:${p}`;
  let fs = fragSets.get(key);
  if (!fs) {
    if (fragSets.size >= LIMITS.ipDatagrams) {
      limitWarning('IPv4 datagrams in reassembly', LIMITS.ipDatagrams, 'the oldest are forgotten (their fragments are not reassembled)');
      const k = fragSets.keys().next().value!; dropSet(k, fragSets.get(k)!); }
    fs = { frags: [], total: -1, bytes: 0 };
    fragSets.set(key, fs);
  }
  // Past the limits the oldest datagrams are forgotten (their fragments stay shown as fragments); a datagram with
  // too many fragments (duplicates, overlaps) is not reassembled at all.
  if (fs.frags.length >= LIMITS.ipFragmentsPerDatagram) {
    limitWarning('fragments of one IPv4 datagram', LIMITS.ipFragmentsPerDatagram, 'further fragments are not reassembled');
    return null;
  }
  if (fragBytes + n > LIMITS.ipFragmentBytes) limitWarning('bytes of IPv4 fragments', LIMITS.ipFragmentBytes, 'the oldest datagrams in reassembly are forgotten');
  while (fragBytes + n > LIMITS.ipFragmentBytes && fragSets.size > 1) {
    const k = fragSets.keys().next().value!;
    if (k === key) { const v = fragSets.get(k)!; fragSets.delete(k); fragSets.set(k, v); continue; }
    dropSet(k, fragSets.get(k)!);
  }
  fs.frags.push({ num: pkt.num, off, data: tvb.buf.slice(tvb.off, tvb.off + n) });
  fs.bytes += n; fragBytes += n;
  if (!more) fs.total = off + n;
  if (fs.total < 0) return null;
  const sorted = fs.frags.slice().sort((a, b) => a.off - b.off || a.num - b.num);
  let have = 0;
  for (const f of sorted) { if (f.off > have) return null; have = Math.max(have, f.off + f.data.length); }
  if (have < fs.total) return null;
  dropSet(key, fs);
  const buf = new Uint8Array(fs.total);
  // fragments past the datagram's end (a bad offset in the last fragment) contribute nothing
  for (const f of sorted) if (f.off < fs.total) buf.set(f.data.subarray(0, Math.min(f.data.length, fs.total - f.off)), f.off);
  if (t.real) {
    const parts = sorted.map(f => `#${f.num}(${f.data.length})`).join(', ');
    const ft = t.add(hf.fragments, tvb, 0, 0, buf).setText(`${sorted.length} IPv4 Fragments (${fs.total} bytes): ${parts}`).generated();
    for (const f of sorted) ft.add(hf.fragment, tvb, 0, 0, f.num).setText(`Frame: ${f.num}, payload: ${f.off}-${f.off + f.data.length - 1} (${f.data.length} bytes)`).generated();
    ft.add(hf.fragment_count, tvb, 0, 0, sorted.length).generated();
    ft.add(hf.reassembled_length, tvb, 0, 0, fs.total).generated();
    const shown = buf.subarray(0, Math.min(36, buf.length));
    let hexs = ''; for (const x of shown) hexs += x.toString(16).padStart(2, '0');
    ft.add(hf.reassembled_data, tvb, 0, 0, buf).setText(`Reassembled IPv4 data: ${hexs}${buf.length > 36 ? '…' : ''}`).generated();
  }
  return Tvb.of(buf);
}

function bin(v: number, bits: number): string {
  let s = '';
  for (let i = bits - 1; i >= 0; i--) { s += (v >> i) & 1 ? '1' : '0'; if (i % 4 === 0 && i) s += ' '; }
  return s;
}

export const ipv4Handle = handle('ip', 'IPv4', dissectIpv4);
tables.ethertype.add(0x0800, ipv4Handle);

tables.ipProto.add(4, ipv4Handle);

/** The version-dispatching "ip" dissector (raw IPv4 link type, BSD AF_INET): 4 → IPv4, 6 → IPv6, else bogus. */
function dissectIp(tvb: Tvb, pkt: Packet, tree: Item): number {
  const version = tvb.u8(0) >> 4;
  if (version === 4) return dissectIpv4(tvb, pkt, tree);
  if (version === 6) { const v6 = tables.ethertype.get(0x86dd); if (v6) return call(v6, tvb, pkt, tree); }
  pkt.protocol.set('IP');
  pkt.info.set(`Bogus IP version (${version})`);
  const t = tree.add(proto, tvb, 0, 1, null).setText(`Internet Protocol, bogus version (${version})`);
  const vi = t.add(hf.version, tvb, 0, 1, version);
  expertAdd(pkt, vi, eiBogusVer, 'Bogus IP version');
  return tvb.reportedRemaining(0);
}
export const ipHandle = handle('ip', 'IPv4', dissectIp);
tables.linktype.add(228, ipHandle);
tables.nullFamily.add(2, ipHandle);
