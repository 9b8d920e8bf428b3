// The lean fast path: for statistics that need only frame, link, IP and TCP/UDP headers (conv,tcp, conv,udp,
// io,stat frames/bytes with tcp/udp/ip/ipv6 filters), records are read straight from the capture's bytes into one
// reused FastFrame — no Packet, no tree, no strings, no per-packet objects. It understands the common well-formed
// cases (Ethernet with 802.1Q tags, Linux cooked, raw IP; IPv4 without fragments, IPv6 without extension headers;
// TCP, UDP, ICMP queries, ARP); anything else (tunnels, fragments, ICMP errors quoting a packet, odd lengths, other
// link types) makes classify() return false and the caller runs the whole capture through the full engine instead,
// so the output is the engine's, byte for byte.
//
// TCP stream numbers follow the engine's rules (tcp/analysis.ts lookupConv/newConv and dissect/tcp.ts): a stream per
// address/port pair, and a new one when a SYN (without ACK) carries another initial sequence number than the one the
// stream's sender started with. The table keeps per stream only the numbers those rules read.

/**
 * TCP options d[o, end) of the kinds and lengths every TCP stack sends (EOL with zero padding, NOP, MSS, window
 * scale, SACK permitted, SACK with 1-4 blocks, timestamps). Anything else (other kinds, odd lengths: the engine may
 * mark the segment malformed, and a malformed segment is not counted by the statistics) goes to the engine.
 */
export function tcpOptionsPlain(d: Uint8Array, o: number, end: number): boolean {
  while (o < end) {
    const kind = d[o]!;
    if (kind === 0) { for (let i = o + 1; i < end; i++) if (d[i] !== 0) return false; return true; }
    if (kind === 1) { o++; continue; }
    if (o + 1 >= end) return false;
    const len = d[o + 1]!;
    if (o + len > end) return false;
    if (kind === 2 ? len !== 4 : kind === 3 ? len !== 3 : kind === 4 ? len !== 2 : kind === 8 ? len !== 10 :
      kind === 5 ? len < 10 || len > 34 || (len - 2) % 8 !== 0 : true) return false;
    o += len;
  }
  return true;
}

/** Bits of FastFrame.cls: which protocols the frame carries. */
export const enum Has { IP = 1, IPV6 = 2, TCP = 4, UDP = 8 }

/** One frame as the fast path sees it (reused for every record). */
export class FastFrame {
  /** Frame number, from 1. */
  num = 0;
  /** Time since the first frame. */
  relSec = 0; relNsec = 0;
  /** Bytes on the wire. */
  len = 0;
  cls = 0;
  /** The record's bytes; addresses are at srcOff/dstOff, alen (4 or 16) bytes each. */
  data: Uint8Array = new Uint8Array(0);
  srcOff = 0; dstOff = 0; alen = 0;
  sport = 0; dport = 0;
  /** TCP: stream index; UDP: index of the address/port pair (when the scanner keeps them, see FastScanner). */
  stream = 0;
  seq = 0; ack = 0; flags = 0;
  /** --workers: another worker counts this frame (consumers keep only the state every worker must share). */
  skip = false;
  /** Captured bytes; the transport header at l4, l4len bytes of it and its payload as IP reports them. */
  caplen = 0; l4 = 0; l4len = 0;
  /** TCP/UDP: 0 when the source is the lower (address, port) end, 1 otherwise (set with stream). */
  dir = 0;
  /** HTTP messages this frame completes (fast/http.ts, when a consumer asked for them): hev[0 .. hn). */
  hn = 0;
  hev: LeanHttpEvent[] = [];
}

import { HttpLean, type LeanHttpEvent } from './http.js';
import { doubledSlots } from '../stats/keytable.js';

/** UDP ports whose payload may be a tunnel (VXLAN, Geneve, GTP, L2TP, Teredo, MPLS/GRE-in-UDP, ...): full engine. */
const TUNNEL_PORTS = new Set([4789, 4790, 6081, 2152, 2123, 1701, 3544, 8472, 4754, 6635, 4341, 4342, 1293, 500, 4500, 3386, 5246, 5247]);
const isTunnelPort = new Uint8Array(65536);
for (const p of TUNNEL_PORTS) if (p < 65536) isTunnelPort[p] = 1;

const SYN = 0x02, ACK = 0x10;

/** Words per stream key: version, A's address (4 words), B's address (4 words), ports (A << 16 | B). */
export const KW = 10;
/** Words per StreamTable.log entry, and the bits of its second word (with the direction in bit 0). */
export const LOG_W = 6;
export const enum LogBit { FIRST = 2, RESET = 4, ANY = 1, DIR0 = 2, ACK0 = 8, DONE = 32 }

/**
 * The base sequence numbers of a stream's two directions (fwd, rev: indexes into base/baseSet) after a segment of the
 * fwd direction: a SYN-ACK with another sequence number than the direction's base moves it (dissect/tcp.ts, ports
 * reused), then tcp_analyze_sequence_number sets what is unset. The range merge (cli/parallel.ts) replays the same.
 */
export function updateBases(base: Uint32Array, baseSet: Uint8Array, fwd: number, rev: number, flags: number, seq: number, ack: number): void {
  if ((flags & (SYN | ACK)) === (SYN | ACK) && baseSet[fwd] === 1) base[fwd] = seq;
  if (!baseSet[fwd]) { base[fwd] = flags & SYN ? seq : (seq - 1) >>> 0; baseSet[fwd] = 1; }
  if (!baseSet[rev] && flags & ACK) { base[rev] = (ack - 1) >>> 0; baseSet[rev] = 1; }
}

/**
 * TCP streams by address/port pair: open addressing over typed arrays. Per entry: the key, the stream index, and
 * per direction (0 = A → B, A the lower endpoint) whether the base sequence number is set and its value.
 */
export class StreamTable {
  count = 0;
  /** UDP: flows by address/port pair only (no sequence numbers). */
  constructor(private readonly tcp: boolean) {}
  size = 0;
  keys = new Uint32Array(KW * 1024);
  stream = new Int32Array(1024);
  base = new Uint32Array(2048);
  baseSet = new Uint8Array(2048);
  private hashes = new Uint32Array(1024);
  private slots = new Int32Array(4096).fill(-1);
  private mask = 4095;
  readonly k = new Uint32Array(KW);
  /**
   * --workers byte ranges (cli/parallel.ts): per entry, which of its first packets in the range were logged, and the
   * log: LOG_W words per packet (entry, LogBit bits | dir, flags, seq, ack, stream) for the packets that could change
   * the state of a stream that began before the range, up to the range's first local port reuse of the pair.
   */
  logBits: Uint8Array | null = null;
  log = new Uint32Array(0);
  logLen = 0;

  /** The stream of a TCP segment from f.data (f.src*, f.dst*, f.sport, f.dport, f.seq, f.ack, f.flags); sets f.stream. */
  packet(f: FastFrame): void {
    const d = f.data, k = this.k, n = f.alen;
    // canonical order: A is the lower (address, port), as the conversation tables compare them
    let c = 0;
    for (let i = 0; i < n && c === 0; i++) c = d[f.srcOff + i]! - d[f.dstOff + i]!;
    if (c === 0) c = f.sport - f.dport;
    const swap = c > 0, dir = swap ? 1 : 0;
    f.dir = dir;
    const ao = swap ? f.dstOff : f.srcOff, bo = swap ? f.srcOff : f.dstOff;
    k[0] = n;
    if (n === 4) {
      k[1] = (d[ao]! << 24 | d[ao + 1]! << 16 | d[ao + 2]! << 8 | d[ao + 3]!) >>> 0; k[2] = 0; k[3] = 0; k[4] = 0;
      k[5] = (d[bo]! << 24 | d[bo + 1]! << 16 | d[bo + 2]! << 8 | d[bo + 3]!) >>> 0; k[6] = 0; k[7] = 0; k[8] = 0;
    } else {
      for (let w = 0; w < 4; w++) {
        const a = ao + 4 * w, b = bo + 4 * w;
        k[1 + w] = (d[a]! << 24 | d[a + 1]! << 16 | d[a + 2]! << 8 | d[a + 3]!) >>> 0;
        k[5 + w] = (d[b]! << 24 | d[b + 1]! << 16 | d[b + 2]! << 8 | d[b + 3]!) >>> 0;
      }
    }
    k[9] = (swap ? (f.dport << 16 | f.sport) : (f.sport << 16 | f.dport)) >>> 0;
    const idx = this.find(true);
    if (!this.tcp) { f.stream = idx; return; }
    const flags = f.flags, fwd = 2 * idx + dir, rev = 2 * idx + (dir ^ 1);
    // A SYN with another initial sequence number on a known stream: ports reused, a new stream.
    const reset = (flags & (SYN | ACK)) === SYN && this.baseSet[fwd] === 1 && f.seq !== this.base[fwd];
    if (reset) {
      this.stream[idx] = this.count++;
      this.baseSet[2 * idx] = 0; this.baseSet[2 * idx + 1] = 0;
      this.base[2 * idx] = 0; this.base[2 * idx + 1] = 0;
    }
    updateBases(this.base, this.baseSet, fwd, rev, flags, f.seq, f.ack);
    f.stream = this.stream[idx]!;
    if (this.logBits !== null) this.note(idx, dir, flags, f.seq, f.ack, reset, f.stream);
  }

  /** The entry of the key in this.k (hashed as packet() does); -1 when absent and not `insert`. */
  find(insert: boolean): number {
    const k = this.k;
    let h = 0x811c9dc5;
    for (let i = 0; i < KW; i++) h = Math.imul(h ^ k[i]!, 0x01000193) ^ (h >>> 15);
    h >>>= 0;
    let s = h & this.mask;
    for (;;) {
      const e = this.slots[s]!;
      if (e < 0) break;
      if (this.hashes[e] === h && this.same(e)) return e;
      s = (s + 1) & this.mask;
    }
    return insert ? this.insert(s, h) : -1;
  }

  /** Logs a packet of entry idx for the range merge (see logBits). */
  private note(idx: number, dir: number, flags: number, seq: number, ack: number, reset: boolean, stream: number): void {
    const bits = this.logBits!, st = bits[idx]!;
    if (st & LogBit.DONE) return;
    let nst = st | LogBit.ANY | (LogBit.DIR0 << dir);
    if (flags & ACK) nst |= LogBit.ACK0 << dir;
    if (reset) nst |= LogBit.DONE;
    bits[idx] = nst;
    if (nst === st && (flags & SYN) === 0) return; // SYNs and SYN-ACKs can move a base sequence number
    if (this.logLen + LOG_W > this.log.length) { const l = new Uint32Array(Math.max(6000, this.log.length * 2)); l.set(this.log); this.log = l; }
    const l = this.log, o = this.logLen;
    l[o] = idx; l[o + 1] = dir | (st === 0 ? LogBit.FIRST : 0) | (reset ? LogBit.RESET : 0);
    l[o + 2] = flags; l[o + 3] = seq; l[o + 4] = ack; l[o + 5] = stream;
    this.logLen = o + LOG_W;
  }

  private same(e: number): boolean {
    const k = this.k, ks = this.keys, b = e * KW;
    for (let i = 0; i < KW; i++) if (ks[b + i] !== k[i]) return false;
    return true;
  }

  private insert(slot: number, h: number): number {
    const idx = this.size++;
    if (idx >= this.stream.length) this.grow();
    this.keys.set(this.k, idx * KW);
    this.hashes[idx] = h;
    this.stream[idx] = this.count++;
    this.slots[slot] = idx;
    if (this.size * 2 > this.slots.length) this.rehash();
    return idx;
  }

  private grow(): void {
    const cap = this.stream.length * 2;
    const grow32 = <T extends Uint32Array | Int32Array>(a: T, n: number, make: (n: number) => T): T => { const b = make(n); b.set(a); return b; };
    this.keys = grow32(this.keys, cap * KW, n => new Uint32Array(n));
    this.hashes = grow32(this.hashes, cap, n => new Uint32Array(n));
    this.stream = grow32(this.stream, cap, n => new Int32Array(n));
    this.base = grow32(this.base, cap * 2, n => new Uint32Array(n));
    const bs = new Uint8Array(cap * 2); bs.set(this.baseSet); this.baseSet = bs;
    if (this.logBits) { const lb = new Uint8Array(cap); lb.set(this.logBits); this.logBits = lb; }
  }

  private rehash(): void {
    this.slots = doubledSlots(this.hashes, this.size, this.slots.length);
    this.mask = this.slots.length - 1;
  }
}

/** A statistic that can count fast frames (see Tap.fast). */
export interface FastConsumer { fastPacket(f: FastFrame): void }

export class FastScanner {
  readonly f = new FastFrame();
  private readonly streams: StreamTable | null;
  private readonly udpFlows: StreamTable | null;
  private readonly http: HttpLean | null;
  private firstSec = 0; private firstNsec = 0;
  private haveFirst = false;
  /** --workers: this scanner counts the TCP/UDP frames whose flow hashes to `w` of `n` (others: worker 0). */
  private part: { w: number; n: number } | null = null;

  partition(w: number, n: number): void { this.part = { w, n }; }

  /** --workers byte ranges: times count from the capture's first record, and TCP streams log what the merge needs. */
  startRange(firstSec: number, firstNsec: number, log: boolean): void {
    this.haveFirst = true; this.firstSec = firstSec; this.firstNsec = firstNsec;
    if (log && this.streams) this.streams.logBits = new Uint8Array(this.streams.stream.length);
  }

  /** The TCP stream table (null when no statistic reads TCP streams). */
  get tcpStreams(): StreamTable | null { return this.streams; }

  constructor(private readonly consumers: readonly FastConsumer[], want: { tcp: boolean; udp: boolean; http?: boolean }) {
    this.streams = want.tcp || want.http ? new StreamTable(true) : null;
    this.udpFlows = want.udp ? new StreamTable(false) : null;
    this.http = want.http ? new HttpLean() : null;
  }

  /** Why the HTTP stage gave up (TYPESHARK_FAST_DEBUG). */
  get why(): string { return this.refused || (this.http?.why ?? ''); }
  /** Set when classify() refused a record (TYPESHARK_FAST_DEBUG). */
  private refused = '';

  /** Counts one record; false when the fast path does not understand it (the caller falls back to the engine). */
  record(data: Uint8Array, caplen: number, len: number, tsSec: number, tsNsec: number, linktype: number): boolean {
    const f = this.f;
    if (!classify(f, data, caplen, len, linktype)) { this.refused = 'a link, IP or TCP/UDP header the fast path does not model'; return false; }
    f.num++;
    f.len = len;
    if (!this.haveFirst) { this.haveFirst = true; this.firstSec = tsSec; this.firstNsec = tsNsec; }
    let s = tsSec - this.firstSec, n = (tsNsec - this.firstNsec) | 0;
    if (s > 0 && n < 0) { s--; n += 1e9; } else if (s < 0 && n > 0) { s++; n -= 1e9; }
    f.relSec = s; f.relNsec = n;
    if (this.part) {
      f.skip = flowHash(f) % this.part.n !== this.part.w;
      if (f.skip) {
        const cs = this.consumers;
        for (let i = 0; i < cs.length; i++) cs[i]!.fastPacket(f);
        return true;
      }
    }
    if (f.cls & Has.TCP) { if (this.streams) this.streams.packet(f); } else if (f.cls & Has.UDP && this.udpFlows) this.udpFlows.packet(f);
    if (this.http && !this.http.frame(f)) { f.num--; return false; }
    const cs = this.consumers;
    for (let i = 0; i < cs.length; i++) cs[i]!.fastPacket(f);
    return true;
  }
}

/** A hash of a TCP/UDP frame's two (address, port) ends, the same in both directions; 0 for other frames. */
function flowHash(f: FastFrame): number {
  if ((f.cls & (Has.TCP | Has.UDP)) === 0) return 0;
  const d = f.data;
  let a = 0x811c9dc5, b = 0x811c9dc5;
  for (let i = 0; i < f.alen; i++) { a = Math.imul(a ^ d[f.srcOff + i]!, 0x01000193); b = Math.imul(b ^ d[f.dstOff + i]!, 0x01000193); }
  a = Math.imul(a ^ f.sport, 0x01000193); b = Math.imul(b ^ f.dport, 0x01000193);
  let h = ((a >>> 0) + (b >>> 0)) >>> 0;
  h ^= h >>> 16; h = Math.imul(h, 0x45d9f3b) >>> 0; h ^= h >>> 16;
  return h >>> 0;
}

/** Decodes the headers of one record into f; false when the record needs the full engine. */
export function classify(f: FastFrame, d: Uint8Array, caplen: number, len: number, linktype: number): boolean {
  f.data = d; f.cls = 0; f.caplen = caplen;
  let o: number, et: number;
  if (linktype === 1) {
    if (caplen < 14) return false;
    et = d[12]! << 8 | d[13]!; o = 14;
    while (et === 0x8100 || et === 0x9100 || et === 0x88a8) {
      if (caplen < o + 4) return false;
      et = d[o + 2]! << 8 | d[o + 3]!; o += 4;
    }
  } else if (linktype === 113) {
    if (caplen < 16) return false;
    const ha = d[2]! << 8 | d[3]!;
    if (ha !== 1 && ha !== 772 && ha !== 65534) return false;
    et = d[14]! << 8 | d[15]!; o = 16;
  } else if (linktype === 101 || linktype === 12 || linktype === 14 || linktype === 228 || linktype === 229) {
    if (caplen < 1) return false;
    const v = d[0]! >> 4;
    if (linktype === 228 && v !== 4 || linktype === 229 && v !== 6) return false;
    et = v === 4 ? 0x0800 : v === 6 ? 0x86dd : 0;
    o = 0;
  } else return false;
  let l4: number, l4len: number, proto: number;
  if (et === 0x0800) {
    if (caplen < o + 20) return false;
    const vh = d[o]!, ihl = (vh & 15) * 4;
    if (vh >> 4 !== 4 || ihl < 20 || caplen < o + ihl) return false;
    const tot = d[o + 2]! << 8 | d[o + 3]!;
    if (tot < ihl || tot > len - o) return false;
    if ((d[o + 6]! & 0x3f) !== 0 || d[o + 7]! !== 0) return false;
    proto = d[o + 9]!;
    f.cls = Has.IP; f.srcOff = o + 12; f.dstOff = o + 16; f.alen = 4;
    l4 = o + ihl; l4len = tot - ihl;
  } else if (et === 0x86dd) {
    if (caplen < o + 40 || d[o]! >> 4 !== 6) return false;
    const plen = d[o + 4]! << 8 | d[o + 5]!;
    if (plen === 0 || 40 + plen > len - o) return false;
    proto = d[o + 6]!;
    f.cls = Has.IPV6; f.srcOff = o + 8; f.dstOff = o + 24; f.alen = 16;
    l4 = o + 40; l4len = plen;
    // hop-by-hop and destination options (whole, captured): skipped
    while (proto === 0 || proto === 60) {
      if (caplen < l4 + 2) return false;
      const hl = (d[l4 + 1]! + 1) * 8;
      if (hl > l4len || caplen < l4 + hl) return false;
      proto = d[l4]!; l4 += hl; l4len -= hl;
    }
  } else if (et === 0x0806 || et === 0x88cc) {
    return true;
  } else return false;
  if (proto === 6) {
    if (caplen < l4 + 20) return false;
    const hlen = (d[l4 + 12]! >> 4) * 4;
    if (hlen < 20 || hlen > l4len || caplen < l4 + hlen) return false;
    if (hlen > 20 && !tcpOptionsPlain(d, l4 + 20, l4 + hlen)) return false;
    f.sport = d[l4]! << 8 | d[l4 + 1]!; f.dport = d[l4 + 2]! << 8 | d[l4 + 3]!;
    f.seq = (d[l4 + 4]! << 24 | d[l4 + 5]! << 16 | d[l4 + 6]! << 8 | d[l4 + 7]!) >>> 0;
    f.ack = (d[l4 + 8]! << 24 | d[l4 + 9]! << 16 | d[l4 + 10]! << 8 | d[l4 + 11]!) >>> 0;
    f.flags = (d[l4 + 12]! << 8 | d[l4 + 13]!) & 0xfff;
    f.cls |= Has.TCP; f.l4 = l4; f.l4len = l4len;
    return true;
  }
  if (proto === 17) {
    if (caplen < l4 + 8 || l4len < 8) return false;
    const sp = d[l4]! << 8 | d[l4 + 1]!, dp = d[l4 + 2]! << 8 | d[l4 + 3]!, ulen = d[l4 + 4]! << 8 | d[l4 + 5]!;
    if (ulen < 8 || ulen > l4len || isTunnelPort[sp] || isTunnelPort[dp]) return false;
    f.sport = sp; f.dport = dp;
    f.cls |= Has.UDP; f.l4 = l4; f.l4len = l4len;
    return true;
  }
  if (proto === 1 && f.alen === 4) {
    // queries (echo, timestamp, ...) only: errors quote the packet that caused them, and the engine dissects it
    if (caplen < l4 + 1) return false;
    const t = d[l4]!;
    return t === 0 || t === 8 || t === 13 || t === 14;
  }
  if (proto === 58 && f.alen === 16) {
    if (caplen < l4 + 1) return false;
    const t = d[l4]!;
    return t >= 128 && t !== 137;
  }
  return proto === 2 || proto === 89;
}
