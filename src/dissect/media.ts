// Media types (Wireshark's "media_type" string table, packet-media.c and packet-text-media.c): HTTP hands a
// message body to the dissector registered for its Content-Type; "Media Type" takes what nobody claims, and
// "Line-based text data" shows text bodies line by line.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { FT } from '../fields/types.js';
import { dataHandle } from './data.js';
import type { Packet } from './packet.js';
import { call, handle, type Handle, HeurList } from './tables.js';
import { findLineEnd, type LineEnd, tvbCaseEq, tvbFormat } from './text-util.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

/** What HTTP passes to body dissectors (http_message_info_t) plus pinfo->match_string. */
export interface MessageInfo {
  /** HTTP_REQUEST = 0, HTTP_RESPONSE = 1, HTTP_NOTIFICATION = 2, HTTP_OTHERS = 3 */
  type: number;
  /** Content-Type parameters (after ';'), or null. */
  mediaStr: string | null;
  /** The media type the table matched (pinfo->match_string), or null. */
  matchString: string | null;
}

/** The message info of the body being dissected; set by callWithInfo for the duration of the call. */
export let currentInfo: MessageInfo | null = null;

/** Calls a body dissector with message info (call_dissector_with_data). */
export function callWithInfo(h: Handle, tvb: Tvb, pkt: Packet, tree: Item, info: MessageInfo | null): number {
  const saved = currentInfo;
  currentInfo = info;
  try { return call(h, tvb, pkt, tree); } finally { currentInfo = saved; }
}

/** Runs f with `info` as the current message info. */
export function withInfo<T>(info: MessageInfo | null, f: () => T): T {
  const saved = currentInfo;
  currentInfo = info;
  try { return f(); } finally { currentInfo = saved; }
}

/** The "media_type" dissector table, keyed by lower-case media type. */
export const mediaTypes = new Map<string, Handle>();
/** Heuristic body dissectors for HTTP ("http" heuristic list). */
export const httpHeuristics = new HeurList('http');
/** Heuristic dissectors tried by "media" before it gives up. */
export const mediaHeuristics = new HeurList('media');

/** data_name as media dissectors compute it: the match string, else the content-type parameters. */
export function dataName(): string | null {
  const i = currentInfo;
  if (!i) return null;
  if (i.matchString) return i.matchString;
  return i.mediaStr ? i.mediaStr : null;
}

// --- media ---
export const mediaProto = registerProtocol('media', 'Media Type', 'Media');
const mediaHf = registerFields(mediaProto, {
  type: { abbrev: 'media.type', name: 'Media type', type: FT.BYTES },
});

function dissectMedia(tvb: Tvb, pkt: Packet, tree: Item): number {
  if (mediaHeuristics.try(tvb, pkt, tree)) return tvb.reported;
  const info = currentInfo;
  const ms = info?.matchString ?? null;
  pkt.info.append(` (${ms ?? ''})`);
  const bytes = tvb.reported;
  if (tree.real && bytes > 0) {
    const t = tree.add(mediaProto, tvb, 0, -1, null);
    const plural = bytes === 1 ? '' : 's';
    const v = tvb.bytes(0, tvb.len);
    const text = info && info.mediaStr !== null
      ? `Media type: ${ms}; ${info.mediaStr} (${bytes} byte${plural})`
      : `Media type: ${ms ?? ''} (${bytes} byte${plural})`;
    t.add(mediaHf.type, tvb, 0, bytes, v).setText(text);
  }
  return bytes;
}
export const mediaHandle = handle('media', 'Media', dissectMedia);

// --- data-text-lines ---
export const textLinesProto = registerProtocol('data-text-lines', 'Line-based text data', 'Line-based text data');

let xmlHandleRef: Handle | null = null;
/** xml.ts registers itself here (text-lines hands "<?xml" documents to it). */
export function setXmlHandle(h: Handle): void { xmlHandleRef = h; }

const le: LineEnd = { len: 0, next: 0 };
function dissectTextLines(tvb: Tvb, pkt: Packet, tree: Item): number {
  const length = tvb.len;
  if (length > 38 && xmlHandleRef && tvbCaseEq(tvb, 0, '<?xml')) {
    call(xmlHandleRef, tvb, pkt, tree);
    return length;
  }
  const name = dataName();
  if (name) pkt.info.appendSep(' ', `(${name})`);
  if (tree.real) {
    const t = tree.add(textLinesProto, tvb, 0, -1, null);
    if (name) t.appendText(`: ${name}`);
    let off = 0, lines = 0;
    while (off < tvb.len) {
      findLineEnd(tvb, off, -1, false, le);
      if (le.len === -1) break;
      t.addText(tvb, off, le.next - off, tvbFormat(tvb, off, le.next - off));
      lines++;
      off = le.next;
    }
    t.appendText(` (${lines} lines)`);
  }
  return length;
}
export const textLinesHandle = handle('data-text-lines', 'Line-based text data', dissectTextLines);

for (const t of ['text/plain', 'text/richtext', 'text/enriched', 'text/parameters', 'text/html', 'text/xml-external-parsed-entity',
  'text/css', 'application/xml-external-parsed-entity', 'text/javascript', 'application/x-javascript', 'application/x-tia-p25-issi',
  'application/x-tia-p25-sndcp', 'application/x-ns-proxy-autoconfig', 'text/vnd.sun.j2me.app-descriptor', 'application/vnd.poc.refer-to',
  'application/vnd.drm.message', 'application/x-wms-logplaystats', 'application/x-rtsp-udp-packetpair']) mediaTypes.set(t, textLinesHandle);
mediaTypes.set('application/octet-stream', dataHandle);
