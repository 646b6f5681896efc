// Unit tests of the FIT decoder on files built byte by byte here, so that each protocol rule is
// checked in isolation, plus chunking invariance on the real files when ../shared/data is present.
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/fit.h"
#include "harness.h"

//---- a tiny FIT file builder ----

typedef struct fb {
  uint8_t b[4096];
  size_t n;
  size_t start; // where the current file began
} fb;

static void put(fb *f, const void *p, size_t n) {
  memcpy(f->b + f->n, p, n);
  f->n += n;
}
static void u8(fb *f, unsigned v) { f->b[f->n++] = (uint8_t)v; }
static void u16le(fb *f, unsigned v) { u8(f, v & 0xFF), u8(f, v >> 8); }
static void u32le(fb *f, uint32_t v) { u16le(f, v & 0xFFFF), u16le(f, v >> 16); }

static void begin(fb *f, unsigned hsize) {
  f->start = f->n;
  u8(f, hsize);
  u8(f, 0x20);
  u16le(f, 2132);
  u32le(f, 0); // data size, set by end()
  put(f, ".FIT", 4);
  if (hsize == 14) u16le(f, 0); // header CRC, set by end()
}

static void end(fb *f) {
  uint8_t *h = f->b + f->start;
  uint32_t size = (uint32_t)(f->n - f->start - h[0]);
  h[4] = (uint8_t)size, h[5] = (uint8_t)(size >> 8), h[6] = (uint8_t)(size >> 16);
  h[7] = (uint8_t)(size >> 24);
  if (h[0] == 14) {
    uint16_t c = bks_fit_crc16(0, h, 12);
    h[12] = (uint8_t)c, h[13] = (uint8_t)(c >> 8);
  }
  u16le(f, bks_fit_crc16(0, h, f->n - f->start));
}

// definition: fields as triplets {num, size, base type}
static void def(fb *f, unsigned local, unsigned global, int big, unsigned nf,
                const uint8_t *fields) {
  u8(f, 0x40 | local);
  u8(f, 0);
  u8(f, big ? 1 : 0);
  if (big) {
    u8(f, global >> 8), u8(f, global & 0xFF);
  } else {
    u16le(f, global);
  }
  u8(f, nf);
  put(f, fields, 3 * nf);
}

//---- decoding helpers ----

typedef struct decoded {
  bks_fit_decoder *d;
  int status;
  unsigned n;
  char json[64][512]; // a compact text of each message, to compare whole messages
  double get[64][8];
  uint64_t hash; // of every message's text
} decoded;

// feed all bytes in chunks of `chunk`, keep a text rendering of each message
static int decode(const uint8_t *p, size_t n, size_t chunk, decoded *out, const char **names,
                  unsigned nnames) {
  memset(out, 0, sizeof *out);
  if (bks_fit_decoder_new(NULL, &out->d) != BKS_OK) return -1;
  size_t off = 0;
  int rc = BKS_MORE;
  while (off < n && rc >= 0) {
    size_t k = n - off < chunk ? n - off : chunk, used;
    rc = bks_fit_decoder_feed(out->d, p + off, k, &used);
    off += used;
    if (rc == BKS_ITEM) {
      const bks_fit_mesg *m = bks_fit_decoder_mesg(out->d);
      char tmp[512];
      char *j = out->n < 64 ? out->json[out->n] : tmp;
      size_t o = (size_t)snprintf(j, 512, "%u", m->num);
      for (unsigned i = 0; i < m->nfields && o < 400; i++) {
        const bks_fit_fval *fv = &m->fields[i];
        const char *nm = bks_fit_fval_name(fv);
        o += (size_t)snprintf(j + o, 512 - o, " %s=", nm ? nm : "?");
        if (fv->vtype == BKS_FIT_VT_STR) {
          o += (size_t)snprintf(j + o, 512 - o, "'%.*s'", (int)fv->len, fv->str);
        } else {
          for (unsigned e = 0; e < fv->count && o < 480; e++) {
            o += (size_t)snprintf(j + o, 512 - o, "%s%g", e ? "," : "", fv->v[e].f);
          }
          if (fv->count == 0) o += (size_t)snprintf(j + o, 512 - o, "null");
        }
      }
      for (const char *c = j; *c; c++) out->hash = (out->hash ^ (uint8_t)*c) * 0x100000001b3ull;
      for (unsigned k2 = 0; k2 < nnames && k2 < 8 && out->n < 64; k2++) {
        out->get[out->n][k2] = bks_fit_fval_num(bks_fit_mesg_get(m, names[k2]));
      }
      out->n++;
    }
  }
  out->status = rc < 0 ? rc : bks_fit_decoder_finish(out->d);
  return out->status;
}

static void done(decoded *d) { bks_fit_decoder_free(d->d); }

//---- tests ----

// the FIT CRC, bit by bit, as the protocol defines it
static uint16_t crc_bitwise(const uint8_t *p, size_t n) {
  unsigned c = 0;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int b = 0; b < 8; b++) c = (c & 1) ? (c >> 1) ^ 0xA001u : c >> 1;
  }
  return (uint16_t)c;
}

// every entry of the slicing-by-8 tables is used by some byte value at some position of a 16-byte
// message: all of them against the bitwise definition, and every tail length
BKS_TEST(crc_tables) {
  uint8_t m[16];
  for (unsigned pos = 0; pos < 16; pos++) {
    for (unsigned v = 0; v < 256; v++) {
      memset(m, 0x5A, sizeof m);
      m[pos] = (uint8_t)v;
      BKS_CHECK_EQ_INT(bks_fit_crc16(0, m, sizeof m), crc_bitwise(m, sizeof m));
    }
  }
  uint8_t r[40];
  for (unsigned i = 0; i < sizeof r; i++) r[i] = (uint8_t)(i * 37 + 11);
  for (size_t n = 0; n <= sizeof r; n++) {
    BKS_CHECK_EQ_INT(bks_fit_crc16(0, r, n), crc_bitwise(r, n));
    // continuing from a partial CRC gives the same as one pass
    BKS_CHECK_EQ_INT(bks_fit_crc16(bks_fit_crc16(0, r, n / 3), r + n / 3, n - n / 3),
                     crc_bitwise(r, n));
  }
}

// a record with heart rate, and a 14-byte header with a valid header CRC
BKS_TEST(minimal_file) {
  fb f = {0};
  begin(&f, 14);
  static const uint8_t rec[] = {253, 4, 0x86, 3, 1, 0x02};
  def(&f, 0, 20, 0, 2, rec);
  u8(&f, 0);
  u32le(&f, 1000000000u);
  u8(&f, 150);
  end(&f);
  static decoded d;
  const char *names[] = {"timestamp", "heart_rate"};
  BKS_CHECK_EQ_INT(decode(f.b, f.n, f.n, &d, names, 2), BKS_END);
  BKS_CHECK_EQ_INT(d.n, 1);
  BKS_CHECK_NEAR(d.get[0][0], 1000000000.0, 0);
  BKS_CHECK_NEAR(d.get[0][1], 150, 0);
  BKS_CHECK_EQ_INT(bks_fit_decoder_files(d.d), 1);
  BKS_CHECK_EQ_INT(bks_fit_decoder_warnings(d.d, BKS_FIT_WARN_HEADER_CRC), 0);
  done(&d);
}

// the same message in big-endian and little-endian definitions decodes to the same values
BKS_TEST(big_endian) {
  fb f = {0};
  begin(&f, 12);
  static const uint8_t rec[] = {253, 4, 0x86, 6, 2, 0x84}; // timestamp, speed (uint16, /1000)
  def(&f, 0, 20, 1, 2, rec);
  u8(&f, 0);
  u8(&f, 0x3B), u8(&f, 0x9A), u8(&f, 0xCA), u8(&f, 0x00); // 1000000000 big-endian
  u8(&f, 0x0D), u8(&f, 0xAC);                             // 3500 → 3.5 m/s
  end(&f);
  static decoded d;
  const char *names[] = {"timestamp", "speed", "enhanced_speed"};
  BKS_CHECK_EQ_INT(decode(f.b, f.n, f.n, &d, names, 3), BKS_END);
  BKS_CHECK_EQ_INT(d.n, 1);
  BKS_CHECK_NEAR(d.get[0][0], 1000000000.0, 0);
  BKS_CHECK_NEAR(d.get[0][1], 3.5, 1e-12);
  // speed's component expands into enhanced_speed
  BKS_CHECK_NEAR(d.get[0][2], 3.5, 1e-12);
  done(&d);
}

// invalid values are dropped; in arrays they become null (NaN), except in byte arrays
BKS_TEST(invalid_values) {
  fb f = {0};
  begin(&f, 14);
  // record: heart_rate invalid (0xFF), power valid
  static const uint8_t rec[] = {3, 1, 0x02, 7, 2, 0x84};
  def(&f, 0, 20, 0, 2, rec);
  u8(&f, 0);
  u8(&f, 0xFF);
  u16le(&f, 250);
  end(&f);
  static decoded d;
  const char *names[] = {"heart_rate", "power"};
  BKS_CHECK_EQ_INT(decode(f.b, f.n, f.n, &d, names, 2), BKS_END);
  BKS_CHECK(isnan(d.get[0][0]));
  BKS_CHECK_NEAR(d.get[0][1], 250, 0);
  BKS_CHECK(strstr(d.json[0], "heart_rate") == NULL);
  done(&d);
}

// FIT: a compressed timestamp header adds its 5-bit offset to the last full timestamp, with rollover
BKS_TEST(compressed_timestamp) {
  fb f = {0};
  begin(&f, 14);
  static const uint8_t full[] = {253, 4, 0x86, 3, 1, 0x02};
  static const uint8_t hr[] = {3, 1, 0x02};
  def(&f, 0, 20, 0, 2, full);
  def(&f, 1, 20, 0, 1, hr);
  u8(&f, 0);
  u32le(&f, 1000000030u); // low 5 bits: 30
  u8(&f, 100);
  u8(&f, 0x80 | (1 << 5) | 31); // +1 s
  u8(&f, 101);
  u8(&f, 0x80 | (1 << 5) | 2); // rolls over: 1000000031 → ...034
  u8(&f, 102);
  end(&f);
  static decoded d;
  const char *names[] = {"timestamp", "heart_rate"};
  BKS_CHECK_EQ_INT(decode(f.b, f.n, f.n, &d, names, 2), BKS_END);
  BKS_CHECK_EQ_INT(d.n, 3);
  BKS_CHECK_NEAR(d.get[1][0], 1000000031.0, 0);
  BKS_CHECK_NEAR(d.get[2][0], 1000000034.0, 0);
  BKS_CHECK_NEAR(d.get[2][1], 102, 0);
  done(&d);
}

// sub-field: event.data read as timer_trigger when event == timer (0)
BKS_TEST(subfield) {
  fb f = {0};
  begin(&f, 14);
  static const uint8_t ev[] = {0, 1, 0x00, 1, 1, 0x00, 3, 4, 0x86};
  def(&f, 0, 21, 0, 3, ev);
  u8(&f, 0);
  u8(&f, 0), u8(&f, 0);
  u32le(&f, 1);
  end(&f);
  static decoded d;
  const char *names[] = {"data", "timer_trigger"};
  BKS_CHECK_EQ_INT(decode(f.b, f.n, f.n, &d, names, 2), BKS_END);
  BKS_CHECK_NEAR(d.get[0][0], 1, 0);
  BKS_CHECK_NEAR(d.get[0][1], 1, 0);
  done(&d);
}

// components and accumulation: record.compressed_speed_distance → speed (12 bits /100) and
// distance (12 bits /16, accumulated across messages with rollover)
BKS_TEST(components_accumulate) {
  fb f = {0};
  begin(&f, 14);
  static const uint8_t rec[] = {8, 3, 0x0D};
  def(&f, 0, 20, 0, 1, rec);
  // speed 2.50 m/s (250), distance 4000/16 = 250 m
  u8(&f, 0), u8(&f, 250 & 0xFF), u8(&f, (250 >> 8) | ((4000 & 0xF) << 4)), u8(&f, 4000 >> 4);
  // distance field wraps: 100/16 → 4096 + 100 = 4196 → 262.25 m
  u8(&f, 0), u8(&f, 250 & 0xFF), u8(&f, (250 >> 8) | ((100 & 0xF) << 4)), u8(&f, 100 >> 4);
  // speed exactly 3 m/s: the reference SDK joins 3 and its offset array [0] as text ("30"), so
  // the enhanced_speed it expands from that raw value is 30; we print what it prints
  u8(&f, 0), u8(&f, 300 & 0xFF), u8(&f, (300 >> 8) | ((200 & 0xF) << 4)), u8(&f, 200 >> 4);
  end(&f);
  static decoded d;
  const char *names[] = {"speed", "distance", "enhanced_speed"};
  BKS_CHECK_EQ_INT(decode(f.b, f.n, f.n, &d, names, 3), BKS_END);
  BKS_CHECK_EQ_INT(d.n, 3);
  BKS_CHECK_NEAR(d.get[0][0], 2.5, 1e-12);
  BKS_CHECK_NEAR(d.get[0][1], 250, 1e-12);
  BKS_CHECK_NEAR(d.get[0][2], 2.5, 1e-12);
  BKS_CHECK_NEAR(d.get[1][1], 4196.0 / 16, 1e-12);
  BKS_CHECK_NEAR(d.get[2][0], 3, 1e-12);
  BKS_CHECK_NEAR(d.get[2][1], (4096.0 + 200) / 16, 1e-12);
  BKS_CHECK_NEAR(d.get[2][2], 30, 1e-12);
  done(&d);
}

// developer fields: declared by developer_data_id + field_description, decoded with their type,
// scale, offset, units and name
BKS_TEST(developer_fields) {
  fb f = {0};
  begin(&f, 14);
  static const uint8_t did[] = {3, 1, 0x02}; // developer_data_index
  def(&f, 0, 207, 0, 1, did);
  u8(&f, 0), u8(&f, 0);
  // field_description: index, field number, base type, name, scale, offset, units
  static const uint8_t fd[] = {0,    1, 0x02, 1,    1, 0x02, 2,    1, 0x02, 3,   8,
                               0x07, 6, 1,    0x02, 7, 1,    0x01, 8, 4,    0x07};
  def(&f, 1, 206, 0, 7, fd);
  u8(&f, 1), u8(&f, 0), u8(&f, 0), u8(&f, 0x84);
  put(&f, "Power\0\0\0", 8);
  u8(&f, 10), u8(&f, 0);
  put(&f, "W\0\0\0", 4);
  // a record with one developer field (uint16 raw 2505 → 250.5 W)
  u8(&f, 0x60 | 2), u8(&f, 0), u8(&f, 0), u16le(&f, 20), u8(&f, 1);
  u8(&f, 3), u8(&f, 1), u8(&f, 0x02);
  u8(&f, 1);                       // one developer field
  u8(&f, 0), u8(&f, 2), u8(&f, 0); // field 0, 2 bytes, developer index 0
  u8(&f, 2), u8(&f, 140), u16le(&f, 2505);
  end(&f);
  static decoded d;
  const char *names[] = {"heart_rate", "Power"};
  BKS_CHECK_EQ_INT(decode(f.b, f.n, f.n, &d, names, 2), BKS_END);
  BKS_CHECK_EQ_INT(d.n, 3);
  BKS_CHECK_NEAR(d.get[2][0], 140, 0);
  BKS_CHECK_NEAR(d.get[2][1], 250.5, 1e-12);
  BKS_CHECK(strstr(d.json[1], "field_name='Power'") != NULL);
  done(&d);
}

// strings: malformed UTF-8 is dropped, the text ends at the first NUL
BKS_TEST(strings) {
  fb f = {0};
  begin(&f, 14);
  static const uint8_t fid[] = {8, 12, 0x07}; // file_id.product_name
  def(&f, 0, 0, 0, 1, fid);
  u8(&f, 0);
  put(&f, "Ru\xC3\xA9n\xFF\x80x\0yz\0", 12);
  end(&f);
  static decoded d;
  BKS_CHECK_EQ_INT(decode(f.b, f.n, f.n, &d, NULL, 0), BKS_END);
  BKS_CHECK(strstr(d.json[0], "product_name='Ru\xC3\xA9nx'") != NULL);
  done(&d);
}

// two files back to back decode as one stream
BKS_TEST(chained_files) {
  fb f = {0};
  static const uint8_t rec[] = {3, 1, 0x02};
  for (int k = 0; k < 2; k++) {
    begin(&f, 14);
    def(&f, 0, 20, 0, 1, rec);
    u8(&f, 0), u8(&f, 100 + (unsigned)k);
    end(&f);
  }
  static decoded d;
  const char *names[] = {"heart_rate"};
  BKS_CHECK_EQ_INT(decode(f.b, f.n, f.n, &d, names, 1), BKS_END);
  BKS_CHECK_EQ_INT(d.n, 2);
  BKS_CHECK_NEAR(d.get[1][0], 101, 0);
  BKS_CHECK_EQ_INT(bks_fit_decoder_files(d.d), 2);
  done(&d);
}

// damage: each error names its offset, and the messages before it are kept
BKS_TEST(errors) {
  fb f = {0};
  begin(&f, 14);
  static const uint8_t rec[] = {3, 1, 0x02};
  def(&f, 0, 20, 0, 1, rec);
  u8(&f, 0), u8(&f, 100);
  u8(&f, 0), u8(&f, 101);
  end(&f);
  static decoded d;
  // truncated in the middle of the second record
  BKS_CHECK_EQ_INT(decode(f.b, 14 + 9 + 3, 7, &d, NULL, 0), BKS_E_TRUNCATED);
  BKS_CHECK_EQ_INT(d.n, 1);
  done(&d);
  // a flipped bit: the CRC catches it after both messages
  f.b[14 + 9 + 1] ^= 0x01;
  BKS_CHECK_EQ_INT(decode(f.b, f.n, f.n, &d, NULL, 0), BKS_E_CRC);
  BKS_CHECK_EQ_INT(d.n, 2);
  BKS_CHECK_EQ_INT(bks_fit_decoder_error_offset(d.d), f.n - 2);
  done(&d);
  f.b[14 + 9 + 1] ^= 0x01;
  // not FIT at all
  BKS_CHECK_EQ_INT(decode((const uint8_t *)"hello, world", 12, 3, &d, NULL, 0), BKS_E_FORMAT);
  done(&d);
  // empty
  BKS_CHECK_EQ_INT(decode(f.b, 0, 1, &d, NULL, 0), BKS_E_FORMAT);
  done(&d);
  // a data message whose local number has no definition
  fb g = {0};
  begin(&g, 14);
  u8(&g, 3), u8(&g, 1);
  end(&g);
  BKS_CHECK_EQ_INT(decode(g.b, g.n, g.n, &d, NULL, 0), BKS_E_CORRUPT);
  BKS_CHECK_EQ_INT(bks_fit_decoder_error_offset(d.d), 14);
  done(&d);
  // an unknown base type
  fb h = {0};
  begin(&h, 14);
  static const uint8_t badtype[] = {3, 1, 0x1F};
  def(&h, 0, 20, 0, 1, badtype);
  end(&h);
  BKS_CHECK_EQ_INT(decode(h.b, h.n, h.n, &d, NULL, 0), BKS_E_CORRUPT);
  done(&d);
  // trailing bytes that are not another FIT file
  memcpy(g.b, f.b, f.n);
  memcpy(g.b + f.n, "\0\0\0", 3);
  BKS_CHECK_EQ_INT(decode(g.b, f.n + 3, 5, &d, NULL, 0), BKS_E_FORMAT);
  BKS_CHECK_EQ_INT(d.n, 2);
  BKS_CHECK_EQ_INT(bks_fit_decoder_error_offset(d.d), f.n);
  done(&d);
}

// a bad header CRC is a warning: the data are still read (as Garmin's SDK does)
BKS_TEST(header_crc_warning) {
  fb f = {0};
  begin(&f, 14);
  static const uint8_t rec[] = {3, 1, 0x02};
  def(&f, 0, 20, 0, 1, rec);
  u8(&f, 0), u8(&f, 100);
  end(&f);
  f.b[12] ^= 0x55;
  // the file CRC covers the header bytes too: fix it up so only the header CRC is wrong
  uint16_t c = bks_fit_crc16(0, f.b, f.n - 2);
  f.b[f.n - 2] = (uint8_t)c, f.b[f.n - 1] = (uint8_t)(c >> 8);
  static decoded d;
  BKS_CHECK_EQ_INT(decode(f.b, f.n, f.n, &d, NULL, 0), BKS_END);
  BKS_CHECK_EQ_INT(bks_fit_decoder_warnings(d.d, BKS_FIT_WARN_HEADER_CRC), 1);
  done(&d);
}

static int is_fit(const char *name) {
  size_t n = strlen(name);
  return n > 4 && (strcmp(name + n - 4, ".fit") == 0 || strcmp(name + n - 4, ".FIT") == 0);
}

static unsigned check_tree(const char *dir) {
  unsigned files = 0;
  DIR *dp = opendir(dir);
  if (!dp) return 0;
  struct dirent *e;
  while ((e = readdir(dp))) {
    if (e->d_name[0] == '.') continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (!is_fit(e->d_name)) {
      files += check_tree(path);
      continue;
    }
    FILE *fp = fopen(path, "rb");
    if (!fp) continue;
    static uint8_t buf[8 << 20];
    size_t n = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    static decoded a, b;
    int ra = decode(buf, n, n, &a, NULL, 0);
    for (size_t chunk = 1; chunk <= 4099; chunk = chunk * 3 + 2) {
      int rb = decode(buf, n, chunk, &b, NULL, 0);
      BKS_CHECK_EQ_INT(ra, rb);
      BKS_CHECK_EQ_INT(a.n, b.n);
      if (a.hash != b.hash) {
        fprintf(stderr, "%s: chunk %zu: messages differ\n", path, chunk);
        bks_test_failures++;
      }
      done(&b);
    }
    done(&a);
    files++;
  }
  closedir(dp);
  return files;
}

// every real FIT file gives the same messages whatever the chunking
BKS_TEST(chunking_real_files) {
  const char *data = bks_test_shared_data();
  if (!data) BKS_SKIP("../shared/data is absent");
  unsigned n = check_tree(data);
  BKS_CHECK(n > 10);
}

BKS_TEST_MAIN(BKS_CASE(crc_tables), BKS_CASE(minimal_file), BKS_CASE(big_endian),
              BKS_CASE(invalid_values), BKS_CASE(compressed_timestamp), BKS_CASE(subfield),
              BKS_CASE(components_accumulate), BKS_CASE(developer_fields), BKS_CASE(strings),
              BKS_CASE(chained_files), BKS_CASE(errors), BKS_CASE(header_crc_warning),
              BKS_CASE(chunking_real_files))
