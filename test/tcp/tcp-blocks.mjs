// Keeps only the TCP subtrees of `-V` output (stdin → stdout), each after its "Frame N" number.
// Used by make-fixture.sh on tshark's output and by the tests on ours.
export function tcpBlocks(text) {
  const out = [];
  let frame = '', inTcp = false;
  for (const line of text.split('\n')) {
    const m = /^Frame (\d+):/.exec(line);
    if (m) { frame = m[1]; inTcp = false; continue; }
    if (line.startsWith('Transmission Control Protocol') || /^\[\d+ Reassembled TCP Segments/.test(line)) {
      out.push(`Frame ${frame}`); inTcp = true; out.push(line); continue;
    }
    if (line === '' || !line.startsWith(' ')) { inTcp = false; continue; }
    if (inTcp) out.push(line);
  }
  return out.join('\n') + '\n';
}
if (process.argv[2] === '--stdin') {
  let s = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', d => { s += d; });
  process.stdin.on('end', () => process.stdout.write(tcpBlocks(s)));
}
