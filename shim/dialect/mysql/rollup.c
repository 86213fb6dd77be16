/*
 * GROUP BY ... WITH ROLLUP, as MariaDB 10.11 answers it: after each group of the first
 * k group columns comes its super-aggregate row, the later group columns NULL in it,
 * and the grand total comes last.
 *
 * Design. Before the walk, the query block is rewritten into MariaDB SQL without
 * ROLLUP, which the walker then translates like any other query (collations, exact
 * sums, GROUP_CONCAT all keep their meaning). Its rows are joined with the levels
 * 0..n (n group columns): level L rolls up the last L of them. Each group column gi
 * becomes the key
 *     (CASE WHEN lw_rollup_level > n-1-i THEN NULL ELSE gi END)
 * and the query groups by the level and the keys, so every level aggregates every row
 * once. The same key replaces gi in the select list and HAVING outside aggregate
 * calls, so a rolled-up column reads NULL there (year + 1 is NULL in the grand total,
 * SUM(year) is not), as on MariaDB. ORDER BY writes MariaDB's order: by each key in
 * its GROUP BY direction, the rows where it is rolled up after the others. No rows in,
 * no rows out: there is no grand total of nothing (MariaDB's answer too).
 *
 *   SELECT year, SUM(amount) FROM sales GROUP BY year WITH ROLLUP
 *   -> SELECT (CASE WHEN lw_rollup_level > 0 THEN NULL ELSE year END) AS `year`,
 *      SUM(amount) FROM sales, (SELECT 0 AS lw_rollup_level UNION ALL SELECT 1) AS
 *      lw_rollup GROUP BY lw_rollup_level, (CASE ...) ORDER BY lw_rollup_level > 0, (CASE ...)
 *
 * The CASE keys carry their column's collation (the dialect's case_result hook), so a
 * group column under utf8mb4_general_ci groups and sorts under it.
 *
 * What MariaDB refuses is refused with its error: ORDER BY with ROLLUP is 1221
 * (HY000) "Incorrect usage of CUBE/ROLLUP and ORDER BY" (dialect=mysql: MySQL 8 takes
 * it and sorts the result, which is not emulated: 0A000). Limits (0A000): a parameter
 * inside a group item (it would be bound several times). A group item naming a select
 * list alias stands for that item's expression (MariaDB looks at the FROM columns
 * first: a column with the alias's name is not preferred here). A group item that is
 * an expression other than a column (year % 2) is replaced where a whole select item
 * is that expression; a column is replaced wherever it stands outside an aggregate.
 * Subqueries in the select list are left as written. A * in the select list is refused
 * (its columns would not read NULL).
 */
#include <string.h>

#include "dialect/mysql/mysql.h"

/* Query blocks rewritten one after the other (nested or united ones). */
#define ROLLUP_MAX_BLOCKS 16
/* Group items and select items one block may have. */
#define ROLLUP_MAX_ITEMS 64

/* A run of meaningful tokens [from, to) (indexes into the meaningful tokens). */
typedef struct span {
    size_t from, to;
} span;

typedef struct rollup {
    const char *sql;
    const lw_token *tk;
    size_t *at; /* meaningful tokens */
    size_t n;
    lw_sqlbuf *out;
    int mysql; /* the mysql dialect (MySQL 8 sorts a ROLLUP by ORDER BY: refused) */
    span items[ROLLUP_MAX_ITEMS]; /* select items without their alias */
    span item_whole[ROLLUP_MAX_ITEMS];
    size_t alias[ROLLUP_MAX_ITEMS]; /* the alias token, or (size_t)-1 */
    int n_items;
    span groups[ROLLUP_MAX_ITEMS];
    int desc[ROLLUP_MAX_ITEMS];
    int n_groups;
} rollup;

#define NO_TOKEN ((size_t)-1)

static const lw_token *tok(const rollup *r, size_t i)
{
    return &r->tk[r->at[i]];
}

static int word(const rollup *r, size_t i, const char *w)
{
    return i < r->n && lw_token_is_word(r->sql, tok(r, i), w);
}

static int type(const rollup *r, size_t i, int t)
{
    return i < r->n && tok(r, i)->type == t;
}

/* The matching ')' of the '(' at i, or n. */
static size_t closing(const rollup *r, size_t i)
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
static size_t find_word(const rollup *r, size_t from, size_t to, const char *w, const char *w2)
{
    for (size_t i = from; i < to; i++) {
        if (type(r, i, LW_TK_LPAREN)) {
            i = closing(r, i);
            continue;
        }
        if (word(r, i, w) && (!w2 || word(r, i + 1, w2)))
            return i;
    }
    return to;
}

static void put_token(rollup *r, size_t i)
{
    const lw_token *t = tok(r, i);
    lw_sqlbuf_append(r->out, r->sql + t->offset, t->length);
    lw_sqlbuf_append(r->out, " ", 1);
}

static void put_span(rollup *r, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        put_token(r, i);
}

/* An identifier's name without its quotes, compared without regard to case. */
static int same_name(const rollup *r, size_t a, size_t b)
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

static int is_name(const rollup *r, size_t i)
{
    return type(r, i, LW_TK_WORD) || type(r, i, LW_TK_QIDENT);
}

/* Two tokens spelled alike (words and names without regard to case). */
static int same_token(const rollup *r, size_t a, size_t b)
{
    if (is_name(r, a) && is_name(r, b))
        return same_name(r, a, b);
    const lw_token *x = tok(r, a), *y = tok(r, b);
    return x->type == y->type && x->length == y->length &&
           memcmp(r->sql + x->offset, r->sql + y->offset, x->length) == 0;
}

/* The end of a column reference name(.name)* at i that is not a call, or i. */
static size_t column_end(const rollup *r, size_t i)
{
    if (!is_name(r, i) || (i > 0 && type(r, i - 1, LW_TK_DOT)))
        return i;
    size_t e = i + 1;
    while (type(r, e, LW_TK_DOT) && is_name(r, e + 1))
        e += 2;
    if (type(r, e, LW_TK_LPAREN) || type(r, e, LW_TK_DOT))
        return i;
    return e;
}

/* Does the column reference [a, ae) name the one [b, be)? Their last names agree and,
 * when both are qualified, so do their qualifiers. */
static int same_column(const rollup *r, size_t a, size_t ae, size_t b, size_t be)
{
    if (!same_name(r, ae - 1, be - 1))
        return 0;
    if (ae - a > 1 && be - b > 1) {
        size_t k = ae - a < be - b ? ae - a : be - b;
        for (size_t j = 2; j < k + 1; j += 2)
            if (!same_name(r, ae - 1 - j, be - 1 - j))
                return 0;
    }
    return 1;
}

static void put_key(rollup *r, int g)
{
    lw_sqlbuf_appendf(r->out, "(CASE WHEN lw_rollup_level > %d THEN NULL ELSE ",
                      r->n_groups - 1 - g);
    put_span(r, r->groups[g].from, r->groups[g].to);
    lw_sqlbuf_appends(r->out, "END) ");
}

static const char *const aggregates[] = {
    "sum",         "count",   "avg",      "min",      "max",           "group_concat",
    "bit_and",     "bit_or",  "bit_xor",  "std",      "stddev",        "stddev_pop",
    "stddev_samp", "var_pop", "var_samp", "variance", "json_arrayagg", "json_objectagg",
    NULL,
};

static int is_aggregate(const rollup *r, size_t i)
{
    if (!type(r, i, LW_TK_WORD) || !type(r, i + 1, LW_TK_LPAREN))
        return 0;
    for (const char *const *a = aggregates; *a; a++)
        if (word(r, i, *a))
            return 1;
    return 0;
}

/* Writes [from, to) with each group column outside aggregate calls and subqueries
 * replaced by its key. Returns 1 when something was replaced. */
static int put_replaced(rollup *r, size_t from, size_t to)
{
    int replaced = 0;
    for (size_t i = from; i < to;) {
        if (is_aggregate(r, i) || (type(r, i, LW_TK_LPAREN) && word(r, i + 1, "select"))) {
            size_t e = closing(r, type(r, i, LW_TK_LPAREN) ? i : i + 1);
            e = e < to ? e + 1 : to;
            put_span(r, i, e);
            i = e;
            continue;
        }
        size_t e = column_end(r, i);
        int g = -1;
        for (int k = 0; e > i && k < r->n_groups && g < 0; k++) {
            size_t ge = column_end(r, r->groups[k].from);
            if (ge == r->groups[k].to && same_column(r, i, e, r->groups[k].from, ge))
                g = k;
        }
        if (g >= 0) {
            put_key(r, g);
            replaced = 1;
            i = e;
            continue;
        }
        put_token(r, i);
        i++;
    }
    return replaced;
}

/* The group item g equals the token run [from, to). */
static int is_group_expression(const rollup *r, int g, size_t from, size_t to)
{
    const span *s = &r->groups[g];
    if (s->to - s->from != to - from)
        return 0;
    for (size_t k = 0; k < to - from; k++)
        if (!same_token(r, s->from + k, from + k))
            return 0;
    return 1;
}

/* Words that may end an expression and are no alias. */
static int alias_word(const rollup *r, size_t i)
{
    static const char *const not_alias[] = {"end", "null", "true", "false", "unknown", NULL};
    if (!is_name(r, i))
        return 0;
    for (const char *const *w = not_alias; *w; w++)
        if (type(r, i, LW_TK_WORD) && word(r, i, *w))
            return 0;
    return 1;
}

/* Splits the comma-separated list [from, to) into at most ROLLUP_MAX_ITEMS items.
 * Returns their number, or -1 when there are more. */
static int split_list(const rollup *r, size_t from, size_t to, span *items)
{
    int n = 0;
    for (size_t i = from; i < to; n++) {
        if (n >= ROLLUP_MAX_ITEMS)
            return -1;
        size_t e = i;
        while (e < to && !type(r, e, LW_TK_COMMA))
            e = type(r, e, LW_TK_LPAREN) ? closing(r, e) + 1 : e + 1;
        items[n] = (span){i, e > to ? to : e};
        i = items[n].to + 1;
    }
    return n;
}

/* Reads the select list [from, to): its items and their aliases. */
static int read_items(rollup *r, size_t from, size_t to)
{
    r->n_items = split_list(r, from, to, r->item_whole);
    for (int k = 0; k < r->n_items; k++) {
        size_t i = r->item_whole[k].from, e = r->item_whole[k].to;
        r->alias[k] = NO_TOKEN;
        r->items[k] = r->item_whole[k];
        if (e - i >= 3 && word(r, e - 2, "as") && is_name(r, e - 1)) {
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

/* Reads the GROUP BY list [from, to): each item's direction, and a position or a
 * select alias as the item it names. */
static int read_groups(rollup *r, size_t from, size_t to)
{
    r->n_groups = split_list(r, from, to, r->groups);
    for (int k = 0; k < r->n_groups; k++) {
        size_t i = r->groups[k].from, end = r->groups[k].to;
        r->desc[k] = 0;
        if (end > i + 1 && (word(r, end - 1, "asc") || word(r, end - 1, "desc"))) {
            r->desc[k] = word(r, end - 1, "desc");
            r->groups[k].to = --end;
        }
        if (end == i + 1 && type(r, i, LW_TK_NUMBER)) {
            const lw_token *t = tok(r, i);
            long pos = 0;
            for (uint32_t d = 0; d < t->length && pos <= ROLLUP_MAX_ITEMS; d++)
                pos = r->sql[t->offset + d] >= '0' && r->sql[t->offset + d] <= '9'
                          ? pos * 10 + (r->sql[t->offset + d] - '0')
                          : ROLLUP_MAX_ITEMS + 1;
            if (pos >= 1 && pos <= r->n_items)
                r->groups[k] = r->items[pos - 1];
        } else if (end == i + 1 && is_name(r, i)) {
            for (int j = 0; j < r->n_items; j++)
                if (r->alias[j] != NO_TOKEN && same_name(r, r->alias[j], i)) {
                    r->groups[k] = r->items[j];
                    break;
                }
        }
    }
    return r->n_groups < 0 ? -1 : 0;
}

/* The item's text as written, as a backquoted alias: MariaDB names the column so. */
static void put_item_name(rollup *r, int k)
{
    const lw_token *a = tok(r, r->item_whole[k].from), *b = tok(r, r->item_whole[k].to - 1);
    lw_sqlbuf_append(r->out, "AS `", 4);
    for (const char *c = r->sql + a->offset; c < r->sql + b->offset + b->length; c++)
        lw_sqlbuf_append(r->out, *c == '`' ? "``" : c, *c == '`' ? 2 : 1);
    lw_sqlbuf_append(r->out, "` ", 2);
}

/*
 * Rewrites the query block around WITH ROLLUP at meaningful token wr. Returns 0, or
 * LW_ESQL / LW_ENOTSUP with err set.
 */
static int rewrite_block(rollup *r, size_t wr, lw_dialect_error *err)
{
    /* The block: back to its SELECT, on to the ')' or set operator that ends it. */
    size_t start = NO_TOKEN;
    int depth = 0;
    for (size_t i = wr; i-- > 0;) {
        if (type(r, i, LW_TK_RPAREN))
            depth++;
        else if (type(r, i, LW_TK_LPAREN) && depth-- == 0)
            break;
        else if (depth == 0 && word(r, i, "select")) {
            start = i;
            break;
        }
    }
    if (start == NO_TOKEN)
        return 0; /* not a query: the walk reports it */
    size_t end = wr + 2;
    while (end < r->n && !type(r, end, LW_TK_RPAREN) && !word(r, end, "union") &&
           !word(r, end, "intersect") && !word(r, end, "except") && !type(r, end, LW_TK_SEMICOLON))
        end = type(r, end, LW_TK_LPAREN) ? closing(r, end) + 1 : end + 1;
    if (end > r->n)
        end = r->n;
    size_t group = find_word(r, start + 1, wr, "group", "by");
    if (group >= wr || group + 2 >= wr)
        return 0;
    size_t order = find_word(r, wr + 2, end, "order", "by");
    if (order < end && r->mysql) {
        lw_dialect_error_set(err, "0A000", 1235, "%s",
                             "GROUP BY ... WITH ROLLUP with ORDER BY is not supported by the "
                             "mysql dialect");
        return LW_ENOTSUP;
    }
    if (order < end) {
        lw_dialect_error_set(err, "HY000", 1221, "Incorrect usage of CUBE/ROLLUP and ORDER BY");
        return LW_ESQL;
    }
    for (size_t i = group + 2; i < wr; i++)
        if (type(r, i, LW_TK_PARAM)) {
            lw_dialect_error_set(err, "0A000", 1235, "%s",
                                 "a parameter in a GROUP BY ... WITH ROLLUP item is not "
                                 "supported by the mariadb dialect");
            return LW_ENOTSUP;
        }
    size_t from = find_word(r, start + 1, group, "from", NULL);
    size_t where = find_word(r, start + 1, group, "where", NULL);
    size_t list_end = from < where ? from : where;
    size_t list = start + 1;
    static const char *const modifiers[] = {
        "all",           "distinct",         "distinctrow",         "high_priority",
        "straight_join", "sql_small_result", "sql_big_result",      "sql_buffer_result",
        "sql_cache",     "sql_no_cache",     "sql_calc_found_rows", NULL,
    };
    for (int again = 1; again;) {
        again = 0;
        for (const char *const *m = modifiers; *m; m++)
            if (word(r, list, *m)) {
                list++;
                again = 1;
            }
    }
    size_t having = find_word(r, wr + 2, end, "having", NULL);
    size_t tail = having < end ? find_word(r, having + 1, end, "limit", NULL) : wr + 2;
    if (read_items(r, list, list_end) || read_groups(r, group + 2, wr)) {
        lw_dialect_error_set(err, "0A000", 1235, "%s",
                             "GROUP BY ... WITH ROLLUP with more than 64 items is not supported "
                             "by the mariadb dialect");
        return LW_ENOTSUP;
    }
    int n = r->n_groups;
    /* A * would show the rolled-up columns' values: the items must be named. */
    for (int k = 0; k < r->n_items; k++) {
        const lw_token *last = tok(r, r->items[k].to - 1);
        if (last->type == LW_TK_OPERATOR && last->length == 1 && r->sql[last->offset] == '*' &&
            (r->items[k].to - r->items[k].from == 1 || type(r, r->items[k].to - 2, LW_TK_DOT))) {
            lw_dialect_error_set(err, "0A000", 1235, "%s",
                                 "GROUP BY ... WITH ROLLUP with * in the select list is not "
                                 "supported by the mariadb dialect");
            return LW_ENOTSUP;
        }
    }

    /* A member of UNION, INTERSECT or EXCEPT: SQLite takes no ORDER BY there, so the
     * block becomes a derived table, whose order SQLite keeps. */
    int member = word(r, end, "union") || word(r, end, "intersect") || word(r, end, "except") ||
                 (start > 0 && (word(r, start - 1, "union") || word(r, start - 1, "all") ||
                                word(r, start - 1, "distinct") || word(r, start - 1, "intersect") ||
                                word(r, start - 1, "except")));
    put_span(r, 0, start);
    if (member)
        lw_sqlbuf_appends(r->out, "SELECT * FROM (");
    put_span(r, start, list);
    for (int k = 0; k < r->n_items; k++) {
        if (k)
            lw_sqlbuf_append(r->out, ", ", 2);
        int g = -1;
        for (int j = 0; j < n && g < 0; j++)
            if (column_end(r, r->groups[j].from) != r->groups[j].to &&
                is_group_expression(r, j, r->items[k].from, r->items[k].to))
                g = j;
        int replaced = 1;
        if (g >= 0)
            put_key(r, g);
        else
            replaced = put_replaced(r, r->items[k].from, r->items[k].to);
        if (r->alias[k] != NO_TOKEN) {
            lw_sqlbuf_appends(r->out, "AS ");
            put_token(r, r->alias[k]);
        } else if (replaced) {
            put_item_name(r, k);
        }
    }
    /* FROM ... [WHERE ...], the levels joined to the FROM items. */
    lw_sqlbuf_append(r->out, " ", 1);
    if (from < group) {
        put_span(r, from, where < group ? where : group);
        lw_sqlbuf_appends(r->out, ", ");
    } else {
        lw_sqlbuf_appends(r->out, "FROM ");
    }
    lw_sqlbuf_appends(r->out, "(SELECT 0 AS lw_rollup_level");
    for (int l = 1; l <= n; l++)
        lw_sqlbuf_appendf(r->out, " UNION ALL SELECT %d", l);
    lw_sqlbuf_appends(r->out, ") AS lw_rollup ");
    if (where < group)
        put_span(r, where, group);
    lw_sqlbuf_appends(r->out, "GROUP BY lw_rollup_level");
    for (int g = 0; g < n; g++) {
        lw_sqlbuf_appends(r->out, ", ");
        put_key(r, g);
    }
    if (having < end) {
        lw_sqlbuf_appends(r->out, "HAVING ");
        put_replaced(r, having + 1, tail);
    }
    lw_sqlbuf_appends(r->out, "ORDER BY ");
    for (int g = 0; g < n; g++) {
        lw_sqlbuf_appendf(r->out, "%slw_rollup_level > %d, ", g ? ", " : "", n - 1 - g);
        put_key(r, g);
        if (r->desc[g])
            lw_sqlbuf_appends(r->out, "DESC ");
    }
    put_span(r, tail, end);
    if (member)
        lw_sqlbuf_appends(r->out, ") AS lw_rollup_rows ");
    put_span(r, end, r->n);
    return 0;
}

/* The first WITH ROLLUP among the meaningful tokens, or n. */
static size_t find_rollup(const rollup *r)
{
    for (size_t i = 0; i + 1 < r->n; i++)
        if (word(r, i, "with") && word(r, i + 1, "rollup"))
            return i;
    return r->n;
}

static int collect(rollup *r, const char *sql, const lw_token *tk, size_t n_tokens)
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

int my_rollup_translate(const lw_dialect *dialect, lw_translation *t, lw_schema *schema)
{
    rollup r;
    memset(&r, 0, sizeof r);
    int rc = collect(&r, t->sql, t->tokens, t->n_tokens);
    if (rc)
        return rc;
    if (find_rollup(&r) == r.n) {
        sqlite3_free(r.at);
        return lw_walk_translate(t, dialect->rules, schema);
    }
    char *text = NULL;
    lw_tokens toks = {0};
    for (int block = 0; !rc && block < ROLLUP_MAX_BLOCKS; block++) {
        size_t wr = find_rollup(&r);
        if (wr == r.n)
            break;
        lw_sqlbuf buf = {0};
        rollup next;
        memset(&next, 0, sizeof next);
        next.sql = r.sql, next.tk = r.tk, next.at = r.at, next.n = r.n, next.out = &buf;
        next.mysql = dialect == &lw_dialect_mysql;
        rc = rewrite_block(&next, wr, t->err);
        if (!rc && buf.len == 0) /* not a query block: left to the walk */
            break;
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
