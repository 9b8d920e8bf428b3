// Display-filter scanner (Wireshark 4.0's epan/dfilter/scanner.l, rewritten): turns filter text into tokens
// with their positions, so that errors can point at the offending text the way tshark does.

export const enum T {
  EOF, LPAREN, RPAREN, LBRACE, RBRACE, LBRACKET, RBRACKET, COMMA, DOTDOT, HASH, DOLLAR,
  /** Comparison operators: value is the canonical name (any_eq, all_ne, ...). */
  CMP,
  AND, OR, NOT, IN,
  PLUS, MINUS, STAR, SLASH, PERCENT, BITAND,
  /** An unquoted word: a field or protocol name, or a literal value. */
  WORD,
  STRING, CHARCONST,
  /** Inside [...]: one range specification ("0:3", "1-2", "-4:", "5"). */
  RANGE,
  /** After '#': the layer number. */
  INDEX,
}

export interface Token {
  readonly t: T;
  /** The text as written in the filter (quotes included for strings). */
  readonly text: string;
  /** Decoded value: string contents, operator name, word text. */
  readonly value: string;
  readonly pos: number;
  readonly len: number;
}

/** A scan or parse error at a position (len 0 = no caret line). */
export class SyntaxErr extends Error {
  constructor(message: string, readonly pos: number, readonly len: number) { super(message); }
}

const WORD_OPS: Record<string, [T, string]> = {
  eq: [T.CMP, 'any_eq'], any_eq: [T.CMP, 'any_eq'], ne: [T.CMP, 'all_ne'], all_ne: [T.CMP, 'all_ne'],
  all_eq: [T.CMP, 'all_eq'], any_ne: [T.CMP, 'any_ne'],
  gt: [T.CMP, 'gt'], ge: [T.CMP, 'ge'], lt: [T.CMP, 'lt'], le: [T.CMP, 'le'],
  contains: [T.CMP, 'contains'], matches: [T.CMP, 'matches'],
  and: [T.AND, 'and'], or: [T.OR, 'or'], not: [T.NOT, 'not'], in: [T.IN, 'in'],
  bitwise_and: [T.BITAND, '&'], bitand: [T.BITAND, '&'],
};

const SYM_OPS: [string, T, string][] = [
  ['===', T.CMP, 'all_eq'], ['!==', T.CMP, 'any_ne'],
  ['==', T.CMP, 'any_eq'], ['!=', T.CMP, 'all_ne'], ['~=', T.CMP, 'any_ne'], ['>=', T.CMP, 'ge'], ['<=', T.CMP, 'le'],
  ['&&', T.AND, 'and'], ['||', T.OR, 'or'], ['..', T.DOTDOT, '..'],
  ['>', T.CMP, 'gt'], ['<', T.CMP, 'lt'], ['~', T.CMP, 'matches'], ['!', T.NOT, 'not'],
  ['&', T.BITAND, '&'], ['+', T.PLUS, '+'], ['-', T.MINUS, '-'], ['*', T.STAR, '*'], ['/', T.SLASH, '/'], ['%', T.PERCENT, '%'],
  ['(', T.LPAREN, '('], [')', T.RPAREN, ')'], ['{', T.LBRACE, '{'], ['}', T.RBRACE, '}'], [',', T.COMMA, ','],
  ['$', T.DOLLAR, '$'],
];

/** Words that may contain ':': MAC addresses, byte strings (optionally ':'-prefixed) and IPv6 addresses (with a prefix). */
const COLON_BYTES = /^(?::?[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2})+|:[0-9A-Fa-f]+)$/;
function isIPv6Word(w: string): boolean {
  const m = /^([0-9A-Fa-f:.]+)(?:\/\d{1,3})?$/.exec(w);
  if (!m) return false;
  let a = m[1]!;
  let groups = 0;
  const v4 = /:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (v4) { groups += 2; a = a.slice(0, -v4[1]!.length); if (!a.endsWith('::')) a = a.slice(0, -1); }
  if (a.includes('.')) return false;
  const dbl = a.indexOf('::');
  if (dbl >= 0) {
    if (a.indexOf('::', dbl + 1) >= 0) return false;
    const parts = [a.slice(0, dbl), a.slice(dbl + 2)].flatMap(x => (x ? x.split(':') : []));
    if (parts.some(p => !/^[0-9A-Fa-f]{1,4}$/.test(p))) return false;
    return groups + parts.length <= 7;
  }
  const parts = a.split(':');
  if (parts.some(p => !/^[0-9A-Fa-f]{1,4}$/.test(p))) return false;
  return groups + parts.length === 8;
}
const COLON_WORD = { test: (w: string): boolean => COLON_BYTES.test(w) || isIPv6Word(w) };

function isStart(c: string): boolean { return /[A-Za-z0-9_:]/.test(c); }
function isAlpha(c: string): boolean { return /[A-Za-z0-9_:/-]/.test(c); }

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = src.length;
  const push = (t: T, start: number, end: number, value: string): void => {
    out.push({ t, text: src.slice(start, end), value, pos: start, len: end - start });
  };
  while (i < n) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    // quoted strings, raw strings
    if (c === '"' || ((c === 'r' || c === 'R') && src[i + 1] === '"')) {
      const start = i;
      const raw = c !== '"';
      i += raw ? 2 : 1;
      let s = '';
      for (;;) {
        if (i >= n) throw new SyntaxErr('The final quote was missing from a quoted string.', n, 1);
        const d = src[i]!;
        if (d === '"') { i++; break; }
        if (d === '\\') {
          const e = src[i + 1];
          if (e === undefined) { i++; continue; }
          if (raw) {
            s += e === '"' ? '"' : '\\' + e;
            i += 2; continue;
          }
          const oct = /^[0-7]{1,3}/.exec(src.slice(i + 1, i + 4));
          if (oct) {
            const v = parseInt(oct[0], 8);
            if (v > 0xff) throw new SyntaxErr(`\\${oct[0]} is larger than 255.`, i, oct[0].length + 1);
            s += String.fromCharCode(v); i += 1 + oct[0].length; continue;
          }
          if (e === 'x') {
            const hx = /^[0-9A-Fa-f]{1,2}/.exec(src.slice(i + 2, i + 4));
            if (hx) { s += String.fromCharCode(parseInt(hx[0], 16)); i += 2 + hx[0].length; continue; }
          }
          const esc: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' };
          s += esc[e] ?? e;
          i += 2; continue;
        }
        s += d; i++;
      }
      push(T.STRING, start, i, s);
      continue;
    }
    if (c === "'") {
      const start = i;
      i++;
      let s = '';
      for (;;) {
        if (i >= n) throw new SyntaxErr('The final quote was missing from a character constant.', n, 1);
        const d = src[i]!;
        if (d === "'") { i++; break; }
        if (d === '\\' && i + 1 < n) { s += d + src[i + 1]; i += 2; continue; }
        s += d; i++;
      }
      push(T.CHARCONST, start, i, s);
      continue;
    }
    if (c === '[') {
      push(T.LBRACKET, i, i + 1, '['); i++;
      for (;;) {
        if (i >= n) throw new SyntaxErr('The right bracket was missing from a slice.', n, 1);
        const d = src[i]!;
        if (d === ']') { push(T.RBRACKET, i, i + 1, ']'); i++; break; }
        if (d === ',') { push(T.COMMA, i, i + 1, ','); i++; continue; }
        const start = i;
        while (i < n && src[i] !== ']' && src[i] !== ',') i++;
        push(T.RANGE, start, i, src.slice(start, i));
      }
      continue;
    }
    if (c === '#') {
      push(T.HASH, i, i + 1, '#'); i++;
      if (i >= n) throw new SyntaxErr('Unexpected end of filter expression.', i, 0);
      if (src[i] === '[') continue;
      if (!/[0-9]/.test(src[i]!)) throw new SyntaxErr(`Expected digit or "[", not "${src[i]}"`, i, 1);
      const start = i;
      while (i < n && /[0-9]/.test(src[i]!)) i++;
      push(T.INDEX, start, i, src.slice(start, i));
      continue;
    }
    if (isStart(c) && !(c === ':' && src[i + 1] === ':' && false)) {
      // a word: field/protocol name or literal; dots only when followed by a word character (never "..")
      const start = i;
      i++;
      for (;;) {
        if (i < n && isAlpha(src[i]!)) { i++; continue; }
        if (src[i] === '.' && i + 1 < n && isAlpha(src[i + 1]!)) { i += 2; continue; }
        break;
      }
      // ':' belongs to a word only in MAC addresses, IPv6 addresses and byte strings ("eth:ethertype" is two tokens)
      const colon = src.indexOf(':', start);
      if (colon >= 0 && colon < i && !COLON_WORD.test(src.slice(start, i))) {
        let end = i - 1;
        while (end > colon && !COLON_WORD.test(src.slice(start, end))) end--;
        if (end > colon) i = end;
        else if (colon === start) {
          let j = start + 1;
          while (j < i && /[0-9A-Fa-f]/.test(src[j]!)) j++;
          i = j;
        } else i = colon;
      }
      // '/' belongs to a word only as an address's CIDR prefix; elsewhere it is the division operator
      const slash = src.indexOf('/', start);
      if (slash >= 0 && slash < i) {
        const head = src.slice(start, slash);
        const isAddr = /^\d{1,3}(\.\d{1,3}){3}$/.test(head) || (/^[0-9A-Fa-f:.]+$/.test(head) && head.includes(':'));
        if (!isAddr || !/^\/\d/.test(src.slice(slash, i))) i = slash;
      }
      // an IPv4 CIDR prefix has at most two digits: "10.0.0.0/255" scans as "10.0.0.0/25" then "5"
      const cidr = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\/\d\d/.exec(src.slice(start, i));
      if (cidr && cidr[0].length < i - start && /^\d/.test(src[start + cidr[0].length]!)) i = start + cidr[0].length;
      const w = src.slice(start, i);
      const op = WORD_OPS[w];
      if (op) push(op[0], start, i, op[1]);
      else push(T.WORD, start, i, w);
      continue;
    }
    let matched = false;
    for (const [s, t, v] of SYM_OPS) {
      if (src.startsWith(s, i)) { push(t, i, i + s.length, v); i += s.length; matched = true; break; }
    }
    if (matched) continue;
    throw new SyntaxErr(`"${c}" was unexpected in this context.`, i, 1);
  }
  out.push({ t: T.EOF, text: '', value: '', pos: n, len: 0 });
  return out;
}
