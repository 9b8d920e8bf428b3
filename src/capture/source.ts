// Opens a capture (file, gzip-compressed file or stdin), sniffs its format by magic number and feeds
// records to a sink. Regular files are read synchronously in large chunks and parsed in place.
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { isPcapMagic, PCAP_HEADER_LEN, PcapParser } from './pcap.js';
import { PCAPNG_SHB, PcapngParser } from './pcapng.js';
import { CaptureError, type CaptureRecord, type FormatParser, type RecordSink } from './record.js';

const CHUNK = 4 * 1024 * 1024;

/** Called with the bytes read so far while a regular file is read (the progress bar); null: nobody asks. */
let readProgress: ((pos: number) => void) | null = null;
export function onReadProgress(cb: ((pos: number) => void) | null): void { readProgress = cb; }
/** CaptureError('short') detail: the file ends inside a file header rather than a packet. */
export const SHORT_OTHER = 'other data';

export class OpenError extends Error {
  constructor(readonly kind: 'enoent' | 'directory' | 'unknown-format' | 'access' | 'io' | 'special', detail = '') { super(detail || kind); }
}

function u32be(b: Uint8Array, o: number): number { return (b[o]! << 24 | b[o + 1]! << 16 | b[o + 2]! << 8 | b[o + 3]!) >>> 0; }

/**
 * Builds the parser for a stream that starts with `head`. Returns null when more bytes are needed,
 * throws OpenError when the bytes are no capture format we know.
 */
function sniff(head: Uint8Array, atEof: boolean): { parser: FormatParser; skip: number } | null {
  if (head.length < 4) {
    if (atEof) { if (head.length === 0) return { parser: new PcapngParser(), skip: 0 }; throw new OpenError('unknown-format'); }
    return null;
  }
  const magic = u32be(head, 0);
  if (isPcapMagic(magic)) {
    if (head.length < PCAP_HEADER_LEN) { if (atEof) throw new CaptureError('short', SHORT_OTHER); return null; }
    return { parser: new PcapParser(head), skip: PCAP_HEADER_LEN };
  }
  if (magic === PCAPNG_SHB) {
    // a first section header with no known byte-order magic: not a pcapng file at all (wiretap's open fails)
    if (head.length < 12) { if (atEof) throw new CaptureError('short'); return null; }
    const bom = u32be(head, 8);
    if (bom !== 0x1a2b3c4d && bom !== 0x4d3c2b1a) throw new OpenError('unknown-format');
    return { parser: new PcapngParser(), skip: 0 };
  }
  throw new OpenError('unknown-format');
}

export interface ReadStats { records: number }

/** Feeds a sequence of chunks to the right parser; shared by every byte source. */
export class ChunkFeeder {
  private pending: Uint8Array = new Uint8Array(0);
  parser: FormatParser | null = null;
  constructor(private readonly sink: RecordSink, private readonly onParser?: (p: FormatParser) => void) {}

  /** Returns false when the sink asked to stop. */
  push(chunk: Uint8Array): boolean {
    let buf = this.pending.length ? concat(this.pending, chunk) : chunk;
    let off = 0;
    if (!this.parser) {
      const s = sniff(buf, false);
      if (!s) { this.pending = buf.slice(); return true; }
      this.parser = s.parser; off = s.skip;
      this.onParser?.(this.parser);
    }
    off = this.parser.parse(buf, off, buf.length, this.sink);
    if (this.parser.stopped) return false;
    // Keep the unparsed tail (copied: the chunk's memory may be reused by its producer).
    this.pending = off < buf.length ? buf.slice(off) : new Uint8Array(0);
    buf = this.pending;
    return true;
  }

  end(): void {
    if (!this.parser) {
      const s = sniff(this.pending, true);
      if (!s) return;
      this.parser = s.parser;
      this.onParser?.(this.parser);
      const off = this.parser.parse(this.pending, s.skip, this.pending.length, this.sink);
      if (off < this.pending.length && !this.parser.stopped) throw new CaptureError('short');
      return;
    }
    if (this.pending.length && !this.parser.stopped) throw new CaptureError('short');
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0); out.set(b, a.length);
  return out;
}

/** Reads a regular, uncompressed file synchronously: one buffer, refilled in place. */
function readFileSync(fd: number, first: Uint8Array, sink: RecordSink, onParser?: (p: FormatParser) => void): FormatParser {
  // Parsers take subarray views per record: Uint8Array's are much cheaper to make than Buffer's.
  let buf = new Uint8Array(CHUNK);
  buf.set(first, 0);
  let end = first.length;
  let eof = false;
  let pos = 0;
  const fill = (): void => {
    while (!eof && end < buf.length) {
      const n = fs.readSync(fd, buf, end, buf.length - end, null);
      if (n === 0) eof = true; else { end += n; pos += n; }
    }
    if (readProgress) readProgress(pos);
  };
  fill();
  const s = sniff(buf.subarray(0, end), eof);
  if (!s) throw new CaptureError('short');
  const parser = s.parser;
  onParser?.(parser);
  let off = s.skip;
  for (;;) {
    off = parser.parse(buf, off, end, sink);
    if (parser.stopped) return parser;
    if (eof) {
      if (off < end) throw new CaptureError('short');
      return parser;
    }
    // Move the partial record to the front and refill; grow the buffer if one record is bigger than it.
    const rest = end - off;
    const need = rest > 0 ? parser.needed(buf, off, end) : 0;
    if (need > buf.length) {
      // A record longer than what is left of the file is cut short: no need to make room for it.
      let size = -1;
      try { size = fs.fstatSync(fd).size; } catch { /* not a regular file */ }
      if (size >= 0 && rest + (size - pos) < need) throw new CaptureError('short');
      const nb = new Uint8Array(Math.max(need, buf.length * 2));
      nb.set(buf.subarray(off, end), 0);
      buf = nb;
    } else if (off > 0) buf.copyWithin(0, off, end);
    end = rest; off = 0;
    fill();
  }
}

/** Reads any stream of capture bytes (stdin, gunzip output). */
async function readStream(stream: NodeJS.ReadableStream, sink: RecordSink, onParser?: (p: FormatParser) => void): Promise<FormatParser | null> {
  const feeder = new ChunkFeeder(sink, onParser);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (!feeder.push(chunk)) { (stream as unknown as { destroy?: () => void }).destroy?.(); return feeder.parser; }
    }
  } catch (e) {
    throw shortBeforeHeader(translateZlib(e), feeder);
  }
  feeder.end();
  return feeder.parser;
}

/** Opens a capture file for reading; throws OpenError with the reason tshark gives (missing, directory, special file, …). */
function openForReading(path: string): number {
  try {
    const st = fs.statSync(path);
    if (st.isDirectory()) throw new OpenError('directory');
    if (!st.isFile() && !st.isFIFO()) throw new OpenError('special');
    return fs.openSync(path, 'r');
  } catch (e) {
    if (e instanceof OpenError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new OpenError('enoent');
    if (code === 'EACCES' || code === 'EPERM') throw new OpenError('access');
    throw new OpenError('io', String((e as Error).message));
  }
}

/** Opens path ('-' for stdin) and streams its records to sink. Resolves with the parser (interfaces). */
export async function readCapture(path: string, sink: RecordSink, onParser?: (p: FormatParser) => void): Promise<FormatParser | null> {
  if (path === '-') {
    // wiretap reads a regular file or a pipe; a terminal, device or socket is "not a regular file"
    let st: fs.Stats | null = null;
    try { st = fs.fstatSync(0); } catch { /* no stdin: read what comes */ }
    if (st && (st.isCharacterDevice() || st.isBlockDevice() || st.isSocket())) throw new OpenError('special');
    return readStream(gunzipIfNeeded(process.stdin), sink, onParser);
  }
  const fd = openForReading(path);
  try {
    const head = Buffer.alloc(2);
    const n = fs.readSync(fd, head, 0, 2, 0);
    if (n === 2 && head[0] === 0x1f && head[1] === 0x8b) {
      const gz = fs.createReadStream('', { fd, autoClose: false, start: 0, highWaterMark: CHUNK }).pipe(zlib.createGunzip({ chunkSize: 1024 * 1024 }));
      return await readStream(gz, sink, onParser).catch(e => { throw translateZlib(e); });
    }
    return readFileSync(fd, new Uint8Array(0), sink, onParser);
  } finally {
    fs.closeSync(fd);
  }
}

/** A compressed stream that ends before the capture's file header was read: wiretap says "or other data". */
function shortBeforeHeader(e: unknown, feeder: ChunkFeeder): unknown {
  if (e instanceof CaptureError && e.kind === 'short' && !feeder.parser) return new CaptureError('short', SHORT_OTHER);
  return e;
}

function translateZlib(e: unknown): unknown {
  if (e instanceof CaptureError || e instanceof OpenError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'Z_BUF_ERROR') return new CaptureError('short');
  if (typeof code === 'string' && code.startsWith('Z_')) return new CaptureError('decompress', (e as Error).message);
  return e;
}

/** Wraps stdin so that gzip-compressed input is decompressed, sniffed by its first two bytes. */
function gunzipIfNeeded(input: NodeJS.ReadableStream): NodeJS.ReadableStream {
  const { PassThrough } = require_stream();
  const out = new PassThrough({ highWaterMark: CHUNK });
  let decided = false;
  let head = Buffer.alloc(0);
  const decide = (gz: boolean): void => {
    decided = true;
    if (gz) {
      const g = zlib.createGunzip();
      g.on('error', e => out.destroy(translateZlib(e) as Error));
      g.pipe(out);
      g.write(head);
      input.on('data', d => g.write(d));
      input.on('end', () => g.end());
    } else {
      out.write(head);
      input.on('data', d => out.write(d));
      input.on('end', () => out.end());
    }
  };
  const onData = (d: Buffer): void => {
    head = Buffer.concat([head, d]);
    if (head.length >= 2) { input.removeListener('data', onData); input.removeListener('end', onEnd); decide(head[0] === 0x1f && head[1] === 0x8b); }
  };
  const onEnd = (): void => { if (!decided) { out.write(head); out.end(); } };
  input.on('data', onData);
  input.on('end', onEnd);
  return out;
}

import * as streamMod from 'node:stream';
function require_stream(): typeof streamMod { return streamMod; }

/**
 * Parses a whole capture held in memory (in-process runs, the fuzz harness): the same sniffing and parsers as a
 * file, gzip-compressed bytes included. Throws OpenError / CaptureError as readCapture does.
 */
export function readCaptureBytes(bytes: Uint8Array, sink: RecordSink, onParser?: (p: FormatParser) => void): FormatParser | null {
  let truncated = false;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    let raw: Buffer;
    const gunzip = (flush?: number): Buffer => {
      try {
        return zlib.gunzipSync(bytes, flush === undefined ? { maxOutputLength: GUNZIP_MAX_IN_MEMORY } : { maxOutputLength: GUNZIP_MAX_IN_MEMORY, finishFlush: flush });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ERR_BUFFER_TOO_LARGE') throw new CaptureError('decompress', 'output larger than the in-memory limit');
        throw translateZlib(e);
      }
    };
    try {
      raw = gunzip();
    } catch (e) {
      // a cut stream: the records it holds are read, then the file is reported cut short (as the streamed file is)
      if (!(e instanceof CaptureError && e.kind === 'short')) throw e;
      raw = gunzip(zlib.constants.Z_SYNC_FLUSH);
      truncated = true;
    }
    bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
  }
  const feeder = new ChunkFeeder(sink, onParser);
  try {
    if (feeder.push(bytes)) {
      if (truncated) throw new CaptureError('short');
      feeder.end();
    }
  } catch (e) {
    throw shortBeforeHeader(e, feeder);
  }
  return feeder.parser;
}

/** Decompressed size limit for in-memory gzip input (files are streamed and have no such limit). */
export const GUNZIP_MAX_IN_MEMORY = 64 * 1024 * 1024;

/**
 * Pull-style reading (the library's openCapture): the records of each chunk, copied, one array per chunk. Memory
 * stays bounded by a chunk's worth of records because the next chunk is only read when the consumer asks.
 */
export async function* recordBatches(path: string | Uint8Array | AsyncIterable<Uint8Array>,
  onParser?: (p: FormatParser) => void): AsyncGenerator<CaptureRecord[]> {
  let batch: CaptureRecord[] = [];
  const feeder = new ChunkFeeder(rec => { batch.push({ ...rec, data: new Uint8Array(rec.data) }); /* a copy, even of a Buffer view */ }, onParser);
  const chunks = typeof path === 'string' ? fileChunks(path) : path instanceof Uint8Array ? oneChunk(path) : path;
  try {
    for await (const chunk of maybeGunzip(chunks)) {
      feeder.push(chunk);
      if (batch.length) { const b = batch; batch = []; yield b; }
    }
    feeder.end();
  } catch (e) { throw translateZlib(e); }
  if (batch.length) yield batch;
}

async function* oneChunk(b: Uint8Array): AsyncGenerator<Uint8Array> { yield b; }

/** A file's bytes in chunks ('-' is stdin), with readCapture's open errors. */
function fileChunks(path: string): AsyncIterable<Uint8Array> {
  if (path === '-') return process.stdin;
  return fs.createReadStream('', { fd: openForReading(path), highWaterMark: CHUNK });
}

/** Passes bytes through, or gunzips them when they start with gzip's magic (backpressure kept: pull-driven). */
async function* maybeGunzip(src: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const it = src[Symbol.asyncIterator]();
  let head: Uint8Array = new Uint8Array(0);
  let done = false;
  while (head.length < 2 && !done) {
    const r = await it.next();
    if (r.done) done = true; else head = head.length ? concat(head, r.value) : r.value;
  }
  async function* rest(): AsyncGenerator<Uint8Array> {
    if (head.length) yield head;
    while (!done) { const r = await it.next(); if (r.done) return; yield r.value; }
  }
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const gz = streamMod.Readable.from(rest()).pipe(zlib.createGunzip({ chunkSize: 1024 * 1024 }));
    yield* gz as AsyncIterable<Uint8Array>;
  } else yield* rest();
}
