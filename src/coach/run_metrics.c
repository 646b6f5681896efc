// A modelled run as the coach reads it, before it is filled (src/app/gather.c fills it from the
// derived results: means and within-run drift computed by the load engine, src/load/run.c).
#include <math.h>
#include <string.h>

#include "backstride/coach.h"

void bks_run_metrics_init(bks_run_metrics *m) {
  memset(m, 0, sizeof *m);
  m->lli = m->peak_vgrf_bw = m->dose = m->speed = m->minutes = NAN;
  m->drift_cadence = m->drift_contact = m->drift_lli = m->drift_speed = NAN;
}
