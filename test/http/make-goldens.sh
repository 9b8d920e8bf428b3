#!/bin/bash
# tshark 4.0's outputs for the HTTP fixtures: the HTTP lines of the packet list and the HTTP part of -V.
set -euo pipefail
cd "$(dirname "$0")"
for f in *.pcap; do
  b=${f%.pcap}
  tshark -n -r "$f" 2>/dev/null | node filter.mjs summary > "$b.summary.txt"
  tshark -n -r "$f" -V 2>/dev/null | node filter.mjs verbose > "$b.verbose.txt"
done
