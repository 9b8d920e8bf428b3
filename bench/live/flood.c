/* UDP load for the live-capture benchmark: sends COUNT datagrams of SIZE bytes to 127.0.0.1:PORT at RATE
 * packets per second (0 = as fast as possible), in sendmmsg batches. Prints what it sent and how long it took. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }

int main(int argc, char **argv) {
  if (argc < 5) { fprintf(stderr, "usage: flood PORT COUNT SIZE RATE\n"); return 2; }
  int port = atoi(argv[1]); long count = atol(argv[2]); int size = atoi(argv[3]); double rate = atof(argv[4]);
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port) };
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  enum { B = 64 };
  static char payload[65536];
  memset(payload, 'x', sizeof payload);
  struct mmsghdr msgs[B]; struct iovec iov[B];
  for (int i = 0; i < B; i++) {
    iov[i].iov_base = payload; iov[i].iov_len = size;
    memset(&msgs[i], 0, sizeof msgs[i]);
    msgs[i].msg_hdr.msg_name = &to; msgs[i].msg_hdr.msg_namelen = sizeof to;
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
