// backstride load: the day-to-day picture of lumbar load (daily dose, acute:chronic ratios,
// monotony, strain), from every run in the library through the derived results cache.
#define _DEFAULT_SOURCE // tm_gmtoff (glibc, BSD)
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backstride/app.h"
#include "backstride/summaries.h"
#include "json_cli.h"
#include "lumbar_cli.h"
#include "store_cli.h"

static const char load_usage[] =
    "usage: backstride load [--days N] [--today YYYY-MM-DD] [--tz-offset HOURS]\n\n"
    "Lumbar load day by day: each day's dose (the sum of its runs' relative lumbar dose, see\n"
    "'backstride analyze'), the acute:chronic workload ratio in its two published forms\n"
    "(exponentially weighted 7/28 days, and uncoupled rolling 7 over the 21 days before), the\n"
    "7-day monotony and strain, and the days they flag. The ratio is shown as a guide to sudden\n"
    "change only: it does not predict injury (Impellizzeri et al. 2020; docs/science.md, 'Dose\n"
    "over time'). The runner is the stored profile ('backstride profile set'), else the model's\n"
    "defaults. Every run is modelled once and the results are cached in the library; a new\n"
    "model version or a new mass recomputes them (with progress on a terminal).\n\n"
    "  --days N           show the last N days, ending today (default 28; 0: every day from the\n"
    "                     first run to today); a window with no run says so and names the newest\n"
    "  --today DATE       count as if today were DATE (runs after it are left out)\n"
    "  --tz-offset HOURS  count the days at this fixed offset east of UTC (default: the runner's\n"
    "                     time zone, 'profile set --tz', else this machine's; each run with its\n"
    "                     own offset, so a change to or from summer time is counted right)\n\n"
    "--json  {\"runs\":n,\"modelled\":n,\"model_key\":\"…\",\"ratio_band\":[low,high],\n"
    "        \"spike_at\":x,\"days\":[{\"day\":\"YYYY-MM-DD\",\"load\":x,\"acwr_ewma\":x,\n"
    "        \"acwr_uncoupled\":x,\"monotony\":x,\"strain\":x,\"flags\":[\"spike_ewma\",\n"
    "        \"spike_uncoupled\",\"monotony\",\"short_history\",\"return\"]}],\"today\":\"…\",\n"
    "        \"newest_run\":\"YYYY-MM-DD\" or null} (null where not defined). A day whose 28-day\n"
    "        window held no run before its week has no ratio: running again after a break is\n"
    "        flagged \"return\", never a spike.\n\n"
    "exit codes: 0 ok (no runs: nothing to show), 64 usage, 65 the library is not a backstride\n"
    "library, 70 internal error, 74 the library cannot be read\n";

static int cmd_load(const cli_global *g, int argc, char **argv);

const cli_cmd cli_load_cmd = {"load", cmd_load, "lumbar load day by day: acute:chronic, monotony",
                              load_usage};

static void progress(size_t done, size_t total, void *ctx) {
  (void)ctx;
  if (done == total || done % 25 == 0) {
    fprintf(stderr, "\rmodelling runs: %zu of %zu%s", done, total, done == total ? "\n" : "");
  }
}

static void print_flags(unsigned f) {
  int first = 1;
  for (size_t i = 0; i < BKS_DAY_NFLAGS; i++) {
    if (!(f & bks_day_flag_names[i].bit)) continue;
    printf("%s%s", first ? "" : ", ", bks_day_flag_names[i].text);
    first = 0;
  }
}

static int cmd_load(const cli_global *g, int argc, char **argv) {
  if (g->help) return cli_help(&cli_load_cmd);
  long long days = 28;
  double tz_h = NAN;
  int64_t today = INT64_MIN;
  for (int i = 1; i < argc; i++) {
    const char *v;
    int r;
    if ((r = lcli_option("load", "--days", argc, argv, &i, &v)) != 0) {
      if (r < 0) return EXIT_USAGE;
      if (lcli_whole("load", "--days", v, 0, 36500, &days)) return EXIT_USAGE;
    } else if ((r = lcli_option("load", "--today", argc, argv, &i, &v)) != 0) {
      if (r < 0) return EXIT_USAGE;
      if (lcli_day("load", "--today", v, &today)) return EXIT_USAGE;
    } else if ((r = lcli_option("load", "--tz-offset", argc, argv, &i, &v)) != 0) {
      if (r < 0) return EXIT_USAGE;
      if (lcli_number_in("load", "--tz-offset", v, -14, 14, &tz_h)) return EXIT_USAGE;
    } else {
      return cli_unknown_arg(&cli_load_cmd, NULL, argv[i]);
    }
  }
  // a fixed offset when asked for one, else the runner's zone (the profile's, else the system's)
  int64_t tz = isfinite(tz_h) ? (int64_t)llround(tz_h * 3600) : BKS_TZ_RUNNER;
  if (today == INT64_MIN) {
    int64_t now = (int64_t)time(NULL);
    today = tz == BKS_TZ_RUNNER ? bks_date_today() : bks_date_day_utc(now + tz);
  }

  bks_store *s;
  int ex = cli_store_open(g, BKS_LIBRARY_NOCREATE, &s);
  if (ex) return ex;

  // the runner: the stored profile, else the model's defaults
  lcli_runner runner;
  lcli_runner_init(&runner);
  bks_profile prof;
  if (s && bks_library_profile_get(s, &prof) == BKS_OK && prof.set) {
    if (prof.mass_kg > 0) runner.mass = prof.mass_kg;
    if (prof.height_m > 0) runner.height = prof.height_m;
  }
  bks_model m;
  char defaults[32];
  if ((ex = lcli_model_init("load", &runner, &m, defaults, sizeof defaults)) != 0) {
    bks_library_close(s);
    return ex;
  }
  if (defaults[0] && !g->quiet && !g->json) {
    fprintf(stderr, "backstride load: note: default %s used (no stored profile)\n", defaults);
  }
  char key[BKS_MODEL_KEY_MAX];
  bks_model_key(&m, key, sizeof key);

  bks_run_summaries all = {0};
  int rc = s ? bks_run_summaries_get(s, &m, &all, !g->quiet && isatty(2) ? progress : NULL, NULL)
             : BKS_OK;
  if (rc < 0) {
    cli_err("backstride load: %s", rc == BKS_E_NOMEM ? "out of memory" : bks_library_errmsg(s));
    bks_library_close(s);
    return rc == BKS_E_NOMEM ? EXIT_SOFTWARE : EXIT_IOERR;
  }
  if (all.cache_write_failed && !g->quiet) {
    fprintf(stderr, "backstride load: note: the results could not be cached (%s)\n",
            bks_library_errmsg(s));
  }

  // modelled runs only: a run with no step to model adds no dose
  size_t nm = 0;
  int64_t *start = all.n ? malloc(all.n * sizeof *start) : NULL;
  double *dose = all.n ? malloc(all.n * sizeof *dose) : NULL;
  if (all.n && (!start || !dose)) rc = BKS_E_NOMEM;
  for (size_t i = 0; rc == BKS_OK && i < all.n; i++) {
    if (!all.r[i].modelled || !isfinite(all.r[i].m.dose)) continue;
    start[nm] = all.r[i].start_utc;
    dose[nm++] = all.r[i].m.dose;
  }
  int64_t first_day = 0;
  double *daily = NULL;
  size_t ndays = 0;
  bks_day_load *dl = NULL;
  if (rc == BKS_OK && nm) rc = bks_daily_loads(start, dose, nm, tz, &first_day, &daily, &ndays);
  // the days end today: runs after it are left out, the days since the newest run are rest days
  int64_t newest = INT64_MIN;
  if (rc == BKS_OK && ndays && today < first_day) {
    free(daily);
    daily = NULL;
    ndays = 0;
  } else if (rc == BKS_OK && ndays) {
    size_t want = (size_t)(today - first_day + 1);
    if (want > ndays) {
      double *grown = realloc(daily, want * sizeof *daily);
      if (!grown) {
        rc = BKS_E_NOMEM;
      } else {
        for (size_t d = ndays; d < want; d++) grown[d] = 0;
        daily = grown;
      }
    }
    if (rc == BKS_OK) ndays = want;
    for (size_t d = ndays; rc == BKS_OK && d-- > 0;) {
      if (daily[d] > 0) {
        newest = first_day + (int64_t)d;
        break;
      }
    }
  }
  if (rc == BKS_OK && ndays) {
    dl = malloc(ndays * sizeof *dl);
    if (!dl) rc = BKS_E_NOMEM;
    else bks_day_loads_compute(m.params, daily, ndays, dl);
  }
  if (rc < 0) {
    cli_err("backstride load: %s", bks_strerror(rc));
    ex = rc == BKS_E_NOMEM ? EXIT_SOFTWARE : EXIT_DATAERR;
    goto done;
  }

  size_t from = days > 0 && (size_t)days < ndays ? ndays - (size_t)days : 0;
  const bks_model_params *p = m.params;
  double lo = p->p[BKS_P_ACWR_SWEET_LOW].value, hi = p->p[BKS_P_ACWR_SWEET_HIGH].value;
  double spike = p->p[BKS_P_ACWR_SPIKE].value;
  if (g->json) {
    bks_buf b;
    bks_buf_init(&b);
    bks_json w;
    bks_json_init(&w, &b);
    bks_json_obj_begin(&w);
    bks_json_kv_uint(&w, "runs", all.n);
    bks_json_kv_uint(&w, "modelled", nm);
    bks_json_kv_str(&w, "model_key", key);
    bks_json_key(&w, "ratio_band");
    bks_json_arr_begin(&w);
    bks_json_num(&w, lo);
    bks_json_num(&w, hi);
    bks_json_arr_end(&w);
    bks_json_kv_num(&w, "spike_at", spike);
    bks_json_key(&w, "days");
    bks_json_arr_begin_lines(&w);
    for (size_t d = from; d < ndays; d++) bks_json_day_load(&w, first_day + (int64_t)d, &dl[d]);
    bks_json_arr_end(&w);
    char d[16];
    bks_date_format(today, d);
    bks_json_kv_str(&w, "today", d);
    if (newest != INT64_MIN) {
      bks_date_format(newest, d);
      bks_json_kv_str(&w, "newest_run", d);
    } else {
      bks_json_kv_null(&w, "newest_run");
    }
    bks_json_obj_end(&w);
    ex = cli_json_print("load", &w, &b, stdout);
    bks_buf_deinit(&b);
    goto done;
  }
  if (ndays == 0) {
    printf("no modelled runs up to today yet: import some with 'backstride import PATH'\n");
    goto done;
  }
  char d0[16], d1[16], dn[16];
  bks_date_format(first_day + (int64_t)from, d0);
  bks_date_format(today, d1);
  bks_date_format(newest, dn);
  if (newest < first_day + (int64_t)from) { // nothing in the window: say so, list nothing
    printf("no runs in the last %zu days (%s to %s); the newest run is on %s\n", ndays - from, d0,
           d1, dn);
    goto done;
  }
  printf("%zu runs (%zu modelled), %zu days from the first run; the last %zu days (%s to %s):\n\n",
         all.n, nm, ndays, ndays - from, d0, d1);
  printf("%-10s  %8s  %10s  %10s  %8s  %8s  %s\n", "day", "dose", "A:C EWMA", "A:C roll",
         "monotony", "strain", "flags");
  for (size_t d = from; d < ndays; d++) {
    char day[16], c[3][16];
    bks_date_format(first_day + (int64_t)d, day);
    double v[4] = {dl[d].acwr_ewma, dl[d].acwr_uncoupled, dl[d].monotony, dl[d].strain};
    for (int k = 0; k < 3; k++) {
      if (isfinite(v[k])) snprintf(c[k], sizeof c[k], "%.2f", v[k]);
      else snprintf(c[k], sizeof c[k], "-");
    }
    // the dose and the strain are modelled: 3 significant digits (--json has them all)
    char day_dose[CLI_SIG_MAX], strain[CLI_SIG_MAX];
    cli_sig(strain, v[3], 3);
    printf("%-10s  %8s  %10s  %10s  %8s  %8s  ", day, cli_sig(day_dose, dl[d].load, 3), c[0], c[1],
           c[2], strain);
    print_flags(dl[d].flags);
    putchar('\n');
  }
  printf("\nThe acute:chronic ratio compares the last week's load with the last month's; the\n"
         "%.1f-%.1f band is where load changes gradually, and %.1f or more marks a spike. It is a\n"
         "guide to sudden change (Gabbett 2016), not a prediction of injury (Impellizzeri et al.\n"
         "2020).\n",
         lo, hi, spike);
done:
  free(dl);
  free(daily);
  free(start);
  free(dose);
  bks_run_summaries_deinit(&all);
  bks_library_close(s);
  return ex;
}
