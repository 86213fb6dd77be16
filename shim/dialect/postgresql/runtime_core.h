/*
 * The plain-C core of the PostgreSQL functions the postgresql dialect adds to SQLite
 * (runtime.c is the SQL glue). Nothing here sees sqlite3_context: every
 * function takes and returns plain values, so tests/test_pg_dialect.c checks them
 * alone. Text is UTF-8; lengths and positions count code points as PostgreSQL does
 * (an invalid byte counts as one code point, so nothing here ever fails on it).
 *
 * Memory: functions that return a new string return sqlite3_malloc64'ed memory the
 * caller owns (free with sqlite3_free); NULL means out of memory.
 */
#ifndef LW_SHIM_PG_FUNC_H
#define LW_SHIM_PG_FUNC_H

#include <stddef.h>
#include <stdint.h>

/* ---- Text ------------------------------------------------------------------------ */

/* Code points in s[0..n). */
int64_t lw_pg_char_length(const char *s, size_t n);
/* Byte offset of the first code point past the first k code points (n when s is
 * shorter). */
size_t lw_pg_skip_chars(const char *s, size_t n, int64_t k);
/* strpos(): 1-based code point position of the first sub in s, 0 when absent (1 for
 * an empty sub, as PostgreSQL). */
int64_t lw_pg_strpos(const char *s, size_t n, const char *sub, size_t sub_n);
/* split_part(): field (1-based; negative counts from the end) of s split at delim,
 * as the byte range [*from, *to). Returns 0, or -1 when field is 0. An empty delim
 * makes s its only field; a field past the end is empty. */
int lw_pg_split_part(const char *s, size_t n, const char *delim, size_t delim_n, int64_t field,
                     size_t *from, size_t *to);
/* left()/right(): the byte range of the first (right: last) k code points; a negative
 * k means all but the last (right: first) |k|. */
void lw_pg_left(const char *s, size_t n, int64_t k, size_t *from, size_t *to);
void lw_pg_right(const char *s, size_t n, int64_t k, size_t *from, size_t *to);
/* lpad()/rpad(): s filled to len code points with fill repeated (cut when longer;
 * unchanged when fill is empty and s is shorter). *out_n receives the byte length. */
char *lw_pg_pad(const char *s, size_t n, int64_t len, const char *fill, size_t fill_n, int left,
                size_t *out_n);

/* ---- Date and time ----------------------------------------------------------------- */

/* A timestamp as PostgreSQL writes it in ISO style. has_time is 0 for a date. */
typedef struct lw_pg_ts {
    int year, month, day;
    int hour, minute, second, usec;
    int has_time;
    int has_tz;     /* the text carried a zone (timestamptz): printed back as +00 */
    int tz_seconds; /* offset east of UTC that the text gave; folded into the fields */
} lw_pg_ts;

/* Parses "YYYY-MM-DD", "YYYY-MM-DD HH:MI[:SS[.ffffff]]" (a T instead of the space)
 * with an optional zone "Z", "+HH", "+HH:MI", "-HHMI". A zone is folded into UTC.
 * Returns 0, -1 on a malformed text, -2 on a field out of range (month 13, Feb 30). */
int lw_pg_ts_parse(const char *s, size_t n, lw_pg_ts *ts);
/* Writes ts as PostgreSQL prints it: a date as YYYY-MM-DD, a timestamp with trailing
 * zeros of the fraction removed, and "+00" for a timestamptz. Returns the length. */
int lw_pg_ts_format(const lw_pg_ts *ts, char *buf, size_t cap);
/* A timestamp from microseconds since 1970-01-01 UTC (a timestamptz). */
void lw_pg_ts_from_unix_usec(int64_t usec, lw_pg_ts *ts);
/* date + days: the day of ts (its time ignored) moved by `days`, as a date. Returns 0,
 * or -2 when the result leaves years 1..9999 (PostgreSQL's "date out of range" there). */
int lw_pg_date_add_days(const lw_pg_ts *ts, int64_t days, lw_pg_ts *out);
/* date - date: the days from b's day to a's day. */
int64_t lw_pg_date_diff(const lw_pg_ts *a, const lw_pg_ts *b);
/* date_trunc(): truncates ts to unit (microseconds ... millennium, week); returns -1
 * for an unknown unit. The result always has a time part. */
int lw_pg_date_trunc(const char *unit, size_t unit_n, lw_pg_ts *ts);
/*
 * extract()/date_part(): the field of ts as PostgreSQL 15's extract prints it
 * (numeric: seconds and epoch of a timestamp keep six decimals). Writes the text;
 * *is_integer tells the caller it may hand an integer over. Returns -1 for an unknown
 * field, -2 for a field a date does not have (hour of a date).
 */
int lw_pg_extract(const char *field, size_t field_n, const lw_pg_ts *ts, char *buf, size_t cap,
                  int *is_integer);
/*
 * timestamp + sign * interval: the interval text as PostgreSQL reads it ('1 day',
 * '2 hours 30 minutes', '-3 months', '1 year 2 mons', '10:30:00', '1.5 hours';
 * units from microseconds to millennia, plural and abbreviated). Months and years
 * move the calendar (the day clamped to the month's end), then days, then time, as
 * PostgreSQL applies them. A date becomes a timestamp. Returns 0, -1 for text that is
 * not an interval (or fractional months), -2 when the result leaves years 1..9999.
 */
int lw_pg_ts_add_interval(lw_pg_ts *ts, const char *iv, size_t n, int sign);

/* to_char(timestamp, format): PostgreSQL's template patterns (YYYY YY MM DD HH HH12
 * HH24 MI SS MS US AM PM Mon MON mon Month MONTH month Day DAY day Dy DY dy D DDD Q,
 * the FM prefix, "quoted text"); other characters are copied. */
char *lw_pg_to_char(const lw_pg_ts *ts, const char *fmt, size_t fmt_n, size_t *out_n);

/* ---- UUID and JSON --------------------------------------------------------------- */

/* A version 4 UUID in PostgreSQL's lowercase text from 16 random bytes. */
void lw_pg_uuid_v4(const unsigned char random[16], char out[37]);
/* Canonical lowercase text of a UUID given in any of PostgreSQL's accepted forms
 * (hyphens anywhere between groups of four, optional braces). Returns -1 if invalid. */
int lw_pg_uuid_canon(const char *s, size_t n, char out[37]);

/* md5(): the digest of data[0..n) as 32 lowercase hex digits. */
void lw_pg_md5_hex(const void *data, size_t n, char out[33]);

#ifndef LW_PG_JSON_MAX_DEPTH
#define LW_PG_JSON_MAX_DEPTH 1000
#endif
/*
 * jsonb's output form of a JSON text: keys sorted (shorter first, then bytewise),
 * the last of duplicate keys kept, ", " and ": " between items, strings kept as
 * written, numbers as the numerics jsonb stores (1e2 is 100, 1.50 stays 1.50). The text is parsed
 * by ext/json (lw_json_parse). Returns the new text, or NULL with *error set (a static message)
 * when the input is not JSON PostgreSQL accepts (including invalid UTF-8, \u0000, unpaired
 * surrogate escapes and nesting deeper than LW_PG_JSON_MAX_DEPTH); NULL with *error NULL means out
 * of memory.
 */
char *lw_pg_jsonb_normalize(const char *s, size_t n, size_t *out_n, const char **error);

/*
 * jsonb's `->` (as_text 0) and `->>` (as_text 1) on the JSON text s, read as jsonb
 * reads it (the last of duplicate keys wins): the member named key (key_len bytes,
 * UTF-8) of an object when key is not NULL, else element index of an array (negative
 * counts from the end). Returns 1 with *out (sqlite3_free, owned by the caller) and
 * *out_n: the value in jsonb's output form, or for `->>` a string's text and a
 * scalar's printed form; 0 when there is no such value (a missing key or element,
 * the wrong kind of container, a JSON null under `->>`): SQL NULL; -1 with *error
 * set as lw_pg_jsonb_normalize() sets it; -2 when out of memory.
 */
int lw_pg_jsonb_get(const char *s, size_t n, const char *key, size_t key_len, int64_t index,
                    int as_text, char **out, size_t *out_n, const char **error);

#endif
