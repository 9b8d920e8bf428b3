/*
 * typeshark's live-capture addon: a thin Node-API layer over the system libpcap.
 *
 * JS side (src/capture/live.ts) owns all policy; this file only
 *   - lists devices (pcap_findalldevs),
 *   - opens a device (pcap_create + set_* + pcap_activate) in non-blocking mode,
 *   - compiles and installs BPF filters,
 *   - copies many packets per call into a caller-supplied Buffer,
 *   - once watched, captures in a thread of its own (blocking in libpcap, like dumpcap's process does for
 *     tshark) into a queue of 4 MiB chunks, and wakes JS through a libuv async handle: a slow consumer
 *     (dissection, printing) never leaves the kernel ring full,
 *   - reports pcap_stats, breaks, closes.
 *
 * Record layout written by read(): per packet 16 bytes little-endian
 *   u32 ts_sec, u32 ts_nsec, u32 caplen, u32 len
 * followed by caplen bytes, padded to a multiple of 4.
 */
#include <node_api.h>
#include <uv.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <pthread.h>

#define MAX_HANDLES 64
/* Capture-thread queue: chunks of records; beyond QUEUE_MAX bytes packets are dropped and counted. */
#define CHUNK_SIZE (4u << 20)
#define QUEUE_MAX ((size_t)512 << 20)

typedef struct chunk {
  struct chunk *next;
  size_t len;      /* bytes of records */
  uint32_t count;  /* records */
  unsigned char data[];
} chunk_t;

typedef struct {
  pcap_t *p;
  int fd;
  int snaplen;
  int polling;
  uv_async_t async;
  napi_env env;
  napi_ref cb;
  napi_async_context actx;
  int closing;
  /* capture thread */
  pthread_t thread;
  int thread_running;
  volatile int stop;
  pthread_mutex_t lock;
  chunk_t *head, *tail;   /* ready chunks, oldest first (under lock) */
  size_t queued;          /* bytes in ready chunks (under lock) */
  chunk_t *cur;           /* being filled by the thread */
  uint32_t dropped;       /* packets dropped because the queue was full */
  int error;              /* a read error ended the thread */
  char errmsg[PCAP_ERRBUF_SIZE + 64];
  chunk_t *reading;       /* chunk partly handed to JS */
  size_t read_off;
  uint32_t read_rec;
} cap_t;

static cap_t *handles[MAX_HANDLES];

#define CHECK(call) do { if ((call) != napi_ok) { napi_throw_error(env, NULL, "typeshark_pcap: N-API call failed: " #call); return NULL; } } while (0)

static napi_value make_str(napi_env env, const char *s) {
  napi_value v;
  if (s == NULL) { napi_get_null(env, &v); return v; }
  napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v);
  return v;
}

static napi_value make_u32(napi_env env, uint32_t n) {
  napi_value v;
  napi_create_uint32(env, n, &v);
  return v;
}

static void set_prop(napi_env env, napi_value obj, const char *name, napi_value v) {
  napi_set_named_property(env, obj, name, v);
}

/* Throws an Error whose .code is a short status word and .message libpcap's text. */
static void throw_status(napi_env env, const char *code, const char *msg) {
  napi_value err, c, m;
  napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &m);
  napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &c);
  napi_create_error(env, c, m, &err);
  napi_throw(env, err);
}

static int get_int(napi_env env, napi_value v, int dflt) {
  napi_valuetype t;
  int32_t n;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_number) return dflt;
  if (napi_get_value_int32(env, v, &n) != napi_ok) return dflt;
  return n;
}

static int get_bool(napi_env env, napi_value v, int dflt) {
  napi_valuetype t;
  bool b;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_boolean) return dflt;
  napi_get_value_bool(env, v, &b);
  return b ? 1 : 0;
}

static napi_value named(napi_env env, napi_value obj, const char *name) {
  napi_value v;
  napi_valuetype t;
  if (napi_typeof(env, obj, &t) != napi_ok || t != napi_object) { napi_get_undefined(env, &v); return v; }
  if (napi_get_named_property(env, obj, name, &v) != napi_ok) napi_get_undefined(env, &v);
  return v;
}

static cap_t *get_handle(napi_env env, napi_value v) {
  int id = get_int(env, v, -1);
  if (id < 0 || id >= MAX_HANDLES || handles[id] == NULL || handles[id]->p == NULL) {
    napi_throw_error(env, NULL, "typeshark_pcap: bad or closed handle");
    return NULL;
  }
  return handles[id];
}

/* findAllDevs() -> [{ name, description, flags, addresses: [string] }] */
static napi_value find_all_devs(napi_env env, napi_callback_info info) {
  char errbuf[PCAP_ERRBUF_SIZE];
  pcap_if_t *all = NULL, *d;
  napi_value arr;
  uint32_t i = 0;
  (void)info;
  errbuf[0] = '\0';
  if (pcap_findalldevs(&all, errbuf) != 0) { throw_status(env, "findalldevs", errbuf); return NULL; }
  CHECK(napi_create_array(env, &arr));
  for (d = all; d != NULL; d = d->next) {
    napi_value o;
    CHECK(napi_create_object(env, &o));
    set_prop(env, o, "name", make_str(env, d->name));
    set_prop(env, o, "description", make_str(env, d->description));
    set_prop(env, o, "flags", make_u32(env, d->flags));
    napi_set_element(env, arr, i++, o);
  }
  pcap_freealldevs(all);
  return arr;
}

static const char *status_code(int st) {
  switch (st) {
    case PCAP_ERROR_NO_SUCH_DEVICE: return "nodevice";
    case PCAP_ERROR_PERM_DENIED: return "perm";
    case PCAP_ERROR_PROMISC_PERM_DENIED: return "promiscperm";
    case PCAP_ERROR_IFACE_NOT_UP: return "notup";
    case PCAP_ERROR_RFMON_NOTSUP: return "rfmon";
    default: return "other";
  }
}

/* open(name, { snaplen, promisc, bufferSize, timeoutMs, immediate }) -> { id, linktype, snaplen, fd, warning } */
static napi_value cap_open(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], res;
  char name[1024], errbuf[PCAP_ERRBUF_SIZE];
  size_t nlen;
  pcap_t *p;
  int st, id, snaplen, promisc, bufsize, timeout, immediate;
  cap_t *c;
  char warning[PCAP_ERRBUF_SIZE + 32];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], name, sizeof name, &nlen) != napi_ok) {
    napi_throw_type_error(env, NULL, "open(name, options)"); return NULL;
  }
  snaplen = get_int(env, named(env, argv[1], "snaplen"), 262144);
  promisc = get_bool(env, named(env, argv[1], "promisc"), 1);
  bufsize = get_int(env, named(env, argv[1], "bufferSize"), 2 * 1024 * 1024);
  timeout = get_int(env, named(env, argv[1], "timeoutMs"), 250);
  immediate = get_bool(env, named(env, argv[1], "immediate"), 0);
  for (id = 0; id < MAX_HANDLES && handles[id] != NULL; id++) {}
  if (id == MAX_HANDLES) { throw_status(env, "other", "too many open capture handles"); return NULL; }
  errbuf[0] = '\0';
  p = pcap_create(name, errbuf);
  if (p == NULL) { throw_status(env, "other", errbuf); return NULL; }
  pcap_set_snaplen(p, snaplen);
  pcap_set_promisc(p, promisc);
  pcap_set_timeout(p, timeout);
  if (bufsize > 0) pcap_set_buffer_size(p, bufsize);
  if (immediate) pcap_set_immediate_mode(p, 1);
  pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);
  st = pcap_activate(p);
  warning[0] = '\0';
  if (st < 0) {
    char msg[PCAP_ERRBUF_SIZE + 64];
    const char *e = pcap_geterr(p);
    if (st == PCAP_ERROR && e != NULL && e[0] != '\0') snprintf(msg, sizeof msg, "%s", e);
    else if (st == PCAP_ERROR_NO_SUCH_DEVICE || st == PCAP_ERROR_PERM_DENIED || st == PCAP_ERROR_PROMISC_PERM_DENIED) {
      /* libpcap leaves the reason in the error buffer; an empty buffer gets pcap_statustostr's text */
      snprintf(msg, sizeof msg, "%s", (e != NULL && e[0] != '\0') ? e : pcap_statustostr(st));
    } else snprintf(msg, sizeof msg, "%s", (e != NULL && e[0] != '\0') ? e : pcap_statustostr(st));
    pcap_close(p);
    throw_status(env, status_code(st), msg);
    return NULL;
  }
  if (st > 0) snprintf(warning, sizeof warning, "%s", pcap_geterr(p));
  if (pcap_setnonblock(p, 1, errbuf) != 0) {
    char msg[PCAP_ERRBUF_SIZE];
    snprintf(msg, sizeof msg, "%s", errbuf);
    pcap_close(p);
    throw_status(env, "other", msg);
    return NULL;
  }
  c = calloc(1, sizeof *c);
  if (c == NULL) { pcap_close(p); throw_status(env, "other", "out of memory"); return NULL; }
  c->p = p;
  pthread_mutex_init(&c->lock, NULL);
  c->fd = pcap_get_selectable_fd(p);
  c->snaplen = pcap_snapshot(p);
  handles[id] = c;
  CHECK(napi_create_object(env, &res));
  set_prop(env, res, "id", make_u32(env, (uint32_t)id));
  {
    napi_value lt;
    napi_create_int32(env, pcap_datalink(p), &lt);
    set_prop(env, res, "linktype", lt);
  }
  set_prop(env, res, "snaplen", make_u32(env, (uint32_t)c->snaplen));
  {
    napi_value fdv;
    napi_create_int32(env, c->fd, &fdv);
    set_prop(env, res, "fd", fdv);
  }
  set_prop(env, res, "warning", make_str(env, warning[0] ? warning : NULL));
  return res;
}

/* setFilter(id, expr, optimize) — throws with libpcap's compile error text. */
static napi_value cap_set_filter(napi_env env, napi_callback_info info) {
  size_t argc = 3, len;
  napi_value argv[3];
  cap_t *c;
  char *expr;
  struct bpf_program prog;
  int optimize;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if ((c = get_handle(env, argv[0])) == NULL) return NULL;
  if (napi_get_value_string_utf8(env, argv[1], NULL, 0, &len) != napi_ok) { napi_throw_type_error(env, NULL, "filter must be a string"); return NULL; }
  expr = malloc(len + 1);
  if (expr == NULL) { throw_status(env, "other", "out of memory"); return NULL; }
  napi_get_value_string_utf8(env, argv[1], expr, len + 1, &len);
  optimize = get_bool(env, argc > 2 ? argv[2] : NULL, 1);
  if (pcap_compile(c->p, &prog, expr, optimize, PCAP_NETMASK_UNKNOWN) != 0) {
    free(expr);
    throw_status(env, "compile", pcap_geterr(c->p));
    return NULL;
  }
  free(expr);
  if (pcap_setfilter(c->p, &prog) != 0) {
    pcap_freecode(&prog);
    throw_status(env, "setfilter", pcap_geterr(c->p));
    return NULL;
  }
  pcap_freecode(&prog);
  return NULL;
}

/* compileCheck(linktype, snaplen, expr) — validates a filter without a device (for error messages). */
static napi_value compile_check(napi_env env, napi_callback_info info) {
  size_t argc = 3, len;
  napi_value argv[3];
  pcap_t *p;
  struct bpf_program prog;
  char *expr;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  p = pcap_open_dead(get_int(env, argv[0], DLT_EN10MB), get_int(env, argv[1], 262144));
  if (p == NULL) { throw_status(env, "other", "pcap_open_dead failed"); return NULL; }
  napi_get_value_string_utf8(env, argv[2], NULL, 0, &len);
  expr = malloc(len + 1);
  napi_get_value_string_utf8(env, argv[2], expr, len + 1, &len);
  if (pcap_compile(p, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) != 0) {
    char msg[PCAP_ERRBUF_SIZE];
    snprintf(msg, sizeof msg, "%s", pcap_geterr(p));
    free(expr);
    pcap_close(p);
    throw_status(env, "compile", msg);
    return NULL;
  }
  pcap_freecode(&prog);
  free(expr);
  pcap_close(p);
  return NULL;
}

/*
 * read(id, buffer, maxPackets) -> number of packets copied; the byte count is written to buffer's
 * caller as the return of bytesUsed() ... kept simple: returns [packets, bytes].
 * Stops when no packet is waiting, when maxPackets were copied, or when the next packet might not fit.
 * Throws on a read error (e.g. the interface went down), with libpcap's text.
 */
static chunk_t *chunk_new(void) {
  chunk_t *k = malloc(sizeof(chunk_t) + CHUNK_SIZE);
  if (k != NULL) { k->next = NULL; k->len = 0; k->count = 0; }
  return k;
}

/* Runs in the capture thread for each packet. */
static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *pd) {
  cap_t *c = (cap_t *)user;
  uint32_t w[4], cl = h->caplen;
  size_t need = 16 + (((size_t)cl + 3) & ~(size_t)3);
  if (c->cur == NULL || c->cur->len + need > CHUNK_SIZE) {
    if (c->cur != NULL) {
      pthread_mutex_lock(&c->lock);
      if (c->tail) c->tail->next = c->cur; else c->head = c->cur;
      c->tail = c->cur;
      c->queued += c->cur->len;
      pthread_mutex_unlock(&c->lock);
      c->cur = NULL;
    }
    pthread_mutex_lock(&c->lock);
    int full = c->queued + CHUNK_SIZE > QUEUE_MAX;
    pthread_mutex_unlock(&c->lock);
    if (full || (c->cur = chunk_new()) == NULL) { c->dropped++; return; }
  }
  w[0] = (uint32_t)h->ts.tv_sec;
  w[1] = (uint32_t)h->ts.tv_usec; /* nanoseconds: opened with nanosecond precision */
  w[2] = cl;
  w[3] = h->len;
  memcpy(c->cur->data + c->cur->len, w, 16);
  memcpy(c->cur->data + c->cur->len + 16, pd, cl);
  if (need > 16 + cl) memset(c->cur->data + c->cur->len + 16 + cl, 0, need - 16 - cl);
  c->cur->len += need;
  c->cur->count++;
}

static void *capture_thread(void *arg) {
  cap_t *c = arg;
  while (!c->stop) {
    int r = pcap_dispatch(c->p, -1, on_packet, (u_char *)c);
    if (r == PCAP_ERROR_BREAK) break;
    if (r < 0) {
      pthread_mutex_lock(&c->lock);
      snprintf(c->errmsg, sizeof c->errmsg, "%s", pcap_geterr(c->p));
      c->error = 1;
      pthread_mutex_unlock(&c->lock);
      break;
    }
    /* hand the batch over: the partly filled chunk joins the queue */
    if (c->cur != NULL && c->cur->count > 0) {
      pthread_mutex_lock(&c->lock);
      if (c->tail) c->tail->next = c->cur; else c->head = c->cur;
      c->tail = c->cur;
      c->queued += c->cur->len;
      pthread_mutex_unlock(&c->lock);
      c->cur = NULL;
    }
    if (r > 0 || c->head != NULL) uv_async_send(&c->async);
  }
  if (c->cur != NULL && c->cur->count > 0) {
    pthread_mutex_lock(&c->lock);
    if (c->tail) c->tail->next = c->cur; else c->head = c->cur;
    c->tail = c->cur;
    c->queued += c->cur->len;
    pthread_mutex_unlock(&c->lock);
  } else free(c->cur);
  c->cur = NULL;
  uv_async_send(&c->async);
  return NULL;
}

/* Copies queued records into buf; returns via *n, *bytes. */
static void queue_read(cap_t *c, unsigned char *buf, size_t blen, uint32_t maxp, uint32_t *np, size_t *offp) {
  size_t off = 0;
  uint32_t n = 0;
  while (n < maxp) {
    if (c->reading == NULL) {
      pthread_mutex_lock(&c->lock);
      c->reading = c->head;
      if (c->head) { c->head = c->head->next; if (c->head == NULL) c->tail = NULL; c->queued -= c->reading->len; }
      pthread_mutex_unlock(&c->lock);
      c->read_off = 0; c->read_rec = 0;
      if (c->reading == NULL) break;
    }
    chunk_t *k = c->reading;
    while (n < maxp && c->read_rec < k->count) {
      uint32_t cl;
      size_t need;
      memcpy(&cl, k->data + c->read_off + 8, 4);
      need = 16 + (((size_t)cl + 3) & ~(size_t)3);
      if (off + need > blen) { *np = n; *offp = off; return; }
      memcpy(buf + off, k->data + c->read_off, need);
      off += need; c->read_off += need; c->read_rec++; n++;
    }
    if (c->read_rec >= k->count) { free(k); c->reading = NULL; }
  }
  *np = n; *offp = off;
}

static napi_value cap_read(napi_env env, napi_callback_info info) {
  size_t argc = 3, blen;
  napi_value argv[3], res;
  cap_t *c;
  void *data;
  unsigned char *buf;
  size_t off = 0;
  uint32_t n = 0, maxp;
  double bytes;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if ((c = get_handle(env, argv[0])) == NULL) return NULL;
  if (napi_get_buffer_info(env, argv[1], &data, &blen) != napi_ok) { napi_throw_type_error(env, NULL, "read(id, buffer, max)"); return NULL; }
  maxp = (uint32_t)get_int(env, argv[2], 1 << 30);
  buf = data;
  if (c->thread_running || c->polling) {
    uint32_t qn = 0;
    size_t qoff = 0;
    queue_read(c, buf, blen, maxp, &qn, &qoff);
    if (qn == 0) {
      int e;
      pthread_mutex_lock(&c->lock);
      e = c->error && c->head == NULL;
      pthread_mutex_unlock(&c->lock);
      if (e) { c->error = 0; throw_status(env, "read", c->errmsg); return NULL; }
    }
    n = qn; off = qoff;
    goto done;
  }
  while (n < maxp && off + 16 + (size_t)c->snaplen + 3 <= blen) {
    struct pcap_pkthdr *h;
    const u_char *pd;
    int r = pcap_next_ex(c->p, &h, &pd);
    uint32_t w[4], cl;
    if (r == 0) break;
    if (r == PCAP_ERROR_BREAK) break;
    if (r < 0) {
      if (n > 0) break; /* hand over what we have; the error comes back on the next call */
      throw_status(env, "read", pcap_geterr(c->p));
      return NULL;
    }
    cl = h->caplen;
    if (off + 16 + cl + 3 > blen) cl = (uint32_t)(blen - off - 19); /* cannot happen with caplen <= snaplen */
    w[0] = (uint32_t)h->ts.tv_sec;
    w[1] = (uint32_t)h->ts.tv_usec; /* nanoseconds: the handle was opened with nanosecond precision */
    w[2] = cl;
    w[3] = h->len;
    memcpy(buf + off, w, 16); /* little-endian hosts (x86-64, arm64) */
    memcpy(buf + off + 16, pd, cl);
    off += 16 + ((cl + 3) & ~(size_t)3);
    n++;
  }
done:
  CHECK(napi_create_array_with_length(env, 2, &res));
  napi_set_element(env, res, 0, make_u32(env, n));
  bytes = (double)off;
  {
    napi_value b;
    napi_create_double(env, bytes, &b);
    napi_set_element(env, res, 1, b);
  }
  return res;
}

/* stats(id) -> { recv, drop, ifdrop } or null when libpcap cannot tell */
static napi_value cap_stats(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], res;
  cap_t *c;
  struct pcap_stat ps;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if ((c = get_handle(env, argv[0])) == NULL) return NULL;
  memset(&ps, 0, sizeof ps);
  if (pcap_stats(c->p, &ps) != 0) { napi_get_null(env, &res); return res; }
  CHECK(napi_create_object(env, &res));
  set_prop(env, res, "recv", make_u32(env, ps.ps_recv));
  set_prop(env, res, "drop", make_u32(env, ps.ps_drop));
  set_prop(env, res, "ifdrop", make_u32(env, ps.ps_ifdrop));
  set_prop(env, res, "queueDrop", make_u32(env, c->dropped));
  return res;
}

static void on_async(uv_async_t *h) {
  cap_t *c = h->data;
  int status = 0;
  napi_handle_scope scope;
  napi_value cb, recv, argv[1], result;
  if (c == NULL || c->closing || c->cb == NULL) return;
  napi_open_handle_scope(c->env, &scope);
  if (napi_get_reference_value(c->env, c->cb, &cb) == napi_ok && cb != NULL) {
    napi_get_global(c->env, &recv);
    napi_create_int32(c->env, status, &argv[0]);
    if (napi_make_callback(c->env, c->actx, recv, cb, 1, argv, &result) != napi_ok) {
      bool pending = false;
      napi_is_exception_pending(c->env, &pending);
      if (pending) {
        napi_value exc;
        napi_get_and_clear_last_exception(c->env, &exc);
        napi_fatal_exception(c->env, exc);
      }
    }
  }
  napi_close_handle_scope(c->env, scope);
}

/* watch(id, callback) — calls callback(status) whenever the capture fd is readable. */
static napi_value cap_watch(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], name;
  cap_t *c;
  uv_loop_t *loop;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if ((c = get_handle(env, argv[0])) == NULL) return NULL;
  if (c->polling) return NULL;
  CHECK(napi_get_uv_event_loop(env, &loop));
  CHECK(napi_create_reference(env, argv[1], 1, &c->cb));
  CHECK(napi_create_string_utf8(env, "typeshark.pcap", NAPI_AUTO_LENGTH, &name));
  CHECK(napi_async_init(env, NULL, name, &c->actx));
  c->env = env;
  if (uv_async_init(loop, &c->async, on_async) != 0) { throw_status(env, "other", "uv_async_init failed"); return NULL; }
  c->async.data = c;
  c->polling = 1;
  /* the thread blocks in libpcap; JS hears about each batch through the async handle */
  {
    char eb[PCAP_ERRBUF_SIZE];
    pcap_setnonblock(c->p, 0, eb);
  }
  c->stop = 0;
  if (pthread_create(&c->thread, NULL, capture_thread, c) != 0) { throw_status(env, "other", "cannot start the capture thread"); return NULL; }
  c->thread_running = 1;
  return NULL;
}

static void free_queue(cap_t *c) {
  chunk_t *k = c->head, *nx;
  for (; k != NULL; k = nx) { nx = k->next; free(k); }
  free(c->reading);
  free(c->cur);
  c->head = c->tail = c->reading = c->cur = NULL;
}

static void free_after_close(uv_handle_t *h) {
  cap_t *c = h->data;
  pthread_mutex_destroy(&c->lock);
  free(c);
}

static void release(napi_env env, cap_t *c) {
  if (c->cb != NULL) { napi_delete_reference(env, c->cb); c->cb = NULL; }
  if (c->actx != NULL) { napi_async_destroy(env, c->actx); c->actx = NULL; }
}

static void stop_thread(cap_t *c) {
  if (!c->thread_running) return;
  c->stop = 1;
  pcap_breakloop(c->p);
  pthread_join(c->thread, NULL);
  c->thread_running = 0;
}

/* unwatch(id) — stops calling back (the handle stays open for a final drain and stats). */
static napi_value cap_unwatch(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  cap_t *c;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if ((c = get_handle(env, argv[0])) == NULL) return NULL;
  stop_thread(c);
  return NULL;
}

static napi_value cap_breakloop(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  cap_t *c;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if ((c = get_handle(env, argv[0])) == NULL) return NULL;
  pcap_breakloop(c->p);
  return NULL;
}

static napi_value cap_close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int id;
  cap_t *c;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  id = get_int(env, argv[0], -1);
  if (id < 0 || id >= MAX_HANDLES || handles[id] == NULL) return NULL;
  c = handles[id];
  handles[id] = NULL;
  c->closing = 1;
  release(env, c);
  stop_thread(c);
  free_queue(c);
  pcap_close(c->p);
  c->p = NULL;
  if (c->polling) {
    uv_close((uv_handle_t *)&c->async, free_after_close);
  } else {
    pthread_mutex_destroy(&c->lock);
    free(c);
  }
  return NULL;
}

static napi_value lib_version(napi_env env, napi_callback_info info) {
  (void)info;
  return make_str(env, pcap_lib_version());
}

static napi_value datalink_name(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  const char *n;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  n = pcap_datalink_val_to_name(get_int(env, argv[0], -1));
  return make_str(env, n);
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "findAllDevs", NULL, find_all_devs, NULL, NULL, NULL, napi_default, NULL },
    { "open", NULL, cap_open, NULL, NULL, NULL, napi_default, NULL },
    { "setFilter", NULL, cap_set_filter, NULL, NULL, NULL, napi_default, NULL },
    { "compileCheck", NULL, compile_check, NULL, NULL, NULL, napi_default, NULL },
    { "read", NULL, cap_read, NULL, NULL, NULL, napi_default, NULL },
    { "stats", NULL, cap_stats, NULL, NULL, NULL, napi_default, NULL },
    { "watch", NULL, cap_watch, NULL, NULL, NULL, napi_default, NULL },
    { "unwatch", NULL, cap_unwatch, NULL, NULL, NULL, napi_default, NULL },
    { "breakLoop", NULL, cap_breakloop, NULL, NULL, NULL, napi_default, NULL },
    { "close", NULL, cap_close, NULL, NULL, NULL, napi_default, NULL },
    { "libVersion", NULL, lib_version, NULL, NULL, NULL, napi_default, NULL },
    { "datalinkName", NULL, datalink_name, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
