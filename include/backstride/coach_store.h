// backstride — the coach's part of the library: profile, pain diary, sessions, shoes,
// interventions and screenings (schema version 2; the profile's experience and routine: version
// 3; src/store/store_coach.c, the only code that speaks their SQL). Days are stored as
// "YYYY-MM-DD" text.
#ifndef BACKSTRIDE_COACH_STORE_H
#define BACKSTRIDE_COACH_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/coach.h"
#include "backstride/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Replace the profile. Returns BKS_OK or BKS_E_DB. */
int bks_store_profile_set(bks_store *s, const bks_coach_profile *p);
/** The profile (`p->set` is 0 when none is stored). Returns BKS_OK or BKS_E_DB. */
int bks_store_profile_get(bks_store *s, bks_coach_profile *p);

/** Diary entries. Returns BKS_OK or BKS_E_DB. */
int bks_store_pain_add(bks_store *s, const bks_pain_entry *e);
int bks_store_session_add(bks_store *s, const bks_session_entry *e);
/** end_day < 0: still going. */
int bks_store_intervention_add(bks_store *s, const char *name, int64_t start_day, int64_t end_day);
/** Every intervention, by start day then id, into a malloc'd array (free() it; NULL when none). */
int bks_store_intervention_list(bks_store *s, bks_intervention **out, size_t *n);

/** All entries, oldest first, into a malloc'd array (free() it; NULL when none). */
int bks_store_pain_list(bks_store *s, bks_pain_entry **out, size_t *n);
int bks_store_session_list(bks_store *s, bks_session_entry **out, size_t *n);

/** Add a pair; BKS_E_INVAL when a pair of that name exists. */
int bks_store_shoe_add(bks_store *s, const char *name, int64_t start_day);
/** Retire a pair on `day`; BKS_END when no pair in use has that name. */
int bks_store_shoe_retire(bks_store *s, const char *name, int64_t day);
/** Every pair with the distance of the runs since its start day (to its retirement). */
int bks_store_shoe_list(bks_store *s, bks_shoe **out, size_t *n);

/** Store a dated screening (`flags` = BKS_FLAG_*, 0 clears). */
int bks_store_screen_add(bks_store *s, int64_t day, unsigned flags);
/** The latest screening: `*found` 0 when none. */
int bks_store_screen_latest(bks_store *s, int *found, int64_t *day, unsigned *flags);

// The runner's diary as the coach reads it; owns the arrays that a bks_coach_input points into.
typedef struct bks_coach_diary {
  bks_pain_entry *pain;
  bks_session_entry *sessions;
  bks_shoe *shoes;
} bks_coach_diary;

/**
 * Read the profile, pain, sessions, shoes and the latest screening into `in` (its `today` and
 * `runs` are left as they are); `d` owns the arrays `in` now points into. Returns BKS_OK, or
 * BKS_E_DB / BKS_E_NOMEM with nothing to free.
 */
int bks_store_coach_diary(bks_store *s, bks_coach_input *in, bks_coach_diary *d);

/** Free what bks_store_coach_diary allocated. Nullable: d. */
void bks_coach_diary_free(bks_coach_diary *d);

#ifdef __cplusplus
}
#endif

#endif
