/*
 * Internals of the oracle dialect's SQL functions (runtime.h is what the dialect sees):
 * the session's fields, the registration tables and the helpers every runtime file
 * uses.
 */
#ifndef LW_SHIM_ORA_RUNTIME_INT_H
#define LW_SHIM_ORA_RUNTIME_INT_H

#include "common/glue.h"
#include "dialect/oracle/runtime.h"

/* Query blocks of one statement that use ROWNUM. */
#define ORA_MAX_ROWNUM_BLOCKS 16

/* A sequence value this session has seen (CURRVAL). */
typedef struct ora_seen_sequence {
    struct ora_seen_sequence *next;
    char *name;
    char *value; /* NUMBER text */
} ora_seen_sequence;

/* The session: what ALTER SESSION sets and what CURRVAL remembers, shared by the
 * stateful functions (reference-counted: SQLite may release them after the dialect's
 * state is gone). */
struct ora_session {
    lw_shared base;
    char *date_format; /* NLS_DATE_FORMAT */
    char *ts_format;   /* NLS_TIMESTAMP_FORMAT */
    char *tstz_format; /* NLS_TIMESTAMP_TZ_FORMAT */
    int tz_minutes;    /* the session time zone as an offset from UTC */
    char tz_text[16];  /* how SESSIONTIMEZONE prints it: +00:00 */
    ora_seen_sequence *seen;
    int64_t txn_usec; /* SYSDATE of the current statement: 0 when not taken yet */
    /* ROWNUM of the query blocks of the statement running (runtime_seq.c), reset before
     * each statement */
    int64_t rownum_key[ORA_MAX_ROWNUM_BLOCKS];
    int64_t rownum[ORA_MAX_ROWNUM_BLOCKS];
    int n_rownum;
};

/* Sets an NLS format or the time zone (ALTER SESSION). Returns 0, or -1 with *msg
 * (static text) for a value Oracle refuses. */
int ora_session_set(ora_session *s, const char *name, const char *value, const char **msg);

/* ---- Helpers every runtime file uses ------------------------------------------------ */

/* Raises "ORA-NNNNN: text" (printf formats of sqlite3_mprintf). */
void ora_error(sqlite3_context *ctx, int code, const char *fmt, ...);
/* Text of argument i (NULL for SQL NULL or an empty string) and its byte length. */
const char *ora_arg_text(sqlite3_value **argv, int i, size_t *n);
/* Hands s (sqlite3_malloc'ed, owned) over as the result: NULL when n is 0 (Oracle's
 * empty string), out of memory when s is NULL. */
void ora_result_text(sqlite3_context *ctx, char *s, size_t n);
/* The session of a stateful function. */
ora_session *ora_session_of(sqlite3_context *ctx);
/* Registration tables (ended by a NULL name), one per runtime file; `stateful` entries
 * get the session as user data. */
typedef struct ora_function_def {
    lw_function_def def;
    int stateful;
} ora_function_def;
/* Entries of those tables: a pure function, and one that reads the session. */
#define ORA_PURE(name, n, fn)                                                                      \
    {                                                                                              \
        {name, n, LW_PURE, fn, NULL, NULL, NULL, NULL}, 0                                          \
    }
#define ORA_STATE(name, n, fn)                                                                     \
    {                                                                                              \
        {name, n, SQLITE_UTF8, fn, NULL, NULL, NULL, NULL}, 1                                      \
    }
extern const ora_function_def ora_number_functions[];
extern const ora_function_def ora_numfmt_functions[];
extern const ora_function_def ora_text_functions[];
extern const ora_function_def ora_datetime_functions[];
extern const ora_function_def ora_dtfmt_functions[];
extern const ora_function_def ora_misc_functions[];
extern const ora_function_def ora_seq_functions[];
extern const ora_function_def ora_interval_functions[];
/* EXTRACT(field FROM an interval value) (runtime_interval.c). */
void ora_interval_extract(sqlite3_context *ctx, const char *field, sqlite3_value *v);
/* SUM and AVG of intervals (runtime_interval.c). */
int ora_register_interval_aggregates(sqlite3 *db, char **pzErr);
/* LISTAGG and KEEP (runtime_agg.c). */
int ora_register_aggregates(sqlite3 *db, char **pzErr);
/* The NUMBER functions told apart by user data (runtime_number.c). */
int ora_register_number_variants(sqlite3 *db, char **pzErr);
/* The text functions told apart by user data (runtime_text.c). */
int ora_register_text_variants(sqlite3 *db, char **pzErr);

#endif
