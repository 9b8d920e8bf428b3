// Builds a classic pcap (Ethernet) in memory from frames, for the property tests.
import { eth, ipv4, udp, tcp } from '../../scripts/pcapgen.mjs';
export { eth, ipv4, udp, tcp };
export function pcapBytes(frames) {
  const gh = Buffer.alloc(24);
  gh.writeUInt32LE(0xa1b2c3d4, 0); gh.writeUInt16LE(2, 4); gh.writeUInt16LE(4, 6); gh.writeUInt32LE(262144, 16); gh.writeUInt32LE(1, 20);
  const parts = [gh];
  frames.forEach((f, i) => {
    // a frame is its bytes (sent at i seconds) or { data, t } with t in seconds
    const data = f.data ?? f, t = f.t ?? i;
    const sec = Math.floor(t), usec = Math.round((t - sec) * 1e6);
    const rh = Buffer.alloc(16);
    rh.writeUInt32LE(1700000000 + sec, 0); rh.writeUInt32LE(usec, 4);
    rh.writeUInt32LE(data.length, 8); rh.writeUInt32LE(data.length, 12);
    parts.push(rh, data);
  });
  return new Uint8Array(Buffer.concat(parts));
}
