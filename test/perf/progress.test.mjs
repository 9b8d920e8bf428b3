// The progress bar: drawn on stderr when it is a terminal (a pseudo-terminal here), cleared at the end, never on
// stdout (whose bytes stay those of a run without a terminal), and not drawn when packets are printed to the same
// terminal. TYPESHARK_PROGRESS=always draws it from the start on a small file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const bin = join(root, 'bin', 'typeshark.js');
const tmp = mkdtempSync(join(tmpdir(), 'ts-progress-'));
const cap = join(tmp, 'bench2.pcap');
execFileSync(process.execPath, [join(root, 'bench', 'gen.mjs'), '2', cap]);

// Runs the command with stderr (and, with `sameTty`, stdout) on a pseudo-terminal; returns stdout bytes (hex) and the
// terminal's bytes (hex).
const PY = `
import os, pty, subprocess, sys, json
args = json.loads(sys.argv[1]); same = sys.argv[2] == '1'
m, s = pty.openpty()
outf = open(sys.argv[3], 'w+b')
p = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=(s if same else outf), stderr=s)
os.close(s)
term = b''
while True:
    try:
        d = os.read(m, 65536)
    except OSError:
        break
    if not d:
        break
    term += d
p.wait()
outf.seek(0)
out = b'' if same else outf.read()
print(json.dumps({'out': out.hex(), 'term': term.hex(), 'code': p.returncode}))
`;
function onTty(args, sameTty, env = {}) {
  const r = spawnSync('python3', ['-c', PY, JSON.stringify([process.execPath, bin, ...args]), sameTty ? '1' : '0', join(tmp, 'stdout')],
    { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  if (r.error || r.status !== 0) return null;
  const j = JSON.parse(r.stdout);
  return { out: Buffer.from(j.out, 'hex'), term: Buffer.from(j.term, 'hex').toString('latin1'), code: j.code };
}
const plain = args => spawnSync(process.execPath, [bin, ...args], { maxBuffer: 1 << 26 }).stdout;
const hasPython = spawnSync('python3', ['-c', 'import pty']).status === 0;

test('progress bar on a terminal stderr; stdout unchanged; cleared at the end', { skip: !hasPython && 'no python3' }, () => {
  for (const args of [['-n', '-q', '-r', cap, '-z', 'conv,tcp'], ['-n', '-r', cap, '-Y', 'tcp.port==443'], ['-n', '-q', '-r', cap, '-z', 'io,stat,1', '--workers', '2']]) {
    const r = onTty(args, false, { TYPESHARK_PROGRESS: 'always' });
    assert.ok(r, 'ran on a pty');
    assert.equal(r.code, 0);
    assert.ok(r.out.equals(plain(args)), `stdout bytes unchanged: ${args.join(' ')}`);
    assert.match(r.term, /\r\[#* *\] +\d+% [\d.]+\/[\d.]+ MiB/, `a bar was drawn: ${args.join(' ')}`);
    assert.ok(r.term.endsWith('\r\x1b[K'), 'the bar is cleared at the end');
  }
});

test('no progress bar when packets go to the same terminal, nor for a small file by default', { skip: !hasPython && 'no python3' }, () => {
  const r = onTty(['-n', '-r', cap, '-c', '50'], true, { TYPESHARK_PROGRESS: 'always' });
  assert.ok(r);
  assert.doesNotMatch(r.term, /\r\[/);
  assert.match(r.term, /^ +1 /m, 'the packet list went to the terminal');
  const q = onTty(['-n', '-q', '-r', cap, '-z', 'conv,tcp'], false, { TYPESHARK_PROGRESS: '' });
  assert.ok(q);
  assert.equal(q.term, '', 'a 2 MiB file: no bar');
});
