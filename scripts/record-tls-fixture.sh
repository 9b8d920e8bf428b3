#!/bin/bash
# Records test/tls/fixtures/tls-loopback.pcap: openssl s_server on 127.0.0.1:443 and several s_client handshakes
# (TLS 1.3 with ALPN, TLS 1.2 ECDHE with a session resumed by ID, RSA and DHE key exchange, client certificates,
# a refused TLS 1.1 hello). Needs root for tcpdump. Goldens: scripts/make-goldens-dnstls.sh.
set -e
out=${1:-test/tls/fixtures/tls-loopback.pcap}
d=$(mktemp -d)
openssl req -x509 -newkey rsa:2048 -nodes -keyout $d/key.pem -out $d/cert.pem -days 2 -subj "/C=US/O=Typeshark Test/CN=tls.example.test" 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out $d/eckey.pem
openssl req -x509 -new -key $d/eckey.pem -out $d/eccert.pem -days 2 -subj "/CN=ec.example.test" 2>/dev/null
tcpdump -i lo -w "$out" -U 'tcp port 443' >/dev/null 2>&1 & TPID=$!; sleep 1
openssl s_server -accept 443 -cert $d/cert.pem -key $d/key.pem -alpn http/1.1 -www -quiet -groups P-256:X25519 -verify 1 >/dev/null 2>&1 & SPID=$!; sleep 1
C() { echo -e "GET / HTTP/1.0\r\n\r\n" | timeout 3 openssl s_client -connect 127.0.0.1:443 -ign_eof "$@" >/dev/null 2>&1 || true; sleep 0.2; }
C -servername tls.example.test -alpn h2,http/1.1 -tls1_3
C -servername tls.example.test -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256 -sess_out $d/sess.pem
C -servername tls.example.test -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256 -sess_in $d/sess.pem
C -tls1_2 -cipher AES128-SHA
C -tls1_2 -cipher DHE-RSA-AES256-GCM-SHA384
C -tls1_3 -groups X25519:P-256 -cert $d/eccert.pem -key $d/eckey.pem
echo | timeout 3 openssl s_client -connect 127.0.0.1:443 -tls1_1 >/dev/null 2>&1 || true
sleep 1; kill $SPID; sleep 0.5; kill $TPID; wait $TPID 2>/dev/null || true
rm -rf $d
