// -z bytes,host[,FILTER] — typeshark's own statistic (tshark has none like it): which host names carry the bytes.
// Every TCP and UDP conversation is named by what the client asked for — the TLS ClientHello's server_name, the
// server_name inside a QUIC Initial (decrypted with its public keys), the HTTP Host header — or, failing those, by
// the name a DNS answer in the capture gave the server's address, or else by the address itself. Rows add up the
// frames and bytes of every conversation with the same name, both directions, largest first.
import { addressToStr, type Address } from '../dissect/address.js';
import type { HttpTap } from '../dissect/http.js';
import type { Packet } from '../dissect/packet.js';
import type { TcpTap } from '../dissect/tcp.js';
import type { TlsTap } from '../dissect/tls.js';
import type { PNode } from '../dissect/tree.js';
import type { UdpTap } from '../dissect/udp.js';
import { valueText } from '../fields/repr.js';
import type { CompiledFilter } from '../filter/api.js';
import { QuicSniTracker } from '../analysis/quic-initial.js';
import { registerTap, tapFilter, wantTaps, type Cell, type StatTable, type Tap } from './tap.js';

const RULE = '================================================================================\n';
/** How a conversation got its name, strongest first. */
const SOURCES = ['tls', 'quic', 'http', 'dns', 'address'] as const;
type Source = typeof SOURCES[number];

interface Conv {
  client: string; server: string; serverAddr: string;
  frames: number; toServer: number; fromServer: number;
  name: string | null; source: Source;
  quic: QuicSniTracker | null;
}

interface Row { name: string; sources: Set<Source>; conns: number; frames: number; bytes: number; toServer: number; fromServer: number }

class HostBytes implements Tap {
  readonly needsTree = true; // DNS answers and UDP payloads are read from the tree
  readonly filters: readonly CompiledFilter[];
  private readonly filter: CompiledFilter | null;
  private readonly convs = new Map<string, Conv>();
  /** Address → the name a DNS answer gave it (the question's name, so CNAME chains keep the name asked for). */
  private readonly dnsNames = new Map<string, string>();
  private otherFrames = 0; private otherBytes = 0;

  constructor(readonly arg: string, readonly filterText: string | null) {
    this.filter = tapFilter(filterText, 'bytes,host');
    this.filters = this.filter ? [this.filter] : [];
    wantTaps('tcp', 'udp', 'http', 'tls');
  }

  packet(pkt: Packet): void {
    if (this.filter && !this.filter.match(pkt)) return;
    if (pkt.root) this.learnDns(pkt.root);
    let conv: Conv | null = null, fromClient = true;
    for (const ev of pkt.tapEvents) {
      if (conv === null && (ev.name === 'tcp' || ev.name === 'udp')) {
        const t = ev.data as TcpTap | UdpTap;
        [conv, fromClient] = this.conv(ev.name, t.stream, t.src, t.sport, t.dst, t.dport);
        if (ev.name === 'udp' && fromClient && (conv.quic || conv.name === null) && pkt.root) this.quic(conv, pkt.root);
      } else if (conv && ev.name === 'tls') {
        const t = ev.data as TlsTap;
        if (t.serverName) this.name(conv, t.serverName, 'tls');
      } else if (conv && ev.name === 'http') {
        const h = ev.data as HttpTap;
        if (h.requestMethod !== null && h.httpHost) this.name(conv, h.httpHost.replace(/:\d+$/, ''), 'http');
      }
    }
    if (!conv) { this.otherFrames++; this.otherBytes += pkt.len; return; }
    conv.frames++;
    if (fromClient) conv.toServer += pkt.len; else conv.fromServer += pkt.len;
  }

  /** The conversation by TCP stream, or by UDP endpoints (the UDP tap has no stream number). */
  private conv(proto: string, stream: number, src: Address, sport: number, dst: Address, dport: number): [Conv, boolean] {
    const s = `${addressToStr(src)}:${sport}`, d = `${addressToStr(dst)}:${dport}`;
    const key = proto === 'tcp' && stream >= 0 ? `tcp:${stream}` : `${proto}:${s < d ? s + ' ' + d : d + ' ' + s}`;
    let c = this.convs.get(key);
    if (!c) {
      // the first packet's sender is the client
      c = { client: s, server: d, serverAddr: addressToStr(dst), frames: 0, toServer: 0, fromServer: 0, name: null, source: 'address', quic: null };
      this.convs.set(key, c);
    }
    return [c, s === c.client];
  }

  private name(c: Conv, name: string, source: Source): void {
    if (c.name === null || SOURCES.indexOf(source) < SOURCES.indexOf(c.source)) { c.name = name.toLowerCase(); c.source = source; }
  }

  /** A client's UDP datagram: is it a QUIC Initial whose ClientHello names the server? */
  private quic(c: Conv, root: PNode): void {
    const udp = root.children?.find(n => n.hf?.abbrev === 'udp');
    if (!udp || !udp.buf) return;
    // the UDP item covers its header only; its length field says how far the datagram goes
    const len = udp.children?.find(n => n.hf?.abbrev === 'udp.length')?.value;
    if (typeof len !== 'number' || len <= 8) return;
    const payload = udp.buf.subarray(udp.start + 8, Math.min(udp.buf.length, udp.start + len));
    c.quic ??= new QuicSniTracker();
    const sni = c.quic.feed(payload);
    if (sni) this.name(c, sni, 'quic');
    if (c.quic.done) c.quic = null;
  }

  private learnDns(root: PNode): void {
    const dns = root.children?.find(n => n.hf?.abbrev === 'dns' || n.hf?.abbrev === 'mdns');
    if (!dns) return;
    let qname: string | null = null;
    for (const n of dns.walk()) {
      const a = n.hf?.abbrev;
      if (a === 'dns.qry.name' && qname === null) qname = String(n.value);
      else if ((a === 'dns.a' || a === 'dns.aaaa') && qname) this.dnsNames.set(valueText(n.hf!, n.value, n), qname.toLowerCase());
    }
  }

  private rows(): Row[] {
    const byName = new Map<string, Row>();
    for (const c of this.convs.values()) {
      let name = c.name, source = c.source;
      if (name === null) {
        const d = this.dnsNames.get(c.serverAddr);
        if (d) { name = d; source = 'dns'; } else { name = c.serverAddr; source = 'address'; }
      }
      let r = byName.get(name);
      if (!r) byName.set(name, r = { name, sources: new Set(), conns: 0, frames: 0, bytes: 0, toServer: 0, fromServer: 0 });
      r.sources.add(source); r.conns++; r.frames += c.frames;
      r.toServer += c.toServer; r.fromServer += c.fromServer; r.bytes += c.toServer + c.fromServer;
    }
    return [...byName.values()].sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  draw(): string {
    const rows = this.rows();
    const total = rows.reduce((s, r) => s + r.bytes, 0) + this.otherBytes;
    const w = Math.max(24, ...rows.map(r => r.name.length));
    let s = RULE + 'Bytes by host name\n' + `Filter:${this.filterText ?? '<No Filter>'}\n`;
    s += `${'Host name'.padEnd(w)}  ${'Named by'.padEnd(12)} ${'Conns'.padStart(6)} ${'Frames'.padStart(9)} ${'Bytes'.padStart(13)} ${'%'.padStart(6)} ${'To server'.padStart(13)} ${'From server'.padStart(13)}\n`;
    for (const r of rows) {
      const pct = total ? (100 * r.bytes / total).toFixed(2) : '0.00';
      const by = SOURCES.filter(x => r.sources.has(x)).join(',');
      s += `${r.name.padEnd(w)}  ${by.padEnd(12)} ${String(r.conns).padStart(6)} ${String(r.frames).padStart(9)} ${String(r.bytes).padStart(13)} ${pct.padStart(6)} ${String(r.toServer).padStart(13)} ${String(r.fromServer).padStart(13)}\n`;
    }
    if (this.otherFrames) s += `${'(not TCP or UDP)'.padEnd(w)}  ${''.padEnd(12)} ${''.padStart(6)} ${String(this.otherFrames).padStart(9)} ${String(this.otherBytes).padStart(13)} ${(total ? (100 * this.otherBytes / total).toFixed(2) : '0.00').padStart(6)}\n`;
    return s + RULE;
  }

  merge(o: Tap): void {
    const other = o as HostBytes;
    for (const [k, v] of other.dnsNames) if (!this.dnsNames.has(k)) this.dnsNames.set(k, v);
    for (const [k, c] of other.convs) {
      const mine = this.convs.get(k);
      if (!mine) { this.convs.set(k, c); continue; }
      mine.frames += c.frames; mine.toServer += c.toServer; mine.fromServer += c.fromServer;
      if (c.name !== null) this.name(mine, c.name, c.source);
    }
    this.otherFrames += other.otherFrames; this.otherBytes += other.otherBytes;
  }

  table(): StatTable {
    const rows: Cell[][] = this.rows().map(r => [r.name, SOURCES.filter(x => r.sources.has(x)).join(','), r.conns, r.frames, r.bytes, r.toServer, r.fromServer]);
    if (this.otherFrames) rows.push([null, null, null, this.otherFrames, this.otherBytes, null, null]);
    return { arg: this.arg, stat: 'bytes,host', title: 'Bytes by host name', filter: this.filterText,
      columns: ['host', 'named_by', 'conns', 'frames', 'bytes', 'to_server', 'from_server'], rows };
  }
}

registerTap('bytes,host', arg => {
  if (arg !== 'bytes,host' && !arg.startsWith('bytes,host,')) return null;
  return new HostBytes(arg, arg.length > 11 ? arg.slice(11) : null);
});
