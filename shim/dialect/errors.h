/*
 * SQLite's error messages in the server's words (errors.c): a dialect's map_error
 * hook hands SQLite's message to lw_map_error_text with its table, and the first
 * entry that matches words the error:
 *
 *   LW_ERR_PREFIX     the message starts with pattern; the captured part is the rest
 *                     (up to `until` when given, which must then be there)
 *   LW_ERR_CONTAINS   the message contains pattern; the captured part runs from the
 *                     match to the end
 *   LW_ERR_EXACT      the message is pattern
 *   LW_ERR_CODE       SQLite's primary result code is `code`; the whole message
 *   LW_ERR_ANY        every message; the entry's hook decides whether it is its own
 *                     (a module's family of messages: the regexp module's)
 *
 * An entry words the error with its format (%.*s: the captured part) or, where the
 * wording needs the schema or the statement (which constraint, which table), with its
 * hook. SQLite's messages these patterns match are stable parts of its interface
 * (its own test suite relies on them).
 */
#ifndef LW_SHIM_ERRORS_H
#define LW_SHIM_ERRORS_H

#include "dialect/rules.h"

typedef enum lw_error_match {
    LW_ERR_PREFIX = 1,
    LW_ERR_CONTAINS,
    LW_ERR_EXACT,
    LW_ERR_CODE,
    LW_ERR_ANY,
} lw_error_match;

struct lw_error_text {
    lw_error_match match;
    const char *pattern; /* LW_ERR_CODE: NULL */
    int code;            /* LW_ERR_CODE: SQLite's primary result code */
    const char *until;   /* LW_ERR_PREFIX: the captured part ends before this text */
    const char *sqlstate;
    int mysql_errno;
    const char *format; /* printf formats of sqlite3_mprintf; %.*s: the captured part */
    /* Instead of format: words err from the captured part. state is the dialect's
     * per-connection state (map_error's). Returns 1 when the entry decided (err worded,
     * or left as it is on purpose), 0 when the later entries should try. */
    int (*write)(void *state, const char *captured, size_t n, lw_dialect_error *err);
};

/* Words err from the first entry of table (ended by an entry whose match is 0) that
 * matches SQLite's error (its extended code and message). Returns 1 when an entry
 * matched, 0 when none did (err is then as it was). */
int lw_map_error_text(const lw_error_text *table, void *state, int sqlite_code, const char *msg,
                      lw_dialect_error *err);

#endif
