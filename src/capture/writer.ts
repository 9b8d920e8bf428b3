// Shared by the capture-file writers: a buffered byte sink over a file descriptor (a file or stdout),
// and the interface description every writer needs.
import * as fs from 'node:fs';

export interface WriterInterface {
  name?: string;
  description?: string;
  linktype: number;
  snaplen: number;
  /** Capture filter in force (pcapng if_filter). */
  filter?: string;
  /** Timestamp resolution written: 9 = nanoseconds, 6 = microseconds. */
  tsResol: 6 | 9;
}

export interface InterfaceCounters { recv: number; drop: number; startSec: number; startNsec: number; endSec: number; endNsec: number }

/** Writing failed (disk full, quota, I/O error): the path and errno code, for tshark's messages. */
export class WriteError extends Error {
  constructor(readonly path: string, readonly code: string, message: string) { super(message); }
}

/** One capture-file writer: pcapng or pcap. */
export interface CaptureWriter {
  readonly path: string;
  /** Bytes handed to the writer so far (written or buffered). */
  readonly bytes: number;
  readonly packets: number;
  /** Packets handed over but not in the file after a write error. */
  readonly lost: number;
  writePacket(ifaceId: number, tsSec: number, tsNsec: number, data: Uint8Array, caplen: number, len: number): void;
  /** Writes out what is buffered (throws WriteError). */
  flush(): void;
  /** Flushes, writes end-of-capture statistics where the format has them, closes the file. */
  close(counters?: (InterfaceCounters | null)[]): void;
}

const sab = new Int32Array(new SharedArrayBuffer(4));

/** A growable output buffer flushed to fd with write(2), EAGAIN-tolerant (stdout may be non-blocking). */
export class ByteSink {
  buf: Buffer;
  len = 0;
  total = 0;
  /** Records buffered since the last successful write; after a failed write, how many were lost. */
  pending = 0;
  lost = 0;
  failed = false;
  /** Bytes known to be in the file (always a whole number of blocks). */
  private written = 0;
  private closed = false;
  /** Given the buffer and a block's start, returns that block's end and whether it is a packet record. */
  scan: ((buf: Buffer, at: number, fileOffset: number) => [number, boolean]) | null = null;

  constructor(readonly fd: number, readonly path: string, size = 1 << 20, private readonly ownsFd = true) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Makes room for n more bytes; returns the offset to write at. */
  reserve(n: number, record = false): number {
    if (this.failed) throw new WriteError(this.path, 'EIO', 'an earlier write failed');
    if (this.len + n > this.buf.length) {
      this.flush();
      if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n * 2);
    }
    const at = this.len;
    this.len += n;
    this.total += n;
    if (record) this.pending++;
    return at;
  }

  flush(): void {
    let off = 0;
    while (off < this.len) {
      try {
        off += fs.writeSync(this.fd, this.buf, off, this.len - off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
        if (code === 'EAGAIN') { Atomics.wait(sab, 0, 0, 1); continue; }
        // Cut the file back to the last whole block so that it stays readable; the records of this
        // chunk are lost, and the caller reports them.
        this.failed = true;
        let keep = 0, kept = 0;
        if (this.scan) {
          for (let at = 0; at < off;) {
            const [end, isRecord] = this.scan(this.buf, at, this.written + at);
            if (end > off || end <= at) break;
            keep = end; at = end;
            if (isRecord) kept++;
          }
        }
        this.lost += this.pending - kept;
        this.pending = 0;
        this.len = 0;
        if (this.ownsFd) { try { fs.ftruncateSync(this.fd, this.written + keep); } catch { /* not a regular file */ } }
        throw new WriteError(this.path, code, (e as Error).message);
      }
    }
    this.written += this.len;
    this.pending = 0;
    this.len = 0;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try { if (!this.failed) this.flush(); } finally {
      if (this.ownsFd) {
        try { fs.closeSync(this.fd); } catch (e) {
          throw new WriteError(this.path, (e as NodeJS.ErrnoException).code ?? 'EIO', (e as Error).message);
        }
      }
    }
  }
}

/** Opens path for writing the way dumpcap does (mode 0600, truncating); '-' is stdout. */
export function openOutput(path: string): ByteSink {
  if (path === '-') return new ByteSink(1, path, 1 << 20, false);
  const fd = fs.openSync(path, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC, 0o600);
  return new ByteSink(fd, path);
}

/** Splits a timestamp into a 64-bit count of 10^-resol seconds: [high 32 bits, low 32 bits]. */
export function tsUnits(sec: number, nsec: number, resol: 6 | 9): [number, number] {
  const mul = resol === 9 ? 1e9 : 1e6;
  const frac = resol === 9 ? nsec : Math.floor(nsec / 1000);
  const lo = (Math.imul(sec, mul) + frac) >>> 0;
  const hi = Math.round((sec * mul + frac - lo) / 4294967296);
  return [hi, lo];
}
