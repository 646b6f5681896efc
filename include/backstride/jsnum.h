// backstride — numbers formatted the way JavaScript formats them.
//
// The reference FIT decoder is Garmin's JavaScript SDK, and one of its rules depends on how
// JavaScript turns a number into text (see fit_values.c). The same formatting also gives JSON
// output the shortest text that reads back to the same double.
#ifndef BACKSTRIDE_JSNUM_H
#define BACKSTRIDE_JSNUM_H

#include <stddef.h>

#include "backstride/status.h"

#ifdef __cplusplus
extern "C" {
#endif

// room for any number's text, with its NUL
#define BKS_JSNUM_MAX 32

/**
 * Write `x` as JavaScript's Number.prototype.toString() would (shortest round-trip digits,
 * exponent form below 1e-6 and from 1e21). Returns the length written to `out`, which must hold
 * BKS_JSNUM_MAX bytes. NaN and infinities give "NaN", "Infinity", "-Infinity".
 */
BKS_API size_t bks_jsnum_format(double x, char *out);

#ifdef __cplusplus
}
#endif

#endif
