// backstride coach internals: the compiled-in catalogue (src/coach/exercises_data.c, generated)
// and what the findings files share (src/coach/coach.c, src/coach/findings_runs.c).
#ifndef BKS_COACH_INTERNAL_H
#define BKS_COACH_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/coach.h"

extern const bks_exercise bks__exercises[];
extern const size_t bks__nexercises;

/** Day number (UTC) a run started on. */
int64_t bks__run_day(const bks_run_brief *r);

/** Clear `f` and give it its id, title and source; status unknown, confidence low. */
void bks__fset(bks_finding *f, const char *id, const char *title, const char *source);

/** Within-run fatigue drift over the last 28 days' modelled runs (src/coach/findings_runs.c). */
void bks__finding_fatigue_drift(const bks_coach_input *in, bks_finding *f);

/** Per-shoe trend of the measured peak force against the pair's distance. */
void bks__finding_shoe_impact(const bks_coach_input *in, bks_finding *f);

// sources of the two findings above, for the plan's cues
extern const char bks__src_drift[];
extern const char bks__src_shoe_impact[];

#endif
