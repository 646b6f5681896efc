// backstride — the project's own example run.
//
// A synthetic, deterministic easy run made by a small simulator and written with backstride's FIT
// writer: the bundled data/example/easy-run.fit is its output. No real person's data: the runner
// (70 kg), the loop course around 47.3769 N, 8.5417 E and every sample are made up.
#ifndef BKS_TOOLS_EXAMPLE_H
#define BKS_TOOLS_EXAMPLE_H

#include <stddef.h>

#include "backstride/buf.h"
#include "backstride/status.h"

#ifdef __cplusplus
extern "C" {
#endif

// What the example run contains, as written (values rounded to their FIT resolution).
typedef struct bks_example_info {
  double start_time;               // [s] Unix time (UTC) of the first record: 2026-09-06T07:30:00Z
  double duration;                 // [s] first record to last (the timer never stops in between)
  double distance;                 // [m] total distance
  unsigned records;                // record messages (one per second; every 5 s in the history)
  unsigned laps;                   // lap messages (one per km, plus the rest)
  double avg_speed;                // [m/s] distance / duration
  double avg_cadence_spm;          // [steps/min] mean of the records
  double avg_heart_rate;           // [1/min] mean of the records
  double avg_vertical_oscillation; // [m] mean of the records
  double total_ascent;             // [m] as written in the session (whole metres)
} bks_example_info;

/**
 * Append the example run, a complete FIT activity file (about 80 KB), to `out`. Every call makes
 * the same bytes. Fills `info` when it is not NULL. Returns BKS_OK or BKS_E_NOMEM; on error `out`
 * is left as it was. Nullable: info.
 */
int bks_example_write_run(bks_buf *out, bks_example_info *info);

//---- The example history ----

// Twelve weeks of synthetic runs by the same made-up runner, Monday 2026-06-15 to Sunday
// 2026-09-06, made by the same simulator: the history (data/example/history/) holds every run but
// the last, which is the example easy run (easy-run.fit). About 45 km a week in 4 or 5 runs, a
// spike week (week 8, 72 km), two cut-back weeks (9-10) and two building back (11-12); one record
// every 5 s. The long runs bounce more (vertical oscillation near 11.5 cm against about 9.5 cm on
// the other runs). The runs carry no shoe; the shoes and the pain episode are logged by
// tools/quickstart.

// One run of the history, as planned.
typedef struct bks_example_history_run {
  char file[32];           // file name in data/example/history/, "2026-06-09-easy.fit"
  const char *kind;        // "recovery", "easy", "tempo" or "long"
  unsigned week;           // 1 (from Monday 2026-06-15) to 12
  double start_time;       // [s] Unix time (UTC) of the first record
  double planned_distance; // [m] the run ends at the first record at or past it
} bks_example_history_run;

/** How many runs the history has. */
size_t bks_example_history_count(void);

/** Describe run `i` (0 to count-1, in time order). Returns BKS_OK or BKS_E_INVAL. */
int bks_example_history_describe(size_t i, bks_example_history_run *run);

/**
 * Append history run `i`, a complete FIT activity file, to `out`; every call makes the same
 * bytes. Fills `info` when it is not NULL. Returns BKS_OK, BKS_E_INVAL (no such run) or
 * BKS_E_NOMEM (then `out` is left as it was).
 */
int bks_example_write_history_run(size_t i, bks_buf *out, bks_example_info *info);

#ifdef __cplusplus
}
#endif

#endif
