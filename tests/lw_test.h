/*
 * Shared fixtures for the cmocka programs: a group fixture that opens an in-memory
 * database with the statically linked extension, and helpers that run a query and
 * compare its first value as text.
 */
#ifndef LW_TEST_H
#define LW_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "likewise_ext.h"

/* Group setup: *state becomes a sqlite3* on ":memory:" with likewise registered. */
static inline int lw_test_open(void **state)
{
    sqlite3 *db = NULL;
    char *err = NULL;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        return -1;
    if (sqlite3_likewise_init(db, &err, NULL) != SQLITE_OK) {
        fprintf(stderr, "likewise init failed: %s\n", err ? err : "?");
        sqlite3_free(err);
        sqlite3_close(db);
        return -1;
    }
    *state = db;
    return 0;
}

static inline int lw_test_close(void **state)
{
    return sqlite3_close(*state) == SQLITE_OK ? 0 : -1;
}

/*
 * Runs sql and returns its first row's first value as malloc'ed text: the value,
 * "NULL", "(no rows)", or "ERROR: <message>" when preparing or stepping fails.
 */
static inline char *lw_test_scalar(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    char buf[4096];
    const char *result = buf;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
        snprintf(buf, sizeof buf, "ERROR: %s", sqlite3_errmsg(db));
    } else {
        int rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            const char *t = (const char *)sqlite3_column_text(stmt, 0);
            result = t ? t : "NULL";
        } else if (rc == SQLITE_DONE) {
            result = "(no rows)";
        } else {
            snprintf(buf, sizeof buf, "ERROR: %s", sqlite3_errmsg(db));
        }
    }
    char *copy = strdup(result);
    sqlite3_finalize(stmt);
    return copy;
}

/* Asserts that the first value of sql, as text, is expected (see lw_test_scalar). */
#define assert_sql(db, sql, expected)                                                              \
    do {                                                                                           \
        char *got_ = lw_test_scalar((db), (sql));                                                  \
        if (strcmp(got_, (expected)) != 0)                                                         \
            fprintf(stderr, "  SQL: %s\n", (sql));                                                 \
        assert_string_equal(got_, (expected));                                                     \
        free(got_);                                                                                \
    } while (0)

/* Asserts that sql fails with a message containing fragment. */
#define assert_sql_error(db, sql, fragment)                                                        \
    do {                                                                                           \
        char *got_ = lw_test_scalar((db), (sql));                                                  \
        if (strncmp(got_, "ERROR: ", 7) != 0 || !strstr(got_, (fragment)))                         \
            fprintf(stderr, "  SQL: %s\n  got: %s\n  wanted an error containing: %s\n", (sql),     \
                    got_, (fragment));                                                             \
        assert_true(strncmp(got_, "ERROR: ", 7) == 0 && strstr(got_, (fragment)));                 \
        free(got_);                                                                                \
    } while (0)

#endif
