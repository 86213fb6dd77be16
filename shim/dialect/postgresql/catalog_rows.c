/*
 * The rows of the postgresql dialect's catalog relations (catalog.c has the picture):
 * information_schema's tables, views, columns, constraints, key and constraint column
 * usage, referential constraints and sequences, pg_indexes and pg_class, each computed
 * from the tables' definitions (table models) and the dialect's records when the
 * relation is read.
 */
#include "dialect/postgresql/catalog_int.h"

/* ---- Rows ----------------------------------------------------------------------------------- */

static cell *next_cell(rowset *rs)
{
    if (rs->n == rs->cap) {
        int cap = rs->cap ? rs->cap * 2 : 64;
        cell *grown = sqlite3_realloc64(rs->cells, (size_t)cap * sizeof *grown);
        if (!grown) {
            rs->oom = 1;
            return NULL;
        }
        rs->cells = grown;
        rs->cap = cap;
    }
    cell *c = &rs->cells[rs->n++];
    memset(c, 0, sizeof *c);
    c->type = SQLITE_NULL;
    return c;
}

static void put_text(rowset *rs, const char *s)
{
    cell *c = next_cell(rs);
    if (c && s) {
        c->type = SQLITE_TEXT;
        if (!(c->s = sqlite3_mprintf("%s", s)))
            rs->oom = 1;
    }
}

/* Takes s over (sqlite3_free'd later); NULL is SQL NULL. */
static void put_owned(rowset *rs, char *s)
{
    cell *c = next_cell(rs);
    if (c && s) {
        c->type = SQLITE_TEXT;
        c->s = s;
    } else {
        sqlite3_free(s);
    }
}

static void put_int(rowset *rs, sqlite3_int64 v)
{
    cell *c = next_cell(rs);
    if (c) {
        c->type = SQLITE_INTEGER;
        c->i = v;
    }
}

static void put_null(rowset *rs)
{
    next_cell(rs);
}

void cat_rowset_free(rowset *rs)
{
    for (int i = 0; i < rs->n; i++)
        sqlite3_free(rs->cells[i].s);
    sqlite3_free(rs->cells);
    memset(rs, 0, sizeof *rs);
}

/* ---- Reading the schema ------------------------------------------------------------------------
 */

/* The user's tables (or views), in name order, with their oids. */
#define USER_OBJECTS                                                                               \
    "SELECT name, sql, rowid FROM main.sqlite_schema WHERE type = ?1 AND sql IS NOT NULL AND "     \
    "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_lw\\_%' ESCAPE '\\' AND name "   \
    "<> 'lw_collation_versions' ORDER BY name"

typedef int (*table_fn)(sqlite3 *db, rowset *rs, const char *name, const char *sql,
                        sqlite3_int64 oid);

static int each_object(sqlite3 *db, rowset *rs, const char *type, table_fn fn)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, USER_OBJECTS, -1, &stmt, NULL);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, type, -1, SQLITE_STATIC);
    while (rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        rc = fn(db, rs, (const char *)sqlite3_column_text(stmt, 0),
                (const char *)sqlite3_column_text(stmt, 1), sqlite3_column_int64(stmt, 2));
    sqlite3_finalize(stmt);
    return rc == SQLITE_OK && rs->oom ? SQLITE_NOMEM : rc;
}

/* ---- The relations ------------------------------------------------------------------------------
 */

static char *catalog_name(sqlite3 *db)
{
    const char *file = sqlite3_db_filename(db, "main");
    if (!file || !*file)
        return sqlite3_mprintf("memory");
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    return sqlite3_mprintf("%.*s", (int)strcspn(base, "."), base);
}

/* information_schema.tables */
static int tables_row(sqlite3 *db, rowset *rs, const char *name, const char *sql, sqlite3_int64 oid,
                      const char *type)
{
    (void)sql;
    (void)oid;
    put_owned(rs, catalog_name(db));
    put_text(rs, "public");
    put_text(rs, name);
    put_text(rs, type);
    put_text(rs, "YES");
    put_text(rs, "NO");
    put_null(rs);
    return SQLITE_OK;
}

static int table_row(sqlite3 *db, rowset *rs, const char *name, const char *sql, sqlite3_int64 oid)
{
    return tables_row(db, rs, name, sql, oid, "BASE TABLE");
}

static int view_row(sqlite3 *db, rowset *rs, const char *name, const char *sql, sqlite3_int64 oid)
{
    return tables_row(db, rs, name, sql, oid, "VIEW");
}

int cat_fill_tables(sqlite3 *db, rowset *rs)
{
    int rc = each_object(db, rs, "table", table_row);
    return rc == SQLITE_OK ? each_object(db, rs, "view", view_row) : rc;
}

/* information_schema.views */
static int views_row(sqlite3 *db, rowset *rs, const char *name, const char *sql, sqlite3_int64 oid)
{
    (void)oid;
    put_owned(rs, catalog_name(db));
    put_text(rs, "public");
    put_text(rs, name);
    /* The SELECT as SQLite keeps it (PostgreSQL shows its own deparse). */
    const char *as = sql ? strstr(sql, " AS ") : NULL;
    put_text(rs, as ? as + 4 : sql);
    put_text(rs, "NONE");
    put_text(rs, "NO");
    put_text(rs, "NO");
    return SQLITE_OK;
}

int cat_fill_views(sqlite3 *db, rowset *rs)
{
    return each_object(db, rs, "view", views_row);
}

static int model_of(const char *sql, lw_table_model *m)
{
    int rc = lw_tm_parse(sql, m);
    return rc == LW_TM_OK ? SQLITE_OK : rc == LW_TM_ENOMEM ? SQLITE_NOMEM : SQLITE_DONE;
}

static int in_primary_key(const lw_table_model *m, int i)
{
    if (lw_tm_column_clause(&m->cols[i], LW_TM_PRIMARY_KEY))
        return 1;
    for (int k = 0; k < m->n_cons; k++)
        if (m->cons[k].kind == LW_TM_PRIMARY_KEY)
            for (int j = 0; j < m->cons[k].cols.n; j++)
                if (!sqlite3_stricmp(m->cons[k].cols.v[j], m->cols[i].name))
                    return 1;
    return 0;
}

/* information_schema.columns */
static int columns_rows(sqlite3 *db, rowset *rs, const char *name, const char *sql,
                        sqlite3_int64 oid)
{
    (void)oid;
    lw_table_model m;
    int rc = model_of(sql, &m);
    if (rc != SQLITE_OK) {
        lw_tm_free(&m);
        return rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    int *attnums = sqlite3_malloc64((size_t)(m.n_cols ? m.n_cols : 1) * sizeof *attnums);
    char *err = NULL;
    rc = attnums ? lw_pg_attnums(db, name, m.n_cols, attnums, &err) : SQLITE_NOMEM;
    sqlite3_free(err);
    for (int i = 0; i < m.n_cols && rc == SQLITE_OK; i++) {
        const lw_tm_column *c = &m.cols[i];
        lw_sql_type ty;
        lw_kind k = cat_kind_of(c->type, &ty);
        const lw_tm_clause *def = lw_tm_column_clause(c, LW_TM_DEFAULT);
        const char *type = cat_data_type(k);
        put_owned(rs, catalog_name(db));
        put_text(rs, "public");
        put_text(rs, name);
        put_text(rs, c->name);
        put_int(rs, attnums[i]);
        put_owned(rs, def && def->expr ? cat_deparse_default(def->expr, k) : NULL);
        put_text(rs,
                 lw_tm_column_clause(c, LW_TM_NOT_NULL) || in_primary_key(&m, i) ? "NO" : "YES");
        if (type)
            put_text(rs, type);
        else
            put_owned(rs, sqlite3_mprintf("%s", *c->type ? c->type : "text"));
        /* character_maximum_length, character_octet_length */
        if ((k == LW_K_VARCHAR || k == LW_K_BPCHAR) && ty.mod1 >= 0) {
            put_int(rs, ty.mod1);
            put_int(rs, ty.mod1 * 4);
        } else if (lw_is_text_kind(k)) {
            put_null(rs);
            put_int(rs, 1073741824);
        } else {
            put_null(rs);
            put_null(rs);
        }
        /* numeric_precision, numeric_precision_radix, numeric_scale */
        if (lw_is_int_kind(k)) {
            put_int(rs, k == LW_K_INT2 ? 16 : k == LW_K_INT4 ? 32 : 64);
            put_int(rs, 2);
            put_int(rs, 0);
        } else if (k == LW_K_FLOAT) {
            put_int(rs, 53);
            put_int(rs, 2);
            put_null(rs);
        } else if (k == LW_K_NUMERIC) {
            if (ty.mod1 >= 0)
                put_int(rs, ty.mod1);
            else
                put_null(rs);
            put_int(rs, 10);
            if (ty.mod1 >= 0)
                put_int(rs, ty.mod2 >= 0 ? ty.mod2 : 0);
            else
                put_null(rs);
        } else {
            put_null(rs);
            put_null(rs);
            put_null(rs);
        }
        /* datetime_precision (6 unless the type gives one), interval_type (an
         * interval's fields), interval_precision (PostgreSQL leaves it NULL) */
        if (k == LW_K_DATE)
            put_int(rs, 0);
        else if (k == LW_K_TIMESTAMP || k == LW_K_TIMESTAMPTZ || k == LW_K_TIME ||
                 k == LW_K_TIMETZ || k == LW_K_INTERVAL)
            put_int(rs, ty.mod1 >= 0 ? ty.mod1 : 6);
        else
            put_null(rs);
        /* format_type's qualifier: DAY TO SECOND(2) when a precision is given. */
        const char *fields = k == LW_K_INTERVAL ? cat_interval_fields(ty.mod2) : NULL;
        if (fields && ty.mod1 >= 0)
            put_owned(rs, sqlite3_mprintf("%s(%lld)", fields, ty.mod1));
        else
            put_text(rs, fields);
        put_null(rs);
        const lw_tm_clause *coll = lw_tm_column_clause(c, LW_TM_COLLATE);
        put_text(rs, coll && lw_is_text_kind(k) && sqlite3_stricmp(coll->expr, "BINARY")
                         ? coll->expr
                     : coll && lw_is_text_kind(k) ? "C"
                                                  : NULL);
        put_owned(rs, catalog_name(db));
        put_text(rs, "pg_catalog");
        put_text(rs, cat_udt_name(k) ? cat_udt_name(k) : c->type);
        put_text(rs, "NO"); /* is_identity */
        put_null(rs);       /* identity_generation */
        put_text(rs, "NEVER");
        put_null(rs); /* generation_expression */
        put_text(rs, "YES");
    }
    sqlite3_free(attnums);
    lw_tm_free(&m);
    return rc == SQLITE_OK && rs->oom ? SQLITE_NOMEM : rc;
}

int cat_fill_columns(sqlite3 *db, rowset *rs)
{
    return each_object(db, rs, "table", columns_rows);
}

/* The constraints of a table, each with its PostgreSQL name; callback per constraint. */
typedef int (*constraint_fn)(sqlite3 *db, rowset *rs, const char *table, const lw_table_model *m,
                             const lw_tm_constraint *c, const char *name);

static _Thread_local constraint_fn current_constraint_fn;

static int constraints_rows(sqlite3 *db, rowset *rs, const char *name, const char *sql,
                            sqlite3_int64 oid)
{
    (void)oid;
    lw_table_model m;
    int rc = model_of(sql, &m);
    if (rc != SQLITE_OK) {
        lw_tm_free(&m);
        return rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    lw_tm_constraint *cons = NULL;
    int n = lw_tm_constraints(&m, &cons);
    if (n < 0)
        rc = SQLITE_NOMEM;
    for (int i = 0; i < n && rc == SQLITE_OK; i++) {
        char *cname = pg_constraint_name(&m, &cons[i]);
        if (cname)
            rc = current_constraint_fn(db, rs, name, &m, &cons[i], cname);
        sqlite3_free(cname);
    }
    sqlite3_free(cons);
    lw_tm_free(&m);
    return rc;
}

static int each_constraint(sqlite3 *db, rowset *rs, constraint_fn fn)
{
    constraint_fn saved = current_constraint_fn;
    current_constraint_fn = fn;
    int rc = each_object(db, rs, "table", constraints_rows);
    current_constraint_fn = saved;
    return rc;
}

static const char *constraint_type(lw_tm_kind k)
{
    return k == LW_TM_PRIMARY_KEY ? "PRIMARY KEY"
           : k == LW_TM_UNIQUE    ? "UNIQUE"
           : k == LW_TM_CHECK     ? "CHECK"
                                  : "FOREIGN KEY";
}

/* information_schema.table_constraints */
static int table_constraint_row(sqlite3 *db, rowset *rs, const char *table, const lw_table_model *m,
                                const lw_tm_constraint *c, const char *name)
{
    (void)m;
    put_owned(rs, catalog_name(db));
    put_text(rs, "public");
    put_text(rs, name);
    put_owned(rs, catalog_name(db));
    put_text(rs, "public");
    put_text(rs, table);
    put_text(rs, constraint_type(c->clause->kind));
    put_text(rs, c->clause->deferrable ? "YES" : "NO");
    put_text(rs, c->clause->initially_deferred ? "YES" : "NO");
    put_text(rs, "YES");
    put_text(rs, c->clause->kind == LW_TM_UNIQUE || c->clause->kind == LW_TM_PRIMARY_KEY ? "YES"
                                                                                         : NULL);
    return rs->oom ? SQLITE_NOMEM : SQLITE_OK;
}

int cat_fill_table_constraints(sqlite3 *db, rowset *rs)
{
    return each_constraint(db, rs, table_constraint_row);
}

/* The referenced table's key a foreign key refers to: its name and columns. */
typedef struct referenced_key {
    char *name;
    lw_tm_names cols;
} referenced_key;

static void referenced(sqlite3 *db, const lw_tm_clause *fk, referenced_key *out)
{
    memset(out, 0, sizeof *out);
    lw_table_model pm;
    if (lw_tm_load(db, fk->ref_table, &pm) != LW_TM_OK) {
        lw_tm_free(&pm);
        return;
    }
    lw_tm_constraint *cons = NULL;
    int n = lw_tm_constraints(&pm, &cons);
    for (int i = 0; i < n && !out->name; i++) {
        const lw_tm_constraint *c = &cons[i];
        if (c->clause->kind != LW_TM_PRIMARY_KEY && c->clause->kind != LW_TM_UNIQUE)
            continue;
        int match =
            fk->ref_cols.n ? c->n_cols == fk->ref_cols.n : c->clause->kind == LW_TM_PRIMARY_KEY;
        for (int k = 0; k < fk->ref_cols.n && match; k++) {
            int seen = 0;
            for (int j = 0; j < c->n_cols; j++)
                seen |= !sqlite3_stricmp(c->cols[j], fk->ref_cols.v[k]);
            match = seen;
        }
        if (!match)
            continue;
        out->name = pg_constraint_name(&pm, c);
        for (int j = 0; j < c->n_cols; j++)
            lw_tm_names_add(&out->cols, c->cols[j], -1);
    }
    sqlite3_free(cons);
    lw_tm_free(&pm);
}

static void referenced_free(referenced_key *k)
{
    sqlite3_free(k->name);
    lw_tm_names_free(&k->cols);
}

/* information_schema.key_column_usage */
static int key_column_rows(sqlite3 *db, rowset *rs, const char *table, const lw_table_model *m,
                           const lw_tm_constraint *c, const char *name)
{
    (void)m;
    if (c->clause->kind == LW_TM_CHECK)
        return SQLITE_OK;
    referenced_key key = {0};
    if (c->clause->kind == LW_TM_FOREIGN_KEY)
        referenced(db, c->clause, &key);
    for (int k = 0; k < c->n_cols; k++) {
        put_owned(rs, catalog_name(db));
        put_text(rs, "public");
        put_text(rs, name);
        put_owned(rs, catalog_name(db));
        put_text(rs, "public");
        put_text(rs, table);
        put_text(rs, c->cols[k]);
        put_int(rs, k + 1);
        if (c->clause->kind == LW_TM_FOREIGN_KEY) {
            /* The position of the column it refers to in the referenced key. */
            const char *target = c->clause->ref_cols.n > k ? c->clause->ref_cols.v[k]
                                 : key.cols.n > k          ? key.cols.v[k]
                                                           : NULL;
            int pos = 0;
            for (int j = 0; target && j < key.cols.n && !pos; j++)
                if (!sqlite3_stricmp(key.cols.v[j], target))
                    pos = j + 1;
            if (pos)
                put_int(rs, pos);
            else
                put_null(rs);
        } else {
            put_null(rs);
        }
    }
    referenced_free(&key);
    return rs->oom ? SQLITE_NOMEM : SQLITE_OK;
}

int cat_fill_key_column_usage(sqlite3 *db, rowset *rs)
{
    return each_constraint(db, rs, key_column_rows);
}

/* information_schema.referential_constraints */
static int referential_row(sqlite3 *db, rowset *rs, const char *table, const lw_table_model *m,
                           const lw_tm_constraint *c, const char *name)
{
    (void)table;
    (void)m;
    if (c->clause->kind != LW_TM_FOREIGN_KEY)
        return SQLITE_OK;
    referenced_key key;
    referenced(db, c->clause, &key);
    put_owned(rs, catalog_name(db));
    put_text(rs, "public");
    put_text(rs, name);
    put_owned(rs, catalog_name(db));
    put_text(rs, "public");
    put_text(rs, key.name);
    put_text(rs, "NONE");
    put_text(rs, c->clause->on_update);
    put_text(rs, c->clause->on_delete);
    referenced_free(&key);
    return rs->oom ? SQLITE_NOMEM : SQLITE_OK;
}

int cat_fill_referential_constraints(sqlite3 *db, rowset *rs)
{
    return each_constraint(db, rs, referential_row);
}

/* information_schema.constraint_column_usage: a foreign key's referenced columns, the
 * other constraints' own (a check's: the columns it reads). */
static int constraint_column_rows(sqlite3 *db, rowset *rs, const char *table,
                                  const lw_table_model *m, const lw_tm_constraint *c,
                                  const char *name)
{
    lw_tm_names cols = {0};
    const char *on = table;
    referenced_key key = {0};
    if (c->clause->kind == LW_TM_FOREIGN_KEY) {
        referenced(db, c->clause, &key);
        on = c->clause->ref_table;
        const lw_tm_names *src = c->clause->ref_cols.n ? &c->clause->ref_cols : &key.cols;
        for (int k = 0; k < src->n; k++)
            lw_tm_names_add(&cols, src->v[k], -1);
    } else if (c->clause->kind == LW_TM_CHECK) {
        for (int i = 0; i < m->n_cols; i++)
            if (c->clause->expr && lw_tm_mentions(c->clause->expr, m->cols[i].name))
                lw_tm_names_add(&cols, m->cols[i].name, -1);
    } else {
        for (int k = 0; k < c->n_cols; k++)
            lw_tm_names_add(&cols, c->cols[k], -1);
    }
    for (int k = 0; k < cols.n; k++) {
        put_owned(rs, catalog_name(db));
        put_text(rs, "public");
        put_text(rs, on);
        put_text(rs, cols.v[k]);
        put_owned(rs, catalog_name(db));
        put_text(rs, "public");
        put_text(rs, name);
    }
    lw_tm_names_free(&cols);
    referenced_free(&key);
    return rs->oom ? SQLITE_NOMEM : SQLITE_OK;
}

int cat_fill_constraint_column_usage(sqlite3 *db, rowset *rs)
{
    return each_constraint(db, rs, constraint_column_rows);
}

/* information_schema.sequences */
int cat_fill_sequences(sqlite3 *db, rowset *rs)
{
    if (sqlite3_table_column_metadata(db, "main", "_lw_pg_sequences", "name", NULL, NULL, NULL,
                                      NULL, NULL) != SQLITE_OK)
        return SQLITE_OK;
    int typed = sqlite3_table_column_metadata(db, "main", "_lw_pg_sequences", "data_type", NULL,
                                              NULL, NULL, NULL, NULL) == SQLITE_OK;
    sqlite3_stmt *stmt = NULL;
    int rc =
        sqlite3_prepare_v2(db,
                           typed ? "SELECT name, data_type, start_value, min_value, max_value, "
                                   "increment FROM main._lw_pg_sequences ORDER BY name"
                                 : "SELECT name, 'int8', start_value, min_value, max_value, "
                                   "increment FROM main._lw_pg_sequences ORDER BY name",
                           -1, &stmt, NULL);
    while (rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
        const char *type = (const char *)sqlite3_column_text(stmt, 1);
        int bits = type && !strcmp(type, "int2") ? 16 : type && !strcmp(type, "int4") ? 32 : 64;
        put_owned(rs, catalog_name(db));
        put_text(rs, "public");
        put_text(rs, (const char *)sqlite3_column_text(stmt, 0));
        put_text(rs, lw_pg_int_type_name(bits));
        put_int(rs, bits);
        put_int(rs, 2);
        put_int(rs, 0);
        for (int k = 2; k <= 5; k++)
            put_text(rs, (const char *)sqlite3_column_text(stmt, k));
        put_text(rs, "NO");
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_OK && rs->oom ? SQLITE_NOMEM : rc;
}

/* ---- pg_indexes and pg_class
 * ------------------------------------------------------------------------ */

/* One row per index of table: its constraints' indexes and its CREATE INDEX ones. The
 * callback gets the index's name and definition. */
typedef void (*index_fn)(rowset *rs, sqlite3 *db, const char *table, const char *name, char *def,
                         sqlite3_int64 oid);

static int table_indexes(sqlite3 *db, rowset *rs, const char *table, const char *sql,
                         sqlite3_int64 oid, index_fn fn)
{
    lw_table_model m;
    int rc = model_of(sql, &m);
    if (rc != SQLITE_OK) {
        lw_tm_free(&m);
        return rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    lw_tm_constraint *cons = NULL;
    int n = lw_tm_constraints(&m, &cons);
    for (int i = 0; i < n; i++) {
        if (cons[i].clause->kind != LW_TM_PRIMARY_KEY && cons[i].clause->kind != LW_TM_UNIQUE)
            continue;
        char *name = pg_constraint_name(&m, &cons[i]);
        if (name)
            fn(rs, db, table, name, cat_key_index_def(table, name, &cons[i]), oid * 1000 + i);
        sqlite3_free(name);
    }
    sqlite3_free(cons);
    sqlite3_stmt *stmt = NULL;
    rc = sqlite3_prepare_v2(db,
                            "SELECT name, sql, rowid FROM main.sqlite_schema WHERE type = 'index' "
                            "AND tbl_name = ?1 AND sql IS NOT NULL ORDER BY name",
                            -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(stmt, 0);
            fn(rs, db, table, name,
               cat_index_def(name, table, (const char *)sqlite3_column_text(stmt, 1), &m),
               FIRST_OID + sqlite3_column_int64(stmt, 2));
        }
    }
    sqlite3_finalize(stmt);
    lw_tm_free(&m);
    return rc == SQLITE_OK && rs->oom ? SQLITE_NOMEM : rc;
}

static void pg_indexes_row(rowset *rs, sqlite3 *db, const char *table, const char *name, char *def,
                           sqlite3_int64 oid)
{
    (void)db;
    (void)oid;
    put_text(rs, "public");
    put_text(rs, table);
    put_text(rs, name);
    put_null(rs);
    put_owned(rs, def);
}

static int pg_indexes_rows(sqlite3 *db, rowset *rs, const char *name, const char *sql,
                           sqlite3_int64 oid)
{
    return table_indexes(db, rs, name, sql, oid, pg_indexes_row);
}

int cat_fill_pg_indexes(sqlite3 *db, rowset *rs)
{
    return each_object(db, rs, "table", pg_indexes_rows);
}

static void pg_class_row(rowset *rs, const char *name, sqlite3_int64 oid, const char *kind,
                         int natts)
{
    put_int(rs, oid);
    put_text(rs, name);
    put_int(rs, PUBLIC_OID);
    put_text(rs, kind);
    put_int(rs, 10);
    put_text(rs, "p");
    put_int(rs, natts);
}

static void class_index_row(rowset *rs, sqlite3 *db, const char *table, const char *name, char *def,
                            sqlite3_int64 oid)
{
    (void)db;
    (void)table;
    sqlite3_free(def);
    pg_class_row(rs, name, oid, "i", 0);
}

static int class_table_rows(sqlite3 *db, rowset *rs, const char *name, const char *sql,
                            sqlite3_int64 oid)
{
    lw_table_model m;
    int natts = model_of(sql, &m) == SQLITE_OK ? m.n_cols : 0;
    lw_tm_free(&m);
    pg_class_row(rs, name, FIRST_OID + oid, "r", natts);
    return table_indexes(db, rs, name, sql, FIRST_OID + oid, class_index_row);
}

static int class_view_rows(sqlite3 *db, rowset *rs, const char *name, const char *sql,
                           sqlite3_int64 oid)
{
    (void)db;
    (void)sql;
    pg_class_row(rs, name, FIRST_OID + oid, "v", 0);
    return SQLITE_OK;
}

int cat_fill_pg_class(sqlite3 *db, rowset *rs)
{
    int rc = each_object(db, rs, "table", class_table_rows);
    if (rc == SQLITE_OK)
        rc = each_object(db, rs, "view", class_view_rows);
    if (rc == SQLITE_OK &&
        sqlite3_table_column_metadata(db, "main", "_lw_pg_sequences", "name", NULL, NULL, NULL,
                                      NULL, NULL) == SQLITE_OK) {
        sqlite3_stmt *stmt = NULL;
        rc = sqlite3_prepare_v2(db, "SELECT name, rowid FROM main._lw_pg_sequences ORDER BY name",
                                -1, &stmt, NULL);
        while (rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
            pg_class_row(rs, (const char *)sqlite3_column_text(stmt, 0),
                         FIRST_OID + 1000000 + sqlite3_column_int64(stmt, 1), "S", 3);
        sqlite3_finalize(stmt);
    }
    return rc == SQLITE_OK && rs->oom ? SQLITE_NOMEM : rc;
}
