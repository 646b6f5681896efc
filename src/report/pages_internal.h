// backstride — what bks_pages_gather (pages_gather.c) hands the renderers (pages.c).
#ifndef BKS_PAGES_INTERNAL_H
#define BKS_PAGES_INTERNAL_H

#include "backstride/coach.h"
#include "backstride/gather.h"
#include "backstride/store.h"
#include "backstride/model.h"
#include "backstride/pages.h"

typedef struct bks__pages_run {
  bks_run_info info;
  double distance_m; // from the run, else the steps; NaN when unknown
  double dose;       // NaN when not modelled
  double vo_cm;      // mean measured vertical oscillation, NaN when none
} bks__pages_run;

// the scenarios of the what-if table, in this order
enum { BKS__WHATIF_CAD5, BKS__WHATIF_CAD10, BKS__WHATIF_UPRIGHT, BKS__WHATIF_N };

typedef struct bks__whatif_row {
  size_t run;          // index into runs
  double lumbar_bw[2]; // peak L4/L5 compression before / after [BW]
  double vo_cm[2];     // vertical oscillation [cm]
  double dose_km[2];   // dose per km
  int scenario;        // BKS__WHATIF_*
} bks__whatif_row;

struct bks_pages {
  int64_t today;
  char library[1024]; // the file, "" when none yet
  bks_model model;
  char defaults[32];

  bks__pages_run *runs; // oldest first
  size_t nruns, nmodelled;

  bks_coach_input in; // points into diary and gr
  bks_diary diary;
  bks_gathered_runs gr; // every run as `backstride findings` reads it
  bks_intervention *interventions; // by start day (for the served diary page)
  size_t ninterventions;

  // weeks (Monday to Sunday, UTC) from the first to the last with a run or a pain entry
  int64_t week0; // day number of the first Monday
  size_t nweeks;
  char (*week_labels)[8];
  const char **week_lp;
  double *week_km, *week_dose, *week_pain, *week_acwr;

  bks__whatif_row *whatif;
  size_t nwhatif;
  double upright_deg; // lean of the "more upright" scenario [deg]
};

int64_t bks__day_of(int64_t t);
int64_t bks__monday_of(int64_t day);

#endif
