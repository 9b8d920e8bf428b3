#!/usr/bin/env node
// Goldens for -r … -w (test/write/): tshark 4.0.17 writes a capture from a fixture, then reads it back with -V.
// What is compared is what a user sees: the command's exit code and messages, and the written file's packets as
// tshark dissects them (not the file's bytes: the application name in its header is ours).
//   node scripts/make-write-goldens.mjs
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** [name, fixture, args before -w, output ('{out}' = a fresh temporary file)]. */
export const CASES = [
  ['pcapng', 'dns.pcap', [], '{out}'],
  ['display-filter', 'dns.pcap', ['-Y', 'dns.flags.response == 1'], '{out}'],
  ['multi-section', 'multi-section.pcapng', [], '{out}'],
  ['nano-pcapng', 'dns-nano.pcap', [], '{out}'],
  ['nano-as-pcap', 'dns-nano.pcap', ['-F', 'pcap'], '{out}'],
  ['two-pass', 'http.pcap', ['-2', '-R', 'http'], '{out}'],
  ['count', 'http.pcap', ['-c', '5'], '{out}'],
  ['sll2', 'sll2.pcap', [], '{out}'],
  ['empty', 'empty.pcap', [], '{out}'],
  ['err-no-dir', 'dns.pcap', [], '/nonexistent-dir/out.pcapng'],
  ['err-is-dir', 'dns.pcap', [], '.'],
  ['err-pcap-multi-encap', 'multi-section.pcapng', ['-F', 'pcap'], '{out}'],
  ['err-disk-full', 'dns.pcap', [], '/dev/full'],
];

/** Runs `prog -n -r fixtures/F ARGS -w OUT` from test/, then `prog -n -r OUT -V`; returns the golden text. */
export function runCase(prog, [, fixture, args, output]) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-write-'));
  const out = output.replace('{out}', path.join(tmp, 'out'));
  const env = { ...process.env, TZ: 'UTC', LC_ALL: 'C.UTF-8' };
  const cwd = path.join(root, 'test');
  const w = spawnSync(prog[0], [...prog.slice(1), '-n', '-r', `fixtures/${fixture}`, ...args, '-w', out], { cwd, env, encoding: 'utf8' });
  const stderr = w.stderr.split('\n').filter(l => !/^Running as user/.test(l)).join('\n').replace(out, '{out}');
  let text = `exit ${w.status}\n--- stdout\n${w.stdout}--- stderr\n${stderr}`;
  if (out.startsWith(tmp) && fs.existsSync(out)) {
    const r = spawnSync(prog[0], [...prog.slice(1), '-n', '-r', out, '-V'], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
    text += `--- read back (exit ${r.status})\n${r.stdout}`;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  return text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = path.join(root, 'test/write/goldens');
  fs.mkdirSync(dir, { recursive: true });
  for (const c of CASES) fs.writeFileSync(path.join(dir, `${c[0]}.txt`), runCase(['tshark'], c));
  console.log(`${CASES.length} write goldens in ${dir}`);
}
