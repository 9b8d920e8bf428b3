// tshark's command line: getopt-style short options (clustered, attached or separate arguments),
// the long options tshark 4.0 knows, and typeshark's own long options (which never collide with tshark's).

/** Short options and whether they take an argument (tshark 4.0's optstring). */
const SHORT: Record<string, boolean> = {
  '2': false, a: true, A: true, b: true, B: true, c: true, C: true, d: true, D: false, e: true, E: true, f: true, F: true,
  g: false, G: false, h: false, H: true, i: true, I: false, j: true, J: true, K: true, l: false, L: false, M: true, n: false,
  N: true, o: true, O: true, p: false, P: false, q: false, Q: false, r: true, R: true, s: true, S: true, t: true, T: true,
  u: true, U: true, v: false, V: false, w: true, W: true, x: false, X: true, y: true, Y: true, z: true,
};

/** Long options: name → [short equivalent or own key, takes argument]. */
const LONG: Record<string, [string, boolean]> = {
  interface: ['i', true], 'read-file': ['r', true], 'display-filter': ['Y', true], 'read-filter': ['R', true],
  print: ['P', false], version: ['v', false], help: ['h', false], autostop: ['a', true], 'ring-buffer': ['b', true],
  'snapshot-length': ['s', true], 'no-promiscuous-mode': ['p', false], 'buffer-size': ['B', true], linktype: ['y', true],
  'list-interfaces': ['D', false], 'list-data-link-types': ['L', false], 'monitor-mode': ['I', false],
  'capture-comment': ['capture-comment', true], hexdump: ['hexdump', true], color: ['color', false],
  'no-duplicate-keys': ['no-duplicate-keys', false], 'export-objects': ['export-objects', true],
  'export-tls-session-keys': ['export-tls-session-keys', true], 'elastic-mapping-filter': ['elastic-mapping-filter', true],
  'temp-dir': ['temp-dir', true], 'enable-protocol': ['enable-protocol', true], 'disable-protocol': ['disable-protocol', true],
  'enable-heuristic': ['enable-heuristic', true], 'disable-heuristic': ['disable-heuristic', true],
  'list-time-stamp-types': ['list-time-stamp-types', false], 'time-stamp-type': ['time-stamp-type', true],
  'log-level': ['log-level', true], 'log-fatal': ['log-fatal', true], 'log-domains': ['log-domains', true],
  'log-debug': ['log-debug', true], 'log-noisy': ['log-noisy', true], 'log-file': ['log-file', true],
  // typeshark's own
  workers: ['workers', true], 'stats-format': ['stats-format', true], compare: ['compare', true], plot: ['plot', true], progress: ['progress', false],
};

export class UsageError extends Error {}

export interface ParsedArgs {
  /** Options in order: [key, value] (value '' for flags). */
  opts: [string, string][];
  /** Non-option arguments (a capture filter given without -f). */
  rest: string[];
}

export function parseArgv(argv: string[]): ParsedArgs {
  const opts: [string, string][] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') { rest.push(...argv.slice(i + 1)); break; }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const spec = LONG[name];
      if (!spec) throw new UsageError(`unrecognized option: ${name}`);
      if (spec[1]) {
        let v: string;
        if (eq >= 0) v = a.slice(eq + 1);
        else if (i + 1 < argv.length) v = argv[++i]!;
        else throw new UsageError(`option requires an argument: ${name}`);
        opts.push([spec[0], v]);
      } else {
        if (eq >= 0) throw new UsageError(`option does not take an argument: ${name}`);
        opts.push([spec[0], '']);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const takes = SHORT[c];
        if (takes === undefined) throw new UsageError(`unrecognized option: ${c}`);
        if (c === 'G') { opts.push(['G', argv[i + 1] && !argv[i + 1]!.startsWith('-') ? argv[++i]! : '']); break; }
        if (!takes) { opts.push([c, '']); continue; }
        if (j + 1 < a.length) { opts.push([c, a.slice(j + 1)]); break; }
        if (i + 1 < argv.length) { opts.push([c, argv[++i]!]); break; }
        throw new UsageError(`option requires an argument: ${c}`);
      }
      continue;
    }
    rest.push(a);
  }
  return { opts, rest };
}
