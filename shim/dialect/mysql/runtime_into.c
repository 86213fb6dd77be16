/*
 * my_into(NAME, VALUE, ...): the aggregate behind SELECT ... INTO @var (select_into.c).
 * It keeps the first row's values and counts the rows; at the end one row sets each
 * user variable NAME to its VALUE, no row is warning 1329 "No data - zero rows
 * fetched, selected, or processed" (the variables keep their values), and more than
 * one row is error 1172 "Result consisted of more than one row", as MariaDB. It
 * always returns NULL. NULL values are stored as NULL.
 */
#include <string.h>

#include "dialect/mysql/runtime_int.h"

typedef struct into_state {
    sqlite3_int64 rows;
    int n;
    sqlite3_value **values; /* the first row's values (argv order), owned */
} into_state;

static void into_free(into_state *st)
{
    for (int i = 0; st->values && i < st->n; i++)
        sqlite3_value_free(st->values[i]);
    sqlite3_free(st->values);
    st->values = NULL;
}

static void into_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    into_state *st = sqlite3_aggregate_context(ctx, sizeof *st);
    if (!st) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (st->rows++ || argc < 2)
        return;
    st->values = sqlite3_malloc64((size_t)argc * sizeof *st->values);
    if (!st->values) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    memset(st->values, 0, (size_t)argc * sizeof *st->values);
    st->n = argc;
    for (int i = 0; i < argc; i++)
        if (!(st->values[i] = sqlite3_value_dup(argv[i]))) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
}

static void into_final(sqlite3_context *ctx)
{
    into_state *st = sqlite3_aggregate_context(ctx, 0);
    my_session *s = MY_SESSION(ctx);
    if (!st || !st->rows) {
        my_warn(s, LW_LEVEL_WARNING, 1329, "No data - zero rows fetched, selected, or processed");
    } else if (st->rows > 1) {
        my_error(ctx, 1172, "Result consisted of more than one row");
    } else if (st->values) {
        for (int i = 0; i + 1 < st->n; i += 2) {
            const char *name = (const char *)sqlite3_value_text(st->values[i]);
            if (my_set_user_var(s, name ? name : "", st->values[i + 1])) {
                sqlite3_result_error_nomem(ctx);
                break;
            }
        }
    }
    if (st)
        into_free(st);
}

const lw_function_def my_into_functions[] = {
    {"my_into", -1, SQLITE_UTF8, NULL, into_step, into_final, NULL, NULL},
};
const size_t my_into_functions_n = sizeof my_into_functions / sizeof my_into_functions[0];
