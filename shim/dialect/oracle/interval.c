/*
 * INTERVAL literals of the oracle dialect (SQLRF "Interval Literals"): INTERVAL 'text'
 * qualifier, checked and written when the statement is translated as the interval value
 * runtime_interval.c keeps, the text Oracle shows (+01-02, +04 05:12:10.222000), of kind
 * LW_K_INTERVAL_YM (YEAR, YEAR TO MONTH, MONTH) or LW_K_INTERVAL (the DAY TO SECOND
 * family) with the collation ORA_INTERVAL.
 *
 * The fields are read as the qualifier names them (YEAR, YEAR TO MONTH, MONTH, DAY [TO
 * HOUR | MINUTE | SECOND], HOUR [TO MINUTE | SECOND], MINUTE [TO SECOND], SECOND), the
 * leading field within its precision (default 2: ORA-01873), the others within their
 * ranges (ORA-01867) and the fraction rounded to the second's precision (default 6). The
 * value is shown with the qualifier's leading precision when it starts with YEAR or DAY
 * (INTERVAL '400' DAY(3) is +400 00:00:00.000000), else two digits (INTERVAL '30' MINUTE
 * is +00 00:30:00.000000): the documentation does not say which type such a literal has.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/oracle/oracle.h"

enum { IV_YEAR, IV_MONTH, IV_DAY, IV_HOUR, IV_MINUTE, IV_SECOND };

static int unit_at(lw_walker *w, int k)
{
    static const char *const names[] = {"year", "month", "day", "hour", "minute", "second"};
    for (int i = 0; i < 6; i++)
        if (lw_word_at(w, k, names[i]))
            return i;
    return -1;
}

/* An optional (n) or (n, m) at the current token. Returns 0, or -1 after an error. */
static int precision(lw_walker *w, int *p, int *f)
{
    if (!lw_type_at(w, 0, LW_TK_LPAREN))
        return 0;
    lw_skip(w);
    if (!lw_type_at(w, 0, LW_TK_NUMBER))
        return ora_walk_error(w, 30088, "datetime/interval precision is out of range"), -1;
    *p = atoi(w->sql + lw_tok(w, 0)->offset);
    lw_skip(w);
    if (f && lw_type_at(w, 0, LW_TK_COMMA)) {
        lw_skip(w);
        if (!lw_type_at(w, 0, LW_TK_NUMBER))
            return ora_walk_error(w, 30088, "datetime/interval precision is out of range"), -1;
        *f = atoi(w->sql + lw_tok(w, 0)->offset);
        lw_skip(w);
    }
    if (!lw_type_at(w, 0, LW_TK_RPAREN))
        return ora_walk_error(w, 907, "missing right parenthesis"), -1;
    lw_skip(w);
    if (*p < 0 || *p > 9 || (f && (*f < 0 || *f > 9)))
        return ora_walk_error(w, 30088, "datetime/interval precision is out of range"), -1;
    return 0;
}

int ora_interval_literal(lw_walker *w, lw_expr *e)
{
    const lw_token *lit = lw_tok(w, 1);
    const char *s = w->sql + lit->offset + 1;
    size_t n = lit->length - 2;
    w->p += 2;
    int from = unit_at(w, 0), to;
    if (from < 0)
        return ora_walk_error(w, 30089, "missing or invalid <datetime field>"), 1;
    lw_skip(w);
    int lead = 2, frac = 6;
    if (precision(w, &lead, from == IV_SECOND ? &frac : NULL))
        return 1;
    to = from;
    if (lw_word(w, "to")) {
        lw_skip(w);
        to = unit_at(w, 0);
        if (to < 0 || to <= from || (from <= IV_MONTH) != (to <= IV_MONTH))
            return ora_walk_error(w, 30089, "missing or invalid <datetime field>"), 1;
        lw_skip(w);
        if (to == IV_SECOND && precision(w, &frac, NULL))
            return 1;
        else if (to != IV_SECOND && lw_type_at(w, 0, LW_TK_LPAREN))
            return ora_walk_error(w, 907, "missing right parenthesis"), 1;
    }
    /* the literal: [+|-] leading field, then the others with their separators */
    size_t i = 0;
    while (i < n && s[i] == ' ')
        i++;
    int neg = 0;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    long long field[6] = {0, 0, 0, 0, 0, 0};
    long long nanos = 0;
    static const char separator[] = {0, '-', 0, ' ', ':', ':'};
    for (int u = from; u <= to; u++) {
        if (u > from) {
            if (i >= n || s[i] != separator[u])
                return ora_walk_error(w, 1867, "the interval is invalid"), 1;
            i++;
        }
        int digits = ora_iv_digits(s, n, &i, &field[u]);
        if (digits == 0)
            return ora_walk_error(w, 1867, "the interval is invalid"), 1;
        if (u == from && digits > lead)
            return ora_walk_error(w, 1873, "the leading precision of the interval is too small"), 1;
        static const long long limit[] = {0, 12, 0, 24, 60, 60};
        if (u > from && field[u] >= limit[u])
            return ora_walk_error(w, 1867, "the interval is invalid"), 1;
        if (u == IV_SECOND && i < n && s[i] == '.') {
            i++;
            size_t start = i;
            long long fraction = 0;
            int fdigits = ora_iv_digits(s, n, &i, &fraction);
            if (fdigits == 0 || fdigits > 9)
                return ora_walk_error(w, 1867, "the interval is invalid"), 1;
            (void)start;
            for (int k = fdigits; k < 9; k++)
                fraction *= 10;
            /* rounded to the second's precision */
            long long unit = 1;
            for (int k = frac; k < 9; k++)
                unit *= 10;
            nanos = (fraction + unit / 2) / unit * unit;
        }
    }
    while (i < n && s[i] == ' ')
        i++;
    if (i != n)
        return ora_walk_error(w, 1867, "the interval is invalid"), 1;
    ora_iv iv;
    memset(&iv, 0, sizeof iv);
    if (to <= IV_MONTH) {
        iv.year_month = 1;
        iv.months = field[IV_YEAR] * 12 + field[IV_MONTH];
        if (neg)
            iv.months = -iv.months;
    } else {
        long long secs = field[IV_DAY] * 86400 + field[IV_HOUR] * 3600 + field[IV_MINUTE] * 60 +
                         field[IV_SECOND];
        if (nanos >= 1000000000) {
            secs++;
            nanos -= 1000000000;
        }
        iv.secs = neg ? -secs : secs;
        iv.nanos = neg ? -nanos : nanos;
    }
    /* The value as Oracle shows it: the leading precision is the type's when the
     * qualifier starts with YEAR or DAY, else 2 (INTERVAL '30' MINUTE is +00
     * 00:30:00.000000); the fraction the second's precision, else 6. */
    char *text =
        ora_iv_text(&iv, from == IV_YEAR || from == IV_DAY ? lead : 2, to == IV_SECOND ? frac : 6);
    if (!text) {
        w->t->out->oom = 1;
        return 1;
    }
    lw_outf(w, "%Q ", text);
    sqlite3_free(text);
    e->type = to <= IV_MONTH ? LW_K_INTERVAL_YM : LW_K_INTERVAL;
    lw_kind_carrier(w, e->start, e->type);
    return 1;
}
