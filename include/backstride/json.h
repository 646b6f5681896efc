// backstride — a streaming JSON writer, and the serialisers of the library's results.
//
// The writer appends one JSON document to a caller-owned bks_buf as the calls come: it puts the
// commas and the colons itself, keeps a fixed-depth stack of the open objects and arrays (no
// memory besides the buffer), and checks that the calls make a document. Its error is sticky, as
// the buffer's is: the first misuse or buffer failure is kept, every later call does nothing and
// returns it, and bks_json_finish returns it, so a serialiser of many pieces checks once.
//
//     bks_buf b;
//     bks_buf_init(&b);
//     bks_json w;
//     bks_json_init(&w, &b);
//     bks_json_obj_begin(&w);
//     bks_json_kv_str(&w, "name", "easy run");
//     bks_json_key(&w, "km");
//     bks_json_num(&w, 5.2);
//     bks_json_obj_end(&w);
//     if (bks_json_finish(&w) < 0) ...;   // {"name":"easy run","km":5.2}
//     fwrite(b.data, 1, b.len, stdout);
//     bks_buf_deinit(&b);
//
// Output is compact (no spaces or newlines); JSON lines are one document per line, each written
// by its own bks_json_init on the same buffer, with the caller adding the '\n'.
//
// Strings (RFC 8259): '"' and '\\' are escaped, '\n', '\r', '\t' by their short escapes and the
// other bytes below 0x20 as \u00XX (lowercase hex: \u001b); every other valid UTF-8 sequence is
// copied as it is (DEL and U+2028/U+2029 included, which JSON allows). Invalid UTF-8 becomes
// U+FFFD (written as its three UTF-8 bytes), one for each maximal subpart of an ill-formed
// sequence, as the WHATWG decoder and Unicode's "best practice" count them: a lone continuation
// byte, a truncated sequence, an overlong form, a surrogate, or a code point past U+10FFFF. So the
// output is always valid UTF-8, and a valid string reads back as the same bytes. Keys are written
// the same way; the writer does not look for duplicate keys.
//
// Numbers: bks_json_num writes a double as JavaScript's JSON.stringify does: the shortest text
// that reads back to the same double (bks_jsnum_format: 0.1, 5601.27, 1e+21, 5e-324), -0 as 0,
// and NaN and the infinities as null (JSON has none). bks_json_fixed writes a fixed number of
// decimals ("%.*f") for figures that are rounded on purpose, without the sign of a value that
// rounds to zero ("-0.00" is written 0.00); not finite is null there too. Integers are written
// exactly (bks_json_int, bks_json_uint), never through a double.
#ifndef BACKSTRIDE_JSON_H
#define BACKSTRIDE_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/buf.h"
#include "backstride/status.h"

#ifdef __cplusplus
extern "C" {
#endif

// how deeply objects and arrays may nest; one more is refused with BKS_E_LIMIT
#define BKS_JSON_MAX_DEPTH 64

// the most decimals bks_json_fixed writes
#define BKS_JSON_MAX_DECIMALS 17

typedef struct bks_json {
  bks_buf *out;   // where the document goes (not owned)
  int err;        // the first failure (< 0), BKS_OK while none: then every call does nothing
  unsigned depth; // open objects and arrays
  int done;       // the top-level value is complete
  // per open level: BKS__JSON_OBJ/ARR, and whether it has a member yet and a key is waiting for
  // its value
  uint8_t level[BKS_JSON_MAX_DEPTH];
} bks_json;

/**
 * Start a document at the end of `out` (its contents so far are kept: several documents may go to
 * one buffer). Writes nothing. `out` must outlive the writer's use; an error `out` already holds
 * becomes the writer's error.
 */
BKS_API void bks_json_init(bks_json *w, bks_buf *out);

/**
 * Check that the document is complete: one top-level value, every object and array closed.
 * Returns BKS_OK, the first error of the writer or its buffer, or BKS_E_STATE for an incomplete
 * document (which is kept as the error too). Writes nothing.
 */
BKS_API int bks_json_finish(bks_json *w);

/** The first failure so far (< 0), or BKS_OK. */
BKS_API int bks_json_error(const bks_json *w);

// Every call below returns BKS_OK or the writer's first error (< 0), and does nothing after an
// error. Misuse is an error and is kept: BKS_E_STATE for a value where a key is due (inside an
// object), a key where a value is due, a close that does not match the innermost open container
// or a value after the top-level one; BKS_E_LIMIT for nesting past BKS_JSON_MAX_DEPTH; BKS_E_INVAL
// for bad arguments. The buffer's own errors (BKS_E_NOMEM, BKS_E_LIMIT) are kept the same way.

BKS_API int bks_json_obj_begin(bks_json *w);
BKS_API int bks_json_obj_end(bks_json *w);
BKS_API int bks_json_arr_begin(bks_json *w);
BKS_API int bks_json_arr_end(bks_json *w);
/**
 * An array with each element on a line of its own: "[\n" before the first, ",\n" between them
 * and "\n]" at the end ("[]" when empty), for long lists read or grepped line by line. Closed
 * by bks_json_arr_end.
 */
BKS_API int bks_json_arr_begin_lines(bks_json *w);

/** The next member's key, a NUL-terminated string (escaped as strings are). */
BKS_API int bks_json_key(bks_json *w, const char *key);
/** The next member's key, `n` bytes (NUL bytes included: written as \u0000). */
BKS_API int bks_json_keyn(bks_json *w, const char *key, size_t n);

/** A string value, NUL-terminated. Nullable: s (then null). */
BKS_API int bks_json_str(bks_json *w, const char *s);
/** A string value of `n` bytes. Nullable: s when n is 0. */
BKS_API int bks_json_strn(bks_json *w, const char *s, size_t n);

/** A double, shortest round trip (see above); null when not finite. */
BKS_API int bks_json_num(bks_json *w, double x);
/** A double with `decimals` (0..BKS_JSON_MAX_DECIMALS) fixed decimals; null when not finite. */
BKS_API int bks_json_fixed(bks_json *w, double x, int decimals);
/** An integer, exactly. */
BKS_API int bks_json_int(bks_json *w, int64_t x);
BKS_API int bks_json_uint(bks_json *w, uint64_t x);
BKS_API int bks_json_bool(bks_json *w, int b);
BKS_API int bks_json_null(bks_json *w);

// A key and its value in one call (the most common pair in serialisers).
BKS_API int bks_json_kv_str(bks_json *w, const char *key, const char *s);
BKS_API int bks_json_kv_num(bks_json *w, const char *key, double x);
BKS_API int bks_json_kv_fixed(bks_json *w, const char *key, double x, int decimals);
BKS_API int bks_json_kv_int(bks_json *w, const char *key, int64_t x);
BKS_API int bks_json_kv_uint(bks_json *w, const char *key, uint64_t x);
BKS_API int bks_json_kv_bool(bks_json *w, const char *key, int b);
BKS_API int bks_json_kv_null(bks_json *w, const char *key);

//---- Serialisers of the library's results (src/report/json_*.c) ----
// Each writes with `w` and returns as the writer's calls do. "Members" functions write keys and
// values into the object the caller has opened; the others write one value. Figures are rounded
// to the decimals the command line has always printed (bks_json_fixed).

typedef struct bks_load_means bks_load_means;
typedef struct bks_run_load bks_run_load;
typedef struct bks_steps bks_steps;
typedef struct bks_model bks_model;
typedef struct bks_step_result bks_step_result;
typedef struct bks_stream_step bks_stream_step;
typedef struct bks_stream_event bks_stream_event;
typedef struct bks_anchor_result bks_anchor_result;
typedef struct bks_import_result bks_import_result;
typedef struct bks_profile bks_profile;
typedef struct bks_profile_change bks_profile_change;
typedef struct bks_shoe bks_shoe;
typedef struct bks_exercise bks_exercise;
typedef struct bks_finding bks_finding;
typedef struct bks_plan bks_plan;
typedef struct bks_intervention bks_intervention;
typedef struct bks_effect bks_effect;
typedef struct bks_day_load bks_day_load;

/** Members: the means of a stretch of running (steps, cadence, contact, loads and bands...). */
BKS_API int bks_json_load_means(bks_json *w, const bks_load_means *m);

/**
 * Members of a run's load: records (what the step rebuild kept and left out, from `s`),
 * steps_from (steps per source), summary (bks_json_load_means), per_km (one object per
 * kilometre: km, partial, the means), vo_check and fatigue_check.
 */
BKS_API int bks_json_run_load(bks_json *w, const bks_steps *s, const bks_run_load *rl);

/**
 * The runner as an object: mass, height, lean, whether the lean was assumed, core weakness, and
 * defaults_used (["mass","height"] as far as `defaults` names them), and `source` ("options",
 * "profile", "default") where the mass and height came from. Nullable: defaults, source.
 */
BKS_API int bks_json_model_runner(bks_json *w, const bks_model *m, const char *defaults,
                                  const char *source);

/**
 * Members: one modelled step (peak force and its band, stiffness, the lumbar compression, shear,
 * Lumbar Load Index and their bands, dose). `vo_cm` is the watch's vertical oscillation [cm]
 * (NaN when none: then no ratio is written).
 */
BKS_API int bks_json_step_result(bks_json *w, const bks_model *m, const bks_step_result *s,
                                 double vo_cm);

/**
 * A step of the streaming core as an object (the fields of `backstride steps`), with
 * "event":"step" first when `event`, and the lumbar load when `lumbar` is given. Nullable: lumbar.
 */
BKS_API int bks_json_stream_step(bks_json *w, const bks_stream_step *st, int event,
                                 const bks_step_result *lumbar);

/** One day's load as an object: day (the date of day number `day`), load, acwr_ewma,
 * acwr_uncoupled, monotony, strain and flags (names of the BKS_DAY_* bits) (`backstride load`). */
BKS_API int bks_json_day_load(bks_json *w, int64_t day, const bks_day_load *dl);

/** A figure before and after a change (`backstride whatif`) as an object: name, before and after
 * (4 decimals), change_pct (2 decimals; null when before is 0). */
BKS_API int bks_json_change(bks_json *w, const char *name, double before, double after);

/** A cue event of the streaming core (BKS_EV_CUE_ON/OFF) as an object: event, t, cue, on, text. */
/** What an import did, as an object: imported, duplicates, skipped (counts) and failed (an array
 * of {file, error}) (`backstride import --json`). */
BKS_API int bks_json_import_result(bks_json *w, const bks_import_result *r);

/** One validation anchor as an object: anchor, source, expected, model, error, pass, unit, check,
 * tolerance, error_is_relative, note (`backstride validate --json`). */
BKS_API int bks_json_anchor(bks_json *w, const bks_anchor_result *r);

BKS_API int bks_json_stream_cue(bks_json *w, const bks_stream_event *ev);

/** A BKS_COND_* mask as an array of condition names (src/report/json_coach.c). */
BKS_API int bks_json_conditions(bks_json *w, unsigned mask);

/** The runner's profile as an object: mass_kg, height_m, age_y, sex, bmi (1 decimal),
 * conditions, experience_years and routine {runs_per_week, weekly_km, weekly_minutes,
 * strength_per_week} (`backstride profile --json`). */
BKS_API int bks_json_profile(bks_json *w, const bks_profile *p);
/**
 * The profile with "changes": {field: {"at", "source", "value"}} for each field's latest change.
 * Nullable: ch when n is 0.
 */
BKS_API int bks_json_profile_changes(bks_json *w, const bks_profile *p,
                                     const bks_profile_change *ch, size_t n);

/** A pair of shoes as an object: name, start, retired (date or null), distance_km (1 decimal),
 * runs, replace (in use past 500 km) (`backstride shoes list --json`). */
BKS_API int bks_json_shoe(bks_json *w, const bks_shoe *sh);

/** An exercise of the catalogue as an object: id, name, category, with `full` targets, phases,
 * dose, progression, instructions and source, then contraindications (condition names). */
BKS_API int bks_json_exercise(bks_json *w, const bks_exercise *e, int full);

/** A referral (a bks_referral) as {level, reason}, or null for BKS_REFER_NONE. */
BKS_API int bks_json_referral(bks_json *w, int referral, const char *reason);

/** A stored screening as an object: date (YYYY-MM-DD of `day`), flags (names of the BKS_FLAG_*
 * bits) and referral (bks_json_referral) (`backstride screen --json`). */
BKS_API int bks_json_screening(bks_json *w, int64_t day, unsigned flags, int referral,
                               const char *reason);

/** A finding as an object: id, title, status, evidence, threshold, source, confidence and
 * answered_by (the `n` strings, the plan parts that answer it). Nullable: answered_by when n is
 * 0. */
BKS_API int bks_json_finding(bks_json *w, const bks_finding *f, const char *const *answered_by,
                             size_t n);

/** The plan as an object: referral, running {allowed, max_minutes, why}, before, during (cues),
 * after and rest_day (items: exercise, dose, answers) (`backstride plan --json`). */
BKS_API int bks_json_plan(bks_json *w, const bks_plan *p);

/** A day number as its date string, "YYYY-MM-DD". */
BKS_API int bks_json_day(bks_json *w, int64_t day);

/** Members of an intervention: id, name, start, end (date or null), before {from, to} and during
 * ({from, to}, or null when during_to < during_from) (`backstride interventions --json`). */
BKS_API int bks_json_intervention_members(bks_json *w, const bks_intervention *it,
                                          int64_t before_from, int64_t before_to,
                                          int64_t during_from, int64_t during_to);

/** A before/during comparison as an object: measure, unit, n_before, n_during, days_before,
 * days_during, the means, SDs, difference and hedges_g (3 decimals), ci95 ([lo, hi] or null),
 * verdict, and note when given. Nullable: note. */
BKS_API int bks_json_effect(bks_json *w, const char *measure, const char *unit, size_t days_before,
                            size_t days_during, const bks_effect *e, const char *note);

#ifdef __cplusplus
}
#endif

#endif
