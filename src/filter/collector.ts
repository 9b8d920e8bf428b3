// A sparse protocol tree for display filters: when nothing else needs the tree, the dissectors are handed this
// collector instead. It keeps only the items of the fields some filter refers to (with their protocol layer
// number), so filtering allocates a handful of small objects per packet instead of the whole tree.
import type { FieldValue, Item } from '../dissect/tree.js';
import type { Tvb } from '../dissect/tvb.js';
import { FT, type FieldDef } from '../fields/types.js';

/** What the filter evaluator reads from a tree item. */
export interface ValueNode {
  readonly hf: FieldDef | null;
  readonly buf: Uint8Array | null;
  start: number;
  len: number;
  value: FieldValue;
  /** A sparse collector's order of the item in the packet. */
  readonly seq?: number;
}

/** An item of a wanted field: records its value; items added below it go to the collector. */
class Kept implements Item, ValueNode {
  readonly real = true;
  /** How many items were added below (some dissectors compare counts to see whether a call added anything). */
  readonly children = { length: 0 };
  constructor(private readonly c: FieldCollector, readonly hf: FieldDef, readonly buf: Uint8Array | null,
    public start: number, public len: number, public value: FieldValue,
    /** Position among the packet's kept items (dissection order across fields, for -T fields). */
    readonly seq: number) {}
  add(hf: FieldDef, tvb: Tvb, off: number, len: number, value: FieldValue): Item { this.children.length++; return this.c.add(hf, tvb, off, len, value); }
  addText(): Item { this.children.length++; return this.c; }
  setText(): Item { return this; }
  appendText(): Item { return this; }
  setLen(len: number): Item { this.len = len; return this; }
  generated(): Item { return this; }
  hidden(): Item { return this; }
}

export class FieldCollector implements Item {
  readonly real = true;
  /** Absorbs writes some dissectors make to the item they got back (e.g. frame.protocols' value). */
  value: FieldValue = null;
  /** Counts items added to items that are not kept, like PNode.children.length does for a real tree. */
  readonly children = { length: 0 };
  /** Occurrences of each wanted field id, in dissection order, and their layer numbers. */
  readonly nodes: ValueNode[][] = [];
  readonly layers: number[][] = [];
  private wanted: Uint8Array;
  private protoCount: Int32Array;
  private seq = 0;

  constructor(ids: Iterable<number>, fieldCount: number) {
    let max = fieldCount;
    for (const id of ids) if (id >= max) max = id + 1;
    this.wanted = new Uint8Array(max);
    this.protoCount = new Int32Array(max);
    for (let i = 0; i < max; i++) { this.nodes.push([]); this.layers.push([]); }
    for (const id of ids) this.wanted[id] = 1;
  }

  /** Starts a packet: returns the root item to hand the dissectors. */
  begin(): Item {
    const w = this.wanted;
    for (let i = 0; i < w.length; i++) if (w[i]) { this.nodes[i]!.length = 0; this.layers[i]!.length = 0; }
    this.protoCount.fill(0);
    this.children.length = 0;
    this.seq = 0;
    return this;
  }

  add(hf: FieldDef, tvb: Tvb, off: number, len: number, value: FieldValue): Item {
    const id = hf.id;
    this.children.length++;
    if (id >= this.wanted.length) return this;
    if (hf.type === FT.PROTOCOL) this.protoCount[id]!++;
    if (!this.wanted[id]) return this;
    const n = new Kept(this, hf, tvb.buf, tvb.off + off, len < 0 ? Math.max(0, tvb.len - off) : len, value, this.seq++);
    this.nodes[id]!.push(n);
    this.layers[id]!.push(this.protoCount[hf.protoId] ?? 1);
    return n;
  }
  addText(): Item { this.children.length++; return this; }
  setText(): Item { return this; }
  appendText(): Item { return this; }
  setLen(): Item { return this; }
  generated(): Item { return this; }
  hidden(): Item { return this; }
}
