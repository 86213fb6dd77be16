/*
 * The postgresql dialect's JSON functions and the aggregates with ORDER BY
 * (registered by runtime.c). Results are in jsonb's printed form, with SQLite's JSON
 * subtype so they nest. NULL in gives NULL out unless stated.
 *
 *   jsonb_build_object(K, V, ...), json_build_object, jsonb_build_array(V, ...),
 *   json_build_array, to_jsonb(X), to_json(X)
 *   jsonb_agg(X), json_agg(X), array_agg(X)   array_agg returns a JSON array (SQLite
 *                             has no arrays); the aggregates are also window functions
 *   pg_jsonb(X)               jsonb's printed form of a JSON text (the ::jsonb cast)
 *   pg_json_get(J, K, AS_TEXT)   J -> K and J ->> K as jsonb reads J (the last
 *                             duplicate key wins): an integer K indexes an array
 *                             (negative from the end), other K names an object key;
 *                             NULL when there is no such value
 *   pg_json_agg_json(X)       jsonb_agg(X) whose text argument is JSON text (the
 *                             rewriter's form for window calls on numerics and json)
 *   pg_ordered_agg(KIND, NARGS, ARGS..., KEY, DESC, ...)   string_agg, jsonb_agg,
 *                             json_agg and array_agg with ORDER BY inside the call
 *
 * Limits: nesting is bounded by LW_PG_JSON_MAX_DEPTH.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/postgresql/runtime_int.h"

char *lw_pg_jsonb_or_error(sqlite3_context *ctx, const char *s, size_t n, size_t *out_n)
{
    const char *error = NULL;
    char *norm = lw_pg_jsonb_normalize(s, n, out_n, &error);
    if (!norm) {
        if (error)
            lw_pg_error(ctx, "22P02", "invalid input syntax for type json");
        else
            sqlite3_result_error_nomem(ctx);
    }
    return norm;
}

/* Appends s[0..n) as a JSON string: quotes, backslashes and control characters
 * escaped (the rest as it is; jsonb's normaliser checks it). */
static void put_json_string(lw_sqlbuf *b, const char *s, size_t n)
{
    lw_sqlbuf_append(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            lw_sqlbuf_append(b, "\\", 1);
        if (c < 0x20)
            lw_sqlbuf_appendf(b, "\\u%04x", c);
        else
            lw_sqlbuf_append(b, (const char *)&c, 1);
    }
    lw_sqlbuf_append(b, "\"", 1);
}

/* Reports why text could not become a jsonb string: it holds bytes PostgreSQL text
 * cannot (invalid UTF-8 or a zero byte), or (error NULL) memory ran out. */
static void text_json_error(sqlite3_context *ctx, const char *error)
{
    if (error)
        lw_pg_error(ctx, "22021", "invalid byte sequence for encoding \"UTF8\"");
    else
        sqlite3_result_error_nomem(ctx);
}

/* Appends value as a jsonb value: JSON-subtyped text (any text when text_is_json) as
 * JSON, numbers as numbers, text as a string, NULL as null. Returns 0, or -1 after
 * setting an error on ctx. */
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
        lw_pg_error(ctx, "0A000",
                    "bytea values cannot be turned into JSON by the postgresql "
                    "dialect");
        return -1;
    default:
        break;
    }
    const char *s = lw_pg_arg_text(&value, 0, &n);
    if (text_is_json || sqlite3_value_subtype(value) == JSON_SUBTYPE) {
        char *norm = lw_pg_jsonb_or_error(ctx, s, n, &out_n);
        if (!norm)
            return -1;
        lw_sqlbuf_append(b, norm, out_n);
        sqlite3_free(norm);
        return 0;
    }
    /* A string: normalising its JSON form escapes it the way jsonb prints it. */
    lw_sqlbuf q = {0};
    put_json_string(&q, s, n);
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
        lw_pg_error(ctx, "22023", "argument list must have even number of elements");
        return;
    }
    lw_sqlbuf b = {0};
    lw_sqlbuf_append(&b, "{", 1);
    for (int i = 0; i < argc; i += 2) {
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL) {
            lw_sqlbuf_free(&b);
            lw_pg_error(ctx, "22004", "argument %d: key must not be null", i + 1);
            return;
        }
        if (i)
            lw_sqlbuf_append(&b, ", ", 2);
        /* Keys are always strings, whatever their SQL type. */
        size_t kn;
        const char *ks = lw_pg_arg_text(argv, i, &kn);
        put_json_string(&b, ks, kn);
        lw_sqlbuf_append(&b, ": ", 2);
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
    if (lw_any_null(argc, argv))
        return;
    const char *s = lw_pg_arg_text(argv, 0, &n);
    char *norm = lw_pg_jsonb_or_error(ctx, s, n, &out_n);
    if (!norm)
        return;
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
    const char *s = lw_pg_arg_text(argv, 0, &n), *key = NULL, *error;
    int64_t index = 0;
    int as_text = sqlite3_value_int(argv[2]) != 0;
    if (sqlite3_value_type(argv[1]) == SQLITE_INTEGER)
        index = sqlite3_value_int64(argv[1]);
    else
        key = lw_pg_arg_text(argv, 1, &key_len);
    char *out;
    if (!s || (sqlite3_value_type(argv[1]) != SQLITE_INTEGER && !key)) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    int rc = lw_pg_jsonb_get(s, n, key, key_len, index, as_text, &out, &out_n, &error);
    if (rc == -1) {
        lw_pg_error(ctx, "22P02", "invalid input syntax for type json");
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

/* The JSON array of pg_ordered_agg's rows. */
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

/* jsonb_agg(X), json_agg(X), array_agg(X): every row's value, NULL as null; variant 1
 * (pg_json_agg_json) reads text as JSON text. */
static void json_agg_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    lw_pg_frame *f = lw_pg_frame_of(ctx);
    if (!f || f->failed)
        return;
    lw_sqlbuf v = {0};
    if (put_json_value(ctx, &v, argv[0], lw_pg_variant(ctx) == 1))
        f->failed = 1;
    else if (v.oom)
        f->buf.oom = 1;
    else
        lw_pg_frame_add(ctx, f, ", ", 2, v.s ? v.s : "", v.len);
    lw_sqlbuf_free(&v);
}

static void json_agg_value(sqlite3_context *ctx)
{
    lw_pg_frame *f = sqlite3_aggregate_context(ctx, 0);
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
    lw_pg_frame_free(sqlite3_aggregate_context(ctx, 0));
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
            c = lw_pg_value_cmp(a->values[k], b->values[k]);
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
            lw_pg_text_agg t = {{0}, 0};
            for (int64_t i = 0; i < a->n; i++)
                lw_pg_text_agg_add(&t, a->rows[i].values[0],
                                   a->n_args > 1 ? a->rows[i].values[1] : NULL);
            lw_pg_text_agg_result(ctx, &t);
        } else if (strcmp(a->kind, "jsonb_agg") == 0 || strcmp(a->kind, "json_agg") == 0 ||
                   strcmp(a->kind, "array_agg") == 0) {
            json_agg j = {{0}, 0, 0};
            for (int64_t i = 0; i < a->n; i++)
                json_agg_add(ctx, &j, a->rows[i].values[0]);
            json_agg_result(ctx, &j);
        } else {
            lw_pg_error(ctx, "0A000",
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

const lw_pg_function_def lw_pg_json_functions[] = {
    F("jsonb_build_object", -1, LW_PURE, build_object_func, 0, 0),
    F("json_build_object", -1, LW_PURE, build_object_func, 0, 0),
    F("jsonb_build_array", -1, LW_PURE, build_array_func, 0, 0),
    F("json_build_array", -1, LW_PURE, build_array_func, 0, 0),
    F("to_jsonb", 1, LW_PURE, to_jsonb_func, 0, 0),
    F("to_json", 1, LW_PURE, to_jsonb_func, 0, 0),
    F("pg_jsonb", 1, LW_PURE, jsonb_cast_func, 0, 0),
    F("pg_json_get", 3, LW_PURE, json_get_func, 0, 0),
    WINDOW("jsonb_agg", 1, json_agg_step, json_agg_final, json_agg_value, 0),
    WINDOW("json_agg", 1, json_agg_step, json_agg_final, json_agg_value, 0),
    WINDOW("array_agg", 1, json_agg_step, json_agg_final, json_agg_value, 0),
    /* The rewriter's form of the three when their argument is JSON text (a numeric, a
     * json value) and they run as window functions, which lose SQLite's subtype. */
    WINDOW("pg_json_agg_json", 1, json_agg_step, json_agg_final, json_agg_value, 1),
    AGG("pg_ordered_agg", -1, ordered_step, ordered_final),
    LW_PG_END_OF_FUNCTIONS,
};
