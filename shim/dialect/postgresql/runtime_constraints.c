/*
 * SET CONSTRAINTS for the postgresql dialect's foreign keys (registered by runtime.c):
 *
 *   pg_set_constraints(IMMEDIATE, NAME, ...)   SET CONSTRAINTS {ALL | name, ...}
 *                                   {DEFERRED | IMMEDIATE}; no NAME: ALL
 *
 * SQLite checks a DEFERRABLE INITIALLY DEFERRED foreign key at COMMIT, as PostgreSQL
 * does, but cannot switch one constraint to immediate checking inside a transaction.
 * SET CONSTRAINTS ... IMMEDIATE therefore checks what is pending now (23503 for a row
 * that breaks the key, as PostgreSQL's check at that point) and then adds TEMP triggers
 * that refuse each later row breaking the key at once, with PostgreSQL's message:
 * before INSERT and UPDATE of the child's key columns, and before DELETE and UPDATE of
 * the parent's (for NO ACTION and RESTRICT: the other actions act anyway). They are
 * named _lw_immediate_<constraint>_{i,u,d,p}; SET CONSTRAINTS ... DEFERRED drops them,
 * and so does the end of the transaction (a ROLLBACK undoes them with it, COMMIT drops
 * them first: lw_pg_constraints_end_txn). SET CONSTRAINTS ALL DEFERRED drops them; when
 * the schema has keys declared DEFERRABLE INITIALLY IMMEDIATE it also sets SQLite's
 * PRAGMA defer_foreign_keys, which is all or nothing: it defers the keys declared NOT
 * DEFERRABLE as well (PostgreSQL keeps those immediate; a violation is then reported
 * at COMMIT instead of at the statement). Naming an INITIALLY IMMEDIATE key in SET
 * CONSTRAINTS ... DEFERRED is refused (0A000) for the same reason.
 *
 * Outside a transaction block SET CONSTRAINTS changes nothing once the names are found
 * (PostgreSQL warns).
 * Errors: 42704 for an unknown constraint, 42809 for one that is not deferrable.
 */
#include <string.h>

#include "dialect/postgresql/catalog.h"
#include "dialect/postgresql/runtime_int.h"

#define IMMEDIATE_PREFIX "_lw_immediate_"

/* One foreign key of the schema. */
typedef struct fk_info {
    char *name, *child, *parent;
    lw_tm_clause clause; /* a copy; cols filled with the child's columns */
    int deferrable;
} fk_info;

static void fk_free(fk_info *list, int n)
{
    for (int i = 0; i < n; i++) {
        sqlite3_free(list[i].name);
        sqlite3_free(list[i].child);
        sqlite3_free(list[i].parent);
        lw_tm_clause_free(&list[i].clause);
    }
    sqlite3_free(list);
}

/* Every foreign key of the main schema's tables. */
static int all_foreign_keys(sqlite3 *db, fk_info **out, int *n_out)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT name, sql FROM main.sqlite_schema WHERE type = 'table' "
                                "AND sql IS NOT NULL AND sql LIKE '%REFERENCES%'",
                                -1, &stmt, NULL);
    fk_info *list = NULL;
    int n = 0;
    while (rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
        lw_table_model m;
        if (lw_tm_parse((const char *)sqlite3_column_text(stmt, 1), &m) != LW_TM_OK) {
            lw_tm_free(&m);
            continue;
        }
        lw_tm_constraint *cons = NULL;
        int nc = lw_tm_constraints(&m, &cons);
        for (int i = 0; i < nc && rc == SQLITE_OK; i++) {
            if (cons[i].clause->kind != LW_TM_FOREIGN_KEY)
                continue;
            fk_info *grown = sqlite3_realloc64(list, (size_t)(n + 1) * sizeof *grown);
            if (!grown) {
                rc = SQLITE_NOMEM;
                break;
            }
            list = grown;
            fk_info *f = &list[n++];
            memset(f, 0, sizeof *f);
            f->name = pg_constraint_name(&m, &cons[i]);
            f->child = sqlite3_mprintf("%s", m.name);
            f->parent = sqlite3_mprintf("%s", cons[i].clause->ref_table);
            f->deferrable = cons[i].clause->deferrable;
            if (lw_tm_clause_copy(&f->clause, cons[i].clause) != LW_TM_OK || !f->name ||
                !f->child || !f->parent) {
                rc = SQLITE_NOMEM;
                break;
            }
            if (!f->clause.cols.n)
                for (int k = 0; k < cons[i].n_cols; k++)
                    lw_tm_names_add(&f->clause.cols, cons[i].cols[k], -1);
            if (!f->clause.ref_cols.n) {
                /* The parent's primary key. */
                lw_table_model pm;
                if (lw_tm_load(db, f->parent, &pm) == LW_TM_OK) {
                    lw_tm_constraint *pc = NULL;
                    int np = lw_tm_constraints(&pm, &pc);
                    for (int j = 0; j < np; j++)
                        if (pc[j].clause->kind == LW_TM_PRIMARY_KEY)
                            for (int k = 0; k < pc[j].n_cols; k++)
                                lw_tm_names_add(&f->clause.ref_cols, pc[j].cols[k], -1);
                    sqlite3_free(pc);
                }
                lw_tm_free(&pm);
            }
        }
        sqlite3_free(cons);
        lw_tm_free(&m);
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_OK) {
        fk_free(list, n);
        return rc;
    }
    *out = list;
    *n_out = n;
    return SQLITE_OK;
}

/* Drops the immediate triggers of constraint name (NULL: all of them). */
static int drop_immediate(sqlite3 *db, const char *name, char **err)
{
    sqlite3_stmt *stmt = NULL;
    lw_sqlbuf sql = {0};
    int rc = sqlite3_prepare_v2(db,
                                "SELECT name FROM temp.sqlite_schema WHERE type = 'trigger' AND "
                                "substr(name, 1, length(?1)) = ?1",
                                -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
        char *prefix = name ? sqlite3_mprintf(IMMEDIATE_PREFIX "%s_", name)
                            : sqlite3_mprintf(IMMEDIATE_PREFIX);
        sqlite3_bind_text(stmt, 1, prefix, -1, sqlite3_free);
        while (sqlite3_step(stmt) == SQLITE_ROW)
            lw_sqlbuf_appendf(&sql, "DROP TRIGGER temp.\"%w\";", sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    if (rc == SQLITE_OK && sql.len)
        rc = sqlite3_exec(db, sql.s, NULL, NULL, err);
    lw_sqlbuf_free(&sql);
    return rc;
}

int lw_pg_constraints_end_txn(lw_pg_funcs *funcs, sqlite3 *db, int commit)
{
    if (!funcs || !funcs->immediate_constraints)
        return SQLITE_OK;
    funcs->immediate_constraints = 0;
    return commit ? drop_immediate(db, NULL, NULL) : SQLITE_OK;
}

/* "c1" = X."p1" AND ... (child columns against the parent's, prefix X. on one side). */
static void key_match(lw_sqlbuf *b, const fk_info *f, const char *child_prefix,
                      const char *parent_prefix)
{
    for (int k = 0; k < f->clause.cols.n && k < f->clause.ref_cols.n; k++)
        lw_sqlbuf_appendf(b, "%s%s\"%w\" = %s\"%w\"", k ? " AND " : "", child_prefix,
                          f->clause.cols.v[k], parent_prefix, f->clause.ref_cols.v[k]);
}

/* The TEMP triggers that check f at once. */
static int create_immediate(sqlite3 *db, const fk_info *f, char **err)
{
    lw_sqlbuf b = {0};
    lw_sqlbuf notnull = {0}, cols = {0};
    for (int k = 0; k < f->clause.cols.n; k++) {
        lw_sqlbuf_appendf(&notnull, "%sNEW.\"%w\" IS NOT NULL", k ? " AND " : "",
                          f->clause.cols.v[k]);
        lw_sqlbuf_appendf(&cols, "%s\"%w\"", k ? ", " : "", f->clause.cols.v[k]);
    }
    lw_sqlbuf parent_match = {0};
    key_match(&parent_match, f, "NEW.", "");
    const char *events[2] = {"INSERT", "UPDATE OF"};
    for (int e = 0; e < 2; e++) {
        lw_sqlbuf_appendf(&b,
                          "CREATE TEMP TRIGGER \"" IMMEDIATE_PREFIX "%w_%c\" BEFORE %s%s%s ON "
                          "main.\"%w\" WHEN %s AND NOT EXISTS (SELECT 1 FROM main.\"%w\" WHERE ",
                          f->name, e ? 'u' : 'i', events[e], e ? " " : "", e ? cols.s : "",
                          f->child, notnull.s, f->parent);
        /* The parent's columns compared with the new row's. */
        for (int k = 0; k < f->clause.cols.n && k < f->clause.ref_cols.n; k++)
            lw_sqlbuf_appendf(&b, "%s\"%w\" = NEW.\"%w\"", k ? " AND " : "",
                              f->clause.ref_cols.v[k], f->clause.cols.v[k]);
        lw_sqlbuf_appendf(&b,
                          ") BEGIN SELECT RAISE(ABORT, 'PG-23503: insert or update on table "
                          "\"%q\" violates foreign key constraint \"%q\"'); END;",
                          f->child, f->name);
    }
    int restrict_delete =
        !strcmp(f->clause.on_delete, "NO ACTION") || !strcmp(f->clause.on_delete, "RESTRICT");
    int restrict_update =
        !strcmp(f->clause.on_update, "NO ACTION") || !strcmp(f->clause.on_update, "RESTRICT");
    lw_sqlbuf refers = {0};
    key_match(&refers, f, "", "OLD.");
    if (restrict_delete)
        lw_sqlbuf_appendf(&b,
                          "CREATE TEMP TRIGGER \"" IMMEDIATE_PREFIX "%w_d\" BEFORE DELETE ON "
                          "main.\"%w\" WHEN EXISTS (SELECT 1 FROM main.\"%w\" WHERE %s) BEGIN "
                          "SELECT RAISE(ABORT, 'PG-23503: update or delete on table \"%q\" "
                          "violates foreign key constraint \"%q\" on table \"%q\"'); END;",
                          f->name, f->parent, f->child, refers.s ? refers.s : "0", f->parent,
                          f->name, f->child);
    if (restrict_update) {
        lw_sqlbuf changed = {0}, pcols = {0};
        for (int k = 0; k < f->clause.ref_cols.n; k++) {
            lw_sqlbuf_appendf(&changed, "%sOLD.\"%w\" IS NOT NEW.\"%w\"", k ? " OR " : "",
                              f->clause.ref_cols.v[k], f->clause.ref_cols.v[k]);
            lw_sqlbuf_appendf(&pcols, "%s\"%w\"", k ? ", " : "", f->clause.ref_cols.v[k]);
        }
        lw_sqlbuf_appendf(&b,
                          "CREATE TEMP TRIGGER \"" IMMEDIATE_PREFIX "%w_p\" BEFORE UPDATE OF %s ON "
                          "main.\"%w\" WHEN (%s) AND EXISTS (SELECT 1 FROM main.\"%w\" WHERE %s) "
                          "BEGIN SELECT RAISE(ABORT, 'PG-23503: update or delete on table \"%q\" "
                          "violates foreign key constraint \"%q\" on table \"%q\"'); END;",
                          f->name, pcols.s ? pcols.s : "", f->parent, changed.s ? changed.s : "0",
                          f->child, refers.s ? refers.s : "0", f->parent, f->name, f->child);
        lw_sqlbuf_free(&changed);
        lw_sqlbuf_free(&pcols);
    }
    int oom = b.oom || notnull.oom || cols.oom || refers.oom || parent_match.oom;
    int rc = oom ? SQLITE_NOMEM : sqlite3_exec(db, b.s, NULL, NULL, err);
    lw_sqlbuf_free(&b);
    lw_sqlbuf_free(&notnull);
    lw_sqlbuf_free(&cols);
    lw_sqlbuf_free(&refers);
    lw_sqlbuf_free(&parent_match);
    return rc;
}

/* A pending violation of f: PostgreSQL checks them when the constraint turns
 * immediate. Returns 1 (error set on ctx) when there is one. */
static int pending_violation(sqlite3_context *ctx, sqlite3 *db, const fk_info *f)
{
    sqlite3_stmt *stmt = NULL;
    int found = 0;
    char *sql = sqlite3_mprintf("SELECT fkid FROM pragma_foreign_key_check(%Q) WHERE parent = %Q "
                                "COLLATE NOCASE",
                                f->child, f->parent);
    if (sql && sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK)
        while (!found && sqlite3_step(stmt) == SQLITE_ROW) {
            char *name = lw_pg_foreign_key_name(db, f->child, sqlite3_column_int(stmt, 0));
            found = name && !strcmp(name, f->name);
            sqlite3_free(name);
        }
    sqlite3_finalize(stmt);
    sqlite3_free(sql);
    if (found)
        lw_pg_error(ctx, "23503",
                    "insert or update on table \"%s\" violates foreign key constraint \"%s\"",
                    f->child, f->name);
    return found;
}

/* pg_set_constraints(IMMEDIATE, NAME, ...) */
static void set_constraints_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    lw_pg_funcs *funcs = sqlite3_user_data(ctx);
    int immediate = sqlite3_value_int(argv[0]);
    fk_info *fks = NULL;
    int n = 0, rc = all_foreign_keys(db, &fks, &n);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    /* The constraints named (or, for ALL, the deferrable ones). */
    unsigned char *chosen = sqlite3_malloc64((size_t)(n ? n : 1));
    if (!chosen) {
        fk_free(fks, n);
        sqlite3_result_error_nomem(ctx);
        return;
    }
    memset(chosen, argc == 1, (size_t)(n ? n : 1));
    for (int i = 1; i < argc; i++) {
        const char *name = (const char *)sqlite3_value_text(argv[i]);
        int found = 0;
        for (int k = 0; k < n && name; k++)
            if (!strcmp(fks[k].name, name)) {
                found = 1;
                if (!fks[k].deferrable) {
                    lw_pg_error(ctx, "42809", "constraint \"%s\" is not deferrable", name);
                    goto done;
                }
                chosen[k] = 1;
            }
        if (!found) {
            lw_pg_error(ctx, "42704", "constraint \"%s\" does not exist", name ? name : "");
            goto done;
        }
    }
    if (sqlite3_get_autocommit(db)) {
        sqlite3_result_int(ctx, 0); /* the names exist: PostgreSQL warns, nothing changes */
        goto done;
    }
    char *err = NULL;
    rc = SQLITE_OK;
    if (!immediate) {
        if (argc == 1) {
            int initially_immediate = 0;
            for (int k = 0; k < n; k++)
                initially_immediate |= fks[k].deferrable && !fks[k].clause.initially_deferred;
            rc = drop_immediate(db, NULL, &err);
            if (rc == SQLITE_OK && initially_immediate)
                rc = sqlite3_exec(db, "PRAGMA defer_foreign_keys = ON", NULL, NULL, &err);
        }
        for (int k = 0; k < n && rc == SQLITE_OK && argc > 1; k++)
            if (chosen[k]) {
                if (!fks[k].clause.initially_deferred) {
                    lw_pg_error(ctx, "0A000",
                                "SET CONSTRAINTS %s DEFERRED of a constraint declared INITIALLY "
                                "IMMEDIATE is not supported by the postgresql dialect",
                                fks[k].name);
                    goto done;
                }
                rc = drop_immediate(db, fks[k].name, &err);
            }
    } else {
        if (argc == 1)
            rc = sqlite3_exec(db, "PRAGMA defer_foreign_keys = OFF", NULL, NULL, &err);
        for (int k = 0; k < n && rc == SQLITE_OK; k++) {
            if (!chosen[k] || !fks[k].deferrable || !fks[k].clause.initially_deferred)
                continue;
            if (pending_violation(ctx, db, &fks[k]))
                goto done;
            rc = drop_immediate(db, fks[k].name, &err);
            if (rc == SQLITE_OK)
                rc = create_immediate(db, &fks[k], &err);
            if (rc == SQLITE_OK && funcs)
                funcs->immediate_constraints = 1;
        }
    }
    if (rc != SQLITE_OK)
        sqlite3_result_error(ctx, err ? err : sqlite3_errstr(rc), -1);
    else
        sqlite3_result_int(ctx, 1);
    sqlite3_free(err);
done:
    sqlite3_free(chosen);
    fk_free(fks, n);
}

const lw_pg_function_def lw_pg_constraints_functions[] = {
    F("pg_set_constraints", -1, LW_STATEFUL, set_constraints_func, 0, 1),
    LW_PG_END_OF_FUNCTIONS,
};
