/*
 * libFuzzer target for the text module's transformations (ext/text/text.c): lower,
 * upper and casefold (root and Turkish locales), simple_upper, the four normalization
 * forms and unaccent, on any bytes. Each must either reject invalid UTF-8 at the offset
 * lw_utf8_invalid_offset reports, or return well-formed UTF-8 of the length it claims;
 * simple_upper's result also has exactly as many code points as its input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "text/text.h"
#include <sqlite3.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(lw_text_rc rc, char *out, size_t out_len, int64_t bad_at, const uint8_t *data,
                  size_t size)
{
    int64_t expected_bad = lw_utf8_invalid_offset((const char *)data, size);
    if (rc == LW_TEXT_INVALID_UTF8) {
        if (expected_bad < 0 || bad_at != expected_bad || out)
            abort();
        return;
    }
    if (rc != LW_TEXT_OK || expected_bad >= 0)
        abort();
    if (strlen(out) > out_len || out[out_len] != 0 || lw_utf8_invalid_offset(out, out_len) >= 0)
        abort();
    sqlite3_free(out);
}

/* The number of code points of valid UTF-8: the bytes that do not continue one. */
static size_t code_points(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += ((unsigned char)s[i] & 0xC0) != 0x80;
    return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static lw_casemap *turkish;
    UErrorCode status;
    if (!turkish && lw_casemap_open("tr", &turkish, &status) != LW_TEXT_OK)
        abort();
    const char *s = (const char *)data;
    char *out;
    size_t out_len;
    int64_t bad_at;
    for (int op = LW_CASE_LOWER; op <= LW_CASE_FOLD; op++) {
        out = NULL;
        lw_text_rc rc =
            lw_text_case(NULL, (lw_case_op)op, s, size, &out, &out_len, &bad_at, &status);
        check(rc, out, out_len, bad_at, data, size);
        out = NULL;
        rc = lw_text_case(turkish, (lw_case_op)op, s, size, &out, &out_len, &bad_at, &status);
        check(rc, out, out_len, bad_at, data, size);
    }
    for (int form = LW_NFC; form <= LW_NFKD; form++) {
        out = NULL;
        lw_text_rc rc =
            lw_text_normalize((lw_norm_form)form, s, size, &out, &out_len, &bad_at, &status);
        check(rc, out, out_len, bad_at, data, size);
    }
    out = NULL;
    lw_text_rc rc = lw_text_unaccent(s, size, &out, &out_len, &bad_at, &status);
    check(rc, out, out_len, bad_at, data, size);
    out = NULL;
    rc = lw_text_simple_upper(s, size, &out, &out_len, &bad_at);
    if (rc == LW_TEXT_OK && code_points(out, out_len) != code_points(s, size))
        abort();
    check(rc, out, out_len, bad_at, data, size);
    return 0;
}
