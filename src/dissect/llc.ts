// IEEE 802.2 LLC and SNAP (packet-llc.c): SAPs, the control field, and SNAP's OUI + protocol id.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { dataHandle } from './data.js';
import { dissectEthertype, llcHandleRef } from './eth.js';
import { ETHERTYPES } from './ethertypes.js';
import { LLC_SAPS } from './net-values.js';
import type { Packet } from './packet.js';
import { call, handle, tables } from './tables.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

export const proto = registerProtocol('llc', 'Logical-Link Control', 'LLC');
const SAP_NAMES = new Map([...LLC_SAPS].map(([k, v]) => [k >> 1, v]));
const OUIS = new Map([[0x000000, 'Officially Xerox, but 0:0:0:0:0:0 is more common'], [0x00000c, 'Cisco'], [0x0080c2, 'IEEE 802.1']]);
export const hf = registerFields(proto, {
  dsap: { abbrev: 'llc.dsap', name: 'DSAP', type: FT.UINT8, base: BASE.HEX, strings: LLC_SAPS },
  dsap_sap: { abbrev: 'llc.dsap.sap', name: 'SAP', type: FT.UINT8, base: BASE.HEX, mask: 0xfe, strings: SAP_NAMES },
  dsap_ig: { abbrev: 'llc.dsap.ig', name: 'IG Bit', type: FT.BOOLEAN, base: 8, mask: 0x01, tfs: { t: 'Group', f: 'Individual' } },
  ssap: { abbrev: 'llc.ssap', name: 'SSAP', type: FT.UINT8, base: BASE.HEX, strings: LLC_SAPS },
  ssap_sap: { abbrev: 'llc.ssap.sap', name: 'SAP', type: FT.UINT8, base: BASE.HEX, mask: 0xfe, strings: SAP_NAMES },
  ssap_cr: { abbrev: 'llc.ssap.cr', name: 'CR Bit', type: FT.BOOLEAN, base: 8, mask: 0x01, tfs: { t: 'Response', f: 'Command' } },
  control: { abbrev: 'llc.control', name: 'Control field', type: FT.UINT16, base: BASE.HEX },
  control_u_cmd: { abbrev: 'llc.control.u_modifier_cmd', name: 'Command', type: FT.UINT8, base: BASE.HEX, mask: 0xec },
  oui: { abbrev: 'llc.oui', name: 'Organization Code', type: FT.UINT24, base: BASE.HEX },
  pid: { abbrev: 'llc.pid', name: 'Protocol ID', type: FT.UINT16, base: BASE.HEX },
  type: { abbrev: 'llc.type', name: 'Type', type: FT.UINT16, base: BASE.HEX, strings: ETHERTYPES },
});
const U_CMDS = new Map([[0x00, 'UI'], [0x04, 'UP'], [0x0c, 'DM'], [0x40, 'DISC'], [0x60, 'UA'], [0x6c, 'SABME'], [0x80, 'SABM'], [0x84, 'FRMR'], [0xac, 'XID'], [0xe0, 'TEST']]);
const U_CMD_LONG = new Map([[0x00, 'Unnumbered Information'], [0xac, 'Exchange identification'], [0xe0, 'Test'], [0x6c, 'Set Asynchronous Balanced Mode Extended'], [0x40, 'Disconnect'], [0x60, 'Unnumbered Acknowledge'], [0x0c, 'Disconnected Mode']]);

function dissectLlc(tvb: Tvb, pkt: Packet, tree: Item): number {
  pkt.protocol.set('LLC');
  pkt.info.clear();
  const dsap = tvb.u8(0), ssap = tvb.u8(1);
  const t = tree.add(proto, tvb, 0, 3, null);
  if (t.real) {
    const d = t.add(hf.dsap, tvb, 0, 1, dsap);
    d.add(hf.dsap_sap, tvb, 0, 1, dsap >> 1).setText(`${bitsOf(dsap, 0xfe)} = SAP: ${SAP_NAMES.get(dsap >> 1) ?? 'Unknown'}`);
    d.add(hf.dsap_ig, tvb, 0, 1, (dsap & 1) !== 0);
    const s = t.add(hf.ssap, tvb, 1, 1, ssap);
    s.add(hf.ssap_sap, tvb, 1, 1, ssap >> 1).setText(`${bitsOf(ssap, 0xfe)} = SAP: ${SAP_NAMES.get(ssap >> 1) ?? 'Unknown'}`);
    s.add(hf.ssap_cr, tvb, 1, 1, (ssap & 1) !== 0);
  }
  const c = tvb.u8(2);
  let hdr = 3;
  if ((c & 3) === 3) {
    const mod = c & 0xec;
    const name = U_CMDS.get(mod) ?? 'Unknown';
    pkt.info.set(`U, func=${name}`);
    if (t.real) {
      const ci = t.add(hf.control, tvb, 2, 1, c).setText(`Control field: U, func=${name} (0x${c.toString(16).padStart(2, '0').toUpperCase()})`);
      ci.add(hf.control_u_cmd, tvb, 2, 1, mod >> 2).setText(`${bitsOf(c, 0xec)} = Command: ${U_CMD_LONG.get(mod) ?? 'Unknown'} (0x${(mod >> 2).toString(16).padStart(2, '0')})`);
    }
  } else {
    hdr = 4;
    const c2 = tvb.u16(2);
    pkt.info.set((c & 1) === 0 ? `I, N(R)=${(c2 & 0xfe) >> 1}, N(S)=${c2 >> 9}` : `S, func=${['RR', 'RNR', 'REJ', 'SREJ'][(c >> 2) & 3]}, N(R)=${(c2 & 0xfe) >> 1}`);
    t.add(hf.control, tvb, 2, 2, c2);
  }
  t.setLen(hdr);
  if (dsap === 0xaa && ssap === 0xaa && (c & 3) === 3) {
    const oui = tvb.u24(3), pid = tvb.u16(6);
    const oname = OUIS.get(oui);
    pkt.info.append(`; SNAP, OUI 0x${oui.toString(16).padStart(6, '0').toUpperCase()} (${oname ?? 'Unknown'}), PID 0x${pid.toString(16).padStart(4, '0').toUpperCase()}`);
    t.setLen(8);
    if (t.real) {
      const ouiStr = [oui >> 16, (oui >> 8) & 255, oui & 255].map(x => x.toString(16).padStart(2, '0')).join(':');
      t.add(hf.oui, tvb, 3, 3, oui).setText(`Organization Code: ${ouiStr} (${oui === 0 ? 'Officially Xerox, but' : oname ?? 'Unknown'}`);
    }
    if (oui === 0 || oui === 0x0000f8) {
      dissectEthertype(tvb, 8, pid, pkt, tree, t, hf.type, null);
      return tvb.reportedRemaining(0);
    }
    t.add(hf.pid, tvb, 6, 2, pid);
    if (tvb.reportedRemaining(8) > 0) call(dataHandle, tvb.sub(8), pkt, tree);
    return tvb.reportedRemaining(0);
  }
  const sub = tables.llcSap.get(dsap);
  const next = tvb.sub(hdr);
  if (!sub || call(sub, next, pkt, tree) === 0) {
    if ((c & 3) === 3) pkt.info.append(`; DSAP ${SAP_NAMES.get(dsap >> 1) ?? `0x${dsap.toString(16).padStart(2, '0')}`} ${dsap & 1 ? 'Group' : 'Individual'}, SSAP ${SAP_NAMES.get(ssap >> 1) ?? `0x${ssap.toString(16).padStart(2, '0')}`} ${ssap & 1 ? 'Response' : 'Command'}`);
    if (next.reportedRemaining(0) > 0) call(dataHandle, next, pkt, tree);
  }
  return tvb.reportedRemaining(0);
}
function bitsOf(v: number, mask: number): string {
  let s = '';
  for (let i = 7; i >= 0; i--) { s += (mask >> i) & 1 ? ((v >> i) & 1 ? '1' : '0') : '.'; if (i === 4) s += ' '; }
  return s;
}

export const llcHandle = handle('llc', 'LLC', dissectLlc);
llcHandleRef.h = llcHandle;
tables.sllProtocol.add(4, llcHandle);
tables.llcSap.add(0x06, tables.ethertype.get(0x0800) ?? llcHandle);
