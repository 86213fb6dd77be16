/*
 * A table's definition as data (table_model.c): the CREATE TABLE statement SQLite keeps
 * in sqlite_schema, read into columns and constraints, changed, and written back. The
 * rebuild engine (rebuild.h) creates the new table from it, the ALTER layer (alter.h)
 * changes it, and a dialect's catalog (information_schema) and error wording read the
 * constraints from it: the schema text stays the one record of what a table is.
 *
 *   columns        name, declared type as written, and the column's clauses in order
 *   clauses        [CONSTRAINT name] PRIMARY KEY | NOT NULL | NULL | UNIQUE | CHECK (e) |
 *                  DEFAULT x | COLLATE c | REFERENCES ... | [GENERATED ALWAYS] AS (e)
 *                  (each kept as its SQLite text, with the parts the layer reads: the
 *                  constraint's name, columns, expression, referenced table and columns,
 *                  ON DELETE / ON UPDATE actions, DEFERRABLE INITIALLY DEFERRED)
 *   constraints    the table's own: [CONSTRAINT name] PRIMARY KEY (..) | UNIQUE (..) |
 *                  CHECK (..) | FOREIGN KEY (..) REFERENCES ...
 *   options        what follows the closing parenthesis (WITHOUT ROWID, STRICT)
 *
 * Texts are SQLite SQL as the schema holds them; names are unquoted. Rendering quotes
 * every name, so a model renders the same table whatever quoting the original used.
 * The parser reads SQLite's grammar for CREATE TABLE (lang_createtable.html) through the
 * shim's lexer; what it does not recognise is an error (LW_TM_ESYNTAX), never guessed.
 *
 * Memory: every string of a model is owned by it (sqlite3_malloc64); lw_tm_free
 * releases all. A model whose oom flag is set is incomplete.
 */
#ifndef LW_SHIM_TABLE_MODEL_H
#define LW_SHIM_TABLE_MODEL_H

#include <sqlite3.h>

enum { LW_TM_OK = 0, LW_TM_ENOMEM = -1, LW_TM_ESYNTAX = -2, LW_TM_ENOTFOUND = -3 };

typedef enum lw_tm_kind {
    LW_TM_PRIMARY_KEY = 1,
    LW_TM_UNIQUE,
    LW_TM_CHECK,
    LW_TM_FOREIGN_KEY,
    LW_TM_NOT_NULL,
    LW_TM_NULL,
    LW_TM_DEFAULT,
    LW_TM_COLLATE,
    LW_TM_GENERATED,
} lw_tm_kind;

/* A list of names (owned). */
typedef struct lw_tm_names {
    char **v;
    int n;
} lw_tm_names;

typedef struct lw_tm_clause {
    lw_tm_kind kind;
    char *name; /* CONSTRAINT name, or NULL when unnamed */
    char *body; /* the SQLite text from the clause's keyword on: "CHECK (x > 0)" */
    /* CHECK, DEFAULT, GENERATED: the expression (DEFAULT's outer parentheses removed);
     * COLLATE: the collation's name. NULL otherwise. */
    char *expr;
    /* Table PRIMARY KEY, UNIQUE, FOREIGN KEY: the key columns (an expression key
     * column is kept as its text). Empty for column clauses. */
    lw_tm_names cols;
    /* FOREIGN KEY (REFERENCES): the parent table, its columns (empty: its primary
     * key), the actions ("NO ACTION" when unsaid) and the deferral. */
    char *ref_table;
    lw_tm_names ref_cols;
    char on_delete[12], on_update[12];
    int deferrable, initially_deferred;
    int desc; /* a column PRIMARY KEY DESC (it is then no rowid alias) */
} lw_tm_clause;

typedef struct lw_tm_column {
    char *name;
    char *type; /* the declared type as written ("NUMERIC_TEXT(10,3)"); "" when none */
    lw_tm_clause *clauses;
    int n_clauses;
} lw_tm_column;

typedef struct lw_table_model {
    char *name;
    lw_tm_column *cols;
    int n_cols;
    lw_tm_clause *cons; /* table constraints */
    int n_cons;
    char *options; /* after the column list: "WITHOUT ROWID" ("" when none) */
    int oom;
} lw_table_model;

/* Reads sql, one CREATE [TEMP] TABLE statement as sqlite_schema holds it, into *m
 * (zeroed first). Returns LW_TM_OK, LW_TM_ENOMEM or LW_TM_ESYNTAX; free *m in any
 * case. */
int lw_tm_parse(const char *sql, lw_table_model *m);
/* Reads the table called table (as SQLite compares names, the exact spelling first:
 * m->name is the schema's) of the main schema. Returns
 * LW_TM_OK, LW_TM_ENOTFOUND, LW_TM_ESYNTAX, LW_TM_ENOMEM, or a positive SQLite code. */
int lw_tm_load(sqlite3 *db, const char *table, lw_table_model *m);
void lw_tm_free(lw_table_model *m);
/* A deep copy of from into *to. Returns LW_TM_OK or LW_TM_ENOMEM. */
int lw_tm_copy(lw_table_model *to, const lw_table_model *from);

/* The CREATE TABLE statement of m, the table named as_name (NULL: m->name); NULL when
 * out of memory. sqlite3_free it. */
char *lw_tm_render(const lw_table_model *m, const char *as_name);
/* One column's definition as CREATE TABLE writes it: "name" type clauses. */
char *lw_tm_render_column(const lw_tm_column *c);

/* The index of the column called name (ASCII case-insensitively, as SQLite), or -1. */
int lw_tm_column_index(const lw_table_model *m, const char *name);
/* The column's first clause of kind, or NULL. */
lw_tm_clause *lw_tm_column_clause(const lw_tm_column *c, lw_tm_kind kind);

/* Parses text, one column clause or table constraint ("CONSTRAINT x CHECK (a > 0)",
 * "NOT NULL", "FOREIGN KEY (a) REFERENCES p (id)"), into *out (zeroed first).
 * table_level: a table constraint. Returns LW_TM_OK, LW_TM_ENOMEM or LW_TM_ESYNTAX. */
int lw_tm_parse_clause(const char *text, int table_level, lw_tm_clause *out);
void lw_tm_clause_free(lw_tm_clause *c);
int lw_tm_clause_copy(lw_tm_clause *to, const lw_tm_clause *from);

/* Adds a column named name of declared type type at the end (its clauses: none yet).
 * Returns it, or NULL when out of memory (m->oom set). */
lw_tm_column *lw_tm_add_column(lw_table_model *m, const char *name, const char *type);
/* Removes column i and its clauses. */
void lw_tm_remove_column(lw_table_model *m, int i);
/* Appends a copy of clause to the column (or, column NULL, to the table's constraints).
 * Returns 0 or LW_TM_ENOMEM. */
int lw_tm_add_clause(lw_table_model *m, lw_tm_column *column, const lw_tm_clause *clause);
/* Removes clause i of the column (column NULL: table constraint i). */
void lw_tm_remove_clause(lw_table_model *m, lw_tm_column *column, int i);
/* Sets the declared type (a copy). Returns 0 or LW_TM_ENOMEM. */
int lw_tm_set_type(lw_table_model *m, lw_tm_column *column, const char *type);

/*
 * A constraint of the table, wherever it was written: a column's PRIMARY KEY, UNIQUE,
 * CHECK or REFERENCES clause (column set, its one key column), or a table constraint.
 * cols points into the model (the clause's columns, or the column's name).
 */
typedef struct lw_tm_constraint {
    lw_tm_clause *clause;
    int column; /* the column it was written on, or -1 for a table constraint */
    int index;  /* its clause index (in the column, or among the table constraints) */
    char *const *cols;
    int n_cols;
} lw_tm_constraint;

/* Every PRIMARY KEY, UNIQUE, CHECK and FOREIGN KEY of m, columns first, in the order
 * SQLite creates their indexes (its autoindex numbers follow this order for PRIMARY KEY
 * and UNIQUE). *out is sqlite3_malloc64'ed (free it; NULL when none). Returns the count
 * or LW_TM_ENOMEM. */
int lw_tm_constraints(const lw_table_model *m, lw_tm_constraint **out);

/* Whether the table's rows have a rowid that is not one of its columns (no WITHOUT
 * ROWID, no INTEGER PRIMARY KEY): a copy must then carry the rowid over itself. */
int lw_tm_has_hidden_rowid(const lw_table_model *m);

/* Whether the SQLite text sql (an expression, an index, a trigger) names the column
 * col as a bare or qualified identifier outside string literals. */
int lw_tm_mentions(const char *sql, const char *col);

/* Appends name to list (a copy). Returns 0 or LW_TM_ENOMEM. */
int lw_tm_names_add(lw_tm_names *list, const char *name, int len);
void lw_tm_names_free(lw_tm_names *list);

#endif
