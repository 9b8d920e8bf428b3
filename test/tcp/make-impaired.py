#!/usr/bin/env python3
# Derives an impaired capture from the loopback recording (test/tcp/fixtures/lo-tcp.pcap, made by make-fixture.sh):
# the kernels here have no netem, so loss and reordering are made by editing the real capture.
#   - frame 6 (a data segment) is moved after the ACK that covers it: "Previous segment not captured" on frame 7,
#     "ACKed unseen segment" on the ACK, then a spurious retransmission;
#   - that ACK is repeated (a duplicate ACK after an ACKed-unseen indication);
#   - frames 9 and 10 (data) are dropped: the ZeroWindow ACK and the Window Update acknowledge data never seen, with
#     nothing newer seen from the sender (tshark flags only the first of such a run), then more loss.
# Usage: python3 test/tcp/make-impaired.py IN.pcap OUT.pcap
import struct, sys

src, dst = sys.argv[1], sys.argv[2]
data = open(src, 'rb').read()
hdr, off, recs = data[:24], 24, []
while off + 16 <= len(data):
    sec, usec, incl, orig = struct.unpack('<IIII', data[off:off + 16])
    recs.append([sec, usec, data[off + 16:off + 16 + incl], orig])
    off += 16 + incl

def at(frame): return list(recs[frame - 1])
def later(rec, base, us):
    t = base[0] * 1000000 + base[1] + us
    return [t // 1000000, t % 1000000, rec[2], rec[3]]

order = [at(i) for i in (1, 2, 3, 4, 5, 7, 8)]
order.append(later(at(8), at(8), 1))
order.append(later(at(6), at(8), 2))
order += [at(i) for i in range(11, len(recs) + 1)]
with open(dst, 'wb') as f:
    f.write(hdr)
    for sec, usec, pkt, orig in order:
        f.write(struct.pack('<IIII', sec, usec, len(pkt), orig) + pkt)
