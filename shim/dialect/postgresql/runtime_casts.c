/*
 * The postgresql dialect's casts and column checks (registered by runtime.c).
 *
 *   pg_cast(X, TYPE [, N [, R]])   PostgreSQL's explicit cast to int2, int4, int8,
 *                             bool, uuid, json, jsonb, date, timestamp, timestamptz,
 *                             time, timetz, interval (N the precision, R an interval's
 *                             fields: runtime_datetime.c), varchar(N), bpchar(N), text,
 *                             float8, bytea, regnamespace
 *                             (a double rounds half to even to an integer)
 *   pg_cast_numeric(X, TYPE)  X a numeric (decimal text) cast to int2, int4 or int8:
 *                             rounded half away from zero, 22003 out of range
 *   pg_assign(X, TYPE [, N [, S]])   the same checks for a value stored in a column
 *                             (a too long varchar is 22001 instead of cut, a fraction
 *                             in an integer column 22P02)
 *   pg_bool_text(X)           't' or 'f'
 */
#include <math.h>
#include <string.h>

#include "common/hex.h"
#include "decimal/decimal.h"
#include "dialect/postgresql/runtime_int.h"

static int type_is(const char *type, const char *name)
{
    return strcmp(type, name) == 0;
}

/* Parses text as a PostgreSQL integer literal (spaces around allowed). */
int lw_pg_parse_int(const char *s, int64_t *out)
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

const char *lw_pg_int_type_name(int bits)
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
        const char *s = lw_pg_arg_text(&value, 0, &n);
        st = s ? lw_decimal_from_text(&d, s, n) : LW_DECIMAL_NOMEM;
        if (st == LW_DECIMAL_INVALID) {
            lw_pg_error(ctx, "22P02", "invalid input syntax for type numeric: \"%s\"", s);
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
            rc = lw_pg_parse_int(buf, out) == 0 ? 0 : -2;
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
            lw_pg_error(ctx, "22003", "%s out of range", lw_pg_int_type_name(bits));
            return -1;
        }
    } else if (t == SQLITE_FLOAT) {
        /* float8's casts round half to even (rint), then check the range exactly:
         * 2^63 itself is out of range for a bigint. */
        double r = rint(sqlite3_value_double(value));
        if (!(r >= -9223372036854775808.0 && r < 9223372036854775808.0)) {
            lw_pg_error(ctx, "22003", "%s out of range", lw_pg_int_type_name(bits));
            return -1;
        }
        v = (int64_t)r;
    } else {
        const char *s = (const char *)sqlite3_value_text(value);
        int rc = s ? lw_pg_parse_int(s, &v) : -1;
        if (rc == -1) {
            lw_pg_error(ctx, "22P02", "invalid input syntax for type %s: \"%s\"",
                        lw_pg_int_type_name(bits), s ? s : "");
            return -1;
        }
        if (rc == -2) {
            lw_pg_error(ctx, "22003", "value \"%s\" is out of range for type %s", s,
                        lw_pg_int_type_name(bits));
            return -1;
        }
    }
    int64_t lo = bits == 16 ? -32768 : bits == 32 ? INT32_MIN : INT64_MIN;
    int64_t hi = bits == 16 ? 32767 : bits == 32 ? INT32_MAX : INT64_MAX;
    if (v < lo || v > hi) {
        lw_pg_error(ctx, "22003", "%s out of range", lw_pg_int_type_name(bits));
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
 * pg_cast(X, TYPE [, N [, R]]) (variant 0), pg_assign (1) and pg_cast_numeric (2): the
 * value of X as TYPE, with PostgreSQL's input checks and errors. For the date and time
 * types N is the precision and R an interval's range of fields (pgtime.h; -1 for every
 * field, as N -1 is the full precision).
 */
enum { CAST = 0, ASSIGN = 1, CAST_NUMERIC = 2 };

static void cast(sqlite3_context *ctx, int argc, sqlite3_value **argv, int variant)
{
    int assign = variant == ASSIGN;
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
            lw_pg_error(ctx, "22P02", "invalid input syntax for type %s: \"%s\"",
                        lw_pg_int_type_name(bits), (const char *)sqlite3_value_text(value));
            return;
        }
        if (cast_int(ctx, value, bits, variant == CAST_NUMERIC, &iv) == 0)
            sqlite3_result_int64(ctx, iv);
    } else if (type_is(type, "bool")) {
        int t = sqlite3_value_type(value), b;
        if (t == SQLITE_INTEGER) {
            sqlite3_result_int(ctx, sqlite3_value_int64(value) != 0);
            return;
        }
        s = (const char *)sqlite3_value_text(value);
        if (!s || parse_bool(s, &b))
            lw_pg_error(ctx, "22P02", "invalid input syntax for type boolean: \"%s\"", s ? s : "");
        else
            sqlite3_result_int(ctx, b);
    } else if (type_is(type, "varchar") || type_is(type, "bpchar")) {
        s = lw_pg_arg_text(argv, 0, &n);
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
                        lw_pg_error(ctx, "22001", "value too long for type %s(%lld)",
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
        lw_pg_result_text(ctx, out, out_n);
    } else if (type_is(type, "uuid")) {
        char out[37];
        s = lw_pg_arg_text(argv, 0, &n);
        if (lw_pg_uuid_canon(s, n, out))
            lw_pg_error(ctx, "22P02", "invalid input syntax for type uuid: \"%s\"", s);
        else
            sqlite3_result_text(ctx, out, 36, SQLITE_TRANSIENT);
    } else if (type_is(type, "json") || type_is(type, "jsonb")) {
        size_t out_n;
        s = lw_pg_arg_text(argv, 0, &n);
        char *norm = lw_pg_jsonb_or_error(ctx, s, n, &out_n);
        if (!norm)
            return;
        if (type_is(type, "json")) {
            /* json keeps the text as written; it only had to be valid. */
            sqlite3_free(norm);
            sqlite3_result_value(ctx, value);
        } else {
            sqlite3_result_text64(ctx, norm, out_n, sqlite3_free, SQLITE_UTF8);
        }
        sqlite3_result_subtype(ctx, JSON_SUBTYPE);
    } else if (lw_pg_time_cast(
                   ctx, sqlite3_user_data(ctx), value, type,
                   argc > 3 ? pg_interval_typmod(sqlite3_value_int64(argv[3]) >= 0
                                                     ? (int)sqlite3_value_int64(argv[3])
                                                     : PG_IV_FULL_RANGE,
                                                 typmod >= 0 ? (int)typmod : PG_IV_FULL_PRECISION)
                   : argc > 2 && !strcmp(type, "interval")
                       ? pg_interval_typmod(PG_IV_FULL_RANGE, (int)typmod)
                       : (int)typmod)) {
        /* date, timestamp, timestamptz, time, timetz, interval (runtime_datetime.c) */
    } else if (type_is(type, "text")) {
        int t = sqlite3_value_type(value);
        if (t == SQLITE_TEXT)
            sqlite3_result_value(ctx, value);
        else if (t == SQLITE_BLOB)
            lw_pg_error(ctx, "0A000",
                        "casting bytea to text is not supported by the postgresql "
                        "dialect: use encode()");
        else
            sqlite3_result_text(ctx, (const char *)sqlite3_value_text(value), -1, SQLITE_TRANSIENT);
    } else if (type_is(type, "bytea")) {
        if (sqlite3_value_type(value) == SQLITE_BLOB) {
            sqlite3_result_value(ctx, value);
            return;
        }
        s = lw_pg_arg_text(argv, 0, &n);
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
                    lw_pg_error(ctx, "22P02", "invalid hexadecimal data: odd number of digits");
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
                    lw_pg_error(ctx, "22P02", "invalid input syntax for type bytea");
                    return;
                }
            }
        }
        sqlite3_result_blob64(ctx, buf, k, sqlite3_free);
    } else if (type_is(type, "float8")) {
        if (sqlite3_value_numeric_type(value) == SQLITE_TEXT) {
            s = (const char *)sqlite3_value_text(value);
            lw_pg_error(ctx, "22P02", "invalid input syntax for type double precision: \"%s\"", s);
            return;
        }
        sqlite3_result_double(ctx, sqlite3_value_double(value));
    } else if (type_is(type, "regnamespace")) {
        /* The schemas a PostgreSQL database has, by their oids; the dialect's tables
         * are all in public (catalog.c). */
        if (sqlite3_value_type(value) == SQLITE_INTEGER) {
            sqlite3_result_value(ctx, value);
            return;
        }
        s = (const char *)sqlite3_value_text(value);
        if (s && !strcmp(s, "public"))
            sqlite3_result_int(ctx, 2200);
        else if (s && !strcmp(s, "pg_catalog"))
            sqlite3_result_int(ctx, 11);
        else
            lw_pg_error(ctx, "3F000", "schema \"%s\" does not exist", s ? s : "");
    } else {
        lw_result_errorf(ctx, "pg_cast(): unknown type '%s' in argument 2", type);
    }
}

static void bool_text_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (lw_any_null(argc, argv))
        return;
    sqlite3_result_text(ctx, sqlite3_value_int64(argv[0]) ? "t" : "f", 1, SQLITE_STATIC);
}

static void cast_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    cast(ctx, argc, argv, CAST);
}

static void assign_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    cast(ctx, argc, argv, ASSIGN);
}

static void cast_numeric_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    cast(ctx, argc, argv, CAST_NUMERIC);
}

/* Stateful: the date and time types read the session's TimeZone and IntervalStyle. */
const lw_pg_function_def lw_pg_casts_functions[] = {
    F("pg_cast", 2, LW_PURE, cast_func, 0, 1),
    F("pg_cast", 3, LW_PURE, cast_func, 0, 1),
    F("pg_cast", 4, LW_PURE, cast_func, 0, 1),
    F("pg_assign", 2, LW_PURE, assign_func, 0, 1),
    F("pg_assign", 3, LW_PURE, assign_func, 0, 1),
    F("pg_assign", 4, LW_PURE, assign_func, 0, 1),
    F("pg_cast_numeric", 2, LW_PURE, cast_numeric_func, 0, 1),
    F("pg_bool_text", 1, LW_PURE, bool_text_func, 0, 0),
    LW_PG_END_OF_FUNCTIONS,
};
