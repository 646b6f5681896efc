// backstride interventions: "did it help?" for every intervention logged with
// `log intervention NAME --start ... [--end ...]`: pain (diary) and lumbar load (runs through the
// load engine) in the 28 days before the start against the days from the start to the end (or
// today), with an effect size and a bootstrap interval, or a refusal when the data are too few.
// docs/science.md ("Did it help?") gives the method and its sources.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backstride/coach.h"
#include "backstride/gather.h"
#include "backstride/app.h"
#include "coach_cli.h"
#include "json_cli.h"
#include "lumbar_cli.h"
#include "store_cli.h"

// days before the start that make the comparison's "before" (four weeks: the window the coach's
// other findings use, and long enough to hold BKS_EFFECT_MIN_N entries of a weekly diary)
#define BEFORE_DAYS 28

static const char caution[] =
    "A before/during comparison of your own records is not an experiment: it cannot show that the "
    "intervention caused a change. Anything else that changed at the same time (training, sleep, "
    "stress, the weather) can move these numbers, and something new is often started when pain is "
    "at its worst, so pain would often ease afterwards anyway (regression to the mean). Logging an "
    "intervention is not a recommendation: NICE NG59 advises against belts, corsets and orthotics "
    "for low back pain.";

static const char pain_note[] =
    "a change of less than about 2 points (or 30 %) on the 0-10 scale is below what people with "
    "low back pain usually notice (Ostelo et al. 2008)";

typedef struct measure {
  const char *id, *unit;
  double *before, *during;
  size_t nb, nd;
  size_t days_before, days_during;
  bks_effect e;
} measure;

// distinct days among `day[n]` (sorted or not; n is small)
static size_t distinct(const int64_t *day, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    size_t j = 0;
    while (j < i && day[j] != day[i]) j++;
    k += j == i;
  }
  return k;
}

// values of one measure in [b0, b1] (before) and [d0, d1] (during)
typedef struct picker {
  double *vb, *vd;
  int64_t *db, *dd;
  size_t nb, nd;
} picker;

static void pick(picker *p, int64_t day, double v, int64_t b0, int64_t b1, int64_t d0, int64_t d1) {
  if (!isfinite(v)) return;
  if (day >= b0 && day <= b1) {
    p->vb[p->nb] = v;
    p->db[p->nb++] = day;
  } else if (day >= d0 && day <= d1) {
    p->vd[p->nd] = v;
    p->dd[p->nd++] = day;
  }
}

// a value of measure `m` as text: the dose is a large relative number, modelled, so 3 significant
// digits; the rest 2 decimals; `sign` puts + before what is not negative (--json has every digit)
static const char *text_value(char buf[CLI_SIG_MAX], const measure *m, double x, int sign) {
  if (strcmp(m->id, "lumbar_dose") == 0) {
    cli_sig(buf, x, 3);
    size_t n = strlen(buf);
    if (sign && buf[0] != '-' && n + 2 <= CLI_SIG_MAX) {
      memmove(buf + 1, buf, n + 1);
      buf[0] = '+';
    }
  } else {
    snprintf(buf, CLI_SIG_MAX, sign ? "%+.2f" : "%.2f", x);
  }
  return buf;
}

static void text_measure(const measure *m) {
  const bks_effect *e = &m->e;
  char a[CLI_SIG_MAX], b[CLI_SIG_MAX], c[CLI_SIG_MAX];
  printf("  %s (%s):\n", m->id, m->unit);
  printf("    before: %zu on %zu days", e->n_before, m->days_before);
  if (e->n_before) printf(", mean %s", text_value(a, m, e->mean_before, 0));
  printf("; during: %zu on %zu days", e->n_during, m->days_during);
  if (e->n_during) printf(", mean %s", text_value(a, m, e->mean_during, 0));
  printf("\n");
  if (!e->enough) {
    printf("    not enough data to compare: at least %d on each side are needed\n",
           BKS_EFFECT_MIN_N);
    return;
  }
  printf("    difference %s (95 %% bootstrap interval %s to %s), Hedges' g ",
         text_value(a, m, e->difference, 1), text_value(b, m, e->ci_lo, 1),
         text_value(c, m, e->ci_hi, 1));
  if (isfinite(e->hedges_g)) {
    printf("%+.2f", e->hedges_g);
  } else {
    printf("undefined (no spread)");
  }
  const char *v = bks_effect_verdict(e);
  printf(": %s%s\n", v,
         strcmp(v, "no clear change") == 0 ? " (the interval holds 0)" : " during than before");
  if (strcmp(m->id, "pain") == 0) printf("    %s\n", pain_note);
}

static int cmd_interventions(const cli_global *g, int argc, char **argv) {
  const char *C = "interventions";
  int64_t today = bks_date_today();
  for (int i = 1; i < argc; i++) {
    const char *v;
    int r;
    if ((r = lcli_option(C, "--today", argc, argv, &i, &v)) != 0) {
      if (r < 0) return EXIT_USAGE;
      if (bks_date_parse(v, &today) < 0) {
        return cli_usage_error(C, "--today needs a date YYYY-MM-DD, not '%s'", v);
      }
    } else {
      return cli_unknown_arg(&cli_interventions_cmd, NULL, argv[i]);
    }
  }
  bks_store *s;
  int ex = cli_store_open(g, BKS_LIBRARY_NOCREATE, &s);
  if (ex) return ex;
  bks_intervention *iv = NULL;
  size_t niv = 0;
  bks_pain_entry *pain = NULL;
  size_t npain = 0;
  bks_profile prof;
  bks_profile_init(&prof);
  bks_gathered_runs runs = {0};
  if (s) {
    int rc = bks_library_intervention_list(s, &iv, &niv);
    if (rc >= 0) rc = bks_library_pain_list(s, &pain, &npain);
    if (rc >= 0) rc = bks_library_profile_get(s, &prof);
    int64_t from = today;
    for (size_t k = 0; k < niv; k++) {
      if (iv[k].start_day - BEFORE_DAYS < from) from = iv[k].start_day - BEFORE_DAYS;
    }
    if (rc >= 0 && niv) rc = bks_gather_runs_read(s, &prof, from, today, INT64_MAX, &runs);
    if (rc < 0) {
      cli_err("backstride %s: cannot read the library: %s", C, bks_library_errmsg(s));
      free(iv);
      free(pain);
      bks_library_close(s);
      return rc == BKS_E_NOMEM ? EXIT_SOFTWARE : EXIT_IOERR;
    }
    bks_library_close(s);
  }

  bks_buf b;
  bks_buf_init(&b);
  bks_json w;
  bks_json_init(&w, &b);
  // scratch for one side's values: at most every diary entry or every run
  size_t cap = (npain > runs.n ? npain : runs.n) + 1;
  double *vb = malloc(cap * sizeof *vb), *vd = malloc(cap * sizeof *vd);
  int64_t *db = malloc(cap * sizeof *db), *dd = malloc(cap * sizeof *dd);
  if (!vb || !vd || !db || !dd) {
    ex = EXIT_SOFTWARE;
    cli_err("backstride %s: out of memory", C);
    goto done;
  }
  if (g->json) {
    bks_json_obj_begin(&w);
    bks_json_key(&w, "today");
    bks_json_day(&w, today);
    bks_json_key(&w, "method");
    bks_json_obj_begin(&w);
    bks_json_kv_int(&w, "before_days", BEFORE_DAYS);
    bks_json_kv_int(&w, "min_per_side", BKS_EFFECT_MIN_N);
    bks_json_kv_int(&w, "resamples", BKS_EFFECT_RESAMPLES);
    bks_json_kv_str(&w, "effect_size",
                    "Hedges' g: difference in means over the pooled SD, small-sample corrected "
                    "(Hedges 1981)");
    bks_json_kv_str(&w, "interval",
                    "percentile bootstrap 95 % interval of the difference, fixed seed (Efron & "
                    "Tibshirani 1993)");
    bks_json_obj_end(&w);
    bks_json_kv_str(&w, "caution", caution);
    bks_json_key(&w, "interventions");
    bks_json_arr_begin(&w);
  } else if (niv == 0) {
    if (!g->quiet) {
      fprintf(stderr, "no interventions logged (backstride log intervention NAME --start "
                      "YYYY-MM-DD)\n");
    }
  }
  for (size_t k = 0; k < niv; k++) {
    const bks_intervention *it = &iv[k];
    int64_t b0 = it->start_day - BEFORE_DAYS, b1 = it->start_day - 1;
    int64_t d0 = it->start_day, d1 = it->end_day >= 0 && it->end_day < today ? it->end_day : today;
    measure m[3] = {{.id = "pain", .unit = "0-10, diary entries"},
                    {.id = "lumbar_load_index", .unit = "mean per run, relaxed standing = 1"},
                    {.id = "lumbar_dose", .unit = "relative dose per run"}};
    for (size_t q = 0; q < 3; q++) {
      picker p = {vb, vd, db, dd, 0, 0};
      if (q == 0) {
        for (size_t i = 0; i < npain; i++) pick(&p, pain[i].day, pain[i].level, b0, b1, d0, d1);
      } else {
        for (size_t i = 0; i < runs.n; i++) {
          const bks_run_metrics *rm = &runs.metrics[i];
          if (!rm->modelled) continue;
          pick(&p, bks_date_day_local(runs.runs[i].start_utc), q == 1 ? rm->lli : rm->dose, b0, b1,
               d0, d1);
        }
      }
      m[q].days_before = distinct(db, p.nb);
      m[q].days_during = distinct(dd, p.nd);
      if (bks_effect_compute(vb, p.nb, vd, p.nd, BKS_EFFECT_SEED, &m[q].e) < 0) {
        ex = EXIT_SOFTWARE;
        cli_err("backstride %s: out of memory", C);
        goto done;
      }
    }
    if (g->json) {
      bks_json_obj_begin(&w);
      bks_json_intervention_members(&w, it, b0, b1, d0, d1);
      bks_json_key(&w, "measures");
      bks_json_arr_begin(&w);
      for (size_t q = 0; q < 3; q++) {
        bks_json_effect(&w, m[q].id, m[q].unit, m[q].days_before, m[q].days_during, &m[q].e,
                        strcmp(m[q].id, "pain") == 0 ? pain_note : NULL);
      }
      bks_json_arr_end(&w);
      bks_json_obj_end(&w);
    } else {
      char s0[16], s1[16], e0[16], e1[16], end[16];
      bks_date_format(b0, s0);
      bks_date_format(b1, s1);
      bks_date_format(d0, e0);
      bks_date_format(d1, e1);
      if (it->end_day >= 0) bks_date_format(it->end_day, end);
      printf("%s%s: from %s%s%s\n", k ? "\n" : "", it->name, e0, it->end_day >= 0 ? " to " : "",
             it->end_day >= 0 ? end : " (going on)");
      if (d1 < d0) {
        printf("  starts after today: nothing to compare yet\n");
        continue;
      }
      printf("  before: %s to %s; during: %s to %s\n", s0, s1, e0, e1);
      for (size_t q = 0; q < 3; q++) text_measure(&m[q]);
    }
  }
  if (g->json) {
    bks_json_arr_end(&w);
    bks_json_obj_end(&w);
    ex = cli_json_print(C, &w, &b, stdout);
  } else if (niv) {
    printf("\nEffect size: Hedges' g (Hedges 1981); interval: percentile bootstrap, %d resamples "
           "with a fixed seed (Efron & Tibshirani 1993); at least %d values on each side.\n%s\n",
           BKS_EFFECT_RESAMPLES, BKS_EFFECT_MIN_N, caution);
  }
  if (fflush(stdout) != 0) ex = EXIT_IOERR;
done:
  bks_buf_deinit(&b);
  free(vb);
  free(vd);
  free(db);
  free(dd);
  free(iv);
  free(pain);
  bks_gathered_runs_deinit(&runs);
  return ex;
}

const cli_cmd cli_interventions_cmd = {
    "interventions", cmd_interventions,
    "did it help? pain and lumbar load before and during each logged intervention",
    "usage: backstride interventions [--json] [--today YYYY-MM-DD]\n\n"
    "For every intervention logged with 'backstride log intervention NAME --start ... [--end\n"
    "...]', compares the 28 days before its start with the days from its start to its end (or\n"
    "today): pain (each diary entry), and the Lumbar Load Index and dose of each run (the load\n"
    "engine, with your profile's mass and height). For each: how many entries and days on each\n"
    "side, the means, the difference, Hedges' g (difference over the pooled SD, small-sample\n"
    "corrected; Hedges 1981) and a 95 % percentile bootstrap interval of the difference (2000\n"
    "resamples, fixed seed: the same library gives the same answer; Efron & Tibshirani 1993).\n"
    "With fewer than 5 values on either side it refuses to conclude ('not enough data').\n"
    "Verdicts: lower / higher (the interval excludes 0), no clear change, not enough data.\n"
    "A before/during comparison cannot show cause and effect; the output says so.\n"
    "--json: {today, method, caution, interventions: [{id, name, start, end, before: {from, to},\n"
    "during: {from, to} or null, measures: [{measure, unit, n_before, n_during, days_before,\n"
    "days_during, mean_before, mean_during, sd_before, sd_during, difference, hedges_g, ci95,\n"
    "verdict}]}]}.\n"
    "Exit: 0 ok (also with nothing logged); 64 bad arguments; 74 the library cannot be read.\n"};
