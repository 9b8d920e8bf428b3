// Field types and display bases, mirroring Wireshark's ftenum / field_display_e so that
// the filter compiler, -e, -V and JSON agree on how a value is typed and printed.

export const enum FT {
  NONE, PROTOCOL, BOOLEAN, CHAR,
  UINT8, UINT16, UINT24, UINT32, UINT40, UINT48, UINT56, UINT64,
  INT8, INT16, INT24, INT32, INT40, INT48, INT56, INT64,
  FLOAT, DOUBLE, ABSOLUTE_TIME, RELATIVE_TIME,
  STRING, STRINGZ, UINT_STRING, ETHER, BYTES, UINT_BYTES,
  IPv4, IPv6, IPXNET, FRAMENUM, GUID, OID, EUI64, AX25, VINES, REL_OID, SYSTEM_ID, STRINGZPAD, FCWWN, STRINGZTRUNC,
}

export const enum BASE {
  NONE = 0, DEC = 1, HEX = 2, OCT = 3, DEC_HEX = 4, HEX_DEC = 5, CUSTOM = 6,
  // display flags for time / strings
  ABSOLUTE_TIME_LOCAL = 1000, ABSOLUTE_TIME_UTC = 1001, ABSOLUTE_TIME_DOY_UTC = 1002, ABSOLUTE_TIME_NTP_UTC = 1003,
  ABSOLUTE_TIME_UNIX = 1004,
  STR_ASCII = 0, SEP_DOT = 64, SEP_DASH = 128, SEP_COLON = 256, SEP_SPACE = 512, BASE_NETMASK = 1024,
  PT_UDP = 4096, PT_TCP = 4097, PT_DCCP = 4098, PT_SCTP = 4099, OUI = 4100,
}

/** Maps a numeric value to its display name (Wireshark's value_string). */
export type ValueStrings = ReadonlyMap<number, string>;
/** Ranges of values mapped to one name (Wireshark's range_string). */
export type RangeStrings = ReadonlyArray<readonly [number, number, string]>;
/** Names for true/false (Wireshark's true_false_string). */
export interface TrueFalse { readonly t: string; readonly f: string }

export interface FieldSpec {
  readonly abbrev: string;
  readonly name: string;
  readonly type: FT;
  /** Display base; for FT_BOOLEAN the bit width of the parent field (8, 16, 24, 32, 64) or 0. */
  readonly base?: number;
  readonly strings?: ValueStrings;
  readonly ranges?: RangeStrings;
  readonly tfs?: TrueFalse;
  /** Bitmask within the carrying integer (0 = whole value). */
  readonly mask?: number;
  readonly blurb?: string;
  /** Value strings are rendered with the "%s (%u)" pattern unless this is set (Wireshark's BASE_EXT / custom cases). */
  readonly unit?: string;
  /**
   * Registered by Wireshark as a protocol "in name only" (proto_register_protocol_in_name_only, e.g. each TCP option):
   * a field to filters and -e, but with no parent protocol, which shows where -T ek names it.
   */
  readonly nameOnlyProtocol?: boolean;
}

export interface FieldDef extends FieldSpec {
  readonly id: number;
  /** The protocol this field belongs to ("" for a protocol itself). */
  readonly parent: string;
  readonly base: number;
  readonly mask: number;
  /** The protocol's field index (for protocols: their own id). */
  readonly protoId: number;
  /** Number of bits the mask is shifted right by. */
  readonly shift: number;
}

export function isUnsigned(t: FT): boolean { return t >= FT.UINT8 && t <= FT.UINT64 || t === FT.FRAMENUM || t === FT.CHAR; }
export function isSigned(t: FT): boolean { return t >= FT.INT8 && t <= FT.INT64; }
export function isInteger(t: FT): boolean { return isUnsigned(t) || isSigned(t); }
export function isNumeric(t: FT): boolean {
  return isInteger(t) || t === FT.FLOAT || t === FT.DOUBLE || t === FT.RELATIVE_TIME || t === FT.ABSOLUTE_TIME || t === FT.BOOLEAN;
}
export function isStringy(t: FT): boolean {
  return t === FT.STRING || t === FT.STRINGZ || t === FT.UINT_STRING || t === FT.STRINGZPAD || t === FT.STRINGZTRUNC;
}
export function isBytesLike(t: FT): boolean {
  return t === FT.BYTES || t === FT.UINT_BYTES || t === FT.ETHER || t === FT.GUID || t === FT.OID || t === FT.EUI64 || t === FT.REL_OID || t === FT.SYSTEM_ID || t === FT.FCWWN || t === FT.AX25 || t === FT.VINES;
}

/** Bit width of an integer field type (for bitmask rendering). */
export function bitWidth(t: FT): number {
  switch (t) {
    case FT.UINT8: case FT.INT8: case FT.CHAR: return 8;
    case FT.UINT16: case FT.INT16: return 16;
    case FT.UINT24: case FT.INT24: return 24;
    case FT.UINT32: case FT.INT32: case FT.FRAMENUM: case FT.IPv4: return 32;
    case FT.UINT40: case FT.INT40: return 40;
    case FT.UINT48: case FT.INT48: return 48;
    case FT.UINT56: case FT.INT56: return 56;
    case FT.UINT64: case FT.INT64: return 64;
    default: return 0;
  }
}

/** Wireshark's ftype names, as printed by `-G fields`. */
export const FT_NAMES: Record<number, string> = {
  [FT.NONE]: 'FT_NONE', [FT.PROTOCOL]: 'FT_PROTOCOL', [FT.BOOLEAN]: 'FT_BOOLEAN', [FT.CHAR]: 'FT_CHAR',
  [FT.UINT8]: 'FT_UINT8', [FT.UINT16]: 'FT_UINT16', [FT.UINT24]: 'FT_UINT24', [FT.UINT32]: 'FT_UINT32',
  [FT.UINT40]: 'FT_UINT40', [FT.UINT48]: 'FT_UINT48', [FT.UINT56]: 'FT_UINT56', [FT.UINT64]: 'FT_UINT64',
  [FT.INT8]: 'FT_INT8', [FT.INT16]: 'FT_INT16', [FT.INT24]: 'FT_INT24', [FT.INT32]: 'FT_INT32',
  [FT.INT40]: 'FT_INT40', [FT.INT48]: 'FT_INT48', [FT.INT56]: 'FT_INT56', [FT.INT64]: 'FT_INT64',
  [FT.FLOAT]: 'FT_FLOAT', [FT.DOUBLE]: 'FT_DOUBLE', [FT.ABSOLUTE_TIME]: 'FT_ABSOLUTE_TIME',
  [FT.RELATIVE_TIME]: 'FT_RELATIVE_TIME', [FT.STRING]: 'FT_STRING', [FT.STRINGZ]: 'FT_STRINGZ',
  [FT.UINT_STRING]: 'FT_UINT_STRING', [FT.ETHER]: 'FT_ETHER', [FT.BYTES]: 'FT_BYTES', [FT.UINT_BYTES]: 'FT_UINT_BYTES',
  [FT.IPv4]: 'FT_IPv4', [FT.IPv6]: 'FT_IPv6', [FT.IPXNET]: 'FT_IPXNET', [FT.FRAMENUM]: 'FT_FRAMENUM',
  [FT.GUID]: 'FT_GUID', [FT.OID]: 'FT_OID', [FT.EUI64]: 'FT_EUI64', [FT.AX25]: 'FT_AX25', [FT.VINES]: 'FT_VINES',
  [FT.REL_OID]: 'FT_REL_OID', [FT.SYSTEM_ID]: 'FT_SYSTEM_ID', [FT.STRINGZPAD]: 'FT_STRINGZPAD', [FT.FCWWN]: 'FT_FCWWN',
  [FT.STRINGZTRUNC]: 'FT_STRINGZTRUNC',
};
