// The example history (data/example/history/): the bundled files are the simulator's output,
// and the history has the shape data/example/README.md describes (twelve weeks, 3-5 runs a week
// with the easy run, a spike week, more bounce on long runs, small files).
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "backstride/buf.h"
#include "example.h"
#include "harness.h"

BKS_TEST(history_is_deterministic) {
  size_t n = bks_example_history_count();
  BKS_CHECK(n > 0);
  bks_buf a, b;
  bks_buf_init(&a);
  bks_buf_init(&b);
  for (size_t i = 0; i < n; i += 7) { // a sample of the runs: each file is made twice
    a.len = b.len = 0;
    BKS_CHECK_EQ_INT(bks_example_write_history_run(i, &a, NULL), BKS_OK);
    BKS_CHECK_EQ_INT(bks_example_write_history_run(i, &b, NULL), BKS_OK);
    BKS_CHECK(a.len == b.len && a.len > 0 && memcmp(a.data, b.data, a.len) == 0);
  }
  bks_example_history_run r;
  BKS_CHECK_EQ_INT(bks_example_history_describe(n, &r), BKS_E_INVAL);
  size_t len0 = a.len;
  BKS_CHECK_EQ_INT(bks_example_write_history_run(n, &a, NULL), BKS_E_INVAL);
  BKS_CHECK_EQ_INT(a.len, len0);
  bks_buf_deinit(&a);
  bks_buf_deinit(&b);
}

BKS_TEST(history_has_its_shape) {
  size_t n = bks_example_history_count();
  double week_km[13] = {0}, week_runs[13] = {0};
  double vo_long = 0, vo_other = 0, n_long = 0, n_other = 0, total_bytes = 0, prev_day = 0;
  bks_example_info easy;
  bks_buf b;
  bks_buf_init(&b);
  BKS_CHECK_EQ_INT(bks_example_write_run(&b, &easy), BKS_OK);
  for (size_t i = 0; i < n; i++) {
    bks_example_history_run r;
    bks_example_info info;
    b.len = 0;
    BKS_CHECK_EQ_INT(bks_example_history_describe(i, &r), BKS_OK);
    BKS_CHECK_EQ_INT(bks_example_write_history_run(i, &b, &info), BKS_OK);
    BKS_CHECK(r.week >= 1 && r.week <= 12);
    if (r.week < 1 || r.week > 12) continue;
    double day = floor(r.start_time / 86400.0);
    BKS_CHECK(day > prev_day); // in time order, one run a day at most
    BKS_CHECK(r.start_time < easy.start_time);
    prev_day = day;
    BKS_CHECK_NEAR(info.start_time, r.start_time, 0);
    BKS_CHECK(info.distance >= r.planned_distance && info.distance < r.planned_distance + 50);
    BKS_CHECK(strlen(r.file) > 4 && strcmp(r.file + strlen(r.file) - 4, ".fit") == 0);
    BKS_CHECK(b.len < 80000); // one record every 5 s: the 26 km long run is the largest
    total_bytes += (double)b.len;
    week_km[r.week] += info.distance / 1000;
    week_runs[r.week]++;
    if (strcmp(r.kind, "long") == 0) {
      vo_long += info.avg_vertical_oscillation;
      n_long++;
    } else {
      vo_other += info.avg_vertical_oscillation;
      n_other++;
    }
  }
  bks_buf_deinit(&b);
  // the last Sunday's run is easy-run.fit, a week after the first of week 12
  week_km[12] += easy.distance / 1000;
  week_runs[12]++;
  BKS_CHECK(total_bytes < 3e6);
  double base = 0;
  for (int w = 1; w <= 12; w++) {
    BKS_CHECK(week_runs[w] >= 3 && week_runs[w] <= 5);
    if (w <= 7) base += week_km[w] / 7;
  }
  // week 8 is the spike: about 60 % above the weeks before it
  BKS_CHECK(week_km[8] > 1.5 * base && week_km[8] < 1.7 * base);
  for (int w = 1; w <= 12; w++) {
    if (w != 8) BKS_CHECK(week_km[w] < 1.1 * base);
  }
  // long runs bounce more: above Garmin's 9.7 cm band edge, the other runs below it
  BKS_CHECK(n_long >= 12 && n_other > 0);
  BKS_CHECK(vo_long / n_long > 0.105);
  BKS_CHECK(vo_other / n_other < 0.097);
  // the worn pair: the whole history with the easy run passes 500 km
  double total_km = 0;
  for (int w = 1; w <= 12; w++) total_km += week_km[w];
  BKS_CHECK(total_km > 505 && total_km < 560);
}

BKS_TEST(history_matches_bundled_files) {
  // data/example/history/ is this generator's output ('backstride make-example
  // data/example/history'); a change to either must update both
#ifndef BKS_SOURCE_DIR
  BKS_SKIP("BKS_SOURCE_DIR is not defined");
#else
  size_t n = bks_example_history_count();
  bks_buf file, made;
  bks_buf_init(&file);
  bks_buf_init(&made);
  for (size_t i = 0; i < n; i++) {
    bks_example_history_run r;
    BKS_CHECK_EQ_INT(bks_example_history_describe(i, &r), BKS_OK);
    char path[4096];
    snprintf(path, sizeof path, "%s/data/example/history/%s", BKS_SOURCE_DIR, r.file);
    FILE *f = fopen(path, "rb");
    if (!f) {
      fprintf(stderr, "missing %s\n", path);
      BKS_CHECK(f != NULL);
      continue;
    }
    file.len = made.len = 0;
    uint8_t chunk[8192];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
      BKS_CHECK_EQ_INT(bks_buf_append(&file, chunk, got), BKS_OK);
    }
    fclose(f);
    BKS_CHECK_EQ_INT(bks_example_write_history_run(i, &made, NULL), BKS_OK);
    if (file.len != made.len || memcmp(file.data, made.data, made.len) != 0) {
      fprintf(stderr, "%s differs from the generator's output\n", path);
      BKS_CHECK(0);
    }
  }
  bks_buf_deinit(&file);
  bks_buf_deinit(&made);
#endif
}

BKS_TEST_MAIN(BKS_CASE(history_is_deterministic), BKS_CASE(history_has_its_shape),
              BKS_CASE(history_matches_bundled_files))
