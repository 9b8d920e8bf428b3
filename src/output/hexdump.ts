// -x: the hex and ASCII dump of each data source, as print_hex_data prints it.

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** print_hex_data_buffer: at least 4 offset digits, more when the data needs them. */
export function hexDump(data: Uint8Array): string {
  const last = data.length - 1;
  const digits = last & 0xf0000000 ? 8 : last & 0x0f000000 ? 7 : last & 0x00f00000 ? 6 : last & 0x000f0000 ? 5 : 4;
  let out = '';
  for (let off = 0; off < data.length; off += 16) {
    const n = Math.min(16, data.length - off);
    let line = off.toString(16).padStart(digits, '0') + '  ';
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
