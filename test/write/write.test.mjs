// -r … -w: typeshark writes the packets that pass the filters; tshark must read the same packets back from our file
// as from its own (goldens by scripts/make-write-goldens.mjs), and failures give tshark's messages and exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { CASES, runCase } from '../../scripts/make-write-goldens.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ts = [process.execPath, join(here, '..', '..', 'bin/typeshark.js')];

for (const c of CASES) {
  test(`-w ${c[0]} (${c[1]} ${c[2].join(' ')})`, () => {
    assert.equal(runCase(ts, c), fs.readFileSync(join(here, 'goldens', `${c[0]}.txt`), 'utf8'));
  });
}
