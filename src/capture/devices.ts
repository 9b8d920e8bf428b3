// The interface list tshark -D prints: libpcap's devices (a "Loopback" friendly name on loopback devices),
// then the extcap interfaces the installed Wireshark extcap programs announce.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PCAP_IF_LOOPBACK, type PcapAddon } from './native.js';

export interface CaptureInterface {
  name: string;
  /** tshark's friendly name ("Loopback"; an extcap interface's display text). */
  friendly: string | null;
  loopback: boolean;
  extcap: boolean;
}

/** Where Wireshark's packages install extcap programs (global, then personal). */
function extcapDirs(): string[] {
  const dirs: string[] = [];
  if (process.env.WIRESHARK_EXTCAP_DIR) dirs.push(process.env.WIRESHARK_EXTCAP_DIR);
  const arch = process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : process.arch;
  for (const d of [`/usr/lib/${arch}-linux-gnu/wireshark/extcap`, '/usr/lib/wireshark/extcap', '/usr/lib64/wireshark/extcap',
    '/usr/local/lib/wireshark/extcap']) {
    if (fs.existsSync(d)) { dirs.push(d); break; }
  }
  dirs.push(path.join(os.homedir(), '.local', 'lib', 'wireshark', 'extcap'));
  return dirs;
}

function runExtcap(file: string): Promise<string> {
  return new Promise(resolve => {
    execFile(file, ['--extcap-interfaces'], { timeout: 5000, encoding: 'utf8', maxBuffer: 1 << 20 }, (_e, stdout) => resolve(stdout ?? ''));
  });
}

/** Interfaces announced by extcap programs, sorted by name as tshark lists them. */
export async function extcapInterfaces(): Promise<CaptureInterface[]> {
  const files: string[] = [];
  for (const d of extcapDirs()) {
    let names: string[];
    try { names = fs.readdirSync(d); } catch { continue; }
    for (const n of names) {
      const f = path.join(d, n);
      try {
        const st = fs.statSync(f);
        if (st.isFile() && (st.mode & 0o111)) files.push(f);
      } catch { /* vanished */ }
    }
  }
  const outs = await Promise.all(files.map(runExtcap));
  const found = new Map<string, CaptureInterface>();
  for (const text of outs) {
    for (const line of text.split('\n')) {
      if (!line.startsWith('interface ')) continue;
      const value = /\{value=([^}]*)\}/.exec(line)?.[1];
      const display = /\{display=([^}]*)\}/.exec(line)?.[1];
      if (value === undefined || found.has(value)) continue;
      found.set(value, { name: value, friendly: display ?? null, loopback: false, extcap: true });
    }
  }
  return [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** libpcap's devices in libpcap's order. */
export function pcapInterfaces(pcap: PcapAddon): CaptureInterface[] {
  return pcap.findAllDevs().map(d => {
    const loopback = (d.flags & PCAP_IF_LOOPBACK) !== 0;
    return { name: d.name, friendly: loopback ? 'Loopback' : null, loopback, extcap: false };
  });
}

/** "Loopback: lo", or the bare name: what tshark shows in "Capturing on". */
export function displayName(i: CaptureInterface): string {
  return i.friendly ? `${i.friendly}: ${i.name}` : i.name;
}

/** One -D line (without the newline). */
export function listLine(i: CaptureInterface, n: number): string {
  return `${n}. ${i.name}${i.friendly ? ` (${i.friendly})` : ''}`;
}
