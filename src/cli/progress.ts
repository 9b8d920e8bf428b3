// A progress bar on stderr while a large regular file is read: only when stderr is a terminal, and not when packets
// are printed to that same terminal. It never touches stdout, and is cleared before anything else is written
// (statistics, error messages). TYPESHARK_PROGRESS=always draws it for any file from the start (tests).
import * as fs from 'node:fs';
import { onReadProgress } from '../capture/source.js';
import type { Config } from './config.js';

/** Files smaller than this read too fast for a bar. */
const MIN_SIZE = 32 << 20;
/** Nothing is drawn during the first moments (short runs stay silent), then at most every 100 ms. */
const DELAY_MS = 500, EVERY_MS = 100;

export class Progress {
  private drawn = false;
  private last = 0;
  private readonly t0 = Date.now();
  constructor(private readonly size: number, private readonly always: boolean) {}

  /** Bytes read so far. */
  at(pos: number): void {
    const now = Date.now();
    if (now - this.last < EVERY_MS || (!this.always && now - this.t0 < DELAY_MS)) return;
    this.last = now;
    const frac = this.size > 0 ? Math.min(1, pos / this.size) : 1;
    const cols = Math.max(20, Math.min(process.stderr.columns || 80, 120) - 30);
    const fill = Math.round(frac * cols);
    const mb = (b: number): string => (b / 1048576).toFixed(b < 10485760 ? 1 : 0);
    write(`\r[${'#'.repeat(fill)}${' '.repeat(cols - fill)}] ${(frac * 100).toFixed(0).padStart(3)}% ${mb(pos)}/${mb(this.size)} MiB\x1b[K`);
    this.drawn = true;
  }

  /** Byte ranges read by several threads: KiB counters in ctl[1..]. */
  shared(ctl: Int32Array): void {
    let kib = 0;
    for (let i = 1; i < ctl.length; i++) kib += Atomics.load(ctl, i);
    this.at(kib * 1024);
  }

  clear(): void {
    if (this.drawn) write('\r\x1b[K');
    this.drawn = false;
  }
}

function write(s: string): void {
  try { fs.writeSync(2, s); } catch { /* stderr gone */ }
}

let active: Progress | null = null;

/** The bar of the file being read, if any. */
export function activeProgress(): Progress | null { return active; }

/** Starts the bar for cfg.readFile when the rules allow it (see the top of this file). */
export function startProgress(cfg: Config): void {
  stopProgress();
  const path = cfg.readFile;
  if (path === null || path === '-') return;
  const always = process.env['TYPESHARK_PROGRESS'] === 'always';
  try {
    if (!fs.fstatSync(2).isCharacterDevice() || !process.stderr.isTTY) return;
    const perPacket = !(cfg.quiet || (cfg.writeFile !== null && !cfg.printWithWrite));
    if (perPacket && process.stdout.isTTY && fs.fstatSync(1).rdev === fs.fstatSync(2).rdev) return;
    const st = fs.statSync(path);
    if (!st.isFile() || (!always && st.size < MIN_SIZE)) return;
    const fd = fs.openSync(path, 'r');
    const head = Buffer.alloc(2);
    const n = fs.readSync(fd, head, 0, 2, 0);
    fs.closeSync(fd);
    if (n === 2 && head[0] === 0x1f && head[1] === 0x8b) return; // compressed: the file offset says little
    const bar = new Progress(st.size, always);
    active = bar;
    onReadProgress(pos => bar.at(pos));
  } catch {
    /* no bar */
  }
}

/** Clears the bar (before statistics or messages are written) and stops it. */
export function stopProgress(): void {
  if (!active) return;
  active.clear();
  active = null;
  onReadProgress(null);
}
