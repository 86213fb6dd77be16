/*
 * The column actions of PostgreSQL's ALTER TABLE at run time (alter_run.h): ADD COLUMN
 * (the type's parts, SERIAL and IDENTITY through an owned sequence, the column's
 * constraints), DROP COLUMN (what depends on it), ALTER COLUMN TYPE (PostgreSQL's
 * assignment casts, 42804 where it has none; the USING expression), SET/DROP DEFAULT
 * and NOT NULL; and the types they need: which kinds PostgreSQL converts to which
 * without USING, and the SQL of each conversion.
 */
#include "dialect/postgresql/alter_run.h"

/* ---- Types ------------------------------------------------------------------------------- */

static lw_kind pga_plain_kind(lw_kind k)
{
    return k == LW_K_SERIAL2   ? LW_K_INT2
           : k == LW_K_SERIAL4 ? LW_K_INT4
           : k == LW_K_SERIAL8 ? LW_K_INT8
                               : k;
}

static int pga_is_number(lw_kind k)
{
    return lw_is_int_kind(k) || k == LW_K_NUMERIC || k == LW_K_FLOAT;
}

static int pga_is_datetime(lw_kind k)
{
    return k == LW_K_DATE || k == LW_K_TIMESTAMP || k == LW_K_TIMESTAMPTZ;
}

/* Whether PostgreSQL has an assignment (or implicit) cast from kind `from` to `to`
 * (pg_cast's contexts a and i, and the I/O casts to the string types). */
static int pga_assignable(lw_kind from, lw_kind to)
{
    from = pga_plain_kind(from);
    to = pga_plain_kind(to);
    return from == to || lw_is_text_kind(to) || (pga_is_number(from) && pga_is_number(to)) ||
           (pga_is_datetime(from) && pga_is_datetime(to)) ||
           ((from == LW_K_JSON || from == LW_K_JSONB) && (to == LW_K_JSON || to == LW_K_JSONB)) ||
           from == LW_K_UNKNOWN || from == LW_K_NULL || from == LW_K_UNKNOWN_LITERAL;
}

/* The assignment of expr (of kind from) to a column of type ty, as SQL. */
static char *pga_conversion(lw_kind from, const lw_sql_type *ty, const char *expr)
{
    from = pga_plain_kind(from);
    switch (pga_plain_kind(ty->kind)) {
    case LW_K_INT2:
    case LW_K_INT4:
    case LW_K_INT8: {
        const char *bits = pga_plain_kind(ty->kind) == LW_K_INT2   ? "int2"
                           : pga_plain_kind(ty->kind) == LW_K_INT4 ? "int4"
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
static lw_kind pga_column_kind(const run *r, const lw_tm_column *c, lw_sql_type *ty)
{
    lw_sql_type local;
    if (!ty)
        ty = &local;
    if (lw_ddl_type_of_declared(r->rules, c->type, ty))
        return LW_K_UNKNOWN;
    return ty->kind;
}

/* PostgreSQL's name of the kind, for messages ("integer", "character varying(10)"). */
static char *pga_type_name(const run *r, const lw_sql_type *ty)
{
    const char *name = r->rules->kinds[pga_plain_kind(ty->kind)].name;
    if (!name)
        name = ty->name;
    if ((ty->kind == LW_K_VARCHAR || ty->kind == LW_K_BPCHAR) && ty->mod1 >= 0)
        return sqlite3_mprintf("%s(%lld)", name, ty->mod1);
    if (ty->kind == LW_K_NUMERIC && ty->mod1 >= 0)
        return sqlite3_mprintf("numeric(%lld,%lld)", ty->mod1, ty->mod2 >= 0 ? ty->mod2 : 0);
    return sqlite3_mprintf("%s", name);
}

/* A clause parsed from text onto column (NULL: the table). */
int pga_add_clause_text(run *r, lw_tm_column *column, const char *text)
{
    lw_tm_clause cl;
    int rc = text ? lw_tm_parse_clause(text, column == NULL, &cl) : LW_TM_ENOMEM;
    if (rc == LW_TM_OK)
        rc = lw_tm_add_clause(&r->a.model, column, &cl);
    lw_tm_clause_free(&cl);
    return rc == LW_TM_OK ? SQLITE_OK : rc == LW_TM_ENOMEM ? SQLITE_NOMEM : SQLITE_ERROR;
}

/* Removes the column's clauses of kind (unnamed only, when unnamed_only). */
void pga_remove_clauses(run *r, lw_tm_column *c, lw_tm_kind kind, int unnamed_only)
{
    for (int k = c->n_clauses - 1; k >= 0; k--)
        if (c->clauses[k].kind == kind && (!unnamed_only || !c->clauses[k].name))
            lw_tm_remove_clause(&r->a.model, c, k);
}

/* The column's type parts as the dialect's column table gives them: declared type,
 * the type's check and collation; the clauses of the old type go. */
static int pga_set_column_type(run *r, lw_tm_column *c, const lw_sql_type *ty, const char *collate)
{
    lw_ddl_column parts;
    int rc = lw_ddl_column_parts(r->rules, ty, c->name, &parts);
    if (rc)
        return rc == LW_ENOMEM ? SQLITE_NOMEM : SQLITE_ERROR;
    /* A type's check is the only unnamed CHECK a column of the dialect has; an exact
     * numeric's collation is DECIMAL. */
    pga_remove_clauses(r, c, LW_TM_CHECK, 1);
    for (int k = c->n_clauses - 1; k >= 0; k--)
        if (c->clauses[k].kind == LW_TM_COLLATE &&
            (collate || !lw_is_text_kind(pga_plain_kind(ty->kind)) ||
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
        rc = pga_add_clause_text(r, c, parts.check);
    if (rc == SQLITE_OK && (parts.collate || collate)) {
        const char *name = collate ? collate : parts.collate;
        int binary = collate && (!strcmp(collate, "C") || !strcmp(collate, "POSIX"));
        char *text =
            binary ? sqlite3_mprintf("COLLATE BINARY") : sqlite3_mprintf("COLLATE \"%w\"", name);
        rc = pga_add_clause_text(r, c, text);
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

/* ---- Columns ----------------------------------------------------------------------------------
 */

static const char *pga_int_type(lw_kind k)
{
    k = pga_plain_kind(k);
    return k == LW_K_INT2 ? "int2" : k == LW_K_INT4 ? "int4" : "int8";
}

/* A default checked against the column's type when it is a constant, as PostgreSQL
 * coerces it when the default is set (22P02 for 'old' in an integer column). */
static int pga_check_default(run *r, const lw_sql_type *ty, const char *expr, lw_dialect_error *err)
{
    char *conv = pga_conversion(LW_K_UNKNOWN_LITERAL, ty, expr);
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
            pga_take_message(err, rc, sqlite3_mprintf("%s", sqlite3_errmsg(r->db)));
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_NOMEM ? pga_oom(err) : rc;
}

static char *pga_default_clause(const pg_constraint *c)
{
    return c->expr_literal ? sqlite3_mprintf("DEFAULT %s", c->expr)
                           : sqlite3_mprintf("DEFAULT (%s)", c->expr);
}

/* ADD COLUMN: the type's parts, SERIAL or IDENTITY through an owned sequence, the
 * column's constraints with PostgreSQL's names. */
int pga_add_column(run *r, pg_action *act, lw_dialect_error *err)
{
    int twin = pga_case_twin(r, act->column, err);
    if (twin)
        return twin;
    if (pga_find_column(r, act->column) >= 0) {
        if (act->if_exists)
            return SQLITE_OK;
        return pga_fail(err, "42701", "column \"%s\" of relation \"%s\" already exists",
                        act->column, r->a.table);
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
        return pga_fail(err, "42601",
                        "multiple default values specified for column \"%s\" of table \"%s\"",
                        act->column, r->a.table);
    if (def && def->expr_literal && (rc = pga_check_default(r, &act->type, def->expr, err)))
        return rc;
    int i = lw_alter_add_column(&r->a, &col, NULL);
    if (i < 0)
        return pga_oom(err);
    lw_tm_column *c = &r->a.model.cols[i];
    if (serial) {
        seq = sqlite3_mprintf("%s_%s_seq", r->a.table, act->column);
        lw_kind k = pga_plain_kind(act->type.kind);
        char *text = sqlite3_mprintf("DEFAULT (pg_serial_nextval('%q'))", seq);
        rc = !seq || !text ? SQLITE_NOMEM
                           : lw_tm_set_type(&r->a.model, c,
                                            k == LW_K_INT8   ? "BIGINT"
                                            : k == LW_K_INT2 ? "SMALLINT"
                                                             : "INT");
        if (rc == SQLITE_OK)
            rc = pga_add_clause_text(r, c, "NOT NULL");
        if (rc == SQLITE_OK)
            rc = pga_add_clause_text(r, c, text);
        sqlite3_free(text);
        if (rc == SQLITE_OK)
            rc = pga_add_op(r, OP_SEQ_CREATE, seq, pga_int_type(k), act->column, 0);
        if (rc == SQLITE_OK && act->identity == 2) {
            char *trigger = lw_pg_identity_trigger(r->a.table, act->column, seq);
            rc = trigger ? lw_alter_add_index(&r->a, trigger) : SQLITE_NOMEM;
            sqlite3_free(trigger);
        }
        r->a.rebuild = 1; /* a DEFAULT per row: SQLite's ADD COLUMN takes constants only */
    } else {
        rc = pga_set_column_type(r, c, &act->type, act->collate);
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
            text = pga_default_clause(pc);
            break;
        case LW_TM_COLLATE:
            text = !strcmp(pc->expr, "C") || !strcmp(pc->expr, "POSIX")
                       ? sqlite3_mprintf("COLLATE BINARY")
                       : sqlite3_mprintf("COLLATE \"%w\"", pc->expr);
            break;
        case LW_TM_PRIMARY_KEY:
            if (pga_has_primary_key(r)) {
                rc =
                    pga_fail(err, "42P16", "multiple primary keys for table \"%s\" are not allowed",
                             r->a.table, NULL);
                break;
            }
            /* fall through */
        case LW_TM_UNIQUE:
        case LW_TM_CHECK:
        case LW_TM_FOREIGN_KEY: {
            if (pc->kind == LW_TM_FOREIGN_KEY) {
                lw_tm_names_add(&pc->cols, act->column, -1);
                if ((rc = pga_check_referenced(r, pc, err)) != SQLITE_OK)
                    break;
            }
            if (!(name = pga_constraint_name(r, pc, &one, err))) {
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
                pga_references_text(&b, pc);
            text = lw_sqlbuf_finish(&b);
            if (pc->kind == LW_TM_PRIMARY_KEY && rc == SQLITE_OK)
                rc = pga_add_clause_text(r, c, "NOT NULL");
            break;
        }
        default:
            break;
        }
        sqlite3_free(name);
        if (rc == SQLITE_OK)
            rc = text ? pga_add_clause_text(r, &r->a.model.cols[i], text) : SQLITE_NOMEM;
        sqlite3_free(text);
    }
    /* The rows already there hold the default converted as the column stores values
     * (the rebuild's copy runs without the conversion triggers). */
    if (rc == SQLITE_OK && def && r->a.rebuild) {
        lw_sql_type ty;
        lw_kind k = pga_column_kind(r, &r->a.model.cols[i], &ty);
        if (k == LW_K_NUMERIC || k == LW_K_BOOL || k == LW_K_JSONB || k == LW_K_UUID ||
            pga_is_datetime(k) || k == LW_K_BYTEA) {
            char *paren = sqlite3_mprintf("(%s)", def->expr);
            char *value = paren ? pga_conversion(def->expr_kind, &ty, paren) : NULL;
            rc = value ? lw_alter_set_value(&r->a, i, value) : SQLITE_NOMEM;
            sqlite3_free(paren);
            sqlite3_free(value);
        }
    }
    sqlite3_free(seq);
    lw_tm_free(&scratch);
    return rc == SQLITE_NOMEM ? pga_oom(err) : rc;
}

int pga_drop_column(run *r, pg_action *act, lw_dialect_error *err)
{
    int i = pga_find_column(r, act->column);
    if (i < 0) {
        if (act->if_exists)
            return SQLITE_OK;
        return pga_fail(err, "42703", "column \"%s\" of relation \"%s\" does not exist",
                        act->column, r->a.table);
    }
    /* Foreign keys of other tables that refer to the column. */
    lw_alter_reference *refs = NULL;
    int n = lw_alter_references(&r->a, act->column, &refs), rc = SQLITE_OK;
    if (n < 0)
        return pga_oom(err);
    for (int k = 0; k < n && rc == SQLITE_OK; k++) {
        if (!sqlite3_stricmp(refs[k].child, r->a.table))
            continue; /* this table's own: rebuilt below */
        if (!act->cascade)
            rc = pga_fail(err, "2BP01",
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
            return pga_oom(err);
        rc = lw_pg_attnums(r->db, r->a.table, r->a.old.n_cols, attnums, &msg);
        if (rc == SQLITE_OK)
            rc = pga_add_op(r, OP_DROPPED_ATTNUM, NULL, NULL, NULL, attnums[r->a.origin[i]]);
        sqlite3_free(attnums);
        if (rc != SQLITE_OK)
            return pga_take_message(err, rc, msg);
    }
    if ((rc = pga_add_op(r, OP_SEQ_DROP, NULL, NULL, act->column, 0)) != SQLITE_OK)
        return pga_oom(err);
    r->dropping = act->column;
    r->a.cascade |= act->cascade;
    rc = lw_alter_drop_column(&r->a, i);
    return rc ? pga_oom(err) : SQLITE_OK;
}

/* The first view that reads column of the table (it names both, or selects * from the
 * table), or NULL: PostgreSQL refuses to change the type of a column a view uses. */
static char *pga_view_using(run *r, const char *column)
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

int pga_alter_type(run *r, pg_action *act, lw_dialect_error *err)
{
    int i = pga_find_column(r, act->column);
    if (i < 0)
        return pga_fail(err, "42703", "column \"%s\" of relation \"%s\" does not exist",
                        act->column, r->a.table);
    lw_tm_column *c = &r->a.model.cols[i];
    char *view = r->a.origin[i] >= 0 ? pga_view_using(r, act->column) : NULL;
    if (view) {
        lw_dialect_error_set(err, "0A000", 1235,
                             "cannot alter type of a column used by a view or rule");
        sqlite3_free(view);
        return SQLITE_ERROR;
    }
    lw_sql_type old_ty;
    lw_kind from = act->expr ? act->expr_kind : pga_column_kind(r, c, &old_ty);
    if (!pga_assignable(from, act->type.kind)) {
        char *name = pga_type_name(r, &act->type);
        int rc = pga_fail(err, "42804",
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
    char *value = paren ? pga_conversion(from, &act->type, paren) : NULL;
    sqlite3_free(paren);
    int rc = value || !source ? lw_alter_set_value(&r->a, i, value) : SQLITE_NOMEM;
    sqlite3_free(value);
    if (rc == SQLITE_OK)
        rc = pga_set_column_type(r, c, &act->type, act->collate);
    return rc == SQLITE_NOMEM ? pga_oom(err) : rc;
}

int pga_alter_column(run *r, pg_action *act, lw_dialect_error *err)
{
    int i = pga_find_column(r, act->column);
    if (i < 0)
        return pga_fail(err, "42703", "column \"%s\" of relation \"%s\" does not exist",
                        act->column, r->a.table);
    lw_tm_column *c = &r->a.model.cols[i];
    int rc = SQLITE_OK;
    switch (act->kind) {
    case PG_SET_DEFAULT: {
        lw_sql_type ty;
        if (act->expr_literal && pga_column_kind(r, c, &ty) != LW_K_UNKNOWN &&
            (rc = pga_check_default(r, &ty, act->expr, err)) != SQLITE_OK)
            return rc;
        pga_remove_clauses(r, c, LW_TM_DEFAULT, 0);
        pg_constraint def = {.expr = act->expr, .expr_literal = act->expr_literal};
        char *text = pga_default_clause(&def);
        rc = text ? pga_add_clause_text(r, c, text) : SQLITE_NOMEM;
        sqlite3_free(text);
        r->a.rebuild = 1;
        break;
    }
    case PG_DROP_DEFAULT:
        if (lw_tm_column_clause(c, LW_TM_DEFAULT)) {
            pga_remove_clauses(r, c, LW_TM_DEFAULT, 0);
            r->a.rebuild = 1;
        }
        break;
    case PG_SET_NOT_NULL:
        if (!lw_tm_column_clause(c, LW_TM_NOT_NULL) && !pga_in_primary_key(r, i) &&
            (rc = pga_check_no_nulls(r, i, err)) != SQLITE_OK)
            return rc;
        rc = pga_set_not_null(r, i);
        break;
    case PG_DROP_NOT_NULL:
        if (pga_in_primary_key(r, i))
            return pga_fail(err, "42P16", "column \"%s\" is in a primary key", act->column, NULL);
        if (lw_tm_column_clause(c, LW_TM_NOT_NULL)) {
            pga_remove_clauses(r, c, LW_TM_NOT_NULL, 0);
            r->a.rebuild = 1;
        }
        break;
    default:
        break;
    }
    return rc == SQLITE_NOMEM ? pga_oom(err) : rc;
}
