// backstride — the local dashboard: the report's pages served live by libmicrohttpd, with forms
// to log pain, sessions, interventions, shoes and the profile, answer the screening questions
// and import files by upload (src/web/*.c).
//
// Safety (DESIGN.md, Web): bound to 127.0.0.1 unless told otherwise; every POST carries the
// server's CSRF token (random per run, checked before anything is written; 403 otherwise); all
// user text escaped; request bodies, headers, connections and connection time bounded; the path
// of a request is matched against a fixed list of routes and never reaches the file system; an
// upload goes to a private temporary file the server names itself.
//
// Built without libmicrohttpd, bks_web_start returns BKS_E_UNSUPPORTED.
#ifndef BACKSTRIDE_WEB_H
#define BACKSTRIDE_WEB_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bks_web_cfg {
  const char *db_path;     // the library (created when missing)
  const char *bind;        // IPv4 or IPv6 address to listen on (default "127.0.0.1")
  unsigned port;           // 0: any free port (bks_web_port tells which)
  unsigned threads;        // worker threads (default 4)
  unsigned max_conns;      // connections at once (default 64)
  unsigned timeout_s;      // idle time before a connection is closed [s] (default 15)
  unsigned max_request_s;  // whole time a request may take to send its body [s] (default 120)
  size_t max_body;         // POST body [bytes] (default 32 MiB: uploads)
  size_t max_form;         // body of a POST that is not an upload [bytes] (default 64 KiB)
  size_t max_header_bytes; // memory for one connection's request line and headers (default 32 KiB)
  const char *tmp_dir;     // where the private upload folder is made (NULL: $TMPDIR or /tmp)
  // Where the server's messages go (as sqlite3_log): why a page or a form failed, which the
  // browser is only told to look up here. `rc` is the status the message is about, `msg` one
  // line without a newline (e.g. "cannot open the library: ..."). Called from the server's
  // threads, several at once: it must be thread-safe. NULL (the default): messages are dropped.
  void (*log)(void *log_ctx, int rc, const char *msg);
  void *log_ctx;
} bks_web_cfg;

/** Fill `cfg` with the defaults above (db_path NULL: the caller must set it; no log). */
BKS_API void bks_web_default_cfg(bks_web_cfg *cfg);

typedef struct bks_web bks_web;

/**
 * Open the library, make the CSRF secret and the upload folder, and start listening. Returns
 * BKS_OK with `*out` serving; BKS_E_INVAL (bad address or configuration), BKS_E_OPEN (library or
 * folder), BKS_E_IO (cannot listen: port in use, no permission), BKS_E_UNSUPPORTED (built without
 * libmicrohttpd) or BKS_E_NOMEM; `err` says why. Nullable: err.
 */
BKS_API int bks_web_start(const bks_web_cfg *cfg, bks_web **out, char *err, size_t err_sz);

/** The port listened on. */
BKS_API unsigned bks_web_port(const bks_web *w);

/** 1 when the address listened on is a loopback one (only this machine can reach it), else 0. */
BKS_API int bks_web_loopback(const bks_web *w);

/** Stop listening, finish the requests in flight, remove the upload folder, free. Nullable: w. */
BKS_API void bks_web_stop(bks_web *w);

#ifdef __cplusplus
}
#endif

#endif
