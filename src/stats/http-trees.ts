// The HTTP stats trees of packet-http.c (tshark 4.0): http,tree (HTTP/Packet Counter), http_req,tree
// (HTTP/Requests), http_srv,tree (HTTP/Load Distribution) and http_seq,tree (HTTP/Request Sequences).
// They read the 'http' tap event (src/dissect/http.ts HttpTap), of which this is the part used here.
import { addressToStr, type Address } from '../dissect/address.js';
import { fieldByName } from '../fields/registry.js';
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

/** vals_http_status_code, read from the http.response.code field's value strings. */
function statusName(code: number): string {
  return fieldByName('http.response.code')?.strings?.get(code) ?? STATUS.get(code) ?? `Unknown (${code})`;
}

const STATUS = new Map<number, string>([
  [100, 'Continue'], [101, 'Switching Protocols'], [102, 'Processing'], [103, 'Early Hints'], [199, 'Informational - Others'],
  [200, 'OK'], [201, 'Created'], [202, 'Accepted'], [203, 'Non-authoritative Information'], [204, 'No Content'],
  [205, 'Reset Content'], [206, 'Partial Content'], [207, 'Multi-Status'], [208, 'Already Reported'], [226, 'IM Used'],
  [299, 'Success - Others'], [300, 'Multiple Choices'], [301, 'Moved Permanently'], [302, 'Found'], [303, 'See Other'],
  [304, 'Not Modified'], [305, 'Use Proxy'], [307, 'Temporary Redirect'], [308, 'Permanent Redirect'],
  [399, 'Redirection - Others'], [400, 'Bad Request'], [401, 'Unauthorized'], [402, 'Payment Required'], [403, 'Forbidden'],
  [404, 'Not Found'], [405, 'Method Not Allowed'], [406, 'Not Acceptable'], [407, 'Proxy Authentication Required'],
  [408, 'Request Time-out'], [409, 'Conflict'], [410, 'Gone'], [411, 'Length Required'], [412, 'Precondition Failed'],
  [413, 'Request Entity Too Large'], [414, 'Request-URI Too Long'], [415, 'Unsupported Media Type'],
  [416, 'Requested Range Not Satisfiable'], [417, 'Expectation Failed'], [418, "I'm a teapot"], [421, 'Misdirected Request'],
  [422, 'Unprocessable Entity'], [423, 'Locked'], [424, 'Failed Dependency'], [426, 'Upgrade Required'],
  [428, 'Precondition Required'], [429, 'Too Many Requests'], [431, 'Request Header Fields Too Large'],
  [451, 'Unavailable For Legal Reasons'], [499, 'Client Error - Others'], [500, 'Internal Server Error'],
  [501, 'Not Implemented'], [502, 'Bad Gateway'], [503, 'Service Unavailable'], [504, 'Gateway Time-out'],
  [505, 'HTTP Version not supported'], [506, 'Variant Also Negotiates'], [507, 'Insufficient Storage'], [508, 'Loop Detected'],
  [511, 'Network Authentication Required'], [599, 'Server Error - Others'],
]);


registerTree({
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
