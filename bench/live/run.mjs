// Live-capture rate check: floods 127.0.0.1:PORT with COUNT UDP datagrams at RATE packets/s (0 = flat out)
// while typeshark, then tshark, capture with -f 'udp dst port PORT' and the given extra options; prints
// what each captured and dropped. (Wrap it in /usr/bin/time for CPU figures.)  Needs root and gcc.  Short by design (a few seconds per run).
//   node bench/live/run.mjs [--count 200000] [--rate 0] [--size 64] [--raw 1|0] [--] [extra capture options...]
// --raw 1 (default) writes whole frames to lo with a packet socket (fast); --raw 0 sends through a UDP socket.
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = { count: 200000, rate: 0, size: 64, raw: 1 };
let extra = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--') { extra.push(...args.slice(i + 1)); break; }
  if (a.startsWith('--') && a.slice(2) in opt) opt[a.slice(2)] = Number(args[++i]);
  else extra.push(a);
}
if (extra.length === 0) extra = ['-q'];
const flood = '/tmp/typeshark-flood';
const cc = spawnSync('gcc', ['-O2', '-o', flood, path.join(here, 'flood.c')], { encoding: 'utf8' });
if (cc.status !== 0) { console.error(cc.stderr); process.exit(1); }
const port = 47000 + (process.pid % 1000);

async function measure(name, argv) {
  const child = spawn(argv[0], [...argv.slice(1), '-i', 'lo', '-f', `udp dst port ${port}`, ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  await new Promise(res => child.stderr.on('data', d => { err += d; if (err.includes('Capture started.')) res(); }));
  await new Promise(r => setTimeout(r, 500));
  const f = spawnSync(flood, [String(port), String(opt.count), String(opt.size), String(opt.rate), opt.raw ? 'raw' : 'udp'], { encoding: 'utf8' });
  const [sent, secs, pps] = f.stdout.trim().split(' ').map(Number);
  await new Promise(r => setTimeout(r, 1000));
  child.kill('SIGINT');
  await new Promise(r => child.on('close', r));
  const captured = Number(/(\d+) packets? captured/.exec(err)?.[1] ?? NaN);
  const dropped = Number(/(\d+) packets? dropped/.exec(err)?.[1] ?? 0);
  console.log(`${name.padEnd(10)} sent ${sent} in ${secs}s (${pps} pkt/s): captured ${captured}, dropped ${dropped}`);
}

// The sender's ceiling on this machine with nobody capturing, for scale.
{
  const f = spawnSync(flood, [String(port), String(opt.count), String(opt.size), String(opt.rate), opt.raw ? 'raw' : 'udp'], { encoding: 'utf8' });
  const [sent, secs, pps] = f.stdout.trim().split(' ').map(Number);
  console.log(`${'no capture'.padEnd(10)} sent ${sent} in ${secs}s (${pps} pkt/s)`);
}
await measure('typeshark', ['node', path.join(here, '..', '..', 'bin', 'typeshark.js')]);
if (spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0) await measure('tshark', ['tshark']);
