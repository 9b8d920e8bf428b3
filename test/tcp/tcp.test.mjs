// TCP against tshark 4.0.17 goldens on traffic recorded on loopback (test/tcp/make-fixture.sh):
// handshake options, window scaling, Window Full / ZeroWindow / Window Update, FIN/ACK, the whole -V TCP subtree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tcpBlocks } from './tcp-blocks.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fx = name => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const run = (...args) => execFileSync('node', ['bin/typeshark.js', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });

test('summary of a loopback TCP transfer matches tshark', () => {
  assert.equal(run('-n', '-r', fx('lo-tcp.pcap')), readFileSync(fx('lo-tcp.summary.txt'), 'utf8'));
});

test('-V TCP subtrees match tshark', () => {
  assert.equal(tcpBlocks(run('-n', '-V', '-r', fx('lo-tcp.pcap'))), readFileSync(fx('lo-tcp.tcp-tree.txt'), 'utf8'));
});

test('reassembly constants are Wireshark\'s', async () => {
  const c = await import('../../dist/tcp/constants.js');
  assert.equal(c.DESEGMENT_ONE_MORE_SEGMENT, 0x0fffffff);
  assert.equal(c.DESEGMENT_UNTIL_FIN, 0x0ffffffe);
});

test('two passes (-2) print what tshark -2 prints', () => {
  assert.equal(run('-n', '-2', '-r', fx('lo-tcp.pcap')), readFileSync(fx('lo-tcp.two-pass.txt'), 'utf8'));
});

test('-z follow,tcp,ascii,0 matches tshark', () => {
  assert.equal(run('-n', '-q', '-z', 'follow,tcp,ascii,0', '-r', fx('lo-tcp.pcap')), readFileSync(fx('lo-tcp.follow.txt'), 'utf8'));
});

// lo-tcp-impaired.pcap: lo-tcp.pcap with a segment moved after its ACK, an ACK repeated and two segments dropped
// (test/tcp/make-impaired.py): lost segment, ACKed unseen segment (only once per run of ACKs beyond anything seen),
// duplicate ACK, spurious retransmission, as tshark's tcp_analyze_sequence_number sets them.
test('impaired transfer: summary matches tshark', () => {
  assert.equal(run('-n', '-r', fx('lo-tcp-impaired.pcap')), readFileSync(fx('lo-tcp-impaired.summary.txt'), 'utf8'));
});

test('impaired transfer: -V TCP subtrees match tshark', () => {
  assert.equal(tcpBlocks(run('-n', '-V', '-r', fx('lo-tcp-impaired.pcap'))), readFileSync(fx('lo-tcp-impaired.tcp-tree.txt'), 'utf8'));
});

test('impaired transfer: -z expert matches tshark', () => {
  assert.equal(run('-n', '-q', '-z', 'expert', '-r', fx('lo-tcp-impaired.pcap')), readFileSync(fx('lo-tcp-impaired.expert.txt'), 'utf8'));
});
