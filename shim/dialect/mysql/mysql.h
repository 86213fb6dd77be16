/*
 * Internals of the mysql and mariadb dialects shared by their files:
 *
 *   mysql.c     the dialects (MariaDB 10.11's defaults; mysql differs where MySQL 8
 *               does) and the rules they hand to the shared layer
 *   lexical.c   backslash escapes, and the operators and words refused because
 *               SQLite would read them with another meaning
 *
 * The statements go through the token pass (dialect/token_pass.h) until the dialect
 * fills the walker's tables (expressions, types, functions, statements, errors).
 */
#ifndef LW_SHIM_MYSQL_H
#define LW_SHIM_MYSQL_H

#include "dialect/rules.h"

/* The lexer's rules for MySQL text: # comments, backslash escapes, "..." strings. */
#define MYSQL_LEX_FLAGS (LW_LEX_HASH_COMMENTS | LW_LEX_BACKSLASH_STRINGS | LW_LEX_DQ_STRINGS)

extern const lw_escape_rules mysql_escapes;
extern const lw_operator mysql_operators[];
extern const lw_refusal mysql_refused_words[];

#endif
