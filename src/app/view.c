// backstride — gathering the library once for the pages (include/backstride/view.h): every run modelled
// once, the diary, weekly series, the acute:chronic ratio and the what-if scenarios.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/alloc.h"
#include "backstride/activity.h"
#include "backstride/load.h"
#include "backstride/gather.h"
#include "backstride/steps.h"
#include "backstride/summaries.h"
#include "backstride/units.h"
#include "backstride/whatif.h"
#include "backstride/date.h"
#include "backstride/store.h"
#include "backstride/view.h"

// the chronic window of the acute:chronic ratio: no ratio is drawn before it is filled
#define CHRONIC_DAYS 28
// absurd dates must not make the charts unbounded
#define MAX_WEEKS 20000

typedef struct runs_acc {
  bks_pages *p;
  size_t cap;
} runs_acc;

static int collect(const bks_run_info *r, void *ctx) {
  runs_acc *acc = ctx;
  bks_pages *p = acc->p;
  if (p->nruns == acc->cap) {
    size_t c = acc->cap ? acc->cap * 2 : 64;
    bks_pages_run *n = bks_realloc(p->runs, c * sizeof *n);
    if (!n) return BKS_E_NOMEM;
    p->runs = n;
    acc->cap = c;
  }
  bks_pages_run *x = &p->runs[p->nruns++];
  x->info = *r;
  x->distance_m = r->distance_m;
  x->dose = NAN;
  x->vo_cm = NAN;
  return 0;
}

void bks_pages_free(bks_pages *p) {
  if (!p) return;
  free(p->runs);
  bks_gathered_runs_deinit(&p->gr);
  free(p->interventions);
  bks_diary_deinit(&p->diary);
  free(p->week_labels);
  free(p->week_lp);
  free(p->week_km);
  free(p->week_dose);
  free(p->week_pain);
  free(p->week_acwr);
  free(p->whatif);
  free(p);
}

size_t bks_pages_nruns(const bks_pages *p) { return p->nruns; }
const char *bks_pages_defaults(const bks_pages *p) { return p->defaults; }
int64_t bks_pages_newest_run(const bks_pages *p) {
  return p->nruns ? p->runs[p->nruns - 1].info.id : 0;
}

// the what-if scenarios of one modelled run (its steps `st`, its load `base`)
static int whatif_run(bks_pages *p, size_t run, const bks_steps *st, const bks_run_load *base,
                      const bks_model *upright, size_t cap) {
  for (int sc = 0; sc < BKS_PAGES_WHATIF_N && p->nwhatif < cap; sc++) {
    bks_run_load r2;
    bks_run_load_init(&r2);
    size_t dropped = 0;
    int rc = sc == BKS_PAGES_WHATIF_UPRIGHT
                 ? bks_whatif_scenario(upright, st, 1, 0, &r2, &dropped)
                 // contact time kept: the bound the step-rate studies support
                 // (bks_whatif_cadence_evidence), the same that `backstride whatif` names
                 : bks_whatif_scenario(&p->model, st, sc == BKS_PAGES_WHATIF_CAD5 ? 1.05 : 1.10, 1,
                                       &r2, &dropped);
    if (rc == BKS_OK) {
      const bks_load_means *a = &base->summary, *b = &r2.summary;
      bks_pages_whatif_row *w = &p->whatif[p->nwhatif++];
      w->run = run;
      w->scenario = sc;
      w->lumbar_bw[0] = a->lumbar_peak_bw;
      w->lumbar_bw[1] = b->lumbar_peak_bw;
      w->vo_cm[0] = a->vo_cm;
      w->vo_cm[1] = b->vo_cm;
      w->dose_km[0] = a->distance_m > 0 ? a->dose / (a->distance_m / 1000) : NAN;
      w->dose_km[1] = b->distance_m > 0 ? b->dose / (b->distance_m / 1000) : NAN;
    }
    bks_run_load_deinit(&r2);
    if (rc == BKS_E_NOMEM) return rc;
  }
  return BKS_OK;
}

// every run's dose from the derived results cache (summaries.h: a read, not a model per run,
// once cached); the what-if scenarios model the newest modelled runs again
static int model_runs(bks_pages *p, bks_store *s) {
  bks_run_summaries all;
  int rc = bks_run_summaries_get(s, &p->model, &all, NULL, NULL);
  if (rc < 0) return rc;
  // the coach's view of the runs, as `backstride findings` gathers it
  rc = bks_gather_runs_from(&all, bks_gather_model_from(&p->in), p->today, p->today - 27, &p->gr);
  if (rc < 0) {
    bks_run_summaries_deinit(&all);
    return rc;
  }
  p->in.runs = p->gr.runs;
  p->in.nruns = p->gr.n;
  p->in.metrics = p->gr.metrics;
  // both lists walk the runs in start order; a run imported in between is matched by id
  for (size_t k = 0, j = 0; k < p->nruns; k++) {
    bks_pages_run *row = &p->runs[k];
    while (j < all.n && all.r[j].id != row->info.id && all.r[j].start_utc <= row->info.start_utc) {
      j++;
    }
    if (j >= all.n || all.r[j].id != row->info.id) continue;
    const bks_run_summary *r = &all.r[j++];
    row->vo_cm = r->vo_channel_cm;
    if (!isfinite(row->distance_m)) row->distance_m = r->distance_m;
    if (!r->modelled) continue;
    p->nmodelled++;
    row->dose = r->m.dose;
  }
  bks_run_summaries_deinit(&all);

  bks_model upright;
  char d[32];
  if (bks_gather_model(&p->in.profile, p->upright_deg, &upright, d, sizeof d) < 0) {
    upright = p->model;
  }
  size_t cap = (size_t)BKS_PAGES_WHATIF_RUNS * BKS_PAGES_WHATIF_N;
  p->whatif = bks_calloc(cap, sizeof *p->whatif);
  if (!p->whatif) return BKS_E_NOMEM;
  size_t nwhatif_runs = 0;
  bks_run_modelled x; // reused: one run's arrays at a time
  bks_run_modelled_init(&x);
  for (size_t k = p->nruns; k-- > 0 && nwhatif_runs < BKS_PAGES_WHATIF_RUNS;) {
    if (!isfinite(p->runs[k].dose)) continue;
    rc = bks_run_model_stored(s, &p->model, p->runs[k].info.id, &x);
    if (rc == BKS_OK && x.modelled) {
      nwhatif_runs++;
      rc = whatif_run(p, k, &x.st, &x.rl, &upright, cap);
    }
    if (rc == BKS_E_NOMEM) break;
  }
  bks_run_modelled_deinit(&x);
  return rc == BKS_E_NOMEM ? rc : BKS_OK;
}

// the weekly EWMA acute:chronic ratio of daily dose, read on each week's last day with data
static int weekly_acwr(bks_pages *p) {
  size_t n = 0;
  for (size_t k = 0; k < p->nruns; k++) n += isfinite(p->runs[k].dose) ? 1 : 0;
  if (!n) return BKS_OK;
  int64_t *t = bks_malloc(n * sizeof *t);
  double *load = bks_malloc(n * sizeof *load);
  double *daily = NULL;
  bks_day_load *dl = NULL;
  int rc = BKS_E_NOMEM;
  if (!t || !load) goto done;
  n = 0;
  for (size_t k = 0; k < p->nruns; k++) {
    if (!isfinite(p->runs[k].dose)) continue;
    t[n] = p->runs[k].info.start_utc;
    load[n++] = p->runs[k].dose;
  }
  int64_t first = 0;
  size_t ndays = 0;
  rc = bks_daily_loads(t, load, n, BKS_TZ_RUNNER, &first, &daily, &ndays);
  if (rc < 0) {
    rc = rc == BKS_E_NOMEM ? rc : BKS_OK; // odd dates or loads: no ratio drawn, not a failure
    goto done;
  }
  dl = bks_malloc(ndays * sizeof *dl);
  if (!dl) {
    rc = BKS_E_NOMEM;
    goto done;
  }
  bks_day_loads_compute(NULL, daily, ndays, dl);
  for (size_t d = CHRONIC_DAYS - 1; d < ndays; d++) {
    int64_t w = (bks_date_monday(first + (int64_t)d) - p->week0) / 7;
    if (w >= 0 && (size_t)w < p->nweeks && isfinite(dl[d].acwr_ewma)) {
      p->week_acwr[w] = dl[d].acwr_ewma;
    }
  }
  rc = BKS_OK;
done:
  free(t);
  free(load);
  free(daily);
  free(dl);
  return rc;
}

static int weeks(bks_pages *p) {
  int64_t w0 = INT64_MAX, w1 = INT64_MIN;
  for (size_t k = 0; k < p->nruns; k++) {
    int64_t w = bks_date_monday(bks_date_day_local(p->runs[k].info.start_utc));
    if (w < w0) w0 = w;
    if (w > w1) w1 = w;
  }
  for (size_t k = 0; k < p->in.npain; k++) {
    int64_t w = bks_date_monday(p->in.pain[k].day);
    if (w < w0) w0 = w;
    if (w > w1) w1 = w;
  }
  if (w0 > w1) return BKS_OK;
  size_t nw = (size_t)((w1 - w0) / 7 + 1);
  if (nw > MAX_WEEKS) nw = MAX_WEEKS;
  p->week0 = w0;
  p->nweeks = nw;
  p->week_km = bks_calloc(nw, sizeof *p->week_km);
  p->week_dose = bks_calloc(nw, sizeof *p->week_dose);
  p->week_pain = bks_malloc(nw * sizeof *p->week_pain);
  p->week_acwr = bks_malloc(nw * sizeof *p->week_acwr);
  p->week_labels = bks_calloc(nw, sizeof *p->week_labels);
  p->week_lp = bks_calloc(nw, sizeof *p->week_lp);
  if (!p->week_km || !p->week_dose || !p->week_pain || !p->week_acwr || !p->week_labels ||
      !p->week_lp) {
    return BKS_E_NOMEM;
  }
  for (size_t i = 0; i < nw; i++) {
    char d[16];
    bks_date_format(w0 + 7 * (int64_t)i, d);
    // "MM-DD" within a year; "YYYY-MM" when the weeks span more, so years are not confused
    if (nw > 53) {
      snprintf(p->week_labels[i], sizeof p->week_labels[i], "%.7s", d);
    } else {
      snprintf(p->week_labels[i], sizeof p->week_labels[i], "%.5s", d + 5);
    }
    p->week_lp[i] = p->week_labels[i];
    p->week_pain[i] = NAN;
    p->week_acwr[i] = NAN;
  }
  for (size_t k = 0; k < p->nruns; k++) {
    int64_t w = (bks_date_monday(bks_date_day_local(p->runs[k].info.start_utc)) - w0) / 7;
    if (w < 0 || (size_t)w >= nw) continue;
    // in the runner's unit (km or mi: bks_units_use), as the chart labels it
    if (isfinite(p->runs[k].distance_m)) p->week_km[w] += bks_units_dist(p->runs[k].distance_m);
    if (isfinite(p->runs[k].dose)) p->week_dose[w] += p->runs[k].dose;
  }
  for (size_t k = 0; k < p->in.npain; k++) {
    int64_t w = (bks_date_monday(p->in.pain[k].day) - w0) / 7;
    if (w < 0 || (size_t)w >= nw) continue;
    if (isnan(p->week_pain[w]) || p->in.pain[k].level > p->week_pain[w]) {
      p->week_pain[w] = p->in.pain[k].level;
    }
  }
  return weekly_acwr(p);
}

int bks_pages_gather(bks_store *s, int64_t today, bks_pages **out, char *err, size_t err_sz) {
  bks_pages *p = bks_calloc(1, sizeof *p);
  if (!p) return BKS_E_NOMEM;
  p->today = today;
  p->in.today = today;
  int rc = BKS_OK;
  if (s) {
    snprintf(p->library, sizeof p->library, "%s", bks_store_path(s));
    runs_acc acc = {p, 0};
    rc = bks_store_diary_read(s, &p->diary);
    if (rc == BKS_OK) bks_coach_input_set_diary(&p->in, &p->diary);
    if (rc == BKS_OK) rc = bks_store_runs(s, collect, &acc);
    if (rc == BKS_OK) rc = bks_store_intervention_list(s, &p->interventions, &p->ninterventions);
    if (rc < 0) {
      if (rc != BKS_E_NOMEM) {
        bks_set_err(err, err_sz, "%s", bks_store_errmsg(s));
        rc = BKS_E_DB;
      }
      goto fail;
    }
  }
  if ((rc = bks_gather_model(&p->in.profile, NAN, &p->model, p->defaults, sizeof p->defaults)) <
      0) {
    bks_set_err(err, err_sz, "the model cannot be made");
    goto fail;
  }
  // "more upright": three degrees less forward lean than the runner's (not below upright)
  p->upright_deg = p->model.lean_deg > 3 ? p->model.lean_deg - 3 : 0;
  if (s && (rc = model_runs(p, s)) < 0) {
    if (rc == BKS_E_DB) bks_set_err(err, err_sz, "%s", bks_store_errmsg(s));
    goto fail;
  }
  if ((rc = weeks(p)) < 0) goto fail;
  *out = p;
  return BKS_OK;
fail:
  if (rc == BKS_E_NOMEM) bks_set_err(err, err_sz, "out of memory");
  bks_pages_free(p);
  return rc;
}

const bks_coach_input *bks_pages_diary(const bks_pages *p) { return &p->in; }

const bks_intervention *bks_pages_interventions(const bks_pages *p, size_t *n) {
  *n = p->ninterventions;
  return p->interventions;
}
