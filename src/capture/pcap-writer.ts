// Writes classic libpcap files (little-endian, microsecond magic, version 2.4), as dumpcap -F pcap does.
import type { ByteSink, CaptureWriter, WriterInterface } from './writer.js';

export class PcapWriter implements CaptureWriter {
  packets = 0;
  get bytes(): number { return this.sink.total; }
  get path(): string { return this.sink.path; }
  get lost(): number { return this.sink.lost; }
  private readonly nano: boolean;

  constructor(private readonly sink: ByteSink, iface: WriterInterface, nano = false) {
    // dumpcap writes microsecond pcap even from nanosecond captures; nanosecond pcap is for -r -w reuse
    this.nano = nano;
    sink.scan = (b, at, fileOffset) => fileOffset === 0 ? [at + 24, false] : [at + 16 + b.readUInt32LE(at + 8), true];
    const at = sink.reserve(24);
    const b = sink.buf;
    b.writeUInt32LE(this.nano ? 0xa1b23c4d : 0xa1b2c3d4, at);
    b.writeUInt16LE(2, at + 4); b.writeUInt16LE(4, at + 6);
    b.writeInt32LE(0, at + 8); b.writeUInt32LE(0, at + 12);
    b.writeUInt32LE(iface.snaplen >>> 0, at + 16); b.writeUInt32LE(iface.linktype >>> 0, at + 20);
  }

  writePacket(_ifaceId: number, tsSec: number, tsNsec: number, data: Uint8Array, caplen: number, len: number): void {
    const at = this.sink.reserve(16 + caplen, true);
    const b = this.sink.buf;
    b.writeUInt32LE(tsSec >>> 0, at);
    b.writeUInt32LE(this.nano ? tsNsec : Math.floor(tsNsec / 1000), at + 4);
    b.writeUInt32LE(caplen, at + 8); b.writeUInt32LE(len, at + 12);
    b.set(data.subarray(0, caplen), at + 16);
    this.packets++;
  }

  flush(): void { this.sink.flush(); }
  close(): void { this.sink.close(); }
}
