#!/usr/bin/env python3
"""Builds the captures for test/stats (Ethernet/IPv4/IPv6, UDP flows, ICMP, ARP over ~70 s) and records
tshark 4.0.17's output for each statistic in test/stats/goldens. Deterministic: same bytes every run."""
import os, random, struct, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'test', 'stats')

def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff

def eth(dst, src, typ, payload):
    return dst + src + struct.pack('!H', typ) + payload

def ipv4(src, dst, proto, payload, ident):
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), ident, 0x4000, 64, proto, 0, src, dst)
    h = h[:10] + struct.pack('!H', csum(h)) + h[12:]
    return h + payload

def udp(sp, dp, payload):
    return struct.pack('!HHHH', sp, dp, 8 + len(payload), 0) + payload

def ipv6_udp(src, dst, sp, dp, payload):
    u = udp(sp, dp, payload)
    return struct.pack('!IHBB16s16s', 0x60000000, len(u), 17, 64, src, dst) + u

def icmp_echo(typ, ident, seq, data):
    h = struct.pack('!BBHHH', typ, 0, 0, ident, seq) + data
    return h[:2] + struct.pack('!H', csum(h)) + h[4:]

def arp(op, sha, spa, tha, tpa):
    return struct.pack('!HHBBH6s4s6s4s', 1, 0x0800, 6, 4, op, sha, spa, tha, tpa)

MAC = [bytes([0x02, 0, 0, 0, 0, i]) for i in range(1, 5)]
BCAST = b'\xff' * 6
IP = [bytes([10, 9, 0, i]) for i in range(1, 5)]
V6 = [bytes.fromhex('fd090000000000000000000000000001'), bytes.fromhex('fd090000000000000000000000000002')]

def build(path, seed, seconds):
    rnd = random.Random(seed)
    pkts = []
    t = 1_700_000_000.0
    ident = 1
    # ARP at the start
    pkts.append((t, eth(BCAST, MAC[0], 0x0806, arp(1, MAC[0], IP[0], b'\0' * 6, IP[1]))))
    t += 0.0003
    pkts.append((t, eth(MAC[0], MAC[1], 0x0806, arp(2, MAC[1], IP[1], MAC[0], IP[0]))))
    flows = [(0, 1, 40000 + i, 9000 + (i % 3)) for i in range(6)] + [(2, 3, 53000, 53), (0, 3, 5353, 5353)]
    end = t + seconds
    while t < end:
        t += rnd.expovariate(12.0)
        k = rnd.randrange(10)
        if k < 7:
            a, b, sp, dp = flows[rnd.randrange(len(flows))]
            if rnd.random() < 0.4: a, b, sp, dp = b, a, dp, sp
            size = rnd.choice([0, 12, 48, 200, 512, 1200, 1472])
            payload = bytes(rnd.randrange(256) for _ in range(size))
            pkts.append((t, eth(MAC[b], MAC[a], 0x0800, ipv4(IP[a], IP[b], 17, udp(sp, dp, payload), ident))))
        elif k < 9:
            seq = ident & 0xffff
            pkts.append((t, eth(MAC[1], MAC[0], 0x0800, ipv4(IP[0], IP[1], 1, icmp_echo(8, 7, seq, b'x' * 32), ident))))
            t += 0.0002
            pkts.append((t, eth(MAC[0], MAC[1], 0x0800, ipv4(IP[1], IP[0], 1, icmp_echo(0, 7, seq, b'x' * 32), ident + 1))))
        else:
            pkts.append((t, eth(MAC[1], MAC[0], 0x86dd, ipv6_udp(V6[0], V6[1], 7000, 7001, b'v6' * rnd.randrange(1, 60)))))
        ident += 2
    with open(path, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for ts, data in pkts:
            sec = int(ts); usec = int(round((ts - sec) * 1e6))
            if usec >= 1000000: sec += 1; usec -= 1000000
            f.write(struct.pack('<IIII', sec, usec, len(data), len(data)) + data)

# (slug, arguments after -r FILE)
COMMANDS = [
    ('io-stat-1', ['-q', '-z', 'io,stat,1']),
    ('io-stat-10', ['-q', '-z', 'io,stat,10']),
    ('io-stat-0', ['-q', '-z', 'io,stat,0']),
    ('io-stat-0.25', ['-q', '-z', 'io,stat,0.25']),
    ('io-stat-7-frames', ['-q', '-z', 'io,stat,7,FRAMES,BYTES']),
    ('io-stat-100', ['-q', '-z', 'io,stat,100']),
    ('conv-eth', ['-q', '-z', 'conv,eth']),
    ('conv-ip', ['-q', '-z', 'conv,ip']),
    ('conv-ipv6', ['-q', '-z', 'conv,ipv6']),
    ('conv-udp', ['-q', '-z', 'conv,udp']),
    ('endpoints-eth', ['-q', '-z', 'endpoints,eth']),
    ('endpoints-ip', ['-q', '-z', 'endpoints,ip']),
    ('endpoints-udp', ['-q', '-z', 'endpoints,udp']),
    ('ptype-tree', ['-q', '-z', 'ptype,tree']),
    ('plen-tree', ['-q', '-z', 'plen,tree']),
    ('ip-hosts-tree', ['-q', '-z', 'ip_hosts,tree']),
    ('ip-srcdst-tree', ['-q', '-z', 'ip_srcdst,tree']),
    ('dests-tree', ['-q', '-z', 'dests,tree']),
    ('several', ['-q', '-z', 'conv,udp', '-z', 'io,stat,30', '-z', 'ptype,tree']),
    ('follow-udp-ascii', ['-q', '-z', 'follow,udp,ascii,1']),
    ('follow-udp-hex', ['-q', '-z', 'follow,udp,hex,2']),
]

def main():
    fixtures = os.path.join(OUT, 'fixtures'); goldens = os.path.join(OUT, 'goldens')
    os.makedirs(fixtures, exist_ok=True); os.makedirs(goldens, exist_ok=True)
    caps = {'udp-70s.pcap': (7, 70), 'udp-short.pcap': (11, 3)}
    for name, (seed, secs) in caps.items():
        build(os.path.join(fixtures, name), seed, secs)
    if '--no-goldens' in sys.argv: return
    for name in caps:
        d = os.path.join(goldens, name); os.makedirs(d, exist_ok=True)
        for slug, args in COMMANDS:
            r = subprocess.run(['tshark', '-n', '-r', os.path.join(fixtures, name)] + args, capture_output=True)
            with open(os.path.join(d, slug + '.txt'), 'wb') as f: f.write(r.stdout)
    with open(os.path.join(goldens, 'commands.tsv'), 'w') as f:
        for slug, args in COMMANDS: f.write(slug + '\t' + '\x1f'.join(args) + '\n')

main()
