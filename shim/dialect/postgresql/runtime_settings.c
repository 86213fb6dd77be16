/*
 * The postgresql dialect's settings (registered by runtime.c): what SET, SHOW and
 * RESET become, and the functions of the same names.
 *
 *   pg_set_config(NAME, VALUE)   SET name = value (VALUE NULL: RESET)
 *   set_config(NAME, VALUE, IS_LOCAL), current_setting(NAME [, MISSING_OK])
 *
 * Settings SHOW knows carry PostgreSQL 15's defaults; a name with a dot is a custom
 * setting; values live in the connection's lw_pg_funcs state.
 */
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

/* pg_set_config(NAME, VALUE) (the SET statement; VALUE NULL resets) and
 * set_config(NAME, VALUE, IS_LOCAL) (returns the value). */
static void set_config_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lw_pg_funcs *f = sqlite3_user_data(ctx);
    const char *raw = (const char *)sqlite3_value_text(argv[0]);
    const char *value = (const char *)sqlite3_value_text(argv[1]);
    char *name = lower_dup(raw ? raw : "");
    if (!name) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (!known_setting(name) && !strchr(name, '.')) {
        lw_pg_error(ctx, "42704", "unrecognized configuration parameter \"%s\"", name);
        sqlite3_free(name);
        return;
    }
    if (value && !strcmp(name, "timezone") && sqlite3_stricmp(value, "UTC") &&
        sqlite3_stricmp(value, "Etc/UTC") && sqlite3_stricmp(value, "GMT")) {
        lw_pg_error(ctx, "0A000",
                    "time zone \"%s\" is not supported by the postgresql dialect "
                    "(it runs in UTC)",
                    value);
        sqlite3_free(name);
        return;
    }
    if (value && !strcmp(name, "client_encoding") && sqlite3_stricmp(value, "UTF8") &&
        sqlite3_stricmp(value, "UTF-8")) {
        lw_pg_error(ctx, "0A000", "client_encoding \"%s\" is not supported (only UTF8)", value);
        sqlite3_free(name);
        return;
    }
    setting **link = &f->settings;
    while (*link && strcmp((*link)->name, name) != 0)
        link = &(*link)->next;
    if (!value) {
        if (*link) {
            setting *gone = *link;
            *link = gone->next;
            sqlite3_free(gone->name);
            sqlite3_free(gone->value);
            sqlite3_free(gone);
        }
        sqlite3_free(name);
        sqlite3_result_null(ctx);
        return;
    }
    char *copy = sqlite3_mprintf("%s", value);
    if (!copy) {
        sqlite3_free(name);
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (!*link) {
        *link = sqlite3_malloc64(sizeof **link);
        if (!*link) {
            sqlite3_free(copy);
            sqlite3_free(name);
            sqlite3_result_error_nomem(ctx);
            return;
        }
        (*link)->next = NULL;
        (*link)->name = name;
        (*link)->value = NULL;
    } else {
        sqlite3_free(name);
    }
    sqlite3_free((*link)->value);
    (*link)->value = copy;
    (void)argc;
    sqlite3_result_text(ctx, copy, -1, SQLITE_TRANSIENT);
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
    for (setting *s = f->settings; s; s = s->next)
        if (!strcmp(s->name, name)) {
            sqlite3_result_text(ctx, s->value, -1, SQLITE_TRANSIENT);
            sqlite3_free(name);
            return;
        }
    const struct setting_def *d = known_setting(name);
    if (d)
        sqlite3_result_text(ctx, !strcmp(name, "timezone") ? "UTC" : d->value, -1, SQLITE_STATIC);
    else if (!(argc > 1 && sqlite3_value_int(argv[1])))
        lw_pg_error(ctx, "42704", "unrecognized configuration parameter \"%s\"", name);
    sqlite3_free(name);
}

const lw_pg_function_def lw_pg_settings_functions[] = {
    F("pg_set_config", 2, LW_STATEFUL, set_config_func, 0, 1),
    F("set_config", 3, LW_STATEFUL, set_config_func, 0, 1),
    F("current_setting", 1, LW_STATEFUL, current_setting_func, 0, 1),
    F("current_setting", 2, LW_STATEFUL, current_setting_func, 0, 1),
    LW_PG_END_OF_FUNCTIONS,
};
