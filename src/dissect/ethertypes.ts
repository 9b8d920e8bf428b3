// Ethertype names (etype_vals), as tshark prints them in "Type: IPv4 (0x0800)".
export const ETHERTYPES: ReadonlyMap<number, string> = new Map([
  [0x0800, 'IPv4'], [0x0806, 'ARP'], [0x0842, 'Wake on LAN'], [0x22f0, 'IEEE 1722 Audio Video Bridging Transport Protocol'],
  [0x22f3, 'TRILL'], [0x6000, 'DEC Proto'], [0x6003, 'DEC DNA'], [0x6004, 'DEC LAT'], [0x8035, 'RARP'],
  [0x809b, 'AppleTalk LLAP bridging'], [0x80f3, 'AARP'], [0x8100, '802.1Q Virtual LAN'], [0x8137, 'Netware IPX/SPX'],
  [0x814c, 'SNMP'], [0x86dd, 'IPv6'], [0x8808, 'MAC Control'], [0x8809, 'Slow Protocols'], [0x880b, 'PPP'],
  [0x8819, 'CobraNet'], [0x8847, 'MPLS label switched packet'], [0x8848, 'MPLS multicast label switched packet'],
  [0x8863, 'PPPoE Discovery'], [0x8864, 'PPPoE Session'], [0x886f, 'Microsoft NLB'], [0x888e, '802.1X Authentication'],
  [0x8892, 'PROFINET'], [0x889a, 'HyperSCSI'], [0x88a2, 'ATA over Ethernet'], [0x88a4, 'EtherCAT frame'],
  [0x88a8, '802.1ad Provider Bridge (Q-in-Q)'], [0x88ab, 'Ethernet Powerlink v2'], [0x88b5, 'Local Experimental Ethertype 1'],
  [0x88b6, 'Local Experimental Ethertype 2'], [0x88cc, '802.1 Link Layer Discovery Protocol (LLDP)'], [0x88cd, 'SERCOS III'],
  [0x88e1, 'HomePlug AV MME'], [0x88e3, 'Media Redundancy Protocol (IEC62439-2)'], [0x88e5, '802.1AE (MACsec)'],
  [0x88e7, '802.1ah Provider Backbone Bridge (mac-in-mac)'], [0x88f7, 'PTPv2 over Ethernet (IEEE1588)'],
  [0x88fb, 'Parallel Redundancy Protocol (PRP) and HSR Supervision (IEC62439 Part 3)'], [0x8902, 'IEEE 802.1ag Connectivity Fault Management (CFM) Protocol'],
  [0x8906, 'Fibre Channel over Ethernet'], [0x8914, 'FCoE Initialization Protocol'], [0x8915, 'RDMA over Converged Ethernet (RoCE)'],
  [0x892f, 'High-availability Seamless Redundancy (IEC62439 Part 3)'], [0x9000, 'Configuration Test Protocol (loopback)'],
  [0x9100, 'VLAN tagged frame'], [0xcafe, 'Veritas Low Latency Transport (LLT)'], [0x894f, 'Network Service Header'],
]);
