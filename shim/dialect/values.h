/*
 * Values going into tables (values.c), for every dialect the walker writes:
 *
 *   INSERT INTO t [(cols)]      the target and its column list, remembered for what
 *                               follows (DEFAULT, RETURNING, excluded.col, the casts)
 *   VALUES (...), (...)         DEFAULT items written as the column's default (SQLite
 *                               knows DEFAULT only as DEFAULT VALUES); as a query (the
 *                               body of a CTE or a derived table, a subquery) its columns
 *                               take their rows' common kind, and a numeric column's
 *                               integers are written as exact numerics, so the column's
 *                               rows compare and sort as numbers
 *   assignment casts            an exact numeric or a double stored into an integer
 *                               column (INSERT VALUES, INSERT ... SELECT, UPDATE SET) is
 *                               rounded and range-checked by the dialect's casts
 *                               (rules->exact_int_cast_function, rules->cast_function),
 *                               as the server's assignment does; SQLite's INTEGER
 *                               affinity would keep 2.5
 *
 * Limits: a query's VALUES is typed over its first LW_WALK_MAX_VALUES_ITEMS items (and
 * columns); past them its rows are written as they come.
 */
#ifndef LW_SHIM_VALUES_H
#define LW_SHIM_VALUES_H

#include "dialect/expr.h"

#ifndef LW_WALK_MAX_VALUES_ITEMS
#define LW_WALK_MAX_VALUES_ITEMS 256
#endif

/* INSERT INTO name [(cols)] at the current token: remembers the table and its
 * columns (DEFAULT in VALUES, RETURNING, excluded.col, assignment casts). */
void lw_note_insert_target(lw_walker *w);
/* VALUES (...), (...) at the current token: an INSERT's rows (DEFAULT replaced by the
 * defaults, assignment casts), or a query's, whose columns are typed (see above). */
void lw_values_rows(lw_walker *w);
/*
 * The value e (written from e->start) stored into column col_tok (0: the column at
 * position `index`) of the table at table_tok, in row `row` of an INSERT's VALUES (0:
 * not known): the dialect's assign hook writes its conversion (rules.h); without one, an
 * exact numeric or a double going into an integer column is wrapped in the dialect's
 * cast to the column's kind.
 */
void lw_assignment_cast(lw_walker *w, const lw_expr *e, size_t table_tok, size_t col_tok, int index,
                        int row);
/* The column of the INSERT's column list at position `index` (0: none, the table's
 * order decides), for lw_assignment_cast. */
size_t lw_insert_column(const lw_walker *w, int index);

#endif
