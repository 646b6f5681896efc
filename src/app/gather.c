// Gathering the coach's input once for every command and page (include/backstride/gather.h).
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/alloc.h"
#include "backstride/date.h"
#include "backstride/gather.h"
#include "backstride/store.h"

int bks_gather_model(const bks_profile *p, double lean_deg, bks_model *m, char *defaults,
                     size_t defaults_sz) {
  bks_runner r = {NAN, NAN, lean_deg, 0};
  if (p && p->set && p->mass_kg > 0) r.mass_kg = p->mass_kg;
  if (p && p->set && p->height_m > 0) r.height_m = p->height_m;
  char err[160];
  if (bks_model_init_defaults(m, &r, defaults, defaults_sz, err, sizeof err) == BKS_OK) {
    return BKS_OK;
  }
  // a stored profile the model refuses: the defaults, as without a profile
  bks_runner d = {NAN, NAN, lean_deg, 0};
  return bks_model_init_defaults(m, &d, defaults, defaults_sz, err, sizeof err) < 0 ? BKS_E_INVAL
                                                                                    : BKS_OK;
}

void bks_gather_run_metrics(const bks_run_summary *r, bks_run_metrics *out) {
  bks_run_metrics_init(out);
  const bks_load_means *sm = &r->m;
  if (!r->modelled || !(sm->steps > 0)) return;
  out->modelled = 1;
  out->dynamics = r->dynamics_share > 0.5;
  out->lli = sm->lli;
  out->peak_vgrf_bw = sm->peak_vgrf_bw;
  out->dose = sm->dose;
  out->speed = sm->speed;
  out->minutes = sm->duration_s / 60.0;
  out->drift_cadence = r->drift_cadence;
  out->drift_contact = r->drift_contact;
  out->drift_lli = r->drift_lli;
  out->drift_speed = r->drift_speed;
}

int bks_gather_runs_from(const bks_run_summaries *all, int64_t model_from, int64_t model_to,
                         int64_t vo_from, bks_gathered_runs *out) {
  memset(out, 0, sizeof *out);
  if (!all->n) return BKS_OK;
  out->runs = bks_malloc(all->n * sizeof *out->runs);
  out->metrics = bks_malloc(all->n * sizeof *out->metrics);
  if (!out->runs || !out->metrics) {
    bks_gathered_runs_deinit(out);
    return BKS_E_NOMEM;
  }
  for (size_t i = 0; i < all->n; i++) {
    const bks_run_summary *r = &all->r[i];
    bks_run_brief *b = &out->runs[i];
    b->start_utc = r->start_utc;
    b->duration_s = isfinite(r->timer_s) && r->timer_s > 0 ? r->timer_s : r->duration_s;
    b->distance_m = r->distance_m;
    b->shoe_id = r->shoe_id;
    int64_t d = bks_date_day_local(r->start_utc);
    b->vo_cm = d >= vo_from ? r->vo_channel_cm : NAN;
    if (d >= model_from && d <= model_to) bks_gather_run_metrics(r, &out->metrics[i]);
    else bks_run_metrics_init(&out->metrics[i]);
  }
  out->n = all->n;
  return BKS_OK;
}

int bks_gather_runs_read(bks_store *s, const bks_profile *p, int64_t model_from, int64_t model_to,
                         int64_t vo_from, bks_gathered_runs *out) {
  memset(out, 0, sizeof *out);
  char defaults[32];
  bks_model m;
  if (bks_gather_model(p, NAN, &m, defaults, sizeof defaults) < 0) return BKS_E_INVAL;
  bks_run_summaries all;
  int rc = bks_run_summaries_get(s, &m, &all, NULL, NULL);
  if (rc < 0) return rc;
  rc = bks_gather_runs_from(&all, model_from, model_to, vo_from, out);
  bks_run_summaries_deinit(&all);
  return rc;
}

void bks_gathered_runs_deinit(bks_gathered_runs *r) {
  if (!r) return;
  free(r->runs);
  free(r->metrics);
  memset(r, 0, sizeof *r);
}

int64_t bks_gather_model_from(const bks_coach_input *in) {
  int64_t from = in->today - 27;
  for (size_t i = 0; i < in->nshoes; i++) {
    if (in->shoes[i].start_day < from) from = in->shoes[i].start_day;
  }
  return from;
}

int bks_gather_coach(bks_store *s, int64_t today, bks_gathered_coach *out) {
  memset(out, 0, sizeof *out);
  bks_diary_init(&out->diary);
  out->in.today = today;
  if (!s) return BKS_OK; // no library yet: an empty diary
  int rc = bks_store_diary_read(s, &out->diary);
  if (rc < 0) return rc;
  bks_coach_input_set_diary(&out->in, &out->diary);
  rc = bks_gather_runs_read(s, &out->diary.profile, bks_gather_model_from(&out->in), today,
                            today - 27, &out->runs);
  if (rc < 0) {
    bks_gathered_coach_deinit(out);
    return rc;
  }
  out->in.runs = out->runs.runs;
  out->in.nruns = out->runs.n;
  out->in.metrics = out->runs.metrics;
  return BKS_OK;
}

void bks_gathered_coach_deinit(bks_gathered_coach *g) {
  if (!g) return;
  bks_diary_deinit(&g->diary);
  bks_gathered_runs_deinit(&g->runs);
  memset(&g->in, 0, sizeof g->in);
}
