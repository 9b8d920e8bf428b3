// -T ek: newline-delimited JSON for Elasticsearch's bulk API, as tshark 4.0 writes it (write_ek_proto_tree in
// epan/print.c): per packet an index line, then one line with "timestamp" (ms since the epoch) and "layers". Each
// protocol is an object whose fields are flattened (no nesting below protocols) and named PROTO_FIELD with dots as
// underscores; fields that share a name under the same tree parent become one array, in order of first appearance.
// With -e, "layers" holds just those fields, each an array of values.
import { ConfigError, type Config } from '../cli/config.js';
import type { Packet } from '../dissect/packet.js';
import type { PNode } from '../dissect/tree.js';
import { fieldCount, fieldsByName } from '../fields/registry.js';
import { valueText } from '../fields/repr.js';
import { FT } from '../fields/types.js';
import { collect, type Compiled } from '../filter/compile.js';
import { isValidFieldName } from './fields.js';
import { indexDate, jsonString, valueOf } from './json.js';
import { renderLabel } from './labels.js';
import { registerPrinter, type Printer } from './printer.js';
import { flush, out } from './stdout.js';

const abbrevOf = (n: PNode): string => n.hf?.abbrev ?? 'text';
/** The member name: the field's protocol, "_", the field (protocols and text items stand alone), dots to "_". */
function memberName(n: PNode, suffix = ''): string {
  const name = n.hf && n.hf.parent && !n.hf.nameOnlyProtocol ? `${n.hf.parent}_${n.hf.abbrev}` : abbrevOf(n);
  return jsonString(name.replace(/\./g, '_') + suffix);
}

/** ek_fill_attr: the node's descendants (through non-protocol subtrees) grouped by parent+name, first seen first. */
function fillAttrs(node: PNode, groups: Map<string, PNode[]>): void {
  for (const c of node.children ?? []) {
    const key = node.hf || node.parent ? `${abbrevOf(node)}_${abbrevOf(c)}` : abbrevOf(c);
    const g = groups.get(key);
    if (g) g.push(c); else groups.set(key, [c]);
    if (c.hf?.type !== FT.PROTOCOL && c.children?.length) fillAttrs(c, groups);
  }
}

function fieldValue(n: PNode): string {
  if (!n.hf) return jsonString(n.text ?? renderLabel(n));
  switch (n.hf.type) {
    case FT.NONE: return 'null';
    case FT.BOOLEAN: {
      const v = n.value;
      return v !== 0 && v !== 0n && v !== false && v !== null ? 'true' : 'false';
    }
    case FT.ABSOLUTE_TIME: {
      const t = n.value as { sec: number; nsec: number };
      const iso = new Date(t.sec * 1000).toISOString().slice(0, 19);
      return `"${iso}.${String(t.nsec).padStart(9, '0')}Z"`;
    }
    default: return jsonString(valueOf(n));
  }
}

/** The -x "_raw" value: bitmask fields as their value in upper-case hex, others as their bytes. */
function rawValue(n: PNode): string {
  if (n.hf && n.hf.mask && (typeof n.value === 'number' || typeof n.value === 'bigint' || typeof n.value === 'boolean')) {
    const v = typeof n.value === 'boolean' ? (n.value ? 1 : 0) : n.value;
    return `"${(typeof v === 'bigint' ? v : BigInt(Math.trunc(v as number)) & 0xffffffffffffffffn).toString(16).toUpperCase()}"`;
  }
  const b = n.buf ? n.buf.subarray(n.start, n.start + n.len) : new Uint8Array(0);
  return `"${Buffer.from(b).toString('hex')}"`;
}

function writeNode(node: PNode, hex: boolean, o: string[]): void {
  const groups = new Map<string, PNode[]>();
  fillAttrs(node, groups);
  let first = true;
  for (const inst of groups.values()) {
    const n0 = inst[0]!;
    const many = inst.length > 1;
    if (hex && n0.len > 0 && n0.hf) {
      o.push(first ? '' : ',', memberName(n0, '_raw'), ':', many ? '[' : '');
      inst.forEach((n, i) => o.push(i ? ',' : '', rawValue(n)));
      if (many) o.push(']');
      first = false;
    }
    o.push(first ? '' : ',', memberName(n0), ':', many ? '[' : '');
    first = false;
    inst.forEach((n, i) => {
      if (i) o.push(',');
      if (n.hf?.type === FT.PROTOCOL) { o.push('{'); writeNode(n, hex, o); o.push('}'); } else o.push(fieldValue(n));
    });
    if (many) o.push(']');
  }
}

function header(pkt: Packet): string {
  return `{"index":{"_index":"packets-${indexDate(pkt)}","_type":"doc"}}\n{"timestamp":"${pkt.tsSec}${String(Math.floor(pkt.tsNsec / 1e6)).padStart(3, '0')}"`;
}

export function makeEkPrinter(cfg: Config): Printer | null {
  if (cfg.format !== 'ek') return null;
  const line = cfg.lineBuffered;
  if (cfg.fields.length) {
    const bad = cfg.fields.filter(f => !isValidFieldName(f) || f.startsWith('_ws.col.')).sort();
    if (bad.length) throw new ConfigError(`Some fields aren't valid:\n${bad.map(b => `\t${b}\n`).join('')}`.replace(/\n$/, ''), 1);
    const names = [...new Set(cfg.fields)];
    const slotOf = new Map<number, number>();
    names.forEach((name, s) => { for (const d of fieldsByName(name)!) slotOf.set(d.id, s); });
    const comp: Compiled = { slotOf, slots: names.length, test: () => true };
    const ctx = { nodes: names.map(() => [] as PNode[]), layers: names.map(() => [] as number[]) };
    let protoCount = new Int32Array(fieldCount());
    return {
      needsTree: true,
      packet(pkt) {
        if (protoCount.length < fieldCount()) protoCount = new Int32Array(fieldCount());
        if (pkt.root) collect(pkt.root, comp, ctx, protoCount);
        const parts: string[] = [];
        names.forEach((name, s) => {
          const nodes = pkt.root ? ctx.nodes[s]! : [];
          if (nodes.length) parts.push(`${jsonString(name.replace(/\./g, '_'))}:[${nodes.map(n => jsonString(valueText(n.hf!, n.value, n))).join(',')}]`);
        });
        out(`${header(pkt)},"layers":{${parts.join(',')}}}\n`);
        if (line) flush();
      },
      finish() {},
    };
  }
  return {
    needsTree: true,
    packet(pkt) {
      const o: string[] = [header(pkt)];
      if (pkt.root) { o.push(',"layers":{'); writeNode(pkt.root, cfg.hexdump, o); o.push('}'); }
      o.push('}\n');
      out(o.join(''));
      if (line) flush();
    },
    finish() {},
  };
}

registerPrinter(makeEkPrinter);
