// backstride — the model against published measurements (`backstride validate`): each anchor
// runs the lumbar model or the daily-load computation on a published condition and compares the
// result with the published value. An application job: it combines model and load
// (src/app/validate.c; docs/science.md lists the sources).
#ifndef BKS_VALIDATE_H
#define BKS_VALIDATE_H

#include <stddef.h>

#include "backstride/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum bks_anchor_check {
  BKS_CHECK_VALUE = 0, // |error| <= tolerance (error relative when rel_tol, else absolute)
  BKS_CHECK_DIRECTION, // ratio anchors: model − 1 has the sign of expected − 1; the size is shown
                       // (error) but not judged
  BKS_CHECK_RANGE,     // expected − tolerance <= model <= expected + tolerance
  BKS_CHECK_BELOW,     // model < expected (a published decrease without a size)
  BKS_CHECK_ABOVE      // model > expected (a published increase without a size)
} bks_anchor_check;

typedef struct bks_anchor_result {
  const char *anchor; // what is compared, in words
  const char *source; // publication
  const char *unit;
  bks_anchor_check check;
  double expected;  // published (or derived from published) value
  double model;     // the model's value
  double error;     // model − expected; relative ((model − expected)/expected) when rel_tol
  double tolerance; // see check (relative when rel_tol)
  int rel_tol;
  int pass;
  const char *note; // why the tolerance, or what the size comparison shows
} bks_anchor_result;

/** "value", "direction", "range", "below", "above". */
BKS_API const char *bks_validate_check_name(int check);

/**
 * Evaluate every compiled-in anchor with the built-in table. Writes up to `cap` results to `out`
 * (Nullable when cap is 0) and returns the number of anchors (call with cap 0 to size).
 */
BKS_API size_t bks_validate_anchors(bks_anchor_result *out, size_t cap);

#ifdef __cplusplus
}
#endif

#endif
