// TCP stream table and sequence-number analysis (what packet-tcp.c's tcp_analyze_sequence_number does),
// written from tshark 4.0's observable behaviour.
//
// Memory: one TcpConv per connection (two TcpFlow), plus the list of segments not yet ACKed per flow, capped
// at MAX_UNACKED_SEGMENTS like Wireshark's TCP_MAX_UNACKED_SEGMENTS. Per-frame results are only kept (in
// `frameStates`) when a second pass needs them (-2); otherwise memory does not grow with the packet count.
import { COMPLETENESS, gtSeq, leSeq, ltSeq, TA, TH, u32 } from './constants.js';
import type { Msp } from './reassembly.js';
import { LIMITS, limitWarning, onCaptureReset } from '../dissect/state.js';

export const MAX_UNACKED_SEGMENTS = 10000;

/** What the analysis found for one segment (Wireshark's struct tcp_acked). */
export class Acked {
  flags = 0;
  frameAcked = 0;
  rttSec = 0; rttNsec = 0;
  rtoSec = 0; rtoNsec = 0; rtoFrame = 0;
  dupackNum = 0; dupackFrame = 0;
  bytesInFlight = 0;
  pushBytesSent = 0;
}

interface Unacked { frame: number; seq: number; nextseq: number; sec: number; nsec: number; next: Unacked | null }

export const enum FLOW { REASSEMBLE_UNTIL_FIN = 1 }
export const enum STATIC { BASE_SEQ_SET = 1, SAW_SYN = 2, SAW_SYNACK = 4 }

export class TcpFlow {
  baseSeq = 0;
  staticFlags = 0;
  /** -1 unknown, -2 no scaling, else the shift count. */
  winScale = -1;
  /** An SCPS capabilities option was seen from this side (flow->scps_capable). */
  scpsCapable = false;
  window = 0xffffffff;
  lastSegmentFlags = 0;
  validBif = true;
  pushBytesSent = 0;
  pushSetLast = false;
  // tcp_analyze_seq_info
  nextseq = 0; nextseqFrame = 0; nextseqSec = 0; nextseqNsec = 0;
  maxseqtobeacked = 0;
  lastack = 0; lastackSec = 0; lastackNsec = 0;
  lastnondupack = 0; dupacknum = 0;
  /** Bytes covered by the SACK blocks of this flow's latest segment (at most 3 blocks, like tshark). */
  sackDelivered = 0;
  segments: Unacked | null = null;
  segmentCount = 0;
  // reassembly
  flags = 0;
  fin = 0;
  closingInitiator = false;
  /** Multi-segment PDUs, sorted by seq (relative). */
  msps: Msp[] = [];
  /** Bytes buffered in this flow's unfinished PDUs. */
  buffered = 0;
}

export class TcpConv {
  readonly flow1 = new TcpFlow();
  readonly flow2 = new TcpFlow();
  /** The endpoint key of flow1's sender. */
  flow1Key = '';
  fwd: TcpFlow = this.flow1;
  rev: TcpFlow = this.flow2;
  /** The analysis record of the frame being dissected (tcpd->ta), null when none. */
  ta: Acked | null = null;
  firstSec: number; firstNsec: number;
  prevSec: number; prevNsec: number;
  mruSynSec = 0; mruSynNsec = 0;
  firstRttSec = 0; firstRttNsec = 0;
  serverPort = 0;
  completeness = 0;
  lastFrame = 0;
  /** AccECN: ACCECN.SYN / SYNACK (an AccECN setup seen in that segment), OPTION (an AccECN option seen). */
  accEcn = 0;
  /** The conversation table's key (to forget it once closed). */
  key = '';
  /** FIN seen from flow1 / flow2 (bits 1, 2), RST (4); queued as closed (8). */
  closeBits = 0;
  constructor(readonly stream: number, sec: number, nsec: number) {
    this.firstSec = this.prevSec = sec; this.firstNsec = this.prevNsec = nsec;
  }
  /**
   * With -2, analysis records are keyed like Wireshark's acked_table by (frame number, raw seq, raw ack): frames
   * dropped by the read filter give their number to the next frame, whose record then merges with theirs.
   */
  ackedTable: Map<string, Acked> | null = null;
  curKey = '';
  /** Acked record for this frame, created on demand. */
  acked(): Acked {
    if (this.ta) return this.ta;
    if (!tcpState.keepFrames) return this.ta = new Acked();
    const t = this.ackedTable ??= new Map();
    let a = t.get(this.curKey);
    if (!a) { a = new Acked(); t.set(this.curKey, a); }
    return this.ta = a;
  }
  /** The record of this frame if one exists (without creating it). */
  lookupAcked(): Acked | null {
    if (!this.ta && this.ackedTable) this.ta = this.ackedTable.get(this.curKey) ?? null;
    return this.ta;
  }
}

/** Everything a second pass needs to print a frame as the first pass saw it. */
export interface FrameState {
  conv: TcpConv;
  ta: Acked | null;
  relSec: number; relNsec: number; deltaSec: number; deltaNsec: number;
  /** 1: this FIN initiates the close, 2: it undergoes it. */
  closing: number;
  fwdIsFlow1: boolean;
}

export const tcpState = {
  /** Keep per-frame results for a second pass (set by the CLI for -2). */
  keepFrames: false,
  frameStates: new Map<number, FrameState>(),
  convs: new Map<string, TcpConv>(),
  streamCount: 0,
  reset(): void { this.frameStates.clear(); this.convs.clear(); this.streamCount = 0; },
};
onCaptureReset(() => tcpState.reset());

/** Finds or creates the conversation of (src, sport) ↔ (dst, dport); sets its fwd/rev for this packet. */
export function lookupConv(srcKey: string, dstKey: string, num: number, sec: number, nsec: number): TcpConv {
  const key = srcKey < dstKey ? srcKey + '|' + dstKey : dstKey + '|' + srcKey;
  let c = tcpState.convs.get(key);
  if (!c) {
    if (tcpState.convs.size >= LIMITS.tcpConversations) evictConvs(num);
    c = new TcpConv(tcpState.streamCount++, sec, nsec);
    c.flow1Key = orderedFirst(srcKey, dstKey);
    c.key = key;
    tcpState.convs.set(key, c);
  }
  setDirection(c, srcKey);
  c.ta = null;
  if (num > c.lastFrame) c.lastFrame = num;
  return c;
}

/** Hook set by reassembly.ts: drops what a flow buffers (no import cycle). */
export const flowRelease: { fn: (f: TcpFlow) => void } = { fn: () => {} };

/**
 * The conversation table is full: forgets the tenth of conversations least recently seen (their buffered PDUs
 * too). A later packet of a forgotten conversation starts a new stream, as after a capture that began mid-stream.
 */
function evictConvs(num: number): void {
  const limit = LIMITS.tcpConversations;
  limitWarning('TCP conversations', limit, 'the least recently active are forgotten and their later packets start new streams');
  const all = [...tcpState.convs.entries()].sort((a, b) => a[1].lastFrame - b[1].lastFrame);
  const n = Math.max(1, Math.ceil(all.length / 10));
  for (let i = 0; i < n && i < all.length; i++) {
    const [k, c] = all[i]!;
    if (c.lastFrame === num) continue;
    flowRelease.fn(c.flow1); flowRelease.fn(c.flow2);
    tcpState.convs.delete(k);
  }
}


/** A new conversation for the same endpoints (ports reused): replaces the old one in the table. */
export function newConv(srcKey: string, dstKey: string, sec: number, nsec: number): TcpConv {
  const key = srcKey < dstKey ? srcKey + '|' + dstKey : dstKey + '|' + srcKey;
  const c = new TcpConv(tcpState.streamCount++, sec, nsec);
  c.flow1Key = orderedFirst(srcKey, dstKey);
  c.key = key;
  tcpState.convs.set(key, c);
  setDirection(c, srcKey);
  return c;
}

/**
 * Closed conversations (FIN both ways, or RST) are kept for late segments while CLOSED_KEEP others close after
 * them and for CLOSED_KEEP_SECONDS of capture time after they closed (five times Linux's TIME_WAIT: a segment of
 * the connection later than that is not expected), then forgotten with everything hung on them (reassembly,
 * listeners' per-stream state): memory follows the conversations of the last minutes, not the length of the capture.
 * A segment that still comes later starts a new stream where tshark would continue the old one. Not with -2 (the
 * second pass reads them all).
 */
export const CLOSED_KEEP = 4096;
export const CLOSED_KEEP_SECONDS = 300;
const closedQueue: (TcpConv | null)[] = [];
const closedAt: number[] = [];
let closedHead = 0;
/** Called with the stream index of a conversation that is forgotten (e.g. HTTP drops its state). */
export const convDropListeners: ((stream: number) => void)[] = [];
onCaptureReset(() => { closedQueue.length = 0; closedAt.length = 0; closedHead = 0; });

/** Records a FIN (of the current direction) or RST on c at capture time `sec`; queues c once it is closed. */
export function noteClose(c: TcpConv, fin: boolean, rst: boolean, sec: number): void {
  if (tcpState.keepFrames) return;
  if (fin) c.closeBits |= c.fwd === c.flow1 ? 1 : 2;
  if (rst) c.closeBits |= 4;
  if (c.closeBits & 8 || !((c.closeBits & 3) === 3 || c.closeBits & 4)) return;
  c.closeBits |= 8;
  closedQueue.push(c);
  closedAt.push(sec);
  while (closedQueue.length - closedHead > CLOSED_KEEP && sec - closedAt[closedHead]! > CLOSED_KEEP_SECONDS) {
    const old = closedQueue[closedHead]!;
    closedQueue[closedHead++] = null;
    if (tcpState.convs.get(old.key) === old) tcpState.convs.delete(old.key);
    flowRelease.fn(old.flow1); flowRelease.fn(old.flow2);
    for (const l of convDropListeners) l(old.stream);
  }
  if (closedHead >= 65536) { closedQueue.splice(0, closedHead); closedAt.splice(0, closedHead); closedHead = 0; }
}

/** Wireshark compares the addresses (then ports) to decide which flow is "flow1". */
function orderedFirst(a: string, b: string): string { return a >= b ? a : b; }

export function setDirection(c: TcpConv, srcKey: string): void {
  if (srcKey === c.flow1Key) { c.fwd = c.flow1; c.rev = c.flow2; } else { c.fwd = c.flow2; c.rev = c.flow1; }
}

/** tcp_analyze_sequence_number, first pass only. Times are the packet's absolute time. */
export function analyzeSequence(c: TcpConv, num: number, sec: number, nsec: number, seq: number, ack: number,
  seglen: number, flags: number, window: number): void {
  const fwd = c.fwd, rev = c.rev;
  if (!(fwd.staticFlags & STATIC.BASE_SEQ_SET)) {
    if (flags & TH.SYN) {
      fwd.baseSeq = seq;
      fwd.staticFlags |= flags & TH.ACK ? STATIC.SAW_SYNACK : STATIC.SAW_SYN;
    } else fwd.baseSeq = u32(seq - 1);
    fwd.staticFlags |= STATIC.BASE_SEQ_SET;
  }
  if (!(rev.staticFlags & STATIC.BASE_SEQ_SET) && flags & TH.ACK) {
    rev.baseSeq = u32(ack - 1);
    rev.staticFlags |= STATIC.BASE_SEQ_SET;
  }
  if (flags & TH.ACK) rev.validBif = true;

  const noSFR = (flags & (TH.SYN | TH.FIN | TH.RST)) === 0;
  let skipToFinishedFwd = false;
  // zero window probe
  if (seglen === 1 && seq === fwd.nextseq && rev.window === 0) {
    c.acked().flags |= TA.ZERO_WINDOW_PROBE;
    skipToFinishedFwd = true;
  }
  if (!skipToFinishedFwd) {
    if (window === 0 && noSFR) c.acked().flags |= TA.ZERO_WINDOW;
    if (fwd.nextseq && gtSeq(seq, fwd.nextseq) && (flags & TH.RST) === 0) {
      c.acked().flags |= TA.LOST_PACKET;
      fwd.validBif = false;
    }
    if ((seglen === 0 || seglen === 1) && seq === u32(fwd.nextseq - 1) && noSFR) c.acked().flags |= TA.KEEP_ALIVE;
    if (seglen === 0 && window && window !== fwd.window && seq === fwd.nextseq && ack === fwd.lastack && noSFR) {
      c.acked().flags |= TA.WINDOW_UPDATE;
    }
    if (seglen > 0 && rev.winScale !== -1 && noSFR &&
      u32(seq + seglen) === u32(rev.lastack + (rev.winScale === -2 ? rev.window : rev.window * 2 ** rev.winScale))) {
      c.acked().flags |= TA.WINDOW_FULL;
    }
    const sameAck = seglen === 0 && seq === fwd.nextseq && ack === fwd.lastack && noSFR;
    if (sameAck && window && window === fwd.window && rev.lastSegmentFlags & TA.KEEP_ALIVE) {
      c.acked().flags |= TA.KEEP_ALIVE_ACK;
      skipToFinishedFwd = true;
    } else if (sameAck && window === 0 && window === fwd.window && rev.lastSegmentFlags & TA.ZERO_WINDOW_PROBE) {
      c.acked().flags |= TA.ZERO_WINDOW_PROBE_ACK;
      skipToFinishedFwd = true;
    } else if (sameAck && window && window === fwd.window) {
      // -1 (set by an ACKed-unseen indication) restarts the count at 1.
      fwd.dupacknum = fwd.dupacknum === -1 ? 1 : fwd.dupacknum + 1;
      const ta = c.acked();
      ta.flags |= TA.DUPLICATE_ACK;
      ta.dupackNum = fwd.dupacknum;
      ta.dupackFrame = fwd.lastnondupack;
    }
  }
  // finished_fwd:
  if (ack !== fwd.lastack) { fwd.lastnondupack = num; fwd.dupacknum = 0; }

  // ACKed unseen segment: the ACK goes beyond what the other side was seen sending contiguously. The boundary
  // jumps to the other side's nextseq; when it cannot move, the other side's dupack counter (set to -1) keeps a
  // stalled run of pure ACKs from repeating the indication.
  if (rev.maxseqtobeacked && gtSeq(ack, rev.maxseqtobeacked) && flags & TH.ACK) {
    const ta = c.acked();
    if (ltSeq(rev.maxseqtobeacked, rev.nextseq)) {
      rev.maxseqtobeacked = rev.nextseq;
      ta.flags |= TA.ACK_LOST_PACKET;
    } else {
      if (rev.dupacknum === 0) ta.flags |= TA.ACK_LOST_PACKET;
      rev.dupacknum = -1;
    }
  }

  if (seglen > 0 || flags & (TH.SYN | TH.FIN)) retrans: {
    let seqNotAdvanced = fwd.nextseq !== 0 && ltSeq(seq, fwd.nextseq);
    if (c.ta && c.ta.flags & TA.KEEP_ALIVE) break retrans;
    if (seglen > 1 && u32(fwd.nextseq - 1) === seq) seqNotAdvanced = false;
    if (seglen > 0 && rev.lastack && leSeq(u32(seq + seglen), rev.lastack)) {
      c.acked().flags |= TA.SPURIOUS_RETRANSMISSION;
      break retrans;
    }
    let t = (sec - rev.lastackSec) * 1e9 + (nsec - rev.lastackNsec);
    if (seqNotAdvanced && rev.dupacknum >= 2 && rev.lastack === seq && t < 20000000) {
      c.acked().flags |= TA.FAST_RETRANSMISSION;
      break retrans;
    }
    t = (sec - fwd.nextseqSec) * 1e9 + (nsec - fwd.nextseqNsec);
    const oooThres = c.firstRttSec === 0 && c.firstRttNsec === 0 ? 3000000 : c.firstRttNsec + c.firstRttSec * 1e9;
    if (seqNotAdvanced && t < oooThres && fwd.nextseq !== u32(seq + seglen + (flags & (TH.SYN | TH.FIN) ? 1 : 0))) {
      c.acked().flags |= TA.OUT_OF_ORDER;
      break retrans;
    }
    if (seqNotAdvanced) {
      const ta = c.acked();
      ta.flags |= TA.RETRANSMISSION;
      // The RTO is measured from the eldest segment still unacked (the list is newest first), or from the frame
      // that last advanced nextseq when none is.
      let rs = fwd.nextseqSec, rn = fwd.nextseqNsec, rf = fwd.nextseqFrame;
      for (let u = fwd.segments; u; u = u.next) { rs = u.sec; rn = u.nsec; rf = u.frame; }
      let s = sec - rs, n = nsec - rn;
      if (n < 0 && s > 0) { n += 1e9; s--; } else if (n > 0 && s < 0) { n -= 1e9; s++; }
      ta.rtoSec = s; ta.rtoNsec = n;
      ta.rtoFrame = rf;
    }
  }

  let nextseq = u32(seq + seglen);
  if ((seglen || flags & (TH.SYN | TH.FIN)) && fwd.segmentCount < MAX_UNACKED_SEGMENTS) {
    if (flags & (TH.SYN | TH.FIN)) nextseq = u32(nextseq + 1);
    fwd.segments = { frame: num, seq, nextseq, sec, nsec, next: fwd.segments };
    fwd.segmentCount++;
  }
  const zwp = c.ta !== null && (c.ta.flags & TA.ZERO_WINDOW_PROBE) !== 0;
  if (gtSeq(nextseq, fwd.nextseq) || !fwd.nextseq) {
    if (!zwp) {
      fwd.nextseq = nextseq; fwd.nextseqFrame = num; fwd.nextseqSec = sec; fwd.nextseqNsec = nsec;
    }
  }
  if (seq === fwd.maxseqtobeacked || !fwd.maxseqtobeacked) {
    if (!zwp) fwd.maxseqtobeacked = fwd.nextseq;
  }
  fwd.window = window;
  fwd.lastack = ack;
  fwd.lastackSec = sec; fwd.lastackNsec = nsec;
  fwd.lastSegmentFlags = c.ta ? c.ta.flags : 0;

  // Remove the segments this ACKs.
  let prev: Unacked | null = null, u = rev.segments;
  while (u) {
    if (ack === u.nextseq) {
      const ta = c.acked();
      ta.frameAcked = u.frame;
      let s = sec - u.sec, n = nsec - u.nsec;
      if (n < 0 && s > 0) { n += 1e9; s--; } else if (n > 0 && s < 0) { n -= 1e9; s++; }
      ta.rttSec = s; ta.rttNsec = n;
    } else if (gtSeq(ack, u.seq) && leSeq(ack, u.nextseq)) {
      u.seq = ack;
      continue;
    } else if (gtSeq(u.nextseq, ack)) {
      prev = u; u = u.next;
      continue;
    }
    const nx: Unacked | null = u.next;
    if (!prev) rev.segments = nx; else prev.next = nx;
    u = nx;
    rev.segmentCount--;
  }

  // Bytes in flight.
  u = fwd.segments;
  if (seglen !== 0 && u && fwd.validBif) {
    let first = u32(u.seq - fwd.baseSeq), last = u32(u.nextseq - fwd.baseSeq);
    for (; u; u = u.next) {
      const ns = u32(u.nextseq - fwd.baseSeq), ss = u32(u.seq - fwd.baseSeq);
      if (ns > last) last = ns;
      if (ss < first) first = ss;
    }
    // SACK blocks of the other side's latest segment count as delivered.
    const inFlight = u32(last - first - rev.sackDelivered);
    if (inFlight > 0 && inFlight < 2000000000) {
      const ta = c.acked();
      ta.bytesInFlight = inFlight;
      if (flags & (TH.SYN | TH.FIN)) ta.bytesInFlight -= 1;
    }
    if (flags & TH.PUSH && !fwd.pushSetLast) { fwd.pushBytesSent += seglen; fwd.pushSetLast = true; }
    else if (flags & TH.PUSH && fwd.pushSetLast) { fwd.pushBytesSent = seglen; fwd.pushSetLast = true; }
    else if (fwd.pushSetLast) { fwd.pushBytesSent = seglen; fwd.pushSetLast = false; }
    else fwd.pushBytesSent += seglen;
    c.acked().pushBytesSent = fwd.pushBytesSent;
  }
}

/**
 * Conversation completeness bits contributed by one segment. Observed in tshark 4.0: a segment counts only when it
 * is a SYN or its direction's base sequence number was already known (the first segment of a flow seen without
 * SYN does not count); pure ACKs add ACK, segments with payload add DATA.
 */
export function updateCompleteness(c: TcpConv, flags: number, seglen: number): void {
  if (flags & TH.SYN) c.completeness |= flags & TH.ACK ? COMPLETENESS.SYNACK : COMPLETENESS.SYNSENT;
  else if (flags & TH.ACK && seglen === 0) c.completeness |= COMPLETENESS.ACK;
  if (seglen > 0) c.completeness |= COMPLETENESS.DATA;
  if (flags & TH.FIN) c.completeness |= COMPLETENESS.FIN;
  if (flags & TH.RST) c.completeness |= COMPLETENESS.RST;
}

export const COMPLETENESS_NAMES = new Map<number, string>([
  [0, 'Incomplete'], [1, 'Incomplete, SYN_SENT'], [3, 'Incomplete, CLIENT_ESTABLISHED'], [7, 'Incomplete, ESTABLISHED'],
  [15, 'Incomplete, DATA'], [23, 'Complete, NO_DATA'], [31, 'Complete, WITH_DATA'], [39, 'Complete, NO_DATA'],
  [47, 'Complete, WITH_DATA'], [55, 'Complete, NO_DATA'], [63, 'Complete, WITH_DATA'],
]);
