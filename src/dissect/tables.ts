// Dissector tables (Wireshark's dissector_add_uint / heur_dissector_add): a protocol file registers
// itself under the keys of the layer below; the layer below looks its payload up here.
import type { Packet } from './packet.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

/** Dissects tvb; returns the bytes it used, or 0 to say "not mine" (new-style dissectors). */
export type DissectFn = (tvb: Tvb, pkt: Packet, tree: Item) => number;
/** A heuristic dissector: returns true when it recognised and dissected the payload. */
export type HeurFn = (tvb: Tvb, pkt: Packet, tree: Item) => boolean;

export interface Handle {
  /** Protocol abbreviation, pushed onto frame.protocols when called (null for helper handles). */
  readonly name: string | null;
  /** Short name for pinfo->current_proto. */
  readonly shortName: string;
  readonly fn: DissectFn;
}

export function handle(name: string | null, shortName: string, fn: DissectFn): Handle { return { name, shortName, fn }; }

export class UintTable {
  private readonly map = new Map<number, Handle>();
  constructor(readonly name: string) {}
  add(key: number, h: Handle): void { this.map.set(key, h); }
  get(key: number): Handle | undefined { return this.map.get(key); }
  has(key: number): boolean { return this.map.has(key); }
}

export class HeurList {
  private readonly list: { name: string; fn: HeurFn; layer: string }[] = [];
  constructor(readonly name: string) {}
  add(name: string, layer: string, fn: HeurFn): void { this.list.push({ name, fn, layer }); }
  /** Tries each heuristic in registration order; the first that accepts wins. */
  try(tvb: Tvb, pkt: Packet, tree: Item): boolean {
    for (const h of this.list) {
      const depth = pkt.layers.length, saved = pkt.currentProto;
      pkt.layers.push(h.layer);
      if (h.fn(tvb, pkt, tree)) return true;
      pkt.layers.length = depth; pkt.currentProto = saved;
    }
    return false;
  }
}

/** Runs a handle the way call_dissector_work does: records the layer, restores it if refused. */
export function call(h: Handle, tvb: Tvb, pkt: Packet, tree: Item): number {
  const depth = pkt.layers.length, saved = pkt.currentProto;
  if (h.name) pkt.layers.push(h.name);
  pkt.currentProto = h.shortName;
  const n = h.fn(tvb, pkt, tree);
  if (n === 0) { pkt.layers.length = depth; pkt.currentProto = saved; }
  return n;
}

export const tables = {
  /** Link-layer type (pcap LINKTYPE_* values). */
  linktype: new UintTable('wtap_encap'),
  ethertype: new UintTable('ethertype'),
  ipProto: new UintTable('ip.proto'),
  tcpPort: new UintTable('tcp.port'),
  udpPort: new UintTable('udp.port'),
  /** PPP / GRE / LLC style tables are added by their protocol files. */
  sllProtocol: new UintTable('sll.ltype'),
  nullFamily: new UintTable('null.type'),
  llcSap: new UintTable('llc.dsap'),
  greProto: new UintTable('gre.proto'),
};
export const heuristics = {
  tcp: new HeurList('tcp'),
  udp: new HeurList('udp'),
};
