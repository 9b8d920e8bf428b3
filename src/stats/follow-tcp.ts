// -z follow,tcp,<mode>,<stream> (ui/cli/tap-follow.c, epan/follow.c): a TCP stream's payload in sequence order,
// one record per segment that brings new bytes; segments ahead of a gap wait until the gap is filled.
import { addressToStr, AT, type Address } from '../dissect/address.js';
import { type Packet, tapWanted } from '../dissect/packet.js';
import type { TcpFollowTap } from '../dissect/tcp.js';
import { registerTap, type Tap } from './tap.js';

const SEP = '===================================================================\n';

interface Rec { server: boolean; data: Uint8Array }
interface Dir { started: boolean; next: number; pending: { seq: number; data: Uint8Array }[] }

function endpoint(a: Address, port: number): string {
  if (a.type === AT.NONE) return `:${port}`;
  const s = addressToStr(a);
  return a.type === AT.IPv6 ? `[${s}]:${port}` : `${s}:${port}`;
}

function ascii(d: Uint8Array): string {
  let s = '';
  for (let i = 0; i < d.length; i++) {
    const c = d[i]!;
    s += (c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x0d ? String.fromCharCode(c) : '.';
  }
  return s;
}

class FollowTcp implements Tap {
  readonly needsTree = false;
  private client: { addr: Address; port: number } | null = null;
  private server: { addr: Address; port: number } | null = null;
  private readonly recs: Rec[] = [];
  private readonly dirs: [Dir, Dir] = [{ started: false, next: 0, pending: [] }, { started: false, next: 0, pending: [] }];
  constructor(private readonly mode: string, private readonly stream: number) { tapWanted.add('tcp.follow'); }

  packet(pkt: Packet): void {
    for (const ev of pkt.tapEvents) {
      if (ev.name !== 'tcp.follow') continue;
      const t = ev.data as TcpFollowTap;
      if (t.stream !== this.stream) continue;
      if (!this.client) { this.client = { addr: copyAddr(t.src), port: t.sport }; this.server = { addr: copyAddr(t.dst), port: t.dport }; }
      const fromServer = !(t.sport === this.client.port && sameAddr(t.src, this.client.addr));
      if (t.flags & 0x10) this.acked(fromServer ? 0 : 1, t.ack);
      this.segment(fromServer ? 1 : 0, t);
    }
  }

  private segment(which: 0 | 1, t: TcpFollowTap): void {
    const d = this.dirs[which];
    let seq = t.seq;
    if (!d.started) { d.started = true; d.next = t.flags & 0x02 ? (seq + 1) >>> 0 : seq; }
    if (t.flags & 0x02) seq = (seq + 1) >>> 0;
    if (t.data.length === 0) return;
    this.add(which, seq, t.data);
    this.drain(which); // segments waiting behind a gap that is now filled
  }

  /**
   * The peer ACKs bytes of `which` that are not in the capture while later segments wait behind the gap: the gap
   * becomes a "[N bytes missing in capture file]." record and the waiting segments follow.
   */
  private acked(which: 0 | 1, ack: number): void {
    const d = this.dirs[which];
    if (!d.started || d.pending.length === 0 || ((ack - d.next) | 0) <= 0) return;
    let low = d.pending[0]!.seq;
    for (const p of d.pending) if (((p.seq - low) | 0) < 0) low = p.seq;
    const end = ((ack - low) | 0) < 0 ? ack : low;
    const n = (end - d.next) | 0;
    if (n <= 0) return;
    this.recs.push({ server: which === 1, data: new TextEncoder().encode(`[${n} bytes missing in capture file].`) });
    d.next = end >>> 0;
    this.drain(which);
  }

  private drain(which: 0 | 1): void {
    const d = this.dirs[which];
    for (let again = true; again;) {
      again = false;
      for (let i = 0; i < d.pending.length; i++) {
        const p = d.pending[i]!;
        if (((p.seq - d.next) | 0) <= 0) { d.pending.splice(i, 1); this.add(which, p.seq, p.data); again = true; break; }
      }
    }
  }

  private add(which: 0 | 1, seq: number, data: Uint8Array): void {
    const d = this.dirs[which];
    const delta = (seq - d.next) | 0;
    if (delta > 0) { d.pending.push({ seq, data }); return; }
    const skip = -delta;
    if (skip >= data.length) return; // nothing new (retransmission)
    const fresh = skip ? data.subarray(skip) : data;
    this.recs.push({ server: which === 1, data: fresh });
    d.next = (d.next + fresh.length) >>> 0;
  }

  /** Appends a later part of the same capture (records only; gaps across parts are not re-ordered). */
  merge(other: Tap): void {
    const o = other as unknown as FollowTcp;
    if (!this.client && o.client) { this.client = o.client; this.server = o.server; }
    this.recs.push(...o.recs);
  }

  /** The records as a table (for structured statistics output). */
  table(): { arg: string; stat: string; title: string; filter: string | null; columns: readonly string[]; rows: (string | number | null)[][] } {
    return {
      arg: `follow,tcp,${this.mode},${this.stream}`, stat: 'follow', title: `Follow: tcp,${this.mode}`,
      filter: `tcp.stream eq ${this.stream}`, columns: ['node', 'bytes', 'data'],
      rows: this.recs.map(r => [r.server ? 1 : 0, r.data.length, this.mode === 'raw' ? Buffer.from(r.data).toString('hex') : ascii(r.data)]),
    };
  }

  draw(): string {
    let out = `\n${SEP}Follow: tcp,${this.mode}\nFilter: tcp.stream eq ${this.stream}\n`;
    const c = this.client, s = this.server;
    out += `Node 0: ${c ? endpoint(c.addr, c.port) : ':0'}\nNode 1: ${s ? endpoint(s.addr, s.port) : ':0'}\n`;
    for (const r of this.recs) {
      out += (r.server ? '\t' : '') + `${r.data.length}\n`;
      out += this.mode === 'raw' ? Buffer.from(r.data).toString('hex') + '\n' : ascii(r.data) + '\n';
    }
    return out + SEP;
  }
}

/** Address bytes point into the frame buffer, which the reader reuses. */
function copyAddr(a: Address): Address { return { type: a.type, data: a.data ? a.data.slice() : null }; }

function sameAddr(a: Address, b: Address): boolean {
  if (a.type !== b.type) return false;
  const x = a.data, y = b.data;
  if (!x || !y) return x === y;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

registerTap('follow,tcp,', arg => {
  const m = /^follow,tcp,(ascii|raw),(\d+)$/.exec(arg);
  if (!m) return null;
  return new FollowTcp(m[1]!, Number(m[2]));
});
