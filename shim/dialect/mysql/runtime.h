/*
 * The MySQL/MariaDB session and the SQL functions the mysql and mariadb dialects
 * register on their connections (runtime*.c). The session is one reference-counted
 * object per connection, shared by the dialect's hooks (translation, before_statement,
 * the warnings) and every registered function (their user data):
 *
 *   settings      sql_mode, div_precision_increment, collation_connection,
 *                 foreign_key_checks; their changes move the translation epoch (the
 *                 core translates cached texts again)
 *   variables     user variables (@x), by name without regard to case
 *   warnings      the diagnostics area: the warnings of the last statement that
 *                 cleared it (MariaDB's rules, session.c), at most max_error_count
 *   statement     what is running: a write (INSERT, UPDATE, DELETE, REPLACE: strict
 *                 mode turns some warnings into errors), its row, the first id it
 *                 generated (LAST_INSERT_ID)
 *   auto_increment  the ids this connection generated per table, so that an id taken
 *                 by a failed statement is not handed out again (InnoDB's rule)
 *
 * Errors the functions raise carry MariaDB's error number in front of the message,
 * "MY-1264: Out of range value for column 'c' at row 1"; the dialect's map_error turns
 * that into the errno, its SQLSTATE (errors.c) and the bare message.
 */
#ifndef LW_SHIM_MYSQL_RUNTIME_H
#define LW_SHIM_MYSQL_RUNTIME_H

#include <sqlite3.h>
#include <stdint.h>

#include "core/sqlbuf.h"
#include "dialect/dialect.h"

#define MY_ERROR_PREFIX "MY-"

/* sql_mode flags (the ones the dialect reads; the others are kept by name). */
#define MY_MODE_STRICT_TRANS 0x01
#define MY_MODE_STRICT_ALL 0x02
#define MY_MODE_DIV_ZERO 0x04 /* ERROR_FOR_DIVISION_BY_ZERO */
#define MY_MODE_ANSI_QUOTES 0x08
#define MY_MODE_PIPES_AS_CONCAT 0x10
#define MY_MODE_NO_ZERO_DATE 0x20
#define MY_MODE_NO_AUTO_VALUE_ON_ZERO 0x40
#define MY_MODE_NO_BACKSLASH_ESCAPES 0x80

/* MariaDB's max_error_count default: SHOW WARNINGS lists at most this many. */
#define MY_MAX_ERROR_COUNT 64

/* MariaDB's group_concat_max_len default (1 MB). */
#define MY_GROUP_CONCAT_MAX_LEN 1048576

/* Which server a connection speaks like. */
typedef struct my_flavor {
    const char *name;              /* "mariadb", "mysql" */
    const char *server;            /* the name messages use: "MariaDB", "MySQL" */
    const char *version;           /* VERSION() */
    const char *default_collation; /* of utf8mb4: the database's and the connection's */
    const char *default_sql_mode;
} my_flavor;

extern const my_flavor my_mariadb_flavor, my_mysql_flavor;

/* The database name DATABASE() returns and messages use: SQLite's own name of the
 * connection's main database, so that `main`.`t` in a message names what `main.t`
 * names in a statement. */
#define MY_DATABASE "main"

typedef struct my_var {
    struct my_var *next;
    char *name; /* lower case */
    sqlite3_value *value;
} my_var;

/* The last value stored into a column of a unique key (my_key), for 1062's message. */
typedef struct my_keyval {
    struct my_keyval *next;
    char *table, *column;
    char *text; /* NULL for SQL NULL */
} my_keyval;

typedef struct my_counter {
    struct my_counter *next;
    char *table;
    int64_t next_id; /* the lowest id this connection may hand out next */
} my_counter;

/* A JSON_TABLE function's name, in the session's list. */
typedef struct my_json_table_name {
    char name[40];
    struct my_json_table_name *next;
} my_json_table_name;

typedef struct my_session {
    void *holder; /* the reference-counted object the functions hold (runtime_int.h) */
    sqlite3 *db;
    const my_flavor *flavor;
    /* Settings. */
    unsigned sql_mode;
    char *sql_mode_text; /* as SET gave it, normalised (upper case, no spaces) */
    int div_precision_increment;
    const char *collation_connection; /* static (the collation table's name) */
    int foreign_key_checks;
    int max_error_count;
    uint64_t group_concat_max_len; /* GROUP_CONCAT's result is cut there (bytes) */
    unsigned epoch;                /* moves when a setting that translations read changes */
    /* User variables. */
    my_var *vars;
    /* The diagnostics area. MariaDB clears it when a statement uses a table, and
     * otherwise when a statement raises its first condition (THD::raise_condition);
     * statements that read it (SHOW WARNINGS) never clear it. */
    lw_warning_item *warnings;
    int n_warnings, cap_warnings;
    int warnings_total; /* conditions raised, including those past max_error_count */
    int error_count;
    uint64_t query_id;          /* counts the statements run */
    uint64_t warnings_query_id; /* the statement whose conditions the area holds */
    /* The running statement. */
    int stmt_is_write;
    int stmt_ignore;   /* written with IGNORE: strict mode's errors are warnings */
    int stmt_altering; /* ALTER TABLE's copy: its wording of the conversions' errors */
    int stmt_row;
    int stmt_rows_read; /* the rows an INSERT ... SELECT read so far (my_next_row) */
    int stmt_generated; /* the statement generated an AUTO_INCREMENT id */
    int64_t last_insert_id;
    /* ROW_COUNT() (row_count.c): the previous statement's count, and the running
     * statement's: what it is made of (changes, -1, 0), the changes counted so far,
     * and whether it is an INSERT (whose updates are ON DUPLICATE KEY UPDATE's). */
    int64_t row_count;
    int stmt_counts;
    int64_t stmt_changed;
    int stmt_is_insert;
    int hook_on;            /* the pre-update hook is installed */
    long long stmt_time_us; /* the statement's time (NOW()), since the epoch; 0: not read */
    uint64_t connection_id; /* CONNECTION_ID() */
    my_counter *counters;
    my_keyval *keyvals;
    char *time_zone; /* as @@time_zone shows it; NULL: SYSTEM */
    /* The zone it names (runtime_zone.c's my_zone, resolved when SET): kind 0 SYSTEM,
     * 1 a fixed offset (seconds east), 2 a zone of the tz database. */
    int tz_kind;
    int32_t tz_offset;
    const struct lw_zone *tz_zone;
    struct lw_zone_db *zones; /* the tz database's zones read so far (runtime_zone.c) */
    /* Transactions (transactions.c, runtime_transaction.c). */
    int autocommit;     /* SET autocommit: 0 opens a transaction at the first statement */
    int tx_isolation;   /* the session's level (MY_ISO_*) */
    int tx_read_only;   /* SET SESSION TRANSACTION READ ONLY */
    int next_isolation; /* SET TRANSACTION ...: the next transaction's, -1 when unset */
    int next_read_only;
    int txn_read_only;         /* the open transaction is READ ONLY: writes are 1792 */
    uint64_t sql_select_limit; /* MY_SELECT_LIMIT_NONE: no limit (select_into.c) */
    /* The busy timeout (ms) the connection had before the first SET
     * innodb_lock_wait_timeout, which SET innodb_lock_wait_timeout = DEFAULT restores;
     * 0 until then. */
    /* The JSON_TABLE functions registered on the connection (runtime_json_table.c). */
    struct my_json_table_name *json_tables;
    /* @@character_set_client and @@character_set_results: "utf8mb4" or "latin1"
     * (SET NAMES), static storage; NULL is utf8mb4. The shim's API carries UTF-8 text
     * in either case (docs/mysql.md). */
    const char *charset_client, *charset_results;
    sqlite3_int64 lock_wait_initial_ms;
    int lock_fd; /* the named locks' file next to the database, -1 (runtime_locks.c) */
    /* LOCK TABLES (transactions.c): the tables locked, under the names they were locked
     * as; n_table_locks 0: none. */
    struct my_table_lock *table_locks;
    int n_table_locks;
    /* FOUND_ROWS() (found_rows.c): the running SELECT's count and the previous
     * SELECT's, -1 when not counted. */
    int64_t found_rows, found_rows_before;
    /* The trigger depth whose changes ROW_COUNT() counts (1: a DELETE from several
     * tables, multi_table.c; 0 otherwise). */
    int stmt_count_depth;
} my_session;

#define MY_SELECT_LIMIT_NONE UINT64_MAX

/* A table LOCK TABLES locked: its table, the name it is used as (the alias, or the
 * table's name), and whether the lock is WRITE. */
typedef struct my_table_lock {
    char *table, *name;
    int write;
} my_table_lock;

/* Forgets the session's table locks (UNLOCK TABLES, START TRANSACTION, close). */
void my_table_locks_clear(my_session *s);

/* The isolation levels, in @@tx_isolation's order. */
enum {
    MY_ISO_READ_UNCOMMITTED,
    MY_ISO_READ_COMMITTED,
    MY_ISO_REPEATABLE_READ,
    MY_ISO_SERIALIZABLE
};

/* The value last stored into table.column through my_key (NULL: none). */
const my_keyval *my_key_value(const my_session *s, const char *table, const char *column);

/* Creates a session for db and registers the dialect's functions on db with it; the
 * caller holds one reference (my_runtime_close drops it; the registered functions hold
 * the others, dropped when SQLite drops them). Returns SQLITE_OK, or an error code with
 * *pzErr set (sqlite3_free). */
int my_runtime_open(sqlite3 *db, const my_flavor *flavor, my_session **out, char **pzErr);
void my_runtime_close(my_session *s);

/* Registers JSON_TABLE's function name (runtime_json_table.c) for the definition spec
 * on db, once per session; takes spec (freed on every path). Returns SQLITE_OK, or an
 * error code with *err set (sqlite3_free). */
struct my_jt_spec;
int my_json_table_register(my_session *s, sqlite3 *db, const char *name, struct my_jt_spec *spec,
                           char **err);

/* The static name of a collation of utf8mb4 or latin1 the dialect emulates
 * (collations.c), or NULL for a name that is none. */
const char *my_usable_collation(const char *name);
/* The character set CHARSET() names for a collation (collations.c): a utf8mb3_ name's
 * utf8mb3, else the collation's, "binary" for an unknown name. Static storage. */
const char *my_collation_charset(const char *collation);

/* The defaults a session starts with, for translating outside a connection. */
const my_session *my_default_session(const my_flavor *flavor);

/* MariaDB's SQLSTATE of an error number (errors.c). */
const char *my_sqlstate_of(int errno_);
/* Raises MariaDB's error errno (printf formats of sqlite3_mprintf) on ctx. */
void my_error(sqlite3_context *ctx, int errno_, const char *fmt, ...);
/* Adds a condition to the diagnostics area. */
void my_warn(my_session *s, lw_warning_severity level, int code, const char *fmt, ...);
/* Clears the diagnostics area (a new statement that uses a table or raises one). */
void my_clear_warnings(my_session *s);
/* Sets sql_mode from its text (comma-separated names, any case). Returns 0, or -1 for
 * an unknown name (*bad gets it, static storage no longer than the call). */
int my_set_sql_mode(my_session *s, const char *text, const char **bad);
/* Whether a write statement under strict mode is running (warnings become errors). */
int my_strict_write(const my_session *s);

/* ---- ROW_COUNT() (row_count.c) ------------------------------------------------------------ */

/* Counts the changes of db's statements into s (SQLite's pre-update hook), and stops. */
void my_row_count_install(sqlite3 *db, my_session *s);
void my_row_count_remove(sqlite3 *db);
/* A new statement starts (before_statement): the previous one's count becomes
 * ROW_COUNT(), and the new one's is made of what the statement is (its facts, session.c:
 * an INSERT; plain: an INSERT without ON DUPLICATE KEY UPDATE or IGNORE, or a DELETE,
 * which SQLite counts as MariaDB does; one that reads rows). */
void my_row_count_next(my_session *s, int is_insert, int plain, int reads_rows);
/* Whether a statement's original text (source, n bytes; NULL: none) reads rows: it
 * begins with SELECT, WITH, SHOW, VALUES or TABLE (after blanks and parentheses). */
int my_source_reads_rows(const char *source, size_t n);

/* A new statement: its time is read when a function first asks for it (NOW() and
 * friends return the same time everywhere in a statement; runtime_calendar.c). */
void my_statement_clock(my_session *s);

/* ---- Numbers as MariaDB reads them (runtime_numeric.c) ------------------------------------ */

/* A DOUBLE as the client prints it (FLOAT's 6 significant digits when single):
 * writes at most cap bytes (NUL included) and returns the length. */
size_t my_format_double(double v, int single, char *buf, size_t cap);

/* How a string converts to a number: MariaDB takes the longest prefix that is a number
 * (after leading spaces) and warns when anything but spaces follows. */
typedef struct my_number {
    int is_int;      /* an integer without a fraction or exponent that fits 64 bits */
    int is_unsigned; /* is_int and above INT64_MAX */
    int64_t i;
    uint64_t u;
    double d;
    int truncated; /* something other than trailing spaces followed the number */
    int empty;     /* no number at all (the value is 0) */
} my_number;

/* Parses s[0..n) as MariaDB converts a string to a number. */
void my_parse_number(const char *s, size_t n, my_number *out);
/* The value as a double as MariaDB converts it, warning 1292 "Truncated incorrect
 * DOUBLE value" when the text is not a number (type: the word of the message). Returns
 * 0, or 1 for SQL NULL. */
int my_value_double(my_session *s, sqlite3_value *v, double *out);

/* What my_assign takes for a column of SQLite declared type decl (assign.c). */
typedef struct my_assign_spec {
    const char *type; /* my_assign's TYPE (runtime_assign.c) */
    long long a, b;
    int members;    /* ENUM or SET: A is the members, from the catalog */
    int integer;    /* an integer column (range-checked inline in strict mode) */
    int text_bytes; /* a TEXT column (length-checked inline in strict mode) */
} my_assign_spec;
/* Fills spec for decl; returns 0 for a type whose values need no conversion. */
int my_assign_spec_of(const char *decl, my_assign_spec *spec);

/* ALTER TABLE's actions (alter.c's records) applied to table (alter_apply.c); the
 * result, or MariaDB's error, set on ctx; returns SQLITE_OK or the error's code. */
int my_alter_apply(sqlite3_context *ctx, my_session *s, const char *table, const char *spec);
/* CREATE TABLE table LIKE source (alter_apply.c). */
void my_create_like_apply(sqlite3_context *ctx, my_session *s, const char *table,
                          const char *source, int if_not_exists);

/* Creates the information_schema views on a new connection (introspection.c).
 * Returns an SQLite code, *err set on failure. */
int my_introspection_open(sqlite3 *db, const char *default_collation, char **err);

#endif
