/*
 * The mysql and mariadb dialects: MySQL's lexical rules, translated where SQLite can
 * honour them and refused (SQLSTATE 0A000) where SQLite would silently mean something
 * else (lexical.c has the list; docs/shim.md the table). Not honoured, documented:
 * case-insensitive comparison of strings under the default collation (use COLLATE
 * utf8mb4_general_ci and friends explicitly).
 *
 * The rules below are the ones the shared layer reads; the statements go through the
 * token pass (dialect/token_pass.h) until the dialect's expression, type, function,
 * statement and error tables exist and translate becomes the shared walker
 * (lw_walk_translate), as for postgresql.
 */
#include "dialect/mysql/mysql.h"

#include "dialect/token_pass.h"

/* The refusals' messages say it all (lexical.c). The walker's own errors (nesting,
 * operators, syntax) get their MariaDB wording when the dialect is walked. */
static const lw_dialect_texts mysql_texts = {.not_supported = "%s"};

/* Unquoted names are kept as written (LW_FOLD_NONE): MySQL compares column names
 * without regard to case, as SQLite does. */
static const lw_dialect_rules mysql_rules = {
    .texts = &mysql_texts,
    .escapes = &mysql_escapes,
    .operators = mysql_operators,
    .refused_words = mysql_refused_words,
};

const lw_dialect lw_dialect_mysql = {
    .name = "mysql",
    .lex_flags = MYSQL_LEX_FLAGS,
    .rules = &mysql_rules,
    .translate = lw_translate_tokens,
    .vendor_code_is_mysql_errno = 1,
};

const lw_dialect lw_dialect_mariadb = {
    .name = "mariadb",
    .lex_flags = MYSQL_LEX_FLAGS,
    .rules = &mysql_rules,
    .translate = lw_translate_tokens,
    .vendor_code_is_mysql_errno = 1,
};
