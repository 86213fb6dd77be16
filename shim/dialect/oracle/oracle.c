/*
 * The oracle dialect: Oracle's SQL where SQLite means the same, refused (SQLSTATE
 * 0A000) where it would not. What exists (docs/shim.md has the table):
 *
 *   translated  FROM DUAL is dropped (SQLite selects without a table)
 *   refused     ''       (Oracle's empty string is NULL; SQLite keeps it empty)
 *               ||       (Oracle ignores NULL operands; SQLite's result is NULL)
 *               /        (Oracle divides exactly; SQLite divides integers to an integer)
 *               (+)      outer joins, CONNECT BY, ROWNUM, MINUS
 *
 * The rules below are the ones the shared layer reads; the statements go through the
 * token pass (dialect/token_pass.h), whose hook here looks at the forms no table says:
 * an empty string, (+), FROM DUAL. Unquoted names fold to upper case in Oracle; the
 * rules say so for when the dialect is walked (the token pass writes names as they are,
 * which SQLite compares without regard to case).
 */
#include "dialect/token_pass.h"

#include "likewise.h"

#define REFUSED(spelling, why)                                                                     \
    {                                                                                              \
        spelling, 0, LW_OP_REFUSE, why, NULL, 0, LW_K_UNKNOWN, NULL                                \
    }

static const lw_operator oracle_operators[] = {
    REFUSED("||", "|| ignores NULL in Oracle but yields NULL in SQLite: use COALESCE on each "
                  "operand"),
    REFUSED("/", "/ divides exactly in Oracle (1/2 is 0.5) but SQLite divides integers to an "
                 "integer (1/2 is 0): write CAST(x AS REAL) / y"),
    {NULL, 0, 0, NULL, NULL, 0, LW_K_UNKNOWN, NULL},
};

static const lw_refusal oracle_refused_words[] = {
    {"connect", "%.*s is not supported"},
    {"rownum", "%.*s is not supported"},
    {"minus", "%.*s is not supported"},
    {NULL, NULL},
};

/* '' (NULL in Oracle), ( + ) outer joins, FROM DUAL. */
static int oracle_token(lw_translation *t, size_t *i)
{
    const lw_token *tok = &t->tokens[*i];
    if (tok->type == LW_TK_STRING && tok->kind == LW_STR_PLAIN && tok->length == 2)
        return lw_translation_refuse(t, "'' is NULL in Oracle but an empty string in "
                                        "SQLite: write NULL");
    if (tok->type == LW_TK_LPAREN) {
        size_t j = lw_next_token(t, *i), k = j < t->n_tokens ? lw_next_token(t, j) : j;
        if (k < t->n_tokens && t->tokens[j].type == LW_TK_OPERATOR && t->tokens[j].length == 1 &&
            t->sql[t->tokens[j].offset] == '+' && t->tokens[k].type == LW_TK_RPAREN)
            return lw_translation_refuse(t, "(+) outer joins are not supported: use LEFT "
                                            "JOIN");
    }
    if (lw_token_is_word(t->sql, tok, "FROM")) {
        size_t j = lw_next_token(t, *i);
        if (j < t->n_tokens && lw_token_is_word(t->sql, &t->tokens[j], "DUAL")) {
            *i = j;
            return 1;
        }
    }
    return 0;
}

static const lw_dialect_texts oracle_texts = {.not_supported = "%s"};

static const lw_dialect_rules oracle_rules = {
    .fold = LW_FOLD_UPPER,
    .texts = &oracle_texts,
    .operators = oracle_operators,
    .refused_words = oracle_refused_words,
    .token_hook = oracle_token,
};

const lw_dialect lw_dialect_oracle = {
    .name = "oracle",
    .lex_flags = 0,
    .rules = &oracle_rules,
    .translate = lw_translate_tokens,
};
