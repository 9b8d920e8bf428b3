// Capture-file errors: typeshark's stdout, stderr and exit code on each broken file scripts/make-bad-captures.mjs
// makes must be tshark 4.0's (goldens in test/errors/goldens/, made with `node scripts/make-bad-captures.mjs --goldens`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
spawnSync(process.execPath, [join(root, 'scripts/make-bad-captures.mjs')]);
const { CASES, runCase, unprivileged } = await import('../../scripts/make-bad-captures.mjs');

/** Whether the unprivileged user can reach the work tree (a clone under /root cannot be entered by nobody). */
function unprivilegedCanRun(name) {
  const pre = unprivileged(name);
  if (!pre.length) return true;
  const probe = `const fs = require('fs'); fs.accessSync(${JSON.stringify(join(root, 'dist/cli/main.js'))}, fs.constants.R_OK); fs.accessSync(${JSON.stringify(join(here, 'captures'))}, fs.constants.X_OK);`;
  return spawnSync(pre[0], [...pre.slice(1), process.execPath, '-e', probe]).status === 0;
}

for (const name of CASES) {
  test(`capture-file error: ${name}`, t => {
    if (!unprivilegedCanRun(name)) { t.skip('user nobody cannot reach this work tree (run from a world-readable folder)'); return; }
    const golden = fs.readFileSync(join(here, 'goldens', name.replace(/[^\w.-]/g, '_') + '.txt'), 'utf8');
    const r = runCase([...unprivileged(name), process.execPath, join(root, 'bin/typeshark.js')], name, join(here, 'captures'));
    assert.equal(`exit ${r.status}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`, golden);
  });
}
