// backstride — the lumbar load model: one step's timing → whole-body force → load at L4/L5.
//
// Three layers, each explained with its sources in docs/science.md:
//   1. the "sine-wave" spring-mass method (Morin et al. 2005): peak vertical force, centre-of-mass
//      drop, vertical and leg stiffness, plus the vertical-oscillation consistency check;
//   2. a published-bias correction of the peak force (Morin et al. 2005, treadmill validation);
//   3. a static-equivalent lumbar model at L4/L5: the mass above the level times its vertical
//      acceleration, plus the extensor force that holds the trunk lean → compression and anterior
//      shear, a Lumbar Load Index relative to relaxed standing (Wilke et al. 1999) and a band.
//
// Every number lives in ONE table, bks_model_params (src/model/params.c), each entry with its
// source. bks_model_init() turns the table and a runner into a bks_model (immutable derived
// constants, MuJoCo's model/data split); bks_model_step() is then a pure function of one step that
// neither allocates nor touches global state, so any number of threads may share one bks_model.
//
//     bks_model m;
//     bks_runner r = {70, 1.75, NAN, 0};
//     char err[128];
//     if (bks_model_init(&m, NULL, &r, err, sizeof err) < 0) die(err);
//     bks_step_result s;
//     if (bks_model_step(&m, 0.25, 0.12, 3.33, 0.05, &s) == BKS_OK)
//       printf("%.2f BW\n", s.peak_vgrf_bw);
//
// Nothing here is a diagnosis: the outputs are model estimates with an uncertainty band.
#ifndef BACKSTRIDE_MODEL_H
#define BACKSTRIDE_MODEL_H

#include <stddef.h>

#include "backstride/status.h"

#ifdef __cplusplus
extern "C" {
#endif

//---- Parameter table ----

// Every constant of the steps, model and load modules. Values and sources: src/model/params.c
// and docs/science.md ("Parameters"). Append only: docs and tests refer to these by name.
typedef enum bks_param_id {
  BKS_P_GRAVITY = 0,          // standard gravity [m/s²]
  BKS_P_LEG_LENGTH_RATIO,     // leg length / height (Winter 1979, via Morin 2005)
  BKS_P_FMAX_BIAS,            // sine-wave peak force under-estimate on a treadmill [fraction]
  BKS_P_FMAX_BIAS_SD,         // its between-runner SD [fraction]
  BKS_P_DYC_BIAS_SD,          // SD of the Δyc bias (used by the oscillation check) [fraction]
  BKS_P_MASS_ABOVE_L4L5,      // mass above L4/L5 / body mass
  BKS_P_MASS_ABOVE_UNC,       // its relative half-range between segment tables
  BKS_P_TRUNK_LEVER,          // distance from the level to the COM of the mass above [m]
  BKS_P_TRUNK_LEVER_UNC,      // its relative half-range
  BKS_P_EXTENSOR_ARM,         // moment arm of the lumbar extensors [m]
  BKS_P_EXTENSOR_ARM_UNC,     // its relative half-range
  BKS_P_LEAN_DEFAULT,         // assumed forward trunk lean while running [deg]
  BKS_P_LEAN_ASSUMED_UNC,     // half-range of the assumed lean [deg]
  BKS_P_LEAN_MEASURED_UNC,    // spread of a measured lean [deg]
  BKS_P_CORE_SHEAR,           // complete deep-core weakness: change of peak anterior shear
  BKS_P_CORE_UPPER_COMP,      // ... of upper-lumbar compression
  BKS_P_CORE_LOWER_COMP,      // ... of lower-lumbar (L4/L5) compression
  BKS_P_DUTY_FACTOR,          // contact time / stride time when contact time is not measured
  BKS_P_DUTY_FACTOR_UNC,      // its relative half-range
  BKS_P_CADENCE_AT_3MS,       // cadence at 3.0 m/s when only speed is known [steps/min]
  BKS_P_CADENCE_SPEED_SLOPE,  // change of cadence with speed [steps/min per m/s]
  BKS_P_CADENCE_REG_UNC,      // relative half-range of a cadence estimated from speed
  BKS_P_GCT_MEASURED_UNC,     // relative uncertainty of a device's stance time
  BKS_P_CADENCE_MEASURED_UNC, // relative uncertainty of a device's cadence
  BKS_P_RUN_MIN_SPEED,        // below this speed a record without stance time is not running [m/s]
  BKS_P_UCT,                  // ultimate compressive tolerance of a lumbar segment [N]
  BKS_P_DOSE_COEF,            // Palmgren–Miner exponent per %UCT
  BKS_P_DOSE_N0,              // cycles to failure at 0 %UCT (the curve's scale)
  BKS_P_ACWR_ACUTE_DAYS,      // acute window [days]
  BKS_P_ACWR_CHRONIC_DAYS,    // chronic window [days]
  BKS_P_ACWR_SPIKE,           // acute:chronic ratio at or above which a spike is flagged
  BKS_P_ACWR_SWEET_LOW,       // lower edge of the "sweet spot" (shown, not enforced)
  BKS_P_ACWR_SWEET_HIGH,      // upper edge of the "sweet spot"
  BKS_P_MONOTONY_HIGH,        // training monotony above which it is flagged
  BKS_P_FATIGUE_CADENCE_DROP, // cadence drop (fraction) that matches a published fatigue shift
  BKS_P_DEFAULT_MASS,         // runner's mass when none is given [kg]
  BKS_P_DEFAULT_HEIGHT,       // runner's height when none is given [m]
  BKS_P_WILKE_STANDING,       // L4/L5 intradiscal pressure, relaxed standing [MPa] (LLI = 1)
  BKS_P_WILKE_FLEXED,         // ... standing flexed forward [MPa]
  BKS_P_IMU_CONTACT_UNC,      // relative per-step contact-time error of the streaming core
  BKS_NPARAMS
} bks_param_id;

// one entry of the table
typedef struct bks_param {
  const char *name; // snake_case, e.g. "leg_length_ratio"
  double value;
  const char *unit;   // "m", "N", "1", "deg"...
  const char *source; // the publication (and table or page) the value comes from, or why it is
                      // an assumption
} bks_param;

// the table; copy it and change entries to explore, or use bks_model_params_builtin()
typedef struct bks_model_params {
  bks_param p[BKS_NPARAMS];
} bks_model_params;

/** The built-in table (static storage; never NULL). */
BKS_API const bks_model_params *bks_model_params_builtin(void);

/** Copy the built-in table into `p`. */
BKS_API void bks_model_params_default(bks_model_params *p);

/** Value of entry `id` of `p` (NULL: the built-in table). NaN for an id out of range. */
BKS_API double bks_param_value(const bks_model_params *p, bks_param_id id);

//---- Spring-mass equations (Morin et al. 2005), one function per equation ----
// SI units; g is passed so that tests and the table agree on its value. No input checks here:
// bks_model_step() checks a whole step once.

/** Peak vertical force of the half-sine, eq. 6: m·g·(π/2)·(tf/tc + 1) [N]. */
BKS_API double bks_sm_fmax(double mass_kg, double g, double contact_s, double flight_s);

/** Downward COM displacement touchdown → mid-stance, eq. 7: F·tc²/(m·π²) − g·tc²/8 [m]. */
BKS_API double bks_sm_dyc(double fmax_n, double mass_kg, double g, double contact_s);

/** Vertical stiffness, eq. 5: F/Δyc [N/m]. */
BKS_API double bks_sm_kvert(double fmax_n, double dyc_m);

/** Leg compression, eq. 9: L − sqrt(L² − (v·tc/2)²) + Δyc [m]; NaN when v·tc/2 > L. */
BKS_API double bks_sm_dleg(double leg_m, double speed, double contact_s, double dyc_m);

/** Leg stiffness, eq. 8: F/ΔL [N/m]. */
BKS_API double bks_sm_kleg(double fmax_n, double dleg_m);

/** Vertical oscillation apex → trough implied by the timing: g·tf²/8 + Δyc [m]. */
BKS_API double bks_sm_vo(double g, double flight_s, double dyc_m);

//---- Runner and model ----

typedef struct bks_runner {
  double mass_kg;  // body mass [kg]
  double height_m; // standing height [m]
  double lean_deg; // forward trunk lean while running [deg]; NaN: the table's assumed lean
  int core_weak;   // 1: apply the published effect of complete deep-core weakness
} bks_runner;

// Derived constants for one runner: filled by bks_model_init, read-only afterwards.
typedef struct bks_model {
  const bks_model_params *params; // the table it was made from (borrowed)
  double mass_kg, height_m;
  double lean_deg;  // the lean used [deg]
  int lean_assumed; // 1 when lean_deg is the table's assumption
  int core_weak;
  double g;             // [m/s²]
  double weight_n;      // m·g [N]
  double leg_m;         // L = ratio·height [m]
  double fmax_corr;     // 1/(1 − bias): multiplies the sine-wave peak
  double u_fmax;        // relative SD of the corrected peak at exact timing
  double mass_above;    // fraction of body mass above L4/L5
  double lever_ratio;   // trunk lever / extensor moment arm
  double comp_factor;   // compression / (weight above × acceleration factor): cosθ + (d/r)·sinθ
  double shear_factor;  // anterior shear / (...): sinθ
  double comp_scale;    // core weakness factor on L4/L5 compression (1 when not weak)
  double shear_scale;   // core weakness factor on shear (1 when not weak)
  double stand_comp_n;  // relaxed-standing compression at L4/L5 (LLI = 1) [N]
  double u_comp_static; // relative uncertainty of compression from the lumbar geometry
  double u_lli_static;  // ... of the LLI (mass fraction cancels)
  double u_shear_static; // ... of the shear
  double dose_k;         // Palmgren–Miner exponent per newton (coef·100/UCT) [1/N]
} bks_model;

// The version of what steps → model → load compute. Bump it in the same commit as any change
// that alters an output for the same input (a formula, a parameter, a step-building rule):
// results cached under an older version are then recomputed (see summaries.h).
#define BKS_MODEL_VERSION "2026.11.2"
#define BKS_MODEL_KEY_MAX 160

/**
 * The cache key of model `m`: BKS_MODEL_VERSION, the runner's inputs and a digest of the
 * parameter table, e.g. "2026.11.2;m=70;h=1.75;lean=a;core=0;p=1f3a…". Two models with the
 * same key give the same results for every run. `cap` must be at least BKS_MODEL_KEY_MAX (a
 * truncated key could collide). Returns BKS_OK or BKS_E_LIMIT.
 */
BKS_API int bks_model_key(const bks_model *m, char *out, size_t cap);

/**
 * Make the model for runner `r` from table `p` (NULL: built-in). Returns BKS_OK, or BKS_E_RANGE
 * with a message in `err` when the mass, height or lean is not a finite value in a physical range
 * (mass > 0, height > 0, |lean| < 90°). `m` borrows `p`, which must outlive it. Nullable: p, err.
 */
BKS_API int bks_model_init(bks_model *m, const bks_model_params *p, const bks_runner *r, char *err,
                           size_t err_sz);

/**
 * bks_model_init with the built-in table, where a NaN mass or height in `r` takes the table's
 * default runner (default_mass, default_height). `defaults` gets which stood in: "mass and
 * height", "mass", "height" or "" (so that outputs can say so). Same returns. Nullable: err.
 */
BKS_API int bks_model_init_defaults(bks_model *m, const bks_runner *r, char *defaults,
                                    size_t defaults_sz, char *err, size_t err_sz);

//---- One step ----

// everything the model says about one step
typedef struct bks_step_result {
  double fmax_n;            // sine-wave peak force, eq. 6 (uncorrected) [N]
  double peak_vgrf_n;       // corrected peak vertical force [N]
  double peak_vgrf_bw;      // ... in body weights
  double dyc_m;             // COM drop during contact, eq. 7 [m]
  double kvert_n_m;         // vertical stiffness [N/m]
  double dleg_m;            // leg compression [m] (NaN without speed)
  double kleg_n_m;          // leg stiffness [N/m] (NaN without speed)
  double vo_model_m;        // vertical oscillation the timing implies [m]
  double loading_rate_bw_s; // mean rate of the half-sine from touchdown to peak [BW/s]
  double lumbar_comp_n;     // peak L4/L5 compression [N]
  double lumbar_comp_bw;
  double lumbar_shear_n; // peak L4/L5 anterior shear [N]
  double lumbar_shear_bw;
  double lli;     // Lumbar Load Index: compression / relaxed-standing compression
  double u_comp;  // relative uncertainty of the compression (band half-width)
  double u_lli;   // ... of the LLI
  double u_shear; // ... of the shear
  double dose;    // Palmgren–Miner weight of this step relative to standing (≥ 0)
} bks_step_result;

/**
 * Check one step's timing: contact and flight times finite, contact > 0, flight > 0 (contact
 * shorter than the step), speed finite and >= 0 or NaN (unknown). Returns BKS_OK or BKS_E_RANGE
 * with a sentence in `err` (Nullable).
 */
BKS_API int bks_step_check(double contact_s, double flight_s, double speed, char *err,
                           size_t err_sz);

/**
 * Model one step: contact and flight time [s], forward speed [m/s] (NaN: unknown, then the leg
 * values are NaN), and the relative uncertainty of the timing ratio (0 for exact timings; see
 * bks_steps.uncertainty). Returns BKS_OK or BKS_E_RANGE (see bks_step_check; `out` untouched).
 * Pure: no allocation, no global state.
 */
BKS_API int bks_model_step(const bks_model *m, double contact_s, double flight_s, double speed,
                           double timing_unc, bks_step_result *out);

/**
 * Palmgren–Miner weight of one loading of `comp_n` newtons relative to relaxed standing:
 * N(standing)/N(comp) = exp(k·(comp − standing)). 0 for non-finite input.
 */
BKS_API double bks_model_dose(const bks_model *m, double comp_n);

/**
 * L4/L5 compression / relaxed standing for a static forward flexion of `deg` degrees (no
 * acceleration): the model's counterpart of Wilke's standing-flexed pressure ratio.
 */
BKS_API double bks_model_static_flexion_ratio(const bks_model *m, double deg);

#ifdef __cplusplus
}
#endif

#endif
