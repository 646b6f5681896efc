// The runner's records (schema versions 2 and 3): profile, pain, sessions, shoes, interventions,
// screenings. Takes and gives the plain structs of include/backstride/diary.h.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/alloc.h"
#include "backstride/date.h"
#include "backstride/store.h"
#include "store_internal.h"

static int prep(bks_store *s, const char *sql, sqlite3_stmt **st) {
  if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK) {
    return bks__store_dberr(s, "preparing a coach query");
  }
  return BKS_OK;
}

// step a write statement to the end and finalize it
static int done(bks_store *s, sqlite3_stmt *st, const char *what) {
  int rc = sqlite3_step(st);
  int out = BKS_OK;
  if (rc != SQLITE_DONE) out = bks__store_dberr(s, what);
  sqlite3_finalize(st);
  if (out == BKS_OK) s->msg[0] = 0;
  return out;
}

static void bind_day(sqlite3_stmt *st, int i, int64_t day) {
  char d[16];
  bks_date_format(day, d);
  sqlite3_bind_text(st, i, d, -1, SQLITE_TRANSIENT);
}

static int64_t col_day(sqlite3_stmt *st, int i, int64_t fallback) {
  int64_t d;
  const char *t = (const char *)sqlite3_column_text(st, i);
  return t && bks_date_parse(t, &d) == 0 ? d : fallback;
}

static void col_str(sqlite3_stmt *st, int i, char *buf, size_t n) {
  const char *t = (const char *)sqlite3_column_text(st, i);
  snprintf(buf, n, "%s", t ? t : "");
}

// comma-separated names of the bits of `mask` in vocabulary `name_of`
static void mask_words(unsigned mask, const char *(*name_of)(int), char *buf, size_t n) {
  size_t len = 0;
  buf[0] = 0;
  for (int i = 0; name_of(i) && len < n; i++) {
    if (mask & (1u << i)) {
      int w = snprintf(buf + len, n - len, "%s%s", len ? "," : "", name_of(i));
      if (w < 0) break;
      len += (size_t)w;
    }
  }
}

static unsigned words_mask(const char *text, unsigned (*parse)(const char *)) {
  unsigned m = 0;
  char w[64];
  for (const char *p = text ? text : ""; *p;) {
    const char *e = strchr(p, ',');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len < sizeof w) {
      memcpy(w, p, len);
      w[len] = 0;
      m |= parse(w);
    }
    if (!e) break;
    p = e + 1;
  }
  return m;
}

// an optional number: NaN is stored as NULL, and NULL read back as NaN
static void bind_opt(sqlite3_stmt *st, int i, double x) {
  if (isfinite(x)) {
    sqlite3_bind_double(st, i, x);
  } else {
    sqlite3_bind_null(st, i);
  }
}

static double col_opt(sqlite3_stmt *st, int i) {
  return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

//---- Profile ----

// write the profile row; in the caller's transaction
static int profile_write(bks_store *s, const bks_profile *p) {
  sqlite3_stmt *st;
  int rc = prep(
      s,
      "INSERT OR REPLACE INTO profile (id, mass_kg, height_m, age_y, sex, conditions, "
      "experience_y, runs_per_week, weekly_km, weekly_minutes, strength_per_week, tz, "
      "units, updated_at) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, " NOW ")",
      &st);
  if (rc < 0) return rc;
  char sex[2] = {p->sex, 0}, conds[160];
  mask_words(p->conditions, bks_condition_name, conds, sizeof conds);
  sqlite3_bind_double(st, 1, p->mass_kg);
  sqlite3_bind_double(st, 2, p->height_m);
  sqlite3_bind_double(st, 3, p->age_y);
  sqlite3_bind_text(st, 4, sex, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 5, conds, -1, SQLITE_TRANSIENT);
  bind_opt(st, 6, p->experience_y);
  bind_opt(st, 7, p->runs_per_week);
  bind_opt(st, 8, p->weekly_km);
  bind_opt(st, 9, p->weekly_minutes);
  bind_opt(st, 10, p->strength_per_week);
  if (p->tz[0]) sqlite3_bind_text(st, 11, p->tz, -1, SQLITE_TRANSIENT);
  if (p->units[0]) sqlite3_bind_text(st, 12, p->units, -1, SQLITE_TRANSIENT);
  return done(s, st, "storing the profile");
}

// one profile_changes row per field whose text differs between `old` and `p`
static int profile_log_changes(bks_store *s, const bks_profile *old, const bks_profile *p,
                               const char *source) {
  for (size_t i = 0; bks_profile_fields[i]; i++) {
    char a[160], b[160];
    bks_profile_field_text(old, bks_profile_fields[i], a, sizeof a);
    bks_profile_field_text(p, bks_profile_fields[i], b, sizeof b);
    if (old->set && strcmp(a, b) == 0) continue;
    if (!old->set && !b[0]) continue; // first profile: only what was given
    sqlite3_stmt *st;
    int rc = prep(s,
                  "INSERT INTO profile_changes (field, value, source, changed_at) "
                  "VALUES (?1, ?2, ?3, " NOW ")",
                  &st);
    if (rc < 0) return rc;
    sqlite3_bind_text(st, 1, bks_profile_fields[i], -1, SQLITE_STATIC);
    if (b[0]) sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, source ? source : "", -1, SQLITE_TRANSIENT);
    if ((rc = done(s, st, "recording a profile change")) < 0) return rc;
  }
  return BKS_OK;
}

int bks_store_profile_set(bks_store *s, const bks_profile *p, const char *source) {
  bks_profile old;
  if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
    return bks__store_dberr(s, "starting a transaction");
  }
  int rc = bks_store_profile_get(s, &old);
  if (rc == BKS_OK) rc = profile_write(s, p);
  if (rc == BKS_OK) rc = profile_log_changes(s, &old, p, source);
  if (rc == BKS_OK && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
    rc = bks__store_dberr(s, "committing the profile");
  }
  if (rc != BKS_OK) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  return rc;
}

int bks_store_profile_changes(bks_store *s, bks_profile_change **out, size_t *n) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st;
  // the latest change of each field (ids grow with time)
  int rc = prep(s,
                "SELECT field, value, source, changed_at FROM profile_changes WHERE id IN "
                "(SELECT max(id) FROM profile_changes GROUP BY field) ORDER BY id",
                &st);
  if (rc < 0) return rc;
  size_t cap = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (*n == cap) {
      cap = cap ? 2 * cap : 16;
      bks_profile_change *t = bks_realloc(*out, cap * sizeof *t);
      if (!t) {
        sqlite3_finalize(st);
        free(*out);
        *out = NULL;
        *n = 0;
        return BKS_E_NOMEM;
      }
      *out = t;
    }
    bks_profile_change *c = &(*out)[(*n)++];
    col_str(st, 0, c->field, sizeof c->field);
    col_str(st, 1, c->value, sizeof c->value);
    col_str(st, 2, c->source, sizeof c->source);
    col_str(st, 3, c->changed_at, sizeof c->changed_at);
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) {
    free(*out);
    *out = NULL;
    *n = 0;
    return bks__store_dberr(s, "reading the profile's changes");
  }
  return BKS_OK;
}

int bks_store_profile_get(bks_store *s, bks_profile *p) {
  bks_profile_init(p);
  sqlite3_stmt *st;
  int rc = prep(s,
                "SELECT mass_kg, height_m, age_y, sex, conditions, experience_y, runs_per_week, "
                "weekly_km, weekly_minutes, strength_per_week, tz, units FROM profile WHERE id = 1",
                &st);
  if (rc < 0) return rc;
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    p->set = 1;
    p->mass_kg = sqlite3_column_double(st, 0);
    p->height_m = sqlite3_column_double(st, 1);
    p->age_y = sqlite3_column_double(st, 2);
    const char *sex = (const char *)sqlite3_column_text(st, 3);
    p->sex = sex && sex[0] ? sex[0] : '?';
    p->conditions = words_mask((const char *)sqlite3_column_text(st, 4), bks_condition_parse);
    p->experience_y = col_opt(st, 5);
    p->runs_per_week = col_opt(st, 6);
    p->weekly_km = col_opt(st, 7);
    p->weekly_minutes = col_opt(st, 8);
    p->strength_per_week = col_opt(st, 9);
    col_str(st, 10, p->tz, sizeof p->tz);
    col_str(st, 11, p->units, sizeof p->units);
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return bks__store_dberr(s, "reading the profile");
  return BKS_OK;
}

//---- Diary ----

// a new id from the one id space of the diary (never reused)
static int diary_id(bks_store *s, const char *kind, int64_t *id) {
  sqlite3_stmt *st;
  int rc = prep(s, "INSERT INTO diary_ids (kind) VALUES (?1)", &st);
  if (rc < 0) return rc;
  sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
  if ((rc = done(s, st, "numbering a diary entry")) < 0) return rc;
  *id = sqlite3_last_insert_rowid(s->db);
  return BKS_OK;
}

// the pain entry's columns from ?2 on
static void bind_pain(sqlite3_stmt *st, const bks_pain_entry *e) {
  bind_day(st, 2, e->day);
  sqlite3_bind_double(st, 3, e->level);
  sqlite3_bind_text(st, 4, e->where, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 5, e->radiating != 0);
  sqlite3_bind_int(st, 6, e->numbness != 0);
  sqlite3_bind_text(st, 7, e->when, -1, SQLITE_TRANSIENT);
}

int bks_store_pain_add(bks_store *s, const bks_pain_entry *e) {
  int64_t id;
  int rc = diary_id(s, "pain", &id);
  if (rc < 0) return rc;
  sqlite3_stmt *st;
  rc = prep(s,
            "INSERT INTO pain (id, day, level, location, radiating, numbness, timing, logged_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, " NOW ")",
            &st);
  if (rc < 0) return rc;
  sqlite3_bind_int64(st, 1, id);
  bind_pain(st, e);
  return done(s, st, "storing a pain entry");
}

int bks_store_pain_update(bks_store *s, const bks_pain_entry *e) {
  sqlite3_stmt *st;
  int rc = prep(s,
                "UPDATE pain SET day = ?2, level = ?3, location = ?4, radiating = ?5, "
                "numbness = ?6, timing = ?7 WHERE id = ?1",
                &st);
  if (rc < 0) return rc;
  sqlite3_bind_int64(st, 1, e->id);
  bind_pain(st, e);
  if ((rc = done(s, st, "changing a pain entry")) < 0) return rc;
  if (sqlite3_changes(s->db) == 0) {
    return bks__store_fail(s, BKS_END, "no pain entry has id %lld", (long long)e->id);
  }
  return BKS_OK;
}

int bks_store_session_add(bks_store *s, const bks_session_entry *e) {
  int64_t id;
  int rc = diary_id(s, "session", &id);
  if (rc < 0) return rc;
  sqlite3_stmt *st;
  rc = prep(s,
            "INSERT INTO sessions (id, day, kind, minutes, logged_at) "
            "VALUES (?1, ?2, ?3, ?4, " NOW ")",
            &st);
  if (rc < 0) return rc;
  sqlite3_bind_int64(st, 1, id);
  bind_day(st, 2, e->day);
  sqlite3_bind_text(st, 3, e->kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_double(st, 4, e->minutes);
  return done(s, st, "storing a session");
}

int bks_store_session_update(bks_store *s, const bks_session_entry *e) {
  sqlite3_stmt *st;
  int rc = prep(s, "UPDATE sessions SET day = ?2, kind = ?3, minutes = ?4 WHERE id = ?1", &st);
  if (rc < 0) return rc;
  sqlite3_bind_int64(st, 1, e->id);
  bind_day(st, 2, e->day);
  sqlite3_bind_text(st, 3, e->kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_double(st, 4, e->minutes);
  if ((rc = done(s, st, "changing a session")) < 0) return rc;
  if (sqlite3_changes(s->db) == 0) {
    return bks__store_fail(s, BKS_END, "no session has id %lld", (long long)e->id);
  }
  return BKS_OK;
}

int bks_store_intervention_add(bks_store *s, const char *name, int64_t start, int64_t end) {
  int64_t id;
  int rc = diary_id(s, "intervention", &id);
  if (rc < 0) return rc;
  sqlite3_stmt *st;
  rc = prep(s,
            "INSERT INTO interventions (id, name, start_day, end_day, logged_at) "
            "VALUES (?1, ?2, ?3, ?4, " NOW ")",
            &st);
  if (rc < 0) return rc;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
  bind_day(st, 3, start);
  if (end >= 0) bind_day(st, 4, end);
  return done(s, st, "storing an intervention");
}

int bks_store_intervention_update(bks_store *s, const bks_intervention *e) {
  sqlite3_stmt *st;
  int rc = prep(s, "UPDATE interventions SET name = ?2, start_day = ?3, end_day = ?4 WHERE id = ?1",
                &st);
  if (rc < 0) return rc;
  sqlite3_bind_int64(st, 1, e->id);
  sqlite3_bind_text(st, 2, e->name, -1, SQLITE_TRANSIENT);
  bind_day(st, 3, e->start_day);
  if (e->end_day >= 0) bind_day(st, 4, e->end_day);
  if ((rc = done(s, st, "changing an intervention")) < 0) return rc;
  if (sqlite3_changes(s->db) == 0) {
    return bks__store_fail(s, BKS_END, "no intervention has id %lld", (long long)e->id);
  }
  return BKS_OK;
}

int bks_store_diary_delete(bks_store *s, int64_t id) {
  static const char *const sql[] = {"DELETE FROM pain WHERE id = ?1",
                                    "DELETE FROM sessions WHERE id = ?1",
                                    "DELETE FROM interventions WHERE id = ?1"};
  int gone = 0;
  for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
    sqlite3_stmt *st;
    int rc = prep(s, sql[i], &st);
    if (rc < 0) return rc;
    sqlite3_bind_int64(st, 1, id);
    if ((rc = done(s, st, "deleting a diary entry")) < 0) return rc;
    gone += sqlite3_changes(s->db);
  }
  if (!gone) return bks__store_fail(s, BKS_END, "no diary entry has id %lld", (long long)id);
  return BKS_OK;
}

//---- Runs: the runner's corrections ----

int bks_store_run_rename(bks_store *s, int64_t id, const char *name) {
  sqlite3_stmt *st;
  int rc = prep(s, "UPDATE runs SET name = ?2 WHERE id = ?1", &st);
  if (rc < 0) return rc;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
  if ((rc = done(s, st, "renaming a run")) < 0) return rc;
  if (sqlite3_changes(s->db) == 0) {
    return bks__store_fail(s, BKS_END, "no run has id %lld", (long long)id);
  }
  return BKS_OK;
}

// run `sql` (one statement, ?1 = id when `id` >= 0); the number of rows it changed in *changed
static int exec_id(bks_store *s, const char *sql, int64_t id, const char *what, int *changed) {
  sqlite3_stmt *st;
  int rc = prep(s, sql, &st);
  if (rc < 0) return rc;
  if (id >= 0) sqlite3_bind_int64(st, 1, id);
  rc = done(s, st, what);
  if (changed) *changed = sqlite3_changes(s->db);
  return rc;
}

int bks_store_run_delete(bks_store *s, int64_t id) {
  if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
    return bks__store_dberr(s, "starting a transaction");
  }
  int gone = 0;
  int rc = exec_id(s,
                   "UPDATE sources SET runs_deleted = runs_deleted + 1 WHERE id = "
                   "(SELECT source_id FROM runs WHERE id = ?1)",
                   id, "counting a deleted run", NULL);
  if (rc == BKS_OK) rc = exec_id(s, "DELETE FROM runs WHERE id = ?1", id, "deleting a run", &gone);
  if (rc == BKS_OK && !gone) rc = bks__store_fail(s, BKS_END, "no run has id %lld", (long long)id);
  if (rc == BKS_OK && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
    rc = bks__store_dberr(s, "committing");
  }
  if (rc != BKS_OK) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  return rc;
}

int bks_store_forget_deleted(bks_store *s, int64_t *sources) {
  *sources = 0;
  if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
    return bks__store_dberr(s, "starting a transaction");
  }
  int n = 0;
  int rc = exec_id(s,
                   "DELETE FROM runs WHERE source_id IN (SELECT id FROM sources WHERE "
                   "runs_deleted > 0)",
                   -1, "forgetting deleted runs", NULL);
  if (rc == BKS_OK) {
    rc = exec_id(s, "DELETE FROM sources WHERE runs_deleted > 0", -1, "forgetting files", &n);
  }
  if (rc == BKS_OK && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
    rc = bks__store_dberr(s, "committing");
  }
  if (rc != BKS_OK) {
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
  }
  *sources = n;
  return BKS_OK;
}

// grow *arr to hold n + 1 elements of `size`
static int grow(void **arr, size_t *cap, size_t n, size_t size);

int bks_store_intervention_list(bks_store *s, bks_intervention **out, size_t *n) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st;
  int rc =
      prep(s, "SELECT id, name, start_day, end_day FROM interventions ORDER BY start_day, id", &st);
  if (rc < 0) return rc;
  bks_intervention *a = NULL;
  size_t cap = 0, k = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (grow((void **)&a, &cap, k, sizeof *a) < 0) {
      sqlite3_finalize(st);
      free(a);
      return bks__store_fail(s, BKS_E_NOMEM, "out of memory reading interventions");
    }
    bks_intervention *e = &a[k++];
    memset(e, 0, sizeof *e);
    e->id = sqlite3_column_int64(st, 0);
    col_str(st, 1, e->name, sizeof e->name);
    e->start_day = col_day(st, 2, 0);
    e->end_day = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : col_day(st, 3, -1);
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) {
    free(a);
    return bks__store_dberr(s, "reading interventions");
  }
  *out = a;
  *n = k;
  return BKS_OK;
}

static int grow(void **arr, size_t *cap, size_t n, size_t size) {
  if (n < *cap) return 0;
  size_t c = *cap ? *cap * 2 : 16;
  void *p = bks_realloc(*arr, c * size);
  if (!p) return -1;
  *arr = p;
  *cap = c;
  return 0;
}

int bks_store_pain_list(bks_store *s, bks_pain_entry **out, size_t *n) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st;
  int rc = prep(s,
                "SELECT day, level, location, radiating, numbness, timing, id FROM pain "
                "ORDER BY day, id",
                &st);
  if (rc < 0) return rc;
  bks_pain_entry *a = NULL;
  size_t cap = 0, k = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (grow((void **)&a, &cap, k, sizeof *a) < 0) {
      sqlite3_finalize(st);
      free(a);
      return bks__store_fail(s, BKS_E_NOMEM, "out of memory reading the pain diary");
    }
    bks_pain_entry *e = &a[k++];
    memset(e, 0, sizeof *e);
    e->day = col_day(st, 0, 0);
    e->level = sqlite3_column_double(st, 1);
    col_str(st, 2, e->where, sizeof e->where);
    e->radiating = sqlite3_column_int(st, 3);
    e->numbness = sqlite3_column_int(st, 4);
    col_str(st, 5, e->when, sizeof e->when);
    e->id = sqlite3_column_int64(st, 6);
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) {
    free(a);
    return bks__store_dberr(s, "reading the pain diary");
  }
  *out = a;
  *n = k;
  return BKS_OK;
}

int bks_store_session_list(bks_store *s, bks_session_entry **out, size_t *n) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st;
  int rc = prep(s, "SELECT day, kind, minutes, id FROM sessions ORDER BY day, id", &st);
  if (rc < 0) return rc;
  bks_session_entry *a = NULL;
  size_t cap = 0, k = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (grow((void **)&a, &cap, k, sizeof *a) < 0) {
      sqlite3_finalize(st);
      free(a);
      return bks__store_fail(s, BKS_E_NOMEM, "out of memory reading sessions");
    }
    bks_session_entry *e = &a[k++];
    memset(e, 0, sizeof *e);
    e->day = col_day(st, 0, 0);
    col_str(st, 1, e->kind, sizeof e->kind);
    e->minutes = sqlite3_column_double(st, 2);
    e->id = sqlite3_column_int64(st, 3);
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) {
    free(a);
    return bks__store_dberr(s, "reading sessions");
  }
  *out = a;
  *n = k;
  return BKS_OK;
}

//---- Shoes ----

// the id of the pair named `name` (any case); BKS_END when none
static int shoe_id(bks_store *s, const char *name, int64_t *id) {
  sqlite3_stmt *st;
  int rc = prep(s, "SELECT id FROM shoes WHERE name = ?1 COLLATE NOCASE ORDER BY id LIMIT 1", &st);
  if (rc < 0) return rc;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) *id = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  if (rc == SQLITE_ROW) return BKS_OK;
  if (rc != SQLITE_DONE) return bks__store_dberr(s, "looking up a pair of shoes");
  return bks__store_fail(s, BKS_END, "no pair is named '%s'", name);
}

int bks_store_shoe_add(bks_store *s, const char *name, int64_t start) {
  int64_t id;
  int rc = shoe_id(s, name, &id);
  if (rc == BKS_OK) return bks__store_fail(s, BKS_E_INVAL, "a pair named '%s' exists", name);
  if (rc != BKS_END) return rc;
  sqlite3_stmt *st;
  rc = prep(s, "INSERT INTO shoes (name, start_day) VALUES (?1, ?2)", &st);
  if (rc < 0) return rc;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
  bind_day(st, 2, start);
  return done(s, st, "storing a pair of shoes");
}

int bks_store_shoe_retire(bks_store *s, const char *name, int64_t day) {
  sqlite3_stmt *st;
  int rc = prep(s,
                "UPDATE shoes SET retired_day = ?2, is_default = 0 WHERE name = ?1 COLLATE NOCASE "
                "AND retired_day IS NULL",
                &st);
  if (rc < 0) return rc;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
  bind_day(st, 2, day);
  rc = done(s, st, "retiring a pair of shoes");
  if (rc < 0) return rc;
  if (sqlite3_changes(s->db) == 0) {
    return bks__store_fail(s, BKS_END, "no pair in use is named '%s'", name);
  }
  return BKS_OK;
}

int bks_store_shoe_default(bks_store *s, const char *name) {
  int64_t id = 0;
  int rc;
  if (name && (rc = shoe_id(s, name, &id)) != BKS_OK) return rc; // BKS_END: no such pair
  sqlite3_stmt *st;
  rc = prep(s,
            "UPDATE shoes SET is_default = (id = ?1 AND retired_day IS NULL) WHERE is_default = 1 "
            "OR id = ?1",
            &st);
  if (rc < 0) return rc;
  sqlite3_bind_int64(st, 1, id);
  if ((rc = done(s, st, "choosing the default pair")) < 0) return rc;
  if (name) {
    // a retired pair cannot be the default: say so rather than do nothing
    if (sqlite3_prepare_v2(s->db, "SELECT is_default FROM shoes WHERE id = ?1", -1, &st, NULL) !=
        SQLITE_OK) {
      return bks__store_dberr(s, "reading the default pair");
    }
    sqlite3_bind_int64(st, 1, id);
    int ok = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
    sqlite3_finalize(st);
    if (!ok) return bks__store_fail(s, BKS_E_INVAL, "the pair '%s' is retired", name);
  }
  return BKS_OK;
}

int bks_store_shoe_assign(bks_store *s, int64_t run_id, const char *name) {
  int64_t id;
  int rc = shoe_id(s, name, &id);
  if (rc != BKS_OK) return rc; // BKS_END (no such pair) is positive
  sqlite3_stmt *st;
  rc = prep(s, "UPDATE runs SET shoe_id = ?2 WHERE id = ?1", &st);
  if (rc < 0) return rc;
  sqlite3_bind_int64(st, 1, run_id);
  sqlite3_bind_int64(st, 2, id);
  if ((rc = done(s, st, "assigning shoes to a run")) < 0) return rc;
  if (sqlite3_changes(s->db) == 0) {
    return bks__store_fail(s, BKS_END, "no run has id %lld", (long long)run_id);
  }
  return BKS_OK;
}

int bks_store_shoe_unassigned(bks_store *s, int64_t *n) {
  sqlite3_stmt *st;
  int rc = prep(s,
                "SELECT count(*) FROM run_shoes v JOIN runs r ON r.id = v.run_id "
                "WHERE v.shoe_id IS NULL AND (SELECT count(*) FROM shoes sh WHERE r.start_utc >= "
                "  unixepoch(sh.start_day, 'utc') AND (sh.retired_day IS NULL OR "
                "  r.start_utc < unixepoch(sh.retired_day, '+1 day', 'utc'))) > 1",
                &st);
  if (rc < 0) return rc;
  rc = sqlite3_step(st);
  *n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW) return bks__store_dberr(s, "counting runs without shoes");
  return BKS_OK;
}

int bks_store_shoe_list(bks_store *s, bks_shoe **out, size_t *n) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st;
  // distance: the runs that count for the pair (the view run_shoes: each run at most once)
  int rc = prep(s,
                "SELECT sh.name, sh.start_day, sh.retired_day, "
                "  (SELECT total(r.distance_m) FROM runs r JOIN run_shoes v ON v.run_id = r.id "
                "     WHERE v.shoe_id = sh.id), "
                "  (SELECT count(*) FROM run_shoes v WHERE v.shoe_id = sh.id), sh.id, "
                "  sh.is_default "
                "FROM shoes sh ORDER BY sh.start_day, sh.id",
                &st);
  if (rc < 0) return rc;
  bks_shoe *a = NULL;
  size_t cap = 0, k = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (grow((void **)&a, &cap, k, sizeof *a) < 0) {
      sqlite3_finalize(st);
      free(a);
      return bks__store_fail(s, BKS_E_NOMEM, "out of memory reading shoes");
    }
    bks_shoe *e = &a[k++];
    memset(e, 0, sizeof *e);
    col_str(st, 0, e->name, sizeof e->name);
    e->start_day = col_day(st, 1, 0);
    e->retired_day = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : col_day(st, 2, -1);
    e->distance_m = sqlite3_column_double(st, 3);
    e->runs = sqlite3_column_double(st, 4);
    e->id = sqlite3_column_int64(st, 5);
    e->is_default = sqlite3_column_int(st, 6);
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) {
    free(a);
    return bks__store_dberr(s, "reading shoes");
  }
  *out = a;
  *n = k;
  return BKS_OK;
}

//---- Screenings ----

int bks_store_screen_add(bks_store *s, int64_t day, unsigned flags) {
  sqlite3_stmt *st;
  int rc =
      prep(s, "INSERT INTO screenings (day, flags, screened_at) VALUES (?1, ?2, " NOW ")", &st);
  if (rc < 0) return rc;
  char words[256];
  mask_words(flags, bks_flag_name, words, sizeof words);
  bind_day(st, 1, day);
  sqlite3_bind_text(st, 2, words, -1, SQLITE_TRANSIENT);
  return done(s, st, "storing a screening");
}

int bks_store_screen_latest(bks_store *s, int *found, int64_t *day, unsigned *flags) {
  *found = 0;
  *day = 0;
  *flags = 0;
  sqlite3_stmt *st;
  int rc = prep(s, "SELECT day, flags FROM screenings ORDER BY id DESC LIMIT 1", &st);
  if (rc < 0) return rc;
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *found = 1;
    *day = col_day(st, 0, 0);
    *flags = words_mask((const char *)sqlite3_column_text(st, 1), bks_flag_parse);
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return bks__store_dberr(s, "reading screenings");
  return BKS_OK;
}

int bks_store_diary_read(bks_store *s, bks_diary *d) {
  int rc;
  bks_diary_init(d);
  if ((rc = bks_store_profile_get(s, &d->profile)) < 0 ||
      (rc = bks_store_pain_list(s, &d->pain, &d->npain)) < 0 ||
      (rc = bks_store_session_list(s, &d->sessions, &d->nsessions)) < 0 ||
      (rc = bks_store_shoe_list(s, &d->shoes, &d->nshoes)) < 0 ||
      (rc = bks_store_screen_latest(s, &d->screened, &d->screen_day, &d->red_flags)) < 0) {
    bks_diary_deinit(d);
    return rc;
  }
  return BKS_OK;
}
