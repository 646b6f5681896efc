// backstride — steps: one row per "average step" of an activity, from the best source it has.
//
// Watches write a record about once a second, so a row is the average step of one record; a raw
// IMU recording gives one row per real step, found by the streaming core. Each row keeps the
// source it was rebuilt from and how uncertain that makes it:
//
//   imu             a raw sacral IMU (IMU CSV): every step the streaming core finds, its contact
//                   time, and as flight the mean of the flights either side (Morin's tf); the
//                   core's measured contact-time error is the uncertainty
//   dynamics        the device's stance time (ground contact time) and cadence, and its
//                   vertical oscillation when present: the best a watch gives
//   cadence_speed   cadence only: contact time = duty factor × stride time (a population
//                   figure), flight = the rest of the step; much wider uncertainty
//   speed           speed only: cadence from a published cadence–speed relation, then as above;
//                   the widest uncertainty
//
// A struct of arrays in SI units; rows that are not running (or impossible, such as a contact
// longer than the step) are left out and counted. Parameters come from the model's one table
// (backstride/model.h). docs/science.md explains every choice.
#ifndef BACKSTRIDE_STEPS_H
#define BACKSTRIDE_STEPS_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/activity.h"
#include "backstride/model.h"
#include "backstride/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum bks_step_source {
  BKS_STEP_NONE = 0,      // not used
  BKS_STEP_IMU,           // raw sacral IMU, one row per real step (streaming core)
  BKS_STEP_DYNAMICS,      // device stance time + cadence (+ vertical oscillation)
  BKS_STEP_CADENCE_SPEED, // cadence (+ speed); contact time from the duty factor
  BKS_STEP_SPEED,         // speed only; cadence from speed, contact from the duty factor
  BKS_STEP_GIVEN,         // typed in by a person (backstride model)
  BKS_STEP_NSOURCES
} bks_step_source;

/** "imu", "dynamics", "cadence_speed", "speed", "given" ("none" for anything else). */
BKS_API const char *bks_step_source_name(int source);

// A record interval longer than this is a pause (timer stopped, signal lost): the row then stands
// for the nominal 1 s of a 1 Hz source instead of the whole gap. A data-handling rule, not a model
// parameter (docs/science.md, "Steps").
#define BKS_STEPS_MAX_INTERVAL_S 10.0

typedef struct bks_steps {
  size_t n;             // rows
  double *t;            // record time [s since the activity's start] (n)
  double *count;        // steps this row stands for: cadence × record interval (n)
  double *dist_m;       // cumulative distance at the row [m] (n)
  double *cadence_spm;  // [steps/min] (n)
  double *contact_s;    // contact (stance) time [s] (n)
  double *flight_s;     // flight time = 60/cadence − contact [s], always > 0 (n)
  double *speed;        // [m/s], NaN when unknown (n)
  double *vo_m;         // vertical oscillation [m]: measured when vo_measured, else modelled (n)
  uint8_t *vo_measured; // 1 when vo_m came from the device (n)
  uint8_t *source;      // bks_step_source (n)
  double *uncertainty;  // relative uncertainty of the step/contact time ratio, which sets the
                        // peak force (n)
  double *cadence_unc;  // relative uncertainty of the cadence, which sets the step count (n)

  // what the activity held and what was left out
  size_t n_records;                      // records looked at
  size_t n_by_source[BKS_STEP_NSOURCES]; // rows per source
  size_t n_not_running;                  // records too slow (or without a running signal)
  size_t n_impossible;                   // records with impossible values (contact ≥ step,
                                         // negative times)
  size_t n_missing;                      // records with neither cadence, stance time nor speed
  char first_problem[160];               // the first impossible record, in words ("" if none)

  /* private */
  size_t cap_;
  void *mem_;
} bks_steps;

/** Empty steps (no memory). */
BKS_API void bks_steps_init(bks_steps *s);

/** Free the arrays. Nullable: s. */
BKS_API void bks_steps_deinit(bks_steps *s);

/**
 * Make room for `cap` rows (one allocation for every array; n becomes 0, counters are cleared).
 * Returns BKS_OK or BKS_E_NOMEM.
 */
BKS_API int bks_steps_reserve(bks_steps *s, size_t cap);

/**
 * Rebuild the average step of every record of activity `a` with table `p` (NULL: built-in).
 * Returns BKS_OK (possibly with n == 0: read the counters), BKS_E_INVAL for an inconsistent
 * activity, or BKS_E_NOMEM. What `s` held is replaced.
 */
BKS_API int bks_steps_build(bks_steps *s, const bks_activity *a, const bks_model_params *p);

/**
 * Check a step given as cadence [steps/min] and contact time [s] and derive its flight time.
 * Returns BKS_OK with `*flight_s` set, or BKS_E_RANGE with a sentence in `err` (Nullable) for a
 * non-finite or non-positive value or a contact as long as the step or longer.
 */
BKS_API int bks_step_from_cadence(double cadence_spm, double contact_s, double *flight_s, char *err,
                                  size_t err_sz);

/**
 * Append one row (after bks_steps_reserve). `vo_m` NaN: modelled from the timing. Returns BKS_OK,
 * BKS_E_LIMIT when the reserved room is used up, or BKS_E_RANGE for an impossible step (see
 * bks_step_from_cadence). Does not allocate.
 */
BKS_API int bks_steps_add(bks_steps *s, const bks_model_params *p, double t, double count,
                          double dist_m, double cadence_spm, double contact_s, double speed,
                          double vo_m, int source, double uncertainty, double cadence_unc);

/**
 * The vertical oscillation a step's timing implies (Morin's Δyc plus the flight rise; independent
 * of body mass) [m].
 */
BKS_API double bks_step_vo_model(const bks_model_params *p, double contact_s, double flight_s);

/** Cadence estimated from speed alone [steps/min] (table entries cadence_at_3ms and slope). */
BKS_API double bks_step_cadence_from_speed(const bks_model_params *p, double speed);

/** Contact time from cadence with the table's duty factor [s]. */
BKS_API double bks_step_contact_from_cadence(const bks_model_params *p, double cadence_spm);

#ifdef __cplusplus
}
#endif

#endif
