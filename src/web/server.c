// backstride — the web server's connection handling (include/backstride/web.h): libmicrohttpd
// daemon, limits, the path check, the POST body (forms and uploads) and the CSRF gate. What a
// route renders lives in routes.c, forms.c and upload.c. The top layer (web_internal.h): it calls
// the routes, forms and reply helpers; nothing calls it but the public API.
#define _GNU_SOURCE // mkdtemp, mkostemps
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "backstride/alloc.h"
#include "backstride/status.h"
#include "backstride/web.h"

void bks_web_default_cfg(bks_web_cfg *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->bind = "127.0.0.1";
  cfg->threads = 4;
  cfg->max_conns = 64;
  cfg->timeout_s = 15;
  cfg->max_request_s = 120;
  cfg->max_body = (size_t)32 << 20;
  cfg->max_form = (size_t)64 << 10;
  cfg->max_header_bytes = (size_t)32 << 10;
}

#ifndef BKS_HAVE_MHD

int bks_web_start(const bks_web_cfg *cfg, bks_web **out, char *err, size_t err_sz) {
  (void)cfg;
  (void)out;
  if (err && err_sz) {
    snprintf(err, err_sz,
             "this backstride was built without web support (libmicrohttpd was not "
             "found when CMake ran; install libmicrohttpd-dev and rebuild)");
  }
  return BKS_E_UNSUPPORTED;
}
unsigned bks_web_port(const bks_web *w) {
  (void)w;
  return 0;
}

int bks_web_loopback(const bks_web *w) {
  (void)w;
  return 1;
}
void bks_web_stop(bks_web *w) { (void)w; }

#else

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backstride/status.h"
#include "web_internal.h"

// per-request state, made on the first call of the access handler
typedef struct req {
  int started; // the first call (headers) is done
  int raw_nul; // the raw URI held an escaped NUL ("%00"), which decoding would hide
  int post;
  double t0;       // when the request line arrived [s, monotonic]
  int upload_ok;   // the route takes a file part
  int bad;         // the body could not be read (answered 400 once it is all in)
  int refused;     // a response was queued early (413, 400): the rest of the body is dropped
  size_t limit;    // body limit for this route
  size_t received; // body bytes seen
  struct MHD_PostProcessor *pp;
  bks__web_form *form;
  bks_web *w;
} req;

static enum MHD_Result send_reply(struct MHD_Connection *c, bks__web_reply *r) {
  if (r->status != 303 && r->status != 204 && r->body.len == 0)
    bks__web_error(r, r->status, "Nothing here.");
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(r->body.len, r->body.data, MHD_RESPMEM_MUST_COPY);
  bks_buf_deinit(&r->body);
  if (!resp) return MHD_NO;
  MHD_add_response_header(resp, "Content-Type", "text/html; charset=utf-8");
  for (size_t i = 0; i < bks__web_nheaders; i++) {
    MHD_add_response_header(resp, bks__web_headers[i][0], bks__web_headers[i][1]);
  }
  if (r->status == 303) MHD_add_response_header(resp, "Location", r->location);
  enum MHD_Result ret = MHD_queue_response(c, r->status, resp);
  MHD_destroy_response(resp);
  return ret;
}

static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status, const char *msg) {
  bks__web_reply r = {.status = status};
  bks_buf_init(&r.body);
  bks__web_error(&r, status, msg);
  return send_reply(c, &r);
}

static int is_upload_route(const char *url) { return strcmp(url, "/import") == 0; }

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *filename, const char *content_type,
                                const char *transfer_encoding, const char *data, uint64_t off,
                                size_t size) {
  (void)kind;
  (void)content_type;
  (void)transfer_encoding;
  req *q = cls;
  bks__web_form *f = q->form;
  if (!key) return MHD_YES;
  if (filename && strcmp(key, "file") == 0 && q->upload_ok) {
    // the file part: into a temporary file the server names itself, in its private folder
    if (f->upload_fd >= 0 && off == 0) {
      f->overflow = 1; // one file per upload: a second part would be appended to the first
      return MHD_YES;
    }
    if (f->upload_fd < 0 && off == 0) {
      if (q->w->upload_dir[0] == '\0') return MHD_NO;
      snprintf(f->upload_path, sizeof f->upload_path, "%s/upload-XXXXXX", q->w->upload_dir);
      // keep a known extension: the importer tells .gz and .zip apart by it
      const char *ext = strrchr(filename, '.');
      static const char *const known[] = {".fit", ".gpx", ".tcx", ".csv", ".gz", ".zip", NULL};
      int suffix = 0;
      for (size_t i = 0; ext && known[i]; i++) {
        if (strcasecmp(ext, known[i]) == 0) {
          size_t n = strlen(f->upload_path);
          snprintf(f->upload_path + n, sizeof f->upload_path - n, "%s", known[i]);
          suffix = (int)strlen(known[i]);
        }
      }
      f->upload_fd = mkostemps(f->upload_path, suffix, O_CLOEXEC);
      if (f->upload_fd < 0) return MHD_NO;
      snprintf(f->upload_name, sizeof f->upload_name, "%s", filename);
    }
    if (f->upload_fd < 0) return MHD_NO;
    for (size_t done = 0; done < size;) {
      ssize_t k = write(f->upload_fd, data + done, size - done);
      if (k < 0 && errno == EINTR) continue;
      if (k <= 0) return MHD_NO;
      done += (size_t)k;
    }
    f->upload_bytes += size;
    return MHD_YES;
  }
  bks__web_form_add(f, key, data, off, size);
  return MHD_YES;
}

static void form_free(bks__web_form *f) {
  if (!f) return;
  if (f->upload_fd >= 0) close(f->upload_fd);
  if (f->upload_path[0]) unlink(f->upload_path);
  free(f);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
  (void)cls;
  (void)c;
  (void)toe;
  req *q = *con_cls;
  if (!q) return;
  if (q->pp) MHD_destroy_post_processor(q->pp);
  form_free(q->form);
  free(q);
  *con_cls = NULL;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

// the raw URI, before libmicrohttpd decodes it: its return value becomes the request's state
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c) {
  (void)c;
  req *q = bks_calloc(1, sizeof *q);
  if (!q) return NULL;
  q->w = cls;
  q->t0 = now_s();
  // "%00" decodes to a NUL that would silently end the path: refuse it instead
  for (const char *p = uri; p && (p = strchr(p, '%')) != NULL; p++) {
    if (p[1] == '0' && p[2] == '0') q->raw_nul = 1;
  }
  return q;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls) {
  (void)version;
  bks_web *w = cls;
  req *q = *con_cls;
  if (!q) return MHD_NO; // on_uri could not allocate
  if (!q->started) {
    // first call: headers only
    q->started = 1;
    int get = strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    q->post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
    if (q->raw_nul || !bks__web_plain_path(url)) {
      q->refused = 1;
      return send_error(c, 400, "That path is not one of this server's pages.");
    }
    if (!bks__web_host_ok(w->loopback, w->bind,
                          atomic_load_explicit(&w->port, memory_order_relaxed),
                          MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host"))) {
      q->refused = 1;
      return send_error(c, 421, "This server answers to 127.0.0.1, localhost or [::1] only.");
    }
    if (!get && !q->post) {
      q->refused = 1;
      return send_error(c, 405, "Only GET and POST are served.");
    }
    q->upload_ok = q->post && is_upload_route(url);
    q->limit = q->upload_ok ? w->cfg.max_body : w->cfg.max_form;
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if (cl) {
      char *end;
      errno = 0;
      unsigned long long n = strtoull(cl, &end, 10);
      if (errno || *end || n > q->limit) {
        q->refused = 1;
        return send_error(c, 413, "The request is too large.");
      }
    }
    if (get) return MHD_YES; // a body sent with a GET is counted against the limit and dropped
    if (!cl) {
      // browsers send a length with every form; a body without one (chunked) could only be
      // bounded by cutting it off mid-stream
      q->refused = 1;
      return send_error(c, 411, "A form must be sent with a Content-Length.");
    }
    q->form = bks_calloc(1, sizeof *q->form);
    if (!q->form) return MHD_NO;
    q->form->upload_fd = -1;
    q->pp = MHD_create_post_processor(c, 16 * 1024, on_field, q);
    if (!q->pp) {
      q->refused = 1;
      return send_error(c, 415,
                        "Forms are sent as application/x-www-form-urlencoded or "
                        "multipart/form-data.");
    }
    return MHD_YES;
  }
  if (q->refused) {
    *upload_data_size = 0; // drop what is still coming; the reply is queued
    return MHD_YES;
  }
  if (*upload_data_size) {
    // libmicrohttpd takes a response only before the body or after all of it: past a bound in
    // the middle of a body, the connection is closed (MHD_NO) rather than read to its end
    // the idle timeout does not stop a body that trickles in a byte at a time: bound the whole
    if (now_s() - q->t0 > (double)(w->cfg.max_request_s ? w->cfg.max_request_s : 120)) {
      return MHD_NO;
    }
    q->received += *upload_data_size;
    if (q->received > q->limit) return MHD_NO; // a GET body without a length that grew too large
    if (q->post && !q->bad && MHD_post_process(q->pp, upload_data, *upload_data_size) != MHD_YES) {
      q->bad = 1; // malformed, or the upload could not be written: 400 once the body is in
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (q->bad) return send_error(c, 400, "The form could not be read.");
  bks__web_reply r = {.status = 200};
  bks_buf_init(&r.body);
  if (q->post) {
    if (q->form->overflow) {
      bks__web_error(&r, 400, "The form has too many fields or a value that is too long.");
    } else if (!bks__csrf_ok(w, bks__form_get(q->form, "csrf"))) {
      bks__web_error(&r, 403,
                     "The form's security token is missing or stale: reload the page "
                     "and send it again.");
    } else {
      bks__web_post(w, url, q->form, &r);
    }
  } else {
    const char *done = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "done");
    bks__web_get(w, url, done, &r);
  }
  return send_reply(c, &r);
}

// the private upload folder: $TMPDIR (or cfg->tmp_dir, or /tmp)/backstride-web-XXXXXX, mode 0700
static int make_upload_dir(bks_web *w) {
  const char *base = w->cfg.tmp_dir;
  if (!base || !base[0]) base = getenv("TMPDIR");
  if (!base || !base[0]) base = "/tmp";
  int n = snprintf(w->upload_dir, sizeof w->upload_dir, "%s/backstride-web-XXXXXX", base);
  if (n < 0 || (size_t)n >= sizeof w->upload_dir || !mkdtemp(w->upload_dir)) {
    w->upload_dir[0] = '\0';
    return BKS_E_OPEN;
  }
  return BKS_OK;
}

int bks_web_start(const bks_web_cfg *cfg, bks_web **out, char *err, size_t err_sz) {
  if (!cfg->db_path || !cfg->db_path[0]) {
    bks_set_err(err, err_sz, "no library path given");
    return BKS_E_INVAL;
  }
  bks_web *w = bks_calloc(1, sizeof *w);
  if (!w) return BKS_E_NOMEM;
  w->cfg = *cfg;
  snprintf(w->db_path, sizeof w->db_path, "%s", cfg->db_path);
  w->cfg.db_path = w->db_path;
  const char *bind = cfg->bind && cfg->bind[0] ? cfg->bind : "127.0.0.1";
  pthread_mutex_init(&w->lock, NULL);
  int rc;
  char e[300];

  // the address: IPv4 or IPv6, never a name (no resolver, no surprise)
  struct sockaddr_in a4;
  struct sockaddr_in6 a6;
  memset(&a4, 0, sizeof a4);
  memset(&a6, 0, sizeof a6);
  const struct sockaddr *sa;
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO;
  if (cfg->port > 65535) {
    bks_set_err(err, err_sz, "the port must be 0-65535");
    rc = BKS_E_INVAL;
    goto fail;
  }
  snprintf(w->bind, sizeof w->bind, "%s", bind);
  if (inet_pton(AF_INET, bind, &a4.sin_addr) == 1) {
    w->loopback = (ntohl(a4.sin_addr.s_addr) >> 24) == 127;
    a4.sin_family = AF_INET;
    a4.sin_port = htons((uint16_t)cfg->port);
    sa = (const struct sockaddr *)&a4;
  } else if (inet_pton(AF_INET6, bind, &a6.sin6_addr) == 1) {
    w->loopback = IN6_IS_ADDR_LOOPBACK(&a6.sin6_addr);
    if (w->loopback) snprintf(w->bind, sizeof w->bind, "[%s]", bind);
    a6.sin6_family = AF_INET6;
    a6.sin6_port = htons((uint16_t)cfg->port);
    sa = (const struct sockaddr *)&a6;
    flags |= MHD_USE_IPv6;
  } else {
    bks_set_err(err, err_sz, "--bind '%s' is not an IPv4 or IPv6 address", bind);
    rc = BKS_E_INVAL;
    goto fail;
  }

  if ((rc = bks_library_open(w->db_path, 0, &w->meta, e, sizeof e)) < 0) {
    bks_set_err(err, err_sz, "cannot open the library: %s", e);
    goto fail;
  }
  if ((rc = bks__csrf_init(w)) < 0) {
    bks_set_err(err, err_sz, "cannot read random bytes for the CSRF secret");
    goto fail;
  }
  if ((rc = make_upload_dir(w)) < 0) {
    bks_set_err(err, err_sz, "cannot make a private upload folder: %s", strerror(errno));
    goto fail;
  }
  w->daemon = MHD_start_daemon(
      flags, (uint16_t)cfg->port, NULL, NULL, on_request, w, MHD_OPTION_SOCK_ADDR, sa,
      MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->threads ? cfg->threads : 1),
      MHD_OPTION_CONNECTION_LIMIT, (unsigned)(cfg->max_conns ? cfg->max_conns : 64),
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(cfg->timeout_s ? cfg->timeout_s : 15),
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)cfg->max_header_bytes,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_URI_LOG_CALLBACK, on_uri, w,
      MHD_OPTION_END);
  if (!w->daemon) {
    bks_set_err(err, err_sz, "cannot listen on %s (port in use, or no permission to bind it)",
                bind);
    rc = BKS_E_IO;
    goto fail;
  }
  const union MHD_DaemonInfo *di = MHD_get_daemon_info(w->daemon, MHD_DAEMON_INFO_BIND_PORT);
  atomic_store_explicit(&w->port, di ? di->port : cfg->port, memory_order_relaxed);
  // gather the pages now, so the first visitor does not wait for a large library to be modelled
  // (requests that come in meanwhile wait on the lock for this one gather)
  bks__web_pages *wp = NULL;
  if (bks__pages_acquire(w, &wp) == BKS_OK) bks__pages_release(w, wp);
  *out = w;
  return BKS_OK;
fail:
  bks_web_stop(w);
  return rc;
}

unsigned bks_web_port(const bks_web *w) {
  return atomic_load_explicit(&w->port, memory_order_relaxed);
}

int bks_web_loopback(const bks_web *w) { return w->loopback; }

void bks_web_stop(bks_web *w) {
  if (!w) return;
  if (w->daemon) MHD_stop_daemon(w->daemon); // waits for the requests in flight
  bks__pages_clear(w);
  bks_library_close(w->meta);
  if (w->upload_dir[0]) rmdir(w->upload_dir); // each upload removed its own file
  pthread_mutex_destroy(&w->lock);
  free(w);
}

#endif
