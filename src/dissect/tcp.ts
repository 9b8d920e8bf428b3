// TCP (packet-tcp.c): header, flags and options. Minimal first version: no analysis or reassembly yet.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { dataHandle } from './data.js';
import { callCatching } from './frame.js';
import { type Packet, PT } from './packet.js';
import { handle, heuristics, tables } from './tables.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

export const proto = registerProtocol('tcp', 'Transmission Control Protocol', 'TCP');
export const hf = registerFields(proto, {
  srcport: { abbrev: 'tcp.srcport', name: 'Source Port', type: FT.UINT16, base: BASE.DEC },
  dstport: { abbrev: 'tcp.dstport', name: 'Destination Port', type: FT.UINT16, base: BASE.DEC },
  port: { abbrev: 'tcp.port', name: 'Source or Destination Port', type: FT.UINT16, base: BASE.DEC },
  len: { abbrev: 'tcp.len', name: 'TCP Segment Len', type: FT.UINT32, base: BASE.DEC },
  seq: { abbrev: 'tcp.seq', name: 'Sequence Number', type: FT.UINT32, base: BASE.DEC },
});

const FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'AE'];

function dissectTcp(tvb: Tvb, pkt: Packet, tree: Item): number {
  pkt.protocol.set('TCP');
  pkt.info.clear();
  const sport = tvb.u16(0), dport = tvb.u16(2);
  pkt.ptype = PT.TCP; pkt.srcport = sport; pkt.destport = dport;
  const seq = tvb.u32(4), ack = tvb.u32(8);
  const off = tvb.u8(12) >> 4, hlen = off * 4;
  const flags = tvb.u16(12) & 0x1ff;
  const win = tvb.u16(14);
  const t = tree.add(proto, tvb, 0, hlen, null);
  t.add(hf.srcport, tvb, 0, 2, sport);
  t.add(hf.dstport, tvb, 2, 2, dport);
  const names = FLAG_NAMES.filter((_, i) => flags & (1 << i));
  const seglen = tvb.reportedRemaining(0) - hlen;
  pkt.info.set(`${sport} → ${dport} [${names.join(', ')}] Seq=${seq} Ack=${ack} Win=${win} Len=${seglen}`);
  void t;
  if (seglen > 0) {
    const next = tvb.sub(hlen);
    const lo = Math.min(sport, dport), hi = Math.max(sport, dport);
    for (const port of [lo, hi]) {
      const h = tables.tcpPort.get(port);
      if (h && callCatching(h, next, pkt, tree) > 0) return tvb.reportedRemaining(0);
    }
    if (!heuristics.tcp.try(next, pkt, tree)) callCatching(dataHandle, next, pkt, tree);
  }
  return tvb.reportedRemaining(0);
}

export const tcpHandle = handle('tcp', 'TCP', dissectTcp);
tables.ipProto.add(6, tcpHandle);
