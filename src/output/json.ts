// -T json: the protocol tree as tshark 4.0's JSON (write_json_proto_tree): one object per packet, protocols as
// objects, every field (hidden and generated included) as "abbrev": "value", a field with children followed by
// "abbrev_tree": {...}, text-only items keyed by their label.
import type { Config } from '../cli/config.js';
import { hexBytes } from '../dissect/address.js';
import type { Packet } from '../dissect/packet.js';
import type { PNode } from '../dissect/tree.js';
import { valueText } from '../fields/repr.js';
import { FT, isStringy } from '../fields/types.js';
import { renderLabel } from './labels.js';
import { label } from './tree-text.js';
import { registerPrinter, type Printer } from './printer.js';
import { flush, out } from './stdout.js';

/** json_dumper's string escaping: quotes, backslash, control characters, and the '/' of "</". */
export function jsonString(s: string): string {
  let o = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x22: o += '\\"'; break;
      case 0x5c: o += '\\\\'; break;
      case 0x2f: o += i > 0 && s.charCodeAt(i - 1) === 0x3c ? '\\/' : '/'; break; // only "</" (json_dumper: no </script>)
      case 0x08: o += '\\b'; break;
      case 0x0c: o += '\\f'; break;
      case 0x0a: o += '\\n'; break;
      case 0x0d: o += '\\r'; break;
      case 0x09: o += '\\t'; break;
      default: o += c < 0x20 ? '\\u' + c.toString(16).padStart(4, '0') : s[i];
    }
  }
  return o + '"';
}

/** Text-only items are keyed by their label as proto.c stored it (truncated like -V shows it). */
function keyOf(n: PNode): string { return n.hf ? n.hf.abbrev : label(n); }

/** fvalue_to_string_repr(FTREPR_DISPLAY) has no text for protocols, valueless fields and text-only items. */
function hasValue(n: PNode): boolean { return !!n.hf && n.hf.type !== FT.PROTOCOL && n.hf.type !== FT.NONE; }

export function valueOf(n: PNode): string {
  if (!n.hf || !hasValue(n)) return '';
  // JSON shows byte fields colon-separated, unlike -T fields.
  if (n.hf.type === FT.BYTES || n.hf.type === FT.UINT_BYTES) {
    const b = n.value instanceof Uint8Array ? n.value : n.buf ? n.buf.subarray(n.start, n.start + n.len) : new Uint8Array(0);
    return hexBytes(b, ':');
  }
  // Strings are shown as they are (ws_escape_null: only NUL becomes "\0"), not format_text'ed like labels.
  if (isStringy(n.hf.type)) return String(n.value ?? '').replace(/\0/g, '\\0');
  return valueText(n.hf, n.value, n);
}

function writeChildren(nodes: PNode[], indent: string, o: string[]): void {
  let first = true;
  const inner = indent + '  ';
  for (const c of nodes) {
    const key = jsonString(keyOf(c));
    const kids = c.children && c.children.length ? c.children : null;
    if (!first) o.push(',\n');
    first = false;
    if (kids && !hasValue(c)) {
      o.push(`${indent}${key}: {\n`);
      writeChildren(kids, inner, o);
      o.push(`\n${indent}}`);
    } else {
      o.push(`${indent}${key}: ${jsonString(valueOf(c))}`);
      if (kids) {
        o.push(`,\n${indent}${jsonString(keyOf(c) + '_tree')}: {\n`);
        writeChildren(kids, inner, o);
        o.push(`\n${indent}}`);
      }
    }
  }
}

export function indexDate(p: Packet): string {
  const d = new Date(p.tsSec * 1000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function makeJsonPrinter(cfg: Config): Printer | null {
  if (cfg.format !== 'json') return null;
  let count = 0;
  const line = cfg.lineBuffered;
  return {
    needsTree: true,
    packet(pkt) {
      const o: string[] = [count === 0 ? '[\n' : ',\n'];
      count++;
      o.push(`  {\n    "_index": "packets-${indexDate(pkt)}",\n    "_type": "doc",\n    "_score": null,\n    "_source": {\n      "layers": {\n`);
      writeChildren(pkt.root?.children ?? [], '        ', o);
      o.push('\n      }\n    }\n  }');
      out(o.join(''));
      if (line) flush();
    },
    finish() { out(count ? '\n]\n' : '[\n]\n'); },
  };
}

registerPrinter(makeJsonPrinter);
