// A hash table over fixed-length byte keys (addresses, ports, stream ids) that hands out dense entry
// indices in order of first appearance. Statistics keep their counters in parallel arrays indexed by
// entry, so the per-packet path allocates nothing: fill `key`, call `find`.

export class KeyTable {
  /** Scratch key: fill it, then call find(). */
  readonly key: Uint8Array;
  /** Entry count; entries are 0..size-1 in order of insertion. */
  size = 0;
  /** True when the last find() inserted a new entry. */
  created = false;
  private keys: Uint8Array;
  private hashes: Uint32Array;
  private slots: Int32Array;
  private mask: number;

  constructor(readonly klen: number, capacity = 256) {
    this.key = new Uint8Array(klen);
    this.keys = new Uint8Array(klen * capacity);
    this.hashes = new Uint32Array(capacity);
    let n = 16;
    while (n < capacity * 2) n <<= 1;
    this.slots = new Int32Array(n).fill(-1);
    this.mask = n - 1;
  }

  private hash(k: Uint8Array, off: number): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < this.klen; i++) h = Math.imul(h ^ k[off + i]!, 0x01000193);
    return h >>> 0;
  }

  private same(idx: number): boolean {
    const k = this.key, ks = this.keys, base = idx * this.klen;
    for (let i = 0; i < this.klen; i++) if (ks[base + i] !== k[i]) return false;
    return true;
  }

  /** Finds the entry for `key`; inserts it when absent and `insert` is set. Returns -1 when absent. */
  find(insert = true): number {
    const h = this.hash(this.key, 0);
    let s = h & this.mask;
    for (;;) {
      const idx = this.slots[s]!;
      if (idx < 0) break;
      if (this.hashes[idx] === h && this.same(idx)) { this.created = false; return idx; }
      s = (s + 1) & this.mask;
    }
    if (!insert) return -1;
    const idx = this.size++;
    if (idx * this.klen >= this.keys.length) this.growEntries();
    this.keys.set(this.key, idx * this.klen);
    this.hashes[idx] = h;
    this.slots[s] = idx;
    this.created = true;
    if (this.size * 2 > this.slots.length) this.rehash();
    return idx;
  }

  /** The stored key bytes of an entry (a view; do not keep across inserts). */
  keyOf(idx: number): Uint8Array { return this.keys.subarray(idx * this.klen, (idx + 1) * this.klen); }

  private growEntries(): void {
    const cap = this.hashes.length * 2;
    const k = new Uint8Array(cap * this.klen); k.set(this.keys); this.keys = k;
    const h = new Uint32Array(cap); h.set(this.hashes); this.hashes = h;
  }

  private rehash(): void {
    this.slots = doubledSlots(this.hashes, this.size, this.slots.length);
    this.mask = this.slots.length - 1;
  }
}

/** The bytes of an address given either as bytes or as an Address ({ data }). */
/**
 * The slot array of an open-addressing table (linear probing, -1 = empty) at twice `len` slots, refilled with entries
 * 0..size-1 by their stored hashes. KeyTable and the fast path's StreamTable share it.
 */
export function doubledSlots(hashes: Uint32Array, size: number, len: number): Int32Array<ArrayBuffer> {
  const n = len * 2, mask = n - 1, slots = new Int32Array(n).fill(-1);
  for (let i = 0; i < size; i++) {
    let s = hashes[i]! & mask;
    while (slots[s]! >= 0) s = (s + 1) & mask;
    slots[s] = i;
  }
  return slots;
}

export function addrBytes(a: unknown): Uint8Array | null {
  if (a instanceof Uint8Array) return a;
  if (a && typeof a === 'object' && (a as { data?: unknown }).data instanceof Uint8Array) return (a as { data: Uint8Array }).data;
  return null;
}

/** memcmp-style comparison of two byte strings (length first, as cmp_address does). */
export function cmpBytes(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
