// pcapng (wiretap/pcapng.c): sections in either byte order, interfaces with their own link type and
// timestamp resolution/offset, EPB / SPB / obsolete PB; every other block is skipped by its length.
import { CaptureError, type CaptureRecord, type FormatParser, type InterfaceInfo, type RecordSink } from './record.js';

export const PCAPNG_SHB = 0x0a0d0d0a;
const BT_IDB = 1, BT_PB = 2, BT_SPB = 3, BT_NRB = 4, BT_ISB = 5, BT_EPB = 6, BT_DSB = 10;
/** wiretap's minimum total lengths per block type, and how it names the type in its messages. */
const MIN_SIZE = new Map<number, [number, string, string]>([
  [BT_IDB, [20, 'an IDB', 'IDB']], [BT_PB, [32, 'a PB', 'PB']], [BT_SPB, [16, 'an SPB', 'SPB']],
  [BT_NRB, [16, 'an NRB', 'NRB']], [BT_EPB, [32, 'an EPB', 'EPB']],
]);
/** Blocks larger than this are refused rather than buffered (a hostile length must not allocate gigabytes). */
/** wiretap's largest block (128 MiB plus room for a packet's headers): larger lengths are refused, never allocated. */
export const MAX_BLOCK = 134348832;

/** wtap_max_snaplen_for_encap: D-Bus packets may be 128 MiB, every other link type 256 KiB. */
function maxPacket(linktype: number): number { return linktype === 231 ? 134217728 : 262144; }

export class PcapngParser implements FormatParser {
  readonly format = 'pcapng';
  readonly interfaces: InterfaceInfo[] = [];
  stopped = false;
  private le = true;
  /** Section header blocks read (a byte-range reader that meets one cannot continue the previous section). */
  sections = 0;
  /** Index in `interfaces` where the current section's interfaces start. */
  private sectionBase = 0;
  private readonly rec: CaptureRecord = { data: new Uint8Array(0), caplen: 0, len: 0, tsSec: 0, tsNsec: 0, linktype: 0, ifaceId: 0, ifaceLocal: 0 };

  private u32(b: Uint8Array, o: number): number {
    return this.le ? (b[o]! | b[o + 1]! << 8 | b[o + 2]! << 16 | b[o + 3]! << 24) >>> 0
      : (b[o]! << 24 | b[o + 1]! << 16 | b[o + 2]! << 8 | b[o + 3]!) >>> 0;
  }
  /** The byte order of the current section. */
  get littleEndian(): boolean { return this.le; }

  /**
   * Continues a section in the middle of a file (--workers byte ranges): the byte order and the interfaces that the
   * blocks before the range declared.
   */
  resume(le: boolean, interfaces: readonly InterfaceInfo[]): void {
    this.le = le;
    this.interfaces.length = 0;
    this.interfaces.push(...interfaces.map(i => ({ ...i })));
    this.sectionBase = 0;
    this.rec.section = 1;
  }

  private u16(b: Uint8Array, o: number): number { return this.le ? b[o]! | b[o + 1]! << 8 : b[o]! << 8 | b[o + 1]!; }

  /** Length of the block at off, reading the byte order from an SHB itself. */
  private blockLen(buf: Uint8Array, off: number): number {
    const type = (buf[off]! << 24 | buf[off + 1]! << 16 | buf[off + 2]! << 8 | buf[off + 3]!) >>> 0;
    if (type === PCAPNG_SHB) {
      const bom = (buf[off + 8]! << 24 | buf[off + 9]! << 16 | buf[off + 10]! << 8 | buf[off + 11]!) >>> 0;
      if (bom === 0x1a2b3c4d) this.le = false;
      else if (bom === 0x4d3c2b1a) this.le = true;
      else throw new CaptureError('bad', `pcapng: unknown byte-order magic number 0x${bom.toString(16).padStart(8, '0')}`);
    }
    return this.u32(buf, off + 4);
  }

  needed(buf: Uint8Array, off: number, end: number): number {
    if (end - off < 12) return 12;
    return this.blockLen(buf, off);
  }

  parse(buf: Uint8Array, off: number, end: number, sink: RecordSink): number {
    while (off + 12 <= end) {
      const len = this.blockLen(buf, off);
      const type = this.u32(buf, off);
      const min = MIN_SIZE.get(type);
      if (min && len < min[0]) throw new CaptureError('bad', `pcapng: total block length ${len} of ${min[1]} is less than the minimum ${min[2]} size ${min[0]}`);
      if (type === BT_ISB && len < 24) throw new CaptureError('bad', `pcapng: total block length ${len} of an ISB is too small (< 24)`);
      // a later section header or a decryption secrets block too short for its fixed part: wiretap reads past the
      // block and reports the file cut short
      if ((type === PCAPNG_SHB && len < 28) || (type === BT_DSB && len < 20)) throw new CaptureError('short');
      if (len < 12) throw new CaptureError('bad', `pcapng: total block length ${len} of block is too small (< 12)`);
      if (len > MAX_BLOCK) throw new CaptureError('bad', `pcapng: total block length ${len} is too large (> ${MAX_BLOCK})`);
      if (off + len > end) break;
      if (len % 4) throw new CaptureError('bad', `pcapng: total block length ${len} of block is not a multiple of 4`);
      const trailer = this.u32(buf, off + len - 4);
      if (trailer !== len) throw new CaptureError('bad', `pcapng: total block lengths (first ${len} and second ${trailer}) don't match`);
      const body = off + 8, bodyEnd = off + len - 4;
      let emitted = false;
      if (type === PCAPNG_SHB) {
        const major = this.u16(buf, body + 4), minor = this.u16(buf, body + 6);
        if (major !== 1 || (minor !== 0 && minor !== 2)) throw new CaptureError('unsupported-encap', `pcapng: unknown SHB version ${major}.${minor}`);
        this.sectionBase = this.interfaces.length; this.rec.section = (this.rec.section ?? 0) + 1; this.sections++; }
      else if (type === BT_IDB) this.readIdb(buf, body, bodyEnd);
      else if (type === BT_EPB) emitted = this.readEpb(buf, body, bodyEnd);
      else if (type === BT_SPB) emitted = this.readSpb(buf, body, bodyEnd);
      else if (type === BT_PB) emitted = this.readPb(buf, body, bodyEnd);
      off += len;
      if (emitted && sink(this.rec) === false) { this.stopped = true; return off; }
    }
    return off;
  }

  private readIdb(buf: Uint8Array, o: number, end: number): void {
    const iface: InterfaceInfo = { linktype: this.u16(buf, o), snaplen: this.u32(buf, o + 4), tsPerSec: 1e6, tsOffset: 0 };
    for (let p = o + 8; p + 4 <= end;) {
      const code = this.u16(buf, p), olen = this.u16(buf, p + 2);
      const v = p + 4;
      if (code === 0 || v + olen > end) break;
      const text = (): string => new TextDecoder().decode(buf.subarray(v, v + olen)).replace(/\0+$/, '');
      if (code === 9 && olen >= 1) {
        const r = buf[v]!;
        iface.tsPerSec = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r;
      } else if (code === 14 && olen === 8) {
        const hi = this.u32(buf, this.le ? v + 4 : v), lo = this.u32(buf, this.le ? v : v + 4);
        iface.tsOffset = (hi | 0) * 4294967296 + lo;
      } else if (code === 2) iface.name = text();
      else if (code === 3) iface.description = text();
      else if (code === 11 && olen > 1) iface.filter = new TextDecoder().decode(buf.subarray(v + 1, v + olen)).replace(/\0+$/, '');
      else if (code === 12) iface.os = text();
      p = v + ((olen + 3) & ~3);
    }
    this.interfaces.push(iface);
  }

  private setTime(iface: InterfaceInfo, hi: number, lo: number): void {
    const r = iface.tsPerSec;
    let sec: number, nsec: number;
    const ts = hi * 4294967296 + lo;
    if (ts <= Number.MAX_SAFE_INTEGER) {
      sec = Math.floor(ts / r);
      nsec = Math.round(((ts - sec * r) * 1e9) / r);
    } else {
      const big = (BigInt(hi) << 32n) | BigInt(lo), br = BigInt(r);
      sec = Number(big / br);
      nsec = Number(((big % br) * 1000000000n) / br);
    }
    this.rec.tsSec = sec + iface.tsOffset;
    this.rec.tsNsec = nsec;
  }

  private iface(id: number): InterfaceInfo {
    const iface = this.interfaces[this.sectionBase + id];
    if (!iface) throw new CaptureError('bad', `pcapng: interface index ${id} is not less than section interface count ${this.interfaces.length - this.sectionBase}`);
    return iface;
  }

  private readEpb(buf: Uint8Array, o: number, end: number): boolean {
    return this.packet(buf, o, end, this.u32(buf, o), 'an EPB');
  }

  /** The obsolete Packet Block: like an EPB with a 16-bit interface id and a drops count. */
  private readPb(buf: Uint8Array, o: number, end: number): boolean {
    return this.packet(buf, o, end, this.u16(buf, o), 'a PB');
  }

  /** Fills the record from an EPB/PB body at o: id, timestamp high/low, captured and original lengths, data. */
  private packet(buf: Uint8Array, o: number, end: number, id: number, what: string): boolean {
    const caplen = this.u32(buf, o + 12), len = this.u32(buf, o + 16);
    if (o + 20 + caplen > end) throw new CaptureError('bad', `pcapng: total block length ${end + 4 - (o - 8)} of ${what} is too small for ${caplen} bytes of packet data`);
    const iface = this.iface(id);
    const max = maxPacket(iface.linktype);
    if (caplen > max) throw new CaptureError('bad', `pcapng: cap_len ${caplen} is larger than ${max}`);
    this.setTime(iface, this.u32(buf, o + 4), this.u32(buf, o + 8));
    const r = this.rec;
    r.data = buf.subarray(o + 20, o + 20 + caplen);
    r.caplen = caplen; r.len = len; r.linktype = iface.linktype; r.ifaceId = this.sectionBase + id; r.ifaceLocal = id;
    return true;
  }

  private readSpb(buf: Uint8Array, o: number, end: number): boolean {
    const iface = this.iface(0);
    const len = this.u32(buf, o);
    let caplen = Math.min(len, end - o - 4);
    if (iface.snaplen && caplen > iface.snaplen) caplen = iface.snaplen;
    const r = this.rec;
    r.data = buf.subarray(o + 4, o + 4 + caplen);
    r.caplen = caplen; r.len = len; r.linktype = iface.linktype; r.ifaceId = this.sectionBase; r.ifaceLocal = 0;
    r.tsSec = 0; r.tsNsec = 0;
    return true;
  }

}
