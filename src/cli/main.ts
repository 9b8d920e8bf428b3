// typeshark's command: tshark's flags, messages and exit codes over the typeshark library.
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { err, flush } from '../output/stdout.js';
import { buildConfig, ConfigError, type Config } from './config.js';
import { parseArgv, UsageError } from './options.js';
import { runFile } from './read-file.js';
import { VERSION_TEXT } from './version.js';

export function usageText(): string {
  return fs.readFileSync(fileURLToPath(new URL('../../src/cli/usage.txt', import.meta.url)), 'utf8');
}

export async function main(argv: string[]): Promise<void> {
  let cfg: Config;
  try {
    cfg = buildConfig(parseArgv(argv));
  } catch (e) {
    if (e instanceof UsageError) {
      err(`tshark: ${e.message}\n\n${usageText()}`);
      process.exitCode = 1;
      return;
    }
    if (e instanceof ConfigError) {
      err(`tshark: ${e.message}\n`);
      process.exitCode = e.code;
      return;
    }
    throw e;
  }
  try {
    if (cfg.help) { process.stdout.write(`${VERSION_TEXT.split('\n')[0]}\nDump and analyze network traffic.\nSee https://www.wireshark.org for more information.\n\n${usageText()}`); return; }
    if (cfg.version) { process.stdout.write(VERSION_TEXT); return; }
    if (cfg.glossary !== null) { (await import('./glossary.js')).printGlossary(cfg.glossary); return; }
    if (cfg.compare !== null) {
      const { runCompare } = await import('./compare.js');
      process.exitCode = await runCompare(cfg, s => process.stdout.write(s), s => process.stderr.write(s));
      return;
    }
    if (cfg.readFile !== null) { process.exitCode = await runFile(cfg); return; }
    const live = await import('./live.js').catch(() => null);
    if (!live) { err('tshark: live capture is not available in this build\n'); process.exitCode = 2; return; }
    process.exitCode = await live.runLive(cfg);
  } catch (e) {
    flush();
    // Never a stack trace for the user: a short message, and the details only when debugging.
    err(`tshark: internal error: ${(e as Error).message}\n`);
    if (process.env.TYPESHARK_DEBUG) err(`${(e as Error).stack}\n`);
    process.exitCode = 2;
  } finally {
    flush();
  }
}
