// The short deterministic fuzz run (scripts/fuzz.mjs): 20,000 mutated fixture captures through every output path
// in-process; no exception, hang or memory past the budget may come out of any of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

test('fuzz: 20,000 mutations, seed 1, no failure', { timeout: 600_000 }, () => {
  const out = join(tmpdir(), `typeshark-fuzz-${process.pid}`);
  const r = spawnSync(process.execPath, [join(root, 'scripts/fuzz.mjs'), '--iterations', '20000', '--seed', '1', '--quiet', '--out', out],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, `fuzz failures (inputs in ${out}):\n${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /20000 mutations, 0 failure\(s\)/);
});
