// Keeps the HTTP-specific part of tshark/typeshark output (so the goldens do not depend on TCP's own lines):
// "summary": packet-list lines whose Protocol column is HTTP or HTTP/...;
// "verbose": for each frame, the lines from "Hypertext Transfer Protocol" to the end of the frame.
import { readFileSync } from 'node:fs';
export function filter(mode, text) {
  const out = [];
  if (mode === 'summary') {
    for (const l of text.split('\n')) if (/ (HTTP|SSDP)(\/\S+)? \d+ /.test(l)) out.push(l);
    return out.join('\n') + '\n';
  }
  let frame = '', on = false;
  for (const l of text.split('\n')) {
    const m = /^Frame (\d+):/.exec(l);
    if (m) { frame = m[1]; on = false; }
    if (/^(Hypertext Transfer Protocol|Simple Service Discovery Protocol)/.test(l)) on = true;
    if (on && l !== '') out.push(`${frame}: ${l}`);
  }
  return out.join('\n') + '\n';
}
if (process.argv[2]) process.stdout.write(filter(process.argv[2], readFileSync(0, 'utf8')));
