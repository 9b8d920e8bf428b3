// What conv,* and endpoints,* read from the protocol tap events, per family: the tap name, the table
// titles, and how to pull addresses and ports out of an event into a fixed-length key.
import { addrBytes } from './keytable.js';

export interface Family {
  /** -z name after "conv," / "endpoints,". */
  readonly name: string;
  /** Tap event read (queued by the dissector). */
  readonly tap: string;
  /** "Ethernet", "IPv4", ... as tshark titles the tables. */
  readonly title: string;
  readonly ports: boolean;
  /** Bytes per address slot in keys (16 for transport families, which may ride on IPv4 or IPv6). */
  readonly alen: number;
  /** Conversations are also split by the event's stream index (TCP's conversation id). */
  readonly stream: boolean;
}

export const FAMILIES: readonly Family[] = [
  { name: 'eth', tap: 'eth', title: 'Ethernet', ports: false, alen: 6, stream: false },
  { name: 'ip', tap: 'ip', title: 'IPv4', ports: false, alen: 4, stream: false },
  { name: 'ipv6', tap: 'ipv6', title: 'IPv6', ports: false, alen: 16, stream: false },
  { name: 'tcp', tap: 'tcp', title: 'TCP', ports: true, alen: 16, stream: true },
  { name: 'udp', tap: 'udp', title: 'UDP', ports: true, alen: 16, stream: false },
];

/** One endpoint of an event, decoded into reusable fields. */
export class Ends {
  src: Uint8Array | null = null;
  dst: Uint8Array | null = null;
  sport = 0;
  dport = 0;
  stream = 0;
  /** Reads an event's data; false when it carries no usable addresses. */
  read(f: Family, data: unknown): boolean {
    const d = data as { src?: unknown; dst?: unknown; sport?: number; dport?: number; stream?: number };
    this.src = addrBytes(d.src); this.dst = addrBytes(d.dst);
    if (!this.src || !this.dst) return false;
    if (f.ports) { this.sport = d.sport ?? 0; this.dport = d.dport ?? 0; }
    this.stream = f.stream ? (d.stream ?? 0) : 0;
    if (!f.ports && (this.src.length !== f.alen || this.dst.length !== f.alen)) return false;
    return true;
  }
}

/** Writes an address (with its length, for transport families) into a key at `off`; returns the next offset. */
export function putAddr(f: Family, key: Uint8Array, off: number, a: Uint8Array): number {
  if (f.ports) {
    key[off] = a.length;
    key.fill(0, off + 1, off + 1 + f.alen);
    key.set(a.subarray(0, f.alen), off + 1);
    return off + 1 + f.alen;
  }
  key.set(a, off);
  return off + f.alen;
}

/** The address bytes stored at `off` in a key (inverse of putAddr). */
export function getAddr(f: Family, key: Uint8Array, off: number): Uint8Array {
  if (f.ports) return key.slice(off + 1, off + 1 + key[off]!);
  return key.slice(off, off + f.alen);
}

export const addrSlot = (f: Family): number => f.ports ? f.alen + 1 : f.alen;
