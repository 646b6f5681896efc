// backstride — for the XML reader fuzz targets: are two read results the same to a caller?
//
// Compares everything a caller can read: status, damage, error line and text, skips, and per
// activity the summary, every sample of every channel (NaN equal to NaN), laps and warnings.
// A size limit (BKS_E_LIMIT) may depend on how the input was chunked (the token limit measures
// what expat holds between chunks), so results with that status are not compared. expat's wording
// of a malformed-token error can also depend on where a chunk ended ("syntax error" versus "not
// well-formed (invalid token)") while the line and column it reports do not, so texts that carry
// "column N: " are compared up to there. And where a document is malformed from its first bytes
// (an invalid byte before any element), even the position expat reports depends on how much it
// was given at once; a document that fails outright with no run read is compared by status alone.
#ifndef BKS_FUZZ_READ_RESULT_EQ_H
#define BKS_FUZZ_READ_RESULT_EQ_H

#include <string.h>

#include "backstride/io.h"

// the same text, or the same up to and including "column N: " when both carry an expat position
static int bks_fuzz_same_text(const char *a, const char *b) {
  const char *ca = strstr(a, "column "), *cb = strstr(b, "column ");
  if (ca && cb) {
    const char *ea = strstr(ca, ": "), *eb = strstr(cb, ": ");
    if (ea && eb && ea - a == eb - b) return memcmp(a, b, (size_t)(ea - a)) == 0;
  }
  return strcmp(a, b) == 0;
}

static int bks_fuzz_same_double(double a, double b) { return a == b || (a != a && b != b); }

static int bks_fuzz_same_array(const double *a, const double *b, size_t n) {
  if (!a || !b) return a == b;
  for (size_t i = 0; i < n; i++) {
    if (!bks_fuzz_same_double(a[i], b[i])) return 0;
  }
  return 1;
}

static int bks_fuzz_same_activity(const bks_activity *a, const bks_activity *b) {
  if (a->n != b->n || a->start_utc != b->start_utc || a->sport != b->sport ||
      a->sport_guessed != b->sport_guessed || a->nlaps != b->nlaps ||
      a->nwarnings != b->nwarnings) {
    return 0;
  }
  if (strcmp(a->device, b->device) || strcmp(a->name, b->name) ||
      strcmp(a->sport_name, b->sport_name) || memcmp(a->sha256, b->sha256, sizeof a->sha256)) {
    return 0;
  }
  if (!bks_fuzz_same_double(a->duration_s, b->duration_s) ||
      !bks_fuzz_same_double(a->timer_s, b->timer_s) ||
      !bks_fuzz_same_double(a->distance_m, b->distance_m)) {
    return 0;
  }
  if (!bks_fuzz_same_array(a->t, b->t, a->n)) return 0;
  for (int c = 0; c < BKS_NCHANNELS; c++) {
    if (!bks_fuzz_same_array(a->ch[c], b->ch[c], a->n)) return 0;
  }
  for (size_t i = 0; i < a->nlaps; i++) {
    const bks_lap *x = &a->laps[i], *y = &b->laps[i];
    if (!bks_fuzz_same_double(x->start_s, y->start_s) ||
        !bks_fuzz_same_double(x->elapsed_s, y->elapsed_s) ||
        !bks_fuzz_same_double(x->timer_s, y->timer_s) ||
        !bks_fuzz_same_double(x->distance_m, y->distance_m)) {
      return 0;
    }
  }
  for (unsigned i = 0; i < a->nwarnings && i < BKS_ACTIVITY_MAX_WARNINGS; i++) {
    if (!bks_fuzz_same_text(a->warnings[i], b->warnings[i])) return 0;
  }
  return 1;
}

static int bks_fuzz_same_result(const bks_read_result *a, const bks_read_result *b) {
  if (a->status == BKS_E_LIMIT || b->status == BKS_E_LIMIT) return 1;
  if (a->status < 0 && a->status == b->status && a->nact == 0 && b->nact == 0) return 1;
  if (a->status != b->status || a->damaged != b->damaged || a->err_line != b->err_line ||
      a->nact != b->nact || a->nskipped != b->nskipped) {
    return 0;
  }
  if (!bks_fuzz_same_text(a->err, b->err) || strcmp(a->skip_reason, b->skip_reason)) return 0;
  for (size_t i = 0; i < a->nact; i++) {
    if (!bks_fuzz_same_activity(&a->act[i], &b->act[i])) return 0;
  }
  return 1;
}

#endif
