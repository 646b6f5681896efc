// backstride streaming core: sacral IMU samples → steps and cues (include/backstride/stream.h).
// Freestanding: no heap, no stdio, no libm beyond sqrtf; float32 arithmetic. Sources and the
// algorithm in words: docs/stream.md.
#include "backstride/stream.h"

#include <stddef.h>

#include "sinefit.h"

#define G0 9.80665f // standard gravity [m/s²]
#define PI_F 3.14159265f
#define CLAMP_MS2 1.0e4f // larger inputs are clamped before any arithmetic [m/s²]

// freestanding helpers (no libm needed: isfinite via comparisons, fabsf by hand)
static int finite_f(float x) { return x == x && x < 3.0e38f && x > -3.0e38f; }
static int finite_d(double x) { return x == x && x < 1.0e300 && x > -1.0e300; }
static float absf(float x) { return x < 0 ? -x : x; }
static float clampf(float x) {
  return x > CLAMP_MS2 ? CLAMP_MS2 : (x < -CLAMP_MS2 ? -CLAMP_MS2 : x);
}

// sqrt: the FPU instruction on Cortex-M4F and x86 (builtin, no errno path needed for x >= 0)
static float sqrt_f(float x) { return x > 0 ? __builtin_sqrtf(x) : 0.0f; }

// Every default with its source (docs/stream.md, "Parameters"). "Product choice" means no
// published value: a documented decision, not fitted to the force-plate trials, except where it
// says "seen": those were picked with ../shared/data/sacral-grf-treadmill in view.
void bks_stream_default_cfg(bks_stream_cfg *c) {
  // product choice: several steps (0.3 s) long, so the vertical does not move within a step; the
  // gyroscope, when present, carries the fast part (complementary filter, Mahony et al. 2008)
  c->gravity_tau_s = 2.0f;
  // free fall reads 0 g (Newton: no force in flight); 0.3 g is the margin above it for a sacral
  // sensor that still moves on soft tissue after toe-off: product choice, seen
  c->flight_g = 0.3f;
  // Cavagna et al. 1988: the "effective" contact is where vertical force exceeds body weight,
  // i.e. the vertical specific force exceeds 1 g: the level that detects a touchdown (its
  // crossing is late; the time comes from the tangent below), seen
  c->contact_g = 1.0f;
  // the truth rule's force level, 0.05 BW, is 0.05 g of vertical specific force (Newton): the
  // landing rise is extended down to it along its steepest tangent below contact_g
  c->onset_g = 0.05f;
  // Morin et al. 2005 eq. 6, Fmax = (π/2)(tf/tc + 1) BW, is at least π/2 BW for any step with a
  // flight: a rise through contact_g that never reaches π/2 g does not carry the body through a
  // running step. It is a bump in flight (the sensor on its belt, the swing leg), not a contact
  c->confirm_g = PI_F / 2.0f;
  // the contact time is the mean of two estimates with different errors: the level crossings
  // (touchdown tangent, 0.3 g toe-off) and the width of the half sine fitted to the stance.
  // Equal weights: nothing says one is better (docs/stream.md shows each alone)
  c->fit_weight = 0.5f;
  c->min_contact_s = 0.05f; // the truth rule: a contact lasts at least 50 ms
  c->max_contact_s = 0.45f; // product choice: longer is not a running contact (walking, standing)
  c->min_flight_s = 0.015f; // product choice, seen (15 ms rather than 30 ms)
  c->min_step_s = 0.25f;    // product choice: 240 steps/min, above sprinting cadences
  c->max_step_s = 0.6f;     // product choice: 100 steps/min, below the slowest jogging
  c->max_gap_s = 0.1f;      // product choice: a 100 ms hole cannot be timed to the 40 ms match
  c->saturation_ms2 = 16.0f * G0; // the common ±16 g full scale of MEMS accelerometers
  c->fmax_bias = 0.0693f; // Morin et al. 2005, Table 1: sine-wave Fmax bias on the treadmill
  // cues: product choices (docs/stream.md); bounce levels from Garmin's vertical-oscillation bands
  c->cue_steps = 20;
  c->bounce_on_m = 0.100f;
  c->bounce_off_m = 0.090f;
  c->fatigue_baseline_steps = 30;
  c->fatigue_on = 0.05f;
  c->fatigue_off = 0.02f;
}

static int cfg_ok(const bks_stream_cfg *c) {
  const float v[] = {c->gravity_tau_s,  c->flight_g,   c->contact_g,     c->onset_g,
                     c->confirm_g,      c->fit_weight, c->min_contact_s, c->max_contact_s,
                     c->min_flight_s,   c->min_step_s, c->max_step_s,    c->max_gap_s,
                     c->saturation_ms2, c->fmax_bias,  c->bounce_on_m,   c->bounce_off_m,
                     c->fatigue_on,     c->fatigue_off};
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    if (!finite_f(v[i]) || v[i] < 0) return 0;
  }
  return c->gravity_tau_s > 0 && c->flight_g > 0 && c->contact_g > c->flight_g &&
         c->contact_g < 3 && c->onset_g < c->contact_g && c->confirm_g >= c->contact_g &&
         c->confirm_g < 16 && c->fit_weight <= 1 &&
         c->max_contact_s < BKS_STREAM_NBINS * BKS_STREAM_BIN_S && c->min_contact_s > 0 &&
         c->max_contact_s > c->min_contact_s && c->min_flight_s > 0 && c->min_step_s > 0 &&
         c->max_step_s > c->min_step_s && c->max_gap_s > 0 && c->fmax_bias < 0.5f &&
         c->bounce_off_m <= c->bounce_on_m && c->fatigue_off <= c->fatigue_on && c->cue_steps > 0 &&
         c->cue_steps < 100000 && c->fatigue_baseline_steps > 0 &&
         c->fatigue_baseline_steps < 100000;
}

void bks_stream_reset(bks_stream *s) {
  bks_stream_cfg c = s->cfg_;
  // zero everything field by field through a byte loop (no memset in freestanding code)
  unsigned char *p = (unsigned char *)s;
  for (size_t i = 0; i < sizeof *s; i++) p[i] = 0;
  s->cfg_ = c;
  s->fwd_[0] = s->fwd_[1] = s->fwd_[2] = 0.57735027f;
  // the first contact is only complete once a flight phase has been seen
  s->in_contact_ = 1;
  s->c_flags_ = BKS_STEP_AFTER_GAP;
  s->c_invalid_ = 1;
  s->below_since_ = -1;
  s->win_t0_ = -1;
}

int bks_stream_init(bks_stream *s, const bks_stream_cfg *cfg) {
  int rc = BKS_OK;
  bks_stream_default_cfg(&s->cfg_);
  if (cfg) {
    if (cfg_ok(cfg)) {
      s->cfg_ = *cfg;
    } else {
      rc = BKS_E_INVAL;
    }
  }
  bks_stream_reset(s);
  return rc;
}

static void push(bks_stream *s, const bks_stream_event *ev) {
  if (s->ev_head_ - s->ev_tail_ >= BKS_STREAM_NEVENTS) {
    s->ev_tail_++; // drop the oldest
    s->ndropped_++;
    s->lost_ = 1;
  }
  s->ev_[s->ev_head_ & (BKS_STREAM_NEVENTS - 1)] = *ev;
  s->ev_head_++;
}

static void cue_event(bks_stream *s, double t, int cue, int on) {
  bks_stream_event ev = {0};
  ev.type = on ? BKS_EV_CUE_ON : BKS_EV_CUE_OFF;
  ev.t = t;
  ev.cue = cue;
  push(s, &ev);
}

// one hysteresis cue: raised after n steps with `high`, cleared after n steps with `low`
static void cue_update(bks_stream *s, double t, int cue, int high, int low) {
  int on = s->cue_on_[cue];
  if ((!on && high) || (on && low)) {
    if (++s->cue_count_[cue] >= s->cfg_.cue_steps) {
      s->cue_on_[cue] = !on;
      s->cue_count_[cue] = 0;
      cue_event(s, t, cue, !on);
    }
  } else {
    s->cue_count_[cue] = 0;
  }
}

//---- stance window for the half-sine fit ----

static void win_start(bks_stream *s, double t) {
  // bins no finer than the sample interval (below 250 Hz they follow it, up to 20 ms): the fit's
  // cost per step then falls with the sample rate instead of staying fixed
  float b = s->last_dt_ > BKS_STREAM_BIN_S ? s->last_dt_ : BKS_STREAM_BIN_S;
  s->bin_s_ = b < 0.02f ? b : 0.02f;
  s->win_t0_ = t;
  s->nbins_ = 0;
  s->bin_sum_ = 0;
  s->bin_n_ = 0;
  s->win_full_ = 0;
}

// bins are means over bin_s_; a bin that no sample falls in (a sample interval longer
// than a bin) holds the value of the sample after it. A window longer than the bins can hold
// gets no fit (win_full_) until the next toe-off starts a new one.
static void win_add(bks_stream *s, double t, float av) {
  if (s->win_t0_ < 0) win_start(s, t);
  if (s->win_full_) return;
  float rel = (float)(t - s->win_t0_);
  int k = (int)(rel / s->bin_s_);
  if (k >= BKS_STREAM_NBINS) {
    s->win_full_ = 1;
    return;
  }
  if (k > s->nbins_) {
    s->bins_[s->nbins_++] = s->bin_n_ > 0 ? s->bin_sum_ / s->bin_n_ : av;
    while (s->nbins_ < k) s->bins_[s->nbins_++] = av;
    s->bin_sum_ = 0;
    s->bin_n_ = 0;
  }
  s->bin_sum_ += av;
  s->bin_n_ += 1.0f;
}

// fit the half sine to the window (the flight before the pending contact, the contact, the flight
// after it), measured from 0 g: by Newton the reading at zero force. (Not from the window's lowest
// reading: a raw sacral sensor can read -0.9 g in flight, and lifting the window by that widens
// the fitted contact by some 40 ms; docs/stream.md.)
static int win_fit(bks_stream *s, double t_end, bks_sinefit *f) {
  const bks_stream_cfg *c = &s->cfg_;
  if (s->win_full_ || s->win_t0_ < 0) return 0;
  int n = s->nbins_;
  if (s->bin_n_ > 0) { // the open bin, as it stands
    if (n >= BKS_STREAM_NBINS) return 0;
    s->bins_[n++] = s->bin_sum_ / s->bin_n_;
  }
  // the bins that start before t_end (the next touchdown's level crossing): what came after it
  // belongs to the next contact
  float span = (float)(t_end - s->win_t0_) / s->bin_s_;
  if (span >= 0 && span < (float)n) n = (int)span + 1;
  if (n < 4) return 0;
  int wmin = (int)(c->min_contact_s / s->bin_s_ + 0.5f);
  int wmax = (int)(c->max_contact_s / s->bin_s_);
  return bks_sinefit_best(s->bins_, n, wmin, wmax, f);
}

// drop the bins before time t: the window of the next contact starts at the toe-off of this one
static void win_advance(bks_stream *s, double t) {
  if (s->win_t0_ < 0 || s->win_full_ || t <= s->win_t0_) {
    if (s->win_full_) s->win_t0_ = -1; // restart at the next sample
    return;
  }
  int k = (int)((float)(t - s->win_t0_) / s->bin_s_);
  if (k > s->nbins_) k = s->nbins_;
  for (int i = k; i < s->nbins_; i++) s->bins_[i - k] = s->bins_[i];
  s->nbins_ -= k;
  s->win_t0_ += (double)k * s->bin_s_;
}

// the pending contact gets its flight: `ic` is the next touchdown and `ic_level` its
// touchdown-level crossing (at the end of input, est = 1 and both are estimated). The step is
// emitted when the detector's own timing (level crossings) is a running step. The fit sees the
// window up to `ic_level`.
static void finish_step(bks_stream *s, double ic, double ic_level, int est) {
  const bks_stream_cfg *c = &s->cfg_;
  bks_stream_step *p = &s->pend_;
  float step = (float)(ic - p->t_contact);
  float tf_level = (float)(ic_level - s->to_level_);
  s->have_to_ = 0;
  // contact time: the weighted mean of the level-crossing contact and the width of the half sine
  // fitted to the window around it, when that sine is centred inside the detected contact
  bks_sinefit f;
  double w0 = s->win_t0_;
  if (win_fit(s, est ? 1e300 : ic_level, &f)) {
    double mid = w0 + ((double)f.start + 0.5 + 0.5 * (double)f.width) * s->bin_s_;
    if (mid > p->t_contact && mid < s->to_level_) {
      float w = c->fit_weight;
      p->contact_s = (1.0f - w) * p->contact_s + w * (float)f.width * s->bin_s_;
      p->t_toeoff = p->t_contact + (double)p->contact_s;
      p->peak_fit_g = f.amp;
    }
  }
  win_advance(s, s->conf_t_);
  if (step < c->min_step_s || step > c->max_step_s || (!est && tf_level < c->min_flight_s)) return;
  // the reported contact (docs/stream.md, step 5) can end after the flight level said; the flight
  // is what is left of the step. A fitted contact that reaches the next touchdown is not used;
  // a step with no flight left at all is not a running step.
  float tf = step - p->contact_s;
  if (!(tf > 0)) {
    p->contact_s = (float)(s->to_level_ - p->t_contact);
    p->t_toeoff = s->to_level_;
    p->peak_fit_g = 0;
    tf = step - p->contact_s;
    if (!(tf > 0)) return;
  }
  float tc = p->contact_s;
  p->flight_s = tf;
  // Morin et al. 2005 take tf in eq. 6 as the mean of the flights before and after the contact
  // (their eq. A10): the contact turns the landing velocity of the one into the take-off velocity
  // of the other. The flight before is the last step's when that step ended at this touchdown.
  float tf_m = tf;
  if (s->last_tf_ > 0 && p->t_contact == s->last_end_ic_) tf_m = 0.5f * (tf + s->last_tf_);
  p->flight_mean_s = tf_m;
  s->last_tf_ = tf;
  s->last_end_ic_ = ic;
  p->step_freq_hz = 1.0f / step;
  // Morin et al. 2005 eq. 6, F = m·g·(π/2)·(tf/tc + 1), with its treadmill bias (Table 1)
  float fsine = (PI_F / 2.0f) * (tf_m / tc + 1.0f);
  p->peak_vgrf_bw = fsine / (1.0f - c->fmax_bias);
  p->loading_rate_bw_s = p->peak_vgrf_bw / (tc / 2.0f);
  // eq. 7 (COM drop in contact) + g·tf²/8 (rise in flight): apex-to-trough excursion
  float dyc = fsine * G0 * tc * tc / (PI_F * PI_F) - G0 * tc * tc / 8.0f;
  p->bounce_m = G0 * tf_m * tf_m / 8.0f + dyc;
  bks_stream_event ev = {0};
  ev.type = BKS_EV_STEP;
  ev.t = ic;
  ev.step = *p;
  push(s, &ev);
  // cues
  cue_update(s, ic, BKS_CUE_BOUNCE, p->bounce_m > c->bounce_on_m, p->bounce_m < c->bounce_off_m);
  if (s->nbase_ < c->fatigue_baseline_steps) {
    s->base_sum_ += tc;
    if (++s->nbase_ == c->fatigue_baseline_steps) {
      s->base_ = s->base_sum_ / (float)s->nbase_;
      s->ct_avg_ = s->base_;
    }
  } else {
    s->ct_avg_ += (tc - s->ct_avg_) / (float)c->cue_steps;
    int high = s->ct_avg_ > s->base_ * (1.0f + c->fatigue_on);
    int low = s->ct_avg_ < s->base_ * (1.0f + c->fatigue_off);
    // the average already smooths: one step past the level is enough
    if ((!s->cue_on_[BKS_CUE_FATIGUE] && high) || (s->cue_on_[BKS_CUE_FATIGUE] && low)) {
      s->cue_on_[BKS_CUE_FATIGUE] = high;
      cue_event(s, ic, BKS_CUE_FATIGUE, high);
    }
  }
}

// the touchdown that was waiting is a contact (or the input ends or breaks): it ends the step
static void finish_waiting(bks_stream *s) {
  if (!s->next_wait_) return;
  s->next_wait_ = 0;
  finish_step(s, s->next_ic_, s->next_ic_level_, 0);
}

// a gap or a bad sample: the contact in progress and the pending step cannot be trusted (a
// touchdown already seen still ends the step before it)
static void break_sequence(bks_stream *s) {
  finish_waiting(s);
  s->win_t0_ = -1; // the window restarts at the next sample
  s->ms_slope_ = 0;
  s->have_to_ = 0;
  s->c_invalid_ = 1;
  s->below_since_ = -1;
  s->gap_flag_ = BKS_STEP_AFTER_GAP;
}

static void start_contact(bks_stream *s, double ic) {
  s->in_contact_ = 1;
  s->c_invalid_ = 0;
  s->ic_ = ic;
  s->below_since_ = -1;
  s->c_peak_ = 0;
  s->c_sum_ = 0;
  s->c_n_ = 0;
  s->c_fwd_sum_ = 0;
  s->c_fwd_n_ = 0;
  s->c_ml_sum_ = 0;
  s->c_flags_ = s->gap_flag_;
  s->gap_flag_ = 0;
}

// Forward polarity of the horizontal principal axis, from the contact's early-stance mean along
// it (`early`, m/s²): +1 when the axis points forward. The first part of stance brakes (Cavanagh &
// Lafortune 1980), so the axis points forward when that mean is negative; taken over the last
// steps (running mean, about 8), not one: a single step's sign is noisy (some steps start by
// propelling), and a flipped axis would swap braking for propulsion and left for right. It
// belongs to the sensor and the runner, so it outlives a gap; the very first step sets it.
static float forward_polarity(bks_stream *s, float early) {
  s->pol_avg_ += (s->pol_avg_ == 0 ? 1.0f : 0.125f) * (early - s->pol_avg_);
  return s->pol_avg_ <= 0 ? 1.0f : -1.0f;
}

// Side of the contact that touched down at `ic`: -1 left, +1 right, 0 cannot tell. `ml` is its
// stance mean along left = up × forward [m/s²].
//  - A stance foot pushes the body toward the other side, so the mediolateral mean alternates
//    with the feet around an offset (a lean, the sensor's mounting); the offset is the running
//    mean, and what matters is the deviation from it.
//  - Feet alternate: the deviation's correlation with the step parity (alt_), taken over the last
//    steps, says which parity is which foot, with the evidence of many steps instead of one. A
//    step is told when that correlation is two standard errors from zero, after 4 steps; a gap,
//    or a step longer than max_step_s (one was missed), starts the count again.
static int tell_side(bks_stream *s, double ic, float ml) {
  const bks_stream_cfg *c = &s->cfg_;
  const float k = 1.0f / 8.0f; // running means over about 8 steps: product choice
  if (s->nside_ == 0 || !(ic - s->side_ic_ <= (double)c->max_step_s)) {
    s->nside_ = 0;
    s->alt_ = 0;
    s->parity_ = 1;
  }
  s->side_ic_ = ic;
  float d = ml / G0 - s->ml_avg_;
  s->ml_avg_ += k * d;
  s->parity_ = -s->parity_;
  float kk = s->nside_ < 8 ? 1.0f / (float)(s->nside_ + 1) : k; // cumulative at the start
  float x = d * (float)s->parity_; // the deviation, signed by the step's parity
  s->alt_ += kk * (x - s->alt_);
  s->alt2_ += kk * (x * x - s->alt2_);
  s->nside_++;
  // told when the alternation stands two standard errors clear of none: the spread of x about
  // its mean over the about 15 steps a 1/8 running mean weighs (2/k - 1)
  float var = s->alt2_ - s->alt_ * s->alt_;
  float neff = s->nside_ < 15 ? (float)s->nside_ : 15.0f;
  if (s->nside_ < 4 || !(s->alt_ * s->alt_ * neff > 4.0f * (var > 0 ? var : 0))) return 0;
  // a push to the left (positive) means the right foot is down
  return s->alt_ * (float)s->parity_ > 0 ? 1 : -1;
}

// the contact ended at `to` (flight level), confirmed at time `now`
static void end_contact(bks_stream *s, double to, double now) {
  const bks_stream_cfg *c = &s->cfg_;
  s->in_contact_ = 0;
  float tc = (float)(to - s->ic_);
  // a bump in flight: shorter than a contact, or never as high as one
  int bump = tc < c->min_contact_s || s->c_peak_ < c->confirm_g;
  if (s->next_wait_) {
    if (!bump) {
      finish_waiting(s);
    } else {
      s->next_wait_ = 0; // the pending step goes on waiting
    }
  }
  if (s->c_invalid_ || bump || tc > c->max_contact_s) {
    // a bump leaves a pending step alone (and its window); anything else drops it
    if (s->c_invalid_ || tc > c->max_contact_s) s->have_to_ = 0;
    if (!s->have_to_) win_start(s, now); // nothing pending: the next window starts here
    return;
  }
  bks_stream_step *p = &s->pend_;
  s->to_level_ = to;
  s->conf_t_ = now;
  p->t_contact = s->ic_;
  p->t_toeoff = to;
  p->contact_s = tc;
  p->peak_fit_g = 0;
  p->peak_acc_g = s->c_peak_;
  p->mean_acc_g = s->c_n_ > 0 ? s->c_sum_ / s->c_n_ : 0;
  p->flags = s->c_flags_;
  float early = s->c_fwd_n_ > 0 ? s->c_fwd_sum_ / s->c_fwd_n_ : 0;
  float pol = forward_polarity(s, early);
  // braking: the mean backward acceleration over the first half of stance (0 when it propels)
  float back = -pol * early;
  p->braking_g = back > 0 ? back / G0 : 0;
  p->side = tell_side(s, s->ic_, pol * (s->c_n_ > 0 ? s->c_ml_sum_ / s->c_n_ : 0));
  p->flight_s = 0;
  p->flight_mean_s = 0;
  s->have_to_ = 1;
  s->last_tc_ = tc;
}

// turn a world-fixed vector v, seen in the sensor frame, by the sensor's rotation over dt:
// dv/dt = -w × v (w: angular rate in the sensor frame), first order, keeping |v|. A step of more
// than 0.25 rad (a saturated or absurd rate, or a coarse sample interval) is not applied: the
// accelerometer correction alone then carries the estimate, as without a gyroscope.
static void gyro_turn(float v[3], float gx, float gy, float gz, float dt) {
  const float k = dt * (PI_F / 180.0f); // deg/s → rad over this interval
  float wx = gx * k, wy = gy * k, wz = gz * k;
  float w2 = wx * wx + wy * wy + wz * wz;
  if (!(w2 <= 0.0625f)) return;
  float cx = wy * v[2] - wz * v[1], cy = wz * v[0] - wx * v[2], cz = wx * v[1] - wy * v[0];
  float n0 = v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
  float c2 = cx * cx + cy * cy + cz * cz;
  // |v - c|² = |v|² + |c|² (c ⟂ v): rescale by 1/sqrt(1 + |c|²/|v|²)
  float sc = n0 > 0 ? 1.0f / sqrt_f(1.0f + c2 / n0) : 1.0f;
  v[0] = (v[0] - cx) * sc;
  v[1] = (v[1] - cy) * sc;
  v[2] = (v[2] - cz) * sc;
}

static float cross_time_frac(float a0, float a1, float level) {
  float d = a1 - a0;
  float f = d != 0 ? (level - a0) / d : 1.0f;
  return f < 0 ? 0 : (f > 1 ? 1 : f);
}

int bks_stream_feed(bks_stream *s, double t, float ax, float ay, float az, float gx, float gy,
                    float gz) {
  const bks_stream_cfg *c = &s->cfg_;
  s->lost_ = 0;
  // input checks: skip, count, and break the step sequence
  if (!finite_d(t) || (s->have_t_ && t <= s->t_last_) || !finite_f(ax) || !finite_f(ay) ||
      !finite_f(az)) {
    s->nskipped_++;
    if (finite_d(t) && s->have_t_ && t > s->t_last_) break_sequence(s);
    return BKS_E_INVAL;
  }
  float a[3] = {clampf(ax), clampf(ay), clampf(az)};
  float dt = s->have_t_ ? (float)(t - s->t_last_) : 0.0f;
  if (s->have_t_ && dt > c->max_gap_s) {
    s->ngaps_++;
    break_sequence(s);
  }
  s->nsamples_++;
  // gravity: first-order low-pass of the acceleration vector; with a gyroscope, a complementary
  // filter (docs/stream.md): the estimate is first turned with the sensor, so the pelvis rotating
  // within a step no longer tilts the vertical
  if (!s->have_t_) {
    for (int i = 0; i < 3; i++) s->grav_[i] = a[i];
  } else {
    if (finite_f(gx) && finite_f(gy) && finite_f(gz) && dt <= c->max_gap_s) {
      gyro_turn(s->grav_, gx, gy, gz, dt);
      s->ngyro_++;
    }
    // the cumulative mean until the low-pass has seen its own time constant (fast start)
    float k = dt / (c->gravity_tau_s + dt), km = 1.0f / (float)s->nsamples_;
    if (km > k) k = km;
    for (int i = 0; i < 3; i++) s->grav_[i] += k * (a[i] - s->grav_[i]);
  }
  s->have_t_ = 1;
  s->t_last_ = t;
  if (dt > 0 && dt <= c->max_gap_s) s->last_dt_ = dt;
  float gn2 = s->grav_[0] * s->grav_[0] + s->grav_[1] * s->grav_[1] + s->grav_[2] * s->grav_[2];
  if (gn2 < 1.0f) { // no usable vertical yet (free fall for seconds, or zeros)
    double ff = s->below_since_;
    break_sequence(s);
    // Free fall reads ~0 on every axis whatever the orientation (Newton): a recording that
    // starts in flight is airborne before its vertical is known, so its first contact counts
    float an2 = a[0] * a[0] + a[1] * a[1] + a[2] * a[2];
    float lo2 = c->flight_g * G0 * c->flight_g * G0;
    if (s->in_contact_ && an2 < lo2) {
      s->below_since_ = ff < 0 ? t : ff;
      if ((float)(t - s->below_since_) >= c->min_flight_s) {
        s->in_contact_ = 0;
        s->below_since_ = -1;
      }
    }
    s->prev2_t_ = s->prev_t_;
    s->prev2_av_ = s->prev_av_;
    s->have_prev2_ = s->have_prev_t_;
    s->prev_t_ = t;
    s->prev_av_ = 0;
    s->have_prev_t_ = 1;
    return s->ev_head_ != s->ev_tail_ ? BKS_ITEM : BKS_OK;
  }
  float inv = 1.0f / sqrt_f(gn2);
  float u[3] = {s->grav_[0] * inv, s->grav_[1] * inv, s->grav_[2] * inv};
  float along = a[0] * u[0] + a[1] * u[1] + a[2] * u[2];
  float av = along / G0; // vertical specific force [g]
  for (int i = 0; i < 3; i++) {
    if (absf(a[i]) >= c->saturation_ms2) s->c_flags_ |= BKS_STEP_SATURATED;
  }
  // horizontal part: running covariance and one power-iteration step for its principal axis
  float h[3] = {a[0] - along * u[0], a[1] - along * u[1], a[2] - along * u[2]};
  {
    float k = dt / (c->gravity_tau_s + dt);
    float *C = s->hcov_;
    C[0] += k * (h[0] * h[0] - C[0]);
    C[1] += k * (h[1] * h[1] - C[1]);
    C[2] += k * (h[2] * h[2] - C[2]);
    C[3] += k * (h[0] * h[1] - C[3]);
    C[4] += k * (h[0] * h[2] - C[4]);
    C[5] += k * (h[1] * h[2] - C[5]);
    float *f = s->fwd_;
    float y0 = C[0] * f[0] + C[3] * f[1] + C[4] * f[2];
    float y1 = C[3] * f[0] + C[1] * f[1] + C[5] * f[2];
    float y2 = C[4] * f[0] + C[5] * f[1] + C[2] * f[2];
    float n2 = y0 * y0 + y1 * y1 + y2 * y2;
    if (n2 > 1e-12f) {
      float ni = 1.0f / sqrt_f(n2);
      f[0] = y0 * ni;
      f[1] = y1 * ni;
      f[2] = y2 * ni;
    }
  }
  const float lo = c->flight_g, hi = c->contact_g;
  float pav = s->prev_av_;
  double pt = s->prev_t_;
  // slope over the last two sample intervals, at the middle sample [g/s]
  float slope2 = 0;
  if (s->have_prev2_ && t > s->prev2_t_) slope2 = (av - s->prev2_av_) / (float)(t - s->prev2_t_);
  if (s->in_contact_) {
    // accumulate this contact
    if (av > s->c_peak_) s->c_peak_ = av;
    // a touchdown waiting to end the pending step: it does once the contact has lasted
    // min_contact_s (up to where it is leaving, if it is) and reached confirm_g
    if (s->next_wait_ && s->c_peak_ >= c->confirm_g) {
      double end = s->below_since_ < 0 ? t : s->below_since_;
      if ((float)(end - s->ic_) >= c->min_contact_s) finish_waiting(s);
    }
    s->c_sum_ += av;
    s->c_n_ += 1.0f;
    const float *f = s->fwd_;
    float hf = h[0] * f[0] + h[1] * f[1] + h[2] * f[2];
    float half = s->last_tc_ > 0 ? s->last_tc_ * 0.5f : 0.1f;
    if ((float)(t - s->ic_) <= half) {
      s->c_fwd_sum_ += hf;
      s->c_fwd_n_ += 1.0f;
    }
    // mediolateral axis: up × forward (left when forward has the right polarity)
    float l0 = u[1] * f[2] - u[2] * f[1];
    float l1 = u[2] * f[0] - u[0] * f[2];
    float l2 = u[0] * f[1] - u[1] * f[0];
    s->c_ml_sum_ += h[0] * l0 + h[1] * l1 + h[2] * l2;
    if ((float)(t - s->ic_) > c->max_contact_s) s->c_invalid_ = 1; // standing, walking
    // leaving: below the flight level for min_flight_s
    if (av < lo) {
      if (s->below_since_ < 0) {
        s->below_since_ = pt + (double)(cross_time_frac(pav, av, lo) * dt);
      }
      if ((float)(t - s->below_since_) >= c->min_flight_s) end_contact(s, s->below_since_, t);
    } else {
      s->below_since_ = -1;
    }
  } else if (av > hi) {
    // touchdown: the rise crossed the touchdown level (interpolated between samples). The contact
    // starts where the tangent at the steepest point of the rise below that level reaches the
    // onset level (Newton: 0.05 g is the truth rule's 0.05 BW): the steepest-tangent onset. Never
    // after the level crossing, never before the previous toe-off (or the stance window).
    double ic_level =
        (pav <= hi && s->have_prev_t_) ? pt + (double)(cross_time_frac(pav, av, hi) * dt) : t;
    double ic = ic_level;
    if (s->ms_slope_ > 0) {
      double e = s->ms_t_ - (double)((s->ms_av_ - c->onset_g) / s->ms_slope_);
      if (e < ic) ic = e;
    }
    double floor_t = s->have_to_ ? s->to_level_ : s->win_t0_;
    if (floor_t >= 0 && floor_t <= ic_level && ic < floor_t) ic = floor_t;
    s->ms_slope_ = 0;
    if (s->have_to_) { // it ends the pending step once it proves a contact (see above)
      s->next_wait_ = 1;
      s->next_ic_ = ic;
      s->next_ic_level_ = ic_level;
    }
    start_contact(s, ic);
    if (av > s->c_peak_) s->c_peak_ = av;
    s->c_sum_ += av;
    s->c_n_ += 1.0f;
  } else {
    // airborne or rising toward touchdown: the steepest slope since the flight level (over two
    // sample intervals, so one noisy sample does not make it)
    if (av < lo) {
      s->ms_slope_ = 0;
    } else if (slope2 > s->ms_slope_) {
      s->ms_slope_ = slope2;
      s->ms_t_ = pt;
      s->ms_av_ = pav;
    }
  }
  win_add(s, t, av);
  s->prev2_av_ = pav;
  s->prev2_t_ = pt;
  s->have_prev2_ = s->have_prev_t_;
  s->prev_av_ = av;
  s->prev_t_ = t;
  s->have_prev_t_ = 1;
  if (s->lost_) return BKS_E_LIMIT;
  return s->ev_head_ != s->ev_tail_ ? BKS_ITEM : BKS_OK;
}

int bks_stream_next_event(bks_stream *s, bks_stream_event *ev) {
  if (s->ev_head_ == s->ev_tail_) return BKS_MORE;
  *ev = s->ev_[s->ev_tail_ & (BKS_STREAM_NEVENTS - 1)];
  s->ev_tail_++;
  return BKS_ITEM;
}

int bks_stream_finish(bks_stream *s) {
  finish_waiting(s);
  // the last contact: its flight is not seen, the previous one stands in for it (flagged)
  if (s->have_to_ && s->last_tf_ > 0) {
    s->pend_.flags |= BKS_STEP_FLIGHT_EST;
    double ic = s->pend_.t_toeoff + (double)s->last_tf_;
    finish_step(s, ic, ic, 1);
  }
  s->have_to_ = 0;
  return s->ev_head_ != s->ev_tail_ ? BKS_ITEM : BKS_OK;
}

void bks_stream_counts(const bks_stream *s, uint32_t *samples, uint32_t *skipped, uint32_t *gaps,
                       uint32_t *dropped) {
  if (samples) *samples = s->nsamples_;
  if (skipped) *skipped = s->nskipped_;
  if (gaps) *gaps = s->ngaps_;
  if (dropped) *dropped = s->ndropped_;
}

uint32_t bks_stream_gyro_samples(const bks_stream *s) { return s->ngyro_; }

const char *bks_stream_event_name(int type) {
  switch (type) {
  case BKS_EV_STEP:
    return "step";
  case BKS_EV_CUE_ON:
    return "cue_on";
  case BKS_EV_CUE_OFF:
    return "cue_off";
  default:
    return "unknown";
  }
}

const char *bks_stream_cue_name(int cue) {
  switch (cue) {
  case BKS_CUE_BOUNCE:
    return "bounce";
  case BKS_CUE_FATIGUE:
    return "fatigue";
  default:
    return "none";
  }
}

const char *bks_stream_cue_text(int cue, int on) {
  switch (cue) {
  case BKS_CUE_BOUNCE:
    return on ? "quicker, shorter steps" : "bounce back in range";
  case BKS_CUE_FATIGUE:
    return on ? "contact time is drifting up: ease off or take a walk break"
              : "contact time back near your start";
  default:
    return "";
  }
}
