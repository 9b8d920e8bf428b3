// X.509 certificates inside TLS Certificate messages. For now: the subject summary tshark appends to the
// Certificate item ("(id-at-commonName=…)"); the full ASN.1 tree is not built yet.
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

interface Tlv { tag: number; off: number; len: number; hdr: number }

function tlv(b: Uint8Array, off: number, end: number): Tlv | null {
  if (off + 2 > end) return null;
  const tag = b[off]!;
  let len = b[off + 1]!, hdr = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || off + 2 + n > end) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = (len << 8) | b[off + 2 + i]!;
    hdr += n;
  }
  if (off + hdr + len > end) return null;
  return { tag, off, len, hdr };
}

function children(b: Uint8Array, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let p = t.off + t.hdr;
  const end = p + t.len;
  while (p < end) { const c = tlv(b, p, end); if (!c) break; out.push(c); p = c.off + c.hdr + c.len; }
  return out;
}

const ATTR_NAMES = new Map<string, string>([
  ['2.5.4.3', 'id-at-commonName'], ['2.5.4.6', 'id-at-countryName'], ['2.5.4.7', 'id-at-localityName'],
  ['2.5.4.8', 'id-at-stateOrProvinceName'], ['2.5.4.10', 'id-at-organizationName'], ['2.5.4.11', 'id-at-organizationalUnitName'],
]);

function oid(b: Uint8Array, t: Tlv): string {
  const p = t.off + t.hdr, end = p + t.len;
  if (t.len === 0) return '';
  const parts: number[] = [Math.floor(b[p]! / 40), b[p]! % 40];
  let v = 0;
  for (let i = p + 1; i < end; i++) { v = v * 128 + (b[i]! & 0x7f); if (!(b[i]! & 0x80)) { parts.push(v); v = 0; } }
  return parts.join('.');
}

/** The subject as tshark summarises it: "id-at-commonName=example.test" (RDNs joined by ","). */
export function subjectSummary(b: Uint8Array, off: number, len: number): string | null {
  const cert = tlv(b, off, off + len);
  if (!cert || cert.tag !== 0x30) return null;
  const tbs = children(b, cert)[0];
  if (!tbs || tbs.tag !== 0x30) return null;
  let f = children(b, tbs);
  if (f[0]?.tag === 0xa0) f = f.slice(1);
  const subject = f[4];
  if (!subject || subject.tag !== 0x30) return null;
  const rdns: string[] = [];
  for (const set of children(b, subject)) {
    for (const atv of children(b, set)) {
      const [o, v] = children(b, atv);
      if (!o || !v) continue;
      const id = oid(b, o);
      const name = ATTR_NAMES.get(id) ?? id;
      rdns.push(`${name}=${Buffer.from(b.subarray(v.off + v.hdr, v.off + v.hdr + v.len)).toString('latin1')}`);
    }
  }
  return rdns.join(',');
}

export function dissectCertificate(tvb: Tvb, off: number, len: number, item: Item): void {
  if (!item.real || tvb.remaining(off) < len) return;
  const s = subjectSummary(tvb.buf, tvb.off + off, len);
  if (s) item.appendText(` (${s})`);
}
