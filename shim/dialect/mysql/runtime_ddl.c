/*
 * The mysql and mariadb dialects' data definition as SQL functions (registered by
 * runtime.c), each called by one statement the rewriter wrote (statements.c,
 * columns.c):
 *
 *   my_create_table(NAME, IF_NOT_EXISTS, TEMPORARY, OR_REPLACE, SQL)   runs SQL (the
 *                  table, its indexes and triggers, its catalog rows) unless the table
 *                  exists: then note 1050 "Table 'x' already exists" with IF NOT
 *                  EXISTS, error 1050 without; OR REPLACE drops it first
 *   my_drop_tables(IF_EXISTS, TEMPORARY, NAME, ...)   drops the tables that exist with
 *                  their catalog rows; the missing ones are 1051 "Unknown table
 *                  'db.a,db.b'" (one note per table with IF EXISTS); a base table
 *                  another table's foreign key references (one the statement does
 *                  not drop too) is 1451 while foreign_key_checks is on, whatever
 *                  the rows (SQLite would delete them, cascading)
 *   my_truncate(NAME)   TRUNCATE: deletes every row and resets the AUTO_INCREMENT
 *                  counter; a missing table is 1146
 *   my_duplicate(KEY, VALUE)   INSERT IGNORE's duplicate row: warning 1062, and 0
 *   my_table_exists(NAME)   1, or 1146 for a table that does not exist (SHOW COLUMNS)
 *   my_key(TABLE, COLUMN, V)   V, remembered as the value of a unique key's column for
 *                  1062's message (errors.c)
 *
 * The catalog (catalog.h) is written in the statement's transaction: a failed CREATE
 * leaves neither the table nor its rows.
 */
#include <string.h>

#include "dialect/catalog.h"
#include "dialect/mysql/catalog.h"
#include "dialect/mysql/runtime_int.h"

/* Whether a table (or view) of that name exists, in the temporary schema or the main one
 * (temporary: only there). */
static int table_exists(sqlite3 *db, const char *name, int temporary)
{
    const char *sql = temporary
                          ? "SELECT 1 FROM temp.sqlite_schema WHERE type IN ('table', 'view') "
                            "AND name = ?1 COLLATE NOCASE"
                          : "SELECT 1 FROM sqlite_schema WHERE type IN ('table', 'view') AND "
                            "name = ?1 COLLATE NOCASE UNION ALL SELECT 1 FROM temp.sqlite_schema "
                            "WHERE type = 'table' AND name = ?1 COLLATE NOCASE";
    char *x = lw_catalog_text(db, sql, name, NULL);
    sqlite3_free(x);
    return x != NULL;
}

static void create_table_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    my_session *s = MY_SESSION(ctx);
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    int if_not_exists = sqlite3_value_int(argv[1]), temporary = sqlite3_value_int(argv[2]);
    int or_replace = sqlite3_value_int(argv[3]);
    const char *sql = (const char *)sqlite3_value_text(argv[4]);
    if (!name || !sql) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (table_exists(db, name, temporary)) {
        if (or_replace) {
            char *drop = sqlite3_mprintf("DROP TABLE %s\"%w\"; " MY_CATALOG_DDL MY_CATALOG_DROP,
                                         temporary ? "temp." : "", name, name, name, name);
            char *err = NULL;
            int rc = drop ? sqlite3_exec(db, drop, NULL, NULL, &err) : SQLITE_NOMEM;
            sqlite3_free(drop);
            if (rc != SQLITE_OK) {
                sqlite3_result_error(ctx, err ? err : sqlite3_errstr(rc), -1);
                sqlite3_result_error_code(ctx, rc);
                sqlite3_free(err);
                return;
            }
        } else if (if_not_exists) {
            my_warn(s, LW_LEVEL_NOTE, 1050, "Table '%s' already exists", name);
            sqlite3_result_int(ctx, 0);
            return;
        } else {
            my_error(ctx, 1050, "Table '%s' already exists", name);
            return;
        }
    }
    lw_result_exec(ctx, sql);
}

/* Whether a base table the statement does not drop (argv[2..argc)) has a foreign key
 * on the base table `name` (foreign_key_checks on): MariaDB refuses to drop a parent. */
static int referenced_elsewhere(sqlite3 *db, const char *name, int argc, sqlite3_value **argv)
{
    char *on =
        lw_catalog_text(db, "SELECT 1 FROM pragma_foreign_keys WHERE foreign_keys", NULL, NULL);
    sqlite3_free(on);
    if (!on || table_exists(db, name, 1))
        return 0;
    sqlite3_stmt *stmt = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT table_name FROM _lw_mysql_constraints WHERE kind = 'FOREIGN "
                           "KEY' AND ref_table = ?1 COLLATE NOCASE",
                           -1, &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
        while (!found && sqlite3_step(stmt) == SQLITE_ROW) {
            const char *child = (const char *)sqlite3_column_text(stmt, 0);
            found = child != NULL;
            for (int i = 2; i < argc && found; i++) {
                const char *dropped = (const char *)sqlite3_value_text(argv[i]);
                found = !dropped || sqlite3_stricmp(dropped, child);
            }
        }
    }
    sqlite3_finalize(stmt);
    return found;
}

static void drop_tables_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    my_session *s = MY_SESSION(ctx);
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    int if_exists = sqlite3_value_int(argv[0]), temporary = sqlite3_value_int(argv[1]);
    for (int i = 2; i < argc && !temporary; i++) {
        const char *name = (const char *)sqlite3_value_text(argv[i]);
        if (name && referenced_elsewhere(db, name, argc, argv)) {
            my_error(ctx, 1451,
                     "Cannot delete or update a parent row: a foreign key constraint fails");
            return;
        }
    }
    lw_sqlbuf missing = {0}, sql = {0};
    for (int i = 2; i < argc; i++) {
        const char *name = (const char *)sqlite3_value_text(argv[i]);
        if (!name)
            continue;
        if (!table_exists(db, name, temporary)) {
            if (if_exists)
                my_warn(s, LW_LEVEL_NOTE, 1051, "Unknown table '%s.%s'", MY_DATABASE, name);
            else
                lw_sqlbuf_appendf(&missing, "%s%s.%s", missing.len ? "," : "", MY_DATABASE, name);
            continue;
        }
        /* A temporary table hides the base table of its name: it goes first. */
        int temp = temporary || table_exists(db, name, 1);
        lw_sqlbuf_appendf(&sql, "DROP TABLE %s\"%w\"; ", temp ? "temp." : "main.", name);
        if (!temp)
            lw_sqlbuf_appendf(&sql,
                              "DELETE FROM _lw_mysql_tables WHERE name = %Q; DELETE FROM "
                              "_lw_mysql_columns WHERE table_name = %Q; DELETE FROM "
                              "_lw_mysql_constraints WHERE table_name = %Q; ",
                              name, name, name);
    }
    if (missing.len) {
        my_error(ctx, 1051, "Unknown table '%s'", missing.s);
    } else if (sql.len) {
        lw_sqlbuf all = {0};
        lw_sqlbuf_appends(&all, MY_CATALOG_DDL);
        lw_sqlbuf_appends(&all, sql.s);
        if (all.oom)
            sqlite3_result_error_nomem(ctx);
        else
            lw_result_exec(ctx, all.s);
        lw_sqlbuf_free(&all);
    } else {
        sqlite3_result_int(ctx, 0);
    }
    lw_sqlbuf_free(&missing);
    lw_sqlbuf_free(&sql);
}

const my_keyval *my_key_value(const my_session *s, const char *table, const char *column)
{
    for (const my_keyval *k = s->keyvals; k; k = k->next)
        if (!sqlite3_stricmp(k->table, table) && !sqlite3_stricmp(k->column, column))
            return k;
    return NULL;
}

static void key_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    my_session *s = MY_SESSION(ctx);
    const char *table = (const char *)sqlite3_value_text(argv[0]);
    const char *column = (const char *)sqlite3_value_text(argv[1]);
    if (!table || !column)
        return;
    my_keyval *k = (my_keyval *)my_key_value(s, table, column);
    if (!k) {
        k = sqlite3_malloc64(sizeof *k);
        if (!k) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
        k->table = sqlite3_mprintf("%s", table);
        k->column = sqlite3_mprintf("%s", column);
        k->text = NULL;
        k->next = s->keyvals;
        s->keyvals = k;
    }
    sqlite3_free(k->text);
    k->text = NULL;
    if (sqlite3_value_type(argv[2]) == SQLITE_FLOAT) {
        char buf[400];
        my_format_double(sqlite3_value_double(argv[2]), 0, buf, sizeof buf);
        k->text = sqlite3_mprintf("%s", buf);
    } else if (sqlite3_value_type(argv[2]) != SQLITE_NULL) {
        k->text = sqlite3_mprintf("%.*s", sqlite3_value_bytes(argv[2]),
                                  (const char *)sqlite3_value_text(argv[2]));
    }
    sqlite3_result_value(ctx, argv[2]);
}

/* TRUNCATE t: the rows go, and the AUTO_INCREMENT counter starts at 1 again (in the
 * catalog and in the ids this connection remembers taking). */
static void truncate_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    my_session *s = MY_SESSION(ctx);
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    if (!name) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (!table_exists(db, name, 0)) {
        my_error(ctx, 1146, "Table '%s.%s' doesn't exist", MY_DATABASE, name);
        return;
    }
    int temp = table_exists(db, name, 1);
    char *sql = sqlite3_mprintf("DELETE FROM %s\"%w\"; " MY_CATALOG_DDL
                                "UPDATE _lw_mysql_tables SET auto_increment = 1 WHERE name = %Q",
                                temp ? "temp." : "main.", name, name);
    for (my_counter *c = s->counters; c; c = c->next)
        if (!sqlite3_stricmp(c->table, name))
            c->next_id = 1;
    if (!sql)
        sqlite3_result_error_nomem(ctx);
    else
        lw_result_exec(ctx, sql);
    sqlite3_free(sql);
}

/* my_duplicate(KEY, VALUE): INSERT IGNORE's row that key KEY already has: warning 1062
 * "Duplicate entry 'VALUE' for key 'KEY'" (a value past 64 characters shown as its first
 * 61 and "..."), and 0 (the row is skipped). */
static void duplicate_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *key = (const char *)sqlite3_value_text(argv[0]);
    const char *v = (const char *)sqlite3_value_text(argv[1]);
    v = v ? v : "";
    size_t bytes = 0, chars = 0, total = 0;
    for (const char *q = v; *q; q++)
        total += ((unsigned char)*q & 0xC0) != 0x80;
    size_t keep = total > 64 ? 61 : total;
    while (v[bytes] && chars < keep) {
        bytes++;
        while (((unsigned char)v[bytes] & 0xC0) == 0x80)
            bytes++;
        chars++;
    }
    my_warn(MY_SESSION(ctx), LW_LEVEL_WARNING, 1062, "Duplicate entry '%.*s%s' for key '%s'",
            (int)bytes, v, v[bytes] ? "..." : "", key ? key : "PRIMARY");
    sqlite3_result_int(ctx, 0);
}

/* my_table_exists(NAME): 1, or MariaDB's 1146 (SHOW COLUMNS, DESCRIBE). Deterministic, so that
 * SQLite evaluates it before it looks for the rows (a constant WHERE term). */
static void table_exists_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    if (!name || !table_exists(sqlite3_context_db_handle(ctx), name, 0)) {
        my_error(ctx, 1146, "Table '%s.%s' doesn't exist", MY_DATABASE, name ? name : "");
        return;
    }
    sqlite3_result_int(ctx, 1);
}

const lw_function_def my_ddl_functions[] = {
    {"my_duplicate", 2, SQLITE_UTF8, duplicate_func, NULL, NULL, NULL, NULL},
    {"my_table_exists", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, table_exists_func, NULL, NULL, NULL,
     NULL},
    {"my_truncate", 1, LW_STATEFUL, truncate_func, NULL, NULL, NULL, NULL},
    {"my_create_table", 5, LW_STATEFUL, create_table_func, NULL, NULL, NULL, NULL},
    {"my_drop_tables", -1, LW_STATEFUL, drop_tables_func, NULL, NULL, NULL, NULL},
    {"my_key", 3, SQLITE_UTF8, key_func, NULL, NULL, NULL, NULL},
};
const size_t my_ddl_functions_n = sizeof my_ddl_functions / sizeof my_ddl_functions[0];
