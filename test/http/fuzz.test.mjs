// Robustness: every HTTP fixture frame, mutated (bytes flipped, cut short, CR/LF/colon/space injected), must
// dissect without a JavaScript exception escaping and without hanging, with and without a tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import '../../dist/dissect/index.js';
import { readCapture } from '../../dist/capture/source.js';
import { Engine } from '../../dist/dissect/engine.js';
import { treeText } from '../../dist/output/tree-text.js';
import '../../dist/output/labels.js';

const here = dirname(fileURLToPath(import.meta.url));

function rng(seed) { let s = seed >>> 0; return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; }; }

test('mutated HTTP frames dissect without exceptions', async () => {
  const recs = [];
  await readCapture(join(here, 'http-single.pcap'), rec => {
    recs.push({ ...rec, data: rec.data.slice(0, rec.caplen) });
    return true;
  });
  const rand = rng(7);
  const inject = [0x0d, 0x0a, 0x3a, 0x20, 0x00, 0xff, 0x3c, 0x7b, 0x22, 0x5c];
  for (const tree of [true, false]) {
    const engine = new Engine({ tree, frame: { hasInterfaces: false } });
    let n = 0;
    for (let round = 0; round < 6; round++) {
      for (const r of recs) {
        const d = r.data.slice();
        // keep link, IP and TCP headers (66 bytes on lo) intact so the payload reaches HTTP
        const start = Math.min(66, d.length);
        const k = 1 + Math.floor(rand() * 4);
        for (let i = 0; i < k && d.length > start; i++) {
          const p = start + Math.floor(rand() * (d.length - start));
          d[p] = rand() < 0.5 ? inject[Math.floor(rand() * inject.length)] : Math.floor(rand() * 256);
        }
        const cut = round % 3 === 2 ? Math.max(start, Math.floor(d.length * rand())) : d.length;
        const rec = { ...r, data: d.subarray(0, cut), caplen: cut };
        const pkt = engine.dissect(rec);
        assert.ok(!pkt.info.text.includes('Dissector bug'), `frame ${pkt.num} round ${round}: ${pkt.info.text}`);
        if (tree) treeText(pkt.root);
        n++;
      }
    }
    assert.ok(n > 0);
  }
});
