// The example run: a synthetic 5.6 km easy run (about 5:45 min/km) of a made-up 70 kg runner,
// sampled at 1 Hz, laps every km. Deterministic: the noise comes from a fixed-seed splitmix64.
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
#include "backstride/example.h"

#include <math.h>
#include <stdint.h>

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
static void loop_xy(double t, double *x, double *y) {
  double r = LOOP_W * cos(3.0 * t);
  double ex = (LOOP_A + r) * cos(t), ey = (LOOP_B + r) * sin(t);
  *x = ex * cos(LOOP_ROT) - ey * sin(LOOP_ROT);
  *y = ex * sin(LOOP_ROT) + ey * cos(LOOP_ROT);
}

// metres of path per radian of t (rotation does not change it)
static double loop_speed(double t) {
  double r = LOOP_W * cos(3.0 * t), dr = -3.0 * LOOP_W * sin(3.0 * t);
  double dx = dr * cos(t) - (LOOP_A + r) * sin(t), dy = dr * sin(t) + (LOOP_B + r) * cos(t);
  return sqrt(dx * dx + dy * dy);
}

// gentle hills: altitude [m] along the loop and its derivative per radian
static double loop_alt(double t) { return 410.0 + 6.0 * sin(t) + 2.5 * sin(2.0 * t + 0.7); }
static double loop_dalt(double t) { return 6.0 * cos(t) + 5.0 * cos(2.0 * t + 0.7); }

// advance along the loop by `ds` metres (midpoint steps of at most about 0.5 m)
static double loop_advance(double t, double ds) {
  int n = 1 + (int)(ds / 0.5);
  double h = ds / n;
  for (int i = 0; i < n; i++) {
    double mid = t + 0.5 * h / loop_speed(t);
    t += h / loop_speed(mid);
  }
  return fmod(t, 2.0 * PI);
}

//---- Summaries ----

// running sums for a lap or the session
typedef struct acc {
  double t0, d0, lat0, lon0; // start: time, distance, position
  unsigned n;
  double speed_max, hr_sum, hr_max, cad_sum, cad_max, pow_sum, pow_max;
  double vo_sum, st_sum, stb_sum, sl_sum, vr_sum, strides, ascent, descent;
} acc;

static void acc_start(acc *a, double t0, double d0, double lat0, double lon0) {
  *a = (acc){.t0 = t0, .d0 = d0, .lat0 = lat0, .lon0 = lon0};
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
  a->strides += r->cadence_spm / 120.0; // one second at steps/min, in strides
  if (dalt > 0)
    a->ascent += dalt;
  else
    a->descent -= dalt;
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

static int write_run(bks_fit_writer *w, bks_example_info *info) {
  int rc;
  rng r = {0x6261636B73747264u}; // "backstrd"
  ar1 n_speed = {0, 0.90, 0.045}, n_cad = {0, 0.95, 0.7}, n_gct = {0, 0.90, 0.002};
  ar1 n_vo = {0, 0.90, 0.0015}, n_stb = {0, 0.97, 0.3}, n_hr = {0, 0.95, 0.8};
  ar1 n_pow = {0, 0.7, 4.0}, n_alt = {0, 0.98, 0.15}, n_gx = {0, 0.99, 1.2}, n_gy = {0, 0.99, 1.2};

  bks_fitw_file_id id;
  bks_fitw_file_id_init(&id);
  id.type = BKS_FITW_FILE_ACTIVITY;
  id.manufacturer = BKS_FITW_MANUFACTURER_DEVELOPMENT;
  id.product = 1;
  id.serial_number = 1001;
  id.time_created = START_UNIX;
  if ((rc = bks_fit_write_file_id(w, &id)) < 0) return rc;

  bks_fitw_device_info dev;
  bks_fitw_device_info_init(&dev);
  dev.timestamp = START_UNIX;
  dev.device_index = BKS_FITW_DEVICE_INDEX_CREATOR;
  dev.manufacturer = BKS_FITW_MANUFACTURER_DEVELOPMENT;
  dev.product = 1;
  dev.serial_number = 1001;
  dev.software_version = 0.10;
  dev.hardware_version = 1;
  if ((rc = bks_fit_write_device_info(w, &dev)) < 0) return rc;

  bks_fitw_event ev;
  bks_fitw_event_init(&ev);
  ev.timestamp = START_UNIX;
  ev.event = BKS_FITW_EVENT_TIMER;
  ev.event_type = BKS_FITW_EVENT_TYPE_START;
  ev.data = BKS_FITW_TIMER_TRIGGER_MANUAL;
  ev.event_group = 0;
  if ((rc = bks_fit_write_event(w, &ev)) < 0) return rc;

  double t_loop = 0.0, dist = 0.0, v_prev = 0.0, hr = 98.0, grade_lag = 0.0, alt_prev = 0.0;
  double cad_sum = 0.0, hr_sum = 0.0;
  acc lap, ses;
  unsigned nrec = 0, nlaps = 0;
  bks_fitw_record rec;
  for (unsigned i = 0;; i++) {
    double t = (double)i;
    double frac = dist / DISTANCE; // how far into the run: fatigue grows with it

    // speed: a short warm-up, slower uphill and faster downhill, a slight fade, wander
    double grade = loop_dalt(t_loop) / loop_speed(t_loop);
    double v = V_CRUISE - 0.25 * exp(-t / 45.0) - 3.0 * grade - 0.04 * frac;
    v = quant(v + ar1_step(&n_speed, &r), 0.001);
    if (i > 0) {
      double ds = 0.5 * (v_prev + v);
      dist += ds;
      t_loop = loop_advance(t_loop, ds);
    }
    v_prev = v;

    // cadence rises a little with speed and fatigue; step length takes the rest of the speed
    double spm = 170.0 + 9.0 * (v - V_CRUISE) + 1.0 * frac + ar1_step(&n_cad, &r);
    spm = quant(spm, 1.0 / 64.0); // FIT: 1/128 stride/min
    double step = quant(v * 60.0 / spm, 0.0001);

    // contact time near 250 ms, shorter when faster, longer as fatigue builds
    double gct = 0.250 - 0.060 * (v - V_CRUISE) + 0.010 * frac + ar1_step(&n_gct, &r);
    gct = quant(gct, 0.0001);
    double vo = quant(0.085 + 0.0025 * frac + ar1_step(&n_vo, &r), 0.0001);
    double vr = quant(vo / step * 100.0, 0.01);
    double stb = quant(50.3 + ar1_step(&n_stb, &r), 0.01);

    // heart rate: first-order approach to a steady state that drifts up and follows the hills
    grade_lag += (grade - grade_lag) / 30.0;
    double hr_ss = 138.0 + 0.30 * t / 60.0 + 120.0 * grade_lag + 10.0 * (v - V_CRUISE);
    hr += (hr_ss - hr) / 40.0;
    double hr_rec = round(hr + ar1_step(&n_hr, &r));

    // running power: about 1 J/kg/m on the flat, plus climbing (less is regained downhill)
    double climb = grade > 0 ? grade : 0.5 * grade;
    double pow = round(MASS * v * (1.04 + 9.81 * climb) + ar1_step(&n_pow, &r));

    // position with slowly wandering GPS error; barometric altitude with a little noise
    double x, y;
    loop_xy(t_loop, &x, &y);
    x += ar1_step(&n_gx, &r);
    y += ar1_step(&n_gy, &r);
    double alt_true = loop_alt(t_loop);
    double alt = quant(alt_true + ar1_step(&n_alt, &r), 0.2);

    bks_fitw_record_init(&rec);
    rec.timestamp = START_UNIX + t;
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
    if ((rc = bks_fit_write_record(w, &rec)) < 0) return rc;
    nrec++;
    cad_sum += spm;
    hr_sum += hr_rec;

    if (i == 0) {
      acc_start(&lap, rec.timestamp, rec.distance, rec.lat, rec.lon);
      acc_start(&ses, rec.timestamp, rec.distance, rec.lat, rec.lon);
      alt_prev = alt_true;
    }
    double dalt = alt_true - alt_prev;
    alt_prev = alt_true;
    acc_add(&lap, &rec, dalt);
    acc_add(&ses, &rec, dalt);

    int done = dist >= DISTANCE;
    if (done) {
      ev.timestamp = rec.timestamp;
      ev.event_type = BKS_FITW_EVENT_TYPE_STOP_ALL;
      if ((rc = bks_fit_write_event(w, &ev)) < 0) return rc;
    }

    // a lap at each whole km (auto lap), and the rest of the run at the end
    if (done || rec.distance >= LAP_LENGTH * (nlaps + 1)) {
      bks_fitw_lap l;
      bks_fitw_lap_init(&l);
      acc_totals(&lap, &rec, &l.t);
      l.end_lat = rec.lat;
      l.end_lon = rec.lon;
      l.lap_trigger = done ? BKS_FITW_LAP_TRIGGER_SESSION_END : BKS_FITW_LAP_TRIGGER_DISTANCE;
      if ((rc = bks_fit_write_lap(w, &l)) < 0) return rc;
      nlaps++;
      acc_start(&lap, rec.timestamp, rec.distance, rec.lat, rec.lon);
    }
    if (done) break;
  }

  bks_fitw_session s;
  bks_fitw_session_init(&s);
  acc_totals(&ses, &rec, &s.t);
  s.trigger = BKS_FITW_SESSION_TRIGGER_ACTIVITY_END;
  if ((rc = bks_fit_write_session(w, &s)) < 0) return rc;

  bks_fitw_activity a;
  bks_fitw_activity_init(&a);
  a.timestamp = rec.timestamp;
  a.total_timer_time = s.t.total_timer_time;
  a.type = BKS_FITW_ACTIVITY_MANUAL;
  a.local_timestamp = rec.timestamp + UTC_OFFSET;
  if ((rc = bks_fit_write_activity(w, &a)) < 0) return rc;

  if (info) {
    info->start_time = START_UNIX;
    info->duration = s.t.total_elapsed_time;
    info->distance = s.t.total_distance;
    info->records = nrec;
    info->laps = nlaps;
    info->avg_speed = s.t.avg_speed;
    info->avg_cadence_spm = cad_sum / nrec;
    info->avg_heart_rate = hr_sum / nrec;
    info->total_ascent = s.t.total_ascent;
  }
  return BKS_OK;
}

int bks_example_write_run(bks_buf *out, bks_example_info *info) {
  size_t len0 = out->len;
  bks_fit_writer w;
  int rc = bks_fit_writer_init(&w, out);
  if (rc == BKS_OK) rc = write_run(&w, info);
  if (rc == BKS_OK) rc = bks_fit_writer_finish(&w);
  // every value is in range by construction, so only allocation can fail
  if (rc < 0) out->len = len0;
  return rc;
}
