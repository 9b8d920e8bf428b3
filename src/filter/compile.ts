// Semantic check and code generation for display filters (Wireshark 4.0's semcheck.c + gencode.c + dfvm.c,
// rewritten): names are resolved through the field registry, literals are converted to the type of the
// field they are compared with (tshark's messages on failure), and the filter becomes a tree of closures
// evaluated over the field occurrences collected from the protocol tree in one walk.
import type { Packet } from '../dissect/packet.js';
import { NsTime } from '../dissect/time.js';
import type { PNode } from '../dissect/tree.js';
import { fieldsByName, fieldCount } from '../fields/registry.js';
import { valueText } from '../fields/repr.js';
import { FT, FT_NAMES, type FieldDef, isSigned, isStringy } from '../fields/types.js';
import type { CompiledFilter } from './api.js';
import { FilterError } from './api.js';
import type { FieldCollector, ValueNode } from './collector.js';
import { SyntaxErr } from './lexer.js';
import { type Node, parseFilter, type RangeSpec, type SetItem, span } from './parser.js';

/** Value kinds the evaluator compares. */
const enum K { INT, FLOAT, IPV4, IPV6, BYTES, STRING, ABSTIME, RELTIME, NONE }
type Val = number | string | Uint8Array | bigint;

/** Per-packet state: the tree nodes of each referenced field, and their protocol layer numbers. */
interface Ctx { nodes: ValueNode[][]; layers: number[][]; }
type Eval = (c: Ctx) => Val[];

interface Expr {
  kind: K;
  /** The field when the expression is a plain field (for value strings, type names, messages). */
  hf: FieldDef | null;
  ev: Eval;
  /** True when the expression contains no field (a constant). */
  isConst: boolean;
  /** For IPv4/IPv6 literals with a prefix: netmask bits per value (same order as ev's values). */
  bits?: number;
}

export function ftypeName(t: FT): string {
  switch (t) {
    case FT.NONE: return 'Label';
    case FT.PROTOCOL: return 'Protocol';
    case FT.BOOLEAN: return 'Boolean';
    case FT.CHAR: return 'Character (1 byte)';
    case FT.UINT8: return 'Unsigned integer (1 byte)';
    case FT.UINT16: return 'Unsigned integer (2 bytes)';
    case FT.UINT24: return 'Unsigned integer (3 bytes)';
    case FT.UINT32: return 'Unsigned integer (4 bytes)';
    case FT.UINT40: return 'Unsigned integer (5 bytes)';
    case FT.UINT48: return 'Unsigned integer (6 bytes)';
    case FT.UINT56: return 'Unsigned integer (7 bytes)';
    case FT.UINT64: return 'Unsigned integer (8 bytes)';
    case FT.INT8: return 'Signed integer (1 byte)';
    case FT.INT16: return 'Signed integer (2 bytes)';
    case FT.INT24: return 'Signed integer (3 bytes)';
    case FT.INT32: return 'Signed integer (4 bytes)';
    case FT.INT40: return 'Signed integer (5 bytes)';
    case FT.INT48: return 'Signed integer (6 bytes)';
    case FT.INT56: return 'Signed integer (7 bytes)';
    case FT.INT64: return 'Signed integer (8 bytes)';
    case FT.FLOAT: return 'Floating point (single-precision)';
    case FT.DOUBLE: return 'Floating point (double-precision)';
    case FT.ABSOLUTE_TIME: return 'Date and time';
    case FT.RELATIVE_TIME: return 'Time offset';
    case FT.STRING: case FT.STRINGZ: case FT.UINT_STRING: case FT.STRINGZPAD: case FT.STRINGZTRUNC: return 'Character string';
    case FT.ETHER: return 'Ethernet or other MAC address';
    case FT.BYTES: case FT.UINT_BYTES: return 'Byte sequence';
    case FT.IPv4: return 'IPv4 address';
    case FT.IPv6: return 'IPv6 address';
    case FT.FRAMENUM: return 'Frame number';
    case FT.GUID: return 'Globally Unique Identifier';
    case FT.OID: return 'ASN.1 object identifier';
    case FT.EUI64: return 'EUI64 address';
    default: return 'Unknown';
  }
}

function kindOf(t: FT): K {
  switch (t) {
    case FT.BOOLEAN: case FT.CHAR: case FT.FRAMENUM: return K.INT;
    case FT.FLOAT: case FT.DOUBLE: return K.FLOAT;
    case FT.IPv4: return K.IPV4;
    case FT.IPv6: return K.IPV6;
    case FT.ABSOLUTE_TIME: return K.ABSTIME;
    case FT.RELATIVE_TIME: return K.RELTIME;
    case FT.NONE: return K.NONE;
    default:
      if (t >= FT.UINT8 && t <= FT.INT64) return K.INT;
      if (isStringy(t)) return K.STRING;
      return K.BYTES;
  }
}

/** Largest value of an unsigned type / range of a signed one. */
function intRange(t: FT): [number, number] {
  switch (t) {
    case FT.UINT8: case FT.CHAR: return [0, 0xff];
    case FT.UINT16: return [0, 0xffff];
    case FT.UINT24: return [0, 0xffffff];
    case FT.UINT32: case FT.FRAMENUM: return [0, 0xffffffff];
    case FT.UINT40: return [0, 2 ** 40 - 1];
    case FT.UINT48: return [0, 2 ** 48 - 1];
    case FT.INT8: return [-128, 127];
    case FT.INT16: return [-32768, 32767];
    case FT.INT24: return [-(2 ** 23), 2 ** 23 - 1];
    case FT.INT32: return [-(2 ** 31), 2 ** 31 - 1];
    default: return [-Infinity, Infinity];
  }
}

/** Fields whose value strings 4.0 does not search (extended value strings). */
const EXT_STRINGS = new Set(['dns.qry.type', 'dns.resp.type', 'dns.qry.class', 'dns.resp.class']);

class Failure extends Error {
  constructor(message: string, readonly pos: number, readonly len: number) { super(message); }
}

// ---------------------------------------------------------------- values from the tree

const utf8 = new TextEncoder();
function toBytes(v: Val, k: K): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return utf8.encode(v);
  if (k === K.IPV4 && typeof v === 'number') return new Uint8Array([v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255]);
  return new Uint8Array(0);
}

function nodeValue(n: ValueNode, k: K): Val {
  const v = n.value;
  switch (k) {
    case K.INT:
      if (typeof v === 'number') return v;
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v === 'bigint') return Number(v);
      return 0;
    case K.FLOAT: return typeof v === 'number' ? v : Number(v);
    case K.IPV4:
      if (typeof v === 'number') return v;
      if (v instanceof Uint8Array) return ((v[0]! << 24) | (v[1]! << 16) | (v[2]! << 8) | v[3]!) >>> 0;
      return 0;
    case K.IPV6: case K.BYTES:
      if (v instanceof Uint8Array) return v;
      if (typeof v === 'string') return utf8.encode(v);
      return n.buf ? n.buf.subarray(n.start, n.start + n.len) : new Uint8Array(0);
    case K.STRING: return typeof v === 'string' ? v : v instanceof Uint8Array ? String.fromCharCode(...v) : String(v ?? '');
    case K.ABSTIME: return v instanceof NsTime ? BigInt(v.sec) * 1000000000n + BigInt(v.nsec) : 0n;
    case K.RELTIME: return v instanceof NsTime ? v.sec * 1e9 + v.nsec : typeof v === 'number' ? Math.round(v * 1e9) : 0;
    default: return 0;
  }
}

// ---------------------------------------------------------------- comparisons

function cmpBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
function cmp(a: Val, b: Val): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return cmpBytes(a, b);
  if (typeof a === 'string' && b instanceof Uint8Array) return cmpBytes(utf8.encode(a), b);
  if (a instanceof Uint8Array && typeof b === 'string') return cmpBytes(a, utf8.encode(b));
  return Number(a) - Number(b);
}

function prefixEq(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  let i = 0;
  for (; bits >= 8; bits -= 8, i++) if (a[i] !== b[i]) return false;
  if (bits > 0) { const m = (0xff << (8 - bits)) & 0xff; if ((a[i]! & m) !== (b[i]! & m)) return false; }
  return true;
}

function makeEq(k: K, bits: number | undefined): (a: Val, b: Val) => boolean {
  if (k === K.IPV4 && bits !== undefined && bits < 32) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return (a, b) => (((a as number) ^ (b as number)) & mask) === 0;
  }
  if (k === K.IPV6 && bits !== undefined && bits < 128) return (a, b) => prefixEq(a as Uint8Array, b as Uint8Array, bits);
  return (a, b) => cmp(a, b) === 0;
}

function contains(a: Val, b: Val): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.includes(b);
  const x = a instanceof Uint8Array ? a : toBytes(a, K.STRING), y = b instanceof Uint8Array ? b : toBytes(b, K.STRING);
  if (y.length === 0) return true;
  outer: for (let i = 0; i + y.length <= x.length; i++) {
    for (let j = 0; j < y.length; j++) if (x[i + j] !== y[j]) continue outer;
    return true;
  }
  return false;
}

function latin1(v: Val): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) { let s = ''; for (let i = 0; i < v.length; i++) s += String.fromCharCode(v[i]!); return s; }
  return String(v);
}

/** A PCRE pattern as a JS RegExp: leading (?i) and friends become flags. */
export function pcreToRegExp(p: string): RegExp {
  // 4.0 compiles with PCRE2_CASELESS: matching ignores case unless the pattern says (?-i)
  let caseless = true, dotall = false, multi = false;
  let m: RegExpExecArray | null;
  while ((m = /^\(\?([imsx]*)(?:-([imsx]+))?\)/.exec(p)) && (m[1] || m[2])) {
    for (const f of m[1]!) { if (f === 'i') caseless = true; if (f === 's') dotall = true; if (f === 'm') multi = true; }
    for (const f of m[2] ?? '') { if (f === 'i') caseless = false; if (f === 's') dotall = false; if (f === 'm') multi = false; }
    p = p.slice(m[0].length);
  }
  const flags = (caseless ? 'i' : '') + (dotall ? 's' : '') + (multi ? 'm' : '');
  // PCRE-only syntax JS lacks: possessive quantifiers and atomic groups degrade to their greedy forms
  p = p.replace(/\(\?>/g, '(?:').replace(/([*+?}])\+/g, '$1');
  p = p.replace(/\\A/g, '^').replace(/\\[zZ]/g, '$');
  return new RegExp(p, flags);
}

/** PCRE2's wording for the JS RegExp errors a pattern can raise. */
function pcreMessage(js: string): string {
  const m = /: ([^:]+)$/.exec(js);
  const why = m ? m[1]! : js;
  if (/Unterminated group/.test(why)) return 'missing closing parenthesis';
  if (/Unterminated character class/.test(why)) return 'missing terminating ] for character class';
  if (/Unmatched '\)'/.test(why)) return 'unmatched closing parenthesis';
  if (/Nothing to repeat/.test(why)) return 'quantifier does not follow a repeatable item';
  if (/\\ at end of pattern/.test(why)) return '\\ at end of pattern';
  if (/numbers out of order/.test(why)) return 'numbers out of order in {} quantifier';
  if (/Range out of order/.test(why)) return 'range out of order in character class';
  return why.toLowerCase();
}

// ---------------------------------------------------------------- literals

function quoteText(n: Node): string {
  return n.k === 'word' || n.k === 'string' || n.k === 'char' || n.k === 'ref' ? n.tok.text : n.tok.text;
}

function parseIntLit(s: string): number | null {
  let neg = false, t = s;
  if (t.startsWith('-')) { neg = true; t = t.slice(1); } else if (t.startsWith('+')) t = t.slice(1);
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) v = parseInt(t.slice(2), 16);
  else if (/^0[bB][01]+$/.test(t)) v = parseInt(t.slice(2), 2);
  else if (/^0[0-7]+$/.test(t)) v = parseInt(t, 8);
  else if (/^[0-9]+$/.test(t)) v = parseInt(t, 10);
  else return null;
  return neg ? -v : v;
}

function lookupName(hf: FieldDef, s: string): number | null {
  const low = s.toLowerCase();
  if (hf.type === FT.BOOLEAN) {
    if (s === 'True' || s === 'TRUE') return 1;
    if (s === 'False' || s === 'FALSE') return 0;
    if (hf.tfs) {
      if (hf.tfs.t.toLowerCase() === low) return 1;
      if (hf.tfs.f.toLowerCase() === low) return 0;
    }
    return null;
  }
  if (EXT_STRINGS.has(hf.abbrev)) return null;
  if (hf.strings) for (const [k, v] of hf.strings) if (v.toLowerCase() === low) return k;
  if (hf.ranges) for (const [lo, , v] of hf.ranges) if (v.toLowerCase() === low) return lo;
  return null;
}

function parseBytes(s: string): Uint8Array | null {
  if (/^[0-9a-fA-F]{1,2}$/.test(s)) return new Uint8Array([parseInt(s, 16)]);
  const m = /^[0-9a-fA-F]{1,2}(([:.-])[0-9a-fA-F]{1,2})*$/.exec(s);
  if (m) {
    const sep = m[2];
    const parts = sep ? s.split(sep) : [s];
    return new Uint8Array(parts.map(p => parseInt(p, 16)));
  }
  if (/^([0-9a-fA-F]{2})+$/.test(s) && s.length > 2) {
    const out = new Uint8Array(s.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
    return out;
  }
  return null;
}

function parseEther(s: string): Uint8Array | null {
  const q = /^([0-9a-fA-F]{4})\.([0-9a-fA-F]{4})\.([0-9a-fA-F]{4})$/.exec(s);
  if (q) return parseBytes(q.slice(1).join(''));
  return parseBytes(s);
}

function parseIPv4(s: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const o = m.slice(1).map(Number);
  if (o.some(x => x > 255)) return null;
  return ((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0;
}

export function parseIPv6(s: string): Uint8Array | null {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':')) return null;
  let tail: number[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const n = parseIPv4(v4[1]!);
    if (n === null) return null;
    tail = [(n >>> 16) & 0xffff, n & 0xffff];
    s = s.slice(0, -v4[1]!.length);
    if (s.endsWith(':') && !s.endsWith('::')) s = s.slice(0, -1);
  }
  const dbl = s.indexOf('::');
  if (dbl !== s.lastIndexOf('::')) return null;
  const words = (x: string): number[] | null => {
    if (x === '') return [];
    const out: number[] = [];
    for (const p of x.split(':')) { if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return null; out.push(parseInt(p, 16)); }
    return out;
  };
  let all: number[];
  if (dbl >= 0) {
    const a = words(s.slice(0, dbl)), b = words(s.slice(dbl + 2));
    if (!a || !b) return null;
    const fill = 8 - a.length - b.length - tail.length;
    if (fill < 1) return null;
    all = [...a, ...new Array<number>(fill).fill(0), ...b, ...tail];
  } else {
    const a = words(s);
    if (!a) return null;
    all = [...a, ...tail];
  }
  if (all.length !== 8) return null;
  const out = new Uint8Array(16);
  all.forEach((w, i) => { out[2 * i] = w >> 8; out[2 * i + 1] = w & 255; });
  return out;
}

const MON: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };
function parseAbsTime(s: string): bigint | null {
  let t = s.trim();
  let utc = false;
  if (/\s*(UTC|Z)$/.test(t)) { utc = true; t = t.replace(/\s*(UTC|Z)$/, ''); }
  let y: number, mo: number, d: number, rest: string;
  let m = /^([A-Za-z]{3})\s+(\d{1,2}),\s*(\d{4})\s+(.*)$/.exec(t);
  if (m) {
    const mm = MON[m[1]!.toLowerCase()];
    if (mm === undefined) return null;
    mo = mm; d = +m[2]!; y = +m[3]!; rest = m[4]!;
  } else if ((m = /^(\d{4})-(\d{2})-(\d{2})[ T](.*)$/.exec(t))) {
    y = +m[1]!; mo = +m[2]! - 1; d = +m[3]!; rest = m[4]!;
  } else return null;
  const tm = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/.exec(rest.trim());
  if (!tm) return null;
  const h = +tm[1]!, mi = +tm[2]!, sec = tm[3] ? +tm[3] : 0;
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return null;
  const ns = tm[4] ? BigInt(tm[4].padEnd(9, '0')) : 0n;
  const ms = utc ? Date.UTC(y, mo, d, h, mi, sec) : new Date(y, mo, d, h, mi, sec).getTime();
  if (!Number.isFinite(ms)) return null;
  return BigInt(Math.floor(ms / 1000)) * 1000000000n + ns;
}

function parseRelTime(s: string): number | null {
  const m = /^(-?)(\d*)(?:\.(\d{1,9})\d*)?$/.exec(s);
  if (!m || (m[2] === '' && m[3] === undefined)) return null;
  const v = (m[2] ? +m[2] : 0) * 1e9 + (m[3] ? +m[3].padEnd(9, '0') : 0);
  return m[1] ? -v : v;
}

// ---------------------------------------------------------------- the compiler

interface Ref { slot: number; hf: FieldDef; layer: RangeSpec[] | null }

export interface Compiled {
  /** Field ids wanted, mapped to their slot. */
  slotOf: Map<number, number>;
  slots: number;
  test: (c: Ctx) => boolean;
}

class Compiler {
  readonly slotOf = new Map<number, number>();
  private slotByName = new Map<string, number>();
  slots = 0;

  private slotFor(name: string, defs: readonly FieldDef[]): number {
    let s = this.slotByName.get(name);
    if (s === undefined) {
      s = this.slots++;
      this.slotByName.set(name, s);
      for (const d of defs) this.slotOf.set(d.id, s);
    }
    return s;
  }

  test(n: Node): (c: Ctx) => boolean {
    switch (n.k) {
      case 'and': { const a = this.test(n.a), b = this.test(n.b); return c => a(c) && b(c); }
      case 'or': { const a = this.test(n.a), b = this.test(n.b); return c => a(c) || b(c); }
      case 'not': { const a = this.test(n.a); return c => !a(c); }
      case 'test': return this.relation(n.op, n.a, n.b, n.op === 'contains' || n.op === 'matches' ? n.tok.text : `"${n.tok.text}"`);
      case 'in': return this.membership(n.a, n.items, n.neg);
      default: return this.exists(n);
    }
  }

  private exists(n: Node): (c: Ctx) => boolean {
    if (n.k === 'word') {
      const defs = fieldsByName(n.tok.value);
      if (!defs) throw new Failure(`${n.tok.text} is neither a field nor a protocol name.`, n.tok.pos, n.tok.len);
      const e = this.field(n, defs);
      return c => e.ev(c).length > 0;
    }
    if (n.k === 'string' || n.k === 'char') throw new Failure(`${n.tok.text} is neither a field nor a protocol name.`, n.tok.pos, n.tok.len);
    if (n.k === 'func') {
      if (!FUNCTIONS.has(n.name.toLowerCase())) throw new Failure(`Function '${n.name}' does not exist`, n.tok.pos, n.tok.len);
      throw new Failure('You cannot test whether a function is present.', n.tok.pos, n.tok.len);
    }
    if (n.k === 'slice') { const e = this.value(n, null); return c => e.ev(c).length > 0; }
    if (n.k === 'arith' || n.k === 'neg') {
      const e = this.value(n, null);
      return c => e.ev(c).some(v => v instanceof Uint8Array ? v.some(x => x !== 0) : v !== 0 && v !== 0n);
    }
    if (n.k === 'ref') return () => false;
    throw new Failure(`${(n as { tok: { text: string } }).tok.text} was unexpected in this context.`, 0, 0);
  }

  private field(n: Node & { k: 'word' }, defs: readonly FieldDef[]): Expr {
    const hf = defs[0]!;
    const ref: Ref = { slot: this.slotFor(n.tok.value, defs), hf, layer: n.layer };
    const k = kindOf(hf.type);
    const slot = ref.slot;
    let layerOk: ((l: number) => boolean) | null = null;
    if (n.layer) {
      const specs = n.layer.map(r => parseRange(r));
      layerOk = l => specs.some(([s, e]) => l >= s && (e === null || l <= e));
    }
    const ev: Eval = layerOk
      ? c => {
        const ns = c.nodes[slot]!, ls = c.layers[slot]!, out: Val[] = [];
        for (let i = 0; i < ns.length; i++) if (layerOk!(ls[i]!)) out.push(nodeValue(ns[i]!, k));
        return out;
      }
      : c => {
        const ns = c.nodes[slot]!;
        if (ns.length === 0) return EMPTY;
        const out: Val[] = new Array(ns.length);
        for (let i = 0; i < ns.length; i++) out[i] = nodeValue(ns[i]!, k);
        return out;
      };
    return { kind: k, hf, ev, isConst: false };
  }

  /** Compiles a value expression; `want` gives the type that literals are converted to. */
  private value(n: Node, want: Expr | null): Expr {
    switch (n.k) {
      case 'word': {
        const defs = fieldsByName(n.tok.value);
        if (defs) return this.field(n, defs);
        if (!want) throw new Failure(`${n.tok.text} is neither a field nor a protocol name.`, n.tok.pos, n.tok.len);
        return this.literal(n.tok.value, false, n, want);
      }
      case 'string':
        if (!want) throw new Failure(`${n.tok.text} is neither a field nor a protocol name.`, n.tok.pos, n.tok.len);
        return this.literal(n.tok.value, true, n, want);
      case 'char': {
        if (!want) throw new Failure(`${n.tok.text} is neither a field nor a protocol name.`, n.tok.pos, n.tok.len);
        const code = charValue(n.tok.value);
        if (code === null) {
          const long = n.tok.value.length > 1 && !n.tok.value.startsWith('\\');
          throw new Failure(`${n.tok.text} is ${long ? 'too long to be' : 'not'} a valid character constant.`, n.tok.pos, n.tok.len);
        }
        if (want.kind === K.INT || want.kind === K.FLOAT) return konst(want.kind, [code]);
        if (want.kind === K.STRING) return konst(K.STRING, [String.fromCharCode(code)]);
        if (want.kind === K.BYTES) return konst(K.BYTES, [new Uint8Array([code])]);
        throw new Failure(`${want.hf ? ftypeName(want.hf.type) : 'Value'} cannot be converted from a character constant (${n.tok.text}).`, n.tok.pos, n.tok.len);
      }
      case 'ref': {
        const defs = fieldsByName(n.name);
        if (!defs) throw new Failure(`${n.name} is not a valid field.`, n.tok.pos, n.tok.len);
        return { kind: kindOf(defs[0]!.type), hf: defs[0]!, ev: () => EMPTY, isConst: false };
      }
      case 'slice': {
        const inner = this.value(n.a, null);
        if (inner.kind !== K.BYTES && inner.kind !== K.STRING && inner.kind !== K.IPV4 && inner.kind !== K.IPV6) {
          const sp = n.a.k === 'word' ? n.a.tok : n.tok;
          throw new Failure(`"${sp.text}" is a ${inner.hf ? ftypeName(inner.hf.type) : 'value'} and cannot be sliced into a sequence of bytes.`, sp.pos, sp.len);
        }
        const specs = n.ranges.map(r => parseRange(r));
        const ik = inner.kind;
        const ev: Eval = c => {
          const out: Val[] = [];
          for (const v of inner.ev(c)) {
            const b = toBytes(v, ik);
            const r = applySlice(b, specs);
            if (r) out.push(r);
          }
          return out;
        };
        return { kind: K.BYTES, hf: null, ev, isConst: false };
      }
      case 'func': return this.func(n, want);
      case 'neg': {
        const a = this.value(n.a, want);
        if (a.kind !== K.INT && a.kind !== K.FLOAT && a.kind !== K.RELTIME) throw new Failure(`Constant expression is invalid on the LHS.`, n.tok.pos, n.tok.len);
        return { ...a, hf: a.hf, ev: c => a.ev(c).map(v => -(v as number)), isConst: a.isConst };
      }
      case 'arith': {
        const a = this.value(n.a, want);
        if (a.kind !== K.INT && a.kind !== K.FLOAT && a.kind !== K.RELTIME && !(n.op === '&' && a.kind === K.BYTES)) {
          const ft = a.hf ? a.hf.type : want?.hf?.type;
          const sp = span(n.a);
          throw new Failure(`${ft !== undefined ? FT_NAMES[ft] : 'FT_NONE'} cannot ${n.op}.`, sp.pos, sp.len);
        }
        const b = this.value(n.b, a.isConst && want ? want : a);
        const k = a.kind;
        if (n.op === '&' && k === K.BYTES) {
          const ev: Eval = c => {
            const la = a.ev(c); if (la.length === 0) return EMPTY;
            const lb = b.ev(c); if (lb.length === 0) return EMPTY;
            const out: Val[] = [];
            for (const x of la) for (const y of lb) {
              const xb = x as Uint8Array, yb = y as Uint8Array, r = new Uint8Array(Math.min(xb.length, yb.length));
              for (let i = 0; i < r.length; i++) r[i] = xb[i]! & yb[i]!;
              out.push(r);
            }
            return out;
          };
          return { kind: k, hf: null, ev, isConst: a.isConst && b.isConst };
        }
        if (k !== K.INT && k !== K.FLOAT && k !== K.RELTIME) {
          const ft = a.hf ? a.hf.type : want?.hf?.type;
          const sp = span(n.a);
          throw new Failure(`${ft !== undefined ? FT_NAMES[ft] : 'FT_NONE'} cannot ${n.op}.`, sp.pos, sp.len);
        }
        const op = arithOp(n.op, k);
        const ev: Eval = c => {
          const la = a.ev(c); if (la.length === 0) return EMPTY;
          const lb = b.ev(c); if (lb.length === 0) return EMPTY;
          const out: Val[] = [];
          for (const x of la) for (const y of lb) { const r = op(x as number, y as number); if (r !== null) out.push(r); }
          return out;
        };
        return { kind: k, hf: a.hf, ev, isConst: a.isConst && b.isConst };
      }
      default: {
        const t = (n as { tok: { text: string; pos: number; len: number } }).tok;
        throw new Failure(`"${t.text}" was unexpected in this context.`, t.pos, t.len);
      }
    }
  }

  private func(n: Node & { k: 'func' }, want: Expr | null): Expr {
    const name = n.name.toLowerCase();
    const argc = (min: number, max: number): void => {
      if (n.args.length < min) throw new Failure(`Function ${name} needs at least ${min} arguments.`, n.tok.pos, n.tok.len);
      if (n.args.length > max) throw new Failure(`Function ${name} can only accept ${max} arguments.`, n.tok.pos, n.tok.len);
    };
    switch (name) {
      case 'len': {
        argc(1, 1);
        const a = this.value(n.args[0]!, null);
        const ak = a.kind;
        return {
          kind: K.INT, hf: null, isConst: false,
          ev: c => a.ev(c).map(v => typeof v === 'string' ? utf8.encode(v).length : v instanceof Uint8Array ? v.length : ak === K.IPV4 ? 4 : 0),
        };
      }
      case 'count': {
        argc(1, 1);
        const a0 = n.args[0]!;
        if (a0.k !== 'word' || !fieldsByName(a0.tok.value)) throw new Failure('Only fields can be used as parameter for count()', a0.tok.pos, a0.tok.len);
        const a = this.value(a0, null);
        return { kind: K.INT, hf: null, isConst: false, ev: c => { const l = a.ev(c).length; return l ? [l] : EMPTY; } };
      }
      case 'lower': case 'upper': {
        argc(1, 1);
        const a = this.value(n.args[0]!, null);
        if (a.kind !== K.STRING) throw new Failure(`Only string type fields can be used as parameter for ${name}()`, n.args[0]!.tok.pos, n.args[0]!.tok.len);
        const up = name === 'upper';
        return { kind: K.STRING, hf: null, isConst: false, ev: c => a.ev(c).map(v => up ? (v as string).toUpperCase() : (v as string).toLowerCase()) };
      }
      case 'string': {
        argc(1, 1);
        const a0 = n.args[0]!;
        if (a0.k !== 'word' || !fieldsByName(a0.tok.value)) throw new Failure(`Argument '${a0.tok.text}' is not valid for string()`, a0.tok.pos, a0.tok.len);
        const defs = fieldsByName(a0.tok.value)!;
        const slot = this.slotFor(a0.tok.value, defs);
        const hf = defs[0]!;
        return { kind: K.STRING, hf: null, isConst: false, ev: c => c.nodes[slot]!.map(nd => valueText(nd.hf ?? hf, nd.value, nd)) };
      }
      case 'max': case 'min': {
        argc(1, Infinity);
        const isLit = (a: Node): boolean => a.k === 'string' || a.k === 'char' || (a.k === 'word' && !fieldsByName(a.tok.value));
        const firstField = n.args.find(a => !isLit(a));
        const typed = firstField ? this.value(firstField, want) : want;
        const args = n.args.map(a => this.value(a, isLit(a) ? typed : want));
        const k = args.find(a => !a.isConst)?.kind ?? args[0]!.kind;
        const isMax = name === 'max';
        return {
          kind: k, hf: args.find(a => a.hf)?.hf ?? null, isConst: args.every(a => a.isConst),
          ev: c => {
            let best: Val | null = null;
            for (const a of args) for (const v of a.ev(c)) if (best === null || (isMax ? cmp(v, best) > 0 : cmp(v, best) < 0)) best = v;
            return best === null ? EMPTY : [best];
          },
        };
      }
      case 'abs': {
        argc(1, 1);
        const a = this.value(n.args[0]!, want);
        return { ...a, ev: c => a.ev(c).map(v => typeof v === 'number' ? Math.abs(v) : v) };
      }
      default: throw new Failure(`Function '${n.name}' does not exist`, n.tok.pos, n.tok.len);
    }
  }

  private literal(text: string, quoted: boolean, n: Node, want: Expr): Expr {
    const tok = (n as { tok: { text: string; pos: number; len: number } }).tok;
    const fail = (m: string): never => { throw new Failure(m, tok.pos, tok.len); };
    const hf = want.hf;
    const tn = hf ? ftypeName(hf.type) : kindName(want.kind);
    const fromString = (): never => fail(`${tn} cannot be converted from a string ("${text}").`);
    switch (want.kind) {
      case K.INT: {
        if (!quoted) {
          const v = parseIntLit(text);
          if (v !== null) {
            if (hf) {
              const [lo, hi] = intRange(hf.type);
              if (v > hi) fail(`"${text}" too big for this field, maximum ${hi}.`);
              if (v < lo) fail(`"${text}" too small for this field, minimum ${lo}.`);
              if (hf.type === FT.BOOLEAN) return konst(K.INT, [v !== 0 ? 1 : 0]);
            }
            return konst(K.INT, [v]);
          }
        }
        if (hf && (hf.strings || hf.ranges || hf.type === FT.BOOLEAN)) {
          const v = lookupName(hf, text);
          if (v !== null) return konst(K.INT, [v]);
          return fail(`"${text}" cannot be found among the possible values for ${hf.abbrev}.`);
        }
        if (quoted) return fromString();
        return fail(`"${text}" is not a valid number.`);
      }
      case K.FLOAT: {
        if (quoted) return fromString();
        if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) && !/^0[xX][0-9a-fA-F]+$/.test(text)) fail(`"${text}" is not a valid floating-point number.`);
        return konst(K.FLOAT, [Number(text)]);
      }
      case K.IPV4: {
        if (quoted) return fromString();
        const m = /^([^/]+)(?:\/(\d+))?$/.exec(text);
        const a = m ? parseIPv4(m[1]!) : null;
        if (a === null) return fail(`"${text}" is not a valid hostname or IPv4 address.`);
        if (m![2] !== undefined) {
          const bits = +m![2];
          if (bits > 32) fail(`Netmask bits in a CIDR IPv4 address should be <= 32, not ${bits}`);
          const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
          return { ...konst(K.IPV4, [(a & mask) >>> 0]), bits };
        }
        return konst(K.IPV4, [a]);
      }
      case K.IPV6: {
        if (quoted) return fromString();
        const m = /^([^/]+)(?:\/(\d+))?$/.exec(text);
        const a = m ? parseIPv6(m[1]!) : null;
        if (a === null) return fail(`"${text}" is not a valid hostname or IPv6 address.`);
        if (m![2] !== undefined) {
          const bits = +m![2];
          if (bits > 128) fail(`Prefix in a IPv6 address should be <= 128, not ${bits}`);
          return { ...konst(K.IPV6, [a]), bits };
        }
        return konst(K.IPV6, [a]);
      }
      case K.BYTES: {
        if (hf && hf.type === FT.ETHER) {
          if (quoted) return fromString();
          const b = parseEther(text);
          if (!b) return fail(`"${text}" is not a valid Ethernet address.`);
          if (b.length < 6) fail(`"${text}" contains too few bytes to be a valid Ethernet address.`);
          if (b.length > 6) fail(`"${text}" contains too many bytes to be a valid Ethernet address.`);
          return konst(K.BYTES, [b]);
        }
        if (quoted) return konst(K.BYTES, [latin1Bytes(text)]);
        let b = parseBytes(text.startsWith(':') ? text.slice(1) : text);
        if (!b) {
          const v = parseIntLit(text);
          if (v !== null && v >= 0 && v <= 0xff) b = new Uint8Array([v]);
        }
        if (!b) return fail(`"${text}" is not a valid byte string.`);
        return konst(K.BYTES, [b]);
      }
      case K.STRING:
        return konst(K.STRING, [text]);
      case K.ABSTIME: {
        const v = parseAbsTime(text);
        if (v === null) return fail(`"${text}" is not a valid absolute time. Example: "Nov 12, 1999 08:55:44.123" or "2011-07-04 12:34:56"`);
        return konst(K.ABSTIME, [v]);
      }
      case K.RELTIME: {
        if (quoted) return fromString();
        const v = parseRelTime(text);
        if (v === null) return fail(`"${text}" is not a valid time.`);
        return konst(K.RELTIME, [v]);
      }
      default:
        return fail(`"${text}" cannot be converted to ${tn}.`);
    }
  }

  /** The left side of a comparison: a field, function, slice or an arithmetic expression over one. */
  private lhs(n: Node, op: string): Expr {
    if (n.k === 'word' && !fieldsByName(n.tok.value)) throw new Failure(`Left side of ${op} expression must be a field or function, not ${n.tok.text}.`, n.tok.pos, n.tok.len);
    if (n.k === 'string' || n.k === 'char') throw new Failure(`Left side of ${op} expression must be a field or function, not ${n.tok.text}.`, n.tok.pos, n.tok.len);
    if (n.k === 'neg' || n.k === 'arith' || (n.k === 'func' && ['abs', 'max', 'min'].includes(n.name.toLowerCase()) && n.args.length)) {
      const c = constantOnly(n);
      if (c) throw new Failure('Constant arithmetic expression on the LHS is invalid.', c.tok.pos, c.tok.len);
    }
    const e = this.value(n, null);
    if (e.isConst) throw new Failure('Constant arithmetic expression on the LHS is invalid.', n.tok.pos, n.tok.len);
    return e;
  }

  private relation(op: string, an: Node, bn: Node, opText: string): (c: Ctx) => boolean {
    let a = this.lhs(an, opText);
    if (a.kind === K.NONE) throw new Failure(`${a.hf!.abbrev} is a ${ftypeName(a.hf!.type)} and cannot be compared.`, an.tok.pos, an.tok.len);
    if (op === 'contains' || op === 'matches') {
      if (a.kind !== K.BYTES && a.kind !== K.STRING) {
        throw new Failure(`${a.hf ? a.hf.abbrev : an.tok.text} (type=${a.hf ? ftypeName(a.hf.type) : kindName(a.kind)}) cannot participate in ${op} comparison.`, an.tok.pos, an.tok.len);
      }
    }
    if (op === 'matches') {
      if (bn.k !== 'string' && bn.k !== 'word') throw new Failure(`Expected a string for matches.`, bn.tok.pos, bn.tok.len);
      let re: RegExp;
      try { re = pcreToRegExp(bn.tok.value); } catch (e) { throw new Failure(`Regex compilation error: ${pcreMessage((e as Error).message)}.`, 0, 0); }
      const isStr = a.kind === K.STRING;
      return c => { for (const v of a.ev(c)) if (re.test(isStr ? v as string : latin1(v))) return true; return false; };
    }
    let b = this.value(bn, op === 'contains' && a.kind === K.BYTES ? { ...a, hf: null } : a);
    if (!b.isConst) checkCompatible(a, b, an, bn);
    if (a.kind !== b.kind && (a.kind === K.BYTES || b.kind === K.BYTES)) {
      const asBytes = (e: Expr): Expr => e.kind === K.BYTES ? e : { ...e, kind: K.BYTES, ev: c => e.ev(c).map(v => toBytes(v, e.kind)) };
      a = asBytes(a); b = asBytes(b);
    }
    if (op === 'contains') {
      return c => {
        const la = a.ev(c); if (!la.length) return false;
        const lb = b.ev(c);
        for (const x of la) for (const y of lb) if (contains(x, y)) return true;
        return false;
      };
    }
    const eq = makeEq(a.kind, b.bits ?? a.bits);
    let pred: (x: Val, y: Val) => boolean;
    let quant: 'any' | 'all' = 'any';
    let negate = false;
    switch (op) {
      case 'any_eq': pred = eq; break;
      case 'all_ne': pred = eq; negate = true; break;
      case 'all_eq': pred = eq; quant = 'all'; break;
      case 'any_ne': pred = (x, y) => !eq(x, y); break;
      case 'gt': pred = (x, y) => cmp(x, y) > 0; break;
      case 'ge': pred = (x, y) => cmp(x, y) >= 0; break;
      case 'lt': pred = (x, y) => cmp(x, y) < 0; break;
      case 'le': pred = (x, y) => cmp(x, y) <= 0; break;
      default: throw new Failure(`"${opText}" was unexpected in this context.`, 0, 0);
    }
    if (quant === 'all') {
      return c => {
        const la = a.ev(c); if (!la.length) return false;
        const lb = b.ev(c); if (!lb.length) return false;
        for (const x of la) for (const y of lb) if (!pred(x, y)) return false;
        return true;
      };
    }
    return c => {
      const la = a.ev(c); if (!la.length) return false;
      const lb = b.ev(c); if (!lb.length) return false;
      for (const x of la) for (const y of lb) if (pred(x, y)) return !negate;
      return negate;
    };
  }

  private membership(an: Node, items: SetItem[], neg: boolean): (c: Ctx) => boolean {
    if ((an.k === 'word' && !fieldsByName(an.tok.value)) || an.k === 'string' || an.k === 'char') {
      throw new Failure('Only a field may be tested for membership in a set.', an.tok.pos, an.tok.len);
    }
    const a = this.lhs(an, 'in');
    const tests: ((v: Val, c: Ctx) => boolean)[] = items.map(it => {
      const lo = this.value(it.lo, a);
      if (!lo.isConst) checkCompatible(a, lo, an, it.lo);
      if (it.hi) {
        const hi = this.value(it.hi, a);
        return (v: Val, c: Ctx) => {
          const l = lo.ev(c), h = hi.ev(c);
          return l.some(x => cmp(v, x) >= 0) && h.some(y => cmp(v, y) <= 0);
        };
      }
      const eq = makeEq(a.kind, lo.bits);
      return (v: Val, c: Ctx) => lo.ev(c).some(x => eq(v, x));
    });
    const f = (c: Ctx): boolean => {
      for (const v of a.ev(c)) for (const t of tests) if (t(v, c)) return true;
      return false;
    };
    return neg ? c => !f(c) : f;
  }
}

const EMPTY: Val[] = [];
const FUNCTIONS = new Set(['len', 'count', 'lower', 'upper', 'string', 'max', 'min', 'abs']);

/** The first literal of an expression that refers to no field at all (null when a field is involved). */
function constantOnly(n: Node): Node | null {
  switch (n.k) {
    case 'word': return fieldsByName(n.tok.value) ? null : n;
    case 'string': case 'char': return n;
    case 'neg': return constantOnly(n.a);
    case 'arith': { const a = constantOnly(n.a); if (!a) return null; return constantOnly(n.b) ? a : null; }
    case 'func': {
      let first: Node | null = null;
      for (const a of n.args) { const c = constantOnly(a); if (!c) return null; first ??= c; }
      return first;
    }
    default: return null;
  }
}

function konst(kind: K, vals: Val[]): Expr { return { kind, hf: null, ev: () => vals, isConst: true }; }

function kindName(k: K): string {
  return ['Integer', 'Floating point', 'IPv4 address', 'IPv6 address', 'Byte sequence', 'Character string', 'Date and time', 'Time offset', 'Label'][k] ?? 'Value';
}

function latin1Bytes(s: string): Uint8Array {
  const b = utf8.encode(s);
  return b;
}

function charValue(s: string): number | null {
  if (s.length === 1) return s.charCodeAt(0);
  if (s[0] !== '\\') return null;
  const esc: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34, '0': 0 };
  if (s.length === 2 && esc[s[1]!] !== undefined) return esc[s[1]!]!;
  if (/^\\x[0-9a-fA-F]{1,2}$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^\\[0-7]{1,3}$/.test(s)) return parseInt(s.slice(1), 8) & 0xff;
  return null;
}

function arithOp(op: string, k: K): (x: number, y: number) => number | null {
  const isInt = k === K.INT;
  switch (op) {
    case '+': return (x, y) => x + y;
    case '-': return (x, y) => x - y;
    case '*': return (x, y) => x * y;
    case '/': return (x, y) => y === 0 ? null : isInt ? Math.trunc(x / y) : x / y;
    case '%': return (x, y) => y === 0 ? null : x % y;
    case '&': return (x, y) => x <= 0xffffffff && y <= 0xffffffff && x >= 0 && y >= 0 ? ((x & y) >>> 0) : Number(BigInt(Math.trunc(x)) & BigInt(Math.trunc(y)));
    default: return () => null;
  }
}

/** Families of field types that can be compared with each other. */
function family(e: Expr): string {
  if (!e.hf) return e.kind === K.BYTES ? 'slice' : String(e.kind);
  const t = e.hf.type;
  if (t === FT.ETHER) return 'ether';
  if (t === FT.PROTOCOL) return 'protocol';
  if (e.kind === K.INT || e.kind === K.FLOAT) return 'number';
  return String(e.kind);
}

function checkCompatible(a: Expr, b: Expr, an: Node, bn: Node): void {
  const fa = family(a), fb = family(b);
  const bytesy = (f: string): boolean => f === 'slice' || f === 'ether' || f === 'protocol' || f === String(K.BYTES) || f === String(K.IPV4) || f === String(K.IPV6) || f === String(K.STRING);
  const ok = fa === fb || ((fa === 'slice' && bytesy(fb)) || (fb === 'slice' && bytesy(fa)));
  if (!ok) {
    const an2 = a.hf ? a.hf.abbrev : span(an) && an.k === 'slice' && an.a.k === 'word' ? an.a.tok.text : an.tok.text;
    const bn2 = b.hf ? b.hf.abbrev : bn.k === 'slice' && bn.a.k === 'word' ? bn.a.tok.text : bn.tok.text;
    throw new Failure(`${an2} and ${bn2} are not of compatible types.`, bn.tok.pos, bn.tok.len);
  }
}

/** A slice or layer spec: [start, end] inclusive (end null = to the end); negative start counts from the end. */
function parseRange(r: RangeSpec): [number, number | null] {
  const t = r.text.trim();
  let m: RegExpExecArray | null;
  const bad = (): never => { throw new Failure(`"${r.text}" is not a valid number.`, r.pos, r.len); };
  const zero = (): never => { throw new Failure(`Range ${r.text} isn't valid because length 0 isn't positive`, r.pos, r.len); };
  if ((m = /^(-?\d+):(\d+)$/.exec(t))) { const s = +m[1]!, l = +m[2]!; if (l === 0) zero(); return [s, s + l - 1]; }
  if ((m = /^(-?\d+):$/.exec(t))) return [+m[1]!, null];
  if ((m = /^:(\d+)$/.exec(t))) { const l = +m[1]!; if (l === 0) zero(); return [0, l - 1]; }
  if ((m = /^(-?\d+)-(-?\d+)$/.exec(t))) return [+m[1]!, +m[2]!];
  if ((m = /^(-?\d+)$/.exec(t))) return [+m[1]!, +m[1]!];
  return bad();
}

function applySlice(b: Uint8Array, specs: [number, number | null][]): Uint8Array | null {
  const parts: Uint8Array[] = [];
  for (const [s0, e0] of specs) {
    let s = s0, e = e0;
    const negStart = s < 0;
    if (s < 0) s += b.length;
    if (e === null) e = b.length - 1;
    else if (negStart) e = s + (e - s0);
    else if (e < 0) e += b.length;
    if (s < 0 || e >= b.length || s > e) return null;
    parts.push(b.subarray(s, e + 1));
  }
  if (parts.length === 1) return parts[0]!;
  let n = 0; for (const p of parts) n += p.length;
  const out = new Uint8Array(n); let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

// ---------------------------------------------------------------- entry point

function errorText(text: string, msg: string, pos: number, len: number): string {
  if (len <= 0) return msg;
  return `${msg}\n    ${text}\n    ${' '.repeat(pos)}^${'~'.repeat(len - 1)}`;
}

export function compileToPredicate(text: string): Compiled {
  let ast: Node;
  const c = new Compiler();
  let test: (c: Ctx) => boolean;
  try {
    ast = parseFilter(text);
    test = c.test(ast);
  } catch (e) {
    if (e instanceof SyntaxErr || e instanceof Failure) {
      const fe = new FilterError(errorText(text, e.message, e.pos, e.len));
      fe.plain = e.message;
      throw fe;
    }
    throw e;
  }
  return { slotOf: c.slotOf, slots: c.slots, test };
}

/** Walks the tree once, collecting the nodes of every wanted field with their protocol layer numbers. */
export function collect(root: PNode, comp: Compiled, ctx: { nodes: PNode[][]; layers: number[][] } | Ctx, protoCount: Int32Array): void {
  for (let i = 0; i < comp.slots; i++) { ctx.nodes[i]!.length = 0; ctx.layers[i]!.length = 0; }
  protoCount.fill(0);
  const slotOf = comp.slotOf;
  const stack: PNode[] = [];
  const kids = root.children;
  if (!kids) return;
  for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  while (stack.length) {
    const n = stack.pop()!;
    const hf = n.hf;
    if (hf) {
      if (hf.type === FT.PROTOCOL && hf.id < protoCount.length) protoCount[hf.id]!++;
      const s = slotOf.get(hf.id);
      if (s !== undefined) {
        (ctx.nodes[s] as ValueNode[]).push(n);
        ctx.layers[s]!.push(hf.protoId < protoCount.length ? protoCount[hf.protoId]! : 1);
      }
    }
    const ch = n.children;
    if (ch) for (let i = ch.length - 1; i >= 0; i--) stack.push(ch[i]!);
  }
}

/** A compiled filter that can also read its fields from a sparse FieldCollector instead of the tree. */
export interface SparseFilter extends CompiledFilter {
  readonly fieldIds: readonly number[];
  attach(c: FieldCollector): void;
}

export function compile(text: string): SparseFilter {
  const comp = compileToPredicate(text);
  const ctx: Ctx = { nodes: [], layers: [] };
  for (let i = 0; i < comp.slots; i++) { ctx.nodes.push([]); ctx.layers.push([]); }
  let protoCount = new Int32Array(fieldCount());
  const idsOfSlot: number[][] = Array.from({ length: comp.slots }, () => []);
  for (const [id, s] of comp.slotOf) idsOfSlot[s]!.push(id);
  let sparse: FieldCollector | null = null;
  const multi = idsOfSlot.map((ids, s) => ids.length > 1 ? s : -1).filter(s => s >= 0);
  return {
    text,
    needsTree: true,
    fieldIds: [...comp.slotOf.keys()],
    attach(c: FieldCollector): void {
      sparse = c;
      idsOfSlot.forEach((ids, s) => { if (ids.length === 1) { ctx.nodes[s] = c.nodes[ids[0]!]!; ctx.layers[s] = c.layers[ids[0]!]!; } });
    },
    match(pkt: Packet): boolean {
      const root = pkt.root;
      if (sparse && !root) {
        for (const s of multi) {
          const ns: ValueNode[] = [], ls: number[] = [];
          for (const id of idsOfSlot[s]!) { ns.push(...sparse.nodes[id]!); ls.push(...sparse.layers[id]!); }
          ctx.nodes[s] = ns; ctx.layers[s] = ls;
        }
        return comp.test(ctx);
      }
      if (!root) return comp.test(ctx);
      if (protoCount.length < fieldCount()) protoCount = new Int32Array(fieldCount());
      collect(root, comp, ctx, protoCount);
      return comp.test(ctx);
    },
  };
}

export { isSigned };
