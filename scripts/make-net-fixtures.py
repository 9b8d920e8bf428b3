#!/usr/bin/env python3
"""Builds the small link/network-layer captures under test/net/fixtures/ and, when tshark is installed,
their goldens (tshark -n -r FILE). Run from the repo root: python3 scripts/make-net-fixtures.py"""
import os, struct, subprocess

OUT = 'test/net/fixtures'
MAC1, MAC2, BC = '020000000001', '020000000002', 'ffffffffffff'

def pcap(name, linktype, frames):
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, linktype))
        for i, h in enumerate(frames):
            d = bytes.fromhex(h.replace(' ', ''))
            f.write(struct.pack('<IIII', 1700000000 + i, 1000 * i, len(d), len(d)))
            f.write(d)

def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff

def ip4(src, dst, proto, payload, ident=1, flags_off=0, ttl=64):
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), ident, flags_off, ttl, proto, 0, bytes(src), bytes(dst))
    h = h[:10] + struct.pack('!H', csum(h)) + h[12:]
    return h + payload

def icmp(t, code, rest, data=b''):
    m = struct.pack('!BBH', t, code, 0) + rest + data
    return m[:2] + struct.pack('!H', csum(m)) + m[4:]

def ip6(src, dst, nxt, payload, hlim=64):
    return struct.pack('!IHBB', 0x60000000, len(payload), nxt, hlim) + src + dst + payload

def icmp6(src, dst, t, code, body):
    m = struct.pack('!BBH', t, code, 0) + body
    ph = src + dst + struct.pack('!IxxxB', len(m), 58)
    return m[:2] + struct.pack('!H', csum(ph + m)) + m[4:]

A, B, C = [10, 0, 0, 1], [10, 0, 0, 2], [10, 0, 0, 3]
S6 = bytes.fromhex('fe800000000000000000000000000001'); D6 = bytes.fromhex('fe800000000000000000000000000002')
MC6 = bytes.fromhex('ff0200000000000000000001ff000002')

def eth(dst, src, etype, payload): return dst + src + '%04x' % etype + payload.hex()

def main():
    os.makedirs(OUT, exist_ok=True)
    echo_req = ip4(A, B, 1, icmp(8, 0, struct.pack('!HH', 0x1234, 1), bytes(range(32))))
    echo_rep = ip4(B, A, 1, icmp(0, 0, struct.pack('!HH', 0x1234, 1), bytes(range(32))))
    inner = ip4(B, C, 17, struct.pack('!HHHH', 5353, 53, 8, 0))
    unreach = ip4(A, B, 1, icmp(3, 3, b'\0\0\0\0', inner))
    ttlx = ip4(A, B, 1, icmp(11, 0, b'\0\0\0\0', inner))
    arp_req = '0001080006040001' + MAC1 + '0a000001' + '000000000000' + '0a000002'
    arp_rep = '0001080006040002' + MAC2 + '0a000002' + MAC1 + '0a000001'
    arp_dup = '0001080006040001' + '020000000009' + '0a000001' + '000000000000' + '0a000002'
    big = bytes(3000)
    udp = struct.pack('!HHHH', 4000, 9000, 8 + len(big), 0) + big
    frag1 = ip4(A, B, 17, udp[:1480], ident=7, flags_off=0x2000)
    frag2 = ip4(A, B, 17, udp[1480:2960], ident=7, flags_off=0x2000 | 185)
    frag3 = ip4(A, B, 17, udp[2960:], ident=7, flags_off=370)
    pcap('eth-icmp-arp.pcap', 1, [
        eth(MAC2, MAC1, 0x0800, echo_req), eth(MAC1, MAC2, 0x0800, echo_rep),
        eth(MAC2, MAC1, 0x0800, unreach), eth(MAC2, MAC1, 0x0800, ttlx),
        eth(BC, MAC1, 0x0806, bytes.fromhex(arp_req)) + '00' * 18,
        eth(MAC1, MAC2, 0x0806, bytes.fromhex(arp_rep)) + '00' * 18 + 'deadbeef',
        eth(BC, '020000000009', 0x0806, bytes.fromhex(arp_dup)) + '0011' * 9,
        eth(MAC2, MAC1, 0x0800, frag1), eth(MAC2, MAC1, 0x0800, frag2), eth(MAC2, MAC1, 0x0800, frag3),
        eth(MAC2, MAC1, 0x9999, b'\1\2\3'),
        BC + MAC1 + '0010' + 'aaaa030000000800' + '4500',
    ])
    vlan = lambda tci, etype, payload: '%04x%04x' % (tci, etype) + payload
    pcap('vlan-qinq.pcap', 1, [
        BC + MAC1 + '8100' + vlan(0x200a, 0x0806, bytes.fromhex(arp_req).hex()),
        MAC2 + MAC1 + '88a8' + vlan(100, 0x8100, bytes.fromhex(vlan(42, 0x0800, echo_req.hex())).hex()),
        MAC2 + MAC1 + '9100' + vlan(0xe00a, 0x0800, echo_req.hex()),
    ])
    ns = icmp6(S6, MC6, 135, 0, b'\0' * 4 + D6 + bytes.fromhex('0101' + MAC1))
    na = icmp6(D6, S6, 136, 0, bytes.fromhex('60000000') + D6 + bytes.fromhex('0201' + MAC2))
    e6q = icmp6(S6, D6, 128, 0, struct.pack('!HH', 0x77, 5) + b'abcdefgh')
    e6r = icmp6(D6, S6, 129, 0, struct.pack('!HH', 0x77, 5) + b'abcdefgh')
    rs = icmp6(S6, bytes.fromhex('ff020000000000000000000000000002'), 133, 0, b'\0' * 4 + bytes.fromhex('0101' + MAC1))
    hop = bytes.fromhex('3a00050200000100')
    mld = icmp6(S6, bytes.fromhex('ff020000000000000000000000000016'), 143, 0, bytes.fromhex('00000001') + bytes.fromhex('04000000') + MC6)
    fragh = bytes.fromhex('3a000001aabbccdd')
    pcap('ipv6-nd.pcap', 1, [
        eth('3333ff000002', MAC1, 0x86dd, ip6(S6, MC6, 58, ns, 255)),
        eth(MAC1, MAC2, 0x86dd, ip6(D6, S6, 58, na, 255)),
        eth(MAC2, MAC1, 0x86dd, ip6(S6, D6, 58, e6q)), eth(MAC1, MAC2, 0x86dd, ip6(D6, S6, 58, e6r)),
        eth('333300000002', MAC1, 0x86dd, ip6(S6, bytes.fromhex('ff020000000000000000000000000002'), 58, rs, 255)),
        eth('333300000016', MAC1, 0x86dd, ip6(S6, bytes.fromhex('ff020000000000000000000000000016'), 0, hop + mld, 1)),
        eth(MAC2, MAC1, 0x86dd, ip6(S6, D6, 44, fragh + e6q)),
    ])
    sll = lambda pt, etype, payload: '%04x00010006' % pt + MAC1 + '0000' + '%04x' % etype + payload.hex()
    pcap('sll.pcap', 113, [sll(4, 0x0800, echo_req), sll(0, 0x0800, echo_rep), sll(1, 0x0806, bytes.fromhex(arp_req))])
    sll2 = lambda pt, etype, payload: '%04x0000000000070001%02x06' % (etype, pt) + MAC1 + '0000' + payload.hex()
    pcap('sll2.pcap', 276, [sll2(4, 0x0800, echo_req), sll2(0, 0x86dd, ip6(D6, S6, 58, e6r))])
    pcap('null.pcap', 0, ['02000000' + echo_req.hex(), '1e000000' + ip6(S6, D6, 58, e6q).hex(), '63000000' + '0102'])
    pcap('loop.pcap', 108, ['00000002' + echo_req.hex()])
    pcap('raw.pcap', 101, [echo_req.hex(), ip6(S6, D6, 58, e6q).hex(), '70000000000000000000', '4500'])
    pcap('raw4-raw6.pcap', 228, [echo_req.hex(), unreach.hex()])
    pcap('raw6.pcap', 229, [ip6(S6, D6, 58, e6q).hex(), ip6(D6, S6, 58, e6r).hex()])
    gre = bytes.fromhex('20000800') + bytes(4) + echo_req
    vx = struct.pack('!HHHH', 40000, 4789, 8 + 8 + 14 + len(echo_req), 0) + bytes.fromhex('0800000000006400') + bytes.fromhex(MAC2 + MAC1 + '0800') + echo_req
    pcap('tunnels.pcap', 101, [ip4(A, B, 47, gre).hex(), ip4(A, B, 4, echo_req).hex(), ip4(A, B, 17, vx).hex(),
                               ip4(A, B, 41, ip6(S6, D6, 58, e6q)).hex()])
    # ARP variants: announcement, gratuitous, probe, RARP/DRARP/InARP, NAK, unknown opcode, non-Ethernet hardware
    A1, A2, Z = '0a000001', '0a000002', '000000000000'
    arp = lambda op, sha, spa, tha, tpa, hw='0001': BC + MAC1 + '0806' + hw + '0800060400' + op + sha + spa + tha + tpa
    pcap('arp-variants.pcap', 1, [
        arp('01', MAC1, A1, Z, A1), arp('01', MAC1, A1, BC, A1), arp('01', MAC1, '00000000', Z, A2),
        arp('02', MAC1, A1, Z, A1), arp('05', MAC1, A1, MAC2, A2), arp('06', MAC1, A1, MAC2, A2),
        arp('08', MAC1, A1, MAC2, A2), arp('09', MAC1, A1, MAC2, A2), arp('0a', MAC1, A1, MAC2, A2),
        arp('03', MAC1, A1, MAC2, A2), arp('04', MAC1, A1, MAC2, A2), arp('77', MAC1, A1, MAC2, A2),
        arp('01', MAC1, A1, Z, A2, hw='0025'), arp('01', MAC1, '00000000', BC, A2),
    ])
    # IPv4 options: router alert, NOPs, record route, loose source route (changes the destination), time stamp
    def ipo(opts, dst=B):
        o = bytes.fromhex(opts)
        pay = icmp(8, 0, struct.pack('!HH', 1, 1))
        h = struct.pack('!BBHHHBBH4s4s', 0x40 | ((20 + len(o)) // 4), 0, 20 + len(o) + len(pay), 1, 0, 1, 1, 0, bytes(A), bytes(dst)) + o
        return h + pay
    pcap('ip-options.pcap', 228, [ipo('94040000').hex(), ipo('01010100').hex(), ipo('070b040a0000030000000000').hex(),
        ipo('8307040a00000300').hex(), ipo('440c05000000000100000000').hex(),
        ipo('00000000').hex(), ipo('f5130000').hex()])
    # IPv6 extension headers and bad cases
    S6b, D6b = bytes.fromhex('20010db8000000000000000000000001'), bytes.fromhex('20010db8000000000000000000000002')
    pcap('ipv6-ext.pcap', 229, [x.hex() for x in [
        ip6(S6b, D6b, 0, bytes.fromhex('3a00050200000100') + e6q),
        ip6(S6b, D6b, 44, bytes.fromhex('3a0000f9aabbccdd') + e6q),
        ip6(S6b, D6b, 43, bytes.fromhex('3a02000100000000') + bytes.fromhex('20010db8000000000000000000000003') + e6q),
        ip6(S6b, D6b, 60, bytes.fromhex('3b00010400000000')),
        ip6(S6b, D6b, 64, b'xyz'),
        b'\x50' + ip6(S6b, D6b, 58, e6q)[1:],
    ]])
    for name in sorted(os.listdir(OUT)):
        if not name.endswith('.pcap'): continue
        p = os.path.join(OUT, name)
        for slug, args in (('summary', []), ('verbose', ['-V']), ('expert', ['-q', '-z', 'expert'])):
            try:
                out = subprocess.run(['tshark', '-n', '-r', p] + args, capture_output=True, check=False).stdout
            except FileNotFoundError:
                return
            with open(p[:-5] + '.' + slug + '.txt', 'wb') as f: f.write(out)

if __name__ == '__main__':
    main()
