// Expert info (epan/expert.c): a registered message with severity and group. Adding one records it on
// the packet (for -z expert and _ws.expert filters) and, in a tree, adds the "[Expert Info (...)]" item.
import { registerFields } from '../fields/registry.js';
import { BASE, FT, type FieldDef } from '../fields/types.js';
import { wsExpert } from './frame.js';
import { Group, type Packet, Severity } from './packet.js';
import type { Item } from './tree.js';
import { Tvb } from './tvb.js';

export const SEVERITY_NAMES = new Map<number, string>([
  [Severity.Comment, 'Comment'], [Severity.Chat, 'Chat'], [Severity.Note, 'Note'], [Severity.Warn, 'Warning'], [Severity.Error, 'Error'],
]);
export const GROUP_NAMES = new Map<number, string>([
  [Group.Checksum, 'Checksum'], [Group.Sequence, 'Sequence'], [Group.ResponseCode, 'Response'], [Group.RequestCode, 'Request'],
  [Group.Undecoded, 'Undecoded'], [Group.Reassemble, 'Reassemble'], [Group.Malformed, 'Malformed'], [Group.Debug, 'Debug'],
  [Group.Protocol, 'Protocol'], [Group.Security, 'Security'], [Group.Comments, 'Comment'], [Group.Decryption, 'Decryption'],
  [Group.Assumption, 'Assumption'], [Group.Deprecated, 'Deprecated'],
]);

const hf = registerFields(wsExpert, {
  msg: { abbrev: '_ws.expert.message', name: 'Message', type: FT.STRING },
  severity: { abbrev: '_ws.expert.severity', name: 'Severity level', type: FT.UINT32, base: BASE.DEC, strings: SEVERITY_NAMES },
  group: { abbrev: '_ws.expert.group', name: 'Group', type: FT.UINT32, base: BASE.DEC, strings: GROUP_NAMES },
});

export interface ExpertField { readonly hf: FieldDef; readonly severity: Severity; readonly group: Group; readonly summary: string }

/** Declares an expert message (expert_register_field_array): its filter name is `abbrev`. */
export function expertField(parent: FieldDef, abbrev: string, group: Group, severity: Severity, summary: string): ExpertField {
  const { f } = registerFields(parent, { f: { abbrev, name: summary, type: FT.NONE } });
  return { hf: f, severity, group, summary };
}

const EMPTY = Tvb.of(new Uint8Array(0));

/** expert_add_info(_format): records the entry and adds it under `item` when a tree is built. */
export function expertAdd(pkt: Packet, item: Item, ei: ExpertField, message = ei.summary, tvb: Tvb = EMPTY, off = 0, len = 0): void {
  // the message is formatted into an ITEM_LABEL_LENGTH buffer: at most 239 bytes
  if (message.length > 79) message = cutUtf8(message, 239);
  pkt.addExpert(ei.severity, ei.group, ei.hf.abbrev, message);
  if (!item.real) return;
  const sev = SEVERITY_NAMES.get(ei.severity)!, grp = GROUP_NAMES.get(ei.group)!;
  const e = item.add(wsExpert, tvb, off, len, null).setText(`Expert Info (${sev}/${grp}): ${message}`).generated();
  e.add(ei.hf, tvb, off, len, null).setText(message).generated();
  e.add(hf.msg, tvb, 0, 0, message).generated().hidden();
  e.add(hf.severity, tvb, 0, 0, ei.severity).setText(`Severity level: ${sev}`).generated();
  e.add(hf.group, tvb, 0, 0, ei.group).setText(`Group: ${grp}`).generated();
}

/** The longest prefix of s that fits in max UTF-8 bytes (cut at a character boundary). */
function cutUtf8(s: string, max: number): string {
  const b = Buffer.from(s, 'utf8');
  if (b.length <= max) return s;
  let p = max;
  while (p > 0 && (b[p]! & 0xc0) === 0x80) p--;
  return b.subarray(0, p).toString('utf8');
}
