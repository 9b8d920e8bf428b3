// Renders a tree item's label the way proto_item_fill_label does: "Name: value", value strings,
// bitfield prefixes ("0100 .... = Version: 4"), and the value formats of each field type.
import { etherToStr, hexBytes, ipv6ToStr } from '../dissect/address.js';
import { NsTime, fmtSecNsec } from '../dissect/time.js';
import { type FieldValue, PNode, setLabelRenderer } from '../dissect/tree.js';
import { BASE, bitWidth, FT, type FieldDef, isInteger } from '../fields/types.js';




/** Hex digits Wireshark uses for a field: from the mask's width when there is one, else the type's. */
export function hexDigits(hf: FieldDef): number {
  if (hf.mask) {
    let m = hf.mask / 2 ** hf.shift, bits = 0;
    while (m >= 1) { m = Math.floor(m / 2); bits++; }
    return Math.ceil(bits / 4);
  }
  return Math.ceil(bitWidth(hf.type) / 4) || 1;
}

export function hex(v: number | bigint, digits: number): string { return '0x' + v.toString(16).padStart(digits, '0'); }

/** The value-string name for v, if the field has one. */
export function valueName(hf: FieldDef, v: number): string | undefined {
  if (hf.strings) return hf.strings.get(v);
  if (hf.ranges) for (const [lo, hi, s] of hf.ranges) if (v >= lo && v <= hi) return s;
  return undefined;
}

/** An integer as its base prints it, without value-string decoration. */
export function intRepr(hf: FieldDef, v: number | bigint): string {
  switch (hf.base & 0xff) {
    case BASE.HEX: return hex(v, hexDigits(hf));
    case BASE.OCT: return '0' + v.toString(8);
    case BASE.DEC_HEX: return `${v} (${hex(v, hexDigits(hf))})`;
    case BASE.HEX_DEC: return `${hex(v, hexDigits(hf))} (${v})`;
    default: return String(v);
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Nov 25, 2026 04:46:09.015547000 UTC" (tshark runs in UTC here; local time is the machine's). */
export function absTimeRepr(t: NsTime, utc = true): string {
  const d = new Date(t.sec * 1000);
  const get = utc
    ? { y: d.getUTCFullYear(), mo: d.getUTCMonth(), da: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds() }
    : { y: d.getFullYear(), mo: d.getMonth(), da: d.getDate(), h: d.getHours(), mi: d.getMinutes(), s: d.getSeconds() };
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const tz = utc ? 'UTC' : localTzName(d);
  return `${MONTHS[get.mo]} ${String(get.da).padStart(2, ' ')}, ${get.y} ${p2(get.h)}:${p2(get.mi)}:${p2(get.s)}.${String(t.nsec).padStart(9, '0')} ${tz}`;
}

function localTzName(d: Date): string {
  const m = /\(([^)]+)\)$/.exec(d.toString());
  const name = m?.[1] ?? 'UTC';
  if (name === 'Coordinated Universal Time') return 'UTC';
  // Node gives long names; tshark prints the abbreviation from tzname.
  return name.split(' ').map(w => w[0]).join('');
}

/** True when the local time zone is UTC (the usual case for servers and CI). */
const LOCAL_IS_UTC = new Date().getTimezoneOffset() === 0 && (process.env.TZ === undefined || /^(UTC|GMT|Etc\/UTC|:?UTC0?)?$/.test(process.env.TZ));

/** The value part of a label (what follows "Name: "). */
export function valueRepr(hf: FieldDef, v: FieldValue): string {
  switch (hf.type) {
    case FT.NONE: case FT.PROTOCOL: return '';
    case FT.BOOLEAN: {
      const set = typeof v === 'boolean' ? v : v !== 0 && v !== 0n && v !== null;
      if (hf.tfs) return set ? hf.tfs.t : hf.tfs.f;
      return set ? 'True' : 'False';
    }
    case FT.IPv4: return typeof v === 'number' ? `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}` : String(v);
    case FT.IPv6: return v instanceof Uint8Array ? ipv6ToStr(v) : String(v);
    case FT.ETHER: return v instanceof Uint8Array ? etherToStr(v) : String(v);
    case FT.BYTES: case FT.UINT_BYTES:
      if (!(v instanceof Uint8Array)) return String(v ?? '');
      if (!v.length) return '<MISSING>';
      // Wireshark shows at most 36 bytes, then an ellipsis.
      return v.length > 36 ? hexBytes(v.subarray(0, 36)) + '\u2026' : hexBytes(v);
    case FT.ABSOLUTE_TIME:
      if (!(v instanceof NsTime)) return String(v);
      if (hf.base === BASE.ABSOLUTE_TIME_UNIX) return `${fmtSecNsec(v.sec, v.nsec)} seconds`;
      return absTimeRepr(v, hf.base === BASE.ABSOLUTE_TIME_UTC || LOCAL_IS_UTC);
    case FT.RELATIVE_TIME: return v instanceof NsTime ? `${fmtSecNsec(v.sec, v.nsec)} seconds` : String(v);
    case FT.STRING: case FT.STRINGZ: case FT.UINT_STRING: case FT.STRINGZPAD: case FT.STRINGZTRUNC:
      return formatText(String(v ?? ''));
    case FT.FLOAT: case FT.DOUBLE: return typeof v === 'number' ? fmtDouble(v) : String(v);
    default:
      if (isInteger(hf.type) && (typeof v === 'number' || typeof v === 'bigint')) {
        let name = valueName(hf, Number(v));
        // A field with value strings shows "Unknown (N)" for values it does not list, as Wireshark does.
        if (name === undefined && (hf.strings || hf.ranges)) name = 'Unknown';
        if (name !== undefined) {
          const b = hf.base & 0xff;
          return `${name} (${b === BASE.HEX || b === BASE.HEX_DEC ? hex(v, hexDigits(hf)) : String(v)})`;
        }
        return intRepr(hf, v) + (hf.unit ?? '');
      }
      return String(v);
  }
}

/** %g-like shortest form as Wireshark prints doubles. */
export function fmtDouble(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(15)));
}

/** Wireshark's format_text: non-printable bytes escaped. */
export function formatText(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) { out += s[i]; continue; }
    switch (c) {
      case 7: out += '\\a'; break; case 8: out += '\\b'; break; case 12: out += '\\f'; break;
      case 10: out += '\\n'; break; case 13: out += '\\r'; break; case 9: out += '\\t'; break; case 11: out += '\\v'; break;
      default: out += c < 0x20 || c === 0x7f ? '\\' + c.toString(8).padStart(3, '0') : s[i];
    }
  }
  return out;
}

/** "0110 .... " style prefix for a bitmask field. */
export function bitPrefix(hf: FieldDef, raw: number): string {
  const width = hf.type === FT.BOOLEAN ? hf.base : bitWidth(hf.type);
  if (!width || !hf.mask) return '';
  let s = '';
  for (let i = width - 1; i >= 0; i--) {
    const bit = 2 ** i;
    const inMask = Math.floor(hf.mask / bit) % 2 === 1;
    s += inMask ? (Math.floor(raw / bit) % 2 === 1 ? '1' : '0') : '.';
    if (i % 4 === 0 && i) s += ' ';
  }
  return s + ' = ';
}

export function renderLabel(n: PNode): string {
  if (n.text !== null) return n.text;
  const hf = n.hf;
  if (!hf) return '';
  if (hf.type === FT.PROTOCOL || hf.type === FT.NONE) return hf.name;
  const v = n.value;
  let prefix = '';
  if (hf.mask && (typeof v === 'number' || typeof v === 'boolean')) {
    const raw = typeof v === 'boolean' ? (v ? hf.mask : 0) : v * 2 ** hf.shift;
    prefix = bitPrefix(hf, raw);
  }
  return `${prefix}${hf.name}: ${valueRepr(hf, v)}`;
}

setLabelRenderer(renderLabel);
