// The library's dissector: turns CapturedPackets into tshark's field tree, as plain objects the caller may keep.
import '../dissect/index.js';
import '../output/labels.js';
import type { CaptureRecord } from '../capture/record.js';
import { Engine } from '../dissect/engine.js';
import { GROUP_NAMES, SEVERITY_NAMES } from '../dissect/expert.js';
import type { Packet } from '../dissect/packet.js';
import { resetCaptureState } from '../dissect/state.js';
import { NsTime } from '../dissect/time.js';
import { ItemFlag, type PNode } from '../dissect/tree.js';
import { valueText } from '../fields/repr.js';
import { renderLabel } from '../output/labels.js';
import { dstColumn, srcColumn } from '../output/summary.js';
import { setResolveFlags } from '../resolve/flags.js';
import type { CapturedPacket } from './capture.js';

/** A field value: integers and IPv4 addresses as number (bigint past 2^53), MAC/IPv6 addresses and byte strings as bytes, times as sec/nsec. */
export type FieldValue = number | bigint | string | boolean | Uint8Array | { sec: number; nsec: number } | null;

/** One item of the protocol tree, as `-V` shows it and `-T json` names it. */
export interface FieldNode {
  /** The field's filter name (`ip.src`, `tcp.flags.syn`), or null for a text-only item. */
  readonly field: string | null;
  /** The line `-V` prints for it (without indentation). */
  readonly label: string;
  readonly value: FieldValue;
  /** The value as `-T fields -e` prints it ('' for text-only items). */
  readonly display: string;
  /** Bytes covered, within `inFrame ? the packet's data : a reassembled buffer`. */
  readonly offset: number;
  readonly length: number;
  readonly inFrame: boolean;
  readonly generated: boolean;
  readonly hidden: boolean;
  readonly children: readonly FieldNode[];
}

export interface DissectedPacket {
  readonly number: number;
  /** frame.protocols as a list: ['eth', 'ethertype', 'ip', 'tcp', 'http']. */
  readonly protocols: readonly string[];
  /** The packet-list columns as tshark prints them. */
  readonly columns: { readonly source: string; readonly destination: string; readonly protocol: string; readonly info: string };
  readonly malformed: boolean;
  readonly expert: readonly { severity: string; group: string; message: string; protocol: string }[];
  /** The protocol tree's top items (frame, eth, ip, …); empty when the Dissector was made with tree: false. */
  readonly tree: readonly FieldNode[];
  /** Every occurrence of a field, depth-first in tree order (tunnels and repeated fields keep all of them). */
  fields(name: string): FieldNode[];
}

export interface DissectorOptions {
  /** Build the field tree (default true). Without it only columns, protocols and expert info are filled, faster. */
  tree?: boolean;
  /** Resolve MAC addresses to names in columns and labels, as tshark does without -n (default false). */
  resolveNames?: boolean;
}

/**
 * Dissects the packets of one capture, in order: TCP analysis and reassembly, request/response pairing and the
 * like depend on the packets before. Dissection state lives in the process, so one Dissector is active at a time:
 * making a new one forgets everything the previous one learnt.
 */
export class Dissector {
  private readonly engine: Engine;
  private current: CapturedPacket | null = null;
  private readonly rec: CaptureRecord = { data: new Uint8Array(0), caplen: 0, len: 0, tsSec: 0, tsNsec: 0, linktype: 0, ifaceId: 0, section: 0 };

  constructor(options: DissectorOptions = {}) {
    resetCaptureState();
    setResolveFlags(!options.resolveNames, null);
    this.engine = new Engine({
      tree: options.tree ?? true,
      frame: {
        hasInterfaces: false,
        ifaceName: () => this.current?.interface?.name,
        ifaceDescription: () => this.current?.interface?.description,
      },
    });
  }

  dissect(packet: CapturedPacket): DissectedPacket {
    this.current = packet;
    const r = this.rec;
    r.data = packet.data; r.caplen = packet.caplen; r.len = packet.len;
    r.tsSec = packet.timestamp.sec; r.tsNsec = packet.timestamp.nsec;
    r.linktype = packet.linktype; r.ifaceId = packet.interfaceId; r.section = packet.section;
    this.engine.opts.frame.hasInterfaces = packet.format === 'pcapng';
    const p = this.engine.dissect(r);
    return snapshot(p);
  }
}

function snapshot(p: Packet): DissectedPacket {
  const tree = p.root?.children?.map(c => toNode(c, p.data)) ?? [];
  return {
    number: p.num,
    protocols: p.layers.slice(1), // frame.protocols: the layers under the frame
    columns: { source: srcColumn(p), destination: dstColumn(p), protocol: p.protocol.text, info: p.info.text },
    malformed: p.malformed,
    expert: p.expert.map(e => ({ severity: SEVERITY_NAMES.get(e.severity) ?? '', group: GROUP_NAMES.get(e.group) ?? '', message: e.message, protocol: e.protocol })),
    tree,
    fields(name: string): FieldNode[] {
      const found: FieldNode[] = [];
      const walk = (ns: readonly FieldNode[]): void => { for (const n of ns) { if (n.field === name) found.push(n); walk(n.children); } };
      walk(tree);
      return found;
    },
  };
}

function toNode(n: PNode, frameData: Uint8Array): FieldNode {
  return {
    field: n.hf?.abbrev ?? null,
    label: renderLabel(n),
    value: plain(n.value),
    display: n.hf ? valueText(n.hf, n.value, n) : '',
    offset: n.start,
    length: n.len,
    inFrame: n.buf === frameData,
    generated: (n.flags & ItemFlag.Generated) !== 0,
    hidden: (n.flags & ItemFlag.Hidden) !== 0,
    children: n.children?.map(c => toNode(c, frameData)) ?? [],
  };
}

function plain(v: PNode['value']): FieldValue {
  if (v instanceof Uint8Array) return new Uint8Array(v); // a copy (Buffer.slice would be a view)
  if (v instanceof NsTime) return { sec: v.sec, nsec: v.nsec };
  return v;
}
