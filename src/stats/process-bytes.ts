// -z bytes,process[,FILTER] — typeshark's own statistic: which local process sends and receives the bytes. While
// capturing live, each TCP/UDP conversation's local sockets are looked up in /proc (analysis/proc-sockets.ts) when
// it is first seen (and again on later packets until found). A packet counts once for each local process it
// touches: as sent by one, received by the other (both, when one process holds both ends). Reading a file, the sockets are gone: everything is "(not captured live)".
import { addressToStr, type Address } from '../dissect/address.js';
import type { Packet } from '../dissect/packet.js';
import type { TcpTap } from '../dissect/tcp.js';
import type { UdpTap } from '../dissect/udp.js';
import type { CompiledFilter } from '../filter/api.js';
import { addrHex, localSockets, SocketOwners, type Owner } from '../analysis/proc-sockets.js';
import { registerTap, tapFilter, wantTaps, type Cell, type StatTable, type Tap } from './tap.js';

const RULE = '================================================================================\n';

interface Side { owner: Owner | null; addr: string; port: number }
interface Conv { a: Side; b: Side; proto: 'tcp' | 'udp'; aHex: string; bHex: string; tries: number }
interface Row { label: string; pid: number | null; conns: Set<Conv>; frames: number; bytes: number; sent: number; received: number; sockets: Set<string> }

const label = (o: Owner): string => `${o.pid} ${o.command}`;

class ProcessBytes implements Tap {
  readonly needsTree = false;
  readonly filters: readonly CompiledFilter[];
  private readonly filter: CompiledFilter | null;
  private readonly convs = new Map<string, Conv>();
  private readonly rows = new Map<string, Row>();
  private readonly owners = new SocketOwners();

  constructor(readonly arg: string, readonly filterText: string | null) {
    this.filter = tapFilter(filterText, 'bytes,process');
    this.filters = this.filter ? [this.filter] : [];
    wantTaps('tcp', 'udp');
  }

  packet(pkt: Packet): void {
    if (this.filter && !this.filter.match(pkt)) return;
    for (const ev of pkt.tapEvents) {
      if (ev.name !== 'tcp' && ev.name !== 'udp') continue;
      const t = ev.data as TcpTap | UdpTap;
      const c = this.conv(ev.name, t.src, t.sport, t.dst, t.dport);
      const fromA = addressToStr(t.src) === c.a.addr && t.sport === c.a.port;
      const sender = fromA ? c.a : c.b, receiver = fromA ? c.b : c.a;
      if (!sender.owner && !receiver.owner) this.row(null, c, pkt.len);
      else {
        // each process the packet touches counts it once; one process at both ends both sent and received it
        if (sender.owner) this.row(sender.owner, c, pkt.len).sent += pkt.len;
        if (receiver.owner) {
          const r = receiver.owner.pid === sender.owner?.pid ? this.rows.get(label(receiver.owner))! : this.row(receiver.owner, c, pkt.len);
          r.received += pkt.len;
        }
        for (const side of [c.a, c.b]) if (side.owner) this.rows.get(label(side.owner))!.sockets.add(`${c.proto}/${side.port}`);
      }
      return;
    }
  }

  private conv(proto: 'tcp' | 'udp', src: Address, sport: number, dst: Address, dport: number): Conv {
    const s = addressToStr(src), d = addressToStr(dst);
    const key = `${proto} ${s}:${sport} ${d}:${dport}`, rev = `${proto} ${d}:${dport} ${s}:${sport}`;
    let c = this.convs.get(key) ?? this.convs.get(rev);
    if (!c) {
      c = { a: { owner: null, addr: s, port: sport }, b: { owner: null, addr: d, port: dport }, proto, aHex: src.data ? addrHex(src.data) : '', bHex: dst.data ? addrHex(dst.data) : '', tries: 0 };
      this.convs.set(key, c);
    }
    // look the sockets up until both ends are known or a few packets went by (a socket may close before we look)
    if (localSockets.live && c.tries < 8 && (!c.a.owner || !c.b.owner)) {
      c.tries++;
      c.a.owner ??= this.owners.owner(proto, c.aHex, c.a.port, c.bHex, c.b.port);
      c.b.owner ??= this.owners.owner(proto, c.bHex, c.b.port, c.aHex, c.a.port);
    }
    return c;
  }

  private row(owner: Owner | null, c: Conv, len: number): Row {
    const l = owner ? label(owner) : localSockets.live ? '(no local process found)' : '(not captured live)';
    let r = this.rows.get(l);
    if (!r) this.rows.set(l, r = { label: l, pid: owner?.pid ?? null, conns: new Set(), frames: 0, bytes: 0, sent: 0, received: 0, sockets: new Set() });
    r.conns.add(c); r.frames++; r.bytes += len;
    return r;
  }

  private sorted(): Row[] { return [...this.rows.values()].sort((a, b) => b.bytes - a.bytes || (a.label < b.label ? -1 : 1)); }

  draw(): string {
    const rows = this.sorted();
    const w = Math.max(24, ...rows.map(r => r.label.length));
    let s = RULE + 'Bytes by local process\n' + `Filter:${this.filterText ?? '<No Filter>'}\n`;
    if (!localSockets.live) s += 'Process names need live capture (-i): the sockets of a capture file are gone.\n';
    s += `${'PID and command'.padEnd(w)} ${'Conns'.padStart(6)} ${'Frames'.padStart(9)} ${'Bytes'.padStart(13)} ${'Sent'.padStart(13)} ${'Received'.padStart(13)}  Local ports\n`;
    for (const r of rows) {
      s += `${r.label.padEnd(w)} ${String(r.conns.size).padStart(6)} ${String(r.frames).padStart(9)} ${String(r.bytes).padStart(13)} ${(r.pid === null ? '' : String(r.sent)).padStart(13)} ${(r.pid === null ? '' : String(r.received)).padStart(13)}  ${[...r.sockets].slice(0, 6).join(' ')}${r.sockets.size > 6 ? ' …' : ''}\n`;
    }
    return s + RULE;
  }

  merge(o: Tap): void {
    for (const [k, r] of (o as ProcessBytes).rows) {
      const m = this.rows.get(k);
      if (!m) { this.rows.set(k, r); continue; }
      for (const c of r.conns) m.conns.add(c);
      m.frames += r.frames; m.bytes += r.bytes; m.sent += r.sent; m.received += r.received;
      for (const x of r.sockets) m.sockets.add(x);
    }
  }

  table(): StatTable {
    const rows: Cell[][] = this.sorted().map(r => [r.pid, r.pid === null ? r.label : r.label.slice(String(r.pid).length + 1), r.conns.size, r.frames, r.bytes, r.pid === null ? null : r.sent, r.pid === null ? null : r.received, [...r.sockets].join(' ')]);
    return { arg: this.arg, stat: 'bytes,process', title: 'Bytes by local process', filter: this.filterText,
      columns: ['pid', 'command', 'conns', 'frames', 'bytes', 'sent', 'received', 'local_ports'], rows, meta: { live: localSockets.live ? 1 : 0 } };
  }
}

registerTap('bytes,process', arg => {
  if (arg !== 'bytes,process' && !arg.startsWith('bytes,process,')) return null;
  return new ProcessBytes(arg, arg.length > 14 ? arg.slice(14) : null);
});
