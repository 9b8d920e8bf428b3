// JSON (packet-json.c, 4.0): the grammar Wireshark's tvbparse rules accept (whitespace allowed between any two
// tokens), the tree it builds (Object / Array / Member with path items), and trailing bytes to text lines.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { FT } from '../fields/types.js';
import { call, handle } from './tables.js';
import { currentInfo, dataName, mediaTypes, textLinesHandle, withInfo } from './media.js';
import type { Packet } from './packet.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

export const proto = registerProtocol('json', 'JavaScript Object Notation', 'JSON');
const hf = registerFields(proto, {
  array: { abbrev: 'json.array', name: 'Array', type: FT.NONE },
  object: { abbrev: 'json.object', name: 'Object', type: FT.NONE },
  member: { abbrev: 'json.member', name: 'Member', type: FT.STRING },
  key: { abbrev: 'json.key', name: 'Key', type: FT.STRING },
  path: { abbrev: 'json.path', name: 'Path', type: FT.STRING },
  path_with_value: { abbrev: 'json.path_with_value', name: 'Path with value', type: FT.STRING },
  member_with_value: { abbrev: 'json.member_with_value', name: 'Member with value', type: FT.STRING },
  value_string: { abbrev: 'json.value.string', name: 'String value', type: FT.STRING },
  value_number: { abbrev: 'json.value.number', name: 'Number value', type: FT.STRING },
  value_false: { abbrev: 'json.value.false', name: 'False value', type: FT.NONE },
  value_null: { abbrev: 'json.value.null', name: 'Null value', type: FT.NONE },
  value_true: { abbrev: 'json.value.true', name: 'True value', type: FT.NONE },
  value_nan: { abbrev: 'json.value.nan', name: 'NaN value', type: FT.NONE },
});

const enum K { Str, Num, False, Null, True, NaN, Obj, Arr }

interface Node {
  k: K;
  off: number;
  len: number;
  /** members (objects): [keyStart, keyLen, value]; elements (arrays) */
  members?: { keyOff: number; keyLen: number; off: number; len: number; value: Node }[];
  elems?: Node[];
}

const MAX_DEPTH = 100;

class Parser {
  depth = 0;
  constructor(readonly b: Uint8Array, readonly base: number, readonly end: number) {}
  ws(p: number): number {
    const b = this.b;
    while (p < this.end) { const c = b[this.base + p]; if (c === 32 || c === 9 || c === 13 || c === 10) p++; else break; }
    return p;
  }
  at(p: number): number { return p < this.end ? this.b[this.base + p]! : -1; }
  lit(p: number, s: string): boolean {
    if (p + s.length > this.end) return false;
    for (let i = 0; i < s.length; i++) if (this.b[this.base + p + i] !== s.charCodeAt(i)) return false;
    return true;
  }
  /** Returns [node, next offset after trailing whitespace] or null. */
  value(p: number): [Node, number] | null {
    if (this.lit(p, 'false')) return [{ k: K.False, off: p, len: 5 }, this.ws(p + 5)];
    if (this.lit(p, 'null')) return [{ k: K.Null, off: p, len: 4 }, this.ws(p + 4)];
    if (this.lit(p, 'true')) return [{ k: K.True, off: p, len: 4 }, this.ws(p + 4)];
    if (this.lit(p, 'NaN')) return [{ k: K.NaN, off: p, len: 3 }, this.ws(p + 3)];
    const c = this.at(p);
    if (c === 0x7b) return this.object(p);
    if (c === 0x5b) return this.array(p);
    const n = this.number(p);
    if (n) return n;
    return this.string(p);
  }
  string(p: number): [Node, number] | null {
    if (this.at(p) !== 0x22) return null;
    const start = p;
    p = this.ws(p + 1);
    for (;;) {
      const c = this.at(p);
      if (c < 0) return null;
      if (c === 0x22) break;
      if (c === 0x5c) {
        const d = this.at(p + 1);
        if (d >= 0 && '"\\/bfnrt'.includes(String.fromCharCode(d))) { p += 2; continue; }
        if (d === 0x75) {
          let ok = true;
          for (let i = 0; i < 4; i++) { const h = this.at(p + 2 + i); if (!(h >= 0 && /[0-9a-fA-F]/.test(String.fromCharCode(h)))) ok = false; }
          if (!ok) return null;
          p += 6; continue;
        }
        return null;
      }
      p++;
    }
    return [{ k: K.Str, off: start, len: p + 1 - start }, this.ws(p + 1)];
  }
  number(p: number): [Node, number] | null {
    const start = p;
    let last = p;
    if (this.at(p) === 0x2d) { last = p + 1; p = this.ws(p + 1); }
    const c = this.at(p);
    if (c === 0x30) { p++; last = p; }
    else if (c >= 0x31 && c <= 0x39) { p++; while (this.at(p) >= 0x30 && this.at(p) <= 0x39) p++; last = p; }
    else return null;
    let q = this.ws(p);
    if (this.at(q) === 0x2e) {
      let r = this.ws(q + 1);
      if (this.at(r) >= 0x30 && this.at(r) <= 0x39) { while (this.at(r) >= 0x30 && this.at(r) <= 0x39) r++; last = r; q = this.ws(r); }
    }
    if (this.at(q) === 0x65 || this.at(q) === 0x45) {
      let r = this.ws(q + 1);
      if (this.at(r) === 0x2d || this.at(r) === 0x2b) r = this.ws(r + 1);
      if (this.at(r) >= 0x30 && this.at(r) <= 0x39) { while (this.at(r) >= 0x30 && this.at(r) <= 0x39) r++; last = r; q = this.ws(r); }
    }
    return [{ k: K.Num, off: start, len: last - start }, this.ws(last)];
  }
  object(p: number): [Node, number] | null {
    if (++this.depth > MAX_DEPTH) { this.depth--; return null; }
    const start = p;
    p = this.ws(p + 1);
    const members: NonNullable<Node['members']> = [];
    const first = this.member(p);
    if (first) {
      members.push(first[0]);
      p = first[1];
      while (this.at(p) === 0x2c) {
        const m = this.member(this.ws(p + 1));
        if (!m) break;
        members.push(m[0]);
        p = m[1];
      }
    }
    this.depth--;
    if (this.at(p) !== 0x7d) return null;
    return [{ k: K.Obj, off: start, len: p + 1 - start, members }, this.ws(p + 1)];
  }
  member(p: number): [NonNullable<Node['members']>[number], number] | null {
    const s = this.string(p);
    if (!s) return null;
    let q = s[1];
    if (this.at(q) !== 0x3a) return null;
    q = this.ws(q + 1);
    const v = this.value(q);
    if (!v) return null;
    return [{ keyOff: s[0].off, keyLen: s[0].len, off: p, len: v[0].off + v[0].len - p, value: v[0] }, v[1]];
  }
  array(p: number): [Node, number] | null {
    if (++this.depth > MAX_DEPTH) { this.depth--; return null; }
    const start = p;
    p = this.ws(p + 1);
    const elems: Node[] = [];
    const first = this.value(p);
    if (first) {
      elems.push(first[0]);
      p = first[1];
      while (this.at(p) === 0x2c) {
        const q = this.ws(p + 1);
        const v = this.value(q);
        if (!v) break;
        elems.push(v[0]);
        p = v[1];
      }
    }
    if (this.at(p) !== 0x5d) { this.depth--; return null; }
    this.depth--;
    return [{ k: K.Arr, off: start, len: p + 1 - start, elems }, this.ws(p + 1)];
  }
}

/** json_string_unescape over buf[s, e). */
function unescape(b: Uint8Array, s: number, e: number): string {
  const out: number[] = [];
  let i = s;
  while (i < e) {
    const c = b[i]!;
    if (c !== 0x5c) {
      let n = c < 0x80 ? 1 : (c & 0xe0) === 0xc0 ? 2 : (c & 0xf0) === 0xe0 ? 3 : (c & 0xf8) === 0xf0 ? 4 : (c & 0xfc) === 0xf8 ? 5 : (c & 0xfe) === 0xfc ? 6 : 0;
      if (n <= 0) break;
      for (; n > 0 && i < e; n--) out.push(b[i++]!);
      continue;
    }
    i++;
    if (i >= e) break;
    const d = b[i]!;
    const simple: Record<number, number> = { 0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x62: 8, 0x66: 12, 0x6e: 10, 0x72: 13, 0x74: 9 };
    if (d in simple) { out.push(simple[d]!); i++; continue; }
    if (d === 0x75) {
      i++;
      let cp = 0, valid = true;
      for (let k = 0; k < 4; k++) {
        if (i >= e) { valid = false; break; }
        const h = parseInt(String.fromCharCode(b[i++]!), 16);
        if (Number.isNaN(h)) { valid = false; break; }
        cp = (cp << 4) | h;
      }
      if (valid && cp >= 0xd800 && cp <= 0xdbff) {
        if (i < e && b[i] === 0x5c) {
          i++;
          if (i < e && b[i] === 0x75) {
            i++;
            let tr = 0;
            for (let k = 0; k < 4; k++) {
              if (i >= e) { valid = false; break; }
              const h = parseInt(String.fromCharCode(b[i++]!), 16);
              if (Number.isNaN(h)) { valid = false; break; }
              tr = (tr << 4) | h;
            }
            if (valid && tr >= 0xdc00 && tr <= 0xdfff) cp = 0x10000 + ((cp - 0xd800) << 10) + (tr - 0xdc00);
            else valid = false;
          } else { i++; valid = false; }
        } else { i++; valid = false; }
      } else if (valid && cp >= 0xdc00 && cp <= 0xdfff) valid = false;
      if (valid) {
        const ch = String.fromCodePoint(cp);
        if (!/[\p{Cc}\p{Cn}\p{Cs}]/u.test(ch)) for (const x of Buffer.from(ch, 'utf8')) out.push(x);
      } else for (const x of Buffer.from('\uFFFD', 'utf8')) out.push(x);
      continue;
    }
    break;
  }
  return Buffer.from(out).toString('utf8');
}

function emit(tvb: Tvb, tree: Item, n: Node, path: string, key: string): void {
  const b = tvb.buf, base = tvb.off;
  switch (n.k) {
    case K.Obj: {
      const t = tree.add(hf.object, tvb, n.off, n.len, null);
      for (const m of n.members!) {
        const k = unescape(b, base + m.keyOff + 1, base + m.keyOff + m.keyLen - 1);
        const mt = t.add(hf.member, tvb, m.off, m.len, k);
        const p = path + '/' + k;
        emit(tvb, mt, m.value, p, k);
        mt.add(hf.key, tvb, m.keyOff, m.keyLen, k);
        mt.add(hf.path, tvb, m.off, m.len, p).generated();
      }
      return;
    }
    case K.Arr: {
      const t = tree.add(hf.array, tvb, n.off, n.len, null);
      for (const e of n.elems!) emit(tvb, t, e, path + '/[]', '[]');
      return;
    }
    default: {
      const v = n.k === K.Str && n.len >= 2 ? unescape(b, base + n.off + 1, base + n.off + n.len - 1) : unescape(b, base + n.off, base + n.off + n.len);
      tree.add(hf.path_with_value, tvb, n.off, n.len, path + ':' + v).generated();
      tree.add(hf.member_with_value, tvb, n.off, n.len, key + ':' + v).generated();
      switch (n.k) {
        case K.Str: tree.add(hf.value_string, tvb, n.off, n.len, v); break;
        case K.Num: tree.add(hf.value_number, tvb, n.off, n.len, tvb.latin1(n.off, n.len)); break;
        case K.False: tree.add(hf.value_false, tvb, n.off, n.len, null); break;
        case K.Null: tree.add(hf.value_null, tvb, n.off, n.len, null); break;
        case K.True: tree.add(hf.value_true, tvb, n.off, n.len, null); break;
        case K.NaN: tree.add(hf.value_nan, tvb, n.off, n.len, null); break;
        default: break;
      }
    }
  }
}

function dissectJson(tvb: Tvb, pkt: Packet, tree: Item): number {
  const prev = pkt.layers.length >= 2 ? pkt.layers[pkt.layers.length - 2] : 'frame';
  if (prev !== 'frame') {
    pkt.protocol.appendSep('/', 'JSON');
    pkt.info.appendSep(', ', 'JavaScript Object Notation');
  } else {
    pkt.protocol.set('JSON');
    pkt.info.set('JavaScript Object Notation');
  }
  const name = dataName();
  const info = currentInfo;
  const jt = tree.add(proto, tvb, 0, -1, null);
  if (name && jt.real) jt.appendText(`: ${name}`);
  const end = tvb.len;
  const p = new Parser(tvb.buf, tvb.off, end);
  let off = p.ws(0);
  let consumed = 0;
  for (;;) {
    const c = p.at(off);
    const r = c === 0x7b ? p.object(off) : c === 0x5b ? p.array(off) : null;
    if (!r) break;
    if (jt.real) emit(tvb, jt, r[0], '', '');
    off = r[1];
    consumed = off;
    off = p.ws(off);
  }
  if (jt.real) jt.setLen(consumed);
  if (tvb.reportedRemaining(consumed) > 0) {
    withInfo(info, () => call(textLinesHandle, tvb.sub(consumed), pkt, tree));
  } else if (name) {
    pkt.info.appendSep(' ', `(${name})`);
  }
  return tvb.len;
}

export const jsonHandle = handle('json', 'JSON', dissectJson);
for (const t of ['application/json', 'application/dds-web+json', 'application/json-patch+json', 'application/json-rpc', 'application/jsonrequest',
  'application/merge-patch+json', 'application/problem+json', 'application/senml+json', 'application/sensml+json',
  'application/vnd.oma.lwm2m+json', 'application/x-ndjson']) mediaTypes.set(t, jsonHandle);
