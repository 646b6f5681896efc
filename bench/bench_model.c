// Lumbar load engine speed on one core: steps → model → dose.
//
//   1. per step: bks_model_step (spring-mass, correction, L4/L5 load, band, dose) over arrays of
//      step timings, the dose summed — what an IMU source (one row per real step) costs;
//   2. per record: a synthetic year of 1 Hz running records with running dynamics through
//      bks_steps_build and bks_run_load_compute (steps, model, dose, per-km means) — what
//      `backstride analyze` costs after reading the file; each record stands for about three steps.
//
// Usage: bench_model [--rows N] [--repeat R]   (defaults: 1,000,000 rows, best of 5)
// Goal (issue 4): at least 5 million steps per second per core.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backstride/load.h"
#include "backstride/steps.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

// deterministic noise in [0, 1)
static double rnd(unsigned long long *s) {
  *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
  return (double)(*s >> 11) / 9007199254740992.0;
}

int main(int argc, char **argv) {
  size_t rows = 1000000;
  int repeat = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--rows") == 0) rows = (size_t)strtoull(argv[i + 1], NULL, 10);
    if (strcmp(argv[i], "--repeat") == 0) repeat = atoi(argv[i + 1]);
  }
  if (rows < 1000 || repeat < 1) {
    fprintf(stderr, "usage: bench_model [--rows N>=1000] [--repeat R>=1]\n");
    return 64;
  }

  // a runner and plausible steps: cadence 160-195 steps/min, contact 190-290 ms, 2.5-5 m/s
  bks_model m;
  bks_runner r = {70, 1.75, NAN, 0};
  if (bks_model_init(&m, NULL, &r, NULL, 0) != BKS_OK) return 70;
  double *tc = malloc(rows * sizeof *tc), *tf = malloc(rows * sizeof *tf);
  double *v = malloc(rows * sizeof *v);
  bks_activity a;
  bks_activity_init(&a);
  if (!tc || !tf || !v || bks_activity_resize(&a, rows) != BKS_OK) return 70;
  bks_channel chs[] = {BKS_CH_CADENCE, BKS_CH_GCT, BKS_CH_VERT_OSC, BKS_CH_SPEED, BKS_CH_DISTANCE};
  for (size_t k = 0; k < 5; k++) {
    if (bks_activity_add_channel(&a, chs[k]) != BKS_OK) return 70;
  }
  a.n = rows;
  unsigned long long seed = 42;
  double dist = 0;
  for (size_t i = 0; i < rows; i++) {
    double cad = 160 + 35 * rnd(&seed), gct = 0.19 + 0.10 * rnd(&seed);
    double speed = 2.5 + 2.5 * rnd(&seed);
    tc[i] = gct;
    tf[i] = 60 / cad - gct;
    v[i] = speed;
    a.t[i] = (double)i;
    dist += speed;
    a.ch[BKS_CH_CADENCE][i] = cad;
    a.ch[BKS_CH_GCT][i] = gct;
    a.ch[BKS_CH_VERT_OSC][i] = 0.06 + 0.04 * rnd(&seed);
    a.ch[BKS_CH_SPEED][i] = speed;
    a.ch[BKS_CH_DISTANCE][i] = dist;
  }

  // 1. per step
  double best1 = INFINITY, dose = 0;
  for (int k = 0; k < repeat; k++) {
    double t0 = now_s(), sum = 0;
    for (size_t i = 0; i < rows; i++) {
      bks_step_result s;
      if (bks_model_step(&m, tc[i], tf[i], v[i], 0.051, &s) == BKS_OK) sum += s.dose;
    }
    double dt = now_s() - t0;
    if (dt < best1) best1 = dt;
    dose = sum;
  }

  // 2. per record, the whole analysis after reading
  double best2 = INFINITY, steps = 0;
  bks_steps st;
  bks_steps_init(&st);
  for (int k = 0; k < repeat; k++) {
    bks_run_load rl;
    double t0 = now_s();
    if (bks_steps_build(&st, &a, NULL) != BKS_OK) return 70;
    if (bks_run_load_compute(&m, &st, &rl) != BKS_OK) return 70;
    double dt = now_s() - t0;
    if (dt < best2) best2 = dt;
    steps = rl.summary.steps;
    bks_run_load_deinit(&rl);
  }

  printf("lumbar load engine, one core, best of %d\n", repeat);
  printf("  per step  (bks_model_step + dose):         %zu steps in %.4f s = %.1f M steps/s "
         "(%.1f ns/step; dose %.3g)\n",
         rows, best1, (double)rows / best1 / 1e6, best1 / (double)rows * 1e9, dose);
  printf("  per record (steps_build + run_load, 1 Hz): %zu records in %.4f s = %.1f M records/s "
         "= %.1f M steps/s (%.2f steps/record)\n",
         rows, best2, (double)rows / best2 / 1e6, steps / best2 / 1e6, steps / (double)rows);
  printf("  a year of running (5 h/week at 1 Hz = %.0f records): %.3f s\n", 5.0 * 52 * 3600,
         best2 / (double)rows * 5.0 * 52 * 3600);

  bks_steps_deinit(&st);
  bks_activity_deinit(&a);
  free(tc);
  free(tf);
  free(v);
  return 0;
}
