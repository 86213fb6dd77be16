/*
 * The postgresql dialect: SQL written for PostgreSQL 15, run on SQLite with
 * PostgreSQL's answers, SQLSTATEs and messages (DESIGN.md 4.4; docs/postgresql.md has
 * the coverage table).
 *
 * Design. The shared rewriter (dialect/walker.h) walks each statement's tokens,
 * parses its expressions by precedence climbing and writes SQLite SQL as it goes;
 * this dialect is the tables it reads (rules.h) and the hooks where a table cannot
 * say it. What SQLite cannot honour is refused with SQLSTATE 0A000 naming the
 * construct. This file assembles the rules and the lw_dialect the shim sees:
 *
 *   lexical     nested block comments, [ is an array bracket; E'', $$ and $tag$
 *               quoting, U&'', adjacent strings split by a newline; unquoted names
 *               fold to lower case; "identifiers" (SQLite's double-quoted strings
 *               are turned off, session.c); $1 parameters (the core maps every style)
 *   types       types.c: names, kinds, casts (pg_cast; a numeric to an integer through
 *               pg_cast_numeric, half away from zero), arithmetic (/ and % give NULL
 *               for a NULL operand before 22012), column DDL (jsonb in its normal form)
 *   expressions expressions.c (operators: -> ->> through pg_json_get as jsonb reads,
 *               jsonb = <> through json_equal; keyword expressions), functions.c
 *               (calls; the JSON aggregates as window functions)
 *   statements  statements.c (CREATE ... SHOW, ALTER TABLE ADD COLUMN), queries.c
 *               (DISTINCT ON, generate_series in FROM, RETURNING); LIMIT/OFFSET/FETCH,
 *               NULLS ordering, FROM (VALUES ...) v(x) and the assignment casts of
 *               integer columns through the shared clause walk
 *   errors      errors.c (map_error), output.c (format_value), session.c (open,
 *               close, the failed-transaction state)
 *   after the walk  the boolean result columns are marked for psql's t/f, and
 *               identifier case is checked against the schema (identifiers.h)
 */
#include <stdio.h>

#include "dialect/clauses.h"
#include "dialect/postgresql/postgresql.h"

/* ---- The rules the shared layer reads ------------------------------------------------- */

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

/* Words the clause walk hands to the expression parser even without '(' after them. */
static const char *const pg_expression_words[] = {"array", "current_timestamp", "current_date",
                                                  NULL};

/* Words that end a FROM list, and those that end a join's ON condition. */
static const char *const pg_from_ends[] = {
    "where",  "group",  "having",    "order",  "limit",     "offset", "fetch",
    "window", "union",  "intersect", "except", "returning", "for",    "set",
    "on",     "values", "select",    "do",     NULL,
};
static const char *const pg_join_condition_ends[] = {
    "join",  "left",  "right", "inner", "full",   "cross",     "natural", "where",
    "group", "order", "limit", "union", "having", "returning", NULL,
};

static const lw_clause pg_clauses[] = {
    {"limit", lw_limit_clause},
    {"offset", lw_limit_clause},
    {"fetch", lw_limit_clause},
    {NULL, NULL},
};

static const lw_statement pg_statements[] = {
    {"create", pg_create},
    {"drop", pg_drop},
    {"alter", pg_alter},
    {"truncate", pg_truncate},
    {"set", pg_set},
    {"reset", pg_reset},
    {"show", pg_show},
    {"delete", pg_delete},
    {"insert", pg_insert_update},
    {"update", pg_insert_update},
    {"replace", pg_insert_update},
    {"savepoint", pg_savepoint},
    {"release", pg_savepoint},
    {"rollback", pg_savepoint},
    {"listen", NULL},
    {"notify", NULL},
    {"unlisten", NULL},
    {"lock", NULL},
    {"copy", NULL},
    {"do", NULL},
    {"prepare", NULL},
    {"execute", NULL},
    {"deallocate", NULL},
    {"grant", NULL},
    {"revoke", NULL},
    {"comment", NULL},
    {"explain", NULL},
    {"discard", NULL},
    {"cluster", NULL},
    {"reindex", NULL},
    {"refresh", NULL},
    {"call", NULL},
    {"declare", NULL},
    {"fetch", NULL},
    {"move", NULL},
    {"close", NULL},
    {"checkpoint", NULL},
    {"security", NULL},
    {NULL, NULL},
};

/* The catalog relations the dialect answers (catalog.c registers the tables). */
static const lw_catalog_relation pg_catalog[] = {
    {"information_schema.tables", "information_schema.tables"},
    {"information_schema.views", "information_schema.views"},
    {"information_schema.columns", "information_schema.columns"},
    {"information_schema.table_constraints", "information_schema.table_constraints"},
    {"information_schema.key_column_usage", "information_schema.key_column_usage"},
    {"information_schema.referential_constraints", "information_schema.referential_constraints"},
    {"information_schema.constraint_column_usage", "information_schema.constraint_column_usage"},
    {"information_schema.sequences", "information_schema.sequences"},
    {"pg_indexes", "pg_catalog.pg_indexes"},
    {"pg_catalog.pg_indexes", "pg_catalog.pg_indexes"},
    {"pg_class", "pg_catalog.pg_class"},
    {"pg_catalog.pg_class", "pg_catalog.pg_class"},
    {NULL, NULL},
};

static const lw_dialect_texts pg_texts = {
    .not_supported = "%s is not supported by the postgresql dialect",
    .too_deep = {"54001", 1436, "stack depth limit exceeded"},
    .no_operator = {"42883", 1305, "operator does not exist: %s%s%s %s"},
    .not_unique = {"42725", 1305, "operator is not unique: %s %s %s"},
    .syntax_near = {"42601", 1064, "syntax error at or near \"%.*s\""},
    .column_names = {"42P10", 1064,
                     "table \"%.*s\" has %d columns available but %d columns specified"},
};

/* After the walk: the boolean, timestamptz and interval result columns marked for
 * psql's display (output.c), then the identifier-case check against the schema
 * (identifiers.h). */
static int pg_finish(lw_walker *w)
{
    lw_translation *t = w->t;
    uint64_t tz = 0, iv = 0;
    for (int i = 0; i < w->n_result_kinds && i < 64; i++) {
        if (w->result_kinds[i] == LW_K_TIMESTAMPTZ)
            tz |= (uint64_t)1 << i;
        else if (w->result_kinds[i] == LW_K_INTERVAL)
            iv |= (uint64_t)1 << i;
    }
    if (w->bool_cols || tz || iv) {
        char mark[96];
        if (tz || iv)
            snprintf(mark, sizeof mark, PG_BOOL_MARK "%llx,z=%llx,i=%llx*/ ",
                     (unsigned long long)w->bool_cols, (unsigned long long)tz,
                     (unsigned long long)iv);
        else
            snprintf(mark, sizeof mark, PG_BOOL_MARK "%llx*/ ", (unsigned long long)w->bool_cols);
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
    .expression_words = pg_expression_words,
    .functions = pg_functions,
    .ordered_aggregate = pg_ordered_aggregate,
    .type_names = pg_type_names,
    .kinds = pg_kinds,
    .declared = pg_declared,
    .cast_function = "pg_cast",
    .exact_int_cast_function = "pg_cast_numeric",
    .arith = pg_arith,
    .conversions = pg_conversions,
    .columns = pg_columns,
    .assign_function = "pg_assign",
    .ddl_exec_function = "pg_exec",
    .nulls_sort_high = 1,
    .insert_leading_columns = 1,
    .catalog = pg_catalog,
    .statements = pg_statements,
    .clauses = pg_clauses,
    .from_ends = pg_from_ends,
    .join_condition_ends = pg_join_condition_ends,
    .distinct_on = pg_distinct_on,
    .from_function = pg_from_function,
    .returning_item = pg_returning_item,
    .finish = pg_finish,
};

static int pg_translate(const lw_dialect *dialect, lw_translation *t)
{
    pg_state *s = t->state;
    return lw_walk_translate(t, dialect->rules, s ? &s->schema : NULL);
}

const lw_dialect lw_dialect_postgresql = {
    .name = "postgresql",
    .lex_flags = LW_LEX_NESTED_COMMENTS | LW_LEX_NO_BRACKET_IDENT,
    .rules = &pg_rules,
    .on_open = pg_open,
    .on_close = pg_close,
    .translate = pg_translate,
    .format_value = pg_format_value,
    .map_error = pg_map_error,
    .before_statement = pg_before_statement,
    .set_transaction = 1,
};
