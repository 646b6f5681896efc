// What every finding starts from (src/coach/coach_internal.h): shared by findings.c,
// findings_runs.c and plan.c.
#include <string.h>

#include "coach_internal.h"

int64_t bks__run_day(const bks_run_brief *r) { return bks_date_day_local(r->start_utc); }

void bks__fset(bks_finding *f, const char *id, const char *title, const char *source) {
  memset(f, 0, sizeof *f);
  f->id = id;
  f->title = title;
  f->source = source;
  f->status = BKS_FINDING_UNKNOWN;
  f->confidence = "low";
}
