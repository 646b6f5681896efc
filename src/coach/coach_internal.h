// backstride coach internals: the compiled-in catalogue (src/coach/exercises_data.c, generated),
// the threshold table and sources (thresholds.c), and what the findings (findings.c,
// findings_runs.c), the referral and pain rule (referral.c) and the plan (plan.c) share.
#ifndef BKS_COACH_INTERNAL_H
#define BKS_COACH_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/coach.h"

extern const bks_exercise bks__exercises[];
extern const size_t bks__nexercises;

extern const bks_coach_threshold bks__thresholds[BKS_NTHRESHOLDS];

/** The value of threshold `id`. */
#define BKS_T(id) (bks__thresholds[(id)].value)

// the sources of each finding (thresholds.c), shared with the plan's cues
extern const char bks__src_core[], bks__src_posture[], bks__src_disc[], bks__src_shoes[],
    bks__src_bounce[], bks__src_load[], bks__src_bmi[], bks__src_pain[], bks__src_drift[],
    bks__src_shoe_impact[];

/** Highest pain level logged on days [from, to]; -1 when none (referral.c). */
double bks__max_pain(const bks_coach_input *in, int64_t from, int64_t to);

/** Mean pain level over the entries on days [from, to]; NaN when none. */
double bks__mean_pain(const bks_coach_input *in, int64_t from, int64_t to);

/** Day number (UTC) a run started on. */
int64_t bks__run_day(const bks_run_brief *r);

/** Clear `f` and give it its id, title and source; status unknown, confidence low. */
void bks__fset(bks_finding *f, const char *id, const char *title, const char *source);

/** Within-run fatigue drift over the last 28 days' modelled runs (src/coach/findings_runs.c). */
void bks__finding_fatigue_drift(const bks_coach_input *in, bks_finding *f);

/** Per-shoe trend of the measured peak force against the pair's distance. */
void bks__finding_shoe_impact(const bks_coach_input *in, bks_finding *f);

#endif
