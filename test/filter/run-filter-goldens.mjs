// Helper of filter-golden.test.mjs, run in a child process per capture (dissectors keep per-capture state):
//   node test/filter/run-filter-goldens.mjs GOLDEN.json  → prints JSON [{ filter, tree, sparse | error }]
// Dissects the capture once building trees and once into a collector of every field, then evaluates every filter
// against the stored packets in both modes. Without an argument (as the test runner may start it) it does nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readCapture } from '../../dist/capture/source.js';
import '../../dist/dissect/index.js';
import '../../dist/filter/index.js';
import { Engine } from '../../dist/dissect/engine.js';
import { compileFilter, FilterError } from '../../dist/filter/api.js';
import { fieldCount } from '../../dist/fields/registry.js';
import { FieldCollector } from '../../dist/filter/collector.js';

const goldenFile = process.argv[2];
if (goldenFile) {
  const DIR = path.dirname(new URL(import.meta.url).pathname);
  const golden = JSON.parse(fs.readFileSync(goldenFile, 'utf8'));
  const recs = [];
  let parser = null;
  await readCapture(path.join(DIR, 'captures', golden.capture), r => { recs.push({ ...r, data: r.data.slice() }); }, p => { parser = p; });
  const frame = { hasInterfaces: parser?.format === 'pcapng', ifaceName: () => undefined };

  const sparse = process.argv[3] === 'sparse';
  let evalFilter;
  if (!sparse) {
    // trees (every packet counts as displayed, as for a filter that selects it)
    const engine = new Engine({ tree: true, frame });
    const roots = recs.map(r => { const p = engine.dissect(r); engine.markDisplayed(); return p.root; });
    evalFilter = f => { const frames = []; roots.forEach((root, i) => { if (f.match({ root })) frames.push(i + 1); }); return frames; };
  } else {
    // a collector of every field, snapshotted per packet, replayed into each filter's collector
    const all = Array.from({ length: fieldCount() }, (_, i) => i);
    const col = new FieldCollector(all, fieldCount());
    const e2 = new Engine({ tree: false, sink: col, frame });
    const snaps = recs.map(r => {
      e2.dissect(r); e2.markDisplayed();
      return col.nodes.map((ns, id) => ns.length ? [id, ns.slice(), col.layers[id].slice()] : null).filter(Boolean);
    });
    evalFilter = f => {
      const replay = new FieldCollector(all, fieldCount());
      f.attach(replay);
      const frames = [];
      snaps.forEach((snap, i) => {
        for (const [id, ns, ls] of snap) { replay.nodes[id].push(...ns); replay.layers[id].push(...ls); }
        if (f.match({ root: null })) frames.push(i + 1);
        for (const [id] of snap) { replay.nodes[id].length = 0; replay.layers[id].length = 0; }
      });
      return frames;
    };
  }
  const out = [];
  for (const r of golden.results) {
    try {
      out.push({ filter: r.filter, frames: evalFilter(compileFilter(r.filter)) });
    } catch (e) {
      if (!(e instanceof FilterError)) throw e;
      out.push({ filter: r.filter, rc: 2, stderr: `tshark: ${e.message}\n` });
    }
  }
  process.stdout.write(JSON.stringify(out));
}
