// The display-filter golden suite: the frames each filter selects, and the messages of rejected filters,
// compared with what tshark 4.0 answered (test/filter/goldens, recorded by scripts/make-filter-goldens.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import '../../dist/dissect/index.js';
import '../../dist/filter/index.js';
import { compileFilter, FilterError } from '../../dist/filter/api.js';
import { fieldsByName } from '../../dist/fields/registry.js';

const DIR = path.dirname(new URL(import.meta.url).pathname);
const ROOT = path.join(DIR, '..', '..');

/** Runs the golden's filters in a child process (fresh dissector state), in tree or sparse-collector mode. */
function evaluate(goldenFile, mode) {
  const p = spawnSync(process.execPath, [path.join(DIR, 'run-filter-goldens.mjs'), goldenFile, mode], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, TZ: 'UTC' } });
  if (p.status !== 0) throw new Error(p.stderr);
  return JSON.parse(p.stdout);
}

/** Filters whose answer waits on dissectors other helpers are writing (IPv6, TCP fields, DNS, HTTP...): "capture<TAB>filter". */
const PENDING = new Set(fs.readFileSync(path.join(DIR, 'pending.txt'), 'utf8').split('\n').filter(l => l && !l.startsWith('#')));

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'eq', 'ne', 'gt', 'ge', 'lt', 'le', 'contains', 'matches', 'any_eq', 'all_ne',
  'all_eq', 'any_ne', 'bitwise_and', 'len', 'count', 'lower', 'upper', 'string', 'max', 'min', 'abs']);
/** The names a filter refers to that typeshark has no dissector for yet (those filters are pending). */
function missingNames(filter) {
  const words = filter.replace(/r?"(\\.|[^"\\])*"/g, ' ').match(/[A-Za-z_][A-Za-z0-9_.-]*/g) ?? [];
  return words.filter(w => /^[a-z_][a-z0-9_]*(\.[a-z0-9_-]+)*$/.test(w) && !KEYWORDS.has(w) && !/^[0-9a-f]+$/.test(w) && !fieldsByName(w));
}

for (const g of fs.readdirSync(path.join(DIR, 'goldens')).filter(f => f.endsWith('.json') && f !== 'bad-filters.json' && f !== 'fields.json')) {
  const golden = JSON.parse(fs.readFileSync(path.join(DIR, 'goldens', g), 'utf8'));
  test(`filters on ${golden.capture}`, t => {
    const file = path.join(DIR, 'goldens', g);
    const tree = evaluate(file, 'tree'), sparse = evaluate(file, 'sparse');
    const failures = [];
    let pending = 0, passed = 0;
    golden.results.forEach((r, i) => {
      const got = tree[i];
      if (r.filter.includes('time_delta_displayed') && got.frames) {
        // depends on which packets were displayed before: ask the CLI, which filters as it goes
        const p = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'typeshark.js'), '-n', '-r', path.join(DIR, 'captures', golden.capture), '-Y', r.filter, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' });
        got.frames = p.stdout.split('\n').filter(Boolean).map(Number);
        sparse[i].frames = got.frames;
      }
      const { filter, ...gotRes } = got;
      const { filter: _f, ...sparseRes } = sparse[i];
      if (JSON.stringify(gotRes) !== JSON.stringify(sparseRes)) failures.push(`${filter}\n    tree:   ${JSON.stringify(gotRes)}\n    sparse: ${JSON.stringify(sparseRes)}`);
      const want = r.rc === undefined ? { frames: r.frames } : { rc: r.rc, stderr: r.stderr };
      if (JSON.stringify(gotRes) === JSON.stringify(want)) { passed++; return; }
      if (missingNames(r.filter).length || PENDING.has(`${golden.capture}\t${r.filter}`)) { pending++; return; }
      failures.push(`${r.filter}\n    tshark:    ${JSON.stringify(want)}\n    typeshark: ${JSON.stringify(gotRes)}`);
    });
    t.diagnostic(`${passed} identical, ${pending} pending on dissectors not written yet, ${failures.length} different`);
    assert.equal(failures.length, 0, `filters that select other frames than tshark:\n${failures.join('\n')}`);
  });
}

test('rejected filters: tshark\'s message and exit code', () => {
  const golden = JSON.parse(fs.readFileSync(path.join(DIR, 'goldens', 'bad-filters.json'), 'utf8'));
  const failures = [];
  for (const r of golden.results) {
    let got;
    try { compileFilter(r.filter); got = { rc: 0, stderr: '' }; } catch (e) {
      if (!(e instanceof FilterError)) throw e;
      got = { rc: 2, stderr: `tshark: ${e.message}\n` };
    }
    if ((got.rc !== r.rc || got.stderr !== r.stderr) && !PENDING.has(`bad\t${r.filter}`)) failures.push(`${r.filter}\n    tshark:    ${JSON.stringify(r.stderr)} rc=${r.rc}\n    typeshark: ${JSON.stringify(got.stderr)} rc=${got.rc}`);
  }
  assert.ok(golden.results.length >= 30);
  assert.equal(failures.length, 0, failures.join('\n'));
});

test('the CLI prints the filter error and exits like tshark', () => {
  const golden = JSON.parse(fs.readFileSync(path.join(DIR, 'goldens', 'bad-filters.json'), 'utf8'));
  for (const r of golden.results.slice(0, 5)) {
    const p = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'typeshark.js'), '-n', '-r', path.join(DIR, 'captures', 'basic.pcap'), '-Y', r.filter], { encoding: 'utf8' });
    assert.equal(p.stderr, r.stderr, r.filter);
    assert.equal(p.status, r.rc, r.filter);
  }
});
