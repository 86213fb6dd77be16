/*
 * The oracle dialect's INTERVAL values at run time (SQLRF "INTERVAL YEAR TO MONTH Data
 * Type", "INTERVAL DAY TO SECOND Data Type", "Datetime/Interval Arithmetic"). A value is
 * stored as Oracle shows it, +YY-MM or +DD HH:MI:SS.FFFFFF (the leading field padded to
 * its type's leading precision, the fraction to its fractional precision), so that it
 * prints as it is and a function reading it as text sees what Oracle's implicit
 * conversion gives; the collation ORA_INTERVAL orders the values of one type by their
 * length of time. Which type a value has is the rewriter's business (its kind); the
 * runtime still checks the form and answers ORA-00932 for the other type.
 *
 *   ora_store_interval(X, KIND, LEAD, FRAC)   X stored into INTERVAL YEAR(LEAD) TO MONTH
 *                              (KIND 'Y') or DAY(LEAD) TO SECOND(FRAC) (KIND 'D'): an
 *                              interval or text in the SQL format ('1-2', '4 5:12:10.222');
 *                              the fraction rounded to FRAC digits; a leading field wider
 *                              than LEAD is ORA-01873, a number ORA-00932, other text
 *                              ORA-01867
 *   ora_to_interval(X, KIND [, D])   TO_YMINTERVAL / TO_DSINTERVAL: the SQL format or the
 *                              ISO 8601 duration (P1Y2M, P100DT05H), else D (DEFAULT D ON
 *                              CONVERSION ERROR), else ORA-01867
 *   ora_numtointerval(N, UNIT, KIND)   NUMTOYMINTERVAL (YEAR, MONTH) and NUMTODSINTERVAL
 *                              (DAY, HOUR, MINUTE, SECOND; case and surrounding blanks
 *                              ignored; another unit ORA-01760): N units exactly, a DAY TO
 *                              SECOND to nine fraction digits; a fraction of a month is
 *                              refused (the documentation does not say how it rounds)
 *   ora_interval_add(A, B, SIGN)   A + B or A - B (SIGN -1) of one interval type
 *   ora_interval_neg(A)        -A
 *   ora_interval_scale(OP, A, N)   A * N or A / N (OP '*' or '/'), exact to the
 *                              nanosecond; / 0 is ORA-01476; a YEAR TO MONTH result with a
 *                              fraction of a month is refused (its rounding is not
 *                              documented)
 *   ora_dt_add_interval(D, I, SIGN, KIND)   a DATE, TIMESTAMP or TIMESTAMP WITH TIME ZONE
 *                              (KIND 'D', 'T', 'Z') plus (SIGN 1) or minus (-1) an
 *                              interval, of D's type. Months are added to the month without
 *                              moving the day: a day the month lacks is ORA-01839. A DATE
 *                              keeps whole seconds.
 *   ora_dt_diff(A, B)          A - B as INTERVAL DAY TO SECOND (time zones in UTC)
 *   SUM(I), AVG(I)             ora_interval_sum, ora_interval_avg: aggregates and window
 *                              functions over one interval type (AVG of YEAR TO MONTH
 *                              values refused when not a whole number of months)
 *   EXTRACT(F FROM I)          ora_interval_extract, called by ora_extract with KIND 'I':
 *                              YEAR and MONTH of a YEAR TO MONTH interval, DAY, HOUR,
 *                              MINUTE and SECOND (with its fraction) of a DAY TO SECOND
 *                              one, each with the interval's sign; another field is
 *                              ORA-30076
 *
 * A computed value (arithmetic, the conversion functions, SUM and AVG) has the largest
 * precisions, DAY(9) TO SECOND(9) or YEAR(9) TO MONTH, and is shown with them, as SQL*Plus
 * shows INTERVAL '18' HOUR + INTERVAL '12' HOUR: +000000001 06:00:00.000000000 (the
 * OLAP DML Reference: "the precision of the return is 9"); TIMESTAMP - TIMESTAMP has six
 * fraction digits, nine when the value has more. NULL in, NULL out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/oracle/runtime_int.h"

#define NANOS 1000000000LL
/* The precisions of a computed interval. */
#define COMPUTED_PRECISION 9
/* Days of at most nine digits: a DAY(9) TO SECOND value. */
#define MAX_DS_SECONDS (999999999LL * 86400 + 86399)
/* Years of at most nine digits. */
#define MAX_YM_MONTHS (999999999LL * 12 + 11)

/* ---- The C core ---------------------------------------------------------------------- */

static size_t skip_blanks(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] == ' ')
        i++;
    return i;
}

int ora_iv_digits(const char *s, size_t n, size_t *i, long long *v)
{
    int count = 0;
    *v = 0;
    while (*i < n && s[*i] >= '0' && s[*i] <= '9' && count < 18) {
        *v = *v * 10 + (s[*i] - '0');
        (*i)++;
        count++;
    }
    return count;
}

/* A fraction of a second at s[*i] (after its point): nanoseconds, rounded half up past
 * nine digits. Returns its digit count. */
static int fraction_at(const char *s, size_t n, size_t *i, long long *nanos)
{
    int count = 0;
    long long v = 0;
    int round_up = 0;
    while (*i < n && s[*i] >= '0' && s[*i] <= '9') {
        if (count < 9)
            v = v * 10 + (s[*i] - '0');
        else if (count == 9)
            round_up = s[*i] >= '5';
        (*i)++;
        count++;
    }
    for (int k = count; k < 9; k++)
        v *= 10;
    *nanos = v + round_up;
    return count;
}

/* Seconds and nanoseconds with one sign, |nanos| below a second. */
static void one_sign(long long *secs, long long *nanos)
{
    *secs += *nanos / NANOS;
    *nanos %= NANOS;
    if (*secs > 0 && *nanos < 0) {
        (*secs)--;
        *nanos += NANOS;
    } else if (*secs < 0 && *nanos > 0) {
        (*secs)++;
        *nanos -= NANOS;
    }
}

static void set_ds(ora_iv *iv, int neg, long long secs, long long nanos)
{
    if (nanos >= NANOS) {
        secs += nanos / NANOS;
        nanos %= NANOS;
    }
    iv->year_month = 0;
    iv->secs = neg ? -secs : secs;
    iv->nanos = neg ? -nanos : nanos;
}

/* The ISO 8601 duration form, s[i] at the P. */
static int parse_iso(const char *s, size_t n, size_t i, int neg, char want, ora_iv *iv)
{
    i++;
    long long years = 0, months = 0, days = 0, hours = 0, minutes = 0, secs = 0, nanos = 0;
    int time = 0, any = 0, time_any = 0;
    while (i < n) {
        if (s[i] == 'T' && !time) {
            time = 1;
            i++;
            continue;
        }
        long long v;
        if (ora_iv_digits(s, n, &i, &v) == 0 || i >= n)
            return -1;
        if (time && s[i] == '.') {
            i++;
            if (fraction_at(s, n, &i, &nanos) == 0 || i >= n || s[i] != 'S')
                return -1;
        }
        char unit = s[i++];
        if (!time && unit == 'Y')
            years = v;
        else if (!time && unit == 'M')
            months = v;
        else if (!time && unit == 'D')
            days = v;
        else if (time && unit == 'H')
            hours = v;
        else if (time && unit == 'M')
            minutes = v;
        else if (time && unit == 'S')
            secs = v;
        else
            return -1;
        any = 1;
        time_any |= time;
    }
    /* "If you specify T, then you must specify at least one of the hours, minutes, or
     * seconds values" (TO_DSINTERVAL, TO_YMINTERVAL) */
    if (!any || (time && !time_any))
        return -1;
    if (want == 'Y') {
        /* days and the time are ignored (TO_YMINTERVAL) */
        if (years > 999999999 || months > 999999999)
            return -1;
        iv->year_month = 1;
        iv->months = years * 12 + months;
        if (neg)
            iv->months = -iv->months;
        return iv->months > MAX_YM_MONTHS || iv->months < -MAX_YM_MONTHS ? -1 : 0;
    }
    if (years || months || days > 999999999 || hours > 999999999 || minutes > 999999999 ||
        secs > 999999999)
        return -1;
    long long total = days * 86400 + hours * 3600 + minutes * 60 + secs;
    if (total > MAX_DS_SECONDS)
        return -1;
    set_ds(iv, neg, total, nanos);
    return iv->secs > MAX_DS_SECONDS || iv->secs < -MAX_DS_SECONDS ? -1 : 0;
}

int ora_iv_parse(const char *s, size_t n, char want, ora_iv *iv)
{
    memset(iv, 0, sizeof *iv);
    size_t i = skip_blanks(s, n, 0);
    int neg = 0;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    if (i < n && s[i] == 'P') {
        if (!want)
            return -1;
        size_t end = n;
        while (end > i && s[end - 1] == ' ')
            end--;
        return parse_iso(s, end, i, neg, want, iv);
    }
    long long lead;
    int lead_digits = ora_iv_digits(s, n, &i, &lead);
    if (lead_digits == 0 || lead_digits > 9)
        return -1;
    size_t after = skip_blanks(s, n, i);
    if (after < n && s[after] == '-') {
        /* YEAR TO MONTH: years-months */
        if (want == 'D')
            return -1;
        i = skip_blanks(s, n, after + 1);
        long long month;
        int md = ora_iv_digits(s, n, &i, &month);
        if (md == 0 || md > 2 || month > 11 || skip_blanks(s, n, i) != n)
            return -1;
        iv->year_month = 1;
        iv->months = lead * 12 + month;
        if (neg)
            iv->months = -iv->months;
        return 0;
    }
    /* DAY TO SECOND: days hours:minutes:seconds[.fraction] */
    if (want == 'Y' || after == i)
        return -1;
    i = after;
    long long field[3];
    for (int k = 0; k < 3; k++) {
        if (k > 0) {
            i = skip_blanks(s, n, i);
            if (i >= n || s[i] != ':')
                return -1;
            i = skip_blanks(s, n, i + 1);
        }
        int d = ora_iv_digits(s, n, &i, &field[k]);
        if (d == 0 || d > 2 || field[k] >= (k == 0 ? 24 : 60))
            return -1;
    }
    long long nanos = 0;
    if (i < n && s[i] == '.') {
        i++;
        if (fraction_at(s, n, &i, &nanos) == 0)
            return -1;
    }
    if (skip_blanks(s, n, i) != n)
        return -1;
    set_ds(iv, neg, lead * 86400 + field[0] * 3600 + field[1] * 60 + field[2], nanos);
    /* a fraction rounded up past 999999999 23:59:59 */
    return iv->secs > MAX_DS_SECONDS || iv->secs < -MAX_DS_SECONDS ? -1 : 0;
}

int ora_iv_lead_digits(const ora_iv *iv)
{
    long long v = iv->year_month ? iv->months / 12 : iv->secs / 86400;
    if (v < 0)
        v = -v;
    int d = 1;
    while (v >= 10) {
        v /= 10;
        d++;
    }
    return d;
}

void ora_iv_round(ora_iv *iv, int frac)
{
    if (iv->year_month || frac >= 9 || frac < 0)
        return;
    int neg = iv->secs < 0 || iv->nanos < 0;
    long long secs = neg ? -iv->secs : iv->secs, nanos = neg ? -iv->nanos : iv->nanos;
    long long unit = 1;
    for (int k = frac; k < 9; k++)
        unit *= 10;
    nanos = (nanos + unit / 2) / unit * unit;
    set_ds(iv, neg, secs, nanos);
}

char *ora_iv_text(const ora_iv *iv, int lead, int frac)
{
    if (lead < 0 || lead > 9)
        lead = 2;
    if (iv->year_month) {
        long long m = iv->months < 0 ? -iv->months : iv->months;
        return sqlite3_mprintf("%c%0*lld-%02lld", iv->months < 0 ? '-' : '+', lead, m / 12, m % 12);
    }
    int neg = iv->secs < 0 || iv->nanos < 0;
    long long secs = neg ? -iv->secs : iv->secs, nanos = neg ? -iv->nanos : iv->nanos;
    if (frac < 0 || frac > 9)
        frac = nanos % 1000 ? 9 : 6;
    long long unit = 1;
    for (int k = frac; k < 9; k++)
        unit *= 10;
    char fraction[32] = "";
    if (frac > 0)
        snprintf(fraction, sizeof fraction, ".%0*lld", frac, nanos / unit % 1000000000);
    return sqlite3_mprintf("%c%0*lld %02lld:%02lld:%02lld%s", neg ? '-' : '+', lead, secs / 86400,
                           secs / 3600 % 24, secs / 60 % 60, secs % 60, fraction);
}

int ora_iv_collate(void *unused, int n1, const void *p1, int n2, const void *p2)
{
    (void)unused;
    ora_iv a, b;
    if (ora_iv_parse(p1, (size_t)n1, 0, &a) == 0 && ora_iv_parse(p2, (size_t)n2, 0, &b) == 0 &&
        a.year_month == b.year_month) {
        if (a.year_month)
            return (a.months > b.months) - (a.months < b.months);
        if (a.secs != b.secs)
            return (a.secs > b.secs) - (a.secs < b.secs);
        return (a.nanos > b.nanos) - (a.nanos < b.nanos);
    }
    int c = memcmp(p1, p2, (size_t)(n1 < n2 ? n1 : n2));
    return c ? c : n1 - n2;
}

/* ---- SQL functions ------------------------------------------------------------------ */

static const char *type_name(char kind)
{
    return kind == 'Y' ? "INTERVAL YEAR TO MONTH" : "INTERVAL DAY TO SECOND";
}

/* Reads an interval argument of the type `want` ('Y', 'D', or 0: either). Returns 0, 1
 * for NULL, -1 after raising ORA-00932 (a number, the other type) or ORA-01867. */
static int iv_arg(sqlite3_context *ctx, sqlite3_value *v, char want, ora_iv *iv)
{
    memset(iv, 0, sizeof *iv);
    int type = sqlite3_value_type(v);
    if (type == SQLITE_NULL)
        return 1;
    if (want && (type == SQLITE_INTEGER || type == SQLITE_FLOAT)) {
        ora_error(ctx, 932, "inconsistent datatypes: expected %s got NUMBER", type_name(want));
        return -1;
    }
    size_t n;
    sqlite3_value *argv[1] = {v};
    const char *s = ora_arg_text(argv, 0, &n);
    if (!s)
        return 1;
    if (ora_iv_parse(s, n, want, iv) == 0)
        return 0;
    ora_iv other;
    if (want && ora_iv_parse(s, n, 0, &other) == 0)
        ora_error(ctx, 932, "inconsistent datatypes: expected %s got %s", type_name(want),
                  type_name(other.year_month ? 'Y' : 'D'));
    else
        ora_error(ctx, 1867, "the interval is invalid");
    return -1;
}

static void result_iv(sqlite3_context *ctx, const ora_iv *iv, int lead, int frac)
{
    if (iv->year_month ? iv->months > MAX_YM_MONTHS || iv->months < -MAX_YM_MONTHS
                       : iv->secs > MAX_DS_SECONDS || iv->secs < -MAX_DS_SECONDS) {
        ora_error(ctx, 1873, "the leading precision of the interval is too small");
        return;
    }
    char *t = ora_iv_text(iv, lead, frac);
    if (!t)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text(ctx, t, -1, sqlite3_free);
}

/* The KIND argument ('Y' or 'D') of the dialect's calls. */
static char kind_arg(sqlite3_value **argv, int i)
{
    size_t n;
    const char *k = ora_arg_text(argv, i, &n);
    return k && k[0] == 'Y' ? 'Y' : 'D';
}

static void store_interval_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    char kind = kind_arg(argv, 1);
    ora_iv iv;
    if (iv_arg(ctx, argv[0], kind, &iv))
        return;
    int lead = sqlite3_value_int(argv[2]), frac = sqlite3_value_int(argv[3]);
    if (lead < 0 || lead > 9 || frac < 0 || frac > 9) {
        lw_result_errorf(ctx, "ora_store_interval(): precision %d, %d is out of range", lead, frac);
        return;
    }
    ora_iv_round(&iv, frac);
    if (ora_iv_lead_digits(&iv) > lead && (iv.year_month ? iv.months / 12 : iv.secs / 86400)) {
        ora_error(ctx, 1873, "the leading precision of the interval is too small");
        return;
    }
    result_iv(ctx, &iv, lead, kind == 'Y' ? 0 : frac);
}

static void to_interval_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    char kind = kind_arg(argv, 1);
    size_t n;
    const char *s = ora_arg_text(argv, 0, &n);
    if (!s)
        return;
    ora_iv iv;
    if (ora_iv_parse(s, n, kind, &iv) == 0) {
        result_iv(ctx, &iv, COMPUTED_PRECISION, COMPUTED_PRECISION);
        return;
    }
    /* DEFAULT d ON CONVERSION ERROR: d, which must convert (a NULL d is NULL) */
    s = argc > 2 ? ora_arg_text(argv, 2, &n) : NULL;
    if (argc > 2 && !s)
        return;
    if (s && ora_iv_parse(s, n, kind, &iv) == 0)
        result_iv(ctx, &iv, COMPUTED_PRECISION, COMPUTED_PRECISION);
    else
        ora_error(ctx, 1867, "the interval is invalid");
}

/* Sets the result to the interval whose length is the NUMBER d: seconds rounded to the
 * nanosecond ('D') or whole months ('Y'; a fraction of a month is refused, since how
 * Oracle rounds it is not documented; `what` names the operation). ORA-01873 past
 * nine digits of days or years. */
static void result_length(sqlite3_context *ctx, lw_decimal *d, char kind, const char *what)
{
    char *text = NULL;
    size_t len = 0;
    if (lw_decimal_round(d, d, 9, 0) == LW_DECIMAL_OK)
        text = lw_decimal_to_text(d, &len);
    if (!text) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    /* [-]digits[.digits] */
    size_t k = 0;
    int neg = text[0] == '-';
    k += (size_t)neg;
    long long v = 0, nanos = 0;
    int count = ora_iv_digits(text, len, &k, &v);
    if (k < len && text[k] == '.') {
        k++;
        fraction_at(text, len, &k, &nanos);
    }
    int too_big = count >= 18 || k != len;
    sqlite3_free(text);
    ora_iv iv;
    memset(&iv, 0, sizeof iv);
    if (too_big) {
        ora_error(ctx, 1873, "the leading precision of the interval is too small");
        return;
    }
    if (kind == 'Y' && nanos) {
        lw_result_errorf(ctx,
                         "0A000: %s giving a fraction of a month is not supported by the "
                         "oracle dialect",
                         what);
        return;
    }
    if (kind == 'Y') {
        iv.year_month = 1;
        iv.months = neg ? -v : v;
    } else {
        set_ds(&iv, neg, v, nanos);
    }
    result_iv(ctx, &iv, COMPUTED_PRECISION, COMPUTED_PRECISION);
}

static void numtointerval_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    char kind = kind_arg(argv, 2);
    size_t un;
    const char *unit = ora_arg_text(argv, 1, &un);
    lw_decimal d, factor, r;
    lw_decimal_init(&d);
    if (!unit || ora_number_arg(ctx, argv[0], &d)) {
        lw_decimal_clear(&d);
        return;
    }
    char word[16];
    size_t i = skip_blanks(unit, un, 0), e = un;
    while (e > i && unit[e - 1] == ' ')
        e--;
    snprintf(word, sizeof word, "%.*s", (int)(e - i < 15 ? e - i : 15), unit + i);
    static const struct {
        const char *name;
        char kind;
        const char *factor;
    } units[] = {{"YEAR", 'Y', "12"},   {"MONTH", 'Y', "1"},   {"DAY", 'D', "86400"},
                 {"HOUR", 'D', "3600"}, {"MINUTE", 'D', "60"}, {"SECOND", 'D', "1"}};
    const char *f = NULL;
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
        if (units[k].kind == kind && !sqlite3_stricmp(word, units[k].name))
            f = units[k].factor;
    if (!f) {
        lw_decimal_clear(&d);
        ora_error(ctx, 1760, "illegal argument for function");
        return;
    }
    lw_decimal_init(&factor);
    lw_decimal_init(&r);
    if (lw_decimal_from_text(&factor, f, strlen(f)) != LW_DECIMAL_OK ||
        lw_decimal_mul(&r, &d, &factor) != LW_DECIMAL_OK)
        sqlite3_result_error_nomem(ctx);
    else
        result_length(ctx, &r, kind, kind == 'Y' ? "NUMTOYMINTERVAL" : "NUMTODSINTERVAL");
    lw_decimal_clear(&d);
    lw_decimal_clear(&factor);
    lw_decimal_clear(&r);
}

/* ora_interval_scale(OP, I, N): I * N or I / N (OP '*' or '/'; SQLRF "Datetime/Interval
 * Arithmetic": an interval times or divided by a number is an interval of its type),
 * exact to the nanosecond; dividing by zero is ORA-01476. */
static void interval_scale_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    size_t on;
    const char *op = ora_arg_text(argv, 0, &on);
    ora_iv iv;
    lw_decimal n, length, r;
    lw_decimal_init(&n);
    lw_decimal_init(&length);
    lw_decimal_init(&r);
    if (!op || iv_arg(ctx, argv[1], 0, &iv) || ora_number_arg(ctx, argv[2], &n)) {
        lw_decimal_clear(&n);
        return;
    }
    char buf[64];
    if (iv.year_month) {
        snprintf(buf, sizeof buf, "%lld", iv.months);
    } else {
        int neg = iv.secs < 0 || iv.nanos < 0;
        snprintf(buf, sizeof buf, "%s%lld.%09lld", neg ? "-" : "", neg ? -iv.secs : iv.secs,
                 neg ? -iv.nanos : iv.nanos);
    }
    int divide = op[0] == '/';
    if (divide && lw_decimal_sign(&n) == 0) {
        ora_error(ctx, 1476, "divisor is equal to zero");
    } else if (lw_decimal_from_text(&length, buf, strlen(buf)) != LW_DECIMAL_OK ||
               (divide ? lw_decimal_div(&r, &length, &n, 20) : lw_decimal_mul(&r, &length, &n)) !=
                   LW_DECIMAL_OK) {
        sqlite3_result_error_nomem(ctx);
    } else {
        result_length(ctx, &r, iv.year_month ? 'Y' : 'D',
                      divide ? "an INTERVAL divided by a number" : "an INTERVAL times a number");
    }
    lw_decimal_clear(&n);
    lw_decimal_clear(&length);
    lw_decimal_clear(&r);
}

static void interval_add_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    ora_iv a, b;
    int rc = iv_arg(ctx, argv[0], 0, &a);
    if (rc == 0)
        rc = iv_arg(ctx, argv[1], a.year_month ? 'Y' : 'D', &b);
    if (rc)
        return;
    int sign = sqlite3_value_int(argv[2]) < 0 ? -1 : 1;
    if (a.year_month) {
        a.months += sign * b.months;
    } else {
        a.secs += sign * b.secs;
        a.nanos += sign * b.nanos;
        one_sign(&a.secs, &a.nanos);
    }
    result_iv(ctx, &a, COMPUTED_PRECISION, COMPUTED_PRECISION);
}

static void interval_neg_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    ora_iv a;
    if (iv_arg(ctx, argv[0], 0, &a))
        return;
    a.months = -a.months;
    a.secs = -a.secs;
    a.nanos = -a.nanos;
    result_iv(ctx, &a, COMPUTED_PRECISION, COMPUTED_PRECISION);
}

static void dt_add_interval_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    ora_dt dt;
    ora_iv iv;
    int rc = ora_dt_arg(ctx, argv[0], &dt);
    if (rc == 0)
        rc = iv_arg(ctx, argv[1], 0, &iv);
    if (rc) {
        if (rc > 0)
            sqlite3_result_null(ctx);
        return;
    }
    int sign = sqlite3_value_int(argv[2]) < 0 ? -1 : 1;
    size_t kn;
    const char *kind = ora_arg_text(argv, 3, &kn);
    char k = kind ? kind[0] : 'T';
    if (iv.year_month) {
        long long m = (long long)dt.year * 12 + (dt.month - 1) + sign * iv.months;
        if (m < 12 || m >= 10000LL * 12) {
            ora_error(ctx, 1841, "(full) year must be between -4713 and +9999, and not be 0");
            return;
        }
        dt.year = (int)(m / 12);
        dt.month = (int)(m % 12) + 1;
        if (dt.day > ora_days_in_month(dt.year, dt.month)) {
            ora_error(ctx, 1839, "date not valid for month specified");
            return;
        }
    } else {
        long long nanos = dt.nanos + sign * iv.nanos;
        long long secs = ora_dt_seconds(&dt) + sign * iv.secs;
        while (nanos < 0) {
            nanos += NANOS;
            secs--;
        }
        while (nanos >= NANOS) {
            nanos -= NANOS;
            secs++;
        }
        /* past the year 9999 either way: ORA-01841 below */
        if (secs > 253402300799LL || secs < -62135596800LL) {
            ora_error(ctx, 1841, "(full) year must be between -4713 and +9999, and not be 0");
            return;
        }
        ora_dt out = dt;
        ora_dt_from_seconds(secs, &out);
        out.nanos = k == 'D' ? 0 : (int)nanos;
        out.has_tz = dt.has_tz;
        out.tz_minutes = dt.tz_minutes;
        memcpy(out.tz_name, dt.tz_name, sizeof out.tz_name);
        dt = out;
    }
    if (dt.year < 1 || dt.year > 9999) {
        ora_error(ctx, 1841, "(full) year must be between -4713 and +9999, and not be 0");
        return;
    }
    size_t n;
    char *t = ora_dt_text(&dt, k, &n);
    if (!t)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text64(ctx, t, n, sqlite3_free, SQLITE_UTF8);
}

static void dt_diff_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int64_t secs, nanos;
    if (ora_dt_args_difference(ctx, argv, &secs, &nanos))
        return;
    ora_iv iv = {0, 0, secs, nanos};
    one_sign(&iv.secs, &iv.nanos);
    result_iv(ctx, &iv, COMPUTED_PRECISION, -1);
}

void ora_interval_extract(sqlite3_context *ctx, const char *field, sqlite3_value *v)
{
    ora_iv iv;
    int rc = iv_arg(ctx, v, 0, &iv);
    if (rc) {
        if (rc > 0)
            sqlite3_result_null(ctx);
        return;
    }
    if (iv.year_month) {
        if (!sqlite3_stricmp(field, "year"))
            sqlite3_result_int64(ctx, iv.months / 12);
        else if (!sqlite3_stricmp(field, "month"))
            sqlite3_result_int64(ctx, iv.months % 12);
        else
            ora_error(ctx, 30076, "invalid extract field for extract source");
        return;
    }
    if (!sqlite3_stricmp(field, "day"))
        sqlite3_result_int64(ctx, iv.secs / 86400);
    else if (!sqlite3_stricmp(field, "hour"))
        sqlite3_result_int64(ctx, iv.secs % 86400 / 3600);
    else if (!sqlite3_stricmp(field, "minute"))
        sqlite3_result_int64(ctx, iv.secs % 3600 / 60);
    else if (!sqlite3_stricmp(field, "second")) {
        long long s = iv.secs % 60, ns = iv.nanos;
        int neg = s < 0 || ns < 0;
        char buf[48];
        snprintf(buf, sizeof buf, "%s%lld.%09lld", neg ? "-" : "", neg ? -s : s, neg ? -ns : ns);
        lw_decimal d;
        lw_decimal_init(&d);
        ora_number_parse(buf, strlen(buf), &d);
        ora_result_number(ctx, &d);
    } else {
        ora_error(ctx, 30076, "invalid extract field for extract source");
    }
}

/* ---- SUM and AVG ------------------------------------------------------------------ */

/* SUM(I) and AVG(I) of intervals of one type (ora_interval_sum, ora_interval_avg, user
 * data 0 and 1), aggregates and window functions: NULLs left out, NULL for no rows; an
 * AVG of YEAR TO MONTH values that is not a whole number of months is refused, as
 * elsewhere; a total past the type's range is ORA-01873. */
typedef struct iv_total {
    long long count;
    char kind; /* 'Y', 'D', or 0 before the first value */
    long long months, secs, nanos;
} iv_total;

static void total_step(sqlite3_context *ctx, sqlite3_value *v, int sign)
{
    iv_total *t = sqlite3_aggregate_context(ctx, sizeof *t);
    if (!t) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    ora_iv iv;
    if (iv_arg(ctx, v, t->kind, &iv))
        return;
    t->kind = iv.year_month ? 'Y' : 'D';
    t->count += sign;
    if (__builtin_add_overflow(t->months, sign * iv.months, &t->months) ||
        __builtin_add_overflow(t->secs, sign * iv.secs, &t->secs)) {
        ora_error(ctx, 1873, "the leading precision of the interval is too small");
        return;
    }
    t->nanos += sign * iv.nanos;
    one_sign(&t->secs, &t->nanos);
}

static void total_add(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    total_step(ctx, argv[0], 1);
}

static void total_remove(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    total_step(ctx, argv[0], -1);
}

static void total_value(sqlite3_context *ctx)
{
    iv_total *t = sqlite3_aggregate_context(ctx, 0);
    if (!t || t->count <= 0) {
        sqlite3_result_null(ctx);
        return;
    }
    ora_iv iv = {t->kind == 'Y', t->months, t->secs, t->nanos};
    if (*(const int *)sqlite3_user_data(ctx)) {
        /* AVG: the quotient, its remainder carried into the fraction */
        if (iv.year_month && iv.months % t->count) {
            lw_result_errorf(ctx, "0A000: AVG of INTERVAL YEAR TO MONTH values giving a "
                                  "fraction of a month is not supported by the oracle dialect");
            return;
        }
        iv.months /= t->count;
        long long rest = iv.secs % t->count;
        iv.secs /= t->count;
        long long nanos = rest * NANOS + iv.nanos;
        iv.nanos = (nanos + (nanos < 0 ? -t->count / 2 : t->count / 2)) / t->count;
        one_sign(&iv.secs, &iv.nanos);
    }
    result_iv(ctx, &iv, COMPUTED_PRECISION, COMPUTED_PRECISION);
}

int ora_register_interval_aggregates(sqlite3 *db, char **pzErr)
{
    static const int sum = 0, avg = 1;
    int rc = sqlite3_create_window_function(db, "ora_interval_sum", 1,
                                            SQLITE_UTF8 | SQLITE_INNOCUOUS, (void *)&sum, total_add,
                                            total_value, total_value, total_remove, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_window_function(db, "ora_interval_avg", 1,
                                            SQLITE_UTF8 | SQLITE_INNOCUOUS, (void *)&avg, total_add,
                                            total_value, total_value, total_remove, NULL);
    if (rc)
        *pzErr = sqlite3_mprintf("cannot register function ora_interval_sum/avg: %s",
                                 sqlite3_errmsg(db));
    return rc;
}

const ora_function_def ora_interval_functions[] = {
    ORA_PURE("ora_store_interval", 4, store_interval_fn),
    ORA_PURE("ora_to_interval", 2, to_interval_fn),
    ORA_PURE("ora_to_interval", 3, to_interval_fn),
    ORA_PURE("ora_numtointerval", 3, numtointerval_fn),
    ORA_PURE("ora_interval_add", 3, interval_add_fn),
    ORA_PURE("ora_interval_neg", 1, interval_neg_fn),
    ORA_PURE("ora_interval_scale", 3, interval_scale_fn),
    ORA_STATE("ora_dt_add_interval", 4, dt_add_interval_fn),
    ORA_STATE("ora_dt_diff", 2, dt_diff_fn),
    {{NULL, 0, 0, NULL, NULL, NULL, NULL, NULL}, 0},
};
