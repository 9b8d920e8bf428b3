// Per-capture dissector state (conversation tables, transactions, reassembly buffers) and the limits on it.
// Every table that grows with the capture registers a reset here, so an in-process run (the fuzz harness,
// run-buffer.ts) starts each capture from nothing, and every such table has a cap (README "Limits"): past it the
// least recently used entries are forgotten and a warning is printed once per run.
import { err } from '../output/stdout.js';

/** Caps on per-capture state; mutable so tests can exercise them with small values. */
export const LIMITS = {
  /** Bytes TCP reassembly buffers for one direction of a stream (unfinished PDUs), and for all streams. */
  tcpStreamBytes: 64 * 1024 * 1024,
  tcpTotalBytes: 256 * 1024 * 1024,
  /** IPv4 reassembly: datagrams in progress, fragments kept per datagram, bytes kept in all. */
  ipDatagrams: 4096,
  ipFragmentsPerDatagram: 1024,
  ipFragmentBytes: 32 * 1024 * 1024,
  /** TCP conversations tracked (tcp.stream, sequence analysis, reassembly). */
  tcpConversations: 1_000_000,
  /** DNS conversations whose request/response pairs are tracked. */
  dnsConversations: 250_000,
  /** ICMP / ICMPv6 echo transactions tracked. */
  icmpTransactions: 250_000,
  /** IPv4 addresses ARP remembers for duplicate-address detection. */
  arpAddresses: 1_000_000,
};

const resets: (() => void)[] = [];
const warned = new Set<string>();

/** Registers a function that forgets one table's per-capture state. */
export function onCaptureReset(f: () => void): void { resets.push(f); }

/** Forgets all per-capture state (a new capture in the same process). */
export function resetCaptureState(): void {
  for (const f of resets) f();
  warned.clear();
}

/** Prints, once per capture, that a table hit its cap. */
export function limitWarning(what: string, limit: number, effect: string): void {
  if (warned.has(what)) return;
  warned.add(what);
  err(`typeshark: warning: more than ${limit} ${what} tracked; ${effect}.\n`);
}
