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
#include "backstride/units.h"
#include "backstride/whatif.h"
#include "backstride/steps.h"
#include "backstride/summaries.h"
#include "pages_internal.h"

// a table cell with a number, "–" when not finite
static void td_num(bks_buf *p, double v, int decimals) {
  if (isfinite(v)) {
    bks_html_printf(p, "<td class=\"n\">%.*f</td>", decimals, v);
  } else {
    bks_html_raw(p, "<td class=\"n\">&ndash;</td>");
  }
}

// pace "m:ss" per km or mile (the runner's unit) from a speed [m/s]
static void td_pace(bks_buf *p, double speed) {
  if (!(speed > 0.3) || !isfinite(speed)) {
    bks_html_raw(p, "<td class=\"n\">&ndash;</td>");
    return;
  }
  long s = lround((bks_units_miles() ? BKS_METRES_PER_MILE : 1000) / speed);
  bks_html_printf(p, "<td class=\"n\">%ld:%02ld</td>", s / 60, s % 60);
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
  bks_html_raw(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
                  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                  "style-src 'unsafe-inline'; img-src data:; form-action 'self'\">\n<title>");
  bks_html_escape(b, title);
  bks_html_raw(b, "</title>\n");
  bks_html_raw(b, css);
  bks_html_raw(b, "</head><body>\n");
  return bks_buf_error(b);
}

int bks_page_foot(bks_buf *b) {
  return bks_html_raw(b, "<p class=\"muted\">Made by backstride from the runner's own "
                         "recordings, on this machine.</p>\n</body></html>\n");
}

int bks_page_intro(bks_buf *b, const bks_pages *pg) {
  char today_s[16];
  bks_date_format(pg->today, today_s);
  bks_html_printf(b, "<p class=\"muted\">%zu runs in the library &middot; diary read as of ",
                  pg->nruns);
  bks_html_escape(b, today_s);
  bks_html_raw(b, " &middot; library: ");
  bks_html_escape(b, pg->library[0] ? pg->library : "(none yet)");
  bks_html_raw(
      b, "</p>\n<p class=\"note\">backstride estimates and explains; it is <b>not a medical "
         "device</b> and gives no diagnosis. Loads come from a simple model with an uncertainty "
         "band; see docs/science.md. Pain that is severe, spreading, or comes with numbness, "
         "weakness or bladder or bowel changes needs a clinician.</p>\n");
  bks_html_printf(b, "<p>Runner: %.1f kg, %.2f m", pg->model.mass_kg, pg->model.height_m);
  if (pg->defaults[0]) {
    bks_html_raw(b, " <span class=\"muted\">(the model's default ");
    bks_html_escape(b, pg->defaults);
    bks_html_raw(
        b, ": no stored profile gives it; 'backstride profile set --mass KG --height M')</span>");
  } else {
    bks_html_raw(b, " <span class=\"muted\">(from the stored profile)</span>");
  }
  bks_html_raw(b, "</p>\n");
  return bks_buf_error(b);
}

int bks_page_overview(bks_buf *b, const bks_pages *pg) {
  bks_html_raw(b, "<h2 id=\"overview\">Overview</h2>\n");
  size_t nw = pg->nweeks;
  if (!nw) {
    bks_html_raw(b, "<p class=\"muted\">No runs yet ('backstride import PATH').</p>\n");
    return bks_buf_error(b);
  }
  bks_chart c1 = {.title = "Weekly distance",
                  .y_label = bks_units_name(),
                  .x_labels = pg->week_lp,
                  .y = pg->week_km,
                  .n = nw};
  bks_svg_bar_chart(b, &c1);
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
  bks_svg_line_chart(b, &c2);
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
  bks_svg_line_chart(b, &c3);
  bks_html_raw(
      b, "<p class=\"muted\">Acute:chronic ratio: a <b>guide</b> only. The shaded band is "
         "0.8&ndash;1.3, the range Gabbett 2016 (<i>BJSM</i> 50:273) called the &ldquo;sweet "
         "spot&rdquo;; a ratio of 1.5 or more marks a spike. Impellizzeri et al. 2020 "
         "(<i>Sports Med</i>) showed the ratio is a rescaled acute load with no useful "
         "predictive value, so it is context, never a risk score (docs/science.md, &ldquo;Dose "
         "over time&rdquo;). Drawn once 28 days of history fill the chronic window.</p>\n");
  if (!pg->in.npain) {
    bks_html_raw(b, "<p class=\"muted\">No pain logged ('backstride log pain LEVEL').</p>\n");
  }
  bks_html_raw(b,
               "<p class=\"muted\">Weeks run Monday to Sunday (UTC) and are labelled by their "
               "Monday. The dose is a relative Palmgren&ndash;Miner style index, never a failure "
               "prediction.");
  if (pg->nmodelled < pg->nruns) {
    bks_html_printf(b, " %zu of %zu runs could not be modelled and add no dose.",
                    pg->nruns - pg->nmodelled, pg->nruns);
  }
  bks_html_raw(b, "</p>\n");
  return bks_buf_error(b);
}

static const char *status_word(bks_finding_status s) {
  return s == BKS_FINDING_FLAG ? "flag" : s == BKS_FINDING_OK ? "ok" : "unknown";
}

int bks_page_findings(bks_buf *b, const bks_pages *pg) {
  bks_finding f[BKS_COACH_MAX_FINDINGS];
  size_t nf = bks_coach_findings(&pg->in, f);
  bks_html_raw(b, "<h2 id=\"findings\">Findings</h2>\n");
  for (size_t i = 0; i < nf; i++) {
    const char *st = status_word(f[i].status);
    bks_html_printf(b, "<div class=\"finding\"><b class=\"%s\">[%s]</b> <b>", st, st);
    bks_html_escape(b, f[i].title);
    bks_html_raw(b, "</b> <span class=\"muted\">(");
    bks_html_escape(b, f[i].id);
    bks_html_raw(b, ", confidence ");
    bks_html_escape(b, f[i].confidence);
    bks_html_raw(b, ")</span><br>Evidence: ");
    bks_html_escape(b, f[i].evidence);
    bks_html_raw(b, "<br>Threshold: ");
    bks_html_escape(b, f[i].threshold);
    bks_html_raw(b, "<br>Source: ");
    bks_html_escape(b, f[i].source);
    bks_html_raw(b, "</div>\n");
  }
  return bks_buf_error(b);
}

static void plan_items(bks_buf *p, const char *title, const bks_plan_item *it, size_t n) {
  if (!n) return;
  bks_html_tag_text(p, "h3", title);
  bks_html_raw(p, "<ul>\n");
  for (size_t i = 0; i < n; i++) {
    const bks_exercise *e = bks_exercise_find(it[i].exercise);
    bks_html_raw(p, "<li><b>");
    bks_html_escape(p, e ? e->name : it[i].exercise);
    bks_html_raw(p, "</b> (");
    bks_html_escape(p, it[i].exercise);
    bks_html_raw(p, "): ");
    bks_html_escape(p, it[i].dose);
    bks_html_raw(p, " <span class=\"muted\">[answers: ");
    bks_html_escape(p, it[i].answers);
    bks_html_raw(p, "; evidence: ");
    bks_html_escape(p, e ? e->source : "?");
    bks_html_raw(p, "]</span></li>\n");
  }
  bks_html_raw(p, "</ul>\n");
}

int bks_page_plan(bks_buf *b, const bks_pages *pg) {
  bks_finding f[BKS_COACH_MAX_FINDINGS];
  size_t nf = bks_coach_findings(&pg->in, f);
  bks_plan *pl = bks_malloc(sizeof *pl); // large: kept off the stack of server threads
  if (!pl) return BKS_E_NOMEM;
  bks_coach_plan(&pg->in, f, nf, pl);
  bks_html_raw(b, "<h2 id=\"plan\">Plan for the coming week</h2>\n");
  if (pl->referral != BKS_REFER_NONE) {
    bks_html_printf(b, "<p class=\"note\"><b>Referral (%s):</b> ", bks_referral_name(pl->referral));
    bks_html_escape(b, pl->referral_reason);
    bks_html_raw(b, "</p>\n");
  }
  bks_html_raw(b, "<p><b>Running:</b> ");
  bks_html_raw(b, pl->running_allowed ? "yes" : "no");
  if (pl->running_allowed && isfinite(pl->max_minutes)) {
    bks_html_printf(b, ", at most %.0f minutes", pl->max_minutes);
  }
  bks_html_raw(b, "<br><span class=\"muted\">Why: ");
  bks_html_escape(b, pl->why);
  bks_html_raw(b, "</span></p>\n");
  if (!pg->in.profile.set) {
    bks_html_raw(
        b, "<p class=\"muted\">No profile is stored, so only exercises that no condition rules "
           "out are planned.</p>\n");
  }
  plan_items(b, "Before the run", pl->before, pl->nbefore);
  if (pl->nduring) {
    bks_html_raw(b, "<h3>During the run</h3>\n<ul>\n");
    for (size_t i = 0; i < pl->nduring; i++) {
      bks_html_raw(b, "<li>");
      bks_html_escape(b, pl->during[i].cue);
      bks_html_raw(b, " <span class=\"muted\">[answers: ");
      bks_html_escape(b, pl->during[i].answers);
      bks_html_raw(b, "]</span></li>\n");
    }
    bks_html_raw(b, "</ul>\n");
  }
  plan_items(b, "After the run", pl->after, pl->nafter);
  plan_items(b, "Rest days", pl->rest_day, pl->nrest_day);
  free(pl);
  return bks_buf_error(b);
}

int bks_page_shoes(bks_buf *b, const bks_pages *pg) {
  bks_html_raw(b, "<h2 id=\"shoes\">Shoes</h2>\n");
  if (!pg->in.nshoes) {
    bks_html_raw(b, "<p class=\"muted\">No shoes logged ('backstride shoes add NAME').</p>\n");
    return bks_buf_error(b);
  }
  bks_html_raw(b, "<table><tr><th>name</th><th>since</th><th>retired</th><th>runs</th><th>");
  bks_html_raw(b, bks_units_name());
  bks_html_raw(b, "</th></tr>\n");
  for (size_t i = 0; i < pg->in.nshoes; i++) {
    const bks_shoe *sh = &pg->in.shoes[i];
    char d1[16], d2[16] = "in use";
    bks_date_format(sh->start_day, d1);
    if (sh->retired_day >= 0) bks_date_format(sh->retired_day, d2);
    bks_html_raw(b, "<tr>");
    bks_html_tag_text(b, "td", sh->name);
    bks_html_tag_text(b, "td", d1);
    bks_html_tag_text(b, "td", d2);
    td_num(b, sh->runs, 0);
    td_num(b, bks_units_dist(sh->distance_m), 1);
    bks_html_raw(b, "</tr>\n");
  }
  bks_html_raw(b, "</table>\n");
  return bks_buf_error(b);
}

static void run_link(bks_buf *p, int64_t id, bks_page_links links) {
  if (links == BKS_LINKS_PATHS) {
    bks_html_printf(p, "<a href=\"/run/%lld\">Run %lld</a>", (long long)id, (long long)id);
  } else {
    bks_html_printf(p, "<a href=\"#run-%lld\">Run %lld</a>", (long long)id, (long long)id);
  }
}

// before, after and the change in per cent; lower is better for every what-if metric
static void td_change(bks_buf *p, const double v[2], int decimals) {
  td_num(p, v[0], decimals);
  td_num(p, v[1], decimals);
  if (isfinite(v[0]) && isfinite(v[1]) && v[0] != 0) {
    double c = 100 * (v[1] / v[0] - 1);
    if (fabs(c) < 0.05) c = 0; // no "-0.0 %"
    bks_html_printf(p, "<td class=\"n %s\">%+.1f%%</td>",
                    c < -0.05  ? "better"
                    : c > 0.05 ? "worse"
                               : "",
                    c);
  } else {
    bks_html_raw(p, "<td class=\"n\">&ndash;</td>");
  }
}

int bks_page_whatif(bks_buf *b, const bks_pages *pg, bks_page_links links) {
  bks_html_raw(b, "<h2 id=\"whatif\">What if</h2>\n");
  if (!pg->nwhatif) {
    bks_html_raw(
        b, "<p class=\"muted\">No modelled run yet: what-if results need a run with steps.</p>\n");
    return bks_buf_error(b);
  }
  bks_html_raw(b, "<p>The newest runs re-modelled with one change each, as <code>backstride "
                  "whatif RUN_ID</code> does. <b>+5 % / +10 % cadence</b>: quicker, shorter steps "
                  "at the same speed, with the contact time kept, the bound the studies support: ");
  bks_html_escape(b, bks_whatif_cadence_evidence);
  bks_html_raw(b, " (");
  bks_html_escape(b, bks_whatif_cadence_source);
  bks_html_printf(b,
                  "). <code>backstride whatif</code> also shows the other bound. <b>More "
                  "upright</b>: trunk lean %.1f&deg; instead of %.1f&deg;. Lower is lighter on "
                  "the lower back.</p>\n",
                  pg->upright_deg, pg->model.lean_deg);
  bks_html_raw(b,
               "<table><tr><th>run</th><th>what if</th><th colspan=\"3\">lumbar compression BW</th>"
               "<th colspan=\"3\">vert. osc. cm</th><th colspan=\"3\">dose per km</th></tr>\n"
               "<tr><th></th><th></th><th>now</th><th>then</th><th>change</th><th>now</th>"
               "<th>then</th><th>change</th><th>now</th><th>then</th><th>change</th></tr>\n");
  static const char *const names[BKS_PAGES_WHATIF_N] = {"+5 % cadence", "+10 % cadence",
                                                        "more upright (3\xc2\xb0 less lean)"};
  for (size_t i = 0; i < pg->nwhatif; i++) {
    const bks_pages_whatif_row *w = &pg->whatif[i];
    const bks_run_info *r = &pg->runs[w->run].info;
    char when[40];
    bks_date_iso_local(r->start_utc, when);
    bks_html_raw(b, "<tr><td>");
    run_link(b, r->id, links);
    bks_html_raw(b, " <span class=\"muted\">");
    bks_html_escape(b, when);
    bks_html_raw(b, "</span></td>");
    bks_html_tag_text(b, "td", names[w->scenario]);
    td_change(b, w->lumbar_bw, 2);
    td_change(b, w->vo_cm, 1);
    td_change(b, w->dose_km, 0);
    bks_html_raw(b, "</tr>\n");
  }
  bks_html_raw(
      b, "</table>\n<p class=\"muted\">A model's answer to &ldquo;what if&rdquo;, not a promise "
         "(docs/science.md).</p>\n");
  return bks_buf_error(b);
}

int bks_page_runs_list(bks_buf *b, const bks_pages *pg, bks_page_links links) {
  bks_html_raw(b, "<h2 id=\"runs\">Runs</h2>\n");
  if (!pg->nruns) {
    bks_html_raw(b, "<p class=\"muted\">No runs yet.</p>\n");
    return bks_buf_error(b);
  }
  bks_html_printf(b,
                  "<table><tr><th>run</th><th>start (local)</th><th>name</th><th>%s</th>"
                  "<th>moving time</th><th>dose</th></tr>\n",
                  bks_units_name());
  for (size_t k = pg->nruns; k-- > 0;) {
    const bks_pages_run *row = &pg->runs[k];
    const bks_run_info *r = &row->info;
    char when[40], dur[32];
    bks_date_iso_local(r->start_utc, when);
    bks_date_hms(isfinite(r->timer_s) && r->timer_s > 0 ? r->timer_s : r->duration_s, dur);
    bks_html_raw(b, "<tr><td>");
    run_link(b, r->id, links);
    bks_html_raw(b, "</td>");
    bks_html_tag_text(b, "td", when);
    bks_html_tag_text(b, "td", r->name);
    td_num(b, row->distance_m > 0 ? bks_units_dist(row->distance_m) : NAN, 2); // none: raw IMU
    bks_html_tag_text(b, "td", dur);
    td_num(b, row->dose, 0);
    bks_html_raw(b, "</tr>\n");
  }
  bks_html_raw(b, "</table>\n");
  return bks_buf_error(b);
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

static const bks_pages_run *find_run(const bks_pages *pg, int64_t id) {
  size_t k;
  return bks_pages_run_index(pg, id, &k) == BKS_OK ? &pg->runs[k] : NULL;
}

static void run_section(bks_buf *p, const bks_pages_run *row, const bks_activity *a,
                        const bks_run_load *rl, int modelled, const char *why) {
  const bks_run_info *r = &row->info;
  char when[40], dur[32];
  bks_date_iso_local(r->start_utc, when);
  bks_date_hms(isfinite(r->timer_s) && r->timer_s > 0 ? r->timer_s : r->duration_s, dur);
  bks_html_printf(p, "<section class=\"run\" id=\"run-%lld\"><h2>Run %lld: ", (long long)r->id,
                  (long long)r->id);
  bks_html_escape(p, when);
  bks_html_raw(p, "</h2>\n<p>");
  if (r->name[0]) {
    bks_html_raw(p, "<b>");
    bks_html_escape(p, r->name);
    bks_html_raw(p, "</b><br>");
  }
  if (row->distance_m > 0) {
    bks_html_printf(p, "%.2f %s in ", bks_units_dist(row->distance_m), bks_units_name());
  } else { // a raw IMU recording has no distance
    bks_html_raw(p, "no distance recorded, ");
  }
  bks_html_escape(p, dur);
  bks_html_raw(p, isfinite(r->timer_s) && r->timer_s > 0 ? " moving" : " elapsed");
  bks_html_raw(p, " &middot; ");
  bks_html_escape(p, r->sport_name);
  if (r->device[0]) {
    bks_html_raw(p, " &middot; ");
    bks_html_escape(p, r->device);
  }
  bks_html_raw(p, "<br><span class=\"muted\">source: ");
  bks_html_escape(p, r->source_path);
  bks_html_raw(p, "</span></p>\n");
  if (modelled) {
    const bks_load_means *s = &rl->summary;
    bks_html_printf(
        p,
        "<p>Means per step: cadence %.1f steps/min, contact %.0f ms, vertical oscillation %.1f "
        "cm, peak vertical force %.2f BW, lumbar compression %.2f BW (band %.2f&ndash;%.2f), "
        "Lumbar Load Index %.2f, dose %.0f.</p>\n",
        s->cadence_spm, s->contact_ms, s->vo_cm, s->peak_vgrf_bw, s->lumbar_peak_bw,
        s->lumbar_peak_lo_bw, s->lumbar_peak_hi_bw, s->lli, s->dose);
    if (rl->nkm) {
      bks_html_printf(p, "<table><tr><th>km</th><th>pace /%s</th><th>cadence steps/min</th>",
                      bks_units_name());
      bks_html_raw(p, "<th>contact ms</th><th>vert. osc. cm</th><th>peak vGRF BW</th>"
                      "<th>lumbar compression BW</th></tr>\n");
      for (size_t k = 0; k < rl->nkm; k++) {
        const bks_load_means *km = &rl->per_km[k];
        double speed = km->speed;
        if (!(speed > 0) && km->duration_s > 0) speed = km->distance_m / km->duration_s;
        bks_html_printf(p, "<tr><td class=\"n\">%zu%s</td>", k + 1,
                        k + 1 == rl->nkm ? " (partial)" : "");
        td_pace(p, speed);
        td_num(p, km->cadence_spm, 1);
        td_num(p, km->contact_ms, 0);
        td_num(p, km->vo_cm, 1);
        td_num(p, km->peak_vgrf_bw, 2);
        td_num(p, km->lumbar_peak_bw, 2);
        bks_html_raw(p, "</tr>\n");
      }
      bks_html_raw(p, "</table>\n");
    }
  } else {
    bks_html_raw(p, "<p class=\"muted\">Not modelled: ");
    bks_html_escape(p, why);
    bks_html_raw(p, "</p>\n");
  }
  if (a->ch[BKS_CH_LAT] && a->ch[BKS_CH_LON] && !bks_buf_error(p)) {
    bks_svg_track(p, a->ch[BKS_CH_LAT], a->ch[BKS_CH_LON], a->n, 360, 360);
  }
  bks_html_raw(p, "</section>\n");
}

int bks_page_run(bks_buf *b, const bks_pages *pg, bks_store *s, int64_t id) {
  const bks_pages_run *row = find_run(pg, id);
  if (!row || !s) return BKS_END;
  bks_run_modelled x;
  bks_run_modelled_init(&x);
  int rc = bks_run_model_stored(s, &pg->model, id, &x);
  if (rc == BKS_E_NOMEM) bks_buf_fail(b, rc);
  const char *why = rc < 0 ? "the stored run could not be read" : x.why;
  run_section(b, row, &x.a, &x.rl, x.modelled, why);
  bks_run_modelled_deinit(&x);
  return bks_buf_error(b);
}

int bks_page_report(bks_buf *b, const bks_pages *pg, bks_store *s) {
  bks_page_head(b, "backstride report");
  bks_html_raw(b, "<h1>backstride report</h1>\n");
  bks_page_intro(b, pg);
  bks_html_raw(
      b, "<p><a href=\"#overview\">Overview</a> &middot; <a href=\"#findings\">Findings</a>"
         " &middot; <a href=\"#plan\">Plan</a> &middot; <a href=\"#shoes\">Shoes</a> &middot; "
         "<a href=\"#whatif\">What if</a> &middot; <a href=\"#runs\">Runs</a></p>\n");
  bks_page_overview(b, pg);
  bks_page_findings(b, pg);
  bks_page_plan(b, pg);
  bks_page_shoes(b, pg);
  bks_page_whatif(b, pg, BKS_LINKS_ANCHORS);
  bks_html_raw(b, "<h2 id=\"runs\">Runs</h2>\n");
  if (pg->nruns > BKS_PAGES_REPORT_RUNS) {
    bks_html_printf(
        b,
        "<p class=\"muted\">The %d newest of %zu runs, newest first (older runs count in the "
        "overview; 'backstride analyze RUN_ID' shows any run).</p>\n",
        BKS_PAGES_REPORT_RUNS, pg->nruns);
  } else if (pg->nruns) {
    bks_html_raw(b, "<p class=\"muted\">Newest first.</p>\n");
  } else {
    bks_html_raw(b, "<p class=\"muted\">No runs yet.</p>\n");
  }
  for (size_t k = pg->nruns, n = 0; k-- > 0 && n < BKS_PAGES_REPORT_RUNS && !bks_buf_error(b);
       n++) {
    bks_buf_fail(b, bks_page_run(b, pg, s, pg->runs[k].info.id));
  }
  bks_page_foot(b);
  return bks_buf_error(b);
}
