// backstride — the web server's reply helpers, the lowest of its layers (web_internal.h): a reply,
// status pages, the chrome (head, navigation) around every page, the headers every reply carries,
// and the log. They call nothing else in src/web.
#ifdef BKS_HAVE_MHD
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/alloc.h"
#include "backstride/report.h"
#include "web_internal.h"

const char *const bks__web_headers[][2] = {
    {"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "no-referrer"},
    {"Cache-Control", "no-store"},
};
const size_t bks__web_nheaders = sizeof bks__web_headers / sizeof bks__web_headers[0];

static const char nav[] =
    "<nav><a href=\"/\">Overview</a> <a href=\"/runs\">Runs</a> <a href=\"/findings\">Findings</a>"
    " <a href=\"/plan\">Plan</a> <a href=\"/whatif\">What if</a> <a href=\"/shoes\">Shoes</a> "
    "<a href=\"/log\">Log</a> <a href=\"/diary\">Diary</a> <a href=\"/profile\">Profile</a> <a href=\"/screen\">Screening</a>"
    " <a href=\"/import\">Import</a></nav>\n";

int bks__web_open_page(bks_buf *b, const char *title) {
  bks_page_head(b, title);
  bks_html_raw(b, "<h1>backstride</h1>\n");
  return bks_html_raw(b, nav);
}

void bks__web_error(bks__web_reply *r, unsigned status, const char *msg) {
  bks_buf_reset(&r->body);
  r->status = status;
  char t[32];
  snprintf(t, sizeof t, "Error %u", status);
  bks__web_open_page(&r->body, t);
  bks_html_printf(&r->body, "<h2>Error %u</h2>\n<p class=\"err\">", status);
  bks_html_escape(&r->body, msg);
  bks_html_raw(&r->body, "</p>\n");
  bks_page_foot(&r->body);
  if (bks_buf_error(&r->body) < 0) bks_buf_reset(&r->body); // an empty body: no half page
}

void bks__web_redirect(bks__web_reply *r, const char *to) {
  r->status = 303;
  snprintf(r->location, sizeof r->location, "%s", to);
}

void bks__web_log(const bks_web *w, int rc, const char *fmt, ...) {
  if (!w->cfg.log) return;
  // messages carry paths and SQLite's words: usually short, never cut (a long one on the heap)
  char small[1024], *msg = small;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n >= sizeof small && (msg = bks_malloc((size_t)n + 1)) != NULL) {
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
  }
  w->cfg.log(w->cfg.log_ctx, rc, msg ? msg : small);
  if (msg != small) free(msg);
}
#endif
