/*
 * PostgreSQL's ALTER statements when they run (registered by runtime.c):
 *
 *   pg_alter_table(STATEMENT)   reads the ALTER TABLE statement again (alter.c) against
 *                               the schema as it is now and applies its actions through
 *                               the shared ALTER layer (dialect/alter.h): one rebuild of
 *                               the table for all of them, or SQLite's own RENAME and ADD
 *                               COLUMN; all or nothing (SAVEPOINT pg_alter)
 *   pg_alter_index(I, J, IF_EXISTS)   ALTER INDEX i RENAME TO j
 *   pg_drop_table(NAME, IF_EXISTS, CASCADE)   DROP TABLE, with what PostgreSQL drops
 *                               with it (owned sequences; foreign keys of other tables
 *                               that refer to it, with CASCADE, else 2BP01)
 *
 * The column actions are alter_columns.c's, the constraint actions and renames
 * alter_constraints.c's (alter_run.h).
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
#include "dialect/postgresql/alter_run.h"

#define PG_LEX_FLAGS (LW_LEX_NESTED_COMMENTS | LW_LEX_NO_BRACKET_IDENT)

int pga_oom(lw_dialect_error *err)
{
    lw_dialect_error_set(err, "53200", 1037, "out of memory");
    return SQLITE_NOMEM;
}

int pga_fail(lw_dialect_error *err, const char *sqlstate, const char *fmt, const char *a,
             const char *b)
{
    lw_dialect_error_set(err, sqlstate, 0, fmt, a, b);
    return SQLITE_ERROR;
}

int pga_add_op(run *r, int kind, const char *name, const char *type, const char *column, int attnum)
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
int pga_take_message(lw_dialect_error *err, int rc, char *msg)
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
    return pga_take_message(err, rc, msg);
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
        return pga_fail(err, "42P01", "relation \"%s\" does not exist", st->table, NULL);
    }
    if (rc != SQLITE_OK)
        return rc == SQLITE_NOMEM
                   ? pga_oom(err)
                   : pga_fail(err, "XX000", "cannot read the definition of table \"%s\"", st->table,
                              NULL);
    if ((rc = pga_table_twin(r.a.table, st->table, err)) != SQLITE_OK) {
        run_free(&r);
        return rc;
    }
    r.a.hooks = (lw_rebuild_hooks){copy_error, view_depends, foreign_key_broken, catalog};
    r.a.hook_arg = &r;
    for (int i = 0; i < st->n && rc == SQLITE_OK; i++) {
        pg_action *act = &st->actions[i];
        switch (act->kind) {
        case PG_ADD_COLUMN:
            rc = pga_add_column(&r, act, err);
            break;
        case PG_DROP_COLUMN:
            rc = pga_drop_column(&r, act, err);
            break;
        case PG_ALTER_TYPE:
            rc = pga_alter_type(&r, act, err);
            break;
        case PG_SET_DEFAULT:
        case PG_DROP_DEFAULT:
        case PG_SET_NOT_NULL:
        case PG_DROP_NOT_NULL:
            rc = pga_alter_column(&r, act, err);
            break;
        case PG_ADD_CONSTRAINT:
            rc = pga_add_constraint(&r, act->cons, err);
            break;
        case PG_DROP_CONSTRAINT:
            rc = pga_drop_constraint(&r, act, err);
            break;
        case PG_RENAME_TABLE:
        case PG_RENAME_COLUMN:
            rc = pga_rename_object(&r, act, err);
            run_free(&r);
            return rc;
        case PG_RENAME_CONSTRAINT:
            rc = pga_rename_constraint(&r, act, err);
            break;
        }
    }
    /* A table needs the columns it keeps: PostgreSQL allows a table without any. */
    if (rc == SQLITE_OK && r.a.model.n_cols == 0)
        rc = pga_fail(err, "0A000",
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
            pga_take_message(err, rc, msg);
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
    lw_dialect_error err = {{0}, 0, NULL, 0};
    lw_translation t = {text, toks.items, toks.len, &out, &params, &err, NULL, NULL, NULL};
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
            pga_take_message(&err, rc, sqlite3_mprintf("%s", sqlite3_errmsg(db)));
        if (rc == SQLITE_OK &&
            (rc = sqlite3_exec(db, "RELEASE pg_alter", NULL, NULL, NULL)) != SQLITE_OK)
            pga_take_message(&err, rc, sqlite3_mprintf("%s", sqlite3_errmsg(db)));
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
    lw_dialect_error err = {{0}, 0, NULL, 0};
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
    if (pga_relation_exists(db, to)) {
        rc = pga_fail(&err, "42P07", "relation \"%s\" already exists", to, NULL);
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
            rc = pga_fail(&err, "42P01", "relation \"%s\" does not exist", name, NULL);
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
    return pga_take_message(err, rc, msg);
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
    lw_dialect_error err = {{0}, 0, NULL, 0};
    if (!name) {
        sqlite3_result_error(ctx, "pg_drop_table(): argument 1 must name a table", -1);
        return;
    }
    const lw_dialect_rules *rules = lw_dialect_postgresql.rules;
    int rc = sqlite3_exec(db, "SAVEPOINT pg_alter", NULL, NULL, NULL);
    lw_alter a;
    int found = rc == SQLITE_OK ? lw_alter_open(&a, db, rules, name) : rc;
    if (rc != SQLITE_OK) {
        pga_take_message(&err, rc, sqlite3_mprintf("%s", sqlite3_errmsg(db)));
    } else if (found == LW_TM_ENOTFOUND) {
        /* Not a table of main: a TEMP table, or nothing (SQLite says so). */
        char *sql = sqlite3_mprintf("DROP TABLE %s\"%w\"", if_exists ? "IF EXISTS " : "", name);
        char *msg = NULL;
        rc = sql ? sqlite3_exec(db, sql, NULL, NULL, &msg) : SQLITE_NOMEM;
        pga_take_message(&err, rc, msg);
        sqlite3_free(sql);
    } else if (found != SQLITE_OK) {
        rc = found < 0 ? SQLITE_ERROR : found;
        pga_take_message(&err, rc,
                         sqlite3_mprintf("cannot read the definition of table \"%s\"", name));
    } else if ((rc = pga_table_twin(a.table, name, &err)) != SQLITE_OK) {
        lw_alter_close(&a);
    } else {
        lw_alter_reference *refs = NULL;
        int n = lw_alter_references(&a, NULL, &refs);
        rc = n < 0 ? SQLITE_NOMEM : SQLITE_OK;
        for (int k = 0; k < n && rc == SQLITE_OK; k++) {
            if (!sqlite3_stricmp(refs[k].child, a.table))
                continue;
            if (!cascade)
                rc = pga_fail(&err, "2BP01",
                              "cannot drop table %s because other objects depend on it", a.table,
                              NULL);
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
        pga_take_message(&err, rc, sqlite3_mprintf("%s", sqlite3_errmsg(db)));
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
