/*
 * The oracle dialect's query clauses (SQLRF "SELECT", "ROWNUM Pseudocolumn",
 * row_limiting_clause) and sequence references:
 *
 *   ROWNUM            numbered per query block in the order rows pass its WHERE clause:
 *                     ROWNUM conditions in WHERE see the number the row would get
 *                     (ora_rownum(KEY, 0)), the clause ends by giving it (KEY, 1), and the
 *                     select list reads it (KEY, 2): so WHERE ROWNUM <= n, ROWNUM > 1
 *                     (never true), top-N over an ordered subquery and the pagination
 *                     idiom behave as in Oracle; a block without ROWNUM in WHERE numbers
 *                     each row where ROWNUM is read (UPDATE t SET n = ROWNUM)
 *   OFFSET n ROWS, FETCH {FIRST | NEXT} [n] ROWS ONLY   LIMIT/OFFSET: fractions
 *                     truncated, a negative offset 0, a NULL offset or count no rows;
 *                     PERCENT and WITH TIES were made a row count before the walk
 *                     (row_limit.c); refused (0A000) in the forms it leaves
 *   seq.NEXTVAL, seq.CURRVAL   ora_nextval / ora_currval: where one statement names a
 *                     sequence's NEXTVAL, its first reference takes the next value and
 *                     the others read it (one increment per row)
 */
#include <stdio.h>
#include <string.h>

#include "dialect/oracle/oracle.h"

/* ---- Query blocks ------------------------------------------------------------------- */

/* The query block the token at position pos belongs to: the position of its SELECT
 * (or of the UPDATE/DELETE, 0), and whether pos is inside its WHERE clause. */
static size_t block_of(const lw_walker *w, size_t pos, int *in_where)
{
    int depth = 0, clause_seen = 0;
    *in_where = 0;
    for (size_t k = pos; k-- > 0;) {
        const lw_token *t = &w->tk[w->at[k]];
        if (t->type == LW_TK_RPAREN) {
            depth++;
            continue;
        }
        if (t->type == LW_TK_LPAREN) {
            if (depth > 0) {
                depth--;
                continue;
            }
            continue; /* out of a parenthesis: the block may be outside it */
        }
        if (depth > 0 || t->type != LW_TK_WORD)
            continue;
        if (lw_token_is_word(w->sql, t, "select") || lw_token_is_word(w->sql, t, "update") ||
            lw_token_is_word(w->sql, t, "delete"))
            return k;
        if (!clause_seen &&
            (lw_token_is_word(w->sql, t, "where") || lw_token_is_word(w->sql, t, "from") ||
             lw_token_is_word(w->sql, t, "group") || lw_token_is_word(w->sql, t, "order") ||
             lw_token_is_word(w->sql, t, "having") || lw_token_is_word(w->sql, t, "set"))) {
            clause_seen = 1;
            *in_where = lw_token_is_word(w->sql, t, "where");
        }
    }
    return 0;
}

/* Does the WHERE clause of the block whose first word is at position block name
 * ROWNUM (outside its subqueries)? */
static int where_has_rownum(const lw_walker *w, size_t block)
{
    int depth = 0, in_where = 0;
    for (size_t k = block + 1; k < w->n; k++) {
        const lw_token *t = &w->tk[w->at[k]];
        if (t->type == LW_TK_LPAREN) {
            /* a subquery is another block */
            if (k + 1 < w->n && (lw_token_is_word(w->sql, &w->tk[w->at[k + 1]], "select") ||
                                 lw_token_is_word(w->sql, &w->tk[w->at[k + 1]], "with"))) {
                int d = 0;
                for (; k < w->n; k++) {
                    const lw_token *u = &w->tk[w->at[k]];
                    if (u->type == LW_TK_LPAREN)
                        d++;
                    else if (u->type == LW_TK_RPAREN && --d == 0)
                        break;
                }
                continue;
            }
            depth++;
            continue;
        }
        if (t->type == LW_TK_RPAREN) {
            if (depth-- == 0)
                return 0; /* the end of this block's parenthesis */
            continue;
        }
        if (depth > 0 || t->type != LW_TK_WORD) {
            if (in_where && t->type == LW_TK_WORD && lw_token_is_word(w->sql, t, "rownum"))
                return 1;
            continue;
        }
        if (lw_token_is_word(w->sql, t, "where"))
            in_where = 1;
        else if (lw_token_is_word(w->sql, t, "group") || lw_token_is_word(w->sql, t, "order") ||
                 lw_token_is_word(w->sql, t, "having") || lw_token_is_word(w->sql, t, "union") ||
                 lw_token_is_word(w->sql, t, "minus") || lw_token_is_word(w->sql, t, "intersect") ||
                 lw_token_is_word(w->sql, t, "connect") || lw_token_is_word(w->sql, t, "start") ||
                 lw_token_is_word(w->sql, t, "fetch") || lw_token_is_word(w->sql, t, "offset") ||
                 lw_token_is_word(w->sql, t, "returning"))
            in_where = 0;
        else if (in_where && lw_token_is_word(w->sql, t, "rownum"))
            return 1;
    }
    return 0;
}

/* ROWNUM */
int ora_rownum(lw_walker *w, lw_expr *e)
{
    int in_where;
    size_t block = block_of(w, w->p, &in_where);
    int what = in_where ? 0 : where_has_rownum(w, block) ? 2 : 1;
    lw_skip(w);
    lw_outf(w, "ora_rownum(%lld, %d) ", (long long)block, what);
    e->type = LW_K_NUMERIC;
    return 1;
}

/* WHERE cond: with ROWNUM among its conditions, the row gets its number once the
 * whole clause is true. */
void ora_where(lw_walker *w)
{
    int in_where;
    size_t block = block_of(w, w->p, &in_where);
    int rownum = where_has_rownum(w, block);
    lw_emit(w);
    if (!rownum) {
        lw_parse_expr(w, 0);
        return;
    }
    lw_out(w, "(");
    lw_parse_expr(w, 0);
    lw_outf(w, ") AND ora_rownum(%lld, 1) ", (long long)block);
}

/* ---- The row limiting clause ----------------------------------------------------------- */

/* An OFFSET or FETCH count at the current token, written as an integer for SQLite:
 * truncated (TRUNC), negative as 0 for an offset; NULL as none_value. */
static void row_count(lw_walker *w, int offset, const char *none_value)
{
    size_t s = lw_here(w);
    lw_parse_expr(w, ORA_BP_ADD);
    char *x = lw_take_from(w, s);
    (void)offset;
    if (x)
        lw_outf(w, "coalesce(max(0, CAST(ora_trunc_num(%s) AS INTEGER)), %s) ", x, none_value);
    sqlite3_free(x);
}

void ora_row_limit(lw_walker *w)
{
    char *offset = NULL, *limit = NULL;
    while (!w->rc) {
        if (lw_word(w, "offset")) {
            lw_skip(w);
            size_t s = lw_here(w);
            row_count(w, 1, "9223372036854775807");
            sqlite3_free(offset);
            offset = lw_take_from(w, s);
            if (lw_word(w, "row") || lw_word(w, "rows"))
                lw_skip(w);
        } else if (lw_word(w, "fetch") && (lw_word_at(w, 1, "first") || lw_word_at(w, 1, "next"))) {
            w->p += 2;
            size_t s = lw_here(w);
            if (lw_word(w, "row") || lw_word(w, "rows"))
                lw_out(w, "1 ");
            else
                row_count(w, 0, "0");
            sqlite3_free(limit);
            limit = lw_take_from(w, s);
            if (lw_word(w, "percent")) {
                lw_refuse(w, "FETCH ... PERCENT");
                break;
            }
            if (lw_word(w, "row") || lw_word(w, "rows"))
                lw_skip(w);
            if (lw_word(w, "with") && lw_word_at(w, 1, "ties")) {
                lw_refuse(w, "FETCH ... WITH TIES");
                break;
            }
            if (lw_word(w, "only"))
                lw_skip(w);
            else
                ora_walk_error(w, 905, "missing keyword");
        } else {
            /* FETCH not followed by FIRST or NEXT: the clause walk would hand this word
             * back to us forever */
            if (!limit && !offset)
                ora_walk_error(w, 933, "SQL command not properly ended");
            break;
        }
    }
    if (!w->rc && (limit || offset))
        lw_outf(w, "LIMIT %s OFFSET %s ", limit ? limit : "-1", offset ? offset : "0");
    sqlite3_free(limit);
    sqlite3_free(offset);
}

/* ---- Sequences ------------------------------------------------------------------------- */

/* Does the statement name the sequence at position name_tok (with NEXTVAL only when
 * nextval) between positions from and before? */
static int names_sequence(const lw_walker *w, size_t name_tok, size_t from, size_t before,
                          int nextval)
{
    const lw_token *n = &w->tk[w->at[name_tok]];
    for (size_t k = from; k + 2 < w->n && k < before; k++) {
        const lw_token *t = &w->tk[w->at[k]];
        if (t->length == n->length && !memcmp(w->sql + t->offset, w->sql + n->offset, t->length) &&
            w->tk[w->at[k + 1]].type == LW_TK_DOT &&
            (lw_token_is_word(w->sql, &w->tk[w->at[k + 2]], "nextval") ||
             (!nextval && lw_token_is_word(w->sql, &w->tk[w->at[k + 2]], "currval"))))
            return 1;
    }
    return 0;
}

/* seq.NEXTVAL / seq.CURRVAL at the current token */
int ora_sequence_ref(lw_walker *w, lw_expr *e)
{
    size_t name = w->p;
    char *seq = lw_ident_text(w, name);
    if (!seq) {
        lw_fail(w, LW_ENOMEM);
        return 1;
    }
    /* The first reference of a sequence whose NEXTVAL the statement takes is the NEXTVAL;
     * the others read it (SQLRF "Sequence Pseudocolumns"). */
    int nextval = !names_sequence(w, name, 0, name, 0) && names_sequence(w, name, name, w->n, 1);
    lw_outf(w, "%s(%Q) ", nextval ? "ora_nextval" : "ora_currval", seq);
    sqlite3_free(seq);
    w->p += 3;
    e->type = LW_K_NUMERIC;
    return 1;
}

/* RETURNING exprs [INTO :a, :b]: the values come back as the statement's row (the
 * C API's lw_query reads them); the INTO list of out-binds is dropped. */
void ora_returning(lw_walker *w)
{
    lw_skip(w); /* RETURNING or RETURN */
    lw_out(w, "RETURNING ");
    w->bare_columns = 1;
    lw_select_items(w, !w->bool_known);
    w->bare_columns = 0;
    w->bool_known = 1;
    if (lw_word(w, "into") || lw_word(w, "bulk")) {
        if (lw_word(w, "bulk"))
            w->p += 2;
        lw_skip(w);
        while (!lw_at_end(w) && (lw_type_at(w, 0, LW_TK_PARAM) || lw_type_at(w, 0, LW_TK_COMMA)))
            lw_skip(w);
    }
}
