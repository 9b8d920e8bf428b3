// -z follow,tcp|udp,ascii|hex|raw|yaml,STREAM (ui/cli/tap-follow.c of tshark 4.0): the payload of one
// stream, both directions in order (TCP: in sequence order, retransmitted bytes once), as text.
import { addressToStr, type Address } from '../dissect/address.js';
import type { Packet } from '../dissect/packet.js';
import type { PNode } from '../dissect/tree.js';
import { registerTap, TapArgError, wantTaps, type Cell, type StatTable, type Tap } from './tap.js';

const RULE = '===================================================================\n';
type Mode = 'ascii' | 'hex' | 'raw' | 'yaml';

interface Chunk { server: boolean; data: Uint8Array; num: number; sec: number; nsec: number }

/** One direction of a TCP stream: next expected sequence number and segments that arrived early. */
class Direction {
  next = -1;
  readonly early: { seq: number; data: Uint8Array; num: number; sec: number; nsec: number }[] = [];
}

const seqLt = (a: number, b: number): boolean => ((a - b) | 0) < 0;

class Follow implements Tap {
  readonly needsTree = true;
  private readonly chunks: Chunk[] = [];
  private client: { addr: string; port: number } | null = null;
  private server: { addr: string; port: number } | null = null;
  /** Node addresses as printed (IPv6 in brackets). */
  private shown: [string, string] | null = null;
  private readonly dirs = [new Direction(), new Direction()];
  /** UDP stream numbering (udp.stream: conversations in order of first appearance). */
  private readonly udpStreams = new Map<string, number>();

  constructor(readonly arg: string, readonly proto: 'tcp' | 'udp', readonly mode: Mode, readonly stream: number) {
    wantTaps(proto);
  }

  packet(pkt: Packet): void {
    for (const e of pkt.tapEvents) {
      if (e.name !== this.proto) continue;
      const d = e.data as { src: Address; dst: Address; sport: number; dport: number; stream: number; seq?: number; flags?: number };
      const src = addressToStr(d.src), dst = addressToStr(d.dst);
      const v6 = (d.src as Address).data?.length === 16;
      let stream = d.stream;
      if (this.proto === 'udp') {
        const a = `${src}:${d.sport}`, b = `${dst}:${d.dport}`;
        const key = a < b ? `${a}|${b}` : `${b}|${a}`;
        stream = this.udpStreams.get(key) ?? -1;
        if (stream < 0) { stream = this.udpStreams.size; this.udpStreams.set(key, stream); }
      }
      if (stream !== this.stream) continue;
      if (!this.client) {
        this.client = { addr: src, port: d.sport }; this.server = { addr: dst, port: d.dport };
        if (v6) { this.shown = [`[${src}]`, `[${dst}]`]; }
      }
      const isServer = !(src === this.client.addr && d.sport === this.client.port);
      const payload = this.payload(pkt);
      if (this.proto === 'udp') {
        if (payload && payload.length) this.chunks.push({ server: isServer, data: copy(payload), num: pkt.num, sec: pkt.tsSec, nsec: pkt.tsNsec });
        continue;
      }
      this.tcp(pkt, isServer, d.seq ?? 0, d.flags ?? 0, payload);
    }
  }

  private tcp(pkt: Packet, server: boolean, seq: number, flags: number, payload: Uint8Array | null): void {
    const dir = this.dirs[server ? 1 : 0]!;
    const syn = (flags & 0x02) !== 0;
    const len = payload ? payload.length : 0;
    if (dir.next === -1) dir.next = (seq + (syn ? 1 : 0)) | 0;
    if (syn && len === 0) return;
    if (!len) return;
    const start = seq | 0;
    if (seqLt(dir.next, start)) {
      dir.early.push({ seq: start, data: copy(payload!), num: pkt.num, sec: pkt.tsSec, nsec: pkt.tsNsec });
      return;
    }
    this.take(dir, server, start, payload!, pkt.num, pkt.tsSec, pkt.tsNsec);
    // segments that were waiting for this one
    for (let again = true; again;) {
      again = false;
      for (let i = 0; i < dir.early.length; i++) {
        const s = dir.early[i]!;
        if (!seqLt(dir.next, s.seq)) {
          dir.early.splice(i, 1);
          this.take(dir, server, s.seq, s.data, s.num, s.sec, s.nsec);
          again = true;
          break;
        }
      }
    }
  }

  /** Appends the part of a segment beyond what this direction already has. */
  private take(dir: Direction, server: boolean, seq: number, data: Uint8Array, num: number, sec: number, nsec: number): void {
    const end = (seq + data.length) | 0;
    if (!seqLt(dir.next, end)) return;
    const skip = (dir.next - seq) | 0;
    const part = skip > 0 ? data.subarray(skip) : data;
    this.chunks.push({ server, data: copy(part), num, sec, nsec });
    dir.next = end;
  }

  /** The transport payload bytes of the packet, from the protocol tree. */
  private payload(pkt: Packet): Uint8Array | null {
    const top = pkt.root?.children;
    if (!top) return null;
    const want = this.proto === 'tcp' ? ['tcp.payload', 'tcp.segment_data'] : ['udp.payload'];
    for (const n of top) {
      if (n.hf?.abbrev !== this.proto || !n.children) continue;
      const found = findIn(n, want);
      if (found && found.value instanceof Uint8Array) return found.value;
      if (found && found.buf) return found.buf.subarray(found.start, found.start + found.len);
    }
    return null;
  }

  merge(o: Tap): void {
    const other = o as Follow;
    if (!this.client && other.client) { this.client = other.client; this.server = other.server; }
    this.chunks.push(...other.chunks);
  }

  draw(): string {
    const c = this.client ?? { addr: '', port: 0 }, v = this.server ?? { addr: '', port: 0 };
    if (this.mode === 'yaml') {
      // YAML alone, without the banner; timestamps are the double printed with %.9f, as tap-follow.c does
      let s = `peers:\n  - peer: 0\n    host: ${c.addr}\n    port: ${c.port}\n  - peer: 1\n    host: ${v.addr}\n    port: ${v.port}\npackets:\n`;
      for (const ch of this.chunks) {
        s += `  - packet: ${ch.num}\n    peer: ${ch.server ? 1 : 0}\n    timestamp: ${(ch.sec + ch.nsec / 1e9).toFixed(9)}\n    data: !!binary |\n`;
        const b64 = Buffer.from(ch.data).toString('base64');
        for (let i = 0; i < b64.length; i += 76) s += `      ${b64.slice(i, i + 76)}\n`;
      }
      return s;
    }
    let s = '\n' + RULE + `Follow: ${this.proto},${this.mode}\n` + `Filter: ${this.proto}.stream eq ${this.stream}\n`;
    s += `Node 0: ${this.shown?.[0] ?? c.addr}:${c.port}\nNode 1: ${this.shown?.[1] ?? v.addr}:${v.port}\n`;
    const pos = [0, 0];
    for (const ch of this.chunks) {
      const tab = ch.server ? '\t' : '';
      switch (this.mode) {
        case 'ascii': {
          let t = '';
          for (const b of ch.data) t += b === 10 || b === 13 || (b >= 0x20 && b < 0x7f) ? String.fromCharCode(b) : '.';
          s += `${tab}${ch.data.length}\n${t}\n`;
          break;
        }
        case 'raw':
          s += `${tab}${Buffer.from(ch.data).toString('hex')}\n`;
          break;
        case 'hex': {
          const side = ch.server ? 1 : 0;
          for (let i = 0; i < ch.data.length; i += 16) {
            const row = ch.data.subarray(i, i + 16);
            let hex = '', asc = '';
            for (let k = 0; k < 16; k++) {
              if (k === 8) { hex += ' '; if (row.length > 8) asc += ' '; }
              if (k < row.length) {
                const b = row[k]!;
                hex += b.toString(16).padStart(2, '0') + ' ';
                asc += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
              } else hex += '   ';
            }
            s += `${tab}${(pos[side]! + i).toString(16).toUpperCase().padStart(8, '0')}  ${hex} ${asc}`.replace(/ +$/, '') + '\n';
          }
          pos[side]! += ch.data.length;
          break;
        }
      }
    }
    return s + RULE;
  }

  table(): StatTable {
    const rows: Cell[][] = this.chunks.map(ch => [ch.num, ch.server ? 1 : 0, ch.data.length, Buffer.from(ch.data).toString('hex')]);
    return {
      arg: this.arg, stat: 'follow', title: `Follow: ${this.proto},${this.mode}`, filter: `${this.proto}.stream eq ${this.stream}`,
      columns: ['frame', 'peer', 'length', 'data_hex'], rows,
      meta: { node0: this.client ? `${this.client.addr}:${this.client.port}` : null, node1: this.server ? `${this.server.addr}:${this.server.port}` : null },
    };
  }
}

function findIn(n: PNode, want: string[]): PNode | null {
  if (!n.children) return null;
  for (const c of n.children) {
    if (c.hf && want.includes(c.hf.abbrev)) return c;
  }
  return null;
}

for (const proto of ['tcp', 'udp'] as const) {
  registerTap(`follow,${proto}`, arg => {
    const parts = arg.split(',');
    const mode = parts[2] as Mode;
    const usage = `tshark: invalid "-z follow,${proto},[ascii|ebcdic|hex|raw|yaml],<filter>[,<range>]" argument\n`;
    if (!['ascii', 'hex', 'raw', 'yaml'].includes(mode) || parts.length < 4) throw new TapArgError(usage, 1);
    const n = Number(parts[3]);
    if (!/^\d+$/.test(parts[3]!) || !Number.isFinite(n)) throw new TapArgError(usage, 1);
    return new Follow(arg, proto, mode, n);
  });
}

/** A private copy of packet bytes (Buffer#slice would only make a view into the reader's buffer). */
function copy(b: Uint8Array): Uint8Array { return new Uint8Array(b); }
