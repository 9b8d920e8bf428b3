// NTP (packet-ntp.c): UDP port 123. Modes 0-5 carry the time packet (RFC 5905), mode 6 control messages
// (RFC 1305 appendix B), mode 7 ntpd's private requests. Info: "NTP Version N, <mode>".
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import type { Packet } from './packet.js';
import { handle, tables } from './tables.js';
import { NsTime } from './time.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

export const proto = registerProtocol('ntp', 'Network Time Protocol', 'NTP');

const LI = new Map([[0, 'no warning'], [1, 'last minute of the day has 61 seconds'], [2, 'last minute of the day has 59 seconds'], [3, 'unknown (clock unsynchronized)']]);
const VERSIONS = new Map([[0, 'reserved'], [1, 'NTP Version 1'], [2, 'NTP Version 2'], [3, 'NTP Version 3'], [4, 'NTP Version 4']]);
const MODES = new Map([[0, 'reserved'], [1, 'symmetric active'], [2, 'symmetric passive'], [3, 'client'], [4, 'server'],
  [5, 'broadcast'], [6, 'reserved for NTP control message'], [7, 'reserved for private use']]);
const INFO_MODES = ['reserved', 'symmetric active', 'symmetric passive', 'client', 'server', 'broadcast', 'control', 'private'];
const CTRL_OPCODES = new Map([[0, 'reserved'], [1, 'read status'], [2, 'read variables'], [3, 'write variables'],
  [4, 'read clock variables'], [5, 'write clock variables'], [6, 'set trap address/port'], [7, 'trap response'],
  [8, 'runtime configuration'], [9, 'export configuration to file'], [10, 'retrieve remote address stats'],
  [11, 'retrieve ordered list'], [12, 'request client-specific nonce']]);
const R_BIT = new Map([[0, 'Request'], [1, 'Response']]);
const IMPLS = new Map([[0, 'UNIV'], [2, 'XNTPD_OLD'], [3, 'XNTPD']]);
const REQ_CODES = new Map<number, string>([
  [0, 'PEER_LIST'], [1, 'PEER_LIST_SUM'], [2, 'PEER_INFO'], [3, 'PEER_STATS'], [4, 'SYS_INFO'], [5, 'SYS_STATS'],
  [6, 'IO_STATS'], [7, 'MEM_STATS'], [8, 'LOOP_INFO'], [9, 'TIMER_STATS'], [10, 'CONFIG'], [11, 'UNCONFIG'],
  [12, 'SET_SYS_FLAG'], [13, 'CLR_SYS_FLAG'], [14, 'MONITOR'], [15, 'NOMONITOR'], [16, 'GET_RESTRICT'],
  [17, 'RESADDFLAGS'], [18, 'RESSUBFLAGS'], [19, 'UNRESTRICT'], [20, 'MON_GETLIST'], [21, 'RESET_STATS'],
  [22, 'RESET_PEER'], [23, 'REREAD_KEYS'], [24, 'DO_DIRTY_HACK'], [25, 'DONT_DIRTY_HACK'], [26, 'TRUSTKEY'],
  [27, 'UNTRUSTKEY'], [28, 'AUTHINFO'], [29, 'TRAPS'], [30, 'ADD_TRAP'], [31, 'CLR_TRAP'], [32, 'REQUEST_KEY'],
  [33, 'CONTROL_KEY'], [34, 'GET_CTLSTATS'], [35, 'GET_LEAPINFO'], [36, 'GET_CLOCKINFO'], [37, 'SET_CLKFUDGE'],
  [38, 'GET_KERNEL'], [39, 'GET_CLKBUGINFO'], [41, 'SET_PRECISION'], [42, 'MON_GETLIST_1'], [43, 'HOSTNAME_ASSOCID'],
  [44, 'IF_STATS'], [45, 'IF_RELOAD'],
]);
const PRIV_ERRORS = new Map([[0, 'No error'], [1, 'incompatible implementation number'], [2, 'unimplemented request code'],
  [3, 'format error'], [4, 'no data available'], [7, 'authentication failure']]);
const STRATUM = (s: number): string => s === 0 ? 'unspecified or invalid' : s === 1 ? 'primary reference' : s <= 15 ? 'secondary reference' : s === 16 ? 'unsynchronized' : 'reserved';

export const hf = registerFields(proto, {
  flags: { abbrev: 'ntp.flags', name: 'Flags', type: FT.UINT8, base: BASE.HEX },
  li: { abbrev: 'ntp.flags.li', name: 'Leap Indicator', type: FT.UINT8, base: BASE.DEC, mask: 0xc0, strings: LI },
  vn: { abbrev: 'ntp.flags.vn', name: 'Version number', type: FT.UINT8, base: BASE.DEC, mask: 0x38, strings: VERSIONS },
  mode: { abbrev: 'ntp.flags.mode', name: 'Mode', type: FT.UINT8, base: BASE.DEC, mask: 0x07, strings: MODES },
  stratum: { abbrev: 'ntp.stratum', name: 'Peer Clock Stratum', type: FT.UINT8, base: BASE.DEC },
  ppoll: { abbrev: 'ntp.ppoll', name: 'Peer Polling Interval', type: FT.UINT8, base: BASE.DEC },
  precision: { abbrev: 'ntp.precision', name: 'Peer Clock Precision', type: FT.UINT8, base: BASE.DEC },
  rootdelay: { abbrev: 'ntp.rootdelay', name: 'Root Delay', type: FT.UINT32, base: BASE.DEC },
  rootdispersion: { abbrev: 'ntp.rootdispersion', name: 'Root Dispersion', type: FT.UINT32, base: BASE.DEC },
  refid: { abbrev: 'ntp.refid', name: 'Reference ID', type: FT.BYTES },
  reftime: { abbrev: 'ntp.reftime', name: 'Reference Timestamp', type: FT.ABSOLUTE_TIME, base: BASE.ABSOLUTE_TIME_UTC },
  org: { abbrev: 'ntp.org', name: 'Origin Timestamp', type: FT.ABSOLUTE_TIME, base: BASE.ABSOLUTE_TIME_UTC },
  rec: { abbrev: 'ntp.rec', name: 'Receive Timestamp', type: FT.ABSOLUTE_TIME, base: BASE.ABSOLUTE_TIME_UTC },
  xmt: { abbrev: 'ntp.xmt', name: 'Transmit Timestamp', type: FT.ABSOLUTE_TIME, base: BASE.ABSOLUTE_TIME_UTC },
  keyid: { abbrev: 'ntp.keyid', name: 'Key ID', type: FT.BYTES },
  mac: { abbrev: 'ntp.mac', name: 'Message Authentication Code', type: FT.BYTES },
  ctrl_flags2: { abbrev: 'ntp.ctrl.flags2', name: 'Flags 2', type: FT.UINT8, base: BASE.HEX },
  ctrl_r: { abbrev: 'ntp.ctrl.flags2.r', name: 'Response bit', type: FT.UINT8, base: BASE.DEC, mask: 0x80, strings: R_BIT },
  ctrl_error: { abbrev: 'ntp.ctrl.flags2.error', name: 'Error bit', type: FT.UINT8, base: BASE.DEC, mask: 0x40 },
  ctrl_more: { abbrev: 'ntp.ctrl.flags2.more', name: 'More bit', type: FT.UINT8, base: BASE.DEC, mask: 0x20 },
  ctrl_opcode: { abbrev: 'ntp.ctrl.flags2.opcode', name: 'Opcode', type: FT.UINT8, base: BASE.DEC, mask: 0x1f, strings: CTRL_OPCODES },
  ctrl_sequence: { abbrev: 'ntp.ctrl.sequence', name: 'Sequence', type: FT.UINT16, base: BASE.DEC },
  ctrl_status: { abbrev: 'ntp.ctrl.status', name: 'Status', type: FT.UINT16, base: BASE.HEX },
  ctrl_associd: { abbrev: 'ntp.ctrl.associd', name: 'AssociationID', type: FT.UINT16, base: BASE.DEC },
  ctrl_offset: { abbrev: 'ntp.ctrl.offset', name: 'Offset', type: FT.UINT16, base: BASE.DEC },
  ctrl_count: { abbrev: 'ntp.ctrl.count', name: 'Count', type: FT.UINT16, base: BASE.DEC },
  ctrl_data: { abbrev: 'ntp.ctrl.data', name: 'Data', type: FT.NONE },
  priv_r: { abbrev: 'ntp.priv.flags.r', name: 'Response bit', type: FT.UINT8, base: BASE.DEC, mask: 0x80, strings: R_BIT },
  priv_more: { abbrev: 'ntp.priv.flags.more', name: 'More bit', type: FT.UINT8, base: BASE.DEC, mask: 0x40 },
  priv_auth_seq: { abbrev: 'ntp.priv.auth_seq', name: 'Auth, sequence', type: FT.UINT8, base: BASE.DEC },
  priv_auth: { abbrev: 'ntp.priv.auth', name: 'Auth bit', type: FT.UINT8, base: BASE.DEC, mask: 0x80 },
  priv_seq: { abbrev: 'ntp.priv.seq', name: 'Sequence number', type: FT.UINT8, base: BASE.DEC, mask: 0x7f },
  priv_impl: { abbrev: 'ntp.priv.impl', name: 'Implementation', type: FT.UINT8, base: BASE.DEC, strings: IMPLS },
  priv_reqcode: { abbrev: 'ntp.priv.reqcode', name: 'Request code', type: FT.UINT8, base: BASE.DEC, strings: REQ_CODES },
  priv_err: { abbrev: 'ntp.priv.err', name: 'Err', type: FT.UINT8, base: BASE.HEX, strings: PRIV_ERRORS },
  priv_numitems: { abbrev: 'ntp.priv.numitems', name: 'Number of data items', type: FT.UINT16, base: BASE.DEC },
  priv_reserved: { abbrev: 'ntp.priv.reserved', name: 'Reserved', type: FT.UINT8, base: BASE.HEX },
  priv_itemsize: { abbrev: 'ntp.priv.itemsize', name: 'Size of data item', type: FT.UINT16, base: BASE.DEC },
});

const NTP_UNIX_OFFSET = 2208988800;

function hex(v: number, w: number): string { return v.toString(16).padStart(w, '0'); }

/** An NTP timestamp (seconds since 1900, 32-bit fraction) as an absolute time; "NULL" when all zero. */
function addTimestamp(t: Item, h: typeof hf.org, tvb: Tvb, off: number): void {
  const s = tvb.u32(off), f = tvb.u32(off + 4);
  if (s === 0 && f === 0) { t.add(h, tvb, off, 8, new NsTime(0, 0)).setText(`${h.name}: NULL`); return; }
  // seconds with the top bit clear are in era 1 (from 2036 on)
  t.add(h, tvb, off, 8, new NsTime(s - NTP_UNIX_OFFSET + (s < 0x80000000 ? 4294967296 : 0), Math.floor(f * 1e9 / 4294967296)));
}

/** A 16.16 fixed-point count of seconds. */
function fixed1616(v: number): string { return (v / 65536).toFixed(6); }

function dissectTime(tvb: Tvb, t: Item): void {
  const stratum = tvb.u8(1), poll = tvb.u8(2), prec = tvb.u8(3);
  t.add(hf.stratum, tvb, 1, 1, stratum).setText(`Peer Clock Stratum: ${STRATUM(stratum)} (${stratum})`);
  const pi = t.add(hf.ppoll, tvb, 2, 1, poll);
  if (poll < 4 || poll > 17) pi.setText(`Peer Polling Interval: invalid (${poll})`);
  else pi.setText(`Peer Polling Interval: ${poll} (${2 ** poll} seconds)`);
  const sprec = prec > 127 ? prec - 256 : prec;
  t.add(hf.precision, tvb, 3, 1, prec).setText(`Peer Clock Precision: ${(2 ** sprec).toFixed(6)} seconds`);
  t.add(hf.rootdelay, tvb, 4, 4, tvb.u32(4)).setText(`Root Delay: ${fixed1616(tvb.u32(4))} seconds`);
  t.add(hf.rootdispersion, tvb, 8, 4, tvb.u32(8)).setText(`Root Dispersion: ${fixed1616(tvb.u32(8))} seconds`);
  const ref = tvb.bytes(12, 4);
  let refText: string;
  if (stratum <= 1) {
    const chars = String.fromCharCode(...ref).replace(/\0+$/, '');
    refText = ref[0] === 0 && ref[1] === 0 && ref[2] === 0 && ref[3] === 0 ? 'NULL' : `Unidentified reference source '${chars}'`;
  } else refText = `${ref[0]}.${ref[1]}.${ref[2]}.${ref[3]}`;
  t.add(hf.refid, tvb, 12, 4, ref).setText(`Reference ID: ${refText}`);
  addTimestamp(t, hf.reftime, tvb, 16);
  addTimestamp(t, hf.org, tvb, 24);
  addTimestamp(t, hf.rec, tvb, 32);
  addTimestamp(t, hf.xmt, tvb, 40);
  const rest = tvb.reportedRemaining(48);
  if (rest >= 4) {
    t.add(hf.keyid, tvb, 48, 4, tvb.bytes(48, 4)).setText(`Key ID: ${Buffer.from(tvb.bytes(48, 4)).toString('hex')}`);
    if (rest > 4) t.add(hf.mac, tvb, 52, rest - 4, tvb.bytes(52, rest - 4));
  }
}

function dissectControl(tvb: Tvb, t: Item): void {
  const f2 = tvb.u8(1);
  const fi = t.add(hf.ctrl_flags2, tvb, 1, 1, f2)
    .setText(`Flags 2: 0x${hex(f2, 2)}, Response bit: ${f2 & 0x80 ? 'Response' : 'Request'}, Opcode: ${CTRL_OPCODES.get(f2 & 0x1f) ?? 'Unknown'}`);
  fi.add(hf.ctrl_r, tvb, 1, 1, f2 >> 7);
  fi.add(hf.ctrl_error, tvb, 1, 1, (f2 >> 6) & 1);
  fi.add(hf.ctrl_more, tvb, 1, 1, (f2 >> 5) & 1);
  fi.add(hf.ctrl_opcode, tvb, 1, 1, f2 & 0x1f);
  t.add(hf.ctrl_sequence, tvb, 2, 2, tvb.u16(2));
  t.add(hf.ctrl_status, tvb, 4, 2, tvb.u16(4));
  t.add(hf.ctrl_associd, tvb, 6, 2, tvb.u16(6));
  t.add(hf.ctrl_offset, tvb, 8, 2, tvb.u16(8));
  const count = tvb.u16(10);
  t.add(hf.ctrl_count, tvb, 10, 2, count);
  if (count) t.add(hf.ctrl_data, tvb, 12, count, null);
}

function dissectPrivate(tvb: Tvb, t: Item, flags: number): void {
  const as = tvb.u8(1);
  const ai = t.add(hf.priv_auth_seq, tvb, 1, 1, as);
  ai.add(hf.priv_auth, tvb, 1, 1, as >> 7);
  ai.add(hf.priv_seq, tvb, 1, 1, as & 0x7f);
  t.add(hf.priv_impl, tvb, 2, 1, tvb.u8(2));
  t.add(hf.priv_reqcode, tvb, 3, 1, tvb.u8(3));
  const w1 = tvb.u16(4), w2 = tvb.u16(6);
  const b12 = (v: number): string => { const s = v.toString(2).padStart(12, '0'); return `${s.slice(0, 4)}  ${s.slice(4, 8)} ${s.slice(8)}`; };
  t.add(hf.priv_err, tvb, 4, 1, w1 >> 12).setText(`${(w1 >> 12).toString(2).padStart(4, '0')} .... = Err: ${PRIV_ERRORS.get(w1 >> 12) ?? 'Unknown'} (0x${hex(w1 >> 12, 2)})`);
  t.add(hf.priv_numitems, tvb, 4, 2, w1 & 0xfff).setText(`.... ${b12(w1 & 0xfff)} = Number of data items: ${w1 & 0xfff}`);
  t.add(hf.priv_reserved, tvb, 6, 1, w2 >> 12).setText(`${(w2 >> 12).toString(2).padStart(4, '0')} .... = Reserved: 0x${hex(w2 >> 12, 2)}`);
  t.add(hf.priv_itemsize, tvb, 6, 2, w2 & 0xfff).setText(`.... ${b12(w2 & 0xfff)} = Size of data item: ${w2 & 0xfff}`);
  void flags;
}

function dissectNtp(tvb: Tvb, pkt: Packet, tree: Item): number {
  pkt.protocol.set('NTP');
  pkt.info.clear();
  const flags = tvb.u8(0), vn = (flags >> 3) & 7, mode = flags & 7;
  let info = `NTP Version ${vn}, ${INFO_MODES[mode]}`;
  if (mode === 7) info += `, ${flags & 0x80 ? 'Response' : 'Request'}, ${REQ_CODES.get(tvb.u8(3)) ?? 'Unknown'}`;
  pkt.info.set(info);
  const t = tree.add(proto, tvb, 0, -1, null);
  if (!t.real) {
    // the fields the tree would read: a short packet is malformed without a tree too
    tvb.ensure(0, mode === 6 ? 12 : mode === 7 ? 8 : 48);
    return tvb.remaining(0);
  }
  t.appendText(` (NTP Version ${vn}, ${INFO_MODES[mode]})`);
  const li = flags >> 6;
  if (mode === 7) {
    const fi = t.add(hf.flags, tvb, 0, 1, flags)
      .setText(`Flags: 0x${hex(flags, 2)}, Response bit: ${flags & 0x80 ? 'Response' : 'Request'}, Version number: ${VERSIONS.get(vn) ?? 'Unknown'}, Mode: ${MODES.get(mode)}`);
    fi.add(hf.priv_r, tvb, 0, 1, flags >> 7);
    fi.add(hf.priv_more, tvb, 0, 1, (flags >> 6) & 1);
    fi.add(hf.vn, tvb, 0, 1, vn);
    fi.add(hf.mode, tvb, 0, 1, mode);
    dissectPrivate(tvb, t, flags);
  } else {
    const fi = t.add(hf.flags, tvb, 0, 1, flags)
      .setText(`Flags: 0x${hex(flags, 2)}, Leap Indicator: ${LI.get(li)}, Version number: ${VERSIONS.get(vn) ?? 'Unknown'}, Mode: ${MODES.get(mode)}`);
    fi.add(hf.li, tvb, 0, 1, li);
    fi.add(hf.vn, tvb, 0, 1, vn);
    fi.add(hf.mode, tvb, 0, 1, mode);
    if (mode === 6) dissectControl(tvb, t); else dissectTime(tvb, t);
  }
  return tvb.remaining(0);
}

export const ntpHandle = handle('ntp', 'NTP', dissectNtp);
tables.udpPort.add(123, ntpHandle);
