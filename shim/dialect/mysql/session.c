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

/* The marks at the start of a translation, and the fact each one is. */
static const struct {
    const char *mark;
    unsigned fact;
} marks_known[] = {
    {MY_UPSERT, MY_FACT_UPSERT},
    {MY_IGNORE, MY_FACT_IGNORE},
    {MY_KEEP_WARNINGS, MY_FACT_KEEP},
    {MY_NO_TABLES, MY_FACT_NO_TABLES},
    {MY_AUTOCOMMIT_ON, MY_FACT_AUTOCOMMIT_ON},
    {MY_SNAPSHOT, MY_FACT_SNAPSHOT},
    {MY_SNAPSHOT_READ_ONLY, MY_FACT_SNAPSHOT_READ_ONLY},
    {MY_LOCK_TABLES, MY_FACT_LOCK_TABLES},
    {MY_UNLOCK_TABLES, MY_FACT_UNLOCK_TABLES},
};

/* Skips the marks at the start of a translation, adding their facts to *facts. */
static const char *after_marks(const char *sql, unsigned *facts)
{
    if (sql[0] != '/')
        return sql;
    for (size_t i = 0; i < sizeof marks_known / sizeof marks_known[0];) {
        size_t n = strlen(marks_known[i].mark);
        if (!strncmp(sql, MY_NO_DEFAULT, strlen(MY_NO_DEFAULT)) && strstr(sql, "*/ ")) {
            *facts |= MY_FACT_NO_DEFAULT;
            sql = strstr(sql, "*/ ") + 3;
            i = 0;
            continue;
        }
        if (strncmp(sql, marks_known[i].mark, n)) {
            i++;
            continue;
        }
        *facts |= marks_known[i].fact;
        sql += n;
        i = 0;
    }
    if (*facts & MY_FACT_SNAPSHOT_READ_ONLY)
        *facts |= MY_FACT_SNAPSHOT;
    return sql;
}

unsigned my_statement_facts(const lw_stmt_desc *desc, const char *sql)
{
    unsigned f = MY_FACT_READ;
    const char *body = after_marks(sql, &f);
    if (body[0] == '/' && !strncmp(body, MY_MULTI_WRITE, strlen(MY_MULTI_WRITE)))
        f |= MY_FACT_MULTI_WRITE | MY_FACT_WRITE; /* it writes in its trigger */
    else if (!strncasecmp(body, "INSERT", 6))
        f |= MY_FACT_WRITE | MY_FACT_INSERT;
    else if (!strncasecmp(body, "DELETE", 6))
        f |= MY_FACT_WRITE | MY_FACT_DELETE;
    else if (!strncasecmp(body, "UPDATE", 6) || !strncasecmp(body, "REPLACE", 7))
        f |= MY_FACT_WRITE;
    if (!(f & MY_FACT_WRITE) && my_source_reads_rows(desc->source, desc->source_len))
        f |= MY_FACT_READS_ROWS;
    if (my_commits_implicitly(desc->source, desc->source_len))
        f |= MY_FACT_COMMITS;
    if (desc->kind != LW_KIND_PLAIN)
        f |= MY_FACT_NO_TABLES; /* BEGIN, COMMIT, ROLLBACK use no table */
    return f;
}

int my_before_statement(void *state, const lw_stmt_desc *desc, const char *sql,
                        lw_dialect_error *err)
{
    my_state *st = state;
    my_session *s = st->session;
    /* A statement compiled by the shim has its facts; read them now otherwise. */
    unsigned f = desc->facts & MY_FACT_READ ? desc->facts : my_statement_facts(desc, sql);
    st->last_sql = sql;
    st->source = desc->source;
    st->source_len = desc->source_len;
    s->query_id++;
    s->stmt_row = 1;
    s->stmt_rows_read = 0;
    s->stmt_generated = 0;
    s->stmt_ignore = (f & MY_FACT_IGNORE) != 0;
    /* A write to several tables writes in its trigger (depth 1), which it counts. */
    s->stmt_count_depth = 0;
    if (f & MY_FACT_MULTI_WRITE) {
        unsigned marks = 0;
        int rc = my_multi_write_prepare(st, after_marks(sql, &marks), err);
        if (rc)
            return rc;
        s->stmt_count_depth = 1;
    }
    s->stmt_is_write = (f & MY_FACT_WRITE) != 0;
    my_row_count_next(s, (f & MY_FACT_INSERT) != 0,
                      (f & MY_FACT_INSERT && !(f & MY_FACT_UPSERT)) || (f & MY_FACT_DELETE),
                      (f & MY_FACT_READS_ROWS) != 0);
    my_statement_clock(s);
    if (!(f & (MY_FACT_KEEP | MY_FACT_NO_TABLES)))
        my_clear_warnings(s);
    if (f & MY_FACT_NO_DEFAULT) {
        /* The NOT NULL columns without a default an INSERT leaves out (assign.c), warned
         * before any row as MariaDB does: the mark's names, comma-separated. */
        const char *p = strstr(sql, MY_NO_DEFAULT) + strlen(MY_NO_DEFAULT);
        const char *end = strstr(p, "*/ ");
        while (end && p < end) {
            const char *comma = memchr(p, ',', (size_t)(end - p));
            const char *stop = comma ? comma : end;
            my_warn(s, LW_LEVEL_WARNING, 1364, "Field '%.*s' doesn't have a default value",
                    (int)(stop - p), p);
            p = stop + 1;
        }
    }
    return my_transaction_verdict(st, desc, f, err);
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
