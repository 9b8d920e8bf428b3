// Builds the optional live-capture addon at `npm install`. Never fails the install: without libpcap-dev
// (or a compiler) typeshark still reads files, and `-i` explains what to install.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const say = s => process.stderr.write(`typeshark: ${s}\n`);

if (process.env.TYPESHARK_SKIP_NATIVE) { say('TYPESHARK_SKIP_NATIVE set: live capture addon not built'); process.exit(0); }
const header = ['/usr/include/pcap/pcap.h', '/usr/local/include/pcap/pcap.h', '/opt/homebrew/include/pcap/pcap.h', '/usr/include/pcap.h']
  .find(p => fs.existsSync(p));
if (!header && process.platform !== 'darwin') {
  say('libpcap headers not found: live capture (-i, -D) disabled. Install libpcap-dev (Debian/Ubuntu) or libpcap-devel, then run `npm run build:native`.');
  process.exit(0);
}
// node-gyp ships with npm; find it next to the running npm, else rely on PATH.
const candidates = [];
if (process.env.npm_execpath) candidates.push(path.join(path.dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
candidates.push(path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
const gyp = candidates.find(p => fs.existsSync(p));
const args = ['rebuild'];
// Use the headers that came with this node when they are installed (no download needed).
const prefix = path.join(path.dirname(process.execPath), '..');
if (fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);
const r = gyp
  ? spawnSync(process.execPath, [gyp, ...args], { cwd: here, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
  : spawnSync('node-gyp', args, { cwd: here, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
if (r.status !== 0) {
  say('could not build the live capture addon (native/); reading files still works.');
  say('to capture live: install libpcap-dev, a C compiler, make and python3, then run `npm run build:native`.');
  if (process.env.TYPESHARK_DEBUG) process.stderr.write(r.stderr ?? String(r.error));
}
process.exit(0);
