/* UDP load for the live-capture benchmark: sends COUNT datagrams of SIZE bytes to 127.0.0.1:PORT at RATE
 * packets per second (0 = as fast as possible), in sendmmsg batches. Prints what it sent and how long it took. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }

int main(int argc, char **argv) {
  if (argc < 5) { fprintf(stderr, "usage: flood PORT COUNT SIZE RATE [raw]\n"); return 2; }
  int port = atoi(argv[1]); long count = atol(argv[2]); int size = atoi(argv[3]); double rate = atof(argv[4]);
  /* raw: whole Ethernet frames written to lo with a packet socket, skipping the sender's UDP/IP stack (the
   * receive side still runs, and so does capture): several times the rate a UDP socket reaches. */
  int raw = argc > 5 && strcmp(argv[5], "raw") == 0;
  int s = raw ? socket(AF_PACKET, SOCK_RAW, 0) : socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_ll ll = { .sll_family = AF_PACKET, .sll_ifindex = (int)if_nametoindex("lo"), .sll_halen = 6 };
  if (raw) { int one = 1; setsockopt(s, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one); }
  struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port) };
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  /* A bound socket that never reads: datagrams are dropped quietly at its full queue rather than each one costing
   * an ICMP port-unreachable, so the loop measures what capture costs, not ICMP. */
  int sink = socket(AF_INET, SOCK_DGRAM, 0);
  int small = 4096;
  setsockopt(sink, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  if (bind(sink, (struct sockaddr *)&to, sizeof to) != 0) perror("bind (continuing without a sink)");
  enum { B = 64 };
  static char payload[65536];
  memset(payload, 'x', sizeof payload);
  struct mmsghdr msgs[B]; struct iovec iov[B];
  static unsigned char frame[65536 + 42];
  if (raw) {
    /* Ethernet (zero MACs, as lo uses) + IPv4 127.0.0.1 -> 127.0.0.1 + UDP to PORT, no checksum */
    unsigned char *f = frame;
    memset(f, 0, 42); f[12] = 0x08; f[13] = 0x00;
    unsigned char *ip = f + 14; int iplen = 20 + 8 + size;
    ip[0] = 0x45; ip[2] = iplen >> 8; ip[3] = iplen & 255; ip[8] = 64; ip[9] = 17;
    ip[12] = 127; ip[15] = 1; ip[16] = 127; ip[19] = 1;
    unsigned sum = 0; for (int i = 0; i < 20; i += 2) sum += ip[i] << 8 | ip[i + 1];
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    sum = ~sum & 0xffff; ip[10] = sum >> 8; ip[11] = sum & 255;
    unsigned char *udp = ip + 20; udp[0] = 0x9c; udp[1] = 0x40; udp[2] = port >> 8; udp[3] = port & 255;
    udp[4] = (8 + size) >> 8; udp[5] = (8 + size) & 255;
    memset(udp + 8, 'x', size);
  }
  for (int i = 0; i < B; i++) {
    iov[i].iov_base = raw ? (void *)frame : (void *)payload; iov[i].iov_len = raw ? 42 + size : size;
    memset(&msgs[i], 0, sizeof msgs[i]);
    if (raw) { msgs[i].msg_hdr.msg_name = &ll; msgs[i].msg_hdr.msg_namelen = sizeof ll; }
    else { msgs[i].msg_hdr.msg_name = &to; msgs[i].msg_hdr.msg_namelen = sizeof to; }
    msgs[i].msg_hdr.msg_iov = &iov[i]; msgs[i].msg_hdr.msg_iovlen = 1;
  }
  double t0 = now();
  long sent = 0;
  while (sent < count) {
    int n = count - sent < B ? (int)(count - sent) : B;
    int r = sendmmsg(s, msgs, n, 0);
    if (r > 0) sent += r;
    if (rate > 0) {
      double due = t0 + sent / rate, t = now();
      if (due > t) { struct timespec d = { (time_t)(due - t), (long)((due - t - (time_t)(due - t)) * 1e9) }; nanosleep(&d, NULL); }
    }
  }
  double dt = now() - t0;
  printf("%ld %.3f %.0f\n", sent, dt, sent / dt);
  return 0;
}
