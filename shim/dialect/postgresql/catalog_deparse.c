/*
 * What the postgresql dialect's catalog shows of expressions and indexes, as PostgreSQL's
 * pg_get_expr and pg_get_indexdef show them (catalog.c): PostgreSQL's type names of the
 * declared types the dialect writes, quote_ident, a column's default (nextval('s'::regclass),
 * 'x'::text, -1 as '-1'::integer), an index predicate read from SQLite's text
 * ((NOT deleted), ((status)::text = 'draft'::text): columns, constants, comparisons, IS
 * [NOT] NULL, NOT, AND, OR; anything else in SQLite's spelling, in parentheses) and an
 * index's definition with its operator classes.
 */
#include "dialect/postgresql/catalog_int.h"

static const lw_dialect_rules *rules(void)
{
    return lw_dialect_postgresql.rules;
}

/* The PostgreSQL type of a declared type: its kind and modifiers. */
lw_kind cat_kind_of(const char *declared, lw_sql_type *ty)
{
    if (lw_ddl_type_of_declared(rules(), declared ? declared : "", ty))
        return ty->kind = LW_K_UNKNOWN;
    return ty->kind;
}

const char *cat_data_type(lw_kind k)
{
    const char *name = k < LW_K_COUNT ? rules()->kinds[k].name : NULL;
    return name;
}

const char *cat_udt_name(lw_kind k)
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
    case LW_K_TIME:
        return "time";
    case LW_K_TIMETZ:
        return "timetz";
    case LW_K_INTERVAL:
        return "interval";
    default:
        return NULL;
    }
}

const char *cat_interval_fields(long long fields)
{
    /* The qualifiers PostgreSQL's grammar accepts, as information_schema spells them. */
    static const struct {
        long long mask;
        const char *name;
    } qualifiers[] = {
        {LW_FIELD_YEAR, "YEAR"},
        {LW_FIELD_MONTH, "MONTH"},
        {LW_FIELD_DAY, "DAY"},
        {LW_FIELD_HOUR, "HOUR"},
        {LW_FIELD_MINUTE, "MINUTE"},
        {LW_FIELD_SECOND, "SECOND"},
        {LW_FIELD_YEAR | LW_FIELD_MONTH, "YEAR TO MONTH"},
        {LW_FIELD_DAY | LW_FIELD_HOUR, "DAY TO HOUR"},
        {LW_FIELD_DAY | LW_FIELD_HOUR | LW_FIELD_MINUTE, "DAY TO MINUTE"},
        {LW_FIELD_DAY | LW_FIELD_HOUR | LW_FIELD_MINUTE | LW_FIELD_SECOND, "DAY TO SECOND"},
        {LW_FIELD_HOUR | LW_FIELD_MINUTE, "HOUR TO MINUTE"},
        {LW_FIELD_HOUR | LW_FIELD_MINUTE | LW_FIELD_SECOND, "HOUR TO SECOND"},
        {LW_FIELD_MINUTE | LW_FIELD_SECOND, "MINUTE TO SECOND"},
    };
    for (size_t i = 0; fields >= 0 && i < sizeof qualifiers / sizeof qualifiers[0]; i++)
        if (qualifiers[i].mask == fields)
            return qualifiers[i].name;
    return NULL;
}

/* format_type's name of a kind, without modifiers (a cast's type in a default). */
const char *cat_cast_type_name(lw_kind k)
{
    return k == LW_K_BPCHAR ? "bpchar" : cat_data_type(k) ? cat_data_type(k) : "text";
}

/* cat_quote_ident: bare when the name is lower-case letters, digits, _ and $ and no
 * keyword PostgreSQL reserves for names. */
char *cat_quote_ident(const char *name)
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
        o.kind = cat_kind_of(r->m->cols[i].type, &ty);
        o.text = cat_quote_ident(r->m->cols[i].name);
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
        typed = sqlite3_mprintf("%s::%s", lit->text, cat_cast_type_name(col->kind));
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
char *cat_deparse_predicate(const char *sql, const lw_table_model *m)
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
char *cat_deparse_default(const char *expr, lw_kind kind)
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
                                  cat_cast_type_name(kind));
        } else if (n == 1 && t[0]->type == LW_TK_STRING) {
            if (number_kind) {
                char *v = sqlite3_mprintf("%.*s", (int)t[0]->length - 2, text + 1);
                char *end = NULL;
                if (v)
                    strtod(v, &end);
                out = v && end && !*end && *v ? sqlite3_mprintf("%s", v)
                                              : sqlite3_mprintf("%.*s::%s", (int)t[0]->length, text,
                                                                cat_cast_type_name(kind));
                sqlite3_free(v);
            } else {
                out =
                    sqlite3_mprintf("%.*s::%s", (int)t[0]->length, text, cat_cast_type_name(kind));
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

/* pg_get_indexdef of a constraint's index. */
char *cat_key_index_def(const char *table, const char *name, const lw_tm_constraint *c)
{
    lw_sqlbuf b = {0};
    char *qn = cat_quote_ident(name), *qt = cat_quote_ident(table);
    lw_sqlbuf_appendf(&b, "CREATE UNIQUE INDEX %s ON public.%s USING btree (", qn, qt);
    for (int k = 0; k < c->n_cols; k++) {
        char *q = cat_quote_ident(c->cols[k]);
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
char *cat_index_def(const char *name, const char *table, const char *sql, const lw_table_model *m)
{
    lw_tokens toks = {0};
    lw_lex_error lerr = {NULL, 0};
    if (lw_lex(sql, strlen(sql), 0, &toks, &lerr)) {
        lw_tokens_free(&toks);
        return NULL;
    }
    lw_sqlbuf b = {0};
    char *qn = cat_quote_ident(name), *qt = cat_quote_ident(table);
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
            char *q = cat_quote_ident(col);
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
            char *pred = cat_deparse_predicate(sql + toks.items[i].offset + 5, m);
            lw_sqlbuf_appendf(&b, " WHERE %s", pred ? pred : "");
            sqlite3_free(pred);
            break;
        }
    sqlite3_free(qn);
    sqlite3_free(qt);
    lw_tokens_free(&toks);
    return lw_sqlbuf_finish(&b);
}
