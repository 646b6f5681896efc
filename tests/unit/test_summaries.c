// The derived results cache: every run modelled once per model key, cached rows read back bit
// for bit, a new key (another body mass) recomputes, and an unmodellable run is a cached result,
// not an error.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backstride/store.h"
#include "backstride/buf.h"
#include "example.h"
#include "backstride/import.h"
#include "backstride/summaries.h"
#include "harness.h"

#define NRUNS 4

typedef struct lib {
  char dir[256], db[300];
  bks_store *s;
} lib;

// a fresh library with the first NRUNS example-history runs and one GPX without any timing
// the model can use (a walk of two points)
static int lib_open(lib *l) {
  const char *tmp = getenv("TMPDIR");
  snprintf(l->dir, sizeof l->dir, "%s/bks-sum-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(l->dir)) return -1;
  char paths[NRUNS + 1][320];
  const char *pp[NRUNS + 1];
  for (size_t i = 0; i < NRUNS; i++) {
    bks_buf b;
    bks_buf_init(&b);
    if (bks_example_write_history_run(i, &b, NULL) != BKS_OK) return -1;
    snprintf(paths[i], sizeof paths[i], "%s/run%zu.fit", l->dir, i);
    FILE *f = fopen(paths[i], "wb");
    if (!f || fwrite(b.data, 1, b.len, f) != b.len || fclose(f) != 0) return -1;
    bks_buf_deinit(&b);
    pp[i] = paths[i];
  }
  snprintf(paths[NRUNS], sizeof paths[NRUNS], "%s/still.gpx", l->dir);
  FILE *f = fopen(paths[NRUNS], "w");
  if (!f) return -1;
  fputs("<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"t\"><trk><type>running</type>"
        "<trkseg><trkpt lat=\"47.0\" lon=\"8.0\"><time>2026-01-01T10:00:00Z</time></trkpt>"
        "<trkpt lat=\"47.0\" lon=\"8.0\"><time>2026-01-01T10:20:00Z</time></trkpt>"
        "</trkseg></trk></gpx>\n",
        f);
  fclose(f);
  pp[NRUNS] = paths[NRUNS];
  snprintf(l->db, sizeof l->db, "%s/lib.db", l->dir);
  char err[512];
  if (bks_store_open(l->db, 0, &l->s, err, sizeof err) != BKS_OK) {
    fprintf(stderr, "%s\n", err);
    return -1;
  }
  bks_import_result res;
  bks_import_result_init(&res);
  int rc = bks_import_paths(l->s, pp, NRUNS + 1, NULL, &res);
  bks_import_result_deinit(&res);
  return rc;
}

static void lib_close(lib *l) {
  bks_store_close(l->s);
  char p[400];
  const char *suffix[] = {"", "-wal", "-shm"};
  for (int i = 0; i < 3; i++) {
    snprintf(p, sizeof p, "%s%s", l->db, suffix[i]);
    unlink(p);
  }
  for (size_t i = 0; i < NRUNS; i++) {
    snprintf(p, sizeof p, "%s/run%zu.fit", l->dir, i);
    unlink(p);
  }
  snprintf(p, sizeof p, "%s/still.gpx", l->dir);
  unlink(p);
  rmdir(l->dir);
}

static void model_for(bks_model *m, double mass) {
  bks_runner r = {.mass_kg = mass, .height_m = 1.75, .lean_deg = NAN};
  BKS_CHECK_EQ_INT(bks_model_init(m, NULL, &r, NULL, 0), BKS_OK);
}

// two summaries hold the same numbers, bit for bit (NaN equal to NaN)
static int same(const bks_run_summary *a, const bks_run_summary *b) {
  return a->id == b->id && a->modelled == b->modelled && a->flags == b->flags &&
         strcmp(a->why, b->why) == 0 && memcmp(&a->m, &b->m, sizeof a->m) == 0 &&
         memcmp(&a->cadence_change, &b->cadence_change, 11 * sizeof(double)) == 0;
}

BKS_TEST(cache_round_trip) {
  lib l;
  if (lib_open(&l) != BKS_OK) {
    BKS_CHECK(0);
    return;
  }
  bks_model m;
  model_for(&m, 70);
  bks_run_summaries first, again;
  BKS_CHECK_EQ_INT(bks_run_summaries_get(l.s, &m, &first, NULL, NULL), BKS_OK);
  BKS_CHECK_EQ_INT(first.n, NRUNS + 1);
  BKS_CHECK_EQ_INT(first.computed, NRUNS + 1);
  BKS_CHECK_EQ_INT(first.cache_write_failed, 0);

  size_t modelled = 0;
  for (size_t i = 0; i < first.n; i++) {
    if (i) BKS_CHECK(first.r[i - 1].start_utc <= first.r[i].start_utc);
    modelled += (size_t)first.r[i].modelled;
    if (first.r[i].modelled) {
      BKS_CHECK(first.r[i].m.dose > 0);
      BKS_CHECK(first.r[i].why[0] == 0);
    } else {
      BKS_CHECK(first.r[i].why[0] != 0);
      BKS_CHECK(isnan(first.r[i].m.dose));
    }
    // the same as modelling the run directly
    bks_run_summary direct;
    BKS_CHECK_EQ_INT(bks_run_summary_compute(l.s, &m, first.r[i].id, &direct), BKS_OK);
    BKS_CHECK(same(&direct, &first.r[i]));
  }
  BKS_CHECK_EQ_INT(modelled, NRUNS); // the still GPX is the one not modelled

  // second read: everything from the cache, identical
  BKS_CHECK_EQ_INT(bks_run_summaries_get(l.s, &m, &again, NULL, NULL), BKS_OK);
  BKS_CHECK_EQ_INT(again.computed, 0);
  BKS_CHECK_EQ_INT(again.n, first.n);
  for (size_t i = 0; i < first.n && i < again.n; i++) BKS_CHECK(same(&first.r[i], &again.r[i]));
  bks_run_summaries_deinit(&again);

  // another body mass is another key: recomputed, and the doses differ
  bks_model heavy;
  model_for(&heavy, 85);
  BKS_CHECK_EQ_INT(bks_run_summaries_get(l.s, &heavy, &again, NULL, NULL), BKS_OK);
  BKS_CHECK_EQ_INT(again.computed, NRUNS + 1);
  for (size_t i = 0; i < again.n; i++) {
    if (again.r[i].modelled) BKS_CHECK(again.r[i].m.lumbar_peak_n > first.r[i].m.lumbar_peak_n);
  }
  bks_run_summaries_deinit(&again);

  // the cache holds one row per run: back to 70 kg recomputes again (the 85 kg rows replaced it)
  BKS_CHECK_EQ_INT(bks_run_summaries_get(l.s, &m, &again, NULL, NULL), BKS_OK);
  BKS_CHECK_EQ_INT(again.computed, NRUNS + 1);
  for (size_t i = 0; i < first.n && i < again.n; i++) BKS_CHECK(same(&first.r[i], &again.r[i]));
  bks_run_summaries_deinit(&again);
  bks_run_summaries_deinit(&first);
  lib_close(&l);
}

BKS_TEST(model_key) {
  bks_model a, b;
  model_for(&a, 70);
  model_for(&b, 70);
  char ka[BKS_MODEL_KEY_MAX], kb[BKS_MODEL_KEY_MAX];
  BKS_CHECK_EQ_INT(bks_model_key(&a, ka, sizeof ka), BKS_OK);
  BKS_CHECK_EQ_INT(bks_model_key(&b, kb, sizeof kb), BKS_OK);
  BKS_CHECK_STR(ka, kb);
  BKS_CHECK(strncmp(ka, BKS_MODEL_VERSION ";", strlen(BKS_MODEL_VERSION) + 1) == 0);
  // a changed parameter value is another key
  bks_model_params p;
  bks_model_params_default(&p);
  p.p[BKS_P_UCT].value *= 1.01;
  bks_runner r = {.mass_kg = 70, .height_m = 1.75, .lean_deg = NAN};
  BKS_CHECK_EQ_INT(bks_model_init(&b, &p, &r, NULL, 0), BKS_OK);
  BKS_CHECK_EQ_INT(bks_model_key(&b, kb, sizeof kb), BKS_OK);
  BKS_CHECK(strcmp(ka, kb) != 0);
  // a huge mass still fits; a short buffer is refused
  model_for(&b, 1e300);
  BKS_CHECK_EQ_INT(bks_model_key(&b, kb, sizeof kb), BKS_OK);
  BKS_CHECK_EQ_INT(bks_model_key(&a, kb, 64), BKS_E_LIMIT);
}

BKS_TEST_MAIN(BKS_CASE(cache_round_trip), BKS_CASE(model_key))
