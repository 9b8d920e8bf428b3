#!/bin/sh
# Records real TCP traffic on loopback (needs root and tcpdump), then writes tshark 4.0's goldens.
# Usage: test/tcp/make-fixture.sh   (from the repo root)
set -e
dir=test/tcp/fixtures
mkdir -p "$dir"
tcpdump -i lo -U -w "$dir/lo-tcp.pcap" 'tcp port 40123' 2>/dev/null &
pid=$!
sleep 1
python3 - <<'PY'
import socket, threading, time
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('127.0.0.1', 40123)); srv.listen(1)
def serve():
    c, _ = srv.accept()
    data = b''
    while len(data) < 200000:
        d = c.recv(65536)
        if not d: break
        data += d
    c.sendall(b'ok' * 5000)
    time.sleep(0.05)
    c.close()
t = threading.Thread(target=serve); t.start()
s = socket.create_connection(('127.0.0.1', 40123))
s.sendall(b'x' * 200000)
got = b''
while True:
    d = s.recv(65536)
    if not d: break
    got += d
s.close(); t.join()
PY
sleep 1
kill $pid; wait $pid 2>/dev/null || true
tshark -n -r "$dir/lo-tcp.pcap" > "$dir/lo-tcp.summary.txt"
# Only the TCP parts of -V (frame headers, data and hex dumps belong to other modules' tests).
tshark -n -V -r "$dir/lo-tcp.pcap" | node test/tcp/tcp-blocks.mjs --stdin > "$dir/lo-tcp.tcp-tree.txt"
tshark -n -2 -r "$dir/lo-tcp.pcap" > "$dir/lo-tcp.two-pass.txt"
tshark -n -r "$dir/lo-tcp.pcap" -q -z follow,tcp,ascii,0 > "$dir/lo-tcp.follow.txt"
# An impaired copy (loss, reordering, a repeated ACK) derived from the recording, and its goldens.
python3 test/tcp/make-impaired.py "$dir/lo-tcp.pcap" "$dir/lo-tcp-impaired.pcap"
tshark -n -r "$dir/lo-tcp-impaired.pcap" > "$dir/lo-tcp-impaired.summary.txt"
tshark -n -V -r "$dir/lo-tcp-impaired.pcap" | node test/tcp/tcp-blocks.mjs --stdin > "$dir/lo-tcp-impaired.tcp-tree.txt"
tshark -n -q -z expert -r "$dir/lo-tcp-impaired.pcap" > "$dir/lo-tcp-impaired.expert.txt"
