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

typedef struct lw_decimal {
    __int128 small; /* the unscaled value when !is_big; never INT128_MIN */
    mpz_t big;      /* the unscaled value when is_big (initialised only then) */
    int32_t scale;  /* digits after the point, 0..LW_DECIMAL_MAX_SCALE */
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

#endif
