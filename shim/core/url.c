/*
 * The connection URL parser.
 *
 *   sqlite::memory:                 a private in-memory database
 *   sqlite:///relative/path.db      a file, relative to the working directory
 *   sqlite:////absolute/path.db     a file, absolute
 *   ...?option=value&option=value   options (docs/shim.md has the table)
 *
 * Paths and values are percent-decoded ("init=PRAGMA%20cache_size%3D-4000"; '+' stays
 * '+'). Every
 * option may be given once; an unknown option, a repeated one or a value outside its
 * set is an error whose message names it. Nothing here touches SQLite except its
 * allocator, so the parser is unit-tested and fuzzed alone.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/hex.h"
#include "core/shim_int.h"

/* Percent-decodes s[0..n) into a new string (sqlite3_free); *bad is set on a
 * malformed escape or an encoded NUL. */
static char *decode(const char *s, size_t n, int *bad)
{
    char *out = sqlite3_malloc64(n + 1);
    if (!out)
        return NULL;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%') {
            int hi = i + 1 < n ? lw_hex_value((unsigned char)s[i + 1]) : -1;
            int lo = i + 2 < n ? lw_hex_value((unsigned char)s[i + 2]) : -1;
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
                *bad = 1;
                break;
            }
            out[j++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            out[j++] = s[i];
        }
    }
    out[j] = 0;
    return out;
}

static int one_of(const char *v, const char *const *set)
{
    for (int i = 0; set[i]; i++)
        if (strcasecmp(v, set[i]) == 0)
            return i;
    return -1;
}

static int bad_value(char **msg, const char *option, const char *value, const char *expected)
{
    *msg = sqlite3_mprintf("invalid value '%s' for URL option %s: expected %s", value, option,
                           expected);
    return *msg ? LW_EURL : LW_ENOMEM;
}

/* A non-negative integer up to INT_MAX. */
static int parse_int(const char *v, int *out)
{
    if (!*v)
        return -1;
    long long n = 0;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        n = n * 10 + (*p - '0');
        if (n > 2147483647)
            return -1;
    }
    *out = (int)n;
    return 0;
}

static const char *const option_names[] = {
    "dialect", "timeout", "txn",     "journal_mode", "synchronous", "foreign_keys",
    "mode",    "init",    "max_age", "template",     "shared",      NULL,
};

static int set_option(lw_url *u, int which, const char *name, char *value, char **msg)
{
    static const char *const txn_modes[] = {"deferred", "immediate", "exclusive", NULL};
    static const char *const journals[] = {"wal",    "delete", "truncate", "persist",
                                           "memory", "off",    NULL};
    static const char *const syncs[] = {"off", "normal", "full", "extra", NULL};
    static const char *const booleans[] = {"off", "on", "false", "true", "0", "1", NULL};
    static const char *const modes[] = {"rw", "ro", NULL};
    switch (which) {
    case 0:
        u->dialect = lw_dialect_find(value, strlen(value));
        if (!u->dialect) {
            char *expected = sqlite3_mprintf("one of %s", lw_dialect_names());
            int rc = bad_value(msg, name, value, expected ? expected : "a dialect");
            sqlite3_free(expected);
            return rc;
        }
        break;
    case 1:
        if (parse_int(value, &u->timeout_ms))
            return bad_value(msg, name, value, "milliseconds (0 to 2147483647)");
        break;
    case 2: {
        int m = one_of(value, txn_modes);
        if (m < 0)
            return bad_value(msg, name, value, "deferred, immediate or exclusive");
        u->txn_mode = LW_TXN_DEFERRED + m;
        break;
    }
    case 3:
        if (one_of(value, journals) < 0)
            return bad_value(msg, name, value, "wal, delete, truncate, persist, memory or off");
        u->journal_mode = value;
        return 1; /* value kept */
    case 4:
        if (one_of(value, syncs) < 0)
            return bad_value(msg, name, value, "off, normal, full or extra");
        u->synchronous = value;
        return 1;
    case 5: {
        int b = one_of(value, booleans);
        if (b < 0)
            return bad_value(msg, name, value, "on or off");
        u->foreign_keys = b & 1;
        break;
    }
    case 6: {
        int m = one_of(value, modes);
        if (m < 0)
            return bad_value(msg, name, value, "ro or rw");
        u->read_only = m == 1;
        break;
    }
    case 7:
        u->init = value;
        return 1;
    case 8: {
        char *end = NULL;
        errno = 0;
        double d = strtod(value, &end);
        if (!*value || *end || errno || !isfinite(d) || d < 0)
            return bad_value(msg, name, value, "seconds (a number >= 0)");
        u->max_age = d;
        break;
    }
    case 9:
        if (!*value)
            return bad_value(msg, name, value, "the path of a database file");
        u->template_path = value;
        return 1;
    case 10:
        if (!*value || strchr(value, '/') || strchr(value, '?') || strchr(value, '#'))
            return bad_value(msg, name, value, "a name without '/', '?' or '#'");
        u->shared = value;
        return 1;
    default:
        break;
    }
    return 0;
}

int lw_url_parse(const char *url, lw_url *u, char **msg)
{
    memset(u, 0, sizeof *u);
    u->dialect = &lw_dialect_sqlite;
    u->timeout_ms = 5000;
    u->foreign_keys = 1;
    u->max_age = -1;
    *msg = NULL;
    if (!url) {
        *msg = sqlite3_mprintf("no connection URL");
        return *msg ? LW_EURL : LW_ENOMEM;
    }
    const char *query = strchr(url, '?');
    size_t base_len = query ? (size_t)(query - url) : strlen(url);
    int memory = 0;
    if (base_len == strlen("sqlite::memory:") && memcmp(url, "sqlite::memory:", base_len) == 0) {
        memory = 1;
    } else if (base_len > strlen("sqlite:///") && memcmp(url, "sqlite:///", 10) == 0) {
        int bad = 0;
        u->path = decode(url + 10, base_len - 10, &bad);
        if (!u->path)
            return LW_ENOMEM;
        if (bad || !*u->path) {
            *msg = sqlite3_mprintf("invalid path in connection URL '%.*s'", (int)base_len, url);
            return *msg ? LW_EURL : LW_ENOMEM;
        }
    } else {
        *msg = sqlite3_mprintf("invalid connection URL '%.*s': expected sqlite::memory:, "
                               "sqlite:///relative/path or sqlite:////absolute/path",
                               (int)base_len, url);
        return *msg ? LW_EURL : LW_ENOMEM;
    }
    unsigned seen = 0;
    const char *p = query ? query + 1 : NULL;
    while (p && *p) {
        const char *amp = strchr(p, '&');
        size_t n = amp ? (size_t)(amp - p) : strlen(p);
        const char *eq = memchr(p, '=', n);
        size_t name_len = eq ? (size_t)(eq - p) : n;
        int which = -1;
        for (int i = 0; option_names[i]; i++)
            if (strlen(option_names[i]) == name_len && memcmp(option_names[i], p, name_len) == 0)
                which = i;
        if (which < 0) {
            *msg = sqlite3_mprintf("unknown URL option '%.*s'", (int)name_len, p);
            return *msg ? LW_EURL : LW_ENOMEM;
        }
        if (!eq) {
            *msg = sqlite3_mprintf("URL option %s needs a value (%s=...)", option_names[which],
                                   option_names[which]);
            return *msg ? LW_EURL : LW_ENOMEM;
        }
        if (seen & (1u << which)) {
            *msg = sqlite3_mprintf("URL option %s given twice", option_names[which]);
            return *msg ? LW_EURL : LW_ENOMEM;
        }
        seen |= 1u << which;
        int bad = 0;
        char *value = decode(eq + 1, n - name_len - 1, &bad);
        if (!value)
            return LW_ENOMEM;
        if (bad) {
            *msg = sqlite3_mprintf("invalid percent-escape in URL option %s", option_names[which]);
            sqlite3_free(value);
            return *msg ? LW_EURL : LW_ENOMEM;
        }
        int rc = set_option(u, which, option_names[which], value, msg);
        if (rc != 1)
            sqlite3_free(value);
        if (rc < 0)
            return rc;
        p = amp ? amp + 1 : NULL;
    }
    if (!memory && u->shared) {
        *msg = sqlite3_mprintf("URL option shared needs sqlite::memory:");
        return *msg ? LW_EURL : LW_ENOMEM;
    }
    if (!memory && u->template_path) {
        *msg = sqlite3_mprintf("URL option template needs sqlite::memory: (the clone lives "
                               "in memory)");
        return *msg ? LW_EURL : LW_ENOMEM;
    }
    return 0;
}

void lw_url_free(lw_url *u)
{
    sqlite3_free(u->path);
    sqlite3_free(u->shared);
    sqlite3_free(u->journal_mode);
    sqlite3_free(u->synchronous);
    sqlite3_free(u->init);
    sqlite3_free(u->template_path);
    memset(u, 0, sizeof *u);
}
