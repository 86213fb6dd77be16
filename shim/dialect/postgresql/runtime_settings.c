/*
 * The postgresql dialect's settings (registered by runtime.c): what SET, SHOW and
 * RESET become, and the functions of the same names.
 *
 *   pg_set_config(NAME, VALUE, IS_LOCAL)   SET [LOCAL] name = value (VALUE NULL: RESET)
 *   set_config(NAME, VALUE, IS_LOCAL), current_setting(NAME [, MISSING_OK])
 *
 * Settings SHOW knows carry PostgreSQL 15's defaults; a name with a dot is a custom
 * setting; values live in the connection's lw_pg_funcs state, and a transaction's
 * changes end with it as PostgreSQL's do (lw_pg_funcs_txn_end; savepoints do not undo
 * them). TimeZone and IntervalStyle are checked as PostgreSQL checks them and move the
 * session's zone and interval output (runtime_datetime.c reads them); DateStyle takes
 * only ISO and MDY, what the dialect prints and reads (another style or field order is
 * 0A000).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/postgresql/runtime_int.h"

/* The settings SHOW knows, with PostgreSQL 15's defaults as this dialect runs them. */
static const struct setting_def {
    const char *name;
    const char *value;
} setting_defaults[] = {
    {"application_name", ""},
    {"bytea_output", "hex"},
    {"client_encoding", "UTF8"},
    {"client_min_messages", "notice"},
    {"datestyle", "ISO, MDY"},
    {"default_transaction_isolation", "serializable"},
    {"extra_float_digits", "1"},
    {"idle_in_transaction_session_timeout", "0"},
    {"integer_datetimes", "on"},
    {"intervalstyle", "postgres"},
    {"lock_timeout", "0"},
    {"search_path", "\"$user\", public"},
    {"server_encoding", "UTF8"},
    {"server_version", "15.0"},
    {"server_version_num", "150000"},
    {"standard_conforming_strings", "on"},
    {"statement_timeout", "0"},
    {"synchronous_commit", "on"},
    {"timezone", "UTC"},
    {"transaction_isolation", "serializable"},
    {"work_mem", "4MB"},
};

static char *lower_dup(const char *s)
{
    char *out = sqlite3_mprintf("%s", s);
    for (char *c = out; c && *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c + 32);
    return out;
}

static const struct setting_def *known_setting(const char *name)
{
    for (size_t i = 0; i < sizeof setting_defaults / sizeof setting_defaults[0]; i++)
        if (strcmp(setting_defaults[i].name, name) == 0)
            return &setting_defaults[i];
    return NULL;
}

/* The zone of a TimeZone value, PostgreSQL's check_timezone: "INTERVAL '<interval>'"
 * (SET TIME ZONE INTERVAL ...), a number of hours east (SET TIME ZONE -3, shown as
 * the POSIX string <-03>+03), else a tz database name or a POSIX TZ string (shown in
 * upper case, as PostgreSQL names those). */
int lw_pg_set_timezone(sqlite3_context *ctx, lw_pg_funcs *f, const char *value, char **shown)
{
    *shown = NULL;
    int64_t west = 0;
    int fixed = 0;
    if (!sqlite3_strnicmp(value, "interval", 8)) {
        const char *p = value + 8;
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        size_t n = strlen(p);
        lw_interval iv;
        if (n >= 2 && p[0] == '\'' && p[n - 1] == '\'' &&
            pg_interval_in(NULL, p + 1, n - 2, -1, &iv) == PG_DT_OK && !iv.months && !iv.days) {
            west = -(iv.usec / LW_USEC_PER_SEC);
            fixed = 1;
        } else {
            goto invalid;
        }
    } else {
        char *end;
        double hours = strtod(value, &end);
        if (end != value && *end == 0) {
            if (!(hours > -1e6 && hours < 1e6))
                goto invalid;
            west = (int64_t)(-hours * 3600);
            fixed = 1;
        }
    }
    if (fixed) {
        /* PostgreSQL's pg_tzset_offset: <-03>+03, <+05:30>-05:30 */
        int64_t abs = west < 0 ? -west : west;
        char off[32];
        int k = snprintf(off, sizeof off, "%02lld", (long long)(abs / 3600));
        abs %= 3600;
        if (abs) {
            k += snprintf(off + k, sizeof off - (size_t)k, ":%02lld", (long long)(abs / 60));
            abs %= 60;
            if (abs)
                snprintf(off + k, sizeof off - (size_t)k, ":%02lld", (long long)abs);
        }
        *shown = west > 0 ? sqlite3_mprintf("<-%s>+%s", off, off)
                          : sqlite3_mprintf("<+%s>-%s", off, off);
    } else {
        const lw_zone *z;
        size_t n = strlen(value);
        if (n == 0 || n > 255 || value[0] == ':')
            goto invalid;
        lw_zone_rc rc = lw_zone_db_get(f->zones, value, n, 0, &z);
        if (rc == LW_ZONE_OK) {
            *shown = sqlite3_mprintf("%s", lw_zone_name(z));
        } else if (rc == LW_ZONE_NOMEM) {
            sqlite3_result_error_nomem(ctx);
            return -1;
        } else {
            char *upper = sqlite3_mprintf("%s", value);
            for (char *c = upper; c && *c; c++)
                if (*c >= 'a' && *c <= 'z')
                    *c = (char)(*c - 32);
            if (upper && lw_zone_db_get(f->zones, upper, n, LW_ZONE_DB_POSIX, &z) != LW_ZONE_OK) {
                sqlite3_free(upper);
                goto invalid;
            }
            *shown = upper;
        }
    }
    if (!*shown) {
        sqlite3_result_error_nomem(ctx);
        return -1;
    }
    return 0;
invalid:
    lw_pg_error(ctx, "22023", "invalid value for parameter \"TimeZone\": \"%s\"", value);
    return -1;
}

static const char *const interval_styles[] = {"postgres", "postgres_verbose", "sql_standard",
                                              "iso_8601"};

/* Makes the session's TimeZone and IntervalStyle follow the settings (after any change). */
static void apply_time_settings(lw_pg_funcs *f)
{
    const char *tz = NULL, *style = NULL;
    for (setting *s = f->settings; s; s = s->next) {
        if (!strcmp(s->name, "timezone"))
            tz = s->value;
        else if (!strcmp(s->name, "intervalstyle"))
            style = s->value;
    }
    const lw_zone *z = NULL;
    if (tz && lw_zone_db_get(f->zones, tz, strlen(tz), LW_ZONE_DB_POSIX, &z) == LW_ZONE_OK)
        f->zone = z;
    else if (lw_zone_db_get(f->zones, "UTC", 3, 0, &z) == LW_ZONE_OK)
        f->zone = z;
    else
        f->zone = f->utc_fallback;
    f->interval_style = LW_INTERVAL_POSTGRES;
    for (int i = 0; style && i < 4; i++)
        if (!strcmp(style, interval_styles[i]))
            f->interval_style = (lw_interval_style)i;
}

/* DateStyle: the dialect prints ISO and reads MDY, so only values that ask for those
 * are taken (shown as PostgreSQL shows them, "ISO, MDY"); the other styles and orders
 * would print or read dates otherwise than the dialect does: 0A000. A word PostgreSQL
 * does not know is its 22023. */
static char *date_style(sqlite3_context *ctx, const char *value)
{
    static const char *const taken[] = {"iso", "mdy", "us", "noneuropean", "default"};
    static const char *const refused[] = {"sql", "postgres", "german", "dmy",
                                          "ymd", "european", "euro"};
    const char *p = value;
    int unsupported = 0;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t n = 0;
        while (p[n] && p[n] != ' ' && p[n] != ',')
            n++;
        if (!n)
            break;
        int known = 0;
        for (size_t i = 0; !known && i < sizeof taken / sizeof taken[0]; i++)
            known = strlen(taken[i]) == n && !sqlite3_strnicmp(p, taken[i], (int)n);
        for (size_t i = 0; !known && i < sizeof refused / sizeof refused[0]; i++)
            if (strlen(refused[i]) == n && !sqlite3_strnicmp(p, refused[i], (int)n))
                known = unsupported = 1;
        if (!known) {
            lw_pg_error(ctx, "22023", "invalid value for parameter \"DateStyle\": \"%s\"", value);
            return NULL;
        }
        p += n;
    }
    if (unsupported) {
        lw_pg_error(ctx, "0A000",
                    "DateStyle \"%s\" is not supported by the postgresql dialect (only ISO, MDY)",
                    value);
        return NULL;
    }
    char *shown = sqlite3_mprintf("ISO, MDY");
    if (!shown)
        sqlite3_result_error_nomem(ctx);
    return shown;
}

/* The value of name as SET gives it: validated, and in the spelling SHOW shows
 * (sqlite3_free). NULL after raising the error. */
static char *setting_value(sqlite3_context *ctx, lw_pg_funcs *f, const char *name,
                           const char *value)
{
    if (!strcmp(name, "timezone")) {
        char *shown;
        return lw_pg_set_timezone(ctx, f, value, &shown) ? NULL : shown;
    }
    if (!strcmp(name, "intervalstyle")) {
        for (int i = 0; i < 4; i++)
            if (!sqlite3_stricmp(value, interval_styles[i]))
                return sqlite3_mprintf("%s", interval_styles[i]);
        lw_pg_error(ctx, "22023", "invalid value for parameter \"IntervalStyle\": \"%s\"", value);
        return NULL;
    }
    if (!strcmp(name, "datestyle"))
        return date_style(ctx, value);
    if (!strcmp(name, "client_encoding") && sqlite3_stricmp(value, "UTF8") &&
        sqlite3_stricmp(value, "UTF-8")) {
        lw_pg_error(ctx, "0A000", "client_encoding \"%s\" is not supported (only UTF8)", value);
        return NULL;
    }
    char *copy = sqlite3_mprintf("%s", value);
    if (!copy)
        sqlite3_result_error_nomem(ctx);
    return copy;
}

/* The entry of name, made (with the default value) when there is none. */
static setting *find_setting(lw_pg_funcs *f, const char *name, int make)
{
    setting *s = f->settings;
    while (s && strcmp(s->name, name) != 0)
        s = s->next;
    if (s || !make)
        return s;
    s = sqlite3_malloc64(sizeof *s);
    if (!s)
        return NULL;
    memset(s, 0, sizeof *s);
    s->name = sqlite3_mprintf("%s", name);
    if (!s->name) {
        sqlite3_free(s);
        return NULL;
    }
    s->next = f->settings;
    f->settings = s;
    return s;
}

/* pg_set_config(NAME, VALUE, IS_LOCAL) (SET and RESET: VALUE NULL is the default) and
 * set_config(NAME, VALUE, IS_LOCAL), which returns the value. In a transaction the
 * value before it is kept, for ROLLBACK (and for COMMIT after SET LOCAL); SET LOCAL
 * outside one changes nothing, as PostgreSQL only warns. */
static void set_config_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lw_pg_funcs *f = sqlite3_user_data(ctx);
    const char *raw = (const char *)sqlite3_value_text(argv[0]);
    const char *value = (const char *)sqlite3_value_text(argv[1]);
    int is_local = argc > 2 && sqlite3_value_int(argv[2]);
    char *name = lower_dup(raw ? raw : "");
    char *v = NULL;
    if (!name) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (!known_setting(name) && !strchr(name, '.')) {
        lw_pg_error(ctx, "42704", "unrecognized configuration parameter \"%s\"", name);
        goto done;
    }
    if (value && !(v = setting_value(ctx, f, name, value)))
        goto done;
    if (is_local && !f->txn_open) {
        /* WARNING: SET LOCAL can only be used in transaction blocks */
        if (v)
            sqlite3_result_text(ctx, v, -1, SQLITE_TRANSIENT);
        goto done;
    }
    setting *s = find_setting(f, name, 1);
    if (!s) {
        sqlite3_result_error_nomem(ctx);
        goto done;
    }
    if (f->txn_open && !s->changed) {
        s->changed = 1;
        s->saved_set = s->value != NULL;
        s->saved = s->value ? sqlite3_mprintf("%s", s->value) : NULL;
        if (s->value && !s->saved) {
            s->changed = 0;
            sqlite3_result_error_nomem(ctx);
            goto done;
        }
    }
    if (f->txn_open && !is_local) {
        char *copy = v ? sqlite3_mprintf("%s", v) : NULL;
        if (v && !copy) {
            sqlite3_result_error_nomem(ctx);
            goto done;
        }
        sqlite3_free(s->session);
        s->session = copy;
        s->session_set = 1;
    }
    sqlite3_free(s->value);
    s->value = v;
    apply_time_settings(f);
    if (v)
        sqlite3_result_text(ctx, v, -1, SQLITE_TRANSIENT);
    v = NULL;
done:
    sqlite3_free(v);
    sqlite3_free(name);
}

void lw_pg_funcs_txn_end(lw_pg_funcs *f, int commit)
{
    if (!f)
        return;
    for (setting *s = f->settings; s; s = s->next) {
        if (!s->changed)
            continue;
        char *keep;
        if (commit && s->session_set) {
            keep = s->session;
            s->session = NULL;
        } else {
            keep = s->saved;
            s->saved = NULL;
        }
        sqlite3_free(s->value);
        s->value = keep;
        sqlite3_free(s->saved);
        sqlite3_free(s->session);
        s->saved = s->session = NULL;
        s->changed = s->saved_set = s->session_set = 0;
    }
    f->txn_open = 0;
    apply_time_settings(f);
}

/* current_setting(NAME [, MISSING_OK]) and SHOW NAME. */
static void current_setting_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lw_pg_funcs *f = sqlite3_user_data(ctx);
    const char *raw = (const char *)sqlite3_value_text(argv[0]);
    char *name = lower_dup(raw ? raw : "");
    if (!name) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    setting *s = find_setting(f, name, 0);
    const struct setting_def *d = known_setting(name);
    if (s && s->value)
        sqlite3_result_text(ctx, s->value, -1, SQLITE_TRANSIENT);
    else if (d)
        sqlite3_result_text(ctx, d->value, -1, SQLITE_STATIC);
    else if (s)
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC); /* a custom setting, reset */
    else if (!(argc > 1 && sqlite3_value_int(argv[1])))
        lw_pg_error(ctx, "42704", "unrecognized configuration parameter \"%s\"", name);
    sqlite3_free(name);
}

const lw_pg_function_def lw_pg_settings_functions[] = {
    F("pg_set_config", 3, LW_STATEFUL, set_config_func, 0, 1),
    F("set_config", 3, LW_STATEFUL, set_config_func, 0, 1),
    F("current_setting", 1, LW_STATEFUL, current_setting_func, 0, 1),
    F("current_setting", 2, LW_STATEFUL, current_setting_func, 0, 1),
    LW_PG_END_OF_FUNCTIONS,
};
