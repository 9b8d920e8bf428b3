// Shared by the live-capture tests: run typeshark (and tshark) capturing, wait until they are ready,
// make traffic on loopback or on a veth pair in a namespace the test owns.
import { spawn, spawnSync } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const BIN = path.join(here, '..', '..', 'bin', 'typeshark.js');
export const ROOT = path.join(here, '..', '..');

/** Why this machine cannot capture live, or null when it can. */
export async function cannotCapture() {
  if (process.platform !== 'linux') return 'live-capture tests run on Linux only';
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'live-capture tests need root (CI runs them as root)';
  let native;
  try { native = await import('../../dist/capture/native.js'); } catch (e) { return `dist/ not built: ${e.message}`; }
  const pcap = native.loadAddon();
  if (!pcap) return `the libpcap addon is not built (${native.addonError().split('\n')[0]})`;
  try {
    const h = pcap.open('lo', { snaplen: 256, promisc: false, bufferSize: 1 << 20, timeoutMs: 100, immediate: true });
    pcap.close(h.id);
  } catch (e) { return `cannot open the loopback device: ${e.message}`; }
  return null;
}

export function haveTshark() {
  return spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;
}

/** A free UDP port, with a socket bound to it on 127.0.0.1 (so that no ICMP unreachable comes back). */
export async function udpSink(address = '127.0.0.1') {
  const s = dgram.createSocket('udp4');
  await new Promise((res, rej) => { s.once('error', rej); s.bind(0, address, res); });
  s.on('message', () => {});
  return { port: s.address().port, close: () => s.close() };
}

/** Sends n datagrams of size bytes to host:port, spaced by gapMs. */
export async function sendUdp(host, port, n, size = 100, gapMs = 2) {
  const s = dgram.createSocket('udp4');
  const payload = Buffer.alloc(size, 0x61);
  for (let i = 0; i < n; i++) {
    await new Promise((res, rej) => s.send(payload, port, host, e => (e ? rej(e) : res())));
    if (gapMs) await new Promise(r => setTimeout(r, gapMs));
  }
  s.close();
}

/**
 * Starts a capture program; resolves `ready` once it reports "Capture started." on stderr (and libpcap's
 * ring is live). `done` resolves to { code, signal, stdout, stderr, ms }.
 */
export function startCapture(args, { program = 'node', env = {}, cwd = ROOT } = {}) {
  const argv = program === 'node' ? [BIN, ...args] : args;
  const child = spawn(program, argv, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  const t0 = Date.now();
  let startedAt = 0;
  let readyResolve;
  const ready = new Promise(r => { readyResolve = r; });
  child.stdout.setEncoding('utf8').on('data', d => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', d => {
    stderr += d;
    if (!startedAt && stderr.includes('Capture started.')) { startedAt = Date.now(); setTimeout(readyResolve, 300); }
  });
  const done = new Promise(res => child.on('close', (code, signal) => {
    readyResolve();
    res({ code, signal, stdout, stderr, ms: Date.now() - (startedAt || t0) });
  }));
  return { child, ready, done };
}

/** stderr without the log lines that carry a process id and a clock time (and tshark's root warning). */
export function stableStderr(s) {
  return s.split('\n').filter(l => !l.startsWith(' ** (tshark:') && !l.startsWith('Running as user')).join('\n');
}

export function tmpDir(tag) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `typeshark-${tag}-`));
}

/** Reads a capture file back with typeshark's own reader: [{ caplen, len, ifaceId, data }] */
export async function readBack(file) {
  const { readCapture } = await import('../../dist/capture/source.js');
  const recs = [];
  await readCapture(file, r => { recs.push({ caplen: r.caplen, len: r.len, ifaceId: r.ifaceId, data: Buffer.from(r.data) }); });
  return recs;
}

export function run(args, opts = {}) {
  return spawnSync('node', [BIN, ...args], { cwd: ROOT, encoding: 'utf8', ...opts });
}

export function sh(cmd) {
  return spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
}

/** Builds a veth pair with one end in a fresh network namespace; returns null (with a reason) when impossible. */
export function makeVeth() {
  const id = `${process.pid % 10000}`;
  const ns = `tsk-test-${id}`, a = `tskA${id}`, b = `tskB${id}`;
  const sub = 200 + (process.pid % 50);
  const hostIp = `10.254.${sub}.1`, nsIp = `10.254.${sub}.2`;
  const steps = [
    `ip netns add ${ns}`,
    `ip link add ${a} type veth peer name ${b}`,
    `ip link set ${b} netns ${ns}`,
    `ip addr add ${hostIp}/30 dev ${a}`,
    `ip link set ${a} up`,
    `ip netns exec ${ns} ip addr add ${nsIp}/30 dev ${b}`,
    `ip netns exec ${ns} ip link set ${b} up`,
    `ip netns exec ${ns} ip link set lo up`,
  ];
  const cleanup = () => {
    sh(`ip link del ${a} 2>/dev/null; ip netns del ${ns} 2>/dev/null`);
  };
  for (const s of steps) {
    const r = sh(s);
    if (r.status !== 0) { cleanup(); return { reason: `cannot build a veth pair here (${s}: ${r.stderr.trim()})` }; }
  }
  return { ns, a, b, hostIp, nsIp, cleanup };
}
