#!/usr/bin/env node
// Runs tshark (4.0.17 is the reference) on every fixture with every command of test/commands.tsv and stores
// stdout, exit code and stderr under test/goldens/<fixture>/<slug>.{txt,rc,err}.
//   node scripts/make-goldens.mjs [--only REGEX] [--fixture REGEX]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const only = args.includes('--only') ? new RegExp(args[args.indexOf('--only') + 1]) : null;
const fixRe = args.includes('--fixture') ? new RegExp(args[args.indexOf('--fixture') + 1]) : null;
const version = spawnSync('tshark', ['-v'], { encoding: 'utf8' }).stdout.split('\n')[0];
if (!/4\.0\.17/.test(version)) console.error(`warning: goldens should come from tshark 4.0.17, this is: ${version}`);

export function loadCommands() {
  return fs.readFileSync(path.join(root, 'test/commands.tsv'), 'utf8').split('\n').filter(l => l.trim() && !l.startsWith('#'))
    .map(l => { const [slug, fixtures, argv] = l.split('\t'); return { slug, fixtures: fixtures.split(','), argv: JSON.parse(argv) }; });
}
const fixtures = fs.readdirSync(path.join(root, 'test/fixtures')).filter(f => !fixRe || fixRe.test(f)).sort();
const matches = (glob, f) => glob === '*' || glob === f;
for (const cmd of loadCommands()) {
  if (only && !only.test(cmd.slug)) continue;
  for (const f of fixtures) {
    if (!cmd.fixtures.some(g => matches(g, f))) continue;
    // tshark runs from test/ so that file names in messages are the relative "fixtures/NAME" that typeshark also sees
    const argv = cmd.argv.map(a => a.replace('{file}', `fixtures/${f}`));
    const r = spawnSync('tshark', argv, { cwd: path.join(root, 'test'), env: { ...process.env, TZ: 'UTC', LC_ALL: 'C.UTF-8' }, maxBuffer: 1 << 30 });
    const dir = path.join(root, 'test/goldens', f);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${cmd.slug}.txt`), r.stdout);
    fs.writeFileSync(path.join(dir, `${cmd.slug}.rc`), `${r.status}\n`);
    const err = r.stderr.toString().split('\n').filter(l => !/^Running as user/.test(l)).join('\n');
    const ef = path.join(dir, `${cmd.slug}.err`);
    if (err.trim()) fs.writeFileSync(ef, err); else if (fs.existsSync(ef)) fs.rmSync(ef);
  }
  console.log(`goldens: ${cmd.slug}`);
}
