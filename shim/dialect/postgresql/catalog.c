/*
 * The postgresql dialect's catalog: the relations an ORM's introspection reads, computed
 * from the schema as it is when they are read (eponymous virtual tables, registered on
 * the dialect's connections; the rewriter writes information_schema.columns as
 * "information_schema.columns", the module's name):
 *
 *   information_schema.tables, .columns, .views, .table_constraints,
 *   .key_column_usage, .referential_constraints, .constraint_column_usage, .sequences
 *   pg_indexes, pg_class (also as pg_catalog.pg_indexes, pg_catalog.pg_class)
 *
 * Every table, column and constraint comes from the table's CREATE TABLE statement
 * read as a table model (dialect/table_model.h): the declared types the dialect wrote
 * give PostgreSQL's types (NUMERIC_TEXT(10,2) is numeric(10,2)), the named clauses its
 * constraints (an unnamed CHECK is one of the dialect's type checks, never listed),
 * the dialect's records the rest (catalog.h: sequences and their owners, the attnums
 * dropped columns left). Defaults and index predicates are shown as PostgreSQL's
 * pg_get_expr shows them for the forms the dialect writes (nextval('s'::regclass),
 * 'x'::text, (NOT deleted), ((status)::text = 'draft'::text)); other expressions in
 * SQLite's spelling. The schema is public (oid 2200); the dialect's own tables
 * (_lw_*, lw_collation_versions) and SQLite's are not listed. NOT NULL constraints are
 * not listed in table_constraints (PostgreSQL 15 names them after object ids).
 *
 * Limits: TEMP tables are not listed; oids are the schema's row numbers plus 16384,
 * stable while the schema does not change.
 */
#include "dialect/postgresql/catalog_int.h"
/* ---- The dialect's records ---------------------------------------------------------------- */

#define DROPPED_DDL                                                                                \
    "CREATE TABLE IF NOT EXISTS main._lw_pg_dropped_columns (table_name TEXT NOT NULL, attnum "    \
    "INTEGER NOT NULL, PRIMARY KEY (table_name, attnum)) WITHOUT ROWID"

static int has_dropped_table(sqlite3 *db)
{
    return sqlite3_table_column_metadata(db, "main", "_lw_pg_dropped_columns", "attnum", NULL, NULL,
                                         NULL, NULL, NULL) == SQLITE_OK;
}

int lw_pg_attnums(sqlite3 *db, const char *table, int n, int *attnums, char **err)
{
    (void)err;
    int *dropped = NULL, n_dropped = 0, rc = SQLITE_OK;
    if (has_dropped_table(db)) {
        sqlite3_stmt *stmt = NULL;
        rc = sqlite3_prepare_v2(db,
                                "SELECT attnum FROM main._lw_pg_dropped_columns WHERE table_name = "
                                "?1 ORDER BY attnum",
                                -1, &stmt, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
            while (sqlite3_step(stmt) == SQLITE_ROW) {
                int *grown = sqlite3_realloc64(dropped, (size_t)(n_dropped + 1) * sizeof *grown);
                if (!grown) {
                    rc = SQLITE_NOMEM;
                    break;
                }
                dropped = grown;
                dropped[n_dropped++] = sqlite3_column_int(stmt, 0);
            }
        }
        sqlite3_finalize(stmt);
    }
    /* Live column i is the (i+1)-th number that no dropped column holds. */
    int next = 1, d = 0;
    for (int i = 0; i < n; i++) {
        while (d < n_dropped && dropped[d] == next) {
            d++;
            next++;
        }
        attnums[i] = next++;
    }
    sqlite3_free(dropped);
    return rc;
}

int lw_pg_record_dropped(sqlite3 *db, const char *table, int attnum, char **err)
{
    char *sql = sqlite3_mprintf(DROPPED_DDL "; INSERT OR IGNORE INTO main._lw_pg_dropped_columns "
                                            "VALUES (%Q, %d)",
                                table, attnum);
    int rc = sql ? sqlite3_exec(db, sql, NULL, NULL, err) : SQLITE_NOMEM;
    sqlite3_free(sql);
    return rc;
}

int lw_pg_rename_dropped(sqlite3 *db, const char *table, const char *new_table, char **err)
{
    if (!has_dropped_table(db))
        return SQLITE_OK;
    char *sql = new_table
                    ? sqlite3_mprintf("UPDATE main._lw_pg_dropped_columns SET table_name = %Q "
                                      "WHERE table_name = %Q",
                                      new_table, table)
                    : sqlite3_mprintf("DELETE FROM main._lw_pg_dropped_columns WHERE "
                                      "table_name = %Q",
                                      table);
    int rc = sql ? sqlite3_exec(db, sql, NULL, NULL, err) : SQLITE_NOMEM;
    sqlite3_free(sql);
    return rc;
}

char *lw_pg_identity_trigger(const char *table, const char *column, const char *sequence)
{
    return sqlite3_mprintf(
        "CREATE TRIGGER IF NOT EXISTS \"_lw_identity_%w_%w\" BEFORE INSERT ON \"%w\" WHEN "
        "NEW.\"%w\" IS NOT pg_serial_last('%q') BEGIN SELECT RAISE(ABORT, "
        "'PG-428C9: cannot insert a non-DEFAULT value into column \"%w\"'); END",
        table, column, table, column, sequence, column);
}

/* ---- Constraint names ------------------------------------------------------------------- */

char *pg_constraint_name(const lw_table_model *m, const lw_tm_constraint *c)
{
    if (c->clause->name)
        return sqlite3_mprintf("%s", c->clause->name);
    lw_sqlbuf b = {0};
    lw_sqlbuf_appends(&b, m->name);
    switch (c->clause->kind) {
    case LW_TM_PRIMARY_KEY:
        lw_sqlbuf_appends(&b, "_pkey");
        break;
    case LW_TM_UNIQUE:
    case LW_TM_FOREIGN_KEY:
        for (int i = 0; i < c->n_cols; i++)
            lw_sqlbuf_appendf(&b, "_%s", c->cols[i]);
        lw_sqlbuf_appends(&b, c->clause->kind == LW_TM_UNIQUE ? "_key" : "_fkey");
        break;
    default: /* an unnamed check is one of the dialect's type checks */
        lw_sqlbuf_free(&b);
        return NULL;
    }
    return lw_sqlbuf_finish(&b);
}

char *lw_pg_foreign_key_name(sqlite3 *db, const char *table, int fkid)
{
    lw_table_model m;
    char *name = NULL;
    if (lw_tm_load(db, table, &m) != LW_TM_OK) {
        lw_tm_free(&m);
        return NULL;
    }
    /* The foreign key's columns, in order, and its parent. */
    sqlite3_stmt *stmt = NULL;
    lw_sqlbuf from = {0};
    char *parent = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?1) WHERE "
                           "id = ?2 ORDER BY seq",
                           -1, &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        sqlite3_bind_int(stmt, 2, fkid);
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            lw_sqlbuf_appendf(&from, "%s%s", from.len ? "," : "", sqlite3_column_text(stmt, 0));
            if (!parent)
                parent = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 1));
        }
    }
    sqlite3_finalize(stmt);
    lw_tm_constraint *cons = NULL;
    int n = lw_tm_constraints(&m, &cons);
    for (int i = 0; i < n && !name; i++) {
        const lw_tm_clause *cl = cons[i].clause;
        if (cl->kind != LW_TM_FOREIGN_KEY || !parent || sqlite3_stricmp(cl->ref_table, parent))
            continue;
        lw_sqlbuf cols = {0};
        for (int k = 0; k < cons[i].n_cols; k++)
            lw_sqlbuf_appendf(&cols, "%s%s", k ? "," : "", cons[i].cols[k]);
        if (cols.s && from.s && sqlite3_stricmp(cols.s, from.s) == 0)
            name = pg_constraint_name(&m, &cons[i]);
        lw_sqlbuf_free(&cols);
    }
    sqlite3_free(cons);
    sqlite3_free(parent);
    lw_sqlbuf_free(&from);
    lw_tm_free(&m);
    return name;
}

/* ---- The virtual tables
 * --------------------------------------------------------------------------- */

typedef struct catalog_rel {
    const char *name;    /* the module's name, which the rewriter writes quoted */
    const char *columns; /* CREATE TABLE x(...) for sqlite3_declare_vtab */
    int n_cols;
    int (*fill)(sqlite3 *db, rowset *rs);
} catalog_rel;

#define IS_CATALOG "table_catalog, table_schema, table_name"
static const catalog_rel relations[] = {
    {"information_schema.tables",
     "CREATE TABLE x(" IS_CATALOG ", table_type, is_insertable_into, is_typed, commit_action)", 7,
     cat_fill_tables},
    {"information_schema.views",
     "CREATE TABLE x(" IS_CATALOG ", view_definition, check_option, is_updatable, "
     "is_insertable_into)",
     7, cat_fill_views},
    {"information_schema.columns",
     "CREATE TABLE x(" IS_CATALOG ", column_name, ordinal_position INTEGER, column_default, "
     "is_nullable, data_type, character_maximum_length INTEGER, character_octet_length "
     "INTEGER, "
     "numeric_precision INTEGER, numeric_precision_radix INTEGER, numeric_scale INTEGER, "
     "datetime_precision INTEGER, interval_type, interval_precision INTEGER, collation_name, "
     "udt_catalog, udt_schema, udt_name, is_identity, "
     "identity_generation, is_generated, generation_expression, is_updatable)",
     25, cat_fill_columns},
    {"information_schema.table_constraints",
     "CREATE TABLE x(constraint_catalog, constraint_schema, constraint_name, " IS_CATALOG
     ", constraint_type, is_deferrable, initially_deferred, enforced, nulls_distinct)",
     11, cat_fill_table_constraints},
    {"information_schema.key_column_usage",
     "CREATE TABLE x(constraint_catalog, constraint_schema, constraint_name, " IS_CATALOG
     ", column_name, ordinal_position INTEGER, position_in_unique_constraint INTEGER)",
     9, cat_fill_key_column_usage},
    {"information_schema.referential_constraints",
     "CREATE TABLE x(constraint_catalog, constraint_schema, constraint_name, "
     "unique_constraint_catalog, unique_constraint_schema, unique_constraint_name, match_option, "
     "update_rule, delete_rule)",
     9, cat_fill_referential_constraints},
    {"information_schema.constraint_column_usage",
     "CREATE TABLE x(" IS_CATALOG ", column_name, constraint_catalog, constraint_schema, "
     "constraint_name)",
     7, cat_fill_constraint_column_usage},
    {"information_schema.sequences",
     "CREATE TABLE x(sequence_catalog, sequence_schema, sequence_name, data_type, "
     "numeric_precision INTEGER, numeric_precision_radix INTEGER, numeric_scale INTEGER, "
     "start_value, minimum_value, maximum_value, increment, cycle_option)",
     12, cat_fill_sequences},
    {"pg_catalog.pg_indexes",
     "CREATE TABLE x(schemaname, tablename, indexname, tablespace, indexdef)", 5,
     cat_fill_pg_indexes},
    {"pg_catalog.pg_class",
     "CREATE TABLE x(oid INTEGER, relname, relnamespace INTEGER, relkind, relowner INTEGER, "
     "relpersistence, relnatts INTEGER)",
     7, cat_fill_pg_class},
};

typedef struct cat_vtab {
    sqlite3_vtab base;
    sqlite3 *db;
    const catalog_rel *rel;
} cat_vtab;

typedef struct cat_cursor {
    sqlite3_vtab_cursor base;
    rowset rows;
    int row;
} cat_cursor;

static int cat_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                       sqlite3_vtab **out, char **err)
{
    (void)argc;
    (void)argv;
    (void)err;
    const catalog_rel *rel = aux;
    int rc = sqlite3_declare_vtab(db, rel->columns);
    if (rc != SQLITE_OK)
        return rc;
    cat_vtab *v = sqlite3_malloc64(sizeof *v);
    if (!v)
        return SQLITE_NOMEM;
    memset(v, 0, sizeof *v);
    v->db = db;
    v->rel = rel;
    *out = &v->base;
    return SQLITE_OK;
}

static int cat_disconnect(sqlite3_vtab *vtab)
{
    sqlite3_free(vtab);
    return SQLITE_OK;
}

static int cat_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info)
{
    (void)vtab;
    info->estimatedCost = 1000;
    info->estimatedRows = 100;
    return SQLITE_OK;
}

static int cat_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **out)
{
    (void)vtab;
    cat_cursor *c = sqlite3_malloc64(sizeof *c);
    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof *c);
    *out = &c->base;
    return SQLITE_OK;
}

static int cat_close(sqlite3_vtab_cursor *cur)
{
    cat_cursor *c = (cat_cursor *)cur;
    cat_rowset_free(&c->rows);
    sqlite3_free(c);
    return SQLITE_OK;
}

static int cat_filter(sqlite3_vtab_cursor *cur, int idx, const char *idx_str, int argc,
                      sqlite3_value **argv)
{
    (void)idx;
    (void)idx_str;
    (void)argc;
    (void)argv;
    cat_cursor *c = (cat_cursor *)cur;
    cat_vtab *v = (cat_vtab *)cur->pVtab;
    cat_rowset_free(&c->rows);
    c->rows.n_cols = v->rel->n_cols;
    c->row = 0;
    int rc = v->rel->fill(v->db, &c->rows);
    if (rc == SQLITE_OK && c->rows.oom)
        rc = SQLITE_NOMEM;
    if (rc == SQLITE_OK && c->rows.n % v->rel->n_cols) {
        sqlite3_free(v->base.zErrMsg);
        v->base.zErrMsg = sqlite3_mprintf("%s: internal error (row width)", v->rel->name);
        rc = SQLITE_INTERNAL;
    } else if (rc != SQLITE_OK && rc != SQLITE_NOMEM) {
        sqlite3_free(v->base.zErrMsg);
        v->base.zErrMsg = sqlite3_mprintf("%s: %s", v->rel->name, sqlite3_errmsg(v->db));
    }
    return rc;
}

static int cat_next(sqlite3_vtab_cursor *cur)
{
    ((cat_cursor *)cur)->row++;
    return SQLITE_OK;
}

static int cat_eof(sqlite3_vtab_cursor *cur)
{
    cat_cursor *c = (cat_cursor *)cur;
    return c->rows.n_cols == 0 || c->row >= c->rows.n / c->rows.n_cols;
}

static int cat_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    cat_cursor *c = (cat_cursor *)cur;
    const cell *v = &c->rows.cells[c->row * c->rows.n_cols + col];
    if (v->type == SQLITE_INTEGER)
        sqlite3_result_int64(ctx, v->i);
    else if (v->type == SQLITE_TEXT)
        sqlite3_result_text(ctx, v->s, -1, SQLITE_TRANSIENT);
    return SQLITE_OK;
}

static int cat_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
    *rowid = ((cat_cursor *)cur)->row + 1;
    return SQLITE_OK;
}

static const sqlite3_module catalog_module = {
    .iVersion = 0,
    .xCreate = NULL, /* eponymous only */
    .xConnect = cat_connect,
    .xBestIndex = cat_best_index,
    .xDisconnect = cat_disconnect,
    .xDestroy = cat_disconnect,
    .xOpen = cat_open,
    .xClose = cat_close,
    .xFilter = cat_filter,
    .xNext = cat_next,
    .xEof = cat_eof,
    .xColumn = cat_column,
    .xRowid = cat_rowid,
};

int lw_pg_catalog_register(sqlite3 *db, char **err)
{
    for (size_t i = 0; i < sizeof relations / sizeof relations[0]; i++) {
        int rc = sqlite3_create_module_v2(db, relations[i].name, &catalog_module,
                                          (void *)&relations[i], NULL);
        if (rc != SQLITE_OK) {
            *err = sqlite3_mprintf("cannot register the catalog relation %s: %s", relations[i].name,
                                   sqlite3_errmsg(db));
            return rc;
        }
    }
    return SQLITE_OK;
}
