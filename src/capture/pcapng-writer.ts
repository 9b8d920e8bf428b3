// Writes pcapng (little-endian): SHB, one IDB per interface, EPBs, and an ISB per interface at close,
// the blocks dumpcap writes for a live capture.
import * as os from 'node:os';
import * as fs from 'node:fs';
import { ByteSink, tsUnits, type CaptureWriter, type InterfaceCounters, type WriterInterface } from './writer.js';

const enc = new TextEncoder();

function optLen(v: Uint8Array): number { return 4 + ((v.length + 3) & ~3); }

function putOpt(b: Buffer, at: number, code: number, v: Uint8Array): number {
  b.writeUInt16LE(code, at); b.writeUInt16LE(v.length, at + 2);
  b.set(v, at + 4);
  const pad = (v.length + 3) & ~3;
  b.fill(0, at + 4 + v.length, at + 4 + pad);
  return at + 4 + pad;
}

function u64(hi: number, lo: number): Uint8Array {
  const b = Buffer.alloc(8);
  b.writeUInt32LE(lo >>> 0, 0); b.writeUInt32LE(hi >>> 0, 4);
  return b;
}

function counter(n: number): Uint8Array { return u64(Math.floor(n / 4294967296), n >>> 0); }

let hwCache: string | undefined;
/** "CPU model (with SSE4.2)" as dumpcap records it in shb_hardware. */
export function hardwareDescription(): string {
  if (hwCache !== undefined) return hwCache;
  let model = os.cpus()[0]?.model?.trim() ?? '';
  try {
    const info = fs.readFileSync('/proc/cpuinfo', 'utf8');
    if (/^flags\s*:.*\bsse4_2\b/m.test(info)) model += ' (with SSE4.2)';
  } catch { /* not Linux */ }
  hwCache = model;
  return model;
}

export function osDescription(): string {
  const t = os.type();
  return `${t === 'Darwin' ? 'Mac OS X' : t} ${os.release()}`;
}

export interface PcapngOptions {
  application: string; comment?: string; isbComment?: string;
  /** Write if_os in each IDB (a live capture's interfaces are this machine's; a file's are not). Default true. */
  ifOs?: boolean;
}

export class PcapngWriter implements CaptureWriter {
  packets = 0;
  get bytes(): number { return this.sink.total; }
  get path(): string { return this.sink.path; }
  get lost(): number { return this.sink.lost; }
  private readonly resol: (6 | 9)[];

  constructor(private readonly sink: ByteSink, private readonly ifaces: WriterInterface[], private readonly opts: PcapngOptions) {
    this.resol = ifaces.map(i => i.tsResol);
    sink.scan = (b, at) => [at + b.readUInt32LE(at + 4), b.readUInt32LE(at) === 6];
    this.writeShb();
    for (const i of ifaces) this.writeIdb(i);
  }

  private block(type: number, bodyLen: number): [Buffer, number] {
    const total = 12 + bodyLen;
    const at = this.sink.reserve(total);
    const b = this.sink.buf;
    b.writeUInt32LE(type, at); b.writeUInt32LE(total, at + 4);
    b.writeUInt32LE(total, at + total - 4);
    return [b, at + 8];
  }

  private writeShb(): void {
    const opts: [number, Uint8Array][] = [];
    if (this.opts.comment) opts.push([1, enc.encode(this.opts.comment)]);
    const hw = hardwareDescription();
    if (hw) opts.push([2, enc.encode(hw)]);
    opts.push([3, enc.encode(osDescription())]);
    opts.push([4, enc.encode(this.opts.application)]);
    this.withOptions(0x0a0d0d0a, 16, opts, (b, at) => {
      b.writeUInt32LE(0x1a2b3c4d, at); b.writeUInt16LE(1, at + 4); b.writeUInt16LE(0, at + 6);
      b.writeInt32LE(-1, at + 8); b.writeInt32LE(-1, at + 12);
    });
  }

  /** An interface learnt after the header was written (a later pcapng section): its IDB, before its packets. */
  addInterface(i: WriterInterface): void {
    this.resol.push(i.tsResol);
    this.writeIdb(i);
  }

  private writeIdb(i: WriterInterface): void {
    const opts: [number, Uint8Array][] = [];
    if (i.name !== undefined) opts.push([2, enc.encode(i.name)]);
    if (i.description !== undefined) opts.push([3, enc.encode(i.description)]);
    if (i.tsResol !== 6) opts.push([9, Uint8Array.of(i.tsResol)]);
    if (i.filter !== undefined) { const f = enc.encode(i.filter); const v = new Uint8Array(f.length + 1); v.set(f, 1); opts.push([11, v]); }
    if (this.opts.ifOs !== false) opts.push([12, enc.encode(osDescription())]);
    this.withOptions(1, 8, opts, (b, at) => {
      b.writeUInt16LE(i.linktype, at); b.writeUInt16LE(0, at + 2); b.writeUInt32LE(i.snaplen >>> 0, at + 4);
    });
  }

  private withOptions(type: number, fixed: number, opts: [number, Uint8Array][], head: (b: Buffer, at: number) => void): void {
    let olen = 0;
    for (const [, v] of opts) olen += optLen(v);
    if (opts.length) olen += 4;
    const [b, at] = this.block(type, fixed + olen);
    head(b, at);
    let p = at + fixed;
    for (const [c, v] of opts) p = putOpt(b, p, c, v);
    if (opts.length) b.writeUInt32LE(0, p);
  }

  writePacket(ifaceId: number, tsSec: number, tsNsec: number, data: Uint8Array, caplen: number, len: number): void {
    const pad = (caplen + 3) & ~3;
    const total = 32 + pad;
    const at = this.sink.reserve(total, true);
    const b = this.sink.buf;
    const [hi, lo] = tsUnits(tsSec, tsNsec, this.resol[ifaceId] ?? 9);
    b.writeUInt32LE(6, at); b.writeUInt32LE(total, at + 4);
    b.writeUInt32LE(ifaceId, at + 8); b.writeUInt32LE(hi, at + 12); b.writeUInt32LE(lo, at + 16);
    b.writeUInt32LE(caplen, at + 20); b.writeUInt32LE(len, at + 24);
    b.set(data.subarray(0, caplen), at + 28);
    if (pad > caplen) b.fill(0, at + 28 + caplen, at + 28 + pad);
    b.writeUInt32LE(total, at + 28 + pad);
    this.packets++;
  }

  flush(): void { this.sink.flush(); }

  close(counters?: (InterfaceCounters | null)[]): void {
    if (counters && !this.sink.failed) {
      counters.forEach((c, id) => {
        if (!c) return;
        const r = this.resol[id] ?? 9;
        const opts: [number, Uint8Array][] = [];
        if (this.opts.isbComment) opts.push([1, enc.encode(this.opts.isbComment)]);
        opts.push([2, u64(...tsUnits(c.startSec, c.startNsec, r))]);
        opts.push([3, u64(...tsUnits(c.endSec, c.endNsec, r))]);
        opts.push([4, counter(c.recv)]);
        opts.push([5, counter(c.drop)]);
        const [hi, lo] = tsUnits(c.endSec, c.endNsec, r);
        this.withOptions(5, 12, opts, (b, at) => { b.writeUInt32LE(id, at); b.writeUInt32LE(hi, at + 4); b.writeUInt32LE(lo, at + 8); });
      });
    }
    this.sink.close();
  }
}
