/*
 * The oracle dialect's statements that change data or define sequences (SQLRF "INSERT"
 * multi_table_insert, "CREATE SEQUENCE", "DROP SEQUENCE"):
 *
 *   INSERT ALL [WHEN c THEN] INTO t [(cols)] [VALUES (...)] ... [ELSE INTO ...] query
 *   INSERT FIRST ...   one INSERT ... SELECT per INTO clause, each over the query (its
 *                      WHEN condition, for FIRST also that no earlier one held, for ELSE
 *                      that none held), run together by ora_exec inside a savepoint, so
 *                      the statement succeeds or changes nothing; values go through their
 *                      columns' assignments. Bound parameters are refused (the INSERTs
 *                      run as SQL text).
 *   CREATE SEQUENCE    ora_create_sequence (START WITH, INCREMENT BY, [NO]MINVALUE,
 *                      [NO]MAXVALUE, [NO]CYCLE; CACHE, ORDER, KEEP, SCALE accepted)
 *   DROP SEQUENCE      ora_drop_sequence
 */
#include <stdio.h>
#include <string.h>

#include "dialect/oracle/oracle.h"

/* ---- INSERT ALL / INSERT FIRST ------------------------------------------------------ */

#define MAX_INTO 64

typedef struct into_clause {
    size_t cond;   /* position of the WHEN condition (0: unconditional) */
    int is_else;   /* ELSE INTO */
    size_t table;  /* position of the table name */
    size_t cols;   /* position of "(" of the column list (0: none) */
    size_t values; /* position of "(" of the VALUES list (0: none) */
} into_clause;

/* Skips a parenthesized list at the current token. */
static void skip_parens(lw_walker *w)
{
    w->p += lw_closing_paren(w, 0) + 1;
}

static int multi_table_insert(lw_walker *w)
{
    int first = lw_word_at(w, 1, "first");
    w->p += 2;
    into_clause into[MAX_INTO];
    int n = 0;
    size_t cond = 0;
    int is_else = 0;
    for (size_t k = w->p; k < w->n; k++)
        if (w->tk[w->at[k]].type == LW_TK_PARAM)
            return lw_refuse(w, "INSERT ALL with bind parameters");
    while (!w->rc && !lw_at_end(w)) {
        if (lw_word(w, "when")) {
            lw_skip(w);
            cond = w->p;
            is_else = 0;
            int level = 0;
            while (!lw_at_end(w) && !(level == 0 && lw_word(w, "then"))) {
                if (lw_type_at(w, 0, LW_TK_LPAREN))
                    level++;
                else if (lw_type_at(w, 0, LW_TK_RPAREN))
                    level--;
                lw_skip(w);
            }
            if (!lw_word(w, "then"))
                return ora_walk_error(w, 905, "missing keyword");
            lw_skip(w);
            continue;
        }
        if (lw_word(w, "else")) {
            lw_skip(w);
            is_else = 1;
            cond = 0;
            continue;
        }
        if (!lw_word(w, "into"))
            break;
        if (n == MAX_INTO)
            return lw_refuse(w, "more than %d INTO clauses", MAX_INTO);
        lw_skip(w);
        into_clause *c = &into[n++];
        c->cond = cond;
        c->is_else = is_else;
        c->table = w->p;
        lw_skip(w);
        while (lw_type_at(w, 0, LW_TK_DOT)) {
            w->p += 2;
            c->table = w->p - 1;
        }
        c->cols = c->values = 0;
        if (lw_type_at(w, 0, LW_TK_LPAREN)) {
            c->cols = w->p;
            skip_parens(w);
        }
        if (lw_word(w, "values")) {
            lw_skip(w);
            if (!lw_type_at(w, 0, LW_TK_LPAREN))
                return ora_walk_error(w, 906, "missing left parenthesis");
            c->values = w->p;
            skip_parens(w);
        }
    }
    if (!n || lw_at_end(w))
        return ora_walk_error(w, 928, "missing SELECT keyword");
    if (w->rc)
        return w->rc;
    /* The query, written once. */
    size_t s = lw_here(w);
    lw_walk_until(w, 0);
    char *query = lw_take_from(w, s);
    size_t end = w->p;
    lw_sqlbuf all = {0};
    for (int i = 0; i < n && !w->rc; i++) {
        const into_clause *c = &into[i];
        size_t start = lw_here(w);
        char *table = lw_ident_text(w, c->table);
        lw_outf(w, "INSERT INTO \"%w\" ", table ? table : "");
        sqlite3_free(table);
        if (c->cols) {
            w->p = c->cols;
            lw_emit(w);
            while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN))
                lw_type_at(w, 0, LW_TK_COMMA) ? lw_emit(w) : lw_emit_name(w);
            lw_emit(w);
        }
        lw_out(w, "SELECT ");
        if (c->values) {
            w->p = c->values + 1;
            size_t saved_insert = w->insert_table;
            w->insert_table = c->table;
            for (int col = 0; !w->rc && !lw_type_at(w, 0, LW_TK_RPAREN); col++) {
                size_t vs = lw_here(w);
                lw_expr e = lw_parse_expr(w, 0);
                size_t col_tok = 0;
                if (c->cols) {
                    /* the col-th name of the list */
                    size_t k = c->cols + 1;
                    for (int j = 0; j < col && k < w->n; k++)
                        if (w->tk[w->at[k]].type == LW_TK_COMMA)
                            j++;
                    col_tok = k;
                }
                ora_assignment(w, vs, e.is_bool ? LW_K_BOOL : e.type, c->table, col_tok, col);
                if (!lw_next_item(w))
                    break;
            }
            w->insert_table = saved_insert;
        } else {
            lw_out(w, "* ");
        }
        lw_outf(w, "FROM (%s) AS _lw_src ", query ? query : "");
        /* conditions: its own, and for FIRST (or ELSE) that no earlier one held */
        int where = 0;
        if (c->cond) {
            w->p = c->cond;
            lw_out(w, "WHERE (");
            lw_parse_expr(w, 0);
            lw_out(w, ") ");
            where = 1;
        }
        if (first || c->is_else) {
            size_t seen_cond = 0;
            for (int j = 0; j < i; j++) {
                if (!into[j].cond || into[j].cond == c->cond || into[j].cond == seen_cond)
                    continue;
                seen_cond = into[j].cond;
                w->p = into[j].cond;
                lw_out(w, where ? "AND NOT coalesce((" : "WHERE NOT coalesce((");
                lw_parse_expr(w, 0);
                lw_out(w, "), 0) ");
                where = 1;
            }
        }
        char *one = lw_take_from(w, start);
        if (one)
            lw_sqlbuf_appendf(&all, "%s%Q", all.len ? ", " : "", one);
        sqlite3_free(one);
    }
    w->p = end;
    lw_outf(w, "SELECT 1 WHERE typeof(ora_exec(%s)) = 'none'", all.s ? all.s : "NULL");
    if (all.oom)
        w->t->out->oom = 1;
    lw_sqlbuf_free(&all);
    sqlite3_free(query);
    w->consumed = 1;
    return w->rc;
}

int ora_insert(lw_walker *w)
{
    if (lw_word_at(w, 1, "all") || lw_word_at(w, 1, "first"))
        return multi_table_insert(w);
    lw_walk_until(w, 0);
    return w->rc;
}

/* ---- Sequences -------------------------------------------------------------------------- */

/* A signed integer option value. Returns 0 or the failure. */
static int option_value(lw_walker *w, long long *v)
{
    int neg = lw_op_at(w, 0, "-");
    if (neg || lw_op_at(w, 0, "+"))
        lw_skip(w);
    if (lw_read_int(w, v))
        return ora_walk_error(w, 1722, "invalid number");
    if (neg)
        *v = -*v;
    return 0;
}

int ora_create_sequence(lw_walker *w)
{
    char *name = lw_ident_text(w, w->p);
    if (!name)
        return lw_fail(w, LW_ENOMEM);
    lw_skip(w);
    long long start = 0, inc = 0, minv = 0, maxv = 0;
    int has_start = 0, has_inc = 0, has_min = 0, has_max = 0, cycle = 0;
    while (!w->rc && !lw_at_end(w)) {
        if (lw_word(w, "start") && lw_word_at(w, 1, "with")) {
            w->p += 2;
            has_start = option_value(w, &start) == 0;
        } else if (lw_word(w, "increment") && lw_word_at(w, 1, "by")) {
            w->p += 2;
            has_inc = option_value(w, &inc) == 0;
        } else if (lw_word(w, "minvalue")) {
            lw_skip(w);
            has_min = option_value(w, &minv) == 0;
        } else if (lw_word(w, "maxvalue")) {
            lw_skip(w);
            has_max = option_value(w, &maxv) == 0;
        } else if (lw_word(w, "cycle") || lw_word(w, "nocycle")) {
            cycle = lw_word(w, "cycle");
            lw_skip(w);
        } else if (lw_word(w, "cache")) {
            lw_skip(w);
            long long ignored;
            option_value(w, &ignored);
        } else if (lw_word(w, "nocache") || lw_word(w, "order") || lw_word(w, "noorder") ||
                   lw_word(w, "nominvalue") || lw_word(w, "nomaxvalue") || lw_word(w, "keep") ||
                   lw_word(w, "nokeep") || lw_word(w, "noscale") || lw_word(w, "global") ||
                   lw_word(w, "session")) {
            if (lw_word(w, "session"))
                lw_refuse(w, "session sequences");
            lw_skip(w);
        } else {
            const lw_token *t = lw_tok(w, 0);
            lw_refuse(w, "the sequence option %.*s", (int)t->length, lw_spelled(w, t));
        }
    }
    lw_outf(w, "SELECT 1 WHERE typeof(ora_create_sequence(%Q, ", name);
    if (has_start)
        lw_outf(w, "%lld, ", start);
    else
        lw_out(w, "NULL, ");
    if (has_inc)
        lw_outf(w, "%lld, ", inc);
    else
        lw_out(w, "NULL, ");
    if (has_min)
        lw_outf(w, "%lld, ", minv);
    else
        lw_out(w, "NULL, ");
    if (has_max)
        lw_outf(w, "%lld, ", maxv);
    else
        lw_out(w, "NULL, ");
    lw_outf(w, "%d)) = 'none'", cycle);
    sqlite3_free(name);
    w->consumed = 1;
    return w->rc;
}

int ora_drop_sequence(lw_walker *w)
{
    char *name = lw_ident_text(w, w->p);
    if (!name)
        return lw_fail(w, LW_ENOMEM);
    lw_skip(w);
    if (!lw_at_end(w)) {
        sqlite3_free(name);
        return ora_walk_error(w, 933, "SQL command not properly ended");
    }
    lw_outf(w, "SELECT 1 WHERE typeof(ora_drop_sequence(%Q)) = 'none'", name);
    sqlite3_free(name);
    w->consumed = 1;
    return w->rc;
}
