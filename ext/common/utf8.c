#include "common/utf8.h"
#include "common/lw_sqlite.h"

#include <string.h>
#include <unicode/utf8.h>

int64_t lw_utf8_invalid_offset(const char *s, size_t n)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t i = 0;
    while (i < n) {
        /* Eight ASCII bytes at a time: the common case costs little. */
        if (n - i >= 8) {
            uint64_t word;
            memcpy(&word, p + i, 8);
            if ((word & 0x8080808080808080ull) == 0) {
                i += 8;
                continue;
            }
        }
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        /* U8_NEXT takes an int32_t length; a sequence is at most four bytes, so a
         * window of four decides it however long the input is. */
        int32_t window = n - i < 4 ? (int32_t)(n - i) : 4, k = 0;
        UChar32 c;
        U8_NEXT(p + i, k, window, c);
        if (c < 0)
            return (int64_t)i;
        i += (size_t)k;
    }
    return -1;
}

size_t lw_utf8_quotable_prefix(const char *s, size_t n, size_t max)
{
    size_t k = n < max ? n : max;
    while (k > 0 && k < n && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    int64_t bad = lw_utf8_invalid_offset(s, k);
    return bad >= 0 ? (size_t)bad : k;
}

char *lw_utf8_errmsg(const char *fn, int argno, int64_t offset)
{
    return sqlite3_mprintf("%s(): invalid UTF-8 in argument %d at byte %lld", fn, argno,
                           (long long)offset + 1);
}
