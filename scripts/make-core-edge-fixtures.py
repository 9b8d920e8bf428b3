#!/usr/bin/env python3
"""Builds small captures of the core protocols' edge cases under test/core-edge/fixtures/core-edge-*.pcap and, when
tshark is installed, their goldens (summary, -V, -z expert; test/core-edge/core-edge.test.mjs compares the summary whole):
TCP options of every registered kind and AccECN, payloads cut by the snapshot length (UDP, TCP options), a UDP
length past the IP payload, IPv6 jumbograms and hop-by-hop options, Mobile IPv6 ICMPv6 messages, and
nanosecond fractions out of range. Run from the repo root: python3 scripts/make-core-edge-fixtures.py"""
import os, struct, subprocess

OUT = 'test/core-edge/fixtures'
A, B = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
A6 = bytes.fromhex('20010db8000000000000000000000001')
B6 = bytes.fromhex('20010db8000000000000000000000002')
ETH4 = bytes.fromhex('020000000002' '020000000001' '0800')
ETH6 = bytes.fromhex('020000000002' '020000000001' '86dd')

def pcap(name, frames, nano=False):
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b23c4d if nano else 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))
        for i, fr in enumerate(frames):
            data, wire = fr[0], fr[1]
            sec, frac = (fr[2] if len(fr) > 2 else (1700000000 + i, 1000 * i))
            f.write(struct.pack('<IIII', sec, frac, len(data), wire) + data)

def ip4(proto, payload, total=None):
    return struct.pack('!BBHHHBBH4s4s', 0x45, 0, total if total is not None else 20 + len(payload), 1, 0x4000, 64, proto, 0, A, B) + payload

def ip6(nxt, payload, plen=None):
    return struct.pack('!IHBB', 0x60000000, len(payload) if plen is None else plen, nxt, 64) + A6 + B6 + payload

def tcp(sport, dport, seq, ack, flags, opts=b'', data=b'', win=65535):
    opts += b'\0' * (-len(opts) % 4)
    off = (20 + len(opts)) // 4
    return struct.pack('!HHIIHHHH', sport, dport, seq, ack, (off << 12) | flags, win, 0, 0) + opts + data

def udp(sport, dport, payload, ulen=None):
    return struct.pack('!HHHH', sport, dport, 8 + len(payload) if ulen is None else ulen, 0) + payload

def full(frame):
    return (frame, len(frame))

SYN, ACK, PSH, ECE, CWR, AE = 0x02, 0x10, 0x08, 0x40, 0x80, 0x100

def main():
    os.makedirs(OUT, exist_ok=True)
    # AccECN: the setup SYN (AE, CWR, ECE), a SYN/ACK with CWR, then ACE counters; an AccECN option (kind 172)
    c, s = 40000, 80
    pcap('core-edge-accecn.pcap', [full(ETH4 + ip4(6, x)) for x in [
        tcp(c, s, 1000, 0, SYN | AE | CWR | ECE, bytes.fromhex('020405b4')),
        tcp(s, c, 5000, 1001, SYN | ACK | CWR, bytes.fromhex('020405b4') + bytes.fromhex('ac0b000001000000000000')),
        tcp(c, s, 1001, 5001, ACK | CWR, bytes.fromhex('ae0b000002000003000004')),
        tcp(c, s, 1001, 5001, ACK | PSH | AE | ECE, b'', b'hello'),
        tcp(s, c, 5001, 1006, ACK | AE | CWR | ECE, bytes.fromhex('ac02') + bytes.fromhex('0101')),
        tcp(s, c, 5001, 1006, ACK, bytes.fromhex('fe07acc0000005')),
    ]])
    # One TCP option kind per segment: echo, echo reply, CC, MD5, TCP-AO, SCPS, QS, user timeout, TFO, RFC 6994
    # experiments (ExID, TARR), an unknown kind, a bad length, an empty SACK, and options after EOL
    opts = ['0606000000070000', '0706000000080000', '0b0600000009', '1312' + '11' * 16, '1d06010203040000',
            '1404f801', '1b08050100000000', '1c0480050000', '2206aabbccdd', '2202', 'fe06123456780000', 'fd0400ac',
            'fd0500ad', 'fe02', '99040102', '0205', '0502', '0000000101010000', '0803']
    segs = [tcp(c + 1, s, 7000, 0, SYN, bytes.fromhex('020405b4') + bytes.fromhex(o)) if i < 3 else
            tcp(c + 1, s, 7001, 9001, ACK, bytes.fromhex(o)) for i, o in enumerate(opts)]
    pcap('core-edge-tcpopts.pcap', [full(ETH4 + ip4(6, x)) for x in segs])
    # Payloads cut by the snapshot length: UDP with none of it captured (length right, and past the IP payload),
    # a UDP length past the IP payload with DNS reading beyond it, TCP options cut inside, TCP-AO cut in its MAC
    dns = struct.pack('!HHHHHH', 0x1234, 0x0100, 1, 0, 0, 0)
    u1 = ETH4 + ip4(17, udp(1234, 9999, b'x' * 100))
    u2 = ETH4 + ip4(17, udp(1234, 9999, b'x' * 100, ulen=400))
    u3 = ETH4 + ip4(17, udp(1234, 53, dns + b'\x03ab', ulen=300))
    t1 = ETH4 + ip4(6, tcp(c, s, 1, 1, ACK, bytes.fromhex('00303030') + bytes.fromhex('30303030'), b'z' * 50))
    t2 = ETH4 + ip4(6, tcp(c, s, 1, 1, ACK, bytes.fromhex('1d1001020304050607080900'), b'z' * 50))
    pcap('core-edge-cut.pcap', [(u1[:42], len(u1)), (u2[:42], len(u2)), full(u3), (t1[:14 + 20 + 23], len(t1)), (t2[:14 + 20 + 26], len(t2)),
                                (b'', 60), (ETH4[:10], 60)])
    # IPv6: a jumbogram (payload length 0, Jumbo Payload option) with ICMPv6 and UDP, a jumbo length past the frame,
    # a hop-by-hop header without the option, payload length 0 over TCP, an option running past the header
    echo = bytes.fromhex('80000000' '00010001') + b'ping'
    hbh_j = lambda nxt, j: bytes([nxt, 0]) + bytes.fromhex('c204') + struct.pack('!I', j)
    pcap('core-edge-ipv6.pcap', [full(ETH6 + x) for x in [
        ip6(0, hbh_j(58, 70000) + echo, plen=0),
        ip6(0, hbh_j(17, 70000) + udp(5000, 5001, b'\xff' * 8, ulen=0), plen=0),
        ip6(0, hbh_j(58, 80000) + echo, plen=0),
        ip6(0, hbh_j(58, 1000) + echo, plen=0),
        ip6(0, bytes([58, 0]) + bytes.fromhex('01020000') + echo, plen=0),
        ip6(6, tcp(c, s, 1, 1, ACK), plen=0),
        ip6(0, bytes([58, 0]) + bytes.fromhex('0704000000000000') + echo),
        ip6(0, bytes([58, 0]) + bytes.fromhex('3e04000000000000') + echo),
        ip6(0, bytes([59, 0]) + bytes.fromhex('1e0f000000000000') + b'abc'),
        ip6(0, bytes([58, 0]) + bytes.fromhex('0501000000000000') + echo),
        ip6(0, bytes([58, 0]) + bytes.fromhex('0000000000000000') + bytes([0x80, 7]) + echo[2:]),
    ]])
    # ICMPv6 Mobile IPv6: home agent address discovery request/reply, mobile prefix solicitation/advertisement
    def icmp6(t, body):
        return ETH6 + ip6(58, bytes([t, 0, 0, 0]) + body)
    pa = icmp6(147, bytes.fromhex('12348000') + bytes.fromhex('0304' + '40c0' + '00001000' + '00000800' + '00000000') + A6)
    pcap('core-edge-mip6.pcap', [full(icmp6(144, bytes.fromhex('00070000'))), full(icmp6(145, bytes.fromhex('00070000') + A6 + B6)),
                                 full(icmp6(146, bytes.fromhex('00090000'))), full(pa), (pa[:14 + 40 + 6], len(pa))])
    # Nanosecond fractions out of range (>= 10^9, and >= 2^31): relative and delta times wrap like tshark's
    t = ETH4 + ip4(17, udp(1, 2, b'tick'))
    pcap('core-edge-nanotime.pcap', [(t, len(t), (1418145369, 999999999)), (t, len(t), (1418145370, 1000000000)),
                                     (t, len(t), (1418145370, 2147483648)), (t, len(t), (1418145371, 4294967295)),
                                     (t, len(t), (1418145372, 5))], nano=True)
    for name in sorted(os.listdir(OUT)):
        if not (name.startswith('core-edge-') and name.endswith('.pcap')): continue
        p = os.path.join(OUT, name)
        for slug, args in (('summary', []), ('verbose', ['-V']), ('expert', ['-q', '-z', 'expert'])):
            try:
                out = subprocess.run(['tshark', '-n', '-r', p] + args, capture_output=True, check=False).stdout
            except FileNotFoundError:
                return
            with open(p[:-5] + '.' + slug + '.txt', 'wb') as f: f.write(out)
        if name == 'core-edge-nanotime.pcap':
            out = subprocess.run(['tshark', '-n', '-r', p, '-t', 'd'], capture_output=True, check=False).stdout
            with open(p[:-5] + '.delta.txt', 'wb') as f: f.write(out)

if __name__ == '__main__':
    main()
