// backstride — gathering what the coach reads, once for every command and page: the runner's
// diary from the library and every run as the load engine made it (from the derived-results
// cache, summaries.h, so years of runs cost a read, not a model). `findings`, `plan`,
// `interventions`, the report and the dashboard all call these (src/app/gather.c).
#ifndef BKS_GATHER_H
#define BKS_GATHER_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/status.h"
#include "backstride/coach.h"
#include "backstride/diary.h"
#include "backstride/model.h"
#include "backstride/summaries.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bks_store bks_store;

/**
 * The model of the runner the profile describes: its mass and height when set, else the model's
 * defaults (named in `defaults`); a profile the model refuses is treated as none. `lean_deg` is
 * the trunk lean (NaN: the default). Returns BKS_OK or BKS_E_INVAL.
 */
BKS_API int bks_gather_model(const bks_profile *p, double lean_deg, bks_model *m, char *defaults,
                             size_t defaults_sz);

/**
 * Fill `out` from a run's summary: its means and dose, whether most steps came from running
 * dynamics, and its within-run drift (last third of the steps against the first; NaN below
 * BKS_RUN_DRIFT_MIN_S of running). Not modelled: bks_run_metrics_init's values.
 */
BKS_API void bks_gather_run_metrics(const bks_run_summary *r, bks_run_metrics *out);

// every run (start-time order) as the coach reads it
typedef struct bks_gathered_runs {
  bks_run_brief *runs;      // n; vo_cm: the measured mean from day vo_from on, else NaN
  bks_run_metrics *metrics; // n; `modelled` 0 outside [model_from, model_to] or not modellable
  size_t n;
} bks_gathered_runs;

/**
 * The runs of `all` as the coach reads them; those whose UTC day is in [model_from, model_to]
 * carry their metrics. Returns BKS_OK or BKS_E_NOMEM (nothing to free).
 */
BKS_API int bks_gather_runs_from(const bks_run_summaries *all, int64_t model_from, int64_t model_to,
                                 int64_t vo_from, bks_gathered_runs *out);

/** The same, reading the summaries of `s` with the profile's model. Returns BKS_OK, BKS_E_DB,
 * BKS_E_INVAL (no model at all) or BKS_E_NOMEM, with nothing to free on error. */
BKS_API int bks_gather_runs_read(bks_store *s, const bks_profile *p, int64_t model_from,
                                 int64_t model_to, int64_t vo_from, bks_gathered_runs *out);

/** Free what the two above allocated. Nullable: r. */
BKS_API void bks_gathered_runs_deinit(bks_gathered_runs *r);

/** The first day whose runs the findings model: 28 days back, or the oldest pair of shoes' start
 * when earlier (its impact trend needs the pair's whole time). */
BKS_API int64_t bks_gather_model_from(const bks_coach_input *in);

// the coach's whole input; `in` points into `diary` and `runs`
typedef struct bks_gathered_coach {
  bks_diary diary;
  bks_gathered_runs runs;
  bks_coach_input in;
} bks_gathered_coach;

/**
 * Everything `findings` and `plan` read for day `today`: the diary, and the runs modelled from
 * bks_gather_model_from on with vertical oscillation over the last 28 days. Nullable: s (no
 * library yet: an empty diary). Returns BKS_OK, or BKS_E_DB / BKS_E_NOMEM with `out` empty.
 */
BKS_API int bks_gather_coach(bks_store *s, int64_t today, bks_gathered_coach *out);

/** Free what bks_gather_coach allocated. Nullable: g. */
BKS_API void bks_gathered_coach_deinit(bks_gathered_coach *g);

#ifdef __cplusplus
}
#endif

#endif
