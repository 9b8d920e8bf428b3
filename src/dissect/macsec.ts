// IEEE 802.1AE MACsec (packet-macsec.c): the SecTAG; unencrypted, unmodified payloads are dissected.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { dataHandle } from './data.js';
import { dissectEthertype } from './eth.js';
import { ETHERTYPES } from './ethertypes.js';
import type { Packet } from './packet.js';
import { call, handle, tables } from './tables.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

export const proto = registerProtocol('macsec', '802.1AE Security tag', 'MACSEC');
export const hf = registerFields(proto, {
  tci_an: { abbrev: 'macsec.TCI_AN', name: 'TCI_AN', type: FT.UINT8, base: BASE.HEX },
  sl: { abbrev: 'macsec.SL', name: 'Short length', type: FT.UINT8, base: BASE.DEC },
  pn: { abbrev: 'macsec.PN', name: 'Packet number', type: FT.UINT32, base: BASE.DEC },
  sci: { abbrev: 'macsec.SCI', name: 'SCI', type: FT.UINT64, base: BASE.HEX },
  etype: { abbrev: 'macsec.etype', name: 'Ethertype', type: FT.UINT16, base: BASE.HEX, strings: ETHERTYPES },
  icv: { abbrev: 'macsec.ICV', name: 'ICV', type: FT.BYTES },
});
const ICV = 16;

function dissectMacsec(tvb: Tvb, pkt: Packet, tree: Item): number {
  const tci = tvb.u8(0);
  if (tci & 0x80) return 0;
  const sectag = tci & 0x20 ? 14 : 6;
  if (tvb.remaining(0) < sectag + ICV) return 0;
  const sl = tvb.u8(1) & 0x3f;
  const dataLen = sl ? sl : tvb.reportedRemaining(0) - sectag - ICV;
  pkt.protocol.set('MACSEC');
  pkt.info.set('MACsec frame');
  const t = tree.add(proto, tvb, 0, sectag, null);
  t.add(hf.tci_an, tvb, 0, 1, tci);
  t.add(hf.sl, tvb, 1, 1, sl);
  t.add(hf.pn, tvb, 2, 4, tvb.u32(2));
  if (tci & 0x20) t.add(hf.sci, tvb, 6, 8, tvb.u64(6));
  const payload = tvb.sub(sectag, Math.max(0, dataLen));
  if ((tci & 0x0c) !== 0) {
    call(dataHandle, payload, pkt, tree);
  } else {
    const et = payload.u16(0);
    dissectEthertype(payload, 2, et, pkt, tree, t, hf.etype, null);
  }
  return tvb.reportedRemaining(0);
}

export const macsecHandle = handle('macsec', 'MACSEC', dissectMacsec);
tables.ethertype.add(0x88e5, macsecHandle);
