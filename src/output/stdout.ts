// Buffered, synchronous writes to stdout: one write(2) per 64 KiB, flushed at exit or per packet with -l.
import * as fs from 'node:fs';

let buf = '';
const LIMIT = 1 << 16;
let broken = false;
/** In-process runs (cli/run-buffer.ts): output goes to these instead of fd 1 and 2. */
let captureOut: ((s: string) => void) | null = null;
let captureErr: ((s: string) => void) | null = null;

/** Sends stdout/stderr text to callbacks (null: back to the file descriptors). */
export function captureOutput(o: ((s: string) => void) | null, e: ((s: string) => void) | null): void {
  flush();
  captureOut = o; captureErr = e; broken = false; buf = ''; pos = 0;
}

/** Bytes waiting for fd 1 (text is encoded as it comes: no long concatenated string to flatten). */
const bytes = Buffer.allocUnsafe(LIMIT * 2);
let pos = 0;

export function out(s: string): void {
  if (captureOut) {
    buf += s;
    if (buf.length >= LIMIT) flush();
    return;
  }
  // a UTF-16 unit takes at most 3 UTF-8 bytes
  if (pos + s.length * 3 > bytes.length) {
    flush();
    if (s.length * 3 > bytes.length) { writeOut(Buffer.from(s, 'utf8')); return; }
  }
  pos += bytes.write(s, pos, 'utf8');
  if (pos >= LIMIT) flush();
}

export function flush(): void {
  if (captureOut) {
    if (!buf.length || broken) { buf = ''; return; }
    const b = buf; buf = ''; captureOut(b); return;
  }
  if (!pos || broken) { pos = 0; return; }
  const n = pos;
  pos = 0;
  writeOut(bytes.subarray(0, n));
}

function writeOut(data: Buffer): void {
  if (broken) return;
  let off = 0;
  while (off < data.length) {
    try {
      off += fs.writeSync(1, data, off, data.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') { sleepBriefly(); continue; }
      if (code === 'EPIPE') { broken = true; return; }
      throw e;
    }
  }
}

const sab = new Int32Array(new SharedArrayBuffer(4));
function sleepBriefly(): void { Atomics.wait(sab, 0, 0, 1); }

/** True once the reader of stdout has gone away (EPIPE): callers stop producing output. */
export function stdoutBroken(): boolean { return broken; }

export function err(s: string): void {
  if (captureErr) { captureErr(s); return; }
  try { fs.writeSync(2, s); } catch { /* stderr gone: nothing to report to */ }
}
