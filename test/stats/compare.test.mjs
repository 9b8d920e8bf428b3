// --compare OLD: every statistic of -r NEW set beside OLD's. The expected rows are rebuilt here from the two captures'
// own tables (--stats-format json, whose text form the golden tests check against tshark), matched by key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fx = n => root + 'test/fixtures/' + n;
const ts = (...args) => execFileSync(process.execPath, [root + 'bin/typeshark.js', '-n', ...args], { encoding: 'utf8' });
const Z = ['-z', 'conv,ip', '-z', 'http_req,tree', '-z', 'io,stat,10', '-z', 'bytes,host', '-z', 'conv,tcp'];

function keyed(table) {
  const m = new Map(), path = [];
  const c = n => table.columns.indexOf(n);
  for (const r of table.rows) {
    let k, vals;
    switch (table.stat) {
      case 'conv': {
        let [a, b] = [r[c('address_a')], r[c('address_b')]];
        const pa = Number(/:(\d+)$/.exec(a)?.[1] ?? -1), pb = Number(/:(\d+)$/.exec(b)?.[1] ?? -1);
        if (pa >= 0 && pb >= 0) { if (pa > pb && pa >= 1024) a = a.replace(/:\d+$/, ':*'); else if (pb > pa && pb >= 1024) b = b.replace(/:\d+$/, ':*'); }
        k = [a, b].sort().join(' <-> '); vals = [r[c('frames')], r[c('bytes')]]; break;
      }
      case 'stats_tree': path.length = r[c('depth')]; path.push(r[c('topic')]); k = path.join(' / '); vals = [r[c('count')]]; break;
      case 'io,stat': k = `${r[c('start')]}-${r[c('end')]}`; vals = [r[c('1:frames')], r[c('1:bytes')]]; break;
      case 'bytes,host': k = r[c('host')] ?? '(not TCP or UDP)'; vals = [r[c('conns')], r[c('frames')], r[c('bytes')]]; break;
    }
    const acc = m.get(k) ?? vals.map(() => 0);
    m.set(k, acc.map((x, i) => x + vals[i]));
  }
  return m;
}

test('--compare sets each statistic of the new capture beside the old one, row by row', () => {
  const old = JSON.parse(ts('-r', fx('http.pcap'), '-q', ...Z, '--stats-format', 'json'));
  const now = JSON.parse(ts('-r', fx('seed.pcap'), '-q', ...Z, '--stats-format', 'json'));
  const cmp = JSON.parse(ts('-r', fx('seed.pcap'), '--compare', fx('http.pcap'), '-q', ...Z, '--stats-format', 'json'));
  assert.equal(cmp.length, Z.length / 2);
  cmp.forEach((t, i) => {
    const before = keyed(old[i]), after = keyed(now[i]);
    const keys = new Set([...before.keys(), ...after.keys()]);
    assert.equal(t.rows.length, keys.size, t.arg);
    const n = (t.columns.length - 1) / 3;
    for (const row of t.rows) {
      const b = before.get(row[0]) ?? Array(n).fill(0), a = after.get(row[0]) ?? Array(n).fill(0);
      for (let j = 0; j < n; j++) assert.deepEqual(row.slice(1 + 3 * j, 4 + 3 * j), [b[j], a[j], a[j] - b[j]], `${t.arg} ${row[0]}`);
    }
    if (t.stat !== 'io,stat') {
      const last = t.columns.length - 1;
      for (let j = 1; j < t.rows.length; j++) assert.ok(Math.abs(t.rows[j - 1][last]) >= Math.abs(t.rows[j][last]), `${t.arg}: largest change first`);
    }
  });
  // conversations over new connections to the same service are one row: the client's port is *
  assert.ok(cmp[4].rows.some(r => /^10\.\d+\.\d+\.\d+:\* <-> /.test(r[0]) || / <-> 10\.\d+\.\d+\.\d+:\*$/.test(r[0])));
});

test('--compare of a capture with itself changes nothing; the text names both', () => {
  const cmp = JSON.parse(ts('-r', fx('http.pcap'), '--compare', fx('http.pcap'), '-q', ...Z, '--stats-format', 'json'));
  for (const t of cmp) for (const r of t.rows) for (let j = 3; j < r.length; j += 3) assert.equal(r[j], 0, `${t.arg} ${r[0]}`);
  const text = ts('-r', fx('seed.pcap'), '--compare', fx('http.pcap'), '-q', '-z', 'bytes,host');
  assert.match(text, /^=+\nBytes by host name — bytes,host\nCompared with: .*http\.pcap\nFilter:<No Filter>\nKey +conns before/);
});

test('--compare errors: a missing old capture gives tshark\'s message; no -z is refused', () => {
  const r = spawnSync(process.execPath, [root + 'bin/typeshark.js', '-r', fx('http.pcap'), '--compare', '/nonexistent.pcap', '-q', '-z', 'conv,ip'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.equal(r.stderr, 'tshark: The file "/nonexistent.pcap" doesn\'t exist.\n');
  const r2 = spawnSync(process.execPath, [root + 'bin/typeshark.js', '-r', fx('http.pcap'), '--compare', fx('dns.pcap')], { encoding: 'utf8' });
  assert.equal(r2.status, 1);
  assert.match(r2.stderr, /--compare needs/);
});
