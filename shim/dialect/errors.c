/*
 * SQLite's error messages in the server's words, from the dialect's table (errors.h).
 */
#include "dialect/errors.h"

#include <string.h>

/* Does entry e match? *captured and *n get the part the wording quotes. */
static int matches(const lw_error_text *e, int sqlite_code, const char *msg, const char **captured,
                   size_t *n)
{
    const char *at;
    switch (e->match) {
    case LW_ERR_PREFIX: {
        size_t k = strlen(e->pattern);
        if (strncmp(msg, e->pattern, k) != 0)
            return 0;
        *captured = msg + k;
        if (!e->until) {
            *n = strlen(*captured);
            return 1;
        }
        const char *end = strstr(msg, e->until);
        if (!end || end < *captured)
            return 0;
        *n = (size_t)(end - *captured);
        return 1;
    }
    case LW_ERR_CONTAINS:
        if (!(at = strstr(msg, e->pattern)))
            return 0;
        *captured = at;
        *n = strlen(at);
        return 1;
    case LW_ERR_EXACT:
        *captured = msg;
        *n = strlen(msg);
        return strcmp(msg, e->pattern) == 0;
    case LW_ERR_CODE:
        *captured = msg;
        *n = strlen(msg);
        return (sqlite_code & 0xff) == e->code;
    case LW_ERR_ANY:
        *captured = msg;
        *n = strlen(msg);
        return 1;
    }
    return 0;
}

int lw_map_error_text(const lw_error_text *table, void *state, int sqlite_code, const char *msg,
                      lw_dialect_error *err)
{
    for (const lw_error_text *e = table; e && e->match; e++) {
        const char *captured = NULL;
        size_t n = 0;
        if (!matches(e, sqlite_code, msg, &captured, &n))
            continue;
        if (!e->write) {
            lw_dialect_error_set(err, e->sqlstate, e->mysql_errno, e->format, (int)n, captured);
            return 1;
        }
        if (e->write(state, captured, n, err))
            return 1;
    }
    return 0;
}
