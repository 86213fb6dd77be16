/*
 * The constraint actions of PostgreSQL's ALTER TABLE at run time (alter_run.h): the
 * names PostgreSQL gives constraints (t_pkey, t_a_b_key, t_a_fkey, t_a_check, t_check,
 * numbered when taken), ADD and DROP CONSTRAINT (keys over NULLs and duplicates,
 * referenced keys, what other tables' foreign keys need), RENAME CONSTRAINT, and the
 * renames SQLite does itself (RENAME TO, RENAME COLUMN) with the dialect's triggers and
 * records after them.
 */
#include "dialect/postgresql/alter_run.h"

/* ---- Names ---------------------------------------------------------------------------------- */

/* Whether name is taken by a constraint of the model or a relation of the schema. */
static int pga_name_taken(run *r, const char *name, int relation)
{
    lw_tm_constraint *cons = NULL;
    int n = lw_tm_constraints(&r->a.model, &cons), taken = 0;
    for (int i = 0; i < n && !taken; i++) {
        char *c = pg_constraint_name(&r->a.model, &cons[i]);
        taken = c && strcmp(c, name) == 0;
        sqlite3_free(c);
    }
    sqlite3_free(cons);
    if (!taken && relation) {
        sqlite3_stmt *stmt = NULL;
        if (sqlite3_prepare_v2(r->db, "SELECT 1 FROM main.sqlite_schema WHERE name = ?1", -1, &stmt,
                               NULL) == SQLITE_OK) {
            sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
            taken = sqlite3_step(stmt) == SQLITE_ROW;
        }
        sqlite3_finalize(stmt);
    }
    return taken;
}

/* Whether a table, index or view of the schema is called name. */
static int pga_relation_named(run *r, const char *name)
{
    sqlite3_stmt *stmt = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(r->db, "SELECT 1 FROM main.sqlite_schema WHERE name = ?1", -1, &stmt,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
        found = sqlite3_step(stmt) == SQLITE_ROW;
    }
    sqlite3_finalize(stmt);
    return found;
}

/* Whether a PRIMARY KEY or UNIQUE constraint of the model (an index in PostgreSQL) is
 * called name. */
static int pga_key_named(run *r, const char *name)
{
    lw_tm_constraint *cons = NULL;
    int n = lw_tm_constraints(&r->a.model, &cons), found = 0;
    for (int i = 0; i < n && !found; i++) {
        if (cons[i].clause->kind != LW_TM_PRIMARY_KEY && cons[i].clause->kind != LW_TM_UNIQUE)
            continue;
        char *c = pg_constraint_name(&r->a.model, &cons[i]);
        found = c && strcmp(c, name) == 0;
        sqlite3_free(c);
    }
    sqlite3_free(cons);
    return found;
}

/* PostgreSQL's name for a constraint: <table>[_cols]_<suffix>, numbered when taken. */
static char *pga_choose_name(run *r, const lw_tm_names *cols, const char *suffix)
{
    lw_sqlbuf base = {0};
    lw_sqlbuf_appends(&base, r->a.table);
    for (int i = 0; cols && i < cols->n; i++)
        lw_sqlbuf_appendf(&base, "_%s", cols->v[i]);
    if (base.oom)
        return NULL;
    int relation = !strcmp(suffix, "key") || !strcmp(suffix, "pkey");
    char *name = sqlite3_mprintf("%s_%s", base.s, suffix);
    for (int k = 1; name && pga_name_taken(r, name, relation); k++) {
        sqlite3_free(name);
        name = sqlite3_mprintf("%s_%s%d", base.s, suffix, k);
    }
    lw_sqlbuf_free(&base);
    return name;
}

/* A check's columns, for its name: PostgreSQL names it after its one column, or
 * <table>_check when it reads several or none. */
static void pga_check_columns(const run *r, const char *expr, lw_tm_names *out)
{
    int found = -1, count = 0;
    for (int i = 0; i < r->a.model.n_cols; i++)
        if (lw_tm_mentions(expr, r->a.model.cols[i].name)) {
            found = i;
            count++;
        }
    if (count == 1)
        lw_tm_names_add(out, r->a.model.cols[found].name, -1);
}

/* ---- Constraints --------------------------------------------------------------------------------
 */

/* The column called name exactly, as PostgreSQL matches names; -1 when there is none
 * (also when SQLite would find one in another case). */
int pga_find_column(run *r, const char *name)
{
    int i = lw_tm_column_index(&r->a.model, name);
    return i >= 0 && strcmp(r->a.model.cols[i].name, name) == 0 ? i : -1;
}

/* 0A000 for two names SQLite cannot keep apart, as CREATE TABLE refuses them. */
int pga_case_twin(run *r, const char *name, lw_dialect_error *err)
{
    int i = lw_tm_column_index(&r->a.model, name);
    if (i < 0 || strcmp(r->a.model.cols[i].name, name) == 0)
        return SQLITE_OK;
    return pga_fail(
        err, "0A000",
        "a table with columns \"%s\" and \"%s\" (names that differ only in case) is not "
        "supported by the postgresql dialect",
        r->a.model.cols[i].name, name);
}

/* 0A000 when the table found is the one asked for in another case: SQLite matches
 * table names without regard to case, PostgreSQL exactly. */
int pga_table_twin(const char *found, const char *asked, lw_dialect_error *err)
{
    if (strcmp(found, asked) == 0)
        return SQLITE_OK;
    return pga_fail(
        err, "0A000",
        "identifiers \"%s\" and \"%s\" that differ only in case are not supported by the "
        "postgresql dialect (SQLite matches names without regard to case)",
        asked, found);
}

int pga_has_primary_key(const run *r)
{
    for (int i = 0; i < r->a.model.n_cols; i++)
        if (lw_tm_column_clause(&r->a.model.cols[i], LW_TM_PRIMARY_KEY))
            return 1;
    for (int k = 0; k < r->a.model.n_cons; k++)
        if (r->a.model.cons[k].kind == LW_TM_PRIMARY_KEY)
            return 1;
    return 0;
}

int pga_in_primary_key(const run *r, int i)
{
    if (lw_tm_column_clause(&r->a.model.cols[i], LW_TM_PRIMARY_KEY))
        return 1;
    for (int k = 0; k < r->a.model.n_cons; k++)
        if (r->a.model.cons[k].kind == LW_TM_PRIMARY_KEY)
            for (int j = 0; j < r->a.model.cons[k].cols.n; j++)
                if (!sqlite3_stricmp(r->a.model.cons[k].cols.v[j], r->a.model.cols[i].name))
                    return 1;
    return 0;
}

int pga_set_not_null(run *r, int i)
{
    lw_tm_column *c = &r->a.model.cols[i];
    pga_remove_clauses(r, c, LW_TM_NULL, 0);
    if (lw_tm_column_clause(c, LW_TM_NOT_NULL))
        return SQLITE_OK;
    r->a.rebuild = 1;
    return pga_add_clause_text(r, c, "NOT NULL");
}

/* 23502 when the old rows hold NULL in column i (a column this statement adds has no
 * old rows: the copy checks it). */
int pga_check_no_nulls(run *r, int i, lw_dialect_error *err)
{
    if (r->a.origin[i] < 0)
        return SQLITE_OK;
    char *sql = sqlite3_mprintf("SELECT 1 FROM main.\"%w\" WHERE \"%w\" IS NULL LIMIT 1",
                                r->a.table, r->a.old.cols[r->a.origin[i]].name);
    sqlite3_stmt *stmt = NULL;
    int rc = sql ? sqlite3_prepare_v2(r->db, sql, -1, &stmt, NULL) : SQLITE_NOMEM;
    sqlite3_free(sql);
    int found = rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW;
    sqlite3_finalize(stmt);
    if (rc != SQLITE_OK)
        return rc == SQLITE_NOMEM
                   ? pga_oom(err)
                   : pga_take_message(err, rc, sqlite3_mprintf("%s", sqlite3_errmsg(r->db)));
    if (found)
        return pga_fail(err, "23502", "column \"%s\" of relation \"%s\" contains null values",
                        r->a.model.cols[i].name, r->a.table);
    return SQLITE_OK;
}

/* The referenced table's key: the columns given must be a primary key or unique
 * constraint (or unique index) of it, in any order; none given: its primary key. */
int pga_check_referenced(run *r, pg_constraint *c, lw_dialect_error *err)
{
    lw_table_model pm;
    int self = sqlite3_stricmp(c->ref_table, r->a.table) == 0;
    int rc = self ? lw_tm_copy(&pm, &r->a.model) : lw_tm_load(r->db, c->ref_table, &pm);
    if (rc == LW_TM_ENOTFOUND) {
        lw_tm_free(&pm);
        return pga_fail(err, "42P01", "relation \"%s\" does not exist", c->ref_table, NULL);
    }
    if (rc != LW_TM_OK) {
        lw_tm_free(&pm);
        return pga_oom(err);
    }
    lw_tm_constraint *cons = NULL;
    int n = lw_tm_constraints(&pm, &cons), match = 0;
    if (!c->ref_cols.n) {
        for (int i = 0; i < n && !match; i++)
            if (cons[i].clause->kind == LW_TM_PRIMARY_KEY) {
                match = 1;
                for (int k = 0; k < cons[i].n_cols; k++)
                    lw_tm_names_add(&c->ref_cols, cons[i].cols[k], -1);
            }
        if (!match) {
            sqlite3_free(cons);
            lw_tm_free(&pm);
            return pga_fail(err, "42830", "there is no primary key for referenced table \"%s\"",
                            c->ref_table, NULL);
        }
    }
    for (int k = 0; k < c->ref_cols.n; k++)
        if (lw_tm_column_index(&pm, c->ref_cols.v[k]) < 0) {
            sqlite3_free(cons);
            lw_tm_free(&pm);
            return pga_fail(err, "42703",
                            "column \"%s\" referenced in foreign key constraint does not exist",
                            c->ref_cols.v[k], NULL);
        }
    if (c->ref_cols.n != c->cols.n) {
        sqlite3_free(cons);
        lw_tm_free(&pm);
        return pga_fail(err, "42830",
                        "number of referencing and referenced columns for foreign key disagree",
                        NULL, NULL);
    }
    match = 0;
    for (int i = 0; i < n && !match; i++) {
        if (cons[i].clause->kind != LW_TM_PRIMARY_KEY && cons[i].clause->kind != LW_TM_UNIQUE)
            continue;
        if (cons[i].n_cols != c->ref_cols.n)
            continue;
        int all = 1;
        for (int k = 0; k < c->ref_cols.n && all; k++) {
            int seen = 0;
            for (int j = 0; j < cons[i].n_cols; j++)
                seen |= !sqlite3_stricmp(cons[i].cols[j], c->ref_cols.v[k]);
            all = seen;
        }
        match = all;
    }
    sqlite3_free(cons);
    lw_tm_free(&pm);
    if (!match && !self) {
        /* A unique index without a WHERE clause serves as well. */
        lw_sqlbuf list = {0};
        for (int k = 0; k < c->ref_cols.n; k++)
            lw_sqlbuf_appendf(&list, "%s%s", k ? "," : "", c->ref_cols.v[k]);
        char *sql = sqlite3_mprintf(
            "SELECT 1 FROM pragma_index_list(%Q) il WHERE il.\"unique\" AND NOT il.partial AND "
            "(SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(il.name) "
            "ORDER BY seqno)) = %Q COLLATE NOCASE",
            c->ref_table, list.s ? list.s : "");
        sqlite3_stmt *stmt = NULL;
        if (sql && sqlite3_prepare_v2(r->db, sql, -1, &stmt, NULL) == SQLITE_OK)
            match = sqlite3_step(stmt) == SQLITE_ROW;
        sqlite3_finalize(stmt);
        sqlite3_free(sql);
        lw_sqlbuf_free(&list);
    }
    if (!match)
        return pga_fail(
            err, "42830",
            "there is no unique constraint matching given keys for referenced table \"%s\"",
            c->ref_table, NULL);
    return SQLITE_OK;
}

/* The SQLite text of a foreign key's REFERENCES part. */
void pga_references_text(lw_sqlbuf *b, const pg_constraint *c)
{
    lw_sqlbuf_appendf(b, "REFERENCES \"%w\"", c->ref_table);
    if (c->ref_cols.n) {
        lw_sqlbuf_append(b, " (", 2);
        for (int k = 0; k < c->ref_cols.n; k++)
            lw_sqlbuf_appendf(b, "%s\"%w\"", k ? ", " : "", c->ref_cols.v[k]);
        lw_sqlbuf_append(b, ")", 1);
    }
    if (strcmp(c->on_delete, "NO ACTION"))
        lw_sqlbuf_appendf(b, " ON DELETE %s", c->on_delete);
    if (strcmp(c->on_update, "NO ACTION"))
        lw_sqlbuf_appendf(b, " ON UPDATE %s", c->on_update);
    if (c->deferrable)
        lw_sqlbuf_appendf(b, " DEFERRABLE INITIALLY %s",
                          c->initially_deferred ? "DEFERRED" : "IMMEDIATE");
}

static void pga_column_list(lw_sqlbuf *b, const lw_tm_names *cols)
{
    lw_sqlbuf_append(b, "(", 1);
    for (int k = 0; k < cols->n; k++)
        lw_sqlbuf_appendf(b, "%s\"%w\"", k ? ", " : "", cols->v[k]);
    lw_sqlbuf_append(b, ")", 1);
}

/* A constraint's name: given (taken: 42710, or 42P07 for one with an index), or
 * PostgreSQL's. */
char *pga_constraint_name(run *r, pg_constraint *c, const lw_tm_names *cols, lw_dialect_error *err)
{
    int keyed = c->kind == LW_TM_PRIMARY_KEY || c->kind == LW_TM_UNIQUE;
    if (c->name) {
        /* A key makes an index first: a name any relation or key has is 42P07. */
        if (keyed && (pga_relation_named(r, c->name) || pga_key_named(r, c->name))) {
            pga_fail(err, "42P07", "relation \"%s\" already exists", c->name, NULL);
            return NULL;
        }
        if (pga_name_taken(r, c->name, 0)) {
            pga_fail(err, "42710", "constraint \"%s\" for relation \"%s\" already exists", c->name,
                     r->a.table);
            return NULL;
        }
        return sqlite3_mprintf("%s", c->name);
    }
    const char *suffix = c->kind == LW_TM_PRIMARY_KEY ? "pkey"
                         : c->kind == LW_TM_UNIQUE    ? "key"
                         : c->kind == LW_TM_CHECK     ? "check"
                                                      : "fkey";
    char *name = pga_choose_name(r, c->kind == LW_TM_PRIMARY_KEY ? NULL : cols, suffix);
    if (!name)
        pga_oom(err);
    return name;
}

/* ADD [CONSTRAINT n] ... (table constraint). */
int pga_add_constraint(run *r, pg_constraint *c, lw_dialect_error *err)
{
    for (int k = 0; k < c->cols.n; k++)
        if (pga_find_column(r, c->cols.v[k]) < 0)
            return pga_fail(
                err, "42703",
                c->kind == LW_TM_FOREIGN_KEY
                    ? "column \"%s\" referenced in foreign key constraint does not exist"
                    : "column \"%s\" named in key does not exist",
                c->cols.v[k], NULL);
    if (c->kind == LW_TM_PRIMARY_KEY && pga_has_primary_key(r))
        return pga_fail(err, "42P16", "multiple primary keys for table \"%s\" are not allowed",
                        r->a.table, NULL);
    if (c->kind == LW_TM_FOREIGN_KEY) {
        int rc = pga_check_referenced(r, c, err);
        if (rc)
            return rc;
    }
    lw_tm_names check_cols = {0};
    if (c->kind == LW_TM_CHECK)
        pga_check_columns(r, c->expr, &check_cols);
    char *name = pga_constraint_name(r, c, c->kind == LW_TM_CHECK ? &check_cols : &c->cols, err);
    lw_tm_names_free(&check_cols);
    if (!name)
        return SQLITE_ERROR;
    if (c->kind == LW_TM_PRIMARY_KEY) {
        for (int k = 0; k < c->cols.n; k++) {
            int i = pga_find_column(r, c->cols.v[k]);
            int rc = pga_check_no_nulls(r, i, err);
            if (!rc)
                rc = pga_set_not_null(r, i);
            if (rc) {
                sqlite3_free(name);
                return rc;
            }
        }
    }
    lw_sqlbuf b = {0};
    lw_sqlbuf_appendf(&b, "CONSTRAINT \"%w\" ", name);
    if (c->kind == LW_TM_PRIMARY_KEY || c->kind == LW_TM_UNIQUE) {
        lw_sqlbuf_appends(&b, c->kind == LW_TM_PRIMARY_KEY ? "PRIMARY KEY " : "UNIQUE ");
        pga_column_list(&b, &c->cols);
    } else if (c->kind == LW_TM_CHECK) {
        lw_sqlbuf_appendf(&b, "CHECK (%s)", c->expr);
    } else {
        lw_sqlbuf_appends(&b, "FOREIGN KEY ");
        pga_column_list(&b, &c->cols);
        lw_sqlbuf_append(&b, " ", 1);
        pga_references_text(&b, c);
    }
    sqlite3_free(name);
    int rc = b.oom ? SQLITE_NOMEM : pga_add_clause_text(r, NULL, b.s);
    lw_sqlbuf_free(&b);
    r->a.rebuild = 1;
    return rc == SQLITE_NOMEM ? pga_oom(err) : rc;
}

/* The model's constraint named name, or -1 (*cons filled with them all). */
static int pga_find_constraint(run *r, const char *name, lw_tm_constraint **cons, int *n)
{
    *n = lw_tm_constraints(&r->a.model, cons);
    for (int i = 0; i < *n; i++) {
        char *c = pg_constraint_name(&r->a.model, &(*cons)[i]);
        int same = c && strcmp(c, name) == 0;
        sqlite3_free(c);
        if (same)
            return i;
    }
    return -1;
}

/* The foreign keys of other tables a key (PRIMARY KEY or UNIQUE over cols) serves. */
static int pga_key_references(run *r, const lw_tm_constraint *key, lw_alter_reference **refs)
{
    lw_alter_reference *all = NULL;
    int n = lw_alter_references(&r->a, NULL, &all), kept = 0;
    for (int i = 0; i < n; i++) {
        const lw_tm_names *rc = &all[i].clause.ref_cols;
        int match = rc->n == 0 ? key->clause->kind == LW_TM_PRIMARY_KEY : rc->n == key->n_cols;
        for (int k = 0; k < rc->n && match; k++) {
            int seen = 0;
            for (int j = 0; j < key->n_cols; j++)
                seen |= !sqlite3_stricmp(rc->v[k], key->cols[j]);
            match = seen;
        }
        if (match && sqlite3_stricmp(all[i].child, r->a.table) != 0)
            all[kept++] = all[i];
        else {
            sqlite3_free(all[i].child);
            sqlite3_free(all[i].from_column);
            lw_tm_clause_free(&all[i].clause);
        }
    }
    *refs = all;
    return n < 0 ? -1 : kept;
}

int pga_drop_constraint(run *r, pg_action *act, lw_dialect_error *err)
{
    lw_tm_constraint *cons = NULL;
    int n, i = pga_find_constraint(r, act->new_name, &cons, &n);
    if (i < 0) {
        sqlite3_free(cons);
        if (act->if_exists)
            return SQLITE_OK;
        return pga_fail(err, "42704", "constraint \"%s\" of relation \"%s\" does not exist",
                        act->new_name, r->a.table);
    }
    lw_tm_constraint c = cons[i];
    sqlite3_free(cons);
    int rc = SQLITE_OK;
    if (c.clause->kind == LW_TM_PRIMARY_KEY || c.clause->kind == LW_TM_UNIQUE) {
        lw_alter_reference *refs = NULL;
        int m = pga_key_references(r, &c, &refs);
        if (m > 0 && !act->cascade)
            rc =
                pga_fail(err, "2BP01",
                         "cannot drop constraint %s on table %s because other objects depend on it",
                         act->new_name, r->a.table);
        for (int k = 0; k < m && rc == SQLITE_OK; k++)
            rc = lw_alter_drop_references(r->db, r->rules, refs[k].child, r->a.table,
                                          refs[k].clause.ref_cols.n ? refs[k].clause.ref_cols.v[0]
                                                                    : NULL,
                                          &r->a.hooks, r, err);
        lw_alter_references_free(refs, m > 0 ? m : 0);
        if (rc)
            return rc;
    }
    if (c.clause->kind == LW_TM_PRIMARY_KEY) {
        /* The key's columns stay NOT NULL, as PostgreSQL leaves them. */
        char **cols = sqlite3_malloc64((size_t)(c.n_cols ? c.n_cols : 1) * sizeof *cols);
        int nc = 0;
        for (int k = 0; cols && k < c.n_cols; k++)
            cols[nc++] = sqlite3_mprintf("%s", c.cols[k]);
        lw_tm_remove_clause(&r->a.model, c.column >= 0 ? &r->a.model.cols[c.column] : NULL,
                            c.index);
        for (int k = 0; k < nc && rc == SQLITE_OK; k++) {
            int col = pga_find_column(r, cols[k]);
            if (col >= 0)
                rc = pga_set_not_null(r, col);
        }
        for (int k = 0; k < nc; k++)
            sqlite3_free(cols[k]);
        sqlite3_free(cols);
    } else {
        lw_tm_remove_clause(&r->a.model, c.column >= 0 ? &r->a.model.cols[c.column] : NULL,
                            c.index);
    }
    r->a.rebuild = 1;
    return rc;
}

/* ---- Renames (SQLite's own) -------------------------------------------------------------------
 */

/* The dialect's triggers of table after its rename or a column's: the conversion
 * triggers made anew for the definition, identity triggers renamed to match. */
static int pga_triggers_after_rename(sqlite3 *db, const lw_dialect_rules *rules, const char *table,
                                     const char *old_table, lw_sqlbuf *sql)
{
    lw_table_model m;
    if (lw_tm_load(db, table, &m) != LW_TM_OK) {
        lw_tm_free(&m);
        return SQLITE_ERROR;
    }
    lw_schema_object *objs = NULL;
    int n = 0;
    int rc = lw_schema_objects(db, table, &objs, &n);
    for (int k = 0; k < n && rc == SQLITE_OK; k++) {
        if (objs[k].type[0] != 't')
            continue;
        if (!strncmp(objs[k].name, LW_DDL_NORM_PREFIX, strlen(LW_DDL_NORM_PREFIX))) {
            lw_sqlbuf_appendf(sql, "DROP TRIGGER main.\"%w\";", objs[k].name);
        } else if (!strncmp(objs[k].name, "_lw_identity_", 13)) {
            /* _lw_identity_<table>_<column>: its column is the one whose DEFAULT names
             * the sequence the trigger reads. */
            for (int i = 0; i < m.n_cols; i++) {
                const lw_tm_clause *d = lw_tm_column_clause(&m.cols[i], LW_TM_DEFAULT);
                const char *q = d && d->expr ? strstr(d->expr, "pg_serial_nextval('") : NULL;
                if (!q || !strstr(objs[k].sql, q + 18))
                    continue;
                char *seq = sqlite3_mprintf("%.*s", (int)strcspn(q + 19, "'"), q + 19);
                char *trigger = seq ? lw_pg_identity_trigger(table, m.cols[i].name, seq) : NULL;
                lw_sqlbuf_appendf(sql, "DROP TRIGGER main.\"%w\";%s;", objs[k].name,
                                  trigger ? trigger : "");
                sqlite3_free(seq);
                sqlite3_free(trigger);
                break;
            }
        }
    }
    (void)old_table;
    char *norm = lw_ddl_norm_triggers(rules, &m);
    if (norm)
        lw_sqlbuf_appends(sql, norm);
    sqlite3_free(norm);
    lw_schema_objects_free(objs, n);
    lw_tm_free(&m);
    return rc;
}

int pga_relation_exists(sqlite3 *db, const char *name)
{
    sqlite3_stmt *stmt = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT 1 FROM main.sqlite_schema WHERE name = ?1 COLLATE NOCASE "
                           "UNION ALL SELECT 1 FROM main._lw_pg_sequences WHERE name = ?1",
                           -1, &stmt, NULL) != SQLITE_OK) {
        sqlite3_finalize(stmt);
        stmt = NULL;
        sqlite3_prepare_v2(db, "SELECT 1 FROM main.sqlite_schema WHERE name = ?1 COLLATE NOCASE",
                           -1, &stmt, NULL);
    }
    if (stmt) {
        sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
        found = sqlite3_step(stmt) == SQLITE_ROW;
    }
    sqlite3_finalize(stmt);
    return found;
}

typedef struct rename_arg {
    const char *table, *column, *new_table, *new_column;
} rename_arg;

static int pga_rename_catalog(void *arg, sqlite3 *db, lw_dialect_error *err)
{
    rename_arg *ra = arg;
    char *msg = NULL;
    int rc = lw_pg_seq_rename_owner(db, ra->table, ra->column, ra->new_table, ra->new_column, &msg);
    if (rc == SQLITE_OK && !ra->column)
        rc = lw_pg_rename_dropped(db, ra->table, ra->new_table, &msg);
    return pga_take_message(err, rc, msg);
}

int pga_rename_object(run *r, pg_action *act, lw_dialect_error *err)
{
    lw_sqlbuf sql = {0};
    rename_arg ra = {r->a.table, NULL, r->a.table, NULL};
    if (act->kind == PG_RENAME_TABLE) {
        if (pga_relation_exists(r->db, act->new_name) && sqlite3_stricmp(act->new_name, r->a.table))
            return pga_fail(err, "42P07", "relation \"%s\" already exists", act->new_name, NULL);
        lw_sqlbuf_appendf(&sql, "ALTER TABLE main.\"%w\" RENAME TO \"%w\";", r->a.table,
                          act->new_name);
        ra.new_table = act->new_name;
    } else {
        int i = pga_find_column(r, act->column);
        if (i < 0)
            return pga_fail(err, "42703", "column \"%s\" does not exist", act->column, NULL);
        if (pga_find_column(r, act->new_name) >= 0)
            return pga_fail(err, "42701", "column \"%s\" of relation \"%s\" already exists",
                            act->new_name, r->a.table);
        int twin =
            sqlite3_stricmp(act->column, act->new_name) ? pga_case_twin(r, act->new_name, err) : 0;
        if (twin)
            return twin;
        lw_sqlbuf_appendf(&sql, "ALTER TABLE main.\"%w\" RENAME COLUMN \"%w\" TO \"%w\";",
                          r->a.table, r->a.model.cols[i].name, act->new_name);
        ra.column = r->a.model.cols[i].name;
        ra.new_column = act->new_name;
    }
    /* The rename first, then the dialect's triggers of the renamed table. */
    int rc = sql.oom ? SQLITE_NOMEM : lw_rebuild_exec(r->db, sql.s, NULL, NULL, NULL, err);
    lw_sqlbuf_reset(&sql);
    if (rc == SQLITE_OK)
        rc = pga_triggers_after_rename(r->db, r->rules, ra.new_table, r->a.table, &sql);
    lw_rebuild_hooks hooks = {NULL, NULL, NULL, pga_rename_catalog};
    if (rc == SQLITE_OK)
        rc = lw_rebuild_exec(r->db, sql.len ? sql.s : "", ra.new_table, &hooks, &ra, err);
    lw_sqlbuf_free(&sql);
    return rc;
}

int pga_rename_constraint(run *r, pg_action *act, lw_dialect_error *err)
{
    lw_tm_constraint *cons = NULL;
    int n, i = pga_find_constraint(r, act->old_name, &cons, &n);
    if (i < 0) {
        sqlite3_free(cons);
        return pga_fail(err, "42704", "constraint \"%s\" for table \"%s\" does not exist",
                        act->old_name, r->a.table);
    }
    lw_tm_clause *cl = cons[i].clause;
    sqlite3_free(cons);
    if (pga_name_taken(r, act->new_name, cl->kind == LW_TM_PRIMARY_KEY || cl->kind == LW_TM_UNIQUE))
        return pga_fail(err, "42710", "constraint \"%s\" for relation \"%s\" already exists",
                        act->new_name, r->a.table);
    char *name = sqlite3_mprintf("%s", act->new_name);
    if (!name)
        return pga_oom(err);
    sqlite3_free(cl->name);
    cl->name = name;
    r->a.rebuild = 1;
    return SQLITE_OK;
}
