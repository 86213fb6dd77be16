/*
 * The shim's lexer and URL parser, alone (no database): token types and offsets for
 * every construct the lexer knows, errors for unterminated input, and every URL form
 * and option with the messages that name a bad one.
 */
#include "lw_test.h"

#include "core/lexer.h"
#include "core/shim_int.h"

/* Lexes text and renders its meaningful tokens as "type:text" joined by spaces, with
 * parameters as "param<kind>:text". Returns a malloc'ed string or "ERROR: msg@off". */
static char *render(const char *text, unsigned flags)
{
    lw_tokens toks = {0};
    lw_lex_error err = {NULL, 0};
    char buf[4096];
    size_t len = 0;
    buf[0] = 0;
    int rc = lw_lex(text, strlen(text), flags, &toks, &err);
    if (rc) {
        snprintf(buf, sizeof buf, "ERROR: %s@%zu", err.message, err.offset);
    } else {
        size_t covered = 0;
        for (size_t i = 0; i < toks.len; i++) {
            const lw_token *t = &toks.items[i];
            assert_int_equal(t->offset, covered); /* tokens tile the text */
            covered += t->length;
            if (lw_token_is_blank(t))
                continue;
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s%s:%.*s", len ? " " : "",
                                    lw_token_type_name(t->type),
                                    t->type == LW_TK_PARAM    ? (t->kind == LW_PARAM_QMARK      ? "?"
                                                                 : t->kind == LW_PARAM_FORMAT   ? "%"
                                                                 : t->kind == LW_PARAM_NUMBERED ? "#"
                                                                                                : "@")
                                    : t->type == LW_TK_STRING ? (t->kind == LW_STR_DOLLAR   ? "$"
                                                                 : t->kind == LW_STR_ESCAPE ? "E"
                                                                                            : "")
                                                              : "",
                                    (int)t->length, text + t->offset);
        }
        assert_int_equal(covered, strlen(text));
    }
    lw_tokens_free(&toks);
    return strdup(buf);
}

#define assert_lex(text, flags, expected)                                                          \
    do {                                                                                           \
        char *got_ = render((text), (flags));                                                      \
        assert_string_equal(got_, (expected));                                                     \
        free(got_);                                                                                \
    } while (0)

/* 1. Strings of every kind, and parameters inside them are not parameters. */
static void test_lexer_strings(void **state)
{
    (void)state;
    assert_lex("SELECT 'a''?b'", 0, "word:SELECT string:'a''?b'");
    assert_lex("E'\\'?' e'x'", 0, "stringE:E'\\'?' stringE:e'x'");
    assert_lex("$$a ? 'b$$", 0, "string$:$$a ? 'b$$");
    assert_lex("$fn$ x $$ y $fn$ z", 0, "string$:$fn$ x $$ y $fn$ word:z");
    assert_lex("U&'\\0041' X'ab' B'01' N'n'", 0,
               "string:U&'\\0041' string:X'ab' string:B'01' string:N'n'");
    assert_lex("'it\\'s'", LW_LEX_BACKSLASH_STRINGS, "stringE:'it\\'s'");
    assert_lex("\"dq\"", LW_LEX_DQ_STRINGS, "string:\"dq\"");
}

/* 2. Identifiers and comments. */
static void test_lexer_identifiers_comments(void **state)
{
    (void)state;
    assert_lex("\"a\"\"?\" `b?` [c?]", 0, "qident:\"a\"\"?\" qident:`b?` qident:[c?]");
    assert_lex("a[1]", LW_LEX_NO_BRACKET_IDENT, "word:a lbracket:[ number:1 rbracket:]");
    assert_lex("a -- ? x\nb", 0, "word:a word:b");
    assert_lex("a /* ? /* ? */ b", 0, "word:a word:b");
    assert_lex("a /* ? /* ? */ b */ c", LW_LEX_NESTED_COMMENTS, "word:a word:c");
    assert_lex("a # ?\nb", LW_LEX_HASH_COMMENTS, "word:a word:b");
    assert_lex("straße_1 $x", 0, "word:straße_1 param@:$x");
}

/* 3. Every parameter style, and the operators that look like them. */
static void test_lexer_params(void **state)
{
    (void)state;
    assert_lex("? ?12 $1 :1 :name @name $name %s %(name)s", 0,
               "param?:? param#:?12 param#:$1 param#::1 param@::name param@:@name "
               "param@:$name param%:%s param@:%(name)s");
    assert_lex("a::int b->'k' c->>'k' d@>e f<@g h||i j%%k", 0,
               "word:a operator::: word:int word:b operator:-> string:'k' word:c operator:->> "
               "string:'k' word:d operator:@> word:e word:f operator:<@ word:g word:h "
               "operator:|| word:i word:j operator:%% word:k");
    assert_lex("x % y x%size", 0, "word:x operator:% word:y word:x operator:% word:size");
    assert_lex("1 1.5 .5 1e-3 0x1F 1..2", 0,
               "number:1 number:1.5 number:.5 number:1e-3 number:0x1F number:1 dot:. number:.2");
    assert_lex("a := 1", 0, "word:a operator::= number:1");
}

/* 4. Unterminated input is an error naming what and where. */
static void test_lexer_errors(void **state)
{
    (void)state;
    assert_lex("SELECT 'abc", 0, "ERROR: unterminated quoted string@7");
    assert_lex("SELECT $$abc", 0, "ERROR: unterminated dollar-quoted string@7");
    assert_lex("SELECT /* a", 0, "ERROR: unterminated /* comment@7");
    assert_lex("SELECT /* a /* b */", LW_LEX_NESTED_COMMENTS, "ERROR: unterminated /* comment@7");
    assert_lex("SELECT \"abc", 0, "ERROR: unterminated quoted identifier@7");
    assert_lex("", 0, "");
}

/* 4c. MySQL's rules: executable comments by version, "--" a comment only before a space,
 * variables instead of parameters, identifiers that start with digits. */
static void test_lexer_mysql(void **state)
{
    (void)state;
    const unsigned my = LW_LEX_HASH_COMMENTS | LW_LEX_BACKSLASH_STRINGS | LW_LEX_DQ_STRINGS |
                        LW_LEX_DASH_SPACE | LW_LEX_EXEC_COMMENTS | LW_LEX_VARIABLES |
                        LW_LEX_DIGIT_IDENTS;
    /* The body of an executable comment is SQL when its version is at most the dialect's. */
    assert_lex("1 /*!50700 + 2 */ /*!100612 + 3 */ /*! + 4 */", my | LW_LEX_VERSION(100611),
               "number:1 operator:+ number:2 operator:+ number:4");
    assert_lex("1 /*M!100500 + 2 */", my | LW_LEX_MARIADB_COMMENTS | LW_LEX_VERSION(101100),
               "number:1 operator:+ number:2");
    assert_lex("1 /*M!100500 + 2 */", my | LW_LEX_VERSION(80000), "number:1");
    assert_lex("1 /*!+ 2 */", 0, "number:1");
    assert_lex("/*! 'a */", my, "ERROR: unterminated quoted string@4");
    assert_lex("/*!1", my, "ERROR: unterminated /* comment@0");
    /* "--" starts a comment only before a blank or a control character. */
    assert_lex("1--1, 2 -- c\n, 3 --\n", my,
               "number:1 operator:- operator:- number:1 comma:, number:2 comma:, number:3");
    assert_lex("1--1", 0, "number:1");
    /* Variables are not parameters. */
    assert_lex("@a @'b c' @`d` @@x @@session.sql_mode ?", my,
               "variable:@a variable:@'b c' variable:@`d` variable:@@x "
               "variable:@@session.sql_mode param?:?");
    assert_lex("@a", 0, "param@:@a");
    /* 1a is a name, 12e3 a number. */
    assert_lex("1a 12e3 1e 0x1g 123", my, "word:1a number:12e3 word:1e word:0x1g number:123");
    assert_lex("1a", 0, "number:1 word:a");
}

/* Splits text into statements (lw_statement_end) and joins them, trimmed, by " | ". */
static char *split(const char *text, unsigned flags)
{
    lw_tokens toks = {0};
    lw_lex_error err = {NULL, 0};
    char buf[4096];
    size_t len = 0;
    buf[0] = 0;
    assert_int_equal(lw_lex(text, strlen(text), flags, &toks, &err), 0);
    for (size_t start = 0; start < toks.len;) {
        size_t end = lw_statement_end(text, toks.items, toks.len, start);
        size_t first = lw_tokens_skip_blank(toks.items, end, start);
        if (first < end) {
            size_t last = end;
            while (last > first && lw_token_is_blank(&toks.items[last - 1]))
                last--;
            size_t from = toks.items[first].offset;
            size_t to = toks.items[last - 1].offset + toks.items[last - 1].length;
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%.*s", len ? " | " : "",
                                    (int)(to - from), text + from);
        }
        start = end + 1;
    }
    lw_tokens_free(&toks);
    return strdup(buf);
}

#define assert_split(text, flags, expected)                                                        \
    do {                                                                                           \
        char *got_ = split((text), (flags));                                                       \
        assert_string_equal(got_, (expected));                                                     \
        free(got_);                                                                                \
    } while (0)

/* 4b. Statements end at ';' except inside a stored program's compound body: BEGIN ...
 * END nested to any depth, with IF, CASE, LOOP, WHILE, REPEAT and FOR inside (MariaDB
 * procedures, functions, triggers and events, BEGIN NOT ATOMIC; PostgreSQL's BEGIN
 * ATOMIC; SQLite's trigger bodies). */
static void test_statement_split(void **state)
{
    (void)state;
    const unsigned my = LW_LEX_HASH_COMMENTS | LW_LEX_BACKSLASH_STRINGS | LW_LEX_DQ_STRINGS;
    assert_split("SELECT 1; SELECT 2;", 0, "SELECT 1 | SELECT 2");
    assert_split("BEGIN; INSERT INTO t VALUES (1); COMMIT", 0,
                 "BEGIN | INSERT INTO t VALUES (1) | COMMIT");
    assert_split("CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE c SET n = CASE WHEN n > 0 "
                 "THEN n + 1 ELSE 1 END; INSERT INTO log VALUES (1); END; SELECT 1",
                 0,
                 "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE c SET n = CASE WHEN n > 0 "
                 "THEN n + 1 ELSE 1 END; INSERT INTO log VALUES (1); END | SELECT 1");
    assert_split("CREATE PROCEDURE p(IN x INT) BEGIN SELECT x; SELECT x + 1; END; CALL p(1)", my,
                 "CREATE PROCEDURE p(IN x INT) BEGIN SELECT x; SELECT x + 1; END | CALL p(1)");
    assert_split("CREATE DEFINER=`root`@`localhost` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW "
                 "BEGIN IF NEW.a < 0 THEN SET NEW.a = 0; ELSEIF NEW.a > 9 THEN BEGIN SET NEW.a = "
                 "9; END; END IF; CASE NEW.b WHEN 1 THEN SET NEW.b = 2; ELSE SET NEW.b = CASE "
                 "WHEN NEW.b IS NULL THEN 0 END; END CASE; END; INSERT INTO t VALUES (1)",
                 my,
                 "CREATE DEFINER=`root`@`localhost` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW "
                 "BEGIN IF NEW.a < 0 THEN SET NEW.a = 0; ELSEIF NEW.a > 9 THEN BEGIN SET NEW.a = "
                 "9; END; END IF; CASE NEW.b WHEN 1 THEN SET NEW.b = 2; ELSE SET NEW.b = CASE "
                 "WHEN NEW.b IS NULL THEN 0 END; END CASE; END | INSERT INTO t VALUES (1)");
    assert_split("CREATE OR REPLACE FUNCTION f(n INT) RETURNS INT BEGIN DECLARE i INT DEFAULT 0; "
                 "l: LOOP SET i = i + 1; IF i > n THEN LEAVE l; END IF; END LOOP l; WHILE i > 0 "
                 "DO SET i = i - 1; END WHILE; REPEAT SET i = i + 1; UNTIL i > 2 END REPEAT; "
                 "RETURN i; END; SELECT f(3)",
                 my,
                 "CREATE OR REPLACE FUNCTION f(n INT) RETURNS INT BEGIN DECLARE i INT DEFAULT 0; "
                 "l: LOOP SET i = i + 1; IF i > n THEN LEAVE l; END IF; END LOOP l; WHILE i > 0 "
                 "DO SET i = i - 1; END WHILE; REPEAT SET i = i + 1; UNTIL i > 2 END REPEAT; "
                 "RETURN i; END | SELECT f(3)");
    assert_split("CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM t; END; SELECT 2", my,
                 "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM t; END | SELECT 2");
    assert_split("BEGIN NOT ATOMIC SELECT 1; SELECT 2; END; SELECT 3", my,
                 "BEGIN NOT ATOMIC SELECT 1; SELECT 2; END | SELECT 3");
    /* A body without BEGIN is one statement; a word after '.' is a name. */
    assert_split("CREATE PROCEDURE p() SELECT 1; SELECT 2", my,
                 "CREATE PROCEDURE p() SELECT 1 | SELECT 2");
    assert_split("CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW BEGIN SET NEW.end = 1; SET "
                 "NEW.begin = 2; END; SELECT 1",
                 my,
                 "CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW BEGIN SET NEW.end = 1; SET "
                 "NEW.begin = 2; END | SELECT 1");
    /* PostgreSQL: BEGIN ATOMIC bodies; $$ bodies are strings; other CREATEs end at ';'. */
    assert_split("CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN "
                 "x > 0 THEN x END; SELECT x + 1; END; SELECT f(1)",
                 LW_LEX_NESTED_COMMENTS,
                 "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN "
                 "x > 0 THEN x END; SELECT x + 1; END | SELECT f(1)");
    assert_split("CREATE FUNCTION g() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql; "
                 "SELECT g()",
                 LW_LEX_NESTED_COMMENTS,
                 "CREATE FUNCTION g() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql | "
                 "SELECT g()");
    assert_split(
        "CREATE TABLE procedure_log (begin_at INT, e INT); CREATE INDEX trigger_i ON t (a); "
        "CREATE VIEW v AS SELECT 1 AS function; SELECT 1",
        0,
        "CREATE TABLE procedure_log (begin_at INT, e INT) | CREATE INDEX trigger_i ON t (a) "
        "| CREATE VIEW v AS SELECT 1 AS function | SELECT 1");
}

/* 5. URL forms and defaults. */
static void test_url_forms(void **state)
{
    (void)state;
    lw_url u;
    char *msg = NULL;
    assert_int_equal(lw_url_parse("sqlite::memory:", &u, &msg), 0);
    assert_null(u.path);
    assert_string_equal(u.dialect->name, "sqlite");
    assert_int_equal(u.timeout_ms, 5000);
    assert_int_equal(u.foreign_keys, 1);
    lw_url_free(&u);
    assert_int_equal(lw_url_parse("sqlite:///rel/a%20b.db", &u, &msg), 0);
    assert_string_equal(u.path, "rel/a b.db");
    lw_url_free(&u);
    assert_int_equal(lw_url_parse("sqlite:////abs/x.db?dialect=postgresql&timeout=250&txn="
                                  "deferred&journal_mode=delete&synchronous=full&foreign_keys="
                                  "off&mode=ro&init=PRAGMA%20cache_size%3D10&max_age=1.5",
                                  &u, &msg),
                     0);
    assert_string_equal(u.path, "/abs/x.db");
    assert_string_equal(u.dialect->name, "postgresql");
    assert_int_equal(u.timeout_ms, 250);
    assert_int_equal(u.txn_mode, LW_TXN_DEFERRED);
    assert_string_equal(u.journal_mode, "delete");
    assert_string_equal(u.synchronous, "full");
    assert_int_equal(u.foreign_keys, 0);
    assert_int_equal(u.read_only, 1);
    assert_string_equal(u.init, "PRAGMA cache_size=10");
    assert_true(u.max_age == 1.5);
    lw_url_free(&u);
    const char *dialects[] = {"mysql", "mariadb", "oracle", "sqlite"};
    for (int i = 0; i < 4; i++) {
        char url[64];
        snprintf(url, sizeof url, "sqlite::memory:?dialect=%s", dialects[i]);
        assert_int_equal(lw_url_parse(url, &u, &msg), 0);
        assert_string_equal(u.dialect->name, dialects[i]);
        lw_url_free(&u);
    }
}

/* 5b. Server URLs: the backend, the dialect the scheme implies, likewise's options
 * taken out, libpq's left for libpq; mysql:// parts percent-decoded. */
static void test_url_servers(void **state)
{
    (void)state;
    lw_url u;
    char *msg = NULL;
    assert_int_equal(lw_url_parse("postgresql://u:p@h:5433/app?host=/tmp/s&timeout=250&txn="
                                  "deferred&sslmode=disable&init=SET%20x%3D1&max_age=2&mode=ro"
                                  "&template=tpl&application_name=a%20b",
                                  &u, &msg),
                     0);
    assert_ptr_equal(u.backend, &lw_backend_postgresql);
    assert_string_equal(u.dialect->name, "postgresql");
    assert_string_equal(u.server_uri, "postgresql://u:p@h:5433/app?host=/tmp/s&sslmode=disable"
                                      "&application_name=a%20b");
    assert_int_equal(u.timeout_ms, 250);
    assert_int_equal(u.txn_mode, LW_TXN_DEFERRED);
    assert_string_equal(u.init, "SET x=1");
    assert_true(u.max_age == 2);
    assert_int_equal(u.read_only, 1);
    assert_string_equal(u.template_path, "tpl");
    lw_url_free(&u);
    assert_int_equal(lw_url_parse("postgres:///db?dialect=postgresql", &u, &msg), 0);
    assert_ptr_equal(u.backend, &lw_backend_postgresql);
    assert_string_equal(u.server_uri, "postgres:///db");
    lw_url_free(&u);
    assert_int_equal(lw_url_parse("mysql://us%3Aer:p%40ss@[::1]:3307/my%20app?socket=/tmp/"
                                  "s%26x&timeout=1500&dialect=mariadb",
                                  &u, &msg),
                     0);
    assert_ptr_equal(u.backend, &lw_backend_mariadb);
    assert_string_equal(u.dialect->name, "mariadb");
    assert_string_equal(u.user, "us:er");
    assert_string_equal(u.password, "p@ss");
    assert_string_equal(u.host, "::1");
    assert_int_equal(u.port, 3307);
    assert_string_equal(u.database, "my app");
    assert_string_equal(u.socket, "/tmp/s&x");
    assert_int_equal(u.timeout_ms, 1500);
    lw_url_free(&u);
    assert_int_equal(lw_url_parse("mysql://localhost", &u, &msg), 0);
    assert_string_equal(u.dialect->name, "mysql");
    assert_string_equal(u.host, "localhost");
    assert_null(u.user);
    assert_null(u.password);
    assert_null(u.database);
    assert_int_equal(u.port, 0);
    lw_url_free(&u);
    assert_int_equal(lw_url_parse("mariadb://root@/db", &u, &msg), 0);
    assert_string_equal(u.dialect->name, "mariadb");
    assert_string_equal(u.user, "root");
    assert_null(u.host);
    assert_string_equal(u.database, "db");
    lw_url_free(&u);
}

/* 6. Every bad URL is an error naming the option or the value. */
static void test_url_errors(void **state)
{
    (void)state;
    static const struct {
        const char *url, *fragment;
    } cases[] = {
        {"postgre://x", "invalid connection URL 'postgre://x'"},
        {"sqlite:///", "invalid connection URL"},
        {"sqlite::memory:?colour=red", "unknown URL option 'colour'"},
        {"sqlite::memory:?dialect=db2", "invalid value 'db2' for URL option dialect"},
        {"sqlite::memory:?timeout=-1", "invalid value '-1' for URL option timeout"},
        {"sqlite::memory:?timeout=99999999999", "for URL option timeout"},
        {"sqlite::memory:?txn=later", "invalid value 'later' for URL option txn"},
        {"sqlite::memory:?journal_mode=fast", "for URL option journal_mode"},
        {"sqlite::memory:?synchronous=2x", "for URL option synchronous"},
        {"sqlite::memory:?foreign_keys=maybe", "for URL option foreign_keys"},
        {"sqlite::memory:?mode=rwc", "invalid value 'rwc' for URL option mode"},
        {"sqlite::memory:?max_age=soon", "for URL option max_age"},
        {"sqlite::memory:?timeout", "URL option timeout needs a value"},
        {"sqlite::memory:?timeout=1&timeout=2", "URL option timeout given twice"},
        {"sqlite::memory:?init=%zz", "invalid percent-escape in URL option init"},
        {"sqlite:///x.db?template=t.db", "template needs sqlite::memory:"},
        {"sqlite::memory:?shared=a/b", "for URL option shared"},
        /* Server URLs: options that cannot apply are named, with the reason. */
        {"postgresql://h/db?journal_mode=wal",
         "URL option journal_mode does not apply to a postgresql:// connection"},
        {"postgresql://h/db?synchronous=full", "URL option synchronous does not apply"},
        {"postgresql://h/db?foreign_keys=on", "PostgreSQL always enforces foreign keys"},
        {"mariadb://h/db?foreign_keys=off", "foreign_key_checks"},
        {"postgresql://h/db?shared=x", "URL option shared does not apply"},
        {"mysql://h/db?template=tpl", "MariaDB has no CREATE DATABASE ... TEMPLATE"},
        {"postgresql://h/db?dialect=mysql", "dialect=mysql contradicts the postgresql:// URL"},
        {"mysql://h/db?dialect=postgresql", "dialect=postgresql contradicts the mysql:// URL"},
        {"mysql://h/db?dialect=sqlite", "contradicts"},
        {"mysql://h/db?colour=red", "unknown URL option 'colour'"},
        {"mysql://h:0/db", "invalid port '0'"},
        {"mysql://h:70000/db", "invalid port '70000'"},
        {"mysql://h:/db", "invalid port ''"},
        {"mysql://[::1/db", "'[' without ']'"},
        {"mysql://h/db?socket=", "for URL option socket"},
        {"mysql://h/db?socket=/a&socket=/b", "URL option socket given twice"},
        {"mysql://u%zz@h/db", "invalid percent-escape in the user"},
        {"mariadb://u:p%2@h/db", "invalid percent-escape in the password"},
        {"postgresql://h/db?timeout=soon", "invalid value 'soon' for URL option timeout"},
        {"postgresql://h/db?txn=later", "invalid value 'later' for URL option txn"},
        {"postgresql://h/db?template=", "expected the name of a database"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lw_url u;
        char *msg = NULL;
        int rc = lw_url_parse(cases[i].url, &u, &msg);
        if (rc != LW_EURL || !msg || !strstr(msg, cases[i].fragment))
            fprintf(stderr, "  URL: %s\n  got: %s\n", cases[i].url, msg ? msg : "(none)");
        assert_int_equal(rc, LW_EURL);
        assert_non_null(strstr(msg, cases[i].fragment));
        sqlite3_free(msg);
        lw_url_free(&u);
    }
}

/* 7. Error names and messages come from one table. */
static void test_error_table(void **state)
{
    (void)state;
    assert_string_equal(lw_err_name(LW_ENOMEM), "LW_ENOMEM");
    assert_string_equal(lw_strerror(LW_ERETRY), "transaction conflict: retry the transaction");
    assert_string_equal(lw_err_name(12345), "unknown error");
    /* The header's version is the library's (the build's VERSION): a release that
     * bumps one and not the other fails here. */
    char header[32];
    snprintf(header, sizeof header, "%d.%d.%d", LW_VERSION_MAJOR, LW_VERSION_MINOR,
             LW_VERSION_PATCH);
    assert_string_equal(lw_version_string(), header);
    assert_int_equal(lw_version_hex(), LW_VERSION_HEX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lexer_strings),   cmocka_unit_test(test_lexer_identifiers_comments),
        cmocka_unit_test(test_lexer_params),    cmocka_unit_test(test_lexer_errors),
        cmocka_unit_test(test_statement_split), cmocka_unit_test(test_lexer_mysql),
        cmocka_unit_test(test_url_forms),       cmocka_unit_test(test_url_servers),
        cmocka_unit_test(test_url_errors),      cmocka_unit_test(test_error_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
