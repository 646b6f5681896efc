// backstride — a tiny HTML writer: escaped user text, trusted markup (include/backstride/report.h).
#include <stdarg.h>
#include <string.h>

#include "backstride/report.h"

int bks_html_escape(bks_buf *b, const char *s) {
  if (!s) return bks_buf_error(b);
  const char *run = s; // start of the stretch that needs no escaping
  for (const char *p = s;; p++) {
    unsigned char c = (unsigned char)*p;
    const char *rep = NULL;
    int drop = 0;
    switch (c) {
    case '&':
      rep = "&amp;";
      break;
    case '<':
      rep = "&lt;";
      break;
    case '>':
      rep = "&gt;";
      break;
    case '"':
      rep = "&quot;";
      break;
    case '\'':
      rep = "&#39;";
      break;
    default:
      drop = c != 0 && c < 0x20 && c != '\t' && c != '\n' && c != '\r';
      break;
    }
    if (c == 0 || rep || drop || c == 0x7f) {
      bks_buf_append(b, run, (size_t)(p - run));
      if (rep) bks_buf_puts(b, rep);
      if (c == 0) return bks_buf_error(b);
      run = p + 1;
    }
  }
}

int bks_html_raw(bks_buf *b, const char *markup) {
  return markup ? bks_buf_puts(b, markup) : bks_buf_error(b);
}

int bks_html_printf(bks_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = bks_buf_vprintf(b, fmt, ap);
  va_end(ap);
  return rc;
}

int bks_html_tag_text(bks_buf *b, const char *tag, const char *text) {
  // the element name is the tag up to its first space (attributes may follow)
  size_t name = strcspn(tag, " ");
  bks_html_printf(b, "<%s>", tag);
  bks_html_escape(b, text);
  return bks_html_printf(b, "</%.*s>", (int)name, tag);
}
