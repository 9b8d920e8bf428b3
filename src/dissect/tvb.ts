// A view on packet bytes with Wireshark's bounds semantics: reading past the captured bytes throws
// BoundsError ("Packet size limited during capture"), past the bytes the packet claims to have
// throws ReportedBoundsError ("Malformed Packet"). The engine turns these into tshark's markers.

export const enum Exc { Bounds = 1, ContainedBounds = 2, ReportedBounds = 3, FragmentBounds = 4, DissectorError = 5 }

export class DissectException extends Error {
  constructor(readonly kind: Exc, message = '') { super(message); }
}
/** Preallocated: exceptions are thrown on every malformed packet; no stack is needed. */
const BOUNDS = new DissectException(Exc.Bounds);
const REPORTED = new DissectException(Exc.ReportedBounds);
const CONTAINED = new DissectException(Exc.ContainedBounds);
export function dissectorError(msg: string): DissectException { return new DissectException(Exc.DissectorError, msg); }

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

export class Tvb {
  /**
   * @param buf   the data source (frame bytes or a reassembled buffer)
   * @param off   where this view starts in buf
   * @param len   bytes available (captured) in this view
   * @param reported bytes the view claims to have (>= len when the capture was cut)
   * @param contained how much of the reported length the containing views really have (tvb->contained_length,
   *   <= reported): past the captured bytes but within it is BoundsError, past it but within the reported length
   *   is ContainedBoundsError (this view claims more than its parent holds), past the reported length
   *   ReportedBoundsError
   */
  constructor(readonly buf: Uint8Array, readonly off: number, readonly len: number, readonly reported: number,
              readonly contained = reported) {}

  static of(buf: Uint8Array, reported = buf.length): Tvb { return new Tvb(buf, 0, buf.length, reported); }

  /** Throws the right exception for an access of n bytes at o. */
  check(o: number, n: number): void {
    if (o < 0 || n < 0 || o + n > this.len) this.fail(o, n);
  }
  fail(o: number, n: number): never {
    const end = o + n;
    if (o < 0 || n < 0) throw REPORTED;
    if (end <= this.contained) throw BOUNDS;
    if (end <= this.reported) throw CONTAINED;
    throw REPORTED;
  }

  /** Bytes remaining (captured) from o, or 0. */
  remaining(o: number): number { return o >= this.len ? 0 : this.len - o; }
  /** Reported bytes remaining from o. */
  reportedRemaining(o: number): number { return o >= this.reported ? 0 : this.reported - o; }
  /** Throws when o is past the end (what tvb_ensure_bytes_exist does for 0-length items). */
  ensure(o: number, n: number): void { if (o + n > this.len || o < 0 || n < 0) this.fail(o, n); }

  u8(o: number): number { if (o >= this.len || o < 0) this.fail(o, 1); return this.buf[this.off + o]!; }
  u16(o: number): number { if (o + 2 > this.len || o < 0) this.fail(o, 2); const b = this.buf, p = this.off + o; return (b[p]! << 8) | b[p + 1]!; }
  u16le(o: number): number { if (o + 2 > this.len || o < 0) this.fail(o, 2); const b = this.buf, p = this.off + o; return b[p]! | (b[p + 1]! << 8); }
  u24(o: number): number { if (o + 3 > this.len || o < 0) this.fail(o, 3); const b = this.buf, p = this.off + o; return (b[p]! << 16) | (b[p + 1]! << 8) | b[p + 2]!; }
  u32(o: number): number {
    if (o + 4 > this.len || o < 0) this.fail(o, 4);
    const b = this.buf, p = this.off + o;
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }
  u32le(o: number): number {
    if (o + 4 > this.len || o < 0) this.fail(o, 4);
    const b = this.buf, p = this.off + o;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }
  /** 64-bit big-endian as a bigint. */
  u64(o: number): bigint { return (BigInt(this.u32(o)) << 32n) | BigInt(this.u32(o + 4)); }
  /** 48-bit big-endian as a number. */
  u48(o: number): number { return this.u16(o) * 0x100000000 + this.u32(o + 2); }

  /** A view of n bytes at o (no copy); throws if not all captured. */
  bytes(o: number, n: number): Uint8Array {
    this.check(o, n);
    return this.buf.subarray(this.off + o, this.off + o + n);
  }
  /** Absolute offset in the data source. */
  abs(o: number): number { return this.off + o; }

  /**
   * A sub-view from o, of `reportedLen` bytes (-1: to the end). Like tvb_new_subset_length_caplen: the
   * captured part is clipped to what this view has.
   */
  sub(o: number, reportedLen = -1): Tvb {
    if (o > this.len) { if (o <= this.contained) throw BOUNDS; if (o <= this.reported) throw CONTAINED; throw REPORTED; }
    if (o < 0) throw REPORTED;
    const rep = reportedLen < 0 ? Math.max(0, this.reported - o) : reportedLen;
    const cap = Math.min(this.len - o, rep);
    return new Tvb(this.buf, this.off + o, cap, rep, Math.min(rep, Math.max(0, this.contained - o)));
  }

  /** Latin-1 string (tshark shows non-ASCII bytes escaped in most places; callers format). */
  latin1(o: number, n: number): string { return latin1.decode(this.bytes(o, n)); }
  utf8(o: number, n: number): string { return utf8.decode(this.bytes(o, n)); }
  /** Index of byte v at or after o within the captured part, or -1. */
  find(o: number, v: number, max = -1): number {
    const end = max < 0 ? this.len : Math.min(this.len, o + max);
    const b = this.buf, base = this.off;
    for (let i = o; i < end; i++) if (b[base + i] === v) return i;
    return -1;
  }
}
