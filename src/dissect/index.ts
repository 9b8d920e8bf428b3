// Loads every dissector so that each registers itself in the tables. Adding a protocol: one new file, one line here.
import './data.js';
import './frame.js';
import './eth.js';
import './arp.js';
import './ipv4.js';
import './udp.js';
import './tcp.js';
import './media.js';
import './http.js';
import './json.js';
import './xml.js';
import './urlencoded.js';
