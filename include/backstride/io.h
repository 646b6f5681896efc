// backstride — readers: one source file's bytes → normalised activities.
//
// Every reader takes the whole file in memory (the importer maps or inflates it first), never
// touches the file system, and reports damage as a status plus a message that names the byte
// offset or line. A file may hold several activities (a multisport FIT keeps each running leg),
// or none that is a run (then `nskipped` says why).
#ifndef BACKSTRIDE_IO_H
#define BACKSTRIDE_IO_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/activity.h"
#include "backstride/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum bks_format {
  BKS_FORMAT_UNKNOWN = 0,
  BKS_FORMAT_FIT,
  BKS_FORMAT_GPX,
  BKS_FORMAT_TCX,
  BKS_FORMAT_IMU_CSV
} bks_format;

// what a reader produced from one file
typedef struct bks_read_result {
  size_t nact;
  bks_activity *act;     // nact activities (runs only), owned by the result
  unsigned nskipped;     // activities (or legs) that were not runs
  char skip_reason[160]; // e.g. "sport cycling is not running" (first one)
  // damage: status < 0 means the file could not be read at all; status == BKS_OK with
  // `damaged` set means the valid part was kept (e.g. a watch that died mid-run)
  int status;
  int damaged;
  uint64_t err_offset; // byte offset of the damage (binary formats)
  unsigned err_line;   // line of the damage (text formats), 0 when not applicable
  char err[256];       // a message a person can act on ("" when none)
} bks_read_result;

// units of an IMU CSV's accelerations (bks_imu_opts.units)
enum { BKS_IMU_UNITS_DETECT = 0, BKS_IMU_UNITS_G = 1, BKS_IMU_UNITS_MS2 = 2 };

// options for IMU CSV (DESIGN.md contract)
typedef struct bks_imu_opts {
  double rate_hz; // sample rate when the file has no `t` column (0: required from `t`)
  int units;      // 0 detect from gravity, 1 g, 2 m/s²
} bks_imu_opts;

/**
 * Empty result. Every reader calls it on its `out` first, so `out` need not be initialised, but
 * it must not own anything (deinit a result before reusing it).
 */
void bks_read_result_init(bks_read_result *r);

/** Free everything the result owns. Nullable: r. */
void bks_read_result_deinit(bks_read_result *r);

/**
 * Guess the format from the first bytes and the file name (".fit", ".gpx", ".tcx", ".csv").
 * Content first: ".FIT" at byte 8; the XML root element (<gpx> or <TrainingCenterDatabase>, after
 * a BOM, declaration, comments or DOCTYPE; UTF-16 too); a first line naming columns ax, ay, az.
 * Then the extension, any case, so that a damaged file still reaches the reader that can say what
 * is wrong. Looks at most at the first 64 KiB. Nullable: p (with n = 0), name.
 */
bks_format bks_sniff(const uint8_t *p, size_t n, const char *name);

/**
 * Read a FIT file. `path` is recorded as the activities' source (Nullable).
 *
 * Each running session becomes an activity (a multisport file keeps its running legs, each with
 * the records inside its [start_time, start_time + total_elapsed_time]); other sessions are
 * counted in `nskipped` ("sport cycling is not running"). A file without a session takes its sport
 * from the sport message or a lap, else guesses it from speed and cadence (sport_guessed, with a
 * warning). Non-activity files (settings, workouts...) are skipped with their type.
 *
 * Returns BKS_OK (also for a damaged file whose valid part holds a run: then `damaged` is set,
 * `err`/`err_offset` say where and why, and each activity carries a warning saying how much was
 * kept), the decoder's error with "offset N: reason" in `err` when nothing of a run survived, or
 * BKS_E_NOMEM. The return value is also in `out->status`.
 */
int bks_read_fit(const uint8_t *p, size_t n, const char *path, bks_read_result *out);

/** Read a GPX 1.0/1.1 file (Garmin TrackPointExtension v1/v2 heart rate and cadence). */
int bks_read_gpx(const uint8_t *p, size_t n, const char *path, bks_read_result *out);

/** Read a TCX (TrainingCenterDatabase v2, ActivityExtension v2) file. */
int bks_read_tcx(const uint8_t *p, size_t n, const char *path, bks_read_result *out);

/**
 * Read an IMU CSV file (DESIGN.md contract) into one activity with `acc` [m/s²], `gyr` [deg/s]
 * when the file has gx, gy, gz, `t` relative to the first sample (a Unix time in `t` also gives
 * `start_utc`), and `imu_rate_hz`. The file names no sport: the activity is taken to be a run and
 * marked sport_guessed. Errors name the line ("line 17: column az: 'abc' is not a number", in
 * `err`, line in `err_line`): BKS_E_FORMAT (no header or no ax/ay/az: not an IMU CSV), BKS_E_CORRUPT
 * (a bad row, fewer than 10 rows, t never increasing), BKS_E_RANGE (t not in seconds, units not
 * recognisable), BKS_E_LIMIT (a line over 4096 bytes, over 50 million lines), BKS_E_INVAL (no t
 * and no rate, bad options), BKS_E_NOMEM. Nullable: opts (defaults), path.
 */
int bks_read_imu_csv(const uint8_t *p, size_t n, const char *path, const bks_imu_opts *opts,
                     bks_read_result *out);

/** Sniff the format and call the right reader. BKS_E_FORMAT when nothing recognises it. */
int bks_read_any(const uint8_t *p, size_t n, const char *path, bks_read_result *out);

#ifdef __cplusplus
}
#endif

#endif
