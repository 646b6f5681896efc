// JavaScript's Number-to-String (ECMA-262 Number::toString) on top of C's correctly rounded
// printf: find the fewest significant digits that read back to the same double, then lay them out
// by JavaScript's rules.
#include "backstride/jsnum.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// fast path: integers below 2^53 print exactly as themselves
static size_t format_int(double x, char *out) {
  long long v = (long long)x;
  return (size_t)snprintf(out, BKS_JSNUM_MAX, "%lld", v);
}

size_t bks_jsnum_format(double x, char *out) {
  if (isnan(x)) return (size_t)snprintf(out, BKS_JSNUM_MAX, "NaN");
  if (isinf(x)) return (size_t)snprintf(out, BKS_JSNUM_MAX, x < 0 ? "-Infinity" : "Infinity");
  if (x == 0) return (size_t)snprintf(out, BKS_JSNUM_MAX, "0");
  if (fabs(x) < 9007199254740992.0 && x == floor(x)) return format_int(x, out);

  size_t o = 0;
  if (x < 0) {
    out[o++] = '-';
    x = -x;
  }
  // shortest digits: %.{p-1}e is correctly rounded, so the first p that reads back is the answer
  char e[40];
  int p;
  for (p = 1; p <= 17; p++) {
    snprintf(e, sizeof e, "%.*e", p - 1, x);
    if (strtod(e, NULL) == x) break;
  }
  if (p > 17) p = 17;
  char digits[20];
  int k = 0;
  const char *c = e;
  for (; *c && *c != 'e'; c++) {
    if (*c >= '0' && *c <= '9') digits[k++] = *c;
  }
  int exp10 = atoi(c + 1);
  // drop trailing zeros the %e form may carry
  while (k > 1 && digits[k - 1] == '0') k--;
  int n = exp10 + 1; // x = 0.d1d2...dk × 10^n

  if (k <= n && n <= 21) {
    memcpy(out + o, digits, (size_t)k);
    o += (size_t)k;
    for (int i = k; i < n; i++) out[o++] = '0';
  } else if (0 < n && n <= 21) {
    memcpy(out + o, digits, (size_t)n);
    o += (size_t)n;
    out[o++] = '.';
    memcpy(out + o, digits + n, (size_t)(k - n));
    o += (size_t)(k - n);
  } else if (-6 < n && n <= 0) {
    out[o++] = '0';
    out[o++] = '.';
    for (int i = 0; i < -n; i++) out[o++] = '0';
    memcpy(out + o, digits, (size_t)k);
    o += (size_t)k;
  } else {
    out[o++] = digits[0];
    if (k > 1) {
      out[o++] = '.';
      memcpy(out + o, digits + 1, (size_t)(k - 1));
      o += (size_t)(k - 1);
    }
    o += (size_t)snprintf(out + o, BKS_JSNUM_MAX - o, "e%c%d", n - 1 >= 0 ? '+' : '-', abs(n - 1));
  }
  out[o] = '\0';
  return o;
}
