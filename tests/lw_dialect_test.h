/*
 * Shared helper of the dialects' cmocka programs: what a dialect's rewriter makes of
 * one statement, called directly (no connection: the dialect's session defaults).
 */
#ifndef LW_DIALECT_TEST_H
#define LW_DIALECT_TEST_H

#include "lw_test.h"

#include "dialect/dialect.h"

/* The translation of sql by dialect d, runs of spaces squeezed (the spaces between
 * tokens are the rewriter's own), in a static buffer; a refusal or an error as
 * "ERROR <sqlstate>: <message>", or with mysql_errno "ERROR <errno> (<sqlstate>):
 * <message>" (the MySQL client's form). */
static inline const char *lw_test_translate(const lw_dialect *d, const char *sql, int mysql_errno)
{
    static char buf[2048];
    lw_tokens toks = {0};
    lw_lex_error lerr = {NULL, 0};
    assert_int_equal(lw_lex(sql, strlen(sql), d->lex_flags, &toks, &lerr), 0);
    lw_sqlbuf out = {0};
    lw_param_map params = {0};
    lw_dialect_error err = {{0}, 0, NULL, 0};
    lw_translation t = {sql, toks.items, toks.len, &out, &params, &err, NULL, NULL, NULL};
    int rc = d->translate(d, &t);
    const char *msg = err.message ? err.message : "";
    if (rc && mysql_errno)
        snprintf(buf, sizeof buf, "ERROR %d (%s): %s", err.mysql_errno, err.sqlstate, msg);
    else if (rc)
        snprintf(buf, sizeof buf, "ERROR %s: %s", err.sqlstate, msg);
    else
        snprintf(buf, sizeof buf, "%s", out.s ? out.s : "");
    char *w = buf;
    for (char *p = buf; *p; p++)
        if (!(*p == ' ' && (w == buf || w[-1] == ' ')))
            *w++ = *p;
    if (w > buf && w[-1] == ' ')
        w--;
    *w = 0;
    if (t.stmt_data)
        d->free_stmt_data(t.stmt_data);
    lw_sqlbuf_free(&out);
    sqlite3_free(params.refs);
    lw_dialect_error_clear(&err);
    lw_tokens_free(&toks);
    return buf;
}

#endif
