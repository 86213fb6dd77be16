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
#include <stdlib.h>
#include <string.h>

#include "core/lexer.h"
#include "core/sqlbuf.h"
#include "dialect/ddl.h"
#include "dialect/postgresql/catalog.h"
#include "dialect/postgresql/runtime.h"

#define PUBLIC_OID 2200
#define FIRST_OID 16384

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

/* ---- Rows ----------------------------------------------------------------------------------- */

typedef struct cell {
    int type; /* SQLITE_INTEGER, SQLITE_TEXT or SQLITE_NULL */
    sqlite3_int64 i;
    char *s;
} cell;

typedef struct rowset {
    cell *cells;
    int n_cols;
    int n, cap; /* cells */
    int oom;
} rowset;

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

static void rowset_free(rowset *rs)
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

static const lw_dialect_rules *rules(void)
{
    return lw_dialect_postgresql.rules;
}

/* The PostgreSQL type of a declared type: its kind and modifiers. */
static lw_kind kind_of(const char *declared, lw_sql_type *ty)
{
    if (lw_ddl_type_of_declared(rules(), declared ? declared : "", ty))
        return ty->kind = LW_K_UNKNOWN;
    return ty->kind;
}

static const char *data_type(lw_kind k)
{
    const char *name = k < LW_K_COUNT ? rules()->kinds[k].name : NULL;
    return name;
}

static const char *udt_name(lw_kind k)
{
    switch (k) {
    case LW_K_INT2:
        return "int2";
    case LW_K_INT4:
        return "int4";
    case LW_K_INT8:
        return "int8";
    case LW_K_NUMERIC:
        return "numeric";
    case LW_K_FLOAT:
        return "float8";
    case LW_K_TEXT:
        return "text";
    case LW_K_VARCHAR:
        return "varchar";
    case LW_K_BPCHAR:
        return "bpchar";
    case LW_K_BOOL:
        return "bool";
    case LW_K_BYTEA:
        return "bytea";
    case LW_K_JSON:
        return "json";
    case LW_K_JSONB:
        return "jsonb";
    case LW_K_UUID:
        return "uuid";
    case LW_K_DATE:
        return "date";
    case LW_K_TIMESTAMP:
        return "timestamp";
    case LW_K_TIMESTAMPTZ:
        return "timestamptz";
    default:
        return NULL;
    }
}

/* format_type's name of a kind, without modifiers (a cast's type in a default). */
static const char *cast_type_name(lw_kind k)
{
    return k == LW_K_BPCHAR ? "bpchar" : data_type(k) ? data_type(k) : "text";
}

/* quote_ident: bare when the name is lower-case letters, digits, _ and $ and no
 * keyword PostgreSQL reserves for names. */
static char *quote_ident(const char *name)
{
    static const char *const keywords[] = {"all",
                                           "analyse",
                                           "analyze",
                                           "and",
                                           "any",
                                           "array",
                                           "as",
                                           "asc",
                                           "between",
                                           "bigint",
                                           "bit",
                                           "boolean",
                                           "both",
                                           "case",
                                           "cast",
                                           "char",
                                           "character",
                                           "check",
                                           "coalesce",
                                           "collate",
                                           "column",
                                           "constraint",
                                           "create",
                                           "cross",
                                           "current_date",
                                           "current_time",
                                           "current_timestamp",
                                           "current_user",
                                           "dec",
                                           "decimal",
                                           "default",
                                           "deferrable",
                                           "desc",
                                           "distinct",
                                           "do",
                                           "else",
                                           "end",
                                           "except",
                                           "exists",
                                           "extract",
                                           "false",
                                           "fetch",
                                           "float",
                                           "for",
                                           "foreign",
                                           "from",
                                           "full",
                                           "grant",
                                           "greatest",
                                           "group",
                                           "having",
                                           "ilike",
                                           "in",
                                           "initially",
                                           "inner",
                                           "int",
                                           "integer",
                                           "intersect",
                                           "interval",
                                           "into",
                                           "is",
                                           "isnull",
                                           "join",
                                           "lateral",
                                           "leading",
                                           "least",
                                           "left",
                                           "like",
                                           "limit",
                                           "localtime",
                                           "localtimestamp",
                                           "natural",
                                           "nchar",
                                           "none",
                                           "not",
                                           "notnull",
                                           "null",
                                           "nullif",
                                           "numeric",
                                           "offset",
                                           "on",
                                           "only",
                                           "or",
                                           "order",
                                           "outer",
                                           "overlaps",
                                           "overlay",
                                           "placing",
                                           "position",
                                           "precision",
                                           "primary",
                                           "real",
                                           "references",
                                           "returning",
                                           "right",
                                           "row",
                                           "select",
                                           "session_user",
                                           "setof",
                                           "similar",
                                           "smallint",
                                           "some",
                                           "substring",
                                           "symmetric",
                                           "table",
                                           "tablesample",
                                           "then",
                                           "time",
                                           "timestamp",
                                           "to",
                                           "trailing",
                                           "treat",
                                           "trim",
                                           "true",
                                           "union",
                                           "unique",
                                           "user",
                                           "using",
                                           "values",
                                           "varchar",
                                           "variadic",
                                           "verbose",
                                           "when",
                                           "where",
                                           "window",
                                           "with",
                                           NULL};
    int plain = name[0] && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
    for (const char *p = name; *p && plain; p++)
        plain = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '$';
    for (const char *const *k = keywords; *k && plain; k++)
        plain = strcmp(*k, name) != 0;
    return plain ? sqlite3_mprintf("%s", name) : sqlite3_mprintf("\"%w\"", name);
}

/* ---- Expressions as pg_get_expr shows them ----------------------------------------------------
 */

typedef struct expr_reader {
    const char *sql;
    const lw_token *tk;
    size_t *at;
    size_t n, p;
    const lw_table_model *m;
    int failed;
} expr_reader;

static const lw_token *et(const expr_reader *r, size_t k)
{
    return r->p + k < r->n ? &r->tk[r->at[r->p + k]] : NULL;
}

static int e_word(const expr_reader *r, size_t k, const char *w)
{
    const lw_token *t = et(r, k);
    return t && lw_token_is_word(r->sql, t, w);
}

static int e_op(const expr_reader *r, const char *op)
{
    const lw_token *t = et(r, 0);
    return t && t->type == LW_TK_OPERATOR && t->length == strlen(op) &&
           memcmp(r->sql + t->offset, op, t->length) == 0;
}

/* An operand: its text and kind (LW_K_UNKNOWN_LITERAL for a string). */
typedef struct operand {
    char *text;
    lw_kind kind;
    int column;
} operand;

static operand e_or(expr_reader *r);

static operand e_primary(expr_reader *r)
{
    operand o = {NULL, LW_K_UNKNOWN, 0};
    const lw_token *t = et(r, 0);
    if (!t) {
        r->failed = 1;
        return o;
    }
    if (t->type == LW_TK_LPAREN) {
        r->p++;
        o = e_or(r);
        if (!et(r, 0) || et(r, 0)->type != LW_TK_RPAREN)
            r->failed = 1;
        r->p++;
        return o;
    }
    if (t->type == LW_TK_STRING) {
        o.text = sqlite3_mprintf("%.*s", (int)t->length, r->sql + t->offset);
        o.kind = LW_K_UNKNOWN_LITERAL;
        r->p++;
        return o;
    }
    if (t->type == LW_TK_NUMBER) {
        o.text = sqlite3_mprintf("%.*s", (int)t->length, r->sql + t->offset);
        o.kind = LW_K_INT4;
        r->p++;
        return o;
    }
    if (e_word(r, 0, "true") || e_word(r, 0, "false") || e_word(r, 0, "null")) {
        o.text = sqlite3_mprintf("%s", e_word(r, 0, "true")    ? "true"
                                       : e_word(r, 0, "false") ? "false"
                                                               : "NULL");
        o.kind = e_word(r, 0, "null") ? LW_K_NULL : LW_K_BOOL;
        r->p++;
        return o;
    }
    if (t->type == LW_TK_WORD || t->type == LW_TK_QIDENT) {
        char *name = t->type == LW_TK_QIDENT
                         ? sqlite3_mprintf("%.*s", (int)t->length - 2, r->sql + t->offset + 1)
                         : sqlite3_mprintf("%.*s", (int)t->length, r->sql + t->offset);
        int i = name ? lw_tm_column_index(r->m, name) : -1;
        r->p++;
        if (i < 0 || (et(r, 0) && et(r, 0)->type == LW_TK_LPAREN)) {
            sqlite3_free(name);
            r->failed = 1;
            return o;
        }
        lw_sql_type ty;
        o.kind = kind_of(r->m->cols[i].type, &ty);
        o.text = quote_ident(r->m->cols[i].name);
        o.column = 1;
        sqlite3_free(name);
        return o;
    }
    r->failed = 1;
    return o;
}

/* A column compared with a string: PostgreSQL resolves varchar = unknown as text = text
 * (the column shown (c)::text), and types the string as the column's type. */
static void compare_types(operand *col, operand *lit)
{
    if (!col->column || lit->kind != LW_K_UNKNOWN_LITERAL || !col->text || !lit->text)
        return;
    char *typed;
    if (col->kind == LW_K_VARCHAR) {
        char *wrapped = sqlite3_mprintf("(%s)::text", col->text);
        sqlite3_free(col->text);
        col->text = wrapped;
        typed = sqlite3_mprintf("%s::text", lit->text);
    } else {
        typed = sqlite3_mprintf("%s::%s", lit->text, cast_type_name(col->kind));
    }
    sqlite3_free(lit->text);
    lit->text = typed;
}

static operand e_comparison(expr_reader *r)
{
    operand left = e_primary(r);
    if (r->failed)
        return left;
    if (e_word(r, 0, "is")) {
        int not = e_word(r, 1, "not");
        if (!e_word(r, not ? 2 : 1, "null")) {
            r->failed = 1;
            return left;
        }
        r->p += not ? 3 : 2;
        char *text = sqlite3_mprintf("(%s IS %sNULL)", left.text, not ? "NOT " : "");
        sqlite3_free(left.text);
        left.text = text;
        left.kind = LW_K_BOOL;
        left.column = 0;
        return left;
    }
    static const char *const ops[] = {"=", "==", "<>", "!=", "<", ">", "<=", ">=", NULL};
    for (const char *const *op = ops; *op; op++) {
        if (!e_op(r, *op))
            continue;
        r->p++;
        operand right = e_primary(r);
        compare_types(&left, &right);
        compare_types(&right, &left);
        const char *shown = !strcmp(*op, "==") ? "=" : !strcmp(*op, "!=") ? "<>" : *op;
        char *text = sqlite3_mprintf("(%s %s %s)", left.text, shown, right.text);
        sqlite3_free(left.text);
        sqlite3_free(right.text);
        left.text = text;
        left.kind = LW_K_BOOL;
        left.column = 0;
        return left;
    }
    return left;
}

static operand e_not(expr_reader *r)
{
    if (e_word(r, 0, "not")) {
        r->p++;
        operand o = e_not(r);
        char *text = sqlite3_mprintf("(NOT %s)", o.text);
        sqlite3_free(o.text);
        o.text = text;
        o.kind = LW_K_BOOL;
        o.column = 0;
        return o;
    }
    return e_comparison(r);
}

static operand e_and(expr_reader *r)
{
    operand left = e_not(r);
    while (!r->failed && e_word(r, 0, "and")) {
        r->p++;
        operand right = e_not(r);
        char *text = sqlite3_mprintf("(%s AND %s)", left.text, right.text);
        sqlite3_free(left.text);
        sqlite3_free(right.text);
        left.text = text;
        left.column = 0;
    }
    return left;
}

static operand e_or(expr_reader *r)
{
    operand left = e_and(r);
    while (!r->failed && e_word(r, 0, "or")) {
        r->p++;
        operand right = e_and(r);
        char *text = sqlite3_mprintf("(%s OR %s)", left.text, right.text);
        sqlite3_free(left.text);
        sqlite3_free(right.text);
        left.text = text;
        left.column = 0;
    }
    return left;
}

/* The predicate sql of an index on table m as pg_get_expr shows it; SQLite's text in
 * parentheses for what the reader does not know. */
static char *deparse_predicate(const char *sql, const lw_table_model *m)
{
    lw_tokens toks = {0};
    lw_lex_error lerr = {NULL, 0};
    char *out = NULL;
    if (lw_lex(sql, strlen(sql), 0, &toks, &lerr) == 0) {
        expr_reader r = {sql, toks.items, NULL, 0, 0, m, 0};
        r.at = sqlite3_malloc64((toks.len ? toks.len : 1) * sizeof *r.at);
        for (size_t i = 0; r.at && i < toks.len; i++)
            if (!lw_token_is_blank(&toks.items[i]))
                r.at[r.n++] = i;
        if (r.at) {
            operand o = e_or(&r);
            if (!r.failed && r.p == r.n && o.text) {
                /* A bare column is shown as itself, an operator already in parentheses. */
                out = o.text[0] == '(' ? sqlite3_mprintf("%s", o.text)
                                       : sqlite3_mprintf("(%s)", o.text);
            }
            sqlite3_free(o.text);
        }
        sqlite3_free(r.at);
    }
    lw_tokens_free(&toks);
    return out ? out : sqlite3_mprintf("(%s)", sql);
}

/* A column's default as information_schema.columns.column_default shows it. */
static char *deparse_default(const char *expr, lw_kind kind)
{
    lw_tokens toks = {0};
    lw_lex_error lerr = {NULL, 0};
    char *out = NULL;
    if (lw_lex(expr, strlen(expr), 0, &toks, &lerr) == 0) {
        const lw_token *t[4] = {0};
        size_t n = 0;
        for (size_t i = 0; i < toks.len; i++)
            if (!lw_token_is_blank(&toks.items[i])) {
                if (n < 4)
                    t[n] = &toks.items[i];
                n++;
            }
        int number_kind = lw_is_int_kind(kind) || kind == LW_K_NUMERIC || kind == LW_K_FLOAT ||
                          kind == LW_K_SERIAL2 || kind == LW_K_SERIAL4 || kind == LW_K_SERIAL8;
        const char *text = n ? expr + t[0]->offset : "";
        if (n == 1 && t[0]->type == LW_TK_NUMBER) {
            out = sqlite3_mprintf("%.*s", (int)t[0]->length, text);
        } else if (n == 2 && t[0]->type == LW_TK_OPERATOR && expr[t[0]->offset] == '-' &&
                   t[1]->type == LW_TK_NUMBER) {
            out = sqlite3_mprintf("'-%.*s'::%s", (int)t[1]->length, expr + t[1]->offset,
                                  cast_type_name(kind));
        } else if (n == 1 && t[0]->type == LW_TK_STRING) {
            if (number_kind) {
                char *v = sqlite3_mprintf("%.*s", (int)t[0]->length - 2, text + 1);
                char *end = NULL;
                if (v)
                    strtod(v, &end);
                out = v && end && !*end && *v ? sqlite3_mprintf("%s", v)
                                              : sqlite3_mprintf("%.*s::%s", (int)t[0]->length, text,
                                                                cast_type_name(kind));
                sqlite3_free(v);
            } else {
                out = sqlite3_mprintf("%.*s::%s", (int)t[0]->length, text, cast_type_name(kind));
            }
        } else if (n == 1 && (lw_token_is_word(expr, t[0], "true") ||
                              lw_token_is_word(expr, t[0], "false"))) {
            out = sqlite3_mprintf("%s", lw_token_is_word(expr, t[0], "true") ? "true" : "false");
        } else if (n == 1 && lw_token_is_word(expr, t[0], "null")) {
            out = NULL;
        } else if (n == 4 &&
                   (lw_token_is_word(expr, t[0], "pg_serial_nextval") ||
                    lw_token_is_word(expr, t[0], "nextval")) &&
                   t[1]->type == LW_TK_LPAREN && t[2]->type == LW_TK_STRING &&
                   t[3]->type == LW_TK_RPAREN) {
            out =
                sqlite3_mprintf("nextval(%.*s::regclass)", (int)t[2]->length, expr + t[2]->offset);
        } else {
            out = sqlite3_mprintf("%s", expr);
        }
    }
    lw_tokens_free(&toks);
    return out;
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

static int fill_tables(sqlite3 *db, rowset *rs)
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

static int fill_views(sqlite3 *db, rowset *rs)
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
        lw_kind k = kind_of(c->type, &ty);
        const lw_tm_clause *def = lw_tm_column_clause(c, LW_TM_DEFAULT);
        const char *type = data_type(k);
        put_owned(rs, catalog_name(db));
        put_text(rs, "public");
        put_text(rs, name);
        put_text(rs, c->name);
        put_int(rs, attnums[i]);
        put_owned(rs, def && def->expr ? deparse_default(def->expr, k) : NULL);
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
        /* datetime_precision */
        if (k == LW_K_DATE)
            put_int(rs, 0);
        else if (k == LW_K_TIMESTAMP || k == LW_K_TIMESTAMPTZ)
            put_int(rs, 6);
        else
            put_null(rs);
        const lw_tm_clause *coll = lw_tm_column_clause(c, LW_TM_COLLATE);
        put_text(rs, coll && lw_is_text_kind(k) && sqlite3_stricmp(coll->expr, "BINARY")
                         ? coll->expr
                     : coll && lw_is_text_kind(k) ? "C"
                                                  : NULL);
        put_owned(rs, catalog_name(db));
        put_text(rs, "pg_catalog");
        put_text(rs, udt_name(k) ? udt_name(k) : c->type);
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

static int fill_columns(sqlite3 *db, rowset *rs)
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

static int fill_table_constraints(sqlite3 *db, rowset *rs)
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

static int fill_key_column_usage(sqlite3 *db, rowset *rs)
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

static int fill_referential_constraints(sqlite3 *db, rowset *rs)
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

static int fill_constraint_column_usage(sqlite3 *db, rowset *rs)
{
    return each_constraint(db, rs, constraint_column_rows);
}

/* information_schema.sequences */
static int fill_sequences(sqlite3 *db, rowset *rs)
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

/* pg_get_indexdef of a constraint's index. */
static char *key_index_def(const char *table, const char *name, const lw_tm_constraint *c)
{
    lw_sqlbuf b = {0};
    char *qn = quote_ident(name), *qt = quote_ident(table);
    lw_sqlbuf_appendf(&b, "CREATE UNIQUE INDEX %s ON public.%s USING btree (", qn, qt);
    for (int k = 0; k < c->n_cols; k++) {
        char *q = quote_ident(c->cols[k]);
        lw_sqlbuf_appendf(&b, "%s%s", k ? ", " : "", q);
        sqlite3_free(q);
    }
    lw_sqlbuf_append(&b, ")", 1);
    sqlite3_free(qn);
    sqlite3_free(qt);
    return lw_sqlbuf_finish(&b);
}

/* pg_get_indexdef of an index SQLite keeps as CREATE INDEX sql: the key columns with
 * the operator class a comment after the column records (the rewriter writes CREATE
 * INDEX ... (c varchar_pattern_ops) with the class in a block comment after c), DESC,
 * and the predicate. */
static char *index_def(const char *name, const char *table, const char *sql,
                       const lw_table_model *m)
{
    lw_tokens toks = {0};
    lw_lex_error lerr = {NULL, 0};
    if (lw_lex(sql, strlen(sql), 0, &toks, &lerr)) {
        lw_tokens_free(&toks);
        return NULL;
    }
    lw_sqlbuf b = {0};
    char *qn = quote_ident(name), *qt = quote_ident(table);
    int unique = 0;
    size_t i = 0;
    for (; i < toks.len && toks.items[i].type != LW_TK_LPAREN; i++)
        unique |= lw_token_is_word(sql, &toks.items[i], "unique");
    lw_sqlbuf_appendf(&b, "CREATE %sINDEX %s ON public.%s USING btree (", unique ? "UNIQUE " : "",
                      qn, qt);
    int level = 0, first = 1;
    size_t item_start = i + 1;
    for (; i < toks.len; i++) {
        const lw_token *t = &toks.items[i];
        if (t->type == LW_TK_LPAREN && level++ == 0)
            continue;
        int end_item =
            (t->type == LW_TK_COMMA && level == 1) || (t->type == LW_TK_RPAREN && level == 1);
        if (t->type == LW_TK_RPAREN)
            level--;
        if (!end_item)
            continue;
        /* The item: a column (quoted or not), an opclass comment, DESC, COLLATE. */
        char *col = NULL, *opclass = NULL;
        int desc = 0, other = 0;
        for (size_t k = item_start; k < i; k++) {
            const lw_token *u = &toks.items[k];
            if (u->type == LW_TK_SPACE)
                continue;
            if (u->type == LW_TK_COMMENT && u->length > 4 && sql[u->offset] == '/') {
                sqlite3_free(opclass);
                opclass = sqlite3_mprintf("%.*s", (int)u->length - 4, sql + u->offset + 2);
            } else if (lw_token_is_word(sql, u, "desc")) {
                desc = 1;
            } else if (lw_token_is_word(sql, u, "asc")) {
            } else if (!col && (u->type == LW_TK_WORD || u->type == LW_TK_QIDENT)) {
                col = u->type == LW_TK_QIDENT
                          ? sqlite3_mprintf("%.*s", (int)u->length - 2, sql + u->offset + 1)
                          : sqlite3_mprintf("%.*s", (int)u->length, sql + u->offset);
            } else {
                other = 1;
            }
        }
        lw_sqlbuf_appends(&b, first ? "" : ", ");
        first = 0;
        if (col && !other) {
            char *q = quote_ident(col);
            lw_sqlbuf_appends(&b, q);
            sqlite3_free(q);
        } else {
            const lw_token *a = &toks.items[item_start], *z = &toks.items[i - 1];
            lw_sqlbuf_appendf(&b, "%.*s", (int)(z->offset + z->length - a->offset),
                              sql + a->offset);
        }
        if (opclass)
            lw_sqlbuf_appendf(&b, " %s", opclass);
        if (desc)
            lw_sqlbuf_appends(&b, " DESC");
        sqlite3_free(col);
        sqlite3_free(opclass);
        item_start = i + 1;
        if (t->type == LW_TK_RPAREN && level == 0)
            break;
    }
    lw_sqlbuf_append(&b, ")", 1);
    /* WHERE predicate */
    for (i++; i < toks.len; i++)
        if (lw_token_is_word(sql, &toks.items[i], "where")) {
            char *pred = deparse_predicate(sql + toks.items[i].offset + 5, m);
            lw_sqlbuf_appendf(&b, " WHERE %s", pred ? pred : "");
            sqlite3_free(pred);
            break;
        }
    sqlite3_free(qn);
    sqlite3_free(qt);
    lw_tokens_free(&toks);
    return lw_sqlbuf_finish(&b);
}

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
            fn(rs, db, table, name, key_index_def(table, name, &cons[i]), oid * 1000 + i);
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
               index_def(name, table, (const char *)sqlite3_column_text(stmt, 1), &m),
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

static int fill_pg_indexes(sqlite3 *db, rowset *rs)
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

static int fill_pg_class(sqlite3 *db, rowset *rs)
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
     fill_tables},
    {"information_schema.views",
     "CREATE TABLE x(" IS_CATALOG ", view_definition, check_option, is_updatable, "
     "is_insertable_into)",
     7, fill_views},
    {"information_schema.columns",
     "CREATE TABLE x(" IS_CATALOG ", column_name, ordinal_position INTEGER, column_default, "
     "is_nullable, data_type, character_maximum_length INTEGER, character_octet_length INTEGER, "
     "numeric_precision INTEGER, numeric_precision_radix INTEGER, numeric_scale INTEGER, "
     "datetime_precision INTEGER, collation_name, udt_catalog, udt_schema, udt_name, is_identity, "
     "identity_generation, is_generated, generation_expression, is_updatable)",
     23, fill_columns},
    {"information_schema.table_constraints",
     "CREATE TABLE x(constraint_catalog, constraint_schema, constraint_name, " IS_CATALOG
     ", constraint_type, is_deferrable, initially_deferred, enforced, nulls_distinct)",
     11, fill_table_constraints},
    {"information_schema.key_column_usage",
     "CREATE TABLE x(constraint_catalog, constraint_schema, constraint_name, " IS_CATALOG
     ", column_name, ordinal_position INTEGER, position_in_unique_constraint INTEGER)",
     9, fill_key_column_usage},
    {"information_schema.referential_constraints",
     "CREATE TABLE x(constraint_catalog, constraint_schema, constraint_name, "
     "unique_constraint_catalog, unique_constraint_schema, unique_constraint_name, match_option, "
     "update_rule, delete_rule)",
     9, fill_referential_constraints},
    {"information_schema.constraint_column_usage",
     "CREATE TABLE x(" IS_CATALOG ", column_name, constraint_catalog, constraint_schema, "
     "constraint_name)",
     7, fill_constraint_column_usage},
    {"information_schema.sequences",
     "CREATE TABLE x(sequence_catalog, sequence_schema, sequence_name, data_type, "
     "numeric_precision INTEGER, numeric_precision_radix INTEGER, numeric_scale INTEGER, "
     "start_value, minimum_value, maximum_value, increment, cycle_option)",
     12, fill_sequences},
    {"pg_catalog.pg_indexes",
     "CREATE TABLE x(schemaname, tablename, indexname, tablespace, indexdef)", 5, fill_pg_indexes},
    {"pg_catalog.pg_class",
     "CREATE TABLE x(oid INTEGER, relname, relnamespace INTEGER, relkind, relowner INTEGER, "
     "relpersistence, relnatts INTEGER)",
     7, fill_pg_class},
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
    rowset_free(&c->rows);
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
    rowset_free(&c->rows);
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
