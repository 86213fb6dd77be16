/*
 * Internals of the postgresql dialect's catalog (catalog.c: the dialect's records and
 * the virtual tables; catalog_rows.c: each relation's rows; catalog_deparse.c:
 * expressions and indexes as PostgreSQL shows them).
 */
#ifndef LW_SHIM_PG_CATALOG_INT_H
#define LW_SHIM_PG_CATALOG_INT_H

#include <stdlib.h>
#include <string.h>

#include "core/lexer.h"
#include "core/sqlbuf.h"
#include "dialect/ddl.h"
#include "dialect/postgresql/catalog.h"
#include "dialect/postgresql/runtime.h"

#define PUBLIC_OID 2200 /* the schema public */
#define FIRST_OID 16384 /* the first oid PostgreSQL gives a user's object */

/* A relation's rows, computed when it is read: n_cols cells a row. */
typedef struct cell {
    int type; /* SQLITE_INTEGER, SQLITE_TEXT or SQLITE_NULL */
    sqlite3_int64 i;
    char *s;
} cell;

typedef struct rowset {
    cell *cells;
    int n_cols;
    int n, cap; /* cells */
    int oom;
} rowset;

void cat_rowset_free(rowset *rs);

/* The rows of each relation (catalog_rows.c). Return an SQLite code. */
int cat_fill_tables(sqlite3 *db, rowset *rs);
int cat_fill_views(sqlite3 *db, rowset *rs);
int cat_fill_columns(sqlite3 *db, rowset *rs);
int cat_fill_table_constraints(sqlite3 *db, rowset *rs);
int cat_fill_key_column_usage(sqlite3 *db, rowset *rs);
int cat_fill_referential_constraints(sqlite3 *db, rowset *rs);
int cat_fill_constraint_column_usage(sqlite3 *db, rowset *rs);
int cat_fill_sequences(sqlite3 *db, rowset *rs);
int cat_fill_pg_indexes(sqlite3 *db, rowset *rs);
int cat_fill_pg_class(sqlite3 *db, rowset *rs);

/* Types and expressions as PostgreSQL shows them (catalog_deparse.c). Strings returned
 * are sqlite3_malloc'ed (NULL: out of memory, or none). */
/* The PostgreSQL type a declared type the dialect wrote stands for (LW_K_UNKNOWN when
 * it is none of them). */
lw_kind cat_kind_of(const char *declared, lw_sql_type *ty);
/* information_schema's data_type and udt_name of a kind, or NULL. */
const char *cat_data_type(lw_kind k);
const char *cat_udt_name(lw_kind k);
/* information_schema's interval_type of an interval's fields (LW_FIELD_*), or NULL
 * for every field (-1) or a set no qualifier names. */
const char *cat_interval_fields(long long fields);
/* format_type's name of a kind (a cast in a default). */
const char *cat_cast_type_name(lw_kind k);
char *cat_quote_ident(const char *name);
/* An index predicate (SQLite's text over table m) as pg_get_expr shows it. */
char *cat_deparse_predicate(const char *sql, const lw_table_model *m);
/* A column's default (SQLite's text) as column_default shows it; NULL for NULL. */
char *cat_deparse_default(const char *expr, lw_kind kind);
/* pg_get_indexdef of a constraint's index, and of an index SQLite keeps as sql. */
char *cat_key_index_def(const char *table, const char *name, const lw_tm_constraint *c);
char *cat_index_def(const char *name, const char *table, const char *sql, const lw_table_model *m);

#endif
