// backstride — what the web server answers: the fixed list of routes and the pages cache around
// the report's pages (include/backstride/pages.h). The routes layer (web_internal.h): calls the
// forms and the reply helpers, never the server.
#ifdef BKS_HAVE_MHD
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backstride/alloc.h"
#include "backstride/report.h"
#include "backstride/status.h"
#include "web_internal.h"

// the fixed pages: path, title; their index is their cache slot
static const char *const fixed[][2] = {
    {"/", "backstride: overview"},         {"/runs", "backstride: runs"},
    {"/findings", "backstride: findings"}, {"/plan", "backstride: plan"},
    {"/whatif", "backstride: what if"},    {"/shoes", "backstride: shoes"},
    {"/log", "backstride: diary"},         {"/profile", "backstride: profile"},
    {"/screen", "backstride: screening"},  {"/diary", "backstride: diary entries"},
};
enum { NFIXED = sizeof fixed / sizeof fixed[0] };

//---- the gathered pages: one copy, regathered when the library's data version moves ----

// gathered pages shared by the requests that render them; freed by the last one out
struct bks__web_pages {
  bks_pages *p;
  int64_t version, today; // the library's data version and the day it was gathered for
  unsigned refs;          // holders (the cache itself counts as one while current)
  // rendered page bodies (a slot per fixed page, then one per gathered run), filled on first
  // view up to a byte budget: the pages only change with the library, and rendering years of
  // weeks or a whole run's model on every request would cost more than the request itself
  pthread_mutex_t cache_lock;
  bks_buf *html;
  size_t nslots, html_bytes;
};

#define CACHE_BYTES ((size_t)128 << 20)

static void unref(bks__web_pages *p) {
  if (p && --p->refs == 0) {
    for (size_t i = 0; p->html && i < p->nslots; i++) bks_buf_deinit(&p->html[i]);
    free(p->html);
    pthread_mutex_destroy(&p->cache_lock);
    bks_pages_free(p->p);
    free(p);
  }
}

int bks__pages_acquire(bks_web *w, bks__web_pages **out) {
  int64_t today = bks_date_today();
  int rc = BKS_OK;
  pthread_mutex_lock(&w->lock);
  int64_t v = 0;
  if (bks_library_data_version(w->meta, &v) < 0) {
    rc = BKS_E_DB;
  } else if (!w->cur || w->cur->version != v || w->cur->today != today) {
    // gathering holds the lock: requests wait for one gather instead of each making their own
    bks__web_pages *n = bks_calloc(1, sizeof *n);
    char err[256];
    if (!n) {
      rc = BKS_E_NOMEM;
    } else if ((rc = bks_pages_gather(w->meta, today, &n->p, err, sizeof err)) < 0) {
      bks__web_log(w, rc, "reading the library: %s", err);
      free(n);
    } else {
      n->nslots = NFIXED + bks_pages_nruns(n->p);
      n->html = bks_calloc(n->nslots, sizeof *n->html); // NULL: no cache, pages rendered each time
      pthread_mutex_init(&n->cache_lock, NULL);
      n->version = v;
      n->today = today;
      n->refs = 1;
      unref(w->cur);
      w->cur = n;
    }
  }
  if (rc == BKS_OK) {
    w->cur->refs++;
    *out = w->cur;
  }
  pthread_mutex_unlock(&w->lock);
  return rc;
}

void bks__pages_release(bks_web *w, bks__web_pages *p) {
  pthread_mutex_lock(&w->lock);
  unref(p);
  pthread_mutex_unlock(&w->lock);
}

void bks__pages_clear(bks_web *w) {
  pthread_mutex_lock(&w->lock);
  unref(w->cur);
  w->cur = NULL;
  pthread_mutex_unlock(&w->lock);
}

// what a ?done= word says after a form was sent (fixed texts: the request's words are never shown)
static const char *done_text(const char *done) {
  static const char *const words[][2] = {
      {"pain", "Pain entry saved."},
      {"session", "Session saved."},
      {"intervention", "Intervention saved."},
      {"shoe", "Shoes added."},
      {"retire", "Shoes retired."},
      {"profile", "Profile saved."},
      {"screen", "Screening answers saved."},
  };
  for (size_t i = 0; done && i < sizeof words / sizeof words[0]; i++) {
    if (strcmp(done, words[i][0]) == 0) return words[i][1];
  }
  return NULL;
}

// "/run/123" → 123; 0 when not a plain positive number
static int64_t run_id(const char *s) {
  if (!*s || strlen(s) > 18) return 0;
  int64_t v = 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9') return 0;
    v = v * 10 + (*s - '0');
  }
  return v;
}

// the body of fixed page `page` (NFIXED: run `id`) from the gathered pages; BKS_END: no such run
static int render(bks_web *w, const bks_pages *p, size_t page, int64_t id, bks_buf *b) {
  bks_store *s = NULL;
  int rc = BKS_OK;
  const char *path = page < NFIXED ? fixed[page][0] : "";
  if (page == NFIXED || strcmp(path, "/profile") == 0 || strcmp(path, "/screen") == 0 ||
      strcmp(path, "/diary") == 0) {
    char e[300];
    if ((rc = bks_library_open(w->db_path, BKS_LIBRARY_NOCREATE, &s, e, sizeof e)) < 0) {
      bks__web_log(w, rc, "cannot open the library: %s", e);
      return rc;
    }
  }
  if (page == NFIXED) {
    rc = bks_page_run(b, p, s, id);
  } else if (strcmp(path, "/") == 0) {
    rc = bks_page_intro(b, p);
    if (rc >= 0) rc = bks_page_overview(b, p);
    if (rc >= 0 && bks_pages_newest_run(p)) {
      rc = bks_html_printf(b,
                           "<p>Newest run: <a href=\"/run/%lld\">run %lld</a> &middot; "
                           "<a href=\"/runs\">all runs</a></p>\n",
                           (long long)bks_pages_newest_run(p), (long long)bks_pages_newest_run(p));
    }
  } else if (strcmp(path, "/runs") == 0) {
    rc = bks_page_runs_list(b, p, BKS_LINKS_PATHS);
  } else if (strcmp(path, "/findings") == 0) {
    rc = bks_page_findings(b, p);
  } else if (strcmp(path, "/plan") == 0) {
    rc = bks_page_plan(b, p);
  } else if (strcmp(path, "/whatif") == 0) {
    rc = bks_page_whatif(b, p, BKS_LINKS_PATHS);
  } else if (strcmp(path, "/shoes") == 0) {
    rc = bks_page_shoes(b, p);
    if (rc >= 0) rc = bks__web_page_shoes_forms(w, b, p);
  } else if (strcmp(path, "/log") == 0) {
    rc = bks__web_page_log(w, b, p);
  } else if (strcmp(path, "/profile") == 0) {
    rc = bks__web_page_profile(w, b, s);
  } else if (strcmp(path, "/diary") == 0) {
    rc = bks__web_page_diary(w, b, s);
  } else {
    rc = bks__web_page_screen(w, b, s);
  }
  if (rc >= 0) rc = bks_page_foot(b);
  bks_library_close(s);
  return rc;
}

// append the body of `slot` from the cache, rendering and caching it on a miss
static int cached(bks_web *w, bks__web_pages *wp, size_t slot, size_t page, int64_t id,
                  bks_buf *b) {
  int rc = BKS_OK, hit = 0;
  pthread_mutex_lock(&wp->cache_lock);
  if (wp->html && wp->html[slot].len) {
    hit = 1;
    rc = bks_buf_append(b, wp->html[slot].data, wp->html[slot].len);
  }
  pthread_mutex_unlock(&wp->cache_lock);
  if (hit) return rc;
  bks_buf one;
  bks_buf_init(&one);
  rc = render(w, wp->p, page, id, &one);
  if (rc >= 0) rc = bks_buf_append(b, one.data, one.len);
  pthread_mutex_lock(&wp->cache_lock);
  if (rc >= 0 && wp->html && !wp->html[slot].len && wp->html_bytes + one.len <= CACHE_BYTES) {
    wp->html[slot] = one; // the cache takes the buffer
    wp->html_bytes += one.len;
    bks_buf_init(&one);
  }
  pthread_mutex_unlock(&wp->cache_lock);
  bks_buf_deinit(&one);
  return rc;
}

void bks__web_get(bks_web *w, const char *path, const char *done, bks__web_reply *r) {
  if (strcmp(path, "/favicon.ico") == 0) {
    r->status = 204; // no icon, and no console error for the missing one
    return;
  }
  if (strcmp(path, "/import") == 0) {
    if (bks__web_page_import(w, &r->body) < 0) bks__web_error(r, 500, "Out of memory.");
    return;
  }
  int64_t id = strncmp(path, "/run/", 5) == 0 ? run_id(path + 5) : 0;
  size_t page = id ? NFIXED : 0;
  while (!id && page < NFIXED && strcmp(path, fixed[page][0]) != 0) page++;
  if (!id && page == NFIXED) {
    bks__web_error(r, 404, "No such page.");
    return;
  }
  bks__web_pages *wp = NULL;
  int rc = bks__pages_acquire(w, &wp);
  if (rc < 0) {
    bks__web_error(r, 500, "The library could not be read; the server's terminal says more.");
    return;
  }
  size_t slot = page;
  if (id) {
    size_t k;
    if (bks_pages_run_index(wp->p, id, &k) != BKS_OK) {
      bks__web_error(r, 404, "No run with that number.");
      bks__pages_release(w, wp);
      return;
    }
    slot = NFIXED + k;
  }
  const char *msg = done_text(done);
  bks__web_open_page(&r->body, id ? "backstride: run" : fixed[page][1]);
  if (msg) bks_html_tag_text(&r->body, "p class=\"msg\"", msg);
  rc = bks_buf_error(&r->body);
  if (rc >= 0) rc = cached(w, wp, slot, page, id, &r->body);
  if (rc == BKS_E_NOMEM) {
    bks__web_error(r, 500, "The page could not be made (out of memory).");
  } else if (rc < 0) {
    bks__web_error(r, 500, "The library could not be read; the server's terminal says more.");
  }
  bks__pages_release(w, wp);
}

void bks__web_post(bks_web *w, const char *path, bks__web_form *f, bks__web_reply *r) {
  static const struct {
    const char *path;
    void (*fn)(bks_web *, bks_store *, const bks__web_form *, bks__web_reply *);
  } routes[] = {
      {"/log/pain", bks__post_pain},
      {"/log/session", bks__post_session},
      {"/log/intervention", bks__post_intervention},
      {"/shoes/add", bks__post_shoe},
      {"/shoes/retire", bks__post_shoe_retire},
      {"/profile", bks__post_profile},
      {"/screen", bks__post_screen},
      {"/diary/edit", bks__post_diary_edit},
      {"/diary/delete", bks__post_diary_delete},
  };
  int upload = strcmp(path, "/import") == 0;
  size_t i = 0;
  while (!upload && i < sizeof routes / sizeof routes[0] && strcmp(path, routes[i].path) != 0) i++;
  if (!upload && i == sizeof routes / sizeof routes[0]) {
    bks__web_error(r, 404, "No such form.");
    return;
  }
  // writes go through their own connection: SQLite serialises them, WAL keeps readers going
  bks_store *s = NULL;
  char e[300];
  int rc = bks_library_open(w->db_path, 0, &s, e, sizeof e);
  if (rc < 0) {
    bks__web_log(w, rc, "cannot open the library: %s", e);
    bks__web_error(r, 500, "The library cannot be opened; the server's terminal says more.");
    return;
  }
  if (upload) {
    bks__post_import(w, s, f, r);
  } else {
    routes[i].fn(w, s, f, r);
  }
  bks_library_close(s);
}
#endif
