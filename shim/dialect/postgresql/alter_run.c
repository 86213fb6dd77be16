/*
 * PostgreSQL's ALTER statements when they run (registered by runtime.c):
 *
 *   pg_alter_table(STATEMENT)   reads the ALTER TABLE statement again (alter.c) against
 *                               the schema as it is now and applies its actions through
 *                               the shared ALTER layer (dialect/alter.h): one rebuild of
 *                               the table for all of them, or SQLite's own RENAME and ADD
 *                               COLUMN; all or nothing (SAVEPOINT pg_alter)
 *   pg_alter_index(I, J, IF_EXISTS)   ALTER INDEX i RENAME TO j
 *
 * PostgreSQL's rules applied here: a new type is reached through the assignment cast
 * from the old one (or from the USING expression), and where PostgreSQL has none it is
 * 42804 "column "c" cannot be cast automatically to type t"; constraints get
 * PostgreSQL's names (t_pkey, t_a_key, t_a_fkey, t_a_check, t_check, a number added
 * when taken); a key over NULLs is 23502 "column "c" of relation "t" contains null
 * values", over duplicates 23505 "could not create unique index", a check the rows
 * break 23514, a foreign key they break 23503; dropping what other objects need is
 * 2BP01 without CASCADE; SET NOT NULL and ADD PRIMARY KEY check the rows first; a
 * primary key's columns are NOT NULL and stay so when it is dropped. The dialect's
 * records follow: sequences of SERIAL columns (created, dropped, renamed with their
 * column), dropped columns' attnums, the conversion and identity triggers.
 */
#include <string.h>

#include "dialect/alter.h"
#include "dialect/postgresql/alter.h"
#include "dialect/postgresql/catalog.h"
#include "dialect/postgresql/runtime.h"

#define PG_LEX_FLAGS (LW_LEX_NESTED_COMMENTS | LW_LEX_NO_BRACKET_IDENT)

/* A change to the dialect's records, made in the rebuild's savepoint. */
typedef struct catalog_op {
    enum { OP_DONE = 0, OP_SEQ_CREATE, OP_SEQ_DROP, OP_DROPPED_ATTNUM } kind;
    char *name, *type, *column;
    int attnum;
} catalog_op;

typedef struct run {
    sqlite3 *db;
    const lw_dialect_rules *rules;
    lw_alter a;
    const char *dropping; /* the column a DROP COLUMN drops (for the view message) */
    catalog_op *ops;
    int n_ops;
} run;

static int oom(lw_dialect_error *err)
{
    lw_dialect_error_set(err, "53200", 1037, "out of memory");
    return SQLITE_NOMEM;
}

static int fail(lw_dialect_error *err, const char *sqlstate, const char *fmt, const char *a,
                const char *b)
{
    lw_dialect_error_set(err, sqlstate, 0, fmt, a, b);
    return SQLITE_ERROR;
}

static int add_op(run *r, int kind, const char *name, const char *type, const char *column,
                  int attnum)
{
    catalog_op *grown = sqlite3_realloc64(r->ops, (size_t)(r->n_ops + 1) * sizeof *grown);
    if (!grown)
        return SQLITE_NOMEM;
    r->ops = grown;
    catalog_op *op = &grown[r->n_ops++];
    op->kind = kind;
    op->name = name ? sqlite3_mprintf("%s", name) : NULL;
    op->type = type ? sqlite3_mprintf("%s", type) : NULL;
    op->column = column ? sqlite3_mprintf("%s", column) : NULL;
    op->attnum = attnum;
    return (name && !op->name) || (type && !op->type) || (column && !op->column) ? SQLITE_NOMEM
                                                                                 : SQLITE_OK;
}

static void run_free(run *r)
{
    for (int i = 0; i < r->n_ops; i++) {
        sqlite3_free(r->ops[i].name);
        sqlite3_free(r->ops[i].type);
        sqlite3_free(r->ops[i].column);
    }
    sqlite3_free(r->ops);
    lw_alter_close(&r->a);
}

/* A message of err's taken over from a *err string (sqlite3_free). */
static int take_message(lw_dialect_error *err, int rc, char *msg)
{
    if (rc != SQLITE_OK) {
        sqlite3_free(err->message);
        err->message = msg ? msg : sqlite3_mprintf("%s", sqlite3_errstr(rc));
        err->sqlstate[0] = 0;
    } else {
        sqlite3_free(msg);
    }
    return rc;
}

/* ---- The rebuild's hooks ---------------------------------------------------------------- */

/* The constraint of the new definition (or index) over exactly the columns in SQLite's
 * "t.a, t.b" list. */
static char *unique_name(run *r, const char *list)
{
    lw_tm_constraint *cons = NULL;
    int n = lw_tm_constraints(&r->a.model, &cons);
    char *found = NULL;
    for (int i = 0; i < n && !found; i++) {
        if (cons[i].clause->kind != LW_TM_PRIMARY_KEY && cons[i].clause->kind != LW_TM_UNIQUE)
            continue;
        lw_sqlbuf b = {0};
        for (int k = 0; k < cons[i].n_cols; k++)
            lw_sqlbuf_appendf(&b, "%s%s.%s", k ? ", " : "", r->a.table, cons[i].cols[k]);
        if (b.s && sqlite3_stricmp(b.s, list) == 0)
            found = pg_constraint_name(&r->a.model, &cons[i]);
        lw_sqlbuf_free(&b);
    }
    sqlite3_free(cons);
    if (!found) {
        /* A unique index over them. */
        sqlite3_stmt *stmt = NULL;
        char *sql = sqlite3_mprintf(
            "SELECT il.name FROM pragma_index_list(%Q) il WHERE il.\"unique\" AND il.origin = 'c' "
            "AND (SELECT group_concat(%Q || '.' || name, ', ') FROM (SELECT name FROM "
            "pragma_index_info(il.name) ORDER BY seqno)) = %Q COLLATE NOCASE",
            r->a.table, r->a.table, list);
        if (sql && sqlite3_prepare_v2(r->db, sql, -1, &stmt, NULL) == SQLITE_OK &&
            sqlite3_step(stmt) == SQLITE_ROW)
            found = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 0));
        sqlite3_finalize(stmt);
        sqlite3_free(sql);
    }
    return found;
}

static int copy_error(void *arg, int code, const char *msg, lw_dialect_error *err)
{
    run *r = arg;
    (void)code;
    char sqlstate[6];
    const char *bare = lw_pg_split_error(msg, sqlstate);
    if (bare) {
        lw_dialect_error_set(err, sqlstate, 0, "%s", bare);
        return 1;
    }
    const char *p;
    if ((p = strstr(msg, "NOT NULL constraint failed: ")) != NULL) {
        const char *dot = strchr(p, '.');
        lw_dialect_error_set(err, "23502", 1138,
                             "column \"%s\" of relation \"%s\" contains null values",
                             dot ? dot + 1 : p, r->a.table);
        return 1;
    }
    if ((p = strstr(msg, "UNIQUE constraint failed: ")) != NULL) {
        /* The temporary table's name in the list is the table's. */
        lw_sqlbuf list = {0};
        for (const char *q = p + 26; *q;) {
            const char *dot = strchr(q, '.');
            if (!dot)
                break;
            const char *end = strstr(dot, ", ");
            size_t n = end ? (size_t)(end - dot - 1) : strlen(dot + 1);
            lw_sqlbuf_appendf(&list, "%s%s.%.*s", list.len ? ", " : "", r->a.table, (int)n,
                              dot + 1);
            q = end ? end + 2 : dot + 1 + n;
        }
        char *name = list.s ? unique_name(r, list.s) : NULL;
        lw_sqlbuf_free(&list);
        lw_dialect_error_set(err, "23505", 1062, "could not create unique index \"%s\"",
                             name ? name : "?");
        sqlite3_free(name);
        return 1;
    }
    if ((p = strstr(msg, "CHECK constraint failed: ")) != NULL) {
        lw_dialect_error_set(err, "23514", 3819,
                             "check constraint \"%s\" of relation \"%s\" is violated by some row",
                             p + 25, r->a.table);
        return 1;
    }
    return 0;
}

static int view_depends(void *arg, const char *view, lw_dialect_error *err)
{
    run *r = arg;
    if (r->dropping)
        lw_dialect_error_set(err, "2BP01", 3730,
                             "cannot drop column %s of table %s because other objects depend "
                             "on it",
                             r->dropping, r->a.table);
    else
        lw_dialect_error_set(err, "0A000", 1235,
                             "cannot alter table \"%s\" because view \"%s\" depends on it",
                             r->a.table, view);
    return SQLITE_CONSTRAINT;
}

static int foreign_key_broken(void *arg, const char *table, int fkid, const char *parent,
                              lw_dialect_error *err)
{
    run *r = arg;
    (void)parent;
    char *name = lw_pg_foreign_key_name(r->db, table, fkid);
    lw_dialect_error_set(err, "23503", 1452,
                         "insert or update on table \"%s\" violates foreign key constraint \"%s\"",
                         table, name ? name : "?");
    sqlite3_free(name);
    return 1;
}

static int catalog(void *arg, sqlite3 *db, lw_dialect_error *err)
{
    run *r = arg;
    int rc = SQLITE_OK;
    char *msg = NULL;
    for (int i = 0; i < r->n_ops && rc == SQLITE_OK; i++) {
        const catalog_op *op = &r->ops[i];
        switch (op->kind) {
        case OP_DONE: /* done before the copy */
            break;
        case OP_SEQ_CREATE:
            rc = lw_pg_seq_create_owned(db, op->name, op->type, r->a.table, op->column, &msg);
            break;
        case OP_SEQ_DROP:
            rc = lw_pg_seq_drop_owned(db, r->a.table, op->column, &msg);
            break;
        case OP_DROPPED_ATTNUM:
            rc = lw_pg_record_dropped(db, r->a.table, op->attnum, &msg);
            break;
        }
    }
    return take_message(err, rc, msg);
}

/* ---- Types ------------------------------------------------------------------------------- */

static lw_kind plain_kind(lw_kind k)
{
    return k == LW_K_SERIAL2   ? LW_K_INT2
           : k == LW_K_SERIAL4 ? LW_K_INT4
           : k == LW_K_SERIAL8 ? LW_K_INT8
                               : k;
}

static int is_number(lw_kind k)
{
    return lw_is_int_kind(k) || k == LW_K_NUMERIC || k == LW_K_FLOAT;
}

static int is_datetime(lw_kind k)
{
    return k == LW_K_DATE || k == LW_K_TIMESTAMP || k == LW_K_TIMESTAMPTZ;
}

/* Whether PostgreSQL has an assignment (or implicit) cast from kind `from` to `to`
 * (pg_cast's contexts a and i, and the I/O casts to the string types). */
static int assignable(lw_kind from, lw_kind to)
{
    from = plain_kind(from);
    to = plain_kind(to);
    return from == to || lw_is_text_kind(to) || (is_number(from) && is_number(to)) ||
           (is_datetime(from) && is_datetime(to)) ||
           ((from == LW_K_JSON || from == LW_K_JSONB) && (to == LW_K_JSON || to == LW_K_JSONB)) ||
           from == LW_K_UNKNOWN || from == LW_K_NULL || from == LW_K_UNKNOWN_LITERAL;
}

/* The assignment of expr (of kind from) to a column of type ty, as SQL. */
static char *conversion(lw_kind from, const lw_sql_type *ty, const char *expr)
{
    from = plain_kind(from);
    switch (plain_kind(ty->kind)) {
    case LW_K_INT2:
    case LW_K_INT4:
    case LW_K_INT8: {
        const char *bits = plain_kind(ty->kind) == LW_K_INT2   ? "int2"
                           : plain_kind(ty->kind) == LW_K_INT4 ? "int4"
                                                               : "int8";
        return sqlite3_mprintf("%s(%s, '%s')",
                               from == LW_K_NUMERIC ? "pg_cast_numeric"
                               : from == LW_K_UNKNOWN_LITERAL || lw_is_text_kind(from) ? "pg_assign"
                                                                                       : "pg_cast",
                               expr, bits);
    }
    case LW_K_NUMERIC:
        if (ty->mod1 >= 0)
            return sqlite3_mprintf("decimal(%s, %lld, %lld)", expr, ty->mod1,
                                   ty->mod2 >= 0 ? ty->mod2 : 0);
        return sqlite3_mprintf("decimal(%s)", expr);
    case LW_K_FLOAT:
        return sqlite3_mprintf("pg_cast(%s, 'float8')", expr);
    case LW_K_TEXT:
    case LW_K_VARCHAR:
    case LW_K_BPCHAR: {
        char *text;
        if (from == LW_K_BOOL)
            text = sqlite3_mprintf("(CASE WHEN (%s) IS NULL THEN NULL WHEN (%s) THEN 'true' ELSE "
                                   "'false' END)",
                                   expr, expr);
        else if (from == LW_K_BYTEA)
            text = sqlite3_mprintf("(CASE WHEN (%s) IS NULL THEN NULL ELSE '\\x' || lower(hex(%s)) "
                                   "END)",
                                   expr, expr);
        else
            text = sqlite3_mprintf("CAST(%s AS TEXT)", expr);
        if (!text || ty->kind == LW_K_TEXT || ty->mod1 < 0)
            return text;
        char *sized = sqlite3_mprintf("pg_assign(%s, '%s', %lld)", text,
                                      ty->kind == LW_K_VARCHAR ? "varchar" : "bpchar", ty->mod1);
        sqlite3_free(text);
        return sized;
    }
    case LW_K_DATE:
        return sqlite3_mprintf("pg_cast(%s, 'date')", expr);
    case LW_K_TIMESTAMP:
        return sqlite3_mprintf("pg_cast(%s, 'timestamp')", expr);
    case LW_K_TIMESTAMPTZ:
        return sqlite3_mprintf("pg_cast(%s, 'timestamptz')", expr);
    case LW_K_BOOL:
        return sqlite3_mprintf("pg_assign(%s, 'bool')", expr);
    case LW_K_JSON:
        return sqlite3_mprintf("pg_assign(%s, 'json')", expr);
    case LW_K_JSONB:
        return sqlite3_mprintf("pg_assign(%s, 'jsonb')", expr);
    case LW_K_UUID:
        return sqlite3_mprintf("pg_assign(%s, 'uuid')", expr);
    case LW_K_BYTEA:
        return sqlite3_mprintf("pg_assign(%s, 'bytea')", expr);
    default:
        return sqlite3_mprintf("%s", expr);
    }
}

/* The kind of the column the model declares, or LW_K_UNKNOWN. */
static lw_kind column_kind(const run *r, const lw_tm_column *c, lw_sql_type *ty)
{
    lw_sql_type local;
    if (!ty)
        ty = &local;
    if (lw_ddl_type_of_declared(r->rules, c->type, ty))
        return LW_K_UNKNOWN;
    return ty->kind;
}

/* PostgreSQL's name of the kind, for messages ("integer", "character varying(10)"). */
static char *type_name(const run *r, const lw_sql_type *ty)
{
    const char *name = r->rules->kinds[plain_kind(ty->kind)].name;
    if (!name)
        name = ty->name;
    if ((ty->kind == LW_K_VARCHAR || ty->kind == LW_K_BPCHAR) && ty->mod1 >= 0)
        return sqlite3_mprintf("%s(%lld)", name, ty->mod1);
    if (ty->kind == LW_K_NUMERIC && ty->mod1 >= 0)
        return sqlite3_mprintf("numeric(%lld,%lld)", ty->mod1, ty->mod2 >= 0 ? ty->mod2 : 0);
    return sqlite3_mprintf("%s", name);
}

/* A clause parsed from text onto column (NULL: the table). */
static int add_clause_text(run *r, lw_tm_column *column, const char *text)
{
    lw_tm_clause cl;
    int rc = text ? lw_tm_parse_clause(text, column == NULL, &cl) : LW_TM_ENOMEM;
    if (rc == LW_TM_OK)
        rc = lw_tm_add_clause(&r->a.model, column, &cl);
    lw_tm_clause_free(&cl);
    return rc == LW_TM_OK ? SQLITE_OK : rc == LW_TM_ENOMEM ? SQLITE_NOMEM : SQLITE_ERROR;
}

/* Removes the column's clauses of kind (unnamed only, when unnamed_only). */
static void remove_clauses(run *r, lw_tm_column *c, lw_tm_kind kind, int unnamed_only)
{
    for (int k = c->n_clauses - 1; k >= 0; k--)
        if (c->clauses[k].kind == kind && (!unnamed_only || !c->clauses[k].name))
            lw_tm_remove_clause(&r->a.model, c, k);
}

/* The column's type parts as the dialect's column table gives them: declared type,
 * the type's check and collation; the clauses of the old type go. */
static int set_column_type(run *r, lw_tm_column *c, const lw_sql_type *ty, const char *collate)
{
    lw_ddl_column parts;
    int rc = lw_ddl_column_parts(r->rules, ty, c->name, &parts);
    if (rc)
        return rc == LW_ENOMEM ? SQLITE_NOMEM : SQLITE_ERROR;
    /* A type's check is the only unnamed CHECK a column of the dialect has; an exact
     * numeric's collation is DECIMAL. */
    remove_clauses(r, c, LW_TM_CHECK, 1);
    for (int k = c->n_clauses - 1; k >= 0; k--)
        if (c->clauses[k].kind == LW_TM_COLLATE &&
            (collate || !lw_is_text_kind(plain_kind(ty->kind)) ||
             sqlite3_stricmp(c->clauses[k].expr, "DECIMAL") == 0))
            lw_tm_remove_clause(&r->a.model, c, k);
    /* INTEGER with a PRIMARY KEY would be SQLite's rowid, which ignores a DEFAULT (a
     * SERIAL's sequence): INT is the same type and no alias. */
    const char *declared = parts.declared;
    if (sqlite3_stricmp(declared, "INTEGER") == 0 && lw_tm_column_clause(c, LW_TM_DEFAULT))
        declared = "INT";
    rc = lw_tm_set_type(&r->a.model, c, declared) ? SQLITE_NOMEM : SQLITE_OK;
    /* The new clauses go first, where CREATE TABLE writes them. */
    lw_tm_clause *old = c->clauses;
    int n_old = c->n_clauses;
    c->clauses = NULL;
    c->n_clauses = 0;
    if (rc == SQLITE_OK && parts.check)
        rc = add_clause_text(r, c, parts.check);
    if (rc == SQLITE_OK && (parts.collate || collate)) {
        const char *name = collate ? collate : parts.collate;
        int binary = collate && (!strcmp(collate, "C") || !strcmp(collate, "POSIX"));
        char *text =
            binary ? sqlite3_mprintf("COLLATE BINARY") : sqlite3_mprintf("COLLATE \"%w\"", name);
        rc = add_clause_text(r, c, text);
        sqlite3_free(text);
    }
    for (int k = 0; k < n_old; k++) {
        if (rc == SQLITE_OK)
            rc = lw_tm_add_clause(&r->a.model, c, &old[k]) ? SQLITE_NOMEM : SQLITE_OK;
        lw_tm_clause_free(&old[k]);
    }
    sqlite3_free(old);
    lw_ddl_column_free(&parts);
    return rc;
}

/* ---- Names ---------------------------------------------------------------------------------- */

/* Whether name is taken by a constraint of the model or a relation of the schema. */
static int name_taken(run *r, const char *name, int relation)
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
static int relation_named(run *r, const char *name)
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
static int key_named(run *r, const char *name)
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
static char *choose_name(run *r, const lw_tm_names *cols, const char *suffix)
{
    lw_sqlbuf base = {0};
    lw_sqlbuf_appends(&base, r->a.table);
    for (int i = 0; cols && i < cols->n; i++)
        lw_sqlbuf_appendf(&base, "_%s", cols->v[i]);
    if (base.oom)
        return NULL;
    int relation = !strcmp(suffix, "key") || !strcmp(suffix, "pkey");
    char *name = sqlite3_mprintf("%s_%s", base.s, suffix);
    for (int k = 1; name && name_taken(r, name, relation); k++) {
        sqlite3_free(name);
        name = sqlite3_mprintf("%s_%s%d", base.s, suffix, k);
    }
    lw_sqlbuf_free(&base);
    return name;
}

/* A check's columns, for its name: PostgreSQL names it after its one column, or
 * <table>_check when it reads several or none. */
static void check_columns(const run *r, const char *expr, lw_tm_names *out)
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
static int find_column(run *r, const char *name)
{
    int i = lw_tm_column_index(&r->a.model, name);
    return i >= 0 && strcmp(r->a.model.cols[i].name, name) == 0 ? i : -1;
}

/* 0A000 for two names SQLite cannot keep apart, as CREATE TABLE refuses them. */
static int case_twin(run *r, const char *name, lw_dialect_error *err)
{
    int i = lw_tm_column_index(&r->a.model, name);
    if (i < 0 || strcmp(r->a.model.cols[i].name, name) == 0)
        return SQLITE_OK;
    return fail(err, "0A000",
                "a table with columns \"%s\" and \"%s\" (names that differ only in case) is not "
                "supported by the postgresql dialect",
                r->a.model.cols[i].name, name);
}

/* 0A000 when the table found is the one asked for in another case: SQLite matches
 * table names without regard to case, PostgreSQL exactly. */
static int table_twin(const char *found, const char *asked, lw_dialect_error *err)
{
    if (strcmp(found, asked) == 0)
        return SQLITE_OK;
    return fail(err, "0A000",
                "identifiers \"%s\" and \"%s\" that differ only in case are not supported by the "
                "postgresql dialect (SQLite matches names without regard to case)",
                asked, found);
}

static int has_primary_key(const run *r)
{
    for (int i = 0; i < r->a.model.n_cols; i++)
        if (lw_tm_column_clause(&r->a.model.cols[i], LW_TM_PRIMARY_KEY))
            return 1;
    for (int k = 0; k < r->a.model.n_cons; k++)
        if (r->a.model.cons[k].kind == LW_TM_PRIMARY_KEY)
            return 1;
    return 0;
}

static int in_primary_key(const run *r, int i)
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

static int set_not_null(run *r, int i)
{
    lw_tm_column *c = &r->a.model.cols[i];
    remove_clauses(r, c, LW_TM_NULL, 0);
    if (lw_tm_column_clause(c, LW_TM_NOT_NULL))
        return SQLITE_OK;
    r->a.rebuild = 1;
    return add_clause_text(r, c, "NOT NULL");
}

/* 23502 when the old rows hold NULL in column i (a column this statement adds has no
 * old rows: the copy checks it). */
static int check_no_nulls(run *r, int i, lw_dialect_error *err)
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
                   ? oom(err)
                   : take_message(err, rc, sqlite3_mprintf("%s", sqlite3_errmsg(r->db)));
    if (found)
        return fail(err, "23502", "column \"%s\" of relation \"%s\" contains null values",
                    r->a.model.cols[i].name, r->a.table);
    return SQLITE_OK;
}

/* The referenced table's key: the columns given must be a primary key or unique
 * constraint (or unique index) of it, in any order; none given: its primary key. */
static int check_referenced(run *r, pg_constraint *c, lw_dialect_error *err)
{
    lw_table_model pm;
    int self = sqlite3_stricmp(c->ref_table, r->a.table) == 0;
    int rc = self ? lw_tm_copy(&pm, &r->a.model) : lw_tm_load(r->db, c->ref_table, &pm);
    if (rc == LW_TM_ENOTFOUND) {
        lw_tm_free(&pm);
        return fail(err, "42P01", "relation \"%s\" does not exist", c->ref_table, NULL);
    }
    if (rc != LW_TM_OK) {
        lw_tm_free(&pm);
        return oom(err);
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
            return fail(err, "42830", "there is no primary key for referenced table \"%s\"",
                        c->ref_table, NULL);
        }
    }
    for (int k = 0; k < c->ref_cols.n; k++)
        if (lw_tm_column_index(&pm, c->ref_cols.v[k]) < 0) {
            sqlite3_free(cons);
            lw_tm_free(&pm);
            return fail(err, "42703",
                        "column \"%s\" referenced in foreign key constraint does not exist",
                        c->ref_cols.v[k], NULL);
        }
    if (c->ref_cols.n != c->cols.n) {
        sqlite3_free(cons);
        lw_tm_free(&pm);
        return fail(err, "42830",
                    "number of referencing and referenced columns for foreign key disagree", NULL,
                    NULL);
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
        return fail(err, "42830",
                    "there is no unique constraint matching given keys for referenced table \"%s\"",
                    c->ref_table, NULL);
    return SQLITE_OK;
}

/* The SQLite text of a foreign key's REFERENCES part. */
static void references_text(lw_sqlbuf *b, const pg_constraint *c)
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

static void column_list(lw_sqlbuf *b, const lw_tm_names *cols)
{
    lw_sqlbuf_append(b, "(", 1);
    for (int k = 0; k < cols->n; k++)
        lw_sqlbuf_appendf(b, "%s\"%w\"", k ? ", " : "", cols->v[k]);
    lw_sqlbuf_append(b, ")", 1);
}

/* A constraint's name: given (taken: 42710, or 42P07 for one with an index), or
 * PostgreSQL's. */
static char *constraint_name(run *r, pg_constraint *c, const lw_tm_names *cols,
                             lw_dialect_error *err)
{
    int keyed = c->kind == LW_TM_PRIMARY_KEY || c->kind == LW_TM_UNIQUE;
    if (c->name) {
        /* A key makes an index first: a name any relation or key has is 42P07. */
        if (keyed && (relation_named(r, c->name) || key_named(r, c->name))) {
            fail(err, "42P07", "relation \"%s\" already exists", c->name, NULL);
            return NULL;
        }
        if (name_taken(r, c->name, 0)) {
            fail(err, "42710", "constraint \"%s\" for relation \"%s\" already exists", c->name,
                 r->a.table);
            return NULL;
        }
        return sqlite3_mprintf("%s", c->name);
    }
    const char *suffix = c->kind == LW_TM_PRIMARY_KEY ? "pkey"
                         : c->kind == LW_TM_UNIQUE    ? "key"
                         : c->kind == LW_TM_CHECK     ? "check"
                                                      : "fkey";
    char *name = choose_name(r, c->kind == LW_TM_PRIMARY_KEY ? NULL : cols, suffix);
    if (!name)
        oom(err);
    return name;
}

/* ADD [CONSTRAINT n] ... (table constraint). */
static int add_constraint(run *r, pg_constraint *c, lw_dialect_error *err)
{
    for (int k = 0; k < c->cols.n; k++)
        if (find_column(r, c->cols.v[k]) < 0)
            return fail(err, "42703",
                        c->kind == LW_TM_FOREIGN_KEY
                            ? "column \"%s\" referenced in foreign key constraint does not exist"
                            : "column \"%s\" named in key does not exist",
                        c->cols.v[k], NULL);
    if (c->kind == LW_TM_PRIMARY_KEY && has_primary_key(r))
        return fail(err, "42P16", "multiple primary keys for table \"%s\" are not allowed",
                    r->a.table, NULL);
    if (c->kind == LW_TM_FOREIGN_KEY) {
        int rc = check_referenced(r, c, err);
        if (rc)
            return rc;
    }
    lw_tm_names check_cols = {0};
    if (c->kind == LW_TM_CHECK)
        check_columns(r, c->expr, &check_cols);
    char *name = constraint_name(r, c, c->kind == LW_TM_CHECK ? &check_cols : &c->cols, err);
    lw_tm_names_free(&check_cols);
    if (!name)
        return SQLITE_ERROR;
    if (c->kind == LW_TM_PRIMARY_KEY) {
        for (int k = 0; k < c->cols.n; k++) {
            int i = find_column(r, c->cols.v[k]);
            int rc = check_no_nulls(r, i, err);
            if (!rc)
                rc = set_not_null(r, i);
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
        column_list(&b, &c->cols);
    } else if (c->kind == LW_TM_CHECK) {
        lw_sqlbuf_appendf(&b, "CHECK (%s)", c->expr);
    } else {
        lw_sqlbuf_appends(&b, "FOREIGN KEY ");
        column_list(&b, &c->cols);
        lw_sqlbuf_append(&b, " ", 1);
        references_text(&b, c);
    }
    sqlite3_free(name);
    int rc = b.oom ? SQLITE_NOMEM : add_clause_text(r, NULL, b.s);
    lw_sqlbuf_free(&b);
    r->a.rebuild = 1;
    return rc == SQLITE_NOMEM ? oom(err) : rc;
}

/* The model's constraint named name, or -1 (*cons filled with them all). */
static int find_constraint(run *r, const char *name, lw_tm_constraint **cons, int *n)
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
static int key_references(run *r, const lw_tm_constraint *key, lw_alter_reference **refs)
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

static int drop_constraint(run *r, pg_action *act, lw_dialect_error *err)
{
    lw_tm_constraint *cons = NULL;
    int n, i = find_constraint(r, act->new_name, &cons, &n);
    if (i < 0) {
        sqlite3_free(cons);
        if (act->if_exists)
            return SQLITE_OK;
        return fail(err, "42704", "constraint \"%s\" of relation \"%s\" does not exist",
                    act->new_name, r->a.table);
    }
    lw_tm_constraint c = cons[i];
    sqlite3_free(cons);
    int rc = SQLITE_OK;
    if (c.clause->kind == LW_TM_PRIMARY_KEY || c.clause->kind == LW_TM_UNIQUE) {
        lw_alter_reference *refs = NULL;
        int m = key_references(r, &c, &refs);
        if (m > 0 && !act->cascade)
            rc = fail(err, "2BP01",
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
            int col = find_column(r, cols[k]);
            if (col >= 0)
                rc = set_not_null(r, col);
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

/* ---- Columns ----------------------------------------------------------------------------------
 */

static const char *int_type(lw_kind k)
{
    k = plain_kind(k);
    return k == LW_K_INT2 ? "int2" : k == LW_K_INT4 ? "int4" : "int8";
}

/* A default checked against the column's type when it is a constant, as PostgreSQL
 * coerces it when the default is set (22P02 for 'old' in an integer column). */
static int check_default(run *r, const lw_sql_type *ty, const char *expr, lw_dialect_error *err)
{
    char *conv = conversion(LW_K_UNKNOWN_LITERAL, ty, expr);
    char *sql = conv ? sqlite3_mprintf("SELECT %s", conv) : NULL;
    sqlite3_free(conv);
    sqlite3_stmt *stmt = NULL;
    int rc = sql ? sqlite3_prepare_v2(r->db, sql, -1, &stmt, NULL) : SQLITE_NOMEM;
    sqlite3_free(sql);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(stmt);
        rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    if (rc != SQLITE_OK && rc != SQLITE_NOMEM) {
        char sqlstate[6];
        const char *bare = lw_pg_split_error(sqlite3_errmsg(r->db), sqlstate);
        if (bare)
            lw_dialect_error_set(err, sqlstate, 0, "%s", bare);
        else
            take_message(err, rc, sqlite3_mprintf("%s", sqlite3_errmsg(r->db)));
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_NOMEM ? oom(err) : rc;
}

static char *default_clause(const pg_constraint *c)
{
    return c->expr_literal ? sqlite3_mprintf("DEFAULT %s", c->expr)
                           : sqlite3_mprintf("DEFAULT (%s)", c->expr);
}

/* ADD COLUMN: the type's parts, SERIAL or IDENTITY through an owned sequence, the
 * column's constraints with PostgreSQL's names. */
static int add_column(run *r, pg_action *act, lw_dialect_error *err)
{
    int twin = case_twin(r, act->column, err);
    if (twin)
        return twin;
    if (find_column(r, act->column) >= 0) {
        if (act->if_exists)
            return SQLITE_OK;
        return fail(err, "42701", "column \"%s\" of relation \"%s\" already exists", act->column,
                    r->a.table);
    }
    lw_tm_column col = {act->column, "", NULL, 0};
    lw_table_model scratch = {0};
    int rc = SQLITE_OK, serial = act->identity != 0;
    char *seq = NULL;
    const pg_constraint *def = NULL;
    for (int k = 0; k < act->n_cons; k++)
        if (act->cons[k].kind == LW_TM_DEFAULT)
            def = &act->cons[k];
    if (serial && def)
        return fail(err, "42601",
                    "multiple default values specified for column \"%s\" of table \"%s\"",
                    act->column, r->a.table);
    if (def && def->expr_literal && (rc = check_default(r, &act->type, def->expr, err)))
        return rc;
    int i = lw_alter_add_column(&r->a, &col, NULL);
    if (i < 0)
        return oom(err);
    lw_tm_column *c = &r->a.model.cols[i];
    if (serial) {
        seq = sqlite3_mprintf("%s_%s_seq", r->a.table, act->column);
        lw_kind k = plain_kind(act->type.kind);
        char *text = sqlite3_mprintf("DEFAULT (pg_serial_nextval('%q'))", seq);
        rc = !seq || !text ? SQLITE_NOMEM
                           : lw_tm_set_type(&r->a.model, c,
                                            k == LW_K_INT8   ? "BIGINT"
                                            : k == LW_K_INT2 ? "SMALLINT"
                                                             : "INT");
        if (rc == SQLITE_OK)
            rc = add_clause_text(r, c, "NOT NULL");
        if (rc == SQLITE_OK)
            rc = add_clause_text(r, c, text);
        sqlite3_free(text);
        if (rc == SQLITE_OK)
            rc = add_op(r, OP_SEQ_CREATE, seq, int_type(k), act->column, 0);
        if (rc == SQLITE_OK && act->identity == 2) {
            char *trigger = lw_pg_identity_trigger(r->a.table, act->column, seq);
            rc = trigger ? lw_alter_add_index(&r->a, trigger) : SQLITE_NOMEM;
            sqlite3_free(trigger);
        }
        r->a.rebuild = 1; /* a DEFAULT per row: SQLite's ADD COLUMN takes constants only */
    } else {
        rc = set_column_type(r, c, &act->type, act->collate);
    }
    lw_tm_names one = {&act->column, 1};
    for (int k = 0; k < act->n_cons && rc == SQLITE_OK; k++) {
        pg_constraint *pc = &act->cons[k];
        char *text = NULL, *name = NULL;
        c = &r->a.model.cols[i];
        switch (pc->kind) {
        case LW_TM_NOT_NULL:
            text = sqlite3_mprintf("NOT NULL");
            break;
        case LW_TM_NULL:
            text = sqlite3_mprintf("NULL");
            break;
        case LW_TM_DEFAULT:
            text = default_clause(pc);
            break;
        case LW_TM_COLLATE:
            text = !strcmp(pc->expr, "C") || !strcmp(pc->expr, "POSIX")
                       ? sqlite3_mprintf("COLLATE BINARY")
                       : sqlite3_mprintf("COLLATE \"%w\"", pc->expr);
            break;
        case LW_TM_PRIMARY_KEY:
            if (has_primary_key(r)) {
                rc = fail(err, "42P16", "multiple primary keys for table \"%s\" are not allowed",
                          r->a.table, NULL);
                break;
            }
            /* fall through */
        case LW_TM_UNIQUE:
        case LW_TM_CHECK:
        case LW_TM_FOREIGN_KEY: {
            if (pc->kind == LW_TM_FOREIGN_KEY) {
                lw_tm_names_add(&pc->cols, act->column, -1);
                if ((rc = check_referenced(r, pc, err)) != SQLITE_OK)
                    break;
            }
            if (!(name = constraint_name(r, pc, &one, err))) {
                rc = SQLITE_ERROR;
                break;
            }
            lw_sqlbuf b = {0};
            lw_sqlbuf_appendf(&b, "CONSTRAINT \"%w\" ", name);
            if (pc->kind == LW_TM_PRIMARY_KEY)
                lw_sqlbuf_appends(&b, "PRIMARY KEY");
            else if (pc->kind == LW_TM_UNIQUE)
                lw_sqlbuf_appends(&b, "UNIQUE");
            else if (pc->kind == LW_TM_CHECK)
                lw_sqlbuf_appendf(&b, "CHECK (%s)", pc->expr);
            else
                references_text(&b, pc);
            text = lw_sqlbuf_finish(&b);
            if (pc->kind == LW_TM_PRIMARY_KEY && rc == SQLITE_OK)
                rc = add_clause_text(r, c, "NOT NULL");
            break;
        }
        default:
            break;
        }
        sqlite3_free(name);
        if (rc == SQLITE_OK)
            rc = text ? add_clause_text(r, &r->a.model.cols[i], text) : SQLITE_NOMEM;
        sqlite3_free(text);
    }
    /* The rows already there hold the default converted as the column stores values
     * (the rebuild's copy runs without the conversion triggers). */
    if (rc == SQLITE_OK && def && r->a.rebuild) {
        lw_sql_type ty;
        lw_kind k = column_kind(r, &r->a.model.cols[i], &ty);
        if (k == LW_K_NUMERIC || k == LW_K_BOOL || k == LW_K_JSONB || k == LW_K_UUID ||
            is_datetime(k) || k == LW_K_BYTEA) {
            char *paren = sqlite3_mprintf("(%s)", def->expr);
            char *value = paren ? conversion(def->expr_kind, &ty, paren) : NULL;
            rc = value ? lw_alter_set_value(&r->a, i, value) : SQLITE_NOMEM;
            sqlite3_free(paren);
            sqlite3_free(value);
        }
    }
    sqlite3_free(seq);
    lw_tm_free(&scratch);
    return rc == SQLITE_NOMEM ? oom(err) : rc;
}

static int drop_column(run *r, pg_action *act, lw_dialect_error *err)
{
    int i = find_column(r, act->column);
    if (i < 0) {
        if (act->if_exists)
            return SQLITE_OK;
        return fail(err, "42703", "column \"%s\" of relation \"%s\" does not exist", act->column,
                    r->a.table);
    }
    /* Foreign keys of other tables that refer to the column. */
    lw_alter_reference *refs = NULL;
    int n = lw_alter_references(&r->a, act->column, &refs), rc = SQLITE_OK;
    if (n < 0)
        return oom(err);
    for (int k = 0; k < n && rc == SQLITE_OK; k++) {
        if (!sqlite3_stricmp(refs[k].child, r->a.table))
            continue; /* this table's own: rebuilt below */
        if (!act->cascade)
            rc = fail(err, "2BP01",
                      "cannot drop column %s of table %s because other objects depend on it",
                      act->column, r->a.table);
        else
            rc = lw_alter_drop_references(r->db, r->rules, refs[k].child, r->a.table, act->column,
                                          &r->a.hooks, r, err);
    }
    lw_alter_references_free(refs, n);
    if (rc)
        return rc;
    /* The table's own foreign keys to the column go too. */
    for (int c = 0; c < r->a.model.n_cols; c++)
        for (int k = r->a.model.cols[c].n_clauses - 1; k >= 0; k--) {
            const lw_tm_clause *cl = &r->a.model.cols[c].clauses[k];
            if (cl->kind == LW_TM_FOREIGN_KEY && !sqlite3_stricmp(cl->ref_table, r->a.table))
                for (int j = 0; j < cl->ref_cols.n; j++)
                    if (!sqlite3_stricmp(cl->ref_cols.v[j], act->column)) {
                        lw_tm_remove_clause(&r->a.model, &r->a.model.cols[c], k);
                        break;
                    }
        }
    /* PostgreSQL's attnum of the column, and its sequence, go with it. */
    if (r->a.origin[i] >= 0) {
        int *attnums = sqlite3_malloc64((size_t)r->a.old.n_cols * sizeof *attnums);
        char *msg = NULL;
        if (!attnums)
            return oom(err);
        rc = lw_pg_attnums(r->db, r->a.table, r->a.old.n_cols, attnums, &msg);
        if (rc == SQLITE_OK)
            rc = add_op(r, OP_DROPPED_ATTNUM, NULL, NULL, NULL, attnums[r->a.origin[i]]);
        sqlite3_free(attnums);
        if (rc != SQLITE_OK)
            return take_message(err, rc, msg);
    }
    if ((rc = add_op(r, OP_SEQ_DROP, NULL, NULL, act->column, 0)) != SQLITE_OK)
        return oom(err);
    r->dropping = act->column;
    r->a.cascade |= act->cascade;
    rc = lw_alter_drop_column(&r->a, i);
    return rc ? oom(err) : SQLITE_OK;
}

/* The first view that reads column of the table (it names both, or selects * from the
 * table), or NULL: PostgreSQL refuses to change the type of a column a view uses. */
static char *view_using(run *r, const char *column)
{
    sqlite3_stmt *stmt = NULL;
    char *found = NULL;
    if (sqlite3_prepare_v2(r->db, "SELECT name, sql FROM main.sqlite_schema WHERE type = 'view'",
                           -1, &stmt, NULL) == SQLITE_OK)
        while (!found && sqlite3_step(stmt) == SQLITE_ROW) {
            const char *sql = (const char *)sqlite3_column_text(stmt, 1);
            if (sql && lw_tm_mentions(sql, r->a.table) &&
                (lw_tm_mentions(sql, column) || strchr(sql, '*')))
                found = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 0));
        }
    sqlite3_finalize(stmt);
    return found;
}

static int alter_type(run *r, pg_action *act, lw_dialect_error *err)
{
    int i = find_column(r, act->column);
    if (i < 0)
        return fail(err, "42703", "column \"%s\" of relation \"%s\" does not exist", act->column,
                    r->a.table);
    lw_tm_column *c = &r->a.model.cols[i];
    char *view = r->a.origin[i] >= 0 ? view_using(r, act->column) : NULL;
    if (view) {
        lw_dialect_error_set(err, "0A000", 1235,
                             "cannot alter type of a column used by a view or rule");
        sqlite3_free(view);
        return SQLITE_ERROR;
    }
    lw_sql_type old_ty;
    lw_kind from = act->expr ? act->expr_kind : column_kind(r, c, &old_ty);
    if (!assignable(from, act->type.kind)) {
        char *name = type_name(r, &act->type);
        int rc = fail(err, "42804",
                      act->expr ? "result of USING clause for column \"%s\" cannot be cast "
                                  "automatically to type %s"
                                : "column \"%s\" cannot be cast automatically to type %s",
                      act->column, name ? name : act->type.name);
        sqlite3_free(name);
        return rc;
    }
    /* The value from the old row (or the USING expression over it), converted. */
    const char *source = act->expr ? act->expr : r->a.values[i];
    char *paren = source ? sqlite3_mprintf("(%s)", source) : NULL;
    char *value = paren ? conversion(from, &act->type, paren) : NULL;
    sqlite3_free(paren);
    int rc = value || !source ? lw_alter_set_value(&r->a, i, value) : SQLITE_NOMEM;
    sqlite3_free(value);
    if (rc == SQLITE_OK)
        rc = set_column_type(r, c, &act->type, act->collate);
    return rc == SQLITE_NOMEM ? oom(err) : rc;
}

static int alter_column(run *r, pg_action *act, lw_dialect_error *err)
{
    int i = find_column(r, act->column);
    if (i < 0)
        return fail(err, "42703", "column \"%s\" of relation \"%s\" does not exist", act->column,
                    r->a.table);
    lw_tm_column *c = &r->a.model.cols[i];
    int rc = SQLITE_OK;
    switch (act->kind) {
    case PG_SET_DEFAULT: {
        lw_sql_type ty;
        if (act->expr_literal && column_kind(r, c, &ty) != LW_K_UNKNOWN &&
            (rc = check_default(r, &ty, act->expr, err)) != SQLITE_OK)
            return rc;
        remove_clauses(r, c, LW_TM_DEFAULT, 0);
        pg_constraint def = {.expr = act->expr, .expr_literal = act->expr_literal};
        char *text = default_clause(&def);
        rc = text ? add_clause_text(r, c, text) : SQLITE_NOMEM;
        sqlite3_free(text);
        r->a.rebuild = 1;
        break;
    }
    case PG_DROP_DEFAULT:
        if (lw_tm_column_clause(c, LW_TM_DEFAULT)) {
            remove_clauses(r, c, LW_TM_DEFAULT, 0);
            r->a.rebuild = 1;
        }
        break;
    case PG_SET_NOT_NULL:
        if (!lw_tm_column_clause(c, LW_TM_NOT_NULL) && !in_primary_key(r, i) &&
            (rc = check_no_nulls(r, i, err)) != SQLITE_OK)
            return rc;
        rc = set_not_null(r, i);
        break;
    case PG_DROP_NOT_NULL:
        if (in_primary_key(r, i))
            return fail(err, "42P16", "column \"%s\" is in a primary key", act->column, NULL);
        if (lw_tm_column_clause(c, LW_TM_NOT_NULL)) {
            remove_clauses(r, c, LW_TM_NOT_NULL, 0);
            r->a.rebuild = 1;
        }
        break;
    default:
        break;
    }
    return rc == SQLITE_NOMEM ? oom(err) : rc;
}

/* ---- Renames (SQLite's own) -------------------------------------------------------------------
 */

/* The dialect's triggers of table after its rename or a column's: the conversion
 * triggers made anew for the definition, identity triggers renamed to match. */
static int triggers_after_rename(sqlite3 *db, const lw_dialect_rules *rules, const char *table,
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

static int relation_exists(sqlite3 *db, const char *name)
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

static int rename_catalog(void *arg, sqlite3 *db, lw_dialect_error *err)
{
    rename_arg *ra = arg;
    char *msg = NULL;
    int rc = lw_pg_seq_rename_owner(db, ra->table, ra->column, ra->new_table, ra->new_column, &msg);
    if (rc == SQLITE_OK && !ra->column)
        rc = lw_pg_rename_dropped(db, ra->table, ra->new_table, &msg);
    return take_message(err, rc, msg);
}

static int rename_object(run *r, pg_action *act, lw_dialect_error *err)
{
    lw_sqlbuf sql = {0};
    rename_arg ra = {r->a.table, NULL, r->a.table, NULL};
    if (act->kind == PG_RENAME_TABLE) {
        if (relation_exists(r->db, act->new_name) && sqlite3_stricmp(act->new_name, r->a.table))
            return fail(err, "42P07", "relation \"%s\" already exists", act->new_name, NULL);
        lw_sqlbuf_appendf(&sql, "ALTER TABLE main.\"%w\" RENAME TO \"%w\";", r->a.table,
                          act->new_name);
        ra.new_table = act->new_name;
    } else {
        int i = find_column(r, act->column);
        if (i < 0)
            return fail(err, "42703", "column \"%s\" does not exist", act->column, NULL);
        if (find_column(r, act->new_name) >= 0)
            return fail(err, "42701", "column \"%s\" of relation \"%s\" already exists",
                        act->new_name, r->a.table);
        int twin =
            sqlite3_stricmp(act->column, act->new_name) ? case_twin(r, act->new_name, err) : 0;
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
        rc = triggers_after_rename(r->db, r->rules, ra.new_table, r->a.table, &sql);
    lw_rebuild_hooks hooks = {NULL, NULL, NULL, rename_catalog};
    if (rc == SQLITE_OK)
        rc = lw_rebuild_exec(r->db, sql.len ? sql.s : "", ra.new_table, &hooks, &ra, err);
    lw_sqlbuf_free(&sql);
    return rc;
}

static int rename_constraint(run *r, pg_action *act, lw_dialect_error *err)
{
    lw_tm_constraint *cons = NULL;
    int n, i = find_constraint(r, act->old_name, &cons, &n);
    if (i < 0) {
        sqlite3_free(cons);
        return fail(err, "42704", "constraint \"%s\" for table \"%s\" does not exist",
                    act->old_name, r->a.table);
    }
    lw_tm_clause *cl = cons[i].clause;
    sqlite3_free(cons);
    if (name_taken(r, act->new_name, cl->kind == LW_TM_PRIMARY_KEY || cl->kind == LW_TM_UNIQUE))
        return fail(err, "42710", "constraint \"%s\" for relation \"%s\" already exists",
                    act->new_name, r->a.table);
    char *name = sqlite3_mprintf("%s", act->new_name);
    if (!name)
        return oom(err);
    sqlite3_free(cl->name);
    cl->name = name;
    r->a.rebuild = 1;
    return SQLITE_OK;
}

/* ---- The statement -----------------------------------------------------------------------------
 */

static int apply(sqlite3 *db, const lw_dialect_rules *rules, pg_alter_stmt *st,
                 lw_dialect_error *err)
{
    run r;
    memset(&r, 0, sizeof r);
    r.db = db;
    r.rules = rules;
    int rc = lw_alter_open(&r.a, db, rules, st->table);
    if (rc == LW_TM_ENOTFOUND) {
        if (st->if_exists)
            return SQLITE_OK; /* PostgreSQL: a notice */
        return fail(err, "42P01", "relation \"%s\" does not exist", st->table, NULL);
    }
    if (rc != SQLITE_OK)
        return rc == SQLITE_NOMEM ? oom(err)
                                  : fail(err, "XX000", "cannot read the definition of table \"%s\"",
                                         st->table, NULL);
    if ((rc = table_twin(r.a.table, st->table, err)) != SQLITE_OK) {
        run_free(&r);
        return rc;
    }
    r.a.hooks = (lw_rebuild_hooks){copy_error, view_depends, foreign_key_broken, catalog};
    r.a.hook_arg = &r;
    for (int i = 0; i < st->n && rc == SQLITE_OK; i++) {
        pg_action *act = &st->actions[i];
        switch (act->kind) {
        case PG_ADD_COLUMN:
            rc = add_column(&r, act, err);
            break;
        case PG_DROP_COLUMN:
            rc = drop_column(&r, act, err);
            break;
        case PG_ALTER_TYPE:
            rc = alter_type(&r, act, err);
            break;
        case PG_SET_DEFAULT:
        case PG_DROP_DEFAULT:
        case PG_SET_NOT_NULL:
        case PG_DROP_NOT_NULL:
            rc = alter_column(&r, act, err);
            break;
        case PG_ADD_CONSTRAINT:
            rc = add_constraint(&r, act->cons, err);
            break;
        case PG_DROP_CONSTRAINT:
            rc = drop_constraint(&r, act, err);
            break;
        case PG_RENAME_TABLE:
        case PG_RENAME_COLUMN:
            rc = rename_object(&r, act, err);
            run_free(&r);
            return rc;
        case PG_RENAME_CONSTRAINT:
            rc = rename_constraint(&r, act, err);
            break;
        }
    }
    /* A table needs the columns it keeps: PostgreSQL allows a table without any. */
    if (rc == SQLITE_OK && r.a.model.n_cols == 0)
        rc = fail(err, "0A000",
                  "dropping every column of table \"%s\" is not supported by the postgresql "
                  "dialect (SQLite tables have columns)",
                  r.a.table, NULL);
    /* The sequences of added SERIAL columns exist before the rows are copied: the
     * copy takes each row's value from them (in the statement's savepoint). */
    for (int i = 0; i < r.n_ops && rc == SQLITE_OK; i++)
        if (r.ops[i].kind == OP_SEQ_CREATE) {
            char *msg = NULL;
            rc = lw_pg_seq_create_owned(db, r.ops[i].name, r.ops[i].type, r.a.table,
                                        r.ops[i].column, &msg);
            take_message(err, rc, msg);
            r.ops[i].kind = OP_DONE;
        }
    if (rc == SQLITE_OK)
        rc = lw_alter_run(&r.a, err);
    run_free(&r);
    return rc;
}

/* Raises err (or SQLite's message with its code) as the function's error. */
static void raise_error(sqlite3_context *ctx, int rc, lw_dialect_error *err)
{
    if (err->sqlstate[0])
        lw_pg_error(ctx, err->sqlstate, "%s", err->message ? err->message : "");
    else {
        sqlite3_result_error(ctx, err->message ? err->message : sqlite3_errstr(rc), -1);
        sqlite3_result_error_code(ctx, rc);
    }
}

/* pg_alter_table(STATEMENT) */
static void alter_table_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    if (!text) {
        sqlite3_result_error(ctx, "pg_alter_table(): argument 1 must be an ALTER TABLE statement",
                             -1);
        return;
    }
    lw_tokens toks = {0};
    lw_lex_error lerr = {NULL, 0};
    if (lw_lex(text, strlen(text), PG_LEX_FLAGS, &toks, &lerr)) {
        lw_tokens_free(&toks);
        lw_pg_error(ctx, "42601", "%s", lerr.message ? lerr.message : "syntax error");
        return;
    }
    lw_sqlbuf out = {0};
    lw_param_map params = {0};
    lw_dialect_error err = {{0}, 0, NULL};
    lw_translation t = {text, toks.items, toks.len, &out, &params, &err, NULL, NULL};
    lw_schema schema = {db, NULL};
    lw_walker w;
    const lw_dialect_rules *rules = lw_dialect_postgresql.rules;
    int rc = lw_walker_init(&w, &t, rules, &schema);
    pg_alter_stmt st;
    memset(&st, 0, sizeof st);
    if (rc == 0)
        rc = pg_alter_parse(&w, &st);
    if (rc) {
        if (err.sqlstate[0])
            lw_pg_error(ctx, err.sqlstate, "%s", err.message ? err.message : "");
        else
            sqlite3_result_error_nomem(ctx);
    } else {
        /* All the statement's changes, or none of them (a CASCADE rebuilds other tables
         * before this one). */
        rc = sqlite3_exec(db, "SAVEPOINT pg_alter", NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            rc = apply(db, rules, &st, &err);
        else
            take_message(&err, rc, sqlite3_mprintf("%s", sqlite3_errmsg(db)));
        if (rc == SQLITE_OK &&
            (rc = sqlite3_exec(db, "RELEASE pg_alter", NULL, NULL, NULL)) != SQLITE_OK)
            take_message(&err, rc, sqlite3_mprintf("%s", sqlite3_errmsg(db)));
        if (rc != SQLITE_OK) {
            sqlite3_exec(db, "ROLLBACK TO pg_alter; RELEASE pg_alter", NULL, NULL, NULL);
            raise_error(ctx, rc, &err);
        } else {
            sqlite3_result_int(ctx, 1);
        }
    }
    pg_alter_stmt_free(&st);
    lw_walker_free(&w);
    lw_schema_close(&schema);
    lw_dialect_error_clear(&err);
    sqlite3_free(params.refs);
    lw_sqlbuf_free(&out);
    lw_tokens_free(&toks);
}

/* ---- ALTER INDEX -------------------------------------------------------------------------------
 */

/* The CREATE INDEX statement sql with the index named name instead. */
static char *renamed_index(const char *sql, const char *name)
{
    lw_tokens toks = {0};
    lw_lex_error lerr = {NULL, 0};
    char *out = NULL;
    if (lw_lex(sql, strlen(sql), 0, &toks, &lerr) == 0) {
        /* CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON ... */
        int words = 0;
        for (size_t i = 0; i < toks.len && !out; i++) {
            const lw_token *t = &toks.items[i];
            if (lw_token_is_blank(t))
                continue;
            if (words++ == 0 || lw_token_is_word(sql, t, "unique") ||
                lw_token_is_word(sql, t, "index") || lw_token_is_word(sql, t, "if") ||
                lw_token_is_word(sql, t, "not") || lw_token_is_word(sql, t, "exists"))
                continue;
            out = sqlite3_mprintf("%.*s\"%w\"%s", (int)t->offset, sql, name,
                                  sql + t->offset + t->length);
        }
    }
    lw_tokens_free(&toks);
    return out;
}

/* pg_alter_index(I, J, IF_EXISTS): an index SQLite made for a constraint is renamed
 * with its constraint (PostgreSQL's index and constraint share the name); another one
 * is made anew under the name. */
static void alter_index_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    const char *to = (const char *)sqlite3_value_text(argv[1]);
    int if_exists = sqlite3_value_int(argv[2]);
    lw_dialect_error err = {{0}, 0, NULL};
    if (!name || !to) {
        sqlite3_result_error(ctx, "pg_alter_index(): arguments 1 and 2 must name indexes", -1);
        return;
    }
    sqlite3_stmt *stmt = NULL;
    char *sql = NULL, *table = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT sql, tbl_name FROM main.sqlite_schema WHERE type = 'index' AND "
                           "name = ?1 AND sql IS NOT NULL",
                           -1, &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW) {
            sql = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 0));
            table = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 1));
        }
    }
    sqlite3_finalize(stmt);
    int rc = SQLITE_OK;
    if (relation_exists(db, to)) {
        rc = fail(&err, "42P07", "relation \"%s\" already exists", to, NULL);
    } else if (sql) {
        char *created = renamed_index(sql, to);
        char *script =
            created ? sqlite3_mprintf("DROP INDEX main.\"%w\"; %s;", name, created) : NULL;
        rc = script ? lw_rebuild_exec(db, script, table, NULL, NULL, &err) : SQLITE_NOMEM;
        sqlite3_free(created);
        sqlite3_free(script);
    } else {
        /* A constraint's index: find the table that has the constraint. */
        sqlite3_stmt *tables = NULL;
        char *owner = NULL;
        if (sqlite3_prepare_v2(db,
                               "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND sql "
                               "IS NOT NULL",
                               -1, &tables, NULL) == SQLITE_OK)
            while (!owner && sqlite3_step(tables) == SQLITE_ROW) {
                lw_table_model m;
                const char *t = (const char *)sqlite3_column_text(tables, 0);
                if (t && lw_tm_load(db, t, &m) == LW_TM_OK) {
                    lw_tm_constraint *cons = NULL;
                    int n = lw_tm_constraints(&m, &cons);
                    for (int i = 0; i < n && !owner; i++) {
                        if (cons[i].clause->kind != LW_TM_PRIMARY_KEY &&
                            cons[i].clause->kind != LW_TM_UNIQUE)
                            continue;
                        char *c = pg_constraint_name(&m, &cons[i]);
                        if (c && !strcmp(c, name))
                            owner = sqlite3_mprintf("%s", t);
                        sqlite3_free(c);
                    }
                    sqlite3_free(cons);
                }
                lw_tm_free(&m);
            }
        sqlite3_finalize(tables);
        if (owner) {
            char *stmt_text = sqlite3_mprintf(
                "ALTER TABLE \"%w\" RENAME CONSTRAINT \"%w\" TO \"%w\"", owner, name, to);
            pg_alter_stmt st = {0};
            pg_action act = {.kind = PG_RENAME_CONSTRAINT};
            act.old_name = (char *)name;
            act.new_name = (char *)to;
            st.table = owner;
            st.actions = &act;
            st.n = 1;
            rc = sqlite3_exec(db, "SAVEPOINT pg_alter", NULL, NULL, NULL);
            if (rc == SQLITE_OK)
                rc = apply(db, lw_dialect_postgresql.rules, &st, &err);
            sqlite3_exec(
                db, rc == SQLITE_OK ? "RELEASE pg_alter" : "ROLLBACK TO pg_alter; RELEASE pg_alter",
                NULL, NULL, NULL);
            sqlite3_free(stmt_text);
            sqlite3_free(owner);
        } else if (!if_exists) {
            rc = fail(&err, "42P01", "relation \"%s\" does not exist", name, NULL);
        }
    }
    if (rc != SQLITE_OK)
        raise_error(ctx, rc, &err);
    else
        sqlite3_result_int(ctx, 1);
    lw_dialect_error_clear(&err);
    sqlite3_free(sql);
    sqlite3_free(table);
}

/* ---- DROP TABLE ---------------------------------------------------------------------------------
 */

static int drop_table_catalog(void *arg, sqlite3 *db, lw_dialect_error *err)
{
    const char *table = arg;
    char *msg = NULL;
    int rc = lw_pg_seq_drop_owned(db, table, NULL, &msg);
    if (rc == SQLITE_OK)
        rc = lw_pg_rename_dropped(db, table, NULL, &msg);
    return take_message(err, rc, msg);
}

/* pg_drop_table(NAME, IF_EXISTS, CASCADE): DROP TABLE as PostgreSQL has it: the
 * sequences its columns own go with it; foreign keys of other tables that refer to it
 * are 2BP01 without CASCADE and are dropped with it. */
static void drop_table_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    int if_exists = sqlite3_value_int(argv[1]), cascade = sqlite3_value_int(argv[2]);
    lw_dialect_error err = {{0}, 0, NULL};
    if (!name) {
        sqlite3_result_error(ctx, "pg_drop_table(): argument 1 must name a table", -1);
        return;
    }
    const lw_dialect_rules *rules = lw_dialect_postgresql.rules;
    int rc = sqlite3_exec(db, "SAVEPOINT pg_alter", NULL, NULL, NULL);
    lw_alter a;
    int found = rc == SQLITE_OK ? lw_alter_open(&a, db, rules, name) : rc;
    if (rc != SQLITE_OK) {
        take_message(&err, rc, sqlite3_mprintf("%s", sqlite3_errmsg(db)));
    } else if (found == LW_TM_ENOTFOUND) {
        /* Not a table of main: a TEMP table, or nothing (SQLite says so). */
        char *sql = sqlite3_mprintf("DROP TABLE %s\"%w\"", if_exists ? "IF EXISTS " : "", name);
        char *msg = NULL;
        rc = sql ? sqlite3_exec(db, sql, NULL, NULL, &msg) : SQLITE_NOMEM;
        take_message(&err, rc, msg);
        sqlite3_free(sql);
    } else if (found != SQLITE_OK) {
        rc = found < 0 ? SQLITE_ERROR : found;
        take_message(&err, rc, sqlite3_mprintf("cannot read the definition of table \"%s\"", name));
    } else if ((rc = table_twin(a.table, name, &err)) != SQLITE_OK) {
        lw_alter_close(&a);
    } else {
        lw_alter_reference *refs = NULL;
        int n = lw_alter_references(&a, NULL, &refs);
        rc = n < 0 ? SQLITE_NOMEM : SQLITE_OK;
        for (int k = 0; k < n && rc == SQLITE_OK; k++) {
            if (!sqlite3_stricmp(refs[k].child, a.table))
                continue;
            if (!cascade)
                rc = fail(&err, "2BP01", "cannot drop table %s because other objects depend on it",
                          a.table, NULL);
            else
                rc = lw_alter_drop_references(db, rules, refs[k].child, a.table, NULL, NULL, NULL,
                                              &err);
        }
        lw_alter_references_free(refs, n > 0 ? n : 0);
        if (rc == SQLITE_OK) {
            char *sql = sqlite3_mprintf("DROP TABLE main.\"%w\"", a.table);
            lw_rebuild_hooks hooks = {NULL, NULL, NULL, drop_table_catalog};
            rc = sql ? lw_rebuild_exec(db, sql, NULL, &hooks, a.table, &err) : SQLITE_NOMEM;
            sqlite3_free(sql);
        }
        lw_alter_close(&a);
    }
    if (rc == SQLITE_OK &&
        (rc = sqlite3_exec(db, "RELEASE pg_alter", NULL, NULL, NULL)) != SQLITE_OK)
        take_message(&err, rc, sqlite3_mprintf("%s", sqlite3_errmsg(db)));
    if (rc != SQLITE_OK) {
        sqlite3_exec(db, "ROLLBACK TO pg_alter; RELEASE pg_alter", NULL, NULL, NULL);
        raise_error(ctx, rc, &err);
    } else {
        sqlite3_result_int(ctx, 1);
    }
    lw_dialect_error_clear(&err);
}

int lw_pg_alter_register(sqlite3 *db, char **err)
{
    /* DIRECTONLY: they change the schema, never from a trigger or a view. */
    static const struct {
        const char *name;
        int n_arg;
        void (*fn)(sqlite3_context *, int, sqlite3_value **);
    } functions[] = {
        {"pg_alter_table", 1, alter_table_func},
        {"pg_alter_index", 3, alter_index_func},
        {"pg_drop_table", 3, drop_table_func},
    };
    for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++) {
        int rc = sqlite3_create_function_v2(db, functions[i].name, functions[i].n_arg,
                                            SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, functions[i].fn,
                                            NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            *err = sqlite3_mprintf("cannot register function %s/%d: %s", functions[i].name,
                                   functions[i].n_arg, sqlite3_errmsg(db));
            return rc;
        }
    }
    return SQLITE_OK;
}
