// The one-line packet summary: tshark's default columns, padded the way print_columns pads them.
import { addressToStr, AT } from '../dissect/address.js';
import type { Packet } from '../dissect/packet.js';
import { etherName } from '../resolve/ether.js';
import { resolveFlags } from '../resolve/flags.js';
import type { Address } from '../dissect/address.js';
import { formatTime, type TimeFormat } from './timefmt.js';

export interface SummaryOptions { timeFormat: TimeFormat; hms: boolean; /** fraction digits; -1 = the packet's own precision */ precision: number }

export function padLeft(s: string, w: number): string { return s.length >= w ? s : ' '.repeat(w - s.length) + s; }
export function padRight(s: string, w: number): string { return s.length >= w ? s : s + ' '.repeat(w - s.length); }

// An address, when a dissector set one, replaces whatever text a lower layer put in the column (col_fill_in).
export function srcColumn(p: Packet): string { return p.src.type !== AT.NONE ? columnAddress(p.src) : p.colSrcOverride ?? ''; }
export function dstColumn(p: Packet): string { return p.dst.type !== AT.NONE ? columnAddress(p.dst) : p.colDstOverride ?? ''; }

/** An address as the Source/Destination columns show it: resolved when name resolution allows. */
function columnAddress(a: Address): string {
  if (a.type === AT.ETHER && resolveFlags.mac && a.data) return etherName(a.data);
  return addressToStr(a);
}

export function timeColumn(p: Packet, o: SummaryOptions, tsDigits: number): string {
  return formatTime(p, o.timeFormat, o.precision >= 0 ? o.precision : tsDigits, o.hms);
}

export function summaryLine(p: Packet, o: SummaryOptions, tsDigits: number): string {
  return padLeft(String(p.num), 5) + ' ' +
    padLeft(timeColumn(p, o, tsDigits), 10) + ' ' +
    padLeft(srcColumn(p), 12) + ' → ' +
    padRight(dstColumn(p), 12) + ' ' +
    p.protocol.text + ' ' + p.len + ' ' + p.info.text + '\n';
}
