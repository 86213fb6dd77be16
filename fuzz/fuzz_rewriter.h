/*
 * What the rewriters' fuzz targets (fuzz_pg_rewriter.c, fuzz_mysql_rewriter.c,
 * fuzz_oracle_rewriter.c) share: the check of every translation, and for one dialect on
 * one connection the connection and the walk over an input's statements.
 */
#ifndef LW_FUZZ_REWRITER_H
#define LW_FUZZ_REWRITER_H

#include <stdlib.h>
#include <string.h>

#include "core/lexer.h"
#include "dialect/dialect.h"
#include "likewise.h"
#include "likewise_ext.h"

static inline int fuzz_blank(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    return *s == 0;
}

/* A translation (translate's rc, err and out) either failed with a SQLSTATE and a
 * message or wrote SQL that SQLite prepares on db as exactly one statement (nothing
 * after it but blanks: the rewriter never lets a second statement through) or rejects
 * with a clean error; anything else aborts. Returns 1 when there is SQL to read
 * further. */
static inline int fuzz_check_translation(sqlite3 *db, int rc, const lw_dialect_error *err,
                                         const lw_sqlbuf *out)
{
    if (rc != 0 && rc != LW_ENOMEM && (strlen(err->sqlstate) != 5 || !err->message))
        abort(); /* a refusal always says what and why */
    if (rc != 0 || !out->s)
        return 0;
    sqlite3_stmt *stmt = NULL;
    const char *tail = NULL;
    if (sqlite3_prepare_v2(db, out->s, (int)out->len, &stmt, &tail) == SQLITE_OK && stmt && tail &&
        !fuzz_blank(tail))
        abort(); /* a second statement smuggled through */
    sqlite3_finalize(stmt);
    return 1;
}

/* The connection of a whole run: the extension, the dialect's state (on_open, kept in
 * *state) and what setup_sql makes (tables with the declared types the dialect's CREATE
 * TABLE writes). Aborts when it cannot be had. */
static inline sqlite3 *fuzz_open_dialect(const lw_dialect *dialect, void **state,
                                         const char *setup_sql)
{
    sqlite3 *db = NULL;
    char *err = NULL;
    lw_dialect_error derr = {{0}, 0, NULL, 0};
    if (sqlite3_open(":memory:", &db) != SQLITE_OK || sqlite3_likewise_init(db, &err, NULL) ||
        dialect->on_open(db, state, &derr) || sqlite3_exec(db, setup_sql, NULL, NULL, &err))
        abort();
    return db;
}

/* What a target checks of one translation: translate's rc, its error and its SQL. */
typedef void (*fuzz_check_fn)(int rc, const lw_dialect_error *err, const lw_sqlbuf *out);

/* Lexes text with the dialect's rules and translates every statement with the
 * connection's dialect state, handing each translation to check. described: translate
 * gets a plain statement's description, as the core gives one (the walk then also
 * records what the dialect keeps for the statement, freed here after check). */
static inline void fuzz_translate_each(const lw_dialect *dialect, void *state, const char *text,
                                       size_t size, int described, fuzz_check_fn check)
{
    lw_tokens toks = {0};
    lw_lex_error lerr = {NULL, 0};
    if (lw_lex(text, size, dialect->lex_flags, &toks, &lerr) != 0) {
        lw_tokens_free(&toks);
        return;
    }
    lw_param_map params = {0};
    for (size_t start = 0; start <= toks.len;) {
        size_t end = lw_statement_end(text, toks.items, toks.len, start);
        lw_sqlbuf out = {0};
        lw_dialect_error err = {{0}, 0, NULL, 0};
        lw_stmt_desc desc;
        memset(&desc, 0, sizeof desc);
        lw_translation t = {text,
                            toks.items ? toks.items + start : NULL,
                            end - start,
                            &out,
                            &params,
                            &err,
                            described ? &desc : NULL,
                            state,
                            NULL};
        int rc = dialect->translate(dialect, &t);
        check(rc, &err, &out);
        if (t.stmt_data && dialect->free_stmt_data)
            dialect->free_stmt_data(t.stmt_data);
        lw_sqlbuf_free(&out);
        lw_dialect_error_clear(&err);
        start = end + 1;
    }
    sqlite3_free(params.refs);
    lw_tokens_free(&toks);
}

#endif
