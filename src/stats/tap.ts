// The tap API (Wireshark's register_tap_listener): a statistic sees each dissected packet that passes
// its own filter, keeps its own tables, and draws its text at the end. Taps are mergeable so that a
// file split across workers can combine partial tables.
import type { Packet } from '../dissect/packet.js';

export interface Tap {
  /** True when the tap reads fields from the protocol tree (filters, io,stat aggregates). */
  readonly needsTree: boolean;
  /** Called for every packet (after the read filter); the tap applies its own display filter. */
  packet(pkt: Packet): void;
  /** The text tshark prints for this statistic at the end of the run. */
  draw(): string;
  /** Folds another instance's tables into this one (same arguments). */
  merge?(other: this): void;
}

/** A -z argument that a tap family recognises: returns the tap, or null when the argument is not its own. */
export type TapFactory = (arg: string) => Tap | null;

const factories: { prefix: string; make: TapFactory }[] = [];

/** Registers a -z family by the prefix tshark matches (e.g. "conv,", "io,stat,"). */
export function registerTap(prefix: string, make: TapFactory): void { factories.push({ prefix, make }); }

export class TapArgError extends Error {}

/** Builds the tap for one -z argument; throws TapArgError with tshark's message when it is invalid. */
export function makeTap(arg: string): Tap {
  // tshark picks the registered tap whose name is the longest prefix of the argument
  let best: { prefix: string; make: TapFactory } | null = null;
  for (const f of factories) if (arg.startsWith(f.prefix) && (!best || f.prefix.length > best.prefix.length)) best = f;
  const t = best?.make(arg);
  if (!t) throw new TapArgError(`invalid -z argument "${arg}"; it must be one of:`);
  return t;
}
export function tapPrefixes(): string[] { return factories.map(f => f.prefix); }
