// The list of -z arguments tshark prints after "Invalid -z argument".
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export function zTapListText(): string {
  return fs.readFileSync(fileURLToPath(new URL('../../src/stats/ztaps.txt', import.meta.url)), 'utf8');
}
