/*
 * Internals of the embedded backend (sqlite.c) shared with its helpers: the templates
 * (sqlite_template.c) and the collation versions of the indexes a statement builds
 * (sqlite_index_versions.c). Nothing outside backend/sqlite*.c includes this.
 */
#ifndef LW_SHIM_BACKEND_SQLITE_H
#define LW_SHIM_BACKEND_SQLITE_H

#include <sqlite3.h>

#include "core/shim_int.h"

/* BEGIN (three modes), COMMIT and ROLLBACK, kept prepared by lw_sqlite_run. */
#define LW_CONTROL_STMTS 5

/* The embedded connection: conn->backend_state of an sqlite:: connection. */
typedef struct lw_sqlite {
    sqlite3 *db;
    void *dialect_state;
    int is_file;   /* a file database (not :memory:) */
    int is_shared; /* a shared in-memory database (memdb VFS) */
    /* Read-only transactions: PRAGMA query_only is on for the open transaction;
     * query_only_before is the value to restore when it ends. */
    int txn_read_only;
    int query_only_before;
    int txn_queried; /* a statement ran since BEGIN (SET TRANSACTION READ WRITE) */
    sqlite3_stmt *control[LW_CONTROL_STMTS];
} lw_sqlite;

/* The SQLite handle of an embedded connection. */
static inline sqlite3 *lw_sqlite_db(const lw_conn *conn)
{
    return ((const lw_sqlite *)conn->backend_state)->db;
}

/* Sets the connection's error from SQLite's state after rc. Returns the LW_E* code. */
int lw_sqlite_fail(lw_conn *conn, int rc);
/* Runs fixed SQL (no parameters, no translation) with the busy policy and error
 * mapping. */
int lw_sqlite_run(lw_conn *conn, const char *sql);
/* Drops the kept BEGIN/COMMIT/ROLLBACK statements (close and template clone). */
void lw_sqlite_control_clear(lw_sqlite *s);

/* ---- Collation versions of the indexes a statement builds (sqlite_index_versions.c) */

/* Before the statement runs: opens the savepoint that holds the statement and the
 * recording (*active) when it may build an index. Returns 0 or an LW_E* code. */
int lw_index_build_begin(lw_conn *conn, const lw_index_build *b, int *active);
/* After it ran (the statement reset): records the versions of the indexes it built
 * and releases the savepoint when it succeeded, else rolls the savepoint back.
 * Returns 0 or the LW_E* code of a failed recording. */
int lw_index_build_end(lw_conn *conn, const lw_index_build *b, int succeeded);

#endif
