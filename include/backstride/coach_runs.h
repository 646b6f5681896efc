// backstride — what the coach needs from a modelled run (bks_run_metrics, backstride/coach.h):
// the run's means from the load engine and its within-run drift, the last third of its steps
// against the first third. Pure computation on what bks_steps_build and bks_run_load_compute made.
#ifndef BACKSTRIDE_COACH_RUNS_H
#define BACKSTRIDE_COACH_RUNS_H

#include "backstride/coach.h"
#include "backstride/load.h"
#include "backstride/model.h"
#include "backstride/steps.h"

#ifdef __cplusplus
extern "C" {
#endif

// fewer modelled minutes than this and no drift is computed: a short run has no fatigue to show
// (the product's choice; docs/science.md, "Within-run fatigue drift")
#define BKS_DRIFT_MIN_MINUTES 20.0

/**
 * Fill `out` from a run's steps `s` (as from bks_steps_build) and its load `rl` (as from
 * bks_run_load_compute with model `m`). Drift: step-weighted means of cadence, contact time,
 * Lumbar Load Index and speed over the last third of the steps divided by those over the first
 * third, minus 1; NaN below BKS_DRIFT_MIN_MINUTES of running. Does not allocate.
 */
void bks_coach_run_metrics(const bks_model *m, const bks_steps *s, const bks_run_load *rl,
                           bks_run_metrics *out);

#ifdef __cplusplus
}
#endif

#endif
