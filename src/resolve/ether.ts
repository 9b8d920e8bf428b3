// MAC address names as Wireshark resolves them: exact entries (/etc/ethers, well-known addresses), then the
// longest matching prefix (well-known ranges and manufacturer blocks of 28 or 36 bits: "Name_suffix" with the
// suffix's leading zero bytes dropped), then the 24-bit OUI ("Vendor_xx:xx:xx").
// The tables are Wireshark's own data files (manuf, wka) when a Wireshark/tshark installation provides them
// (WIRESHARK_DATA_DIR or /usr/share/wireshark); without them only "Broadcast" is known — said plainly in the README.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { etherToStr } from '../dissect/address.js';

interface Tables {
  exact: Map<string, string>; masked: Map<number, Map<string, string>>; oui: Map<number, string>;
  /** manuf's long names of 24-bit OUIs (the short name when the line has none). */
  ouiLong: Map<number, string>;
}
let tables: Tables | null = null;
const cache = new Map<string, string>();
const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function parseMac(s: string): number[] | null {
  const parts = s.split(/[-:.]/).map(p => parseInt(p, 16));
  return parts.every(p => Number.isInteger(p) && p >= 0 && p < 256) ? parts : null;
}

/** The first `bits` bits of mac as a key. */
function prefixKey(mac: ArrayLike<number>, bits: number): string {
  let k = '';
  for (let i = 0; i < 6; i++) {
    const keep = Math.max(0, Math.min(8, bits - 8 * i));
    k += HEX2[mac[i]! & (0xff << (8 - keep)) & 0xff];
  }
  return k;
}

function load(): Tables {
  const t: Tables = { exact: new Map([['ffffffffffff', 'Broadcast']]), masked: new Map(), oui: new Map(), ouiLong: new Map() };
  const dir = process.env.WIRESHARK_DATA_DIR ?? '/usr/share/wireshark';
  const addFile = (file: string, isManuf: boolean): void => {
    let text: string;
    try { text = fs.readFileSync(file, 'latin1'); } catch { return; }
    for (const line of text.split('\n')) {
      const l = line.replace(/#.*/, '').trim();
      if (!l) continue;
      const cols = l.split(/\s+/);
      if (cols.length < 2) continue;
      const [addr, mask] = cols[0]!.split('/');
      const bytes = parseMac(addr!);
      if (!bytes) continue;
      const name = cols[1]!;
      const bits = mask ? Number(mask) : bytes.length * 8;
      const mac = [...bytes, 0, 0, 0, 0, 0, 0].slice(0, 6);
      if (bits === 48) t.exact.set(prefixKey(mac, 48), name);
      else if (bits === 24 && isManuf) {
        const key = (mac[0]! << 16) | (mac[1]! << 8) | mac[2]!;
        t.oui.set(key, name);
        const long = /^\S+\s+\S+\s+(.+)$/.exec(l);
        t.ouiLong.set(key, long ? long[1]!.trim() : name);
      }
      else {
        let m = t.masked.get(bits);
        if (!m) t.masked.set(bits, m = new Map());
        m.set(prefixKey(mac, bits), name);
      }
    }
  };
  addFile(path.join(dir, 'manuf'), true);
  addFile(path.join(dir, 'wka'), false);
  addFile('/etc/ethers', false);
  return t;
}

/** The resolved name of a MAC address (its colon form when nothing is known). */
export function etherName(mac: Uint8Array, off = 0): string {
  const key = etherToStr(mac, off);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const t = tables ??= load();
  const b = mac.subarray(off, off + 6);
  let name = t.exact.get(prefixKey(b, 48));
  if (name === undefined) {
    for (const bits of [...t.masked.keys()].filter(x => x > 24).sort((x, y) => y - x)) {
      const n = t.masked.get(bits)!.get(prefixKey(b, bits));
      if (n !== undefined) { name = `${n}_${suffix(b, bits)}`; break; }
    }
  }
  if (name === undefined) {
    const v = t.oui.get((b[0]! << 16) | (b[1]! << 8) | b[2]!);
    if (v !== undefined) name = `${v}_${HEX2[b[3]!]}:${HEX2[b[4]!]}:${HEX2[b[5]!]}`;
  }
  if (name === undefined) {
    for (const bits of [...t.masked.keys()].filter(x => x < 24).sort((x, y) => y - x)) {
      const n = t.masked.get(bits)!.get(prefixKey(b, bits));
      if (n !== undefined) { name = `${n}_${suffix(b, bits)}`; break; }
    }
  }
  name ??= key;
  if (cache.size < 65536) cache.set(key, name);
  return name;
}

/** get_manuf_name_if_known: the long manufacturer name of the address's 24-bit OUI, or null. */
export function manufLongName(mac: Uint8Array, off = 0): string | null {
  const t = tables ??= load();
  return t.ouiLong.get((mac[off]! << 16) | (mac[off + 1]! << 8) | mac[off + 2]!) ?? null;
}

/** The bits after the prefix, as whole bytes, leading zero bytes dropped (at least one kept). */
function suffix(b: Uint8Array, bits: number): string {
  const nbytes = Math.ceil((48 - bits) / 8);
  const bytes: number[] = [];
  for (let i = 6 - nbytes; i < 6; i++) {
    const keep = Math.max(0, Math.min(8, 8 * (i + 1) - bits));
    bytes.push(b[i]! & ((1 << keep) - 1));
  }
  while (bytes.length > 1 && bytes[0] === 0) bytes.shift();
  return bytes.map(x => HEX2[x]).join(':');
}
