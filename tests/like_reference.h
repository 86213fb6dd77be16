/*
 * A reference LIKE matcher for tests/test_text.c and fuzz/fuzz_like.c: written
 * independently of ext/text/like.c and as plainly as possible (decode both sides to
 * code point arrays, then the textbook dynamic programme), so the fast matcher can be
 * checked against it on any input. Quadratic in time and memory: for small inputs only.
 *
 * Same rules as like.h: an invalid byte is one code point of its own (above Unicode,
 * never folded); with fold, simple case folding; escape -1 for none; literal makes
 * '%' and '_' ordinary; open_start/open_end act as a leading/trailing '%'.
 */
#ifndef LW_LIKE_REFERENCE_H
#define LW_LIKE_REFERENCE_H

#include <stdint.h>
#include <stdlib.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

enum { REF_LITERAL, REF_ANY_ONE, REF_ANY_SEQ };

/* Decodes s into cps (room for n); returns how many. */
static inline size_t ref_decode(const char *s, size_t n, uint32_t *cps, int fold)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t count = 0;
    for (size_t i = 0; i < n;) {
        int32_t j = 0, avail = n - i > 4 ? 4 : (int32_t)(n - i);
        UChar32 c;
        U8_NEXT(p + i, j, avail, c);
        if (c < 0) {
            cps[count++] = 0x110000u + p[i];
            i++;
            continue;
        }
        i += (size_t)j;
        cps[count++] = fold ? (uint32_t)u_foldCase(c, U_FOLD_CASE_DEFAULT) : (uint32_t)c;
    }
    return count;
}

/* Returns 1 or 0 for a match, -1 for a pattern ending in the escape character. */
static inline int ref_like(const char *pat, size_t pn, const char *s, size_t sn, int32_t escape,
                           int fold, int literal, int open_start, int open_end)
{
    uint32_t *raw = malloc((pn + 1) * sizeof *raw), *folded = malloc((pn + 1) * sizeof *folded);
    uint32_t *subj = malloc((sn + 1) * sizeof *subj);
    uint32_t *item = malloc((pn + 3) * sizeof *item);
    int *kind = malloc((pn + 3) * sizeof *kind);
    size_t rn = ref_decode(pat, pn, raw, 0), m = 0, n = ref_decode(s, sn, subj, fold);
    ref_decode(pat, pn, folded, fold);
    int result = -1;
    if (open_start)
        kind[m++] = REF_ANY_SEQ;
    for (size_t i = 0; i < rn; i++) {
        if (!literal && escape >= 0 && raw[i] == (uint32_t)escape) {
            if (++i == rn)
                goto done;
            kind[m] = REF_LITERAL, item[m++] = folded[i];
        } else if (!literal && raw[i] == '%') {
            kind[m++] = REF_ANY_SEQ;
        } else if (!literal && raw[i] == '_') {
            kind[m++] = REF_ANY_ONE;
        } else {
            kind[m] = REF_LITERAL, item[m++] = folded[i];
        }
    }
    if (open_end)
        kind[m++] = REF_ANY_SEQ;
    /* ok[i][j]: item[i..m) matches subj[j..n). */
    unsigned char *ok = calloc((m + 1) * (n + 1), 1);
#define OK(i, j) ok[(size_t)(i) * (n + 1) + (j)]
    OK(m, n) = 1;
    for (size_t i = m; i-- > 0;)
        for (size_t j = n + 1; j-- > 0;) {
            if (kind[i] == REF_ANY_SEQ)
                OK(i, j) = OK(i + 1, j) || (j < n && OK(i, j + 1));
            else if (j < n && (kind[i] == REF_ANY_ONE || item[i] == subj[j]))
                OK(i, j) = OK(i + 1, j + 1);
        }
    result = OK(0, 0);
#undef OK
    free(ok);
done:
    free(raw);
    free(folded);
    free(subj);
    free(item);
    free(kind);
    return result;
}

#endif
