/*
 * The mariadb and mysql dialects: SQL written for MariaDB 10.11 (and MySQL 8 where it
 * differs: the default collation utf8mb4_0900_ai_ci, the -> and ->> operators, its
 * name in messages), run on SQLite with MariaDB's answers, warnings, error numbers,
 * SQLSTATEs and messages (DESIGN.md 4.4; docs/mysql.md has the coverage table).
 *
 * Design. The shared rewriter (dialect/walker.h) walks each statement's tokens, parses
 * its expressions by precedence climbing and writes SQLite SQL as it goes; this
 * dialect is the tables it reads (rules.h) and the hooks where a table cannot say it
 * (mysql.h lists the files). What SQLite cannot honour is refused with SQLSTATE 0A000
 * (errno 1235) naming the construct. This file assembles the rules of both flavors
 * and the lw_dialect the shim sees:
 *
 *   lexical     backticks, # and "-- " comments, executable comments, backslash
 *               escapes, "..." strings, @variables, identifiers starting with digits
 *               (the lexer's flags); constants and introducers (lexical.c); names are
 *               not folded (MariaDB compares column names without regard to case, as
 *               SQLite does; table names keep their case)
 *   expressions expressions.c, collations.c, functions.c
 *   types       types.c, columns.c (CREATE TABLE), assign.c (values into columns)
 *   statements  statements.c
 *   runtime     runtime*.c: the session (sql_mode, variables, warnings), arithmetic,
 *               casts, column conversions, string functions
 *   errors      errors.c (map_error), output.c (format_value), session.c (open,
 *               close, the diagnostics area's rules)
 */
#include <string.h>

#include "dialect/clauses.h"
#include "dialect/mysql/mysql.h"

/* ---- The rules the shared layer reads ------------------------------------------------- */

/* Words that end an expression: clause keywords the walker owns. */
static const char *const my_clause_words[] = {
    "from",       "where",
    "group",      "having",
    "order",      "limit",
    "offset",     "union",
    "intersect",  "except",
    "into",       "values",
    "set",        "on",
    "using",      "join",
    "inner",      "left",
    "right",      "cross",
    "natural",    "straight_join",
    "as",         "then",
    "else",       "end",
    "when",       "and",
    "or",         "xor",
    "asc",        "desc",
    "window",     "select",
    "for",        "with",
    "over",       "escape",
    "is",         "not",
    "between",    "in",
    "like",       "regexp",
    "rlike",      "sounds",
    "collate",    "div",
    "mod",        "default",
    "primary",    "references",
    "check",      "unique",
    "constraint", "rows",
    "row",        "partition",
    "range",      "preceding",
    "following",  "current",
    "unbounded",  "update",
    "delete",     "insert",
    "to",         "by",
    "all",        "distinct",
    "duplicate",  "lock",
    "returning",  "ignore",
    "procedure",  NULL,
};

/* Words the clause walk hands to the expression parser even without '(' after them. */
static const char *const my_expression_words[] = {"binary", "current_timestamp", "current_date",
                                                  NULL};

/* Words that end a FROM list, and those that end a join's ON condition. */
static const char *const my_from_ends[] = {
    "where",  "group",     "having", "order",     "limit", "offset", "window",
    "union",  "intersect", "except", "returning", "for",   "set",    "on",
    "values", "select",    "lock",   "into",      NULL,
};
static const char *const my_join_condition_ends[] = {
    "join",  "left",  "right", "inner", "cross", "natural", "straight_join",
    "where", "group", "order", "limit", "union", "having",  NULL,
};

#define MY_TEXTS(server, Server)                                                                   \
    {                                                                                              \
        .not_supported = "%s is not supported by the " server " dialect",                          \
        .too_deep = {"HY000", 1436, "Thread stack overrun"},                                       \
        .no_operator = {"42000", 1064, "%s%s%s %s"},                                               \
        .syntax_near = {"42000", 1064,                                                             \
                        "You have an error in your SQL syntax; check the manual that "             \
                        "corresponds to your " Server " server version for the right syntax to "   \
                        "use near '%.*s' at line 1"},                                              \
        .column_names = {"21S01", 1136,                                                            \
                         "In definition of view, derived table or common table "                   \
                         "expression, SELECT list and column names list have "                     \
                         "different column counts"},                                               \
    }

static const lw_dialect_texts mariadb_texts = MY_TEXTS("mariadb", "MariaDB");
static const lw_dialect_texts mysql_texts = MY_TEXTS("mysql", "MySQL");

/* After the walk: a statement that uses no table is marked, so that it keeps the
 * diagnostics area unless it raises a condition itself (session.c). */
static int my_finish(lw_walker *w)
{
    const lw_translation *t = w->t;
    int rc = my_select_limit(w);
    if (!rc)
        rc = my_check_table_locks(w);
    if (rc)
        return rc;
    if (!w->n || (t->out->s && !strncmp(t->out->s, MY_KEEP_WARNINGS, strlen(MY_KEEP_WARNINGS))))
        return 0;
    const lw_token *first = &w->tk[w->at[0]];
    if (!lw_token_is_word(w->sql, first, "select") && !lw_token_is_word(w->sql, first, "set") &&
        !lw_token_is_word(w->sql, first, "values") && !lw_token_is_word(w->sql, first, "do") &&
        !lw_token_is_word(w->sql, first, "use"))
        return 0;
    for (size_t k = 0; k < w->n; k++) {
        const lw_token *tk = &w->tk[w->at[k]];
        if (lw_token_is_word(w->sql, tk, "from") &&
            !(k + 1 < w->n && lw_token_is_word(w->sql, &w->tk[w->at[k + 1]], "dual")))
            return 0;
    }
    lw_insert_at(w, 0, MY_NO_TABLES);
    return t->out->oom ? LW_ENOMEM : 0;
}

/* The information_schema relations (introspection.c's TEMP views). */
static const lw_catalog_relation my_catalog[] = {
    {"information_schema.tables", "information_schema.tables"},
    {"information_schema.columns", "information_schema.columns"},
    {"information_schema.statistics", "information_schema.statistics"},
    {"information_schema.key_column_usage", "information_schema.key_column_usage"},
    {"information_schema.table_constraints", "information_schema.table_constraints"},
    {"information_schema.check_constraints", "information_schema.check_constraints"},
    {"information_schema.referential_constraints", "information_schema.referential_constraints"},
    {"information_schema.views", "information_schema.views"},
    {"information_schema.schemata", "information_schema.schemata"},
    {"information_schema.session_variables", "information_schema.session_variables"},
    {NULL, NULL},
};

/* A FROM item that is a function call: JSON_TABLE (json_table_sql.c), or a call the
 * function table translates. */
static void my_from_function(lw_walker *w)
{
    if (lw_word(w, "json_table"))
        my_json_table_from(w);
    else
        lw_function_call(w, NULL);
}

#define MY_RULES(TEXTS, OPERATORS)                                                                 \
    {                                                                                              \
        .fold = LW_FOLD_NONE, .texts = &TEXTS, .escapes = &my_escapes,                             \
        .adjacent_strings = LW_ADJACENT_NEVER, .numbers = &my_numbers, .operators = OPERATORS,     \
        .other_operator_bp = BP_CMP, .prefix_operators = my_prefix_operators, .not_bp = BP_NOT,    \
        .unary_bp = BP_UNARY, .keywords = my_keywords, .clause_words = my_clause_words,            \
        .expression_words = my_expression_words, .functions = my_functions,                        \
        .type_names = my_type_names, .kinds = my_kinds, .declared = my_declared,                   \
        .cast_function = "my_cast", .arith = my_arith, .statements = my_statements,                \
        .clauses = my_clauses, .from_ends = my_from_ends, .catalog = my_catalog,                   \
        .join_condition_ends = my_join_condition_ends, .ddl_exec_function = "my_exec",             \
        .finish = my_finish, .primary = my_primary, .intern_collation = my_intern_collation,       \
        .column = my_column, .comparison = my_comparison, .order_item = my_order_item,             \
        .case_when = my_case_when, .case_result = my_case_result, .result_item = my_result_item,   \
        .assign = my_assign, .insert_row = my_insert_row, .scalar_subquery = my_scalar_subquery,   \
        .expression_text = my_expression_text, .from_function = my_from_function,                  \
    }

static const lw_dialect_rules mariadb_rules = MY_RULES(mariadb_texts, my_mariadb_operators);
static const lw_dialect_rules mysql_rules = MY_RULES(mysql_texts, my_mysql_operators);

my_session *my_session_of(const lw_walker *w)
{
    const my_state *st = w->t->state;
    if (st)
        return st->session;
    return (my_session *)my_default_session(w->rules == &mysql_rules ? &my_mysql_flavor
                                                                     : &my_mariadb_flavor);
}

static int my_translate(const lw_dialect *dialect, lw_translation *t)
{
    my_state *st = t->state;
    if (st)
        st->n_aliases = 0;
    return my_passes_translate(dialect, t, st ? &st->schema : NULL);
}

const lw_dialect lw_dialect_mariadb = {
    .name = "mariadb",
    .lex_flags = MY_LEX_FLAGS | LW_LEX_MARIADB_COMMENTS | LW_LEX_VERSION(MY_MARIADB_VERSION),
    .rules = &mariadb_rules,
    .on_open = my_open_mariadb,
    .on_close = my_close,
    .translate = my_translate,
    .format_value = my_format_value,
    .map_error = my_map_error,
    .check_values = my_check_values,
    .free_stmt_data = my_stmt_data_free,
    .lex_error = my_lex_error,
    .before_statement = my_before_statement,
    .statement_facts = my_statement_facts,
    .set_transaction = 0,
    .translation_epoch = my_translation_epoch,
    .last_insert_id = my_last_insert_id,
    .warning_count = my_warning_count,
    .warning_at = my_warning_at,
    .vendor_code_is_mysql_errno = 1,
};

const lw_dialect lw_dialect_mysql = {
    .name = "mysql",
    .lex_flags = MY_LEX_FLAGS | LW_LEX_VERSION(MY_MYSQL_VERSION),
    .rules = &mysql_rules,
    .on_open = my_open_mysql,
    .on_close = my_close,
    .translate = my_translate,
    .format_value = my_format_value,
    .map_error = my_map_error,
    .check_values = my_check_values,
    .free_stmt_data = my_stmt_data_free,
    .lex_error = my_lex_error,
    .before_statement = my_before_statement,
    .statement_facts = my_statement_facts,
    .set_transaction = 0,
    .translation_epoch = my_translation_epoch,
    .last_insert_id = my_last_insert_id,
    .warning_count = my_warning_count,
    .warning_at = my_warning_at,
    .vendor_code_is_mysql_errno = 1,
};
