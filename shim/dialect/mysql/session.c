/*
 * The mysql and mariadb dialects' connection hooks:
 *
 *   on_open           the session and the dialect's functions (runtime.h); SQLite's
 *                     double-quoted strings off (translations quote identifiers so)
 *   before_statement  a new statement: its row count starts at 1, no id generated yet;
 *                     a write (INSERT, UPDATE, DELETE, REPLACE) makes strict mode's
 *                     conditions errors; MariaDB's rule for the diagnostics area: a
 *                     statement that uses a table clears it, one that does not keeps
 *                     it until it raises a condition itself, SHOW WARNINGS never
 *                     clears it (the translation's marks say which, mysql.h)
 *   translation_epoch, warning_count, warning_at   the session's (runtime.h)
 */
#include <string.h>
#include <strings.h>

#include "dialect/mysql/mysql.h"

static int open_flavor(sqlite3 *db, void **state, lw_dialect_error *err, const my_flavor *flavor)
{
    char *msg = NULL;
    my_state *st = sqlite3_malloc64(sizeof *st);
    if (!st) {
        lw_dialect_error_set(err, "HY001", 1037, "out of memory");
        return LW_ENOMEM;
    }
    memset(st, 0, sizeof *st);
    st->db = db;
    st->schema.db = db;
    int rc = my_runtime_open(db, flavor, &st->session, &msg);
    if (rc == SQLITE_OK)
        rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)0);
    if (rc == SQLITE_OK)
        rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)0);
    if (rc == SQLITE_OK)
        rc = my_introspection_open(db, flavor->default_collation,
                                   &msg); /* information_schema (introspection.c) */
    if (rc != SQLITE_OK) {
        lw_dialect_error_set(err, "HY000", 1105, "%s dialect: %s", flavor->name,
                             msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        my_runtime_close(st->session);
        sqlite3_free(st);
        return LW_ESQL;
    }
    my_row_count_install(db, st->session);
    *state = st;
    return 0;
}

int my_open_mariadb(sqlite3 *db, void **state, lw_dialect_error *err)
{
    return open_flavor(db, state, err, &my_mariadb_flavor);
}

int my_open_mysql(sqlite3 *db, void **state, lw_dialect_error *err)
{
    return open_flavor(db, state, err, &my_mysql_flavor);
}

void my_close(void *state)
{
    my_state *st = state;
    if (!st)
        return;
    my_row_count_remove(st->db);
    lw_schema_close(&st->schema);
    my_bind_scratch_free(st);
    my_runtime_close(st->session);
    sqlite3_free(st);
}

/* Skips the marks at the start of a translation; sets *keep, *no_tables, *ignore and
 * *upsert. */
static const char *after_marks(const char *sql, int *keep, int *no_tables, int *ignore, int *upsert)
{
    *keep = *no_tables = *ignore = *upsert = 0;
    for (;;) {
        if (!strncmp(sql, MY_UPSERT, strlen(MY_UPSERT))) {
            *upsert = 1;
            sql += strlen(MY_UPSERT);
            continue;
        }
        if (!strncmp(sql, MY_IGNORE, strlen(MY_IGNORE))) {
            *ignore = 1;
            sql += strlen(MY_IGNORE);
            continue;
        }
        if (!strncmp(sql, MY_KEEP_WARNINGS, strlen(MY_KEEP_WARNINGS))) {
            *keep = 1;
            sql += strlen(MY_KEEP_WARNINGS);
        } else if (!strncmp(sql, MY_NO_TABLES, strlen(MY_NO_TABLES))) {
            *no_tables = 1;
            sql += strlen(MY_NO_TABLES);
        } else {
            return sql;
        }
    }
}

int my_before_statement(void *state, const lw_stmt_desc *desc, const char *sql,
                        lw_dialect_error *err)
{
    (void)err;
    my_state *st = state;
    my_session *s = st->session;
    st->last_sql = sql;
    st->source = desc->source;
    st->source_len = desc->source_len;
    s->query_id++;
    s->stmt_row = 1;
    s->stmt_generated = 0;
    int keep = 0, no_tables = 0, ignore = 0, upsert = 0;
    const char *body = sql[0] == '/' ? after_marks(sql, &keep, &no_tables, &ignore, &upsert) : sql;
    s->stmt_ignore = ignore;
    /* Runs for every statement: the first letter decides before any comparison. */
    switch (body[0] | 0x20) {
    case 'i':
        s->stmt_is_write = !strncasecmp(body, "INSERT", 6);
        break;
    case 'u':
        s->stmt_is_write = !strncasecmp(body, "UPDATE", 6);
        break;
    case 'd':
        s->stmt_is_write = !strncasecmp(body, "DELETE", 6);
        break;
    case 'r':
        s->stmt_is_write = !strncasecmp(body, "REPLACE", 7);
        break;
    default:
        s->stmt_is_write = 0;
        break;
    }
    my_row_count_next(s, desc->source, desc->source_len, body, upsert);
    my_statement_clock(s);
    if (desc->kind != LW_KIND_PLAIN)
        no_tables = 1; /* BEGIN, COMMIT, ROLLBACK use no table */
    if (!keep && !no_tables)
        my_clear_warnings(s);
    return LW_RUN_GO;
}

unsigned my_translation_epoch(void *state)
{
    my_state *st = state;
    return st ? st->session->epoch : 0;
}

int64_t my_last_insert_id(void *state)
{
    my_state *st = state;
    return st ? st->session->last_insert_id : 0;
}

int my_warning_count(void *state)
{
    my_state *st = state;
    return st ? st->session->n_warnings : 0;
}

const lw_warning_item *my_warning_at(void *state, int i)
{
    my_state *st = state;
    return st && i >= 0 && i < st->session->n_warnings ? &st->session->warnings[i] : NULL;
}
