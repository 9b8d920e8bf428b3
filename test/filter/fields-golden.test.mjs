// -T fields outputs compared whole with tshark's (test/filter/goldens/fields.json, from scripts/make-filter-goldens.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

const DIR = path.dirname(new URL(import.meta.url).pathname);
const ROOT = path.join(DIR, '..', '..');
const golden = JSON.parse(fs.readFileSync(path.join(DIR, 'goldens', 'fields.json'), 'utf8'));
const PENDING = new Set(fs.readFileSync(path.join(DIR, 'pending.txt'), 'utf8').split('\n').filter(l => l && !l.startsWith('#')));

for (const r of golden.results) {
  const name = `${r.capture} ${r.args.slice(3).join(' ')}`;
  const pending = PENDING.has(`fields\t${r.capture}\t${r.args.slice(3).join(' ')}`);
  test(name, { todo: pending ? 'waits on another dissector' : undefined }, () => {
    const args = r.args.map(a => a === '{file}' ? path.join(DIR, 'captures', r.capture) : a);
    const p = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'typeshark.js'), ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    assert.equal(p.stderr, r.stderr);
    assert.equal(p.stdout, r.stdout);
    assert.equal(p.status, r.rc);
  });
}
