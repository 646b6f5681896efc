// A modelled run as the coach reads it: its means and its within-run drift (computed by the load
// engine, src/load/run.c, which says why thirds).
#include <math.h>
#include <string.h>

#include "backstride/coach_runs.h"

void bks_run_metrics_init(bks_run_metrics *m) {
  memset(m, 0, sizeof *m);
  m->lli = m->peak_vgrf_bw = m->dose = m->speed = m->minutes = NAN;
  m->drift_cadence = m->drift_contact = m->drift_lli = m->drift_speed = NAN;
}

void bks_coach_run_metrics(const bks_run_summary *r, bks_run_metrics *out) {
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
