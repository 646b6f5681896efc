// TCX (Garmin TrainingCenterDatabase v2, ActivityExtension v2) → normalised activities.
//
// What is read (matched on local names, so any prefix or namespace works):
//   Activity@Sport: "Running" (any case, or any sport naming "run") → a run; Biking, Other, ... →
//     skipped with the reason; no Sport → imported only when speed and cadence look like running
//     (as for an untyped GPX, sport_guessed = 1). Every Activity element becomes its own
//     activity: a multisport file (Multisport/MultiSportSession/FirstSport|NextSport/Activity, or
//     several Activities) keeps its running legs.
//   Activity/Creator/Name → device.
//   Lap@StartTime, Lap/TotalTimeSeconds (timer time), Lap/DistanceMeters → bks_lap; the laps'
//     sums give the activity's timer time and distance.
//   Lap/Track/Trackpoint: Time; Position/LatitudeDegrees, LongitudeDegrees [deg];
//     AltitudeMeters [m]; DistanceMeters (cumulative) [m]; HeartRateBpm/Value [1/min];
//     Cadence; Extensions/TPX: Speed [m/s], RunCadence, Watts [W].
//   A second Track inside one Lap follows a pause (Garmin starts a new one on resume): it starts
//   a segment, and no distance is derived across it. The Track of the next lap does not.
//   Courses (planned routes) are not recordings: a file with only courses is skipped.
//
// Cadence (DESIGN.md): RunCadence counts strides (one foot) per minute: doubled to steps/min.
// Trackpoint Cadence is bike cadence in the schema, but some apps (Polar) write running cadence
// there: for a run it follows the GPX rule (one foot unless above 120 for most of the run). The
// same "above 120 for most of the run" check also guards RunCadence against devices that write it
// already doubled (Runalyze's treadmill file); a warning always says what was done.
//
// Damage: as for GPX (read_gpx.c): malformed XML is BKS_E_CORRUPT with the line; the runs read
// before the damage, including the one cut short, are kept with damaged = 1 and a warning.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/alloc.h"
#include "backstride/io.h"
#include "backstride/sha256.h"
#include "xmltrack.h"

enum {
  T_OTHER = 0,
  T_ROOT,
  T_ACTIVITY,
  T_ACT_IGNORED, // the Activity of a sport that is not running: nothing below it is read
  T_LAP,
  T_LAP_TIME,
  T_LAP_DIST,
  T_TRACK,
  T_TP,
  T_TIME,
  T_POSITION,
  T_LAT,
  T_LON,
  T_ALT,
  T_DIST,
  T_HRBPM,
  T_HR,
  T_CAD,
  T_SPEED,
  T_RUNCAD,
  T_WATTS,
  T_CREATOR,
  T_CREATOR_NAME,
  T_COURSES,
};

enum { KIND_RUN = 1, KIND_GUESS = 2 };

typedef struct tcx {
  bks__xt x;
  bks__xt_pts pts;
  bks_read_result *out;
  const char *path;
  uint8_t sha256[32];

  // the Activity being read
  int in_act;
  int kind; // KIND_RUN or KIND_GUESS
  char sport[32];
  char device[64];
  unsigned tracks_in_lap;
  double lap_start, lap_time, lap_dist;
  int in_lap;
  int tp_open;

  unsigned ncourses;
  unsigned nact_seen;
  char ns_note[160];
  char bad_time[48]; // the first Trackpoint Time of this activity that could not be read
  char untimed[120];
} tcx;

// an Activity ends (or the file broke inside it): its points become an activity or a skip
static int act_finish(tcx *t) {
  if (!t->in_act) return BKS_OK;
  t->in_act = 0;
  if (t->tp_open) bks__xt_point_abort(&t->pts);
  t->tp_open = 0;
  if (t->in_lap) {
    // the lap cut short by damage still says when it started
    t->in_lap = 0;
    if (bks__xt_lap_add(&t->pts, t->lap_start, t->lap_time, t->lap_dist) < 0) return BKS_E_NOMEM;
  }
  bks__xt_info info;
  memset(&info, 0, sizeof info);
  info.format = "tcx";
  info.path = t->path;
  info.device = t->device;
  info.sport_name = t->sport;
  info.guess = t->kind == KIND_GUESS;
  info.cad_label = "TCX Cadence";
  if (t->bad_time[0]) {
    snprintf(t->untimed, sizeof t->untimed,
             "running activity without valid track point times (e.g. '%s')", t->bad_time);
  } else {
    snprintf(t->untimed, sizeof t->untimed, "running activity without timed track points");
  }
  info.untimed = t->untimed;
  info.note = t->x.ns ? NULL : t->ns_note;
  memcpy(info.sha256, t->sha256, sizeof info.sha256);
  bks_activity *a = NULL;
  return bks__xt_finish(&t->pts, &info, t->out, &a);
}

static void act_begin(tcx *t, const char *sport) {
  t->in_act = 1;
  t->nact_seen++;
  t->kind = sport && sport[0] ? KIND_RUN : KIND_GUESS;
  snprintf(t->sport, sizeof t->sport, "%s", sport ? sport : "");
  t->device[0] = '\0';
  t->bad_time[0] = '\0';
  t->in_lap = 0;
  t->tp_open = 0;
  bks__xt_pts_clear(&t->pts);
}

// Sport="Running" (any case), or a sport that names running
static int is_running(const char *s) {
  for (; s[0] && s[1] && s[2]; s++) {
    if ((s[0] | 0x20) == 'r' && (s[1] | 0x20) == 'u' && (s[2] | 0x20) == 'n') return 1;
  }
  return 0;
}

static int on_start(bks__xt *x, const char *name, const char **atts) {
  tcx *t = x->ud;
  int parent = bks__xt_up(x, 0);
  if (x->depth == 0) {
    if (strcmp(name, "TrainingCenterDatabase") != 0) {
      bks__xt_fail(x, BKS_E_FORMAT, "the root element is <%.40s>, not <TrainingCenterDatabase>",
                   name);
    }
    return T_ROOT;
  }
  if (!t->in_act) {
    if (strcmp(name, "Activity") == 0) {
      const char *sport = bks__xt_attr(x, atts, "Sport");
      if (sport && sport[0] && !is_running(sport)) {
        bks__xt_skip(t->out, "sport '%.40s' is not running", sport);
        t->nact_seen++;
        return T_ACT_IGNORED;
      }
      act_begin(t, sport);
      return T_ACTIVITY;
    }
    if (strcmp(name, "Course") == 0) t->ncourses++;
    return T_OTHER;
  }
  if (t->tp_open) {
    // inside a Trackpoint: its own elements, and ActivityExtension values below Extensions/TPX
    switch (parent) {
    case T_TP:
      if (strcmp(name, "Time") == 0) return T_TIME;
      if (strcmp(name, "Position") == 0) return T_POSITION;
      if (strcmp(name, "AltitudeMeters") == 0) return T_ALT;
      if (strcmp(name, "DistanceMeters") == 0) return T_DIST;
      if (strcmp(name, "HeartRateBpm") == 0) return T_HRBPM;
      if (strcmp(name, "Cadence") == 0) return T_CAD;
      break;
    case T_POSITION:
      if (strcmp(name, "LatitudeDegrees") == 0) return T_LAT;
      if (strcmp(name, "LongitudeDegrees") == 0) return T_LON;
      return T_OTHER;
    case T_HRBPM:
      return strcmp(name, "Value") == 0 ? T_HR : T_OTHER;
    default:
      break;
    }
    if (strcmp(name, "Speed") == 0) return T_SPEED;
    if (strcmp(name, "RunCadence") == 0) return T_RUNCAD;
    if (strcmp(name, "Watts") == 0) return T_WATTS;
    return T_OTHER;
  }
  switch (parent) {
  case T_ACTIVITY:
    if (strcmp(name, "Lap") == 0) {
      const char *st = bks__xt_attr(x, atts, "StartTime");
      double v;
      t->in_lap = 1;
      t->lap_start = st && bks__xt_time(st, strlen(st), &v) ? v : NAN;
      t->lap_time = t->lap_dist = NAN;
      t->tracks_in_lap = 0;
      return T_LAP;
    }
    if (strcmp(name, "Creator") == 0) return T_CREATOR;
    return T_OTHER;
  case T_CREATOR:
    return strcmp(name, "Name") == 0 ? T_CREATOR_NAME : T_OTHER;
  case T_LAP:
    if (strcmp(name, "TotalTimeSeconds") == 0) return T_LAP_TIME;
    if (strcmp(name, "DistanceMeters") == 0) return T_LAP_DIST;
    if (strcmp(name, "Track") == 0) {
      // a second Track in a lap follows a pause (see the top of this file)
      if (t->tracks_in_lap++ > 0) bks__xt_segment(&t->pts);
      return T_TRACK;
    }
    return T_OTHER;
  case T_TRACK:
    if (strcmp(name, "Trackpoint") != 0) return T_OTHER;
    bks__xt_point_begin(&t->pts);
    t->tp_open = 1;
    return T_TP;
  default:
    return T_OTHER;
  }
}

static void on_end(bks__xt *x, int id, const char *text, size_t n) {
  tcx *t = x->ud;
  double v;
  bks__xv k = BKS__XV_COUNT;
  int ok = !x->text_full;
  switch (id) {
  case T_ACTIVITY: {
    int rc = act_finish(t);
    if (rc < 0) bks__xt_fail(x, rc, "out of memory");
    return;
  }
  case T_LAP:
    if (!t->in_lap) return;
    t->in_lap = 0;
    if (bks__xt_lap_add(&t->pts, t->lap_start, t->lap_time, t->lap_dist) < 0) {
      bks__xt_fail(x, BKS_E_NOMEM, "out of memory");
    }
    return;
  case T_LAP_TIME:
    if (ok && bks__xt_num(text, n, &v) && v >= 0) t->lap_time = v;
    return;
  case T_LAP_DIST:
    if (ok && bks__xt_num(text, n, &v) && v >= 0) t->lap_dist = v;
    return;
  case T_CREATOR_NAME:
    if (ok && n && !t->device[0]) snprintf(t->device, sizeof t->device, "%s", text);
    return;
  case T_TP: {
    t->tp_open = 0;
    int rc = bks__xt_point_end(&t->pts);
    if (rc == BKS_E_LIMIT) {
      bks__xt_fail(x, rc, "more than %zu track points (limit for untrusted files)",
                   BKS__XT_MAX_POINTS);
    } else if (rc < 0) {
      bks__xt_fail(x, rc, "out of memory");
    }
    return;
  }
  case T_TIME:
    if (!isnan(t->pts.cur_time)) return;
    if (ok && bks__xt_time(text, n, &v)) {
      t->pts.cur_time = v;
    } else if (!t->bad_time[0]) {
      snprintf(t->bad_time, sizeof t->bad_time, "%.40s", text);
    }
    return;
  case T_LAT:
    k = BKS__XV_LAT;
    break;
  case T_LON:
    k = BKS__XV_LON;
    break;
  case T_ALT:
    k = BKS__XV_ELE;
    break;
  case T_DIST:
    k = BKS__XV_DIST;
    break;
  case T_HR:
    k = BKS__XV_HR;
    break;
  case T_CAD:
    k = BKS__XV_CAD;
    break;
  case T_SPEED:
    k = BKS__XV_SPEED;
    break;
  case T_RUNCAD:
    k = BKS__XV_RUNCAD;
    break;
  case T_WATTS:
    k = BKS__XV_POWER;
    break;
  default:
    return;
  }
  if (t->tp_open && ok && bks__xt_num(text, n, &v)) bks__xt_point_set(&t->pts, k, v);
}

static void free_acts(bks_read_result *out) {
  for (size_t i = 0; i < out->nact; i++) bks_activity_deinit(&out->act[i]);
  free(out->act);
  out->act = NULL;
  out->nact = 0;
}

// the document is read again without namespaces: start from nothing
static void on_reset(bks__xt *x) {
  tcx *t = x->ud;
  snprintf(t->ns_note, sizeof t->ns_note,
           "%.100s; read again matching names without their prefixes", x->msg);
  bks__xt_pts_deinit(&t->pts);
  t->in_act = t->in_lap = t->tp_open = 0;
  t->ncourses = t->nact_seen = 0;
  free_acts(t->out);
  t->out->nskipped = 0;
  t->out->skip_reason[0] = '\0';
}

int bks__read_tcx_chunked(const uint8_t *p, size_t n, const char *path, size_t chunk,
                          bks_read_result *out) {
  bks_read_result_init(out);
  tcx *t = bks_calloc(1, sizeof *t); // the harness keeps a 4 KiB text buffer: not on the stack
  if (!t) {
    out->status = BKS_E_NOMEM;
    snprintf(out->err, sizeof out->err, "out of memory");
    return out->status;
  }
  t->out = out;
  t->path = path;
  bks_sha256(p, p ? n : 0, t->sha256);
  bks__xt_pts_init(&t->pts);
  t->x.ud = t;
  t->x.on_start = on_start;
  t->x.on_end = on_end;
  t->x.on_reset = on_reset;

  int rc = bks__xt_parse(&t->x, p, n, chunk);
  if (rc == BKS_E_CORRUPT) {
    // the activity cut short by the damage: what was read of it
    size_t npoints = t->pts.n;
    int partial = t->in_act;
    size_t before = out->nact;
    int frc = act_finish(t);
    if (frc < 0) {
      rc = frc;
      snprintf(t->x.msg, sizeof t->x.msg, "out of memory");
      t->x.line = 0;
    } else if (out->nact > 0) {
      // the valid part holds runs: keep them, and say where the file broke
      out->damaged = 1;
      out->err_line = t->x.line;
      snprintf(out->err, sizeof out->err, "%s", t->x.msg);
      bks_activity *last = &out->act[out->nact - 1];
      if (partial && out->nact > before) {
        bks_activity_warn(last, "the file is damaged at %s; kept the %zu points read before it",
                          t->x.msg, npoints);
      } else {
        bks_activity_warn(last, "the file is damaged at %s, after this activity", t->x.msg);
      }
      rc = BKS_OK;
    }
  }
  if (rc < 0) {
    free_acts(out);
    out->status = rc;
    out->err_line = t->x.line;
    snprintf(out->err, sizeof out->err, "%s", t->x.msg[0] ? t->x.msg : bks_strerror(rc));
    bks__xt_pts_deinit(&t->pts);
    free(t);
    return rc;
  }

  if (out->nact == 0 && out->nskipped == 0) {
    bks__xt_skip(out, "%s",
                 t->ncourses ? "only courses (planned routes), no recorded activity"
                             : "no activities");
  }
  if (out->nact && out->nskipped) {
    for (size_t i = 0; i < out->nact; i++) {
      bks_activity_warn(&out->act[i], "%u other activit%s in the file skipped: %s", out->nskipped,
                        out->nskipped == 1 ? "y" : "ies", out->skip_reason);
    }
  }
  out->status = BKS_OK;
  bks__xt_pts_deinit(&t->pts);
  free(t);
  return BKS_OK;
}

int bks_read_tcx(const uint8_t *p, size_t n, const char *path, bks_read_result *out) {
  return bks__read_tcx_chunked(p, n, path, 0, out);
}
