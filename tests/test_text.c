/* Unit tests of the text module: the plain-C core (case mapping, normalization, the
 * LIKE matcher against a reference) and the SQL functions. */
#include "lw_test.h"
#include "like_reference.h"
#include "common/utf8.h"
#include "text/like.h"
#include "text/text.h"

/* Runs a core transformation and compares its result; frees it. */
static void check_case(const char *locale, lw_case_op op, const char *in, const char *expected)
{
    lw_casemap *map = NULL;
    UErrorCode status;
    if (locale)
        assert_int_equal(lw_casemap_open(locale, &map, &status), LW_TEXT_OK);
    char *out = NULL;
    size_t out_len = 0;
    int64_t bad = 0;
    assert_int_equal(lw_text_case(map, op, in, strlen(in), &out, &out_len, &bad, &status),
                     LW_TEXT_OK);
    assert_string_equal(out, expected);
    assert_int_equal(out_len, strlen(expected));
    sqlite3_free(out);
    lw_casemap_close(map);
}

static void test_utf8_validation(void **state)
{
    (void)state;
    assert_int_equal(lw_utf8_invalid_offset("abc", 3), -1);
    assert_int_equal(lw_utf8_invalid_offset("a\xc3\xa9z", 4), -1);
    assert_int_equal(lw_utf8_invalid_offset("ab\xff", 3), 2);
    assert_int_equal(lw_utf8_invalid_offset("a\xc3", 2), 1);            /* truncated */
    assert_int_equal(lw_utf8_invalid_offset("\xc0\xaf", 2), 0);         /* overlong */
    assert_int_equal(lw_utf8_invalid_offset("x\xed\xa0\x80", 4), 1);    /* surrogate */
    assert_int_equal(lw_utf8_invalid_offset("\xf4\x90\x80\x80", 4), 0); /* > U+10FFFF */
    assert_int_equal(lw_utf8_invalid_offset("\xf0\x9f\x98\x80", 4), -1);
}

static void test_case_mapping_changes_length(void **state)
{
    (void)state;
    check_case(NULL, LW_CASE_UPPER, "straße", "STRASSE");
    check_case(NULL, LW_CASE_LOWER, "ẞ", "ß");
    check_case(NULL, LW_CASE_LOWER, "ΣΑΣ ΣΑΣ.", "σας σας.");
    check_case(NULL, LW_CASE_FOLD, "Straße", "strasse");
    check_case(NULL, LW_CASE_LOWER, "ÀB", "àb");
    check_case(NULL, LW_CASE_UPPER, "abc", "ABC");
    check_case("tr", LW_CASE_UPPER, "i", "İ");
    check_case("tr", LW_CASE_LOWER, "I", "ı");
    check_case("az", LW_CASE_LOWER, "DIŞ", "dış");
    check_case("de", LW_CASE_LOWER, "I", "i");
    check_case("tr", LW_CASE_FOLD, "I", "i"); /* folding is locale-independent */
}

/* Long inputs whose result outgrows the first buffer take the retry path. */
static void test_case_mapping_grows_past_first_guess(void **state)
{
    (void)state;
    enum { N = 5000 };
    char *in = malloc(2 * N + 1), *expected = malloc(6 * N + 1);
    for (int i = 0; i < N; i++) {
        memcpy(in + 2 * i, "\xce\x90", 2);                       /* U+0390, 2 bytes */
        memcpy(expected + 6 * i, "\xce\x99\xcc\x88\xcc\x81", 6); /* U+0399 U+0308 U+0301 */
    }
    in[2 * N] = 0;
    expected[6 * N] = 0;
    check_case(NULL, LW_CASE_UPPER, in, expected);
    free(in);
    free(expected);
}

static void test_case_mapping_rejects_invalid_utf8(void **state)
{
    (void)state;
    char *out = (char *)1;
    size_t out_len;
    int64_t bad = -1;
    UErrorCode status;
    assert_int_equal(
        lw_text_case(NULL, LW_CASE_LOWER, "AB\xc3\xa9\xff", 5, &out, &out_len, &bad, &status),
        LW_TEXT_INVALID_UTF8);
    assert_null(out);
    assert_int_equal(bad, 4);
}

/* simple_upper: one code point to one, whatever the width of each in UTF-8. */
static void check_simple_upper(const char *in, const char *expected)
{
    char *out = NULL;
    size_t out_len = 0;
    int64_t bad = 0;
    assert_int_equal(lw_text_simple_upper(in, strlen(in), &out, &out_len, &bad), LW_TEXT_OK);
    assert_string_equal(out, expected);
    assert_int_equal(out_len, strlen(expected));
    sqlite3_free(out);
}

static void test_simple_upper(void **state)
{
    (void)state;
    check_simple_upper("", "");
    check_simple_upper("abc xyz", "ABC XYZ");
    check_simple_upper("straße", "STRAßE"); /* no one-to-one uppercase: kept */
    check_simple_upper("ı ſ", "I S");       /* 2 bytes to 1 */
    check_simple_upper("ɐɐa", "\xe2\xb1\xaf\xe2\xb1\xaf"
                              "A"); /* 2 bytes to 3 (U+2C6F) */
    check_simple_upper("ǆ ǅ ς µ", "Ǆ Ǆ Σ Μ");
    check_simple_upper("\xf0\x90\x90\xa8", "\xf0\x90\x90\x80"); /* Deseret: 4 bytes */
    char *out = (char *)1;
    size_t out_len;
    int64_t bad = -1;
    assert_int_equal(lw_text_simple_upper("ab\xc3\xa9\xff", 5, &out, &out_len, &bad),
                     LW_TEXT_INVALID_UTF8);
    assert_null(out);
    assert_int_equal(bad, 4);
}

static void test_locales(void **state)
{
    (void)state;
    const char *known[] = {"tr",
                           "tr-TR",
                           "tr_TR",
                           "en_US",
                           "und",
                           "root",
                           "EN",
                           "es-419",
                           "sr-Latn",
                           "zh_Hant_TW",
                           "de-DE-u-co-phonebk"};
    const char *unknown[] = {"",      "xx",    "zz",    "klingon", "tr!!",
                             "tr_!!", "x-foo", "en_ZZ", "tr TR",   "-"};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (!lw_locale_is_known(known[i]))
            fprintf(stderr, "  rejected: %s\n", known[i]);
        assert_true(lw_locale_is_known(known[i]));
    }
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        if (lw_locale_is_known(unknown[i]))
            fprintf(stderr, "  accepted: %s\n", unknown[i]);
        assert_false(lw_locale_is_known(unknown[i]));
    }
    lw_casemap *map = (lw_casemap *)1;
    UErrorCode status;
    assert_int_equal(lw_casemap_open("xx", &map, &status), LW_TEXT_BAD_LOCALE);
    assert_null(map);
}

static void test_normalize_and_unaccent(void **state)
{
    (void)state;
    char *out;
    size_t len;
    int64_t bad;
    UErrorCode status;
    lw_norm_form form;
    assert_true(lw_norm_form_parse("nfkd", &form));
    assert_int_equal(form, LW_NFKD);
    assert_false(lw_norm_form_parse("NFE", &form));
    assert_int_equal(lw_text_normalize(LW_NFC, "e\xcc\x81", 3, &out, &len, &bad, &status),
                     LW_TEXT_OK);
    assert_string_equal(out, "é");
    sqlite3_free(out);
    assert_int_equal(lw_text_normalize(LW_NFKC, "ﬁ①", 6, &out, &len, &bad, &status), LW_TEXT_OK);
    assert_string_equal(out, "fi1");
    sqlite3_free(out);
    const char *accented = "Crème Brûlée";
    assert_int_equal(lw_text_unaccent(accented, strlen(accented), &out, &len, &bad, &status),
                     LW_TEXT_OK);
    assert_string_equal(out, "Creme Brulee");
    assert_int_equal(len, 12);
    sqlite3_free(out);
    assert_int_equal(lw_text_unaccent("a\x80", 2, &out, &len, &bad, &status), LW_TEXT_INVALID_UTF8);
    assert_int_equal(bad, 1);
}

/* like.c skips non-ASCII bytes when a segment starts with an ASCII letter other than k
 * or s: true only while these two are the only non-ASCII code points whose simple
 * case folding is ASCII. */
static void test_only_kelvin_and_long_s_fold_to_ascii(void **state)
{
    (void)state;
    int found = 0;
    for (UChar32 c = 0x80; c <= 0x10FFFF; c++) {
        UChar32 f = u_foldCase(c, U_FOLD_CASE_DEFAULT);
        if (f < 0x80) {
            assert_true((c == 0x212A && f == 'k') || (c == 0x17F && f == 's'));
            found++;
        }
    }
    assert_int_equal(found, 2);
}

/* Compiles and matches with the core; fails the test on a compile error. */
static int core_like(const char *pat, const char *s, int32_t escape, unsigned flags)
{
    lw_like_pattern *p = NULL;
    assert_int_equal(lw_like_compile(pat, strlen(pat), escape, flags, &p), LW_LIKE_OK);
    int r = lw_like_match(p, s, strlen(s));
    lw_like_free(p);
    return r;
}

static void test_like_core_cases(void **state)
{
    (void)state;
    static const struct {
        const char *pat, *s;
        int32_t escape;
        unsigned flags;
        int expected;
    } cases[] = {
        {"abc", "abc", -1, 0, 1},
        {"abc", "abcd", -1, 0, 0},
        {"a%", "abc", -1, 0, 1},
        {"%c", "abc", -1, 0, 1},
        {"%b%", "abc", -1, 0, 1},
        {"%", "", -1, 0, 1},
        {"", "", -1, 0, 1},
        {"", "x", -1, 0, 0},
        {"_", "", -1, 0, 0},
        {"a_c", "aéc", -1, 0, 1},
        {"%a%b%", "ba", -1, 0, 0},
        {"%aa", "aaa", -1, 0, 1},
        {"%abc", "abcabc", -1, 0, 1},
        {"m%ss%ss%ss%", "mississippi", -1, 0, 0},
        {"%ss%ss%pp%", "mississippi", -1, 0, 1},
        {"ÄÖÜ", "äöü", -1, LW_LIKE_FOLD, 1},
        {"ÄÖÜ", "äöü", -1, 0, 0},
        {"%K%", "a\xe2\x84\xaa", -1, LW_LIKE_FOLD, 1}, /* KELVIN SIGN folds to k */
        {"%s", "\xc5\xbf", -1, LW_LIKE_FOLD, 1},       /* LONG S folds to s */
        {"ss", "ß", -1, LW_LIKE_FOLD, 0},
        {"100#%", "100%", '#', 0, 1},
        {"100#%", "1000", '#', 0, 0},
        {"a%c", "a%c", -1, LW_LIKE_LITERAL, 1},
        {"a%c", "abc", -1, LW_LIKE_LITERAL, 0},
        {"b", "abc", -1, LW_LIKE_LITERAL | LW_LIKE_OPEN_START | LW_LIKE_OPEN_END, 1},
        {"", "abc", -1, LW_LIKE_LITERAL | LW_LIKE_OPEN_END, 1},
        {"a\xff", "A\xff", -1, LW_LIKE_FOLD, 1},
        {"a\xff", "A\xfe", -1, LW_LIKE_FOLD, 0},
        {"_", "\xe2\x82", -1, 0, 0}, /* two invalid bytes are two characters */
        {"__", "\xe2\x82", -1, 0, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = core_like(cases[i].pat, cases[i].s, cases[i].escape, cases[i].flags);
        if (got != cases[i].expected)
            fprintf(stderr, "  case %zu: '%s' LIKE '%s' gave %d\n", i, cases[i].s, cases[i].pat,
                    got);
        assert_int_equal(got, cases[i].expected);
    }
    lw_like_pattern *p = NULL;
    assert_int_equal(lw_like_compile("ab#", 3, '#', 0, &p), LW_LIKE_TRAILING_ESCAPE);
    assert_null(p);
    assert_int_equal(lw_like_char("é", 2), 0xe9);
    assert_int_equal(lw_like_char("ab", 2), -1);
    assert_int_equal(lw_like_char("", 0), -1);
}

/* Every pattern over a small alphabet against every short subject, in both modes, with
 * and without an escape, compared with the reference matcher. */
static void test_like_core_against_reference(void **state)
{
    (void)state;
    static const char *atoms[] = {"a", "A", "%", "_", "#", "ß", "é", "\xff"};
    enum { N_ATOMS = sizeof atoms / sizeof atoms[0], MAX_LEN = 4 };
    char pat[64], subj[64];
    unsigned long checked = 0;
    for (unsigned long pcode = 0; pcode < 4096; pcode += 3) { /* a third of 8^4 */
        size_t pl = 0;
        unsigned long c = pcode;
        int plen = 1 + (int)(pcode % MAX_LEN);
        for (int k = 0; k < plen; k++, c /= N_ATOMS)
            pl += (size_t)sprintf(pat + pl, "%s", atoms[c % N_ATOMS]);
        for (unsigned long scode = 0; scode < 512; scode += 11) {
            size_t sl = 0;
            unsigned long d = scode;
            int slen = (int)(scode % 5);
            for (int k = 0; k < slen; k++, d /= N_ATOMS)
                sl += (size_t)sprintf(subj + sl, "%s", atoms[d % N_ATOMS]);
            for (unsigned flags = 0; flags < 16; flags++) {
                int32_t escape = flags & 2 ? -1 : '#';
                int fold = flags & LW_LIKE_FOLD, literal = (flags & LW_LIKE_LITERAL) != 0;
                int want =
                    ref_like(pat, pl, subj, sl, escape, fold, literal,
                             (flags & LW_LIKE_OPEN_START) != 0, (flags & LW_LIKE_OPEN_END) != 0);
                lw_like_pattern *p = NULL;
                lw_like_rc rc = lw_like_compile(pat, pl, escape, flags, &p);
                if (want < 0) {
                    assert_int_equal(rc, LW_LIKE_TRAILING_ESCAPE);
                    continue;
                }
                assert_int_equal(rc, LW_LIKE_OK);
                int got = lw_like_match(p, subj, sl);
                if (got != want)
                    fprintf(stderr, "  '%.*s' LIKE '%.*s' flags %u: got %d\n", (int)sl, subj,
                            (int)pl, pat, flags, got);
                assert_int_equal(got, want);
                lw_like_free(p);
                checked++;
            }
        }
    }
    assert_true(checked > 100000);
}

/* Builds "%a%a...%a%b" (segments times "%a", then "%b") and a subject of n 'a's. */
static void test_like_is_linear_on_many_segments(void **state)
{
    (void)state;
    enum { SEGMENTS = 10000, SUBJECT = 1 << 20 };
    char *pat = malloc(2 * SEGMENTS + 3), *subj = malloc(SUBJECT);
    for (int i = 0; i < SEGMENTS; i++)
        memcpy(pat + 2 * i, "%a", 2);
    memcpy(pat + 2 * SEGMENTS, "%b", 3);
    memset(subj, 'a', SUBJECT);
    for (unsigned flags = 0; flags <= LW_LIKE_FOLD; flags++) {
        lw_like_pattern *p = NULL;
        assert_int_equal(lw_like_compile(pat, 2 * SEGMENTS + 2, -1, flags, &p), LW_LIKE_OK);
        uint64_t steps = 0;
        assert_int_equal(lw_like_match_counted(p, subj, SUBJECT, &steps), 0);
        /* A backtracking matcher tries every way to place 10,000 segments in 2^20
         * characters; this one reads the subject at most twice. */
        assert_true(steps <= 2ull * SUBJECT);
        lw_like_free(p);
    }
    free(pat);
    free(subj);
}

/* One long segment that almost matches everywhere: Shift-And (<= 1024 code points),
 * KMP (longer literal) and both with '_' read each subject character once. */
static void test_like_is_linear_on_long_segments(void **state)
{
    (void)state;
    enum { SUBJECT = 1 << 20 };
    char *subj = malloc(SUBJECT), pat[3000];
    memset(subj, 'a', SUBJECT);
    static const struct {
        int a_count;
        int underscore;
    } shapes[] = {{60, 0}, {500, 1}, {1000, 0}, {2500, 0}};
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        size_t n = 0;
        pat[n++] = '%';
        for (int i = 0; i < shapes[k].a_count; i++)
            pat[n++] = shapes[k].underscore && i % 7 == 3 ? '_' : 'a';
        pat[n++] = 'b';
        pat[n++] = '%';
        lw_like_pattern *p = NULL;
        assert_int_equal(lw_like_compile(pat, n, -1, LW_LIKE_FOLD, &p), LW_LIKE_OK);
        uint64_t steps = 0;
        assert_int_equal(lw_like_match_counted(p, subj, SUBJECT, &steps), 0);
        assert_true(steps <= (uint64_t)SUBJECT);
        subj[SUBJECT - 1] = 'B';
        assert_int_equal(lw_like_match(p, subj, SUBJECT), 1);
        subj[SUBJECT - 1] = 'a';
        lw_like_free(p);
    }
    free(subj);
}

/* A segment longer than Shift-And takes that also holds '_' is searched naively:
 * check its answers against the reference. */
static void test_like_long_segment_with_wildcards(void **state)
{
    (void)state;
    enum { PAIRS = 600, SUBJECT = 2000 };
    char pat[2 * PAIRS + 4], subj[SUBJECT + 1];
    size_t n = 0;
    pat[n++] = '%';
    for (int i = 0; i < PAIRS; i++) {
        pat[n++] = 'a';
        pat[n++] = '_';
    }
    pat[n++] = 'b';
    pat[n++] = '%';
    for (int variant = 0; variant < 3; variant++) {
        memset(subj, 'a', SUBJECT);
        if (variant == 1)
            subj[SUBJECT - 1] = 'b'; /* the segment fits at the end */
        if (variant == 2)
            subj[2 * PAIRS - 1] = 'B'; /* ...or too early to fit */
        lw_like_pattern *p = NULL;
        assert_int_equal(lw_like_compile(pat, n, -1, LW_LIKE_FOLD, &p), LW_LIKE_OK);
        int want = ref_like(pat, n, subj, SUBJECT, -1, 1, 0, 0, 0);
        assert_int_equal(lw_like_match(p, subj, SUBJECT), want);
        assert_int_equal(want, variant == 1);
        lw_like_free(p);
    }
}

static void test_sql_case_functions(void **state)
{
    sqlite3 *db = *state;
    assert_sql(db, "SELECT upper('straße')", "STRASSE");
    assert_sql(db, "SELECT lower('ΣΑΣ')", "σας");
    assert_sql(db, "SELECT upper('i', 'tr')", "İ");
    assert_sql(db, "SELECT casefold('Straße')", "strasse");
    assert_sql(db, "SELECT simple_upper('Straße ı')", "STRAßE I");
    assert_sql(db, "SELECT simple_upper(NULL) IS NULL", "1");
    assert_sql(db, "SELECT lower(NULL) IS NULL", "1");
    assert_sql_error(db, "SELECT upper('i', 'xx')", "upper(): unknown locale 'xx' in argument 2");
    assert_sql_error(db, "SELECT lower(CAST(x'41ff' AS TEXT))",
                     "lower(): invalid UTF-8 in argument 1 at byte 2");
    assert_sql_error(db, "SELECT normalize('a', 'NFQ')",
                     "normalize(): unknown normalization form 'NFQ' in argument 2");
    /* The locale is cached per statement: many rows, two locales. */
    assert_sql(db,
               "SELECT group_concat(DISTINCT upper('i', loc)) FROM (SELECT 'tr' AS loc UNION "
               "ALL SELECT 'en') JOIN (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
               "FROM n WHERE i < 50) SELECT i FROM n)",
               "İ,I");
}

static void test_sql_like_compiles_once_per_statement(void **state)
{
    sqlite3 *db = *state;
    assert_sql(db,
               "CREATE TABLE rows1000 AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
               "SELECT i + 1 FROM n WHERE i < 1000) SELECT 'name ' || i AS x FROM n",
               "(no rows)");
    uint64_t before = lw_like_compilations();
    assert_sql(db, "SELECT count(*) FROM rows1000 WHERE x LIKE '%e 9%'", "111");
    assert_sql(db, "SELECT count(*) FROM rows1000 WHERE icontains(x, 'E 9')", "111");
    assert_int_equal(lw_like_compilations() - before, 2);
    assert_sql(db, "DROP TABLE rows1000", "(no rows)");
}

static void test_sql_like_mode_and_pragma(void **state)
{
    (void)state; /* a connection of its own: the pragma replaces like() for good */
    sqlite3 *db = NULL;
    assert_int_equal(lw_test_open((void **)&db), 0);
    assert_sql(db, "SELECT 'Ä' LIKE 'ä'", "1");
    assert_sql(db, "SELECT lw_like_mode('sensitive')", "insensitive");
    assert_sql(db, "SELECT 'Ä' LIKE 'ä'", "0");
    assert_sql(db, "SELECT 'a' LIKE 'a'", "1");
    /* The pragma puts SQLite's own like() back: ASCII-only folding. */
    assert_sql(db, "PRAGMA case_sensitive_like = 0", "(no rows)");
    assert_sql(db, "SELECT 'Ä' LIKE 'ä'", "0");
    assert_sql(db, "SELECT 'A' LIKE 'a'", "1");
    /* The other functions, still holding the shared state, keep working. */
    assert_sql(db, "SELECT lw_like_mode()", "sensitive");
    assert_sql(db, "SELECT ilike('ä', 'Ä')", "1");
    assert_int_equal(lw_test_close((void **)&db), 0);
}

static void test_sql_like_limits(void **state)
{
    sqlite3 *db = *state;
    sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 10);
    assert_sql(db, "SELECT 'abc' LIKE '%abc%'", "1");
    assert_sql_error(db, "SELECT 'abc' LIKE '%abcdefghij%'", "LIKE or GLOB pattern too complex");
    assert_sql_error(db, "SELECT ilike('%abcdefghij%', 'abc')", "LIKE or GLOB pattern too complex");
    sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 50000);
    assert_sql_error(db, "SELECT 'a' LIKE 'a' ESCAPE 'ab'",
                     "ESCAPE expression must be a single character");
    /* 10,000 segments over a 1 MB subject: finishes only without backtracking. */
    assert_sql(db,
               "SELECT printf('%.*c', 1000000, 'a') LIKE "
               "replace(printf('%.*c', 10000, '~'), '~', '%a') || '%b'",
               "0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_validation),
        cmocka_unit_test(test_case_mapping_changes_length),
        cmocka_unit_test(test_case_mapping_grows_past_first_guess),
        cmocka_unit_test(test_case_mapping_rejects_invalid_utf8),
        cmocka_unit_test(test_simple_upper),
        cmocka_unit_test(test_locales),
        cmocka_unit_test(test_normalize_and_unaccent),
        cmocka_unit_test(test_only_kelvin_and_long_s_fold_to_ascii),
        cmocka_unit_test(test_like_core_cases),
        cmocka_unit_test(test_like_core_against_reference),
        cmocka_unit_test(test_like_is_linear_on_many_segments),
        cmocka_unit_test(test_like_is_linear_on_long_segments),
        cmocka_unit_test(test_like_long_segment_with_wildcards),
        cmocka_unit_test(test_sql_case_functions),
        cmocka_unit_test(test_sql_like_compiles_once_per_statement),
        cmocka_unit_test(test_sql_like_mode_and_pragma),
        cmocka_unit_test(test_sql_like_limits),
    };
    return cmocka_run_group_tests_name("text", tests, lw_test_open, lw_test_close);
}
