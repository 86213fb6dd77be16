/*
 * The version guard (see guard.h).
 *
 * Why explicit recording: SQLite gives an extension no hook that runs after a
 * CREATE INDEX or REINDEX has finished and may write (the authorizer runs while the
 * statement is prepared, and the commit hook may not run SQL). So the database says
 * what it knows: an index with no record is listed ("no version recorded") until
 * lw_collation_record() or lw_collation_reindex() records it, and an index whose
 * record differs from this build is listed until lw_collation_reindex() rebuilds it.
 * Nothing is ever assumed to be fine. The shim, which sees every statement, calls
 * lw_guard_record_built() after each CREATE or REINDEX, so its users need neither.
 */
#include "collation/guard.h"

#include <string.h>

#include "collation/collation.h"

#define VERSIONS_TABLE "lw_collation_versions"

typedef int (*dependency_fn)(void *arg, const char *index, const char *table,
                             const char *dependency, const char *current);

static int fail(sqlite3 *db, char **err, int rc)
{
    if (!*err)
        *err = sqlite3_mprintf("%s", rc == SQLITE_NOMEM ? "out of memory" : sqlite3_errmsg(db));
    return rc;
}

/* Whether sql calls fn( as a function, outside string literals and quoted names. */
static int calls_function(const char *sql, const char *fn)
{
    size_t len = strlen(fn);
    for (const char *p = sql; *p; p++) {
        if (*p == '\'' || *p == '"' || *p == '`' || *p == '[') {
            char close = *p == '[' ? ']' : *p;
            for (p++; *p && *p != close; p++)
                ;
            if (!*p)
                return 0;
            continue;
        }
        int boundary =
            p == sql || !((p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= 'A' && p[-1] <= 'Z') ||
                          (p[-1] >= '0' && p[-1] <= '9') || p[-1] == '_' || p[-1] == '$' ||
                          (unsigned char)p[-1] >= 0x80);
        if (boundary && sqlite3_strnicmp(p, fn, (int)len) == 0) {
            const char *q = p + len;
            while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
                q++;
            if (*q == '(')
                return 1;
        }
    }
    return 0;
}

/* The current version of collation name, or NULL when it is not a versioned likewise
 * collation (built-in, BINARY order, or another module's such as DECIMAL). */
static int collation_version(const char *name, char *buf, int size)
{
    lw_collation *coll = NULL;
    lw_collation_status status = lw_collation_open(name, &coll);
    if (status == LW_COLLATION_NOMEM)
        return SQLITE_NOMEM;
    buf[0] = 0;
    if (status == LW_COLLATION_OK && lw_collation_is_versioned(coll))
        sqlite3_snprintf(size, buf, "%s", lw_collation_version(coll));
    lw_collation_close(coll);
    return SQLITE_OK;
}

/* The indexes of the main schema in scope (name: the index, table or collation), in
 * name order. A collation selects the indexes SQLite's REINDEX rebuilds for it: a
 * table column (not an expression) under that collation, its name compared without
 * regard to ASCII case. */
static const char *const scope_queries[] = {
    [LW_GUARD_ALL] = "SELECT name, tbl_name, sql FROM main.sqlite_schema WHERE type = 'index' "
                     "ORDER BY name",
    [LW_GUARD_INDEX] = "SELECT name, tbl_name, sql FROM main.sqlite_schema "
                       "WHERE type = 'index' AND name = ?1 ORDER BY name",
    [LW_GUARD_TABLE] = "SELECT name, tbl_name, sql FROM main.sqlite_schema "
                       "WHERE type = 'index' AND tbl_name = ?1 ORDER BY name",
    [LW_GUARD_COLLATION] =
        "SELECT s.name, s.tbl_name, s.sql FROM main.sqlite_schema AS s "
        "WHERE s.type = 'index' AND EXISTS (SELECT 1 FROM pragma_index_xinfo(s.name, 'main') "
        "WHERE cid >= 0 AND coll = ?1 COLLATE NOCASE) ORDER BY s.name",
};

/* Calls fn for every versioned dependency of every index of the main schema in scope
 * (target names the index, table or collation), in index name order. */
static int for_each_dependency(sqlite3 *db, lw_guard_scope scope, const char *target,
                               dependency_fn fn, void *arg, char **err)
{
    sqlite3_stmt *indexes = NULL, *columns = NULL;
    int rc = sqlite3_prepare_v2(db, scope_queries[scope], -1, &indexes, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db,
                                "SELECT DISTINCT coll FROM pragma_index_xinfo(?1, 'main') "
                                "WHERE key = 1 AND coll IS NOT NULL "
                                "AND coll NOT IN ('BINARY', 'NOCASE', 'RTRIM') ORDER BY coll",
                                -1, &columns, NULL);
    if (rc == SQLITE_OK && scope != LW_GUARD_ALL)
        rc = sqlite3_bind_text(indexes, 1, target, -1, SQLITE_STATIC);
    while (rc == SQLITE_OK && sqlite3_step(indexes) == SQLITE_ROW) {
        const char *index = (const char *)sqlite3_column_text(indexes, 0);
        const char *table = (const char *)sqlite3_column_text(indexes, 1);
        const char *sql = (const char *)sqlite3_column_text(indexes, 2);
        if (!index || !table)
            continue;
        rc = sqlite3_bind_text(columns, 1, index, -1, SQLITE_STATIC);
        while (rc == SQLITE_OK && sqlite3_step(columns) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(columns, 0);
            char version[64];
            if (!name)
                continue;
            rc = collation_version(name, version, (int)sizeof version);
            if (rc == SQLITE_OK && version[0])
                rc = fn(arg, index, table, name, version);
        }
        if (rc == SQLITE_OK)
            rc = sqlite3_reset(columns);
        static const char *const case_functions[] = {"lower", "upper"};
        for (int i = 0; rc == SQLITE_OK && sql && i < 2; i++) {
            if (calls_function(sql, case_functions[i])) {
                char dependency[16];
                sqlite3_snprintf((int)sizeof dependency, dependency, "%s()", case_functions[i]);
                rc = fn(arg, index, table, dependency, lw_case_mapping_version());
            }
        }
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_reset(indexes);
    if (rc != SQLITE_OK)
        fail(db, err, rc);
    sqlite3_finalize(indexes);
    sqlite3_finalize(columns);
    return rc;
}

static int versions_table_exists(sqlite3 *db, int *exists)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT 1 FROM main.sqlite_schema WHERE type = 'table' "
                                "AND name = '" VERSIONS_TABLE "'",
                                -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(stmt);
        *exists = rc == SQLITE_ROW;
        rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(stmt);
    return rc;
}

/* ---- scan ------------------------------------------------------------------------ */

typedef struct scan_state {
    sqlite3 *db;
    sqlite3_stmt *lookup; /* NULL when the versions table does not exist */
    lw_guard_rows *out;
} scan_state;

static int add_row(lw_guard_rows *out, const char *index, const char *table, const char *dep,
                   const char *recorded, const char *current, char *reason)
{
    if (!reason)
        return SQLITE_NOMEM;
    if (out->len == out->cap) {
        int cap = out->cap ? out->cap * 2 : 8;
        lw_guard_row *rows = sqlite3_realloc64(out->rows, (sqlite3_uint64)cap * sizeof *rows);
        if (!rows) {
            sqlite3_free(reason);
            return SQLITE_NOMEM;
        }
        out->rows = rows;
        out->cap = cap;
    }
    lw_guard_row *row = &out->rows[out->len++];
    row->index_name = sqlite3_mprintf("%s", index);
    row->table_name = sqlite3_mprintf("%s", table);
    row->collation = sqlite3_mprintf("%s", dep);
    row->recorded = recorded ? sqlite3_mprintf("%s", recorded) : NULL;
    row->current = sqlite3_mprintf("%s", current);
    row->reason = reason;
    if (!row->index_name || !row->table_name || !row->collation || !row->current ||
        (recorded && !row->recorded))
        return SQLITE_NOMEM;
    return SQLITE_OK;
}

static int scan_one(void *arg, const char *index, const char *table, const char *dep,
                    const char *current)
{
    scan_state *st = arg;
    char *recorded = NULL;
    int rc = SQLITE_OK;
    if (st->lookup) {
        sqlite3_bind_text(st->lookup, 1, index, -1, SQLITE_STATIC);
        sqlite3_bind_text(st->lookup, 2, dep, -1, SQLITE_STATIC);
        rc = sqlite3_step(st->lookup);
        if (rc == SQLITE_ROW) {
            recorded = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(st->lookup, 0));
            rc = recorded ? SQLITE_OK : SQLITE_NOMEM;
        } else if (rc == SQLITE_DONE) {
            rc = SQLITE_OK;
        }
        int reset = sqlite3_reset(st->lookup);
        if (rc == SQLITE_OK)
            rc = reset;
    }
    if (rc != SQLITE_OK || (recorded && strcmp(recorded, current) == 0)) {
        sqlite3_free(recorded);
        return rc;
    }
    char *reason;
    int is_case_function = dep[strlen(dep) - 1] == ')';
    if (recorded)
        reason = sqlite3_mprintf("built under %s, now %s: the index order may be wrong; run "
                                 "SELECT lw_collation_reindex('%q')",
                                 recorded, current, index);
    else if (is_case_function)
        reason = sqlite3_mprintf("expression on %s with no recorded version: it may have been "
                                 "built without likewise (ASCII-only keys); run "
                                 "SELECT lw_collation_reindex('%q')",
                                 dep, index);
    else
        reason = sqlite3_mprintf("no version recorded for %s: run SELECT lw_collation_record() "
                                 "after creating an index, or SELECT lw_collation_reindex('%q') "
                                 "when it may come from another build",
                                 dep, index);
    rc = add_row(st->out, index, table, dep, recorded, current, reason);
    sqlite3_free(recorded);
    return rc;
}

int lw_guard_scan(sqlite3 *db, const char *only_index, lw_guard_rows *out, char **err)
{
    scan_state st = {db, NULL, out};
    int exists = 0;
    int rc = versions_table_exists(db, &exists);
    if (rc == SQLITE_OK && exists)
        rc = sqlite3_prepare_v2(db,
                                "SELECT version FROM main." VERSIONS_TABLE
                                " WHERE index_name = ?1 AND collation = ?2",
                                -1, &st.lookup, NULL);
    if (rc == SQLITE_OK)
        rc = for_each_dependency(db, only_index ? LW_GUARD_INDEX : LW_GUARD_ALL, only_index,
                                 scan_one, &st, err);
    else
        fail(db, err, rc);
    sqlite3_finalize(st.lookup);
    return rc;
}

void lw_guard_rows_free(lw_guard_rows *rows)
{
    for (int i = 0; i < rows->len; i++) {
        lw_guard_row *row = &rows->rows[i];
        sqlite3_free(row->index_name);
        sqlite3_free(row->table_name);
        sqlite3_free(row->collation);
        sqlite3_free(row->recorded);
        sqlite3_free(row->current);
        sqlite3_free(row->reason);
    }
    sqlite3_free(rows->rows);
    memset(rows, 0, sizeof *rows);
}

/* ---- record and reindex ------------------------------------------------------------ */

typedef struct record_state {
    sqlite3 *db;
    sqlite3_stmt *insert;
    int only_missing; /* leave existing records and lower()/upper() alone */
    int count;
} record_state;

static int record_one(void *arg, const char *index, const char *table, const char *dep,
                      const char *current)
{
    (void)table;
    record_state *st = arg;
    if (st->only_missing && dep[strlen(dep) - 1] == ')')
        return SQLITE_OK;
    sqlite3_bind_text(st->insert, 1, index, -1, SQLITE_STATIC);
    sqlite3_bind_text(st->insert, 2, dep, -1, SQLITE_STATIC);
    sqlite3_bind_text(st->insert, 3, current, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st->insert);
    int reset = sqlite3_reset(st->insert);
    if (rc != SQLITE_DONE)
        return reset != SQLITE_OK ? reset : rc;
    st->count += sqlite3_changes(st->db);
    return SQLITE_OK;
}

/* Records within the caller's savepoint; prunes rows of indexes that are gone. */
static int record_versions(sqlite3 *db, lw_guard_scope scope, const char *name, int only_missing,
                           int *count, char **err)
{
    record_state st = {db, NULL, only_missing, 0};
    int rc = sqlite3_exec(db,
                          "CREATE TABLE IF NOT EXISTS main." VERSIONS_TABLE "("
                          "index_name TEXT NOT NULL, collation TEXT NOT NULL, "
                          "version TEXT NOT NULL, PRIMARY KEY (index_name, collation)) "
                          "WITHOUT ROWID;"
                          "DELETE FROM main." VERSIONS_TABLE " WHERE index_name NOT IN "
                          "(SELECT name FROM main.sqlite_schema WHERE type = 'index')",
                          NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(
            db,
            only_missing ? "INSERT OR IGNORE INTO main." VERSIONS_TABLE " VALUES (?1, ?2, ?3)"
                         : "INSERT OR REPLACE INTO main." VERSIONS_TABLE " VALUES (?1, ?2, ?3)",
            -1, &st.insert, NULL);
    if (rc == SQLITE_OK)
        rc = for_each_dependency(db, scope, name, record_one, &st, err);
    else
        fail(db, err, rc);
    *count = st.count;
    sqlite3_finalize(st.insert);
    return rc;
}

/* Ends SAVEPOINT lw_collation_guard: released when rc is SQLITE_OK, rolled back
 * otherwise, so the work inside it is all or nothing. Returns rc. */
static int end_savepoint(sqlite3 *db, int rc, char **err)
{
    if (rc == SQLITE_OK)
        return sqlite3_exec(db, "RELEASE lw_collation_guard", NULL, NULL, NULL);
    if (!*err)
        fail(db, err, rc);
    sqlite3_exec(db, "ROLLBACK TO lw_collation_guard; RELEASE lw_collation_guard", NULL, NULL,
                 NULL);
    return rc;
}

int lw_guard_record(sqlite3 *db, const char *index_name, int *n_recorded, char **err)
{
    int count = 0;
    *n_recorded = 0;
    int rc = sqlite3_exec(db, "SAVEPOINT lw_collation_guard", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return fail(db, err, rc);
    rc = record_versions(db, index_name ? LW_GUARD_INDEX : LW_GUARD_ALL, index_name,
                         index_name == NULL, &count, err);
    rc = end_savepoint(db, rc, err);
    if (rc == SQLITE_OK)
        *n_recorded = count;
    return rc;
}

int lw_guard_reindex(sqlite3 *db, const char *index_name, int *n_rebuilt, char **err)
{
    lw_guard_rows rows = {NULL, 0, 0};
    *n_rebuilt = 0;
    int rc = sqlite3_exec(db, "SAVEPOINT lw_collation_guard", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return fail(db, err, rc);
    rc = lw_guard_scan(db, index_name, &rows, err);
    int rebuilt = 0;
    for (int i = 0; rc == SQLITE_OK && i < rows.len; i++) {
        /* An index has one row per dependency: rebuild it once. */
        if (i > 0 && strcmp(rows.rows[i].index_name, rows.rows[i - 1].index_name) == 0)
            continue;
        char *sql = sqlite3_mprintf("REINDEX main.\"%w\"", rows.rows[i].index_name);
        rc = sql ? sqlite3_exec(db, sql, NULL, NULL, NULL) : SQLITE_NOMEM;
        sqlite3_free(sql);
        if (rc == SQLITE_OK) {
            int ignored = 0;
            rc = record_versions(db, LW_GUARD_INDEX, rows.rows[i].index_name, 0, &ignored, err);
            rebuilt++;
        }
    }
    lw_guard_rows_free(&rows);
    rc = end_savepoint(db, rc, err);
    if (rc == SQLITE_OK)
        *n_rebuilt = rebuilt;
    return rc;
}

int lw_guard_record_built(sqlite3 *db, lw_guard_scope scope, const char *name, int *n_recorded,
                          char **err)
{
    int count = 0;
    *n_recorded = 0;
    int rc = sqlite3_exec(db, "SAVEPOINT lw_collation_guard", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return fail(db, err, rc);
    rc = record_versions(db, scope, name, 0, &count, err);
    rc = end_savepoint(db, rc, err);
    if (rc == SQLITE_OK)
        *n_recorded = count;
    return rc;
}
