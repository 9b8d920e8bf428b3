// Small captures of HTTP cases for the lean HTTP stage (src/fast/http.ts): each case is one pcap whose streams the
// stage either follows exactly (lean: true) or must refuse (lean: false, the engine then runs). Deterministic.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const F = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16 };

class Cap {
  recs = [];
  t = 1_700_000_000_000_000n;
  push(frame) { this.t += 1000n; this.recs.push([this.t, frame]); }
  bytes() {
    const hdr = Buffer.alloc(24);
    hdr.writeUInt32LE(0xa1b2c3d4, 0); hdr.writeUInt16LE(2, 4); hdr.writeUInt16LE(4, 6); hdr.writeUInt32LE(262144, 16); hdr.writeUInt32LE(1, 20);
    const parts = [hdr];
    for (const [t, fr] of this.recs) {
      const h = Buffer.alloc(16);
      h.writeUInt32LE(Number(t / 1_000_000n), 0); h.writeUInt32LE(Number(t % 1_000_000n), 4);
      h.writeUInt32LE(fr.length, 8); h.writeUInt32LE(fr.length, 12);
      parts.push(h, fr);
    }
    return Buffer.concat(parts);
  }
}

function ipPacket(v6, src, dst, proto, l4) {
  const eth = Buffer.alloc(14);
  eth.write('020000000002020000000001', 'hex'); eth.writeUInt16BE(v6 ? 0x86dd : 0x0800, 12);
  let ip;
  if (v6) {
    ip = Buffer.alloc(40); ip.writeUInt32BE(0x60000000, 0); ip.writeUInt16BE(l4.length, 4); ip[6] = proto; ip[7] = 64;
    Buffer.from(`fd00000000000000000000000000${src.toString(16).padStart(4, '0')}`, 'hex').copy(ip, 8);
    Buffer.from(`fd00000000000000000000000000${dst.toString(16).padStart(4, '0')}`, 'hex').copy(ip, 24);
  } else {
    ip = Buffer.alloc(20); ip[0] = 0x45; ip.writeUInt16BE(20 + l4.length, 2); ip.writeUInt16BE(0x4000, 6); ip[8] = 64; ip[9] = proto;
    ip.writeUInt32BE(0x0a000000 + src, 12); ip.writeUInt32BE(0x0a000000 + dst, 16);
  }
  return Buffer.concat([eth, ip, l4]);
}

/** A TCP connection: c() / s() send from client / server with automatic sequence numbers. */
class Conn {
  constructor(cap, { sport = 40000, dport = 80, v6 = false, isn = [1000, 5000], syn = true, opts = null } = {}) {
    Object.assign(this, { cap, sport, dport, v6, opts });
    this.seq = [isn[0], isn[1]];
    if (syn) {
      this.raw(0, this.seq[0], 0, F.SYN, ''); this.seq[0]++;
      this.raw(1, this.seq[1], this.seq[0], F.SYN | F.ACK, ''); this.seq[1]++;
      this.raw(0, this.seq[0], this.seq[1], F.ACK, '');
    }
  }
  raw(dir, seq, ack, flags, data, win = 65535) {
    const p = Buffer.isBuffer(data) ? data : Buffer.from(data, 'latin1');
    const o = this.opts ?? Buffer.alloc(0);
    const h = Buffer.concat([Buffer.alloc(20), o]);
    h.writeUInt16BE(dir ? this.dport : this.sport, 0); h.writeUInt16BE(dir ? this.sport : this.dport, 2);
    h.writeUInt32BE(seq >>> 0, 4); h.writeUInt32BE(ack >>> 0, 8); h.writeUInt16BE(((5 + o.length / 4) << 12) | flags, 12); h.writeUInt16BE(win, 14);
    this.cap.push(ipPacket(this.v6, dir ? 2 : 1, dir ? 1 : 2, 6, Buffer.concat([h, p])));
  }
  send(dir, data, flags = F.PSH | F.ACK) {
    const n = Buffer.isBuffer(data) ? data.length : Buffer.byteLength(data, 'latin1');
    this.raw(dir, this.seq[dir], this.seq[dir ^ 1], flags, data);
    this.seq[dir] += n + (flags & F.FIN ? 1 : 0);
  }
  c(d, f) { this.send(0, d, f); return this; }
  s(d, f) { this.send(1, d, f); return this; }
  ack(dir) { this.raw(dir, this.seq[dir], this.seq[dir ^ 1], F.ACK, ''); return this; }
  close() { this.send(0, '', F.FIN | F.ACK); this.send(1, '', F.FIN | F.ACK); this.ack(0); return this; }
}

const req = (m, path, host, extra = '') => `${m} ${path} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: t/1\r\n${extra}\r\n`;
const res = (code, body = '', extra = '', cl = true) =>
  `HTTP/1.1 ${code} X\r\n${cl ? `Content-Length: ${Buffer.byteLength(body, 'latin1')}\r\n` : ''}${extra}\r\n${body}`;
const split = (s, ...at) => { const out = []; let p = 0; for (const a of at) { out.push(s.slice(p, a)); p = a; } out.push(s.slice(p)); return out; };

const CASES = {
  // followed by the lean stage
  'basic': { lean: true, make(cap) {
    const c = new Conn(cap);
    c.c(req('GET', '/a', 'h1.test'));
    const r = res(200, 'x'.repeat(3000), 'Content-Type: text/plain\r\n');
    for (const part of split(r, 1400, 2800)) c.s(part);
    c.ack(0).close();
  } },
  'pipelined': { lean: true, make(cap) {
    const c = new Conn(cap, { sport: 40001 });
    c.c(req('GET', '/1', 'h2.test') + req('GET', '/2?q=1', 'h2.test'));
    const all = res(200, 'a'.repeat(100)) + res(404, 'b'.repeat(2000), 'Content-Type: application/json\r\n');
    for (const part of split(all, 500, 1900)) c.s(part);
    c.c(req('HEAD', '/3', 'h3.test')).s('HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n');
    c.c(req('POST', '/form', 'h2.test', 'Content-Type: text/plain\r\nContent-Length: 2500\r\n').concat('p'.repeat(1000)));
    c.c('p'.repeat(1500) + req('GET', '/after-post', 'h4.test'));
    c.s(res(201, '') + res(304, '', '', false) + res(204, '', '', false) + 'HTTP/1.1 100 Continue\r\n\r\n' + res(200, '<a>1</a>', 'Content-Type: application/xml\r\n'));
    c.close();
  } },
  'ipv6-8080-lowercase': { lean: true, make(cap) {
    const c = new Conn(cap, { v6: true, dport: 8080, sport: 50000 });
    c.c('GET /v6 HTTP/1.0\r\nhost: six.test  \r\naccept: */*\r\n\r\n');
    c.s('HTTP/1.0 200 OK\r\ncontent-length: 3\r\ncontent-type: text/html; charset=utf-8\r\n\r\nabc');
    c.close();
  } },
  'binary-on-80-and-tls': { lean: true, make(cap) {
    const c = new Conn(cap, { sport: 40002 });
    c.c(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x10, 1, 2, 3, 4, 0x0d, 0x0a])).s(Buffer.from([0, 1, 2, 3, 4, 5]));
    c.close();
    const t = new Conn(cap, { sport: 40003, dport: 443 });
    t.c(Buffer.concat([Buffer.from([0x16, 0x03, 0x01, 0x00, 0x20]), Buffer.alloc(0x20, 0x41)])).s(Buffer.alloc(300, 0x17)).close();
  } },
  'reused-ports-mid-stream-rst': { lean: true, make(cap) {
    const m = new Conn(cap, { sport: 40004, syn: false });
    m.c(req('GET', '/mid', 'mid.test')).s(res(200, 'z'.repeat(10)));
    const a = new Conn(cap, { sport: 40005, isn: [100, 200] });
    a.c(req('GET', '/first', 'r.test')).s(res(200, 'q'.repeat(3000)).slice(0, 1000));
    a.raw(0, a.seq[0], a.seq[1], F.RST | F.ACK, '');
    const b = new Conn(cap, { sport: 40005, isn: [9000, 9500] });
    b.c(req('GET', '/second', 'r.test')).s(res(200, 'ok')).close();
  } },
  'chunked': { lean: true, make(cap) {
    const c = new Conn(cap, { sport: 40006 });
    c.c(req('GET', '/c1', 'c.test')).s('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n3\r\nabc\r\n0\r\n\r\n');
    c.c(req('GET', '/c2', 'c.test') + req('GET', '/c3', 'c.test'));
    const body = `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${(1500).toString(16)};ext=1\r\n${'d'.repeat(1500)}\r\n10\r\n${'e'.repeat(16)}\r\n0\r\n\r\n` + res(200, 'tail');
    for (const part of split(body, 60, 1000, body.length - 46)) c.s(part);
    c.c(req('POST', '/up', 'c.test', 'Transfer-Encoding: chunked\r\n') + '5\r\nhello\r\n').c('0\r\n\r\n').s(res(200, 'ok'));
    c.close();
  } },
  'tls-alpn': { lean: true, make(cap) {
    const hello = (type) => {
      const body = Buffer.concat([Buffer.from([type, 0, 0, 60, 3, 3]), Buffer.alloc(32, 7), Buffer.from([0, 0, 2, 0x13, 1, 1, 0]),
        Buffer.from([0, 14, 0, 16, 0, 10, 0, 8, 8]), Buffer.from('http/1.1'), Buffer.from([0, 13, 0, 2, 0x0d, 0x0a])]);
      return Buffer.concat([Buffer.from([0x16, 3, 1, body.length >> 8, body.length & 255]), body]);
    };
    new Conn(cap, { sport: 40007, dport: 443 }).c(hello(1)).s(hello(2)).c(Buffer.concat([Buffer.from([0x17, 3, 3, 0, 40]), Buffer.alloc(40, 0x99)]))
      .s(Buffer.concat([Buffer.from([0x17, 3, 3, 0, 8]), Buffer.alloc(8, 0x42)])).close();
  } },
  'tcp-options': { lean: true, make(cap) {
    const ts = Buffer.from([1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2]);
    new Conn(cap, { sport: 40008, opts: ts }).c(req('GET', '/ts', 'o.test')).s(res(200, 'ok')).close();
  } },
  // refused: the engine runs
  'tcp-bad-options': { lean: false, make(cap) {
    new Conn(cap, { opts: Buffer.from([1, 1, 8, 20]) }).c(req('GET', '/bad', 'o.test')).s(res(200, 'ok')).close();
  } },
  'tls-later-http': { lean: false, make(cap) {
    new Conn(cap, { dport: 443 }).c(Buffer.from([0x17, 3, 3, 0, 4, 1, 2, 3, 4])).c('xyz HTTP/1.1\r\nHost: a\r\n\r\n').close();
  } },
  'chunked-trailer': { lean: false, make(cap) {
    new Conn(cap).c(req('GET', '/c', 'c.test')).s('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n').close();
  } },
  'chunked-line-across-segments': { lean: false, make(cap) {
    const c = new Conn(cap);
    c.c(req('GET', '/c', 'c.test'));
    c.s('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r').s('\n').close();
  } },
  'chunked-then-partial': { lean: false, make(cap) {
    const c = new Conn(cap);
    c.c(req('GET', '/c', 'c.test') + req('GET', '/d', 'c.test'));
    c.s('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab').s('c\r\n0\r\n\r\n' + res(200, 'x'.repeat(50)).slice(0, 60)).s('x'.repeat(10)).close();
  } },
  'until-fin': { lean: false, make(cap) {
    new Conn(cap).c(req('GET', '/f', 'f.test')).s('HTTP/1.0 200 OK\r\n\r\nbody until close').close();
  } },
  'retransmission': { lean: false, make(cap) {
    const c = new Conn(cap);
    const r = req('GET', '/r', 'r.test');
    c.c(r); c.raw(0, c.seq[0] - r.length, c.seq[1], F.PSH | F.ACK, r);
    c.s(res(200, 'k')).close();
  } },
  'split-request': { lean: false, make(cap) {
    const c = new Conn(cap);
    for (const p of split(req('GET', '/split', 's.test'), 20)) c.c(p);
    c.s(res(200, 'k')).close();
  } },
  'heuristic-port': { lean: false, make(cap) {
    new Conn(cap, { dport: 9999 }).c(req('GET', '/h', 'h.test')).s(res(200, 'k')).close();
  } },
  'connect': { lean: false, make(cap) {
    new Conn(cap, { dport: 3128 }).c('CONNECT a.test:443 HTTP/1.1\r\nHost: a.test:443\r\n\r\n').s('HTTP/1.1 200 Connection established\r\n\r\n')
      .c(Buffer.from([0x16, 3, 1, 0, 1, 1])).close();
  } },
  'ssdp': { lean: false, make(cap) {
    const u = Buffer.alloc(8); const m = Buffer.from('M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n\r\n');
    u.writeUInt16BE(5000, 0); u.writeUInt16BE(1900, 2); u.writeUInt16BE(8 + m.length, 4);
    cap.push(ipPacket(false, 1, 2, 17, Buffer.concat([u, m])));
  } },
  'keep-alive': { lean: false, make(cap) {
    const c = new Conn(cap);
    c.c(req('GET', '/k', 'k.test')).s(res(200, 'k'));
    c.raw(0, c.seq[0] - 1, c.seq[1], F.ACK, Buffer.from([0]));
    c.close();
  } },
  'out-of-order': { lean: false, make(cap) {
    const c = new Conn(cap);
    c.c(req('GET', '/o', 'o.test'));
    const r = res(200, 'y'.repeat(2000)), [a, b] = split(r, 1000);
    c.raw(1, c.seq[1] + a.length, c.seq[0], F.ACK, b); c.raw(1, c.seq[1], c.seq[0], F.ACK, a);
  } },
  'http-text-on-443': { lean: false, make(cap) {
    new Conn(cap, { dport: 443 }).c(req('GET', '/plain', 'p.test')).s(res(200, 'k')).close();
  } },
  'odd-request-line': { lean: false, make(cap) {
    new Conn(cap).c('GET  /two-spaces HTTP/1.1\r\nHost: x\r\n\r\n').s(res(200, 'k')).close();
  } },
  'form-body': { lean: false, make(cap) {
    new Conn(cap).c(req('POST', '/f', 'f.test', 'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5\r\n') + 'a=%4').s(res(200, 'k')).close();
  } },
};

/** Writes every case into dir; returns [{ name, file, lean }]. */
export function writeCases(dir) {
  return Object.entries(CASES).map(([name, c]) => {
    const cap = new Cap();
    c.make(cap);
    const file = join(dir, `http-${name}.pcap`);
    writeFileSync(file, cap.bytes());
    return { name, file, lean: c.lean };
  });
}
