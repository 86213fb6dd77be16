/*
 * The oracle dialect's SQL functions: the helpers they share, the session state and
 * the registration (runtime.h has the list of files and the value forms).
 */
#include "dialect/oracle/runtime_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ora_error(sqlite3_context *ctx, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    if (!msg) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    lw_result_errorf(ctx, "ORA-%05d: %s", code, msg);
    sqlite3_free(msg);
}

const char *ora_arg_text(sqlite3_value **argv, int i, size_t *n)
{
    const char *s = (const char *)sqlite3_value_text(argv[i]);
    *n = s ? (size_t)sqlite3_value_bytes(argv[i]) : 0;
    return s && *n ? s : NULL;
}

void ora_result_text(sqlite3_context *ctx, char *s, size_t n)
{
    if (!s)
        sqlite3_result_error_nomem(ctx);
    else if (n == 0) {
        sqlite3_free(s);
        sqlite3_result_null(ctx);
    } else
        sqlite3_result_text64(ctx, s, n, sqlite3_free, SQLITE_UTF8);
}

ora_session *ora_session_of(sqlite3_context *ctx)
{
    return sqlite3_user_data(ctx);
}

/* ---- The session ------------------------------------------------------------------- */

static void session_destroy(lw_shared *shared)
{
    ora_session *s = (ora_session *)shared;
    sqlite3_free(s->date_format);
    sqlite3_free(s->ts_format);
    sqlite3_free(s->tstz_format);
    while (s->seen) {
        ora_seen_sequence *next = s->seen->next;
        sqlite3_free(s->seen->name);
        sqlite3_free(s->seen->value);
        sqlite3_free(s->seen);
        s->seen = next;
    }
    sqlite3_free(s);
}

void ora_session_release(ora_session *s)
{
    if (s)
        lw_shared_release(&s->base);
}

static int set_text(char **slot, const char *value)
{
    char *copy = sqlite3_mprintf("%s", value);
    if (!copy)
        return -1;
    sqlite3_free(*slot);
    *slot = copy;
    return 0;
}

/* A time zone offset as ALTER SESSION SET TIME_ZONE takes it: [+|-]h[h]:m[m]. */
static int parse_offset(const char *v, int *minutes)
{
    int sign = 1, h = 0, m = 0, digits = 0;
    if (*v == '+' || *v == '-')
        sign = *v++ == '-' ? -1 : 1;
    else
        return -1;
    while (*v >= '0' && *v <= '9' && digits < 2)
        h = h * 10 + (*v++ - '0'), digits++;
    if (!digits || *v++ != ':')
        return -1;
    digits = 0;
    while (*v >= '0' && *v <= '9' && digits < 2)
        m = m * 10 + (*v++ - '0'), digits++;
    if (!digits || *v || h > 14 || m > 59 || (h == 14 && m > 0))
        return -1;
    *minutes = sign * (h * 60 + m);
    return 0;
}

int ora_session_set(ora_session *s, const char *name, const char *value, const char **msg)
{
    *msg = NULL;
    if (!sqlite3_stricmp(name, "nls_date_format"))
        return set_text(&s->date_format, value);
    if (!sqlite3_stricmp(name, "nls_timestamp_format"))
        return set_text(&s->ts_format, value);
    if (!sqlite3_stricmp(name, "nls_timestamp_tz_format"))
        return set_text(&s->tstz_format, value);
    if (!sqlite3_stricmp(name, "time_zone")) {
        int minutes;
        if (!sqlite3_stricmp(value, "utc") || !sqlite3_stricmp(value, "dbtimezone"))
            minutes = 0;
        else if (parse_offset(value, &minutes)) {
            *msg = "ORA-01857: not a valid time zone";
            return -1;
        }
        s->tz_minutes = minutes;
        int a = minutes < 0 ? -minutes : minutes;
        snprintf(s->tz_text, sizeof s->tz_text, "%c%02d:%02d", minutes < 0 ? '-' : '+', a / 60,
                 a % 60);
        return 0;
    }
    *msg = "unknown";
    return -1;
}

const char *ora_session_format(const ora_session *s, char kind)
{
    return kind == 'D' ? s->date_format : kind == 'Z' ? s->tstz_format : s->ts_format;
}

int ora_session_tz(const ora_session *s)
{
    return s->tz_minutes;
}

/* ---- Registration ---------------------------------------------------------------------- */

static const ora_function_def *const tables[] = {
    ora_number_functions, ora_numfmt_functions, ora_text_functions, ora_datetime_functions,
    ora_dtfmt_functions,  ora_misc_functions,   ora_seq_functions,  ora_interval_functions,
};

int ora_register(sqlite3 *db, ora_session **out, char **pzErr)
{
    *out = NULL;
    ora_session *s = sqlite3_malloc64(sizeof *s);
    if (!s) {
        *pzErr = sqlite3_mprintf("out of memory");
        return SQLITE_NOMEM;
    }
    memset(s, 0, sizeof *s);
    lw_shared_init(&s->base, session_destroy);
    snprintf(s->tz_text, sizeof s->tz_text, "+00:00");
    int rc = set_text(&s->date_format, "DD-MON-RR") ||
                     set_text(&s->ts_format, "DD-MON-RR HH.MI.SSXFF AM") ||
                     set_text(&s->tstz_format, "DD-MON-RR HH.MI.SSXFF AM TZR")
                 ? SQLITE_NOMEM
                 : SQLITE_OK;
    if (rc)
        *pzErr = sqlite3_mprintf("out of memory");
    for (size_t t = 0; t < sizeof tables / sizeof tables[0] && !rc; t++)
        for (const ora_function_def *p = tables[t]; p->def.name && !rc; p++)
            rc = lw_register_function(db, &p->def, p->stateful ? &s->base : NULL, NULL, pzErr);
    if (!rc)
        rc = ora_register_number_variants(db, pzErr);
    if (!rc)
        rc = ora_register_text_variants(db, pzErr);
    if (!rc)
        rc = ora_register_aggregates(db, pzErr);
    if (!rc)
        rc = ora_register_interval_aggregates(db, pzErr);
    if (!rc && sqlite3_create_collation_v2(db, "ORA_INTERVAL", SQLITE_UTF8, NULL, ora_iv_collate,
                                           NULL) != SQLITE_OK) {
        rc = SQLITE_ERROR;
        *pzErr = sqlite3_mprintf("ORA_INTERVAL: %s", sqlite3_errmsg(db));
    }
    if (!rc) {
        s->base.refs++; /* the caller's reference */
        *out = s;
    }
    lw_shared_release(&s->base);
    return rc;
}
