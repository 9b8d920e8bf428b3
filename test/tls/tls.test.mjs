// TLS goldens from tshark 4.0.17 on a capture recorded on loopback (scripts/record-tls-fixture.sh).
// Whole summaries; for -V, the TLS trees (lower layers have their own tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const fixtures = join(here, 'fixtures');

function run(args) {
  return execFileSync(process.execPath, [join(root, 'bin', 'typeshark.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

/** The TLS trees of a -V output, under their frame numbers (frames without TLS are left out). */
function tlsSections(text) {
  const out = [];
  let keep = false, frame = '', shown = '';
  for (const line of text.split('\n')) {
    const m = /^Frame (\d+):/.exec(line);
    if (m) { frame = m[1]; keep = false; continue; }
    if (/^\S/.test(line)) keep = /^(Transport Layer Security|\[Malformed|\[Packet size)/.test(line);
    if (!keep || line === "") continue;
    if (shown !== frame) { out.push(`== ${frame}`); shown = frame; }
    out.push(line);
  }
  return out.join('\n');
}

for (const f of readdirSync(fixtures).filter(n => n.endsWith('.pcap'))) {
  const pcap = join(fixtures, f), base = pcap.slice(0, -5);
  test(`${f}: summary matches tshark`, () => {
    assert.equal(run(['-n', '-r', pcap]), readFileSync(`${base}.summary.txt`, 'utf8'));
  });
  test(`${f}: -V TLS trees match tshark`, () => {
    assert.equal(tlsSections(run(['-n', '-r', pcap, '-V'])), tlsSections(readFileSync(`${base}.verbose.txt`, 'utf8')));
  });
}
