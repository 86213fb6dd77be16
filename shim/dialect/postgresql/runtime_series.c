/*
 * generate_series(START, STOP [, STEP]) of the postgresql dialect: table-valued
 * functions whose column is "value" (registered by runtime.c): generate_series of
 * integers (limits: SQLite's 64-bit integers), pg_series_ts of timestamps and
 * pg_series_tz of timestamptz, both with an interval step, each value the previous
 * one plus the step as PostgreSQL computes it (January 31 + 1 month is February 28,
 * and the next March 28; a timestamptz adds days on the session zone's wall clock).
 */
#include <string.h>

#include "dialect/postgresql/runtime_int.h"

/*
 * generate_series(START, STOP [, STEP]) as an eponymous table-valued function with the
 * one visible column "value". STEP 0 is PostgreSQL's error; a range that would pass
 * SQLite's 64-bit integers stops at the last value that fits.
 */
typedef struct series_cursor {
    sqlite3_vtab_cursor base;
    int64_t value, stop, step;
    int done;
} series_cursor;

static int series_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                          sqlite3_vtab **out, char **err)
{
    (void)aux;
    (void)argc;
    (void)argv;
    (void)err;
    int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(value, start HIDDEN, stop HIDDEN, "
                                      "step HIDDEN)");
    if (rc != SQLITE_OK)
        return rc;
    *out = sqlite3_malloc64(sizeof **out);
    if (!*out)
        return SQLITE_NOMEM;
    memset(*out, 0, sizeof **out);
    sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
    return SQLITE_OK;
}

static int series_disconnect(sqlite3_vtab *vtab)
{
    sqlite3_free(vtab);
    return SQLITE_OK;
}

static int series_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **out)
{
    (void)vtab;
    series_cursor *c = sqlite3_malloc64(sizeof *c);
    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof *c);
    *out = &c->base;
    return SQLITE_OK;
}

static int series_close(sqlite3_vtab_cursor *cur)
{
    sqlite3_free(cur);
    return SQLITE_OK;
}

static int series_next(sqlite3_vtab_cursor *cur)
{
    series_cursor *c = (series_cursor *)cur;
    int64_t next;
    if (__builtin_add_overflow(c->value, c->step, &next) ||
        (c->step > 0 ? next > c->stop : next < c->stop))
        c->done = 1;
    else
        c->value = next;
    return SQLITE_OK;
}

static int series_filter(sqlite3_vtab_cursor *cur, int idx, const char *idx_str, int argc,
                         sqlite3_value **argv)
{
    (void)idx_str;
    series_cursor *c = (series_cursor *)cur;
    c->step = 1;
    c->done = 0;
    if (idx < 2) {
        c->done = 1;
        return SQLITE_OK;
    }
    for (int i = 0; i < argc; i++)
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
            c->done = 1;
    if (c->done)
        return SQLITE_OK;
    c->value = sqlite3_value_int64(argv[0]);
    c->stop = sqlite3_value_int64(argv[1]);
    if (argc > 2)
        c->step = sqlite3_value_int64(argv[2]);
    if (c->step == 0) {
        sqlite3_free(cur->pVtab->zErrMsg);
        cur->pVtab->zErrMsg = sqlite3_mprintf(LW_PG_ERROR_PREFIX "22023: step size cannot "
                                                                 "equal zero");
        return SQLITE_ERROR;
    }
    if (c->step > 0 ? c->value > c->stop : c->value < c->stop)
        c->done = 1;
    return SQLITE_OK;
}

static int series_eof(sqlite3_vtab_cursor *cur)
{
    return ((series_cursor *)cur)->done;
}

static int series_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    series_cursor *c = (series_cursor *)cur;
    if (col == 0)
        sqlite3_result_int64(ctx, c->value);
    return SQLITE_OK;
}

static int series_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
    *rowid = ((series_cursor *)cur)->value;
    return SQLITE_OK;
}

/* start and stop are required, step is optional: all must be equality constraints on
 * the hidden columns, handed to xFilter in order. */
static int series_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info)
{
    (void)vtab;
    int where[3] = {-1, -1, -1};
    for (int i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        if (c->iColumn < 1 || c->iColumn > 3 || c->op != SQLITE_INDEX_CONSTRAINT_EQ)
            continue;
        if (!c->usable)
            return SQLITE_CONSTRAINT;
        where[c->iColumn - 1] = i;
    }
    if (where[0] < 0 || where[1] < 0) {
        sqlite3_free(vtab->zErrMsg);
        vtab->zErrMsg = sqlite3_mprintf("generate_series() needs a start and a stop");
        return SQLITE_ERROR;
    }
    int argn = 1;
    for (int k = 0; k < 3; k++) {
        if (where[k] < 0)
            continue;
        info->aConstraintUsage[where[k]].argvIndex = argn++;
        info->aConstraintUsage[where[k]].omit = 1;
    }
    info->idxNum = argn - 1;
    info->estimatedCost = 1000;
    info->estimatedRows = 1000;
    return SQLITE_OK;
}

const sqlite3_module lw_pg_series_module = {
    .iVersion = 0,
    .xConnect = series_connect, /* no xCreate: eponymous only */
    .xBestIndex = series_best_index,
    .xDisconnect = series_disconnect,
    .xOpen = series_open,
    .xClose = series_close,
    .xFilter = series_filter,
    .xNext = series_next,
    .xEof = series_eof,
    .xColumn = series_column,
    .xRowid = series_rowid,
};

/* ---- Timestamps ---------------------------------------------------------------------------- */

typedef struct time_series_vtab {
    sqlite3_vtab base;
    lw_pg_funcs *funcs;
    int with_zone;
} time_series_vtab;

typedef struct time_series_cursor {
    sqlite3_vtab_cursor base;
    pg_timestamp value, stop;
    lw_interval step;
    int sign; /* of the step */
    int64_t row;
    int done;
    const lw_zone *zone; /* timestamptz: the session's */
} time_series_cursor;

static int time_series_connect(sqlite3 *db, void *aux, int with_zone, sqlite3_vtab **out)
{
    int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(value, start HIDDEN, stop HIDDEN, "
                                      "step HIDDEN)");
    if (rc != SQLITE_OK)
        return rc;
    time_series_vtab *v = sqlite3_malloc64(sizeof *v);
    if (!v)
        return SQLITE_NOMEM;
    memset(v, 0, sizeof *v);
    v->funcs = aux;
    v->with_zone = with_zone;
    *out = &v->base;
    sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
    return SQLITE_OK;
}

static int ts_series_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                             sqlite3_vtab **out, char **err)
{
    (void)argc, (void)argv, (void)err;
    return time_series_connect(db, aux, 0, out);
}

static int tz_series_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                             sqlite3_vtab **out, char **err)
{
    (void)argc, (void)argv, (void)err;
    return time_series_connect(db, aux, 1, out);
}

static int time_series_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **out)
{
    (void)vtab;
    time_series_cursor *c = sqlite3_malloc64(sizeof *c);
    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof *c);
    *out = &c->base;
    return SQLITE_OK;
}

/* Sets PostgreSQL's error on the table; SQLITE_ERROR. */
static int series_error(sqlite3_vtab_cursor *cur, const char *state, const char *msg)
{
    sqlite3_free(cur->pVtab->zErrMsg);
    cur->pVtab->zErrMsg = sqlite3_mprintf(LW_PG_ERROR_PREFIX "%s: %s", state, msg);
    return cur->pVtab->zErrMsg ? SQLITE_ERROR : SQLITE_NOMEM;
}

static int series_dt_error(sqlite3_vtab_cursor *cur, pg_dterr err, const char *type,
                           sqlite3_value *v, const pg_dtctx *dt)
{
    char state[6], msg[512];
    if (err == PG_DTERR_NOMEM)
        return SQLITE_NOMEM;
    pg_dt_error(err, type, (const char *)sqlite3_value_text(v),
                dt->bad_zone[0] ? dt->bad_zone : NULL, state, msg, sizeof msg);
    return series_error(cur, state, msg);
}

static int time_series_filter(sqlite3_vtab_cursor *cur, int idx, const char *idx_str, int argc,
                              sqlite3_value **argv)
{
    (void)idx_str;
    time_series_cursor *c = (time_series_cursor *)cur;
    time_series_vtab *v = (time_series_vtab *)cur->pVtab;
    c->done = 1;
    c->row = 1;
    if (idx < 3 || argc < 3)
        return SQLITE_OK;
    for (int i = 0; i < argc; i++)
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
            return SQLITE_OK;
    pg_dtctx dt;
    lw_pg_dtctx(v->funcs, &dt);
    c->zone = v->with_zone ? dt.session : NULL;
    const char *type = v->with_zone ? "timestamp with time zone" : "timestamp without time zone";
    pg_timestamp *ends[2] = {&c->value, &c->stop};
    for (int i = 0; i < 2; i++) {
        const char *s = (const char *)sqlite3_value_text(argv[i]);
        if (!s)
            return SQLITE_NOMEM;
        size_t n = (size_t)sqlite3_value_bytes(argv[i]);
        pg_dterr err = v->with_zone ? pg_read_timestamptz(&dt, s, n, ends[i])
                                    : pg_read_timestamp(&dt, s, n, ends[i]);
        if (err)
            return series_dt_error(cur, err, type, argv[i], &dt);
    }
    const char *s = (const char *)sqlite3_value_text(argv[2]);
    if (!s)
        return SQLITE_NOMEM;
    pg_dterr err = pg_read_interval(&dt, s, (size_t)sqlite3_value_bytes(argv[2]), &c->step);
    if (err)
        return series_dt_error(cur, err, "interval", argv[2], &dt);
    c->sign = lw_interval_sign(&c->step);
    if (c->sign == 0)
        return series_error(cur, "22023", "step size cannot equal zero");
    c->done = c->sign > 0 ? c->value > c->stop : c->value < c->stop;
    return SQLITE_OK;
}

static int time_series_next(sqlite3_vtab_cursor *cur)
{
    time_series_cursor *c = (time_series_cursor *)cur;
    pg_timestamp next;
    pg_dterr err = pg_timestamp_pl_interval(c->value, &c->step, c->zone, &next);
    if (err)
        return series_error(cur, "22008", "timestamp out of range");
    c->row++;
    if (c->sign > 0 ? next > c->stop : next < c->stop)
        c->done = 1;
    else
        c->value = next;
    return SQLITE_OK;
}

static int time_series_eof(sqlite3_vtab_cursor *cur)
{
    return ((time_series_cursor *)cur)->done;
}

static int time_series_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    time_series_cursor *c = (time_series_cursor *)cur;
    if (col != 0)
        return SQLITE_OK;
    if (c->zone)
        lw_pg_result_timestamptz(ctx, c->value);
    else
        lw_pg_result_timestamp(ctx, c->value);
    return SQLITE_OK;
}

static int time_series_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
    *rowid = ((time_series_cursor *)cur)->row;
    return SQLITE_OK;
}

const sqlite3_module lw_pg_series_ts_module = {
    .iVersion = 0,
    .xConnect = ts_series_connect,
    .xBestIndex = series_best_index,
    .xDisconnect = series_disconnect,
    .xOpen = time_series_open,
    .xClose = series_close,
    .xFilter = time_series_filter,
    .xNext = time_series_next,
    .xEof = time_series_eof,
    .xColumn = time_series_column,
    .xRowid = time_series_rowid,
};

const sqlite3_module lw_pg_series_tz_module = {
    .iVersion = 0,
    .xConnect = tz_series_connect,
    .xBestIndex = series_best_index,
    .xDisconnect = series_disconnect,
    .xOpen = time_series_open,
    .xClose = series_close,
    .xFilter = time_series_filter,
    .xNext = time_series_next,
    .xEof = time_series_eof,
    .xColumn = time_series_column,
    .xRowid = time_series_rowid,
};
