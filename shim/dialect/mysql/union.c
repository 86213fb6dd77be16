/*
 * SELECT ... UNION [DISTINCT] SELECT ... (passes.h): of rows equal under their columns'
 * collations MariaDB keeps the first it reads; SQLite's UNION keeps the last (its
 * ephemeral index replaces an equal key). So the members are written in reverse order,
 * the new first one taking the column names of the old first one (a compound query is
 * named by its first member), and the compound's own ORDER BY and LIMIT stay at the
 * end:
 *
 *   SELECT 'a' AS v UNION SELECT 'A' ORDER BY v
 *   -> SELECT 'A' AS v UNION SELECT 'a' AS v ORDER BY v
 *
 * The walk then writes each string column's collation (assign.c), so SQLite compares
 * the rows as MariaDB does. SQLite returns the rows sorted where MariaDB returns them
 * as they came, as before. Left as written: UNION ALL, INTERSECT or EXCEPT anywhere in
 * the compound, a member in parentheses or with a * in its select list, members with
 * different numbers of columns (SQLite's error), INTO.
 */
#include <string.h>

#include "dialect/mysql/passes.h"

#define UNION_MAX_MEMBERS 64

/* The statement's members [start, end) at depth 0, and where its own ORDER BY or
 * LIMIT begins (n: none). Returns their number, or 0 when it is no compound this pass
 * rewrites. */
static int read_members(const my_pass *r, span *members, size_t *tail)
{
    int n = 0;
    size_t start = 0;
    if (!word(r, 0, "select"))
        return 0;
    for (size_t i = 0; i <= r->n; i++) {
        if (i < r->n && type(r, i, LW_TK_LPAREN)) {
            i = my_pass_closing(r, i);
            continue;
        }
        if (i < r->n && (word(r, i, "intersect") || word(r, i, "except") || word(r, i, "into")))
            return 0;
        if (i < r->n && !word(r, i, "union"))
            continue;
        if (n >= UNION_MAX_MEMBERS)
            return 0;
        members[n++] = (span){start, i};
        if (i == r->n)
            break;
        if (word(r, i + 1, "all"))
            return 0;
        start = i + (word(r, i + 1, "distinct") ? 2 : 1);
        if (!word(r, start, "select"))
            return 0;
    }
    if (n < 2)
        return 0;
    span *last = &members[n - 1];
    size_t order = my_pass_find_word(r, last->from, last->to, "order", "by");
    size_t limit = my_pass_find_word(r, last->from, last->to, "limit", NULL);
    *tail = order < limit ? order : limit;
    if (*tail < last->to)
        last->to = *tail;
    else
        *tail = r->n;
    return n;
}

/* The number of items of the member's select list, or -1 for a * among them. */
static int member_items(my_pass *r, const span *m)
{
    size_t list = my_pass_select_list(r, m->from);
    size_t end = my_pass_find_word(r, list, m->to, "from", NULL);
    if (my_pass_read_items(r, list, end))
        return -1;
    for (int k = 0; k < r->n_items; k++) {
        const lw_token *last = tok(r, r->items[k].to - 1);
        if (r->items[k].to > r->items[k].from && last->type == LW_TK_OPERATOR &&
            last->length == 1 && r->sql[last->offset] == '*')
            return -1;
    }
    return r->n_items;
}

void my_union_rewrite(my_pass *r)
{
    span members[UNION_MAX_MEMBERS];
    size_t tail;
    int n = read_members(r, members, &tail);
    if (!n)
        return;
    int columns = member_items(r, &members[0]);
    for (int j = 1; j < n && columns >= 0; j++)
        if (member_items(r, &members[j]) != columns)
            return;
    if (columns < 0)
        return;
    /* The first member's names: each alias, or the item as written (read again). */
    my_pass first = *r;
    member_items(&first, &members[0]);
    member_items(r, &members[n - 1]);
    my_pass_put_span(r, members[n - 1].from, r->items[0].from);
    for (int k = 0; k < columns; k++) {
        if (k)
            lw_sqlbuf_appends(r->out, ", ");
        my_pass_put_span(r, r->items[k].from, r->items[k].to);
        first.out = r->out;
        if (first.alias[k] != NO_TOKEN) {
            lw_sqlbuf_appends(r->out, "AS ");
            my_pass_put_token(&first, first.alias[k]);
        } else {
            my_pass_put_item_name(&first, k);
        }
    }
    lw_sqlbuf_appends(r->out, " ");
    my_pass_put_span(r, r->item_whole[columns - 1].to, members[n - 1].to);
    for (int j = n - 2; j >= 0; j--) {
        lw_sqlbuf_appends(r->out, "UNION ");
        my_pass_put_span(r, members[j].from, members[j].to);
    }
    my_pass_put_span(r, tail, r->n);
}
