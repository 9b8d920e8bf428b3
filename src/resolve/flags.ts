// Name resolution switches (Wireshark's gbl_resolv_flags), set once by the CLI from -n and -N.
export const resolveFlags = {
  /** m: MAC addresses through ethers, wka and manuf. On by default in tshark. */
  mac: true,
  /** n: network addresses (we resolve none yet: no DNS lookups and no names learnt from captured DNS). */
  network: false,
  /** t: transport ports (off by default in tshark 4.0's command line). */
  transport: false,
};

/** Applies tshark's rules: -n turns everything off; -N LETTERS turns on exactly those. */
export function setResolveFlags(noResolve: boolean, nFlags: string | null): void {
  if (noResolve) { resolveFlags.mac = resolveFlags.network = resolveFlags.transport = false; return; }
  if (nFlags !== null) {
    resolveFlags.mac = nFlags.includes('m');
    resolveFlags.network = nFlags.includes('n');
    resolveFlags.transport = nFlags.includes('t');
  }
}
