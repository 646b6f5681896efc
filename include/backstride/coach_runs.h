// backstride — what the coach needs from a modelled run (bks_run_metrics, backstride/coach.h):
// the run's means from the load engine and its within-run drift, the last third of its steps
// against the first third, as the derived results cache holds them (summaries.h).
#ifndef BACKSTRIDE_COACH_RUNS_H
#define BACKSTRIDE_COACH_RUNS_H

#include "backstride/coach.h"
#include "backstride/summaries.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Fill `out` from a run's summary (bks_run_summaries_get, or bks_run_summary_set_load on a
 * computed load): its means and dose, whether most steps came from running dynamics, and its
 * within-run drift (bks_run_load: last third of the steps against the first; NaN below
 * BKS_RUN_DRIFT_MIN_S of running). Not modelled: bks_run_metrics_init's values.
 */
void bks_coach_run_metrics(const bks_run_summary *r, bks_run_metrics *out);

#ifdef __cplusplus
}
#endif

#endif
