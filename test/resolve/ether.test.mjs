// MAC name resolution against what tshark 4.0.17 printed for eth.dst_resolved on the same addresses
// (exact well-known names, masked ranges with their suffix rules, 24-bit OUIs, 28/36-bit blocks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { etherName } from '../../dist/resolve/ether.js';

const TSHARK = {
  '333300000016': 'IPv6mcast_16', '3333ff010203': 'IPv6mcast_ff:01:02:03', '333312345678': 'IPv6mcast_12:34:56:78',
  '01005e0000fb': 'IPv4mcast_fb', '01005e7f0102': 'IPv4mcast_7f:01:02', '0180c2000000': 'Spanning-tree-(for-bridges)_00',
  '0180c200000e': 'LLDP_Multicast', '000c29abcdef': 'VMware_ab:cd:ef', '001b21123456': 'IntelCor_12:34:56',
  'ffffffffffff': 'Broadcast', '00000c07ac05': 'All-HSRP-routers_05', '0000000000fe': '00:00:00_00:00:fe',
  '01000ccccccc': 'CDP/VTP/DTP/PAgP/UDLD', '0050c2123456': 'SeranoaN_04:56', '70b3d5fff123': 'Private_01:23',
  '00005e000105': 'IETF-VRRP-VRID_05',
};
const haveData = fs.existsSync(process.env.WIRESHARK_DATA_DIR ?? '/usr/share/wireshark/manuf');

test('MAC names as tshark resolves them', { skip: haveData ? false : 'no Wireshark manuf/wka data files on this machine' }, () => {
  for (const [hex, name] of Object.entries(TSHARK)) assert.equal(etherName(Buffer.from(hex, 'hex')), name, hex);
});

test('Broadcast is known without data files; unknown addresses stay numeric', () => {
  assert.equal(etherName(Buffer.from('ffffffffffff', 'hex')), 'Broadcast');
  assert.match(etherName(Buffer.from('020000000001', 'hex')), /^02:00:00:00:00:01$/);
});
