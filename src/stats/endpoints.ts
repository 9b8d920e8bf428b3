// -z endpoints,eth|ip|ipv6|tcp|udp[,FILTER] (ui/cli/tap-endpoints.c of tshark 4.0): one row per address
// (and port), packets and bytes sent and received, sorted by packets (ties in order of first appearance: frame, then tap event, source before destination).
import type { Packet } from '../dissect/packet.js';
import type { CompiledFilter } from '../filter/api.js';
import { addrSlot, Ends, FAMILIES, getAddr, putAddr, type Family } from './flows.js';
import { addrStr, lpad, rpad } from './format.js';
import { KeyTable } from './keytable.js';
import { registerTap, tapFilter, wantTaps, type Cell, type StatTable, type Tap } from './tap.js';

const RULE = '================================================================================\n';

class Endpoints implements Tap {
  readonly needsTree: boolean;
  readonly filters: readonly CompiledFilter[];
  private readonly keys: KeyTable;
  private readonly filter: CompiledFilter | null;
  /** Per endpoint: 2 × the frame number that first showed it (+1 when as destination), for the order across workers. */
  private first: number[] = [];
  private curNum = 0;
  private readonly ends = new Ends();
  private txF: number[] = []; private txB: number[] = [];
  private rxF: number[] = []; private rxB: number[] = [];

  constructor(readonly arg: string, readonly fam: Family, readonly filterText: string | null) {
    this.filter = tapFilter(filterText, 'endpoints');
    this.needsTree = false;
    this.filters = this.filter ? [this.filter] : [];
    this.keys = new KeyTable(addrSlot(fam) + (fam.ports ? 2 : 0));
    wantTaps(fam.tap);
  }

  private entry(a: Uint8Array, port: number, role: number, ev: number): number {
    const k = this.keys.key, off = putAddr(this.fam, k, 0, a);
    if (this.fam.ports) { k[off] = port >> 8; k[off + 1] = port; }
    const idx = this.keys.find();
    if (this.keys.created) { this.txF.push(0); this.txB.push(0); this.rxF.push(0); this.rxB.push(0); this.first.push(this.curNum * 64 + Math.min(ev, 31) * 2 + role); }
    return idx;
  }

  packet(pkt: Packet): void {
    const ev = pkt.tapEvents;
    if (!ev.length) return;
    if (this.filter && !this.filter.match(pkt)) return;
    const f = this.fam, e = this.ends;
    this.curNum = pkt.num;
    for (let i = 0; i < ev.length; i++) {
      if (ev[i]!.name !== f.tap || !e.read(f, ev[i]!.data)) continue;
      const s = this.entry(e.src!, e.sport, 0, i);
      this.txF[s]!++; this.txB[s]! += pkt.len;
      const d = this.entry(e.dst!, e.dport, 1, i);
      this.rxF[d]!++; this.rxB[d]! += pkt.len;
    }
  }

  merge(o: Tap): void {
    const other = o as Endpoints;
    for (let j = 0; j < other.keys.size; j++) {
      this.keys.key.set(other.keys.keyOf(j));
      const idx = this.keys.find();
      if (this.keys.created) { this.txF.push(0); this.txB.push(0); this.rxF.push(0); this.rxB.push(0); this.first.push(other.first[j]!); }
      else if (other.first[j]! < this.first[idx]!) this.first[idx] = other.first[j]!;
      this.txF[idx]! += other.txF[j]!; this.txB[idx]! += other.txB[j]!;
      this.rxF[idx]! += other.rxF[j]!; this.rxB[idx]! += other.rxB[j]!;
    }
  }

  /** The tables as plain data (for a worker thread to send). */
  exportState(): unknown {
    const n = this.keys.size, keys = new Uint8Array(n * this.keys.klen);
    for (let j = 0; j < n; j++) keys.set(this.keys.keyOf(j), j * this.keys.klen);
    return { keys, txF: this.txF, txB: this.txB, rxF: this.rxF, rxB: this.rxB, first: this.first };
  }

  /** Loads exportState()'s data into this fresh instance. */
  importState(st: unknown): void {
    const d = st as Record<string, number[]> & { keys: Uint8Array };
    const kl = this.keys.klen;
    for (let j = 0; j * kl < d.keys.length; j++) { this.keys.key.set(d.keys.subarray(j * kl, (j + 1) * kl)); this.keys.find(); }
    this.txF = d.txF; this.txB = d.txB; this.rxF = d.rxF; this.rxB = d.rxB; this.first = d.first;
  }

  private order(): number[] {
    const idx = Array.from({ length: this.keys.size }, (_, i) => i);
    const tot = (i: number): number => this.txF[i]! + this.rxF[i]!;
    return idx.sort((x, y) => tot(y) - tot(x) || this.first[x]! - this.first[y]! || x - y);
  }

  private name(i: number): [string, number] {
    const key = this.keys.keyOf(i), slot = addrSlot(this.fam);
    const port = this.fam.ports ? (key[slot]! << 8) | key[slot + 1]! : 0;
    return [addrStr(getAddr(this.fam, key, 0)), port];
  }

  draw(): string {
    let s = RULE + `${this.fam.title} Endpoints\n` + `Filter:${this.filterText ?? '<No Filter>'}\n`;
    if (this.fam.ports) s += '                       |  Port  ||  Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |\n';
    else s += '                       |  Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |\n';
    for (const i of this.order()) {
      const [addr, port] = this.name(i);
      const tf = this.txF[i]!, tb = this.txB[i]!, rf = this.rxF[i]!, rb = this.rxB[i]!;
      s += lpad(addr, 20);
      if (this.fam.ports) s += `      ${rpad(port, 5)}     ${rpad(tf + rf, 6)}`;
      else s += `      ${rpad(tf + rf, 6)}`;
      s += `     ${rpad(tb + rb, 9)}     ${rpad(tf, 6)}       ${rpad(tb, 9)}      ${rpad(rf, 6)}       ${rpad(rb, 9)}   \n`;
    }
    return s + RULE;
  }

  table(): StatTable {
    const rows: Cell[][] = [];
    for (const i of this.order()) {
      const [addr, port] = this.name(i);
      const tf = this.txF[i]!, tb = this.txB[i]!, rf = this.rxF[i]!, rb = this.rxB[i]!;
      rows.push(this.fam.ports ? [addr, port, tf + rf, tb + rb, tf, tb, rf, rb] : [addr, tf + rf, tb + rb, tf, tb, rf, rb]);
    }
    const cols = ['packets', 'bytes', 'tx_packets', 'tx_bytes', 'rx_packets', 'rx_bytes'];
    return {
      arg: this.arg, stat: 'endpoints', title: `${this.fam.title} Endpoints`, filter: this.filterText,
      columns: this.fam.ports ? ['address', 'port', ...cols] : ['address', ...cols], rows,
    };
  }
}

for (const fam of FAMILIES) {
  const prefix = `endpoints,${fam.name}`;
  registerTap(prefix, arg => {
    const rest = arg.slice(prefix.length);
    return new Endpoints(arg, fam, rest[0] === ',' ? rest.slice(1) : null);
  });
}
