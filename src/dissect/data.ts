// "data": what is left when no dissector claims a payload.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { FT } from '../fields/types.js';
import { handle } from './tables.js';
import type { Tvb } from './tvb.js';
import type { Packet } from './packet.js';
import type { Item } from './tree.js';

export const proto = registerProtocol('data', 'Data', 'Data');
export const hf = registerFields(proto, {
  data: { abbrev: 'data.data', name: 'Data', type: FT.BYTES },
  text: { abbrev: 'data.text', name: 'Text', type: FT.STRING },
  len: { abbrev: 'data.len', name: 'Length', type: FT.INT32 },
});

export function dissectData(tvb: Tvb, _pkt: Packet, tree: Item): number {
  // packet-data.c shows (and consumes) what was captured; a cut payload is not an error here.
  const n = tvb.remaining(0);
  if (n === 0) return 0;
  const t = tree.add(proto, tvb, 0, n, null).setText(`Data (${n} byte${n === 1 ? '' : 's'})`);
  if (t.real) {
    t.add(hf.data, tvb, 0, n, tvb.bytes(0, n));
    t.add(hf.len, tvb, 0, 0, n).generated();
  }
  return n;
}

export const dataHandle = handle('data', 'Data', dissectData);
