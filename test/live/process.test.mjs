// -z bytes,process on a live loopback capture: the server is a child process whose pid we know, the client is this
// test; the process rows must carry exactly the frames and bytes that -z conv,tcp counts for their conversation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import { cannotCapture, startCapture } from './helpers.mjs';

const reason = await cannotCapture();
if (reason) process.stderr.write(`# SKIPPING live process test: ${reason}\n`);

test('bytes,process names the local processes at both ends of a live TCP connection', { skip: reason ?? false, timeout: 30000 }, async () => {
  // a server in its own process: echoes three times what it reads
  const server = spawn(process.execPath, ['-e', `
    const s = require('net').createServer(c => { c.on('data', d => c.write(Buffer.alloc(d.length * 3, 98))); c.on('end', () => c.end()); });
    s.listen(0, '127.0.0.1', () => process.stdout.write(String(s.address().port) + '\\n'));`], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = Number(await new Promise(r => server.stdout.once('data', d => r(String(d).trim()))));
    const cap = startCapture(['-i', 'lo', '-f', `tcp port ${port}`, '-q', '-z', 'conv,tcp', '-z', 'bytes,process', '--stats-format', 'json']);
    await cap.ready;
    const c = net.connect(port, '127.0.0.1');
    await new Promise(r => c.once('connect', r));
    for (let i = 0; i < 5; i++) { c.write(Buffer.alloc(300 + i * 100, 97)); await new Promise(r => c.once('data', r)); }
    await new Promise(r => setTimeout(r, 300));
    c.end();
    await new Promise(r => c.once('close', r));
    await new Promise(r => setTimeout(r, 500));
    cap.child.kill('SIGINT');
    const res = await cap.done;
    assert.equal(res.code, 0, res.stderr);
    const [conv, proc] = JSON.parse(res.stdout);
    assert.equal(conv.rows.length, 1);
    const cc = name => conv.rows[0][conv.columns.indexOf(name)];
    // conv's A is the client (first sender)
    const clientSent = cc('bytes_a_to_b'), serverSent = cc('bytes_b_to_a');
    const row = pid => proc.rows.find(r => r[0] === pid);
    const pc = (r, name) => r[proc.columns.indexOf(name)];
    const srv = row(server.pid), me = row(process.pid);
    assert.ok(srv, `server pid ${server.pid} in ${JSON.stringify(proc.rows)}`);
    assert.ok(me, `test pid ${process.pid} in ${JSON.stringify(proc.rows)}`);
    assert.match(pc(srv, 'command'), /node/);
    for (const r of [srv, me]) { assert.equal(pc(r, 'frames'), cc('frames')); assert.equal(pc(r, 'bytes'), cc('bytes')); assert.equal(pc(r, 'conns'), 1); }
    assert.equal(pc(srv, 'sent'), serverSent); assert.equal(pc(srv, 'received'), clientSent);
    assert.equal(pc(me, 'sent'), clientSent); assert.equal(pc(me, 'received'), serverSent);
    assert.equal(pc(srv, 'local_ports'), `tcp/${port}`);
    assert.equal(proc.meta.live, 1);
  } finally { server.kill(); }
});
