/*
 * The collation version guard, kept without a manual call.
 *
 * The collation module records, per index, the versions of the collation data the
 * index was built under (ext/collation/guard.h), so that an index whose order no
 * longer matches this build is reported when a connection opens. SQLite gives an
 * extension no hook after an index is built, so the loadable module asks its users to
 * call lw_collation_record() or lw_collation_reindex(). The shim sees every statement
 * and has a real lexer, so it records for them: when a statement that the statement
 * description (describe.h, lw_index_build) says builds indexes succeeds, the versions
 * of exactly the indexes it built are recorded, in one savepoint with the statement
 * (both happen or neither does).
 *
 *   CREATE [UNIQUE] INDEX [IF NOT EXISTS] [main.]name ON ...   that index
 *   CREATE TABLE [IF NOT EXISTS] [main.]name ...               its constraint indexes
 *   REINDEX                                                    every index
 *   REINDEX [main.]name                                        as SQLite resolves name:
 *       a collation (unqualified only): every index with a column under it; else a
 *       table: all its indexes; else that index
 *
 * What is never recorded, because the index is not in the main schema or was not
 * built by the statement: TEMP objects, other schemas, an IF NOT EXISTS object that
 * existed before, and a REINDEX name that could mean a collation as well as a table
 * or index (SQLite's choice then depends on its collation cache). The guard then
 * keeps reporting the index, which is the safe side: nothing is assumed to be fine.
 */
#include <string.h>

#include "collation/guard.h"
#include "backend/sqlite.h"

/* The name of the object of type (NULL: any) called name in schema ("main" or
 * "temp"), compared as SQLite compares names, into a new string; NULL when there is
 * none. Returns an SQLite code. */
static int find_object(sqlite3 *db, const char *schema, const char *type, const char *name,
                       char **found)
{
    *found = NULL;
    char *sql = sqlite3_mprintf("SELECT name FROM %s.sqlite_schema WHERE (?1 IS NULL OR type = ?1) "
                                "AND name = ?2 COLLATE NOCASE",
                                schema);
    if (!sql)
        return SQLITE_NOMEM;
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
    sqlite3_free(sql);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, type, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
        rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            *found = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(stmt, 0));
            rc = *found ? SQLITE_OK : SQLITE_NOMEM;
        } else if (rc == SQLITE_DONE) {
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(stmt);
    return rc;
}

/* Whether name is a collation this connection knows or an index of main uses. */
static int names_collation(sqlite3 *db, const char *name, int *yes)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(
        db,
        "SELECT 1 FROM pragma_collation_list WHERE name = ?1 COLLATE NOCASE "
        "UNION ALL SELECT 1 FROM main.sqlite_schema AS s, pragma_index_xinfo(s.name, 'main') AS x "
        "WHERE s.type = 'index' AND x.coll = ?1 COLLATE NOCASE LIMIT 1",
        -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
        rc = sqlite3_step(stmt);
        *yes = rc == SQLITE_ROW;
        rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(stmt);
    return rc;
}

/*
 * After the statement succeeded: which indexes of main it built, as a guard scope and
 * the canonical name (*target, owned). *record is 0 when nothing in main is certain
 * to have been built by it.
 */
static int resolve(sqlite3 *db, const lw_index_build *b, int *record, lw_guard_scope *scope,
                   char **target)
{
    char *in_temp = NULL;
    int rc = SQLITE_OK;
    *record = 0;
    *target = NULL;
    switch (b->what) {
    case LW_BUILDS_ALL:
        *record = 1;
        *scope = LW_GUARD_ALL;
        return SQLITE_OK;
    case LW_BUILDS_TABLE:
        *scope = LW_GUARD_TABLE;
        rc = find_object(db, "main", "table", b->name, target);
        break;
    case LW_BUILDS_INDEX:
        /* An unqualified CREATE INDEX on a TEMP table builds a TEMP index. */
        *scope = LW_GUARD_INDEX;
        rc = find_object(db, "temp", "index", b->name, &in_temp);
        if (rc == SQLITE_OK && !in_temp)
            rc = find_object(db, "main", "index", b->name, target);
        break;
    case LW_BUILDS_REINDEX_NAME: {
        int collation = 0;
        if (!b->qualified)
            rc = names_collation(db, b->name, &collation);
        /* SQLite looks for a table, then for an index, TEMP first unless the name
         * says main. */
        if (rc == SQLITE_OK && !b->qualified)
            rc = find_object(db, "temp", NULL, b->name, &in_temp);
        if (rc == SQLITE_OK && !in_temp) {
            rc = find_object(db, "main", "table", b->name, target);
            *scope = LW_GUARD_TABLE;
            if (rc == SQLITE_OK && !*target) {
                rc = find_object(db, "main", "index", b->name, target);
                *scope = LW_GUARD_INDEX;
            }
        }
        if (rc == SQLITE_OK && collation) {
            /* A collation only when the name means nothing else. */
            if (in_temp || *target) {
                sqlite3_free(*target);
                *target = NULL;
            } else if (!(*target = sqlite3_mprintf("%s", b->name))) {
                rc = SQLITE_NOMEM;
            }
            *scope = LW_GUARD_COLLATION;
        }
        break;
    }
    default:
        break;
    }
    sqlite3_free(in_temp);
    *record = rc == SQLITE_OK && *target != NULL;
    return rc;
}

int lw_index_build_begin(lw_conn *conn, const lw_index_build *b, int *active)
{
    *active = 0;
    if (b->what == LW_BUILDS_NOTHING)
        return 0;
    if (b->if_not_exists) {
        char *existing = NULL;
        int rc = find_object(lw_sqlite_db(conn), "main", NULL, b->name, &existing);
        sqlite3_free(existing);
        if (rc != SQLITE_OK)
            return lw_sqlite_fail(conn, rc);
        if (existing)
            return 0; /* the statement will build nothing */
    }
    int rc = lw_sqlite_run(conn, "SAVEPOINT lw_index_build");
    *active = rc == 0;
    return rc;
}

int lw_index_build_end(lw_conn *conn, const lw_index_build *b, int succeeded)
{
    if (succeeded) {
        int record = 0, n_recorded = 0;
        lw_guard_scope scope = LW_GUARD_ALL;
        char *target = NULL, *err = NULL;
        int rc = resolve(lw_sqlite_db(conn), b, &record, &scope, &target);
        if (rc == SQLITE_OK && record)
            rc = lw_guard_record_built(lw_sqlite_db(conn), scope, target, &n_recorded, &err);
        sqlite3_free(target);
        if (rc != SQLITE_OK)
            lw_error_from_sqlite(&conn->err, rc, err ? err : sqlite3_errmsg(lw_sqlite_db(conn)),
                                 LW_BUSY_REFUSED);
        sqlite3_free(err);
        /* A RELEASE that commits can fail (a rollback-journal database with readers);
         * then the statement is undone below rather than left pending. */
        if (rc == SQLITE_OK && lw_sqlite_run(conn, "RELEASE lw_index_build") == 0)
            return 0;
    }
    /* The statement's own error stays the connection's error: the savepoint may be
     * gone already (an error that rolled back the whole transaction). */
    sqlite3_exec(lw_sqlite_db(conn), "ROLLBACK TO lw_index_build; RELEASE lw_index_build", NULL,
                 NULL, NULL);
    return succeeded ? conn->err.code : 0;
}
