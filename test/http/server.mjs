// Fixture traffic for the HTTP tests: a small server and a client on 127.0.0.1, run while tcpdump records lo.
// Usage: node server.mjs  (prints "done" when all exchanges are over)
import http from 'node:http';
import net from 'node:net';
import dgram from 'node:dgram';
import zlib from 'node:zlib';

const json = JSON.stringify({ a: [1, 2.5, -300, { b: null }], s: 'x\ny é', t: true, f: false, o: {} });
const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<!-- listing -->\n<ListBucketResult xmlns="http://s3.example.test/doc/2006-03-01/">\n  <Name>data</Name>\n  <Prefix/>\n  <Contents id="1" class=\'big\'><Key>logs/a.json</Key><Size>12</Size></Contents>\n  <Note><![CDATA[a < b]]></Note>\n</ListBucketResult>\n';
const text = 'line one\nline two\r\nline three';

function handler(req, res) {
  let body = '';
  req.on('data', d => { body += d; });
  req.on('end', () => {
    const u = req.url;
    if (u.startsWith('/json')) { res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) }); res.end(req.method === 'HEAD' ? undefined : json); return; }
    if (u === '/xml') { res.writeHead(200, { 'Content-Type': 'application/xml; charset=utf-8', 'Content-Length': Buffer.byteLength(xml) }); res.end(xml); return; }
    if (u === '/gzip') { const z = zlib.gzipSync(text.repeat(20)); res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip', 'Content-Length': z.length }); res.end(z); return; }
    if (u === '/deflate') { const z = zlib.deflateSync(json); res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'deflate', 'Content-Length': z.length }); res.end(z); return; }
    if (u === '/chunked') {
      const sock = res.socket;
      const chunks = ['hello ', 'chunked ', 'world\n'];
      const payload = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n' +
        chunks.map(c => c.length.toString(16) + '\r\n' + c + '\r\n').join('') + '0\r\n\r\n';
      sock.write(payload);
      res._headerSent = true; res.finished = true; req.socket.resume();
      return;
    }
    if (u === '/gzip-chunked') {
      const z = zlib.gzipSync(json);
      const payload = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n' + z.length.toString(16) + '\r\n'), z, Buffer.from('\r\n0\r\n\r\n')]);
      res.socket.write(payload);
      res._headerSent = true; res.finished = true;
      return;
    }
    if (u === '/upload') { const r = `<html><body>got ${body.length} bytes</body></html>`; res.writeHead(201, { 'Content-Type': 'text/html', 'Content-Length': r.length, 'Set-Cookie': 'id=7; Path=/' }); res.end(r); return; }
    if (u === '/empty') { res.writeHead(204); res.end(); return; }
    if (u === '/raw') { const r = Buffer.from([0, 1, 2, 3, 250, 251, 252]); res.writeHead(200, { 'Content-Length': r.length }); res.end(r); return; }
    const r = '<html><body>Not Found</body></html>';
    res.writeHead(404, { 'Content-Type': 'text/html', 'Content-Length': r.length }); res.end(r);
  });
}

function rawExchange(port, request) {
  return new Promise(resolve => {
    const s = net.connect(port, '127.0.0.1', () => s.write(request));
    let got = '';
    s.on('data', d => { got += d; if (/\r\n\r\n/.test(got)) setTimeout(() => s.end(), 50); });
    s.on('close', resolve);
  });
}

function get(agent, port, method, path, headers = {}, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: { Host: 'data.example.test', 'User-Agent': 'fixture/1.0', ...headers } }, res => {
      res.on('data', () => {}); res.on('end', resolve);
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Whole responses written at once (one TCP segment each on lo), for tests that need no TCP reassembly. */
function rawResponse(path) {
  const mk = (status, headers, body) => Buffer.concat([Buffer.from(`HTTP/1.1 ${status}\r\n${headers.map(h => h + '\r\n').join('')}\r\n`), Buffer.from(body)]);
  switch (path) {
    case '/json': return mk('200 OK', ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(json)}`], json);
    case '/json-tail': { const b = json + '"}"}'; return mk('200 OK', ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(b)}`], b); }
    case '/xml': return mk('200 OK', ['Content-Type: text/xml', `Content-Length: ${Buffer.byteLength(xml)}`], xml);
    case '/gzip': { const z = zlib.gzipSync(text.repeat(20)); return mk('200 OK', ['Content-Type: text/plain', 'Content-Encoding: gzip', `Content-Length: ${z.length}`], z); }
    case '/chunked': return mk('200 OK', ['Content-Type: text/html', 'Transfer-Encoding: chunked'], '5\r\n<html\r\n1;ext=1\r\n>\r\n0\r\nX-Trailer: 1\r\n\r\n');
    case '/json2': { const b = '[ 1 , -0.5e+3, 10E2, 0, "a\\"b\\\\c\\/\\u00e9\\u0000\\ud83d\\ude00\\t", [], {}, [[true]], {"k": {"n": null, "arr": [1, {"x": "y"}]}}, NaN ]\n{"second": 2}  '; return mk('200 OK', ['Content-Type: application/json; charset=utf-8', `Content-Length: ${Buffer.byteLength(b)}`], b); }
    case '/json-bad': { const b = '{"a": 01}'; return mk('200 OK', ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(b)}`], b); }
    case '/xml2': { const b = '<!DOCTYPE note SYSTEM "note.dtd">\n<ns:root xmlns:ns="urn:x" a=1 b=name>\n  text &amp; more\n  <ns:item/>\n  <?pi data?>\n  <empty></empty>\n  <!ELEMENT x ANY>\n</ns:root>\n</extra>\n<unclosed'; return mk('200 OK', ['Content-Type: application/soap+xml', `Content-Length: ${Buffer.byteLength(b)}`], b); }
    case '/br': { const z = zlib.brotliCompressSync(xml); return mk('200 OK', ['Content-Type: application/xml', 'Content-Encoding: br', `Content-Length: ${z.length}`], z); }
    case '/raw-deflate': { const z = zlib.deflateRawSync(text); return mk('200 OK', ['Content-Type: text/plain', 'Content-Encoding: deflate', `Content-Length: ${z.length}`], z); }
    case '/chunked-then-204': return Buffer.concat([mk('200 OK', ['Content-Type: text/plain', 'Transfer-Encoding: chunked'], '3\r\nabc\r\n0\r\n\r\n'), mk('204 No Content', [], '')]);
    case '/head': return mk('200 OK', ['Content-Type: text/plain', 'Content-Length: 100'], '');
    case '/unknown': return mk('200 OK', ['Content-Type: application/x-unknown; charset=binary', 'Content-Length: 4'], 'abcd');
    case '/te-gzip': return mk('200 OK', ['Content-Type: text/plain', 'Transfer-Encoding: gzip, chunked', 'Content-Length: 3'], '1\r\nA\r\n0\r\n\r\n');
    case '/badgzip': return mk('200 OK', ['Content-Type: text/plain', 'Content-Encoding: gzip', 'Content-Length: 5'], 'nozip');
    default: return mk('404 Not Found', ['Content-Type: text/plain', 'Content-Length: 9', 'Location: /elsewhere', 'X-Custom: yes'], 'not found');
  }
}
const s3 = net.createServer(sock => {
  let buf = '';
  sock.on('data', d => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\r\n\r\n')) >= 0) {
      const head = buf.slice(0, i); buf = buf.slice(i + 4);
      const cl = /Content-Length: (\d+)/i.exec(head);
      if (cl) buf = buf.slice(Number(cl[1]));
      const [method, path] = head.split(' ');
      sock.write(method === 'HEAD' ? rawResponse('/head') : rawResponse(path));
    }
  });
}).listen(8088, '127.0.0.1');

function rawSession(port, requests) {
  return new Promise(resolve => {
    const s = net.connect(port, '127.0.0.1');
    let n = 0;
    const next = () => { if (n < requests.length) s.write(requests[n++]); else s.end(); };
    s.on('connect', next);
    s.on('data', () => setTimeout(next, 20));
    s.on('close', resolve);
  });
}
const s1 = http.createServer(handler).listen(8080, '127.0.0.1');
const s2 = http.createServer(handler).listen(18080, '127.0.0.1');
await sleep(300);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
for (const [m, p, h, b] of [
  ['GET', '/json?x=1&&y=2&z', {}, null], ['GET', '/xml', { Cookie: 'a=1; b=2' }, null], ['HEAD', '/json', {}, null],
  ['GET', '/gzip', { 'Accept-Encoding': 'gzip' }, null], ['GET', '/deflate', {}, null], ['POST', '/upload', { 'Content-Type': 'application/json' }, json],
  ['GET', '/empty', {}, null], ['GET', '/raw', {}, null], ['GET', '/missing', {}, null],
]) { await get(agent, 8080, m, p, h, b); await sleep(20); }
agent.destroy();
await sleep(50);
await rawExchange(8080, 'GET /chunked HTTP/1.1\r\nHost: data.example.test\r\n\r\n');
await sleep(50);
await rawExchange(8080, 'GET /gzip-chunked HTTP/1.1\r\nHost: data.example.test\r\n\r\n');
await sleep(50);
const a2 = new http.Agent({ keepAlive: false });
await get(a2, 18080, 'GET', '/json', {});
await sleep(50);
await rawExchange(8080, 'GET /bad HTTP/1.1\r\nHost: data.example.test\r\nX Bad Header: 1\r\n\r\n');
await sleep(100);
const H = 'Host: data.example.test\r\nUser-Agent: fixture/1.0\r\n';
await rawSession(8088, [
  `GET /json?q=a%20b&&k= HTTP/1.1\r\n${H}Accept: */*\r\nReferer: http://data.example.test/\r\nCookie: a=1;b=2 ; c\r\n\r\n`,
  `GET /json-tail HTTP/1.1\r\n${H}\r\n`,
  `GET /json2 HTTP/1.1\r\n${H}\r\n`,
  `GET /chunked-then-204 HTTP/1.1\r\n${H}\r\n`,
  `GET /long?${'k=' + 'v'.repeat(150) + '&q=' + 'é'.repeat(80)} HTTP/1.1\r\n${H}Cookie: ${'c'.repeat(120)}=${'d'.repeat(200)}; x=1\r\nX-Long: ${'z'.repeat(300)}\r\n\r\n`,
  `GET /br HTTP/1.1\r\n${H}\r\n`,
  `GET /raw-deflate HTTP/1.1\r\n${H}\r\n`,
  `GET /json-bad HTTP/1.1\r\n${H}\r\n`,
  `GET /xml2 HTTP/1.1\r\n${H}\r\n`,
  `GET /xml HTTP/1.1\r\n${H}\r\n`,
  `GET /gzip HTTP/1.1\r\n${H}Accept-Encoding: gzip\r\n\r\n`,
  `GET /chunked HTTP/1.1\r\n${H}\r\n`,
  `HEAD /head HTTP/1.1\r\n${H}\r\n`,
  `POST /form HTTP/1.1\r\n${H}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\n\r\na=1&b=2`,
  `GET /unknown HTTP/1.1\r\n${H}\r\n`,
  `GET /te-gzip HTTP/1.1\r\n${H}\r\n`,
  `GET /badgzip HTTP/1.1\r\n${H}\r\n`,
  `OPTIONS * HTTP/1.1\r\n${H}\r\n`,
  `GET http://proxy.example.test/x HTTP/1.0\r\n${H}Proxy-Authorization: Basic dXNlcjpwYXNz\r\n\r\n`,
]);
await sleep(50);
// pipelined requests in one segment, a chunked request body, a non-HTTP line, then a 304 and a 100-continue
await rawSession(8088, [
  `GET /json HTTP/1.1\r\n${H}\r\nGET /xml HTTP/1.1\r\n${H}\r\n`,
  `POST /upload HTTP/1.1\r\n${H}Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n`,
  'hello there, not http\r\n',
]);
await sleep(50);
const s4 = net.createServer(sock => {
  sock.on('data', () => {
    sock.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 304 Not Modified\r\nETag: "x"\r\n\r\n');
  });
}).listen(2869, '127.0.0.1');
await sleep(50);
await rawSession(2869, [`GET /cached HTTP/1.1\r\n${H}If-None-Match: "x"\r\n\r\n`]);
s4.close();
await sleep(50);
// a CONNECT tunnel through a "proxy" on port 3128, carrying a few bytes to port 5000
const proxy = net.createServer(sock => {
  let tunnel = false;
  sock.on('data', d => {
    if (!tunnel) { tunnel = true; sock.write('HTTP/1.1 200 Connection established\r\n\r\n'); }
    else sock.write(Buffer.from('pong: ' + d));
  });
}).listen(3128, '127.0.0.1');
await sleep(50);
await rawSession(3128, [`CONNECT data.example.test:5000 HTTP/1.1\r\n${H}\r\n`, 'ping 1\n', 'ping 2\n']);
proxy.close();
await sleep(50);
// SSDP (HTTP over UDP port 1900)
const u = dgram.createSocket('udp4');
for (const m of ['M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 1\r\nST: ssdp:all\r\n\r\n',
  'NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nNT: upnp:rootdevice\r\nNTS: ssdp:alive\r\nLOCATION: http://127.0.0.1:8088/desc.xml\r\n\r\n',
  'HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nST: upnp:rootdevice\r\nUSN: uuid:1::upnp:rootdevice\r\n\r\n']) {
  await new Promise(r => u.send(m, 1900, '127.0.0.1', r));
  await sleep(10);
}
u.close();
await sleep(50);
s1.close(); s2.close(); s3.close();
console.log('done');
process.exit(0);
