// backstride — what the web server's files share (src/web/*.c). Only compiled with
// libmicrohttpd (BKS_HAVE_MHD); without it, server.c alone builds a stub.
//
// The files form layers, and calls run downwards only; the sections below follow that order:
//   1. the server's state: struct bks_web (made by server.c, read by every file)
//   2. the request (request.c): the path, Host and form checks, pure (fuzz/fuzz_http.c)
//   3. reply helpers (reply.c, csrf.c): a reply, status pages, the page chrome, headers, the CSRF
//      token, the log
//   4. forms (forms.c, upload.c): a POSTed form, the pages with forms and what their POSTs store
//   5. routes (routes.c): a path to its page or form handler, the gathered-pages cache
//   6. server (server.c): libmicrohttpd, threads, limits; exports nothing here
// A file may use its own section and those above it, never one below.
#ifndef BKS_WEB_INTERNAL_H
#define BKS_WEB_INTERNAL_H

#include <stdatomic.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "backstride/buf.h"
#include "backstride/pages.h"
#include "backstride/status.h"
#include "backstride/app.h"
#include "backstride/web.h"

//---- 1. The server's state ----

#define BKS__WEB_MAX_FIELDS 48 // form fields kept per request (checkbox lists included)
#define BKS__WEB_MAX_VALUE 256 // bytes of one field's value (longer: the request is refused)
#define BKS__WEB_CSRF_HEX 64   // the token: 32 random bytes in hex

typedef struct bks__web_pages bks__web_pages; // the gathered pages (routes.c)

struct bks_web {
  bks_web_cfg cfg;
  char db_path[4096];
  char upload_dir[4096]; // private folder (mode 0700) for uploads, made at start
  char csrf[BKS__WEB_CSRF_HEX + 1];
  struct MHD_Daemon *daemon;
  // the bound port: known only once the daemon's workers run (--port 0), so they read it
  // atomically; no request can come before it is set (the client learns it from the printed URL)
  _Atomic unsigned port;
  char bind[64];        // the address listened on ("[::1]" style for IPv6), for the Host check
  int loopback;         // bound to a loopback address: the Host header is checked
  pthread_mutex_t lock; // guards meta, cur
  bks_store *meta;      // the connection that watches the data version and gathers
  bks__web_pages *cur;  // NULL until the first page is asked for
};

//---- 2. The request's own text (request.c): checked before anything reads it ----

// one form field (a value split over several calls is appended)
typedef struct bks__web_field {
  char key[32];
  char val[BKS__WEB_MAX_VALUE];
  size_t len;
} bks__web_field;

// a POST in progress (filled by server.c as the body arrives)
typedef struct bks__web_form {
  bks__web_field f[BKS__WEB_MAX_FIELDS];
  size_t n;
  int overflow;  // too many fields or a value too long: refused with 400
  int upload_fd; // -1 when no file part
  char upload_path[4200];
  char upload_name[160]; // the name the browser gave (shown escaped, never used as a path)
  uint64_t upload_bytes;
} bks__web_form;

/** 1 when `path` is plain: absolute, at most 200 bytes, no "..", "//", backslash or control byte. */
int bks__web_plain_path(const char *path);
/** 1 when `host` (the Host header; NULL when absent) names this machine on a loopback server
 * bound to `bind`:`port`; always 1 when not on loopback. */
int bks__web_host_ok(int loopback, const char *bind, unsigned port, const char *host);
/** Add `size` bytes of field `key` at offset `off` of its value (the post processor's pieces) to
 * `f`; too many fields, a long key or value, or a NUL in a value set f->overflow instead. */
void bks__web_form_add(bks__web_form *f, const char *key, const char *data, uint64_t off,
                       size_t size);
/** The first value of `key`, or NULL. */
const char *bks__form_get(const bks__web_form *f, const char *key);
/** A plain decimal within [lo, hi] (no "nan", "inf" or hex) into `*out`: 0, else -1. Nullable: v. */
int bks__web_number(const char *v, double lo, double hi, double *out);
/** 1 when `v` is 1..max bytes with no control character. Nullable: v. */
int bks__web_name_ok(const char *v, size_t max);

//---- 3. Reply helpers (reply.c, csrf.c) ----

// what a route produced: a page, a redirect or an error page
typedef struct bks__web_reply {
  unsigned status;    // 200, 303, 400, 403, 404, 413, 500
  char location[128]; // for 303: a fixed path of ours (never built from the request)
  bks_buf body;
} bks__web_reply;

/** The headers every reply carries (CSP, nosniff, no framing, no referrer, no caching). */
extern const char *const bks__web_headers[][2];
extern const size_t bks__web_nheaders;

/** A small page saying `msg` (trusted text) with status `status`. */
void bks__web_error(bks__web_reply *r, unsigned status, const char *msg);
/** A 303 to `to`, a fixed path of ours. */
void bks__web_redirect(bks__web_reply *r, const char *to);

/** Page head, title, navigation; `title` is trusted. Returns the buffer's error. */
int bks__web_open_page(bks_buf *b, const char *title);

/** Hand a message to the configured log (cfg.log), if any. `rc` is the status it is about. */
void bks__web_log(const bks_web *w, int rc, const char *fmt, ...) BKS_PRINTF(3, 4);

/** 1 when `token` equals the server's secret (constant time). Nullable: token. */
int bks__csrf_ok(const bks_web *w, const char *token);
/** Fill w->csrf from the kernel's random source. Returns BKS_OK or BKS_E_IO. */
int bks__csrf_init(bks_web *w);
/** The hidden CSRF input of every form. Returns the buffer's error. */
int bks__web_csrf_input(const bks_web *w, bks_buf *b);

//---- 4. Forms (forms.c, upload.c) ----

/** The forms of the pages that have them. Each returns the buffer's error. */
int bks__web_page_log(bks_web *w, bks_buf *b, const bks_pages *p);
int bks__web_page_shoes_forms(bks_web *w, bks_buf *b, const bks_pages *p);
int bks__web_page_profile(bks_web *w, bks_buf *b, bks_store *s);
/** /diary: every entry with its edit and delete forms (src/web/diary_page.c). */
int bks__web_page_diary(bks_web *w, bks_buf *b, bks_store *s);
int bks__web_page_screen(bks_web *w, bks_buf *b, bks_store *s);
int bks__web_page_import(bks_web *w, bks_buf *b);

/** POST handlers (forms.c, upload.c): fill `r` (303 on success, 400 with a reason). */
void bks__post_pain(bks_web *w, bks_store *s, const bks__web_form *f, bks__web_reply *r);
void bks__post_session(bks_web *w, bks_store *s, const bks__web_form *f, bks__web_reply *r);
void bks__post_intervention(bks_web *w, bks_store *s, const bks__web_form *f, bks__web_reply *r);
void bks__post_shoe(bks_web *w, bks_store *s, const bks__web_form *f, bks__web_reply *r);
void bks__post_shoe_retire(bks_web *w, bks_store *s, const bks__web_form *f, bks__web_reply *r);
void bks__post_profile(bks_web *w, bks_store *s, const bks__web_form *f, bks__web_reply *r);
void bks__post_screen(bks_web *w, bks_store *s, const bks__web_form *f, bks__web_reply *r);
void bks__post_diary_edit(bks_web *w, bks_store *s, const bks__web_form *f, bks__web_reply *r);
void bks__post_diary_delete(bks_web *w, bks_store *s, const bks__web_form *f, bks__web_reply *r);
void bks__post_import(bks_web *w, bks_store *s, bks__web_form *f, bks__web_reply *r);

//---- 5. Routes (routes.c) ----

/** The current gathered pages (regathered when the library changed), with a reference. */
int bks__pages_acquire(bks_web *w, bks__web_pages **out);
void bks__pages_release(bks_web *w, bks__web_pages *p);
/** Drop the cache (at stop). */
void bks__pages_clear(bks_web *w);

/** Render GET `path` (already checked to be plain). `done` is the ?done= word (Nullable). */
void bks__web_get(bks_web *w, const char *path, const char *done, bks__web_reply *r);
/** Act on POST `path` with its form (CSRF already checked). */
void bks__web_post(bks_web *w, const char *path, bks__web_form *f, bks__web_reply *r);

#endif
