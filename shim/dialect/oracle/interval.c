/*
 * INTERVAL values of the oracle dialect (SQLRF "Interval Literals", "Datetime/Interval
 * Arithmetic", "EXTRACT (datetime)"). SQLite has no interval type, so an interval is a
 * text value of the dialect's own, only ever an operand of + and - with a datetime, of
 * EXTRACT, or the result of TIMESTAMP - TIMESTAMP:
 *
 *   YM:<months>                    INTERVAL YEAR TO MONTH: INTERVAL '123-2' YEAR(3) TO
 *                                  MONTH is YM:1478
 *   DS:<seconds>.<nanoseconds>     INTERVAL DAY TO SECOND: INTERVAL '4 5:12:10.222' DAY TO
 *                                  SECOND(3) is DS:364330.222000000; a minus sign leads
 *
 * A literal is checked and written here, when the statement is translated: its fields
 * as its qualifier names them (YEAR, YEAR TO MONTH, MONTH, DAY [TO HOUR | MINUTE |
 * SECOND], HOUR [TO MINUTE | SECOND], MINUTE [TO SECOND], SECOND), the leading field
 * within its precision (default 2: ORA-01873), the others within their ranges and the
 * fraction rounded to the second's precision (default 6). Arithmetic and EXTRACT are
 * runtime_interval.c. A YEAR TO MONTH or DAY TO SECOND literal alone in the statement's
 * own select list is shown as Oracle shows it (ora_show_interval: +01-02,
 * +03 04:05:06.000000); an interval anywhere else (a column, a function argument, a
 * subquery's select list, INSERT ... SELECT) is refused (0A000): it has no value SQLite
 * could store.
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

/* Reads digits at s[*i]: their value, and how many there were. */
static int read_number(const char *s, size_t n, size_t *i, long long *v)
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
        int digits = read_number(s, n, &i, &field[u]);
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
            int fdigits = read_number(s, n, &i, &fraction);
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
    if (to <= IV_MONTH) {
        long long months = field[IV_YEAR] * 12 + field[IV_MONTH];
        lw_outf(w, "'YM:%s%lld' ", neg && months ? "-" : "", months);
    } else {
        long long secs = field[IV_DAY] * 86400 + field[IV_HOUR] * 3600 + field[IV_MINUTE] * 60 +
                         field[IV_SECOND];
        if (nanos >= 1000000000) {
            secs++;
            nanos -= 1000000000;
        }
        lw_outf(w, "'DS:%s%lld.%09lld' ", neg && (secs || nanos) ? "-" : "", secs, nanos);
    }
    e->is_interval = 1;
    e->type = LW_K_UNKNOWN;
    /* YEAR[(p)] TO MONTH and DAY[(p)] TO SECOND[(f)] are shown alone in a select list
     * with their precisions (ora_show_interval); for the other qualifiers the
     * documentation does not say which type, hence which display, the literal has. */
    if ((from == IV_YEAR && to == IV_MONTH) || (from == IV_DAY && to == IV_SECOND))
        e->decimals = lead * 10 + (to == IV_SECOND ? frac : 0);
    return 1;
}

void ora_show_interval(lw_walker *w, lw_expr *e)
{
    if (!e->is_interval || w->rc)
        return;
    if (e->decimals < 0) {
        lw_refuse(w, "an interval value in a select list other than an INTERVAL YEAR TO MONTH "
                     "or DAY TO SECOND literal");
        return;
    }
    lw_insert_call(w, e->start, "ora_interval_show");
    lw_outf(w, ", %d, %d) ", e->decimals / 10, e->decimals % 10);
    e->is_interval = 0;
    e->decimals = -1;
    e->type = LW_K_VARCHAR;
}
