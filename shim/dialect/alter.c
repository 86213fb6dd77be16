/*
 * ALTER TABLE over a table model (alter.h): the changes collected on a copy of the
 * definition, then one rebuild (rebuild.c) or SQLite's own ADD COLUMN.
 */
#include "dialect/alter.h"

#include <string.h>

#include "core/lexer.h"
#include "core/sqlbuf.h"
#include "dialect/ddl.h"

char *lw_alter_quoted(const char *name)
{
    return sqlite3_mprintf("\"%w\"", name);
}

void lw_alter_close(lw_alter *a)
{
    for (int i = 0; i < a->model.n_cols; i++)
        sqlite3_free(a->values ? a->values[i] : NULL);
    sqlite3_free(a->values);
    sqlite3_free(a->origin);
    lw_tm_free(&a->old);
    lw_tm_free(&a->model);
    lw_schema_objects_free(a->objects, a->n_objects);
    sqlite3_free(a->dropped);
    for (int i = 0; i < a->n_indexes; i++)
        sqlite3_free(a->indexes[i]);
    sqlite3_free(a->indexes);
    sqlite3_free(a->table);
    sqlite3_free(a->dropped_views);
    memset(a, 0, sizeof *a);
}

int lw_alter_open(lw_alter *a, sqlite3 *db, const lw_dialect_rules *rules, const char *table)
{
    memset(a, 0, sizeof *a);
    a->db = db;
    a->rules = rules;
    int rc = lw_tm_load(db, table, &a->old);
    if (rc == LW_TM_ENOMEM)
        rc = SQLITE_NOMEM;
    else if (rc == LW_TM_ESYNTAX)
        rc = SQLITE_ERROR;
    if (rc != SQLITE_OK) {
        lw_alter_close(a);
        return rc;
    }
    if (lw_tm_copy(&a->model, &a->old) || !(a->table = sqlite3_mprintf("%s", a->old.name))) {
        lw_alter_close(a);
        return SQLITE_NOMEM;
    }
    int n = a->old.n_cols;
    a->values = sqlite3_malloc64((size_t)n * sizeof *a->values);
    a->origin = sqlite3_malloc64((size_t)n * sizeof *a->origin);
    if (!a->values || !a->origin) {
        lw_alter_close(a);
        return SQLITE_NOMEM;
    }
    for (int i = 0; i < n; i++) {
        a->origin[i] = i;
        a->values[i] = lw_alter_quoted(a->old.cols[i].name);
        if (!a->values[i]) {
            lw_alter_close(a);
            return SQLITE_NOMEM;
        }
    }
    rc = lw_schema_objects(db, a->table, &a->objects, &a->n_objects);
    if (rc == SQLITE_OK && a->n_objects && !(a->dropped = sqlite3_malloc64((size_t)a->n_objects)))
        rc = SQLITE_NOMEM;
    if (rc != SQLITE_OK) {
        lw_alter_close(a);
        return rc;
    }
    if (a->dropped)
        memset(a->dropped, 0, (size_t)a->n_objects);
    return SQLITE_OK;
}

/* ---- Columns -------------------------------------------------------------------------- */

/* Whether SQLite's own ADD COLUMN can add c: no key, no expression default, NOT NULL
 * only with a default that is not NULL (lang_altertable.html, ALTER TABLE ADD COLUMN). */
static int native_add_ok(const lw_tm_column *c)
{
    const lw_tm_clause *def = lw_tm_column_clause(c, LW_TM_DEFAULT);
    int null_default = 1;
    if (def && def->expr) {
        lw_tokens toks = {0};
        lw_lex_error lerr = {NULL, 0};
        if (lw_lex(def->expr, strlen(def->expr), 0, &toks, &lerr)) {
            lw_tokens_free(&toks);
            return 0;
        }
        size_t n = 0, first = 0;
        for (size_t i = 0; i < toks.len; i++)
            if (!lw_token_is_blank(&toks.items[i]) && n++ == 0)
                first = i;
        const lw_token *t = n ? &toks.items[first] : NULL;
        /* A literal: a number (signed), a string, NULL, TRUE or FALSE; written without
         * parentheses (SQLite refuses "an expression in parentheses"). */
        int literal = def->body && def->body[strlen(def->body) - 1] != ')' &&
                      ((n == 1 && (t->type == LW_TK_NUMBER || t->type == LW_TK_STRING ||
                                   lw_token_is_word(def->expr, t, "null") ||
                                   lw_token_is_word(def->expr, t, "true") ||
                                   lw_token_is_word(def->expr, t, "false"))) ||
                       (n == 2 && t->type == LW_TK_OPERATOR));
        null_default = n == 1 && lw_token_is_word(def->expr, t, "null");
        lw_tokens_free(&toks);
        if (!literal)
            return 0;
    }
    for (int k = 0; k < c->n_clauses; k++) {
        switch (c->clauses[k].kind) {
        case LW_TM_PRIMARY_KEY:
        case LW_TM_UNIQUE:
        case LW_TM_GENERATED:
            return 0;
        case LW_TM_NOT_NULL:
            if (null_default)
                return 0;
            break;
        case LW_TM_FOREIGN_KEY:
            if (!null_default)
                return 0;
            break;
        default:
            break;
        }
    }
    return 1;
}

static int grow_columns(lw_alter *a, int n)
{
    char **values = sqlite3_realloc64(a->values, (size_t)n * sizeof *values);
    if (!values)
        return SQLITE_NOMEM;
    a->values = values;
    int *origin = sqlite3_realloc64(a->origin, (size_t)n * sizeof *origin);
    if (!origin)
        return SQLITE_NOMEM;
    a->origin = origin;
    return SQLITE_OK;
}

int lw_alter_add_column(lw_alter *a, const lw_tm_column *col, const char *value)
{
    int n = a->model.n_cols;
    if (grow_columns(a, n + 1))
        return -1;
    lw_tm_column *c = lw_tm_add_column(&a->model, col->name, col->type);
    if (!c)
        return -1;
    a->values[n] = NULL;
    a->origin[n] = -1;
    for (int k = 0; k < col->n_clauses; k++)
        if (lw_tm_add_clause(&a->model, &a->model.cols[n], &col->clauses[k]))
            return -1;
    if (value && !(a->values[n] = sqlite3_mprintf("%s", value)))
        return -1;
    if (value)
        a->rebuild = 1;
    return n;
}

/* Whether the object's SQL names column col where it could mean the table's column:
 * an index's key and WHERE (after its first parenthesis), a trigger's WHEN and body. */
static int object_mentions(const lw_schema_object *o, const char *col)
{
    const char *from = o->type[0] == 'i' ? strchr(o->sql, '(') : o->sql;
    return from && lw_tm_mentions(from, col);
}

int lw_alter_drop_column(lw_alter *a, int i)
{
    if (i < 0 || i >= a->model.n_cols)
        return SQLITE_OK;
    char *name = sqlite3_mprintf("%s", a->model.cols[i].name);
    if (!name)
        return SQLITE_NOMEM;
    sqlite3_free(a->values[i]);
    memmove(&a->values[i], &a->values[i + 1],
            (size_t)(a->model.n_cols - i - 1) * sizeof *a->values);
    memmove(&a->origin[i], &a->origin[i + 1],
            (size_t)(a->model.n_cols - i - 1) * sizeof *a->origin);
    lw_tm_remove_column(&a->model, i);
    /* Table constraints over the column go with it. */
    for (int k = a->model.n_cons - 1; k >= 0; k--) {
        const lw_tm_clause *cl = &a->model.cons[k];
        int uses = cl->expr && lw_tm_mentions(cl->expr, name);
        for (int j = 0; j < cl->cols.n && !uses; j++)
            uses = sqlite3_stricmp(cl->cols.v[j], name) == 0 || lw_tm_mentions(cl->cols.v[j], name);
        if (uses)
            lw_tm_remove_clause(&a->model, NULL, k);
    }
    /* So do column checks of other columns that read it. */
    for (int c = 0; c < a->model.n_cols; c++)
        for (int k = a->model.cols[c].n_clauses - 1; k >= 0; k--) {
            const lw_tm_clause *cl = &a->model.cols[c].clauses[k];
            if (cl->kind == LW_TM_CHECK && cl->expr && lw_tm_mentions(cl->expr, name))
                lw_tm_remove_clause(&a->model, &a->model.cols[c], k);
        }
    for (int k = 0; k < a->n_objects; k++)
        if (object_mentions(&a->objects[k], name))
            a->dropped[k] = 1;
    sqlite3_free(name);
    a->rebuild = 1;
    return a->model.oom ? SQLITE_NOMEM : SQLITE_OK;
}

int lw_alter_set_value(lw_alter *a, int i, const char *value)
{
    char *copy = value ? sqlite3_mprintf("%s", value) : NULL;
    if (value && !copy)
        return SQLITE_NOMEM;
    sqlite3_free(a->values[i]);
    a->values[i] = copy;
    a->rebuild = 1;
    return SQLITE_OK;
}

int lw_alter_add_index(lw_alter *a, const char *sql)
{
    char **grown = sqlite3_realloc64(a->indexes, (size_t)(a->n_indexes + 1) * sizeof *grown);
    if (!grown)
        return SQLITE_NOMEM;
    a->indexes = grown;
    if (!(grown[a->n_indexes] = sqlite3_mprintf("%s", sql)))
        return SQLITE_NOMEM;
    a->n_indexes++;
    return SQLITE_OK;
}

/* ---- Foreign keys of other tables --------------------------------------------------------- */

void lw_alter_references_free(lw_alter_reference *list, int n)
{
    for (int i = 0; i < n; i++) {
        sqlite3_free(list[i].child);
        sqlite3_free(list[i].from_column);
        lw_tm_clause_free(&list[i].clause);
    }
    sqlite3_free(list);
}

/* Whether the foreign key cl (to this table, whose primary key is pk) refers to
 * column (NULL: to the table at all). */
static int refers_to(const lw_tm_clause *cl, const char *table, const char *column,
                     const lw_tm_names *pk)
{
    if (!cl->ref_table || sqlite3_stricmp(cl->ref_table, table) != 0)
        return 0;
    if (!column)
        return 1;
    const lw_tm_names *cols = cl->ref_cols.n ? &cl->ref_cols : pk;
    for (int i = 0; i < cols->n; i++)
        if (sqlite3_stricmp(cols->v[i], column) == 0)
            return 1;
    return 0;
}

/* The primary key columns of m (a column's PRIMARY KEY or the table's). */
static int primary_key(const lw_table_model *m, lw_tm_names *pk)
{
    memset(pk, 0, sizeof *pk);
    for (int i = 0; i < m->n_cols; i++)
        if (lw_tm_column_clause(&m->cols[i], LW_TM_PRIMARY_KEY))
            return lw_tm_names_add(pk, m->cols[i].name, -1);
    for (int k = 0; k < m->n_cons; k++)
        if (m->cons[k].kind == LW_TM_PRIMARY_KEY)
            for (int i = 0; i < m->cons[k].cols.n; i++)
                if (lw_tm_names_add(pk, m->cons[k].cols.v[i], -1))
                    return LW_TM_ENOMEM;
    return LW_TM_OK;
}

static int add_reference(lw_alter_reference **list, int *n, const char *child,
                         const lw_tm_clause *cl, const char *from_column)
{
    lw_alter_reference *grown = sqlite3_realloc64(*list, (size_t)(*n + 1) * sizeof *grown);
    if (!grown)
        return SQLITE_NOMEM;
    *list = grown;
    lw_alter_reference *r = &grown[*n];
    memset(r, 0, sizeof *r);
    (*n)++;
    r->child = sqlite3_mprintf("%s", child);
    r->from_column = from_column ? sqlite3_mprintf("%s", from_column) : NULL;
    if (!r->child || (from_column && !r->from_column) || lw_tm_clause_copy(&r->clause, cl))
        return SQLITE_NOMEM;
    return SQLITE_OK;
}

int lw_alter_references(lw_alter *a, const char *column, lw_alter_reference **out)
{
    *out = NULL;
    lw_tm_names pk;
    if (primary_key(&a->old, &pk))
        return -1;
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(a->db,
                                "SELECT name, sql FROM main.sqlite_schema WHERE type = 'table' "
                                "AND sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                                "ORDER BY rowid",
                                -1, &stmt, NULL);
    lw_alter_reference *list = NULL;
    int n = 0;
    while (rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(stmt, 0);
        const char *sql = (const char *)sqlite3_column_text(stmt, 1);
        if (!name || !sql || sqlite3_strlike("%references%", sql, 0) != 0)
            continue;
        lw_table_model m;
        if (lw_tm_parse(sql, &m) != LW_TM_OK) {
            lw_tm_free(&m);
            continue;
        }
        for (int i = 0; i < m.n_cols && rc == SQLITE_OK; i++)
            for (int k = 0; k < m.cols[i].n_clauses && rc == SQLITE_OK; k++) {
                const lw_tm_clause *cl = &m.cols[i].clauses[k];
                if (cl->kind == LW_TM_FOREIGN_KEY && refers_to(cl, a->table, column, &pk))
                    rc = add_reference(&list, &n, name, cl, m.cols[i].name);
            }
        for (int k = 0; k < m.n_cons && rc == SQLITE_OK; k++) {
            const lw_tm_clause *cl = &m.cons[k];
            if (cl->kind == LW_TM_FOREIGN_KEY && refers_to(cl, a->table, column, &pk))
                rc = add_reference(&list, &n, name, cl, NULL);
        }
        lw_tm_free(&m);
    }
    sqlite3_finalize(stmt);
    lw_tm_names_free(&pk);
    if (rc != SQLITE_OK) {
        lw_alter_references_free(list, n);
        return -1;
    }
    *out = list;
    return n;
}

int lw_alter_drop_references(sqlite3 *db, const lw_dialect_rules *rules, const char *child,
                             const char *parent, const char *column, const lw_rebuild_hooks *hooks,
                             void *arg, lw_dialect_error *err)
{
    lw_alter a;
    int rc = lw_alter_open(&a, db, rules, child);
    if (rc != SQLITE_OK) {
        lw_dialect_error_set(err, "XX000", 1105, "cannot read the definition of table \"%s\"",
                             child);
        return rc < 0 ? SQLITE_ERROR : rc;
    }
    /* The parent's primary key, for references that name no column. */
    lw_table_model pm;
    lw_tm_names pk = {0};
    if (lw_tm_load(db, parent, &pm) == LW_TM_OK)
        primary_key(&pm, &pk);
    lw_tm_free(&pm);
    int changed = 0;
    for (int i = 0; i < a.model.n_cols; i++)
        for (int k = a.model.cols[i].n_clauses - 1; k >= 0; k--) {
            const lw_tm_clause *cl = &a.model.cols[i].clauses[k];
            if (cl->kind == LW_TM_FOREIGN_KEY && refers_to(cl, parent, column, &pk)) {
                lw_tm_remove_clause(&a.model, &a.model.cols[i], k);
                changed = 1;
            }
        }
    for (int k = a.model.n_cons - 1; k >= 0; k--) {
        const lw_tm_clause *cl = &a.model.cons[k];
        if (cl->kind == LW_TM_FOREIGN_KEY && refers_to(cl, parent, column, &pk)) {
            lw_tm_remove_clause(&a.model, NULL, k);
            changed = 1;
        }
    }
    lw_tm_names_free(&pk);
    a.rebuild = changed;
    if (hooks)
        a.hooks = *hooks;
    a.hook_arg = arg;
    rc = changed ? lw_alter_run(&a, err) : SQLITE_OK;
    lw_alter_close(&a);
    return rc;
}

/* ---- Running ----------------------------------------------------------------------------------
 */

static int push(char ***list, int *n, char *sql)
{
    if (!sql)
        return SQLITE_NOMEM;
    char **grown = sqlite3_realloc64(*list, (size_t)(*n + 1) * sizeof *grown);
    if (!grown) {
        sqlite3_free(sql);
        return SQLITE_NOMEM;
    }
    *list = grown;
    grown[(*n)++] = sql;
    return SQLITE_OK;
}

static void free_list(char **list, int n)
{
    for (int i = 0; i < n; i++)
        sqlite3_free(list[i]);
    sqlite3_free(list);
}

static int is_norm_trigger(const lw_schema_object *o)
{
    return o->type[0] == 't' &&
           strncmp(o->name, LW_DDL_NORM_PREFIX, strlen(LW_DDL_NORM_PREFIX)) == 0;
}

/* The indexes and triggers the table keeps, the ones added, and its conversion
 * triggers made anew. */
static int objects_after(lw_alter *a, char ***indexes, int *n_indexes, char ***triggers,
                         int *n_triggers)
{
    int rc = SQLITE_OK;
    for (int k = 0; k < a->n_objects && rc == SQLITE_OK; k++) {
        const lw_schema_object *o = &a->objects[k];
        if (a->dropped[k] || is_norm_trigger(o))
            continue;
        rc = o->type[0] == 'i' ? push(indexes, n_indexes, sqlite3_mprintf("%s", o->sql))
                               : push(triggers, n_triggers, sqlite3_mprintf("%s", o->sql));
    }
    for (int k = 0; k < a->n_indexes && rc == SQLITE_OK; k++)
        rc = push(indexes, n_indexes, sqlite3_mprintf("%s", a->indexes[k]));
    if (rc == SQLITE_OK && a->rules && a->rules->columns) {
        char *norm = lw_ddl_norm_triggers(a->rules, &a->model);
        if (!norm)
            rc = SQLITE_NOMEM;
        else if (*norm)
            rc = push(triggers, n_triggers, norm);
        else
            sqlite3_free(norm);
    }
    return rc;
}

/* No rebuild: SQLite's ADD COLUMN for the columns added, the conversion triggers made
 * anew (the rows already there converted through them), the indexes added. */
static int run_native(lw_alter *a, lw_dialect_error *err)
{
    lw_sqlbuf sql = {0};
    for (int i = a->old.n_cols; i < a->model.n_cols; i++) {
        char *def = lw_tm_render_column(&a->model.cols[i]);
        lw_sqlbuf_appendf(&sql, "ALTER TABLE main.\"%w\" ADD COLUMN %s;", a->table, def ? def : "");
        if (!def)
            sql.oom = 1;
        sqlite3_free(def);
    }
    for (int k = 0; k < a->n_objects; k++)
        if (is_norm_trigger(&a->objects[k]))
            lw_sqlbuf_appendf(&sql, "DROP TRIGGER main.\"%w\";", a->objects[k].name);
    char *norm = a->rules && a->rules->columns ? lw_ddl_norm_triggers(a->rules, &a->model) : NULL;
    if (norm && *norm) {
        lw_sqlbuf_appends(&sql, norm);
        /* The rows already there hold the new columns' defaults as written: convert
         * them as the triggers convert every value stored. */
        for (int i = a->old.n_cols; i < a->model.n_cols; i++)
            lw_sqlbuf_appendf(
                &sql, "UPDATE main.\"%w\" SET \"%w\" = \"%w\" WHERE \"%w\" IS NOT NULL;", a->table,
                a->model.cols[i].name, a->model.cols[i].name, a->model.cols[i].name);
    }
    sqlite3_free(norm);
    for (int k = 0; k < a->n_indexes; k++)
        lw_sqlbuf_appendf(&sql, "%s;", a->indexes[k]);
    if (sql.oom) {
        lw_sqlbuf_free(&sql);
        return SQLITE_NOMEM;
    }
    int rc =
        sql.len ? lw_rebuild_exec(a->db, sql.s, a->table, &a->hooks, a->hook_arg, err) : SQLITE_OK;
    lw_sqlbuf_free(&sql);
    return rc;
}

int lw_alter_run(lw_alter *a, lw_dialect_error *err)
{
    if (a->model.oom)
        return SQLITE_NOMEM;
    /* Columns SQLite's ADD COLUMN cannot add as they are need the rebuild. */
    for (int i = 0; i < a->model.n_cols && !a->rebuild; i++)
        if (a->origin[i] < 0 && !native_add_ok(&a->model.cols[i]))
            a->rebuild = 1;
    if (!a->rebuild)
        return run_native(a, err);
    char **indexes = NULL, **triggers = NULL;
    int n_indexes = 0, n_triggers = 0;
    int rc = objects_after(a, &indexes, &n_indexes, &triggers, &n_triggers);
    if (rc == SQLITE_OK) {
        lw_rebuild_plan plan = {a->table,   &a->model,  a->values, indexes,     n_indexes, triggers,
                                n_triggers, a->cascade, &a->hooks, a->hook_arg, NULL};
        rc = lw_rebuild_table(a->db, &plan, err);
        sqlite3_free(a->dropped_views);
        a->dropped_views = plan.dropped_views;
    }
    free_list(indexes, n_indexes);
    free_list(triggers, n_triggers);
    return rc;
}
