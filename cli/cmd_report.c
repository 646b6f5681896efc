// backstride report [--out DIR]: the library as one static, self-contained HTML file (inline CSS
// and SVG, no script, no network): overview charts, findings and plan (from the coach), shoes, and
// the newest runs with per-km tables and GPS tracks.
#define _XOPEN_SOURCE 700 // realpath
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "backstride/coach.h"
#include "backstride/coach_store.h"
#include "backstride/load.h"
#include "backstride/report.h"
#include "backstride/steps.h"
#include "lumbar_cli.h"
#include "store_cli.h"

#define REPORT_MAX_RUNS 30 // run sections: the newest ones only, to keep the file small

static int cmd_report(const cli_global *g, int argc, char **argv);

const cli_cmd cli_report_cmd = {
    "report", cmd_report, "write a static HTML report of the library (charts, findings, plan)",
    "usage: backstride report [--out DIR] [--today YYYY-MM-DD] [--json]\n\n"
    "Writes DIR/index.html (DIR defaults to ./backstride-report and is created): one\n"
    "self-contained file with inline SVG charts, no scripts and no network, that prints well.\n"
    "It holds weekly distance and lumbar dose, pain over the weeks (when logged), the coach's\n"
    "findings with their evidence and sources, this week's plan, the shoes, and a section per run\n"
    "(the 30 newest) with per-km pace, cadence, contact time, vertical oscillation, peak vertical\n"
    "force and lumbar compression, and the GPS track drawn without map tiles. Mass and height\n"
    "come from the stored profile ('backstride profile set'), else the model's defaults.\n"
    "--today sets the day the diary is read from (default: today, UTC).\n"
    "Prints the file's path (--json: {\"path\": ...}).\n"
    "Exit: 0 ok; 64 bad arguments; 65 library unreadable; 66 or 74 when the library or DIR cannot\n"
    "be opened or written.\n"};

// sticky error for the page writer: the first failure wins
typedef struct page {
  bks_buf b;
  int err;
} page;

static void W(page *p, int rc) {
  if (rc < 0 && !p->err) p->err = rc;
}

static void esc(page *p, const char *s) { W(p, bks_html_escape(&p->b, s)); }
static void raw(page *p, const char *s) { W(p, bks_html_raw(&p->b, s)); }
static void tag(page *p, const char *t, const char *text) { W(p, bks_html_tag_text(&p->b, t, text)); }

// a table cell with a number, "–" when not finite
static void td_num(page *p, double v, int decimals) {
  if (isfinite(v)) {
    W(p, bks_html_printf(&p->b, "<td class=\"n\">%.*f</td>", decimals, v));
  } else {
    raw(p, "<td class=\"n\">&ndash;</td>");
  }
}

static int64_t day_of(int64_t t) { return t >= 0 ? t / 86400 : -((-t + 86399) / 86400); }
// Monday on or before `day` (1970-01-01 was a Thursday)
static int64_t monday_of(int64_t day) {
  int64_t k = (day + 3) % 7;
  if (k < 0) k += 7;
  return day - k;
}

//---- what the report gathers ----

typedef struct run_row {
  bks_run_info info;
  double distance_m; // from the run, else the steps
  double dose;       // NaN when not modelled
  double vo_cm;      // mean measured vertical oscillation, NaN when none
} run_row;

typedef struct runs_list {
  run_row *r;
  size_t n, cap;
} runs_list;

static int collect(const bks_run_info *r, void *ctx) {
  runs_list *l = ctx;
  if (l->n == l->cap) {
    size_t c = l->cap ? l->cap * 2 : 64;
    run_row *p = realloc(l->r, c * sizeof *p);
    if (!p) return BKS_E_NOMEM;
    l->r = p;
    l->cap = c;
  }
  run_row *x = &l->r[l->n++];
  x->info = *r;
  x->distance_m = r->distance_m;
  x->dose = NAN;
  x->vo_cm = NAN;
  return 0;
}

static const char css[] =
    "<style>\n"
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#222;max-width:"
    "960px;margin:0 auto;padding:16px}\n"
    "h1{margin:0 0 4px}h2{border-bottom:2px solid #3b6ea5;padding-bottom:2px;margin-top:28px}\n"
    ".note{background:#fff6dd;border-left:4px solid #e0a800;padding:6px 10px}\n"
    ".muted{color:#666}table{border-collapse:collapse;margin:8px 0}\n"
    "th,td{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}\n"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#eef2f7}\n"
    "svg{max-width:100%;height:auto;display:block;margin:6px 0}\n"
    "svg .ct{font-weight:600;font-size:13px}svg .tick{font-size:10px;fill:#555}\n"
    "svg .grid{stroke:#e3e3e3}svg .axis{stroke:#444;fill:none}svg .line{stroke-width:2}\n"
    "svg .empty{fill:#888;font-size:13px}svg.track{max-width:360px;border:1px solid #ddd}\n"
    "svg .route{stroke-width:2;stroke-linejoin:round}\n"
    ".flag{color:#a32020;font-weight:600}.ok{color:#2a7a2a}.unknown{color:#777}\n"
    ".finding{margin:10px 0;padding:6px 10px;border:1px solid #ddd}\n"
    ".run{margin-top:24px}\n"
    "@media print{body{max-width:none;padding:0;font-size:11px}"
    "h2{break-after:avoid;page-break-after:avoid}"
    ".run{break-before:page;page-break-before:always}"
    "svg,table,.finding{break-inside:avoid;page-break-inside:avoid}"
    "a{color:inherit;text-decoration:none}}\n"
    "</style>\n";

static const char *status_word(bks_finding_status s) {
  return s == BKS_FINDING_FLAG ? "flag" : s == BKS_FINDING_OK ? "ok" : "unknown";
}

static void plan_items(page *p, const char *title, const bks_plan_item *it, size_t n) {
  if (!n) return;
  tag(p, "h3", title);
  raw(p, "<ul>\n");
  for (size_t i = 0; i < n; i++) {
    const bks_exercise *e = bks_exercise_find(it[i].exercise);
    raw(p, "<li><b>");
    esc(p, e ? e->name : it[i].exercise);
    raw(p, "</b> (");
    esc(p, it[i].exercise);
    raw(p, "): ");
    esc(p, it[i].dose);
    raw(p, " <span class=\"muted\">[answers: ");
    esc(p, it[i].answers);
    raw(p, "; evidence: ");
    esc(p, e ? e->source : "?");
    raw(p, "]</span></li>\n");
  }
  raw(p, "</ul>\n");
}

static void write_coach(page *p, const bks_coach_input *in) {
  bks_finding f[BKS_COACH_MAX_FINDINGS];
  size_t nf = bks_coach_findings(in, f);
  bks_plan *pl = malloc(sizeof *pl);
  if (!pl) {
    W(p, BKS_E_NOMEM);
    return;
  }
  bks_coach_plan(in, f, nf, pl);
  raw(p, "<h2 id=\"findings\">Findings</h2>\n");
  for (size_t i = 0; i < nf; i++) {
    const char *st = status_word(f[i].status);
    W(p, bks_html_printf(&p->b, "<div class=\"finding\"><b class=\"%s\">[%s]</b> <b>", st, st));
    esc(p, f[i].title);
    raw(p, "</b> <span class=\"muted\">(");
    esc(p, f[i].id);
    raw(p, ", confidence ");
    esc(p, f[i].confidence);
    raw(p, ")</span><br>Evidence: ");
    esc(p, f[i].evidence);
    raw(p, "<br>Threshold: ");
    esc(p, f[i].threshold);
    raw(p, "<br>Source: ");
    esc(p, f[i].source);
    raw(p, "</div>\n");
  }
  raw(p, "<h2 id=\"plan\">Plan for the coming week</h2>\n");
  if (pl->referral != BKS_REFER_NONE) {
    W(p, bks_html_printf(&p->b, "<p class=\"note\"><b>Referral (%s):</b> ",
                         bks_referral_name(pl->referral)));
    esc(p, pl->referral_reason);
    raw(p, "</p>\n");
  }
  raw(p, "<p><b>Running:</b> ");
  raw(p, pl->running_allowed ? "yes" : "no");
  if (pl->running_allowed && isfinite(pl->max_minutes)) {
    W(p, bks_html_printf(&p->b, ", at most %.0f minutes", pl->max_minutes));
  }
  raw(p, "<br><span class=\"muted\">Why: ");
  esc(p, pl->why);
  raw(p, "</span></p>\n");
  if (!in->profile.set) {
    raw(p, "<p class=\"muted\">No profile is stored, so only exercises that no condition rules "
           "out are planned.</p>\n");
  }
  plan_items(p, "Before the run", pl->before, pl->nbefore);
  if (pl->nduring) {
    raw(p, "<h3>During the run</h3>\n<ul>\n");
    for (size_t i = 0; i < pl->nduring; i++) {
      raw(p, "<li>");
      esc(p, pl->during[i].cue);
      raw(p, " <span class=\"muted\">[answers: ");
      esc(p, pl->during[i].answers);
      raw(p, "]</span></li>\n");
    }
    raw(p, "</ul>\n");
  }
  plan_items(p, "After the run", pl->after, pl->nafter);
  plan_items(p, "Rest days", pl->rest_day, pl->nrest_day);
  free(pl);
}

static void write_shoes(page *p, const bks_shoe *sh, size_t n) {
  raw(p, "<h2 id=\"shoes\">Shoes</h2>\n");
  if (!n) {
    raw(p, "<p class=\"muted\">No shoes logged ('backstride shoes add NAME').</p>\n");
    return;
  }
  raw(p, "<table><tr><th>name</th><th>since</th><th>retired</th><th>runs</th><th>km</th></tr>\n");
  for (size_t i = 0; i < n; i++) {
    char d1[16], d2[16] = "in use";
    bks_day_format(sh[i].start_day, d1);
    if (sh[i].retired_day >= 0) bks_day_format(sh[i].retired_day, d2);
    raw(p, "<tr>");
    tag(p, "td", sh[i].name);
    tag(p, "td", d1);
    tag(p, "td", d2);
    td_num(p, sh[i].runs, 0);
    td_num(p, sh[i].distance_m / 1000, 1);
    raw(p, "</tr>\n");
  }
  raw(p, "</table>\n");
}

// pace "m:ss" per km from a speed [m/s]
static void td_pace(page *p, double speed) {
  if (!(speed > 0.3) || !isfinite(speed)) {
    raw(p, "<td class=\"n\">&ndash;</td>");
    return;
  }
  long s = lround(1000 / speed);
  W(p, bks_html_printf(&p->b, "<td class=\"n\">%ld:%02ld</td>", s / 60, s % 60));
}

static void write_run(page *p, const run_row *row, const bks_activity *a, const bks_run_load *rl,
                      int modelled, const char *why) {
  const bks_run_info *r = &row->info;
  char when[32], dur[32];
  cli_iso_utc(r->start_utc, when);
  cli_hms(isfinite(r->timer_s) && r->timer_s > 0 ? r->timer_s : r->duration_s, dur);
  W(p, bks_html_printf(&p->b, "<section class=\"run\" id=\"run-%lld\"><h2>Run %lld: ",
                       (long long)r->id, (long long)r->id));
  esc(p, when);
  raw(p, "</h2>\n<p>");
  if (r->name[0]) {
    raw(p, "<b>");
    esc(p, r->name);
    raw(p, "</b><br>");
  }
  W(p, bks_html_printf(&p->b, "%.2f km in ", isfinite(row->distance_m) ? row->distance_m / 1000 : 0));
  esc(p, dur);
  raw(p, " &middot; ");
  esc(p, r->sport_name);
  if (r->device[0]) {
    raw(p, " &middot; ");
    esc(p, r->device);
  }
  raw(p, "<br><span class=\"muted\">source: ");
  esc(p, r->source_path);
  raw(p, "</span></p>\n");
  if (modelled) {
    const bks_load_means *s = &rl->summary;
    W(p, bks_html_printf(&p->b,
                         "<p>Means per step: cadence %.1f steps/min, contact %.0f ms, vertical "
                         "oscillation %.1f cm, peak vertical force %.2f BW, lumbar compression "
                         "%.2f BW (band %.2f&ndash;%.2f), Lumbar Load Index %.2f, dose %.0f.</p>\n",
                         s->cadence_spm, s->contact_ms, s->vo_cm, s->peak_vgrf_bw,
                         s->lumbar_peak_bw, s->lumbar_peak_lo_bw, s->lumbar_peak_hi_bw, s->lli,
                         s->dose));
    if (rl->nkm) {
      raw(p, "<table><tr><th>km</th><th>pace /km</th><th>cadence steps/min</th>"
             "<th>contact ms</th><th>vert. osc. cm</th><th>peak vGRF BW</th>"
             "<th>lumbar compression BW</th></tr>\n");
      for (size_t k = 0; k < rl->nkm; k++) {
        const bks_load_means *km = &rl->per_km[k];
        double speed = km->speed;
        if (!(speed > 0) && km->duration_s > 0) speed = km->distance_m / km->duration_s;
        W(p, bks_html_printf(&p->b, "<tr><td class=\"n\">%zu%s</td>", k + 1,
                             k + 1 == rl->nkm ? " (partial)" : ""));
        td_pace(p, speed);
        td_num(p, km->cadence_spm, 1);
        td_num(p, km->contact_ms, 0);
        td_num(p, km->vo_cm, 1);
        td_num(p, km->peak_vgrf_bw, 2);
        td_num(p, km->lumbar_peak_bw, 2);
        raw(p, "</tr>\n");
      }
      raw(p, "</table>\n");
    }
  } else {
    raw(p, "<p class=\"muted\">Not modelled: ");
    esc(p, why);
    raw(p, "</p>\n");
  }
  if (a->ch[BKS_CH_LAT] && a->ch[BKS_CH_LON]) {
    W(p, bks_svg_track(&p->b, a->ch[BKS_CH_LAT], a->ch[BKS_CH_LON], a->n, 360, 360));
  }
  raw(p, "</section>\n");
}

static int make_dirs(const char *dir) {
  char path[PATH_MAX];
  size_t n = strlen(dir);
  if (n == 0 || n >= sizeof path) return -1;
  memcpy(path, dir, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (path[i] == '/' || path[i] == '\0') {
      char c = path[i];
      path[i] = '\0';
      if (mkdir(path, 0755) != 0 && errno != EEXIST) return -1;
      path[i] = c;
    }
  }
  struct stat st;
  return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

static int cmd_report(const cli_global *g, int argc, char **argv) {
  if (g->help) return cli_help(&cli_report_cmd);
  const char *out = "backstride-report";
  int64_t today = (int64_t)time(NULL) / 86400;
  for (int i = 1; i < argc; i++) {
    const char *v;
    int r;
    if ((r = lcli_option("report", "--out", argc, argv, &i, &v)) != 0) {
      if (r < 0) return EXIT_USAGE;
      if (!v[0]) return cli_usage_error("report", "--out needs a directory");
      out = v;
    } else if ((r = lcli_option("report", "--today", argc, argv, &i, &v)) != 0) {
      if (r < 0) return EXIT_USAGE;
      if (bks_day_parse(v, &today) < 0) {
        return cli_usage_error("report", "--today: '%s' is not a date (YYYY-MM-DD)", v);
      }
    } else {
      return cli_usage_error("report", "unknown argument '%s'", argv[i]);
    }
  }

  bks_store *s = NULL;
  int ex = cli_store_open(g, BKS_STORE_NOCREATE, &s);
  if (ex) return ex;

  // everything the report needs from the library
  bks_coach_input in;
  memset(&in, 0, sizeof in);
  in.today = today;
  bks_coach_diary diary = {0};
  bks_run_brief *briefs = NULL;
  runs_list runs = {0};
  page p = {.err = 0};
  bks_buf_init(&p.b);
  bks_buf body; // run sections, newest first, written while the runs are read
  bks_buf_init(&body);
  if (s) {
    if (bks_store_coach_diary(s, &in, &diary) < 0 || bks_store_runs(s, collect, &runs) < 0) {
      fprintf(stderr, "backstride report: cannot read the library: %s\n", bks_store_errmsg(s));
      ex = EXIT_DATAERR;
      goto done;
    }
  }

  // the runner: the stored profile, else the model's defaults
  lcli_runner runner;
  lcli_runner_init(&runner);
  if (in.profile.set && in.profile.mass_kg > 0) runner.mass = in.profile.mass_kg;
  if (in.profile.set && in.profile.height_m > 0) runner.height = in.profile.height_m;
  bks_model m;
  char defaults[32];
  if ((ex = lcli_model_init("report", &runner, &m, defaults, sizeof defaults)) != 0) goto done;

  // every run through steps → model → dose (the weekly chart needs them all); the newest
  // REPORT_MAX_RUNS also get a section
  page runsp = {.b = body, .err = 0};
  size_t nmodelled = 0;
  for (size_t k = runs.n; k-- > 0;) {
    run_row *row = &runs.r[k];
    bks_activity a;
    bks_activity_init(&a);
    bks_steps st;
    bks_steps_init(&st);
    bks_run_load rl;
    bks_run_load_init(&rl);
    int rc = bks_store_load(s, row->info.id, 0, &a);
    const char *why = "";
    int modelled = 0;
    if (rc == BKS_OK) {
      rc = bks_steps_build(&st, &a, m.params);
      if (rc == BKS_OK) rc = bks_run_load_compute(&m, &st, &rl);
      if (rc == BKS_OK) {
        modelled = 1;
        nmodelled++;
        row->dose = rl.summary.dose;
        if (!isfinite(row->distance_m)) row->distance_m = rl.summary.distance_m;
      } else {
        why = st.first_problem[0] ? st.first_problem : "no running step to model";
      }
      row->vo_cm = 100 * bks_activity_positive_mean(&a, BKS_CH_VERT_OSC);
    } else {
      why = "the stored run could not be read";
    }
    if (rc == BKS_E_NOMEM) W(&runsp, rc);
    if (runs.n - k <= REPORT_MAX_RUNS) write_run(&runsp, row, &a, &rl, modelled, why);
    bks_run_load_deinit(&rl);
    bks_steps_deinit(&st);
    bks_activity_deinit(&a);
  }
  body = runsp.b;
  W(&p, runsp.err);

  // the coach's input, as cmd_coach gathers it: vertical oscillation over the last 28 days only
  if (runs.n) {
    briefs = calloc(runs.n, sizeof *briefs);
    if (!briefs) {
      ex = EXIT_SOFTWARE;
      goto done;
    }
  }
  for (size_t k = 0; k < runs.n; k++) {
    const bks_run_info *r = &runs.r[k].info;
    briefs[k].start_utc = r->start_utc;
    briefs[k].duration_s = isfinite(r->timer_s) && r->timer_s > 0 ? r->timer_s : r->duration_s;
    briefs[k].distance_m = r->distance_m;
    briefs[k].vo_cm = r->start_utc >= (today - 27) * 86400 ? runs.r[k].vo_cm : NAN;
  }
  in.runs = briefs;
  in.nruns = runs.n;

  //---- the page ----
  char today_s[16];
  bks_day_format(today, today_s);
  raw(&p, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; img-src data:\">\n"
          "<title>backstride report</title>\n");
  raw(&p, css);
  raw(&p, "</head><body>\n<h1>backstride report</h1>\n<p class=\"muted\">");
  W(&p, bks_html_printf(&p.b, "%zu runs in the library &middot; diary read as of ", runs.n));
  esc(&p, today_s);
  raw(&p, " &middot; library: ");
  esc(&p, s ? bks_store_path(s) : "(none yet)");
  raw(&p, "</p>\n<p class=\"note\">backstride estimates and explains; it is <b>not a medical "
          "device</b> and gives no diagnosis. Loads come from a simple model with an uncertainty "
          "band; see docs/science.md. Pain that is severe, spreading, or comes with numbness, "
          "weakness or bladder or bowel changes needs a clinician.</p>\n");
  raw(&p, "<p>Runner: ");
  W(&p, bks_html_printf(&p.b, "%.1f kg, %.2f m", m.mass_kg, m.height_m));
  if (defaults[0]) {
    raw(&p, " <span class=\"muted\">(the model's default ");
    esc(&p, defaults);
    raw(&p, ": no stored profile gives it; 'backstride profile set --mass KG --height M')</span>");
  } else {
    raw(&p, " <span class=\"muted\">(from the stored profile)</span>");
  }
  raw(&p, "</p>\n<p><a href=\"#overview\">Overview</a> &middot; <a href=\"#findings\">Findings</a>"
          " &middot; <a href=\"#plan\">Plan</a> &middot; <a href=\"#shoes\">Shoes</a> &middot; "
          "<a href=\"#runs\">Runs</a></p>\n");

  // overview: weeks from the first to the last week with a run or a pain entry
  raw(&p, "<h2 id=\"overview\">Overview</h2>\n");
  int64_t w0 = INT64_MAX, w1 = INT64_MIN;
  for (size_t k = 0; k < runs.n; k++) {
    int64_t w = monday_of(day_of(runs.r[k].info.start_utc));
    if (w < w0) w0 = w;
    if (w > w1) w1 = w;
  }
  for (size_t k = 0; k < in.npain; k++) {
    int64_t w = monday_of(in.pain[k].day);
    if (w < w0) w0 = w;
    if (w > w1) w1 = w;
  }
  size_t nw = w0 <= w1 ? (size_t)((w1 - w0) / 7 + 1) : 0;
  if (nw > 20000) nw = 20000; // absurd dates: keep the chart finite
  double *km = nw ? calloc(nw, sizeof *km) : NULL, *dose = nw ? calloc(nw, sizeof *dose) : NULL;
  double *pw = nw ? malloc(nw * sizeof *pw) : NULL;
  char (*labels)[8] = nw ? calloc(nw, sizeof *labels) : NULL;
  const char **lp = nw ? calloc(nw, sizeof *lp) : NULL;
  if (nw && (!km || !dose || !pw || !labels || !lp)) {
    W(&p, BKS_E_NOMEM);
  } else if (nw) {
    for (size_t i = 0; i < nw; i++) {
      char d[16];
      bks_day_format(w0 + 7 * (int64_t)i, d);
      snprintf(labels[i], sizeof labels[i], "%.5s", d + 5); // "MM-DD"
      lp[i] = labels[i];
      pw[i] = NAN;
    }
    for (size_t k = 0; k < runs.n; k++) {
      int64_t w = (monday_of(day_of(runs.r[k].info.start_utc)) - w0) / 7;
      if (w < 0 || (size_t)w >= nw) continue;
      if (isfinite(runs.r[k].distance_m)) km[w] += runs.r[k].distance_m / 1000;
      if (isfinite(runs.r[k].dose)) dose[w] += runs.r[k].dose;
    }
    for (size_t k = 0; k < in.npain; k++) {
      int64_t w = (monday_of(in.pain[k].day) - w0) / 7;
      if (w < 0 || (size_t)w >= nw) continue;
      if (isnan(pw[w]) || in.pain[k].level > pw[w]) pw[w] = in.pain[k].level;
    }
    bks_chart c1 = {.title = "Weekly distance", .y_label = "km", .x_labels = lp, .y = km, .n = nw};
    W(&p, bks_svg_bar_chart(&p.b, &c1));
    bks_chart c2 = {.title = "Weekly lumbar dose", .y_label = "relative, sum over steps",
                    .x_labels = lp, .y = dose, .n = nw, .color = "#b5452b"};
    W(&p, bks_svg_line_chart(&p.b, &c2));
    if (in.npain) {
      bks_chart c3 = {.title = "Worst pain logged each week", .y_label = "0-10",
                      .x_labels = lp, .y = pw, .n = nw, .color = "#7a3fa0", .dots_only = 1,
                      .y_max = 10};
      W(&p, bks_svg_line_chart(&p.b, &c3));
    } else {
      raw(&p, "<p class=\"muted\">No pain logged ('backstride log pain LEVEL').</p>\n");
    }
    raw(&p, "<p class=\"muted\">Weeks run Monday to Sunday (UTC) and are labelled by their "
            "Monday. The dose is a relative Palmgren&ndash;Miner style index, never a failure "
            "prediction.");
    if (nmodelled < runs.n) {
      W(&p, bks_html_printf(&p.b, " %zu of %zu runs could not be modelled and add no dose.",
                            runs.n - nmodelled, runs.n));
    }
    raw(&p, "</p>\n");
  } else {
    raw(&p, "<p class=\"muted\">No runs yet ('backstride import PATH').</p>\n");
  }
  free(km);
  free(dose);
  free(pw);
  free(labels);
  free(lp);

  write_coach(&p, &in);
  write_shoes(&p, in.shoes, in.nshoes);

  raw(&p, "<h2 id=\"runs\">Runs</h2>\n");
  if (runs.n > REPORT_MAX_RUNS) {
    W(&p, bks_html_printf(&p.b,
                          "<p class=\"muted\">The %d newest of %zu runs, newest first (older "
                          "runs count in the overview; 'backstride analyze RUN_ID' shows any "
                          "run).</p>\n",
                          REPORT_MAX_RUNS, runs.n));
  } else if (runs.n) {
    raw(&p, "<p class=\"muted\">Newest first.</p>\n");
  } else {
    raw(&p, "<p class=\"muted\">No runs yet.</p>\n");
  }
  W(&p, bks_buf_append(&p.b, body.data, body.len));
  raw(&p, "<p class=\"muted\">Made by backstride from the runner's own recordings, on this "
          "machine.</p>\n</body></html>\n");
  if (p.err) {
    fprintf(stderr, "backstride report: out of memory\n");
    ex = EXIT_SOFTWARE;
    goto done;
  }

  //---- write DIR/index.html (through a temporary file, renamed into place) ----
  if (make_dirs(out) != 0) {
    fprintf(stderr, "backstride report: cannot create %s: %s\n", out, strerror(errno));
    ex = EXIT_IOERR;
    goto done;
  }
  size_t len = strlen(out);
  char *path = malloc(len + 32), *tmp = malloc(len + 32);
  if (!path || !tmp) {
    free(path);
    free(tmp);
    ex = EXIT_SOFTWARE;
    goto done;
  }
  snprintf(path, len + 32, "%s/index.html", out);
  snprintf(tmp, len + 32, "%s/.index.html.tmp", out);
  FILE *f = fopen(tmp, "wb");
  if (!f) {
    fprintf(stderr, "backstride report: cannot write %s: %s\n", tmp, strerror(errno));
    ex = EXIT_IOERR;
  } else {
    int bad = fwrite(p.b.data, 1, p.b.len, f) != p.b.len;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
      fprintf(stderr, "backstride report: cannot write %s: %s\n", path, strerror(errno));
      remove(tmp);
      ex = EXIT_IOERR;
    }
  }
  if (!ex) {
    char real[PATH_MAX];
    const char *shown = realpath(path, real) ? real : path;
    if (g->json) {
      fputs("{\"path\":", stdout);
      cli_json_str(stdout, shown, strlen(shown));
      fputs("}\n", stdout);
    } else {
      printf("%s\n", shown);
    }
    if (fflush(stdout) != 0) ex = EXIT_IOERR;
    if (!g->quiet && defaults[0]) {
      fprintf(stderr, "backstride report: note: default %s used (no stored profile)\n", defaults);
    }
  }
  free(path);
  free(tmp);

done:
  bks_buf_deinit(&body);
  bks_buf_deinit(&p.b);
  free(runs.r);
  free(briefs);
  bks_coach_diary_free(&diary);
  bks_store_close(s);
  return ex;
}
