/*
 * The connection URL parser.
 *
 * Embedded (the SQLite backend):
 *   sqlite::memory:                 a private in-memory database
 *   sqlite:///relative/path.db      a file, relative to the working directory
 *   sqlite:////absolute/path.db     a file, absolute
 * Servers:
 *   postgresql://[user[:password]@][host][:port][/dbname][?params]   (also postgres://)
 *       libpq's URI form: everything but likewise's own options below is left as it is
 *       and handed to libpq (host=/socket/dir, sslmode=, options=, connect_timeout=...),
 *       which checks it when connecting
 *   mysql://[user[:password]@][host][:port][/database][?socket=PATH&...]   (also mariadb://)
 *       parsed here: user, password, host ([::1] for IPv6), port (1 to 65535),
 *       database and socket, each percent-decoded
 * then ?option=value&option=value: likewise's options (docs/shim.md has the table,
 * docs/servers.md what each means on a server).
 *
 * Paths and values are percent-decoded ("init=PRAGMA%20cache_size%3D-4000"; '+' stays
 * '+'). Every option may be given once; an unknown option, a repeated one, a value
 * outside its set, or an option that cannot apply to the URL's engine is an error
 * whose message names it. dialect= on a server URL must be one the server speaks (the
 * scheme implies it). Nothing here touches SQLite except its allocator, so the parser
 * is unit-tested and fuzzed alone.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
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
enum {
    OPT_DIALECT,
    OPT_TIMEOUT,
    OPT_TXN,
    OPT_JOURNAL_MODE,
    OPT_SYNCHRONOUS,
    OPT_FOREIGN_KEYS,
    OPT_MODE,
    OPT_INIT,
    OPT_MAX_AGE,
    OPT_TEMPLATE,
    OPT_SHARED
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
    case OPT_DIALECT:
        u->dialect = lw_dialect_find(value, strlen(value));
        if (!u->dialect) {
            char *expected = sqlite3_mprintf("one of %s", lw_dialect_names());
            int rc = bad_value(msg, name, value, expected ? expected : "a dialect");
            sqlite3_free(expected);
            return rc;
        }
        break;
    case OPT_TIMEOUT:
        if (parse_int(value, &u->timeout_ms))
            return bad_value(msg, name, value, "milliseconds (0 to 2147483647)");
        break;
    case OPT_TXN: {
        int m = one_of(value, txn_modes);
        if (m < 0)
            return bad_value(msg, name, value, "deferred, immediate or exclusive");
        u->txn_mode = LW_TXN_DEFERRED + m;
        break;
    }
    case OPT_JOURNAL_MODE:
        if (one_of(value, journals) < 0)
            return bad_value(msg, name, value, "wal, delete, truncate, persist, memory or off");
        u->journal_mode = value;
        return 1; /* value kept */
    case OPT_SYNCHRONOUS:
        if (one_of(value, syncs) < 0)
            return bad_value(msg, name, value, "off, normal, full or extra");
        u->synchronous = value;
        return 1;
    case OPT_FOREIGN_KEYS: {
        int b = one_of(value, booleans);
        if (b < 0)
            return bad_value(msg, name, value, "on or off");
        u->foreign_keys = b & 1;
        break;
    }
    case OPT_MODE: {
        int m = one_of(value, modes);
        if (m < 0)
            return bad_value(msg, name, value, "ro or rw");
        u->read_only = m == 1;
        break;
    }
    case OPT_INIT:
        u->init = value;
        return 1;
    case OPT_MAX_AGE: {
        char *end = NULL;
        errno = 0;
        double d = strtod(value, &end);
        if (!*value || *end || errno || !isfinite(d) || d < 0)
            return bad_value(msg, name, value, "seconds (a number >= 0)");
        u->max_age = d;
        break;
    }
    case OPT_TEMPLATE:
        if (!*value)
            return bad_value(msg, name, value,
                             u->backend == &lw_backend_sqlite ? "the path of a database file"
                                                              : "the name of a database");
        u->template_path = value;
        return 1;
    case OPT_SHARED:
        if (!*value || strchr(value, '/') || strchr(value, '?') || strchr(value, '#'))
            return bad_value(msg, name, value, "a name without '/', '?' or '#'");
        u->shared = value;
        return 1;
    default:
        break;
    }
    return 0;
}

static int fail(char **msg, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    *msg = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    return *msg ? LW_EURL : LW_ENOMEM;
}

/* Why an embedded-only option cannot apply to a server URL, or NULL when it can. */
static const char *not_for_server(const lw_url *u, int which)
{
    switch (which) {
    case OPT_JOURNAL_MODE:
    case OPT_SYNCHRONOUS:
        return "the server manages its own journal and durability";
    case OPT_FOREIGN_KEYS:
        return u->backend == &lw_backend_postgresql
                   ? "PostgreSQL always enforces foreign keys"
                   : "the server decides (init=SET foreign_key_checks=0 turns MariaDB's checks "
                     "off)";
    case OPT_SHARED:
        return "shared in-memory databases exist only embedded";
    case OPT_TEMPLATE:
        return u->backend == &lw_backend_mariadb ? "MariaDB has no CREATE DATABASE ... TEMPLATE"
                                                 : NULL;
    default:
        return NULL;
    }
}

/* The scheme of a server URL, or NULL. */
static const char *server_scheme(const char *url, const lw_backend **backend)
{
    static const struct {
        const char *prefix;
        const lw_backend *backend;
    } schemes[] = {
        {"postgresql://", &lw_backend_postgresql},
        {"postgres://", &lw_backend_postgresql},
        {"mysql://", &lw_backend_mariadb},
        {"mariadb://", &lw_backend_mariadb},
    };
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
        if (strncmp(url, schemes[i].prefix, strlen(schemes[i].prefix)) == 0) {
            *backend = schemes[i].backend;
            return schemes[i].prefix;
        }
    return NULL;
}

/* Percent-decodes s[0..n) into *out, or fails naming what (user, password...). */
static int decode_part(const char *s, size_t n, const char *what, char **out, char **msg)
{
    int bad = 0;
    *out = decode(s, n, &bad);
    if (!*out)
        return LW_ENOMEM;
    if (bad)
        return fail(msg, "invalid percent-escape in the %s of the connection URL", what);
    return 0;
}

/*
 * mysql://[user[:password]@][host][:port][/database]: base[0..n) after the scheme.
 * The authority ends at the first '/', and the user information at its last '@', so
 * a password holding '@' or '/' must percent-encode them.
 */
static int parse_mysql_authority(lw_url *u, const char *base, size_t n, char **msg)
{
    const char *slash = memchr(base, '/', n);
    size_t auth_len = slash ? (size_t)(slash - base) : n;
    const char *at = NULL;
    for (size_t i = 0; i < auth_len; i++)
        if (base[i] == '@')
            at = base + i;
    const char *host = base;
    int rc;
    if (at) {
        const char *colon = memchr(base, ':', (size_t)(at - base));
        size_t user_len = colon ? (size_t)(colon - base) : (size_t)(at - base);
        if ((rc = decode_part(base, user_len, "user", &u->user, msg)) != 0)
            return rc;
        if (colon && (rc = decode_part(colon + 1, (size_t)(at - colon - 1), "password",
                                       &u->password, msg)) != 0)
            return rc;
        host = at + 1;
    }
    size_t host_len = (size_t)(base + auth_len - host);
    const char *port = NULL;
    if (host_len && host[0] == '[') {
        const char *close = memchr(host, ']', host_len);
        if (!close)
            return fail(msg, "invalid host in connection URL: '[' without ']'");
        if (close + 1 < host + host_len) {
            if (close[1] != ':')
                return fail(msg, "invalid host in connection URL: '%.*s'", (int)host_len, host);
            port = close + 2;
        }
        if ((rc = decode_part(host + 1, (size_t)(close - host - 1), "host", &u->host, msg)) != 0)
            return rc;
    } else {
        const char *colon = memchr(host, ':', host_len);
        if (colon)
            port = colon + 1;
        size_t name_len = colon ? (size_t)(colon - host) : host_len;
        if (name_len && (rc = decode_part(host, name_len, "host", &u->host, msg)) != 0)
            return rc;
    }
    if (port) {
        size_t port_len = (size_t)(base + auth_len - port);
        char digits[8] = {0};
        int value = 0;
        if (port_len == 0 || port_len >= sizeof digits)
            return fail(msg, "invalid port '%.*s' in connection URL: expected 1 to 65535",
                        (int)port_len, port);
        memcpy(digits, port, port_len);
        if (parse_int(digits, &value) || value < 1 || value > 65535)
            return fail(msg, "invalid port '%s' in connection URL: expected 1 to 65535", digits);
        u->port = value;
    }
    if (slash && slash + 1 < base + n &&
        (rc = decode_part(slash + 1, (size_t)(base + n - slash - 1), "database", &u->database,
                          msg)) != 0)
        return rc;
    return 0;
}

/* Appends a libpq parameter (name=value, as written) to the URI handed to libpq. */
static int keep_for_libpq(lw_url *u, const char *param, size_t n)
{
    char *uri = sqlite3_mprintf("%s%c%.*s", u->server_uri, strchr(u->server_uri, '?') ? '&' : '?',
                                (int)n, param);
    if (!uri)
        return LW_ENOMEM;
    sqlite3_free(u->server_uri);
    u->server_uri = uri;
    return 0;
}

int lw_url_parse(const char *url, lw_url *u, char **msg)
{
    memset(u, 0, sizeof *u);
    u->backend = &lw_backend_sqlite;
    u->dialect = &lw_dialect_sqlite;
    u->timeout_ms = 5000;
    u->foreign_keys = 1;
    u->max_age = -1;
    *msg = NULL;
    if (!url)
        return fail(msg, "no connection URL");
    const char *query = strchr(url, '?');
    size_t base_len = query ? (size_t)(query - url) : strlen(url);
    int memory = 0, rc;
    const char *scheme = server_scheme(url, &u->backend);
    if (scheme) {
        u->dialect = u->backend == &lw_backend_postgresql ? &lw_dialect_postgresql
                     : strcmp(scheme, "mysql://") == 0    ? &lw_dialect_mysql
                                                          : &lw_dialect_mariadb;
        size_t n = strlen(scheme);
        if (u->backend == &lw_backend_postgresql) {
            u->server_uri = sqlite3_mprintf("%.*s", (int)base_len, url);
            if (!u->server_uri)
                return LW_ENOMEM;
        } else if ((rc = parse_mysql_authority(u, url + n, base_len - n, msg)) != 0) {
            return rc;
        }
    } else if (base_len == strlen("sqlite::memory:") &&
               memcmp(url, "sqlite::memory:", base_len) == 0) {
        memory = 1;
    } else if (base_len > strlen("sqlite:///") && memcmp(url, "sqlite:///", 10) == 0) {
        int bad = 0;
        u->path = decode(url + 10, base_len - 10, &bad);
        if (!u->path)
            return LW_ENOMEM;
        if (bad || !*u->path)
            return fail(msg, "invalid path in connection URL '%.*s'", (int)base_len, url);
    } else {
        return fail(msg,
                    "invalid connection URL '%.*s': expected sqlite::memory:, "
                    "sqlite:///relative/path, sqlite:////absolute/path, "
                    "postgresql://[user[:password]@][host][:port][/dbname], "
                    "mysql://... or mariadb://...",
                    (int)base_len, url);
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
        if (which < 0 && u->backend == &lw_backend_postgresql) {
            /* libpq's own parameter: kept as written, libpq judges it. */
            if ((rc = keep_for_libpq(u, p, n)) != 0)
                return rc;
            p = amp ? amp + 1 : NULL;
            continue;
        }
        if (which < 0 && u->backend == &lw_backend_mariadb && name_len == 6 &&
            memcmp(p, "socket", 6) == 0) {
            if (!eq || u->socket)
                return fail(msg, eq ? "URL option socket given twice"
                                    : "URL option socket needs a value (socket=...)");
            if ((rc = decode_part(eq + 1, n - 7, "socket", &u->socket, msg)) != 0)
                return rc;
            if (!*u->socket)
                return fail(msg, "invalid value '' for URL option socket: expected a path");
            p = amp ? amp + 1 : NULL;
            continue;
        }
        if (which < 0)
            return fail(msg, "unknown URL option '%.*s'", (int)name_len, p);
        const char *why = scheme ? not_for_server(u, which) : NULL;
        if (why)
            return fail(msg, "URL option %s does not apply to a %s connection: %s",
                        option_names[which], scheme, why);
        if (!eq)
            return fail(msg, "URL option %s needs a value (%s=...)", option_names[which],
                        option_names[which]);
        if (seen & (1u << which))
            return fail(msg, "URL option %s given twice", option_names[which]);
        seen |= 1u << which;
        int bad = 0;
        char *value = decode(eq + 1, n - name_len - 1, &bad);
        if (!value)
            return LW_ENOMEM;
        if (bad) {
            sqlite3_free(value);
            return fail(msg, "invalid percent-escape in URL option %s", option_names[which]);
        }
        rc = set_option(u, which, option_names[which], value, msg);
        if (rc != 1)
            sqlite3_free(value);
        if (rc < 0)
            return rc;
        if (which == OPT_DIALECT) {
            /* A server speaks its own dialect: mysql:// and mariadb:// either of theirs. */
            int speaks = u->backend == &lw_backend_postgresql
                             ? u->dialect == &lw_dialect_postgresql
                             : u->dialect == &lw_dialect_mysql || u->dialect == &lw_dialect_mariadb;
            if (scheme && !speaks)
                return fail(msg,
                            "URL option dialect=%s contradicts the %s URL, whose server "
                            "speaks %s",
                            u->dialect->name, scheme,
                            u->backend == &lw_backend_postgresql ? "postgresql"
                                                                 : "mysql or mariadb");
        }
        p = amp ? amp + 1 : NULL;
    }
    if (!memory && u->shared)
        return fail(msg, "URL option shared needs sqlite::memory:");
    if (!memory && !scheme && u->template_path)
        return fail(msg, "URL option template needs sqlite::memory: (the clone lives "
                         "in memory)");
    return 0;
}

void lw_url_free(lw_url *u)
{
    sqlite3_free(u->server_uri);
    sqlite3_free(u->user);
    sqlite3_free(u->password);
    sqlite3_free(u->host);
    sqlite3_free(u->socket);
    sqlite3_free(u->database);
    sqlite3_free(u->path);
    sqlite3_free(u->shared);
    sqlite3_free(u->journal_mode);
    sqlite3_free(u->synchronous);
    sqlite3_free(u->init);
    sqlite3_free(u->template_path);
    memset(u, 0, sizeof *u);
}
