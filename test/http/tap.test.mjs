// The "http" tap events (what the -z http,tree / http_req,tree / http_srv,tree statistics read), checked against
// the fields tshark 4.0 shows for the same messages (test/http/http-single.tap.txt, made by make-goldens.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import '../../dist/dissect/index.js';
import { readCapture } from '../../dist/capture/source.js';
import { Engine } from '../../dist/dissect/engine.js';
import { tapWanted } from '../../dist/dissect/packet.js';

const here = dirname(fileURLToPath(import.meta.url));

test('http tap: one event per HTTP message with method, host, URI, full URI, status code', async () => {
  tapWanted.add('http');
  const engine = new Engine({ tree: false, frame: { hasInterfaces: false } });
  const lines = [];
  await readCapture(join(here, 'http-single.pcap'), rec => {
    const pkt = engine.dissect(rec);
    // -T fields joins the occurrences in one frame (pipelined messages) with commas
    const cols = [[], [], [], [], []];
    for (const e of pkt.tapEvents) {
      if (e.name !== 'http') continue;
      const d = e.data;
      assert.ok(d.src && d.dst);
      [d.requestMethod, d.requestMethod ? d.httpHost : null, d.requestUri, d.fullUri, d.responseCode || null]
        .forEach((v, i) => { if (v !== null && v !== undefined) cols[i].push(v); });
    }
    const line = [pkt.num, ...cols.map(c => c.join(','))].join('|');
    if (!/^\d+\|+$/.test(line)) lines.push(line);
    return true;
  });
  tapWanted.delete('http');
  // the tap's method has RFC 2774's "M-" prefix removed (the http.request.method field keeps it)
  assert.equal(lines.join('\n') + '\n', readFileSync(join(here, 'http-single.tap.txt'), 'utf8').replace(/\|M-/g, '|'));
});
