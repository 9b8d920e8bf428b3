// Names of link types as Wireshark's encapsulation table prints them ("Encapsulation type: Ethernet (1)").

const NAMES = new Map<number, string>([
  [0, 'NULL/Loopback'], [1, 'Ethernet'], [12, 'Raw IP'], [14, 'Raw IP'], [101, 'Raw IP'], [108, 'OpenBSD loopback'],
  [113, 'Linux cooked-mode capture v1'], [228, 'Raw IPv4'], [229, 'Raw IPv6'], [276, 'Linux cooked-mode capture v2'],
]);

export function linktypeName(lt: number): string { return NAMES.get(lt) ?? `Unknown (${lt})`; }
