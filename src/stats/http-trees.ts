// The HTTP stats trees of packet-http.c (tshark 4.0): http,tree (HTTP/Packet Counter), http_req,tree
// (HTTP/Requests), http_srv,tree (HTTP/Load Distribution) and http_seq,tree (HTTP/Request Sequences).
// They read the 'http' tap event (src/dissect/http.ts HttpTap), of which this is the part used here.
import { addressToStr, type Address } from '../dissect/address.js';
import { HTTP_STATUS_CODES } from '../dissect/http.js';
import { registerTree } from './stats-tree.js';

/** What the trees read from the 'http' tap event (a structural view of HttpTap). */
export interface HttpTapView {
  requestMethod: string | null;
  responseCode: number;
  httpHost: string | null;
  requestUri: string | null;
  refererUri: string | null;
  fullUri: string | null;
  src: Address;
  dst: Address;
}

/** vals_http_status_code (the http.response.code field itself has no value strings in tshark 4.0). */
function statusName(code: number): string {
  return HTTP_STATUS_CODES.get(code) ?? `Unknown (${code})`;
}



registerTree({
  leanHttp: true,
  abbr: 'http', name: 'HTTP/Packet Counter', title: 'Packet Counter', taps: ['http'],
  init(st) {
    const nodes = st.refs;
    const pk = nodes.packets = st.node('Total HTTP Packets');
    nodes.requests = st.node('HTTP Request Packets', pk);
    const rs = nodes.responses = st.node('HTTP Response Packets', pk);
    for (const n of ['???: broken', '1xx: Informational', '2xx: Success', '3xx: Redirection', '4xx: Client Error', '5xx: Server Error']) nodes[n] = st.node(n, rs);
    nodes.other = st.node('Other HTTP Packets', pk);
  },
  packet(st, _pkt, _t, data) {
    const v = data as HttpTapView;
    const pk = st.tick('Total HTTP Packets');
    const i = v.responseCode;
    if (i) {
      const rs = st.tick('HTTP Response Packets', pk);
      const grp = i < 100 || i >= 600 ? '???: broken' : i < 200 ? '1xx: Informational' : i < 300 ? '2xx: Success'
        : i < 400 ? '3xx: Redirection' : i < 500 ? '4xx: Client Error' : '5xx: Server Error';
      const g = st.tick(grp, rs);
      st.tick(`${i} ${statusName(i)}`, g);
    } else if (v.requestMethod) {
      st.tick(v.requestMethod, st.tick('HTTP Request Packets', pk));
    } else {
      st.tick('Other HTTP Packets', pk);
    }
  },
});

registerTree({
  leanHttp: true,
  abbr: 'http_req', name: 'HTTP/Requests', title: 'Requests', taps: ['http'],
  init(st) { st.node('HTTP Requests by HTTP Host'); },
  packet(st, _pkt, _t, data) {
    const v = data as HttpTapView;
    if (!v.requestMethod) return false;
    const root = st.tick('HTTP Requests by HTTP Host');
    if (v.httpHost) {
      const host = st.tick(v.httpHost, root);
      if (v.requestUri) st.tick(v.requestUri, host);
    }
  },
});

registerTree({
  leanHttp: true,
  abbr: 'http_srv', name: 'HTTP/Load Distribution', title: 'Load Distribution', taps: ['http'],
  init(st) {
    const r = st.node('HTTP Requests by Server');
    st.node('HTTP Requests by Server Address', r);
    st.node('HTTP Requests by HTTP Host', r);
    st.node('HTTP Responses by Server Address');
  },
  packet(st, _pkt, _t, data) {
    const v = data as HttpTapView;
    const i = v.responseCode;
    if (v.requestMethod) {
      const ip = addressToStr(v.dst);
      const r = st.tick('HTTP Requests by Server');
      const byAddr = st.tick('HTTP Requests by Server Address', r);
      const byHost = st.tick('HTTP Requests by HTTP Host', r);
      const addr = st.tick(ip, byAddr);
      if (v.httpHost) {
        st.tick(ip, st.tick(v.httpHost, byHost));
        st.tick(v.httpHost, addr);
      }
    } else if (i !== 0) {
      const ip = addressToStr(v.src);
      const addr = st.tick(ip, st.tick('HTTP Responses by Server Address'));
      st.tick(i > 100 && i < 400 ? 'OK' : 'KO', addr);
    } else {
      return false;
    }
  },
});

registerTree({
  abbr: 'http_seq', name: 'HTTP/Request Sequences', title: 'Request Sequences', taps: ['http'],
  init(st) { st.node('HTTP Request Sequences'); },
  packet(st, _pkt, _t, data) {
    const v = data as HttpTapView;
    if (!v.requestMethod || !v.refererUri || !v.fullUri) return false;
    const root = st.tick('HTTP Request Sequences');
    st.tick(v.fullUri, st.tick(v.refererUri, root));
  },
});
