/*
 * A statement for a server, as the caller wrote it: the server speaks its own SQL, so
 * nothing is translated. Only the parameters change: whatever style the caller used
 * (?, ?NNN, $1, :1, :name, @name, $name, %s, %(name)s) becomes the server's own
 * placeholder, and the value goes to the server as a real parameter, never spliced
 * into the text:
 *
 *   PostgreSQL  $k, where k is the statement's k-th distinct parameter (a number or a
 *               name used twice is one $k, so the server infers one type for it)
 *   MariaDB     ?, one per occurrence in order; c->slots says which parameter each
 *               takes (a name used twice is bound twice). @name is MariaDB's user
 *               variable (SET @x = 1; user@host), so it stays as written and is no
 *               parameter there: use :name or %(name)s for named parameters
 *
 * On PostgreSQL a ? right after an operand (a column or other name, a literal, a
 * closing bracket) is the jsonb operator ?, ?| or ?&, as the embedded postgresql
 * dialect reads it, and stays as written; after an operator, a bracket, a comma or a
 * keyword that an expression may follow (SELECT, WHERE, AND, LIMIT...) it is a
 * parameter. A ? the server then reads otherwise makes the values' count differ from
 * the statement's, which is refused (08P01) before anything runs. Likewise inside
 * brackets :N or :name right after an operand is an array slice (a[1:2], a[lo:hi]),
 * kept as written; a[:n] (after the bracket) takes the parameter n.
 *
 * Every other token is copied byte for byte (comments, dollar quotes, E'' and
 * backslash strings, the server reads them itself), except %% which is the format
 * styles' escape for a literal %. The statement is described (describe.h) as on the
 * embedded backend, without removing its locking clause: FOR UPDATE is the server's.
 */
#include <stdlib.h>
#include <string.h>

#include "core/shim_int.h"

/* The parameter index lw_emit_token recorded for token i: it writes "?N" into a
 * scratch buffer (the embedded form), which is read back here, so that every style's
 * rules (families, numbers, names) live in one place, dialect.c. */
static int record_param(lw_translation *t, size_t i, lw_sqlbuf *scratch)
{
    lw_sqlbuf_reset(scratch);
    t->out = scratch;
    int rc = lw_emit_token(t, i);
    if (rc)
        return rc;
    if (scratch->oom || !scratch->s || scratch->s[0] != '?')
        return LW_ENOMEM;
    return atoi(scratch->s + 1);
}

/* Keywords an expression may follow, SQL's special function syntax included
 * (substring(x FROM ? FOR ?), overlay(x PLACING ?), trim(LEADING ? FROM x)): a ? after
 * one of them is a parameter. */
static const char *const operand_keywords[] = {
    "ALL",     "AND",      "ANY",     "ARRAY",     "AS",        "AT",        "BETWEEN",
    "BOTH",    "BY",       "CASE",    "CHECK",     "DEFAULT",   "DISTINCT",  "ELSE",
    "ESCAPE",  "EXCEPT",   "EXISTS",  "FETCH",     "FILTER",    "FIRST",     "FOR",
    "FROM",    "HAVING",   "ILIKE",   "IN",        "INTERSECT", "INTERVAL",  "IS",
    "LEADING", "LIKE",     "LIMIT",   "NEXT",      "NOT",       "OFFSET",    "ON",
    "OR",      "OVERLAPS", "PLACING", "PRECEDING", "RETURN",    "RETURNING", "ROW",
    "ROWS",    "SELECT",   "SET",     "SIMILAR",   "SOME",      "SYMMETRIC", "THEN",
    "TO",      "TRAILING", "UNION",   "USING",     "VALUES",    "VARIADIC",  "WHEN",
    "WHERE",   "WITH",     "ZONE",    NULL,
};

/* Whether the ? at toks[i] follows an operand (PostgreSQL's jsonb operator). */
static int after_operand(const char *text, const lw_token *toks, size_t i)
{
    size_t j = i;
    while (j > 0 && lw_token_is_blank(&toks[j - 1]))
        j--;
    if (j == 0)
        return 0;
    const lw_token *p = &toks[j - 1];
    switch (p->type) {
    case LW_TK_NUMBER:
    case LW_TK_STRING:
    case LW_TK_QIDENT:
    case LW_TK_RPAREN:
    case LW_TK_RBRACKET:
        return 1;
    case LW_TK_WORD:
        for (int k = 0; operand_keywords[k]; k++)
            if (lw_token_is_word(text, p, operand_keywords[k]))
                return 0;
        return 1;
    default:
        return 0;
    }
}

int lw_compile_for_server(lw_conn *conn, const char *text, const lw_token *toks, size_t n,
                          int anonymous_before, unsigned flags, lw_compiled *c)
{
    lw_token *kept = NULL;
    size_t n_kept = 0;
    if (lw_describe(text, toks, n, 0, &c->desc, &kept, &n_kept))
        return lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
    sqlite3_free(kept); /* the locking clause stays: the server locks the rows */
    if (c->desc.kind == LW_KIND_EMPTY)
        return 0;
    lw_sqlbuf out = {0}, scratch = {0};
    lw_dialect_error derr = {{0}, 0, NULL, 0};
    c->params.anonymous_seen = anonymous_before;
    lw_translation t = {text, toks, n, &scratch, &c->params, &derr, &c->desc, NULL, NULL};
    int rc = 0, cap = 0, brackets = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const lw_token *tok = &toks[i];
        if (tok->type == LW_TK_LBRACKET)
            brackets++;
        else if (tok->type == LW_TK_RBRACKET && brackets > 0)
            brackets--;
        if (tok->type == LW_TK_PARAM && !((flags & LW_PASS_AT_VARIABLES) && tok->sigil == '@') &&
            !((flags & LW_PASS_JSONB_QMARK) && tok->kind == LW_PARAM_QMARK && tok->length == 1 &&
              after_operand(text, toks, i)) &&
            !((flags & LW_PASS_ARRAY_SLICES) && brackets > 0 && tok->sigil == ':' &&
              after_operand(text, toks, i))) {
            int index = record_param(&t, i, &scratch);
            if (index < 0) {
                rc = index;
                break;
            }
            if (flags & LW_PASS_DOLLAR) {
                lw_sqlbuf_appendf(&out, "$%d", index);
                continue;
            }
            if (c->n_slots == cap) {
                cap = cap ? 2 * cap : 8;
                int *slots = sqlite3_realloc64(c->slots, (size_t)cap * sizeof *slots);
                if (!slots) {
                    rc = LW_ENOMEM;
                    break;
                }
                c->slots = slots;
            }
            c->slots[c->n_slots++] = index - 1;
            lw_sqlbuf_append(&out, "?", 1);
        } else if (tok->type == LW_TK_OPERATOR && (tok->flags & LW_TKF_PERCENT_ESCAPE)) {
            lw_sqlbuf_append(&out, "%", 1);
        } else {
            lw_sqlbuf_append(&out, text + tok->offset, tok->length);
        }
    }
    lw_sqlbuf_free(&scratch);
    if (rc == LW_ENOMEM || (rc == 0 && out.oom)) {
        lw_sqlbuf_free(&out);
        lw_dialect_error_clear(&derr);
        return lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
    }
    if (rc) {
        lw_sqlbuf_free(&out);
        return lw_error_from_dialect(&conn->err, rc, &derr);
    }
    lw_dialect_error_clear(&derr);
    c->sql = lw_sqlbuf_finish(&out);
    if (!c->sql)
        return lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
    return 0;
}
