// Live capture through the libpcap addon: opens interfaces, installs capture filters, and hands records
// to a sink in batches. The addon captures in its own thread and queues packets, so the event loop is never
// blocked and a slow consumer does not make the kernel drop packets (tshark gets the same from dumpcap).
import type { CaptureRecord, RecordSink } from './record.js';
import { loadAddon, PCAP_IF_LOOPBACK, type PcapAddon, type PcapDevice, type PcapStats } from './native.js';

export interface LiveInterfaceSpec {
  /** Device name as libpcap knows it. */
  name: string;
  snaplen: number;
  promisc: boolean;
  /** Kernel buffer in bytes. */
  bufferSize: number;
  filter: string | null;
  /** Read timeout in ms (dumpcap uses 250). */
  timeoutMs?: number;
  immediate?: boolean;
}

export interface OpenedInterface {
  spec: LiveInterfaceSpec;
  id: number;
  linktype: number;
  snaplen: number;
}

/** Why a device could not be opened, with libpcap's own text (see dumpcap's messages in cli/live.ts). */
export class LiveOpenError extends Error {
  constructor(readonly kind: 'nodevice' | 'perm' | 'promiscperm' | 'notup' | 'rfmon' | 'other' | 'filter',
    readonly iface: LiveInterfaceSpec, readonly detail: string) { super(detail); }
}

/** A read failed mid-capture (interface went down...). */
export class LiveReadError extends Error {
  constructor(readonly iface: LiveInterfaceSpec, readonly detail: string) { super(detail); }
}

const BATCH_BYTES = 8 * 1024 * 1024;
/** Reads per readable event before yielding to timers and signals. */
const READS_PER_WAKEUP = 8;

export class LiveCapture {
  readonly ifaces: OpenedInterface[] = [];
  private readonly buf = Buffer.allocUnsafe(BATCH_BYTES);
  private readonly rec: CaptureRecord = { data: new Uint8Array(0), caplen: 0, len: 0, tsSec: 0, tsNsec: 0, linktype: 0, ifaceId: 0 };
  private running = false;
  private stopped = false;
  private sink: RecordSink | null = null;
  private onError: ((e: LiveReadError) => void) | null = null;
  private onBatch: (() => void) | null = null;

  constructor(private readonly pcap: PcapAddon) {}

  /** Opens every interface (and sets its filter) or throws LiveOpenError; nothing stays open on failure. */
  open(specs: LiveInterfaceSpec[]): void {
    try {
      for (const spec of specs) {
        let r;
        try {
          r = this.pcap.open(spec.name, {
            snaplen: spec.snaplen, promisc: spec.promisc, bufferSize: spec.bufferSize,
            timeoutMs: spec.timeoutMs ?? 250, immediate: spec.immediate ?? false,
          });
        } catch (e) {
          const code = (e as { code?: string }).code ?? 'other';
          const kind = (['nodevice', 'perm', 'promiscperm', 'notup', 'rfmon'].includes(code) ? code : 'other') as LiveOpenError['kind'];
          throw new LiveOpenError(kind, spec, (e as Error).message);
        }
        this.ifaces.push({ spec, id: r.id, linktype: r.linktype, snaplen: r.snaplen });
        if (spec.filter !== null && spec.filter !== '') {
          try { this.pcap.setFilter(r.id, spec.filter, true); } catch (e) {
            throw new LiveOpenError('filter', spec, (e as Error).message);
          }
        }
      }
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /** Starts delivering records (rec.ifaceId = index in ifaces). The sink returns false to stop delivery. */
  start(sink: RecordSink, onError: (e: LiveReadError) => void, onBatch?: () => void): void {
    this.sink = sink;
    this.onError = onError;
    this.onBatch = onBatch ?? null;
    this.running = true;
    this.ifaces.forEach((iface, idx) => {
      this.pcap.watch(iface.id, () => { if (this.running) this.pump(idx, READS_PER_WAKEUP); });
    });
  }

  /** Reads what is waiting on one interface, up to `rounds` batches. */
  private pump(idx: number, rounds: number): void {
    const iface = this.ifaces[idx]!;
    const buf = this.buf, rec = this.rec, sink = this.sink!;
    for (let round = 0; round < rounds && !this.stopped; round++) {
      let n: number, bytes: number;
      try {
        [n, bytes] = this.pcap.read(iface.id, buf, 1 << 30);
      } catch (e) {
        this.stopped = true;
        this.onError?.(new LiveReadError(iface.spec, (e as Error).message));
        return;
      }
      if (n === 0) return;
      if (round === rounds - 1 && this.running) setImmediate(() => { if (this.running) this.pump(idx, rounds); });
      rec.linktype = iface.linktype;
      rec.ifaceId = idx;
      let off = 0;
      for (let i = 0; i < n; i++) {
        const caplen = buf.readUInt32LE(off + 8);
        rec.tsSec = buf.readUInt32LE(off);
        rec.tsNsec = buf.readUInt32LE(off + 4);
        rec.caplen = caplen;
        rec.len = buf.readUInt32LE(off + 12);
        rec.data = buf.subarray(off + 16, off + 16 + caplen);
        off += 16 + ((caplen + 3) & ~3);
        if (sink(rec) === false) { this.stopped = true; this.onBatch?.(); return; }
      }
      if (off !== bytes) throw new Error('live capture: batch layout mismatch');
      this.onBatch?.();
    }
  }

  /** Stops the callbacks, then reads what the kernel still holds (so a stop loses nothing already captured). */
  stop(drain = true): void {
    if (!this.running) return;
    this.running = false;
    for (const i of this.ifaces) { try { this.pcap.unwatch(i.id); this.pcap.breakLoop(i.id); } catch { /* closed */ } }
    if (drain) for (let idx = 0; idx < this.ifaces.length && !this.stopped; idx++) this.pump(idx, 64);
    this.stopped = true;
  }

  stats(idx: number): PcapStats | null {
    const i = this.ifaces[idx];
    if (!i) return null;
    try { return this.pcap.stats(i.id); } catch { return null; }
  }

  close(): void {
    this.running = false;
    for (const i of this.ifaces) { try { this.pcap.close(i.id); } catch { /* already closed */ } }
  }
}

/** The addon (or null) — re-exported for the CLI. */
export function pcapAddon(): PcapAddon | null { return loadAddon(); }

/** libpcap's device list. */
export function listDevices(pcap: PcapAddon): PcapDevice[] { return pcap.findAllDevs(); }

export function isLoopback(d: PcapDevice): boolean { return (d.flags & PCAP_IF_LOOPBACK) !== 0; }
