/*
 * Internals shared by the postgresql dialect's SQL functions (runtime.h is what the
 * dialect sees): the per-connection state, the helpers every function uses, and the
 * registration table each runtime_<concern>.c exports to runtime.c, which registers
 * them all:
 *
 *   runtime_text.c       concat, string_agg, greatest/least, text functions, md5, uuid
 *   runtime_numeric.c    sum/avg and the functions of typed arithmetic
 *   runtime_datetime.c   date_trunc, extract, to_char, now() and friends
 *   runtime_casts.c      pg_cast, pg_assign (column checks)
 *   runtime_json.c       JSON builders and aggregates, aggregates with ORDER BY
 *   runtime_sequences.c  sequences, SERIAL, pg_exec, pg_truncate
 *   runtime_settings.c   SET / SHOW / RESET, set_config, current_setting
 *   runtime_series.c     generate_series (a table-valued function)
 *   runtime_frames.c     the window frame of string_agg and the JSON aggregates
 *
 * Errors go through lw_pg_error, which puts PostgreSQL's SQLSTATE in front of the
 * message (runtime.h, LW_PG_ERROR_PREFIX).
 */
#ifndef LW_SHIM_PG_RUNTIME_INT_H
#define LW_SHIM_PG_RUNTIME_INT_H

#include <stddef.h>
#include <stdint.h>

#include "common/glue.h"
#include "core/sqlbuf.h"
#include "dialect/postgresql/runtime.h"
#include "dialect/postgresql/pgtime.h"
#include "dialect/postgresql/runtime_core.h"

/* SQLite's JSON subtype: values carrying it nest into JSON as JSON, not as strings. */
#define JSON_SUBTYPE 74

/* A sequence's last value as this session saw it (currval). */
typedef struct seen_sequence {
    struct seen_sequence *next;
    char *name;
    int64_t value;
} seen_sequence;

/* A value given by SET (runtime_settings.c). In a transaction, `saved` holds what the
 * transaction started with and `session` what a plain SET made of it, so that COMMIT
 * keeps the session's value (a SET LOCAL ends) and ROLLBACK restores the saved one. */
typedef struct setting {
    struct setting *next;
    char *name;  /* lower case */
    char *value; /* NULL: the default */
    int changed; /* changed in the open transaction */
    char *saved;
    int saved_set; /* the transaction started with a value (saved) */
    char *session;
    int session_set; /* a plain SET in the transaction gave `session` */
} setting;

/* The state of one connection's functions, shared by those registered stateful. */
struct lw_pg_funcs {
    lw_shared base;
    /* The clock: stamped by the dialect before each statement (session.c). */
    int64_t stmt_usec; /* statement_timestamp(); 0 when no statement was stamped */
    int64_t txn_usec;  /* now(): the transaction's start */
    int txn_open;      /* txn_usec was stamped for the open transaction */
    seen_sequence *seen;
    int64_t lastval;
    int has_lastval;
    setting *settings;         /* values given by SET, newest first */
    int immediate_constraints; /* SET CONSTRAINTS ... IMMEDIATE made TEMP triggers */
    /* Time: the session's TimeZone and IntervalStyle, and the zone database. */
    lw_zone_db *zones;
    const lw_zone *zone;
    lw_zone *utc_fallback; /* UTC when the tz database has no UTC file */
    lw_interval_style interval_style;
};

/* ---- Helpers ----------------------------------------------------------------------- */

/* Raises PostgreSQL's error: the SQLSTATE in front of the message (printf formats of
 * sqlite3_mprintf), which the dialect's map_error turns back into both. */
void lw_pg_error(sqlite3_context *ctx, const char *sqlstate, const char *fmt, ...);
/* Text of argument i (NULL for SQL NULL) with its byte length. */
const char *lw_pg_arg_text(sqlite3_value **argv, int i, size_t *n);
/* Hands s (sqlite3_malloc'ed, owned) over as the result; NULL: out of memory. */
void lw_pg_result_text(sqlite3_context *ctx, char *s, size_t n);
/* Which variant of a function this call is (its user data), 0 for the first. */
int lw_pg_variant(sqlite3_context *ctx);

/* string_agg's accumulator (runtime_text.c), also fed by pg_ordered_agg. */
typedef struct lw_pg_text_agg {
    lw_sqlbuf buf;
    int any;
} lw_pg_text_agg;
void lw_pg_text_agg_add(lw_pg_text_agg *a, sqlite3_value *value, sqlite3_value *sep);
void lw_pg_text_agg_result(sqlite3_context *ctx, lw_pg_text_agg *a);
/* The text of a window aggregate's frame (runtime_frames.c): string_agg and the JSON
 * aggregates as window functions, whose xInverse drops the oldest row. The rows of the
 * frame are pieces of buf, oldest first; the frame's text is buf from off. */
typedef struct lw_pg_frame {
    lw_sqlbuf buf;
    size_t off;          /* where the frame's text starts in buf */
    uint64_t *pieces;    /* per row: where its value starts in buf, or none */
    size_t head, n, cap; /* the rows of the frame: pieces[head..n) */
    int64_t present;     /* rows of the frame that added a value */
    int failed;          /* an error was reported (set on the context already) */
} lw_pg_frame;
/* Appends a row: value (n bytes) after sep (sep_n bytes) unless it is the frame's
 * first value; value NULL records a row that adds nothing. */
void lw_pg_frame_add(sqlite3_context *ctx, lw_pg_frame *f, const char *sep, size_t sep_n,
                     const char *value, size_t n);
/* The aggregate context as a frame, or NULL after reporting out of memory. */
lw_pg_frame *lw_pg_frame_of(sqlite3_context *ctx);
void lw_pg_frame_free(lw_pg_frame *f);
/* xInverse of every frame aggregate. */
void lw_pg_frame_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv);
/* greatest()'s order of two values (runtime_text.c): numbers (decimal text too) as
 * numbers, text as text; pg_ordered_agg sorts with it. */
int lw_pg_value_cmp(sqlite3_value *a, sqlite3_value *b);

/* jsonb's printed form of the JSON text s[0..n) (runtime_json.c), or NULL after
 * raising 22P02 (not JSON) or out of memory. *out_n receives its length. */
char *lw_pg_jsonb_or_error(sqlite3_context *ctx, const char *s, size_t n, size_t *out_n);

/* ---- Dates and times (runtime_datetime.c) ---- */

/* The session's view for the date/time core: TimeZone, zones, now(), IntervalStyle. */
void lw_pg_dtctx(lw_pg_funcs *f, pg_dtctx *ctx);
/* Raises the error of a date/time failure: err on input str of type type_name. */
void lw_pg_dt_error(sqlite3_context *ctx, pg_dterr err, const char *type_name, const char *str,
                    const pg_dtctx *dt);
/* Arguments read as the type: 0, or -1 for NULL (no result set) or after raising the
 * type's input error. The dialect's stored text is read quickly, any other input as
 * PostgreSQL reads it. */
int lw_pg_arg_date(sqlite3_context *ctx, pg_dtctx *dt, sqlite3_value *v, pg_date *out);
int lw_pg_arg_timestamp(sqlite3_context *ctx, pg_dtctx *dt, sqlite3_value *v, pg_timestamp *out);
int lw_pg_arg_timestamptz(sqlite3_context *ctx, pg_dtctx *dt, sqlite3_value *v, pg_timestamp *out);
int lw_pg_arg_time(sqlite3_context *ctx, pg_dtctx *dt, sqlite3_value *v, pg_time *out);
int lw_pg_arg_timetz(sqlite3_context *ctx, pg_dtctx *dt, sqlite3_value *v, pg_timetz *out);
int lw_pg_arg_interval(sqlite3_context *ctx, pg_dtctx *dt, sqlite3_value *v, lw_interval *out);
/* Results in the dialect's stored form. */
void lw_pg_result_date(sqlite3_context *ctx, pg_date d);
void lw_pg_result_timestamp(sqlite3_context *ctx, pg_timestamp t);
void lw_pg_result_timestamptz(sqlite3_context *ctx, pg_timestamp t);
void lw_pg_result_time(sqlite3_context *ctx, pg_time t);
void lw_pg_result_timetz(sqlite3_context *ctx, const pg_timetz *t);
void lw_pg_result_interval(sqlite3_context *ctx, const lw_interval *iv);
/* A value of the named type (pg_cast's type argument: date, timestamp, timestamptz,
 * time, timetz, interval) from any text, with typmod (interval: pg_interval_typmod),
 * as the result. Returns 1 when type is one of these. */
int lw_pg_time_cast(sqlite3_context *ctx, lw_pg_funcs *f, sqlite3_value *v, const char *type,
                    int typmod);
/* Sets the session's TimeZone from a SET value (runtime_settings.c): 0, or -1 after
 * raising 22023. *shown gets the name SHOW will show (sqlite3_free). */
int lw_pg_set_timezone(sqlite3_context *ctx, lw_pg_funcs *f, const char *value, char **shown);
/* The collation of timetz values (PG_TIMETZ): by the UTC time, then by the offset (west
 * first), as PostgreSQL's timetz_cmp; text that is no timetz after them. */
int lw_pg_timetz_collate(void *funcs, int n1, const void *p1, int n2, const void *p2);
/* The collation of interval values (PG_INTERVAL): months of 30 days, days of 24 hours. */
int lw_pg_interval_collate(void *unused, int n1, const void *p1, int n2, const void *p2);

/* Integers as PostgreSQL reads them from text (runtime_casts.c). */
int lw_pg_parse_int(const char *s, int64_t *out);
const char *lw_pg_int_type_name(int bits);
/* An operand of pg_arith (runtime_numeric.c): an integer (INTEGER, or text that
 * spells one) or a double. Returns 0, 1 for a double, -1 after setting the error for
 * anything else. */
int lw_pg_arith_operand(sqlite3_context *ctx, const char *op, sqlite3_value *v, int64_t *i,
                        double *d);

/* ---- Registration tables ----------------------------------------------------------- */

/* One row of a registration table: the function, the variant it is (its user data
 * says which, so variants share one C function) or whether it reads the connection's
 * state (user data: the lw_pg_funcs object, reference-counted). */
typedef struct lw_pg_function_def {
    lw_function_def def;
    int variant;
    int stateful;
} lw_pg_function_def;

#define F(name, n, flags, fn, variant, stateful)                                                   \
    {                                                                                              \
        {name, n, flags, fn, NULL, NULL, NULL, NULL}, variant, stateful                            \
    }
#define AGG(name, n, step, final)                                                                  \
    {                                                                                              \
        {name, n, LW_PURE, NULL, step, final, NULL, NULL}, 0, 0                                    \
    }
/* An aggregate that is also a window function (lw_pg_frame: xInverse drops the oldest
 * row of the frame). */
#define WINDOW(name, n, step, final, value, variant)                                               \
    {                                                                                              \
        {name, n, LW_PURE, NULL, step, final, value, lw_pg_frame_inverse}, variant, 0              \
    }
#define VOLATILE (SQLITE_UTF8 | SQLITE_INNOCUOUS)

/* The tables runtime.c registers, each ended by LW_PG_END_OF_FUNCTIONS. */
#define LW_PG_END_OF_FUNCTIONS                                                                     \
    {                                                                                              \
        {NULL, 0, 0, NULL, NULL, NULL, NULL, NULL}, 0, 0                                           \
    }
extern const lw_pg_function_def lw_pg_text_functions[], lw_pg_numeric_functions[],
    lw_pg_datetime_functions[], lw_pg_timefn_functions[], lw_pg_casts_functions[],
    lw_pg_json_functions[], lw_pg_sequences_functions[], lw_pg_settings_functions[],
    lw_pg_constraints_functions[];
/* generate_series (runtime_series.c): integers, and timestamps (pg_series_ts) and
 * timestamptz (pg_series_tz, whose module's client data is the lw_pg_funcs). */
extern const sqlite3_module lw_pg_series_module, lw_pg_series_ts_module, lw_pg_series_tz_module;

#endif
