// Every stored run's summary, from the library's cache or modelled now and cached. See
// summaries.h.
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/alloc.h"
#include "backstride/store.h"
#include "backstride/activity.h"
#include "backstride/steps.h"
#include "backstride/summaries.h"

// The cached bytes: these doubles, in this order, each as 8 little-endian bytes. The list is part
// of the cache key (SUMMARY_LAYOUT), so changing it makes every cached row stale, never misread.
#define SUMMARY_LAYOUT "L2"
#define F(x) offsetof(bks_run_summary, x)
static const size_t fields[] = {
    F(m.steps),
    F(m.rows),
    F(m.duration_s),
    F(m.distance_m),
    F(m.cadence_spm),
    F(m.contact_ms),
    F(m.flight_ms),
    F(m.speed),
    F(m.vo_cm),
    F(m.vo_measured_cm),
    F(m.vo_model_cm),
    F(m.peak_vgrf_bw),
    F(m.peak_vgrf_n),
    F(m.loading_rate_bw_s),
    F(m.kvert_kn_m),
    F(m.kleg_kn_m),
    F(m.lumbar_peak_bw),
    F(m.lumbar_peak_n),
    F(m.lumbar_peak_lo_bw),
    F(m.lumbar_peak_hi_bw),
    F(m.lumbar_shear_bw),
    F(m.lumbar_shear_n),
    F(m.lumbar_shear_lo_bw),
    F(m.lumbar_shear_hi_bw),
    F(m.lli),
    F(m.lli_lo),
    F(m.lli_hi),
    F(m.dose),
    F(cadence_change),
    F(vo_change),
    F(speed_change),
    F(vo_ratio),
    F(vo_ratio_band),
    F(drift_cadence),
    F(drift_contact),
    F(drift_lli),
    F(drift_speed),
    F(dynamics_share),
    F(vo_channel_cm),
};
#undef F
#define NFIELDS (sizeof fields / sizeof fields[0])
#define ENC_SIZE (NFIELDS * 8 + 4) // + flags as a little-endian uint32

static void encode(const bks_run_summary *r, uint8_t *out) {
  for (size_t i = 0; i < NFIELDS; i++) {
    double v;
    memcpy(&v, (const char *)r + fields[i], sizeof v);
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    for (unsigned b = 0; b < 8; b++) out[i * 8 + b] = (uint8_t)(u >> (8 * b));
  }
  for (unsigned b = 0; b < 4; b++) out[NFIELDS * 8 + b] = (uint8_t)(r->flags >> (8 * b));
}

static int decode(const uint8_t *p, size_t size, bks_run_summary *r) {
  if (size != ENC_SIZE) return BKS_E_CORRUPT;
  for (size_t i = 0; i < NFIELDS; i++) {
    uint64_t u = 0;
    for (unsigned b = 0; b < 8; b++) u |= (uint64_t)p[i * 8 + b] << (8 * b);
    double v;
    memcpy(&v, &u, sizeof v);
    memcpy((char *)r + fields[i], &v, sizeof v);
  }
  r->flags = 0;
  for (unsigned b = 0; b < 4; b++) r->flags |= (unsigned)p[NFIELDS * 8 + b] << (8 * b);
  return BKS_OK;
}

static void set_nan(bks_run_summary *r) {
  for (size_t i = 0; i < NFIELDS; i++) {
    double v = NAN;
    memcpy((char *)r + fields[i], &v, sizeof v);
  }
  r->flags = 0;
}

void bks_run_modelled_init(bks_run_modelled *r) {
  bks_activity_init(&r->a);
  bks_steps_init(&r->st);
  bks_run_load_init(&r->rl);
  r->modelled = 0;
  r->why[0] = 0;
}

void bks_run_modelled_deinit(bks_run_modelled *r) {
  if (!r) return;
  bks_run_load_deinit(&r->rl);
  bks_steps_deinit(&r->st);
  bks_activity_deinit(&r->a);
  bks_run_modelled_init(r);
}

int bks_run_model_stored(bks_store *s, const bks_model *m, int64_t id, bks_run_modelled *out) {
  bks_run_modelled_deinit(out);
  int rc = bks_store_load(s, id, 0, &out->a);
  if (rc == BKS_E_CORRUPT || rc == BKS_END) {
    // a damaged stored run (or one deleted meanwhile) is reported, not fatal to a page
    snprintf(out->why, sizeof out->why, "the stored run could not be read: %s",
             bks_store_errmsg(s));
    return BKS_OK;
  }
  if (rc < 0) return rc;
  rc = bks_steps_build(&out->st, &out->a, m->params);
  if (rc == BKS_OK) rc = bks_run_load_compute(m, &out->st, &out->rl);
  if (rc == BKS_E_NOMEM) return rc;
  if (rc < 0) {
    // not modelled is a result, cached like any other, not an error
    snprintf(out->why, sizeof out->why, "%s",
             out->st.first_problem[0] ? out->st.first_problem : "no running step to model");
    return BKS_OK;
  }
  out->modelled = 1;
  return BKS_OK;
}

// what the cache keeps of a modelled run, into r (whose id and info fields are set)
static void summarise(const bks_run_modelled *x, bks_run_summary *r) {
  set_nan(r);
  if (x->modelled) {
    bks_run_summary_set_load(r, &x->rl);
    if (!isfinite(r->distance_m)) r->distance_m = x->rl.summary.distance_m;
  } else {
    r->modelled = 0;
    snprintf(r->why, sizeof r->why, "%s", x->why);
  }
  double vo = bks_activity_positive_mean(&x->a, BKS_CH_VERT_OSC);
  r->vo_channel_cm = isfinite(vo) && x->a.n ? 100 * vo : NAN;
}

void bks_run_summary_set_load(bks_run_summary *r, const bks_run_load *rl) {
  r->modelled = 1;
  r->why[0] = 0;
  r->m = rl->summary;
  r->flags = rl->flags;
  r->cadence_change = rl->cadence_change;
  r->vo_change = rl->vo_change;
  r->speed_change = rl->speed_change;
  r->vo_ratio = rl->vo_ratio;
  r->vo_ratio_band = rl->vo_ratio_band;
  r->drift_cadence = rl->drift_cadence;
  r->drift_contact = rl->drift_contact;
  r->drift_lli = rl->drift_lli;
  r->drift_speed = rl->drift_speed;
  double steps = rl->summary.steps;
  r->dynamics_share = steps > 0 ? rl->steps_by_source[BKS_STEP_DYNAMICS] / steps : NAN;
}

static void from_info(const bks_run_info *info, bks_run_summary *r) {
  memset(r, 0, sizeof *r);
  r->id = info->id;
  r->start_utc = info->start_utc;
  r->shoe_id = info->shoe_id;
  r->duration_s = info->duration_s;
  r->timer_s = info->timer_s;
  r->distance_m = info->distance_m;
}

int bks_run_summary_compute(bks_store *s, const bks_model *m, int64_t id, bks_run_summary *out) {
  bks_run_info *info = bks_malloc(sizeof *info); // ~3 KB of text fields: not on a small stack
  if (!info) return BKS_E_NOMEM;
  int rc = bks_store_run_get(s, id, info);
  if (rc == BKS_OK) from_info(info, out);
  free(info);
  if (rc != BKS_OK) return rc;
  bks_run_modelled x;
  bks_run_modelled_init(&x);
  rc = bks_run_model_stored(s, m, id, &x);
  if (rc == BKS_OK) summarise(&x, out);
  bks_run_modelled_deinit(&x);
  return rc;
}

//---- All runs ----

typedef struct collect_ctx {
  bks_run_summaries *all;
  size_t cap;
  int64_t *by_id; // (id, index) pairs sorted by id, for the cache walk
  uint8_t *have;  // 1 when the cache gave run i
} collect_ctx;

static int collect(const bks_run_info *info, void *vctx) {
  collect_ctx *c = vctx;
  bks_run_summaries *all = c->all;
  if (all->n == c->cap) {
    size_t cap = c->cap ? 2 * c->cap : 256;
    bks_run_summary *r = bks_realloc(all->r, cap * sizeof *r);
    if (!r) return BKS_E_NOMEM;
    all->r = r;
    c->cap = cap;
  }
  from_info(info, &all->r[all->n++]);
  return 0;
}

static int cmp_pair(const void *a, const void *b) {
  const int64_t *x = a, *y = b;
  return (x[0] > y[0]) - (x[0] < y[0]);
}

static int take_cached(const bks_store_summary *row, void *vctx) {
  collect_ctx *c = vctx;
  int64_t key[2] = {row->run_id, 0};
  const int64_t *hit = bsearch(key, c->by_id, c->all->n, 2 * sizeof(int64_t), cmp_pair);
  if (!hit) return 0; // a row of a run deleted meanwhile
  size_t i = (size_t)hit[1];
  bks_run_summary *r = &c->all->r[i];
  if (decode(row->data, row->size, r) != BKS_OK) return 0; // unreadable: recompute it
  r->modelled = row->modelled != 0;
  snprintf(r->why, sizeof r->why, "%s", row->why);
  if (!isfinite(r->distance_m) && r->modelled) r->distance_m = r->m.distance_m;
  c->have[i] = 1;
  return 0;
}

// results written per transaction: short enough that a reader never waits long
#define BATCH 64

static void flush(bks_store *s, const char *key, const bks_store_summary *rows, size_t n,
                  bks_run_summaries *all) {
  if (n && bks_store_summaries_put(s, key, rows, n) != BKS_OK) all->cache_write_failed = 1;
}

int bks_run_summaries_get(bks_store *s, const bks_model *m, bks_run_summaries *out,
                          bks_summaries_progress_fn progress, void *ctx) {
  memset(out, 0, sizeof *out);
  char key[BKS_MODEL_KEY_MAX + 8];
  if (bks_model_key(m, key, BKS_MODEL_KEY_MAX) != BKS_OK) return BKS_E_LIMIT;
  strcat(key, ";" SUMMARY_LAYOUT);

  collect_ctx c = {.all = out};
  int rc = bks_store_runs(s, collect, &c);
  if (rc == BKS_OK && out->n) {
    c.by_id = bks_malloc(out->n * 2 * sizeof *c.by_id);
    c.have = bks_calloc(out->n, 1);
    if (!c.by_id || !c.have) rc = BKS_E_NOMEM;
  }
  if (rc == BKS_OK && out->n) {
    for (size_t i = 0; i < out->n; i++) {
      c.by_id[2 * i] = out->r[i].id;
      c.by_id[2 * i + 1] = (int64_t)i;
    }
    qsort(c.by_id, out->n, 2 * sizeof(int64_t), cmp_pair);
    rc = bks_store_summaries(s, key, take_cached, &c);
  }

  size_t todo = 0;
  for (size_t i = 0; rc == BKS_OK && i < out->n; i++) todo += !c.have[i];
  bks_store_summary rows[BATCH];
  uint8_t *bytes = todo ? bks_malloc((size_t)BATCH * ENC_SIZE) : NULL;
  if (todo && !bytes) rc = BKS_E_NOMEM;
  size_t pending = 0;
  bks_run_modelled x; // reused: one run's arrays at a time
  bks_run_modelled_init(&x);
  for (size_t i = 0; rc == BKS_OK && i < out->n; i++) {
    if (c.have[i]) continue;
    bks_run_summary *r = &out->r[i];
    rc = bks_run_model_stored(s, m, r->id, &x);
    if (rc != BKS_OK) break;
    summarise(&x, r);
    out->computed++;
    encode(r, bytes + pending * ENC_SIZE);
    rows[pending] = (bks_store_summary){.run_id = r->id,
                                        .modelled = r->modelled,
                                        .why = r->why,
                                        .data = bytes + pending * ENC_SIZE,
                                        .size = ENC_SIZE};
    if (++pending == BATCH) {
      flush(s, key, rows, pending, out);
      pending = 0;
    }
    if (progress) progress(out->computed, todo, ctx);
  }
  if (rc == BKS_OK) flush(s, key, rows, pending, out);
  bks_run_modelled_deinit(&x);
  free(bytes);
  free(c.by_id);
  free(c.have);
  if (rc != BKS_OK) bks_run_summaries_deinit(out);
  return rc;
}

void bks_run_summaries_deinit(bks_run_summaries *all) {
  if (!all) return;
  free(all->r);
  memset(all, 0, sizeof *all);
}
