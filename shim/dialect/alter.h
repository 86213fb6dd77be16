/*
 * ALTER TABLE over a table model (alter.c): the changes every dialect's ALTER forms are
 * made of, collected on a copy of the table's definition and applied at the end, in one
 * rebuild (rebuild.h) when the rows must be copied, natively otherwise. A dialect reads
 * its own syntax (postgresql/alter.c reads PostgreSQL's; MySQL's MODIFY/CHANGE map to
 * the same calls) and words its own errors; this layer knows no dialect:
 *
 *   add a column            with its clauses; a NULL value means its DEFAULT fills the
 *                           rows already there (SQLite's ADD COLUMN when nothing else
 *                           needs a rebuild and the column qualifies, else the rebuild)
 *   drop a column           its table constraints and the indexes and triggers that name
 *                           it go with it; foreign keys of other tables that refer to it
 *                           are the caller's to refuse or drop (lw_alter_references)
 *   change a column         its declared type, clauses, and the value computed from the
 *                           old row (a conversion), set by the dialect on the model
 *   add / drop constraints  on the model; the rebuild checks the rows against them
 *   more indexes            CREATE INDEX statements run once the table is rebuilt
 *
 * The conversion triggers a dialect derives from its column types (ddl.h,
 * LW_DDL_NORM_PREFIX) are made anew from the final definition; other triggers and the
 * indexes are kept unless they name a dropped column.
 *
 * Memory: an lw_alter owns everything it holds; lw_alter_close frees it.
 */
#ifndef LW_SHIM_ALTER_H
#define LW_SHIM_ALTER_H

#include "dialect/rebuild.h"
#include "dialect/rules.h"
#include "dialect/table_model.h"

typedef struct lw_alter {
    sqlite3 *db;
    const lw_dialect_rules *rules;
    char *table;               /* as the schema names it */
    lw_table_model old;        /* the definition before */
    lw_table_model model;      /* the definition being made */
    char **values;             /* per model column: its value from the old row, or NULL */
    int *origin;               /* per model column: the old column it comes from, or -1 */
    lw_schema_object *objects; /* the table's indexes and triggers */
    int n_objects;
    unsigned char *dropped; /* per object: it goes */
    char **indexes;         /* CREATE INDEX statements to add */
    int n_indexes;
    int rebuild; /* the rows must be copied */
    int cascade; /* views that the change breaks are dropped */
    lw_rebuild_hooks hooks;
    void *hook_arg;
    char *dropped_views; /* after lw_alter_run: what the rebuild dropped, or NULL */
} lw_alter;

/* Reads table (as SQLite compares names) into a. Returns SQLITE_OK, LW_TM_ENOTFOUND
 * (a negative code) when there is no such table, or an SQLite error code. */
int lw_alter_open(lw_alter *a, sqlite3 *db, const lw_dialect_rules *rules, const char *table);
void lw_alter_close(lw_alter *a);

/* Adds a column (a copy of col) at the end; its rows get value (a copy, SQL over the
 * old row) or, value NULL, its DEFAULT. Returns its index, or -1 when out of memory. */
int lw_alter_add_column(lw_alter *a, const lw_tm_column *col, const char *value);
/* Drops column i of the model with the table constraints, indexes and triggers that
 * name it. Returns SQLITE_OK or SQLITE_NOMEM. */
int lw_alter_drop_column(lw_alter *a, int i);
/* Sets the value column i takes from the old row (a copy; NULL: its DEFAULT), and
 * marks the change as one that copies the rows. Returns SQLITE_OK or SQLITE_NOMEM. */
int lw_alter_set_value(lw_alter *a, int i, const char *value);
/* Adds a CREATE INDEX statement run after the rebuild (a copy). */
int lw_alter_add_index(lw_alter *a, const char *sql);

/* A foreign key of another table (or of this one) that refers to this table: the
 * child table, the clause's column (or -1: a table constraint) and clause index. */
typedef struct lw_alter_reference {
    char *child;
    lw_tm_clause clause; /* a copy */
    char *from_column;   /* the child's column of a column clause, else NULL */
} lw_alter_reference;

/* The foreign keys of every table that refer to this table (column NULL), or to its
 * column column (by name, or as the parent's primary key when the reference names no
 * column and column is in it). *out freed with lw_alter_references_free. Returns the
 * count or a negative code when out of memory. */
int lw_alter_references(lw_alter *a, const char *column, lw_alter_reference **out);
void lw_alter_references_free(lw_alter_reference *list, int n);
/* Drops from table child every foreign key to parent (to its column column, or any
 * when NULL), with a rebuild of child. Returns an SQLite code with err filled. */
int lw_alter_drop_references(sqlite3 *db, const lw_dialect_rules *rules, const char *child,
                             const char *parent, const char *column, const lw_rebuild_hooks *hooks,
                             void *arg, lw_dialect_error *err);

/* Applies the changes: the rebuild when a change copies the rows, else the native
 * statements they need. Returns an SQLite code with err filled (rebuild.h). */
int lw_alter_run(lw_alter *a, lw_dialect_error *err);

/* The SQL of a column as the schema keeps its value: "name" quoted. */
char *lw_alter_quoted(const char *name);

#endif
