// The "http" tap events (what the -z http,tree / http_req,tree / http_srv,tree statistics read), checked against
// the fields tshark shows for the same messages (the request/response lines of test/http/http-single.pcap).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import '../../dist/dissect/index.js';
import { readCapture } from '../../dist/capture/source.js';
import { Engine } from '../../dist/dissect/engine.js';
import { tapWanted } from '../../dist/dissect/packet.js';

const here = dirname(fileURLToPath(import.meta.url));

test('http tap: one event per HTTP message with method, URI, host, status code', async () => {
  tapWanted.add('http');
  const engine = new Engine({ tree: false, frame: { hasInterfaces: false } });
  const events = [];
  await readCapture(join(here, 'http-single.pcap'), rec => {
    const pkt = engine.dissect(rec);
    for (const e of pkt.tapEvents) if (e.name === 'http') events.push({ frame: pkt.num, ...e.data });
    return true;
  });
  tapWanted.delete('http');
  const reqs = events.filter(e => e.requestMethod).map(e => `${e.frame} ${e.requestMethod} ${e.httpHost} ${e.requestUri} ${e.fullUri}`);
  assert.deepEqual(reqs.slice(0, 3), [
    '4 GET data.example.test /json?q=a%20b&&k= http://data.example.test/json?q=a%20b&&k=',
    '8 GET data.example.test /json-tail http://data.example.test/json-tail',
    '10 GET data.example.test /xml http://data.example.test/xml',
  ]);
  assert.equal(reqs.find(r => r.startsWith('28 ')), '28 GET data.example.test http://proxy.example.test/x http://proxy.example.test/x');
  const codes = events.filter(e => e.responseCode).map(e => `${e.frame} ${e.responseCode}`);
  assert.deepEqual(codes.slice(0, 4), ['6 404', '9 200', '11 200', '13 200']);
  assert.ok(reqs.includes('36 CONNECT data.example.test data.example.test:5000 data.example.test:5000'));
  // SSDP messages are not HTTP tap events; the M-SEARCH request is counted with its method
  assert.ok(events.every(e => e.src && e.dst));
});
