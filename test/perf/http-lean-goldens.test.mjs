// The lean HTTP stage (src/fast/http.ts) against tshark 4.0.17: the HTTP cases of http-cases.mjs that take the lean
// path, with -z http_req,tree -z http,tree -z http_srv,tree, compared whole with goldens made by tshark from the
// same generated captures (test/perf/goldens/http-cases/<case>.txt). Each run must take the lean path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCases } from './http-cases.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', '..', 'bin', 'typeshark.js');
const cases = writeCases(mkdtempSync(join(tmpdir(), 'ts-http-lean-')));

for (const c of cases.filter(c => c.lean)) {
  const golden = join(here, 'goldens', 'http-cases', `${c.name}.txt`);
  test(`lean HTTP trees = tshark: ${c.name}`, () => {
    assert.ok(existsSync(golden), `golden for ${c.name}`);
    const r = spawnSync(process.execPath, [bin, '-n', '-r', c.file, '-q', '-z', 'http_req,tree', '-z', 'http,tree', '-z', 'http_srv,tree'],
      { encoding: 'utf8', env: { ...process.env, TYPESHARK_FAST_DEBUG: '1' } });
    assert.match(r.stderr, /^fast path: \d+ frames\n$/);
    assert.equal(r.stdout, readFileSync(golden, 'utf8'));
  });
}
