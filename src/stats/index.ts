// Loads every -z statistic so that each registers its prefix.
export {};
import './follow-tcp.js';
