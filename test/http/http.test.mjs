// HTTP golden tests: typeshark's HTTP lines and HTTP part of -V against tshark 4.0.17's, on captures the repo
// makes itself (test/http/make-fixtures.sh). The filter keeps only HTTP's share of each output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { filter } from './filter.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', '..', 'bin', 'typeshark.js');
const run = (...args) => execFileSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

for (const cap of ['http-single', 'http-lo']) {
  const file = join(here, `${cap}.pcap`);
  const opts = {};
  test(`${cap}: HTTP lines of the packet list`, opts, () => {
    assert.equal(filter('summary', run('-n', '-r', file)), readFileSync(join(here, `${cap}.summary.txt`), 'utf8'));
  });
  test(`${cap}: HTTP part of -V`, opts, () => {
    assert.equal(filter('verbose', run('-n', '-r', file, '-V')), readFileSync(join(here, `${cap}.verbose.txt`), 'utf8'));
  });
}

for (const cap of ['http-single', 'http-lo']) {
  test(`${cap}: whole packet list`, () => {
    assert.equal(run('-n', '-r', join(here, `${cap}.pcap`)), readFileSync(join(here, `${cap}.full-summary.txt`), 'utf8'));
  });
}
