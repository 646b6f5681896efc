// backstride streaming core, private: least-squares half-sine fit of one binned stance.
//
// Morin et al. 2005 model vertical ground reaction force during contact as a half sine,
// F(t) = Fmax·sin(π·t/tc). By Newton, the vertical specific force at the sacrum is F/BW plus
// what the sacrum does on its own (soft tissue, pelvic rotation). Fitting the model's shape to the
// whole stance hump, instead of reading two threshold crossings, uses every sample of the contact:
// the edges, where the sacral signal leads or lags the force, weigh no more than the middle.
#ifndef BACKSTRIDE_STREAM_SINEFIT_H
#define BACKSTRIDE_STREAM_SINEFIT_H

typedef struct bks_sinefit {
  int start; // first bin of the fitted half sine
  int width; // its width in bins (the contact time is width × bin width)
  float amp; // its amplitude (same unit as the bins)
} bks_sinefit;

/**
 * Over every start and every width in [wmin, wmax] bins that fits in `n` bins, find the half sine
 * a·sin(π·(k − start)/width) (zero outside) closest to y[0..n) in least squares, with the
 * amplitude free (for a fixed start and width it is the projection of y on the sine). Cost:
 * about n complex multiply-adds per width (a sliding sum, no per-start loop over the width).
 * Returns 1 with `out` set, or 0 when nothing fits or the best amplitude is not positive.
 */
int bks_sinefit_best(const float *y, int n, int wmin, int wmax, bks_sinefit *out);

#endif
