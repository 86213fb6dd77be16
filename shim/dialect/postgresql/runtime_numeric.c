/*
 * The postgresql dialect's numeric functions (registered by runtime.c): the
 * aggregates that replace SQLite's, and the functions the rewriter writes for
 * PostgreSQL's arithmetic on the types it knows (dialect/arith.c). NULL in gives NULL
 * out.
 *
 *   sum(X)                    replaces SQLite's: decimal text (NUMERIC columns) adds
 *                             exactly, integers past 64 bits continue as decimals
 *                             (aggregate and window function)
 *   avg(X)                    replaces SQLite's: integers and decimal text average to
 *                             a numeric with PostgreSQL's scale (1.5000000000000000),
 *                             reals to a double (aggregate and window function)
 *   pg_int2(X), pg_int4(X), pg_int8(X)   X, or 22003 "smallint/integer/bigint out of
 *                             range" when an integer operator's result left the type
 *                             (a REAL X is SQLite's bigint overflow)
 *   pg_int4(X, 'op', Y, ...)  the chain X op Y ... of integer operators, checked at
 *                             each step (22003, 22012), left to right
 *   pg_arith(OP, A, B)        A OP B for operands the rewriter cannot type: integers
 *                             checked (22003), doubles as float8, other text 0A000;
 *                             also the rewriter's / and % of integers (NULL before 22012)
 *   pg_farith(OP, A, B)       the same with A and B as doubles (float8 operators; a
 *                             numeric's text read as a double, as PostgreSQL casts it)
 *   pg_mod(A, B)              mod() of integers: 22012 for a zero divisor
 *   pg_ceil(X), pg_floor(X)   exact ceil/floor of a numeric
 *   pg_rint(X)                round() of a double: half to even, as PostgreSQL
 *   pg_nullif_numeric(A, B)   nullif(A, B) when one of them is a numeric and the other
 *                             is not: NULL when they are equal as numbers, else A
 *                             (SQLite's nullif would see 40 and the text '40' differ);
 *                             22P02 for a text that is not a number
 *   pg_random()               random(): a double in [0, 1)
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "decimal/decimal.h"
#include "dialect/postgresql/runtime_int.h"

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
            lw_pg_error(ctx, "22P02", "invalid input syntax for type numeric: \"%s\"", t ? t : "");
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
        lw_pg_error(ctx, "22003", "%s", lw_decimal_status_message(st));
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
        lw_pg_result_text(ctx, t, n);
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
        lw_pg_result_text(ctx, t, n);
    } else {
        lw_pg_error(ctx, "22003", "%s", lw_decimal_status_message(st));
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

static void random_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    uint64_t bits;
    sqlite3_randomness(sizeof bits, &bits);
    sqlite3_result_double(ctx, (double)(bits >> 11) / 9007199254740992.0);
}

/* ---- Arithmetic the rewriter types ----------------------------------------------- */

/* Error messages quote at most this many bytes of an operand. */
#define PG_QUOTED_OPERAND_MAX 64

/* 22003 for v outside the kind of bits. Returns 0 when it is inside. */
static int out_of_range(sqlite3_context *ctx, int64_t v, int bits)
{
    if (bits == 64 || (bits == 32 && v >= INT32_MIN && v <= INT32_MAX) ||
        (bits == 16 && v >= -32768 && v <= 32767))
        return 0;
    lw_pg_error(ctx, "22003", "%s out of range", lw_pg_int_type_name(bits));
    return -1;
}

/*
 * pg_int2(X), pg_int4(X), pg_int8(X): the integer result of an operator on operands of
 * that type, or 22003 when it left the type's range (SQLite computes in 64 bits and
 * turns a bigint overflow into a REAL).
 *
 * pg_int4(X, 'op', Y, 'op', Z, ...): the chain X op Y op Z ... computed left to right,
 * each step an integer operator of the type (+ - * / %) with PostgreSQL's errors: 22003
 * when a step leaves the type, 22012 for a zero divisor; NULL once an operand is NULL
 * (before a divisor is looked at). The rewriter writes sums as chains so that they nest
 * no deeper than their parentheses (dialect/arith.h).
 */
static void int_range_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int bits = lw_pg_variant(ctx) == 0 ? 16 : lw_pg_variant(ctx) == 1 ? 32 : 64;
    int t = sqlite3_value_type(argv[0]);
    if (t == SQLITE_NULL)
        return;
    if (argc == 1) {
        if (t != SQLITE_INTEGER || !out_of_range(ctx, sqlite3_value_int64(argv[0]), bits))
            t == SQLITE_INTEGER
                ? sqlite3_result_value(ctx, argv[0])
                : lw_pg_error(ctx, "22003", "%s out of range", lw_pg_int_type_name(bits));
        return;
    }
    if (argc % 2 == 0) {
        lw_result_errorf(ctx,
                         "pg_int%d(): expected operands and operators in turn, got %d "
                         "arguments",
                         bits / 8, argc);
        return;
    }
    int64_t v;
    double unused;
    char op[2] = {'+', 0};
    int kind = lw_pg_arith_operand(ctx, op, argv[0], &v, &unused);
    if (kind < 0)
        return;
    if (kind == 1 || out_of_range(ctx, v, bits)) {
        if (kind == 1)
            lw_pg_error(ctx, "22003", "%s out of range", lw_pg_int_type_name(bits));
        return;
    }
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *o = (const char *)sqlite3_value_text(argv[i]);
        if (!o || !o[0] || o[1] || !strchr("+-*/%", o[0])) {
            lw_result_errorf(ctx, "pg_int%d(): unknown operator '%s' in argument %d", bits / 8,
                             o ? o : "", i + 1);
            return;
        }
        op[0] = o[0];
        if (sqlite3_value_type(argv[i + 1]) == SQLITE_NULL)
            return; /* NULL from here on, as PostgreSQL's strict operators */
        int64_t b, r = 0;
        kind = lw_pg_arith_operand(ctx, op, argv[i + 1], &b, &unused);
        if (kind < 0)
            return;
        if (kind == 1) {
            lw_pg_error(ctx, "22003", "%s out of range", lw_pg_int_type_name(bits));
            return;
        }
        int overflow = 0;
        switch (op[0]) {
        case '+':
            overflow = __builtin_add_overflow(v, b, &r);
            break;
        case '-':
            overflow = __builtin_sub_overflow(v, b, &r);
            break;
        case '*':
            overflow = __builtin_mul_overflow(v, b, &r);
            break;
        default:
            if (b == 0) {
                lw_pg_error(ctx, "22012", "division by zero");
                return;
            }
            if (op[0] == '/') {
                overflow = v == INT64_MIN && b == -1;
                r = overflow ? 0 : v / b;
            } else {
                r = b == -1 ? 0 : v % b;
            }
            break;
        }
        if (overflow) {
            lw_pg_error(ctx, "22003", "%s out of range", lw_pg_int_type_name(bits));
            return;
        }
        if (out_of_range(ctx, r, bits))
            return;
        v = r;
    }
    sqlite3_result_int64(ctx, v);
}

/* An operand of pg_arith: an integer (INTEGER, or text that spells one) or a double.
 * Returns 0, 1 for a double, -1 after setting the error for anything else. */
int lw_pg_arith_operand(sqlite3_context *ctx, const char *op, sqlite3_value *v, int64_t *i,
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
    if (t == SQLITE_TEXT && s && lw_pg_parse_int(s, i) == 0)
        return 0;
    int n = s ? sqlite3_value_bytes(v) : 0;
    int shown = s ? (int)lw_utf8_quotable_prefix(s, (size_t)n, PG_QUOTED_OPERAND_MAX) : 0;
    lw_pg_error(ctx, "0A000",
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
/* A numeric's text (the rewriter typed the operand: a float8 operator's other side) as
 * a double, as PostgreSQL casts numeric to float8; 1 when v is such a text. */
static int numeric_text_as_double(sqlite3_value *v, double *d)
{
    if (sqlite3_value_type(v) != SQLITE_TEXT)
        return 0;
    const char *s = (const char *)sqlite3_value_text(v);
    char *end = NULL;
    if (!s || !*s)
        return 0;
    *d = strtod(s, &end);
    return end && *end == 0;
}

static void arith(sqlite3_context *ctx, const char *op, sqlite3_value *va, sqlite3_value *vb,
                  int as_double)
{
    int64_t a = 0, b = 0, r = 0;
    double x = 0, y = 0;
    int ra =
        as_double && numeric_text_as_double(va, &x) ? 1 : lw_pg_arith_operand(ctx, op, va, &a, &x);
    if (ra < 0)
        return;
    int rb =
        as_double && numeric_text_as_double(vb, &y) ? 1 : lw_pg_arith_operand(ctx, op, vb, &b, &y);
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
        lw_pg_error(ctx, "22012", "division by zero");
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
            lw_pg_error(ctx, "22003", "bigint out of range");
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
        lw_pg_error(ctx, "42883", "operator does not exist: double precision %% double precision");
        return;
    }
    if (isinf(v) && !isinf(x) && !isinf(y))
        lw_pg_error(ctx, "22003", "value out of range: overflow");
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
    arith(ctx, op, argv[1], argv[2], lw_pg_variant(ctx) == 1);
}

/* pg_mod(A, B): mod() of two integers (22012 for a zero divisor; SQLite's mod() would
 * answer NULL, and a double). */
static void mod_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (!lw_any_null(argc, argv))
        arith(ctx, "%", argv[0], argv[1], 0);
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
            lw_pg_error(ctx, "22P02", "invalid input syntax for type numeric: \"%s\"", s);
            return -1;
        }
    }
    if (st != LW_DECIMAL_OK) {
        lw_pg_error(ctx, "22003", "%s", lw_decimal_status_message(st));
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
    int ceil = lw_pg_variant(ctx) == 0;
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
            lw_pg_result_text(ctx, t, n);
        } else {
            lw_pg_error(ctx, "22003", "%s", lw_decimal_status_message(st));
        }
    }
    lw_decimal_clear(&x);
    lw_decimal_clear(&r);
    lw_decimal_clear(&one);
    lw_decimal_clear(&adjusted);
}

/* pg_nullif_numeric(A, B): PostgreSQL's nullif() compares with the = of the common
 * type, so nullif(40, avg(40)) is NULL; here 40 is an INTEGER and avg's numeric a
 * decimal text, which SQLite's nullif() finds different. */
static void nullif_numeric_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    int equal = 0;
    if (sqlite3_value_type(argv[1]) != SQLITE_NULL) {
        lw_decimal a, b;
        lw_decimal_init(&a);
        lw_decimal_init(&b);
        int ok = numeric_operand(ctx, argv[0], &a) == 0 && numeric_operand(ctx, argv[1], &b) == 0;
        equal = ok && lw_decimal_cmp(&a, &b) == 0;
        lw_decimal_clear(&a);
        lw_decimal_clear(&b);
        if (!ok)
            return;
    }
    if (!equal)
        sqlite3_result_value(ctx, argv[0]);
}

const lw_pg_function_def lw_pg_numeric_functions[] = {
    {{"sum", 1, LW_PURE, NULL, sum_step, sum_final, sum_value, sum_inverse}, 0, 0},
    {{"avg", 1, LW_PURE, NULL, sum_step, avg_final, avg_value, sum_inverse}, 0, 0},
    F("pg_random", 0, VOLATILE, random_func, 0, 0),
    F("pg_int2", 1, LW_PURE, int_range_func, 0, 0),
    F("pg_int4", 1, LW_PURE, int_range_func, 1, 0),
    F("pg_int8", 1, LW_PURE, int_range_func, 2, 0),
    F("pg_int2", -1, LW_PURE, int_range_func, 0, 0),
    F("pg_int4", -1, LW_PURE, int_range_func, 1, 0),
    F("pg_int8", -1, LW_PURE, int_range_func, 2, 0),
    F("pg_arith", 3, LW_PURE, arith_func, 0, 0),
    F("pg_farith", 3, LW_PURE, arith_func, 1, 0),
    F("pg_mod", 2, LW_PURE, mod_func, 0, 0),
    F("pg_ceil", 1, LW_PURE, ceil_floor_func, 0, 0),
    F("pg_rint", 1, LW_PURE, rint_func, 0, 0),
    F("pg_nullif_numeric", 2, LW_PURE, nullif_numeric_func, 0, 0),
    F("pg_floor", 1, LW_PURE, ceil_floor_func, 1, 0),
    LW_PG_END_OF_FUNCTIONS,
};
