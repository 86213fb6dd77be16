/*
 * libFuzzer target of the regexp module: pattern translation and compilation, then
 * matching (checked against the literal prefilter) and regexp_replace with random
 * options. Every match is cross-checked against a fresh ICU matcher given exactly the
 * subject (lw_re_find searches a region of a reused buffer that still holds an older,
 * longer text after the region). Input: one byte of options, then
 * pattern, subject and replacement separated by NUL bytes. Nothing may crash, leak
 * or hang: the time and stack limits must stop every runaway pattern (make fuzz runs
 * with -timeout=10).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/lw_sqlite.h"
#include "common/utf8.h"
#include "regexp/regexp.h"

#include <unicode/uregex.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The next NUL-separated part of the input. */
static const char *next_part(const uint8_t **data, size_t *size, int32_t *len)
{
    const uint8_t *start = *data;
    const uint8_t *nul = memchr(start, 0, *size);
    size_t n = nul ? (size_t)(nul - start) : *size;
    *len = (int32_t)n;
    *data += nul ? n + 1 : n;
    *size -= nul ? n + 1 : n;
    return (const char *)start;
}

/* Traps unless ICU, set to exactly the subject and searching from pos, finds the same
 * match and groups as lw_re_find did (found: its result, m: its match). */
static void check_against_icu(lw_regex *re, const lw_re_subject *s, int32_t pos, int found,
                              const lw_re_match *m)
{
    UErrorCode status = U_ZERO_ERROR;
    URegularExpression *fresh = uregex_clone(re->rx, &status);
    UChar *copy = sqlite3_malloc64(((sqlite3_uint64)s->len + 1) * sizeof(UChar));
    if (U_SUCCESS(status) && copy) {
        memcpy(copy, s->text, (size_t)s->len * sizeof(UChar));
        uregex_setText(fresh, copy, s->len, &status);
        uregex_setTimeLimit(fresh, re->time_limit, &status);
        UBool icu_found = uregex_find(fresh, pos, &status);
        if (U_SUCCESS(status)) {
            if ((icu_found != 0) != (found != 0))
                __builtin_trap();
            for (int32_t g = 0; icu_found && g <= re->groups; g++) {
                lw_re_match span;
                lw_re_group(re, g, &span);
                if (uregex_start(fresh, g, &status) != span.start ||
                    uregex_end(fresh, g, &status) != span.end)
                    __builtin_trap();
            }
            if (icu_found && (m->start != uregex_start(fresh, 0, &status)))
                __builtin_trap();
        }
    }
    sqlite3_free(copy);
    uregex_close(fresh);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 8192)
        return 0;
    static const unsigned option_bits[] = {LW_RE_ICASE,    LW_RE_NLSTOP, LW_RE_NLANCH,
                                           LW_RE_EXPANDED, LW_RE_QUOTE,  LW_RE_SYNTAX_ICU};
    unsigned opts = 0;
    for (size_t i = 0; i < sizeof option_bits / sizeof option_bits[0]; i++)
        if (data[0] & (1u << i))
            opts |= option_bits[i];
    int global = (data[0] & 0x80) != 0;
    data++;
    size--;
    int32_t pattern_len, subject_len, replacement_len;
    const char *pattern = next_part(&data, &size, &pattern_len);
    const char *subject = next_part(&data, &size, &subject_len);
    const char *replacement = next_part(&data, &size, &replacement_len);

    char *err = NULL;
    lw_regex *re = lw_regex_compile("fuzz", 1, pattern, pattern_len, opts, &err);
    sqlite3_free(err);
    if (!re)
        return 0;
    lw_re_subject s = {0}, r = {0};
    int64_t bad;
    /* First a longer text, so the buffer holds stale characters after the subject:
     * the pattern, subject and replacement concatenated, as ASCII. */
    int32_t stale_len = pattern_len + subject_len + replacement_len + 1;
    char *stale = sqlite3_malloc64((sqlite3_uint64)stale_len);
    if (stale) {
        for (int32_t i = 0; i < stale_len; i++)
            stale[i] = pattern_len > 0 ? (char)(pattern[i % pattern_len] & 0x7f) : 'x';
        lw_re_subject_set(&s, stale, stale_len, &bad);
        lw_re_match ignored;
        err = NULL;
        lw_re_find(re, &s, 0, &ignored, "fuzz", &err);
        sqlite3_free(err);
        sqlite3_free(stale);
    }
    if (lw_re_subject_set(&s, subject, subject_len, &bad) == 0 &&
        lw_re_subject_set(&r, replacement, replacement_len, &bad) == 0) {
        /* The UTF-8 prefilter must agree with ICU whenever it claims to know. */
        int validated = 0;
        int prefilter = lw_re_prefilter(re, subject, subject_len, &validated);
        if (prefilter != LW_RE_PREFILTER_MAYBE) {
            lw_re_match first;
            err = NULL;
            int rc = lw_re_find(re, &s, 0, &first, "fuzz", &err);
            sqlite3_free(err);
            if (rc >= 0 && rc != (prefilter == LW_RE_PREFILTER_YES))
                __builtin_trap();
        }
        /* Every match, as regexp_count iterates, checking the spans ICU reports. */
        int32_t pos = 0;
        for (int count = 0; pos >= 0 && count < 10000; count++) {
            lw_re_match m;
            err = NULL;
            int rc = lw_re_find(re, &s, pos, &m, "fuzz", &err);
            sqlite3_free(err);
            if (rc >= 0)
                check_against_icu(re, &s, pos, rc, &m);
            if (rc <= 0)
                break;
            if (m.start < pos || m.end < m.start || m.end > s.len)
                __builtin_trap();
            for (int32_t g = 1; g <= re->groups; g++) {
                lw_re_match span;
                lw_re_group(re, g, &span);
                if (span.start >= 0 && (span.end < span.start || span.end > s.len))
                    __builtin_trap();
            }
            pos = lw_re_next_start(&s, &m);
        }
        char *out = NULL;
        int64_t out_len = 0;
        err = NULL;
        if (lw_re_replace(re, &s, 0, global ? 0 : 1, &r, 1 << 20, "fuzz", &out, &out_len, &err) ==
                0 &&
            lw_utf8_invalid_offset(out, (size_t)(int32_t)out_len) >= 0)
            __builtin_trap(); /* the result must be valid UTF-8 */
        sqlite3_free(out);
        sqlite3_free(err);
    }
    lw_re_subject_free(&s);
    lw_re_subject_free(&r);
    lw_regex_unref(re);
    return 0;
}
