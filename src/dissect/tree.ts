// The protocol tree. Dissectors add items unconditionally; when no consumer asked for a tree the
// engine hands them NULL_ITEM, whose methods do nothing and return itself, so the fast path allocates nothing.
import type { FieldDef } from '../fields/types.js';
import type { Tvb } from './tvb.js';

/** A field value: integers as number (bigint past 2^53), addresses and bytes as byte views. */
import type { NsTime } from './time.js';
export type FieldValue = number | bigint | string | boolean | Uint8Array | NsTime | null;

export const enum ItemFlag { Generated = 1, Hidden = 2, Expert = 4,
  /** The label was extended with appendText (which Wireshark cuts silently at 239 bytes, without "[truncated]"). */
  Appended = 8 }

export interface Item {
  /** True when this item is part of a real tree (text and children are kept). */
  readonly real: boolean;
  add(hf: FieldDef, tvb: Tvb, off: number, len: number, value: FieldValue): Item;
  /** A text-only item (Wireshark's proto_tree_add_text / subtree headers). */
  addText(tvb: Tvb | null, off: number, len: number, text: string): Item;
  /** Sets the item's whole representation (proto_item_set_text). */
  setText(text: string): Item;
  /** Appends to the representation (proto_item_append_text). */
  appendText(text: string): Item;
  setLen(len: number): Item;
  generated(): Item;
  hidden(): Item;
}

export class PNode implements Item {
  readonly real: boolean = true;
  children: PNode[] | null = null;
  /** Explicit representation; null means "render from field and value". */
  text: string | null = null;
  flags = 0;
  constructor(
    readonly hf: FieldDef | null,
    /** The bytes this item covers are buf[start, start + len). */
    readonly buf: Uint8Array | null,
    public start: number,
    public len: number,
    public value: FieldValue,
    readonly parent: PNode | null,
  ) {}

  add(hf: FieldDef, tvb: Tvb, off: number, len: number, value: FieldValue): PNode {
    const n = new PNode(hf, tvb.buf, tvb.off + off, len < 0 ? Math.max(0, tvb.len - off) : len, value, this);
    (this.children ??= []).push(n);
    return n;
  }
  addText(tvb: Tvb | null, off: number, len: number, text: string): PNode {
    const n = new PNode(null, tvb ? tvb.buf : null, tvb ? tvb.off + off : 0, len < 0 && tvb ? Math.max(0, tvb.len - off) : len, null, this);
    n.text = text;
    (this.children ??= []).push(n);
    return n;
  }
  setText(text: string): PNode { this.text = text; return this; }
  appendText(text: string): PNode {
    if (this.text === null) this.text = this.appendBase();
    this.flags |= ItemFlag.Appended;
    this.text += text;
    return this;
  }
  /** Hook for appendText on items without explicit text: the label renderer fills this in. */
  appendBase(): string { return labelOf(this); }
  setLen(len: number): PNode { this.len = len; return this; }
  generated(): PNode { this.flags |= ItemFlag.Generated; return this; }
  hidden(): PNode { this.flags |= ItemFlag.Hidden; return this; }

  /** Depth-first walk over this node's descendants. */
  *walk(): IterableIterator<PNode> {
    if (!this.children) return;
    for (const c of this.children) { yield c; yield* c.walk(); }
  }
}

/** Renders an item's label; set by output/labels.ts so that dissect/ does not depend on output/. */
export let labelOf: (n: PNode) => string = n => n.text ?? n.hf?.name ?? '';
export function setLabelRenderer(f: (n: PNode) => string): void { labelOf = f; }

/**
 * A tree of top-level items only (io,phs reads nothing else): the root keeps the items dissectors add to it, as
 * TopItems that are not real, so everything below them costs what it costs without a tree.
 */
export class ShallowRoot extends PNode {
  override add(hf: FieldDef, tvb: Tvb, off: number, len: number, value: FieldValue): PNode {
    const n = new TopItem(hf, tvb.buf, tvb.off + off, len < 0 ? Math.max(0, tvb.len - off) : len, null, this);
    (this.children ??= []).push(n);
    void value;
    return n;
  }
  override addText(tvb: Tvb | null, off: number, len: number, text: string): PNode {
    const n = new TopItem(null, tvb ? tvb.buf : null, tvb ? tvb.off + off : 0, len, null, this);
    (this.children ??= []).push(n);
    void text;
    return n;
  }
}

class TopItem extends PNode {
  override readonly real: boolean = false;
  override add(): PNode { return NULL_ITEM as PNode; }
  override addText(): PNode { return NULL_ITEM as PNode; }
  override setText(): PNode { return this; }
  override appendText(): PNode { return this; }
}

class NullItem implements Item {
  readonly real = false;
  add(): Item { return this; }
  addText(): Item { return this; }
  setText(): Item { return this; }
  appendText(): Item { return this; }
  setLen(): Item { return this; }
  generated(): Item { return this; }
  hidden(): Item { return this; }
}
export const NULL_ITEM: Item = new NullItem();
