// What the rest of typeshark needs from a compiled display filter.
import type { Packet } from '../dissect/packet.js';

export interface CompiledFilter {
  readonly text: string;
  /** True when the packet matches. Needs pkt.root (a tree) when needsTree. */
  match(pkt: Packet): boolean;
  readonly needsTree: boolean;
}

/**
 * A filter that does not compile. `message` is what tshark prints after "tshark: " for -Y/-R (the message,
 * then for located errors the filter and a caret line); `plain` is the message alone. Exit code 2.
 */
export class FilterError extends Error {
  plain: string;
  constructor(message: string, plain = message) { super(message); this.plain = plain; }
}

type Compiler = (text: string) => CompiledFilter;
let compiler: Compiler | null = null;
export function setFilterCompiler(c: Compiler): void { compiler = c; }
export function compileFilter(text: string): CompiledFilter {
  if (!compiler) throw new FilterError('display filters are not available');
  try {
    return compiler(text);
  } catch (e) {
    // a pathological filter (e.g. thousands of chained arithmetic operators) must not crash the command
    if (e instanceof RangeError && /call stack/.test(e.message)) throw new FilterError('Filter too complex: expression nested too deeply.');
    throw e;
  }
}
