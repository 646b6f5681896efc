// The coach commands (cli/cmd_coach.c, cmd_profile.c): profile, log, shoes, screen, exercises, findings, plan;
// interventions (cli/cmd_interventions.c); the runs as the coach reads them (cli/coach_runs.c).
#ifndef BKS_COACH_CLI_H
#define BKS_COACH_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "backstride/coach.h"
#include "backstride/store.h"
#include "cli.h"

extern const cli_cmd cli_profile_cmd;
extern const cli_cmd cli_log_cmd;
extern const cli_cmd cli_shoes_cmd;
extern const cli_cmd cli_screen_cmd;
extern const cli_cmd cli_exercises_cmd;
extern const cli_cmd cli_findings_cmd;
extern const cli_cmd cli_plan_cmd;
extern const cli_cmd cli_interventions_cmd;

/** Print the store's error, close it and return EXIT_IOERR (cli/cmd_coach.c). */
int coach_db_error(bks_store *s);

/** A BKS_COND_* mask as a JSON array of condition names. */
void coach_json_conditions(FILE *o, unsigned mask);

// Every stored run (start time order) with, for the runs in the window, what the load engine
// makes of them.
typedef struct coach_runs {
  bks_run_brief *runs;      // n; vo_cm measured mean for runs from vo_from on, else NaN
  bks_run_metrics *metrics; // n; `modelled` 0 outside [model_from, model_to] or not modellable
  size_t n;
} coach_runs;

/**
 * Read the runs of `s` and model those whose UTC day is in [model_from, model_to] with the
 * profile's mass and height (the model's defaults without a profile). Returns BKS_OK, BKS_E_DB
 * (bks_store_errmsg says why) or BKS_E_NOMEM; on error nothing is left to free.
 */
int coach_runs_read(bks_store *s, const bks_profile *p, int64_t model_from, int64_t model_to,
                    int64_t vo_from, coach_runs *out);

/** Free what coach_runs_read allocated. Nullable: r. */
void coach_runs_free(coach_runs *r);

#endif
