/*
 * libFuzzer target: the postgresql dialect's rewriter on arbitrary text. Every
 * statement is lexed with PostgreSQL's rules and translated; a translation must
 * either fail with a SQLSTATE and a message or produce SQL that SQLite prepares as
 * exactly one statement (nothing after it but blanks: the rewriter never lets a
 * second statement through) or rejects with a clean error; the identifier-case
 * check (dialect/postgresql/identifiers.h) then reads every translation against a schema with
 * mixed-case names and either passes it or fails cleanly. Never a crash, a leak or undefined
 * behaviour.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/dialect.h"
#include "core/lexer.h"
#include "likewise.h"
#include "likewise_ext.h"
#include "dialect/postgresql/runtime.h"
#include "dialect/postgresql/identifiers.h"
#include "fuzz_rewriter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;
static lw_pg_names *names; /* the check's cache, kept for the run like db */
static void *dialect_state;

/* One connection for the whole run, with the extension, the dialect's state (its
 * functions; the rewriter reads column types through it) and a few tables with the
 * declared types the dialect's CREATE TABLE writes, so that column references can
 * prepare and typed arithmetic is exercised. */
static sqlite3 *database(void)
{
    if (db)
        return db;
    char *err = NULL;
    lw_dialect_error derr = {{0}, 0, NULL, 0};
    if (sqlite3_open(":memory:", &db) != SQLITE_OK || sqlite3_likewise_init(db, &err, NULL) ||
        lw_dialect_postgresql.on_open(db, &dialect_state, &derr) ||
        sqlite3_exec(db,
                     "CREATE TABLE t(a, b, c, id INTEGER PRIMARY KEY, j JSONB, s TEXT);"
                     "CREATE TABLE accounts(id INT, owner TEXT, balance INT);"
                     "CREATE TABLE \"Mixed\"(\"Id\" INT, name TEXT);"
                     "CREATE TABLE o(id INTEGER, q SMALLINT, big BIGINT, "
                     "total NUMERIC_TEXT(10,2) COLLATE DECIMAL, r DOUBLE PRECISION, d DATE, "
                     "ts TIMESTAMP, tz TIMESTAMPTZ, flag BOOLEAN, u UUID);",
                     NULL, NULL, &err))
        abort();
    return db;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    lw_tokens toks = {0};
    lw_lex_error lerr = {NULL, 0};
    if (lw_lex(text, size, lw_dialect_postgresql.lex_flags, &toks, &lerr) != 0) {
        lw_tokens_free(&toks);
        return 0;
    }
    lw_param_map params = {0};
    database();
    for (size_t start = 0; start <= toks.len;) {
        size_t end = lw_statement_end(text, toks.items, toks.len, start);
        lw_sqlbuf out = {0};
        lw_dialect_error err = {{0}, 0, NULL, 0};
        lw_translation t = {text,        toks.items ? toks.items + start : NULL,
                            end - start, &out,
                            &params,     &err,
                            NULL,        dialect_state,
                            NULL};
        int rc = lw_dialect_postgresql.translate(&lw_dialect_postgresql, &t);
        if (fuzz_check_translation(database(), rc, &err, &out)) {
            rc = lw_pg_check_identifiers(database(), &names, out.s, 1, &err);
            if (rc != 0 && rc != LW_ENOMEM && (strlen(err.sqlstate) != 5 || !err.message))
                abort();
        }
        lw_sqlbuf_free(&out);
        lw_dialect_error_clear(&err);
        start = end + 1;
    }
    sqlite3_free(params.refs);
    lw_tokens_free(&toks);
    return 0;
}
