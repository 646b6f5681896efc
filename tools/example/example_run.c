// The example run: a synthetic 5.6 km easy run (about 5:45 min/km) of a made-up 70 kg runner,
// sampled at 1 Hz, laps every km. Deterministic: the noise comes from a fixed-seed splitmix64.
// The same simulator, with other paces, distances, dates and seeds and one record every 5 s,
// makes the example history (twelve weeks of runs, data/example/history/; see the end).
//
// Physical consistency, which the tests check on the decoded file:
// - speed is quantised to its FIT resolution first, and distance is the trapezoidal integral of
//   the quantised speed, so the decoded distance steps agree with the decoded speeds;
// - step length = speed / cadence, from the quantised speed and cadence;
// - vertical ratio = vertical oscillation / step length.
// The numbers that shape the run (pace, cadence near 170 steps/min, contact time near 250 ms
// rising with fatigue, vertical oscillation near 8.5 cm, heart rate settling near 140 and
// drifting up) are typical of recreational runners at easy pace; they are illustrations, not
// model parameters.
#include "example.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "backstride/date.h"
#include "backstride/fit_writer.h"

#define PI 3.14159265358979323846

// when and where (a made-up loop around a point in Zurich; the course is synthetic)
#define START_UNIX 1788679800.0 // 2026-09-06T07:30:00Z
#define UTC_OFFSET 7200.0       // local time at the start (CEST), for activity.local_timestamp
#define CENTRE_LAT 47.3769
#define CENTRE_LON 8.5417
#define EARTH_R 6371008.8 // [m] mean Earth radius

// the loop: a rotated ellipse with a three-lobed wobble, about 2 km round
#define LOOP_A 400.0  // [m] semi-axis
#define LOOP_B 230.0  // [m] semi-axis
#define LOOP_W 20.0   // [m] wobble
#define LOOP_ROT 0.45 // [rad] rotation of the ellipse

// the runner and the run
#define MASS 70.0         // [kg]
#define DISTANCE 5600.0   // [m] the run ends at the first sample at or past this
#define V_CRUISE 2.92     // [m/s] easy pace, 5:42 min/km on the flat
#define LAP_LENGTH 1000.0 // [m]

//---- What a simulated run looks like ----

// Everything that differs between the example run and the runs of the example history. The easy
// run's values are the #defines above; every expression below reduces exactly to the original
// one for them (a product with 1.0 is exact), so easy-run.fit keeps its bytes.
typedef struct sim {
  double start;           // [s] Unix time (UTC) of the first record
  double distance;        // [m] the run ends at the first sample at or past this
  double v_cruise;        // [m/s] pace on the flat
  double cad0;            // [steps/min] cadence at v_cruise
  double gct0;            // [s] contact time at v_cruise
  double vo0, vo_fatigue; // [m] vertical oscillation at the start, and its rise by the end
  double hr0;             // [1/min] steady heart rate at v_cruise
  double scale;           // course size relative to the example loop
  double dt;              // [s] between records (whole seconds)
  uint64_t seed;          // noise
  uint32_t serial;        // device serial number
} sim;

static const sim easy_run = {
    START_UNIX,          DISTANCE, V_CRUISE, 170.0, 0.250, 0.085, 0.0025, 138.0, 1.0, 1.0,
    0x6261636B73747264u, 1001};

//---- Deterministic noise ----

typedef struct rng {
  uint64_t s;
} rng;

// splitmix64 (Steele, Lea, Flood 2014): small, fast, good enough for noise
static uint64_t rng_next(rng *r) {
  uint64_t z = (r->s += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

static double rng_uniform(rng *r) {
  return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

// approximately standard normal: the sum of four uniforms has variance 1/3
static double rng_gauss(rng *r) {
  double s = rng_uniform(r) + rng_uniform(r) + rng_uniform(r) + rng_uniform(r);
  return (s - 2.0) * 1.7320508075688772;
}

// first-order autoregressive noise with stationary standard deviation `sd`: slow wander rather
// than sample-to-sample jitter, as real sensor channels show
typedef struct ar1 {
  double x, a, sd;
} ar1;

static double ar1_step(ar1 *n, rng *r) {
  n->x = n->a * n->x + sqrt(1.0 - n->a * n->a) * n->sd * rng_gauss(r);
  return n->x;
}

static double quant(double x, double res) { return round(x / res) * res; }

//---- Course ----

// position on the loop at parameter t, in metres east (x) and north (y) of the centre
static void loop_xy(double t, double scale, double *x, double *y) {
  double r = LOOP_W * cos(3.0 * t);
  double ex = (LOOP_A + r) * cos(t), ey = (LOOP_B + r) * sin(t);
  *x = (ex * cos(LOOP_ROT) - ey * sin(LOOP_ROT)) * scale;
  *y = (ex * sin(LOOP_ROT) + ey * cos(LOOP_ROT)) * scale;
}

// metres of path per radian of t (rotation does not change it)
static double loop_speed(double t, double scale) {
  double r = LOOP_W * cos(3.0 * t), dr = -3.0 * LOOP_W * sin(3.0 * t);
  double dx = dr * cos(t) - (LOOP_A + r) * sin(t), dy = dr * sin(t) + (LOOP_B + r) * cos(t);
  return sqrt(dx * dx + dy * dy) * scale;
}

// gentle hills: altitude [m] along the loop and its derivative per radian
static double loop_alt(double t) { return 410.0 + 6.0 * sin(t) + 2.5 * sin(2.0 * t + 0.7); }
static double loop_dalt(double t) { return 6.0 * cos(t) + 5.0 * cos(2.0 * t + 0.7); }

// advance along the loop by `ds` metres (midpoint steps of at most about 0.5 m)
static double loop_advance(double t, double ds, double scale) {
  int n = 1 + (int)(ds / 0.5);
  double h = ds / n;
  for (int i = 0; i < n; i++) {
    double mid = t + 0.5 * h / loop_speed(t, scale);
    t += h / loop_speed(mid, scale);
  }
  return fmod(t, 2.0 * PI);
}

//---- Summaries ----

// running sums for a lap or the session
typedef struct acc {
  double t0, d0, lat0, lon0; // start: time, distance, position
  double dt;                 // [s] between records
  unsigned n;
  double speed_max, hr_sum, hr_max, cad_sum, cad_max, pow_sum, pow_max;
  double vo_sum, st_sum, stb_sum, sl_sum, vr_sum, strides, ascent, descent;
} acc;

static void acc_start(acc *a, double t0, double d0, double lat0, double lon0, double dt) {
  *a = (acc){.t0 = t0, .d0 = d0, .lat0 = lat0, .lon0 = lon0, .dt = dt};
}

static void acc_add(acc *a, const bks_fitw_record *r, double dalt) {
  a->n++;
  a->speed_max = fmax(a->speed_max, r->speed);
  a->hr_sum += r->heart_rate;
  a->hr_max = fmax(a->hr_max, r->heart_rate);
  a->cad_sum += r->cadence_spm;
  a->cad_max = fmax(a->cad_max, r->cadence_spm);
  a->pow_sum += r->power;
  a->pow_max = fmax(a->pow_max, r->power);
  a->vo_sum += r->vertical_oscillation;
  a->st_sum += r->stance_time;
  a->stb_sum += r->stance_time_balance;
  a->sl_sum += r->step_length;
  a->vr_sum += r->vertical_ratio;
  a->strides += r->cadence_spm / 120.0 * a->dt; // dt seconds at steps/min, in strides
  if (dalt > 0) a->ascent += dalt;
  else a->descent -= dalt;
}

static void acc_totals(const acc *a, const bks_fitw_record *end, bks_fitw_totals *t) {
  double n = a->n;
  t->timestamp = end->timestamp;
  t->start_time = a->t0;
  t->start_lat = a->lat0;
  t->start_lon = a->lon0;
  t->total_elapsed_time = t->total_timer_time = end->timestamp - a->t0;
  t->total_distance = quant(end->distance - a->d0, 0.01);
  t->total_strides = round(a->strides);
  t->total_calories = round(1.0 * MASS * t->total_distance / 1000.0); // ~1 kcal/kg/km running
  t->avg_speed = t->total_distance / t->total_elapsed_time;
  t->max_speed = a->speed_max;
  t->avg_heart_rate = round(a->hr_sum / n);
  t->max_heart_rate = a->hr_max;
  t->avg_cadence_spm = a->cad_sum / n;
  t->max_cadence_spm = a->cad_max;
  t->avg_power = round(a->pow_sum / n);
  t->max_power = a->pow_max;
  t->total_ascent = round(a->ascent);
  t->total_descent = round(a->descent);
  t->avg_vertical_oscillation = a->vo_sum / n;
  t->avg_stance_time = a->st_sum / n;
  t->avg_stance_time_balance = a->stb_sum / n;
  t->avg_step_length = a->sl_sum / n;
  t->avg_vertical_ratio = a->vr_sum / n;
  t->sport = BKS_FITW_SPORT_RUNNING;
  t->sub_sport = BKS_FITW_SUB_SPORT_STREET;
}

//---- The run ----

static int write_run(bks_fitw *w, const sim *p, bks_example_info *info) {
  int rc;
  rng r = {p->seed}; // the easy run's: "backstrd"
  ar1 n_speed = {0, 0.90, 0.045}, n_cad = {0, 0.95, 0.7}, n_gct = {0, 0.90, 0.002};
  ar1 n_vo = {0, 0.90, 0.0015}, n_stb = {0, 0.97, 0.3}, n_hr = {0, 0.95, 0.8};
  ar1 n_pow = {0, 0.7, 4.0}, n_alt = {0, 0.98, 0.15}, n_gx = {0, 0.99, 1.2}, n_gy = {0, 0.99, 1.2};

  bks_fitw_file_id id;
  bks_fitw_file_id_init(&id);
  id.type = BKS_FITW_FILE_ACTIVITY;
  id.manufacturer = BKS_FITW_MANUFACTURER_DEVELOPMENT;
  id.product = 1;
  id.serial_number = p->serial;
  id.time_created = p->start;
  if ((rc = bks_fitw_write_file_id(w, &id)) < 0) return rc;

  bks_fitw_device_info dev;
  bks_fitw_device_info_init(&dev);
  dev.timestamp = p->start;
  dev.device_index = BKS_FITW_DEVICE_INDEX_CREATOR;
  dev.manufacturer = BKS_FITW_MANUFACTURER_DEVELOPMENT;
  dev.product = 1;
  dev.serial_number = p->serial;
  dev.software_version = 0.10;
  dev.hardware_version = 1;
  if ((rc = bks_fitw_write_device_info(w, &dev)) < 0) return rc;

  bks_fitw_event ev;
  bks_fitw_event_init(&ev);
  ev.timestamp = p->start;
  ev.event = BKS_FITW_EVENT_TIMER;
  ev.event_type = BKS_FITW_EVENT_TYPE_START;
  ev.data = BKS_FITW_TIMER_TRIGGER_MANUAL;
  ev.event_group = 0;
  if ((rc = bks_fitw_write_event(w, &ev)) < 0) return rc;

  double t_loop = 0.0, dist = 0.0, v_prev = 0.0, hr = 98.0, grade_lag = 0.0, alt_prev = 0.0;
  double cad_sum = 0.0, hr_sum = 0.0, vo_sum = 0.0;
  acc lap, ses;
  unsigned nrec = 0, nlaps = 0;
  bks_fitw_record rec;
  for (unsigned i = 0;; i++) {
    double t = (double)i * p->dt;
    double frac = dist / p->distance; // how far into the run: fatigue grows with it

    // speed: a short warm-up, slower uphill and faster downhill, a slight fade, wander
    double grade = loop_dalt(t_loop) / loop_speed(t_loop, p->scale);
    double v = p->v_cruise - 0.25 * exp(-t / 45.0) - 3.0 * grade - 0.04 * frac;
    v = quant(v + ar1_step(&n_speed, &r), 0.001);
    if (i > 0) {
      double ds = 0.5 * (v_prev + v) * p->dt;
      dist += ds;
      t_loop = loop_advance(t_loop, ds, p->scale);
    }
    v_prev = v;

    // cadence rises a little with speed and fatigue; step length takes the rest of the speed
    double spm = p->cad0 + 9.0 * (v - p->v_cruise) + 1.0 * frac + ar1_step(&n_cad, &r);
    spm = quant(spm, 1.0 / 64.0); // FIT: 1/128 stride/min
    double step = quant(v * 60.0 / spm, 0.0001);

    // contact time near 250 ms, shorter when faster, longer as fatigue builds
    double gct = p->gct0 - 0.060 * (v - p->v_cruise) + 0.010 * frac + ar1_step(&n_gct, &r);
    gct = quant(gct, 0.0001);
    double vo = quant(p->vo0 + p->vo_fatigue * frac + ar1_step(&n_vo, &r), 0.0001);
    double vr = quant(vo / step * 100.0, 0.01);
    double stb = quant(50.3 + ar1_step(&n_stb, &r), 0.01);

    // heart rate: first-order approach to a steady state that drifts up and follows the hills
    grade_lag += (grade - grade_lag) * p->dt / 30.0;
    double hr_ss = p->hr0 + 0.30 * t / 60.0 + 120.0 * grade_lag + 10.0 * (v - p->v_cruise);
    hr += (hr_ss - hr) * p->dt / 40.0;
    double hr_rec = round(hr + ar1_step(&n_hr, &r));

    // running power: about 1 J/kg/m on the flat, plus climbing (less is regained downhill)
    double climb = grade > 0 ? grade : 0.5 * grade;
    double pow = round(MASS * v * (1.04 + 9.81 * climb) + ar1_step(&n_pow, &r));

    // position with slowly wandering GPS error; barometric altitude with a little noise
    double x, y;
    loop_xy(t_loop, p->scale, &x, &y);
    x += ar1_step(&n_gx, &r);
    y += ar1_step(&n_gy, &r);
    double alt_true = loop_alt(t_loop);
    double alt = quant(alt_true + ar1_step(&n_alt, &r), 0.2);

    bks_fitw_record_init(&rec);
    rec.timestamp = p->start + t;
    rec.lat = CENTRE_LAT + y / EARTH_R * (180.0 / PI);
    rec.lon = CENTRE_LON + x / (EARTH_R * cos(CENTRE_LAT * PI / 180.0)) * (180.0 / PI);
    rec.distance = quant(dist, 0.01);
    rec.speed = v;
    rec.altitude = alt;
    rec.heart_rate = hr_rec;
    rec.cadence_spm = spm;
    rec.power = pow;
    rec.vertical_oscillation = vo;
    rec.stance_time = gct;
    rec.stance_time_balance = stb;
    rec.step_length = step;
    rec.vertical_ratio = vr;
    if ((rc = bks_fitw_write_record(w, &rec)) < 0) return rc;
    nrec++;
    cad_sum += spm;
    hr_sum += hr_rec;
    vo_sum += vo;

    if (i == 0) {
      acc_start(&lap, rec.timestamp, rec.distance, rec.lat, rec.lon, p->dt);
      acc_start(&ses, rec.timestamp, rec.distance, rec.lat, rec.lon, p->dt);
      alt_prev = alt_true;
    }
    double dalt = alt_true - alt_prev;
    alt_prev = alt_true;
    acc_add(&lap, &rec, dalt);
    acc_add(&ses, &rec, dalt);

    int done = dist >= p->distance;
    if (done) {
      ev.timestamp = rec.timestamp;
      ev.event_type = BKS_FITW_EVENT_TYPE_STOP_ALL;
      if ((rc = bks_fitw_write_event(w, &ev)) < 0) return rc;
    }

    // a lap at each whole km (auto lap), and the rest of the run at the end
    if (done || rec.distance >= LAP_LENGTH * (nlaps + 1)) {
      bks_fitw_lap l;
      bks_fitw_lap_init(&l);
      acc_totals(&lap, &rec, &l.t);
      l.end_lat = rec.lat;
      l.end_lon = rec.lon;
      l.lap_trigger = done ? BKS_FITW_LAP_TRIGGER_SESSION_END : BKS_FITW_LAP_TRIGGER_DISTANCE;
      if ((rc = bks_fitw_write_lap(w, &l)) < 0) return rc;
      nlaps++;
      acc_start(&lap, rec.timestamp, rec.distance, rec.lat, rec.lon, p->dt);
    }
    if (done) break;
  }

  bks_fitw_session s;
  bks_fitw_session_init(&s);
  acc_totals(&ses, &rec, &s.t);
  s.trigger = BKS_FITW_SESSION_TRIGGER_ACTIVITY_END;
  if ((rc = bks_fitw_write_session(w, &s)) < 0) return rc;

  bks_fitw_activity a;
  bks_fitw_activity_init(&a);
  a.timestamp = rec.timestamp;
  a.total_timer_time = s.t.total_timer_time;
  a.type = BKS_FITW_ACTIVITY_MANUAL;
  a.local_timestamp = rec.timestamp + UTC_OFFSET;
  if ((rc = bks_fitw_write_activity(w, &a)) < 0) return rc;

  if (info) {
    info->start_time = p->start;
    info->duration = s.t.total_elapsed_time;
    info->distance = s.t.total_distance;
    info->records = nrec;
    info->laps = nlaps;
    info->avg_speed = s.t.avg_speed;
    info->avg_cadence_spm = cad_sum / nrec;
    info->avg_heart_rate = hr_sum / nrec;
    info->avg_vertical_oscillation = vo_sum / nrec;
    info->total_ascent = s.t.total_ascent;
  }
  return BKS_OK;
}

static int write_sim(bks_buf *out, const sim *p, bks_example_info *info) {
  size_t len0 = out->len;
  bks_fitw w;
  int rc = bks_fitw_init(&w, out);
  if (rc == BKS_OK) rc = write_run(&w, p, info);
  if (rc == BKS_OK) rc = bks_fitw_finish(&w);
  // every value is in range by construction, so only allocation can fail
  if (rc < 0) out->len = len0;
  return rc;
}

int bks_example_write_run(bks_buf *out, bks_example_info *info) {
  return write_sim(out, &easy_run, info);
}

//---- The example history ----

// Twelve weeks of the same made-up runner, Monday 2026-06-15 to Sunday 2026-09-06; the last
// Sunday's run is the example easy run above (easy-run.fit), so the history holds the runs before
// it. Weeks 1-7 hold about 45 km in 4 or 5 runs, week 8 is the spike (72 km, 60 % above), weeks
// 9-10 are cut back (the pain episode the quick start logs), weeks 11-12 build back up. Long runs
// bounce more (higher vertical oscillation, rising with fatigue). One record every 5 s keeps the
// files small.
#define HISTORY_DAY0 20619 // 2026-06-15, a Monday, in days since 1970-01-01

typedef enum kind { RECOVERY, EASY, TEMPO, LONG } kind;

static const char *const kind_names[] = {"recovery", "easy", "tempo", "long"};

// per kind: v_cruise, cadence, contact time, vertical oscillation and its rise, heart rate,
// course size
static const sim kind_sim[] = {
    [RECOVERY] = {0, 0, 2.75, 166.0, 0.262, 0.093, 0.003, 130.0, 1.0, 5.0, 0, 0},
    [EASY] = {0, 0, 2.92, 170.0, 0.250, 0.093, 0.003, 138.0, 1.3, 5.0, 0, 0},
    [TEMPO] = {0, 0, 3.35, 176.0, 0.228, 0.090, 0.004, 158.0, 1.0, 5.0, 0, 0},
    [LONG] = {0, 0, 2.80, 166.0, 0.258, 0.106, 0.018, 136.0, 2.2, 5.0, 0, 0},
};

typedef struct planned {
  unsigned char week, dow; // week 1-12, day of week 0 (Monday) - 6 (Sunday)
  unsigned char kind;
  double km;
} planned;

static const planned history[] = {
    // weeks 1-7: about 45 km a week
    {1, 1, EASY, 10},
    {1, 3, TEMPO, 9},
    {1, 5, EASY, 8},
    {1, 6, LONG, 18},
    {2, 0, RECOVERY, 6},
    {2, 1, EASY, 9},
    {2, 3, TEMPO, 8},
    {2, 5, EASY, 6},
    {2, 6, LONG, 16},
    {3, 1, EASY, 10},
    {3, 3, TEMPO, 9},
    {3, 5, EASY, 8},
    {3, 6, LONG, 18},
    {4, 0, RECOVERY, 6},
    {4, 1, EASY, 9},
    {4, 3, TEMPO, 8},
    {4, 5, EASY, 6},
    {4, 6, LONG, 16},
    {5, 1, EASY, 10},
    {5, 3, TEMPO, 9},
    {5, 5, EASY, 8},
    {5, 6, LONG, 18},
    {6, 0, RECOVERY, 6},
    {6, 1, EASY, 9},
    {6, 3, TEMPO, 8},
    {6, 5, EASY, 6},
    {6, 6, LONG, 16},
    {7, 1, EASY, 10},
    {7, 3, TEMPO, 9},
    {7, 5, EASY, 8},
    {7, 6, LONG, 18},
    // week 8: the spike, 72 km
    {8, 0, EASY, 10},
    {8, 1, EASY, 12},
    {8, 3, TEMPO, 12},
    {8, 5, EASY, 12},
    {8, 6, LONG, 26},
    // weeks 9-10: back pain, running cut back
    {9, 1, EASY, 10},
    {9, 3, TEMPO, 8},
    {9, 6, LONG, 12},
    {10, 1, RECOVERY, 8},
    {10, 3, EASY, 8},
    {10, 6, LONG, 12},
    // weeks 11-12: building back
    {11, 1, EASY, 9},
    {11, 3, TEMPO, 8},
    {11, 5, EASY, 6},
    {11, 6, LONG, 14},
    {12, 1, EASY, 10},
    {12, 3, TEMPO, 8},
    {12, 5, LONG, 16}, // Sunday: easy-run.fit, 5.6 km
};

#define NHISTORY (sizeof history / sizeof history[0])

size_t bks_example_history_count(void) { return NHISTORY; }

int bks_example_history_describe(size_t i, bks_example_history_run *run) {
  if (i >= NHISTORY) return BKS_E_INVAL;
  const planned *h = &history[i];
  int64_t day = HISTORY_DAY0 + 7 * (int64_t)(h->week - 1) + h->dow;
  // weekdays 06:30 local (04:30Z), weekends 08:00 local (06:00Z)
  run->start_time = (double)day * 86400.0 + (h->dow >= 5 ? 6.0 * 3600.0 : 4.5 * 3600.0);
  run->week = h->week;
  run->kind = kind_names[h->kind];
  run->planned_distance = h->km * 1000.0;
  // the file name: YYYY-MM-DD-kind.fit
  char date[16];
  bks_date_format(day, date);
  snprintf(run->file, sizeof run->file, "%s-%s.fit", date, run->kind);
  return BKS_OK;
}

int bks_example_write_history_run(size_t i, bks_buf *out, bks_example_info *info) {
  bks_example_history_run run;
  int rc = bks_example_history_describe(i, &run);
  if (rc < 0) return rc;
  sim p = kind_sim[history[i].kind];
  p.start = run.start_time;
  p.distance = run.planned_distance;
  p.seed = 0x6261636B73747264u ^ (0x9E3779B97F4A7C15u * (uint64_t)(i + 1));
  p.serial = 1001;
  return write_sim(out, &p, info);
}
