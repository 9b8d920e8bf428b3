// Live capture: counts, bytes, capture filters, stop conditions, ring buffers, signals, and agreement
// with tshark capturing the same traffic at the same time. Traffic is made here, on loopback and on a
// veth pair inside a namespace this file creates and removes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  cannotCapture, haveTshark, makeVeth, readBack, run, sendUdp, stableStderr, startCapture, tmpDir, udpSink,
} from './helpers.mjs';

const reason = await cannotCapture();
if (reason) process.stderr.write(`# SKIPPING live-capture tests: ${reason}\n`);
const tshark = !reason && haveTshark();
if (!reason && !tshark) process.stderr.write('# tshark is not installed: comparisons with tshark are skipped\n');
const opt = { skip: reason ?? false, timeout: 30000 };
const withTshark = { skip: reason ?? (tshark ? false : 'tshark not installed'), timeout: 40000 };

test('without the addon, -i says what to install and -r still works', () => {
  const env = { ...process.env, TYPESHARK_PCAP_ADDON: '' };
  const r = run(['-i', 'lo', '-c', '1'], { env });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^tshark: Live capture is not available: .*\n/);
  assert.match(r.stderr, /libpcap-dev/);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/); // no stack trace
  const d = run(['-D'], { env });
  assert.equal(d.status, 1);
  assert.match(d.stderr, /libpcap-dev/);
});

test('counts and bytes on loopback, the -w file reads back', opt, async () => {
  const dir = tmpDir('count');
  const sink = await udpSink();
  try {
    const file = path.join(dir, 'c.pcapng');
    const cap = startCapture(['-i', 'lo', '-f', `udp port ${sink.port}`, '-c', '10', '-w', file]);
    await cap.ready;
    await sendUdp('127.0.0.1', sink.port, 10, 100);
    const r = await cap.done;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(stableStderr(r.stderr), "Capturing on 'Loopback: lo'\ntshark: \n10 packets captured\n");
    assert.equal(r.stdout, '');
    const recs = await readBack(file);
    assert.equal(recs.length, 10);
    for (const x of recs) {
      assert.equal(x.len, 14 + 20 + 8 + 100);
      assert.equal(x.caplen, x.len);
      assert.equal(x.data.readUInt16BE(14 + 20 + 2), sink.port); // UDP destination port
    }
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  } finally { sink.close(); fs.rmSync(dir, { recursive: true, force: true }); }
});

test('-f filters in the kernel, -s cuts packets', opt, async () => {
  const dir = tmpDir('filter');
  const a = await udpSink(), b = await udpSink();
  try {
    const file = path.join(dir, 'f.pcap');
    const cap = startCapture(['-i', 'lo', '-f', `udp dst port ${a.port}`, '-s', '60', '-c', '5', '-w', file, '-F', 'pcap']);
    await cap.ready;
    for (let i = 0; i < 5; i++) { await sendUdp('127.0.0.1', b.port, 1, 200, 0); await sendUdp('127.0.0.1', a.port, 1, 200, 0); }
    const r = await cap.done;
    assert.equal(r.code, 0, r.stderr);
    const recs = await readBack(file);
    assert.equal(recs.length, 5);
    for (const x of recs) {
      assert.equal(x.caplen, 60);
      assert.equal(x.len, 14 + 20 + 8 + 200);
      assert.equal(x.data.readUInt16BE(36), a.port);
    }
    const head = fs.readFileSync(file).subarray(0, 24);
    assert.equal(head.readUInt32LE(0), 0xa1b2c3d4);
    assert.equal(head.readUInt32LE(16), 60);
  } finally { a.close(); b.close(); fs.rmSync(dir, { recursive: true, force: true }); }
});

test('a bad capture filter gives libpcap\'s text in tshark\'s message', opt, () => {
  const r = run(['-i', 'lo', '-f', 'tcp port', '-a', 'duration:1']);
  assert.equal(r.status, 1);
  assert.equal(stableStderr(r.stderr), "Capturing on 'Loopback: lo'\n" +
    "tshark: Invalid capture filter \"tcp port\" for interface 'Loopback'.\n\n" +
    "That string isn't a valid capture filter (can't parse filter expression: syntax error).\n" +
    "See the User's Guide for a description of the capture filter syntax.\n" +
    'tshark: \n0 packets captured\n');
  const n = run(['-i', 'typeshark-nosuch0', '-a', 'duration:1']);
  assert.equal(n.status, 1);
  assert.match(n.stderr, /^Capturing on 'typeshark-nosuch0'\ntshark: There is no device named "typeshark-nosuch0".\n\(.*\)\n\ntshark: \n0 packets captured\n$/);
});

test('-a duration:2 stops on time', opt, async () => {
  const cap = startCapture(['-i', 'lo', '-f', 'udp port 9', '-a', 'duration:2', '-q']);
  const r = await cap.done;
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.ms >= 1900 && r.ms < 3500, `stopped after ${r.ms} ms`);
  assert.equal(stableStderr(r.stderr), "Capturing on 'Loopback: lo'\ntshark: \n0 packets captured\n");
});

test('ring buffer: files rotate with tshark\'s names, old ones go, all read back', opt, async () => {
  const dir = tmpDir('ring');
  const sink = await udpSink();
  try {
    const cap = startCapture(['-i', 'lo', '-f', `udp port ${sink.port}`, '-w', path.join(dir, 'out.pcapng'), '-b', 'packets:5', '-b', 'files:3', '-c', '22']);
    await cap.ready;
    await sendUdp('127.0.0.1', sink.port, 22, 50);
    const r = await cap.done;
    assert.equal(r.code, 0, r.stderr);
    const files = fs.readdirSync(dir).sort();
    assert.equal(files.length, 3, files.join(' '));
    const nums = files.map(f => { const m = /^out_(\d{5})_(\d{14})\.pcapng$/.exec(f); assert.ok(m, f); return Number(m[1]); });
    assert.deepEqual(nums, [3, 4, 5]);
    const counts = [];
    for (const f of files) counts.push((await readBack(path.join(dir, f))).length);
    assert.deepEqual(counts, [5, 5, 2]);
    const logged = r.stderr.split('\n').filter(l => l.includes('-- File: ')).length;
    assert.equal(logged, 5);
  } finally { sink.close(); fs.rmSync(dir, { recursive: true, force: true }); }
});

for (const sig of ['SIGINT', 'SIGTERM']) {
  test(`${sig} stops the capture and leaves a valid file`, opt, async () => {
    const dir = tmpDir('sig');
    const sink = await udpSink();
    try {
      const file = path.join(dir, 's.pcapng');
      const cap = startCapture(['-i', 'lo', '-f', `udp port ${sink.port}`, '-w', file]);
      await cap.ready;
      await sendUdp('127.0.0.1', sink.port, 25, 64);
      await new Promise(r => setTimeout(r, 400)); // let libpcap's block timeout hand the packets over
      cap.child.kill(sig);
      const r = await cap.done;
      assert.equal(r.code, 0, r.stderr);
      const m = /^(\d+) packets captured$/m.exec(r.stderr);
      assert.ok(m, r.stderr);
      const recs = await readBack(file);
      assert.equal(recs.length, Number(m[1]));
      assert.equal(recs.length, 25);
      // the file ends with an interface statistics block
      const buf = fs.readFileSync(file);
      const lastLen = buf.readUInt32LE(buf.length - 4);
      assert.equal(buf.readUInt32LE(buf.length - lastLen), 5);
    } finally { sink.close(); fs.rmSync(dir, { recursive: true, force: true }); }
  });
}

/** Runs tshark and typeshark on the same interface at once, makes traffic, returns both results. */
async function sideBySide(args, traffic) {
  const ts = startCapture(args);
  const ref = startCapture(args, { program: 'tshark' });
  await Promise.all([ts.ready, ref.ready]);
  await traffic();
  return Promise.all([ts.done, ref.done]);
}

test('loopback: the packet list matches tshark capturing at the same time, and the file agrees', withTshark, async () => {
  const dir = tmpDir('cmp');
  const sink = await udpSink();
  try {
    const [ours, theirs] = await sideBySide(['-n', '-i', 'lo', '-f', `udp port ${sink.port}`, '-c', '12'],
      () => sendUdp('127.0.0.1', sink.port, 12, 80, 5));
    assert.equal(ours.code, theirs.code);
    assert.equal(ours.stdout, theirs.stdout);
    assert.equal(stableStderr(ours.stderr), stableStderr(theirs.stderr));
    assert.equal(ours.stdout.split('\n').length, 13);
    // the same traffic written and read back prints the same list
    const file = path.join(dir, 'w.pcapng');
    const cap = startCapture(['-n', '-i', 'lo', '-f', `udp port ${sink.port}`, '-c', '6', '-P', '-w', file]);
    await cap.ready;
    await sendUdp('127.0.0.1', sink.port, 6, 80, 5);
    const live = await cap.done;
    const back = run(['-n', '-r', file]);
    assert.equal(back.status, 0, back.stderr);
    assert.equal(live.stdout, back.stdout);
  } finally { sink.close(); fs.rmSync(dir, { recursive: true, force: true }); }
});

test('veth pair in a namespace: same packets as tshark, and -D lists like tshark', withTshark, async t => {
  const v = makeVeth();
  if (v.reason) { t.skip(v.reason); return; }
  try {
    const port = 40000 + (process.pid % 20000);
    const [ours, theirs] = await sideBySide(['-n', '-i', v.a, '-f', `udp dst port ${port}`, '-c', '8'],
      () => sendUdp(v.nsIp, port, 8, 300, 5));
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(ours.stdout, theirs.stdout);
    assert.equal(stableStderr(ours.stderr), `Capturing on '${v.a}'\ntshark: \n8 packets captured\n`);
    assert.equal(stableStderr(ours.stderr), stableStderr(theirs.stderr));
    const d1 = run(['-D']);
    const ref = (await import('node:child_process')).spawnSync('tshark', ['-D'], { encoding: 'utf8' });
    assert.equal(d1.status, 0);
    assert.equal(d1.stdout, ref.stdout);
    assert.ok(d1.stdout.includes(`. ${v.a}\n`));
    // the interface goes away mid-capture: dumpcap's message and tshark's exit status (0), as tshark 4.0.17 printed
    // them here (run side by side, tshark can hang when the link only goes down, so it is not run again)
    const { sh } = await import('./helpers.mjs');
    const o = startCapture(['-i', v.a, '-a', 'duration:8', '-q']);
    await o.ready;
    sh(`ip link del ${v.a}`);
    const x = await o.done;
    assert.equal(x.code, 0);
    assert.match(stableStderr(x.stderr), new RegExp(`^Capturing on '${v.a}'\\ntshark: The network adapter "${v.a}" is no longer attached; the capture has stopped\\.\\n\\ntshark: \\n\\d+ packets? captured\\n$`));
    assert.ok(x.ms < 6000, `stopped after ${x.ms} ms`);
  } finally { v.cleanup(); }
});

/** True when this build registers the -z family (taps land from other branches). */
async function hasTap(arg) {
  await import('../../dist/cli/pipeline.js'); // registers dissectors, filters and taps
  const { makeTap } = await import('../../dist/stats/tap.js');
  try { makeTap(arg); return true; } catch { return false; }
}

/** A TCP exchange on loopback: a few requests and replies, then both sides close. */
async function tcpTraffic() {
  const net = await import('node:net');
  const server = net.createServer(s => { s.on('data', d => s.write(Buffer.alloc(d.length * 3, 0x62))); s.on('end', () => s.end()); });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  return {
    port,
    async run() {
      const c = net.connect(port, '127.0.0.1');
      await new Promise(r => c.once('connect', r));
      for (let i = 0; i < 5; i++) {
        c.write(Buffer.alloc(200 + i * 50, 0x61));
        await new Promise(r => c.once('data', r));
      }
      c.end();
      await new Promise(r => c.once('close', r));
    },
    close: () => server.close(),
  };
}

/** The packet list without the time column (two capture sockets stamp the same packet a few hundred ns apart). */
function withoutTimes(list) {
  return list.split('\n').map(l => l.replace(/^(\s*\d+) \S+/, '$1')).join('\n');
}

test('-q -z conv,tcp on live traffic matches tshark capturing the same traffic', withTshark, async () => {
  const conv = await hasTap('conv,tcp');
  const t = await tcpTraffic();
  const dir = tmpDir('conv');
  try {
    const base = ['-n', '-i', 'lo', '-f', `tcp port ${t.port}`];
    const theirsFile = path.join(dir, 'tshark.pcapng');
    // with the conv tap: the table itself; until it lands: the packet list, and tshark's file read back by us
    const oursArgs = conv ? [...base, '-q', '-z', 'conv,tcp'] : base;
    const theirArgs = conv ? [...base, '-q', '-z', 'conv,tcp'] : [...base, '-P', '-w', theirsFile];
    if (!conv) process.stderr.write('# conv,tcp tap not in this build: comparing the packet list with tshark\'s capture instead\n');
    const ours = startCapture(oursArgs);
    const ref = startCapture(theirArgs, { program: 'tshark' });
    await Promise.all([ours.ready, ref.ready]);
    await t.run();
    await new Promise(r => setTimeout(r, 700));
    ours.child.kill('SIGINT'); ref.child.kill('SIGINT');
    const [a, b] = await Promise.all([ours.done, ref.done]);
    assert.equal(a.code, b.code);
    assert.equal(stableStderr(a.stderr), stableStderr(b.stderr));
    assert.match(a.stderr, /\n(1\d|[2-9]\d) packets captured\n/);
    if (conv) {
      assert.equal(a.stdout, b.stdout);
    } else {
      const back = run(['-n', '-r', theirsFile]);
      assert.equal(back.status, 0, back.stderr);
      assert.equal(withoutTimes(a.stdout), withoutTimes(back.stdout));
    }
  } finally { t.close(); fs.rmSync(dir, { recursive: true, force: true }); }
});

test('without capture permission: tshark\'s message naming the device and libpcap\'s reason, exit 1', opt, async t => {
  const { spawnSync } = await import('node:child_process');
  if (spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status !== 0) { t.skip('setpriv not installed'); return; }
  const { BIN } = await import('./helpers.mjs');
  const r = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'node', BIN, '-i', 'lo', '-a', 'duration:1'],
    { encoding: 'utf8', cwd: '/' });
  if (r.status === null || /EACCES|Cannot find module/.test(r.stderr)) { t.skip(`cannot run as nobody here: ${r.stderr.split('\n')[0]}`); return; }
  assert.equal(r.status, 1);
  assert.ok(r.stderr.startsWith("Capturing on 'Loopback: lo'\ntshark: You do not have permission to capture on device \"lo\".\n(socket: Operation not permitted)\nPlease check to make sure you have sufficient permissions.\n"), r.stderr);
  assert.ok(r.stderr.endsWith('\ntshark: \n0 packets captured\n'), r.stderr);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
});

test('disk full: a clear error, exit 1, and the file stays valid with every packet it counts', opt, async t => {
  const { sh } = await import('./helpers.mjs');
  const dir = tmpDir('full');
  const m = sh(`mount -t tmpfs -o size=64k typeshark-test ${dir}`);
  if (m.status !== 0) { fs.rmSync(dir, { recursive: true, force: true }); t.skip(`cannot mount a small tmpfs: ${m.stderr.trim()}`); return; }
  const sink = await udpSink();
  try {
    const file = path.join(dir, 'full.pcapng');
    const cap = startCapture(['-i', 'lo', '-f', `udp port ${sink.port}`, '-w', file, '-a', 'duration:6']);
    await cap.ready;
    await sendUdp('127.0.0.1', sink.port, 1500, 1000, 0);
    const r = await cap.done;
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.ms < 5500, 'stops at the write error');
    assert.ok(stableStderr(r.stderr).includes(`tshark: Not all the packets could be written to the file to which the capture was being saved\n("${file}") because there is no space left on the file system\non which that file resides.\nYou will need to free up space on that file system or put the capture file on a different file system.\n`), r.stderr);
    const captured = Number(/\n(\d+) packets captured\n$/.exec(r.stderr)?.[1]);
    const dropped = Number(/\n(\d+) packets? dropped from lo\n/.exec(r.stderr)?.[1]);
    const recs = await readBack(file);
    assert.ok(recs.length > 30, `${recs.length} packets in the file`);
    assert.equal(recs.length, captured);
    assert.ok(dropped > 0);
  } finally {
    sink.close();
    sh(`umount ${dir}`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the seed\'s command shape live: -f \'dst host …\' -q -z io,stat,10,tcp,udp matches tshark', withTshark, async t => {
  if (!(await hasTap('io,stat,10,tcp,udp'))) { t.skip('io,stat tap not in this build'); return; }
  const sink = await udpSink();
  try {
    const args = ['-i', 'lo', '-f', `dst host 127.0.0.1 and udp port ${sink.port}`, '-q', '-z', 'io,stat,10,tcp,udp'];
    const ours = startCapture(args), ref = startCapture(args, { program: 'tshark' });
    await Promise.all([ours.ready, ref.ready]);
    await sendUdp('127.0.0.1', sink.port, 20, 100, 5);
    await new Promise(r => setTimeout(r, 700));
    ours.child.kill('SIGINT'); ref.child.kill('SIGINT');
    const [a, b] = await Promise.all([ours.done, ref.done]);
    assert.equal(a.code, b.code);
    assert.equal(stableStderr(a.stderr), stableStderr(b.stderr));
    assert.match(a.stdout, /\|     20 \|  2840 \|/);
    assert.equal(a.stdout, b.stdout);
  } finally { sink.close(); }
});
