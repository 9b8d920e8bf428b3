// Turns parsed options into a typed run configuration, with tshark's validation messages.
import type { TimeFormat } from '../output/timefmt.js';
import type { ParsedArgs } from './options.js';

export type OutputFormat = 'text' | 'fields' | 'json' | 'jsonraw' | 'ek' | 'pdml' | 'psml' | 'tabs' | 'ps';

export interface FieldsOptions {
  header: boolean; separator: string; occurrence: 'f' | 'l' | 'a'; aggregator: string; quote: '' | '"' | "'"; bom: boolean;
}

export interface Config {
  readFile: string | null;
  interfaces: string[];
  captureFilter: string | null;
  displayFilter: string | null;
  readFilter: string | null;
  twoPass: boolean;
  count: number;
  verbose: boolean;
  hexdump: boolean;
  quiet: boolean;
  lineBuffered: boolean;
  noResolve: boolean;
  format: OutputFormat;
  fields: string[];
  fieldsOpts: FieldsOptions;
  timeFormat: TimeFormat;
  timePrecision: number;
  hms: boolean;
  stats: string[];
  writeFile: string | null;
  printWithWrite: boolean;
  listInterfaces: boolean;
  version: boolean;
  help: boolean;
  glossary: string | null;
  autostop: string[];
  ringBuffer: string[];
  snaplen: number;
  promisc: boolean;
  bufferSize: number;
  outputFileType: string | null;
  workers: number;
  statsFormat: 'text' | 'json' | 'csv';
  /** --compare OLD: the statistics compared with another capture's (typeshark's own). */
  compare: string | null;
  /** --plot FILE.svg: the io,stat statistics drawn as charts (typeshark's own). */
  plot: string | null;
  jsonFilter: string[];
  decodeAs: string[];
  prefs: string[];
  nameResolve: string | null;
  separator: string | null;
  detailProtocols: string | null;
  /** Every option in command-line order (live capture's per-interface -f/-s/-p/-B follow the -i before them). */
  argv: [string, string][];
}

export class ConfigError extends Error {
  /** @param code tshark's exit code for this error (1 = bad usage, 2 = invalid argument...) */
  constructor(message: string, readonly code = 1, readonly usage = false) { super(message); }
}

const TIME_FORMATS = new Set(['a', 'ad', 'adoy', 'd', 'dd', 'e', 'r', 'u', 'ud', 'udoy']);

export function buildConfig(p: ParsedArgs): Config {
  const c: Config = {
    readFile: null, interfaces: [], captureFilter: null, displayFilter: null, readFilter: null, twoPass: false, count: 0,
    verbose: false, hexdump: false, quiet: false, lineBuffered: false, noResolve: false, format: 'text', fields: [],
    fieldsOpts: { header: false, separator: '\t', occurrence: 'a', aggregator: ',', quote: '', bom: false },
    timeFormat: 'r', timePrecision: -1, hms: false, stats: [], writeFile: null, printWithWrite: false,
    listInterfaces: false, version: false, help: false, glossary: null, autostop: [], ringBuffer: [], snaplen: 0,
    promisc: true, bufferSize: 2, outputFileType: null, workers: 1, statsFormat: 'text', compare: null, plot: null, jsonFilter: [], decodeAs: [],
    prefs: [], nameResolve: null, separator: null, detailProtocols: null, argv: p.opts,
  };
  for (const [k, v] of p.opts) {
    switch (k) {
      case 'r': c.readFile = v; break;
      case 'i': c.interfaces.push(v); break;
      case 'f': c.captureFilter = v; break;
      case 'Y': c.displayFilter = v; break;
      case 'R': c.readFilter = v; break;
      case '2': c.twoPass = true; break;
      case 'c': {
        const n = parseCount(v, 'packet count');
        c.count = n; break;
      }
      case 'V': c.verbose = true; break;
      case 'x': c.hexdump = true; break;
      case 'q': case 'Q': c.quiet = true; break;
      case 'l': c.lineBuffered = true; break;
      case 'n': c.noResolve = true; break;
      case 'N': c.nameResolve = v; break;
      case 'T': {
        const f = v.toLowerCase();
        if (!['text', 'fields', 'json', 'jsonraw', 'ek', 'pdml', 'psml', 'tabs', 'ps'].includes(f)) {
          throw new ConfigError(`Invalid -T parameter "${v}"; it must be one of:\n\t"fields"  The values of fields specified with the -e option, in a form\n\t          specified by the -E option.\n\t"pdml"    Packet Details Markup Language, an XML-based format for the\n\t          details of a summary and details of a packet.\n\t"ps"      PostScript for a human-readable printed document.\n\t"psml"    Packet Summary Markup Language, an XML-based format for the\n\t          summary information of a packet.\n\t"json"    Packet Summary, an JSON-based format for the details\n\t          summary information of a packet.\n\t"jsonraw" Packet Details, a JSON-based format for machine parsing\n\t          including only raw hex decoded fields (same as -T json -x but\n\t          without text decoding, only raw fields included).\n\t"ek"      Packet Details, an EK JSON-based format for the bulk insert\n\t          into elastic search cluster.\n\t"text"    The text format of the packet summary or details.\n\t"tabs"    Similar to the text format but using tabs as delimiters.`);
        }
        c.format = f as OutputFormat; break;
      }
      case 'e': c.fields.push(v); break;
      case 'E': parseFieldsOption(c.fieldsOpts, v); break;
      case 't': {
        if (!TIME_FORMATS.has(v)) {
          // -t also accepts a precision suffix form in newer versions; 4.0 takes only these
          throw new ConfigError(`Invalid time stamp type "${v}"; it must be one of:\n\t"a"    for absolute\n\t"ad"   for absolute with YYYY-MM-DD date\n\t"adoy" for absolute with YYYY/DOY date\n\t"d"    for delta\n\t"dd"   for delta displayed\n\t"e"    for epoch\n\t"r"    for relative\n\t"u"    for absolute UTC\n\t"ud"   for absolute UTC with YYYY-MM-DD date\n\t"udoy" for absolute UTC with YYYY/DOY date`);
        }
        c.timeFormat = v as TimeFormat; break;
      }
      case 'u':
        if (v === 's') c.hms = false;
        else if (v === 'hms') c.hms = true;
        else throw new ConfigError(`Invalid -u parameter "${v}"; it must be one of:\n\t"s"   for seconds\n\t"hms" for hours, minutes and seconds`);
        break;
      case 'z': c.stats.push(v); break;
      case 'w': c.writeFile = v; break;
      case 'P': c.printWithWrite = true; break;
      case 'D': c.listInterfaces = true; break;
      case 'v': c.version = true; break;
      case 'h': c.help = true; break;
      case 'G': c.glossary = v || 'fields'; break;
      case 'a': c.autostop.push(v); break;
      case 'b': c.ringBuffer.push(v); break;
      case 's': c.snaplen = parseCount(v, 'snapshot length'); break;
      case 'p': c.promisc = false; break;
      case 'B': c.bufferSize = parseCount(v, 'buffer size'); break;
      case 'F': c.outputFileType = v; break;
      case 'workers': c.workers = Math.max(1, parseInt(v, 10) || 1); break;
      case 'stats-format':
        if (v !== 'text' && v !== 'json' && v !== 'csv') throw new ConfigError(`--stats-format takes text, json or csv, not "${v}"`);
        c.statsFormat = v; break;
      case 'compare': c.compare = v; break;
      case 'plot': c.plot = v; break;
      case 'j': case 'J': c.jsonFilter.push(v); break;
      case 'd': c.decodeAs.push(v); break;
      case 'o': c.prefs.push(v); break;
      case 'S': c.separator = v; break;
      case 'O': c.detailProtocols = v; break;
      default: break; // accepted and ignored: options that change nothing we print
    }
  }
  if (p.rest.length) {
    // tshark treats leftover words as a capture filter; reading a file, that is an error
    const filter = p.rest.join(' ');
    if (c.readFile !== null) {
      if (c.captureFilter !== null) throw new ConfigError('Capture filters were specified both with "-f" and with additional command-line arguments.', 1);
      throw new ConfigError('Only read filters, not capture filters, can be specified when reading a capture file.', 1);
    }
    c.captureFilter = filter;
  }
  if (c.readFilter !== null && !c.twoPass) {
    throw new ConfigError('-R without -2 is deprecated. For single-pass filtering use -Y.', 1);
  }
  return c;
}

function parseCount(v: string, what: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isFinite(n)) throw new ConfigError(`The specified ${what} "${v}" isn't a decimal number`, 1);
  return n;
}

const E_USAGE = `TShark: The available options for field output "E" are:
bom=y|n    Prepend output with the UTF-8 BOM (def: N: no)
header=y|n    Print field abbreviations as first line of output (def: N: no)
separator=/t|/s|<character>   Set the separator to use;
     "/t" = tab, "/s" = space (def: /t: tab)
occurrence=f|l|a  Select the occurrence of a field to use;
     "f" = first, "l" = last, "a" = all (def: a: all)
aggregator=,|/s|<character>   Set the aggregator to use;
     "," = comma, "/s" = space (def: ,: comma)
quote=d|s|n   Print either d: double-quotes, s: single quotes or 
     n: no quotes around field values (def: n: none)`;

/** -E option=value, as output_fields_set_option reads it (only the first letter of y/n, f/l/a, d/s/n counts). */
function parseFieldsOption(o: FieldsOptions, v: string): void {
  const eq = v.indexOf('=');
  const key = eq < 0 ? v : v.slice(0, eq), val = eq < 0 ? '' : v.slice(eq + 1);
  const bad = (): never => { throw new ConfigError(`"${key}" is not a valid field output option=value pair.\n${E_USAGE}`, 1); };
  if (eq < 0) bad();
  const c = val[0] ?? '';
  const slash = (): string => (val[1] === 's' ? ' ' : val[1] === 't' ? '\t' : '\\');
  switch (key) {
    case 'bom': if (c === 'y') o.bom = true; else if (c === 'n') o.bom = false; else bad(); break;
    case 'header': if (c === 'y') o.header = true; else if (c === 'n') o.header = false; else bad(); break;
    case 'separator': if (c === '') bad(); o.separator = c === '/' ? slash() : c; break;
    case 'occurrence': if (c === 'f' || c === 'l' || c === 'a') o.occurrence = c; else bad(); break;
    case 'aggregator': if (c === '') bad(); o.aggregator = c === '/' ? (val[1] === 's' ? ' ' : '\\') : c; break;
    case 'quote': if (c === 'd') o.quote = '"'; else if (c === 's') o.quote = "'"; else if (c === 'n') o.quote = ''; else bad(); break;
    default: bad();
  }
}
