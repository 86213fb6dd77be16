/*
 * What the oracle dialect's passes before the walk share (connect_by.c, outer_join.c,
 * row_limit.c): each rewrites a statement's text into Oracle SQL the walk then
 * translates, reading the statement's meaningful tokens by position and rewriting one
 * query block per round until no block is left to rewrite.
 */
#ifndef LW_SHIM_ORA_PASS_H
#define LW_SHIM_ORA_PASS_H

#include "dialect/oracle/oracle.h"

/* A statement's text and its meaningful tokens (no blanks or comments). */
typedef struct ora_text {
    const char *sql;
    const lw_token *tk;
    size_t n;
} ora_text;

/* Is token k the word w (any case)? Is it of the type? */
int ora_text_word(const ora_text *x, size_t k, const char *w);
int ora_text_type(const ora_text *x, size_t k, int type);
/* The position of the parenthesis closing the one at k (x->n when unclosed). */
size_t ora_text_closing(const ora_text *x, size_t k);
/* Steps *k (from where it is) to the next token at the depth the walk started at,
 * parenthesized tokens skipped with *depth counting them. Returns 1 there, or 0 at
 * the end of the block: a ')' closing a parenthesis opened before the walk, or the end
 * of the text (*k is then that position). */
int ora_text_own(const ora_text *x, size_t *k, int *depth);
/* Do tokens a and b name the same thing: a quoted name exactly, a word in any case? */
int ora_text_same_name(const ora_text *x, const lw_token *a, const lw_token *b);
/* Appends tokens [a, b) each followed by a space. */
void ora_text_put(lw_sqlbuf *out, const ora_text *x, size_t a, size_t b);
/* The 0A000 refusal of a form the pass does not rewrite ("%s is not supported by the
 * oracle dialect"). Returns LW_ENOTSUP. */
int ora_pass_refuse(lw_dialect_error *err, const char *what);

/* One round of a pass: rewrites a block of x into out and returns 1, returns 0 when no
 * block is left, or a negative LW_E* code with err set. */
typedef int (*ora_pass_round)(const ora_text *x, lw_sqlbuf *out, lw_dialect_error *err, void *ctx);
/* Runs round over the len bytes of sql, each round over the text the one before made,
 * until a round rewrites nothing, for at most max_rounds rounds; one more is refused with
 * the text too_many when that is not NULL (else the text so far is kept). Returns 1
 * with *text the last text (sqlite3_free), 0 when the first round rewrote nothing, or a
 * negative LW_E* code. */
int ora_pass_rounds(const char *sql, size_t len, int max_rounds, const char *too_many,
                    ora_pass_round round, void *ctx, char **text, lw_dialect_error *err);

#endif
