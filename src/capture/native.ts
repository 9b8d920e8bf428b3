// Loads the optional libpcap addon (native/). When it is missing, live capture explains what to install.
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface PcapDevice { name: string; description: string | null; flags: number }
export interface OpenOptions { snaplen: number; promisc: boolean; bufferSize: number; timeoutMs: number; immediate: boolean }
export interface OpenResult { id: number; linktype: number; snaplen: number; fd: number; warning: string | null }
export interface PcapStats { recv: number; drop: number; ifdrop: number; /** dropped because typeshark's queue was full */ queueDrop?: number }

/** The addon's functions (native/typeshark_pcap.c). */
export interface PcapAddon {
  findAllDevs(): PcapDevice[];
  open(name: string, opts: OpenOptions): OpenResult;
  setFilter(id: number, expr: string, optimize: boolean): void;
  compileCheck(linktype: number, snaplen: number, expr: string): void;
  /** Copies waiting packets into buf; returns [packets, bytes]. */
  read(id: number, buf: Buffer, maxPackets: number): [number, number];
  stats(id: number): PcapStats | null;
  watch(id: number, cb: (status: number) => void): void;
  unwatch(id: number): void;
  breakLoop(id: number): void;
  close(id: number): void;
  libVersion(): string;
  datalinkName(dlt: number): string | null;
}

/** pcap_if_t flags. */
export const PCAP_IF_LOOPBACK = 0x1, PCAP_IF_UP = 0x2, PCAP_IF_RUNNING = 0x4;

let cached: PcapAddon | null | undefined;
let loadError = '';

const CANDIDATES = ['../../native/build/Release/typeshark_pcap.node', '../../native/build/Debug/typeshark_pcap.node'];

/** The addon, or null (see addonError()). */
export function loadAddon(): PcapAddon | null {
  if (cached !== undefined) return cached;
  const require = createRequire(import.meta.url);
  const override = process.env.TYPESHARK_PCAP_ADDON;
  const paths = override !== undefined ? (override ? [override] : []) : CANDIDATES.map(p => fileURLToPath(new URL(p, import.meta.url)));
  for (const p of paths) {
    if (!fs.existsSync(p)) continue;
    try {
      cached = require(p) as PcapAddon;
      return cached;
    } catch (e) {
      loadError = (e as Error).message;
    }
  }
  if (!loadError) loadError = 'the live capture addon (native/build/Release/typeshark_pcap.node) was not built';
  cached = null;
  return null;
}

/** Why the addon is unavailable, with what to do about it. */
export function addonError(): string {
  return `Live capture is not available: ${loadError}.\n` +
    'Install libpcap-dev (Debian/Ubuntu; libpcap-devel on Fedora), a C compiler, make and python3, then run\n' +
    '"npm run build:native" in the typeshark directory. Reading capture files with -r works without it.';
}
