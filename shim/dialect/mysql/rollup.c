/*
 * GROUP BY ... WITH ROLLUP, as MariaDB 10.11 answers it: after each group of the first
 * k group columns comes its super-aggregate row, the later group columns NULL in it,
 * and the grand total comes last.
 *
 * Design. Before the walk (a pass, passes.h), the query block is rewritten into
 * MariaDB SQL without ROLLUP, which the walker then translates like any other query
 * (collations, exact sums, GROUP_CONCAT all keep their meaning). Its rows are joined
 * with the levels 0..n (n group columns): level L rolls up the last L of them. Each
 * group column gi becomes the key
 *     (CASE WHEN lw_rollup_level > n-1-i THEN NULL ELSE gi END)
 * and the query groups by the level and the keys, so every level aggregates every row
 * once. The same key replaces gi in the select list and HAVING outside aggregate
 * calls, so a rolled-up column reads NULL there (year + 1 is NULL in the grand total,
 * SUM(year) is not), as on MariaDB. ORDER BY writes MariaDB's order: by each key in
 * its GROUP BY direction, the rows where it is rolled up after the others. No rows in,
 * no rows out: there is no grand total of nothing (MariaDB's answer too). A block
 * that is a member of UNION, INTERSECT or EXCEPT becomes a derived table (SQLite takes
 * no ORDER BY there). The rows are read once per level.
 *
 *   SELECT year, SUM(amount) FROM sales GROUP BY year WITH ROLLUP
 *   -> SELECT (CASE WHEN lw_rollup_level > 0 THEN NULL ELSE year END) AS year,
 *      SUM(amount) FROM sales, (SELECT 0 AS lw_rollup_level UNION ALL SELECT 1) AS
 *      lw_rollup GROUP BY lw_rollup_level, (CASE ...) ORDER BY lw_rollup_level > 0, (CASE ...)
 *
 * The CASE keys carry their column's collation (the dialect's case_result hook), so a
 * group column under utf8mb4_general_ci groups and sorts under it.
 *
 * What MariaDB refuses is refused with its error: ORDER BY with ROLLUP is 1221
 * (HY000) "Incorrect usage of CUBE/ROLLUP and ORDER BY" (dialect=mysql: MySQL 8 takes
 * it and sorts the result, which is not emulated: 0A000). Limits (0A000): a parameter
 * inside a group item (it would be bound several times), more than 64 select or group
 * items. A group item naming a select
 * list alias stands for that item's expression (MariaDB looks at the FROM columns
 * first: a column with the alias's name is not preferred here). A group item that is
 * an expression other than a column (year % 2) is replaced where a whole select item
 * is that expression; a column is replaced wherever it stands outside an aggregate.
 * Subqueries in the select list are left as written. A * in the select list is refused
 * (its columns would not read NULL).
 */
#include <string.h>

#include "dialect/mysql/passes.h"

/* Two tokens spelled alike (words and names without regard to case). */
static int same_token(const my_pass *r, size_t a, size_t b)
{
    if (my_pass_is_name(r, a) && my_pass_is_name(r, b))
        return my_pass_same_name(r, a, b);
    const lw_token *x = tok(r, a), *y = tok(r, b);
    return x->type == y->type && x->length == y->length &&
           memcmp(r->sql + x->offset, r->sql + y->offset, x->length) == 0;
}

/* The end of a column reference name(.name)* at i that is not a call, or i. */
static size_t column_end(const my_pass *r, size_t i)
{
    if (!my_pass_is_name(r, i) || (i > 0 && type(r, i - 1, LW_TK_DOT)))
        return i;
    size_t e = i + 1;
    while (type(r, e, LW_TK_DOT) && my_pass_is_name(r, e + 1))
        e += 2;
    if (type(r, e, LW_TK_LPAREN) || type(r, e, LW_TK_DOT))
        return i;
    return e;
}

/* Does the column reference [a, ae) name the one [b, be)? Their last names agree and,
 * when both are qualified, so do their qualifiers. */
static int same_column(const my_pass *r, size_t a, size_t ae, size_t b, size_t be)
{
    if (!my_pass_same_name(r, ae - 1, be - 1))
        return 0;
    if (ae - a > 1 && be - b > 1) {
        size_t k = ae - a < be - b ? ae - a : be - b;
        for (size_t j = 2; j < k + 1; j += 2)
            if (!my_pass_same_name(r, ae - 1 - j, be - 1 - j))
                return 0;
    }
    return 1;
}

static void put_key(my_pass *r, int g)
{
    lw_sqlbuf_appendf(r->out, "(CASE WHEN lw_rollup_level > %d THEN NULL ELSE ",
                      r->n_groups - 1 - g);
    my_pass_put_span(r, r->groups[g].from, r->groups[g].to);
    lw_sqlbuf_appends(r->out, "END) ");
}

static const char *const aggregates[] = {
    "sum",         "count",   "avg",      "min",      "max",           "group_concat",
    "bit_and",     "bit_or",  "bit_xor",  "std",      "stddev",        "stddev_pop",
    "stddev_samp", "var_pop", "var_samp", "variance", "json_arrayagg", "json_objectagg",
    NULL,
};

static int is_aggregate(const my_pass *r, size_t i)
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
static int put_replaced(my_pass *r, size_t from, size_t to)
{
    int replaced = 0;
    for (size_t i = from; i < to;) {
        if (is_aggregate(r, i) || (type(r, i, LW_TK_LPAREN) && word(r, i + 1, "select"))) {
            size_t e = my_pass_closing(r, type(r, i, LW_TK_LPAREN) ? i : i + 1);
            e = e < to ? e + 1 : to;
            my_pass_put_span(r, i, e);
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
        my_pass_put_token(r, i);
        i++;
    }
    return replaced;
}

/* The group item g equals the token run [from, to). */
static int is_group_expression(const my_pass *r, int g, size_t from, size_t to)
{
    const span *s = &r->groups[g];
    if (s->to - s->from != to - from)
        return 0;
    for (size_t k = 0; k < to - from; k++)
        if (!same_token(r, s->from + k, from + k))
            return 0;
    return 1;
}

/* Reads the GROUP BY list [from, to): each item's direction, and a position or a
 * select alias as the item it names. */
static int read_groups(my_pass *r, size_t from, size_t to)
{
    r->n_groups = my_pass_split_list(r, from, to, r->groups);
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
            for (uint32_t d = 0; d < t->length && pos <= MY_PASS_MAX_ITEMS; d++)
                pos = r->sql[t->offset + d] >= '0' && r->sql[t->offset + d] <= '9'
                          ? pos * 10 + (r->sql[t->offset + d] - '0')
                          : MY_PASS_MAX_ITEMS + 1;
            if (pos >= 1 && pos <= r->n_items)
                r->groups[k] = r->items[pos - 1];
        } else if (end == i + 1 && my_pass_is_name(r, i)) {
            for (int j = 0; j < r->n_items; j++)
                if (r->alias[j] != NO_TOKEN && my_pass_same_name(r, r->alias[j], i)) {
                    r->groups[k] = r->items[j];
                    break;
                }
        }
    }
    return r->n_groups < 0 ? -1 : 0;
}

/*
 * Rewrites the query block around WITH ROLLUP at meaningful token wr. Returns 0, or
 * LW_ESQL / LW_ENOTSUP with err set.
 */
static int rewrite_block(my_pass *r, size_t wr, lw_dialect_error *err)
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
        end = type(r, end, LW_TK_LPAREN) ? my_pass_closing(r, end) + 1 : end + 1;
    if (end > r->n)
        end = r->n;
    size_t group = my_pass_find_word(r, start + 1, wr, "group", "by");
    if (group >= wr || group + 2 >= wr)
        return 0;
    size_t order = my_pass_find_word(r, wr + 2, end, "order", "by");
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
    size_t from = my_pass_find_word(r, start + 1, group, "from", NULL);
    size_t where = my_pass_find_word(r, start + 1, group, "where", NULL);
    size_t list_end = from < where ? from : where;
    size_t list = my_pass_select_list(r, start);
    size_t having = my_pass_find_word(r, wr + 2, end, "having", NULL);
    size_t tail = having < end ? my_pass_find_word(r, having + 1, end, "limit", NULL) : wr + 2;
    if (my_pass_read_items(r, list, list_end) || read_groups(r, group + 2, wr)) {
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
    my_pass_put_span(r, 0, start);
    if (member)
        lw_sqlbuf_appends(r->out, "SELECT * FROM (");
    my_pass_put_span(r, start, list);
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
            my_pass_put_token(r, r->alias[k]);
        } else if (replaced) {
            my_pass_put_item_name(r, k);
        }
    }
    /* FROM ... [WHERE ...], the levels joined to the FROM items. */
    lw_sqlbuf_append(r->out, " ", 1);
    if (from < group) {
        my_pass_put_span(r, from, where < group ? where : group);
        lw_sqlbuf_appends(r->out, ", ");
    } else {
        lw_sqlbuf_appends(r->out, "FROM ");
    }
    lw_sqlbuf_appends(r->out, "(SELECT 0 AS lw_rollup_level");
    for (int l = 1; l <= n; l++)
        lw_sqlbuf_appendf(r->out, " UNION ALL SELECT %d", l);
    lw_sqlbuf_appends(r->out, ") AS lw_rollup ");
    if (where < group)
        my_pass_put_span(r, where, group);
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
    my_pass_put_span(r, tail, end);
    if (member)
        lw_sqlbuf_appends(r->out, ") AS lw_rollup_rows ");
    my_pass_put_span(r, end, r->n);
    return 0;
}

/* The first WITH ROLLUP among the meaningful tokens, or n. */
static size_t find_rollup(const my_pass *r)
{
    for (size_t i = 0; i + 1 < r->n; i++)
        if (word(r, i, "with") && word(r, i + 1, "rollup"))
            return i;
    return r->n;
}

int my_rollup_rewrite(my_pass *r, lw_dialect_error *err)
{
    size_t wr = find_rollup(r);
    return wr < r->n ? rewrite_block(r, wr, err) : 0;
}
