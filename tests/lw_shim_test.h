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

#endif
