// Which local process owns a connection, on Linux: /proc/net/{tcp,tcp6,udp,udp6} map a socket's endpoints to its
// inode, and /proc/PID/fd links name the inode ("socket:[N]"). Only meaningful while capturing live on this machine
// (and in its network namespace): the sockets of a capture file are long gone.
import * as fs from 'node:fs';

export interface Owner { pid: number; command: string }

interface SocketEntry { local: string; localPort: number; remote: string; remotePort: number; inode: number }

/** /proc's hex address (32-bit words in host order; little-endian here) as a hex string of network-order bytes. */
function procAddr(hex: string): string {
  let out = '';
  for (let w = 0; w < hex.length; w += 8) {
    const word = hex.slice(w, w + 8);
    out += word.slice(6, 8) + word.slice(4, 6) + word.slice(2, 4) + word.slice(0, 2);
  }
  // an IPv4-mapped IPv6 socket (dual-stack) carries IPv4 packets
  if (out.length === 32 && out.startsWith('00000000000000000000ffff')) out = out.slice(24);
  return out.toLowerCase();
}

function readTable(path: string): SocketEntry[] {
  let text: string;
  try { text = fs.readFileSync(path, 'latin1'); } catch { return []; }
  const out: SocketEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [la, lp] = f[1]!.split(':'), [ra, rp] = f[2]!.split(':');
    out.push({ local: procAddr(la!), localPort: parseInt(lp!, 16), remote: procAddr(ra!), remotePort: parseInt(rp!, 16), inode: Number(f[9]) });
  }
  return out;
}

const ANY = new Set(['00000000', '00000000000000000000000000000000']);

/** One /proc/net table (tcp and tcp6, or udp and udp6), indexed by local port. */
interface SocketTable { readAt: number; byPort: Map<number, SocketEntry[]> }

export class SocketOwners {
  private byInode = new Map<number, Owner>();
  private lastScan = 0;
  private readonly tables = new Map<'tcp' | 'udp', SocketTable>();

  /**
   * rescanMs: how old the process scan may be before an unknown socket inode triggers another; tableMs: how old a
   * socket table may be before a socket missing from it triggers a re-read (new connections appear in /proc/net
   * the moment they exist, so a short interval finds them without re-reading the tables for every packet).
   */
  constructor(private readonly procRoot = '/proc', private readonly rescanMs = 200, private readonly tableMs = 20) {}

  /**
   * The owner of the local socket at (addr, port) talking to (peer, peerPort) — addresses as hex strings of their
   * bytes — or null. A connected socket is matched on both ends, an unconnected or listening one on its local end.
   */
  owner(proto: 'tcp' | 'udp', addr: string, port: number, peer: string, peerPort: number): Owner | null {
    let best = this.find(this.table(proto, false), proto, addr, port, peer, peerPort);
    if (!best) best = this.find(this.table(proto, true), proto, addr, port, peer, peerPort);
    return best ? this.ownerOf(best.inode) : null;
  }

  private find(t: SocketTable, proto: 'tcp' | 'udp', addr: string, port: number, peer: string, peerPort: number): SocketEntry | null {
    let best: SocketEntry | null = null;
    for (const e of t.byPort.get(port) ?? []) {
      if ((e.local !== addr && !ANY.has(e.local)) || e.inode === 0) continue;
      if (e.remotePort === peerPort && e.remote === peer) return e;
      if (proto === 'udp' && e.remotePort === 0 && !best) best = e;
    }
    return best;
  }

  /** The socket table, re-read when `refresh` is asked and the copy is older than tableMs. */
  private table(proto: 'tcp' | 'udp', refresh: boolean): SocketTable {
    let t = this.tables.get(proto);
    if (t && (!refresh || Date.now() - t.readAt < this.tableMs)) return t;
    t = { readAt: Date.now(), byPort: new Map() };
    for (const e of [...readTable(`${this.procRoot}/net/${proto}`), ...readTable(`${this.procRoot}/net/${proto}6`)]) {
      const list = t.byPort.get(e.localPort);
      if (list) list.push(e); else t.byPort.set(e.localPort, [e]);
    }
    this.tables.set(proto, t);
    return t;
  }

  private ownerOf(inode: number): Owner | null {
    let o = this.byInode.get(inode);
    if (!o && Date.now() - this.lastScan >= this.rescanMs) { this.scan(); o = this.byInode.get(inode); }
    return o ?? null;
  }

  /** Reads every process's socket descriptors (what ss -p and lsof do). */
  private scan(): void {
    this.lastScan = Date.now();
    let pids: string[];
    try { pids = fs.readdirSync(this.procRoot).filter(p => /^\d+$/.test(p)); } catch { return; }
    for (const pid of pids) {
      let fds: string[];
      try { fds = fs.readdirSync(`${this.procRoot}/${pid}/fd`); } catch { continue; }
      let command: string | null = null;
      for (const fd of fds) {
        let link: string;
        try { link = fs.readlinkSync(`${this.procRoot}/${pid}/fd/${fd}`); } catch { continue; }
        const m = /^socket:\[(\d+)\]$/.exec(link);
        if (!m) continue;
        command ??= commandOf(this.procRoot, pid);
        // several processes may share a socket (fork): the first (lowest pid) is kept
        if (!this.byInode.has(Number(m[1]))) this.byInode.set(Number(m[1]), { pid: Number(pid), command });
      }
    }
  }
}

function commandOf(root: string, pid: string): string {
  try {
    const argv = fs.readFileSync(`${root}/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean);
    if (argv.length) return argv.join(' ').slice(0, 120);
  } catch { /* gone */ }
  try { return fs.readFileSync(`${root}/${pid}/comm`, 'latin1').trim(); } catch { return '?'; }
}

/** An address's bytes as the hex string SocketOwners compares. */
export function addrHex(b: Uint8Array): string { return Buffer.from(b).toString('hex'); }

/** Set by live capture: only then are the machine's sockets those of the packets. */
export const localSockets = { live: false };
