// Fuzz target for the IMU CSV reader. Reads the input with the defaults (units detected, rate from
// t), then with a rate and each unit given, and checks what a caller relies on: an error has a
// message and no activity; a success has exactly one activity whose samples are all there and
// finite, in m/s², with a positive rate. Every result is freed (a leak fails the run under ASan).
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "backstride/io.h"

static void check(const uint8_t *data, size_t size, const bks_imu_opts *o) {
  bks_read_result r;
  int rc = bks_read_imu_csv(data, size, "fuzz.csv", o, &r);
  if (rc != r.status) abort();
  if (rc < 0) {
    if (r.nact != 0 || r.err[0] == '\0') abort();
  } else {
    if (r.nact != 1 || r.err[0] != '\0') abort();
    const bks_activity *a = &r.act[0];
    if (a->n < 10 || !a->t || !a->acc[0] || !a->acc[1] || !a->acc[2]) abort();
    if (!(a->imu_rate_hz > 0) || !isfinite(a->duration_s)) abort();
    for (size_t i = 0; i < a->n; i++) {
      if (!isfinite(a->t[i])) abort();
      for (int k = 0; k < 3; k++) {
        if (!isfinite(a->acc[k][i])) abort();
        if (a->gyr[k] && isinf(a->gyr[k][i])) abort(); // NaN: a missing gyro sample
      }
    }
    if (a->nwarnings > BKS_ACTIVITY_MAX_WARNINGS) abort();
  }
  bks_read_result_deinit(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  check(data, size, NULL);
  bks_imu_opts o = {100, (int)(size % 3)};
  check(data, size, &o);
  return 0;
}
