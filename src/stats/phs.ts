// -z io,phs[,FILTER] (ui/cli/tap-protohierstat.c of tshark 4.0): the protocol hierarchy, built from the
// sequence of top-level items of each packet's tree (frame, eth, ip, tcp, http, ..., tcp.segments).
import type { Packet } from '../dissect/packet.js';
import type { CompiledFilter } from '../filter/api.js';
import { registerTap, tapFilter, type Cell, type StatTable, type Tap } from './tap.js';

class PhsNode {
  readonly children: PhsNode[] = [];
  private readonly index = new Map<string, PhsNode>();
  frames = 0;
  bytes = 0;
  constructor(readonly name: string) {}
  child(name: string): PhsNode {
    let c = this.index.get(name);
    if (!c) { c = new PhsNode(name); this.children.push(c); this.index.set(name, c); }
    return c;
  }
  merge(o: PhsNode): void {
    this.frames += o.frames; this.bytes += o.bytes;
    for (const c of o.children) this.child(c.name).merge(c);
  }
}

class ProtocolHierarchy implements Tap {
  readonly needsTree = true;
  readonly topLevelOnly: boolean;
  private readonly root = new PhsNode('');
  private readonly filter: CompiledFilter | null;

  constructor(readonly arg: string, readonly filterText: string | null) {
    this.filter = tapFilter(filterText, 'io,phs');
    this.topLevelOnly = this.filter === null;
  }

  packet(pkt: Packet): void {
    const top = pkt.root?.children;
    if (!top || !top.length) return;
    if (this.filter && !this.filter.match(pkt)) return;
    let level = this.root;
    // tshark moves the "[N Reassembled TCP Segments]" item behind the TCP tree only in trees it shows
    // (proto_tree_move_item does nothing in an invisible tree): here it stays after the reassembled data.
    let segs = -1;
    for (let i = 0; i < top.length; i++) if (top[i]!.hf?.abbrev === 'tcp.segments') { segs = i; break; }
    const n0 = top.length;
    for (let j = 0; j < n0; j++) {
      const i = segs < 0 ? j : j < segs ? j : j === n0 - 1 ? segs : j + 1;
      const n = top[i]!;
      // the frame item is the root of every hierarchy
      if (i === 0 && n.hf?.abbrev === 'frame') continue;
      const node = level.child(n.hf ? n.hf.abbrev : 'text');
      node.frames++;
      node.bytes += pkt.len;
      level = node;
    }
  }

  merge(o: Tap): void { this.root.merge((o as ProtocolHierarchy).root); }

  draw(): string {
    let s = '\n===================================================================\nProtocol Hierarchy Statistics\n';
    s += `Filter: ${this.filterText ?? ''}\n\n`;
    const walk = (n: PhsNode, indent: number): void => {
      for (const c of n.children) {
        let head = '';
        for (let i = 0; i < indent; i++) { if (i > 15) { head += '...'; break; } head += '  '; }
        s += `${(head + c.name).slice(0, 79).padEnd(40)} frames:${c.frames} bytes:${c.bytes}\n`;
        walk(c, indent + 1);
      }
    };
    walk(this.root, 0);
    return s + '===================================================================\n';
  }

  table(): StatTable {
    const rows: Cell[][] = [];
    const walk = (n: PhsNode, depth: number): void => {
      for (const c of n.children) { rows.push([depth, c.name, c.frames, c.bytes]); walk(c, depth + 1); }
    };
    walk(this.root, 0);
    return { arg: this.arg, stat: 'io,phs', title: 'Protocol Hierarchy Statistics', filter: this.filterText, columns: ['depth', 'protocol', 'frames', 'bytes'], rows };
  }
}

registerTap('io,phs', arg => {
  const rest = arg.slice('io,phs'.length);
  return new ProtocolHierarchy(arg, rest[0] === ',' ? rest.slice(1) : null);
});
