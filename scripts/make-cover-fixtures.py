#!/usr/bin/env python3
"""Builds the captures under test/cover/fixtures/ (BGP sessions, Geneve tunnels, cut and odd headers: the
protocols and malformations met in tcpdump's regression captures) and, when tshark is installed, their goldens.
Run from the repo root: python3 scripts/make-cover-fixtures.py"""
import os, struct, subprocess

OUT = 'test/cover/fixtures'
MAC1, MAC2 = bytes.fromhex('020000000001'), bytes.fromhex('020000000002')
A, B, C, D = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]), bytes([192, 168, 7, 1]), bytes([192, 168, 7, 2])

# slug -> tshark arguments after -r FILE
SLUGS = {
    'summary': ['-n'],
    'verbose': ['-n', '-V'],
    'fields': ['-n', '-T', 'fields', '-e', 'frame.number', '-e', 'frame.time_epoch', '-e', 'frame.len', '-e', 'ip.src', '-e', 'ip.dst',
               '-e', 'ipv6.src', '-e', 'ipv6.dst', '-e', 'tcp.srcport', '-e', 'tcp.dstport', '-e', 'udp.srcport', '-e', 'udp.dstport',
               '-e', 'bgp.type', '-e', 'geneve.vni'],
    'phs': ['-n', '-q', '-z', 'io,phs'],
    'conv-udp': ['-n', '-q', '-z', 'conv,udp'],
    'conv-ip': ['-n', '-q', '-z', 'conv,ip'],
}

def pcap(name, frames, linktype=1):
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, linktype))
        for i, d in enumerate(frames):
            f.write(struct.pack('<IIII', 1700000000 + i, 1000 * i, len(d), len(d)))
            f.write(d)

def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff

def ip4(src, dst, proto, payload, ident=1, flags_off=0x4000, ttl=64, total=None):
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, total if total is not None else 20 + len(payload), ident, flags_off, ttl, proto, 0, src, dst)
    h = h[:10] + struct.pack('!H', csum(h)) + h[12:]
    return h + payload

def ip6(src, dst, nxt, payload, hlim=64):
    return struct.pack('!IHBB', 0x60000000, len(payload), nxt, hlim) + src + dst + payload

def eth(payload, etype=0x0800, dst=MAC2, src=MAC1):
    return dst + src + struct.pack('!H', etype) + payload

def udp(sport, dport, payload, length=None):
    return struct.pack('!HHHH', sport, dport, length if length is not None else 8 + len(payload), 0) + payload

def tcp(sport, dport, seq, ack, flags, payload=b'', win=65535):
    return struct.pack('!HHIIBBHHH', sport, dport, seq, ack, 5 << 4, flags, win, 0, 0) + payload

def bgp(mtype, body=b''):
    return b'\xff' * 16 + struct.pack('!HB', 19 + len(body), mtype) + body

def bgp_session():
    opn = bgp(1, struct.pack('!BHH4sB', 4, 65001, 180, A, 8) + bytes.fromhex('0206010400010001'))
    keep = bgp(4)
    attrs = (bytes.fromhex('400101') + b'\x00'                        # ORIGIN IGP
             + bytes.fromhex('40020a') + bytes.fromhex('0202') + struct.pack('!II', 65001, 65002)  # AS_PATH (4-byte)
             + bytes.fromhex('400304') + A                           # NEXT_HOP
             + bytes.fromhex('800404') + struct.pack('!I', 100)      # MED
             + bytes.fromhex('400504') + struct.pack('!I', 200))     # LOCAL_PREF
    nlri = bytes([24, 192, 168, 50]) + bytes([16, 172, 16])
    withdrawn = bytes([24, 10, 9, 8])
    upd = bgp(2, struct.pack('!H', len(withdrawn)) + withdrawn + struct.pack('!H', len(attrs)) + attrs + nlri)
    rr = bgp(5, struct.pack('!HBB', 1, 0, 1))
    notif = bgp(3, bytes([6, 2]) + b'bye')
    cseq, sseq = 1000, 5000
    out = []
    def c2s(flags, data=b''):
        nonlocal cseq
        out.append(eth(ip4(A, B, 6, tcp(40000, 179, cseq, sseq, flags, data))))
        cseq += len(data) + (1 if flags & 0x02 else 0)
    def s2c(flags, data=b''):
        nonlocal sseq
        out.append(eth(ip4(B, A, 6, tcp(179, 40000, sseq, cseq, flags, data)), src=MAC2, dst=MAC1))
        sseq += len(data) + (1 if flags & 0x02 else 0)
    c2s(0x02); s2c(0x12); c2s(0x10)
    c2s(0x18, opn); s2c(0x18, opn.replace(A, B, 1)); c2s(0x18, keep); s2c(0x18, keep + upd)
    c2s(0x18, upd[:30]); c2s(0x18, upd[30:])          # one message over two segments
    s2c(0x18, rr + rr); c2s(0x18, b'\x00' * 24)       # two in one; no marker at all
    s2c(0x18, notif)
    return out

def geneve(vni, ptype, payload, options=b'', flags=0):
    return struct.pack('!BBHI', len(options) // 4, flags, ptype, vni << 8) + options + payload

def icmp_echo(t, ident, seq):
    m = struct.pack('!BBHHH', t, 0, 0, ident, seq) + bytes(range(16))
    return m[:2] + struct.pack('!H', csum(m)) + m[4:]

def main():
    os.makedirs(OUT, exist_ok=True)
    pcap('bgp.pcap', bgp_session())
    inner_eth = eth(ip4(C, D, 1, icmp_echo(8, 7, 1)), dst=bytes.fromhex('02000000000b'), src=bytes.fromhex('02000000000a'))
    inner_eth_r = eth(ip4(D, C, 1, icmp_echo(0, 7, 1)), dst=bytes.fromhex('02000000000a'), src=bytes.fromhex('02000000000b'))
    opt_unknown = struct.pack('!HBB', 0x0000, 0x80, 1) + b'\0\0\0\x0c'
    opt_gcp = struct.pack('!HBB', 0x0132, 0x01, 1) + struct.pack('!I', (12345 << 4) | 1)
    pcap('geneve.pcap', [
        eth(ip4(A, B, 17, udp(50000, 6081, geneve(10, 0x6558, inner_eth, opt_unknown)))),
        eth(ip4(B, A, 17, udp(50001, 6081, geneve(10, 0x6558, inner_eth_r))), src=MAC2, dst=MAC1),
        eth(ip4(A, B, 17, udp(50002, 6081, geneve(0, 0x0800, ip4(C, D, 17, udp(1234, 5678, b'hello')), opt_gcp)))),
        eth(ip4(A, B, 17, udp(50003, 6081, geneve(3, 0x0800, b'', b'', 0x80) ))),
    ])
    full4 = ip4(A, B, 17, udp(1, 2, b'x' * 8))
    gre_routing = struct.pack('!HHHH', 0xc000, 0x0800, 0, 0) + struct.pack('!HBB', 0x0800, 0, 4) + A + struct.pack('!HBB', 0, 0, 0) + full4
    rarp = bytes.fromhex('ff008b0100000004') + b'\0' * 20
    pcap('odd-headers.pcap', [
        eth(full4[:17]),                                                   # IPv4 header cut inside the destination
        eth(ip6(bytes(16)[:15] + b'\1', bytes(15) + b'\2', 17, udp(1, 2, b''))[:39]),  # IPv6 header of 39 bytes
        eth(ip4(A, B, 47, gre_routing)),                                   # GRE with a routing entry
        eth(ip4(A, B, 47, struct.pack('!HH', 0, 0x3030) + b'abc')),        # GRE, unknown protocol type
        eth(ip4(A, B, 17, udp(3333, 4444, b"abcd", length=4))),                  # UDP length below 8
        eth(ip4(A, B, 17, udp(3333, 4444, b"abcd"), flags_off=0x2000, total=200)),  # first fragment, total length past the frame
        eth(rarp, etype=0x8035),                                           # RARP with zero-length addresses
    ])
    ntp_client = bytes([0x23, 0, 6, 0xec]) + b'\0' * 36 + struct.pack('!II', 0xe9a4b2c1, 0x80000000)
    ntp_server = (bytes([0x24, 2, 6, 0xe9]) + struct.pack('!II', 0x00000120, 0x00000a3d) + bytes([192, 168, 7, 1])
                  + struct.pack('!II', 0xe9a4b000, 0) + struct.pack('!II', 0xe9a4b2c1, 0x80000000)
                  + struct.pack('!II', 0xe9a4b2c1, 0x90000000) + struct.pack('!II', 0xe9a4b2c1, 0x90001000))
    ntp_ctrl = bytes([0x16, 0x02]) + struct.pack('!HHHHH', 1, 0, 0, 0, 0)
    ntp_priv = bytes([0x17, 0x00, 3, 28]) + struct.pack('!HH', 0, 0)
    pcap('ntp.pcap', [
        eth(ip4(A, B, 17, udp(40123, 123, ntp_client))), eth(ip4(B, A, 17, udp(123, 40123, ntp_server)), src=MAC2, dst=MAC1),
        eth(ip4(A, B, 17, udp(40124, 123, ntp_ctrl))), eth(ip4(A, B, 17, udp(40125, 123, ntp_priv))),
    ])
    icmp_pkt = ip4(A, B, 1, icmp_echo(8, 3, 1))
    pcap('arista.pcap', [
        eth(struct.pack('!HHII', 1, 0x0010, 1559162199, 944724424) + struct.pack('!H', 0x0800) + icmp_pkt, etype=0xd28b),
        eth(struct.pack('!HHHI', 1, 0x0120, 60821, 404038772) + struct.pack('!HH', 0x8100, 100) + struct.pack('!H', 0x0800) + icmp_pkt, etype=0xd28b),
        eth(struct.pack('!HHII', 1, 0x0011, 0, 0) + struct.pack('!H', 0x0800) + icmp_pkt, etype=0xd28b),
    ])
    inner_udp = ip4(C, D, 17, udp(10000, 20000, b'data'))
    nsh_md1 = struct.pack('!HBB', 0x0006, 1, 1) + struct.pack('!I', (777 << 8) | 7) + struct.pack('!IIII', 1, 2, 3, 4)
    nsh_md2 = struct.pack('!HBB', 0x3004, 2, 1) + struct.pack('!I', (0xffffff << 8) | 0xff) + struct.pack('!HBB', 1, 2, 1) + b'\x0c\0\0\0'
    pcap('nsh-gpe.pcap', [
        eth(nsh_md1 + inner_udp, etype=0x894f),
        eth(ip4(A, B, 17, udp(4790, 4790, struct.pack('!BHBI', 0x0c, 0, 4, (0xffffff << 8)) + nsh_md2 + inner_udp))),
    ])
    # the pcap link-type field with FCS bits set (wiretap keeps the low 16 bits)
    pcap('linktype-fcs-bits.pcap', [eth(ip4(A, B, 1, icmp_echo(8, 1, 1)))], linktype=0x30000001)
    if subprocess.run(['which', 'tshark'], capture_output=True).returncode != 0:
        print('tshark not installed: goldens not made'); return
    for f in sorted(os.listdir(OUT)):
        if not f.endswith('.pcap'): continue
        p = os.path.join(OUT, f)
        for slug, args in SLUGS.items():
            out = subprocess.run(['tshark', '-r', p] + args, capture_output=True, check=False, env={**os.environ, 'TZ': 'UTC'}).stdout
            with open(p[:-5] + '.' + slug + '.txt', 'wb') as g: g.write(out)

if __name__ == '__main__':
    main()
