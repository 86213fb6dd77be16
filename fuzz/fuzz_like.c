/*
 * libFuzzer target for the LIKE pattern compiler and matcher (ext/text/like.c).
 *
 * Input: byte 0 holds the flags (LW_LIKE_*) and whether '#' is the escape; the rest
 * is "pattern\0subject", any bytes at all (invalid UTF-8 included). Every compiled
 * pattern is matched and the answer compared with the reference matcher of
 * tests/like_reference.h, a dynamic programme written independently. Inputs are
 * capped so the quadratic reference stays fast.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/like_reference.h"
#include "text/like.h"

#define MAX_INPUT 512

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > MAX_INPUT)
        return 0;
    unsigned flags = data[0] & 15u;
    int32_t escape = data[0] & 16u ? '#' : LW_LIKE_NO_ESCAPE;
    const char *rest = (const char *)data + 1;
    size_t rest_len = size - 1;
    const char *split = memchr(rest, 0, rest_len);
    size_t pat_len = split ? (size_t)(split - rest) : rest_len;
    const char *subject = split ? split + 1 : "";
    size_t subject_len = split ? rest_len - pat_len - 1 : 0;

    int want = ref_like(rest, pat_len, subject, subject_len, escape, (flags & LW_LIKE_FOLD) != 0,
                        (flags & LW_LIKE_LITERAL) != 0, (flags & LW_LIKE_OPEN_START) != 0,
                        (flags & LW_LIKE_OPEN_END) != 0);
    lw_like_pattern *p = NULL;
    lw_like_rc rc = lw_like_compile(rest, pat_len, escape, flags, &p);
    if (want < 0) {
        if (rc != LW_LIKE_TRAILING_ESCAPE)
            abort();
        return 0;
    }
    if (rc != LW_LIKE_OK)
        abort();
    uint64_t steps = 0;
    int got = lw_like_match_counted(p, subject, subject_len, &steps);
    if (got != want) {
        fprintf(stderr, "pattern '%.*s' subject '%.*s' flags %u escape %d: got %d, want %d\n",
                (int)pat_len, rest, (int)subject_len, subject, flags, escape, got, want);
        abort();
    }
    /* Linear: segments are searched in disjoint stretches of the subject, and only the
     * last one, anchored at the end, reads its stretch a second time. */
    if (steps > 2 * (uint64_t)subject_len) {
        fprintf(stderr, "%llu steps for a subject of %zu bytes\n", (unsigned long long)steps,
                subject_len);
        abort();
    }
    lw_like_free(p);
    return 0;
}
