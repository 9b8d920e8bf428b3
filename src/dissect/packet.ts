// Per-packet dissection state (Wireshark's packet_info). One instance is reused for every packet.
import { type Address, NO_ADDRESS } from './address.js';
import { Column } from './columns.js';
import type { PNode } from './tree.js';

export const enum PT { NONE = 0, SCTP = 1, TCP = 2, UDP = 3, DCCP = 4, IPX = 5, DDP = 6, IDP = 7, USB = 8, I2C = 9, IBQP = 10, BLUETOOTH = 11, IWARP_MPA = 12 }

export const enum Severity { Comment = 0x00100000, Chat = 0x00200000, Note = 0x00400000, Warn = 0x00600000, Error = 0x00800000 }
export const enum Group {
  Checksum = 0x01000000, Sequence = 0x02000000, ResponseCode = 0x03000000, RequestCode = 0x04000000,
  Undecoded = 0x05000000, Reassemble = 0x06000000, Malformed = 0x07000000, Debug = 0x08000000,
  Protocol = 0x09000000, Security = 0x0a000000, Comments = 0x0b000000, Decryption = 0x0c000000,
  Assumption = 0x0d000000, Deprecated = 0x0e000000,
}

export interface ExpertInfo { severity: Severity; group: Group; message: string; protocol: string; abbrev: string }

/** A protocol event for the statistics taps (Wireshark's tap_queue_packet). */
export interface TapEvent { readonly name: string; readonly data: unknown }

/** Tap names some consumer listens to; dissectors build tap data only for these. */
export const tapWanted = new Set<string>();

export class Packet {
  // --- frame ---
  num = 0;
  tsSec = 0;
  tsNsec = 0;
  caplen = 0;
  len = 0;
  linktype = 0;
  ifaceId = 0;
  /** pcapng section number (frame.section_number), 0 for pcap. */
  section = 0;
  data: Uint8Array = new Uint8Array(0);
  /** Seconds since the first packet, delta from the previous captured and displayed packets. */
  relSec = 0; relNsec = 0;
  deltaSec = 0; deltaNsec = 0;
  deltaDispSec = 0; deltaDispNsec = 0;
  /** Second pass of -2 (state from the first pass is read, not rebuilt). */
  visited = false;

  // --- addresses and ports, as the lower layers set them ---
  dlSrc: Address = NO_ADDRESS; dlDst: Address = NO_ADDRESS;
  netSrc: Address = NO_ADDRESS; netDst: Address = NO_ADDRESS;
  src: Address = NO_ADDRESS; dst: Address = NO_ADDRESS;
  ptype = PT.NONE;
  srcport = 0; destport = 0;
  /** The value a dissector table matched on (pinfo->match_uint). */
  matchUint = 0;
  /**
   * Dissection plan, set once by the pipeline from what its consumers need (not reset per packet):
   * wantColumns = something reads the Protocol/Info columns (hot dissectors skip building Info text otherwise);
   * skipTcpPayload = nothing needs what TCP carries (no subdissector calls, no reassembly).
   */
  wantColumns = true;
  skipTcpPayload = false;
  /** Something reads pkt.expert (-z expert, the library): without a tree, body dissectors may skip what only adds expert info. */
  wantExperts = true;
  /** Number of the IP layer being dissected (for tunnels). */
  ipLayers = 0;

  // --- columns ---
  readonly protocol = new Column();
  readonly info = new Column();
  /** Other columns that dissectors set explicitly (e.g. a custom source). */
  colSrcOverride: string | null = null;
  colDstOverride: string | null = null;

  // --- bookkeeping ---
  /** Protocol abbreviations in order, for frame.protocols. */
  readonly layers: string[] = [];
  /** pinfo->current_proto: the protocol being dissected, named in malformed markers. */
  currentProto = 'Frame';
  readonly expert: ExpertInfo[] = [];
  /** The root of the protocol tree when one is built. */
  root: PNode | null = null;
  /** Set when the packet's dissection hit a malformed / truncated error. */
  malformed = false;
  fragmented = false;
  /** Dissecting the datagram inside an ICMP error (pinfo->flags.in_error_pkt). */
  inErrorPkt = false;
  /** TCP reassembly requests from a subdissector (pinfo->desegment_offset / desegment_len). */
  canDesegment = 0;
  desegmentOffset = 0;
  desegmentLen = 0;
  /** Protocol-private data for this packet, keyed by protocol (p_add_proto_data). */
  readonly protoData = new Map<string, unknown>();
  /** Extra data sources (e.g. "Reassembled TCP") after the frame's own bytes, for -x. */
  readonly dataSources: { name: string; data: Uint8Array }[] = [];
  /** Tap events queued by dissectors for this packet, in order. */
  readonly tapEvents: TapEvent[] = [];

  /** True when a tap listens to `name` (check before building tap data). */
  wants(name: string): boolean { return tapWanted.has(name); }
  /** Queues tap data; call only after wants(name). */
  tap(name: string, data: unknown): void { this.tapEvents.push({ name, data }); }

  reset(): void {
    this.dlSrc = this.dlDst = this.netSrc = this.netDst = this.src = this.dst = NO_ADDRESS;
    this.ptype = PT.NONE; this.srcport = 0; this.destport = 0; this.matchUint = 0; this.ipLayers = 0;
    this.protocol.reset(); this.info.reset();
    this.colSrcOverride = null; this.colDstOverride = null;
    this.layers.length = 0; this.currentProto = 'Frame';
    this.expert.length = 0; this.root = null; this.malformed = false; this.fragmented = false; this.inErrorPkt = false;
    this.canDesegment = 0; this.desegmentOffset = 0; this.desegmentLen = 0;
    this.protoData.clear();
    this.dataSources.length = 0;
    this.tapEvents.length = 0;
  }

  addExpert(severity: Severity, group: Group, abbrev: string, message: string, protocol = this.currentProto): void {
    this.expert.push({ severity, group, message, protocol, abbrev });
  }
}
