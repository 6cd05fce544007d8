/* sha256.h: SHA-256 (FIPS 180-4), for identifying inputs and rule packs
 * in reports.  None of the libraries the project uses offers a hash. */
#ifndef DUTYCHECK_SHA256_H
#define DUTYCHECK_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
  uint32_t h[8];
  uint64_t len;
  unsigned char buf[64];
  size_t nbuf;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
/* Finish and write 64 lowercase hex digits and a NUL into hex. */
void sha256_hex(struct sha256 *s, char hex[65]);

#endif
