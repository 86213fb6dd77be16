/*
 * The postgresql dialect's connection and transaction hooks:
 *
 *   on_open           registers the dialect's functions (runtime.h), turns SQLite's
 *                     double-quoted strings off (they are identifiers in PostgreSQL)
 *                     and makes LIKE case-sensitive
 *   before_statement  PostgreSQL's failed-transaction state: after an error inside a
 *                     transaction every statement but ROLLBACK (TO SAVEPOINT) fails with
 *                     25P02, and COMMIT rolls back; BEGIN inside a transaction and
 *                     COMMIT outside one only warn; savepoint commands need a
 *                     transaction (25P01); stamps now() per transaction and
 *                     statement_timestamp() per statement, and ends the transaction's
 *                     settings at COMMIT and ROLLBACK
 */
#include <string.h>

#include "dialect/postgresql/postgresql.h"

/* ---- Connection hooks ----------------------------------------------------------------- */

int pg_open(sqlite3 *db, void **state, lw_dialect_error *err)
{
    char *msg = NULL;
    pg_state *s = lw_dialect_state_new(sizeof *s, err);
    if (!s)
        return LW_ENOMEM;
    s->db = db;
    s->schema.db = db;
    int rc = lw_pg_func_register(db, &s->funcs, &msg);
    /* Double-quoted text is always an identifier, never a string, as in PostgreSQL, and
     * LIKE compares case-sensitively. */
    if (rc == SQLITE_OK)
        rc = lw_dialect_configure(db, "PRAGMA case_sensitive_like = ON", &msg);
    if (rc != SQLITE_OK) {
        lw_pg_funcs_release(s->funcs);
        sqlite3_free(s);
        return lw_dialect_open_failed(err, "postgresql", rc, msg);
    }
    *state = s;
    return 0;
}

void pg_close(void *state)
{
    pg_state *s = state;
    if (s) {
        lw_schema_close(&s->schema);
        lw_pg_funcs_release(s->funcs);
        lw_pg_names_free(s->names);
    }
    sqlite3_free(s);
}

/* ---- Transactions: PostgreSQL's failed-transaction state ---------------------------------- */

int pg_before_statement(void *state, const lw_stmt_desc *desc, const char *sql,
                        lw_dialect_error *err)
{
    pg_state *s = state;
    int in_txn = !sqlite3_get_autocommit(s->db);
    if (!in_txn)
        s->aborted = 0;
    /* Kept for the foreign-key message, which names the written table: the text is
     * the cached statement's and outlives its execution. */
    s->last_sql = sql;
    /* statement_timestamp() is this statement's start, now() its transaction's. */
    lw_pg_funcs_statement(s->funcs, desc->kind == LW_KIND_BEGIN, in_txn);
    switch (desc->kind) {
    case LW_KIND_BEGIN:
        if (s->aborted)
            break;
        /* PostgreSQL warns about BEGIN inside a transaction and carries on. */
        return in_txn ? LW_RUN_SKIP : LW_RUN_GO;
    case LW_KIND_COMMIT:
        if (!in_txn)
            return LW_RUN_SKIP;
        lw_pg_constraints_end_txn(s->funcs, s->db, !s->aborted);
        /* The transaction's SETs stay, its SET LOCALs end (all end on rollback). */
        lw_pg_funcs_txn_end(s->funcs, !s->aborted);
        if (s->aborted) {
            s->aborted = 0;
            return LW_RUN_AS_ROLLBACK;
        }
        return LW_RUN_GO;
    case LW_KIND_ROLLBACK:
        lw_pg_constraints_end_txn(s->funcs, s->db, 0);
        s->aborted = 0;
        if (in_txn)
            lw_pg_funcs_txn_end(s->funcs, 0);
        return in_txn ? LW_RUN_GO : LW_RUN_SKIP;
    case LW_KIND_SET_TXN:
        if (s->aborted)
            break;
        /* Outside a transaction PostgreSQL only warns, and nothing changes. */
        return in_txn ? LW_RUN_GO : LW_RUN_SKIP;
    default:
        if (!in_txn && desc->savepoint != LW_SAVEPOINT_NONE) {
            const char *what_sql = desc->savepoint == LW_SAVEPOINT_OPEN ? "SAVEPOINT"
                                   : desc->savepoint == LW_SAVEPOINT_RELEASE
                                       ? "RELEASE SAVEPOINT"
                                       : "ROLLBACK TO SAVEPOINT";
            lw_dialect_error_set(err, "25P01", 1399, "%s can only be used in transaction blocks",
                                 what_sql);
            return LW_ESTATE;
        }
        if (!s->aborted)
            return LW_RUN_GO;
        if (desc->savepoint == LW_SAVEPOINT_ROLLBACK_TO) {
            s->aborted = 0;
            return LW_RUN_GO;
        }
        break;
    }
    lw_dialect_error_set(err, "25P02", 1399,
                         "current transaction is aborted, commands ignored until end of "
                         "transaction block");
    return LW_ESTATE;
}
