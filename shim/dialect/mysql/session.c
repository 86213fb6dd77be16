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
#include <stddef.h>
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

/* The marks at the start of a translation. */
static const struct {
    const char *mark;
    size_t offset;
} marks_known[] = {
    {MY_UPSERT, offsetof(my_marks, upsert)},
    {MY_IGNORE, offsetof(my_marks, ignore)},
    {MY_KEEP_WARNINGS, offsetof(my_marks, keep)},
    {MY_NO_TABLES, offsetof(my_marks, no_tables)},
    {MY_AUTOCOMMIT_ON, offsetof(my_marks, autocommit_on)},
    {MY_SNAPSHOT, offsetof(my_marks, snapshot)},
    {MY_SNAPSHOT_READ_ONLY, offsetof(my_marks, snapshot_read_only)},
    {MY_LOCK_TABLES, offsetof(my_marks, lock_tables)},
    {MY_UNLOCK_TABLES, offsetof(my_marks, unlock_tables)},
};

/* Skips the marks at the start of a translation, recording them in *m. */
static const char *after_marks(const char *sql, my_marks *m)
{
    for (size_t i = 0; i < sizeof marks_known / sizeof marks_known[0];) {
        size_t n = strlen(marks_known[i].mark);
        if (!strncmp(sql, MY_NO_DEFAULT, strlen(MY_NO_DEFAULT)) && strstr(sql, "*/ ")) {
            m->no_default = sql + strlen(MY_NO_DEFAULT);
            m->no_default_len = (size_t)(strstr(sql, "*/ ") - m->no_default);
            sql = m->no_default + m->no_default_len + 3;
            i = 0;
            continue;
        }
        if (strncmp(sql, marks_known[i].mark, n)) {
            i++;
            continue;
        }
        *(int *)((char *)m + marks_known[i].offset) = 1;
        sql += n;
        i = 0;
    }
    if (m->snapshot_read_only)
        m->snapshot = 1;
    return sql;
}

int my_before_statement(void *state, const lw_stmt_desc *desc, const char *sql,
                        lw_dialect_error *err)
{
    my_state *st = state;
    my_session *s = st->session;
    st->last_sql = sql;
    st->source = desc->source;
    st->source_len = desc->source_len;
    s->query_id++;
    s->stmt_row = 1;
    s->stmt_rows_read = 0;
    s->stmt_generated = 0;
    my_marks m = {0};
    const char *body = sql[0] == '/' ? after_marks(sql, &m) : sql;
    s->stmt_ignore = m.ignore;
    /* A write to several tables writes in its trigger (depth 1), which it counts. */
    s->stmt_count_depth = 0;
    if (body[0] == '/' && !strncmp(body, MY_MULTI_WRITE, strlen(MY_MULTI_WRITE))) {
        int rc = my_multi_write_prepare(st, body, err);
        if (rc)
            return rc;
        s->stmt_count_depth = 1;
    }
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
        s->stmt_is_write = s->stmt_count_depth; /* a write to several tables */
        break;
    }
    my_row_count_next(s, desc->source, desc->source_len, body, m.upsert);
    my_statement_clock(s);
    if (desc->kind != LW_KIND_PLAIN)
        m.no_tables = 1; /* BEGIN, COMMIT, ROLLBACK use no table */
    if (!m.keep && !m.no_tables)
        my_clear_warnings(s);
    /* The NOT NULL columns without a default an INSERT leaves out (assign.c), warned
     * before any row as MariaDB does. */
    for (const char *p = m.no_default, *end = p + m.no_default_len; p && p < end;) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        my_warn(s, LW_LEVEL_WARNING, 1364, "Field '%.*s' doesn't have a default value",
                (int)(stop - p), p);
        p = stop + 1;
    }
    return my_transaction_verdict(st, desc, &m, err);
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
