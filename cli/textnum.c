// Numbers in text output (cli/cli.h): rounded to what they mean; JSON keeps full precision.
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

const char *cli_sig(char buf[CLI_SIG_MAX], double x, int sig) {
  enum { MAX_DECIMALS = 4 };
  if (!isfinite(x)) {
    snprintf(buf, CLI_SIG_MAX, "-");
    return buf;
  }
  if (fabs(x) < 0.5e-4) x = 0;
  if (x == 0 || sig < 1) {
    snprintf(buf, CLI_SIG_MAX, "0");
    return buf;
  }
  int e = (int)floor(log10(fabs(x))); // x = d.ddd * 10^e
  if (e >= sig - 1) {
    double unit = pow(10, e - sig + 1);
    snprintf(buf, CLI_SIG_MAX, "%.0f", round(x / unit) * unit);
  } else {
    int decimals = sig - 1 - e;
    if (decimals > MAX_DECIMALS) decimals = MAX_DECIMALS;
    snprintf(buf, CLI_SIG_MAX, "%.*f", decimals, x);
  }
  // "-0", "-0.00": the sign of nothing
  if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1)) memmove(buf, buf + 1, strlen(buf));
  return buf;
}
