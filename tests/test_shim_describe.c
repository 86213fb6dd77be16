/*
 * The statement description (shim/core/describe.h), alone: what the core reads of a
 * statement before the dialect translates it. Each case renders the description as
 * one line, its kind and the fields that are not zero ("plain lock=1 wait=1"), plus
 * the tokens left for the dialect when locking clauses were removed.
 */
#include "lw_test.h"

#include "core/describe.h"
#include "core/shim_int.h"

/* Describes text (one statement) and renders the description; the kept tokens follow
 * after " | " when locking clauses were removed. Returns a malloc'ed string. */
static char *describe(const char *text, int set_transaction)
{
    lw_tokens toks = {0};
    lw_lex_error err = {NULL, 0};
    assert_int_equal(lw_lex(text, strlen(text), 0, &toks, &err), 0);
    lw_stmt_desc d;
    lw_token *kept = NULL;
    size_t n_kept = 0;
    assert_int_equal(lw_describe(text, toks.items, toks.len, set_transaction, &d, &kept, &n_kept),
                     0);
    static const char *const kinds[] = {"plain", "begin", "commit", "rollback", "empty", "set_txn"};
    static const char *const builds[] = {"-", "index", "table", "all", "reindex"};
    char buf[1024];
    size_t len = (size_t)snprintf(buf, sizeof buf, "%s", kinds[d.kind]);
    const int fields[] = {d.begin_mode, d.access, (int)d.lock, (int)d.wait, (int)d.savepoint};
    const char *const names[] = {"mode", "access", "lock", "wait", "savepoint"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (fields[i])
            len += (size_t)snprintf(buf + len, sizeof buf - len, " %s=%d", names[i], fields[i]);
    if (d.build.what)
        len += (size_t)snprintf(
            buf + len, sizeof buf - len, " build=%s%s%s%s%s", builds[d.build.what],
            d.build.name ? ":" : "", d.build.name ? d.build.name : "",
            d.build.if_not_exists ? " if-not-exists" : "", d.build.qualified ? " qualified" : "");
    if (kept) {
        len += (size_t)snprintf(buf + len, sizeof buf - len, " |");
        for (size_t i = 0; i < n_kept; i++)
            if (!lw_token_is_blank(&kept[i]))
                len += (size_t)snprintf(buf + len, sizeof buf - len, " %.*s", (int)kept[i].length,
                                        text + kept[i].offset);
    }
    sqlite3_free(kept);
    lw_stmt_desc_free(&d);
    lw_tokens_free(&toks);
    return strdup(buf);
}

/* One statement, whether the dialect applies SET TRANSACTION, and its description. */
typedef struct describe_case {
    const char *sql;
    int set_transaction;
    const char *expected;
} describe_case;

static void check_cases(const describe_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *got = describe(cases[i].sql, cases[i].set_transaction);
        if (strcmp(got, cases[i].expected) != 0)
            print_error("statement: %s\n", cases[i].sql);
        assert_string_equal(got, cases[i].expected);
        free(got);
    }
}

#define CHECK_CASES(cases) check_cases((cases), sizeof(cases) / sizeof(cases)[0])

/* 1. Transaction control: the forms the core runs itself, and the ones it leaves. */
static void test_describe_transactions(void **state)
{
    (void)state;
    static const describe_case cases[] = {
        {"  -- nothing\n", 0, "empty"},
        {"BEGIN", 0, "begin"},
        {"begin immediate transaction", 0, "begin mode=2"},
        {"START TRANSACTION ISOLATION LEVEL READ COMMITTED, READ ONLY", 0, "begin access=1"},
        {"BEGIN READ WRITE", 0, "begin access=2"},
        /* An unknown characteristic: SQLite judges the statement, nothing half-read stays. */
        {"BEGIN READ ONLY DEFERRABLE", 0, "plain"},
        {"START", 0, "plain"},
        /* SET TRANSACTION is transaction control only where the dialect says so. */
        {"SET TRANSACTION READ ONLY", 1, "set_txn access=1"},
        {"SET TRANSACTION READ ONLY", 0, "plain"},
        {"SET TRANSACTION IMMEDIATE", 1, "plain"},
        {"COMMIT WORK", 0, "commit"},
        {"END TRANSACTION", 0, "commit"},
        {"ABORT", 0, "rollback"},
    };
    CHECK_CASES(cases);
}

/* 2. Savepoint commands are plain statements the description names. */
static void test_describe_savepoints(void **state)
{
    (void)state;
    static const describe_case cases[] = {
        {"SAVEPOINT s1", 0, "plain savepoint=1"},
        {"release savepoint s1", 0, "plain savepoint=2"},
        {"ROLLBACK TRANSACTION TO SAVEPOINT s1", 0, "plain savepoint=3"},
        {"ABORT TO s1", 0, "plain"},
        /* Only the words themselves: a longer word that begins like one is not one. */
        {"SAVEPOINTX s1", 0, "plain"},
    };
    CHECK_CASES(cases);
}

/* 3. Locking clauses of a query at depth 0, removed from the tokens left. */
static void test_describe_locking(void **state)
{
    (void)state;
    static const describe_case cases[] = {
        {"SELECT * FROM t WHERE id = 1 FOR UPDATE", 0,
         "plain lock=1 | SELECT * FROM t WHERE id = 1"},
        {"SELECT a FROM t FOR NO KEY UPDATE OF t NOWAIT LIMIT 1", 0,
         "plain lock=1 wait=1 | SELECT a FROM t LIMIT 1"},
        {"select 1 from a, b for key share of a skip locked for update of b", 0,
         "plain lock=1 wait=2 | select 1 from a , b"},
        {"WITH x AS (SELECT 1) SELECT * FROM x FOR SHARE", 0,
         "plain lock=2 | WITH x AS ( SELECT 1 ) SELECT * FROM x"},
        /* Inside parentheses, in a statement that is no query, or FOR in another role. */
        {"SELECT * FROM (SELECT 1 FOR UPDATE)", 0, "plain"},
        {"UPDATE t SET a = 1 FOR UPDATE", 0, "plain"},
        {"SELECT 1 FOR ever", 0, "plain"},
    };
    CHECK_CASES(cases);
}

/* 4. The indexes a CREATE or REINDEX builds. */
static void test_describe_builds(void **state)
{
    (void)state;
    static const describe_case cases[] = {
        {"CREATE UNIQUE INDEX IF NOT EXISTS main.ix ON t (a)", 0,
         "plain build=index:ix if-not-exists qualified"},
        {"CREATE TABLE \"My \"\"T\"\"\" (a)", 0, "plain build=table:My \"T\""},
        {"CREATE TEMP TABLE t (a)", 0, "plain"},
        {"CREATE INDEX aux.ix ON t (a)", 0, "plain"},
        {"REINDEX", 0, "plain build=all"},
        {"REINDEX main.[t]", 0, "plain build=reindex:t qualified"},
        {"REINDEX a b", 0, "plain"},
    };
    CHECK_CASES(cases);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_describe_transactions),
        cmocka_unit_test(test_describe_savepoints),
        cmocka_unit_test(test_describe_locking),
        cmocka_unit_test(test_describe_builds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
