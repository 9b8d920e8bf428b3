// DNS, mDNS and LLMNR (packet-dns.c as tshark 4.0 shows them): header, flags, questions, resource records,
// name compression, request/response tracking, and the 'dns' tap for -z dns,tree.
import { LIMITS, limitWarning, onCaptureReset } from './state.js';
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT, type FieldDef } from '../fields/types.js';
import { addressToStr, ipv4ToStr, ipv6ToStr } from './address.js';
import {
  DNS_CLASSES, DNS_OPCODES, DNS_RCODES, DNS_TYPE_DESC, dnsTypeName, getDnsName, labelCount, timeSecsToStr,
} from './dns-names.js';
import { expertAdd, expertField } from './expert.js';
import { Group, type Packet, Severity } from './packet.js';
import { handle, heuristics, tables } from './tables.js';
import { NsTime } from './time.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';
import { formatText } from '../output/labels.js';
import { tcpDissectPdus } from '../tcp/pdus.js';
import { tcpState } from '../tcp/analysis.js';

/** What -z dns,tree needs from one DNS message (tshark's struct DnsTap). */
export interface DnsTap {
  /** 0 = query, 1 = response. */
  qr: number;
  opcode: number;
  rcode: number;
  /** Type and class of the (last) question, -1 when there is none. */
  qtype: number;
  qclass: number;
  /** Bytes of the DNS message as tshark's tap counts them (over TCP: the PDU with its 2-byte length). */
  payloadSize: number;
  /** Expanded length and label count of the (last) question's name. */
  qnameLen: number;
  qnameLabels: number;
  qname: string;
  nquestions: number;
  nanswers: number;
  nauthorities: number;
  nadditionals: number;
  /** A response that matched no request. */
  unsolicited: boolean;
  /** A retransmitted query or response. */
  retransmission: boolean;
  /** Response time in seconds (responses that matched a request), else -1. */
  rrt: number;
}

const TF = (t: string, f: string): { t: string; f: string } => ({ t, f });
const TYPES = DNS_TYPE_DESC;

export const proto = registerProtocol('dns', 'Domain Name System', 'DNS');
export const protoMdns = registerProtocol('mdns', 'Multicast Domain Name System', 'MDNS');
export const protoLlmnr = registerProtocol('llmnr', 'Link-local Multicast Name Resolution', 'LLMNR');

export const hf = registerFields(proto, {
  length: { abbrev: 'dns.length', name: 'Length', type: FT.UINT16, base: BASE.DEC },
  id: { abbrev: 'dns.id', name: 'Transaction ID', type: FT.UINT16, base: BASE.HEX },
  flags: { abbrev: 'dns.flags', name: 'Flags', type: FT.UINT16, base: BASE.HEX },
  f_response: { abbrev: 'dns.flags.response', name: 'Response', type: FT.BOOLEAN, base: 16, mask: 0x8000, tfs: TF('Message is a response', 'Message is a query') },
  f_opcode: { abbrev: 'dns.flags.opcode', name: 'Opcode', type: FT.UINT16, base: BASE.DEC, mask: 0x7800, strings: DNS_OPCODES },
  f_auth: { abbrev: 'dns.flags.authoritative', name: 'Authoritative', type: FT.BOOLEAN, base: 16, mask: 0x400, tfs: TF('Server is an authority for domain', 'Server is not an authority for domain') },
  f_conflict_q: { abbrev: 'dns.flags.conflict', name: 'Conflict', type: FT.BOOLEAN, base: 16, mask: 0x400, tfs: TF('The sender received multiple responses', 'None') },
  f_conflict_r: { abbrev: 'dns.flags.conflict', name: 'Conflict', type: FT.BOOLEAN, base: 16, mask: 0x400, tfs: TF('The name is not considered unique', 'The name is considered unique') },
  f_trunc: { abbrev: 'dns.flags.truncated', name: 'Truncated', type: FT.BOOLEAN, base: 16, mask: 0x200, tfs: TF('Message is truncated', 'Message is not truncated') },
  f_rd: { abbrev: 'dns.flags.recdesired', name: 'Recursion desired', type: FT.BOOLEAN, base: 16, mask: 0x100, tfs: TF('Do query recursively', "Don't do query recursively") },
  f_tentative: { abbrev: 'dns.flags.tentative', name: 'Tentative', type: FT.BOOLEAN, base: 16, mask: 0x100, tfs: TF('Tentative', 'Not tentative') },
  f_ra: { abbrev: 'dns.flags.recavail', name: 'Recursion available', type: FT.BOOLEAN, base: 16, mask: 0x80, tfs: TF('Server can do recursive queries', "Server can't do recursive queries") },
  f_z: { abbrev: 'dns.flags.z', name: 'Z', type: FT.BOOLEAN, base: 16, mask: 0x40, tfs: TF('reserved - incorrect!', 'reserved (0)') },
  f_authenticated: { abbrev: 'dns.flags.authenticated', name: 'Answer authenticated', type: FT.BOOLEAN, base: 16, mask: 0x20, tfs: TF('Answer/authority portion was authenticated by the server', 'Answer/authority portion was not authenticated by the server') },
  f_ad: { abbrev: 'dns.flags.authenticated', name: 'AD bit', type: FT.BOOLEAN, base: 16, mask: 0x20, tfs: TF('Set', 'Not set') },
  f_cd: { abbrev: 'dns.flags.checkdisable', name: 'Non-authenticated data', type: FT.BOOLEAN, base: 16, mask: 0x10, tfs: TF('Acceptable', 'Unacceptable') },
  f_rcode: { abbrev: 'dns.flags.rcode', name: 'Reply code', type: FT.UINT16, base: BASE.DEC, mask: 0xf, strings: DNS_RCODES },
  count_queries: { abbrev: 'dns.count.queries', name: 'Questions', type: FT.UINT16, base: BASE.DEC },
  count_zones: { abbrev: 'dns.count.zones', name: 'Zones', type: FT.UINT16, base: BASE.DEC },
  count_answers: { abbrev: 'dns.count.answers', name: 'Answer RRs', type: FT.UINT16, base: BASE.DEC },
  count_prereq: { abbrev: 'dns.count.prerequisites', name: 'Prerequisites', type: FT.UINT16, base: BASE.DEC },
  count_auth: { abbrev: 'dns.count.auth_rr', name: 'Authority RRs', type: FT.UINT16, base: BASE.DEC },
  count_updates: { abbrev: 'dns.count.updates', name: 'Updates', type: FT.UINT16, base: BASE.DEC },
  count_add: { abbrev: 'dns.count.add_rr', name: 'Additional RRs', type: FT.UINT16, base: BASE.DEC },
  qry_name: { abbrev: 'dns.qry.name', name: 'Name', type: FT.STRING },
  qry_name_len: { abbrev: 'dns.qry.name.len', name: 'Name Length', type: FT.UINT16, base: BASE.DEC },
  count_labels: { abbrev: 'dns.count.labels', name: 'Label Count', type: FT.UINT16, base: BASE.DEC },
  qry_type: { abbrev: 'dns.qry.type', name: 'Type', type: FT.UINT16, base: BASE.DEC, strings: TYPES },
  qry_class: { abbrev: 'dns.qry.class', name: 'Class', type: FT.UINT16, base: BASE.HEX, strings: DNS_CLASSES },
  qry_class_mdns: { abbrev: 'dns.qry.class', name: 'Class', type: FT.UINT16, base: BASE.HEX, mask: 0x7fff, strings: DNS_CLASSES },
  qry_qu: { abbrev: 'dns.qry.qu', name: '"QU" question', type: FT.BOOLEAN, base: 16, mask: 0x8000 },
  srv_service: { abbrev: 'dns.srv.service', name: 'Service', type: FT.STRING },
  srv_proto: { abbrev: 'dns.srv.proto', name: 'Protocol', type: FT.STRING },
  srv_name: { abbrev: 'dns.srv.name', name: 'Name', type: FT.STRING },
  srv_priority: { abbrev: 'dns.srv.priority', name: 'Priority', type: FT.UINT16, base: BASE.DEC },
  srv_weight: { abbrev: 'dns.srv.weight', name: 'Weight', type: FT.UINT16, base: BASE.DEC },
  srv_port: { abbrev: 'dns.srv.port', name: 'Port', type: FT.UINT16, base: BASE.DEC },
  srv_target: { abbrev: 'dns.srv.target', name: 'Target', type: FT.STRING },
  rr_name: { abbrev: 'dns.resp.name', name: 'Name', type: FT.STRING },
  rr_type: { abbrev: 'dns.resp.type', name: 'Type', type: FT.UINT16, base: BASE.DEC, strings: TYPES },
  rr_class: { abbrev: 'dns.resp.class', name: 'Class', type: FT.UINT16, base: BASE.HEX, strings: DNS_CLASSES },
  rr_class_mdns: { abbrev: 'dns.resp.class', name: 'Class', type: FT.UINT16, base: BASE.HEX, mask: 0x7fff, strings: DNS_CLASSES },
  rr_cache_flush: { abbrev: 'dns.resp.cache_flush', name: 'Cache flush', type: FT.BOOLEAN, base: 16, mask: 0x8000 },
  rr_ext_rcode: { abbrev: 'dns.resp.ext_rcode', name: 'Higher bits in extended RCODE', type: FT.UINT8, base: BASE.HEX },
  rr_edns0_version: { abbrev: 'dns.resp.edns0_version', name: 'EDNS0 version', type: FT.UINT8, base: BASE.DEC },
  rr_z: { abbrev: 'dns.resp.z', name: 'Z', type: FT.UINT16, base: BASE.HEX },
  rr_z_do: { abbrev: 'dns.resp.z.do', name: 'DO bit', type: FT.BOOLEAN, base: 16, mask: 0x8000, tfs: TF('Accepts DNSSEC security RRs', 'Cannot handle DNSSEC security RRs') },
  rr_z_reserved: { abbrev: 'dns.resp.z.reserved', name: 'Reserved', type: FT.UINT16, base: BASE.HEX, mask: 0x7fff },
  rr_udp_payload_size: { abbrev: 'dns.rr.udp_payload_size', name: 'UDP payload size', type: FT.UINT16, base: BASE.DEC },
  rr_udp_payload_size_mdns: { abbrev: 'dns.rr.udp_payload_size', name: 'UDP payload size', type: FT.UINT16, base: BASE.HEX, mask: 0x7fff },
  rr_ttl: { abbrev: 'dns.resp.ttl', name: 'Time to live', type: FT.UINT32, base: BASE.DEC },
  rr_len: { abbrev: 'dns.resp.len', name: 'Data length', type: FT.UINT16, base: BASE.DEC },
  a: { abbrev: 'dns.a', name: 'Address', type: FT.IPv4 },
  aaaa: { abbrev: 'dns.aaaa', name: 'AAAA Address', type: FT.IPv6 },
  cname: { abbrev: 'dns.cname', name: 'CNAME', type: FT.STRING },
  ns: { abbrev: 'dns.ns', name: 'Name Server', type: FT.STRING },
  ptr: { abbrev: 'dns.ptr.domain_name', name: 'Domain Name', type: FT.STRING },
  dname: { abbrev: 'dns.dname', name: 'Dname', type: FT.STRING },
  mx_pref: { abbrev: 'dns.mx.preference', name: 'Preference', type: FT.UINT16, base: BASE.DEC },
  mx_exchange: { abbrev: 'dns.mx.mail_exchange', name: 'Mail Exchange', type: FT.STRING },
  soa_mname: { abbrev: 'dns.soa.mname', name: 'Primary name server', type: FT.STRING },
  soa_rname: { abbrev: 'dns.soa.rname', name: "Responsible authority's mailbox", type: FT.STRING },
  soa_serial: { abbrev: 'dns.soa.serial_number', name: 'Serial Number', type: FT.UINT32, base: BASE.DEC },
  soa_refresh: { abbrev: 'dns.soa.refresh_interval', name: 'Refresh Interval', type: FT.UINT32, base: BASE.DEC },
  soa_retry: { abbrev: 'dns.soa.retry_interval', name: 'Retry Interval', type: FT.UINT32, base: BASE.DEC },
  soa_expire: { abbrev: 'dns.soa.expire_limit', name: 'Expire limit', type: FT.UINT32, base: BASE.DEC },
  soa_minimum: { abbrev: 'dns.soa.minimum_ttl', name: 'Minimum TTL', type: FT.UINT32, base: BASE.DEC },
  txt_length: { abbrev: 'dns.txt.length', name: 'TXT Length', type: FT.UINT8, base: BASE.DEC },
  txt: { abbrev: 'dns.txt', name: 'TXT', type: FT.STRING },
  spf_length: { abbrev: 'dns.spf.length', name: 'SPF Length', type: FT.UINT8, base: BASE.DEC },
  spf: { abbrev: 'dns.spf', name: 'SPF', type: FT.STRING },
  hinfo_cpu_length: { abbrev: 'dns.hinfo.cpu_length', name: 'CPU Length', type: FT.UINT8, base: BASE.DEC },
  hinfo_cpu: { abbrev: 'dns.hinfo.cpu', name: 'CPU', type: FT.STRING },
  hinfo_os_length: { abbrev: 'dns.hinfo.os_length', name: 'OS Length', type: FT.UINT8, base: BASE.DEC },
  hinfo_os: { abbrev: 'dns.hinfo.os', name: 'OS', type: FT.STRING },
  opt: { abbrev: 'dns.opt', name: 'Option', type: FT.NONE },
  opt_code: { abbrev: 'dns.opt.code', name: 'Option Code', type: FT.UINT16, base: BASE.DEC, strings: new Map([
    [0, 'Reserved'], [1, 'LLQ - Long-lived query'], [2, 'UL - Update lease'], [3, 'NSID - Name Server Identifier'],
    [4, 'Owner (reserved)'], [5, 'DAU - DNSSEC Algorithm Understood (RFC6975)'], [6, 'DHU - DS Hash Understood (RFC6975)'],
    [7, 'N3U - NSEC3 Hash Understood (RFC6975)'], [20730, 'Experimental - CSUBNET - Client subnet'], [8, 'CSUBNET - Client subnet'],
    [9, 'EDNS EXPIRE (RFC7314)'], [10, 'COOKIE'], [11, 'EDNS TCP Keepalive'], [12, 'PADDING'], [13, 'CHAIN'], [15, 'Extended DNS Error'],
  ]) },
  opt_len: { abbrev: 'dns.opt.len', name: 'Option Length', type: FT.UINT16, base: BASE.DEC },
  opt_data: { abbrev: 'dns.opt.data', name: 'Option Data', type: FT.BYTES },
  opt_dau: { abbrev: 'dns.opt.dau', name: 'DAU', type: FT.UINT8, base: BASE.DEC },
  opt_dhu: { abbrev: 'dns.opt.dhu', name: 'DHU', type: FT.UINT8, base: BASE.DEC },
  opt_n3u: { abbrev: 'dns.opt.n3u', name: 'N3U', type: FT.UINT8, base: BASE.DEC },
  opt_client_family: { abbrev: 'dns.opt.client.family', name: 'Family', type: FT.UINT16, base: BASE.DEC, strings: new Map([[1, 'IPv4'], [2, 'IPv6']]) },
  opt_client_netmask: { abbrev: 'dns.opt.client.netmask', name: 'Source Netmask', type: FT.UINT8, base: BASE.DEC },
  opt_client_scope: { abbrev: 'dns.opt.client.scope', name: 'Scope Netmask', type: FT.UINT8, base: BASE.DEC },
  opt_client_addr: { abbrev: 'dns.opt.client.addr', name: 'Client Subnet', type: FT.BYTES },
  opt_client_addr4: { abbrev: 'dns.opt.client.addr4', name: 'Client Subnet', type: FT.IPv4 },
  opt_client_addr6: { abbrev: 'dns.opt.client.addr6', name: 'Client Subnet', type: FT.IPv6 },
  opt_cookie_client: { abbrev: 'dns.opt.cookie.client', name: 'Client Cookie', type: FT.BYTES },
  opt_cookie_server: { abbrev: 'dns.opt.cookie.server', name: 'Server Cookie', type: FT.BYTES },
  opt_keepalive: { abbrev: 'dns.opt.edns_tcp_keepalive.timeout', name: 'Timeout', type: FT.UINT16, base: BASE.DEC },
  opt_padding: { abbrev: 'dns.opt.padding', name: 'Padding', type: FT.BYTES },
  opt_chain_fqdn: { abbrev: 'dns.opt.chain.fqdn', name: 'Closest Trust Point', type: FT.STRING },
  opt_ext_error_code: { abbrev: 'dns.opt.ext_error.info_code', name: 'Info Code', type: FT.UINT16, base: BASE.DEC },
  opt_ext_error_text: { abbrev: 'dns.opt.ext_error.extra_text', name: 'Extra Text', type: FT.STRING },
  rrsig_type_covered: { abbrev: 'dns.rrsig.type_covered', name: 'Type Covered', type: FT.UINT16, base: BASE.DEC, strings: TYPES },
  rrsig_algorithm: { abbrev: 'dns.rrsig.algorithm', name: 'Algorithm', type: FT.UINT8, base: BASE.DEC },
  rrsig_labels: { abbrev: 'dns.rrsig.labels', name: 'Labels', type: FT.UINT8, base: BASE.DEC },
  rrsig_original_ttl: { abbrev: 'dns.rrsig.original_ttl', name: 'Original TTL', type: FT.UINT32, base: BASE.DEC },
  rrsig_expiration: { abbrev: 'dns.rrsig.signature_expiration', name: 'Signature Expiration', type: FT.ABSOLUTE_TIME, base: BASE.ABSOLUTE_TIME_UTC },
  rrsig_inception: { abbrev: 'dns.rrsig.signature_inception', name: 'Signature Inception', type: FT.ABSOLUTE_TIME, base: BASE.ABSOLUTE_TIME_UTC },
  rrsig_key_tag: { abbrev: 'dns.rrsig.key_tag', name: 'Key Tag', type: FT.UINT16, base: BASE.DEC },
  rrsig_signers_name: { abbrev: 'dns.rrsig.signers_name', name: "Signer's name", type: FT.STRING },
  rrsig_signature: { abbrev: 'dns.rrsig.signature', name: 'Signature', type: FT.BYTES },
  dnskey_flags: { abbrev: 'dns.dnskey.flags', name: 'Flags', type: FT.UINT16, base: BASE.HEX },
  dnskey_zone_key: { abbrev: 'dns.dnskey.flags.zone_key', name: 'Zone Key', type: FT.BOOLEAN, base: 16, mask: 0x100, tfs: TF('This is the zone key for specified zone', 'This it not a zone key') },
  dnskey_revoked: { abbrev: 'dns.dnskey.flags.key_revoked', name: 'Key Revoked', type: FT.BOOLEAN, base: 16, mask: 0x80, tfs: TF('Yes', 'No') },
  dnskey_sep: { abbrev: 'dns.dnskey.flags.secure_entry_point', name: 'Key Signing Key', type: FT.BOOLEAN, base: 16, mask: 0x1, tfs: TF('Yes', 'No') },
  dnskey_reserved: { abbrev: 'dns.dnskey.flags.reserved', name: 'Key Signing Key', type: FT.UINT16, base: BASE.HEX, mask: 0xfe7e },
  dnskey_protocol: { abbrev: 'dns.dnskey.protocol', name: 'Protocol', type: FT.UINT8, base: BASE.DEC },
  dnskey_algorithm: { abbrev: 'dns.dnskey.algorithm', name: 'Algorithm', type: FT.UINT8, base: BASE.DEC },
  dnskey_key_id: { abbrev: 'dns.dnskey.key_id', name: 'Key id', type: FT.UINT16, base: BASE.DEC },
  dnskey_public_key: { abbrev: 'dns.dnskey.public_key', name: 'Public Key', type: FT.BYTES },
  ds_key_id: { abbrev: 'dns.ds.key_id', name: 'Key id', type: FT.UINT16, base: BASE.HEX },
  ds_algorithm: { abbrev: 'dns.ds.algorithm', name: 'Algorithm', type: FT.UINT8, base: BASE.DEC },
  ds_digest_type: { abbrev: 'dns.ds.digest_type', name: 'Digest Type', type: FT.UINT8, base: BASE.DEC, strings: new Map([[0, 'Reserved digest'], [1, 'SHA-1'], [2, 'SHA-256'], [3, 'GOST R 34.11-94'], [4, 'SHA-384']]) },
  ds_digest: { abbrev: 'dns.ds.digest', name: 'Digest', type: FT.BYTES },
  nsec_next: { abbrev: 'dns.nsec.next_domain_name', name: 'Next Domain Name', type: FT.STRING },
  sshfp_algorithm: { abbrev: 'dns.sshfp.algorithm', name: 'Algorithm', type: FT.UINT8, base: BASE.DEC, strings: new Map([[0, 'Reserved'], [1, 'RSA'], [2, 'DSA'], [3, 'ECDSA'], [4, 'Ed25519'], [5, 'XMSS']]) },
  sshfp_fp_type: { abbrev: 'dns.sshfp.fingerprint.type', name: 'Fingerprint type', type: FT.UINT8, base: BASE.DEC, strings: new Map([[0, 'Reserved'], [1, 'SHA1'], [2, 'SHA256']]) },
  sshfp_fp: { abbrev: 'dns.sshfp.fingerprint', name: 'Fingerprint', type: FT.BYTES },
  caa_flags: { abbrev: 'dns.caa.flags', name: 'CAA Flags', type: FT.UINT8, base: BASE.HEX },
  caa_critical: { abbrev: 'dns.caa.flags.issuer_critical', name: 'Issuer Critical', type: FT.BOOLEAN, base: 8, mask: 0x80, tfs: TF('Critical', 'Not critical') },
  caa_issue: { abbrev: 'dns.caa.issue', name: 'Issue', type: FT.STRING },
  caa_issuewild: { abbrev: 'dns.caa.issuewild', name: 'Issue Wildcard', type: FT.STRING },
  caa_iodef: { abbrev: 'dns.caa.iodef', name: 'Report URL', type: FT.STRING },
  caa_unknown: { abbrev: 'dns.caa.unknown', name: 'Unknown tag', type: FT.STRING },
  caa_tag_length: { abbrev: 'dns.caa.tag_length', name: 'Tag length', type: FT.UINT8, base: BASE.DEC },
  caa_tag: { abbrev: 'dns.caa.tag', name: 'Tag', type: FT.STRING },
  caa_value: { abbrev: 'dns.caa.value', name: 'Value', type: FT.STRING },
  svcb_priority: { abbrev: 'dns.svcb.svcpriority', name: 'SvcPriority', type: FT.UINT16, base: BASE.DEC },
  svcb_target: { abbrev: 'dns.svcb.targetname', name: 'TargetName', type: FT.STRING },
  svcb_param: { abbrev: 'dns.svcb.svcparam', name: 'SvcParam', type: FT.NONE },
  svcb_param_key: { abbrev: 'dns.svcb.svcparam.key', name: 'SvcParamKey', type: FT.UINT16, base: BASE.DEC, strings: new Map([
    [0, 'mandatory'], [1, 'alpn'], [2, 'no-default-alpn'], [3, 'port'], [4, 'ipv4hint'], [5, 'echconfig'], [6, 'ipv6hint'], [32769, 'odohconfig'], [65535, 'key65535'],
  ]) },
  svcb_param_len: { abbrev: 'dns.svcb.svcparam.value.length', name: 'SvcParamValue length', type: FT.UINT16, base: BASE.DEC },
  svcb_param_value: { abbrev: 'dns.svcb.svcparam.value', name: 'SvcParamValue', type: FT.BYTES },
  svcb_mandatory: { abbrev: 'dns.svcb.svcparam.mandatory.key', name: 'Mandatory key', type: FT.UINT16, base: BASE.DEC },
  svcb_alpn_len: { abbrev: 'dns.svcb.svcparam.alpn.length', name: 'ALPN length', type: FT.UINT8, base: BASE.DEC },
  svcb_alpn: { abbrev: 'dns.svcb.svcparam.alpn', name: 'ALPN', type: FT.STRING },
  svcb_port: { abbrev: 'dns.svcb.svcparam.port', name: 'Port', type: FT.UINT16, base: BASE.DEC },
  svcb_ipv4: { abbrev: 'dns.svcb.svcparam.ipv4hint.ip', name: 'IP', type: FT.IPv4 },
  svcb_ech: { abbrev: 'dns.svcb.svcparam.echconfig', name: 'ECHConfig', type: FT.BYTES },
  svcb_ipv6: { abbrev: 'dns.svcb.svcparam.ipv6hint.ip', name: 'IP', type: FT.IPv6 },
  uri_priority: { abbrev: 'dns.uri.priority', name: 'Priority', type: FT.UINT16, base: BASE.DEC },
  uri_weight: { abbrev: 'dns.uri.weight', name: 'Weight', type: FT.UINT16, base: BASE.DEC },
  uri_target: { abbrev: 'dns.uri.target', name: 'Target', type: FT.STRING },
  loc_version: { abbrev: 'dns.loc.version', name: 'Version', type: FT.UINT8, base: BASE.DEC },
  loc_size: { abbrev: 'dns.loc.size', name: 'Size', type: FT.UINT8, base: BASE.DEC },
  loc_hp: { abbrev: 'dns.loc.horizontal_precision', name: 'Horizontal Precision', type: FT.UINT8, base: BASE.DEC },
  loc_vp: { abbrev: 'dns.loc.vertical_precision', name: 'Vertical Precision', type: FT.UINT8, base: BASE.DEC },
  loc_lat: { abbrev: 'dns.loc.latitude', name: 'Latitude', type: FT.UINT32, base: BASE.DEC },
  loc_lon: { abbrev: 'dns.loc.longitude', name: 'Longitude', type: FT.UINT32, base: BASE.DEC },
  loc_alt: { abbrev: 'dns.loc.altitude', name: 'Altitude', type: FT.UINT32, base: BASE.DEC },
  loc_unknown: { abbrev: 'dns.loc.unknown_data', name: 'Unknown data', type: FT.BYTES },
  nsec3_algo: { abbrev: 'dns.nsec3.algo', name: 'Hash algorithm', type: FT.UINT8, base: BASE.DEC, strings: new Map([[0, 'Reserved'], [1, 'SHA-1']]) },
  nsec3_flags: { abbrev: 'dns.nsec3.flags', name: 'NSEC3 flags', type: FT.UINT8, base: BASE.DEC },
  nsec3_optout: { abbrev: 'dns.nsec3.flags.opt_out', name: 'NSEC3 Opt-out flag', type: FT.BOOLEAN, base: 8, mask: 0x1, tfs: TF('Additional insecure delegations allowed', 'Additional insecure delegations forbidden') },
  nsec3_iterations: { abbrev: 'dns.nsec3.iterations', name: 'NSEC3 iterations', type: FT.UINT16, base: BASE.DEC },
  nsec3_salt_length: { abbrev: 'dns.nsec3.salt_length', name: 'Salt length', type: FT.UINT8, base: BASE.DEC },
  nsec3_salt_value: { abbrev: 'dns.nsec3.salt_value', name: 'Salt value', type: FT.BYTES },
  nsec3_hash_length: { abbrev: 'dns.nsec3.hash_length', name: 'Hash length', type: FT.UINT8, base: BASE.DEC },
  nsec3_hash_value: { abbrev: 'dns.nsec3.hash_value', name: 'Next hashed owner', type: FT.STRING },
  rr_type_bitmap: { abbrev: 'dns.rr.type', name: 'RR type in bit map', type: FT.UINT16, base: BASE.DEC, strings: TYPES },
  naptr_order: { abbrev: 'dns.naptr.order', name: 'Order', type: FT.UINT16, base: BASE.DEC },
  naptr_pref: { abbrev: 'dns.naptr.preference', name: 'Preference', type: FT.UINT16, base: BASE.DEC },
  naptr_flags_len: { abbrev: 'dns.naptr.flags_length', name: 'Flags Length', type: FT.UINT8, base: BASE.DEC },
  naptr_flags: { abbrev: 'dns.naptr.flags', name: 'Flags', type: FT.STRING },
  naptr_service_len: { abbrev: 'dns.naptr.service_length', name: 'Service Length', type: FT.UINT8, base: BASE.DEC },
  naptr_service: { abbrev: 'dns.naptr.service', name: 'Service', type: FT.STRING },
  naptr_regex_len: { abbrev: 'dns.naptr.regex_length', name: 'Regex Length', type: FT.UINT8, base: BASE.DEC },
  naptr_regex: { abbrev: 'dns.naptr.regex', name: 'Regex', type: FT.STRING },
  naptr_replacement_len: { abbrev: 'dns.naptr.replacement_length', name: 'Replacement Length', type: FT.UINT8, base: BASE.DEC },
  naptr_replacement: { abbrev: 'dns.naptr.replacement', name: 'Replacement', type: FT.STRING },
  tlsa_usage: { abbrev: 'dns.tlsa.certificate_usage', name: 'Certificate Usage', type: FT.UINT8, base: BASE.DEC, strings: new Map([[0, 'CA constraint (PKIX-TA)'], [1, 'Service certificate constraint (PKIX-EE)'], [2, 'Trust anchor assertion (DANE-TA)'], [3, 'Domain-issued certificate (DANE-EE)']]) },
  tlsa_selector: { abbrev: 'dns.tlsa.selector', name: 'Selector', type: FT.UINT8, base: BASE.DEC, strings: new Map([[0, 'Full certificate (Cert)'], [1, 'SubjectPublicKeyInfo (SPKI)']]) },
  tlsa_matching: { abbrev: 'dns.tlsa.matching_type', name: 'Matching Type', type: FT.UINT8, base: BASE.DEC, strings: new Map([[0, 'No Hash Used (Full)'], [1, '256 bit hash by SHA2 (SHA2-256)'], [2, '512 bit hash by SHA2 (SHA2-512)']]) },
  tlsa_data: { abbrev: 'dns.tlsa.certificate_association_data', name: 'Certificate Association Data', type: FT.BYTES },
  wks_address: { abbrev: 'dns.wks.address', name: 'Address', type: FT.IPv4 },
  wks_protocol: { abbrev: 'dns.wks.protocol', name: 'Protocol', type: FT.UINT8, base: BASE.DEC, strings: new Map([[1, 'ICMP'], [6, 'TCP'], [17, 'UDP']]) },
  wks_bits: { abbrev: 'dns.wks.bits', name: 'Bits', type: FT.UINT8, base: BASE.HEX },
  null_data: { abbrev: 'dns.null', name: 'Null (data)', type: FT.BYTES },
  data: { abbrev: 'dns.data', name: 'Data', type: FT.BYTES },
  response_in: { abbrev: 'dns.response_in', name: 'Response In', type: FT.FRAMENUM },
  response_to: { abbrev: 'dns.response_to', name: 'Request In', type: FT.FRAMENUM },
  retransmission: { abbrev: 'dns.retransmission', name: 'Retransmission', type: FT.BOOLEAN },
  retransmit_request_in: { abbrev: 'dns.retransmit_request_in', name: 'Retransmitted request. Original request in', type: FT.FRAMENUM },
  retransmit_response_in: { abbrev: 'dns.retransmit_response_in', name: 'Retransmitted response. Original response in', type: FT.FRAMENUM },
  time: { abbrev: 'dns.time', name: 'Time', type: FT.RELATIVE_TIME },
  unsolicited: { abbrev: 'dns.unsolicited', name: 'Unsolicited', type: FT.BOOLEAN },
});

const DNSSEC_ALGOS = new Map<number, string>([
  [1, 'RSA/MD5'], [2, 'Diffie-Hellman'], [3, 'DSA'], [4, 'Elliptic curve crypto'], [5, 'RSA/SHA1'], [6, 'DSA + NSEC3/SHA1'],
  [7, 'RSA/SHA1 + NSEC3/SHA1'], [8, 'RSA/SHA-256'], [10, 'RSA/SHA-512'], [12, 'GOST R 34.10-2001'],
  [13, 'ECDSA Curve P-256 with SHA-256'], [14, 'ECDSA Curve P-386 with SHA-386'], [15, 'Ed25519'], [16, 'Ed448'],
  [157, 'HMAC/MD5'], [252, 'Indirect key'], [253, 'Private, domain name'], [254, 'Private, OID'],
]);
for (const f of [hf.rrsig_algorithm, hf.dnskey_algorithm, hf.ds_algorithm, hf.opt_dau]) (f as { strings?: unknown }).strings = DNSSEC_ALGOS;
(hf.opt_dhu as { strings?: unknown }).strings = hf.ds_digest_type.strings;
(hf.opt_n3u as { strings?: unknown }).strings = new Map([[0, 'Reserved'], [1, 'SHA-1']]);

const ei = {
  retransmitRequest: expertField(proto, 'dns.retransmit_request', Group.Protocol, Severity.Warn, 'DNS query retransmission'),
  retransmitResponse: expertField(proto, 'dns.retransmit_response', Group.Protocol, Severity.Warn, 'DNS response retransmission'),
  undecoded: expertField(proto, 'dns.undecoded.type', Group.Undecoded, Severity.Note, 'Undecoded option'),
  ttlNegative: expertField(proto, 'dns.ttl.negative', Group.Protocol, Severity.Warn, 'TTL can\'t be negative'),
};

// ---- request/response tracking (per conversation, keyed by transaction id) ----

interface Trans { id: number; reqFrame: number; repFrame: number; reqSec: number; reqNsec: number }
/** Seconds after which a repeated query is a new transaction rather than a retransmission (tshark's default). */
const RETRANSMISSION_TIMER = 5;
const convs = new Map<string, Map<number, Trans[]>>();
onCaptureReset(() => convs.clear());

function convKey(pkt: Packet): string {
  const a = addressToStr(pkt.src) + '/' + pkt.srcport, b = addressToStr(pkt.dst) + '/' + pkt.destport;
  return pkt.ptype + (a < b ? a + '|' + b : b + '|' + a);
}

/**
 * Conversations whose every query was answered are forgotten once ANSWERED_KEEP later answers came and
 * ANSWERED_KEEP_SECONDS of capture time went by (a late duplicate still finds them until then): memory follows
 * the transactions of the last minutes, not the capture's length. Not with -2 (the second pass reads every
 * transaction).
 */
const ANSWERED_KEEP = 4096;
const ANSWERED_KEEP_SECONDS = 300;
const answered: string[] = [];
const answeredAt: number[] = [];
let answeredHead = 0;
onCaptureReset(() => { answered.length = 0; answeredAt.length = 0; answeredHead = 0; });
function noteAnswered(key: string, sec: number): void {
  if (tcpState.keepFrames) return;
  answered.push(key);
  answeredAt.push(sec);
  while (answered.length - answeredHead > ANSWERED_KEEP && sec - answeredAt[answeredHead]! > ANSWERED_KEEP_SECONDS) {
    const old = answered[answeredHead++]!;
    const conv = convs.get(old);
    if (conv && [...conv.values()].every(list => list.every(t => t.repFrame !== 0))) convs.delete(old);
  }
  if (answeredHead >= 65536) { answered.splice(0, answeredHead); answeredAt.splice(0, answeredHead); answeredHead = 0; }
}

/** The latest transaction of this id that started at or before this frame. */
function lookupLe(list: Trans[] | undefined, num: number): Trans | null {
  if (!list) return null;
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.reqFrame <= num) return list[i]!;
  return null;
}

function nameText(n: string): string { return formatText(n); }

interface Ctx { pkt: Packet; tvb: Tvb; base: number; mdns: boolean; info: boolean; owner: string }

function dissectQuery(c: Ctx, off: number, tree: Item, tap: DnsTap | null): number {
  const { tvb } = c;
  const n = getDnsName(tvb, off, c.base);
  const typ = tvb.u16(off + n.len);
  let cls = tvb.u16(off + n.len + 2);
  const rawCls = cls;
  let qu = false;
  if (c.mdns) { qu = (cls & 0x8000) !== 0; cls &= 0x7fff; }
  const typeName = dnsTypeName(typ);
  const nameOut = nameText(n.name);
  const labels = labelCount(n.name, n.nameLen);
  if (tap) { tap.qtype = typ; tap.qclass = cls; tap.qnameLen = n.nameLen > 1 ? n.nameLen : 0; tap.qnameLabels = labels; tap.qname = n.name; }
  if (c.info) {
    c.pkt.info.append(` ${typeName} ${nameOut}`);
    if (c.mdns && qu) c.pkt.info.append(', "QU" question');
  }
  if (tree.real) {
    const len = n.len + 4;
    let head = `${nameOut}: type ${typeName}, class ${DNS_CLASSES.get(cls) ?? 'Unknown'}`;
    if (c.mdns) head += `, "${qu ? 'QU' : 'QM'}" question`;
    const q = tree.addText(tvb, off, len, head);
    q.add(hf.qry_name, tvb, off, n.len, n.name);
    q.add(hf.qry_name_len, tvb, off, n.len, n.nameLen > 1 ? n.nameLen : 0).generated();
    q.add(hf.count_labels, tvb, off, n.len, labels).generated();
    q.add(hf.qry_type, tvb, off + n.len, 2, typ);
    if (c.mdns) {
      q.add(hf.qry_class_mdns, tvb, off + n.len + 2, 2, rawCls & 0x7fff);
      q.add(hf.qry_qu, tvb, off + n.len + 2, 2, qu);
    } else q.add(hf.qry_class, tvb, off + n.len + 2, 2, cls);
  }
  return n.len + 4;
}

/** SRV owner names are shown split into service, protocol and name (when they have that shape). */
function addSrvParts(t: Item, tvb: Tvb, off: number, len: number, typ: number, name: string, nameHf: FieldDef): void {
  if (typ === 33) {
    const parts = name.split('.');
    if (parts.length >= 3 && name[0] === '_') {
      t.add(hf.srv_service, tvb, off, len, parts[0]!);
      t.add(hf.srv_proto, tvb, off, len, parts[1]!);
      t.add(hf.srv_name, tvb, off, len, parts.slice(2).join('.'));
      return;
    }
  }
  t.add(nameHf, tvb, off, len, name);
}

function dissectRecords(c: Ctx, off: number, count: number, tree: Item, title: string): number {
  const start = off;
  const t = tree.addText(c.tvb, off, -1, title);
  for (let i = 0; i < count; i++) off += dissectAnswer(c, off, t);
  t.setLen(off - start);
  return off - start;
}

function dissectAnswer(c: Ctx, off: number, tree: Item): number {
  const { tvb, pkt } = c;
  const start = off;
  const n = getDnsName(tvb, off, c.base);
  off += n.len;
  const typ = tvb.u16(off);
  let cls = tvb.u16(off + 2);
  const rawCls = cls;
  let flush = false;
  if (c.mdns && typ !== 41) { flush = (cls & 0x8000) !== 0; cls &= 0x7fff; }
  const typeName = dnsTypeName(typ);
  const className = DNS_CLASSES.get(cls) ?? 'Unknown';
  const ttl = tvb.u32(off + 4);
  const dlen = tvb.u16(off + 8);
  const rd = off + 10;
  const nameOut = nameText(n.name);
  c.owner = nameOut;
  if (c.info) { pkt.info.append(` ${typeName}`); if (flush) pkt.info.append(', cache flush'); }
  let rr: Item = tree;
  if (tree.real) {
    const total = rd - start + dlen;
    // Adding the subtree checks its bytes exist, as proto_tree_add does.
    tvb.ensure(start, total);
    if (typ === 41) {
      rr = tree.addText(tvb, start, total, `${nameOut}: type ${typeName}`);
      rr.add(hf.rr_name, tvb, start, n.len, n.name);
      rr.add(hf.rr_type, tvb, off, 2, typ);
      if (c.mdns) rr.add(hf.rr_udp_payload_size_mdns, tvb, off + 2, 2, rawCls & 0x7fff);
      else rr.add(hf.rr_udp_payload_size, tvb, off + 2, 2, rawCls);
      rr.add(hf.rr_ext_rcode, tvb, off + 4, 1, tvb.u8(off + 4));
      rr.add(hf.rr_edns0_version, tvb, off + 5, 1, tvb.u8(off + 5));
      const z = tvb.u16(off + 6);
      const zt = rr.add(hf.rr_z, tvb, off + 6, 2, z);
      zt.add(hf.rr_z_do, tvb, off + 6, 2, (z & 0x8000) !== 0);
      zt.add(hf.rr_z_reserved, tvb, off + 6, 2, z & 0x7fff);
      rr.add(hf.rr_len, tvb, off + 8, 2, dlen);
    } else {
      rr = tree.addText(tvb, start, total, `${nameOut}: type ${typeName}, class ${className}`);
      addSrvParts(rr, tvb, start, n.len, typ, n.name, hf.rr_name);
      rr.add(hf.rr_type, tvb, off, 2, typ);
      if (c.mdns) {
        rr.add(hf.rr_class_mdns, tvb, off + 2, 2, rawCls & 0x7fff);
        rr.add(hf.rr_cache_flush, tvb, off + 2, 2, flush);
      } else rr.add(hf.rr_class, tvb, off + 2, 2, cls);
      const ti = rr.add(hf.rr_ttl, tvb, off + 4, 4, ttl);
      ti.appendText(` (${timeSecsToStr(ttl)})`);
      if (ttl & 0x80000000) expertAdd(pkt, ti, ei.ttlNegative);
      rr.add(hf.rr_len, tvb, off + 8, 2, dlen);
    }
    if (c.mdns && flush) rr.appendText(', cache flush');
  }
  if (dlen > 0 || typ === 41) dissectRdata(c, rd, dlen, typ, cls, rr);
  return rd - start + dlen;
}

/** NSEC/NSEC3 type bitmaps (RFC 4034 §4.1.2): one item per type present. */
function typeBitmap(tvb: Tvb, p: number, end: number, rr: Item): void {
  while (p + 2 <= end) {
    const win = tvb.u8(p), blen = tvb.u8(p + 1);
    p += 2;
    for (let i = 0; i < blen; i++) {
      const bits = tvb.u8(p + i);
      for (let j = 0; j < 8; j++) if (bits & (0x80 >> j)) rr.add(hf.rr_type_bitmap, tvb, p + i, 1, win * 256 + i * 8 + j).setText(`RR type in bit map: ${TYPES.get(win * 256 + i * 8 + j) ?? `Unknown (${win * 256 + i * 8 + j})`}`);
    }
    p += blen;
  }
}

const B32 = '0123456789abcdefghijklmnopqrstuv';
function base32hex(b: Uint8Array): string {
  let out = '', acc = 0, bits = 0;
  for (const x of b) { acc = (acc << 8) | x; bits += 8; while (bits >= 5) { out += B32[(acc >> (bits - 5)) & 31]; bits -= 5; } acc &= 0xff; }
  if (bits > 0) out += B32[(acc << (5 - bits)) & 31];
  return out;
}

function locSize(v: number): string {
  const m = v >> 4, e = v & 0xf;
  let cm = m; for (let i = 0; i < e; i++) cm *= 10;
  return cm >= 100 ? `${cm / 100} m` : `${cm} cm`;
}
function locAngle(v: number, pos: string, neg: string): string {
  let x = v - 0x80000000;
  const dir = x < 0 ? neg : pos;
  x = Math.abs(x);
  const ms = x % 1000; x = Math.floor(x / 1000);
  const sec = x % 60; x = Math.floor(x / 60);
  const min = x % 60; const deg = Math.floor(x / 60);
  return `${deg} deg ${min} min ${sec}.${String(ms).padStart(3, '0')} sec ${dir}`;
}
function dissectLoc(tvb: Tvb, off: number, dlen: number, rr: Item): void {
  const ver = tvb.u8(off);
  rr.add(hf.loc_version, tvb, off, 1, ver);
  if (ver !== 0) { if (dlen > 1) bytesItem(rr, hf.loc_unknown, tvb, off + 1, dlen - 1); return; }
  const sz = tvb.u8(off + 1), hp = tvb.u8(off + 2), vp = tvb.u8(off + 3);
  rr.add(hf.loc_size, tvb, off + 1, 1, sz).appendText(` (${locSize(sz)})`);
  rr.add(hf.loc_hp, tvb, off + 2, 1, hp).appendText(` (${locSize(hp)})`);
  rr.add(hf.loc_vp, tvb, off + 3, 1, vp).appendText(` (${locSize(vp)})`);
  const lat = tvb.u32(off + 4), lon = tvb.u32(off + 8), alt = tvb.u32(off + 12);
  rr.add(hf.loc_lat, tvb, off + 4, 4, lat).appendText(` (${locAngle(lat, 'N', 'S')})`);
  rr.add(hf.loc_lon, tvb, off + 8, 4, lon).appendText(` (${locAngle(lon, 'E', 'W')})`);
  const altCm = alt - 10000000;
  rr.add(hf.loc_alt, tvb, off + 12, 4, alt).appendText(` (${altCm % 100 === 0 ? altCm / 100 : (altCm / 100).toFixed(2)} m)`);
}

function bytesItem(t: Item, f: FieldDef, tvb: Tvb, off: number, len: number): Item {
  return t.add(f, tvb, off, len, tvb.bytes(off, len));
}

/** Character-string (length byte + text) as tshark decodes ASCII: bytes >= 0x80 become U+FFFD. */
function charString(tvb: Tvb, off: number, len: number): string {
  const b = tvb.bytes(off, len);
  let s = '';
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0) break; // shown as a C string
    s += b[i]! < 0x80 ? String.fromCharCode(b[i]!) : '\ufffd';
  }
  return s;
}

function dissectRdata(c: Ctx, off: number, dlen: number, typ: number, cls: number, rr: Item): void {
  const { tvb, pkt } = c;
  const end = off + dlen;
  switch (typ) {
    case 1: { // A
      if (cls === 1 || c.mdns) {
        const b = tvb.bytes(off, 4);
        const addr = ipv4ToStr(b);
        if (c.info) pkt.info.append(` ${addr}`);
        if (rr.real) { rr.appendText(`, addr ${addr}`); rr.add(hf.a, tvb, off, 4, tvb.u32(off)); }
      } else if (rr.real) bytesItem(rr, hf.data, tvb, off, dlen);
      return;
    }
    case 28: { // AAAA
      const b = tvb.bytes(off, 16);
      const addr = ipv6ToStr(b);
      if (c.info) pkt.info.append(` ${addr}`);
      if (rr.real) { rr.appendText(`, addr ${addr}`); rr.add(hf.aaaa, tvb, off, 16, b); }
      return;
    }
    case 2: case 5: case 12: case 39: { // NS, CNAME, PTR, DNAME
      const n = getDnsName(tvb, off, c.base);
      const out = nameText(n.name);
      if (c.info) pkt.info.append(` ${out}`);
      if (rr.real) {
        const [label, f] = typ === 2 ? [`, ns ${out}`, hf.ns] : typ === 5 ? [`, cname ${out}`, hf.cname] : typ === 12 ? [`, ${out}`, hf.ptr] : [`, dname ${out}`, hf.dname];
        rr.appendText(label);
        rr.add(f, tvb, off, n.len, n.name);
      }
      return;
    }
    case 15: { // MX
      const pref = tvb.u16(off);
      const n = getDnsName(tvb, off + 2, c.base);
      const out = nameText(n.name);
      if (c.info) pkt.info.append(` ${pref} ${out}`);
      if (rr.real) {
        rr.appendText(`, preference ${pref}, mx ${out}`);
        rr.add(hf.mx_pref, tvb, off, 2, pref);
        rr.add(hf.mx_exchange, tvb, off + 2, n.len, n.name);
      }
      return;
    }
    case 6: { // SOA
      const m = getDnsName(tvb, off, c.base);
      const mOut = nameText(m.name);
      if (c.info) pkt.info.append(` ${mOut}`);
      let o = off + m.len;
      // tshark expands the mailbox and reads the intervals with or without a tree (truncation shows either way).
      const r = getDnsName(tvb, o, c.base);
      tvb.ensure(o + r.len + 4, 16);
      if (!rr.real) return;
      rr.appendText(`, mname ${mOut}`);
      rr.add(hf.soa_mname, tvb, off, m.len, m.name);
      rr.add(hf.soa_rname, tvb, o, r.len, r.name);
      o += r.len;
      rr.add(hf.soa_serial, tvb, o, 4, tvb.u32(o));
      const ivs: [FieldDef, number][] = [[hf.soa_refresh, o + 4], [hf.soa_retry, o + 8], [hf.soa_expire, o + 12], [hf.soa_minimum, o + 16]];
      for (const [f, p] of ivs) { const v = tvb.u32(p); rr.add(f, tvb, p, 4, v).appendText(` (${timeSecsToStr(v)})`); }
      return;
    }
    case 16: case 99: { // TXT, SPF
      if (!rr.real) return;
      const [lf, sf] = typ === 16 ? [hf.txt_length, hf.txt] : [hf.spf_length, hf.spf];
      let o = off;
      while (o < end) {
        const l = tvb.u8(o);
        rr.add(lf, tvb, o, 1, l);
        rr.add(sf, tvb, o + 1, l, charString(tvb, o + 1, l));
        o += 1 + l;
      }
      return;
    }
    case 13: { // HINFO
      const cl = tvb.u8(off);
      const cpu = charString(tvb, off + 1, cl), osl = tvb.u8(off + 1 + cl), os = charString(tvb, off + 2 + cl, osl);
      if (c.info) pkt.info.append(` ${formatText(cpu)} ${formatText(os)}`);
      if (!rr.real) return;
      rr.appendText(`, CPU ${formatText(cpu)}, OS ${formatText(os)}`);
      rr.add(hf.hinfo_cpu_length, tvb, off, 1, cl);
      rr.add(hf.hinfo_cpu, tvb, off + 1, cl, charString(tvb, off + 1, cl));
      const o = off + 1 + cl, ol = tvb.u8(o);
      rr.add(hf.hinfo_os_length, tvb, o, 1, ol);
      rr.add(hf.hinfo_os, tvb, o + 1, ol, charString(tvb, o + 1, ol));
      return;
    }
    case 33: { // SRV
      const pri = tvb.u16(off), w = tvb.u16(off + 2), port = tvb.u16(off + 4);
      const n = getDnsName(tvb, off + 6, c.base);
      const out = nameText(n.name);
      if (c.info) pkt.info.append(` ${pri} ${w} ${port} ${out}`);
      if (rr.real) {
        rr.appendText(`, priority ${pri}, weight ${w}, port ${port}, target ${out}`);
        rr.add(hf.srv_priority, tvb, off, 2, pri);
        rr.add(hf.srv_weight, tvb, off + 2, 2, w);
        rr.add(hf.srv_port, tvb, off + 4, 2, port);
        rr.add(hf.srv_target, tvb, off + 6, n.len, n.name);
      }
      return;
    }
    case 41: { // OPT
      if (!rr.real) return;
      let o = off;
      while (o < end) {
        const code = tvb.u16(o), olen = tvb.u16(o + 2);
        const name = hf.opt_code.strings!.get(code) ?? `Unknown (${code})`;
        const ot = rr.add(hf.opt, tvb, o, 4 + olen, null).setText(`Option: ${name}`);
        ot.add(hf.opt_code, tvb, o, 2, code);
        ot.add(hf.opt_len, tvb, o + 2, 2, olen);
        const d = o + 4;
        ot.add(hf.opt_data, tvb, d, olen, olen ? tvb.bytes(d, olen) : new Uint8Array(0));
        dissectOption(tvb, d, olen, code, ot);
        o = d + olen;
      }
      return;
    }
    case 46: case 24: { // RRSIG, SIG
      if (!rr.real) return;
      const tc = tvb.u16(off);
      rr.add(hf.rrsig_type_covered, tvb, off, 2, tc);
      rr.add(hf.rrsig_algorithm, tvb, off + 2, 1, tvb.u8(off + 2));
      rr.add(hf.rrsig_labels, tvb, off + 3, 1, tvb.u8(off + 3));
      const ottl = tvb.u32(off + 4);
      rr.add(hf.rrsig_original_ttl, tvb, off + 4, 4, ottl).appendText(` (${timeSecsToStr(ottl)})`);
      rr.add(hf.rrsig_expiration, tvb, off + 8, 4, new NsTime(tvb.u32(off + 8), 0));
      rr.add(hf.rrsig_inception, tvb, off + 12, 4, new NsTime(tvb.u32(off + 12), 0));
      rr.add(hf.rrsig_key_tag, tvb, off + 16, 2, tvb.u16(off + 16));
      const n = getDnsName(tvb, off + 18, c.base);
      rr.add(hf.rrsig_signers_name, tvb, off + 18, n.len, n.name);
      const so = off + 18 + n.len;
      if (end > so) bytesItem(rr, hf.rrsig_signature, tvb, so, end - so);
      return;
    }
    case 43: case 59: case 32769: { // DS, CDS, DLV
      if (!rr.real) return;
      rr.add(hf.ds_key_id, tvb, off, 2, tvb.u16(off));
      rr.add(hf.ds_algorithm, tvb, off + 2, 1, tvb.u8(off + 2));
      rr.add(hf.ds_digest_type, tvb, off + 3, 1, tvb.u8(off + 3));
      if (dlen > 4) bytesItem(rr, hf.ds_digest, tvb, off + 4, dlen - 4);
      return;
    }
    case 44: { // SSHFP
      if (!rr.real) return;
      rr.add(hf.sshfp_algorithm, tvb, off, 1, tvb.u8(off));
      rr.add(hf.sshfp_fp_type, tvb, off + 1, 1, tvb.u8(off + 1));
      if (dlen > 2) bytesItem(rr, hf.sshfp_fp, tvb, off + 2, dlen - 2);
      return;
    }
    case 47: { // NSEC
      const n = getDnsName(tvb, off, c.base);
      const out = nameText(n.name);
      if (c.info) pkt.info.append(` ${out}`);
      if (!rr.real) return;
      rr.appendText(`, next domain name ${out}`);
      rr.add(hf.nsec_next, tvb, off, n.len, n.name);
      typeBitmap(tvb, off + n.len, end, rr);
      return;
    }
    case 48: case 60: { // DNSKEY, CDNSKEY
      if (!rr.real) return;
      const fl = tvb.u16(off);
      const ft = rr.add(hf.dnskey_flags, tvb, off, 2, fl);
      ft.add(hf.dnskey_zone_key, tvb, off, 2, (fl & 0x100) !== 0);
      ft.add(hf.dnskey_revoked, tvb, off, 2, (fl & 0x80) !== 0);
      ft.add(hf.dnskey_sep, tvb, off, 2, (fl & 0x1) !== 0);
      ft.add(hf.dnskey_reserved, tvb, off, 2, (fl & 0xfe7e) >> 1);
      rr.add(hf.dnskey_protocol, tvb, off + 2, 1, tvb.u8(off + 2));
      rr.add(hf.dnskey_algorithm, tvb, off + 3, 1, tvb.u8(off + 3));
      const rdata = tvb.bytes(off, dlen);
      let ac = 0;
      for (let i = 0; i < rdata.length; i++) ac += i & 1 ? rdata[i]! : rdata[i]! << 8;
      ac += (ac >> 16) & 0xffff;
      rr.add(hf.dnskey_key_id, tvb, off, 4, ac & 0xffff).generated();
      if (dlen > 4) bytesItem(rr, hf.dnskey_public_key, tvb, off + 4, dlen - 4);
      return;
    }
    case 50: case 51: { // NSEC3, NSEC3PARAM
      if (typ === 51 && c.info) pkt.info.append(` ${c.owner}`);
      if (!rr.real) return;
      rr.add(hf.nsec3_algo, tvb, off, 1, tvb.u8(off));
      const fl = tvb.u8(off + 1);
      const ft = rr.add(hf.nsec3_flags, tvb, off + 1, 1, fl);
      if (typ === 50) ft.add(hf.nsec3_optout, tvb, off + 1, 1, (fl & 1) !== 0);
      rr.add(hf.nsec3_iterations, tvb, off + 2, 2, tvb.u16(off + 2));
      const sl = tvb.u8(off + 4);
      rr.add(hf.nsec3_salt_length, tvb, off + 4, 1, sl);
      rr.add(hf.nsec3_salt_value, tvb, off + 5, sl, sl ? tvb.bytes(off + 5, sl) : new Uint8Array(0));
      if (typ === 51) return;
      let p = off + 5 + sl;
      const hl = tvb.u8(p);
      rr.add(hf.nsec3_hash_length, tvb, p, 1, hl);
      rr.add(hf.nsec3_hash_value, tvb, p + 1, hl, base32hex(tvb.bytes(p + 1, hl))).generated();
      p += 1 + hl;
      typeBitmap(tvb, p, end, rr);
      return;
    }
    case 35: { // NAPTR
      const order = tvb.u16(off), pref = tvb.u16(off + 2);
      const flen = tvb.u8(off + 4), flags = charString(tvb, off + 5, flen);
      if (c.info) pkt.info.append(` ${order} ${pref} ${formatText(flags)}`);
      if (!rr.real) return;
      rr.appendText(`, order ${order}, preference ${pref}, flags ${formatText(flags)}`);
      rr.add(hf.naptr_order, tvb, off, 2, order);
      rr.add(hf.naptr_pref, tvb, off + 2, 2, pref);
      rr.add(hf.naptr_flags_len, tvb, off + 4, 1, flen);
      rr.add(hf.naptr_flags, tvb, off + 5, flen, flags);
      let p = off + 5 + flen;
      for (const [lf, sf] of [[hf.naptr_service_len, hf.naptr_service], [hf.naptr_regex_len, hf.naptr_regex]] as const) {
        const l = tvb.u8(p);
        rr.add(lf, tvb, p, 1, l);
        rr.add(sf, tvb, p + 1, l, charString(tvb, p + 1, l));
        p += 1 + l;
      }
      const n = getDnsName(tvb, p, c.base);
      rr.add(hf.naptr_replacement_len, tvb, p, 0, n.nameLen).generated();
      rr.add(hf.naptr_replacement, tvb, p, n.len, n.name);
      return;
    }
    case 257: { // CAA
      if (!rr.real) return;
      const fl = tvb.u8(off);
      const ft = rr.add(hf.caa_flags, tvb, off, 1, fl);
      ft.add(hf.caa_critical, tvb, off, 1, (fl & 0x80) !== 0);
      const tl = tvb.u8(off + 1);
      const tag = charString(tvb, off + 2, tl);
      const vo = off + 2 + tl, vl = end - vo;
      const value = charString(tvb, vo, vl);
      const f = tag === 'issue' ? hf.caa_issue : tag === 'issuewild' ? hf.caa_issuewild : tag === 'iodef' ? hf.caa_iodef : hf.caa_unknown;
      const vt = rr.add(f, tvb, off + 1, dlen - 1, value);
      vt.add(hf.caa_tag_length, tvb, off + 1, 1, tl);
      vt.add(hf.caa_tag, tvb, off + 2, tl, tag);
      vt.add(hf.caa_value, tvb, vo, vl, value);
      return;
    }
    case 52: { // TLSA
      if (c.info) pkt.info.append(` ${c.owner}`);
      if (!rr.real) return;
      rr.add(hf.tlsa_usage, tvb, off, 1, tvb.u8(off));
      rr.add(hf.tlsa_selector, tvb, off + 1, 1, tvb.u8(off + 1));
      rr.add(hf.tlsa_matching, tvb, off + 2, 1, tvb.u8(off + 2));
      if (dlen > 3) bytesItem(rr, hf.tlsa_data, tvb, off + 3, dlen - 3);
      return;
    }
    case 11: { // WKS
      const addr = ipv4ToStr(tvb.bytes(off, 4));
      if (c.info) pkt.info.append(` ${addr}`);
      if (!rr.real) return;
      rr.appendText(`, addr ${addr}`);
      rr.add(hf.wks_address, tvb, off, 4, tvb.u32(off));
      rr.add(hf.wks_protocol, tvb, off + 4, 1, tvb.u8(off + 4));
      for (let p = off + 5, port = 0; p < end; p++, port += 8) {
        const bits = tvb.u8(p);
        for (let i = 0; i < 8; i++) {
          if (bits & (0x80 >> i)) rr.add(hf.wks_bits, tvb, p, 1, bits).setText(`Bits: 0x${bits.toString(16).padStart(2, '0')} (${port + i})`);
        }
      }
      return;
    }
    case 10: { // NULL
      if (c.info) pkt.info.append(` ${c.owner}`);
      if (rr.real) bytesItem(rr, hf.null_data, tvb, off, dlen);
      return;
    }
    case 29: // LOC
      if (rr.real) dissectLoc(tvb, off, dlen, rr);
      return;
    case 64: case 65: { // SVCB, HTTPS
      if (!rr.real) return;
      rr.add(hf.svcb_priority, tvb, off, 2, tvb.u16(off));
      const n = getDnsName(tvb, off + 2, c.base);
      rr.add(hf.svcb_target, tvb, off + 2, n.len, n.name);
      let o = off + 2 + n.len;
      while (o < end) o = dissectSvcParam(tvb, o, rr);
      return;
    }
    default:
      expertAdd(pkt, rr, ei.undecoded, `Dissector for DNS Type (${typ}) code not implemented, Contact Wireshark developers if you want this supported`);
      if (rr.real) bytesItem(rr, hf.data, tvb, off, dlen);
  }
}

function dissectSvcParam(tvb: Tvb, o: number, rr: Item): number {
  const key = tvb.u16(o), len = tvb.u16(o + 2);
  const keyName = hf.svcb_param_key.strings!.get(key) ?? `key${key}`;
  const pt = rr.add(hf.svcb_param, tvb, o, 4 + len, null);
  pt.add(hf.svcb_param_key, tvb, o, 2, key);
  pt.add(hf.svcb_param_len, tvb, o + 2, 2, len);
  const d = o + 4, end = d + len;
  const vals: string[] = [];
  switch (key) {
    case 0: for (let p = d; p + 2 <= end; p += 2) { const k = tvb.u16(p); pt.add(hf.svcb_mandatory, tvb, p, 2, k); vals.push(hf.svcb_param_key.strings!.get(k) ?? `key${k}`); } break;
    case 1: for (let p = d; p < end;) { const l = tvb.u8(p); pt.add(hf.svcb_alpn_len, tvb, p, 1, l); const s = charString(tvb, p + 1, l); pt.add(hf.svcb_alpn, tvb, p + 1, l, s); vals.push(s); p += 1 + l; } break;
    case 2: break;
    case 3: { const port = tvb.u16(d); pt.add(hf.svcb_port, tvb, d, 2, port); vals.push(String(port)); break; }
    case 4: for (let p = d; p + 4 <= end; p += 4) { pt.add(hf.svcb_ipv4, tvb, p, 4, tvb.u32(p)); vals.push(ipv4ToStr(tvb.bytes(p, 4))); } break;
    case 6: for (let p = d; p + 16 <= end; p += 16) { const b = tvb.bytes(p, 16); pt.add(hf.svcb_ipv6, tvb, p, 16, b); vals.push(ipv6ToStr(b)); } break;
    case 5: bytesItem(pt, hf.svcb_ech, tvb, d, len); break;
    default: if (len) bytesItem(pt, hf.svcb_param_value, tvb, d, len);
  }
  pt.setText(`SvcParam: ${keyName}${vals.length || key === 0 ? '=' + vals.join(',') : ''}`);
  return end;
}

function dissectOption(tvb: Tvb, d: number, len: number, code: number, t: Item): void {
  switch (code) {
    case 5: case 6: case 7: {
      const f = code === 5 ? hf.opt_dau : code === 6 ? hf.opt_dhu : hf.opt_n3u;
      for (let i = 0; i < len; i++) t.add(f, tvb, d + i, 1, tvb.u8(d + i));
      return;
    }
    case 8: case 20730: {
      const fam = tvb.u16(d);
      t.add(hf.opt_client_family, tvb, d, 2, fam);
      t.add(hf.opt_client_netmask, tvb, d + 2, 1, tvb.u8(d + 2));
      t.add(hf.opt_client_scope, tvb, d + 3, 1, tvb.u8(d + 3));
      const alen = len - 4;
      if (fam === 1 && alen <= 4) {
        const b = new Uint8Array(4); b.set(tvb.bytes(d + 4, alen));
        t.add(hf.opt_client_addr4, tvb, d + 4, alen, ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0);
      } else if (fam === 2 && alen <= 16) {
        const b = new Uint8Array(16); b.set(tvb.bytes(d + 4, alen));
        t.add(hf.opt_client_addr6, tvb, d + 4, alen, b);
      } else if (alen > 0) bytesItem(t, hf.opt_client_addr, tvb, d + 4, alen);
      return;
    }
    case 10: {
      const cl = Math.min(8, len);
      t.add(hf.opt_cookie_client, tvb, d, cl, tvb.bytes(d, cl));
      t.add(hf.opt_cookie_server, tvb, d + cl, len - cl, tvb.bytes(d + cl, len - cl));
      return;
    }
    case 11:
      if (len === 2) t.add(hf.opt_keepalive, tvb, d, 2, tvb.u16(d));
      return;
    case 12:
      t.add(hf.opt_padding, tvb, d, len, len ? tvb.bytes(d, len) : new Uint8Array(0));
      return;
    case 13:
      if (len > 0) t.add(hf.opt_chain_fqdn, tvb, d, len, charString(tvb, d, len));
      return;
    case 15:
      if (len >= 2) {
        t.add(hf.opt_ext_error_code, tvb, d, 2, tvb.u16(d));
        if (len > 2) t.add(hf.opt_ext_error_text, tvb, d + 2, len - 2, charString(tvb, d + 2, len - 2));
      }
      return;
  }
}

/**
 * Dissects one DNS message in tvb; `lenPrefix` is true for DNS over TCP (the 2-byte length is inside the
 * DNS tree, as tshark shows it).
 */
function dissectDnsCommon(tvb: Tvb, pkt: Packet, tree: Item, lenPrefix: boolean, kind: 0 | 1 | 2): void {
  const mdns = kind === 1, llmnr = kind === 2;
  pkt.protocol.set(mdns ? 'MDNS' : llmnr ? 'LLMNR' : 'DNS');
  pkt.info.clear();
  const base = lenPrefix ? 2 : 0;
  const id = tvb.u16(base);
  const flags = tvb.u16(base + 2);
  const response = (flags & 0x8000) !== 0;
  const opcode = (flags >> 11) & 0xf;
  const rcode = flags & 0xf;
  const opName = DNS_OPCODES.get(opcode) ?? `Unknown operation (${opcode})`;
  let info = `${opName}${response ? ' response' : ''} 0x${id.toString(16).padStart(4, '0')}`;
  if (response && rcode !== 0) info += ` ${DNS_RCODES.get(rcode) ?? `Unknown error (${rcode})`}`;
  pkt.info.set(info);
  const p = mdns ? protoMdns : llmnr ? protoLlmnr : proto;
  const t = tree.add(p, tvb, 0, -1, null);
  if (t.real) t.setText(`${p.name} (${response ? 'response' : 'query'})`);
  if (lenPrefix) t.add(hf.length, tvb, 0, 2, tvb.u16(0));
  const idItem = t.add(hf.id, tvb, base, 2, id);

  // Transaction tracking.
  let trans: Trans | null = null, retrans = false;
  {
    const key = convKey(pkt);
    let conv = convs.get(key);
    if (!conv) {
      if (convs.size >= LIMITS.dnsConversations) {
        limitWarning('DNS conversations', LIMITS.dnsConversations, 'the oldest are forgotten (their responses are no longer matched to requests)');
        convs.delete(convs.keys().next().value!);
      }
      conv = new Map(); convs.set(key, conv);
    }
    let list = conv.get(id);
    if (!pkt.visited) {
      const prev = lookupLe(list, pkt.num);
      if (!response) {
        let fresh = false;
        if (!prev || prev.repFrame > 0) fresh = true;
        else {
          const d = NsTime.diff(pkt.tsSec, pkt.tsNsec, prev.reqSec, prev.reqNsec).toNumber();
          if (d < RETRANSMISSION_TIMER) retrans = true; else fresh = true;
        }
        if (fresh) {
          trans = { id, reqFrame: pkt.num, repFrame: 0, reqSec: pkt.tsSec, reqNsec: pkt.tsNsec };
          if (!list) { list = []; conv.set(id, list); }
          list.push(trans);
        } else trans = prev;
      } else if (prev) {
        trans = prev;
        if (prev.repFrame === 0) { prev.repFrame = pkt.num; noteAnswered(key, pkt.tsSec); } else retrans = true;
      }
    } else {
      // Second pass: the transaction was built in the first; a frame other than the one recorded is a repeat.
      trans = lookupLe(list, pkt.num);
      if (trans) retrans = response ? trans.repFrame !== 0 && trans.repFrame !== pkt.num : trans.reqFrame !== pkt.num;
    }
  }
  if (retrans && trans) {
    if (!response) expertAdd(pkt, idItem, ei.retransmitRequest, `DNS query retransmission. Original request in frame ${trans.reqFrame}`);
    else expertAdd(pkt, idItem, ei.retransmitResponse, `DNS response retransmission. Original response in frame ${trans.repFrame}`);
  }

  if (t.real) {
    let ftext = opName.startsWith('Unknown operation') ? 'Unknown operation' : opName;
    if (response) ftext += ` response, ${DNS_RCODES.get(rcode) ?? 'Unknown error'}`;
    const ft = t.add(hf.flags, tvb, base + 2, 2, flags);
    ft.appendText(` ${ftext}`);
    const o = base + 2;
    ft.add(hf.f_response, tvb, o, 2, response);
    ft.add(hf.f_opcode, tvb, o, 2, opcode);
    if (llmnr) {
      ft.add(response ? hf.f_conflict_r : hf.f_conflict_q, tvb, o, 2, (flags & 0x400) !== 0);
      ft.add(hf.f_trunc, tvb, o, 2, (flags & 0x200) !== 0);
      ft.add(hf.f_tentative, tvb, o, 2, (flags & 0x100) !== 0);
      if (response) ft.add(hf.f_rcode, tvb, o, 2, rcode);
    } else {
      if (response) ft.add(hf.f_auth, tvb, o, 2, (flags & 0x400) !== 0);
      ft.add(hf.f_trunc, tvb, o, 2, (flags & 0x200) !== 0);
      ft.add(hf.f_rd, tvb, o, 2, (flags & 0x100) !== 0);
      if (response) ft.add(hf.f_ra, tvb, o, 2, (flags & 0x80) !== 0);
      ft.add(hf.f_z, tvb, o, 2, (flags & 0x40) !== 0);
      if (response) ft.add(hf.f_authenticated, tvb, o, 2, (flags & 0x20) !== 0);
      else if (flags & 0x20) ft.add(hf.f_ad, tvb, o, 2, true);
      ft.add(hf.f_cd, tvb, o, 2, (flags & 0x10) !== 0);
      if (response) ft.add(hf.f_rcode, tvb, o, 2, rcode);
    }
  }
  const update = opcode === 5;
  const quest = tvb.u16(base + 4), ans = tvb.u16(base + 6), auth = tvb.u16(base + 8), add = tvb.u16(base + 10);
  t.add(update ? hf.count_zones : hf.count_queries, tvb, base + 4, 2, quest);
  t.add(update ? hf.count_prereq : hf.count_answers, tvb, base + 6, 2, ans);
  t.add(update ? hf.count_updates : hf.count_auth, tvb, base + 8, 2, auth);
  t.add(hf.count_add, tvb, base + 10, 2, add);

  const tap: DnsTap | null = pkt.wants('dns') ? {
    qr: response ? 1 : 0, opcode, rcode, qtype: -1, qclass: -1,
    payloadSize: tvb.reportedRemaining(0), qnameLen: 0, qnameLabels: 0, qname: '',
    nquestions: quest, nanswers: ans, nauthorities: auth, nadditionals: add,
    unsolicited: false, retransmission: retrans, rrt: -1,
  } : null;

  const c: Ctx = { pkt, tvb, base, mdns, info: true, owner: '' };
  let off = base + 12;
  if (quest > 0) {
    const start = off;
    const qt = t.addText(tvb, off, -1, update ? 'Zone' : 'Queries');
    for (let i = 0; i < quest; i++) off += dissectQuery(c, off, qt, tap);
    qt.setLen(off - start);
  }
  if (ans > 0) off += dissectRecords(c, off, ans, t, update ? 'Prerequisites' : 'Answers');
  if (auth > 0) off += dissectRecords(c, off, auth, t, update ? 'Updates' : 'Authoritative nameservers');
  if (add > 0) off += dissectRecords(c, off, add, t, 'Additional records');

  if (!response) {
    if (trans && trans.repFrame && !retrans) t.add(hf.response_in, tvb, 0, 0, trans.repFrame).generated();
    if (retrans && trans) {
      t.add(hf.retransmit_request_in, tvb, 0, 0, trans.reqFrame).generated();
      t.add(hf.retransmission, tvb, 0, 0, true).generated();
    }
  } else if (trans && trans.reqFrame) {
    if (retrans) {
      t.add(hf.retransmit_response_in, tvb, 0, 0, trans.repFrame).generated();
      t.add(hf.retransmission, tvb, 0, 0, true).generated();
    } else {
      t.add(hf.response_to, tvb, 0, 0, trans.reqFrame).generated();
      const d = NsTime.diff(pkt.tsSec, pkt.tsNsec, trans.reqSec, trans.reqNsec);
      t.add(hf.time, tvb, 0, 0, d).generated();
      if (tap) tap.rrt = d.toNumber();
    }
  } else {
    t.add(hf.unsolicited, tvb, 0, 0, true).generated();
    if (tap) tap.unsolicited = true;
  }
  if (tap) pkt.tap('dns', tap);
}

function dissectDnsUdp(tvb: Tvb, pkt: Packet, tree: Item): number {
  dissectDnsCommon(tvb, pkt, tree, false, 0);
  return tvb.reportedRemaining(0);
}
function dissectMdns(tvb: Tvb, pkt: Packet, tree: Item): number {
  dissectDnsCommon(tvb, pkt, tree, false, 1);
  return tvb.reportedRemaining(0);
}
function dissectLlmnr(tvb: Tvb, pkt: Packet, tree: Item): number {
  dissectDnsCommon(tvb, pkt, tree, false, 2);
  return tvb.reportedRemaining(0);
}

/** DNS over TCP: length-prefixed messages, split and reassembled by tcp_dissect_pdus. */
function dnsTcpPduLen(_pkt: Packet, tvb: Tvb, off: number): number { return tvb.u16(off) + 2; }
function dissectDnsTcpPdu(tvb: Tvb, pkt: Packet, tree: Item): number {
  dissectDnsCommon(tvb, pkt, tree, true, 0);
  return tvb.reportedRemaining(0);
}
function dissectDnsTcp(tvb: Tvb, pkt: Packet, tree: Item): number {
  return tcpDissectPdus(tvb, pkt, tree, true, 2, dnsTcpPduLen, dissectDnsTcpPdu);
}

/** tshark's UDP heuristic for DNS on other ports: a plausible standard query or response header. */
function dnsHeur(tvb: Tvb, pkt: Packet, tree: Item): boolean {
  const rep = tvb.reportedRemaining(0);
  if (rep <= 12 || tvb.remaining(0) < 12) return false;
  const flags = tvb.u16(2);
  if (flags & 0x7800) return false;
  const quest = tvb.u16(4), ans = tvb.u16(6), auth = tvb.u16(8), add = tvb.u16(10);
  if (!(flags & 0x8000)) { if (quest !== 1 || ans !== 0 || auth !== 0) return false; }
  else if (quest > 1 || ans > 100 || auth > 10) return false;
  if (add > 10 || quest + ans === 0) return false;
  // (tshark 4.0 has no "enough room for the records" check.)
  pkt.currentProto = 'DNS';
  dissectDnsCommon(tvb, pkt, tree, false, 0);
  return true;
}
heuristics.udp.add('dns', 'dns', dnsHeur);

export const dnsHandle = handle('dns', 'DNS', dissectDnsUdp);
export const mdnsHandle = handle('mdns', 'MDNS', dissectMdns);
export const llmnrHandle = handle('llmnr', 'LLMNR', dissectLlmnr);
export const dnsTcpHandle = handle('dns', 'DNS', dissectDnsTcp);

tables.udpPort.add(53, dnsHandle);
tables.udpPort.add(5353, mdnsHandle);
tables.udpPort.add(5355, llmnrHandle);
tables.tcpPort.add(53, dnsTcpHandle);
tables.tcpPort.add(5353, dnsTcpHandle);

