/*
 * Internals of the postgresql dialect's ALTER statements at run time, shared by
 * alter_run.c (the statement, its hooks, ALTER INDEX, DROP TABLE), alter_columns.c (types
 * and the column actions) and alter_constraints.c (constraint names, the constraint
 * actions, renames). Functions return an SQLite code with err filled (fail() words a
 * PostgreSQL error), or what they say.
 */
#ifndef LW_SHIM_PG_ALTER_RUN_H
#define LW_SHIM_PG_ALTER_RUN_H

#include <string.h>

#include "dialect/alter.h"
#include "dialect/postgresql/alter.h"
#include "dialect/postgresql/catalog.h"
#include "dialect/postgresql/runtime.h"

/* A change to the dialect's records, made in the rebuild's savepoint. */
/* A change to the dialect's records (catalog.h), made in the rebuild's savepoint (the
 * sequences of added SERIAL columns before the copy, which takes values from them). */
typedef struct catalog_op {
    enum { OP_DONE = 0, OP_SEQ_CREATE, OP_SEQ_DROP, OP_DROPPED_ATTNUM } kind;
    char *name, *type, *column;
    int attnum;
} catalog_op;

/* One ALTER TABLE statement being applied: the shared layer's change (dialect/alter.h)
 * and the dialect's records to change with it. */
typedef struct run {
    sqlite3 *db;
    const lw_dialect_rules *rules;
    lw_alter a;
    const char *dropping; /* the column a DROP COLUMN drops (for the view message) */
    catalog_op *ops;
    int n_ops;
} run;

/* ---- Helpers (alter_run.c) -------------------------------------------------------------- */

/* 53200; returns SQLITE_NOMEM. */
int pga_oom(lw_dialect_error *err);
/* PostgreSQL's error sqlstate, fmt with up to two %s; returns SQLITE_ERROR. */
int pga_fail(lw_dialect_error *err, const char *sqlstate, const char *fmt, const char *a,
             const char *b);
/* Records a change to the dialect's records (catalog_op). Returns an SQLite code. */
int pga_add_op(run *r, int kind, const char *name, const char *type, const char *column,
               int attnum);
/* err takes msg over (SQLite's own message, sqlite3_free'd) when rc is an error. */
int pga_take_message(lw_dialect_error *err, int rc, char *msg);
/* A clause parsed from text onto column (NULL: the table). */
int pga_add_clause_text(run *r, lw_tm_column *column, const char *text);
/* Removes the column's clauses of kind (unnamed ones only, when unnamed_only). */
void pga_remove_clauses(run *r, lw_tm_column *c, lw_tm_kind kind, int unnamed_only);

/* ---- Names and keys (alter_constraints.c) ----------------------------------------------- */

/* The column called name exactly, as PostgreSQL matches names; -1 when none (also when
 * SQLite would find one in another case). */
int pga_find_column(run *r, const char *name);
/* 0A000 for a column name SQLite cannot keep apart from one the table has. */
int pga_case_twin(run *r, const char *name, lw_dialect_error *err);
/* 0A000 when the table found is the one asked for in another case. */
int pga_table_twin(const char *found, const char *asked, lw_dialect_error *err);
int pga_has_primary_key(const run *r);
int pga_in_primary_key(const run *r, int i);
/* Column i NOT NULL (its NULL clauses gone). */
int pga_set_not_null(run *r, int i);
/* 23502 when the old rows hold NULL in column i. */
int pga_check_no_nulls(run *r, int i, lw_dialect_error *err);
/* The referenced table's key of a foreign key (42P01, 42703, 42830 otherwise). */
int pga_check_referenced(run *r, pg_constraint *c, lw_dialect_error *err);
/* The SQLite text of a foreign key's REFERENCES part. */
void pga_references_text(lw_sqlbuf *b, const pg_constraint *c);
/* A constraint's name: given (42710 or 42P07 when taken) or PostgreSQL's. */
char *pga_constraint_name(run *r, pg_constraint *c, const lw_tm_names *cols, lw_dialect_error *err);
int pga_relation_exists(sqlite3 *db, const char *name);

/* ---- The actions (alter_columns.c, alter_constraints.c) --------------------------------- */

int pga_add_column(run *r, pg_action *act, lw_dialect_error *err);
int pga_drop_column(run *r, pg_action *act, lw_dialect_error *err);
int pga_alter_type(run *r, pg_action *act, lw_dialect_error *err);
/* SET/DROP DEFAULT, SET/DROP NOT NULL */
int pga_alter_column(run *r, pg_action *act, lw_dialect_error *err);
int pga_add_constraint(run *r, pg_constraint *c, lw_dialect_error *err);
int pga_drop_constraint(run *r, pg_action *act, lw_dialect_error *err);
int pga_rename_constraint(run *r, pg_action *act, lw_dialect_error *err);
/* RENAME TO, RENAME COLUMN: SQLite's own, then the dialect's triggers and records. */
int pga_rename_object(run *r, pg_action *act, lw_dialect_error *err);

#endif
