// The runner's library as the layers above app see it (include/backstride/app.h): each function
// hands on to the store. The flags are the store's own, checked at compile time.
#include "backstride/app.h"
#include "backstride/store.h"

_Static_assert((int)BKS_LIBRARY_NOCREATE == (int)BKS_STORE_NOCREATE, "open flags differ");
_Static_assert((int)BKS_LIBRARY_LOAD_NO_SAMPLES == (int)BKS_STORE_LOAD_NO_SAMPLES,
               "load flags differ");

int bks_library_open(const char *path, int flags, bks_store **out, char *err, size_t err_sz) {
  return bks_store_open(path, flags, out, err, err_sz);
}

void bks_library_close(bks_store *s) { bks_store_close(s); }

const char *bks_library_errmsg(const bks_store *s) { return bks_store_errmsg(s); }

int bks_library_default_path(char *buf, size_t n) { return bks_store_default_path(buf, n); }

const char *bks_library_path(const bks_store *s) { return bks_store_path(s); }

int bks_library_data_version(bks_store *s, int64_t *v) { return bks_store_data_version(s, v); }

int bks_library_runs(bks_store *s, bks_run_info_fn fn, void *ctx) {
  return bks_store_runs(s, fn, ctx);
}

int bks_library_count_runs(bks_store *s, int64_t *n) { return bks_store_count_runs(s, n); }

int bks_library_run_get(bks_store *s, int64_t id, bks_run_info *out) {
  return bks_store_run_get(s, id, out);
}

int bks_library_load(bks_store *s, int64_t id, int flags, bks_activity *a) {
  return bks_store_load(s, id, flags, a);
}

int bks_library_check(bks_store *s, bks_check_result *res) { return bks_store_check(s, res); }

int bks_library_profile_get(bks_store *s, bks_profile *p) { return bks_store_profile_get(s, p); }

int bks_library_profile_set(bks_store *s, const bks_profile *p, const char *source) {
  return bks_store_profile_set(s, p, source);
}

int bks_library_profile_changes(bks_store *s, bks_profile_change **out, size_t *n) {
  return bks_store_profile_changes(s, out, n);
}

int bks_library_pain_add(bks_store *s, const bks_pain_entry *e) { return bks_store_pain_add(s, e); }

int bks_library_pain_list(bks_store *s, bks_pain_entry **out, size_t *n) {
  return bks_store_pain_list(s, out, n);
}

int bks_library_session_add(bks_store *s, const bks_session_entry *e) {
  return bks_store_session_add(s, e);
}

int bks_library_session_list(bks_store *s, bks_session_entry **out, size_t *n) {
  return bks_store_session_list(s, out, n);
}

int bks_library_intervention_add(bks_store *s, const char *name, int64_t start_day,
                                 int64_t end_day) {
  return bks_store_intervention_add(s, name, start_day, end_day);
}

int bks_library_intervention_list(bks_store *s, bks_intervention **out, size_t *n) {
  return bks_store_intervention_list(s, out, n);
}

int bks_library_shoe_add(bks_store *s, const char *name, int64_t start_day) {
  return bks_store_shoe_add(s, name, start_day);
}

int bks_library_shoe_retire(bks_store *s, const char *name, int64_t day) {
  return bks_store_shoe_retire(s, name, day);
}

int bks_library_shoe_default(bks_store *s, const char *name) {
  return bks_store_shoe_default(s, name);
}

int bks_library_shoe_assign(bks_store *s, int64_t run_id, const char *name) {
  return bks_store_shoe_assign(s, run_id, name);
}

int bks_library_shoe_unassigned(bks_store *s, int64_t *n) {
  return bks_store_shoe_unassigned(s, n);
}

int bks_library_shoe_list(bks_store *s, bks_shoe **out, size_t *n) {
  return bks_store_shoe_list(s, out, n);
}

int bks_library_screen_add(bks_store *s, int64_t day, unsigned flags) {
  return bks_store_screen_add(s, day, flags);
}

int bks_library_screen_latest(bks_store *s, int *found, int64_t *day, unsigned *flags) {
  return bks_store_screen_latest(s, found, day, flags);
}

int bks_library_diary_read(bks_store *s, bks_diary *d) { return bks_store_diary_read(s, d); }
