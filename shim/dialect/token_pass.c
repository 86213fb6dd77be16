/*
 * The token pass for dialects with lexical rules only (token_pass.h).
 */
#include "dialect/token_pass.h"

#include <string.h>

#include "likewise.h"

size_t lw_next_token(const lw_translation *t, size_t i)
{
    return lw_tokens_skip_blank(t->tokens, t->n_tokens, i + 1);
}

/* Do the words of spelling stand at token i and the meaningful tokens after it? */
static int words_at(const lw_translation *t, size_t i, const char *spelling)
{
    char word[64];
    for (const char *p = spelling; *p; i = lw_next_token(t, i)) {
        size_t len = strcspn(p, " ");
        if (i >= t->n_tokens || len >= sizeof word)
            return 0;
        memcpy(word, p, len);
        word[len] = 0;
        if (!lw_token_is_word(t->sql, &t->tokens[i], word))
            return 0;
        p += len;
        if (*p == ' ')
            p++;
    }
    return 1;
}

static int refuse(lw_translation *t, const lw_dialect_rules *rules, const char *fmt,
                  const lw_token *tok)
{
    char *msg = sqlite3_mprintf(fmt, (int)tok->length, t->sql + tok->offset);
    int rc = lw_translation_refuse(t, rules->texts->not_supported, msg ? msg : "this construct");
    sqlite3_free(msg);
    return rc;
}

int lw_translate_tokens(const lw_dialect *dialect, lw_translation *t)
{
    const lw_dialect_rules *rules = dialect->rules;
    for (size_t i = 0; i < t->n_tokens; i++) {
        const lw_token *tok = &t->tokens[i];
        int rc = rules->token_hook ? rules->token_hook(t, &i) : 0;
        if (rc < 0)
            return rc;
        if (rc == 1)
            continue;
        if (tok->type == LW_TK_STRING && rules->escapes &&
            (tok->kind == LW_STR_ESCAPE || tok->kind == LW_STR_DQ ||
             tok->kind == LW_STR_NATIONAL)) {
            if ((rc = lw_emit_string(t, tok, rules->escapes)) != 0)
                return rc;
            continue;
        }
        if (tok->type == LW_TK_OPERATOR)
            for (const lw_operator *op = rules->operators; op && op->spelling; op++)
                if (op->writing == LW_OP_REFUSE && strlen(op->spelling) == tok->length &&
                    !memcmp(op->spelling, t->sql + tok->offset, tok->length))
                    return refuse(t, rules, op->text, tok);
        for (const lw_refusal *r = rules->refused_words; r && r->spelling; r++)
            if (words_at(t, i, r->spelling))
                return refuse(t, rules, r->message, tok);
        if ((rc = lw_emit_token(t, i)) != 0)
            return rc;
    }
    return 0;
}
