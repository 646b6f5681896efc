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
BKS_API void bks_read_result_init(bks_read_result *r);

/** Free everything the result owns. Nullable: r. */
BKS_API void bks_read_result_deinit(bks_read_result *r);

/**
 * Guess the format from the first bytes and the file name (".fit", ".gpx", ".tcx", ".csv").
 * Content first: ".FIT" at byte 8; the XML root element (<gpx> or <TrainingCenterDatabase>, after
 * a BOM, declaration, comments or DOCTYPE; UTF-16 too); a first line naming columns ax, ay, az.
 * Then the extension, any case, so that a damaged file still reaches the reader that can say what
 * is wrong. Looks at most at the first 64 KiB. Nullable: p (with n = 0), name.
 */
BKS_API bks_format bks_sniff(const uint8_t *p, size_t n, const char *name);

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
BKS_API int bks_read_fit(const uint8_t *p, size_t n, const char *path, bks_read_result *out);

/** Read a GPX 1.0/1.1 file (Garmin TrackPointExtension v1/v2 heart rate and cadence). */
BKS_API int bks_read_gpx(const uint8_t *p, size_t n, const char *path, bks_read_result *out);

/** Read a TCX (TrainingCenterDatabase v2, ActivityExtension v2) file. */
BKS_API int bks_read_tcx(const uint8_t *p, size_t n, const char *path, bks_read_result *out);

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
BKS_API int bks_read_imu_csv(const uint8_t *p, size_t n, const char *path, const bks_imu_opts *opts,
                             bks_read_result *out);

//---- IMU CSV line by line ----
// What bks_read_imu_csv does to each line, for input that arrives a line at a time (standard
// input, a serial port): the header once, then one sample per data line, with the same checks
// and the same messages (without the "line N: " the caller adds).

typedef struct bks_imu_csv {
  char sep;         // ',', ';', '\t', or 0 for runs of spaces
  int col[7];       // field index of t, ax, ay, az, gx, gy, gz (-1: absent)
  int last;         // highest field index read
  int gyro;         // 1: gx, gy, gz are all present
  int partial_gyro; // some gyro columns but not all (ignored)
  int has_t;        // 1: a t column (else the rate gives the times)
} bks_imu_csv;

/**
 * Take the header line (with or without its line end; a UTF-8 BOM is skipped). Returns BKS_OK,
 * BKS_MORE for a blank or comment line (give the next one), or BKS_E_FORMAT (not an IMU CSV
 * header), BKS_E_INVAL (no t column and no plausible `opts->rate_hz`) or BKS_E_LIMIT (over 4096
 * bytes) with a sentence in `err`. Nullable: opts.
 */
BKS_API int bks_imu_csv_header(bks_imu_csv *c, const char *s, size_t len, const bks_imu_opts *opts,
                               char *err, size_t errsz);

/**
 * Parse one data line: `*t` as recorded (NaN without a t column), accelerations in the file's
 * units times `scale`, converted to float, angular rates [deg/s] (NaN when absent). Returns
 * BKS_OK, BKS_MORE for a blank or comment line (no sample), or BKS_E_CORRUPT (too few fields, not
 * a number, a NUL byte), BKS_E_RANGE (an absurd value) or BKS_E_LIMIT with a sentence in `err`.
 */
BKS_API int bks_imu_csv_row(const bks_imu_csv *c, const char *s, size_t len, double scale,
                            double *t, float acc[3], float gyr[3], char *err, size_t errsz);

/**
 * The factor from the file's units to m/s², told by the median acceleration magnitude over a
 * recording (gravity): 9.80665 when it is about 1 (g), 1 when about 9.8 (m/s²), 0 when neither.
 */
BKS_API double bks_imu_units_factor(double median_magnitude);

/**
 * The sample rate from recorded times: 1 / the median positive interval. Returns BKS_OK, or
 * BKS_E_CORRUPT (t never increases), BKS_E_RANGE (not 1 Hz to 100 kHz: t is not in seconds) or
 * BKS_E_NOMEM with a sentence in `err`.
 */
BKS_API int bks_imu_rate_from_t(const double *t, size_t n, double *rate_hz, char *err,
                                size_t errsz);

/** The median |a| of n samples (NaN when n is 0 or memory runs out). */
BKS_API double bks_imu_median_magnitude(const float *const acc[3], size_t n);

/**
 * bks_imu_units_factor of the median |a| of n raw samples into `*to_ms2`. Returns BKS_OK, or
 * BKS_E_RANGE ("cannot tell the units...") or BKS_E_NOMEM with a sentence in `err`.
 */
BKS_API int bks_imu_detect_units(const float *const acc[3], size_t n, double *to_ms2, char *err,
                                 size_t errsz);

/** The time the reader subtracts from `t`: the whole second of a Unix time, else `t0` itself. */
BKS_API double bks_imu_time_base(double t0, int has_t);

/** Sniff the format and call the right reader. BKS_E_FORMAT when nothing recognises it. */
BKS_API int bks_read_any(const uint8_t *p, size_t n, const char *path, bks_read_result *out);

//---- Archives ----

/**
 * Inflate a gzip stream (several members in a row too) into a fresh buffer of at most `limit`
 * bytes (free() it). Returns BKS_OK, or BKS_E_TRUNCATED, BKS_E_CORRUPT, BKS_E_LIMIT or
 * BKS_E_NOMEM with `err` saying why (naming the compressed byte offset where it applies).
 */
BKS_API int bks_gunzip(const uint8_t *p, size_t n, uint64_t limit, uint8_t **out, size_t *outlen,
                       char *err, size_t errsz);

#ifdef __cplusplus
}
#endif

#endif
