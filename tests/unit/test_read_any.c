// Format sniffing (content first, then the name) and dispatch to the readers.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "example.h"
#include "backstride/io.h"
#include "harness.h"

static bks_format sniff(const char *s, const char *name) {
  return bks_sniff((const uint8_t *)s, strlen(s), name);
}

BKS_TEST(sniff_fit_by_signature) {
  bks_buf b;
  bks_buf_init(&b);
  BKS_CHECK_EQ_INT(bks_example_write_run(&b, NULL), BKS_OK);
  BKS_CHECK_EQ_INT(bks_sniff(b.data, b.len, NULL), BKS_FORMAT_FIT);
  BKS_CHECK_EQ_INT(bks_sniff(b.data, b.len, "run.gpx"), BKS_FORMAT_FIT); // content wins
  BKS_CHECK_EQ_INT(bks_sniff(b.data, 12, NULL), BKS_FORMAT_FIT);         // the header is enough
  BKS_CHECK_EQ_INT(bks_sniff(b.data, 11, NULL), BKS_FORMAT_UNKNOWN);
  bks_buf_deinit(&b);
  // a damaged header still goes to the FIT reader by its name, which says what is wrong
  BKS_CHECK_EQ_INT(sniff("garbage bytes", "RUN.FIT"), BKS_FORMAT_FIT);
}

BKS_TEST(sniff_xml_root) {
  BKS_CHECK_EQ_INT(sniff("<gpx version=\"1.1\"><trk/></gpx>", NULL), BKS_FORMAT_GPX);
  BKS_CHECK_EQ_INT(sniff("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
                         "<!-- exported -->\n<?xml-stylesheet href=\"x\"?>\n"
                         "<!DOCTYPE gpx [ <!ELEMENT a (b)> ]>\n  <gpx:gpx xmlns:gpx=\"x\">",
                         "track.xml"),
                   BKS_FORMAT_GPX);
  BKS_CHECK_EQ_INT(sniff("<?xml version=\"1.0\"?><TrainingCenterDatabase xmlns=\"http://www.garmin"
                         ".com/xmlschemas/TrainingCenterDatabase/v2\">",
                         "x.gpx"),
                   BKS_FORMAT_TCX);
  // other XML is not ours, whatever the name says... unless the name is all there is
  BKS_CHECK_EQ_INT(sniff("<?xml version=\"1.0\"?><kml></kml>", NULL), BKS_FORMAT_UNKNOWN);
  BKS_CHECK_EQ_INT(sniff("<?xml version=\"1.0\"?><gpxx></gpxx>", NULL), BKS_FORMAT_UNKNOWN);
  BKS_CHECK_EQ_INT(sniff("<?xml version=\"1.0\"?><kml></kml>", "a.tcx"), BKS_FORMAT_TCX);
  // an unterminated comment or declaration is not a format
  BKS_CHECK_EQ_INT(sniff("<!-- never ends <gpx>", NULL), BKS_FORMAT_UNKNOWN);
  BKS_CHECK_EQ_INT(sniff("<?xml ", NULL), BKS_FORMAT_UNKNOWN);
  // UTF-16 little-endian with its byte order mark
  const char *ascii = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><TrainingCenterDatabase>";
  size_t k = strlen(ascii);
  uint8_t *u16 = malloc(2 + 2 * k);
  u16[0] = 0xFF, u16[1] = 0xFE;
  for (size_t i = 0; i < k; i++) u16[2 + 2 * i] = (uint8_t)ascii[i], u16[3 + 2 * i] = 0;
  BKS_CHECK_EQ_INT(bks_sniff(u16, 2 + 2 * k, NULL), BKS_FORMAT_TCX);
  free(u16);
}

BKS_TEST(sniff_csv_and_names) {
  BKS_CHECK_EQ_INT(sniff("t,ax,ay,az\n0,0,0,1\n", NULL), BKS_FORMAT_IMU_CSV);
  BKS_CHECK_EQ_INT(sniff("# logger v2\n\nTime;AX (g);AY (g);AZ (g);GX\n", "imu.txt"),
                   BKS_FORMAT_IMU_CSV);
  BKS_CHECK_EQ_INT(sniff("t,ax,ay\n", NULL), BKS_FORMAT_UNKNOWN);     // az missing
  BKS_CHECK_EQ_INT(sniff("max,day,daz\n", NULL), BKS_FORMAT_UNKNOWN); // not the names
  BKS_CHECK_EQ_INT(sniff("timestamp,heart_rate\n", "records.csv"), BKS_FORMAT_IMU_CSV); // by name
  BKS_CHECK_EQ_INT(sniff("anything", "a.GPX"), BKS_FORMAT_GPX);
  BKS_CHECK_EQ_INT(sniff("anything", "a.Tcx"), BKS_FORMAT_TCX);
  BKS_CHECK_EQ_INT(sniff("anything", "a.fit.gz"), BKS_FORMAT_UNKNOWN); // archives: the importer's
  BKS_CHECK_EQ_INT(sniff("anything", "fit"), BKS_FORMAT_UNKNOWN);
  BKS_CHECK_EQ_INT(bks_sniff(NULL, 0, NULL), BKS_FORMAT_UNKNOWN);
  BKS_CHECK_EQ_INT(bks_sniff(NULL, 0, "x.csv"), BKS_FORMAT_IMU_CSV);
}

BKS_TEST(read_any_dispatches) {
  bks_buf b;
  bks_buf_init(&b);
  BKS_CHECK_EQ_INT(bks_example_write_run(&b, NULL), BKS_OK);
  bks_read_result r;
  BKS_CHECK_EQ_INT(bks_read_any(b.data, b.len, "easy-run.fit", &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) BKS_CHECK_STR(r.act[0].format, "fit");
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);

  char csv[2048];
  size_t n = (size_t)snprintf(csv, sizeof csv, "t,ax,ay,az\n");
  for (int i = 0; i < 20; i++)
    n += (size_t)snprintf(csv + n, sizeof csv - n, "%.2f,0,0,1\n", i * 0.01);
  BKS_CHECK_EQ_INT(bks_read_any((const uint8_t *)csv, n, "imu.dat", &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) BKS_CHECK_STR(r.act[0].format, "imu");
  bks_read_result_deinit(&r);

  const char *gpx = "<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"t\" "
                    "xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><type>running</type><trkseg>"
                    "</trkseg></trk></gpx>";
  int rc = bks_read_any((const uint8_t *)gpx, strlen(gpx), "x.gpx", &r);
  BKS_CHECK_EQ_INT(rc, r.status); // the GPX reader answered (an empty track is not a run)
  BKS_CHECK_EQ_INT(r.nact, 0);
  bks_read_result_deinit(&r);

  BKS_CHECK_EQ_INT(bks_read_any((const uint8_t *)"hello", 5, "notes.txt", &r), BKS_E_FORMAT);
  BKS_CHECK_STR(r.err, "not a FIT, GPX, TCX or IMU CSV file");
  bks_read_result_deinit(&r);
}

BKS_TEST_MAIN(BKS_CASE(sniff_fit_by_signature), BKS_CASE(sniff_xml_root),
              BKS_CASE(sniff_csv_and_names), BKS_CASE(read_any_dispatches))
