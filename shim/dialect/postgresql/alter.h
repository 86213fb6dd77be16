/*
 * PostgreSQL's ALTER TABLE as the dialect reads it (alter.c) and applies it
 * (alter_run.c). The statement is read twice with the same parser: when it is
 * translated (so that a syntax error or a refused form fails before anything runs,
 * and the fuzzer reaches the parser), and when it runs, inside the SQL function
 * pg_alter_table(statement) the translation calls, against the schema as it is then:
 * a cached translation never applies a stale reading of the table.
 *
 *   ALTER TABLE [IF EXISTS] [ONLY] [public.]name action [, ...]
 *     ADD [COLUMN] [IF NOT EXISTS] c type [COLLATE x] [constraint ...]
 *     DROP [COLUMN] [IF EXISTS] c [RESTRICT | CASCADE]
 *     ALTER [COLUMN] c [SET DATA] TYPE type [COLLATE x] [USING expr]
 *     ALTER [COLUMN] c SET DEFAULT expr | DROP DEFAULT | SET NOT NULL | DROP NOT NULL
 *     ADD [CONSTRAINT n] PRIMARY KEY (..) | UNIQUE (..) | CHECK (..) |
 *         FOREIGN KEY (..) REFERENCES t [(..)] [ON DELETE a] [ON UPDATE a]
 *         [[NOT] DEFERRABLE] [INITIALLY DEFERRED | IMMEDIATE]
 *     DROP CONSTRAINT [IF EXISTS] n [RESTRICT | CASCADE]
 *   ALTER TABLE [IF EXISTS] name RENAME [COLUMN] a TO b | RENAME CONSTRAINT a TO b |
 *     RENAME TO b                    (one per statement, as PostgreSQL requires)
 *
 * Everything else ALTER TABLE can say (OWNER, SET SCHEMA, TABLESPACE, triggers,
 * storage, identity options, NOT VALID, EXCLUDE, USING INDEX, DEFERRABLE keys) is
 * refused with 0A000.
 */
#ifndef LW_SHIM_PG_ALTER_H
#define LW_SHIM_PG_ALTER_H

#include "dialect/postgresql/postgresql.h"
#include "dialect/postgresql/catalog.h"
#include "dialect/table_model.h"

typedef enum pg_alter_kind {
    PG_ADD_COLUMN = 1,
    PG_DROP_COLUMN,
    PG_ALTER_TYPE,
    PG_SET_DEFAULT,
    PG_DROP_DEFAULT,
    PG_SET_NOT_NULL,
    PG_DROP_NOT_NULL,
    PG_ADD_CONSTRAINT,
    PG_DROP_CONSTRAINT,
    PG_RENAME_TABLE,
    PG_RENAME_COLUMN,
    PG_RENAME_CONSTRAINT,
} pg_alter_kind;

/* A constraint as ALTER writes it: ADD [CONSTRAINT n] ..., or one of an added column's
 * clauses. Expressions are SQLite SQL as the rewriter wrote them. */
typedef struct pg_constraint {
    lw_tm_kind kind; /* PRIMARY KEY, UNIQUE, CHECK, FOREIGN KEY, NOT NULL, NULL, DEFAULT,
                        COLLATE */
    char *name;      /* CONSTRAINT n, or NULL */
    lw_tm_names cols;
    char *expr; /* CHECK and DEFAULT: the expression; COLLATE: the collation */
    lw_kind expr_kind;
    int expr_literal; /* DEFAULT: a constant (checked against the column's type) */
    char *ref_table;
    lw_tm_names ref_cols;
    char on_delete[12], on_update[12];
    int deferrable, initially_deferred;
} pg_constraint;

typedef struct pg_action {
    pg_alter_kind kind;
    char *column;   /* the column the action names */
    char *new_name; /* RENAME: the new name; RENAME CONSTRAINT / DROP CONSTRAINT: the name */
    char *old_name; /* RENAME CONSTRAINT: the constraint's name */
    int if_exists, cascade;
    lw_sql_type type; /* ADD COLUMN, TYPE */
    int identity;     /* ADD COLUMN: 1 serial or BY DEFAULT AS IDENTITY, 2 ALWAYS */
    char *collate;    /* TYPE ... COLLATE x */
    char *expr;       /* USING, SET DEFAULT */
    lw_kind expr_kind;
    int expr_literal;
    pg_constraint *cons; /* ADD COLUMN's clauses, or the one ADD CONSTRAINT */
    int n_cons;
} pg_action;

typedef struct pg_alter_stmt {
    char *table;
    int if_exists;
    pg_action *actions;
    int n;
} pg_alter_stmt;

/* Reads the ALTER TABLE statement w is at (its first token) into *st (zeroed first).
 * Returns 0 or the walker's failure (the error set). Free *st in any case. */
int pg_alter_parse(lw_walker *w, pg_alter_stmt *st);
void pg_alter_stmt_free(pg_alter_stmt *st);

#endif
