/*
 * SQL functions of the info module.
 *
 *   likewise_version()     -> TEXT, e.g. '0.1.0'
 *   likewise_build_info()  -> TEXT, e.g. 'likewise 0.1.0; ICU 72.1; Unicode 15.0;
 *                             SQLite 3.40.1; PCRE2 10.42 JIT; flags: -O2 -g'
 *
 * Neither takes arguments; neither returns NULL.
 */
#include "info/info_sql.h"
#include "common/glue.h"
#include "info/info.h"

static void version_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_text(ctx, lw_version(), -1, SQLITE_STATIC);
}

static void build_info_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    char buf[512];
    int n = lw_build_info(buf, (int)sizeof buf, sqlite3_libversion());
    if (n >= (int)sizeof buf)
        n = (int)sizeof buf - 1;
    sqlite3_result_text(ctx, buf, n, SQLITE_TRANSIENT);
}

static const lw_function_def info_functions[] = {
    {"likewise_version", 0, LW_PURE, version_func, NULL, NULL, NULL, NULL},
    {"likewise_build_info", 0, LW_PURE, build_info_func, NULL, NULL, NULL, NULL},
};

int lw_info_register(sqlite3 *db, char **pzErr)
{
    return lw_register_functions(db, info_functions,
                                 sizeof info_functions / sizeof info_functions[0], NULL, pzErr);
}
