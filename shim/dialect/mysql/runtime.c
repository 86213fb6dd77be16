/*
 * The MySQL/MariaDB session (runtime.h): its creation and registration of every
 * function table, sql_mode, the diagnostics area, and the errors the functions raise.
 */
#include "dialect/mysql/runtime_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "datetime/zone.h"
#include "dialect/catalog.h"

const my_flavor my_mariadb_flavor = {
    "mariadb",
    "MariaDB",
    "10.11.19-MariaDB-likewise",
    "utf8mb4_general_ci",
    "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION",
};

const my_flavor my_mysql_flavor = {
    "mysql",
    "MySQL",
    "8.0.36-likewise",
    "utf8mb4_0900_ai_ci",
    "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_"
    "ZERO,NO_ENGINE_SUBSTITUTION",
};

/* ---- sql_mode -------------------------------------------------------------------------- */

/* The sql_mode names and the flags the dialect reads (0: kept by name only). */
static const struct {
    const char *name;
    unsigned flag;
} modes[] = {
    {"REAL_AS_FLOAT", 0},
    {"PIPES_AS_CONCAT", MY_MODE_PIPES_AS_CONCAT},
    {"ANSI_QUOTES", MY_MODE_ANSI_QUOTES},
    {"IGNORE_SPACE", 0},
    {"IGNORE_BAD_TABLE_OPTIONS", 0},
    {"ONLY_FULL_GROUP_BY", 0},
    {"NO_UNSIGNED_SUBTRACTION", 0},
    {"NO_DIR_IN_CREATE", 0},
    {"POSTGRESQL", 0},
    {"ORACLE", 0},
    {"MSSQL", 0},
    {"DB2", 0},
    {"MAXDB", 0},
    {"NO_KEY_OPTIONS", 0},
    {"NO_TABLE_OPTIONS", 0},
    {"NO_FIELD_OPTIONS", 0},
    {"MYSQL323", 0},
    {"MYSQL40", 0},
    {"ANSI", 0},
    {"NO_AUTO_VALUE_ON_ZERO", MY_MODE_NO_AUTO_VALUE_ON_ZERO},
    {"NO_BACKSLASH_ESCAPES", MY_MODE_NO_BACKSLASH_ESCAPES},
    {"STRICT_TRANS_TABLES", MY_MODE_STRICT_TRANS},
    {"STRICT_ALL_TABLES", MY_MODE_STRICT_ALL},
    {"NO_ZERO_IN_DATE", 0},
    {"NO_ZERO_DATE", MY_MODE_NO_ZERO_DATE},
    {"ALLOW_INVALID_DATES", 0},
    {"ERROR_FOR_DIVISION_BY_ZERO", MY_MODE_DIV_ZERO},
    {"TRADITIONAL", 0}, /* its modes: combinations below */
    {"NO_AUTO_CREATE_USER", 0},
    {"HIGH_NOT_PRECEDENCE", 0},
    {"NO_ENGINE_SUBSTITUTION", 0},
    {"PAD_CHAR_TO_FULL_LENGTH", 0},
    {"EMPTY_STRING_IS_NULL", 0},
    {"SIMULTANEOUS_ASSIGNMENT", 0},
    {"TIME_ROUND_FRACTIONAL", 0},
};

/* The combination modes and what each stands for besides itself (MariaDB 10.11's
 * sql_mode.h), as @@sql_mode shows them. */
static const struct {
    const char *name, *stands_for;
} combinations[] = {
    {"TRADITIONAL", "STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
                    "ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION"},
    {"ANSI", "REAL_AS_FLOAT,PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE"},
    {"ORACLE", "PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,NO_KEY_OPTIONS,NO_TABLE_OPTIONS,"
               "NO_FIELD_OPTIONS,NO_AUTO_CREATE_USER,SIMULTANEOUS_ASSIGNMENT"},
    {"POSTGRESQL", "PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,NO_KEY_OPTIONS,NO_TABLE_OPTIONS,"
                   "NO_FIELD_OPTIONS"},
    {"MSSQL", "PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,NO_KEY_OPTIONS,NO_TABLE_OPTIONS,"
              "NO_FIELD_OPTIONS"},
    {"DB2", "PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,NO_KEY_OPTIONS,NO_TABLE_OPTIONS,"
            "NO_FIELD_OPTIONS"},
    {"MAXDB", "PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,NO_KEY_OPTIONS,NO_TABLE_OPTIONS,"
              "NO_FIELD_OPTIONS,NO_AUTO_CREATE_USER"},
    {"MYSQL323", "HIGH_NOT_PRECEDENCE"},
    {"MYSQL40", "HIGH_NOT_PRECEDENCE"},
};

#define N_MODES (sizeof modes / sizeof modes[0])

/* The index in modes of the name p[0..n), or N_MODES. */
static size_t mode_index(const char *p, size_t n)
{
    size_t k = 0;
    for (; k < N_MODES; k++)
        if (strlen(modes[k].name) == n && sqlite3_strnicmp(p, modes[k].name, (int)n) == 0)
            break;
    return k;
}

/* Adds the modes of a comma-separated list to *set (one bit per entry of modes).
 * Returns 0, or -1 with *bad naming an unknown mode. */
static int add_modes(const char *text, uint64_t *set, const char **bad)
{
    static char unknown[80];
    for (const char *p = text; *p;) {
        while (*p == ',' || *p == ' ')
            p++;
        size_t n = strcspn(p, ", ");
        if (!n)
            break;
        size_t k = mode_index(p, n);
        if (k == N_MODES) {
            snprintf(unknown, sizeof unknown, "%.*s", (int)(n < 79 ? n : 79), p);
            *bad = unknown;
            return -1;
        }
        *set |= (uint64_t)1 << k;
        for (size_t c = 0; c < sizeof combinations / sizeof combinations[0]; c++)
            if (!strcmp(combinations[c].name, modes[k].name) &&
                add_modes(combinations[c].stands_for, set, bad))
                return -1;
        p += n;
    }
    return 0;
}

int my_set_sql_mode(my_session *s, const char *text, const char **bad)
{
    _Static_assert(N_MODES <= 64, "sql_mode names fit one 64-bit set");
    uint64_t set = 0;
    if (add_modes(text, &set, bad))
        return -1;
    /* @@sql_mode lists the modes in MariaDB's order, whatever order SET gave. */
    unsigned flags = 0;
    lw_sqlbuf norm = {0};
    lw_sqlbuf_append(&norm, "", 0);
    for (size_t k = 0; k < N_MODES; k++)
        if (set & ((uint64_t)1 << k)) {
            flags |= modes[k].flag;
            lw_sqlbuf_appendf(&norm, "%s%s", norm.len ? "," : "", modes[k].name);
        }
    if (norm.oom) {
        lw_sqlbuf_free(&norm);
        return -2;
    }
    sqlite3_free(s->sql_mode_text);
    s->sql_mode_text = lw_sqlbuf_finish(&norm);
    s->sql_mode = flags;
    s->epoch++;
    return 0;
}

int my_strict_write(const my_session *s)
{
    return s->stmt_is_write && !s->stmt_ignore &&
           (s->sql_mode & (MY_MODE_STRICT_TRANS | MY_MODE_STRICT_ALL));
}

/* ---- The diagnostics area ----------------------------------------------------------------- */

void my_clear_warnings(my_session *s)
{
    if (!s->n_warnings && !s->warnings_total) {
        s->warnings_query_id = s->query_id;
        return;
    }
    for (int i = 0; i < s->n_warnings; i++)
        sqlite3_free(s->warnings[i].message);
    s->n_warnings = 0;
    s->warnings_total = 0;
    s->error_count = 0;
    s->warnings_query_id = s->query_id;
}

void my_warn(my_session *s, lw_warning_severity level, int code, const char *fmt, ...)
{
    if (s->warnings_query_id != s->query_id)
        my_clear_warnings(s); /* the first condition of this statement */
    s->warnings_total++;
    if (level == LW_LEVEL_ERROR)
        s->error_count++;
    if (s->n_warnings >= s->max_error_count)
        return;
    if (s->n_warnings == s->cap_warnings) {
        int cap = s->cap_warnings ? 2 * s->cap_warnings : 8;
        lw_warning_item *items = sqlite3_realloc64(s->warnings, (size_t)cap * sizeof *items);
        if (!items)
            return;
        s->warnings = items;
        s->cap_warnings = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    char *msg = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    if (!msg)
        return;
    lw_warning_item *w = &s->warnings[s->n_warnings++];
    w->level = level;
    w->code = code;
    w->message = msg;
}

void my_error(sqlite3_context *ctx, int errno_, const char *fmt, ...)
{
    char code[16];
    snprintf(code, sizeof code, "%d", errno_);
    va_list ap;
    va_start(ap, fmt);
    lw_result_dialect_error(ctx, MY_ERROR_PREFIX, code, fmt, ap);
    va_end(ap);
}

/* ---- The session ---------------------------------------------------------------------------- */

static void session_destroy(lw_shared *shared)
{
    my_holder *h = (my_holder *)shared;
    my_session *s = h->session;
    sqlite3_free(h);
    my_locks_close(s);
    my_table_locks_clear(s);
    my_clear_warnings(s);
    sqlite3_free(s->warnings);
    sqlite3_free(s->sql_mode_text);
    while (s->json_tables) {
        my_json_table_name *next = s->json_tables->next;
        sqlite3_free(s->json_tables);
        s->json_tables = next;
    }
    while (s->vars) {
        my_var *next = s->vars->next;
        sqlite3_free(s->vars->name);
        sqlite3_value_free(s->vars->value);
        sqlite3_free(s->vars);
        s->vars = next;
    }
    while (s->keyvals) {
        my_keyval *next = s->keyvals->next;
        sqlite3_free(s->keyvals->table);
        sqlite3_free(s->keyvals->column);
        sqlite3_free(s->keyvals->text);
        sqlite3_free(s->keyvals);
        s->keyvals = next;
    }
    sqlite3_free(s->time_zone);
    lw_zone_db_free(s->zones);
    while (s->counters) {
        my_counter *next = s->counters->next;
        sqlite3_free(s->counters->table);
        sqlite3_free(s->counters);
        s->counters = next;
    }
    sqlite3_free(s);
}

/* The settings every session starts with. */
static void session_defaults(my_session *s, const my_flavor *flavor)
{
    s->flavor = flavor;
    s->div_precision_increment = 4;
    s->collation_connection = flavor->default_collation;
    s->foreign_key_checks = 1;
    s->max_error_count = MY_MAX_ERROR_COUNT;
    s->group_concat_max_len = MY_GROUP_CONCAT_MAX_LEN;
    s->autocommit = 1;
    s->lock_fd = -1;
    s->found_rows = s->found_rows_before = -1;
    s->sql_select_limit = MY_SELECT_LIMIT_NONE;
    s->tx_isolation = MY_ISO_REPEATABLE_READ;
    s->next_isolation = s->next_read_only = -1;
    s->sql_mode = MY_MODE_STRICT_TRANS | MY_MODE_DIV_ZERO;
    if (flavor == &my_mysql_flavor)
        s->sql_mode |= MY_MODE_NO_ZERO_DATE;
}

const my_session *my_default_session(const my_flavor *flavor)
{
    static my_session mariadb, mysql;
    my_session *s = flavor == &my_mysql_flavor ? &mysql : &mariadb;
    if (!s->flavor)
        session_defaults(s, flavor);
    return s;
}

/* The exec function of the dialect's DDL (catalog.h). */
static const lw_function_def exec_functions[] = {
    {"my_exec", 1, LW_STATEFUL, lw_exec_function, NULL, NULL, NULL, NULL},
};

int my_runtime_open(sqlite3 *db, const my_flavor *flavor, my_session **out, char **pzErr)
{
    *out = NULL;
    my_session *s = sqlite3_malloc64(sizeof *s);
    if (!s) {
        *pzErr = sqlite3_mprintf("out of memory");
        return SQLITE_NOMEM;
    }
    memset(s, 0, sizeof *s);
    my_holder *h = sqlite3_malloc64(sizeof *h);
    if (!h) {
        sqlite3_free(s);
        *pzErr = sqlite3_mprintf("out of memory");
        return SQLITE_NOMEM;
    }
    lw_shared_init(&h->base, session_destroy);
    h->session = s;
    s->holder = h;
    s->db = db;
    /* CONNECTION_ID(): the connections of the process numbered in the order they opened. */
    static _Atomic uint64_t connections;
    s->connection_id = ++connections;
    session_defaults(s, flavor);
    /* @@max_allowed_packet: no value (and so no string a function builds) is longer
     * than MariaDB's default packet, 16 MiB (SQLite's own limit is 1 GB). */
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, MY_MAX_ALLOWED_PACKET);
    const char *bad = NULL;
    if (my_set_sql_mode(s, flavor->default_sql_mode, &bad)) {
        lw_shared_release(h);
        *pzErr = sqlite3_mprintf("out of memory");
        return SQLITE_NOMEM;
    }
    s->epoch = 0;
    static const struct {
        const lw_function_def *defs;
        const size_t *n;
    } tables[] = {
        {my_numeric_functions, &my_numeric_functions_n},
        {my_session_functions, &my_session_functions_n},
        {my_text_functions, &my_text_functions_n},
        {my_assign_functions, &my_assign_functions_n},
        {my_temporal_functions, &my_temporal_functions_n},
        {my_ddl_functions, &my_ddl_functions_n},
        {my_calendar_functions, &my_calendar_functions_n},
        {my_str_to_date_functions, &my_str_to_date_functions_n},
        {my_aggregate_functions, &my_aggregate_functions_n},
        {my_string_functions, &my_string_functions_n},
        {my_alter_functions, &my_alter_functions_n},
        {my_show_functions, &my_show_functions_n},
        {my_transaction_functions, &my_transaction_functions_n},
        {my_into_functions, &my_into_functions_n},
        {my_lock_functions, &my_lock_functions_n},
        {my_found_rows_functions, &my_found_rows_functions_n},
        {my_json_functions, &my_json_functions_n},
        {my_regexp_functions, &my_regexp_functions_n},
        {my_enum_functions, &my_enum_functions_n},
        {my_zone_functions, &my_zone_functions_n},
        {my_subquery_functions, &my_subquery_functions_n},
        {my_charset_functions, &my_charset_functions_n},
    };
    int rc = lw_register_functions(db, exec_functions, 1, NULL, pzErr);
    for (size_t i = 0; i < sizeof tables / sizeof tables[0] && rc == SQLITE_OK; i++)
        rc = lw_register_functions(db, tables[i].defs, *tables[i].n, &h->base, pzErr);
    if (rc == SQLITE_OK && (rc = sqlite3_create_collation_v2(db, "MY_TIME", SQLITE_UTF8, NULL,
                                                             my_time_collate, NULL)) != SQLITE_OK)
        *pzErr = sqlite3_mprintf("%s", sqlite3_errmsg(db));
    if (rc != SQLITE_OK) {
        lw_shared_release(h);
        return rc;
    }
    *out = s;
    return SQLITE_OK;
}

void my_runtime_close(my_session *s)
{
    if (s)
        lw_shared_release(s->holder);
}
