// backstride — rendering the pages (include/backstride/pages.h) from gathered data. Every piece
// writes through a sticky-error writer: the first failure is returned, what follows is skipped.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backstride/alloc.h"
#include "backstride/activity.h"
#include "backstride/date.h"
#include "backstride/load.h"
#include "backstride/report.h"
#include "backstride/steps.h"
#include "backstride/summaries.h"
#include "pages_internal.h"

typedef struct pw {
  bks_buf *b;
  int err;
} pw;

static void W(pw *p, int rc) {
  if (rc < 0 && !p->err) p->err = rc;
}
static void esc(pw *p, const char *s) {
  if (!p->err) W(p, bks_html_escape(p->b, s));
}
static void raw(pw *p, const char *s) {
  if (!p->err) W(p, bks_html_raw(p->b, s));
}
static void tag(pw *p, const char *t, const char *text) {
  if (!p->err) W(p, bks_html_tag_text(p->b, t, text));
}
#define PF(p, ...)                                                                                 \
  do {                                                                                             \
    if (!(p)->err) W((p), bks_html_printf((p)->b, __VA_ARGS__));                                   \
  } while (0)

// a table cell with a number, "–" when not finite
static void td_num(pw *p, double v, int decimals) {
  if (isfinite(v)) {
    PF(p, "<td class=\"n\">%.*f</td>", decimals, v);
  } else {
    raw(p, "<td class=\"n\">&ndash;</td>");
  }
}

// pace "m:ss" per km from a speed [m/s]
static void td_pace(pw *p, double speed) {
  if (!(speed > 0.3) || !isfinite(speed)) {
    raw(p, "<td class=\"n\">&ndash;</td>");
    return;
  }
  long s = lround(1000 / speed);
  PF(p, "<td class=\"n\">%ld:%02ld</td>", s / 60, s % 60);
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
    ".run{margin-top:24px}.better{color:#2a7a2a}.worse{color:#a32020}\n"
    "nav a{margin-right:10px}form{margin:8px 0;padding:8px 10px;border:1px solid #ddd}\n"
    "form label{margin-right:10px;display:inline-block}.msg{background:#e6f4e6;padding:6px 10px}"
    ".err{background:#fbe3e3;padding:6px 10px}\n"
    "@media print{body{max-width:none;padding:0;font-size:11px}"
    "h2{break-after:avoid;page-break-after:avoid}"
    ".run{break-before:page;page-break-before:always}"
    "svg,table,.finding{break-inside:avoid;page-break-inside:avoid}"
    "nav,form{display:none}a{color:inherit;text-decoration:none}}\n"
    "</style>\n";

int bks_page_head(bks_buf *b, const char *title) {
  pw p = {b, 0};
  raw(&p, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; img-src data:; form-action 'self'\">\n<title>");
  esc(&p, title);
  raw(&p, "</title>\n");
  raw(&p, css);
  raw(&p, "</head><body>\n");
  return p.err;
}

int bks_page_foot(bks_buf *b) {
  return bks_html_raw(b, "<p class=\"muted\">Made by backstride from the runner's own "
                         "recordings, on this machine.</p>\n</body></html>\n");
}

int bks_page_intro(bks_buf *b, const bks_pages *pg) {
  pw p = {b, 0};
  char today_s[16];
  bks_day_format(pg->today, today_s);
  PF(&p, "<p class=\"muted\">%zu runs in the library &middot; diary read as of ", pg->nruns);
  esc(&p, today_s);
  raw(&p, " &middot; library: ");
  esc(&p, pg->library[0] ? pg->library : "(none yet)");
  raw(&p, "</p>\n<p class=\"note\">backstride estimates and explains; it is <b>not a medical "
          "device</b> and gives no diagnosis. Loads come from a simple model with an uncertainty "
          "band; see docs/science.md. Pain that is severe, spreading, or comes with numbness, "
          "weakness or bladder or bowel changes needs a clinician.</p>\n");
  PF(&p, "<p>Runner: %.1f kg, %.2f m", pg->model.mass_kg, pg->model.height_m);
  if (pg->defaults[0]) {
    raw(&p, " <span class=\"muted\">(the model's default ");
    esc(&p, pg->defaults);
    raw(&p, ": no stored profile gives it; 'backstride profile set --mass KG --height M')</span>");
  } else {
    raw(&p, " <span class=\"muted\">(from the stored profile)</span>");
  }
  raw(&p, "</p>\n");
  return p.err;
}

int bks_page_overview(bks_buf *b, const bks_pages *pg) {
  pw p = {b, 0};
  raw(&p, "<h2 id=\"overview\">Overview</h2>\n");
  size_t nw = pg->nweeks;
  if (!nw) {
    raw(&p, "<p class=\"muted\">No runs yet ('backstride import PATH').</p>\n");
    return p.err;
  }
  bks_chart c1 = {.title = "Weekly distance",
                  .y_label = "km",
                  .x_labels = pg->week_lp,
                  .y = pg->week_km,
                  .n = nw};
  W(&p, bks_svg_bar_chart(b, &c1));
  // pain drawn over the load it may follow, on its own 0-10 axis
  bks_chart c2 = {.title = "Weekly lumbar dose",
                  .y_label = "relative, sum over steps",
                  .x_labels = pg->week_lp,
                  .y = pg->week_dose,
                  .n = nw,
                  .color = "#b5452b",
                  .over = pg->in.npain ? pg->week_pain : NULL,
                  .over_max = 10,
                  .over_label = "Worst pain logged each week (0-10)"};
  if (!p.err) W(&p, bks_svg_line_chart(b, &c2));
  // the acute:chronic ratio, with the 0.8-1.3 band that Gabbett 2016 called the "sweet spot"
  bks_chart c3 = {.title = "Acute:chronic ratio of daily lumbar dose (EWMA 7/28 days)",
                  .y_label = "ratio, end of each week",
                  .x_labels = pg->week_lp,
                  .y = pg->week_acwr,
                  .n = nw,
                  .color = "#2f7f6f",
                  .band_lo = 0.8,
                  .band_hi = 1.3,
                  .band_label = "0.8-1.3: the range Gabbett 2016 called the "
                                "sweet spot (a guide, not a risk score)"};
  if (!p.err) W(&p, bks_svg_line_chart(b, &c3));
  raw(&p, "<p class=\"muted\">Acute:chronic ratio: a <b>guide</b> only. The shaded band is "
          "0.8&ndash;1.3, the range Gabbett 2016 (<i>BJSM</i> 50:273) called the &ldquo;sweet "
          "spot&rdquo;; a ratio of 1.5 or more marks a spike. Impellizzeri et al. 2020 "
          "(<i>Sports Med</i>) showed the ratio is a rescaled acute load with no useful "
          "predictive value, so it is context, never a risk score (docs/science.md, &ldquo;Dose "
          "over time&rdquo;). Drawn once 28 days of history fill the chronic window.</p>\n");
  if (!pg->in.npain) {
    raw(&p, "<p class=\"muted\">No pain logged ('backstride log pain LEVEL').</p>\n");
  }
  raw(&p, "<p class=\"muted\">Weeks run Monday to Sunday (UTC) and are labelled by their "
          "Monday. The dose is a relative Palmgren&ndash;Miner style index, never a failure "
          "prediction.");
  if (pg->nmodelled < pg->nruns) {
    PF(&p, " %zu of %zu runs could not be modelled and add no dose.", pg->nruns - pg->nmodelled,
       pg->nruns);
  }
  raw(&p, "</p>\n");
  return p.err;
}

static const char *status_word(bks_finding_status s) {
  return s == BKS_FINDING_FLAG ? "flag" : s == BKS_FINDING_OK ? "ok" : "unknown";
}

int bks_page_findings(bks_buf *b, const bks_pages *pg) {
  pw p = {b, 0};
  bks_finding f[BKS_COACH_MAX_FINDINGS];
  size_t nf = bks_coach_findings(&pg->in, f);
  raw(&p, "<h2 id=\"findings\">Findings</h2>\n");
  for (size_t i = 0; i < nf; i++) {
    const char *st = status_word(f[i].status);
    PF(&p, "<div class=\"finding\"><b class=\"%s\">[%s]</b> <b>", st, st);
    esc(&p, f[i].title);
    raw(&p, "</b> <span class=\"muted\">(");
    esc(&p, f[i].id);
    raw(&p, ", confidence ");
    esc(&p, f[i].confidence);
    raw(&p, ")</span><br>Evidence: ");
    esc(&p, f[i].evidence);
    raw(&p, "<br>Threshold: ");
    esc(&p, f[i].threshold);
    raw(&p, "<br>Source: ");
    esc(&p, f[i].source);
    raw(&p, "</div>\n");
  }
  return p.err;
}

static void plan_items(pw *p, const char *title, const bks_plan_item *it, size_t n) {
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

int bks_page_plan(bks_buf *b, const bks_pages *pg) {
  pw p = {b, 0};
  bks_finding f[BKS_COACH_MAX_FINDINGS];
  size_t nf = bks_coach_findings(&pg->in, f);
  bks_plan *pl = bks_malloc(sizeof *pl); // large: kept off the stack of server threads
  if (!pl) return BKS_E_NOMEM;
  bks_coach_plan(&pg->in, f, nf, pl);
  raw(&p, "<h2 id=\"plan\">Plan for the coming week</h2>\n");
  if (pl->referral != BKS_REFER_NONE) {
    PF(&p, "<p class=\"note\"><b>Referral (%s):</b> ", bks_referral_name(pl->referral));
    esc(&p, pl->referral_reason);
    raw(&p, "</p>\n");
  }
  raw(&p, "<p><b>Running:</b> ");
  raw(&p, pl->running_allowed ? "yes" : "no");
  if (pl->running_allowed && isfinite(pl->max_minutes)) {
    PF(&p, ", at most %.0f minutes", pl->max_minutes);
  }
  raw(&p, "<br><span class=\"muted\">Why: ");
  esc(&p, pl->why);
  raw(&p, "</span></p>\n");
  if (!pg->in.profile.set) {
    raw(&p, "<p class=\"muted\">No profile is stored, so only exercises that no condition rules "
            "out are planned.</p>\n");
  }
  plan_items(&p, "Before the run", pl->before, pl->nbefore);
  if (pl->nduring) {
    raw(&p, "<h3>During the run</h3>\n<ul>\n");
    for (size_t i = 0; i < pl->nduring; i++) {
      raw(&p, "<li>");
      esc(&p, pl->during[i].cue);
      raw(&p, " <span class=\"muted\">[answers: ");
      esc(&p, pl->during[i].answers);
      raw(&p, "]</span></li>\n");
    }
    raw(&p, "</ul>\n");
  }
  plan_items(&p, "After the run", pl->after, pl->nafter);
  plan_items(&p, "Rest days", pl->rest_day, pl->nrest_day);
  free(pl);
  return p.err;
}

int bks_page_shoes(bks_buf *b, const bks_pages *pg) {
  pw p = {b, 0};
  raw(&p, "<h2 id=\"shoes\">Shoes</h2>\n");
  if (!pg->in.nshoes) {
    raw(&p, "<p class=\"muted\">No shoes logged ('backstride shoes add NAME').</p>\n");
    return p.err;
  }
  raw(&p, "<table><tr><th>name</th><th>since</th><th>retired</th><th>runs</th><th>km</th></tr>\n");
  for (size_t i = 0; i < pg->in.nshoes; i++) {
    const bks_shoe *sh = &pg->in.shoes[i];
    char d1[16], d2[16] = "in use";
    bks_day_format(sh->start_day, d1);
    if (sh->retired_day >= 0) bks_day_format(sh->retired_day, d2);
    raw(&p, "<tr>");
    tag(&p, "td", sh->name);
    tag(&p, "td", d1);
    tag(&p, "td", d2);
    td_num(&p, sh->runs, 0);
    td_num(&p, sh->distance_m / 1000, 1);
    raw(&p, "</tr>\n");
  }
  raw(&p, "</table>\n");
  return p.err;
}

static void run_link(pw *p, int64_t id, bks_page_links links) {
  if (links == BKS_LINKS_PATHS) {
    PF(p, "<a href=\"/run/%lld\">Run %lld</a>", (long long)id, (long long)id);
  } else {
    PF(p, "<a href=\"#run-%lld\">Run %lld</a>", (long long)id, (long long)id);
  }
}

// before, after and the change in per cent; lower is better for every what-if metric
static void td_change(pw *p, const double v[2], int decimals) {
  td_num(p, v[0], decimals);
  td_num(p, v[1], decimals);
  if (isfinite(v[0]) && isfinite(v[1]) && v[0] != 0) {
    double c = 100 * (v[1] / v[0] - 1);
    if (fabs(c) < 0.05) c = 0; // no "-0.0 %"
    PF(p, "<td class=\"n %s\">%+.1f%%</td>", c < -0.05 ? "better" : c > 0.05 ? "worse" : "", c);
  } else {
    raw(p, "<td class=\"n\">&ndash;</td>");
  }
}

int bks_page_whatif(bks_buf *b, const bks_pages *pg, bks_page_links links) {
  pw p = {b, 0};
  raw(&p, "<h2 id=\"whatif\">What if</h2>\n");
  if (!pg->nwhatif) {
    raw(&p, "<p class=\"muted\">No modelled run yet: what-if results need a run with steps.</p>\n");
    return p.err;
  }
  PF(&p,
     "<p>The newest runs re-modelled with one change each, as <code>backstride whatif "
     "RUN_ID</code> does. <b>+5 %% / +10 %% cadence</b>: quicker, shorter steps at the same "
     "speed, the runner keeping their duty factor, so contact shortens and there is less "
     "bounce (Heiderscheit et al. 2011 measured less centre-of-mass excursion). Under that "
     "assumption the peak force of each step stays the same and the extra steps add dose per "
     "kilometre: the model sees the cadence cue as less bounce, not as a lighter step. "
     "<b>More upright</b>: trunk lean %.1f&deg; instead of %.1f&deg;. Lower is lighter on "
     "the lower back.</p>\n",
     pg->upright_deg, pg->model.lean_deg);
  raw(&p, "<table><tr><th>run</th><th>what if</th><th colspan=\"3\">lumbar compression BW</th>"
          "<th colspan=\"3\">vert. osc. cm</th><th colspan=\"3\">dose per km</th></tr>\n"
          "<tr><th></th><th></th><th>now</th><th>then</th><th>change</th><th>now</th>"
          "<th>then</th><th>change</th><th>now</th><th>then</th><th>change</th></tr>\n");
  static const char *const names[BKS__WHATIF_N] = {"+5 % cadence", "+10 % cadence",
                                                   "more upright (3\xc2\xb0 less lean)"};
  for (size_t i = 0; i < pg->nwhatif; i++) {
    const bks__whatif_row *w = &pg->whatif[i];
    const bks_run_info *r = &pg->runs[w->run].info;
    char when[32];
    bks_time_iso_utc(r->start_utc, when);
    raw(&p, "<tr><td>");
    run_link(&p, r->id, links);
    raw(&p, " <span class=\"muted\">");
    esc(&p, when);
    raw(&p, "</span></td>");
    tag(&p, "td", names[w->scenario]);
    td_change(&p, w->lumbar_bw, 2);
    td_change(&p, w->vo_cm, 1);
    td_change(&p, w->dose_km, 0);
    raw(&p, "</tr>\n");
  }
  raw(&p, "</table>\n<p class=\"muted\">A model's answer to &ldquo;what if&rdquo;, not a promise "
          "(docs/science.md).</p>\n");
  return p.err;
}

int bks_page_runs_list(bks_buf *b, const bks_pages *pg, bks_page_links links) {
  pw p = {b, 0};
  raw(&p, "<h2 id=\"runs\">Runs</h2>\n");
  if (!pg->nruns) {
    raw(&p, "<p class=\"muted\">No runs yet.</p>\n");
    return p.err;
  }
  raw(&p, "<table><tr><th>run</th><th>start (UTC)</th><th>name</th><th>km</th><th>time</th>"
          "<th>dose</th></tr>\n");
  for (size_t k = pg->nruns; k-- > 0;) {
    const bks__pages_run *row = &pg->runs[k];
    const bks_run_info *r = &row->info;
    char when[32], dur[32];
    bks_time_iso_utc(r->start_utc, when);
    bks_time_hms(isfinite(r->timer_s) && r->timer_s > 0 ? r->timer_s : r->duration_s, dur);
    raw(&p, "<tr><td>");
    run_link(&p, r->id, links);
    raw(&p, "</td>");
    tag(&p, "td", when);
    tag(&p, "td", r->name);
    td_num(&p, row->distance_m > 0 ? row->distance_m / 1000 : NAN, 2); // none from a raw IMU
    tag(&p, "td", dur);
    td_num(&p, row->dose, 0);
    raw(&p, "</tr>\n");
  }
  raw(&p, "</table>\n");
  return p.err;
}

int bks_pages_run_index(const bks_pages *pg, int64_t id, size_t *index) {
  // runs are in start order, not id order: a linear walk (thousands at most)
  for (size_t k = 0; k < pg->nruns; k++) {
    if (pg->runs[k].info.id == id) {
      *index = k;
      return BKS_OK;
    }
  }
  return BKS_END;
}

static const bks__pages_run *find_run(const bks_pages *pg, int64_t id) {
  size_t k;
  return bks_pages_run_index(pg, id, &k) == BKS_OK ? &pg->runs[k] : NULL;
}

static void run_section(pw *p, const bks__pages_run *row, const bks_activity *a,
                        const bks_run_load *rl, int modelled, const char *why) {
  const bks_run_info *r = &row->info;
  char when[32], dur[32];
  bks_time_iso_utc(r->start_utc, when);
  bks_time_hms(isfinite(r->timer_s) && r->timer_s > 0 ? r->timer_s : r->duration_s, dur);
  PF(p, "<section class=\"run\" id=\"run-%lld\"><h2>Run %lld: ", (long long)r->id,
     (long long)r->id);
  esc(p, when);
  raw(p, "</h2>\n<p>");
  if (r->name[0]) {
    raw(p, "<b>");
    esc(p, r->name);
    raw(p, "</b><br>");
  }
  if (row->distance_m > 0) {
    PF(p, "%.2f km in ", row->distance_m / 1000);
  } else { // a raw IMU recording has no distance
    raw(p, "no distance recorded, ");
  }
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
    PF(p,
       "<p>Means per step: cadence %.1f steps/min, contact %.0f ms, vertical oscillation %.1f "
       "cm, peak vertical force %.2f BW, lumbar compression %.2f BW (band %.2f&ndash;%.2f), "
       "Lumbar Load Index %.2f, dose %.0f.</p>\n",
       s->cadence_spm, s->contact_ms, s->vo_cm, s->peak_vgrf_bw, s->lumbar_peak_bw,
       s->lumbar_peak_lo_bw, s->lumbar_peak_hi_bw, s->lli, s->dose);
    if (rl->nkm) {
      raw(p, "<table><tr><th>km</th><th>pace /km</th><th>cadence steps/min</th>"
             "<th>contact ms</th><th>vert. osc. cm</th><th>peak vGRF BW</th>"
             "<th>lumbar compression BW</th></tr>\n");
      for (size_t k = 0; k < rl->nkm; k++) {
        const bks_load_means *km = &rl->per_km[k];
        double speed = km->speed;
        if (!(speed > 0) && km->duration_s > 0) speed = km->distance_m / km->duration_s;
        PF(p, "<tr><td class=\"n\">%zu%s</td>", k + 1, k + 1 == rl->nkm ? " (partial)" : "");
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
  if (a->ch[BKS_CH_LAT] && a->ch[BKS_CH_LON] && !p->err) {
    W(p, bks_svg_track(p->b, a->ch[BKS_CH_LAT], a->ch[BKS_CH_LON], a->n, 360, 360));
  }
  raw(p, "</section>\n");
}

int bks_page_run(bks_buf *b, const bks_pages *pg, bks_store *s, int64_t id) {
  const bks__pages_run *row = find_run(pg, id);
  if (!row || !s) return BKS_END;
  pw p = {b, 0};
  bks_run_modelled x;
  bks_run_modelled_init(&x);
  int rc = bks_run_model_stored(s, &pg->model, id, &x);
  if (rc == BKS_E_NOMEM) W(&p, rc);
  const char *why = rc < 0 ? "the stored run could not be read" : x.why;
  run_section(&p, row, &x.a, &x.rl, x.modelled, why);
  bks_run_modelled_deinit(&x);
  return p.err;
}

int bks_page_report(bks_buf *b, const bks_pages *pg, bks_store *s) {
  pw p = {b, 0};
  W(&p, bks_page_head(b, "backstride report"));
  raw(&p, "<h1>backstride report</h1>\n");
  if (!p.err) W(&p, bks_page_intro(b, pg));
  raw(&p, "<p><a href=\"#overview\">Overview</a> &middot; <a href=\"#findings\">Findings</a>"
          " &middot; <a href=\"#plan\">Plan</a> &middot; <a href=\"#shoes\">Shoes</a> &middot; "
          "<a href=\"#whatif\">What if</a> &middot; <a href=\"#runs\">Runs</a></p>\n");
  if (!p.err) W(&p, bks_page_overview(b, pg));
  if (!p.err) W(&p, bks_page_findings(b, pg));
  if (!p.err) W(&p, bks_page_plan(b, pg));
  if (!p.err) W(&p, bks_page_shoes(b, pg));
  if (!p.err) W(&p, bks_page_whatif(b, pg, BKS_LINKS_ANCHORS));
  raw(&p, "<h2 id=\"runs\">Runs</h2>\n");
  if (pg->nruns > BKS_PAGES_REPORT_RUNS) {
    PF(&p,
       "<p class=\"muted\">The %d newest of %zu runs, newest first (older runs count in the "
       "overview; 'backstride analyze RUN_ID' shows any run).</p>\n",
       BKS_PAGES_REPORT_RUNS, pg->nruns);
  } else if (pg->nruns) {
    raw(&p, "<p class=\"muted\">Newest first.</p>\n");
  } else {
    raw(&p, "<p class=\"muted\">No runs yet.</p>\n");
  }
  for (size_t k = pg->nruns, n = 0; k-- > 0 && n < BKS_PAGES_REPORT_RUNS && !p.err; n++) {
    int rc = bks_page_run(b, pg, s, pg->runs[k].info.id);
    if (rc < 0) W(&p, rc);
  }
  if (!p.err) W(&p, bks_page_foot(b));
  return p.err;
}
