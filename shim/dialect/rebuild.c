/*
 * The table rebuild (rebuild.h): SQLite's documented procedure for schema changes it
 * has no ALTER TABLE form for, in one savepoint, with foreign-key enforcement off and
 * the dialect's records kept by a hook.
 */
#include "dialect/rebuild.h"

#include <stdlib.h>
#include <string.h>

#include "collation/guard.h"
#include "core/sqlbuf.h"

static const char *const step_names[LW_REBUILD_STEPS] = {
    [LW_REBUILD_BEGIN] = "begin",     [LW_REBUILD_SAVE] = "save",
    [LW_REBUILD_CREATE] = "create",   [LW_REBUILD_COPY] = "copy",
    [LW_REBUILD_DROP] = "drop",       [LW_REBUILD_RENAME] = "rename",
    [LW_REBUILD_INDEXES] = "indexes", [LW_REBUILD_TRIGGERS] = "triggers",
    [LW_REBUILD_VIEWS] = "views",     [LW_REBUILD_FOREIGN_KEYS] = "foreign keys",
    [LW_REBUILD_CATALOG] = "catalog", [LW_REBUILD_COMMIT] = "commit",
};

const char *lw_rebuild_step_name(int step)
{
    return step > 0 && step < LW_REBUILD_STEPS ? step_names[step] : "none";
}

/* ---- Test hooks ----------------------------------------------------------------------- */

static _Thread_local int fail_at;
static _Thread_local int pause_at;
static _Thread_local void (*pause_fn)(int);

void lw_rebuild_test_fail_at(int step)
{
    fail_at = step;
}

void lw_rebuild_test_pause_at(int step, void (*pause)(int))
{
    pause_at = step;
    pause_fn = pause;
}

/* Called when the rebuild reaches step: the test hooks' chance. Returns SQLITE_OK, or
 * SQLITE_ERROR with err set when a failure is injected there. */
static int reach(int step, lw_dialect_error *err)
{
    if (pause_at == step && pause_fn)
        pause_fn(step);
    if (fail_at != step)
        return SQLITE_OK;
    lw_dialect_error_set(err, "XX000", 1105, "injected failure at rebuild step %d (%s)", step,
                         lw_rebuild_step_name(step));
    return SQLITE_ERROR;
}

/* ---- Helpers ---------------------------------------------------------------------------- */

/* SQLite's error for rc after running SQL on db, as the rebuild reports it. */
static int sqlite_error(sqlite3 *db, int rc, lw_dialect_error *err)
{
    sqlite3_free(err->message);
    err->message = sqlite3_mprintf("%s", rc == SQLITE_NOMEM ? "out of memory" : sqlite3_errmsg(db));
    err->sqlstate[0] = 0;
    return rc;
}

static int exec_sql(sqlite3 *db, const char *sql, lw_dialect_error *err)
{
    if (!sql)
        return sqlite_error(db, SQLITE_NOMEM, err);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        sqlite3_free(err->message);
        err->message = msg ? msg : sqlite3_mprintf("%s", sqlite3_errstr(rc));
        err->sqlstate[0] = 0;
        return rc;
    }
    return SQLITE_OK;
}

void lw_schema_objects_free(lw_schema_object *list, int n)
{
    for (int i = 0; i < n; i++) {
        sqlite3_free(list[i].type);
        sqlite3_free(list[i].name);
        sqlite3_free(list[i].sql);
    }
    sqlite3_free(list);
}

int lw_schema_objects(sqlite3 *db, const char *table, lw_schema_object **out, int *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT type, name, sql FROM main.sqlite_schema WHERE "
                                "type IN ('index', 'trigger') AND tbl_name = ?1 COLLATE NOCASE "
                                "AND sql IS NOT NULL ORDER BY rowid",
                                -1, &stmt, NULL);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
    lw_schema_object *list = NULL;
    int count = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        lw_schema_object *grown = sqlite3_realloc64(list, (size_t)(count + 1) * sizeof *grown);
        if (!grown) {
            rc = SQLITE_NOMEM;
            break;
        }
        list = grown;
        lw_schema_object *o = &list[count++];
        o->type = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 0));
        o->name = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 1));
        o->sql = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 2));
        if (!o->type || !o->name || !o->sql) {
            rc = SQLITE_NOMEM;
            break;
        }
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) {
        lw_schema_objects_free(list, count);
        return rc == SQLITE_ROW ? SQLITE_ERROR : rc;
    }
    *out = list;
    *n = count;
    return SQLITE_OK;
}

/* ---- Views ---------------------------------------------------------------------------------- */

/* The main schema's views that compile now, as "\x1fname\x1f..." (a name list that
 * strstr can search), into out. */
static int compiling_views(sqlite3 *db, lw_sqlbuf *out)
{
    sqlite3_stmt *views = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT name FROM main.sqlite_schema WHERE type = 'view'", -1,
                                &views, NULL);
    lw_sqlbuf_append(out, "\x1f", 1);
    while (rc == SQLITE_OK && sqlite3_step(views) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(views, 0);
        char *sql = sqlite3_mprintf("SELECT * FROM main.\"%w\" LIMIT 0", name ? name : "");
        sqlite3_stmt *probe = NULL;
        if (!sql) {
            rc = SQLITE_NOMEM;
            break;
        }
        if (sqlite3_prepare_v2(db, sql, -1, &probe, NULL) == SQLITE_OK)
            lw_sqlbuf_appendf(out, "%s\x1f", name);
        sqlite3_finalize(probe);
        sqlite3_free(sql);
    }
    sqlite3_finalize(views);
    return rc == SQLITE_OK && out->oom ? SQLITE_NOMEM : rc;
}

static int listed(const lw_sqlbuf *list, const char *name)
{
    char *key = sqlite3_mprintf("\x1f%s\x1f", name);
    int found = key && list->s && strstr(list->s, key) != NULL;
    sqlite3_free(key);
    return found;
}

/* Views that compiled before (before) and no longer do: dropped, until none is left
 * (a view over a dropped view breaks in turn), or the first one is an error. */
static int check_views(sqlite3 *db, lw_rebuild_plan *plan, const lw_sqlbuf *before,
                       lw_dialect_error *err)
{
    lw_sqlbuf dropped = {0};
    int rc = SQLITE_OK;
    for (int changed = 1; changed && rc == SQLITE_OK;) {
        changed = 0;
        lw_sqlbuf now = {0};
        rc = compiling_views(db, &now);
        sqlite3_stmt *views = NULL;
        if (rc == SQLITE_OK)
            rc = sqlite3_prepare_v2(db, "SELECT name FROM main.sqlite_schema WHERE type = 'view'",
                                    -1, &views, NULL);
        char *broken = NULL;
        while (rc == SQLITE_OK && !broken && sqlite3_step(views) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(views, 0);
            if (name && listed(before, name) && !listed(&now, name))
                broken = sqlite3_mprintf("%s", name);
        }
        sqlite3_finalize(views);
        lw_sqlbuf_free(&now);
        if (rc != SQLITE_OK || !broken) {
            sqlite3_free(broken);
            break;
        }
        if (!plan->cascade) {
            rc = plan->hooks && plan->hooks->view_depends
                     ? plan->hooks->view_depends(plan->arg, broken, err)
                     : 0;
            if (!rc) {
                lw_dialect_error_set(err, "2BP01", 3730,
                                     "cannot change table \"%s\" because view \"%s\" depends on "
                                     "it",
                                     plan->table, broken);
                rc = SQLITE_CONSTRAINT;
            }
            sqlite3_free(broken);
            break;
        }
        char *sql = sqlite3_mprintf("DROP VIEW main.\"%w\"", broken);
        rc = exec_sql(db, sql, err);
        sqlite3_free(sql);
        lw_sqlbuf_appendf(&dropped, "%s%s", dropped.len ? "," : "", broken);
        sqlite3_free(broken);
        changed = 1;
    }
    if (rc == SQLITE_OK && dropped.len) {
        sqlite3_free(plan->dropped_views);
        plan->dropped_views = lw_sqlbuf_finish(&dropped);
    }
    lw_sqlbuf_free(&dropped);
    return rc;
}

/* ---- Foreign keys ------------------------------------------------------------------------------
 */

/* The foreign-key violations of table and of the tables that refer to it, one
 * "\x1fchild|rowid|parent|fkid\x1f" entry each. */
static int violations(sqlite3 *db, const char *table, lw_sqlbuf *out)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(
        db,
        "SELECT c.\"table\", c.rowid, c.parent, c.fkid FROM main.sqlite_schema AS s, "
        "pragma_foreign_key_check(s.name) AS c WHERE s.type = 'table' AND (s.name = ?1 "
        "COLLATE NOCASE OR EXISTS (SELECT 1 FROM pragma_foreign_key_list(s.name) AS f WHERE "
        "f.\"table\" = ?1 COLLATE NOCASE))",
        -1, &stmt, NULL);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
    lw_sqlbuf_append(out, "\x1f", 1);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        lw_sqlbuf_appendf(out, "%s|%s|%s|%d\x1f", sqlite3_column_text(stmt, 0),
                          sqlite3_column_text(stmt, 1) ? (const char *)sqlite3_column_text(stmt, 1)
                                                       : "",
                          sqlite3_column_text(stmt, 2), sqlite3_column_int(stmt, 3));
    sqlite3_finalize(stmt);
    if (rc == SQLITE_DONE)
        rc = out->oom ? SQLITE_NOMEM : SQLITE_OK;
    return rc;
}

/* A violation in after that before does not have: the hook's error (or SQLite's). */
static int check_foreign_keys(sqlite3 *db, const lw_rebuild_plan *plan, const lw_sqlbuf *before,
                              lw_dialect_error *err)
{
    lw_sqlbuf after = {0};
    int rc = violations(db, plan->table, &after);
    for (const char *p = after.s ? after.s + 1 : ""; rc == SQLITE_OK && *p;) {
        const char *end = strchr(p, '\x1f');
        if (!end)
            break;
        char *entry = sqlite3_mprintf("\x1f%.*s\x1f", (int)(end - p), p);
        if (!entry) {
            rc = SQLITE_NOMEM;
            break;
        }
        if (!before->s || !strstr(before->s, entry)) {
            /* child|rowid|parent|fkid */
            char *fields[4] = {0};
            char *q = entry + 1;
            for (int i = 0; i < 4; i++) {
                fields[i] = q;
                q += strcspn(q, "|\x1f");
                *q++ = 0;
            }
            rc = SQLITE_CONSTRAINT_FOREIGNKEY;
            int worded = plan->hooks && plan->hooks->foreign_key_broken &&
                         plan->hooks->foreign_key_broken(plan->arg, fields[0], atoi(fields[3]),
                                                         fields[2], err);
            if (!worded) {
                sqlite3_free(err->message);
                err->message = sqlite3_mprintf("FOREIGN KEY constraint failed");
                err->sqlstate[0] = 0;
            }
        }
        sqlite3_free(entry);
        p = end + 1;
    }
    lw_sqlbuf_free(&after);
    return rc;
}

/* ---- The copy
 * ------------------------------------------------------------------------------------ */

/* INSERT INTO tmp (cols) SELECT values FROM table: rowids carried over when both the
 * old and the new table have hidden ones. */
static char *copy_sql(const lw_rebuild_plan *plan, const char *tmp, int keep_rowid,
                      int *all_defaults)
{
    *all_defaults = 0;
    lw_sqlbuf into = {0}, select = {0};
    if (keep_rowid) {
        lw_sqlbuf_appends(&into, "rowid");
        lw_sqlbuf_appendf(&select, "\"%w\".rowid", plan->table);
    }
    for (int i = 0; i < plan->model->n_cols; i++) {
        if (!plan->values[i])
            continue;
        lw_sqlbuf_appendf(&into, "%s\"%w\"", into.len ? ", " : "", plan->model->cols[i].name);
        lw_sqlbuf_appendf(&select, "%s%s", select.len ? ", " : "", plan->values[i]);
    }
    char *sql = NULL;
    if (!into.oom && !select.oom) {
        if (into.len)
            sql = sqlite3_mprintf("INSERT INTO main.\"%w\" (%s) SELECT %s FROM main.\"%w\"", tmp,
                                  into.s, select.s, plan->table);
        else /* every column takes its default: one row per old row */
            *all_defaults = 1, sql = sqlite3_mprintf("");
    }
    lw_sqlbuf_free(&into);
    lw_sqlbuf_free(&select);
    return sql;
}

/* A copy that had no column to copy inserts one row of defaults per old row. */
static int copy_defaults(sqlite3 *db, const lw_rebuild_plan *plan, const char *tmp,
                         lw_dialect_error *err)
{
    char *sql = sqlite3_mprintf("SELECT count(*) FROM main.\"%w\"", plan->table);
    sqlite3_stmt *stmt = NULL;
    int rc = sql ? sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) : SQLITE_NOMEM;
    sqlite3_free(sql);
    sqlite3_int64 rows = 0;
    if (rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        rows = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_OK)
        return sqlite_error(db, rc, err);
    sql = sqlite3_mprintf("INSERT INTO main.\"%w\" DEFAULT VALUES", tmp);
    for (sqlite3_int64 i = 0; i < rows && rc == SQLITE_OK; i++)
        rc = exec_sql(db, sql, err);
    sqlite3_free(sql);
    return rc;
}

/* The copy's error in the dialect's words, or SQLite's with the temporary table's name
 * replaced by the table's. */
static int copy_failed(sqlite3 *db, const lw_rebuild_plan *plan, const char *tmp, int rc,
                       lw_dialect_error *err)
{
    if (err->message && err->sqlstate[0])
        return rc; /* an error a dialect function raised, already worded */
    const char *msg = err->message ? err->message : sqlite3_errmsg(db);
    if (plan->hooks && plan->hooks->copy_error) {
        char *own = sqlite3_mprintf("%s", msg);
        int worded = own ? plan->hooks->copy_error(plan->arg, rc, own, err) : 0;
        sqlite3_free(own);
        if (worded)
            return rc;
    }
    /* "UNIQUE constraint failed: _lw_new_t.a" names the table as the user knows it. */
    lw_sqlbuf b = {0};
    size_t n = strlen(tmp);
    for (const char *p = msg; *p;) {
        const char *hit = strstr(p, tmp);
        if (!hit) {
            lw_sqlbuf_appends(&b, p);
            break;
        }
        lw_sqlbuf_append(&b, p, (size_t)(hit - p));
        lw_sqlbuf_appends(&b, plan->table);
        p = hit + n;
    }
    char *worded = lw_sqlbuf_finish(&b);
    if (worded) {
        sqlite3_free(err->message);
        err->message = worded;
        err->sqlstate[0] = 0;
    }
    return rc;
}

/* ---- The procedure ----------------------------------------------------------------------------
 */

typedef struct saved_flags {
    int fkeys, legacy, defensive;
} saved_flags;

static void flags_off(sqlite3 *db, saved_flags *s)
{
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, -1, &s->fkeys);
    sqlite3_db_config(db, SQLITE_DBCONFIG_LEGACY_ALTER_TABLE, -1, &s->legacy);
    if (s->fkeys)
        sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, 0, (int *)0);
}

static void flags_restore(sqlite3 *db, const saved_flags *s)
{
    sqlite3_db_config(db, SQLITE_DBCONFIG_LEGACY_ALTER_TABLE, s->legacy, (int *)0);
    if (s->fkeys)
        sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, 1, (int *)0);
}

static int open_savepoint(sqlite3 *db, saved_flags *flags, lw_dialect_error *err)
{
    flags_off(db, flags);
    int rc = exec_sql(db, "SAVEPOINT lw_rebuild", err);
    if (rc != SQLITE_OK)
        flags_restore(db, flags);
    return rc;
}

/* Ends the savepoint: released when rc is SQLITE_OK, otherwise rolled back (the
 * error stays rc's). */
static int close_savepoint(sqlite3 *db, const saved_flags *flags, int rc, lw_dialect_error *err)
{
    if (rc == SQLITE_OK) {
        rc = reach(LW_REBUILD_COMMIT, err);
        if (rc == SQLITE_OK)
            rc = exec_sql(db, "RELEASE lw_rebuild", err);
    }
    if (rc != SQLITE_OK)
        sqlite3_exec(db, "ROLLBACK TO lw_rebuild; RELEASE lw_rebuild", NULL, NULL, NULL);
    flags_restore(db, flags);
    return rc;
}

/* The dialect's records and the collation versions of the table's indexes, which
 * this build has just built. */
static int catalog(sqlite3 *db, const char *table, const lw_rebuild_hooks *hooks, void *arg,
                   lw_dialect_error *err)
{
    int rc = hooks && hooks->catalog ? hooks->catalog(arg, db, err) : SQLITE_OK;
    if (rc == SQLITE_OK && table) {
        int recorded = 0;
        char *msg = NULL;
        rc = lw_guard_record_built(db, LW_GUARD_TABLE, table, &recorded, &msg);
        if (rc != SQLITE_OK) {
            sqlite3_free(err->message);
            err->message = msg ? msg : sqlite3_mprintf("%s", sqlite3_errstr(rc));
            err->sqlstate[0] = 0;
        } else {
            sqlite3_free(msg);
        }
    }
    return rc;
}

int lw_rebuild_exec(sqlite3 *db, const char *sql, const char *table, const lw_rebuild_hooks *hooks,
                    void *arg, lw_dialect_error *err)
{
    saved_flags flags;
    int rc = open_savepoint(db, &flags, err);
    if (rc != SQLITE_OK)
        return rc;
    rc = exec_sql(db, sql, err);
    if (rc == SQLITE_OK)
        rc = catalog(db, table, hooks, arg, err);
    return close_savepoint(db, &flags, rc, err);
}

int lw_rebuild_table(sqlite3 *db, lw_rebuild_plan *plan, lw_dialect_error *err)
{
    saved_flags flags;
    lw_sqlbuf views_before = {0}, fk_before = {0};
    lw_table_model old = {0};
    char *tmp = sqlite3_mprintf("_lw_new_%s", plan->table);
    int rc = tmp ? reach(LW_REBUILD_BEGIN, err) : SQLITE_NOMEM;
    if (rc == SQLITE_OK)
        rc = open_savepoint(db, &flags, err);
    if (rc != SQLITE_OK) {
        sqlite3_free(tmp);
        return rc == SQLITE_NOMEM ? sqlite_error(db, rc, err) : rc;
    }

    /* SAVE: what compiles and which foreign keys are broken before the change. */
    rc = reach(LW_REBUILD_SAVE, err);
    if (rc == SQLITE_OK && (rc = compiling_views(db, &views_before)) != SQLITE_OK)
        sqlite_error(db, rc, err);
    if (rc == SQLITE_OK && flags.fkeys &&
        (rc = violations(db, plan->table, &fk_before)) != SQLITE_OK)
        sqlite_error(db, rc, err);
    int old_rc = rc == SQLITE_OK ? lw_tm_load(db, plan->table, &old) : LW_TM_OK;
    if (rc == SQLITE_OK && old_rc != LW_TM_OK) {
        rc = old_rc > 0 ? sqlite_error(db, old_rc, err) : SQLITE_ERROR;
        if (old_rc <= 0)
            lw_dialect_error_set(err, "XX000", 1105, "cannot read the definition of table \"%s\"",
                                 plan->table);
    }
    int keep_rowid =
        rc == SQLITE_OK && lw_tm_has_hidden_rowid(&old) && lw_tm_has_hidden_rowid(plan->model);

    /* CREATE the new table under a temporary name. */
    if (rc == SQLITE_OK && (rc = reach(LW_REBUILD_CREATE, err)) == SQLITE_OK) {
        char *create = lw_tm_render(plan->model, tmp);
        rc = exec_sql(db, create, err);
        sqlite3_free(create);
    }
    /* COPY the rows, each column's value computed from the old row. */
    if (rc == SQLITE_OK && (rc = reach(LW_REBUILD_COPY, err)) == SQLITE_OK) {
        int all_defaults;
        char *copy = copy_sql(plan, tmp, keep_rowid, &all_defaults);
        if (copy && !all_defaults)
            rc = exec_sql(db, copy, err);
        else if (copy)
            rc = copy_defaults(db, plan, tmp, err);
        else
            rc = sqlite_error(db, SQLITE_NOMEM, err);
        sqlite3_free(copy);
        if (rc != SQLITE_OK)
            copy_failed(db, plan, tmp, rc, err);
    }
    /* DROP the old table (its indexes and triggers go with it). */
    if (rc == SQLITE_OK && (rc = reach(LW_REBUILD_DROP, err)) == SQLITE_OK) {
        char *sql = sqlite3_mprintf("DROP TABLE main.\"%w\"", plan->table);
        rc = exec_sql(db, sql, err);
        sqlite3_free(sql);
    }
    /* RENAME the new table to the old name. */
    if (rc == SQLITE_OK && (rc = reach(LW_REBUILD_RENAME, err)) == SQLITE_OK) {
        sqlite3_db_config(db, SQLITE_DBCONFIG_LEGACY_ALTER_TABLE, 1, (int *)0);
        char *sql = sqlite3_mprintf("ALTER TABLE main.\"%w\" RENAME TO \"%w\"", tmp, plan->table);
        rc = exec_sql(db, sql, err);
        sqlite3_free(sql);
        sqlite3_db_config(db, SQLITE_DBCONFIG_LEGACY_ALTER_TABLE, flags.legacy, (int *)0);
    }
    /* INDEXES and TRIGGERS of the plan. */
    if (rc == SQLITE_OK && (rc = reach(LW_REBUILD_INDEXES, err)) == SQLITE_OK)
        for (int i = 0; i < plan->n_indexes && rc == SQLITE_OK; i++)
            rc = exec_sql(db, plan->indexes[i], err);
    if (rc != SQLITE_OK && err->message && !err->sqlstate[0] && plan->hooks &&
        plan->hooks->copy_error && strstr(err->message, "UNIQUE constraint failed"))
        copy_failed(db, plan, tmp, rc, err); /* a unique index the rows break */
    if (rc == SQLITE_OK && (rc = reach(LW_REBUILD_TRIGGERS, err)) == SQLITE_OK)
        for (int i = 0; i < plan->n_triggers && rc == SQLITE_OK; i++)
            rc = exec_sql(db, plan->triggers[i], err);
    /* VIEWS that the change broke. */
    if (rc == SQLITE_OK && (rc = reach(LW_REBUILD_VIEWS, err)) == SQLITE_OK)
        rc = check_views(db, plan, &views_before, err);
    /* FOREIGN KEYS: no violation the change made. */
    if (rc == SQLITE_OK && (rc = reach(LW_REBUILD_FOREIGN_KEYS, err)) == SQLITE_OK && flags.fkeys)
        rc = check_foreign_keys(db, plan, &fk_before, err);
    /* CATALOG: the dialect's records and the new indexes' collation versions. */
    if (rc == SQLITE_OK && (rc = reach(LW_REBUILD_CATALOG, err)) == SQLITE_OK)
        rc = catalog(db, plan->table, plan->hooks, plan->arg, err);
    rc = close_savepoint(db, &flags, rc, err);
    if (rc != SQLITE_OK) {
        sqlite3_free(plan->dropped_views);
        plan->dropped_views = NULL;
    }
    lw_sqlbuf_free(&views_before);
    lw_sqlbuf_free(&fk_before);
    lw_tm_free(&old);
    sqlite3_free(tmp);
    return rc;
}
