// backstride — the prevention coach: the runner's profile and diary in, risk findings and a plan
// for the coming week out (before / during / after the run, rest days), with red-flag referral.
//
// Pure computation: no SQL, no I/O, no clock. The caller (cli/cmd_coach.c) reads the library
// (backstride/coach_store.h) and passes `today`, so that the same input always gives the same
// plan. Every health statement traces to a source in docs/science.md ("Coach").
//
//     bks_coach_input in = {.today = day, .profile = p, .pain = pain, .npain = n, ...};
//     bks_finding f[BKS_COACH_MAX_FINDINGS];
//     size_t nf = bks_coach_findings(&in, f);
//     bks_plan plan;
//     bks_coach_plan(&in, f, nf, &plan);
#ifndef BACKSTRIDE_COACH_H
#define BACKSTRIDE_COACH_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/date.h"
#include "backstride/diary.h"
#include "backstride/status.h"

#ifdef __cplusplus
extern "C" {
#endif

//---- Exercise catalogue (data/exercises.tsv, compiled in) ----

typedef struct bks_exercise {
  const char *id, *name, *category, *targets;
  const char *phases; // "before,rest"...
  const char *dose, *progression, *instructions;
  const char *contraindications; // condition names, comma-separated ("" for none)
  const char *source;            // class-level source or "no specific evidence"
} bks_exercise;

BKS_API size_t bks_exercise_count(void);
/** Exercise `i` (catalogue order); NULL past the end. */
BKS_API const bks_exercise *bks_exercise_at(size_t i);
/** The exercise with that id; NULL when none. */
BKS_API const bks_exercise *bks_exercise_find(const char *id);
/** Its contraindications as a BKS_COND_* mask. */
BKS_API unsigned bks_exercise_contra(const bks_exercise *e);
/** 1 when its phases include `phase` ("before", "after", "rest"). */
BKS_API int bks_exercise_has_phase(const bks_exercise *e, const char *phase);

//---- Thresholds (src/coach/thresholds.c) ----

// Every number the findings, the referral, the pain rule and the plan compare against lives in ONE
// table, each entry with its source or "product choice" (shaped like bks_model_params); the
// evidence and threshold texts are formatted from the same entries. docs/science.md ("Coach")
// names every entry.
typedef enum bks_coach_threshold_id {
  BKS_T_RECENT_DAYS,         // the recent window of diary and runs [days]
  BKS_T_CORE_SESSIONS,       // core/strength sessions in the recent window below which: weak_core
  BKS_T_CORE_ROUTINE,        // a profile routine of this many a week stands in for an empty diary
  BKS_T_SHOE_KM,             // a pair's distance flagged for replacement [km]
  BKS_T_SHOE_MIN_RUNS,       // runs with running dynamics before a per-pair impact trend
  BKS_T_SHOE_MIN_SPAN_KM,    // ... over at least this distance [km]
  BKS_T_BOUNCE_CM,           // mean vertical oscillation above which: bounce [cm]
  BKS_T_ACWR_SPIKE,          // acute:chronic ratio of running time flagged as a (soft) spike
  BKS_T_LONG_RUN_RATIO,      // a run longer than this x the longest recent run: overexertion
  BKS_T_NOVICE_YEARS,        // years of running below which a runner is a novice
  BKS_T_BMI,                 // BMI above which: body_mass [kg/m^2]
  BKS_T_DRIFT_CADENCE,       // cadence drop over a run that counts as drift [fraction]
  BKS_T_DRIFT_LLI,           // LLI rise over a run that counts as drift [fraction]
  BKS_T_DRIFT_MIN_RUNS,      // drifting runs needed to flag fatigue_drift
  BKS_T_DRIFT_SHARE,         // ... and at least this share of the eligible runs
  BKS_T_PAIN_STOP,           // pain level that stops running [/10]
  BKS_T_PAIN_STOP_DAYS,      // ... when logged on the days today-N..today ("72 hours")
  BKS_T_PAIN_RISE_DAYS,      // a rise during a run counts for the days today-N..today
  BKS_T_PAIN_MODERATE,       // pain level that shortens the run [/10]
  BKS_T_PAIN_MODERATE_CUT,   // ... to this fraction of the cap
  BKS_T_RUN_MIN_MINUTES,     // a shortened cap never goes below this [min]
  BKS_T_RUN_DEFAULT_MINUTES, // the cap halved when there is no run history [min]
  BKS_T_WORSENING_POINTS,    // this week's mean pain this far above last week's: routine referral
  BKS_T_UNIMPROVED_DAYS,     // pain no better than this many days ago: routine referral
  BKS_NTHRESHOLDS
} bks_coach_threshold_id;

typedef struct bks_coach_threshold {
  const char *name; // stable id, named in docs/science.md
  double value;
  const char *unit;   // "1" for a ratio
  const char *source; // citation, or "product choice: ..." with the reason
} bks_coach_threshold;

/** Entry `id` of the table (NULL past the end). */
BKS_API const bks_coach_threshold *bks_coach_threshold_at(bks_coach_threshold_id id);

//---- Input ----

typedef struct bks_run_brief {
  int64_t start_utc;
  double duration_s;
  double distance_m; // NaN when unknown
  double vo_cm;      // mean measured vertical oscillation, NaN when not measured
  int64_t shoe_id;   // the pair it counts for (bks_shoe.id), 0 when none
} bks_run_brief;

// What the load engine made of one run (the caller models it; see bks_coach_run_metrics). Thirds
// are of the run's steps: "drift" = mean over the last third / mean over the first third - 1.
typedef struct bks_run_metrics {
  int modelled;        // 0: not modelled (no running step, not read): ignore the rest
  int dynamics;        // 1 when most steps came from measured stance time (running dynamics)
  double lli;          // mean Lumbar Load Index
  double peak_vgrf_bw; // mean corrected peak vertical force [BW]
  double dose;         // cumulative relative dose of the run
  double speed;        // mean speed [m/s] (NaN when unknown)
  double minutes;      // running time modelled [min]
  double drift_cadence, drift_contact, drift_lli, drift_speed; // NaN when too short
} bks_run_metrics;

/** Not modelled, every number NaN. */
BKS_API void bks_run_metrics_init(bks_run_metrics *m);

typedef struct bks_coach_input {
  int64_t today; // day number of "now" (the caller's clock)
  bks_profile profile;
  const bks_pain_entry *pain; // any order
  size_t npain;
  const bks_session_entry *sessions;
  size_t nsessions;
  const bks_shoe *shoes;
  size_t nshoes;
  const bks_run_brief *runs; // any order
  size_t nruns;
  int screened;       // a screening is stored
  int64_t screen_day; // its day
  unsigned red_flags; // BKS_FLAG_* of the latest screening (0: cleared)
  // Nullable: one per run, in the order of `runs`; NULL when the runs were not modelled (then the
  // fatigue-drift and shoe-impact findings are "unknown")
  const bks_run_metrics *metrics;
} bks_coach_input;

/** Point `in` at the profile, diary entries and screening of `d` (which must outlive `in`); its
 * `today`, runs and metrics are left as they are. */
BKS_API void bks_coach_input_set_diary(bks_coach_input *in, const bks_diary *d);

//---- Findings ----

typedef enum bks_finding_status {
  BKS_FINDING_OK = 0, // looked at; below the threshold
  BKS_FINDING_FLAG,   // at or above the threshold
  BKS_FINDING_UNKNOWN // not measured or not enough data
} bks_finding_status;

typedef struct bks_finding {
  const char *id;    // weak_core, posture, disc, shoes, shoe_impact, bounce, overexertion,
                     // fatigue_drift, body_mass, pain
  const char *title; // a few words
  bks_finding_status status;
  char evidence[480];     // the runner's own numbers
  char threshold[320];    // what counts, and where that number comes from
  const char *source;     // docs/science.md ("Coach")
  const char *confidence; // "low", "medium", "high"
} bks_finding;

#define BKS_COACH_MAX_FINDINGS 10

/** Evaluate every risk factor; writes BKS_COACH_MAX_FINDINGS findings, returns how many. */
BKS_API size_t bks_coach_findings(const bks_coach_input *in,
                                  bks_finding out[BKS_COACH_MAX_FINDINGS]);

//---- Plan ----

typedef enum bks_referral {
  BKS_REFER_NONE = 0,
  BKS_REFER_ROUTINE,
  BKS_REFER_URGENT,
  BKS_REFER_EMERGENCY
} bks_referral;

/** "routine", "urgent", "emergency" (NULL for none). */
BKS_API const char *bks_referral_name(bks_referral r);

typedef struct bks_plan_item {
  const char *exercise; // catalogue id
  char dose[160];
  const char *answers; // finding id
} bks_plan_item;

typedef struct bks_plan_cue {
  char cue[200];
  const char *answers; // finding id
  const char *source;
} bks_plan_cue;

#define BKS_PLAN_MAX 12

typedef struct bks_plan {
  bks_referral referral;
  char referral_reason[320];
  int running_allowed;
  double max_minutes; // NaN: no cap (JSON null)
  char why[400];
  bks_plan_item before[BKS_PLAN_MAX], after[BKS_PLAN_MAX], rest_day[BKS_PLAN_MAX];
  size_t nbefore, nafter, nrest_day;
  bks_plan_cue during[BKS_PLAN_MAX];
  size_t nduring;
} bks_plan;

/** The referral the input calls for, with its reason (`reason` may be NULL). */
BKS_API bks_referral bks_coach_referral(const bks_coach_input *in, char *reason, size_t reason_sz);

/**
 * The pain rule (DESIGN.md): 1 when running must stop (pain >= 7/10 logged in the last 72 hours,
 * counted as the days today-3..today, or pain that rose during a run in the last 7 days: on a day
 * with a run, a 'during' or 'after' level above a 'before' level logged that day; a level nobody
 * logged is unknown, never 0), with why.
 */
BKS_API int bks_coach_pain_stop(const bks_coach_input *in, char *why, size_t why_sz);

/**
 * The plan for the coming week. Deterministic; never plans an exercise contraindicated by the
 * profile's conditions; a referral of any level or the pain rule sets running_allowed to 0.
 */
BKS_API void bks_coach_plan(const bks_coach_input *in, const bks_finding *f, size_t nf,
                            bks_plan *out);

//---- Did it help? (interventions) ----

// At least this many values on each side before a comparison is made (docs/science.md, "Did it
// help?": below it the spread, and so the effect size and the interval, cannot be estimated).
#define BKS_EFFECT_MIN_N 5
// bootstrap resamples, and the fixed seed that makes the same input give the same interval
#define BKS_EFFECT_RESAMPLES 2000
#define BKS_EFFECT_SEED 0x6261636B73747264ull // "backstrd"

typedef struct bks_effect {
  size_t n_before, n_during;
  double mean_before, mean_during; // NaN when that side is empty
  double sd_before, sd_during;     // sample SDs (NaN below 2 values)
  int enough;                      // both sides have at least BKS_EFFECT_MIN_N values
  // the rest only when `enough`, else NaN
  double difference;   // mean_during - mean_before
  double hedges_g;     // difference / pooled SD, small-sample corrected (Hedges 1981)
  double ci_lo, ci_hi; // percentile bootstrap 95 % interval of the difference
} bks_effect;

/**
 * Compare `during[nd]` with `before[nb]`: means, SDs, Hedges' g and a percentile bootstrap 95 %
 * interval of the difference in means (BKS_EFFECT_RESAMPLES resamples of each side with
 * replacement, xorshift64* seeded with `seed`: the same input and seed always give the same
 * result). Refuses (enough = 0) below BKS_EFFECT_MIN_N values on either side. Returns BKS_OK,
 * BKS_E_INVAL for a non-finite value, or BKS_E_NOMEM. Nullable: before when nb is 0, during when
 * nd is 0.
 */
BKS_API int bks_effect_compute(const double *before, size_t nb, const double *during, size_t nd,
                               uint64_t seed, bks_effect *out);

/** "lower", "higher", "no clear change" (the interval holds 0) or "not enough data". */
BKS_API const char *bks_effect_verdict(const bks_effect *e);

#ifdef __cplusplus
}
#endif

#endif
