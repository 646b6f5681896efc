// A modelled run as the coach reads it: its means and its within-run drift (last third of the
// steps against the first third). Why thirds: the fatigue studies compare the start with the end
// of a run (Mizrahi et al. 2000, 1st vs 30th minute); a third of the steps keeps enough rows on
// each side to average out pace changes on a watch's 1 Hz records.
#include <math.h>
#include <string.h>

#include "backstride/coach_runs.h"

void bks_run_metrics_init(bks_run_metrics *m) {
  memset(m, 0, sizeof *m);
  m->lli = m->peak_vgrf_bw = m->dose = m->speed = m->minutes = NAN;
  m->drift_cadence = m->drift_contact = m->drift_lli = m->drift_speed = NAN;
}

// step-weighted sums of one third: [0] weight, cadence, contact, lli; speed over rows with one
typedef struct third {
  double w, cad, contact, lli, w_speed, speed;
} third;

static double ratio(double a, double wa, double b, double wb) {
  return wa > 0 && wb > 0 && b != 0 ? (a / wa) / (b / wb) - 1.0 : NAN;
}

void bks_coach_run_metrics(const bks_model *m, const bks_steps *s, const bks_run_load *rl,
                           bks_run_metrics *out) {
  bks_run_metrics_init(out);
  const bks_load_means *sm = &rl->summary;
  if (!(sm->steps > 0)) return;
  out->modelled = 1;
  out->dynamics = rl->steps_by_source[BKS_STEP_DYNAMICS] > 0.5 * sm->steps;
  out->lli = sm->lli;
  out->peak_vgrf_bw = sm->peak_vgrf_bw;
  out->dose = sm->dose;
  out->speed = sm->speed;
  out->minutes = sm->duration_s / 60.0;
  if (!(out->minutes >= BKS_DRIFT_MIN_MINUTES) || s->n < 3) return;

  // the rows of the first and the last third of the steps, each row modelled again for its LLI
  third t[2];
  memset(t, 0, sizeof t);
  double cum = 0, third_w = sm->steps / 3.0;
  for (size_t i = 0; i < s->n; i++) {
    double c = s->count[i];
    int k = cum < third_w ? 0 : cum >= sm->steps - third_w ? 1 : -1;
    cum += c;
    if (k < 0) continue;
    bks_step_result r;
    if (bks_model_step(m, s->contact_s[i], s->flight_s[i], s->speed[i], s->uncertainty[i], &r) <
        0) {
      continue;
    }
    t[k].w += c;
    t[k].cad += c * s->cadence_spm[i];
    t[k].contact += c * s->contact_s[i];
    t[k].lli += c * r.lli;
    if (isfinite(s->speed[i])) {
      t[k].w_speed += c;
      t[k].speed += c * s->speed[i];
    }
  }
  out->drift_cadence = ratio(t[1].cad, t[1].w, t[0].cad, t[0].w);
  out->drift_contact = ratio(t[1].contact, t[1].w, t[0].contact, t[0].w);
  out->drift_lli = ratio(t[1].lli, t[1].w, t[0].lli, t[0].w);
  out->drift_speed = ratio(t[1].speed, t[1].w_speed, t[0].speed, t[0].w_speed);
}
