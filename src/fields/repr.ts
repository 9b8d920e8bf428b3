// A field value as text the way tshark 4.0 prints it in `-T fields` and `string()`
// (fvalue_to_string_repr with the field's display): numbers in their base, addresses canonical, times, bytes as hex.
import { etherToStr, hexBytes, ipv4NumToStr, ipv6ToStr } from '../dissect/address.js';
import { fmtSecNsec, NsTime } from '../dissect/time.js';
import { labelOf, PNode } from '../dissect/tree.js';
import type { ValueNode } from '../filter/collector.js';
import { formatText } from '../output/labels.js';
import { BASE, bitWidth, FT, type FieldDef, isInteger } from './types.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LOCAL_IS_UTC = new Date().getTimezoneOffset() === 0;

function p2(n: number): string { return n < 10 ? '0' + n : String(n); }

/** "Nov 25, 2026 04:46:13.910886000 UTC" */
export function absTimeText(t: NsTime, utc: boolean): string {
  const d = new Date(t.sec * 1000);
  const u = utc || LOCAL_IS_UTC;
  const y = u ? d.getUTCFullYear() : d.getFullYear(), mo = u ? d.getUTCMonth() : d.getMonth(), da = u ? d.getUTCDate() : d.getDate();
  const h = u ? d.getUTCHours() : d.getHours(), mi = u ? d.getUTCMinutes() : d.getMinutes(), s = u ? d.getUTCSeconds() : d.getSeconds();
  let tz = 'UTC';
  if (!u) {
    const m = /\(([^)]+)\)$/.exec(d.toString());
    tz = m ? m[1]!.split(' ').map(w => w[0]).join('') : 'UTC';
  }
  return `${MONTHS[mo]} ${p2(da)}, ${y} ${p2(h)}:${p2(mi)}:${p2(s)}.${String(t.nsec).padStart(9, '0')} ${tz}`;
}

/** %.*g as C prints it (no trailing zeros, exponent with at least two digits). */
export function fmtG(v: number, prec: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(v)));
  let s = v.toExponential(prec - 1);
  let e = parseInt(s.slice(s.indexOf('e') + 1), 10);
  if (e < -4 || e >= prec) {
    let [m, ex] = s.split('e') as [string, string];
    if (m.includes('.')) m = m.replace(/0+$/, '').replace(/\.$/, '');
    e = parseInt(ex, 10);
    return `${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  void exp;
  s = v.toFixed(Math.max(0, prec - 1 - e));
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

function hexN(v: number | bigint, digits: number): string { return '0x' + v.toString(16).padStart(digits, '0'); }

/** The text of one value of field hf (no value-string names, as -T fields prints). */
export function valueText(hf: FieldDef, v: unknown, node: ValueNode | null): string {
  switch (hf.type) {
    case FT.PROTOCOL: return node instanceof PNode ? labelOf(node) : hf.name;
    case FT.NONE: return '1';
    case FT.BOOLEAN: {
      const set = typeof v === 'boolean' ? v : v !== 0 && v !== 0n && v !== null && v !== undefined;
      return set ? '1' : '0';
    }
    case FT.IPv4: return typeof v === 'number' ? ipv4NumToStr(v) : v instanceof Uint8Array ? `${v[0]}.${v[1]}.${v[2]}.${v[3]}` : String(v ?? '');
    case FT.IPv6: return v instanceof Uint8Array ? ipv6ToStr(v) : String(v ?? '');
    case FT.ETHER: return v instanceof Uint8Array ? etherToStr(v) : String(v ?? '');
    case FT.BYTES: case FT.UINT_BYTES: case FT.GUID: case FT.OID: case FT.EUI64: case FT.REL_OID: case FT.SYSTEM_ID: case FT.FCWWN: {
      // Dissectors that decode an OID give its dotted form, which is what tshark shows.
      if (hf.type === FT.OID && typeof v === 'string') return v;
      const b = v instanceof Uint8Array ? v : node && node.buf ? node.buf.subarray(node.start, node.start + node.len) : new Uint8Array(0);
      const sep = hf.base & BASE.SEP_COLON ? ':' : hf.base & BASE.SEP_DASH ? '-' : hf.base & BASE.SEP_DOT ? '.' : hf.base & BASE.SEP_SPACE ? ' ' : '';
      return hexBytes(b, sep);
    }
    case FT.ABSOLUTE_TIME:
      if (!(v instanceof NsTime)) return String(v ?? '');
      if (hf.base === BASE.ABSOLUTE_TIME_UNIX) return fmtSecNsec(v.sec, v.nsec);
      return absTimeText(v, hf.base === BASE.ABSOLUTE_TIME_UTC);
    case FT.RELATIVE_TIME: return v instanceof NsTime ? fmtSecNsec(v.sec, v.nsec) : typeof v === 'number' ? v.toFixed(9) : String(v ?? '');
    case FT.FLOAT: return typeof v === 'number' ? fmtG(v, 6) : String(v ?? '');
    case FT.DOUBLE: return typeof v === 'number' ? fmtG(v, 15) : String(v ?? '');
    case FT.STRING: case FT.STRINGZ: case FT.UINT_STRING: case FT.STRINGZPAD: case FT.STRINGZTRUNC:
      return formatText(String(v ?? ''));
    default:
      if (isInteger(hf.type) && (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean')) {
        const n = typeof v === 'boolean' ? (v ? 1 : 0) : v;
        const digits = Math.ceil(bitWidth(hf.type) / 4) || 1;
        switch (hf.base & 0xff) {
          case BASE.HEX: case BASE.HEX_DEC: return hexN(n, digits);
          case BASE.OCT: return n === 0 || n === 0n ? '0' : '0' + n.toString(8);
          default: return String(n);
        }
      }
      return v === null || v === undefined ? '' : String(v);
  }
}
