// backstride — the normalised activity: what every reader (FIT, GPX, TCX, IMU CSV) produces and
// everything downstream (steps, model, load, store) consumes.
//
// A struct of arrays in SI units, one array per channel, all of length `n`. A channel the source
// does not have is absent (NULL), never zeros. Within a present channel, a sample the source did
// not record is NaN. Time is seconds since `start_utc`.
#ifndef BACKSTRIDE_ACTIVITY_H
#define BACKSTRIDE_ACTIVITY_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/status.h"

#ifdef __cplusplus
extern "C" {
#endif

//---- Channels ----

// the per-sample channels; indexes into bks_activity.ch
typedef enum bks_channel {
  BKS_CH_DISTANCE = 0, // cumulative distance [m]
  BKS_CH_SPEED,        // speed [m/s]
  BKS_CH_ALTITUDE,     // altitude [m]
  BKS_CH_GRADE,        // grade [fraction, rise/run]
  BKS_CH_HEART_RATE,   // heart rate [1/min]
  BKS_CH_CADENCE,      // cadence [steps/min] (both feet: see DESIGN.md's cadence rule)
  BKS_CH_VERT_OSC,     // vertical oscillation [m]
  BKS_CH_GCT,          // ground contact (stance) time [s]
  BKS_CH_STEP_LENGTH,  // step length [m]
  BKS_CH_VERT_RATIO,   // vertical ratio [%]
  BKS_CH_GCT_BALANCE,  // ground contact time balance [% left]
  BKS_CH_POWER,        // running power [W]
  BKS_CH_LAT,          // latitude [deg]
  BKS_CH_LON,          // longitude [deg]
  BKS_CH_TEMPERATURE,  // temperature [°C]
  BKS_NCHANNELS
} bks_channel;

/** Short snake_case name of a channel (e.g. "vertical_oscillation"). */
BKS_API const char *bks_channel_name(bks_channel c);

//---- Sport ----

typedef enum bks_sport {
  BKS_SPORT_UNKNOWN = 0,
  BKS_SPORT_RUNNING, // any running: road, trail, track, treadmill...
  BKS_SPORT_OTHER    // anything else: counted and skipped by the importer
} bks_sport;

//---- Laps ----

typedef struct bks_lap {
  double start_s;    // start [s since start_utc]
  double elapsed_s;  // total elapsed time [s]
  double timer_s;    // total timer (moving) time [s], NaN when unknown
  double distance_m; // [m], NaN when unknown
} bks_lap;

//---- Developer channels ----

// A per-sample channel known only by name (FIT developer fields such as Stryd's "Power",
// "Form Power", "Leg Spring Stiffness", "Impact Loading Rate"). Values as the source declared them.
typedef struct bks_dev_channel {
  char name[64];
  char units[32];
  double *v; // n values (NaN where absent)
} bks_dev_channel;

//---- Data-quality warnings ----

#define BKS_ACTIVITY_MAX_WARNINGS 16

//---- The activity ----

typedef struct bks_activity {
  // source
  char source_path[1024]; // file (or "archive.zip!inner/path.fit")
  char format[8];         // "fit", "gpx", "tcx", "imu"
  uint8_t sha256[32];     // content hash of the source bytes
  char device[64];        // manufacturer/product when known ("" otherwise)
  bks_sport sport;
  char sport_name[32]; // the source's own words, e.g. "running/trail", "run", "9"
  int sport_guessed;   // 1 when the sport was inferred from speed and cadence
  char name[128];      // activity name when the source has one

  // time
  int64_t start_utc; // Unix seconds of the first sample (or session start)
  double duration_s; // elapsed time [s]
  double timer_s;    // moving (timer) time [s], NaN when unknown
  double distance_m; // total distance [m], NaN when unknown

  // samples
  size_t n;                  // number of samples
  double *t;                 // seconds since start_utc (n), always present when n > 0
  double *ch[BKS_NCHANNELS]; // channels (n each), NULL when absent
  size_t ndev;
  bks_dev_channel *dev; // developer channels (ndev)

  // raw IMU (IMU CSV imports): sample rate and accelerations in the sensor's axes [m/s²],
  // angular rates [deg/s] when present
  double imu_rate_hz;
  float *acc[3];
  float *gyr[3];

  size_t nlaps;
  bks_lap *laps;

  // warnings: what was odd in the source and what was done about it, for the person to read;
  // nwarnings <= BKS_ACTIVITY_MAX_WARNINGS always (when more arrive, the last slot says how many
  // more there were)
  unsigned nwarnings;
  char warnings[BKS_ACTIVITY_MAX_WARNINGS][160];

  /* private (bks_activity_* only) */
  size_t cap_;          // samples allocated in every per-sample array (>= n)
  unsigned nwarn_more_; // warnings beyond the first BKS_ACTIVITY_MAX_WARNINGS - 1
} bks_activity;

/** Set every member to its empty state (no samples, channels absent, numbers NaN). */
BKS_API void bks_activity_init(bks_activity *a);

/** Free everything the activity owns and leave it empty. Nullable: a. */
BKS_API void bks_activity_deinit(bks_activity *a);

/**
 * Make room for `n` samples: allocates `t` (and keeps existing channels, grown to `n`).
 * Returns BKS_OK or BKS_E_NOMEM.
 *
 * Every present per-sample array (`t`, `ch[]`, `dev[].v`, `acc[]`, `gyr[]`) is resized together;
 * samples added at the end are NaN (so `t` must be filled by the caller). Capacity grows
 * geometrically, so calling it with n + 1 for every new sample costs amortised O(1); shrinking
 * keeps the memory. On error nothing changes (`n` stays as it was).
 */
BKS_API int bks_activity_resize(bks_activity *a, size_t n);

/**
 * Make channel `c` present (filled with NaN up to `n`). Returns BKS_OK or BKS_E_NOMEM (then the
 * channel stays absent). A channel already present is left as it is. BKS_E_INVAL for a `c` out of
 * range.
 */
BKS_API int bks_activity_add_channel(bks_activity *a, bks_channel c);

/**
 * Add a developer channel named `name` with `units` (both truncated to fit; Nullable: units),
 * filled with NaN up to `n`. Writes its index in `dev` to `*index` (Nullable: index). Returns
 * BKS_OK or BKS_E_NOMEM. Pointers into `dev` are invalidated by this call.
 */
BKS_API int bks_activity_add_dev_channel(bks_activity *a, const char *name, const char *units,
                                         size_t *index);

/**
 * Make the raw IMU arrays present: `acc[0..2]`, and `gyr[0..2]` when `with_gyro` is non-zero,
 * filled with NaN up to `n`. Arrays already present are kept. Returns BKS_OK or BKS_E_NOMEM.
 */
BKS_API int bks_activity_add_imu(bks_activity *a, int with_gyro);

/**
 * Add a warning (printf-style; kept up to BKS_ACTIVITY_MAX_WARNINGS, then counted: the last slot
 * then reads "... and N more warnings"). Texts longer than a slot are truncated.
 */
BKS_API void bks_activity_warn(bks_activity *a, const char *fmt, ...) BKS_PRINTF(2, 3);

/**
 * An IMU CSV whose `t` is not Unix time holds no date (its start_utc is 0). When the file's
 * modification time `mtime_utc` is known (> 0), the start becomes that time less the recording's
 * length (a recorder writes the file when the recording ends), and a warning says so. Anything
 * else (another format, an IMU CSV that has its start) is left as it is. Nullable: a.
 */
BKS_API void bks_activity_start_from_mtime(bks_activity *a, int64_t mtime_utc);

/**
 * Mean of the finite, positive samples of channel `c`; NaN when the channel is absent or has
 * none (a channel such as vertical oscillation, where 0 means "not measured").
 */
BKS_API double bks_activity_positive_mean(const bks_activity *a, bks_channel c);

#ifdef __cplusplus
}
#endif

#endif
