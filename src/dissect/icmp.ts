// ICMP (packet-icmp.c): echo with request/response tracking, errors with the offending datagram
// dissected inside, timestamps, address masks, router advertisements.
import { onCaptureReset } from './state.js';
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { onesSum, shouldBe } from './cksum.js';
import { dataHandle } from './data.js';
import { expertAdd, expertField } from './expert.js';
import { showException } from './frame.js';
import { Group, type Packet, Severity } from './packet.js';
import { call, handle, tables } from './tables.js';
import { NsTime } from './time.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

export const proto = registerProtocol('icmp', 'Internet Control Message Protocol', 'ICMP');
export const ICMP_TYPE_NAMES = new Map<number, string>([
  [0, 'Echo (ping) reply'], [1, 'Reserved'], [2, 'Reserved'], [3, 'Destination unreachable'], [4, 'Source quench (flow control)'],
  [5, 'Redirect'], [6, 'Alternate host address'], [8, 'Echo (ping) request'], [9, 'Router advertisement'], [10, 'Router solicitation'],
  [11, 'Time-to-live exceeded'], [12, 'Parameter problem'], [13, 'Timestamp request'], [14, 'Timestamp reply'],
  [15, 'Information request'], [16, 'Information reply'], [17, 'Address mask request'], [18, 'Address mask reply'],
  [19, 'Reserved (for security)'], [30, 'Traceroute'], [31, 'Datagram Conversion Error'], [32, 'Mobile Host Redirect'],
  [33, 'IPv6 Where-Are-You'], [34, 'IPv6 I-Am-Here'], [35, 'Mobile Registration Request'], [36, 'Mobile Registration Reply'],
  [37, 'Domain Name Request'], [38, 'Domain Name Reply'], [39, 'SKIP'], [40, 'Photuris'], [41, 'Experimental mobility protocols'],
  [42, 'Extended Echo request'], [43, 'Extended Echo reply'],
]);
const CODES: Record<number, Map<number, string>> = {
  3: new Map([[0, 'Network unreachable'], [1, 'Host unreachable'], [2, 'Protocol unreachable'], [3, 'Port unreachable'],
    [4, 'Fragmentation needed'], [5, 'Source route failed'], [6, 'Destination network unknown'], [7, 'Destination host unknown'],
    [8, 'Source host isolated'], [9, 'Network administratively prohibited'], [10, 'Host administratively prohibited'],
    [11, 'Network unreachable for TOS'], [12, 'Host unreachable for TOS'], [13, 'Communication administratively filtered'],
    [14, 'Host precedence violation'], [15, 'Precedence cutoff in effect']]),
  5: new Map([[0, 'Redirect for network'], [1, 'Redirect for host'], [2, 'Redirect for TOS and network'], [3, 'Redirect for TOS and host']]),
  6: new Map([[0, 'Alternate address for host']]),
  9: new Map([[0, 'Normal router advertisement'], [16, 'Does not route common traffic']]),
  11: new Map([[0, 'Time to live exceeded in transit'], [1, 'Fragment reassembly time exceeded']]),
  12: new Map([[0, 'Pointer indicates the error'], [1, 'Required option missing'], [2, 'Bad length']]),
  40: new Map([[0, 'Bad SPI'], [1, 'Authentication Failed'], [2, 'Decompression Failed'], [3, 'Decryption Failed'], [4, 'Need Authentication'], [5, 'Need Authorization']]),
  42: new Map([[0, 'No error']]),
  43: new Map([[0, 'No error'], [1, 'Malformed Query'], [2, 'No Such Interface'], [3, 'No Such Table Entry'], [4, 'Multiple Interfaces Satisfy Query']]),
};
const STATUS = new Map([[0, 'Bad'], [1, 'Good'], [2, 'Unverified'], [3, 'Not present']]);
export const hf = registerFields(proto, {
  type: { abbrev: 'icmp.type', name: 'Type', type: FT.UINT8, base: BASE.DEC },
  code: { abbrev: 'icmp.code', name: 'Code', type: FT.UINT8, base: BASE.DEC },
  checksum: { abbrev: 'icmp.checksum', name: 'Checksum', type: FT.UINT16, base: BASE.HEX },
  checksum_status: { abbrev: 'icmp.checksum.status', name: 'Checksum Status', type: FT.UINT8, base: BASE.NONE, strings: STATUS },
  unused: { abbrev: 'icmp.unused', name: 'Unused', type: FT.BYTES },
  ident: { abbrev: 'icmp.ident', name: 'Identifier (BE)', type: FT.UINT16, base: BASE.DEC_HEX },
  ident_le: { abbrev: 'icmp.ident_le', name: 'Identifier (LE)', type: FT.UINT16, base: BASE.DEC_HEX },
  seq: { abbrev: 'icmp.seq', name: 'Sequence Number (BE)', type: FT.UINT16, base: BASE.DEC_HEX },
  seq_le: { abbrev: 'icmp.seq_le', name: 'Sequence Number (LE)', type: FT.UINT16, base: BASE.DEC_HEX },
  data_time: { abbrev: 'icmp.data_time', name: 'Timestamp from icmp data', type: FT.ABSOLUTE_TIME, base: BASE.ABSOLUTE_TIME_LOCAL },
  data_time_relative: { abbrev: 'icmp.data_time_relative', name: 'Timestamp from icmp data (relative)', type: FT.RELATIVE_TIME },
  resp_in: { abbrev: 'icmp.resp_in', name: 'Response frame', type: FT.FRAMENUM },
  resp_to: { abbrev: 'icmp.resp_to', name: 'Request frame', type: FT.FRAMENUM },
  resptime: { abbrev: 'icmp.resptime', name: 'Response time', type: FT.DOUBLE },
  no_resp: { abbrev: 'icmp.no_resp', name: 'No response seen', type: FT.NONE },
  mtu: { abbrev: 'icmp.mtu', name: 'MTU of next hop', type: FT.UINT16, base: BASE.DEC },
  redir_gw: { abbrev: 'icmp.redir_gw', name: 'Gateway address', type: FT.IPv4 },
  pointer: { abbrev: 'icmp.pointer', name: 'Pointer', type: FT.UINT32, base: BASE.DEC },
  originate: { abbrev: 'icmp.originate_timestamp', name: 'Originate Timestamp', type: FT.UINT32, base: BASE.DEC },
  receive: { abbrev: 'icmp.receive_timestamp', name: 'Receive Timestamp', type: FT.UINT32, base: BASE.DEC },
  transmit: { abbrev: 'icmp.transmit_timestamp', name: 'Transmit Timestamp', type: FT.UINT32, base: BASE.DEC },
  mask: { abbrev: 'icmp.address_mask', name: 'Address Mask', type: FT.IPv4 },
  num_addrs: { abbrev: 'icmp.num_addrs', name: 'Number of addresses', type: FT.UINT8, base: BASE.DEC },
  addr_entry_size: { abbrev: 'icmp.addr_entry_size', name: 'Address entry size', type: FT.UINT8, base: BASE.DEC },
  lifetime: { abbrev: 'icmp.lifetime', name: 'Lifetime', type: FT.UINT16, base: BASE.DEC },
  router_addr: { abbrev: 'icmp.router_address', name: 'Router address', type: FT.IPv4 },
  pref_level: { abbrev: 'icmp.pref_level', name: 'Preference level', type: FT.INT32, base: BASE.DEC },
  reserved: { abbrev: 'icmp.reserved', name: 'Reserved', type: FT.BYTES },
  length: { abbrev: 'icmp.length', name: 'Length', type: FT.UINT8, base: BASE.DEC },
});
const eiBadCksum = expertField(proto, 'icmp.checksum_bad', Group.Checksum, Severity.Warn, 'Bad checksum');

/** Echo request/reply tracking across packets (single pass: a reply finds its earlier request). */
interface Trans { req: number; reqSec: number; reqNsec: number; rep: number }
const trans = new Map<string, Trans>();

export function resetIcmpState(): void { trans.clear(); }
onCaptureReset(resetIcmpState);

/** Shared by ICMPv6: finds or records an echo transaction; returns the request for a reply. */
export function trackEcho(key: string, isRequest: boolean, pkt: Packet): Trans | undefined {
  let t = trans.get(key);
  if (isRequest) {
    if (!t || t.rep !== 0 || t.req !== pkt.num) { t = { req: pkt.num, reqSec: pkt.tsSec, reqNsec: pkt.tsNsec, rep: 0 }; trans.set(key, t); }
    return undefined;
  }
  if (t && t.req < pkt.num) { t.rep = pkt.num; return t; }
  return undefined;
}

/** Checksum item, verified when the whole message was captured (proto_tree_add_checksum). */
export function addChecksum(tvb: Tvb, pkt: Packet, t: Item, off: number, cks: number, sum: number | null,
  hfC: typeof hf.checksum, hfS: typeof hf.checksum_status, ei: typeof eiBadCksum): void {
  if (sum === null) {
    if (t.real) {
      t.add(hfC, tvb, off, 2, cks).setText(`Checksum: 0x${hex4(cks)} [unverified]`);
      t.add(hfS, tvb, off, 2, 2).setText(`${hfS.name}: Unverified`).generated();
    }
    return;
  }
  if (sum === 0xffff) {
    if (t.real) {
      t.add(hfC, tvb, off, 2, cks).setText(`Checksum: 0x${hex4(cks)} [correct]`);
      t.add(hfS, tvb, off, 2, 1).setText(`${hfS.name}: Good`).generated();
    }
    return;
  }
  const sb = shouldBe(cks, sum);
  const ci = t.add(hfC, tvb, off, 2, cks).setText(`Checksum: 0x${hex4(cks)} incorrect, should be 0x${hex4(sb)}`);
  expertAdd(pkt, ci, ei, `Bad checksum [should be 0x${hex4(sb)}]`);
  t.add(hfS, tvb, off, 2, 0).setText(`${hfS.name}: Bad`).generated();
}
function hex4(v: number): string { return v.toString(16).padStart(4, '0'); }

/** The IPv4 header of the packet being dissected: its TTL (for the Info column). */
export const ip4Ctx = { ttl: 0 };

/** Dissects an embedded datagram (in an ICMP error) without touching the columns or the addresses. */
export function dissectInner(h: ReturnType<typeof handle> | undefined, tvb: Tvb, pkt: Packet, tree: Item): void {
  const pw = pkt.protocol.writable, iw = pkt.info.writable;
  const src = pkt.src, dst = pkt.dst, ns = pkt.netSrc, nd = pkt.netDst, pt = pkt.ptype, sp = pkt.srcport, dp = pkt.destport;
  pkt.protocol.writable = false; pkt.info.writable = false;
  pkt.inErrorPkt = true;
  const saved = pkt.currentProto;
  try { call(h ?? dataHandle, tvb, pkt, tree); } catch (e) {
    showException(e, tvb, pkt, tree);
  } finally {
    pkt.currentProto = saved;
    pkt.inErrorPkt = false;
    pkt.protocol.writable = pw; pkt.info.writable = iw;
    pkt.src = src; pkt.dst = dst; pkt.netSrc = ns; pkt.netDst = nd; pkt.ptype = pt; pkt.srcport = sp; pkt.destport = dp;
  }
}

function dissectIcmp(tvb: Tvb, pkt: Packet, tree: Item): number {
  pkt.protocol.set('ICMP');
  pkt.info.clear();
  const type = tvb.u8(0), code = tvb.u8(1);
  tvb.u16(2);
  const typeStr = ICMP_TYPE_NAMES.get(type) ?? 'Unknown ICMP (obsolete or malformed?)';
  const codes = CODES[type];
  let codeStr = codes ? codes.get(code) ?? `Unknown code: ${code}` : '';
  if ((type === 0 || type === 8) && code === 0) codeStr = '';
  if (type === 3 && code === 4) { /* frag needed: "Fragmentation needed" */ }
  pkt.info.set(typeStr.padEnd(20));
  if (codeStr) pkt.info.append(` (${codeStr})`);
  const t = tree.add(proto, tvb, 0, -1, null);
  const len = tvb.reportedRemaining(0);
  const cks = tvb.u16(2);
  if (t.real) {
    t.add(hf.type, tvb, 0, 1, type).setText(`Type: ${type} (${typeStr})`);
    t.add(hf.code, tvb, 1, 1, code).setText(codeStr ? `Code: ${code} (${codeStr})` : `Code: ${code}`);
  }
  const sum = tvb.remaining(0) >= len && !pkt.fragmented ? onesSum(tvb.buf, tvb.off, len) : null;
  addChecksum(tvb, pkt, t, 2, cks, sum, hf.checksum, hf.checksum_status, eiBadCksum);
  switch (type) {
    case 0: case 8: case 13: case 14: case 15: case 16: case 17: case 18: {
      const id = tvb.u16(4), seq = tvb.u16(6);
      const swap = (v: number): number => ((v & 0xff) << 8) | (v >> 8);
      if (t.real) {
        t.add(hf.ident, tvb, 4, 2, id);
        t.add(hf.ident_le, tvb, 4, 2, swap(id));
        t.add(hf.seq, tvb, 6, 2, seq);
        t.add(hf.seq_le, tvb, 6, 2, swap(seq));
      }
      pkt.info.append(` id=0x${hex4(id)}, seq=${seq}/${swap(seq)}, ttl=${ip4Ctx.ttl}`);
      if (type === 0 || type === 8) {
        const key = `${type === 8 ? keyAddrs(pkt.src.data, pkt.dst.data) : keyAddrs(pkt.dst.data, pkt.src.data)}|${id}|${seq}`;
        const tr = trackEcho(key, type === 8, pkt);
        if (tr) {
          pkt.info.append(` (request in ${tr.req})`);
          if (t.real) {
            t.add(hf.resp_to, tvb, 0, 0, tr.req).setText(`Request frame: ${tr.req}`).generated();
            const dt = (pkt.tsSec - tr.reqSec) * 1000 + (pkt.tsNsec - tr.reqNsec) / 1e6;
            t.add(hf.resptime, tvb, 0, 0, dt).setText(`Response time: ${dt.toFixed(3)} ms`).generated();
          }
        }
        echoData(tvb, pkt, tree, t);
      } else if (type === 13 || type === 14) {
        for (const [i, f] of [[8, hf.originate], [12, hf.receive], [16, hf.transmit]] as const) {
          const v = tvb.u32(i);
          t.add(f, tvb, i, 4, v).setText(`${f.name}: ${v} (${msAfterMidnight(v)})`);
        }
      } else if (type === 17 || type === 18) {
        t.add(hf.mask, tvb, 8, 4, tvb.u32(8));
      }
      break;
    }
    case 3: case 4: case 5: case 11: case 12: {
      if (type === 3 && code === 4) {
        t.add(hf.unused, tvb, 4, 2, tvb.bytes(4, 2));
        t.add(hf.mtu, tvb, 6, 2, tvb.u16(6));
      } else if (type === 5) {
        t.add(hf.redir_gw, tvb, 4, 4, tvb.u32(4));
      } else if (type === 12) {
        t.add(hf.pointer, tvb, 4, 1, tvb.u8(4));
        t.add(hf.unused, tvb, 5, 3, tvb.bytes(5, 3));
      } else {
        t.add(hf.unused, tvb, 4, 4, tvb.bytes(4, 4));
      }
      if (tvb.reportedRemaining(8) > 0) dissectInner(tables.ethertype.get(0x0800), tvb.sub(8), pkt, t);
      break;
    }
    case 9: {
      const n = tvb.u8(4), sz = tvb.u8(5);
      t.add(hf.num_addrs, tvb, 4, 1, n);
      t.add(hf.addr_entry_size, tvb, 5, 1, sz);
      t.add(hf.lifetime, tvb, 6, 2, tvb.u16(6));
      for (let i = 0; i < n; i++) {
        const o = 8 + i * sz * 4;
        t.add(hf.router_addr, tvb, o, 4, tvb.u32(o));
        t.add(hf.pref_level, tvb, o + 4, 4, tvb.u32(o + 4) | 0);
      }
      break;
    }
    case 10:
      t.add(hf.reserved, tvb, 4, 4, tvb.bytes(4, 4));
      break;
    default:
      if (tvb.reportedRemaining(4) > 0) call(dataHandle, tvb.sub(4), pkt, t);
  }
  return tvb.reportedRemaining(0);
}

function msAfterMidnight(v: number): string {
  return `${(v / 1000).toFixed(3)} seconds after midnight UTC`;
}

function keyAddrs(a: Uint8Array | null, b: Uint8Array | null): string {
  let s = '';
  if (a) for (const x of a) s += String.fromCharCode(x);
  s += '>';
  if (b) for (const x of b) s += String.fromCharCode(x);
  return s;
}
export { keyAddrs };

/** The echo payload: a timeval at its start (BE or LE) when it is close to the frame time, then data. */
function echoData(tvb: Tvb, pkt: Packet, tree: Item, t: Item): void {
  void tree;
  if (tvb.remaining(8) < 8) {
    if (tvb.remaining(8) > 0) call(dataHandle, tvb.sub(8), pkt, t);
    return;
  }
  let secs = tvb.u32(8), usecs = tvb.u32(12);
  const near = (s: number): boolean => Math.abs((s - pkt.tsSec) | 0) < 3600 * 24;
  if (!near(secs) || usecs >= 1000000) { secs = tvb.u32le(8); usecs = tvb.u32le(12); }
  if (near(secs) && usecs < 1000000) {
    if (t.real) {
      const ts = new NsTime(secs, usecs * 1000);
      t.add(hf.data_time, tvb, 8, 8, ts);
      t.add(hf.data_time_relative, tvb, 8, 8, NsTime.diff(pkt.tsSec, pkt.tsNsec, secs, usecs * 1000)).generated();
    }
    if (tvb.reportedRemaining(16) > 0) call(dataHandle, tvb.sub(16), pkt, t);
  } else {
    call(dataHandle, tvb.sub(8), pkt, t);
  }
}

export const icmpHandle = handle('icmp', 'ICMP', dissectIcmp);
tables.ipProto.add(1, icmpHandle);
