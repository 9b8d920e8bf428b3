#!/bin/bash
# Records the HTTP fixture captures (needs root for tcpdump on lo) and writes tshark's goldens beside them.
#   http-lo.pcap      Node's http server and client (responses often split over segments: needs TCP reassembly)
#   http-single.pcap  whole messages written at once (one segment each)
# Usage: test/http/make-fixtures.sh   (needs tcpdump and tshark 4.0)
set -euo pipefail
cd "$(dirname "$0")"
tcpdump -i lo -s 0 -U -w http-lo.pcap 'tcp port 8080 or tcp port 18080' 2>/dev/null &
T1=$!
tcpdump -i lo -s 0 -U -w http-single.pcap 'tcp port 8088 or tcp port 3128 or tcp port 2869 or udp port 1900' 2>/dev/null &
T2=$!
sleep 1
node server.mjs
sleep 1
kill $T1 $T2; wait $T1 $T2 2>/dev/null || true
./make-goldens.sh
