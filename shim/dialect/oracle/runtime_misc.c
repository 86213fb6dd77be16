/*
 * The oracle dialect's functions that belong to no data type:
 *
 *   ora_user(), ora_uid()      USER (LIKEWISE) and UID (docs/oracle.md, 1.3)
 *   ora_sys_guid()             SYS_GUID: 16 random bytes, a RAW
 *   ora_reflags(M)             Oracle's match_parameter (i c n m x; the last of i and c
 *                              wins) as the regexp module's flags: without n the period
 *                              does not match a newline (p), with m ^ and $ match at
 *                              lines (n, or w with n); another letter is ORA-01760
 *   ora_to_boolean(X)          TO_BOOLEAN (23ai): numbers (0 is FALSE) and the strings
 *                              true/false, yes/no, on/off, 1/0, t/f, y/n (ORA-61800)
 *   ora_store_bool(X)          a value stored into a BOOLEAN column
 *   ora_single(N, X)           X when the scalar subquery returned at most one row (N its
 *                              row count), else ORA-01427
 */
#include <string.h>

#include "dialect/oracle/runtime_int.h"

static void user_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_text(ctx, ORA_USER, -1, SQLITE_STATIC);
}

static void uid_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_int(ctx, ORA_UID);
}

static void sys_guid_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    unsigned char g[16];
    sqlite3_randomness(sizeof g, g);
    sqlite3_result_blob(ctx, g, sizeof g, SQLITE_TRANSIENT);
}

static void reflags_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    size_t n;
    const char *m = ora_arg_text(argv, 0, &n);
    char cs = 0;
    int dot_nl = 0, multi = 0, extended = 0;
    for (size_t i = 0; m && i < n; i++) {
        switch (m[i]) {
        case 'i':
        case 'c':
            cs = m[i];
            break;
        case 'n':
            dot_nl = 1;
            break;
        case 'm':
            multi = 1;
            break;
        case 'x':
            extended = 1;
            break;
        default:
            ora_error(ctx, 1760, "illegal argument for function");
            return;
        }
    }
    char out[8];
    size_t k = 0;
    if (cs == 'i')
        out[k++] = 'i';
    out[k++] = multi ? (dot_nl ? 'w' : 'n') : (dot_nl ? 's' : 'p');
    if (extended)
        out[k++] = 'x';
    sqlite3_result_text(ctx, out, (int)k, SQLITE_TRANSIENT);
}

/* 1, 0 or -1 (not a boolean) for a value. */
static int truth(sqlite3_value *v)
{
    if (sqlite3_value_type(v) == SQLITE_INTEGER || sqlite3_value_type(v) == SQLITE_FLOAT)
        return sqlite3_value_double(v) != 0;
    size_t n;
    const char *s = ora_arg_text(&v, 0, &n);
    static const char *const yes[] = {"true", "yes", "on", "1", "t", "y"};
    static const char *const no[] = {"false", "no", "off", "0", "f", "n"};
    while (n && s[n - 1] == ' ')
        n--;
    while (n && *s == ' ')
        s++, n--;
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strlen(yes[i]) == n && !sqlite3_strnicmp(s, yes[i], (int)n))
            return 1;
        if (strlen(no[i]) == n && !sqlite3_strnicmp(s, no[i], (int)n))
            return 0;
    }
    lw_decimal d;
    lw_decimal_init(&d);
    int t = ora_number_parse(s, n, &d) == 0 ? lw_decimal_sign(&d) != 0 : -1;
    lw_decimal_clear(&d);
    return t;
}

static void to_boolean_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    size_t n;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
        (sqlite3_value_type(argv[0]) == SQLITE_TEXT && !ora_arg_text(argv, 0, &n))) {
        sqlite3_result_null(ctx);
        return;
    }
    int t = truth(argv[0]);
    if (t < 0)
        ora_error(ctx, 61800, "invalid boolean value");
    else
        sqlite3_result_int(ctx, t);
}

/* MERGE: a target row matched by more than one source row (n) cannot be updated. */
static void merge_unstable_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_int64(argv[0]) > 1)
        ora_error(ctx, 30926, "unable to get a stable set of rows in the source tables");
    else
        sqlite3_result_int(ctx, 0);
}

static void single_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_int64(argv[0]) > 1) {
        ora_error(ctx, 1427, "single-row subquery returns more than one row");
        return;
    }
    sqlite3_result_value(ctx, argv[1]);
}

/* ALTER SESSION SET name = value (0 when done: the statement's WHERE stays false). */
static void alter_session_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    const char *value = (const char *)sqlite3_value_text(argv[1]);
    const char *msg = NULL;
    if (ora_session_set(ora_session_of(ctx), name ? name : "", value ? value : "", &msg)) {
        if (msg && !strncmp(msg, "ORA-", 4))
            lw_result_errorf(ctx, "%s", msg);
        else if (msg)
            ora_error(ctx, 2248, "invalid option for ALTER SESSION");
        else
            sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_int(ctx, 0);
}

/* ora_connect_by_row(rowid): the rowid of a row a hierarchical query visits; a view's
 * rows have none (connect_by.c). */
static void connect_by_row_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        lw_result_errorf(ctx, "0A000: CONNECT BY over a view is not supported by the oracle "
                              "dialect");
        return;
    }
    sqlite3_result_value(ctx, argv[0]);
}

/* ora_connect_by_loop(rowid): a row met again on its own path (connect_by.c). */
static void connect_by_loop_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    ora_error(ctx, 1436, "CONNECT BY loop in user data");
}

const ora_function_def ora_misc_functions[] = {
    ORA_PURE("ora_user", 0, user_fn),
    ORA_PURE("ora_uid", 0, uid_fn),
    {{"ora_sys_guid", 0, SQLITE_UTF8, sys_guid_fn, NULL, NULL, NULL, NULL}, 0},
    ORA_PURE("ora_reflags", 1, reflags_fn),
    ORA_PURE("ora_to_boolean", 1, to_boolean_fn),
    ORA_PURE("ora_store_bool", 1, to_boolean_fn),
    ORA_PURE("ora_single", 2, single_fn),
    ORA_PURE("ora_connect_by_row", 1, connect_by_row_fn),
    ORA_PURE("ora_connect_by_loop", 1, connect_by_loop_fn),
    ORA_PURE("ora_merge_unstable", 1, merge_unstable_fn),
    {{"ora_alter_session", 2, SQLITE_UTF8, alter_session_fn, NULL, NULL, NULL, NULL}, 1},
    {{NULL, 0, 0, NULL, NULL, NULL, NULL, NULL}, 0},
};
