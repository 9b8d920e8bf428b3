// The one-line packet summary: tshark's default columns, padded the way print_columns pads them.
import { addressToStr, AT } from '../dissect/address.js';
import type { Packet } from '../dissect/packet.js';
import { formatTime, type TimeFormat } from './timefmt.js';

export interface SummaryOptions { timeFormat: TimeFormat; hms: boolean; /** fraction digits; -1 = the packet's own precision */ precision: number }

export function padLeft(s: string, w: number): string { return s.length >= w ? s : ' '.repeat(w - s.length) + s; }
export function padRight(s: string, w: number): string { return s.length >= w ? s : s + ' '.repeat(w - s.length); }

// An address, when a dissector set one, replaces whatever text a lower layer put in the column (col_fill_in).
export function srcColumn(p: Packet): string { return p.src.type !== AT.NONE ? addressToStr(p.src) : p.colSrcOverride ?? ''; }
export function dstColumn(p: Packet): string { return p.dst.type !== AT.NONE ? addressToStr(p.dst) : p.colDstOverride ?? ''; }

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
