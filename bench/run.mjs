#!/usr/bin/env node
// Benchmarks typeshark against tshark (when installed) on one capture, same run, same machine:
//   node bench/run.mjs FILE.pcap [--workers N] [--only REGEX] [--json OUT.json]
// Prints wall time, packets/s, MB/s and peak RSS for each command, and typeshark's speed-up over tshark.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const file = args[0];
if (!file) { console.error('usage: node bench/run.mjs FILE.pcap [--workers N] [--only REGEX] [--no-tshark] [--json OUT.json]'); process.exit(2); }
const opt = k => (args.includes(k) ? args[args.indexOf(k) + 1] : undefined);
const workers = opt('--workers');
const noTshark = args.includes('--no-tshark');
const only = opt('--only') ? new RegExp(opt('--only')) : null;
const COMMANDS = [
  ['conv-tcp', ['-q', '-z', 'conv,tcp']],
  ['io-stat', ['-q', '-z', 'io,stat,10,tcp,udp']],
  ['http-req-tree', ['-q', '-z', 'http_req,tree']],
  ['io-phs', ['-q', '-z', 'io,phs']],
  ['filter-443', ['-Y', 'tcp.port==443', '-q']],
  ['fields', ['-T', 'fields', '-e', 'ip.src', '-e', 'ip.dst', '-e', 'frame.len']],
  ['summary', []],
];
const size = fs.statSync(file).size;
const packets = Number(spawnSync('capinfos', ['-c', '-M', file], { encoding: 'utf8' }).stdout?.match(/Number of packets:\s*(\d+)/)?.[1] ?? 0);
const hasTshark = !noTshark && spawnSync('tshark', ['-v']).status === 0;

function measure(cmd) {
  const r = spawnSync('python3', [path.join(here, 'measure.py'), ...cmd], { encoding: 'utf8' });
  const [wall, rss, code, cpu] = r.stdout.trim().split(' ').map(Number);
  return { wall, rssMiB: rss / 1024, code, cpu };
}
const stat = (m) => ({ seconds: m.wall, cpuSeconds: m.cpu, packetsPerSec: packets / m.wall, mbPerSec: size / 1e6 / m.wall, peakRssMiB: m.rssMiB, exit: m.code });

const rows = [];
for (const [name, extra] of COMMANDS) {
  if (only && !only.test(name)) continue;
  const base = ['-n', '-r', file, ...extra];
  const ts = measure([process.execPath, path.join(here, '..', 'bin', 'typeshark.js'), ...base, ...(workers ? ['--workers', workers] : [])]);
  const ref = hasTshark ? measure(['tshark', ...base]) : null;
  const row = {
    command: name, args: extra, typeshark: stat(ts), tshark: ref && stat(ref),
    // wall-clock ratio, and CPU-time ratio (steadier on a shared machine)
    speedup: ref ? ref.wall / ts.wall : null,
    cpuSpeedup: ref ? ref.cpu / ts.cpu : null,
  };
  rows.push(row);
  const f = (x, d = 1) => x.toFixed(d).padStart(8);
  console.log(`${name.padEnd(14)} typeshark ${f(ts.wall, 2)} s ${f(ts.cpu, 2)} cpu ${f(packets / ts.wall / 1e3, 0)} kpkt/s ${f(row.typeshark.mbPerSec)} MB/s ${f(ts.rssMiB)} MiB` +
    (ref ? ` | tshark ${f(ref.wall, 2)} s ${f(ref.cpu, 2)} cpu ${f(ref.rssMiB)} MiB | ${(ref.wall / ts.wall).toFixed(2)}x wall, ${(ref.cpu / ts.cpu).toFixed(2)}x cpu, RSS ${(ts.rssMiB / ref.rssMiB).toFixed(2)}x` : ''));
}
const out = { file, bytes: size, packets, workers: workers ? Number(workers) : 1, date: new Date().toISOString(), rows };
if (opt('--json')) fs.writeFileSync(opt('--json'), JSON.stringify(out, null, 1));
