// In-process runs: tshark's command line over a capture held in memory, output collected into strings.
// The same pipeline as the command (cli/read-file.ts → cli/pipeline.ts); used by the fuzz harness and tests.
import { readCaptureBytes } from '../capture/source.js';
import { captureOutput, flush } from '../output/stdout.js';
import { resetCaptureState } from '../dissect/state.js';
import { buildConfig, ConfigError } from './config.js';
import { parseArgv, UsageError } from './options.js';
import { runFile } from './read-file.js';

export interface BufferRun { code: number; stdout: string; stderr: string }

/**
 * Runs `tshark -r NAME ARGS...` over `bytes` (a capture file's contents) and returns what it printed and its
 * exit code. Errors the command reports (bad file, bad filter) come back as stderr text; any other exception escapes
 * to the caller, as it would be a crash of the command.
 */
export async function runBuffer(args: string[], bytes: Uint8Array, name = 'capture.pcap'): Promise<BufferRun> {
  const outParts: string[] = [], errParts: string[] = [];
  captureOutput(s => { outParts.push(s); }, s => { errParts.push(s); });
  resetCaptureState();
  try {
    let code: number;
    try {
      const cfg = buildConfig(parseArgv(['-r', name, ...args]));
      code = await runFile(cfg, (sink, onParser) => readCaptureBytes(bytes, sink, onParser));
    } catch (e) {
      if (e instanceof UsageError) { errParts.push(`tshark: ${e.message}\n`); code = 1; }
      else if (e instanceof ConfigError) { errParts.push(`tshark: ${e.message}\n`); code = e.code; }
      else throw e;
    }
    flush();
    return { code, stdout: outParts.join(''), stderr: errParts.join('') };
  } finally {
    captureOutput(null, null);
    resetCaptureState();
  }
}
