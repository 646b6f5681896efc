// backstride — the web server's forms: the diary (pain, sessions, interventions), shoes, profile
// and screening, and what their POSTs store. Every value is checked against the CLI's own rules
// (DESIGN.md vocabularies); a bad value gives 400 with a fixed message, never the value itself.
// The forms layer (web_internal.h): calls the reply helpers only.
#ifdef BKS_HAVE_MHD
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backstride/coach.h"
#include "backstride/app.h"
#include "backstride/pages.h"
#include "backstride/report.h"
#include "backstride/status.h"
#include "web_internal.h"

static void form_open(bks_web *w, bks_buf *b, const char *action, const char *title) {
  bks_html_printf(b, "<form method=\"post\" action=\"%s\"><h3>", action);
  bks_html_escape(b, title);
  bks_html_raw(b, "</h3>");
  bks__web_csrf_input(w, b);
}

static void select_words(bks_buf *b, const char *name, const char *const *list, const char *sel) {
  bks_html_printf(b, "<select name=\"%s\" id=\"%s\">", name, name);
  for (size_t i = 0; list[i]; i++) {
    bks_html_raw(b, "<option");
    if (sel && strcmp(sel, list[i]) == 0) bks_html_raw(b, " selected");
    bks_html_raw(b, ">");
    bks_html_escape(b, list[i]);
    bks_html_raw(b, "</option>");
  }
  bks_html_raw(b, "</select>");
}

static void date_input(bks_buf *b, const char *name) {
  char d[16];
  bks_date_format(bks_date_today(), d);
  bks_html_printf(b, "<label>%s <input type=\"date\" name=\"%s\" value=\"%s\"></label>",
                  strcmp(name, "start") == 0 ? "from" : "date", name, d);
}

// the interventions the runner follows ('backstride interventions' says whether they helped)
static void interventions(bks_buf *b, const bks_pages *p) {
  size_t n;
  const bks_intervention *all = bks_pages_interventions(p, &n);
  bks_html_raw(b, "<h3>Interventions</h3>\n");
  if (!n) {
    bks_html_raw(b, "<p class=\"muted\">None yet.</p>\n");
    return;
  }
  bks_html_raw(b, "<table id=\"interventions\"><tr><th>name</th><th>from</th><th>to</th>"
                  "</tr>\n");
  for (size_t i = n; i-- > 0;) {
    const bks_intervention *iv = &all[i];
    char d1[16], d2[16] = "going on";
    bks_date_format(iv->start_day, d1);
    if (iv->end_day >= 0) bks_date_format(iv->end_day, d2);
    bks_html_raw(b, "<tr>");
    bks_html_tag_text(b, "td", iv->name);
    bks_html_tag_text(b, "td", d1);
    bks_html_tag_text(b, "td", d2);
    bks_html_raw(b, "</tr>\n");
  }
  bks_html_raw(b, "</table>\n<p class=\"muted\">Whether one helped: 'backstride "
                  "interventions'.</p>\n");
}

int bks__web_page_log(bks_web *w, bks_buf *b, const bks_pages *p) {
  const bks_coach_input *in = bks_pages_diary(p);
  bks_html_raw(b, "<h2 id=\"diary\">Diary</h2>\n");
  form_open(w, b, "/log/pain", "Log pain");
  bks_html_raw(b, "<label>level (0-10) <input type=\"number\" name=\"level\" id=\"level\" "
                  "min=\"0\" max=\"10\" step=\"0.5\" value=\"0\" required></label>"
                  "<label>where ");
  select_words(b, "where", bks_pain_locations, "lower_back");
  bks_html_raw(b, "</label><label>when ");
  select_words(b, "when", bks_pain_timings, "none");
  bks_html_raw(b, "</label><label><input type=\"checkbox\" name=\"radiating\" value=\"1\">"
                  " radiating</label><label><input type=\"checkbox\" name=\"numbness\" "
                  "value=\"1\"> numbness</label>");
  date_input(b, "date");
  bks_html_raw(b, "<button type=\"submit\" id=\"log-pain\">Save pain</button></form>\n");

  form_open(w, b, "/log/session", "Log a session");
  bks_html_raw(b, "<label>kind ");
  select_words(b, "kind", bks_session_kinds, NULL);
  bks_html_raw(b, "</label><label>minutes <input type=\"number\" name=\"minutes\" "
                  "min=\"1\" max=\"600\" step=\"any\" value=\"20\" required></label>");
  date_input(b, "date");
  bks_html_raw(b, "<button type=\"submit\">Save session</button></form>\n");

  form_open(w, b, "/log/intervention", "Log an intervention");
  bks_html_raw(b, "<label>name <input type=\"text\" name=\"name\" maxlength=\"100\" "
                  "required></label>");
  date_input(b, "start");
  bks_html_raw(b, "<label>end (optional) <input type=\"date\" name=\"end\"></label>"
                  "<button type=\"submit\">Save intervention</button></form>\n");

  // the entries so far, newest first
  bks_html_raw(b, "<h3>Pain logged</h3>\n");
  if (!in->npain) {
    bks_html_raw(b, "<p class=\"muted\">None yet.</p>\n");
  } else {
    bks_html_raw(b, "<table id=\"pain-list\"><tr><th>date</th><th>level</th><th>where</th>"
                    "<th>when</th><th>radiating</th><th>numbness</th></tr>\n");
    for (size_t i = in->npain; i-- > 0;) {
      const bks_pain_entry *e = &in->pain[i];
      char d[16];
      bks_date_format(e->day, d);
      bks_html_raw(b, "<tr>");
      bks_html_tag_text(b, "td", d);
      bks_html_printf(b, "<td class=\"n\">%g</td>", e->level);
      bks_html_tag_text(b, "td", e->where);
      bks_html_tag_text(b, "td", e->when);
      bks_html_printf(b, "<td>%s</td><td>%s</td></tr>\n", e->radiating ? "yes" : "no",
                      e->numbness ? "yes" : "no");
    }
    bks_html_raw(b, "</table>\n");
  }
  interventions(b, p);
  bks_html_raw(b, "<h3>Sessions logged</h3>\n");
  if (!in->nsessions) return bks_html_raw(b, "<p class=\"muted\">None yet.</p>\n");
  bks_html_raw(b, "<table><tr><th>date</th><th>kind</th><th>minutes</th></tr>\n");
  for (size_t i = in->nsessions; i-- > 0;) {
    const bks_session_entry *e = &in->sessions[i];
    char d[16];
    bks_date_format(e->day, d);
    bks_html_raw(b, "<tr>");
    bks_html_tag_text(b, "td", d);
    bks_html_tag_text(b, "td", e->kind);
    bks_html_printf(b, "<td class=\"n\">%g</td></tr>\n", e->minutes);
  }
  return bks_html_raw(b, "</table>\n");
}

int bks__web_page_shoes_forms(bks_web *w, bks_buf *b, const bks_pages *p) {
  const bks_coach_input *in = bks_pages_diary(p);
  form_open(w, b, "/shoes/add", "Add shoes");
  bks_html_raw(b, "<label>name <input type=\"text\" name=\"name\" id=\"shoe-name\" "
                  "maxlength=\"63\" required></label>");
  date_input(b, "start");
  bks_html_raw(b, "<button type=\"submit\" id=\"add-shoe\">Add</button></form>\n");
  size_t inuse = 0;
  for (size_t i = 0; i < in->nshoes; i++) inuse += in->shoes[i].retired_day < 0;
  if (!inuse) return bks_buf_error(b);
  form_open(w, b, "/shoes/retire", "Retire shoes");
  bks_html_raw(b, "<label>pair <select name=\"name\">");
  for (size_t i = 0; i < in->nshoes; i++) {
    if (in->shoes[i].retired_day >= 0) continue;
    bks_html_raw(b, "<option value=\"");
    bks_html_escape(b, in->shoes[i].name);
    bks_html_raw(b, "\">");
    bks_html_escape(b, in->shoes[i].name);
    bks_html_raw(b, "</option>");
  }
  bks_html_raw(b, "</select></label>");
  date_input(b, "date");
  return bks_html_raw(b, "<button type=\"submit\">Retire</button></form>\n");
}

// the profile's routine fields: form name, label, largest value (as `profile set` checks them)
static const struct {
  const char *name, *label;
  double max;
  size_t offset;
} routine[] = {
    {"experience_years", "years of running", 80, offsetof(bks_profile, experience_y)},
    {"runs_per_week", "runs a week", 21, offsetof(bks_profile, runs_per_week)},
    {"weekly_km", "km a week", 500, offsetof(bks_profile, weekly_km)},
    {"weekly_minutes", "running minutes a week", 3000, offsetof(bks_profile, weekly_minutes)},
    {"strength_per_week", "strength sessions a week", 21, offsetof(bks_profile, strength_per_week)},
};
enum { NROUTINE = sizeof routine / sizeof routine[0] };

int bks__web_page_profile(bks_web *w, bks_buf *b, bks_store *s) {
  bks_profile pr;
  bks_profile_init(&pr);
  if (bks_library_profile_get(s, &pr) < 0) bks_profile_init(&pr);
  bks_html_raw(b, "<h2 id=\"profile\">Profile</h2>\n");
  if (!pr.set) {
    bks_html_raw(b, "<p class=\"muted\">No profile stored yet: the model uses its default "
                    "runner (70 kg, 1.75 m).</p>\n");
  }
  form_open(w, b, "/profile", "Set the profile");
  bks_html_printf(b,
                  "<label>mass kg <input type=\"number\" name=\"mass\" min=\"20\" "
                  "max=\"400\" step=\"any\" value=\"%.1f\" required></label>"
                  "<label>height m <input type=\"number\" name=\"height\" min=\"0.8\" "
                  "max=\"2.6\" step=\"any\" value=\"%.2f\" required></label>"
                  "<label>age <input type=\"number\" name=\"age\" min=\"5\" max=\"120\" "
                  "step=\"any\" value=\"%.0f\" required></label><label>sex <select "
                  "name=\"sex\"><option value=\"f\"%s>f</option><option value=\"m\"%s>m"
                  "</option></select></label><br>",
                  pr.set ? pr.mass_kg : 70.0, pr.set ? pr.height_m : 1.75, pr.set ? pr.age_y : 35.0,
                  pr.set && pr.sex == 'f' ? " selected" : "",
                  pr.set && pr.sex == 'm' ? " selected" : "");
  // the routine: optional, empty when not given
  for (size_t i = 0; i < NROUTINE; i++) {
    const double v = *(const double *)((const char *)&pr + routine[i].offset);
    bks_html_printf(b,
                    "<label>%s <input type=\"number\" name=\"%s\" min=\"0\" "
                    "max=\"%g\" step=\"any\"",
                    routine[i].label, routine[i].name, routine[i].max);
    if (pr.set && isfinite(v)) bks_html_printf(b, " value=\"%g\"", v);
    bks_html_raw(b, "></label>");
  }
  bks_html_raw(b, "<br>");
  for (int i = 0; bks_condition_name(i); i++) {
    bks_html_printf(b,
                    "<label><input type=\"checkbox\" name=\"condition\" value=\"%s\"%s> "
                    "%s</label>",
                    bks_condition_name(i), pr.conditions & (1u << i) ? " checked" : "",
                    bks_condition_name(i));
  }
  return bks_html_raw(b, "<br><button type=\"submit\">Save profile</button></form>\n");
}

int bks__web_page_screen(bks_web *w, bks_buf *b, bks_store *s) {
  int found = 0;
  int64_t day = 0;
  unsigned flags = 0;
  if (bks_library_screen_latest(s, &found, &day, &flags) < 0) found = 0;
  bks_html_raw(b, "<h2 id=\"screening\">Screening</h2>\n");
  if (found) {
    char d[16];
    bks_date_format(day, d);
    bks_html_raw(b, "<p>Latest screening: ");
    bks_html_escape(b, d);
    bks_html_raw(b, flags ? " &middot; <b class=\"flag\">red flags answered yes</b>"
                          : " &middot; no red flags");
    bks_html_raw(b, "</p>\n");
  } else {
    bks_html_raw(b, "<p class=\"muted\">No screening stored yet.</p>\n");
  }
  form_open(w, b, "/screen", "Do any of these apply now? Tick each that does.");
  bks_html_raw(b, "<ul>");
  for (int i = 0; bks_flag_name(i); i++) {
    bks_html_printf(b, "<li><label><input type=\"checkbox\" name=\"flag\" value=\"%s\"> ",
                    bks_flag_name(i));
    bks_html_escape(b, bks_flag_question(i));
    bks_html_raw(b, "</label></li>");
  }
  return bks_html_raw(b, "</ul><p class=\"muted\">Sending with nothing ticked stores a clear "
                         "screening. Any tick sets a referral in the plan.</p>"
                         "<button type=\"submit\">Save answers</button></form>\n");
}

int bks__web_page_import(bks_web *w, bks_buf *b) {
  bks__web_open_page(b, "backstride: import");
  bks_html_raw(b, "<h2 id=\"import\">Import a file</h2>\n<form method=\"post\" "
                  "action=\"/import\" enctype=\"multipart/form-data\">");
  bks__web_csrf_input(w, b);
  bks_html_printf(b,
                  "<label>FIT, GPX, TCX, IMU CSV, .gz or .zip (at most %zu MiB) "
                  "<input type=\"file\" name=\"file\" id=\"file\" required></label>"
                  "<button type=\"submit\" id=\"upload\">Import</button></form>\n",
                  w->cfg.max_body >> 20);
  return bks_page_foot(b);
}

//---- POSTs ----

// a date field: empty or missing means today
static int day_field(const bks__web_form *f, const char *key, int64_t *day) {
  const char *v = bks__form_get(f, key);
  if (!v || !*v) {
    *day = bks_date_today();
    return 0;
  }
  // the CLI's checks: a real date, not in the future (a day of slack for time zones)
  if (bks_date_parse(v, day) < 0 || *day > bks_date_today() + 1) return -1;
  return 0;
}

static void stored(bks_web *w, bks__web_reply *r, int rc, const char *to, bks_store *s) {
  if (rc < 0) {
    bks__web_log(w, rc, "storing a form: %s", bks_library_errmsg(s));
    bks__web_error(r, 500, "The library could not store that; the server's terminal says more.");
  } else {
    bks__web_redirect(r, to);
  }
}

void bks__post_pain(bks_web *w, bks_store *s, const bks__web_form *f, bks__web_reply *r) {
  bks_pain_entry e;
  memset(&e, 0, sizeof e);
  const char *where = bks__form_get(f, "where"), *when = bks__form_get(f, "when");
  if (bks__web_number(bks__form_get(f, "level"), 0, 10, &e.level) < 0) {
    {
      bks__web_error(r, 400, "Pain level: a number from 0 to 10.");
      return;
    }
  }
  if (day_field(f, "date", &e.day) < 0) {
    bks__web_error(r, 400, "Date: YYYY-MM-DD, not in the future.");
    return;
  }
  if (!where) where = "lower_back";
  if (!when) when = "none";
  if (!bks_word_in(bks_pain_locations, where) || !bks_word_in(bks_pain_timings, when)) {
    {
      bks__web_error(r, 400, "Where and when: one of the listed words.");
      return;
    }
  }
  snprintf(e.where, sizeof e.where, "%s", where);
  snprintf(e.when, sizeof e.when, "%s", when);
  e.radiating = bks__form_get(f, "radiating") != NULL;
  e.numbness = bks__form_get(f, "numbness") != NULL;
  stored(w, r, bks_library_pain_add(s, &e), "/log?done=pain", s);
}

void bks__post_session(bks_web *w, bks_store *s, const bks__web_form *f, bks__web_reply *r) {
  bks_session_entry e;
  memset(&e, 0, sizeof e);
  const char *kind = bks__form_get(f, "kind");
  if (!kind || !bks_word_in(bks_session_kinds, kind)) {
    {
      bks__web_error(r, 400, "Kind: one of the listed session kinds.");
      return;
    }
  }
  if (bks__web_number(bks__form_get(f, "minutes"), 0.5, 1440, &e.minutes) < 0) {
    {
      bks__web_error(r, 400, "Minutes: a number from 0.5 to 1440.");
      return;
    }
  }
  if (day_field(f, "date", &e.day) < 0) {
    bks__web_error(r, 400, "Date: YYYY-MM-DD, not in the future.");
    return;
  }
  snprintf(e.kind, sizeof e.kind, "%s", kind);
  stored(w, r, bks_library_session_add(s, &e), "/log?done=session", s);
}

void bks__post_intervention(bks_web *w, bks_store *s, const bks__web_form *f, bks__web_reply *r) {
  const char *name = bks__form_get(f, "name"), *end = bks__form_get(f, "end");
  int64_t start, stop = -1;
  if (!bks__web_name_ok(name, 100)) {
    bks__web_error(r, 400, "Name: 1 to 100 characters.");
    return;
  }
  if (day_field(f, "start", &start) < 0 || (end && *end && bks_date_parse(end, &stop) < 0)) {
    bks__web_error(r, 400, "Dates: YYYY-MM-DD, the start not in the future.");
    return;
  }
  if (stop >= 0 && stop < start) {
    bks__web_error(r, 400, "The end is before the start.");
    return;
  }
  stored(w, r, bks_library_intervention_add(s, name, start, stop), "/log?done=intervention", s);
}

void bks__post_shoe(bks_web *w, bks_store *s, const bks__web_form *f, bks__web_reply *r) {
  const char *name = bks__form_get(f, "name");
  int64_t start;
  if (!bks__web_name_ok(name, 63)) {
    bks__web_error(r, 400, "Name: 1 to 63 characters.");
    return;
  }
  if (day_field(f, "start", &start) < 0) {
    bks__web_error(r, 400, "Date: YYYY-MM-DD, not in the future.");
    return;
  }
  int rc = bks_library_shoe_add(s, name, start);
  if (rc == BKS_E_INVAL) {
    bks__web_error(r, 400, "A pair of that name exists already.");
    return;
  }
  stored(w, r, rc, "/shoes?done=shoe", s);
}

void bks__post_shoe_retire(bks_web *w, bks_store *s, const bks__web_form *f, bks__web_reply *r) {
  const char *name = bks__form_get(f, "name");
  int64_t day;
  if (!bks__web_name_ok(name, 63)) {
    bks__web_error(r, 400, "Name: 1 to 63 characters.");
    return;
  }
  if (day_field(f, "date", &day) < 0) {
    bks__web_error(r, 400, "Date: YYYY-MM-DD, not in the future.");
    return;
  }
  int rc = bks_library_shoe_retire(s, name, day);
  if (rc == BKS_END) {
    bks__web_error(r, 400, "No pair in use has that name.");
    return;
  }
  stored(w, r, rc, "/shoes?done=retire", s);
}

void bks__post_profile(bks_web *w, bks_store *s, const bks__web_form *f, bks__web_reply *r) {
  // the form shows every field it sets; what it does not show (time zone, units) is kept
  bks_profile p, old;
  bks_profile_init(&p);
  if (bks_library_profile_get(s, &old) == BKS_OK && old.set) {
    memcpy(p.tz, old.tz, sizeof p.tz);
    memcpy(p.units, old.units, sizeof p.units);
  }
  p.set = 1;
  const char *sex = bks__form_get(f, "sex");
  if (bks__web_number(bks__form_get(f, "mass"), BKS_MASS_MIN_KG, BKS_MASS_MAX_KG, &p.mass_kg) < 0 ||
      bks__web_number(bks__form_get(f, "height"), BKS_HEIGHT_MIN_M, BKS_HEIGHT_MAX_M, &p.height_m) <
          0 ||
      bks__web_number(bks__form_get(f, "age"), BKS_AGE_MIN_Y, BKS_AGE_MAX_Y, &p.age_y) < 0) {
    {
      bks__web_error(r, 400, "Mass 20-400 kg, height 0.8-2.6 m, age 5-120 years.");
      return;
    }
  }
  if (!sex || (strcmp(sex, "f") != 0 && strcmp(sex, "m") != 0)) {
    {
      bks__web_error(r, 400, "Sex: f or m.");
      return;
    }
  }
  p.sex = sex[0];
  for (size_t i = 0; i < NROUTINE; i++) {
    const char *v = bks__form_get(f, routine[i].name);
    if (!v || !*v) continue; // not given: stays NaN
    double *dst = (double *)((char *)&p + routine[i].offset);
    if (bks__web_number(v, 0, routine[i].max, dst) < 0) {
      bks__web_error(r, 400, "Routine: numbers from 0 up to the form's maximum, or empty.");
      return;
    }
  }
  for (size_t i = 0; i < f->n; i++) {
    if (strcmp(f->f[i].key, "condition") != 0) continue;
    unsigned c = bks_condition_parse(f->f[i].val);
    if (!c) {
      bks__web_error(r, 400, "Conditions: only the listed ones.");
      return;
    }
    p.conditions |= c;
  }
  stored(w, r, bks_library_profile_set(s, &p, "dashboard"), "/profile?done=profile", s);
}

void bks__post_screen(bks_web *w, bks_store *s, const bks__web_form *f, bks__web_reply *r) {
  unsigned flags = 0;
  for (size_t i = 0; i < f->n; i++) {
    if (strcmp(f->f[i].key, "flag") != 0) continue;
    unsigned fl = bks_flag_parse(f->f[i].val);
    if (!fl) {
      bks__web_error(r, 400, "Flags: only the listed ones.");
      return;
    }
    flags |= fl;
  }
  stored(w, r, bks_library_screen_add(s, bks_date_today(), flags), "/screen?done=screen", s);
}
#endif
