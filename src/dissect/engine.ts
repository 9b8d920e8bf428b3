// Runs one record through the dissectors: fills the reused Packet, optionally builds the tree.
import type { CaptureRecord } from '../capture/record.js';
import { dissectFrame, type FrameContext } from './frame.js';
import { Packet } from './packet.js';
import { type Item, NULL_ITEM, PNode, ShallowRoot } from './tree.js';

export interface EngineOptions {
  /** Build the protocol tree (for -V, -T json/fields, filters). */
  tree: boolean;
  /** With tree: only the top-level items (ShallowRoot), when every consumer reads nothing else (io,phs). */
  shallow?: boolean;
  frame: FrameContext;
  /** Without a tree: a sparse item (e.g. the filter's field collector) to hand the dissectors instead of NULL_ITEM. */
  sink?: { begin(): Item } | null;
}

export class Engine {
  readonly pkt = new Packet();
  private count = 0;
  private firstSec = 0; private firstNsec = 0;
  private prevSec = 0; private prevNsec = 0;
  private dispSec = 0; private dispNsec = 0;
  private haveDisplayed = false;
  private haveFirst = false;

  constructor(readonly opts: EngineOptions) {}

  /** Dissects the next record. The returned Packet is reused by the next call. */
  dissect(rec: CaptureRecord, tree = this.opts.tree): Packet {
    const p = this.pkt;
    p.reset();
    p.num = ++this.count;
    p.data = rec.data; p.caplen = rec.caplen; p.len = rec.len;
    p.tsSec = rec.tsSec; p.tsNsec = rec.tsNsec;
    p.linktype = rec.linktype; p.ifaceId = rec.ifaceLocal ?? rec.ifaceId; p.section = rec.section ?? 0;
    if (!this.haveFirst) {
      // The time reference is the file's first frame, even when -2 -R drops it or numbering restarts.
      this.haveFirst = true;
      this.firstSec = this.prevSec = rec.tsSec; this.firstNsec = this.prevNsec = rec.tsNsec;
    }
    [p.relSec, p.relNsec] = sub(rec.tsSec, rec.tsNsec, this.firstSec, this.firstNsec);
    [p.deltaSec, p.deltaNsec] = sub(rec.tsSec, rec.tsNsec, this.prevSec, this.prevNsec);
    if (this.haveDisplayed) [p.deltaDispSec, p.deltaDispNsec] = sub(rec.tsSec, rec.tsNsec, this.dispSec, this.dispNsec);
    else { p.deltaDispSec = 0; p.deltaDispNsec = 0; }
    this.prevSec = rec.tsSec; this.prevNsec = rec.tsNsec;
    if (tree) {
      const root = this.opts.shallow ? new ShallowRoot(null, rec.data, 0, rec.caplen, null, null) : new PNode(null, rec.data, 0, rec.caplen, null, null);
      p.root = root;
      dissectFrame(p, root, this.opts.frame);
    } else {
      dissectFrame(p, this.opts.sink ? this.opts.sink.begin() : NULL_ITEM, this.opts.frame);
    }
    return p;
  }

  /**
   * A record another worker dissects (--workers): numbered and timed like the others (frame numbers, relative and
   * delta times stay those of the whole file), not dissected.
   */
  skip(rec: CaptureRecord): void {
    this.count++;
    // The time reference is the first record read, skipped or not (dissect() reads haveFirst).
    if (!this.haveFirst) { this.haveFirst = true; this.firstSec = rec.tsSec; this.firstNsec = rec.tsNsec; }
    this.prevSec = rec.tsSec; this.prevNsec = rec.tsNsec;
  }

  /**
   * First pass of -2: the frame just dissected failed the read filter; like tshark, its number is given to the
   * next frame (the frame is dropped from the file's frame list).
   */
  discardLast(): void { this.count--; }

  /** Second pass of -2: number the kept frames from 1 again, dissect with pkt.visited set. */
  beginSecondPass(): void {
    this.count = 0;
    this.prevSec = this.firstSec; this.prevNsec = this.firstNsec;
    this.haveDisplayed = false;
    this.pkt.visited = true;
  }

  /** The packet just dissected passed the display filter (for frame.time_delta_displayed). */
  markDisplayed(): void {
    this.haveDisplayed = true;
    this.dispSec = this.pkt.tsSec; this.dispNsec = this.pkt.tsNsec;
  }
}

function sub(aS: number, aN: number, bS: number, bN: number): [number, number] {
  // nstime_delta: the nanoseconds are a C int (out-of-range capture fractions wrap)
  let s = aS - bS, n = (aN - bN) | 0;
  if (n < 0 && s > 0) { n += 1e9; s -= 1; } else if (n > 0 && s < 0) { n -= 1e9; s += 1; }
  return [s, n];
}
