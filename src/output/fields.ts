// -T fields: the values of the -e fields, one line per packet, with -E header/separator/occurrence/aggregator/quote/bom.
import { ConfigError, type Config } from '../cli/config.js';
import type { Packet } from '../dissect/packet.js';
import type { PNode } from '../dissect/tree.js';
import { fieldById, fieldCount, fieldsByName } from '../fields/registry.js';
import { valueText } from '../fields/repr.js';
import { collect, type Compiled } from '../filter/compile.js';
import type { FieldCollector, ValueNode } from '../filter/collector.js';
import { FT } from '../fields/types.js';
import { registerPrinter, type Printer } from './printer.js';
import { flush, out } from './stdout.js';
import { dstColumn, srcColumn, timeColumn, type SummaryOptions } from './summary.js';

/** The column pseudo-fields of tshark's default column set (exact case), by title. */
const COLUMNS = new Set(['No.', 'Time', 'Source', 'Destination', 'Protocol', 'Length', 'Info']);

function columnText(title: string, pkt: Packet, so: SummaryOptions, tsDigits: number): string {
  switch (title) {
    case 'No.': return String(pkt.num);
    case 'Time': return timeColumn(pkt, so, tsDigits);
    case 'Source': return srcColumn(pkt);
    case 'Destination': return dstColumn(pkt);
    case 'Protocol': return pkt.protocol.text;
    case 'Length': return String(pkt.len);
    case 'Info': return pkt.info.text;
    default: return '';
  }
}

/** True when `name` can be given to -e. */
export function isValidFieldName(name: string): boolean {
  if (fieldsByName(name)) return true;
  return name.startsWith('_ws.col.') && name.length > 8;
}

type Getter = { kind: 'col'; title: string } | { kind: 'field'; slot: number };

export function makeFieldsPrinter(cfg: Config): Printer | null {
  if (cfg.format !== 'fields') {
    if (cfg.fields.length && !['ek', 'json', 'jsonraw', 'pdml'].includes(cfg.format)) {
      throw new ConfigError('Output fields were specified with "-e", but "-Tek, -Tfields, -Tjson or -Tpdml" was not specified.', 1);
    }
    return null;
  }
  if (cfg.fields.length === 0) throw new ConfigError('"-Tfields" was specified, but no fields were specified with "-e".', 1);
  const bad = cfg.fields.filter(f => !isValidFieldName(f)).sort();
  if (bad.length) throw new ConfigError(`Some fields aren't valid:\n${bad.map(b => `\t${b}\n`).join('')}`.replace(/\n$/, ''), 1);
  const o = cfg.fieldsOpts;
  const so: SummaryOptions = { timeFormat: cfg.timeFormat, hms: cfg.hms, precision: cfg.timePrecision };
  const slotOf = new Map<number, number>();
  const slotByName = new Map<string, number>();
  /** The field ids of each slot (a name can have several definitions). */
  const idsOfSlot: number[][] = [];
  const getters: Getter[] = cfg.fields.map(name => {
    if (name.startsWith('_ws.col.') && !fieldsByName(name)) return { kind: 'col', title: name.slice(8) };
    let s = slotByName.get(name);
    if (s === undefined) {
      s = slotByName.size;
      slotByName.set(name, s);
      idsOfSlot.push([]);
      for (const d of fieldsByName(name)!) { slotOf.set(d.id, s); idsOfSlot[s]!.push(d.id); }
    }
    return { kind: 'field', slot: s };
  });
  const comp: Compiled = { slotOf, slots: slotByName.size, test: () => true };
  const ctx = { nodes: [] as ValueNode[][], layers: [] as number[][] };
  for (let i = 0; i < comp.slots; i++) { ctx.nodes.push([]); ctx.layers.push([]); }
  let protoCount = new Int32Array(fieldCount());
  const q = o.quote;
  const wrap = (s: string): string => (q && s !== '' ? q + s + q : s);
  let started = false;
  const start = (): void => {
    started = true;
    if (o.bom) out('\ufeff');
    if (o.header) out(cfg.fields.join(o.separator) + '\n');
  };
  // Plain values need no tree: a sparse collector keeps just these fields. A protocol's value is its label, which
  // only a real tree renders.
  // Expert and malformed items (_ws.*) are added under any protocol, sometimes after later layers: only a tree
  // gives their tree order.
  const sparseOk = [...slotOf.keys()].every(id => {
    const d = fieldById(id);
    return d.type !== FT.PROTOCOL && !d.abbrev.startsWith('_ws.');
  });
  let sparse: FieldCollector | null = null;
  return {
    needsTree: true,
    ...(sparseOk ? {
      sparseFields: [...slotOf.keys()],
      attachSparse(c: FieldCollector): void { sparse = c; },
    } : {}),
    packet(pkt: Packet, tsDigits: number): void {
      if (!started) start();
      if (pkt.root) {
        if (protoCount.length < fieldCount()) protoCount = new Int32Array(fieldCount());
        collect(pkt.root, comp, ctx as { nodes: PNode[][]; layers: number[][] }, protoCount);
      } else if (sparse) {
        for (let s = 0; s < idsOfSlot.length; s++) {
          const ids = idsOfSlot[s]!;
          if (ids.length === 1) { ctx.nodes[s] = sparse.nodes[ids[0]!]!; continue; }
          const all: ValueNode[] = [];
          for (const id of ids) for (const n of sparse.nodes[id]!) all.push(n);
          all.sort((a, b) => a.seq! - b.seq!);
          ctx.nodes[s] = all;
        }
      }
      let line = '';
      for (let i = 0; i < getters.length; i++) {
        if (i) line += o.separator;
        const g = getters[i]!;
        if (g.kind === 'col') { line += wrap(columnText(g.title, pkt, so, tsDigits)); continue; }
        const nodes = ctx.nodes[g.slot]!;
        if ((!pkt.root && !sparse) || nodes.length === 0) continue;
        let text: string;
        if (o.occurrence === 'f') text = nodeText(nodes[0]!);
        else if (o.occurrence === 'l') text = nodeText(nodes[nodes.length - 1]!);
        else {
          text = '';
          for (let j = 0; j < nodes.length; j++) { if (j) text += o.aggregator; text += nodeText(nodes[j]!); }
        }
        line += wrap(text);
      }
      out(line + '\n');
      if (cfg.lineBuffered) flush();
    },
    finish(): void { if (!started) start(); },
  };
}

function nodeText(n: ValueNode): string { return valueText(n.hf!, n.value, n); }

registerPrinter(makeFieldsPrinter);
