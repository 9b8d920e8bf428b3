// DNS goldens from tshark 4.0.17 (scripts/make-goldens-dnstls.sh) on the fixtures scripts/make-dns-fixture.mjs builds.
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

/** The DNS parts of a -V output, frame by frame (lower layers belong to other tests). */
export function dnsSections(text) {
  const out = [];
  let keep = false;
  for (const line of text.split('\n')) {
    const m = /^Frame (\d+):/.exec(line);
    if (m) { out.push(`== ${m[1]}`); keep = false; continue; }
    if (/^\S/.test(line)) keep = /^(Domain Name System|Multicast Domain Name System|Link-local Multicast Name Resolution|\[Malformed|\[Packet size)/.test(line);
    if (keep) out.push(line);
  }
  return out.join('\n');
}

for (const f of readdirSync(fixtures).filter(n => n.endsWith('.pcap'))) {
  const pcap = join(fixtures, f), base = pcap.slice(0, -5);
  test(`${f}: summary matches tshark`, () => {
    const want = readFileSync(`${base}.summary.txt`, 'utf8'), got = run(['-n', '-r', pcap]);
    // Over TCP only the DNS lines are this area's (TCP's own lines belong to the TCP tests).
    const dnsOnly = t => t.split('\n').filter(l => / (DNS|MDNS|LLMNR) \d+ /.test(l)).join('\n');
    if (f.includes('tcp')) assert.equal(dnsOnly(got), dnsOnly(want));
    else assert.equal(got, want);
  });
  test(`${f}: -V DNS trees match tshark`, () => {
    assert.equal(dnsSections(run(['-n', '-r', pcap, '-V'])), dnsSections(readFileSync(`${base}.verbose.txt`, 'utf8')));
  });
}
