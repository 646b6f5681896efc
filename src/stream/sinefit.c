// Least-squares half-sine fit (src/stream/sinefit.h). Freestanding, float32, no libm.
#include "sinefit.h"

#define PI_F 3.14159265f

// cos and sin of x in [0, π/4] by their Taylor series to x⁹ (error below 1e-7 there): the
// streaming core links no libm
static void cos_sin(float x, float *c, float *s) {
  float x2 = x * x;
  *c = 1.0f - x2 / 2.0f * (1.0f - x2 / 12.0f * (1.0f - x2 / 30.0f * (1.0f - x2 / 56.0f)));
  *s = x * (1.0f - x2 / 6.0f * (1.0f - x2 / 20.0f * (1.0f - x2 / 42.0f * (1.0f - x2 / 72.0f))));
}

// For a width m, write S(k0) = Σ_{j<m} y[k0+j]·e^{iπj/m}. The sine's projection is
// Im(S(k0)) and Σ sin²(πj/m) = m/2, so the least-squares residual is |y|² − Im(S)²/(m/2): the
// best start maximises Im(S)² with Im(S) > 0. Since e^{iπ(j+m)/m} = −e^{iπj/m}, sliding the
// window by one bin is S(k0+1)·w = S(k0) − (y[k0] + y[k0+m])·1, with w = e^{iπ/m}; keeping the
// unrotated sum T(k0) = Σ_{j<m} y[k0+j]·e^{iπ(k0+j)/m} makes that a single update:
// T(k0+1) = T(k0) − (y[k0] + y[k0+m])·e^{iπk0/m}, and S(k0) = T(k0)·e^{−iπk0/m}.
// every start for one width m: keeps the best score in *best and the fit in *out
static void scan_width(const float *y, int n, int m, float *best, int *found, bks_sinefit *out) {
  float wc, ws;
  cos_sin(PI_F / (float)m, &wc, &ws);
  // T(0)
  float tr = 0, ti = 0, pr = 1, pi = 0;
  for (int j = 0; j < m; j++) {
    tr += y[j] * pr;
    ti += y[j] * pi;
    float r = pr * wc - pi * ws;
    pi = pr * ws + pi * wc;
    pr = r;
  }
  // q = e^{iπk0/m}
  float qr = 1, qi = 0;
  for (int k0 = 0;; k0++) {
    float num = ti * qr - tr * qi; // Im(T·conj(q))
    if (num > 0) {
      float score = num * num / (0.5f * (float)m);
      if (!*found || score > *best) {
        *found = 1;
        *best = score;
        out->start = k0;
        out->width = m;
        out->amp = num / (0.5f * (float)m);
      }
    }
    if (k0 + m >= n) break;
    float d = y[k0] + y[k0 + m];
    tr -= d * qr;
    ti -= d * qi;
    float r = qr * wc - qi * ws;
    qi = qr * ws + qi * wc;
    qr = r;
  }
}

// Widths are scanned every second bin, then the two neighbours of the best: the score varies
// smoothly with the width (a sine one bin wider overlaps the old one almost entirely), and this
// halves the cost (docs/performance.md, "Streaming core"; test_stream checks it against a brute
// force over every width).
int bks_sinefit_best(const float *y, int n, int wmin, int wmax, bks_sinefit *out) {
  int found = 0;
  float best = 0;
  if (wmin < 4) wmin = 4;
  if (wmax > n) wmax = n;
  for (int m = wmin; m <= wmax; m += 2) scan_width(y, n, m, &best, &found, out);
  if (!found) return 0;
  int mb = out->width;
  if (mb - 1 >= wmin) scan_width(y, n, mb - 1, &best, &found, out);
  if (mb + 1 <= wmax) scan_width(y, n, mb + 1, &best, &found, out);
  return 1;
}
