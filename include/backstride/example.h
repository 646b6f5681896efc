// backstride — the project's own example run.
//
// A synthetic, deterministic easy run made by a small simulator and written with backstride's FIT
// writer: the bundled data/example/easy-run.fit is its output. No real person's data: the runner
// (70 kg), the loop course around 47.3769 N, 8.5417 E and every sample are made up.
#ifndef BACKSTRIDE_EXAMPLE_H
#define BACKSTRIDE_EXAMPLE_H

#include "backstride/buf.h"
#include "backstride/status.h"

#ifdef __cplusplus
extern "C" {
#endif

// What the example run contains, as written (values rounded to their FIT resolution).
typedef struct bks_example_info {
  double start_time;      // [s] Unix time (UTC) of the first record: 2026-09-06T07:30:00Z
  double duration;        // [s] first record to last (the timer never stops in between)
  double distance;        // [m] total distance
  unsigned records;       // record messages (one per second)
  unsigned laps;          // lap messages (one per km, plus the rest)
  double avg_speed;       // [m/s] distance / duration
  double avg_cadence_spm; // [steps/min] mean of the records
  double avg_heart_rate;  // [1/min] mean of the records
  double total_ascent;    // [m] as written in the session (whole metres)
} bks_example_info;

/**
 * Append the example run, a complete FIT activity file (about 80 KB), to `out`. Every call makes
 * the same bytes. Fills `info` when it is not NULL. Returns BKS_OK or BKS_E_NOMEM; on error `out`
 * is left as it was. Nullable: info.
 */
int bks_example_write_run(bks_buf *out, bks_example_info *info);

#ifdef __cplusplus
}
#endif

#endif
