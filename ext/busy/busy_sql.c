/*
 * SQL of the busy module (docs/busy.md has examples with real output).
 *
 *   lw_busy_timeout()     -> INTEGER: the connection's busy timeout in milliseconds
 *   lw_busy_timeout(MS)   -> INTEGER: the timeout before the call; installs the busy
 *                            policy (busy.h: poll every 1 to 2 ms up to a monotonic
 *                            deadline MS after the wait began) as the connection's
 *                            busy handler, so that a statement that meets a lock
 *                            waits for it instead of failing at once with "database
 *                            is locked"
 *
 * "The timeout before the call" is the policy's when it is installed, otherwise
 * SQLite's own (PRAGMA busy_timeout: Python's sqlite3.connect sets 5000 by default).
 * PRAGMA busy_timeout = N (N > 0) and sqlite3_busy_timeout() put SQLite's handler
 * back; lw_busy_timeout() notices that (SQLite then reports N) and returns N. While
 * the policy is installed PRAGMA busy_timeout reads 0: SQLite reports the timeout of
 * its own handler only.
 *
 * MS is an INTEGER, or a REAL with an integral value, from 0 to 2147483647; 0 gives
 * up at once. Anything else (NULL included) is an error naming the value:
 * "lw_busy_timeout(): argument 1 must be milliseconds (an integer from 0 to
 * 2147483647), got -5". Both forms are DIRECTONLY: they change the connection, so
 * they cannot run from a view, a trigger or a schema.
 *
 * Limits: SQLite asks the handler only where waiting can help. A deferred transaction
 * that has read and then writes while another connection writes gets SQLITE_BUSY at
 * once whatever the handler (waiting would deadlock): start such transactions with
 * BEGIN IMMEDIATE.
 */
#include "busy/busy_sql.h"
#include "common/glue.h"

#include <math.h>

typedef struct busy_state {
    lw_shared shared;
    sqlite3 *db;
    int installed;   /* the policy was installed and SQLite's handler has not replaced it */
    lw_busy *policy; /* &own, or the one lw_busy_attach was given */
    lw_busy own;
} busy_state;

static void busy_state_destroy(lw_shared *shared)
{
    busy_state *state = (busy_state *)shared;
    /* SQLite drops the functions, and this state with them, when the connection
     * closes (nothing calls the handler after that) or when both lw_busy_timeout
     * functions are replaced by others of the same name. In the second case the
     * connection lives on and must not call a handler whose state is gone. */
    if (state->installed)
        sqlite3_busy_handler(state->db, NULL, NULL);
    sqlite3_free(state);
}

/* SQLite's busy timeout of db (PRAGMA busy_timeout) into *ms. */
static int sqlite_busy_timeout(sqlite3 *db, int *ms)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, "PRAGMA busy_timeout", -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            *ms = sqlite3_column_int(stmt, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(stmt);
    return rc;
}

/* Reads MS; 0 after setting an error result. */
static int read_timeout(sqlite3_context *ctx, sqlite3_value *value, int *ms)
{
    static const char *const expected =
        "lw_busy_timeout(): argument 1 must be milliseconds (an integer from 0 to 2147483647)";
    switch (sqlite3_value_type(value)) {
    case SQLITE_INTEGER: {
        sqlite3_int64 v = sqlite3_value_int64(value);
        if (v >= 0 && v <= LW_BUSY_MAX_TIMEOUT_MS) {
            *ms = (int)v;
            return 1;
        }
        lw_result_errorf(ctx, "%s, got %lld", expected, (long long)v);
        return 0;
    }
    case SQLITE_FLOAT: {
        double v = sqlite3_value_double(value);
        if (v >= 0 && v <= LW_BUSY_MAX_TIMEOUT_MS && v == floor(v)) {
            *ms = (int)v;
            return 1;
        }
        lw_result_errorf(ctx, "%s, got %!.15g", expected, v);
        return 0;
    }
    case SQLITE_TEXT:
        lw_result_errorf(ctx, "%s, got text '%q'", expected, sqlite3_value_text(value));
        return 0;
    case SQLITE_BLOB:
        lw_result_errorf(ctx, "%s, got a blob", expected);
        return 0;
    default:
        lw_result_errorf(ctx, "%s, got NULL", expected);
        return 0;
    }
}

static void install(busy_state *state)
{
    sqlite3_busy_handler(state->db, lw_busy_handler, state->policy);
    state->installed = 1;
}

static void busy_timeout_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    busy_state *state = sqlite3_user_data(ctx);
    int ms = 0, sqlite_ms = 0;
    if (argc == 1 && !read_timeout(ctx, argv[0], &ms))
        return;
    int rc = sqlite_busy_timeout(state->db, &sqlite_ms);
    if (rc != SQLITE_OK) {
        lw_result_errorf(ctx, "lw_busy_timeout(): cannot read PRAGMA busy_timeout: %s",
                         sqlite3_errstr(rc));
        return;
    }
    /* Installing a handler sets SQLite's timeout to 0; a timeout now means SQLite's
     * own handler has replaced the policy since. */
    if (sqlite_ms != 0)
        state->installed = 0;
    int before = state->installed ? state->policy->timeout_ms : sqlite_ms;
    if (argc == 1) {
        state->policy->timeout_ms = ms;
        install(state);
    }
    sqlite3_result_int(ctx, before);
}

static const lw_function_def busy_functions[] = {
    {"lw_busy_timeout", 0, LW_STATEFUL, busy_timeout_func, NULL, NULL, NULL, NULL},
    {"lw_busy_timeout", 1, LW_STATEFUL, busy_timeout_func, NULL, NULL, NULL, NULL},
};

/* Registers the functions over a new state using policy (NULL: its own), and
 * installs the policy when install is set. */
static int register_state(sqlite3 *db, lw_busy *policy, int install_now, char **pzErr)
{
    busy_state *state = sqlite3_malloc64(sizeof *state);
    if (!state)
        return SQLITE_NOMEM;
    state->db = db;
    state->installed = 0;
    lw_busy_init(&state->own, 0);
    state->policy = policy ? policy : &state->own;
    lw_shared_init(&state->shared, busy_state_destroy);
    int rc =
        lw_register_functions(db, busy_functions, sizeof busy_functions / sizeof busy_functions[0],
                              &state->shared, pzErr);
    if (rc == SQLITE_OK && install_now)
        install(state);
    lw_shared_release(&state->shared);
    return rc;
}

int lw_busy_register(sqlite3 *db, char **pzErr)
{
    return register_state(db, NULL, 0, pzErr);
}

int lw_busy_attach(sqlite3 *db, lw_busy *policy, char **pzErr)
{
    return register_state(db, policy, 1, pzErr);
}
