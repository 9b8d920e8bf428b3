// Classic libpcap files: both byte orders, microsecond and nanosecond magic (wiretap/libpcap.c).
import { CaptureError, type CaptureRecord, type FormatParser, type InterfaceInfo, type RecordSink } from './record.js';

export const PCAP_HEADER_LEN = 24;
/** wiretap's WTAP_MAX_PACKET_SIZE_STANDARD; larger records are a "bad file". */
const MAX_PACKET = 262144;

export function isPcapMagic(m: number): boolean {
  return m === 0xa1b2c3d4 || m === 0xd4c3b2a1 || m === 0xa1b23c4d || m === 0x4d3cb2a1;
}

/** LINKTYPE_ values below 300 that wiretap 4.0 has no encapsulation for (tshark: "network type N unknown or unsupported"). */
const UNSUPPORTED_LINKTYPES = new Set([132, 164, 182, 281, 282, 284, 285]);

export class PcapParser implements FormatParser {
  readonly format = 'pcap';
  readonly interfaces: InterfaceInfo[];
  stopped = false;
  private readonly le: boolean;
  private readonly nano: boolean;
  private readonly rec: CaptureRecord;
  readonly versionMajor: number;
  readonly versionMinor: number;

  constructor(header: Uint8Array) {
    const dv = new DataView(header.buffer, header.byteOffset, PCAP_HEADER_LEN);
    const magic = dv.getUint32(0, false);
    this.le = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
    this.nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
    this.versionMajor = dv.getUint16(4, this.le);
    this.versionMinor = dv.getUint16(6, this.le);
    if (this.versionMajor < 2) throw new CaptureError('unsupported-encap', `pcap: major version ${this.versionMajor} unsupported`);
    const snaplen = dv.getUint32(16, this.le);
    const network = dv.getUint32(20, this.le);
    // The top bits of the link-type field hold FCS information (LINKTYPE_ and FCS length); keep the type.
    // wiretap keeps the low 16 bits (LT_LINKTYPE) as the link type.
    const linktype = network & 0xffff;
    // wiretap 4.0 refuses, at open, link types missing from its table (those seen in the corpus, and any past its
    // last entry); the message shows the whole field, FCS bits included.
    if (linktype > 300 || UNSUPPORTED_LINKTYPES.has(linktype)) throw new CaptureError('unsupported-encap', `pcap: network type ${network} unknown or unsupported`);
    this.interfaces = [{ linktype, snaplen, tsPerSec: this.nano ? 1e9 : 1e6, tsOffset: 0 }];
    this.rec = { data: header.subarray(0, 0), caplen: 0, len: 0, tsSec: 0, tsNsec: 0, linktype, ifaceId: 0 };
  }

  parse(buf: Uint8Array, off: number, end: number, sink: RecordSink): number {
    const le = this.le, rec = this.rec, mul = this.nano ? 1 : 1000;
    while (off + 16 <= end) {
      let sec: number, frac: number, incl: number, orig: number;
      if (le) {
        sec = (buf[off]! | buf[off + 1]! << 8 | buf[off + 2]! << 16 | buf[off + 3]! << 24) >>> 0;
        frac = (buf[off + 4]! | buf[off + 5]! << 8 | buf[off + 6]! << 16 | buf[off + 7]! << 24) >>> 0;
        incl = (buf[off + 8]! | buf[off + 9]! << 8 | buf[off + 10]! << 16 | buf[off + 11]! << 24) >>> 0;
        orig = (buf[off + 12]! | buf[off + 13]! << 8 | buf[off + 14]! << 16 | buf[off + 15]! << 24) >>> 0;
      } else {
        sec = (buf[off]! << 24 | buf[off + 1]! << 16 | buf[off + 2]! << 8 | buf[off + 3]!) >>> 0;
        frac = (buf[off + 4]! << 24 | buf[off + 5]! << 16 | buf[off + 6]! << 8 | buf[off + 7]!) >>> 0;
        incl = (buf[off + 8]! << 24 | buf[off + 9]! << 16 | buf[off + 10]! << 8 | buf[off + 11]!) >>> 0;
        orig = (buf[off + 12]! << 24 | buf[off + 13]! << 16 | buf[off + 14]! << 8 | buf[off + 15]!) >>> 0;
      }
      if (incl > MAX_PACKET) {
        throw new CaptureError('bad', `pcap: File has ${incl}-byte packet, bigger than maximum of ${MAX_PACKET}`);
      }
      if (off + 16 + incl > end) break;
      rec.data = buf.subarray(off + 16, off + 16 + incl);
      rec.caplen = incl;
      rec.len = orig;
      // wiretap 4.0 keeps an out-of-range fraction as it is (printed as ten digits), computed in 32-bit
      // arithmetic into a signed nsecs field
      rec.tsSec = sec;
      rec.tsNsec = mul === 1 ? frac | 0 : Math.imul(frac, 1000);
      off += 16 + incl;
      if (sink(rec) === false) { this.stopped = true; return off; }
    }
    return off;
  }

  needed(buf: Uint8Array, off: number, end: number): number {
    if (end - off < 16) return 16;
    const dv = new DataView(buf.buffer, buf.byteOffset + off, 16);
    return 16 + dv.getUint32(8, this.le);
  }
}
