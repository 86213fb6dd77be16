/*
 * What the rewriters' fuzz targets (fuzz_pg_rewriter.c, fuzz_mysql_rewriter.c) check
 * of every translation.
 */
#ifndef LW_FUZZ_REWRITER_H
#define LW_FUZZ_REWRITER_H

#include <stdlib.h>
#include <string.h>

#include "dialect/dialect.h"
#include "likewise.h"

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

#endif
