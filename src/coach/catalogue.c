// The coach's input and its exercise catalogue (compiled in from data/exercises.tsv).
#include <string.h>

#include "coach_internal.h"

//---- Input ----

void bks_coach_input_set_diary(bks_coach_input *in, const bks_diary *d) {
  in->profile = d->profile;
  in->pain = d->pain;
  in->npain = d->npain;
  in->sessions = d->sessions;
  in->nsessions = d->nsessions;
  in->shoes = d->shoes;
  in->nshoes = d->nshoes;
  in->screened = d->screened;
  in->screen_day = d->screen_day;
  in->red_flags = d->red_flags;
}

//---- Catalogue ----

size_t bks_exercise_count(void) { return bks__nexercises; }

const bks_exercise *bks_exercise_at(size_t i) {
  return i < bks__nexercises ? &bks__exercises[i] : NULL;
}

const bks_exercise *bks_exercise_find(const char *id) {
  for (size_t i = 0; id && i < bks__nexercises; i++) {
    if (strcmp(bks__exercises[i].id, id) == 0) return &bks__exercises[i];
  }
  return NULL;
}

// 1 when the comma-separated `list` holds `word`
static int list_has(const char *list, const char *word) {
  size_t n = strlen(word);
  for (const char *p = list; *p;) {
    const char *e = strchr(p, ',');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len == n && strncmp(p, word, n) == 0) return 1;
    if (!e) break;
    p = e + 1;
  }
  return 0;
}

unsigned bks_exercise_contra(const bks_exercise *e) {
  unsigned m = 0;
  for (int i = 0; i < BKS_NCONDITIONS; i++) {
    if (list_has(e->contraindications, bks_condition_name(i))) m |= 1u << i;
  }
  return m;
}

int bks_exercise_has_phase(const bks_exercise *e, const char *phase) {
  return list_has(e->phases, phase);
}
