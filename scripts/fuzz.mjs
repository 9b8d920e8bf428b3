#!/usr/bin/env node
// Fuzz harness: mutates the fixture captures and runs every mutant in-process through the command's pipeline
// (dist/cli/run-buffer.js) for each output path. Mutations: bit flips, interesting bytes, insertions and deletions,
// pcap/pcapng length fields (record, block, option lengths), cut packets, duplicated records, splices of two captures,
// and protocol-aware rewrites of every field the dissectors put in the tree (each fixture is dissected once with a
// full tree to find them; length/count/offset fields are favoured). Output paths: the summary, -V, -x, -T fields,
// -T json, display and read filters, every -z statistic we implement, follow streams. A failure is an exception that escapes, a JavaScript error shown
// as a dissector bug or an internal error, a run past the time budget, or memory past the budget; the harness prints
// the seed and mutation number and writes the mutant to fuzz-failures/.
//
//   npm run fuzz -- --iterations 20000 --seed 1            (the short run `npm test` does, test/fuzz/)
//   npm run fuzz -- --iterations 1000000 --seed 12345      (the long run; --max-records 0 mutates whole captures)
//   npm run fuzz -- --seed 12345 --replay 4711             (rebuild mutant 4711 and run it in the foreground)
//   npm run fuzz -- --iterations 1000000 --seed 12345 --from 250000   (mutants 250000.. only: a long run continued)
//   options: --time-budget MS (per output path, default 10000), --rss-budget MB (default 300), --out DIR,
//            --corpus DIR (more captures to mutate), --max-records N (packets kept per mutant, default 6)
//
// Each mutant derives from (seed, index) alone, so any one of them can be rebuilt without the others.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---- options ----
function parseOpts(argv) {
  const o = { iterations: 20000, seed: 1, timeBudgetMs: 10000, rssBudgetMb: 300, out: path.join(root, 'fuzz-failures'), replay: -1, quiet: false, maxFailures: 20, maxRecords: 6, corpus: [], from: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = argv[i + 1];
    switch (a) {
      case '--iterations': o.iterations = Number(v); i++; break;
      case '--seed': o.seed = Number(v) >>> 0; i++; break;
      case '--time-budget': o.timeBudgetMs = Number(v); i++; break;
      case '--rss-budget': o.rssBudgetMb = Number(v); i++; break;
      case '--out': o.out = path.resolve(v); i++; break;
      case '--replay': o.replay = Number(v); i++; break;
      case '--from': o.from = Number(v); i++; break;
      case '--max-failures': o.maxFailures = Number(v); i++; break;
      case '--max-records': o.maxRecords = Number(v); i++; break;
      case '--quiet': o.quiet = true; break;
      case '--corpus': o.corpus.push(path.resolve(v)); i++; break;
      default: throw new Error(`fuzz: unknown option ${a}`);
    }
  }
  return o;
}

// ---- corpus ----
const FIXTURE_DIRS = ['test/fixtures', 'test/net/fixtures', 'test/dns/fixtures', 'test/http', 'test/tls/fixtures', 'test/filter/captures',
  'test/stats/fixtures', 'test/tcp/fixtures', 'test/fuzz/fixtures'];
function loadCorpus(extraDirs = []) {
  const files = [];
  for (const d of [...FIXTURE_DIRS, ...extraDirs]) {
    const dir = path.resolve(root, d);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).sort()) {
      if (!/\.(pcap|pcapng|gz)$/.test(f)) continue;
      const p = path.join(dir, f);
      const st = fs.statSync(p);
      if (!st.isFile() || st.size > 64 * 1024) continue;
      files.push({ name: `${d}/${f}`, bytes: new Uint8Array(fs.readFileSync(p)), fields: [] });
    }
  }
  return files;
}

/**
 * Where every protocol field we dissect sits in each corpus capture: each file is dissected once with a full tree
 * and every field item over the record's own bytes (not reassembled or decompressed data) is kept as
 * { off, len, abbrev } with off an offset in the file. 'field' mutations then rewrite real header fields
 * (lengths, counts, offsets, types, flags) of every protocol the dissectors know, not only random bytes.
 */
async function mapFields(corpus, distDir) {
  const { Engine } = await import(path.join(distDir, 'dissect/engine.js'));
  const { readCaptureBytes } = await import(path.join(distDir, 'capture/source.js'));
  const { tcpState } = await import(path.join(distDir, 'tcp/analysis.js'));
  for (const f of corpus) {
    if (f.bytes[0] === 0x1f) continue;
    tcpState.reset();
    const eng = new Engine({ tree: true, frame: { hasInterfaces: false } });
    const out = [];
    try {
      readCaptureBytes(f.bytes, rec => {
        const base = rec.data.byteOffset - f.bytes.byteOffset;
        if (rec.data.buffer !== f.bytes.buffer || base < 0) return;
        let pkt;
        try { pkt = eng.dissect(rec, true); } catch { return; }
        const seen = new Set();
        for (const n of pkt.root.walk()) {
          if (!n.hf || n.buf !== rec.data || n.len <= 0 || n.start + n.len > rec.caplen || n.hf.abbrev === 'frame') continue;
          const key = `${n.start}:${n.len}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push({ off: base + n.start, len: n.len, abbrev: n.hf.abbrev, isLen: /len|count|size|offset|ptr|ihl|hdr|num|total/i.test(n.hf.abbrev) });
        }
      });
    } catch { /* a broken fixture on purpose: the fields found so far */ }
    f.fields = out;
  }
  tcpState.reset();
}

// ---- deterministic randomness ----
function mix(a, b) {
  let h = (a ^ Math.imul(b, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
function rng(seed) {
  let s = seed >>> 0 || 1;
  return {
    u32() { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; },
    int(n) { return n <= 0 ? 0 : this.u32() % n; },
    pick(a) { return a[this.int(a.length)]; },
    chance(p) { return this.u32() / 2 ** 32 < p; },
  };
}

// ---- capture structure: where records, length fields and packet bytes are ----
function u32(b, o, le) { return le ? (b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24) >>> 0 : (b[o] << 24 | b[o + 1] << 16 | b[o + 2] << 8 | b[o + 3]) >>> 0; }
function put32(b, o, v, le) {
  if (o < 0 || o + 4 > b.length) return;
  for (let i = 0; i < 4; i++) b[o + (le ? i : 3 - i)] = (v >>> (8 * i)) & 0xff;
}
function put16(b, o, v, le) {
  if (o < 0 || o + 2 > b.length) return;
  b[o + (le ? 0 : 1)] = v & 0xff; b[o + (le ? 1 : 0)] = (v >>> 8) & 0xff;
}

/** Records: { start, end, lenFields: [{off, le}], data: [off, len] }. */
function structure(b) {
  const recs = [];
  if (b.length < 24) return { kind: 'raw', recs };
  const m = u32(b, 0, false);
  if (m === 0xd4c3b2a1 || m === 0xa1b2c3d4 || m === 0x4d3cb2a1 || m === 0xa1b23c4d) {
    const le = m === 0xd4c3b2a1 || m === 0x4d3cb2a1;
    let o = 24;
    recs.push({ start: 0, end: 24, lenFields: [{ off: 16, le }, { off: 20, le }], data: null });
    while (o + 16 <= b.length) {
      const cl = u32(b, o + 8, le);
      const end = o + 16 + cl;
      recs.push({ start: o, end: Math.min(end, b.length), lenFields: [{ off: o + 8, le }, { off: o + 12, le }], data: [o + 16, Math.min(cl, b.length - o - 16)] });
      if (end > b.length) break;
      o = end;
    }
    return { kind: 'pcap', recs };
  }
  if (m === 0x0a0d0d0a) {
    let le = u32(b, 8, true) === 0x1a2b3c4d;
    let o = 0;
    while (o + 12 <= b.length) {
      const type = u32(b, o, le);
      if (type === 0x0a0d0d0a) le = u32(b, o + 8, true) === 0x1a2b3c4d;
      const tl = u32(b, o + 4, le);
      if (tl < 12 || o + tl > b.length) break;
      const r = { start: o, end: o + tl, lenFields: [{ off: o + 4, le }, { off: o + tl - 4, le }], data: null };
      if (type === 6 || type === 3) r.lenFields.push({ off: o + 20, le }, { off: o + 24, le });
      if (type === 6 && tl >= 32) r.data = [o + 28, Math.min(u32(b, o + 20, le), tl - 32)];
      if (type === 3) { r.lenFields.push({ off: o + 8, le }); r.data = [o + 12, tl - 16]; }
      if (type === 1) r.lenFields.push({ off: o + 12, le });
      // options: the first option's length field
      recs.push(r);
      o += tl;
    }
    return { kind: 'pcapng', recs };
  }
  return { kind: 'raw', recs };
}

const INTERESTING32 = [0, 1, 2, 3, 4, 7, 8, 11, 12, 15, 16, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0x40000, 0x1000000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
const INTERESTING16 = [0, 1, 2, 4, 8, 0x14, 0x28, 0x40, 0x7f, 0x80, 0xff, 0x100, 0x5dc, 0x7fff, 0x8000, 0xfffe, 0xffff];
const INTERESTING8 = [0, 1, 2, 4, 5, 6, 0x0f, 0x10, 0x3f, 0x40, 0x45, 0x4f, 0x60, 0x7f, 0x80, 0xc0, 0xf0, 0xfe, 0xff];

function insertAt(b, o, ins) { const r = new Uint8Array(b.length + ins.length); r.set(b.subarray(0, o)); r.set(ins, o); r.set(b.subarray(o), o + ins.length); return r; }
function deleteAt(b, o, n) { const r = new Uint8Array(b.length - n); r.set(b.subarray(0, o)); r.set(b.subarray(o + n), o); return r; }

/** A copy of a capture cut to at most n consecutive packet records (the file header and metadata blocks kept). */
function window(bytes, r, n, keepOut = null) {
  const st = structure(bytes);
  const pkts = st.recs.filter(x => x.data);
  if (!n || st.kind === 'raw' || pkts.length <= n) { if (keepOut) for (const x of pkts) keepOut.push(x); return bytes.slice(); }
  const k = r.int(pkts.length - n + 1);
  const keep = new Set(pkts.slice(k, k + n));
  if (keepOut) for (const x of keep) keepOut.push(x);
  const parts = st.recs.filter(x => !x.data || keep.has(x));
  const last = st.recs[st.recs.length - 1];
  const tail = bytes.subarray(last.end);
  const out = new Uint8Array(parts.reduce((a, x) => a + x.end - x.start, 0) + tail.length);
  let o = 0;
  for (const x of parts) { out.set(bytes.subarray(x.start, x.end), o); o += x.end - x.start; }
  out.set(tail, o);
  return out;
}

/** Rewrites one dissected field in place: an interesting value of its width, its value ± a little, or random bytes. */
function mutateField(b, f, r) {
  const { off, len } = f;
  if (len > 4 && !r.chance(0.3)) {
    // wide fields (addresses, names, payloads): flip or overwrite a few of their bytes, or zero / fill them
    const m = r.int(3);
    if (m === 0) { const k = 1 + r.int(3); for (let i = 0; i < k; i++) b[off + r.int(len)] ^= 1 << r.int(8); }
    else if (m === 1) { const k = 1 + r.int(4); for (let i = 0; i < k; i++) b[off + r.int(len)] = r.pick(INTERESTING8); }
    else b.fill(r.chance(0.5) ? 0 : 0xff, off, off + Math.min(len, 1 + r.int(len)));
    return;
  }
  const w = Math.min(len, 4);
  let cur = 0;
  for (let i = 0; i < w; i++) cur = cur * 256 + b[off + i];
  const max = 2 ** (8 * w) - 1;
  let v;
  switch (r.int(5)) {
    case 0: v = w === 1 ? r.pick(INTERESTING8) : w === 2 ? r.pick(INTERESTING16) : r.pick(INTERESTING32) % (max + 1); break;
    case 1: v = cur + r.pick([-16, -8, -4, -2, -1, 1, 2, 4, 8, 16, 64, 1000]); break;
    case 2: v = r.pick([0, 1, max, max - 1, Math.floor(max / 2), Math.floor(max / 2) + 1]); break;
    case 3: v = cur ^ (1 << r.int(8 * w)); break;
    default: v = r.u32(); break;
  }
  v = ((v % (max + 1)) + (max + 1)) % (max + 1);
  for (let i = w - 1; i >= 0; i--) { b[off + i] = v % 256; v = Math.floor(v / 256); }
}

const MUTATORS = [
  'bitflip', 'bitflip', 'byte', 'insert', 'delete', 'reclen', 'reclen', 'proto8', 'proto16', 'proto16', 'proto32',
  'protoflip', 'protoflip', 'protoflip', 'truncate', 'splice', 'dupe', 'packet-cut',
];

/** Applies 1..3 mutations to a copy of a corpus file. Returns { bytes, what }. */
function mutate(corpus, seed, index, maxRecords = 12) {
  const r = rng(mix(seed, index) ^ 0x5bd1e995);
  const base = corpus[r.int(corpus.length)];
  const what = [base.name];
  let src = base.bytes;
  // Protocol-aware step first (on the whole capture, where the field map's offsets hold): rewrite 1..3 dissected
  // fields of the packets the window keeps, length fields more often than the others.
  const kept = [];
  const wr = rng(mix(seed, index) ^ 0x27d4eb2f);
  window(src, wr, maxRecords, kept);
  if (base.fields.length && r.chance(0.6)) {
    const inWin = base.fields.filter(f => kept.some(x => x.data && f.off >= x.data[0] && f.off + f.len <= x.data[0] + x.data[1]));
    if (inWin.length) {
      src = src.slice();
      const lens = inWin.filter(f => f.isLen);
      const k = 1 + r.int(3);
      for (let j = 0; j < k; j++) {
        const f = lens.length && r.chance(0.5) ? r.pick(lens) : r.pick(inWin);
        mutateField(src, f, r);
        what.push(`field:${f.abbrev}`);
      }
    }
  }
  let b = window(src, rng(mix(seed, index) ^ 0x27d4eb2f), maxRecords);
  let compressed = false;
  if (b[0] === 0x1f && b[1] === 0x8b) {
    // gzip fixtures: mostly mutate the compressed bytes; sometimes the payload, recompressed.
    compressed = true;
  }
  const steps = what.length > 1 ? r.int(3) : 1 + r.int(3);
  for (let s = 0; s < steps; s++) {
    const m = compressed ? r.pick(['bitflip', 'byte', 'truncate', 'delete']) : r.pick(MUTATORS);
    const st = structure(b);
    const dataRecs = st.recs.filter(x => x.data && x.data[1] > 0);
    what.push(m);
    switch (m) {
      case 'bitflip': { const n = 1 + r.int(8); for (let i = 0; i < n && b.length; i++) b[r.int(b.length)] ^= 1 << r.int(8); break; }
      case 'byte': { const n = 1 + r.int(4); for (let i = 0; i < n && b.length; i++) b[r.int(b.length)] = r.pick(INTERESTING8); break; }
      case 'insert': { const n = 1 + r.int(r.chance(0.2) ? 64 : 4); const ins = new Uint8Array(n); for (let i = 0; i < n; i++) ins[i] = r.chance(0.5) ? r.pick(INTERESTING8) : r.int(256); b = insertAt(b, r.int(b.length + 1), ins); break; }
      case 'delete': { if (b.length < 2) break; const o = r.int(b.length - 1); b = deleteAt(b, o, 1 + r.int(Math.min(b.length - o - 1, r.chance(0.2) ? 64 : 4))); break; }
      case 'truncate': { b = b.slice(0, r.int(b.length + 1)); break; }
      case 'reclen': {
        if (!st.recs.length) { b[r.int(b.length)] ^= 0xff; break; }
        const rec = r.pick(st.recs);
        const f = r.pick(rec.lenFields);
        const cur = u32(b, f.off, f.le);
        const v = r.chance(0.5) ? r.pick(INTERESTING32) : (cur + r.pick([-8, -4, -2, -1, 1, 2, 4, 8, 1024])) >>> 0;
        put32(b, f.off, v, f.le);
        break;
      }
      case 'proto8': case 'proto16': case 'proto32': case 'protoflip': {
        if (!dataRecs.length) { b[r.int(b.length)] ^= 1 << r.int(8); break; }
        const rec = r.pick(dataRecs);
        const [d, n] = rec.data;
        // most protocol headers we dissect sit in the first 128 bytes; payload parsers (DNS, HTTP, TLS) further on
        const span = r.chance(0.7) ? Math.min(n, 128) : n;
        const o = d + r.int(span);
        if (m === 'proto8') b[o] = r.pick(INTERESTING8);
        else if (m === 'proto16') put16(b, o, r.pick(INTERESTING16), r.chance(0.2));
        else if (m === 'proto32') put32(b, o, r.pick(INTERESTING32), r.chance(0.2));
        else { const k = 1 + r.int(3); for (let i = 0; i < k; i++) { const p = d + r.int(span); if (p < b.length) b[p] ^= 1 << r.int(8); } }
        break;
      }
      case 'packet-cut': {
        // cut a packet short inside its record: caplen smaller, bytes removed (a snaplen-like truncation)
        if (!dataRecs.length || st.kind !== 'pcap') { b = b.slice(0, r.int(b.length + 1)); break; }
        const rec = r.pick(dataRecs);
        const [d, n] = rec.data;
        const keep = r.int(n + 1);
        const f = rec.lenFields[0];
        put32(b, f.off, keep, f.le);
        b = deleteAt(b, d + keep, n - keep);
        break;
      }
      case 'dupe': {
        // repeat a record (retransmissions, duplicate streams)
        if (!dataRecs.length) break;
        const rec = r.pick(dataRecs);
        const copy = b.slice(rec.start, rec.end);
        const times = 1 + r.int(4);
        for (let i = 0; i < times; i++) b = insertAt(b, rec.end, copy);
        break;
      }
      case 'splice': {
        // header and first records of this capture, then records of another (or the same) one
        const other = r.pick(corpus);
        if (other.bytes[0] === 0x1f) break;
        const so = structure(other.bytes);
        const cutA = st.recs.length > 1 ? r.pick(st.recs.slice(1)).start : r.int(b.length + 1);
        const tailRecs = so.recs.filter(x => x.start > 0);
        const cutB = tailRecs.length && r.chance(0.8) ? r.pick(tailRecs).start : r.int(other.bytes.length + 1);
        const tail = other.bytes.subarray(cutB);
        const nb = new Uint8Array(cutA + tail.length);
        nb.set(b.subarray(0, cutA)); nb.set(tail, cutA);
        b = nb;
        what.push(other.name);
        break;
      }
    }
  }
  // now and then the mutant is gzip-compressed (the compressed-capture path), sometimes cut inside the stream
  if (!compressed && r.chance(0.03)) {
    b = new Uint8Array(zlib.gzipSync(b, { level: 1 }));
    what.push('gzip');
    if (r.chance(0.3)) { b = b.slice(0, r.int(b.length + 1)); what.push('gzip-cut'); }
  }
  return { bytes: b, what: what.join(' ') };
}

// ---- output paths ----
const PATHS = [
  ['-n'],
  ['-n', '-V'],
  ['-n', '-T', 'fields', '-e', 'frame.number', '-e', 'ip.src', '-e', 'ipv6.dst', '-e', 'tcp.stream', '-e', 'tcp.analysis.flags',
    '-e', 'udp.length', '-e', 'dns.qry.name', '-e', 'http.request.uri', '-e', 'tls.handshake.type', '-e', '_ws.malformed', '-e', '_ws.expert'],
  ['-n', '-T', 'fields', '-E', 'header=y', '-E', 'occurrence=a', '-e', 'eth.type', '-e', 'vlan.id', '-e', 'ip.len', '-e', 'ip.hdr_len',
    '-e', 'tcp.hdr_len', '-e', 'tcp.seq', '-e', 'tcp.reassembled.length', '-e', 'dns.resp.name', '-e', 'dns.a', '-e', 'http.content_length',
    '-e', 'http.file_data', '-e', 'tls.record.length', '-e', 'icmp.type', '-e', 'icmpv6.type', '-e', 'arp.opcode', '-e', 'gre.proto', '-e', 'data.len'],
  ['-n', '-T', 'json'],
  ['-n', '-T', 'json', '-x'],
  ['-n', '-x'],
  ['-n', '-Y', 'tcp.len > 0 || dns.flags.response == 1 || http || tls || _ws.malformed || icmp'],
  ['-n', '-Y', 'frame contains "GET" or dns.qry.name matches "^[a-z]" or ip.addr in {10.0.0.0/8, 192.168.0.0/16} or tcp.port in {80, 443, 8000..8080} or len(http.host) > 3 or tcp.analysis.retransmission', '-V'],
  ['-n', '-q', '-z', 'io,phs'],
  ['-n', '-q', '-z', 'conv,tcp', '-z', 'endpoints,ip', '-z', 'conv,udp'],
  ['-n', '-q', '-z', 'conv,eth', '-z', 'conv,ip', '-z', 'conv,ipv6', '-z', 'endpoints,eth', '-z', 'endpoints,ipv6', '-z', 'endpoints,tcp', '-z', 'endpoints,udp'],
  ['-n', '-q', '-z', 'io,stat,1,tcp,udp', '-z', 'expert'],
  ['-n', '-q', '-z', 'io,stat,0.5,SUM(frame.len)frame.len,MAX(tcp.len)tcp.len,COUNT(dns.qry.name)dns.qry.name,AVG(ip.len)ip.len', '-z', 'expert,note'],
  ['-n', '-q', '-z', 'http,tree', '-z', 'dns,tree', '-z', 'ip_hosts,tree'],
  ['-n', '-q', '-z', 'http_req,tree', '-z', 'http_srv,tree', '-z', 'http_seq,tree', '-z', 'ptype,tree', '-z', 'ip_srcdst,tree', '-z', 'dests,tree', '-z', 'plen,tree'],
  ['-n', '-q', '-z', 'follow,tcp,ascii,0', '-z', 'follow,tcp,raw,1', '-z', 'follow,udp,hex,0'],
  ['-n', '-2', '-R', 'ip || ipv6', '-V'],
  ['-n', '-o', 'tcp.desegment_tcp_streams:FALSE', '-V'],
];

/** What in a run's output shows a JavaScript error that was caught and printed (a crash in disguise). */
function jsErrorIn(res) {
  if (/internal error|TypeError|RangeError|ReferenceError|is not a function|Cannot read prop|undefined|NaN/.test(res.stderr)) return 'stderr: ' + res.stderr.slice(0, 300);
  const m = /\[Dissector bug[^\]]*\]/.exec(res.stdout) ?? /Dissector bug[^\n"]*/.exec(res.stdout);
  if (m) return 'stdout: ' + m[0];
  if (res.code !== 0 && res.code !== 2 && res.code !== 1) return `exit code ${res.code}`;
  return null;
}

/** Peak RSS of this process in bytes: VmHWM (getrusage's maxrss would include a parent's, kept across exec). */
function peakRssOfProcess() {
  try { return Number(/VmHWM:\s*(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) * 1024; } catch { return process.resourceUsage().maxRSS * 1024; }
}

// ---- worker: runs a range of mutants, reports progress so the main thread can spot a hang ----
async function workerMain() {
  const { seed, from, to, distDir, maxRecords, corpusDirs } = workerData;
  const { runBuffer } = await import(path.join(distDir, 'cli/run-buffer.js'));
  const corpus = loadCorpus(corpusDirs);
  await mapFields(corpus, distDir);
  parentPort.postMessage({ t: 'ready' });
  let peakRss = 0;
  for (let i = from; i < to; i++) {
    const { bytes, what } = mutate(corpus, seed, i, maxRecords);
    // every mutant through the summary; through one other output path in turn (all of them over the run)
    const paths = [PATHS[0], PATHS[1 + (i % (PATHS.length - 1))]];
    for (const args of paths) {
      parentPort.postMessage({ t: 'start', i, args });
      let res;
      try {
        res = await runBuffer(args, bytes, 'fuzz.pcap');
      } catch (e) {
        parentPort.postMessage({ t: 'fail', i, args, what, why: `exception: ${e && e.stack ? e.stack.split('\n').slice(0, 6).join('\n') : String(e)}` });
        continue;
      }
      const bad = jsErrorIn(res);
      if (bad) parentPort.postMessage({ t: 'fail', i, args, what, why: bad });
    }
    if ((i & 63) === 0) {
      const mu = process.memoryUsage();
      const mem = mu.heapUsed + mu.external + mu.arrayBuffers;
      // the process's high-water mark: catches a spike between two samples
      const rss = Math.max(mu.rss, peakRssOfProcess());
      if (rss > peakRss) peakRss = rss;
      parentPort.postMessage({ t: 'rss', i, rss, mem });
    }
  }
  parentPort.postMessage({ t: 'done', peakRss });
}

function writeFailure(o, corpus, i, why, args) {
  fs.mkdirSync(o.out, { recursive: true });
  const { bytes, what } = mutate(corpus, o.seed, i, o.maxRecords);
  const file = path.join(o.out, `seed${o.seed}-${i}.pcap`);
  fs.writeFileSync(file, bytes);
  console.log(`FAIL seed=${o.seed} mutation=${i} (${what})\n  args: ${args ? args.join(' ') : ''}\n  ${why.replace(/\n/g, '\n  ')}\n  input: ${file}\n  replay: npm run fuzz -- --seed ${o.seed} --replay ${i}`);
}

async function mainThread() {
  const o = parseOpts(process.argv.slice(2));
  const distDir = path.join(root, 'dist');
  const { runBuffer } = await import(path.join(distDir, 'cli/run-buffer.js'));
  const corpus = loadCorpus(o.corpus);
  await mapFields(corpus, distDir);
  if (!o.quiet) process.stderr.write(`fuzz: ${corpus.length} captures, ${corpus.reduce((a, f) => a + f.fields.length, 0)} dissected fields to mutate, ${PATHS.length} output paths\n`);
  if (o.replay >= 0) {
    const { bytes, what } = mutate(corpus, o.seed, o.replay, o.maxRecords);
    fs.mkdirSync(o.out, { recursive: true });
    const file = path.join(o.out, `seed${o.seed}-${o.replay}.pcap`);
    fs.writeFileSync(file, bytes);
    console.log(`mutation ${o.replay}: ${what} → ${file}`);
    let bad = 0;
    for (const args of PATHS) {
      const res = await runBuffer(args, bytes, 'fuzz.pcap');
      const why = jsErrorIn(res);
      if (why) { bad++; console.log(`  ${args.join(' ')}: ${why}`); }
    }
    console.log(bad ? `${bad} output path(s) fail` : 'no failure');
    process.exitCode = bad ? 1 : 0;
    return;
  }
  const t0 = Date.now();
  let failures = 0, peakRss = 0, next = o.from, overBudget = false;
  const BATCH = 25000;
  // Runs batches in a worker; a hang (no progress within the time budget) or running out of memory ends the
  // worker, the mutant in progress is written out, and the next batch starts after it.
  while (next < o.iterations && failures < o.maxFailures) {
    const from = next, to = Math.min(o.iterations, from + BATCH);
    const resumeAt = await new Promise(resolve => {
      const w = new Worker(fileURLToPath(import.meta.url), {
        workerData: { seed: o.seed, from, to, distDir, maxRecords: o.maxRecords, corpusDirs: o.corpus },
        resourceLimits: { maxOldGenerationSizeMb: o.rssBudgetMb, maxYoungGenerationSizeMb: 16 },
      });
      // the time budget counts from the worker's first mutant: loading the modules and dissecting the corpus
      // (seconds on a loaded machine) has its own, larger budget
      let cur = from, curArgs = null, lastProgress = Date.now(), settled = false, ready = false;
      const finish = v => { if (!settled) { settled = true; clearInterval(timer); resolve(v); } };
      const timer = setInterval(() => {
        if (Date.now() - lastProgress > (ready ? o.timeBudgetMs : Math.max(120000, o.timeBudgetMs))) {
          failures++;
          writeFailure(o, corpus, cur, `hang: no result within ${o.timeBudgetMs} ms`, curArgs);
          w.terminate();
          finish(cur + 1);
        }
      }, 250);
      w.on('message', m => {
        lastProgress = Date.now();
        if (m.t === 'ready') ready = true;
        else if (m.t === 'start') { cur = m.i; curArgs = m.args; }
        else if (m.t === 'fail') { failures++; writeFailure(o, corpus, m.i, m.why, m.args); }
        else if (m.t === 'rss') { if (m.rss > peakRss) peakRss = m.rss; if (!overBudget && (m.rss > o.rssBudgetMb * 1024 * 1024 || m.mem > o.rssBudgetMb * 1024 * 1024)) { overBudget = true; failures++; writeFailure(o, corpus, m.i, `memory: RSS ${(m.rss / 1048576).toFixed(0)} MB, worker heap+buffers ${(m.mem / 1048576).toFixed(0)} MB, budget ${o.rssBudgetMb} MB (peak reached between mutations ${Math.max(0, m.i - 64)} and ${m.i})`, curArgs); } }
        else if (m.t === 'done') { if (m.peakRss > peakRss) peakRss = m.peakRss; finish(to); }
      });
      w.on('error', e => {
        failures++;
        writeFailure(o, corpus, cur, `worker died: ${e && e.code ? e.code + ' ' : ''}${e && e.message}`, curArgs);
        finish(cur + 1);
      });
      w.on('exit', () => finish(cur + 1));
    });
    next = resumeAt;
    if (!o.quiet) process.stderr.write(`fuzz: ${next}/${o.iterations} mutations, ${failures} failure(s), ${((Date.now() - t0) / 1000).toFixed(1)} s, peak RSS ${(peakRss / 1048576).toFixed(0)} MB\n`);
  }
  const secs = (Date.now() - t0) / 1000;
  console.log(`fuzz: seed ${o.seed}, ${next - o.from} mutations${o.from ? ` (${o.from}..${next - 1})` : ""}, ${failures} failure(s), ${secs.toFixed(1)} s, peak RSS ${(peakRss / 1048576).toFixed(0)} MB`);
  process.exitCode = failures ? 1 : 0;
}

if (isMainThread) await mainThread(); else await workerMain();
