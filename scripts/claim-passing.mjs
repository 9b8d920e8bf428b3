#!/usr/bin/env node
// Prints the golden cases (test/goldens) whose typeshark output already matches tshark's, as lines for
// test/claimed.txt. The claimed list only grows: run this after a change and add the new lines.
//   node scripts/claim-passing.mjs [--new]    (--new: only cases not claimed yet)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const test = path.join(root, 'test');
const commands = fs.readFileSync(path.join(test, 'commands.tsv'), 'utf8').split('\n').filter(l => l.trim() && !l.startsWith('#'))
  .map(l => { const [slug, , argv] = l.split('\t'); return { slug, argv: JSON.parse(argv) }; });
const claimed = new Set(fs.readFileSync(path.join(test, 'claimed.txt'), 'utf8').split('\n').map(l => l.trim()));
const onlyNew = process.argv.includes('--new');
for (const f of fs.readdirSync(path.join(test, 'goldens')).sort()) {
  for (const c of commands) {
    const base = path.join(test, 'goldens', f, c.slug);
    if (!fs.existsSync(`${base}.txt`)) continue;
    if (onlyNew && claimed.has(`${f} ${c.slug}`)) continue;
    const r = spawnSync(process.execPath, [path.join(root, 'bin/typeshark.js'), ...c.argv.map(a => a.replace('{file}', `fixtures/${f}`))],
      { cwd: test, env: { ...process.env, TZ: 'UTC' }, maxBuffer: 1 << 30 });
    const rc = Number(fs.readFileSync(`${base}.rc`, 'utf8'));
    let ok = r.status === rc && fs.readFileSync(`${base}.txt`).equals(r.stdout) && !/\n\s+at .+:\d+:\d+\)?/.test(r.stderr.toString());
    if (ok && c.slug.startsWith('err-')) {
      const e = fs.existsSync(`${base}.err`) ? fs.readFileSync(`${base}.err`, 'utf8') : '';
      ok = e.trim() === r.stderr.toString().trim();
    }
    if (ok) console.log(`${f} ${c.slug}`);
  }
}
