/*
 * libFuzzer target: the mariadb and mysql dialects' rewriter on arbitrary text (the
 * first byte chooses the dialect). Every statement is lexed with MySQL's rules
 * (executable comments, @variables, "-- " comments) and translated; a translation
 * must either fail with a SQLSTATE and a message or produce SQL that SQLite
 * prepares as exactly one statement (nothing after it but blanks: the rewriter never
 * lets a second statement through) or rejects with a clean error. Never a crash, a
 * leak or undefined behaviour.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/dialect.h"
#include "core/lexer.h"
#include "likewise.h"
#include "likewise_ext.h"
#include "fuzz_rewriter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct fuzz_conn {
    const lw_dialect *dialect;
    sqlite3 *db;
    void *state;
} fuzz_conn;

static fuzz_conn conns[2] = {{&lw_dialect_mariadb, NULL, NULL}, {&lw_dialect_mysql, NULL, NULL}};

/* Translates one statement of text (tokens [start, end)) into out. */
static int translate(fuzz_conn *c, const char *text, const lw_tokens *toks, size_t start,
                     size_t end, lw_param_map *params, lw_sqlbuf *out, lw_dialect_error *err)
{
    lw_translation t = {text,        toks->items ? toks->items + start : NULL,
                        end - start, out,
                        params,      err,
                        NULL,        c->state,
                        NULL};
    int rc = c->dialect->translate(c->dialect, &t);
    if (t.stmt_data)
        c->dialect->free_stmt_data(t.stmt_data);
    return rc;
}

/* One connection per dialect for the whole run, with the extension, the dialect's
 * state (its functions, the catalog the rewriter reads declared types from) and a
 * few tables made by the dialect's own CREATE TABLE, so that column references
 * prepare and typed arithmetic and collations are exercised. */
static fuzz_conn *connection(int which)
{
    fuzz_conn *c = &conns[which];
    if (c->db)
        return c;
    static const char *setup[] = {
        "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, a INT, b VARCHAR(20), "
        "c TEXT COLLATE utf8mb4_bin, d DECIMAL(10,2), e DOUBLE, f BIGINT UNSIGNED, "
        "g DATE, h DATETIME(6), i ENUM('x','y'), j JSON, k TINYINT(1), UNIQUE KEY kb (b))",
        "CREATE TABLE u (id INT PRIMARY KEY, t_id INT, name CHAR(10), "
        "FOREIGN KEY (t_id) REFERENCES t (id) ON DELETE CASCADE, CHECK (id > 0))",
    };
    char *msg = NULL;
    lw_dialect_error derr = {{0}, 0, NULL, 0};
    if (sqlite3_open(":memory:", &c->db) != SQLITE_OK || sqlite3_likewise_init(c->db, &msg, NULL) ||
        c->dialect->on_open(c->db, &c->state, &derr))
        abort();
    for (size_t i = 0; i < sizeof setup / sizeof *setup; i++) {
        lw_tokens toks = {0};
        lw_lex_error lerr = {NULL, 0};
        lw_param_map params = {0};
        lw_sqlbuf out = {0};
        if (lw_lex(setup[i], strlen(setup[i]), c->dialect->lex_flags, &toks, &lerr) != 0 ||
            translate(c, setup[i], &toks, 0, toks.len, &params, &out, &derr) != 0 ||
            sqlite3_exec(c->db, out.s, NULL, NULL, &msg) != SQLITE_OK)
            abort();
        lw_sqlbuf_free(&out);
        sqlite3_free(params.refs);
        lw_tokens_free(&toks);
    }
    return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    fuzz_conn *c = connection(data[0] & 1);
    const char *text = (const char *)data + 1;
    size--;
    lw_tokens toks = {0};
    lw_lex_error lerr = {NULL, 0};
    if (lw_lex(text, size, c->dialect->lex_flags, &toks, &lerr) != 0) {
        lw_tokens_free(&toks);
        return 0;
    }
    lw_param_map params = {0};
    for (size_t start = 0; start <= toks.len;) {
        size_t end = lw_statement_end(text, toks.items, toks.len, start);
        lw_sqlbuf out = {0};
        lw_dialect_error err = {{0}, 0, NULL, 0};
        int rc = translate(c, text, &toks, start, end, &params, &out, &err);
        fuzz_check_translation(c->db, rc, &err, &out);
        lw_sqlbuf_free(&out);
        lw_dialect_error_clear(&err);
        start = end + 1;
    }
    sqlite3_free(params.refs);
    lw_tokens_free(&toks);
    return 0;
}
