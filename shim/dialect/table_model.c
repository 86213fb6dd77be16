/*
 * A table's definition as data (table_model.h): SQLite's CREATE TABLE read into columns,
 * clauses and constraints through the shim's lexer, and written back.
 *
 * The grammar is SQLite's (lang_createtable.html): a column's declared type is every
 * token up to the first clause keyword, a clause runs to the next clause keyword at
 * its own parenthesis level, a DEFAULT takes one value (a signed number, a literal, a
 * word, or a parenthesised expression). Texts are cut from the statement by token
 * offsets, so comments and spelling inside a clause are kept as they were.
 */
#include "dialect/table_model.h"

#include <string.h>

#include "core/lexer.h"
#include "core/sqlbuf.h"

/* ---- Names -------------------------------------------------------------------------- */

int lw_tm_names_add(lw_tm_names *list, const char *name, int len)
{
    char **grown = sqlite3_realloc64(list->v, (size_t)(list->n + 1) * sizeof *grown);
    if (!grown)
        return LW_TM_ENOMEM;
    list->v = grown;
    char *copy = len < 0 ? sqlite3_mprintf("%s", name) : sqlite3_mprintf("%.*s", len, name);
    if (!copy)
        return LW_TM_ENOMEM;
    list->v[list->n++] = copy;
    return LW_TM_OK;
}

void lw_tm_names_free(lw_tm_names *list)
{
    for (int i = 0; i < list->n; i++)
        sqlite3_free(list->v[i]);
    sqlite3_free(list->v);
    list->v = NULL;
    list->n = 0;
}

static int names_copy(lw_tm_names *to, const lw_tm_names *from)
{
    memset(to, 0, sizeof *to);
    for (int i = 0; i < from->n; i++)
        if (lw_tm_names_add(to, from->v[i], -1))
            return LW_TM_ENOMEM;
    return LW_TM_OK;
}

/* ---- The token cursor ------------------------------------------------------------------ */

typedef struct cursor {
    const char *sql;
    const lw_token *tk;
    size_t *at; /* meaningful tokens */
    size_t n, p;
    int rc;
} cursor;

static const lw_token *tok(const cursor *c, size_t k)
{
    return c->p + k < c->n ? &c->tk[c->at[c->p + k]] : NULL;
}

static int is_word(const cursor *c, size_t k, const char *word)
{
    const lw_token *t = tok(c, k);
    return t && lw_token_is_word(c->sql, t, word);
}

static int is_type(const cursor *c, size_t k, int type)
{
    const lw_token *t = tok(c, k);
    return t && t->type == type;
}

static int is_name(const cursor *c, size_t k)
{
    const lw_token *t = tok(c, k);
    return t && (t->type == LW_TK_WORD || t->type == LW_TK_QIDENT || t->type == LW_TK_STRING);
}

static int fail(cursor *c, int rc)
{
    if (!c->rc)
        c->rc = rc;
    return c->rc;
}

/* The bytes of meaningful tokens [from, to) (positions), as written. */
static char *span_text(const cursor *c, size_t from, size_t to)
{
    if (to > c->n)
        to = c->n;
    if (from >= to)
        return sqlite3_mprintf("");
    const lw_token *a = &c->tk[c->at[from]], *b = &c->tk[c->at[to - 1]];
    return sqlite3_mprintf("%.*s", (int)(b->offset + b->length - a->offset), c->sql + a->offset);
}

/* The name token k ahead, unquoted ("a""b" -> a"b, [x], `x`, 'x'). */
static char *name_text(const cursor *c, size_t k)
{
    const lw_token *t = tok(c, k);
    if (!t)
        return NULL;
    const char *s = c->sql + t->offset;
    if (t->type == LW_TK_WORD)
        return sqlite3_mprintf("%.*s", (int)t->length, s);
    if (t->length < 2)
        return sqlite3_mprintf("");
    char close = s[0] == '[' ? ']' : s[0];
    lw_sqlbuf b = {0};
    for (uint32_t i = 1; i + 1 < t->length; i++) {
        lw_sqlbuf_append(&b, s + i, 1);
        if (s[i] == close && s[0] != '[' && i + 2 < t->length && s[i + 1] == close)
            i++;
    }
    if (!b.s)
        lw_sqlbuf_append(&b, "", 0);
    return lw_sqlbuf_finish(&b);
}

/* Position just past the parenthesis group starting at the current token. */
static size_t group_end(const cursor *c)
{
    int level = 0;
    for (size_t k = c->p; k < c->n; k++) {
        int type = c->tk[c->at[k]].type;
        if (type == LW_TK_LPAREN)
            level++;
        else if (type == LW_TK_RPAREN && --level == 0)
            return k + 1;
    }
    return c->n;
}

/* ---- Clauses ---------------------------------------------------------------------------- */

static const char *const clause_words[] = {
    "constraint", "primary",    "not",       "null", "unique",  "check", "default",
    "collate",    "references", "generated", "as",   "foreign", NULL};

static int at_clause_word(const cursor *c)
{
    for (const char *const *w = clause_words; *w; w++)
        if (is_word(c, 0, *w))
            return 1;
    return 0;
}

/* ON CONFLICT <resolution> after a constraint. */
static void skip_conflict(cursor *c)
{
    if (is_word(c, 0, "on") && is_word(c, 1, "conflict"))
        c->p += 3;
}

/* ( column [COLLATE x] [ASC|DESC], ... ): the key columns, names or expression texts. */
static void key_columns(cursor *c, lw_tm_names *cols)
{
    if (!is_type(c, 0, LW_TK_LPAREN)) {
        fail(c, LW_TM_ESYNTAX);
        return;
    }
    size_t end = group_end(c);
    c->p++;
    while (!c->rc && c->p + 1 < end) {
        size_t start = c->p;
        int level = 0;
        while (c->p + 1 < end) {
            int type = tok(c, 0)->type;
            if (type == LW_TK_LPAREN)
                level++;
            else if (type == LW_TK_RPAREN)
                level--;
            else if (type == LW_TK_COMMA && level == 0)
                break;
            c->p++;
        }
        size_t item_end = c->p;
        /* A bare name, possibly followed by COLLATE x and ASC/DESC. */
        cursor probe = *c;
        probe.p = start;
        int bare = is_name(&probe, 0) && (start + 1 == item_end || is_word(&probe, 1, "collate") ||
                                          is_word(&probe, 1, "asc") || is_word(&probe, 1, "desc"));
        char *name = bare ? name_text(&probe, 0) : span_text(c, start, item_end);
        if (!name || lw_tm_names_add(cols, name, -1))
            fail(c, LW_TM_ENOMEM);
        sqlite3_free(name);
        if (is_type(c, 0, LW_TK_COMMA))
            c->p++;
    }
    c->p = end;
}

static void set_action(char *out, const cursor *c)
{
    if (is_word(c, 0, "set") && is_word(c, 1, "null"))
        strcpy(out, "SET NULL");
    else if (is_word(c, 0, "set") && is_word(c, 1, "default"))
        strcpy(out, "SET DEFAULT");
    else if (is_word(c, 0, "cascade"))
        strcpy(out, "CASCADE");
    else if (is_word(c, 0, "restrict"))
        strcpy(out, "RESTRICT");
    else
        strcpy(out, "NO ACTION");
}

/* REFERENCES table [(cols)] [ON DELETE|UPDATE action | MATCH x]... [[NOT] DEFERRABLE
 * [INITIALLY DEFERRED|IMMEDIATE]] */
static void fk_clause(cursor *c, lw_tm_clause *cl)
{
    c->p++; /* REFERENCES */
    if (!is_name(c, 0)) {
        fail(c, LW_TM_ESYNTAX);
        return;
    }
    cl->ref_table = name_text(c, 0);
    if (!cl->ref_table)
        fail(c, LW_TM_ENOMEM);
    c->p++;
    if (is_type(c, 0, LW_TK_LPAREN))
        key_columns(c, &cl->ref_cols);
    while (!c->rc) {
        if (is_word(c, 0, "on") && (is_word(c, 1, "delete") || is_word(c, 1, "update"))) {
            char *action = is_word(c, 1, "delete") ? cl->on_delete : cl->on_update;
            c->p += 2;
            set_action(action, c);
            c->p += (is_word(c, 0, "set") || is_word(c, 0, "no")) ? 2 : 1;
        } else if (is_word(c, 0, "match")) {
            c->p += 2;
        } else if (is_word(c, 0, "not") && is_word(c, 1, "deferrable")) {
            c->p += 2;
            cl->deferrable = 0;
            if (is_word(c, 0, "initially"))
                c->p += 2;
        } else if (is_word(c, 0, "deferrable")) {
            c->p++;
            cl->deferrable = 1;
            if (is_word(c, 0, "initially")) {
                cl->initially_deferred = is_word(c, 1, "deferred");
                c->p += 2;
            }
        } else {
            break;
        }
    }
}

/* The text inside the parenthesis group at the current token; moves past it. */
static char *group_inside(cursor *c)
{
    if (!is_type(c, 0, LW_TK_LPAREN)) {
        fail(c, LW_TM_ESYNTAX);
        return NULL;
    }
    size_t end = group_end(c);
    char *s = span_text(c, c->p + 1, end - 1);
    if (!s)
        fail(c, LW_TM_ENOMEM);
    c->p = end;
    return s;
}

/* One clause at the current token (column clause, or table constraint when
 * table_level), into *cl. */
static void parse_clause(cursor *c, int table_level, lw_tm_clause *cl)
{
    memset(cl, 0, sizeof *cl);
    strcpy(cl->on_delete, "NO ACTION");
    strcpy(cl->on_update, "NO ACTION");
    if (is_word(c, 0, "constraint")) {
        if (!is_name(c, 1)) {
            fail(c, LW_TM_ESYNTAX);
            return;
        }
        cl->name = name_text(c, 1);
        if (!cl->name)
            fail(c, LW_TM_ENOMEM);
        c->p += 2;
    }
    size_t start = c->p;
    if (is_word(c, 0, "primary") && is_word(c, 1, "key")) {
        cl->kind = LW_TM_PRIMARY_KEY;
        c->p += 2;
        if (table_level) {
            key_columns(c, &cl->cols);
        } else if (is_word(c, 0, "asc") || is_word(c, 0, "desc")) {
            cl->desc = is_word(c, 0, "desc");
            c->p++;
        }
        skip_conflict(c);
        if (is_word(c, 0, "autoincrement"))
            c->p++;
    } else if (!table_level && is_word(c, 0, "not") && is_word(c, 1, "null")) {
        cl->kind = LW_TM_NOT_NULL;
        c->p += 2;
        skip_conflict(c);
    } else if (!table_level && is_word(c, 0, "null")) {
        cl->kind = LW_TM_NULL;
        c->p++;
        skip_conflict(c);
    } else if (is_word(c, 0, "unique")) {
        cl->kind = LW_TM_UNIQUE;
        c->p++;
        if (table_level)
            key_columns(c, &cl->cols);
        skip_conflict(c);
    } else if (is_word(c, 0, "check")) {
        cl->kind = LW_TM_CHECK;
        c->p++;
        cl->expr = group_inside(c);
    } else if (!table_level && is_word(c, 0, "default")) {
        cl->kind = LW_TM_DEFAULT;
        c->p++;
        if (is_type(c, 0, LW_TK_LPAREN)) {
            cl->expr = group_inside(c);
        } else {
            size_t from = c->p;
            const lw_token *t = tok(c, 0);
            if (t && t->type == LW_TK_OPERATOR && t->length == 1 &&
                (c->sql[t->offset] == '-' || c->sql[t->offset] == '+'))
                c->p++;
            if (!tok(c, 0)) {
                fail(c, LW_TM_ESYNTAX);
                return;
            }
            c->p++;
            cl->expr = span_text(c, from, c->p);
            if (!cl->expr)
                fail(c, LW_TM_ENOMEM);
        }
    } else if (!table_level && is_word(c, 0, "collate")) {
        cl->kind = LW_TM_COLLATE;
        if (!is_name(c, 1)) {
            fail(c, LW_TM_ESYNTAX);
            return;
        }
        cl->expr = name_text(c, 1);
        if (!cl->expr)
            fail(c, LW_TM_ENOMEM);
        c->p += 2;
    } else if (!table_level && is_word(c, 0, "references")) {
        cl->kind = LW_TM_FOREIGN_KEY;
        fk_clause(c, cl);
    } else if (table_level && is_word(c, 0, "foreign") && is_word(c, 1, "key")) {
        cl->kind = LW_TM_FOREIGN_KEY;
        c->p += 2;
        key_columns(c, &cl->cols);
        if (!c->rc && !is_word(c, 0, "references"))
            fail(c, LW_TM_ESYNTAX);
        if (!c->rc)
            fk_clause(c, cl);
    } else if (!table_level && (is_word(c, 0, "generated") || is_word(c, 0, "as"))) {
        cl->kind = LW_TM_GENERATED;
        if (is_word(c, 0, "generated"))
            c->p += 2; /* GENERATED ALWAYS */
        if (!is_word(c, 0, "as")) {
            fail(c, LW_TM_ESYNTAX);
            return;
        }
        c->p++;
        cl->expr = group_inside(c);
        if (is_word(c, 0, "stored") || is_word(c, 0, "virtual"))
            c->p++;
    } else {
        fail(c, LW_TM_ESYNTAX);
        return;
    }
    if (!c->rc && c->p > c->n)
        fail(c, LW_TM_ESYNTAX); /* the clause ended before its last word */
    if (!c->rc) {
        cl->body = span_text(c, start, c->p);
        if (!cl->body)
            fail(c, LW_TM_ENOMEM);
    }
}

static int lex_cursor(const char *sql, lw_tokens *toks, cursor *c)
{
    memset(c, 0, sizeof *c);
    lw_lex_error lerr = {NULL, 0};
    int rc = lw_lex(sql, strlen(sql), 0, toks, &lerr);
    if (rc)
        return rc == -2 ? LW_TM_ENOMEM : LW_TM_ESYNTAX;
    c->sql = sql;
    c->tk = toks->items;
    c->at = sqlite3_malloc64((toks->len ? toks->len : 1) * sizeof *c->at);
    if (!c->at)
        return LW_TM_ENOMEM;
    for (size_t i = 0; i < toks->len; i++)
        if (!lw_token_is_blank(&toks->items[i]))
            c->at[c->n++] = i;
    return LW_TM_OK;
}

int lw_tm_parse_clause(const char *text, int table_level, lw_tm_clause *out)
{
    lw_tokens toks = {0};
    cursor c;
    memset(out, 0, sizeof *out);
    int rc = lex_cursor(text, &toks, &c);
    if (rc == LW_TM_OK) {
        parse_clause(&c, table_level, out);
        rc = c.rc ? c.rc : c.p == c.n ? LW_TM_OK : LW_TM_ESYNTAX;
    }
    sqlite3_free(c.at);
    lw_tokens_free(&toks);
    return rc;
}

void lw_tm_clause_free(lw_tm_clause *c)
{
    sqlite3_free(c->name);
    sqlite3_free(c->body);
    sqlite3_free(c->expr);
    sqlite3_free(c->ref_table);
    lw_tm_names_free(&c->cols);
    lw_tm_names_free(&c->ref_cols);
    memset(c, 0, sizeof *c);
}

static char *dup_or_null(const char *s, int *oom)
{
    if (!s)
        return NULL;
    char *copy = sqlite3_mprintf("%s", s);
    if (!copy)
        *oom = 1;
    return copy;
}

int lw_tm_clause_copy(lw_tm_clause *to, const lw_tm_clause *from)
{
    int oom = 0;
    *to = *from;
    to->name = dup_or_null(from->name, &oom);
    to->body = dup_or_null(from->body, &oom);
    to->expr = dup_or_null(from->expr, &oom);
    to->ref_table = dup_or_null(from->ref_table, &oom);
    oom |= names_copy(&to->cols, &from->cols) != 0;
    oom |= names_copy(&to->ref_cols, &from->ref_cols) != 0;
    return oom ? LW_TM_ENOMEM : LW_TM_OK;
}

/* ---- Tables ------------------------------------------------------------------------------ */

static int push_clause(lw_tm_clause **list, int *n, const lw_tm_clause *cl)
{
    lw_tm_clause *grown = sqlite3_realloc64(*list, (size_t)(*n + 1) * sizeof *grown);
    if (!grown)
        return LW_TM_ENOMEM;
    *list = grown;
    grown[(*n)++] = *cl;
    return LW_TM_OK;
}

static void parse_column(cursor *c, lw_table_model *m)
{
    lw_tm_column *col = lw_tm_add_column(m, "", "");
    if (!col) {
        fail(c, LW_TM_ENOMEM);
        return;
    }
    sqlite3_free(col->name);
    col->name = name_text(c, 0);
    if (!col->name) {
        fail(c, LW_TM_ENOMEM);
        return;
    }
    c->p++;
    size_t type_start = c->p;
    while (c->p < c->n && !at_clause_word(c) && !is_type(c, 0, LW_TK_COMMA) &&
           !is_type(c, 0, LW_TK_RPAREN)) {
        if (is_type(c, 0, LW_TK_LPAREN))
            c->p = group_end(c);
        else
            c->p++;
    }
    sqlite3_free(col->type);
    col->type = span_text(c, type_start, c->p);
    if (!col->type) {
        fail(c, LW_TM_ENOMEM);
        return;
    }
    while (!c->rc && c->p < c->n && !is_type(c, 0, LW_TK_COMMA) && !is_type(c, 0, LW_TK_RPAREN)) {
        lw_tm_clause cl;
        parse_clause(c, 0, &cl);
        if (c->rc || push_clause(&col->clauses, &col->n_clauses, &cl)) {
            lw_tm_clause_free(&cl);
            fail(c, LW_TM_ENOMEM);
        }
    }
}

int lw_tm_parse(const char *sql, lw_table_model *m)
{
    memset(m, 0, sizeof *m);
    lw_tokens toks = {0};
    cursor c;
    int rc = lex_cursor(sql, &toks, &c);
    if (rc) {
        sqlite3_free(c.at);
        lw_tokens_free(&toks);
        return rc;
    }
    if (!is_word(&c, 0, "create"))
        fail(&c, LW_TM_ESYNTAX);
    c.p++;
    if (is_word(&c, 0, "temp") || is_word(&c, 0, "temporary"))
        c.p++;
    if (!is_word(&c, 0, "table"))
        fail(&c, LW_TM_ESYNTAX);
    c.p++;
    if (is_word(&c, 0, "if") && is_word(&c, 1, "not") && is_word(&c, 2, "exists"))
        c.p += 3;
    if (is_name(&c, 0) && is_type(&c, 1, LW_TK_DOT))
        c.p += 2;
    if (!c.rc && !is_name(&c, 0))
        fail(&c, LW_TM_ESYNTAX);
    if (!c.rc && !(m->name = name_text(&c, 0)))
        fail(&c, LW_TM_ENOMEM);
    c.p++;
    if (!c.rc && !is_type(&c, 0, LW_TK_LPAREN))
        fail(&c, LW_TM_ESYNTAX);
    c.p++;
    while (!c.rc && c.p < c.n) {
        if (is_word(&c, 0, "constraint") || (is_word(&c, 0, "primary") && is_word(&c, 1, "key")) ||
            is_word(&c, 0, "unique") || is_word(&c, 0, "check") ||
            (is_word(&c, 0, "foreign") && is_word(&c, 1, "key"))) {
            lw_tm_clause cl;
            parse_clause(&c, 1, &cl);
            if (c.rc || push_clause(&m->cons, &m->n_cons, &cl)) {
                lw_tm_clause_free(&cl);
                fail(&c, LW_TM_ENOMEM);
            }
        } else if (is_name(&c, 0)) {
            parse_column(&c, m);
        } else {
            fail(&c, LW_TM_ESYNTAX);
        }
        if (c.rc)
            break;
        if (is_type(&c, 0, LW_TK_COMMA)) {
            c.p++;
            continue;
        }
        if (!is_type(&c, 0, LW_TK_RPAREN))
            fail(&c, LW_TM_ESYNTAX);
        break;
    }
    if (!c.rc) {
        c.p++;
        m->options = span_text(&c, c.p, c.n);
        if (!m->options)
            fail(&c, LW_TM_ENOMEM);
    }
    if (!c.rc && !m->n_cols)
        fail(&c, LW_TM_ESYNTAX);
    rc = c.rc ? c.rc : m->oom ? LW_TM_ENOMEM : LW_TM_OK;
    sqlite3_free(c.at);
    lw_tokens_free(&toks);
    return rc;
}

int lw_tm_load(sqlite3 *db, const char *table, lw_table_model *m)
{
    memset(m, 0, sizeof *m);
    sqlite3_stmt *stmt = NULL;
    /* The name as written first, then as SQLite compares names. */
    int rc = sqlite3_prepare_v2(db,
                                "SELECT sql FROM main.sqlite_schema WHERE type = 'table' AND "
                                "name = ?1 COLLATE NOCASE ORDER BY name = ?1 DESC LIMIT 1",
                                -1, &stmt, NULL);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0))
        rc = lw_tm_parse((const char *)sqlite3_column_text(stmt, 0), m);
    else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        rc = LW_TM_ENOTFOUND;
    sqlite3_finalize(stmt);
    return rc;
}

static void column_free(lw_tm_column *c)
{
    sqlite3_free(c->name);
    sqlite3_free(c->type);
    for (int i = 0; i < c->n_clauses; i++)
        lw_tm_clause_free(&c->clauses[i]);
    sqlite3_free(c->clauses);
}

void lw_tm_free(lw_table_model *m)
{
    for (int i = 0; i < m->n_cols; i++)
        column_free(&m->cols[i]);
    sqlite3_free(m->cols);
    for (int i = 0; i < m->n_cons; i++)
        lw_tm_clause_free(&m->cons[i]);
    sqlite3_free(m->cons);
    sqlite3_free(m->name);
    sqlite3_free(m->options);
    memset(m, 0, sizeof *m);
}

int lw_tm_copy(lw_table_model *to, const lw_table_model *from)
{
    memset(to, 0, sizeof *to);
    int oom = 0;
    to->name = dup_or_null(from->name, &oom);
    to->options = dup_or_null(from->options, &oom);
    for (int i = 0; i < from->n_cols && !oom; i++) {
        const lw_tm_column *fc = &from->cols[i];
        lw_tm_column *c = lw_tm_add_column(to, fc->name, fc->type);
        if (!c) {
            oom = 1;
            break;
        }
        for (int k = 0; k < fc->n_clauses && !oom; k++)
            oom = lw_tm_add_clause(to, c, &fc->clauses[k]) != 0;
    }
    for (int k = 0; k < from->n_cons && !oom; k++)
        oom = lw_tm_add_clause(to, NULL, &from->cons[k]) != 0;
    if (oom)
        to->oom = 1;
    return oom ? LW_TM_ENOMEM : LW_TM_OK;
}

/* ---- Rendering ---------------------------------------------------------------------------- */

static void render_clause(lw_sqlbuf *b, const lw_tm_clause *cl)
{
    if (cl->name)
        lw_sqlbuf_appendf(b, "CONSTRAINT \"%w\" ", cl->name);
    lw_sqlbuf_appends(b, cl->body ? cl->body : "");
}

static void render_column(lw_sqlbuf *b, const lw_tm_column *c)
{
    lw_sqlbuf_appendf(b, "\"%w\"", c->name);
    if (c->type && *c->type)
        lw_sqlbuf_appendf(b, " %s", c->type);
    for (int i = 0; i < c->n_clauses; i++) {
        lw_sqlbuf_append(b, " ", 1);
        render_clause(b, &c->clauses[i]);
    }
}

char *lw_tm_render_column(const lw_tm_column *c)
{
    lw_sqlbuf b = {0};
    render_column(&b, c);
    return lw_sqlbuf_finish(&b);
}

char *lw_tm_render(const lw_table_model *m, const char *as_name)
{
    if (m->oom)
        return NULL;
    lw_sqlbuf b = {0};
    lw_sqlbuf_appendf(&b, "CREATE TABLE \"%w\" (", as_name ? as_name : m->name);
    for (int i = 0; i < m->n_cols; i++) {
        if (i)
            lw_sqlbuf_append(&b, ", ", 2);
        render_column(&b, &m->cols[i]);
    }
    for (int i = 0; i < m->n_cons; i++) {
        lw_sqlbuf_append(&b, ", ", 2);
        render_clause(&b, &m->cons[i]);
    }
    lw_sqlbuf_append(&b, ")", 1);
    if (m->options && *m->options)
        lw_sqlbuf_appendf(&b, " %s", m->options);
    return lw_sqlbuf_finish(&b);
}

/* ---- Looking up and changing ------------------------------------------------------------------
 */

int lw_tm_column_index(const lw_table_model *m, const char *name)
{
    for (int i = 0; i < m->n_cols; i++)
        if (sqlite3_stricmp(m->cols[i].name, name) == 0)
            return i;
    return -1;
}

lw_tm_clause *lw_tm_column_clause(const lw_tm_column *c, lw_tm_kind kind)
{
    for (int i = 0; i < c->n_clauses; i++)
        if (c->clauses[i].kind == kind)
            return &c->clauses[i];
    return NULL;
}

lw_tm_column *lw_tm_add_column(lw_table_model *m, const char *name, const char *type)
{
    lw_tm_column *grown = sqlite3_realloc64(m->cols, (size_t)(m->n_cols + 1) * sizeof *grown);
    if (!grown) {
        m->oom = 1;
        return NULL;
    }
    m->cols = grown;
    lw_tm_column *c = &grown[m->n_cols];
    memset(c, 0, sizeof *c);
    c->name = sqlite3_mprintf("%s", name);
    c->type = sqlite3_mprintf("%s", type ? type : "");
    if (!c->name || !c->type) {
        sqlite3_free(c->name);
        sqlite3_free(c->type);
        m->oom = 1;
        return NULL;
    }
    m->n_cols++;
    return c;
}

void lw_tm_remove_column(lw_table_model *m, int i)
{
    if (i < 0 || i >= m->n_cols)
        return;
    column_free(&m->cols[i]);
    memmove(&m->cols[i], &m->cols[i + 1], (size_t)(m->n_cols - i - 1) * sizeof *m->cols);
    m->n_cols--;
}

int lw_tm_add_clause(lw_table_model *m, lw_tm_column *column, const lw_tm_clause *clause)
{
    lw_tm_clause copy;
    if (lw_tm_clause_copy(&copy, clause) ||
        (column ? push_clause(&column->clauses, &column->n_clauses, &copy)
                : push_clause(&m->cons, &m->n_cons, &copy))) {
        lw_tm_clause_free(&copy);
        m->oom = 1;
        return LW_TM_ENOMEM;
    }
    return LW_TM_OK;
}

void lw_tm_remove_clause(lw_table_model *m, lw_tm_column *column, int i)
{
    lw_tm_clause *list = column ? column->clauses : m->cons;
    int *n = column ? &column->n_clauses : &m->n_cons;
    if (i < 0 || i >= *n)
        return;
    lw_tm_clause_free(&list[i]);
    memmove(&list[i], &list[i + 1], (size_t)(*n - i - 1) * sizeof *list);
    (*n)--;
}

int lw_tm_set_type(lw_table_model *m, lw_tm_column *column, const char *type)
{
    char *copy = sqlite3_mprintf("%s", type ? type : "");
    if (!copy) {
        m->oom = 1;
        return LW_TM_ENOMEM;
    }
    sqlite3_free(column->type);
    column->type = copy;
    return LW_TM_OK;
}

static int is_constraint_kind(lw_tm_kind k)
{
    return k == LW_TM_PRIMARY_KEY || k == LW_TM_UNIQUE || k == LW_TM_CHECK ||
           k == LW_TM_FOREIGN_KEY;
}

int lw_tm_constraints(const lw_table_model *m, lw_tm_constraint **out)
{
    *out = NULL;
    int n = 0;
    for (int i = 0; i < m->n_cols; i++)
        for (int k = 0; k < m->cols[i].n_clauses; k++)
            n += is_constraint_kind(m->cols[i].clauses[k].kind);
    for (int k = 0; k < m->n_cons; k++)
        n += is_constraint_kind(m->cons[k].kind);
    if (!n)
        return 0;
    lw_tm_constraint *list = sqlite3_malloc64((size_t)n * sizeof *list);
    if (!list)
        return LW_TM_ENOMEM;
    int j = 0;
    for (int i = 0; i < m->n_cols; i++)
        for (int k = 0; k < m->cols[i].n_clauses; k++) {
            lw_tm_clause *cl = &m->cols[i].clauses[k];
            if (!is_constraint_kind(cl->kind))
                continue;
            list[j++] = (lw_tm_constraint){cl, i, k, &m->cols[i].name, 1};
        }
    for (int k = 0; k < m->n_cons; k++) {
        lw_tm_clause *cl = &m->cons[k];
        if (is_constraint_kind(cl->kind))
            list[j++] = (lw_tm_constraint){cl, -1, k, cl->cols.v, cl->cols.n};
    }
    *out = list;
    return n;
}

int lw_tm_has_hidden_rowid(const lw_table_model *m)
{
    /* WITHOUT ROWID, in any spacing or case. */
    const char *o = m->options ? m->options : "";
    for (const char *p = o; *p; p++)
        if (sqlite3_strnicmp(p, "without", 7) == 0)
            return 0;
    for (int i = 0; i < m->n_cols; i++) {
        const lw_tm_column *c = &m->cols[i];
        lw_tm_clause *pk = lw_tm_column_clause(c, LW_TM_PRIMARY_KEY);
        if (pk && !pk->desc && sqlite3_stricmp(c->type, "INTEGER") == 0)
            return 0;
    }
    for (int k = 0; k < m->n_cons; k++)
        if (m->cons[k].kind == LW_TM_PRIMARY_KEY && m->cons[k].cols.n == 1) {
            int i = lw_tm_column_index(m, m->cons[k].cols.v[0]);
            if (i >= 0 && sqlite3_stricmp(m->cols[i].type, "INTEGER") == 0)
                return 0;
        }
    return 1;
}

int lw_tm_mentions(const char *sql, const char *col)
{
    lw_tokens toks = {0};
    cursor c;
    int found = 0;
    if (lex_cursor(sql, &toks, &c) == LW_TM_OK) {
        for (c.p = 0; c.p < c.n && !found; c.p++) {
            const lw_token *t = tok(&c, 0);
            if (t->type != LW_TK_WORD && t->type != LW_TK_QIDENT)
                continue;
            if (t->type == LW_TK_WORD && is_type(&c, 1, LW_TK_LPAREN))
                continue; /* a function's name */
            char *name = name_text(&c, 0);
            found = name && sqlite3_stricmp(name, col) == 0;
            sqlite3_free(name);
        }
    }
    sqlite3_free(c.at);
    lw_tokens_free(&toks);
    return found;
}
