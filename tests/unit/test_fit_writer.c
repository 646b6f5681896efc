// FIT writer and the example run: the bytes read directly, a round trip through
// backstride's own decoder (whole buffer and 1 byte at a time), range and state errors, and the
// example run's determinism and physics.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/buf.h"
#include "example.h"
#include "backstride/fit.h"
#include "backstride/fit_writer.h"
#include "harness.h"

#define T0 1788679800.0 // 2026-09-06T07:30:00Z

//---- Helpers ----

static uint32_t rd_le(const uint8_t *p, unsigned n) {
  uint32_t v = 0;
  for (unsigned i = 0; i < n; i++) v |= (uint32_t)p[i] << (8 * i);
  return v;
}

// what a walk over a file's bytes found
typedef struct walk {
  int ok;                   // 1 when the walk reached the CRC exactly
  unsigned defs[16];        // definition messages per local number
  unsigned data[16];        // data messages per local number
  uint16_t global[16];      // global number of each local definition
  const uint8_t *first[16]; // first data message per local number (after its header byte)
} walk;

// Walk one FIT file as this writer lays it out (normal headers, little-endian definitions),
// independently of the decoder. Returns the file's size (header + data + CRC), 0 if malformed.
static size_t walk_file(const uint8_t *p, size_t n, walk *wk) {
  memset(wk, 0, sizeof *wk);
  if (n < 16 || p[0] != 14) return 0;
  size_t end = 14 + (size_t)rd_le(p + 4, 4);
  if (end + 2 > n) return 0;
  unsigned sizes[16] = {0};
  int defined[16] = {0};
  size_t i = 14;
  while (i < end) {
    uint8_t h = p[i++];
    if (h & 0x80) return 0; // compressed timestamps: the writer never makes them
    unsigned local = h & 0x0F;
    if (h & 0x40) {
      if (end - i < 5) return 0;
      unsigned nf = p[i + 4];
      wk->global[local] = (uint16_t)rd_le(p + i + 2, 2);
      i += 5;
      if (end - i < 3 * (size_t)nf) return 0;
      sizes[local] = 0;
      for (unsigned f = 0; f < nf; f++) sizes[local] += p[i + 3 * f + 1];
      i += 3 * (size_t)nf;
      defined[local] = 1;
      wk->defs[local]++;
    } else {
      if (!defined[local] || end - i < sizes[local]) return 0;
      if (!wk->data[local]) wk->first[local] = p + i;
      wk->data[local]++;
      i += sizes[local];
    }
  }
  wk->ok = i == end;
  return wk->ok ? end + 2 : 0;
}

static void small_record(bks_fitw_record *r, int i) {
  bks_fitw_record_init(r);
  r->timestamp = T0 + i;
  r->lat = 47.3769 + 0.0001 * i;
  r->lon = 8.5417 - 0.0001 * i;
  r->distance = 2.75 * i;
  r->speed = 2.75;
  r->altitude = 412.4;
  r->heart_rate = 150 + i;
  r->cadence_spm = 171.5;
  r->vertical_oscillation = 0.0853;
  r->stance_time = 0.2487;
  r->stance_time_balance = 50.25;
  r->step_length = 0.9621;
  r->vertical_ratio = 8.87;
}

// A small activity: file_id, timer start, three records (the second without heart rate, the third
// with power, a channel the definition lacks), timer stop, a lap, a session and an activity.
static int write_small(bks_buf *b) {
  bks_fitw w;
  int rc = bks_fitw_init(&w, b);
  if (rc < 0) return rc;

  bks_fitw_file_id id;
  bks_fitw_file_id_init(&id);
  id.type = BKS_FITW_FILE_ACTIVITY;
  id.manufacturer = BKS_FITW_MANUFACTURER_DEVELOPMENT;
  id.product = 7;
  id.serial_number = 4242;
  id.time_created = T0;
  if ((rc = bks_fitw_write_file_id(&w, &id)) < 0) return rc;

  bks_fitw_event ev;
  bks_fitw_event_init(&ev);
  ev.timestamp = T0;
  ev.event = BKS_FITW_EVENT_TIMER;
  ev.event_type = BKS_FITW_EVENT_TYPE_START;
  ev.data = BKS_FITW_TIMER_TRIGGER_MANUAL;
  if ((rc = bks_fitw_write_event(&w, &ev)) < 0) return rc;

  bks_fitw_record r;
  for (int i = 0; i < 3; i++) {
    small_record(&r, i);
    if (i == 1) r.heart_rate = NAN;
    if (i == 2) r.power = 231;
    if ((rc = bks_fitw_write_record(&w, &r)) < 0) return rc;
  }

  ev.timestamp = T0 + 2;
  ev.event_type = BKS_FITW_EVENT_TYPE_STOP_ALL;
  if ((rc = bks_fitw_write_event(&w, &ev)) < 0) return rc;

  bks_fitw_lap lap;
  bks_fitw_lap_init(&lap);
  lap.t.timestamp = T0 + 2;
  lap.t.start_time = T0;
  lap.t.total_elapsed_time = 2;
  lap.t.total_timer_time = 2;
  lap.t.total_distance = 5.5;
  lap.t.avg_speed = 2.75;
  lap.t.avg_cadence_spm = 171.5;
  lap.t.sport = BKS_FITW_SPORT_RUNNING;
  lap.lap_trigger = BKS_FITW_LAP_TRIGGER_SESSION_END;
  if ((rc = bks_fitw_write_lap(&w, &lap)) < 0) return rc;

  bks_fitw_session s;
  bks_fitw_session_init(&s);
  s.t = lap.t;
  s.t.avg_vertical_oscillation = 0.0853;
  s.t.avg_stance_time = 0.2487;
  s.t.avg_step_length = 0.9621;
  s.t.total_ascent = 3;
  s.trigger = BKS_FITW_SESSION_TRIGGER_ACTIVITY_END;
  if ((rc = bks_fitw_write_session(&w, &s)) < 0) return rc;

  bks_fitw_activity a;
  bks_fitw_activity_init(&a);
  a.timestamp = T0 + 2;
  a.total_timer_time = 2;
  a.type = BKS_FITW_ACTIVITY_MANUAL;
  a.local_timestamp = T0 + 2 + 7200;
  if ((rc = bks_fitw_write_activity(&w, &a)) < 0) return rc;

  return bks_fitw_finish(&w);
}

// decoded messages, collected by a visitor while the decoder runs
typedef struct visit {
  unsigned n;          // data messages
  unsigned by_num[64]; // per global number (those below 64)
  unsigned files;
  int rc_end; // bks_fit_decoder_finish's result
  void (*fn)(struct visit *v, const bks_fit_mesg *m);
  void *ctx;
} visit;

// Decode `n` bytes fed `chunk` at a time (0: all at once); the visitor sees each message.
static int decode(const uint8_t *p, size_t n, size_t chunk, visit *v) {
  bks_fit_decoder *d;
  int rc = bks_fit_decoder_new(NULL, &d);
  if (rc < 0) return rc;
  size_t off = 0;
  while (off < n) {
    size_t left = n - off, give = chunk && chunk < left ? chunk : left, used = 0;
    rc = bks_fit_decoder_feed(d, p + off, give, &used);
    off += used;
    if (rc == BKS_ITEM) {
      const bks_fit_mesg *m = bks_fit_decoder_mesg(d);
      v->n++;
      if (m->num < 64) v->by_num[m->num]++;
      if (v->fn) v->fn(v, m);
    } else if (rc < 0 || used == 0) {
      fprintf(stderr, "decoder at byte %zu: %s (%s)\n", off, bks_fit_decoder_errmsg(d),
              bks_status_name(rc));
      bks_fit_decoder_free(d);
      return rc < 0 ? rc : BKS_E_STATE;
    }
  }
  v->rc_end = bks_fit_decoder_finish(d);
  v->files = bks_fit_decoder_files(d);
  bks_fit_decoder_free(d);
  return BKS_OK;
}

static double num(const bks_fit_mesg *m, const char *name) {
  return bks_fit_fval_num(bks_fit_mesg_get(m, name));
}

// A decoded date_time as Unix seconds. fit.h does not say whether bks_fit_fval_num gives FIT or
// Unix seconds for date_time fields (fitref prints Unix); the times written here (2026) fall in
// ranges that cannot be confused, so either is read correctly.
static double unix_time(const bks_fit_mesg *m, const char *name) {
  double v = num(m, name);
  return v < 1.5e9 ? v + BKS_FIT_EPOCH_UNIX : v;
}

static const char *mesg_name(const bks_fit_mesg *m) { return m->def ? m->def->name : "?"; }

BKS_TEST(writer_header_and_crcs) {
  bks_buf b;
  bks_buf_init(&b);
  BKS_CHECK_EQ_INT(write_small(&b), BKS_OK);
  const uint8_t *p = b.data;
  BKS_CHECK(b.len > 16);
  // 14-byte header: size, protocol 2.0, profile 21.217, data size, ".FIT", header CRC
  BKS_CHECK_EQ_INT(p[0], 14);
  BKS_CHECK_EQ_INT(p[1], 0x20);
  BKS_CHECK_EQ_INT(rd_le(p + 2, 2), 21217);
  BKS_CHECK_EQ_INT(rd_le(p + 4, 4), b.len - 16);
  BKS_CHECK(memcmp(p + 8, ".FIT", 4) == 0);
  BKS_CHECK_EQ_INT(rd_le(p + 12, 2), bks_fit_crc16(0, p, 12));
  // the file CRC covers header and data; over all bytes, CRC included, it comes to 0
  BKS_CHECK_EQ_INT(rd_le(p + b.len - 2, 2), bks_fit_crc16(0, p, b.len - 2));
  BKS_CHECK_EQ_INT(bks_fit_crc16(0, p, b.len), 0);

  walk wk;
  BKS_CHECK_EQ_INT(walk_file(p, b.len, &wk), b.len);
  BKS_CHECK(wk.ok);
  // one definition per message type, but two for record: the third record brought power
  unsigned ndefs = 0, ndata = 0;
  for (int i = 0; i < 16; i++) ndefs += wk.defs[i], ndata += wk.data[i];
  BKS_CHECK_EQ_INT(ndefs, 7);
  BKS_CHECK_EQ_INT(ndata, 9);
  int rec = -1;
  for (int i = 0; i < 16; i++)
    if (wk.defs[i] && wk.global[i] == 20) rec = i;
  BKS_CHECK(rec >= 0);
  if (rec >= 0) {
    BKS_CHECK_EQ_INT(wk.defs[rec], 2);
    BKS_CHECK_EQ_INT(wk.data[rec], 3);
    // first record: timestamp (FIT seconds), then position_lat in semicircles
    const uint8_t *r0 = wk.first[rec];
    BKS_CHECK_EQ_INT(rd_le(r0, 4), (uint32_t)(T0 - BKS_FIT_EPOCH_UNIX));
    BKS_CHECK_EQ_INT((int32_t)rd_le(r0 + 4, 4), (int32_t)llround(47.3769 * 2147483648.0 / 180));
  }
  // file_id is the first message after the header
  BKS_CHECK_EQ_INT(p[14], 0x40);
  BKS_CHECK_EQ_INT(rd_le(p + 17, 2), 0);
  bks_buf_deinit(&b);
}

BKS_TEST(writer_dropout_written_as_invalid) {
  // a record without heart rate reuses the definition and carries 0xFF in its place
  bks_buf b;
  bks_buf_init(&b);
  bks_fitw w;
  BKS_CHECK_EQ_INT(bks_fitw_init(&w, &b), BKS_OK);
  bks_fitw_file_id id;
  bks_fitw_file_id_init(&id);
  id.type = BKS_FITW_FILE_ACTIVITY;
  BKS_CHECK_EQ_INT(bks_fitw_write_file_id(&w, &id), BKS_OK);
  bks_fitw_record r;
  bks_fitw_record_init(&r);
  r.timestamp = T0;
  r.heart_rate = 140;
  BKS_CHECK_EQ_INT(bks_fitw_write_record(&w, &r), BKS_OK);
  size_t before = b.len;
  r.timestamp = T0 + 1;
  r.heart_rate = NAN;
  BKS_CHECK_EQ_INT(bks_fitw_write_record(&w, &r), BKS_OK);
  // header byte, timestamp, heart rate: no new definition
  BKS_CHECK_EQ_INT(b.len - before, 6);
  BKS_CHECK_EQ_INT(b.data[before], 3); // local message of record
  BKS_CHECK_EQ_INT(rd_le(b.data + before + 1, 4), (uint32_t)(T0 + 1 - BKS_FIT_EPOCH_UNIX));
  BKS_CHECK_EQ_INT(b.data[before + 5], 0xFF);
  BKS_CHECK_EQ_INT(bks_fitw_finish(&w), BKS_OK);
  bks_buf_deinit(&b);
}

BKS_TEST(writer_chained_files) {
  // two files in one buffer, each with its own header and CRCs
  bks_buf b;
  bks_buf_init(&b);
  BKS_CHECK_EQ_INT(write_small(&b), BKS_OK);
  size_t first = b.len;
  BKS_CHECK_EQ_INT(write_small(&b), BKS_OK);
  BKS_CHECK_EQ_INT(b.len, 2 * first);
  BKS_CHECK(memcmp(b.data, b.data + first, first) == 0);
  walk wk;
  BKS_CHECK_EQ_INT(walk_file(b.data + first, b.len - first, &wk), first);
  BKS_CHECK_EQ_INT(bks_fit_crc16(0, b.data + first, first), 0);
  bks_buf_deinit(&b);
}

//---- Round trip through the decoder ----

typedef struct small_seen {
  unsigned records;
  int bad;
} small_seen;

static void check_small_mesg(visit *v, const bks_fit_mesg *m) {
  small_seen *s = v->ctx;
  const char *name = mesg_name(m);
  if (strcmp(name, "record") == 0) {
    int i = (int)s->records++;
    BKS_CHECK_NEAR(unix_time(m, "timestamp"), T0 + i, 0);
    BKS_CHECK_NEAR(num(m, "enhanced_speed"), 2.75, 0.0005);
    BKS_CHECK_NEAR(num(m, "distance"), 2.75 * i, 0.005);
    BKS_CHECK_NEAR(num(m, "enhanced_altitude"), 412.4, 0.1);
    // 171.5 steps/min = 85.75 strides/min: cadence 85, fractional_cadence 0.75
    BKS_CHECK_NEAR(num(m, "cadence"), 85, 0);
    BKS_CHECK_NEAR(num(m, "fractional_cadence"), 0.75, 1.0 / 256);
    BKS_CHECK_NEAR(num(m, "vertical_oscillation"), 85.3, 0.05); // mm
    BKS_CHECK_NEAR(num(m, "stance_time"), 248.7, 0.05);         // ms
    BKS_CHECK_NEAR(num(m, "stance_time_balance"), 50.25, 0.005);
    BKS_CHECK_NEAR(num(m, "step_length"), 962.1, 0.05); // mm
    BKS_CHECK_NEAR(num(m, "vertical_ratio"), 8.87, 0.005);
    BKS_CHECK_NEAR(num(m, "position_lat"), llround((47.3769 + 0.0001 * i) * 2147483648.0 / 180), 0);
    if (i == 1) {
      BKS_CHECK(isnan(num(m, "heart_rate"))); // the dropout reads as absent
    } else {
      BKS_CHECK_NEAR(num(m, "heart_rate"), 150 + i, 0);
    }
    if (i == 2) BKS_CHECK_NEAR(num(m, "power"), 231, 0);
    else BKS_CHECK(isnan(num(m, "power")));
  } else if (strcmp(name, "file_id") == 0) {
    BKS_CHECK_NEAR(num(m, "type"), 4, 0);
    BKS_CHECK_NEAR(num(m, "manufacturer"), 255, 0);
    BKS_CHECK_NEAR(num(m, "product"), 7, 0);
    BKS_CHECK_NEAR(num(m, "serial_number"), 4242, 0);
    BKS_CHECK_NEAR(unix_time(m, "time_created"), T0, 0);
  } else if (strcmp(name, "lap") == 0) {
    BKS_CHECK_NEAR(num(m, "message_index"), 0, 0);
    BKS_CHECK_NEAR(num(m, "total_elapsed_time"), 2, 0.0005);
    BKS_CHECK_NEAR(num(m, "total_distance"), 5.5, 0.005);
    BKS_CHECK_NEAR(num(m, "enhanced_avg_speed"), 2.75, 0.0005);
    BKS_CHECK_NEAR(num(m, "lap_trigger"), 7, 0);
    BKS_CHECK_NEAR(num(m, "sport"), 1, 0);
  } else if (strcmp(name, "session") == 0) {
    BKS_CHECK_NEAR(unix_time(m, "start_time"), T0, 0);
    BKS_CHECK_NEAR(num(m, "total_timer_time"), 2, 0.0005);
    BKS_CHECK_NEAR(num(m, "avg_cadence"), 85, 0);
    BKS_CHECK_NEAR(num(m, "avg_fractional_cadence"), 0.75, 1.0 / 256);
    BKS_CHECK_NEAR(num(m, "avg_vertical_oscillation"), 85.3, 0.05);
    BKS_CHECK_NEAR(num(m, "avg_stance_time"), 248.7, 0.05);
    BKS_CHECK_NEAR(num(m, "avg_step_length"), 962.1, 0.05);
    BKS_CHECK_NEAR(num(m, "total_ascent"), 3, 0);
    BKS_CHECK_NEAR(num(m, "first_lap_index"), 0, 0);
    BKS_CHECK_NEAR(num(m, "num_laps"), 1, 0);
  } else if (strcmp(name, "activity") == 0) {
    BKS_CHECK_NEAR(num(m, "num_sessions"), 1, 0);
    BKS_CHECK_NEAR(num(m, "total_timer_time"), 2, 0.0005);
  }
}

BKS_TEST(writer_roundtrip_decoder) {
  bks_buf b;
  bks_buf_init(&b);
  BKS_CHECK_EQ_INT(write_small(&b), BKS_OK);
  // whole buffer, 1 byte at a time, 7 bytes at a time: the same messages
  size_t chunks[] = {0, 1, 7};
  for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
    small_seen seen = {0, 0};
    visit v = {0};
    v.fn = check_small_mesg;
    v.ctx = &seen;
    BKS_CHECK_EQ_INT(decode(b.data, b.len, chunks[c], &v), BKS_OK);
    BKS_CHECK_EQ_INT(v.rc_end, BKS_END);
    BKS_CHECK_EQ_INT(v.files, 1);
    BKS_CHECK_EQ_INT(v.n, 9);
    BKS_CHECK_EQ_INT(v.by_num[0], 1);  // file_id
    BKS_CHECK_EQ_INT(v.by_num[21], 2); // event
    BKS_CHECK_EQ_INT(v.by_num[20], 3); // record
    BKS_CHECK_EQ_INT(v.by_num[19], 1); // lap
    BKS_CHECK_EQ_INT(v.by_num[18], 1); // session
    BKS_CHECK_EQ_INT(v.by_num[34], 1); // activity
    BKS_CHECK_EQ_INT(seen.records, 3);
  }
  bks_buf_deinit(&b);
}

//---- Errors ----

// write `r` and expect BKS_E_RANGE naming `field`, with nothing written
static void expect_range(bks_fitw *w, bks_buf *b, const bks_fitw_record *r, const char *field) {
  size_t len = b->len;
  int rc = bks_fitw_write_record(w, r);
  BKS_CHECK_EQ_INT(rc, BKS_E_RANGE);
  BKS_CHECK(strstr(bks_fitw_errmsg(w), field) != NULL);
  BKS_CHECK_EQ_INT(b->len, len);
  if (rc != BKS_E_RANGE || !strstr(bks_fitw_errmsg(w), field))
    fprintf(stderr, "  (expected a range error on %s, got %s: \"%s\")\n", field,
            bks_status_name(rc), bks_fitw_errmsg(w));
}

BKS_TEST(writer_range_errors) {
  bks_buf b;
  bks_buf_init(&b);
  bks_fitw w;
  BKS_CHECK_EQ_INT(bks_fitw_init(&w, &b), BKS_OK);
  bks_fitw_file_id id;
  bks_fitw_file_id_init(&id);
  id.type = BKS_FITW_FILE_ACTIVITY;
  id.time_created = T0;
  BKS_CHECK_EQ_INT(bks_fitw_write_file_id(&w, &id), BKS_OK);

  bks_fitw_record r;
  small_record(&r, 0);
  r.heart_rate = 300;
  expect_range(&w, &b, &r, "heart_rate");
  small_record(&r, 0);
  r.heart_rate = -1;
  expect_range(&w, &b, &r, "heart_rate");
  small_record(&r, 0);
  r.distance = -5;
  expect_range(&w, &b, &r, "distance");
  small_record(&r, 0);
  r.distance = 5e7; // 50 000 km: past uint32 at 0.01 m
  expect_range(&w, &b, &r, "distance");
  small_record(&r, 0);
  r.speed = -0.1;
  expect_range(&w, &b, &r, "speed");
  small_record(&r, 0);
  r.speed = INFINITY;
  expect_range(&w, &b, &r, "speed");
  small_record(&r, 0);
  r.altitude = -600;
  expect_range(&w, &b, &r, "altitude");
  small_record(&r, 0);
  r.lat = 90.5;
  expect_range(&w, &b, &r, "lat");
  small_record(&r, 0);
  r.lon = -181;
  expect_range(&w, &b, &r, "lon");
  small_record(&r, 0);
  r.cadence_spm = 600; // 300 strides/min: past uint8
  expect_range(&w, &b, &r, "cadence");
  small_record(&r, 0);
  r.vertical_oscillation = 7; // metres, not millimetres
  expect_range(&w, &b, &r, "vertical_oscillation");
  small_record(&r, 0);
  r.stance_time = 250; // milliseconds given where seconds belong
  expect_range(&w, &b, &r, "stance_time");
  small_record(&r, 0);
  r.step_length = -0.5;
  expect_range(&w, &b, &r, "step_length");
  small_record(&r, 0);
  r.timestamp = 0; // 1970: before FIT can say
  expect_range(&w, &b, &r, "timestamp");
  small_record(&r, 0);
  r.power = 70000;
  expect_range(&w, &b, &r, "power");

  // edges that fit: the most cadence FIT holds, 180 degrees east (stored as 180 west)
  small_record(&r, 0);
  r.cadence_spm = 2 * (254 + 127.0 / 128);
  r.lon = 180;
  BKS_CHECK_EQ_INT(bks_fitw_write_record(&w, &r), BKS_OK);
  // values that round into range are accepted (half a resolution step below zero)
  small_record(&r, 0);
  r.speed = -0.0004;
  BKS_CHECK_EQ_INT(bks_fitw_write_record(&w, &r), BKS_OK);
  BKS_CHECK_STR(bks_fitw_errmsg(&w), "");

  // a record with no value at all
  bks_fitw_record_init(&r);
  BKS_CHECK_EQ_INT(bks_fitw_write_record(&w, &r), BKS_E_INVAL);

  // summaries are checked the same way
  bks_fitw_lap lap;
  bks_fitw_lap_init(&lap);
  lap.t.timestamp = T0;
  lap.t.total_elapsed_time = -1;
  size_t len = b.len;
  BKS_CHECK_EQ_INT(bks_fitw_write_lap(&w, &lap), BKS_E_RANGE);
  BKS_CHECK(strstr(bks_fitw_errmsg(&w), "lap.total_elapsed_time") != NULL);
  BKS_CHECK_EQ_INT(b.len, len);

  // the writer goes on after refused messages, and the file is whole
  small_record(&r, 1);
  BKS_CHECK_EQ_INT(bks_fitw_write_record(&w, &r), BKS_OK);
  BKS_CHECK_EQ_INT(bks_fitw_finish(&w), BKS_OK);
  walk wk;
  BKS_CHECK_EQ_INT(walk_file(b.data, b.len, &wk), b.len);
  BKS_CHECK_EQ_INT(bks_fit_crc16(0, b.data, b.len), 0);
  bks_buf_deinit(&b);
}

BKS_TEST(writer_state_errors) {
  bks_buf b;
  bks_buf_init(&b);
  bks_fitw w;
  BKS_CHECK_EQ_INT(bks_fitw_init(&w, &b), BKS_OK);
  bks_fitw_record r;
  small_record(&r, 0);
  // file_id must come first
  BKS_CHECK_EQ_INT(bks_fitw_write_record(&w, &r), BKS_E_STATE);
  BKS_CHECK(strstr(bks_fitw_errmsg(&w), "file_id") != NULL);
  BKS_CHECK_EQ_INT(bks_fitw_finish(&w), BKS_E_STATE);
  bks_fitw_file_id id;
  bks_fitw_file_id_init(&id);
  id.type = BKS_FITW_FILE_ACTIVITY;
  BKS_CHECK_EQ_INT(bks_fitw_write_file_id(&w, &id), BKS_OK);
  // and only once
  BKS_CHECK_EQ_INT(bks_fitw_write_file_id(&w, &id), BKS_E_STATE);
  BKS_CHECK_EQ_INT(bks_fitw_write_record(&w, &r), BKS_OK);
  BKS_CHECK_EQ_INT(bks_fitw_finish(&w), BKS_OK);
  // nothing after finish
  size_t len = b.len;
  BKS_CHECK_EQ_INT(bks_fitw_write_record(&w, &r), BKS_E_STATE);
  BKS_CHECK_EQ_INT(bks_fitw_finish(&w), BKS_E_STATE);
  BKS_CHECK_EQ_INT(b.len, len);
  bks_buf_deinit(&b);
}

//---- The example run ----

BKS_TEST(example_is_deterministic) {
  bks_buf a, b;
  bks_buf_init(&a);
  bks_buf_init(&b);
  bks_example_info ia, ib;
  BKS_CHECK_EQ_INT(bks_example_write_run(&a, &ia), BKS_OK);
  BKS_CHECK_EQ_INT(bks_example_write_run(&b, &ib), BKS_OK);
  BKS_CHECK_EQ_INT(a.len, b.len);
  BKS_CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
  BKS_CHECK(a.len < 300 * 1024);
  BKS_CHECK_EQ_INT(bks_fit_crc16(0, a.data, a.len), 0);
  walk wk;
  BKS_CHECK_EQ_INT(walk_file(a.data, a.len, &wk), a.len);

  // a 5-6 km easy run at 5:30-6:00 min/km, cadence near 170 steps/min
  BKS_CHECK_NEAR(ia.start_time, T0, 0);
  BKS_CHECK(ia.distance >= 5000 && ia.distance <= 6000);
  double pace = ia.duration / (ia.distance / 1000); // s/km
  BKS_CHECK(pace >= 330 && pace <= 360);
  BKS_CHECK_EQ_INT(ia.records, (unsigned)ia.duration + 1); // 1 Hz
  BKS_CHECK_EQ_INT(ia.laps, (unsigned)ceil(ia.distance / 1000));
  BKS_CHECK(ia.avg_cadence_spm >= 168 && ia.avg_cadence_spm <= 172);
  BKS_CHECK(ia.avg_heart_rate >= 120 && ia.avg_heart_rate <= 160);
  BKS_CHECK(ia.total_ascent >= 10 && ia.total_ascent <= 100);

  // appended after what the buffer held, and nothing changed on the way
  size_t len = a.len;
  BKS_CHECK_EQ_INT(bks_example_write_run(&a, NULL), BKS_OK);
  BKS_CHECK_EQ_INT(a.len, 2 * len);
  BKS_CHECK(memcmp(a.data, a.data + len, len) == 0);
  bks_buf_deinit(&a);
  bks_buf_deinit(&b);
}

// what the example's decoded records must satisfy
typedef struct example_seen {
  unsigned records, laps;
  double prev_t, prev_d, prev_v;
  double cad_sum, lap_dist;
  double session_dist, session_time, session_cad_spm, session_vo, session_st;
  unsigned bad_dist, bad_cad, bad_vr;
} example_seen;

static void check_example_mesg(visit *v, const bks_fit_mesg *m) {
  example_seen *s = v->ctx;
  const char *name = mesg_name(m);
  if (strcmp(name, "record") == 0) {
    double t = unix_time(m, "timestamp"), d = num(m, "distance"), sp = num(m, "enhanced_speed");
    double spm = 2 * (num(m, "cadence") + num(m, "fractional_cadence"));
    double sl = num(m, "step_length") / 1000, vo = num(m, "vertical_oscillation") / 1000;
    double st = num(m, "stance_time"), vr = num(m, "vertical_ratio");
    double hr = num(m, "heart_rate");
    if (s->records > 0) {
      BKS_CHECK_NEAR(t - s->prev_t, 1, 0);
      // distance is the trapezoidal integral of speed (0.01 m rounding each side)
      if (fabs((d - s->prev_d) - 0.5 * (sp + s->prev_v)) > 0.011) s->bad_dist++;
    } else {
      BKS_CHECK_NEAR(t, T0, 0);
      BKS_CHECK_NEAR(d, 0, 0);
    }
    // cadence x step length = speed; vertical ratio = VO / step length
    if (fabs(spm / 60 * sl - sp) > 0.001) s->bad_cad++;
    if (fabs(vo / sl * 100 - vr) > 0.011) s->bad_vr++;
    BKS_CHECK(spm > 155 && spm < 185);
    BKS_CHECK(st > 220 && st < 290);
    BKS_CHECK(vo > 0.07 && vo < 0.10);
    BKS_CHECK(hr >= 90 && hr <= 175);
    BKS_CHECK(!isnan(num(m, "position_lat")) && !isnan(num(m, "enhanced_altitude")));
    s->prev_t = t, s->prev_d = d, s->prev_v = sp;
    s->cad_sum += spm;
    s->records++;
  } else if (strcmp(name, "lap") == 0) {
    s->laps++;
    s->lap_dist += num(m, "total_distance");
  } else if (strcmp(name, "session") == 0) {
    s->session_dist = num(m, "total_distance");
    s->session_time = num(m, "total_timer_time");
    s->session_cad_spm = 2 * (num(m, "avg_cadence") + num(m, "avg_fractional_cadence"));
    s->session_vo = num(m, "avg_vertical_oscillation");
    s->session_st = num(m, "avg_stance_time");
    BKS_CHECK_NEAR(num(m, "sport"), 1, 0);
    BKS_CHECK_NEAR(unix_time(m, "start_time"), T0, 0);
  }
}

BKS_TEST(example_decodes_and_is_physical) {
  bks_buf b;
  bks_buf_init(&b);
  bks_example_info info;
  BKS_CHECK_EQ_INT(bks_example_write_run(&b, &info), BKS_OK);
  size_t chunks[] = {0, 1};
  for (size_t c = 0; c < 2; c++) {
    example_seen s;
    memset(&s, 0, sizeof s);
    visit v = {0};
    v.fn = check_example_mesg;
    v.ctx = &s;
    BKS_CHECK_EQ_INT(decode(b.data, b.len, chunks[c], &v), BKS_OK);
    BKS_CHECK_EQ_INT(v.rc_end, BKS_END);
    BKS_CHECK_EQ_INT(v.by_num[0], 1);  // file_id
    BKS_CHECK_EQ_INT(v.by_num[23], 1); // device_info
    BKS_CHECK_EQ_INT(v.by_num[21], 2); // event: timer start, stop_all
    BKS_CHECK_EQ_INT(v.by_num[20], info.records);
    BKS_CHECK_EQ_INT(v.by_num[19], info.laps);
    BKS_CHECK_EQ_INT(v.by_num[18], 1); // session
    BKS_CHECK_EQ_INT(v.by_num[34], 1); // activity
    BKS_CHECK_EQ_INT(s.records, info.records);
    BKS_CHECK_EQ_INT(s.bad_dist, 0);
    BKS_CHECK_EQ_INT(s.bad_cad, 0);
    BKS_CHECK_EQ_INT(s.bad_vr, 0);
    BKS_CHECK_NEAR(s.prev_d, info.distance, 0.005);
    BKS_CHECK_NEAR(s.session_dist, info.distance, 0.005);
    BKS_CHECK_NEAR(s.lap_dist, info.distance, 0.011 * info.laps);
    BKS_CHECK_NEAR(s.session_time, info.duration, 0.0005);
    BKS_CHECK_NEAR(s.cad_sum / s.records, info.avg_cadence_spm, 1e-9);
    // the session's mean cadence, doubled from strides: 168-172 steps/min
    BKS_CHECK(s.session_cad_spm >= 168 && s.session_cad_spm <= 172);
    BKS_CHECK_NEAR(s.session_cad_spm, info.avg_cadence_spm, 1.0 / 64);
    BKS_CHECK(s.session_vo >= 80 && s.session_vo <= 90);   // mm
    BKS_CHECK(s.session_st >= 240 && s.session_st <= 270); // ms
  }
  bks_buf_deinit(&b);
}

BKS_TEST(example_matches_bundled_file) {
  // data/example/easy-run.fit is this simulator's output; a change to either must update both
#ifndef BKS_SOURCE_DIR
  BKS_SKIP("BKS_SOURCE_DIR is not defined");
#else
  FILE *f = fopen(BKS_SOURCE_DIR "/data/example/easy-run.fit", "rb");
  if (!f) BKS_SKIP("data/example/easy-run.fit not found");
  bks_buf file, made;
  bks_buf_init(&file);
  bks_buf_init(&made);
  uint8_t chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    BKS_CHECK_EQ_INT(bks_buf_append(&file, chunk, n), BKS_OK);
  fclose(f);
  BKS_CHECK_EQ_INT(bks_example_write_run(&made, NULL), BKS_OK);
  BKS_CHECK_EQ_INT(file.len, made.len);
  BKS_CHECK(file.len == made.len && memcmp(file.data, made.data, made.len) == 0);
  bks_buf_deinit(&file);
  bks_buf_deinit(&made);
#endif
}

BKS_TEST_MAIN(BKS_CASE(writer_header_and_crcs), BKS_CASE(writer_dropout_written_as_invalid),
              BKS_CASE(writer_chained_files), BKS_CASE(writer_roundtrip_decoder),
              BKS_CASE(writer_range_errors), BKS_CASE(writer_state_errors),
              BKS_CASE(example_is_deterministic), BKS_CASE(example_decodes_and_is_physical),
              BKS_CASE(example_matches_bundled_file))
