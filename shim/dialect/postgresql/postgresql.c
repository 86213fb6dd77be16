/*
 * The postgresql dialect: SQL written for PostgreSQL 15, run on SQLite with
 * PostgreSQL's answers, SQLSTATEs and messages (DESIGN.md 4.4; docs/postgresql.md has
 * the coverage table).
 *
 * Design. The shim's lexer cuts the text into tokens; this file parses them with a
 * small recursive-descent walker (statements, clauses) and a precedence-climbing
 * expression parser with PostgreSQL's operator precedence, writing SQLite SQL as it
 * goes. An expression's output starts at a known offset of the output buffer, so an
 * infix operator that SQLite spells as a function (a ~ b, a @> b, a ILIKE b) wraps its
 * already written operands in place; no SQL text is ever searched or pattern-matched.
 * What SQLite cannot honour is refused with SQLSTATE 0A000 naming the construct.
 *
 * Types. Every expression carries PostgreSQL's type as far as the rewriter can tell
 * (constants, casts, the declared types of the columns of the query's FROM items,
 * CTEs' and derived tables' select lists, known functions), and arithmetic is written
 * for its operands' types: integers range-checked in their type (pg_int4...),
 * numerics exact through the decimal module with the TEXT affinity and DECIMAL
 * collation of a NUMERIC column, doubles native, date +/- integer; operands it cannot
 * type go through pg_arith, which checks at run time (docs/postgresql.md).
 *
 *   lexical     E'', $$ and $tag$ quoting, U&'', adjacent strings split by
 *               a newline, "identifiers" (SQLite's double-quoted strings are turned
 *               off), $1 parameters by number (the core maps every style)
 *   operators   :: and CAST (pg_cast, decimal), ILIKE (ilike), LIKE (case-sensitive,
 *               backslash escape), ~ ~* !~ !~* (regexp), @> <@ ? ?| ?& (json_*), ->
 *               (jsonb's printed form), ^ (power), / and % (division by zero is
 *               22012), IS [NOT] DISTINCT FROM, = ANY (ARRAY[...]), ARRAY[...]
 *   functions   extract, position, substring, trim forms, string_agg & co. with
 *               ORDER BY, bool_and/bool_or, current_timestamp and friends
 *   statements  CREATE TABLE types (SERIAL, IDENTITY, VARCHAR(n), NUMERIC(p,s), ...),
 *               CREATE SEQUENCE, CREATE EXTENSION, DISTINCT ON, DELETE ... USING,
 *               FROM generate_series(...) AS t(x), LIMIT/OFFSET/FETCH, NULLS
 *               ordering, TRUNCATE, SET/SHOW/RESET, 25P02 after an error
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/arith.h"
#include "dialect/postgresql/postgresql.h"
#include "dialect/scope.h"
#include "likewise.h"
#include "dialect/postgresql/runtime_core.h"
#include "dialect/postgresql/runtime.h"
#include "dialect/postgresql/identifiers.h"

/* ---- Per-connection state ----------------------------------------------------------- */

/* ---- The rewriter ------------------------------------------------------------------- */

static void lw_walk_until(lw_walker *w, int stop_at_rparen);

/* ---- String literals ----------------------------------------------------------------- */

/* ---- Expressions ---------------------------------------------------------------------- */

/* "( SELECT ... )" at the current token: the subquery walked to its parenthesis. */
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
    w->scope_level--;
    w->n_scope = outer_scope;
    w->result_level = outer_level;
    w->result_items = outer_items;
    w->result_type = outer_type;
    w->result_cte = outer_cte;
    lw_leave(w);
    return type;
}

/* ---- Statements ----------------------------------------------------------------------- */

/* SELECT list items: their boolean results are recorded for the top-level statement
 * (lwsql prints them t/f as psql does). Stops at the first clause word. */

/* ---- Column types: the FROM items a query's column references see ----------------- */

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

/* Dry runs inside dry runs: a derived table's own derived tables are typed up to this
 * depth (each level is written once more per level above it). */
#ifndef LW_WALK_MAX_DRY_DEPTH
#define LW_WALK_MAX_DRY_DEPTH 2
#endif

/* The result_cte of a dry run: its select list's columns, which no token names. */
#define DRY_RUN_COLUMNS SIZE_MAX

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
    lw_dialect_error err = {{0}, 0, NULL};
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
            recorded = 1;
        }
        sqlite3_free(sub);
    }
    lw_sqlbuf_free(&scratch);
    sqlite3_free(params.refs);
    lw_dialect_error_clear(&err);
    return recorded;
}

/* Records the FROM items of the list starting k tokens ahead (tables, views, their
 * aliases, joins, subqueries and functions), up to the word that ends the list. */
void lw_scope_items(lw_walker *w, size_t k)
{
    static const char *const ends[] = {
        "where",     "group",  "having",    "order", "limit", "offset", "fetch",  "window", "union",
        "intersect", "except", "returning", "for",   "set",   "on",     "values", "select", "do"};
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
                         lw_word_at(w, k, "join") || lw_word_at(w, k, "left") ||
                         lw_word_at(w, k, "right") || lw_word_at(w, k, "inner") ||
                         lw_word_at(w, k, "full") || lw_word_at(w, k, "cross") ||
                         lw_word_at(w, k, "natural") || lw_word_at(w, k, "where") ||
                         lw_word_at(w, k, "group") || lw_word_at(w, k, "order") ||
                         lw_word_at(w, k, "limit") || lw_word_at(w, k, "union") ||
                         lw_word_at(w, k, "having") || lw_word_at(w, k, "returning"))
                    break;
            }
            continue;
        }
        int end = 0;
        for (size_t i = 0; i < sizeof ends / sizeof ends[0] && !end; i++)
            end = lw_word_at(w, k, ends[i]);
        if (end)
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

/* The FROM list of the query whose select list (or UPDATE/DELETE) starts k tokens ahead:
 * recorded before the list is written, so that its column references are typed. */
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

/* The declared kind of column col_tok of the table at table_tok; -1 when the table has
 * no such column. */
static int table_column_kind(lw_walker *w, size_t table_tok, size_t col_tok)
{
    char *table = lw_ident_text(w, table_tok);
    char *col = lw_ident_text(w, col_tok);
    char *decl = table && col ? lw_schema_declared_type(w->schema, table, col) : NULL;
    int kind = decl ? (int)lw_kind_of_declared(w, decl) : -1;
    sqlite3_free(decl);
    sqlite3_free(table);
    sqlite3_free(col);
    return kind;
}

/* Do the names at token positions a and b match (as PostgreSQL folds unquoted ones)? */
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

/*
 * The type of a column reference (qual_tok 0: unqualified): the innermost FROM item
 * that has it, as PostgreSQL resolves names. An item whose columns are unknown
 * (subquery, CTE) at the level where the search stops makes the type unknown.
 */
lw_kind lw_column_kind(lw_walker *w, size_t qual_tok, size_t col_tok)
{
    if (w->scope_full || !w->schema)
        return LW_K_UNKNOWN;
    char *qual = qual_tok ? lw_ident_text(w, qual_tok) : NULL;
    if (qual_tok && !qual)
        return LW_K_UNKNOWN;
    int kind = -1;
    if (qual && w->insert_table && !sqlite3_stricmp(qual, "excluded")) {
        kind = table_column_kind(w, w->insert_table, col_tok);
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
                kind = it->table_tok ? table_column_kind(w, it->table_tok, col_tok)
                       : it->cte_tok ? cte_column_kind(w, it->cte_tok, it->names_tok, col_tok)
                                     : LW_K_UNKNOWN;
                break;
            }
            if (it->table_tok)
                kind = table_column_kind(w, it->table_tok, col_tok);
            else if (!it->cte_tok ||
                     (kind = cte_column_kind(w, it->cte_tok, it->names_tok, col_tok)) < 0)
                opaque_level = it->level;
        }
    }
    sqlite3_free(qual);
    return kind < 0 ? LW_K_UNKNOWN : (lw_kind)kind;
}

/*
 * A RETURNING column whose stored value the dialect's triggers convert after the row
 * is written (SQLite's RETURNING does not see that): the same conversion written
 * around the column, so RETURNING answers what the row holds. Returns 1 when it wrote
 * the column (as "conversion AS name"), 0 when the column needs nothing.
 */
static int returning_column(lw_walker *w, const char *name, const char *alias, int col)
{
    char *table = lw_ident_text(w, w->write_table);
    char *type = table ? lw_schema_declared_type(w->schema, table, name) : NULL;
    int done = 1;
    long long p = 0, sc = 0;
    const char *kind = NULL;
    if (!type)
        done = 0;
    else if (sscanf(type, "NUMERIC_TEXT(%lld,%lld)", &p, &sc) == 2)
        lw_outf(w, "decimal(\"%w\", %lld, %lld) ", name, p, sc);
    else if (!sqlite3_stricmp(type, "NUMERIC_TEXT"))
        lw_outf(w, "decimal(\"%w\") ", name);
    else if (!sqlite3_stricmp(type, "JSONB"))
        lw_outf(w, "pg_jsonb(\"%w\") ", name);
    else if (!sqlite3_stricmp(type, "BOOLEAN"))
        kind = "bool";
    else if (!sqlite3_stricmp(type, "UUID"))
        kind = "uuid";
    else if (!sqlite3_stricmp(type, "DATE"))
        kind = "date";
    else if (!sqlite3_stricmp(type, "TIMESTAMP"))
        kind = "timestamp";
    else if (!sqlite3_stricmp(type, "TIMESTAMPTZ"))
        kind = "timestamptz";
    else if (!sqlite3_stricmp(type, "BYTEA"))
        kind = "bytea";
    else
        done = 0;
    if (kind)
        lw_outf(w, "pg_assign(\"%w\", '%s') ", name, kind);
    if (done) {
        lw_outf(w, "AS \"%w\" ", alias ? alias : name);
        if (kind && !strcmp(kind, "bool") && col < 64)
            w->bool_cols |= (uint64_t)1 << col;
    }
    sqlite3_free(type);
    sqlite3_free(table);
    return done;
}

/* RETURNING *: every column of the written table, converted as returning_column does.
 * Returns the number of columns written, 0 when the schema is not at hand. */
static int returning_star(lw_walker *w)
{
    lw_schema *s = w->schema;
    char *table = lw_ident_text(w, w->write_table);
    sqlite3_stmt *stmt = NULL;
    int n = 0;
    if (s && table &&
        sqlite3_prepare_v2(s->db, "SELECT name FROM pragma_table_info(?1)", -1, &stmt, NULL) ==
            SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            char *name = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 0));
            if (!name)
                break;
            if (n)
                lw_out(w, ", ");
            if (!returning_column(w, name, NULL, n))
                lw_outf(w, "\"%w\" ", name);
            sqlite3_free(name);
            n++;
        }
    }
    sqlite3_finalize(stmt);
    sqlite3_free(table);
    return n;
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
}

static void lw_select_items(lw_walker *w, int top)
{
    int col = 0;
    int returning = w->bare_columns && w->write_table && w->schema;
    for (;;) {
        if (returning && lw_op_at(w, 0, "*") &&
            (lw_type_at(w, 1, LW_TK_COMMA) || w->p + 1 >= w->n)) {
            int n = returning_star(w);
            if (n) {
                lw_skip(w);
                col += n;
                if (!lw_type_at(w, 0, LW_TK_COMMA) || w->rc)
                    break;
                lw_emit(w);
                continue;
            }
        }
        if (returning) {
            size_t k = lw_type_at(w, 1, LW_TK_DOT) ? 2 : 0;
            const lw_token *id = lw_tok(w, k);
            int ends = lw_type_at(w, k + 1, LW_TK_COMMA) || w->p + k + 1 >= w->n ||
                       lw_word_at(w, k + 1, "as");
            if (id && (id->type == LW_TK_WORD || id->type == LW_TK_QIDENT) && ends) {
                char *name = lw_ident_text(w, w->p + k);
                char *alias = lw_word_at(w, k + 1, "as") && lw_tok(w, k + 2)
                                  ? lw_ident_text(w, w->p + k + 2)
                                  : NULL;
                int written = name && returning_column(w, name, alias, col);
                sqlite3_free(name);
                sqlite3_free(alias);
                if (written) {
                    w->p += k + 1;
                    if (lw_word(w, "as"))
                        w->p += 2;
                    col++;
                    if (!lw_type_at(w, 0, LW_TK_COMMA) || w->rc)
                        break;
                    lw_emit(w);
                    continue;
                }
            }
        }
        size_t item_first = w->p;
        lw_expr e = lw_parse_expr(w, 0);
        if (top && e.is_bool && col < 64)
            w->bool_cols |= (uint64_t)1 << col;
        if (w->scope_level == w->result_level && w->result_items < 0)
            note_result_column(w, col, item_first, &e);
        if (e.numeric_literal && !w->in_values) {
            /* SELECT 1.10 shows 1.10 (a numeric), not SQLite's REAL 1.1. */
            lw_quote_numeric_literal(w, e.start, lw_here(w));
            lw_insert_at(w, e.start, "decimal(");
            lw_out(w, ") ");
            lw_exact_numeric_result(w, e.start);
        }
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
            return;
        }
        col++;
        if (!lw_type_at(w, 0, LW_TK_COMMA) || w->rc)
            break;
        lw_emit(w);
    }
    if (w->scope_level == w->result_level && w->result_items < 0)
        w->result_items = col;
}

/* A FROM item that is a function call: generate_series(...) [AS] alias [(col)]. The
 * function's column takes the alias' name (or the column list's), as in PostgreSQL. */
static void table_function(lw_walker *w)
{
    char *fname = lw_tok_text(w, 0);
    if (!fname)
        return;
    for (char *c = fname; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c + 32);
    if (strcmp(fname, "generate_series") != 0) {
        lw_refuse(w, "the set-returning function %s() in FROM", fname);
        sqlite3_free(fname);
        return;
    }
    size_t start = lw_here(w);
    lw_function_call(w, NULL);
    char *call = lw_take_from(w, start);
    char *alias = NULL, *column = NULL;
    if (lw_word(w, "as"))
        lw_skip(w);
    if ((lw_type_at(w, 0, LW_TK_WORD) && !lw_is_clause_word(w, 0)) ||
        lw_type_at(w, 0, LW_TK_QIDENT)) {
        alias = lw_tok_text(w, 0);
        lw_skip(w);
        if (lw_type_at(w, 0, LW_TK_LPAREN)) {
            lw_skip(w);
            column = lw_tok_text(w, 0);
            lw_skip(w);
            if (!lw_type_at(w, 0, LW_TK_RPAREN))
                lw_refuse(w, "a column list of more than one name for %s()", fname);
            lw_skip(w);
        }
    }
    const char *col = column ? column : alias ? alias : fname;
    const char *al = alias ? alias : fname;
    if (call)
        lw_outf(w, "(SELECT value AS %s FROM %s) AS %s ", col, call, al);
    sqlite3_free(call);
    sqlite3_free(alias);
    sqlite3_free(column);
    sqlite3_free(fname);
}

/* LIMIT n / OFFSET n / FETCH FIRST n ROWS ONLY in any order, written in SQLite's. */
static void lw_limit_clause(lw_walker *w)
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
 * SELECT DISTINCT ON (keys) items FROM ... [ORDER BY ...] [LIMIT ...]: the first row
 * of each group of keys in the ORDER BY order, written as a window query:
 *   SELECT c1 AS n1, ... FROM (SELECT items AS c1.., row_number() OVER (PARTITION BY
 *   keys ORDER BY order) AS lw_rn, order keys AS o1.. FROM ...) WHERE lw_rn = 1
 *   ORDER BY o1 ..
 * The words SELECT DISTINCT ON were consumed; the output of SELECT is at `start`.
 */
static void distinct_on(lw_walker *w, size_t start)
{
    w->t->out->len = start;
    if (w->t->out->s)
        w->t->out->s[start] = 0;
    lw_skip(w); /* ( */
    size_t ks = lw_here(w);
    for (;;) {
        lw_parse_expr(w, 0);
        if (!lw_type_at(w, 0, LW_TK_COMMA))
            break;
        lw_emit(w);
    }
    char *keys = lw_take_from(w, ks);
    lw_skip(w); /* ) */
    /* The items, each with its output name. */
    lw_sqlbuf names = {0}, inner = {0};
    int col = 0;
    for (;;) {
        size_t is = lw_here(w);
        size_t first_tok = w->p;
        lw_parse_expr(w, 0);
        size_t last_tok = w->p - 1;
        char *item = lw_take_from(w, is);
        char *name = NULL;
        if (lw_word(w, "as")) {
            lw_skip(w);
            name = lw_tok_text(w, 0);
            lw_skip(w);
        } else if ((lw_type_at(w, 0, LW_TK_WORD) && !lw_is_clause_word(w, 0)) ||
                   lw_type_at(w, 0, LW_TK_QIDENT)) {
            name = lw_tok_text(w, 0);
            lw_skip(w);
        } else if (last_tok < w->n &&
                   (w->tk[w->at[last_tok]].type == LW_TK_WORD ||
                    w->tk[w->at[last_tok]].type == LW_TK_QIDENT) &&
                   (last_tok == first_tok || w->tk[w->at[last_tok - 1]].type == LW_TK_DOT)) {
            const lw_token *t = &w->tk[w->at[last_tok]];
            name = sqlite3_mprintf("%.*s", (int)t->length, w->sql + t->offset);
        } else {
            name = sqlite3_mprintf("\"?column?\"");
        }
        col++;
        lw_sqlbuf_appendf(&inner, "%s%s AS lw_c%d", col > 1 ? ", " : "", item ? item : "", col);
        lw_sqlbuf_appendf(&names, "%slw_c%d AS %s", col > 1 ? ", " : "", col, name ? name : "x");
        sqlite3_free(item);
        sqlite3_free(name);
        if (!lw_type_at(w, 0, LW_TK_COMMA) || w->rc)
            break;
        lw_skip(w);
    }
    /* FROM ... up to ORDER BY / LIMIT / the end. */
    size_t fs = lw_here(w);
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN) &&
           !(lw_word(w, "order") && lw_word_at(w, 1, "by")) && !lw_word(w, "limit") &&
           !lw_word(w, "offset") && !lw_word(w, "fetch")) {
        if (lw_type_at(w, 0, LW_TK_LPAREN) && lw_starts_query(w, 1))
            lw_subquery(w);
        else if (lw_word(w, "from") || lw_word(w, "where") || lw_word(w, "group") ||
                 lw_word(w, "having") || lw_word(w, "by") || lw_type_at(w, 0, LW_TK_COMMA) ||
                 lw_word(w, "join") || lw_word(w, "on") || lw_word(w, "as") || lw_word(w, "left") ||
                 lw_word(w, "inner"))
            lw_emit(w);
        else
            lw_parse_expr(w, 0);
    }
    char *rest = lw_take_from(w, fs);
    /* ORDER BY keys: inside the window and, by position, outside. */
    lw_sqlbuf win = {0}, outer = {0}, keycols = {0};
    int nkeys = 0;
    if (lw_word(w, "order") && lw_word_at(w, 1, "by")) {
        w->p += 2;
        for (;;) {
            size_t os = lw_here(w);
            lw_parse_expr(w, 0);
            char *key = lw_take_from(w, os);
            const char *dir = "";
            if (lw_word(w, "desc")) {
                dir = " DESC";
                lw_skip(w);
            } else if (lw_word(w, "asc")) {
                lw_skip(w);
            }
            const char *nulls = *dir ? " NULLS FIRST" : " NULLS LAST";
            if (lw_word(w, "nulls")) {
                nulls = lw_word_at(w, 1, "first") ? " NULLS FIRST" : " NULLS LAST";
                w->p += 2;
            }
            nkeys++;
            lw_sqlbuf_appendf(&win, "%s%s%s%s", nkeys > 1 ? ", " : "", key ? key : "", dir, nulls);
            lw_sqlbuf_appendf(&keycols, ", %s AS lw_o%d", key ? key : "", nkeys);
            lw_sqlbuf_appendf(&outer, "%slw_o%d%s%s", nkeys > 1 ? ", " : "", nkeys, dir, nulls);
            sqlite3_free(key);
            if (!lw_type_at(w, 0, LW_TK_COMMA) || w->rc)
                break;
            lw_skip(w);
        }
    }
    if (!names.oom && !inner.oom && keys && rest) {
        lw_outf(w,
                "SELECT %s FROM (SELECT %s, row_number() OVER (PARTITION BY %s%s%s) AS lw_rn%s %s) "
                "WHERE lw_rn = 1 ",
                names.s ? names.s : "", inner.s ? inner.s : "", keys, nkeys ? " ORDER BY " : "",
                win.s ? win.s : "", keycols.s ? keycols.s : "", rest);
        if (nkeys)
            lw_outf(w, "ORDER BY %s ", outer.s);
    }
    sqlite3_free(keys);
    sqlite3_free(rest);
    lw_sqlbuf_free(&names);
    lw_sqlbuf_free(&inner);
    lw_sqlbuf_free(&win);
    lw_sqlbuf_free(&outer);
    lw_sqlbuf_free(&keycols);
    lw_limit_clause(w);
}

/* INSERT INTO name [(cols)]: remembers the table and its column list for DEFAULT. */
static void lw_note_insert_target(lw_walker *w)
{
    size_t k = 2;
    while (lw_type_at(w, k + 1, LW_TK_DOT))
        k += 2;
    if (!lw_type_at(w, k, LW_TK_WORD) && !lw_type_at(w, k, LW_TK_QIDENT))
        return;
    w->insert_table = w->p + k;
    w->write_table = w->p + k;
    w->n_insert_cols = -1;
    lw_push_scope(w, w->insert_table, w->insert_table, 0, 0);
    k++;
    if (lw_word_at(w, k, "as"))
        k += 2;
    if (!lw_type_at(w, k, LW_TK_LPAREN) || lw_starts_query(w, k + 1))
        return;
    w->n_insert_cols = 0;
    for (k++; w->p + k < w->n && !lw_type_at(w, k, LW_TK_RPAREN); k++)
        if (!lw_type_at(w, k, LW_TK_COMMA) && w->n_insert_cols < 64)
            w->insert_cols[w->n_insert_cols++] = w->p + k;
}

/* The default of column `index` of the INSERT's row (its column list's, or the
 * table's order), as the schema writes it. DEFAULT inside VALUES is PostgreSQL's;
 * SQLite has it only as DEFAULT VALUES. */
static void column_default(lw_walker *w, int index)
{
    const lw_schema *s = w->schema;
    if (!s || !w->insert_table) {
        lw_refuse(w, "DEFAULT inside VALUES here");
        return;
    }
    char *table = lw_ident_text(w, w->insert_table);
    char *col = w->n_insert_cols >= 0 && index < w->n_insert_cols
                    ? lw_ident_text(w, w->insert_cols[index])
                    : NULL;
    sqlite3_stmt *stmt = NULL;
    int found = 0;
    if (table && sqlite3_prepare_v2(s->db, "SELECT name, dflt_value FROM pragma_table_info(?1)", -1,
                                    &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        for (int k = 0; sqlite3_step(stmt) == SQLITE_ROW; k++) {
            const char *name = (const char *)sqlite3_column_text(stmt, 0);
            if (col ? (name && sqlite3_stricmp(name, col) == 0) : k == index) {
                const char *dflt = (const char *)sqlite3_column_text(stmt, 1);
                lw_outf(w, "%s ", dflt ? dflt : "NULL");
                found = 1;
                break;
            }
        }
    }
    sqlite3_finalize(stmt);
    if (!found)
        lw_refuse(w, "DEFAULT for a column this statement cannot find");
    sqlite3_free(table);
    sqlite3_free(col);
}

/* VALUES (...), (...) of an INSERT, with DEFAULT items replaced by the defaults. */
static void lw_values_rows(lw_walker *w)
{
    lw_emit(w); /* VALUES */
    while (!w->rc && lw_type_at(w, 0, LW_TK_LPAREN)) {
        lw_emit(w);
        for (int col = 0; !w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN); col++) {
            if (lw_word(w, "default") &&
                (lw_type_at(w, 1, LW_TK_COMMA) || lw_type_at(w, 1, LW_TK_RPAREN))) {
                lw_skip(w);
                column_default(w, col);
            } else {
                lw_parse_expr(w, 0);
            }
            if (lw_type_at(w, 0, LW_TK_COMMA))
                lw_emit(w);
            else
                break;
        }
        if (lw_type_at(w, 0, LW_TK_RPAREN))
            lw_emit(w);
        if (!lw_type_at(w, 0, LW_TK_COMMA))
            break;
        lw_emit(w);
    }
}

/*
 * The generic walker: writes clause words and punctuation as they are and hands
 * everything that starts an expression to lw_parse_expr. Clause-specific forms (select
 * lists, FROM items, ORDER BY, LIMIT) are recognised by the word before them. Stops at
 * the end, or before an unbalanced ')' when stop_at_rparen.
 */
static void lw_walk_until(lw_walker *w, int stop_at_rparen)
{
    int top = w->depth == 0;
    int in_from = 0;
    while (!w->rc && !lw_at_end(w)) {
        const lw_token *t = lw_tok(w, 0);
        if (t->type == LW_TK_RPAREN) {
            if (stop_at_rparen)
                return;
            lw_emit(w);
            continue;
        }
        if (t->type == LW_TK_LPAREN) {
            if (lw_starts_query(w, 1)) {
                lw_subquery(w);
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
            if (lw_word(w, "distinct") && lw_word_at(w, 1, "on")) {
                w->p += 2;
                distinct_on(w, start);
                continue;
            }
            if (lw_word(w, "distinct") || lw_word(w, "all"))
                lw_emit(w);
            if (!lw_word(w, "from") && !lw_at_end(w))
                lw_select_items(w, top && !w->bool_known);
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
                !lw_starts_query(w, 2))
                table_function(w);
            else if (lw_type_at(w, 0, LW_TK_WORD) || lw_type_at(w, 0, LW_TK_QIDENT)) {
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
        if (lw_word(w, "where") || lw_word(w, "having") || lw_word(w, "on") || lw_word(w, "when")) {
            in_from = lw_word(w, "on") ? in_from : 0;
            lw_emit(w);
            if (!lw_word(w, "conflict"))
                lw_parse_expr(w, 0);
            continue;
        }
        if ((lw_word(w, "group") || lw_word(w, "partition")) && lw_word_at(w, 1, "by")) {
            in_from = 0;
            lw_emit(w);
            lw_emit(w);
            for (;;) {
                lw_parse_expr(w, 0);
                if (!lw_type_at(w, 0, LW_TK_COMMA))
                    break;
                lw_emit(w);
            }
            continue;
        }
        if (lw_word(w, "order") && lw_word_at(w, 1, "by")) {
            in_from = 0;
            lw_emit(w);
            lw_emit(w);
            lw_order_items(w);
            continue;
        }
        if (lw_word(w, "limit") || lw_word(w, "offset") || lw_word(w, "fetch")) {
            lw_limit_clause(w);
            continue;
        }
        if (lw_word(w, "insert") && lw_word_at(w, 1, "into"))
            lw_note_insert_target(w);
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
            lw_emit(w);
            lw_parse_expr(w, 0);
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
             !lw_word(w, "false") && !lw_word(w, "null") && !lw_word(w, "array") &&
             !lw_word(w, "current_timestamp") && !lw_word(w, "current_date"))) {
            if (lw_word(w, "on") && lw_word_at(w, 1, "constraint")) {
                lw_refuse(w, "ON CONFLICT ON CONSTRAINT");
                return;
            }
            lw_emit(w);
            continue;
        }
        lw_parse_expr(w, 0);
    }
}

/* ---- DDL --------------------------------------------------------------------------------- */

typedef struct column_note {
    char name[64];
    lw_kind kind;
    long long mod1, mod2;
    int identity_always;
} column_note;

/* Writes a column type and the checks PostgreSQL makes on stored values. */
static void column_type(lw_walker *w, const char *table, const char *col, int is_pk, int *identity,
                        lw_sqlbuf *norm)
{
    lw_sql_type ty;
    if (lw_parse_type(w, &ty))
        return;
    (void)is_pk;
    if (*identity && (ty.kind == LW_K_INT2 || ty.kind == LW_K_INT4 || ty.kind == LW_K_INT8))
        ty.kind = ty.kind == LW_K_INT2   ? LW_K_SERIAL2
                  : ty.kind == LW_K_INT4 ? LW_K_SERIAL4
                                         : LW_K_SERIAL8;
    switch (ty.kind) {
    case LW_K_SERIAL2:
    case LW_K_SERIAL4:
    case LW_K_SERIAL8:
        /* A sequence feeds the column, as in PostgreSQL: ids are never reused and an
         * explicit id does not move it. INT (not INTEGER) keeps the column apart from
         * SQLite's rowid, which would ignore the DEFAULT. */
        lw_outf(w, "%s NOT NULL DEFAULT (pg_serial_nextval('%q_%q_seq')) ",
                ty.kind == LW_K_SERIAL8   ? "BIGINT"
                : ty.kind == LW_K_SERIAL2 ? "SMALLINT"
                                          : "INT",
                table, col);
        *identity = 1;
        return;
    case LW_K_INT2:
    case LW_K_INT4:
    case LW_K_INT8:
        /* The range test runs inline; pg_assign is called only to raise PostgreSQL's
         * error (22003 out of range, 22P02 for text that is not a number). */
        lw_outf(
            w, "%s CHECK (\"%w\" BETWEEN %s OR \"%w\" IS NULL OR pg_assign(\"%w\", '%s') IS NULL) ",
            ty.kind == LW_K_INT2   ? "SMALLINT"
            : ty.kind == LW_K_INT4 ? "INTEGER"
                                   : "BIGINT",
            col,
            ty.kind == LW_K_INT2   ? "-32768 AND 32767"
            : ty.kind == LW_K_INT4 ? "-2147483648 AND 2147483647"
                                   : "-9223372036854775808 AND 9223372036854775807",
            col, col,
            ty.kind == LW_K_INT2   ? "int2"
            : ty.kind == LW_K_INT4 ? "int4"
                                   : "int8");
        return;
    case LW_K_NUMERIC:
        /* TEXT affinity keeps the decimal text exact; the declared name says NUMERIC and
         * the DECIMAL collation (decimal module) compares, sorts and groups the text as
         * numbers, also against numeric constants, which take the column's affinity. */
        if (ty.mod1 >= 0) {
            lw_outf(w, "NUMERIC_TEXT(%lld,%lld) COLLATE DECIMAL ", ty.mod1,
                    ty.mod2 >= 0 ? ty.mod2 : 0);
            lw_sqlbuf_appendf(norm, "%s\"%w\" = decimal(NEW.\"%w\", %lld, %lld)",
                              norm->len ? ", " : "", col, col, ty.mod1, ty.mod2 >= 0 ? ty.mod2 : 0);
        } else {
            lw_out(w, "NUMERIC_TEXT COLLATE DECIMAL ");
            lw_sqlbuf_appendf(norm, "%s\"%w\" = decimal(NEW.\"%w\")", norm->len ? ", " : "", col,
                              col);
        }
        return;
    case LW_K_FLOAT:
        lw_out(w, "DOUBLE PRECISION ");
        return;
    case LW_K_TEXT:
        lw_out(w, "TEXT ");
        return;
    case LW_K_VARCHAR:
        if (ty.mod1 >= 0)
            lw_outf(
                w,
                "VARCHAR(%lld) CHECK (pg_assign(\"%w\", 'varchar', %lld) IS NOT NULL OR \"%w\" IS "
                "NULL) ",
                ty.mod1, col, ty.mod1, col);
        else
            lw_out(w, "VARCHAR ");
        return;
    case LW_K_BPCHAR:
        lw_outf(
            w,
            "CHAR(%lld) CHECK (pg_assign(\"%w\", 'bpchar', %lld) IS NOT NULL OR \"%w\" IS NULL) ",
            ty.mod1, col, ty.mod1, col);
        return;
    case LW_K_BOOL:
        lw_outf(w, "BOOLEAN CHECK (pg_assign(\"%w\", 'bool') IS NOT NULL OR \"%w\" IS NULL) ", col,
                col);
        lw_sqlbuf_appendf(norm, "%s\"%w\" = pg_assign(NEW.\"%w\", 'bool')", norm->len ? ", " : "",
                          col, col);
        return;
    case LW_K_BYTEA:
        lw_outf(w, "BYTEA CHECK (pg_assign(\"%w\", 'bytea') IS NOT NULL OR \"%w\" IS NULL) ", col,
                col);
        lw_sqlbuf_appendf(norm, "%s\"%w\" = pg_assign(NEW.\"%w\", 'bytea')", norm->len ? ", " : "",
                          col, col);
        return;
    case LW_K_JSON:
    case LW_K_JSONB:
        lw_outf(w, "%s CHECK (pg_assign(\"%w\", 'json') IS NOT NULL OR \"%w\" IS NULL) ",
                ty.kind == LW_K_JSON ? "JSON" : "JSONB", col, col);
        return;
    case LW_K_UUID:
        lw_outf(w, "UUID CHECK (pg_assign(\"%w\", 'uuid') IS NOT NULL OR \"%w\" IS NULL) ", col,
                col);
        lw_sqlbuf_appendf(norm, "%s\"%w\" = pg_assign(NEW.\"%w\", 'uuid')", norm->len ? ", " : "",
                          col, col);
        return;
    case LW_K_DATE:
    case LW_K_TIMESTAMP:
    case LW_K_TIMESTAMPTZ: {
        const char *n = ty.kind == LW_K_DATE        ? "date"
                        : ty.kind == LW_K_TIMESTAMP ? "timestamp"
                                                    : "timestamptz";
        lw_outf(w, "%s CHECK (pg_assign(\"%w\", '%s') IS NOT NULL OR \"%w\" IS NULL) ",
                ty.kind == LW_K_DATE        ? "DATE"
                : ty.kind == LW_K_TIMESTAMP ? "TIMESTAMP"
                                            : "TIMESTAMPTZ",
                col, n, col);
        lw_sqlbuf_appendf(norm, "%s\"%w\" = pg_assign(NEW.\"%w\", '%s')", norm->len ? ", " : "",
                          col, col, n);
        return;
    }
    default:
        lw_refuse(w, "the column type %s", ty.name);
    }
}

/* Names of PostgreSQL's implicit constraints, so error messages can quote them. */
static void constraint_name(lw_sqlbuf *b, const char *table, const char *cols, const char *suffix)
{
    lw_sqlbuf_appendf(b, "%s_%s%s%s", table, cols, *cols ? "_" : "", suffix);
}

static int create_table(lw_walker *w, int temp)
{
    (void)temp;
    /* CREATE [TEMP] TABLE [IF NOT EXISTS] name ( elements ) */
    size_t start = lw_here(w);
    while (!lw_at_end(w) && !lw_word(w, "table"))
        lw_emit(w);
    lw_emit(w);
    if (lw_word(w, "if")) {
        lw_emit(w);
        lw_emit(w);
        lw_emit(w);
    }
    char *table = lw_tok_text(w, 0);
    if (!table)
        return lw_refuse(w, "CREATE TABLE without a name");
    char *bare = table;
    if (table[0] == '"') {
        size_t n = strlen(table);
        table[n - 1] = 0;
        bare = table + 1;
    }
    lw_emit_name(w);
    while (lw_type_at(w, 0, LW_TK_DOT)) {
        lw_emit(w);
        sqlite3_free(table);
        table = lw_tok_text(w, 0);
        bare = table ? table : "";
        lw_emit_name(w);
    }
    if (lw_word(w, "as") || lw_word(w, "partition") || lw_word(w, "of")) {
        if (!lw_word(w, "as"))
            lw_refuse(w, "CREATE TABLE ... PARTITION");
        lw_walk_until(w, 0);
        sqlite3_free(table);
        return w->rc;
    }
    if (!lw_type_at(w, 0, LW_TK_LPAREN)) {
        sqlite3_free(table);
        return lw_refuse(w, "this form of CREATE TABLE");
    }
    lw_emit(w);
    lw_sqlbuf norm = {0}, triggers = {0};
    int checks = 0;
    char **columns = NULL; /* the column names, for spellings SQLite cannot tell apart */
    int n_columns = 0;
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN)) {
        if (lw_word(w, "constraint") || lw_word(w, "primary") || lw_word(w, "unique") ||
            lw_word(w, "check") || lw_word(w, "foreign") || lw_word(w, "exclude") ||
            lw_word(w, "like")) {
            /* A table constraint. */
            if (lw_word(w, "exclude") || lw_word(w, "like")) {
                lw_refuse(w, "%s in CREATE TABLE", lw_word(w, "like") ? "LIKE" : "EXCLUDE");
                break;
            }
            if (lw_word(w, "check")) {
                lw_sqlbuf nm = {0};
                constraint_name(&nm, bare, "", checks++ ? "check1" : "check");
                lw_outf(w, "CONSTRAINT \"%w\" ", nm.s ? nm.s : "");
                lw_sqlbuf_free(&nm);
            }
            while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_COMMA) &&
                   !lw_type_at(w, 0, LW_TK_RPAREN)) {
                if (lw_type_at(w, 0, LW_TK_LPAREN)) {
                    lw_emit(w);
                    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN))
                        lw_parse_expr(w, 0), lw_type_at(w, 0, LW_TK_COMMA) ? lw_emit(w) : (void)0;
                    lw_emit(w);
                } else {
                    lw_emit(w);
                }
            }
        } else {
            /* A column: name type [constraints]. */
            char *col = lw_tok_text(w, 0);
            char *bcol = col;
            if (col && col[0] == '"') {
                col[strlen(col) - 1] = 0;
                bcol = col + 1;
            }
            int is_pk = lw_column_has_word(w, "primary");
            lw_emit_name(w);
            char **grown = sqlite3_realloc64(columns, (size_t)(n_columns + 1) * sizeof *columns);
            char *copy = grown ? sqlite3_mprintf("%s", bcol ? bcol : "") : NULL;
            if (grown)
                columns = grown;
            if (copy)
                columns[n_columns++] = copy;
            else
                w->t->out->oom = 1;
            int identity = lw_column_has_word(w, "identity");
            int named = 0; /* the next column constraint has a CONSTRAINT name */
            column_type(w, bare, bcol ? bcol : "", is_pk, &identity, &norm);
            while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_COMMA) &&
                   !lw_type_at(w, 0, LW_TK_RPAREN)) {
                if (lw_word(w, "primary") && lw_word_at(w, 1, "key")) {
                    lw_emit(w);
                    lw_emit(w);
                } else if (lw_word(w, "generated")) {
                    /* GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(options)] */
                    int always = lw_word_at(w, 1, "always");
                    size_t k = always ? 2 : 3;
                    if (!lw_word_at(w, k, "as") || !lw_word_at(w, k + 1, "identity")) {
                        lw_refuse(w, "generated columns");
                        break;
                    }
                    w->p += k + 2;
                    if (lw_type_at(w, 0, LW_TK_LPAREN)) {
                        lw_refuse(w, "identity sequence options");
                        break;
                    }
                    if (always)
                        lw_sqlbuf_appendf(&triggers,
                                          "CREATE TRIGGER \"_lw_identity_%w_%w\" BEFORE INSERT ON "
                                          "\"%w\" WHEN NEW.\"%w\" IS NOT "
                                          "pg_serial_last('%q_%q_seq') BEGIN SELECT "
                                          "RAISE(ABORT, 'PG-428C9: cannot insert a non-DEFAULT "
                                          "value into column \"%w\"'); END;",
                                          bare, bcol, bare, bcol, bare, bcol, bcol);
                } else if (lw_word(w, "default")) {
                    lw_skip(w);
                    lw_out(w, "DEFAULT (");
                    lw_parse_expr(w, BP_IS);
                    lw_out(w, ") ");
                } else if (lw_word(w, "references")) {
                    lw_emit(w);
                    lw_emit(w);
                    if (lw_type_at(w, 0, LW_TK_LPAREN)) {
                        lw_emit(w);
                        while (!lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN))
                            lw_emit(w);
                        lw_emit(w);
                    }
                } else if (lw_word(w, "check")) {
                    if (!named) {
                        lw_sqlbuf nm = {0};
                        constraint_name(&nm, bare, bcol ? bcol : "", "check");
                        lw_outf(w, "CONSTRAINT \"%w\" ", nm.s ? nm.s : "");
                        lw_sqlbuf_free(&nm);
                    }
                    lw_emit(w);
                    lw_parse_expr(w, 0);
                } else if (lw_word(w, "constraint")) {
                    lw_emit(w);
                    lw_emit(w);
                    named = 1;
                    continue;
                } else if (lw_word(w, "collate")) {
                    lw_emit(w);
                    if (lw_word(w, "c") || lw_word(w, "posix")) {
                        lw_skip(w);
                        lw_out(w, "BINARY ");
                    } else {
                        lw_emit(w);
                    }
                } else {
                    lw_emit(w);
                    continue;
                }
                named = 0;
            }
            sqlite3_free(col);
        }
        if (lw_type_at(w, 0, LW_TK_COMMA))
            lw_emit(w);
    }
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_emit(w);
    int twin_a, twin_b;
    if (!w->rc && lw_pg_case_twins(columns, n_columns, &twin_a, &twin_b))
        lw_refuse(w, "a table with columns \"%s\" and \"%s\" (names that differ only in case)",
                  columns[twin_a], columns[twin_b]);
    for (int i = 0; i < n_columns; i++)
        sqlite3_free(columns[i]);
    sqlite3_free(columns);
    if (lw_word(w, "inherits") || lw_word(w, "partition") || lw_word(w, "with") ||
        lw_word(w, "tablespace")) {
        lw_refuse(w, "CREATE TABLE ... %s",
                  lw_word(w, "inherits")    ? "INHERITS"
                  : lw_word(w, "partition") ? "PARTITION BY"
                  : lw_word(w, "with")      ? "WITH (...)"
                                            : "TABLESPACE");
    }
    if (!lw_at_end(w) && !w->rc)
        lw_walk_until(w, 0);
    if (!w->rc && (norm.len || triggers.len)) {
        /* Values PostgreSQL converts on the way in (booleans, NUMERIC scale, CHAR
         * padding, UUID and timestamp forms) are converted by triggers after the row is
         * written; the statement becomes one call that creates the table and them. */
        char *create = lw_take_from(w, start);
        lw_sqlbuf all = {0};
        lw_sqlbuf_appendf(&all, "%s;", create ? create : "");
        if (norm.len) {
            lw_sqlbuf_appendf(&all,
                              "CREATE TRIGGER \"_lw_norm_i_%w\" AFTER INSERT ON \"%w\" BEGIN "
                              "UPDATE \"%w\" SET %s WHERE rowid = NEW.rowid; END;",
                              bare, bare, bare, norm.s);
            lw_sqlbuf_appendf(&all,
                              "CREATE TRIGGER \"_lw_norm_u_%w\" AFTER UPDATE ON \"%w\" BEGIN "
                              "UPDATE \"%w\" SET %s WHERE rowid = NEW.rowid; END;",
                              bare, bare, bare, norm.s);
        }
        if (triggers.len)
            lw_sqlbuf_appends(&all, triggers.s);
        lw_outf(w, "SELECT 1 WHERE typeof(pg_exec(%Q)) = 'none'", all.s ? all.s : "");
        if (all.oom)
            w->t->out->oom = 1;
        sqlite3_free(create);
        lw_sqlbuf_free(&all);
    }
    lw_sqlbuf_free(&norm);
    lw_sqlbuf_free(&triggers);
    sqlite3_free(table);
    return w->rc;
}

/* CREATE SEQUENCE [IF NOT EXISTS] name [options] -> pg_create_sequence(...) */
static int create_sequence(lw_walker *w)
{
    int if_not_exists = 0;
    if (lw_word(w, "if")) {
        w->p += 3;
        if_not_exists = 1;
    }
    char *name = lw_tok_text(w, 0);
    lw_skip(w);
    long long start = 0, inc = 1, minv = 0, maxv = 0;
    int has_start = 0, has_min = 0, has_max = 0;
    while (!w->rc && !lw_at_end(w)) {
        int neg = 0;
        long long *target = NULL;
        int *flag = NULL;
        if (lw_word(w, "start")) {
            lw_skip(w);
            if (lw_word(w, "with"))
                lw_skip(w);
            target = &start;
            flag = &has_start;
        } else if (lw_word(w, "increment")) {
            lw_skip(w);
            if (lw_word(w, "by"))
                lw_skip(w);
            target = &inc;
        } else if (lw_word(w, "minvalue")) {
            lw_skip(w);
            target = &minv;
            flag = &has_min;
        } else if (lw_word(w, "maxvalue")) {
            lw_skip(w);
            target = &maxv;
            flag = &has_max;
        } else if (lw_word(w, "no") || lw_word(w, "cache") || lw_word(w, "as")) {
            lw_skip(w);
            if (lw_word(w, "minvalue") || lw_word(w, "maxvalue") || lw_word(w, "cycle") ||
                lw_word(w, "bigint") || lw_word(w, "integer") || lw_word(w, "smallint") ||
                lw_type_at(w, 0, LW_TK_NUMBER))
                lw_skip(w);
            continue;
        } else if (lw_word(w, "cycle") || lw_word(w, "owned")) {
            lw_refuse(w, "CREATE SEQUENCE ... %s", lw_word(w, "cycle") ? "CYCLE" : "OWNED BY");
            break;
        } else {
            lw_refuse(w, "this CREATE SEQUENCE option");
            break;
        }
        if (lw_op_at(w, 0, "-")) {
            neg = 1;
            lw_skip(w);
        }
        if (lw_read_int(w, target)) {
            lw_refuse(w, "this CREATE SEQUENCE value");
            break;
        }
        if (neg)
            *target = -*target;
        if (flag)
            *flag = 1;
    }
    char *lit = name ? sqlite3_mprintf("%Q", name) : NULL;
    lw_outf(w, "SELECT 1 WHERE typeof(pg_create_sequence(%s, ", lit ? lit : "NULL");
    sqlite3_free(lit);
    if (has_start)
        lw_outf(w, "%lld, ", start);
    else
        lw_out(w, "NULL, ");
    lw_outf(w, "%lld, ", inc);
    if (has_min)
        lw_outf(w, "%lld, ", minv);
    else
        lw_out(w, "NULL, ");
    if (has_max)
        lw_outf(w, "%lld, ", maxv);
    else
        lw_out(w, "NULL, ");
    lw_outf(w, "%d)) = 'none'", if_not_exists);
    w->consumed = 1;
    sqlite3_free(name);
    return w->rc;
}

/* ---- SET, SHOW, RESET ----------------------------------------------------------------- */

static int set_statement(lw_walker *w)
{
    lw_skip(w); /* SET */
    if (lw_word(w, "session") && !lw_word_at(w, 1, "characteristics"))
        lw_skip(w);
    if (lw_word(w, "local"))
        lw_skip(w);
    if (lw_word(w, "transaction"))
        /* The core runs the forms it knows (LW_KIND_SET_TXN): the rest would be ignored. */
        return lw_refuse(w, "this form of SET TRANSACTION");
    if (lw_word(w, "session")) {
        /* SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL ...: SQLite
         * transactions are serializable. */
        while (!lw_at_end(w)) {
            if (lw_word(w, "read") && lw_word_at(w, 1, "only"))
                return lw_refuse(w, "READ ONLY transactions");
            lw_skip(w);
        }
        lw_out(w, "SELECT 1 WHERE 0");
        w->consumed = 1;
        return w->rc;
    }
    char *name;
    if (lw_word(w, "time") && lw_word_at(w, 1, "zone")) {
        w->p += 2;
        name = sqlite3_mprintf("timezone");
    } else {
        name = lw_tok_text(w, 0);
        lw_skip(w);
        while (lw_type_at(w, 0, LW_TK_DOT) && name) {
            char *more = lw_tok_text(w, 1);
            char *joined = sqlite3_mprintf("%s.%s", name, more ? more : "");
            sqlite3_free(name);
            sqlite3_free(more);
            name = joined;
            w->p += 2;
        }
        if (lw_word(w, "to") || lw_op_at(w, 0, "="))
            lw_skip(w);
    }
    lw_sqlbuf value = {0};
    int is_default = 0;
    while (!w->rc && !lw_at_end(w)) {
        const lw_token *t = lw_tok(w, 0);
        if (t->type == LW_TK_COMMA) {
            lw_sqlbuf_appends(&value, ", ");
        } else if (t->type == LW_TK_STRING) {
            lw_sqlbuf v = {0};
            if (lw_string_value(w, 0, &v) == 0)
                lw_sqlbuf_append(&value, v.s ? v.s : "", v.len);
            lw_sqlbuf_free(&v);
        } else if (lw_word(w, "default") || lw_word(w, "local")) {
            is_default = 1;
        } else {
            lw_sqlbuf_append(&value, w->sql + t->offset, t->length);
        }
        lw_skip(w);
    }
    char *lit_name = sqlite3_mprintf("%Q", name ? name : "");
    char *lit_value = is_default ? NULL : sqlite3_mprintf("%Q", value.s ? value.s : "");
    lw_outf(w, "SELECT 1 WHERE typeof(pg_set_config(%s, %s)) = 'none'",
            lit_name ? lit_name : "NULL", lit_value ? lit_value : "NULL");
    w->consumed = 1;
    sqlite3_free(lit_name);
    sqlite3_free(lit_value);
    sqlite3_free(name);
    lw_sqlbuf_free(&value);
    return w->rc;
}

/* ---- Statement dispatch ----------------------------------------------------------------- */

int lw_walk_statement(lw_walker *w)
{
    if (lw_word(w, "create")) {
        size_t k = 1;
        while (lw_word_at(w, k, "temp") || lw_word_at(w, k, "temporary") ||
               lw_word_at(w, k, "unlogged") || lw_word_at(w, k, "or") ||
               lw_word_at(w, k, "replace") || lw_word_at(w, k, "unique"))
            k++;
        if (lw_word_at(w, k, "table")) {
            if (lw_word_at(w, 1, "unlogged"))
                w->p++; /* UNLOGGED changes durability, never answers */
            return create_table(w, lw_word_at(w, 1, "temp") || lw_word_at(w, 1, "temporary"));
        }
        if (lw_word_at(w, k, "sequence")) {
            w->p += k + 1;
            return create_sequence(w);
        }
        if (lw_word_at(w, k, "extension")) {
            w->p += k + 1;
            if (lw_word(w, "if"))
                w->p += 3;
            const lw_token *t = lw_tok(w, 0);
            static const char *const known[] = {"pgcrypto", "uuid-ossp", "\"uuid-ossp\"", "plpgsql",
                                                "citext"};
            for (size_t i = 0; t && i < sizeof known / sizeof known[0]; i++)
                if (t->length == strlen(known[i]) &&
                    strncasecmp(w->sql + t->offset, known[i], t->length) == 0) {
                    lw_out(w, "SELECT 1 WHERE 0");
                    w->consumed = 1;
                    return 0;
                }
            return lw_refuse(w, "the extension %.*s", t ? (int)t->length : 0,
                             t ? lw_spelled(w, t) : "");
        }
        if (lw_word_at(w, k, "index")) {
            /* CONCURRENTLY and USING btree change nothing SQLite would answer. */
            while (!w->rc && !lw_at_end(w)) {
                if (lw_word(w, "concurrently")) {
                    lw_skip(w);
                } else if (lw_word(w, "using")) {
                    if (!lw_word_at(w, 1, "btree"))
                        return lw_refuse(w, "index methods other than btree");
                    w->p += 2;
                } else if (lw_word(w, "include")) {
                    return lw_refuse(w, "INCLUDE in CREATE INDEX");
                } else if (lw_word(w, "where")) {
                    lw_emit(w);
                    lw_parse_expr(w, 0);
                } else if (lw_type_at(w, 0, LW_TK_LPAREN)) {
                    lw_emit(w);
                    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN)) {
                        lw_parse_expr(w, 0);
                        if (lw_word(w, "asc") || lw_word(w, "desc"))
                            lw_emit(w);
                        if (lw_word(w, "nulls"))
                            return lw_refuse(w, "NULLS FIRST/LAST in an index");
                        if (lw_type_at(w, 0, LW_TK_COMMA))
                            lw_emit(w);
                        else
                            break;
                    }
                    lw_emit(w);
                } else {
                    lw_emit(w);
                }
            }
            return w->rc;
        }
        if (lw_word_at(w, k, "view")) {
            lw_walk_until(w, 0);
            return w->rc;
        }
        const lw_token *t = lw_tok(w, k);
        return lw_refuse(w, "CREATE %.*s", t ? (int)t->length : 0, t ? lw_spelled(w, t) : "");
    }
    if (lw_word(w, "drop")) {
        if (lw_word_at(w, 1, "sequence")) {
            w->p += 2;
            int if_exists = 0;
            if (lw_word(w, "if")) {
                w->p += 2;
                if_exists = 1;
            }
            char *name = lw_tok_text(w, 0);
            char *lit = sqlite3_mprintf("%Q", name ? name : "");
            lw_outf(w, "SELECT 1 WHERE typeof(pg_drop_sequence(%s, %d)) = 'none'",
                    lit ? lit : "NULL", if_exists);
            w->consumed = 1;
            sqlite3_free(lit);
            sqlite3_free(name);
            lw_skip(w);
            if (lw_type_at(w, 0, LW_TK_COMMA))
                return lw_refuse(w, "dropping several sequences in one statement");
            return w->rc;
        }
        if (lw_word_at(w, 1, "extension")) {
            lw_out(w, "SELECT 1 WHERE 0");
            w->consumed = 1;
            return 0;
        }
        for (size_t k = 0; w->p + k < w->n; k++) {
            if (lw_word_at(w, k, "cascade"))
                return lw_refuse(w, "DROP ... CASCADE");
            if (lw_type_at(w, k, LW_TK_COMMA))
                return lw_refuse(w, "dropping several objects in one statement");
        }
        while (!lw_at_end(w)) {
            if (lw_word(w, "restrict"))
                lw_skip(w);
            else
                lw_emit(w);
        }
        return 0;
    }
    if (lw_word(w, "alter")) {
        if (!lw_word_at(w, 1, "table")) {
            const lw_token *what = lw_tok(w, 1);
            return lw_refuse(w, "ALTER %.*s", what ? (int)what->length : 0,
                             what ? lw_spelled(w, what) : "");
        }
        lw_emit(w);
        lw_emit(w);
        while (!w->rc && !lw_at_end(w)) {
            if (lw_word(w, "add") && !lw_word_at(w, 1, "constraint") &&
                !lw_word_at(w, 1, "primary") && !lw_word_at(w, 1, "unique") &&
                !lw_word_at(w, 1, "check") && !lw_word_at(w, 1, "foreign")) {
                lw_emit(w);
                lw_accept_word(w, "column");
                char *col = lw_tok_text(w, 0);
                lw_emit_name(w);
                lw_sqlbuf norm = {0};
                int identity = 0;
                column_type(w, "", col ? col : "", 0, &identity, &norm);
                if (norm.len)
                    lw_refuse(w, "ALTER TABLE ADD COLUMN of this type");
                lw_sqlbuf_free(&norm);
                sqlite3_free(col);
                while (!w->rc && !lw_at_end(w)) {
                    if (lw_word(w, "default")) {
                        lw_emit(w);
                        lw_parse_expr(w, BP_IS);
                    } else {
                        lw_emit(w);
                    }
                }
            } else if (lw_word(w, "alter") || lw_word(w, "add") || lw_word(w, "owner")) {
                return lw_refuse(w, "this ALTER TABLE action");
            } else {
                lw_emit(w);
            }
        }
        return w->rc;
    }
    if (lw_word(w, "truncate")) {
        lw_skip(w);
        lw_accept_word(w, "table");
        w->t->out->len = 0;
        lw_sqlbuf tables = {0};
        int restart = 0;
        while (!w->rc && !lw_at_end(w)) {
            if (lw_word(w, "restart") && lw_word_at(w, 1, "identity")) {
                restart = 1;
                w->p += 2;
            } else if (lw_word(w, "continue") && lw_word_at(w, 1, "identity")) {
                w->p += 2;
            } else if (lw_word(w, "cascade")) {
                lw_sqlbuf_free(&tables);
                return lw_refuse(w, "TRUNCATE ... CASCADE");
            } else if (lw_word(w, "restrict") || lw_word(w, "only") ||
                       lw_type_at(w, 0, LW_TK_COMMA)) {
                lw_skip(w);
            } else {
                char *name = lw_tok_text(w, 0);
                char *lit = sqlite3_mprintf("%Q", name ? name : "");
                lw_sqlbuf_appendf(&tables, ", %s", lit ? lit : "''");
                sqlite3_free(lit);
                sqlite3_free(name);
                lw_skip(w);
            }
        }
        if (w->t->out->s)
            w->t->out->s[0] = 0;
        lw_outf(w, "SELECT 1 WHERE typeof(pg_truncate(%d%s)) = 'none'", restart,
                tables.s ? tables.s : "");
        w->consumed = 1;
        lw_sqlbuf_free(&tables);
        return w->rc;
    }
    if (lw_word(w, "set")) {
        if (lw_word_at(w, 1, "constraints"))
            return lw_refuse(w, "SET CONSTRAINTS");
        return set_statement(w);
    }
    if (lw_word(w, "reset")) {
        char *name = lw_word_at(w, 1, "all") ? NULL : lw_tok_text(w, 1);
        if (!name)
            return lw_refuse(w, "RESET ALL");
        char *lit = sqlite3_mprintf("%Q", name);
        lw_outf(w, "SELECT 1 WHERE typeof(pg_set_config(%s, NULL)) = 'none'", lit ? lit : "NULL");
        w->consumed = 1;
        sqlite3_free(lit);
        sqlite3_free(name);
        return 0;
    }
    if (lw_word(w, "show")) {
        if (lw_word_at(w, 1, "all"))
            return lw_refuse(w, "SHOW ALL");
        char *name = (lw_word_at(w, 1, "time") && lw_word_at(w, 2, "zone"))
                         ? sqlite3_mprintf("timezone")
                         : lw_tok_text(w, 1);
        char *lit = sqlite3_mprintf("%Q", name ? name : "");
        lw_outf(w, "SELECT current_setting(%s)", lit ? lit : "NULL");
        w->consumed = 1;
        sqlite3_free(lit);
        sqlite3_free(name);
        return 0;
    }
    if (lw_word(w, "delete") && lw_word_at(w, 1, "from")) {
        /* DELETE FROM t [AS a] USING ... WHERE c -> DELETE FROM t AS a WHERE EXISTS
         * (SELECT 1 FROM ... WHERE c) */
        size_t k = 2;
        while (lw_type_at(w, k + 1, LW_TK_DOT))
            k += 2;
        size_t after = k + 1;
        if (lw_word_at(w, after, "as"))
            after++;
        size_t alias = after;
        if ((lw_type_at(w, alias, LW_TK_WORD) && !lw_is_clause_word(w, alias)) ||
            lw_type_at(w, alias, LW_TK_QIDENT))
            after++;
        else
            alias = 0;
        if (lw_word_at(w, after, "using")) {
            lw_out(w, "DELETE FROM ");
            w->p += 2;
            while (w->p < w->n && !lw_word(w, "as") && !lw_word(w, "using") &&
                   !(alias && w->p == alias))
                lw_emit(w);
            if (lw_word(w, "as"))
                lw_skip(w);
            if (alias) {
                lw_out(w, "AS ");
                lw_emit(w);
            }
            lw_skip(w); /* USING */
            lw_out(w, "WHERE EXISTS (SELECT 1 FROM ");
            while (!w->rc && !lw_at_end(w) && !lw_word(w, "where") && !lw_word(w, "returning")) {
                if (lw_type_at(w, 0, LW_TK_LPAREN) && lw_starts_query(w, 1))
                    lw_subquery(w);
                else
                    lw_emit(w);
            }
            if (lw_accept_word(w, "where"))
                lw_parse_expr(w, 0);
            lw_out(w, ") ");
            lw_walk_until(w, 0);
            return w->rc;
        }
    }
    if (lw_word(w, "savepoint") || lw_word(w, "release") ||
        (lw_word(w, "rollback") && (lw_word_at(w, 1, "to") || lw_word_at(w, 1, "transaction")))) {
        while (!lw_at_end(w)) {
            if (lw_word(w, "work") || lw_word(w, "transaction"))
                lw_skip(w);
            else
                lw_emit(w);
        }
        return 0;
    }
    if (lw_word(w, "listen") || lw_word(w, "notify") || lw_word(w, "unlisten") ||
        lw_word(w, "lock") || lw_word(w, "copy") || lw_word(w, "do") || lw_word(w, "prepare") ||
        lw_word(w, "execute") || lw_word(w, "deallocate") || lw_word(w, "grant") ||
        lw_word(w, "revoke") || lw_word(w, "comment") || lw_word(w, "explain") ||
        lw_word(w, "discard") || lw_word(w, "cluster") || lw_word(w, "reindex") ||
        lw_word(w, "refresh") || lw_word(w, "call") || lw_word(w, "declare") ||
        lw_word(w, "fetch") || lw_word(w, "move") || lw_word(w, "close") ||
        lw_word(w, "checkpoint") || lw_word(w, "security")) {
        const lw_token *t = lw_tok(w, 0);
        return lw_refuse(w, "%.*s", (int)t->length, lw_spelled(w, t));
    }
    lw_walk_until(w, 0);
    return w->rc;
}

/* ---- The rules --------------------------------------------------------------------------- */

/* Words that end an expression: clause keywords the walker owns. */
static const char *const pg_clause_words[] = {
    "from",      "where",     "group",     "having",     "order",     "limit",     "offset",
    "fetch",     "union",     "intersect", "except",     "returning", "into",      "values",
    "set",       "on",        "using",     "join",       "inner",     "left",      "right",
    "full",      "cross",     "natural",   "as",         "then",      "else",      "end",
    "when",      "and",       "or",        "asc",        "desc",      "nulls",     "window",
    "select",    "do",        "for",       "with",       "over",      "filter",    "escape",
    "is",        "not",       "between",   "in",         "like",      "ilike",     "similar",
    "collate",   "default",   "primary",   "references", "check",     "unique",    "constraint",
    "rows",      "row",       "only",      "first",      "next",      "outer",     "lateral",
    "ignore",    "partition", "range",     "groups",     "preceding", "following", "current",
    "unbounded", "exclude",   "isnull",    "notnull",    "conflict",  "nothing",   "update",
    "delete",    "insert",    "to",        "by",         "all",       "distinct",  "generated",
    "window",    NULL,
};

static const lw_dialect_texts pg_texts = {
    .not_supported = "%s is not supported by the postgresql dialect",
    .too_deep = {"54001", 1436, "stack depth limit exceeded"},
    .no_operator = {"42883", 1305, "operator does not exist: %s%s%s %s"},
    .syntax_near = {"42601", 1064, "syntax error at or near \"%.*s\""},
};

/* After the walk: the boolean result columns marked for psql's t/f, then the
 * identifier-case check against the schema (identifiers.h). */
static int pg_finish(lw_walker *w)
{
    lw_translation *t = w->t;
    if (w->bool_cols) {
        char mark[48];
        snprintf(mark, sizeof mark, "/*pg:b=%llx*/ ", (unsigned long long)w->bool_cols);
        lw_insert_at(w, 0, mark);
        if (t->out->oom)
            return LW_ENOMEM;
    }
    pg_state *s = t->state;
    if (!s)
        return 0;
    return lw_pg_check_identifiers(s->db, &s->names, t->out->s ? t->out->s : "",
                                   lw_has_quoted_upper(t), t->err);
}

static const lw_dialect_rules pg_rules = {
    .name = "postgresql",
    .fold = LW_FOLD_LOWER,
    .texts = &pg_texts,
    .escapes = &lw_pg_escapes,
    .adjacent_strings = LW_ADJACENT_NEWLINE,
    .numbers = &pg_numbers,
    .operators = pg_operators,
    .other_operator_bp = BP_OTHER,
    .prefix_operators = pg_prefix_operators,
    .not_bp = BP_NOT,
    .unary_bp = BP_UNARY,
    .keywords = pg_keywords,
    .clause_words = pg_clause_words,
    .functions = pg_functions,
    .ordered_aggregate = pg_ordered_aggregate,
    .type_names = pg_type_names,
    .kinds = pg_kinds,
    .declared = pg_declared,
    .cast_function = "pg_cast",
    .arith = pg_arith,
    .nonzero_function = "pg_nonzero",
    .nulls_sort_high = 1,
    .finish = pg_finish,
};

static int pg_translate(lw_translation *t)
{
    pg_state *s = t->state;
    return lw_walk_translate(t, &pg_rules, s ? &s->schema : NULL);
}

/* ---- Connection hooks ----------------------------------------------------------------- */

static int pg_open(sqlite3 *db, void **state, lw_dialect_error *err)
{
    char *msg = NULL;
    pg_state *s = sqlite3_malloc64(sizeof *s);
    if (!s) {
        lw_dialect_error_set(err, "53200", 1037, "out of memory");
        return LW_ENOMEM;
    }
    memset(s, 0, sizeof *s);
    s->db = db;
    s->schema.db = db;
    int rc = lw_pg_func_register(db, &s->funcs, &msg);
    /* Double-quoted text is always an identifier, never a string, as in PostgreSQL. */
    if (rc == SQLITE_OK)
        rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)0);
    if (rc == SQLITE_OK)
        rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)0);
    /* LIKE compares case-sensitively in PostgreSQL. */
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "PRAGMA case_sensitive_like = ON", NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        lw_dialect_error_set(err, "58000", 1105, "postgresql dialect: %s",
                             msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        lw_pg_funcs_release(s->funcs);
        sqlite3_free(s);
        return LW_ESQL;
    }
    *state = s;
    return 0;
}

static void pg_close(void *state)
{
    pg_state *s = state;
    if (s) {
        lw_schema_close(&s->schema);
        lw_pg_funcs_release(s->funcs);
        lw_pg_names_free(s->names);
    }
    sqlite3_free(s);
}

/* ---- Results as psql prints them ------------------------------------------------------ */

static int decl_is(const char *decl, const char *prefix)
{
    return decl && strncasecmp(decl, prefix, strlen(prefix)) == 0;
}

/* Bit col of the boolean mark the translation left at the start of the statement. */
static int marked_bool(sqlite3_stmt *stmt, int col)
{
    const char *sql = sqlite3_sql(stmt);
    if (!sql || strncmp(sql, "/*pg:b=", 7) != 0 || col >= 64)
        return 0;
    unsigned long long mask = strtoull(sql + 7, NULL, 16);
    return (int)((mask >> col) & 1);
}

static int pg_format_value(void *state, sqlite3_stmt *stmt, int col, lw_sqlbuf *b)
{
    (void)state;
    int type = sqlite3_column_type(stmt, col);
    if (type == SQLITE_NULL)
        return 0;
    const char *decl = sqlite3_column_decltype(stmt, col);
    if (type == SQLITE_INTEGER && (decl_is(decl, "bool") || marked_bool(stmt, col))) {
        lw_sqlbuf_appends(b, sqlite3_column_int64(stmt, col) ? "t" : "f");
        return 1;
    }
    if (type == SQLITE_FLOAT) {
        /* float8 output: the shortest text that reads back the same value. */
        double d = sqlite3_column_double(stmt, col);
        char buf[40];
        if (d != d) {
            lw_sqlbuf_appends(b, "NaN");
            return 1;
        }
        if (d > 1.7976931348623157e308 || d < -1.7976931348623157e308) {
            lw_sqlbuf_appends(b, d > 0 ? "Infinity" : "-Infinity");
            return 1;
        }
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(buf, sizeof buf, "%.*g", prec, d);
            if (strtod(buf, NULL) == d)
                break;
        }
        /* psql prints 1e+20 as 1e+20 and 1024 as 1024, as %g does. */
        lw_sqlbuf_appends(b, buf);
        return 1;
    }
    if (type == SQLITE_BLOB) {
        const unsigned char *p = sqlite3_column_blob(stmt, col);
        int n = sqlite3_column_bytes(stmt, col);
        lw_sqlbuf_appends(b, "\\x");
        for (int i = 0; i < n; i++)
            lw_sqlbuf_appendf(b, "%02x", p[i]);
        return 1;
    }
    if (type == SQLITE_TEXT && decl_is(decl, "char(")) {
        /* character(n) is blank-padded on output; stored unpadded so that comparisons
         * ignore trailing blanks as PostgreSQL's do. */
        const char *s = (const char *)sqlite3_column_text(stmt, col);
        size_t n = (size_t)sqlite3_column_bytes(stmt, col);
        long long width = atoll(decl + 5);
        int64_t have = lw_pg_char_length(s, n);
        lw_sqlbuf_append(b, s, n);
        for (int64_t k = have; k < width; k++)
            lw_sqlbuf_append(b, " ", 1);
        return 1;
    }
    if (type == SQLITE_TEXT && decl_is(decl, "jsonb")) {
        const char *s = (const char *)sqlite3_column_text(stmt, col);
        size_t n = (size_t)sqlite3_column_bytes(stmt, col), out_n;
        const char *error;
        char *norm = lw_pg_jsonb_normalize(s, n, &out_n, &error);
        if (!norm)
            return 0;
        lw_sqlbuf_append(b, norm, out_n);
        sqlite3_free(norm);
        return 1;
    }
    return 0;
}

/* ---- Errors in PostgreSQL's words --------------------------------------------------------- */

/* Runs a one-column query with ?1 = arg and returns the text of its first row
 * (sqlite3_free), or NULL. */
static char *query_text(sqlite3 *db, const char *sql, const char *arg)
{
    sqlite3_stmt *stmt = NULL;
    char *result = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, arg, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
            result = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return result;
}

/* The table an INSERT, UPDATE or DELETE of our own translation writes. */
static void written_table(const char *sql, char *out, size_t cap)
{
    out[0] = 0;
    if (!sql)
        return;
    if (!strncmp(sql, "/*pg:b=", 7) && strstr(sql, "*/"))
        sql = strstr(sql, "*/") + 3;
    const char *after = NULL;
    if (!strncasecmp(sql, "INSERT INTO ", 12))
        after = sql + 12;
    else if (!strncasecmp(sql, "UPDATE ", 7))
        after = sql + 7;
    else if (!strncasecmp(sql, "DELETE FROM ", 12))
        after = sql + 12;
    if (!after)
        return;
    size_t n = strcspn(after, " (");
    if (n < cap) {
        memcpy(out, after, n);
        out[n] = 0;
    }
}

/* The PostgreSQL name of the unique constraint over "t.a, t.b" (SQLite's wording). */
static char *unique_name(pg_state *s, const char *cols)
{
    char table[128] = {0};
    const char *dot = strchr(cols, '.');
    if (!dot || (size_t)(dot - cols) >= sizeof table)
        return NULL;
    memcpy(table, cols, (size_t)(dot - cols));
    /* Column list "a_b" from "t.a, t.b". */
    lw_sqlbuf names = {0}, list = {0};
    for (const char *p = cols; *p;) {
        const char *d = strchr(p, '.');
        if (!d)
            break;
        const char *e = strstr(d, ", ");
        size_t n = e ? (size_t)(e - d - 1) : strlen(d + 1);
        lw_sqlbuf_appendf(&names, "%s%.*s", names.len ? "_" : "", (int)n, d + 1);
        lw_sqlbuf_appendf(&list, "%s%.*s", list.len ? "," : "", (int)n, d + 1);
        p = e ? e + 2 : d + 1 + n;
    }
    char *result = NULL;
    /* An index made by CREATE UNIQUE INDEX keeps its own name. */
    sqlite3_stmt *stmt = NULL;
    char *sql = sqlite3_mprintf(
        "SELECT il.name, il.origin FROM pragma_index_list(?1) il WHERE il.\"unique\" AND "
        "(SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(il.name) "
        "ORDER BY seqno)) = %Q",
        list.s ? list.s : "");
    if (sql && sqlite3_prepare_v2(s->db, sql, -1, &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW) {
            const char *origin = (const char *)sqlite3_column_text(stmt, 1);
            if (origin && !strcmp(origin, "c"))
                result = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 0));
            else if (origin && !strcmp(origin, "pk"))
                result = sqlite3_mprintf("%s_pkey", table);
        }
    }
    sqlite3_finalize(stmt);
    sqlite3_free(sql);
    if (!result) {
        /* An INTEGER PRIMARY KEY has no index: pragma_table_info says it is the key. */
        char *pk = query_text(s->db,
                              "SELECT group_concat(name, ',') FROM (SELECT name FROM "
                              "pragma_table_info(?1) WHERE pk > 0 ORDER BY pk)",
                              table);
        if (pk && list.s && !strcmp(pk, list.s))
            result = sqlite3_mprintf("%s_pkey", table);
        else
            result = sqlite3_mprintf("%s_%s_key", table, names.s ? names.s : "");
        sqlite3_free(pk);
    }
    lw_sqlbuf_free(&names);
    lw_sqlbuf_free(&list);
    return result;
}

/*
 * The command PostgreSQL names when a read-only transaction refuses a write ("cannot
 * execute INSERT in a read-only transaction"), read from our own translation sql: its
 * first words (CREATE INDEX, DROP TABLE...), or the dialect function that writes for
 * it (CREATE TABLE with conversions runs through pg_exec, TRUNCATE through
 * pg_truncate, sequences through their functions).
 */
static void readonly_command(const char *sql, char *out, size_t cap)
{
    static const struct {
        const char *call, *command;
    } calls[] = {
        {"pg_exec(", "CREATE TABLE"},
        {"pg_truncate(", "TRUNCATE TABLE"},
        {"pg_create_sequence(", "CREATE SEQUENCE"},
        {"pg_drop_sequence(", "DROP SEQUENCE"},
        {"nextval(", "nextval()"},
        {"setval(", "setval()"},
    };
    snprintf(out, cap, "statement");
    if (!sql)
        return;
    if (!strncmp(sql, "/*pg:b=", 7) && strstr(sql, "*/"))
        sql = strstr(sql, "*/") + 3;
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
        if (strstr(sql, calls[i].call)) {
            snprintf(out, cap, "%s", calls[i].command);
            return;
        }
    size_t n = strspn(sql, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    int two = (n == 6 && (!strncasecmp(sql, "CREATE", 6))) ||
              (n == 4 && !strncasecmp(sql, "DROP", 4)) || (n == 5 && !strncasecmp(sql, "ALTER", 5));
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++)
        out[k++] = (char)(sql[i] >= 'a' && sql[i] <= 'z' ? sql[i] - 'a' + 'A' : sql[i]);
    const char *next = sql + n;
    while (two && *next == ' ')
        next++;
    /* CREATE UNIQUE INDEX and CREATE TEMP TABLE are CREATE INDEX and CREATE TABLE. */
    while (two && (!strncasecmp(next, "UNIQUE ", 7) || !strncasecmp(next, "TEMP ", 5) ||
                   !strncasecmp(next, "TEMPORARY ", 10))) {
        next += strcspn(next, " ");
        while (*next == ' ')
            next++;
    }
    size_t m = two ? strspn(next, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") : 0;
    if (m && k + 1 < cap)
        out[k++] = ' ';
    for (size_t i = 0; i < m && k + 1 < cap; i++)
        out[k++] = (char)(next[i] >= 'a' && next[i] <= 'z' ? next[i] - 'a' + 'A' : next[i]);
    out[k] = 0;
    if (!k)
        snprintf(out, cap, "statement");
}

static void pg_map_error(void *state, int code, const char *msg, lw_dialect_error *err)
{
    pg_state *s = state;
    char sqlstate[6];
    const char *bare;
    if (s && !sqlite3_get_autocommit(s->db))
        s->aborted = 1;
    if (!msg)
        return;
    if ((bare = lw_pg_split_error(msg, sqlstate)) != NULL) {
        lw_dialect_error_set(err, sqlstate, err->mysql_errno, "%s", bare);
        return;
    }
    /* Messages of modules that the dialect turns into PostgreSQL's. */
    if (strstr(msg, "numeric field overflow")) {
        lw_dialect_error_set(err, "22003", 1264, "numeric field overflow");
        return;
    }
    if (strstr(msg, "invalid decimal value")) {
        lw_dialect_error_set(err, "22P02", 1366, "invalid input syntax for type numeric");
        return;
    }
    if (strstr(msg, "invalid regular expression")) {
        const char *why = strstr(msg, "invalid regular expression");
        lw_dialect_error_set(err, "2201B", 1139, "%s", why);
        return;
    }
    if (strstr(msg, "division by zero")) {
        lw_dialect_error_set(err, "22012", 1365, "division by zero");
        return;
    }
    int primary = code & 0xff;
    if (!strncmp(msg, "UNIQUE constraint failed: ", 26) ||
        !strncmp(msg, "PRIMARY KEY constraint failed: ", 31)) {
        char *name = unique_name(s, strchr(msg, ':') + 2);
        lw_dialect_error_set(err, "23505", 1062,
                             "duplicate key value violates unique constraint \"%s\"",
                             name ? name : "?");
        sqlite3_free(name);
        return;
    }
    if (!strncmp(msg, "NOT NULL constraint failed: ", 28)) {
        const char *tc = msg + 28, *dot = strchr(tc, '.');
        if (dot)
            lw_dialect_error_set(err, "23502", 1048,
                                 "null value in column \"%s\" of relation \"%.*s\" violates "
                                 "not-null constraint",
                                 dot + 1, (int)(dot - tc), tc);
        return;
    }
    if (!strncmp(msg, "CHECK constraint failed: ", 25)) {
        const char *name = msg + 25;
        char *table = query_text(s->db,
                                 "SELECT name FROM sqlite_schema WHERE type = 'table' AND "
                                 "instr(sql, '\"' || ?1 || '\"') OR instr(sql, 'CONSTRAINT ' "
                                 "|| ?1 || ' ') LIMIT 1",
                                 name);
        lw_dialect_error_set(err, "23514", 3819,
                             "new row for relation \"%s\" violates check constraint \"%s\"",
                             table ? table : "?", name);
        sqlite3_free(table);
        return;
    }
    if (!strncmp(msg, "FOREIGN KEY constraint failed", 29)) {
        char target[128];
        written_table(s->last_sql, target, sizeof target);
        if (target[0]) {
            char *fk = query_text(s->db,
                                  "SELECT group_concat(\"from\", '_') FROM "
                                  "pragma_foreign_key_list(?1)",
                                  target);
            if (fk && !strchr(fk, '_'))
                lw_dialect_error_set(err, "23503", 1452,
                                     "insert or update on table \"%s\" violates foreign key "
                                     "constraint \"%s_%s_fkey\"",
                                     target, target, fk);
            else if (fk)
                lw_dialect_error_set(err, "23503", 1452,
                                     "insert or update on table \"%s\" violates foreign key "
                                     "constraint \"%s_%s_fkey\"",
                                     target, target, fk);
            else
                lw_dialect_error_set(err, "23503", 1451,
                                     "update or delete on table \"%s\" violates a foreign key "
                                     "constraint",
                                     target);
            sqlite3_free(fk);
        }
        return;
    }
    if (!strncmp(msg, "no such table: ", 15)) {
        const char *name = msg + 15, *dot = strchr(name, '.');
        lw_dialect_error_set(err, "42P01", 1146, "relation \"%s\" does not exist",
                             dot && !strncmp(name, "main.", 5) ? dot + 1 : name);
        return;
    }
    if (!strncmp(msg, "no such column: ", 16)) {
        lw_dialect_error_set(err, "42703", 1054, "column \"%s\" does not exist", msg + 16);
        return;
    }
    if (!strncmp(msg, "no such function: ", 18)) {
        lw_dialect_error_set(err, "42883", 1305, "function %s does not exist", msg + 18);
        return;
    }
    if (!strncmp(msg, "table ", 6) && strstr(msg, " already exists")) {
        const char *name = msg + 6;
        const char *end = strstr(name, " already exists");
        lw_dialect_error_set(err, "42P07", 1050, "relation %.*s already exists", (int)(end - name),
                             name);
        if (name[0] != '"') {
            lw_dialect_error_set(err, "42P07", 1050, "relation \"%.*s\" already exists",
                                 (int)(end - name), name);
        }
        return;
    }
    if (!strncmp(msg, "duplicate column name: ", 23)) {
        lw_dialect_error_set(err, "42701", 1060, "column \"%s\" specified more than once",
                             msg + 23);
        return;
    }
    if (!strncmp(msg, "near \"", 6) && strstr(msg, "\": syntax error")) {
        const char *end = strstr(msg, "\": syntax error");
        lw_dialect_error_set(err, "42601", 1064, "syntax error at or near \"%.*s\"",
                             (int)(end - msg - 6), msg + 6);
        return;
    }
    if (!strcmp(msg, "incomplete input")) {
        lw_dialect_error_set(err, "42601", 1064, "syntax error at end of input");
        return;
    }
    if (!strncmp(msg, "no such savepoint: ", 19)) {
        lw_dialect_error_set(err, "3B001", 1305, "savepoint \"%s\" does not exist", msg + 19);
        return;
    }
    if (primary == SQLITE_READONLY || strstr(msg, "attempt to write a readonly database")) {
        char command[32];
        readonly_command(s ? s->last_sql : NULL, command, sizeof command);
        lw_dialect_error_set(err, "25006", 1792, "cannot execute %s in a read-only transaction",
                             command);
        return;
    }
}

/* ---- Transactions: PostgreSQL's failed-transaction state ---------------------------------- */

static int pg_before_statement(void *state, const lw_stmt_desc *desc, const char *sql,
                               lw_dialect_error *err)
{
    pg_state *s = state;
    int in_txn = !sqlite3_get_autocommit(s->db);
    if (!in_txn)
        s->aborted = 0;
    /* Kept for the foreign-key message, which names the written table: the text is
     * the cached statement's and outlives its execution. */
    s->last_sql = sql;
    if (desc->kind != LW_KIND_PLAIN)
        lw_pg_funcs_txn_reset(s->funcs); /* now() is per transaction */
    switch (desc->kind) {
    case LW_KIND_BEGIN:
        if (s->aborted)
            break;
        /* PostgreSQL warns about BEGIN inside a transaction and carries on. */
        return in_txn ? LW_RUN_SKIP : LW_RUN_GO;
    case LW_KIND_COMMIT:
        if (!in_txn)
            return LW_RUN_SKIP;
        if (s->aborted) {
            s->aborted = 0;
            return LW_RUN_AS_ROLLBACK;
        }
        return LW_RUN_GO;
    case LW_KIND_ROLLBACK:
        s->aborted = 0;
        return in_txn ? LW_RUN_GO : LW_RUN_SKIP;
    case LW_KIND_SET_TXN:
        if (s->aborted)
            break;
        /* Outside a transaction PostgreSQL only warns, and nothing changes. */
        return in_txn ? LW_RUN_GO : LW_RUN_SKIP;
    default:
        if (!in_txn && desc->savepoint != LW_SAVEPOINT_NONE) {
            const char *what_sql = desc->savepoint == LW_SAVEPOINT_OPEN ? "SAVEPOINT"
                                   : desc->savepoint == LW_SAVEPOINT_RELEASE
                                       ? "RELEASE SAVEPOINT"
                                       : "ROLLBACK TO SAVEPOINT";
            lw_dialect_error_set(err, "25P01", 1399, "%s can only be used in transaction blocks",
                                 what_sql);
            return LW_ESTATE;
        }
        if (!s->aborted)
            return LW_RUN_GO;
        if (desc->savepoint == LW_SAVEPOINT_ROLLBACK_TO) {
            s->aborted = 0;
            return LW_RUN_GO;
        }
        break;
    }
    lw_dialect_error_set(err, "25P02", 1399,
                         "current transaction is aborted, commands ignored until end of "
                         "transaction block");
    return LW_ESTATE;
}

const lw_dialect lw_dialect_postgresql = {
    .name = "postgresql",
    .lex_flags = LW_LEX_NESTED_COMMENTS | LW_LEX_NO_BRACKET_IDENT,
    .on_open = pg_open,
    .on_close = pg_close,
    .translate = pg_translate,
    .format_value = pg_format_value,
    .map_error = pg_map_error,
    .before_statement = pg_before_statement,
    .set_transaction = 1,
};
