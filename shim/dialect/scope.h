/*
 * Scopes (scope.c): the FROM items a query's column references can see, and the kinds
 * of their columns, as the server resolves names: the innermost item that has the
 * column. A table's columns are typed from the schema's declared types (the dialect's
 * declared-type table); a CTE's or derived table's from its select list, written (or,
 * for a derived table, dry-run) before the outer query refers to them.
 */
#ifndef LW_SHIM_SCOPE_H
#define LW_SHIM_SCOPE_H

#include "dialect/expr.h"

/* Records a FROM item: the name the query calls it by, the table behind it (0: none
 * known), the CTE or derived table whose columns were typed, their column list. */
void lw_push_scope(lw_walker *w, size_t alias_tok, size_t table_tok, size_t cte_tok,
                   size_t names_tok);
/* Records the FROM items of the list starting k tokens ahead, up to the word that ends
 * the list (rules->from_ends). */
void lw_scope_items(lw_walker *w, size_t k);
/* The FROM list of the query whose select list (or UPDATE/DELETE) starts k tokens
 * ahead: recorded before the list is written, so that its column references are typed. */
void lw_scope_from(lw_walker *w, size_t k);
/* The kind of a column reference (qual_tok 0: unqualified), or LW_K_UNKNOWN. */
lw_kind lw_column_kind(lw_walker *w, size_t qual_tok, size_t col_tok);
/* lw_column_kind, and the token of the table the column comes from in *table_tok (0
 * when it is not a table's or view's column, or not found). */
lw_kind lw_column_source(lw_walker *w, size_t qual_tok, size_t col_tok, size_t *table_tok);
/* The declared kind of column col_tok of the table at table_tok; -1 when the schema
 * shows no such column. */
int lw_table_column_kind(lw_walker *w, size_t table_tok, size_t col_tok);
/*
 * A derived table's column alias list, (query) [AS] alias (a, b), which SQLite's
 * grammar lacks: written (WITH _lw_cols (a, b) AS (query) SELECT * FROM _lw_cols) AS
 * alias, a CTE's column list naming the columns by position; columns the list leaves
 * out keep their names (a VALUES column is column<N>). The query was written from
 * query_start; the alias is k tokens ahead (after AS).
 */
void lw_derived_column_names(lw_walker *w, size_t query_start, size_t k);

#endif
