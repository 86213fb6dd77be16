/*
 * The dialects' catalog helpers and exec function (catalog.h).
 */
#include "dialect/catalog.h"

#include "common/glue.h"

void lw_exec_function(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (lw_any_null(argc, argv))
        return;
    char *err = NULL;
    int rc = sqlite3_exec(sqlite3_context_db_handle(ctx), (const char *)sqlite3_value_text(argv[0]),
                          NULL, NULL, &err);
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
