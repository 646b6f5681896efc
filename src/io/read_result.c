// The result of reading one file: its activities, what was skipped, and the damage found.
#include <stdlib.h>
#include <string.h>

#include "backstride/io.h"

void bks_read_result_init(bks_read_result *r) {
  memset(r, 0, sizeof *r);
  r->status = BKS_OK;
}

void bks_read_result_deinit(bks_read_result *r) {
  if (!r) return;
  for (size_t i = 0; i < r->nact; i++) bks_activity_deinit(&r->act[i]);
  free(r->act);
  bks_read_result_init(r);
}
