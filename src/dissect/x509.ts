// X.509 certificates inside TLS Certificate messages (packet-x509af.c and friends, as tshark 4.0 shows them).
// A small DER walker covers the usual certificate shape: version, serial, algorithms, names, validity, RSA keys,
// and the common extensions. Layers x509sat / x509ce are recorded like tshark's BER sub-dissectors.
import type { Packet } from './packet.js';
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

function kids(b: Uint8Array, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let p = t.off + t.hdr;
  const end = p + t.len;
  while (p < end) { const c = tlv(b, p, end); if (!c) break; out.push(c); p = c.off + c.hdr + c.len; }
  return out;
}

const OIDS = new Map<string, string>([
  ['2.5.4.3', 'id-at-commonName'], ['2.5.4.6', 'id-at-countryName'], ['2.5.4.7', 'id-at-localityName'],
  ['2.5.4.8', 'id-at-stateOrProvinceName'], ['2.5.4.10', 'id-at-organizationName'], ['2.5.4.11', 'id-at-organizationalUnitName'],
  ['2.5.4.5', 'id-at-serialNumber'], ['1.2.840.113549.1.9.1', 'pkcs-9-at-emailAddress'],
  ['1.2.840.113549.1.1.1', 'rsaEncryption'], ['1.2.840.113549.1.1.5', 'sha1WithRSAEncryption'],
  ['1.2.840.113549.1.1.11', 'sha256WithRSAEncryption'], ['1.2.840.113549.1.1.12', 'sha384WithRSAEncryption'],
  ['1.2.840.113549.1.1.13', 'sha512WithRSAEncryption'], ['1.2.840.113549.1.1.10', 'id-RSASSA-PSS'],
  ['1.2.840.10045.2.1', 'id-ecPublicKey'], ['1.2.840.10045.4.3.2', 'ecdsa-with-SHA256'],
  ['1.2.840.10045.4.3.3', 'ecdsa-with-SHA384'], ['1.2.840.10045.4.3.4', 'ecdsa-with-SHA512'],
  ['1.2.840.10045.3.1.7', 'secp256r1'], ['1.3.132.0.34', 'secp384r1'], ['1.3.132.0.35', 'secp521r1'],
  ['1.3.101.112', 'id-Ed25519'],
  ['2.5.29.14', 'id-ce-subjectKeyIdentifier'], ['2.5.29.15', 'id-ce-keyUsage'], ['2.5.29.17', 'id-ce-subjectAltName'],
  ['2.5.29.19', 'id-ce-basicConstraints'], ['2.5.29.31', 'id-ce-cRLDistributionPoints'], ['2.5.29.32', 'id-ce-certificatePolicies'],
  ['2.5.29.35', 'id-ce-authorityKeyIdentifier'], ['2.5.29.37', 'id-ce-extKeyUsage'],
]);

const STRING_TYPES = new Map<number, [string, number]>([
  [0x0c, ['uTF8String', 4]], [0x13, ['printableString', 1]], [0x14, ['teletexString', 0]], [0x16, ['ia5String', -1]],
  [0x1e, ['bmpString', 3]], [0x1c, ['universalString', 2]],
]);

function oidStr(b: Uint8Array, t: Tlv): string {
  const p = t.off + t.hdr, end = p + t.len;
  if (t.len === 0) return '';
  const first = b[p]!;
  const parts: number[] = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  let v = 0;
  for (let i = p + 1; i < end; i++) { v = v * 128 + (b[i]! & 0x7f); if (!(b[i]! & 0x80)) { parts.push(v); v = 0; } }
  return parts.join('.');
}
const oidName = (o: string): string => OIDS.get(o) ?? o;
const body = (b: Uint8Array, t: Tlv): Uint8Array => b.subarray(t.off + t.hdr, t.off + t.hdr + t.len);
const hex = (u: Uint8Array): string => Buffer.from(u).toString('hex');
/** Bytes as tshark prints FT_BYTES: at most 36, then an ellipsis. */
const hexTrunc = (u: Uint8Array): string => u.length > 36 ? hex(u.subarray(0, 36)) + '\u2026' : hex(u);
const text = (u: Uint8Array): string => Buffer.from(u).toString('latin1');

interface Ctx { b: Uint8Array; tvb: Tvb; base: number; pkt: Packet }

/** Offset of a TLV relative to the tvb. */
const rel = (c: Ctx, t: Tlv): number => t.off - c.base;
const size = (t: Tlv): number => t.hdr + t.len;

function integerText(u: Uint8Array): string {
  if (u.length <= 4) { let v = 0; for (const x of u) v = v * 256 + x; return String(v); }
  return '0x' + hexTrunc(u);
}

/** One RDN as tshark summarises it: "id-at-commonName=example.test". */
function rdnText(c: Ctx, set: Tlv): string[] {
  const out: string[] = [];
  for (const atv of kids(c.b, set)) {
    const [o, v] = kids(c.b, atv);
    if (!o || !v) continue;
    out.push(`${oidName(oidStr(c.b, o))}=${text(body(c.b, v))}`);
  }
  return out;
}

function nameSummary(c: Ctx, name: Tlv): string {
  const rdns = kids(c.b, name).map(s => rdnText(c, s).join('+'));
  return rdns.reverse().join(',');
}

function dissectName(c: Ctx, t: Item, name: Tlv, label: string): void {
  const { tvb, b } = c;
  const nt = t.addText(tvb, rel(c, name), size(name), `${label}: rdnSequence (0)`);
  const sets = kids(b, name);
  const summary = nameSummary(c, name);
  const seq = nt.addText(tvb, rel(c, name), size(name), `rdnSequence: ${sets.length} item${sets.length === 1 ? '' : 's'} (${summary})`);
  for (const set of sets) {
    const atvs = kids(b, set);
    const st = seq.addText(tvb, rel(c, set), size(set), `RDNSequence item: ${atvs.length} item${atvs.length === 1 ? '' : 's'} (${rdnText(c, set).join('+')})`);
    for (const atv of atvs) {
      const [o, v] = kids(b, atv);
      if (!o || !v) continue;
      const on = oidStr(b, o);
      const at = st.addText(tvb, rel(c, atv), size(atv), `RelativeDistinguishedName item (${oidName(on)}=${text(body(b, v))})`);
      at.addText(tvb, rel(c, o), size(o), `Object Id: ${on} (${oidName(on)})`);
      c.pkt.layers.push('x509sat');
      const st2 = STRING_TYPES.get(v.tag);
      if (on === '2.5.4.6' || !st2) {
        const nm = v.tag === 0x13 ? 'CountryName' : 'DirectoryString';
        at.addText(tvb, rel(c, v), size(v), `${nm}: ${text(body(b, v))}`);
      } else {
        const ds = at.addText(tvb, rel(c, v), size(v), `DirectoryString: ${st2[0]} (${st2[1]})`);
        ds.addText(tvb, rel(c, v) + v.hdr, v.len, `${st2[0]}: ${text(body(b, v))}`);
      }
    }
  }
}

function timeText(b: Uint8Array, t: Tlv): string {
  const s = text(body(b, t));
  if (t.tag === 0x17 && s.length >= 12) {
    const y = Number(s.slice(0, 2));
    return `${y < 50 ? 2000 + y : 1900 + y}-${s.slice(2, 4)}-${s.slice(4, 6)} ${s.slice(6, 8)}:${s.slice(8, 10)}:${s.slice(10, 12)} (UTC)`;
  }
  if (s.length >= 14) return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)} ${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)} (UTC)`;
  return s;
}

function algorithm(c: Ctx, t: Item, alg: Tlv, label: string): void {
  const [o, params] = kids(c.b, alg);
  const on = o ? oidStr(c.b, o) : '';
  const at = t.addText(c.tvb, rel(c, alg), size(alg), `${label} (${oidName(on)})`);
  if (o) at.addText(c.tvb, rel(c, o), size(o), `Algorithm Id: ${on} (${oidName(on)})`);
  if (params && params.tag === 0x06 && on === '1.2.840.10045.2.1') {
    const cn = oidStr(c.b, params);
    const pt = at.addText(c.tvb, rel(c, params), size(params), 'ECParameters: namedCurve (1)');
    pt.addText(c.tvb, rel(c, params), size(params), `namedCurve: ${cn} (${oidName(cn)})`);
  }
}

function dissectExtension(c: Ctx, t: Item, ext: Tlv): void {
  const { b, tvb } = c;
  const parts = kids(b, ext);
  const o = parts[0];
  if (!o) return;
  const on = oidStr(b, o);
  const et = t.addText(tvb, rel(c, ext), size(ext), `Extension (${oidName(on)})`);
  et.addText(tvb, rel(c, o), size(o), `Extension Id: ${on} (${oidName(on)})`);
  let i = 1;
  if (parts[i]?.tag === 0x01) { et.addText(tvb, rel(c, parts[i]!), size(parts[i]!), `critical: ${b[parts[i]!.off + 2] ? 'True' : 'False'}`); i++; }
  const val = parts[i];
  if (!val) return;
  c.pkt.layers.push('x509ce');
  const inner = tlv(b, val.off + val.hdr, val.off + val.hdr + val.len);
  if (!inner) return;
  switch (on) {
    case '2.5.29.14':
      et.addText(tvb, rel(c, inner), size(inner), `SubjectKeyIdentifier: ${hexTrunc(body(b, inner))}`);
      break;
    case '2.5.29.35': {
      const at = et.addText(tvb, rel(c, inner), size(inner), 'AuthorityKeyIdentifier');
      for (const k of kids(b, inner)) if (k.tag === 0x80) at.addText(tvb, rel(c, k), size(k), `keyIdentifier: ${hexTrunc(body(b, k))}`);
      break;
    }
    case '2.5.29.19': {
      const bt = et.addText(tvb, rel(c, inner), size(inner), 'BasicConstraintsSyntax');
      for (const k of kids(b, inner)) {
        if (k.tag === 0x01) bt.addText(tvb, rel(c, k), size(k), `cA: ${b[k.off + 2] ? 'True' : 'False'}`);
        else if (k.tag === 0x02) bt.addText(tvb, rel(c, k), size(k), `pathLenConstraint: ${integerText(body(b, k))}`);
      }
      break;
    }
    default:
      break;
  }
}

/** Appends the subject to the Certificate item and adds the certificate's tree under it. */
export function dissectCertificate(tvb: Tvb, off: number, len: number, item: Item, pkt: Packet): void {
  if (tvb.remaining(off) < len) return;
  const b = tvb.buf, base = tvb.off;
  const c: Ctx = { b, tvb, base, pkt };
  const cert = tlv(b, base + off, base + off + len);
  if (!cert || cert.tag !== 0x30) return;
  const [tbs, sigAlg, sig] = kids(b, cert);
  if (!tbs || tbs.tag !== 0x30) return;
  let f = kids(b, tbs);
  let version: Tlv | null = null;
  if (f[0]?.tag === 0xa0) { version = f[0]; f = f.slice(1); }
  const [serial, sigAlgInner, issuer, validity, subject, spki, ...rest] = f;
  if (!serial || !sigAlgInner || !issuer || !validity || !subject || !spki) return;
  if (!item.real) {
    // Layers are recorded as tshark's BER sub-dissectors do, tree or not.
    for (const n of [issuer, subject]) for (const s of kids(b, n)) for (const _ of kids(b, s)) pkt.layers.push('x509sat');
    for (const r of rest) if (r.tag === 0xa3) { const exts = kids(b, r)[0]; if (exts) for (const _ of kids(b, exts)) pkt.layers.push('x509ce'); }
    return;
  }
  item.appendText(` (${nameSummary(c, subject)})`);
  const st = item.addText(tvb, rel(c, tbs), size(tbs), 'signedCertificate');
  if (version) {
    const vi = kids(b, version)[0];
    const v = vi ? b[vi.off + vi.hdr + vi.len - 1]! : 0;
    st.addText(tvb, rel(c, version), size(version), `version: v${v + 1} (${v})`);
  }
  st.addText(tvb, rel(c, serial), size(serial), `serialNumber: ${integerText(body(b, serial))}`);
  algorithm(c, st, sigAlgInner, 'signature');
  dissectName(c, st, issuer, 'issuer');
  const vt = st.addText(tvb, rel(c, validity), size(validity), 'validity');
  const [nb, na] = kids(b, validity);
  for (const [lbl, t] of [['notBefore', nb], ['notAfter', na]] as const) {
    if (!t) continue;
    const kind = t.tag === 0x17 ? 'utcTime (0)' : 'generalTime (1)';
    const tt = vt.addText(tvb, rel(c, t), size(t), `${lbl}: ${kind}`);
    tt.addText(tvb, rel(c, t) + t.hdr, t.len, `${t.tag === 0x17 ? 'utcTime' : 'generalTime'}: ${timeText(b, t)}`);
  }
  dissectName(c, st, subject, 'subject');
  const pt = st.addText(tvb, rel(c, spki), size(spki), 'subjectPublicKeyInfo');
  const [palg, pkey] = kids(b, spki);
  if (palg) algorithm(c, pt, palg, 'algorithm');
  if (pkey) {
    const keyBytes = body(b, pkey).subarray(1);
    const palgOid = palg ? kids(b, palg)[0] : undefined;
    const isRsa = palgOid !== undefined && oidStr(b, palgOid) === '1.2.840.113549.1.1.1';
    if (!isRsa) pt.addText(tvb, rel(c, pkey) + pkey.hdr, 1, `Padding: ${b[pkey.off + pkey.hdr]}`);
    const kt = pt.addText(tvb, rel(c, pkey) + pkey.hdr + 1, pkey.len - 1, `subjectPublicKey: ${hexTrunc(keyBytes)}`);
    if (isRsa) {
      const rsa = tlv(b, pkey.off + pkey.hdr + 1, pkey.off + pkey.hdr + pkey.len);
      if (rsa) {
        const [mod, exp] = kids(b, rsa);
        if (mod) kt.addText(tvb, rel(c, mod), size(mod), `modulus: ${integerText(body(b, mod))}`);
        if (exp) kt.addText(tvb, rel(c, exp), size(exp), `publicExponent: ${integerText(body(b, exp))}`);
      }
    }
  }
  for (const r of rest) {
    if (r.tag !== 0xa3) continue;
    const exts = kids(b, r)[0];
    if (!exts) continue;
    const list = kids(b, exts);
    const et = st.addText(tvb, rel(c, r), size(r), `extensions: ${list.length} item${list.length === 1 ? '' : 's'}`);
    for (const e of list) dissectExtension(c, et, e);
  }
  if (sigAlg) algorithm(c, item, sigAlg, 'algorithmIdentifier');
  if (sig) {
    item.addText(tvb, rel(c, sig) + sig.hdr, 1, `Padding: ${b[sig.off + sig.hdr]}`);
    item.addText(tvb, rel(c, sig) + sig.hdr + 1, sig.len - 1, `encrypted: ${hexTrunc(body(b, sig).subarray(1))}`);
  }
}
