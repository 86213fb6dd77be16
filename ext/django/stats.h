/*
 * The aggregates Django 3.2's SQLite backend registers, with Python's results:
 *
 *   STDDEV_POP(x)   statistics.pstdev     VAR_POP(x)    statistics.pvariance
 *   STDDEV_SAMP(x)  statistics.stdev      VAR_SAMP(x)   statistics.variance
 *
 * Python's statistics module computes exactly: the sum and the sum of squares as
 * fractions, the sum of squared deviations (n * sxx - sx * sx) / n, the variance as
 * a fraction, then one correctly rounded conversion (and for the standard
 * deviations a correctly rounded square root). So does this, with GMP integers
 * scaled by a common power of two (every double is an integer times one), in
 * constant memory where Django keeps every value in a list.
 *
 * Python's types carry through: over integers only, a variance that is a whole
 * number is an INTEGER (VAR_POP of 1, 3 is 1), otherwise a REAL. Python's errors
 * carry through too: a NULL, text or blob value is an error (Django's aggregate
 * appends None to its list and statistics cannot add it), so is a sample variance
 * of one value; no rows give NULL. An infinite value makes the variance that
 * infinity (or NULL for a NaN, as +inf and -inf give) and the standard deviation an
 * error, as in Python.
 */
#ifndef LW_DJANGO_STATS_H
#define LW_DJANGO_STATS_H

#include "django/pyvalue.h"

#include <gmp.h>

typedef enum lw_dj_stat {
    LW_DJ_VAR_POP,
    LW_DJ_VAR_SAMP,
    LW_DJ_STDDEV_POP,
    LW_DJ_STDDEV_SAMP
} lw_dj_stat;

/* The running state; all zero bytes is the empty state (SQLite's aggregate context). */
typedef struct lw_dj_stats {
    int started;   /* sx and sxx are initialised */
    int64_t count; /* values seen */
    int floats;    /* a float was seen: the result type is float */
    int specials;  /* an infinity or NaN was seen: special holds their sum */
    double special;
    int scaled; /* scale is set (by the first finite value) */
    long scale; /* sx holds sum(x) * 2^-scale, sxx sum(x^2) * 2^-(2 scale) */
    mpz_t sx, sxx;
    mpz_t term;  /* the value being added, scaled (a buffer kept across rows) */
    char *error; /* the first value Python cannot add (sqlite3_malloc) */
} lw_dj_stats;

/* Adds one value; returns 0 when out of memory. */
int lw_dj_stats_step(lw_dj_stats *st, const lw_pv *x);

/* The result of stat over what was added (at least one value), in *r; then frees
 * what st holds. */
void lw_dj_stats_final(lw_dj_stats *st, lw_dj_stat stat, lw_pr *r);

/* Frees what st holds without a result. */
void lw_dj_stats_clear(lw_dj_stats *st);

#endif
