// The runs as the coach reads them: a brief of every stored run and, for the runs in a window of
// days, what the load engine makes of them (bks_run_metrics: means, dose and within-run drift),
// from the derived results cache (summaries.h), so that years of runs cost a read, not a model.
// Shared by findings, plan and interventions (cli/cmd_coach.c, cli/cmd_interventions.c).
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/coach_runs.h"
#include "backstride/summaries.h"
#include "coach_cli.h"
#include "lumbar_cli.h"

static int64_t day_of(int64_t t) { return t >= 0 ? t / 86400 : -((-t + 86399) / 86400); }

int coach_runs_read(bks_store *s, const bks_profile *p, int64_t model_from, int64_t model_to,
                    int64_t vo_from, coach_runs *out) {
  memset(out, 0, sizeof *out);
  // the runner's own mass and height when a profile is stored (the dose depends on the mass)
  lcli_runner runner;
  lcli_runner_init(&runner);
  if (p->set && p->mass_kg > 0) runner.mass = p->mass_kg;
  if (p->set && p->height_m > 0) runner.height = p->height_m;
  char defaults[32];
  bks_model m;
  if (lcli_model_init("coach", &runner, &m, defaults, sizeof defaults) != 0) {
    // a stored profile the model refuses: the defaults, as without a profile
    lcli_runner_init(&runner);
    if (lcli_model_init("coach", &runner, &m, defaults, sizeof defaults) != 0) return BKS_E_INVAL;
  }
  bks_run_summaries all;
  int rc = bks_run_summaries_get(s, &m, &all, NULL, NULL);
  if (rc < 0) return rc;
  if (all.n) {
    out->runs = malloc(all.n * sizeof *out->runs);
    out->metrics = malloc(all.n * sizeof *out->metrics);
    if (!out->runs || !out->metrics) {
      bks_run_summaries_free(&all);
      coach_runs_free(out);
      return BKS_E_NOMEM;
    }
  }
  for (size_t i = 0; i < all.n; i++) {
    const bks_run_summary *r = &all.r[i];
    bks_run_brief *b = &out->runs[i];
    b->start_utc = r->start_utc;
    b->duration_s = isfinite(r->timer_s) && r->timer_s > 0 ? r->timer_s : r->duration_s;
    b->distance_m = r->distance_m;
    int64_t d = day_of(r->start_utc);
    b->vo_cm = d >= vo_from ? r->vo_channel_cm : NAN;
    if (d >= model_from && d <= model_to) bks_coach_run_metrics(r, &out->metrics[i]);
    else bks_run_metrics_init(&out->metrics[i]);
  }
  out->n = all.n;
  bks_run_summaries_free(&all);
  return BKS_OK;
}

void coach_runs_free(coach_runs *r) {
  if (!r) return;
  free(r->runs);
  free(r->metrics);
  memset(r, 0, sizeof *r);
}
