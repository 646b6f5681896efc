// backstride — the report's pages, rendered from one code path for `backstride report` (one
// static file) and `backstride serve` (the same pages live): overview charts (weekly distance and
// dose, the acute:chronic band, pain), findings with their evidence, the plan, shoes, what-if
// results, the runs list and a page per run (src/report/pages.c).
//
// The application layer gathers the library once (include/backstride/view.h: every run modelled
// once, which is the slow part); the pieces render from that without touching the library, except
// a run's own page, which asks app for that run's samples. Every piece of user text goes through
// bks_html_escape.
//
//     bks_pages *p;
//     if (bks_pages_gather(store, today, &p, err, sizeof err) < 0) ...
//     bks_page_overview(&b, p);
//     bks_pages_free(p);
#ifndef BACKSTRIDE_PAGES_H
#define BACKSTRIDE_PAGES_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/status.h"
#include "backstride/buf.h"
#include "backstride/coach.h"
#include "backstride/view.h"

#ifdef __cplusplus
extern "C" {
#endif

// run sections in the static report: the newest ones only, to keep the file small
#define BKS_PAGES_REPORT_RUNS 30

// how a piece links to other pieces
typedef enum bks_page_links {
  BKS_LINKS_ANCHORS = 0, // one file: "#run-12", "#findings"
  BKS_LINKS_PATHS = 1    // served pages: "/run/12", "/findings"
} bks_page_links;

//---- Pieces (each appends to `b`; BKS_OK, or BKS_E_NOMEM / BKS_E_LIMIT) ----

/** `<!DOCTYPE html>` to `<body>`: charset, CSP without scripts, the shared CSS, `title` (escaped).
 */
BKS_API int bks_page_head(bks_buf *b, const char *title);
/** The closing line and `</body></html>`. */
BKS_API int bks_page_foot(bks_buf *b);
/** Counts, the "not a medical device" note, the runner's mass and height and where they came from.
 */
BKS_API int bks_page_intro(bks_buf *b, const bks_pages *p);
/** Weekly distance, lumbar dose, acute:chronic ratio with its 0.8–1.3 band, worst pain. */
BKS_API int bks_page_overview(bks_buf *b, const bks_pages *p);
/** The coach's findings with evidence, threshold and source. */
BKS_API int bks_page_findings(bks_buf *b, const bks_pages *p);
/** The plan for the coming week (referral, running allowed, exercises). */
BKS_API int bks_page_plan(bks_buf *b, const bks_pages *p);
/** Shoes with their runs and distance. */
BKS_API int bks_page_shoes(bks_buf *b, const bks_pages *p);
/** What-if results (cadence, lean) for the newest runs. */
BKS_API int bks_page_whatif(bks_buf *b, const bks_pages *p, bks_page_links links);
/** All runs, newest first, as a table linking to each run. */
BKS_API int bks_page_runs_list(bks_buf *b, const bks_pages *p, bks_page_links links);
/**
 * One run's section (per-km table, GPS track), reading its samples from `s`. Returns BKS_END
 * when `p` holds no run `id`, else as above.
 */
BKS_API int bks_page_run(bks_buf *b, const bks_pages *p, bks_store *s, int64_t id);
/** The whole static report: one self-contained file (inline CSS and SVG, no script). */
BKS_API int bks_page_report(bks_buf *b, const bks_pages *p, bks_store *s);

#ifdef __cplusplus
}
#endif

#endif
