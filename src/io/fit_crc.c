// FIT file CRC: CRC-16 with the reflected polynomial 0xA001 (CRC-16/ARC), initial value 0, as the
// FIT protocol defines it. Eight bytes per step with slicing-by-8 tables: the CRC covers every byte
// of every file, so it bounds how fast the decoder can go.
#include "backstride/fit.h"

#include "fit_crc_tables.h"

uint16_t bks_fit_crc16(uint16_t crc, const uint8_t *p, size_t n) {
  unsigned c = crc;
  while (n >= 8) {
    c ^= (unsigned)p[0] | (unsigned)p[1] << 8;
    c = crc_tables[7][c & 0xFFu] ^ crc_tables[6][c >> 8] ^ crc_tables[5][p[2]] ^
        crc_tables[4][p[3]] ^ crc_tables[3][p[4]] ^ crc_tables[2][p[5]] ^ crc_tables[1][p[6]] ^
        crc_tables[0][p[7]];
    p += 8;
    n -= 8;
  }
  while (n-- > 0) c = (c >> 8) ^ crc_tables[0][(c ^ *p++) & 0xFFu];
  return (uint16_t)c;
}
