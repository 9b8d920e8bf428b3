// Loads every -z statistic so that each registers its prefix.
import './io-stat.js';
import './conv.js';
import './endpoints.js';
import './ip-trees.js';
import './phs.js';
import './expert.js';
import './http-trees.js';
import './dns-tree.js';
import './follow.js';
import './follow-tcp.js';
import './host-bytes.js';
import './process-bytes.js';
