/*
 * The postgresql dialect's query forms that the shared clause walk hands to it
 * (dialect/clauses.c hooks):
 *
 *   SELECT DISTINCT ON (keys) ...   the first row of each group of keys in the ORDER BY
 *                                   order, written as a window query over row_number()
 *   FROM generate_series(...) [AS] t [(col)]   a subquery over the table-valued
 *                                   function, its column named as PostgreSQL names it;
 *                                   other set-returning functions in FROM are refused
 *   RETURNING col, RETURNING *      a column whose stored value the dialect's triggers
 *                                   convert after the row is written (NUMERIC scale,
 *                                   booleans, UUIDs, timestamps, jsonb) is written with
 *                                   that conversion, since SQLite's RETURNING sees the
 *                                   row before the triggers ran
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/clauses.h"
#include "dialect/postgresql/postgresql.h"

/* A date/time column of declared type `type` (DATE, TIMESTAMP(3), TIMESTAMPTZ, TIME(0),
 * TIMETZ, INTERVAL) in RETURNING: its stored form written as the triggers make it, and
 * its kind noted for the display of timestamptz and intervals. Returns 1 when it wrote
 * it. */
static int time_column(lw_walker *w, const char *name, const char *type, int col)
{
    static const struct {
        const char *declared, *assign;
        lw_kind kind;
    } types[] = {
        {"DATE", "date", LW_K_DATE},
        {"TIMESTAMPTZ", "timestamptz", LW_K_TIMESTAMPTZ},
        {"TIMESTAMP", "timestamp", LW_K_TIMESTAMP},
        {"TIMETZ", "timetz", LW_K_TIMETZ},
        {"TIME", "time", LW_K_TIME},
        {"INTERVAL", "interval", LW_K_INTERVAL},
    };
    size_t len = strcspn(type, "( ");
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        if (strlen(types[i].declared) != len || sqlite3_strnicmp(type, types[i].declared, (int)len))
            continue;
        long long precision = -1;
        if (type[len] == '(')
            precision = atoll(type + len + 1);
        if (precision >= 0)
            lw_outf(w, "pg_assign(\"%w\", '%s', %lld) ", name, types[i].assign, precision);
        else
            lw_outf(w, "pg_assign(\"%w\", '%s') ", name, types[i].assign);
        if (col < LW_WALK_RESULT_KINDS) {
            w->result_kinds[col] = types[i].kind;
            if (w->n_result_kinds < col + 1)
                w->n_result_kinds = col + 1;
        }
        return 1;
    }
    return 0;
}

/*
 * A RETURNING column whose stored value the dialect's triggers convert after the row
 * is written (SQLite's RETURNING does not see that): the same conversion written
 * around the column, so RETURNING answers what the row holds. Returns 1 when it wrote
 * the column (as "conversion AS name"), 0 when the column needs nothing.
 */
static int returning_column(lw_walker *w, const char *name, const char *alias, int col)
{
    char *table = lw_ident_text(w, w->write_table);
    char *type = table ? lw_schema_declared_type(w->schema, table, name, 0) : NULL;
    int done = 1;
    long long p = 0, sc = 0;
    const char *kind = NULL;
    if (!type)
        done = 0;
    else if (sscanf(type, "NUMERIC_TEXT(%lld,%lld)", &p, &sc) == 2)
        lw_outf(w, "decimal(\"%w\", %lld, %lld) ", name, p, sc);
    else if (!sqlite3_stricmp(type, "NUMERIC_TEXT"))
        lw_outf(w, "decimal(\"%w\") ", name);
    else if (!sqlite3_stricmp(type, "JSONB"))
        lw_outf(w, "pg_jsonb(\"%w\") ", name);
    else if (!sqlite3_stricmp(type, "BOOLEAN"))
        kind = "bool";
    else if (!sqlite3_stricmp(type, "UUID"))
        kind = "uuid";
    else if (!sqlite3_stricmp(type, "BYTEA"))
        kind = "bytea";
    else
        done = time_column(w, name, type, col);
    if (kind)
        lw_outf(w, "pg_assign(\"%w\", '%s') ", name, kind);
    if (done) {
        lw_outf(w, "AS \"%w\" ", alias ? alias : name);
        if (kind && !strcmp(kind, "bool") && col < 64)
            w->bool_cols |= (uint64_t)1 << col;
    }
    sqlite3_free(type);
    sqlite3_free(table);
    return done;
}

/* RETURNING *: every column of the written table, converted as returning_column does;
 * the first is result column col. Returns the number of columns written, 0 when the
 * schema is not at hand. */
static int returning_star(lw_walker *w, int col)
{
    lw_schema *s = w->schema;
    char *table = lw_ident_text(w, w->write_table);
    sqlite3_stmt *stmt = NULL;
    int n = 0;
    if (s && table &&
        sqlite3_prepare_v2(s->db, "SELECT name FROM pragma_table_info(?1)", -1, &stmt, NULL) ==
            SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            char *name = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 0));
            if (!name)
                break;
            if (n)
                lw_out(w, ", ");
            if (!returning_column(w, name, NULL, col + n))
                lw_outf(w, "\"%w\" ", name);
            sqlite3_free(name);
            n++;
        }
    }
    sqlite3_finalize(stmt);
    sqlite3_free(table);
    return n;
}

/* A FROM item that is a function call: generate_series(...) [AS] alias [(col)]. The
 * function's column takes the alias' name (or the column list's), as in PostgreSQL. */
void pg_from_function(lw_walker *w)
{
    char *fname = lw_tok_text(w, 0);
    if (!fname)
        return;
    for (char *c = fname; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c + 32);
    if (strcmp(fname, "generate_series") != 0) {
        lw_refuse(w, "the set-returning function %s() in FROM", fname);
        sqlite3_free(fname);
        return;
    }
    size_t start = lw_here(w);
    int was_select_list = w->select_list;
    w->select_list = 0; /* a FROM item, even in a subquery of a select list */
    lw_function_call(w, NULL);
    w->select_list = was_select_list;
    char *call = lw_take_from(w, start);
    char *alias = NULL, *column = NULL, *ordinal = NULL;
    int ordinality = lw_words_at(w, 0, "with ordinality") != 0;
    if (ordinality)
        w->p += 2;
    if (lw_word(w, "as"))
        lw_skip(w);
    if ((lw_type_at(w, 0, LW_TK_WORD) && !lw_is_clause_word(w, 0)) ||
        lw_type_at(w, 0, LW_TK_QIDENT)) {
        alias = lw_tok_text(w, 0);
        lw_skip(w);
        if (lw_type_at(w, 0, LW_TK_LPAREN)) {
            lw_skip(w);
            column = lw_tok_text(w, 0);
            lw_skip(w);
            if (ordinality && lw_type_at(w, 0, LW_TK_COMMA)) {
                lw_skip(w);
                ordinal = lw_tok_text(w, 0);
                lw_skip(w);
            }
            if (!lw_type_at(w, 0, LW_TK_RPAREN))
                lw_refuse(w, "a column list of more than one name for %s()", fname);
            lw_skip(w);
        }
    }
    const char *col = column ? column : alias ? alias : fname;
    const char *al = alias ? alias : fname;
    if (call && ordinality)
        /* WITH ORDINALITY: the rows numbered in the order the function gives them. */
        lw_outf(w, "(SELECT value AS %s, row_number() OVER () AS %s FROM %s) AS %s ", col,
                ordinal ? ordinal : "ordinality", call, al);
    else if (call)
        lw_outf(w, "(SELECT value AS %s FROM %s) AS %s ", col, call, al);
    sqlite3_free(call);
    sqlite3_free(alias);
    sqlite3_free(column);
    sqlite3_free(ordinal);
    sqlite3_free(fname);
}

/*
 * SELECT DISTINCT ON (keys) items FROM ... [ORDER BY ...] [LIMIT ...]: the first row
 * of each group of keys in the ORDER BY order, written as a window query:
 *   SELECT c1 AS n1, ... FROM (SELECT items AS c1.., row_number() OVER (PARTITION BY
 *   keys ORDER BY order) AS lw_rn, order keys AS o1.. FROM ...) WHERE lw_rn = 1
 *   ORDER BY o1 ..
 * The words SELECT DISTINCT ON were consumed; the output of SELECT is at `start`.
 */
void pg_distinct_on(lw_walker *w, size_t start)
{
    w->t->out->len = start;
    if (w->t->out->s)
        w->t->out->s[start] = 0;
    lw_skip(w); /* ( */
    size_t ks = lw_here(w);
    for (;;) {
        lw_parse_expr(w, 0);
        if (!lw_next_item(w))
            break;
    }
    char *keys = lw_take_from(w, ks);
    lw_skip(w); /* ) */
    /* The items, each with its output name. */
    lw_sqlbuf names = {0}, inner = {0};
    int col = 0;
    for (;;) {
        size_t is = lw_here(w);
        size_t first_tok = w->p;
        lw_parse_expr(w, 0);
        size_t last_tok = w->p - 1;
        char *item = lw_take_from(w, is);
        char *name = NULL;
        if (lw_word(w, "as")) {
            lw_skip(w);
            name = lw_tok_text(w, 0);
            lw_skip(w);
        } else if ((lw_type_at(w, 0, LW_TK_WORD) && !lw_is_clause_word(w, 0)) ||
                   lw_type_at(w, 0, LW_TK_QIDENT)) {
            name = lw_tok_text(w, 0);
            lw_skip(w);
        } else if (last_tok < w->n &&
                   (w->tk[w->at[last_tok]].type == LW_TK_WORD ||
                    w->tk[w->at[last_tok]].type == LW_TK_QIDENT) &&
                   (last_tok == first_tok || w->tk[w->at[last_tok - 1]].type == LW_TK_DOT)) {
            const lw_token *t = &w->tk[w->at[last_tok]];
            name = sqlite3_mprintf("%.*s", (int)t->length, w->sql + t->offset);
        } else {
            name = sqlite3_mprintf("\"?column?\"");
        }
        col++;
        lw_sqlbuf_appendf(&inner, "%s%s AS lw_c%d", col > 1 ? ", " : "", item ? item : "", col);
        lw_sqlbuf_appendf(&names, "%slw_c%d AS %s", col > 1 ? ", " : "", col, name ? name : "x");
        sqlite3_free(item);
        sqlite3_free(name);
        if (!lw_type_at(w, 0, LW_TK_COMMA) || w->rc)
            break;
        lw_skip(w);
    }
    /* FROM ... up to ORDER BY / LIMIT / the end. */
    size_t fs = lw_here(w);
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN) &&
           !(lw_word(w, "order") && lw_word_at(w, 1, "by")) && !lw_word(w, "limit") &&
           !lw_word(w, "offset") && !lw_word(w, "fetch")) {
        if (lw_type_at(w, 0, LW_TK_LPAREN) && lw_starts_query(w, 1))
            lw_subquery(w);
        else if (lw_word(w, "from") || lw_word(w, "where") || lw_word(w, "group") ||
                 lw_word(w, "having") || lw_word(w, "by") || lw_type_at(w, 0, LW_TK_COMMA) ||
                 lw_word(w, "join") || lw_word(w, "on") || lw_word(w, "as") || lw_word(w, "left") ||
                 lw_word(w, "inner"))
            lw_emit(w);
        else
            lw_parse_expr(w, 0);
    }
    char *rest = lw_take_from(w, fs);
    /* ORDER BY keys: inside the window and, by position, outside. */
    lw_sqlbuf win = {0}, outer = {0}, keycols = {0};
    int nkeys = 0;
    if (lw_word(w, "order") && lw_word_at(w, 1, "by")) {
        w->p += 2;
        for (;;) {
            size_t os = lw_here(w);
            lw_parse_expr(w, 0);
            char *key = lw_take_from(w, os);
            const char *dir = "";
            if (lw_word(w, "desc")) {
                dir = " DESC";
                lw_skip(w);
            } else if (lw_word(w, "asc")) {
                lw_skip(w);
            }
            const char *nulls = *dir ? " NULLS FIRST" : " NULLS LAST";
            if (lw_word(w, "nulls")) {
                nulls = lw_word_at(w, 1, "first") ? " NULLS FIRST" : " NULLS LAST";
                w->p += 2;
            }
            nkeys++;
            lw_sqlbuf_appendf(&win, "%s%s%s%s", nkeys > 1 ? ", " : "", key ? key : "", dir, nulls);
            lw_sqlbuf_appendf(&keycols, ", %s AS lw_o%d", key ? key : "", nkeys);
            lw_sqlbuf_appendf(&outer, "%slw_o%d%s%s", nkeys > 1 ? ", " : "", nkeys, dir, nulls);
            sqlite3_free(key);
            if (!lw_type_at(w, 0, LW_TK_COMMA) || w->rc)
                break;
            lw_skip(w);
        }
    }
    if (!names.oom && !inner.oom && keys && rest) {
        lw_outf(w,
                "SELECT %s FROM (SELECT %s, row_number() OVER (PARTITION BY %s%s%s) AS lw_rn%s %s) "
                "WHERE lw_rn = 1 ",
                names.s ? names.s : "", inner.s ? inner.s : "", keys, nkeys ? " ORDER BY " : "",
                win.s ? win.s : "", keycols.s ? keycols.s : "", rest);
        if (nkeys)
            lw_outf(w, "ORDER BY %s ", outer.s);
    }
    sqlite3_free(keys);
    sqlite3_free(rest);
    lw_sqlbuf_free(&names);
    lw_sqlbuf_free(&inner);
    lw_sqlbuf_free(&win);
    lw_sqlbuf_free(&outer);
    lw_sqlbuf_free(&keycols);
    lw_limit_clause(w);
}

/* A RETURNING item: a converted column, or * (every column, converted). Returns the
 * number of columns written (the item was consumed), 0 to let the walk write it. */
int pg_returning_item(lw_walker *w, int col)
{
    if (lw_op_at(w, 0, "*") && (lw_type_at(w, 1, LW_TK_COMMA) || w->p + 1 >= w->n)) {
        int n = returning_star(w, col);
        if (n) {
            lw_skip(w);
            return n;
        }
    }
    size_t k = lw_type_at(w, 1, LW_TK_DOT) ? 2 : 0;
    const lw_token *id = lw_tok(w, k);
    int ends =
        lw_type_at(w, k + 1, LW_TK_COMMA) || w->p + k + 1 >= w->n || lw_word_at(w, k + 1, "as");
    if (!id || (id->type != LW_TK_WORD && id->type != LW_TK_QIDENT) || !ends)
        return 0;
    char *name = lw_ident_text(w, w->p + k);
    char *alias =
        lw_word_at(w, k + 1, "as") && lw_tok(w, k + 2) ? lw_ident_text(w, w->p + k + 2) : NULL;
    int written = name && returning_column(w, name, alias, col);
    sqlite3_free(name);
    sqlite3_free(alias);
    if (!written)
        return 0;
    w->p += k + 1;
    if (lw_word(w, "as"))
        w->p += 2;
    return 1;
}
