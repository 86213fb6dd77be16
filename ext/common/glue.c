/*
 * Registration and error helpers shared by every module's SQL glue. See glue.h.
 */
#include "common/glue.h"
#include "common/utf8.h"
#include <stdarg.h>

void lw_shared_init(lw_shared *shared, void (*destroy)(lw_shared *))
{
    shared->refs = 1;
    shared->destroy = destroy;
}

void lw_shared_release(void *p)
{
    lw_shared *shared = p;
    if (--shared->refs == 0)
        shared->destroy(shared);
}

int lw_register_function(sqlite3 *db, const lw_function_def *def, lw_shared *shared, void *user,
                         char **pzErr)
{
    void (*release)(void *) = NULL;
    if (shared) {
        /* SQLite calls release even when the registration fails. */
        shared->refs++;
        user = shared;
        release = lw_shared_release;
    }
    int rc;
    if (def->xValue)
        rc = sqlite3_create_window_function(db, def->name, def->n_arg, def->flags, user, def->xStep,
                                            def->xFinal, def->xValue, def->xInverse, release);
    else
        rc = sqlite3_create_function_v2(db, def->name, def->n_arg, def->flags, user, def->xFunc,
                                        def->xStep, def->xFinal, release);
    if (rc != SQLITE_OK)
        *pzErr = sqlite3_mprintf("cannot register function %s/%d: %s", def->name, def->n_arg,
                                 sqlite3_errmsg(db));
    return rc;
}

int lw_register_functions(sqlite3 *db, const lw_function_def *defs, size_t n_defs,
                          lw_shared *shared, char **pzErr)
{
    for (size_t i = 0; i < n_defs; i++) {
        int rc = lw_register_function(db, &defs[i], shared, NULL, pzErr);
        if (rc != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

void lw_result_invalid_utf8(sqlite3_context *ctx, const char *fn, int argno, int64_t offset)
{
    char *msg = lw_utf8_errmsg(fn, argno, offset);
    if (!msg) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_error(ctx, msg, -1);
    sqlite3_free(msg);
}

void lw_result_errorf(sqlite3_context *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    if (!msg) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_error(ctx, msg, -1);
    sqlite3_free(msg);
}

int lw_any_null(int argc, sqlite3_value **argv)
{
    for (int i = 0; i < argc; i++)
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
            return 1;
    return 0;
}

const char *lw_type_name(sqlite3_value *v)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
        return "integer";
    case SQLITE_FLOAT:
        return "real";
    case SQLITE_TEXT:
        return "text";
    case SQLITE_BLOB:
        return "blob";
    default:
        return "null";
    }
}

int lw_arg_text(sqlite3_context *ctx, const char *fn, sqlite3_value **argv, int i,
                const char **text, int *len)
{
    sqlite3_value *v = argv[i];
    switch (sqlite3_value_type(v)) {
    case SQLITE_NULL:
        return -1;
    case SQLITE_BLOB:
        lw_result_errorf(ctx, "%s(): argument %d must be text, got a blob", fn, i + 1);
        return 0;
    default:
        break;
    }
    const unsigned char *t = sqlite3_value_text(v);
    if (!t) {
        sqlite3_result_error_nomem(ctx);
        return 0;
    }
    *text = (const char *)t;
    *len = sqlite3_value_bytes(v);
    return 1;
}
