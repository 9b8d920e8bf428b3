// The Time column in each of tshark's -t / -u formats.
import type { Packet } from '../dissect/packet.js';

export type TimeFormat = 'r' | 'a' | 'ad' | 'adoy' | 'd' | 'dd' | 'e' | 'u' | 'ud' | 'udoy';

function frac(nsec: number, digits: number): string {
  if (digits === 0) return '';
  return '.' + String(Math.floor(nsec / 10 ** (9 - digits))).padStart(digits, '0');
}

/**
 * Signed seconds with `digits` fraction digits (truncated), as display_signed_time does: the seconds keep their own
 * sign, a negative fraction is shown by its size, with a "-" in front when the seconds are not negative themselves.
 * (Seconds and fraction can differ in sign: wiretap keeps out-of-range fractions, and differences of them stay so.)
 */
export function relSeconds(sec: number, nsec: number, digits: number): string {
  if (nsec < 0) return (sec >= 0 ? '-' : '') + String(sec) + frac(-nsec, digits);
  return String(sec) + frac(nsec, digits);
}

function hms(sec: number, nsec: number, digits: number): string {
  if (sec < 0 || nsec < 0) {
    // one sign for the whole value: carry so that both parts share it, then show the size
    let s = sec, n = nsec;
    if (s > 0 && n < 0) { s -= 1; n += 1e9; } else if (s < 0 && n > 0) { s += 1; n -= 1e9; }
    if (s > 0 || n > 0) return hms(s, n, digits);
    return '-' + hms(-s, -n, digits);
  }
  const d = Math.floor(sec / 86400), h = Math.floor(sec / 3600) % 24, m = Math.floor(sec / 60) % 60, s = sec % 60;
  let out = '';
  if (d) out = `${d}d ${String(h).padStart(2, '0')}h ${String(m).padStart(2, '0')}m `;
  else if (h) out = `${h}h ${String(m).padStart(2, '0')}m `;
  else if (m) out = `${m}m `;
  if (d || h || m) return `${out}${String(s).padStart(2, '0')}${frac(nsec, digits)}s`;
  return `${s}${frac(nsec, digits)}s`;
}

function p2(n: number): string { return n < 10 ? '0' + n : String(n); }

function clock(sec: number, nsec: number, digits: number, utc: boolean, date: 'none' | 'ymd' | 'doy'): string {
  const d = new Date(sec * 1000);
  const Y = utc ? d.getUTCFullYear() : d.getFullYear();
  const M = (utc ? d.getUTCMonth() : d.getMonth()) + 1;
  const D = utc ? d.getUTCDate() : d.getDate();
  const time = `${p2(utc ? d.getUTCHours() : d.getHours())}:${p2(utc ? d.getUTCMinutes() : d.getMinutes())}:${p2(utc ? d.getUTCSeconds() : d.getSeconds())}${frac(nsec, digits)}`;
  if (date === 'ymd') return `${Y}-${p2(M)}-${p2(D)} ${time}`;
  if (date === 'doy') {
    const start = utc ? Date.UTC(Y, 0, 1) : new Date(Y, 0, 1).getTime();
    const doy = Math.floor((d.getTime() - start) / 86400000) + 1;
    return `${Y}/${String(doy).padStart(3, '0')} ${time}`;
  }
  return time;
}

export function formatTime(p: Packet, fmt: TimeFormat, digits: number, hmsSecs: boolean): string {
  switch (fmt) {
    case 'r': return hmsSecs ? hms(p.relSec, p.relNsec, digits) : relSeconds(p.relSec, p.relNsec, digits);
    case 'd': return hmsSecs ? hms(p.deltaSec, p.deltaNsec, digits) : relSeconds(p.deltaSec, p.deltaNsec, digits);
    case 'dd': return hmsSecs ? hms(p.deltaDispSec, p.deltaDispNsec, digits) : relSeconds(p.deltaDispSec, p.deltaDispNsec, digits);
    case 'e': return relSeconds(p.tsSec, p.tsNsec, digits);
    case 'a': return clock(p.tsSec, p.tsNsec, digits, false, 'none');
    case 'ad': return clock(p.tsSec, p.tsNsec, digits, false, 'ymd');
    case 'adoy': return clock(p.tsSec, p.tsNsec, digits, false, 'doy');
    case 'u': return clock(p.tsSec, p.tsNsec, digits, true, 'none');
    case 'ud': return clock(p.tsSec, p.tsNsec, digits, true, 'ymd');
    case 'udoy': return clock(p.tsSec, p.tsNsec, digits, true, 'doy');
  }
}
