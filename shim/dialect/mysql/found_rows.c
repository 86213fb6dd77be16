/*
 * FOUND_ROWS() and SELECT SQL_CALC_FOUND_ROWS.
 *
 * SQL: SELECT SQL_CALC_FOUND_ROWS ... [LIMIT n [OFFSET m]] returns its rows as without
 * the word, and counts the rows it would return without its LIMIT; FOUND_ROWS() in the
 * next SELECT returns that count:
 *
 *   <the query without its LIMIT> LIMIT my_found_rows((SELECT count(*) FROM
 *     (<the query without its LIMIT>)), <the LIMIT's first value>) [OFFSET m | , n]
 *
 * (SQLite evaluates LIMIT once, before the first row, even when there is none; -1 when
 * the query has no LIMIT).
 * FOUND_ROWS() after a SELECT without SQL_CALC_FOUND_ROWS is MariaDB's count of the rows
 * that SELECT returned, which the dialect does not see (the rows go from SQLite to the
 * caller): it is refused (1235) rather than answered with another number. Statements
 * that are not SELECTs leave the count alone, as on the server.
 *
 * The functions, my_found_rows(N) and FOUND_ROWS(), are runtime_found_rows.c's.
 *
 * Limits: the query runs twice (once counted); SQL_CALC_FOUND_ROWS with parameters or
 * with INTO is refused.
 */
#include <string.h>

#include "dialect/clauses.h"
#include "dialect/mysql/mysql.h"

int my_calc_found_rows(lw_walker *w)
{
    /* SQL_CALC_FOUND_ROWS is the word after SELECT (and its options) */
    size_t calc = 0;
    for (size_t k = 1; k < w->n && k < 6 && !calc; k++)
        if (lw_token_is_word(w->sql, &w->tk[w->at[k]], "sql_calc_found_rows"))
            calc = k;
    if (!calc)
        return 0;
    int depth = 0;
    size_t limit = w->n;
    for (size_t k = 0; k < w->n; k++) {
        const lw_token *t = &w->tk[w->at[k]];
        if (t->type == LW_TK_PARAM)
            return lw_refuse(w, "SQL_CALC_FOUND_ROWS with parameters");
        if (t->type == LW_TK_LPAREN)
            depth++;
        else if (t->type == LW_TK_RPAREN)
            depth--;
        else if (depth == 0 && lw_token_is_word(w->sql, t, "into"))
            return lw_refuse(w, "SQL_CALC_FOUND_ROWS with INTO");
        else if (depth == 0 && limit == w->n && lw_token_is_word(w->sql, t, "limit"))
            limit = k;
    }
    memmove(&w->at[calc], &w->at[calc + 1], (w->n - calc - 1) * sizeof *w->at);
    w->n--;
    if (limit != w->n + 1)
        limit--;
    else
        limit = w->n;
    size_t n = w->n;
    /* The query up to its LIMIT, then a LIMIT whose first value carries the count. */
    w->p = 0;
    w->n = limit;
    lw_walk_until(w, 0);
    lw_out(w, " LIMIT my_found_rows((SELECT count(*) FROM (");
    w->p = 0;
    lw_walk_until(w, 0);
    w->n = n;
    lw_out(w, ")), ");
    if (limit + 1 < n) {
        w->p = limit + 1;
        lw_parse_expr(w, BP_UNARY); /* a number, ? or @var: MariaDB's LIMIT values */
        lw_out(w, ") ");
        lw_walk_until(w, 0);
    } else {
        /* no LIMIT: every row, or sql_select_limit's */
        const my_session *s = my_session_of(w);
        if (s->sql_select_limit == MY_SELECT_LIMIT_NONE)
            lw_out(w, "-1)");
        else
            lw_outf(w, "%llu)", (unsigned long long)s->sql_select_limit);
    }
    w->consumed = 1;
    return w->rc ? w->rc : 1;
}
