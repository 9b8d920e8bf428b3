// HTTP message bodies: de-chunking (chunked transfer coding) and content-encoding decompression
// (tvb_uncompress's behaviour: zlib, then a gzip header skipped by hand, then raw deflate; partial output kept).
import { brotliDecompressSync, inflateRawSync, inflateSync, constants as Z } from 'node:zlib';
import { registerFields } from '../fields/registry.js';
import { BASE, FT, type FieldDef } from '../fields/types.js';
import type { Packet } from './packet.js';
import { findLineEnd, type LineEnd, tvbFormat } from './text-util.js';
import type { Item } from './tree.js';
import { Tvb } from './tvb.js';

/**
 * Decompressed bodies larger than this are not decoded (Wireshark has no cap; we bound memory so that a
 * small compressed body cannot expand without limit). Such bodies show "Decompression failed".
 */
export const MAX_DECOMPRESSED = 64 * 1024 * 1024;

export function chunkFields(proto: FieldDef): Record<'chunked_trailer_part' | 'chunk_boundary' | 'chunk_size' | 'chunk_data', FieldDef> {
  return registerFields(proto, {
    chunked_trailer_part: { abbrev: 'http.chunked_trailer_part', name: 'trailer-part', type: FT.STRING },
    chunk_boundary: { abbrev: 'http.chunk_boundary', name: 'Chunk boundary', type: FT.BYTES },
    chunk_size: { abbrev: 'http.chunk_size', name: 'Chunk size', type: FT.UINT32, base: BASE.DEC },
    chunk_data: { abbrev: 'http.chunk_data', name: 'Chunk data', type: FT.BYTES },
  });
}

const le: LineEnd = { len: 0, next: 0 };

/** C's strtol(s, NULL, 16) truncated to 32 bits unsigned, as the chunk-size parse does. */
function strtol16(s: string): number {
  let i = 0;
  while (i < s.length && /\s/.test(s[i]!)) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') { neg = s[i] === '-'; i++; }
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) i += 2;
  let v = 0n;
  for (; i < s.length; i++) {
    const d = parseInt(s[i]!, 16);
    if (Number.isNaN(d)) break;
    v = v * 16n + BigInt(d);
    if (v > 0x7fffffffffffffffn) { v = 0x7fffffffffffffffn; }
  }
  if (neg) v = -v;
  return Number(BigInt.asUintN(32, v));
}

/**
 * chunked_encoding_dissector: adds the "HTTP chunked response" subtree and returns the de-chunked body and the
 * number of bytes of the chunked body consumed (0 when nothing was consumed).
 */
export function dechunk(tvb: Tvb, pkt: Packet, tree: Item, hf: ReturnType<typeof chunkFields>): { consumed: number; body: Tvb | null } {
  void pkt;
  let off = 0;
  let datalen = tvb.reportedRemaining(0);
  const orig = datalen;
  const sub = tree.addText(tvb, 0, datalen, 'HTTP chunked response');
  const parts: Uint8Array[] = [];
  let total = 0;
  while (datalen > 0) {
    findLineEnd(tvb, off, -1, true, le);
    if (le.len <= 0) break;
    const chunkOff = le.next;
    let line = tvb.latin1(off, le.len);
    const semi = line.indexOf(';');
    if (semi >= 0) line = line.slice(0, semi);
    let size = strtol16(line);
    if (size > datalen) size = datalen;
    parts.push(tvb.bytes(chunkOff, size));
    total += size;
    if (sub.real) {
      const c = sub.addText(tvb, off, chunkOff - off + size + 2, size === 0 ? 'End of chunked encoding' : `Data chunk (${size} octets)`);
      c.add(hf.chunk_size, tvb, off, chunkOff - off, size).setText(`Chunk size: ${size} octet${size === 1 ? '' : 's'}`);
      if (size > 0) {
        c.add(hf.chunk_data, tvb, chunkOff, size, tvb.bytes(chunkOff, size));
        c.add(hf.chunk_boundary, tvb, chunkOff + size, 2, tvb.bytes(chunkOff + size, 2));
      }
    }
    off = chunkOff + size;
    if (size > 0) off += 2;
    datalen = tvb.reportedRemaining(off);
    if (size === 0) {
      // trailer-part CRLF
      let tOff = off, tLen = 0, hlen = 0;
      do {
        tLen = tOff - off;
        findLineEnd(tvb, tOff, datalen - tLen, true, le);
        hlen = le.len;
        if (hlen >= 0) tOff = le.next;
      } while (hlen > 0);
      if (tLen > 0) {
        if (sub.real) sub.add(hf.chunked_trailer_part, tvb, off, tLen, tvb.latin1(off, tLen));
        off += tLen;
        datalen -= tLen;
      }
      if (hlen === 0) {
        if (sub.real) sub.addText(tvb, off, tOff - off, tvbFormat(tvb, off, tOff - off));
        datalen -= tOff - off;
      }
      break;
    }
  }
  if (datalen < orig) {
    sub.setLen(orig - datalen);
    const buf = new Uint8Array(total);
    let p = 0;
    for (const part of parts) { buf.set(part, p); p += part.length; }
    return { consumed: orig - datalen, body: Tvb.of(buf) };
  }
  return { consumed: orig - datalen, body: null };
}

function tryInflate(data: Uint8Array, raw: boolean): Buffer | 'data-error' | null {
  try {
    const opts = { finishFlush: Z.Z_SYNC_FLUSH, maxOutputLength: MAX_DECOMPRESSED };
    return raw ? inflateRawSync(data, opts) : inflateSync(data, opts);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'Z_DATA_ERROR') return 'data-error';
    return null;
  }
}

/** tvb_uncompress: the decompressed bytes, or null when decompression failed. */
export function uncompress(data: Uint8Array): Uint8Array | null {
  if (data.length <= 0) return null;
  const r = tryInflate(data, false);
  if (r instanceof Buffer) return r;
  if (r === null) return null;
  let start = 0;
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    // a gzip member: skip its header by hand, then inflate the raw deflate data
    if (data.length < 10 || data[2] !== 8) return null;
    const flags = data[3]!;
    let c = 10;
    if (flags & 4) {
      let xsize = 0;
      if (c < data.length) { xsize += data[c]!; c++; }
      if (c < data.length) { xsize += data[c]! << 8; c++; }
      c += xsize;
    }
    if (flags & 8) { while (c < data.length && data[c] !== 0) c++; c++; }
    if (flags & 16) { while (c < data.length && data[c] !== 0) c++; c++; }
    if (c > data.length) return null;
    start = c;
  }
  const r2 = tryInflate(data.subarray(start), true);
  return r2 instanceof Buffer ? r2 : null;
}

/** tvb_uncompress_brotli: the whole stream must decode (no partial output). */
export function uncompressBrotli(data: Uint8Array): Uint8Array | null {
  if (data.length <= 0) return null;
  try { return brotliDecompressSync(data, { maxOutputLength: MAX_DECOMPRESSED }); } catch { return null; }
}
