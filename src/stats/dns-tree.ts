// dns,tree (packet-dns.c of tshark 4.0): totals by rcode, opcode, query/response, type and class,
// payload size, query name statistics, response counts and service (response time) statistics.
// Reads the 'dns' tap event (src/dissect/dns.ts DnsTap); value names come from the dns fields.
import { fieldByName } from '../fields/registry.js';
import { registerTree, type StatNode } from './stats-tree.js';

/** The part of DnsTap the tree reads. */
export interface DnsTapView {
  qr: number; opcode: number; rcode: number; qtype: number; qclass: number; payloadSize: number;
  qnameLen: number; qnameLabels: number; nquestions: number; nanswers: number; nauthorities: number; nadditionals: number;
  unsolicited: boolean; retransmission: boolean; rrt: number;
}

function names(field: string, v: number, unknown: string): string {
  return fieldByName(field)?.strings?.get(v) ?? `${unknown} (${v})`;
}


registerTree({
  abbr: 'dns', name: 'DNS', title: 'DNS', taps: ['dns'],
  init(st) {
    const n = st.refs;
    const tp = n.packets = st.node('Total Packets');
    n.qr = st.node('Query/Response', tp);
    n.qtypes = st.node('Query Type', tp);
    n.classes = st.node('Class', tp);
    n.rcodes = st.node('rcode', tp);
    n.opcodes = st.node('opcodes', tp);
    n.size = st.node('Payload size');
    n.size.hasValues = true;
    const q = n.query = st.node('Query Stats');
    n.qnameLen = st.node('Qname Len', q); n.qnameLen.hasValues = true;
    const ls = n.labels = st.node('Label Stats', q);
    n.l4 = st.node('4th Level or more', ls); n.l3 = st.node('3rd Level', ls);
    n.l2 = st.node('2nd Level', ls); n.l1 = st.node('1st Level', ls);
    const r = n.response = st.node('Response Stats');
    for (const k of ['no. of questions', 'no. of authorities', 'no. of answers', 'no. of additionals']) { n[k] = st.node(k, r); n[k]!.hasValues = true; }
    const s = n.service = st.node('Service Stats');
    n.rrt = st.node('request-response time (msec)', s); n.rrt.hasValues = true; n.rrt.isFloat = true;
    n.unsolicited = st.node('no. of unsolicited responses', s);
    n.retrans = st.node('no. of retransmissions', s);
  },
  packet(st, _pkt, _t, data) {
    const d = data as DnsTapView;
    const n = st.refs;
    st.tick('Total Packets');
    const pivot = (node: StatNode, name: string): void => { node.counter++; node.burst(st.now, 1); st.tick(name, node); };
    pivot(n.qr!, d.qr === 0 ? 'Query' : d.qr === 1 ? 'Response' : `Unknown qr (${d.qr})`);
    pivot(n.qtypes!, names('dns.qry.type', d.qtype, 'Unknown packet type'));
    pivot(n.classes!, names('dns.qry.class', d.qclass, 'Unknown class'));
    pivot(n.rcodes!, names('dns.flags.rcode', d.rcode, 'Unknown rcode'));
    pivot(n.opcodes!, names('dns.flags.opcode', d.opcode, 'Unknown opcode'));
    st.value('Payload size', st.root, d.payloadSize);
    if (d.qr === 0) {
      st.value('Qname Len', n.query!, d.qnameLen);
      const lv = d.qnameLabels === 1 ? '1st Level' : d.qnameLabels === 2 ? '2nd Level' : d.qnameLabels === 3 ? '3rd Level' : '4th Level or more';
      st.tick(lv, n.labels!);
    } else {
      // tshark 4.0 records each response's section counts twice (its counts are twice the responses)
      for (let k = 0; k < 2; k++) {
        st.value('no. of questions', n.response!, d.nquestions);
        st.value('no. of answers', n.response!, d.nanswers);
        st.value('no. of authorities', n.response!, d.nauthorities);
        st.value('no. of additionals', n.response!, d.nadditionals);
      }
      if (d.unsolicited) st.tick('no. of unsolicited responses', n.service!);
      else if (d.retransmission) st.tick('no. of retransmissions', n.service!);
      else st.value('request-response time (msec)', n.service!, Math.fround(d.rrt * 1000), true);
    }
  },
});
