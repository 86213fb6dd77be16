/*
 * ALTER TABLE for the mysql and mariadb dialects when it runs (my_alter_apply, called by
 * runtime_alter.c's SQL function; alter.c reads the statement and writes the call):
 *
 *   my_alter_table(TABLE, ACTIONS)   (runtime_alter.c's function) applies ACTIONS (alter.c's
 * records) to TABLE through the shared ALTER layer (dialect/alter.h): one rebuild of the table for
 * every change SQLite's own ALTER cannot make, SQLite's RENAME for renames; the catalog (catalog.h)
 * changed with it; all or nothing (SAVEPOINT my_alter) my_alter_not_null(V, COLUMN, ROW)  V, or
 * 1265 "Data truncated for column 'c' at row N" when V is NULL: a NULL copied into a column that
 *                                    became NOT NULL
 *
 * MariaDB's rules applied here (strict mode, the default): a changed column's values
 * are converted as my_assign converts a stored value, with ALTER's wording of its
 * errors (runtime_assign.c: 1265 for a value too long, 1292 "Truncated incorrect
 * INTEGER value" for a string that is no number, 1264 out of range), the row counted
 * in the table's order; a column added NOT NULL without a default takes its type's
 * implicit default (0, '', 0000-00-00); a PRIMARY KEY's columns are NOT NULL; a column
 * kept by MODIFY/CHANGE keeps its keys and foreign keys, and takes every other
 * attribute from the new definition. Errors: 1146 no such table, 1054 unknown column,
 * 1060 duplicate column, 1061 duplicate key name, 1062 a new unique key over duplicate
 * values, 1068 a second primary key, 1090 dropping every column, 1091 dropping what
 * does not exist (a note with IF EXISTS), 1050 a rename onto an existing table.
 *
 * CREATE TABLE t LIKE s (my_create_like_apply): s's definition, indexes, checks and
 * catalog rows as t's, without its rows and foreign keys (as MariaDB); 1146 for a missing
 * s, 1050 for an existing t (a note with IF NOT EXISTS).
 *
 * Limits: dropping a column drops the keys that name it (MariaDB shrinks a key of
 * several columns); rows are numbered in rowid order, which is MariaDB's primary key
 * order for the tables whose key is an integer.
 */
#include <stdlib.h>
#include <string.h>

#include "dialect/alter.h"
#include "dialect/catalog.h"
#include "dialect/mysql/catalog.h"
#include "dialect/mysql/runtime.h"

#define MAX_FIELDS 8

typedef struct record {
    char *f[MAX_FIELDS];
    int n;
} record;

typedef struct run {
    sqlite3_context *ctx;
    sqlite3 *db;
    my_session *s;
    char *table; /* the table's name as the schema has it */
    lw_alter a;
    int opened;
    int changed; /* the model changed: lw_alter_run */
    int error;   /* an error was raised on ctx */
} run;

/* ---- Helpers -----------------------------------------------------------------------------------
 */

static int fail(run *r, int code, const char *fmt, const char *a, const char *b)
{
    if (!r->error)
        my_error(r->ctx, code, fmt, a, b);
    r->error = 1;
    return SQLITE_ERROR;
}

static int oom(run *r)
{
    if (!r->error)
        sqlite3_result_error_nomem(r->ctx);
    r->error = 1;
    return SQLITE_NOMEM;
}

/* Runs sql; an error of SQLite's is raised as it is (the dialect's mapping words it). */
static int exec(run *r, const char *sql)
{
    if (!sql)
        return oom(r);
    char *msg = NULL;
    int rc = sqlite3_exec(r->db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK && !r->error) {
        sqlite3_result_error(r->ctx, msg ? msg : sqlite3_errstr(rc), -1);
        sqlite3_result_error_code(r->ctx, rc);
        r->error = 1;
    }
    sqlite3_free(msg);
    return rc;
}

static int execf(run *r, const char *fmt, const char *a, const char *b, const char *c)
{
    char *sql = sqlite3_mprintf(fmt, a, b, c);
    int rc = exec(r, sql);
    sqlite3_free(sql);
    return rc;
}

/* Splits spec into records (fields point into spec, which is changed). */
static int split(char *spec, record **out)
{
    int n = 0, cap = 0;
    record *list = NULL;
    for (char *p = spec; *p;) {
        char *end = strchr(p, '\x1e');
        if (!end)
            break;
        *end = 0;
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            record *grown = sqlite3_realloc64(list, (size_t)cap * sizeof *grown);
            if (!grown) {
                sqlite3_free(list);
                return -1;
            }
            list = grown;
        }
        record *rec = &list[n++];
        memset(rec, 0, sizeof *rec);
        for (char *q = p; *q && rec->n < MAX_FIELDS;) {
            char *sep = strchr(q, '\x1f');
            if (!sep)
                break;
            *sep = 0;
            rec->f[rec->n++] = q;
            q = sep + 1;
        }
        p = end + 1;
    }
    *out = list;
    return n;
}

static const char *field_of(const record *rec, int i)
{
    return i < rec->n ? rec->f[i] : "";
}

static int column_of(run *r, const char *name)
{
    return lw_tm_column_index(&r->a.model, name);
}

/* Moves model column from to position to (with its value and origin). */
static void move_column(lw_alter *a, int from, int to)
{
    if (from == to)
        return;
    lw_tm_column c = a->model.cols[from];
    char *v = a->values[from];
    int o = a->origin[from];
    if (from < to) {
        memmove(&a->model.cols[from], &a->model.cols[from + 1], (size_t)(to - from) * sizeof c);
        memmove(&a->values[from], &a->values[from + 1], (size_t)(to - from) * sizeof v);
        memmove(&a->origin[from], &a->origin[from + 1], (size_t)(to - from) * sizeof o);
    } else {
        memmove(&a->model.cols[to + 1], &a->model.cols[to], (size_t)(from - to) * sizeof c);
        memmove(&a->values[to + 1], &a->values[to], (size_t)(from - to) * sizeof v);
        memmove(&a->origin[to + 1], &a->origin[to], (size_t)(from - to) * sizeof o);
    }
    a->model.cols[to] = c;
    a->values[to] = v;
    a->origin[to] = o;
    a->rebuild = 1;
}

/* FIRST / AFTER col for column i. */
static int place(run *r, int i, const char *pos)
{
    if (!pos[0])
        return SQLITE_OK;
    if (pos[0] == '^') {
        move_column(&r->a, i, 0);
        return SQLITE_OK;
    }
    int after = column_of(r, pos);
    if (after < 0 || after == i)
        return fail(r, 1054, "Unknown column '%s' in '%s'", pos, r->table);
    move_column(&r->a, i, after < i ? after + 1 : after);
    return SQLITE_OK;
}

/* A column definition (SQLite text) read into *col (owned by *holder). */
static int parse_column(run *r, const char *sql, lw_table_model *holder)
{
    char *create = sqlite3_mprintf("CREATE TABLE x (%s)", sql);
    int rc = create ? lw_tm_parse(create, holder) : LW_TM_ENOMEM;
    sqlite3_free(create);
    if (rc == LW_TM_ENOMEM)
        return oom(r);
    if (rc != LW_TM_OK || holder->n_cols != 1)
        return fail(r, 1064, "You have an error in your SQL syntax near '%s'", sql, NULL);
    return SQLITE_OK;
}

static int has_clause(const lw_tm_column *c, lw_tm_kind kind)
{
    return lw_tm_column_clause(c, kind) != NULL;
}

/* Whether column name is in the table's primary key (a column's or the table's). */
static int in_primary_key(const lw_table_model *m, const char *name)
{
    int i = lw_tm_column_index(m, name);
    if (i >= 0 && has_clause(&m->cols[i], LW_TM_PRIMARY_KEY))
        return 1;
    for (int k = 0; k < m->n_cons; k++)
        if (m->cons[k].kind == LW_TM_PRIMARY_KEY)
            for (int j = 0; j < m->cons[k].cols.n; j++)
                if (!sqlite3_stricmp(m->cons[k].cols.v[j], name))
                    return 1;
    return 0;
}

static int add_not_null(run *r, lw_tm_column *c)
{
    if (has_clause(c, LW_TM_NOT_NULL))
        return SQLITE_OK;
    lw_tm_clause cl;
    if (lw_tm_parse_clause("NOT NULL", 0, &cl) != LW_TM_OK)
        return oom(r);
    for (int k = c->n_clauses - 1; k >= 0; k--)
        if (c->clauses[k].kind == LW_TM_NULL)
            lw_tm_remove_clause(&r->a.model, c, k);
    int rc = lw_tm_add_clause(&r->a.model, c, &cl);
    lw_tm_clause_free(&cl);
    return rc ? oom(r) : SQLITE_OK;
}

/* The value a column's rows get from v as the column's type converts it (NULL when the
 * type needs no conversion: v itself). */
static char *converted(run *r, const lw_tm_column *c, const char *v, const char *old_decl)
{
    my_assign_spec spec;
    if (!my_assign_spec_of(c->type, &spec))
        return sqlite3_mprintf("%s", v);
    my_assign_spec from;
    char vtype = 's';
    if (old_decl && my_assign_spec_of(old_decl, &from)) {
        if (from.integer)
            vtype = 'i';
        else if (!strcmp(from.type, "uint64"))
            vtype = 'u';
        else if (!strcmp(from.type, "decimal"))
            vtype = 'd';
        else if (!strcmp(from.type, "float") || !strcmp(from.type, "double"))
            vtype = 'f';
    }
    if (spec.members) {
        char *members = lw_catalog_text(r->db,
                                        "SELECT members FROM _lw_mysql_columns WHERE table_name "
                                        "= ?1 AND column_name = ?2",
                                        r->table, c->name);
        char *s = sqlite3_mprintf("my_assign(%s, '%s', %Q, %Q, row_number() OVER (), %Q, 0, '%c')",
                                  v, spec.type, r->table, c->name, members ? members : "[]", vtype);
        sqlite3_free(members);
        return s;
    }
    return sqlite3_mprintf("my_assign(%s, '%s', %Q, %Q, row_number() OVER (), %lld, %lld, '%c')", v,
                           spec.type, r->table, c->name, spec.a, spec.b, vtype);
}

/* The implicit default of a NOT NULL column added without one (MariaDB's, strict or
 * not): zero, the empty string, the zero date. */
static char *implicit_default(run *r, const lw_tm_column *c)
{
    my_assign_spec spec;
    if (!my_assign_spec_of(c->type, &spec))
        return sqlite3_mprintf("''");
    if (spec.integer || !strcmp(spec.type, "uint64") || !strcmp(spec.type, "float") ||
        !strcmp(spec.type, "double") || !strcmp(spec.type, "bit"))
        return sqlite3_mprintf("0");
    if (!strcmp(spec.type, "decimal"))
        return converted(r, c, "0", "INT");
    if (!strcmp(spec.type, "date"))
        return sqlite3_mprintf("'0000-00-00'");
    if (!strcmp(spec.type, "datetime") || !strcmp(spec.type, "timestamp"))
        return sqlite3_mprintf("'0000-00-00 00:00:00'");
    if (!strcmp(spec.type, "time"))
        return sqlite3_mprintf("'00:00:00'");
    if (!strcmp(spec.type, "year"))
        return sqlite3_mprintf("'0000'");
    if (!strcmp(spec.type, "enum")) {
        char *first = lw_catalog_text(r->db,
                                      "SELECT json_extract(members, '$[0]') FROM _lw_mysql_columns "
                                      "WHERE table_name = ?1 AND column_name = ?2",
                                      r->table, c->name);
        char *s = sqlite3_mprintf("%Q", first ? first : "");
        sqlite3_free(first);
        return s;
    }
    return sqlite3_mprintf("''");
}

/* ---- Renames (before the model is read) --------------------------------------------------------
 */

/* The comma-separated column lists of the catalog's keys: old becomes new. */
static int rename_in_constraints(run *r, const char *old, const char *new_name)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(r->db,
                                "SELECT rowid, columns FROM _lw_mysql_constraints WHERE "
                                "table_name = ?1 AND columns IS NOT NULL",
                                -1, &st, NULL);
    if (rc != SQLITE_OK)
        return SQLITE_OK; /* no catalog yet */
    sqlite3_bind_text(st, 1, r->table, -1, SQLITE_STATIC);
    lw_sqlbuf sql = {0};
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *cols = (const char *)sqlite3_column_text(st, 1);
        lw_sqlbuf out = {0};
        lw_sqlbuf_append(&out, "", 0);
        int hit = 0;
        for (const char *p = cols; p && *p;) {
            size_t n = strcspn(p, ",");
            int same = n == strlen(old) && !sqlite3_strnicmp(p, old, (int)n);
            hit |= same;
            if (out.len)
                lw_sqlbuf_append(&out, ",", 1);
            if (same)
                lw_sqlbuf_appends(&out, new_name);
            else
                lw_sqlbuf_append(&out, p, n);
            p += n;
            if (*p == ',')
                p++;
        }
        if (hit)
            lw_sqlbuf_appendf(&sql,
                              "UPDATE _lw_mysql_constraints SET columns = %Q WHERE rowid = %lld; ",
                              out.s, (long long)sqlite3_column_int64(st, 0));
        lw_sqlbuf_free(&out);
    }
    sqlite3_finalize(st);
    if (sql.oom) {
        lw_sqlbuf_free(&sql);
        return oom(r);
    }
    rc = sql.len ? exec(r, sql.s) : SQLITE_OK;
    lw_sqlbuf_free(&sql);
    return rc;
}

static int table_has_column(run *r, const char *col)
{
    char *x = lw_catalog_text(
        r->db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2 COLLATE NOCASE", r->table, col);
    sqlite3_free(x);
    return x != NULL;
}

static int rename_column(run *r, const char *old, const char *new_name)
{
    if (!table_has_column(r, old))
        return fail(r, 1054, "Unknown column '%s' in '%s'", old, r->table);
    if (sqlite3_stricmp(old, new_name) != 0 && table_has_column(r, new_name))
        return fail(r, 1060, "Duplicate column name '%s'", new_name, NULL);
    if (!strcmp(old, new_name))
        return SQLITE_OK;
    char *sql = sqlite3_mprintf("ALTER TABLE main.\"%w\" RENAME COLUMN \"%w\" TO \"%w\"; "
                                "UPDATE _lw_mysql_columns SET column_name = %Q WHERE table_name = "
                                "%Q AND column_name = %Q COLLATE NOCASE",
                                r->table, old, new_name, new_name, r->table, old);
    int rc = exec(r, sql);
    sqlite3_free(sql);
    return rc == SQLITE_OK ? rename_in_constraints(r, old, new_name) : rc;
}

/* The catalog's key called name (KEY, UNIQUE or PRIMARY KEY), its name as stored and
 * kind; NULL when there is none. */
static char *find_key(run *r, const char *name, char **kind)
{
    *kind = lw_catalog_text(r->db,
                            "SELECT kind FROM _lw_mysql_constraints WHERE table_name = ?1 AND "
                            "name = ?2 COLLATE NOCASE AND kind IN ('KEY', 'UNIQUE', 'PRIMARY KEY')",
                            r->table, name);
    return *kind ? lw_catalog_text(r->db,
                                   "SELECT name FROM _lw_mysql_constraints WHERE table_name = ?1 "
                                   "AND name = ?2 COLLATE NOCASE AND kind IN ('KEY', 'UNIQUE', "
                                   "'PRIMARY KEY')",
                                   r->table, name)
                 : NULL;
}

/* An index's CREATE statement with its name "<table>.<key>" replaced. */
static char *renamed_index_sql(const char *sql, const char *old_index, const char *new_index)
{
    char *quoted = sqlite3_mprintf("\"%w\"", old_index);
    const char *at = quoted ? strstr(sql, quoted) : NULL;
    char *out =
        at ? sqlite3_mprintf("%.*s\"%w\"%s", (int)(at - sql), sql, new_index, at + strlen(quoted))
           : NULL;
    sqlite3_free(quoted);
    return out;
}

static int rename_index_object(run *r, const char *old_index, const char *new_index)
{
    char *sql = lw_catalog_text(
        r->db, "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1", old_index, NULL);
    if (!sql)
        return SQLITE_OK;
    char *made = renamed_index_sql(sql, old_index, new_index);
    sqlite3_free(sql);
    if (!made)
        return oom(r);
    char *drop = sqlite3_mprintf("DROP INDEX main.\"%w\"; %s", old_index, made);
    sqlite3_free(made);
    int rc = exec(r, drop);
    sqlite3_free(drop);
    return rc;
}

static int rename_key(run *r, const char *old, const char *new_name)
{
    char *kind = NULL;
    char *stored = find_key(r, old, &kind);
    int rc = SQLITE_OK;
    if (!stored || !strcmp(kind, "PRIMARY KEY"))
        rc = fail(r, 1176, "Key '%s' doesn't exist in table '%s'", old, r->table);
    else {
        char *k2 = NULL;
        char *taken = find_key(r, new_name, &k2);
        if (taken && sqlite3_stricmp(taken, stored))
            rc = fail(r, 1061, "Duplicate key name '%s'", new_name, NULL);
        sqlite3_free(taken);
        sqlite3_free(k2);
    }
    if (rc == SQLITE_OK) {
        char *oi = sqlite3_mprintf("%s.%s", r->table, stored);
        char *ni = sqlite3_mprintf("%s.%s", r->table, new_name);
        rc = oi && ni ? rename_index_object(r, oi, ni) : oom(r);
        sqlite3_free(oi);
        sqlite3_free(ni);
        if (rc == SQLITE_OK)
            rc = execf(r,
                       "UPDATE _lw_mysql_constraints SET name = %Q WHERE table_name = %Q AND "
                       "name = %Q",
                       new_name, r->table, stored);
    }
    sqlite3_free(stored);
    sqlite3_free(kind);
    return rc;
}

/* ---- The actions on the model ------------------------------------------------------------------
 */

static int add_column(run *r, const record *rec)
{
    const char *name = field_of(rec, 1);
    if (column_of(r, name) >= 0) {
        if (!strcmp(field_of(rec, 6), "1")) {
            my_warn(r->s, LW_LEVEL_NOTE, 1060, "Duplicate column name '%s'", name);
            return SQLITE_OK;
        }
        return fail(r, 1060, "Duplicate column name '%s'", name, NULL);
    }
    lw_table_model holder;
    int rc = parse_column(r, field_of(rec, 2), &holder);
    if (rc == SQLITE_OK && (rc = exec(r, field_of(rec, 3))) == SQLITE_OK) {
        lw_tm_column *c = &holder.cols[0];
        char *value = NULL;
        if (has_clause(c, LW_TM_NOT_NULL) && !has_clause(c, LW_TM_DEFAULT) &&
            !has_clause(c, LW_TM_GENERATED) && !has_clause(c, LW_TM_PRIMARY_KEY)) {
            value = implicit_default(r, c);
            if (!value)
                rc = oom(r);
        }
        int i = rc == SQLITE_OK ? lw_alter_add_column(&r->a, c, value) : -1;
        sqlite3_free(value);
        if (rc == SQLITE_OK && i < 0)
            rc = oom(r);
        if (rc == SQLITE_OK && value)
            r->a.rebuild = 1;
        if (rc == SQLITE_OK)
            rc = place(r, i, field_of(rec, 5));
        if (rc == SQLITE_OK && field_of(rec, 4)[0])
            rc = lw_alter_add_index(&r->a, field_of(rec, 4)) ? oom(r) : SQLITE_OK;
        r->changed = 1;
    }
    lw_tm_free(&holder);
    return rc;
}

/* MODIFY / CHANGE (a new name was given by the rename before). */
static int change_column(run *r, const record *rec)
{
    const char *name = field_of(rec, 2);
    int i = column_of(r, name);
    if (i < 0)
        return fail(r, 1054, "Unknown column '%s' in '%s'", field_of(rec, 1), r->table);
    lw_table_model holder;
    int rc = parse_column(r, field_of(rec, 3), &holder);
    if (rc == SQLITE_OK)
        rc = execf(r, "DELETE FROM _lw_mysql_columns WHERE table_name = %Q AND column_name = %Q",
                   r->table, name, NULL);
    /* The column's own checks go with its old definition (the new one may bring them
     * back): "<table>.<col>", and a JSON column's, named after the column. */
    if (rc == SQLITE_OK) {
        char *sql = sqlite3_mprintf(
            "DELETE FROM _lw_mysql_constraints WHERE table_name = %Q AND kind = 'CHECK' AND (name "
            "= %Q || '.' || %Q OR name = %Q AND definition = 'json_valid(`' || %Q || '`)')",
            r->table, r->table, name, name, name);
        rc = exec(r, sql);
        sqlite3_free(sql);
    }
    if (rc == SQLITE_OK)
        rc = exec(r, field_of(rec, 4));
    if (rc != SQLITE_OK) {
        lw_tm_free(&holder);
        return rc;
    }
    lw_tm_column *c = &r->a.model.cols[i];
    const lw_tm_column *n = &holder.cols[0];
    char *old_decl = sqlite3_mprintf("%s", c->type);
    int was_key = has_clause(c, LW_TM_PRIMARY_KEY);
    /* The keys and foreign keys stay; every other attribute is the new definition's. */
    for (int k = c->n_clauses - 1; k >= 0; k--)
        if (c->clauses[k].kind != LW_TM_PRIMARY_KEY && c->clauses[k].kind != LW_TM_FOREIGN_KEY)
            lw_tm_remove_clause(&r->a.model, c, k);
    if (lw_tm_set_type(&r->a.model, c, n->type))
        rc = oom(r);
    for (int k = 0; k < n->n_clauses && rc == SQLITE_OK; k++) {
        if (n->clauses[k].kind == LW_TM_PRIMARY_KEY && was_key)
            continue;
        if (lw_tm_add_clause(&r->a.model, c, &n->clauses[k]))
            rc = oom(r);
    }
    if (rc == SQLITE_OK && in_primary_key(&r->a.model, c->name)) {
        rc = add_not_null(r, c);
        if (rc == SQLITE_OK)
            rc = execf(r,
                       "UPDATE _lw_mysql_columns SET is_nullable = 'NO' WHERE table_name = %Q AND "
                       "column_name = %Q",
                       r->table, c->name, NULL);
    }
    if (rc == SQLITE_OK) {
        char *q = lw_alter_quoted(c->name);
        char *v = q ? converted(r, c, q, old_decl) : NULL;
        char *checked =
            v && has_clause(c, LW_TM_NOT_NULL)
                ? sqlite3_mprintf("my_alter_not_null(%s, %Q, row_number() OVER ())", v, c->name)
                : (v ? sqlite3_mprintf("%s", v) : NULL);
        rc = checked ? (lw_alter_set_value(&r->a, i, checked) ? oom(r) : SQLITE_OK) : oom(r);
        sqlite3_free(q);
        sqlite3_free(v);
        sqlite3_free(checked);
    }
    sqlite3_free(old_decl);
    if (rc == SQLITE_OK)
        rc = place(r, i, field_of(rec, 6));
    if (rc == SQLITE_OK && field_of(rec, 5)[0])
        rc = lw_alter_add_index(&r->a, field_of(rec, 5)) ? oom(r) : SQLITE_OK;
    r->changed = 1;
    lw_tm_free(&holder);
    return rc;
}

static int set_default(run *r, const record *rec, int drop)
{
    const char *name = field_of(rec, 1);
    int i = column_of(r, name);
    if (i < 0)
        return fail(r, 1054, "Unknown column '%s' in '%s'", name, r->table);
    lw_tm_column *c = &r->a.model.cols[i];
    for (int k = c->n_clauses - 1; k >= 0; k--)
        if (c->clauses[k].kind == LW_TM_DEFAULT)
            lw_tm_remove_clause(&r->a.model, c, k);
    int rc = SQLITE_OK;
    if (!drop) {
        char *text = sqlite3_mprintf("DEFAULT (%s)", field_of(rec, 2));
        lw_tm_clause cl;
        int prc = text ? lw_tm_parse_clause(text, 0, &cl) : LW_TM_ENOMEM;
        sqlite3_free(text);
        if (prc == LW_TM_ENOMEM)
            return oom(r);
        if (prc != LW_TM_OK)
            return fail(r, 1064, "You have an error in your SQL syntax near '%s'", field_of(rec, 3),
                        NULL);
        rc = lw_tm_add_clause(&r->a.model, c, &cl) ? oom(r) : SQLITE_OK;
        lw_tm_clause_free(&cl);
    }
    r->a.rebuild = 1;
    r->changed = 1;
    if (rc == SQLITE_OK)
        rc = execf(r,
                   "UPDATE _lw_mysql_columns SET default_text = %Q WHERE table_name = %Q AND "
                   "column_name = %Q",
                   drop ? NULL : field_of(rec, 3), r->table, c->name);
    return rc;
}

/* The key's name in an index statement "CREATE [UNIQUE] INDEX "<table>.<key>" ON ...". */
static char *index_key_name(run *r, const char *sql)
{
    const char *q = strchr(sql, '"');
    size_t tl = strlen(r->table);
    if (!q || strncmp(q + 1, r->table, tl) != 0 || q[1 + tl] != '.')
        return NULL;
    const char *k = q + 2 + tl, *end = strstr(k, "\" ON ");
    return end ? sqlite3_mprintf("%.*s", (int)(end - k), k) : NULL;
}

/* A new unique key over rows that repeat a value: 1062 naming the first repeated one
 * ("v1-v2" for a key of several columns). */
static int check_duplicates(run *r, const char *key, const char *sql)
{
    const char *open = strchr(sql, '(');
    if (!open)
        return SQLITE_OK;
    char *cols = sqlite3_mprintf("%.*s", (int)(strrchr(sql, ')') - open - 1), open + 1);
    if (!cols)
        return oom(r);
    lw_sqlbuf shown = {0}, not_null = {0};
    for (const char *p = cols; *p;) {
        const char *e = strstr(p, ", \"");
        size_t n = e ? (size_t)(e - p) : strlen(p);
        lw_sqlbuf_appendf(&shown, "%s%.*s", shown.len ? " || '-' || " : "", (int)n, p);
        lw_sqlbuf_appendf(&not_null, "%s%.*s IS NOT NULL", not_null.len ? " AND " : "", (int)n, p);
        p += n;
        if (e)
            p += 2;
    }
    char *q = sqlite3_mprintf("SELECT %s FROM main.\"%w\" WHERE %s GROUP BY %s HAVING count(*) > 1 "
                              "ORDER BY min(rowid) LIMIT 1",
                              shown.s, r->table, not_null.s, cols);
    int rc = SQLITE_OK;
    if (!q || shown.oom || not_null.oom)
        rc = oom(r);
    else {
        char *dup = lw_catalog_text(r->db, q, NULL, NULL);
        if (dup)
            rc = fail(r, 1062, "Duplicate entry '%s' for key '%s'", dup, key);
        sqlite3_free(dup);
    }
    sqlite3_free(q);
    sqlite3_free(cols);
    lw_sqlbuf_free(&shown);
    lw_sqlbuf_free(&not_null);
    return rc;
}

static int add_constraint(run *r, const record *rec)
{
    const char *sql = field_of(rec, 1), *post = field_of(rec, 3);
    int rc = SQLITE_OK;
    if (sql[0]) {
        lw_tm_clause cl;
        int prc = lw_tm_parse_clause(sql, 1, &cl);
        if (prc == LW_TM_ENOMEM)
            return oom(r);
        if (prc != LW_TM_OK)
            return fail(r, 1064, "You have an error in your SQL syntax near '%s'", sql, NULL);
        if (cl.kind == LW_TM_PRIMARY_KEY) {
            lw_tm_constraint *cons = NULL;
            int n = lw_tm_constraints(&r->a.model, &cons);
            for (int k = 0; k < n; k++)
                if (cons[k].clause->kind == LW_TM_PRIMARY_KEY)
                    rc = fail(r, 1068, "Multiple primary key defined", NULL, NULL);
            sqlite3_free(cons);
            for (int j = 0; j < cl.cols.n && rc == SQLITE_OK; j++) {
                int i = column_of(r, cl.cols.v[j]);
                if (i < 0)
                    rc =
                        fail(r, 1072, "Key column '%s' doesn't exist in table", cl.cols.v[j], NULL);
                else {
                    rc = add_not_null(r, &r->a.model.cols[i]);
                    char *q = lw_alter_quoted(cl.cols.v[i < 0 ? 0 : j]);
                    char *v = q ? sqlite3_mprintf("my_alter_not_null(%s, %Q, row_number() OVER "
                                                  "())",
                                                  r->a.values[i] ? r->a.values[i] : q,
                                                  r->a.model.cols[i].name)
                                : NULL;
                    if (rc == SQLITE_OK)
                        rc = v ? (lw_alter_set_value(&r->a, i, v) ? oom(r) : SQLITE_OK) : oom(r);
                    sqlite3_free(q);
                    sqlite3_free(v);
                    if (rc == SQLITE_OK)
                        rc = execf(r,
                                   "UPDATE _lw_mysql_columns SET is_nullable = 'NO' WHERE "
                                   "table_name = %Q AND column_name = %Q",
                                   r->table, r->a.model.cols[i].name, NULL);
                }
            }
        }
        if (rc == SQLITE_OK && lw_tm_add_clause(&r->a.model, NULL, &cl))
            rc = oom(r);
        lw_tm_clause_free(&cl);
        r->a.rebuild = 1;
    }
    if (rc == SQLITE_OK && post[0]) {
        char *key = index_key_name(r, post);
        char *kind = NULL, *taken = key ? find_key(r, key, &kind) : NULL;
        if (taken)
            rc = fail(r, 1061, "Duplicate key name '%s'", key, NULL);
        else if (key && !strncmp(post, "CREATE UNIQUE", 13))
            rc = check_duplicates(r, key, post);
        if (rc == SQLITE_OK)
            rc = lw_alter_add_index(&r->a, post) ? oom(r) : SQLITE_OK;
        sqlite3_free(key);
        sqlite3_free(kind);
        sqlite3_free(taken);
    }
    if (rc == SQLITE_OK)
        rc = exec(r, field_of(rec, 2));
    r->changed = 1;
    return rc;
}

static int drop_column(run *r, const record *rec)
{
    const char *name = field_of(rec, 1);
    int i = column_of(r, name);
    if (i < 0) {
        if (!strcmp(field_of(rec, 2), "1")) {
            my_warn(r->s, LW_LEVEL_NOTE, 1091, "Can't DROP COLUMN `%s`; check that it exists",
                    name);
            return SQLITE_OK;
        }
        return fail(r, 1091, "Can't DROP COLUMN `%s`; check that it exists", name, NULL);
    }
    if (r->a.model.n_cols == 1)
        return fail(r, 1090,
                    "You can't delete all columns with ALTER TABLE; use DROP TABLE instead", NULL,
                    NULL);
    char *stored = sqlite3_mprintf("%s", r->a.model.cols[i].name);
    int rc = stored ? (lw_alter_drop_column(&r->a, i) ? oom(r) : SQLITE_OK) : oom(r);
    if (rc == SQLITE_OK) {
        char *sql = sqlite3_mprintf(
            "DELETE FROM _lw_mysql_columns WHERE table_name = %Q AND column_name = %Q; DELETE "
            "FROM _lw_mysql_constraints WHERE table_name = %Q AND (kind <> 'CHECK' AND ',' || "
            "columns || ',' LIKE '%%,' || %Q || ',%%' OR kind = 'CHECK' AND name = %Q || '.' || "
            "%Q)",
            r->table, stored, r->table, stored, r->table, stored);
        rc = exec(r, sql);
        sqlite3_free(sql);
    }
    sqlite3_free(stored);
    r->a.rebuild = 1;
    r->changed = 1;
    return rc;
}

/* Removes the model's constraints of kind (0: any) named name; returns how many. */
static int remove_named(lw_alter *a, const char *name, int kind)
{
    int removed = 0;
    for (int i = 0; i < a->model.n_cols; i++)
        for (int k = a->model.cols[i].n_clauses - 1; k >= 0; k--) {
            const lw_tm_clause *cl = &a->model.cols[i].clauses[k];
            if (cl->name && !sqlite3_stricmp(cl->name, name) && (!kind || (int)cl->kind == kind) &&
                (cl->kind == LW_TM_CHECK || cl->kind == LW_TM_FOREIGN_KEY)) {
                lw_tm_remove_clause(&a->model, &a->model.cols[i], k);
                removed++;
            }
        }
    for (int k = a->model.n_cons - 1; k >= 0; k--) {
        const lw_tm_clause *cl = &a->model.cons[k];
        if (cl->name && !sqlite3_stricmp(cl->name, name) && (!kind || (int)cl->kind == kind) &&
            (cl->kind == LW_TM_CHECK || cl->kind == LW_TM_FOREIGN_KEY)) {
            lw_tm_remove_clause(&a->model, NULL, k);
            removed++;
        }
    }
    return removed;
}

static int drop_key(run *r, const char *name, int quiet)
{
    char *kind = NULL;
    char *stored = find_key(r, name, &kind);
    int rc = SQLITE_OK;
    if (!stored || !strcmp(kind, "PRIMARY KEY")) {
        if (stored || !sqlite3_stricmp(name, "PRIMARY")) {
            /* DROP INDEX `PRIMARY` is DROP PRIMARY KEY. */
            int removed = 0;
            for (int i = 0; i < r->a.model.n_cols; i++)
                for (int k = r->a.model.cols[i].n_clauses - 1; k >= 0; k--)
                    if (r->a.model.cols[i].clauses[k].kind == LW_TM_PRIMARY_KEY) {
                        lw_tm_remove_clause(&r->a.model, &r->a.model.cols[i], k);
                        removed++;
                    }
            for (int k = r->a.model.n_cons - 1; k >= 0; k--)
                if (r->a.model.cons[k].kind == LW_TM_PRIMARY_KEY) {
                    lw_tm_remove_clause(&r->a.model, NULL, k);
                    removed++;
                }
            if (removed) {
                r->a.rebuild = 1;
                r->changed = 1;
                rc = execf(r,
                           "DELETE FROM _lw_mysql_constraints WHERE table_name = %Q AND kind = "
                           "'PRIMARY KEY'",
                           r->table, NULL, NULL);
                goto done;
            }
        }
        if (quiet)
            my_warn(r->s, LW_LEVEL_NOTE, 1091, "Can't DROP INDEX `%s`; check that it exists", name);
        else
            rc = fail(r, 1091, "Can't DROP INDEX `%s`; check that it exists", name, NULL);
        goto done;
    }
    char *index = sqlite3_mprintf("%s.%s", r->table, stored);
    for (int k = 0; index && k < r->a.n_objects; k++)
        if (r->a.objects[k].type[0] == 'i' && !sqlite3_stricmp(r->a.objects[k].name, index))
            r->a.dropped[k] = 1;
    sqlite3_free(index);
    r->a.rebuild = 1;
    r->changed = 1;
    rc = execf(r,
               "DELETE FROM _lw_mysql_constraints WHERE table_name = %Q AND name = %Q AND kind IN "
               "('KEY', 'UNIQUE')",
               r->table, stored, NULL);
done:
    sqlite3_free(stored);
    sqlite3_free(kind);
    return rc;
}

/* DROP FOREIGN KEY (F), DROP CONSTRAINT (K), DROP CHECK (H). */
static int drop_constraint(run *r, const record *rec)
{
    const char *letter = field_of(rec, 0), *name = field_of(rec, 1);
    int quiet = !strcmp(field_of(rec, 2), "1");
    int kind = letter[0] == 'F' ? LW_TM_FOREIGN_KEY : letter[0] == 'H' ? LW_TM_CHECK : 0;
    int removed = remove_named(&r->a, name, kind);
    if (!removed && letter[0] == 'K') {
        /* DROP CONSTRAINT also drops a UNIQUE key of that name. */
        char *k = NULL;
        char *stored = find_key(r, name, &k);
        int unique = stored && !strcmp(k, "UNIQUE");
        sqlite3_free(stored);
        sqlite3_free(k);
        if (unique)
            return drop_key(r, name, 0);
    }
    if (!removed) {
        const char *what = letter[0] == 'F'   ? "FOREIGN KEY"
                           : letter[0] == 'H' ? "CHECK"
                                              : "CONSTRAINT";
        char *msg = sqlite3_mprintf("Can't DROP %s `%%s`; check that it exists", what);
        int rc = SQLITE_OK;
        if (!msg)
            return oom(r);
        if (quiet)
            my_warn(r->s, LW_LEVEL_NOTE, 1091, msg, name);
        else
            rc = fail(r, 1091, msg, name, NULL);
        sqlite3_free(msg);
        return rc;
    }
    r->a.rebuild = 1;
    r->changed = 1;
    return execf(r,
                 "DELETE FROM _lw_mysql_constraints WHERE table_name = %Q AND name = %Q COLLATE "
                 "NOCASE AND kind IN ('CHECK', 'FOREIGN KEY')",
                 r->table, name, NULL);
}

/* CONVERT TO CHARACTER SET: every character column takes the collation. */
static int convert_to(run *r, const char *collation)
{
    const char *charset = strncmp(collation, "utf8mb4", 7) == 0 ? "utf8mb4" : "binary";
    lw_tm_clause cl;
    char *text = sqlite3_mprintf("COLLATE %s", collation);
    int prc = text ? lw_tm_parse_clause(text, 0, &cl) : LW_TM_ENOMEM;
    sqlite3_free(text);
    if (prc != LW_TM_OK)
        return oom(r);
    int rc = SQLITE_OK;
    for (int i = 0; i < r->a.model.n_cols && rc == SQLITE_OK; i++) {
        lw_tm_column *c = &r->a.model.cols[i];
        char *cs = lw_catalog_text(r->db,
                                   "SELECT charset FROM _lw_mysql_columns WHERE table_name = ?1 "
                                   "AND column_name = ?2",
                                   r->table, c->name);
        if (!cs || !sqlite3_strnicmp(c->type, "JSON", 4)) {
            sqlite3_free(cs);
            continue;
        }
        sqlite3_free(cs);
        for (int k = c->n_clauses - 1; k >= 0; k--)
            if (c->clauses[k].kind == LW_TM_COLLATE)
                lw_tm_remove_clause(&r->a.model, c, k);
        if (lw_tm_add_clause(&r->a.model, c, &cl)) {
            rc = oom(r);
            break;
        }
        char *sql = sqlite3_mprintf("UPDATE _lw_mysql_columns SET collation = %Q, charset = %Q "
                                    "WHERE table_name = %Q AND column_name = %Q",
                                    collation, charset, r->table, c->name);
        rc = exec(r, sql);
        sqlite3_free(sql);
    }
    lw_tm_clause_free(&cl);
    r->a.rebuild = 1;
    r->changed = 1;
    return rc == SQLITE_OK ? execf(r, "UPDATE _lw_mysql_tables SET collation = %Q WHERE name = %Q",
                                   collation, r->table, NULL)
                           : rc;
}

/* ---- RENAME [TO]
 * ---------------------------------------------------------------------------------
 */

static int table_exists(sqlite3 *db, const char *name)
{
    char *x = lw_catalog_text(db,
                              "SELECT 1 FROM sqlite_schema WHERE type IN ('table', 'view') AND "
                              "name = ?1 COLLATE NOCASE",
                              name, NULL);
    sqlite3_free(x);
    return x != NULL;
}

/* The table takes its new name, with its indexes ("<table>.<key>"), its AUTO_INCREMENT
 * default (my_autoinc('<table>', ...)), its catalog rows and the session's counter. */
static int rename_table(run *r, const char *to)
{
    if (sqlite3_stricmp(to, r->table) && table_exists(r->db, to))
        return fail(r, 1050, "Table '%s' already exists", to, NULL);
    char *from = sqlite3_mprintf("%s", r->table);
    if (!from)
        return oom(r);
    int rc = execf(r, "ALTER TABLE main.\"%w\" RENAME TO \"%w\"", from, to, NULL);
    /* The indexes named after the table. */
    sqlite3_stmt *st = NULL;
    if (rc == SQLITE_OK &&
        sqlite3_prepare_v2(r->db,
                           "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1 "
                           "AND sql IS NOT NULL AND substr(name, 1, length(?2) + 1) = ?2 || '.'",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, to, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
        lw_sqlbuf names = {0};
        while (sqlite3_step(st) == SQLITE_ROW)
            lw_sqlbuf_appendf(&names, "%s%c", (const char *)sqlite3_column_text(st, 0), 0x1f);
        sqlite3_finalize(st);
        for (char *p = names.s; rc == SQLITE_OK && p && *p;) {
            char *sep = strchr(p, 0x1f);
            *sep = 0;
            char *ni = sqlite3_mprintf("%s.%s", to, p + strlen(from) + 1);
            rc = ni ? rename_index_object(r, p, ni) : oom(r);
            sqlite3_free(ni);
            p = sep + 1;
        }
        lw_sqlbuf_free(&names);
    }
    /* The AUTO_INCREMENT column's default names the table. */
    if (rc == SQLITE_OK) {
        r->table = r->table; /* (freed by the caller) */
        lw_alter a;
        if (lw_alter_open(&a, r->db, NULL, to) == SQLITE_OK) {
            char *needle = sqlite3_mprintf("my_autoinc('%q'", from);
            for (int i = 0; needle && i < a.model.n_cols && rc == SQLITE_OK; i++) {
                lw_tm_column *c = &a.model.cols[i];
                lw_tm_clause *d = lw_tm_column_clause(c, LW_TM_DEFAULT);
                if (!d || !d->expr || !strstr(d->expr, needle))
                    continue;
                char *text = sqlite3_mprintf("DEFAULT (my_autoinc('%q', NULL))", to);
                lw_tm_clause cl;
                if (!text || lw_tm_parse_clause(text, 0, &cl) != LW_TM_OK)
                    rc = oom(r);
                sqlite3_free(text);
                if (rc != SQLITE_OK)
                    break;
                for (int k = c->n_clauses - 1; k >= 0; k--)
                    if (c->clauses[k].kind == LW_TM_DEFAULT)
                        lw_tm_remove_clause(&a.model, c, k);
                if (lw_tm_add_clause(&a.model, c, &cl))
                    rc = oom(r);
                lw_tm_clause_free(&cl);
                a.rebuild = 1;
            }
            sqlite3_free(needle);
            if (rc == SQLITE_OK && a.rebuild) {
                lw_dialect_error err = {{0}, 0, NULL, 0};
                rc = lw_alter_run(&a, &err);
                if (rc != SQLITE_OK)
                    fail(r, 1105, "%s", err.message ? err.message : sqlite3_errstr(rc), NULL);
                lw_dialect_error_clear(&err);
            }
            lw_alter_close(&a);
        }
    }
    if (rc == SQLITE_OK) {
        char *sql = sqlite3_mprintf(
            "UPDATE _lw_mysql_tables SET name = %Q WHERE name = %Q; UPDATE _lw_mysql_columns SET "
            "table_name = %Q WHERE table_name = %Q; UPDATE _lw_mysql_constraints SET table_name = "
            "%Q WHERE table_name = %Q",
            to, from, to, from, to, from);
        rc = exec(r, sql);
        sqlite3_free(sql);
    }
    if (rc == SQLITE_OK)
        for (my_counter *c = r->s->counters; c; c = c->next)
            if (!sqlite3_stricmp(c->table, from)) {
                char *t = sqlite3_mprintf("%s", to);
                if (!t) {
                    rc = oom(r);
                    break;
                }
                sqlite3_free(c->table);
                c->table = t;
            }
    sqlite3_free(from);
    return rc;
}

/* ---- The statement
 * -------------------------------------------------------------------------------
 */

/* The columns of a key added (its CREATE INDEX "... ON "t" ("a", "b")") are columns of
 * the table as the statement leaves it: else 1072, as MariaDB resolves keys last. */
static int check_index_columns(run *r, const char *sql)
{
    const char *p = strrchr(sql, '(');
    int rc = SQLITE_OK;
    while (p && rc == SQLITE_OK && (p = strchr(p, '"')) != NULL) {
        lw_sqlbuf name = {0};
        for (p++; *p && !(p[0] == '"' && p[1] != '"'); p++) {
            if (p[0] == '"')
                p++;
            lw_sqlbuf_append(&name, p, 1);
        }
        if (*p)
            p++;
        if (name.oom)
            rc = oom(r);
        else if (name.s && column_of(r, name.s) < 0)
            rc = fail(r, 1072, "Key column '%s' doesn't exist in table", name.s, NULL);
        lw_sqlbuf_free(&name);
    }
    return rc;
}

/* The copy's errors: SQLite's are raised as they are (my_assign's carry MariaDB's
 * number), so nothing is worded here. */
static int apply(run *r, record *recs, int n)
{
    int rc = SQLITE_OK;
    /* Renames first, by SQLite's RENAME COLUMN: indexes, triggers, views and other
     * tables' foreign keys follow the column, and the actions below name it anew. */
    for (int i = 0; i < n && rc == SQLITE_OK; i++) {
        record *rec = &recs[i];
        if (rec->f[0][0] == 'R')
            rc = rename_column(r, field_of(rec, 1), field_of(rec, 2));
        else if (rec->f[0][0] == 'M' && strcmp(field_of(rec, 1), field_of(rec, 2)) != 0)
            rc = rename_column(r, field_of(rec, 1), field_of(rec, 2));
        else if (rec->f[0][0] == 'I')
            rc = rename_key(r, field_of(rec, 1), field_of(rec, 2));
    }
    if (rc != SQLITE_OK)
        return rc;
    rc = lw_alter_open(&r->a, r->db, NULL, r->table);
    if (rc != SQLITE_OK)
        return rc == SQLITE_NOMEM
                   ? oom(r)
                   : fail(r, 1146, "Table '%s.%s' doesn't exist", MY_DATABASE, r->table);
    r->opened = 1;
    const char *rename_to = NULL;
    for (int i = 0; i < n && rc == SQLITE_OK; i++) {
        record *rec = &recs[i];
        switch (rec->f[0][0]) {
        case 'A':
            rc = add_column(r, rec);
            break;
        case 'M':
            rc = change_column(r, rec);
            break;
        case 'S':
        case 'd':
            rc = set_default(r, rec, rec->f[0][0] == 'd');
            break;
        case 'C':
            rc = add_constraint(r, rec);
            break;
        case 'D':
            rc = drop_column(r, rec);
            break;
        case 'X':
            rc = drop_key(r, field_of(rec, 1), !strcmp(field_of(rec, 2), "1"));
            break;
        case 'P':
            rc = drop_key(r, "PRIMARY", 0);
            break;
        case 'F':
        case 'K':
        case 'H':
            rc = drop_constraint(r, rec);
            break;
        case 'V':
            rc = convert_to(r, field_of(rec, 1));
            break;
        case 'T':
            rc = execf(r, "UPDATE _lw_mysql_tables SET collation = %Q WHERE name = %Q",
                       field_of(rec, 1), r->table, NULL);
            break;
        case 'U':
            rc = execf(r,
                       "UPDATE _lw_mysql_tables SET auto_increment = max(CAST(%Q AS INTEGER), 1) "
                       "WHERE name = %Q",
                       field_of(rec, 1), r->table, NULL);
            break;
        case 'E':
            rc = execf(r, "UPDATE _lw_mysql_tables SET engine = %Q WHERE name = %Q",
                       field_of(rec, 1), r->table, NULL);
            break;
        case 'O':
            rc = execf(r, "UPDATE _lw_mysql_tables SET comment = %Q WHERE name = %Q",
                       field_of(rec, 1), r->table, NULL);
            break;
        case 'N':
            rename_to = field_of(rec, 1);
            break;
        default: /* R, I: done */
            break;
        }
    }
    for (int k = 0; k < r->a.n_indexes && rc == SQLITE_OK; k++)
        rc = check_index_columns(r, r->a.indexes[k]);
    if (rc == SQLITE_OK && r->changed) {
        lw_dialect_error err = {{0}, 0, NULL, 0};
        rc = lw_alter_run(&r->a, &err);
        if (rc != SQLITE_OK && !r->error) {
            sqlite3_result_error(r->ctx, err.message ? err.message : sqlite3_errstr(rc), -1);
            sqlite3_result_error_code(r->ctx, rc);
            r->error = 1;
        }
        lw_dialect_error_clear(&err);
        /* The catalog's column order follows the model's. */
        for (int i = 0; i < r->a.model.n_cols && rc == SQLITE_OK; i++) {
            char *sql = sqlite3_mprintf("UPDATE _lw_mysql_columns SET ordinal = %d WHERE "
                                        "table_name = %Q AND column_name = %Q COLLATE NOCASE",
                                        i + 1, r->table, r->a.model.cols[i].name);
            rc = exec(r, sql);
            sqlite3_free(sql);
        }
    }
    if (rc == SQLITE_OK && rename_to)
        rc = rename_table(r, rename_to);
    return rc;
}

int my_alter_apply(sqlite3_context *ctx, my_session *s, const char *table, const char *spec)
{
    run r;
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    r.db = sqlite3_context_db_handle(ctx);
    r.s = s;
    char *exact = lw_catalog_text(r.db,
                                  "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = "
                                  "?1 COLLATE NOCASE",
                                  table, NULL);
    if (!exact) {
        my_error(ctx, 1146, "Table '%s.%s' doesn't exist", MY_DATABASE, table);
        return SQLITE_ERROR;
    }
    r.table = exact;
    char *copy = sqlite3_mprintf("%s", spec);
    record *recs = NULL;
    int n = copy ? split(copy, &recs) : -1;
    if (n < 0) {
        sqlite3_free(copy);
        sqlite3_free(exact);
        sqlite3_result_error_nomem(ctx);
        return SQLITE_NOMEM;
    }
    int saved_write = s->stmt_is_write, saved_ignore = s->stmt_ignore;
    s->stmt_is_write = 1;
    s->stmt_ignore = 0;
    s->stmt_altering = 1;
    int rc = exec(&r, MY_CATALOG_DDL "SAVEPOINT my_alter");
    if (rc == SQLITE_OK) {
        rc = apply(&r, recs, n);
        if (rc != SQLITE_OK)
            sqlite3_exec(r.db, "ROLLBACK TO my_alter", NULL, NULL, NULL);
        sqlite3_exec(r.db, "RELEASE my_alter", NULL, NULL, NULL);
    }
    s->stmt_is_write = saved_write;
    s->stmt_ignore = saved_ignore;
    s->stmt_altering = 0;
    s->epoch++;
    if (r.opened)
        lw_alter_close(&r.a);
    if (rc == SQLITE_OK)
        sqlite3_result_int(ctx, 0);
    else if (!r.error)
        sqlite3_result_error_code(ctx, rc);
    sqlite3_free(recs);
    sqlite3_free(copy);
    sqlite3_free(r.table);
    return rc;
}

/* ---- CREATE TABLE ... LIKE ---------------------------------------------------------------------
 */

/* text with every occurrence of from replaced by to (sqlite3_free). */
static char *replaced(const char *text, const char *from, const char *to)
{
    lw_sqlbuf b = {0};
    lw_sqlbuf_append(&b, "", 0);
    size_t n = strlen(from);
    for (const char *p = text; *p;) {
        const char *hit = n ? strstr(p, from) : NULL;
        if (!hit) {
            lw_sqlbuf_appends(&b, p);
            break;
        }
        lw_sqlbuf_append(&b, p, (size_t)(hit - p));
        lw_sqlbuf_appends(&b, to);
        p = hit + n;
    }
    return lw_sqlbuf_finish(&b);
}

/* The definition of source as the table called table: its columns, keys, checks and
 * options, no foreign keys (MariaDB's LIKE copies none); AUTO_INCREMENT defaults and
 * the column checks' names follow the name. */
static char *like_sql(sqlite3 *db, const char *table, const char *source, int *rc)
{
    lw_table_model m;
    *rc = lw_tm_load(db, source, &m);
    if (*rc != LW_TM_OK) {
        lw_tm_free(&m);
        return NULL;
    }
    char *old_auto = sqlite3_mprintf("my_autoinc('%q'", source);
    char *new_auto = sqlite3_mprintf("my_autoinc('%q'", table);
    char *old_check = sqlite3_mprintf("%s.", source);
    for (int i = 0; i < m.n_cols && old_auto && new_auto && old_check; i++) {
        lw_tm_column *c = &m.cols[i];
        for (int k = c->n_clauses - 1; k >= 0; k--) {
            lw_tm_clause *cl = &c->clauses[k];
            if (cl->kind == LW_TM_FOREIGN_KEY) {
                lw_tm_remove_clause(&m, c, k);
                continue;
            }
            char *body = cl->kind == LW_TM_DEFAULT && strstr(cl->body, old_auto)
                             ? replaced(cl->body, old_auto, new_auto)
                             : NULL;
            if (cl->name && !strncmp(cl->name, old_check, strlen(old_check))) {
                char *named = sqlite3_mprintf("CONSTRAINT \"%w.%w\" %s", table,
                                              cl->name + strlen(old_check), cl->body);
                sqlite3_free(body);
                body = named;
            }
            if (!body)
                continue;
            lw_tm_clause fresh;
            if (lw_tm_parse_clause(body, 0, &fresh) == LW_TM_OK) {
                lw_tm_remove_clause(&m, c, k);
                lw_tm_add_clause(&m, c, &fresh);
                lw_tm_clause_free(&fresh);
            }
            sqlite3_free(body);
        }
    }
    for (int k = m.n_cons - 1; k >= 0; k--)
        if (m.cons[k].kind == LW_TM_FOREIGN_KEY)
            lw_tm_remove_clause(&m, NULL, k);
    char *sql = m.oom ? NULL : lw_tm_render(&m, table);
    sqlite3_free(old_auto);
    sqlite3_free(new_auto);
    sqlite3_free(old_check);
    lw_tm_free(&m);
    *rc = sql ? SQLITE_OK : SQLITE_NOMEM;
    return sql;
}

void my_create_like_apply(sqlite3_context *ctx, my_session *s, const char *table,
                          const char *source, int if_not_exists)
{
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    run r;
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    r.db = db;
    r.s = s;
    char *exact = lw_catalog_text(db,
                                  "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = "
                                  "?1 COLLATE NOCASE",
                                  source, NULL);
    if (!exact) {
        my_error(ctx, 1146, "Table '%s.%s' doesn't exist", MY_DATABASE, source);
        return;
    }
    if (table_exists(db, table)) {
        sqlite3_free(exact);
        if (if_not_exists) {
            my_warn(s, LW_LEVEL_NOTE, 1050, "Table '%s' already exists", table);
            sqlite3_result_int(ctx, 0);
        } else {
            my_error(ctx, 1050, "Table '%s' already exists", table);
        }
        return;
    }
    int rc = SQLITE_OK;
    char *create = like_sql(db, table, exact, &rc);
    lw_sqlbuf sql = {0};
    lw_sqlbuf_appends(&sql, MY_CATALOG_DDL);
    lw_sqlbuf_appendf(&sql, "%s; ", create ? create : "");
    /* Its indexes and ON UPDATE trigger, named after it. */
    lw_schema_object *objs = NULL;
    int n = 0;
    if (create && lw_schema_objects(db, exact, &objs, &n) == SQLITE_OK) {
        char *qold = sqlite3_mprintf("\"%w", exact), *qnew = sqlite3_mprintf("\"%w", table);
        for (int k = 0; k < n && qold && qnew; k++) {
            char *made = replaced(objs[k].sql, qold, qnew);
            lw_sqlbuf_appendf(&sql, "%s; ", made ? made : "");
            if (!made)
                sql.oom = 1;
            sqlite3_free(made);
        }
        sqlite3_free(qold);
        sqlite3_free(qnew);
        lw_schema_objects_free(objs, n);
    }
    lw_sqlbuf_appendf(
        &sql,
        "INSERT INTO _lw_mysql_tables SELECT %Q, engine, collation, comment, 1, row_format FROM "
        "_lw_mysql_tables WHERE name = %Q; INSERT INTO _lw_mysql_columns SELECT %Q, column_name, "
        "ordinal, data_type, column_type, charset, collation, members, extra, comment, "
        "default_text, is_nullable FROM _lw_mysql_columns WHERE table_name = %Q; INSERT INTO "
        "_lw_mysql_constraints SELECT %Q, CASE WHEN substr(name, 1, length(%Q) + 1) = %Q || '.' "
        "THEN %Q || substr(name, length(%Q) + 1) ELSE name END, kind, columns, definition, "
        "ref_table, ref_columns, on_delete, on_update FROM _lw_mysql_constraints WHERE table_name "
        "= %Q AND kind <> 'FOREIGN KEY'; ",
        table, exact, table, exact, table, exact, exact, table, exact, exact);
    /* The key InnoDB made for a foreign key that no key starts with stays a key of the
     * copy, which has no foreign key. */
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT f.name, f.columns FROM _lw_mysql_constraints f WHERE "
                           "f.table_name = ?1 AND f.kind = 'FOREIGN KEY' AND NOT EXISTS (SELECT 1 "
                           "FROM _lw_mysql_constraints o WHERE o.table_name = ?1 AND o.kind IN "
                           "('PRIMARY KEY', 'UNIQUE', 'KEY') AND ',' || lower(o.columns) || ',' "
                           "LIKE ',' || lower(f.columns) || ',%') ORDER BY f.rowid",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, exact, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *key = (const char *)sqlite3_column_text(st, 0);
            const char *cols = (const char *)sqlite3_column_text(st, 1);
            lw_sqlbuf_appendf(&sql, "CREATE INDEX \"%w.%w\" ON \"%w\" (", table, key, table);
            for (const char *p = cols ? cols : ""; *p;) {
                size_t len = strcspn(p, ",");
                char *one = sqlite3_mprintf("%.*s", (int)len, p);
                lw_sqlbuf_appendf(&sql, "%s\"%w\"", p == cols ? "" : ", ", one ? one : "");
                sqlite3_free(one);
                p += len;
                if (*p == ',')
                    p++;
            }
            lw_sqlbuf_appendf(&sql,
                              "); INSERT INTO _lw_mysql_constraints (table_name, name, kind, "
                              "columns) VALUES (%Q, %Q, 'KEY', %Q); ",
                              table, key, cols);
        }
    }
    sqlite3_finalize(st);
    if (!create || sql.oom)
        rc = oom(&r);
    else
        rc = exec(&r, "SAVEPOINT my_like");
    if (rc == SQLITE_OK) {
        rc = exec(&r, sql.s);
        sqlite3_exec(db,
                     rc == SQLITE_OK ? "RELEASE my_like" : "ROLLBACK TO my_like; RELEASE my_like",
                     NULL, NULL, NULL);
    }
    s->epoch++;
    if (rc == SQLITE_OK)
        sqlite3_result_int(ctx, 0);
    lw_sqlbuf_free(&sql);
    sqlite3_free(create);
    sqlite3_free(exact);
}
