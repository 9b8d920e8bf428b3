// X.509 certificates inside TLS Certificate messages (packet-x509af.c and friends, as tshark 4.0 shows them).
// A small DER walker covers the usual certificate shape: version, serial, algorithms, names, validity, RSA keys,
// and the common extensions. Layers x509sat / x509ce are recorded like tshark's BER sub-dissectors.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import type { Packet } from './packet.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

// The fields of the ASN.1-generated dissectors (packet-x509af.c, -x509if.c, -x509sat.c, -x509ce.c, -pkcs1.c,
// packet-ber.c). Labels stay as tshark prints them; the fields give -T json / -T fields / filters their values.
const protoAf = registerProtocol('x509af', 'X.509 Authentication Framework', 'X509AF');
const af = registerFields(protoAf, {
  signedCertificate: { abbrev: 'x509af.signedCertificate_element', name: 'signedCertificate', type: FT.NONE },
  version: { abbrev: 'x509af.version', name: 'version', type: FT.INT32, base: BASE.DEC },
  serialNumber: { abbrev: 'x509af.serialNumber', name: 'serialNumber', type: FT.BYTES },
  signature: { abbrev: 'x509af.signature_element', name: 'signature', type: FT.NONE },
  algorithmId: { abbrev: 'x509af.algorithm.id', name: 'Algorithm Id', type: FT.OID },
  issuer: { abbrev: 'x509af.issuer', name: 'issuer', type: FT.UINT32, base: BASE.DEC },
  validity: { abbrev: 'x509af.validity_element', name: 'validity', type: FT.NONE },
  notBefore: { abbrev: 'x509af.notBefore', name: 'notBefore', type: FT.UINT32, base: BASE.DEC },
  notAfter: { abbrev: 'x509af.notAfter', name: 'notAfter', type: FT.UINT32, base: BASE.DEC },
  utcTime: { abbrev: 'x509af.utcTime', name: 'utcTime', type: FT.STRING },
  generalizedTime: { abbrev: 'x509af.generalizedTime', name: 'generalizedTime', type: FT.STRING },
  subject: { abbrev: 'x509af.subject', name: 'subject', type: FT.UINT32, base: BASE.DEC },
  rdnSequence: { abbrev: 'x509af.rdnSequence', name: 'rdnSequence', type: FT.UINT32, base: BASE.DEC },
  subjectPublicKeyInfo: { abbrev: 'x509af.subjectPublicKeyInfo_element', name: 'subjectPublicKeyInfo', type: FT.NONE },
  algorithm: { abbrev: 'x509af.algorithm_element', name: 'algorithm', type: FT.NONE },
  subjectPublicKey: { abbrev: 'x509af.subjectPublicKey', name: 'subjectPublicKey', type: FT.BYTES },
  extensions: { abbrev: 'x509af.extensions', name: 'extensions', type: FT.UINT32, base: BASE.DEC },
  extension: { abbrev: 'x509af.Extension_element', name: 'Extension', type: FT.NONE },
  extensionId: { abbrev: 'x509af.extension.id', name: 'Extension Id', type: FT.OID },
  critical: { abbrev: 'x509af.critical', name: 'critical', type: FT.BOOLEAN },
  algorithmIdentifier: { abbrev: 'x509af.algorithmIdentifier_element', name: 'algorithmIdentifier', type: FT.NONE },
  encrypted: { abbrev: 'x509af.encrypted', name: 'encrypted', type: FT.BYTES },
});
const protoIf = registerProtocol('x509if', 'X.509 Information Framework', 'X509IF');
const xif = registerFields(protoIf, {
  rdnSequence: { abbrev: 'x509if.rdnSequence', name: 'rdnSequence', type: FT.UINT32, base: BASE.DEC },
  rdnItem: { abbrev: 'x509if.RDNSequence_item', name: 'RDNSequence item', type: FT.UINT32, base: BASE.DEC },
  rdnAttr: { abbrev: 'x509if.RelativeDistinguishedName_item_element', name: 'RelativeDistinguishedName item', type: FT.NONE },
  oid: { abbrev: 'x509if.oid', name: 'Object Id', type: FT.OID },
});
const protoSat = registerProtocol('x509sat', 'X.509 Selected Attribute Types', 'X509SAT');
const sat = registerFields(protoSat, {
  directoryString: { abbrev: 'x509sat.DirectoryString', name: 'DirectoryString', type: FT.UINT32, base: BASE.DEC },
  countryName: { abbrev: 'x509sat.CountryName', name: 'CountryName', type: FT.STRING },
  teletexString: { abbrev: 'x509sat.teletexString', name: 'teletexString', type: FT.STRING },
  printableString: { abbrev: 'x509sat.printableString', name: 'printableString', type: FT.STRING },
  universalString: { abbrev: 'x509sat.universalString', name: 'universalString', type: FT.STRING },
  bmpString: { abbrev: 'x509sat.bmpString', name: 'bmpString', type: FT.STRING },
  uTF8String: { abbrev: 'x509sat.uTF8String', name: 'uTF8String', type: FT.STRING },
});
const DIRSTRING_FIELD = [sat.teletexString, sat.printableString, sat.universalString, sat.bmpString, sat.uTF8String];
const protoCe = registerProtocol('x509ce', 'X.509 Certificate Extensions', 'X509CE');
const ce = registerFields(protoCe, {
  subjectKeyIdentifier: { abbrev: 'x509ce.SubjectKeyIdentifier', name: 'SubjectKeyIdentifier', type: FT.BYTES },
  authorityKeyIdentifier: { abbrev: 'x509ce.AuthorityKeyIdentifier_element', name: 'AuthorityKeyIdentifier', type: FT.NONE },
  keyIdentifier: { abbrev: 'x509ce.keyIdentifier', name: 'keyIdentifier', type: FT.BYTES },
  basicConstraints: { abbrev: 'x509ce.BasicConstraintsSyntax_element', name: 'BasicConstraintsSyntax', type: FT.NONE },
  cA: { abbrev: 'x509ce.cA', name: 'cA', type: FT.BOOLEAN },
  pathLenConstraint: { abbrev: 'x509ce.pathLenConstraint', name: 'pathLenConstraint', type: FT.UINT64, base: BASE.DEC },
});
const protoPkcs1 = registerProtocol('pkcs-1', 'PKCS#1', 'PKCS-1');
const pkcs1 = registerFields(protoPkcs1, {
  modulus: { abbrev: 'pkcs1.modulus', name: 'modulus', type: FT.BYTES },
  publicExponent: { abbrev: 'pkcs1.publicExponent', name: 'publicExponent', type: FT.INT32, base: BASE.DEC },
  ecParameters: { abbrev: 'pkcs1.ECParameters', name: 'ECParameters', type: FT.UINT32, base: BASE.DEC },
  namedCurve: { abbrev: 'pkcs1.namedCurve', name: 'namedCurve', type: FT.OID },
});
const protoBer = registerProtocol('ber', 'Basic Encoding Rules (ASN.1 X.690)', 'BER');
const ber = registerFields(protoBer, {
  padding: { abbrev: 'ber.bitstring.padding', name: 'Padding', type: FT.UINT8, base: BASE.DEC },
});

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

/** A BER INTEGER: a number when it fits 4 bytes (tshark's FT_INT32 fields), else its bytes. */
function integerValue(u: Uint8Array): number | Uint8Array {
  if (u.length <= 4) { let v = 0; for (const x of u) v = v * 256 + x; return v; }
  return u;
}

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

/** issuer (x509if's rdnSequence) or subject (x509af's own SubjectName.rdnSequence). */
function dissectName(c: Ctx, t: Item, name: Tlv, label: 'issuer' | 'subject'): void {
  const { tvb, b } = c;
  const nt = t.add(label === 'issuer' ? af.issuer : af.subject, tvb, rel(c, name), size(name), 0).setText(`${label}: rdnSequence (0)`);
  const sets = kids(b, name);
  const summary = nameSummary(c, name);
  const seq = nt.add(label === 'issuer' ? xif.rdnSequence : af.rdnSequence, tvb, rel(c, name), size(name), sets.length)
    .setText(`rdnSequence: ${sets.length} item${sets.length === 1 ? '' : 's'} (${summary})`);
  for (const set of sets) {
    const atvs = kids(b, set);
    const st = seq.add(xif.rdnItem, tvb, rel(c, set), size(set), atvs.length)
      .setText(`RDNSequence item: ${atvs.length} item${atvs.length === 1 ? '' : 's'} (${rdnText(c, set).join('+')})`);
    for (const atv of atvs) {
      const [o, v] = kids(b, atv);
      if (!o || !v) continue;
      const on = oidStr(b, o);
      const at = st.add(xif.rdnAttr, tvb, rel(c, atv), size(atv), null).setText(`RelativeDistinguishedName item (${oidName(on)}=${text(body(b, v))})`);
      at.add(xif.oid, tvb, rel(c, o), size(o), on).setText(`Object Id: ${on} (${oidName(on)})`);
      c.pkt.layers.push('x509sat');
      const st2 = STRING_TYPES.get(v.tag);
      if (on === '2.5.4.6' || !st2) {
        if (v.tag === 0x13) at.add(sat.countryName, tvb, rel(c, v), size(v), text(body(b, v))).setText(`CountryName: ${text(body(b, v))}`);
        else at.addText(tvb, rel(c, v), size(v), `DirectoryString: ${text(body(b, v))}`);
      } else {
        const known = st2[1] >= 0;
        const ds = (known ? at.add(sat.directoryString, tvb, rel(c, v), size(v), st2[1]) : at.addText(tvb, rel(c, v), size(v), ''))
          .setText(`DirectoryString: ${st2[0]} (${st2[1]})`);
        (known ? ds.add(DIRSTRING_FIELD[st2[1]]!, tvb, rel(c, v) + v.hdr, v.len, text(body(b, v))) : ds.addText(tvb, rel(c, v) + v.hdr, v.len, ''))
          .setText(`${st2[0]}: ${text(body(b, v))}`);
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

const ALG_FIELD = { signature: af.signature, algorithm: af.algorithm, algorithmIdentifier: af.algorithmIdentifier };

function algorithm(c: Ctx, t: Item, alg: Tlv, label: keyof typeof ALG_FIELD): void {
  const [o, params] = kids(c.b, alg);
  const on = o ? oidStr(c.b, o) : '';
  const at = t.add(ALG_FIELD[label], c.tvb, rel(c, alg), size(alg), null).setText(`${label} (${oidName(on)})`);
  if (o) at.add(af.algorithmId, c.tvb, rel(c, o), size(o), on).setText(`Algorithm Id: ${on} (${oidName(on)})`);
  if (params && params.tag === 0x06 && on === '1.2.840.10045.2.1') {
    const cn = oidStr(c.b, params);
    const pt = at.add(pkcs1.ecParameters, c.tvb, rel(c, params), size(params), 1).setText('ECParameters: namedCurve (1)');
    pt.add(pkcs1.namedCurve, c.tvb, rel(c, params), size(params), cn).setText(`namedCurve: ${cn} (${oidName(cn)})`);
  }
}

function dissectExtension(c: Ctx, t: Item, ext: Tlv): void {
  const { b, tvb } = c;
  const parts = kids(b, ext);
  const o = parts[0];
  if (!o) return;
  const on = oidStr(b, o);
  const et = t.add(af.extension, tvb, rel(c, ext), size(ext), null).setText(`Extension (${oidName(on)})`);
  et.add(af.extensionId, tvb, rel(c, o), size(o), on).setText(`Extension Id: ${on} (${oidName(on)})`);
  let i = 1;
  if (parts[i]?.tag === 0x01) {
    const v = b[parts[i]!.off + 2] !== 0;
    et.add(af.critical, tvb, rel(c, parts[i]!), size(parts[i]!), v).setText(`critical: ${v ? 'True' : 'False'}`);
    i++;
  }
  const val = parts[i];
  if (!val) return;
  c.pkt.layers.push('x509ce');
  const inner = tlv(b, val.off + val.hdr, val.off + val.hdr + val.len);
  if (!inner) return;
  switch (on) {
    case '2.5.29.14':
      et.add(ce.subjectKeyIdentifier, tvb, rel(c, inner), size(inner), body(b, inner)).setText(`SubjectKeyIdentifier: ${hexTrunc(body(b, inner))}`);
      break;
    case '2.5.29.35': {
      const at = et.add(ce.authorityKeyIdentifier, tvb, rel(c, inner), size(inner), null).setText('AuthorityKeyIdentifier');
      for (const k of kids(b, inner)) if (k.tag === 0x80) at.add(ce.keyIdentifier, tvb, rel(c, k), size(k), body(b, k)).setText(`keyIdentifier: ${hexTrunc(body(b, k))}`);
      break;
    }
    case '2.5.29.19': {
      const bt = et.add(ce.basicConstraints, tvb, rel(c, inner), size(inner), null).setText('BasicConstraintsSyntax');
      for (const k of kids(b, inner)) {
        if (k.tag === 0x01) {
          const v = b[k.off + 2] !== 0;
          bt.add(ce.cA, tvb, rel(c, k), size(k), v).setText(`cA: ${v ? 'True' : 'False'}`);
        } else if (k.tag === 0x02) {
          const v = integerValue(body(b, k));
          const it = typeof v === 'number' ? bt.add(ce.pathLenConstraint, tvb, rel(c, k), size(k), v) : bt.addText(tvb, rel(c, k), size(k), '');
          it.setText(`pathLenConstraint: ${integerText(body(b, k))}`);
        }
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
  const st = item.add(af.signedCertificate, tvb, rel(c, tbs), size(tbs), null).setText('signedCertificate');
  if (version) {
    const vi = kids(b, version)[0];
    const v = vi ? b[vi.off + vi.hdr + vi.len - 1]! : 0;
    st.add(af.version, tvb, rel(c, version), size(version), v).setText(`version: v${v + 1} (${v})`);
  }
  st.add(af.serialNumber, tvb, rel(c, serial), size(serial), body(b, serial)).setText(`serialNumber: ${integerText(body(b, serial))}`);
  algorithm(c, st, sigAlgInner, 'signature');
  dissectName(c, st, issuer, 'issuer');
  const vt = st.add(af.validity, tvb, rel(c, validity), size(validity), null).setText('validity');
  const [nb, na] = kids(b, validity);
  for (const [lbl, t] of [['notBefore', nb], ['notAfter', na]] as const) {
    if (!t) continue;
    const utc = t.tag === 0x17;
    const kind = utc ? 'utcTime (0)' : 'generalTime (1)';
    const tt = vt.add(lbl === 'notBefore' ? af.notBefore : af.notAfter, tvb, rel(c, t), size(t), utc ? 0 : 1).setText(`${lbl}: ${kind}`);
    const tv = timeText(b, t);
    tt.add(utc ? af.utcTime : af.generalizedTime, tvb, rel(c, t) + t.hdr, t.len, tv).setText(`${utc ? 'utcTime' : 'generalTime'}: ${tv}`);
  }
  dissectName(c, st, subject, 'subject');
  const pt = st.add(af.subjectPublicKeyInfo, tvb, rel(c, spki), size(spki), null).setText('subjectPublicKeyInfo');
  const [palg, pkey] = kids(b, spki);
  if (palg) algorithm(c, pt, palg, 'algorithm');
  if (pkey) {
    const keyBytes = body(b, pkey).subarray(1);
    const palgOid = palg ? kids(b, palg)[0] : undefined;
    const isRsa = palgOid !== undefined && oidStr(b, palgOid) === '1.2.840.113549.1.1.1';
    if (!isRsa) pt.add(ber.padding, tvb, rel(c, pkey) + pkey.hdr, 1, b[pkey.off + pkey.hdr]!).setText(`Padding: ${b[pkey.off + pkey.hdr]}`);
    const kt = pt.add(af.subjectPublicKey, tvb, rel(c, pkey) + pkey.hdr + 1, pkey.len - 1, keyBytes).setText(`subjectPublicKey: ${hexTrunc(keyBytes)}`);
    if (isRsa) {
      const rsa = tlv(b, pkey.off + pkey.hdr + 1, pkey.off + pkey.hdr + pkey.len);
      if (rsa) {
        const [mod, exp] = kids(b, rsa);
        if (mod) kt.add(pkcs1.modulus, tvb, rel(c, mod), size(mod), body(b, mod)).setText(`modulus: ${integerText(body(b, mod))}`);
        if (exp) {
          const v = integerValue(body(b, exp));
          const it = typeof v === 'number' ? kt.add(pkcs1.publicExponent, tvb, rel(c, exp), size(exp), v) : kt.addText(tvb, rel(c, exp), size(exp), '');
          it.setText(`publicExponent: ${integerText(body(b, exp))}`);
        }
      }
    }
  }
  for (const r of rest) {
    if (r.tag !== 0xa3) continue;
    const exts = kids(b, r)[0];
    if (!exts) continue;
    const list = kids(b, exts);
    const et = st.add(af.extensions, tvb, rel(c, r), size(r), list.length).setText(`extensions: ${list.length} item${list.length === 1 ? '' : 's'}`);
    for (const e of list) dissectExtension(c, et, e);
  }
  if (sigAlg) algorithm(c, item, sigAlg, 'algorithmIdentifier');
  if (sig) {
    item.add(ber.padding, tvb, rel(c, sig) + sig.hdr, 1, b[sig.off + sig.hdr]!).setText(`Padding: ${b[sig.off + sig.hdr]}`);
    item.add(af.encrypted, tvb, rel(c, sig) + sig.hdr + 1, sig.len - 1, body(b, sig).subarray(1)).setText(`encrypted: ${hexTrunc(body(b, sig).subarray(1))}`);
  }
}
