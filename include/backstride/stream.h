// backstride — the streaming core: one sacral IMU sample in, step and cue events out.
//
// Runs on a microcontroller as well as on the desktop (DESIGN.md "Streaming core (contract)"):
// caller-allocated fixed-size state, no heap, no stdio, float32 arithmetic (times are double so
// that hours of samples keep sub-millisecond resolution). One call per sample:
//
//     bks_stream s;
//     bks_stream_cfg cfg;
//     bks_stream_default_cfg(&cfg);
//     bks_stream_init(&s, &cfg);
//     for (each sample) {
//       bks_stream_feed(&s, t, ax, ay, az, gx, gy, gz); // m/s², deg/s (NaN: no gyroscope)
//       bks_stream_event ev;
//       while (bks_stream_next_event(&s, &ev) == BKS_ITEM) use(&ev);
//     }
//
// Algorithm and sources: docs/stream.md. In short: vertical is the direction of a slow low-pass of
// the acceleration vector (gravity); the specific force along it is ~0 g in the flight phase of
// running (free fall) and rises at touchdown, so a contact is detected between two flight phases
// (threshold crossings with hysteresis and minimum durations). A step needs a flight phase on both
// sides and a cadence in the running range, so standing and walking (no flight) give no steps.
// Touchdown: the steepest tangent of the landing rise, extended to the truth rule's 0.05 BW;
// contact time: the mean of the level-crossing contact and the width of a half sine fitted by
// least squares to the stance (Morin et al. 2005's force model). Peak vertical force: Morin's
// sine-wave method from the contact time and the mean of the flights on either side of it, with
// its published treadmill bias; bounce: the same spring-mass model. With a gyroscope, the gravity
// estimate is turned with the sensor between samples (complementary filter).
#ifndef BACKSTRIDE_STREAM_H
#define BACKSTRIDE_STREAM_H

#include <stdint.h>

#include "backstride/status.h"

#ifdef __cplusplus
extern "C" {
#endif

//---- Capacities ----

#define BKS_STREAM_NEVENTS 8 // event ring buffer (power of two)
#define BKS_STREAM_NBINS 192 // stance window for the half-sine fit, in bins
#define BKS_STREAM_BIN_S                                                                           \
  0.004f // finest bin [s]: 192 bins hold 0.768 s, a flight, a contact and more

//---- Configuration ----

typedef struct bks_stream_cfg {
  float gravity_tau_s;  // time constant of the gravity low-pass [s]
  float flight_g;       // specific force along vertical below which the body is airborne [g]
  float contact_g;      // a rise through this level is a touchdown (hysteresis: > flight_g) [g]
  float onset_g;        // contact starts where force reaches this (the rise is extrapolated) [g]
  float confirm_g;      // a contact must reach this, else it is a bump in flight [g]
  float fit_weight;     // weight of the fitted half sine's width in the contact time [0..1]
  float min_contact_s;  // shortest contact (the truth rule: 50 ms) [s]
  float max_contact_s;  // longest running contact [s]
  float min_flight_s;   // shortest flight phase that ends a contact [s]
  float min_step_s;     // shortest step (touchdown to touchdown), 1/max cadence [s]
  float max_step_s;     // longest step, 1/min cadence [s]
  float max_gap_s;      // a larger time jump is a gap: the step in progress is dropped [s]
  float saturation_ms2; // |a| on any axis at or above this marks the step saturated [m/s²]
  float fmax_bias;      // Morin 2005 treadmill bias of the sine-wave peak [fraction]
  // cues (hysteresis: raised after `cue_steps` steps past `on`, cleared after as many past `off`)
  int cue_steps;              // consecutive steps needed to raise or clear a cue
  float bounce_on_m;          // bounce above this raises BKS_CUE_BOUNCE [m]
  float bounce_off_m;         // bounce below this clears it [m]
  int fatigue_baseline_steps; // steps that make the contact-time baseline
  float fatigue_on;           // contact-time average above baseline·(1+on) raises BKS_CUE_FATIGUE
  float fatigue_off;          // ... below baseline·(1+off) clears it
} bks_stream_cfg;

/** Fill `cfg` with the documented defaults (docs/stream.md). */
BKS_API void bks_stream_default_cfg(bks_stream_cfg *cfg);

//---- Events ----

typedef enum bks_stream_event_type {
  BKS_EV_STEP = 1,   // a complete step (contact and the flight after it)
  BKS_EV_CUE_ON = 2, // a cue is raised
  BKS_EV_CUE_OFF = 3 // a cue is cleared
} bks_stream_event_type;

typedef enum bks_stream_cue {
  BKS_CUE_NONE = 0,
  BKS_CUE_BOUNCE = 1, // "quicker, shorter steps": bounce high for cue_steps steps
  BKS_CUE_FATIGUE = 2 // "contact time is drifting up: ease off": fatigue sign
} bks_stream_cue;

// step flags
#define BKS_STEP_SATURATED 1u  // an axis reached cfg.saturation_ms2 during the step
#define BKS_STEP_AFTER_GAP 2u  // the first step after a gap or a skipped sample
#define BKS_STEP_FLIGHT_EST 4u // last step of the input: flight time is the previous step's

typedef struct bks_stream_step {
  double t_contact;    // initial contact [s, stream time]
  double t_toeoff;     // toe-off [s]
  float contact_s;     // contact time [s]
  float flight_s;      // flight time after the contact [s]
  float flight_mean_s; // mean of the flights before and after the contact, Morin's tf (eq. A10);
                       // the flight after alone when the one before is not known [s]
  float step_freq_hz;  // 1 / (contact + flight) [Hz]
  float peak_vgrf_bw;  // peak vertical force, Morin sine-wave + published bias [BW]
  float loading_rate_bw_s; // mean rate touchdown → peak of that half-sine [BW/s]
  float peak_acc_g;        // largest vertical specific force during contact [g]
  float peak_fit_g;        // amplitude of the half sine fitted to the stance (0: no fit) [g]
  float mean_acc_g;        // mean vertical specific force during contact [g]
  float bounce_m;          // vertical excursion of the centre of mass (spring-mass) [m]
  float braking_g; // mean backward acceleration in the first half of contact (0 if it propels) [g]
  int side;        // -1 left, +1 right, 0 cannot tell
  unsigned flags;  // BKS_STEP_*
} bks_stream_step;

typedef struct bks_stream_event {
  int type;             // bks_stream_event_type
  int cue;              // bks_stream_cue (cue events)
  double t;             // when it was decided [s]
  bks_stream_step step; // BKS_EV_STEP
} bks_stream_event;

//---- State (complete type: place it anywhere; fields are private) ----

typedef struct bks_stream {
  bks_stream_cfg cfg_;
  // input bookkeeping
  double t_last_; // last accepted time stamp [s]
  int have_t_;
  uint32_t nsamples_; // accepted samples
  uint32_t nskipped_; // skipped: non-finite, duplicated or out-of-order time, non-finite values
  uint32_t ngaps_;    // gaps longer than max_gap_s
  uint32_t ndropped_; // events lost because the ring was full
  uint32_t ngyro_;    // samples whose angular rate turned the gravity estimate
  // gravity estimate (low-pass of the acceleration vector) [m/s²] and its norm
  float grav_[3];
  float gnorm_;
  // horizontal principal axis (forward/backward), running covariance and vector
  float hcov_[6]; // xx yy zz xy xz yz
  float fwd_[3];
  // contact state machine
  int in_contact_;
  int have_to_;   // a contact ended (toe-off seen), waiting for the next touchdown
  int next_wait_; // the next touchdown was seen; it ends the pending step once it lasts
                  // min_contact_s (a shorter bump in flight is not a touchdown)
  double next_ic_, next_ic_level_; // that touchdown, and its touchdown-level crossing [s]
  double ic_;                      // touchdown of the contact in progress [s]
  double below_since_;             // first time below threshold inside a contact [s]
  double to_level_;                // the pending contact's toe-off by the flight level [s]
  double conf_t_;                  // when that toe-off was confirmed (min_flight_s later) [s]
  // landing rise: its steepest slope so far (over two sample intervals) and where it was
  float ms_slope_, ms_av_; // [g/s], [g]
  double ms_t_;
  float prev2_av_; // the sample before the previous one
  double prev2_t_;
  int have_prev2_;
  float prev_av_; // previous vertical specific force [g]
  double prev_t_;
  // per-contact accumulators
  float c_peak_, c_sum_, c_n_, c_ml_sum_, c_fwd_sum_, c_fwd_n_;
  // side: running forward polarity and mediolateral offset, and the evidence that the
  // mediolateral push alternates with the steps (docs/stream.md, "Side")
  float pol_avg_, ml_avg_, alt_, alt2_; // alt_, alt2_: running mean of x and of x² (tell_side)
  int parity_, nside_;
  double side_ic_;     // touchdown of the last contact the side estimate saw [s]
  float last_tc_;      // last accepted contact time [s]
  float last_tf_;      // last emitted flight time [s]
  double last_end_ic_; // the touchdown that ended the last emitted step [s]
  int c_invalid_;      // the contact in progress is not a complete running contact
  int have_prev_t_;
  int lost_; // an event was lost in this call
  unsigned c_flags_;
  unsigned gap_flag_;
  // stance window for the half-sine fit: bins of BKS_STREAM_BIN_S from win_t0_ (the last toe-off)
  float bins_[BKS_STREAM_NBINS];
  double win_t0_;
  float bin_s_;   // this window's bin width: BKS_STREAM_BIN_S, or the sample interval [s]
  float last_dt_; // the last sample interval [s]
  float bin_sum_, bin_n_;
  int nbins_;    // bins closed so far
  int win_full_; // the window overflowed: no fit for this contact
  // pending step (contact done, flight running)
  bks_stream_step pend_;
  // cues
  int cue_on_[3];
  int cue_count_[3];
  int nbase_;
  float base_sum_, base_, ct_avg_;
  // event ring
  bks_stream_event ev_[BKS_STREAM_NEVENTS];
  uint32_t ev_head_, ev_tail_;
} bks_stream;

_Static_assert(sizeof(bks_stream) <= 2048, "bks_stream must fit in 2 KB (DESIGN.md)");
_Static_assert((BKS_STREAM_NEVENTS & (BKS_STREAM_NEVENTS - 1)) == 0, "ring size: power of two");

//---- Functions ----

/**
 * Initialise `s` with `cfg` (NULL: defaults). Returns BKS_OK, or BKS_E_INVAL when a value of `cfg`
 * is not finite or out of its range (then `s` holds the defaults).
 */
BKS_API int bks_stream_init(bks_stream *s, const bks_stream_cfg *cfg);

/** Forget everything but the configuration (a new recording). */
BKS_API void bks_stream_reset(bks_stream *s);

/**
 * Feed one sample: time [s] (strictly increasing; a duplicated, older or non-finite time is
 * skipped and counted), acceleration in the sensor's axes with gravity [m/s²], angular rate
 * [deg/s] (NaN when there is no gyroscope). Returns BKS_ITEM when events are waiting, BKS_OK when
 * none are, BKS_E_INVAL for a skipped sample (not sticky: keep feeding) and BKS_E_LIMIT when an
 * event was lost because the ring was full (read events after every call to avoid that).
 */
BKS_API int bks_stream_feed(bks_stream *s, double t, float ax, float ay, float az, float gx,
                            float gy, float gz);

/** Pop the oldest event into `ev`: BKS_ITEM, or BKS_MORE when there is none. */
BKS_API int bks_stream_next_event(bks_stream *s, bks_stream_event *ev);

/**
 * End of input. A complete contact whose next touchdown was not seen is emitted with the previous
 * step's flight time and the flag BKS_STEP_FLIGHT_EST (dropped when there was no previous step).
 * Returns BKS_ITEM when events are waiting, else BKS_OK.
 */
BKS_API int bks_stream_finish(bks_stream *s);

/** Counters: accepted samples, skipped samples, gaps, events lost. Nullable: every out. */
BKS_API void bks_stream_counts(const bks_stream *s, uint32_t *samples, uint32_t *skipped,
                               uint32_t *gaps, uint32_t *dropped);

/** Samples whose gyroscope reading was used (0 when there is no gyroscope). */
BKS_API uint32_t bks_stream_gyro_samples(const bks_stream *s);

/** "step", "cue_on", "cue_off". */
BKS_API const char *bks_stream_event_name(int type);

/** Cue name ("bounce", "fatigue") and the words to show the runner. */
BKS_API const char *bks_stream_cue_name(int cue);
BKS_API const char *bks_stream_cue_text(int cue, int on);

#ifdef __cplusplus
}
#endif

#endif
