// The one registry of fields. Dissectors declare their protocol and fields here, next to their code;
// the filter compiler, -e, -V, -T json/ek and io,stat aggregates all resolve names through it.
import { FT, type FieldDef, type FieldSpec } from './types.js';

const byId: FieldDef[] = [];
const byName = new Map<string, FieldDef[]>();

function shiftOf(mask: number): number {
  if (!mask) return 0;
  let s = 0;
  // masks can exceed 32 bits (up to 2^53); use arithmetic rather than bit ops
  let m = mask;
  while (m % 2 === 0) { m /= 2; s++; }
  return s;
}

function add(spec: FieldSpec, parent: string, protoId: number): FieldDef {
  const id = byId.length;
  const def: FieldDef = {
    ...spec, id, parent, protoId: protoId < 0 ? id : protoId,
    base: spec.base ?? 0, mask: spec.mask ?? 0, shift: shiftOf(spec.mask ?? 0),
  };
  byId.push(def);
  const list = byName.get(def.abbrev);
  if (list) list.push(def); else byName.set(def.abbrev, [def]);
  return def;
}

/** Declares a protocol (`-V` heading, `frame.protocols` name, filter name). */
export function registerProtocol(abbrev: string, name: string, shortName = abbrev.toUpperCase()): FieldDef & { shortName: string } {
  const def = add({ abbrev, name, type: FT.PROTOCOL }, '', -1) as FieldDef & { shortName: string };
  (def as { shortName: string }).shortName = shortName;
  return def;
}

/**
 * Declares the fields of a protocol. Returns them keyed by the abbreviation's last part, with dots and
 * dashes turned into underscores after the protocol prefix (e.g. `tcp.flags.syn` → `flags_syn`).
 */
export function registerFields<K extends string>(proto: FieldDef, specs: Record<K, FieldSpec>): Record<K, FieldDef> {
  const out = {} as Record<K, FieldDef>;
  for (const key of Object.keys(specs) as K[]) out[key] = add(specs[key], proto.abbrev, proto.id);
  return out;
}

export function fieldById(id: number): FieldDef { return byId[id]!; }
/** All registrations of a name (Wireshark allows several fields to share an abbreviation). */
export function fieldsByName(name: string): readonly FieldDef[] | undefined { return byName.get(name); }
export function fieldByName(name: string): FieldDef | undefined { return byName.get(name)?.[0]; }
export function allFields(): readonly FieldDef[] { return byId; }
export function fieldCount(): number { return byId.length; }
