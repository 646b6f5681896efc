// backstride — load over time: one run's lumbar load (means, per kilometre, cumulative dose) and
// the day-to-day picture (daily load, acute:chronic ratios, monotony and strain).
//
// The cumulative dose is a Palmgren–Miner style RELATIVE index: every step adds the damage weight
// of its peak L4/L5 compression relative to relaxed standing, on the cadaver fatigue curve of
// LiFFT (Gallagher et al. 2017). Cadaver curves ignore healing and adaptation: the index compares
// runs with each other, it never predicts a failure or an injury.
//
// The acute:chronic workload ratio (EWMA and uncoupled rolling forms) and monotony/strain are soft
// "spike" flags only: Impellizzeri et al. 2020 showed that ACWR is a rescaled acute load with no
// useful predictive value. docs/science.md ("Dose over time") has the formulas and sources.
#ifndef BACKSTRIDE_LOAD_H
#define BACKSTRIDE_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/model.h"
#include "backstride/status.h"
#include "backstride/steps.h"

#ifdef __cplusplus
extern "C" {
#endif

//---- One run ----

// Step-weighted means over a stretch of running (a whole run or one kilometre), and its dose.
typedef struct bks_load_means {
  double steps;             // steps the rows stand for
  double rows;              // modelled rows (average steps)
  double duration_s;        // running time covered [s]
  double distance_m;        // distance covered [m]
  double cadence_spm;       // [steps/min]
  double contact_ms;        // [ms]
  double flight_ms;         // [ms]
  double speed;             // [m/s] (over rows with a speed)
  double vo_cm;             // vertical oscillation: measured where the device gave it, else
                            // modelled [cm]
  double vo_measured_cm;    // mean over rows with a measured value (NaN when none)
  double vo_model_cm;       // modelled from timing over the same rows (all rows when none
                            // measured) [cm]
  double peak_vgrf_bw;      // corrected peak vertical force [BW]
  double peak_vgrf_n;       // [N]
  double loading_rate_bw_s; // half-sine mean loading rate [BW/s]
  double kvert_kn_m;        // [kN/m]
  double kleg_kn_m;         // [kN/m] (over rows with a speed)
  double lumbar_peak_bw;    // peak L4/L5 compression [BW]
  double lumbar_peak_n;     // [N]
  double lumbar_peak_lo_bw; // band [BW]
  double lumbar_peak_hi_bw;
  double lumbar_shear_bw; // peak L4/L5 anterior shear [BW]
  double lumbar_shear_n;  // [N]
  double lumbar_shear_lo_bw;
  double lumbar_shear_hi_bw;
  double lli;            // Lumbar Load Index (relaxed standing = 1)
  double lli_lo, lli_hi; // its band
  double dose;           // cumulative relative dose (sum over steps)
} bks_load_means;

// findings about a run that are flags, not load multipliers
enum {
  BKS_RUN_FLAG_FATIGUE = 1,     // cadence fell and bounce rose from the first to the last fifth
                                // as in the fatigue studies (no magnitude applied)
  BKS_RUN_FLAG_VO_MISMATCH = 2, // measured vertical oscillation outside the band the timing
                                // implies
  BKS_RUN_FLAG_WEAK_SOURCE = 4  // most steps rebuilt without a measured stance time
};

typedef struct bks_run_load {
  bks_load_means summary;
  size_t nkm;             // rows in per_km
  bks_load_means *per_km; // kilometre k (0-based) covers [k, k+1) km; the last may be partial
  double steps_by_source[BKS_STEP_NSOURCES]; // steps per source
  unsigned flags;                            // BKS_RUN_FLAG_*
  double cadence_change;                     // last fifth / first fifth − 1 (NaN when too short)
  double vo_change;                          // same for vertical oscillation
  double speed_change;                       // same for speed
  double vo_ratio;      // measured / modelled vertical oscillation (NaN when none measured)
  double vo_ratio_band; // relative half-width the model allows for that ratio
  // within-run drift: step-weighted mean over the last third of the steps / over the first
  // third − 1; NaN below BKS_RUN_DRIFT_MIN_S of running (docs/science.md, "Within-run fatigue
  // drift"). The Lumbar Load Index is that of each row, so pace changes show in it.
  double drift_cadence, drift_contact, drift_lli, drift_speed;
} bks_run_load;

// less running than this and no drift is computed: a short run has no fatigue to show (the
// product's choice; docs/science.md, "Within-run fatigue drift")
#define BKS_RUN_DRIFT_MIN_S (20.0 * 60.0)

/** Empty result. */
BKS_API void bks_run_load_init(bks_run_load *r);

/** Free per_km. Nullable: r. */
BKS_API void bks_run_load_deinit(bks_run_load *r);

/**
 * Model every row of `s` with `m` and aggregate. Allocates per_km once (before the loop).
 * Returns BKS_OK, BKS_E_NOMEM, or BKS_E_RANGE when no row could be modelled (s->n == 0).
 */
BKS_API int bks_run_load_compute(const bks_model *m, const bks_steps *s, bks_run_load *out);

//---- Day to day ----

/**
 * Sum per-run loads into calendar days: run j starting at `start_utc[j]` (Unix seconds) with load
 * `load[j]`; days are counted in the time zone `tz_offset_s` east of UTC, or in the runner's
 * time zone (bks_date_day_local: each run with its own offset, DST included) when it is
 * BKS_TZ_RUNNER. Allocates `*daily`
 * (one value per day from the first run's day to the last's, zero on rest days); free() it.
 * Returns BKS_OK, BKS_E_INVAL (n == 0 or a non-finite or negative load), BKS_E_LIMIT (more than
 * 100 years of days) or BKS_E_NOMEM.
 */
#define BKS_TZ_RUNNER INT64_MIN

BKS_API int bks_daily_loads(const int64_t *start_utc, const double *load, size_t n,
                            int64_t tz_offset_s, int64_t *first_day, double **daily, size_t *ndays);

// soft flags of one day
enum {
  BKS_DAY_SPIKE_EWMA = 1,      // EWMA acute:chronic >= the spike threshold
  BKS_DAY_SPIKE_UNCOUPLED = 2, // uncoupled rolling acute:chronic >= the threshold
  BKS_DAY_MONOTONY = 4,        // 7-day monotony above the threshold
  BKS_DAY_SHORT_HISTORY = 8,   // fewer days than the chronic window: no flags raised
  BKS_DAY_RETURN = 16          // running again after a chronic window with none: no ratio, no spike
};

// each BKS_DAY_* flag's name in JSON (`id`) and in text, in bit order
#define BKS_DAY_NFLAGS 5
typedef struct bks_day_flag_name {
  unsigned bit;
  const char *id, *text;
} bks_day_flag_name;
BKS_API extern const bks_day_flag_name bks_day_flag_names[BKS_DAY_NFLAGS];

typedef struct bks_day_load {
  double load;           // that day's load
  double ewma_acute;     // EWMA, λ = 2/(7+1)
  double ewma_chronic;   // EWMA, λ = 2/(28+1)
  double acwr_ewma;      // ewma_acute / ewma_chronic (NaN when the chronic is 0, or when the
                         // chronic window held no load before the acute week: no ratio)
  double acwr_uncoupled; // mean(days t−6…t) / mean(days t−27…t−7) (NaN before day 27)
  double monotony;       // mean / SD of days t−6…t (NaN before day 6; +inf when SD is 0)
  double strain;         // 7-day sum × monotony
  unsigned flags;        // BKS_DAY_*
} bks_day_load;

/**
 * Acute:chronic ratios, monotony and strain for `n` consecutive days of load (`daily`, as from
 * bks_daily_loads), written to `out[n]`. Table `p` (NULL: built-in) gives the windows and
 * thresholds. The EWMAs start at the first day's load. Does not allocate.
 */
BKS_API void bks_day_loads_compute(const bks_model_params *p, const double *daily, size_t n,
                                   bks_day_load *out);

#ifdef __cplusplus
}
#endif

#endif
