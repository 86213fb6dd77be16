/*
 * The PostgreSQL functions of the postgresql dialect: registered on every connection
 * opened with dialect=postgresql (dialect_postgresql.c's on_open), never elsewhere.
 * Most are what a PostgreSQL user calls by name; the pg_* ones are what the rewriter
 * turns PostgreSQL syntax into. NULL in gives NULL out unless stated.
 *
 *   concat(A, ...), concat_ws(SEP, A, ...)   NULL arguments skipped
 *   string_agg(X, SEP)        aggregate and window function; NULL for no rows (ORDER
 *                             BY inside the call: see pg_ordered_agg)
 *   sum(X)                    replaces SQLite's: decimal text (NUMERIC columns) adds
 *                             exactly, integers past 64 bits continue as decimals
 *                             (aggregate and window function)
 *   greatest(A, ...), least(A, ...)   NULLs skipped; NULL when all are NULL
 *   strpos(S, SUB), split_part(S, DELIM, N), left(S, N), right(S, N),
 *   lpad(S, N [, FILL]), rpad(S, N [, FILL]), reverse(S), repeat(S, N),
 *   initcap(S), btrim(S [, CHARS]), char_length(S), octet_length(S)
 *                             code points, as PostgreSQL counts them
 *   date_trunc(UNIT, TS), date_part(FIELD, TS), pg_extract(FIELD, TS), to_char(TS, FMT),
 *   pg_ts_add(TS, INTERVAL, SIGN)   ts + INTERVAL '1 day' (months, days, then time)
 *                             TS is ISO text ('2024-05-17 13:45:12[.ffffff][+00]');
 *                             to_char of a number is refused (0A000)
 *   now(), transaction_timestamp(), current_timestamp(): the transaction's start with
 *   microseconds, as timestamptz text ('2024-05-17 13:45:12.123456+00'); in autocommit
 *   mode the statement's. statement_timestamp(), clock_timestamp(): the call's time.
 *   pg_current_date(), pg_localtimestamp(): the same instant as date / timestamp.
 *   gen_random_uuid(), uuid_generate_v4()   version 4 UUIDs (sqlite3_randomness)
 *   md5(X)                    hex digest of the text's (or blob's) bytes
 *   nextval(NAME), currval(NAME), setval(NAME, V [, IS_CALLED]), lastval()
 *                             sequences kept in the table _lw_pg_sequences;
 *   pg_create_sequence(NAME, START, INCREMENT, MIN, MAX, IF_NOT_EXISTS),
 *   pg_drop_sequence(NAME, IF_EXISTS), pg_restart_sequence(NAME)   used by the rewriter
 *   generate_series(START, STOP [, STEP])   table-valued; the column is "value"
 *   jsonb_build_object(K, V, ...), json_build_object, jsonb_build_array(V, ...),
 *   json_build_array, jsonb_agg(X), json_agg(X), array_agg(X), to_jsonb(X), to_json(X)
 *                             results in jsonb's printed form, with SQLite's JSON
 *                             subtype so they nest; array_agg returns a JSON array
 *                             (SQLite has no arrays); the aggregates are also window
 *                             functions
 *   pg_jsonb(X)               jsonb's printed form of a JSON text (the ::jsonb cast)
 *   pg_json_get(J, K, AS_TEXT)   J -> K and J ->> K as jsonb reads J (the last
 *                             duplicate key wins): an integer K indexes an array
 *                             (negative from the end), other K names an object key;
 *                             NULL when there is no such value
 *   pg_json_agg_json(X)       jsonb_agg(X) whose text argument is JSON text (the
 *                             rewriter's form for window calls on numerics and json)
 *   pg_ordered_agg(KIND, NARGS, ARGS..., KEY, DESC, ...)   string_agg, jsonb_agg,
 *                             json_agg and array_agg with ORDER BY inside the call
 *   avg(X)                    replaces SQLite's: integers and decimal text average to
 *                             a numeric with PostgreSQL's scale (1.5000000000000000),
 *                             reals to a double (aggregate and window function)
 *   pg_int2(X), pg_int4(X), pg_int8(X)   X, or 22003 "smallint/integer/bigint out of
 *                             range" when an integer operator's result left the type
 *                             (a REAL X is SQLite's bigint overflow)
 *   pg_arith(OP, A, B)        A OP B for operands the rewriter cannot type: integers
 *                             checked (22003), doubles as float8, other text 0A000;
 *                             also the rewriter's / and % of integers (NULL before 22012)
 *   pg_farith(OP, A, B)       the same with A and B as doubles (/ of float8 operands)
 *   pg_mod(A, B)              mod() of integers: 22012 for a zero divisor
 *   pg_date_add(D, N, SIGN), pg_date_diff(A, B)   date +/- integer days, date - date
 *   pg_ceil(X), pg_floor(X)   exact ceil/floor of a numeric
 *   pg_rint(X)                round() of a double: half to even, as PostgreSQL
 *   pg_cast(X, TYPE [, N [, S]])   PostgreSQL's explicit cast to int2, int4, int8,
 *                             bool, uuid, json, jsonb, date, timestamp, timestamptz,
 *                             varchar(N), bpchar(N), text
 *                             (a double rounds half to even to an integer)
 *   pg_cast_numeric(X, TYPE)  X a numeric (decimal text) cast to int2, int4 or int8:
 *                             rounded half away from zero, 22003 out of range
 *   pg_assign(X, TYPE [, N [, S]])   the same checks for a value stored in a column
 *                             (a too long varchar is 22001 instead of cut, a fraction
 *                             in an integer column 22P02)
 *   pg_bool_text(X)           't' or 'f'
 *
 * Errors carry PostgreSQL's SQLSTATE and message behind LW_PG_ERROR_PREFIX (see
 * pg_func_sql.h). Limits: generate_series stops at SQLite's 64-bit integers; JSON
 * nesting is bounded by LW_PG_JSON_MAX_DEPTH.
 */
#include "pg_func_sql.h"
#include "common/hex.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "common/glue.h"
#include "common/utf8.h"
#include "decimal/decimal.h"
#include "pg_func.h"
#include "sqlbuf.h"

/* SQLite's JSON subtype: values carrying it nest into JSON as JSON, not as strings. */
#define JSON_SUBTYPE 74

/* A sequence's last value as this session saw it (currval). */
typedef struct seen_sequence {
    struct seen_sequence *next;
    char *name;
    int64_t value;
} seen_sequence;

struct lw_pg_funcs {
    lw_shared base;
    int64_t txn_usec; /* now() of the open transaction */
    int txn_valid;
    seen_sequence *seen;
    int64_t lastval;
    int has_lastval;
    struct setting *settings; /* values given by SET, newest first */
};

static int variant_of(sqlite3_context *ctx);

static void pg_error(sqlite3_context *ctx, const char *sqlstate, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    if (!msg) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    lw_result_errorf(ctx, LW_PG_ERROR_PREFIX "%s: %s", sqlstate, msg);
    sqlite3_free(msg);
}

const char *lw_pg_split_error(const char *msg, char sqlstate[6])
{
    size_t k = strlen(LW_PG_ERROR_PREFIX);
    if (!msg || strncmp(msg, LW_PG_ERROR_PREFIX, k) != 0 || strlen(msg) < k + 7 ||
        msg[k + 5] != ':' || msg[k + 6] != ' ')
        return NULL;
    memcpy(sqlstate, msg + k, 5);
    sqlstate[5] = 0;
    return msg + k + 7;
}

/* Text of argument i (NULL for SQL NULL) with its byte length. */
static const char *arg_text(sqlite3_value **argv, int i, size_t *n)
{
    const char *s = (const char *)sqlite3_value_text(argv[i]);
    *n = s ? (size_t)sqlite3_value_bytes(argv[i]) : 0;
    return s;
}

static void result_owned_text(sqlite3_context *ctx, char *s, size_t n)
{
    if (!s)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text64(ctx, s, n, sqlite3_free, SQLITE_UTF8);
}

/* ---- concat, concat_ws, string_agg ------------------------------------------------- */

static void concat_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int ws = sqlite3_user_data(ctx) != NULL;
    lw_sqlbuf b = {0};
    size_t sep_n = 0;
    const char *sep = NULL;
    if (ws) {
        if (argc < 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL)
            return;
        sep = arg_text(argv, 0, &sep_n);
    }
    lw_sqlbuf_append(&b, "", 0);
    int first = 1;
    for (int i = ws; i < argc; i++) {
        size_t n;
        const char *s = arg_text(argv, i, &n);
        if (!s)
            continue;
        if (ws && !first)
            lw_sqlbuf_append(&b, sep, sep_n);
        lw_sqlbuf_append(&b, s, n);
        first = 0;
    }
    size_t len = b.len;
    result_owned_text(ctx, lw_sqlbuf_finish(&b), len);
}

typedef struct text_agg {
    lw_sqlbuf buf;
    int any;
} text_agg;

static void text_agg_add(text_agg *a, sqlite3_value *value, sqlite3_value *sep)
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

static void text_agg_result(sqlite3_context *ctx, text_agg *a)
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
    result_owned_text(ctx, lw_sqlbuf_finish(&a->buf), n);
}

/*
 * The text of an aggregate's frame, for string_agg, json_agg and friends as window
 * functions (sliding frames remove their oldest row through xInverse). The rows of the
 * frame, oldest first, are pieces of buf, each "[separator]value", the oldest piece
 * having no separator; a row that added nothing (a NULL for string_agg) is a piece of
 * its own so that the queue stays in step with the frame.
 */
#define FRAME_ABSENT UINT64_MAX
typedef struct frame_text {
    lw_sqlbuf buf;
    size_t off;          /* where the frame's text starts in buf */
    uint64_t *pieces;    /* per row: where its value starts in buf, or FRAME_ABSENT */
    size_t head, n, cap; /* the rows of the frame: pieces[head..n) */
    int64_t present;     /* rows of the frame that added a value */
    int failed;          /* an error was reported (set on the context already) */
} frame_text;

/* Appends a row: value (n bytes) after sep (sep_n bytes) unless it is the frame's
 * first value; value NULL records a row that adds nothing. */
static void frame_add(sqlite3_context *ctx, frame_text *f, const char *sep, size_t sep_n,
                      const char *value, size_t n)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 16;
        uint64_t *p = sqlite3_realloc64(f->pieces, cap * sizeof *p);
        if (!p) {
            f->failed = 1;
            sqlite3_result_error_nomem(ctx);
            return;
        }
        f->pieces = p;
        f->cap = cap;
    }
    if (!value) {
        f->pieces[f->n++] = FRAME_ABSENT;
        return;
    }
    if (f->present == 0)
        f->buf.len = f->off = 0; /* nothing of the frame is left in buf */
    else
        lw_sqlbuf_append(&f->buf, sep, sep_n);
    f->pieces[f->n++] = f->buf.len;
    lw_sqlbuf_append(&f->buf, value, n);
    f->present++;
}

/* xInverse: the oldest row leaves the frame; the next value loses its separator. */
static void frame_drop_oldest(frame_text *f)
{
    if (f->head >= f->n)
        return;
    if (f->pieces[f->head++] != FRAME_ABSENT) {
        f->present--;
        f->off = f->buf.len;
        for (size_t k = f->head; k < f->n; k++)
            if (f->pieces[k] != FRAME_ABSENT) {
                f->off = (size_t)f->pieces[k];
                break;
            }
    }
    if (f->head == f->n)
        f->head = f->n = 0;
}

static void frame_free(frame_text *f)
{
    if (!f)
        return;
    lw_sqlbuf_free(&f->buf);
    sqlite3_free(f->pieces);
    memset(f, 0, sizeof *f);
}

static frame_text *frame_of(sqlite3_context *ctx)
{
    frame_text *f = sqlite3_aggregate_context(ctx, sizeof *f);
    if (!f)
        sqlite3_result_error_nomem(ctx);
    return f;
}

/* string_agg(X, SEP): NULL values are skipped; a NULL separator is empty. */
static void string_agg_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    frame_text *f = frame_of(ctx);
    if (!f || f->failed)
        return;
    size_t n, sep_n;
    const char *s = arg_text(argv, 0, &n), *sep = arg_text(argv, 1, &sep_n);
    frame_add(ctx, f, sep ? sep : "", sep_n, s, n);
}

static void string_agg_value(sqlite3_context *ctx)
{
    frame_text *f = sqlite3_aggregate_context(ctx, 0);
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
    frame_free(sqlite3_aggregate_context(ctx, 0));
}

static void frame_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    frame_text *f = sqlite3_aggregate_context(ctx, 0);
    if (f)
        frame_drop_oldest(f);
}

/* ---- sum() as PostgreSQL adds -------------------------------------------------------- */

/*
 * sum(X) on postgresql connections: integers add exactly (past 64 bits the sum goes
 * on as a decimal, as PostgreSQL's sum(bigint) is numeric), decimal text (NUMERIC
 * columns) adds exactly with the largest scale, reals add as doubles and make the
 * result a double. A text that is not a number is 22P02 (PostgreSQL has no sum of
 * text). A window function too: xInverse subtracts.
 */
/* What a sum holds so far: nothing yet, an int64 (i), a double (d) or a decimal (dec). */
typedef enum pg_sum_kind { SUM_EMPTY = 0, SUM_INTEGER, SUM_REAL, SUM_DECIMAL } pg_sum_kind;

typedef struct pg_sum {
    int64_t count;
    pg_sum_kind kind;
    int64_t i;
    double d;
    lw_decimal dec;
    int failed;
} pg_sum;

/* An integer sum goes on as a decimal (past 64 bits, or when decimal text comes). */
static void sum_to_decimal(pg_sum *a)
{
    if (a->kind == SUM_INTEGER) {
        lw_decimal_from_int64(&a->dec, a->i);
        a->kind = SUM_DECIMAL;
    }
}

static void sum_add(sqlite3_context *ctx, pg_sum *a, sqlite3_value *v, int sign)
{
    int type = sqlite3_value_type(v);
    if (type == SQLITE_NULL || a->failed)
        return;
    a->count += sign;
    if (a->kind == SUM_EMPTY) {
        lw_decimal_init(&a->dec);
        a->kind = SUM_INTEGER;
    }
    if (type == SQLITE_FLOAT || a->kind == SUM_REAL) {
        if (a->kind != SUM_REAL) {
            double base = (double)a->i;
            if (a->kind == SUM_DECIMAL) {
                size_t n;
                char *t = lw_decimal_to_text(&a->dec, &n);
                base = t ? strtod(t, NULL) : 0;
                sqlite3_free(t);
            }
            a->d = base;
            a->kind = SUM_REAL;
        }
        a->d += sign * sqlite3_value_double(v);
        return;
    }
    if (type == SQLITE_INTEGER && a->kind == SUM_INTEGER) {
        int64_t x = sqlite3_value_int64(v), r;
        if (!(sign > 0 ? __builtin_add_overflow(a->i, x, &r)
                       : __builtin_sub_overflow(a->i, x, &r))) {
            a->i = r;
            return;
        }
    }
    lw_decimal term, result;
    lw_decimal_init(&term);
    lw_decimal_init(&result);
    lw_decimal_status st = LW_DECIMAL_OK;
    if (type == SQLITE_INTEGER) {
        lw_decimal_from_int64(&term, sqlite3_value_int64(v));
    } else {
        const char *t = (const char *)sqlite3_value_text(v);
        st = lw_decimal_from_text(&term, t ? t : "", t ? (size_t)sqlite3_value_bytes(v) : 0);
        if (st == LW_DECIMAL_INVALID) {
            pg_error(ctx, "22P02", "invalid input syntax for type numeric: \"%s\"", t ? t : "");
            a->failed = 1;
        }
    }
    if (st == LW_DECIMAL_OK) {
        sum_to_decimal(a);
        st = sign > 0 ? lw_decimal_add(&result, &a->dec, &term)
                      : lw_decimal_sub(&result, &a->dec, &term);
        if (st == LW_DECIMAL_OK)
            st = lw_decimal_copy(&a->dec, &result);
    }
    if (st != LW_DECIMAL_OK && !a->failed) {
        pg_error(ctx, "22003", "%s", lw_decimal_status_message(st));
        a->failed = 1;
    }
    lw_decimal_clear(&term);
    lw_decimal_clear(&result);
}

static void sum_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    pg_sum *a = sqlite3_aggregate_context(ctx, sizeof *a);
    if (!a) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sum_add(ctx, a, argv[0], 1);
}

static void sum_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    pg_sum *a = sqlite3_aggregate_context(ctx, sizeof *a);
    if (a)
        sum_add(ctx, a, argv[0], -1);
}

static void sum_value(sqlite3_context *ctx)
{
    pg_sum *a = sqlite3_aggregate_context(ctx, 0);
    if (!a || a->failed || a->count == 0)
        return;
    if (a->kind == SUM_INTEGER)
        sqlite3_result_int64(ctx, a->i);
    else if (a->kind == SUM_REAL)
        sqlite3_result_double(ctx, a->d);
    else {
        size_t n;
        char *t = lw_decimal_to_text(&a->dec, &n);
        result_owned_text(ctx, t, n);
    }
}

/* The end of a sum or avg: its decimal (initialised with the first value) is freed. */
static void sum_state_clear(sqlite3_context *ctx)
{
    pg_sum *a = sqlite3_aggregate_context(ctx, 0);
    if (a && a->kind != SUM_EMPTY)
        lw_decimal_clear(&a->dec);
}

static void sum_final(sqlite3_context *ctx)
{
    sum_value(ctx);
    sum_state_clear(ctx);
}

/*
 * avg(X) on postgresql connections: PostgreSQL's avg of integers and numerics is a
 * numeric (sum / count with select_div_scale: avg of 1 and 2 is 1.5000000000000000),
 * of reals a double. It shares sum()'s exact accumulation.
 */
static void avg_value(sqlite3_context *ctx)
{
    pg_sum *a = sqlite3_aggregate_context(ctx, 0);
    if (!a || a->failed || a->count == 0)
        return;
    if (a->kind == SUM_REAL) {
        sqlite3_result_double(ctx, a->d / (double)a->count);
        return;
    }
    lw_decimal sum, count, quotient;
    lw_decimal_init(&sum);
    lw_decimal_init(&count);
    lw_decimal_init(&quotient);
    if (a->kind == SUM_INTEGER)
        lw_decimal_from_int64(&sum, a->i);
    lw_decimal_from_int64(&count, a->count);
    lw_decimal_status st = lw_decimal_div(&quotient, a->kind == SUM_INTEGER ? &sum : &a->dec,
                                          &count, LW_DECIMAL_DIV_AUTO_SCALE);
    if (st == LW_DECIMAL_OK) {
        size_t n;
        char *t = lw_decimal_to_text(&quotient, &n);
        result_owned_text(ctx, t, n);
    } else {
        pg_error(ctx, "22003", "%s", lw_decimal_status_message(st));
    }
    lw_decimal_clear(&sum);
    lw_decimal_clear(&count);
    lw_decimal_clear(&quotient);
}

static void avg_final(sqlite3_context *ctx)
{
    avg_value(ctx);
    sum_state_clear(ctx);
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
static int value_cmp(sqlite3_value *a, sqlite3_value *b)
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
        if (!best || value_cmp(argv[i], best) * sign > 0)
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
    const char *s = arg_text(argv, 0, &n), *sub = arg_text(argv, 1, &sub_n);
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
    const char *s = arg_text(argv, 0, &n), *d = arg_text(argv, 1, &dn);
    if (!s || !d) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (lw_pg_split_part(s, n, d, dn, sqlite3_value_int64(argv[2]), &from, &to) != 0) {
        pg_error(ctx, "22023", "field position must not be zero");
        return;
    }
    sqlite3_result_text64(ctx, s + from, to - from, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void left_right_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    size_t n, from, to;
    if (lw_any_null(argc, argv))
        return;
    const char *s = arg_text(argv, 0, &n);
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
    const char *s = arg_text(argv, 0, &n);
    if (argc == 3)
        fill = arg_text(argv, 2, &fill_n);
    if (!s || !fill) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    char *out = lw_pg_pad(s, n, sqlite3_value_int64(argv[1]), fill, fill_n,
                          sqlite3_user_data(ctx) == NULL, &out_n);
    result_owned_text(ctx, out, out_n);
}

static void reverse_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    size_t n;
    if (lw_any_null(argc, argv))
        return;
    const char *s = arg_text(argv, 0, &n);
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
    result_owned_text(ctx, out, n);
}

static void repeat_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    size_t n;
    if (lw_any_null(argc, argv))
        return;
    const char *s = arg_text(argv, 0, &n);
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
    result_owned_text(ctx, lw_sqlbuf_finish(&b), len);
}

static void initcap_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    size_t n;
    if (lw_any_null(argc, argv))
        return;
    const char *s = arg_text(argv, 0, &n);
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
    result_owned_text(ctx, out, n);
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
            sqlite3_result_int64(ctx, (int64_t)(arg_text(argv, 0, &n), n));
        return;
    }
    const char *s = arg_text(argv, 0, &n);
    sqlite3_result_int64(ctx, s ? lw_pg_char_length(s, n) : 0);
}

/* ---- Date and time ----------------------------------------------------------------- */

static int ts_arg(sqlite3_context *ctx, sqlite3_value **argv, int i, lw_pg_ts *ts)
{
    size_t n;
    const char *s = arg_text(argv, i, &n);
    int rc = s ? lw_pg_ts_parse(s, n, ts) : -1;
    if (rc == -1)
        pg_error(ctx, "22007", "invalid input syntax for type timestamp: \"%s\"", s ? s : "");
    else if (rc == -2)
        pg_error(ctx, "22008", "date/time field value out of range: \"%s\"", s);
    return rc;
}

static void result_ts(sqlite3_context *ctx, const lw_pg_ts *ts)
{
    char buf[64];
    int n = lw_pg_ts_format(ts, buf, sizeof buf);
    sqlite3_result_text(ctx, buf, n, SQLITE_TRANSIENT);
}

static void date_trunc_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lw_pg_ts ts;
    size_t un;
    if (lw_any_null(argc, argv) || ts_arg(ctx, argv, 1, &ts))
        return;
    const char *unit = arg_text(argv, 0, &un);
    if (lw_pg_date_trunc(unit, un, &ts) != 0) {
        pg_error(ctx, "22023", "unit \"%s\" not recognized for type timestamp without time zone",
                 unit);
        return;
    }
    result_ts(ctx, &ts);
}

static void extract_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lw_pg_ts ts;
    size_t fn;
    char buf[64];
    int is_integer;
    if (lw_any_null(argc, argv) || ts_arg(ctx, argv, 1, &ts))
        return;
    const char *field = arg_text(argv, 0, &fn);
    int rc = lw_pg_extract(field, fn, &ts, buf, sizeof buf, &is_integer);
    if (rc == -1) {
        pg_error(ctx, "22023", "unit \"%s\" not recognized for type %s", field,
                 ts.has_time ? "timestamp without time zone" : "date");
        return;
    }
    if (rc == -2) {
        pg_error(ctx, "0A000", "unit \"%s\" not supported for type date", field);
        return;
    }
    if (is_integer)
        sqlite3_result_int64(ctx, strtoll(buf, NULL, 10));
    else
        sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

/* pg_ts_add(TS, INTERVAL, SIGN): the rewriter's form of ts + INTERVAL '...' and
 * ts - INTERVAL '...'. */
static void ts_add_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lw_pg_ts ts;
    size_t n;
    if (lw_any_null(argc, argv) || ts_arg(ctx, argv, 0, &ts))
        return;
    const char *iv = arg_text(argv, 1, &n);
    int rc = lw_pg_ts_add_interval(&ts, iv, n, sqlite3_value_int(argv[2]) < 0 ? -1 : 1);
    if (rc == -1)
        pg_error(ctx, "22007", "invalid input syntax for type interval: \"%s\"", iv);
    else if (rc == -2)
        pg_error(ctx, "22008", "timestamp out of range");
    else
        result_ts(ctx, &ts);
}

static void to_char_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lw_pg_ts ts;
    size_t fn, out_n;
    if (lw_any_null(argc, argv))
        return;
    int t = sqlite3_value_type(argv[0]);
    if (t == SQLITE_INTEGER || t == SQLITE_FLOAT) {
        pg_error(ctx, "0A000",
                 "to_char() of a number is not supported by the postgresql "
                 "dialect: format it with printf()");
        return;
    }
    if (ts_arg(ctx, argv, 0, &ts))
        return;
    const char *fmt = arg_text(argv, 1, &fn);
    char *out = lw_pg_to_char(&ts, fmt, fn, &out_n);
    result_owned_text(ctx, out, out_n);
}

static int64_t wall_clock_usec(void)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000;
}

/* The instant now() means: the transaction's first call, or the call's time outside a
 * transaction. The cache is dropped whenever a call sees autocommit mode, and by
 * lw_pg_funcs_txn_reset() when the dialect sees a transaction end. */
static int64_t txn_usec(sqlite3_context *ctx)
{
    lw_pg_funcs *f = sqlite3_user_data(ctx);
    if (sqlite3_get_autocommit(sqlite3_context_db_handle(ctx))) {
        f->txn_valid = 0;
        return wall_clock_usec();
    }
    if (!f->txn_valid) {
        f->txn_usec = wall_clock_usec();
        f->txn_valid = 1;
    }
    return f->txn_usec;
}

/* user data of the time functions: which instant and how it prints. */
enum { TIME_TXN_TZ, TIME_CLOCK_TZ, TIME_TXN_DATE, TIME_TXN_LOCAL };

static void time_func(sqlite3_context *ctx, int argc, sqlite3_value **argv, int which)
{
    (void)argc;
    (void)argv;
    lw_pg_ts ts;
    lw_pg_ts_from_unix_usec(which == TIME_CLOCK_TZ ? wall_clock_usec() : txn_usec(ctx), &ts);
    if (which == TIME_TXN_DATE)
        ts.has_time = 0;
    if (which == TIME_TXN_LOCAL)
        ts.has_tz = 0;
    result_ts(ctx, &ts);
}

static void now_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    time_func(ctx, argc, argv, TIME_TXN_TZ);
}

static void clock_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    time_func(ctx, argc, argv, TIME_CLOCK_TZ);
}

static void current_date_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    time_func(ctx, argc, argv, TIME_TXN_DATE);
}

static void localtimestamp_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    time_func(ctx, argc, argv, TIME_TXN_LOCAL);
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

/* ---- Sequences --------------------------------------------------------------------- */

#define SEQ_TABLE "_lw_pg_sequences"

/* The sequence named by argument 0: PostgreSQL folds an unquoted name to lower case
 * and keeps a quoted one. Returns a new string (sqlite3_free), or NULL after setting
 * SQLITE_NOMEM on ctx. */
static char *sequence_arg(sqlite3_context *ctx, sqlite3_value **argv)
{
    size_t n;
    const char *s = arg_text(argv, 0, &n);
    char *out = sqlite3_malloc64(n + 1);
    if (!out) {
        sqlite3_result_error_nomem(ctx);
        return NULL;
    }
    size_t k = 0;
    if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
        for (size_t i = 1; i + 1 < n; i++) {
            if (s[i] == '"' && i + 2 < n && s[i + 1] == '"')
                i++;
            out[k++] = s[i];
        }
    } else {
        for (size_t i = 0; i < n; i++)
            out[k++] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
    }
    out[k] = 0;
    return out;
}

/* Runs sql with name bound to ?1 (and value to ?2) and returns the first column of
 * the first row in *out. Returns SQLITE_ROW, SQLITE_DONE (no row) or an error code
 * with the message on ctx. */
static int seq_query(sqlite3_context *ctx, const char *sql, const char *name, int64_t value,
                     int64_t *out)
{
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_bind_parameter_count(stmt) >= 2)
            sqlite3_bind_int64(stmt, 2, value);
        rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW)
            *out = sqlite3_column_int64(stmt, 0);
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        if (strstr(sqlite3_errmsg(db), "no such table"))
            rc = SQLITE_DONE; /* no sequence was ever created */
        else
            sqlite3_result_error(ctx, sqlite3_errmsg(db), -1);
    }
    sqlite3_finalize(stmt);
    return rc;
}

static void remember(sqlite3_context *ctx, const char *name, int64_t value)
{
    lw_pg_funcs *f = sqlite3_user_data(ctx);
    seen_sequence *s;
    for (s = f->seen; s; s = s->next)
        if (strcmp(s->name, name) == 0)
            break;
    if (!s) {
        s = sqlite3_malloc64(sizeof *s);
        char *copy = sqlite3_mprintf("%s", name);
        if (!s || !copy) {
            sqlite3_free(s);
            sqlite3_free(copy);
            return;
        }
        s->name = copy;
        s->next = f->seen;
        f->seen = s;
    }
    s->value = value;
    f->lastval = value;
    f->has_lastval = 1;
}

static void nextval_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int64_t value = 0;
    if (lw_any_null(argc, argv))
        return;
    char *name = sequence_arg(ctx, argv);
    if (!name)
        return;
    int rc = seq_query(ctx,
                       "UPDATE " SEQ_TABLE " SET last_value = CASE WHEN is_called THEN "
                       "last_value + increment ELSE last_value END, is_called = 1 "
                       "WHERE name = ?1 RETURNING last_value, min_value, max_value",
                       name, 0, &value);
    if (rc == SQLITE_DONE)
        pg_error(ctx, "42P01", "relation \"%s\" does not exist", name);
    else if (rc == SQLITE_ROW) {
        int64_t limit = 0;
        if (seq_query(ctx,
                      "SELECT ?2 > max_value OR ?2 < min_value FROM " SEQ_TABLE " WHERE name = ?1",
                      name, value, &limit) == SQLITE_ROW &&
            limit) {
            pg_error(ctx, "2200H", "nextval: reached maximum value of sequence \"%s\"", name);
        } else {
            remember(ctx, name, value);
            sqlite3_result_int64(ctx, value);
        }
    }
    sqlite3_free(name);
}

static void currval_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int64_t exists = 0;
    if (lw_any_null(argc, argv))
        return;
    lw_pg_funcs *f = sqlite3_user_data(ctx);
    char *name = sequence_arg(ctx, argv);
    if (!name)
        return;
    int rc = seq_query(ctx, "SELECT 1 FROM " SEQ_TABLE " WHERE name = ?1", name, 0, &exists);
    if (rc == SQLITE_DONE) {
        pg_error(ctx, "42P01", "relation \"%s\" does not exist", name);
    } else if (rc == SQLITE_ROW) {
        seen_sequence *s;
        for (s = f->seen; s; s = s->next)
            if (strcmp(s->name, name) == 0)
                break;
        if (s)
            sqlite3_result_int64(ctx, s->value);
        else
            pg_error(ctx, "55000", "currval of sequence \"%s\" is not yet defined in this session",
                     name);
    }
    sqlite3_free(name);
}

static void lastval_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    lw_pg_funcs *f = sqlite3_user_data(ctx);
    if (f->has_lastval)
        sqlite3_result_int64(ctx, f->lastval);
    else
        pg_error(ctx, "55000", "lastval is not yet defined in this session");
}

static void setval_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int64_t out = 0;
    if (lw_any_null(argc, argv))
        return;
    char *name = sequence_arg(ctx, argv);
    if (!name)
        return;
    int64_t value = sqlite3_value_int64(argv[1]);
    int called = argc < 3 || sqlite3_value_int(argv[2]);
    int rc = seq_query(ctx,
                       called ? "UPDATE " SEQ_TABLE " SET last_value = ?2, is_called = 1 "
                                "WHERE name = ?1 RETURNING last_value"
                              : "UPDATE " SEQ_TABLE " SET last_value = ?2, is_called = 0 "
                                "WHERE name = ?1 RETURNING last_value",
                       name, value, &out);
    if (rc == SQLITE_DONE)
        pg_error(ctx, "42P01", "relation \"%s\" does not exist", name);
    else if (rc == SQLITE_ROW) {
        if (called)
            remember(ctx, name, value);
        sqlite3_result_int64(ctx, value);
    }
    sqlite3_free(name);
}

/* pg_create_sequence(NAME, START, INCREMENT, MIN, MAX, IF_NOT_EXISTS): 1 when created,
 * 0 when it existed and IF_NOT_EXISTS was given. NULL START/MIN/MAX take PostgreSQL's
 * defaults for the increment's direction. */
static void create_sequence_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int64_t exists = 0;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    char *err = NULL;
    if (sqlite3_exec(db,
                     "CREATE TABLE IF NOT EXISTS " SEQ_TABLE " (name TEXT PRIMARY KEY, "
                     "last_value INTEGER NOT NULL, increment INTEGER NOT NULL, "
                     "min_value INTEGER NOT NULL, max_value INTEGER NOT NULL, "
                     "start_value INTEGER NOT NULL, is_called INTEGER NOT NULL)",
                     NULL, NULL, &err) != SQLITE_OK) {
        sqlite3_result_error(ctx, err ? err : "out of memory", -1);
        sqlite3_free(err);
        return;
    }
    char *name = sequence_arg(ctx, argv);
    if (!name)
        return;
    int64_t inc = sqlite3_value_type(argv[2]) == SQLITE_NULL ? 1 : sqlite3_value_int64(argv[2]);
    int64_t minv = sqlite3_value_type(argv[3]) == SQLITE_NULL ? (inc > 0 ? 1 : INT64_MIN)
                                                              : sqlite3_value_int64(argv[3]);
    int64_t maxv = sqlite3_value_type(argv[4]) == SQLITE_NULL ? (inc > 0 ? INT64_MAX : -1)
                                                              : sqlite3_value_int64(argv[4]);
    int64_t start = sqlite3_value_type(argv[1]) == SQLITE_NULL ? (inc > 0 ? minv : maxv)
                                                               : sqlite3_value_int64(argv[1]);
    if (inc == 0) {
        pg_error(ctx, "22023", "INCREMENT must not be zero");
    } else if (seq_query(ctx, "SELECT 1 FROM " SEQ_TABLE " WHERE name = ?1", name, 0, &exists) ==
               SQLITE_ROW) {
        if (sqlite3_value_int(argv[5]))
            sqlite3_result_int(ctx, 0);
        else
            pg_error(ctx, "42P07", "relation \"%s\" already exists", name);
    } else {
        sqlite3_stmt *stmt = NULL;
        int rc = sqlite3_prepare_v2(
            db, "INSERT INTO " SEQ_TABLE " VALUES (?1, ?2, ?3, ?4, ?5, ?2, 0)", -1, &stmt, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
            sqlite3_bind_int64(stmt, 2, start);
            sqlite3_bind_int64(stmt, 3, inc);
            sqlite3_bind_int64(stmt, 4, minv);
            sqlite3_bind_int64(stmt, 5, maxv);
            rc = sqlite3_step(stmt);
        }
        if (rc != SQLITE_DONE)
            sqlite3_result_error(ctx, sqlite3_errmsg(db), -1);
        else
            sqlite3_result_int(ctx, 1);
        sqlite3_finalize(stmt);
    }
    sqlite3_free(name);
}

/* pg_drop_sequence(NAME, IF_EXISTS) and pg_restart_sequence(NAME) (argc 1). */
static void drop_sequence_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int64_t found = 0;
    int restart = argc == 1;
    char *name = sequence_arg(ctx, argv);
    if (!name)
        return;
    int rc = seq_query(ctx,
                       restart ? "UPDATE " SEQ_TABLE " SET last_value = start_value, "
                                 "is_called = 0 WHERE name = ?1 RETURNING 1"
                               : "DELETE FROM " SEQ_TABLE " WHERE name = ?1 RETURNING 1",
                       name, 0, &found);
    if (rc == SQLITE_DONE && !restart && !(argc > 1 && sqlite3_value_int(argv[1])))
        pg_error(ctx, "42P01", "sequence \"%s\" does not exist", name);
    else if (rc == SQLITE_DONE || rc == SQLITE_ROW)
        sqlite3_result_int(ctx, rc == SQLITE_ROW);
    sqlite3_free(name);
}

/* pg_serial_nextval(NAME): nextval of a SERIAL or IDENTITY column's sequence, made on
 * first use (the column's DEFAULT; CREATE TABLE stays one statement). */
static void serial_nextval_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int64_t exists = 0;
    if (lw_any_null(argc, argv))
        return;
    char *name = sequence_arg(ctx, argv);
    if (!name)
        return;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    int rc = seq_query(ctx, "SELECT 1 FROM " SEQ_TABLE " WHERE name = ?1", name, 0, &exists);
    if (rc == SQLITE_DONE) {
        char *err = NULL;
        char *sql = sqlite3_mprintf(
            "CREATE TABLE IF NOT EXISTS " SEQ_TABLE " (name TEXT PRIMARY KEY, last_value "
            "INTEGER NOT NULL, increment INTEGER NOT NULL, min_value INTEGER NOT NULL, "
            "max_value INTEGER NOT NULL, start_value INTEGER NOT NULL, is_called INTEGER NOT "
            "NULL); INSERT OR IGNORE INTO " SEQ_TABLE " VALUES (%Q, 1, 1, 1, %lld, 1, 0)",
            name, (long long)INT64_MAX);
        if (!sql || sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
            sqlite3_result_error(ctx, err ? err : "out of memory", -1);
            sqlite3_free(err);
            sqlite3_free(sql);
            sqlite3_free(name);
            return;
        }
        sqlite3_free(sql);
    } else if (rc != SQLITE_ROW) {
        sqlite3_free(name);
        return;
    }
    sqlite3_free(name);
    nextval_func(ctx, argc, argv);
}

/* pg_serial_last(NAME): the value this session last took from the sequence, or NULL
 * (the check behind GENERATED ALWAYS AS IDENTITY: any other value was given
 * explicitly). */
static void serial_last_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (lw_any_null(argc, argv))
        return;
    lw_pg_funcs *f = sqlite3_user_data(ctx);
    char *name = sequence_arg(ctx, argv);
    if (!name)
        return;
    for (seen_sequence *s = f->seen; s; s = s->next)
        if (strcmp(s->name, name) == 0) {
            sqlite3_result_int64(ctx, s->value);
            break;
        }
    sqlite3_free(name);
}

/* pg_exec(SQL): runs the statements of SQL (the rewriter's multi-statement DDL, made of
 * its own text only); 1 on success, SQLite's error otherwise. */
static void exec_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (lw_any_null(argc, argv))
        return;
    char *err = NULL;
    int rc = sqlite3_exec(sqlite3_context_db_handle(ctx), (const char *)sqlite3_value_text(argv[0]),
                          NULL, NULL, &err);
    if (rc != SQLITE_OK) {
        sqlite3_result_error(ctx, err ? err : sqlite3_errstr(rc), -1);
        sqlite3_result_error_code(ctx, rc);
    } else {
        sqlite3_result_int(ctx, 1);
    }
    sqlite3_free(err);
}

/* pg_truncate(RESTART, TABLE, ...): empties the tables; RESTART also restarts the
 * AUTOINCREMENT counters (TRUNCATE ... RESTART IDENTITY). */
static void truncate_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    int restart = sqlite3_value_int(argv[0]);
    for (int i = 1; i < argc; i++) {
        const char *table = (const char *)sqlite3_value_text(argv[i]);
        char *err = NULL;
        char *sql = sqlite3_mprintf("DELETE FROM \"%w\"", table ? table : "");
        int rc = sql ? sqlite3_exec(db, sql, NULL, NULL, &err) : SQLITE_NOMEM;
        sqlite3_free(sql);
        if (rc == SQLITE_OK && restart &&
            sqlite3_table_column_metadata(db, NULL, "sqlite_sequence", "name", NULL, NULL, NULL,
                                          NULL, NULL) == SQLITE_OK) {
            sql = sqlite3_mprintf("DELETE FROM sqlite_sequence WHERE name = %Q", table);
            rc = sql ? sqlite3_exec(db, sql, NULL, NULL, &err) : SQLITE_NOMEM;
            sqlite3_free(sql);
        }
        if (rc == SQLITE_OK && restart &&
            sqlite3_table_column_metadata(db, NULL, SEQ_TABLE, "name", NULL, NULL, NULL, NULL,
                                          NULL) == SQLITE_OK) {
            /* The sequences of the table's SERIAL and IDENTITY columns: table_col_seq. */
            sql = sqlite3_mprintf("UPDATE " SEQ_TABLE " SET last_value = start_value, "
                                  "is_called = 0 WHERE substr(name, 1, %d) = '%q_' AND "
                                  "name LIKE '%%\\_seq' ESCAPE '\\'",
                                  (int)strlen(table ? table : "") + 1, table ? table : "");
            rc = sql ? sqlite3_exec(db, sql, NULL, NULL, &err) : SQLITE_NOMEM;
            sqlite3_free(sql);
        }
        if (rc != SQLITE_OK) {
            sqlite3_result_error(ctx, err ? err : sqlite3_errstr(rc), -1);
            sqlite3_free(err);
            return;
        }
    }
    sqlite3_result_int(ctx, 1);
}

/* pg_random(): random() as PostgreSQL means it, a double in [0, 1). */
static void random_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    uint64_t bits;
    sqlite3_randomness(sizeof bits, &bits);
    sqlite3_result_double(ctx, (double)(bits >> 11) / 9007199254740992.0);
}

/* ---- Settings (SET, SHOW, current_setting, set_config) -------------------------------------- */

/* The settings SHOW knows, with PostgreSQL 15's defaults as this dialect runs them. */
static const struct setting_def {
    const char *name;
    const char *value;
} setting_defaults[] = {
    {"application_name", ""},
    {"bytea_output", "hex"},
    {"client_encoding", "UTF8"},
    {"client_min_messages", "notice"},
    {"datestyle", "ISO, MDY"},
    {"default_transaction_isolation", "serializable"},
    {"extra_float_digits", "1"},
    {"idle_in_transaction_session_timeout", "0"},
    {"integer_datetimes", "on"},
    {"intervalstyle", "postgres"},
    {"lock_timeout", "0"},
    {"search_path", "\"$user\", public"},
    {"server_encoding", "UTF8"},
    {"server_version", "15.0"},
    {"server_version_num", "150000"},
    {"standard_conforming_strings", "on"},
    {"statement_timeout", "0"},
    {"synchronous_commit", "on"},
    {"timezone", "UTC"},
    {"transaction_isolation", "serializable"},
    {"work_mem", "4MB"},
};

typedef struct setting {
    struct setting *next;
    char *name; /* lower case */
    char *value;
} setting;

static char *lower_dup(const char *s)
{
    char *out = sqlite3_mprintf("%s", s);
    for (char *c = out; c && *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c + 32);
    return out;
}

static const struct setting_def *known_setting(const char *name)
{
    for (size_t i = 0; i < sizeof setting_defaults / sizeof setting_defaults[0]; i++)
        if (strcmp(setting_defaults[i].name, name) == 0)
            return &setting_defaults[i];
    return NULL;
}

/* pg_set_config(NAME, VALUE) (the SET statement; VALUE NULL resets) and
 * set_config(NAME, VALUE, IS_LOCAL) (returns the value). */
static void set_config_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lw_pg_funcs *f = sqlite3_user_data(ctx);
    const char *raw = (const char *)sqlite3_value_text(argv[0]);
    const char *value = (const char *)sqlite3_value_text(argv[1]);
    char *name = lower_dup(raw ? raw : "");
    if (!name) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (!known_setting(name) && !strchr(name, '.')) {
        pg_error(ctx, "42704", "unrecognized configuration parameter \"%s\"", name);
        sqlite3_free(name);
        return;
    }
    if (value && !strcmp(name, "timezone") && sqlite3_stricmp(value, "UTC") &&
        sqlite3_stricmp(value, "Etc/UTC") && sqlite3_stricmp(value, "GMT")) {
        pg_error(ctx, "0A000",
                 "time zone \"%s\" is not supported by the postgresql dialect "
                 "(it runs in UTC)",
                 value);
        sqlite3_free(name);
        return;
    }
    if (value && !strcmp(name, "client_encoding") && sqlite3_stricmp(value, "UTF8") &&
        sqlite3_stricmp(value, "UTF-8")) {
        pg_error(ctx, "0A000", "client_encoding \"%s\" is not supported (only UTF8)", value);
        sqlite3_free(name);
        return;
    }
    setting **link = &f->settings;
    while (*link && strcmp((*link)->name, name) != 0)
        link = &(*link)->next;
    if (!value) {
        if (*link) {
            setting *gone = *link;
            *link = gone->next;
            sqlite3_free(gone->name);
            sqlite3_free(gone->value);
            sqlite3_free(gone);
        }
        sqlite3_free(name);
        sqlite3_result_null(ctx);
        return;
    }
    char *copy = sqlite3_mprintf("%s", value);
    if (!copy) {
        sqlite3_free(name);
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (!*link) {
        *link = sqlite3_malloc64(sizeof **link);
        if (!*link) {
            sqlite3_free(copy);
            sqlite3_free(name);
            sqlite3_result_error_nomem(ctx);
            return;
        }
        (*link)->next = NULL;
        (*link)->name = name;
        (*link)->value = NULL;
    } else {
        sqlite3_free(name);
    }
    sqlite3_free((*link)->value);
    (*link)->value = copy;
    (void)argc;
    sqlite3_result_text(ctx, copy, -1, SQLITE_TRANSIENT);
}

/* current_setting(NAME [, MISSING_OK]) and SHOW NAME. */
static void current_setting_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lw_pg_funcs *f = sqlite3_user_data(ctx);
    const char *raw = (const char *)sqlite3_value_text(argv[0]);
    char *name = lower_dup(raw ? raw : "");
    if (!name) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    for (setting *s = f->settings; s; s = s->next)
        if (!strcmp(s->name, name)) {
            sqlite3_result_text(ctx, s->value, -1, SQLITE_TRANSIENT);
            sqlite3_free(name);
            return;
        }
    const struct setting_def *d = known_setting(name);
    if (d)
        sqlite3_result_text(ctx, !strcmp(name, "timezone") ? "UTC" : d->value, -1, SQLITE_STATIC);
    else if (!(argc > 1 && sqlite3_value_int(argv[1])))
        pg_error(ctx, "42704", "unrecognized configuration parameter \"%s\"", name);
    sqlite3_free(name);
}

/* ---- JSON -------------------------------------------------------------------------- */

/* Reports why text could not become a jsonb string: it holds bytes PostgreSQL text
 * cannot (invalid UTF-8 or a zero byte), or (error NULL) memory ran out. */
static void text_json_error(sqlite3_context *ctx, const char *error)
{
    if (error)
        pg_error(ctx, "22021", "invalid byte sequence for encoding \"UTF8\"");
    else
        sqlite3_result_error_nomem(ctx);
}

/* Appends value as a jsonb value: JSON-subtyped text as JSON, numbers as numbers,
 * text as a string, NULL as null. Returns 0, or -1 after setting an error on ctx. */
static int put_json_value(sqlite3_context *ctx, lw_sqlbuf *b, sqlite3_value *value,
                          int text_is_json)
{
    size_t n, out_n;
    const char *error;
    switch (sqlite3_value_type(value)) {
    case SQLITE_NULL:
        lw_sqlbuf_appends(b, "null");
        return 0;
    case SQLITE_INTEGER:
    case SQLITE_FLOAT:
        lw_sqlbuf_appends(b, (const char *)sqlite3_value_text(value));
        return 0;
    case SQLITE_BLOB:
        pg_error(ctx, "0A000",
                 "bytea values cannot be turned into JSON by the postgresql "
                 "dialect");
        return -1;
    default:
        break;
    }
    const char *s = arg_text(&value, 0, &n);
    if (text_is_json || sqlite3_value_subtype(value) == JSON_SUBTYPE) {
        char *norm = lw_pg_jsonb_normalize(s, n, &out_n, &error);
        if (!norm) {
            if (error)
                pg_error(ctx, "22P02", "invalid input syntax for type json");
            else
                sqlite3_result_error_nomem(ctx);
            return -1;
        }
        lw_sqlbuf_append(b, norm, out_n);
        sqlite3_free(norm);
        return 0;
    }
    /* A string: normalising its JSON form escapes it the way jsonb prints it. */
    lw_sqlbuf q = {0};
    lw_sqlbuf_append(&q, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            lw_sqlbuf_append(&q, "\\", 1);
        if (c < 0x20)
            lw_sqlbuf_appendf(&q, "\\u%04x", c);
        else
            lw_sqlbuf_append(&q, (const char *)&c, 1);
    }
    lw_sqlbuf_append(&q, "\"", 1);
    error = NULL;
    char *norm = q.oom ? NULL : lw_pg_jsonb_normalize(q.s, q.len, &out_n, &error);
    lw_sqlbuf_free(&q);
    if (!norm) {
        text_json_error(ctx, error);
        return -1;
    }
    lw_sqlbuf_append(b, norm, out_n);
    sqlite3_free(norm);
    return 0;
}

static void result_json(sqlite3_context *ctx, lw_sqlbuf *b)
{
    if (b->oom) {
        lw_sqlbuf_free(b);
        sqlite3_result_error_nomem(ctx);
        return;
    }
    /* Normalise once more: an object's keys are sorted and deduplicated here. */
    const char *error;
    size_t n;
    char *norm = lw_pg_jsonb_normalize(b->s ? b->s : "", b->len, &n, &error);
    lw_sqlbuf_free(b);
    if (!norm) {
        text_json_error(ctx, error);
        return;
    }
    sqlite3_result_text64(ctx, norm, n, sqlite3_free, SQLITE_UTF8);
    sqlite3_result_subtype(ctx, JSON_SUBTYPE);
}

static void build_object_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (argc % 2) {
        pg_error(ctx, "22023", "argument list must have even number of elements");
        return;
    }
    lw_sqlbuf b = {0};
    lw_sqlbuf_append(&b, "{", 1);
    for (int i = 0; i < argc; i += 2) {
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL) {
            lw_sqlbuf_free(&b);
            pg_error(ctx, "22004", "argument %d: key must not be null", i + 1);
            return;
        }
        if (i)
            lw_sqlbuf_append(&b, ", ", 2);
        /* Keys are always strings, whatever their SQL type. */
        size_t kn;
        const char *ks = arg_text(argv, i, &kn);
        lw_sqlbuf_append(&b, "\"", 1);
        for (size_t k = 0; k < kn; k++) {
            unsigned char c = (unsigned char)ks[k];
            if (c == '"' || c == '\\')
                lw_sqlbuf_append(&b, "\\", 1);
            if (c < 0x20)
                lw_sqlbuf_appendf(&b, "\\u%04x", c);
            else
                lw_sqlbuf_append(&b, (const char *)&c, 1);
        }
        lw_sqlbuf_append(&b, "\": ", 3);
        if (put_json_value(ctx, &b, argv[i + 1], 0)) {
            lw_sqlbuf_free(&b);
            return;
        }
    }
    lw_sqlbuf_append(&b, "}", 1);
    result_json(ctx, &b);
}

static void build_array_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lw_sqlbuf b = {0};
    lw_sqlbuf_append(&b, "[", 1);
    for (int i = 0; i < argc; i++) {
        if (i)
            lw_sqlbuf_append(&b, ", ", 2);
        if (put_json_value(ctx, &b, argv[i], 0)) {
            lw_sqlbuf_free(&b);
            return;
        }
    }
    lw_sqlbuf_append(&b, "]", 1);
    result_json(ctx, &b);
}

static void to_jsonb_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    lw_sqlbuf b = {0};
    if (put_json_value(ctx, &b, argv[0], 0)) {
        lw_sqlbuf_free(&b);
        return;
    }
    result_json(ctx, &b);
}

/* pg_jsonb(X): X parsed as JSON text (the ::jsonb / ::json cast). */
static void jsonb_cast_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    size_t n, out_n;
    const char *error;
    if (lw_any_null(argc, argv))
        return;
    const char *s = arg_text(argv, 0, &n);
    char *norm = lw_pg_jsonb_normalize(s, n, &out_n, &error);
    if (!norm) {
        if (error)
            pg_error(ctx, "22P02", "invalid input syntax for type json");
        else
            sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text64(ctx, norm, out_n, sqlite3_free, SQLITE_UTF8);
    sqlite3_result_subtype(ctx, JSON_SUBTYPE);
}

/* pg_json_get(J, K, AS_TEXT): jsonb's J -> K (AS_TEXT 0) and J ->> K (AS_TEXT 1); an
 * integer K is an array element, any other K an object key (lw_pg_jsonb_get). */
static void json_get_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (lw_any_null(argc, argv))
        return;
    size_t n, key_len = 0, out_n;
    const char *s = arg_text(argv, 0, &n), *key = NULL, *error;
    int64_t index = 0;
    int as_text = sqlite3_value_int(argv[2]) != 0;
    if (sqlite3_value_type(argv[1]) == SQLITE_INTEGER)
        index = sqlite3_value_int64(argv[1]);
    else
        key = arg_text(argv, 1, &key_len);
    char *out;
    if (!s || (sqlite3_value_type(argv[1]) != SQLITE_INTEGER && !key)) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    int rc = lw_pg_jsonb_get(s, n, key, key_len, index, as_text, &out, &out_n, &error);
    if (rc == -1) {
        pg_error(ctx, "22P02", "invalid input syntax for type json");
        return;
    }
    if (rc == -2) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (rc == 1) {
        sqlite3_result_text64(ctx, out, out_n, sqlite3_free, SQLITE_UTF8);
        if (!as_text)
            sqlite3_result_subtype(ctx, JSON_SUBTYPE);
    }
}

typedef struct json_agg {
    lw_sqlbuf buf;
    int count;
    int failed;
} json_agg;

static void json_agg_add(sqlite3_context *ctx, json_agg *a, sqlite3_value *value)
{
    if (a->failed)
        return;
    lw_sqlbuf_append(&a->buf, a->count ? ", " : "[", a->count ? 2 : 1);
    a->count++;
    if (put_json_value(ctx, &a->buf, value, 0))
        a->failed = 1;
}

static void json_agg_result(sqlite3_context *ctx, json_agg *a)
{
    if (!a || !a->count) {
        if (a)
            lw_sqlbuf_free(&a->buf);
        return; /* NULL for no rows, as PostgreSQL */
    }
    if (a->failed) {
        lw_sqlbuf_free(&a->buf);
        return; /* the error is set already */
    }
    lw_sqlbuf_append(&a->buf, "]", 1);
    result_json(ctx, &a->buf);
}

/* jsonb_agg(X), json_agg(X), array_agg(X): every row's value, NULL as null. */
static void json_agg_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    frame_text *f = frame_of(ctx);
    if (!f || f->failed)
        return;
    lw_sqlbuf v = {0};
    if (put_json_value(ctx, &v, argv[0], variant_of(ctx) == 1))
        f->failed = 1;
    else if (v.oom)
        f->buf.oom = 1;
    else
        frame_add(ctx, f, ", ", 2, v.s ? v.s : "", v.len);
    lw_sqlbuf_free(&v);
}

static void json_agg_value(sqlite3_context *ctx)
{
    frame_text *f = sqlite3_aggregate_context(ctx, 0);
    if (!f || f->failed || !f->present)
        return; /* NULL for no rows, as PostgreSQL */
    lw_sqlbuf b = {0};
    lw_sqlbuf_append(&b, "[", 1);
    lw_sqlbuf_append(&b, f->buf.s + f->off, f->buf.len - f->off);
    lw_sqlbuf_append(&b, "]", 1);
    if (f->buf.oom)
        b.oom = 1;
    result_json(ctx, &b);
}

static void json_agg_final(sqlite3_context *ctx)
{
    json_agg_value(ctx);
    frame_free(sqlite3_aggregate_context(ctx, 0));
}

/* ---- Aggregates with ORDER BY ---------------------------------------------------------- */

/*
 * pg_ordered_agg(KIND, NARGS, ARG1..ARGn, KEY1, DESC1, KEY2, DESC2, ...): the rewriter's
 * form of string_agg(x, sep ORDER BY k DESC) and friends (SQLite 3.40 has no ORDER BY
 * inside aggregate calls). Rows are kept until the end, sorted by the keys with
 * PostgreSQL's default NULL placement (last ascending, first descending) and the
 * input order as the tie-breaker, then fed to the KIND's accumulator.
 */
typedef struct ordered_row {
    sqlite3_value **values; /* args then keys; owned (sqlite3_value_dup) */
    int64_t seq;
} ordered_row;

typedef struct ordered_agg {
    ordered_row *rows;
    int64_t n, cap;
    int n_values, n_args;
    int desc[16];
    char kind[16];
    int oom;
} ordered_agg;

static const ordered_agg *sort_ctx_agg; /* qsort has no context argument */

static int ordered_cmp(const void *pa, const void *pb)
{
    const ordered_row *a = pa, *b = pb;
    const ordered_agg *agg = sort_ctx_agg;
    for (int k = agg->n_args; k < agg->n_values; k++) {
        int desc = agg->desc[k - agg->n_args];
        int an = sqlite3_value_type(a->values[k]) == SQLITE_NULL;
        int bn = sqlite3_value_type(b->values[k]) == SQLITE_NULL;
        int c;
        if (an || bn)
            c = an == bn ? 0 : (an ? 1 : -1); /* NULLs sort as the largest value */
        else
            c = value_cmp(a->values[k], b->values[k]);
        if (c)
            return desc ? -c : c;
    }
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void ordered_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    ordered_agg *a = sqlite3_aggregate_context(ctx, sizeof *a);
    if (!a) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (a->oom)
        return;
    if (a->n == 0 && a->cap == 0) {
        int n_args = argc >= 2 ? sqlite3_value_int(argv[1]) : -1;
        int n_keys = (argc - 2 - n_args) / 2;
        if (n_args < 1 || n_keys < 1 || n_keys > 16 || 2 + n_args + 2 * n_keys != argc) {
            lw_result_errorf(ctx, "pg_ordered_agg(): malformed arguments");
            a->oom = 1;
            return;
        }
        const char *kind = (const char *)sqlite3_value_text(argv[0]);
        snprintf(a->kind, sizeof a->kind, "%s", kind ? kind : "");
        a->n_args = n_args;
        a->n_values = n_args + n_keys;
        for (int k = 0; k < n_keys; k++)
            a->desc[k] = sqlite3_value_int(argv[2 + n_args + 2 * k + 1]);
    }
    if (a->n == a->cap) {
        int64_t cap = a->cap ? a->cap * 2 : 16;
        ordered_row *rows = sqlite3_realloc64(a->rows, (uint64_t)cap * sizeof *rows);
        if (!rows) {
            a->oom = 1;
            sqlite3_result_error_nomem(ctx);
            return;
        }
        a->rows = rows;
        a->cap = cap;
    }
    ordered_row *r = &a->rows[a->n];
    r->values = sqlite3_malloc64((uint64_t)a->n_values * sizeof *r->values);
    if (!r->values) {
        a->oom = 1;
        sqlite3_result_error_nomem(ctx);
        return;
    }
    r->seq = a->n++;
    for (int k = 0; k < a->n_values; k++) {
        int src = k < a->n_args ? 2 + k : 2 + a->n_args + 2 * (k - a->n_args);
        r->values[k] = sqlite3_value_dup(argv[src]);
        if (!r->values[k])
            a->oom = 1;
    }
    if (a->oom)
        sqlite3_result_error_nomem(ctx);
}

static void ordered_final(sqlite3_context *ctx)
{
    ordered_agg *a = sqlite3_aggregate_context(ctx, 0);
    if (!a)
        return;
    if (!a->oom) {
        sort_ctx_agg = a;
        qsort(a->rows, (size_t)a->n, sizeof *a->rows, ordered_cmp);
        sort_ctx_agg = NULL;
        if (strcmp(a->kind, "string_agg") == 0) {
            text_agg t = {{0}, 0};
            for (int64_t i = 0; i < a->n; i++)
                text_agg_add(&t, a->rows[i].values[0], a->n_args > 1 ? a->rows[i].values[1] : NULL);
            text_agg_result(ctx, &t);
        } else if (strcmp(a->kind, "jsonb_agg") == 0 || strcmp(a->kind, "json_agg") == 0 ||
                   strcmp(a->kind, "array_agg") == 0) {
            json_agg j = {{0}, 0, 0};
            for (int64_t i = 0; i < a->n; i++)
                json_agg_add(ctx, &j, a->rows[i].values[0]);
            json_agg_result(ctx, &j);
        } else {
            pg_error(ctx, "0A000",
                     "ORDER BY inside %s() is not supported by the postgresql "
                     "dialect",
                     a->kind);
        }
    }
    for (int64_t i = 0; i < a->n; i++) {
        if (a->rows[i].values)
            for (int k = 0; k < a->n_values; k++)
                sqlite3_value_free(a->rows[i].values[k]);
        sqlite3_free(a->rows[i].values);
    }
    sqlite3_free(a->rows);
}

/* ---- Casts and column checks --------------------------------------------------------- */

static int type_is(const char *type, const char *name)
{
    return strcmp(type, name) == 0;
}

/* Parses text as a PostgreSQL integer literal (spaces around allowed). */
static int parse_int(const char *s, int64_t *out)
{
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    if (*p < '0' || *p > '9')
        return -1;
    uint64_t v = 0;
    int overflow = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (v > (UINT64_MAX - 9) / 10)
            overflow = 1;
        v = v * 10 + (uint64_t)(*p - '0');
    }
    while (*p == ' ' || *p == '\t' || *p == '\n')
        p++;
    if (*p)
        return -1;
    if (overflow || v > (uint64_t)INT64_MAX + (*s == '-'))
        return -2;
    *out = *s == '-' ? (int64_t)(0 - v) : (int64_t)v;
    return 0;
}

static const char *int_type_name(int bits)
{
    return bits == 16 ? "smallint" : bits == 32 ? "integer" : "bigint";
}

/* A numeric (decimal text, or a REAL holding a numeric constant) rounded half away
 * from zero to an integer, as PostgreSQL's numeric_int2/4/8 do. Returns 0, -2 when it
 * is beyond 64 bits, or -1 after setting the error for text that is not a number. */
static int numeric_to_int(sqlite3_context *ctx, sqlite3_value *value, int64_t *out)
{
    lw_decimal d, rounded;
    lw_decimal_init(&d);
    lw_decimal_init(&rounded);
    lw_decimal_status st;
    if (sqlite3_value_type(value) == SQLITE_FLOAT) {
        st = lw_decimal_from_double(&d, sqlite3_value_double(value));
    } else {
        size_t n;
        const char *s = arg_text(&value, 0, &n);
        st = s ? lw_decimal_from_text(&d, s, n) : LW_DECIMAL_NOMEM;
        if (st == LW_DECIMAL_INVALID) {
            pg_error(ctx, "22P02", "invalid input syntax for type numeric: \"%s\"", s);
            lw_decimal_clear(&d);
            return -1;
        }
    }
    if (st == LW_DECIMAL_OK)
        st = lw_decimal_round(&rounded, &d, 0, 0);
    int rc = -2;
    if (st == LW_DECIMAL_NOMEM) {
        sqlite3_result_error_nomem(ctx);
        rc = -1;
    } else if (st == LW_DECIMAL_OK) {
        char buf[48];
        if (lw_decimal_text_size(&rounded) <= sizeof buf) {
            lw_decimal_format(&rounded, buf);
            rc = parse_int(buf, out) == 0 ? 0 : -2;
        }
    }
    lw_decimal_clear(&d);
    lw_decimal_clear(&rounded);
    return rc;
}

/* Converts value to an integer of `bits` bits, or sets PostgreSQL's error. from_numeric:
 * the value is a numeric (pg_cast_numeric), which rounds half away from zero. */
static int cast_int(sqlite3_context *ctx, sqlite3_value *value, int bits, int from_numeric,
                    int64_t *out)
{
    int64_t v;
    int t = sqlite3_value_type(value);
    if (t == SQLITE_INTEGER) {
        v = sqlite3_value_int64(value);
    } else if (from_numeric) {
        int rc = numeric_to_int(ctx, value, &v);
        if (rc == -1)
            return -1;
        if (rc == -2) {
            pg_error(ctx, "22003", "%s out of range", int_type_name(bits));
            return -1;
        }
    } else if (t == SQLITE_FLOAT) {
        /* float8's casts round half to even (rint), then check the range exactly:
         * 2^63 itself is out of range for a bigint. */
        double r = rint(sqlite3_value_double(value));
        if (!(r >= -9223372036854775808.0 && r < 9223372036854775808.0)) {
            pg_error(ctx, "22003", "%s out of range", int_type_name(bits));
            return -1;
        }
        v = (int64_t)r;
    } else {
        const char *s = (const char *)sqlite3_value_text(value);
        int rc = s ? parse_int(s, &v) : -1;
        if (rc == -1) {
            pg_error(ctx, "22P02", "invalid input syntax for type %s: \"%s\"", int_type_name(bits),
                     s ? s : "");
            return -1;
        }
        if (rc == -2) {
            pg_error(ctx, "22003", "value \"%s\" is out of range for type %s", s,
                     int_type_name(bits));
            return -1;
        }
    }
    int64_t lo = bits == 16 ? -32768 : bits == 32 ? INT32_MIN : INT64_MIN;
    int64_t hi = bits == 16 ? 32767 : bits == 32 ? INT32_MAX : INT64_MAX;
    if (v < lo || v > hi) {
        pg_error(ctx, "22003", "%s out of range", int_type_name(bits));
        return -1;
    }
    *out = v;
    return 0;
}

/* PostgreSQL's boolean input: t/f, true/false, yes/no, on/off, 1/0 and any unique
 * prefix of the words, case-insensitively, spaces around allowed. */
static int parse_bool(const char *s, int *out)
{
    static const struct {
        const char *word;
        int value, min_prefix;
    } words[] = {{"true", 1, 1}, {"false", 0, 1}, {"yes", 1, 1}, {"no", 0, 1},
                 {"on", 1, 2},   {"off", 0, 2},   {"1", 1, 1},   {"0", 0, 1}};
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        size_t k = strlen(words[w].word);
        if (n < (size_t)words[w].min_prefix || n > k)
            continue;
        size_t i;
        for (i = 0; i < n; i++) {
            char c = s[i];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c + 32);
            if (c != words[w].word[i])
                break;
        }
        if (i == n) {
            *out = words[w].value;
            return 0;
        }
    }
    return -1;
}

/*
 * pg_cast(X, TYPE [, N [, S]]) (user data NULL) and pg_assign (user data 1): the value
 * of X as TYPE, with PostgreSQL's input checks and errors.
 */
static void cast_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int assign = variant_of(ctx) == 1;
    sqlite3_value *value = argv[0];
    const char *type = (const char *)sqlite3_value_text(argv[1]);
    int64_t typmod = argc > 2 ? sqlite3_value_int64(argv[2]) : -1;
    if (!type) {
        lw_result_errorf(ctx, "pg_cast(): argument 2 must name a type");
        return;
    }
    if (sqlite3_value_type(value) == SQLITE_NULL)
        return;
    size_t n;
    const char *s;
    int64_t iv;
    if (type_is(type, "int2") || type_is(type, "int4") || type_is(type, "int8")) {
        int bits = type[3] == '2' ? 16 : type[3] == '4' ? 32 : 64;
        if (assign && sqlite3_value_type(value) == SQLITE_FLOAT) {
            /* A column check met a fraction the statement did not round (an untyped
             * parameter, INSERT ... SELECT): PostgreSQL's text input refuses it. */
            pg_error(ctx, "22P02", "invalid input syntax for type %s: \"%s\"", int_type_name(bits),
                     (const char *)sqlite3_value_text(value));
            return;
        }
        if (cast_int(ctx, value, bits, variant_of(ctx) == 2, &iv) == 0)
            sqlite3_result_int64(ctx, iv);
    } else if (type_is(type, "bool")) {
        int t = sqlite3_value_type(value), b;
        if (t == SQLITE_INTEGER) {
            sqlite3_result_int(ctx, sqlite3_value_int64(value) != 0);
            return;
        }
        s = (const char *)sqlite3_value_text(value);
        if (!s || parse_bool(s, &b))
            pg_error(ctx, "22P02", "invalid input syntax for type boolean: \"%s\"", s ? s : "");
        else
            sqlite3_result_int(ctx, b);
    } else if (type_is(type, "varchar") || type_is(type, "bpchar")) {
        s = arg_text(argv, 0, &n);
        int64_t chars = lw_pg_char_length(s, n);
        int bp = type_is(type, "bpchar");
        if (typmod < 0 || chars == typmod) {
            sqlite3_result_value(ctx, value);
            return;
        }
        if (chars > typmod) {
            size_t cut = lw_pg_skip_chars(s, n, typmod);
            if (assign) {
                /* Only spaces may be cut silently, as PostgreSQL does. */
                for (size_t i = cut; i < n; i++)
                    if (s[i] != ' ') {
                        pg_error(ctx, "22001", "value too long for type %s(%lld)",
                                 bp ? "character" : "character varying", (long long)typmod);
                        return;
                    }
            }
            sqlite3_result_text64(ctx, s, cut, SQLITE_TRANSIENT, SQLITE_UTF8);
            return;
        }
        if (!bp) {
            sqlite3_result_value(ctx, value);
            return;
        }
        size_t out_n;
        char *out = lw_pg_pad(s, n, typmod, " ", 1, 0, &out_n);
        result_owned_text(ctx, out, out_n);
    } else if (type_is(type, "uuid")) {
        char out[37];
        s = arg_text(argv, 0, &n);
        if (lw_pg_uuid_canon(s, n, out))
            pg_error(ctx, "22P02", "invalid input syntax for type uuid: \"%s\"", s);
        else
            sqlite3_result_text(ctx, out, 36, SQLITE_TRANSIENT);
    } else if (type_is(type, "json") || type_is(type, "jsonb")) {
        size_t out_n;
        const char *error;
        s = arg_text(argv, 0, &n);
        char *norm = lw_pg_jsonb_normalize(s, n, &out_n, &error);
        if (!norm) {
            if (error)
                pg_error(ctx, "22P02", "invalid input syntax for type json");
            else
                sqlite3_result_error_nomem(ctx);
            return;
        }
        if (type_is(type, "json")) {
            /* json keeps the text as written; it only had to be valid. */
            sqlite3_free(norm);
            sqlite3_result_value(ctx, value);
        } else {
            sqlite3_result_text64(ctx, norm, out_n, sqlite3_free, SQLITE_UTF8);
        }
        sqlite3_result_subtype(ctx, JSON_SUBTYPE);
    } else if (type_is(type, "date") || type_is(type, "timestamp") ||
               type_is(type, "timestamptz")) {
        lw_pg_ts ts;
        s = arg_text(argv, 0, &n);
        int rc = lw_pg_ts_parse(s, n, &ts);
        const char *tname = type_is(type, "date")        ? "date"
                            : type_is(type, "timestamp") ? "timestamp"
                                                         : "timestamp with time zone";
        if (rc == -1) {
            pg_error(ctx, "22007", "invalid input syntax for type %s: \"%s\"", tname, s);
            return;
        }
        if (rc == -2) {
            pg_error(ctx, "22008", "date/time field value out of range: \"%s\"", s);
            return;
        }
        if (type_is(type, "date"))
            ts.has_time = 0;
        else
            ts.has_time = 1;
        ts.has_tz = type_is(type, "timestamptz");
        result_ts(ctx, &ts);
    } else if (type_is(type, "text")) {
        int t = sqlite3_value_type(value);
        if (t == SQLITE_TEXT)
            sqlite3_result_value(ctx, value);
        else if (t == SQLITE_BLOB)
            pg_error(ctx, "0A000",
                     "casting bytea to text is not supported by the postgresql "
                     "dialect: use encode()");
        else
            sqlite3_result_text(ctx, (const char *)sqlite3_value_text(value), -1, SQLITE_TRANSIENT);
    } else if (type_is(type, "bytea")) {
        if (sqlite3_value_type(value) == SQLITE_BLOB) {
            sqlite3_result_value(ctx, value);
            return;
        }
        s = arg_text(argv, 0, &n);
        unsigned char *buf = sqlite3_malloc64(n + 1);
        size_t k = 0;
        if (!buf) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
        if (n >= 2 && s[0] == '\\' && s[1] == 'x') {
            /* hex format: \x then pairs of hex digits (spaces between pairs allowed) */
            for (size_t i = 2; i < n;) {
                if (s[i] == ' ') {
                    i++;
                    continue;
                }
                int hi = i + 1 < n ? lw_hex_value((unsigned char)s[i]) : -1,
                    lo = i + 1 < n ? lw_hex_value((unsigned char)s[i + 1]) : -1;
                if (hi < 0 || lo < 0) {
                    sqlite3_free(buf);
                    pg_error(ctx, "22P02", "invalid hexadecimal data: odd number of digits");
                    return;
                }
                buf[k++] = (unsigned char)(hi * 16 + lo);
                i += 2;
            }
        } else {
            /* escape format: \\ and \ooo stand for bytes, everything else is itself */
            for (size_t i = 0; i < n; i++) {
                if (s[i] != '\\') {
                    buf[k++] = (unsigned char)s[i];
                } else if (i + 1 < n && s[i + 1] == '\\') {
                    buf[k++] = '\\';
                    i++;
                } else if (i + 3 < n + 0 && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' &&
                           s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
                    buf[k++] = (unsigned char)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 +
                                               (s[i + 3] - '0'));
                    i += 3;
                } else {
                    sqlite3_free(buf);
                    pg_error(ctx, "22P02", "invalid input syntax for type bytea");
                    return;
                }
            }
        }
        sqlite3_result_blob64(ctx, buf, k, sqlite3_free);
    } else if (type_is(type, "float8")) {
        if (sqlite3_value_numeric_type(value) == SQLITE_TEXT) {
            s = (const char *)sqlite3_value_text(value);
            pg_error(ctx, "22P02", "invalid input syntax for type double precision: \"%s\"", s);
            return;
        }
        sqlite3_result_double(ctx, sqlite3_value_double(value));
    } else {
        lw_result_errorf(ctx, "pg_cast(): unknown type '%s' in argument 2", type);
    }
}

/* ---- Arithmetic the rewriter types ----------------------------------------------- */

/* Error messages quote at most this many bytes of an operand. */
#define PG_QUOTED_OPERAND_MAX 64

/* pg_int2(X), pg_int4(X), pg_int8(X): the integer result of an operator on operands of
 * that type, or 22003 when it left the type's range (SQLite computes in 64 bits and
 * turns a bigint overflow into a REAL). */
static void int_range_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int bits = variant_of(ctx) == 0 ? 16 : variant_of(ctx) == 1 ? 32 : 64;
    int t = sqlite3_value_type(argv[0]);
    if (t == SQLITE_NULL)
        return;
    if (t == SQLITE_INTEGER) {
        int64_t v = sqlite3_value_int64(argv[0]);
        if (bits == 64 || (bits == 32 && v >= INT32_MIN && v <= INT32_MAX) ||
            (bits == 16 && v >= -32768 && v <= 32767)) {
            sqlite3_result_value(ctx, argv[0]);
            return;
        }
    }
    pg_error(ctx, "22003", "%s out of range", int_type_name(bits));
}

/* An operand of pg_arith: an integer (INTEGER, or text that spells one) or a double.
 * Returns 0, 1 for a double, -1 after setting the error for anything else. */
static int arith_operand(sqlite3_context *ctx, const char *op, sqlite3_value *v, int64_t *i,
                         double *d)
{
    int t = sqlite3_value_type(v);
    if (t == SQLITE_INTEGER) {
        *i = sqlite3_value_int64(v);
        return 0;
    }
    if (t == SQLITE_FLOAT) {
        *d = sqlite3_value_double(v);
        return 1;
    }
    const char *s = (const char *)sqlite3_value_text(v);
    if (t == SQLITE_TEXT && s && parse_int(s, i) == 0)
        return 0;
    int n = s ? sqlite3_value_bytes(v) : 0;
    int shown = s ? (int)lw_utf8_quotable_prefix(s, (size_t)n, PG_QUOTED_OPERAND_MAX) : 0;
    pg_error(ctx, "0A000",
             "the operator %s on the %s value '%.*s%s' of a column or parameter whose type "
             "the statement does not show is not supported by the postgresql dialect: cast "
             "it (x::numeric, x::integer, x::date)",
             op, t == SQLITE_BLOB ? "blob" : "text", shown, s ? s : "", shown < n ? "..." : "");
    return -1;
}

/*
 * pg_arith(OP, A, B): A OP B (+ - * / %) where the rewriter cannot see an operand's
 * type (a parameter, a subquery's column). Integers compute exactly with 22003
 * "bigint out of range"; a double on either side makes the result a double, as
 * PostgreSQL's float8 does; zero divisors are 22012. Text that is not an integer is
 * refused (0A000): it may be a numeric or a date, whose arithmetic differs.
 */
static void arith(sqlite3_context *ctx, const char *op, sqlite3_value *va, sqlite3_value *vb,
                  int as_double)
{
    int64_t a = 0, b = 0, r = 0;
    double x = 0, y = 0;
    int ra = arith_operand(ctx, op, va, &a, &x);
    if (ra < 0)
        return;
    int rb = arith_operand(ctx, op, vb, &b, &y);
    if (rb < 0)
        return;
    if (as_double) {
        /* Operands of float8 type whose values SQLite holds as integers. */
        if (!ra)
            x = (double)a;
        if (!rb)
            y = (double)b;
        ra = rb = 1;
    }
    if ((op[0] == '/' || op[0] == '%') && (rb ? y == 0.0 : b == 0)) {
        pg_error(ctx, "22012", "division by zero");
        return;
    }
    if (!ra && !rb) {
        int overflow = 0;
        switch (op[0]) {
        case '+':
            overflow = __builtin_add_overflow(a, b, &r);
            break;
        case '-':
            overflow = __builtin_sub_overflow(a, b, &r);
            break;
        case '*':
            overflow = __builtin_mul_overflow(a, b, &r);
            break;
        case '/':
            overflow = a == INT64_MIN && b == -1;
            r = overflow ? 0 : a / b;
            break;
        default:
            r = b == -1 ? 0 : a % b;
            break;
        }
        if (overflow)
            pg_error(ctx, "22003", "bigint out of range");
        else
            sqlite3_result_int64(ctx, r);
        return;
    }
    if (!ra)
        x = (double)a;
    if (!rb)
        y = (double)b;
    double v;
    switch (op[0]) {
    case '+':
        v = x + y;
        break;
    case '-':
        v = x - y;
        break;
    case '*':
        v = x * y;
        break;
    case '/':
        v = x / y;
        break;
    default:
        pg_error(ctx, "42883", "operator does not exist: double precision %% double precision");
        return;
    }
    if (isinf(v) && !isinf(x) && !isinf(y))
        pg_error(ctx, "22003", "value out of range: overflow");
    else
        sqlite3_result_double(ctx, v);
}

/* pg_arith(OP, A, B) and, variant 1, pg_farith(OP, A, B): A and B doubles. A NULL
 * operand gives NULL before a zero divisor is looked at, as in PostgreSQL. */
static void arith_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (lw_any_null(argc, argv))
        return;
    const char *op = (const char *)sqlite3_value_text(argv[0]);
    if (!op || !op[0] || op[1] || !strchr("+-*/%", op[0])) {
        lw_result_errorf(ctx, "pg_arith(): unknown operator '%s' in argument 1", op ? op : "");
        return;
    }
    arith(ctx, op, argv[1], argv[2], variant_of(ctx) == 1);
}

/* pg_mod(A, B): mod() of two integers (22012 for a zero divisor; SQLite's mod() would
 * answer NULL, and a double). */
static void mod_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (!lw_any_null(argc, argv))
        arith(ctx, "%", argv[0], argv[1], 0);
}

/* A date operand: its day (a timestamp's time would make the operator a timestamp's,
 * which PostgreSQL does not have for integers). Returns 0 or -1 after the error. */
static int date_operand(sqlite3_context *ctx, sqlite3_value **argv, int i, const char *op,
                        lw_pg_ts *ts)
{
    if (ts_arg(ctx, argv, i, ts))
        return -1;
    if (ts->has_time) {
        pg_error(ctx, "42883", "operator does not exist: timestamp without time zone %s integer",
                 op);
        return -1;
    }
    return 0;
}

/* pg_date_add(D, N, SIGN): date + N days (SIGN -1: date - N), as PostgreSQL's
 * date_pli/date_mii. N is an integer (or text that spells one). */
static void date_add_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lw_pg_ts ts, out;
    int64_t days;
    double unused;
    int minus = sqlite3_value_int(argv[2]) < 0;
    if (lw_any_null(argc, argv) || date_operand(ctx, argv, 0, minus ? "-" : "+", &ts))
        return;
    int kind = arith_operand(ctx, minus ? "-" : "+", argv[1], &days, &unused);
    if (kind < 0)
        return;
    if (kind == 1) {
        pg_error(ctx, "42883", "operator does not exist: date %s double precision",
                 minus ? "-" : "+");
        return;
    }
    if ((minus && days == INT64_MIN) || lw_pg_date_add_days(&ts, minus ? -days : days, &out))
        pg_error(ctx, "22008", "date out of range");
    else
        result_ts(ctx, &out);
}

/* pg_date_diff(A, B): date - date, the days between them (an integer). */
static void date_diff_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lw_pg_ts a, b;
    if (lw_any_null(argc, argv) || date_operand(ctx, argv, 0, "-", &a) ||
        date_operand(ctx, argv, 1, "-", &b))
        return;
    sqlite3_result_int64(ctx, lw_pg_date_diff(&a, &b));
}

/* A numeric operand of pg_ceil/pg_floor (INTEGER, REAL through its shortest text, or
 * decimal text). Returns 0 or -1 after the error. */
static int numeric_operand(sqlite3_context *ctx, sqlite3_value *v, lw_decimal *d)
{
    lw_decimal_status st = LW_DECIMAL_OK;
    int t = sqlite3_value_type(v);
    if (t == SQLITE_INTEGER) {
        lw_decimal_from_int64(d, sqlite3_value_int64(v));
    } else if (t == SQLITE_FLOAT) {
        st = lw_decimal_from_double(d, sqlite3_value_double(v));
    } else {
        const char *s = (const char *)sqlite3_value_text(v);
        st = s ? lw_decimal_from_text(d, s, (size_t)sqlite3_value_bytes(v)) : LW_DECIMAL_NOMEM;
        if (st == LW_DECIMAL_INVALID) {
            pg_error(ctx, "22P02", "invalid input syntax for type numeric: \"%s\"", s);
            return -1;
        }
    }
    if (st != LW_DECIMAL_OK) {
        pg_error(ctx, "22003", "%s", lw_decimal_status_message(st));
        return -1;
    }
    return 0;
}

/* pg_rint(X): round() of a double as PostgreSQL's dround: half to even (rint), where
 * SQLite's round() goes half away from zero. */
static void rint_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (lw_any_null(argc, argv))
        return;
    sqlite3_result_double(ctx, rint(sqlite3_value_double(argv[0])));
}

/* pg_ceil(X), pg_floor(X) of a numeric: the nearest integer above / below, exactly
 * (PostgreSQL's numeric_ceil/numeric_floor; scale 0). */
static void ceil_floor_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (lw_any_null(argc, argv))
        return;
    int ceil = variant_of(ctx) == 0;
    lw_decimal x, r, one, adjusted;
    lw_decimal_init(&x);
    lw_decimal_init(&r);
    lw_decimal_init(&one);
    lw_decimal_init(&adjusted);
    lw_decimal_from_int64(&one, 1);
    if (numeric_operand(ctx, argv[0], &x) == 0) {
        lw_decimal_status st = lw_decimal_round(&r, &x, 0, 1);
        int c = st == LW_DECIMAL_OK ? lw_decimal_cmp(&x, &r) : 0;
        if (st == LW_DECIMAL_OK && (ceil ? c > 0 : c < 0)) {
            st = ceil ? lw_decimal_add(&adjusted, &r, &one) : lw_decimal_sub(&adjusted, &r, &one);
            if (st == LW_DECIMAL_OK)
                st = lw_decimal_copy(&r, &adjusted);
        }
        if (st == LW_DECIMAL_OK) {
            size_t n;
            char *t = lw_decimal_to_text(&r, &n);
            result_owned_text(ctx, t, n);
        } else {
            pg_error(ctx, "22003", "%s", lw_decimal_status_message(st));
        }
    }
    lw_decimal_clear(&x);
    lw_decimal_clear(&r);
    lw_decimal_clear(&one);
    lw_decimal_clear(&adjusted);
}

static void bool_text_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (lw_any_null(argc, argv))
        return;
    sqlite3_result_text(ctx, sqlite3_value_int64(argv[0]) ? "t" : "f", 1, SQLITE_STATIC);
}

/* ---- generate_series --------------------------------------------------------------- */

/*
 * generate_series(START, STOP [, STEP]) as an eponymous table-valued function with the
 * one visible column "value". STEP 0 is PostgreSQL's error; a range that would pass
 * SQLite's 64-bit integers stops at the last value that fits.
 */
typedef struct series_cursor {
    sqlite3_vtab_cursor base;
    int64_t value, stop, step;
    int done;
} series_cursor;

static int series_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                          sqlite3_vtab **out, char **err)
{
    (void)aux;
    (void)argc;
    (void)argv;
    (void)err;
    int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(value, start HIDDEN, stop HIDDEN, "
                                      "step HIDDEN)");
    if (rc != SQLITE_OK)
        return rc;
    *out = sqlite3_malloc64(sizeof **out);
    if (!*out)
        return SQLITE_NOMEM;
    memset(*out, 0, sizeof **out);
    sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
    return SQLITE_OK;
}

static int series_disconnect(sqlite3_vtab *vtab)
{
    sqlite3_free(vtab);
    return SQLITE_OK;
}

static int series_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **out)
{
    (void)vtab;
    series_cursor *c = sqlite3_malloc64(sizeof *c);
    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof *c);
    *out = &c->base;
    return SQLITE_OK;
}

static int series_close(sqlite3_vtab_cursor *cur)
{
    sqlite3_free(cur);
    return SQLITE_OK;
}

static int series_next(sqlite3_vtab_cursor *cur)
{
    series_cursor *c = (series_cursor *)cur;
    int64_t next;
    if (__builtin_add_overflow(c->value, c->step, &next) ||
        (c->step > 0 ? next > c->stop : next < c->stop))
        c->done = 1;
    else
        c->value = next;
    return SQLITE_OK;
}

static int series_filter(sqlite3_vtab_cursor *cur, int idx, const char *idx_str, int argc,
                         sqlite3_value **argv)
{
    (void)idx_str;
    series_cursor *c = (series_cursor *)cur;
    c->step = 1;
    c->done = 0;
    if (idx < 2) {
        c->done = 1;
        return SQLITE_OK;
    }
    for (int i = 0; i < argc; i++)
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
            c->done = 1;
    if (c->done)
        return SQLITE_OK;
    c->value = sqlite3_value_int64(argv[0]);
    c->stop = sqlite3_value_int64(argv[1]);
    if (argc > 2)
        c->step = sqlite3_value_int64(argv[2]);
    if (c->step == 0) {
        sqlite3_free(cur->pVtab->zErrMsg);
        cur->pVtab->zErrMsg = sqlite3_mprintf(LW_PG_ERROR_PREFIX "22023: step size cannot "
                                                                 "equal zero");
        return SQLITE_ERROR;
    }
    if (c->step > 0 ? c->value > c->stop : c->value < c->stop)
        c->done = 1;
    return SQLITE_OK;
}

static int series_eof(sqlite3_vtab_cursor *cur)
{
    return ((series_cursor *)cur)->done;
}

static int series_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    series_cursor *c = (series_cursor *)cur;
    if (col == 0)
        sqlite3_result_int64(ctx, c->value);
    return SQLITE_OK;
}

static int series_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
    *rowid = ((series_cursor *)cur)->value;
    return SQLITE_OK;
}

/* start and stop are required, step is optional: all must be equality constraints on
 * the hidden columns, handed to xFilter in order. */
static int series_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info)
{
    (void)vtab;
    int where[3] = {-1, -1, -1};
    for (int i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        if (c->iColumn < 1 || c->iColumn > 3 || c->op != SQLITE_INDEX_CONSTRAINT_EQ)
            continue;
        if (!c->usable)
            return SQLITE_CONSTRAINT;
        where[c->iColumn - 1] = i;
    }
    if (where[0] < 0 || where[1] < 0) {
        sqlite3_free(vtab->zErrMsg);
        vtab->zErrMsg = sqlite3_mprintf("generate_series() needs a start and a stop");
        return SQLITE_ERROR;
    }
    int argn = 1;
    for (int k = 0; k < 3; k++) {
        if (where[k] < 0)
            continue;
        info->aConstraintUsage[where[k]].argvIndex = argn++;
        info->aConstraintUsage[where[k]].omit = 1;
    }
    info->idxNum = argn - 1;
    info->estimatedCost = 1000;
    info->estimatedRows = 1000;
    return SQLITE_OK;
}

static sqlite3_module series_module = {
    .iVersion = 0,
    .xConnect = series_connect, /* no xCreate: eponymous only */
    .xBestIndex = series_best_index,
    .xDisconnect = series_disconnect,
    .xOpen = series_open,
    .xClose = series_close,
    .xFilter = series_filter,
    .xNext = series_next,
    .xEof = series_eof,
    .xColumn = series_column,
    .xRowid = series_rowid,
};

/* ---- Registration ------------------------------------------------------------------ */

/* One row of the registration table: the function, the variant it is (its user data
 * says which, so variants share one C function) or whether it reads the connection's
 * state (user data: the lw_pg_funcs object, reference-counted). */
typedef struct pg_function_def {
    lw_function_def def;
    int variant;
    int stateful;
} pg_function_def;

#define F(name, n, flags, fn, variant, stateful)                                                   \
    {                                                                                              \
        {name, n, flags, fn, NULL, NULL, NULL, NULL}, variant, stateful                            \
    }
#define AGG(name, n, step, final)                                                                  \
    {                                                                                              \
        {name, n, LW_PURE, NULL, step, final, NULL, NULL}, 0, 0                                    \
    }
/* An aggregate that is also a window function (frame_text: xInverse drops the oldest). */
#define WINDOW(name, n, step, final, value)                                                        \
    {                                                                                              \
        {name, n, LW_PURE, NULL, step, final, value, frame_inverse}, 0, 0                          \
    }
#define VOLATILE (SQLITE_UTF8 | SQLITE_INNOCUOUS)

static const pg_function_def pg_functions[] = {
    F("concat", -1, LW_PURE, concat_func, 0, 0),
    F("concat_ws", -1, LW_PURE, concat_func, 1, 0),
    WINDOW("string_agg", 2, string_agg_step, string_agg_final, string_agg_value),
    {{"sum", 1, LW_PURE, NULL, sum_step, sum_final, sum_value, sum_inverse}, 0, 0},
    {{"avg", 1, LW_PURE, NULL, sum_step, avg_final, avg_value, sum_inverse}, 0, 0},
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
    F("date_trunc", 2, LW_PURE, date_trunc_func, 0, 0),
    F("date_part", 2, LW_PURE, extract_func, 0, 0),
    F("pg_extract", 2, LW_PURE, extract_func, 0, 0),
    F("to_char", 2, LW_PURE, to_char_func, 0, 0),
    F("pg_ts_add", 3, LW_PURE, ts_add_func, 0, 0),
    F("md5", 1, LW_PURE, md5_func, 0, 0),
    F("gen_random_uuid", 0, VOLATILE, uuid_func, 0, 0),
    F("uuid_generate_v4", 0, VOLATILE, uuid_func, 0, 0),
    F("clock_timestamp", 0, VOLATILE, clock_func, 0, 0),
    F("statement_timestamp", 0, VOLATILE, clock_func, 0, 0),
    F("now", 0, VOLATILE, now_func, 0, 1),
    F("transaction_timestamp", 0, VOLATILE, now_func, 0, 1),
    F("pg_current_date", 0, VOLATILE, current_date_func, 0, 1),
    F("pg_localtimestamp", 0, VOLATILE, localtimestamp_func, 0, 1),
    /* Sequence functions stay usable in DEFAULT clauses (SERIAL columns), so they are
     * not DIRECTONLY although they write: the rewriter's schema calls them. */
    F("nextval", 1, SQLITE_UTF8, nextval_func, 0, 1),
    F("pg_serial_nextval", 1, SQLITE_UTF8, serial_nextval_func, 0, 1),
    F("currval", 1, SQLITE_UTF8, currval_func, 0, 1),
    F("pg_serial_last", 1, SQLITE_UTF8, serial_last_func, 0, 1),
    F("lastval", 0, SQLITE_UTF8, lastval_func, 0, 1),
    F("setval", 2, LW_STATEFUL, setval_func, 0, 1),
    F("setval", 3, LW_STATEFUL, setval_func, 0, 1),
    F("pg_exec", 1, LW_STATEFUL, exec_func, 0, 0),
    F("pg_truncate", -1, LW_STATEFUL, truncate_func, 0, 0),
    F("pg_random", 0, VOLATILE, random_func, 0, 0),
    F("pg_set_config", 2, LW_STATEFUL, set_config_func, 0, 1),
    F("set_config", 3, LW_STATEFUL, set_config_func, 0, 1),
    F("current_setting", 1, LW_STATEFUL, current_setting_func, 0, 1),
    F("current_setting", 2, LW_STATEFUL, current_setting_func, 0, 1),
    F("pg_create_sequence", 6, LW_STATEFUL, create_sequence_func, 0, 0),
    F("pg_drop_sequence", 2, LW_STATEFUL, drop_sequence_func, 0, 0),
    F("pg_restart_sequence", 1, LW_STATEFUL, drop_sequence_func, 0, 0),
    F("jsonb_build_object", -1, LW_PURE, build_object_func, 0, 0),
    F("json_build_object", -1, LW_PURE, build_object_func, 0, 0),
    F("jsonb_build_array", -1, LW_PURE, build_array_func, 0, 0),
    F("json_build_array", -1, LW_PURE, build_array_func, 0, 0),
    F("to_jsonb", 1, LW_PURE, to_jsonb_func, 0, 0),
    F("to_json", 1, LW_PURE, to_jsonb_func, 0, 0),
    F("pg_jsonb", 1, LW_PURE, jsonb_cast_func, 0, 0),
    F("pg_json_get", 3, LW_PURE, json_get_func, 0, 0),
    WINDOW("jsonb_agg", 1, json_agg_step, json_agg_final, json_agg_value),
    WINDOW("json_agg", 1, json_agg_step, json_agg_final, json_agg_value),
    WINDOW("array_agg", 1, json_agg_step, json_agg_final, json_agg_value),
    /* The rewriter's form of the three when their argument is JSON text (a numeric, a
     * json value) and they run as window functions, which lose SQLite's subtype. */
    {{"pg_json_agg_json", 1, LW_PURE, NULL, json_agg_step, json_agg_final, json_agg_value,
      frame_inverse},
     1,
     0},
    AGG("pg_ordered_agg", -1, ordered_step, ordered_final),
    F("pg_int2", 1, LW_PURE, int_range_func, 0, 0),
    F("pg_int4", 1, LW_PURE, int_range_func, 1, 0),
    F("pg_int8", 1, LW_PURE, int_range_func, 2, 0),
    F("pg_arith", 3, LW_PURE, arith_func, 0, 0),
    F("pg_farith", 3, LW_PURE, arith_func, 1, 0),
    F("pg_mod", 2, LW_PURE, mod_func, 0, 0),
    F("pg_date_add", 3, LW_PURE, date_add_func, 0, 0),
    F("pg_date_diff", 2, LW_PURE, date_diff_func, 0, 0),
    F("pg_ceil", 1, LW_PURE, ceil_floor_func, 0, 0),
    F("pg_rint", 1, LW_PURE, rint_func, 0, 0),
    F("pg_floor", 1, LW_PURE, ceil_floor_func, 1, 0),
    F("pg_cast", 2, LW_PURE, cast_func, 0, 0),
    F("pg_cast", 3, LW_PURE, cast_func, 0, 0),
    F("pg_assign", 2, LW_PURE, cast_func, 1, 0),
    F("pg_cast_numeric", 2, LW_PURE, cast_func, 2, 0),
    F("pg_assign", 3, LW_PURE, cast_func, 1, 0),
    F("pg_bool_text", 1, LW_PURE, bool_text_func, 0, 0),
};

/* User data telling a function's variants apart (variant 0 has none). */
static const int variant_markers[3] = {0, 1, 2};

static int variant_of(sqlite3_context *ctx)
{
    const int *v = sqlite3_user_data(ctx);
    return v ? *v : 0;
}

static void funcs_destroy(lw_shared *shared)
{
    lw_pg_funcs *f = (lw_pg_funcs *)shared;
    while (f->settings) {
        setting *next = f->settings->next;
        sqlite3_free(f->settings->name);
        sqlite3_free(f->settings->value);
        sqlite3_free(f->settings);
        f->settings = next;
    }
    while (f->seen) {
        seen_sequence *next = f->seen->next;
        sqlite3_free(f->seen->name);
        sqlite3_free(f->seen);
        f->seen = next;
    }
    sqlite3_free(f);
}

void lw_pg_funcs_release(lw_pg_funcs *funcs)
{
    if (funcs)
        lw_shared_release(&funcs->base);
}

void lw_pg_funcs_txn_reset(lw_pg_funcs *funcs)
{
    if (funcs)
        funcs->txn_valid = 0;
}

int lw_pg_func_register(sqlite3 *db, lw_pg_funcs **funcs, char **pzErr)
{
    if (funcs)
        *funcs = NULL;
    lw_pg_funcs *f = sqlite3_malloc64(sizeof *f);
    if (!f) {
        *pzErr = sqlite3_mprintf("out of memory");
        return SQLITE_NOMEM;
    }
    memset(f, 0, sizeof *f);
    lw_shared_init(&f->base, funcs_destroy);
    int rc = SQLITE_OK;
    for (size_t i = 0; i < sizeof pg_functions / sizeof pg_functions[0] && !rc; i++) {
        const pg_function_def *p = &pg_functions[i];
        void *user = p->variant ? (void *)&variant_markers[p->variant] : NULL;
        void (*release)(void *) = NULL;
        if (p->stateful) {
            /* SQLite calls release even when the registration fails. */
            f->base.refs++;
            user = f;
            release = lw_shared_release;
        }
        if (p->def.xValue)
            rc = sqlite3_create_window_function(db, p->def.name, p->def.n_arg, p->def.flags, user,
                                                p->def.xStep, p->def.xFinal, p->def.xValue,
                                                p->def.xInverse, release);
        else
            rc = sqlite3_create_function_v2(db, p->def.name, p->def.n_arg, p->def.flags, user,
                                            p->def.xFunc, p->def.xStep, p->def.xFinal, release);
        if (rc)
            *pzErr = sqlite3_mprintf("cannot register function %s/%d: %s", p->def.name,
                                     p->def.n_arg, sqlite3_errmsg(db));
    }
    if (!rc && funcs) {
        f->base.refs++; /* the caller's reference */
        *funcs = f;
    }
    lw_shared_release(&f->base);
    if (!rc) {
        rc = sqlite3_create_module_v2(db, "generate_series", &series_module, NULL, NULL);
        if (rc)
            *pzErr = sqlite3_mprintf("cannot register table function generate_series: %s",
                                     sqlite3_errmsg(db));
    }
    return rc;
}
