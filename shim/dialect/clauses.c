/*
 * The statement walk (clauses.h): the clause walker every dialect's statements go
 * through, with the dialect's clause and statement tables and its hooks for what a
 * table cannot say (DISTINCT ON, functions in FROM, RETURNING items).
 */
#include "dialect/clauses.h"

#include <string.h>

#include "dialect/scope.h"
#include "dialect/values.h"
#include "likewise.h"

/* A catalog relation of the dialect (rules->catalog) at the current token (its words in
 * any case, as unquoted names compare), written as the table that computes it. Returns 1 when it
 * was one. */
static int catalog_relation(lw_walker *w)
{
    if (!w->rules->catalog || !lw_type_at(w, 0, LW_TK_WORD))
        return 0;
    int qualified = lw_type_at(w, 1, LW_TK_DOT) && lw_type_at(w, 2, LW_TK_WORD);
    const lw_token *a = lw_tok(w, 0), *b = qualified ? lw_tok(w, 2) : NULL;
    for (const lw_catalog_relation *c = w->rules->catalog; c->spelling; c++) {
        size_t n = strlen(c->spelling);
        int match =
            qualified
                ? a->length + 1 + b->length == n &&
                      !sqlite3_strnicmp(c->spelling, w->sql + a->offset, (int)a->length) &&
                      c->spelling[a->length] == '.' &&
                      !sqlite3_strnicmp(c->spelling + a->length + 1, w->sql + b->offset,
                                        (int)b->length)
                : a->length == n && !sqlite3_strnicmp(c->spelling, w->sql + a->offset, (int)n);
        if (match) {
            lw_outf(w, "\"%w\" ", c->name);
            w->p += qualified ? 3 : 1;
            return 1;
        }
    }
    return 0;
}

/* Is the current word one of words (NULL-terminated)? */
static int word_in(const lw_walker *w, const char *const *words)
{
    for (; words && *words; words++)
        if (lw_word(w, *words))
            return 1;
    return 0;
}

/* The dialect's clause at the current token (its words), or NULL. */
static const lw_clause *find_clause(const lw_walker *w)
{
    for (const lw_clause *c = w->rules->clauses; c && c->spelling; c++)
        if (lw_words_at(w, 0, c->spelling))
            return c;
    return NULL;
}

/* A parenthesized query; returns its type when it selects one column (a scalar
 * subquery), else LW_K_UNKNOWN. */
lw_kind lw_subquery(lw_walker *w)
{
    if (lw_enter(w))
        return LW_K_UNKNOWN;
    int outer_scope = w->n_scope;
    int outer_level = w->result_level, outer_items = w->result_items;
    lw_kind outer_type = w->result_type;
    size_t outer_cte = w->result_cte;
    /* A CTE's body: `name AS (` or `name AS MATERIALIZED (` just before. */
    size_t q = w->p;
    if (q >= 1 && lw_token_is_word(w->sql, &w->tk[w->at[q - 1]], "materialized"))
        q--;
    w->result_cte = 0;
    if (q >= 2 && lw_token_is_word(w->sql, &w->tk[w->at[q - 1]], "as")) {
        size_t name = q - 2;
        if (w->tk[w->at[name]].type == LW_TK_RPAREN) {
            /* name (a, b) AS (: the name before the column list */
            while (name > 0 && w->tk[w->at[name]].type != LW_TK_LPAREN)
                name--;
            name = name > 0 ? name - 1 : 0;
        }
        if (name > 0 &&
            (w->tk[w->at[name]].type == LW_TK_WORD || w->tk[w->at[name]].type == LW_TK_QIDENT))
            w->result_cte = name;
    }
    w->scope_level++;
    w->result_level = w->scope_level;
    w->result_items = -1;
    w->result_type = LW_K_UNKNOWN;
    lw_emit(w); /* ( */
    lw_walk_until(w, 1);
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_emit(w);
    lw_kind type = w->result_items == 1 ? w->result_type : LW_K_UNKNOWN;
    int items = w->result_items;
    w->scope_level--;
    w->n_scope = outer_scope;
    w->result_level = outer_level;
    w->result_items = outer_items;
    w->result_type = outer_type;
    w->result_cte = outer_cte;
    w->subquery_items = items;
    lw_leave(w);
    return type;
}

/* Is the select item from token position first to the current one * or name.*? */
static int star_item(const lw_walker *w, size_t first)
{
    if (w->p == 0 || w->p - 1 < first || w->p > w->n)
        return 0;
    const lw_token *last = &w->tk[w->at[w->p - 1]];
    if (last->length != 1 || w->sql[last->offset] != '*')
        return 0;
    return w->p - 1 == first || w->tk[w->at[w->p - 2]].type == LW_TK_DOT;
}

/* A select list item of a subquery whose type its users may ask for: the first one
 * (a scalar subquery's type) and, in a CTE's body, each by its name. The item's
 * tokens start at first and end before the current one. */
static void note_result_column(lw_walker *w, int col, size_t first, const lw_expr *e)
{
    lw_kind kind = e->is_bool ? LW_K_BOOL : e->type;
    if (col == 0)
        w->result_type = kind;
    if (!w->result_cte || w->n_cte_cols >= LW_WALK_MAX_CTE_COLUMNS)
        return;
    size_t name = 0, last = w->p - 1;
    if (lw_word(w, "as"))
        name = w->p + 1;
    else if ((lw_type_at(w, 0, LW_TK_WORD) && !lw_is_clause_word(w, 0)) ||
             lw_type_at(w, 0, LW_TK_QIDENT))
        name = w->p;
    else if (w->p > first && last < w->n &&
             (w->tk[w->at[last]].type == LW_TK_WORD || w->tk[w->at[last]].type == LW_TK_QIDENT) &&
             (last == first || w->tk[w->at[last - 1]].type == LW_TK_DOT))
        name = last;
    lw_cte_column *c = &w->cte_cols[w->n_cte_cols++];
    c->cte_tok = w->result_cte;
    c->name_tok = name < w->n ? name : 0;
    c->index = col;
    c->kind = kind;
    c->of_values = 0;
}

void lw_select_items(lw_walker *w, int top)
{
    int col = 0;
    int was_select_list = w->select_list;
    w->select_list = 1;
    int returning = w->bare_columns && w->write_table && w->schema && w->rules->returning_item;
    for (;;) {
        int n = returning ? w->rules->returning_item(w, col) : 0;
        if (n) {
            col += n;
            if (w->rc || !lw_next_item(w))
                break;
            continue;
        }
        size_t item_first = w->p;
        lw_expr e = lw_parse_expr(w, 0);
        if (top && e.is_bool && col < 64)
            w->bool_cols |= (uint64_t)1 << col;
        if (top && col < LW_WALK_RESULT_KINDS) {
            w->result_kinds[col] = e.is_bool ? LW_K_BOOL : e.type;
            w->n_result_kinds = col + 1;
        }
        if (w->scope_level == w->result_level && w->result_items < 0)
            note_result_column(w, col, item_first, &e);
        if (e.numeric_literal && !w->in_values) {
            /* SELECT 1.10 shows 1.10 (a numeric), not SQLite's REAL 1.1. */
            lw_quote_numeric_literal(w, e.start, lw_here(w));
            lw_insert_call(w, e.start, lw_exact_cast_function(w));
            lw_out(w, ") ");
            lw_exact_numeric_result(w, e.start);
        }
        if (top && w->scope_level == 0 && w->rules->result_item && !w->rc)
            w->rules->result_item(w, &e);
        if (w->insert_table && w->scope_level == 0 && !w->bare_columns && !star_item(w, item_first))
            /* INSERT ... SELECT: the item goes into the column at its position (a * or
             * t.* stands for several columns, which SQLite stores with their affinity). */
            lw_assignment_cast(w, &e, w->insert_table, lw_insert_column(w, col), col, 0);
        if (lw_word(w, "as")) {
            lw_emit(w);
            lw_emit(w);
        } else if ((lw_type_at(w, 0, LW_TK_WORD) && !lw_is_clause_word(w, 0)) ||
                   lw_type_at(w, 0, LW_TK_QIDENT)) {
            lw_out(w, "AS ");
            lw_emit(w);
        } else if (lw_type_at(w, 0, LW_TK_STRING)) {
            /* SQLite would take the string as a column alias; PostgreSQL refuses. */
            const lw_token *t = lw_tok(w, 0);
            const lw_error_wording *near = &w->rules->texts->syntax_near;
            lw_walk_error(w, LW_ESYNTAX, near->sqlstate, near->mysql_errno, near->format,
                          (int)t->length, w->sql + t->offset);
            w->select_list = was_select_list;
            return;
        }
        col++;
        if (w->rc || !lw_next_item(w))
            break;
    }
    w->select_list = was_select_list;
    if (w->scope_level == w->result_level && w->result_items < 0)
        w->result_items = col;
}

/* After a select list: a set-returning function it called becomes the query's FROM
 * (SELECT generate_series(1, 3) is SELECT value FROM generate_series(1, 3)). */
static void srf_from(lw_walker *w)
{
    if (!w->srf_from)
        return;
    if (lw_word(w, "from"))
        lw_refuse(w, "a set-returning function in the select list of a query with FROM");
    else
        lw_outf(w, "FROM %s AS lw_srf ", w->srf_from);
    sqlite3_free(w->srf_from);
    w->srf_from = NULL;
}

/* LIMIT n / OFFSET n / FETCH FIRST n ROWS ONLY in any order, written in SQLite's. */
void lw_limit_clause(lw_walker *w)
{
    char *limit = NULL, *offset = NULL;
    while (!w->rc) {
        if (lw_word(w, "limit")) {
            lw_skip(w);
            size_t s = lw_here(w);
            if (lw_word(w, "all")) {
                lw_skip(w);
                lw_out(w, "-1");
            } else {
                lw_parse_expr(w, 0);
            }
            sqlite3_free(limit);
            limit = lw_take_from(w, s);
        } else if (lw_word(w, "offset")) {
            lw_skip(w);
            size_t s = lw_here(w);
            lw_parse_expr(w, 0);
            sqlite3_free(offset);
            offset = lw_take_from(w, s);
            if (lw_word(w, "row") || lw_word(w, "rows"))
                lw_skip(w);
        } else if (lw_word(w, "fetch")) {
            lw_skip(w);
            if (lw_word(w, "first") || lw_word(w, "next"))
                lw_skip(w);
            size_t s = lw_here(w);
            if (lw_word(w, "row") || lw_word(w, "rows"))
                lw_out(w, "1");
            else
                lw_parse_expr(w, 0);
            sqlite3_free(limit);
            limit = lw_take_from(w, s);
            if (lw_word(w, "row") || lw_word(w, "rows"))
                lw_skip(w);
            if (lw_word(w, "with") && lw_word_at(w, 1, "ties")) {
                lw_refuse(w, "FETCH ... WITH TIES");
                break;
            }
            if (lw_word(w, "only"))
                lw_skip(w);
        } else {
            break;
        }
    }
    if (limit || offset)
        lw_outf(w, "LIMIT %s ", limit ? limit : "-1");
    if (offset)
        lw_outf(w, "OFFSET %s ", offset);
    sqlite3_free(limit);
    sqlite3_free(offset);
}

/*
 * The generic walker: writes clause words and punctuation as they are and hands
 * everything that starts an expression to lw_parse_expr. Clause-specific forms (select
 * lists, FROM items, ORDER BY, LIMIT) are recognised by the word before them. Stops at
 * the end, or before an unbalanced ')' when stop_at_rparen.
 */
void lw_walk_until(lw_walker *w, int stop_at_rparen)
{
    int top = w->depth == 0;
    int in_from = 0;
    while (!w->rc && !lw_at_end(w)) {
        const lw_token *t = lw_tok(w, 0);
        const lw_clause *clause = find_clause(w);
        if (clause) {
            clause->write(w);
            continue;
        }
        if (t->type == LW_TK_RPAREN) {
            if (stop_at_rparen)
                return;
            lw_emit(w);
            continue;
        }
        if (t->type == LW_TK_LPAREN) {
            if (lw_starts_query(w, 1)) {
                size_t query_start = lw_here(w);
                lw_subquery(w);
                size_t k = lw_word(w, "as") ? 1 : 0;
                if (in_from && (lw_type_at(w, k, LW_TK_WORD) || lw_type_at(w, k, LW_TK_QIDENT)) &&
                    !lw_is_clause_word(w, k) && lw_type_at(w, k + 1, LW_TK_LPAREN))
                    lw_derived_column_names(w, query_start, k);
            } else {
                lw_emit(w);
                w->depth++;
                lw_walk_until(w, 1);
                w->depth--;
                if (lw_type_at(w, 0, LW_TK_RPAREN))
                    lw_emit(w);
            }
            continue;
        }
        if (lw_word(w, "select")) {
            size_t start = lw_here(w);
            lw_scope_from(w, 1);
            lw_emit(w);
            in_from = 0;
            if (lw_word(w, "distinct") && lw_word_at(w, 1, "on") && w->rules->distinct_on) {
                w->p += 2;
                w->rules->distinct_on(w, start);
                continue;
            }
            if (lw_word(w, "distinct") || lw_word(w, "all"))
                lw_emit(w);
            if (!lw_word(w, "from") && !lw_at_end(w))
                lw_select_items(w, top && !w->bool_known);
            srf_from(w);
            if (top)
                w->bool_known = 1;
            continue;
        }
        if (lw_word(w, "returning")) {
            lw_emit(w);
            /* SQLite's RETURNING knows only the target's bare column names. */
            w->bare_columns = 1;
            lw_select_items(w, top && !w->bool_known);
            w->bare_columns = 0;
            if (top)
                w->bool_known = 1;
            continue;
        }
        if (lw_word(w, "from") || lw_word(w, "join") || (in_from && t->type == LW_TK_COMMA)) {
            lw_emit(w);
            in_from = 1;
            if (lw_word(w, "lateral")) {
                lw_refuse(w, "LATERAL");
                return;
            }
            if (lw_word(w, "only"))
                lw_skip(w);
            if (lw_type_at(w, 0, LW_TK_WORD) && lw_type_at(w, 1, LW_TK_LPAREN) &&
                !lw_starts_query(w, 2)) {
                if (w->rules->from_function)
                    w->rules->from_function(w);
                else
                    lw_function_call(w, NULL);
            } else if (catalog_relation(w)) {
                if (lw_type_at(w, 0, LW_TK_WORD) && !lw_is_clause_word(w, 0))
                    lw_out(w, "AS ");
            } else if (lw_type_at(w, 0, LW_TK_WORD) || lw_type_at(w, 0, LW_TK_QIDENT)) {
                lw_emit(w);
                while (lw_type_at(w, 0, LW_TK_DOT)) {
                    lw_emit(w);
                    lw_emit(w);
                }
                if (lw_word(w, "tablesample")) {
                    lw_refuse(w, "TABLESAMPLE");
                    return;
                }
                if (lw_type_at(w, 0, LW_TK_WORD) && !lw_is_clause_word(w, 0))
                    lw_out(w, "AS ");
            }
            continue;
        }
        if (lw_word(w, "on") && lw_word_at(w, 1, "constraint")) {
            lw_refuse(w, "ON CONFLICT ON CONSTRAINT");
            return;
        }
        if (lw_word(w, "where") || lw_word(w, "having") || lw_word(w, "on") || lw_word(w, "when")) {
            in_from = lw_word(w, "on") ? in_from : 0;
            lw_emit(w);
            if (!lw_word(w, "conflict"))
                lw_parse_expr(w, 0);
            continue;
        }
        if ((lw_word(w, "group") || lw_word(w, "partition")) && lw_word_at(w, 1, "by")) {
            in_from = 0;
            lw_by_list(w);
            continue;
        }
        if (lw_word(w, "order") && lw_word_at(w, 1, "by")) {
            in_from = 0;
            lw_emit(w);
            lw_emit(w);
            lw_order_items(w);
            continue;
        }
        if (lw_word(w, "insert") && lw_word_at(w, 1, "into")) {
            lw_note_insert_target(w);
            /* INSERT INTO name [(columns)]: names, written as the dialect folds them (not a
             * call of a function `name`). */
            lw_emit(w);
            lw_emit(w);
            if (lw_type_at(w, 0, LW_TK_WORD) || lw_type_at(w, 0, LW_TK_QIDENT)) {
                lw_emit_name(w);
                while (lw_type_at(w, 0, LW_TK_DOT) && !w->rc) {
                    lw_emit(w);
                    lw_emit_name(w);
                }
            }
            if (lw_type_at(w, 0, LW_TK_LPAREN) && !lw_starts_query(w, 1)) {
                lw_emit(w);
                while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN))
                    lw_type_at(w, 0, LW_TK_COMMA) ? lw_emit(w) : lw_emit_name(w);
                if (lw_type_at(w, 0, LW_TK_RPAREN))
                    lw_emit(w);
            }
            continue;
        }
        if (lw_word(w, "delete") && w->p == 0)
            lw_scope_from(w, 1);
        if (lw_word(w, "update") && w->p == 0) {
            lw_scope_items(w, 1);
            lw_scope_from(w, 1);
            size_t k = lw_word_at(w, 1, "only") ? 2 : 1;
            while (lw_type_at(w, k + 1, LW_TK_DOT))
                k += 2;
            if (lw_type_at(w, k, LW_TK_WORD) || lw_type_at(w, k, LW_TK_QIDENT))
                w->write_table = w->p + k;
        }
        if (lw_word(w, "values")) {
            w->in_values = 1;
            lw_values_rows(w);
            continue;
        }
        if (lw_word(w, "on") || lw_word(w, "returning") || lw_word(w, "select"))
            w->in_values = 0;
        if (lw_word(w, "set") || lw_word(w, "values") || t->type == LW_TK_COMMA ||
            lw_word(w, "then") || lw_word(w, "else") || lw_word(w, "by") || lw_word(w, "using")) {
            int was_set = lw_word(w, "set");
            lw_emit(w);
            if (was_set) {
                /* SET col = expr, ... */
                in_from = 0;
            }
            continue;
        }
        if (t->type == LW_TK_OPERATOR && lw_op_at(w, 0, "=")) {
            /* SET col = value (UPDATE, ON CONFLICT DO UPDATE) */
            size_t col = w->p > 0 && (w->tk[w->at[w->p - 1]].type == LW_TK_WORD ||
                                      w->tk[w->at[w->p - 1]].type == LW_TK_QIDENT)
                             ? w->p - 1
                             : 0;
            lw_emit(w);
            lw_expr e = lw_parse_expr(w, 0);
            if (col && w->write_table)
                lw_assignment_cast(w, &e, w->write_table, col, 0, 0);
            continue;
        }
        if (lw_word(w, "into") || lw_word(w, "update") || lw_word(w, "insert") ||
            lw_word(w, "delete") || lw_word(w, "with") || lw_word(w, "recursive") ||
            lw_word(w, "as") || lw_word(w, "union") || lw_word(w, "intersect") ||
            lw_word(w, "except") || lw_word(w, "all") || lw_word(w, "do") ||
            lw_word(w, "nothing") || lw_word(w, "conflict") || lw_word(w, "default") ||
            lw_word(w, "distinct") || lw_word(w, "left") || lw_word(w, "right") ||
            lw_word(w, "inner") || lw_word(w, "outer") || lw_word(w, "cross") ||
            lw_word(w, "full") || lw_word(w, "natural") || lw_word(w, "window") ||
            t->type == LW_TK_DOT || t->type == LW_TK_QIDENT ||
            (t->type == LW_TK_WORD && !lw_type_at(w, 1, LW_TK_LPAREN) && !lw_word(w, "not") &&
             !lw_word(w, "exists") && !lw_word(w, "case") && !lw_word(w, "true") &&
             !lw_word(w, "false") && !lw_word(w, "null") &&
             !word_in(w, w->rules->expression_words))) {
            lw_emit(w);
            continue;
        }
        lw_parse_expr(w, 0);
    }
}

int lw_walk_statement(lw_walker *w)
{
    const lw_token *t = lw_tok(w, 0);
    for (const lw_statement *s = w->rules->statements; t && s && s->word; s++) {
        if (!lw_word(w, s->word))
            continue;
        if (!s->write)
            return lw_refuse(w, "%.*s", (int)t->length, lw_spelled(w, t));
        return s->write(w);
    }
    lw_walk_until(w, 0);
    return w->rc;
}
