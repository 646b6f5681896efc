// backstride — the gathered diary, read by pages outside src/report (the served forms list what
// was logged beside them) without reaching into struct bks_pages (include/backstride/pages.h).
#include "pages_internal.h"

const bks_coach_input *bks_pages_diary(const bks_pages *p) { return &p->in; }

const bks_intervention *bks_pages_interventions(const bks_pages *p, size_t *n) {
  *n = p->ninterventions;
  return p->interventions;
}
