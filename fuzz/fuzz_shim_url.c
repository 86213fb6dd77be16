/*
 * libFuzzer target: the connection URL parser on arbitrary text, embedded and server
 * forms. Every input must be accepted or rejected with a message, never crash or
 * leak; an accepted URL is consistent (its backend, a dialect that backend speaks,
 * no embedded-only option on a server URL), and the part of a postgresql:// URL that
 * goes to libpq is given to libpq's own parser (PQconninfoParse, no connection).
 */
#include <libpq-fe.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/shim_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *url = malloc(size + 1);
    if (!url)
        return 0;
    memcpy(url, data, size);
    url[size] = 0;
    lw_url u;
    char *msg = NULL;
    int rc = lw_url_parse(url, &u, &msg);
    if (rc == LW_EURL && !msg)
        abort();
    if (rc == 0 && (msg || !u.dialect || !u.backend))
        abort();
    if (rc == 0 && u.backend != &lw_backend_sqlite) {
        if (u.journal_mode || u.synchronous || u.shared || u.path || !u.foreign_keys)
            abort();
        int pg = u.backend == &lw_backend_postgresql;
        if (pg != (u.dialect == &lw_dialect_postgresql) || pg != (u.server_uri != NULL))
            abort();
        if (!pg && (u.template_path || (u.port && (u.port < 1 || u.port > 65535))))
            abort();
        if (pg) {
            char *why = NULL;
            PQconninfoOption *opts = PQconninfoParse(u.server_uri, &why);
            PQconninfoFree(opts);
            PQfreemem(why);
        }
    }
    sqlite3_free(msg);
    lw_url_free(&u);
    free(url);
    return 0;
}
