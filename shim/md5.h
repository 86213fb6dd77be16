/*
 * MD5 (RFC 1321), for the sqllogictest runner only: SQLite's canonical format checks
 * large results as "N values hashing to <md5>", the MD5 of every value followed by a
 * newline. MD5 is used here as a checksum of test output, never for security.
 *
 * Why our own: none of the libraries likewise links (SQLite, ICU, PCRE2, GMP) exports
 * an MD5, and linking OpenSSL or libgcrypt into the client library for a test tool's
 * checksum would add a dependency to every program that links the shim. SQLite's own
 * runner carries its md5.c for the same reason. tests/test_slt.c checks the RFC's test
 * vectors and inputs that cross the 56- and 64-byte block boundaries.
 *
 *   lw_md5 m;
 *   lw_md5_init(&m);
 *   lw_md5_update(&m, "abc", 3);
 *   char hex[33];
 *   lw_md5_hex(&m, hex);        "900150983cd24fb0d6963f7d28e17f72"
 */
#ifndef LW_SHIM_MD5_H
#define LW_SHIM_MD5_H

#include <stddef.h>
#include <stdint.h>

typedef struct lw_md5 {
    uint32_t state[4];
    uint64_t bytes;          /* message length so far */
    unsigned char block[64]; /* the partial block */
} lw_md5;

void lw_md5_init(lw_md5 *m);
void lw_md5_update(lw_md5 *m, const void *data, size_t len);
/* Finishes the digest and writes it as 32 lowercase hex digits and a NUL into hex;
 * m must be initialised again before it is reused. */
void lw_md5_hex(lw_md5 *m, char hex[33]);

#endif
