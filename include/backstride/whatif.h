// backstride — "what if" on a run's steps: the same run with a changed cadence, for
// `backstride whatif` and for the report's what-if table (src/load/whatif.c).
#ifndef BACKSTRIDE_WHATIF_H
#define BACKSTRIDE_WHATIF_H

#include <stddef.h>

#include "backstride/status.h"
#include "backstride/load.h"
#include "backstride/model.h"
#include "backstride/steps.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Copy the rows of `in` into `out` (initialised, empty) with every cadence × `f`, at the same
 * speed. The contact shortens with the step (the runner keeps their duty factor) unless
 * `keep_contact`; a measured vertical oscillation changes as the model says it would. Rows that
 * would lose their flight phase are dropped and counted in `*dropped`. Returns BKS_OK or
 * BKS_E_NOMEM.
 */
BKS_API int bks_steps_scale_cadence(const bks_steps *in, const bks_model_params *p, double f,
                                    int keep_contact, bks_steps *out, size_t *dropped);

/**
 * One what-if scenario of a run, the same for `backstride whatif`, the report and the dashboard:
 * the steps `st` with every cadence × `f` (f == 1: unchanged; `keep_contact` as above) modelled
 * with `m` (the runner as changed: mass, lean, core) into `out` (initialised). `*dropped` counts
 * the rows that lost their flight phase. Returns BKS_OK, BKS_E_NOMEM, or the load engine's error
 * when no step is left to model.
 */
BKS_API int bks_whatif_scenario(const bks_model *m, const bks_steps *st, double f, int keep_contact,
                                bks_run_load *out, size_t *dropped);

/**
 * What the literature says a quicker cadence at the same speed does, and which of the two bounds
 * above it supports (the contact-kept one: the vertical force per step falls), with its source;
 * printed by `whatif` and the what-if pages beside the numbers (docs/science.md, "What-if").
 */
BKS_API extern const char bks_whatif_cadence_evidence[];
BKS_API extern const char bks_whatif_cadence_source[];

#ifdef __cplusplus
}
#endif

#endif
