// Byte ranges of a regular capture file (--workers): where a file can be cut at record boundaries, and a reader of
// one range. Split points are found by looking for a chain of plausible record headers (pcap) or blocks (pcapng); a
// reader of the range before a split point must then end exactly on it, which proves the point was a boundary (the
// first range starts at a known boundary). Gzip-compressed files, pipes and stdin are never split.
import * as fs from 'node:fs';
import { isPcapMagic, PCAP_HEADER_LEN, PcapParser } from './pcap.js';
import { PCAPNG_SHB, PcapngParser } from './pcapng.js';
import type { FormatParser, InterfaceInfo, RecordSink } from './record.js';

/** What every range reader needs to know about the file, read from its start. */
export interface RangePlan {
  format: 'pcap' | 'pcapng';
  size: number;
  /** pcap: the file header (24 bytes). */
  header: Uint8Array;
  /** pcapng: byte order and the interfaces declared before the first packet. */
  le: boolean;
  interfaces: InterfaceInfo[];
  /** Where the first range starts: after the pcap file header, or 0 for pcapng (its header blocks are read). */
  dataStart: number;
  /** The first record's time (relative times and io,stat intervals count from it); null: no record. */
  firstSec: number;
  firstNsec: number;
  /** pcap: the header's snapshot length and timestamp resolution. */
  snaplen: number;
  nano: boolean;
}

const PROBE = 1 << 20;
const MAX_PCAP_RECORD = 262144;

function u32(b: Uint8Array, o: number, le: boolean): number {
  return le ? (b[o]! | b[o + 1]! << 8 | b[o + 2]! << 16 | b[o + 3]! << 24) >>> 0
    : (b[o]! << 24 | b[o + 1]! << 16 | b[o + 2]! << 8 | b[o + 3]!) >>> 0;
}

/**
 * Reads the start of a capture file and returns what range readers need; null when the file cannot be split (not a
 * regular file, compressed, an unknown format, no record in its first MiB, or anything odd: the caller reads it whole,
 * and reports its errors).
 */
export function probeRanges(path: string): RangePlan | null {
  let fd = -1;
  try {
    const st = fs.statSync(path);
    if (!st.isFile()) return null;
    fd = fs.openSync(path, 'r');
    const head = new Uint8Array(Math.min(PROBE, st.size));
    const n = readFully(fd, head, 0);
    const h = head.subarray(0, n);
    if (n < 24 || (h[0] === 0x1f && h[1] === 0x8b)) return null;
    const magic = u32(h, 0, false);
    let first: { sec: number; nsec: number } | null = null;
    const sink: RecordSink = rec => { first = { sec: rec.tsSec, nsec: rec.tsNsec }; return false; };
    if (isPcapMagic(magic)) {
      const p = new PcapParser(h);
      p.parse(h, PCAP_HEADER_LEN, n, sink);
      if (!first) return null;
      const le = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
      const f = first as { sec: number; nsec: number };
      return { format: 'pcap', size: st.size, header: h.slice(0, PCAP_HEADER_LEN), le, interfaces: [], dataStart: PCAP_HEADER_LEN,
        firstSec: f.sec, firstNsec: f.nsec, snaplen: u32(h, 16, le), nano: magic === 0xa1b23c4d || magic === 0x4d3cb2a1 };
    }
    if (magic === PCAPNG_SHB) {
      const p = new PcapngParser();
      p.parse(h, 0, n, sink);
      if (!first || p.sections !== 1) return null;
      const f = first as { sec: number; nsec: number };
      return { format: 'pcapng', size: st.size, header: new Uint8Array(0), le: p.littleEndian, interfaces: p.interfaces.map(i => ({ ...i })),
        dataStart: 0, firstSec: f.sec, firstNsec: f.nsec, snaplen: 0, nano: false };
    }
    return null;
  } catch {
    return null;
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
}

function readFully(fd: number, buf: Uint8Array, pos: number): number {
  let got = 0;
  while (got < buf.length) {
    const n = fs.readSync(fd, buf, got, buf.length - got, pos + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** How many following records a candidate split point must chain through (or reach the end of the file exactly). */
const CHAIN = 8;
/** How far past a target offset a split point is looked for. */
const WINDOW = 4 << 20;

/**
 * True when a plausible pcap record header chain starts at buf[i]: CHAIN headers, each with caplen within the
 * snapshot length and the record limit and not above the original length, a sub-second fraction in range, and
 * seconds within ten years of the first record's; `base` is buf's file offset.
 */
export function pcapChainAt(plan: RangePlan, buf: Uint8Array, len: number, i: number, base: number): boolean {
  const le = plan.le, fracMax = plan.nano ? 1e9 : 1e6;
  const capMax = plan.snaplen > 0 && plan.snaplen < MAX_PCAP_RECORD ? plan.snaplen : MAX_PCAP_RECORD;
  let p = i;
  for (let k = 0; k < CHAIN; k++) {
    if (base + p === plan.size) return k > 0;
    if (p + 16 > len) return false;
    const sec = u32(buf, p, le), frac = u32(buf, p + 4, le), incl = u32(buf, p + 8, le), orig = u32(buf, p + 12, le);
    if (frac >= fracMax || incl > capMax || incl > orig || incl === 0) return false;
    if (Math.abs(sec - plan.firstSec) > 315360000) return false;
    p += 16 + incl;
    if (base + p > plan.size) return false;
  }
  return true;
}

const KNOWN_BLOCK = new Set([3, 4, 5, 6, 2, 9, 10, 0x40000bad, 0x40000bac]);
const EPB = 6;

/** True when a chain of plausible pcapng blocks starts at buf[i] (4-aligned), the first an Enhanced Packet Block. */
export function pcapngChainAt(plan: RangePlan, buf: Uint8Array, len: number, i: number, base: number): boolean {
  const le = plan.le;
  let p = i;
  for (let k = 0; k < CHAIN; k++) {
    if (base + p === plan.size) return k > 0;
    if (p + 12 > len) return false;
    const type = u32(buf, p, le), blen = u32(buf, p + 4, le);
    if (k === 0 ? type !== EPB : !KNOWN_BLOCK.has(type)) return false;
    if (blen < 12 || blen % 4 !== 0 || p + blen > len) return false;
    if (u32(buf, p + blen - 4, le) !== blen) return false;
    if (type === EPB) {
      if (blen < 32) return false;
      const id = u32(buf, p + 8, le), caplen = u32(buf, p + 20, le), orig = u32(buf, p + 24, le);
      if (id >= plan.interfaces.length || caplen > blen - 32 || caplen > orig) return false;
    }
    p += blen;
  }
  return true;
}

/**
 * Up to n-1 split points, roughly n equal parts of the data, each the start of a plausible record chain found near its
 * target; returns the range boundaries [dataStart, s1, ..., size] (fewer ranges when a split point is not found).
 */
export function splitRanges(path: string, plan: RangePlan, n: number): number[] {
  const cuts = [plan.dataStart];
  const fd = fs.openSync(path, 'r');
  try {
    const buf = new Uint8Array(WINDOW);
    const data = plan.size - plan.dataStart;
    for (let k = 1; k < n; k++) {
      let target = plan.dataStart + Math.floor(data * k / n);
      if (plan.format === 'pcapng') target -= target % 4;
      if (target <= cuts[cuts.length - 1]!) continue;
      const got = readFully(fd, buf, target);
      const at = findChain(plan, buf, got, target);
      if (at >= 0 && target + at > cuts[cuts.length - 1]! && target + at < plan.size) cuts.push(target + at);
    }
  } finally {
    fs.closeSync(fd);
  }
  cuts.push(plan.size);
  return cuts;
}

/** The first offset in buf[0, len) where a record chain starts, or -1. */
export function findChain(plan: RangePlan, buf: Uint8Array, len: number, base: number): number {
  if (plan.format === 'pcap') {
    for (let i = 0; i + 16 <= len; i++) if (pcapChainAt(plan, buf, len, i, base)) return i;
  } else {
    for (let i = 0; i + 12 <= len; i += 4) if (pcapngChainAt(plan, buf, len, i, base)) return i;
  }
  return -1;
}

/** A parser positioned for a range that starts at `start` (the file's own start for the first range). */
export function rangeParser(plan: RangePlan, start: number): FormatParser {
  if (plan.format === 'pcap') return new PcapParser(plan.header);
  const p = new PcapngParser();
  if (start > 0) p.resume(plan.le, plan.interfaces);
  return p;
}

const CHUNK = 4 * 1024 * 1024;

/**
 * Reads the records of [start, end) of an open file into sink; returns the offset where parsing stopped: `end` when the
 * range held whole records only. Throws the parser's CaptureError on a bad record.
 */
export function readRange(fd: number, parser: FormatParser, start: number, end: number, sink: RecordSink,
  progress?: (pos: number) => void, scratch?: { buf: Uint8Array }): number {
  // one buffer per reader, kept in `scratch` from range to range
  const size = Math.min(CHUNK, Math.max(end - start, 16));
  let buf = scratch && scratch.buf.length >= size ? scratch.buf : new Uint8Array(size);
  if (scratch) scratch.buf = buf;
  let pos = start, have = 0, off = 0;
  for (;;) {
    // fill
    while (have < buf.length && pos < end) {
      const want = Math.min(buf.length - have, end - pos);
      const n = fs.readSync(fd, buf, have, want, pos);
      if (n === 0) { end = pos; break; }
      have += n; pos += n;
    }
    off = parser.parse(buf, off, have, sink);
    if (parser.stopped) return pos - (have - off);
    progress?.(pos - (have - off));
    if (pos >= end) return pos - (have - off);
    const rest = have - off;
    const need = rest > 0 ? parser.needed(buf, off, have) : 0;
    if (need > buf.length) {
      if (need > end - (pos - rest)) return pos - rest; // the record runs past the range
      const nb = new Uint8Array(Math.max(need, buf.length * 2));
      nb.set(buf.subarray(off, have), 0);
      buf = nb;
      if (scratch) scratch.buf = buf;
    } else if (off > 0) buf.copyWithin(0, off, have);
    have = rest; off = 0;
  }
}
