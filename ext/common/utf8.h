/*
 * The one UTF-8 validator and the one "invalid UTF-8" message of the extension.
 *
 * Every function that rejects invalid UTF-8 reports it the same way:
 * "fn(): invalid UTF-8 in argument N at byte K", where K counts from 1, so that
 * substr(CAST(x AS BLOB), K, 1) is the first bad byte. Acceptance is ICU's U8_NEXT:
 * no overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequences.
 */
#ifndef LW_COMMON_UTF8_H
#define LW_COMMON_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The 0-based offset of the first byte of s (n bytes) that does not start a
 * well-formed UTF-8 sequence, or -1 when all of s is valid UTF-8. */
int64_t lw_utf8_invalid_offset(const char *s, size_t n);

/* The number of ASCII bytes (below 0x80) at the start of s (n bytes). */
size_t lw_utf8_ascii_prefix(const char *s, size_t n);

/* The length of the longest prefix of s (n bytes), at most max bytes, that is valid
 * UTF-8 and ends on a character boundary: the part of a value an error message may
 * quote (the message itself must be valid UTF-8). */
size_t lw_utf8_quotable_prefix(const char *s, size_t n, size_t max);

/* The message for invalid UTF-8 at 0-based offset in argument argno (1-based) of
 * function fn, allocated with sqlite3_mprintf (free with sqlite3_free), or NULL when
 * out of memory. */
char *lw_utf8_errmsg(const char *fn, int argno, int64_t offset);

#endif
