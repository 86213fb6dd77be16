/*
 * ALTER TABLE's SQL functions (registered by runtime.c; the work is alter_apply.c's):
 *
 *   my_alter_table(TABLE, ACTIONS)     applies alter.c's actions to TABLE, all or nothing
 *   my_rename_tables(A, B, ...)        RENAME TABLE a TO b, ...: all or nothing
 *   my_create_like(TABLE, SOURCE, IF_NOT_EXISTS)   CREATE TABLE ... LIKE (alter_apply.c)
 *   my_alter_not_null(V, COLUMN, ROW)  V, or 1265 "Data truncated for column 'c' at row
 *                                      N" when V is NULL: a NULL copied into a column
 *                                      that became NOT NULL (MariaDB's strict mode)
 *
 * NULL arguments: my_alter_table names its arguments in its error; my_alter_not_null
 * passes V through.
 */
#include "dialect/mysql/runtime_int.h"

static void alter_table_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *table = (const char *)sqlite3_value_text(argv[0]);
    const char *spec = (const char *)sqlite3_value_text(argv[1]);
    if (!table || !spec) {
        sqlite3_result_error(ctx, "my_alter_table(): arguments must be a table and its actions",
                             -1);
        return;
    }
    my_alter_apply(ctx, MY_SESSION(ctx), table, spec);
}

/* my_rename_tables(A, B, C, D, ...): RENAME TABLE a TO b, c TO d, all or nothing. */
static void rename_tables_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    if (argc % 2) {
        sqlite3_result_error(ctx, "my_rename_tables(): arguments must be pairs of names", -1);
        return;
    }
    int rc = sqlite3_exec(db, "SAVEPOINT my_renames", NULL, NULL, NULL);
    for (int i = 0; i + 1 < argc && rc == SQLITE_OK; i += 2) {
        const char *from = (const char *)sqlite3_value_text(argv[i]);
        const char *to = (const char *)sqlite3_value_text(argv[i + 1]);
        char *spec = to ? sqlite3_mprintf("N\x1f%s\x1f\x1e", to) : NULL;
        if (!from || !spec) {
            sqlite3_free(spec);
            sqlite3_result_error_nomem(ctx);
            rc = SQLITE_NOMEM;
            break;
        }
        rc = my_alter_apply(ctx, MY_SESSION(ctx), from, spec);
        sqlite3_free(spec);
    }
    if (rc != SQLITE_OK)
        sqlite3_exec(db, "ROLLBACK TO my_renames", NULL, NULL, NULL);
    sqlite3_exec(db, "RELEASE my_renames", NULL, NULL, NULL);
}

/* my_create_like(TABLE, SOURCE, IF_NOT_EXISTS) */
static void create_like_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *table = (const char *)sqlite3_value_text(argv[0]);
    const char *source = (const char *)sqlite3_value_text(argv[1]);
    if (!table || !source) {
        sqlite3_result_error(ctx, "my_create_like(): arguments must be two table names", -1);
        return;
    }
    my_create_like_apply(ctx, MY_SESSION(ctx), table, source, sqlite3_value_int(argv[2]));
}

/* my_alter_not_null(V, COLUMN, ROW) */
static void not_null_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) != SQLITE_NULL) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    const char *col = (const char *)sqlite3_value_text(argv[1]);
    my_error(ctx, 1265, "Data truncated for column '%s' at row %d", col ? col : "",
             sqlite3_value_int(argv[2]));
}

const lw_function_def my_alter_functions[] = {
    {"my_alter_table", 2, LW_STATEFUL, alter_table_func, NULL, NULL, NULL, NULL},
    {"my_rename_tables", -1, LW_STATEFUL, rename_tables_func, NULL, NULL, NULL, NULL},
    {"my_create_like", 3, LW_STATEFUL, create_like_func, NULL, NULL, NULL, NULL},
    {"my_alter_not_null", 3, SQLITE_UTF8, not_null_func, NULL, NULL, NULL, NULL},
};
const size_t my_alter_functions_n = sizeof my_alter_functions / sizeof my_alter_functions[0];
