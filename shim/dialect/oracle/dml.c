/*
 * The oracle dialect's statements that change data or define sequences (SQLRF "INSERT"
 * multi_table_insert, "CREATE SEQUENCE", "DROP SEQUENCE"):
 *
 *   INSERT ALL [WHEN c THEN] INTO t [(cols)] [VALUES (...)] ... [ELSE INTO ...] query
 *   INSERT FIRST ...   one INSERT ... SELECT per INTO clause, each over the query (its
 *                      WHEN condition, for FIRST also that no earlier one held, for ELSE
 *                      that none held), run together by ora_exec inside a savepoint, so
 *                      the statement succeeds or changes nothing; values go through their
 *                      columns' assignments. Bound parameters (:name, :1, ?) pass
 *                      through to the INSERTs (ora_exec_bound), each ? with the value of
 *                      its place in the text however often it is written.
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

/* Bound parameters of a statement run as several SQL texts (ora_exec_bound): they pass
 * through to the texts, an anonymous ? with the position its place in the statement
 * gives it (oracle.c numbers them before the walk), since the texts are written in
 * another order than the statement's and a WHEN condition more than once. Returns 1
 * when there are parameters, 0 when none. */
static int bound_params(lw_walker *w)
{
    for (size_t k = 0; k < w->n; k++)
        if (w->tk[w->at[k]].type == LW_TK_PARAM)
            return 1;
    return 0;
}

/* Writes the statement that runs the k texts of all: ora_exec, or ora_exec_bound with the
 * statement's parameters ?1..?M after them. */
static void write_exec(lw_walker *w, int k, const lw_sqlbuf *all, int bound)
{
    if (!bound) {
        lw_outf(w, "SELECT 1 WHERE typeof(ora_exec(%s)) = 'none'", all->s ? all->s : "NULL");
        return;
    }
    lw_outf(w, "SELECT 1 WHERE typeof(ora_exec_bound(%d, %s", k, all->s ? all->s : "NULL");
    for (int i = 1; i <= w->t->params->n; i++)
        lw_outf(w, ", ?%d", i);
    lw_out(w, ")) = 'none'");
}

static int multi_table_insert(lw_walker *w)
{
    int first = lw_word_at(w, 1, "first");
    w->p += 2;
    into_clause into[MAX_INTO];
    int n = 0;
    size_t cond = 0;
    int is_else = 0;
    int bound = bound_params(w);
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
    write_exec(w, n, &all, bound);
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

/* ---- MERGE -------------------------------------------------------------------------- */

/* The name token at position k without its qualifier (D.bonus -> BONUS) as SQL. */
static void bare_name(lw_walker *w, size_t k, lw_sqlbuf *out)
{
    if (k + 2 < w->n && w->tk[w->at[k + 1]].type == LW_TK_DOT)
        k += 2;
    char *n = lw_ident_text(w, k);
    lw_sqlbuf_appendf(out, "\"%w\"", n ? n : "");
    sqlite3_free(n);
}

/* Writes the expression at position k and returns its text (sqlite3_free). */
static char *expression_at(lw_walker *w, size_t k)
{
    w->p = k;
    size_t s = lw_here(w);
    lw_parse_expr(w, 0);
    return lw_take_from(w, s);
}

/*
 * MERGE INTO target [t] USING {table | (query)} [s] ON (cond)
 *   [WHEN MATCHED THEN UPDATE SET c = e, ... [WHERE w1] [DELETE WHERE w2]]
 *   [WHEN NOT MATCHED THEN INSERT [(cols)] VALUES (...) [WHERE w3]]
 * as the statements ora_exec runs inside a savepoint: the target rows the source
 * matches are noted (temp._lw_ora_matched; a row matched twice is ORA-30926 when there
 * is an update), updated (UPDATE ... FROM), the source rows that matched none inserted,
 * then the updated rows DELETE WHERE names deleted. ORA-38104 for an update of a column
 * the ON condition reads. Bound parameters (:name, :1, ?) go to those statements through
 * ora_exec_bound, which binds each statement's ?N to the MERGE's own; an anonymous ? has
 * the value of its place in the text (oracle.c), whatever order the statements take.
 */
int ora_merge(lw_walker *w)
{
    int bound = bound_params(w);
    if (!lw_word_at(w, 1, "into"))
        return ora_walk_error(w, 925, "missing INTO keyword");
    size_t target = 2, k = 3;
    while (lw_type_at(w, k, LW_TK_DOT))
        target = k + 1, k += 2;
    size_t t_alias = target;
    if (!lw_word_at(w, k, "using"))
        t_alias = k++;
    if (!lw_word_at(w, k, "using"))
        return ora_walk_error(w, 969, "missing ON keyword");
    size_t source = ++k, s_alias = 0;
    if (lw_type_at(w, k, LW_TK_LPAREN))
        k = lw_closing_paren(w, k) + 1;
    else
        k++;
    if (!lw_word_at(w, k, "on"))
        s_alias = k++;
    if (!lw_word_at(w, k, "on") || !lw_type_at(w, k + 1, LW_TK_LPAREN))
        return ora_walk_error(w, 969, "missing ON keyword");
    size_t on = k + 1, on_end = lw_closing_paren(w, on);
    size_t set = 0, upd_where = 0, del_where = 0, ins_cols = 0, ins_values = 0, ins_where = 0;
    for (k = on_end + 1; k < w->n && !w->rc;) {
        if (lw_word_at(w, k, "when") && lw_word_at(w, k + 1, "matched") &&
            lw_word_at(w, k + 2, "then") && lw_word_at(w, k + 3, "update") &&
            lw_word_at(w, k + 4, "set")) {
            set = k + 5;
            k = set;
        } else if (lw_word_at(w, k, "when") && lw_word_at(w, k + 1, "not") &&
                   lw_word_at(w, k + 2, "matched") && lw_word_at(w, k + 3, "then") &&
                   lw_word_at(w, k + 4, "insert")) {
            k += 5;
            if (lw_type_at(w, k, LW_TK_LPAREN)) {
                ins_cols = k;
                k = lw_closing_paren(w, k) + 1;
            }
            if (!lw_word_at(w, k, "values") || !lw_type_at(w, k + 1, LW_TK_LPAREN))
                return ora_walk_error(w, 926, "missing VALUES keyword");
            ins_values = k + 1;
            k = lw_closing_paren(w, ins_values) + 1;
        } else if (lw_word_at(w, k, "delete") && lw_word_at(w, k + 1, "where")) {
            del_where = k + 2;
            k += 2;
        } else if (lw_word_at(w, k, "where")) {
            if (ins_values && k > ins_values)
                ins_where = k + 1;
            else
                upd_where = k + 1;
            k++;
        } else if (lw_type_at(w, k, LW_TK_LPAREN)) {
            k = lw_closing_paren(w, k) + 1;
        } else {
            k++;
        }
    }
    if (!set && !ins_values)
        return ora_walk_error(w, 905, "missing keyword");
    /* ORA-38104: a SET column the ON condition reads */
    for (size_t c = set; set && c < w->n && !lw_word_at(w, c, "where") &&
                         !lw_word_at(w, c, "delete") && !lw_word_at(w, c, "when");) {
        size_t name = c;
        if (lw_type_at(w, c + 1, LW_TK_DOT))
            name = c + 2;
        if (name >= w->n) /* SET t. with nothing after it: the walk reports it */
            break;
        const lw_token *col = &w->tk[w->at[name]];
        for (size_t o = on + 1; o < on_end; o++) {
            const lw_token *t = &w->tk[w->at[o]];
            if (t->length == col->length &&
                !memcmp(w->sql + t->offset, w->sql + col->offset, t->length) &&
                !(o + 1 < on_end && w->tk[w->at[o + 1]].type == LW_TK_DOT) &&
                (o == on + 1 || w->tk[w->at[o - 1]].type != LW_TK_DOT ||
                 (o >= 2 && w->tk[w->at[o - 2]].length == w->tk[w->at[t_alias]].length &&
                  !memcmp(w->sql + w->tk[w->at[o - 2]].offset,
                          w->sql + w->tk[w->at[t_alias]].offset, w->tk[w->at[t_alias]].length)))) {
                char *n = lw_ident_text(w, name);
                ora_walk_error(w, 38104,
                               "Columns referenced in the ON Clause cannot be updated: "
                               "\"%s\".\"%s\"",
                               ORA_USER, n ? n : "");
                sqlite3_free(n);
                return w->rc;
            }
        }
        /* to the next assignment: past the value at depth 0 */
        int d = 0;
        for (c = name + 1; c < w->n; c++) {
            if (lw_type_at(w, c, LW_TK_LPAREN))
                d++;
            else if (lw_type_at(w, c, LW_TK_RPAREN))
                d--;
            else if (d == 0 && (lw_type_at(w, c, LW_TK_COMMA) || lw_word_at(w, c, "where") ||
                                lw_word_at(w, c, "delete") || lw_word_at(w, c, "when")))
                break;
        }
        if (lw_type_at(w, c, LW_TK_COMMA))
            c++;
    }
    if (w->rc)
        return w->rc;
    char *table = lw_ident_text(w, target);
    char *talias = lw_ident_text(w, t_alias);
    char *salias = s_alias ? lw_ident_text(w, s_alias) : NULL;
    /* the source, written once */
    w->p = source;
    size_t s = lw_here(w);
    if (lw_type_at(w, 0, LW_TK_LPAREN))
        lw_subquery(w);
    else
        lw_emit_name(w);
    char *src = lw_take_from(w, s);
    char *cond = expression_at(w, on);
    lw_sqlbuf all = {0};
    lw_sqlbuf one = {0};
    const char *sa = salias ? salias : "_lw_source";
    /* the matched target rows */
    int texts = 2; /* the matched rows: emptied, then noted */
    lw_sqlbuf_appendf(&all, "%Q, ", "DELETE FROM temp._lw_ora_matched");
    lw_sqlbuf_appendf(&one,
                      "INSERT INTO temp._lw_ora_matched SELECT \"%w\".rowid, count(*) FROM \"%w\" "
                      "AS \"%w\" JOIN %s AS \"%w\" ON %s GROUP BY \"%w\".rowid",
                      talias, table, talias, src, sa, cond, talias);
    lw_sqlbuf_appendf(&all, "%Q", one.s ? one.s : "");
    lw_sqlbuf_reset(&one);
    if (set) {
        lw_sqlbuf_appendf(&all, ", %Q",
                          "SELECT ora_merge_unstable(max(n)) FROM temp._lw_ora_matched");
        texts++;
    }
    if (set && !w->rc) {
        lw_sqlbuf_appendf(&one, "UPDATE \"%w\" AS \"%w\" SET ", table, talias);
        w->p = set;
        size_t saved = w->insert_table;
        w->insert_table = 0;
        while (!w->rc && !lw_at_end(w)) {
            size_t name = w->p;
            if (lw_type_at(w, 1, LW_TK_DOT))
                name = w->p + 2;
            bare_name(w, w->p, &one);
            w->p = name + 1;
            if (!lw_op_at(w, 0, "="))
                break;
            lw_skip(w);
            size_t vs = lw_here(w);
            lw_expr e = lw_parse_expr(w, 0);
            ora_assignment(w, vs, e.is_bool ? LW_K_BOOL : e.type, target, name, 0);
            char *v = lw_take_from(w, vs);
            lw_sqlbuf_appendf(&one, " = %s", v ? v : "NULL");
            sqlite3_free(v);
            if (!lw_type_at(w, 0, LW_TK_COMMA))
                break;
            lw_skip(w);
            lw_sqlbuf_appends(&one, ", ");
        }
        w->insert_table = saved;
        lw_sqlbuf_appendf(&one,
                          " FROM %s AS \"%w\" WHERE (%s) AND \"%w\".rowid IN (SELECT rid FROM "
                          "temp._lw_ora_matched)",
                          src, sa, cond, talias);
        char *uw = upd_where ? expression_at(w, upd_where) : NULL;
        if (uw)
            lw_sqlbuf_appendf(&one, " AND (%s)", uw);
        lw_sqlbuf_appendf(&all, ", %Q", one.s ? one.s : "");
        texts++;
        lw_sqlbuf_reset(&one);
        if (del_where && !w->rc) {
            char *dw = expression_at(w, del_where);
            lw_sqlbuf_appendf(&one,
                              "DELETE FROM \"%w\" AS \"%w\" WHERE \"%w\".rowid IN (SELECT rid FROM "
                              "temp._lw_ora_matched) AND EXISTS (SELECT 1 FROM %s AS \"%w\" WHERE "
                              "(%s)%s%s%s AND (%s))",
                              table, talias, talias, src, sa, cond, uw ? " AND (" : "",
                              uw ? uw : "", uw ? ")" : "", dw ? dw : "0");
            sqlite3_free(dw);
            /* after the INSERT: the rows it adds are no matched rows */
        }
        sqlite3_free(uw);
    }
    char *deletion = one.len ? lw_sqlbuf_finish(&one) : NULL;
    if (!deletion)
        lw_sqlbuf_free(&one);
    lw_sqlbuf ins = {0};
    if (ins_values && !w->rc) {
        lw_sqlbuf_appendf(&ins, "INSERT INTO \"%w\" ", table);
        if (ins_cols) {
            lw_sqlbuf_appends(&ins, "(");
            /* absolute positions: w->p has moved past the statement's parts */
            for (size_t c = ins_cols + 1; c < w->n && w->tk[w->at[c]].type != LW_TK_RPAREN; c++) {
                if (w->tk[w->at[c]].type == LW_TK_COMMA) {
                    lw_sqlbuf_appends(&ins, ", ");
                    continue;
                }
                bare_name(w, c, &ins);
                if (c + 1 < w->n && w->tk[w->at[c + 1]].type == LW_TK_DOT)
                    c += 2;
            }
            lw_sqlbuf_appends(&ins, ") ");
        }
        lw_sqlbuf_appends(&ins, "SELECT ");
        w->p = ins_values + 1;
        size_t saved = w->insert_table;
        w->insert_table = target;
        for (int col = 0; !w->rc && !lw_type_at(w, 0, LW_TK_RPAREN); col++) {
            size_t vs = lw_here(w);
            lw_expr e = lw_parse_expr(w, 0);
            size_t col_tok = 0;
            if (ins_cols) {
                size_t c = ins_cols + 1;
                for (int j = 0; j < col && c < w->n; c++)
                    if (w->tk[w->at[c]].type == LW_TK_COMMA)
                        j++;
                col_tok = c + 1 < w->n && w->tk[w->at[c + 1]].type == LW_TK_DOT ? c + 2 : c;
            }
            ora_assignment(w, vs, e.is_bool ? LW_K_BOOL : e.type, target, col_tok, col);
            char *v = lw_take_from(w, vs);
            lw_sqlbuf_appendf(&ins, "%s%s", col ? ", " : "", v ? v : "NULL");
            sqlite3_free(v);
            if (!lw_type_at(w, 0, LW_TK_COMMA))
                break;
            lw_skip(w);
        }
        w->insert_table = saved;
        lw_sqlbuf_appendf(&ins,
                          " FROM %s AS \"%w\" WHERE NOT EXISTS (SELECT 1 FROM \"%w\" AS \"%w\" "
                          "WHERE (%s) AND \"%w\".rowid IN (SELECT rid FROM temp._lw_ora_matched))",
                          src, sa, table, talias, cond, talias);
        char *iw = ins_where ? expression_at(w, ins_where) : NULL;
        if (iw)
            lw_sqlbuf_appendf(&ins, " AND (%s)", iw);
        sqlite3_free(iw);
        lw_sqlbuf_appendf(&all, ", %Q", ins.s ? ins.s : "");
        texts++;
    }
    if (deletion) {
        lw_sqlbuf_appendf(&all, ", %Q", deletion);
        texts++;
    }
    w->t->out->len = 0;
    if (w->t->out->s)
        w->t->out->s[0] = 0;
    write_exec(w, texts, &all, bound);
    if (all.oom || ins.oom)
        w->t->out->oom = 1;
    lw_sqlbuf_free(&all);
    lw_sqlbuf_free(&ins);
    sqlite3_free(deletion);
    sqlite3_free(src);
    sqlite3_free(cond);
    sqlite3_free(table);
    sqlite3_free(talias);
    sqlite3_free(salias);
    w->p = w->n;
    w->consumed = 1;
    return w->rc;
}
