// backstride — internal: what the GPX and TCX readers share.
//
// Three parts:
//   1. a hardened expat harness (bks__xt): namespace-aware streaming parse of an in-memory buffer
//      in chunks, no DTD processing, entity declarations refused, depth/text/token limits, local
//      element names handed to the reader together with the ids of their ancestors;
//   2. a point accumulator (bks__xt_pts): a struct of arrays that grows as track points are read,
//      with channels allocated only when the file has them;
//   3. finishing (bks__xt_finish): time order, derived distance and speed, the cadence rule, the
//      sport guess for untyped GPX, laps and summary, and the move into a bks_read_result.
//
// Nothing here is public API: only read_gpx.c, read_tcx.c, their tests and fuzz targets use it.
#ifndef BKS_IO_XMLTRACK_H
#define BKS_IO_XMLTRACK_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/io.h"

#ifdef __cplusplus
extern "C" {
#endif

//---- Limits (untrusted input) ----

#define BKS__XT_MAX_INPUT ((size_t)512 << 20) // bytes per file
#define BKS__XT_MAX_DEPTH 64                  // element nesting (GPX/TCX need about 10)
#define BKS__XT_MAX_TEXT 4096                 // bytes of text kept per element (more: invalid)
#define BKS__XT_MAX_ATTR 256                  // bytes of an attribute value we interpret
#define BKS__XT_MAX_TOKEN ((uint64_t)1 << 20) // longest single piece of markup (see .c)
#define BKS__XT_MAX_POINTS ((size_t)2000000)  // track points per file (23 days at 1 Hz)
#define BKS__XT_CHUNK ((size_t)65536)         // bytes handed to expat per call

//---- Expat harness ----

typedef struct bks__xt bks__xt;

struct bks__xt {
  // set by the reader before bks__xt_parse
  void *ud;
  // a start tag: `name` is the local name (namespace or prefix removed), `atts` expat's
  // name/value pairs. Returns the id the reader gives this element (pushed on the id stack).
  int (*on_start)(bks__xt *x, const char *name, const char **atts);
  // an end tag: `id` as returned by on_start, `text` the character data since the last tag
  // (the element's own text for a leaf), NUL-terminated, `n` bytes; text_full says it was cut
  void (*on_end)(bks__xt *x, int id, const char *text, size_t n);
  // forget everything read so far (called before the whole document is parsed a second time,
  // without namespace processing, when it uses a prefix it never declared)
  void (*on_reset)(bks__xt *x);

  // parse state, read-only for readers
  unsigned depth;                 // open elements
  int ids[BKS__XT_MAX_DEPTH + 2]; // ids[1..depth]: ids of the open elements, outermost first
  int text_full;                  // the text handed to on_end was longer than MAX_TEXT
  int ns;                         // 1: namespaces resolved; 0: prefix fallback (see .c)

  // the first failure (from the XML parser, a limit, or the reader through bks__xt_fail)
  int rc;        // BKS_OK or a negative status
  unsigned line; // 1-based line of the failure, 0 when none
  unsigned col;  // 1-based column
  char msg[200]; // "line L, column C: what", a message a person can act on

  // private
  void *parser_;
  uint64_t mark_; // input bytes consumed up to the end of the last reported event
  size_t ntext_;
  char text_[BKS__XT_MAX_TEXT + 1];
};

/**
 * Parse `p[0..n)` feeding expat `chunk` bytes at a time (0: BKS__XT_CHUNK). Returns BKS_OK or
 * the failure's status (also in x->rc, with x->msg and x->line): BKS_E_CORRUPT for malformed
 * XML, BKS_E_LIMIT for a size limit, BKS_E_UNSUPPORTED for a DTD that declares entities,
 * BKS_E_NOMEM, or whatever the reader passed to bks__xt_fail. Resets x's parse state first.
 */
int bks__xt_parse(bks__xt *x, const uint8_t *p, size_t n, size_t chunk);

/** Stop the parse with status `rc` and a message (first failure wins); call from a handler. */
void bks__xt_fail(bks__xt *x, int rc, const char *fmt, ...) BKS_PRINTF(3, 4);

/** Value of the attribute whose local name is `local`, or NULL (also when over MAX_ATTR). */
const char *bks__xt_attr(const bks__xt *x, const char **atts, const char *local);

/**
 * Id of an open element: k = 0 is the innermost open element (in on_start: the parent of the
 * element starting; in on_end: the element ending), k = 1 its parent, ... -1 above the root.
 */
int bks__xt_up(const bks__xt *x, unsigned k);

/** 1 when `s` equals `lit` ignoring ASCII case. */
int bks__xt_eq(const char *s, const char *lit);

//---- Values ----

/**
 * Parse a decimal number `[ws][+-]digits[.digits][e[+-]digits][ws]` without the C locale's
 * help (a host program may have set one with a decimal comma). Returns 1 and sets *out when the
 * whole text is one finite number, 0 otherwise.
 */
int bks__xt_num(const char *s, size_t n, double *out);

/**
 * Parse an ISO 8601 date-time `YYYY-MM-DD[T ]hh:mm[:ss[.frac]][Z|±hh[:mm]|±hhmm]` into Unix
 * seconds (UTC; a time without a zone is taken as UTC, as GPX and TCX require). Years outside
 * 1980..2199 are refused (unset clocks write 1970 or 1989). Returns 1 on success.
 */
int bks__xt_time(const char *s, size_t n, double *out);

//---- Point accumulator ----

// what a reader records per point; RUNCAD and CAD differ only in the cadence rule
typedef enum bks__xv {
  BKS__XV_LAT = 0, // [deg]
  BKS__XV_LON,     // [deg]
  BKS__XV_ELE,     // [m]
  BKS__XV_DIST,    // cumulative distance as the file has it [m]
  BKS__XV_SPEED,   // [m/s]
  BKS__XV_HR,      // [1/min]
  BKS__XV_CAD,     // cadence of unknown convention (GPX cad, TCX <Cadence>): one-foot rule
  BKS__XV_RUNCAD,  // TCX RunCadence: strides (one foot) per minute
  BKS__XV_TEMP,    // [°C]
  BKS__XV_POWER,   // [W]
  BKS__XV_COUNT
} bks__xv;

typedef struct bks__xt_lap {
  double start;   // Unix seconds, NaN when unknown
  double timer_s; // [s], NaN when unknown
  double dist_m;  // [m], NaN when unknown
} bks__xt_lap;

typedef struct bks__xt_pts {
  size_t n, cap;            // points kept, room
  double *time;             // Unix seconds (NaN: the point had no valid time)
  uint8_t *seg;             // 1 on the first point of a segment (track, trkseg, TCX Track)
  double *v[BKS__XV_COUNT]; // NULL until the file has the value for some point
  size_t total;             // points read from the file so far, over every clear (the limit)

  // the point being read
  int open;
  double cur_time;
  double cur[BKS__XV_COUNT];
  int next_seg; // the next point starts a segment

  size_t nlaps, caplaps;
  bks__xt_lap *laps;
} bks__xt_pts;

void bks__xt_pts_init(bks__xt_pts *t);
void bks__xt_pts_deinit(bks__xt_pts *t);
/** Drop every point and lap (keeps `total`); channels become absent again. */
void bks__xt_pts_clear(bks__xt_pts *t);

/** Start a point (values NaN). */
void bks__xt_point_begin(bks__xt_pts *t);
/** Record a value for the open point; the first valid one wins (files often repeat them). */
void bks__xt_point_set(bks__xt_pts *t, bks__xv k, double v);
/** Close the point and keep it. Returns BKS_OK, BKS_E_NOMEM or BKS_E_LIMIT. */
int bks__xt_point_end(bks__xt_pts *t);
/** Forget the open point (a damaged file ended inside it). */
void bks__xt_point_abort(bks__xt_pts *t);
/** The next point starts a new segment: no distance is counted across the gap. */
void bks__xt_segment(bks__xt_pts *t);
/** Append a lap. Returns BKS_OK or BKS_E_NOMEM. */
int bks__xt_lap_add(bks__xt_pts *t, double start, double timer_s, double dist_m);

//---- Finishing ----

typedef struct bks__xt_info {
  const char *format;     // "gpx" or "tcx"
  const char *path;       // recorded as the source; Nullable
  const char *device;     // Nullable
  const char *name;       // Nullable
  const char *sport_name; // the source's own words; Nullable
  int guess;              // 1: no sport in the file; import only when it looks like running
  const char *cad_label;  // how the warning names the CAD values ("GPX cad", "TCX Cadence")
  const char *untimed;    // skip reason when no point has a time ("route without times")
  const char *note;       // one more warning for the activity ("" or NULL: none)
  unsigned nsegments;     // segments and tracks combined, for a warning when more than one
  unsigned ntracks;
  uint8_t sha256[32]; // content hash of the file
} bks__xt_info;

/**
 * Turn the points into one running activity appended to `out` (and point *added at it), or
 * count a skip in `out` with its reason (then *added is NULL). The points are cleared either way.
 * Returns BKS_OK or BKS_E_NOMEM.
 */
int bks__xt_finish(bks__xt_pts *t, const bks__xt_info *info, bks_read_result *out,
                   bks_activity **added);

/** Count a skipped activity; the first reason is kept. */
void bks__xt_skip(bks_read_result *out, const char *fmt, ...) BKS_PRINTF(2, 3);

//---- Entry points with a chunk size (fuzz targets and tests compare chunkings) ----

int bks__read_gpx_chunked(const uint8_t *p, size_t n, const char *path, size_t chunk,
                          bks_read_result *out);
int bks__read_tcx_chunked(const uint8_t *p, size_t n, const char *path, size_t chunk,
                          bks_read_result *out);

#ifdef __cplusplus
}
#endif

#endif
