// -G: the field registry as tshark's glossary reports print it.
import '../dissect/index.js';
import { allFields } from '../fields/registry.js';
import { FT, FT_NAMES } from '../fields/types.js';
import { out } from '../output/stdout.js';

const BASE_NAMES: Record<number, string> = {
  0: 'BASE_NONE', 1: 'BASE_DEC', 2: 'BASE_HEX', 3: 'BASE_OCT', 4: 'BASE_DEC_HEX', 5: 'BASE_HEX_DEC', 6: 'BASE_CUSTOM',
  4096: 'BASE_PT_UDP', 4097: 'BASE_PT_TCP', 4098: 'BASE_PT_DCCP', 4099: 'BASE_PT_SCTP', 4100: 'BASE_OUI',
};

/** The display column of -G fields: a base name for integers, the bit width for booleans, empty for the rest. */
function displayName(type: FT, base: number): string {
  if (type === FT.BOOLEAN) return String(base);
  if ((type >= FT.UINT8 && type <= FT.INT64) || type === FT.CHAR) return BASE_NAMES[base] ?? BASE_NAMES[base & 0xff] ?? 'BASE_NONE';
  return '';
}

export function printGlossary(report: string): void {
  if (report === 'fields') {
    for (const f of allFields()) {
      if (f.type === FT.PROTOCOL) out(`P\t${f.name}\t${f.abbrev}\n`);
      else out(`F\t${f.name}\t${f.abbrev}\t${FT_NAMES[f.type]}\t${f.parent}\t${displayName(f.type, f.base)}\t0x${f.mask.toString(16)}\t${f.blurb ?? ''}\n`);
    }
    return;
  }
  if (report === 'protocols') {
    for (const f of allFields()) if (f.type === FT.PROTOCOL && !f.abbrev.startsWith('_ws')) out(`${f.name}\t${(f as { shortName?: string }).shortName ?? f.abbrev}\t${f.abbrev}\n`);
  }
}
