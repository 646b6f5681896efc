// Fuzz target for the GPX reader. Reads the input twice, once handed to expat whole and once in
// chunks whose size comes from the input's first byte, and aborts when the two results differ in
// anything a caller can see (status, damage, line, skips, samples, channels, warnings). Both
// results are freed, so leaks show under ASan.
#include <stdint.h>
#include <stdlib.h>

#include "backstride/io.h"
#include "io/xmltrack.h"
#include "read_result_eq.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  bks_read_result whole, pieces;
  size_t chunk = size ? 1 + data[0] % 64 : 1;
  bks__read_gpx_chunked(data, size, "fuzz.gpx", size ? size : 1, &whole);
  bks__read_gpx_chunked(data, size, "fuzz.gpx", chunk, &pieces);
  if (!bks_fuzz_same_result(&whole, &pieces)) abort();
  bks_read_result_deinit(&whole);
  bks_read_result_deinit(&pieces);
  return 0;
}
