/*
 * Oracle's outer join operator (SQLRF "Joins", "Outer Joins"): WHERE conditions that
 * mark a table's columns with (+) make that table the outer-joined one. Before the walk
 * (oracle.c), each query block that uses it is rewritten into an ANSI join:
 *
 *   FROM a, b WHERE a.x = b.x(+) AND b.y(+) > 1 AND a.z = 2
 *   -> FROM a LEFT JOIN b ON a.x = b.x AND b.y > 1 WHERE a.z = 2
 *
 * where that is unambiguous: a FROM list of tables (no explicit JOIN), the conditions
 * that carry (+) top-level conjuncts of WHERE, each naming one outer-joined table by
 * its qualifier. Refused otherwise: ORA-01719 for (+) in an operand of OR or of IN (as
 * Oracle), 0A000 for an unqualified column marked (+), two outer-joined tables in one
 * condition, or a FROM list with JOINs.
 *
 * Limits: ORA_OJ_MAX_ITEMS FROM items and conditions per block.
 */
#include <stdio.h>
#include <string.h>

#include "dialect/oracle/pass.h"

#define ORA_OJ_MAX_ITEMS 64

/* Is (+) at k: "(" "+" ")"? */
static int marker_at(const ora_text *x, size_t k)
{
    return ora_text_type(x, k, LW_TK_LPAREN) && ora_text_type(x, k + 1, LW_TK_OPERATOR) &&
           x->tk[k + 1].length == 1 && x->sql[x->tk[k + 1].offset] == '+' &&
           ora_text_type(x, k + 2, LW_TK_RPAREN);
}

/* Appends tokens [a, b) with single spaces, the (+) markers left out. */
static void put_tokens(lw_sqlbuf *out, const ora_text *x, size_t a, size_t b)
{
    for (size_t k = a; k < b; k++) {
        if (marker_at(x, k)) {
            k += 2;
            continue;
        }
        lw_sqlbuf_append(out, x->sql + x->tk[k].offset, x->tk[k].length);
        lw_sqlbuf_append(out, " ", 1);
    }
}

/* The uppercase name token t spells (quotes removed) into out. */
static void name_of(const ora_text *x, const lw_token *t, char *out, size_t cap)
{
    const char *s = x->sql + t->offset;
    size_t n = t->length;
    int quoted = t->type == LW_TK_QIDENT;
    if (quoted && n >= 2)
        s++, n -= 2;
    if (n >= cap)
        n = cap - 1;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)(!quoted && s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
    out[n] = 0;
}

typedef struct range {
    size_t a, b;
} range;

/*
 * Rewrites the first query block whose WHERE has (+) at its own level. Returns 1 with
 * *out the new text, 0 when there is none, or a negative LW_E* code with err set.
 */
static int rewrite_one(const ora_text *x, lw_sqlbuf *out, lw_dialect_error *err, void *ctx)
{
    (void)ctx;
    for (size_t sel = 0; sel < x->n; sel++) {
        if (!ora_text_word(x, sel, "select"))
            continue;
        /* this block's FROM, WHERE and what ends WHERE, at its own depth */
        size_t from = 0, where = 0;
        int d = 0;
        size_t end = sel + 1;
        for (; ora_text_own(x, &end, &d); end++) {
            size_t k = end;
            if (!from && ora_text_word(x, k, "from"))
                from = k;
            else if (from && !where && ora_text_word(x, k, "where"))
                where = k;
            else if (where && (ora_text_word(x, k, "group") || ora_text_word(x, k, "order") ||
                               ora_text_word(x, k, "having") || ora_text_word(x, k, "union") ||
                               ora_text_word(x, k, "minus") || ora_text_word(x, k, "intersect") ||
                               ora_text_word(x, k, "except") || ora_text_word(x, k, "connect") ||
                               ora_text_word(x, k, "start") || ora_text_word(x, k, "fetch") ||
                               ora_text_word(x, k, "offset") || ora_text_word(x, k, "for")))
                break;
            else if (from && !where &&
                     (ora_text_word(x, k, "group") || ora_text_word(x, k, "order") ||
                      ora_text_word(x, k, "union")))
                break;
        }
        if (!from || !where)
            continue;
        /* the conjuncts of WHERE, and which carry (+) at this level */
        range conj[ORA_OJ_MAX_ITEMS];
        int nc = 0, any = 0, between = 0;
        size_t start = where + 1;
        d = 0;
        for (size_t k = where + 1; k <= end; k++) {
            if (k < end && x->tk[k].type == LW_TK_LPAREN) {
                if (marker_at(x, k))
                    any = 1;
                d++;
                continue;
            }
            if (k < end && x->tk[k].type == LW_TK_RPAREN) {
                d--;
                continue;
            }
            if (k < end && d == 0 && ora_text_word(x, k, "between"))
                between = 1;
            if (k == end || (d == 0 && ora_text_word(x, k, "and") && !between)) {
                if (nc == ORA_OJ_MAX_ITEMS) {
                    lw_dialect_error_set(err, "0A000", 1235,
                                         "a WHERE clause with (+) and more than %d conditions is "
                                         "not supported by the oracle dialect",
                                         ORA_OJ_MAX_ITEMS);
                    return LW_ENOTSUP;
                }
                conj[nc].a = start;
                conj[nc].b = k;
                nc++;
                start = k + 1;
            } else if (d == 0 && ora_text_word(x, k, "and")) {
                between = 0;
            }
        }
        if (!any)
            continue;
        /* the FROM items: tables with their aliases */
        range item[ORA_OJ_MAX_ITEMS];
        char alias[ORA_OJ_MAX_ITEMS][140];
        int ni = 0;
        start = from + 1;
        d = 0;
        for (size_t k = from + 1; k <= where; k++) {
            if (k < where && x->tk[k].type == LW_TK_LPAREN) {
                k = ora_text_closing(x, k);
                continue;
            }
            if (k < where && (ora_text_word(x, k, "join") || ora_text_word(x, k, "on"))) {
                lw_dialect_error_set(err, "0A000", 1235,
                                     "the outer join operator (+) in a query with JOIN clauses is "
                                     "not supported by the oracle dialect");
                return LW_ENOTSUP;
            }
            if (k == where || x->tk[k].type == LW_TK_COMMA) {
                if (ni == ORA_OJ_MAX_ITEMS || k == start)
                    return 0;
                item[ni].a = start;
                item[ni].b = k;
                name_of(x, &x->tk[k - 1], alias[ni], sizeof alias[ni]);
                ni++;
                start = k + 1;
            }
        }
        /* each condition with (+): its outer-joined table */
        int outer_of[ORA_OJ_MAX_ITEMS];
        for (int c = 0; c < nc; c++) {
            outer_of[c] = -1;
            int depth = 0;
            for (size_t k = conj[c].a; k < conj[c].b; k++) {
                if (marker_at(x, k)) {
                    if (k < 3 || x->tk[k - 2].type != LW_TK_DOT) {
                        lw_dialect_error_set(err, "0A000", 1235,
                                             "an unqualified column marked (+) is not supported "
                                             "by the oracle dialect (qualify it with its table)");
                        return LW_ENOTSUP;
                    }
                    char q[140];
                    name_of(x, &x->tk[k - 3], q, sizeof q);
                    int t = -1;
                    for (int i = 0; i < ni; i++)
                        if (!strcmp(alias[i], q))
                            t = i;
                    if (t < 0 || (outer_of[c] >= 0 && outer_of[c] != t)) {
                        lw_dialect_error_set(err, "0A000", 1235,
                                             "this use of the outer join operator (+) is not "
                                             "supported by the oracle dialect");
                        return LW_ENOTSUP;
                    }
                    outer_of[c] = t;
                    k += 2;
                    continue;
                }
                if (x->tk[k].type == LW_TK_LPAREN)
                    depth++;
                else if (x->tk[k].type == LW_TK_RPAREN)
                    depth--;
            }
            if (outer_of[c] < 0)
                continue;
            for (size_t k = conj[c].a; k < conj[c].b; k++)
                if (ora_text_word(x, k, "or") || ora_text_word(x, k, "in")) {
                    ora_set_error(err, 1719,
                                  "outer join operator (+) not allowed in operand of OR or IN");
                    return LW_ESQL;
                }
        }
        /* the block, rewritten */
        lw_sqlbuf_append(out, x->sql, x->tk[from].offset);
        lw_sqlbuf_appends(out, "FROM ");
        int first = 1;
        for (int i = 0; i < ni; i++) {
            int outer = 0;
            for (int c = 0; c < nc; c++)
                outer |= outer_of[c] == i;
            if (outer)
                continue;
            if (!first)
                lw_sqlbuf_appends(out, ", ");
            put_tokens(out, x, item[i].a, item[i].b);
            first = 0;
        }
        for (int i = 0; i < ni; i++) {
            int outer = 0;
            for (int c = 0; c < nc; c++)
                outer |= outer_of[c] == i;
            if (!outer)
                continue;
            if (first) {
                lw_dialect_error_set(err, "0A000", 1235,
                                     "a query whose every table is outer-joined (+) is not "
                                     "supported by the oracle dialect");
                return LW_ENOTSUP;
            }
            lw_sqlbuf_appends(out, "LEFT JOIN ");
            put_tokens(out, x, item[i].a, item[i].b);
            lw_sqlbuf_appends(out, "ON ");
            int n_on = 0;
            for (int c = 0; c < nc; c++)
                if (outer_of[c] == i) {
                    lw_sqlbuf_appends(out, n_on++ ? "AND (" : "(");
                    put_tokens(out, x, conj[c].a, conj[c].b);
                    lw_sqlbuf_appends(out, ") ");
                }
            first = 0;
        }
        int n_where = 0;
        for (int c = 0; c < nc; c++)
            if (outer_of[c] < 0) {
                lw_sqlbuf_appends(out, n_where++ ? "AND (" : "WHERE (");
                put_tokens(out, x, conj[c].a, conj[c].b);
                lw_sqlbuf_appends(out, ") ");
            }
        if (end < x->n)
            lw_sqlbuf_appends(out, x->sql + x->tk[end].offset);
        return out->oom ? LW_ENOMEM : 1;
    }
    return 0;
}

int ora_outer_joins(const char *sql, const lw_token *toks, size_t n, char **text,
                    lw_dialect_error *err)
{
    *text = NULL;
    lw_token *m = sqlite3_malloc64((n ? n : 1) * sizeof *m);
    if (!m)
        return LW_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!lw_token_is_blank(&toks[i]))
            m[k++] = toks[i];
    ora_text x = {sql, m, k};
    int any = 0;
    for (size_t i = 0; i < k && !any; i++)
        any = marker_at(&x, i);
    if (!any) {
        sqlite3_free(m);
        return 0;
    }
    /* the statement's own text from its first token to its last */
    lw_sqlbuf cur = {0};
    lw_sqlbuf_append(&cur, sql + m[0].offset, m[k - 1].offset + m[k - 1].length - m[0].offset);
    sqlite3_free(m);
    size_t len = cur.len;
    int rc =
        cur.oom ? LW_ENOMEM
                : ora_pass_rounds(cur.s, len, ORA_OJ_MAX_ITEMS, NULL, rewrite_one, NULL, text, err);
    if (rc == 0) {
        /* no block at a level the rewrite reads: the text as it is */
        *text = lw_sqlbuf_finish(&cur);
        return *text ? 1 : LW_ENOMEM;
    }
    lw_sqlbuf_free(&cur);
    return rc;
}
