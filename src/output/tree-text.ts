// -V: the protocol tree as text, four spaces per level, generated items in brackets, hidden ones left out.
import { ItemFlag, type PNode } from '../dissect/tree.js';
import { FT } from '../fields/types.js';
import { renderLabel } from './labels.js';
import { hexDump } from './hexdump.js';
import { proto as dataProto } from '../dissect/data.js';


/** Wireshark's ITEM_LABEL_LENGTH: labels of this many UTF-8 bytes or more are cut and marked. */
const ITEM_LABEL_LENGTH = 240;
const TRUNC = ' [truncated]';

/** label_mark_truncated: " [truncated]" inserted at namePos, cut before the UTF-8 character holding byte 238. */
export function truncateLabel(label: string, namePos: number): string {
  const buf = Buffer.from(label, 'utf8');
  if (buf.length < ITEM_LABEL_LENGTH) return label;
  const work = Buffer.alloc(ITEM_LABEL_LENGTH);
  buf.copy(work, 0, 0, ITEM_LABEL_LENGTH - 1);
  if (namePos < ITEM_LABEL_LENGTH - TRUNC.length) {
    const tail = Buffer.from(work.subarray(namePos, ITEM_LABEL_LENGTH - TRUNC.length));
    work.write(TRUNC, namePos, 'latin1');
    tail.copy(work, namePos + TRUNC.length);
    let p = ITEM_LABEL_LENGTH - 2;
    while (p > 0 && (work[p]! & 0xc0) === 0x80) p--;
    return work.subarray(0, p).toString('utf8');
  }
  return work.subarray(0, namePos).toString('utf8') + TRUNC.slice(0, Math.max(0, ITEM_LABEL_LENGTH - 1 - namePos));
}

/** proto_item_append_text: the label is silently cut to 239 bytes (at a character boundary here). */
function cutLabel(label: string): string {
  const buf = Buffer.from(label, 'utf8');
  if (buf.length < ITEM_LABEL_LENGTH) return label;
  let p = ITEM_LABEL_LENGTH - 1;
  while (p > 0 && (buf[p]! & 0xc0) === 0x80) p--;
  return buf.subarray(0, p).toString('utf8');
}

/** The label as proto.c stores it (cut to ITEM_LABEL_LENGTH, marked " [truncated]"). */
export function label(n: PNode): string {
  const s = renderLabel(n);
  if (s.length < 60) return s;
  if (n.flags & ItemFlag.Appended) return cutLabel(s);
  // explicit texts are cut from the start; field labels after the field name
  const namePos = n.text === null && n.hf && n.hf.type !== FT.PROTOCOL && n.hf.type !== FT.NONE && !n.hf.mask ? Buffer.byteLength(n.hf.name) : 0;
  return truncateLabel(s, namePos);
}

function walk(n: PNode, depth: number, out: string[], hexForData: boolean): void {
  if (!n.children) return;
  for (const c of n.children) {
    if (c.flags & ItemFlag.Hidden) continue;
    const l = label(c);
    out.push(' '.repeat(depth * 4) + (c.flags & ItemFlag.Generated ? `[${l}]` : l) + '\n');
    // uninterpreted data is dumped in hex after its line (unless -x prints the whole packet)
    if (hexForData && c.hf === dataProto && c.buf && c.len > 0) {
      out.push('\n' + hexDump(c.buf.subarray(c.start, Math.min(c.buf.length, c.start + c.len))));
    }
    walk(c, depth + 1, out, hexForData);
  }
}

export function treeText(root: PNode, hexForData = false): string {
  const out: string[] = [];
  walk(root, 0, out, hexForData);
  return out.join('');
}
