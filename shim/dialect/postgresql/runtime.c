/*
 * The PostgreSQL functions of the postgresql dialect: registered on every connection
 * opened with dialect=postgresql (postgresql.c's on_open), never elsewhere. Most are
 * what a PostgreSQL user calls by name; the pg_* ones are what the rewriter turns
 * PostgreSQL syntax into. Each runtime_<concern>.c documents its functions and
 * exports one registration table (runtime_int.h lists them); this file holds the
 * helpers they share, the per-connection state and the registration.
 *
 * Errors carry PostgreSQL's SQLSTATE and message behind LW_PG_ERROR_PREFIX (see
 * runtime.h).
 */
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "dialect/postgresql/catalog.h"
#include "dialect/catalog.h"
#include "dialect/postgresql/runtime_int.h"

void lw_pg_error(sqlite3_context *ctx, const char *sqlstate, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lw_result_dialect_error(ctx, LW_PG_ERROR_PREFIX, sqlstate, fmt, ap);
    va_end(ap);
}

const char *lw_pg_split_error(const char *msg, char sqlstate[6])
{
    const char *bare = lw_split_dialect_error(msg, LW_PG_ERROR_PREFIX, sqlstate, 6);
    return bare && strlen(sqlstate) == 5 ? bare : NULL;
}

const char *lw_pg_arg_text(sqlite3_value **argv, int i, size_t *n)
{
    const char *s = (const char *)sqlite3_value_text(argv[i]);
    *n = s ? (size_t)sqlite3_value_bytes(argv[i]) : 0;
    return s;
}

void lw_pg_result_text(sqlite3_context *ctx, char *s, size_t n)
{
    if (!s)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text64(ctx, s, n, sqlite3_free, SQLITE_UTF8);
}
/* ---- Registration ------------------------------------------------------------------ */

static const lw_pg_function_def *const tables[] = {
    lw_pg_text_functions,      lw_pg_numeric_functions,  lw_pg_datetime_functions,
    lw_pg_timefn_functions,    lw_pg_casts_functions,    lw_pg_json_functions,
    lw_pg_sequences_functions, lw_pg_settings_functions, lw_pg_constraints_functions,
};

/* User data telling a function's variants apart (variant 0 has none). */
static const int variant_markers[3] = {0, 1, 2};

int lw_pg_variant(sqlite3_context *ctx)
{
    const int *v = sqlite3_user_data(ctx);
    return v ? *v : 0;
}

static void funcs_destroy(lw_shared *shared)
{
    lw_pg_funcs *f = (lw_pg_funcs *)shared;
    while (f->settings) {
        setting *next = f->settings->next;
        sqlite3_free(f->settings->name);
        sqlite3_free(f->settings->value);
        sqlite3_free(f->settings->saved);
        sqlite3_free(f->settings->session);
        sqlite3_free(f->settings);
        f->settings = next;
    }
    while (f->seen) {
        seen_sequence *next = f->seen->next;
        sqlite3_free(f->seen->name);
        sqlite3_free(f->seen);
        f->seen = next;
    }
    lw_zone_db_free(f->zones);
    lw_zone_free(f->utc_fallback);
    sqlite3_free(f);
}

void lw_pg_funcs_release(lw_pg_funcs *funcs)
{
    if (funcs)
        lw_shared_release(&funcs->base);
}

static int64_t wall_clock_usec(void)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000;
}

void lw_pg_funcs_statement(lw_pg_funcs *funcs, int begins, int in_txn)
{
    if (!funcs)
        return;
    int64_t now = wall_clock_usec();
    funcs->stmt_usec = now;
    if (!in_txn && funcs->txn_open && !begins)
        lw_pg_funcs_txn_end(funcs, 1); /* ended outside the dialect's sight (lw_commit) */
    if (begins && !in_txn) {
        funcs->txn_usec = now; /* PostgreSQL's now() is the time of BEGIN */
        funcs->txn_open = 1;
    } else if (!in_txn) {
        funcs->txn_usec = now;
        funcs->txn_open = 0;
    } else if (!funcs->txn_open) {
        funcs->txn_usec = now;
        funcs->txn_open = 1;
    }
}

/* The session's time zone starts as UTC: the tz database's, or a fixed zone. */
static int init_time(lw_pg_funcs *f)
{
    f->zones = lw_zone_db_new(LW_ZONEINFO_DIR);
    if (!f->zones)
        return SQLITE_NOMEM;
    if (lw_zone_db_get(f->zones, "UTC", 3, 0, &f->zone) != LW_ZONE_OK) {
        if (lw_zone_fixed("UTC", 0, "UTC", &f->utc_fallback) != LW_ZONE_OK)
            return SQLITE_NOMEM;
        f->zone = f->utc_fallback;
    }
    f->interval_style = LW_INTERVAL_POSTGRES;
    return SQLITE_OK;
}

int lw_pg_func_register(sqlite3 *db, lw_pg_funcs **funcs, char **pzErr)
{
    if (funcs)
        *funcs = NULL;
    lw_pg_funcs *f = sqlite3_malloc64(sizeof *f);
    if (!f) {
        *pzErr = sqlite3_mprintf("out of memory");
        return SQLITE_NOMEM;
    }
    memset(f, 0, sizeof *f);
    lw_shared_init(&f->base, funcs_destroy);
    int rc = init_time(f);
    if (rc)
        *pzErr = sqlite3_mprintf("out of memory");
    for (size_t t = 0; t < sizeof tables / sizeof tables[0] && !rc; t++)
        for (const lw_pg_function_def *p = tables[t]; p->def.name && !rc; p++)
            rc = lw_register_function(db, &p->def, p->stateful ? &f->base : NULL,
                                      p->variant ? (void *)&variant_markers[p->variant] : NULL,
                                      pzErr);
    if (!rc) {
        rc = sqlite3_create_module_v2(db, "generate_series", &lw_pg_series_module, NULL, NULL);
        /* The timestamp modules hold a reference to the state (the session zone). */
        if (!rc) {
            f->base.refs++;
            rc = sqlite3_create_module_v2(db, "pg_series_ts", &lw_pg_series_ts_module, f,
                                          lw_shared_release);
        }
        if (!rc) {
            f->base.refs++;
            rc = sqlite3_create_module_v2(db, "pg_series_tz", &lw_pg_series_tz_module, f,
                                          lw_shared_release);
        }
        if (rc)
            *pzErr = sqlite3_mprintf("cannot register table function generate_series: %s",
                                     sqlite3_errmsg(db));
    }
    if (!rc && funcs) {
        f->base.refs++; /* the caller's reference */
        *funcs = f;
    }
    lw_shared_release(&f->base);
    if (!rc) {
        rc = sqlite3_create_collation_v2(db, "PG_INTERVAL", SQLITE_UTF8, NULL,
                                         lw_pg_interval_collate, NULL);
        if (!rc) {
            /* A timetz without an offset reads in the session zone: the state. */
            f->base.refs++;
            rc = sqlite3_create_collation_v2(db, "PG_TIMETZ", SQLITE_UTF8, f, lw_pg_timetz_collate,
                                             lw_shared_release);
            if (rc)
                f->base.refs--; /* SQLite does not call the destructor when this fails */
        }
        if (rc)
            *pzErr = sqlite3_mprintf("cannot register the collations PG_INTERVAL and PG_TIMETZ: %s",
                                     sqlite3_errmsg(db));
    }
    if (!rc)
        rc = lw_pg_catalog_register(db, pzErr);
    if (!rc)
        rc = lw_pg_alter_register(db, pzErr);
    return rc;
}
