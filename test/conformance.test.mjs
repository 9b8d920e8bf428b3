// The shared corpus scoreboard (../shared/corpus, present in CI and on developer machines): fails when the match
// counts for the commands below fall under the bars in test/conformance-bars.json, or when anything crashes.
import { test } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const tool = path.join(root, '..', 'shared', 'tools', 'conformance');
const bars = JSON.parse(fs.readFileSync(path.join(root, 'test/conformance-bars.json'), 'utf8'));
const present = fs.existsSync(tool) && fs.existsSync(path.join(root, '..', 'shared', 'corpus'));

for (const bar of bars) {
  test(`conformance ${bar.set} ${bar.only} >= ${bar.match}`, { skip: present ? false : 'no ../shared/corpus here' }, () => {
    const r = spawnSync(tool, ['--set', bar.set, '--only', bar.only, '--json', '--list', '--timeout', '60', '--jobs', '2', ...(bar.sample ? ['--sample', String(bar.sample)] : [])],
      { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(`conformance failed: ${r.stderr}`);
    const res = JSON.parse(r.stdout);
    const crashes = res.failing.filter(f => f.crashed).map(f => `${f.capture} ${f.slug}`);
    if (crashes.length) throw new Error(`${crashes.length} crashed: ${crashes.slice(0, 10).join(', ')}`);
    if (res.match < bar.match) throw new Error(`${res.match} of ${res.total} match, bar is ${bar.match}; failing: ${res.failing.slice(0, 20).map(f => `${f.capture} ${f.slug}`).join(', ')}`);
  });
}
