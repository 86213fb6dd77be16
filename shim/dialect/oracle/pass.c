/*
 * The oracle dialect's passes before the walk: the token helpers and the rounds they
 * share (pass.h). No SQL of its own; errors are the passes' (0A000 refusals).
 */
#include <string.h>

#include "dialect/oracle/pass.h"

int ora_text_word(const ora_text *x, size_t k, const char *w)
{
    return k < x->n && lw_token_is_word(x->sql, &x->tk[k], w);
}

int ora_text_type(const ora_text *x, size_t k, int type)
{
    return k < x->n && x->tk[k].type == type;
}

size_t ora_text_closing(const ora_text *x, size_t k)
{
    int d = 0;
    for (; k < x->n; k++) {
        if (x->tk[k].type == LW_TK_LPAREN)
            d++;
        else if (x->tk[k].type == LW_TK_RPAREN && --d == 0)
            return k;
    }
    return x->n;
}

int ora_text_own(const ora_text *x, size_t *k, int *depth)
{
    for (; *k < x->n; (*k)++) {
        if (x->tk[*k].type == LW_TK_LPAREN) {
            (*depth)++;
        } else if (x->tk[*k].type == LW_TK_RPAREN) {
            if ((*depth)-- == 0)
                return 0;
        } else if (*depth == 0) {
            return 1;
        }
    }
    return 0;
}

int ora_text_same_name(const ora_text *x, const lw_token *a, const lw_token *b)
{
    if (a->type != b->type || a->length != b->length)
        return 0;
    if (a->type == LW_TK_QIDENT)
        return !memcmp(x->sql + a->offset, x->sql + b->offset, a->length);
    return !sqlite3_strnicmp(x->sql + a->offset, x->sql + b->offset, (int)a->length);
}

void ora_text_put(lw_sqlbuf *out, const ora_text *x, size_t a, size_t b)
{
    for (size_t k = a; k < b; k++) {
        lw_sqlbuf_append(out, x->sql + x->tk[k].offset, x->tk[k].length);
        lw_sqlbuf_append(out, " ", 1);
    }
}

int ora_pass_refuse(lw_dialect_error *err, const char *what)
{
    lw_dialect_error_set(err, "0A000", 1235, "%s is not supported by the oracle dialect", what);
    return LW_ENOTSUP;
}

int ora_pass_rounds(const char *sql, size_t len, int max_rounds, const char *too_many,
                    ora_pass_round round, void *ctx, char **text, lw_dialect_error *err)
{
    *text = NULL;
    lw_sqlbuf cur = {0};
    lw_sqlbuf_append(&cur, sql, len);
    int rc = 0, rounds = 0;
    while (!cur.oom && (rounds < max_rounds || too_many)) {
        lw_tokens t = {0};
        lw_lex_error lerr = {NULL, 0};
        if (lw_lex(cur.s, cur.len, LW_LEX_HASH_IN_WORDS, &t, &lerr)) {
            lw_tokens_free(&t);
            rc = LW_ENOMEM;
            break;
        }
        size_t j = 0;
        for (size_t i = 0; i < t.len; i++)
            if (!lw_token_is_blank(&t.items[i]))
                t.items[j++] = t.items[i];
        ora_text y = {cur.s, t.items, j};
        lw_sqlbuf next = {0};
        rc = rounds == max_rounds ? ora_pass_refuse(err, too_many) : round(&y, &next, err, ctx);
        lw_tokens_free(&t);
        if (rc <= 0) {
            lw_sqlbuf_free(&next);
            break;
        }
        lw_sqlbuf_free(&cur);
        cur = next;
        rounds++;
        rc = 0;
    }
    if (rc < 0 || cur.oom || !rounds) {
        int oom = cur.oom;
        lw_sqlbuf_free(&cur);
        return rc < 0 ? rc : oom ? LW_ENOMEM : 0;
    }
    *text = lw_sqlbuf_finish(&cur);
    return *text ? 1 : LW_ENOMEM;
}
