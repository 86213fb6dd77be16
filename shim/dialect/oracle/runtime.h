/*
 * The SQL functions of the oracle dialect: registered on every connection opened with
 * dialect=oracle (session.c's on_open), never elsewhere. The rewriter turns Oracle's
 * functions, operators and assignments into calls of these (ora_*), each documented in
 * the runtime_<concern>.c that defines it:
 *
 *   runtime_number.c    NUMBER: the canonical text, arithmetic, assignment to
 *                       NUMBER(p,s), the numeric functions, SUM and AVG
 *   runtime_numfmt.c    number format models (TO_CHAR, TO_NUMBER)
 *   runtime_text.c      character functions ('' is NULL in every result), concatenation,
 *                       assignment to VARCHAR2/CHAR/RAW, RAW and BLOB helpers
 *   runtime_datetime.c  DATE and TIMESTAMP values, their arithmetic and functions
 *   runtime_dtfmt.c     datetime format models (TO_CHAR, TO_DATE, TO_TIMESTAMP)
 *   runtime_interval.c  INTERVAL values: storing into a column, TO_DSINTERVAL and
 *                       friends, interval and datetime arithmetic, EXTRACT, the
 *                       ORA_INTERVAL collation
 *   runtime_misc.c      USER, UID, SYS_GUID, regular-expression match parameters,
 *                       the session settings (ALTER SESSION)
 *
 * Values. NUMBER is decimal text in the form TO_CHAR(n) prints without a format
 * (.5, -1.25, 100: no leading zero, no trailing zeros, at most ORA_NUMBER_DIGITS
 * significant digits), so a stored or computed value prints as Oracle prints it and
 * compares under the DECIMAL collation. DATE is 'YYYY-MM-DD HH24:MI:SS' text, TIMESTAMP
 * 'YYYY-MM-DD HH24:MI:SS.FF9' (nine fraction digits, so values compare as text),
 * TIMESTAMP WITH TIME ZONE the same followed by ' +HH:MI'. An INTERVAL is the text
 * Oracle shows (+01-02, +04 05:12:10.222000). RAW and BLOB are blobs,
 * BOOLEAN 1 and 0, BINARY_DOUBLE a REAL.
 *
 * NULL and the empty string: every function returns NULL for a NULL argument except
 * where Oracle says otherwise (concatenation, NVL, REPLACE, DECODE), and never returns
 * an empty string: a result with no characters is NULL.
 *
 * Errors are Oracle's: "ORA-NNNNN: text" (ora_error), which the dialect's map_error
 * turns into the SQLSTATE of Oracle's table and the vendor code NNNNN.
 */
#ifndef LW_SHIM_ORA_RUNTIME_H
#define LW_SHIM_ORA_RUNTIME_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "core/sqlbuf.h"
#include "decimal/decimal.h"

/* Significant digits of a NUMBER value (Oracle keeps 38 guaranteed, up to 40). */
#define ORA_NUMBER_DIGITS 40
/* A NUMBER's magnitude must stay below 10^126 (ORA-01426). */
#define ORA_NUMBER_MAX_EXPONENT 126
/* The user and schema of every emulated session (docs/oracle.md, 1.3). */
#define ORA_USER "LIKEWISE"
/* The UID reported for it. */
#define ORA_UID 100

/* The session: what ALTER SESSION sets (runtime_int.h has its fields). */
typedef struct ora_session ora_session;

/* Registers the functions on db with a new session (*out, one reference for the
 * caller, released with ora_session_release). Returns SQLITE_OK or an error code with
 * *pzErr (sqlite3_free) naming the function. */
int ora_register(sqlite3 *db, ora_session **out, char **pzErr);
void ora_session_release(ora_session *s);
/* The session's NLS format for values of kind 'D' (DATE), 'T' (TIMESTAMP) or 'Z' (WITH
 * TIME ZONE), and its time zone in minutes east of UTC. */
const char *ora_session_format(const ora_session *s, char kind);
int ora_session_tz(const ora_session *s);
/* Starts the ROWNUM counters of a statement about to run from zero. */
void ora_session_reset_rownum(ora_session *s);

/* ---- NUMBER (runtime_number.c) ------------------------------------------------------ */

/* Reads a SQL value as a NUMBER into d: integers exactly, doubles through their
 * shortest text, text as Oracle converts it (surrounding blanks allowed). Returns 0,
 * 1 for NULL or '', -1 for text that is no number (ORA-01722 raised on ctx when ctx
 * is not NULL). */
int ora_number_arg(sqlite3_context *ctx, sqlite3_value *v, lw_decimal *d);
/* Parses text as a NUMBER (no NULL case). Returns 0 or -1. */
int ora_number_parse(const char *s, size_t n, lw_decimal *d);
/* d rounded to ORA_NUMBER_DIGITS significant digits, in the canonical form, into a new
 * string (sqlite3_malloc). NULL when out of memory; *overflow set when |d| >= 10^126. */
char *ora_number_text(lw_decimal *d, size_t *len, int *overflow);
/* Sets the result to d in canonical form (ORA-01426 past the range). */
void ora_result_number(sqlite3_context *ctx, lw_decimal *d);
/* The integer value of an argument (truncated, as Oracle converts positions and
 * lengths). Returns 0, 1 for NULL, -1 after raising ORA-01722. */
int ora_int_arg(sqlite3_context *ctx, sqlite3_value *v, int64_t *out);
/* Rounds d half away from zero to `scale` places (negative: tens, hundreds). */
int ora_number_round(lw_decimal *d, int32_t scale, int truncate);
/* Applies NUMBER(p,s) to d (p < 0: no precision): rounds it half away from zero to s
 * places. Returns 0, or 1438 (ORA-01438) when it has more digits before the point than
 * p - s. */
int ora_number_precision(lw_decimal *d, int64_t p, int64_t s);
/* Whether the integer v goes into NUMBER(p,s) unchanged (s >= 0 and fewer than p - s
 * digits; p < 0: no precision). */
int ora_number_fits(int64_t v, int64_t p, int64_t s);

/* ---- Dates (runtime_datetime.c) --------------------------------------------------- */

/* A broken-down DATE or TIMESTAMP [WITH TIME ZONE]. */
typedef struct ora_dt {
    int year, month, day, hour, minute, second;
    int nanos;
    int has_tz;
    int tz_minutes;   /* the offset when has_tz */
    char tz_name[48]; /* a region name (Europe/Warsaw) when given, else empty */
} ora_dt;

/* Days since 1970-01-01 of a civil date, and back. */
int64_t ora_days_from_civil(int y, int m, int d);
void ora_civil_from_days(int64_t z, int *y, int *m, int *d);
int ora_days_in_month(int y, int m);
/* Parses the stored forms (DATE, TIMESTAMP, TIMESTAMP WITH TIME ZONE text). Returns 0
 * or -1. */
int ora_dt_parse(const char *s, size_t n, ora_dt *dt);
/* Writes the stored form: kind 'D' DATE, 'T' TIMESTAMP, 'Z' WITH TIME ZONE. */
char *ora_dt_text(const ora_dt *dt, char kind, size_t *len);
/* Seconds since 1970-01-01 00:00:00 of dt's wall clock (its time zone ignored). */
int64_t ora_dt_seconds(const ora_dt *dt);
void ora_dt_from_seconds(int64_t secs, ora_dt *dt);
/* Reads a DATE or TIMESTAMP argument: the stored forms, else text in the session's
 * NLS_DATE_FORMAT (as Oracle converts a string to a DATE). Returns 0, 1 for NULL, -1
 * after raising the error. */
int ora_dt_arg(sqlite3_context *ctx, sqlite3_value *v, ora_dt *dt);
/* ora_dt_arg of argv[0] into a and, when b is not NULL, of argv[1] into b. Returns 0,
 * or 1 with the result set: NULL when one is NULL, else the error raised. */
int ora_dt_args(sqlite3_context *ctx, sqlite3_value **argv, ora_dt *a, ora_dt *b);
/* argv[0] - argv[1] (ora_dt_args) in seconds of the wall clocks (in UTC when both have a
 * time zone) into *secs, the nanoseconds' difference into *nanos (either sign). Returns
 * 0, or 1 with the result set (NULL, or the error raised). */
int ora_dt_args_difference(sqlite3_context *ctx, sqlite3_value **argv, int64_t *secs,
                           int64_t *nanos);
/* The current time in the session time zone (SYSDATE's, fixed per statement). */
void ora_now(sqlite3_context *ctx, ora_dt *dt, int utc);

/* ---- Datetime format models (runtime_dtfmt.c) ------------------------------------ */

/* Formats dt with the format model fmt into out; precision: the fraction digits FF
 * prints without digits of its own. Returns 0, or an ORA code with *msg. */
int ora_dt_format(const ora_dt *dt, const char *fmt, size_t fmt_len, int precision, lw_sqlbuf *out,
                  const char **msg);
/* Parses s with the format model fmt into dt (TO_DATE, TO_TIMESTAMP). Returns 0, or an
 * ORA code with *msg (its text). */
int ora_dt_scan(const char *s, size_t n, const char *fmt, size_t fmt_len, ora_dt *dt,
                const char **msg);

/* ---- Number format models (runtime_numfmt.c) ---------------------------------------- */

/* The NLS parameters a TO_CHAR or TO_NUMBER call may give. */
typedef struct ora_nls {
    char decimal, group;
    char currency[64];
} ora_nls;
/* Reads 'NLS_NUMERIC_CHARACTERS = ''.,'' NLS_CURRENCY = ''$''' (NULL: the defaults).
 * Returns 0 or -1. */
int ora_nls_parse(const char *s, size_t n, ora_nls *nls);
/* Formats d with the number format model fmt. Returns 0 or an ORA code (*msg). */
int ora_num_format(lw_decimal *d, const char *fmt, size_t fmt_len, const ora_nls *nls,
                   lw_sqlbuf *out, const char **msg);
/* Parses s with the number format model fmt into d. Returns 0 or -1 (ORA-01722). */
int ora_num_scan(const char *s, size_t n, const char *fmt, size_t fmt_len, const ora_nls *nls,
                 lw_decimal *d);

/* ---- Intervals (runtime_interval.c) ------------------------------------------------ */

/* An INTERVAL value: YEAR TO MONTH (months) or DAY TO SECOND (seconds and nanoseconds),
 * the sign carried by every part. Stored and shown as Oracle shows it (+01-02,
 * +04 05:12:10.222000), so that a function reading it as text sees Oracle's implicit
 * conversion. */
typedef struct ora_iv {
    int year_month;
    long long months;
    long long secs, nanos;
} ora_iv;
/* Parses Oracle's SQL interval format ([+|-]Y-M, [+|-]D H:MI:SS[.F], blanks allowed
 * between the fields, the form values are stored in) or the ISO 8601 duration form
 * ([-]P[nY][nM][nD][T[nH][nM][n[.f]S]]; days and time ignored for YEAR TO MONTH, as
 * TO_YMINTERVAL does): want 'Y' YEAR TO MONTH, 'D' DAY TO SECOND, 0 either (SQL format
 * only). Returns 0 or -1. */
int ora_iv_parse(const char *s, size_t n, char want, ora_iv *iv);
/* Reads the digits at s[*i] (at most 18, *i moved past them): their value into *v;
 * returns how many there were. */
int ora_iv_digits(const char *s, size_t n, size_t *i, long long *v);
/* The digits of the leading field (years or days). */
int ora_iv_lead_digits(const ora_iv *iv);
/* Rounds a DAY TO SECOND value's fraction half away from zero to frac digits. */
void ora_iv_round(ora_iv *iv, int frac);
/* Oracle's display of iv (a new string, sqlite3_free; NULL when out of memory): the
 * sign, the leading field zero-padded to lead digits (wider when the value needs it),
 * the fraction with frac digits (frac < 0: 6, or 9 when the value has more). */
char *ora_iv_text(const ora_iv *iv, int lead, int frac);
/* The collation ORA_INTERVAL: two values of one interval type by their length of
 * time; anything else bytewise. */
int ora_iv_collate(void *unused, int n1, const void *p1, int n2, const void *p2);

#endif
