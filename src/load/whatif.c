// backstride — a run's steps with a changed cadence (include/backstride/whatif.h).
#include <math.h>

#include "backstride/whatif.h"

int bks_steps_scale_cadence(const bks_steps *in, const bks_model_params *p, double f,
                            int keep_contact, bks_steps *out, size_t *dropped) {
  int rc = bks_steps_reserve(out, in->n);
  if (rc < 0) return rc;
  *dropped = 0;
  for (size_t i = 0; i < in->n; i++) {
    double cad = in->cadence_spm[i] * f;
    double contact = keep_contact ? in->contact_s[i] : in->contact_s[i] / f;
    double vo = NAN;
    if (in->vo_measured[i] && contact < 60.0 / cad) {
      // a measured oscillation changes as the model says it would
      vo = in->vo_m[i] * bks_step_vo_model(p, contact, 60.0 / cad - contact) /
           bks_step_vo_model(p, in->contact_s[i], in->flight_s[i]);
    }
    rc = bks_steps_add(out, p, in->t[i], in->count[i] * f, in->dist_m[i], cad, contact,
                       in->speed[i], vo, in->source[i], in->uncertainty[i], in->cadence_unc[i]);
    if (rc == BKS_E_RANGE) {
      (*dropped)++;
    } else if (rc < 0) {
      return rc;
    }
  }
  out->n_records = in->n_records;
  return BKS_OK;
}

int bks_whatif_scenario(const bks_model *m, const bks_steps *st, double f, int keep_contact,
                        bks_run_load *out, size_t *dropped) {
  *dropped = 0;
  if (f == 1) return bks_run_load_compute(m, st, out);
  bks_steps scaled;
  bks_steps_init(&scaled);
  int rc = bks_steps_scale_cadence(st, m->params, f, keep_contact, &scaled, dropped);
  if (rc == BKS_OK) rc = bks_run_load_compute(m, &scaled, out);
  bks_steps_deinit(&scaled);
  return rc;
}

const char bks_whatif_cadence_evidence[] =
    "studies of a higher step rate at the same speed consistently found a lower vertical ground "
    "reaction force per step and less vertical excursion of the centre of mass: that is the bound "
    "that keeps contact time (the force per step falls), not the one that keeps the duty factor "
    "(no change per step); the extra steps per kilometre add to the run's dose, which the lower "
    "force per step can outweigh";
const char bks_whatif_cadence_source[] =
    "Schubert, Kempf & Heiderscheit 2014, Sports Health 6:210 (systematic review, 10 studies); "
    "Heiderscheit et al. 2011, MSSE 43:296 (+5 and +10 % step rate)";
