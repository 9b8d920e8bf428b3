// The frame: the root of every packet's tree, and where dissection exceptions become tshark's markers.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { dataHandle } from './data.js';
import { Group, type Packet, Severity } from './packet.js';
import { call, tables, type Handle } from './tables.js';
import { NsTime } from './time.js';
import type { Item } from './tree.js';
import { DissectException, Exc, Tvb } from './tvb.js';
import { linktypeName } from './linktypes.js';

export const proto = registerProtocol('frame', 'Frame', 'Frame');
export const hf = registerFields(proto, {
  section_number: { abbrev: 'frame.section_number', name: 'Section number', type: FT.UINT32, base: BASE.DEC },
  interface_id: { abbrev: 'frame.interface_id', name: 'Interface id', type: FT.UINT32, base: BASE.DEC },
  interface_name: { abbrev: 'frame.interface_name', name: 'Interface name', type: FT.STRING },
  interface_description: { abbrev: 'frame.interface_description', name: 'Interface description', type: FT.STRING },
  encap_type: { abbrev: 'frame.encap_type', name: 'Encapsulation type', type: FT.INT16, base: BASE.DEC },
  time: { abbrev: 'frame.time', name: 'Arrival Time', type: FT.ABSOLUTE_TIME, base: BASE.ABSOLUTE_TIME_LOCAL },
  time_epoch: { abbrev: 'frame.time_epoch', name: 'Epoch Time', type: FT.RELATIVE_TIME },
  offset_shift: { abbrev: 'frame.offset_shift', name: 'Time shift for this packet', type: FT.RELATIVE_TIME },
  time_delta: { abbrev: 'frame.time_delta', name: 'Time delta from previous captured frame', type: FT.RELATIVE_TIME },
  time_delta_displayed: { abbrev: 'frame.time_delta_displayed', name: 'Time delta from previous displayed frame', type: FT.RELATIVE_TIME },
  time_relative: { abbrev: 'frame.time_relative', name: 'Time since reference or first frame', type: FT.RELATIVE_TIME },
  number: { abbrev: 'frame.number', name: 'Frame Number', type: FT.UINT32, base: BASE.DEC },
  len: { abbrev: 'frame.len', name: 'Frame Length', type: FT.UINT32, base: BASE.DEC },
  cap_len: { abbrev: 'frame.cap_len', name: 'Capture Length', type: FT.UINT32, base: BASE.DEC },
  marked: { abbrev: 'frame.marked', name: 'Frame is marked', type: FT.BOOLEAN },
  ignored: { abbrev: 'frame.ignored', name: 'Frame is ignored', type: FT.BOOLEAN },
  protocols: { abbrev: 'frame.protocols', name: 'Protocols in frame', type: FT.STRING },
});

/** Protocol items that mark the exceptions (tshark's "_ws.short" and "_ws.malformed"). */
const wsShort = registerProtocol('_ws.short', '[Packet size limited during capture]', 'Short');
const wsMalformed = registerProtocol('_ws.malformed', 'Malformed Packet', 'Malformed');
export const wsExpert = registerProtocol('_ws.expert', 'Expert Info', 'Expert');

export interface FrameContext {
  /** Interface names by id, for frame.interface_name (pcapng only). */
  ifaceName?: (id: number) => string | undefined;
  ifaceDescription?: (id: number) => string | undefined;
  /** True for pcapng files: tshark shows the interface lines only then. */
  hasInterfaces: boolean;
}

function bits(n: number): string { return `${n} byte${n === 1 ? '' : 's'} (${n * 8} bits)`; }

export function dissectFrame(pkt: Packet, tree: Item, ctx: FrameContext): void {
  const tvb = new Tvb(pkt.data, 0, pkt.caplen, Math.max(pkt.len, pkt.caplen));
  pkt.layers.push('frame');
  pkt.currentProto = 'Frame';
  const ft = tree.add(proto, tvb, 0, -1, null);
  let protoItem: Item | null = null;
  if (ft.real) {
    let head = `Frame ${pkt.num}: ${pkt.len} byte${pkt.len === 1 ? '' : 's'} on wire (${pkt.len * 8} bits), ${pkt.caplen} byte${pkt.caplen === 1 ? '' : 's'} captured (${pkt.caplen * 8} bits)`;
    // tshark names an interface by its if_name, else its if_description, else "unknown"
    const desc = ctx.hasInterfaces ? ctx.ifaceDescription?.(pkt.ifaceId) : undefined;
    const name = ctx.hasInterfaces ? ctx.ifaceName?.(pkt.ifaceId) ?? desc ?? 'unknown' : '';
    if (ctx.hasInterfaces) head += ` on interface ${name}, id ${pkt.ifaceId}`;
    ft.setText(head);
    if (ctx.hasInterfaces) {
      if (pkt.section) ft.add(hf.section_number, tvb, 0, 0, pkt.section);
      const it = ft.add(hf.interface_id, tvb, 0, 0, pkt.ifaceId);
      it.appendText(` (${name})`); it.add(hf.interface_name, tvb, 0, 0, name);
      if (desc !== undefined) it.add(hf.interface_description, tvb, 0, 0, desc);
    }
    ft.add(hf.encap_type, tvb, 0, 0, linktypeToEncap(pkt.linktype)).setText(`Encapsulation type: ${linktypeName(pkt.linktype)} (${linktypeToEncap(pkt.linktype)})`);
    const t = new NsTime(pkt.tsSec, pkt.tsNsec);
    ft.add(hf.time, tvb, 0, 0, t);
    ft.add(hf.offset_shift, tvb, 0, 0, new NsTime(0, 0)).generated();
    ft.add(hf.time_epoch, tvb, 0, 0, t);
    ft.add(hf.time_delta, tvb, 0, 0, new NsTime(pkt.deltaSec, pkt.deltaNsec)).generated();
    ft.add(hf.time_delta_displayed, tvb, 0, 0, new NsTime(pkt.deltaDispSec, pkt.deltaDispNsec)).generated();
    ft.add(hf.time_relative, tvb, 0, 0, new NsTime(pkt.relSec, pkt.relNsec)).generated();
    ft.add(hf.number, tvb, 0, 0, pkt.num);
    ft.add(hf.len, tvb, 0, 0, pkt.len).setText(`Frame Length: ${bits(pkt.len)}`);
    ft.add(hf.cap_len, tvb, 0, 0, pkt.caplen).setText(`Capture Length: ${bits(pkt.caplen)}`);
    ft.add(hf.marked, tvb, 0, 0, false).generated();
    ft.add(hf.ignored, tvb, 0, 0, false).generated();
    protoItem = ft.add(hf.protocols, tvb, 0, 0, '').generated();
  }
  const h = tables.linktype.get(pkt.linktype);
  callCatching(h ?? dataHandle, tvb, pkt, tree);
  if (protoItem && protoItem.real) (protoItem as unknown as { value: string }).value = pkt.layers.slice(1).join(':');
}

/** Calls a dissector and turns an exception into tshark's marker, as show_exception does. */
export function callCatching(h: Handle, tvb: Tvb, pkt: Packet, tree: Item): number {
  try {
    return call(h, tvb, pkt, tree);
  } catch (e) {
    showException(e, tvb, pkt, tree);
    return tvb.reportedRemaining(0);
  }
}

export function showException(e: unknown, tvb: Tvb, pkt: Packet, tree: Item): void {
  const kind = e instanceof DissectException ? e.kind : Exc.DissectorError;
  const cur = pkt.currentProto;
  pkt.malformed = true;
  switch (kind) {
    case Exc.Bounds:
      pkt.info.append('[Packet size limited during capture]');
      tree.add(wsShort, tvb, 0, 0, null).setText(`[Packet size limited during capture: ${cur} truncated]`);
      break;
    case Exc.ContainedBounds:
      pkt.info.append('[Malformed Packet: length of contained item exceeds length of containing item]');
      malformed(tvb, pkt, tree, cur, 'length of contained item exceeds length of containing item');
      break;
    case Exc.ReportedBounds:
      pkt.info.append('[Malformed Packet]');
      malformed(tvb, pkt, tree, cur, '');
      break;
    default: {
      const msg = e instanceof Error ? e.message : String(e);
      pkt.info.append(`[Dissector bug, protocol ${cur}: ${msg}]`);
      pkt.addExpert(Severity.Error, Group.Malformed, '_ws.malformed.expert', `${cur}: ${msg}`, cur);
      if (process.env.TYPESHARK_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    }
  }
}

function malformed(tvb: Tvb, pkt: Packet, tree: Item, cur: string, why: string): void {
  const t = tree.add(wsMalformed, tvb, 0, 0, null).setText(`[Malformed Packet: ${cur}${why ? `: ${why}` : ''}]`);
  if (t.real) {
    const e = t.add(wsExpert, tvb, 0, 0, null).setText('Expert Info (Error/Malformed): Malformed Packet (Exception occurred)').generated();
    e.addText(tvb, 0, 0, 'Malformed Packet (Exception occurred)').generated();
    e.addText(tvb, 0, 0, 'Severity level: Error').generated();
    e.addText(tvb, 0, 0, 'Group: Malformed').generated();
  }
  pkt.addExpert(Severity.Error, Group.Malformed, '_ws.malformed.expert', 'Malformed Packet (Exception occurred)', cur);
}

/** Wireshark's WTAP_ENCAP_* numbers for the link types we read (frame.encap_type). */
export function linktypeToEncap(lt: number): number {
  switch (lt) {
    case 1: return 1;        // Ethernet
    case 0: return 15;       // NULL
    case 108: return 174;    // OpenBSD loopback (WTAP_ENCAP_LOOP)
    case 101: case 12: case 14: return 7; // raw IP
    case 228: return 129;    // raw IPv4
    case 229: return 130;    // raw IPv6
    case 113: return 25;     // Linux cooked
    case 276: return 210;    // SLL2
    default: return -lt;
  }
}
