// -z conv,eth|ip|ipv6|tcp|udp[,FILTER] (ui/cli/tap-iousers.c + ui/conversation_table.c of tshark 4.0):
// one row per conversation, both directions, sorted by total frames (ties in order of first appearance).
import type { Packet } from '../dissect/packet.js';
import type { CompiledFilter } from '../filter/api.js';
import { addrSlot, Ends, FAMILIES, getAddr, putAddr, type Family } from './flows.js';
import { addrStr, fixed, formatSize, lpad, rpad } from './format.js';
import { cmpBytes, KeyTable } from './keytable.js';
import { Has, type FastFrame } from '../fast/scan.js';
import { registerTap, tapFilter, wantTaps, type Cell, type RangeInfo, type StatTable, type Tap } from './tap.js';

const RULE = '================================================================================\n';

class Conversations implements Tap {
  readonly needsTree: boolean;
  readonly filters: readonly CompiledFilter[];
  private readonly keys: KeyTable;
  private readonly filter: CompiledFilter | null;
  private readonly ends = new Ends();
  private readonly portOff: number;
  // Per conversation (columns of typed arrays, row = KeyTable entry), A = the lower (address, port) of the key, B = the
  // other: frames and bytes each way, ...
  private cap = 0;
  private abF: Uint32Array = new Uint32Array(0); private abB: Float64Array = new Float64Array(0);
  private baF: Uint32Array = new Uint32Array(0); private baB: Float64Array = new Float64Array(0);
  /** 1 when the conversation's first packet went B → A (tshark names its sender first). */
  private flip: Uint8Array = new Uint8Array(0);
  /** Frame number of the conversation's first packet (order of first appearance, also across workers). */
  private first: Float64Array = new Float64Array(0);
  /** Relative start and stop times, seconds and nanoseconds. */
  private startS: Float64Array = new Float64Array(0); private startN: Int32Array = new Int32Array(0);
  private stopS: Float64Array = new Float64Array(0); private stopN: Int32Array = new Int32Array(0);

  constructor(readonly arg: string, readonly fam: Family, readonly filterText: string | null) {
    this.filter = tapFilter(filterText, 'conversations');
    this.needsTree = false;
    this.filters = this.filter ? [this.filter] : [];
    const slot = addrSlot(fam);
    this.portOff = 2 * slot;
    this.keys = new KeyTable(2 * slot + (fam.ports ? 4 : 0) + (fam.stream ? 4 : 0));
    wantTaps(fam.tap);
  }

  packet(pkt: Packet): void {
    const ev = pkt.tapEvents;
    if (!ev.length) return;
    if (this.filter && !this.filter.match(pkt)) return;
    const f = this.fam, e = this.ends;
    for (let i = 0; i < ev.length; i++) {
      if (ev[i]!.name !== f.tap || !e.read(f, ev[i]!.data)) continue;
      let c = cmpBytes(e.src!, e.dst!);
      if (f.ports && c === 0) c = e.sport - e.dport;
      const swap = c > 0;
      const k = this.keys.key;
      const a = swap ? e.dst! : e.src!, b = swap ? e.src! : e.dst!;
      let off = putAddr(f, k, 0, a);
      putAddr(f, k, off, b);
      off = this.portOff;
      if (f.ports) {
        const pa = swap ? e.dport : e.sport, pb = swap ? e.sport : e.dport;
        k[off] = pa >> 8; k[off + 1] = pa; k[off + 2] = pb >> 8; k[off + 3] = pb; off += 4;
      }
      if (f.stream) { const s = e.stream >>> 0; k[off] = s >>> 24; k[off + 1] = s >>> 16; k[off + 2] = s >>> 8; k[off + 3] = s; }
      const idx = this.keys.find();
      if (this.keys.created) {
        this.addRow(idx, swap ? 1 : 0, pkt.num, pkt.relSec, pkt.relNsec);
      } else {
        this.seen(idx, pkt.relSec, pkt.relNsec);
      }
      if (swap) { this.baF[idx]!++; this.baB[idx]! += pkt.len; } else { this.abF[idx]!++; this.abB[idx]! += pkt.len; }
    }
  }

  /** Fast path: conv,tcp and conv,udp without a filter. */
  fastPlan(): { tcp: boolean; udp: boolean } | null {
    const tcp = this.fam.name === 'tcp', udp = this.fam.name === 'udp';
    return this.filter === null && (tcp || udp) ? { tcp, udp } : null;
  }

  /** Fast path: conversation row of each FastFrame.stream (a stream or UDP pair is one conversation), -1 for none yet. */
  private rowOf = new Int32Array(0);

  fastPacket(fr: FastFrame): void {
    const f = this.fam;
    if (fr.skip || (fr.cls & (f.stream ? Has.TCP : Has.UDP)) === 0) return;
    const flow = fr.stream;
    if (flow >= this.rowOf.length) {
      const r = new Int32Array(Math.max(1024, flow * 2)).fill(-1); r.set(this.rowOf); this.rowOf = r;
    }
    const known = this.rowOf[flow]!;
    if (known >= 0) {
      // the same direction test as below, on the first address byte that differs (then the ports)
      const d = fr.data, n = fr.alen;
      let c = 0;
      for (let i = 0; i < n && c === 0; i++) c = d[fr.srcOff + i]! - d[fr.dstOff + i]!;
      if (c === 0) c = fr.sport - fr.dport;
      this.seen(known, fr.relSec, fr.relNsec);
      if (c > 0) { this.baF[known]!++; this.baB[known]! += fr.len; } else { this.abF[known]!++; this.abB[known]! += fr.len; }
      return;
    }
    const d = fr.data, n = fr.alen;
    let c = 0;
    for (let i = 0; i < n && c === 0; i++) c = d[fr.srcOff + i]! - d[fr.dstOff + i]!;
    if (c === 0) c = fr.sport - fr.dport;
    const swap = c > 0;
    const k = this.keys.key, slot = addrSlot(f);
    const ao = swap ? fr.dstOff : fr.srcOff, bo = swap ? fr.srcOff : fr.dstOff;
    k.fill(0);
    k[0] = n; k.set(d.subarray(ao, ao + n), 1);
    k[slot] = n; k.set(d.subarray(bo, bo + n), slot + 1);
    let off = this.portOff;
    const pa = swap ? fr.dport : fr.sport, pb = swap ? fr.sport : fr.dport;
    k[off] = pa >> 8; k[off + 1] = pa; k[off + 2] = pb >> 8; k[off + 3] = pb; off += 4;
    if (f.stream) { const s = fr.stream >>> 0; k[off] = s >>> 24; k[off + 1] = s >>> 16; k[off + 2] = s >>> 8; k[off + 3] = s; }
    const idx = this.keys.find();
    this.rowOf[flow] = idx;
    if (this.keys.created) {
      this.addRow(idx, swap ? 1 : 0, fr.num, fr.relSec, fr.relNsec);
    } else {
      this.seen(idx, fr.relSec, fr.relNsec);
    }
    if (swap) { this.baF[idx]!++; this.baB[idx]! += fr.len; } else { this.abF[idx]!++; this.abB[idx]! += fr.len; }
  }

  /** Starts row idx (the KeyTable's new entry). */
  private addRow(idx: number, flip: number, first: number, s: number, n: number): void {
    if (idx >= this.cap) this.grow(Math.max(256, this.cap * 2));
    this.abF[idx] = 0; this.abB[idx] = 0; this.baF[idx] = 0; this.baB[idx] = 0;
    this.flip[idx] = flip; this.first[idx] = first;
    this.startS[idx] = s; this.startN[idx] = n; this.stopS[idx] = s; this.stopN[idx] = n;
  }

  private grow(cap: number): void {
    const g = <T extends Uint32Array | Float64Array | Uint8Array | Int32Array>(a: T, make: new (n: number) => T): T => { const b = new make(cap); b.set(a); return b; };
    this.abF = g(this.abF, Uint32Array); this.baF = g(this.baF, Uint32Array);
    this.abB = g(this.abB, Float64Array); this.baB = g(this.baB, Float64Array);
    this.flip = g(this.flip, Uint8Array); this.first = g(this.first, Float64Array);
    this.startS = g(this.startS, Float64Array); this.startN = g(this.startN, Int32Array);
    this.stopS = g(this.stopS, Float64Array); this.stopN = g(this.stopN, Int32Array);
    this.cap = cap;
  }

  private seen(idx: number, s: number, n: number): void {
    if (s > this.stopS[idx]! || (s === this.stopS[idx]! && n > this.stopN[idx]!)) { this.stopS[idx] = s; this.stopN[idx] = n; }
    else if (s < this.startS[idx]! || (s === this.startS[idx]! && n < this.startN[idx]!)) { this.startS[idx] = s; this.startN[idx] = n; }
  }

  merge(o: Tap): void {
    const other = o as Conversations;
    const n = other.flatKeys ? other.flatN : other.keys.size, kl = this.keys.klen, k = this.keys.key, soff = this.portOff + 4;
    for (let j = 0; j < n; j++) {
      k.set(other.flatKeys ? other.flatKeys.subarray(j * kl, (j + 1) * kl) : other.keys.keyOf(j));
      if (other.remap) {
        const s = other.remap[(k[soff]! << 24 | k[soff + 1]! << 16 | k[soff + 2]! << 8 | k[soff + 3]!) >>> 0]!;
        k[soff] = s >>> 24; k[soff + 1] = s >>> 16; k[soff + 2] = s >>> 8; k[soff + 3] = s;
      }
      const idx = this.keys.find();
      if (this.keys.created) {
        this.addRow(idx, other.flip[j]!, other.first[j]!, other.startS[j]!, other.startN[j]!);
        this.stopS[idx] = other.stopS[j]!; this.stopN[idx] = other.stopN[j]!;
      } else {
        if (other.first[j]! < this.first[idx]!) { this.first[idx] = other.first[j]!; this.flip[idx] = other.flip[j]!; }
        this.seen(idx, other.startS[j]!, other.startN[j]!);
        this.seen(idx, other.stopS[j]!, other.stopN[j]!);
      }
      this.abF[idx]! += other.abF[j]!; this.abB[idx]! += other.abB[j]!;
      this.baF[idx]! += other.baF[j]!; this.baB[idx]! += other.baB[j]!;
    }
  }

  /** The tables as plain data (for a worker thread to send). */
  exportState(): unknown {
    const n = this.keys.size, keys = new Uint8Array(n * this.keys.klen);
    for (let j = 0; j < n; j++) keys.set(this.keys.keyOf(j), j * this.keys.klen);
    return { keys, abF: this.abF.slice(0, n), abB: this.abB.slice(0, n), baF: this.baF.slice(0, n), baB: this.baB.slice(0, n),
      flip: this.flip.slice(0, n), first: this.first.slice(0, n), startS: this.startS.slice(0, n), startN: this.startN.slice(0, n),
      stopS: this.stopS.slice(0, n), stopN: this.stopN.slice(0, n) };
  }

  /** An imported table's keys (not hashed: such a table is only merged into another), and its row count. */
  private flatKeys: Uint8Array | null = null;
  private flatN = 0;
  /** After rebase: local TCP stream number → the capture's, applied to the keys as this table is merged. */
  private remap: Int32Array | null = null;

  /** Loads exportState()'s data into this fresh instance (to be merged into another). */
  importState(st: unknown): void {
    const d = st as { keys: Uint8Array; abF: Uint32Array; abB: Float64Array; baF: Uint32Array; baB: Float64Array; flip: Uint8Array;
      first: Float64Array; startS: Float64Array; startN: Int32Array; stopS: Float64Array; stopN: Int32Array };
    this.flatKeys = d.keys; this.flatN = d.keys.length / this.keys.klen;
    this.abF = d.abF; this.abB = d.abB; this.baF = d.baF; this.baB = d.baB; this.flip = d.flip; this.first = d.first;
    this.startS = d.startS; this.startN = d.startN; this.stopS = d.stopS; this.stopN = d.stopN;
    this.cap = this.abF.length;
  }

  /**
   * --workers byte ranges: this table counted a later part of the capture; its frame numbers start after r.frames
   * earlier frames, and its TCP stream numbers become the capture's through r.streams (local stream → global id).
   */
  rebase(r: RangeInfo): boolean {
    const n = this.flatKeys ? this.flatN : this.keys.size;
    for (let j = 0; j < n; j++) this.first[j]! += r.frames;
    if (this.fam.stream && r.streams) this.remap = r.streams;
    return true;
  }

  /** Conversations in tshark's order: most frames first, ties in order of first appearance. */
  private order(): Uint32Array {
    const n = this.keys.size, idx = new Uint32Array(n), tot = new Float64Array(n);
    for (let i = 0; i < n; i++) { idx[i] = i; tot[i] = this.abF[i]! + this.baF[i]!; }
    const first = this.first;
    return idx.sort((x, y) => tot[y]! - tot[x]! || first[x]! - first[y]! || x - y);
  }

  /** Sender-first view of one conversation. */
  private row(i: number) {
    const f = this.fam, key = this.keys.keyOf(i), slot = addrSlot(f);
    let a = addrStr(getAddr(f, key, 0)), b = addrStr(getAddr(f, key, slot));
    if (f.ports) {
      const pa = (key[this.portOff]! << 8) | key[this.portOff + 1]!, pb = (key[this.portOff + 2]! << 8) | key[this.portOff + 3]!;
      a += ':' + pa; b += ':' + pb;
    }
    const fl = this.flip[i] === 1;
    const start = this.startS[i]! + this.startN[i]! / 1e9, stop = this.stopS[i]! + this.stopN[i]! / 1e9;
    return {
      src: fl ? b : a, dst: fl ? a : b,
      txF: fl ? this.baF[i]! : this.abF[i]!, txB: fl ? this.baB[i]! : this.abB[i]!,
      rxF: fl ? this.abF[i]! : this.baF[i]!, rxB: fl ? this.abB[i]! : this.baB[i]!,
      start, duration: stop - start,
    };
  }

  draw(): string {
    let s = '';
    this.drawTo(x => { s += x; });
    return s;
  }

  drawTo(write: (s: string) => void): void {
    const ports = this.fam.ports;
    const pre = ports ? '            ' : '';
    let s = RULE + `${this.fam.title} Conversations\n` + `Filter:${this.filterText ?? '<No Filter>'}\n`;
    s += `${pre}                                               |       <-      | |       ->      | |     Total     |    Relative    |   Duration   |\n`;
    s += `${pre}                                               | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |\n`;
    const w = ports ? 26 : 20;
    write(s);
    s = '';
    for (const i of this.order()) {
      const r = this.row(i);
      s += `${lpad(r.src, w)} <-> ${lpad(r.dst, w)}`;
      s += `  ${rpad(r.rxF, 6)} ${lpad(formatSize(r.rxB), 9)}  ${rpad(r.txF, 6)} ${lpad(formatSize(r.txB), 9)}  ${rpad(r.rxF + r.txF, 6)} ${lpad(formatSize(r.rxB + r.txB), 9)}  `;
      s += `${fixed(r.start, 14, 9)}   ${fixed(r.duration, 12, 4)}\n`;
      write(s);
      s = '';
    }
    write(s + RULE);
  }

  table(): StatTable {
    const rows: Cell[][] = [];
    for (const i of this.order()) {
      const r = this.row(i);
      const dur = ((this.stopS[i]! - this.startS[i]!) * 1e9 + (this.stopN[i]! - this.startN[i]!)) / 1e9;
      rows.push([r.src, r.dst, r.rxF, r.rxB, r.txF, r.txB, r.rxF + r.txF, r.rxB + r.txB, r.start, dur]);
    }
    return {
      arg: this.arg, stat: 'conv', title: `${this.fam.title} Conversations`, filter: this.filterText,
      columns: ['address_a', 'address_b', 'frames_b_to_a', 'bytes_b_to_a', 'frames_a_to_b', 'bytes_a_to_b', 'frames', 'bytes', 'rel_start', 'duration'],
      rows,
    };
  }
}

for (const fam of FAMILIES) {
  const prefix = `conv,${fam.name}`;
  registerTap(prefix, arg => {
    const rest = arg.slice(prefix.length);
    return new Conversations(arg, fam, rest[0] === ',' ? rest.slice(1) : null);
  });
}
