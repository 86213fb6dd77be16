/*
 * libFuzzer target: the connection URL parser on arbitrary text. Every input must be
 * accepted or rejected with a message, never crash or leak.
 */
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
    if (rc == 0 && (msg || !u.dialect))
        abort();
    sqlite3_free(msg);
    lw_url_free(&u);
    free(url);
    return 0;
}
