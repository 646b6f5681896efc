// Numbers in text output (cli/textnum.c): significant digits without an exponent, 0 for what
// rounds to nothing, never "-0", "-" for what is not a number.
#include <math.h>

#include "cli.h"
#include "harness.h"

#define SIG(x, n, want)                                                                            \
  do {                                                                                             \
    char b_[CLI_SIG_MAX];                                                                          \
    BKS_CHECK_STR(cli_sig(b_, (x), (n)), (want));                                                  \
  } while (0)

BKS_TEST(three_significant_digits) {
  SIG(176369.823, 3, "176000");
  SIG(31487.47, 3, "31500");
  SIG(1590.785, 3, "1590");
  SIG(170.433, 3, "170");
  SIG(8.619, 3, "8.62");
  SIG(2.317, 3, "2.32");
  SIG(0.15612, 3, "0.156");
  SIG(-61156, 3, "-61200");
  SIG(999.6, 3, "1000");
  SIG(1902585, 3, "1900000");
  SIG(5496.272, 4, "5496");
}

BKS_TEST(zero_is_zero) {
  SIG(0, 3, "0");
  SIG(-0.0, 3, "0");
  SIG(3.49e-29, 3, "0");
  SIG(-3.49e-29, 3, "0");
  SIG(0.00001, 3, "0");
  SIG(-0.00004, 3, "0");
  SIG(0.0123456, 3, "0.0123");
  SIG(0.000123456, 3, "0.0001"); // at most 4 decimals in text
}

BKS_TEST(not_a_number) {
  SIG(NAN, 3, "-");
  SIG(INFINITY, 3, "-");
  SIG(-INFINITY, 3, "-");
}

BKS_TEST_MAIN(BKS_CASE(three_significant_digits), BKS_CASE(zero_is_zero), BKS_CASE(not_a_number))
