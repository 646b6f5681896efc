// backstride — the dashboard's /diary: every pain, session and intervention entry (as
// `backstride diary` lists them), each with a form to correct it and one to delete it. The POSTs
// apply the CLI's checks; a bad value gives 400 and changes nothing. The forms layer
// (web_internal.h): calls the reply helpers only.
#ifdef BKS_HAVE_MHD
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/app.h"
#include "backstride/report.h"
#include "backstride/status.h"
#include "web_internal.h"

static void hidden_id(bks_buf *b, int64_t id) {
  bks_html_printf(b, "<input type=\"hidden\" name=\"id\" value=\"%lld\">", (long long)id);
}

static void date_field(bks_buf *b, const char *name, const char *label, int64_t day) {
  char d[16] = "";
  if (day >= 0) bks_date_format(day, d);
  bks_html_printf(b, "<label>%s <input type=\"date\" name=\"%s\" value=\"%s\"></label>", label,
                  name, d);
}

static void words(bks_buf *b, const char *name, const char *const *list, const char *sel) {
  bks_html_printf(b, "<select name=\"%s\">", name);
  for (size_t i = 0; list[i]; i++) {
    bks_html_raw(b, strcmp(sel, list[i]) == 0 ? "<option selected>" : "<option>");
    bks_html_escape(b, list[i]);
    bks_html_raw(b, "</option>");
  }
  bks_html_raw(b, "</select>");
}

// the edit form's fields of one entry, prefilled
static void edit_fields(bks_buf *b, const bks_diary_entry *e) {
  if (e->kind == BKS_DIARY_PAIN) {
    bks_html_printf(b,
                    "<label>level <input type=\"number\" name=\"level\" min=\"0\" max=\"10\" "
                    "step=\"0.5\" value=\"%g\"></label><label>where ",
                    e->pain.level);
    words(b, "where", bks_pain_locations, e->pain.where);
    bks_html_raw(b, "</label><label>when ");
    words(b, "when", bks_pain_timings, e->pain.when);
    bks_html_printf(b,
                    "</label><label><input type=\"checkbox\" name=\"radiating\" value=\"1\"%s> "
                    "radiating</label><label><input type=\"checkbox\" name=\"numbness\" "
                    "value=\"1\"%s> numbness</label>",
                    e->pain.radiating ? " checked" : "", e->pain.numbness ? " checked" : "");
    date_field(b, "date", "date", e->pain.day);
  } else if (e->kind == BKS_DIARY_SESSION) {
    bks_html_raw(b, "<label>kind ");
    words(b, "kind", bks_session_kinds, e->session.kind);
    bks_html_printf(b,
                    "</label><label>minutes <input type=\"number\" name=\"minutes\" min=\"1\" "
                    "max=\"1440\" step=\"any\" value=\"%g\"></label>",
                    e->session.minutes);
    date_field(b, "date", "date", e->session.day);
  } else {
    bks_html_raw(b, "<label>name <input type=\"text\" name=\"name\" maxlength=\"100\" value=\"");
    bks_html_escape(b, e->intervention.name);
    bks_html_raw(b, "\"></label>");
    date_field(b, "start", "from", e->intervention.start_day);
    date_field(b, "end", "to (empty: going on)", e->intervention.end_day);
  }
}

int bks__web_page_diary(bks_web *w, bks_buf *b, bks_store *s) {
  bks_html_raw(b, "<h2 id=\"diary\">Diary</h2>\n<p>Every entry, newest first, as "
                  "<code>backstride diary</code> lists them: correct one, or delete it. New "
                  "entries: <a href=\"/log\">log pain, a session or an intervention</a>.</p>\n");
  bks_diary_entry *e = NULL;
  size_t n = 0;
  int rc = s ? bks_library_diary_entries(s, &e, &n) : BKS_OK;
  if (rc < 0) return rc;
  if (!n) bks_html_raw(b, "<p class=\"muted\">The diary is empty.</p>\n");
  for (size_t i = n; i-- > 0;) {
    char d[16];
    bks_date_format(e[i].day, d);
    // a card per entry: no table to scroll sideways on a phone
    bks_html_printf(b, "<div class=\"entry\" id=\"entry-%lld\"><b>#%lld</b> %s ",
                    (long long)e[i].id, (long long)e[i].id, d);
    bks_html_escape(b, bks_diary_kind_name(e[i].kind));
    // what it says, as text (the form below holds the same values to change)
    if (e[i].kind == BKS_DIARY_PAIN) {
      bks_html_printf(b, ": %g/10, ", e[i].pain.level);
      bks_html_escape(b, e[i].pain.where);
      bks_html_raw(b, ", ");
      bks_html_escape(b, e[i].pain.when);
    } else if (e[i].kind == BKS_DIARY_SESSION) {
      bks_html_raw(b, ": ");
      bks_html_escape(b, e[i].session.kind);
      bks_html_printf(b, ", %g min", e[i].session.minutes);
    } else {
      bks_html_raw(b, ": ");
      bks_html_escape(b, e[i].intervention.name);
    }
    bks_html_raw(b, "<form method=\"post\" action=\"/diary/edit\">");
    bks__web_csrf_input(w, b);
    hidden_id(b, e[i].id);
    edit_fields(b, &e[i]);
    bks_html_raw(b, "<button type=\"submit\">Save</button></form>"
                    "<form method=\"post\" action=\"/diary/delete\">");
    bks__web_csrf_input(w, b);
    hidden_id(b, e[i].id);
    bks_html_raw(b, "<button type=\"submit\">Delete</button></form></div>\n");
  }
  free(e);
  return bks_buf_error(b);
}

// the entry named by the form's id; 0 after answering 400/404/500
static int form_entry(bks_store *s, const bks__web_form *f, bks__web_reply *r, bks_diary_entry *e) {
  double id;
  if (bks__web_number(bks__form_get(f, "id"), 1, 9e15, &id) < 0) {
    bks__web_error(r, 400, "Entry: an id from the diary.");
    return 0;
  }
  int rc = bks_library_diary_get(s, (int64_t)id, e);
  if (rc == BKS_END) {
    bks__web_error(r, 404, "No diary entry has that id.");
    return 0;
  }
  if (rc < 0) {
    bks__web_error(r, 500, "The library could not be read; the server's terminal says more.");
    return 0;
  }
  return 1;
}

// a date field: absent keeps `*day`; otherwise a real date, not in the future
static int day_of(const bks__web_form *f, const char *key, int64_t *day) {
  const char *v = bks__form_get(f, key);
  if (!v) return 0;
  int64_t d;
  if (bks_date_parse(v, &d) < 0 || d > bks_date_today() + 1) return -1;
  *day = d;
  return 0;
}

void bks__post_diary_edit(bks_web *w, bks_store *s, const bks__web_form *f, bks__web_reply *r) {
  bks_diary_entry e;
  if (!form_entry(s, f, r, &e)) return;
  const char *v;
  if (e.kind == BKS_DIARY_PAIN) {
    if ((v = bks__form_get(f, "level")) && bks__web_number(v, 0, 10, &e.pain.level) < 0) {
      bks__web_error(r, 400, "Level: 0 to 10.");
      return;
    }
    if ((v = bks__form_get(f, "where")) && !bks_word_in(bks_pain_locations, v)) {
      bks__web_error(r, 400, "Where: one of the listed locations.");
      return;
    }
    if (v) snprintf(e.pain.where, sizeof e.pain.where, "%s", v);
    if ((v = bks__form_get(f, "when")) && !bks_word_in(bks_pain_timings, v)) {
      bks__web_error(r, 400, "When: before, during, after or none.");
      return;
    }
    if (v) snprintf(e.pain.when, sizeof e.pain.when, "%s", v);
    // a checkbox sends nothing when cleared: the edit form always shows both
    e.pain.radiating = bks__form_get(f, "radiating") != NULL;
    e.pain.numbness = bks__form_get(f, "numbness") != NULL;
    if (day_of(f, "date", &e.pain.day) < 0) {
      bks__web_error(r, 400, "Date: YYYY-MM-DD, not in the future.");
      return;
    }
  } else if (e.kind == BKS_DIARY_SESSION) {
    if ((v = bks__form_get(f, "kind")) && !bks_word_in(bks_session_kinds, v)) {
      bks__web_error(r, 400, "Kind: one of the listed sessions.");
      return;
    }
    if (v) snprintf(e.session.kind, sizeof e.session.kind, "%s", v);
    if ((v = bks__form_get(f, "minutes")) &&
        (bks__web_number(v, 0, 1440, &e.session.minutes) < 0 || !(e.session.minutes > 0))) {
      bks__web_error(r, 400, "Minutes: above 0, at most 1440.");
      return;
    }
    if (day_of(f, "date", &e.session.day) < 0) {
      bks__web_error(r, 400, "Date: YYYY-MM-DD, not in the future.");
      return;
    }
  } else {
    if ((v = bks__form_get(f, "name"))) {
      if (!bks__web_name_ok(v, 100)) {
        bks__web_error(r, 400, "Name: 1 to 100 characters.");
        return;
      }
      snprintf(e.intervention.name, sizeof e.intervention.name, "%s", v);
    }
    if (day_of(f, "start", &e.intervention.start_day) < 0) {
      bks__web_error(r, 400, "Dates: YYYY-MM-DD, the start not in the future.");
      return;
    }
    if ((v = bks__form_get(f, "end"))) {
      if (!*v) {
        e.intervention.end_day = -1;
      } else if (bks_date_parse(v, &e.intervention.end_day) < 0) {
        bks__web_error(r, 400, "Dates: YYYY-MM-DD.");
        return;
      }
    }
    if (e.intervention.end_day >= 0 && e.intervention.end_day < e.intervention.start_day) {
      bks__web_error(r, 400, "The end is before the start.");
      return;
    }
  }
  int rc = bks_library_diary_update(s, &e);
  if (rc < 0) {
    bks__web_log(w, rc, "changing a diary entry: %s", bks_library_errmsg(s));
    bks__web_error(r, 500, "The library could not store that; the server's terminal says more.");
    return;
  }
  bks__web_redirect(r, "/diary?done=edit");
}

void bks__post_diary_delete(bks_web *w, bks_store *s, const bks__web_form *f, bks__web_reply *r) {
  bks_diary_entry e;
  if (!form_entry(s, f, r, &e)) return;
  int rc = bks_library_diary_delete(s, e.id);
  if (rc < 0) {
    bks__web_log(w, rc, "deleting a diary entry: %s", bks_library_errmsg(s));
    bks__web_error(r, 500, "The library could not store that; the server's terminal says more.");
    return;
  }
  bks__web_redirect(r, "/diary?done=delete");
}
#endif
