// TLS (packet-tls.c as tshark 4.0 shows it without keys): record layer, handshake messages with their
// extensions, Change Cipher Spec, alerts and encrypted application data. Records that span TCP segments
// use the TCP reassembly contract (pkt.desegmentOffset / desegmentLen).
import { onCaptureReset } from './state.js';
import { createHash } from 'node:crypto';
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT, type FieldDef } from '../fields/types.js';
import { addressToStr } from './address.js';
import { expertAdd, expertField } from './expert.js';
import { Group, type Packet, Severity } from './packet.js';
import { handle, heuristics, tables } from './tables.js';
import { NsTime } from './time.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';
import { dissectCertificate } from './x509.js';
import {
  ALERT_DESCRIPTIONS, ALERT_LEVELS, CERT_COMPRESSION_ALGS, CIPHER_SUITES, CLIENT_CERT_TYPES, STATUS_REQUEST_TYPES, COMP_METHODS, CONTENT_TYPES, CURVE_TYPES, EC_POINT_FORMATS,
  EXTENSION_TYPES, HANDSHAKE_TYPES, PSK_KE_MODES, SIG_HASH_ALGS, SIG_HASH_HASH, SIG_HASH_SIG, SSL2_CIPHER_SPECS, SUPPORTED_GROUPS, VERSIONS,
} from './tls-values.js';

/** Tap data for 'tls' (one per handshake message with a server name, for host-name features). */
export interface TlsTap { handshakeType: number; serverName: string | null; version: number }

export const proto = registerProtocol('tls', 'Transport Layer Security', 'TLS');
export const hf = registerFields(proto, {
  record: { abbrev: 'tls.record', name: 'Record Layer', type: FT.NONE },
  content_type: { abbrev: 'tls.record.content_type', name: 'Content Type', type: FT.UINT8, base: BASE.DEC, strings: CONTENT_TYPES },
  opaque_type: { abbrev: 'tls.record.opaque_type', name: 'Opaque Type', type: FT.UINT8, base: BASE.DEC, strings: CONTENT_TYPES },
  record_version: { abbrev: 'tls.record.version', name: 'Version', type: FT.UINT16, base: BASE.HEX, strings: VERSIONS },
  record_length: { abbrev: 'tls.record.length', name: 'Length', type: FT.UINT16, base: BASE.DEC },
  app_data: { abbrev: 'tls.app_data', name: 'Encrypted Application Data', type: FT.BYTES },
  app_data_proto: { abbrev: 'tls.app_data_proto', name: 'Application Data Protocol', type: FT.STRING },
  change_cipher_spec: { abbrev: 'tls.change_cipher_spec', name: 'Change Cipher Spec Message', type: FT.NONE },
  alert_message: { abbrev: 'tls.alert_message', name: 'Alert Message', type: FT.NONE },
  alert_level: { abbrev: 'tls.alert_message.level', name: 'Level', type: FT.UINT8, base: BASE.DEC, strings: ALERT_LEVELS },
  alert_desc: { abbrev: 'tls.alert_message.desc', name: 'Description', type: FT.UINT8, base: BASE.DEC, strings: ALERT_DESCRIPTIONS },
  handshake: { abbrev: 'tls.handshake', name: 'Handshake Protocol', type: FT.NONE },
  hs_type: { abbrev: 'tls.handshake.type', name: 'Handshake Type', type: FT.UINT8, base: BASE.DEC, strings: HANDSHAKE_TYPES },
  hs_length: { abbrev: 'tls.handshake.length', name: 'Length', type: FT.UINT24, base: BASE.DEC },
  hs_version: { abbrev: 'tls.handshake.version', name: 'Version', type: FT.UINT16, base: BASE.HEX, strings: VERSIONS },
  random: { abbrev: 'tls.handshake.random', name: 'Random', type: FT.BYTES },
  random_time: { abbrev: 'tls.handshake.random_time', name: 'GMT Unix Time', type: FT.ABSOLUTE_TIME, base: BASE.ABSOLUTE_TIME_LOCAL },
  random_bytes: { abbrev: 'tls.handshake.random_bytes', name: 'Random Bytes', type: FT.BYTES },
  session_id_length: { abbrev: 'tls.handshake.session_id_length', name: 'Session ID Length', type: FT.UINT8, base: BASE.DEC },
  session_id: { abbrev: 'tls.handshake.session_id', name: 'Session ID', type: FT.BYTES },
  cipher_suites_length: { abbrev: 'tls.handshake.cipher_suites_length', name: 'Cipher Suites Length', type: FT.UINT16, base: BASE.DEC },
  ciphersuites: { abbrev: 'tls.handshake.ciphersuites', name: 'Cipher Suites', type: FT.NONE },
  ciphersuite: { abbrev: 'tls.handshake.ciphersuite', name: 'Cipher Suite', type: FT.UINT16, base: BASE.HEX, strings: CIPHER_SUITES },
  comp_methods_length: { abbrev: 'tls.handshake.comp_methods_length', name: 'Compression Methods Length', type: FT.UINT8, base: BASE.DEC },
  comp_methods: { abbrev: 'tls.handshake.comp_methods', name: 'Compression Methods', type: FT.NONE },
  comp_method: { abbrev: 'tls.handshake.comp_method', name: 'Compression Method', type: FT.UINT8, base: BASE.DEC, strings: COMP_METHODS },
  extensions_length: { abbrev: 'tls.handshake.extensions_length', name: 'Extensions Length', type: FT.UINT16, base: BASE.DEC },
  extension_type: { abbrev: 'tls.handshake.extension.type', name: 'Type', type: FT.UINT16, base: BASE.DEC, strings: EXTENSION_TYPES },
  extension_len: { abbrev: 'tls.handshake.extension.len', name: 'Length', type: FT.UINT16, base: BASE.DEC },
  extension_data: { abbrev: 'tls.handshake.extension.data', name: 'Data', type: FT.BYTES },
  sni_list_len: { abbrev: 'tls.handshake.extensions_server_name_list_len', name: 'Server Name list length', type: FT.UINT16, base: BASE.DEC },
  sni_type: { abbrev: 'tls.handshake.extensions_server_name_type', name: 'Server Name Type', type: FT.UINT8, base: BASE.DEC, strings: new Map([[0, 'host_name']]) },
  sni_len: { abbrev: 'tls.handshake.extensions_server_name_len', name: 'Server Name length', type: FT.UINT16, base: BASE.DEC },
  sni: { abbrev: 'tls.handshake.extensions_server_name', name: 'Server Name', type: FT.STRING },
  ecpf_len: { abbrev: 'tls.handshake.extensions_ec_point_formats_length', name: 'EC point formats Length', type: FT.UINT8, base: BASE.DEC },
  ecpfs: { abbrev: 'tls.handshake.extensions_ec_point_formats', name: 'EC point formats', type: FT.NONE },
  ecpf: { abbrev: 'tls.handshake.extensions_ec_point_format', name: 'EC point format', type: FT.UINT8, base: BASE.DEC, strings: EC_POINT_FORMATS },
  groups_len: { abbrev: 'tls.handshake.extensions_supported_groups_length', name: 'Supported Groups List Length', type: FT.UINT16, base: BASE.DEC },
  groups: { abbrev: 'tls.handshake.extensions_supported_groups', name: 'Supported Groups List', type: FT.NONE },
  group: { abbrev: 'tls.handshake.extensions_supported_group', name: 'Supported Group', type: FT.UINT16, base: BASE.HEX, strings: SUPPORTED_GROUPS },
  alpn_len: { abbrev: 'tls.handshake.extensions_alpn_len', name: 'ALPN Extension Length', type: FT.UINT16, base: BASE.DEC },
  alpn_list: { abbrev: 'tls.handshake.extensions_alpn_list', name: 'ALPN Protocol', type: FT.NONE },
  alpn_str_len: { abbrev: 'tls.handshake.extensions_alpn_str_len', name: 'ALPN string length', type: FT.UINT8, base: BASE.DEC },
  alpn_str: { abbrev: 'tls.handshake.extensions_alpn_str', name: 'ALPN Next Protocol', type: FT.STRING },
  reneg_len: { abbrev: 'tls.handshake.extensions_reneg_info_len', name: 'Renegotiation info extension length', type: FT.UINT8, base: BASE.DEC },
  reneg_info: { abbrev: 'tls.handshake.extensions_reneg_info', name: 'Renegotiation info', type: FT.BYTES },
  ks_client_len: { abbrev: 'tls.handshake.extensions_key_share_client_length', name: 'Client Key Share Length', type: FT.UINT16, base: BASE.DEC },
  ks_group: { abbrev: 'tls.handshake.extensions_key_share_group', name: 'Group', type: FT.UINT16, base: BASE.DEC, strings: SUPPORTED_GROUPS },
  ks_kx_len: { abbrev: 'tls.handshake.extensions_key_share_key_exchange_length', name: 'Key Exchange Length', type: FT.UINT16, base: BASE.DEC },
  ks_kx: { abbrev: 'tls.handshake.extensions_key_share_key_exchange', name: 'Key Exchange', type: FT.BYTES },
  ks_selected: { abbrev: 'tls.handshake.extensions_key_share_selected_group', name: 'Selected Group', type: FT.UINT16, base: BASE.DEC, strings: SUPPORTED_GROUPS },
  sv_len: { abbrev: 'tls.handshake.extensions.supported_versions_len', name: 'Supported Versions length', type: FT.UINT8, base: BASE.DEC },
  sv: { abbrev: 'tls.handshake.extensions.supported_version', name: 'Supported Version', type: FT.UINT16, base: BASE.HEX, strings: VERSIONS },
  psk_ke_modes_len: { abbrev: 'tls.extension.psk_ke_modes_length', name: 'PSK Key Exchange Modes Length', type: FT.UINT8, base: BASE.DEC },
  psk_ke_mode: { abbrev: 'tls.extension.psk_ke_mode', name: 'PSK Key Exchange Mode', type: FT.UINT8, base: BASE.DEC, strings: PSK_KE_MODES },
  sig_len: { abbrev: 'tls.handshake.sig_hash_alg_len', name: 'Signature Hash Algorithms Length', type: FT.UINT16, base: BASE.DEC },
  sig_algs: { abbrev: 'tls.handshake.sig_hash_algs', name: 'Signature Algorithms', type: FT.NONE },
  sig_alg: { abbrev: 'tls.handshake.sig_hash_alg', name: 'Signature Algorithm', type: FT.UINT16, base: BASE.HEX, strings: SIG_HASH_ALGS },
  sig_hash: { abbrev: 'tls.handshake.sig_hash_hash', name: 'Signature Hash Algorithm Hash', type: FT.UINT8, base: BASE.DEC, strings: SIG_HASH_HASH },
  sig_sig: { abbrev: 'tls.handshake.sig_hash_sig', name: 'Signature Hash Algorithm Signature', type: FT.UINT8, base: BASE.DEC, strings: SIG_HASH_SIG },
  record_size_limit: { abbrev: 'tls.record_size_limit', name: 'Record Size Limit', type: FT.UINT16, base: BASE.DEC },
  ja3_full: { abbrev: 'tls.handshake.ja3_full', name: 'JA3 Fullstring', type: FT.STRING },
  ja3: { abbrev: 'tls.handshake.ja3', name: 'JA3', type: FT.STRING },
  ja3s_full: { abbrev: 'tls.handshake.ja3s_full', name: 'JA3S Fullstring', type: FT.STRING },
  ja3s: { abbrev: 'tls.handshake.ja3s', name: 'JA3S', type: FT.STRING },
  certificates_length: { abbrev: 'tls.handshake.certificates_length', name: 'Certificates Length', type: FT.UINT24, base: BASE.DEC },
  certificates: { abbrev: 'tls.handshake.certificates', name: 'Certificates', type: FT.NONE },
  certificate_length: { abbrev: 'tls.handshake.certificate_length', name: 'Certificate Length', type: FT.UINT24, base: BASE.DEC },
  certificate: { abbrev: 'tls.handshake.certificate', name: 'Certificate', type: FT.BYTES },
  curve_type: { abbrev: 'tls.handshake.server_curve_type', name: 'Curve Type', type: FT.UINT8, base: BASE.HEX, strings: CURVE_TYPES },
  named_curve: { abbrev: 'tls.handshake.server_named_curve', name: 'Named Curve', type: FT.UINT16, base: BASE.HEX, strings: SUPPORTED_GROUPS },
  server_point_len: { abbrev: 'tls.handshake.server_point_len', name: 'Pubkey Length', type: FT.UINT8, base: BASE.DEC },
  server_point: { abbrev: 'tls.handshake.server_point', name: 'Pubkey', type: FT.BYTES },
  client_point_len: { abbrev: 'tls.handshake.client_point_len', name: 'Pubkey Length', type: FT.UINT8, base: BASE.DEC },
  client_point: { abbrev: 'tls.handshake.client_point', name: 'Pubkey', type: FT.BYTES },
  p_len: { abbrev: 'tls.handshake.p_len', name: 'p Length', type: FT.UINT16, base: BASE.DEC },
  p: { abbrev: 'tls.handshake.p', name: 'p', type: FT.BYTES },
  g_len: { abbrev: 'tls.handshake.g_len', name: 'g Length', type: FT.UINT16, base: BASE.DEC },
  g: { abbrev: 'tls.handshake.g', name: 'g', type: FT.BYTES },
  ys_len: { abbrev: 'tls.handshake.ys_len', name: 'Pubkey Length', type: FT.UINT16, base: BASE.DEC },
  ys: { abbrev: 'tls.handshake.ys', name: 'Pubkey', type: FT.BYTES },
  yc_len: { abbrev: 'tls.handshake.yc_len', name: 'Pubkey Length', type: FT.UINT16, base: BASE.DEC },
  yc: { abbrev: 'tls.handshake.yc', name: 'Pubkey', type: FT.BYTES },
  sig_length: { abbrev: 'tls.handshake.sig_len', name: 'Signature Length', type: FT.UINT16, base: BASE.DEC },
  sig: { abbrev: 'tls.handshake.sig', name: 'Signature', type: FT.BYTES },
  epms_len: { abbrev: 'tls.handshake.epms_len', name: 'Encrypted PreMaster length', type: FT.UINT16, base: BASE.DEC },
  epms: { abbrev: 'tls.handshake.epms', name: 'Encrypted PreMaster', type: FT.BYTES },
  ticket_lifetime: { abbrev: 'tls.handshake.session_ticket_lifetime_hint', name: 'Session Ticket Lifetime Hint', type: FT.UINT32, base: BASE.DEC },
  ticket_age_add: { abbrev: 'tls.handshake.session_ticket_age_add', name: 'Session Ticket Age Add', type: FT.UINT32, base: BASE.DEC },
  ticket_nonce_len: { abbrev: 'tls.handshake.session_ticket_nonce_length', name: 'Session Ticket Nonce Length', type: FT.UINT8, base: BASE.DEC },
  ticket_nonce: { abbrev: 'tls.handshake.session_ticket_nonce', name: 'Session Ticket Nonce', type: FT.BYTES },
  ticket_len: { abbrev: 'tls.handshake.session_ticket_length', name: 'Session Ticket Length', type: FT.UINT16, base: BASE.DEC },
  ticket: { abbrev: 'tls.handshake.session_ticket', name: 'Session Ticket', type: FT.BYTES },
  cert_types_count: { abbrev: 'tls.handshake.cert_types_count', name: 'Certificate types count', type: FT.UINT8, base: BASE.DEC },
  cert_types: { abbrev: 'tls.handshake.cert_types', name: 'Certificate types', type: FT.NONE },
  cert_type: { abbrev: 'tls.handshake.cert_type', name: 'Certificate type', type: FT.UINT8, base: BASE.DEC, strings: CLIENT_CERT_TYPES },
  dnames_len: { abbrev: 'tls.handshake.dnames_len', name: 'Distinguished Names Length', type: FT.UINT16, base: BASE.DEC },
  dnames: { abbrev: 'tls.handshake.dnames', name: 'Distinguished Names', type: FT.NONE },
  resumed: { abbrev: 'tls.resumed', name: 'This session reuses previously negotiated keys (Session resumption)', type: FT.NONE },
  ssl2_msg_type: { abbrev: 'tls.handshake.type', name: 'Handshake Message Type', type: FT.UINT8, base: BASE.DEC, strings: new Map([[0, 'Error'], [1, 'Client Hello'], [2, 'Client Master Key'], [3, 'Client Finished'], [4, 'Server Hello'], [5, 'Server Verify'], [6, 'Server Finished'], [7, 'Request Certificate'], [8, 'Client Certificate']]) },
  cipher_spec_len: { abbrev: 'tls.handshake.cipher_spec_len', name: 'Cipher Spec Length', type: FT.UINT16, base: BASE.DEC },
  session_id_length16: { abbrev: 'tls.handshake.session_id_length', name: 'Session ID Length', type: FT.UINT16, base: BASE.DEC },
  challenge_length: { abbrev: 'tls.handshake.challenge_length', name: 'Challenge Length', type: FT.UINT16, base: BASE.DEC },
  cipher_specs: { abbrev: 'tls.handshake.cipherspecs', name: 'Cipher Specs', type: FT.NONE },
  cipherspec: { abbrev: 'tls.handshake.cipherspec', name: 'Cipher Spec', type: FT.UINT24, base: BASE.HEX, strings: SSL2_CIPHER_SPECS },
  challenge: { abbrev: 'tls.handshake.challenge', name: 'Challenge', type: FT.NONE },
  status_type: { abbrev: 'tls.handshake.extensions_status_request_type', name: 'Certificate Status Type', type: FT.UINT8, base: BASE.DEC, strings: STATUS_REQUEST_TYPES },
  status_rid_len: { abbrev: 'tls.handshake.extensions_status_request_responder_ids_len', name: 'Responder ID list Length', type: FT.UINT16, base: BASE.DEC },
  status_exts_len: { abbrev: 'tls.handshake.extensions_status_request_exts_len', name: 'Request Extensions Length', type: FT.UINT16, base: BASE.DEC },
  cc_algs_len: { abbrev: 'tls.compress_certificate.algorithms_length', name: 'Algorithms Length', type: FT.UINT8, base: BASE.DEC },
  cc_alg: { abbrev: 'tls.compress_certificate.algorithm', name: 'Algorithm', type: FT.UINT16, base: BASE.DEC, strings: CERT_COMPRESSION_ALGS },
  alps_len: { abbrev: 'tls.handshake.extensions_alps_len', name: 'ALPS Extension Length', type: FT.UINT16, base: BASE.DEC },
  alps_list: { abbrev: 'tls.handshake.extensions_alps_alpn_list', name: 'Supported ALPN List', type: FT.NONE },
  alps_str_len: { abbrev: 'tls.handshake.extensions_alps_alpn_str_len', name: 'Supported ALPN Length', type: FT.UINT8, base: BASE.DEC },
  alps_str: { abbrev: 'tls.handshake.extensions_alps_alpn_str', name: 'Supported ALPN', type: FT.STRING },
  padding: { abbrev: 'tls.handshake.extensions_padding_data', name: 'Padding Data', type: FT.BYTES },
});

const eiResumed = expertField(proto, 'tls.resumed', Group.Sequence, Severity.Note, 'This session reuses previously negotiated keys (Session resumption)');

const VERSION_SHORT = new Map<number, string>([
  [0x0002, 'SSLv2'], [0x0300, 'SSLv3'], [0x0301, 'TLSv1'], [0x0302, 'TLSv1.1'], [0x0303, 'TLSv1.2'], [0x0304, 'TLSv1.3'],
  [0xfeff, 'DTLSv1.0'], [0xfefd, 'DTLSv1.2'], [0x0100, 'DTLS 1.0 (OpenSSL pre 0.9.8f)'],
]);

/** Application protocols by server port (ssl_dissector_add registrations), for the app-data labels. */
const APP_BY_PORT = new Map<number, string>([
  [443, 'Hypertext Transfer Protocol'], [993, 'Internet Message Access Protocol'], [995, 'Post Office Protocol'],
  [465, 'Simple Mail Transfer Protocol'], [636, 'Lightweight Directory Access Protocol'], [853, 'Domain Name System'],
  [5061, 'Session Initiation Protocol'], [8883, 'MQ Telemetry Transport Protocol'], [2443, 'Hypertext Transfer Protocol'],
]);
const APP_BY_ALPN = new Map<string, string>([
  ['http/1.1', 'Hypertext Transfer Protocol'], ['http/1.0', 'Hypertext Transfer Protocol'], ['h2', 'HyperText Transfer Protocol 2'],
  ['dot', 'Domain Name System'], ['imap', 'Internet Message Access Protocol'], ['pop3', 'Post Office Protocol'],
  ['mqtt', 'MQ Telemetry Transport Protocol'],
]);

/** Per-connection state (Wireshark's SslSession, without keys). */
interface Session {
  /** Negotiated version, 0 until the Server Hello says. */
  version: number;
  cipher: number;
  /** Server port, when known (the side that answered the first Client Hello). */
  serverPort: number;
  serverAddr: string;
  clientCcs: boolean;
  serverCcs: boolean;
  app: string | null;
  /** Session ID the client offered, as hex ('' for none). */
  clientSid: string;
  /** The Server Hello echoed the client's session ID and no full handshake followed (yet). */
  resumed: boolean;
}

const sessions = new Map<string, Session>();
/** Conversations the heuristic accepted once (later packets go to TLS directly). */
const heurConvs = new Set<string>();
onCaptureReset(() => { sessions.clear(); heurConvs.clear(); });

function convKey(pkt: Packet): string {
  const a = addressToStr(pkt.src) + '/' + pkt.srcport, b = addressToStr(pkt.dst) + '/' + pkt.destport;
  return a < b ? a + '|' + b : b + '|' + a;
}

function getSession(pkt: Packet): Session {
  const k = convKey(pkt);
  let s = sessions.get(k);
  if (!s) {
    const lo = Math.min(pkt.srcport, pkt.destport);
    const sp = tables.tcpPort.get(pkt.destport) === tlsHandle || APP_BY_PORT.has(pkt.destport) ? pkt.destport
      : tables.tcpPort.get(pkt.srcport) === tlsHandle ? pkt.srcport : lo;
    s = { version: 0, cipher: -1, serverPort: sp, serverAddr: '', clientCcs: false, serverCcs: false, app: null, clientSid: '', resumed: false };
    s.app = APP_BY_PORT.get(sp) ?? null;
    sessions.set(k, s);
  }
  return s;
}

function isGrease(v: number): boolean { return (v & 0x0f0f) === 0x0a0a && (v >> 8) === (v & 0xff); }

interface Ctx { pkt: Packet; tvb: Tvb; s: Session; fromServer: boolean; tap: boolean }

function versionShort(v: number): string { return VERSION_SHORT.get(v) ?? 'TLS'; }

/** Dissects as many whole records as the tvb holds; asks TCP for the rest of a partial one. */
function dissectTls(tvb: Tvb, pkt: Packet, tree: Item): number {
  // Four printable characters first: plain text, not TLS (tshark leaves it to other dissectors).
  if (tvb.remaining(0) > 4) {
    let printable = true;
    for (let i = 0; i < 4; i++) { const b = tvb.u8(i); if (b < 0x20 || b > 0x7e) { printable = false; break; } }
    if (printable) return 0;
  }
  const s = getSession(pkt);
  const fromServer = pkt.srcport === s.serverPort && pkt.srcport !== pkt.destport;
  const total = tvb.reportedRemaining(0);
  let off = 0;
  let first = true;
  const c: Ctx = { pkt, tvb, s, fromServer, tap: pkt.wants('tls') };
  // The protocol item comes first, even when the record must wait for more segments; the Info is TLS's from here.
  const ti = tree.add(proto, tvb, 0, -1, null);
  pkt.protocol.set('TLS');
  pkt.info.clear();
  while (off < total) {
    const avail = total - off;
    if (s.version === 0 && isV2ClientHello(tvb, off)) {
      if (first) { pkt.info.clear(); first = false; }
      off = dissectSsl2Record(c, off, ti);
      continue;
    }
    if (avail < 5 && pkt.canDesegment && (s.version !== 0 || looksLikeV3(tvb, off, true))) {
      pkt.desegmentOffset = off; pkt.desegmentLen = 5 - avail; return total;
    }
    if (looksLikeV3(tvb, off, s.version !== 0)) {
      const rlen = tvb.u16(off + 3);
      if (avail < 5 + rlen && pkt.canDesegment) {
        pkt.desegmentOffset = off; pkt.desegmentLen = 5 + rlen - avail;
        return total;
      }
      if (first) { pkt.info.clear(); first = false; }
      off = dissectRecord(c, off, ti);
      continue;
    }
    if (s.version === 0 && looksLikeV2(tvb, off)) {
      if (first) { pkt.info.clear(); first = false; }
      off = dissectSsl2Record(c, off, ti);
      continue;
    }
    // Not a record header: the rest continues a record we did not see begin.
    if (first) { pkt.info.clear(); pkt.protocol.set(VERSION_SHORT.get(s.version) ?? 'SSL'); first = false; }
    pkt.info.appendSep(', ', 'Continuation Data');
    break;
  }
  return total;
}

/** A TLS record header: known content type and (before the version is known) an SSLv3/TLS version. */
function looksLikeV3(tvb: Tvb, off: number, versionKnown: boolean): boolean {
  if (tvb.remaining(off) < 1) return false;
  const ct = tvb.u8(off);
  if (ct < 20 || ct > 24) return false;
  if (versionKnown) return true;
  if (tvb.remaining(off) < 3) return true;
  const v = tvb.u16(off + 1);
  return v === 0x0300 || v === 0x0301 || v === 0x0302 || v === 0x0303 || v === 0x0101;
}
function isV2ClientHello(tvb: Tvb, off: number): boolean {
  return tvb.remaining(off) >= 3 && tvb.u8(off) === 0x80 && tvb.u8(off + 2) === 0x01;
}
function looksLikeV2(tvb: Tvb, off: number): boolean {
  if (tvb.remaining(off) < 3 || !(tvb.u8(off) & 0x80)) return false;
  const t = tvb.u8(off + 2);
  return t === 0 || t === 1 || t === 2 || t === 4;
}

/** An SSLv2 record: a Client Hello is decoded, anything else is "Encrypted Data". */
function dissectSsl2Record(c: Ctx, off: number, tt: Item): number {
  const { tvb, pkt } = c;
  const b0 = tvb.u8(off);
  const hdr = b0 & 0x80 ? 2 : 3;
  const rlen = hdr === 2 ? ((b0 & 0x7f) << 8) | tvb.u8(off + 1) : ((b0 & 0x3f) << 8) | tvb.u8(off + 1);
  const rt = tt.add(hf.record, tvb, off, Math.min(hdr + rlen, tvb.remaining(off)), null);
  pkt.protocol.set('SSLv2');
  const mt = off + hdr;
  const typ = tvb.remaining(mt) ? tvb.u8(mt) : -1;
  if (typ === 1 && validV2Hello(tvb, mt, rlen)) {
    pkt.info.appendSep(', ', 'Client Hello');
    if (rt.real) {
      rt.setText('SSLv2 Record Layer: Client Hello');
      rt.add(hf.record_version, tvb, off, 0, 0x0002).generated();
      rt.add(hf.record_length, tvb, off, hdr, rlen);
      rt.add(hf.ssl2_msg_type, tvb, mt, 1, typ);
      rt.add(hf.hs_version, tvb, mt + 1, 2, tvb.u16(mt + 1));
      const csl = tvb.u16(mt + 3), sil = tvb.u16(mt + 5), chl = tvb.u16(mt + 7);
      rt.add(hf.cipher_spec_len, tvb, mt + 3, 2, csl);
      rt.add(hf.session_id_length16, tvb, mt + 5, 2, sil);
      rt.add(hf.challenge_length, tvb, mt + 7, 2, chl);
      let p = mt + 9;
      const n = Math.floor(csl / 3);
      const st = rt.add(hf.cipher_specs, tvb, p, csl, null).setText(`Cipher Specs (${n} spec${n === 1 ? '' : 's'})`);
      for (let i = 0; i + 2 < csl; i += 3) st.add(hf.cipherspec, tvb, p + i, 3, tvb.u24(p + i));
      p += csl;
      if (sil) { bytes(rt, hf.session_id, tvb, p, sil); p += sil; }
      if (chl) rt.add(hf.challenge, tvb, p, chl, null);
    }
    return off + hdr + rlen;
  }
  pkt.info.appendSep(', ', 'Encrypted Data');
  if (rt.real) {
    rt.setText('SSLv2 Record Layer: Encrypted Data');
    rt.add(hf.record_version, tvb, off, 0, 0x0002).generated();
  }
  return off + hdr + rlen;
}

function validV2Hello(tvb: Tvb, mt: number, rlen: number): boolean {
  if (rlen < 9 || tvb.remaining(mt) < 9) return false;
  const csl = tvb.u16(mt + 3), sil = tvb.u16(mt + 5), chl = tvb.u16(mt + 7);
  return csl % 3 === 0 && 9 + csl + sil + chl <= rlen && chl >= 16 && chl <= 32 && (sil === 0 || sil === 16);
}

function dissectRecord(c: Ctx, off: number, tt: Item): number {
  const { tvb, pkt, s } = c;
  const ct = tvb.u8(off), ver = tvb.u16(off + 1), rlen = tvb.u16(off + 3);
  const recVerName = versionShort(s.version || ver);
  const body = off + 5, end = body + rlen;
  const rt = tt.add(hf.record, tvb, off, 5 + rlen, null);
  const tls13 = s.version === 0x0304;
  const opaque = tls13 && ct === 23;
  const setCol = (): void => { pkt.protocol.set(versionShort(s.version || ver)); };
  const addHdr = (): void => {
    rt.add(opaque ? hf.opaque_type : hf.content_type, tvb, off, 1, ct);
    rt.add(hf.record_version, tvb, off + 1, 2, ver);
    rt.add(hf.record_length, tvb, off + 3, 2, rlen);
  };
  switch (ct) {
    case 20: { // Change Cipher Spec
      pkt.info.appendSep(', ', 'Change Cipher Spec');
      if (rt.real) {
        rt.setText(`${recVerName} Record Layer: Change Cipher Spec Protocol: Change Cipher Spec`);
        addHdr();
        const ci = rt.add(hf.change_cipher_spec, tvb, body, rlen, null);
        if (c.fromServer && s.resumed && s.version !== 0x0304) expertAdd(pkt, ci, eiResumed);
      } else if (c.fromServer && s.resumed && s.version !== 0x0304) expertAdd(pkt, rt, eiResumed);
      // In TLS 1.3 the CCS is a compatibility dummy: handshake records stay readable (encrypted ones use type 23).
      if (s.version !== 0x0304) { if (c.fromServer) s.serverCcs = true; else s.clientCcs = true; }
      setCol();
      return end;
    }
    case 21: { // Alert
      const encrypted = rlen !== 2 || (c.fromServer ? s.serverCcs : s.clientCcs) && rlen !== 2;
      if (encrypted) {
        pkt.info.appendSep(', ', 'Encrypted Alert');
        if (rt.real) {
          rt.setText(`${recVerName} Record Layer: Encrypted Alert`);
          addHdr();
          rt.add(hf.alert_message, tvb, body, rlen, null).setText('Alert Message: Encrypted Alert');
        }
      } else {
        const lvl = tvb.u8(body), desc = tvb.u8(body + 1);
        const ls = ALERT_LEVELS.get(lvl), ds = ALERT_DESCRIPTIONS.get(desc);
        const txt = ls && ds ? `Alert (Level: ${ls}, Description: ${ds})` : 'Encrypted Alert';
        pkt.info.appendSep(', ', txt);
        if (rt.real) {
          rt.setText(`${recVerName} Record Layer: ${txt}`);
          addHdr();
          if (ls && ds) {
            const at = rt.add(hf.alert_message, tvb, body, 2, null);
            at.add(hf.alert_level, tvb, body, 1, lvl);
            at.add(hf.alert_desc, tvb, body + 1, 1, desc);
          } else rt.add(hf.alert_message, tvb, body, rlen, null).setText('Alert Message: Encrypted Alert');
        }
      }
      setCol();
      return end;
    }
    case 22: { // Handshake
      const ccs = c.fromServer ? s.serverCcs : s.clientCcs;
      const encrypted = ccs || !isPlainHandshake(tvb, body, rlen);
      if (encrypted) {
        pkt.info.appendSep(', ', 'Encrypted Handshake Message');
        if (rt.real) {
          rt.setText(`${recVerName} Record Layer: Handshake Protocol: Encrypted Handshake Message`);
          addHdr();
          rt.add(hf.handshake, tvb, body, rlen, null).setText('Handshake Protocol: Encrypted Handshake Message');
        }
        setCol();
        return end;
      }
      const names: string[] = [];
      let p = body;
      addHdr();
      while (p + 4 <= end) {
        const typ = tvb.u8(p), hlen = tvb.u24(p + 1);
        const hrr = typ === 2 && isHrr(tvb, p + 6);
        const name = hrr ? 'Hello Retry Request' : HANDSHAKE_TYPES.get(typ) ?? `Unknown (${typ})`;
        names.push(name);
        pkt.info.appendSep(', ', name);
        const ht = rt.add(hf.handshake, tvb, p, Math.min(4 + hlen, end - p), null);
        if (ht.real) ht.setText(`Handshake Protocol: ${name}`);
        ht.add(hf.hs_type, tvb, p, 1, typ);
        ht.add(hf.hs_length, tvb, p + 1, 3, hlen);
        dissectHandshake(c, typ, p + 4, Math.min(hlen, end - p - 4), ht);
        p += 4 + hlen;
      }
      if (rt.real) rt.setText(`${recVerName} Record Layer: Handshake Protocol: ${names.length === 1 ? names[0] : 'Multiple Handshake Messages'}`);
      setCol();
      return end;
    }
    case 23: { // Application Data
      pkt.info.appendSep(', ', 'Application Data');
      if (rt.real) {
        rt.setText(`${recVerName} Record Layer: Application Data Protocol: ${s.app ?? 'Application Data'}`);
        addHdr();
        rt.add(hf.app_data, tvb, body, rlen, tvb.bytes(body, Math.min(rlen, tvb.remaining(body))));
        if (s.app) rt.add(hf.app_data_proto, tvb, 0, 0, s.app).generated();
      }
      setCol();
      return end;
    }
    default: { // Heartbeat
      pkt.info.appendSep(', ', 'Heartbeat');
      if (rt.real) { rt.setText(`${recVerName} Record Layer: Heartbeat`); addHdr(); }
      setCol();
      return end;
    }
  }
}

/** A plaintext handshake record holds messages of known types whose lengths add up. */
const HRR_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';
/** A Server Hello whose random is the HelloRetryRequest magic (RFC 8446 §4.1.3). */
function isHrr(tvb: Tvb, off: number): boolean {
  return tvb.remaining(off) >= 32 && Buffer.from(tvb.bytes(off, 32)).toString('hex') === HRR_RANDOM;
}

function isPlainHandshake(tvb: Tvb, body: number, rlen: number): boolean {
  if (rlen < 4 || tvb.remaining(body) < 4) return false;
  const typ = tvb.u8(body), hlen = tvb.u24(body + 1);
  if (!HANDSHAKE_TYPES.has(typ)) return false;
  return hlen + 4 <= rlen || (typ !== 0 && hlen + 4 > rlen && hlen < 0x10000);
}

function bytes(t: Item, f: FieldDef, tvb: Tvb, off: number, len: number): Item {
  return t.add(f, tvb, off, len, tvb.bytes(off, len));
}

function dissectHandshake(c: Ctx, typ: number, off: number, len: number, ht: Item): void {
  const { tvb, s } = c;
  switch (typ) {
    case 1: dissectClientHello(c, off, len, ht); return;
    case 2: dissectServerHello(c, off, len, ht); return;
    case 4: { // New Session Ticket
      if (!ht.real) return;
      const tt = ht.addText(tvb, off, len, 'TLS Session Ticket');
      const life = tvb.u32(off);
      tt.add(hf.ticket_lifetime, tvb, off, 4, life).setText(`Session Ticket Lifetime Hint: ${life} second${life === 1 ? '' : 's'}${life ? ` (${secsToStr(life)})` : ''}`);
      let p = off + 4;
      if (s.version === 0x0304) {
        tt.add(hf.ticket_age_add, tvb, p, 4, tvb.u32(p)); p += 4;
        const nl = tvb.u8(p); tt.add(hf.ticket_nonce_len, tvb, p, 1, nl); p++;
        if (nl) { bytes(tt, hf.ticket_nonce, tvb, p, nl); p += nl; }
      }
      const tl = tvb.u16(p);
      tt.add(hf.ticket_len, tvb, p, 2, tl);
      if (tl) bytes(tt, hf.ticket, tvb, p + 2, tl);
      return;
    }
    case 11: { // Certificate
      let p = off;
      if (s.version === 0x0304) { p += 1 + tvb.u8(p); }
      const cl = tvb.u24(p);
      ht.add(hf.certificates_length, tvb, p, 3, cl);
      p += 3;
      const ct = cl ? ht.add(hf.certificates, tvb, p, cl, null).setText(`Certificates (${cl} bytes)`) : ht;
      if (c.fromServer) s.resumed = false;
      const end = p + cl;
      while (p + 3 <= end) {
        const l = tvb.u24(p);
        ct.add(hf.certificate_length, tvb, p, 3, l);
        const it = bytes(ct, hf.certificate, tvb, p + 3, l);
        dissectCertificate(tvb, p + 3, l, it, c.pkt);
        p += 3 + l;
        if (s.version === 0x0304) { const el = tvb.u16(p); p += 2 + el; }
      }
      return;
    }
    case 14: // Server Hello Done
      s.resumed = false;
      return;
    case 13: { // Certificate Request
      s.resumed = false;
      if (!ht.real || s.version === 0x0304) return;
      const n = tvb.u8(off);
      ht.add(hf.cert_types_count, tvb, off, 1, n);
      const tt = ht.add(hf.cert_types, tvb, off + 1, n, null).setText(`Certificate types (${n} type${n === 1 ? '' : 's'})`);
      for (let i = 0; i < n; i++) tt.add(hf.cert_type, tvb, off + 1 + i, 1, tvb.u8(off + 1 + i));
      let p = off + 1 + n;
      if (s.version >= 0x0303) {
        const l = tvb.u16(p);
        ht.add(hf.sig_len, tvb, p, 2, l);
        const t = ht.add(hf.sig_algs, tvb, p + 2, l, null).setText(`Signature Hash Algorithms (${plural(l >> 1, 'algorithm', 'algorithms')})`);
        for (let i = 0; i + 1 < l; i += 2) sigAlg(t, tvb, p + 2 + i);
        p += 2 + l;
      }
      const dl = tvb.u16(p);
      ht.add(hf.dnames_len, tvb, p, 2, dl);
      if (dl) ht.add(hf.dnames, tvb, p + 2, dl, null).setText(`Distinguished Names (${dl} byte${dl === 1 ? '' : 's'})`);
      return;
    }
    case 12: { // Server Key Exchange
      s.resumed = false;
      if (!ht.real) return;
      const name = CIPHER_SUITES.get(s.cipher) ?? '';
      if (/_ECDHE_/.test(name)) {
        const t = ht.addText(tvb, off, len, 'EC Diffie-Hellman Server Params');
        const ctp = tvb.u8(off);
        t.add(hf.curve_type, tvb, off, 1, ctp);
        t.add(hf.named_curve, tvb, off + 1, 2, tvb.u16(off + 1));
        const pl = tvb.u8(off + 3);
        t.add(hf.server_point_len, tvb, off + 3, 1, pl);
        bytes(t, hf.server_point, tvb, off + 4, pl);
        let p = off + 4 + pl;
        if (s.version >= 0x0303 || s.version === 0) { sigAlg(t, tvb, p); p += 2; }
        const sl = tvb.u16(p);
        t.add(hf.sig_length, tvb, p, 2, sl);
        bytes(t, hf.sig, tvb, p + 2, sl);
      } else if (/_DHE_/.test(name)) {
        const t = ht.addText(tvb, off, len, 'Diffie-Hellman Server Params');
        let p = off;
        for (const [lf, vf] of [[hf.p_len, hf.p], [hf.g_len, hf.g], [hf.ys_len, hf.ys]] as const) {
          const l = tvb.u16(p);
          t.add(lf, tvb, p, 2, l);
          bytes(t, vf, tvb, p + 2, l);
          p += 2 + l;
        }
        if (s.version >= 0x0303) { sigAlg(t, tvb, p); p += 2; }
        const sl = tvb.u16(p);
        t.add(hf.sig_length, tvb, p, 2, sl);
        bytes(t, hf.sig, tvb, p + 2, sl);
      }
      return;
    }
    case 16: { // Client Key Exchange
      if (!ht.real) return;
      const name = CIPHER_SUITES.get(s.cipher) ?? '';
      if (/_ECDHE?_/.test(name)) {
        const t = ht.addText(tvb, off, len, 'EC Diffie-Hellman Client Params');
        const pl = tvb.u8(off);
        t.add(hf.client_point_len, tvb, off, 1, pl);
        bytes(t, hf.client_point, tvb, off + 1, pl);
      } else if (/_DHE_/.test(name)) {
        const t = ht.addText(tvb, off, len, 'Diffie-Hellman Client Params');
        const l = tvb.u16(off);
        t.add(hf.yc_len, tvb, off, 2, l);
        bytes(t, hf.yc, tvb, off + 2, l);
      } else if (/^TLS_RSA_/.test(name)) {
        const t = ht.addText(tvb, off, len, 'RSA Encrypted PreMaster Secret');
        const l = tvb.u16(off);
        t.add(hf.epms_len, tvb, off, 2, l);
        bytes(t, hf.epms, tvb, off + 2, l);
      }
      return;
    }
    default:
      return;
  }
}

function secsToStr(t: number): string {
  const parts: string[] = [];
  const d = Math.floor(t / 86400), h = Math.floor(t / 3600) % 24, m = Math.floor(t / 60) % 60, sec = t % 60;
  if (d) parts.push(`${d} day${d === 1 ? '' : 's'}`);
  if (h) parts.push(`${h} hour${h === 1 ? '' : 's'}`);
  if (m) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  if (sec) parts.push(`${sec} second${sec === 1 ? '' : 's'}`);
  return parts.join(', ');
}

function sigAlg(t: Item, tvb: Tvb, p: number): void {
  const v = tvb.u16(p);
  const st = t.add(hf.sig_alg, tvb, p, 2, v);
  if (!SIG_HASH_ALGS.has(v)) st.setText(`Signature Algorithm: ${SIG_HASH_HASH.get(v >> 8) ?? 'Unknown'} ${SIG_HASH_SIG.get(v & 0xff) ?? 'Unknown'} (0x${v.toString(16).padStart(4, '0')})`);
  st.add(hf.sig_hash, tvb, p, 1, v >> 8);
  st.add(hf.sig_sig, tvb, p + 1, 1, v & 0xff);
}

function randomItem(c: Ctx, t: Item, off: number, withTime: boolean): void {
  const { tvb } = c;
  const r = bytes(t, hf.random, tvb, off, 32);
  if (withTime) {
    r.add(hf.random_time, tvb, off, 4, new NsTime(tvb.u32(off), 0));
    bytes(r, hf.random_bytes, tvb, off + 4, 28);
  }
}

function dissectClientHello(c: Ctx, off: number, len: number, ht: Item): void {
  const { tvb } = c;
  const end = off + len;
  const ver = tvb.u16(off);
  ht.add(hf.hs_version, tvb, off, 2, ver);
  randomItem(c, ht, off + 2, c.s.version !== 0x0304);
  let p = off + 34;
  const sl = tvb.u8(p);
  ht.add(hf.session_id_length, tvb, p, 1, sl);
  if (sl) bytes(ht, hf.session_id, tvb, p + 1, sl);
  c.s.clientSid = sl ? Buffer.from(tvb.bytes(p + 1, sl)).toString('hex') : '';
  c.s.resumed = false;
  p += 1 + sl;
  const csl = tvb.u16(p);
  ht.add(hf.cipher_suites_length, tvb, p, 2, csl);
  p += 2;
  const ciphers: number[] = [];
  const cst = ht.add(hf.ciphersuites, tvb, p, csl, null).setText(`Cipher Suites (${csl >> 1} suite${csl >> 1 === 1 ? '' : 's'})`);
  for (let i = 0; i + 1 < csl; i += 2) {
    const v = tvb.u16(p + i);
    ciphers.push(v);
    cst.add(hf.ciphersuite, tvb, p + i, 2, v);
  }
  p += csl;
  const cml = tvb.u8(p);
  ht.add(hf.comp_methods_length, tvb, p, 1, cml);
  const cmt = ht.add(hf.comp_methods, tvb, p + 1, cml, null).setText(`Compression Methods (${cml} method${cml === 1 ? '' : 's'})`);
  for (let i = 0; i < cml; i++) cmt.add(hf.comp_method, tvb, p + 1 + i, 1, tvb.u8(p + 1 + i));
  p += 1 + cml;
  const ja3 = { exts: [] as number[], groups: [] as number[], ecpf: [] as number[] };
  if (p + 2 <= end) {
    const el = tvb.u16(p);
    ht.add(hf.extensions_length, tvb, p, 2, el);
    p += 2;
    dissectExtensions(c, p, Math.min(p + el, end), ht, 1, ja3);
  }
  const full = `${ver},${ciphers.filter(v => !isGrease(v)).join('-')},${ja3.exts.join('-')},${ja3.groups.join('-')},${ja3.ecpf.join('-')}`;
  if (ht.real) {
    ht.add(hf.ja3_full, tvb, 0, 0, full).generated();
    ht.add(hf.ja3, tvb, 0, 0, createHash('md5').update(full).digest('hex')).generated();
  }
}

function dissectServerHello(c: Ctx, off: number, len: number, ht: Item): void {
  const { tvb, s } = c;
  const end = off + len;
  const ver = tvb.u16(off);
  // Look ahead for supported_versions so that the session version is known before the random is shown.
  let p = off + 34;
  const sl = tvb.u8(p);
  const cipherOff = p + 1 + sl;
  const extOff = cipherOff + 3;
  let negotiated = ver;
  if (extOff + 2 <= end) {
    let q = extOff + 2;
    const qe = Math.min(q + tvb.u16(extOff), end);
    while (q + 4 <= qe) {
      const et = tvb.u16(q), elen = tvb.u16(q + 2);
      if (et === 43 && elen >= 2) negotiated = tvb.u16(q + 4);
      q += 4 + elen;
    }
  }
  s.version = negotiated;
  s.cipher = tvb.u16(cipherOff);
  s.resumed = sl > 0 && s.clientSid !== '' && Buffer.from(tvb.bytes(p + 1, sl)).toString('hex') === s.clientSid;
  ht.add(hf.hs_version, tvb, off, 2, ver);
  if (isHrr(tvb, off + 2)) bytes(ht, hf.random, tvb, off + 2, 32).appendText(' (HelloRetryRequest magic)');
  else randomItem(c, ht, off + 2, negotiated !== 0x0304);
  ht.add(hf.session_id_length, tvb, p, 1, sl);
  if (sl) bytes(ht, hf.session_id, tvb, p + 1, sl);
  p = cipherOff;
  ht.add(hf.ciphersuite, tvb, p, 2, s.cipher);
  ht.add(hf.comp_method, tvb, p + 2, 1, tvb.u8(p + 2));
  p += 3;
  const ja3 = { exts: [] as number[], groups: [] as number[], ecpf: [] as number[] };
  if (p + 2 <= end) {
    const el = tvb.u16(p);
    ht.add(hf.extensions_length, tvb, p, 2, el);
    p += 2;
    dissectExtensions(c, p, Math.min(p + el, end), ht, 2, ja3);
  }
  const full = `${ver},${s.cipher},${ja3.exts.join('-')}`;
  if (ht.real) {
    ht.add(hf.ja3s_full, tvb, 0, 0, full).generated();
    ht.add(hf.ja3s, tvb, 0, 0, createHash('md5').update(full).digest('hex')).generated();
  }
}

function plural(n: number, one: string, many: string): string { return `${n} ${n === 1 ? one : many}`; }

function dissectExtensions(c: Ctx, p: number, end: number, ht: Item, hsType: number,
                           ja3: { exts: number[]; groups: number[]; ecpf: number[] }): void {
  const { tvb, pkt, s } = c;
  while (p + 4 <= end) {
    const et = tvb.u16(p), elen = tvb.u16(p + 2);
    if (!isGrease(et)) ja3.exts.push(et);
    const name = EXTENSION_TYPES.get(et) ?? `Unknown type ${et}`;
    const xt = ht.addText(tvb, p, 4 + elen, `Extension: ${name} (len=${elen})`);
    xt.add(hf.extension_type, tvb, p, 2, et);
    xt.add(hf.extension_len, tvb, p + 2, 2, elen);
    const d = p + 4, de = d + elen;
    switch (et) {
      case 0: { // server_name
        if (elen === 0) break;
        const st = xt.addText(tvb, d, elen, 'Server Name Indication extension');
        const ll = tvb.u16(d);
        st.add(hf.sni_list_len, tvb, d, 2, ll);
        let q = d + 2;
        while (q + 3 <= de) {
          const nt = tvb.u8(q), nl = tvb.u16(q + 1);
          st.add(hf.sni_type, tvb, q, 1, nt);
          st.add(hf.sni_len, tvb, q + 1, 2, nl);
          const name = tvb.latin1(q + 3, nl);
          st.add(hf.sni, tvb, q + 3, nl, name);
          if (c.tap && hsType === 1) pkt.tap('tls', { handshakeType: 1, serverName: name, version: s.version } satisfies TlsTap);
          q += 3 + nl;
        }
        break;
      }
      case 11: { // ec_point_formats
        const l = tvb.u8(d);
        xt.add(hf.ecpf_len, tvb, d, 1, l);
        const t = xt.add(hf.ecpfs, tvb, d + 1, l, null).setText(`Elliptic curves point formats (${l})`);
        for (let i = 0; i < l; i++) { const v = tvb.u8(d + 1 + i); ja3.ecpf.push(v); t.add(hf.ecpf, tvb, d + 1 + i, 1, v); }
        break;
      }
      case 10: { // supported_groups
        const l = tvb.u16(d);
        xt.add(hf.groups_len, tvb, d, 2, l);
        const t = xt.add(hf.groups, tvb, d + 2, l, null).setText(`Supported Groups (${plural(l >> 1, 'group', 'groups')})`);
        for (let i = 0; i + 1 < l; i += 2) {
          const v = tvb.u16(d + 2 + i);
          if (!isGrease(v)) ja3.groups.push(v);
          t.add(hf.group, tvb, d + 2 + i, 2, v);
        }
        break;
      }
      case 13: case 50: { // signature_algorithms(_cert)
        const l = tvb.u16(d);
        xt.add(hf.sig_len, tvb, d, 2, l);
        const t = xt.add(hf.sig_algs, tvb, d + 2, l, null).setText(`Signature Hash Algorithms (${plural(l >> 1, 'algorithm', 'algorithms')})`);
        for (let i = 0; i + 1 < l; i += 2) sigAlg(t, tvb, d + 2 + i);
        break;
      }
      case 16: { // ALPN
        const l = tvb.u16(d);
        xt.add(hf.alpn_len, tvb, d, 2, l);
        const t = xt.add(hf.alpn_list, tvb, d + 2, l, null);
        let q = d + 2;
        while (q < d + 2 + l) {
          const sl = tvb.u8(q);
          t.add(hf.alpn_str_len, tvb, q, 1, sl);
          const str = tvb.latin1(q + 1, sl);
          t.add(hf.alpn_str, tvb, q + 1, sl, str);
          if (hsType === 2 && APP_BY_ALPN.has(str)) s.app = APP_BY_ALPN.get(str)!;
          q += 1 + sl;
        }
        break;
      }
      case 35: // session_ticket
        xt.add(hf.extension_data, tvb, d, elen, elen ? tvb.bytes(d, elen) : new Uint8Array(0)).setText(`Data (${elen} byte${elen === 1 ? '' : 's'})`);
        break;
      case 22: case 23: case 49: // encrypt_then_mac, extended_master_secret, post_handshake_auth
        break;
      case 43: { // supported_versions
        if (hsType === 1) {
          const l = tvb.u8(d);
          xt.add(hf.sv_len, tvb, d, 1, l);
          for (let i = 0; i + 1 < l; i += 2) xt.add(hf.sv, tvb, d + 1 + i, 2, tvb.u16(d + 1 + i));
        } else xt.add(hf.sv, tvb, d, 2, tvb.u16(d));
        break;
      }
      case 45: { // psk_key_exchange_modes
        const l = tvb.u8(d);
        xt.add(hf.psk_ke_modes_len, tvb, d, 1, l);
        for (let i = 0; i < l; i++) xt.add(hf.psk_ke_mode, tvb, d + 1 + i, 1, tvb.u8(d + 1 + i));
        break;
      }
      case 51: { // key_share
        const t = xt.addText(tvb, d, elen, 'Key Share extension');
        let q = d;
        if (hsType === 1) { t.add(hf.ks_client_len, tvb, d, 2, tvb.u16(d)); q += 2; }
        if (hsType === 2 && elen === 2) { t.add(hf.ks_selected, tvb, d, 2, tvb.u16(d)); break; }
        while (q + 4 <= de) {
          const g = tvb.u16(q), kl = tvb.u16(q + 2);
          const gname = SUPPORTED_GROUPS.get(g) ?? `Unknown (${g})`;
          const kt = t.addText(tvb, q, 4 + kl, `Key Share Entry: Group: ${gname}, Key Exchange length: ${kl}`);
          kt.add(hf.ks_group, tvb, q, 2, g);
          kt.add(hf.ks_kx_len, tvb, q + 2, 2, kl);
          if (kl) bytes(kt, hf.ks_kx, tvb, q + 4, kl);
          q += 4 + kl;
        }
        break;
      }
      case 65281: { // renegotiation_info
        const t = xt.addText(tvb, d, elen, 'Renegotiation Info extension');
        const l = tvb.u8(d);
        t.add(hf.reneg_len, tvb, d, 1, l);
        if (l) bytes(t, hf.reneg_info, tvb, d + 1, l);
        break;
      }
      case 28: // record_size_limit
        xt.add(hf.record_size_limit, tvb, d, 2, tvb.u16(d));
        break;
      case 5: { // status_request
        if (hsType !== 1 || elen === 0) break;
        xt.add(hf.status_type, tvb, d, 1, tvb.u8(d));
        if (tvb.u8(d) === 1 || tvb.u8(d) === 2) {
          const rl = tvb.u16(d + 1);
          xt.add(hf.status_rid_len, tvb, d + 1, 2, rl);
          const q = d + 3 + rl;
          xt.add(hf.status_exts_len, tvb, q, 2, tvb.u16(q));
        }
        break;
      }
      case 27: { // compress_certificate
        const l = tvb.u8(d);
        xt.add(hf.cc_algs_len, tvb, d, 1, l);
        for (let i = 0; i + 1 < l; i += 2) xt.add(hf.cc_alg, tvb, d + 1 + i, 2, tvb.u16(d + 1 + i));
        break;
      }
      case 17513: { // application_settings (ALPS)
        if (hsType !== 1) { if (elen) bytes(xt, hf.extension_data, tvb, d, elen); break; }
        const l = tvb.u16(d);
        xt.add(hf.alps_len, tvb, d, 2, l);
        const t = xt.add(hf.alps_list, tvb, d + 2, l, null);
        for (let q = d + 2; q < d + 2 + l;) {
          const sl = tvb.u8(q);
          t.add(hf.alps_str_len, tvb, q, 1, sl);
          t.add(hf.alps_str, tvb, q + 1, sl, tvb.latin1(q + 1, sl));
          q += 1 + sl;
        }
        break;
      }
      case 21: // padding
        xt.add(hf.padding, tvb, d, elen, elen ? tvb.bytes(d, elen) : new Uint8Array(0));
        break;
      default:
        xt.add(hf.extension_data, tvb, d, elen, elen ? tvb.bytes(d, elen) : new Uint8Array(0));
    }
    p = de;
  }
}

/** tshark's TLS heuristic over TCP: a plausible record header (and the conversation sticks to TLS). */
function tlsHeur(tvb: Tvb, pkt: Packet, tree: Item): boolean {
  const key = convKey(pkt);
  if (!heurConvs.has(key)) {
    if (tvb.remaining(0) < 5) return false;
    const ct = tvb.u8(0), maj = tvb.u8(1), min = tvb.u8(2), len = tvb.u16(3);
    if (ct < 20 || ct > 23 || maj !== 3 || min > 4 || len === 0 || len > 16384 + 2048) return false;
    if (ct === 22 && tvb.remaining(5) >= 1 && tvb.u8(5) !== 1 && tvb.u8(5) !== 2) return false;
    heurConvs.add(key);
  }
  pkt.currentProto = 'TLS';
  return dissectTls(tvb, pkt, tree) > 0;
}

export const tlsHandle = handle('tls', 'TLS', dissectTls);
for (const port of [443, 465, 636, 853, 993, 995, 5061, 8883, 324, 802, 1300, 2221, 2443, 3249, 3250, 3251, 3252, 3496, 5671, 5684, 5868, 11207, 19999, 27017]) {
  tables.tcpPort.add(port, tlsHandle);
}
heuristics.tcp.add('tls', 'tls', tlsHeur);
