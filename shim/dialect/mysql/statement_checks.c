/*
 * Checks MariaDB makes of a statement's shape before it runs, where SQLite would
 * answer otherwise or in other words:
 *
 *   INSERT ... [(columns)] VALUES (...), (...)   a row whose count of values differs
 *       from the column list's (or, without one, from the first row's) is 1136 "Column
 *       count doesn't match value count at row N" (SQLite names no row after the first)
 *   INSERT INTO t (columns) ... leaving out a NOT NULL column without a default: SQLite's
 *       NOT NULL failure is 1364 "Field 'c' doesn't have a default value" (errors.c asks
 *       my_insert_leaves_out), not 1048
 *   SELECT ... FROM a, b ...   two items of one FROM list with the same name (alias,
 *       or table without one) are 1066 "Not unique table/alias: 'x'" (SQLite accepts
 *       them and reports an ambiguous column later, if at all); a derived table without
 *       an alias is MariaDB's syntax error at what follows it
 *
 * Only the top level of the statement is read (a subquery's FROM list is SQLite's to
 * judge); names compare without regard to case.
 */
#include <string.h>

#include "dialect/mysql/mysql.h"

static const lw_token *tok_at(const lw_walker *w, size_t i)
{
    return i < w->n ? &w->tk[w->at[i]] : NULL;
}

static int type_at(const lw_walker *w, size_t i, int type)
{
    const lw_token *t = tok_at(w, i);
    return t && t->type == type;
}

/* The number of comma-separated items inside the parenthesis at i (0 for "()"); *end
 * gets the index of the closing parenthesis (w->n when there is none). */
static int count_items(const lw_walker *w, size_t i, size_t *end)
{
    int depth = 0, items = 0, any = 0;
    for (; i < w->n; i++) {
        const lw_token *t = tok_at(w, i);
        if (t->type == LW_TK_LPAREN) {
            if (depth++ == 0)
                continue;
        } else if (t->type == LW_TK_RPAREN) {
            if (--depth == 0) {
                *end = i;
                return items + any;
            }
        } else if (depth == 1 && t->type == LW_TK_COMMA) {
            items++;
            continue;
        }
        any = 1;
    }
    *end = w->n;
    return items + any;
}

int my_check_value_counts(lw_walker *w, size_t name)
{
    size_t i = name + 1;
    while (type_at(w, i, LW_TK_DOT))
        i += 2;
    int expected = -1;
    size_t end;
    if (type_at(w, i, LW_TK_LPAREN) && !lw_starts_query(w, i + 1 - w->p)) {
        expected = count_items(w, i, &end);
        i = end + 1;
    }
    const lw_token *v = tok_at(w, i);
    if (!v || !(lw_token_is_word(w->sql, v, "values") || lw_token_is_word(w->sql, v, "value")))
        return 0;
    i++;
    for (int row = 1; type_at(w, i, LW_TK_LPAREN); row++) {
        int n = count_items(w, i, &end);
        if (expected < 0)
            expected = n;
        else if (n != expected)
            return lw_walk_error(w, LW_ESQL, "21S01", 1136,
                                 "Column count doesn't match value count at row %d", row);
        i = end + 1;
        if (!type_at(w, i, LW_TK_COMMA))
            break;
        i++;
    }
    return 0;
}

/* Whether the token at i can be a FROM item's alias (a name, not a clause word). */
static int is_alias(const lw_walker *w, size_t i)
{
    const lw_token *a = tok_at(w, i);
    if (!a || (a->type != LW_TK_WORD && a->type != LW_TK_QIDENT))
        return 0;
    static const char *const not_alias[] = {
        "join",  "straight_join", "left",   "right", "inner", "cross",  "natural",
        "on",    "using",         "where",  "group", "order", "limit",  "having",
        "union", "window",        "for",    "lock",  "into",  "except", "intersect",
        "use",   "force",         "ignore", NULL};
    for (const char *const *x = not_alias; *x; x++)
        if (lw_token_is_word(w->sql, a, *x))
            return 0;
    return 1;
}

int my_check_unique_aliases(lw_walker *w, size_t from, size_t to)
{
    enum { MAX = 64 };
    size_t names[MAX];
    int n = 0;
    int expect = 1;
    for (size_t i = from; i < to && n < MAX;) {
        const lw_token *t = tok_at(w, i);
        if (t->type == LW_TK_COMMA || lw_token_is_word(w->sql, t, "join") ||
            lw_token_is_word(w->sql, t, "straight_join")) {
            expect = 1;
            i++;
            continue;
        }
        if (t->type == LW_TK_LPAREN) {
            size_t end;
            int query = lw_starts_query(w, i + 1 - w->p);
            count_items(w, i, &end);
            i = end + 1;
            if (expect) {
                /* a derived table: its alias is its name, and it must have one (MariaDB's
                 * grammar: a syntax error at what follows it) */
                expect = 0;
                if (tok_at(w, i) && lw_token_is_word(w->sql, tok_at(w, i), "as"))
                    i++;
                if (i < to && is_alias(w, i))
                    names[n++] = i++;
                else if (query)
                    return my_syntax_error(w, i - w->p);
            }
            continue;
        }
        if (!expect || !(t->type == LW_TK_WORD || t->type == LW_TK_QIDENT)) {
            i++;
            continue;
        }
        size_t name = i++;
        if (type_at(w, i, LW_TK_DOT) &&
            (type_at(w, i + 1, LW_TK_WORD) || type_at(w, i + 1, LW_TK_QIDENT)))
            name = i + 1, i += 2;
        if (tok_at(w, i) && lw_token_is_word(w->sql, tok_at(w, i), "as"))
            i++;
        const lw_token *a = tok_at(w, i);

        if (a && i < to && is_alias(w, i))
            name = i++;
        names[n++] = name;
        expect = 0;
    }
    for (int a = 0; a < n; a++)
        for (int b = a + 1; b < n; b++) {
            char *x = lw_ident_text(w, names[a]), *y = lw_ident_text(w, names[b]);
            int same = x && y && !sqlite3_stricmp(x, y);
            if (same)
                lw_walk_error(w, LW_ESQL, "42000", 1066, "Not unique table/alias: '%s'", y);
            sqlite3_free(x);
            sqlite3_free(y);
            if (same || (!x || !y))
                return same ? w->rc : lw_fail(w, LW_ENOMEM);
        }
    return 0;
}

int my_insert_leaves_out(const char *source, size_t len, const char *column, size_t column_len)
{
    lw_tokens toks = {0};
    lw_lex_error lex_err;
    if (!source || lw_lex(source, len, MY_LEX_FLAGS, &toks, &lex_err))
        return 0;
    int left_out = 0;
    size_t i = lw_tokens_skip_blank(toks.items, toks.len, 0);
#define NEXT(i) lw_tokens_skip_blank(toks.items, toks.len, (i) + 1)
#define WORD(i, w) ((i) < toks.len && lw_token_is_word(source, &toks.items[i], w))
    if (WORD(i, "insert") || WORD(i, "replace")) {
        i = NEXT(i);
        while (WORD(i, "ignore") || WORD(i, "low_priority") || WORD(i, "into"))
            i = NEXT(i);
        i = NEXT(i); /* the table */
        while (i < toks.len && toks.items[i].type == LW_TK_DOT)
            i = NEXT(NEXT(i));
        if (i < toks.len && toks.items[i].type == LW_TK_LPAREN) {
            left_out = 1;
            for (i = NEXT(i); i < toks.len && toks.items[i].type != LW_TK_RPAREN; i = NEXT(i)) {
                const lw_token *t = &toks.items[i];
                const char *s = source + t->offset;
                size_t n = t->length;
                if (t->type == LW_TK_QIDENT && n >= 2)
                    s++, n -= 2;
                if (t->type == LW_TK_WORD && WORD(i, "select"))
                    left_out = 0; /* INSERT ... (SELECT ...): no column list */
                if ((t->type == LW_TK_WORD || t->type == LW_TK_QIDENT) && n == column_len &&
                    !sqlite3_strnicmp(s, column, (int)n)) {
                    left_out = 0;
                    break;
                }
            }
        }
    }
#undef WORD
#undef NEXT
    lw_tokens_free(&toks);
    return left_out;
}
