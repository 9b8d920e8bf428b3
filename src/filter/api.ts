// What the rest of typeshark needs from a compiled display filter.
import type { Packet } from '../dissect/packet.js';

export interface CompiledFilter {
  readonly text: string;
  /** True when the packet matches. Needs pkt.root (a tree) when needsTree. */
  match(pkt: Packet): boolean;
  readonly needsTree: boolean;
}

/** A filter that does not compile: tshark prints `message` and exits with code 2 (-Y) or 2 (-R). */
export class FilterError extends Error {}

type Compiler = (text: string) => CompiledFilter;
let compiler: Compiler | null = null;
export function setFilterCompiler(c: Compiler): void { compiler = c; }
export function compileFilter(text: string): CompiledFilter {
  if (!compiler) throw new FilterError('display filters are not available');
  return compiler(text);
}
