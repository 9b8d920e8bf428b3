// What a capture source hands the dissector: one record, its bytes a view valid only during the callback.

export interface CaptureRecord {
  /** Captured bytes (a view into the reader's buffer; copy it to keep it). */
  data: Uint8Array;
  /** Bytes captured (data.length) and bytes on the wire. */
  caplen: number;
  len: number;
  tsSec: number;
  tsNsec: number;
  /** pcap LINKTYPE_* of the interface this record came from. */
  linktype: number;
  ifaceId: number;
  /**
   * The interface's number within its pcapng section, when it differs from ifaceId (later sections). tshark 4.0
   * reports this one as frame.interface_id (and names it from the first section's list) and writes it with -w.
   */
  ifaceLocal?: number;
  /** pcapng section number, from 1 (0 for pcap). */
  section?: number;
}

export interface InterfaceInfo {
  linktype: number;
  snaplen: number;
  name?: string;
  description?: string;
  /** Timestamp units per second (pcapng if_tsresol). */
  tsPerSec: number;
  tsOffset: number;
  filter?: string;
  os?: string;
}

/** A wiretap-style failure: tshark prints a message naming the file and exits with 2. */
export class CaptureError extends Error {
  constructor(readonly kind: 'short' | 'bad' | 'unknown' | 'unsupported-encap' | 'io' | 'too-large' | 'decompress', readonly detail = '') {
    super(detail || kind);
  }
}

export type RecordSink = (rec: CaptureRecord) => boolean | void;

/**
 * A push parser for one capture format: it is fed bytes and emits whole records. `parse` walks as many
 * complete records as buf[off, end) holds and returns where the first incomplete one starts.
 */
export interface FormatParser {
  readonly interfaces: InterfaceInfo[];
  readonly format: 'pcap' | 'pcapng';
  /** Parses records; returns the offset of the first byte not consumed. Stops early if sink returns false. */
  parse(buf: Uint8Array, off: number, end: number, sink: RecordSink): number;
  /** Bytes a complete record at buf[off] needs, when parse stopped there (to grow the buffer). */
  needed(buf: Uint8Array, off: number, end: number): number;
  /** True once sink asked to stop. */
  stopped: boolean;
}
