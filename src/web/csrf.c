// backstride — the CSRF token of the web server: 32 random bytes per server run, in hex, put in
// every form and compared on every POST. A page from another site cannot read it, so it cannot
// make the runner's browser post to this server. A reply helper (web_internal.h, section 2).
#ifdef BKS_HAVE_MHD
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "backstride/status.h"
#include "web_internal.h"

int bks__csrf_init(bks_web *w) {
  unsigned char r[BKS__WEB_CSRF_HEX / 2];
  size_t got = 0;
  while (got < sizeof r) {
    ssize_t n = getrandom(r + got, sizeof r - got, 0);
    if (n <= 0) return BKS_E_IO;
    got += (size_t)n;
  }
  for (size_t i = 0; i < sizeof r; i++) snprintf(w->csrf + 2 * i, 3, "%02x", r[i]);
  return BKS_OK;
}

int bks__csrf_ok(const bks_web *w, const char *token) {
  if (!token || strlen(token) != BKS__WEB_CSRF_HEX) return 0;
  // constant time: every byte is compared whatever the first difference
  unsigned char diff = 0;
  for (size_t i = 0; i < BKS__WEB_CSRF_HEX; i++) {
    diff |= (unsigned char)(token[i] ^ w->csrf[i]);
  }
  return diff == 0;
}

int bks__web_csrf_input(const bks_web *w, bks_buf *b) {
  char s[BKS__WEB_CSRF_HEX + 64];
  snprintf(s, sizeof s, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", w->csrf);
  return bks_buf_append(b, s, strlen(s));
}
#endif
