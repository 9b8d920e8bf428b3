// Small capture builders for the limits tests: TCP flows, DNS, ICMP echo and IPv4 fragments, as pcap bytes.
import { pcapBytes, eth, ipv4, udp, tcp } from '../props/pcap-bytes.mjs';
export { pcapBytes };

function wireName(n) { return Buffer.concat([...n.split('.').map(p => Buffer.concat([Buffer.from([p.length]), Buffer.from(p)])), Buffer.from([0])]); }
export function dnsQuery(id, name, response = false) {
  const h = Buffer.alloc(12); h.writeUInt16BE(id, 0); h.writeUInt16BE(response ? 0x8180 : 0x0100, 2); h.writeUInt16BE(1, 4);
  return Buffer.concat([h, wireName(name), Buffer.from([0, 1, 0, 1])]);
}

/** TCP segments of one connection: handshake, then [fromClient, payload] pieces, each in segments of at most mss. */
export function tcpConnection(cport, sport, pieces, { mss = 1400, t0 = 0, handshake = true } = {}) {
  let cseq = 1000, sseq = 5000, t = t0;
  const frames = [];
  const c = (flags, p) => ({ data: eth(ipv4('10.0.0.1', '10.0.0.2', 6, tcp(cport, sport, cseq, sseq, flags, p))), t: (t += 0.001) });
  const s = (flags, p) => ({ data: eth(ipv4('10.0.0.2', '10.0.0.1', 6, tcp(sport, cport, sseq, cseq, flags, p))), t: (t += 0.001) });
  if (handshake) { frames.push(c(0x02, Buffer.alloc(0))); cseq++; frames.push(s(0x12, Buffer.alloc(0))); sseq++; frames.push(c(0x10, Buffer.alloc(0))); }
  for (const [fromClient, payload] of pieces) {
    for (let o = 0; o < payload.length; o += mss) {
      const p = payload.subarray(o, o + mss);
      if (fromClient) { frames.push(c(0x18, p)); cseq += p.length; } else { frames.push(s(0x18, p)); sseq += p.length; }
    }
  }
  return frames;
}

export function udpFrame(sport, dport, payload, t, src = '10.0.0.1', dst = '10.0.0.53') {
  return { data: eth(ipv4(src, dst, 17, udp(sport, dport, payload))), t };
}

export function icmpEcho(type, id, seq, t) {
  const h = Buffer.alloc(8 + 8); h[0] = type; h.writeUInt16BE(id, 4); h.writeUInt16BE(seq, 6);
  const [src, dst] = type === 8 ? ['10.0.0.1', '10.0.0.2'] : ['10.0.0.2', '10.0.0.1'];
  return { data: eth(ipv4(src, dst, 1, h)), t };
}

/** One UDP datagram (to port 9) cut into n IPv4 fragments. */
export function fragments(id, n, t, size = 64) {
  const payload = udp(4000, 9, Buffer.alloc(size * n - 8, 0x41));
  const out = [];
  for (let i = 0; i < n; i++) {
    const part = payload.subarray(i * size, (i + 1) * size);
    const ip = ipv4('10.0.0.1', '10.0.0.2', 17, part, id);
    ip.writeUInt16BE((i < n - 1 ? 0x2000 : 0) | (i * size / 8), 6);
    ip.writeUInt16BE(0, 10);
    out.push({ data: eth(ip), t: t + i * 0.001 });
  }
  return out;
}
