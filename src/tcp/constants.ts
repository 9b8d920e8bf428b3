// Constants shared by TCP and its payload dissectors (Wireshark's packet.h / packet-tcp.h).

/** pkt.desegmentLen: "give me the whole next segment as well" (the length of the PDU is not known yet). */
export const DESEGMENT_ONE_MORE_SEGMENT = 0x0fffffff;
/** pkt.desegmentLen: "the PDU runs to the end of the connection" (reassembled when the FIN arrives). */
export const DESEGMENT_UNTIL_FIN = 0x0ffffffe;

/** TCP header flag bits. */
export const enum TH { FIN = 0x01, SYN = 0x02, RST = 0x04, PUSH = 0x08, ACK = 0x10, URG = 0x20, ECE = 0x40, CWR = 0x80, AE = 0x100, RES = 0xe00, MASK = 0xfff }

/** Sequence analysis flags of one segment (tcp_acked.flags). */
export const enum TA {
  RETRANSMISSION = 0x0001, LOST_PACKET = 0x0002, ACK_LOST_PACKET = 0x0004, KEEP_ALIVE = 0x0008,
  DUPLICATE_ACK = 0x0010, ZERO_WINDOW = 0x0020, ZERO_WINDOW_PROBE = 0x0040, ZERO_WINDOW_PROBE_ACK = 0x0080,
  KEEP_ALIVE_ACK = 0x0100, OUT_OF_ORDER = 0x0200, FAST_RETRANSMISSION = 0x0400, WINDOW_UPDATE = 0x0800,
  WINDOW_FULL = 0x1000, REUSED_PORTS = 0x2000, SPURIOUS_RETRANSMISSION = 0x4000,
}

/** Conversation completeness bits (tcp.completeness). */
export const enum COMPLETENESS { SYNSENT = 1, SYNACK = 2, ACK = 4, DATA = 8, FIN = 16, RST = 32 }

/** Sequence-number comparisons modulo 2^32. */
export function gtSeq(a: number, b: number): boolean { return ((a - b) | 0) > 0; }
export function ltSeq(a: number, b: number): boolean { return ((a - b) | 0) < 0; }
export function leSeq(a: number, b: number): boolean { return ((a - b) | 0) <= 0; }
export function u32(n: number): number { return n >>> 0; }
