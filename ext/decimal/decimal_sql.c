/*
 * SQL functions of the decimal module: exact decimals with PostgreSQL 15 `numeric`
 * results, digit for digit (docs/decimal.md).
 *
 *   decimal(X)                    X in canonical text: no exponent, the scale kept
 *   decimal(X, P, S)              X as numeric(P, S): rounded half away from zero to S
 *                                 places; "numeric field overflow" past P - S digits
 *   decimal_add(A, B), decimal_sub(A, B)   exact; scale max(A, B)
 *   decimal_mul(A, B)             exact; scale A + B
 *   decimal_div(A, B [, S])       rounded to PostgreSQL's select_div_scale() or to S
 *   decimal_mod(A, B)             A - B * trunc(A / B), the sign of A
 *   decimal_chain(A, OP, B [, OP, B]...)   ((A OP B) OP C) ... (OP one of + - * / %),
 *                                 each step as the function of its operator: one flat
 *                                 call for a long chain (SQLite's parser stack is 100
 *                                 deep); NULL once a step meets NULL
 *   decimal_neg(X), decimal_abs(X)
 *   decimal_round(X [, S]), decimal_trunc(X [, S])   S defaults to 0, may be negative
 *   decimal_cmp(A, B)             -1, 0 or 1 ('1.0' equals '1')
 *   decimal_sum(X), decimal_avg(X), decimal_min(X), decimal_max(X)
 *                                 aggregates and window functions; NULL for no rows
 *   COLLATE DECIMAL               numeric order of decimal text; malformed text sorts
 *                                 after every number, in byte order
 *
 * Inputs: TEXT (sign, fraction, exponent, surrounding spaces), INTEGER exactly, REAL
 * through its shortest round-trip text. Results are TEXT (cmp: INTEGER). NULL in any
 * argument gives NULL; aggregates skip NULLs. Errors name the function and the
 * argument: malformed text, BLOBs and infinities ("invalid decimal value"), division
 * by zero, results beyond PostgreSQL's limits (131072 digits before the point, 16383
 * after: "value overflows numeric format").
 */
#include "decimal/decimal_sql.h"
#include "common/glue.h"
#include "common/utf8.h"
#include "decimal/decimal.h"

#include <string.h>

/* Error messages quote at most this many bytes of an offending value. */
#define QUOTED_VALUE_MAX 64

/* Sets the error result for text that lw_decimal_from_text() refused with status;
 * out of line, so that the callers' paths for valid text stay short. */
static __attribute__((noinline)) void text_decimal_error(sqlite3_context *ctx, const char *fn,
                                                         int i, const char *text, int len,
                                                         lw_decimal_status status)
{
    int shown = (int)lw_utf8_quotable_prefix(text, (size_t)len, QUOTED_VALUE_MAX);
    const char *more = shown < len ? "..." : "";
    if (status == LW_DECIMAL_INVALID)
        lw_result_errorf(ctx,
                         "%s(): invalid decimal value '%.*q%s' in argument %d "
                         "(invalid input syntax for type numeric: \"%.*s%s\")",
                         fn, shown, text, more, i + 1, shown, text, more);
    else if (status == LW_DECIMAL_NOMEM)
        sqlite3_result_error_nomem(ctx);
    else
        lw_result_errorf(ctx, "%s(): %s in argument %d: '%.*q%s'", fn,
                         lw_decimal_status_message(status), i + 1, shown, text, more);
}

/* arg_decimal() for TEXT (text NULL: out of memory). */
static inline int text_decimal(sqlite3_context *ctx, const char *fn, int i, const char *text,
                               int len, lw_decimal *d)
{
    if (text == NULL) {
        sqlite3_result_error_nomem(ctx);
        return 0;
    }
    lw_decimal_status status = lw_decimal_from_text(d, text, (size_t)len);
    if (status == LW_DECIMAL_OK)
        return 1;
    text_decimal_error(ctx, fn, i, text, len, status);
    return 0;
}

/*
 * Reads argument i of fn into d. Returns 1, -1 for NULL (no result set), or 0 after
 * setting an error result naming the function, the argument and the value.
 */
static int arg_decimal(sqlite3_context *ctx, const char *fn, sqlite3_value **argv, int i,
                       lw_decimal *d)
{
    sqlite3_value *v = argv[i];
    lw_decimal_status status;
    switch (sqlite3_value_type(v)) {
    case SQLITE_NULL:
        return -1;
    case SQLITE_INTEGER:
        lw_decimal_from_int64(d, sqlite3_value_int64(v));
        return 1;
    case SQLITE_FLOAT:
        status = lw_decimal_from_double(d, sqlite3_value_double(v));
        if (status == LW_DECIMAL_INVALID) {
            lw_result_errorf(ctx, "%s(): invalid decimal value %!.15g in argument %d", fn,
                             sqlite3_value_double(v), i + 1);
            return 0;
        }
        break;
    case SQLITE_BLOB:
        lw_result_errorf(ctx, "%s(): invalid decimal value in argument %d: a blob", fn, i + 1);
        return 0;
    default:
        return text_decimal(ctx, fn, i, (const char *)sqlite3_value_text(v), sqlite3_value_bytes(v),
                            d);
    }
    if (status != LW_DECIMAL_OK) {
        lw_result_errorf(ctx, "%s(): %s in argument %d", fn, lw_decimal_status_message(status),
                         i + 1);
        return 0;
    }
    return 1;
}

/*
 * Constant operands ('0.01' in decimal_add(x, '0.01')) are parsed once per statement
 * rather than once per row. SQLite keeps a function's auxiliary data for an argument
 * only while that argument is a constant, but attaching it costs SQLite an
 * allocation, which for a column argument it frees again after every call. So a value
 * is only attached once it looks constant: the same text at the same address on two
 * calls, which a literal or a bound parameter gives and a table's rows do not. A small
 * per-connection memo of the last texts seen, by address, tells; its bytes are
 * compared too, so a reused buffer now holding other text never matches. Whether or
 * not the guess is right, the value used is the value of the text.
 */
#define MEMO_SLOTS 4
#define MEMO_TEXT_MAX 32

typedef struct memo_slot {
    uintptr_t address; /* where the text was seen; compared, never dereferenced */
    int len;           /* 0: empty slot */
    char bytes[MEMO_TEXT_MAX];
    lw_decimal value; /* on the fast path */
} memo_slot;

/* The user data of every decimal function of a connection. */
typedef struct decimal_state {
    lw_shared shared;
    memo_slot memo[MEMO_SLOTS];
} decimal_state;

static void decimal_state_destroy(lw_shared *shared)
{
    sqlite3_free(shared);
}

/*
 * The attached value fits a pointer, so attaching allocates nothing of ours and
 * nothing needs freeing: bit 0 set (never NULL), the scale in bits 1-8 and the
 * unscaled value in the upper 55 bits. Other values are not attached.
 */
#define ATTACHED_SCALE_BITS 8
#define ATTACHED_VALUE_SHIFT (1 + ATTACHED_SCALE_BITS)
#define ATTACHED_VALUE_LIMIT ((int64_t)1 << (63 - ATTACHED_VALUE_SHIFT))

/* The value attached to argument i by an earlier call in this statement; 0 if none. */
static int attached_decimal(sqlite3_context *ctx, int i, lw_decimal *d)
{
    uint64_t bits = (uint64_t)(uintptr_t)sqlite3_get_auxdata(ctx, i);
    if (bits == 0)
        return 0;
    /* An arithmetic shift of the signed word (what GCC and Clang do) brings the
     * value's sign back. */
    d->small = (int64_t)bits >> ATTACHED_VALUE_SHIFT;
    d->scale = (int32_t)((bits >> 1) & ((1u << ATTACHED_SCALE_BITS) - 1));
    d->is_big = 0;
    return 1;
}

static void attach_decimal(sqlite3_context *ctx, int i, const lw_decimal *d)
{
    if (sizeof(void *) < sizeof(uint64_t) || d->is_big || d->small >= ATTACHED_VALUE_LIMIT ||
        d->small < -ATTACHED_VALUE_LIMIT || d->scale >= (1 << ATTACHED_SCALE_BITS))
        return;
    uint64_t bits =
        ((uint64_t)(int64_t)d->small << ATTACHED_VALUE_SHIFT) | ((uint64_t)d->scale << 1) | 1u;
    /* No destructor: SQLite may drop the value at any time without a leak. */
    sqlite3_set_auxdata(ctx, i, (void *)(uintptr_t)bits, NULL);
}

/*
 * arg_decimal() for an operand that is usually a constant (the second operand of
 * the binary functions): the same value, error and NULL rules, through the attached
 * value and the memo above.
 */
static int arg_decimal_operand(sqlite3_context *ctx, const char *fn, sqlite3_value **argv, int i,
                               lw_decimal *d)
{
    if (attached_decimal(ctx, i, d))
        return 1;
    sqlite3_value *v = argv[i];
    if (sqlite3_value_type(v) != SQLITE_TEXT)
        return arg_decimal(ctx, fn, argv, i, d);
    const char *text = (const char *)sqlite3_value_text(v);
    int len = sqlite3_value_bytes(v);
    if (text == NULL || len <= 0 || len > MEMO_TEXT_MAX)
        return text_decimal(ctx, fn, i, text, len, d);
    decimal_state *state = sqlite3_user_data(ctx);
    uintptr_t address = (uintptr_t)text;
    memo_slot *slot = &state->memo[(address >> 4) % MEMO_SLOTS];
    if (slot->address == address && slot->len == len &&
        memcmp(slot->bytes, text, (size_t)len) == 0) {
        *d = slot->value;
        attach_decimal(ctx, i, d);
        return 1;
    }
    int rc = text_decimal(ctx, fn, i, text, len, d);
    if (rc > 0 && !d->is_big) {
        slot->address = address;
        slot->len = len;
        memcpy(slot->bytes, text, (size_t)len);
        slot->value = *d;
    }
    return rc;
}

/*
 * Reads integer argument i of fn (a scale or a precision) into *out, saturated to the
 * int32 range. Same return convention as arg_decimal().
 */
static int arg_int(sqlite3_context *ctx, const char *fn, sqlite3_value **argv, int i, int32_t *out)
{
    sqlite3_value *v = argv[i];
    if (sqlite3_value_type(v) == SQLITE_NULL)
        return -1;
    if (sqlite3_value_numeric_type(v) != SQLITE_INTEGER) {
        lw_result_errorf(ctx, "%s(): argument %d must be an integer, got '%.64q'", fn, i + 1,
                         (const char *)sqlite3_value_text(v));
        return 0;
    }
    sqlite3_int64 n = sqlite3_value_int64(v);
    *out = n > INT32_MAX ? INT32_MAX : n < INT32_MIN + 1 ? INT32_MIN + 1 : (int32_t)n;
    return 1;
}

/* Sets d as the text result. */
static void result_decimal(sqlite3_context *ctx, const lw_decimal *d)
{
    char buf[128];
    size_t size = lw_decimal_text_size(d);
    if (size <= sizeof buf) {
        size_t len = lw_decimal_format(d, buf);
        sqlite3_result_text(ctx, buf, (int)len, SQLITE_TRANSIENT);
        return;
    }
    size_t len = 0;
    char *text = lw_decimal_to_text(d, &len);
    if (text == NULL)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text64(ctx, text, len, sqlite3_free, SQLITE_UTF8);
}

/* Sets the result for an operation's status: the value, or the error. */
static void result_status(sqlite3_context *ctx, const char *fn, lw_decimal_status status,
                          const lw_decimal *d)
{
    if (status == LW_DECIMAL_OK)
        result_decimal(ctx, d);
    else if (status == LW_DECIMAL_NOMEM)
        sqlite3_result_error_nomem(ctx);
    else
        lw_result_errorf(ctx, "%s(): %s", fn, lw_decimal_status_message(status));
}

/* decimal(X) and decimal(X, P, S) */
static void decimal_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lw_decimal d;
    lw_decimal_init(&d);
    int32_t precision = 0, scale = 0;
    if (arg_decimal(ctx, "decimal", argv, 0, &d) <= 0)
        goto done;
    if (argc == 3) {
        if (arg_int(ctx, "decimal", argv, 1, &precision) <= 0 ||
            arg_int(ctx, "decimal", argv, 2, &scale) <= 0)
            goto done;
        lw_decimal_status status = lw_decimal_typmod(&d, precision, scale);
        int32_t max_digits = precision - scale;
        switch (status) {
        case LW_DECIMAL_BAD_PRECISION:
            lw_result_errorf(ctx, "decimal(): NUMERIC precision %d must be between 1 and %d",
                             precision, LW_DECIMAL_MAX_PRECISION);
            goto done;
        case LW_DECIMAL_BAD_SCALE:
            lw_result_errorf(ctx, "decimal(): NUMERIC scale %d must be between %d and %d", scale,
                             -LW_DECIMAL_MAX_PRECISION, LW_DECIMAL_MAX_PRECISION);
            goto done;
        case LW_DECIMAL_FIELD_OVERFLOW:
            lw_result_errorf(ctx,
                             "decimal(): numeric field overflow: a field with precision %d, "
                             "scale %d must round to an absolute value less than %s%d",
                             precision, scale, max_digits ? "10^" : "",
                             max_digits ? max_digits : 1);
            goto done;
        default:
            result_status(ctx, "decimal", status, &d);
            goto done;
        }
    }
    result_decimal(ctx, &d);
done:
    lw_decimal_clear(&d);
}

typedef lw_decimal_status (*binary_op)(lw_decimal *, const lw_decimal *, const lw_decimal *);

/* Runs a binary operation for fn on its two arguments. */
static void binary_func(sqlite3_context *ctx, sqlite3_value **argv, const char *fn, binary_op op)
{
    lw_decimal a, b, r;
    lw_decimal_init(&a);
    lw_decimal_init(&b);
    lw_decimal_init(&r);
    if (arg_decimal(ctx, fn, argv, 0, &a) > 0 && arg_decimal_operand(ctx, fn, argv, 1, &b) > 0)
        result_status(ctx, fn, op(&r, &a, &b), &r);
    lw_decimal_clear(&a);
    lw_decimal_clear(&b);
    lw_decimal_clear(&r);
}

static void add_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    binary_func(ctx, argv, "decimal_add", lw_decimal_add);
}

static void sub_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    binary_func(ctx, argv, "decimal_sub", lw_decimal_sub);
}

static void mul_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    binary_func(ctx, argv, "decimal_mul", lw_decimal_mul);
}

static void mod_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    binary_func(ctx, argv, "decimal_mod", lw_decimal_mod);
}

/* decimal_div(A, B [, S]) */
static void div_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lw_decimal a, b, r;
    lw_decimal_init(&a);
    lw_decimal_init(&b);
    lw_decimal_init(&r);
    int32_t scale = LW_DECIMAL_DIV_AUTO_SCALE;
    if (arg_decimal(ctx, "decimal_div", argv, 0, &a) > 0 &&
        arg_decimal_operand(ctx, "decimal_div", argv, 1, &b) > 0 &&
        (argc < 3 || arg_int(ctx, "decimal_div", argv, 2, &scale) > 0))
        result_status(ctx, "decimal_div", lw_decimal_div(&r, &a, &b, scale), &r);
    lw_decimal_clear(&a);
    lw_decimal_clear(&b);
    lw_decimal_clear(&r);
}

/* decimal_div at the scale PostgreSQL selects: a binary_op for decimal_chain. */
static lw_decimal_status div_auto(lw_decimal *r, const lw_decimal *a, const lw_decimal *b)
{
    return lw_decimal_div(r, a, b, LW_DECIMAL_DIV_AUTO_SCALE);
}

/*
 * decimal_chain(A, OP, B [, OP, B]...): ((A OP B) OP C) ... for OP one of + - * / %, in
 * one call where nested decimal_add() ... calls would nest as deep as the chain is long
 * (SQLite's parser stack is 100 deep). Each step is the function of its operator,
 * decimal_add ... decimal_mod, and its errors read as that call's would (its name, and
 * argument 1 for A, 2 for a step's B); a NULL makes the result NULL and the operands
 * after it unread, as the nested calls would leave them.
 */
static void chain_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char ops[] = "+-*/%";
    static const char *const names[] = {"decimal_add", "decimal_sub", "decimal_mul", "decimal_div",
                                        "decimal_mod"};
    static const binary_op fns[] = {lw_decimal_add, lw_decimal_sub, lw_decimal_mul, div_auto,
                                    lw_decimal_mod};
    if (argc < 3 || argc % 2 == 0) {
        lw_result_errorf(ctx, "decimal_chain(): %d arguments, expected A, OP, B [, OP, B]...",
                         argc);
        return;
    }
    lw_decimal v, b, r;
    lw_decimal_init(&v);
    lw_decimal_init(&b);
    lw_decimal_init(&r);
    int rc = 1;
    for (int i = 1; rc > 0 && i < argc; i += 2) {
        const char *op = (const char *)sqlite3_value_text(argv[i]);
        const char *at = op && op[0] && !op[1] ? strchr(ops, op[0]) : NULL;
        if (!at) {
            lw_result_errorf(ctx, "decimal_chain(): unknown operator '%.8q' in argument %d",
                             op ? op : "", i + 1);
            rc = 0;
            break;
        }
        int k = (int)(at - ops);
        /* The step's own call: argument 1 its left operand, 2 its right one. */
        sqlite3_value *step[2] = {argv[0], argv[i + 1]};
        if (i == 1 && (rc = arg_decimal(ctx, names[k], step, 0, &v)) <= 0)
            break;
        lw_decimal_clear(&b);
        if ((rc = arg_decimal(ctx, names[k], step, 1, &b)) <= 0)
            break;
        lw_decimal_status status = fns[k](&r, &v, &b);
        if (status != LW_DECIMAL_OK) {
            result_status(ctx, names[k], status, &r);
            rc = 0;
            break;
        }
        lw_decimal_clear(&v);
        v = r;
        lw_decimal_init(&r);
    }
    if (rc > 0)
        result_decimal(ctx, &v);
    lw_decimal_clear(&v);
    lw_decimal_clear(&b);
    lw_decimal_clear(&r);
}

typedef lw_decimal_status (*unary_op)(lw_decimal *, const lw_decimal *);

static void unary_func(sqlite3_context *ctx, sqlite3_value **argv, const char *fn, unary_op op)
{
    lw_decimal a, r;
    lw_decimal_init(&a);
    lw_decimal_init(&r);
    if (arg_decimal(ctx, fn, argv, 0, &a) > 0)
        result_status(ctx, fn, op(&r, &a), &r);
    lw_decimal_clear(&a);
    lw_decimal_clear(&r);
}

static void neg_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    unary_func(ctx, argv, "decimal_neg", lw_decimal_neg);
}

static void abs_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    unary_func(ctx, argv, "decimal_abs", lw_decimal_abs);
}

/* decimal_round(X [, S]) and decimal_trunc(X [, S]) */
static void round_common(sqlite3_context *ctx, int argc, sqlite3_value **argv, const char *fn,
                         int truncate)
{
    lw_decimal a, r;
    lw_decimal_init(&a);
    lw_decimal_init(&r);
    int32_t scale = 0;
    if (arg_decimal(ctx, fn, argv, 0, &a) > 0 &&
        (argc < 2 || arg_int(ctx, fn, argv, 1, &scale) > 0))
        result_status(ctx, fn, lw_decimal_round(&r, &a, scale, truncate), &r);
    lw_decimal_clear(&a);
    lw_decimal_clear(&r);
}

static void round_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    round_common(ctx, argc, argv, "decimal_round", 0);
}

static void trunc_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    round_common(ctx, argc, argv, "decimal_trunc", 1);
}

/* decimal_cmp(A, B) */
static void cmp_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    lw_decimal a, b;
    lw_decimal_init(&a);
    lw_decimal_init(&b);
    if (arg_decimal(ctx, "decimal_cmp", argv, 0, &a) > 0 &&
        arg_decimal(ctx, "decimal_cmp", argv, 1, &b) > 0)
        sqlite3_result_int(ctx, lw_decimal_cmp(&a, &b));
    lw_decimal_clear(&a);
    lw_decimal_clear(&b);
}

/* ---- decimal_sum and decimal_avg ------------------------------------------------ */

/* How many rows of the current frame have one scale. */
typedef struct scale_count {
    int32_t scale;
    int64_t rows;
} scale_count;

/* Scales below this are counted in a fixed array; larger ones in a list. */
#define SMALL_SCALES 32
/* sum_update() counts the scales of lw_decimal_accumulate_text() (at most 19) here. */
_Static_assert(SMALL_SCALES > 19, "plain-text scales must be small scales");

/*
 * State of decimal_sum/decimal_avg, zero-filled by SQLite. The running sum is kept at
 * the largest scale seen; the result has the largest scale among the rows still in
 * the window frame, as PostgreSQL's (which restarts the aggregate when that row
 * leaves), so the rows per scale are counted.
 */
typedef struct sum_state {
    lw_decimal sum;
    int64_t rows;
    int64_t rows_by_scale[SMALL_SCALES];
    scale_count *large_scales;
    int n_large;
    int cap_large;
} sum_state;

/* Adds delta rows of the given scale; 0 when out of memory. */
static int count_scale(sum_state *st, int32_t scale, int64_t delta)
{
    if (scale < SMALL_SCALES) {
        st->rows_by_scale[scale] += delta;
        return 1;
    }
    for (int i = 0; i < st->n_large; i++) {
        if (st->large_scales[i].scale == scale) {
            st->large_scales[i].rows += delta;
            return 1;
        }
    }
    if (st->n_large == st->cap_large) {
        int cap = st->cap_large ? st->cap_large * 2 : 4;
        scale_count *grown =
            sqlite3_realloc64(st->large_scales, (sqlite3_uint64)cap * sizeof *grown);
        if (grown == NULL)
            return 0;
        st->large_scales = grown;
        st->cap_large = cap;
    }
    st->large_scales[st->n_large].scale = scale;
    st->large_scales[st->n_large].rows = delta;
    st->n_large++;
    return 1;
}

/* The largest scale among the rows counted now. */
static int32_t frame_scale(const sum_state *st)
{
    int32_t scale = 0;
    for (int i = 0; i < st->n_large; i++) {
        if (st->large_scales[i].rows > 0 && st->large_scales[i].scale > scale)
            scale = st->large_scales[i].scale;
    }
    for (int32_t s = SMALL_SCALES - 1; s > scale; s--) {
        if (st->rows_by_scale[s] > 0)
            return s;
    }
    return scale;
}

/* Adds (sign 1) or removes (sign -1) one row. */
static void sum_update(sqlite3_context *ctx, sqlite3_value **argv, const char *fn, int sign)
{
    sum_state *st = sqlite3_aggregate_context(ctx, sizeof *st);
    if (st == NULL) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    /* Nearly every row is plain decimal text: it is added straight into the running
     * sum, without building a value. */
    if (sqlite3_value_type(argv[0]) == SQLITE_TEXT) {
        const char *text = (const char *)sqlite3_value_text(argv[0]);
        int32_t scale;
        if (text != NULL &&
            lw_decimal_accumulate_text(&st->sum, text, (size_t)sqlite3_value_bytes(argv[0]),
                                       sign < 0, &scale)) {
            /* At most 19 fraction digits: always one of the counted small scales. */
            st->rows_by_scale[scale] += sign;
            st->rows += sign;
            return;
        }
    }
    lw_decimal x;
    lw_decimal_init(&x);
    if (arg_decimal(ctx, fn, argv, 0, &x) <= 0)
        goto done;
    lw_decimal_status status =
        sign > 0 ? lw_decimal_add(&st->sum, &st->sum, &x) : lw_decimal_sub(&st->sum, &st->sum, &x);
    if (status != LW_DECIMAL_OK) {
        result_status(ctx, fn, status, NULL);
        goto done;
    }
    if (!count_scale(st, x.scale, sign)) {
        sqlite3_result_error_nomem(ctx);
        goto done;
    }
    st->rows += sign;
done:
    lw_decimal_clear(&x);
}

static void sum_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sum_update(ctx, argv, "decimal_sum", 1);
}

static void sum_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sum_update(ctx, argv, "decimal_sum", -1);
}

static void avg_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sum_update(ctx, argv, "decimal_avg", 1);
}

static void avg_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sum_update(ctx, argv, "decimal_avg", -1);
}

/* Sets the sum (or the average) of the rows in the frame, NULL for none. */
static void sum_result(sqlite3_context *ctx, const char *fn, int average)
{
    sum_state *st = sqlite3_aggregate_context(ctx, 0);
    if (st == NULL || st->rows == 0) {
        sqlite3_result_null(ctx);
        return;
    }
    int32_t scale = frame_scale(st);
    lw_decimal value, count;
    lw_decimal_init(&value);
    lw_decimal_init(&count);
    /* Exact: the rows left in the frame have no digits beyond this scale. */
    lw_decimal_status status = lw_decimal_round(&value, &st->sum, scale, 1);
    if (status == LW_DECIMAL_OK && average) {
        lw_decimal_from_int64(&count, st->rows);
        status = lw_decimal_div(&value, &value, &count, LW_DECIMAL_DIV_AUTO_SCALE);
    }
    result_status(ctx, fn, status, &value);
    lw_decimal_clear(&value);
    lw_decimal_clear(&count);
}

static void sum_free(sqlite3_context *ctx)
{
    sum_state *st = sqlite3_aggregate_context(ctx, 0);
    if (st != NULL) {
        lw_decimal_clear(&st->sum);
        sqlite3_free(st->large_scales);
        st->large_scales = NULL;
    }
}

static void sum_value(sqlite3_context *ctx)
{
    sum_result(ctx, "decimal_sum", 0);
}

static void sum_final(sqlite3_context *ctx)
{
    sum_result(ctx, "decimal_sum", 0);
    sum_free(ctx);
}

static void avg_value(sqlite3_context *ctx)
{
    sum_result(ctx, "decimal_avg", 1);
}

static void avg_final(sqlite3_context *ctx)
{
    sum_result(ctx, "decimal_avg", 1);
    sum_free(ctx);
}

/* ---- decimal_min and decimal_max ------------------------------------------------- */

/* One candidate of the frame's extreme and the position of its row. */
typedef struct extreme_entry {
    lw_decimal value;
    int64_t row;
} extreme_entry;

/*
 * State of decimal_min/decimal_max, zero-filled by SQLite: a monotonic queue of the
 * rows that can still become the extreme as older rows leave the window frame (rows
 * leave in the order they came). The front is the extreme; among equal values the
 * latest row wins, as PostgreSQL's numeric_smaller/numeric_larger keep the newer of
 * two equal values. Plain aggregates never remove rows; the queue then still holds
 * only the rows not dominated by a later one.
 */
typedef struct extreme_state {
    extreme_entry *entries;
    int64_t head, tail, cap; /* live entries are [head, tail) */
    int64_t rows_added, rows_removed;
} extreme_state;

/*
 * Adds a row to the queue of decimal_min (want = -1) or decimal_max (want = 1). Queued
 * values that the new one dominates are dropped first: for min a later smaller or
 * equal value, for max a later larger or equal one, i.e. those with
 * cmp(queued, new) * want <= 0.
 */
static void extreme_step(sqlite3_context *ctx, sqlite3_value **argv, const char *fn, int want)
{
    extreme_state *st = sqlite3_aggregate_context(ctx, sizeof *st);
    if (st == NULL) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    lw_decimal x;
    lw_decimal_init(&x);
    if (arg_decimal(ctx, fn, argv, 0, &x) <= 0) {
        lw_decimal_clear(&x);
        return;
    }
    while (st->tail > st->head && lw_decimal_cmp(&st->entries[st->tail - 1].value, &x) * want <= 0)
        lw_decimal_clear(&st->entries[--st->tail].value);
    if (st->tail == st->cap) {
        if (st->head > 0) {
            memmove(st->entries, st->entries + st->head,
                    (size_t)(st->tail - st->head) * sizeof *st->entries);
            st->tail -= st->head;
            st->head = 0;
        }
        if (st->tail == st->cap) {
            int64_t cap = st->cap ? st->cap * 2 : 8;
            extreme_entry *grown =
                sqlite3_realloc64(st->entries, (sqlite3_uint64)cap * sizeof *grown);
            if (grown == NULL) {
                lw_decimal_clear(&x);
                sqlite3_result_error_nomem(ctx);
                return;
            }
            st->entries = grown;
            st->cap = cap;
        }
    }
    /* The entry takes over x (and any GMP limbs it owns). */
    st->entries[st->tail].value = x;
    st->entries[st->tail].row = st->rows_added++;
    st->tail++;
}

static void extreme_inverse(sqlite3_context *ctx, sqlite3_value **argv)
{
    extreme_state *st = sqlite3_aggregate_context(ctx, sizeof *st);
    if (st == NULL || sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    int64_t leaving = st->rows_removed++;
    if (st->tail > st->head && st->entries[st->head].row == leaving)
        lw_decimal_clear(&st->entries[st->head++].value);
}

static void extreme_value(sqlite3_context *ctx)
{
    extreme_state *st = sqlite3_aggregate_context(ctx, 0);
    if (st == NULL || st->tail == st->head)
        sqlite3_result_null(ctx);
    else
        result_decimal(ctx, &st->entries[st->head].value);
}

static void extreme_final(sqlite3_context *ctx)
{
    extreme_value(ctx);
    extreme_state *st = sqlite3_aggregate_context(ctx, 0);
    if (st != NULL) {
        for (int64_t i = st->head; i < st->tail; i++)
            lw_decimal_clear(&st->entries[i].value);
        sqlite3_free(st->entries);
        st->entries = NULL;
        st->head = st->tail = st->cap = 0;
    }
}

static void min_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    extreme_step(ctx, argv, "decimal_min", -1);
}

static void max_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    extreme_step(ctx, argv, "decimal_max", 1);
}

static void extreme_inverse_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    extreme_inverse(ctx, argv);
}

static const lw_function_def decimal_functions[] = {
    {"decimal", 1, LW_PURE, decimal_func, NULL, NULL, NULL, NULL},
    {"decimal", 3, LW_PURE, decimal_func, NULL, NULL, NULL, NULL},
    {"decimal_add", 2, LW_PURE, add_func, NULL, NULL, NULL, NULL},
    {"decimal_sub", 2, LW_PURE, sub_func, NULL, NULL, NULL, NULL},
    {"decimal_mul", 2, LW_PURE, mul_func, NULL, NULL, NULL, NULL},
    {"decimal_div", 2, LW_PURE, div_func, NULL, NULL, NULL, NULL},
    {"decimal_div", 3, LW_PURE, div_func, NULL, NULL, NULL, NULL},
    {"decimal_mod", 2, LW_PURE, mod_func, NULL, NULL, NULL, NULL},
    {"decimal_chain", -1, LW_PURE, chain_func, NULL, NULL, NULL, NULL},
    {"decimal_neg", 1, LW_PURE, neg_func, NULL, NULL, NULL, NULL},
    {"decimal_abs", 1, LW_PURE, abs_func, NULL, NULL, NULL, NULL},
    {"decimal_round", 1, LW_PURE, round_func, NULL, NULL, NULL, NULL},
    {"decimal_round", 2, LW_PURE, round_func, NULL, NULL, NULL, NULL},
    {"decimal_trunc", 1, LW_PURE, trunc_func, NULL, NULL, NULL, NULL},
    {"decimal_trunc", 2, LW_PURE, trunc_func, NULL, NULL, NULL, NULL},
    {"decimal_cmp", 2, LW_PURE, cmp_func, NULL, NULL, NULL, NULL},
    {"decimal_sum", 1, LW_PURE, NULL, sum_step, sum_final, sum_value, sum_inverse},
    {"decimal_avg", 1, LW_PURE, NULL, avg_step, avg_final, avg_value, avg_inverse},
    {"decimal_min", 1, LW_PURE, NULL, min_step, extreme_final, extreme_value, extreme_inverse_func},
    {"decimal_max", 1, LW_PURE, NULL, max_step, extreme_final, extreme_value, extreme_inverse_func},
};

int lw_decimal_register(sqlite3 *db, char **pzErr)
{
    decimal_state *state = sqlite3_malloc64(sizeof *state);
    if (state == NULL)
        return SQLITE_NOMEM;
    memset(state, 0, sizeof *state);
    lw_shared_init(&state->shared, decimal_state_destroy);
    int rc = lw_register_functions(db, decimal_functions,
                                   sizeof decimal_functions / sizeof decimal_functions[0],
                                   &state->shared, pzErr);
    lw_shared_release(&state->shared);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_create_collation_v2(db, "DECIMAL", SQLITE_UTF8, NULL, lw_decimal_collate, NULL);
    if (rc != SQLITE_OK && pzErr)
        *pzErr = sqlite3_mprintf("cannot register collation DECIMAL: %s", sqlite3_errstr(rc));
    return rc;
}
