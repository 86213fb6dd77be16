/*
 * The rewrites before the walk (passes.h): the tokens a pass reads, the helpers the
 * passes share, and the driver that runs them until none applies and walks the result.
 */
#include <string.h>

#include "dialect/mysql/passes.h"

/* Rounds of rewriting one statement may take (one ROLLUP block each, then UNION). */
#define MY_PASS_MAX_ROUNDS 17

/* The matching ')' of the '(' at i, or n. */
size_t my_pass_closing(const my_pass *r, size_t i)
{
    int depth = 0;
    for (; i < r->n; i++) {
        if (type(r, i, LW_TK_LPAREN))
            depth++;
        else if (type(r, i, LW_TK_RPAREN) && --depth == 0)
            return i;
    }
    return r->n;
}

/* The first token at the same depth as `from` in [from, to) that is the word (or any
 * of the two words w and w2 in a row when w2), or to. */
size_t my_pass_find_word(const my_pass *r, size_t from, size_t to, const char *w, const char *w2)
{
    for (size_t i = from; i < to; i++) {
        if (type(r, i, LW_TK_LPAREN)) {
            i = my_pass_closing(r, i);
            continue;
        }
        if (word(r, i, w) && (!w2 || word(r, i + 1, w2)))
            return i;
    }
    return to;
}

void my_pass_put_token(my_pass *r, size_t i)
{
    const lw_token *t = tok(r, i);
    lw_sqlbuf_append(r->out, r->sql + t->offset, t->length);
    lw_sqlbuf_append(r->out, " ", 1);
}

void my_pass_put_span(my_pass *r, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        my_pass_put_token(r, i);
}

/* An identifier's name without its quotes, compared without regard to case. */
int my_pass_same_name(const my_pass *r, size_t a, size_t b)
{
    const lw_token *x = tok(r, a), *y = tok(r, b);
    const char *xs = r->sql + x->offset, *ys = r->sql + y->offset;
    size_t xn = x->length, yn = y->length;
    if (x->type == LW_TK_QIDENT && xn >= 2)
        xs++, xn -= 2;
    if (y->type == LW_TK_QIDENT && yn >= 2)
        ys++, yn -= 2;
    return xn == yn && sqlite3_strnicmp(xs, ys, (int)xn) == 0;
}

int my_pass_is_name(const my_pass *r, size_t i)
{
    return type(r, i, LW_TK_WORD) || type(r, i, LW_TK_QIDENT);
}

/* Words that may end an expression and are no alias. */
static int alias_word(const my_pass *r, size_t i)
{
    static const char *const not_alias[] = {"end", "null", "true", "false", "unknown", NULL};
    if (!my_pass_is_name(r, i))
        return 0;
    for (const char *const *w = not_alias; *w; w++)
        if (type(r, i, LW_TK_WORD) && word(r, i, *w))
            return 0;
    return 1;
}

/* Splits the comma-separated list [from, to) into at most MY_PASS_MAX_ITEMS items.
 * Returns their number, or -1 when there are more. */
int my_pass_split_list(const my_pass *r, size_t from, size_t to, span *items)
{
    int n = 0;
    for (size_t i = from; i < to; n++) {
        if (n >= MY_PASS_MAX_ITEMS)
            return -1;
        size_t e = i;
        while (e < to && !type(r, e, LW_TK_COMMA))
            e = type(r, e, LW_TK_LPAREN) ? my_pass_closing(r, e) + 1 : e + 1;
        items[n] = (span){i, e > to ? to : e};
        i = items[n].to + 1;
    }
    return n;
}

/* Reads the select list [from, to): its items and their aliases. */
int my_pass_read_items(my_pass *r, size_t from, size_t to)
{
    r->n_items = my_pass_split_list(r, from, to, r->item_whole);
    for (int k = 0; k < r->n_items; k++) {
        size_t i = r->item_whole[k].from, e = r->item_whole[k].to;
        r->alias[k] = NO_TOKEN;
        r->items[k] = r->item_whole[k];
        if (e - i >= 3 && word(r, e - 2, "as") && my_pass_is_name(r, e - 1)) {
            r->alias[k] = e - 1;
            r->items[k].to = e - 2;
        } else if (e - i >= 2 && alias_word(r, e - 1) && !type(r, e - 2, LW_TK_DOT) &&
                   !type(r, e - 2, LW_TK_OPERATOR) && !type(r, e - 2, LW_TK_LPAREN) &&
                   !type(r, e - 2, LW_TK_COMMA) && !word(r, e - 2, "distinct")) {
            r->alias[k] = e - 1;
            r->items[k].to = e - 1;
        }
    }
    return r->n_items < 0 ? -1 : 0;
}

/* AS the name MariaDB gives the item: a column its name, another item its text as
 * written (backquoted). */
void my_pass_put_item_name(my_pass *r, int k)
{
    /* A column (t.c) is named by its name alone. */
    size_t from = r->item_whole[k].from, to = r->item_whole[k].to, i = from;
    while (i + 2 < to && my_pass_is_name(r, i) && type(r, i + 1, LW_TK_DOT))
        i += 2;
    if (i + 1 == to && my_pass_is_name(r, i)) {
        lw_sqlbuf_appends(r->out, "AS ");
        my_pass_put_token(r, i);
        return;
    }
    const lw_token *a = tok(r, from), *b = tok(r, to - 1);
    lw_sqlbuf_append(r->out, "AS `", 4);
    for (const char *c = r->sql + a->offset; c < r->sql + b->offset + b->length; c++)
        lw_sqlbuf_append(r->out, *c == '`' ? "``" : c, *c == '`' ? 2 : 1);
    lw_sqlbuf_append(r->out, "` ", 2);
}

size_t my_pass_select_list(const my_pass *r, size_t select)
{
    static const char *const modifiers[] = {
        "all",           "distinct",         "distinctrow",         "high_priority",
        "straight_join", "sql_small_result", "sql_big_result",      "sql_buffer_result",
        "sql_cache",     "sql_no_cache",     "sql_calc_found_rows", NULL,
    };
    size_t list = select + 1;
    for (int again = 1; again;) {
        again = 0;
        for (const char *const *m = modifiers; *m; m++)
            if (word(r, list, *m)) {
                list++;
                again = 1;
            }
    }
    return list;
}

static int collect(my_pass *r, const char *sql, const lw_token *tk, size_t n_tokens)
{
    r->sql = sql;
    r->tk = tk;
    r->n = 0;
    r->at = sqlite3_malloc64((n_tokens + 1) * sizeof *r->at);
    if (!r->at)
        return LW_ENOMEM;
    for (size_t i = 0; i < n_tokens; i++)
        if (tk[i].type != LW_TK_SPACE && tk[i].type != LW_TK_COMMENT)
            r->at[r->n++] = i;
    return 0;
}

int my_passes_translate(const lw_dialect *dialect, lw_translation *t, lw_schema *schema)
{
    my_pass r;
    memset(&r, 0, sizeof r);
    int rc = collect(&r, t->sql, t->tokens, t->n_tokens);
    char *text = NULL;
    lw_tokens toks = {0};
    int union_done = 0;
    for (int round = 0; !rc && round < MY_PASS_MAX_ROUNDS; round++) {
        lw_sqlbuf buf = {0};
        my_pass *next = sqlite3_malloc64(sizeof *next);
        if (!next) {
            rc = LW_ENOMEM;
            break;
        }
        memset(next, 0, sizeof *next);
        next->sql = r.sql, next->tk = r.tk, next->at = r.at, next->n = r.n, next->out = &buf;
        next->mysql = dialect == &lw_dialect_mysql;
        rc = my_rollup_rewrite(next, t->err);
        /* UNION once every ROLLUP block is written (a member with ROLLUP is a derived
         * table by then, which the union pass leaves). */
        if (!rc && buf.len == 0 && !union_done) {
            union_done = 1;
            memset(next, 0, sizeof *next);
            next->sql = r.sql, next->tk = r.tk, next->at = r.at, next->n = r.n, next->out = &buf;
            my_union_rewrite(next);
        }
        sqlite3_free(next);
        if (!rc && buf.len == 0) {
            lw_sqlbuf_free(&buf);
            break;
        }
        if (!rc && buf.oom)
            rc = LW_ENOMEM;
        char *rewritten = rc ? NULL : lw_sqlbuf_finish(&buf);
        lw_sqlbuf_free(&buf);
        if (rc)
            break;
        if (!rewritten) {
            rc = LW_ENOMEM;
            break;
        }
        sqlite3_free(r.at);
        r.at = NULL;
        lw_tokens_free(&toks);
        sqlite3_free(text);
        text = rewritten;
        lw_lex_error lerr = {NULL, 0};
        if (lw_lex(text, strlen(text), dialect->lex_flags, &toks, &lerr)) {
            lw_dialect_error_set(t->err, "42000", 1064, "%s", lerr.message);
            rc = LW_ESYNTAX;
            break;
        }
        rc = collect(&r, text, toks.items, toks.len);
    }
    if (!rc) {
        lw_translation rewritten = *t;
        if (text) {
            rewritten.sql = text;
            rewritten.tokens = toks.items;
            rewritten.n_tokens = toks.len;
        }
        rc = lw_walk_translate(&rewritten, dialect->rules, schema);
        t->stmt_data = rewritten.stmt_data;
    }
    sqlite3_free(r.at);
    lw_tokens_free(&toks);
    sqlite3_free(text);
    return rc;
}
