// TCP (packet-tcp.c, tshark 4.0 behaviour): header, flags, options, stream table, sequence analysis,
// and reassembly for payload dissectors (pkt.desegmentOffset / pkt.desegmentLen, see docs/ARCHITECTURE.md).
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import {
  type Acked, analyzeSequence, COMPLETENESS_NAMES, FLOW, type FrameState, lookupConv, newConv, noteClose, setDirection,
  STATIC, type TcpConv, type TcpFlow, tcpState, updateCompleteness,
} from '../tcp/analysis.js';
import { DESEGMENT_ONE_MORE_SEGMENT, DESEGMENT_UNTIL_FIN, leSeq, ltSeq, TA, TH, u32 } from '../tcp/constants.js';
import {
  type FragSet, fragmentAdd, MAX_PDU_BYTES, MSPF, type Msp, mspAt, mspLe, releaseFlow, releaseFrags, storeMsp,
} from '../tcp/reassembly.js';
import type { Address } from './address.js';
import { dataHandle } from './data.js';
import { expertAdd, expertField } from './expert.js';
import { callCatching } from './frame.js';
import { Group, type Packet, PT, Severity } from './packet.js';
import { handle, heuristics, tables } from './tables.js';
import { NsTime } from './time.js';
import { type Item, PNode } from './tree.js';
import { Tvb } from './tvb.js';

export { DESEGMENT_ONE_MORE_SEGMENT, DESEGMENT_UNTIL_FIN } from '../tcp/constants.js';

/** Tap data for 'tcp' (conv,tcp / endpoints,tcp / io,stat ...). */
export interface TcpTap {
  src: Address; dst: Address; sport: number; dport: number;
  /** tcp.stream */
  stream: number;
  /** tcp.len (segment payload length) */
  len: number;
  seglen: number;
  /** tcp.seq / tcp.ack as shown (relative), raw header flags, unscaled window. */
  seq: number; ack: number; flags: number; win: number;
}

/** Tap data for 'tcp.follow' (-z follow,tcp): one segment's payload (a copy) with its raw sequence number. */
export interface TcpFollowTap { stream: number; src: Address; dst: Address; sport: number; dport: number; seq: number; ack: number; flags: number; data: Uint8Array }

/** What TCP tells its payload dissectors (struct tcpinfo), in pkt.protoData under 'tcp'. */
export interface TcpInfo { seq: number; nxtseq: number; lastackseq: number; isReassembled: boolean; flags: number; stream: number }

export const proto = registerProtocol('tcp', 'Transmission Control Protocol', 'TCP');
const TFS_SET = { t: 'Set', f: 'Not set' };
export const hf = registerFields(proto, {
  srcport: { abbrev: 'tcp.srcport', name: 'Source Port', type: FT.UINT16, base: BASE.DEC },
  dstport: { abbrev: 'tcp.dstport', name: 'Destination Port', type: FT.UINT16, base: BASE.DEC },
  port: { abbrev: 'tcp.port', name: 'Source or Destination Port', type: FT.UINT16, base: BASE.DEC },
  stream: { abbrev: 'tcp.stream', name: 'Stream index', type: FT.UINT32, base: BASE.DEC },
  completeness: { abbrev: 'tcp.completeness', name: 'Conversation completeness', type: FT.UINT8, base: BASE.DEC, strings: COMPLETENESS_NAMES },
  len: { abbrev: 'tcp.len', name: 'TCP Segment Len', type: FT.UINT32, base: BASE.DEC },
  seq: { abbrev: 'tcp.seq', name: 'Sequence Number', type: FT.UINT32, base: BASE.DEC },
  seq_raw: { abbrev: 'tcp.seq_raw', name: 'Sequence Number (raw)', type: FT.UINT32, base: BASE.DEC },
  nxtseq: { abbrev: 'tcp.nxtseq', name: 'Next Sequence Number', type: FT.UINT32, base: BASE.DEC },
  ack: { abbrev: 'tcp.ack', name: 'Acknowledgment Number', type: FT.UINT32, base: BASE.DEC },
  ack_raw: { abbrev: 'tcp.ack_raw', name: 'Acknowledgment number (raw)', type: FT.UINT32, base: BASE.DEC },
  hdr_len: { abbrev: 'tcp.hdr_len', name: 'Header Length', type: FT.UINT8, base: BASE.DEC },
  flags: { abbrev: 'tcp.flags', name: 'Flags', type: FT.UINT16, base: BASE.HEX, mask: 0x0fff },
  flags_res: { abbrev: 'tcp.flags.res', name: 'Reserved', type: FT.BOOLEAN, base: 12, mask: 0xe00, tfs: TFS_SET },
  flags_ae: { abbrev: 'tcp.flags.ae', name: 'Accurate ECN', type: FT.BOOLEAN, base: 12, mask: 0x100, tfs: TFS_SET },
  flags_ace: { abbrev: 'tcp.flags.ace', name: 'ACE', type: FT.UINT8, base: BASE.DEC },
  flags_cwr: { abbrev: 'tcp.flags.cwr', name: 'Congestion Window Reduced', type: FT.BOOLEAN, base: 12, mask: 0x80, tfs: TFS_SET },
  flags_ece: { abbrev: 'tcp.flags.ece', name: 'ECN-Echo', type: FT.BOOLEAN, base: 12, mask: 0x40, tfs: TFS_SET },
  flags_urg: { abbrev: 'tcp.flags.urg', name: 'Urgent', type: FT.BOOLEAN, base: 12, mask: 0x20, tfs: TFS_SET },
  flags_ack: { abbrev: 'tcp.flags.ack', name: 'Acknowledgment', type: FT.BOOLEAN, base: 12, mask: 0x10, tfs: TFS_SET },
  flags_push: { abbrev: 'tcp.flags.push', name: 'Push', type: FT.BOOLEAN, base: 12, mask: 0x08, tfs: TFS_SET },
  flags_reset: { abbrev: 'tcp.flags.reset', name: 'Reset', type: FT.BOOLEAN, base: 12, mask: 0x04, tfs: TFS_SET },
  flags_syn: { abbrev: 'tcp.flags.syn', name: 'Syn', type: FT.BOOLEAN, base: 12, mask: 0x02, tfs: TFS_SET },
  flags_fin: { abbrev: 'tcp.flags.fin', name: 'Fin', type: FT.BOOLEAN, base: 12, mask: 0x01, tfs: TFS_SET },
  flags_str: { abbrev: 'tcp.flags.str', name: 'TCP Flags', type: FT.STRING },
  window_size_value: { abbrev: 'tcp.window_size_value', name: 'Window', type: FT.UINT16, base: BASE.DEC },
  window_size: { abbrev: 'tcp.window_size', name: 'Calculated window size', type: FT.UINT32, base: BASE.DEC },
  window_size_scalefactor: { abbrev: 'tcp.window_size_scalefactor', name: 'Window size scaling factor', type: FT.INT32, base: BASE.DEC },
  checksum: { abbrev: 'tcp.checksum', name: 'Checksum', type: FT.UINT16, base: BASE.HEX },
  checksum_status: { abbrev: 'tcp.checksum.status', name: 'Checksum Status', type: FT.UINT8, base: BASE.NONE, strings: new Map([[0, 'Bad'], [1, 'Good'], [2, 'Unverified']]) },
  urgent_pointer: { abbrev: 'tcp.urgent_pointer', name: 'Urgent Pointer', type: FT.UINT16, base: BASE.DEC },
  options: { abbrev: 'tcp.options', name: 'TCP Options', type: FT.BYTES },
  option_kind: { abbrev: 'tcp.option_kind', name: 'Kind', type: FT.UINT8, base: BASE.DEC },
  option_len: { abbrev: 'tcp.option_len', name: 'Length', type: FT.UINT8, base: BASE.DEC },
  options_nop: { abbrev: 'tcp.options.nop', name: 'TCP Option - No-Operation (NOP)', type: FT.BYTES, nameOnlyProtocol: true },
  options_eol: { abbrev: 'tcp.options.eol', name: 'TCP Option - End of Option List (EOL)', type: FT.BYTES, nameOnlyProtocol: true },
  options_mss: { abbrev: 'tcp.options.mss', name: 'TCP Option - Maximum segment size', type: FT.BYTES, nameOnlyProtocol: true },
  options_mss_val: { abbrev: 'tcp.options.mss_val', name: 'MSS Value', type: FT.UINT16, base: BASE.DEC },
  options_wscale: { abbrev: 'tcp.options.wscale', name: 'TCP Option - Window scale', type: FT.BYTES, nameOnlyProtocol: true },
  options_wscale_shift: { abbrev: 'tcp.options.wscale.shift', name: 'Shift count', type: FT.UINT8, base: BASE.DEC },
  options_wscale_multiplier: { abbrev: 'tcp.options.wscale.multiplier', name: 'Multiplier', type: FT.UINT16, base: BASE.DEC },
  options_sack_perm: { abbrev: 'tcp.options.sack_perm', name: 'TCP Option - SACK permitted', type: FT.BYTES, nameOnlyProtocol: true },
  options_sack: { abbrev: 'tcp.options.sack', name: 'TCP Option - SACK', type: FT.BYTES, nameOnlyProtocol: true },
  options_sack_le: { abbrev: 'tcp.options.sack_le', name: 'TCP SACK Left Edge', type: FT.UINT32, base: BASE.DEC },
  options_sack_re: { abbrev: 'tcp.options.sack_re', name: 'TCP SACK Right Edge', type: FT.UINT32, base: BASE.DEC },
  options_sack_count: { abbrev: 'tcp.options.sack.count', name: 'TCP SACK Count', type: FT.UINT8, base: BASE.DEC },
  options_sack_dsack_le: { abbrev: 'tcp.options.sack.dsack_le', name: 'TCP D-SACK Left Edge', type: FT.UINT32, base: BASE.DEC },
  options_sack_dsack_re: { abbrev: 'tcp.options.sack.dsack_re', name: 'TCP D-SACK Right Edge', type: FT.UINT32, base: BASE.DEC },
  options_time_stamp: { abbrev: 'tcp.options.timestamp', name: 'TCP Option - Timestamps', type: FT.BYTES, nameOnlyProtocol: true },
  options_tsval: { abbrev: 'tcp.options.timestamp.tsval', name: 'Timestamp value', type: FT.UINT32, base: BASE.DEC },
  options_tsecr: { abbrev: 'tcp.options.timestamp.tsecr', name: 'Timestamp echo reply', type: FT.UINT32, base: BASE.DEC },
  options_experimental: { abbrev: 'tcp.options.experimental', name: 'TCP Option - Experimental', type: FT.BYTES, nameOnlyProtocol: true },
  options_exp_magic: { abbrev: 'tcp.options.experimental.magic_number', name: 'Experiment Identifier', type: FT.UINT16, base: BASE.HEX },
  options_tfo_request: { abbrev: 'tcp.options.tfo.request', name: 'Fast Open Cookie Request', type: FT.NONE },
  options_tfo_cookie: { abbrev: 'tcp.options.tfo.cookie', name: 'Fast Open Cookie', type: FT.BYTES },
  options_unknown: { abbrev: 'tcp.options.unknown', name: 'TCP Option - Unknown', type: FT.BYTES, nameOnlyProtocol: true },
  options_echo: { abbrev: 'tcp.options.echo_value', name: 'TCP Echo Option', type: FT.UINT32, base: BASE.DEC },
  options_cc: { abbrev: 'tcp.options.cc_value', name: 'TCP CC Option', type: FT.UINT32, base: BASE.DEC },
  options_md5_digest: { abbrev: 'tcp.options.md5.digest', name: 'MD5 digest', type: FT.BYTES },
  options_ao_keyid: { abbrev: 'tcp.options.ao.keyid', name: 'AO KeyID', type: FT.UINT8, base: BASE.DEC },
  options_ao_rnextkeyid: { abbrev: 'tcp.options.ao.rnextkeyid', name: 'AO RNextKeyID', type: FT.UINT8, base: BASE.DEC },
  options_ao_mac: { abbrev: 'tcp.options.ao.mac', name: 'AO MAC', type: FT.BYTES },
  options_acc_ecn_ee0b: { abbrev: 'tcp.options.acc_ecn.ee0b', name: 'Accurate ECN Echo ECT(0) Byte Counter', type: FT.UINT24, base: BASE.DEC },
  options_acc_ecn_eceb: { abbrev: 'tcp.options.acc_ecn.eceb', name: 'Accurate ECN Echo CE Byte Counter', type: FT.UINT24, base: BASE.DEC },
  options_acc_ecn_ee1b: { abbrev: 'tcp.options.acc_ecn.ee1b', name: 'Accurate ECN Echo ECT(1) Byte Counter', type: FT.UINT24, base: BASE.DEC },
  options_exp_exid: { abbrev: 'tcp.options.experimental.exid', name: 'Experiment Identifier', type: FT.UINT16, base: BASE.HEX },
  options_exp_data: { abbrev: 'tcp.options.experimental.data', name: 'Data', type: FT.BYTES },
  options_unknown_payload: { abbrev: 'tcp.options.unknown.payload', name: 'Payload', type: FT.BYTES },
  time_relative: { abbrev: 'tcp.time_relative', name: 'Time since first frame in this TCP stream', type: FT.RELATIVE_TIME },
  time_delta: { abbrev: 'tcp.time_delta', name: 'Time since previous frame in this TCP stream', type: FT.RELATIVE_TIME },
  analysis: { abbrev: 'tcp.analysis', name: 'SEQ/ACK analysis', type: FT.NONE },
  analysis_flags: { abbrev: 'tcp.analysis.flags', name: 'TCP Analysis Flags', type: FT.NONE },
  analysis_acks_frame: { abbrev: 'tcp.analysis.acks_frame', name: 'This is an ACK to the segment in frame', type: FT.FRAMENUM },
  analysis_ack_rtt: { abbrev: 'tcp.analysis.ack_rtt', name: 'The RTT to ACK the segment was', type: FT.RELATIVE_TIME },
  analysis_initial_rtt: { abbrev: 'tcp.analysis.initial_rtt', name: 'iRTT', type: FT.RELATIVE_TIME },
  analysis_bytes_in_flight: { abbrev: 'tcp.analysis.bytes_in_flight', name: 'Bytes in flight', type: FT.UINT32, base: BASE.DEC },
  analysis_push_bytes_sent: { abbrev: 'tcp.analysis.push_bytes_sent', name: 'Bytes sent since last PSH flag', type: FT.UINT32, base: BASE.DEC },
  analysis_rto: { abbrev: 'tcp.analysis.rto', name: 'The RTO for this segment was', type: FT.RELATIVE_TIME },
  analysis_rto_frame: { abbrev: 'tcp.analysis.rto_frame', name: 'RTO based on delta from frame', type: FT.FRAMENUM },
  analysis_duplicate_ack: { abbrev: 'tcp.analysis.duplicate_ack', name: 'Duplicate ACK', type: FT.NONE },
  analysis_duplicate_ack_num: { abbrev: 'tcp.analysis.duplicate_ack_num', name: 'Duplicate ACK #', type: FT.UINT32, base: BASE.DEC },
  analysis_duplicate_ack_frame: { abbrev: 'tcp.analysis.duplicate_ack_frame', name: 'Duplicate to the ACK in frame', type: FT.FRAMENUM },
  payload: { abbrev: 'tcp.payload', name: 'TCP payload', type: FT.BYTES },
  segment_data: { abbrev: 'tcp.segment_data', name: 'TCP segment data', type: FT.BYTES },
  reset_cause: { abbrev: 'tcp.reset_cause', name: 'Reset cause', type: FT.STRING },
  fin_retransmission: { abbrev: 'tcp.fin_retransmission', name: 'Retransmission of FIN from frame', type: FT.FRAMENUM },
  reassembled_in: { abbrev: 'tcp.reassembled_in', name: 'Reassembled PDU in frame', type: FT.FRAMENUM },
  reassembled_length: { abbrev: 'tcp.reassembled.length', name: 'Reassembled TCP length', type: FT.UINT32, base: BASE.DEC },
  reassembled_data: { abbrev: 'tcp.reassembled.data', name: 'Reassembled TCP Data', type: FT.BYTES },
  segments: { abbrev: 'tcp.segments', name: 'Reassembled TCP Segments', type: FT.NONE },
  segment: { abbrev: 'tcp.segment', name: 'TCP Segment', type: FT.FRAMENUM },
  segment_count: { abbrev: 'tcp.segment.count', name: 'Segment count', type: FT.UINT32, base: BASE.DEC },
  segment_toolong: { abbrev: 'tcp.segment.toolongfragment', name: 'Segment too long', type: FT.BOOLEAN },
});

const ei = {
  retransmission: expertField(proto, 'tcp.analysis.retransmission', Group.Sequence, Severity.Note, 'This frame is a (suspected) retransmission'),
  fastRetransmission: expertField(proto, 'tcp.analysis.fast_retransmission', Group.Sequence, Severity.Note, 'This frame is a (suspected) fast retransmission'),
  spuriousRetransmission: expertField(proto, 'tcp.analysis.spurious_retransmission', Group.Sequence, Severity.Note, 'This frame is a (suspected) spurious retransmission'),
  outOfOrder: expertField(proto, 'tcp.analysis.out_of_order', Group.Sequence, Severity.Warn, 'This frame is a (suspected) out-of-order segment'),
  reusedPorts: expertField(proto, 'tcp.analysis.reused_ports', Group.Sequence, Severity.Note, 'A new tcp session is started with the same ports as an earlier session in this trace'),
  lostPacket: expertField(proto, 'tcp.analysis.lost_segment', Group.Sequence, Severity.Warn, 'Previous segment(s) not captured (common at capture start)'),
  ackLostPacket: expertField(proto, 'tcp.analysis.ack_lost_segment', Group.Sequence, Severity.Warn, "ACKed segment that wasn't captured (common at capture start)"),
  windowUpdate: expertField(proto, 'tcp.analysis.window_update', Group.Sequence, Severity.Chat, 'TCP window update'),
  windowFull: expertField(proto, 'tcp.analysis.window_full', Group.Sequence, Severity.Warn, 'TCP window specified by the receiver is now completely full'),
  keepAlive: expertField(proto, 'tcp.analysis.keep_alive', Group.Sequence, Severity.Note, 'TCP keep-alive segment'),
  keepAliveAck: expertField(proto, 'tcp.analysis.keep_alive_ack', Group.Sequence, Severity.Note, 'ACK to a TCP keep-alive segment'),
  duplicateAck: expertField(proto, 'tcp.analysis.duplicate_ack', Group.Sequence, Severity.Note, 'Duplicate ACK'),
  zeroWindowProbe: expertField(proto, 'tcp.analysis.zero_window_probe', Group.Sequence, Severity.Note, 'TCP Zero Window Probe'),
  zeroWindow: expertField(proto, 'tcp.analysis.zero_window', Group.Sequence, Severity.Warn, 'TCP Zero Window segment'),
  zeroWindowProbeAck: expertField(proto, 'tcp.analysis.zero_window_probe_ack', Group.Sequence, Severity.Note, 'ACK to a TCP Zero Window Probe'),
  syn: expertField(proto, 'tcp.connection.syn', Group.Sequence, Severity.Chat, 'Connection establish request (SYN)'),
  synack: expertField(proto, 'tcp.connection.synack', Group.Sequence, Severity.Chat, 'Connection establish acknowledge (SYN+ACK)'),
  fin: expertField(proto, 'tcp.connection.fin', Group.Sequence, Severity.Chat, 'Connection finish (FIN)'),
  rst: expertField(proto, 'tcp.connection.rst', Group.Sequence, Severity.Warn, 'Connection reset (RST)'),
  finActive: expertField(proto, 'tcp.connection.fin_active', Group.Sequence, Severity.Note, 'This frame initiates the connection closing'),
  finPassive: expertField(proto, 'tcp.connection.fin_passive', Group.Sequence, Severity.Note, 'This frame undergoes the connection closing'),
  ackNonzero: expertField(proto, 'tcp.ack.nonzero', Group.Protocol, Severity.Note, 'The acknowledgment number field is nonzero while the ACK flag is not set'),
  urgentNonzero: expertField(proto, 'tcp.urgent_pointer.non_zero', Group.Protocol, Severity.Note, 'The urgent pointer field is nonzero while the URG flag is not set'),
  shortSegment: expertField(proto, 'tcp.short_segment', Group.Malformed, Severity.Warn, 'Short segment'),
  bogusHeaderLength: expertField(proto, 'tcp.bogus_header_length', Group.Malformed, Severity.Error, 'Bogus TCP header length'),
  dsack: expertField(proto, 'tcp.options.sack.dsack', Group.Sequence, Severity.Warn, 'D-SACK Sequence'),
  optionLenInvalid: expertField(proto, 'tcp.option.len.invalid', Group.Protocol, Severity.Error, 'Invalid length for option'),
  tfoSyn: expertField(proto, 'tcp.analysis.tfo_syn', Group.Sequence, Severity.Note, 'TCP SYN with TFO Cookie'),
  nonzeroPadding: expertField(proto, 'tcp.nonzero_padding', Group.Protocol, Severity.Error, 'Non-zero header padding'),
  mssAbsent: expertField(proto, 'tcp.options.mss.absent', Group.Protocol, Severity.Note, 'The SYN packet does not contain a MSS option'),
  suboptionMalformed: expertField(proto, 'tcp.suboption_malformed', Group.Malformed, Severity.Error, 'suboption would go past end of option'),
  wscaleShiftInvalid: expertField(proto, 'tcp.options.wscale.shift.invalid', Group.Protocol, Severity.Warn, 'Window scale shift exceeds 14'),
};

const FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'AE'];
const FLAG_LETTERS = 'RRRACEUAPRSF';
/** TcpConv.accEcn bits (tcpd->had_acc_ecn_setup_syn, _setup_syn_ack, _option). */
const ACCECN = { SYN: 1, SYNACK: 2, OPTION: 4 } as const;
/** The AccECN counter carried in AE, CWR and ECE. */
function aceOf(flags: number): number { return (flags >> 6) & 7; }

/** tcp_flags_to_str; with useAce the AE/CWR/ECE bits are one counter, "ACE=n". */
function flagsToStr(flags: number, useAce = false): string {
  let s = '';
  for (let i = 0, n = useAce ? 6 : 9; i < n; i++) if (flags & (1 << i)) s += (s ? ', ' : '') + FLAG_NAMES[i];
  if (useAce) s += `, ACE=${aceOf(flags)}`;
  if (flags & TH.RES) s += (s ? ', ' : '') + 'Reserved';
  return s || '<None>';
}
function flagsFirstLetters(flags: number, useAce = false): string {
  let s = '';
  for (let i = 11; i >= 0; i--) {
    if (useAce && i >= 6 && i <= 8) s += i === 7 ? String(aceOf(flags)) : '-';
    else s += flags & (1 << i) ? FLAG_LETTERS[11 - i] : '\u00b7';
  }
  return s;
}
function bin4(v: number): string { return v.toString(2).padStart(4, '0'); }
function plural(n: number): string { return n === 1 ? '' : 's'; }

/** Two letters per byte ('A' + nibble), for endpoint keys. */
const BYTE_KEY: string[] = Array.from({ length: 256 }, (_, b) => String.fromCharCode(65 + (b >> 4), 65 + (b & 15)));
function addrKey(a: Address, port: number): string {
  const d = a.data;
  let s = a.type + ':';
  if (d) for (let i = 0; i < d.length; i++) s += BYTE_KEY[d[i]!]!;
  return s + ':' + port;
}

function delta(aS: number, aN: number, bS: number, bN: number): NsTime { return NsTime.diff(aS, aN, bS, bN); }


function dissectTcp(tvb: Tvb, pkt: Packet, tree: Item): number {
  // The ports are read before the columns are touched (an empty segment leaves the lower layer's Protocol).
  const sport = tvb.u16(0), dport = tvb.u16(2);
  pkt.protocol.set('TCP');
  pkt.info.clear();
  const cols = pkt.wantColumns;
  if (cols) pkt.info.append(`${sport} \u2192 ${dport}`);
  const ti = tree.add(proto, tvb, 0, -1, null);
  if (ti.real) {
    ti.setText(`Transmission Control Protocol, Src Port: ${sport}, Dst Port: ${dport}`);
    ti.add(hf.srcport, tvb, 0, 2, sport);
    ti.add(hf.dstport, tvb, 2, 2, dport);
    ti.add(hf.port, tvb, 0, 2, sport).hidden();
    ti.add(hf.port, tvb, 2, 2, dport).hidden();
  }
  pkt.ptype = PT.TCP; pkt.srcport = sport; pkt.destport = dport;
  const rawSeq = tvb.u32(4), rawAck = tvb.u32(8);
  const offX2 = tvb.u8(12);
  const flags = tvb.u16(12) & TH.MASK;
  const rawWin = tvb.u16(14);
  const hlen = (offX2 >> 4) * 4;
  const visited = pkt.visited;

  // Conversation (stream) lookup, with the reused-ports rules.
  let c: TcpConv;
  let fs: FrameState | undefined;
  if (visited && (fs = tcpState.frameStates.get(pkt.num))) {
    c = fs.conv;
    if (fs.fwdIsFlow1) { c.fwd = c.flow1; c.rev = c.flow2; } else { c.fwd = c.flow2; c.rev = c.flow1; }
    c.ta = fs.ta;
  } else {
    const sk = addrKey(pkt.src, sport), dk = addrKey(pkt.dst, dport);
    c = lookupConv(sk, dk, pkt.num, pkt.tsSec, pkt.tsNsec);
    if (tcpState.keepFrames) c.curKey = `${pkt.num}|${rawSeq}|${rawAck}`;
    if ((flags & (TH.SYN | TH.ACK)) === TH.SYN && c.fwd.staticFlags & STATIC.BASE_SEQ_SET && rawSeq !== c.fwd.baseSeq) {
      releaseFlow(c.flow1); releaseFlow(c.flow2);
      c = newConv(sk, dk, pkt.tsSec, pkt.tsNsec);
      c.lastFrame = pkt.num;
      if (tcpState.keepFrames) c.curKey = `${pkt.num}|${rawSeq}|${rawAck}`;
      c.acked().flags |= TA.REUSED_PORTS;
    } else if ((flags & (TH.SYN | TH.ACK)) === TH.SYN && c.fwd.staticFlags & STATIC.BASE_SEQ_SET) {
      // The same SYN again: nextseq goes back to the contiguous boundary (a RST may have moved it), and the
      // frame gets an (empty) analysis record.
      c.fwd.nextseq = c.fwd.maxseqtobeacked;
      c.acked();
    }
    if ((flags & (TH.SYN | TH.ACK)) === (TH.SYN | TH.ACK) && c.fwd.staticFlags & STATIC.BASE_SEQ_SET && rawSeq !== c.fwd.baseSeq) {
      c.fwd.baseSeq = rawSeq;
      c.acked().flags |= TA.REUSED_PORTS;
    }
    setDirection(c, sk);
    c.fwd.sackDelivered = 0;
  }
  // An AccECN setup SYN (AE, CWR and ECE set) and SYN/ACK (CWR without AE, or AE without ECE), kept by the
  // conversation like tcpd->had_acc_ecn_setup_syn / _syn_ack (set on every pass).
  if ((flags & (TH.SYN | TH.ACK)) === TH.SYN) {
    if ((flags & 0x1c0) === 0x1c0) c.accEcn |= ACCECN.SYN; else c.accEcn &= ~ACCECN.SYN;
  } else if ((flags & (TH.SYN | TH.ACK)) === (TH.SYN | TH.ACK)) {
    if ((flags & 0x180) === 0x080 || (flags & 0x140) === 0x100) c.accEcn |= ACCECN.SYNACK; else c.accEcn &= ~ACCECN.SYNACK;
  }
  const fwd = c.fwd, rev = c.rev;
  if (tcpState.keepFrames && !fs) { c.curKey = `${pkt.num}|${rawSeq}|${rawAck}`; c.lookupAcked(); }
  const t = ti.real ? ti : null;
  if (t) {
    t.add(hf.stream, tvb, 0, 0, c.stream).generated();
    // The conversation's value so far (a second pass shows the final one, like tshark).
    const comp = c.completeness;
    t.add(hf.completeness, tvb, 0, 0, comp).setText(`Conversation completeness: ${COMPLETENESS_NAMES.get(comp) ?? 'Incomplete'} (${comp})`).generated();
  }

  // Timestamps relative to the stream.
  let relS: number, relN: number, dS: number, dN: number;
  if (fs) { relS = fs.relSec; relN = fs.relNsec; dS = fs.deltaSec; dN = fs.deltaNsec; }
  else {
    const r = delta(pkt.tsSec, pkt.tsNsec, c.firstSec, c.firstNsec), d = delta(pkt.tsSec, pkt.tsNsec, c.prevSec, c.prevNsec);
    relS = r.sec; relN = r.nsec; dS = d.sec; dN = d.nsec;
    c.prevSec = pkt.tsSec; c.prevNsec = pkt.tsNsec;
  }

  const reportedLen = tvb.reportedRemaining(0);
  let seq = rawSeq, ack = rawAck, win = rawWin;
  let haveSeglen = false, seglen = 0, nxtseq = 0;
  completenessEligible = false;
  if (!pkt.fragmented) {
    if (reportedLen < hlen) {
      if (t) {
        const it = t.addText(tvb, 0, 0, 'Short segment. Segment/fragment does not contain a full TCP header (might be NMAP or someone else deliberately sending unusual packets)');
        expertAdd(pkt, it, ei.shortSegment, 'Short segment. Segment/fragment does not contain a full TCP header (might be NMAP or someone else deliberately sending unusual packets)');
      } else pkt.addExpert(ei.shortSegment.severity, ei.shortSegment.group, ei.shortSegment.hf.abbrev, 'Short segment. Segment/fragment does not contain a full TCP header (might be NMAP or someone else deliberately sending unusual packets)');
    } else {
      seglen = reportedLen - hlen;
      haveSeglen = true;
      if (t) t.add(hf.len, tvb, 12, 1, seglen).generated();
      if (!fs) completenessEligible = (flags & TH.SYN) !== 0 || (fwd.staticFlags & STATIC.BASE_SEQ_SET) !== 0;
      if (!visited || !fs) analyzeSequence(c, pkt.num, pkt.tsSec, pkt.tsNsec, rawSeq, rawAck, seglen, flags, rawWin);
      seq = u32(rawSeq - fwd.baseSeq);
      if (flags & TH.ACK) ack = u32(rawAck - rev.baseSeq);
      const ws = fwd.winScale;
      if (!(flags & TH.SYN) && ws >= 0) win = rawWin * 2 ** ws;
      nxtseq = u32(seq + seglen);
    }
  }
  const winScaleNow = fwd.winScale;
  // The ECN bits read as the ACE counter outside SYNs once the conversation negotiated AccECN (or showed its option).
  const useAce = (flags & TH.SYN) === 0 && ((c.accEcn & (ACCECN.SYN | ACCECN.SYNACK)) === (ACCECN.SYN | ACCECN.SYNACK) || (c.accEcn & ACCECN.OPTION) !== 0);

  if (cols) {
    pkt.info.append(` [${flagsToStr(flags, useAce)}]`);
    pkt.info.append(` Seq=${seq}`);
    if (flags & TH.ACK) pkt.info.append(` Ack=${ack}`);
    pkt.info.append(` Win=${win}`);
  }
  if (t) {
    t.appendText(`, Seq: ${seq}`);
    t.add(hf.seq, tvb, 4, 4, seq).setText(`Sequence Number: ${seq}    (relative sequence number)`);
    t.add(hf.seq_raw, tvb, 4, 4, rawSeq);
  }
  if (hlen < 20) {
    pkt.info.append(`, bogus TCP header length (${hlen}, must be at least 20)`);
    if (t) {
      const it = t.add(hf.hdr_len, tvb, 12, 1, hlen).setText(`${bin4(hlen >> 2)} .... = Header Length: ${hlen} bytes (${hlen >> 2})`);
      expertAdd(pkt, it, ei.bogusHeaderLength, `Bogus TCP header length (${hlen}, must be at least 20)`);
    }
    finishFirstPass(pkt, c, fs, flags, seglen, relS, relN, dS, dN);
    return 12;
  }
  if (t) {
    if (flags & TH.ACK) t.appendText(`, Ack: ${ack}`);
    if (haveSeglen) t.appendText(`, Len: ${seglen}`);
    t.setLen(hlen);
    if (haveSeglen) {
      const n = flags & (TH.SYN | TH.FIN) ? u32(nxtseq + 1) : nxtseq;
      t.add(hf.nxtseq, tvb, 0, 0, n).setText(`Next Sequence Number: ${n}    (relative sequence number)`).generated();
    }
  }
  const ackItem = t ? t.add(hf.ack, tvb, 8, 4, ack) : ti;
  if (t) {
    t.add(hf.ack_raw, tvb, 8, 4, rawAck);
    if (flags & TH.ACK) ackItem.appendText('    (relative ack number)');
  }
  if (!(flags & TH.ACK) && rawAck !== 0) expertAdd(pkt, ackItem, ei.ackNonzero);

  let tfSyn: Item = ti, tfFin: Item = ti, tfRst: Item = ti, tfStr: Item = ti;
  if (t) {
    t.add(hf.hdr_len, tvb, 12, 1, hlen).setText(`${bin4(hlen >> 2)} .... = Header Length: ${hlen} bytes (${hlen >> 2})`);
    const ft = t.add(hf.flags, tvb, 12, 2, flags).setText(`Flags: 0x${flags.toString(16).padStart(3, '0')} (${flagsToStr(flags, useAce)})`);
    ft.add(hf.flags_res, tvb, 12, 1, (flags & 0xe00) >> 9);
    if (useAce) {
      const ace = aceOf(flags);
      ft.add(hf.flags_ace, tvb, 12, 2, ace).setText(`...${ace & 4 ? 1 : 0} ${ace & 2 ? 1 : 0}${ace & 1 ? 1 : 0}.. .... = ACE: ${ace}`);
    } else {
      ft.add(hf.flags_ae, tvb, 12, 1, (flags >> 8) & 1);
      ft.add(hf.flags_cwr, tvb, 13, 1, (flags >> 7) & 1);
      ft.add(hf.flags_ece, tvb, 13, 1, (flags >> 6) & 1);
    }
    ft.add(hf.flags_urg, tvb, 13, 1, (flags >> 5) & 1);
    ft.add(hf.flags_ack, tvb, 13, 1, (flags >> 4) & 1);
    ft.add(hf.flags_push, tvb, 13, 1, (flags >> 3) & 1);
    tfRst = ft.add(hf.flags_reset, tvb, 13, 1, (flags >> 2) & 1);
    tfSyn = ft.add(hf.flags_syn, tvb, 13, 1, (flags >> 1) & 1);
    tfFin = ft.add(hf.flags_fin, tvb, 13, 1, flags & 1);
    const letters = flagsFirstLetters(flags, useAce);
    tfStr = ft.add(hf.flags_str, tvb, 12, 2, letters).setText(`TCP Flags: ${letters}`).generated();
    t.add(hf.window_size_value, tvb, 14, 2, rawWin);
    t.add(hf.window_size, tvb, 14, 2, win).generated();
    if (!(flags & TH.SYN)) {
      if (winScaleNow === -1) t.add(hf.window_size_scalefactor, tvb, 14, 2, -1).setText('Window size scaling factor: -1 (unknown)').generated();
      else if (winScaleNow === -2) t.add(hf.window_size_scalefactor, tvb, 14, 2, -2).setText('Window size scaling factor: -2 (no window scaling used)').generated();
      else t.add(hf.window_size_scalefactor, tvb, 14, 2, 2 ** winScaleNow).generated();
    }
  }
  if (flags & TH.SYN) {
    if (flags & TH.ACK) {
      expertAdd(pkt, tfSyn, ei.synack, `Connection establish acknowledge (SYN+ACK): server port ${sport}`);
      if (!fs) c.serverPort = sport;
    } else {
      expertAdd(pkt, tfSyn, ei.syn, `Connection establish request (SYN): server port ${dport}`);
      if (!fs) { c.serverPort = dport; c.mruSynSec = pkt.tsSec; c.mruSynNsec = pkt.tsNsec; }
    }
  }
  let closing = 0;
  if (flags & TH.FIN) {
    expertAdd(pkt, tfFin, ei.fin);
    if (fs) closing = fs.closing;
    else {
      if (!c.flow1.closingInitiator && !c.flow2.closingInitiator) fwd.closingInitiator = true;
      closing = fwd.closingInitiator ? 1 : 2;
    }
    expertAdd(pkt, tfStr, closing === 1 ? ei.finActive : ei.finPassive);
  }
  if (flags & TH.RST) expertAdd(pkt, tfRst, ei.rst);

  if (!fs && (flags & (TH.SYN | TH.ACK)) === TH.ACK && (c.mruSynSec || c.mruSynNsec) && !c.firstRttSec && !c.firstRttNsec) {
    const d = delta(pkt.tsSec, pkt.tsNsec, c.mruSynSec, c.mruSynNsec);
    c.firstRttSec = d.sec; c.firstRttNsec = d.nsec;
  }
  const firstRttSec = c.firstRttSec, firstRttNsec = c.firstRttNsec;

  const info: TcpInfo = { seq, nxtseq, lastackseq: ack, isReassembled: false, flags, stream: c.stream };
  pkt.protoData.set('tcp', info);

  pkt.canDesegment = 0;
  const cks = tvb.u16(16);
  let desegmentOk = false;
  if (!pkt.fragmented && tvb.remaining(0) >= reportedLen) desegmentOk = true;
  if (t) {
    t.add(hf.checksum, tvb, 16, 2, cks).setText(`Checksum: 0x${cks.toString(16).padStart(4, '0')} [unverified]`);
    t.add(hf.checksum_status, tvb, 16, 0, 2).setText('Checksum Status: Unverified').generated();
  }
  if (desegmentOk && !pkt.skipTcpPayload) pkt.canDesegment = 2;
  const urp = tvb.u16(18);
  const urpItem = t ? t.add(hf.urgent_pointer, tvb, 18, 2, urp) : ti;
  if (flags & TH.URG) { if (cols) pkt.info.append(` Urg=${urp}`); }
  else if (urp) expertAdd(pkt, urpItem, ei.urgentNonzero);
  if (haveSeglen && cols) pkt.info.append(` Len=${seglen}`);

  const optlen = hlen - 20;
  let optItem: Item = ti;
  if (optlen && t) {
    const bc = tvb.remaining(20);
    optItem = t.add(hf.options, tvb, 20, bc < optlen ? bc : optlen, null).setText(`Options: (${optlen} bytes)`);
  }

  // Stream timestamps, the options (which may throw on a cut packet), then the analysis.
  if (t) {
    const ts = t.addText(tvb, 0, 0, 'Timestamps').generated();
    ts.add(hf.time_relative, tvb, 0, 0, new NsTime(relS, relN)).generated();
    ts.add(hf.time_delta, tvb, 0, 0, new NsTime(dS, dN)).generated();
  }
  if (optlen) {
    try {
      dissectOptions(tvb, 20, optlen, pkt, optItem, c, flags, ack, visited || !!fs);
    } catch (e) {
      finishFirstPass(pkt, c, fs, flags, seglen, relS, relN, dS, dN, closing);
      throw e;
    }
  }
  printAnalysis(pkt, tvb, ti, c.ta, firstRttSec, firstRttNsec);

  if (!fs && flags & TH.SYN) verifyWindowScaling((flags & TH.ACK) !== 0, c);
  // verify_scps: SCPS capabilities count only when both sides offered them.
  if (!fs && (flags & (TH.SYN | TH.ACK)) === (TH.SYN | TH.ACK) && (c.fwd.scpsCapable || c.rev.scpsCapable) &&
    !(c.flow1.scpsCapable && c.flow2.scpsCapable)) c.flow1.scpsCapable = c.flow2.scpsCapable = false;

  if (haveSeglen && pkt.wants('tcp.follow')) {
    const cap = Math.max(0, Math.min(seglen, tvb.remaining(hlen)));
    pkt.tap('tcp.follow', {
      stream: c.stream, src: pkt.src, dst: pkt.dst, sport, dport, seq: rawSeq, ack: rawAck, flags,
      data: cap ? tvb.bytes(hlen, cap).slice() : new Uint8Array(0),
    } satisfies TcpFollowTap);
  }
  if (pkt.wants('tcp')) {
    pkt.tap('tcp', { src: pkt.src, dst: pkt.dst, sport, dport, stream: c.stream, len: seglen, seglen, seq, ack, flags, win: rawWin } satisfies TcpTap);
  }

  finishFirstPass(pkt, c, fs, flags, seglen, relS, relN, dS, dN, closing);
  if (flags & (TH.FIN | TH.RST) && !fs) noteClose(c, (flags & TH.FIN) !== 0, (flags & TH.RST) !== 0, pkt.tsSec);

  const offset = hlen;
  const capRemaining = tvb.remaining(offset);
  if (ti.real) pkt.protoData.set('tcp.tree', ti);

  // Reassembly that runs until the FIN.
  if (haveSeglen && flags & TH.FIN && fwd.flags & FLOW.REASSEMBLE_UNTIL_FIN) {
    if (fwd.fin === 0 || fwd.fin === pkt.num) {
      fwd.fin = pkt.num;
      const msp = mspLe(fwd, u32(seq - 1));
      if (msp) {
        const head = fragmentAdd(fwd, msp.frag, capRemaining > 0 ? tvb.bytes(offset, Math.min(capRemaining, seglen)) : null,
          u32(seq - msp.seq), seglen, pkt.num, false, visited);
        if (head && head.data) {
          const next = addDataSource(pkt, head.data);
          printFragmentTree(pkt, tree, ti, head, next, hf.segments);
          pkt.canDesegment = 0;
          info.isReassembled = true;
          processPayload(next, 0, pkt, tree, sport, dport, c);
          releaseFrags(fwd, head);
          releaseFlow(fwd);
          return tvb.remaining(0);
        }
      }
    } else if (t) t.add(hf.fin_retransmission, tvb, 0, 0, fwd.fin);
  }

  if (capRemaining !== 0) {
    if (flags & TH.RST) {
      if (t) t.add(hf.reset_cause, tvb, offset, capRemaining, tvb.latin1(offset, capRemaining));
    } else if (flags & TH.SYN && pkt.protoData.get('tcp.tfo_syn_data')) {
      const nbytes = tvb.reportedRemaining(offset);
      if (t) t.add(hf.payload, tvb, offset, -1, tvb.bytes(offset, capRemaining)).setText(`TCP payload (${nbytes} byte${plural(nbytes)})`);
      pkt.info.appendSep(' ', '[TCP segment of a reassembled PDU]');
      segmentData(ti, tvb, offset, nbytes);
    } else if (flags & TH.SYN) {
      dissectPayload(tvb, pkt, offset, u32(seq + 1), u32(nxtseq + 1), sport, dport, tree, ti, c);
    } else {
      dissectPayload(tvb, pkt, offset, seq, nxtseq, sport, dport, tree, ti, c);
    }
  }
  if (flags & (TH.RST) && !visited) { releaseFlow(fwd); releaseFlow(rev); }
  return tvb.remaining(0);
}

let completenessEligible = false;

function finishFirstPass(pkt: Packet, c: TcpConv, fs: FrameState | undefined, flags: number, seglen: number,
  relS: number, relN: number, dS: number, dN: number, closing = 0): void {
  if (fs) return;
  if (completenessEligible) updateCompleteness(c, flags, seglen);
  if (tcpState.keepFrames) {
    tcpState.frameStates.set(pkt.num, {
      conv: c, ta: c.ta, relSec: relS, relNsec: relN, deltaSec: dS, deltaNsec: dN, closing, fwdIsFlow1: c.fwd === c.flow1,
    });
  }
}

function verifyWindowScaling(isSynack: boolean, c: TcpConv): void {
  if (c.fwd.winScale === -1) { c.fwd.winScale = -2; c.rev.winScale = -2; }
  else if (isSynack && c.rev.winScale === -2) c.fwd.winScale = -2;
}

function printAnalysis(pkt: Packet, tvb: Tvb, tcpTree: Item, ta: Acked | null, rttS: number, rttN: number): void {
  if (!ta) return;
  const tree = tcpTree.real ? tcpTree.add(hf.analysis, tvb, 0, 0, null).setText('SEQ/ACK analysis').generated() : tcpTree;
  if (tree.real) {
    if (ta.frameAcked) {
      tree.add(hf.analysis_acks_frame, tvb, 0, 0, ta.frameAcked).generated();
      if (ta.rttSec || ta.rttNsec) tree.add(hf.analysis_ack_rtt, tvb, 0, 0, new NsTime(ta.rttSec, ta.rttNsec)).generated();
    }
    if (rttS || rttN) tree.add(hf.analysis_initial_rtt, tvb, 0, 0, new NsTime(rttS, rttN)).generated();
    if (ta.bytesInFlight) {
      tree.add(hf.analysis_bytes_in_flight, tvb, 0, 0, ta.bytesInFlight).generated();
      tree.add(hf.analysis_push_bytes_sent, tvb, 0, 0, ta.pushBytesSent).generated();
    }
  }
  const f = ta.flags;
  if (!f) return;
  const item = tree.real ? tree.add(hf.analysis_flags, tvb, 0, 0, null).generated() : tree;
  const info = pkt.info;
  if (f & TA.REUSED_PORTS) { expertAdd(pkt, item, ei.reusedPorts); info.prependFence('[TCP Port numbers reused] '); }
  if (f & TA.RETRANSMISSION) {
    expertAdd(pkt, item, ei.retransmission);
    info.prependFence('[TCP Retransmission] ');
    if (item.real && (ta.rtoSec || ta.rtoNsec)) {
      item.add(hf.analysis_rto, tvb, 0, 0, new NsTime(ta.rtoSec, ta.rtoNsec)).generated();
      item.add(hf.analysis_rto_frame, tvb, 0, 0, ta.rtoFrame).generated();
    }
  }
  if (f & TA.FAST_RETRANSMISSION) {
    expertAdd(pkt, item, ei.fastRetransmission);
    expertAdd(pkt, item, ei.retransmission);
    info.prependFence('[TCP Fast Retransmission] ');
  }
  if (f & TA.SPURIOUS_RETRANSMISSION) {
    expertAdd(pkt, item, ei.spuriousRetransmission);
    expertAdd(pkt, item, ei.retransmission);
    info.prependFence('[TCP Spurious Retransmission] ');
  }
  if (f & TA.OUT_OF_ORDER) { expertAdd(pkt, item, ei.outOfOrder); info.prependFence('[TCP Out-Of-Order] '); }
  if (f & TA.LOST_PACKET) { expertAdd(pkt, item, ei.lostPacket); info.prependFence('[TCP Previous segment not captured] '); }
  if (f & TA.ACK_LOST_PACKET) { expertAdd(pkt, item, ei.ackLostPacket); info.prependFence('[TCP ACKed unseen segment] '); }
  if (f & TA.WINDOW_UPDATE) { expertAdd(pkt, item, ei.windowUpdate); info.prependFence('[TCP Window Update] '); }
  if (f & TA.WINDOW_FULL) { expertAdd(pkt, item, ei.windowFull); info.prependFence('[TCP Window Full] '); }
  if (f & TA.KEEP_ALIVE) { expertAdd(pkt, item, ei.keepAlive); info.prependFence('[TCP Keep-Alive] '); }
  if (f & TA.KEEP_ALIVE_ACK) { expertAdd(pkt, item, ei.keepAliveAck); info.prependFence('[TCP Keep-Alive ACK] '); }
  if (ta.dupackNum) {
    if (f & TA.DUPLICATE_ACK) {
      if (item.real) item.add(hf.analysis_duplicate_ack, tvb, 0, 0, null).setText('This is a TCP duplicate ack').generated();
      info.prependFence(`[TCP Dup ACK ${ta.dupackFrame}#${ta.dupackNum}] `);
    }
    let di: Item = tree;
    if (tree.real) {
      tree.add(hf.analysis_duplicate_ack_num, tvb, 0, 0, ta.dupackNum).generated();
      di = tree.add(hf.analysis_duplicate_ack_frame, tvb, 0, 0, ta.dupackFrame).generated();
    }
    expertAdd(pkt, di, ei.duplicateAck, `Duplicate ACK (#${ta.dupackNum})`);
  }
  if (f & TA.ZERO_WINDOW_PROBE) { expertAdd(pkt, item, ei.zeroWindowProbe); info.prependFence('[TCP ZeroWindowProbe] '); }
  if (f & TA.ZERO_WINDOW) { expertAdd(pkt, item, ei.zeroWindow); info.prependFence('[TCP ZeroWindow] '); }
  if (f & TA.ZERO_WINDOW_PROBE_ACK) { expertAdd(pkt, item, ei.zeroWindowProbeAck); info.prependFence('[TCP ZeroWindowProbeAck] '); }
}

const OPT_KIND = new Map<number, string>([
  [0, 'End of Option List'], [1, 'No-Operation'], [2, 'Maximum Segment Size'], [3, 'Window Scale'], [4, 'SACK Permitted'],
  [5, 'SACK'], [6, 'Echo'], [7, 'Echo Reply'], [8, 'Time Stamp Option'], [9, 'Partial Order Connection Permitted'],
  [10, 'Partial Order Service Profile'], [11, 'CC'], [12, 'CC.NEW'], [13, 'CC.ECHO'], [14, 'TCP Alternate Checksum Request'],
  [15, 'TCP Alternate Checksum Data'], [16, 'Skeeter'], [17, 'Bubba'], [18, 'Trailer Checksum Option'],
  [19, 'MD5 Signature Option'], [20, 'SCPS Capabilities'], [21, 'Selective Negative Acknowledgements'],
  [22, 'Record Boundaries'], [23, 'Corruption experienced'], [24, 'SNAP'], [25, 'Unassigned'],
  [26, 'TCP Compression Filter'], [27, 'Quick-Start Response'], [28, 'User Timeout Option'],
  [29, 'The TCP Authentication Option'], [30, 'Multipath TCP'], [34, 'TCP Fast Open Cookie'],
  [76, 'Riverbed Probe'], [78, 'Riverbed Transparency'], [172, 'Accurate ECN Order 0'], [174, 'Accurate ECN Order 1'],
  [253, 'RFC3692-style Experiment 1'], [254, 'RFC3692-style Experiment 2'],
]);
/** The short names of the registered option dissectors (what "Options: (n bytes), …" lists); others are Unknown (0xNN). */
const OPT_NAME = new Map<number, string>([
  [2, 'Maximum segment size'], [3, 'Window scale'], [4, 'SACK permitted'], [5, 'SACK'], [6, 'Echo'], [7, 'Echo reply'],
  [8, 'Timestamps'], [11, 'CC'], [12, 'CC.NEW'], [13, 'CC.ECHO'], [19, 'TCP MD5 signature'], [20, 'SCPS capabilities'],
  [21, 'Selective Negative Acknowledgment'], [22, 'SCPS record boundary'], [23, 'SCPS corruption experienced'],
  [27, 'Quick-Start'], [28, 'User Timeout'], [29, 'TCP AO'], [30, 'Multipath TCP'], [34, 'TCP Fast Open'],
  [76, 'Riverbed Probe'], [78, 'Riverbed Transparency'], [172, 'Accurate ECN'], [174, 'Accurate ECN'],
  [253, 'Experimental'], [254, 'Experimental'],
]);
const EXID_NAMES = new Map<number, string>([
  [0x00ac, 'TCP ACK Rate Request'], [0x0348, 'Host ID'], [0x0a0d, 'Autonomous System Compensation'],
  [0x0ca0, 'Capability Option'], [0x0ed0, 'Extended Data Offset'], [0x454e, 'Encryption Negotiation'],
  [0x5323, 'Service Number'], [0x75ec, 'Timestamp Interval'], [0xacc0, 'Accurate ECN - Order 0'],
  [0xacc1, 'Accurate ECN - Order 1'], [0xacce, 'Accurate ECN'], [0xe2d4, 'Shared Memory communications over RMDA protocol'],
  [0xf989, 'Fast Open'], [0xf990, 'Low Latency'],
]);
const QS_RATES = ['0 bit/s', '80 Kbit/s', '160 Kbit/s', '320 Kbit/s', '640 Kbit/s', '1.28 Mbit/s', '2.56 Mbit/s', '5.12 Mbit/s',
  '10.24 Mbit/s', '20.48 Mbit/s', '40.96 Mbit/s', '81.92 Mbit/s', '163.84 Mbit/s', '327.68 Mbit/s', '655.36 Mbit/s', '1.31072 Gbit/s'];
const SCPS_CAPS: readonly [number, string][] = [[0x80, 'BETS'], [0x40, 'SNACK1'], [0x20, 'SNACK2'], [0x10, 'COMP'], [0x08, 'NLTS'], [0x07, 'RESERVED']];

function kindItem(t: Item, tvb: Tvb, off: number, kind: number): void {
  t.add(hf.option_kind, tvb, off, 1, kind).setText(`Kind: ${OPT_KIND.get(kind) ?? 'Unknown'} (${kind})`);
}
function hex2(v: number): string { return v.toString(16).padStart(2, '0'); }

/** An option's subtree: "TCP Option - <name>" with its Kind and Length (NULL_ITEM without a tree). */
function optHead(optItem: Item, field: typeof hf.options_unknown, tvb: Tvb, off: number, olen: number, kind: number, text: string): Item {
  if (!optItem.real) return optItem;
  const it = optItem.add(field, tvb, off, Math.min(olen, tvb.remaining(off)), null).setText(text);
  kindItem(it, tvb, off, kind);
  optLenItem = it.add(hf.option_len, tvb, off + 1, 1, olen);
  return it;
}
/** The Length item of the option optHead added last (where length complaints go). */
let optLenItem: Item | null = null;
/** tcp_option_len_check: false (with the expert note) when the option is not `want` bytes long. */
function lenOk(pkt: Packet, it: Item, tvb: Tvb, off: number, olen: number, want: number): boolean {
  if (olen === want) return true;
  badLenNote(pkt, it, tvb, off, `option length should be ${want}`);
  return false;
}
function badLenNote(pkt: Packet, it: Item, tvb: Tvb, off: number, text: string): void {
  if (!it.real) { pkt.addExpert(ei.optionLenInvalid.severity, ei.optionLenInvalid.group, ei.optionLenInvalid.hf.abbrev, text); return; }
  expertAdd(pkt, optLenItem ?? it, ei.optionLenInvalid, text);
  void tvb; void off;
}

/**
 * tcp_dissect_options: the options' tree under optItem, their summary in the Info column. Every option dissector
 * sees only its own bytes; the tree items it adds check that their bytes were captured, tree or not (an option
 * cut by the snapshot length ends the dissection with the marker, after what it appended to Info).
 */
function dissectOptions(tvb: Tvb, start: number, optlen: number, pkt: Packet, optItem: Item, c: TcpConv, flags: number, ack: number, visited: boolean): void {
  let off = start;
  const end = start + optlen;
  const real = optItem.real;
  let sawMss = false, eolSeen = false;
  // The tap header's first two SACK blocks, for the D-SACK test (tcph->sack_*_edge, zero until set).
  let sackCount = 0, sackRe0 = 0, sackLe1 = 0, sackRe1 = 0;
  while (off < end) {
    const kind = tvb.u8(off);
    if (eolSeen && kind !== 0) {
      expertText(pkt, optItem, tvb, off, end - off, ei.nonzeroPadding, 'Non-zero header padding');
      return;
    }
    if (kind === 0 || kind === 1) {
      const name = kind === 0 ? 'End of Option List (EOL)' : 'No-Operation (NOP)';
      if (real) {
        const it = optItem.add(kind === 0 ? hf.options_eol : hf.options_nop, tvb, off, 1, tvb.bytes(off, 1)).setText(`TCP Option - ${name}`);
        kindItem(it, tvb, off, kind);
        optItem.appendText(`, ${name}`);
      }
      off++;
      if (kind === 0) eolSeen = true;
      continue;
    }
    const name = OPT_NAME.get(kind) ?? `Unknown (0x${hex2(kind)})`;
    if (off + 1 >= end) {
      expertText(pkt, optItem, tvb, off, 1, ei.optionLenInvalid, `${name} (length byte past end of options)`);
      return;
    }
    const olen = tvb.u8(off + 1);
    if (olen < 2) {
      expertText(pkt, optItem, tvb, off, 2, ei.optionLenInvalid, `${name} (with too-short option length = ${olen} byte${plural(olen)})`);
      return;
    }
    if (olen > end - off) {
      expertText(pkt, optItem, tvb, off, end - off - 2, ei.optionLenInvalid,
        `${name} (option length = ${olen} byte${plural(olen)} says option goes past end of options)`);
      return;
    }
    if (kind === 2) sawMss = true;
    const d = off + 2, dlen = olen - 2;
    switch (kind) {
      case 2: { // MSS
        const it = optHead(optItem, hf.options_mss, tvb, off, olen, kind, 'TCP Option - Maximum segment size');
        if (!lenOk(pkt, it, tvb, off, olen, 4)) break;
        const mss = tvb.u16(d);
        if (real) { it.add(hf.options_mss_val, tvb, d, 2, mss); it.appendText(`: ${mss} bytes`); }
        pkt.info.append(` MSS=${mss}`);
        break;
      }
      case 3: { // window scale
        const it = optHead(optItem, hf.options_wscale, tvb, off, olen, kind, 'TCP Option - Window scale');
        if (!lenOk(pkt, it, tvb, off, olen, 3)) break;
        let shift = tvb.u8(d);
        const si = real ? it.add(hf.options_wscale_shift, tvb, d, 1, shift) : it;
        if (shift > 14) { expertAdd(pkt, si, ei.wscaleShiftInvalid, `Window scale shift exceeds 14 (${shift})`); shift = 14; }
        const mult = 2 ** shift;
        if (real) {
          it.add(hf.options_wscale_multiplier, tvb, d, 1, mult).generated();
          it.appendText(`: ${tvb.u8(d)} (multiply by ${mult})`);
        }
        pkt.info.append(` WS=${mult}`);
        if (!visited) c.fwd.winScale = shift;
        break;
      }
      case 4: { // SACK permitted: named in Info whatever its length
        const it = optHead(optItem, hf.options_sack_perm, tvb, off, olen, kind, 'TCP Option - SACK permitted');
        pkt.info.append(' SACK_PERM');
        lenOk(pkt, it, tvb, off, olen, 2);
        break;
      }
      case 5: { // SACK
        const it = optHead(optItem, hf.options_sack, tvb, off, olen, kind, 'TCP Option - SACK');
        const base = c.rev.baseSeq;
        if (!visited) c.fwd.sackDelivered = 0;
        let o = d, left = dlen, count = 0;
        while (left > 0) {
          if (left < 4) { suboptionMalformed(pkt, it, tvb, o, left); break; }
          const le = u32(tvb.u32(o) - base);
          if (real) it.add(hf.options_sack_le, tvb, o, 4, le).setText(`left edge = ${le} (relative)`);
          left -= 4;
          if (left < 4) { suboptionMalformed(pkt, it, tvb, o, left); break; }
          const re = u32(tvb.u32(o + 4) - base);
          left -= 4;
          if (real) it.add(hf.options_sack_re, tvb, o + 4, 4, re).setText(`right edge = ${re} (relative)`);
          pkt.info.append(` SLE=${le} SRE=${re}`);
          count++;
          // Bytes in flight of the other side subtract these blocks (tshark keeps 3 of them).
          if (count < 4 && !visited) c.fwd.sackDelivered = u32(c.fwd.sackDelivered + re - le);
          if (sackCount === 0) sackRe0 = re; else if (sackCount === 1) { sackLe1 = le; sackRe1 = re; }
          if (sackCount < 4) sackCount++;
          if (real) it.appendText(` ${le}-${re}`);
          o += 8;
        }
        if (real) it.add(hf.options_sack_count, tvb, off, 0, count).generated();
        // D-SACK (RFC 2883 section 4): the first block ends at or below the cumulative ACK, or the second block
        // starts before the first one's end and reaches at least as far. (The test reads the packet's first
        // blocks, zero when there are none: an option without a whole block then reads past its end.)
        if (leSeq(sackRe0, ack) || (sackCount > 1 && ltSeq(sackLe1, sackRe0) && !ltSeq(sackRe1, sackRe0))) {
          if (dlen < 8) optionTvb(tvb, d, dlen).u32(dlen < 4 ? 0 : 4);
          const le = u32(tvb.u32(d) - base), re = u32(tvb.u32(d + 4) - base);
          if (real) {
            it.add(hf.options_sack_dsack_le, tvb, d, 4, le).setText(`D-SACK Left Edge = ${le} (relative)`).generated();
            it.add(hf.options_sack_dsack_re, tvb, d + 4, 4, re).setText(`D-SACK Right Edge = ${re} (relative)`).generated();
          }
          const di = real ? it.addText(tvb, d, 8, 'D-SACK Sequence') : it;
          expertAdd(pkt, di, ei.dsack);
        }
        break;
      }
      case 6: case 7: { // echo, echo reply
        const it = optHead(optItem, hf.options_unknown, tvb, off, olen, kind, kind === 6 ? 'TCP Option - Echo' : 'TCP Option - Echo reply');
        if (!lenOk(pkt, it, tvb, off, olen, 6)) break;
        const v = tvb.u32(d);
        if (real) { it.add(hf.options_echo, tvb, d, 4, v); it.appendText(`: ${v}`); }
        pkt.info.append(` ECHO=${v}`);
        break;
      }
      case 8: { // timestamps
        const it = optHead(optItem, hf.options_time_stamp, tvb, off, olen, kind, 'TCP Option - Timestamps');
        if (!lenOk(pkt, it, tvb, off, olen, 10)) break;
        const tsval = tvb.u32(d), tsecr = tvb.u32(d + 4);
        if (real) {
          it.add(hf.options_tsval, tvb, d, 4, tsval);
          it.add(hf.options_tsecr, tvb, d + 4, 4, tsecr);
          it.appendText(`: TSval ${tsval}, TSecr ${tsecr}`);
        }
        pkt.info.append(` TSval=${tsval} TSecr=${tsecr}`);
        break;
      }
      case 11: case 12: case 13: { // CC, CC.NEW, CC.ECHO
        const it = optHead(optItem, hf.options_unknown, tvb, off, olen, kind, `TCP Option - ${name}`);
        if (!lenOk(pkt, it, tvb, off, olen, 6)) break;
        const v = tvb.u32(d);
        if (real) it.add(hf.options_cc, tvb, d, 4, v);
        pkt.info.append(` CC=${v}`);
        break;
      }
      case 19: { // MD5 signature
        const it = optHead(optItem, hf.options_unknown, tvb, off, olen, kind, 'TCP Option - TCP MD5 signature');
        pkt.info.append(' MD5');
        if (!lenOk(pkt, it, tvb, off, olen, 18)) break;
        tvb.check(d, 16);
        if (real) it.add(hf.options_md5_digest, tvb, d, 16, tvb.bytes(d, 16));
        break;
      }
      case 29: { // TCP-AO (tshark appends its name without a space)
        const it = optHead(optItem, hf.options_unknown, tvb, off, olen, kind, 'TCP Option - TCP AO');
        pkt.info.append('TCP AO');
        if (olen < 4) { badLenNote(pkt, it, tvb, off, 'option length should be >= than 4'); break; }
        const keyid = tvb.u8(d);
        if (real) it.add(hf.options_ao_keyid, tvb, d, 1, keyid);
        const rnext = tvb.u8(d + 1);
        if (real) it.add(hf.options_ao_rnextkeyid, tvb, d + 1, 1, rnext);
        if (olen > 4) {
          tvb.check(d + 2, olen - 4);
          if (real) it.add(hf.options_ao_mac, tvb, d + 2, olen - 4, tvb.bytes(d + 2, olen - 4));
        }
        break;
      }
      case 20: { // SCPS capabilities
        const it = optHead(optItem, hf.options_unknown, tvb, off, olen, kind, 'TCP Option - SCPS capabilities');
        const flow = c.fwd;
        if (olen === 4) {
          const cap = tvb.u8(d);
          if (cap) {
            let s = '';
            for (const [mask, n] of SCPS_CAPS) if (cap & mask) s += (s ? ', ' : '') + n;
            pkt.info.append(` SCPS[${s}]`);
          }
          const connid = tvb.u8(d + 1);
          flow.scpsCapable = true;
          if (connid) pkt.info.append(` Connection ID=${connid}`);
        } else if (!flow.scpsCapable) {
          if (real) it.setText(`Illegal SCPS Extended Capabilities (${olen} bytes)`);
        } else {
          if (real) it.setText(`SCPS Extended Capabilities (${olen} bytes)`);
          // Binding spaces: an identifier, a length in 16-bit words (upper nibble), opaque data.
          const sub = optionTvb(tvb, off, olen);
          let lo = 2;
          while (olen > lo) {
            const space = sub.u8(lo);
            const n = (sub.u8(lo + 1) >> 4) << 1;
            lo += 2;
            sub.ensure(lo, n);
            pkt.info.append(` EXCAP=${space}`);
            lo = (lo + n) & 0xff;
          }
        }
        break;
      }
      case 21: { // SNACK (its hole is shown only once the largest ACKed segment is known; not tracked here)
        const it = optHead(optItem, hf.options_unknown, tvb, off, olen, kind, 'TCP Option - Selective Negative Acknowledgment');
        if (!lenOk(pkt, it, tvb, off, olen, 6)) break;
        tvb.check(d, 4);
        break;
      }
      case 22: case 23: { // SCPS record boundary, corruption experienced
        const it = optHead(optItem, hf.options_unknown, tvb, off, olen, kind, `TCP Option - ${name}`);
        lenOk(pkt, it, tvb, off, olen, 2);
        break;
      }
      case 27: { // Quick-Start response
        const it = optHead(optItem, hf.options_unknown, tvb, off, olen, kind, 'TCP Option - Quick-Start');
        if (!lenOk(pkt, it, tvb, off, olen, 8)) break;
        pkt.info.append(` QSresp=${QS_RATES[tvb.u8(d) & 0x0f]}`);
        tvb.check(d + 1, 1);
        break;
      }
      case 28: { // user timeout
        const it = optHead(optItem, hf.options_unknown, tvb, off, olen, kind, 'TCP Option - User Timeout');
        if (!lenOk(pkt, it, tvb, off, olen, 4)) break;
        pkt.info.append(` USER_TO=${tvb.u16(d) & 0x7fff}`);
        break;
      }
      case 34: { // TCP Fast Open cookie
        const it = optHead(optItem, hf.options_unknown, tvb, off, olen, kind, 'TCP Option - TCP Fast Open');
        tfoPayload(tvb, d - 2, olen, pkt, it, flags);
        break;
      }
      case 172: case 174: { // AccECN
        const it = optHead(optItem, hf.options_unknown, tvb, off, olen, kind, 'TCP Option - Accurate ECN');
        if (olen !== 2 && olen !== 5 && olen !== 8 && olen !== 11) {
          badLenNote(pkt, it, tvb, off, `option length should be 2, 5, 8, or 11 instead of ${olen}`);
          break;
        }
        accEcnData(tvb, d, dlen, kind === 172, pkt, it, c);
        break;
      }
      case 253: case 254: { // RFC 6994 experimental options
        const it = optHead(optItem, hf.options_experimental, tvb, off, olen, kind, 'TCP Option - Experimental');
        if (olen < 4) { badLenNote(pkt, it, tvb, off, `option length ${olen} smaller than 4`); break; }
        const exid = tvb.u16(d);
        if (real) {
          it.add(hf.options_exp_exid, tvb, d, 2, exid).setText(`Experiment Identifier: ${EXID_NAMES.get(exid) ?? 'Unknown'} (0x${exid.toString(16).padStart(4, '0')})`);
          it.appendText(`: ${EXID_NAMES.get(exid) ?? 'Unknown'}`);
        }
        if (exid === 0x00ac) { // TCP ACK Rate Request
          if (olen !== 4 && olen !== 5) { badLenNote(pkt, it, tvb, off, `option length should be 4 or 5 instead of ${olen}`); break; }
          if (olen === 4) pkt.info.append(' TARR');
          else pkt.info.append(` TARR=${tvb.u8(d + 2) >> 1}`);
        } else if (exid === 0xacc0 || exid === 0xacc1) {
          if (olen !== 4 && olen !== 7 && olen !== 10 && olen !== 13) {
            badLenNote(pkt, it, tvb, off, `option length should be 4, 7, 10, or 13 instead of ${olen}`);
            break;
          }
          if (real) it.appendText(': Accurate ECN');
          accEcnData(tvb, d + 2, olen - 4, exid === 0xacc0, pkt, it, c);
        } else if (exid === 0xf989) {
          tfoPayload(tvb, d, olen - 2, pkt, it, flags);
        } else {
          if (olen > 4) {
            tvb.check(d + 2, olen - 4);
            if (real) it.add(hf.options_exp_data, tvb, d + 2, olen - 4, tvb.bytes(d + 2, olen - 4));
          }
          pkt.info.append(` ExID=${exid.toString(16).toUpperCase()}`);
        }
        break;
      }
      default: // unregistered kinds, and the ones dissected elsewhere (MPTCP, Riverbed): kind, length, payload
        unknownOption(tvb, off, kind, olen, optItem);
    }
    if (real) optItem.appendText(`, ${name}`);
    off += olen;
  }
  if (flags & TH.SYN && !sawMss) expertAdd(pkt, optItem, ei.mssAbsent);
}

/** The view an option dissector gets (tvb_new_subset_length): reading past its n bytes is a ReportedBoundsError. */
function optionTvb(tvb: Tvb, o: number, n: number): Tvb {
  return new Tvb(tvb.buf, tvb.abs(o), Math.min(n, tvb.remaining(o)), n, n);
}

function suboptionMalformed(pkt: Packet, it: Item, tvb: Tvb, off: number, n: number): void {
  expertText(pkt, it, tvb, off, n, ei.suboptionMalformed, 'suboption would go past end of option');
}

/** proto_tree_add_expert(_format): the item is cut to the captured bytes, then the whole range must exist. */
function expertText(pkt: Packet, parent: Item, tvb: Tvb, off: number, n: number, e: typeof ei.nonzeroPadding, text: string): void {
  const pi = parent.real ? parent.addText(tvb, off, Math.min(n, tvb.remaining(off)), text) : parent;
  expertAdd(pkt, pi, e, text);
  tvb.check(off, n);
}

/** dissect_tcpopt_tfo_payload: at `o` the option's kind-or-ExID pair, `n` bytes from there. */
function tfoPayload(tvb: Tvb, o: number, n: number, pkt: Packet, it: Item, flags: number): void {
  if (n === 2) {
    tvb.check(o, 2);
    if (it.real) it.add(hf.options_tfo_request, tvb, o, 2, null).setText('Fast Open Cookie Request');
    pkt.info.append(' TFO=R');
  } else if (n > 2) {
    const ci = it.real ? it.add(hf.options_tfo_cookie, tvb, o + 2, n - 2, tvb.bytes(o + 2, n - 2)) : (tvb.check(o + 2, n - 2), it);
    pkt.info.append(' TFO=C');
    if ((flags & (TH.SYN | TH.ACK)) === TH.SYN) {
      expertAdd(pkt, ci, ei.tfoSyn);
      if (tvb.reportedRemaining(0) > hlenOf(tvb)) pkt.protoData.set('tcp.tfo_syn_data', true);
    }
  }
}

/** dissect_tcpopt_acc_ecn_data: 0, 1, 2 or 3 counters of 24 bits; order 0 is EE0B, ECEB, EE1B. */
function accEcnData(tvb: Tvb, o: number, n: number, order0: boolean, pkt: Packet, it: Item, c: TcpConv): void {
  const first = order0 ? 'EE0B' : 'EE1B', last = order0 ? 'EE1B' : 'EE0B';
  if (n === 0) pkt.info.append(' AccECN');
  else if (n === 3 || n === 6 || n === 9) {
    const a = tvb.u24(o);
    if (it.real) it.add(order0 ? hf.options_acc_ecn_ee0b : hf.options_acc_ecn_ee1b, tvb, o, 3, a);
    pkt.info.append(` ${first}=${a}`);
    let text = ` (Order ${order0 ? 0 : 1}): ${first} ${a}`;
    if (n >= 6) {
      const b = tvb.u24(o + 3);
      if (it.real) it.add(hf.options_acc_ecn_eceb, tvb, o + 3, 3, b);
      pkt.info.append(` ECEB=${b}`);
      text += `, ECEB ${b}`;
      if (n === 9) {
        const z = tvb.u24(o + 6);
        if (it.real) it.add(order0 ? hf.options_acc_ecn_ee1b : hf.options_acc_ecn_ee0b, tvb, o + 6, 3, z);
        pkt.info.append(` ${last}=${z}`);
        text += `, ${last} ${z}`;
      }
    }
    if (it.real) it.appendText(text);
  }
  c.accEcn |= ACCECN.OPTION;
}

function hlenOf(tvb: Tvb): number { return (tvb.u8(12) >> 4) * 4; }

function unknownOption(tvb: Tvb, off: number, kind: number, olen: number, optItem: Item): void {
  if (!optItem.real) { tvb.check(off, olen); return; }
  const name = OPT_NAME.get(kind) ?? 'Unknown';
  const it = optItem.add(hf.options_unknown, tvb, off, olen, null).setText(`TCP Option - ${name}`);
  kindItem(it, tvb, off, kind);
  it.add(hf.option_len, tvb, off + 1, 1, olen);
  if (olen > 2) it.add(hf.options_unknown_payload, tvb, off + 2, olen - 2, tvb.bytes(off + 2, olen - 2));
}

// ---------------------------------------------------------------------------------------------------------
// Payload: reassembly and dispatch.

function dissectPayload(tvb: Tvb, pkt: Packet, offset: number, seq: number, nxtseq: number, sport: number, dport: number,
  tree: Item, tcpTree: Item, c: TcpConv): void {
  const nbytes = tvb.reportedRemaining(offset);
  if (tcpTree.real) tcpTree.add(hf.payload, tvb, offset, -1, tvb.bytes(offset, tvb.remaining(offset))).setText(`TCP payload (${nbytes} byte${plural(nbytes)})`);
  if (pkt.canDesegment) {
    desegment(tvb, pkt, offset, seq, nxtseq, sport, dport, tree, tcpTree, c);
  } else {
    const saved = pkt.fragmented;
    pkt.fragmented = true;
    processPayload(tvb, offset, pkt, tree, sport, dport, c);
    pkt.fragmented = saved;
  }
}

function segmentData(tcpTree: Item, tvb: Tvb, off: number, n: number, prefix = ''): void {
  if (!tcpTree.real) return;
  const cap = Math.max(0, Math.min(n, tvb.remaining(off)));
  tcpTree.add(hf.segment_data, tvb, off, cap, tvb.bytes(off, cap)).setText(`${prefix}TCP segment data (${n} byte${plural(n)})`);
}

function desegment(tvb: Tvb, pkt: Packet, offset: number, seq: number, nxtseq: number, sport: number, dport: number,
  tree: Item, tcpTree: Item, c: TcpConv): void {
  const fwd = c.fwd;
  const info = pkt.protoData.get('tcp') as TcpInfo;
  const protoWasWritable = pkt.protocol.writable;
  const visited = pkt.visited;
  for (;;) {
    let head: FragSet | null = null;
    let lastFragmentLen = 0, mustDesegment = false, calledDissector = false, anotherPduFollows = 0;
    let msp: Msp | null = null;
    pkt.desegmentOffset = 0; pkt.desegmentLen = 0;
    let desegOffset = offset;

    msp = mspAt(fwd, seq);
    if (msp && !ltSeq(msp.nxtpdu, nxtseq) && !(msp.flags & MSPF.MISSING_FIRST_SEGMENT) && msp.lastFrame !== pkt.num) {
      let str = '', isRetrans = false;
      if (msp.firstFrame === pkt.num || msp.firstFrameWithSeq === pkt.num) {
        pkt.info.appendSep(' ', '[TCP segment of a reassembled PDU]');
      } else { str = 'Retransmitted '; isRetrans = true; }
      if (!isRetrans && msp.frag.reassembledIn !== 0 && tcpTree.real) {
        tcpTree.add(hf.reassembled_in, tvb, 0, 0, msp.frag.reassembledIn).generated();
      }
      segmentData(tcpTree, tvb, offset, tvb.reportedRemaining(offset), str);
      break;
    }
    // tshark 4.0: a spurious retransmission (data already ACKed) is not reassembled and shows nothing more.
    if (c.ta && c.ta.flags & TA.SPURIOUS_RETRANSMISSION && !(c.ta.flags & TA.RETRANSMISSION)) break;
    if (c.ta && (c.ta.flags & TA.RETRANSMISSION) === TA.RETRANSMISSION) {
      segmentData(tcpTree, tvb, offset, tvb.reportedRemaining(offset), 'Retransmitted ');
      break;
    }
    if (!msp) msp = mspLe(fwd, u32(seq - 1));

    if (msp && msp.seq <= seq && msp.nxtpdu > seq) {
      if (!visited) msp.lastFrame = pkt.num;
      const len = msp.flags & MSPF.REASSEMBLE_ENTIRE_SEGMENT ? tvb.remaining(offset) : Math.min(nxtseq, msp.nxtpdu) - seq;
      lastFragmentLen = len;
      const capLen = Math.max(0, Math.min(len, tvb.remaining(offset)));
      head = fragmentAdd(fwd, msp.frag, tvb.bytes(offset, capLen), seq - msp.seq, len, pkt.num, ltSeq(nxtseq, msp.nxtpdu), visited);
      if (!visited && msp.flags & MSPF.REASSEMBLE_ENTIRE_SEGMENT) {
        msp.flags &= ~MSPF.REASSEMBLE_ENTIRE_SEGMENT;
        msp.nxtpdu = nxtseq;
      }
      if (msp.nxtpdu < nxtseq && msp.nxtpdu >= seq && len > 0) anotherPduFollows = msp.nxtpdu - seq;
    } else {
      info.seq = seq;
      processPayload(tvb, offset, pkt, tree, sport, dport, c);
      calledDissector = true;
      if (pkt.desegmentLen) {
        if (!visited) mustDesegment = true;
        desegOffset = offset + pkt.desegmentOffset;
      }
      head = null;
    }

    if (head && msp) {
      if (head.reassembledIn === pkt.num && head.data) {
        const next = addDataSource(pkt, head.data);
        info.seq = msp.seq;
        info.isReassembled = true;
        processPayload(next, 0, pkt, tree, sport, dport, c);
        calledDissector = true;
        const oldLen = next.reported - lastFragmentLen;
        if (pkt.desegmentLen && pkt.desegmentOffset <= oldLen) {
          if (pkt.desegmentOffset === 0) pkt.dataSources.pop();
          if (!visited) head.partial = true;
          if (visited) { /* the first pass already extended the PDU */ } else if (pkt.desegmentLen === DESEGMENT_ONE_MORE_SEGMENT) {
            msp.nxtpdu = Math.max(seq + tvb.reportedRemaining(offset), msp.nxtpdu) + 1;
            msp.flags |= MSPF.REASSEMBLE_ENTIRE_SEGMENT;
          } else if (pkt.desegmentLen === DESEGMENT_UNTIL_FIN) {
            fwd.flags |= FLOW.REASSEMBLE_UNTIL_FIN;
          } else if (seq + lastFragmentLen >= msp.nxtpdu) {
            msp.nxtpdu = seq + lastFragmentLen + pkt.desegmentLen;
          } else {
            msp.nxtpdu += pkt.desegmentLen;
          }
          releaseFrags(fwd, head);
          anotherPduFollows = 0;
          offset += lastFragmentLen;
          seq += lastFragmentLen;
          if (tvb.remaining(offset) > 0) continue;
        } else {
          const nbytes = anotherPduFollows > 0 ? anotherPduFollows : tvb.reportedRemaining(offset);
          segmentData(tcpTree, tvb, offset, nbytes);
          printFragmentTree(pkt, tree, tcpTree, head, next, hf.segments);
          releaseFrags(fwd, head);
          if (pkt.desegmentLen) {
            if (!visited) mustDesegment = true;
            desegOffset = tvb.reported - (head.datalen - pkt.desegmentOffset);
          }
        }
      }
    }

    if (mustDesegment) {
      if (pkt.desegmentLen === DESEGMENT_UNTIL_FIN) fwd.flags |= FLOW.REASSEMBLE_UNTIL_FIN;
      const desegSeq = u32(seq + (desegOffset - offset));
      if (u32(nxtseq - desegSeq) <= MAX_PDU_BYTES && !visited) {
        let m: Msp;
        if (pkt.desegmentLen === DESEGMENT_ONE_MORE_SEGMENT) {
          m = storeMsp(fwd, desegSeq, u32(nxtseq + 1), pkt.num);
          m.flags |= MSPF.REASSEMBLE_ENTIRE_SEGMENT;
        } else if (pkt.desegmentLen === DESEGMENT_UNTIL_FIN) {
          m = storeMsp(fwd, desegSeq, u32(nxtseq + 0x40000000), pkt.num);
        } else {
          m = storeMsp(fwd, desegSeq, u32(nxtseq + pkt.desegmentLen), pkt.num);
        }
        const n = u32(nxtseq - desegSeq);
        const cap = Math.max(0, Math.min(n, tvb.remaining(desegOffset)));
        fragmentAdd(fwd, m.frag, tvb.bytes(desegOffset, cap), 0, n, pkt.num, ltSeq(nxtseq, m.nxtpdu));
      }
    }

    if (!calledDissector || pkt.desegmentLen !== 0) {
      if (head && head.reassembledIn !== 0 && !head.partial && tcpTree.real) {
        tcpTree.add(hf.reassembled_in, tvb, 0, 0, head.reassembledIn).generated();
      }
      if (pkt.desegmentOffset === 0) {
        pkt.protocol.writable = true;
        pkt.protocol.set('TCP');
        pkt.protocol.writable = protoWasWritable && pkt.protocol.writable;
        pkt.info.appendSep(' ', '[TCP segment of a reassembled PDU]');
      }
      segmentData(tcpTree, tvb, desegOffset, tvb.reportedRemaining(desegOffset));
    }
    pkt.canDesegment = 0; pkt.desegmentOffset = 0; pkt.desegmentLen = 0;
    if (anotherPduFollows) {
      pkt.canDesegment = 2;
      pkt.info.setFence();
      pkt.protocol.writable = false;
      offset += anotherPduFollows;
      seq += anotherPduFollows;
      continue;
    }
    break;
  }
  pkt.protocol.writable = true;
  void protoWasWritable;
}

/** A second data source ("Reassembled TCP") for -x, and a tvb over it. */
function addDataSource(pkt: Packet, data: Uint8Array): Tvb {
  pkt.dataSources.push({ name: 'Reassembled TCP', data });
  return Tvb.of(data);
}

/** show_fragment_tree: "[N Reassembled TCP Segments (L bytes): #f(n), …]", placed right after the TCP tree. */
function printFragmentTree(pkt: Packet, tree: Item, tcpTree: Item, fs: FragSet, next: Tvb, segsHf: typeof hf.segments): void {
  if (!tree.real) return;
  const frags = fs.frags.filter(f => f.offset < fs.datalen || f.len === 0);
  if (!(tree instanceof PNode)) {
    // A sparse field collector (filters, -T fields): the values without the labels.
    const ft = tree.add(segsHf, next, 0, -1, null);
    for (const f of frags) ft.add(hf.segment, next, f.offset, f.len, f.frame);
    ft.add(hf.segment_count, next, 0, 0, frags.length);
    ft.add(hf.reassembled_length, next, 0, 0, fs.datalen);
    ft.add(hf.reassembled_data, next, 0, next.len, next.bytes(0, next.len));
    return;
  }
  let head = `${frags.length} Reassembled TCP Segments (${fs.datalen} bytes): `;
  head += frags.map(f => `#${f.frame}(${f.len})`).join(', ');
  // Built with proto_item_append_text in Wireshark: cut at the label size (240 with its NUL), without a mark.
  if (head.length > 239) head = head.slice(0, 239);
  const ft = tree.add(segsHf, next, 0, -1, null).setText(head).generated() as PNode;
  for (const f of frags) {
    const endb = f.offset + f.len - 1;
    ft.add(hf.segment, next, f.offset, f.len, f.frame)
      .setText(f.len === 0 ? `Frame: ${f.frame} (no data)` : `Frame: ${f.frame}, payload: ${f.offset}-${endb} (${f.len} byte${plural(f.len)})`).generated();
  }
  ft.add(hf.segment_count, next, 0, 0, frags.length).generated();
  ft.add(hf.reassembled_length, next, 0, 0, fs.datalen).generated();
  const data = next.bytes(0, next.len);
  const hex = Buffer.from(data.buffer, data.byteOffset, Math.min(36, data.length)).toString('hex');
  ft.add(hf.reassembled_data, next, 0, next.len, data).setText(`Reassembled TCP Data: ${hex}${data.length > 36 ? '\u2026' : ''}`).generated();
  // Move it right behind the TCP tree.
  const kids = (tree as PNode).children!;
  kids.pop();
  const at = kids.indexOf(tcpTree as PNode);
  kids.splice(at < 0 ? kids.length : at + 1, 0, ft);
  void pkt;
}

/** decode_tcp_ports: keep-alives as data; server port, low port, high port, heuristics, data. */
function processPayload(tvb: Tvb, offset: number, pkt: Packet, tree: Item, sport: number, dport: number, c: TcpConv): void {
  if (pkt.skipTcpPayload) return;
  const next = tvb.sub(offset);
  if (c.ta && c.ta.flags & TA.KEEP_ALIVE) { callCatching(dataHandle, next, pkt, tree); return; }
  if (c.serverPort) {
    const h = tables.tcpPort.get(c.serverPort);
    if (h) { pkt.matchUint = c.serverPort; if (callCatching(h, next, pkt, tree) > 0) return; }
  }
  const lo = Math.min(sport, dport), hi = Math.max(sport, dport);
  if (lo !== 0 && lo !== c.serverPort) {
    const h = tables.tcpPort.get(lo);
    if (h) { pkt.matchUint = lo; if (callCatching(h, next, pkt, tree) > 0) return; }
  }
  if (hi !== 0 && hi !== lo && hi !== c.serverPort) {
    const h = tables.tcpPort.get(hi);
    if (h) { pkt.matchUint = hi; if (callCatching(h, next, pkt, tree) > 0) return; }
  }
  if (heuristics.tcp.try(next, pkt, tree)) return;
  callCatching(dataHandle, next, pkt, tree);
}

void (null as unknown as TcpFlow);

export const tcpHandle = handle('tcp', 'TCP', dissectTcp);
tables.ipProto.add(6, tcpHandle);
