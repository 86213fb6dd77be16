/*
 * The row limiting clause's PERCENT and WITH TIES (SQLRF "SELECT", row_limiting_clause).
 * Before the walk (oracle.c) each becomes a plain row count the walk writes as LIMIT
 * (queries.c), computed by a subquery over the same query:
 *
 *   ... ORDER BY o FETCH FIRST p PERCENT ROWS ONLY
 *   -> ... ORDER BY o FETCH FIRST (SELECT CEIL(COUNT(*) * (p) / 100) FROM (query)) ROWS ONLY
 *   SELECT list FROM rest ORDER BY o FETCH FIRST n ROWS WITH TIES
 *   -> ... FETCH FIRST (SELECT COUNT(*) FROM (SELECT RANK() OVER (ORDER BY o') lw_rk
 *          FROM rest) WHERE lw_rk <= n) ROWS ONLY
 *
 * PERCENT is the percentage of the query's rows, rounded up ("5 percent" of 14 rows is
 * one row); WITH TIES returns the rows whose sort key ranks within the first n, that is
 * the first n rows and those tied with the last of them; without ORDER BY it adds no
 * rows. In o', an ORDER BY position or select-list alias is the select item it names.
 *
 * In a statement that names ROWNUM, a parenthesized query with ORDER BY also gets OFFSET
 * 0 ROWS, so that its rows keep their order for the outer block (keep_subquery_order).
 *
 * Limits, refused with 0A000 naming the form: WITH TIES together with PERCENT or after
 * OFFSET, WITH TIES on a compound query or a SELECT DISTINCT, and bind parameters in the
 * query (it is written twice).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/oracle/pass.h"

static int has_params(const ora_text *x, size_t a, size_t b)
{
    for (size_t k = a; k < b; k++)
        if (x->tk[k].type == LW_TK_PARAM)
            return 1;
    return 0;
}

/* A select item [a, b): its expression's end, without the alias (b when none). */
static size_t item_expr_end(const ora_text *x, size_t a, size_t b)
{
    static const char *const not_alias[] = {"end", "null", "true", "false", NULL};
    static const char *const not_before[] = {"is",    "not",      "and",     "or",   "like",
                                             "in",    "then",     "else",    "when", "case",
                                             "prior", "distinct", "between", NULL};
    if (b < a + 2 ||
        !(ora_text_type(x, b - 1, LW_TK_WORD) || ora_text_type(x, b - 1, LW_TK_QIDENT)))
        return b;
    if (ora_text_word(x, b - 2, "as"))
        return b - 2;
    for (int i = 0; not_alias[i]; i++)
        if (ora_text_word(x, b - 1, not_alias[i]))
            return b;
    for (int i = 0; not_before[i]; i++)
        if (ora_text_word(x, b - 2, not_before[i]))
            return b;
    int t = x->tk[b - 2].type;
    return t == LW_TK_WORD || t == LW_TK_QIDENT || t == LW_TK_NUMBER || t == LW_TK_STRING ||
                   t == LW_TK_RPAREN || t == LW_TK_PARAM
               ? b - 1
               : b;
}

/* Writes the ORDER BY keys [a, b) with a position or an alias replaced by the select
 * item [list_a, list_b) it names. */
static void put_keys(lw_sqlbuf *out, const ora_text *x, size_t a, size_t b, size_t list_a,
                     size_t list_b)
{
    size_t key = a;
    int d = 0;
    for (size_t k = a; k <= b; k++) {
        if (k < b && x->tk[k].type == LW_TK_LPAREN)
            d++;
        else if (k < b && x->tk[k].type == LW_TK_RPAREN)
            d--;
        if (k < b && (d || x->tk[k].type != LW_TK_COMMA))
            continue;
        /* the key [key, e) and its ASC/DESC/NULLS words */
        size_t e = key;
        while (e < k && !ora_text_word(x, e, "asc") && !ora_text_word(x, e, "desc") &&
               !ora_text_word(x, e, "nulls"))
            e++;
        size_t found_a = 0, found_b = 0;
        if (e == key + 1 &&
            (ora_text_type(x, key, LW_TK_NUMBER) || ora_text_type(x, key, LW_TK_WORD) ||
             ora_text_type(x, key, LW_TK_QIDENT))) {
            long position = ora_text_type(x, key, LW_TK_NUMBER)
                                ? strtol(x->sql + x->tk[key].offset, NULL, 10)
                                : 0;
            long i = 1;
            size_t ia = list_a;
            int dd = 0;
            for (size_t j = list_a; j <= list_b && !found_b; j++) {
                if (j < list_b && x->tk[j].type == LW_TK_LPAREN)
                    dd++;
                else if (j < list_b && x->tk[j].type == LW_TK_RPAREN)
                    dd--;
                if (j < list_b && (dd || x->tk[j].type != LW_TK_COMMA))
                    continue;
                size_t ie = item_expr_end(x, ia, j);
                if ((position && i == position) ||
                    (!position && ie < j && ora_text_same_name(x, &x->tk[j - 1], &x->tk[key]))) {
                    found_a = ia;
                    found_b = ie;
                }
                i++;
                ia = j + 1;
            }
        }
        if (found_b) {
            lw_sqlbuf_appends(out, "(");
            ora_text_put(out, x, found_a, found_b);
            lw_sqlbuf_appends(out, ") ");
            ora_text_put(out, x, e, k);
        } else {
            ora_text_put(out, x, key, k);
        }
        if (k < b)
            lw_sqlbuf_appends(out, ", ");
        key = k + 1;
    }
}

/*
 * Rewrites the first FETCH with PERCENT or WITH TIES. Returns 1 with *out the new text,
 * 0 when there is none, or a negative LW_E* code with err set.
 */
static int rewrite_one(const ora_text *x, lw_sqlbuf *out, lw_dialect_error *err)
{
    for (size_t fetch = 0; fetch < x->n; fetch++) {
        if (!ora_text_word(x, fetch, "fetch") ||
            !(ora_text_word(x, fetch + 1, "first") || ora_text_word(x, fetch + 1, "next")))
            continue;
        /* FETCH FIRST [count [PERCENT]] ROW[S] {ONLY | WITH TIES} */
        size_t count = fetch + 2, rows = count;
        int d = 0;
        while (rows < x->n &&
               (d || !(ora_text_word(x, rows, "row") || ora_text_word(x, rows, "rows") ||
                       ora_text_word(x, rows, "percent")))) {
            if (x->tk[rows].type == LW_TK_LPAREN)
                d++;
            else if (x->tk[rows].type == LW_TK_RPAREN)
                d--;
            rows++;
        }
        int percent = ora_text_word(x, rows, "percent");
        size_t count_end = rows;
        if (percent)
            rows++;
        if (!(ora_text_word(x, rows, "row") || ora_text_word(x, rows, "rows")))
            continue; /* the walk reports it */
        int ties = ora_text_word(x, rows + 1, "with") && ora_text_word(x, rows + 2, "ties");
        if (!percent && !ties)
            continue;
        size_t after = rows + (ties ? 3 : 1) + (!ties && ora_text_word(x, rows + 1, "only"));
        if (percent && ties)
            return ora_pass_refuse(err, "FETCH ... PERCENT ROWS WITH TIES");
        if (count == count_end)
            return ora_set_error(err, 936, "missing expression");
        /* the query: from the first SELECT or WITH at this depth */
        size_t start = fetch;
        d = 0;
        while (start > 0) {
            if (x->tk[start - 1].type == LW_TK_RPAREN)
                d++;
            else if (x->tk[start - 1].type == LW_TK_LPAREN && d-- == 0)
                break;
            start--;
        }
        size_t query = x->n, order = 0, offset = 0, from = 0, sel = x->n;
        int compound = 0;
        d = 0;
        for (size_t k = start; k < fetch; k++) {
            if (x->tk[k].type == LW_TK_LPAREN)
                d++;
            else if (x->tk[k].type == LW_TK_RPAREN)
                d--;
            else if (d)
                continue;
            else if (query == x->n &&
                     (ora_text_word(x, k, "select") || ora_text_word(x, k, "with")))
                query = k;
            else if (query == x->n)
                continue;
            else if (ora_text_word(x, k, "union") || ora_text_word(x, k, "minus") ||
                     ora_text_word(x, k, "intersect") || ora_text_word(x, k, "except"))
                compound = 1;
            else if (ora_text_word(x, k, "order") && ora_text_word(x, k + 1, "by"))
                order = k;
            else if (ora_text_word(x, k, "offset"))
                offset = k;
            if (!d && ora_text_word(x, k, "select") && sel == x->n)
                sel = k;
            if (!d && ora_text_word(x, k, "from") && !from)
                from = k;
        }
        if (query == x->n)
            continue;
        size_t body_end = order ? order : offset ? offset : fetch;
        if (has_params(x, query, body_end) || (order && has_params(x, order, fetch)))
            return ora_pass_refuse(
                err, "a bind parameter in a query with FETCH ... PERCENT or WITH TIES");
        ora_text_put(out, x, 0, fetch);
        lw_sqlbuf_appends(out, "FETCH FIRST ");
        if (percent) {
            lw_sqlbuf_appends(out, "(SELECT CEIL(COUNT(*) * (");
            ora_text_put(out, x, count, count_end);
            lw_sqlbuf_appends(out, ") / 100) FROM (");
            ora_text_put(out, x, query, body_end);
            lw_sqlbuf_appends(out, ")) ");
        } else if (!order) {
            /* WITH TIES without ORDER BY: no rows are tied */
            ora_text_put(out, x, count, count_end);
        } else {
            if (offset)
                return ora_pass_refuse(err, "FETCH ... WITH TIES after OFFSET");
            if (compound || !from || sel == x->n || ora_text_word(x, sel + 1, "distinct") ||
                ora_text_word(x, sel + 1, "unique") || sel != query)
                return ora_pass_refuse(err,
                                       "FETCH ... WITH TIES on a compound query, a WITH clause or "
                                       "SELECT DISTINCT");
            lw_sqlbuf_appends(out, "(SELECT COUNT(*) FROM (SELECT RANK() OVER (ORDER BY ");
            put_keys(out, x, order + 2, fetch, sel + 1, from);
            lw_sqlbuf_appends(out, ") lw_rk ");
            ora_text_put(out, x, from, order);
            lw_sqlbuf_appends(out, ") WHERE lw_rk <= (");
            ora_text_put(out, x, count, count_end);
            lw_sqlbuf_appends(out, ")) ");
        }
        lw_sqlbuf_appends(out, "ROWS ONLY ");
        ora_text_put(out, x, after, x->n);
        return out->oom ? LW_ENOMEM : 1;
    }
    return 0;
}

/*
 * ROWNUM over an ordered subquery (the top-N and pagination idioms): the subquery's rows
 * must reach the outer block in their order, but SQLite may flatten a FROM subquery
 * into the outer query and evaluate the outer WHERE (where ROWNUM is given) before it
 * sorts. An OFFSET keeps a subquery whole (SQLite's flattening restriction 14), so in a
 * statement that names ROWNUM every parenthesized query with ORDER BY and no row
 * limiting clause gets OFFSET 0 ROWS, which changes no rows. Returns 1 with *out the new
 * text, 0 when nothing needs it.
 */
static int keep_subquery_order(const ora_text *x, lw_sqlbuf *out)
{
    int any = 0;
    for (size_t k = 0; k < x->n && !any; k++)
        any = ora_text_word(x, k, "rownum");
    if (!any)
        return 0;
    size_t from = 0;
    int changed = 0;
    for (size_t open = 0; open + 1 < x->n; open++) {
        if (!ora_text_type(x, open, LW_TK_LPAREN) ||
            !(ora_text_word(x, open + 1, "select") || ora_text_word(x, open + 1, "with")))
            continue;
        int d = 0, order = 0, limited = 0;
        size_t close = open + 1;
        for (; close < x->n; close++) {
            if (x->tk[close].type == LW_TK_LPAREN)
                d++;
            else if (x->tk[close].type == LW_TK_RPAREN && d-- == 0)
                break;
            else if (!d && ora_text_word(x, close, "order") && ora_text_word(x, close + 1, "by"))
                order = 1;
            else if (!d && (ora_text_word(x, close, "fetch") || ora_text_word(x, close, "offset")))
                limited = 1;
        }
        if (!order || limited || close >= x->n)
            continue;
        ora_text_put(out, x, from, close);
        lw_sqlbuf_appends(out, "OFFSET 0 ROWS ");
        from = close;
        changed = 1;
    }
    if (!changed)
        return 0;
    ora_text_put(out, x, from, x->n);
    return out->oom ? LW_ENOMEM : 1;
}

/* A round: a PERCENT or WITH TIES rewritten, else once the ordered subqueries of a
 * statement that reads ROWNUM (*ctx, an int, says it was done). */
static int limit_round(const ora_text *x, lw_sqlbuf *out, lw_dialect_error *err, void *ctx)
{
    int *kept = ctx;
    int rc = rewrite_one(x, out, err);
    if (rc == 0 && !*kept) {
        *kept = 1;
        rc = keep_subquery_order(x, out);
    }
    return rc;
}

int ora_row_limit_rewrite(const char *sql, const lw_token *toks, size_t n, char **text,
                          lw_dialect_error *err)
{
    *text = NULL;
    int any = 0;
    for (size_t i = 0; i < n && !any; i++)
        any = toks[i].type == LW_TK_WORD && (lw_token_is_word(sql, &toks[i], "percent") ||
                                             lw_token_is_word(sql, &toks[i], "ties") ||
                                             lw_token_is_word(sql, &toks[i], "rownum"));
    if (!any)
        return 0;
    int kept = 0;
    return ora_pass_rounds(sql + toks[0].offset,
                           toks[n - 1].offset + toks[n - 1].length - toks[0].offset, 16, NULL,
                           limit_round, &kept, text, err);
}
