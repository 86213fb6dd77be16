/*
 * SQL of the django module: Django 3.2's SQLite functions in C (docs/django.md).
 *
 * Registered on every connection (Django's own names, which nothing else uses):
 *   django_date_extract(LOOKUP, DT)                django_time_extract(LOOKUP, T)
 *   django_datetime_extract(LOOKUP, DT, TZ, CTZ)   django_time_diff(A, B)
 *   django_date_trunc(LOOKUP, DT, TZ, CTZ)         django_timestamp_diff(A, B)
 *   django_datetime_trunc(LOOKUP, DT, TZ, CTZ)     django_format_dtdelta(OP, A, B)
 *   django_time_trunc(LOOKUP, DT, TZ, CTZ)
 *   django_datetime_cast_date(DT, TZ, CTZ)
 *   django_datetime_cast_time(DT, TZ, CTZ)
 * Registered only by the Django entry point (sqlite3_likewisedjango_init), because
 * they replace SQLite's built-in math functions of the same names with Python's
 * types and errors:
 *   ACOS ASIN ATAN ATAN2 BITXOR CEILING COS COT DEGREES EXP FLOOR LN LOG MOD PI POWER
 *   RADIANS SIGN SIN SQRT TAN, LPAD RPAD REPEAT REVERSE, MD5 SHA1 SHA224 SHA256
 *   SHA384 SHA512, RAND(), and the aggregates STDDEV_POP STDDEV_SAMP VAR_POP VAR_SAMP.
 *
 * Results, NULL handling and errors are those of Django's Python functions (djfunc.h,
 * generic.h, stats.h): where the Python raises, the error names the function, the
 * argument and the value, e.g. "django_datetime_extract(): unknown time zone
 * 'Mars/Base' in argument 3". Text arguments must be valid UTF-8 (Python's sqlite3
 * refuses anything else too): "ACOS(): invalid UTF-8 in argument 1 at byte 2".
 * Time zones are read from LW_DJANGO_ZONEINFO (tz.h) once per connection and zone;
 * the time zone arguments are examined once per statement (auxiliary data).
 */
#include "django/django_sql.h"
#include "common/glue.h"
#include "common/utf8.h"
#include "django/djfunc.h"
#include "django/generic.h"
#include "django/stats.h"

#include <string.h>

/* Per-connection state of the date and time functions: the zones read so far. */
typedef struct django_state {
    lw_shared shared;
    lw_tz_cache *zones;
} django_state;

static void django_state_destroy(lw_shared *shared)
{
    django_state *state = (django_state *)shared;
    lw_tz_cache_free(state->zones);
    sqlite3_free(state);
}

/* Whether every byte of s (n bytes) is ASCII. Arguments are mostly short, so this
 * reads 8-byte words, the last one overlapping, rather than the byte tail of
 * lw_utf8_ascii_prefix's loop. */
static int all_ascii(const char *s, size_t n)
{
    uint64_t any = 0, word;
    if (n < 8) {
        for (size_t i = 0; i < n; i++)
            any |= (unsigned char)s[i];
        return (any & 0x80) == 0;
    }
    for (size_t i = 0; i + 8 < n; i += 8) {
        memcpy(&word, s + i, 8);
        any |= word;
    }
    memcpy(&word, s + n - 8, 8);
    return ((any | word) & 0x8080808080808080ull) == 0;
}

/* The rest of reading text argument argno (1-based) after p = sqlite3_value_text()
 * when p is NULL or the text is not all ASCII: out of memory, or the UTF-8 check. 0
 * after setting an error result. */
static __attribute__((noinline)) int check_text(sqlite3_context *ctx, const char *fn, int argno,
                                                const unsigned char *p, const lw_pv *v)
{
    if (!p && v->n) {
        sqlite3_result_error_nomem(ctx);
        return 0;
    }
    int64_t bad = lw_utf8_invalid_offset(v->s, v->n);
    if (bad >= 0) {
        lw_result_invalid_utf8(ctx, fn, argno, bad);
        return 0;
    }
    return 1;
}

/*
 * Reads every argument as Python sees it; 0 after setting an error result. Text is
 * checked as Python's sqlite3 checks it (invalid UTF-8 fails before the function
 * runs), and the check notes whether it is all ASCII, which the text functions use
 * to count code points without reading the text again.
 *
 * Inline, with the rare paths out of line, and argc a constant: the call and the loop
 * over the arguments cost 6 ns a row of REPEAT's 40 and 10 of RPAD's 55
 * (bench/django_functions/README.md).
 */
static inline __attribute__((always_inline)) int
read_args(sqlite3_context *ctx, const char *fn, int argc, sqlite3_value **argv, lw_pv *args)
{
    for (int i = 0; i < argc; i++) {
        lw_pv *v = &args[i];
        *v = (lw_pv){LW_PV_NONE, 0, 0, NULL, 0, 0};
        switch (sqlite3_value_type(argv[i])) {
        case SQLITE_INTEGER:
            v->kind = LW_PV_INT;
            v->i = sqlite3_value_int64(argv[i]);
            break;
        case SQLITE_FLOAT:
            v->kind = LW_PV_FLOAT;
            v->f = sqlite3_value_double(argv[i]);
            break;
        case SQLITE_TEXT: {
            /* The text first, then its length: the order SQLite documents. */
            const unsigned char *p = sqlite3_value_text(argv[i]);
            v->kind = LW_PV_STR;
            v->n = (size_t)sqlite3_value_bytes(argv[i]);
            v->s = p ? (const char *)p : "";
            v->ascii = p && all_ascii(v->s, v->n);
            if (!v->ascii && !check_text(ctx, fn, i + 1, p, v))
                return 0;
            break;
        }
        case SQLITE_BLOB: {
            const void *p = sqlite3_value_blob(argv[i]);
            v->kind = LW_PV_BYTES;
            v->n = (size_t)sqlite3_value_bytes(argv[i]);
            v->s = p ? (const char *)p : "";
            if (!p && v->n) {
                sqlite3_result_error_nomem(ctx);
                return 0;
            }
            break;
        }
        default:
            break;
        }
    }
    return 1;
}

/* Hands r to SQLite: the rarer results (allocated text, blobs, errors, NULL). */
static __attribute__((noinline)) void give_other_result(sqlite3_context *ctx, const char *fn,
                                                        lw_pr *r)
{
    switch (r->kind) {
    case LW_PR_TEXT:
    case LW_PR_BLOB:
        if (r->s) { /* allocated: SQLite takes it */
            if (r->kind == LW_PR_TEXT)
                sqlite3_result_text64(ctx, r->s, r->n, sqlite3_free, SQLITE_UTF8);
            else
                sqlite3_result_blob64(ctx, r->s, r->n, sqlite3_free);
            r->s = NULL;
        } else if (r->kind == LW_PR_TEXT) {
            sqlite3_result_text(ctx, r->buf, (int)r->n, SQLITE_TRANSIENT);
        } else {
            sqlite3_result_blob(ctx, r->buf, (int)r->n, SQLITE_TRANSIENT);
        }
        break;
    case LW_PR_ERROR:
        if (r->s)
            lw_result_errorf(ctx, "%s(): %s", fn, r->s);
        else
            sqlite3_result_error_nomem(ctx);
        break;
    case LW_PR_TOOBIG:
        sqlite3_result_error_toobig(ctx);
        break;
    default:
        sqlite3_result_null(ctx);
        break;
    }
    lw_pr_clear(r);
}

/* Hands r to SQLite; inline for the same reason as read_args. */
static inline __attribute__((always_inline)) void give_result(sqlite3_context *ctx, const char *fn,
                                                              lw_pr *r)
{
    if (r->kind == LW_PR_TEXT && !r->s) /* in the buffer: SQLite copies it */
        sqlite3_result_text(ctx, r->buf, (int)r->n, SQLITE_TRANSIENT);
    else if (r->kind == LW_PR_INT)
        sqlite3_result_int64(ctx, r->i);
    else if (r->kind == LW_PR_FLOAT)
        sqlite3_result_double(ctx, r->f);
    else
        give_other_result(ctx, fn, r);
}

/* ---- time zone plans, kept per statement ------------------------------------------ */

/* A plan with the values it was built from, so that a plan kept on argument TZ is
 * used again only while TZ and CONN_TZ are the same. */
typedef struct kept_plan {
    lw_dj_tzplan plan;
    lw_pv tz, conn;
    char *bytes; /* copies of the two values' text (sqlite3_malloc) */
} kept_plan;

static void kept_plan_free(void *p)
{
    kept_plan *kept = p;
    lw_dj_tzplan_clear(&kept->plan);
    sqlite3_free(kept->bytes);
    sqlite3_free(kept);
}

static int same_value(const lw_pv *a, const lw_pv *b)
{
    if (a->kind != b->kind)
        return 0;
    switch (a->kind) {
    case LW_PV_INT:
        return a->i == b->i;
    case LW_PV_FLOAT:
        return memcmp(&a->f, &b->f, sizeof a->f) == 0;
    case LW_PV_STR:
    case LW_PV_BYTES:
        return a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
    default:
        return 1;
    }
}

/*
 * The plan for TZ = args[tz_index] and CONN_TZ = args[tz_index + 1]: the one kept
 * on the statement when the values are the same, else a new one in *fresh, which
 * the caller hands to keep_plan() after using it. NULL when out of memory (an error
 * result is set).
 */
static const lw_dj_tzplan *get_plan(sqlite3_context *ctx, const lw_pv *args, int tz_index,
                                    kept_plan **fresh)
{
    *fresh = NULL;
    const lw_pv *tz = &args[tz_index], *conn = &args[tz_index + 1];
    if (tz->kind == LW_PV_NONE && conn->kind == LW_PV_NONE)
        return &lw_dj_no_tz; /* USE_TZ = False: nothing to examine or keep */
    kept_plan *kept = sqlite3_get_auxdata(ctx, tz_index);
    if (kept && same_value(&kept->tz, tz) && same_value(&kept->conn, conn))
        return &kept->plan;
    kept = sqlite3_malloc64(sizeof *kept);
    char *bytes = kept ? sqlite3_malloc64(tz->n + conn->n + 1) : NULL;
    if (!bytes) {
        sqlite3_free(kept);
        sqlite3_result_error_nomem(ctx);
        return NULL;
    }
    kept->tz = *tz;
    kept->conn = *conn;
    kept->bytes = bytes;
    if (tz->n)
        memcpy(bytes, tz->s, tz->n);
    if (conn->n)
        memcpy(bytes + tz->n, conn->s, conn->n);
    kept->tz.s = bytes;
    kept->conn.s = bytes + tz->n;
    django_state *state = sqlite3_user_data(ctx);
    lw_dj_tzplan_build(state->zones, &kept->tz, &kept->conn, tz_index + 1, &kept->plan);
    *fresh = kept;
    return &kept->plan;
}

/* Last: SQLite keeps the plan for the next rows when TZ is a constant, else frees it. */
static void keep_plan(sqlite3_context *ctx, int tz_index, kept_plan *fresh)
{
    if (fresh)
        sqlite3_set_auxdata(ctx, tz_index, fresh, kept_plan_free);
}

/* ---- the django_* functions ------------------------------------------------------- */

/* Defines the xFunc of a django_* function: read the arguments, build or reuse the
 * time zone plan (arguments TZ_INDEX and TZ_INDEX + 1, or none when TZ_INDEX is -1),
 * call CALL with args, plan and &r, hand the result over. */
#define DJANGO_FUNC(name, nargs, tz_index, call)                                                   \
    static void name##_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)                  \
    {                                                                                              \
        lw_pv args[nargs];                                                                         \
        lw_pr r;                                                                                   \
        r.kind = LW_PR_NULL;                                                                       \
        r.s = NULL;                                                                                \
        (void)argc; /* nargs, as registered: a constant the compiler can unroll on */              \
        if (!read_args(ctx, "django_" #name, nargs, argv, args))                                   \
            return;                                                                                \
        kept_plan *fresh = NULL;                                                                   \
        const lw_dj_tzplan *plan = &lw_dj_no_tz;                                                   \
        if ((tz_index) >= 0 &&                                                                     \
            !(plan = get_plan(ctx, args, (tz_index) < 0 ? 0 : (tz_index), &fresh)))                \
            return;                                                                                \
        (void)plan;                                                                                \
        call;                                                                                      \
        give_result(ctx, "django_" #name, &r);                                                     \
        keep_plan(ctx, (tz_index) < 0 ? 0 : (tz_index), fresh);                                    \
    }

DJANGO_FUNC(date_extract, 2, -1, lw_dj_datetime_extract(&args[0], &args[1], 2, plan, &r))
DJANGO_FUNC(datetime_extract, 4, 2, lw_dj_datetime_extract(&args[0], &args[1], 2, plan, &r))
DJANGO_FUNC(date_trunc, 4, 2, lw_dj_date_trunc(&args[0], &args[1], plan, &r))
DJANGO_FUNC(datetime_trunc, 4, 2, lw_dj_datetime_trunc(&args[0], &args[1], plan, &r))
DJANGO_FUNC(time_trunc, 4, 2, lw_dj_time_trunc(&args[0], &args[1], plan, &r))
DJANGO_FUNC(datetime_cast_date, 3, 1, lw_dj_datetime_cast_date(&args[0], plan, &r))
DJANGO_FUNC(datetime_cast_time, 3, 1, lw_dj_datetime_cast_time(&args[0], plan, &r))
DJANGO_FUNC(time_extract, 2, -1, lw_dj_time_extract(&args[0], &args[1], &r))
DJANGO_FUNC(time_diff, 2, -1, lw_dj_time_diff(&args[0], &args[1], &r))
DJANGO_FUNC(timestamp_diff, 2, -1, lw_dj_timestamp_diff(&args[0], &args[1], &r))
DJANGO_FUNC(format_dtdelta, 3, -1, lw_dj_format_dtdelta(&args[0], &args[1], &args[2], &r))

static const lw_function_def django_functions[] = {
    {"django_date_extract", 2, LW_PURE, date_extract_func, NULL, NULL, NULL, NULL},
    {"django_date_trunc", 4, LW_PURE, date_trunc_func, NULL, NULL, NULL, NULL},
    {"django_datetime_cast_date", 3, LW_PURE, datetime_cast_date_func, NULL, NULL, NULL, NULL},
    {"django_datetime_cast_time", 3, LW_PURE, datetime_cast_time_func, NULL, NULL, NULL, NULL},
    {"django_datetime_extract", 4, LW_PURE, datetime_extract_func, NULL, NULL, NULL, NULL},
    {"django_datetime_trunc", 4, LW_PURE, datetime_trunc_func, NULL, NULL, NULL, NULL},
    {"django_time_extract", 2, LW_PURE, time_extract_func, NULL, NULL, NULL, NULL},
    {"django_time_trunc", 4, LW_PURE, time_trunc_func, NULL, NULL, NULL, NULL},
    {"django_time_diff", 2, LW_PURE, time_diff_func, NULL, NULL, NULL, NULL},
    {"django_timestamp_diff", 2, LW_PURE, timestamp_diff_func, NULL, NULL, NULL, NULL},
    {"django_format_dtdelta", 3, LW_PURE, format_dtdelta_func, NULL, NULL, NULL, NULL},
};

int lw_django_register(sqlite3 *db, char **pzErr)
{
    django_state *state = sqlite3_malloc64(sizeof *state);
    if (!state)
        return SQLITE_NOMEM;
    lw_shared_init(&state->shared, django_state_destroy);
    state->zones = lw_tz_cache_new(LW_DJANGO_ZONEINFO);
    if (!state->zones) {
        lw_shared_release(&state->shared);
        return SQLITE_NOMEM;
    }
    int rc = lw_register_functions(db, django_functions,
                                   sizeof django_functions / sizeof django_functions[0],
                                   &state->shared, pzErr);
    lw_shared_release(&state->shared);
    return rc;
}

/* ---- the generic names ------------------------------------------------------------ */

/* None in any argument: None (Django's none_guard). */
static int any_none(int argc, const lw_pv *args)
{
    for (int i = 0; i < argc; i++)
        if (args[i].kind == LW_PV_NONE)
            return 1;
    return 0;
}

/* SQLite's length limit for the text functions' results (lw_dj_limit). */
static int64_t length_limit(void *ctx)
{
    return sqlite3_limit(sqlite3_context_db_handle(ctx), SQLITE_LIMIT_LENGTH, -1);
}

/* Defines the xFunc of a generic-name function with a none_guard. */
#define GENERIC_FUNC(cname, sqlname, nargs, call)                                                  \
    static void cname##_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)                 \
    {                                                                                              \
        lw_pv args[nargs];                                                                         \
        lw_pr r;                                                                                   \
        r.kind = LW_PR_NULL;                                                                       \
        r.s = NULL;                                                                                \
        (void)argc; /* nargs, as registered: a constant the compiler can unroll on */              \
        if (!read_args(ctx, sqlname, nargs, argv, args) || any_none(nargs, args))                  \
            return;                                                                                \
        call;                                                                                      \
        give_result(ctx, sqlname, &r);                                                             \
    }

GENERIC_FUNC(acos, "ACOS", 1, lw_dj_math1(LW_DJ_ACOS, &args[0], &r))
GENERIC_FUNC(asin, "ASIN", 1, lw_dj_math1(LW_DJ_ASIN, &args[0], &r))
GENERIC_FUNC(atan, "ATAN", 1, lw_dj_math1(LW_DJ_ATAN, &args[0], &r))
GENERIC_FUNC(cos, "COS", 1, lw_dj_math1(LW_DJ_COS, &args[0], &r))
GENERIC_FUNC(sin, "SIN", 1, lw_dj_math1(LW_DJ_SIN, &args[0], &r))
GENERIC_FUNC(tan, "TAN", 1, lw_dj_math1(LW_DJ_TAN, &args[0], &r))
GENERIC_FUNC(exp, "EXP", 1, lw_dj_math1(LW_DJ_EXP, &args[0], &r))
GENERIC_FUNC(sqrt, "SQRT", 1, lw_dj_math1(LW_DJ_SQRT, &args[0], &r))
GENERIC_FUNC(ln, "LN", 1, lw_dj_math1(LW_DJ_LN, &args[0], &r))
GENERIC_FUNC(degrees, "DEGREES", 1, lw_dj_math1(LW_DJ_DEGREES, &args[0], &r))
GENERIC_FUNC(radians, "RADIANS", 1, lw_dj_math1(LW_DJ_RADIANS, &args[0], &r))
GENERIC_FUNC(ceiling, "CEILING", 1, lw_dj_math1(LW_DJ_CEILING, &args[0], &r))
GENERIC_FUNC(floor, "FLOOR", 1, lw_dj_math1(LW_DJ_FLOOR, &args[0], &r))
GENERIC_FUNC(cot, "COT", 1, lw_dj_math1(LW_DJ_COT, &args[0], &r))
GENERIC_FUNC(sign, "SIGN", 1, lw_dj_math1(LW_DJ_SIGN, &args[0], &r))
GENERIC_FUNC(atan2, "ATAN2", 2, lw_dj_atan2(&args[0], &args[1], &r))
GENERIC_FUNC(mod, "MOD", 2, lw_dj_mod(&args[0], &args[1], &r))
GENERIC_FUNC(log, "LOG", 2, lw_dj_log(&args[0], &args[1], &r))
GENERIC_FUNC(power, "POWER", 2, lw_dj_power(&args[0], &args[1], &r))
GENERIC_FUNC(bitxor, "BITXOR", 2, lw_dj_bitxor(&args[0], &args[1], &r))
GENERIC_FUNC(repeat, "REPEAT", 2,
             lw_dj_repeat(&args[0], &args[1], &(lw_dj_limit){length_limit, ctx}, &r))
GENERIC_FUNC(reverse, "REVERSE", 1, lw_dj_reverse(&args[0], &r))
GENERIC_FUNC(lpad, "LPAD", 3,
             lw_dj_lpad(&args[0], &args[1], &args[2], &(lw_dj_limit){length_limit, ctx}, &r))
GENERIC_FUNC(rpad, "RPAD", 3,
             lw_dj_rpad(&args[0], &args[1], &args[2], &(lw_dj_limit){length_limit, ctx}, &r))
GENERIC_FUNC(md5, "MD5", 1, lw_dj_hash_hex(LW_DJ_MD5, &args[0], &r))
GENERIC_FUNC(sha1, "SHA1", 1, lw_dj_hash_hex(LW_DJ_SHA1, &args[0], &r))
GENERIC_FUNC(sha224, "SHA224", 1, lw_dj_hash_hex(LW_DJ_SHA224, &args[0], &r))
GENERIC_FUNC(sha256, "SHA256", 1, lw_dj_hash_hex(LW_DJ_SHA256, &args[0], &r))
GENERIC_FUNC(sha384, "SHA384", 1, lw_dj_hash_hex(LW_DJ_SHA384, &args[0], &r))
GENERIC_FUNC(sha512, "SHA512", 1, lw_dj_hash_hex(LW_DJ_SHA512, &args[0], &r))

static void pi_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_double(ctx, 3.141592653589793); /* math.pi */
}

/* random.random(): a float in [0, 1) with 53 random bits, from SQLite's generator. */
static void rand_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    uint64_t bits;
    sqlite3_randomness((int)sizeof bits, &bits);
    sqlite3_result_double(ctx, (double)(bits >> 11) / 9007199254740992.0);
}

/* The aggregates: the state lives in SQLite's aggregate context (zeroed at first). */
static void stats_step(sqlite3_context *ctx, const char *name, int argc, sqlite3_value **argv)
{
    lw_dj_stats *st = sqlite3_aggregate_context(ctx, (int)sizeof *st);
    lw_pv x;
    if (!st) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    /* Invalid UTF-8 fails in Python's conversion before the aggregate sees it. */
    (void)argc; /* 1, as registered */
    if (read_args(ctx, name, 1, argv, &x) && !lw_dj_stats_step(st, &x))
        sqlite3_result_error_nomem(ctx);
}

#define STATS_STEP(cname, sqlname)                                                                 \
    static void cname##_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)                 \
    {                                                                                              \
        stats_step(ctx, sqlname, argc, argv);                                                      \
    }

STATS_STEP(stddev_pop, "STDDEV_POP")
STATS_STEP(stddev_samp, "STDDEV_SAMP")
STATS_STEP(var_pop, "VAR_POP")
STATS_STEP(var_samp, "VAR_SAMP")

static void stats_final(sqlite3_context *ctx, lw_dj_stat stat, const char *name)
{
    lw_dj_stats *st = sqlite3_aggregate_context(ctx, 0);
    if (!st || (st->count == 0 && !st->error)) { /* no rows: Python's finalize never runs */
        if (st)
            lw_dj_stats_clear(st);
        sqlite3_result_null(ctx);
        return;
    }
    lw_pr r;
    r.kind = LW_PR_NULL;
    r.s = NULL;
    lw_dj_stats_final(st, stat, &r);
    give_result(ctx, name, &r);
}

static void stddev_pop_final(sqlite3_context *ctx)
{
    stats_final(ctx, LW_DJ_STDDEV_POP, "STDDEV_POP");
}

static void stddev_samp_final(sqlite3_context *ctx)
{
    stats_final(ctx, LW_DJ_STDDEV_SAMP, "STDDEV_SAMP");
}

static void var_pop_final(sqlite3_context *ctx)
{
    stats_final(ctx, LW_DJ_VAR_POP, "VAR_POP");
}

static void var_samp_final(sqlite3_context *ctx)
{
    stats_final(ctx, LW_DJ_VAR_SAMP, "VAR_SAMP");
}

static const lw_function_def generic_functions[] = {
    {"ACOS", 1, LW_PURE, acos_func, NULL, NULL, NULL, NULL},
    {"ASIN", 1, LW_PURE, asin_func, NULL, NULL, NULL, NULL},
    {"ATAN", 1, LW_PURE, atan_func, NULL, NULL, NULL, NULL},
    {"ATAN2", 2, LW_PURE, atan2_func, NULL, NULL, NULL, NULL},
    {"BITXOR", 2, LW_PURE, bitxor_func, NULL, NULL, NULL, NULL},
    {"CEILING", 1, LW_PURE, ceiling_func, NULL, NULL, NULL, NULL},
    {"COS", 1, LW_PURE, cos_func, NULL, NULL, NULL, NULL},
    {"COT", 1, LW_PURE, cot_func, NULL, NULL, NULL, NULL},
    {"DEGREES", 1, LW_PURE, degrees_func, NULL, NULL, NULL, NULL},
    {"EXP", 1, LW_PURE, exp_func, NULL, NULL, NULL, NULL},
    {"FLOOR", 1, LW_PURE, floor_func, NULL, NULL, NULL, NULL},
    {"LN", 1, LW_PURE, ln_func, NULL, NULL, NULL, NULL},
    {"LOG", 2, LW_PURE, log_func, NULL, NULL, NULL, NULL},
    {"LPAD", 3, LW_PURE, lpad_func, NULL, NULL, NULL, NULL},
    {"MD5", 1, LW_PURE, md5_func, NULL, NULL, NULL, NULL},
    {"MOD", 2, LW_PURE, mod_func, NULL, NULL, NULL, NULL},
    {"PI", 0, LW_PURE, pi_func, NULL, NULL, NULL, NULL},
    {"POWER", 2, LW_PURE, power_func, NULL, NULL, NULL, NULL},
    {"RADIANS", 1, LW_PURE, radians_func, NULL, NULL, NULL, NULL},
    {"REPEAT", 2, LW_PURE, repeat_func, NULL, NULL, NULL, NULL},
    {"REVERSE", 1, LW_PURE, reverse_func, NULL, NULL, NULL, NULL},
    {"RPAD", 3, LW_PURE, rpad_func, NULL, NULL, NULL, NULL},
    {"SHA1", 1, LW_PURE, sha1_func, NULL, NULL, NULL, NULL},
    {"SHA224", 1, LW_PURE, sha224_func, NULL, NULL, NULL, NULL},
    {"SHA256", 1, LW_PURE, sha256_func, NULL, NULL, NULL, NULL},
    {"SHA384", 1, LW_PURE, sha384_func, NULL, NULL, NULL, NULL},
    {"SHA512", 1, LW_PURE, sha512_func, NULL, NULL, NULL, NULL},
    {"SIGN", 1, LW_PURE, sign_func, NULL, NULL, NULL, NULL},
    {"SIN", 1, LW_PURE, sin_func, NULL, NULL, NULL, NULL},
    {"SQRT", 1, LW_PURE, sqrt_func, NULL, NULL, NULL, NULL},
    {"TAN", 1, LW_PURE, tan_func, NULL, NULL, NULL, NULL},
    /* random.random() is neither deterministic nor, as Django registers it, anything
     * but a plain function. */
    {"RAND", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, rand_func, NULL, NULL, NULL, NULL},
    {"STDDEV_POP", 1, LW_PURE, NULL, stddev_pop_step, stddev_pop_final, NULL, NULL},
    {"STDDEV_SAMP", 1, LW_PURE, NULL, stddev_samp_step, stddev_samp_final, NULL, NULL},
    {"VAR_POP", 1, LW_PURE, NULL, var_pop_step, var_pop_final, NULL, NULL},
    {"VAR_SAMP", 1, LW_PURE, NULL, var_samp_step, var_samp_final, NULL, NULL},
};

int lw_django_register_generic(sqlite3 *db, char **pzErr)
{
    return lw_register_functions(
        db, generic_functions, sizeof generic_functions / sizeof generic_functions[0], NULL, pzErr);
}
