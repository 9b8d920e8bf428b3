// DNS value tables and name decompression (RFC 1035 §4.1.4), shared by dns.ts and the stats tap.
import type { Tvb } from './tvb.js';
import { Exc, DissectException } from './tvb.js';

/** Type descriptions as tshark's dns.qry.type / dns.resp.type show them. */
export const DNS_TYPE_DESC = new Map<number, string>([
  [0, 'Unused'], [1, 'A (Host Address)'], [2, 'NS (authoritative Name Server)'], [3, 'MD (Mail Destination)'],
  [4, 'MF (Mail Forwarder)'], [5, 'CNAME (Canonical NAME for an alias)'], [6, 'SOA (Start Of a zone of Authority)'],
  [7, 'MB (MailBox domain name)'], [8, 'MG (Mail Group member)'], [9, 'MR (Mail Rename domain)'], [10, 'NULL RR'],
  [11, 'WKS (Well Known Service)'], [12, 'PTR (domain name PoinTeR)'], [13, 'HINFO (host information)'],
  [14, 'MINFO (Mailbox or mail list information)'], [15, 'MX (Mail eXchange)'], [16, 'TXT (Text strings)'],
  [17, 'RP (Responsible Person)'], [18, 'AFSDB (AFS Data Base location)'], [19, 'X25 (XX.25 PSDN address)'],
  [20, 'ISDN (ISDN address)'], [21, 'RT (Route Through)'], [22, 'NSAP (NSAP address)'],
  [23, 'NSAP-PTR (NSAP domain name pointer)'], [24, 'SIG (security signature)'], [25, 'KEY (security key)'],
  [26, 'PX (X.400 mail mapping information)'], [27, 'GPOS (Geographical Position)'], [28, 'AAAA (IPv6 Address)'],
  [29, 'LOC (Location Information)'], [30, 'NXT (Next Domain)'], [31, 'EID (Endpoint Identifier)'],
  [32, 'NIMLOC (Nimrod Locator)'], [33, 'SRV (Server Selection)'], [34, 'ATMA (ATM Address)'],
  [35, 'NAPTR (Naming Authority Pointer)'], [36, 'KX (Key Exchanger)'], [37, 'CERT'], [38, 'A6 (OBSOLETE - use AAAA)'],
  [39, 'DNAME'], [40, 'SINK'], [41, 'OPT'], [42, 'APL'], [43, 'DS (Delegation Signer)'],
  [44, 'SSHFP (SSH Key Fingerprint)'], [45, 'IPSECKEY'], [46, 'RRSIG (Resource Record Signature)'],
  [47, 'NSEC (Next Secure)'], [48, 'DNSKEY (DNS Public Key)'], [49, 'DHCID'], [50, 'NSEC3'], [51, 'NSEC3PARAM'],
  [52, 'TLSA'], [55, 'HIP (Host Identity Protocol)'], [57, 'RKEY'], [58, 'TALINK (Trust Anchor LINK)'],
  [59, 'CDS (Child DS)'], [60, 'CDNSKEY (DNSKEY(s) the Child wants reflected in DS)'], [61, 'OPENPGPKEY (OpenPGP Key)'],
  [62, 'CSYNC (Child-to-Parent Synchronization)'], [63, 'ZONEMD'], [64, 'SVCB (General Purpose Service Endpoints)'],
  [65, 'HTTPS (HTTPS Specific Service Endpoints)'], [99, 'SPF'], [100, 'UINFO'], [101, 'UID'], [102, 'GID'],
  [103, 'UNSPEC'], [104, 'NID (NodeID)'], [105, 'L32 (Locator32)'], [106, 'L64 (Locator64)'],
  [107, 'LP (Locator FQDN)'], [108, 'EUI48'], [109, 'EUI64'], [249, 'TKEY (Transaction Key)'],
  [250, 'TSIG (Transaction Signature)'], [251, 'IXFR (incremental transfer)'], [252, 'AXFR (transfer of an entire zone)'],
  [253, 'MAILB (mailbox-related RRs)'], [254, 'MAILA (mail agent RRs)'],
  [255, '* (A request for all records the server/cache has available)'], [256, 'URI'],
  [257, 'CAA (Certification Authority Restriction)'], [32768, 'TA (DNSSEC Trust Authorities)'],
  [32769, 'DLV (DNSSEC Lookaside Validation)'], [65281, 'WINS'], [65282, 'WINS-R'], [65422, 'XPF'],
]);

/** Short type names for the Info column and subtree headers (dns_types_vals). */
export const DNS_TYPE_SHORT = new Map<number, string>();
for (const [k, v] of DNS_TYPE_DESC) {
  const i = v.indexOf(' (');
  DNS_TYPE_SHORT.set(k, i > 0 ? v.slice(0, i) : v);
}
DNS_TYPE_SHORT.set(10, 'NULL');
DNS_TYPE_SHORT.set(255, 'ANY');

export function dnsTypeName(t: number): string { return DNS_TYPE_SHORT.get(t) ?? `Unknown (${t})`; }

export const DNS_CLASSES = new Map<number, string>([[1, 'IN'], [2, 'CS'], [3, 'CH'], [4, 'HS'], [254, 'NONE'], [255, 'ANY']]);
export const DNS_OPCODES = new Map<number, string>([
  [0, 'Standard query'], [1, 'Inverse query'], [2, 'Server status request'], [4, 'Zone change notification'],
  [5, 'Dynamic update'], [6, 'DNS Stateful operations (DSO)'],
]);
export const DNS_RCODES = new Map<number, string>([
  [0, 'No error'], [1, 'Format error'], [2, 'Server failure'], [3, 'No such name'], [4, 'Not implemented'],
  [5, 'Refused'], [6, 'Name exists'], [7, 'RRset exists'], [8, 'RRset does not exist'], [9, 'Not authoritative'],
  [10, 'Name out of zone'], [11, 'DSO-Type not implemented'], [16, 'Bad OPT Version or TSIG Signature Failure'],
  [17, 'Key not recognized'], [18, 'Signature out of time window'], [19, 'Bad TKEY Mode'], [20, 'Duplicate key name'],
  [21, 'Algorithm not supported'], [22, 'Bad Truncation'], [23, 'Bad/missing Server Cookie'],
]);

/** Wireshark's MAX_DNAME_LEN. */
const MAX_DNAME_LEN = 255;

export interface DnsName {
  /** The name as tshark shows it (before format_text escaping). */
  name: string;
  /** Bytes the encoded name uses at its own offset. */
  len: number;
  /** strlen() of the expanded name (tshark's name_len). */
  nameLen: number;
}

const utf8 = new TextDecoder('utf-8');

/**
 * Expands a possibly compressed name at `off`; `base` is where the DNS message starts (pointers are relative
 * to it). Follows tshark: self-pointers and long pointer chains give "<Name contains a pointer that loops>",
 * names longer than 255 bytes are cut, an empty name is "<Root>"; bad data throws like tshark does.
 */
export function getDnsName(tvb: Tvb, off: number, base: number): DnsName {
  const start = off;
  const out: number[] = [];
  let len = -1, pointers = 0, maxname = MAX_DNAME_LEN - 1, first = true, tooLong = false;
  const buf = tvb.buf, tbase = tvb.off, tlen = tvb.len;
  for (;;) {
    // (tvb.u8 only to raise the right exception when the byte is missing)
    const c = off >= 0 && off < tlen ? buf[tbase + off]! : tvb.u8(off);
    off++;
    if (c === 0) break;
    switch (c & 0xc0) {
      case 0x00: {
        if (!first) { if (maxname > 0) { out.push(0x2e); maxname--; } else tooLong = true; } else maxname--;
        first = false;
        // Bounds first (the exception tshark would raise on the first missing byte), then copy what fits.
        if (off + c > tvb.len) tvb.u8(Math.max(off, tvb.len));
        const take = Math.min(c, maxname);
        const base0 = tbase + off;
        for (let i = 0; i < take; i++) out.push(buf[base0 + i]!);
        maxname -= take;
        if (take < c) tooLong = true;
        off += c;
        break;
      }
      case 0x40: {
        if ((c & 0x3f) === 0x01) {
          // Bitstring label (RFC 2673): \[x<hex>/<bits>]
          let bits = tvb.u8(off++);
          if (bits === 0) bits = 256;
          const nbytes = ((bits - 1) >> 3) + 1;
          let s = first ? '' : '.';
          s += '\\[x';
          for (let i = 0; i < nbytes; i++) s += tvb.u8(off + i).toString(16).padStart(2, '0');
          s += `/${bits}]`;
          off += nbytes;
          for (let i = 0; i < s.length && maxname > 0; i++) { out.push(s.charCodeAt(i)); maxname--; }
          first = false;
          break;
        }
        len = off - start;
        // tshark rejects names shorter than MIN_DNAME_LEN (2) that are not the root.
        if (len < 2) throw new DissectException(Exc.ReportedBounds);
        return { name: '<Unknown extended label>', len, nameLen: 24 };
      }
      case 0x80:
        throw new DissectException(Exc.ReportedBounds);
      default: {
        const lo = off < tlen ? buf[tbase + off]! : tvb.u8(off);
        const ind = base + (((c & 0x3f) << 8) | lo);
        off++;
        pointers++;
        if (len < 0) len = off - start;
        if (ind === off - 2 || pointers > MAX_DNAME_LEN) {
          return { name: '<Name contains a pointer that loops>', len, nameLen: 36 };
        }
        off = ind;
      }
    }
  }
  if (len < 0) len = off - start;
  if (out.length === 0) return { name: '<Root>', len, nameLen: 6 };
  if (tooLong) return { name: '<Name too long>', len, nameLen: 15 };
  let name = '';
  let ascii = true;
  for (const b of out) if (b >= 0x80) { ascii = false; break; }
  if (ascii) for (const b of out) name += String.fromCharCode(b);
  else name = utf8.decode(Uint8Array.from(out));
  return { name, len, nameLen: out.length };
}

/** Labels in a name as tshark counts them: dots + 1 (0 for the root). */
export function labelCount(name: string, nameLen: number): number {
  if (nameLen <= 1) return 0;
  let n = 1;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) === 0x2e) n++;
  return n;
}

/** unsigned_time_secs_to_str: "1 day, 2 hours, 3 minutes, 4 seconds". */
export function timeSecsToStr(t: number): string {
  if (t === 0) return '0 seconds';
  const parts: string[] = [];
  const d = Math.floor(t / 86400), h = Math.floor(t / 3600) % 24, m = Math.floor(t / 60) % 60, s = t % 60;
  if (d) parts.push(`${d} day${d === 1 ? '' : 's'}`);
  if (h) parts.push(`${h} hour${h === 1 ? '' : 's'}`);
  if (m) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  if (s) parts.push(`${s} second${s === 1 ? '' : 's'}`);
  return parts.join(', ');
}
