/*
 * The mariadb dialect's session hooks (shim/dialect/mysql/session.c): the facts
 * before_statement reads of a statement (its translation's marks, its first words),
 * worked out once when the statement is compiled (my_statement_facts), and what they
 * decide when a cached statement runs again (ROW_COUNT(), the diagnostics area, the
 * transaction).
 */
#include <stdio.h>

#include "lw_shim_test.h"

#include "core/describe.h"
#include "dialect/dialect.h"
#include "dialect/mysql/mysql.h"
#include "likewise.h"

#define MARIADB_URL "sqlite::memory:?dialect=mariadb"

/* The facts of sql's one statement as the shim compiles it (backend/sqlite.c): described,
 * translated (transaction control as it is), then read. */
static unsigned facts_of(const char *sql)
{
    const lw_dialect *d = &lw_dialect_mariadb;
    lw_tokens toks = {0};
    lw_lex_error lerr = {NULL, 0};
    assert_int_equal(lw_lex(sql, strlen(sql), d->lex_flags, &toks, &lerr), 0);
    lw_stmt_desc desc;
    lw_token *kept = NULL;
    size_t n_kept = 0;
    assert_int_equal(
        lw_describe(sql, toks.items, toks.len, d->set_transaction, &desc, &kept, &n_kept), 0);
    desc.source = sql + toks.items[0].offset;
    desc.source_len =
        toks.items[toks.len - 1].offset + toks.items[toks.len - 1].length - toks.items[0].offset;
    lw_sqlbuf out = {0};
    lw_param_map params = {0};
    lw_dialect_error err = {{0}, 0, NULL, 0};
    lw_translation t = {
        sql, kept ? kept : toks.items, kept ? n_kept : toks.len, &out, &params, &err, &desc, NULL,
        NULL};
    int rc = desc.kind == LW_KIND_PLAIN ? d->translate(d, &t) : lw_translate_identity(d, &t);
    if (rc)
        fprintf(stderr, "  %s: %s\n", sql, err.message ? err.message : "?");
    assert_int_equal(rc, 0);
    assert_non_null(d->statement_facts);
    unsigned facts = d->statement_facts(&desc, out.s ? out.s : "");
    if (t.stmt_data)
        d->free_stmt_data(t.stmt_data);
    lw_sqlbuf_free(&out);
    sqlite3_free(params.refs);
    lw_dialect_error_clear(&err);
    sqlite3_free(kept);
    lw_stmt_desc_free(&desc);
    lw_tokens_free(&toks);
    return facts;
}

/* 1. Each statement's facts: what its translation's marks and its words say. */
static void test_statement_facts(void **state)
{
    (void)state;
    static const struct {
        const char *sql;
        unsigned facts; /* besides MY_FACT_READ, always there */
    } cases[] = {
        {"INSERT INTO t (id, name) VALUES (?, ?)", MY_FACT_WRITE | MY_FACT_INSERT},
        {"INSERT INTO t VALUES (1, 'a') ON DUPLICATE KEY UPDATE name = 'b'",
         MY_FACT_WRITE | MY_FACT_INSERT | MY_FACT_UPSERT},
        {"INSERT IGNORE INTO t VALUES (1, 'a')", MY_FACT_WRITE | MY_FACT_INSERT | MY_FACT_IGNORE},
        {"REPLACE INTO t VALUES (1, 'a')", MY_FACT_WRITE},
        {"UPDATE t SET name = 'b' WHERE id = 1", MY_FACT_WRITE},
        {"DELETE FROM t WHERE id = 1", MY_FACT_WRITE | MY_FACT_DELETE},
        {"DELETE t FROM t JOIN u ON u.id = t.id", MY_FACT_WRITE | MY_FACT_DELETE},
        {"DELETE t, u FROM t JOIN u ON u.id = t.id", MY_FACT_WRITE | MY_FACT_MULTI_WRITE},
        {"SELECT id FROM t", MY_FACT_READS_ROWS},
        {"(SELECT id FROM t)", MY_FACT_READS_ROWS},
        {"WITH c AS (SELECT 1) SELECT * FROM c", MY_FACT_READS_ROWS},
        {"SHOW WARNINGS", MY_FACT_READS_ROWS | MY_FACT_KEEP},
        {"SELECT 1", MY_FACT_READS_ROWS | MY_FACT_NO_TABLES},
        {"SET autocommit = 1", MY_FACT_AUTOCOMMIT_ON | MY_FACT_NO_TABLES},
        {"START TRANSACTION WITH CONSISTENT SNAPSHOT", MY_FACT_SNAPSHOT},
        {"START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY",
         MY_FACT_SNAPSHOT | MY_FACT_SNAPSHOT_READ_ONLY},
        {"LOCK TABLES t WRITE", MY_FACT_LOCK_TABLES},
        {"UNLOCK TABLES", MY_FACT_UNLOCK_TABLES},
        {"CREATE TABLE u (id INT)", MY_FACT_COMMITS},
        {"CREATE TEMPORARY TABLE u (id INT)", 0},
        {"DROP TABLE u", MY_FACT_COMMITS},
        {"ALTER TABLE t ADD COLUMN x INT", MY_FACT_COMMITS},
        {"TRUNCATE TABLE t", MY_FACT_COMMITS},
        {"BEGIN", MY_FACT_NO_TABLES},
        {"COMMIT", MY_FACT_NO_TABLES},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned got = facts_of(cases[i].sql), want = cases[i].facts | MY_FACT_READ;
        if (got != want)
            fprintf(stderr, "  %s: facts 0x%x, expected 0x%x\n", cases[i].sql, got, want);
        assert_int_equal(got, want);
    }
}

/* 2. A cached statement run again decides from its facts as it did the first time: the
 * same texts in turn, each run several times. */
static void test_cached_statements(void **state)
{
    (void)state;
    lw_conn *c = open_ok(MARIADB_URL);
    exec_ok(c, "CREATE TABLE t (id INT PRIMARY KEY, n INT)");
    exec_ok(c, "INSERT INTO t VALUES (1, 0)");
    for (int round = 0; round < 3; round++) {
        /* An upsert that updates counts 2 (the pre-update hook), a plain INSERT 1
         * (SQLite's count), a SELECT -1, a DELETE its rows. */
        exec_ok(c, "INSERT INTO t VALUES (1, 0) ON DUPLICATE KEY UPDATE n = n + 1");
        assert_string_equal(query_value(c, "SELECT ROW_COUNT()"), "2");
        lw_value id = LW_INT(10 + round);
        assert_int_equal(lw_exec(c, "INSERT INTO t VALUES (?, 0)", &id, 1), 0);
        assert_string_equal(query_value(c, "SELECT ROW_COUNT()"), "1");
        assert_string_equal(query_value(c, "SELECT n FROM t WHERE id = 1"), round == 0   ? "1"
                                                                            : round == 1 ? "2"
                                                                                         : "3");
        assert_string_equal(query_value(c, "SELECT ROW_COUNT()"), "-1");
        assert_int_equal(lw_exec(c, "DELETE FROM t WHERE id = ?", &id, 1), 0);
        assert_string_equal(query_value(c, "SELECT ROW_COUNT()"), "1");
        /* A warning stays for SHOW WARNINGS (which keeps it) until a statement that uses
         * a table clears it. */
        exec_ok(c, "SELECT CAST('1x' AS SIGNED)");
        assert_string_equal(query_value(c, "SELECT @@warning_count"), "1");
        assert_string_equal(query_value(c, "SHOW WARNINGS"), "Warning");
        assert_string_equal(query_value(c, "SELECT @@warning_count"), "1");
        exec_ok(c, "UPDATE t SET n = n WHERE id = 1");
        assert_string_equal(query_value(c, "SELECT @@warning_count"), "0");
        /* A READ ONLY transaction refuses the cached write (1792), then takes it after. */
        exec_ok(c, "START TRANSACTION READ ONLY");
        assert_int_equal(lw_exec(c, "INSERT INTO t VALUES (?, 0)", &id, 1), LW_ESQL);
        assert_int_equal(lw_error_mysql_errno(lw_last_error(c)), 1792);
        exec_ok(c, "COMMIT");
        /* DDL commits the open transaction before it runs. */
        exec_ok(c, "START TRANSACTION");
        assert_int_equal(lw_exec(c, "INSERT INTO t VALUES (?, 0)", &id, 1), 0);
        exec_ok(c, "CREATE TABLE IF NOT EXISTS u (id INT)");
        exec_ok(c, "ROLLBACK");
        assert_string_equal(query_value(c, "SELECT count(*) FROM t WHERE id >= 10"), "1");
        assert_int_equal(lw_exec(c, "DELETE FROM t WHERE id = ?", &id, 1), 0);
    }
    lw_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statement_facts),
        cmocka_unit_test(test_cached_statements),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
