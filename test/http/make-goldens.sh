#!/bin/bash
# tshark 4.0's outputs for the HTTP fixtures: the HTTP lines of the packet list and the HTTP part of -V.
set -euo pipefail
cd "$(dirname "$0")"
for f in *.pcap; do
  b=${f%.pcap}
  tshark -n -r "$f" 2>/dev/null | node filter.mjs summary > "$b.summary.txt"
  tshark -n -r "$f" -V 2>/dev/null | node filter.mjs verbose > "$b.verbose.txt"
done
# what the "http" tap must report per message (frame, method, host, URI, full URI, status code)
tshark -n -r http-single.pcap -T fields -E separator='|' -e frame.number -e http.request.method -e http.host -e http.request.uri \
  -e http.request.full_uri -e http.response.code 2>/dev/null | grep -v '^[0-9]*|||||$' > http-single.tap.txt
# whole packet lists (these also need TCP's own Info column)
for f in *.pcap; do tshark -n -r "$f" 2>/dev/null > "${f%.pcap}.full-summary.txt"; done
