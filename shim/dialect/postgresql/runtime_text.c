/*
 * The postgresql dialect's text functions (registered by runtime.c). Lengths and
 * positions count code points as PostgreSQL does. NULL in gives NULL out unless
 * stated.
 *
 *   concat(A, ...), concat_ws(SEP, A, ...)   NULL arguments skipped
 *   string_agg(X, SEP)        aggregate and window function; NULL for no rows (ORDER
 *                             BY inside the call: see pg_ordered_agg)
 *   greatest(A, ...), least(A, ...)   NULLs skipped; NULL when all are NULL; numbers
 *                             (decimal text too) compare as numbers
 *   strpos(S, SUB), split_part(S, DELIM, N), left(S, N), right(S, N) (pg_left and
 *   pg_right: SQLite's parser takes LEFT( and RIGHT( for joins),
 *   lpad(S, N [, FILL]), rpad(S, N [, FILL]), reverse(S), repeat(S, N),
 *   initcap(S), char_length(S), character_length(S), octet_length(S)
 *   md5(X)                    hex digest of the text's (or blob's) bytes
 *   gen_random_uuid(), uuid_generate_v4()   version 4 UUIDs (sqlite3_randomness)
 */
#include <string.h>

#include "decimal/decimal.h"
#include "dialect/postgresql/runtime_int.h"

static void concat_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int ws = sqlite3_user_data(ctx) != NULL;
    lw_sqlbuf b = {0};
    size_t sep_n = 0;
    const char *sep = NULL;
    if (ws) {
        if (argc < 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL)
            return;
        sep = lw_pg_arg_text(argv, 0, &sep_n);
    }
    lw_sqlbuf_append(&b, "", 0);
    int first = 1;
    for (int i = ws; i < argc; i++) {
        size_t n;
        const char *s = lw_pg_arg_text(argv, i, &n);
        if (!s)
            continue;
        if (ws && !first)
            lw_sqlbuf_append(&b, sep, sep_n);
        lw_sqlbuf_append(&b, s, n);
        first = 0;
    }
    size_t len = b.len;
    lw_pg_result_text(ctx, lw_sqlbuf_finish(&b), len);
}

void lw_pg_text_agg_add(lw_pg_text_agg *a, sqlite3_value *value, sqlite3_value *sep)
{
    size_t n, sep_n;
    const char *s = (const char *)sqlite3_value_text(value);
    if (!s)
        return;
    n = (size_t)sqlite3_value_bytes(value);
    if (a->any) {
        const char *d = sep ? (const char *)sqlite3_value_text(sep) : NULL;
        sep_n = d ? (size_t)sqlite3_value_bytes(sep) : 0;
        lw_sqlbuf_append(&a->buf, d ? d : "", sep_n);
    }
    lw_sqlbuf_append(&a->buf, s, n);
    a->any = 1;
}

void lw_pg_text_agg_result(sqlite3_context *ctx, lw_pg_text_agg *a)
{
    if (!a || !a->any) {
        sqlite3_result_null(ctx);
        if (a)
            lw_sqlbuf_free(&a->buf);
        return;
    }
    if (a->buf.oom) {
        lw_sqlbuf_free(&a->buf);
        sqlite3_result_error_nomem(ctx);
        return;
    }
    size_t n = a->buf.len;
    lw_pg_result_text(ctx, lw_sqlbuf_finish(&a->buf), n);
}

/* string_agg(X, SEP): NULL values are skipped; a NULL separator is empty. */
static void string_agg_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    lw_pg_frame *f = lw_pg_frame_of(ctx);
    if (!f || f->failed)
        return;
    size_t n, sep_n;
    const char *s = lw_pg_arg_text(argv, 0, &n), *sep = lw_pg_arg_text(argv, 1, &sep_n);
    lw_pg_frame_add(ctx, f, sep ? sep : "", sep_n, s, n);
}

static void string_agg_value(sqlite3_context *ctx)
{
    lw_pg_frame *f = sqlite3_aggregate_context(ctx, 0);
    if (!f || f->failed || !f->present)
        return; /* NULL for no values, as PostgreSQL */
    if (f->buf.oom)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text64(ctx, f->buf.s + f->off, f->buf.len - f->off, SQLITE_TRANSIENT,
                              SQLITE_UTF8);
}

static void string_agg_final(sqlite3_context *ctx)
{
    string_agg_value(ctx);
    lw_pg_frame_free(sqlite3_aggregate_context(ctx, 0));
}

/* ---- greatest, least --------------------------------------------------------------- */

/* The kind of number a value is: INTEGER, FLOAT, TEXT for decimal text (a numeric's
 * value), 0 for none. Unlike sqlite3_value_numeric_type(), the value is left as it is,
 * so greatest('2.50', 1) answers the text 2.50. */
static int number_kind(sqlite3_value *v)
{
    int t = sqlite3_value_type(v);
    if (t == SQLITE_INTEGER || t == SQLITE_FLOAT)
        return t;
    if (t != SQLITE_TEXT)
        return 0;
    const char *s = (const char *)sqlite3_value_text(v);
    return s && lw_decimal_text_is_valid(s, (size_t)sqlite3_value_bytes(v)) ? SQLITE_TEXT : 0;
}

/* SQLite's ordering of two non-NULL values: numbers (decimal text exactly) before text
 * before blobs, text and blobs bytewise (the BINARY collation). */
int lw_pg_value_cmp(sqlite3_value *a, sqlite3_value *b)
{
    int ta = number_kind(a), tb = number_kind(b);
    int na = ta != 0, nb = tb != 0;
    if (na && nb) {
        if (ta == SQLITE_INTEGER && tb == SQLITE_INTEGER) {
            sqlite3_int64 x = sqlite3_value_int64(a), y = sqlite3_value_int64(b);
            return x < y ? -1 : x > y;
        }
        int cmp;
        if (ta != SQLITE_FLOAT && tb != SQLITE_FLOAT &&
            lw_decimal_compare_text(
                (const char *)sqlite3_value_text(a), (size_t)sqlite3_value_bytes(a),
                (const char *)sqlite3_value_text(b), (size_t)sqlite3_value_bytes(b), &cmp) == 0)
            return cmp;
        double x = sqlite3_value_double(a), y = sqlite3_value_double(b);
        return x < y ? -1 : x > y;
    }
    if (na != nb)
        return na ? -1 : 1;
    int ba = sqlite3_value_type(a) == SQLITE_BLOB, bb = sqlite3_value_type(b) == SQLITE_BLOB;
    if (ba != bb)
        return ba ? 1 : -1;
    const void *pa = ba ? sqlite3_value_blob(a) : (const void *)sqlite3_value_text(a);
    const void *pb = bb ? sqlite3_value_blob(b) : (const void *)sqlite3_value_text(b);
    int la = sqlite3_value_bytes(a), lb = sqlite3_value_bytes(b);
    int c = memcmp(pa ? pa : "", pb ? pb : "", (size_t)(la < lb ? la : lb));
    return c ? c : (la < lb ? -1 : la > lb);
}

static void greatest_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int sign = sqlite3_user_data(ctx) ? 1 : -1;
    sqlite3_value *best = NULL;
    for (int i = 0; i < argc; i++) {
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
            continue;
        if (!best || lw_pg_value_cmp(argv[i], best) * sign > 0)
            best = argv[i];
    }
    if (best)
        sqlite3_result_value(ctx, best);
}

/* ---- Text functions ---------------------------------------------------------------- */

static void strpos_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    size_t n, sub_n;
    if (lw_any_null(argc, argv))
        return;
    const char *s = lw_pg_arg_text(argv, 0, &n), *sub = lw_pg_arg_text(argv, 1, &sub_n);
    if (!s || !sub) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_int64(ctx, lw_pg_strpos(s, n, sub, sub_n));
}

static void split_part_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    size_t n, dn, from, to;
    if (lw_any_null(argc, argv))
        return;
    const char *s = lw_pg_arg_text(argv, 0, &n), *d = lw_pg_arg_text(argv, 1, &dn);
    if (!s || !d) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (lw_pg_split_part(s, n, d, dn, sqlite3_value_int64(argv[2]), &from, &to) != 0) {
        lw_pg_error(ctx, "22023", "field position must not be zero");
        return;
    }
    sqlite3_result_text64(ctx, s + from, to - from, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void left_right_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    size_t n, from, to;
    if (lw_any_null(argc, argv))
        return;
    const char *s = lw_pg_arg_text(argv, 0, &n);
    if (!s) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    int64_t k = sqlite3_value_int64(argv[1]);
    if (sqlite3_user_data(ctx))
        lw_pg_right(s, n, k, &from, &to);
    else
        lw_pg_left(s, n, k, &from, &to);
    sqlite3_result_text64(ctx, s + from, to - from, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void pad_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    size_t n, fill_n = 1, out_n;
    const char *fill = " ";
    if (lw_any_null(argc, argv))
        return;
    const char *s = lw_pg_arg_text(argv, 0, &n);
    if (argc == 3)
        fill = lw_pg_arg_text(argv, 2, &fill_n);
    if (!s || !fill) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    char *out = lw_pg_pad(s, n, sqlite3_value_int64(argv[1]), fill, fill_n,
                          sqlite3_user_data(ctx) == NULL, &out_n);
    lw_pg_result_text(ctx, out, out_n);
}

static void reverse_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    size_t n;
    if (lw_any_null(argc, argv))
        return;
    const char *s = lw_pg_arg_text(argv, 0, &n);
    char *out = s ? sqlite3_malloc64(n + 1) : NULL;
    if (!out) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    /* Whole code points move; their bytes keep their order. */
    size_t w = n;
    for (size_t i = 0; i < n;) {
        size_t next = i + lw_pg_skip_chars(s + i, n - i, 1);
        w -= next - i;
        memcpy(out + w, s + i, next - i);
        i = next;
    }
    lw_pg_result_text(ctx, out, n);
}

static void repeat_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    size_t n;
    if (lw_any_null(argc, argv))
        return;
    const char *s = lw_pg_arg_text(argv, 0, &n);
    int64_t times = sqlite3_value_int64(argv[1]);
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    if (times <= 0 || n == 0) {
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
        return;
    }
    if ((uint64_t)times > (uint64_t)sqlite3_limit(db, SQLITE_LIMIT_LENGTH, -1) / n) {
        sqlite3_result_error_toobig(ctx);
        return;
    }
    lw_sqlbuf b = {0};
    for (int64_t k = 0; k < times; k++)
        lw_sqlbuf_append(&b, s, n);
    size_t len = b.len;
    lw_pg_result_text(ctx, lw_sqlbuf_finish(&b), len);
}

static void initcap_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    size_t n;
    if (lw_any_null(argc, argv))
        return;
    const char *s = lw_pg_arg_text(argv, 0, &n);
    char *out = s ? sqlite3_malloc64(n + 1) : NULL;
    if (!out) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    /* ASCII letters only: the text module's upper()/lower() own Unicode case mapping. */
    int in_word = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    (unsigned char)c >= 0x80;
        if (alnum && !in_word && c >= 'a' && c <= 'z')
            c = (char)(c - 32);
        else if (alnum && in_word && c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        in_word = alnum;
        out[i] = c;
    }
    lw_pg_result_text(ctx, out, n);
}

static void char_length_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    size_t n;
    if (lw_any_null(argc, argv))
        return;
    if (sqlite3_user_data(ctx)) {
        /* octet_length: bytes of the text (or the blob). */
        if (sqlite3_value_type(argv[0]) == SQLITE_BLOB)
            sqlite3_result_int(ctx, sqlite3_value_bytes(argv[0]));
        else
            sqlite3_result_int64(ctx, (int64_t)(lw_pg_arg_text(argv, 0, &n), n));
        return;
    }
    const char *s = lw_pg_arg_text(argv, 0, &n);
    sqlite3_result_int64(ctx, s ? lw_pg_char_length(s, n) : 0);
}

/* ---- UUID and MD5 ---------------------------------------------------------------------- */

static void md5_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    char hex[33];
    if (lw_any_null(argc, argv))
        return;
    const void *p = sqlite3_value_type(argv[0]) == SQLITE_BLOB
                        ? sqlite3_value_blob(argv[0])
                        : (const void *)sqlite3_value_text(argv[0]);
    lw_pg_md5_hex(p ? p : "", (size_t)sqlite3_value_bytes(argv[0]), hex);
    sqlite3_result_text(ctx, hex, 32, SQLITE_TRANSIENT);
}

static void uuid_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    unsigned char random[16];
    char out[37];
    sqlite3_randomness(sizeof random, random);
    lw_pg_uuid_v4(random, out);
    sqlite3_result_text(ctx, out, 36, SQLITE_TRANSIENT);
}

const lw_pg_function_def lw_pg_text_functions[] = {
    F("concat", -1, LW_PURE, concat_func, 0, 0),
    F("concat_ws", -1, LW_PURE, concat_func, 1, 0),
    WINDOW("string_agg", 2, string_agg_step, string_agg_final, string_agg_value, 0),
    F("greatest", -1, LW_PURE, greatest_func, 1, 0),
    F("least", -1, LW_PURE, greatest_func, 0, 0),
    F("strpos", 2, LW_PURE, strpos_func, 0, 0),
    F("split_part", 3, LW_PURE, split_part_func, 0, 0),
    F("left", 2, LW_PURE, left_right_func, 0, 0),
    F("right", 2, LW_PURE, left_right_func, 1, 0),
    /* SQLite's parser takes LEFT( and RIGHT( for joins: the rewriter calls these. */
    F("pg_left", 2, LW_PURE, left_right_func, 0, 0),
    F("pg_right", 2, LW_PURE, left_right_func, 1, 0),
    F("lpad", 2, LW_PURE, pad_func, 0, 0),
    F("lpad", 3, LW_PURE, pad_func, 0, 0),
    F("rpad", 2, LW_PURE, pad_func, 1, 0),
    F("rpad", 3, LW_PURE, pad_func, 1, 0),
    F("reverse", 1, LW_PURE, reverse_func, 0, 0),
    F("repeat", 2, LW_PURE, repeat_func, 0, 0),
    F("initcap", 1, LW_PURE, initcap_func, 0, 0),
    F("char_length", 1, LW_PURE, char_length_func, 0, 0),
    F("character_length", 1, LW_PURE, char_length_func, 0, 0),
    F("octet_length", 1, LW_PURE, char_length_func, 1, 0),
    F("md5", 1, LW_PURE, md5_func, 0, 0),
    F("gen_random_uuid", 0, VOLATILE, uuid_func, 0, 0),
    F("uuid_generate_v4", 0, VOLATILE, uuid_func, 0, 0),
    LW_PG_END_OF_FUNCTIONS,
};
