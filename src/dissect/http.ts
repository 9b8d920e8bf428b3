// HTTP/1.x (packet-http.c, req_resp_hdrs.c of Wireshark 4.0): request and response lines, headers, bodies by
// Content-Length / chunked / until close, content-encoding, request/response pairing, the "http" tap, and
// the media-type hand-off of bodies (XML, JSON, text lines ...). Over TCP it uses the reassembly contract:
// when a message is incomplete it sets pkt.desegmentOffset / pkt.desegmentLen and stops.
import { limitWarning, onCaptureReset } from './state.js';
import type { Address } from './address.js';
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT, type FieldDef } from '../fields/types.js';
import { dataHandle } from './data.js';
import { expertAdd, expertField } from './expert.js';
import { chunkFields, dechunk, uncompress, uncompressBrotli } from './http-body.js';
import { callWithInfo, httpHeuristics, mediaHandle, type MessageInfo, mediaTypes, withInfo } from './media.js';
import { Group, type Packet, PT, Severity } from './packet.js';
import { call, handle, heuristics, tables } from './tables.js';
import { asciiString, findLineEnd, formatBytes, type LineEnd, tvbCaseEq } from './text-util.js';
import { NsTime } from './time.js';
import { type Item, NULL_ITEM, type PNode } from './tree.js';
import { Tvb } from './tvb.js';
import { convDropListeners, tcpState } from '../tcp/analysis.js';

/** TCP reassembly requests (packet-tcp.h); TCP exports the same values. */
export const DESEGMENT_ONE_MORE_SEGMENT = 0x0fffffff;
export const DESEGMENT_UNTIL_FIN = 0x0ffffffe;

/** What TCP tells its payload dissectors (struct tcpinfo), read from pkt.protoData.get('tcp') when TCP sets it. */
export interface TcpInfo { seq: number; nxtseq?: number; flags: number; stream?: number }
const TH_FIN = 0x01;

/** Default TCP ports of the "http" dissector (TCP_DEFAULT_RANGE in packet-http.c). */
export const HTTP_TCP_PORTS = [80, 3128, 3132, 5985, 8080, 8088, 11371, 1900, 2869, 2710];

export const enum HttpType { Request = 0, Response = 1, Notification = 2, Others = 3 }

/** Data queued on the "http" tap (http_info_value_t), plus the addresses the HTTP stats trees print. */
export interface HttpTap {
  framenum: number;
  /** Request method of a request (null for responses and others). */
  requestMethod: string | null;
  /** Status code of a response, 0 otherwise. */
  responseCode: number;
  httpHost: string | null;
  requestUri: string | null;
  refererUri: string | null;
  fullUri: string | null;
  locationBaseUri: string | null;
  locationTarget: string | null;
  /** pinfo->src / pinfo->dst of the packet (http_srv,tree uses dst for requests, src for responses). */
  src: Address;
  dst: Address;
}

/** vals_http_status_code */
export const HTTP_STATUS_CODES: ReadonlyMap<number, string> = new Map([
  [100, 'Continue'], [101, 'Switching Protocols'], [102, 'Processing'], [103, 'Early Hints'], [199, 'Informational - Others'],
  [200, 'OK'], [201, 'Created'], [202, 'Accepted'], [203, 'Non-authoritative Information'], [204, 'No Content'],
  [205, 'Reset Content'], [206, 'Partial Content'], [207, 'Multi-Status'], [208, 'Already Reported'], [226, 'IM Used'],
  [299, 'Success - Others'],
  [300, 'Multiple Choices'], [301, 'Moved Permanently'], [302, 'Found'], [303, 'See Other'], [304, 'Not Modified'],
  [305, 'Use Proxy'], [307, 'Temporary Redirect'], [308, 'Permanent Redirect'], [399, 'Redirection - Others'],
  [400, 'Bad Request'], [401, 'Unauthorized'], [402, 'Payment Required'], [403, 'Forbidden'], [404, 'Not Found'],
  [405, 'Method Not Allowed'], [406, 'Not Acceptable'], [407, 'Proxy Authentication Required'], [408, 'Request Time-out'],
  [409, 'Conflict'], [410, 'Gone'], [411, 'Length Required'], [412, 'Precondition Failed'], [413, 'Request Entity Too Large'],
  [414, 'Request-URI Too Long'], [415, 'Unsupported Media Type'], [416, 'Requested Range Not Satisfiable'],
  [417, 'Expectation Failed'], [418, "I'm a teapot"], [421, 'Misdirected Request'], [422, 'Unprocessable Entity'],
  [423, 'Locked'], [424, 'Failed Dependency'], [425, 'Too Early'], [426, 'Upgrade Required'], [428, 'Precondition Required'],
  [429, 'Too Many Requests'], [431, 'Request Header Fields Too Large'], [451, 'Unavailable For Legal Reasons'],
  [499, 'Client Error - Others'],
  [500, 'Internal Server Error'], [501, 'Not Implemented'], [502, 'Bad Gateway'], [503, 'Service Unavailable'],
  [504, 'Gateway Time-out'], [505, 'HTTP Version not supported'], [506, 'Variant Also Negotiates'],
  [507, 'Insufficient Storage'], [508, 'Loop Detected'], [510, 'Not Extended'], [511, 'Network Authentication Required'],
  [599, 'Server Error - Others'],
]);

export const proto = registerProtocol('http', 'Hypertext Transfer Protocol', 'HTTP');
export const ssdpProto = registerProtocol('ssdp', 'Simple Service Discovery Protocol', 'SSDP');
const S = (abbrev: string, name: string): { abbrev: string; name: string; type: FT } => ({ abbrev, name, type: FT.STRING });
export const hf = registerFields(proto, {
  notification: { abbrev: 'http.notification', name: 'Notification', type: FT.BOOLEAN },
  response: { abbrev: 'http.response', name: 'Response', type: FT.BOOLEAN },
  request: { abbrev: 'http.request', name: 'Request', type: FT.BOOLEAN },
  response_number: { abbrev: 'http.response_number', name: 'Response number', type: FT.UINT32, base: BASE.DEC },
  request_number: { abbrev: 'http.request_number', name: 'Request number', type: FT.UINT32, base: BASE.DEC },
  basic: S('http.authbasic', 'Credentials'),
  response_line: S('http.response.line', 'Response line'),
  request_line: S('http.request.line', 'Request line'),
  request_method: S('http.request.method', 'Request Method'),
  request_uri: S('http.request.uri', 'Request URI'),
  request_path: S('http.request.uri.path', 'Request URI Path'),
  request_query: S('http.request.uri.query', 'Request URI Query'),
  request_query_parameter: S('http.request.uri.query.parameter', 'Request URI Query Parameter'),
  request_version: S('http.request.version', 'Request Version'),
  response_version: S('http.response.version', 'Response Version'),
  request_full_uri: S('http.request.full_uri', 'Full request URI'),
  response_code: { abbrev: 'http.response.code', name: 'Status Code', type: FT.UINT16, base: BASE.DEC },
  response_code_desc: S('http.response.code.desc', 'Status Code Description'),
  response_for_uri: S('http.response_for.uri', 'Request URI'),
  response_phrase: S('http.response.phrase', 'Response Phrase'),
  authorization: S('http.authorization', 'Authorization'),
  proxy_authenticate: S('http.proxy_authenticate', 'Proxy-Authenticate'),
  proxy_authorization: S('http.proxy_authorization', 'Proxy-Authorization'),
  proxy_connect_host: S('http.proxy_connect_host', 'Proxy-Connect-Hostname'),
  proxy_connect_port: { abbrev: 'http.proxy_connect_port', name: 'Proxy-Connect-Port', type: FT.UINT16, base: BASE.DEC },
  www_authenticate: S('http.www_authenticate', 'WWW-Authenticate'),
  content_type: S('http.content_type', 'Content-Type'),
  content_length_header: S('http.content_length_header', 'Content-Length'),
  content_length: { abbrev: 'http.content_length', name: 'Content length', type: FT.UINT64, base: BASE.DEC },
  content_encoding: S('http.content_encoding', 'Content-Encoding'),
  transfer_encoding: S('http.transfer_encoding', 'Transfer-Encoding'),
  upgrade: S('http.upgrade', 'Upgrade'),
  user_agent: S('http.user_agent', 'User-Agent'),
  host: S('http.host', 'Host'),
  connection: S('http.connection', 'Connection'),
  cookie: S('http.cookie', 'Cookie'),
  cookie_pair: S('http.cookie_pair', 'Cookie pair'),
  accept: S('http.accept', 'Accept'),
  referer: S('http.referer', 'Referer'),
  accept_language: S('http.accept_language', 'Accept-Language'),
  accept_encoding: S('http.accept_encoding', 'Accept Encoding'),
  date: S('http.date', 'Date'),
  cache_control: S('http.cache_control', 'Cache-Control'),
  server: S('http.server', 'Server'),
  location: S('http.location', 'Location'),
  sec_websocket_accept: S('http.sec_websocket_accept', 'Sec-WebSocket-Accept'),
  sec_websocket_extensions: S('http.sec_websocket_extensions', 'Sec-WebSocket-Extensions'),
  sec_websocket_key: S('http.sec_websocket_key', 'Sec-WebSocket-Key'),
  sec_websocket_protocol: S('http.sec_websocket_protocol', 'Sec-WebSocket-Protocol'),
  sec_websocket_version: S('http.sec_websocket_version', 'Sec-WebSocket-Version'),
  set_cookie: S('http.set_cookie', 'Set-Cookie'),
  last_modified: S('http.last_modified', 'Last-Modified'),
  x_forwarded_for: S('http.x_forwarded_for', 'X-Forwarded-For'),
  http2_settings: S('http.http2_settings', 'HTTP2-Settings'),
  request_in: { abbrev: 'http.request_in', name: 'Request in frame', type: FT.FRAMENUM },
  response_in: { abbrev: 'http.response_in', name: 'Response in frame', type: FT.FRAMENUM },
  next_request_in: { abbrev: 'http.next_request_in', name: 'Next request in frame', type: FT.FRAMENUM },
  next_response_in: { abbrev: 'http.next_response_in', name: 'Next response in frame', type: FT.FRAMENUM },
  prev_request_in: { abbrev: 'http.prev_request_in', name: 'Prev request in frame', type: FT.FRAMENUM },
  prev_response_in: { abbrev: 'http.prev_response_in', name: 'Prev response in frame', type: FT.FRAMENUM },
  time: { abbrev: 'http.time', name: 'Time since request', type: FT.RELATIVE_TIME },
  file_data: S('http.file_data', 'File Data'),
  unknown_header: S('http.unknown_header', 'Unknown header'),
});
const hfChunk = chunkFields(proto);

const ei = {
  chat: expertField(proto, 'http.chat', Group.Sequence, Severity.Chat, 'Formatted text'),
  te_and_length: expertField(proto, 'http.te_and_length', Group.Malformed, Severity.Warn, 'The Content-Length and Transfer-Encoding header must not be set together'),
  te_unknown: expertField(proto, 'http.te_unknown', Group.Undecoded, Severity.Warn, 'Unknown transfer coding name in Transfer-Encoding header'),
  subdissector_failed: expertField(proto, 'http.subdissector_failed', Group.Malformed, Severity.Note, 'HTTP body subdissector failed, trying heuristic subdissector'),
  tls_port: expertField(proto, 'http.tls_port', Group.Security, Severity.Warn, 'Unencrypted HTTP protocol detected over encrypted port, could indicate a dangerous misconfiguration.'),
  leading_crlf: expertField(proto, 'http.leading_crlf', Group.Malformed, Severity.Error, 'Leading CRLF previous message in the stream may have extra CRLF'),
  bad_header_name: expertField(proto, 'http.bad_header_name', Group.Protocol, Severity.Warn, 'Illegal characters found in header name'),
  decompression_failed: expertField(proto, 'http.decompression_failed', Group.Undecoded, Severity.Warn, 'Decompression failed'),
};

// ---------------------------------------------------------------------------------------------------------
// Conversation state

interface ReqRes {
  number: number;
  reqFrame: number;
  resFrame: number;
  reqTs: NsTime | null;
  prev: ReqRes | null;
  next: ReqRes | null;
}

interface HttpConv {
  responseCode: number;
  reqResNum: number;
  httpHost: string | null;
  requestMethod: string | null;
  requestUri: string | null;
  fullUri: string | null;
  /** Frame where the connection switched to another protocol (CONNECT / Upgrade), 0 if none. */
  startframe: number;
  startoffset: number;
  tail: ReqRes | null;
  /** Set by the heuristic: the conversation is HTTP from this frame on. */
  heurFrame: number;
  /** The server of a CONNECT tunnel (known after the first tunnelled packet). */
  serverAddr: string;
  serverPort: number;
  /** last_chunk_offset of PDUs being reassembled, by direction and sequence number */
  chunkOffsets?: Map<string, number>;
}

/**
 * HTTP conversations by TCP connection. Bounded: the oldest entries are dropped past MAX_CONVERSATIONS (a
 * capture with millions of connections must not keep them all).
 */
const MAX_CONVERSATIONS = 200_000;
const conversations = new Map<string | number, HttpConv>();
/** Request/response records by frame, for the second pass of -2 (p_get_proto_data). */
const frameReqRes = new Map<number, ReqRes>();
onCaptureReset(() => { conversations.clear(); frameReqRes.clear(); });
// A TCP conversation TCP forgets (closed long ago) takes its HTTP state along.
convDropListeners.push(stream => { conversations.delete(stream); });
const MAX_FRAME_RECORDS = 1_000_000;

function addrKey(a: Address): string {
  const d = a.data;
  if (!d) return '';
  let s = '';
  for (let i = 0; i < d.length; i++) s += String.fromCharCode(d[i]!);
  return s;
}

/** The conversation key: TCP's stream index when TCP gives one, else the address/port pair. */
function convKey(pkt: Packet): string | number {
  const ti = tcpInfo(pkt);
  if (ti && ti.stream !== undefined && pkt.ptype === PT.TCP) return ti.stream;
  const a = addrKey(pkt.src) + '\u0001' + pkt.srcport, b = addrKey(pkt.dst) + '\u0001' + pkt.destport;
  return pkt.ptype + '\u0002' + (a < b ? a + '\u0003' + b : b + '\u0003' + a);
}

function getConv(pkt: Packet, create = true): HttpConv | undefined {
  const key = convKey(pkt);
  let c = conversations.get(key);
  if (!c && create) {
    c = { responseCode: 0, reqResNum: 0, httpHost: null, requestMethod: null, requestUri: null, fullUri: null,
      startframe: 0, startoffset: 0, tail: null, heurFrame: 0, serverAddr: '', serverPort: 0 };
    if (conversations.size >= MAX_CONVERSATIONS) {
      limitWarning('HTTP conversations', MAX_CONVERSATIONS, 'the oldest are forgotten (their requests and responses are no longer paired)');
      conversations.delete(conversations.keys().next().value!);
    }
    conversations.set(key, c);
  }
  return c;
}

function tcpInfo(pkt: Packet): TcpInfo | undefined {
  return pkt.protoData.get('tcp') as TcpInfo | undefined;
}

function pushReqRes(conv: HttpConv): ReqRes {
  const r: ReqRes = { number: ++conv.reqResNum, reqFrame: 0, resFrame: 0, reqTs: null, prev: null, next: null };
  if (conv.tail) {
    r.prev = conv.tail; conv.tail.next = r;
    // One pass reads only the newest record and its predecessor: the older chain can go.
    if (!tcpState.keepFrames) conv.tail.prev = null;
  }
  conv.tail = r;
  return r;
}
function rememberFrame(pkt: Packet, r: ReqRes): void {
  if (!tcpState.keepFrames) return; // only a second pass (-2) looks frames up
  if (frameReqRes.size >= MAX_FRAME_RECORDS) frameReqRes.delete(frameReqRes.keys().next().value!);
  frameReqRes.set(pkt.num, r);
}

// ---------------------------------------------------------------------------------------------------------
// Line helpers

const le: LineEnd = { len: 0, next: 0 };
const le2: LineEnd = { len: 0, next: 0 };

/** get_token_len over buf[p, end): the token's length and where the next token starts. */
function tokenLen(b: Uint8Array, p: number, end: number): { len: number; next: number } {
  const start = p;
  while (p < end && b[p] !== 32 && b[p] !== 13 && b[p] !== 10) p++;
  const len = p - start;
  while (p < end && b[p] === 32) p++;
  return { len, next: p };
}

function latin1(b: Uint8Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) out += String.fromCharCode(b[i]!);
  return out;
}

const METHODS: ReadonlyMap<string, HttpType> = new Map([
  ...['GET', 'PUT', 'COPY', 'HEAD', 'LOCK', 'MOVE', 'POLL', 'POST', 'BCOPY', 'BMOVE', 'MKCOL', 'TRACE', 'PATCH', 'LABEL', 'MERGE',
    'DELETE', 'SEARCH', 'UNLOCK', 'REPORT', 'UPDATE', 'BDELETE', 'CONNECT', 'OPTIONS', 'CHECKIN', 'PROPFIND', 'CHECKOUT',
    'CCM_POST', 'PROPPATCH', 'BPROPFIND', 'BPROPPATCH', 'UNCHECKOUT', 'MKACTIVITY', 'MKWORKSPACE', 'RPC_CONNECT', 'RPC_IN_DATA',
    'RPC_OUT_DATA', 'VERSION-CONTROL', 'BASELINE-CONTROL', 'SSTP_DUPLEX_POST'].map(m => [m, HttpType.Request] as const),
  ...['NOTIFY', 'SUBSCRIBE', 'UNSUBSCRIBE'].map(m => [m, HttpType.Notification] as const),
]);

interface LineKind { type: HttpType; method: string | null }

/** is_http_request_or_reply over buf[p, p + len). */
function requestOrReply(b: Uint8Array, p: number, len: number): LineKind | null {
  if (len >= 2 && b[p] === 0x4d && b[p + 1] === 0x2d) { p += 2; len -= 2; } // "M-"
  if ((len >= 5 && b[p] === 0x48 && b[p + 1] === 0x54 && b[p + 2] === 0x54 && b[p + 3] === 0x50 && b[p + 4] === 0x2f) ||
      (len >= 3 && b[p] === 0x49 && b[p + 1] === 0x43 && b[p + 2] === 0x59)) return { type: HttpType.Response, method: null };
  let i = 0;
  while (i < len && b[p + i] !== 32) i++;
  if (i < 3 || i > 16) return null;
  const m = latin1(b, p, p + i);
  const t = METHODS.get(m);
  return t === undefined ? null : { type: t, method: m };
}

// ---------------------------------------------------------------------------------------------------------
// req_resp_hdrs_do_reassembly

function ciStarts(s: string, prefix: string): boolean { return s.length >= prefix.length && s.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase(); }

function strtoi32Strict(s: string): number | null {
  if (!/^[+-]?\d+$/.test(s)) return null;
  const v = Number(s);
  if (v > 0x7fffffff || v < -0x80000000) return null;
  return v;
}

/** sscanf("%x"): leading whitespace, optional sign and 0x, hex digits; null when no digit. */
function scanHex(s: string): number | null {
  const m = /^\s*([+-]?)(0[xX])?([0-9a-fA-F]+)/.exec(s);
  if (!m) {
    if (/^\s*[+-]?0[xX]/.test(s)) return 0;
    return null;
  }
  let v = BigInt('0x' + m[3]!);
  if (m[1] === '-') v = -v;
  return Number(BigInt.asUintN(32, v));
}

/** Where the chunk scan of req_resp_hdrs_do_reassembly resumes (last_chunk_offset), relative to the message. */
const chunkState = { offset: 0 };

function doReassembly(tvb: Tvb, offset: number, pkt: Packet, desegHeaders: boolean, desegBody: boolean, untilFin: boolean): boolean {
  let next = offset;
  let contentLength = 0, clFound = false, ctFound = false, chunked = false;
  let contentType = '';
  if (desegHeaders && pkt.canDesegment) {
    for (;;) {
      const save = next;
      const rep = tvb.reportedRemaining(next);
      if (rep < 1) { pkt.desegmentOffset = offset; pkt.desegmentLen = DESEGMENT_ONE_MORE_SEGMENT; return false; }
      const cap = tvb.remaining(next);
      findLineEnd(tvb, next, cap, true, le2);
      if (le2.len === -1 && cap >= rep) { pkt.desegmentOffset = offset; pkt.desegmentLen = DESEGMENT_ONE_MORE_SEGMENT; return false; }
      // a line cut by the capture length cannot be completed (Wireshark would loop here; TCP never asks it to)
      if (le2.len === -1) return true;
      const linelen = le2.len;
      next = le2.next;
      if (linelen === 0) break;
      if (desegBody) {
        const first = tvb.u8(save);
        if (!(first === 0x63 || first === 0x43 || first === 0x74 || first === 0x54)) continue;
        const line = tvb.latin1(save, linelen);
        if (ciStarts(line, 'Content-Length:')) {
          const v = strtoi32Strict(line.slice(15).trim());
          if (v !== null && v >= 0) { contentLength = v; clFound = true; }
        } else if (ciStarts(line, 'Content-Type:')) {
          ctFound = true;
          contentType = line.slice(13).replace(/^ +/, '');
        } else if (ciStarts(line, 'Transfer-Encoding:')) {
          const v = line.slice(18).replace(/^[ \t]+/, '');
          if (ciStarts(v, 'chunked')) chunked = true;
        }
      }
    }
  }
  if (!desegBody) return true;
  if (chunked) {
    if (chunkState.offset) next = offset + chunkState.offset;
    for (;;) {
      const rep = tvb.reportedRemaining(next);
      if (rep < 1) { pkt.desegmentOffset = offset; pkt.desegmentLen = DESEGMENT_ONE_MORE_SEGMENT; return false; }
      const cap = tvb.remaining(next);
      findLineEnd(tvb, next, cap, true, le2);
      if (le2.len === -1 && cap >= rep) { pkt.desegmentOffset = offset; pkt.desegmentLen = DESEGMENT_ONE_MORE_SEGMENT; return false; }
      if (le2.len === -1) return true;
      chunkState.offset = next - offset;
      let chunkOff = le2.next;
      let s = tvb.latin1(next, le2.len);
      const semi = s.indexOf(';');
      if (semi >= 0) s = s.slice(0, semi);
      const size = scanHex(s);
      if (size === null) return true;
      if (size > 0x80000000) return true;
      if (size === 0) {
        findLineEnd(tvb, chunkOff, Math.min(cap, tvb.remaining(chunkOff)), true, le2);
        if (le2.len === -1 && cap >= rep) { pkt.desegmentOffset = offset; pkt.desegmentLen = DESEGMENT_ONE_MORE_SEGMENT; return false; }
        chunkOff = le2.next;
        pkt.desegmentOffset = chunkOff;
        pkt.desegmentLen = 0;
        return true;
      }
      if (rep > size) next = chunkOff + size + 2;
      else { pkt.desegmentOffset = offset; pkt.desegmentLen = DESEGMENT_ONE_MORE_SEGMENT; return false; }
    }
  } else if (clFound) {
    if (contentLength >= 128 * 1024) {
      if (ctFound && contentType.startsWith('application/rpc')) return true;
      const head = tvb.latin1(0, 12);
      if (head.startsWith('RPC_IN_DATA') || head.startsWith('RPC_OUT_DATA')) return true;
    }
    if (!(next >= 0 && next + contentLength <= tvb.len)) {
      const cap = tvb.remaining(next), rep = tvb.reportedRemaining(next);
      if (cap < rep) return true;
      pkt.desegmentOffset = offset;
      pkt.desegmentLen = contentLength - cap;
      return false;
    }
  } else if (untilFin && pkt.canDesegment) {
    const cap = tvb.remaining(next), rep = tvb.reportedRemaining(next);
    if (cap < rep) return true;
    pkt.desegmentOffset = offset;
    pkt.desegmentLen = DESEGMENT_UNTIL_FIN;
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Headers

const enum Special { None, Authorization, Authenticate, ContentType, ContentLength, ContentEncoding, TransferEncoding, Host, Upgrade, Cookie, WsProtocol, WsExtensions, Referer, Location, Http2Settings }

const HEADERS: ReadonlyMap<string, [FieldDef, Special]> = new Map([
  ['authorization', [hf.authorization, Special.Authorization]],
  ['proxy-authorization', [hf.proxy_authorization, Special.Authorization]],
  ['proxy-authenticate', [hf.proxy_authenticate, Special.Authenticate]],
  ['www-authenticate', [hf.www_authenticate, Special.Authenticate]],
  ['content-type', [hf.content_type, Special.ContentType]],
  ['content-length', [hf.content_length_header, Special.ContentLength]],
  ['content-encoding', [hf.content_encoding, Special.ContentEncoding]],
  ['transfer-encoding', [hf.transfer_encoding, Special.TransferEncoding]],
  ['upgrade', [hf.upgrade, Special.Upgrade]],
  ['user-agent', [hf.user_agent, Special.None]],
  ['host', [hf.host, Special.Host]],
  ['connection', [hf.connection, Special.None]],
  ['cookie', [hf.cookie, Special.Cookie]],
  ['accept', [hf.accept, Special.None]],
  ['referer', [hf.referer, Special.Referer]],
  ['accept-language', [hf.accept_language, Special.None]],
  ['accept-encoding', [hf.accept_encoding, Special.None]],
  ['date', [hf.date, Special.None]],
  ['cache-control', [hf.cache_control, Special.None]],
  ['server', [hf.server, Special.None]],
  ['location', [hf.location, Special.Location]],
  ['sec-websocket-accept', [hf.sec_websocket_accept, Special.None]],
  ['sec-websocket-extensions', [hf.sec_websocket_extensions, Special.WsExtensions]],
  ['sec-websocket-key', [hf.sec_websocket_key, Special.None]],
  ['sec-websocket-protocol', [hf.sec_websocket_protocol, Special.WsProtocol]],
  ['sec-websocket-version', [hf.sec_websocket_version, Special.None]],
  ['set-cookie', [hf.set_cookie, Special.None]],
  ['last-modified', [hf.last_modified, Special.None]],
  ['x-forwarded-for', [hf.x_forwarded_for, Special.None]],
  ['http2-settings', [hf.http2_settings, Special.Http2Settings]],
]);

const enum TE { None, Compress, Deflate, Gzip, Identity, Unknown }

interface Headers {
  contentType: string | null;
  contentTypeParams: string | null;
  haveContentLength: boolean;
  contentLength: number;
  contentEncoding: string | null;
  chunked: boolean;
  te: TE;
  upgrade: string | null;
}

function isTokenChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || '!#$%&\\:*+-.^_`|~'.includes(String.fromCharCode(c));
}

function parseTransferCoding(value: string, h: Headers): boolean {
  let ok = true;
  h.te = TE.Unknown;
  let i = 0;
  while (i < value.length) {
    while (i < value.length && (value[i] === ' ' || value[i] === '\t' || value[i] === ',')) i++;
    if (i >= value.length) break;
    const rest = value.slice(i);
    if (rest.startsWith('chunked')) { h.chunked = true; i += 7; continue; }
    if (h.te !== TE.Unknown) { ok = false; break; }
    const names: [string, TE][] = [['compress', TE.Compress], ['deflate', TE.Deflate], ['gzip', TE.Gzip], ['identity', TE.Identity], ['x-compress', TE.Compress], ['x-gzip', TE.Gzip]];
    const hit = names.find(([n]) => rest.startsWith(n));
    if (hit) { h.te = hit[1]; i += hit[0].length; }
    else {
      ok = false;
      const comma = value.indexOf(',', i);
      if (comma < 0) break;
      i = comma;
    }
  }
  return ok;
}

/** C's strtoll over a header value (leading space, sign, digits); null when invalid per process_header. */
function parseContentLength(value: string): number | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(value);
  if (!m) return null;
  const rest = value.slice(m[0].length);
  if (rest.length && !/^[ \t\n\v\f\r]/.test(rest)) return null;
  const big = BigInt(m[1] + m[2]!);
  if (big > 0x7fffffffffffffffn || big < -0x8000000000000000n) return null;
  if (big < 0n) return null;
  return Number(big);
}

// ---------------------------------------------------------------------------------------------------------
// The message dissector

interface Ctx {
  tag: string;
  protoDef: FieldDef;
}
const HTTP_CTX: Ctx = { tag: 'HTTP', protoDef: proto };
const SSDP_CTX: Ctx = { tag: 'SSDP', protoDef: ssdpProto };

function dissectMessage(tvb: Tvb, offset: number, pkt: Packet, tree: Item, conv: HttpConv, ctx: Ctx, endOfStream: boolean): number {
  const origOffset = offset;
  let ht: Item | null = null;
  let ti: Item | null = null;
  const reportedLength = tvb.reportedRemaining(offset);
  if (reportedLength < 1) return -1;
  let leadingCrlf = false;
  if (reportedLength > 3 && tvb.u16(offset) === 0x0d0a) { leadingCrlf = true; offset += 2; }
  const haveSeenHttp = conv.requestUri !== null;

  const c0 = tvb.u8(offset);
  if (!(c0 >= 0x20 && c0 < 0x7f)) {
    if (haveSeenHttp) {
      pkt.protocol.set(ctx.tag);
      pkt.info.set('Continuation');
      ti = tree.add(ctx.protoDef, tvb, offset, -1, null);
      call(dataHandle, tvb.sub(origOffset), pkt, ti);
    }
    return -1;
  }

  tvb.check(offset, 0);
  findLineEnd(tvb, offset, tvb.remaining(offset), true, le);
  let firstLen = le.len;
  if (firstLen === -1) {
    chunkState.offset = 0;
    if (!doReassembly(tvb, offset, pkt, true, true, false)) return -1;
  }
  const b = tvb.buf, base = tvb.off;
  let kind = firstLen >= 0 ? requestOrReply(b, base + offset, firstLen) : null;
  if (kind) {
    pkt.info.set(formatBytes(b, base + offset, base + offset + firstLen) + ' ');
    let tryBody = !endOfStream;
    if (tryBody && kind.type === HttpType.Response) {
      const rc = statusCodeOf(b, base + offset, base + offset + firstLen);
      const m = conv.requestMethod;
      if (m === 'HEAD' || (Math.trunc(rc / 100) === 2 && (m === 'CONNECT' || m === 'SSTP_DUPLEX_POST')) ||
          Math.trunc(rc / 100) === 1 || rc === 204 || rc === 304) tryBody = false;
    }
    // resume the chunk scan where the previous, shorter, reassembly attempt of this PDU stopped
    const ti = tcpInfo(pkt);
    const ckey = ti ? pkt.srcport + ':' + ti.seq : null;
    chunkState.offset = ckey !== null ? conv.chunkOffsets?.get(ckey) ?? 0 : 0;
    if (!doReassembly(tvb, offset, pkt, true, tryBody, kind.type === HttpType.Response)) {
      if (ckey !== null && chunkState.offset) (conv.chunkOffsets ??= new Map()).set(ckey, chunkState.offset);
      return -1;
    }
    if (ckey !== null) conv.chunkOffsets?.delete(ckey);
  } else if (haveSeenHttp) {
    pkt.info.set('Continuation');
  }
  if (kind || haveSeenHttp) {
    pkt.protocol.set(ctx.tag);
    ti = tree.add(ctx.protoDef, tvb, offset, -1, null);
    ht = ti;
    if (leadingCrlf) expertAdd(pkt, ht.addText(tvb, offset - 2, 2, ei.leading_crlf.summary), ei.leading_crlf, ei.leading_crlf.summary, tvb, offset - 2, 2);
  }
  const isTls = pkt.layers.includes('tls');

  const stat: HttpTap = {
    framenum: pkt.num, requestMethod: null, responseCode: 0, httpHost: null, requestUri: null, refererUri: null,
    fullUri: null, locationBaseUri: null, locationTarget: null, src: pkt.src, dst: pkt.dst,
  };
  let httpType = HttpType.Others;
  const h: Headers = { contentType: null, contentTypeParams: null, haveContentLength: false, contentLength: 0, contentEncoding: null, chunked: false, te: TE.None, upgrade: null };
  let sawReqRespOrHeader = false;
  let firstLoop = true;

  while (offset < tvb.len) {
    findLineEnd(tvb, offset, tvb.remaining(offset), false, le);
    const linelen = le.len, next = le.next;
    if (linelen < 0) return -1;
    const lp = base + offset, lend = lp + linelen;
    let colon = -1;
    kind = requestOrReply(b, lp, linelen);
    let isHttp = false;
    if (kind) {
      httpType = kind.type;
      if (kind.method !== null) { stat.requestMethod = kind.method; conv.requestMethod = kind.method; }
      isHttp = true;
    } else if (linelen === 0) isHttp = true;
    else {
      const ci = b.subarray(lp, lend).indexOf(0x3a);
      if (ci >= 0) { colon = offset + ci; isHttp = true; }
    }
    if (!isHttp) {
      if (sawReqRespOrHeader) tvb.ensure(offset, linelen + 1);
      break;
    }
    if (tree.real && ht === null) {
      ti = tree.add(ctx.protoDef, tvb, origOffset, -1, null);
      ht = ti;
      if (leadingCrlf) expertAdd(pkt, ht.addText(tvb, origOffset - 2, 2, ei.leading_crlf.summary), ei.leading_crlf, ei.leading_crlf.summary, tvb, origOffset - 2, 2);
    }
    if (firstLoop && !isTls && pkt.ptype === PT.TCP && (pkt.srcport === 443 || pkt.destport === 443)) {
      expertAdd(pkt, ti ?? NULL_ITEM, ei.tls_port);
    }
    firstLoop = false;
    const t = ht ?? NULL_ITEM;
    if (linelen === 0) {
      if (t.real) t.addText(tvb, offset, next - offset, formatBytes(b, lp, base + next));
      offset = next;
      break;
    }
    sawReqRespOrHeader = true;
    if (kind) {
      const text = formatBytes(b, lp, base + next);
      const rt = t.addText(tvb, offset, next - offset, text);
      expertAdd(pkt, rt, ei.chat, text, tvb, offset, next - offset);
      if (kind.type === HttpType.Response) responseLine(tvb, rt, offset, lp, lend, conv, stat);
      else requestLine(tvb, rt, offset, lp, lend, conv, stat);
    } else {
      processHeader(tvb, offset, next, lp, linelen, colon, pkt, t, h, conv, httpType, stat);
    }
    offset = next;
  }

  if (stat.httpHost !== null && stat.requestUri !== null) {
    const u = stat.requestUri;
    let uri: string;
    if (ciStarts(u, 'http://') || ciStarts(u, 'https://') || (conv.requestMethod !== null && ciStarts(conv.requestMethod, 'CONNECT'))) uri = u;
    else uri = `${isTls ? 'https' : 'http'}://${stat.httpHost.replace(/^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g, '')}${u}`;
    stat.fullUri = uri;
    conv.fullUri = uri;
    if (ht && ht.real) ht.add(hf.request_full_uri, tvb, 0, 0, uri).generated();
  }

  let curr: ReqRes | null = null;
  if (!pkt.visited) {
    if (httpType === HttpType.Request) {
      curr = pushReqRes(conv);
      curr.reqFrame = pkt.num;
      curr.reqTs = new NsTime(pkt.tsSec, pkt.tsNsec);
      rememberFrame(pkt, curr);
    } else if (httpType === HttpType.Response) {
      curr = conv.tail;
      if (!curr || curr.resFrame > 0) curr = pushReqRes(conv);
      curr.resFrame = pkt.num;
      rememberFrame(pkt, curr);
    }
  } else {
    curr = frameReqRes.get(pkt.num) ?? null;
  }

  if (ht && ht.real) addPairing(tvb, pkt, ht, httpType, curr, conv);

  // body
  let datalen = tvb.remaining(offset);
  let reportedDatalen = tvb.reportedRemaining(offset);
  if (h.haveContentLength && h.te === TE.None) {
    if (datalen > h.contentLength) datalen = h.contentLength;
    if (reportedDatalen > h.contentLength) reportedDatalen = h.contentLength;
  } else {
    switch (httpType) {
      case HttpType.Request:
        if (h.te === TE.None) datalen = 0; else reportedDatalen = -1;
        break;
      case HttpType.Response: {
        const rc = stat.responseCode;
        if (Math.trunc(rc / 100) === 1 || rc === 204 || rc === 304) datalen = 0;
        else reportedDatalen = -1;
        break;
      }
      default: reportedDatalen = -1;
    }
  }

  if (datalen > 0) {
    offset += body(tvb, offset, datalen, reportedDatalen, pkt, tree, ht, ti, h, httpType);
  }

  if (pkt.wants('http')) pkt.tap('http', stat);
  return offset - origOffset;
}

function statusCodeOf(b: Uint8Array, p: number, end: number): number {
  let t = tokenLen(b, p, end);
  if (t.len === 0) return 0;
  const s2 = t.next;
  t = tokenLen(b, s2, end);
  if (t.len !== 3) return 0;
  const v = strtoi32Strict(latin1(b, s2, s2 + 3));
  return v ?? 0;
}

function requestLine(tvb: Tvb, t: Item, offset: number, lp: number, lend: number, conv: HttpConv, stat: HttpTap): void {
  const b = tvb.buf, base = tvb.off;
  let tk = tokenLen(b, lp, lend);
  if (tk.len === 0) return;
  if (t.real) t.add(hf.request_method, tvb, offset, tk.len, asciiString(b, lp, lp + tk.len));
  let nextTok = tk.next;
  if (nextTok - lp > 2 && b[nextTok - 1] === 32 && b[nextTok - 2] === 32) nextTok--;
  offset += nextTok - lp;
  let line = nextTok;
  tk = tokenLen(b, line, lend);
  const uri = asciiString(b, line, line + tk.len);
  stat.requestUri = uri;
  conv.requestUri = uri;
  if (t.real) {
    const tj = t.add(hf.request_uri, tvb, offset, tk.len, uri);
    const q = uri.indexOf('?');
    if (q >= 0 && uri.length - q > 1) {
      const query = uri.slice(q + 1);
      const pathLen = uri.length - query.length;
      let qoff = offset + pathLen;
      tj.add(hf.request_path, tvb, offset, pathLen - 1, uri.slice(0, pathLen - 1));
      const qi = tj.add(hf.request_query, tvb, qoff, query.length, query);
      // strtok(query, "&"): empty parameters are skipped, and so are their separators
      let i = 0;
      while (i < query.length) {
        while (i < query.length && query[i] === '&') { i++; }
        if (i >= query.length) break;
        let j = query.indexOf('&', i);
        if (j < 0) j = query.length;
        const param = query.slice(i, j);
        qi.add(hf.request_query_parameter, tvb, qoff, param.length, param);
        qoff += param.length + 1;
        i = j;
      }
    }
  }
  offset += tk.next - line;
  line = tk.next;
  if (t.real) t.add(hf.request_version, tvb, offset, lend - line, asciiString(b, line, lend));
  void base;
}

function responseLine(tvb: Tvb, t: Item, offset: number, lp: number, lend: number, conv: HttpConv, stat: HttpTap): void {
  const b = tvb.buf;
  let tk = tokenLen(b, lp, lend);
  if (tk.len === 0) return;
  if (t.real) t.add(hf.response_version, tvb, offset, tk.len, asciiString(b, lp, lp + tk.len));
  offset += tk.next - lp;
  let line = tk.next;
  tk = tokenLen(b, line, lend);
  if (tk.len < 3) return;
  const code = strtoul10(latin1(b, line, line + 3));
  stat.responseCode = code;
  conv.responseCode = code;
  if (t.real) {
    t.add(hf.response_code, tvb, offset, 3, code);
    t.add(hf.response_code_desc, tvb, offset, 3, HTTP_STATUS_CODES.get(code) ?? `Unknown (${code})`).generated();
  }
  offset += tk.next - line;
  line = tk.next;
  if (lend - line >= 1 && t.real) t.add(hf.response_phrase, tvb, offset, lend - line, asciiString(b, line, lend));
}

function strtoul10(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d*)/.exec(s)!;
  if (!m[2]) return 0;
  let v = Number(m[2]);
  if (m[1] === '-') v = (0x100000000 - v) >>> 0;
  return v >>> 0;
}

function processHeader(tvb: Tvb, offset: number, next: number, lp: number, linelen: number, colon: number, pkt: Packet, t: Item,
  h: Headers, conv: HttpConv, httpType: HttpType, stat: HttpTap): void {
  const b = tvb.buf, base = tvb.off;
  const len = next - offset;
  const lineEndOff = offset + linelen;
  const hlen = colon - offset;
  let valid = hlen !== 0;
  if (valid) for (let i = 0; i < hlen; i++) { const c = b[lp + i]!; if (c === 0 || !isTokenChar(c)) { valid = false; break; } }
  const lineText = (): string => formatBytes(b, lp, lp + len);
  if (!valid) {
    const f = httpType === HttpType.Request ? hf.request_line : httpType === HttpType.Response ? hf.response_line : hf.unknown_header;
    const it = t.add(f, tvb, offset, len, t.real ? asciiString(b, lp, lp + len) : null);
    if (t.real) it.setText(lineText());
    expertAdd(pkt, it, ei.bad_header_name, ei.bad_header_name.summary, tvb, offset, len);
    return;
  }
  const name = latin1(b, lp, lp + hlen).toLowerCase();
  const known = HEADERS.get(name);
  let vo = colon + 1;
  while (vo < lineEndOff && (b[base + vo] === 32 || b[base + vo] === 9)) vo++;
  const vlen = lineEndOff - vo;
  const value = latin1(b, base + vo, base + lineEndOff);
  if (!known) {
    if (t.real) {
      if (httpType === HttpType.Request || httpType === HttpType.Response) {
        t.add(httpType === HttpType.Response ? hf.response_line : hf.request_line, tvb, offset, len, asciiString(b, lp, lp + len)).setText(lineText());
      } else {
        const str = lineText();
        t.add(hf.unknown_header, tvb, offset, len, str).setText(str);
      }
    }
    return;
  }
  const [field, special] = known;
  let hdr: Item = NULL_ITEM;
  if (t.real) {
    hdr = t.add(field, tvb, offset, len, asciiString(b, base + vo, base + lineEndOff)).setText(lineText());
    if (httpType === HttpType.Request || httpType === HttpType.Response) {
      t.add(httpType === HttpType.Response ? hf.response_line : hf.request_line, tvb, offset, len, asciiString(b, lp, lp + len)).setText(lineText()).hidden();
    }
  }
  switch (special) {
    case Special.ContentType: {
      let i = 0;
      let ct = '';
      for (; i < vlen; i++) {
        const c = value[i]!;
        if (c === ';' || /[\t\n\v\f\r ]/.test(c)) break;
        ct += c.toLowerCase();
      }
      h.contentType = ct;
      i++;
      while (i < vlen) { const c = value[i]!; if (c === ';' || /[\t\n\v\f\r ]/.test(c)) i++; else break; }
      h.contentTypeParams = i < vlen ? value.slice(i) : null;
      break;
    }
    case Special.ContentLength: {
      const v = parseContentLength(value);
      if (v === null) h.haveContentLength = false;
      else {
        h.haveContentLength = true;
        h.contentLength = v;
        if (hdr.real) hdr.add(hf.content_length, tvb, offset, len, BigInt(v)).generated();
        if (h.te !== TE.None) expertAdd(pkt, hdr, ei.te_and_length);
      }
      break;
    }
    case Special.Authorization:
      if (value.startsWith('Basic ')) {
        let v = value.slice(6);
        if (v.length > 1) {
          const raw = Buffer.from(v, 'base64');
          let end = raw.indexOf(0);
          if (end < 0) end = raw.length;
          v = raw.subarray(0, end).toString('latin1');
        }
        if (hdr.real) hdr.add(hf.basic, tvb, 0, 0, v);
      }
      break;
    case Special.ContentEncoding: h.contentEncoding = value; break;
    case Special.TransferEncoding:
      if (h.haveContentLength) expertAdd(pkt, hdr, ei.te_and_length);
      if (!parseTransferCoding(value, h)) expertAdd(pkt, hdr, ei.te_unknown);
      break;
    case Special.Host: stat.httpHost = value; conv.httpHost = value; break;
    case Special.Upgrade: h.upgrade = value.toLowerCase(); break;
    case Special.Cookie:
      if (hdr.real) {
        let i = 0;
        while (i < vlen) {
          while (i < vlen && (value[i] === ';' || /[\t\n\v\f\r ]/.test(value[i]!))) i++;
          if (i >= vlen) break;
          const semi = value.indexOf(';', i);
          const plen = (semi < 0 ? vlen : semi) - i;
          hdr.add(hf.cookie_pair, tvb, vo + i, plen, asciiString(b, base + vo + i, base + vo + i + plen));
          i += plen;
        }
      }
      break;
    case Special.Referer: stat.refererUri = value; break;
    case Special.Location:
      if (conv.requestUri !== null) {
        stat.locationTarget = value.slice(0, vo);
        stat.locationBaseUri = conv.fullUri;
      }
      break;
    default: break;
  }
}

function addPairing(tvb: Tvb, pkt: Packet, ht: Item, type: HttpType, curr: ReqRes | null, conv: HttpConv): void {
  const prev = curr ? curr.prev : null, next = curr ? curr.next : null;
  switch (type) {
    case HttpType.Notification:
      ht.add(hf.notification, tvb, 0, 0, true).hidden();
      break;
    case HttpType.Response:
      ht.add(hf.response, tvb, 0, 0, true).hidden();
      if (curr) {
        ht.add(hf.response_number, tvb, 0, 0, curr.number).setText(`HTTP response ${curr.number}/${conv.reqResNum}`).generated();
        if (curr.reqTs) {
          ht.add(hf.time, tvb, 0, 0, NsTime.diff(pkt.tsSec, pkt.tsNsec, curr.reqTs.sec, curr.reqTs.nsec)).generated();
        }
      }
      if (prev && prev.reqFrame) ht.add(hf.prev_request_in, tvb, 0, 0, prev.reqFrame).generated();
      if (prev && prev.resFrame) ht.add(hf.prev_response_in, tvb, 0, 0, prev.resFrame).generated();
      if (curr && curr.reqFrame) ht.add(hf.request_in, tvb, 0, 0, curr.reqFrame).generated();
      if (next && next.reqFrame) ht.add(hf.next_request_in, tvb, 0, 0, next.reqFrame).generated();
      if (next && next.resFrame) ht.add(hf.next_response_in, tvb, 0, 0, next.resFrame).generated();
      if (conv.fullUri !== null || conv.requestUri !== null) {
        ht.add(hf.response_for_uri, tvb, 0, 0, conv.fullUri ?? conv.requestUri).generated();
      }
      break;
    case HttpType.Request:
      ht.add(hf.request, tvb, 0, 0, true).hidden();
      if (curr) ht.add(hf.request_number, tvb, 0, 0, curr.number).setText(`HTTP request ${curr.number}/${conv.reqResNum}`).generated();
      if (prev && prev.reqFrame) ht.add(hf.prev_request_in, tvb, 0, 0, prev.reqFrame).generated();
      if (curr && curr.resFrame) ht.add(hf.response_in, tvb, 0, 0, curr.resFrame).generated();
      if (next && next.reqFrame) ht.add(hf.next_request_in, tvb, 0, 0, next.reqFrame).generated();
      break;
    default: break;
  }
}

/** The message body; returns the bytes it covers (a chunked body may end before the data does). */
function body(tvb: Tvb, offset: number, datalen: number, reportedDatalen: number, pkt: Packet, tree: Item, ht: Item | null,
  ti: Item | null, h: Headers, httpType: HttpType): number {
  bodyData(tvb, offset, datalen, reportedDatalen, pkt, tree, ht, ti, h, httpType);
  return bodyLen >= 0 ? bodyLen : datalen;
}

/** Set by bodyData when de-chunking consumed less than the data (chunked_datalen). */
let bodyLen = -1;

function bodyData(tvb: Tvb, offset: number, datalen: number, reportedDatalen: number, pkt: Packet, tree: Item, ht: Item | null,
  ti: Item | null, h: Headers, httpType: HttpType): void {
  bodyLen = -1;
  const t = ht ?? NULL_ITEM;
  let next = reportedDatalen < 0 ? tvb.sub(offset) : tvb.sub(offset, reportedDatalen);
  if (next.len > datalen) next = new Tvb(next.buf, next.off, datalen, next.reported, next.contained);
  if (h.chunked) {
    const r = dechunk(next, pkt, t, hfChunk);
    if (r.consumed === 0 || r.body === null) return;
    bodyLen = r.consumed;
    next = r.body;
    addDataSource(pkt, 'De-chunked entity body', next.buf);
  }
  switch (h.te) {
    case TE.Compress: case TE.Deflate: case TE.Gzip:
      call(dataHandle, next, pkt, t);
      return;
    default: break;
  }
  if (h.contentEncoding !== null && h.contentEncoding.toLowerCase() !== 'identity') {
    const enc = h.contentEncoding.toLowerCase();
    let un: Uint8Array | null = null;
    if (enc === 'gzip' || enc === 'deflate' || enc === 'x-gzip' || enc === 'x-deflate') un = uncompress(next.bytes(0, next.len));
    if (enc === 'br') un = uncompressBrotli(next.bytes(0, next.len));
    const et = t.addText(next, 0, next.len, `Content-encoded entity body (${h.contentEncoding}): ${next.len} bytes`);
    if (un !== null) {
      et.appendText(` -> ${un.length} bytes`);
      next = Tvb.of(un);
      addDataSource(pkt, 'Uncompressed entity body', un);
    } else {
      expertAdd(pkt, et, ei.decompression_failed);
      call(dataHandle, next, pkt, et);
      return;
    }
  }
  const caplen = next.len;
  if (t.real) {
    const bytes = next.bytes(0, caplen);
    let nul = bytes.indexOf(0);
    if (nul < 0) nul = caplen;
    t.add(hf.file_data, next, 0, caplen, asciiString(bytes, 0, nul)).setText(`File Data: ${caplen} bytes`);
  }
  if (caplen === 0) return;
  let hnd = null;
  let mediaStr: string | null = null;
  let matchString: string | null = null;
  if (h.contentType !== null) {
    if (h.contentTypeParams) mediaStr = h.contentTypeParams;
    matchString = h.contentType;
    hnd = mediaTypes.get(h.contentType) ?? null;
    if (!hnd && h.contentType.startsWith('multipart/')) hnd = mediaTypes.get('multipart/') ?? null;
  }
  const info: MessageInfo = { type: httpType, mediaStr, matchString };
  let dissected = false;
  if (hnd) {
    dissected = callWithInfo(hnd, next, pkt, tree, info) > 0;
    if (!dissected) expertAdd(pkt, t, ei.subdissector_failed);
  }
  if (!dissected) dissected = tryHeuristics(next, pkt, tree, info);
  if (dissected) {
    if (ti && ti.real) ti.setLen(offset);
  } else if (h.contentType !== null) {
    callWithInfo(mediaHandle, next, pkt, tree, info);
  } else {
    call(dataHandle, next, pkt, t);
  }
}

/** add_new_data_source: -x prints each extra data source after the frame (Packet.dataSources, from TCP's work). */
function addDataSource(pkt: Packet, name: string, data: Uint8Array): void {
  (pkt as unknown as { dataSources?: { name: string; data: Uint8Array }[] }).dataSources?.push({ name, data });
}

function tryHeuristics(tvb: Tvb, pkt: Packet, tree: Item, info: MessageInfo): boolean {
  // dissector_try_heuristic gets no message info, only pinfo->match_string
  return withInfo({ type: info.type, mediaStr: null, matchString: info.matchString }, () => httpHeuristics.try(tvb, pkt, tree));
}

// ---------------------------------------------------------------------------------------------------------
// Entry points

function dissectOnStream(tvb: Tvb, pkt: Packet, tree: Item, conv: HttpConv, endOfStream: boolean, ctx: Ctx): void {
  let offset = 0;
  while (tvb.reportedRemaining(offset) > 0) {
    if (conv.startframe && (pkt.num > conv.startframe || (pkt.num === conv.startframe && offset >= conv.startoffset))) {
      call(dataHandle, tvb.sub(offset), pkt, tree);
      if (pkt.desegmentLen) pkt.desegmentOffset += offset;
      break;
    }
    const len = dissectMessage(tvb, offset, pkt, tree, conv, ctx, endOfStream);
    if (len <= 0) break;
    offset += len;
    pkt.info.setFence();
  }
}

/** Items directly under a real tree (to tell whether a call added anything). */
function childCount(tree: Item): number {
  return tree.real ? ((tree as PNode).children?.length ?? 0) : 0;
}

/**
 * call_dissector_work removes the layer of a dissector that added nothing to a tree that is being built
 * (e.g. HTTP asking TCP for more data): frame.protocols then ends at "tcp".
 */
function dropLayerIfNoItems(pkt: Packet, tree: Item, before: number, layersAtEntry: number): void {
  if (tree.real && childCount(tree) === before && layersAtEntry > 0 && pkt.layers[layersAtEntry - 1] === 'http') {
    pkt.layers.length = layersAtEntry - 1;
  }
}

function dissectHttpTcp(tvb: Tvb, pkt: Packet, tree: Item): number {
  const conv = getConv(pkt)!;
  const ti = tcpInfo(pkt);
  const eos = ti !== undefined && (ti.flags & TH_FIN) !== 0;
  const before = childCount(tree), layers = pkt.layers.length;
  // a CONNECT tunnel that the proxy accepted: hand the payload to the tunnelled protocol
  if (pkt.num >= conv.startframe && conv.responseCode === 200 && conv.requestMethod !== null &&
      conv.requestMethod.startsWith('CONNECT') && conv.requestUri !== null) {
    if (conv.startframe === 0 && !pkt.visited) {
      conv.startframe = pkt.num; conv.startoffset = 0;
      conv.serverAddr = addrKey(pkt.dst); conv.serverPort = pkt.destport;
    }
    tunnelPayload(tvb, pkt, tree, conv);
    return tvb.len;
  }
  dissectOnStream(tvb, pkt, tree, conv, eos, HTTP_CTX);
  dropLayerIfNoItems(pkt, tree, before, layers);
  return tvb.len;
}

/** http_payload_subdissector: the proxy's host and port, then the payload as the tunnelled port's protocol. */
function tunnelPayload(tvb: Tvb, pkt: Packet, tree: Item, conv: HttpConv): void {
  const uri = conv.requestUri!;
  const colon = uri.indexOf(':');
  if (colon < 0) return;
  const host = uri.slice(0, colon);
  const port = strtol10(uri.slice(colon + 1));
  if (tree.real) {
    const it = tree.add(proto, tvb, 0, -1, null);
    it.add(hf.proxy_connect_host, tvb, 0, 0, host).generated();
    it.add(hf.proxy_connect_port, tvb, 0, 0, port & 0xffff).generated();
  }
  const fromServer = pkt.srcport === conv.serverPort && addrKey(pkt.src) === conv.serverAddr;
  // the tunnelled protocol is never HTTP again (Wireshark: port in the HTTP range or an HTTP conversation)
  if (HTTP_TCP_PORTS.includes(port) || inTunnel || conv.heurFrame) { call(dataHandle, tvb, pkt, tree); return; }
  if (pkt.canDesegment > 0) pkt.canDesegment++;
  const sport = fromServer ? port : pkt.srcport, dport = fromServer ? pkt.destport : port;
  const lo = Math.min(sport, dport), hi = Math.max(sport, dport);
  inTunnel = true;
  try {
    for (const p of lo === hi ? [lo] : [lo, hi]) {
      const h = tables.tcpPort.get(p);
      if (h && h !== httpHandle && call(h, tvb, pkt, tree) > 0) return;
    }
    if (heuristics.tcp.try(tvb, pkt, tree)) return;
    call(dataHandle, tvb, pkt, tree);
  } finally { inTunnel = false; }
}
let inTunnel = false;

function strtol10(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
}

function dissectHeurTcp(tvb: Tvb, pkt: Packet, tree: Item): boolean {
  if (inTunnel) return false;
  const known = getConv(pkt, false);
  if (known && known.heurFrame && known.heurFrame <= pkt.num) {
    dissectHttpTcp(tvb, pkt, tree);
    return true;
  }
  findLineEnd(tvb, 0, -1, true, le);
  const linelen = le.len;
  if (linelen === -1 || linelen === 8) return false;
  if (tvbCaseEq(tvb, linelen - 8, 'HTTP/1.') || tvbCaseEq(tvb, 0, 'HTTP/1.')) {
    const conv = getConv(pkt)!;
    if (!conv.heurFrame) conv.heurFrame = pkt.num;
    dissectHttpTcp(tvb, pkt, tree);
    return true;
  }
  return false;
}

function dissectSsdp(tvb: Tvb, pkt: Packet, tree: Item): number {
  const conv = getConv(pkt)!;
  dissectMessage(tvb, 0, pkt, tree, conv, SSDP_CTX, false);
  return tvb.len;
}

export const httpHandle = handle('http', 'HTTP', dissectHttpTcp);
export const ssdpHandle = handle('ssdp', 'SSDP', dissectSsdp);
for (const p of HTTP_TCP_PORTS) tables.tcpPort.add(p, httpHandle);
tables.udpPort.add(1900, ssdpHandle);
heuristics.tcp.add('http_tcp', 'http', dissectHeurTcp);
