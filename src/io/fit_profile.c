// backstride — lookups in the FIT profile tables (the tables are in fit_profile_data.c, generated
// by tools/gen_fit_profile.mjs).
#include "backstride/fit_profile.h"

#include <stddef.h>
#include <string.h>

const bks_fit_mesg_def *bks_fit_mesg_by_num(unsigned num) {
  unsigned lo = 0, hi = bks_fit_nmesgs; // search [lo, hi)
  while (lo < hi) {
    unsigned mid = lo + (hi - lo) / 2;
    unsigned n = bks_fit_mesgs[mid].num;
    if (n == num) return &bks_fit_mesgs[mid];
    if (n < num) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

const bks_fit_mesg_def *bks_fit_mesg_by_name(const char *name) {
  if (!name) return NULL;
  for (unsigned i = 0; i < bks_fit_nmesgs; i++)
    if (strcmp(bks_fit_mesgs[i].name, name) == 0) return &bks_fit_mesgs[i];
  return NULL;
}

const bks_fit_field *bks_fit_field_by_num(const bks_fit_mesg_def *m, unsigned num) {
  if (!m) return NULL;
  const bks_fit_field *f = bks_fit_fields + m->field_first;
  unsigned lo = 0, hi = m->nfields;
  while (lo < hi) {
    unsigned mid = lo + (hi - lo) / 2;
    unsigned n = f[mid].num;
    if (n == num) return &f[mid];
    if (n < num) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

const bks_fit_field *bks_fit_field_by_name(const bks_fit_mesg_def *m, const char *name) {
  if (!m || !name) return NULL;
  const bks_fit_field *f = bks_fit_fields + m->field_first;
  for (unsigned i = 0; i < m->nfields; i++)
    if (strcmp(f[i].name, name) == 0) return &f[i];
  return NULL;
}

const bks_fit_type *bks_fit_type_by_name(const char *name) {
  if (!name) return NULL;
  unsigned lo = 0, hi = bks_fit_ntypes;
  while (lo < hi) {
    unsigned mid = lo + (hi - lo) / 2;
    int c = strcmp(bks_fit_types[mid].name, name);
    if (c == 0) return &bks_fit_types[mid];
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

const char *bks_fit_type_value_name(const bks_fit_type *t, uint32_t value) {
  if (!t) return NULL;
  const bks_fit_type_value *v = bks_fit_type_values + t->value_first;
  unsigned lo = 0, hi = t->nvalues;
  while (lo < hi) {
    unsigned mid = lo + (hi - lo) / 2;
    uint32_t x = v[mid].value;
    if (x == value) return v[mid].name;
    if (x < value) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

unsigned bks_fit_base_size(unsigned bt) {
  static const unsigned char size[BKS_FIT_NBASE] = {
      [BKS_FIT_ENUM] = 1,    [BKS_FIT_SINT8] = 1,   [BKS_FIT_UINT8] = 1,  [BKS_FIT_SINT16] = 2,
      [BKS_FIT_UINT16] = 2,  [BKS_FIT_SINT32] = 4,  [BKS_FIT_UINT32] = 4, [BKS_FIT_STRING] = 1,
      [BKS_FIT_FLOAT32] = 4, [BKS_FIT_FLOAT64] = 8, [BKS_FIT_UINT8Z] = 1, [BKS_FIT_UINT16Z] = 2,
      [BKS_FIT_UINT32Z] = 4, [BKS_FIT_BYTE] = 1,    [BKS_FIT_SINT64] = 8, [BKS_FIT_UINT64] = 8,
      [BKS_FIT_UINT64Z] = 8,
  };
  return bt < BKS_FIT_NBASE ? size[bt] : 1u;
}
