// Ethertype names (etype_vals), as tshark prints them in "Type: IPv4 (0x0800)".
import { ETHERTYPE_NAMES } from './net-values.js';
export const ETHERTYPES: ReadonlyMap<number, string> = ETHERTYPE_NAMES;
