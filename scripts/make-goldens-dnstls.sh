#!/bin/bash
# Regenerates the DNS/TLS goldens with tshark 4.0.17: whole summaries, and the -V text of each frame.
set -e
cd "$(dirname "$0")/.."
for f in test/dns/fixtures/*.pcap test/tls/fixtures/*.pcap; do
  [ -e "$f" ] || continue
  tshark -n -r "$f" > "${f%.pcap}.summary.txt" 2>/dev/null
  # -V only for the frames of the protocol under test, to keep goldens small
  case "$f" in
    test/tls/*) tshark -n -r "$f" -V -Y tls > "${f%.pcap}.verbose.txt" 2>/dev/null ;;
    *) tshark -n -r "$f" -V > "${f%.pcap}.verbose.txt" 2>/dev/null ;;
  esac
done
