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
  captureOut = o; captureErr = e; broken = false; buf = '';
}

export function out(s: string): void {
  buf += s;
  if (buf.length >= LIMIT) flush();
}

export function flush(): void {
  if (!buf.length || broken) { buf = ''; return; }
  if (captureOut) { const b = buf; buf = ''; captureOut(b); return; }
  const data = Buffer.from(buf, 'utf8');
  buf = '';
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
