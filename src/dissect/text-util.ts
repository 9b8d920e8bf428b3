// Text helpers shared by line-based dissectors (HTTP, media types): Wireshark's tvb_find_line_end and
// format_text, which line-oriented protocols use for their tree labels.
import type { Tvb } from './tvb.js';

/** Result of findLineEnd: the line's length (without terminator) and where the next line starts. */
export interface LineEnd { len: number; next: number }

/**
 * tvb_find_line_end: the line starting at `off`, searching at most `max` captured bytes (-1: all).
 * With `desegment`, a line without terminator (or ending in a lone CR at the end) gives len -1.
 */
export function findLineEnd(tvb: Tvb, off: number, max: number, desegment: boolean, out: LineEnd): LineEnd {
  if (max === -1) max = tvb.len - off;
  if (off > tvb.len || off < 0) tvb.check(off, 0);
  if (max < 0) max = 0;
  const eob = off + max;
  const b = tvb.buf, base = tvb.off;
  let i = off;
  for (; i < eob; i++) { const c = b[base + i]; if (c === 13 || c === 10) break; }
  if (i >= eob) {
    if (desegment) { out.len = -1; out.next = eob; return out; }
    out.len = eob - off; out.next = eob; return out;
  }
  out.len = i - off;
  let eol = i;
  if (b[base + i] === 13) {
    if (i + 1 >= eob) {
      if (desegment) { out.len = -1; out.next = eob; return out; }
    } else if (b[base + i + 1] === 10) eol++;
  }
  out.next = eol + 1;
  return out;
}

function printable(c: number): boolean { return c >= 0x20 && c < 0x7f; }

/** format_text over raw bytes: printable ASCII as is, C escapes (octal for the rest) below 0x80, UTF-8 decoded. */
export function formatBytes(b: Uint8Array, start = 0, end = b.length): string {
  let out = '';
  let i = start;
  while (i < end) {
    const c = b[i++]!;
    if (printable(c)) { out += String.fromCharCode(c); continue; }
    if (c < 0x80) {
      switch (c) {
        case 7: out += '\\a'; break; case 8: out += '\\b'; break; case 12: out += '\\f'; break;
        case 10: out += '\\n'; break; case 13: out += '\\r'; break; case 9: out += '\\t'; break; case 11: out += '\\v'; break;
        default: out += '\\' + c.toString(8).padStart(3, '0');
      }
      continue;
    }
    let n: number, mask: number;
    if ((c & 0xe0) === 0xc0) { n = 1; mask = 0x1f; } else if ((c & 0xf0) === 0xe0) { n = 2; mask = 0x0f; }
    else if ((c & 0xf8) === 0xf0) { n = 3; mask = 0x07; } else if ((c & 0xfc) === 0xf8) { n = 4; mask = 0x03; }
    else if ((c & 0xfe) === 0xfc) { n = 5; mask = 0x01; } else { n = -1; mask = 0; }
    if (n < 0) { out += '\uFFFD'; continue; }
    let uc = c & mask, bad = false;
    for (let k = 0; k < n; k++) {
      if (i >= end) { bad = true; break; }
      const d = b[i]!;
      if ((d & 0xc0) !== 0x80) { bad = true; break; }
      i++;
      uc = (uc << 6) | (d & 0x3f);
    }
    if (bad || uc > 0x10ffff || (uc >= 0xd800 && uc <= 0xdfff)) { out += '\uFFFD'; continue; }
    if (isUnicodePrintable(uc)) out += String.fromCodePoint(uc);
    else out += uc <= 0xffff ? '\\u' + uc.toString(16).padStart(4, '0') : '\\U' + uc.toString(16).padStart(8, '0');
  }
  return out;
}

function isUnicodePrintable(uc: number): boolean {
  // g_unichar_isprint: not a control, unassigned, or surrogate character
  if (uc < 0xa0) return uc >= 0x20 && uc !== 0x7f;
  return !/[\p{Cc}\p{Cn}\p{Cs}]/u.test(String.fromCodePoint(uc));
}

export function tvbFormat(tvb: Tvb, off: number, len: number): string {
  tvb.check(off, len);
  return formatBytes(tvb.buf, tvb.off + off, tvb.off + off + len);
}

/** ENC_ASCII string: bytes above 0x7f become U+FFFD. */
export function asciiString(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) { const c = b[i]!; s += c < 0x80 ? String.fromCharCode(c) : '\uFFFD'; }
  return s;
}

/** tvb_strncaseeql == 0: the bytes at off equal s ignoring ASCII case (false when not all present). */
export function tvbCaseEq(tvb: Tvb, off: number, s: string): boolean {
  if (off < 0) off = tvb.len + off;
  if (off < 0 || off + s.length > tvb.len) return false;
  const b = tvb.buf, base = tvb.off + off;
  for (let i = 0; i < s.length; i++) {
    let c = b[base + i]!, d = s.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (d >= 65 && d <= 90) d += 32;
    if (c !== d) return false;
  }
  return true;
}
