// Streaming FIT decoder.
//
// The byte-level state machine (header → records → CRC → next chained file) is here; turning a
// data message's bytes into values, sub-fields and components is in fit_values.c. Both follow the
// decoding rules of Garmin's JavaScript SDK 21.217.0 so that `backstride fit dump` prints what it
// prints; where that SDK stops on valid input, we go on (docs/fit.md lists those places).
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/alloc.h"
#include "fit_internal.h"

void bks_fit_default_cfg(bks_fit_cfg *cfg) {
  cfg->check_crc = 1;
  cfg->compressed_timestamps = 1;
}

int bks_fit_decoder_new(const bks_fit_cfg *cfg, bks_fit_decoder **out) {
  bks_fit_decoder *d = bks_calloc(1, sizeof *d);
  if (!d) return BKS_E_NOMEM;
  if (cfg) {
    d->cfg = *cfg;
  } else {
    bks_fit_default_cfg(&d->cfg);
  }
  bks_fit_decoder_reset(d);
  *out = d;
  return BKS_OK;
}

void bks_fit_decoder_free(bks_fit_decoder *d) { free(d); }

void bks_fit_decoder_reset(bks_fit_decoder *d) {
  bks_fit_cfg cfg = d->cfg;
  // the big arrays need no clearing: every entry is written before it is read
  d->state = ST_FILE_START;
  d->pos = 0;
  d->stash_len = 0;
  d->span_start = d->span_end = NULL;
  d->err = BKS_OK;
  d->err_off = 0;
  d->errmsg[0] = '\0';
  d->files = 0;
  d->last_timestamp = 0;
  d->ndev_ids = 0;
  d->ndev = 0;
  d->naccum = 0;
  memset(d->warn, 0, sizeof d->warn);
  for (int i = 0; i < BKS_FIT_LOCAL_MESGS; i++) d->local[i].defined = 0;
  d->cfg = cfg;
  d->mesg.nfields = 0;
  d->mesg.fields = d->fv;
}

const bks_fit_mesg *bks_fit_decoder_mesg(const bks_fit_decoder *d) { return &d->mesg; }
const char *bks_fit_decoder_errmsg(const bks_fit_decoder *d) { return d->errmsg; }
uint64_t bks_fit_decoder_error_offset(const bks_fit_decoder *d) { return d->err_off; }
unsigned bks_fit_decoder_files(const bks_fit_decoder *d) { return d->files; }

unsigned bks_fit_decoder_warnings(const bks_fit_decoder *d, int w) {
  return (w >= 0 && w < BKS_FIT_NWARN) ? d->warn[w] : 0;
}

// record a sticky error at input offset `off`
static int fail(bks_fit_decoder *d, int rc, uint64_t off, const char *fmt, ...) BKS_PRINTF(4, 5);
static int fail(bks_fit_decoder *d, int rc, uint64_t off, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(d->errmsg, sizeof d->errmsg, fmt, ap);
  va_end(ap);
  d->err = rc;
  d->err_off = off;
  return rc;
}

// Return a pointer to the next `k` bytes of the current unit, or NULL when the input ran out
// first (then everything available has gone into the stash and is counted as consumed). Whole
// units inside the caller's buffer are used in place, so a whole-file feed copies nothing.
static const uint8_t *take(bks_fit_decoder *d, const uint8_t **buf, size_t *n, size_t k) {
  if (d->stash_len == 0 && *n >= k) {
    const uint8_t *p = *buf;
    *buf += k;
    *n -= k;
    return p;
  }
  size_t want = k - d->stash_len, got = *n < want ? *n : want;
  memcpy(d->stash + d->stash_len, *buf, got);
  d->stash_len += got;
  *buf += got;
  *n -= got;
  if (d->stash_len < k) return NULL;
  return d->stash;
}

// fold the pending span of the caller's buffer into the CRC
static void flush_crc(bks_fit_decoder *d) {
  if (d->span_end != d->span_start) {
    d->crc = bks_fit_crc16(d->crc, d->span_start, (size_t)(d->span_end - d->span_start));
  }
  d->span_start = d->span_end = NULL;
}

// A unit of `k` bytes at d->pos is complete. Units that follow each other in the caller's buffer
// are checksummed later as one span: the CRC then runs over long stretches, not record by record.
// A unit assembled in the stash is checksummed at once (the stash is reused for the next unit).
static void advance(bks_fit_decoder *d, const uint8_t *p, size_t k) {
  if (p == d->stash) {
    flush_crc(d);
    d->crc = bks_fit_crc16(d->crc, p, k);
  } else if (p == d->span_end) {
    d->span_end += k;
  } else {
    flush_crc(d);
    d->span_start = p;
    d->span_end = p + k;
  }
  d->pos += k;
  d->stash_len = 0;
}

static uint16_t rd16(const uint8_t *p, int big) {
  return big ? (uint16_t)((unsigned)p[0] << 8 | p[1]) : (uint16_t)((unsigned)p[1] << 8 | p[0]);
}

static uint32_t rd32le(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

// parse a 12- or 14-byte file header
static int file_header(bks_fit_decoder *d, const uint8_t *h, unsigned size) {
  if (memcmp(h + 8, ".FIT", 4) != 0) {
    return fail(d, BKS_E_FORMAT, d->pos + 8, "no \".FIT\" signature in the file header");
  }
  if (size == 14) {
    uint16_t want = rd16(h + 12, 0);
    if (want != 0 && want != bks_fit_crc16(0, h, 12)) d->warn[BKS_FIT_WARN_HEADER_CRC]++;
  }
  d->data_end = d->pos + size + rd32le(h + 4);
  flush_crc(d);
  d->crc = 0;
  advance(d, h, size);
  return BKS_OK;
}

// parse the fixed part and field list of a definition message into local message `lm`
static int definition(bks_fit_decoder *d, unsigned lm, const uint8_t *p, unsigned nfields,
                      const uint8_t *devp, unsigned ndev) {
  bks_fit_local *l = &d->local[lm];
  // devices repeat the same definition often: keep the plan when nothing changed
  size_t nfix = 5 + 3u * nfields, ndevb = 3u * ndev;
  if (l->defined && l->rawlen == nfix + ndevb && memcmp(l->raw, p, nfix) == 0 &&
      (ndevb == 0 || memcmp(l->raw + nfix, devp, ndevb) == 0)) {
    return BKS_OK;
  }
  memcpy(l->raw, p, nfix);
  if (ndevb) memcpy(l->raw + nfix, devp, ndevb);
  l->rawlen = (uint16_t)(nfix + ndevb);
  l->big_endian = p[1] != 0;
  l->global = rd16(p + 2, l->big_endian);
  l->def = bks_fit_mesg_by_num(l->global);
  l->nfields = (uint16_t)nfields;
  l->ndev = (uint16_t)ndev;
  l->has_sub = 0;
  l->has_extra = l->global == 206 || l->global == 207;
  uint32_t off = 0;
  for (unsigned i = 0; i < nfields; i++) {
    const uint8_t *f = p + 5 + 3 * i;
    bks_fit_plan *pl = &l->fields[i];
    unsigned bt = f[2] & 0x1Fu;
    if (bt >= BKS_FIT_NBASE) {
      l->defined = 0;
      return fail(d, BKS_E_CORRUPT, d->pos + 6 + 3 * i,
                  "definition of local message %u: field %u has unknown base type 0x%02x", lm, f[0],
                  f[2]);
    }
    pl->num = f[0];
    pl->size = f[1];
    pl->base = (uint8_t)bt;
    pl->off = (uint16_t)off;
    pl->prof = l->def ? bks_fit_field_by_num(l->def, f[0]) : NULL;
    bks__fit_plan_field(pl, l->global, l->big_endian);
    off += f[1];
    if (pl->prof && pl->prof->nsub) l->has_sub = 1;
    if (pl->prof && (pl->prof->ncomp || pl->prof->accumulated)) l->has_extra = 1;
  }
  // only messages with sub-fields, components or developer data look fields up again
  for (unsigned i = 0; i < nfields; i++) {
    bks_fit_plan *pl = &l->fields[i];
    if (!pl->prof) continue;
    if (l->has_sub || l->has_extra) pl->flags |= PLAN_TRACK;
    if (l->has_extra && pl->prof->ncomp) pl->flags |= PLAN_COMP;
    if (l->has_extra && pl->prof->accumulated) pl->flags |= PLAN_ACCUM;
  }
  for (unsigned i = 0; i < ndev; i++) {
    const uint8_t *f = devp + 3 * i;
    l->dev[i].num = f[0];
    l->dev[i].size = f[1];
    l->dev[i].dev_index = f[2];
    l->dev[i].off = (uint16_t)off;
    off += f[1];
  }
  l->size = off;
  l->defined = 1;
  return BKS_OK;
}

// a data message was decoded with status `rc`: hand it to the callback (and go on), or return it
static int ready(bks_fit_decoder *d, int rc, bks_fit_mesg_cb on_mesg, void *ctx) {
  if (rc != BKS_ITEM) return rc < 0 ? rc : BKS_MORE;
  if (!on_mesg) return BKS_ITEM;
  on_mesg(&d->mesg, ctx);
  return BKS_MORE;
}

static int feed(bks_fit_decoder *d, const uint8_t *buf, size_t n, size_t *consumed,
                bks_fit_mesg_cb on_mesg, void *ctx) {
  const uint8_t *start = buf;
  int rc = BKS_MORE;
  if (d->err < 0) {
    *consumed = 0;
    return d->err;
  }
  // go on while there are bytes, or a step that needs none: the record header check, the CRC
  // state's end-of-data test, or a unit already complete in the stash (a definition whose parts
  // arrived in earlier chunks)
  while (rc == BKS_MORE && (n > 0 || d->state == ST_RECORD_HEADER || d->state == ST_CRC ||
                            (d->stash_len > 0 && d->stash_len >= d->unit))) {
    const uint8_t *p;
    switch (d->state) {
    case ST_FILE_START:
      // FIT: byte 0 of a file header is its size, 12 (old) or 14 (with header CRC)
      if (buf[0] != 12 && buf[0] != 14) {
        rc = d->files ? fail(d, BKS_E_FORMAT, d->pos,
                             "%zu bytes after the end of the FIT file are not another FIT file", n)
                      : fail(d, BKS_E_FORMAT, d->pos,
                             "not a FIT file (header size byte is %u, not 12 or 14)", buf[0]);
        break;
      }
      d->unit = buf[0];
      d->state = ST_FILE_HEADER;
      break;
    case ST_FILE_HEADER:
      if (!(p = take(d, &buf, &n, d->unit))) break;
      if ((rc = file_header(d, p, d->unit)) < 0) break;
      rc = BKS_MORE;
      d->state = ST_RECORD_HEADER;
      break;
    case ST_RECORD_HEADER:
      if (d->pos >= d->data_end) {
        d->state = ST_CRC;
        break;
      }
      if (n == 0) goto out;
      d->rec = buf[0];
      if (d->rec & 0x80) {
        // FIT: compressed timestamp header: local message in bits 5-6, time offset in bits 0-4
        unsigned lm = (d->rec >> 5) & 3u;
        if (!d->cfg.compressed_timestamps) {
          rc = fail(d, BKS_E_UNSUPPORTED, d->pos, "compressed timestamp header (stopping here)");
          break;
        }
        if (!d->local[lm].defined) {
          rc = fail(d, BKS_E_CORRUPT, d->pos,
                    "data message for local message %u, which has no definition", lm);
          break;
        }
        d->unit = 1 + d->local[lm].size;
        d->state = ST_DATA;
      } else if (d->rec & 0x40) {
        d->unit = 6; // header, reserved, architecture, global number, field count
        d->state = ST_DEF_FIXED;
      } else {
        unsigned lm = d->rec & 0x0Fu;
        if (!d->local[lm].defined) {
          rc = fail(d, BKS_E_CORRUPT, d->pos,
                    "data message for local message %u, which has no definition", lm);
          break;
        }
        d->unit = 1 + d->local[lm].size;
        if (d->stash_len == 0 && n >= d->unit) {
          // the whole message is in the caller's buffer: decode it in place
          uint64_t off = d->pos;
          p = buf;
          buf += d->unit;
          n -= d->unit;
          advance(d, p, d->unit);
          rc = ready(d, bks__fit_data_message(d, p, off), on_mesg, ctx);
          break;
        }
        d->state = ST_DATA;
      }
      break;
    case ST_DEF_FIXED:
      if (!(p = take(d, &buf, &n, d->unit))) break;
      d->def_nfields = p[5];
      d->unit = 6 + 3u * p[5] + ((d->rec & 0x20) ? 1u : 0u);
      d->state = ST_DEF_FIELDS;
      // the fixed part stays in place: re-read it with the fields as one unit
      if (p != d->stash) {
        buf -= 6;
        n += 6;
      }
      d->stash_len = p == d->stash ? 6 : 0;
      break;
    case ST_DEF_FIELDS:
      if (!(p = take(d, &buf, &n, d->unit))) break;
      if (d->rec & 0x20) {
        // developer fields follow: their count is the last byte of this unit
        d->def_ndev = p[d->unit - 1];
        unsigned full = d->unit + 3u * d->def_ndev;
        if (p != d->stash) {
          buf -= d->unit;
          n += d->unit;
        }
        d->stash_len = p == d->stash ? d->unit : 0;
        d->unit = full;
        d->state = ST_DEF_DEV;
        break;
      }
      rc = definition(d, d->rec & 0x0Fu, p + 1, d->def_nfields, NULL, 0);
      if (rc < 0) break;
      rc = BKS_MORE;
      advance(d, p, d->unit);
      d->state = ST_RECORD_HEADER;
      break;
    case ST_DEF_DEV: {
      if (!(p = take(d, &buf, &n, d->unit))) break;
      unsigned devstart = 6 + 3u * d->def_nfields + 1;
      rc = definition(d, d->rec & 0x0Fu, p + 1, d->def_nfields, p + devstart, d->def_ndev);
      if (rc < 0) break;
      rc = BKS_MORE;
      advance(d, p, d->unit);
      d->state = ST_RECORD_HEADER;
      break;
    }
    case ST_DATA: {
      if (!(p = take(d, &buf, &n, d->unit))) break;
      uint64_t off = d->pos;
      advance(d, p, d->unit);
      d->state = ST_RECORD_HEADER;
      rc = ready(d, bks__fit_data_message(d, p, off), on_mesg, ctx);
      break;
    }
    case ST_CRC: {
      if (n == 0) goto out;
      if (!(p = take(d, &buf, &n, 2))) break;
      flush_crc(d);
      uint16_t want = rd16(p, 0), got = d->crc;
      uint64_t off = d->pos;
      d->pos += 2;
      d->stash_len = 0;
      if (want != got) {
        if (d->cfg.check_crc) {
          rc = fail(d, BKS_E_CRC, off, "file CRC is 0x%04x but the data give 0x%04x", want, got);
          break;
        }
        d->warn[BKS_FIT_WARN_CRC]++;
      }
      d->files++;
      d->state = ST_FILE_START;
      break;
    }
    }
  }
out:
  // the caller's buffer may change after we return: checksum what we kept pointers to
  flush_crc(d);
  *consumed = (size_t)(buf - start);
  return rc;
}

int bks_fit_decoder_feed(bks_fit_decoder *d, const uint8_t *buf, size_t n, size_t *consumed) {
  return feed(d, buf, n, consumed, NULL, NULL);
}

int bks_fit_decoder_feed_all(bks_fit_decoder *d, const uint8_t *buf, size_t n,
                             bks_fit_mesg_cb on_mesg, void *ctx) {
  size_t used;
  return feed(d, buf, n, &used, on_mesg, ctx);
}

int bks_fit_decoder_finish(bks_fit_decoder *d) {
  if (d->err < 0) return d->err;
  if (d->state == ST_FILE_START && d->stash_len == 0) {
    if (d->files > 0) return BKS_END;
    return fail(d, BKS_E_FORMAT, 0, "empty file");
  }
  const char *what = "a record";
  switch (d->state) {
  case ST_FILE_START:
  case ST_FILE_HEADER:
    what = "the file header";
    break;
  case ST_CRC:
    what = "the file CRC";
    break;
  case ST_RECORD_HEADER:
    what = d->pos < d->data_end ? "the data records (the header promised more)" : "the file CRC";
    break;
  default:
    break;
  }
  uint64_t off = d->pos + d->stash_len;
  if (d->state == ST_RECORD_HEADER && d->pos < d->data_end) {
    return fail(d, BKS_E_TRUNCATED, off, "file ends inside %s: %llu bytes missing", what,
                (unsigned long long)(d->data_end - d->pos + 2));
  }
  return fail(d, BKS_E_TRUNCATED, off, "file ends inside %s", what);
}
