/*
 * Typed arithmetic (arith.c): L op R written for its operands' kinds, by the first
 * rule of the dialect's table that takes both kinds. What the rules can say:
 *
 *   LW_ARITH_INFIX     L op R natively (doubles); / and % as text('op', L, R) when the
 *                      rule names a function (the server's NULL and zero divisor rules)
 *   LW_ARITH_CHECKED   integers: the wider kind's int_check as a chain,
 *                      int_check(L, 'op', R), which computes left to right and fails
 *                      with the server's range error when a step leaves the kind (and
 *                      its division errors for / and %); a left operand that is such a
 *                      chain of the same kind is continued, int_check(a, '+', b, '-', c),
 *                      so a long sum nests no deeper than its parentheses do (SQLite's
 *                      parser stack is 100 deep), up to LW_ARITH_MAX_CHAIN arguments
 *   LW_ARITH_EXACT     exact numerics through the decimal module (decimal_add ...),
 *                      numeric constants with their digits; the result is an exact
 *                      numeric (types.h). The decimal functions give NULL for a NULL
 *                      operand, then their error for a zero divisor. A left operand
 *                      that is such a call already becomes a chain,
 *                      decimal_chain(a, '+', b, '*', c), nesting no deeper than the
 *                      parentheses; an operand that is a decimal function's text goes
 *                      in without its exact-numeric carrier.
 *   LW_ARITH_CALL      fn(L, R [, sign]) or fn(R, L, 1): date + integer and friends;
 *                      LW_ARITHF_OPERATOR passes the operator first: fn('op', L, R),
 *                      LW_ARITHF_SOURCE the expression's text last: fn(L, R, 'a + 1');
 *                      LW_ARITHF_DIGITS passes numeric constants with their digits
 *   LW_ARITH_REFUSE    0A000, `text` says what (date - date as an interval)
 *   LW_ARITH_NO_OPERATOR  the server's "operator does not exist" (42883)
 *   LW_ARITH_NOT_UNIQUE   the server's "operator is not unique" (42725: time + time)
 *
 * Kinds with a rank (lw_kind_def.rank: date < timestamp < timestamptz) that no rule
 * takes as they are meet at the higher one (lw_convert), and the rules are read again:
 * date - date has a rule of its own (an integer), date - timestamp is timestamp -
 * timestamp.
 *
 * Before the rules, a quoted string meeting a typed operand is cast to that kind (as
 * the server reads it), and NULL on either side is written as it is. Kinds in a rule
 * are sets (LW_KINDS(...)); LW_ARITHF_EITHER matches the sets either way round.
 */
#ifndef LW_SHIM_ARITH_H
#define LW_SHIM_ARITH_H

#include <stdint.h>

#include "dialect/expr.h"

/* The arguments of one checked chain (SQLite allows 127 by default). */
#ifndef LW_ARITH_MAX_CHAIN
#define LW_ARITH_MAX_CHAIN 121
#endif

typedef enum lw_arith_writing {
    LW_ARITH_INFIX = 1,
    LW_ARITH_CHECKED,
    LW_ARITH_EXACT,
    LW_ARITH_CALL,
    LW_ARITH_REFUSE,
    LW_ARITH_NO_OPERATOR,
    LW_ARITH_NOT_UNIQUE,
} lw_arith_writing;

#define LW_ARITHF_EITHER 0x01   /* the kinds may stand either way round */
#define LW_ARITHF_SWAP 0x02     /* LW_ARITH_CALL: fn(R, L, ...) */
#define LW_ARITHF_SIGN 0x04     /* LW_ARITH_CALL: a last argument 1, or -1 for minus */
#define LW_ARITHF_OPERATOR 0x08 /* LW_ARITH_CALL: the operator as the first argument */
#define LW_ARITHF_SOURCE                                                                           \
    0x10 /* LW_ARITH_CALL: the expression as the server prints it                                  \
            (rules->expression_text) as the last argument */
#define LW_ARITHF_DIGITS                                                                           \
    0x20 /* LW_ARITH_CALL: numeric constants go in as their digits                                 \
            ('0.1', not the double 0.1): an exact function */

/* A set of kinds: bit k for kind k. */
#define LW_KIND_BIT(k) ((uint64_t)1 << (k))
#define LW_KINDS_INT (LW_KIND_BIT(LW_K_INT2) | LW_KIND_BIT(LW_K_INT4) | LW_KIND_BIT(LW_K_INT8))
#define LW_KINDS_ANY (~(uint64_t)0)

struct lw_arith_rule {
    const char *ops; /* the operators it covers: "+-" */
    uint64_t left, right;
    unsigned flags; /* LW_ARITHF_* */
    lw_arith_writing writing;
    const char *text; /* LW_ARITH_CALL: the function; LW_ARITH_REFUSE: what;
                         LW_ARITH_INFIX/CHECKED: the function of / and %, or NULL */
    lw_kind result;   /* LW_K_UNKNOWN for LW_ARITH_CHECKED/EXACT, which know theirs */
};

/*
 * L op R (op one of + - * / %): e is the left operand (written from e->start, its
 * text lt), right the right one (text rt); both texts are consumed. Writes the
 * result and sets e's kind.
 */
void lw_arithmetic(lw_walker *w, lw_expr *e, char op, const lw_expr *right, char *lt, char *rt);
/*
 * Whether text (an operand as written) is one call fn(...) whole, blanks and outer
 * parentheses aside, and with `carrier` the exact-numeric carrier around it
 * ((CAST(fn(...) AS NUMERIC_TEXT) COLLATE DECIMAL), lw_exact_numeric_result) too:
 * then text[*from] is where fn starts, text[*close] its closing parenthesis, and *args
 * how many arguments it has. A dialect that writes a chain of operators as one call
 * continues its left operand's chain with it, so that the chain nests no deeper than
 * its parentheses do.
 */
int lw_chain_call(const char *text, const char *fn, int carrier, size_t *from, size_t *close,
                  int *args);
/* The operator does not exist for these operands: the dialect's no_operator error. */
void lw_no_operator(lw_walker *w, const char *left, const char *op, const char *right);
/* -x for x written from inner->start after "- " at e->start: integers range-checked,
 * exact numerics through decimal_neg; other kinds have no unary minus. */
void lw_unary_minus(lw_walker *w, lw_expr *e, const lw_expr *inner);

#endif
