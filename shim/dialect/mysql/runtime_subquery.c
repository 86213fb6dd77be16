/*
 * my_one_row(V), the aggregate a scalar subquery's rows go through (subqueries.c
 * writes it over the subquery with LIMIT 2): the value of its one row, NULL for none,
 * and error 1242 (21000) "Subquery returns more than 1 row" at a second row, as
 * MariaDB raises it when the subquery runs.
 */
#include "dialect/mysql/runtime_int.h"

typedef struct one_row {
    sqlite3_int64 rows;
    sqlite3_value *value; /* the first row's, owned */
} one_row;

static void one_row_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    one_row *r = sqlite3_aggregate_context(ctx, sizeof *r);
    if (!r) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (++r->rows > 1) {
        my_error(ctx, 1242, "Subquery returns more than 1 row");
        return;
    }
    r->value = sqlite3_value_dup(argv[0]);
    if (!r->value)
        sqlite3_result_error_nomem(ctx);
}

static void one_row_final(sqlite3_context *ctx)
{
    one_row *r = sqlite3_aggregate_context(ctx, 0);
    if (!r)
        return;
    if (r->value && r->rows == 1)
        sqlite3_result_value(ctx, r->value);
    sqlite3_value_free(r->value);
}

const lw_function_def my_subquery_functions[] = {
    {"my_one_row", 1, MY_SESSION_FN, NULL, one_row_step, one_row_final, NULL, NULL},
};
const size_t my_subquery_functions_n =
    sizeof my_subquery_functions / sizeof my_subquery_functions[0];
