/*
 * The oracle dialect's connection and transaction hooks:
 *
 *   on_open           registers the dialect's functions (runtime.h) with a fresh session
 *                     (the NLS defaults of AMERICAN_AMERICA, time zone +00:00), makes
 *                     double-quoted text an identifier only, LIKE case-sensitive, and
 *                     creates the DUAL table (one column DUMMY, one row 'X') for the
 *                     connection
 *   before_statement  Oracle's transactions (Database Concepts, "Transactions"): there
 *                     is no BEGIN; a change (INSERT, UPDATE, DELETE, MERGE, SELECT ... FOR
 *                     UPDATE), SAVEPOINT or SET TRANSACTION begins the transaction, which
 *                     lasts until COMMIT or ROLLBACK; DDL commits the open transaction
 *                     before it runs and runs in its own (committed after); SET
 *                     TRANSACTION must come first (ORA-01453); DROP TABLE of a table that
 *                     a foreign key references is ORA-02449; COMMIT and ROLLBACK without a
 *                     transaction do nothing. A failed statement is rolled back alone
 *                     (SQLite's statement journal) and the transaction goes on.
 */
#include <stdio.h>
#include <string.h>

#include "dialect/identifiers.h"
#include "dialect/oracle/oracle.h"

int ora_open(sqlite3 *db, void **state, lw_dialect_error *err)
{
    char *msg = NULL;
    ora_state *s = lw_dialect_state_new(sizeof *s, err);
    if (!s)
        return LW_ENOMEM;
    s->db = db;
    s->schema.db = db;
    int rc = ora_register(db, &s->session, &msg);
    /* LIKE compares binary (case-sensitive) under NLS_COMP BINARY. */
    if (rc == SQLITE_OK)
        rc = lw_dialect_configure(
            db,
            "PRAGMA case_sensitive_like = ON; "
            "CREATE TEMP VIEW IF NOT EXISTS \"DUAL\" (\"DUMMY\") AS SELECT 'X'; "
            "CREATE TEMP TABLE IF NOT EXISTS _lw_ora_matched (rid INTEGER "
            "PRIMARY KEY, n INTEGER)",
            &msg);
    if (rc != SQLITE_OK) {
        ora_session_release(s->session);
        sqlite3_free(s);
        return lw_dialect_open_failed(err, "oracle", rc, msg);
    }
    *state = s;
    return 0;
}

void ora_close(void *state)
{
    ora_state *s = state;
    if (s) {
        lw_schema_close(&s->schema);
        ora_session_release(s->session);
        lw_ident_names_free(s->names);
        ora_bind_scratch_free(s);
    }
    sqlite3_free(s);
}

/* The class letter of a translation (its mark), or 0. */
static char statement_class(const char *sql)
{
    return sql && !memcmp(sql, ORA_MARK, sizeof ORA_MARK - 1) ? sql[sizeof ORA_MARK - 1] : 0;
}

/* DROP TABLE t where another table's foreign key references t: ORA-02449. */
static int referenced(ora_state *s, const char *sql, lw_dialect_error *err)
{
    const char *m = strstr(sql, "/*lwo-drop:");
    if (!m)
        return 0;
    m += strlen("/*lwo-drop:");
    const char *end = strstr(m, "*/");
    if (!end)
        return 0;
    char *table = sqlite3_mprintf("%.*s", (int)(end - m), m);
    sqlite3_stmt *stmt = NULL;
    int found = 0;
    if (table &&
        sqlite3_prepare_v2(s->db,
                           "SELECT 1 FROM sqlite_schema m, pragma_foreign_key_list(m.name) f "
                           "WHERE m.type = 'table' AND f.\"table\" = ?1 AND m.name <> ?1",
                           -1, &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        found = sqlite3_step(stmt) == SQLITE_ROW;
    }
    sqlite3_finalize(stmt);
    sqlite3_free(table);
    if (!found)
        return 0;
    return ora_set_error(err, 2449, "unique/primary keys in table referenced by foreign keys");
}

int ora_before_statement(void *state, const lw_stmt_desc *desc, const char *sql,
                         lw_dialect_error *err)
{
    ora_state *s = state;
    int in_txn = !sqlite3_get_autocommit(s->db);
    s->last_sql = sql;
    ora_session_reset_rownum(s->session);
    switch (desc->kind) {
    case LW_KIND_BEGIN:
        /* BEGIN starts a PL/SQL block in Oracle: translate refuses it; a BEGIN the core
         * sends (lw_begin) is not a statement. */
        return LW_RUN_GO;
    case LW_KIND_COMMIT:
    case LW_KIND_ROLLBACK:
        return in_txn ? LW_RUN_GO : LW_RUN_SKIP;
    case LW_KIND_SET_TXN:
        if (in_txn)
            return ora_set_error(err, 1453,
                                 "SET TRANSACTION must be first statement of transaction");
        return LW_RUN_BEGIN_FIRST;
    default:
        break;
    }
    switch (statement_class(sql)) {
    case ORA_CLASS_DDL: {
        int rc = referenced(s, sql, err);
        if (rc)
            return rc;
        return in_txn ? LW_RUN_COMMIT_FIRST : LW_RUN_GO;
    }
    case ORA_CLASS_DML:
    case ORA_CLASS_LOCK_WAIT:
    case ORA_CLASS_LOCK_NOWAIT:
        return in_txn ? LW_RUN_GO : LW_RUN_BEGIN_FIRST;
    case ORA_CLASS_CONTROL:
        if (desc->savepoint == LW_SAVEPOINT_OPEN)
            return in_txn ? LW_RUN_GO : LW_RUN_BEGIN_FIRST;
        return LW_RUN_GO;
    default:
        return LW_RUN_GO;
    }
}
