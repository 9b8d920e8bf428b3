// The lean HTTP stage of the fast path (fast/scan.ts): the "http" tap events of HTTP/1.x over TCP (the http,tree,
// http_req,tree and http_srv,tree statistics), read straight from the records' bytes, without Packet, tree, TCP
// analysis objects or reassembly buffers. It models exactly what the engine does (dissect/tcp.ts desegmentation,
// dissect/http.ts dissectMessage) in the common case, and gives up (frame() returns false: the whole capture goes
// through the engine again) the moment a record is anything it does not model:
//
// - TCP: which dissector gets a stream's payload is decided as decode_tcp_ports does (server port from the SYN, low
//   port, high port; the engine's port table). A stream whose first handler is HTTP is followed message by message; a
//   stream where HTTP is a later candidate gives up. In an HTTP stream every segment must come in order (seq equal to
//   the previous segment's end: no retransmission, keep-alive, gap, overlap, zero-window probe), no data with or
//   after FIN or RST, no SYN with data, the whole payload captured.
// - HTTP messages: the request or status line and all headers in one segment, lines ended by CRLF, a request method
//   tshark knows as a request (not CONNECT, SSTP_DUPLEX_POST, notifications), HTTP/1.0 or 1.1, bodies sized by
//   Content-Length (none for requests without one; 1xx/204/304 and HEAD replies) or well-formed chunked encoding
//   (no trailer), media types whose dissectors cannot throw. A body spanning segments is a multi-segment PDU: its
//   event fires in the frame that completes it, and what follows in that frame is parsed as the next message (as
//   the engine does; after a chunked body, only when it needs no further segment).
// - Other streams (TLS, no handler, ...): their payload can reach HTTP only through the HTTP heuristic, which needs
//   "HTTP/1." (any case) at the start or end of a first line; any such bytes in the stream (also across in-order
//   segment boundaries; conservatively at the edges of out-of-order segments) give up.
// - UDP port 1900 (SSDP queues "http" events) gives up; the engine's table limits (HTTP conversations, TCP
//   conversations, reassembly buffers) are kept well away from, else it gives up.
import { AT, type Address } from '../dissect/address.js';
import { httpHandle } from '../dissect/http.js';
import { mediaTypes } from '../dissect/media.js';
import { tables } from '../dissect/tables.js';
import type { FastFrame } from './scan.js';

const FIN = 0x01, SYN = 0x02, RST = 0x04, ACK = 0x10;
const CR = 13, LF = 10, SPC = 32, HT = 9;

/** One "http" tap event (the part of HttpTap the stats trees read). */
export class LeanHttpEvent {
  requestMethod: string | null = null;
  responseCode = 0;
  httpHost: string | null = null;
  requestUri: string | null = null;
  readonly refererUri = null;
  readonly fullUri = null;
  /** The frame that completes the message (its addresses are the event's src and dst). */
  f: FastFrame | null = null;
  get src(): Address { const f = this.f!; return addr(f.data, f.srcOff, f.alen); }
  get dst(): Address { const f = this.f!; return addr(f.data, f.dstOff, f.alen); }
}

function addr(d: Uint8Array, off: number, n: number): Address {
  return { type: n === 4 ? AT.IPv4 : AT.IPv6, data: d.slice(off, off + n) };
}

/** A message waiting for the rest of its body (a multi-segment PDU). */
interface Pending { method: string | null; code: number; host: string | null; uri: string | null; head: boolean; size: number }

// Request methods (is_http_request_or_reply); the index is the method's string.
const REQUEST_METHODS = ['GET', 'PUT', 'COPY', 'HEAD', 'LOCK', 'MOVE', 'POLL', 'POST', 'BCOPY', 'BMOVE', 'MKCOL', 'TRACE',
  'PATCH', 'LABEL', 'MERGE', 'DELETE', 'SEARCH', 'UNLOCK', 'REPORT', 'UPDATE', 'BDELETE', 'OPTIONS', 'CHECKIN',
  'PROPFIND', 'CHECKOUT', 'CCM_POST', 'PROPPATCH', 'BPROPFIND', 'BPROPPATCH', 'UNCHECKOUT', 'MKACTIVITY', 'MKWORKSPACE',
  'RPC_CONNECT', 'RPC_IN_DATA', 'RPC_OUT_DATA', 'VERSION-CONTROL', 'BASELINE-CONTROL'];
/** Methods the engine knows but this stage does not follow (tunnels, notifications). */
const OTHER_METHODS = ['CONNECT', 'SSTP_DUPLEX_POST', 'NOTIFY', 'SUBSCRIBE', 'UNSUBSCRIBE'];
const ALL_METHODS = [...REQUEST_METHODS, ...OTHER_METHODS];
const methodBytes = ALL_METHODS.map(m => Uint8Array.from(m, c => c.charCodeAt(0)));
/** Method indexes by token length. */
const byLen: number[][] = Array.from({ length: 17 }, () => []);
ALL_METHODS.forEach((m, i) => byLen[m.length]!.push(i));

/** The method at d[p, p + n) as an index into ALL_METHODS, or -1. */
function methodAt(d: Uint8Array, p: number, n: number): number {
  if (n < 3 || n > 16) return -1;
  const c = byLen[n]!;
  for (let j = 0; j < c.length; j++) {
    const mb = methodBytes[c[j]!]!;
    let i = 0;
    while (i < n && d[p + i] === mb[i]) i++;
    if (i === n) return c[j]!;
  }
  return -1;
}

const HEAD_IDX = REQUEST_METHODS.indexOf('HEAD');

/** isTokenChar of dissect/http.ts (header names). */
const TOKEN = new Uint8Array(256);
for (let c = 0x30; c <= 0x39; c++) TOKEN[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TOKEN[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TOKEN[c] = 1;
for (const ch of '!#$%&\\:*+-.^_`|~') TOKEN[ch.charCodeAt(0)] = 1;

function lower(c: number): number { return c >= 0x41 && c <= 0x5a ? c + 32 : c; }
/** d[p, p + s.length) equals s (lower case) ignoring ASCII case. */
function ciEq(d: Uint8Array, p: number, s: string): boolean {
  for (let i = 0; i < s.length; i++) if (lower(d[p + i]!) !== s.charCodeAt(i)) return false;
  return true;
}
function str(d: Uint8Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) out += String.fromCharCode(d[i]!);
  return out;
}

/** Dissectors of message bodies that read only within their data (cannot throw and lose the message's event). */
const SAFE_BODY = new Set(['xml', 'json', 'data-text-lines', 'data']);

const PATTERN = Uint8Array.from('http/1.', c => c.charCodeAt(0));

/** pend[] of a direction whose chunked body continues in later segments. */
const CHUNKED = -1;
const enum CH { Size = 1, Ext, SizeLf, Data, DataCr, DataLf, Trail, TrailLf }

const enum Mode { Undecided = 0, Http = 1, Other = 2, Closed = 3 }
/** Per-direction state bits. */
const enum DS { SeqKnown = 1, Fin = 2, Data = 4, Open = 8, Unclean = 16 }

/** Engine limits kept away from (dissect/http.ts MAX_CONVERSATIONS, LIMITS.tcpConversations, reassembly buffers). */
const MAX_HTTP_STREAMS = 190_000;
const MAX_STREAMS = 900_000;
const MAX_PDU = 32 * 1024 * 1024;
const MAX_BUFFERED = 200 * 1024 * 1024;
/** Most a stream direction not followed as HTTP can hold in unfinished PDUs (TLS records, DNS/BGP messages). */
const OTHER_BOUND = 80 * 1024;

export class HttpLean {
  /** Why the stage gave up, for TYPESHARK_FAST_DEBUG. */
  why = '';
  private cap = 0;
  private mode = new Uint8Array(0);
  private srvPort = new Uint16Array(0);
  private decidedPort = new Uint16Array(0);
  private lastHead = new Uint8Array(0);
  // per direction (2 * stream + dir)
  private nxt = new Uint32Array(0);
  private ds = new Uint8Array(0);
  private pend = new Float64Array(0);
  private tail = new Uint8Array(0);
  private tailLen = new Uint8Array(0);
  private readonly pending = new Map<number, Pending>();
  private httpStreams = 0;
  private openOther = 0;
  private pendingBytes = 0;
  private readonly win = new Uint8Array(12);

  private grow(n: number): void {
    let c = this.cap || 1024;
    while (c <= n) c *= 2;
    const g8 = (a: Uint8Array, m: number): Uint8Array<ArrayBuffer> => { const b = new Uint8Array(c * m); b.set(a); return b; };
    this.mode = g8(this.mode, 1); this.lastHead = g8(this.lastHead, 1);
    const sp = new Uint16Array(c); sp.set(this.srvPort); this.srvPort = sp;
    const dp = new Uint16Array(c); dp.set(this.decidedPort); this.decidedPort = dp;
    const nx = new Uint32Array(2 * c); nx.set(this.nxt); this.nxt = nx;
    this.ds = g8(this.ds, 2); this.tailLen = g8(this.tailLen, 2); this.tail = g8(this.tail, 12);
    const pe = new Float64Array(2 * c); pe.set(this.pend); this.pend = pe;
    const cv = new Float64Array(2 * c); cv.set(this.chVal); this.chVal = cv;
    this.chSt = g8(this.chSt, 2); this.chDig = g8(this.chDig, 2);
    this.cap = c;
  }

  private fail(why: string): boolean { this.why = why; return false; }

  /** Follows one frame (after the stream table set f.stream and f.dir); false to give up. */
  frame(f: FastFrame): boolean {
    f.hn = 0;
    if (f.cls & 8 /* UDP */) return f.sport !== 1900 && f.dport !== 1900 ? true : this.fail('SSDP');
    if (!(f.cls & 4 /* TCP */)) return true;
    const s = f.stream;
    if (s >= this.cap) {
      if (s >= MAX_STREAMS) return this.fail('too many TCP streams');
      this.grow(s);
    }
    const d = f.data, l4 = f.l4, k = 2 * s + f.dir, flags = f.flags;
    const ps = l4 + (d[l4 + 12]! >> 4) * 4, pe = l4 + f.l4len, seglen = pe - ps;
    let mode = this.mode[s]!;
    const st = this.ds[k]!;
    // decode_tcp_ports' server port (dissect/tcp.ts: set by SYN and SYN/ACK)
    if (flags & SYN) {
      this.srvPort[s] = flags & ACK ? f.sport : f.dport;
      if (mode !== Mode.Undecided && this.srvPort[s] !== this.decidedPort[s]) return this.fail('server port changed');
      if (st & DS.Data && mode !== Mode.Other) return this.fail('SYN after data');
    }
    // sequence: is this segment exactly where the previous one in this direction ended?
    const inOrder = !(st & DS.SeqKnown) || f.seq === this.nxt[k];
    if (flags & RST) {
      if (mode === Mode.Http || mode === Mode.Undecided) {
        if (seglen > 0) return this.fail('RST with data');
        this.closeHttp(s);
        this.mode[s] = Mode.Closed;
      } else if (mode === Mode.Other) this.closeOther(k);
      return true;
    }
    if (seglen === 0) {
      // (after a reset the flows are released: what follows without data does not matter; before the stream's
      // first data it matters only if the stream turns out to be HTTP)
      if (mode === Mode.Http && !inOrder) return this.fail('out-of-order segment');
      if (mode === Mode.Undecided && !inOrder) { this.ds[k] = st | DS.Unclean; return true; }
      if (inOrder || !(st & DS.SeqKnown)) this.nxt[k] = (f.seq + (flags & SYN ? 1 : 0) + (flags & FIN ? 1 : 0)) >>> 0;
      this.ds[k] = st | DS.SeqKnown | (flags & FIN ? DS.Fin : 0);
      if (flags & FIN && mode === Mode.Other) this.closeOther(k);
      return true;
    }
    // a segment with data
    if (mode === Mode.Undecided) {
      mode = this.decide(s, f.sport, f.dport);
      if (mode === Mode.Undecided) return this.fail('HTTP is not the first dissector of a stream');
      this.mode[s] = mode;
      this.decidedPort[s] = this.srvPort[s]!;
      if (mode === Mode.Http && ++this.httpStreams > MAX_HTTP_STREAMS) return this.fail('too many HTTP streams');
      if (mode === Mode.Http && (this.ds[2 * s]! | this.ds[2 * s + 1]!) & DS.Unclean) return this.fail('out-of-order segment');
    }
    if (mode === Mode.Closed) return this.fail('data after RST');
    if (mode === Mode.Other) return this.other(f, k, ps, pe, inOrder);
    if (!inOrder) return this.fail('out-of-order segment');
    if (flags & (SYN | FIN) || st & DS.Fin) return this.fail('data with SYN or FIN');
    if (pe > f.caplen) return this.fail('payload not captured');
    // IP and TCP headers the engine dissects without an exception (one would keep the payload from HTTP)
    if (f.alen === 4 ? (d[f.srcOff - 12]! & 15) !== 5 : l4 !== f.srcOff + 32) return this.fail('IP options or extension headers');
    // TCP options: classify() (scan.ts) let only the plain kinds through
    this.nxt[k] = (f.seq + seglen) >>> 0;
    this.ds[k] = st | DS.SeqKnown | DS.Data;
    return this.http(f, s, k, d, ps, pe);
  }

  /** decode_tcp_ports over the engine's port table: Http when HTTP is the first candidate, Other when none is HTTP. */
  private decide(s: number, sport: number, dport: number): Mode {
    const sp = this.srvPort[s]!, lo = Math.min(sport, dport), hi = Math.max(sport, dport);
    const t = tables.tcpPort;
    const cands = [sp !== 0 ? t.get(sp) : undefined, lo !== 0 && lo !== sp ? t.get(lo) : undefined,
      hi !== 0 && hi !== lo && hi !== sp ? t.get(hi) : undefined].filter(h => h !== undefined);
    if (cands.length === 0 || cands[0] !== httpHandle) return cands.includes(httpHandle) ? Mode.Undecided : Mode.Other;
    return Mode.Http;
  }

  private closeHttp(s: number): void {
    for (let k = 2 * s; k < 2 * s + 2; k++) {
      if (this.pend[k] !== 0) { this.pendingBytes -= this.pending.get(k)!.size; this.pending.delete(k); this.pend[k] = 0; }
    }
  }

  private closeOther(k: number): void {
    if (this.ds[k]! & DS.Open) { this.ds[k] = this.ds[k]! & ~DS.Open; this.openOther--; }
  }

  /** A stream HTTP never sees unless its heuristic fires: give up on any "HTTP/1." it could find. */
  private other(f: FastFrame, k: number, ps: number, pe: number, inOrder: boolean): boolean {
    const d = f.data, end = Math.min(pe, f.caplen);
    let st = this.ds[k]!;
    if (!(st & DS.Open) && !(st & DS.Fin)) {
      st |= DS.Open;
      if (++this.openOther * OTHER_BOUND + this.pendingBytes > MAX_BUFFERED) return this.fail('too many open streams');
    }
    // within the segment: a '/' with "http" before and "1." after. The heuristic reads the first line of the data it
    // is given: "HTTP/1." must start it, or end it (one more byte, then CR or LF). Data can start mid-segment only
    // where a multi-segment PDU of an earlier segment ends; none can be pending at a direction's first data (TLS
    // ALPN's "http/1.1" in a ClientHello or ServerHello is thus harmless there).
    const first = !(st & DS.Data) && !(f.flags & SYN) && inOrder;
    for (let i = d.indexOf(0x2f, ps + 4); i >= 0 && i + 2 < end; i = d.indexOf(0x2f, i + 1)) {
      if (d[i + 1] !== 0x31 || d[i + 2] !== 0x2e || !ciEq(d, i - 4, 'http')) continue;
      const at = i - 4, eol = at + 8 >= end || d[at + 8] === CR || d[at + 8] === LF;
      if (eol || at === ps || !first) return this.fail('HTTP/1. in another protocol');
    }
    const tl = this.tailLen[k]!, tb = 6 * k, w = this.win;
    if (inOrder) {
      // across the boundary with the previous segment: the last bytes before it and the first of this one
      let n = 0;
      for (let i = 0; i < tl; i++) w[n++] = this.tail[tb + i]!;
      for (let i = ps; i < end && i < ps + 6; i++) w[n++] = d[i]!;
      for (let i = 0; i + 7 <= n; i++) if (matchAt(w, i)) return this.fail('HTTP/1. in another protocol');
    } else {
      // out of order: whatever it joins in reassembly is unknown here; no part of the pattern may touch its edges
      for (let j = 1; j < 7; j++) {
        if (end - ps >= j && partAt(d, ps, 7 - j, j)) return this.fail('HTTP/1. at an out-of-order edge');
        if (end - ps >= j && partAt(d, end - j, 0, j)) return this.fail('HTTP/1. at an out-of-order edge');
      }
    }
    // keep the stream's last 6 bytes
    if (inOrder || ((f.seq + (pe - ps)) >>> 0) !== this.nxt[k] && ((f.seq + (pe - ps) - this.nxt[k]!) | 0) > 0) {
      const seg = end - ps;
      if (seg >= 6) { for (let i = 0; i < 6; i++) this.tail[tb + i] = d[end - 6 + i]!; this.tailLen[k] = 6; }
      else {
        const keep = inOrder ? Math.min(tl, 6 - seg) : 0;
        const t = this.tail;
        for (let i = 0; i < keep; i++) t[tb + i] = t[tb + tl - keep + i]!;
        for (let i = 0; i < seg; i++) t[tb + keep + i] = d[ps + i]!;
        this.tailLen[k] = keep + seg;
      }
      this.nxt[k] = (f.seq + (pe - ps) + (f.flags & FIN ? 1 : 0) + (f.flags & SYN ? 1 : 0)) >>> 0;
    }
    this.ds[k] = st | DS.SeqKnown | DS.Data | (f.flags & FIN ? DS.Fin : 0);
    if (f.flags & FIN) this.closeOther(k);
    return true;
  }

  /** The HTTP messages of one in-order segment's payload d[ps, pe) in direction k of stream s. */
  private http(f: FastFrame, s: number, k: number, d: Uint8Array, ps: number, pe: number): boolean {
    let off = ps;
    const left = this.pend[k]!;
    if (left === CHUNKED) {
      const end = this.chunks(k, d, ps, pe);
      const p = this.pending.get(k)!;
      if (end === -2) return false;
      if (end === -1) {
        p.size += pe - ps;
        this.pendingBytes += pe - ps;
        if (p.size > MAX_PDU) return this.fail('PDU too large');
        return true;
      }
      this.pending.delete(k);
      this.pend[k] = 0;
      this.pendingBytes -= p.size;
      this.emit(f, s, p.method, p.code, p.host, p.uri, p.head);
      // what follows is dissected inside the reassembled data: followed only while it needs no more segments
      off = end;
      while (off < pe) {
        const r = this.message(f, s, k, d, off, ps, pe);
        if (r < 0) return false;
        if (this.pend[k] !== 0) return this.fail('a PDU continues after a chunked one');
        if (r === 0) break;
        off = r;
      }
      return true;
    }
    if (left > 0) {
      const n = pe - ps;
      if (n < left) { this.pend[k] = left - n; return true; }
      // the multi-segment PDU is complete: its event, then what follows in this segment
      const p = this.pending.get(k)!;
      this.pending.delete(k);
      this.pend[k] = 0;
      this.pendingBytes -= p.size;
      this.emit(f, s, p.method, p.code, p.host, p.uri, p.head);
      off = ps + left;
    }
    while (off < pe) {
      const r = this.message(f, s, k, d, off, ps, pe);
      if (r < 0) return false;
      if (r === 0) break;
      off = r;
    }
    return true;
  }

  /**
   * One message at d[off, pe): returns where the next one starts, 0 when the rest of the segment is consumed
   * (non-text data, or a PDU that continues in later segments), -1 to give up.
   */
  private message(f: FastFrame, s: number, k: number, d: Uint8Array, off: number, ps: number, pe: number): number {
    const c0 = d[off]!;
    if (pe - off > 3 && c0 === CR && d[off + 1] === LF) { this.fail('leading CRLF'); return -1; }
    // not text: the engine shows it as continuation data (or nothing) and queues no event
    if (c0 < 0x20 || c0 >= 0x7f) return 0;
    // the first line
    const e = lineEnd(d, off, pe);
    if (e < 0) { this.fail('first line not complete in the segment'); return -1; }
    let method: string | null = null, code = 0;
    let isHead = false;
    if (e - off >= 12 && ciEqExact(d, off, 'HTTP/1.') && (d[off + 7] === 0x30 || d[off + 7] === 0x31) && d[off + 8] === SPC) {
      const a = d[off + 9]! - 0x30, b = d[off + 10]! - 0x30, c = d[off + 11]! - 0x30;
      if (a < 0 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9 || (off + 12 < e && d[off + 12] !== SPC)) { this.fail('status line'); return -1; }
      code = a * 100 + b * 10 + c;
    } else {
      let t = d.indexOf(SPC, off);
      if (t < 0 || t > e) t = e;
      const m = methodAt(d, off, t - off);
      if (m < 0 || m >= REQUEST_METHODS.length) { this.fail('not a request or status line'); return -1; }
      // METHOD SP URI SP HTTP/1.x
      const u = t + 1;
      let ue = u;
      while (ue < e && d[ue] !== SPC) { const ch = d[ue]!; if (ch <= 0x20 || ch >= 0x7f) { this.fail('request URI'); return -1; } ue++; }
      if (ue === u || e - ue !== 9 || !ciEqExact(d, ue + 1, 'HTTP/1.') || (d[ue + 8] !== 0x30 && d[ue + 8] !== 0x31)) { this.fail('request line'); return -1; }
      method = REQUEST_METHODS[m]!;
      isHead = m === HEAD_IDX;
      this.uriS = u; this.uriE = ue;
    }
    // headers, to the empty line
    let p = e + 2;
    let host: string | null = null, cl = -1, ctS = -1, ctE = -1, chunked = false;
    for (;;) {
      const le = lineEnd(d, p, pe);
      if (le < 0) { this.fail('headers not complete in the segment'); return -1; }
      if (le === p) { p = le + 2; break; }
      // a line the engine would take for a request or status line
      const c = d[p]!;
      if (c === 0x48 && le - p >= 5 && d[p + 1] === 0x54 && d[p + 2] === 0x54 && d[p + 3] === 0x50 && d[p + 4] === 0x2f ||
          c === 0x49 && le - p >= 3 && d[p + 1] === 0x43 && d[p + 2] === 0x59 || c === 0x4d && le - p >= 2 && d[p + 1] === 0x2d) { this.fail('header line'); return -1; }
      let t = d.indexOf(SPC, p);
      if (t < 0 || t > le) t = le;
      if (t - p >= 3 && t - p <= 16 && methodAt(d, p, t - p) >= 0) { this.fail('header line'); return -1; }
      const colon = d.indexOf(0x3a, p);
      if (colon < 0 || colon >= le || colon === p) { this.fail('header line'); return -1; }
      for (let i = p; i < colon; i++) if (!TOKEN[d[i]!]) { this.fail('header name'); return -1; }
      let vo = colon + 1;
      while (vo < le && (d[vo] === SPC || d[vo] === HT)) vo++;
      const nlen = colon - p;
      if (nlen === 4 && ciEq(d, p, 'host')) {
        for (let i = vo; i < le; i++) if (d[i]! < 0x20 || d[i]! >= 0x7f) { this.fail('Host'); return -1; }
        host = str(d, vo, le);
      } else if (nlen === 14 && ciEq(d, p, 'content-length')) {
        if (cl >= 0) { this.fail('two Content-Length'); return -1; }
        let i = vo, v = 0;
        while (i < le && d[i]! >= 0x30 && d[i]! <= 0x39 && i - vo < 10) { v = v * 10 + d[i]! - 0x30; i++; }
        while (i < le && (d[i] === SPC || d[i] === HT)) i++;
        if (i !== le || i === vo || v > 0x7fffffff || d[vo]! < 0x30 || d[vo]! > 0x39) { this.fail('Content-Length'); return -1; }
        cl = v;
      } else if (nlen === 12 && ciEq(d, p, 'content-type')) {
        ctS = vo; ctE = le;
      } else if (nlen === 17 && ciEq(d, p, 'transfer-encoding')) {
        // exactly "chunked" (doReassembly compares without case, parseTransferCoding with it)
        let i = vo + 7;
        while (i < le && (d[i] === SPC || d[i] === HT)) i++;
        if (chunked || i !== le || !ciEqExact(d, vo, 'chunked')) { this.fail('Transfer-Encoding'); return -1; }
        chunked = true;
      }
      p = le + 2;
    }
    // the body, as dissectMessage sizes it (and whether doReassembly waits for it)
    let body: number;
    const avail = pe - p;
    const bare = (code >= 100 && code < 200) || code === 204 || code === 304;
    if (chunked && cl >= 0) { this.fail('Content-Length and chunked'); return -1; }
    if (method === null && (this.lastHead[s] === 1 || bare)) {
      // doReassembly does not wait for a body: only what this segment holds can be one
      body = cl >= 0 ? Math.min(avail, cl) : bare ? 0 : avail;
      if (chunked && body > 0) { this.fail('chunked reply without body'); return -1; }
      chunked = false;
    } else if (chunked) {
      body = 0;
    } else if (method !== null) body = cl >= 0 ? cl : 0;
    else if (cl >= 0) body = cl;
    else { this.fail('reply without Content-Length'); return -1; }
    if (body > 0 || chunked) {
      if (ctS >= 0 && !this.safeBody(d, ctS, ctE)) return -1;
      if (body >= 128 * 1024 && (ctS >= 0 && ciEq(d, ctS, 'application/rpc') || ciEq(d, ps, 'rpc_') || ciEq(d, off, 'rpc_'))) {
        this.fail('RPC over HTTP'); return -1;
      }
    }
    const uri = method !== null ? str(d, this.uriS, this.uriE) : null;
    if (chunked) {
      this.chSt[k] = CH.Size; this.chVal[k] = 0; this.chDig[k] = 0;
      const end = this.chunks(k, d, p, pe);
      if (end === -2) return -1;
      if (end >= 0) {
        this.emit(f, s, method, code, host, uri, isHead);
        return end === pe ? 0 : end;
      }
      // de-chunking continues in later segments (the engine reassembles whole segments until it is done)
      const total = pe - off;
      this.pendingBytes += total;
      if (this.pendingBytes + this.openOther * OTHER_BOUND > MAX_BUFFERED) { this.fail('too much data in unfinished PDUs'); return -1; }
      this.pend[k] = CHUNKED;
      this.pending.set(k, { method, code, host, uri, head: isHead, size: total });
      return 0;
    }
    if (p + body <= pe) {
      this.emit(f, s, method, code, host, uri, isHead);
      return p + body === pe ? 0 : p + body;
    }
    // a multi-segment PDU from off
    const total = p + body - off;
    if (total > MAX_PDU) { this.fail('PDU too large'); return -1; }
    this.pendingBytes += total;
    if (this.pendingBytes + this.openOther * OTHER_BOUND > MAX_BUFFERED) { this.fail('too much data in unfinished PDUs'); return -1; }
    this.pend[k] = p + body - pe;
    this.pending.set(k, { method, code, host, uri, head: isHead, size: total });
    return 0;
  }

  // De-chunking state per direction (doReassembly's chunk scan, resumed where the last segment ended)
  private chSt = new Uint8Array(0);
  private chVal = new Float64Array(0);
  private chDig = new Uint8Array(0);

  /**
   * Walks a chunked body from d[i] to pe: the offset just past its last CRLF (the empty line after the last
   * chunk), -1 when it continues in the next segment (state kept), -2 to give up.
   */
  private chunks(k: number, d: Uint8Array, i: number, pe: number): number {
    let st = this.chSt[k]!, val = this.chVal[k]!, nd = this.chDig[k]!;
    while (i < pe) {
      const c = d[i]!;
      switch (st) {
        case CH.Size: {
          const h = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
          if (h >= 0 && nd < 7) { val = val * 16 + h; nd++; i++; break; }
          if (nd === 0 || h >= 0) return this.chFail('chunk size');
          if (c === 0x3b) { st = CH.Ext; i++; break; }
          if (c === CR) { st = CH.SizeLf; i++; break; }
          return this.chFail('chunk size');
        }
        case CH.Ext:
          if (c === CR) st = CH.SizeLf;
          else if (c < 0x20 || c >= 0x7f) return this.chFail('chunk extension');
          i++;
          break;
        case CH.SizeLf:
          if (c !== LF) return this.chFail('chunk size line');
          i++;
          st = val === 0 ? CH.Trail : CH.Data;
          break;
        case CH.Data: {
          const n = Math.min(val, pe - i);
          i += n; val -= n;
          if (val === 0) st = CH.DataCr;
          break;
        }
        case CH.DataCr:
          if (c !== CR) return this.chFail('chunk end');
          i++; st = CH.DataLf;
          break;
        case CH.DataLf:
          if (c !== LF) return this.chFail('chunk end');
          i++; st = CH.Size; val = 0; nd = 0;
          break;
        case CH.Trail:
          // only an empty trailer (doReassembly reads one line after the last chunk, dechunk all of them)
          if (c !== CR) return this.chFail('chunked trailer');
          i++; st = CH.TrailLf;
          break;
        default:
          if (c !== LF) return this.chFail('chunked trailer');
          return i + 1;
      }
    }
    // pause only inside chunk data or between chunks (a size line or the last CRLFs cut by a segment end are
    // corner cases of doReassembly's scan that are not followed here)
    if (!(st === CH.Data || (st === CH.Size && nd === 0))) return this.chFail('chunk line across segments');
    this.chSt[k] = st; this.chVal[k] = val; this.chDig[k] = nd;
    return -1;
  }

  private chFail(why: string): number { this.fail(why); return -2; }

  private uriS = 0; private uriE = 0;
  /** The last media type checked (lower case, as processHeader cuts it) and whether its dissector is safe. */
  private readonly ctLast = new Uint8Array(64);
  private ctLen = -1;

  /** Whether the body dissector of the Content-Type value d[s, e) cannot throw (else gives up). */
  private safeBody(d: Uint8Array, s: number, e: number): boolean {
    let n = 0;
    while (s + n < e) { const c = d[s + n]!; if (c === 0x3b || c === SPC || (c >= 9 && c <= 13)) break; n++; }
    const last = this.ctLast;
    if (n === this.ctLen) {
      let i = 0;
      while (i < n && last[i] === lower(d[s + i]!)) i++;
      if (i === n) return true;
    }
    let ct = '';
    for (let i = 0; i < n; i++) ct += String.fromCharCode(lower(d[s + i]!));
    const h = mediaTypes.get(ct) ?? (ct.startsWith('multipart/') ? mediaTypes.get('multipart/') : undefined);
    if (h && !SAFE_BODY.has(h.name ?? '')) return this.fail(`body of ${ct}`);
    if (n <= last.length) { for (let i = 0; i < n; i++) last[i] = lower(d[s + i]!); this.ctLen = n; }
    return true;
  }

  private emit(f: FastFrame, s: number, method: string | null, code: number, host: string | null, uri: string | null, isHead = method === 'HEAD'): void {
    if (method !== null) this.lastHead[s] = isHead ? 1 : 0;
    let ev = f.hev[f.hn];
    if (!ev) { ev = new LeanHttpEvent(); f.hev.push(ev); }
    f.hn++;
    ev.requestMethod = method; ev.responseCode = code; ev.httpHost = host; ev.requestUri = uri; ev.f = f;
  }
}

/** Where the line at d[p, pe) ends: its CR, followed by LF, with no CR or LF before; -1 otherwise. */
function lineEnd(d: Uint8Array, p: number, pe: number): number {
  const cr = d.indexOf(CR, p);
  if (cr < 0 || cr + 1 >= pe || d[cr + 1] !== LF) return -1;
  return d.indexOf(LF, p) === cr + 1 ? cr : -1;
}

function ciEqExact(d: Uint8Array, p: number, s: string): boolean {
  for (let i = 0; i < s.length; i++) if (d[p + i] !== s.charCodeAt(i)) return false;
  return true;
}

/** "http/1." (any case) at w[i]. */
function matchAt(w: Uint8Array, i: number): boolean {
  for (let j = 0; j < 7; j++) if (lower(w[i + j]!) !== PATTERN[j]) return false;
  return true;
}
/** d[p, p + n) equals PATTERN[from, from + n) ignoring case. */
function partAt(d: Uint8Array, p: number, from: number, n: number): boolean {
  for (let j = 0; j < n; j++) if (lower(d[p + j]!) !== PATTERN[from + j]) return false;
  return true;
}
