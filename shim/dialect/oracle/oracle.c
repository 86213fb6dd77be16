/*
 * The oracle dialect: Oracle's SQL where SQLite means the same, refused (SQLSTATE
 * 0A000) where it would not. What exists (docs/shim.md has the table):
 *
 *   translated  FROM DUAL is dropped (SQLite selects without a table)
 *   refused     ''       (Oracle's empty string is NULL; SQLite keeps it empty)
 *               ||       (Oracle ignores NULL operands; SQLite's result is NULL)
 *               /        (Oracle divides exactly; SQLite divides integers to an integer)
 *               (+)      outer joins, CONNECT BY, ROWNUM, MINUS
 */
#include "dialect/dialect.h"

#include "likewise.h"

static size_t next_meaningful(const lw_translation *t, size_t i)
{
    return lw_tokens_skip_blank(t->tokens, t->n_tokens, i + 1);
}

static int translate_oracle(lw_translation *t)
{
    for (size_t i = 0; i < t->n_tokens; i++) {
        const lw_token *tok = &t->tokens[i];
        const char *text = t->sql + tok->offset;
        if (tok->type == LW_TK_STRING && tok->kind == LW_STR_PLAIN && tok->length == 2)
            return lw_translation_refuse(t, "'' is NULL in Oracle but an empty string in "
                                            "SQLite: write NULL");
        if (tok->type == LW_TK_OPERATOR && tok->length == 2 && text[0] == '|' && text[1] == '|')
            return lw_translation_refuse(t, "|| ignores NULL in Oracle but yields NULL in "
                                            "SQLite: use COALESCE on each operand");
        if (tok->type == LW_TK_OPERATOR && tok->length == 1 && text[0] == '/')
            return lw_translation_refuse(t, "/ divides exactly in Oracle (1/2 is 0.5) but SQLite "
                                            "divides integers to an integer (1/2 is 0): "
                                            "write CAST(x AS REAL) / y");
        if (tok->type == LW_TK_LPAREN) {
            size_t j = next_meaningful(t, i), k = j < t->n_tokens ? next_meaningful(t, j) : j;
            if (k < t->n_tokens && t->tokens[j].type == LW_TK_OPERATOR &&
                t->tokens[j].length == 1 && t->sql[t->tokens[j].offset] == '+' &&
                t->tokens[k].type == LW_TK_RPAREN)
                return lw_translation_refuse(t, "(+) outer joins are not supported: use LEFT "
                                                "JOIN");
        }
        if (lw_token_is_word(t->sql, tok, "CONNECT") || lw_token_is_word(t->sql, tok, "ROWNUM") ||
            lw_token_is_word(t->sql, tok, "MINUS"))
            return lw_translation_refuse(t, "%.*s is not supported", (int)tok->length, text);
        if (lw_token_is_word(t->sql, tok, "FROM")) {
            size_t j = next_meaningful(t, i);
            if (j < t->n_tokens && lw_token_is_word(t->sql, &t->tokens[j], "DUAL")) {
                i = j;
                continue;
            }
        }
        int rc = lw_emit_token(t, i);
        if (rc)
            return rc;
    }
    return 0;
}

const lw_dialect lw_dialect_oracle = {
    .name = "oracle",
    .lex_flags = 0,
    .translate = translate_oracle,
};
