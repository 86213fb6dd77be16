/*
 * An ENUM or SET value in a number context (registered by runtime.c; enums.c writes
 * the calls):
 *
 *   my_enum_number(V, TABLE, COLUMN)   an ENUM's 1-based index among its members (0 for
 *                                      the empty string MariaDB stores for an invalid
 *                                      value), a SET's bits (member i is 2^(i-1)), as
 *                                      MariaDB computes `e + 0`, `s & 2` and sorts an
 *                                      ENUM
 *
 * The members come from the dialect's catalog (_lw_mysql_columns, catalog.h), read once
 * per statement (sqlite3_set_auxdata on COLUMN). NULL is NULL; a column the catalog
 * does not know (dropped since the statement was written) gives V unchanged.
 */
#include <string.h>

#include "dialect/mysql/runtime_int.h"
#include "json/json.h"

typedef struct enum_members {
    lw_json json; /* the members, a JSON array of strings */
    int is_set;
} enum_members;

static void members_free(void *p)
{
    enum_members *m = p;
    lw_json_clear(&m->json);
    sqlite3_free(m);
}

/* The members of table.column, cached on argument 2; NULL when the catalog has none
 * (*failed set when an error was set on ctx). */
static enum_members *members_of_column(sqlite3_context *ctx, sqlite3_value **argv, int *failed)
{
    enum_members *m = sqlite3_get_auxdata(ctx, 2);
    *failed = 0;
    if (m)
        return m;
    sqlite3_stmt *st = NULL;
    int rc =
        sqlite3_prepare_v2(sqlite3_context_db_handle(ctx),
                           "SELECT data_type, members FROM _lw_mysql_columns WHERE "
                           "table_name = ?1 COLLATE NOCASE AND column_name = ?2 COLLATE NOCASE",
                           -1, &st, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(st);
        return NULL;
    }
    sqlite3_bind_value(st, 1, argv[1]);
    sqlite3_bind_value(st, 2, argv[2]);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 1) == SQLITE_TEXT) {
        m = sqlite3_malloc64(sizeof *m);
        if (!m) {
            sqlite3_finalize(st);
            sqlite3_result_error_nomem(ctx);
            *failed = 1;
            return NULL;
        }
        lw_json_init(&m->json);
        const char *type = (const char *)sqlite3_column_text(st, 0);
        m->is_set = type && !sqlite3_stricmp(type, "set");
        const char *text = (const char *)sqlite3_column_text(st, 1);
        if (lw_json_parse(&m->json, text, (size_t)sqlite3_column_bytes(st, 1), LW_JSON_KEEP_ORDER,
                          NULL) != LW_JSON_OK ||
            m->json.nodes[0].type != LW_JSON_ARRAY) {
            members_free(m);
            m = NULL;
        }
    }
    sqlite3_finalize(st);
    if (!m)
        return NULL;
    sqlite3_set_auxdata(ctx, 2, m, members_free);
    return sqlite3_get_auxdata(ctx, 2);
}

/* The 1-based position of member s[0..n) (exact bytes: values are stored as the
 * member is spelled), or 0. */
static int member_index(const lw_json *j, const char *s, size_t n)
{
    const lw_json_node *arr = &j->nodes[0];
    for (uint32_t i = 0; i < arr->len; i++) {
        const lw_json_node *m = &j->nodes[j->kids[arr->off + i]];
        if (m->type == LW_JSON_STRING && m->len == n && memcmp(j->bytes + m->off, s, n) == 0)
            return (int)i + 1;
    }
    return 0;
}

static void enum_number_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    int failed;
    enum_members *m = members_of_column(ctx, argv, &failed);
    if (failed)
        return;
    if (!m) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    s = s ? s : "";
    if (!m->is_set) {
        sqlite3_result_int(ctx, member_index(&m->json, s, n));
        return;
    }
    sqlite3_int64 bits = 0;
    for (size_t start = 0; start < n;) {
        const char *comma = memchr(s + start, ',', n - start);
        size_t end = comma ? (size_t)(comma - s) : n;
        int i = member_index(&m->json, s + start, end - start);
        if (i > 0 && i <= 63)
            bits |= (sqlite3_int64)1 << (i - 1);
        start = end + 1;
    }
    sqlite3_result_int64(ctx, bits);
}

const lw_function_def my_enum_functions[] = {
    {"my_enum_number", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, enum_number_func, NULL, NULL, NULL,
     NULL},
};
const size_t my_enum_functions_n = sizeof my_enum_functions / sizeof my_enum_functions[0];
