/*
 * The dialects' catalog helpers and exec function (catalog.h).
 */
#include "dialect/catalog.h"

#include <string.h>

#include "common/glue.h"

void lw_exec_function(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (!lw_any_null(argc, argv))
        lw_result_exec(ctx, (const char *)sqlite3_value_text(argv[0]));
}

void lw_result_exec(sqlite3_context *ctx, const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(sqlite3_context_db_handle(ctx), sql, NULL, NULL, &err);
    if (rc != SQLITE_OK) {
        sqlite3_result_error(ctx, err ? err : sqlite3_errstr(rc), -1);
        sqlite3_result_error_code(ctx, rc);
    } else {
        sqlite3_result_int(ctx, 1);
    }
    sqlite3_free(err);
}

char *lw_catalog_text(sqlite3 *db, const char *sql, const char *a, const char *b)
{
    sqlite3_stmt *stmt = NULL;
    char *result = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK) {
        if (a)
            sqlite3_bind_text(stmt, 1, a, -1, SQLITE_STATIC);
        if (b)
            sqlite3_bind_text(stmt, 2, b, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL)
            result = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return result;
}

void lw_result_dialect_error(sqlite3_context *ctx, const char *prefix, const char *code,
                             const char *fmt, va_list ap)
{
    char *msg = sqlite3_vmprintf(fmt, ap);
    char *full = msg ? sqlite3_mprintf("%s%s: %s", prefix, code, msg) : NULL;
    if (full)
        sqlite3_result_error(ctx, full, -1);
    else
        sqlite3_result_error_nomem(ctx);
    sqlite3_free(full);
    sqlite3_free(msg);
}

const char *lw_split_dialect_error(const char *msg, const char *prefix, char *code, size_t size)
{
    size_t k = strlen(prefix);
    if (!msg || strncmp(msg, prefix, k) != 0)
        return NULL;
    const char *colon = strchr(msg + k, ':');
    size_t n = colon ? (size_t)(colon - msg - k) : 0;
    if (n == 0 || n >= size || colon[1] != ' ')
        return NULL;
    memcpy(code, msg + k, n);
    code[n] = 0;
    return colon + 2;
}
