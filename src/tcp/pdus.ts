// tcp_dissect_pdus: the loop that length-prefixed protocols over TCP (DNS, TLS records, ...) use to split a
// segment (or reassembled data) into PDUs and to ask TCP for more bytes when a PDU is cut.
import { registerFields } from '../fields/registry.js';
import { BASE, FT } from '../fields/types.js';
import { showException } from '../dissect/frame.js';
import type { Packet } from '../dissect/packet.js';
import type { Item } from '../dissect/tree.js';
import type { Tvb } from '../dissect/tvb.js';
import { proto as tcpProto } from '../dissect/tcp.js';
import { DESEGMENT_ONE_MORE_SEGMENT } from './constants.js';

const hf = registerFields(tcpProto, {
  pdu_size: { abbrev: 'tcp.pdu.size', name: 'PDU Size', type: FT.UINT32, base: BASE.DEC },
});

/**
 * Dissects the PDUs in tvb. `getPduLen(pkt, tvb, offset)` returns the PDU length from its first `fixedLen` bytes
 * (0: not known yet); `dissectPdu` gets a tvb over one whole PDU. With `desegment`, a PDU that does not end in
 * this tvb is requested from TCP (pkt.desegmentOffset / desegmentLen).
 */
export function tcpDissectPdus(tvb: Tvb, pkt: Packet, tree: Item, desegment: boolean, fixedLen: number,
  getPduLen: (pkt: Packet, tvb: Tvb, offset: number) => number,
  dissectPdu: (tvb: Tvb, pkt: Packet, tree: Item) => number): number {
  let offset = 0;
  while (tvb.reportedRemaining(offset) > 0) {
    tvb.ensure(offset, 1);
    const capRemaining = tvb.remaining(offset);
    if (desegment && pkt.canDesegment && capRemaining < fixedLen) {
      pkt.desegmentOffset = offset; pkt.desegmentLen = DESEGMENT_ONE_MORE_SEGMENT;
      return tvb.remaining(0);
    }
    const plen = getPduLen(pkt, tvb, offset);
    if (plen === 0) {
      pkt.desegmentOffset = offset; pkt.desegmentLen = DESEGMENT_ONE_MORE_SEGMENT;
      return tvb.remaining(0);
    }
    if (plen < fixedLen) {
      // show_reported_bounds_error
      tvb.fail(tvb.reported, 1);
    }
    if (desegment && pkt.canDesegment && plen > tvb.reportedRemaining(offset)) {
      pkt.desegmentOffset = offset;
      pkt.desegmentLen = plen - capRemaining;
      return tvb.remaining(0);
    }
    const tcpTree = pkt.protoData.get('tcp.tree') as Item | undefined;
    if (tcpTree) tcpTree.add(hf.pdu_size, tvb, offset, plen, plen).generated();
    const next = tvb.sub(offset, plen);
    const saved = pkt.currentProto;
    try {
      dissectPdu(next, pkt, tree);
    } catch (e) {
      showException(e, next, pkt, tree);
    }
    pkt.currentProto = saved;
    const before = offset;
    offset += plen;
    if (offset <= before) break;
  }
  return tvb.remaining(0);
}
