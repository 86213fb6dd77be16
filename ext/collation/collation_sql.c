/*
 * Collations module: MySQL/MariaDB and PostgreSQL/ICU collations by name.
 *
 *   x COLLATE UNOCASE                 simple case folding of every code point
 *                                     (registered when likewise loads)
 *   x COLLATE utf8mb4_general_ci      and every name of icu_collations/dialect.def
 *                                     with the prefixes utf8mb4_, utf8mb3_, utf8_
 *   x COLLATE "und-x-icu"             PostgreSQL's ICU collations (deterministic:
 *                                     ICU, then byte order among ICU-equal strings)
 *   x COLLATE "und-u-ks-level2"       BCP 47 tags and ICU locale IDs ("de_DE"): ICU
 *                                     alone (as a nondeterministic PostgreSQL collation)
 *
 * Every name but UNOCASE is resolved on first use through sqlite3_collation_needed:
 * each connection gets its own collator per name, closed with the connection. A
 * name that is not a collation (including a locale ICU would silently replace with
 * its root locale) is left to SQLite: "no such collation sequence". Comparisons
 * never fail; invalid UTF-8 never equals different bytes (docs/collations.md).
 *
 *   SELECT index_name, reason FROM lw_collation_check()
 *       one row per index dependency whose collation version was not recorded or
 *       differs from this build (columns: index_name, table_name, collation,
 *       recorded, current, reason). Main schema only.
 *   lw_collation_record([INDEX])      records the versions of new indexes (all, or
 *       INDEX, which the caller asserts was built by this build); returns the
 *       number of records written. NULL INDEX gives NULL.
 *   lw_collation_reindex([INDEX])     REINDEXes the indexes lw_collation_check()
 *       lists (or INDEX) and records their versions; returns how many it rebuilt.
 *
 * Both functions change the database and are DIRECTONLY; an unknown INDEX is an
 * error naming it. Limits: names up to LW_COLLATION_NAME_MAX bytes.
 */
#include "collation/collation_sql.h"

#include <pthread.h>
#include <string.h>

#include "collation/collation.h"
#include "collation/guard.h"
#include "common/glue.h"

/* ---- per-connection state and the collation-needed chain ------------------------- */

typedef void (*needed_fn)(void *, sqlite3 *, int, const char *);

typedef struct collation_conn {
    sqlite3 *db;
    needed_fn chained;
    void *chained_arg;
    struct collation_conn *next;
} collation_conn;

/* Connections with likewise registered, so lw_collation_needed_chain can find the
 * state of a db (SQLite has no client data in 3.40). */
static collation_conn *connections;
static pthread_mutex_t connections_lock = PTHREAD_MUTEX_INITIALIZER;

static void collation_conn_destroy(void *p)
{
    collation_conn *cc = p;
    pthread_mutex_lock(&connections_lock);
    for (collation_conn **link = &connections; *link; link = &(*link)->next) {
        if (*link == cc) {
            *link = cc->next;
            break;
        }
    }
    pthread_mutex_unlock(&connections_lock);
    sqlite3_free(cc);
}

static void destroy_collation(void *coll)
{
    lw_collation_close(coll);
}

static void collation_needed(void *arg, sqlite3 *db, int text_rep, const char *name)
{
    collation_conn *cc = arg;
    lw_collation *coll = NULL;
    if (lw_collation_open(name, &coll) == LW_COLLATION_OK) {
        /* SQLite does not call the destructor when registration fails. */
        if (sqlite3_create_collation_v2(db, name, SQLITE_UTF8, coll, lw_collation_compare,
                                        destroy_collation) != SQLITE_OK)
            lw_collation_close(coll);
        return;
    }
    pthread_mutex_lock(&connections_lock);
    needed_fn chained = cc->chained;
    void *chained_arg = cc->chained_arg;
    pthread_mutex_unlock(&connections_lock);
    if (chained)
        chained(chained_arg, db, text_rep, name);
}

int lw_collation_needed_chain(sqlite3 *db, void *arg, needed_fn callback)
{
    int rc = SQLITE_MISUSE;
    pthread_mutex_lock(&connections_lock);
    for (collation_conn *cc = connections; cc; cc = cc->next) {
        if (cc->db == db) {
            cc->chained = callback;
            cc->chained_arg = arg;
            rc = SQLITE_OK;
            break;
        }
    }
    pthread_mutex_unlock(&connections_lock);
    return rc;
}

/* ---- lw_collation_check() ---------------------------------------------------------- */

enum { COL_INDEX, COL_TABLE, COL_COLLATION, COL_RECORDED, COL_CURRENT, COL_REASON };

typedef struct check_vtab {
    sqlite3_vtab base;
    sqlite3 *db; /* xFilter runs its queries here */
} check_vtab;

typedef struct check_cursor {
    sqlite3_vtab_cursor base;
    lw_guard_rows rows;
    int at;
} check_cursor;

static int check_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                         sqlite3_vtab **out, char **err)
{
    (void)aux, (void)argc, (void)argv, (void)err;
    int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(index_name TEXT, table_name TEXT, "
                                      "collation TEXT, recorded TEXT, current TEXT, "
                                      "reason TEXT)");
    if (rc != SQLITE_OK)
        return rc;
    check_vtab *vtab = sqlite3_malloc64(sizeof *vtab);
    if (!vtab)
        return SQLITE_NOMEM;
    memset(vtab, 0, sizeof *vtab);
    vtab->db = db;
    *out = &vtab->base;
    return SQLITE_OK;
}

static int check_disconnect(sqlite3_vtab *vtab)
{
    sqlite3_free(vtab);
    return SQLITE_OK;
}

static int check_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info)
{
    (void)vtab;
    info->estimatedCost = 1000;
    info->estimatedRows = 10;
    return SQLITE_OK;
}

static int check_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **out)
{
    (void)vtab;
    check_cursor *cur = sqlite3_malloc64(sizeof *cur);
    if (!cur)
        return SQLITE_NOMEM;
    memset(cur, 0, sizeof *cur);
    *out = &cur->base;
    return SQLITE_OK;
}

static int check_close(sqlite3_vtab_cursor *base)
{
    check_cursor *cur = (check_cursor *)base;
    lw_guard_rows_free(&cur->rows);
    sqlite3_free(cur);
    return SQLITE_OK;
}

static int check_filter(sqlite3_vtab_cursor *base, int idx_num, const char *idx_str, int argc,
                        sqlite3_value **argv)
{
    (void)idx_num, (void)idx_str, (void)argc, (void)argv;
    check_cursor *cur = (check_cursor *)base;
    check_vtab *vtab = (check_vtab *)base->pVtab;
    char *err = NULL;
    lw_guard_rows_free(&cur->rows);
    cur->at = 0;
    int rc = lw_guard_scan(vtab->db, NULL, &cur->rows, &err);
    if (rc != SQLITE_OK) {
        sqlite3_free(vtab->base.zErrMsg);
        vtab->base.zErrMsg = sqlite3_mprintf("lw_collation_check(): %s", err ? err : "error");
    }
    sqlite3_free(err);
    return rc;
}

static int check_next(sqlite3_vtab_cursor *base)
{
    ((check_cursor *)base)->at++;
    return SQLITE_OK;
}

static int check_eof(sqlite3_vtab_cursor *base)
{
    check_cursor *cur = (check_cursor *)base;
    return cur->at >= cur->rows.len;
}

static int check_column(sqlite3_vtab_cursor *base, sqlite3_context *ctx, int column)
{
    check_cursor *cur = (check_cursor *)base;
    const lw_guard_row *row = &cur->rows.rows[cur->at];
    const char *value[] = {row->index_name, row->table_name, row->collation,
                           row->recorded,   row->current,    row->reason};
    if (column >= 0 && column < (int)(sizeof value / sizeof value[0]) && value[column])
        sqlite3_result_text(ctx, value[column], -1, SQLITE_TRANSIENT);
    return SQLITE_OK;
}

static int check_rowid(sqlite3_vtab_cursor *base, sqlite_int64 *rowid)
{
    *rowid = ((check_cursor *)base)->at + 1;
    return SQLITE_OK;
}

static sqlite3_module check_module = {
    .iVersion = 0,
    .xConnect = check_connect,
    .xBestIndex = check_best_index,
    .xDisconnect = check_disconnect,
    .xOpen = check_open,
    .xClose = check_close,
    .xFilter = check_filter,
    .xNext = check_next,
    .xEof = check_eof,
    .xColumn = check_column,
    .xRowid = check_rowid,
};

/* ---- lw_collation_record() and lw_collation_reindex() ------------------------------- */

typedef int (*guard_action)(sqlite3 *, const char *, int *, char **);

/* Runs action for argument 1 (an index name) or for every index; NULL gives NULL. */
static void run_guard(sqlite3_context *ctx, int argc, sqlite3_value **argv, const char *fn,
                      guard_action action)
{
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    const char *index = NULL;
    if (argc == 1) {
        int len = 0;
        int got = lw_arg_text(ctx, fn, argv, 0, &index, &len);
        if (got <= 0)
            return;
        sqlite3_stmt *stmt = NULL;
        int rc = sqlite3_prepare_v2(db,
                                    "SELECT 1 FROM main.sqlite_schema WHERE type = 'index' "
                                    "AND name = ?1",
                                    -1, &stmt, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_bind_text(stmt, 1, index, len, SQLITE_STATIC);
        int found = rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW;
        sqlite3_finalize(stmt);
        if (rc != SQLITE_OK) {
            lw_result_errorf(ctx, "%s(): %s", fn, sqlite3_errmsg(db));
            return;
        }
        if (!found) {
            lw_result_errorf(ctx, "%s(): no such index '%q' in argument 1", fn, index);
            return;
        }
    }
    char *err = NULL;
    int count = 0;
    int rc = action(db, index, &count, &err);
    if (rc != SQLITE_OK) {
        lw_result_errorf(ctx, "%s(): %s", fn, err ? err : sqlite3_errstr(rc));
        sqlite3_free(err);
        return;
    }
    sqlite3_result_int(ctx, count);
}

static void record_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    run_guard(ctx, argc, argv, "lw_collation_record", lw_guard_record);
}

static void reindex_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    run_guard(ctx, argc, argv, "lw_collation_reindex", lw_guard_reindex);
}

static const lw_function_def collation_functions[] = {
    {"lw_collation_record", 0, LW_STATEFUL, record_func, NULL, NULL, NULL, NULL},
    {"lw_collation_record", 1, LW_STATEFUL, record_func, NULL, NULL, NULL, NULL},
    {"lw_collation_reindex", 0, LW_STATEFUL, reindex_func, NULL, NULL, NULL, NULL},
    {"lw_collation_reindex", 1, LW_STATEFUL, reindex_func, NULL, NULL, NULL, NULL},
};

/* ---- registration ------------------------------------------------------------------- */

int lw_collation_register(sqlite3 *db, char **pzErr)
{
    lw_collation *unocase = NULL;
    if (lw_collation_open("UNOCASE", &unocase) != LW_COLLATION_OK)
        return SQLITE_NOMEM;
    int rc = sqlite3_create_collation_v2(db, "UNOCASE", SQLITE_UTF8, unocase, lw_collation_compare,
                                         destroy_collation);
    if (rc != SQLITE_OK) {
        lw_collation_close(unocase);
        *pzErr = sqlite3_mprintf("cannot register collation UNOCASE: %s", sqlite3_errmsg(db));
        return rc;
    }
    rc = lw_register_functions(db, collation_functions,
                               sizeof collation_functions / sizeof collation_functions[0], NULL,
                               pzErr);
    if (rc != SQLITE_OK)
        return rc;

    /* The connection state lives as long as the lw_collation_check module, which
     * SQLite destroys when the connection closes. */
    collation_conn *cc = sqlite3_malloc64(sizeof *cc);
    if (!cc)
        return SQLITE_NOMEM;
    memset(cc, 0, sizeof *cc);
    cc->db = db;
    pthread_mutex_lock(&connections_lock);
    cc->next = connections;
    connections = cc;
    pthread_mutex_unlock(&connections_lock);
    rc = sqlite3_create_module_v2(db, "lw_collation_check", &check_module, cc,
                                  collation_conn_destroy);
    if (rc != SQLITE_OK) {
        /* SQLite has already called the destructor, which unlinked and freed cc. */
        *pzErr = sqlite3_mprintf("cannot register table-valued function lw_collation_check: %s",
                                 sqlite3_errmsg(db));
        return rc;
    }
    rc = sqlite3_collation_needed(db, cc, collation_needed);
    if (rc != SQLITE_OK)
        *pzErr = sqlite3_mprintf("cannot install the collation resolver: %s", sqlite3_errmsg(db));
    return rc;
}
