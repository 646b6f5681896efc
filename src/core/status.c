#include <stdarg.h>
#include <stdio.h>
#include "backstride/status.h"

const char *bks_strerror(int rc) {
  switch (rc) {
#define BKS__STATUS_TEXT(name, value, text)                                                        \
  case (value):                                                                                    \
    return text;
    BKS_STATUS_MAP(BKS__STATUS_TEXT)
#undef BKS__STATUS_TEXT
  }
  return "unknown status";
}

const char *bks_status_name(int rc) {
  switch (rc) {
#define BKS__STATUS_NAME(name, value, text)                                                        \
  case (value):                                                                                    \
    return #name;
    BKS_STATUS_MAP(BKS__STATUS_NAME)
#undef BKS__STATUS_NAME
  }
  return "UNKNOWN";
}

void bks_set_err(char *err, size_t err_sz, const char *fmt, ...) {
  if (!err || !err_sz) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, err_sz, fmt, ap);
  va_end(ap);
}
