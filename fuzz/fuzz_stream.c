// fuzz target: arbitrary samples through the streaming core (NaN, inf, huge values, time going
// backwards, gaps); it must never crash, hang or lose its invariants.
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "backstride/stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

// a step's figures are finite and positive, and steps come out in time order, each touchdown after
// the previous step's toe-off (a touchdown waits until its contact is proven: it must not
// reorder or overlap them)
static void check_step(const bks_stream_step *p, double *last_ic, double *last_to) {
  if (!(p->contact_s > 0 && p->flight_s > 0 && p->flight_mean_s > 0 && p->peak_vgrf_bw > 0 &&
        p->peak_vgrf_bw < 1e6f && p->bounce_m == p->bounce_m && p->peak_acc_g == p->peak_acc_g &&
        p->mean_acc_g == p->mean_acc_g && p->braking_g == p->braking_g))
    __builtin_trap();
  if (!(p->t_contact > *last_ic && p->t_contact >= *last_to)) __builtin_trap();
  *last_ic = p->t_contact;
  *last_to = p->t_toeoff;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  bks_stream s;
  bks_stream_cfg cfg;
  bks_stream_default_cfg(&cfg);
  // the first byte picks a few configuration variants
  if (size > 0) {
    cfg.cue_steps = 1 + (data[0] & 7);
    cfg.fatigue_baseline_steps = 1 + (data[0] >> 3 & 7);
    data++;
    size--;
  }
  if (bks_stream_init(&s, &cfg) != BKS_OK) return 0;
  // a record: 2-byte time step (signed, 0.1 ms units; negative goes backwards), then either
  // three int16 accelerations (0.01 m/s²) or, with the mode byte's top bit, three raw floats
  double t = 0, last_ic = -INFINITY, last_to = -INFINITY;
  bks_stream_event ev;
  while (size >= 3) {
    int16_t dt;
    memcpy(&dt, data, 2);
    uint8_t mode = data[2];
    data += 3;
    size -= 3;
    t += dt * 1e-4;
    if (mode == 0xff) t = (double)NAN;
    if (mode == 0xfe) t = 1e300;
    float a[3];
    if (mode & 0x80) {
      if (size < 12) break;
      memcpy(a, data, 12);
      data += 12;
      size -= 12;
    } else {
      if (size < 6) break;
      for (int i = 0; i < 3; i++) {
        int16_t v;
        memcpy(&v, data + 2 * i, 2);
        a[i] = (float)v * 0.01f;
      }
      data += 6;
      size -= 6;
    }
    // gyroscope: absent, or the mode bits pick which acceleration words double as angular rates
    // [deg/s] (huge, NaN and inf included with the raw-float records)
    float g[3] = {NAN, NAN, NAN};
    if (mode & 1) {
      g[0] = a[(mode >> 2) % 3];
      g[1] = (mode & 0x10) ? a[1] : 0.0f;
      g[2] = (mode & 0x20) ? a[2] * 100.0f : 0.0f;
    }
    int rc = bks_stream_feed(&s, t, a[0], a[1], a[2], g[0], g[1], g[2]);
    if (rc != BKS_OK && rc != BKS_ITEM && rc != BKS_E_INVAL && rc != BKS_E_LIMIT) __builtin_trap();
    // the gravity estimate stays finite whatever the input (accelerations are clamped to 1e4 m/s²,
    // and a gyroscope turn keeps its length or is refused)
    for (int i = 0; i < 3; i++) {
      if (!(s.grav_[i] >= -2e4f && s.grav_[i] <= 2e4f)) __builtin_trap();
    }
    if (mode & 2) { // sometimes let the ring fill up
      while (bks_stream_next_event(&s, &ev) == BKS_ITEM) {
        if (ev.type == BKS_EV_STEP) check_step(&ev.step, &last_ic, &last_to);
      }
    }
  }
  bks_stream_finish(&s);
  while (bks_stream_next_event(&s, &ev) == BKS_ITEM) {
    if (ev.type == BKS_EV_STEP) check_step(&ev.step, &last_ic, &last_to);
  }
  return 0;
}
