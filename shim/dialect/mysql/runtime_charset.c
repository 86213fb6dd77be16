/*
 * latin1 values (registered by runtime.c; the rewriter writes the calls). The dialect
 * keeps every string as UTF-8 text; a latin1 value is one whose characters are all in
 * MariaDB's latin1 (Windows code page 1252, ext/collation/latin1.h), each one byte.
 *
 *   my_latin1_store(V, TABLE, COLUMN, ROW)   V going into a latin1 column: unchanged
 *       when latin1 has every character; otherwise MariaDB's 1366 "Incorrect string
 *       value: '\xCE\xA9...' for column `db`.`t`.`c` at row N" (the bytes from the
 *       first character latin1 lacks, at most six, printable ASCII as itself, "..."
 *       when more follow), an error in a strict write and else a warning with each
 *       such character stored as '?'
 *   my_to_latin1(V)      CONVERT(V USING latin1): each character latin1 lacks becomes '?'
 *   my_latin1_bytes(V)   V's latin1 bytes as a BLOB (LENGTH() of a latin1 string
 *                        counts them); a character latin1 lacks is '?'
 *
 * NULL gives NULL; a number or a BLOB passes unchanged (my_latin1_bytes: a BLOB is
 * its own bytes, a number its text's).
 */
#include <string.h>

#include <unicode/utf8.h>

#include "collation/latin1.h"
#include "dialect/mysql/runtime_int.h"

/* The byte offset of the first character of t (n bytes) latin1 lacks (an invalid
 * UTF-8 byte is one), or n. */
static size_t first_outside_latin1(const unsigned char *t, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (t[i] < 0x80) {
            i++;
            continue;
        }
        size_t start = i;
        UChar32 cp;
        int32_t k = (int32_t)i;
        U8_NEXT(t, k, (int32_t)n, cp);
        if (cp < 0 || lw_latin1_byte((uint32_t)cp) < 0)
            return start;
        i = (size_t)k;
    }
    return n;
}

/* t (n bytes, UTF-8) with each character latin1 lacks replaced by '?': as UTF-8 text
 * (bytes = 0) or as latin1 bytes (bytes = 1). Sets the result. */
static void result_latin1(sqlite3_context *ctx, const unsigned char *t, size_t n, int bytes)
{
    unsigned char *out = sqlite3_malloc64(n + 1);
    if (!out) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    size_t m = 0;
    int32_t i = 0;
    while ((size_t)i < n) {
        int32_t start = i;
        UChar32 cp;
        U8_NEXT(t, i, (int32_t)n, cp);
        int b = cp < 0 ? -1 : lw_latin1_byte((uint32_t)cp);
        if (b < 0) {
            out[m++] = '?';
            if (cp < 0)
                i = start + 1;
        } else if (bytes) {
            out[m++] = (unsigned char)b;
        } else {
            memcpy(out + m, t + start, (size_t)(i - start));
            m += (size_t)(i - start);
        }
    }
    out[m] = 0;
    if (bytes)
        sqlite3_result_blob64(ctx, out, m, sqlite3_free);
    else
        sqlite3_result_text64(ctx, (char *)out, m, sqlite3_free, SQLITE_UTF8);
}

/* The text of V (n bytes), or NULL with the result set: V itself when it is no text
 * (NULL, a number, a BLOB), or the out-of-memory error. */
static const unsigned char *text_arg(sqlite3_context *ctx, sqlite3_value *v, size_t *n)
{
    if (sqlite3_value_type(v) != SQLITE_TEXT) {
        sqlite3_result_value(ctx, v);
        return NULL;
    }
    const unsigned char *t = sqlite3_value_text(v);
    *n = (size_t)sqlite3_value_bytes(v);
    if (!t)
        sqlite3_result_error_nomem(ctx);
    return t;
}

static void latin1_store_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    size_t n;
    const unsigned char *t = text_arg(ctx, argv[0], &n);
    if (!t)
        return;
    size_t bad = first_outside_latin1(t, n);
    if (bad == n) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    /* MariaDB quotes at most six bytes from the first bad character. */
    lw_sqlbuf shown = {0};
    size_t end = bad + 6 < n ? bad + 6 : n;
    for (size_t i = bad; i < end; i++)
        if (t[i] >= 0x20 && t[i] < 0x7F)
            lw_sqlbuf_appendf(&shown, "%c", t[i]);
        else
            lw_sqlbuf_appendf(&shown, "\\x%02X", t[i]);
    if (end < n)
        lw_sqlbuf_appends(&shown, "...");
    const char *table = (const char *)sqlite3_value_text(argv[1]);
    const char *column = (const char *)sqlite3_value_text(argv[2]);
    my_session *s = MY_SESSION(ctx);
    /* ROW 0: the session's current row (my_row sets it), as my_assign counts. */
    int row = sqlite3_value_int(argv[3]);
    if (row <= 0)
        row = s->stmt_row > 0 ? s->stmt_row : 1;
    char *m = sqlite3_mprintf("Incorrect string value: '%s' for column `%s`.`%s`.`%s` at row %d",
                              shown.s ? shown.s : "", MY_DATABASE, table ? table : "",
                              column ? column : "", row);
    lw_sqlbuf_free(&shown);
    if (!m) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (my_strict_write(s)) {
        my_error(ctx, 1366, "%s", m);
    } else {
        my_warn(s, LW_LEVEL_WARNING, 1366, "%s", m);
        result_latin1(ctx, t, n, 0);
    }
    sqlite3_free(m);
}

static void to_latin1_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    size_t n;
    const unsigned char *t = text_arg(ctx, argv[0], &n);
    if (!t)
        return;
    if (first_outside_latin1(t, n) == n)
        sqlite3_result_value(ctx, argv[0]);
    else
        result_latin1(ctx, t, n, 0);
}

static void latin1_bytes_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int type = sqlite3_value_type(argv[0]);
    if (type == SQLITE_NULL || type == SQLITE_BLOB) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    const unsigned char *t = sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    if (!t)
        sqlite3_result_error_nomem(ctx);
    else
        result_latin1(ctx, t, n, 1);
}

const lw_function_def my_charset_functions[] = {
    {"my_latin1_store", 4, MY_SESSION_FN, latin1_store_func, NULL, NULL, NULL, NULL},
    {"my_to_latin1", 1, MY_SESSION_FN, to_latin1_func, NULL, NULL, NULL, NULL},
    {"my_latin1_bytes", 1, MY_SESSION_FN, latin1_bytes_func, NULL, NULL, NULL, NULL},
};
const size_t my_charset_functions_n = sizeof my_charset_functions / sizeof my_charset_functions[0];
