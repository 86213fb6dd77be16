/*
 * Exact variances and standard deviations (stats.h), as CPython 3.11's statistics
 * module computes them (_ss, _convert, _float_sqrt_of_frac).
 */
#include "django/stats.h"

#include "common/lw_sqlite.h"

#include <float.h>
#include <math.h>
#include <string.h>

void lw_dj_stats_clear(lw_dj_stats *st)
{
    if (st->started) {
        mpz_clear(st->sx);
        mpz_clear(st->sxx);
        mpz_clear(st->term);
    }
    sqlite3_free(st->error);
    memset(st, 0, sizeof *st);
}

int lw_dj_stats_step(lw_dj_stats *st, const lw_pv *x)
{
    if (st->error)
        return 1; /* Python stops at the first value it cannot add */
    if (x->kind != LW_PV_INT && x->kind != LW_PV_FLOAT) {
        char *d = lw_pv_describe(x);
        st->error = d ? sqlite3_mprintf("cannot add %s: the values must be numbers (Django's "
                                        "Python version raises TypeError)",
                                        d)
                      : NULL;
        sqlite3_free(d);
        return st->error != NULL;
    }
    if (!st->started) {
        mpz_init(st->sx);
        mpz_init(st->sxx);
        mpz_init(st->term);
        st->started = 1;
    }
    st->count++;
    if (x->kind == LW_PV_FLOAT)
        st->floats = 1;
    double f = x->kind == LW_PV_FLOAT ? x->f : 0;
    if (x->kind == LW_PV_FLOAT && !isfinite(f)) {
        st->special = st->specials ? st->special + f : f;
        st->specials = 1;
        return 1;
    }
    /* The value as +-mag * 2^e with mag odd (or 0), read from the integer or from the
     * double's bits: a double is its 52 stored bits, with the implicit 1 unless it is
     * subnormal, times 2^(biased exponent - 1075), or 2^-1074 when subnormal. */
    uint64_t mag;
    int negative;
    long e;
    if (x->kind == LW_PV_INT) {
        negative = x->i < 0;
        mag = negative ? 0 - (uint64_t)x->i : (uint64_t)x->i;
        e = 0;
    } else {
        uint64_t bits;
        memcpy(&bits, &f, sizeof bits);
        negative = (int)(bits >> 63);
        int biased = (int)((bits >> 52) & 0x7ff);
        mag = bits & ((UINT64_C(1) << 52) - 1);
        if (biased)
            mag |= UINT64_C(1) << 52;
        e = biased ? biased - 1075 : -1074;
    }
    if (mag == 0) {
        e = 0; /* a zero adds nothing: any exponent does, and 0 leaves the scale coarse */
    } else {
        int zeros = __builtin_ctzll(mag);
        mag >>= zeros;
        e += zeros;
    }
    if (!st->scaled) { /* the first finite value sets the scale */
        st->scale = e;
        st->scaled = 1;
    }
    if (e < st->scale) { /* a finer value: rescale the sums */
        mpz_mul_2exp(st->sx, st->sx, (mp_bitcnt_t)(st->scale - e));
        mpz_mul_2exp(st->sxx, st->sxx, 2 * (mp_bitcnt_t)(st->scale - e));
        st->scale = e;
    }
    /* term, kept in st so that its limbs are allocated once, not once a row. */
    mpz_import(st->term, 1, -1, sizeof mag, 0, 0, &mag);
    mpz_mul_2exp(st->term, st->term, (mp_bitcnt_t)(e - st->scale));
    if (negative)
        mpz_neg(st->term, st->term);
    mpz_add(st->sx, st->sx, st->term);
    mpz_addmul(st->sxx, st->term, st->term);
    return 1;
}

/* The double nearest to num / den * 2^k (num >= 0, den > 0), ties to even, as
 * Python's int / int; HUGE_VAL when it is too large for a double. */
static double ratio_to_double(const mpz_t num, const mpz_t den, long k)
{
    if (mpz_sgn(num) == 0)
        return 0.0;
    /* q = floor(num * 2^s / den) with at least 55 bits, sticky = whether a remainder. */
    long s = 55 - ((long)mpz_sizeinbase(num, 2) - (long)mpz_sizeinbase(den, 2));
    mpz_t q, r;
    mpz_init(q);
    mpz_init(r);
    if (s >= 0)
        mpz_mul_2exp(q, num, (mp_bitcnt_t)s);
    else
        mpz_fdiv_q_2exp(q, num, (mp_bitcnt_t)-s); /* num's low bits only add to sticky */
    int sticky = s < 0 && mpz_scan1(num, 0) < (mp_bitcnt_t)-s;
    mpz_fdiv_qr(q, r, q, den);
    sticky |= mpz_sgn(r) != 0;
    long e_q = k - s, bits = (long)mpz_sizeinbase(q, 2);
    long lsb = e_q + bits - DBL_MANT_DIG;
    if (lsb < DBL_MIN_EXP - DBL_MANT_DIG) /* -1074: subnormal results keep fewer bits */
        lsb = DBL_MIN_EXP - DBL_MANT_DIG;
    double result;
    if (lsb - e_q > bits + 1) {
        result = 0.0; /* far below half the smallest subnormal */
    } else {
        mp_bitcnt_t shift = (mp_bitcnt_t)(lsb - e_q);
        int round_bit = shift > 0 && mpz_tstbit(q, shift - 1);
        int below = shift > 1 && mpz_scan1(q, 0) < shift - 1;
        mpz_fdiv_q_2exp(q, q, shift);
        if (round_bit && (below || sticky || mpz_odd_p(q)))
            mpz_add_ui(q, q, 1);
        result = ldexp(mpz_get_d(q), (int)lsb); /* HUGE_VAL past the largest double */
    }
    mpz_clear(q);
    mpz_clear(r);
    return result;
}

/* The double nearest to sqrt(num / den * 2^(2k)), ties to even. */
static double sqrt_ratio_to_double(const mpz_t num, const mpz_t den, long k)
{
    if (mpz_sgn(num) == 0)
        return 0.0;
    /* x = floor(num * 2^(2s) / den), q = isqrt(x) with at least 55 bits. */
    long s = (110 - ((long)mpz_sizeinbase(num, 2) - (long)mpz_sizeinbase(den, 2))) / 2 + 1;
    mpz_t x, q, r;
    mpz_init(x);
    mpz_init(q);
    mpz_init(r);
    int sticky = 0;
    if (s >= 0) {
        mpz_mul_2exp(x, num, 2 * (mp_bitcnt_t)s);
    } else {
        mpz_fdiv_q_2exp(x, num, 2 * (mp_bitcnt_t)-s);
        sticky = mpz_scan1(num, 0) < 2 * (mp_bitcnt_t)-s;
    }
    mpz_fdiv_qr(x, r, x, den);
    sticky |= mpz_sgn(r) != 0;
    mpz_sqrtrem(q, r, x);
    sticky |= mpz_sgn(r) != 0;
    long e_q = k - s, bits = (long)mpz_sizeinbase(q, 2);
    long lsb = e_q + bits - DBL_MANT_DIG;
    if (lsb < DBL_MIN_EXP - DBL_MANT_DIG)
        lsb = DBL_MIN_EXP - DBL_MANT_DIG;
    double result;
    if (lsb - e_q > bits + 1) {
        result = 0.0;
    } else {
        mp_bitcnt_t shift = (mp_bitcnt_t)(lsb - e_q);
        int round_bit = shift > 0 && mpz_tstbit(q, shift - 1);
        int below = shift > 1 && mpz_scan1(q, 0) < shift - 1;
        mpz_fdiv_q_2exp(q, q, shift);
        if (round_bit && (below || sticky || mpz_odd_p(q)))
            mpz_add_ui(q, q, 1);
        result = ldexp(mpz_get_d(q), (int)lsb);
    }
    mpz_clear(x);
    mpz_clear(q);
    mpz_clear(r);
    return result;
}

void lw_dj_stats_final(lw_dj_stats *st, lw_dj_stat stat, lw_pr *r)
{
    int sample = stat == LW_DJ_VAR_SAMP || stat == LW_DJ_STDDEV_SAMP;
    int root = stat == LW_DJ_STDDEV_POP || stat == LW_DJ_STDDEV_SAMP;
    if (st->error) {
        lw_pr_error(r, "%s", st->error);
    } else if (st->count < (sample ? 2 : 1)) {
        lw_pr_error(r,
                    "%s requires at least %s data point%s (Django's Python version raises "
                    "StatisticsError)",
                    sample ? (root ? "stdev" : "variance") : (root ? "pstdev" : "pvariance"),
                    sample ? "two" : "one", sample ? "s" : "");
    } else if (st->specials) {
        /* ss is the sum of the infinities (or NaN); a float has no numerator. */
        if (root)
            lw_pr_error(r, "an infinite value has no standard deviation (Django's Python "
                           "version raises AttributeError)");
        else {
            r->kind = LW_PR_FLOAT;
            r->f = st->special / (double)(st->count - sample);
        }
    } else {
        /* variance = (n * sxx - sx^2) / (n * d) * 2^(2 scale), d = n or n - 1. */
        mpz_t num, den, n;
        mpz_init(num);
        mpz_init(den);
        mpz_init_set_si(n, (long)st->count);
        mpz_mul(num, n, st->sxx);
        mpz_submul(num, st->sx, st->sx);
        mpz_mul_si(den, n, (long)(st->count - sample));
        long k = st->scale;
        if (k > 0) { /* whole numbers: fold the scale in, so that num / den is the value */
            mpz_mul_2exp(num, num, 2 * (mp_bitcnt_t)k);
            k = 0;
        }
        if (root) {
            r->kind = LW_PR_FLOAT;
            r->f = sqrt_ratio_to_double(num, den, k);
        } else if (!st->floats && k == 0 && mpz_divisible_p(num, den)) {
            mpz_divexact(num, num, den); /* an int, as _convert returns it */
            if (mpz_fits_slong_p(num)) {
                r->kind = LW_PR_INT;
                r->i = mpz_get_si(num);
            } else {
                lw_pr_error(r, "the integer variance does not fit SQLite's 64-bit integers");
            }
        } else {
            double v = ratio_to_double(num, den, 2 * k);
            if (isinf(v))
                lw_pr_error(r, "the variance is too large for a float (Django's Python version "
                               "raises OverflowError)");
            else {
                r->kind = LW_PR_FLOAT;
                r->f = v;
            }
        }
        mpz_clear(num);
        mpz_clear(den);
        mpz_clear(n);
    }
    lw_dj_stats_clear(st);
}
