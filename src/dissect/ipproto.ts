// IP protocol numbers and names (ipproto_val), as "Protocol: TCP (6)" prints them.
export const IP_PROTOS: ReadonlyMap<number, string> = new Map([
  [0, 'IPv6 Hop-by-Hop Option'], [1, 'ICMP'], [2, 'IGMP'], [3, 'GGP'], [4, 'IPIP'], [5, 'Stream'], [6, 'TCP'], [7, 'CBT'],
  [8, 'EGP'], [9, 'IGRP'], [12, 'PUP'], [17, 'UDP'], [22, 'IDP'], [27, 'RDP'], [29, 'TP++'], [33, 'DCCP'],
  [41, 'IPv6'], [43, 'Routing Header for IPv6'], [44, 'Fragment Header for IPv6'], [45, 'IDRP'], [46, 'RSVP'],
  [47, 'Generic Routing Encapsulation'], [50, 'Encap Security Payload'], [51, 'Authentication Header'],
  [55, 'MOBILE'], [58, 'ICMPv6'], [59, 'IPv6 No Next Header'], [60, 'Destination Options for IPv6'],
  [80, 'ISO-IP'], [83, 'VINES'], [88, 'EIGRP'], [89, 'OSPF IGP'], [94, 'IPIP'], [97, 'ETHERIP'], [98, 'ENCAP'],
  [103, 'PIM'], [108, 'IPComp'], [112, 'Virtual Router Redundancy Protocol'], [115, 'Layer 2 Tunneling Protocol'],
  [124, 'ISIS over IPv4'], [132, 'SCTP'], [135, 'Mobility Header'], [136, 'UDPLite'], [137, 'MPLS-in-IP'],
  [139, 'HIP'], [140, 'Shim6'], [142, 'ROHC'], [255, 'Reserved'],
]);
export function ipProtoName(p: number): string { return IP_PROTOS.get(p) ?? 'Unknown'; }
