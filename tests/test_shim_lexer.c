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

/* 5. MySQL's rules: executable comments by version, "--" a comment only before a space,
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

/* 6. URL forms and defaults. */
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

/* 7. Every bad URL is an error naming the option or the value. */
static void test_url_errors(void **state)
{
    (void)state;
    static const struct {
        const char *url, *fragment;
    } cases[] = {
        {"postgres://x", "invalid connection URL 'postgres://x'"},
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

/* 8. Error names and messages come from one table. */
static void test_error_table(void **state)
{
    (void)state;
    assert_string_equal(lw_err_name(LW_ENOMEM), "LW_ENOMEM");
    assert_string_equal(lw_strerror(LW_ERETRY), "transaction conflict: retry the transaction");
    assert_string_equal(lw_err_name(12345), "unknown error");
    assert_int_equal(lw_version_hex(), LW_VERSION_HEX);
    assert_string_equal(lw_version_string(), LW_VERSION);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lexer_strings), cmocka_unit_test(test_lexer_identifiers_comments),
        cmocka_unit_test(test_lexer_params),  cmocka_unit_test(test_lexer_errors),
        cmocka_unit_test(test_lexer_mysql),   cmocka_unit_test(test_url_forms),
        cmocka_unit_test(test_url_errors),    cmocka_unit_test(test_error_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
