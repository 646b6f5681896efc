// The runs as the coach reads them: a brief of every stored run and, for the runs in a window of
// days, what the load engine makes of them (bks_run_metrics: means, dose and within-run drift).
// Shared by findings, plan and interventions (cli/cmd_coach.c, cli/cmd_interventions.c).
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/coach_runs.h"
#include "coach_cli.h"
#include "lumbar_cli.h"

typedef struct walk {
  coach_runs *r;
  int64_t *ids;
  uint32_t *channels;
  size_t cap;
} walk;

static int collect(const bks_run_info *info, void *ctx) {
  walk *w = ctx;
  coach_runs *r = w->r;
  if (r->n == w->cap) {
    size_t c = w->cap ? w->cap * 2 : 64;
    bks_run_brief *b = realloc(r->runs, c * sizeof *b);
    if (b) r->runs = b;
    int64_t *ids = realloc(w->ids, c * sizeof *ids);
    if (ids) w->ids = ids;
    uint32_t *ch = realloc(w->channels, c * sizeof *ch);
    if (ch) w->channels = ch;
    if (!b || !ids || !ch) return BKS_E_NOMEM;
    w->cap = c;
  }
  bks_run_brief *b = &r->runs[r->n];
  b->start_utc = info->start_utc;
  b->duration_s = isfinite(info->timer_s) && info->timer_s > 0 ? info->timer_s : info->duration_s;
  b->distance_m = info->distance_m;
  b->vo_cm = NAN;
  w->ids[r->n] = info->id;
  w->channels[r->n] = info->channels;
  r->n++;
  return 0;
}

static int64_t day_of(int64_t t) { return t >= 0 ? t / 86400 : -((-t + 86399) / 86400); }

int coach_runs_read(bks_store *s, const bks_coach_profile *p, int64_t model_from, int64_t model_to,
                    int64_t vo_from, coach_runs *out) {
  memset(out, 0, sizeof *out);
  walk w = {out, NULL, NULL, 0};
  int rc = bks_store_runs(s, collect, &w);
  if (rc >= 0 && out->n) {
    out->metrics = malloc(out->n * sizeof *out->metrics);
    if (!out->metrics) rc = BKS_E_NOMEM;
  }
  bks_model m;
  int have_model = 0;
  if (rc >= 0 && out->n) {
    // the runner's own mass and height when a profile is stored (the dose depends on the mass)
    lcli_runner runner;
    lcli_runner_init(&runner);
    if (p->set && p->mass_kg > 0) runner.mass = p->mass_kg;
    if (p->set && p->height_m > 0) runner.height = p->height_m;
    char defaults[32];
    have_model = lcli_model_init("coach", &runner, &m, defaults, sizeof defaults) == 0;
  }
  for (size_t i = 0; rc >= 0 && i < out->n; i++) {
    bks_run_metrics_init(&out->metrics[i]);
    int64_t d = day_of(out->runs[i].start_utc);
    int want_model = have_model && d >= model_from && d <= model_to;
    int want_vo = d >= vo_from && (w.channels[i] & (1u << BKS_CH_VERT_OSC));
    if (!want_model && !want_vo) continue;
    bks_activity a;
    bks_activity_init(&a);
    if (bks_store_load(s, w.ids[i], 0, &a) == BKS_OK) {
      if (want_vo) out->runs[i].vo_cm = 100 * bks_activity_positive_mean(&a, BKS_CH_VERT_OSC);
      if (want_model) {
        bks_steps st;
        bks_steps_init(&st);
        bks_run_load rl;
        bks_run_load_init(&rl);
        int r2 = bks_steps_build(&st, &a, m.params);
        if (r2 == BKS_OK) r2 = bks_run_load_compute(&m, &st, &rl);
        if (r2 == BKS_OK) bks_coach_run_metrics(&m, &st, &rl, &out->metrics[i]);
        if (r2 == BKS_E_NOMEM) rc = r2;
        bks_run_load_deinit(&rl);
        bks_steps_deinit(&st);
      }
    }
    bks_activity_deinit(&a);
  }
  free(w.ids);
  free(w.channels);
  if (rc < 0) coach_runs_free(out);
  return rc < 0 ? rc : BKS_OK;
}

void coach_runs_free(coach_runs *r) {
  if (!r) return;
  free(r->runs);
  free(r->metrics);
  memset(r, 0, sizeof *r);
}
