// The Internet checksum (RFC 1071) over packet bytes, with an optional pseudo-header sum.

/** One's-complement sum of `len` bytes at `off` in `b`, added to `init`, folded to 16 bits (not inverted). */
export function onesSum(b: Uint8Array, off: number, len: number, init = 0): number {
  let s = init;
  const end = off + len - 1;
  let i = off;
  for (; i < end; i += 2) s += (b[i]! << 8) | b[i + 1]!;
  if (i === end) s += b[i]! << 8;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return s;
}

/** The value the checksum field should hold, given the sum computed with the field itself included. */
export function shouldBe(field: number, sum: number): number {
  // in_cksum_shouldbe: the sum with the field replaced by zero, complemented
  let s = (sum & 0xffff) + ((~field) & 0xffff);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return (~s) & 0xffff;
}
