// Timestamps as (seconds, nanoseconds) pairs: a double cannot hold epoch nanoseconds exactly.

export class NsTime {
  constructor(readonly sec: number, readonly nsec: number) {}
  static diff(aSec: number, aNsec: number, bSec: number, bNsec: number): NsTime {
    let s = aSec - bSec, n = aNsec - bNsec;
    if (n < 0 && s > 0) { n += 1e9; s -= 1; } else if (n > 0 && s < 0) { n -= 1e9; s += 1; }
    return new NsTime(s, n);
  }
  toNumber(): number { return this.sec + this.nsec / 1e9; }
  cmp(o: NsTime): number { return this.sec !== o.sec ? (this.sec < o.sec ? -1 : 1) : this.nsec - o.nsec; }
}

/** "S.NNNNNNNNN" with `digits` fraction digits, truncating like Wireshark's display (not rounding). */
export function fmtSecNsec(sec: number, nsec: number, digits = 9): string {
  let neg = false;
  // (a capture can hold a negative fraction with positive seconds: one sign in front, like Wireshark)
  if (sec < 0 || nsec < 0) { neg = true; sec = Math.abs(sec); nsec = Math.abs(nsec); }
  const frac = digits === 0 ? '' : '.' + String(Math.floor(nsec / 10 ** (9 - digits))).padStart(digits, '0');
  return (neg ? '-' : '') + sec + frac;
}
