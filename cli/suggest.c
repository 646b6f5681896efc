// "Did you mean ...?" (cli/suggest.h): edit distance and the closest word of a vocabulary.
#include "suggest.h"

#include <string.h>

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

static size_t min3(size_t a, size_t b, size_t c) {
  size_t m = a < b ? a : b;
  return m < c ? m : c;
}

size_t cli_edit_distance(const char *a, const char *b) {
  size_t na = strlen(a), nb = strlen(b);
  if (na > CLI_SUGGEST_MAX || nb > CLI_SUGGEST_MAX) return CLI_EDIT_FAR;
  // three rows of the (na+1) x (nb+1) table: two back for a swap, the previous, the current
  size_t rows[3][CLI_SUGGEST_MAX + 1];
  size_t *pp = rows[0], *prev = rows[1], *cur = rows[2];
  for (size_t j = 0; j <= nb; j++) prev[j] = j;
  for (size_t i = 1; i <= na; i++) {
    cur[0] = i;
    for (size_t j = 1; j <= nb; j++) {
      int ca = lower((unsigned char)a[i - 1]), cb = lower((unsigned char)b[j - 1]);
      size_t cost = ca == cb ? 0 : 1;
      cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      // a swap of two neighbours ("imoprt")
      if (i > 1 && j > 1 && ca == lower((unsigned char)b[j - 2]) &&
          lower((unsigned char)a[i - 2]) == cb && pp[j - 2] + 1 < cur[j]) {
        cur[j] = pp[j - 2] + 1;
      }
    }
    size_t *t = pp;
    pp = prev;
    prev = cur;
    cur = t;
  }
  return prev[nb];
}

// length without the leading dashes of an option
static size_t core_len(const char *s) {
  while (*s == '-') s++;
  return strlen(s);
}

static const char *at_array(size_t i, const void *ctx) { return ((const char *const *)ctx)[i]; }

const char *cli_suggest_at(const char *word, size_t n, const char *(*at)(size_t i, const void *ctx),
                           const void *ctx) {
  const char *best = NULL;
  size_t best_d = CLI_EDIT_FAR;
  for (size_t i = 0; i < n; i++) {
    const char *c = at(i, ctx);
    if (!c) continue;
    size_t d = cli_edit_distance(word, c);
    if (d >= best_d) continue;
    size_t len = core_len(word) > core_len(c) ? core_len(word) : core_len(c);
    if (d > 2 || 3 * d >= len) continue;
    best = c;
    best_d = d;
  }
  if (best) return best;
  // else the one word that starts with it ("--weekly-k", "herniated")
  size_t wl = strlen(word);
  if (core_len(word) < 3) return NULL;
  for (size_t i = 0; i < n; i++) {
    const char *c = at(i, ctx);
    if (!c || strlen(c) < wl) continue;
    size_t k = 0;
    while (k < wl && lower((unsigned char)word[k]) == lower((unsigned char)c[k])) k++;
    if (k < wl) continue;
    if (best) return NULL; // two of them: no guess
    best = c;
  }
  return best;
}

const char *cli_suggest(const char *word, const char *const *cands, size_t n) {
  return cli_suggest_at(word, n, at_array, cands);
}
