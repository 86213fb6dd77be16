#include "common/utf8.h"
#include "common/lw_sqlite.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <unicode/utf8.h>

/* Sixteen bytes at a time with SSE2, then eight, the first non-ASCII byte found from
 * the mask of high bits. */
size_t lw_utf8_ascii_prefix(const char *s, size_t n)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t i = 0;
#if defined(__SSE2__)
    while (n - i >= 16) {
        __m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        unsigned mask = (unsigned)_mm_movemask_epi8(bytes);
        if (mask)
            return i + (size_t)__builtin_ctz(mask);
        i += 16;
    }
#endif
    while (n - i >= 8) {
        uint64_t word;
        memcpy(&word, p + i, 8);
        word &= 0x8080808080808080ull;
        if (word) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return i + (size_t)(__builtin_ctzll(word) / 8);
#else
            break;
#endif
        }
        i += 8;
    }
    while (i < n && p[i] < 0x80)
        i++;
    return i;
}

int64_t lw_utf8_invalid_offset(const char *s, size_t n)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            i += lw_utf8_ascii_prefix(s + i, n - i);
            continue;
        }
        /* Two- and three-byte sequences (Latin, Greek, Cyrillic, CJK...) checked inline
         * by the ranges of the Unicode standard's table 3-7, which U8_NEXT applies too:
         * C2..DF then a continuation byte; E0 then A0..BF, ED then 80..9F (no
         * surrogates), other E1..EF then 80..BF; then a continuation byte. */
        uint8_t lead = p[i];
        if (lead >= 0xC2 && lead <= 0xDF && n - i >= 2 && (p[i + 1] & 0xC0) == 0x80) {
            i += 2;
            continue;
        }
        if ((lead & 0xF0) == 0xE0 && n - i >= 3 && (p[i + 2] & 0xC0) == 0x80 &&
            p[i + 1] >= (lead == 0xE0 ? 0xA0 : 0x80) && p[i + 1] <= (lead == 0xED ? 0x9F : 0xBF)) {
            i += 3;
            continue;
        }
        /* Four-byte sequences and every error. U8_NEXT takes an int32_t length; a
         * sequence is at most four bytes, so a window of four decides it however long
         * the input is. */
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
