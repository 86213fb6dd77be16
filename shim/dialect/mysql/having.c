/*
 * HAVING without GROUP BY in a query without aggregates: MariaDB filters the rows with
 * it, its names being the select list's (SELECT id, code * 2 AS d FROM t HAVING d > 30);
 * SQLite refuses it ("HAVING clause on a non-aggregate query"). A top-level SELECT of
 * that shape is written with the condition in its WHERE:
 *
 *   SELECT list FROM f [WHERE w] HAVING h [ORDER BY ...] [LIMIT ...]
 *   -> SELECT list FROM f WHERE (w) AND (h) [ORDER BY ...] [LIMIT ...]
 *
 * SQLite's WHERE sees the select list's aliases (when no column has the name), so h
 * reads them, and an unknown name is 1054 "Unknown column 'x' in 'HAVING'" (errors.c
 * names the clause it is written in). A query with GROUP BY or an aggregate call (its
 * own, not a subquery's) keeps SQLite's HAVING, which is right there; so do a UNION
 * and a subquery's HAVING (SQLite's error, 1105).
 *
 * Limits: a column of the FROM tables that the select list does not show is read in
 * h (MariaDB: 1054), and an alias that is also a column's name reads the column
 * (MariaDB: the alias).
 */
#include <string.h>

#include "dialect/clauses.h"
#include "dialect/mysql/mysql.h"

/* Whether tokens [from, to) call an aggregate of the query itself (not of a subquery). */
static int calls_aggregate(const lw_walker *w, size_t from, size_t to)
{
    static const char *const aggregates[] = {
        "count",       "sum",      "avg",     "min",      "max",           "group_concat",
        "bit_and",     "bit_or",   "bit_xor", "std",      "stddev",        "stddev_pop",
        "stddev_samp", "variance", "var_pop", "var_samp", "json_arrayagg", "json_objectagg",
        NULL};
    unsigned long long subqueries = 0; /* per depth: the parenthesis opened a subquery */
    int depth = 0;
    for (size_t k = from; k < to && k < w->n; k++) {
        const lw_token *t = &w->tk[w->at[k]];
        if (t->type == LW_TK_LPAREN) {
            depth++;
            int query = k + 1 < w->n && (lw_token_is_word(w->sql, &w->tk[w->at[k + 1]], "select") ||
                                         lw_token_is_word(w->sql, &w->tk[w->at[k + 1]], "with"));
            if (depth < 64 && query)
                subqueries |= 1ULL << depth;
        } else if (t->type == LW_TK_RPAREN) {
            if (depth > 0 && depth < 64)
                subqueries &= ~(1ULL << depth);
            depth--;
        } else if (t->type == LW_TK_WORD &&
                   !(subqueries & ((2ULL << (depth < 63 ? depth : 63)) - 1)) && k + 1 < w->n &&
                   w->tk[w->at[k + 1]].type == LW_TK_LPAREN) {
            for (int i = 0; aggregates[i]; i++)
                if (lw_token_is_word(w->sql, t, aggregates[i]))
                    return 1;
        }
    }
    return 0;
}

/* The first top-level word after `after` that ends HAVING's condition, or w->n. */
static size_t condition_end(const lw_walker *w, size_t after)
{
    static const char *const ends[] = {"order", "limit", "window", "for", "lock", "into", NULL};
    size_t end = w->n;
    for (int i = 0; ends[i]; i++) {
        size_t k = my_top_level_word(w, ends[i]);
        if (k > after && k < end)
            end = k;
    }
    return end;
}

int my_having_without_grouping(lw_walker *w)
{
    size_t having = my_top_level_word(w, "having");
    if (!having || my_top_level_word(w, "group") || my_top_level_word(w, "union") ||
        my_top_level_word(w, "intersect") || my_top_level_word(w, "except"))
        return 0;
    size_t where = my_top_level_word(w, "where");
    size_t end = condition_end(w, having);
    if ((where && where > having) || calls_aggregate(w, 0, end))
        return 0;
    size_t all = w->n;
    /* SELECT list FROM f, as the walk writes it. */
    w->n = where ? where : having;
    lw_walk_until(w, 0);
    w->n = all;
    if (w->rc)
        return 1;
    lw_out(w, "WHERE (");
    if (where) {
        w->p = where + 1;
        lw_parse_expr(w, 0);
        if (!w->rc && w->p != having)
            return my_syntax_error(w, 0), 1;
        lw_out(w, ") AND (");
    }
    w->p = having + 1;
    lw_parse_expr(w, 0);
    if (!w->rc && w->p != end)
        return my_syntax_error(w, 0), 1;
    lw_out(w, ") ");
    lw_walk_until(w, 0);
    return 1;
}
