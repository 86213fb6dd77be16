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

#include "likewise.h"

/* Appends a MySQL string token's value as a SQLite literal 'value'. */
static void emit_mysql_string(lw_translation *t, const lw_token *tok)
{
    const char *s = t->sql + tok->offset;
    size_t n = tok->length, i = 0;
    if (tok->kind == LW_STR_NATIONAL)
        i = 1;
    char quote = s[i];
    i++;
    n--; /* the closing quote */
    lw_sqlbuf_append(t->out, "'", 1);
    for (; i < n; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < n) {
            char e = s[++i];
            switch (e) {
            case '0':
                /* A NUL cannot live in SQLite text literals; char(0) keeps it. */
                lw_sqlbuf_appends(t->out, "'||char(0)||'");
                continue;
            case 'b':
                c = '\b';
                break;
            case 'n':
                c = '\n';
                break;
            case 'r':
                c = '\r';
                break;
            case 't':
                c = '\t';
                break;
            case 'Z':
                c = 26;
                break;
            case '%':
            case '_':
                lw_sqlbuf_append(t->out, "\\", 1);
                c = e;
                break;
            default:
                c = e;
                break;
            }
        } else if (c == quote && i + 1 < n && s[i + 1] == quote) {
            i++;
        }
        if (c == '\'')
            lw_sqlbuf_append(t->out, "''", 2);
        else
            lw_sqlbuf_append(t->out, &c, 1);
    }
    lw_sqlbuf_append(t->out, "'", 1);
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
            emit_mysql_string(t, tok);
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
