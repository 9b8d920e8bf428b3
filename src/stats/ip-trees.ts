// The IPv4 stats trees (packet-ip.c) and the packet-length tree (packet-frame.c):
// ptype,tree  ip_hosts,tree  ip_srcdst,tree  dests,tree  plen,tree.
import { ipv4ToStr } from '../dissect/address.js';
import { PT, type Packet } from '../dissect/packet.js';
import type { IpTap } from '../dissect/ipv4.js';
import { registerTree, type StatsTree } from './stats-tree.js';

/** port_type_to_str */
const PTYPE_NAMES: Record<number, string> = {
  [PT.NONE]: 'NONE', [PT.SCTP]: 'SCTP', [PT.TCP]: 'TCP', [PT.UDP]: 'UDP', [PT.DCCP]: 'DCCP', [PT.IPX]: 'IPX',
  [PT.DDP]: 'DDP', [PT.IDP]: 'IDP', [PT.USB]: 'USB', [PT.I2C]: 'I2C', [PT.IBQP]: 'IBQP', [PT.BLUETOOTH]: 'BLUETOOTH',
  [PT.IWARP_MPA]: 'IWARP_MPA',
};
const ptypeName = (p: number): string => PTYPE_NAMES[p] ?? '';

/** Address text cache: IPv4 addresses as numbers → strings, so busy trees build each string once. */
const v4names = new Map<number, string>();
function v4(b: Uint8Array): string {
  const k = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  let s = v4names.get(k);
  if (s === undefined) { s = ipv4ToStr(b); if (v4names.size < 65536) v4names.set(k, s); }
  return s;
}

function ip(data: unknown): IpTap | null {
  const d = data as IpTap;
  return d && d.version === 4 && d.src instanceof Uint8Array ? d : null;
}

registerTree({
  abbr: 'ptype', name: 'IPv4 Statistics/IP Protocol Types', title: 'IP Protocol Types', taps: ['ip'],
  init(st) { st.node('IP Protocol Types'); },
  packet(st, pkt, _t, data) {
    if (!ip(data)) return false;
    const n = st.tick('IP Protocol Types');
    st.tick(ptypeName(pkt.ptype), n);
  },
});

registerTree({
  abbr: 'ip_hosts', name: 'IPv4 Statistics/All Addresses', title: 'All Addresses', taps: ['ip'],
  init(st) { st.node('All Addresses'); },
  packet(st, _pkt, _t, data) {
    const d = ip(data);
    if (!d) return false;
    const n = st.tick('All Addresses');
    st.tick(v4(d.src), n);
    st.tick(v4(d.dst), n);
  },
});

registerTree({
  abbr: 'ip_srcdst', name: 'IPv4 Statistics/Source and Destination Addresses', title: 'Source and Destination Addresses', taps: ['ip'],
  init(st) { st.node('Source IPv4 Addresses'); st.node('Destination IPv4 Addresses'); },
  packet(st, _pkt, _t, data) {
    const d = ip(data);
    if (!d) return false;
    st.tick(v4(d.src), st.tick('Source IPv4 Addresses'));
    st.tick(v4(d.dst), st.tick('Destination IPv4 Addresses'));
  },
});

registerTree({
  abbr: 'dests', name: 'IPv4 Statistics/Destinations and Ports', title: 'Destinations and Ports', taps: ['ip'],
  init(st) { st.node('Destinations and Ports'); },
  packet(st, pkt, _t, data) {
    const d = ip(data);
    if (!d) return false;
    const dst = st.tick(v4(d.dst), st.tick('Destinations and Ports'));
    const proto = st.tick(ptypeName(pkt.ptype), dst);
    st.tick(String(pkt.destport), proto);
  },
});

const PLEN_RANGES = ['0-19', '20-39', '40-79', '80-159', '160-319', '320-639', '640-1279', '1280-2559', '2560-5119', '5120-'];
registerTree({
  abbr: 'plen', name: 'Packet Lengths', title: 'Packet Lengths', taps: [],
  init(st: StatsTree) { st.ranges(st.node('Packet Lengths'), PLEN_RANGES); },
  frame(st: StatsTree, pkt: Packet) {
    const n = st.value('Packet Lengths', st.root, pkt.len);
    st.tickRange(n, pkt.len);
  },
  packet() { return false; },
});
