/*
 * The sqllogictest runner (shim/slt.c) as lwsql --slt uses it, where it must agree
 * with tests/differential/mysql:
 * - how a "statement error PATTERN" record is matched. A pattern is searched in the
 *   message, in "SQLSTATE: message" and, when the error has a MySQL errno, in the
 *   mariadb client's "ERRNO (SQLSTATE): message", the form sql_tests/mysql is written
 *   in. The expected texts are read from the shim's own error for the same statement,
 *   so these tests check the matching, not today's numbers or wording of any dialect;
 * - a value with a line break continues its row on the next expected line (SHOW
 *   CREATE TABLE).
 */
#include "lw_shim_test.h"

#include <fcntl.h>
#include <unistd.h>

#include "slt.h"

#define URL "sqlite::memory:?dialect=mariadb"
#define SETUP "CREATE TABLE t (a INT PRIMARY KEY); INSERT INTO t VALUES (1)"
#define FAILING "INSERT INTO t VALUES (1)"

static char path[64];

static int make_file(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/lw_test_slt_%d.test", (int)getpid());
    return 0;
}

static int remove_file(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

/* The error FAILING gets after SETUP, as errno, SQLSTATE and message. */
static void shim_error(int *mysql_errno, char *sqlstate, char *message, size_t size)
{
    lw_conn *conn = open_ok(URL);
    exec_ok(conn, SETUP);
    assert_int_not_equal(lw_exec(conn, FAILING, NULL, 0), 0);
    const lw_error *e = lw_last_error(conn);
    *mysql_errno = lw_error_mysql_errno(e);
    snprintf(sqlstate, 6, "%s", lw_error_sqlstate(e));
    snprintf(message, size, "%s", lw_error_message(e));
    lw_close(conn);
}

/* s with every character a POSIX ERE gives a meaning to preceded by a backslash. */
static void ere_escape(char *out, size_t size, const char *s)
{
    size_t n = 0;
    for (; *s && n + 3 < size; s++) {
        if (strchr("\\.[](){}*+?|^$", *s))
            out[n++] = '\\';
        out[n++] = *s;
    }
    out[n] = 0;
}

/* Runs the file holding text, its output discarded; returns lw_slt_run's status (0:
 * every record passed). */
static int run_file_text(const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    fflush(stdout);
    fflush(stderr);
    int saved_out = dup(1), saved_err = dup(2), null = open("/dev/null", O_WRONLY);
    assert_true(saved_out >= 0 && saved_err >= 0 && null >= 0);
    dup2(null, 1);
    dup2(null, 2);
    char *files[] = {path};
    int status = lw_slt_run(URL, 1, files);
    fflush(stdout);
    fflush(stderr);
    dup2(saved_out, 1);
    dup2(saved_err, 2);
    close(saved_out);
    close(saved_err);
    close(null);
    return status;
}

/* Runs SETUP, then FAILING expected to fail with pattern. */
static int run_with_pattern(const char *pattern)
{
    char text[2048];
    snprintf(text, sizeof text, "statement ok\n%s\n\nstatement error %s\n%s\n", SETUP, pattern,
             FAILING);
    return run_file_text(text);
}

/* The whole MySQL form, anchored at both ends, matches; before the runner searched
 * this form, no text began with the errno, so this record failed. */
static void test_mysql_form_matches(void **state)
{
    (void)state;
    int mysql_errno;
    char sqlstate[6], message[512], escaped[1100], pattern[1200];
    shim_error(&mysql_errno, sqlstate, message, sizeof message);
    assert_int_not_equal(mysql_errno, 0);
    ere_escape(escaped, sizeof escaped, message);
    snprintf(pattern, sizeof pattern, "^%d \\(%s\\): %s$", mysql_errno, sqlstate, escaped);
    assert_int_equal(run_with_pattern(pattern), 0);
}

/* Another errno, another SQLSTATE or another message in the MySQL form fails. */
static void test_mysql_form_mismatch_fails(void **state)
{
    (void)state;
    int mysql_errno;
    char sqlstate[6], message[512], escaped[1100], pattern[1200];
    shim_error(&mysql_errno, sqlstate, message, sizeof message);
    ere_escape(escaped, sizeof escaped, message);
    snprintf(pattern, sizeof pattern, "^%d \\(%s\\): %s$", mysql_errno + 1, sqlstate, escaped);
    assert_int_equal(run_with_pattern(pattern), 1);
    snprintf(pattern, sizeof pattern, "^%d \\(00000\\): %s$", mysql_errno, escaped);
    assert_int_equal(run_with_pattern(pattern), 1);
    snprintf(pattern, sizeof pattern, "^%d \\(%s\\): %sX$", mysql_errno, sqlstate, escaped);
    assert_int_equal(run_with_pattern(pattern), 1);
}

/* The forms searched before stay: the message alone and "SQLSTATE: message". */
static void test_message_and_sqlstate_forms_still_match(void **state)
{
    (void)state;
    int mysql_errno;
    char sqlstate[6], message[512], escaped[1100], pattern[1200];
    shim_error(&mysql_errno, sqlstate, message, sizeof message);
    ere_escape(escaped, sizeof escaped, message);
    snprintf(pattern, sizeof pattern, "^%s$", escaped);
    assert_int_equal(run_with_pattern(pattern), 0);
    snprintf(pattern, sizeof pattern, "^%s: %s$", sqlstate, escaped);
    assert_int_equal(run_with_pattern(pattern), 0);
}

/* 'a\nb' (MySQL's escape, a line break) is expected on two lines; on one line it
 * fails. Before rows were split at line breaks, the two-line form failed. */
static void test_line_break_continues_row(void **state)
{
    (void)state;
    assert_int_equal(run_file_text("query TT nosort\nSELECT 'a\\nb', 'c'\n----\na\nb|c\n"), 0);
    assert_int_equal(run_file_text("query TT nosort\nSELECT 'a\\nb', 'c'\n----\na b|c\n"), 1);
    assert_int_equal(run_file_text("query TT nosort\nSELECT 'a\\nb', 'c'\n----\na\n"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mysql_form_matches),
        cmocka_unit_test(test_mysql_form_mismatch_fails),
        cmocka_unit_test(test_message_and_sqlstate_forms_still_match),
        cmocka_unit_test(test_line_break_continues_row),
    };
    return cmocka_run_group_tests(tests, make_file, remove_file);
}
