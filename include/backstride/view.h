// backstride — the library gathered once for the report and the dashboard (src/app/view.c): runs,
// profile, diary, shoes, screening, every run's dose from the derived-results cache, the coach's
// input, the weekly series, the acute:chronic ratio and the what-if scenarios of the newest runs.
// The renderers (include/backstride/pages.h) read it; only app reads the library for it.
#ifndef BKS_VIEW_H
#define BKS_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/status.h"
#include "backstride/coach.h"
#include "backstride/diary.h"
#include "backstride/gather.h"
#include "backstride/library.h"
#include "backstride/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bks_store bks_store;

// runs (newest first) whose what-if scenarios are computed
#define BKS_PAGES_WHATIF_RUNS 5

typedef struct bks_pages bks_pages;

typedef struct bks_pages_run {
  bks_run_info info;
  double distance_m; // from the run, else the steps; NaN when unknown
  double dose;       // NaN when not modelled
  double vo_cm;      // mean measured vertical oscillation, NaN when none
} bks_pages_run;

// the scenarios of the what-if table, in this order
enum {
  BKS_PAGES_WHATIF_CAD5,
  BKS_PAGES_WHATIF_CAD10,
  BKS_PAGES_WHATIF_UPRIGHT,
  BKS_PAGES_WHATIF_N
};

typedef struct bks_pages_whatif_row {
  size_t run;          // index into runs
  double lumbar_bw[2]; // peak L4/L5 compression before / after [BW]
  double vo_cm[2];     // vertical oscillation [cm]
  double dose_km[2];   // dose per km
  int scenario;        // BKS_PAGES_WHATIF_*
} bks_pages_whatif_row;

struct bks_pages {
  int64_t today;
  char library[1024]; // the file, "" when none yet
  bks_model model;
  char defaults[32];

  bks_pages_run *runs; // oldest first
  size_t nruns, nmodelled;

  bks_coach_input in; // points into diary and gr
  bks_diary diary;
  bks_gathered_runs gr;            // every run as `backstride findings` reads it
  bks_intervention *interventions; // by start day (for the served diary page)
  size_t ninterventions;

  // weeks (Monday to Sunday, UTC) from the first to the last with a run or a pain entry
  int64_t week0; // day number of the first Monday
  size_t nweeks;
  char (*week_labels)[8];
  const char **week_lp;
  double *week_km, *week_dose, *week_pain, *week_acwr; // week_km in the runner's unit (km or mi)

  bks_pages_whatif_row *whatif;
  size_t nwhatif;
  double upright_deg; // lean of the "more upright" scenario [deg]
};

//---- Gathering ----

/**
 * Read the library `s` (Nullable: an empty library) as of day `today` (days since 1970-01-01,
 * UTC): runs, profile, diary, shoes, screening; model every run; compute the weekly series, the
 * acute:chronic ratio and the what-if scenarios of the newest runs. Returns BKS_OK, BKS_E_DB
 * (then `err` says why), BKS_E_INVAL (the stored profile gives no valid runner) or BKS_E_NOMEM.
 * Nullable: err.
 */
BKS_API int bks_pages_gather(bks_store *s, int64_t today, bks_pages **out, char *err,
                             size_t err_sz);

/** Free what bks_pages_gather made. Nullable: p. */
BKS_API void bks_pages_free(bks_pages *p);

/** Runs in the library when gathered. */
BKS_API size_t bks_pages_nruns(const bks_pages *p);

/** "mass and height" (or "mass", "height") when the model's defaults stood in; "" otherwise. */
BKS_API const char *bks_pages_defaults(const bks_pages *p);

/** Where run `id` is among the gathered runs (0 .. nruns-1, oldest first). BKS_OK or BKS_END. */
BKS_API int bks_pages_run_index(const bks_pages *p, int64_t id, size_t *index);

/** The id of the newest run (0 when there is none). */
BKS_API int64_t bks_pages_newest_run(const bks_pages *p);

/**
 * The runner's records as gathered: pain entries, sessions and shoes (oldest first), for pages
 * that list them beside their forms (the served diary and shoes pages). Owned by `p`.
 */
BKS_API const bks_coach_input *bks_pages_diary(const bks_pages *p);

/** The interventions as gathered, by start day; `*n` gets their number. Owned by `p`. */
BKS_API const bks_intervention *bks_pages_interventions(const bks_pages *p, size_t *n);

#ifdef __cplusplus
}
#endif

#endif
