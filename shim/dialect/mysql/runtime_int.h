/*
 * Helpers the MySQL/MariaDB runtime files share (runtime.h is what the dialect sees).
 *
 *   runtime.c          the session, sql_mode, the diagnostics area, registration
 *   runtime_numeric.c  arithmetic, casts, numeric functions
 *   runtime_session.c  variables, warnings as rows, LAST_INSERT_ID, AUTO_INCREMENT
 *   runtime_text.c     string functions, collation-aware comparisons
 *   runtime_assign.c   values stored into columns: MariaDB's checks and conversions
 *   runtime_temporal.c DATE, DATETIME, TIME input and casts
 *   runtime_strings.c  INSERT, MAKE_SET, QUOTE, CRC32, base64, CHAR, FORMAT, UUID
 *   runtime_aggregate.c GROUP_CONCAT
 *   runtime_alter.c    ALTER TABLE when it runs (the shared ALTER layer)
 *   runtime_show.c     SHOW CREATE TABLE, CHECK clauses and cardinalities as MariaDB prints them
 *   runtime_calendar.c date arithmetic, DATE_FORMAT, weeks, UNIX_TIMESTAMP, the clocks
 *   runtime_json.c     the JSON functions (json_doc.c is their core)
 *   runtime_regexp.c   REGEXP and the REGEXP_* functions on PCRE2
 *   runtime_enum.c     an ENUM or SET as a number
 *   runtime_zone.c     time_zone, CONVERT_TZ, TIMESTAMP columns stored in UTC
 */
#ifndef LW_SHIM_MYSQL_RUNTIME_INT_H
#define LW_SHIM_MYSQL_RUNTIME_INT_H

#include <stddef.h>

#include "common/glue.h"
#include "decimal/decimal.h"
#include "dialect/mysql/runtime.h"

/* What the registered functions hold (their user data): a reference-counted header
 * and the session. */
typedef struct my_holder {
    lw_shared base;
    my_session *session;
} my_holder;

/* The session of a function's call. */
#define MY_SESSION(ctx) (((my_holder *)sqlite3_user_data(ctx))->session)

/* The function tables of runtime_*.c, registered by runtime.c. */
extern const lw_function_def my_numeric_functions[], my_session_functions[], my_text_functions[],
    my_assign_functions[], my_temporal_functions[], my_ddl_functions[], my_calendar_functions[],
    my_aggregate_functions[], my_string_functions[], my_alter_functions[], my_show_functions[],
    my_json_functions[], my_regexp_functions[], my_enum_functions[], my_zone_functions[],
    my_charset_functions[];
extern const size_t my_numeric_functions_n, my_session_functions_n, my_text_functions_n,
    my_assign_functions_n, my_temporal_functions_n, my_ddl_functions_n, my_calendar_functions_n,
    my_aggregate_functions_n, my_string_functions_n, my_alter_functions_n, my_show_functions_n,
    my_json_functions_n, my_regexp_functions_n, my_enum_functions_n, my_zone_functions_n,
    my_charset_functions_n;
extern const lw_function_def my_transaction_functions[];
extern const size_t my_transaction_functions_n;
/* my_one_row(V): a scalar subquery's one row (runtime_subquery.c). */
extern const lw_function_def my_subquery_functions[];
extern const size_t my_subquery_functions_n;
/* @@autocommit, @@tx_isolation, @@tx_read_only (runtime_transaction.c): read, SET and
 * SET DEFAULT; each returns 1 when name is one of them, 0 otherwise. */
int my_transaction_sysvar(sqlite3_context *ctx, my_session *s, const char *name);
int my_transaction_set_sysvar(sqlite3_context *ctx, my_session *s, const char *name,
                              sqlite3_value *v);
int my_transaction_set_default(my_session *s, const char *name);
/* Sets user variable @name to a copy of value (runtime_session.c); -1 when out of
 * memory. */
int my_set_user_var(my_session *s, const char *name, sqlite3_value *value);
extern const lw_function_def my_into_functions[], my_lock_functions[];
extern const size_t my_lock_functions_n;
extern const lw_function_def my_found_rows_functions[];
extern const size_t my_found_rows_functions_n;
/* The session's named locks released and their file closed (runtime_locks.c: when the
 * session goes); my_release_all_locks returns the levels released. */
void my_locks_close(my_session *s);
int my_release_all_locks(my_session *s);
extern const size_t my_into_functions_n;

/* Functions that read or write the session (its warnings, variables, counters): not
 * INNOCUOUS, but usable in the schema (CHECK constraints, DEFAULT), so not
 * DIRECTONLY; deterministic for one session state. */
#define MY_SESSION_FN (SQLITE_UTF8 | SQLITE_DETERMINISTIC)

/* MariaDB's condition for JSON text that does not parse (runtime_json.c): writes the
 * message for argument arg of fn into msg and returns its code, 4037 (the text ends
 * early) or 4038 (a syntax error at a position). */
struct lw_json_error;
int my_json_text_error(const char *text, size_t n, const struct lw_json_error *err, int arg,
                       const char *fn, char *msg, size_t cap);

/* Appends text to b as a JSON string (quoted, with '"', '\\' and control characters
 * escaped). */
void my_json_string(lw_sqlbuf *b, const char *text);

/* @@max_allowed_packet, MariaDB's default: the connection's SQLITE_LIMIT_LENGTH. */
#define MY_MAX_ALLOWED_PACKET 16777216

/* A value quoted for a message as MariaDB quotes it: control bytes as \xHH, at most
 * 64 bytes then "...". A new string (sqlite3_free), or NULL. */
char *my_quote_value(const char *s, size_t n);
/* Warning 1292 "Truncated incorrect <type> value: '<text>'". */
void my_truncated_warning(my_session *s, const char *type, const char *text, size_t n);
/* A DOUBLE result; infinities and NaN are 1690 naming src. */
void my_result_double(sqlite3_context *ctx, double v, const char *src);
/* An exact result as decimal text. */
void my_result_decimal(sqlite3_context *ctx, const lw_decimal *d);
/* x / 0 and x % 0: NULL, warning 1365, or error 1365 in a strict write
 * (ERROR_FOR_DIVISION_BY_ZERO). */
void my_division_by_zero(sqlite3_context *ctx, my_session *s);

/* ---- Temporal values (runtime_temporal.c) ------------------------------------------------ */

enum { MY_TEMPORAL_DATE = 1, MY_TEMPORAL_DATETIME, MY_TEMPORAL_TIME };

typedef struct my_datetime {
    long long year, month, day, hour, minute, second, micro; /* micro: 0..999999 */
    int frac_digits; /* fraction digits written (at most 6 kept) */
    int has_time;
    int negative; /* TIME only */
} my_datetime;

/* A DATE or DATETIME as MariaDB reads it (see runtime_temporal.c). Returns 0, or -1
 * when it is not one. */
int my_parse_datetime(const char *s, size_t n, my_datetime *dt);
/* A TIME. Returns 0, -1 when it is not one, -2 when it is beyond 838:59:59. */
int my_parse_time(const char *s, size_t n, my_datetime *t);
/* A TIME that my_parse_time found beyond 838:59:59 (text[0..n)): clipped to
 * +-838:59:59 in place, with warning 1292 "Truncated incorrect time value". */
void my_clip_time(my_session *s, const char *text, size_t n, my_datetime *t);
/* The collation MY_TIME of TIME columns (columns.c): durations in order ('-01:00:00' <
 * '00:01:23' < '100:00:00'), text that is no TIME after them in byte order. */
int my_time_collate(void *unused, int na, const void *a, int nb, const void *b);
/* The canonical text of a value (MY_TEMPORAL_*), fsp fraction digits (truncated). */
size_t my_format_datetime(const my_datetime *dt, int what, int fsp, char *buf, size_t cap);
/* MariaDB's day number of a date (calc_daynr), and the date of a day number
 * (get_date_from_daynr; 0000-00-00 outside 366..3652424). */
/* MariaDB's MAX_DAY_NUMBER: the day number of 9999-12-31. */
#define MY_MAX_DAY_NUMBER 3652424LL
/* Day names from Monday and month names, as MariaDB writes them (runtime_temporal.c). */
extern const char *const my_day_names[7];
extern const char *const my_month_names[12];
/* STR_TO_DATE (runtime_str_to_date.c). */
extern const lw_function_def my_str_to_date_functions[];
extern const size_t my_str_to_date_functions_n;
long long my_day_number(long long year, long long month, long long day);
void my_date_of_day_number(long long n, my_datetime *dt);
int my_leap(long long y);
int my_days_in_month(long long y, long long m);
/* Reads a function's argument as a date (or, time_first, as a time before a date).
 * Returns 0, or -1 (the result stays NULL) after warning 1292 when it is neither. */
int my_read_temporal(sqlite3_context *ctx, sqlite3_value *v, int time_first, my_datetime *dt);

/* ---- Time zones (runtime_zone.c) ------------------------------------------------------------ */

struct lw_zone;
enum { MY_ZONE_SYSTEM = 0, MY_ZONE_FIXED, MY_ZONE_NAMED };
/* A zone as time_zone or CONVERT_TZ names it. */
typedef struct my_zone {
    int kind;
    int32_t offset;             /* MY_ZONE_FIXED: seconds east of UTC */
    const struct lw_zone *zone; /* MY_ZONE_NAMED: owned by the session's zone database */
} my_zone;
/* The zone name[0..n) names (SYSTEM, '+hh:mm', a tz database name); shown gets the
 * spelling @@time_zone shows (cap bytes; may be NULL). Returns 0, or -1 for none. */
int my_zone_lookup(my_session *s, const char *name, size_t n, my_zone *z, char *shown, size_t cap);
/* The session's zone: 0, or -1 after raising 1298. */
int my_session_zone(sqlite3_context *ctx, my_zone *z);
/* The zone's offset (seconds east) at UTC instant utc (seconds since the epoch). */
int32_t my_zone_offset_at(const my_zone *z, long long utc);
/* The UTC instant of wall-clock seconds local, by MariaDB's rules for gaps and
 * repeats; *gap (may be NULL) says whether a transition skips that local time. */
long long my_zone_to_utc(const my_zone *z, long long local, int *gap);
/* Seconds since 1970-01-01 of a datetime's wall clock, and back (the back keeps
 * dt's fraction). */
long long my_epoch_seconds(const my_datetime *dt);
/* A value stored into a TIMESTAMP column, read on the session's wall clock, as UTC in
 * place (the zero TIMESTAMP stays). Returns 0, 1 when it is outside TIMESTAMP's range
 * or has a zero part, 2 when a transition skips it (dt is the transition's instant),
 * -1 after raising 1298 (the session's zone is unknown). */
int my_timestamp_to_utc(sqlite3_context *ctx, my_datetime *dt);
void my_datetime_of_epoch(long long secs, my_datetime *dt);

/* A CHECK's clause as MariaDB prints it (runtime_show.c); sqlite3_free, NULL when out of
 * memory. */
char *my_check_clause_text(const char *text);

#endif
