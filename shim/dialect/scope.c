/*
 * Scopes (scope.h): the FROM items of the queries being written and the kinds of
 * their columns.
 *
 * A query's FROM list is read ahead of its select list (which comes first in the
 * text), so the list's column references are typed as they are written: tables and
 * views through the schema's declared types, CTEs through the select list their body
 * wrote, derived tables (subqueries in FROM) through a dry run that writes the
 * subquery into a scratch buffer, which is thrown away. Names resolve as the server
 * resolves them: the innermost item that has the column; an item whose columns are
 * not known (a function, a subquery too deep to dry-run) hides the levels outside it,
 * so a column it may hold is untyped rather than mistyped.
 *
 * Limits: LW_WALK_MAX_SCOPE items and LW_WALK_MAX_CTE_COLUMNS columns (past them,
 * column references are untyped); dry runs nest LW_WALK_MAX_DRY_DEPTH deep.
 */
#include "dialect/scope.h"

#include <string.h>

#include "dialect/clauses.h"
#include "likewise.h"

/* Dry runs inside dry runs: a derived table's own derived tables are typed up to this
 * depth (each level is written once more per level above it). */
#ifndef LW_WALK_MAX_DRY_DEPTH
#define LW_WALK_MAX_DRY_DEPTH 2
#endif

/* The result_cte of a dry run: its select list's columns, which no token names. */
#define DRY_RUN_COLUMNS SIZE_MAX

/* Is the word k ahead one of words (NULL-terminated)? */
static int word_in(const lw_walker *w, size_t k, const char *const *words)
{
    for (; words && *words; words++)
        if (lw_word_at(w, k, *words))
            return 1;
    return 0;
}

/* The position of the definition of the CTE named at token position tok (WITH name
 * [(cols)] AS (...)), 0 when the statement has no such CTE. */
static size_t cte_definition(lw_walker *w, size_t tok)
{
    const lw_token *name = &w->tk[w->at[tok]];
    for (size_t i = 1; i + 2 < w->n; i++) {
        const lw_token *t = &w->tk[w->at[i]];
        if ((t->type != LW_TK_WORD && t->type != LW_TK_QIDENT) || t->length != name->length ||
            sqlite3_strnicmp(w->sql + t->offset, w->sql + name->offset, (int)t->length) != 0)
            continue;
        const lw_token *before = &w->tk[w->at[i - 1]];
        if (!(before->type == LW_TK_COMMA || lw_token_is_word(w->sql, before, "with") ||
              lw_token_is_word(w->sql, before, "recursive")))
            continue;
        size_t k = i + 1;
        if (w->tk[w->at[k]].type == LW_TK_LPAREN) {
            while (k < w->n && w->tk[w->at[k]].type != LW_TK_RPAREN)
                k++;
            k++;
        }
        if (k + 1 < w->n && lw_token_is_word(w->sql, &w->tk[w->at[k]], "as") &&
            (w->tk[w->at[k + 1]].type == LW_TK_LPAREN ||
             lw_token_is_word(w->sql, &w->tk[w->at[k + 1]], "materialized") ||
             lw_token_is_word(w->sql, &w->tk[w->at[k + 1]], "not")))
            return i;
    }
    return 0;
}

/* ---- Column types: the FROM items a query's column references see ----------------- */

void lw_push_scope(lw_walker *w, size_t alias_tok, size_t table_tok, size_t cte_tok,
                   size_t names_tok)
{
    if (w->n_scope >= LW_WALK_MAX_SCOPE) {
        w->scope_full = 1;
        return;
    }
    lw_scope_item *it = &w->scope[w->n_scope++];
    it->alias_tok = alias_tok;
    it->table_tok = table_tok;
    it->cte_tok = cte_tok;
    it->names_tok = names_tok;
    it->level = w->scope_level;
}

/*
 * The column types of a derived table (the query between the parentheses at token
 * positions open and close), recorded as the columns of a CTE named by its alias:
 * the query is written once into a scratch buffer, which is thrown away, before the
 * outer select list (which comes first in the text) needs them. Returns whether the
 * columns were recorded.
 */
static int derived_columns(lw_walker *w, size_t open, size_t close, size_t alias)
{
    if (w->dry_depth >= LW_WALK_MAX_DRY_DEPTH || close <= open + 1 || close > w->n)
        return 0;
    lw_sqlbuf scratch = {0};
    lw_param_map params = {0};
    lw_dialect_error err = {{0}, 0, NULL, 0};
    lw_translation t = *w->t;
    t.out = &scratch;
    t.params = &params;
    t.err = &err;
    lw_walker *sub = sqlite3_malloc64(sizeof *sub);
    int recorded = 0;
    if (sub) {
        memset(sub, 0, sizeof *sub);
        sub->t = &t;
        sub->rules = w->rules;
        sub->schema = w->schema;
        sub->sql = w->sql;
        sub->tk = w->tk;
        sub->at = w->at + open + 1;
        sub->n = close - open - 1;
        sub->depth = w->depth + 1;
        sub->result_items = -1;
        sub->result_cte = DRY_RUN_COLUMNS;
        sub->dry_depth = w->dry_depth + 1;
        lw_walk_until(sub, 1);
        for (int i = 0; !sub->rc && i < sub->n_cte_cols && w->n_cte_cols < LW_WALK_MAX_CTE_COLUMNS;
             i++) {
            if (sub->cte_cols[i].cte_tok != DRY_RUN_COLUMNS)
                continue; /* the columns of its own CTEs and derived tables */
            lw_cte_column *c = &w->cte_cols[w->n_cte_cols++];
            c->cte_tok = alias;
            c->name_tok = sub->cte_cols[i].name_tok ? sub->cte_cols[i].name_tok + open + 1 : 0;
            c->index = sub->cte_cols[i].index;
            c->kind = sub->cte_cols[i].kind;
            c->of_values = sub->cte_cols[i].of_values;
            recorded = 1;
        }
        sqlite3_free(sub);
    }
    lw_sqlbuf_free(&scratch);
    sqlite3_free(params.refs);
    lw_dialect_error_clear(&err);
    return recorded;
}

void lw_scope_items(lw_walker *w, size_t k)
{
    int expect_item = 1;
    while (w->p + k < w->n && !w->rc) {
        const lw_token *t = lw_tok(w, k);
        if (t->type == LW_TK_RPAREN || t->type == LW_TK_SEMICOLON)
            return;
        if (t->type == LW_TK_COMMA || lw_word_at(w, k, "join") ||
            (lw_word_at(w, k, "using") && !lw_type_at(w, k + 1, LW_TK_LPAREN))) {
            expect_item = 1;
            k++;
            continue;
        }
        if (lw_word_at(w, k, "on") && !expect_item) {
            /* A join condition: skip it at this level. */
            for (k++; w->p + k < w->n; k++) {
                if (lw_type_at(w, k, LW_TK_LPAREN))
                    k = lw_closing_paren(w, k);
                else if (lw_type_at(w, k, LW_TK_COMMA) || lw_type_at(w, k, LW_TK_RPAREN) ||
                         word_in(w, k, w->rules->join_condition_ends))
                    break;
            }
            continue;
        }
        if (word_in(w, k, w->rules->from_ends))
            return;
        if (lw_word_at(w, k, "only") || lw_word_at(w, k, "lateral")) {
            k++;
            continue;
        }
        if (!expect_item) {
            k = lw_type_at(w, k, LW_TK_LPAREN) ? lw_closing_paren(w, k) + 1 : k + 1;
            continue;
        }
        size_t name = 0, derived = 0, derived_end = 0, names = 0;
        int opaque = 1, cte = 0;
        if (lw_type_at(w, k, LW_TK_LPAREN)) {
            derived = lw_starts_query(w, k + 1) ? k : 0;
            k = derived_end = lw_closing_paren(w, k);
            k++;
        } else if (lw_type_at(w, k, LW_TK_WORD) || lw_type_at(w, k, LW_TK_QIDENT)) {
            name = k;
            while (lw_type_at(w, k + 1, LW_TK_DOT) &&
                   (lw_type_at(w, k + 2, LW_TK_WORD) || lw_type_at(w, k + 2, LW_TK_QIDENT)))
                name = k += 2;
            k++;
            if (lw_type_at(w, k, LW_TK_LPAREN))
                k = lw_closing_paren(w, k) + 1; /* a function */
            else {
                size_t def = cte_definition(w, w->p + name);
                opaque = cte = def != 0;
                if (def && def + 1 < w->n && w->tk[w->at[def + 1]].type == LW_TK_LPAREN)
                    names = def + 1;
            }
        } else {
            k++;
            continue;
        }
        expect_item = 0;
        size_t alias = name;
        if (lw_word_at(w, k, "as"))
            k++;
        if ((lw_type_at(w, k, LW_TK_WORD) && !lw_is_clause_word(w, k)) ||
            lw_type_at(w, k, LW_TK_QIDENT)) {
            alias = k++;
            int listed = lw_type_at(w, k, LW_TK_LPAREN);
            if (derived && derived_columns(w, w->p + derived, w->p + derived_end, w->p + alias)) {
                cte = 1;
                name = alias;
                names = listed ? w->p + k : 0;
            }
            if (listed)
                k = lw_closing_paren(w, k) + 1; /* its column names */
        }
        if (alias || name)
            lw_push_scope(w, w->p + alias, opaque ? 0 : w->p + name, cte ? w->p + name : 0, names);
    }
}

void lw_scope_from(lw_walker *w, size_t k)
{
    for (; w->p + k < w->n; k++) {
        if (lw_type_at(w, k, LW_TK_LPAREN))
            k = lw_closing_paren(w, k);
        else if (lw_type_at(w, k, LW_TK_RPAREN) || lw_word_at(w, k, "union") ||
                 lw_word_at(w, k, "intersect") || lw_word_at(w, k, "except"))
            return;
        else if (lw_word_at(w, k, "from")) {
            lw_scope_items(w, k + 1);
            return;
        }
    }
}

int lw_table_column_kind(lw_walker *w, size_t table_tok, size_t col_tok)
{
    char *table = lw_ident_text(w, table_tok);
    char *col = lw_ident_text(w, col_tok);
    char *decl = table && col ? lw_schema_declared_type(w->schema, table, col, 0) : NULL;
    int kind = decl ? (int)lw_kind_of_declared(w, decl) : -1;
    sqlite3_free(decl);
    sqlite3_free(table);
    sqlite3_free(col);
    return kind;
}

/* Do the names at token positions a and b match (as the schema compares them)? */
static int same_name(lw_walker *w, size_t a, size_t b)
{
    char *x = lw_ident_text(w, a), *y = lw_ident_text(w, b);
    int same = x && y && sqlite3_stricmp(x, y) == 0;
    sqlite3_free(x);
    sqlite3_free(y);
    return same;
}

/* The type of column col_tok of the CTE (or derived table) named at cte_tok, whose
 * columns the list at names_tok names (0: its select list does); -1 when it has no
 * such column. */
static int cte_column_kind(lw_walker *w, size_t cte_tok, size_t names_tok, size_t col_tok)
{
    int index = -1;
    if (names_tok) {
        /* The position of the name in the list (a, b, c). */
        int at = 0;
        for (size_t k = names_tok + 1; k < w->n && w->tk[w->at[k]].type != LW_TK_RPAREN; k++) {
            if (w->tk[w->at[k]].type == LW_TK_COMMA)
                at++;
            else if (index < 0 && same_name(w, k, col_tok))
                index = at;
        }
        if (index < 0)
            return -1;
    }
    for (int i = 0; i < w->n_cte_cols; i++) {
        const lw_cte_column *c = &w->cte_cols[i];
        if (c->cte_tok < w->n && same_name(w, c->cte_tok, cte_tok) &&
            (names_tok ? c->index == index : c->name_tok && same_name(w, c->name_tok, col_tok)))
            return (int)c->kind;
    }
    return -1;
}

lw_kind lw_column_kind(lw_walker *w, size_t qual_tok, size_t col_tok)
{
    return lw_column_source(w, qual_tok, col_tok, NULL);
}

lw_kind lw_column_source(lw_walker *w, size_t qual_tok, size_t col_tok, size_t *table_tok)
{
    if (table_tok)
        *table_tok = 0;
    if (w->scope_full || !w->schema)
        return LW_K_UNKNOWN;
    char *qual = qual_tok ? lw_ident_text(w, qual_tok) : NULL;
    if (qual_tok && !qual)
        return LW_K_UNKNOWN;
    int kind = -1;
    if (qual && w->insert_table && !sqlite3_stricmp(qual, "excluded")) {
        kind = lw_table_column_kind(w, w->insert_table, col_tok);
        if (kind >= 0 && table_tok)
            *table_tok = w->insert_table;
    } else {
        int opaque_level = -1;
        for (int i = w->n_scope - 1; i >= 0 && kind < 0; i--) {
            const lw_scope_item *it = &w->scope[i];
            if (opaque_level >= 0 && it->level < opaque_level)
                break; /* the unknown columns of that level may hold the name */
            if (qual) {
                char *alias = lw_ident_text(w, it->alias_tok);
                int match = alias && sqlite3_stricmp(alias, qual) == 0;
                sqlite3_free(alias);
                if (!match)
                    continue;
                kind = it->table_tok ? lw_table_column_kind(w, it->table_tok, col_tok)
                       : it->cte_tok ? cte_column_kind(w, it->cte_tok, it->names_tok, col_tok)
                                     : LW_K_UNKNOWN;
                if (kind >= 0 && it->table_tok && table_tok)
                    *table_tok = it->table_tok;
                break;
            }
            if (it->table_tok) {
                kind = lw_table_column_kind(w, it->table_tok, col_tok);
                if (kind >= 0 && table_tok)
                    *table_tok = it->table_tok;
            } else if (!it->cte_tok ||
                       (kind = cte_column_kind(w, it->cte_tok, it->names_tok, col_tok)) < 0)
                opaque_level = it->level;
        }
    }
    sqlite3_free(qual);
    return kind < 0 ? LW_K_UNKNOWN : (lw_kind)kind;
}

void lw_derived_column_names(lw_walker *w, size_t query_start, size_t k)
{
    char *query = lw_take_from(w, query_start);
    w->p += k;
    size_t alias = w->p;
    lw_skip(w);
    /* The columns the statement's dry run found (none when it could not type them). */
    int available = 0, named = 1;
    for (int i = 0; i < w->n_cte_cols; i++)
        available += w->cte_cols[i].cte_tok == alias;
    for (size_t j = 1; w->p + j < w->n && !lw_type_at(w, j, LW_TK_RPAREN); j++)
        named += lw_type_at(w, j, LW_TK_COMMA);
    if (available && named > available) {
        const lw_token *a = &w->tk[w->at[alias]];
        const lw_error_wording *e = &w->rules->texts->column_names;
        lw_walk_error(w, LW_ESYNTAX, e->sqlstate, e->mysql_errno, e->format, (int)a->length,
                      w->sql + a->offset, available, named);
    }
    lw_out(w, "(WITH _lw_cols ");
    lw_emit(w); /* ( */
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN))
        lw_emit_name(w); /* the names and their commas */
    /* Columns the list leaves out keep their names, as in PostgreSQL. */
    for (int index = named; !w->rc && index < available; index++) {
        const lw_cte_column *c = NULL;
        for (int i = 0; i < w->n_cte_cols && !c; i++)
            if (w->cte_cols[i].cte_tok == alias && w->cte_cols[i].index == index)
                c = &w->cte_cols[i];
        lw_out(w, ", ");
        if (c && c->of_values)
            lw_outf(w, "column%d ", index + 1);
        else if (c && c->name_tok)
            lw_write_folded(w, c->name_tok);
        else
            lw_refuse(w, "a column alias list that leaves out an unnamed column");
    }
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_emit(w);
    lw_outf(w, "AS %s SELECT * FROM _lw_cols) AS ", query ? query : "");
    size_t after = w->p;
    w->p = alias;
    lw_emit_name(w);
    w->p = after;
    sqlite3_free(query);
}
