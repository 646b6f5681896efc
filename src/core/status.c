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
