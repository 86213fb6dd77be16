/*
 * CREATE TABLE t [AS] SELECT ... whose columns MariaDB types from its select list: a
 * column of the one table in FROM keeps its definition (type, collation, NOT NULL,
 * DEFAULT, COMMENT; an AUTO_INCREMENT column loses the attribute and, NOT NULL, gets
 * DEFAULT 0), COUNT(...) is a bigint(21) NOT NULL, and * is every column. Such a
 * statement is written as the CREATE TABLE of those columns (MariaDB text, translated
 * by the dialect's own CREATE TABLE: the table, its checks and its catalog rows, so
 * SHOW CREATE TABLE and information_schema see it) and the INSERT of the query's rows,
 * run by my_exec after it in the same statement:
 *
 *   SELECT 1 WHERE typeof(my_create_table(...)) || typeof(my_exec('INSERT INTO "t"
 *     SELECT ...')) = 'nonenone'
 *
 * Any other shape (another expression in the select list, a join, parameters, IF NOT
 * EXISTS, OR REPLACE, TEMPORARY) is left to SQLite's CREATE TABLE ... AS, whose table
 * has no catalog rows (docs/mysql.md, Limits).
 */
#include <string.h>

#include "dialect/catalog.h"
#include "dialect/clauses.h"
#include "dialect/mysql/mysql.h"

/* The index of the first comma at depth 0 from token k on, or end. */
static size_t item_end(const lw_walker *w, size_t k, size_t end)
{
    int depth = 0;
    for (; k < end; k++) {
        const lw_token *t = &w->tk[w->at[k]];
        if (t->type == LW_TK_LPAREN)
            depth++;
        else if (t->type == LW_TK_RPAREN)
            depth--;
        else if (depth == 0 && t->type == LW_TK_COMMA)
            return k;
    }
    return end;
}

static int is_name(const lw_walker *w, size_t k)
{
    return k < w->n && (w->tk[w->at[k]].type == LW_TK_WORD || w->tk[w->at[k]].type == LW_TK_QIDENT);
}

/* Appends `name` to b, backticks doubled. */
static void backticked_name(lw_sqlbuf *b, const char *name)
{
    lw_sqlbuf_appends(b, "`");
    for (const char *p = name; *p; p++)
        lw_sqlbuf_append(b, *p == '`' ? "``" : p, *p == '`' ? 2 : 1);
    lw_sqlbuf_appends(b, "`");
}

/* Appends the definition of column col of table `source` named `name` (NULL: col) to
 * ddl, as MariaDB's CREATE ... SELECT copies it. Returns 0, or -1 when the column is
 * not in the catalog or has an attribute this file does not copy. */
static int copied_column(lw_walker *w, lw_sqlbuf *ddl, const char *source, const char *col,
                         const char *name)
{
    sqlite3_stmt *stmt = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(w->schema->db,
                           "SELECT column_name, column_type, collation, is_nullable, default_text, "
                           "comment, extra FROM _lw_mysql_columns WHERE table_name = ?1 AND "
                           "(?2 IS NULL OR column_name = ?2 COLLATE NOCASE) ORDER BY ordinal",
                           -1, &stmt, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(stmt, 1, source, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, col, -1, SQLITE_STATIC);
    const char *table_default = my_session_of(w)->collation_connection;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        const char *cname = (const char *)sqlite3_column_text(stmt, 0);
        const char *type = (const char *)sqlite3_column_text(stmt, 1);
        const char *coll = (const char *)sqlite3_column_text(stmt, 2);
        const char *nullable = (const char *)sqlite3_column_text(stmt, 3);
        const char *dflt = (const char *)sqlite3_column_text(stmt, 4);
        const char *comment = (const char *)sqlite3_column_text(stmt, 5);
        const char *extra = (const char *)sqlite3_column_text(stmt, 6);
        int autoinc = extra && !strcmp(extra, "auto_increment");
        if (!cname || !type || (extra && *extra && !autoinc)) {
            rc = -1;
            break;
        }
        int not_null = nullable && !strcmp(nullable, "NO");
        if (ddl->len)
            lw_sqlbuf_appends(ddl, ", ");
        backticked_name(ddl, col && name ? name : cname);
        lw_sqlbuf_appendf(ddl, " %s", type);
        if (coll && table_default && strcmp(coll, table_default))
            lw_sqlbuf_appendf(ddl, " COLLATE %s", coll);
        if (not_null)
            lw_sqlbuf_appends(ddl, " NOT NULL");
        if (dflt)
            lw_sqlbuf_appendf(ddl, " DEFAULT %s", dflt);
        else if (autoinc && not_null)
            lw_sqlbuf_appends(ddl, " DEFAULT 0");
        if (comment && *comment)
            lw_sqlbuf_appendf(ddl, " COMMENT '%q'", comment);
        rc = 0;
    }
    sqlite3_finalize(stmt);
    return rc;
}

/* The MariaDB column definitions of the select list [from, to) over table `source`
 * (alias `alias`, or NULL), into ddl; -1 when an item is none this file types. */
static int select_columns(lw_walker *w, lw_sqlbuf *ddl, size_t from, size_t to, const char *source,
                          const char *alias)
{
    while (from < to) {
        size_t end = item_end(w, from, to), k = from;
        if (end == k + 1 && lw_op_at(w, k - w->p, "*")) {
            if (copied_column(w, ddl, source, NULL, NULL))
                return -1;
        } else {
            char *qual = NULL, *col = NULL, *name = NULL;
            int count = 0;
            if (lw_token_is_word(w->sql, &w->tk[w->at[k]], "count") && k + 1 < end &&
                w->tk[w->at[k + 1]].type == LW_TK_LPAREN) {
                count = 1;
                size_t close = w->p + lw_closing_paren(w, k + 1 - w->p);
                const lw_token *a = &w->tk[w->at[k]], *b = &w->tk[w->at[close]];
                name = sqlite3_mprintf("%.*s", (int)(b->offset + b->length - a->offset),
                                       w->sql + a->offset);
                k = close + 1;
            } else if (is_name(w, k)) {
                if (k + 2 < end && w->tk[w->at[k + 1]].type == LW_TK_DOT && is_name(w, k + 2)) {
                    qual = lw_ident_text(w, k);
                    k += 2;
                }
                col = lw_ident_text(w, k++);
            }
            if (k < end && lw_token_is_word(w->sql, &w->tk[w->at[k]], "as"))
                k++;
            if (k + 1 == end && is_name(w, k)) {
                sqlite3_free(name);
                name = lw_ident_text(w, k++);
            }
            int ok = k == end && (count || col) &&
                     (!qual || !sqlite3_stricmp(qual, alias ? alias : source));
            if (ok && count) {
                if (ddl->len)
                    lw_sqlbuf_appends(ddl, ", ");
                backticked_name(ddl, name ? name : "");
                lw_sqlbuf_appends(ddl, " bigint(21) NOT NULL");
            } else if (ok) {
                ok = !copied_column(w, ddl, source, col, name ? name : col);
            }
            sqlite3_free(qual);
            sqlite3_free(col);
            sqlite3_free(name);
            if (!ok)
                return -1;
        }
        from = end + 1;
    }
    return 0;
}

/* The MariaDB CREATE TABLE of the query starting at token q (SELECT), or NULL when the
 * query is no shape this file types (sqlite3_free). */
static char *create_text(lw_walker *w, const char *table, size_t q)
{
    size_t from = 0;
    int depth = 0;
    for (size_t k = q; k < w->n; k++) {
        const lw_token *t = &w->tk[w->at[k]];
        if (t->type == LW_TK_PARAM)
            return NULL;
        if (t->type == LW_TK_LPAREN)
            depth++;
        else if (t->type == LW_TK_RPAREN)
            depth--;
        else if (depth == 0 && !from && lw_token_is_word(w->sql, t, "from"))
            from = k;
    }
    size_t first = q + 1;
    while (first < from && (lw_token_is_word(w->sql, &w->tk[w->at[first]], "all") ||
                            lw_token_is_word(w->sql, &w->tk[w->at[first]], "distinct")))
        first++;
    if (!from || !is_name(w, from + 1) || first >= from)
        return NULL;
    /* FROM one table [[AS] alias], then a clause or the end. */
    size_t k = from + 2;
    char *source = lw_ident_text(w, from + 1), *alias = NULL;
    if (k < w->n && lw_token_is_word(w->sql, &w->tk[w->at[k]], "as"))
        k++;
    if (is_name(w, k) && !lw_is_clause_word(w, k - w->p))
        alias = lw_ident_text(w, k++);
    static const char *const ends[] = {"where", "group", "having", "order", "limit", NULL};
    int fits = source && k <= w->n;
    if (fits && k < w->n) {
        fits = 0;
        for (int i = 0; ends[i]; i++)
            fits |= lw_token_is_word(w->sql, &w->tk[w->at[k]], ends[i]);
    }
    lw_sqlbuf ddl = {0};
    if (fits)
        fits = !select_columns(w, &ddl, first, from, source, alias);
    sqlite3_free(source);
    sqlite3_free(alias);
    if (!fits || ddl.oom) {
        lw_sqlbuf_free(&ddl);
        return NULL;
    }
    lw_sqlbuf text = {0};
    lw_sqlbuf_appends(&text, "CREATE TABLE ");
    backticked_name(&text, table);
    lw_sqlbuf_appendf(&text, " (%s)", ddl.s);
    lw_sqlbuf_free(&ddl);
    return lw_sqlbuf_finish(&text);
}

/* Translates the CREATE TABLE text by the dialect's rules into *out (sqlite3_free).
 * Returns 0, or the walker's failure with its error copied. */
static int translate_create(lw_walker *w, const char *sql, char **out)
{
    lw_tokens toks = {0};
    lw_lex_error lerr = {NULL, 0};
    lw_sqlbuf buf = {0};
    lw_param_map params = {0};
    lw_dialect_error err = {{0}, 0, NULL, 0};
    int rc = lw_lex(sql, strlen(sql), MY_LEX_FLAGS, &toks, &lerr);
    if (rc == 0) {
        lw_translation t = {sql,  toks.items, toks.len,    &buf, &params,
                            &err, NULL,       w->t->state, NULL};
        rc = lw_walk_translate(&t, w->rules, w->schema);
        if (t.stmt_data)
            my_stmt_data_free(t.stmt_data);
    }
    if (rc)
        lw_walk_error(w, LW_ESQL, err.sqlstate[0] ? err.sqlstate : "HY000",
                      err.mysql_errno ? err.mysql_errno : 1105, "%s",
                      err.message ? err.message : "CREATE TABLE ... SELECT");
    *out = rc ? NULL : lw_sqlbuf_finish(&buf);
    if (rc)
        lw_sqlbuf_free(&buf);
    sqlite3_free(params.refs);
    lw_dialect_error_clear(&err);
    lw_tokens_free(&toks);
    return rc ? w->rc : 0;
}

int my_create_as_select(lw_walker *w, const char *table, int plain)
{
    size_t q = w->p + (lw_word(w, "as") ? 1 : 0);
    if (!plain || !w->schema || q >= w->n || !lw_token_is_word(w->sql, &w->tk[w->at[q]], "select"))
        return 0;
    char *ddl = create_text(w, table, q);
    if (!ddl)
        return 0;
    char *create = NULL;
    int rc = translate_create(w, ddl, &create);
    sqlite3_free(ddl);
    static const char suffix[] = " = 'none'";
    size_t n = create ? strlen(create) : 0;
    if (rc || n < sizeof suffix || strcmp(create + n - (sizeof suffix - 1), suffix)) {
        sqlite3_free(create);
        return rc ? 1 : 0;
    }
    create[n - (sizeof suffix - 1)] = 0;
    w->p = q;
    size_t start = lw_here(w);
    lw_walk_until(w, 0);
    char *query = w->rc ? NULL : lw_take_from(w, start);
    if (query) {
        char *insert = sqlite3_mprintf("INSERT INTO \"%w\" %s", table, query);
        lw_outf(w, "%s || typeof(my_exec(%Q)) = 'nonenone'", create, insert ? insert : "");
        if (!insert)
            w->t->out->oom = 1;
        sqlite3_free(insert);
    }
    sqlite3_free(query);
    sqlite3_free(create);
    w->consumed = 1;
    return 1;
}
