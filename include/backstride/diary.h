// backstride — the runner's own records, as plain structs: the profile, the diary (pain,
// sessions, shoes, interventions, screenings) and the words they are written in. The store keeps
// them, the coach reads them; neither needs the other to know their shape.
#ifndef BKS_DIARY_H
#define BKS_DIARY_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/status.h"

#ifdef __cplusplus
extern "C" {
#endif

//---- Vocabularies (DESIGN.md) ----

// conditions (profile), a bit mask
enum {
  BKS_COND_HERNIATED_DISC = 1,
  BKS_COND_PAST_BACK_PAIN = 2,
  BKS_COND_OSTEOPOROSIS = 4,
  BKS_COND_PREGNANCY = 8,
  BKS_COND_SPINAL_SURGERY = 16,
  BKS_NCONDITIONS = 5
};

// red flags (screening), a bit mask; the first four are cauda-equina signs
enum {
  BKS_FLAG_SADDLE_ANAESTHESIA = 1,
  BKS_FLAG_BLADDER_DYSFUNCTION = 2,
  BKS_FLAG_BOWEL_DYSFUNCTION = 4,
  BKS_FLAG_PROGRESSIVE_LEG_WEAKNESS = 8,
  BKS_FLAG_FEVER = 16,
  BKS_FLAG_UNEXPLAINED_WEIGHT_LOSS = 32,
  BKS_FLAG_CANCER_HISTORY = 64,
  BKS_FLAG_NIGHT_PAIN = 128,
  BKS_FLAG_MAJOR_TRAUMA = 256,
  BKS_NFLAGS = 9,
  BKS_FLAGS_CAUDA_EQUINA = 15
};

/** Name of bit `i` (0-based) of a vocabulary; NULL past the end. */
BKS_API const char *bks_condition_name(int i);
BKS_API const char *bks_flag_name(int i);
/** The screening question for flag bit `i` (plain words). */
BKS_API const char *bks_flag_question(int i);
/** The bit of a name, 0 when unknown. */
BKS_API unsigned bks_condition_parse(const char *name);
BKS_API unsigned bks_flag_parse(const char *name);

// diary vocabularies: NULL-terminated lists
BKS_API extern const char *const bks_pain_locations[]; // lower_back, sacroiliac, buttock, leg, ...
BKS_API extern const char *const bks_pain_timings[];   // before, during, after, none
BKS_API extern const char *const bks_session_kinds[];  // strength, core, pilates, ...
/** 1 when `word` is in `list`. */
BKS_API int bks_word_in(const char *const *list, const char *word);

//---- The profile ----

// Plausibility bounds of a runner, the same for every command and form that takes the quantity
// (profile set, analyze, whatif, model, steps, the dashboard): a typo guard, not a judgement.
#define BKS_MASS_MIN_KG 20.0
#define BKS_MASS_MAX_KG 400.0
#define BKS_HEIGHT_MIN_M 0.8
#define BKS_HEIGHT_MAX_M 2.6
#define BKS_AGE_MIN_Y 5.0
#define BKS_AGE_MAX_Y 120.0

typedef struct bks_profile {
  int set; // 0: no profile stored
  double mass_kg, height_m, age_y;
  char sex; // 'f' or 'm'
  unsigned conditions;
  // experience and weekly routine (schema 4); NaN when not given
  double experience_y;      // years of regular running
  double runs_per_week;     // usual runs a week
  double weekly_km;         // usual running distance a week [km]
  double weekly_minutes;    // usual running time a week [min]
  double strength_per_week; // usual strength, core, Pilates or yoga sessions a week
  // the runner's calendar and units (schema 5); "" when not given: the system's zone, km
  char tz[64];   // IANA time zone name, e.g. "Europe/Oslo"
  char units[4]; // "km" or "mi"
} bks_profile;

// The profile's fields by name, in the order `profile` shows them (bks_profile_change.field).
BKS_API extern const char *const bks_profile_fields[]; // NULL-terminated

/**
 * Field `name` of `p` as text ("68", "f", "herniated_disc,past_back_pain", "Europe/Oslo"), "" when
 * not given; -1 when `name` is not a field.
 */
BKS_API int bks_profile_field_text(const bks_profile *p, const char *name, char *buf, size_t n);

/** When and how a profile field last changed. */
typedef struct bks_profile_change {
  char field[24];      // one of bks_profile_fields
  char value[96];      // as bks_profile_field_text ("" when cleared)
  char source[24];     // "command line", "dashboard"
  char changed_at[24]; // ISO 8601 UTC
} bks_profile_change;

/** A profile with nothing set (`set` 0, the routine fields NaN). */
BKS_API void bks_profile_init(bks_profile *p);

/**
 * The usual length of one run from the profile's routine [min]: weekly_minutes / runs_per_week;
 * NaN when either is missing or not positive.
 */
BKS_API double bks_profile_routine_run_minutes(const bks_profile *p);

typedef struct bks_pain_entry {
  int64_t id; // diary id (one id space for pain, sessions and interventions); 0 before stored
  int64_t day;
  double level; // 0..10
  char where[16];
  int radiating, numbness;
  char when[8]; // before, during, after, none
} bks_pain_entry;

typedef struct bks_session_entry {
  int64_t id; // diary id
  int64_t day;
  char kind[16];
  double minutes;
} bks_session_entry;

typedef struct bks_shoe {
  int64_t id;
  char name[64];
  int64_t start_day;
  int64_t retired_day; // -1 when in use
  double distance_m;   // of the runs that count for this pair (each run counts for one pair)
  double runs;
  int is_default; // new runs wear it
} bks_shoe;

//---- Interventions: anything the runner wants to follow ----

typedef struct bks_intervention {
  int64_t id; // diary id
  char name[208];
  int64_t start_day;
  int64_t end_day; // -1 while going on
} bks_intervention;

//---- One list of every entry, for `diary` ----

typedef enum bks_diary_kind {
  BKS_DIARY_PAIN = 1,
  BKS_DIARY_SESSION,
  BKS_DIARY_INTERVENTION
} bks_diary_kind;

typedef struct bks_diary_entry {
  int64_t id;
  bks_diary_kind kind; // which of the three below holds it
  int64_t day;         // the entry's day (an intervention's start)
  bks_pain_entry pain;
  bks_session_entry session;
  bks_intervention intervention;
} bks_diary_entry;

/** "pain", "session", "intervention". */
BKS_API const char *bks_diary_kind_name(bks_diary_kind k);

//---- The whole diary, as the coach reads it ----

typedef struct bks_diary {
  bks_profile profile;
  bks_pain_entry *pain; // oldest first
  size_t npain;
  bks_session_entry *sessions; // oldest first
  size_t nsessions;
  bks_shoe *shoes;
  size_t nshoes;
  int screened;       // a screening is stored
  int64_t screen_day; // its day
  unsigned red_flags; // BKS_FLAG_* of the latest screening (0: cleared)
} bks_diary;

/** An empty diary (no profile, no entries). */
BKS_API void bks_diary_init(bks_diary *d);
/** Free the entries (malloc'd by whoever filled it: bks_store_diary_read). Nullable: d. */
BKS_API void bks_diary_deinit(bks_diary *d);

#ifdef __cplusplus
}
#endif

#endif
