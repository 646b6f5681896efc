// backstride — a tiny HTML writer: escaped user text, trusted markup (include/backstride/report.h).
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "backstride/report.h"

int bks_html_escape(bks_buf *b, const char *s) {
  if (!s) return BKS_OK;
  const char *run = s; // start of the stretch that needs no escaping
  for (const char *p = s;; p++) {
    unsigned char c = (unsigned char)*p;
    const char *rep = NULL;
    int drop = 0;
    switch (c) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '"': rep = "&quot;"; break;
    case '\'': rep = "&#39;"; break;
    default: drop = c != 0 && c < 0x20 && c != '\t' && c != '\n' && c != '\r'; break;
    }
    if (c == 0 || rep || drop || c == 0x7f) {
      int rc = bks_buf_append(b, run, (size_t)(p - run));
      if (rc < 0) return rc;
      if (rep && (rc = bks_buf_append(b, rep, strlen(rep))) < 0) return rc;
      if (c == 0) return BKS_OK;
      run = p + 1;
    }
  }
}

int bks_html_raw(bks_buf *b, const char *markup) {
  return markup ? bks_buf_append(b, markup, strlen(markup)) : BKS_OK;
}

int bks_html_printf(bks_buf *b, const char *fmt, ...) {
  char small[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return BKS_E_INVAL;
  if ((size_t)n < sizeof small) return bks_buf_append(b, small, (size_t)n);
  int rc = bks_buf_reserve(b, (size_t)n + 1);
  if (rc < 0) return rc;
  va_start(ap, fmt);
  vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return BKS_OK;
}

int bks_html_tag_text(bks_buf *b, const char *tag, const char *text) {
  // the element name is the tag up to its first space (attributes may follow)
  size_t name = strcspn(tag, " ");
  int rc = bks_html_printf(b, "<%s>", tag);
  if (rc >= 0) rc = bks_html_escape(b, text);
  if (rc >= 0) rc = bks_html_printf(b, "</%.*s>", (int)name, tag);
  return rc;
}
