/*
 * The transaction settings of a session as SQL functions and system variables
 * (registered by runtime.c; transactions.c decides what they mean for each statement):
 *
 *   my_set_transaction(SESSION, LEVEL, READ_ONLY)
 *                 SET [SESSION] TRANSACTION ISOLATION LEVEL ... | READ ONLY | READ WRITE
 *                 (the rewriter's translation, transactions.c): SESSION 1 changes the
 *                 session's characteristics, 0 only the next transaction's, which a
 *                 transaction in progress refuses (1568, as MariaDB). LEVEL is an
 *                 @@tx_isolation value or NULL, READ_ONLY 0, 1 or NULL (unchanged).
 *   @@autocommit, @@tx_isolation, @@tx_read_only   read and SET through my_sysvar and
 *                 my_set_sysvar (runtime_session.c asks my_transaction_sysvar and
 *                 my_transaction_set_sysvar first). MySQL 8 calls the last two
 *                 @@transaction_isolation and @@transaction_read_only; the mysql flavor
 *                 answers to those names, mariadb to MariaDB 10.11's.
 *
 *   my_lock_tables(TABLE, NAME, WRITE, ...), my_unlock_tables()   LOCK TABLES' list of
 *                 the session (transactions.c checks statements against it)
 *
 * NULL rules: a NULL value for these variables is 1231, as on the server. Limits: the
 * isolation level is recorded and reported, but SQLite's transactions are always
 * SERIALIZABLE, which gives every guarantee the weaker levels promise (docs/mysql.md).
 */
#include <string.h>

#include "dialect/mysql/runtime_int.h"

static const char *const iso_names[] = {"READ-UNCOMMITTED", "READ-COMMITTED", "REPEATABLE-READ",
                                        "SERIALIZABLE"};

/* The level of an @@tx_isolation value (any case), or -1. */
static int isolation_of(const char *value)
{
    for (int i = 0; i < 4; i++)
        if (!sqlite3_stricmp(value, iso_names[i]))
            return i;
    return -1;
}

/* Whether name is the variable MariaDB calls mariadb_name (MySQL 8: mysql_name). */
static int is_var(const my_session *s, const char *name, const char *mariadb_name,
                  const char *mysql_name)
{
    return !sqlite3_stricmp(name, s->flavor == &my_mysql_flavor ? mysql_name : mariadb_name);
}

int my_transaction_sysvar(sqlite3_context *ctx, my_session *s, const char *name)
{
    if (!sqlite3_stricmp(name, "autocommit"))
        sqlite3_result_int(ctx, s->autocommit);
    else if (is_var(s, name, "tx_isolation", "transaction_isolation"))
        sqlite3_result_text(ctx, iso_names[s->tx_isolation], -1, SQLITE_STATIC);
    else if (is_var(s, name, "tx_read_only", "transaction_read_only"))
        sqlite3_result_int(ctx, s->tx_read_only);
    else
        return 0;
    return 1;
}

/* A boolean setting's value: 0 or 1 from 0, 1, ON, OFF, TRUE, FALSE; -1 otherwise. */
static int switch_value(sqlite3_value *v)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER: {
        sqlite3_int64 i = sqlite3_value_int64(v);
        return i == 0 || i == 1 ? (int)i : -1;
    }
    case SQLITE_TEXT: {
        const char *t = (const char *)sqlite3_value_text(v);
        if (!sqlite3_stricmp(t, "on") || !sqlite3_stricmp(t, "true") || !strcmp(t, "1"))
            return 1;
        if (!sqlite3_stricmp(t, "off") || !sqlite3_stricmp(t, "false") || !strcmp(t, "0"))
            return 0;
        return -1;
    }
    default:
        return -1;
    }
}

static void bad_value(sqlite3_context *ctx, const char *name, sqlite3_value *v)
{
    const char *t = (const char *)sqlite3_value_text(v);
    my_error(ctx, 1231, "Variable '%s' can't be set to the value of '%s'", name, t ? t : "NULL");
}

int my_transaction_set_sysvar(sqlite3_context *ctx, my_session *s, const char *name,
                              sqlite3_value *v)
{
    if (!sqlite3_stricmp(name, "autocommit")) {
        int on = switch_value(v);
        if (on < 0)
            bad_value(ctx, "autocommit", v);
        else
            s->autocommit = on;
    } else if (is_var(s, name, "tx_isolation", "transaction_isolation")) {
        int level = sqlite3_value_type(v) == SQLITE_TEXT
                        ? isolation_of((const char *)sqlite3_value_text(v))
                        : -1;
        if (level < 0)
            bad_value(ctx, name, v);
        else
            s->tx_isolation = level;
    } else if (is_var(s, name, "tx_read_only", "transaction_read_only")) {
        int on = switch_value(v);
        if (on < 0)
            bad_value(ctx, name, v);
        else
            s->tx_read_only = on;
    } else {
        return 0;
    }
    return 1;
}

int my_transaction_set_default(my_session *s, const char *name)
{
    if (!sqlite3_stricmp(name, "autocommit"))
        s->autocommit = 1;
    else if (is_var(s, name, "tx_isolation", "transaction_isolation"))
        s->tx_isolation = MY_ISO_REPEATABLE_READ;
    else if (is_var(s, name, "tx_read_only", "transaction_read_only"))
        s->tx_read_only = 0;
    else
        return 0;
    return 1;
}

static void set_transaction_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    my_session *s = MY_SESSION(ctx);
    int session = sqlite3_value_int(argv[0]);
    int level = -1;
    if (sqlite3_value_type(argv[1]) != SQLITE_NULL &&
        (level = isolation_of((const char *)sqlite3_value_text(argv[1]))) < 0) {
        bad_value(ctx, "tx_isolation", argv[1]);
        return;
    }
    int read_only = sqlite3_value_type(argv[2]) == SQLITE_NULL ? -1 : sqlite3_value_int(argv[2]);
    if (session) {
        if (level >= 0)
            s->tx_isolation = level;
        if (read_only >= 0)
            s->tx_read_only = read_only;
        return;
    }
    if (!sqlite3_get_autocommit(sqlite3_context_db_handle(ctx))) {
        my_error(ctx, 1568,
                 "Transaction characteristics can't be changed while a transaction is in "
                 "progress");
        return;
    }
    if (level >= 0)
        s->next_isolation = level;
    if (read_only >= 0)
        s->next_read_only = read_only;
}

void my_table_locks_clear(my_session *s)
{
    for (int i = 0; i < s->n_table_locks; i++) {
        sqlite3_free(s->table_locks[i].table);
        sqlite3_free(s->table_locks[i].name);
    }
    sqlite3_free(s->table_locks);
    s->table_locks = NULL;
    if (s->n_table_locks)
        s->epoch++; /* translations checked against the locks are checked again */
    s->n_table_locks = 0;
}

/* my_lock_tables(TABLE, NAME, WRITE, ...): LOCK TABLES' list replaces the session's
 * (the statement already holds the database's write lock: transactions.c). */
static void lock_tables_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    my_session *s = MY_SESSION(ctx);
    my_table_locks_clear(s);
    int n = argc / 3;
    my_table_lock *locks = sqlite3_malloc64((size_t)(n ? n : 1) * sizeof *locks);
    if (!locks) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    memset(locks, 0, (size_t)(n ? n : 1) * sizeof *locks);
    s->table_locks = locks;
    for (int i = 0; i < n; i++) {
        locks[i].table = sqlite3_mprintf("%s", sqlite3_value_text(argv[3 * i]));
        locks[i].name = sqlite3_mprintf("%s", sqlite3_value_text(argv[3 * i + 1]));
        locks[i].write = sqlite3_value_int(argv[3 * i + 2]);
        s->n_table_locks = i + 1;
        if (!locks[i].table || !locks[i].name) {
            my_table_locks_clear(s);
            sqlite3_result_error_nomem(ctx);
            return;
        }
    }
    s->epoch++;
}

static void unlock_tables_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    my_table_locks_clear(MY_SESSION(ctx));
}

const lw_function_def my_transaction_functions[] = {
    {"my_set_transaction", 3, LW_STATEFUL, set_transaction_func, NULL, NULL, NULL, NULL},
    {"my_lock_tables", -1, LW_STATEFUL, lock_tables_func, NULL, NULL, NULL, NULL},
    {"my_unlock_tables", 0, LW_STATEFUL, unlock_tables_func, NULL, NULL, NULL, NULL},
};
const size_t my_transaction_functions_n =
    sizeof my_transaction_functions / sizeof my_transaction_functions[0];
