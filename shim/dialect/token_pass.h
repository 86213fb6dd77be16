/*
 * The token pass (token_pass.c): the translation of a dialect whose statements the
 * shared walker does not walk yet (mysql and oracle today). It reads the same rules a
 * walked dialect fills (rules.h), token by token:
 *
 *   strings       escape strings decoded with the dialect's escapes (rules->escapes:
 *                 MySQL's '...', "..." and N'...') into SQLite literals
 *   operators     an operator whose table entry is LW_OP_REFUSE is refused with its
 *                 text (MySQL's ||, which is OR there)
 *   words         rules->refused_words, wherever they stand
 *   the rest      rules->token_hook first (Oracle's '' and (+)), else written as it is
 *                 (parameters mapped, comments as spaces: lw_emit_token)
 *
 * Refusals are 0A000 in the dialect's wording (rules->texts->not_supported). Nothing
 * is typed and no expression is rewritten: what such a dialect writes means the same
 * on SQLite, or is refused.
 */
#ifndef LW_SHIM_TOKEN_PASS_H
#define LW_SHIM_TOKEN_PASS_H

#include "dialect/rules.h"

/* Translates t with the dialect's rules: a dialect's translate hook. Returns 0 or a
 * negative LW_E* code with t->err filled. */
int lw_translate_tokens(const lw_dialect *dialect, lw_translation *t);
/* The meaningful token after i (t->n_tokens when there is none). */
size_t lw_next_token(const lw_translation *t, size_t i);

#endif
