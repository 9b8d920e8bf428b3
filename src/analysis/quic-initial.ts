// The server name a QUIC client asks for: QUIC Initial packets are encrypted, but with keys anyone can derive from
// the packet's Destination Connection ID (RFC 9001 §5.2; RFC 9369 for QUIC v2). This decrypts client Initials,
// gathers their CRYPTO frames and reads the TLS ClientHello's server_name. It is analysis, not a dissector: nothing
// here is shown in the protocol tree (typeshark does not dissect QUIC yet; tshark shows such packets as QUIC).
import * as crypto from 'node:crypto';

interface Version { salt: Buffer; key: string; iv: string; hp: string; initialType: number }
const VERSIONS = new Map<number, Version>([
  [0x00000001, { salt: Buffer.from('38762cf7f55934b34d179ae6a4c80cadccbb7f0a', 'hex'), key: 'quic key', iv: 'quic iv', hp: 'quic hp', initialType: 0 }],
  [0x6b3343cf, { salt: Buffer.from('0dede3def700a6db819381be6e269dcbf9bd2ed9', 'hex'), key: 'quicv2 key', iv: 'quicv2 iv', hp: 'quicv2 hp', initialType: 1 }],
]);

/** HKDF-Expand-Label of TLS 1.3 (RFC 8446 §7.1) with an empty context, for outputs of at most 32 bytes. */
function expandLabel(secret: Buffer, label: string, len: number): Buffer {
  const full = Buffer.from('tls13 ' + label, 'ascii');
  const info = Buffer.concat([Buffer.from([len >> 8, len & 255, full.length]), full, Buffer.from([0])]);
  return crypto.createHmac('sha256', secret).update(Buffer.concat([info, Buffer.from([1])])).digest().subarray(0, len);
}

interface Keys { key: Buffer; iv: Buffer; hp: Buffer }
function clientKeys(v: Version, dcid: Uint8Array): Keys {
  const initial = crypto.createHmac('sha256', v.salt).update(dcid).digest();
  const client = expandLabel(initial, 'client in', 32);
  return { key: expandLabel(client, v.key, 16), iv: expandLabel(client, v.iv, 12), hp: expandLabel(client, v.hp, 16) };
}

/** A QUIC variable-length integer at b[o]: [value, bytes], or null past the end. */
function varint(b: Uint8Array, o: number): [number, number] | null {
  if (o >= b.length) return null;
  const n = 1 << (b[o]! >> 6);
  if (o + n > b.length) return null;
  let v = b[o]! & 0x3f;
  for (let i = 1; i < n; i++) v = v * 256 + b[o + i]!;
  return [v, n];
}

export interface InitialPacket { version: number; dcid: Uint8Array; scid: Uint8Array; fromClient: boolean; crypto: { offset: number; data: Uint8Array }[] }

/**
 * Decrypts the first packet of a UDP datagram when it is a client Initial of QUIC v1/v2 and returns its CRYPTO
 * frames; null when the datagram is anything else or does not decrypt (a server Initial, a Retry, garbage).
 * `dcids` are connection IDs to try for the keys besides the packet's own (the client's first DCID).
 */
export function decryptClientInitial(b: Uint8Array, dcids: readonly Uint8Array[] = []): InitialPacket | null {
  if (b.length < 7 || (b[0]! & 0xc0) !== 0xc0) return null;
  const version = (b[1]! << 24 | b[2]! << 16 | b[3]! << 8 | b[4]!) >>> 0;
  const v = VERSIONS.get(version);
  if (!v || ((b[0]! >> 4) & 3) !== v.initialType) return null;
  let o = 5;
  const dl = b[o++]!;
  if (dl > 20 || o + dl >= b.length) return null;
  const dcid = b.subarray(o, o + dl); o += dl;
  const sl = b[o++]!;
  if (sl > 20 || o + sl >= b.length) return null;
  const scid = b.subarray(o, o + sl); o += sl;
  const tok = varint(b, o); if (!tok) return null;
  o += tok[1] + tok[0];
  const len = varint(b, o); if (!len) return null;
  o += len[1];
  const pnOff = o, end = pnOff + len[0];
  if (end > b.length || len[0] < 20 + 16) return null;
  for (const id of [dcid, ...dcids]) {
    const r = tryKeys(b, clientKeys(v, id), pnOff, end);
    if (r) return { version, dcid, scid, fromClient: true, crypto: r };
  }
  return null;
}

function tryKeys(b: Uint8Array, k: Keys, pnOff: number, end: number): { offset: number; data: Uint8Array }[] | null {
  const sample = b.subarray(pnOff + 4, pnOff + 20);
  const ecb = crypto.createCipheriv('aes-128-ecb', k.hp, null);
  const mask = ecb.update(sample);
  const first = b[0]! ^ (mask[0]! & 0x0f);
  const pnLen = (first & 3) + 1;
  const header = Buffer.from(b.subarray(0, pnOff + pnLen));
  header[0] = first;
  let pn = 0;
  for (let i = 0; i < pnLen; i++) { header[pnOff + i] = b[pnOff + i]! ^ mask[1 + i]!; pn = pn * 256 + header[pnOff + i]!; }
  const nonce = Buffer.from(k.iv);
  for (let i = 0; i < 4; i++) nonce[11 - i]! ^= (pn >>> (8 * i)) & 255;
  const body = b.subarray(pnOff + pnLen, end - 16), tag = b.subarray(end - 16, end);
  let plain: Buffer;
  try {
    const d = crypto.createDecipheriv('aes-128-gcm', k.key, nonce);
    d.setAAD(header); d.setAuthTag(tag);
    plain = Buffer.concat([d.update(body), d.final()]);
  } catch { return null; }
  return cryptoFrames(plain);
}

/** The CRYPTO frames of a decrypted Initial payload (PADDING, PING, ACK and CONNECTION_CLOSE are stepped over). */
function cryptoFrames(p: Uint8Array): { offset: number; data: Uint8Array }[] | null {
  const out: { offset: number; data: Uint8Array }[] = [];
  let o = 0;
  while (o < p.length) {
    const t = p[o]!;
    if (t === 0x00 || t === 0x01) { o++; continue; }
    if (t === 0x06) {
      const off = varint(p, o + 1); if (!off) return null;
      const len = varint(p, o + 1 + off[1]); if (!len) return null;
      const s = o + 1 + off[1] + len[1];
      if (s + len[0] > p.length) return null;
      out.push({ offset: off[0], data: p.subarray(s, s + len[0]) });
      o = s + len[0];
      continue;
    }
    if (t === 0x02 || t === 0x03) {
      // ACK: largest, delay, range count, first range, then count × (gap, length), then ECN counts for 0x03
      let q = o + 1;
      const fields: number[] = [];
      for (let i = 0; i < 4; i++) { const x = varint(p, q); if (!x) return null; fields.push(x[0]); q += x[1]; }
      for (let i = 0; i < fields[2]! * 2 + (t === 0x03 ? 3 : 0); i++) { const x = varint(p, q); if (!x) return null; q += x[1]; }
      o = q;
      continue;
    }
    break; // CONNECTION_CLOSE or an unexpected frame: what came before is kept
  }
  return out;
}

/** server_name from a TLS ClientHello handshake message (type 1, 3-byte length, body), or null. */
export function clientHelloServerName(h: Uint8Array): string | null {
  if (h.length < 4 || h[0] !== 1) return null;
  const end = Math.min(h.length, 4 + (h[1]! << 16 | h[2]! << 8 | h[3]!));
  let o = 4 + 2 + 32;
  if (o >= end) return null;
  o += 1 + h[o]!; // session id
  if (o + 2 > end) return null;
  o += 2 + (h[o]! << 8 | h[o + 1]!); // cipher suites
  if (o >= end) return null;
  o += 1 + h[o]!; // compression methods
  if (o + 2 > end) return null;
  const extEnd = Math.min(end, o + 2 + (h[o]! << 8 | h[o + 1]!));
  o += 2;
  while (o + 4 <= extEnd) {
    const type = h[o]! << 8 | h[o + 1]!, len = h[o + 2]! << 8 | h[o + 3]!;
    o += 4;
    if (type === 0 && o + 5 <= extEnd) {
      // server_name_list: list length, then name type 0 (host_name), 2-byte length, name
      const nl = h[o + 3]! << 8 | h[o + 4]!;
      if (h[o + 2] === 0 && o + 5 + nl <= extEnd) return Buffer.from(h.subarray(o + 5, o + 5 + nl)).toString('latin1');
      return null;
    }
    o += len;
  }
  return null;
}

/**
 * Follows one QUIC connection's client Initials until the ClientHello is whole (its CRYPTO frames may come in
 * several packets and out of order) and yields its server name. Bounded: gives up past 64 KiB or 16 packets.
 */
export class QuicSniTracker {
  private readonly parts: { offset: number; data: Uint8Array }[] = [];
  private firstDcid: Uint8Array | null = null;
  private packets = 0;
  done = false;
  serverName: string | null = null;

  /** Feeds one UDP payload from the client; returns the server name once known. */
  feed(payload: Uint8Array): string | null {
    if (this.done) return this.serverName;
    const ini = decryptClientInitial(payload, this.firstDcid ? [this.firstDcid] : []);
    if (!ini) return null;
    this.firstDcid ??= new Uint8Array(ini.dcid);
    for (const c of ini.crypto) this.parts.push({ offset: c.offset, data: new Uint8Array(c.data) });
    if (++this.packets > 16) { this.done = true; return null; }
    const hello = this.assemble();
    if (hello) { this.done = true; this.serverName = clientHelloServerName(hello); }
    return this.serverName;
  }

  /** The ClientHello when the CRYPTO stream holds all of it from offset 0. */
  private assemble(): Uint8Array | null {
    this.parts.sort((a, b) => a.offset - b.offset);
    const buf = new Uint8Array(65536);
    let have = 0;
    for (const p of this.parts) {
      if (p.offset > have) break;
      const end = Math.min(buf.length, p.offset + p.data.length);
      if (end > have) { buf.set(p.data.subarray(have - p.offset, end - p.offset), have); have = end; }
    }
    if (have < 4) return null;
    const need = 4 + (buf[1]! << 16 | buf[2]! << 8 | buf[3]!);
    if (need > buf.length) { this.done = true; return null; }
    return have >= need ? buf.subarray(0, need) : null;
  }
}
