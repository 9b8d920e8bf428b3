// Live capture (-i): not built yet. Says so plainly instead of pretending.
import { err } from '../output/stdout.js';
import type { Config } from './config.js';

export async function runLive(_cfg: Config): Promise<number> {
  err('tshark: live capture (-i) is not implemented in this typeshark build yet; read a file with -r.\n');
  return 2;
}
