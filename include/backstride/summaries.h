// backstride — every stored run through steps → model → load, cached in the library.
//
// Pages over years of runs (the report's overview, `serve`, the coach's findings) need each
// run's summary and dose. Re-modelling a thousand runs per page costs seconds; reading a thousand
// cached rows costs milliseconds. A result is cached under the model key (bks_model_key: the model
// version and the runner's inputs), so that a new model version or a new body mass recomputes
// every run on the next read, as DESIGN's Storage section asks.
//
//     bks_run_summaries all;
//     if (bks_run_summaries_get(store, &model, &all, NULL, NULL) < 0) die(bks_store_errmsg(store));
//     for (size_t i = 0; i < all.n; i++) weekly[week_of(all.r[i].start_utc)] += all.r[i].m.dose;
//     bks_run_summaries_deinit(&all);
#ifndef BACKSTRIDE_SUMMARIES_H
#define BACKSTRIDE_SUMMARIES_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/status.h"
#include "backstride/activity.h"
#include "backstride/load.h"
#include "backstride/model.h"
#include "backstride/steps.h"
#include "backstride/library.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bks_store bks_store; // opaque: app.h opens it

// One run, as the pipeline sees it.
typedef struct bks_run_summary {
  int64_t id;
  int64_t start_utc; // [s] Unix time
  double duration_s; // [s] elapsed, from the stored run
  double timer_s;    // [s] moving, from the stored run (NaN when unknown)
  double distance_m; // [m] from the stored run, else the modelled distance (NaN when neither)
  int64_t shoe_id;   // the pair it counts for (bks_run_info.shoe_id), 0 when none
  int modelled;      // 0: no running step to model (`why` says why); m is then all NaN
  char why[160];     // "" when modelled
  bks_load_means m;  // whole-run means and dose (bks_run_load.summary)
  unsigned flags;    // BKS_RUN_FLAG_*
  double cadence_change, vo_change, speed_change; // last fifth / first fifth − 1 (NaN: too short)
  double vo_ratio, vo_ratio_band;                 // as in bks_run_load
  double drift_cadence, drift_contact, drift_lli, drift_speed; // as in bks_run_load
  double dynamics_share; // steps rebuilt from measured stance time / all steps
  double vo_channel_cm;  // mean of the device's positive vertical oscillation samples [cm]
                         // (NaN when it has none; set whether or not the run was modelled)
} bks_run_summary;

typedef struct bks_run_summaries {
  bks_run_summary *r; // n runs in order of start time (then id), as bks_store_runs walks them
  size_t n;
  size_t computed;        // how many were not in the cache and were modelled now
  int cache_write_failed; // 1 when new results could not be stored (read-only file, busy)
} bks_run_summaries;

// called after each run modelled now (not for cached ones): done of total to compute
typedef void (*bks_summaries_progress_fn)(size_t done, size_t total, void *ctx);

/**
 * Summaries of every stored run for model `m`: cached rows under bks_model_key(m) are read, the
 * others are modelled and written back (in batches, each its own short transaction; a failure
 * to write loses only the cache, see cache_write_failed). Returns BKS_OK, BKS_E_NOMEM or
 * BKS_E_DB (reading failed; bks_store_errmsg says why). Nullable: progress, ctx.
 */
BKS_API int bks_run_summaries_get(bks_store *s, const bks_model *m, bks_run_summaries *out,
                                  bks_summaries_progress_fn progress, void *ctx);

/** Free what bks_run_summaries_get allocated. Nullable: all. */
BKS_API void bks_run_summaries_deinit(bks_run_summaries *all);

/** Fill the model part of `out` (modelled = 1, m, flags, changes, drifts, dynamics share) from
 *  a computed run load. */
BKS_API void bks_run_summary_set_load(bks_run_summary *out, const bks_run_load *rl);

// One stored run loaded and modelled, with everything the pipeline made of it: for pages that
// show more than the summary (per-km rows, the track, what-if).
typedef struct bks_run_modelled {
  bks_activity a;  // the stored run (empty when it could not be read)
  bks_steps st;    // its steps
  bks_run_load rl; // its load (empty when not modelled)
  int modelled;    // 0: nothing to model, or the stored run could not be read (why says which)
  char why[160];   // "" when modelled
} bks_run_modelled;

/** Empty. */
BKS_API void bks_run_modelled_init(bks_run_modelled *r);

/** Free what it holds and make it empty. Nullable: r. */
BKS_API void bks_run_modelled_deinit(bks_run_modelled *r);

/**
 * Load run `id` (into an initialised `out`, whose contents are replaced) and model it with `m`.
 * A run with no running step, a damaged stored run and a run deleted meanwhile are results
 * (modelled = 0, why), not errors. Returns BKS_OK, BKS_E_NOMEM or BKS_E_DB (bks_store_errmsg
 * says why).
 */
BKS_API int bks_run_model_stored(bks_store *s, const bks_model *m, int64_t id,
                                 bks_run_modelled *out);

/**
 * Model one stored run (no cache): what bks_run_summaries_get does for a run it has to compute.
 * Returns BKS_OK (read out->modelled; a damaged stored run is not modelled, with why),
 * BKS_END (no such run), BKS_E_NOMEM or BKS_E_DB.
 */
BKS_API int bks_run_summary_compute(bks_store *s, const bks_model *m, int64_t id,
                                    bks_run_summary *out);

#ifdef __cplusplus
}
#endif

#endif
