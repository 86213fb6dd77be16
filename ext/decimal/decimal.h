/*
 * Exact decimal arithmetic with PostgreSQL 15 `numeric` semantics (plain C core).
 *
 * A value is an unscaled integer and a scale: value = unscaled * 10^-scale, with
 * 0 <= scale <= LW_DECIMAL_MAX_SCALE, the scale being PostgreSQL's display scale
 * (`'1.10'` keeps scale 2). Values whose unscaled integer fits a signed 128-bit
 * integer live in `small` and are computed without allocating; larger ones live in a
 * GMP integer (`big`). Every operation gives the same result on either path (the unit
 * tests and fuzz/fuzz_decimal.c check it by forcing the GMP path).
 *
 * Ownership: an lw_decimal is initialised with lw_decimal_init() (or zero-filled
 * memory) and released with lw_decimal_clear(); results are written into a caller
 * owned lw_decimal, which may alias an operand. GMP allocates its limbs with its own
 * allocator: it is process-wide and may be shared with the host application, so it is
 * deliberately not replaced; every limb is freed by lw_decimal_clear().
 *
 * Errors are lw_decimal_status codes; lw_decimal_status_message() gives PostgreSQL's
 * primary message text for each.
 */
#ifndef LW_DECIMAL_H
#define LW_DECIMAL_H

#include <gmp.h>
#include <stddef.h>
#include <stdint.h>

/* PostgreSQL's limits: at most this many digits before the point ... */
#ifndef LW_DECIMAL_MAX_INT_DIGITS
#define LW_DECIMAL_MAX_INT_DIGITS 131072
#endif
/* ... and this many after it (NUMERIC_DSCALE_MAX). */
#ifndef LW_DECIMAL_MAX_SCALE
#define LW_DECIMAL_MAX_SCALE 16383
#endif
/* Largest scale select_div_scale() chooses (NUMERIC_MAX_DISPLAY_SCALE). */
#define LW_DECIMAL_MAX_DISPLAY_SCALE 1000
/* round()/trunc() clamp their scale argument to +-this (NUMERIC_MAX_RESULT_SCALE). */
#define LW_DECIMAL_MAX_RESULT_SCALE 2000
/* Largest precision of decimal(X, P, S) (NUMERIC_MAX_PRECISION); S is within +-this. */
#define LW_DECIMAL_MAX_PRECISION 1000
/* Exponents written in text beyond +-this are rejected outright (as overflow). */
#define LW_DECIMAL_MAX_EXPONENT 100000000000000000LL
/* lw_decimal_div(): choose the scale as PostgreSQL's select_div_scale() does. */
#define LW_DECIMAL_DIV_AUTO_SCALE INT32_MIN

typedef enum lw_decimal_status {
    LW_DECIMAL_OK = 0,
    LW_DECIMAL_INVALID,  /* malformed text, NaN or infinity */
    LW_DECIMAL_OVERFLOW, /* beyond PostgreSQL's digit limits */
    LW_DECIMAL_DIVISION_BY_ZERO,
    LW_DECIMAL_FIELD_OVERFLOW, /* lw_decimal_typmod(): too many integer digits */
    LW_DECIMAL_BAD_PRECISION,  /* lw_decimal_typmod(): precision out of range */
    LW_DECIMAL_BAD_SCALE,      /* lw_decimal_typmod(): scale out of range */
    LW_DECIMAL_NOMEM
} lw_decimal_status;

/* SQLite's allocations (aggregate contexts) are only 8-byte aligned, so the 128-bit
 * value is declared with that alignment. */
typedef __int128 lw_decimal_int128 __attribute__((aligned(8)));

typedef struct lw_decimal {
    lw_decimal_int128 small; /* the unscaled value when !is_big; never INT128_MIN */
    mpz_t big;               /* the unscaled value when is_big (initialised only then) */
    int32_t scale;           /* digits after the point, 0..LW_DECIMAL_MAX_SCALE */
    int32_t is_big;
} lw_decimal;

/*
 * Compares two decimal numbers written as text (SQL decimal syntax: optional sign,
 * digits, optional fraction, optional exponent; JSON numbers are a subset).
 * Returns 0 and sets *cmp to -1, 0 or 1; returns nonzero when either is malformed.
 * Exact for any number of digits; never allocates. Surrounding ASCII white space is
 * allowed, as PostgreSQL allows it; NaN and infinities are malformed here.
 */
int lw_decimal_compare_text(const char *a, size_t a_len, const char *b, size_t b_len, int *cmp);

/* Nonzero when text is a well-formed decimal number (the syntax above). */
int lw_decimal_text_is_valid(const char *text, size_t len);

/*
 * The DECIMAL collation (an sqlite3_create_collation_v2 comparator): numeric order of
 * decimal text; malformed text sorts after every number and among itself by bytes,
 * so the order is a total preorder whose equality is numeric equality.
 */
int lw_decimal_collate(void *unused, int n1, const void *p1, int n2, const void *p2);

/* Frees the GMP limbs of a value on the GMP path (called by lw_decimal_clear). */
void lw_decimal_release_big(lw_decimal *d);

/* A zero with scale 0. Inline: the SQL functions set up several per row. */
static inline void lw_decimal_init(lw_decimal *d)
{
    d->small = 0;
    d->scale = 0;
    d->is_big = 0;
}

/* Frees any GMP limbs; d is then a zero again and may be reused. */
static inline void lw_decimal_clear(lw_decimal *d)
{
    if (d->is_big)
        lw_decimal_release_big(d);
    else
        lw_decimal_init(d);
}
/* dst = src (value and scale). */
lw_decimal_status lw_decimal_copy(lw_decimal *dst, const lw_decimal *src);

/*
 * Parses text as PostgreSQL's numeric input does: scale = fraction digits minus the
 * exponent, at least 0 ('1.50e1' is 15.0). LW_DECIMAL_INVALID for malformed text,
 * LW_DECIMAL_OVERFLOW past the limits.
 */
lw_decimal_status lw_decimal_from_text(lw_decimal *d, const char *text, size_t len);
/* Exact, scale 0. */
void lw_decimal_from_int64(lw_decimal *d, int64_t v);
/* Through the shortest text that reads back as v (0.1 is 0.1); NaN and infinities
 * are LW_DECIMAL_INVALID. */
lw_decimal_status lw_decimal_from_double(lw_decimal *d, double v);

/* Upper bound of the text length of d, terminating NUL included. */
size_t lw_decimal_text_size(const lw_decimal *d);
/* Writes d in canonical form (no exponent, `scale` fraction digits, no "-0") and a
 * NUL into buf, which holds lw_decimal_text_size(d) bytes. Returns the length. */
size_t lw_decimal_format(const lw_decimal *d, char *buf);
/* The canonical text in a new sqlite3_malloc64 buffer owned by the caller (free with
 * sqlite3_free), or NULL when out of memory; *len gets its length. */
char *lw_decimal_to_text(const lw_decimal *d, size_t *len);

/* -1, 0 or 1 by value (scale does not matter: 1.0 = 1). */
int lw_decimal_cmp(const lw_decimal *a, const lw_decimal *b);
/* -1, 0 or 1. */
int lw_decimal_sign(const lw_decimal *d);

/* r = a + b, a - b (scale max(a, b)); r = a * b (scale a + b, rounded to
 * LW_DECIMAL_MAX_SCALE beyond it). */
lw_decimal_status lw_decimal_add(lw_decimal *r, const lw_decimal *a, const lw_decimal *b);
lw_decimal_status lw_decimal_sub(lw_decimal *r, const lw_decimal *a, const lw_decimal *b);
/*
 * The running sum of decimal_sum(): sum += text (or -= when subtract is set) when
 * text has the plain form ([-+]digits[.digits], at most 19 digits) and the result
 * stays on the fast path; *scale gets the row's scale. Returns 0, leaving sum
 * untouched, for anything else: the caller then parses the text with
 * lw_decimal_from_text() and uses lw_decimal_add()/lw_decimal_sub(), which give the
 * same result (fuzz/fuzz_decimal.c checks it).
 */
int lw_decimal_accumulate_text(lw_decimal *sum, const char *text, size_t len, int subtract,
                               int32_t *scale);
lw_decimal_status lw_decimal_mul(lw_decimal *r, const lw_decimal *a, const lw_decimal *b);
/* r = a / b rounded half away from zero to `scale` places (negative: to tens,
 * hundreds...), or to PostgreSQL's select_div_scale() with
 * LW_DECIMAL_DIV_AUTO_SCALE. */
lw_decimal_status lw_decimal_div(lw_decimal *r, const lw_decimal *a, const lw_decimal *b,
                                 int32_t scale);
/* r = a - b * trunc(a / b), the sign of a, scale max(a, b). */
lw_decimal_status lw_decimal_mod(lw_decimal *r, const lw_decimal *a, const lw_decimal *b);
/* r = -a, |a|. */
lw_decimal_status lw_decimal_neg(lw_decimal *r, const lw_decimal *a);
lw_decimal_status lw_decimal_abs(lw_decimal *r, const lw_decimal *a);
/*
 * r = a rounded half away from zero (truncate = 0) or truncated toward zero at
 * `scale` places, clamped to +-LW_DECIMAL_MAX_RESULT_SCALE; the result's scale is
 * max(scale, 0), as PostgreSQL's round() and trunc().
 */
lw_decimal_status lw_decimal_round(lw_decimal *r, const lw_decimal *a, int32_t scale, int truncate);
/*
 * Applies the type numeric(precision, scale) in place: rounds to scale and fails with
 * LW_DECIMAL_FIELD_OVERFLOW when more than precision - scale integer digits remain.
 */
lw_decimal_status lw_decimal_typmod(lw_decimal *d, int32_t precision, int32_t scale);

/* Moves a small value into GMP representation (same value): used by the tests and
 * the fuzzer to run every operation on the GMP path. */
lw_decimal_status lw_decimal_force_big(lw_decimal *d);

/* PostgreSQL's primary message for a status ("division by zero", ...). */
const char *lw_decimal_status_message(lw_decimal_status status);

#endif
