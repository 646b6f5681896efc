// GPX 1.0 / 1.1 → normalised activities (DESIGN.md "Data model").
//
// What is read (matched on local names, so any prefix or namespace works):
//   trk/trkseg/trkpt, and rte/rtept when the route has times (a planned route without times is
//   skipped: "route without times"); trkpt@lat, @lon [deg]; ele [m]; time (ISO 8601, any zone);
//   anywhere below a point (GPX 1.1 <extensions>, GPX 1.0 directly in the point, Garmin
//   TrackPointExtension v1/v2, Cluetrust gpxdata, Strava, Suunto, Apple, MyTrails...):
//     hr, heartrate                    → heart rate [1/min]
//     cad, cadence, runcadence         → cadence (the rule below)
//     atemp, temp, temperature         → temperature [°C]
//     speed (GPX 1.0, TPX v2, others)  → speed [m/s] (km/h is recognised against the positions)
//     power, PowerInWatts, watts       → power [W]
//     distance (gpxdata)               → cumulative distance [m]
//   gpx@creator → device; the first trk/name (else metadata/name) → name.
//
// One file, one activity: every running or untyped track (and timed route) of the file, with all
// its segments, forms one activity, in time order. Segments stay apart as time gaps: no distance
// is counted across them. GPX has no marker that says two tracks are separate runs, and in
// practice several tracks in one export are one recording split at pauses.
//
// Sport (DESIGN.md): trk/type (or rte/type) "running", "run", "9" (Strava's Run), or any type
// containing "run" (Garmin's trail_running, Strava's TrailRun) → run; another type → that track
// is skipped ("type 'cycling' is not running"); no type → imported only when speed and cadence
// look like running (thresholds in xmltrack.c), with sport_guessed = 1 and a warning.
//
// Cadence (DESIGN.md): GPX cad is one foot (strides/min) and is doubled to steps/min, unless the
// values are above 120 for most of the run (then the device already wrote steps/min); a warning
// says which.
//
// Damage: malformed XML is BKS_E_CORRUPT with "line L, column C: <expat's message>". When the
// points read before the damage hold a run, that run is kept: BKS_OK, damaged = 1, and a warning
// naming the line and how many points were kept (a watch that died mid-run).
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/alloc.h"
#include "backstride/io.h"
#include "backstride/sha256.h"
#include "xmltrack.h"

// element ids on the harness's stack
enum {
  G_OTHER = 0,
  G_GPX,
  G_METADATA,
  G_TRK,
  G_RTE,
  G_SEG,
  G_PT,
  G_WPT,
  G_NAME,
  G_TYPE,
  G_TIME,
  G_ELE,
  G_HR,
  G_CAD,
  G_TEMP,
  G_SPEED,
  G_POWER,
  G_DIST,
};

typedef struct gpx {
  bks__xt x;
  bks__xt_pts pts;
  bks_read_result *out;
  char creator[64];
  char meta_name[128];
  char trk_name[128];
  char run_type[32]; // the words of the first running type

  // the track or route being read
  int in_part;
  int part_route;
  int part_dropped;  // its type says it is not a run: its points are not kept
  size_t part_first; // pts.n when it started

  int pt_open;           // a trkpt/rtept is open
  unsigned nrun;         // parts typed as running, kept
  unsigned nkept;        // parts that gave timed points
  unsigned nuntimed_rte; // routes and tracks without any timed point
  unsigned nuntimed_trk;
  char ns_note[160]; // the namespace fallback, for the warning
  char bad_time[48]; // the first <time> that could not be read, for the skip reason
} gpx;

static void part_begin(gpx *g, int route) {
  g->in_part = 1;
  g->part_route = route;
  g->part_dropped = 0;
  g->part_first = g->pts.n;
  bks__xt_segment(&g->pts);
}

// a track or route ends: keep its points only when some have a time
static void part_end(gpx *g) {
  if (!g->in_part) return;
  g->in_part = 0;
  if (g->part_dropped) return;
  size_t timed = 0;
  for (size_t i = g->part_first; i < g->pts.n; i++) {
    if (!isnan(g->pts.time[i])) timed++;
  }
  if (!timed) {
    if (g->part_route) {
      g->nuntimed_rte++;
    } else {
      g->nuntimed_trk++;
    }
    g->pts.n = g->part_first;
    return;
  }
  g->nkept++;
}

// trk/type: is this track a run?
static void part_type(gpx *g, const char *text, size_t n, int full) {
  char w[32];
  size_t i = 0, j = n;
  while (i < j && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) i++;
  while (j > i && (text[j - 1] == ' ' || text[j - 1] == '\t' || text[j - 1] == '\n' ||
                   text[j - 1] == '\r')) {
    j--;
  }
  if (i == j || full) return; // an empty type says nothing
  size_t len = j - i < sizeof w - 1 ? j - i : sizeof w - 1;
  memcpy(w, text + i, len);
  w[len] = '\0';
  int run = strcmp(w, "9") == 0;
  for (size_t k = 0; !run && k + 3 <= len; k++) {
    char a = (char)(w[k] | 0x20), b = (char)(w[k + 1] | 0x20), c = (char)(w[k + 2] | 0x20);
    run = a == 'r' && b == 'u' && c == 'n';
  }
  if (run) {
    if (!g->run_type[0]) snprintf(g->run_type, sizeof g->run_type, "%s", w);
    g->nrun++;
    return;
  }
  // not a run: forget this part's points (it is the last one read) and ignore the rest of it
  bks__xt_skip(g->out, "type '%s' is not running", w);
  g->part_dropped = 1;
  g->pts.n = g->part_first;
  g->pts.open = 0;
  g->pt_open = 0;
}

static int any_of(const char *name, const char *const *list) {
  for (; *list; list++) {
    if (bks__xt_eq(name, *list)) return 1;
  }
  return 0;
}

static int on_start(bks__xt *x, const char *name, const char **atts) {
  gpx *g = x->ud;
  int parent = bks__xt_up(x, 0);
  if (x->depth == 0) {
    if (strcmp(name, "gpx") != 0) {
      bks__xt_fail(x, BKS_E_FORMAT, "the root element is <%.40s>, not <gpx>", name);
      return G_OTHER;
    }
    const char *c = bks__xt_attr(x, atts, "creator");
    if (c) snprintf(g->creator, sizeof g->creator, "%s", c);
    return G_GPX;
  }
  if (g->pt_open) {
    // inside a point: its own elements, and extension values at any depth below it
    static const char *const hr[] = {"hr", "heartrate", NULL};
    static const char *const cad[] = {"cad", "cadence", "runcadence", NULL};
    static const char *const temp[] = {"atemp", "temp", "temperature", NULL};
    static const char *const power[] = {"power", "powerinwatts", "watts", NULL};
    if (parent == G_PT && strcmp(name, "time") == 0) return G_TIME;
    if (parent == G_PT && strcmp(name, "ele") == 0) return G_ELE;
    if (any_of(name, hr)) return G_HR;
    if (any_of(name, cad)) return G_CAD;
    if (any_of(name, temp)) return G_TEMP;
    if (any_of(name, power)) return G_POWER;
    if (strcmp(name, "speed") == 0) return G_SPEED;
    if (strcmp(name, "distance") == 0) return G_DIST;
    return G_OTHER;
  }
  switch (parent) {
  case G_GPX:
    if (strcmp(name, "trk") == 0) {
      part_begin(g, 0);
      return G_TRK;
    }
    if (strcmp(name, "rte") == 0) {
      part_begin(g, 1);
      return G_RTE;
    }
    if (strcmp(name, "metadata") == 0) return G_METADATA;
    if (strcmp(name, "name") == 0) return G_NAME; // GPX 1.0 keeps it here
    return G_OTHER;
  case G_METADATA:
    return strcmp(name, "name") == 0 ? G_NAME : G_OTHER;
  case G_TRK:
  case G_RTE:
    if (strcmp(name, "name") == 0) return G_NAME;
    if (strcmp(name, "type") == 0) return G_TYPE;
    if (parent == G_TRK && strcmp(name, "trkseg") == 0) {
      bks__xt_segment(&g->pts);
      return G_SEG;
    }
    // a trkpt straight in trk is not valid GPX, but harmless to read
    if (strcmp(name, parent == G_TRK ? "trkpt" : "rtept") != 0) return G_OTHER;
    break;
  case G_SEG:
    if (strcmp(name, "trkpt") != 0) return G_OTHER;
    break;
  default:
    return G_OTHER;
  }

  // a track or route point
  if (g->part_dropped) return G_OTHER;
  bks__xt_point_begin(&g->pts);
  g->pt_open = 1;
  const char *la = bks__xt_attr(x, atts, "lat"), *lo = bks__xt_attr(x, atts, "lon");
  double v;
  if (la && bks__xt_num(la, strlen(la), &v)) bks__xt_point_set(&g->pts, BKS__XV_LAT, v);
  if (lo && bks__xt_num(lo, strlen(lo), &v)) bks__xt_point_set(&g->pts, BKS__XV_LON, v);
  return G_PT;
}

static void on_end(bks__xt *x, int id, const char *text, size_t n) {
  gpx *g = x->ud;
  int parent = bks__xt_up(x, 1);
  double v;
  bks__xv k = BKS__XV_COUNT;
  switch (id) {
  case G_PT: {
    g->pt_open = 0;
    int rc = bks__xt_point_end(&g->pts);
    if (rc == BKS_E_LIMIT) {
      bks__xt_fail(x, rc, "more than %zu track points (limit for untrusted files)",
                   BKS__XT_MAX_POINTS);
    } else if (rc < 0) {
      bks__xt_fail(x, rc, "out of memory");
    }
    return;
  }
  case G_TRK:
  case G_RTE:
    part_end(g);
    return;
  case G_TIME:
    if (!g->pt_open || !isnan(g->pts.cur_time)) return;
    if (!x->text_full && bks__xt_time(text, n, &v)) {
      g->pts.cur_time = v;
    } else if (!g->bad_time[0]) {
      snprintf(g->bad_time, sizeof g->bad_time, "%.40s", text);
    }
    return;
  case G_NAME:
    if (x->text_full || !n) return;
    if (parent == G_TRK || parent == G_RTE) {
      if (!g->trk_name[0]) snprintf(g->trk_name, sizeof g->trk_name, "%s", text);
    } else if (!g->meta_name[0]) {
      snprintf(g->meta_name, sizeof g->meta_name, "%s", text);
    }
    return;
  case G_TYPE:
    if (!g->part_dropped) part_type(g, text, n, x->text_full);
    return;
  case G_ELE:
    k = BKS__XV_ELE;
    break;
  case G_HR:
    k = BKS__XV_HR;
    break;
  case G_CAD:
    k = BKS__XV_CAD;
    break;
  case G_TEMP:
    k = BKS__XV_TEMP;
    break;
  case G_SPEED:
    k = BKS__XV_SPEED;
    break;
  case G_POWER:
    k = BKS__XV_POWER;
    break;
  case G_DIST:
    k = BKS__XV_DIST;
    break;
  default:
    return;
  }
  if (g->pt_open && !x->text_full && bks__xt_num(text, n, &v)) bks__xt_point_set(&g->pts, k, v);
}

// the document is read again without namespaces: start from nothing
static void on_reset(bks__xt *x) {
  gpx *g = x->ud;
  snprintf(g->ns_note, sizeof g->ns_note,
           "%.100s; read again matching names without their prefixes", x->msg);
  bks__xt_pts_deinit(&g->pts);
  g->creator[0] = g->meta_name[0] = g->trk_name[0] = g->run_type[0] = g->bad_time[0] = '\0';
  g->in_part = g->part_route = g->part_dropped = g->pt_open = 0;
  g->part_first = 0;
  g->nrun = g->nkept = g->nuntimed_rte = g->nuntimed_trk = 0;
  g->out->nskipped = 0;
  g->out->skip_reason[0] = '\0';
}

int bks__read_gpx_chunked(const uint8_t *p, size_t n, const char *path, size_t chunk,
                          bks_read_result *out) {
  bks_read_result_init(out);
  gpx *g = bks_calloc(1, sizeof *g); // the harness keeps a 4 KiB text buffer: not on the stack
  if (!g) {
    out->status = BKS_E_NOMEM;
    snprintf(out->err, sizeof out->err, "out of memory");
    return out->status;
  }
  g->out = out;
  bks__xt_pts_init(&g->pts);
  g->x.ud = g;
  g->x.on_start = on_start;
  g->x.on_end = on_end;
  g->x.on_reset = on_reset;

  int rc = bks__xt_parse(&g->x, p, n, chunk);
  int damaged = rc == BKS_E_CORRUPT;
  if (rc < 0 && !damaged) goto fail;
  // a damaged file: what was read before the damage, without the point cut in half
  if (g->pt_open) bks__xt_point_abort(&g->pts);
  g->pt_open = 0;
  part_end(g);

  size_t nsegs = 0;
  for (size_t i = 0; i < g->pts.n; i++) nsegs += g->pts.seg[i];
  size_t npoints = g->pts.n;
  if (npoints == 0) {
    if (damaged) goto fail;
    // nothing to import: say why, unless a skipped track already did
    if (out->nskipped == 0) {
      const char *what = g->nuntimed_rte && !g->nuntimed_trk ? "route" : "track";
      if (g->bad_time[0]) {
        bks__xt_skip(out, "%s without valid times (e.g. '%s')", what, g->bad_time);
      } else if (g->nuntimed_rte || g->nuntimed_trk) {
        bks__xt_skip(out, "%s without times", what);
      } else {
        bks__xt_skip(out, "no track or route points");
      }
    }
    rc = BKS_OK;
    goto done;
  }

  bks__xt_info info;
  memset(&info, 0, sizeof info);
  info.format = "gpx";
  info.path = path;
  info.device = g->creator;
  info.name = g->trk_name[0] ? g->trk_name : g->meta_name;
  info.sport_name = g->run_type;
  info.guess = g->nrun == 0;
  info.cad_label = "GPX cad";
  info.untimed = "track without times";
  info.note = g->x.ns ? NULL : g->ns_note;
  info.nsegments = (unsigned)nsegs;
  info.ntracks = g->nkept;
  bks_sha256(p, p ? n : 0, info.sha256);
  bks_activity *a = NULL;
  int frc = bks__xt_finish(&g->pts, &info, out, &a);
  if (frc < 0) {
    rc = frc;
    snprintf(g->x.msg, sizeof g->x.msg, "out of memory");
    g->x.line = 0;
    goto fail;
  }
  if (damaged) {
    if (!a) goto fail;
    // the valid part holds a run: keep it, and say where the file broke
    out->damaged = 1;
    out->err_line = g->x.line;
    snprintf(out->err, sizeof out->err, "%s", g->x.msg);
    bks_activity_warn(a, "the file is damaged at %s; kept the %zu points read before it", g->x.msg,
                      npoints);
    rc = BKS_OK;
  }
  if (a && out->nskipped) {
    bks_activity_warn(a, "%u track(s) of the file left out: %s", out->nskipped, out->skip_reason);
  }
  goto done;

fail:
  // nothing usable: the error alone
  for (size_t i = 0; i < out->nact; i++) bks_activity_deinit(&out->act[i]);
  free(out->act);
  out->act = NULL;
  out->nact = 0;
  out->status = rc;
  out->err_line = g->x.line;
  snprintf(out->err, sizeof out->err, "%s", g->x.msg[0] ? g->x.msg : bks_strerror(rc));
  bks__xt_pts_deinit(&g->pts);
  free(g);
  return rc;

done:
  out->status = rc;
  bks__xt_pts_deinit(&g->pts);
  free(g);
  return rc;
}

int bks_read_gpx(const uint8_t *p, size_t n, const char *path, bks_read_result *out) {
  return bks__read_gpx_chunked(p, n, path, 0, out);
}
