/*
 * The postgresql dialect's sequences and the schema statements the rewriter turns
 * into function calls (registered by runtime.c).
 *
 *   nextval(NAME), currval(NAME), setval(NAME, V [, IS_CALLED]), lastval()
 *                             sequences kept in the table _lw_pg_sequences
 *   pg_create_sequence(NAME, START, INCREMENT, MIN, MAX, IF_NOT_EXISTS),
 *   pg_drop_sequence(NAME, IF_EXISTS), pg_restart_sequence(NAME)   CREATE / DROP
 *                             SEQUENCE and TRUNCATE ... RESTART IDENTITY
 *   pg_serial_nextval(NAME), pg_serial_last(NAME)   SERIAL and IDENTITY columns
 *   pg_exec(SQL)              runs the statements a CREATE TABLE became (the table
 *                             and its conversion triggers) as one call (catalog.h)
 *   pg_truncate(RESTART, TABLE, ...)   TRUNCATE
 *
 * Sequence functions stay usable in DEFAULT clauses (SERIAL columns), so they are not
 * DIRECTONLY although they write. The session's currval/lastval values live in the
 * connection's lw_pg_funcs state.
 */
#include <stdio.h>
#include <string.h>

#include "dialect/catalog.h"
#include "dialect/postgresql/runtime_int.h"

#define SEQ_TABLE "_lw_pg_sequences"

/* The sequence named by argument 0: PostgreSQL folds an unquoted name to lower case
 * and keeps a quoted one. Returns a new string (sqlite3_free), or NULL after setting
 * SQLITE_NOMEM on ctx. */
static char *sequence_arg(sqlite3_context *ctx, sqlite3_value **argv)
{
    size_t n;
    const char *s = lw_pg_arg_text(argv, 0, &n);
    char *out = sqlite3_malloc64(n + 1);
    if (!out) {
        sqlite3_result_error_nomem(ctx);
        return NULL;
    }
    size_t k = 0;
    if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
        for (size_t i = 1; i + 1 < n; i++) {
            if (s[i] == '"' && i + 2 < n && s[i + 1] == '"')
                i++;
            out[k++] = s[i];
        }
    } else {
        for (size_t i = 0; i < n; i++)
            out[k++] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
    }
    out[k] = 0;
    return out;
}

/* Runs sql with name bound to ?1 (and value to ?2) and returns the first column of
 * the first row in *out. Returns SQLITE_ROW, SQLITE_DONE (no row) or an error code
 * with the message on ctx. */
static int seq_query(sqlite3_context *ctx, const char *sql, const char *name, int64_t value,
                     int64_t *out)
{
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_bind_parameter_count(stmt) >= 2)
            sqlite3_bind_int64(stmt, 2, value);
        rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW)
            *out = sqlite3_column_int64(stmt, 0);
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        if (strstr(sqlite3_errmsg(db), "no such table"))
            rc = SQLITE_DONE; /* no sequence was ever created */
        else
            sqlite3_result_error(ctx, sqlite3_errmsg(db), -1);
    }
    sqlite3_finalize(stmt);
    return rc;
}

static void remember(sqlite3_context *ctx, const char *name, int64_t value)
{
    lw_pg_funcs *f = sqlite3_user_data(ctx);
    seen_sequence *s;
    for (s = f->seen; s; s = s->next)
        if (strcmp(s->name, name) == 0)
            break;
    if (!s) {
        s = sqlite3_malloc64(sizeof *s);
        char *copy = sqlite3_mprintf("%s", name);
        if (!s || !copy) {
            sqlite3_free(s);
            sqlite3_free(copy);
            return;
        }
        s->name = copy;
        s->next = f->seen;
        f->seen = s;
    }
    s->value = value;
    f->lastval = value;
    f->has_lastval = 1;
}

static void nextval_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int64_t value = 0;
    if (lw_any_null(argc, argv))
        return;
    char *name = sequence_arg(ctx, argv);
    if (!name)
        return;
    int rc = seq_query(ctx,
                       "UPDATE " SEQ_TABLE " SET last_value = CASE WHEN is_called THEN "
                       "last_value + increment ELSE last_value END, is_called = 1 "
                       "WHERE name = ?1 RETURNING last_value, min_value, max_value",
                       name, 0, &value);
    if (rc == SQLITE_DONE)
        lw_pg_error(ctx, "42P01", "relation \"%s\" does not exist", name);
    else if (rc == SQLITE_ROW) {
        int64_t limit = 0;
        if (seq_query(ctx,
                      "SELECT ?2 > max_value OR ?2 < min_value FROM " SEQ_TABLE " WHERE name = ?1",
                      name, value, &limit) == SQLITE_ROW &&
            limit) {
            lw_pg_error(ctx, "2200H", "nextval: reached maximum value of sequence \"%s\"", name);
        } else {
            remember(ctx, name, value);
            sqlite3_result_int64(ctx, value);
        }
    }
    sqlite3_free(name);
}

static void currval_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int64_t exists = 0;
    if (lw_any_null(argc, argv))
        return;
    lw_pg_funcs *f = sqlite3_user_data(ctx);
    char *name = sequence_arg(ctx, argv);
    if (!name)
        return;
    int rc = seq_query(ctx, "SELECT 1 FROM " SEQ_TABLE " WHERE name = ?1", name, 0, &exists);
    if (rc == SQLITE_DONE) {
        lw_pg_error(ctx, "42P01", "relation \"%s\" does not exist", name);
    } else if (rc == SQLITE_ROW) {
        seen_sequence *s;
        for (s = f->seen; s; s = s->next)
            if (strcmp(s->name, name) == 0)
                break;
        if (s)
            sqlite3_result_int64(ctx, s->value);
        else
            lw_pg_error(ctx, "55000",
                        "currval of sequence \"%s\" is not yet defined in this session", name);
    }
    sqlite3_free(name);
}

static void lastval_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    lw_pg_funcs *f = sqlite3_user_data(ctx);
    if (f->has_lastval)
        sqlite3_result_int64(ctx, f->lastval);
    else
        lw_pg_error(ctx, "55000", "lastval is not yet defined in this session");
}

static void setval_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int64_t out = 0;
    if (lw_any_null(argc, argv))
        return;
    char *name = sequence_arg(ctx, argv);
    if (!name)
        return;
    int64_t value = sqlite3_value_int64(argv[1]);
    int called = argc < 3 || sqlite3_value_int(argv[2]);
    int rc = seq_query(ctx,
                       called ? "UPDATE " SEQ_TABLE " SET last_value = ?2, is_called = 1 "
                                "WHERE name = ?1 RETURNING last_value"
                              : "UPDATE " SEQ_TABLE " SET last_value = ?2, is_called = 0 "
                                "WHERE name = ?1 RETURNING last_value",
                       name, value, &out);
    if (rc == SQLITE_DONE)
        lw_pg_error(ctx, "42P01", "relation \"%s\" does not exist", name);
    else if (rc == SQLITE_ROW) {
        if (called)
            remember(ctx, name, value);
        sqlite3_result_int64(ctx, value);
    }
    sqlite3_free(name);
}

/* pg_create_sequence(NAME, START, INCREMENT, MIN, MAX, IF_NOT_EXISTS): 1 when created,
 * 0 when it existed and IF_NOT_EXISTS was given. NULL START/MIN/MAX take PostgreSQL's
 * defaults for the increment's direction. */
static void create_sequence_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int64_t exists = 0;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    char *err = NULL;
    if (sqlite3_exec(db,
                     "CREATE TABLE IF NOT EXISTS " SEQ_TABLE " (name TEXT PRIMARY KEY, "
                     "last_value INTEGER NOT NULL, increment INTEGER NOT NULL, "
                     "min_value INTEGER NOT NULL, max_value INTEGER NOT NULL, "
                     "start_value INTEGER NOT NULL, is_called INTEGER NOT NULL)",
                     NULL, NULL, &err) != SQLITE_OK) {
        sqlite3_result_error(ctx, err ? err : "out of memory", -1);
        sqlite3_free(err);
        return;
    }
    char *name = sequence_arg(ctx, argv);
    if (!name)
        return;
    int64_t inc = sqlite3_value_type(argv[2]) == SQLITE_NULL ? 1 : sqlite3_value_int64(argv[2]);
    int64_t minv = sqlite3_value_type(argv[3]) == SQLITE_NULL ? (inc > 0 ? 1 : INT64_MIN)
                                                              : sqlite3_value_int64(argv[3]);
    int64_t maxv = sqlite3_value_type(argv[4]) == SQLITE_NULL ? (inc > 0 ? INT64_MAX : -1)
                                                              : sqlite3_value_int64(argv[4]);
    int64_t start = sqlite3_value_type(argv[1]) == SQLITE_NULL ? (inc > 0 ? minv : maxv)
                                                               : sqlite3_value_int64(argv[1]);
    if (inc == 0) {
        lw_pg_error(ctx, "22023", "INCREMENT must not be zero");
    } else if (seq_query(ctx, "SELECT 1 FROM " SEQ_TABLE " WHERE name = ?1", name, 0, &exists) ==
               SQLITE_ROW) {
        if (sqlite3_value_int(argv[5]))
            sqlite3_result_int(ctx, 0);
        else
            lw_pg_error(ctx, "42P07", "relation \"%s\" already exists", name);
    } else {
        sqlite3_stmt *stmt = NULL;
        int rc = sqlite3_prepare_v2(
            db, "INSERT INTO " SEQ_TABLE " VALUES (?1, ?2, ?3, ?4, ?5, ?2, 0)", -1, &stmt, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
            sqlite3_bind_int64(stmt, 2, start);
            sqlite3_bind_int64(stmt, 3, inc);
            sqlite3_bind_int64(stmt, 4, minv);
            sqlite3_bind_int64(stmt, 5, maxv);
            rc = sqlite3_step(stmt);
        }
        if (rc != SQLITE_DONE)
            sqlite3_result_error(ctx, sqlite3_errmsg(db), -1);
        else
            sqlite3_result_int(ctx, 1);
        sqlite3_finalize(stmt);
    }
    sqlite3_free(name);
}

/* pg_drop_sequence(NAME, IF_EXISTS) and pg_restart_sequence(NAME) (argc 1). */
static void drop_sequence_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int64_t found = 0;
    int restart = argc == 1;
    char *name = sequence_arg(ctx, argv);
    if (!name)
        return;
    int rc = seq_query(ctx,
                       restart ? "UPDATE " SEQ_TABLE " SET last_value = start_value, "
                                 "is_called = 0 WHERE name = ?1 RETURNING 1"
                               : "DELETE FROM " SEQ_TABLE " WHERE name = ?1 RETURNING 1",
                       name, 0, &found);
    if (rc == SQLITE_DONE && !restart && !(argc > 1 && sqlite3_value_int(argv[1])))
        lw_pg_error(ctx, "42P01", "sequence \"%s\" does not exist", name);
    else if (rc == SQLITE_DONE || rc == SQLITE_ROW)
        sqlite3_result_int(ctx, rc == SQLITE_ROW);
    sqlite3_free(name);
}

/* pg_serial_nextval(NAME): nextval of a SERIAL or IDENTITY column's sequence, made on
 * first use (the column's DEFAULT; CREATE TABLE stays one statement). */
static void serial_nextval_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int64_t exists = 0;
    if (lw_any_null(argc, argv))
        return;
    char *name = sequence_arg(ctx, argv);
    if (!name)
        return;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    int rc = seq_query(ctx, "SELECT 1 FROM " SEQ_TABLE " WHERE name = ?1", name, 0, &exists);
    if (rc == SQLITE_DONE) {
        char *err = NULL;
        char *sql = sqlite3_mprintf(
            "CREATE TABLE IF NOT EXISTS " SEQ_TABLE " (name TEXT PRIMARY KEY, last_value "
            "INTEGER NOT NULL, increment INTEGER NOT NULL, min_value INTEGER NOT NULL, "
            "max_value INTEGER NOT NULL, start_value INTEGER NOT NULL, is_called INTEGER NOT "
            "NULL); INSERT OR IGNORE INTO " SEQ_TABLE " VALUES (%Q, 1, 1, 1, %lld, 1, 0)",
            name, (long long)INT64_MAX);
        if (!sql || sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
            sqlite3_result_error(ctx, err ? err : "out of memory", -1);
            sqlite3_free(err);
            sqlite3_free(sql);
            sqlite3_free(name);
            return;
        }
        sqlite3_free(sql);
    } else if (rc != SQLITE_ROW) {
        sqlite3_free(name);
        return;
    }
    sqlite3_free(name);
    nextval_func(ctx, argc, argv);
}

/* pg_serial_last(NAME): the value this session last took from the sequence, or NULL
 * (the check behind GENERATED ALWAYS AS IDENTITY: any other value was given
 * explicitly). */
static void serial_last_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (lw_any_null(argc, argv))
        return;
    lw_pg_funcs *f = sqlite3_user_data(ctx);
    char *name = sequence_arg(ctx, argv);
    if (!name)
        return;
    for (seen_sequence *s = f->seen; s; s = s->next)
        if (strcmp(s->name, name) == 0) {
            sqlite3_result_int64(ctx, s->value);
            break;
        }
    sqlite3_free(name);
}

/* pg_truncate(RESTART, TABLE, ...): empties the tables; RESTART also restarts the
 * AUTOINCREMENT counters (TRUNCATE ... RESTART IDENTITY). */
static void truncate_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    int restart = sqlite3_value_int(argv[0]);
    for (int i = 1; i < argc; i++) {
        const char *table = (const char *)sqlite3_value_text(argv[i]);
        char *err = NULL;
        char *sql = sqlite3_mprintf("DELETE FROM \"%w\"", table ? table : "");
        int rc = sql ? sqlite3_exec(db, sql, NULL, NULL, &err) : SQLITE_NOMEM;
        sqlite3_free(sql);
        if (rc == SQLITE_OK && restart &&
            sqlite3_table_column_metadata(db, NULL, "sqlite_sequence", "name", NULL, NULL, NULL,
                                          NULL, NULL) == SQLITE_OK) {
            sql = sqlite3_mprintf("DELETE FROM sqlite_sequence WHERE name = %Q", table);
            rc = sql ? sqlite3_exec(db, sql, NULL, NULL, &err) : SQLITE_NOMEM;
            sqlite3_free(sql);
        }
        if (rc == SQLITE_OK && restart &&
            sqlite3_table_column_metadata(db, NULL, SEQ_TABLE, "name", NULL, NULL, NULL, NULL,
                                          NULL) == SQLITE_OK) {
            /* The sequences of the table's SERIAL and IDENTITY columns: table_col_seq. */
            sql = sqlite3_mprintf("UPDATE " SEQ_TABLE " SET last_value = start_value, "
                                  "is_called = 0 WHERE substr(name, 1, %d) = '%q_' AND "
                                  "name LIKE '%%\\_seq' ESCAPE '\\'",
                                  (int)strlen(table ? table : "") + 1, table ? table : "");
            rc = sql ? sqlite3_exec(db, sql, NULL, NULL, &err) : SQLITE_NOMEM;
            sqlite3_free(sql);
        }
        if (rc != SQLITE_OK) {
            sqlite3_result_error(ctx, err ? err : sqlite3_errstr(rc), -1);
            sqlite3_free(err);
            return;
        }
    }
    sqlite3_result_int(ctx, 1);
}

/* pg_random(): random() as PostgreSQL means it, a double in [0, 1). */

const lw_pg_function_def lw_pg_sequences_functions[] = {
    /* Sequence functions stay usable in DEFAULT clauses (SERIAL columns), so they are
     * not DIRECTONLY although they write: the rewriter's schema calls them. */
    F("nextval", 1, SQLITE_UTF8, nextval_func, 0, 1),
    F("pg_serial_nextval", 1, SQLITE_UTF8, serial_nextval_func, 0, 1),
    F("currval", 1, SQLITE_UTF8, currval_func, 0, 1),
    F("pg_serial_last", 1, SQLITE_UTF8, serial_last_func, 0, 1),
    F("lastval", 0, SQLITE_UTF8, lastval_func, 0, 1),
    F("setval", 2, LW_STATEFUL, setval_func, 0, 1),
    F("setval", 3, LW_STATEFUL, setval_func, 0, 1),
    F("pg_exec", 1, LW_STATEFUL, lw_exec_function, 0, 0),
    F("pg_truncate", -1, LW_STATEFUL, truncate_func, 0, 0),
    F("pg_create_sequence", 6, LW_STATEFUL, create_sequence_func, 0, 0),
    F("pg_drop_sequence", 2, LW_STATEFUL, drop_sequence_func, 0, 0),
    F("pg_restart_sequence", 1, LW_STATEFUL, drop_sequence_func, 0, 0),
    LW_PG_END_OF_FUNCTIONS,
};
