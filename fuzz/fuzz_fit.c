// Fuzz target for the FIT decoder. Decodes the input twice, once whole through the callback
// interface and once fed in chunks (whose size comes from the input's first byte) through the
// message-at-a-time interface, and aborts when the two disagree in any message, value, final
// status or error offset.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/fit.h"

// FNV-1a over everything a caller can see of a message
static uint64_t mix(uint64_t h, const void *p, size_t n) {
  const uint8_t *b = p;
  for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 0x100000001b3ull;
  return h;
}

static uint64_t hash_mesg(uint64_t h, const bks_fit_mesg *m) {
  h = mix(h, &m->num, sizeof m->num);
  h = mix(h, &m->offset, sizeof m->offset);
  h = mix(h, &m->nfields, sizeof m->nfields);
  for (unsigned i = 0; i < m->nfields; i++) {
    const bks_fit_fval *f = &m->fields[i];
    uint8_t head[6] = {f->num, f->kind, f->vtype, f->base_type, f->is_array, (uint8_t)f->count};
    h = mix(h, head, sizeof head);
    const char *name = bks_fit_fval_name(f);
    if (name) h = mix(h, name, strlen(name));
    if (f->vtype == BKS_FIT_VT_STR) {
      h = mix(h, f->str, f->len);
    } else {
      for (unsigned k = 0; k < f->count; k++) {
        bks_fit_num v = f->v[k];
        // all NaNs are one value to a reader
        if (f->vtype == BKS_FIT_VT_F64 && v.f != v.f) v.u = 0x7ff8000000000000ull;
        h = mix(h, &v, sizeof v);
      }
    }
  }
  return h;
}

typedef struct outcome {
  uint64_t hash;
  unsigned nmesgs;
  int status;
  uint64_t err_off;
} outcome;

static void run(bks_fit_decoder *d, const uint8_t *p, size_t n, size_t chunk, outcome *o) {
  memset(o, 0, sizeof *o);
  o->hash = 0xcbf29ce484222325ull;
  bks_fit_decoder_reset(d);
  int rc = BKS_MORE;
  size_t off = 0;
  while (off < n && rc >= 0) {
    size_t end = n - off > chunk ? off + chunk : n;
    // a chunk may hold several messages: keep feeding its rest
    while (off < end) {
      size_t used = 0;
      rc = bks_fit_decoder_feed(d, p + off, end - off, &used);
      if (used > end - off) abort();
      off += used;
      if (rc == BKS_ITEM) {
        o->hash = hash_mesg(o->hash, bks_fit_decoder_mesg(d));
        o->nmesgs++;
      } else if (rc < 0) {
        break;
      } else if (off != end) {
        abort(); // BKS_MORE means everything given was taken
      }
    }
  }
  o->status = rc < 0 ? rc : bks_fit_decoder_finish(d);
  o->err_off = o->status < 0 ? bks_fit_decoder_error_offset(d) : 0;
}

static void on_mesg(const bks_fit_mesg *m, void *ctx) {
  outcome *o = ctx;
  o->hash = hash_mesg(o->hash, m);
  o->nmesgs++;
}

// the whole buffer through the callback interface
static void run_all(bks_fit_decoder *d, const uint8_t *p, size_t n, outcome *o) {
  memset(o, 0, sizeof *o);
  o->hash = 0xcbf29ce484222325ull;
  bks_fit_decoder_reset(d);
  int rc = bks_fit_decoder_feed_all(d, p, n, on_mesg, o);
  o->status = rc < 0 ? rc : bks_fit_decoder_finish(d);
  o->err_off = o->status < 0 ? bks_fit_decoder_error_offset(d) : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static bks_fit_decoder *d;
  if (!d && bks_fit_decoder_new(NULL, &d) != BKS_OK) abort();
  if (size == 0) return 0;
  size_t chunk = 1 + data[0] % 64;
  outcome whole, pieces;
  run_all(d, data, size, &whole);
  run(d, data, size, chunk, &pieces);
  if (whole.hash != pieces.hash || whole.nmesgs != pieces.nmesgs || whole.status != pieces.status ||
      whole.err_off != pieces.err_off) {
    abort();
  }
  return 0;
}
