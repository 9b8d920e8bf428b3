#!/usr/bin/env node
// Writes test/fuzz/fixtures/tunnels.pcap: packets for the dissectors the other fixtures do not reach (ERSPAN I/II
// over GRE, MACsec, MPLS label stacks with IPv4/IPv6 inside), so the fuzz harness mutates their headers too.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eth, ipv4, udp, writePcap, name, u16 } from './pcapgen.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dns = Buffer.concat([Buffer.from('abcd01000001000000000000', 'hex'), name('tunnel.example'), u16(1), u16(1)]);
const inner = eth(ipv4('192.168.1.1', '192.168.1.2', 17, udp(5353, 53, dns)));
const ethType = (type, payload) => Buffer.concat([Buffer.from('020000000002020000000001', 'hex'), u16(type), payload]);
const gre = (flags, proto, extra, payload) => Buffer.concat([u16(flags), u16(proto), extra, payload]);
const erspan2 = Buffer.concat([Buffer.from([0x10, 0x64, 0x00, 0x01]), Buffer.from([0x00, 0x00, 0x00, 0x05])]); // ver 1, vlan 100, session 1, index 5
const icmp = Buffer.from('0800f7ff00010001', 'hex');
const ipv6 = (nh, payload) => Buffer.concat([Buffer.from([0x60, 0, 0, 0]), u16(payload.length), Buffer.from([nh, 64]), Buffer.from('20010db8000000000000000000000001', 'hex'), Buffer.from('20010db8000000000000000000000002', 'hex'), payload]);
const mpls = (label, exp, s, ttl) => { const v = (label << 12) | (exp << 9) | (s << 8) | ttl; return Buffer.from([v >>> 24 & 255, v >>> 16 & 255, v >>> 8 & 255, v & 255]); };
const frames = [
  eth(ipv4('10.0.0.1', '10.0.0.2', 47, gre(0x1000, 0x88be, Buffer.from([0, 0, 0, 7]), Buffer.concat([erspan2, inner])))),
  eth(ipv4('10.0.0.1', '10.0.0.2', 47, gre(0x0000, 0x88be, Buffer.alloc(0), inner))),
  ethType(0x88e5, Buffer.concat([Buffer.from([0x2c, 0x00]), Buffer.from([0, 0, 0, 1]), Buffer.from('0200000000010001', 'hex'), Buffer.alloc(40, 0x5a), Buffer.alloc(16, 0xee)])),
  ethType(0x88e5, Buffer.concat([Buffer.from([0x0c, 0x30]), Buffer.from([0, 0, 0, 2]), ipv4('10.0.0.1', '10.0.0.2', 1, icmp), Buffer.alloc(16, 0xee)])),
  ethType(0x8847, Buffer.concat([mpls(100, 0, 0, 64), mpls(200, 5, 1, 63), ipv4('10.1.0.1', '10.1.0.2', 1, icmp)])),
  ethType(0x8847, Buffer.concat([mpls(16, 0, 1, 64), ipv6(17, udp(1000, 53, dns))])),
  ethType(0x8847, Buffer.concat([mpls(3, 0, 1, 1), Buffer.from([0x00, 0x00, 0x00, 0x00]), inner])),
];
writePcap(path.join(root, 'test/fuzz/fixtures/tunnels.pcap'), frames.map((data, i) => ({ t: i * 0.5, data })));
