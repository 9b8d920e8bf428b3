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
export function fixed(v: number, w: number, p: number): string { return v.toFixed(p).padStart(w); }

/** An address from its stored bytes: 6 = Ethernet, 4 = IPv4, 16 = IPv6. */
export function addrStr(b: Uint8Array): string {
  switch (b.length) {
    case 4: return ipv4ToStr(b);
    case 6: return etherToStr(b);
    case 16: return ipv6ToStr(b);
    default: return '';
  }
}
