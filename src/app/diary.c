// The diary as one list (`diary`, the dashboard's /diary): every pain, session and intervention
// entry with its id from the one id space, to show, correct and delete.
#include <stdlib.h>
#include <string.h>

#include "backstride/alloc.h"
#include "backstride/app.h"
#include "backstride/store.h"

static int by_day_then_id(const void *a, const void *b) {
  const bks_diary_entry *x = a, *y = b;
  if (x->day != y->day) return (x->day > y->day) - (x->day < y->day);
  return (x->id > y->id) - (x->id < y->id);
}

int bks_library_diary_entries(bks_store *s, bks_diary_entry **out, size_t *n) {
  *out = NULL;
  *n = 0;
  bks_pain_entry *p = NULL;
  bks_session_entry *se = NULL;
  bks_intervention *iv = NULL;
  size_t np = 0, ns = 0, ni = 0;
  int rc = bks_store_pain_list(s, &p, &np);
  if (rc == BKS_OK) rc = bks_store_session_list(s, &se, &ns);
  if (rc == BKS_OK) rc = bks_store_intervention_list(s, &iv, &ni);
  bks_diary_entry *e = NULL;
  if (rc == BKS_OK && np + ns + ni) {
    e = bks_calloc(np + ns + ni, sizeof *e);
    if (!e) rc = BKS_E_NOMEM;
  }
  if (rc == BKS_OK) {
    size_t k = 0;
    for (size_t i = 0; i < np; i++, k++) {
      e[k] = (bks_diary_entry){.id = p[i].id, .kind = BKS_DIARY_PAIN, .day = p[i].day};
      e[k].pain = p[i];
    }
    for (size_t i = 0; i < ns; i++, k++) {
      e[k] = (bks_diary_entry){.id = se[i].id, .kind = BKS_DIARY_SESSION, .day = se[i].day};
      e[k].session = se[i];
    }
    for (size_t i = 0; i < ni; i++, k++) {
      e[k] =
          (bks_diary_entry){.id = iv[i].id, .kind = BKS_DIARY_INTERVENTION, .day = iv[i].start_day};
      e[k].intervention = iv[i];
    }
    if (k) qsort(e, k, sizeof *e, by_day_then_id);
    *out = e;
    *n = k;
  }
  free(p);
  free(se);
  free(iv);
  return rc;
}

int bks_library_diary_get(bks_store *s, int64_t id, bks_diary_entry *out) {
  bks_diary_entry *e;
  size_t n;
  int rc = bks_library_diary_entries(s, &e, &n);
  if (rc < 0) return rc;
  rc = BKS_END;
  for (size_t i = 0; i < n; i++) {
    if (e[i].id == id) {
      *out = e[i];
      rc = BKS_OK;
      break;
    }
  }
  free(e);
  return rc;
}

int bks_library_diary_update(bks_store *s, const bks_diary_entry *e) {
  switch (e->kind) {
  case BKS_DIARY_PAIN:
    return bks_store_pain_update(s, &e->pain);
  case BKS_DIARY_SESSION:
    return bks_store_session_update(s, &e->session);
  case BKS_DIARY_INTERVENTION:
    return bks_store_intervention_update(s, &e->intervention);
  }
  return BKS_E_INVAL;
}

int bks_library_diary_delete(bks_store *s, int64_t id) { return bks_store_diary_delete(s, id); }

int bks_library_run_rename(bks_store *s, int64_t id, const char *name) {
  return bks_store_run_rename(s, id, name);
}

int bks_library_run_delete(bks_store *s, int64_t id) { return bks_store_run_delete(s, id); }

int bks_library_restore_deleted(bks_store *s, int64_t *sources) {
  return bks_store_forget_deleted(s, sources);
}
