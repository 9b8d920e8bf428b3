// The display-filter golden suite: the frames each filter selects, and the messages of rejected filters,
// compared with what tshark 4.0 answered (test/filter/goldens, recorded by scripts/make-filter-goldens.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { readCapture } from '../../dist/capture/source.js';
import '../../dist/dissect/index.js';
import '../../dist/filter/index.js';
import { Engine } from '../../dist/dissect/engine.js';
import { compileFilter, FilterError } from '../../dist/filter/api.js';
import { fieldCount, fieldsByName } from '../../dist/fields/registry.js';
import { FieldCollector } from '../../dist/filter/collector.js';

const DIR = path.dirname(new URL(import.meta.url).pathname);
const ROOT = path.join(DIR, '..', '..');

/** Copies the records of a capture so they can be dissected again for each filter. */
async function loadRecords(file) {
  const recs = [];
  let parser = null;
  await readCapture(file, r => { recs.push({ ...r, data: r.data.slice() }); }, p => { parser = p; });
  return { recs, parser };
}

function selected(recs, parser, filter, sparse = null) {
  if (sparse) filter.attach(sparse);
  const engine = new Engine({ tree: !sparse, sink: sparse, frame: { hasInterfaces: parser?.format === 'pcapng', ifaceName: () => undefined } });
  const out = [];
  for (const r of recs) {
    const pkt = engine.dissect(r);
    if (!filter.match(pkt)) continue;
    engine.markDisplayed();
    out.push(pkt.num);
  }
  return out;
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
  test(`filters on ${golden.capture}`, async t => {
    const { recs, parser } = await loadRecords(path.join(DIR, 'captures', golden.capture));
    const failures = [];
    let pending = 0, passed = 0;
    for (const r of golden.results) {
      const missing = missingNames(r.filter);
      let got;
      try {
        const f = compileFilter(r.filter);
        got = { frames: selected(recs, parser, f) };
        // the same filter over the sparse field collector (what -Y uses when nothing else needs a tree)
        const f2 = compileFilter(r.filter);
        const sparse = selected(recs, parser, f2, new FieldCollector(f2.fieldIds, fieldCount()));
        if (JSON.stringify(sparse) !== JSON.stringify(got.frames)) failures.push(`${r.filter}\n    tree:   ${JSON.stringify(got.frames)}\n    sparse: ${JSON.stringify(sparse)}`);
      } catch (e) {
        if (!(e instanceof FilterError)) throw e;
        got = { rc: 2, stderr: `tshark: ${e.message}\n` };
      }
      const want = r.rc === undefined ? { frames: r.frames } : { rc: r.rc, stderr: r.stderr };
      if (JSON.stringify(got) === JSON.stringify(want)) { passed++; continue; }
      if (missing.length || PENDING.has(`${golden.capture}\t${r.filter}`)) { pending++; continue; }
      failures.push(`${r.filter}\n    tshark:    ${JSON.stringify(want)}\n    typeshark: ${JSON.stringify(got)}`);
    }
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
