/*
 * The session as SQL functions (registered by runtime.c):
 *
 *   my_getvar(NAME), my_setvar(NAME, V)   user variables (@x; := and SET): a value
 *                                 keeps its type; an unset variable is NULL
 *   my_sysvar(NAME)               @@name: the settings runtime.h keeps, and the
 *                                 constants of the server (version, character sets);
 *                                 an unknown name is 1193. @@max_allowed_packet is the
 *                                 connection's SQLITE_LIMIT_LENGTH (read-only: 1621),
 *                                 @@innodb_lock_wait_timeout its busy timeout in
 *                                 seconds (SET changes it, DEFAULT restores the URL's)
 *   my_set_sysvar(NAME, V)        SET [SESSION] name = V for the settings it keeps
 *                                 (sql_mode 1231 for an unknown mode, 1193 for an
 *                                 unknown variable); GLOBAL settings are refused by
 *                                 the rewriter
 *   my_set_sysvar_default(NAME)   SET NAME = DEFAULT for those settings
 *   my_warnings()                 the diagnostics area as a JSON array of
 *                                 [level, code, message] (SHOW WARNINGS reads it)
 *   my_warning_count(), my_error_count(), my_condition_count()   @@warning_count,
 *                                 @@error_count, and the conditions the area holds
 *                                 (GET DIAGNOSTICS ... NUMBER)
 *   my_condition_ok(N)            GET DIAGNOSTICS CONDITION N: 1 when the area has
 *                                 condition N, else 0 and error 1758 "Invalid
 *                                 condition number" added to the area (the statement
 *                                 succeeds and sets nothing, as on MariaDB)
 *   my_condition(N, ITEM)         its MYSQL_ERRNO, MESSAGE_TEXT or RETURNED_SQLSTATE
 *   last_insert_id(), last_insert_id(X)   the first id the last INSERT generated; with
 *                                 X, X becomes it (and is returned)
 *   my_autoinc(TABLE, V)          an AUTO_INCREMENT column's value: V when it is an
 *                                 id (the counter moves past it), the next id when V
 *                                 is NULL or 0 (NO_AUTO_VALUE_ON_ZERO off); ids are
 *                                 never handed out twice, not even after the row or
 *                                 the statement that took them is gone (InnoDB)
 *   my_connection_id()            CONNECTION_ID(): the connection's number in the
 *                                 process (1, 2, ...)
 *   row_count()                   ROW_COUNT(): the previous statement's changed
 *                                 rows as MariaDB counts them (row_count.c)
 *   database(), schema(), version()
 *   user(), current_user(), session_user(), system_user()   "<process's user>@localhost"
 *
 * The AUTO_INCREMENT counters live in the catalog (_lw_mysql_tables.auto_increment,
 * columns.c creates it) so that every connection to a file sees them; the connection
 * also remembers the ids it took, which a failed statement's rollback cannot undo.
 */
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "busy/busy.h"
#include "dialect/mysql/runtime_int.h"

static const char *arg_text(sqlite3_value **argv, int i)
{
    const char *t = (const char *)sqlite3_value_text(argv[i]);
    return t ? t : "";
}

/* ---- User variables ---------------------------------------------------------------------- */

static my_var *find_var(my_session *s, const char *name)
{
    for (my_var *v = s->vars; v; v = v->next)
        if (!sqlite3_stricmp(v->name, name))
            return v;
    return NULL;
}

static void getvar_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    my_var *v = find_var(MY_SESSION(ctx), arg_text(argv, 0));
    if (v && v->value)
        sqlite3_result_value(ctx, v->value);
}

int my_set_user_var(my_session *s, const char *name, sqlite3_value *value)
{
    my_var *v = find_var(s, name);
    if (!v) {
        v = sqlite3_malloc64(sizeof *v);
        char *copy = sqlite3_mprintf("%s", name);
        if (!v || !copy) {
            sqlite3_free(v);
            sqlite3_free(copy);
            return -1;
        }
        v->name = copy;
        v->value = NULL;
        v->next = s->vars;
        s->vars = v;
    }
    sqlite3_value *copy = sqlite3_value_dup(value);
    if (!copy && sqlite3_value_type(value) != SQLITE_NULL)
        return -1;
    sqlite3_value_free(v->value);
    v->value = copy;
    return 0;
}

static void setvar_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (my_set_user_var(MY_SESSION(ctx), arg_text(argv, 0), argv[1]))
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_value(ctx, argv[1]);
}

/* ---- System variables ---------------------------------------------------------------------- */

/* The character set of a collation name (its prefix). */
static const char *charset_of(const char *collation)
{
    if (!strncmp(collation, "utf8mb4_", 8))
        return "utf8mb4";
    if (!strncmp(collation, "latin1_", 7))
        return "latin1";
    if (!strncmp(collation, "utf8mb3_", 8))
        return "utf8mb3";
    return "binary";
}

/* The connection's busy timeout in milliseconds (the URL's timeout, lw_busy_timeout()),
 * -1 when it cannot be read. */
static sqlite3_int64 busy_timeout_ms(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    sqlite3_int64 ms = -1;
    if (sqlite3_prepare_v2(db, "SELECT lw_busy_timeout()", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        ms = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return ms;
}

/* Sets the busy timeout to ms (0 .. LW_BUSY_MAX_TIMEOUT_MS), remembering the first one
 * for DEFAULT. */
static void set_busy_timeout(sqlite3_context *ctx, my_session *s, sqlite3_int64 ms)
{
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    if (!s->lock_wait_initial_ms) {
        sqlite3_int64 before = busy_timeout_ms(db);
        s->lock_wait_initial_ms = before < 0 ? 0 : before + 1; /* + 1: 0 means unset */
    }
    char *sql = sqlite3_mprintf("SELECT lw_busy_timeout(%lld)", (long long)ms);
    int rc = sql ? sqlite3_exec(db, sql, NULL, NULL, NULL) : SQLITE_NOMEM;
    sqlite3_free(sql);
    if (rc != SQLITE_OK)
        sqlite3_result_error_code(ctx, rc);
}

/* SET innodb_lock_wait_timeout = V: an integer of seconds, 0 .. 1073741824 as on the
 * server (a string or a fraction is 1232), becomes the busy timeout in milliseconds,
 * up to the shim's largest (LW_BUSY_MAX_TIMEOUT_MS, 24.8 days). */
static void set_lock_wait(sqlite3_context *ctx, my_session *s, sqlite3_value *v)
{
    if (sqlite3_value_type(v) != SQLITE_INTEGER) {
        my_error(ctx, 1232, "Incorrect argument type to variable 'innodb_lock_wait_timeout'");
        return;
    }
    sqlite3_int64 seconds = sqlite3_value_int64(v);
    seconds = seconds < 0 ? 0 : seconds > 1073741824 ? 1073741824 : seconds;
    set_busy_timeout(
        ctx, s, seconds > LW_BUSY_MAX_TIMEOUT_MS / 1000 ? LW_BUSY_MAX_TIMEOUT_MS : seconds * 1000);
}

static void sysvar_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    my_session *s = MY_SESSION(ctx);
    const char *name = arg_text(argv, 0);
    if (!sqlite3_strnicmp(name, "session.", 8) || !sqlite3_strnicmp(name, "local.", 6))
        name = strchr(name, '.') + 1;
    else if (!sqlite3_strnicmp(name, "global.", 7))
        name += 7;
    if (!sqlite3_stricmp(name, "sql_mode"))
        sqlite3_result_text(ctx, s->sql_mode_text ? s->sql_mode_text : "", -1, SQLITE_TRANSIENT);
    else if (!sqlite3_stricmp(name, "div_precision_increment"))
        sqlite3_result_int(ctx, s->div_precision_increment);
    else if (!sqlite3_stricmp(name, "collation_connection") ||
             !sqlite3_stricmp(name, "collation_database") ||
             !sqlite3_stricmp(name, "collation_server"))
        sqlite3_result_text(ctx,
                            !sqlite3_stricmp(name, "collation_connection")
                                ? s->collation_connection
                                : s->flavor->default_collation,
                            -1, SQLITE_STATIC);
    else if (!sqlite3_stricmp(name, "character_set_connection"))
        sqlite3_result_text(ctx, charset_of(s->collation_connection), -1, SQLITE_STATIC);
    else if (!sqlite3_stricmp(name, "character_set_client"))
        sqlite3_result_text(ctx, s->charset_client ? s->charset_client : "utf8mb4", -1,
                            SQLITE_STATIC);
    else if (!sqlite3_stricmp(name, "character_set_results"))
        sqlite3_result_text(ctx, s->charset_results ? s->charset_results : "utf8mb4", -1,
                            SQLITE_STATIC);
    else if (!sqlite3_stricmp(name, "character_set_database") ||
             !sqlite3_stricmp(name, "character_set_server"))
        sqlite3_result_text(ctx, "utf8mb4", -1, SQLITE_STATIC);
    else if (!sqlite3_stricmp(name, "warning_count"))
        sqlite3_result_int(ctx, s->warnings_total);
    else if (!sqlite3_stricmp(name, "error_count"))
        sqlite3_result_int(ctx, s->error_count);
    else if (!sqlite3_stricmp(name, "max_error_count"))
        sqlite3_result_int(ctx, s->max_error_count);
    else if (!sqlite3_stricmp(name, "group_concat_max_len"))
        sqlite3_result_int64(ctx, (sqlite3_int64)s->group_concat_max_len);
    else if (!sqlite3_stricmp(name, "foreign_key_checks"))
        sqlite3_result_int(ctx, s->foreign_key_checks);
    else if (!sqlite3_stricmp(name, "version"))
        sqlite3_result_text(ctx, s->flavor->version, -1, SQLITE_STATIC);
    else if (!sqlite3_stricmp(name, "auto_increment_increment") ||
             !sqlite3_stricmp(name, "auto_increment_offset"))
        sqlite3_result_int(ctx, 1);
    else if (my_transaction_sysvar(ctx, s, name))
        return;
    else if (!sqlite3_stricmp(name, "sql_select_limit")) {
        if (s->sql_select_limit > (uint64_t)INT64_MAX)
            sqlite3_result_text(ctx, "18446744073709551615", -1, SQLITE_STATIC);
        else
            sqlite3_result_int64(ctx, (sqlite3_int64)s->sql_select_limit);
    } else if (!sqlite3_stricmp(name, "time_zone"))
        sqlite3_result_text(ctx, s->time_zone ? s->time_zone : "SYSTEM", -1, SQLITE_TRANSIENT);
    else if (!sqlite3_stricmp(name, "lower_case_table_names") ||
             !sqlite3_stricmp(name, "sql_auto_is_null"))
        sqlite3_result_int(ctx, 0);
    else if (!sqlite3_stricmp(name, "max_allowed_packet"))
        sqlite3_result_int(ctx,
                           sqlite3_limit(sqlite3_context_db_handle(ctx), SQLITE_LIMIT_LENGTH, -1));
    else if (!sqlite3_stricmp(name, "innodb_lock_wait_timeout")) {
        /* The shim's lock wait in whole seconds, rounded up. */
        sqlite3_int64 ms = busy_timeout_ms(sqlite3_context_db_handle(ctx));
        if (ms < 0)
            sqlite3_result_error(ctx, "@@innodb_lock_wait_timeout: lw_busy_timeout() failed", -1);
        else
            sqlite3_result_int64(ctx, (ms + 999) / 1000);
    } else if (!sqlite3_stricmp(name, "in_transaction"))
        sqlite3_result_int(ctx, !sqlite3_get_autocommit(sqlite3_context_db_handle(ctx)));
    else if (!sqlite3_stricmp(name, "explicit_defaults_for_timestamp"))
        sqlite3_result_int(ctx, 1); /* MariaDB 10.10+'s default, which the dialect follows */
    else if (!sqlite3_stricmp(name, "default_storage_engine") ||
             !sqlite3_stricmp(name, "storage_engine"))
        sqlite3_result_text(ctx, "InnoDB", -1, SQLITE_STATIC); /* what ENGINE= records */
    else if (!sqlite3_stricmp(name, "version_comment"))
        sqlite3_result_text(ctx, "likewise: MariaDB emulated on SQLite", -1, SQLITE_STATIC);
    else
        my_error(ctx, 1193, "Unknown system variable '%s'", name);
}

static void set_sysvar_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    my_session *s = MY_SESSION(ctx);
    const char *name = arg_text(argv, 0);
    const char *value = arg_text(argv, 1);
    if (!sqlite3_stricmp(name, "sql_mode")) {
        const char *bad = NULL;
        int rc = my_set_sql_mode(s, value, &bad);
        if (rc == -1)
            my_error(ctx, 1231, "Variable 'sql_mode' can't be set to the value of '%s'", bad);
        else if (rc)
            sqlite3_result_error_nomem(ctx);
    } else if (!sqlite3_stricmp(name, "div_precision_increment")) {
        int v = sqlite3_value_int(argv[1]);
        s->div_precision_increment = v < 0 ? 0 : v > 30 ? 30 : v;
        s->epoch++;
    } else if (!sqlite3_stricmp(name, "max_error_count")) {
        s->max_error_count = sqlite3_value_int(argv[1]);
    } else if (!sqlite3_stricmp(name, "group_concat_max_len")) {
        /* MariaDB's range is 4 .. 2^32 - 1 (DEFAULT: my_set_sysvar_default); a string is
         * 1232. */
        if (sqlite3_value_type(argv[1]) == SQLITE_TEXT) {
            my_error(ctx, 1232, "Incorrect argument type to variable 'group_concat_max_len'");
            return;
        }
        sqlite3_int64 v = sqlite3_value_int64(argv[1]);
        s->group_concat_max_len = (uint64_t)(v < 4 ? 4 : v > 4294967295LL ? 4294967295LL : v);
    } else if (!sqlite3_stricmp(name, "collation_connection")) {
        const char *c = my_usable_collation(value);
        if (!c) {
            my_error(ctx, 1273, "Unknown collation: '%s'", value);
            return;
        }
        s->collation_connection = c;
        s->epoch++;
    } else if (!sqlite3_stricmp(name, "time_zone")) {
        /* Checked now, as MariaDB does, and kept as @@time_zone shows it. */
        my_zone z;
        char shown[256];
        if (my_zone_lookup(s, value, strlen(value), &z, shown, sizeof shown)) {
            my_error(ctx, 1298, "Unknown or incorrect time zone: '%s'", value);
            return;
        }
        sqlite3_free(s->time_zone);
        s->time_zone = z.kind == MY_ZONE_SYSTEM ? NULL : sqlite3_mprintf("%s", shown);
        s->tz_kind = z.kind;
        s->tz_offset = z.offset;
        s->tz_zone = z.zone;
    } else if (!sqlite3_stricmp(name, "character_set_client") ||
               !sqlite3_stricmp(name, "character_set_results") ||
               !sqlite3_stricmp(name, "character_set_connection")) {
        /* utf8mb4 (utf8 and utf8mb3 are its aliases here) or latin1; the connection's
         * character set takes its default collation, as on the server. */
        const char *cs = !sqlite3_stricmp(value, "latin1") ? "latin1"
                         : !sqlite3_stricmp(value, "utf8mb4") || !sqlite3_stricmp(value, "utf8") ||
                                 !sqlite3_stricmp(value, "utf8mb3")
                             ? "utf8mb4"
                             : NULL;
        if (!cs)
            my_error(ctx, 1235, "the character set %s is not supported by the %s dialect", value,
                     s->flavor->name);
        else if (!sqlite3_stricmp(name, "character_set_client"))
            s->charset_client = cs;
        else if (!sqlite3_stricmp(name, "character_set_results"))
            s->charset_results = cs;
        else {
            s->collation_connection =
                cs[0] == 'l' ? "latin1_swedish_ci" : s->flavor->default_collation;
            s->epoch++;
        }
    } else if (my_transaction_set_sysvar(ctx, s, name, argv[1])) {
        return;
    } else if (!sqlite3_stricmp(name, "innodb_lock_wait_timeout")) {
        set_lock_wait(ctx, s, argv[1]);
    } else if (!sqlite3_stricmp(name, "max_allowed_packet")) {
        my_error(ctx, 1621,
                 "SESSION variable 'max_allowed_packet' is read-only. Use SET GLOBAL to assign "
                 "the value");
    } else if (!sqlite3_stricmp(name, "sql_select_limit")) {
        /* An integer (a negative one is 0); a string is 1232, as on the server. */
        int type = sqlite3_value_type(argv[1]);
        if (type != SQLITE_INTEGER && type != SQLITE_FLOAT) {
            my_error(ctx, 1232, "Incorrect argument type to variable 'sql_select_limit'");
            return;
        }
        sqlite3_int64 v = sqlite3_value_int64(argv[1]);
        s->sql_select_limit = v < 0 ? 0 : (uint64_t)v;
        s->epoch++;
    } else {
        my_error(ctx, 1193, "Unknown system variable '%s'", name);
    }
}

/* my_set_global(): SET GLOBAL of a variable the session knows, refused (1235): a
 * connection's settings are its own. */
static void set_global_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    my_error(ctx, 1235, "SET GLOBAL is not supported by the %s dialect",
             MY_SESSION(ctx)->flavor->name);
}

/* my_set_sysvar_default(NAME): SET NAME = DEFAULT, the session's setting back to the
 * server's default. */
static void set_sysvar_default_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    my_session *s = MY_SESSION(ctx);
    const char *name = arg_text(argv, 0);
    if (!sqlite3_stricmp(name, "sql_mode")) {
        const char *bad = NULL;
        if (my_set_sql_mode(s, s->flavor->default_sql_mode, &bad))
            sqlite3_result_error_nomem(ctx);
    } else if (!sqlite3_stricmp(name, "div_precision_increment")) {
        s->div_precision_increment = 4;
        s->epoch++;
    } else if (!sqlite3_stricmp(name, "max_error_count")) {
        s->max_error_count = MY_MAX_ERROR_COUNT;
    } else if (!sqlite3_stricmp(name, "group_concat_max_len")) {
        s->group_concat_max_len = MY_GROUP_CONCAT_MAX_LEN;
    } else if (!sqlite3_stricmp(name, "collation_connection") ||
               !sqlite3_stricmp(name, "character_set_connection")) {
        s->collation_connection = s->flavor->default_collation;
        s->epoch++;
    } else if (!sqlite3_stricmp(name, "character_set_client")) {
        s->charset_client = NULL;
    } else if (!sqlite3_stricmp(name, "character_set_results")) {
        s->charset_results = NULL;
    } else if (!sqlite3_stricmp(name, "time_zone")) {
        sqlite3_free(s->time_zone);
        s->time_zone = NULL; /* SYSTEM */
        s->tz_kind = MY_ZONE_SYSTEM;
        s->tz_zone = NULL;
    } else if (my_transaction_set_default(s, name)) {
        return;
    } else if (!sqlite3_stricmp(name, "innodb_lock_wait_timeout")) {
        /* The timeout the connection started with (the URL's). */
        if (s->lock_wait_initial_ms)
            set_busy_timeout(ctx, s, s->lock_wait_initial_ms - 1);
    } else if (!sqlite3_stricmp(name, "sql_select_limit")) {
        s->sql_select_limit = MY_SELECT_LIMIT_NONE;
        s->epoch++;
    } else {
        my_error(ctx, 1193, "Unknown system variable '%s'", name);
    }
}

void my_json_string(lw_sqlbuf *b, const char *text)
{
    lw_sqlbuf_append(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '"' || *p == '\\')
            lw_sqlbuf_appendf(b, "\\%c", *p);
        else if (*p < 0x20)
            lw_sqlbuf_appendf(b, "\\u%04x", *p);
        else
            lw_sqlbuf_append(b, (const char *)p, 1);
    }
    lw_sqlbuf_append(b, "\"", 1);
}

/* ---- The diagnostics area as rows ------------------------------------------------------------ */

static void warnings_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    my_session *s = MY_SESSION(ctx);
    lw_sqlbuf b = {0};
    lw_sqlbuf_append(&b, "[", 1);
    for (int i = 0; i < s->n_warnings; i++) {
        const lw_warning_item *w = &s->warnings[i];
        const char *level = w->level == LW_LEVEL_NOTE    ? "Note"
                            : w->level == LW_LEVEL_ERROR ? "Error"
                                                         : "Warning";
        lw_sqlbuf_appendf(&b, "%s[\"%s\",%d,", i ? "," : "", level, w->code);
        my_json_string(&b, w->message);
        lw_sqlbuf_append(&b, "]", 1);
    }
    lw_sqlbuf_append(&b, "]", 1);
    if (b.oom) {
        lw_sqlbuf_free(&b);
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text64(ctx, b.s, b.len, sqlite3_free, SQLITE_UTF8);
}

static void warning_count_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    my_session *s = MY_SESSION(ctx);
    sqlite3_result_int(ctx, s->warnings_total);
}

static void error_count_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    my_session *s = MY_SESSION(ctx);
    sqlite3_result_int(ctx, s->error_count);
}

static void condition_count_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_int(ctx, MY_SESSION(ctx)->n_warnings);
}

static void condition_ok_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    my_session *s = MY_SESSION(ctx);
    sqlite3_int64 n = sqlite3_value_int64(argv[0]);
    if (sqlite3_value_type(argv[0]) != SQLITE_NULL && n >= 1 && n <= s->n_warnings) {
        sqlite3_result_int(ctx, 1);
        return;
    }
    s->warnings_query_id = s->query_id; /* added to the area the statement keeps */
    my_warn(s, LW_LEVEL_ERROR, 1758, "Invalid condition number");
    sqlite3_result_int(ctx, 0);
}

static void condition_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    my_session *s = MY_SESSION(ctx);
    sqlite3_int64 n = sqlite3_value_int64(argv[0]);
    const char *item = arg_text(argv, 1);
    if (n < 1 || n > s->n_warnings)
        return;
    const lw_warning_item *c = &s->warnings[n - 1];
    if (!strcmp(item, "MYSQL_ERRNO"))
        sqlite3_result_int(ctx, c->code);
    else if (!strcmp(item, "MESSAGE_TEXT"))
        sqlite3_result_text(ctx, c->message, -1, SQLITE_TRANSIENT);
    else if (!strcmp(item, "RETURNED_SQLSTATE"))
        sqlite3_result_text(ctx, my_sqlstate_of(c->code), -1, SQLITE_STATIC);
}

/* ---- LAST_INSERT_ID and AUTO_INCREMENT ----------------------------------------------------------
 */

static void last_insert_id_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    my_session *s = MY_SESSION(ctx);
    if (argc == 1) {
        if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
            s->last_insert_id = 0;
            return;
        }
        s->last_insert_id = sqlite3_value_int64(argv[0]);
        sqlite3_result_int64(ctx, s->last_insert_id);
        return;
    }
    sqlite3_result_int64(ctx, s->last_insert_id);
}

/* CONNECTION_ID(): a number of the connection's own, from 1 in the order the process
 * opened them. */
static void connection_id_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_int64(ctx, (sqlite3_int64)MY_SESSION(ctx)->connection_id);
}

/* ROW_COUNT(): the previous statement's (row_count.c). */
static void row_count_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_int64(ctx, MY_SESSION(ctx)->row_count);
}

static my_counter *counter_of(my_session *s, const char *table)
{
    for (my_counter *c = s->counters; c; c = c->next)
        if (!strcmp(c->table, table))
            return c;
    my_counter *c = sqlite3_malloc64(sizeof *c);
    char *copy = sqlite3_mprintf("%s", table);
    if (!c || !copy) {
        sqlite3_free(c);
        sqlite3_free(copy);
        return NULL;
    }
    c->table = copy;
    c->next_id = 1;
    c->next = s->counters;
    s->counters = c;
    return c;
}

/* The catalog's counter of table (1 when it has none), or -1 after an error. */
static int64_t catalog_counter(sqlite3_context *ctx, const char *table)
{
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    sqlite3_stmt *stmt = NULL;
    int64_t next = 1;
    if (sqlite3_prepare_v2(db, "SELECT auto_increment FROM _lw_mysql_tables WHERE name = ?1", -1,
                           &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL)
            next = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
    return next;
}

static int store_counter(sqlite3_context *ctx, const char *table, int64_t next)
{
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(
        db, "UPDATE _lw_mysql_tables SET auto_increment = ?2 WHERE name = ?1", -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 2, next);
        rc = sqlite3_step(stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_OK)
        sqlite3_result_error(ctx, sqlite3_errmsg(db), -1);
    return rc;
}

static void autoinc_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    my_session *s = MY_SESSION(ctx);
    const char *table = arg_text(argv, 0);
    my_counter *c = counter_of(s, table);
    if (!c) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    int64_t next = catalog_counter(ctx, table);
    if (next < c->next_id)
        next = c->next_id;
    int vt = sqlite3_value_type(argv[1]);
    int64_t v = vt == SQLITE_NULL ? 0 : sqlite3_value_int64(argv[1]);
    int generate = vt == SQLITE_NULL || (v == 0 && !(s->sql_mode & MY_MODE_NO_AUTO_VALUE_ON_ZERO));
    if (generate) {
        if (store_counter(ctx, table, next + 1) != SQLITE_OK)
            return;
        c->next_id = next + 1;
        if (!s->stmt_generated) {
            s->stmt_generated = 1;
            s->last_insert_id = next;
        }
        sqlite3_result_int64(ctx, next);
        return;
    }
    if (vt == SQLITE_INTEGER && v >= next) {
        if (store_counter(ctx, table, v + 1) != SQLITE_OK)
            return;
        c->next_id = v + 1;
    }
    sqlite3_result_value(ctx, argv[1]);
}

static void database_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_text(ctx, MY_DATABASE, -1, SQLITE_STATIC);
}

/* USER(), CURRENT_USER(), SESSION_USER(), SYSTEM_USER(): the account the connection
 * acts as. An embedded database has no accounts; the process's user, at localhost, is
 * who reads and writes the file: "<login name>@localhost" (the user id when the
 * system has no name for it). */
static void user_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    struct passwd pw, *found = NULL;
    char buf[1024];
    uid_t uid = geteuid();
    char *user = getpwuid_r(uid, &pw, buf, sizeof buf, &found) == 0 && found
                     ? sqlite3_mprintf("%s@localhost", found->pw_name)
                     : sqlite3_mprintf("%lu@localhost", (unsigned long)uid);
    if (!user)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text(ctx, user, -1, sqlite3_free);
}

static void version_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    my_session *s = MY_SESSION(ctx);
    sqlite3_result_text(ctx, s->flavor->version, -1, SQLITE_STATIC);
}

const lw_function_def my_session_functions[] = {
    {"my_getvar", 1, SQLITE_UTF8, getvar_func, NULL, NULL, NULL, NULL},
    {"my_setvar", 2, SQLITE_UTF8, setvar_func, NULL, NULL, NULL, NULL},
    {"my_condition_count", 0, SQLITE_UTF8, condition_count_func, NULL, NULL, NULL, NULL},
    {"my_condition_ok", 1, SQLITE_UTF8, condition_ok_func, NULL, NULL, NULL, NULL},
    {"my_condition", 2, SQLITE_UTF8, condition_func, NULL, NULL, NULL, NULL},
    {"my_sysvar", 1, SQLITE_UTF8, sysvar_func, NULL, NULL, NULL, NULL},
    {"my_set_sysvar", 2, LW_STATEFUL, set_sysvar_func, NULL, NULL, NULL, NULL},
    {"my_set_global", 0, LW_STATEFUL, set_global_func, NULL, NULL, NULL, NULL},
    {"my_set_sysvar_default", 1, LW_STATEFUL, set_sysvar_default_func, NULL, NULL, NULL, NULL},
    {"my_warnings", 0, SQLITE_UTF8, warnings_func, NULL, NULL, NULL, NULL},
    {"my_warning_count", 0, SQLITE_UTF8, warning_count_func, NULL, NULL, NULL, NULL},
    {"my_error_count", 0, SQLITE_UTF8, error_count_func, NULL, NULL, NULL, NULL},
    {"last_insert_id", 0, SQLITE_UTF8, last_insert_id_func, NULL, NULL, NULL, NULL},
    {"last_insert_id", 1, SQLITE_UTF8, last_insert_id_func, NULL, NULL, NULL, NULL},
    {"row_count", 0, SQLITE_UTF8, row_count_func, NULL, NULL, NULL, NULL},
    {"my_connection_id", 0, SQLITE_UTF8, connection_id_func, NULL, NULL, NULL, NULL},
    {"my_autoinc", 2, SQLITE_UTF8, autoinc_func, NULL, NULL, NULL, NULL},
    {"database", 0, SQLITE_UTF8 | SQLITE_DETERMINISTIC, database_func, NULL, NULL, NULL, NULL},
    {"schema", 0, SQLITE_UTF8 | SQLITE_DETERMINISTIC, database_func, NULL, NULL, NULL, NULL},
    {"version", 0, SQLITE_UTF8 | SQLITE_DETERMINISTIC, version_func, NULL, NULL, NULL, NULL},
    {"user", 0, SQLITE_UTF8, user_func, NULL, NULL, NULL, NULL},
    {"current_user", 0, SQLITE_UTF8, user_func, NULL, NULL, NULL, NULL},
    {"session_user", 0, SQLITE_UTF8, user_func, NULL, NULL, NULL, NULL},
    {"system_user", 0, SQLITE_UTF8, user_func, NULL, NULL, NULL, NULL},
};
const size_t my_session_functions_n = sizeof my_session_functions / sizeof my_session_functions[0];
