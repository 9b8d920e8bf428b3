// -T fields with plain value fields reads them from the sparse field collector (no tree is built): the output must
// stay tshark's, reassembly fields (tcp.segment, tcp.reassembled.length) and HTTP fields included.
// Goldens: tshark 4.0.17 -n -r FILE -T fields with the fields below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = (...args) => execFileSync('node', ['bin/typeshark.js', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
const FIELDS = ['frame.number', 'frame.protocols', 'eth.src', 'ip.src', 'ip.dst', 'tcp.stream', 'tcp.seq', 'tcp.len', 'tcp.segment',
  'tcp.reassembled.length', 'tcp.analysis.flags', 'tcp.analysis.ack_rtt', 'http.host', 'http.request.uri', 'http.response.code',
  'http.file_data', '_ws.col.Info'].flatMap(f => ['-e', f]);

for (const [file, golden] of [['test/http/http-lo.pcap', 'http-lo.fields.txt'], ['test/tcp/fixtures/lo-tcp-impaired.pcap', 'lo-tcp-impaired.fields.txt']]) {
  test(`-T fields on ${file} matches tshark`, () => {
    const want = readFileSync(fileURLToPath(new URL(`./fixtures/${golden}`, import.meta.url)), 'utf8');
    assert.equal(run('-n', '-r', file, '-T', 'fields', ...FIELDS), want);
  });
}
