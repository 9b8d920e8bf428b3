// Multi-segment PDUs and the fragment sets behind them (Wireshark's tcp_multisegment_pdu + reassemble.c's
// fragment_add for TCP), with tshark 4.0's defaults: subdissectors may reassemble, out-of-order segments
// are not buffered (they are added to the PDU at their offset like any other segment).
//
// Memory caps (see docs/ARCHITECTURE.md):
// - a single PDU may not buffer more than MAX_PDU_BYTES (Wireshark refuses PDUs whose start is more than
//   1 MiB before the segment end; we also refuse to grow one past this);
// - all unfinished PDUs together hold at most MAX_TOTAL_BYTES; past that the oldest flows' buffers are
//   dropped (their PDUs are then never completed, as if segments were missing);
// - a PDU's bytes are released when it is reassembled and dissected, and all of a flow's when the flow
//   sees FIN/RST or the conversation is replaced (ports reused).
import { onCaptureReset } from '../dissect/state.js';
import { type TcpFlow, tcpState } from './analysis.js';

export const MAX_PDU_BYTES = 1024 * 1024;
export const MAX_TOTAL_BYTES = 256 * 1024 * 1024;

export const enum MSPF { REASSEMBLE_ENTIRE_SEGMENT = 1, MISSING_FIRST_SEGMENT = 2, GOT_ALL_SEGMENTS = 4 }

export interface Frag { offset: number; len: number; frame: number; data: Uint8Array | null }

/** A fragment set (fragment_head). */
export class FragSet {
  frags: Frag[] = [];
  datalen = 0;
  datalenSet = false;
  defragmented = false;
  partial = false;
  reassembledIn = 0;
  /** The reassembled bytes, while kept. */
  data: Uint8Array | null = null;
  /** After a partial reassembly: the bytes reassembled so far (offset 0), the segment copies being released. */
  base: Uint8Array | null = null;
  tooLong = false;
  buffered = 0;
}

export class Msp {
  flags = 0;
  lastFrame: number;
  lastSec = 0; lastNsec = 0;
  firstFrameWithSeq: number;
  readonly frag = new FragSet();
  constructor(public seq: number, public nxtpdu: number, readonly firstFrame: number) {
    this.lastFrame = firstFrame; this.firstFrameWithSeq = firstFrame;
  }
}

let totalBuffered = 0;
/** Flows holding buffered bytes, oldest first (for the global cap). */
const holders = new Set<TcpFlow>();
onCaptureReset(() => { holders.clear(); totalBuffered = 0; });

export function storeMsp(flow: TcpFlow, seq: number, nxtpdu: number, frame: number): Msp {
  const m = new Msp(seq, nxtpdu, frame);
  const a = flow.msps;
  // Keep sorted by seq (unsigned, like wmem_tree keys); most inserts append.
  let i = a.length;
  while (i > 0 && a[i - 1]!.seq > seq) i--;
  if (i > 0 && a[i - 1]!.seq === seq) a[i - 1] = m; else a.splice(i, 0, m);
  return m;
}

/** wmem_tree_lookup32: the PDU starting exactly at seq. */
export function mspAt(flow: TcpFlow, seq: number): Msp | null {
  const a = flow.msps;
  for (let i = a.length - 1; i >= 0; i--) { const m = a[i]!; if (m.seq === seq) return m; if (m.seq < seq) return null; }
  return null;
}

/** wmem_tree_lookup32_le: the last PDU starting at or before seq. */
export function mspLe(flow: TcpFlow, seq: number): Msp | null {
  const a = flow.msps;
  for (let i = a.length - 1; i >= 0; i--) { const m = a[i]!; if (m.seq <= seq) return m; }
  return null;
}

/**
 * fragment_add: adds len bytes (copied from data) at offset; moreFrags=false fixes the total length.
 * Returns the set when it is complete (or was already), null while bytes are missing.
 */
export function fragmentAdd(flow: TcpFlow, fs: FragSet, data: Uint8Array | null, offset: number, len: number,
  frame: number, moreFrags: boolean, visited = false): FragSet | null {
  if (visited) return fs.reassembledIn !== 0 ? fs : null;
  if (fs.defragmented && fs.partial) {
    fs.defragmented = false; fs.partial = false; fs.datalenSet = false; fs.datalen = 0; fs.reassembledIn = 0;
    fs.tooLong = false; fs.base = fs.data; fs.data = null;
  }
  const copy = data ? data.slice() : null;
  if (fs.defragmented) {
    // Already reassembled: record the segment; past the end it is a "too long" fragment.
    if (offset + len > fs.datalen) fs.tooLong = true;
    fs.frags.push({ offset, len, frame, data: null });
    return fs;
  }
  if (copy) account(flow, fs, copy.length);
  insertFrag(fs, { offset, len, frame, data: copy });
  if (!moreFrags) { fs.datalen = offset + len; fs.datalenSet = true; }
  if (!fs.datalenSet) return null;
  // Contiguous coverage from 0?
  let max = fs.base ? fs.base.length : 0;
  for (const f of fs.frags) if (f.offset <= max && f.offset + f.len > max) max = f.offset + f.len;
  if (max < fs.datalen) return null;
  const out = new Uint8Array(fs.datalen);
  if (fs.base) out.set(fs.base.length <= fs.datalen ? fs.base : fs.base.subarray(0, fs.datalen));
  for (const f of fs.frags) {
    if (!f.data || f.offset >= fs.datalen) continue;
    const n = Math.min(f.data.length, fs.datalen - f.offset);
    out.set(n === f.data.length ? f.data : f.data.subarray(0, n), f.offset);
  }
  fs.data = out;
  fs.defragmented = true;
  fs.reassembledIn = frame;
  return fs;
}

function insertFrag(fs: FragSet, f: Frag): void {
  const a = fs.frags;
  let i = a.length;
  while (i > 0 && a[i - 1]!.offset > f.offset) i--;
  a.splice(i, 0, f);
}

function account(flow: TcpFlow, fs: FragSet, n: number): void {
  fs.buffered += n; flow.buffered += n; totalBuffered += n;
  holders.delete(flow); holders.add(flow);
  if (totalBuffered > MAX_TOTAL_BYTES) {
    for (const h of holders) {
      if (h === flow) continue;
      releaseFlow(h);
      if (totalBuffered <= MAX_TOTAL_BYTES / 2) break;
    }
  }
}

/** Drops the segment copies of a PDU whose reassembled bytes have been handed to the subdissector. */
export function releaseFrags(flow: TcpFlow, fs: FragSet): void {
  if (tcpState.keepFrames) return; // a second pass (-2) reads the PDUs again
  for (const f of fs.frags) f.data = null;
  if (!fs.partial) { fs.data = null; fs.base = null; }
  flow.buffered -= fs.buffered; totalBuffered -= fs.buffered; fs.buffered = 0;
  if (flow.buffered <= 0) { flow.buffered = 0; holders.delete(flow); }
}

/** Drops everything a flow buffers (stream closed or replaced, or the global cap was hit). */
export function releaseFlow(flow: TcpFlow): void {
  if (tcpState.keepFrames) return;
  for (const m of flow.msps) { m.frag.data = null; for (const f of m.frag.frags) f.data = null; m.frag.buffered = 0; }
  totalBuffered -= flow.buffered; flow.buffered = 0;
  flow.msps = [];
  holders.delete(flow);
}

export function bufferedBytes(): number { return totalBuffered; }
