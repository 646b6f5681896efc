// backstride — the report's pages, rendered from one code path for `backstride report` (one
// static file) and `backstride serve` (the same pages live): overview charts (weekly distance and
// dose, the acute:chronic band, pain), findings with their evidence, the plan, shoes, what-if
// results, the runs list and a page per run (src/report/pages*.c).
//
// Gathering models every run once (steps → model → dose), which is the slow part; the pieces then
// render from the gathered data without touching the library, except a run's own page, which
// reads that run's samples. Every piece of user text goes through bks_html_escape.
//
//     bks_pages *p;
//     if (bks_pages_gather(store, today, &p, err, sizeof err) < 0) ...
//     bks_page_overview(&b, p);
//     bks_pages_free(p);
#ifndef BACKSTRIDE_PAGES_H
#define BACKSTRIDE_PAGES_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/buf.h"
#include "backstride/coach.h"
#include "backstride/store.h"

#ifdef __cplusplus
extern "C" {
#endif

// run sections in the static report: the newest ones only, to keep the file small
#define BKS_PAGES_REPORT_RUNS 30
// runs (newest first) whose what-if scenarios are computed
#define BKS_PAGES_WHATIF_RUNS 5

typedef struct bks_pages bks_pages;

// how a piece links to other pieces
typedef enum bks_page_links {
  BKS_LINKS_ANCHORS = 0, // one file: "#run-12", "#findings"
  BKS_LINKS_PATHS = 1    // served pages: "/run/12", "/findings"
} bks_page_links;

//---- Gathering ----

/**
 * Read the library `s` (Nullable: an empty library) as of day `today` (days since 1970-01-01,
 * UTC): runs, profile, diary, shoes, screening; model every run; compute the weekly series, the
 * acute:chronic ratio and the what-if scenarios of the newest runs. Returns BKS_OK, BKS_E_DB
 * (then `err` says why), BKS_E_INVAL (the stored profile gives no valid runner) or BKS_E_NOMEM.
 * Nullable: err.
 */
int bks_pages_gather(bks_store *s, int64_t today, bks_pages **out, char *err, size_t err_sz);

/** Free what bks_pages_gather made. Nullable: p. */
void bks_pages_free(bks_pages *p);

/** Runs in the library when gathered. */
size_t bks_pages_nruns(const bks_pages *p);

/** "mass and height" (or "mass", "height") when the model's defaults stood in; "" otherwise. */
const char *bks_pages_defaults(const bks_pages *p);

/** Where run `id` is among the gathered runs (0 .. nruns-1, oldest first). BKS_OK or BKS_END. */
int bks_pages_run_index(const bks_pages *p, int64_t id, size_t *index);

/** The id of the newest run (0 when there is none). */
int64_t bks_pages_newest_run(const bks_pages *p);

/**
 * The runner's records as gathered: pain entries, sessions and shoes (oldest first), for pages
 * that list them beside their forms (the served diary and shoes pages). Owned by `p`.
 */
const bks_coach_input *bks_pages_diary(const bks_pages *p);

/** The interventions as gathered, by start day; `*n` gets their number. Owned by `p`. */
const bks_intervention *bks_pages_interventions(const bks_pages *p, size_t *n);

//---- Pieces (each appends to `b`; BKS_OK, or BKS_E_NOMEM / BKS_E_LIMIT) ----

/** `<!DOCTYPE html>` to `<body>`: charset, CSP without scripts, the shared CSS, `title` (escaped).
 */
int bks_page_head(bks_buf *b, const char *title);
/** The closing line and `</body></html>`. */
int bks_page_foot(bks_buf *b);
/** Counts, the "not a medical device" note, the runner's mass and height and where they came from.
 */
int bks_page_intro(bks_buf *b, const bks_pages *p);
/** Weekly distance, lumbar dose, acute:chronic ratio with its 0.8–1.3 band, worst pain. */
int bks_page_overview(bks_buf *b, const bks_pages *p);
/** The coach's findings with evidence, threshold and source. */
int bks_page_findings(bks_buf *b, const bks_pages *p);
/** The plan for the coming week (referral, running allowed, exercises). */
int bks_page_plan(bks_buf *b, const bks_pages *p);
/** Shoes with their runs and distance. */
int bks_page_shoes(bks_buf *b, const bks_pages *p);
/** What-if results (cadence, lean) for the newest runs. */
int bks_page_whatif(bks_buf *b, const bks_pages *p, bks_page_links links);
/** All runs, newest first, as a table linking to each run. */
int bks_page_runs_list(bks_buf *b, const bks_pages *p, bks_page_links links);
/**
 * One run's section (per-km table, GPS track), reading its samples from `s`. Returns BKS_END
 * when `p` holds no run `id`, else as above.
 */
int bks_page_run(bks_buf *b, const bks_pages *p, bks_store *s, int64_t id);
/** The whole static report: one self-contained file (inline CSS and SVG, no script). */
int bks_page_report(bks_buf *b, const bks_pages *p, bks_store *s);

#ifdef __cplusplus
}
#endif

#endif
