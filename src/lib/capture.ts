// The library's capture reader: openCapture(...) is an async iterable of packets, each with its own copy of the
// bytes (unlike the command's hot path, which hands out views into a reused buffer).
import { captureErrorMessage } from '../capture/messages.js';
import type { FormatParser, InterfaceInfo } from '../capture/record.js';
import { recordBatches } from '../capture/source.js';

export type { InterfaceInfo };

/** One record of a capture file. */
export interface CapturedPacket {
  /** Position in the file, from 1 (tshark's frame number). */
  readonly number: number;
  /** Capture time: seconds since the epoch and nanoseconds. */
  readonly timestamp: { readonly sec: number; readonly nsec: number };
  /** Bytes captured (data.length) and bytes on the wire. */
  readonly caplen: number;
  readonly len: number;
  /** pcap LINKTYPE_* of the interface (1 Ethernet, 113 Linux cooked, 276 SLL2, 101 raw IP, …). */
  readonly linktype: number;
  /** The interface's number in its pcapng section (frame.interface_id). */
  readonly interfaceId: number;
  /** The interface the packet came from (pcapng IDB; pcap files have one). */
  readonly interface: InterfaceInfo | undefined;
  /** pcapng section number from 1; 0 for pcap. */
  readonly section: number;
  readonly data: Uint8Array;
  /** 'pcapng' or 'pcap': decides what the frame tree says about interfaces. */
  readonly format: 'pcap' | 'pcapng';
}

/** A capture file could not be opened or read: `message` is tshark's text, `exitCode` what tshark exits with. */
export class CaptureFileError extends Error {
  constructor(message: string, readonly exitCode: number) { super(message); this.name = 'CaptureFileError'; }
}

export interface Capture extends AsyncIterable<CapturedPacket> {
  /** Known once the first packet (or the end) has been read. */
  readonly format: 'pcap' | 'pcapng' | null;
  readonly interfaces: readonly InterfaceInfo[];
}

/**
 * Opens a capture: a path ('-' for stdin), the file's bytes, or a stream of its bytes. pcap (either byte order,
 * µs or ns), pcapng and gzip-compressed files of either are recognised by their magic numbers. Reading starts when
 * iteration does; errors are thrown from the iteration as CaptureFileError. Iterate once.
 */
export function openCapture(source: string | Uint8Array | AsyncIterable<Uint8Array>): Capture {
  let parser: FormatParser | null = null;
  const name = typeof source === 'string' ? (source === '-' ? 'standard input' : source) : 'capture';
  return {
    get format() { return parser?.format ?? null; },
    get interfaces() { return parser?.interfaces ?? []; },
    async *[Symbol.asyncIterator]() {
      let n = 0;
      try {
        for await (const batch of recordBatches(source, p => { parser = p; })) {
          for (const r of batch) {
            yield {
              number: ++n, timestamp: { sec: r.tsSec, nsec: r.tsNsec }, caplen: r.caplen, len: r.len,
              linktype: r.linktype, interfaceId: r.ifaceLocal ?? r.ifaceId, interface: parser!.interfaces[r.ifaceId],
              section: r.section ?? 0, data: r.data, format: parser!.format,
            };
          }
        }
      } catch (e) {
        const m = captureErrorMessage(e, name);
        if (m) throw new CaptureFileError(m.message, m.code);
        throw e;
      }
    },
  };
}
