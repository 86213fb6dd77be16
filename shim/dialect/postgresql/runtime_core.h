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
