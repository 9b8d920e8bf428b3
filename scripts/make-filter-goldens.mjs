#!/usr/bin/env node
// Records tshark 4.0's answers for the display-filter golden suite:
//   for each capture in test/filter/captures and each filter in test/filter/filters.txt:
//     tshark -n -r CAPTURE -Y FILTER -T fields -e frame.number   → selected frame numbers (or the error)
//   for each filter in test/filter/bad-filters.txt: tshark's stderr and exit code.
// Usage: node scripts/make-filter-captures.mjs && node scripts/make-filter-goldens.mjs
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(path.dirname(new URL(import.meta.url).pathname), '..');
const DIR = path.join(ROOT, 'test', 'filter');
const TSHARK = process.env.TSHARK ?? 'tshark';

function lines(file) {
  return fs.readFileSync(path.join(DIR, file), 'utf8').split('\n').filter(l => l.trim() !== '' && !l.startsWith('#'));
}

function run(args) {
  const r = spawnSync(TSHARK, args, { encoding: 'utf8', env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' } });
  const stderr = r.stderr.split('\n').filter(l => !/^Running as user/.test(l)).join('\n');
  return { rc: r.status, stdout: r.stdout, stderr };
}

const version = run(['-v']).stdout.split('\n')[0];
fs.mkdirSync(path.join(DIR, 'goldens'), { recursive: true });

const only = process.argv[2] === '--only' ? process.argv[3] : null;
const filters = lines('filters.txt');
if (!only || only === 'filters') for (const cap of fs.readdirSync(path.join(DIR, 'captures')).filter(f => /\.pcap(ng)?$/.test(f)).sort()) {
  const out = { tshark: version, capture: cap, results: [] };
  for (const f of filters) {
    const r = run(['-n', '-r', path.join(DIR, 'captures', cap), '-Y', f, '-T', 'fields', '-e', 'frame.number']);
    if (r.rc === 0) out.results.push({ filter: f, frames: r.stdout.split('\n').filter(Boolean).map(Number) });
    else out.results.push({ filter: f, rc: r.rc, stderr: r.stderr });
  }
  fs.writeFileSync(path.join(DIR, 'goldens', cap.replace(/\.pcap(ng)?$/, '') + '.json'), JSON.stringify(out, null, 1) + '\n');
  process.stderr.write(`${cap}: ${filters.length} filters\n`);
}

const bad = { tshark: version, results: [] };
if (!only || only === 'bad') for (const f of lines('bad-filters.txt')) {
  const r = run(['-n', '-r', path.join(DIR, 'captures', 'basic.pcap'), '-Y', f]);
  bad.results.push({ filter: f, rc: r.rc, stderr: r.stderr });
}
if (!only || only === 'bad') {
  fs.writeFileSync(path.join(DIR, 'goldens', 'bad-filters.json'), JSON.stringify(bad, null, 1) + '\n');
  process.stderr.write(`bad filters: ${bad.results.length}\n`);
}

// -T fields: whole outputs for a few field lists and -E options ({file} = the capture)
const FIELD_RUNS = JSON.parse(fs.readFileSync(path.join(DIR, 'fields-runs.json'), 'utf8'));
if (!only || only === 'fields') {
  const res = { tshark: version, results: [] };
  for (const run0 of FIELD_RUNS) {
    for (const cap of ['basic.pcap', 'snap.pcap']) {
      const args = run0.map(a => a === '{file}' ? path.join(DIR, 'captures', cap) : a);
      const r = run(args);
      res.results.push({ capture: cap, args: run0, rc: r.rc, stdout: r.stdout, stderr: r.stderr });
    }
  }
  fs.writeFileSync(path.join(DIR, 'goldens', 'fields.json'), JSON.stringify(res, null, 1) + '\n');
  process.stderr.write(`fields runs: ${res.results.length}\n`);
}
