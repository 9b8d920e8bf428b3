// Property-based tests (fast-check) of the display-filter lexer, parser and compiler: any string either compiles
// to a filter or is rejected with tshark's error (FilterError, shown as "tshark: ..." with exit code 2); never
// another exception. Compiled filters run on real packets without throwing, in every output path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../dist/dissect/index.js';
import '../../dist/filter/index.js';
import { compileFilter, FilterError } from '../../dist/filter/api.js';
import { runBuffer } from '../../dist/cli/run-buffer.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.PROP_RUNS ?? 300);
const fixture = p => new Uint8Array(readFileSync(fileURLToPath(new URL(`../${p}`, import.meta.url))));

/** Outcome of compiling: 'ok' or 'error'; anything else thrown fails the property. */
function tryCompile(text) {
  try { const f = compileFilter(text); assert.equal(typeof f.match, 'function'); return 'ok'; } catch (e) {
    if (e instanceof FilterError) { assert.ok(e.message.length > 0); return 'error'; }
    throw new Error(`filter ${JSON.stringify(text)} threw ${e && e.stack}`);
  }
}

const FIELDS = ['frame', 'frame.len', 'frame.number', 'frame.time', 'frame.time_delta', 'frame.protocols', 'eth', 'eth.addr', 'eth.src', 'eth.type',
  'ip', 'ip.src', 'ip.dst', 'ip.addr', 'ip.len', 'ip.ttl', 'ip.flags.df', 'ip.proto', 'ipv6.addr', 'ipv6.src', 'tcp', 'tcp.port', 'tcp.srcport',
  'tcp.flags', 'tcp.flags.syn', 'tcp.len', 'tcp.stream', 'tcp.analysis.flags', 'tcp.payload', 'udp', 'udp.port', 'udp.length', 'dns',
  'dns.qry.name', 'dns.a', 'dns.flags.response', 'dns.count.answers', 'http', 'http.request.method', 'http.host', 'http.request.uri',
  'tls', 'tls.handshake.type', 'icmp', 'icmp.type', 'arp', 'arp.opcode', '_ws.malformed', '_ws.expert', 'data', 'data.data', 'nosuch.field', 'foo'];
const token = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...FIELDS) },
  { weight: 5, arbitrary: fc.constantFrom('==', '!=', '===', '!==', '>', '<', '>=', '<=', 'eq', 'ne', 'gt', 'lt', 'ge', 'le', 'any_eq', 'all_ne', '~=',
    'contains', 'matches', '~', 'in', 'not in', 'and', 'or', 'xor', 'not', '&&', '||', '^^', '!', '&', 'bitwise_and', '+', '-', '*', '/', '%') },
  { weight: 4, arbitrary: fc.constantFrom('(', ')', '{', '}', '[', ']', ',', ':', '..', '-', '"', "'", '\\', '$', '@', '#', '.', '/', '${', 'len(',
    'upper(', 'lower(', 'count(', 'string(', 'max(', 'min(', 'abs(') },
  { weight: 5, arbitrary: fc.oneof(fc.integer({ min: -70000, max: 70000 }).map(String), fc.nat(0xffffffff).map(n => '0x' + n.toString(16)),
    fc.constantFrom('10.0.0.1', '10.0.0.0/8', '192.168.0.1/33', '::1', 'fe80::/10', '00:11:22:33:44:55', 'aa:bb', '1.5', '1e3', '0b101', '017',
      '"GET"', '"a\\x41\\101\\n"', '"\\u0041"', '"unterminated', "'x'", 'r"a.b"', '"a" "b"', 'TRUE', 'False', '1..5', '[0:2]', '[-1]', '[1-2,4:]', 'ab:cd:ef')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
const filterish = fc.tuple(fc.array(token, { maxLength: 12 }), fc.array(fc.constantFrom(' ', '', '  ', '\t'), { minLength: 12, maxLength: 12 }))
  .map(([toks, seps]) => toks.map((t, i) => t + seps[i]).join(''));

test('display filters: structured token soup compiles or gives tshark\'s error, never an exception', () => {
  fc.assert(fc.property(filterish, text => { tryCompile(text); }), { numRuns: RUNS * 10 });
});

test('display filters: arbitrary strings (full Unicode, control characters) compile or give tshark\'s error', () => {
  fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 })), text => { tryCompile(text); }),
    { numRuns: RUNS * 10 });
});

test('display filters: any nesting depth gives a filter or tshark\'s error, never a stack overflow', () => {
  const nest = fc.constantFrom(['(', ')', ''], ['!', '', ''], ['not ', '', ''], ['-', '', 'frame.len == '], ['{', '}', 'frame.len == '],
    ['len(', ')', ''], ['(frame and ', ')', ''], ['(', ') or frame', '']);
  fc.assert(fc.property(fc.integer({ min: 1, max: 5000 }), nest, fc.constantFrom('frame.len == 1', '1', 'dns.qry.name'), (depth, [open, close, pre], inner) => {
    tryCompile(pre + open.repeat(depth) + inner + close.repeat(depth));
  }), { numRuns: 60 });
});

test('display filters: compiled filters run on packets (-Y, -R with -2, -T fields) without an escaping error', async () => {
  const caps = [fixture('fixtures/http.pcap'), fixture('fixtures/dns.pcap'), fixture('fixtures/icmp.pcap')].map(b => b.subarray(0, Math.min(b.length, 4000)));
  const good = filterish.filter(t => tryCompile(t) === 'ok');
  await fc.assert(fc.asyncProperty(good, fc.nat(caps.length - 1), fc.constantFrom('-Y', '-R'), async (text, ci, opt) => {
    const args = opt === '-R' ? ['-n', '-2', '-R', text] : ['-n', '-Y', text, '-T', 'fields', '-e', 'frame.number'];
    const r = await runBuffer(args, caps[ci]);
    // 0, or 2 for a truncated capture; filter errors found at run time are tshark's messages
    assert.ok(r.code === 0 || r.code === 2, `exit ${r.code}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /TypeError|RangeError|ReferenceError|internal error/);
  }), { numRuns: Math.ceil(RUNS / 3) });
});
