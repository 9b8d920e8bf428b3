// application/x-www-form-urlencoded bodies (packet-http-urlencoded.c): "Form item" key/value pairs.
import { registerFields, registerProtocol } from '../fields/registry.js';
import { FT } from '../fields/types.js';
import { dataName, mediaTypes } from './media.js';
import type { Packet } from './packet.js';
import { handle } from './tables.js';
import type { Item } from './tree.js';
import type { Tvb } from './tvb.js';

export const proto = registerProtocol('urlencoded-form', 'HTML Form URL Encoded', 'URL Encoded Form Data');
const hf = registerFields(proto, {
  key: { abbrev: 'urlencoded-form.key', name: 'Key', type: FT.STRINGZ },
  value: { abbrev: 'urlencoded-form.value', name: 'Value', type: FT.STRINGZ },
});

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** get_form_key_value: the decoded text up to `stop`, and the offset of the stop byte (or -1). */
function keyValue(tvb: Tvb, off: number, stop: number): [string, number] {
  const out: number[] = [];
  while (tvb.reportedRemaining(off) > 0) {
    let ch = tvb.u8(off);
    if (ch === 0) return ['', -1];
    if (ch === stop) break;
    if (ch === 0x25) {
      off++;
      const a = hexVal(tvb.u8(off));
      if (a < 0) return ['', -1];
      off++;
      const b = hexVal(tvb.u8(off));
      if (b < 0) return ['', -1];
      ch = (a << 4) | b;
    } else if (ch === 0x2b) ch = 0x20;
    out.push(ch);
    off++;
  }
  let end = out.indexOf(0);
  if (end < 0) end = out.length;
  return [Buffer.from(out.slice(0, end)).toString('utf8'), off];
}

function dissectForm(tvb: Tvb, pkt: Packet, tree: Item): number {
  const name = dataName();
  if (name) pkt.info.appendSep(' ', `(${name})`);
  const t = tree.add(proto, tvb, 0, -1, null);
  if (name && t.real) t.appendText(`: ${name}`);
  let off = 0;
  while (tvb.reportedRemaining(off) > 0) {
    const start = off;
    const sub = t.addText(tvb, off, 0, 'Form item');
    const [key, n1] = keyValue(tvb, off, 0x3d);
    if (n1 === -1) break;
    sub.add(hf.key, tvb, off, n1 - off, key);
    sub.appendText(`: "${key}"`);
    off = n1 + 1;
    const [value, n2] = keyValue(tvb, off, 0x26);
    if (n2 === -1) break;
    sub.add(hf.value, tvb, off, n2 - off, value);
    sub.appendText(` = "${value}"`);
    off = n2 + 1;
    sub.setLen(off - start);
  }
  return tvb.len;
}

export const formHandle = handle('urlencoded-form', 'URL Encoded Form Data', dissectForm);
mediaTypes.set('application/x-www-form-urlencoded', formHandle);
