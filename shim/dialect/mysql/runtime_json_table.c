/*
 * JSON_TABLE's rows as table-valued functions (json_table_sql.c registers one for
 * each definition it reads; json_table.c makes the rows):
 *
 *   "_lw_json_table_<hash>"(DOC)   the definition's columns, in order; a hidden
 *                                  column _lw_doc takes the document
 *
 * Each is an eponymous-only virtual table module of the connection, registered once
 * (the session remembers the names; at most MY_JT_MAX_DEFINITIONS) and kept until the
 * connection closes: module
 * registration is not part of any transaction, so a ROLLBACK cannot take it away from
 * a statement compiled before. NULL gives no rows; a document that is no JSON is
 * MariaDB's error 4037 or 4038 naming argument 1; the rows' warnings (1264, 1265,
 * 1366) go to the session's diagnostics area, their errors (4176, 4178) fail the
 * statement.
 */
#include <stdio.h>
#include <string.h>

#include "dialect/mysql/json_table.h"
#include "dialect/mysql/runtime_int.h"

/* What a module holds: the definition and the session its warnings go to. */
typedef struct jt_module {
    my_jt_spec *spec;
    my_session *session;
} jt_module;

typedef struct jt_vtab {
    sqlite3_vtab base;
    const jt_module *module;
} jt_vtab;

typedef struct jt_cursor {
    sqlite3_vtab_cursor base;
    my_jt_rows rows;
    size_t at;
} jt_cursor;

/* A column's declared type: strings compare under the database's default collation,
 * as MariaDB's JSON_TABLE columns do (JSON under utf8mb4_bin). */
static void declare_column(lw_sqlbuf *b, const my_jt_column *c, const my_session *s)
{
    lw_sqlbuf_appendf(b, "\"%w\" ", c->name);
    if (c->kind != MY_JT_PATH || c->type == MY_JT_INT)
        lw_sqlbuf_appends(b, "INTEGER, ");
    else if (c->type == MY_JT_DOUBLE)
        lw_sqlbuf_appends(b, "REAL, ");
    else
        lw_sqlbuf_appendf(b, "TEXT COLLATE %s, ",
                          c->type == MY_JT_JSON ? "utf8mb4_bin" : s->flavor->default_collation);
}

static int jt_connect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **out,
                      char **err)
{
    (void)argc;
    (void)argv;
    const jt_module *m = aux;
    lw_sqlbuf decl = {0};
    lw_sqlbuf_appends(&decl, "CREATE TABLE x(");
    for (int i = 0; i < m->spec->n_columns; i++)
        declare_column(&decl, &m->spec->columns[i], m->session);
    lw_sqlbuf_appends(&decl, "_lw_doc HIDDEN)");
    char *sql = lw_sqlbuf_finish(&decl);
    if (!sql)
        return SQLITE_NOMEM;
    int rc = sqlite3_declare_vtab(db, sql);
    sqlite3_free(sql);
    if (rc != SQLITE_OK) {
        *err = sqlite3_mprintf("%s", sqlite3_errmsg(db));
        return rc;
    }
    jt_vtab *v = sqlite3_malloc64(sizeof *v);
    if (!v)
        return SQLITE_NOMEM;
    memset(v, 0, sizeof *v);
    v->module = m;
    *out = &v->base;
    return SQLITE_OK;
}

static int jt_disconnect(sqlite3_vtab *vtab)
{
    sqlite3_free(vtab);
    return SQLITE_OK;
}

/* The document is required: a plan without it is no plan. */
static int jt_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info)
{
    int doc_column = ((jt_vtab *)vtab)->module->spec->n_columns;
    for (int i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        if (c->iColumn == doc_column && c->op == SQLITE_INDEX_CONSTRAINT_EQ) {
            if (!c->usable)
                return SQLITE_CONSTRAINT;
            info->aConstraintUsage[i].argvIndex = 1;
            info->aConstraintUsage[i].omit = 1;
            info->estimatedCost = 10;
            info->estimatedRows = 10;
            return SQLITE_OK;
        }
    }
    return SQLITE_CONSTRAINT;
}

static int jt_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **out)
{
    (void)vtab;
    jt_cursor *c = sqlite3_malloc64(sizeof *c);
    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof *c);
    *out = &c->base;
    return SQLITE_OK;
}

static int jt_close(sqlite3_vtab_cursor *cur)
{
    jt_cursor *c = (jt_cursor *)cur;
    my_jt_rows_free(&c->rows);
    sqlite3_free(c);
    return SQLITE_OK;
}

static int vtab_error(sqlite3_vtab *vtab, int code, const char *message)
{
    sqlite3_free(vtab->zErrMsg);
    vtab->zErrMsg = sqlite3_mprintf("%s%d: %s", MY_ERROR_PREFIX, code, message);
    return vtab->zErrMsg ? SQLITE_ERROR : SQLITE_NOMEM;
}

static int jt_filter(sqlite3_vtab_cursor *cur, int idx, const char *idx_str, int argc,
                     sqlite3_value **argv)
{
    (void)idx;
    (void)idx_str;
    jt_cursor *c = (jt_cursor *)cur;
    const jt_module *m = ((jt_vtab *)cur->pVtab)->module;
    my_jt_rows_free(&c->rows);
    c->at = 0;
    if (argc < 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return SQLITE_OK;
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    lw_json doc;
    lw_json_init(&doc);
    lw_json_error err = {0, NULL};
    lw_json_status st = lw_json_parse(&doc, text ? text : "", n, MY_JSON_FLAGS, &err);
    if (st != LW_JSON_OK) {
        lw_json_clear(&doc);
        if (st == LW_JSON_NOMEM)
            return SQLITE_NOMEM;
        char msg[256];
        int code = my_json_text_error(text ? text : "", n, &err, 1, "JSON_TABLE", msg, sizeof msg);
        return vtab_error(cur->pVtab, code, msg);
    }
    int rc = my_jt_rows_make(m->spec, &doc, &c->rows);
    lw_json_clear(&doc);
    for (int i = 0; i < c->rows.n_warnings; i++)
        my_warn(m->session, LW_LEVEL_WARNING, c->rows.warnings[i].code, "%s",
                c->rows.warnings[i].message);
    if (c->rows.oom)
        return SQLITE_NOMEM;
    if (rc)
        return vtab_error(cur->pVtab, c->rows.error.code, c->rows.error.message);
    return SQLITE_OK;
}

static int jt_next(sqlite3_vtab_cursor *cur)
{
    ((jt_cursor *)cur)->at++;
    return SQLITE_OK;
}

static int jt_eof(sqlite3_vtab_cursor *cur)
{
    jt_cursor *c = (jt_cursor *)cur;
    return c->at >= c->rows.n_rows;
}

static int jt_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int i)
{
    jt_cursor *c = (jt_cursor *)cur;
    if (i < 0 || i >= c->rows.n_columns)
        return SQLITE_OK; /* the hidden document: NULL */
    const my_jt_value *v = &c->rows.cells[c->at * (size_t)c->rows.n_columns + (size_t)i];
    switch (v->type) {
    case SQLITE_INTEGER:
        sqlite3_result_int64(ctx, v->i);
        break;
    case SQLITE_FLOAT:
        sqlite3_result_double(ctx, v->d);
        break;
    case SQLITE_TEXT:
        sqlite3_result_text64(ctx, v->s, v->n, SQLITE_TRANSIENT, SQLITE_UTF8);
        break;
    default:
        break;
    }
    return SQLITE_OK;
}

static int jt_rowid(sqlite3_vtab_cursor *cur, sqlite_int64 *rowid)
{
    *rowid = (sqlite_int64)((jt_cursor *)cur)->at + 1;
    return SQLITE_OK;
}

static const sqlite3_module jt_methods = {
    .iVersion = 0,
    .xCreate = NULL, /* eponymous only */
    .xConnect = jt_connect,
    .xBestIndex = jt_best_index,
    .xDisconnect = jt_disconnect,
    .xDestroy = jt_disconnect,
    .xOpen = jt_open,
    .xClose = jt_close,
    .xFilter = jt_filter,
    .xNext = jt_next,
    .xEof = jt_eof,
    .xColumn = jt_column,
    .xRowid = jt_rowid,
};

static void module_free(void *p)
{
    jt_module *m = p;
    my_jt_spec_free(m->spec);
    sqlite3_free(m);
}

int my_json_table_register(my_session *s, sqlite3 *db, const char *name, my_jt_spec *spec,
                           char **err)
{
    int count = 0;
    for (my_json_table_name *k = s->json_tables; k; k = k->next, count++)
        if (!strcmp(k->name, name)) {
            my_jt_spec_free(spec);
            return SQLITE_OK;
        }
    if (count >= MY_JT_MAX_DEFINITIONS) {
        my_jt_spec_free(spec);
        return SQLITE_FULL;
    }
    jt_module *m = sqlite3_malloc64(sizeof *m);
    my_json_table_name *k = sqlite3_malloc64(sizeof *k);
    if (!m || !k) {
        sqlite3_free(m);
        sqlite3_free(k);
        my_jt_spec_free(spec);
        return SQLITE_NOMEM;
    }
    m->spec = spec;
    m->session = s;
    /* sqlite3_create_module_v2 calls module_free itself when it fails. */
    int rc = sqlite3_create_module_v2(db, name, &jt_methods, m, module_free);
    if (rc != SQLITE_OK) {
        sqlite3_free(k);
        *err = sqlite3_mprintf("%s", sqlite3_errmsg(db));
        return rc;
    }
    snprintf(k->name, sizeof k->name, "%s", name);
    k->next = s->json_tables;
    s->json_tables = k;
    return SQLITE_OK;
}
