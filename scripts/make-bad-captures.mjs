#!/usr/bin/env node
// Writes small broken capture files to test/errors/captures/ (each one capture-file error tshark reports), and with
// --goldens runs tshark 4.0 on each and writes its stderr and exit code to test/errors/goldens/<name>.txt.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'test/errors/captures');
const gdir = path.join(root, 'test/errors/goldens');
fs.mkdirSync(dir, { recursive: true });

const le32 = v => { const b = Buffer.alloc(4); b.writeUInt32LE(v >>> 0); return b; };
const le16 = v => { const b = Buffer.alloc(2); b.writeUInt16LE(v); return b; };
const pcapHdr = (snap = 65535, link = 1) => Buffer.concat([le32(0xa1b2c3d4), le16(2), le16(4), le32(0), le32(0), le32(snap), le32(link)]);
const rec = (data, caplen = data.length, len = data.length) => Buffer.concat([le32(1700000000), le32(0), le32(caplen), le32(len), data]);
const frame = Buffer.from('ffffffffffff0200000000010806' + '0001080006040001020000000001c0a80001000000000000c0a80002', 'hex');
const shb = (bom = 0x1a2b3c4d, major = 1, minor = 0) => Buffer.concat([le32(0x0a0d0d0a), le32(28), le32(bom), le16(major), le16(minor), le32(0xffffffff), le32(0xffffffff), le32(28)]);
const blk = (type, body) => { const t = 12 + body.length; return Buffer.concat([le32(type), le32(t), body, le32(t)]); };
const idb = () => Buffer.concat([le32(1), le32(20), le16(1), le16(0), le32(0), le32(20)]);
const pad4 = b => Buffer.concat([b, Buffer.alloc((4 - b.length % 4) % 4)]);
const epb = (data, total) => { const d = pad4(data); const t = 32 + d.length; return Buffer.concat([le32(6), le32(total ?? t), le32(0), le32(0), le32(0), le32(data.length), le32(data.length), d, le32(t)]); };

const files = {
  'not-a-capture.txt': Buffer.from('This is a text file, not a capture.\nIt has two lines.\n'),
  'empty.pcap': Buffer.alloc(0),
  'short-header.pcap': pcapHdr().subarray(0, 12),
  'cut-record-header.pcap': Buffer.concat([pcapHdr(), rec(frame), rec(frame).subarray(0, 10)]),
  'cut-packet.pcap': Buffer.concat([pcapHdr(), rec(frame), rec(frame).subarray(0, 30)]),
  'caplen-too-large.pcap': Buffer.concat([pcapHdr(), rec(frame), le32(0), le32(0), le32(0x10000000), le32(0x10000000), frame]),
  'caplen-over-snaplen.pcap': Buffer.concat([pcapHdr(32), rec(frame)]),
  'bad-linktype.pcap': Buffer.concat([pcapHdr(65535, 0x7fff), rec(frame)]),
  'pcapng-bad-bom.pcapng': Buffer.concat([shb(0x11223344), idb(), epb(frame)]),
  'pcapng-block-4g.pcapng': Buffer.concat([shb(), idb(), epb(frame), epb(frame, 0xfffffff0)]),
  'pcapng-block-short.pcapng': Buffer.concat([shb(), idb(), le32(6), le32(8), le32(8)]),
  'pcapng-block-unaligned.pcapng': Buffer.concat([shb(), idb(), epb(frame, 78)]),
  'pcapng-trailer-mismatch.pcapng': (() => { const e = epb(frame); e.writeUInt32LE(e.length + 4, e.length - 4); return Buffer.concat([shb(), idb(), e]); })(),
  'pcapng-no-idb.pcapng': Buffer.concat([shb(), epb(frame)]),
  'pcapng-cut.pcapng': Buffer.concat([shb(), idb(), epb(frame), epb(frame).subarray(0, 40)]),
  'gzip-corrupt.pcap.gz': (() => { const g = zlib.gzipSync(Buffer.concat([pcapHdr(), rec(frame), rec(frame)])); for (let i = 12; i < g.length - 8; i += 3) g[i] ^= 0x5a; return g; })(),
  'gzip-cut.pcap.gz': (() => { const g = zlib.gzipSync(Buffer.concat([pcapHdr(), rec(frame), rec(frame)])); return g.subarray(0, g.length - 30); })(),
  // format versions wiretap does not read: "contains record data that TShark doesn't support"
  'pcap-version-1.pcap': (() => { const h = pcapHdr(); h.writeUInt16LE(1, 4); return Buffer.concat([h, rec(frame)]); })(),
  'pcapng-version-1.1.pcapng': Buffer.concat([shb(0x1a2b3c4d, 1, 1), idb(), epb(frame)]),
  'pcapng-version-2.0.pcapng': Buffer.concat([shb(0x1a2b3c4d, 2, 0), idb(), epb(frame)]),
  'pcapng-version-1.2.pcapng': Buffer.concat([shb(0x1a2b3c4d, 1, 2), idb(), epb(frame)]),
  // blocks shorter than their type's fixed part, or too short for the packet they claim
  'pcapng-idb-short.pcapng': Buffer.concat([shb(), blk(1, Buffer.alloc(4)), epb(frame)]),
  'pcapng-pb-short.pcapng': Buffer.concat([shb(), idb(), blk(2, Buffer.alloc(12))]),
  'pcapng-pb-caplen.pcapng': Buffer.concat([shb(), idb(), blk(2, Buffer.concat([le16(0), le16(0), le32(0), le32(0), le32(200), le32(200), pad4(frame)]))]),
  'pcapng-epb-caplen.pcapng': (() => { const e = epb(frame); e.writeUInt32LE(200, 20); return Buffer.concat([shb(), idb(), e]); })(),
  'pcapng-epb-over-max.pcapng': Buffer.concat([shb(), idb(), epb(Buffer.alloc(262145, 0x11))]),
  'pcapng-epb-at-max.pcapng': Buffer.concat([shb(), idb(), epb(Buffer.concat([frame, Buffer.alloc(262144 - frame.length)]))]),
  'pcap-record-at-max.pcap': Buffer.concat([pcapHdr(), rec(Buffer.concat([frame, Buffer.alloc(262144 - frame.length)]))]),
  'pcap-len-below-caplen.pcap': Buffer.concat([pcapHdr(), rec(frame, frame.length, 20)]),
  'pcapng-spb-short.pcapng': Buffer.concat([shb(), idb(), blk(3, Buffer.alloc(0))]),
  'pcapng-isb-short.pcapng': Buffer.concat([shb(), idb(), blk(5, Buffer.alloc(4))]),
  'pcapng-nrb-short.pcapng': Buffer.concat([shb(), idb(), blk(4, Buffer.alloc(0))]),
  'pcapng-shb2-short.pcapng': Buffer.concat([shb(), idb(), epb(frame), le32(0x0a0d0d0a), le32(16), le32(0x1a2b3c4d), le32(16)]),
  'pcapng-bad-iface.pcapng': (() => { const e = epb(frame); e.writeUInt32LE(3, 8); return Buffer.concat([shb(), idb(), epb(frame), e]); })(),
  'pcapng-unknown-block.pcapng': Buffer.concat([shb(), idb(), blk(0x0badf00d, Buffer.alloc(4)), epb(frame)]),
  // gzip-compressed captures: cut inside the file header, empty, or not a capture inside
  'gzip-header-only.pcap.gz': zlib.gzipSync(Buffer.concat([pcapHdr(), rec(frame)])).subarray(0, 10),
  'gzip-cut-in-header.pcap.gz': (() => { const g = zlib.gzipSync(Buffer.concat([pcapHdr(), rec(frame)]), { level: 0 }); return g.subarray(0, 10 + 5 + 12); })(),
  'gzip-empty.pcap.gz': zlib.gzipSync(Buffer.alloc(0)),
  'gzip-text.txt.gz': zlib.gzipSync(Buffer.from('hello, this is text and not a capture\n')),
  'gzip-bomb.pcap.gz': zlib.gzipSync(Buffer.concat([pcapHdr(), rec(frame), le32(0), le32(0), le32(0x7fffffff), le32(0x7fffffff), Buffer.alloc(64 * 1024 * 1024, 0x41)]), { level: 9 }),
};
for (const [name, data] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), data);
fs.mkdirSync(path.join(dir, 'a-directory.pcap'), { recursive: true });
fs.writeFileSync(path.join(dir, 'a-directory.pcap', '.keep'), '');
// An unreadable file (mode 000; not in git, which keeps no such mode). Root reads any file, so as root both tshark
// and typeshark are run as user nobody (setpriv) for this case: see UNPRIVILEGED.
const unreadable = path.join(dir, 'unreadable.pcap');
fs.rmSync(unreadable, { force: true });
fs.writeFileSync(unreadable, Buffer.concat([pcapHdr(), rec(frame)]));
fs.chmodSync(unreadable, 0o000);

/** The cases the test runs: capture name (relative to captures/) → golden name. */
export const CASES = [...Object.keys(files), 'a-directory.pcap', 'does-not-exist.pcap', 'unreadable.pcap',
  // the same errors read from standard input (-r -): tshark words them "The standard input ..."
  ...['not-a-capture.txt', 'empty.pcap', 'cut-packet.pcap', 'gzip-cut.pcap.gz', 'gzip-corrupt.pcap.gz', 'gzip-header-only.pcap.gz',
    'pcapng-block-4g.pcapng', 'short-header.pcap', 'pcap-version-1.pcap'].map(n => `stdin:${n}`),
  // a character device as the file, and as standard input: "special file"
  '/dev/null', 'stdin-socket'];

/**
 * Runs argv (a command, then its arguments before -r) on one case: the -r argument is the case's file, or '-' with
 * standard input redirected from the file (as `< file`; a pipe from node would be a socket), or for 'stdin-socket'
 * a socket on standard input. Returns spawnSync's result.
 */
export function runCase(argv, name, cwd, env = process.env) {
  let file = name, stdin = 'ignore', input;
  if (name.startsWith('stdin:')) { file = '-'; stdin = fs.openSync(path.join(dir, name.slice(6)), 'r'); }
  else if (name === 'stdin-socket') { file = '-'; stdin = 'pipe'; input = ''; }
  const all = [...argv, '-n', '-r', file];
  try {
    return spawnSync(all[0], all.slice(1), { cwd, env, encoding: 'utf8', input, stdio: [stdin, 'pipe', 'pipe'] });
  } finally { if (typeof stdin === 'number') fs.closeSync(stdin); }
}

/** How to run a command without root's right to read every file: [argv prefix] (empty when not root). */
export function unprivileged(name) {
  if (name !== 'unreadable.pcap' || typeof process.getuid !== 'function' || process.getuid() !== 0) return [];
  return ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
}

if (process.argv.includes('--goldens')) {
  fs.mkdirSync(gdir, { recursive: true });
  for (const name of CASES) {
    const pre = unprivileged(name);
    const r = runCase([...pre, 'tshark'], name, dir, pre.length ? { ...process.env, HOME: '/tmp' } : process.env);
    const stderr = r.stderr.split('\n').filter(l => !l.startsWith('Running as user')).join('\n');
    fs.writeFileSync(path.join(gdir, name.replace(/[^\w.-]/g, '_') + '.txt'), `exit ${r.status}\n--- stdout\n${r.stdout}--- stderr\n${stderr}`);
  }
}
