/*
 * Shared helpers for the cmocka programs that test through the shim's C API
 * (shim/likewise.h): open a connection or run a statement, failing the test with
 * the shim's message when it does not succeed.
 */
#ifndef LW_SHIM_TEST_H
#define LW_SHIM_TEST_H

#include "lw_test.h"
#include "likewise.h"

static inline lw_conn *open_ok(const char *url)
{
    lw_conn *conn = NULL;
    lw_error *err = NULL;
    int rc = lw_open(url, &conn, &err);
    if (rc)
        fprintf(stderr, "  lw_open(%s): %s\n", url, lw_error_message(err));
    assert_int_equal(rc, 0);
    assert_null(err);
    return conn;
}

static inline void exec_ok(lw_conn *conn, const char *sql)
{
    int rc = lw_exec(conn, sql, NULL, 0);
    if (rc)
        fprintf(stderr, "  SQL: %s\n  error: %s\n", sql, lw_error_message(lw_last_error(conn)));
    assert_int_equal(rc, 0);
}

/* The first column of sql's first row as the dialect's client shows it ("NULL" for
 * NULL), in a static buffer; the query must succeed and return a row. */
static inline const char *query_value(lw_conn *conn, const char *sql)
{
    static char buf[256];
    lw_rows *rows = NULL;
    assert_int_equal(lw_query(conn, sql, NULL, 0, &rows), 0);
    assert_int_equal(lw_rows_next(rows), LW_ROW);
    const char *v = lw_column_display(rows, 0);
    snprintf(buf, sizeof buf, "%s", v ? v : "NULL");
    lw_rows_close(rows);
    return buf;
}

/* The first row of sql (run with values) as the mariadb client shows it: its columns
 * joined by '|' ("NULL" for NULL), "(no rows)", or "ERROR <errno> (<sqlstate>):
 * <message>" when it fails; in a static buffer. */
static inline const char *mysql_display(lw_conn *conn, const char *sql, const lw_value *values,
                                        int n)
{
    static char buf[2048];
    lw_rows *rows = NULL;
    int rc = lw_query(conn, sql, values, n, &rows);
    if (rc == 0)
        rc = lw_rows_next(rows);
    if (rc < 0) {
        const lw_error *e = lw_last_error(conn);
        snprintf(buf, sizeof buf, "ERROR %d (%s): %s", lw_error_mysql_errno(e),
                 lw_error_sqlstate(e), lw_error_message(e));
    } else if (rc == LW_DONE) {
        snprintf(buf, sizeof buf, "(no rows)");
    } else {
        size_t len = 0;
        buf[0] = 0;
        for (int i = 0; i < lw_column_count(rows) && len < sizeof buf; i++) {
            const char *v = lw_column_display(rows, i);
            len +=
                (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", i ? "|" : "", v ? v : "NULL");
        }
    }
    lw_rows_close(rows);
    return buf;
}

#endif
