// IPv4 options (packet-ip.c's ip_opt_*): the -V tree of each option, and the final destination that a
// source-route option names (it becomes the packet's destination address).
import { registerFields } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { ipv4NumToStr } from './address.js';
import { expertAdd, expertField } from './expert.js';
import { Group, type Packet, Severity } from './packet.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';
import type { FieldDef } from '../fields/types.js';

const CLASSES = new Map([[0, 'Control'], [1, 'Reserved for future use'], [2, 'Debugging and measurement'], [3, 'Reserved for future use']]);
const NUMBERS = new Map([[0, 'End of Option List (EOL)'], [1, 'No-Operation (NOP)'], [2, 'Security'], [3, 'Loose source route'], [4, 'Time stamp'],
  [5, 'Extended security'], [6, 'Commercial IP security option'], [7, 'Record route'], [8, 'Stream identifier'], [9, 'Strict source route'],
  [10, 'Experimental Measurement'], [11, 'MTU probe'], [12, 'MTU Reply'], [13, 'Experimental Flow Control'], [14, 'Experimental Access Control'],
  [15, 'Ask Estrin'], [16, 'IMI Traffic Descriptor'], [17, 'Extended Internet Protocol'], [18, 'Traceroute'], [19, 'Address Extension'],
  [20, 'Router Alert'], [21, 'Selective Directed Broadcast'], [22, 'Unassigned'], [23, 'Dynamic Packet State'], [24, 'Upstream Multicast Packet'],
  [25, 'Quick-Start'], [30, 'RFC 3692-style experiment']]);
/** Names in "IP Option - <name>", by option type. */
const NAMES = new Map([[0, 'End of Options List (EOL)'], [1, 'No-Operation (NOP)'], [130, 'Security'], [133, 'Extended Security'],
  [134, 'Commercial Security'], [7, 'Record Route'], [131, 'Loose Source Route'], [137, 'Strict Source Route'], [68, 'Time Stamp'],
  [148, 'Router Alert'], [136, 'Stream Identifier'], [82, 'Traceroute'], [11, 'MTU Probe'], [12, 'MTU Reply'], [25, 'Quick-Start'],
  [149, 'Selective Directed Broadcast'], [30, 'RFC 3692-style experiment'], [94, 'RFC 3692-style experiment'], [158, 'RFC 3692-style experiment'],
  [222, 'RFC 3692-style experiment']]);
const TS_FLAGS = new Map([[0, 'Time stamps only'], [1, 'Time stamp and address'], [3, 'Time stamps for prespecified addresses']]);
const RA = new Map([[0, 'Router shall examine packet']]);

function fields(proto: FieldDef) {
  return registerFields(proto, {
  opt_type: { abbrev: 'ip.opt.type', name: 'Type', type: FT.UINT8, base: BASE.DEC },
  opt_copy: { abbrev: 'ip.opt.type.copy', name: 'Copy on fragmentation', type: FT.BOOLEAN, base: 8, mask: 0x80, tfs: { t: 'Yes', f: 'No' } },
  opt_class: { abbrev: 'ip.opt.type.class', name: 'Class', type: FT.UINT8, base: BASE.DEC, mask: 0x60, strings: CLASSES },
  opt_number: { abbrev: 'ip.opt.type.number', name: 'Number', type: FT.UINT8, base: BASE.DEC, mask: 0x1f, strings: NUMBERS },
  opt_len: { abbrev: 'ip.opt.len', name: 'Length', type: FT.UINT8, base: BASE.DEC },
  opt_ptr: { abbrev: 'ip.opt.ptr', name: 'Pointer', type: FT.UINT8, base: BASE.DEC },
  opt_ra: { abbrev: 'ip.opt.ra', name: 'Router Alert', type: FT.UINT16, base: BASE.DEC, strings: RA },
  opt_sid: { abbrev: 'ip.opt.sid', name: 'Stream Identifier', type: FT.UINT16, base: BASE.DEC },
  opt_mtu: { abbrev: 'ip.opt.mtu', name: 'MTU', type: FT.UINT16, base: BASE.DEC },
  opt_overflow: { abbrev: 'ip.opt.overflow', name: 'Overflow', type: FT.UINT8, base: BASE.DEC, mask: 0xf0 },
  opt_flag: { abbrev: 'ip.opt.flag', name: 'Flag', type: FT.UINT8, base: BASE.HEX, mask: 0x0f, strings: TS_FLAGS },
  opt_time_stamp: { abbrev: 'ip.opt.time_stamp', name: 'Time stamp', type: FT.UINT32, base: BASE.DEC },
  opt_addr: { abbrev: 'ip.opt.addr', name: 'IP Address', type: FT.IPv4 },
  rec_rt: { abbrev: 'ip.rec_rt', name: 'Recorded Route', type: FT.IPv4 },
  empty_rt: { abbrev: 'ip.empty_rt', name: 'Empty Route', type: FT.IPv4 },
  src_rt: { abbrev: 'ip.src_rt', name: 'Source Route', type: FT.IPv4 },
  cur_rt: { abbrev: 'ip.cur_rt', name: 'Current Route', type: FT.IPv4 },
  opt_data: { abbrev: 'ip.opt.data', name: 'Data', type: FT.BYTES },
  options: { abbrev: 'ip.options', name: 'Options', type: FT.NONE },
  });
}
let hf: ReturnType<typeof fields>;
let eiPastEnd: ReturnType<typeof expertField>;
let eiSubPastEnd: ReturnType<typeof expertField>;
/** Registers the option fields under IPv4 (called by ipv4.ts once its protocol exists). */
export function registerOptionFields(proto: FieldDef): FieldDef {
  hf = fields(proto);
  eiPastEnd = expertField(proto, 'ip.opt.len.invalid', Group.Protocol, Severity.Warn, 'Option length invalid');
  eiSubPastEnd = expertField(proto, 'ip.opt.subopt_past_end', Group.Protocol, Severity.Warn, 'Suboption would go past end of option');
  return hf.cur_rt;
}

/** The final destination named by a loose/strict source route option still in use, or -1. */
export function sourceRouteDst(tvb: Tvb, hlen: number): { off: number } | null {
  // options cut by the snapshot length are not looked at (the header's destination stands)
  if (hlen > tvb.len) return null;
  let o = 20;
  while (o < hlen && o < tvb.len) {
    const type = tvb.buf[tvb.off + o]!;
    if (type === 0) break;
    if (type === 1) { o++; continue; }
    if (o + 1 >= hlen || o + 1 >= tvb.len) break;
    const len = tvb.buf[tvb.off + o + 1]!;
    if (len < 2 || o + len > hlen) break;
    if ((type === 131 || type === 137) && len >= 7 && o + len <= tvb.len) {
      const ptr = tvb.buf[tvb.off + o + 2]!;
      const n = Math.floor((len - 3) / 4);
      if (n > 0 && ptr <= len) return { off: o + 3 + 4 * (n - 1) };
    }
    o += len;
  }
  return null;
}

function typeTree(t: Item, tvb: Tvb, o: number, type: number): void {
  const ti = t.add(hf.opt_type, tvb, o, 1, type);
  ti.add(hf.opt_copy, tvb, o, 1, (type & 0x80) !== 0);
  ti.add(hf.opt_class, tvb, o, 1, (type >> 5) & 3);
  ti.add(hf.opt_number, tvb, o, 1, type & 0x1f);
}

/** Adds the "Options: (N bytes), …" subtree for bytes 20..hlen of the header. */
export function dissectOptions(tvb: Tvb, hlen: number, pkt: Packet, ipTree: Item): void {
  const n = hlen - 20;
  const ot = ipTree.add(hf.options, tvb, 20, n, null).setText(`Options: (${n} bytes)`);
  let o = 20;
  const names: string[] = [];
  while (o < hlen) {
    const type = tvb.u8(o);
    const name = NAMES.get(type) ?? `Unknown (0x${type.toString(16).padStart(2, '0')})`;
    if (type === 0 || type === 1) {
      const it = ot.addText(tvb, o, 1, `IP Option - ${name}`);
      typeTree(it, tvb, o, type);
      o++;
      if (type === 0) break;
      continue;
    }
    if (o + 1 >= hlen) {
      ot.addText(tvb, o, 1, `${name} (length byte past end of options)`);
      break;
    }
    const len = tvb.u8(o + 1);
    if (len < 2) {
      const it = ot.addText(tvb, o, 2, `${name} (with too-short option length = ${len} byte${len === 1 ? '' : 's'})`);
      expertAdd(pkt, it, eiPastEnd, `${name} (with too-short option length = ${len} byte${len === 1 ? '' : 's'})`);
      break;
    }
    if (o + len > hlen) {
      const msg = `${name} (option length = ${len} byte${len === 1 ? '' : 's'} says option goes past end of options)`;
      const it = ot.addText(tvb, o, hlen - o, msg);
      expertAdd(pkt, it, eiPastEnd, msg);
      break;
    }
    if (NAMES.has(type)) names.push(name);
    const it = ot.addText(tvb, o, len, `IP Option - ${name} (${len} bytes)`);
    typeTree(it, tvb, o, type);
    it.add(hf.opt_len, tvb, o + 1, 1, len);
    optionBody(tvb, o, len, type, pkt, it);
    o += len;
  }
  if (names.length && ot.real) ot.appendText(', ' + names.join(', '));
}

function optionBody(tvb: Tvb, o: number, len: number, type: number, pkt: Packet, it: Item): void {
  switch (type) {
    case 148: {
      const v = tvb.u16(o + 2);
      it.add(hf.opt_ra, tvb, o + 2, 2, v);
      if (it.real) it.appendText(`: ${RA.get(v) ?? 'Reserved'} (${v})`);
      break;
    }
    case 7: case 131: case 137: {
      const ptr = tvb.u8(o + 2);
      it.add(hf.opt_ptr, tvb, o + 2, 1, ptr);
      const n = Math.floor((len - 3) / 4);
      for (let i = 0; i < n; i++) {
        const a = o + 3 + 4 * i, v = tvb.u32(a), pos = 4 + 4 * i;
        if (type === 7) {
          if (pos < ptr) it.add(hf.rec_rt, tvb, a, 4, v).setText(`Recorded Route: ${ipv4NumToStr(v)}`);
          else it.add(hf.empty_rt, tvb, a, 4, v).setText(`Empty Route: ${ipv4NumToStr(v)}${pos === ptr ? ' <- (next)' : ''}`);
        } else if (i === n - 1 && ptr <= len) {
          it.add(hf.opt_addr, tvb, a, 4, v).setText(`Destination Address: ${ipv4NumToStr(v)}`);
        } else {
          it.add(hf.src_rt, tvb, a, 4, v).setText(`Source Route: ${ipv4NumToStr(v)}${pos === ptr ? ' <- (next)' : ''}`);
        }
      }
      break;
    }
    case 68: {
      const ptr = tvb.u8(o + 2), b = tvb.u8(o + 3);
      it.add(hf.opt_ptr, tvb, o + 2, 1, ptr);
      it.add(hf.opt_overflow, tvb, o + 3, 1, b >> 4);
      it.add(hf.opt_flag, tvb, o + 3, 1, b & 15);
      const flag = b & 15;
      let p = o + 4;
      while (p < o + len) {
        if (flag === 1 || flag === 3) {
          if (p + 8 > o + len) { const e = it.addText(tvb, p, o + len - p, 'Suboption would go past end of option'); expertAdd(pkt, e, eiSubPastEnd); break; }
          it.add(hf.opt_addr, tvb, p, 4, tvb.u32(p)).setText(`Address: ${ipv4NumToStr(tvb.u32(p))}`);
          it.add(hf.opt_time_stamp, tvb, p + 4, 4, tvb.u32(p + 4));
          p += 8;
        } else {
          if (p + 4 > o + len) { const e = it.addText(tvb, p, o + len - p, 'Suboption would go past end of option'); expertAdd(pkt, e, eiSubPastEnd); break; }
          it.add(hf.opt_time_stamp, tvb, p, 4, tvb.u32(p));
          p += 4;
        }
      }
      break;
    }
    case 136: it.add(hf.opt_sid, tvb, o + 2, 2, tvb.u16(o + 2)); break;
    case 11: case 12: it.add(hf.opt_mtu, tvb, o + 2, 2, tvb.u16(o + 2)); break;
    default: if (len > 2) it.add(hf.opt_data, tvb, o + 2, len - 2, tvb.bytes(o + 2, len - 2));
  }
}
