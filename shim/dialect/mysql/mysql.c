/*
 * The mysql and mariadb dialects: MySQL's lexical rules, translated where SQLite can
 * honour them and refused (SQLSTATE 0A000) where SQLite would silently mean something
 * else. What exists (docs/shim.md has the table):
 *
 *   translated  '...' and "..." strings with backslash escapes (\0 \' \" \b \n \r \t
 *               \Z \\; \% and \_ keep their backslash, as in MySQL) become SQLite
 *               string literals; # comments; `backtick` identifiers pass through
 *   refused     ||      (MySQL's logical OR; SQLite concatenates)
 *               /       (MySQL divides exactly, 1/2 = 0.5000; SQLite divides
 *                        integers to an integer)
 *               ON DUPLICATE KEY UPDATE, LOCK TABLES, SQL_CALC_FOUND_ROWS
 *   not honoured, documented: case-insensitive comparison of strings under the
 *   default collation (use COLLATE utf8mb4_general_ci and friends explicitly).
 */
#include "dialect/dialect.h"
#include "dialect/literals.h"

#include "likewise.h"

/* MySQL's backslash escapes: \0 \b \n \r \t \Z, \% and \_ keep their backslash (LIKE
 * reads them), any other character stands for itself. */
static const lw_escape mysql_escapes[] = {
    {'0', 0}, {'b', '\b'}, {'n', '\n'}, {'r', '\r'}, {'t', '\t'}, {'Z', 26},
};
static const lw_escape_rules mysql_escape_rules = {
    mysql_escapes,
    sizeof mysql_escapes / sizeof mysql_escapes[0],
    "%_",
    LW_ESC_ZERO_OK,
};

/* Appends a MySQL string token's value as a SQLite literal 'value'. */
static int emit_mysql_string(lw_translation *t, const lw_token *tok)
{
    lw_sqlbuf v = {0};
    lw_literal_error why;
    lw_decode_string(t->sql + tok->offset, tok->length, tok->kind, &mysql_escape_rules, &v, &why);
    if (v.oom) {
        lw_sqlbuf_free(&v);
        return LW_ENOMEM;
    }
    lw_append_sql_string(t->out, v.s ? v.s : "", v.len);
    lw_sqlbuf_free(&v);
    return 0;
}

static int next_word_is(const lw_translation *t, size_t i, const char *word)
{
    size_t j = lw_tokens_skip_blank(t->tokens, t->n_tokens, i + 1);
    return j < t->n_tokens && lw_token_is_word(t->sql, &t->tokens[j], word);
}

static int translate_mysql(lw_translation *t)
{
    for (size_t i = 0; i < t->n_tokens; i++) {
        const lw_token *tok = &t->tokens[i];
        const char *text = t->sql + tok->offset;
        if (tok->type == LW_TK_STRING && (tok->kind == LW_STR_ESCAPE || tok->kind == LW_STR_DQ ||
                                          tok->kind == LW_STR_NATIONAL)) {
            int rc = emit_mysql_string(t, tok);
            if (rc)
                return rc;
            continue;
        }
        if (tok->type == LW_TK_OPERATOR && tok->length == 2 && text[0] == '|' && text[1] == '|')
            return lw_translation_refuse(t, "|| is logical OR in MySQL but concatenation in "
                                            "SQLite: use OR or CONCAT()");
        if (tok->type == LW_TK_OPERATOR && tok->length == 1 && text[0] == '/')
            return lw_translation_refuse(t, "/ divides exactly in MySQL (1/2 is 0.5000) but "
                                            "SQLite divides integers to an integer (1/2 "
                                            "is 0): write CAST(x AS REAL) / y");
        if (lw_token_is_word(t->sql, tok, "ON") && next_word_is(t, i, "DUPLICATE"))
            return lw_translation_refuse(t, "ON DUPLICATE KEY UPDATE is not supported: use "
                                            "INSERT ... ON CONFLICT (key) DO UPDATE");
        if (lw_token_is_word(t->sql, tok, "LOCK") && next_word_is(t, i, "TABLES"))
            return lw_translation_refuse(t, "LOCK TABLES is not supported: transactions "
                                            "lock the whole database");
        if (lw_token_is_word(t->sql, tok, "SQL_CALC_FOUND_ROWS"))
            return lw_translation_refuse(t, "SQL_CALC_FOUND_ROWS is not supported");
        int rc = lw_emit_token(t, i);
        if (rc)
            return rc;
    }
    return 0;
}

#define MYSQL_LEX_FLAGS (LW_LEX_HASH_COMMENTS | LW_LEX_BACKSLASH_STRINGS | LW_LEX_DQ_STRINGS)

const lw_dialect lw_dialect_mysql = {
    .name = "mysql",
    .lex_flags = MYSQL_LEX_FLAGS,
    .translate = translate_mysql,
};

const lw_dialect lw_dialect_mariadb = {
    .name = "mariadb",
    .lex_flags = MYSQL_LEX_FLAGS,
    .translate = translate_mysql,
};
