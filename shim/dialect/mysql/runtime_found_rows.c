/*
 * FOUND_ROWS() and my_found_rows(N, V), the functions behind SELECT SQL_CALC_FOUND_ROWS
 * (found_rows.c has the SQL and the rules): my_found_rows records the running SELECT's
 * count and returns V; FOUND_ROWS() returns the previous SELECT's count (row_count.c
 * moves it when a SELECT starts), and is 1235 when that SELECT was not counted.
 */
#include "dialect/mysql/runtime_int.h"

/* my_found_rows(N, V): N is the running SELECT's count for the next FOUND_ROWS(); V
 * passes through (the LIMIT value it carries). */
static void note_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    MY_SESSION(ctx)->found_rows = sqlite3_value_int64(argv[0]);
    sqlite3_result_value(ctx, argv[1]);
}

static void found_rows_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    my_session *s = MY_SESSION(ctx);
    if (s->found_rows_before < 0) {
        my_error(ctx, 1235,
                 "FOUND_ROWS() after a SELECT without SQL_CALC_FOUND_ROWS is not supported by the "
                 "%s dialect",
                 s->flavor->name);
        return;
    }
    sqlite3_result_int64(ctx, s->found_rows_before);
}

const lw_function_def my_found_rows_functions[] = {
    {"my_found_rows", 2, SQLITE_UTF8, note_func, NULL, NULL, NULL, NULL},
    {"found_rows", 0, SQLITE_UTF8, found_rows_func, NULL, NULL, NULL, NULL},
};
const size_t my_found_rows_functions_n =
    sizeof my_found_rows_functions / sizeof my_found_rows_functions[0];
