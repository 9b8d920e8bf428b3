// -x: the hex and ASCII dump of each data source, as print_hex_data prints it.

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hexDump(data: Uint8Array): string {
  let out = '';
  for (let off = 0; off < data.length; off += 16) {
    const n = Math.min(16, data.length - off);
    let line = off.toString(16).padStart(off >= 0x10000 ? 8 : 4, '0') + '  ';
    let ascii = '';
    for (let i = 0; i < 16; i++) {
      if (i < n) {
        const b = data[off + i]!;
        line += HEX[b] + ' ';
        ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      } else line += '   ';
    }
    out += line + '  ' + ascii + '\n';
  }
  return out;
}

/** Several data sources (frame, reassembled PDUs) are each introduced by "Name (N bytes):". */
export function hexDumpSources(sources: { name: string; data: Uint8Array }[]): string {
  if (sources.length === 1) return hexDump(sources[0]!.data);
  return sources.map(s => `${s.name} (${s.data.length} byte${s.data.length === 1 ? '' : 's'}):\n${hexDump(s.data)}`).join('');
}
