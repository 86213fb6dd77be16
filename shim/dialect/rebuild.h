/*
 * The table rebuild (rebuild.c): SQLite's documented procedure for the schema changes
 * ALTER TABLE has no native form for (lang_altertable.html, "Making Other Kinds Of
 * Table Schema Changes"), applied to a plan: the table's new definition (a table
 * model), the value of each new column computed from the old row, and the indexes and
 * triggers to create on it. Every dialect's ALTER forms that SQLite lacks (PostgreSQL's
 * ALTER COLUMN TYPE, ADD CONSTRAINT...; MySQL's MODIFY, CHANGE...) end here (alter.h).
 *
 * The steps, each one a point where the rebuild can fail (and be made to fail by the
 * test hook below); any failure rolls the savepoint back, so the table, its rows, its
 * indexes, triggers and views and the dialect's records are exactly as before:
 *
 *   BEGIN         foreign-key enforcement off (sqlite3_db_config, see below), SAVEPOINT
 *   SAVE          the views that compile now; the foreign-key violations already there
 *   CREATE        CREATE TABLE of the new definition under a temporary name
 *   COPY          INSERT INTO it SELECT <values> FROM the table (rowids kept)
 *   DROP          DROP TABLE of the old table
 *   RENAME        the new table takes the old name (legacy_alter_table on, so that views
 *                 and triggers naming the table are not checked against a table that is
 *                 momentarily missing: they name it, and find the new one)
 *   INDEXES       CREATE INDEX statements of the plan
 *   TRIGGERS      CREATE TRIGGER statements of the plan
 *   VIEWS         views that compiled before and no longer do: dropped when the plan
 *                 cascades, else an error (the hook words it)
 *   FOREIGN_KEYS  PRAGMA foreign_key_check of the table and of the tables that refer to
 *                 it: a violation that was not there before is an error
 *   CATALOG       the dialect's records (hook), the collation versions of the new
 *                 indexes (ext/collation/guard.h: they were built by this build)
 *   COMMIT        RELEASE; settings restored
 *
 * Foreign keys. The documented procedure turns foreign_keys off before it begins a
 * transaction, because with enforcement on, DROP TABLE deletes every row first and
 * fires the children's ON DELETE actions (CASCADE would delete them), and PRAGMA
 * foreign_keys cannot change inside a transaction. A PostgreSQL or MySQL user runs
 * ALTER inside transactions (and the shim's statement is itself one), so the rebuild
 * turns enforcement off with sqlite3_db_config(SQLITE_DBCONFIG_ENABLE_FKEY), which
 * SQLite applies at once, inside a transaction too, and restores it at the end. While
 * it is off, SQLite neither counts nor checks foreign keys: the transaction's count of
 * pending deferred violations is left as it was (the rebuild neither adds nor removes
 * a row), and the FOREIGN_KEYS step checks the tables the rebuild touched, as the
 * documented procedure does before its commit.
 *
 * Memory: the plan belongs to the caller; the rebuild allocates only for its own use.
 */
#ifndef LW_SHIM_REBUILD_H
#define LW_SHIM_REBUILD_H

#include <sqlite3.h>

#include "dialect/dialect.h"
#include "dialect/table_model.h"

typedef enum lw_rebuild_step {
    LW_REBUILD_BEGIN = 1,
    LW_REBUILD_SAVE,
    LW_REBUILD_CREATE,
    LW_REBUILD_COPY,
    LW_REBUILD_DROP,
    LW_REBUILD_RENAME,
    LW_REBUILD_INDEXES,
    LW_REBUILD_TRIGGERS,
    LW_REBUILD_VIEWS,
    LW_REBUILD_FOREIGN_KEYS,
    LW_REBUILD_CATALOG,
    LW_REBUILD_COMMIT,
    LW_REBUILD_STEPS /* the number of steps + 1 */
} lw_rebuild_step;

/* The name of a step ("copy"), for messages and tests. */
const char *lw_rebuild_step_name(int step);

/* How a dialect words the rebuild's failures and keeps its own records. Every hook may
 * be NULL; a hook that fills err returns an SQLite error code (SQLITE_CONSTRAINT...). */
typedef struct lw_rebuild_hooks {
    /* The copy failed with SQLite's error (a new constraint the rows break, a value the
     * new type does not take): say it in the dialect's words. NULL or returning 0:
     * SQLite's message (with the temporary table's name replaced by the table's). */
    int (*copy_error)(void *arg, int sqlite_code, const char *msg, lw_dialect_error *err);
    /* The view depends on what the plan removes, and the plan does not cascade. */
    int (*view_depends)(void *arg, const char *view, lw_dialect_error *err);
    /* A row of table breaks its foreign key number fkid (pragma_foreign_key_list's
     * id) to parent after the change. */
    int (*foreign_key_broken)(void *arg, const char *table, int fkid, const char *parent,
                              lw_dialect_error *err);
    /* The dialect's records, in the rebuild's savepoint. */
    int (*catalog)(void *arg, sqlite3 *db, lw_dialect_error *err);
} lw_rebuild_hooks;

typedef struct lw_rebuild_plan {
    const char *table;           /* the table as the schema names it */
    const lw_table_model *model; /* its new definition (the name is the table's) */
    /* For each column of the model: the SQL of its value, an expression over the old
     * row's columns; NULL: the column takes its DEFAULT. */
    char *const *values;
    char *const *indexes; /* CREATE INDEX statements to run once the table is back */
    int n_indexes;
    char *const *triggers; /* CREATE TRIGGER statements */
    int n_triggers;
    int cascade; /* views that no longer compile are dropped (and named in dropped) */
    const lw_rebuild_hooks *hooks;
    void *arg;
    /* Out: the views the rebuild dropped, comma-separated (sqlite3_free), or NULL. */
    char *dropped_views;
} lw_rebuild_plan;

/*
 * Rebuilds the table as the plan says, all or nothing (see above). Returns SQLITE_OK,
 * or an SQLite error code with err filled: err->sqlstate set when a hook worded it,
 * empty when err->message is SQLite's own (the caller raises it with that code, so the
 * dialect's error mapping words it as for any statement).
 */
int lw_rebuild_table(sqlite3 *db, lw_rebuild_plan *plan, lw_dialect_error *err);

/* Runs sql inside a savepoint with foreign keys off, as the rebuild does, for the
 * changes that need no copy of the rows (a rename, an added column, an index), then
 * the catalog hook (hooks may be NULL) and the collation versions of the table's
 * indexes when table is not NULL: all or nothing. */
int lw_rebuild_exec(sqlite3 *db, const char *sql, const char *table, const lw_rebuild_hooks *hooks,
                    void *arg, lw_dialect_error *err);

/* An index or trigger of a table, as sqlite_schema keeps it. */
typedef struct lw_schema_object {
    char *type; /* "index" or "trigger" */
    char *name;
    char *sql;
} lw_schema_object;

/* The indexes SQLite does not make itself (their sql is not NULL) and the triggers of
 * table, in the order they were created. *out is freed with lw_schema_objects_free.
 * Returns an SQLite code. */
int lw_schema_objects(sqlite3 *db, const char *table, lw_schema_object **out, int *n);
void lw_schema_objects_free(lw_schema_object *list, int n);

/*
 * Test hooks (tests/test_rebuild.c): from now on every rebuild fails at step (0:
 * none) with an injected error, as if SQLite had failed there; and calls pause(step)
 * when it reaches step pause_step (the kill -9 test stops a child process there).
 * Per thread.
 */
void lw_rebuild_test_fail_at(int step);
void lw_rebuild_test_pause_at(int step, void (*pause)(int step));

#endif
