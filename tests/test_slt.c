/*
 * The sqllogictest runner (shim/slt.c) on texts written here: which format a text is
 * read in, SQLite's canonical format (value formatting, sort modes, MD5 hashes, labels,
 * hash-threshold, engines, halt) and likewise's own, where it must agree with
 * tests/differential/mysql:
 * - how a "statement error PATTERN" record is matched. A pattern is searched in the
 *   message, in "SQLSTATE: message" and, when the error has a MySQL errno, in the
 *   mariadb client's "ERRNO (SQLSTATE): message", the form sql_tests/mysql is written
 *   in. The expected texts are read from the shim's own error for the same statement,
 *   so these tests check the matching, not today's numbers or wording of any dialect;
 * - a value with a line break continues its row on the next expected line (SHOW
 *   CREATE TABLE), in likewise's format only.
 *
 * Expected hashes come from coreutils' md5sum over the same bytes (the command is in
 * the comment beside each), never from the code under test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lw_shim_test.h"
#include "slt.h"

/* ---- Helpers ----------------------------------------------------------------------------- */

typedef struct outcome {
    lw_slt_counts counts;
    lw_slt_format format;
    char *log; /* what the runner reported (free) */
} outcome;

/* Runs text on a fresh connection opened from url. */
static outcome run_on(const char *url, const char *text)
{
    outcome o = {0};
    lw_conn *conn = open_ok(url);
    size_t size = 0;
    FILE *log = open_memstream(&o.log, &size);
    assert_non_null(log);
    o.format = lw_slt_run_text(conn, "t.test", text, strlen(text), log, &o.counts);
    fclose(log);
    lw_close(conn);
    return o;
}

/* Runs text on sqlite::memory: and checks the counts; prints the report on a mismatch. */
static outcome expect(const char *text, int passed, int failed, int skipped)
{
    outcome o = run_on("sqlite::memory:", text);
    if (o.counts.passed != passed || o.counts.failed != failed || o.counts.skipped != skipped)
        fprintf(stderr, "  counts %d/%d/%d, report:\n%s", o.counts.passed, o.counts.failed,
                o.counts.skipped, o.log);
    assert_int_equal(o.counts.passed, passed);
    assert_int_equal(o.counts.failed, failed);
    assert_int_equal(o.counts.skipped, skipped);
    return o;
}

static void expect_free(const char *text, int passed, int failed, int skipped)
{
    outcome o = expect(text, passed, failed, skipped);
    free(o.log);
}

static lw_slt_format detect(const char *text)
{
    return lw_slt_detect(text, strlen(text));
}

/* ---- Detection ---------------------------------------------------------------------------- */

static void test_detect_hash_lines(void **state)
{
    (void)state;
    assert_int_equal(detect("hash-threshold 8\n\nstatement ok\nSELECT 1\n"), LW_SLT_CANONICAL);
    assert_int_equal(detect("query I nosort\nSELECT 1\n----\n"
                            "3 values hashing to c0710d6b4f15dfa88f600b0e6b624077\n"),
                     LW_SLT_CANONICAL);
    /* Not a hash line: too few hex digits. */
    assert_int_equal(detect("query T nosort\nSELECT 1\n----\n3 values hashing to c0710d6b\n"),
                     LW_SLT_LIKEWISE);
    /* A hash line decides even against a likewise engine name. */
    assert_int_equal(detect("skipif likewise\nstatement ok\nSELECT 1\n\nhash-threshold 0\n"),
                     LW_SLT_CANONICAL);
}

static void test_detect_engines(void **state)
{
    (void)state;
    assert_int_equal(detect("onlyif likewise\nquery I nosort\nSELECT 1\n----\n1\n"),
                     LW_SLT_LIKEWISE);
    assert_int_equal(detect("onlyif sqlite # a comment\nquery I nosort\nSELECT 1\n----\n1\n"),
                     LW_SLT_CANONICAL);
    assert_int_equal(detect("skipif mssql\nquery I nosort\nSELECT 1\n----\n1\n"), LW_SLT_CANONICAL);
    /* The engine names both formats use decide nothing. */
    assert_int_equal(detect("onlyif postgresql\nquery I nosort\nSELECT 1\n----\n1\n"),
                     LW_SLT_LIKEWISE);
    /* likewise's own name wins over SQLite's names. */
    assert_int_equal(detect("skipif sqlite\nstatement ok\nSELECT 1\n\nskipif likewise\n"
                            "statement ok\nSELECT 2\n"),
                     LW_SLT_LIKEWISE);
}

static void test_detect_result_shape(void **state)
{
    (void)state;
    /* A row per line. */
    assert_int_equal(detect("query IT nosort\nSELECT 1, 'a'\n----\n1|a\n"), LW_SLT_LIKEWISE);
    /* A value per line. */
    assert_int_equal(detect("query IT nosort\nSELECT 1, 'a'\n----\n1\na\n"), LW_SLT_CANONICAL);
    /* A value holding '|' does not make a value-per-line block a row block: one of its
     * lines has fewer than (columns - 1) bars. */
    assert_int_equal(detect("query TI nosort\nSELECT 'x|y', 1\n----\nx|y\n1\n"), LW_SLT_CANONICAL);
    /* The first multi-column block decides; empty blocks and one column do not. */
    assert_int_equal(detect("query II nosort\nSELECT 1, 2 WHERE 0\n----\n\n"
                            "query T nosort\nSELECT 'a|b'\n----\na|b\n\n"
                            "query III nosort\nSELECT 1, 2, 3\n----\n1|2|3\n\n"
                            "query II nosort\nSELECT 1, 2\n----\n1\n2\n"),
                     LW_SLT_LIKEWISE);
    /* Nothing to tell by: likewise's format. */
    assert_int_equal(detect("statement ok\nCREATE TABLE t(a)\n\nquery I nosort\nSELECT 1\n"
                            "----\n1\n"),
                     LW_SLT_LIKEWISE);
    assert_int_equal(detect(""), LW_SLT_LIKEWISE);
}

/* Every file under sql_tests/ is likewise's, except SQLite-format files in sql_tests/slt. */
static void test_detect_project_files(void **state)
{
    (void)state;
    FILE *list = popen("find sql_tests -name '*.test' | sort", "r");
    assert_non_null(list);
    char path[4096];
    int files = 0;
    while (fgets(path, sizeof path, list)) {
        path[strcspn(path, "\n")] = 0;
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        static char text[1 << 20];
        size_t n = fread(text, 1, sizeof text, f);
        fclose(f);
        lw_slt_format want =
            strncmp(path, "sql_tests/slt/canonical_", 24) == 0 ? LW_SLT_CANONICAL : LW_SLT_LIKEWISE;
        if (lw_slt_detect(text, n) != want)
            fprintf(stderr, "  %s detected as the other format\n", path);
        assert_int_equal(lw_slt_detect(text, n), want);
        files++;
    }
    pclose(list);
    assert_true(files > 20);
}

/* ---- SQLite's format ---------------------------------------------------------------------- */

static void test_canonical_values(void **state)
{
    (void)state;
    /* NULL, (empty), '@' for every byte outside ' '..'~' (a tab, each byte of é, DEL),
     * I as SQLite converts to an integer, R with three decimals. */
    outcome o = expect("hash-threshold 0\n\n"
                       "query ITTR nosort\n"
                       "SELECT NULL, '', 'caf' || char(233) || char(9) || char(127), 1.5\n"
                       "----\nNULL\n(empty)\ncaf@@@@\n1.500\n\n"
                       "query IIIIR nosort\n"
                       "SELECT 2.9, -2.9, 'abc', '12abc', 7\n"
                       "----\n2\n-2\n0\n12\n7.000\n\n"
                       "query T nosort\n"
                       "SELECT 'x|y'\n"
                       "----\nx|y\n",
                       3, 0, 0);
    assert_int_equal(o.format, LW_SLT_CANONICAL);
    free(o.log);
    /* A wrong value fails the record and shows both sides. */
    o = expect("hash-threshold 0\n\nquery IT nosort\nSELECT 1, 'a'\n----\n1\nb\n", 0, 1, 0);
    assert_non_null(strstr(o.log, "wrong result"));
    assert_non_null(strstr(o.log, "expected:\n    1\n    b\n  actual:\n    1\n    a\n"));
    free(o.log);
}

static void test_canonical_reals(void **state)
{
    (void)state;
    /* SQLite's printf rounds halves up (glibc's would give 0.062 and -0.062); values from
     * 1e16 keep 16 significant digits, as SQLite's corpus was generated:
     * evidence/slt_lang_aggfunc.test expects -9223372036854776000.000 for -2^63. */
    expect_free("hash-threshold 0\n\nquery RRRRR nosort\n"
                "SELECT 0.0625, -0.0625, 2.0 / 3, -9223372036854775807 - 1.0, 1e20\n"
                "----\n0.063\n-0.063\n0.667\n-9223372036854776000.000\n"
                "100000000000000000000.000\n",
                1, 0, 0);
}

static void test_canonical_sorts(void **state)
{
    (void)state;
    /* rowsort compares value by value: ('a', 'z') before ('a b', 'c'), although the
     * joined rows "a|z" and "a b|c" sort the other way. */
    const char *rows = "hash-threshold 0\n\n"
                       "query TT rowsort\n"
                       "SELECT 'a b', 'c' UNION ALL SELECT 'a', 'z'\n"
                       "----\n%s\n";
    char text[512];
    snprintf(text, sizeof text, rows, "a\nz\na b\nc");
    expect_free(text, 1, 0, 0);
    /* The expected rows may be listed in any order: they are sorted too. */
    snprintf(text, sizeof text, rows, "a b\nc\na\nz");
    expect_free(text, 1, 0, 0);
    /* valuesort sorts every value; nosort keeps the order. */
    expect_free("hash-threshold 0\n\n"
                "query II valuesort\nSELECT 3, 1 UNION ALL SELECT 2, 10\n----\n1\n10\n2\n3\n\n"
                "query II nosort\nSELECT 3, 1 UNION ALL SELECT 2, 10\n----\n3\n1\n2\n10\n\n"
                "query II nosort\nSELECT 3, 1 UNION ALL SELECT 2, 10\n----\n2\n10\n3\n1\n\n"
                "query I bogussort\nSELECT 1\n----\n1\n",
                2, 2, 0);
}

static void test_canonical_hash(void **state)
{
    (void)state;
    /* printf 'a\nz\na b\nc\n' | md5sum: the hash is taken after rowsort. */
    const char *good = "d11920910b358f4ade07827e97c35ba6";
    char text[1024];
    snprintf(text, sizeof text,
             "query TT rowsort\nSELECT 'a b', 'c' UNION ALL SELECT 'a', 'z'\n----\n"
             "4 values hashing to %s\n\n"
             "query TT rowsort\nSELECT 'a b', 'c' UNION ALL SELECT 'a', 'y'\n----\n"
             "4 values hashing to %s\n\n"
             "query TT rowsort\nSELECT 'a b', 'c' UNION ALL SELECT 'a', 'z'\n----\n"
             "5 values hashing to %s\n",
             good, good, good);
    outcome o = expect(text, 1, 2, 0);
    assert_non_null(strstr(o.log, "wrong result hash"));
    free(o.log);
    /* printf '1\n2\n3\n' | md5sum. The hash is checked whatever the threshold; a
     * long result may be listed instead of hashed. */
    expect_free("hash-threshold 100\n\n"
                "query I nosort\nSELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3\n----\n"
                "3 values hashing to c0710d6b4f15dfa88f600b0e6b624077\n\n"
                "hash-threshold 1\n\n"
                "query I nosort\nSELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3\n----\n"
                "1\n2\n3\n",
                2, 0, 0);
}

static void test_canonical_hash_threshold_report(void **state)
{
    (void)state;
    /* Above the threshold a failing result is shown hashed (printf '1\n2\n3\n' | md5sum),
     * at or below it listed; hash-threshold 0 never hashes. */
    const char *query = "query I nosort\nSELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3\n"
                        "----\n1\n2\n4\n";
    char text[512];
    snprintf(text, sizeof text, "hash-threshold 2\n\n%s", query);
    outcome o = expect(text, 0, 1, 0);
    assert_non_null(
        strstr(o.log, "actual:\n    3 values hashing to c0710d6b4f15dfa88f600b0e6b624077\n"));
    free(o.log);
    snprintf(text, sizeof text, "hash-threshold 0\n\n%s", query);
    o = expect(text, 0, 1, 0);
    assert_non_null(strstr(o.log, "actual:\n    1\n    2\n    3\n"));
    free(o.log);
}

static void test_canonical_labels(void **state)
{
    (void)state;
    outcome o = expect("hash-threshold 0\n\n"
                       "query I rowsort label-1\nSELECT 2 UNION ALL SELECT 1\n----\n1\n2\n\n"
                       "query I rowsort label-1\nSELECT 1 UNION ALL SELECT 2\n----\n1\n2\n\n"
                       "query I rowsort label-1\nSELECT 1 UNION ALL SELECT 3\n----\n1\n3\n\n"
                       "query I rowsort label-2\nSELECT 1 UNION ALL SELECT 3\n----\n1\n3\n",
                       3, 1, 0);
    assert_non_null(strstr(o.log, "t.test:15: labeled result [label-1] does not agree"));
    free(o.log);
}

static void test_canonical_records(void **state)
{
    (void)state;
    /* Statements, errors, comment lines inside a record (skipped, as the reference
     * runner skips them), a column count checked even without rows, type letters. */
    outcome o = expect("hash-threshold 0\n\n"
                       "statement ok\nCREATE TABLE t(a INTEGER, b TEXT)\n\n"
                       "statement ok\nINSERT INTO t VALUES(1, 'x');\n"
                       "# a comment between two lines of SQL\n"
                       "INSERT INTO t VALUES(2, 'y')\n\n"
                       "statement error\nINSERT INTO nosuch VALUES(1)\n\n"
                       "statement error no such table\nSELECT * FROM nosuch\n\n"
                       "statement ok\nSELECT * FROM nosuch\n\n"
                       "query IT rowsort\nSELECT * FROM t\n----\n1\n# not a value\nx\n2\ny\n\n"
                       "query II nosort\nSELECT a FROM t WHERE 0\n----\n\n"
                       "query IX nosort\nSELECT a, b FROM t\n----\n\n"
                       "query IT nosort\nSELECT nosuch FROM t\n----\n",
                       5, 4, 0);
    assert_non_null(strstr(o.log, "query returned 1 columns, TYPES 'II' says 2"));
    assert_non_null(strstr(o.log, "TYPES must be letters T, I and R"));
    assert_non_null(strstr(o.log, "query failed: 42703: no such column: nosuch"));
    free(o.log);
}

static void test_canonical_step_error(void **state)
{
    (void)state;
    /* An error while stepping ends the result, as in the reference runner; SQLite's
     * corpus expects it (sum() overflow in evidence/slt_lang_aggfunc.test). likewise's
     * format fails the record. */
    const char *query = "query I nosort\n"
                        "SELECT 1 UNION ALL SELECT abs(-9223372036854775807 - 1)\n----\n1\n";
    char text[512];
    snprintf(text, sizeof text, "hash-threshold 0\n\n%s", query);
    expect_free(text, 1, 0, 0);
    expect_free(query, 0, 1, 0);
    /* When the result is then wrong, the report names the error. */
    outcome o = expect("hash-threshold 0\n\nquery I nosort\n"
                       "SELECT 1 UNION ALL SELECT abs(-9223372036854775807 - 1)\n----\n1\n2\n",
                       0, 1, 0);
    assert_non_null(strstr(o.log, "(the rows ended with an error: XX000: integer overflow)"));
    free(o.log);
}

/* The engine onlyif/skipif see in SQLite's format is the connection's dialect. */
static void test_canonical_engines(void **state)
{
    (void)state;
    static const char *const dialects[][2] = {
        {"sqlite", "sqlite"}, {"postgresql", "postgresql"}, {"mysql", "mysql"},
        {"mariadb", "mysql"}, {"oracle", "oracle"},
    };
    static const char *const engines[] = {"sqlite", "postgresql", "mysql", "oracle", "mssql"};
    for (size_t d = 0; d < sizeof dialects / sizeof dialects[0]; d++) {
        assert_string_equal(lw_slt_engine(dialects[d][0]), dialects[d][1]);
        /* For its own engine, onlyif runs a query and skipif skips SQL that would fail;
         * for every other engine, the other way round. So a wrong engine fails. */
        char text[4096] = "hash-threshold 0\n\n";
        for (size_t e = 0; e < sizeof engines / sizeof engines[0]; e++) {
            int own = strcmp(engines[e], dialects[d][1]) == 0;
            const char *query = "query I nosort\nSELECT 1\n----\n1\n\n";
            const char *bad = "statement ok\nNOT SQL\n\n";
            char rec[256];
            snprintf(rec, sizeof rec, "onlyif %s\n%sskipif %s\n%s", engines[e], own ? query : bad,
                     engines[e], own ? bad : query);
            strcat(text, rec);
        }
        char url[64];
        snprintf(url, sizeof url, "sqlite::memory:?dialect=%s", dialects[d][0]);
        outcome o = run_on(url, text);
        if (o.counts.failed)
            fprintf(stderr, "  %s:\n%s", url, o.log);
        assert_int_equal(o.counts.failed, 0);
        assert_int_equal(o.counts.passed, 5);
        assert_int_equal(o.counts.skipped, 5);
        free(o.log);
    }
    /* Engine names are compared without regard to case. */
    expect_free("hash-threshold 0\n\nonlyif SQLite\nquery I nosort\nSELECT 1\n----\n1\n", 1, 0, 0);
}

static void test_canonical_halt(void **state)
{
    (void)state;
    expect_free("hash-threshold 0\n\n"
                "onlyif oracle\nhalt\n\n"
                "statement ok\nSELECT 1\n\n"
                "halt\n\n"
                "statement ok\nNOT SQL\n",
                1, 0, 1);
}

/* ---- likewise's format -------------------------------------------------------------------- */

static void test_likewise_format(void **state)
{
    (void)state;
    /* A row per line, values as the dialect displays them (2.9 stays 2.9 in an I
     * column, é stays é), rowsort on the joined rows, the engine "likewise". */
    outcome o = expect("query IT rowsort\nSELECT 2.9, 'café' UNION ALL SELECT 1, NULL\n----\n"
                       "2.9|café\n1|NULL\n\n"
                       "query II valuesort\nSELECT 3, 1 UNION ALL SELECT 2, ''\n----\n"
                       "(empty)|1\n2|3\n\n"
                       "onlyif likewise\nquery R nosort\nSELECT 0.0625\n----\n0.062\n\n"
                       "onlyif sqlite\nstatement ok\nNOT SQL\n\n"
                       "skipif likewise\nstatement ok\nNOT SQL\n\n"
                       "statement error 42P01\nSELECT * FROM nosuch\n\n"
                       "statement error no such column\nSELECT nosuch\n\n"
                       "statement error [\nSELECT nosuch\n\n"
                       "query II nosort\nSELECT 1\n----\n1\n\n"
                       "frobnicate\n",
                       5, 3, 2);
    assert_int_equal(o.format, LW_SLT_LIKEWISE);
    assert_non_null(strstr(o.log, "invalid error pattern"));
    assert_non_null(strstr(o.log, "unknown record type"));
    free(o.log);
}

/* lw_slt_run on files: one line per file and a total; a missing file is a failure. */
static void test_run_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/lw_slt_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char good[128], bad[128], missing[128];
    snprintf(good, sizeof good, "%s/good.test", dir);
    snprintf(bad, sizeof bad, "%s/bad.test", dir);
    snprintf(missing, sizeof missing, "%s/missing.test", dir);
    FILE *f = fopen(good, "w");
    fputs("hash-threshold 8\n\nquery II nosort\nSELECT 1, 2\n----\n1\n2\n", f);
    fclose(f);
    f = fopen(bad, "w");
    fputs("query I nosort\nSELECT 1\n----\n2\n", f);
    fclose(f);
    char *files[] = {good, bad, missing};
    assert_int_equal(lw_slt_run("sqlite::memory:", 1, files), 0);
    assert_int_equal(lw_slt_run("sqlite::memory:", 2, files), 1);
    assert_int_equal(lw_slt_run("sqlite::memory:", 1, files + 2), 1);
    unlink(good);
    unlink(bad);
    rmdir(dir);
}

/* ---- MySQL error form and line breaks ---------------------------------------------------- */

#define MARIADB_URL "sqlite::memory:?dialect=mariadb"
#define SETUP "CREATE TABLE t (a INT PRIMARY KEY); INSERT INTO t VALUES (1)"
#define FAILING "INSERT INTO t VALUES (1)"

/* The error FAILING gets after SETUP, as errno, SQLSTATE and message. */
static void shim_error(int *mysql_errno, char *sqlstate, char *message, size_t size)
{
    lw_conn *conn = open_ok(MARIADB_URL);
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

/* Runs text on a mariadb connection; returns the number of failed records. */
static int failures_on_mariadb(const char *text)
{
    outcome o = run_on(MARIADB_URL, text);
    free(o.log);
    return o.counts.failed;
}

/* Runs SETUP, then FAILING expected to fail with pattern; returns the failures. */
static int failures_with_pattern(const char *pattern)
{
    char text[2048];
    snprintf(text, sizeof text, "statement ok\n%s\n\nstatement error %s\n%s\n", SETUP, pattern,
             FAILING);
    return failures_on_mariadb(text);
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
    assert_int_equal(failures_with_pattern(pattern), 0);
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
    assert_int_equal(failures_with_pattern(pattern), 1);
    snprintf(pattern, sizeof pattern, "^%d \\(00000\\): %s$", mysql_errno, escaped);
    assert_int_equal(failures_with_pattern(pattern), 1);
    snprintf(pattern, sizeof pattern, "^%d \\(%s\\): %sX$", mysql_errno, sqlstate, escaped);
    assert_int_equal(failures_with_pattern(pattern), 1);
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
    assert_int_equal(failures_with_pattern(pattern), 0);
    snprintf(pattern, sizeof pattern, "^%s: %s$", sqlstate, escaped);
    assert_int_equal(failures_with_pattern(pattern), 0);
}

/* 'a\nb' (MySQL's escape, a line break) is expected on two lines; on one line it
 * fails. Before rows were split at line breaks, the two-line form failed. The first
 * two-column result decides the format (a row per line), as in sql_tests/mysql. */
#define ROW_PER_LINE "query II nosort\nSELECT 1, 2\n----\n1|2\n\n"

static void test_line_break_continues_row(void **state)
{
    (void)state;
    assert_int_equal(
        failures_on_mariadb(ROW_PER_LINE "query TT nosort\nSELECT 'a\\nb', 'c'\n----\na\nb|c\n"),
        0);
    assert_int_equal(
        failures_on_mariadb(ROW_PER_LINE "query TT nosort\nSELECT 'c', 'a\\nb'\n----\nc|a\nb\n"),
        0);
    assert_int_equal(
        failures_on_mariadb(ROW_PER_LINE "query TT nosort\nSELECT 'a\\nb', 'c'\n----\na b|c\n"), 1);
    assert_int_equal(
        failures_on_mariadb(ROW_PER_LINE "query TT nosort\nSELECT 'a\\nb', 'c'\n----\na\n"), 1);
}

/* SQLite's format prints a line break as '@' (every byte below ' '), as its reference
 * runner does: the value stays on one line. */
static void test_canonical_line_break_is_one_value(void **state)
{
    (void)state;
    expect_free("hash-threshold 8\n\nquery TT nosort\nSELECT 'a' || char(10) || 'b', 'c'\n----\n"
                "a@b\nc\n",
                1, 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect_hash_lines),
        cmocka_unit_test(test_detect_engines),
        cmocka_unit_test(test_detect_result_shape),
        cmocka_unit_test(test_detect_project_files),
        cmocka_unit_test(test_canonical_values),
        cmocka_unit_test(test_canonical_reals),
        cmocka_unit_test(test_canonical_sorts),
        cmocka_unit_test(test_canonical_hash),
        cmocka_unit_test(test_canonical_hash_threshold_report),
        cmocka_unit_test(test_canonical_labels),
        cmocka_unit_test(test_canonical_records),
        cmocka_unit_test(test_canonical_step_error),
        cmocka_unit_test(test_canonical_engines),
        cmocka_unit_test(test_canonical_halt),
        cmocka_unit_test(test_likewise_format),
        cmocka_unit_test(test_run_files),
        cmocka_unit_test(test_mysql_form_matches),
        cmocka_unit_test(test_mysql_form_mismatch_fails),
        cmocka_unit_test(test_message_and_sqlstate_forms_still_match),
        cmocka_unit_test(test_line_break_continues_row),
        cmocka_unit_test(test_canonical_line_break_is_one_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
