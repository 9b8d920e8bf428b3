// Live capture (-i, -D) with tshark 4.0's options, messages and exit codes. tshark runs dumpcap and reads
// its temporary file back; typeshark captures in-process through libpcap (capture/live.ts) and writes the
// same kind of file while the same per-record pipeline (cli/pipeline.ts) prints and feeds the taps.
import { localSockets } from '../analysis/proc-sockets.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { displayName, extcapInterfaces, listLine, pcapInterfaces, type CaptureInterface } from '../capture/devices.js';
import { LiveCapture, LiveOpenError, type LiveInterfaceSpec, type LiveReadError } from '../capture/live.js';
import { addonError, loadAddon, type PcapAddon } from '../capture/native.js';
import type { CaptureRecord, InterfaceInfo } from '../capture/record.js';
import { PcapngWriter } from '../capture/pcapng-writer.js';
import { PcapWriter } from '../capture/pcap-writer.js';
import { openOutput, WriteError, type CaptureWriter, type InterfaceCounters, type WriterInterface } from '../capture/writer.js';
import { err, flush, out } from '../output/stdout.js';
import { Pipeline } from './pipeline.js';
import type { Config } from './config.js';

const APP = 'typeshark 0.1.0 (live capture compatible with TShark 4.0.17)';
const MAX_SNAPLEN = 262144;

/** A failure dumpcap would report: primary and secondary text, printed as "tshark: P\nS\n". */
class CaptureFailure extends Error {
  /** @param code tshark's exit status after this failure (an interface that goes away mid-capture still ends with 0) */
  constructor(readonly primary: string, readonly secondary = '', readonly code = 1) { super(primary); }
}

interface AutoStop { duration: number; filesize: number; files: number; packets: number }
interface Ring { duration: number; filesize: number; files: number; packets: number; interval: number; on: boolean }

export async function runLive(cfg: Config): Promise<number> {
  if (cfg.listInterfaces) return listInterfaces();
  localSockets.live = true; // -z bytes,process may look this machine's sockets up
  const opts = checkOptions(cfg);
  if (typeof opts === 'number') return opts;
  const pipe = Pipeline.create(cfg);
  if (typeof pipe === 'number') return pipe;
  const pcap = loadAddon();
  if (!pcap) { err(`tshark: ${addonError()}\n`); return 1; }
  let known: CaptureInterface[];
  try { known = pcapInterfaces(pcap); } catch (e) { err(`tshark: Can't get list of interfaces: ${(e as Error).message}\n`); return 2; }
  const specs = await interfaceSpecs(cfg, known);
  if (typeof specs === 'number') return specs;
  return new LiveRun(cfg, pcap, pipe, specs, opts.autostop, opts.ring).run();
}

async function listInterfaces(): Promise<number> {
  const pcap = loadAddon();
  if (!pcap) { err(`tshark: ${addonError()}\n`); return 1; }
  let all: CaptureInterface[];
  try { all = pcapInterfaces(pcap); } catch (e) { err(`tshark: Can't get list of interfaces: ${(e as Error).message}\n`); return 2; }
  all = all.concat(await extcapInterfaces());
  if (all.length === 0) { err('tshark: There are no interfaces on which a capture can be done\n'); return 2; }
  out(all.map((i, n) => listLine(i, n + 1) + '\n').join(''));
  flush();
  return 0;
}

function decimal(v: string): number | null { return /^\s*\d+\s*$/.test(v) ? Number(v) : null; }

/** tshark's checks that come before "Capturing on": -a, -b, -w with filters, -F, -B. */
function checkOptions(cfg: Config): { autostop: AutoStop; ring: Ring } | number {
  const fail = (m: string): number => { err(`tshark: ${m}\n`); return 1; };
  const autostop: AutoStop = { duration: 0, filesize: 0, files: 0, packets: 0 };
  const ring: Ring = { duration: 0, filesize: 0, files: 0, packets: 0, interval: 0, on: false };
  if (cfg.twoPass) return fail('Live captures do not support two-pass analysis.');
  for (const a of cfg.autostop) {
    const c = a.indexOf(':');
    const key = c < 0 ? a : a.slice(0, c), val = c < 0 ? '' : a.slice(c + 1);
    if (key === 'duration') { const n = parseFloat(val); autostop.duration = Number.isFinite(n) && n > 0 ? n : 0; }
    else if (key === 'filesize' || key === 'files' || key === 'packets') {
      const n = decimal(val);
      if (n === null) return fail(`The specified autostop ${key} "${val}" isn't a decimal number`);
      autostop[key] = n;
    } else return fail(`Invalid or unknown -a flag "${key}"`);
  }
  for (const b of cfg.ringBuffer) {
    const c = b.indexOf(':');
    const key = c < 0 ? b : b.slice(0, c), val = c < 0 ? '' : b.slice(c + 1);
    if (key === 'duration' || key === 'interval') { const n = parseFloat(val); ring[key] = Number.isFinite(n) && n > 0 ? n : 0; ring.on = true; }
    else if (key === 'filesize' || key === 'files' || key === 'packets') {
      const n = decimal(val);
      if (n === null) return fail(`The specified ring buffer ${key} "${val}" isn't a decimal number`);
      ring[key] = n; ring.on = true;
    } else ring.on = true; // tshark accepts unknown -b keys here and then finds no switching condition
  }
  if (cfg.bufferSize === 0) return fail('The specified buffer size is zero');
  if (cfg.outputFileType !== null && cfg.outputFileType !== 'pcap' && cfg.outputFileType !== 'pcapng') {
    err(`tshark: "${cfg.outputFileType}" isn't a valid capture file type\n` +
      'tshark: The available capture file types for the "-F" flag are:\n    pcap - Wireshark/tcpdump/... - pcap\n    pcapng - Wireshark/... - pcapng\n');
    return 1;
  }
  if (cfg.writeFile !== null) {
    if (cfg.readFilter !== null) return fail("Read filters aren't supported when capturing and saving the captured packets.");
    if (cfg.displayFilter !== null) return fail("Display filters aren't supported when capturing and saving the captured packets.");
  }
  if (ring.on || autostop.files) {
    if (cfg.writeFile === null) {
      if (ring.filesize) return fail("Maximum capture file size specified, but capture isn't being saved to a file.");
      return fail("Multiple capture files requested, but the capture isn't being saved to a file.");
    }
    if (cfg.writeFile === '-') return fail('Multiple capture files requested, but the capture is being written to the standard output.');
    if (ring.on && !ring.filesize && !ring.duration && !ring.interval && !ring.packets) {
      return fail('Multiple capture files requested, but no maximum capture file size, duration, interval or packets were specified.');
    }
  }
  return { autostop, ring };
}

interface Resolved { iface: CaptureInterface; spec: LiveInterfaceSpec }

/** -i names/indexes with their per-interface -f/-s/-p/-B (options after an -i apply to it, before any -i to all). */
async function interfaceSpecs(cfg: Config, known: CaptureInterface[]): Promise<Resolved[] | number> {
  const dflt = { snaplen: MAX_SNAPLEN, promisc: true, bufferSize: 2 << 20, filter: null as string | null };
  const items: { arg: string; o: typeof dflt }[] = [];
  for (const [k, v] of cfg.argv) {
    const target = items.length ? items[items.length - 1]!.o : dflt;
    switch (k) {
      case 'i': items.push({ arg: v, o: { ...dflt } }); break;
      case 'f': target.filter = v; break;
      case 's': { const n = Number(v); target.snaplen = n > 0 && n <= MAX_SNAPLEN ? n : MAX_SNAPLEN; break; }
      case 'p': target.promisc = false; break;
      case 'B': target.bufferSize = Number(v) * 1024 * 1024; break;
      default: break;
    }
  }
  if (cfg.captureFilter !== null && !cfg.argv.some(([k]) => k === 'f')) {
    // a filter given as trailing words applies to every interface
    dflt.filter = cfg.captureFilter;
    for (const it of items) if (it.o.filter === null) it.o.filter = cfg.captureFilter;
  }
  if (items.length === 0) {
    const first = known.find(i => !i.loopback && !i.extcap);
    if (!first) { err('tshark: There are no interfaces on which a capture can be done\n'); return 2; }
    items.push({ arg: first.name, o: { ...dflt } });
  }
  let all: CaptureInterface[] | null = null;
  const out: Resolved[] = [];
  for (const it of items) {
    let iface: CaptureInterface | undefined;
    if (/^\d+$/.test(it.arg)) {
      const n = Number(it.arg);
      if (n >= 1 && n <= known.length) iface = known[n - 1];
      else {
        all ??= known.concat(await extcapInterfaces());
        iface = n >= 1 ? all[n - 1] : undefined;
        if (!iface) { err('tshark: There is no interface with that adapter index\n'); return 1; }
      }
    } else {
      iface = known.find(i => i.name === it.arg);
      if (!iface) {
        all ??= known.concat(await extcapInterfaces());
        iface = all.find(i => i.name === it.arg) ?? { name: it.arg, friendly: null, loopback: false, extcap: false };
      }
    }
    if (iface.extcap) {
      err(`tshark: "${iface.name}" is an extcap interface (${iface.friendly ?? ''}); typeshark captures only from libpcap devices.\n`);
      return 1;
    }
    out.push({ iface, spec: { name: iface.name, snaplen: it.o.snaplen, promisc: it.o.promisc, bufferSize: it.o.bufferSize, filter: it.o.filter } });
  }
  return out;
}

/** 'a'; 'a' and 'b'; 'a', 'b', and 'c' — tshark's "Capturing on" list. */
function capturingOn(names: string[]): string {
  const q = names.map(n => `'${n}'`);
  if (q.length === 1) return q[0]!;
  if (q.length === 2) return `${q[0]} and ${q[1]}`;
  return `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
}

function plural(n: number, what: string): string { return `${n} ${what}${n === 1 ? '' : 's'}`; }

function two(n: number): string { return n < 10 ? `0${n}` : String(n); }

const wallAnchorUs = Date.now() * 1000, hrAnchor = process.hrtime.bigint();

/** GLib-style log line as tshark 4.0 prints its MESSAGE-level notes (local time with microseconds). */
function logMessage(msg: string): void {
  const nowUs = wallAnchorUs + Number((process.hrtime.bigint() - hrAnchor) / 1000n);
  const d = new Date(Math.floor(nowUs / 1000));
  const us = String(nowUs % 1000000).padStart(6, '0');
  const level = process.stderr.isTTY ? '\x1b[36mMESSAGE\x1b[0m' : 'MESSAGE';
  err(` ** (tshark:${process.pid}) ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${us} [Main ${level}] -- ${msg}\n`);
}

const STRERROR: Record<string, string> = {
  ENOENT: 'No such file or directory', EACCES: 'Permission denied', EPERM: 'Operation not permitted', EISDIR: 'Is a directory',
  ENOSPC: 'No space left on device', EDQUOT: 'Disk quota exceeded', EIO: 'Input/output error', EFBIG: 'File too large',
  EROFS: 'Read-only file system', ENOTDIR: 'Not a directory', EPIPE: 'Broken pipe', EEXIST: 'File exists', EMFILE: 'Too many open files',
};
function strerror(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  return STRERROR[code] ?? (e as Error).message.replace(/^[A-Z]+: /, '').replace(/, \w+.*$/, '');
}

const SECONDARY_PERM = 'Please check to make sure you have sufficient permissions.\n\n' +
  'typeshark captures in its own process: run it as root, or give the node binary the capture capabilities with\n\n' +
  '    sudo setcap cap_net_raw,cap_net_admin=eip "$(readlink -f "$(command -v node)")"\n\n' +
  'and run it again.';

/** dumpcap's wording for a device that could not be opened. */
function openFailure(e: LiveOpenError, descr: string): CaptureFailure {
  const dev = e.iface.name;
  switch (e.kind) {
    case 'nodevice': return new CaptureFailure(`There is no device named "${dev}".\n(${e.detail})`);
    case 'perm': return new CaptureFailure(`You do not have permission to capture on device "${dev}".\n(${e.detail})`, SECONDARY_PERM);
    case 'promiscperm': return new CaptureFailure(`You do not have permission to capture in promiscuous mode on device "${dev}".\n(${e.detail})`, SECONDARY_PERM);
    case 'notup': return new CaptureFailure(`Device "${dev}" is not up.\n(${e.detail})`);
    case 'rfmon': return new CaptureFailure(`Capturing in monitor mode is not supported on device "${dev}".\n(${e.detail})`);
    case 'filter': return new CaptureFailure(`Invalid capture filter "${e.iface.filter}" for interface '${descr}'.`,
      `\nThat string isn't a valid capture filter (${e.detail}).\nSee the User's Guide for a description of the capture filter syntax.`);
    default: return new CaptureFailure(`The capture session could not be initiated on capture device "${dev}".\n(${e.detail})`,
      'Please check that you have the proper interface or pipe specified.');
  }
}

function writeFailure(e: WriteError): CaptureFailure {
  if (e.code === 'ENOSPC') {
    return new CaptureFailure(`Not all the packets could be written to the file to which the capture was being saved\n("${e.path}") because there is no space left on the file system\non which that file resides.`,
      'You will need to free up space on that file system or put the capture file on a different file system.');
  }
  if (e.code === 'EDQUOT') {
    return new CaptureFailure(`Not all the packets could be written to the file to which the capture was being saved\n("${e.path}") because you are too close to, or over, your disk quota\non the file system on which that file resides.`,
      'You will need to free up space on that file system or put the capture file on a different file system.');
  }
  return new CaptureFailure(`An error occurred while writing to the file to which the capture was being saved\n("${e.path}"): ${strerror(e)}.`);
}

function stamp(d: Date): string {
  return `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;
}

function randomSuffix(): string {
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 6; i++) s += a[Math.floor(Math.random() * a.length)];
  return s;
}

class LiveRun {
  private readonly cap: LiveCapture;
  private writer: CaptureWriter | null = null;
  private writerIfaces: WriterInterface[] = [];
  private readonly pipeInfo: InterfaceInfo[];
  private readonly printCounts: boolean;
  private readonly idle: boolean;
  private captured = 0;
  /** Packets delivered per interface (pcapng isb_ifrecv, as dumpcap counts them). */
  private perIface: number[] = [];
  private reported = 0;
  private filesOpened = 0;
  private fileNames: string[] = [];
  private filePackets = 0;
  private fileOpenedAt = 0;
  private tempPath: string | null = null;
  private failure: CaptureFailure | null = null;
  private writeLost = 0;
  private stopping = false;
  private finished!: () => void;
  private timers: NodeJS.Timeout[] = [];
  private startSec = 0; private startNsec = 0;
  private readonly onSignal = (): void => this.stop(true);

  constructor(private readonly cfg: Config, pcap: PcapAddon, private readonly pipe: Pipeline, private readonly ifaces: Resolved[],
    private readonly autostop: AutoStop, private readonly ring: Ring) {
    this.cap = new LiveCapture(pcap);
    this.pipeInfo = ifaces.map(r => ({ linktype: 1, snaplen: r.spec.snaplen, name: r.iface.name, tsPerSec: 1e9, tsOffset: 0 }));
    const printInfo = !cfg.quiet && (cfg.writeFile === null || cfg.printWithWrite);
    this.printCounts = !!process.stderr.isTTY && !(printInfo && process.stdout.isTTY) && !cfg.quiet;
    this.idle = pipe.idle;
  }

  async run(): Promise<number> {
    err(`Capturing on ${capturingOn(this.ifaces.map(r => displayName(r.iface)))}\n`);
    try {
      if (this.ring.duration && this.ring.interval) throw new CaptureFailure("Ring buffer file duration and interval can't be used at the same time.");
      if (this.ifaces.length > 1 && this.cfg.outputFileType === 'pcap' && this.cfg.writeFile !== null) {
        throw new CaptureFailure('Using PCAPNG is required for capturing on multiple interfaces. Use the -n option.');
      }
      try { this.cap.open(this.ifaces.map(r => r.spec)); } catch (e) {
        if (e instanceof LiveOpenError) {
          const r = this.ifaces.find(x => x.spec === e.iface)!;
          throw openFailure(e, r.iface.friendly ?? r.iface.name);
        }
        throw e;
      }
      this.cap.ifaces.forEach((o, i) => {
        this.pipeInfo[i]!.linktype = o.linktype;
        this.pipeInfo[i]!.snaplen = o.snaplen;
      });
      this.writerIfaces = this.cap.ifaces.map((o, i) => ({
        name: this.ifaces[i]!.iface.name, linktype: o.linktype, snaplen: o.snaplen,
        filter: o.spec.filter ?? undefined, tsResol: 9 as const,
      }));
      this.pipe.src = { interfaces: this.pipeInfo, hasInterfaces: true };
      const now = Date.now();
      this.startSec = Math.floor(now / 1000); this.startNsec = (now % 1000) * 1e6;
      this.openNextFile(true);
    } catch (e) {
      this.cap.close();
      if (e instanceof CaptureFailure) {
        err(`tshark: ${e.primary}\n${e.secondary}\n`);
        err(`tshark: \n${this.printCounts ? '' : '0 packets captured\n'}`);
        return 1;
      }
      throw e;
    }
    const done = new Promise<void>(resolve => { this.finished = resolve; });
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, this.onSignal);
    if (this.autostop.duration) this.timers.push(setTimeout(() => this.stop(true), this.autostop.duration * 1000));
    if (this.ring.duration) this.timers.push(setInterval(() => this.checkDuration(), 100));
    if (this.ring.interval) this.scheduleInterval();
    this.cap.start(rec => this.record(rec), e => this.readFailed(e), () => this.batchDone());
    await done;
    return this.finish();
  }

  /** One captured packet: file, count, pipeline, stop and switch conditions. Returns false to stop delivery. */
  private record(rec: CaptureRecord): boolean {
    if (this.stopping && !this.draining) return false;
    if (this.writer) {
      try {
        this.writer.writePacket(rec.ifaceId, rec.tsSec, rec.tsNsec, rec.data, rec.caplen, rec.len);
      } catch (e) {
        if (e instanceof WriteError) { this.writeFailed(e, 1); return false; }
        throw e;
      }
    }
    this.captured++;
    this.filePackets++;
    this.perIface[rec.ifaceId] = (this.perIface[rec.ifaceId] ?? 0) + 1;
    if (!this.idle && !this.pipe.record(rec)) { this.stop(false); return false; }
    const limit = this.cfg.count || this.autostop.packets;
    if (limit && this.captured >= limit) { this.stop(false); return false; }
    if (this.writer) {
      if (this.autostop.filesize && this.writer.bytes >= this.autostop.filesize * 1000 && !this.ring.on) { this.stop(false); return false; }
      if (this.ring.on && ((this.ring.filesize && this.writer.bytes >= this.ring.filesize * 1000) ||
        (this.ring.packets && this.filePackets >= this.ring.packets))) {
        if (!this.rotate()) return false;
      }
    }
    return true;
  }
  private draining = false;

  private batchDone(): void {
    if (this.printCounts && this.captured !== this.reported) {
      this.reported = this.captured;
      err(`\r${this.captured} `);
    }
    if (this.cfg.lineBuffered) flush();
  }

  private checkDuration(): void {
    if (this.stopping || !this.writer) return;
    if (Date.now() - this.fileOpenedAt >= this.ring.duration * 1000) this.rotate();
  }

  private scheduleInterval(): void {
    const ms = this.ring.interval * 1000;
    const wait = ms - (Date.now() % ms);
    this.timers.push(setTimeout(() => { if (!this.stopping) { this.rotate(); this.scheduleInterval(); } }, wait));
  }

  private ringName(): string {
    const w = this.cfg.writeFile!;
    const dir = path.dirname(w), base = path.basename(w);
    const dot = base.lastIndexOf('.');
    const prefix = dot > 0 ? base.slice(0, dot) : base, suffix = dot > 0 ? base.slice(dot) : '';
    const num = String(this.filesOpened + 1).padStart(5, '0');
    return path.join(dir, `${prefix}_${num}_${stamp(new Date())}${suffix}`);
  }

  /** Opens the first or next output file (throws CaptureFailure when it cannot be opened). */
  private openNextFile(first: boolean): void {
    let p: string;
    if (this.cfg.writeFile === null) {
      const tag = this.ifaces.length > 1 ? `${this.ifaces.length}_interfaces` : this.ifaces[0]!.iface.name.replace(/[^A-Za-z0-9._-]/g, '_');
      p = path.join(process.env.TMPDIR || os.tmpdir(), `wireshark_${tag}${randomSuffix()}.pcapng`);
      this.tempPath = p;
    } else if (this.ring.on) p = this.ringName();
    else p = this.cfg.writeFile;
    let sink;
    try { sink = openOutput(p); } catch (e) {
      if (this.cfg.writeFile === null) throw new CaptureFailure(`The temporary file to which the capture would be saved could not be opened: ${strerror(e)}.`);
      throw new CaptureFailure(`The file to which the capture would be saved ("${p}") could not be opened: ${strerror(e)}.`);
    }
    this.writer = this.cfg.outputFileType === 'pcap' && this.cfg.writeFile !== null
      ? new PcapWriter(sink, this.writerIfaces[0]!)
      : new PcapngWriter(sink, this.writerIfaces, { application: APP, isbComment: 'Counters provided by typeshark' });
    this.filesOpened++;
    this.fileNames.push(p);
    this.filePackets = 0;
    this.fileOpenedAt = Date.now();
    if (first) logMessage('Capture started.');
    logMessage(`File: "${p}"`);
    if (this.ring.on && this.ring.files && this.fileNames.length > this.ring.files) {
      const old = this.fileNames.shift()!;
      try { fs.unlinkSync(old); } catch { /* already gone */ }
    }
  }

  private counters(): (InterfaceCounters | null)[] {
    const now = Date.now();
    return this.cap.ifaces.map((_, i) => {
      const s = this.cap.stats(i);
      if (!s) return null;
      const drop = s.drop + (s.queueDrop ?? 0);
      return { recv: (this.perIface[i] ?? 0) + drop, drop, startSec: this.startSec, startNsec: this.startNsec, endSec: Math.floor(now / 1000), endNsec: (now % 1000) * 1e6 };
    });
  }

  /** Closes the current file and opens the next; false when -a files says stop (or opening failed). */
  private rotate(): boolean {
    if (!this.writer) return false;
    if (this.autostop.files && this.filesOpened >= this.autostop.files) { this.stop(false); return false; }
    try { this.writer.close(this.counters()); } catch (e) {
      if (e instanceof WriteError) { this.writeFailed(e, 0); return false; }
      throw e;
    }
    this.writer = null;
    try { this.openNextFile(false); } catch (e) {
      if (e instanceof CaptureFailure) { this.failure = e; this.stop(false); return false; }
      throw e;
    }
    return true;
  }

  private writeFailed(e: WriteError, pendingThisPacket: number): void {
    // the writer kept the file valid (cut at the last whole block); what it could not write is lost: count it
    const lost = this.writer?.lost ?? 0;
    this.captured -= lost;
    this.writeLost += lost + pendingThisPacket;
    this.failure ??= writeFailure(e);
    this.stop(false);
  }

  private readFailed(e: LiveReadError): void {
    // dumpcap's wording for libpcap's read errors on Linux
    const dev = e.iface.name;
    if (/^The interface went down|Network is down/.test(e.detail)) {
      this.failure ??= new CaptureFailure(`The network adapter "${dev}" is no longer running; the capture has stopped.`, '', 0);
    } else if (/^The interface disappeared|No such device/.test(e.detail)) {
      this.failure ??= new CaptureFailure(`The network adapter "${dev}" is no longer attached; the capture has stopped.`, '', 0);
    } else {
      this.failure ??= new CaptureFailure(`Error while capturing packets: ${e.detail}`, '', 0);
    }
    this.stop(false);
  }

  /** Ends the capture (drain: read what the kernel still holds, for signals and time limits). */
  private stop(drain: boolean): void {
    if (this.stopping) return;
    this.stopping = true;
    for (const t of this.timers) clearTimeout(t);
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeListener(s, this.onSignal);
    // stop() may be called from inside the record callback: finish on the next turn of the loop
    setImmediate(() => {
      this.draining = drain && this.failure === null;
      this.cap.stop(this.draining);
      this.draining = false;
      this.batchDone();
      this.finished();
    });
  }

  private finish(): number {
    const counters = this.counters();
    if (this.writer) {
      try { this.writer.close(this.failure ? undefined : counters); } catch (e) {
        if (e instanceof WriteError) this.writeFailed(e, 0); else throw e;
      }
      this.writer = null;
    }
    this.cap.close();
    if (this.tempPath) { try { fs.unlinkSync(this.tempPath); } catch { /* gone */ } }
    let tail = '';
    if (this.failure) tail += `tshark: ${this.failure.primary}\n${this.failure.secondary}\n`;
    counters.forEach((c, i) => {
      if (this.printCounts) tail += '\n';
      const dropped = (c?.drop ?? 0) + (i === 0 ? this.writeLost : 0);
      if (dropped) tail += `${plural(dropped, 'packet')} dropped from ${this.ifaces[i]!.iface.name}\n`;
    });
    tail += 'tshark: \n';
    if (!this.printCounts) tail += `${plural(this.captured, 'packet')} captured\n`;
    flush();
    err(tail);
    this.pipe.finish();
    return this.failure ? this.failure.code : 0;
  }
}
