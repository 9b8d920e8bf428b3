// Golden tests for the -z statistics: typeshark's output must equal what tshark 4.0.17 printed for the same
// capture (captures and goldens from scripts/make-stats-fixtures.py), and merging the tables of two halves of
// a capture must give the same text as one pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const here = fileURLToPath(new URL('./', import.meta.url));
const commands = fs.readFileSync(here + 'goldens/commands.tsv', 'utf8').trim().split('\n').map(l => {
  const [slug, args] = l.split('\t');
  return { slug, args: args.split('\x1f') };
});

for (const cap of ['udp-70s.pcap', 'udp-short.pcap']) {
  for (const { slug, args } of commands) {
    test(`${cap} ${slug}`, () => {
      const want = fs.readFileSync(`${here}goldens/${cap}/${slug}.txt`, 'utf8');
      const got = execFileSync('node', [root + 'bin/typeshark.js', '-n', '-r', `${here}fixtures/${cap}`, ...args], { encoding: 'utf8' });
      assert.equal(got, want);
    });
  }
}

test('taps merged from two halves draw what one pass draws', async () => {
  await import('../../dist/dissect/index.js');
  await import('../../dist/stats/index.js');
  const { makeTap } = await import('../../dist/stats/tap.js');
  const { Engine } = await import('../../dist/dissect/engine.js');
  const { readCapture } = await import('../../dist/capture/source.js');
  const args = ['io,stat,5', 'conv,udp', 'conv,ip', 'endpoints,eth', 'endpoints,udp', 'ptype,tree', 'ip_hosts,tree', 'io,phs'];
  const records = [];
  // one engine numbers and times every packet; the first half feeds set A, the second set B
  const whole = args.map(makeTap), a = args.map(makeTap), b = args.map(makeTap);
  const engine = new Engine({ tree: true, frame: { hasInterfaces: false } });
  await readCapture(`${here}fixtures/udp-70s.pcap`, rec => { records.push({ ...rec, data: rec.data.slice() }); return true; }, () => {});
  records.forEach((rec, i) => {
    const pkt = engine.dissect(rec);
    for (const t of whole) t.packet(pkt);
    for (const t of i < records.length / 2 ? a : b) t.packet(pkt);
  });
  a.forEach((t, i) => t.merge(b[i]));
  a.forEach((t, i) => assert.equal(t.draw(), whole[i].draw(), args[i]));
});

test('invalid -z arguments: tshark messages and exit codes', () => {
  const run = z => {
    try {
      execFileSync('node', [root + 'bin/typeshark.js', '-n', '-r', `${here}fixtures/udp-short.pcap`, '-q', '-z', z], { encoding: 'utf8', stdio: 'pipe' });
      return { code: 0 };
    } catch (e) { return { code: e.status, err: e.stderr }; }
  };
  let r = run('nosuch');
  assert.equal(r.code, 1);
  assert.match(r.err, /^tshark: Invalid -z argument "nosuch"; it must be one of:\n/);
  r = run('io,stat,');
  assert.equal(r.code, 1);
  assert.equal(r.err, '\ntshark: invalid "-z io,stat,<interval>[,<filter>][,<filter>]..." argument\n');
  r = run('io,stat,0.0000001');
  assert.equal(r.code, 10);
  r = run('io,stat,1,SUM(nosuch.field)');
  assert.equal(r.code, 10);
  assert.equal(r.err, "\ntshark: There is no field named 'nosuch.field'.\n");
});
