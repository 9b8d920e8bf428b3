// Addresses as Wireshark's address type: a kind and its bytes, printed only when someone asks.

export const enum AT { NONE = 0, ETHER = 1, IPv4 = 2, IPv6 = 3, STRINGZ = 4, FC = 5, ARCNET = 6 }

export interface Address { type: AT; data: Uint8Array | null; text?: string }

export const NO_ADDRESS: Address = { type: AT.NONE, data: null };

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function etherToStr(b: Uint8Array, off = 0, sep = ':'): string {
  return HEX[b[off]!]! + sep + HEX[b[off + 1]!]! + sep + HEX[b[off + 2]!]! + sep + HEX[b[off + 3]!]! + sep + HEX[b[off + 4]!]! + sep + HEX[b[off + 5]!]!;
}
export function ipv4ToStr(b: Uint8Array, off = 0): string {
  return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
}
export function ipv4NumToStr(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}
export function hexBytes(b: Uint8Array, sep = ''): string {
  let s = '';
  for (let i = 0; i < b.length; i++) { if (i && sep) s += sep; s += HEX[b[i]!]; }
  return s;
}

/** RFC 5952 text form, as inet_ntop prints it (with the embedded-IPv4 forms it uses). */
export function ipv6ToStr(b: Uint8Array, off = 0): string {
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push((b[off + 2 * i]! << 8) | b[off + 2 * i + 1]!);
  // longest run of zero words (length >= 2)
  let bestStart = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (w[i] !== 0) { i++; continue; }
    let j = i; while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  if (bestLen < 2) bestStart = -1;
  // IPv4-compatible (::a.b.c.d) and IPv4-mapped (::ffff:a.b.c.d) forms
  if (bestStart === 0 && (bestLen === 6 || (bestLen === 5 && w[5] === 0xffff))) {
    const v4 = `${b[off + 12]}.${b[off + 13]}.${b[off + 14]}.${b[off + 15]}`;
    if (bestLen === 6 && (w[6] !== 0 || w[7]! > 1)) return '::' + v4;
    if (bestLen === 5) return '::ffff:' + v4;
  }
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) { s += i === 0 ? '::' : ':'; i += bestLen - 1; continue; }
    s += w[i]!.toString(16);
    if (i < 7) s += ':';
  }
  return s;
}

export function addressToStr(a: Address): string {
  if (a.text !== undefined) return a.text;
  switch (a.type) {
    case AT.ETHER: return etherToStr(a.data!);
    case AT.IPv4: return ipv4ToStr(a.data!);
    case AT.IPv6: return ipv6ToStr(a.data!);
    case AT.NONE: return '';
    default: return a.text ?? '';
  }
}
