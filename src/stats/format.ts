// Number formatting shared by the statistics (printf-style widths, wsutil's format_size).
import { etherToStr, ipv4ToStr, ipv6ToStr } from '../dissect/address.js';

/** format_size(size, FORMAT_SIZE_UNIT_BYTES, 0): "2840 bytes", "12 kB", "3 MB" (SI prefixes, truncated). */
export function formatSize(size: number): string {
  const P = 1000;
  if (Math.floor(size / P / P / P / P / P) >= 10) return `${Math.floor(size / P / P / P / P / P)} PB`;
  if (Math.floor(size / P / P / P / P) >= 10) return `${Math.floor(size / P / P / P / P)} TB`;
  if (Math.floor(size / P / P / P) >= 10) return `${Math.floor(size / P / P / P)} GB`;
  if (Math.floor(size / P / P) >= 10) return `${Math.floor(size / P / P)} MB`;
  if (Math.floor(size / P) >= 10) return `${Math.floor(size / P)} kB`;
  return `${size} bytes`;
}

export const rpad = (s: string | number, w: number): string => String(s).padStart(w);
export const lpad = (s: string | number, w: number): string => String(s).padEnd(w);

/** printf("%W.Pf") for finite doubles. */
export function fixed(v: number, w: number, p: number): string { return cfixed(v, p).padStart(w); }

/** An address from its stored bytes: 6 = Ethernet, 4 = IPv4, 16 = IPv6. */
export function addrStr(b: Uint8Array): string {
  switch (b.length) {
    case 4: return ipv4ToStr(b);
    case 6: return etherToStr(b);
    case 16: return ipv6ToStr(b);
    default: return '';
  }
}

/**
 * printf("%.Pf"): the exact decimal value of the double, rounded half-to-even at P digits
 * (Number#toFixed rounds ties away from zero, which glibc does not).
 */
export function cfixed(v: number, p: number): string {
  // Number#toFixed rounds the exact value too, and differs only on an exact tie: then the digit after the last kept
  // one is a 5 with nothing after it, which toFixed(p + 1) shows as a final 5. Otherwise it is the answer.
  if (p < 99 && v !== 0 && v < 1e21 && v > -1e21) {
    const s = v.toFixed(p + 1);
    if (s.charCodeAt(s.length - 1) !== 0x35) return v.toFixed(p);
  }
  return cfixedExact(v, p);
}

function cfixedExact(v: number, p: number): string {
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : v < 0 ? '-inf' : '-nan';
  const neg = v < 0 || Object.is(v, -0);
  const exact = Math.abs(v).toFixed(100);
  const dot = exact.indexOf('.');
  const intPart = exact.slice(0, dot), frac = exact.slice(dot + 1);
  const keep = intPart + frac.slice(0, p);
  const rest = frac.slice(p);
  let up = false;
  if (rest[0]! > '5') up = true;
  else if (rest[0] === '5') {
    if (/[1-9]/.test(rest.slice(1))) up = true;
    else up = (Number(keep[keep.length - 1] ?? '0') % 2) === 1;
  }
  let digits = keep;
  if (up) {
    const arr = digits.split('');
    let i = arr.length - 1;
    while (i >= 0) {
      if (arr[i] === '9') { arr[i] = '0'; i--; } else { arr[i] = String(Number(arr[i]) + 1); break; }
    }
    digits = (i < 0 ? '1' : '') + arr.join('');
  }
  const ip = digits.slice(0, digits.length - p) || '0';
  const out = p > 0 ? `${ip}.${digits.slice(digits.length - p)}` : ip;
  return (neg && /[1-9]/.test(out) ? '-' : neg ? '-' : '') + out;
}
