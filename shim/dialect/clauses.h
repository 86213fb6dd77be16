/*
 * The statement walk (clauses.c): what every dialect's statements are made of.
 *
 *   lw_walk_statement   the statement's first word in the dialect's statement table
 *                       (CREATE, SET, ... or refused), else the clause walk
 *   lw_walk_until       the clause walk: clause words and punctuation written as they
 *                       are, expressions to the expression parser; SELECT lists, FROM
 *                       items, WHERE/HAVING/ON, GROUP BY, ORDER BY, VALUES, RETURNING
 *                       and the dialect's own clauses (rules->clauses: LIMIT...)
 *
 * Select lists record what the statement returns: which result columns are
 * booleans (for the dialect's output), and, for a subquery, its columns' kinds (a
 * scalar subquery's kind, a CTE's columns). An INSERT ... SELECT's items and UPDATE's
 * SET values are stored with the dialect's assignment casts; VALUES rows are written by
 * values.c. A derived table's column alias list, (query) AS t(a, b), is written as a
 * CTE's column list (scope.h).
 */
#ifndef LW_SHIM_CLAUSES_H
#define LW_SHIM_CLAUSES_H

#include "dialect/expr.h"

/* Walks the statement from the current token to the end, or to an unbalanced ')'
 * when stop_at_rparen. */
void lw_walk_until(lw_walker *w, int stop_at_rparen);
/* A select list (or RETURNING list); top: its boolean columns are the statement's. */
void lw_select_items(lw_walker *w, int top);
/* LIMIT n / OFFSET n / FETCH FIRST n ROWS ONLY in any order, written in SQLite's. */
void lw_limit_clause(lw_walker *w);

#endif
