// Whole-output golden tests: typeshark against what tshark 4.0.17 printed for the project's own fixtures
// (test/fixtures, made by scripts/fixtures/; goldens by scripts/make-goldens.mjs).
// Cases listed in test/claimed.txt must match byte for byte (stdout and exit code; stderr too for err-* commands);
// the others run as TODO so that the gap stays visible without failing the build.
import { test } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const commands = fs.readFileSync(path.join(here, 'commands.tsv'), 'utf8').split('\n').filter(l => l.trim() && !l.startsWith('#'))
  .map(l => { const [slug, , argv] = l.split('\t'); return { slug, argv: JSON.parse(argv) }; });
const claimed = new Set(fs.readFileSync(path.join(here, 'claimed.txt'), 'utf8').split('\n').map(l => l.trim()).filter(l => l && !l.startsWith('#')));
const isClaimed = (f, s) => claimed.has(`${f} ${s}`) || claimed.has(`${f} *`) || claimed.has(`* ${s}`);

function run(argv) {
  return new Promise(resolve => {
    const p = spawn(process.execPath, [path.join(root, 'bin/typeshark.js'), ...argv], { cwd: here, env: { ...process.env, TZ: 'UTC' } });
    const out = [], err = [];
    p.stdout.on('data', d => out.push(d)); p.stderr.on('data', d => err.push(d));
    const timer = setTimeout(() => p.kill('SIGKILL'), 60000);
    p.on('close', code => { clearTimeout(timer); resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString(), code }); });
  });
}

const cases = [];
for (const f of fs.readdirSync(path.join(here, 'goldens')).sort()) {
  for (const c of commands) {
    const base = path.join(here, 'goldens', f, c.slug);
    if (!fs.existsSync(`${base}.txt`)) continue;
    cases.push({ fixture: f, slug: c.slug, argv: c.argv.map(a => a.replace('{file}', `fixtures/${f}`)), base });
  }
}

// Run everything first with bounded parallelism, then report one test per case.
const results = new Map();
let next = 0;
await Promise.all(Array.from({ length: 2 }, async () => {
  while (next < cases.length) { const k = cases[next++]; results.set(k, await run(k.argv)); }
}));

function firstDiff(a, b) {
  const al = a.toString().split('\n'), bl = b.toString().split('\n');
  for (let i = 0; i < Math.max(al.length, bl.length); i++) if (al[i] !== bl[i]) return `line ${i + 1}:\n  tshark:    ${JSON.stringify(al[i])}\n  typeshark: ${JSON.stringify(bl[i])}`;
  return '';
}

for (const k of cases) {
  test(`${k.fixture} ${k.slug}`, { todo: !isClaimed(k.fixture, k.slug) }, () => {
    const r = results.get(k);
    const want = fs.readFileSync(`${k.base}.txt`);
    const rc = Number(fs.readFileSync(`${k.base}.rc`, 'utf8'));
    if (/\n\s+at .+:\d+:\d+\)?/.test(r.stderr)) throw new Error(`stack trace on stderr:\n${r.stderr.slice(0, 500)}`);
    if (r.code !== rc) throw new Error(`exit code ${r.code}, tshark ${rc}\n${r.stderr.slice(0, 300)}`);
    if (!want.equals(r.stdout)) throw new Error(`stdout differs at ${firstDiff(want, r.stdout)}`);
    if (k.slug.startsWith('err-')) {
      const errFile = `${k.base}.err`;
      const wantErr = fs.existsSync(errFile) ? fs.readFileSync(errFile, 'utf8') : '';
      if (wantErr.trim() !== r.stderr.trim()) throw new Error(`stderr differs:\n  tshark:    ${JSON.stringify(wantErr.slice(0, 300))}\n  typeshark: ${JSON.stringify(r.stderr.slice(0, 300))}`);
    }
  });
}
