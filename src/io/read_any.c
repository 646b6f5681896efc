// Which reader a file needs: by its content first, then by its name.
//
//   FIT      ".FIT" at byte 8 (the file header's signature)
//   GPX/TCX  the root element: <gpx> or <TrainingCenterDatabase> (any namespace prefix), after an
//            optional byte order mark, XML declaration, comments, processing instructions and
//            DOCTYPE; UTF-16 files are recognised too
//   IMU CSV  a first line naming the columns ax, ay and az
//   else     the extension: .fit, .gpx, .tcx, .csv (any case), so that a damaged file still goes
//            to the reader that can say what is wrong with it
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "backstride/io.h"

// how far into a file the content is examined
#define SNIFF_XML_MAX 65536
#define SNIFF_LINE_MAX 4096

// the first occurrence of `needle` in [p, end), or NULL
static const char *find(const char *p, const char *end, const char *needle) {
  size_t k = strlen(needle);
  for (; p + k <= end; p++) {
    if (memcmp(p, needle, k) == 0) return p;
  }
  return NULL;
}

static bks_format sniff_xml(const char *p, const char *end) {
  while (p < end) {
    while (p < end && isspace((unsigned char)*p)) p++;
    if (p >= end || *p != '<') return BKS_FORMAT_UNKNOWN;
    const char *q;
    if (end - p >= 2 && p[1] == '?') {
      q = find(p, end, "?>"); // XML declaration or processing instruction
      if (!q) return BKS_FORMAT_UNKNOWN;
      p = q + 2;
    } else if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
      q = find(p + 4, end, "-->");
      if (!q) return BKS_FORMAT_UNKNOWN;
      p = q + 3;
    } else if (end - p >= 2 && p[1] == '!') {
      // <!DOCTYPE ...>, with an internal subset in [...] that may hold '>'
      q = p + 2;
      int depth = 0;
      while (q < end && (*q != '>' || depth > 0)) {
        depth += *q == '[' ? 1 : *q == ']' ? -1 : 0;
        q++;
      }
      if (q >= end) return BKS_FORMAT_UNKNOWN;
      p = q + 1;
    } else {
      // the root element: its local name decides
      const char *name = ++p;
      while (p < end && !isspace((unsigned char)*p) && *p != '>' && *p != '/') p++;
      const char *colon = NULL;
      for (const char *c = name; c < p; c++) {
        if (*c == ':') colon = c;
      }
      if (colon) name = colon + 1;
      size_t len = (size_t)(p - name);
      if (len == 3 && (name[0] | 0x20) == 'g' && (name[1] | 0x20) == 'p' &&
          (name[2] | 0x20) == 'x') {
        return BKS_FORMAT_GPX;
      }
      if (len == 22 && memcmp(name, "TrainingCenterDatabase", 22) == 0) return BKS_FORMAT_TCX;
      return BKS_FORMAT_UNKNOWN;
    }
  }
  return BKS_FORMAT_UNKNOWN;
}

// 1 when the first line that is neither blank nor a comment names columns ax, ay and az
static int sniff_imu_header(const char *p, const char *end) {
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    const char *s = p;
    while (s < e && isspace((unsigned char)*s)) s++;
    if (s < e && *s != '#') {
      // tokens: letters, digits and '_' (anything else separates, so "ax (g)" gives "ax", "g")
      int seen = 0;
      while (s < e) {
        while (s < e && !(isalnum((unsigned char)*s) || *s == '_')) s++;
        const char *t = s;
        while (s < e && (isalnum((unsigned char)*s) || *s == '_')) s++;
        if (s - t == 2 && (t[0] | 0x20) == 'a') {
          char axis = (char)(t[1] | 0x20);
          if (axis == 'x') seen |= 1;
          if (axis == 'y') seen |= 2;
          if (axis == 'z') seen |= 4;
        }
      }
      return seen == 7;
    }
    if (!nl) break;
    p = nl + 1;
  }
  return 0;
}

// 1 when `name` ends with `ext` (".fit"), any case
static int has_ext(const char *name, const char *ext) {
  size_t n = strlen(name), k = strlen(ext);
  if (n < k) return 0;
  for (size_t i = 0; i < k; i++) {
    if (tolower((unsigned char)name[n - k + i]) != ext[i]) return 0;
  }
  return 1;
}

bks_format bks_sniff(const uint8_t *p, size_t n, const char *name) {
  if (p && n >= 12 && memcmp(p + 8, ".FIT", 4) == 0) return BKS_FORMAT_FIT;
  if (p && n) {
    size_t m = n < SNIFF_XML_MAX ? n : SNIFF_XML_MAX;
    char narrow[SNIFF_LINE_MAX];
    const char *s = (const char *)p, *end = s + m;
    if (m >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
      // UTF-16 (with its byte order mark): the markup that decides is ASCII, so keep one byte of
      // each code unit
      size_t lo = p[0] == 0xFF ? 0 : 1, k = 0;
      for (size_t i = 2; i + 1 < m && k < sizeof narrow; i += 2) {
        narrow[k++] = p[i + 1 - lo] == 0 ? (char)p[i + lo] : '?';
      }
      s = narrow, end = narrow + k;
    } else if (m >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
      s += 3; // UTF-8 byte order mark
    }
    bks_format f = sniff_xml(s, end);
    if (f != BKS_FORMAT_UNKNOWN) return f;
    size_t lm = (size_t)(end - s) < SNIFF_LINE_MAX ? (size_t)(end - s) : SNIFF_LINE_MAX;
    if (sniff_imu_header(s, s + lm)) return BKS_FORMAT_IMU_CSV;
  }
  if (name) {
    if (has_ext(name, ".fit")) return BKS_FORMAT_FIT;
    if (has_ext(name, ".gpx")) return BKS_FORMAT_GPX;
    if (has_ext(name, ".tcx")) return BKS_FORMAT_TCX;
    if (has_ext(name, ".csv")) return BKS_FORMAT_IMU_CSV;
  }
  return BKS_FORMAT_UNKNOWN;
}

int bks_read_any(const uint8_t *p, size_t n, const char *path, bks_read_result *out) {
  switch (bks_sniff(p, n, path)) {
  case BKS_FORMAT_FIT:
    return bks_read_fit(p, n, path, out);
  case BKS_FORMAT_GPX:
    return bks_read_gpx(p, n, path, out);
  case BKS_FORMAT_TCX:
    return bks_read_tcx(p, n, path, out);
  case BKS_FORMAT_IMU_CSV:
    return bks_read_imu_csv(p, n, path, NULL, out);
  default:
    bks_read_result_init(out);
    out->status = BKS_E_FORMAT;
    snprintf(out->err, sizeof out->err, "not a FIT, GPX, TCX or IMU CSV file");
    return BKS_E_FORMAT;
  }
}
