// backstride — what a library holds, as plain records: a stored run without its samples, and
// what a check of the whole file found. The store fills them (store.h), the application layer
// hands them on (app.h), the commands and pages print them; none of those needs SQL to read them.
#ifndef BKS_LIBRARY_H
#define BKS_LIBRARY_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/activity.h"

#ifdef __cplusplus
extern "C" {
#endif

// bits of bks_run_info.channels beyond the bks_channel ones (which are 1 << channel). The
// bks_channel values are stored in the database: they may only ever be appended to.
#define BKS_RUN_CH_IMU_ACC (1u << 28) // raw accelerations
#define BKS_RUN_CH_IMU_GYR (1u << 29) // raw angular rates

// A stored run, without its samples.
typedef struct bks_run_info {
  int64_t id;
  int64_t source_id;
  char source_path[1024]; // the file it came from
  char format[8];         // "fit", "gpx", "tcx", "imu"
  char sport[16];         // "running"
  char sport_name[32];    // the source's own words ("running/trail", "run", "9")
  int sport_guessed;      // 1 when inferred from speed and cadence
  char device[64];
  char name[128];
  int64_t start_utc; // [s] Unix time of the start
  double duration_s; // [s] elapsed
  double timer_s;    // [s] moving, NaN when unknown
  double distance_m; // [m], NaN when unknown
  size_t n_samples;
  uint32_t channels; // 1 << bks_channel for each channel present, plus BKS_RUN_CH_IMU_*
  unsigned ndev;     // developer channels
  unsigned nlaps;
  int richness;         // bks_store_richness when stored
  double imu_rate_hz;   // NaN when no raw IMU
  char imported_at[24]; // "2026-09-06T07:30:00Z"
  unsigned nwarnings;
  char warnings[BKS_ACTIVITY_MAX_WARNINGS][160];
  // the pair of shoes the run counts for (0 and "" when none): the one assigned to it, else the
  // only pair in use that day
  int64_t shoe_id;
  int shoe_assigned; // 1: assigned (shoes assign, or the default pair at import)
  char shoe_name[64];
} bks_run_info;

// Called once per run; a non-zero return stops the walk (and bks_store_runs returns it).
typedef int (*bks_run_info_fn)(const bks_run_info *r, void *ctx);

// What bks_store_check found.
typedef struct bks_check_result {
  int integrity_ok;    // PRAGMA integrity_check said "ok"
  int foreign_keys_ok; // PRAGMA foreign_key_check found nothing
  int64_t sources;     // rows
  int64_t runs;
  int64_t skipped;
  int64_t incomplete_runs; // runs missing a channel, or with an array of the wrong length
  char first_problem[256]; // "" when everything is fine
} bks_check_result;

#ifdef __cplusplus
}
#endif

#endif
