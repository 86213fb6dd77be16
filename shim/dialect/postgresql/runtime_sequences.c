/*
 * The postgresql dialect's sequences and the schema statements the rewriter turns
 * into function calls (registered by runtime.c).
 *
 *   nextval(NAME), currval(NAME), setval(NAME, V [, IS_CALLED]), lastval()
 *                             sequences kept in the table _lw_pg_sequences
 *   pg_create_sequence(NAME, START, INCREMENT, MIN, MAX, IF_NOT_EXISTS, TYPE),
 *   pg_drop_sequence(NAME, IF_EXISTS), pg_restart_sequence(NAME)   CREATE / DROP
 *                             SEQUENCE and TRUNCATE ... RESTART IDENTITY
 *   pg_alter_sequence(NAME, IF_EXISTS, OPTION, VALUE, ...)   ALTER SEQUENCE: options
 *                             'as', 'increment', 'minvalue', 'maxvalue', 'start',
 *                             'restart', 'owned' ('table.column' or NULL)
 *   pg_create_serial_sequence(NAME, TYPE, TABLE, COLUMN)   a SERIAL or IDENTITY
 *                             column's sequence, owned by it (CREATE TABLE)
 *   pg_get_serial_sequence(TABLE, COLUMN)   'public.<sequence>' owned by the column
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
#include "dialect/postgresql/catalog.h"
#include "dialect/postgresql/runtime_int.h"

#define SEQ_TABLE "_lw_pg_sequences"
/* data_type is int2, int4 or int8; owner_table.owner_column owns the sequence (it goes
 * with the column). A database made before they existed gets them when the dialect
 * first writes a sequence (lw_pg_seq_table). */
#define SEQ_DDL                                                                                    \
    "CREATE TABLE IF NOT EXISTS " SEQ_TABLE " (name TEXT PRIMARY KEY, last_value INTEGER NOT "     \
    "NULL, increment INTEGER NOT NULL, min_value INTEGER NOT NULL, max_value INTEGER NOT NULL, "   \
    "start_value INTEGER NOT NULL, is_called INTEGER NOT NULL, data_type TEXT NOT NULL DEFAULT "   \
    "'int8', owner_table TEXT, owner_column TEXT)"

int lw_pg_seq_table(sqlite3 *db, char **err)
{
    int rc = sqlite3_exec(db, SEQ_DDL, NULL, NULL, err);
    if (rc == SQLITE_OK && sqlite3_table_column_metadata(db, "main", SEQ_TABLE, "data_type", NULL,
                                                         NULL, NULL, NULL, NULL) != SQLITE_OK)
        rc = sqlite3_exec(db,
                          "ALTER TABLE main." SEQ_TABLE " ADD COLUMN data_type TEXT NOT NULL "
                          "DEFAULT 'int8'; ALTER TABLE main." SEQ_TABLE " ADD COLUMN owner_table "
                          "TEXT; ALTER TABLE main." SEQ_TABLE " ADD COLUMN owner_column TEXT",
                          NULL, NULL, err);
    return rc;
}

/* The largest and smallest values of a sequence type. */
static int64_t type_max(const char *type)
{
    return !strcmp(type, "int2") ? 32767 : !strcmp(type, "int4") ? INT32_MAX : INT64_MAX;
}

static int64_t type_min(const char *type)
{
    return !strcmp(type, "int2") ? -32768 : !strcmp(type, "int4") ? INT32_MIN : INT64_MIN;
}

static int valid_type(const char *type)
{
    return type && (!strcmp(type, "int2") || !strcmp(type, "int4") || !strcmp(type, "int8"));
}

int lw_pg_seq_create_owned(sqlite3 *db, const char *name, const char *type, const char *table,
                           const char *column, char **err)
{
    int rc = lw_pg_seq_table(db, err);
    if (rc != SQLITE_OK)
        return rc;
    if (!valid_type(type))
        type = "int8";
    char *sql = sqlite3_mprintf("INSERT OR IGNORE INTO main." SEQ_TABLE " (name, last_value, "
                                "increment, min_value, max_value, start_value, is_called, "
                                "data_type, owner_table, owner_column) VALUES (%Q, 1, 1, 1, %lld, "
                                "1, 0, %Q, %Q, %Q)",
                                name, (long long)type_max(type), type, table, column);
    rc = sql ? sqlite3_exec(db, sql, NULL, NULL, err) : SQLITE_NOMEM;
    sqlite3_free(sql);
    return rc;
}

int lw_pg_seq_drop_owned(sqlite3 *db, const char *table, const char *column, char **err)
{
    if (sqlite3_table_column_metadata(db, "main", SEQ_TABLE, "owner_table", NULL, NULL, NULL, NULL,
                                      NULL) != SQLITE_OK)
        return SQLITE_OK; /* no sequence has an owner */
    char *sql = sqlite3_mprintf("DELETE FROM main." SEQ_TABLE " WHERE owner_table = %Q AND "
                                "(%Q IS NULL OR owner_column = %Q)",
                                table, column, column);
    int rc = sql ? sqlite3_exec(db, sql, NULL, NULL, err) : SQLITE_NOMEM;
    sqlite3_free(sql);
    return rc;
}

int lw_pg_seq_rename_owner(sqlite3 *db, const char *table, const char *column,
                           const char *new_table, const char *new_column, char **err)
{
    if (sqlite3_table_column_metadata(db, "main", SEQ_TABLE, "owner_table", NULL, NULL, NULL, NULL,
                                      NULL) != SQLITE_OK)
        return SQLITE_OK;
    char *sql = column ? sqlite3_mprintf("UPDATE main." SEQ_TABLE " SET owner_column = %Q WHERE "
                                         "owner_table = %Q AND owner_column = %Q",
                                         new_column, table, column)
                       : sqlite3_mprintf("UPDATE main." SEQ_TABLE
                                         " SET owner_table = %Q WHERE owner_table = %Q",
                                         new_table, table);
    int rc = sql ? sqlite3_exec(db, sql, NULL, NULL, err) : SQLITE_NOMEM;
    sqlite3_free(sql);
    return rc;
}

/* An identifier argument read as PostgreSQL reads a relation name: "Quoted" kept,
 * anything else folded to lower case; a schema in front (public.x) dropped. */
static char *relation_arg(const char *s)
{
    if (!s)
        return NULL;
    const char *dot = NULL;
    for (const char *p = s, *q = NULL; *p; p++) {
        if (*p == '"')
            q = q ? NULL : p;
        else if (*p == '.' && !q)
            dot = p;
    }
    if (dot)
        s = dot + 1;
    size_t n = strlen(s);
    char *out = sqlite3_malloc64(n + 1);
    if (!out)
        return NULL;
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

/* The sequence named by argument 0 (relation_arg). Returns a new string (sqlite3_free),
 * or NULL after setting SQLITE_NOMEM on ctx. */
static char *sequence_arg(sqlite3_context *ctx, sqlite3_value **argv)
{
    size_t n;
    const char *s = lw_pg_arg_text(argv, 0, &n);
    char *out = relation_arg(s ? s : "");
    if (!out)
        sqlite3_result_error_nomem(ctx);
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

/* pg_create_sequence(NAME, START, INCREMENT, MIN, MAX, IF_NOT_EXISTS, TYPE): 1 when
 * created, 0 when it existed and IF_NOT_EXISTS was given. NULL START/MIN/MAX take
 * PostgreSQL's defaults for the type and the increment's direction; TYPE is int2,
 * int4 or int8 (NULL: bigint, as CREATE SEQUENCE without AS). */
static void create_sequence_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int64_t exists = 0;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    char *err = NULL;
    if (lw_pg_seq_table(db, &err) != SQLITE_OK) {
        sqlite3_result_error(ctx, err ? err : "out of memory", -1);
        sqlite3_free(err);
        return;
    }
    const char *type = argc > 6 ? (const char *)sqlite3_value_text(argv[6]) : NULL;
    if (!valid_type(type))
        type = "int8";
    char *name = sequence_arg(ctx, argv);
    if (!name)
        return;
    int64_t inc = sqlite3_value_type(argv[2]) == SQLITE_NULL ? 1 : sqlite3_value_int64(argv[2]);
    int64_t minv = sqlite3_value_type(argv[3]) == SQLITE_NULL ? (inc > 0 ? 1 : type_min(type))
                                                              : sqlite3_value_int64(argv[3]);
    int64_t maxv = sqlite3_value_type(argv[4]) == SQLITE_NULL ? (inc > 0 ? type_max(type) : -1)
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
        int rc = sqlite3_prepare_v2(db,
                                    "INSERT INTO " SEQ_TABLE " (name, last_value, increment, "
                                    "min_value, max_value, start_value, is_called, data_type) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?2, 0, ?6)",
                                    -1, &stmt, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
            sqlite3_bind_int64(stmt, 2, start);
            sqlite3_bind_int64(stmt, 3, inc);
            sqlite3_bind_int64(stmt, 4, minv);
            sqlite3_bind_int64(stmt, 5, maxv);
            sqlite3_bind_text(stmt, 6, type, -1, SQLITE_STATIC);
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
        /* A table made before sequences were created with it (int8, no owner). */
        char *err = NULL;
        if (lw_pg_seq_create_owned(db, name, "int8", NULL, NULL, &err) != SQLITE_OK) {
            sqlite3_result_error(ctx, err ? err : "out of memory", -1);
            sqlite3_free(err);
            sqlite3_free(name);
            return;
        }
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

/* pg_create_serial_sequence(NAME, TYPE, TABLE, COLUMN): the sequence of a SERIAL or
 * IDENTITY column, owned by it (nothing when it exists). */
static void create_serial_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    char *err = NULL;
    if (lw_pg_seq_create_owned(
            sqlite3_context_db_handle(ctx), (const char *)sqlite3_value_text(argv[0]),
            (const char *)sqlite3_value_text(argv[1]), (const char *)sqlite3_value_text(argv[2]),
            (const char *)sqlite3_value_text(argv[3]), &err) != SQLITE_OK) {
        sqlite3_result_error(ctx, err ? err : "out of memory", -1);
        sqlite3_free(err);
        return;
    }
    sqlite3_result_int(ctx, 1);
}

/* The values of one sequence, as ALTER SEQUENCE changes them. */
typedef struct seq_row {
    int64_t last, inc, min, max, start;
    int called;
    char type[8];
} seq_row;

static int read_sequence(sqlite3 *db, const char *name, seq_row *r)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT last_value, increment, min_value, max_value, start_value, "
                                "is_called, data_type FROM main." SEQ_TABLE " WHERE name = ?1",
                                -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
        rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            r->last = sqlite3_column_int64(stmt, 0);
            r->inc = sqlite3_column_int64(stmt, 1);
            r->min = sqlite3_column_int64(stmt, 2);
            r->max = sqlite3_column_int64(stmt, 3);
            r->start = sqlite3_column_int64(stmt, 4);
            r->called = sqlite3_column_int(stmt, 5);
            const char *t = (const char *)sqlite3_column_text(stmt, 6);
            snprintf(r->type, sizeof r->type, "%s", valid_type(t) ? t : "int8");
        }
    }
    sqlite3_finalize(stmt);
    return rc;
}

/* Whether table has column (as SQLite compares names). */
static int table_has(sqlite3 *db, const char *table, const char *column, int *found_table)
{
    sqlite3_stmt *stmt = NULL;
    int found = 0;
    *found_table = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT (SELECT count(*) FROM main.sqlite_schema WHERE type = 'table' "
                           "AND name = ?1), (SELECT count(*) FROM pragma_table_info(?1) WHERE "
                           "name = ?2)",
                           -1, &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 2, column, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW) {
            *found_table = sqlite3_column_int(stmt, 0) > 0;
            found = sqlite3_column_int(stmt, 1) > 0;
        }
    }
    sqlite3_finalize(stmt);
    return found;
}

/* pg_alter_sequence(NAME, IF_EXISTS, OPTION, VALUE, ...) */
static void alter_sequence_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    char *err = NULL;
    if (argc < 2 || argc % 2) {
        lw_result_errorf(ctx, "pg_alter_sequence(): expected a name, IF_EXISTS and option pairs");
        return;
    }
    if (lw_pg_seq_table(db, &err) != SQLITE_OK) {
        sqlite3_result_error(ctx, err ? err : "out of memory", -1);
        sqlite3_free(err);
        return;
    }
    char *name = sequence_arg(ctx, argv);
    if (!name)
        return;
    seq_row r;
    int rc = read_sequence(db, name, &r);
    if (rc != SQLITE_ROW) {
        if (rc == SQLITE_DONE && sqlite3_value_int(argv[1]))
            sqlite3_result_int(ctx, 0); /* IF EXISTS: PostgreSQL's notice */
        else if (rc == SQLITE_DONE)
            lw_pg_error(ctx, "42P01", "relation \"%s\" does not exist", name);
        else
            sqlite3_result_error(ctx, sqlite3_errmsg(db), -1);
        sqlite3_free(name);
        return;
    }
    int restart = 0, set_owner = 0, min_given = 0, max_given = 0;
    int64_t restart_at = 0;
    char *owner_table = NULL, *owner_column = NULL;
    const char *problem = NULL;
    for (int i = 2; i + 1 < argc && !problem; i += 2) {
        const char *opt = (const char *)sqlite3_value_text(argv[i]);
        int null = sqlite3_value_type(argv[i + 1]) == SQLITE_NULL;
        int64_t v = sqlite3_value_int64(argv[i + 1]);
        if (!opt)
            continue;
        if (!strcmp(opt, "as")) {
            const char *type = (const char *)sqlite3_value_text(argv[i + 1]);
            if (!valid_type(type))
                continue;
            /* Limits that were the old type's defaults become the new type's. */
            if (r.max == type_max(r.type))
                r.max = type_max(type);
            if (r.min == type_min(r.type))
                r.min = type_min(type);
            snprintf(r.type, sizeof r.type, "%s", type);
        } else if (!strcmp(opt, "increment")) {
            r.inc = v;
        } else if (!strcmp(opt, "minvalue")) {
            min_given = 1;
            r.min = null ? 0 : v;
            if (null)
                min_given = 2;
        } else if (!strcmp(opt, "maxvalue")) {
            max_given = 1;
            r.max = null ? 0 : v;
            if (null)
                max_given = 2;
        } else if (!strcmp(opt, "start")) {
            r.start = v;
        } else if (!strcmp(opt, "restart")) {
            restart = 1;
            restart_at = null ? -1 : v;
            if (null)
                restart = 2; /* to the start value */
        } else if (!strcmp(opt, "owned")) {
            set_owner = 1;
            sqlite3_free(owner_table);
            sqlite3_free(owner_column);
            owner_table = owner_column = NULL;
            const char *spec = (const char *)sqlite3_value_text(argv[i + 1]);
            const char *dot = spec ? strchr(spec, '.') : NULL;
            if (dot) {
                owner_table = sqlite3_mprintf("%.*s", (int)(dot - spec), spec);
                owner_column = sqlite3_mprintf("%s", dot + 1);
                int has_table;
                if (!table_has(db, owner_table, owner_column, &has_table))
                    problem = has_table ? "column" : "table";
            }
        }
    }
    if (r.inc == 0)
        problem = "increment";
    if (min_given == 2)
        r.min = r.inc > 0 ? 1 : type_min(r.type);
    if (max_given == 2)
        r.max = r.inc > 0 ? type_max(r.type) : -1;
    if (restart == 2)
        restart_at = r.start;
    if (problem && !strcmp(problem, "table"))
        lw_pg_error(ctx, "42P01", "relation \"%s\" does not exist", owner_table);
    else if (problem && !strcmp(problem, "column"))
        lw_pg_error(ctx, "42703", "column \"%s\" of relation \"%s\" does not exist", owner_column,
                    owner_table);
    else if (problem)
        lw_pg_error(ctx, "22023", "INCREMENT must not be zero");
    else if (r.max > type_max(r.type) || r.max < type_min(r.type))
        lw_pg_error(ctx, "22023", "MAXVALUE (%lld) is out of range for sequence data type %s",
                    (long long)r.max,
                    lw_pg_int_type_name(!strcmp(r.type, "int2")   ? 16
                                        : !strcmp(r.type, "int4") ? 32
                                                                  : 64));
    else if (r.min >= r.max)
        lw_pg_error(ctx, "22023", "MINVALUE (%lld) must be less than MAXVALUE (%lld)",
                    (long long)r.min, (long long)r.max);
    else if (r.start < r.min)
        lw_pg_error(ctx, "22023", "START value (%lld) cannot be less than MINVALUE (%lld)",
                    (long long)r.start, (long long)r.min);
    else if (r.start > r.max)
        lw_pg_error(ctx, "22023", "START value (%lld) cannot be greater than MAXVALUE (%lld)",
                    (long long)r.start, (long long)r.max);
    else if (restart && (restart_at < r.min || restart_at > r.max))
        lw_pg_error(ctx, "22023", "RESTART value (%lld) cannot be %s than %s (%lld)",
                    (long long)restart_at, restart_at < r.min ? "less" : "greater",
                    restart_at < r.min ? "MINVALUE" : "MAXVALUE",
                    (long long)(restart_at < r.min ? r.min : r.max));
    else {
        lw_sqlbuf b = {0};
        lw_sqlbuf_appendf(&b,
                          "UPDATE main." SEQ_TABLE " SET increment = %lld, min_value = %lld, "
                          "max_value = %lld, start_value = %lld, data_type = %Q",
                          (long long)r.inc, (long long)r.min, (long long)r.max, (long long)r.start,
                          r.type);
        if (restart)
            lw_sqlbuf_appendf(&b, ", last_value = %lld, is_called = 0", (long long)restart_at);
        if (set_owner)
            lw_sqlbuf_appendf(&b, ", owner_table = %Q, owner_column = %Q", owner_table,
                              owner_column);
        lw_sqlbuf_appendf(&b, " WHERE name = %Q", name);
        char *sql = lw_sqlbuf_finish(&b);
        rc = sql ? sqlite3_exec(db, sql, NULL, NULL, &err) : SQLITE_NOMEM;
        if (rc != SQLITE_OK)
            sqlite3_result_error(ctx, err ? err : "out of memory", -1);
        else
            sqlite3_result_int(ctx, 1);
        sqlite3_free(err);
        sqlite3_free(sql);
    }
    sqlite3_free(owner_table);
    sqlite3_free(owner_column);
    sqlite3_free(name);
}

/* pg_get_serial_sequence(TABLE, COLUMN): the sequence the column owns, as
 * 'public.name', or NULL. A table made before sequences had owners: the sequence its
 * SERIAL default names. */
static void get_serial_sequence_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (lw_any_null(argc, argv))
        return;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    char *table = relation_arg((const char *)sqlite3_value_text(argv[0]));
    const char *column = (const char *)sqlite3_value_text(argv[1]);
    if (!table) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    int has_table;
    if (!table_has(db, table, column, &has_table)) {
        if (has_table)
            lw_pg_error(ctx, "42703", "column \"%s\" of relation \"%s\" does not exist", column,
                        table);
        else
            lw_pg_error(ctx, "42P01", "relation \"%s\" does not exist", table);
        sqlite3_free(table);
        return;
    }
    char *seq = NULL;
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_table_column_metadata(db, "main", SEQ_TABLE, "owner_table", NULL, NULL, NULL, NULL,
                                      NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db,
                           "SELECT name FROM main." SEQ_TABLE " WHERE owner_table = ?1 AND "
                           "owner_column = ?2",
                           -1, &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 2, column, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW)
            seq = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    stmt = NULL;
    if (!seq &&
        sqlite3_prepare_v2(db, "SELECT dflt_value FROM pragma_table_info(?1) WHERE name = ?2", -1,
                           &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 2, column, -1, SQLITE_STATIC);
        const char *d =
            sqlite3_step(stmt) == SQLITE_ROW ? (const char *)sqlite3_column_text(stmt, 0) : NULL;
        const char *q = d ? strstr(d, "pg_serial_nextval('") : NULL;
        if (q)
            seq = sqlite3_mprintf("%.*s", (int)strcspn(q + 19, "'"), q + 19);
    }
    sqlite3_finalize(stmt);
    if (seq) {
        /* quote_ident: a name that is not all lower-case letters, digits and _. */
        int plain = (seq[0] >= 'a' && seq[0] <= 'z') || seq[0] == '_';
        for (const char *p = seq; *p && plain; p++)
            plain = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
        char *out =
            plain ? sqlite3_mprintf("public.%s", seq) : sqlite3_mprintf("public.\"%w\"", seq);
        lw_pg_result_text(ctx, out, out ? strlen(out) : 0);
    }
    sqlite3_free(seq);
    sqlite3_free(table);
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
            /* The sequences the table's columns own (and, for a table made before
             * sequences had owners, those named table_col_seq). */
            int owners = sqlite3_table_column_metadata(db, NULL, SEQ_TABLE, "owner_table", NULL,
                                                       NULL, NULL, NULL, NULL) == SQLITE_OK;
            const char *t = table ? table : "";
            sql = owners ? sqlite3_mprintf("UPDATE " SEQ_TABLE " SET last_value = start_value, "
                                           "is_called = 0 WHERE owner_table = %Q OR (substr(name, "
                                           "1, %d) = '%q_' AND name LIKE '%%\\_seq' ESCAPE '\\')",
                                           t, (int)strlen(t) + 1, t)
                         : sqlite3_mprintf("UPDATE " SEQ_TABLE " SET last_value = start_value, "
                                           "is_called = 0 WHERE substr(name, 1, %d) = '%q_' AND "
                                           "name LIKE '%%\\_seq' ESCAPE '\\'",
                                           (int)strlen(t) + 1, t);
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
    F("pg_create_sequence", 7, LW_STATEFUL, create_sequence_func, 0, 0),
    F("pg_create_serial_sequence", 4, LW_STATEFUL, create_serial_func, 0, 0),
    F("pg_alter_sequence", -1, LW_STATEFUL, alter_sequence_func, 0, 0),
    F("pg_get_serial_sequence", 2, LW_STATEFUL, get_serial_sequence_func, 0, 0),
    F("pg_drop_sequence", 2, LW_STATEFUL, drop_sequence_func, 0, 0),
    F("pg_restart_sequence", 1, LW_STATEFUL, drop_sequence_func, 0, 0),
    LW_PG_END_OF_FUNCTIONS,
};
