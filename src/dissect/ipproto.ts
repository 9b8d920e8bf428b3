// IP protocol numbers and names (ipproto_val), as "Protocol: TCP (6)" prints them.
import { IP_PROTO_NAMES } from './net-values.js';
export const IP_PROTOS: ReadonlyMap<number, string> = IP_PROTO_NAMES;
export function ipProtoName(p: number): string { return IP_PROTOS.get(p) ?? 'Unknown'; }
