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
  wscaleShiftInvalid: expertField(proto, 'tcp.options.wscale.shift.invalid', Group.Protocol, Severity.Warn, 'Window scale shift exceeds 14'),
};

const FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'AE'];
const FLAG_LETTERS = 'RRRACEUAPRSF';

function flagsToStr(flags: number): string {
  let s = '';
  for (let i = 0; i < 9; i++) if (flags & (1 << i)) s += (s ? ', ' : '') + FLAG_NAMES[i];
  if (flags & TH.RES) s += (s ? ', ' : '') + 'Reserved';
  return s || '<None>';
}
function flagsFirstLetters(flags: number): string {
  let s = '';
  for (let i = 11; i >= 0; i--) s += flags & (1 << i) ? FLAG_LETTERS[11 - i] : '\u00b7';
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
  pkt.protocol.set('TCP');
  pkt.info.clear();
  const sport = tvb.u16(0), dport = tvb.u16(2);
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

  if (cols) {
    pkt.info.append(` [${flagsToStr(flags)}]`);
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
    const ft = t.add(hf.flags, tvb, 12, 2, flags).setText(`Flags: 0x${flags.toString(16).padStart(3, '0')} (${flagsToStr(flags)})`);
    ft.add(hf.flags_res, tvb, 12, 1, (flags & 0xe00) >> 9);
    ft.add(hf.flags_ae, tvb, 12, 1, (flags >> 8) & 1);
    ft.add(hf.flags_cwr, tvb, 13, 1, (flags >> 7) & 1);
    ft.add(hf.flags_ece, tvb, 13, 1, (flags >> 6) & 1);
    ft.add(hf.flags_urg, tvb, 13, 1, (flags >> 5) & 1);
    ft.add(hf.flags_ack, tvb, 13, 1, (flags >> 4) & 1);
    ft.add(hf.flags_push, tvb, 13, 1, (flags >> 3) & 1);
    tfRst = ft.add(hf.flags_reset, tvb, 13, 1, (flags >> 2) & 1);
    tfSyn = ft.add(hf.flags_syn, tvb, 13, 1, (flags >> 1) & 1);
    tfFin = ft.add(hf.flags_fin, tvb, 13, 1, flags & 1);
    const letters = flagsFirstLetters(flags);
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
  if (flags & (TH.FIN | TH.RST) && !fs) noteClose(c, (flags & TH.FIN) !== 0, (flags & TH.RST) !== 0);

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
  [29, 'TCP Authentication Option'], [30, 'Multipath TCP'], [34, 'TCP Fast Open Cookie'], [69, 'Encryption Negotiation'],
  [253, 'RFC3692-style Experiment 1'], [254, 'RFC3692-style Experiment 2'],
]);

function kindItem(t: Item, tvb: Tvb, off: number, kind: number): void {
  t.add(hf.option_kind, tvb, off, 1, kind).setText(`Kind: ${OPT_KIND.get(kind) ?? 'Unknown'} (${kind})`);
}

/** The TCP options: tree under optItem, their summary in the Info column. */
function dissectOptions(tvb: Tvb, start: number, optlen: number, pkt: Packet, optItem: Item, c: TcpConv, flags: number, ack: number, visited: boolean): void {
  let off = start;
  const end = start + optlen;
  const real = optItem.real;
  let sawMss = false;
  while (off < end) {
    const kind = tvb.u8(off);
    if (kind === 0 || kind === 1) {
      const name = kind === 0 ? 'End of Option List (EOL)' : 'No-Operation (NOP)';
      if (real) {
        const it = optItem.add(kind === 0 ? hf.options_eol : hf.options_nop, tvb, off, 1, tvb.bytes(off, 1)).setText(`TCP Option - ${name}`);
        kindItem(it, tvb, off, kind);
        optItem.appendText(`, ${name}`);
      }
      off++;
      if (kind === 0) {
        // After EOL: more zero bytes are shown as EOLs, the rest is padding that should be zero.
        while (off < end && tvb.u8(off) === 0) {
          if (real) {
            const it = optItem.add(hf.options_eol, tvb, off, 1, tvb.bytes(off, 1)).setText('TCP Option - End of Option List (EOL)');
            kindItem(it, tvb, off, 0);
            optItem.appendText(', End of Option List (EOL)');
          }
          off++;
        }
        if (off < end) {
          const pi = real ? optItem.addText(tvb, off, end - off, 'Non-zero header padding') : optItem;
          expertAdd(pkt, pi, ei.nonzeroPadding);
        }
        break;
      }
      continue;
    }
    if (off + 1 >= end) {
      // Not enough room for the length byte.
      if (real) optItem.appendText(', Unknown');
      tvb.u8(off + 1);
      break;
    }
    const olen = tvb.u8(off + 1);
    if (olen < 2 || off + olen > end) {
      if (real) {
        const it = optItem.add(hf.options_unknown, tvb, off, 2, null).setText(`TCP Option - ${OPT_KIND.get(kind) ?? 'Unknown'}`);
        kindItem(it, tvb, off, kind);
        const li = it.add(hf.option_len, tvb, off + 1, 1, olen);
        expertAdd(pkt, li, ei.optionLenInvalid, olen < 2 ? `option length should be >= 2` : `option goes past end of options`);
      }
      break;
    }
    if (kind !== 2 && kind !== 3 && kind !== 4 && kind !== 5 && kind !== 8 && kind !== 253 && kind !== 254) {
      unknownOption(tvb, off, kind, olen, optItem);
      off += olen;
      continue;
    }
    tvb.check(off, olen);
    switch (kind) {
      case 2: { // MSS
        if (olen !== 4) { badLen(pkt, optItem, tvb, off, kind, olen); break; }
        const mss = tvb.u16(off + 2);
        sawMss = true;
        pkt.info.append(` MSS=${mss}`);
        if (real) {
          const it = optItem.add(hf.options_mss, tvb, off, olen, null).setText(`TCP Option - Maximum segment size: ${mss} bytes`);
          kindItem(it, tvb, off, kind);
          it.add(hf.option_len, tvb, off + 1, 1, olen);
          it.add(hf.options_mss_val, tvb, off + 2, 2, mss);
          optItem.appendText(', Maximum segment size');
        }
        break;
      }
      case 3: { // window scale
        if (olen !== 3) { badLen(pkt, optItem, tvb, off, kind, olen); break; }
        let shift = tvb.u8(off + 2);
        let it: Item = optItem;
        if (real) {
          it = optItem.add(hf.options_wscale, tvb, off, olen, null);
          kindItem(it, tvb, off, kind);
          it.add(hf.option_len, tvb, off + 1, 1, olen);
        }
        const si = real ? it.add(hf.options_wscale_shift, tvb, off + 2, 1, shift) : it;
        if (shift > 14) { expertAdd(pkt, si, ei.wscaleShiftInvalid, `Window scale shift exceeds 14 (${shift})`); shift = 14; }
        const mult = 2 ** shift;
        if (real) {
          it.add(hf.options_wscale_multiplier, tvb, off + 2, 1, mult).generated();
          it.setText(`TCP Option - Window scale: ${tvb.u8(off + 2)} (multiply by ${mult})`);
          optItem.appendText(', Window scale');
        }
        pkt.info.append(` WS=${mult}`);
        if (!visited) c.fwd.winScale = shift;
        break;
      }
      case 4: { // SACK permitted
        if (olen !== 2) { badLen(pkt, optItem, tvb, off, kind, olen); break; }
        pkt.info.append(' SACK_PERM');
        if (real) {
          const it = optItem.add(hf.options_sack_perm, tvb, off, olen, null).setText('TCP Option - SACK permitted');
          kindItem(it, tvb, off, kind);
          it.add(hf.option_len, tvb, off + 1, 1, olen);
          optItem.appendText(', SACK permitted');
        }
        break;
      }
      case 5: { // SACK
        let it: Item = optItem;
        if (real) {
          it = optItem.add(hf.options_sack, tvb, off, olen, null).setText('TCP Option - SACK');
          kindItem(it, tvb, off, kind);
          it.add(hf.option_len, tvb, off + 1, 1, olen);
        }
        const base = c.rev.baseSeq;
        if (!visited) c.fwd.sackDelivered = 0;
        let o = off + 2, count = 0, firstLe = 0, firstRe = 0;
        const edges: number[] = [];
        while (o + 8 <= off + olen) {
          const le = u32(tvb.u32(o) - base), re = u32(tvb.u32(o + 4) - base);
          if (real) {
            it.add(hf.options_sack_le, tvb, o, 4, le).setText(`left edge = ${le} (relative)`);
            it.add(hf.options_sack_re, tvb, o + 4, 4, re).setText(`right edge = ${re} (relative)`);
            it.appendText(` ${le}-${re}`);
          }
          pkt.info.append(` SLE=${le} SRE=${re}`);
          edges.push(le, re);
          if (count === 0) { firstLe = le; firstRe = re; }
          count++;
          // Bytes in flight of the other side subtract these blocks (tshark keeps 3 of them).
          if (count < 4 && !visited) c.fwd.sackDelivered = u32(c.fwd.sackDelivered + re - le);
          o += 8;
        }
        if (real) it.add(hf.options_sack_count, tvb, off, 0, count).generated();
        // D-SACK (RFC 2883 section 4): the first block ends at or below the cumulative ACK, or the second block
        // starts before the first one's end and reaches at least as far.
        if (count > 0 &&
          (leSeq(firstRe, ack) || (count > 1 && ltSeq(edges[2]!, firstRe) && !ltSeq(edges[3]!, firstRe)))) {
          if (real) {
            it.add(hf.options_sack_dsack_le, tvb, off + 2, 4, firstLe).setText(`D-SACK Left Edge = ${firstLe} (relative)`).generated();
            it.add(hf.options_sack_dsack_re, tvb, off + 6, 4, firstRe).setText(`D-SACK Right Edge = ${firstRe} (relative)`).generated();
          }
          const di = real ? it.addText(tvb, off + 2, 8, 'D-SACK Sequence') : it;
          expertAdd(pkt, di, ei.dsack);
        }
        if (real) optItem.appendText(', SACK');
        break;
      }
      case 8: { // timestamps
        if (olen !== 10) { badLen(pkt, optItem, tvb, off, kind, olen); break; }
        const tsval = tvb.u32(off + 2), tsecr = tvb.u32(off + 6);
        pkt.info.append(` TSval=${tsval} TSecr=${tsecr}`);
        if (real) {
          const it = optItem.add(hf.options_time_stamp, tvb, off, olen, null).setText(`TCP Option - Timestamps: TSval ${tsval}, TSecr ${tsecr}`);
          kindItem(it, tvb, off, kind);
          it.add(hf.option_len, tvb, off + 1, 1, olen);
          it.add(hf.options_tsval, tvb, off + 2, 4, tsval);
          it.add(hf.options_tsecr, tvb, off + 6, 4, tsecr);
          optItem.appendText(', Timestamps');
        }
        break;
      }
      case 253: case 254: {
        // RFC 6994 experimental options; the only identifier tshark names is TCP Fast Open's 0xf989.
        if (olen >= 4 && tvb.u16(off + 2) === 0xf989) {
          const it = real ? optItem.add(hf.options_experimental, tvb, off, olen, null).setText('TCP Option - Experimental: Fast Open') : optItem;
          if (real) {
            kindItem(it, tvb, off, kind);
            it.add(hf.option_len, tvb, off + 1, 1, olen);
            it.add(hf.options_exp_magic, tvb, off + 2, 2, 0xf989).setText('Experiment Identifier: Fast Open (0xf989)');
          }
          if (olen === 4) {
            if (real) it.add(hf.options_tfo_request, tvb, off + 2, 2, null).setText('Fast Open Cookie Request');
            pkt.info.append(' TFO=R');
          } else {
            const ci = real ? it.add(hf.options_tfo_cookie, tvb, off + 4, olen - 4, tvb.bytes(off + 4, olen - 4)) : it;
            pkt.info.append(' TFO=C');
            if (flags & TH.SYN && !(flags & TH.ACK) && tvb.reportedRemaining(0) > hlenOf(tvb)) {
              expertAdd(pkt, ci, ei.tfoSyn);
              pkt.protoData.set('tcp.tfo_syn_data', true);
            }
          }
          if (real) optItem.appendText(', Experimental');
          break;
        }
        unknownOption(tvb, off, kind, olen, optItem);
        break;
      }
      default: {
        if (real) {
          const name = OPT_KIND.get(kind) ?? 'Unknown';
          const it = optItem.add(hf.options_unknown, tvb, off, olen, null).setText(`TCP Option - ${name}`);
          kindItem(it, tvb, off, kind);
          it.add(hf.option_len, tvb, off + 1, 1, olen);
          if (olen > 2) it.add(hf.options_unknown_payload, tvb, off + 2, olen - 2, tvb.bytes(off + 2, olen - 2));
          optItem.appendText(`, ${name}`);
        }
      }
    }
    off += olen;
  }
  if (flags & TH.SYN && !sawMss) expertAdd(pkt, optItem, ei.mssAbsent);
}

function hlenOf(tvb: Tvb): number { return (tvb.u8(12) >> 4) * 4; }

function unknownOption(tvb: Tvb, off: number, kind: number, olen: number, optItem: Item): void {
  if (!optItem.real) { tvb.check(off, olen); return; }
  const name = OPT_KIND.get(kind) ?? 'Unknown';
  const it = optItem.add(hf.options_unknown, tvb, off, olen, null).setText(`TCP Option - ${name}`);
  kindItem(it, tvb, off, kind);
  it.add(hf.option_len, tvb, off + 1, 1, olen);
  if (olen > 2) it.add(hf.options_unknown_payload, tvb, off + 2, olen - 2, tvb.bytes(off + 2, olen - 2));
  optItem.appendText(`, ${name}`);
}

function badLen(pkt: Packet, optItem: Item, tvb: Tvb, off: number, kind: number, olen: number): void {
  if (!optItem.real) { pkt.addExpert(ei.optionLenInvalid.severity, ei.optionLenInvalid.group, ei.optionLenInvalid.hf.abbrev, `option length should be ${olen}`); return; }
  const it = optItem.add(hf.options_unknown, tvb, off, olen, null).setText(`TCP Option - ${OPT_KIND.get(kind) ?? 'Unknown'}`);
  kindItem(it, tvb, off, kind);
  const li = it.add(hf.option_len, tvb, off + 1, 1, olen);
  expertAdd(pkt, li, ei.optionLenInvalid, `Invalid length for option`);
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
