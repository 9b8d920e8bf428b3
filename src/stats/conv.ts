// -z conv,eth|ip|ipv6|tcp|udp[,FILTER] (ui/cli/tap-iousers.c + ui/conversation_table.c of tshark 4.0):
// one row per conversation, both directions, sorted by total frames (ties in order of first appearance).
import type { Packet } from '../dissect/packet.js';
import type { CompiledFilter } from '../filter/api.js';
import { addrSlot, Ends, FAMILIES, getAddr, putAddr, type Family } from './flows.js';
import { addrStr, fixed, formatSize, lpad, rpad } from './format.js';
import { cmpBytes, KeyTable } from './keytable.js';
import { Has, type FastFrame } from '../fast/scan.js';
import { registerTap, tapFilter, wantTaps, type Cell, type StatTable, type Tap } from './tap.js';

const RULE = '================================================================================\n';

class Conversations implements Tap {
  readonly needsTree: boolean;
  readonly filters: readonly CompiledFilter[];
  private readonly keys: KeyTable;
  private readonly filter: CompiledFilter | null;
  private readonly ends = new Ends();
  private readonly portOff: number;
  // per conversation, A = the lower (address, port) of the key, B = the other
  private abF: number[] = []; private abB: number[] = [];
  private baF: number[] = []; private baB: number[] = [];
  /** 1 when the conversation's first packet went B → A (tshark names its sender first). */
  private flip: number[] = [];
  /** Frame number of the conversation's first packet (order of first appearance, also across workers). */
  private first: number[] = [];
  private startS: number[] = []; private startN: number[] = [];
  private stopS: number[] = []; private stopN: number[] = [];

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
        this.abF.push(0); this.abB.push(0); this.baF.push(0); this.baB.push(0);
        this.flip.push(swap ? 1 : 0);
        this.first.push(pkt.num);
        this.startS.push(pkt.relSec); this.startN.push(pkt.relNsec);
        this.stopS.push(pkt.relSec); this.stopN.push(pkt.relNsec);
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
      this.abF.push(0); this.abB.push(0); this.baF.push(0); this.baB.push(0);
      this.flip.push(swap ? 1 : 0);
      this.first.push(fr.num);
      this.startS.push(fr.relSec); this.startN.push(fr.relNsec);
      this.stopS.push(fr.relSec); this.stopN.push(fr.relNsec);
    } else {
      this.seen(idx, fr.relSec, fr.relNsec);
    }
    if (swap) { this.baF[idx]!++; this.baB[idx]! += fr.len; } else { this.abF[idx]!++; this.abB[idx]! += fr.len; }
  }

  private seen(idx: number, s: number, n: number): void {
    if (s > this.stopS[idx]! || (s === this.stopS[idx]! && n > this.stopN[idx]!)) { this.stopS[idx] = s; this.stopN[idx] = n; }
    else if (s < this.startS[idx]! || (s === this.startS[idx]! && n < this.startN[idx]!)) { this.startS[idx] = s; this.startN[idx] = n; }
  }

  merge(o: Tap): void {
    const other = o as Conversations;
    for (let j = 0; j < other.keys.size; j++) {
      this.keys.key.set(other.keys.keyOf(j));
      const idx = this.keys.find();
      if (this.keys.created) {
        this.abF.push(0); this.abB.push(0); this.baF.push(0); this.baB.push(0);
        this.flip.push(other.flip[j]!);
        this.first.push(other.first[j]!);
        this.startS.push(other.startS[j]!); this.startN.push(other.startN[j]!);
        this.stopS.push(other.stopS[j]!); this.stopN.push(other.stopN[j]!);
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
    return { keys, abF: this.abF, abB: this.abB, baF: this.baF, baB: this.baB, flip: this.flip, first: this.first,
      startS: this.startS, startN: this.startN, stopS: this.stopS, stopN: this.stopN };
  }

  /** Loads exportState()'s data into this fresh instance. */
  importState(st: unknown): void {
    const d = st as Record<string, number[]> & { keys: Uint8Array };
    const kl = this.keys.klen;
    for (let j = 0; j * kl < d.keys.length; j++) { this.keys.key.set(d.keys.subarray(j * kl, (j + 1) * kl)); this.keys.find(); }
    this.abF = d.abF; this.abB = d.abB; this.baF = d.baF; this.baB = d.baB; this.flip = d.flip; this.first = d.first;
    this.startS = d.startS; this.startN = d.startN; this.stopS = d.stopS; this.stopN = d.stopN;
  }

  /** Conversations in tshark's order: most frames first, ties in order of first appearance. */
  private order(): number[] {
    const idx = Array.from({ length: this.keys.size }, (_, i) => i);
    const tot = (i: number): number => this.abF[i]! + this.baF[i]!;
    return idx.sort((x, y) => tot(y) - tot(x) || this.first[x]! - this.first[y]! || x - y);
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
