/* Unit tests of the regexp module: the ARE translator, flags, subjects, the literal
 * prefilter, the pattern cache, limits, the PCRE2 fast path (its gate, its agreement
 * with ICU, its fallback), and the SQL functions end to end. */
#include "lw_test.h"
#include "common/utf8.h"
#include "regexp/regexp.h"

/* Translates pattern with flags and returns the ICU pattern (static buffer) or
 * "ERROR: reason". */
static const char *translate(const char *pattern, const char *flags, uint32_t *icu_flags)
{
    static char result[512];
    unsigned opts = 0;
    char *err = NULL;
    if (lw_re_parse_flags(flags, (int)strlen(flags), &opts, &err) != 0) {
        snprintf(result, sizeof result, "ERROR: %s", err);
        sqlite3_free(err);
        return result;
    }
    if (lw_re_check_flags(opts) != LW_RE_FLAGS_OK) {
        snprintf(result, sizeof result, "ERROR: %s",
                 lw_re_check_flags(opts) == LW_RE_FLAGS_UNSUPPORTED_SYNTAX
                     ? "not supported"
                     : "invalid argument to regex function");
        return result;
    }
    char *out = NULL;
    int out_len = 0;
    const char *reason = NULL;
    uint32_t f = 0;
    if (lw_re_translate(pattern, (int)strlen(pattern), &opts, &out, &out_len, &f, &reason) != 0) {
        snprintf(result, sizeof result, "ERROR: %s", reason ? reason : "out of memory");
        return result;
    }
    snprintf(result, sizeof result, "%s", out);
    sqlite3_free(out);
    if (icu_flags)
        *icu_flags = f;
    return result;
}

static void test_translate_literals_are_escaped(void **state)
{
    (void)state;
    /* ICU-only syntax inside a PostgreSQL pattern stays literal. */
    assert_string_equal(translate("a&&b", "", NULL), "a\\&\\&b");
    assert_string_equal(translate("a{x", "", NULL), "a\\{x");
    assert_string_equal(translate("]}", "", NULL), "\\]\\}");
    assert_string_equal(translate("[a&&b]", "", NULL), "[a\\x{26}\\x{26}b]");
    assert_string_equal(translate("é ü", "", NULL), "é ü");
}

static void test_translate_anchors_and_newlines(void **state)
{
    (void)state;
    uint32_t f = 0;
    /* PostgreSQL's $ is the very end; ICU's would also match before a final newline. */
    assert_string_equal(translate("c$", "", &f), "c\\z");
    assert_true(f & UREGEX_DOTALL);
    assert_false(f & UREGEX_MULTILINE);
    assert_true(f & UREGEX_UNIX_LINES);
    assert_string_equal(translate("c$", "n", &f), "c$");
    assert_false(f & UREGEX_DOTALL);
    assert_true(f & UREGEX_MULTILINE);
    assert_string_equal(translate("[^a]", "n", NULL), "[^a\\x{A}]");
    assert_string_equal(translate("[^a]", "w", &f), "[^a]");
    assert_true((f & UREGEX_DOTALL) && (f & UREGEX_MULTILINE));
    assert_string_equal(translate("[^a]", "p", &f), "[^a\\x{A}]");
    assert_false((f & UREGEX_DOTALL) || (f & UREGEX_MULTILINE));
    assert_string_equal(translate("a\\Z", "", NULL), "a\\z");
}

static void test_translate_escapes(void **state)
{
    (void)state;
    assert_string_equal(translate("\\mx\\M", "", NULL), "\\b(?=\\w)x\\b(?<=\\w)");
    assert_string_equal(translate("\\y\\Y", "", NULL), "\\b\\B");
    assert_string_equal(translate("[[:<:]]", "", NULL), "\\b(?=\\w)");
    assert_string_equal(translate("\\b\\B", "", NULL), "\\x{8}\\\\");
    assert_string_equal(translate("\\x41\\u00e9\\101", "", NULL), "AéA");
    assert_string_equal(translate("(a)\\1", "", NULL), "(a)(?:\\1)");
    /* More digits than groups: an octal escape, as in PostgreSQL. */
    assert_string_equal(translate("a\\12b", "", NULL), "a\\x{A}b");
    assert_string_equal(translate("\\p{L}", "", NULL), "ERROR: invalid escape \\ sequence");
    assert_string_equal(translate("\\1(a)", "", NULL), "ERROR: invalid backreference number");
}

static void test_translate_groups_and_quantifiers(void **state)
{
    (void)state;
    /* Parentheses inside lookaround do not capture in PostgreSQL. */
    assert_string_equal(translate("(?=(a))(b)", "", NULL), "(?=(?:a))(b)");
    assert_string_equal(translate("a{2,3}?", "", NULL), "a{2,3}?");
    assert_string_equal(translate("(?#note)a", "", NULL), "a");
    assert_string_equal(translate("a**", "", NULL), "ERROR: quantifier operand invalid");
    assert_string_equal(translate("a*+", "", NULL), "ERROR: quantifier operand invalid");
    assert_string_equal(translate("(?<n>a)", "", NULL), "ERROR: quantifier operand invalid");
    assert_string_equal(translate("a{256}", "", NULL), "ERROR: invalid repetition count(s)");
    assert_string_equal(translate("a{2", "", NULL), "ERROR: braces {} not balanced");
    assert_string_equal(translate("(a", "", NULL), "ERROR: parentheses () not balanced");
    assert_string_equal(translate("a)", "", NULL), "ERROR: parentheses () not balanced");
    assert_string_equal(translate("[a", "", NULL), "ERROR: brackets [] not balanced");
    assert_string_equal(translate("[z-a]", "", NULL), "ERROR: invalid character range");
}

static void test_translate_options(void **state)
{
    (void)state;
    uint32_t f = 0;
    assert_string_equal(translate(" a b # c", "x", NULL), "ab");
    assert_string_equal(translate("(?x) a b", "", NULL), "ab");
    assert_string_equal(translate("a.b", "q", NULL), "a\\.b");
    assert_string_equal(translate("***=a.b", "", NULL), "a\\.b");
    assert_string_equal(translate("(?i)ab", "", &f), "[a][b]");
    assert_true(f & UREGEX_CASE_INSENSITIVE);
    assert_string_equal(translate("ab", "ic", &f), "ab");
    assert_false(f & UREGEX_CASE_INSENSITIVE);
    assert_string_equal(translate("(?z)a", "", NULL), "ERROR: invalid embedded option");
    assert_string_equal(translate("a", "z", NULL),
                        "ERROR: invalid regular expression option: \"z\"");
    assert_string_equal(translate("a", "é", NULL),
                        "ERROR: invalid regular expression option: \"é\"");
    assert_non_null(strstr(translate("a", "b", NULL), "not supported"));
}

/* Issue 11: flags are checked as PostgreSQL 15 checks them (each answer below was
 * asked of the real server). */
static void test_flags_as_postgresql_checks_them(void **state)
{
    (void)state;
    /* q (a literal pattern) with x, n, m, p or w in effect is refused by PostgreSQL's
     * regcomp; a later t or s takes the conflicting letter back. */
    static const char *const refused[] = {"qx", "xq", "qn", "nq", "qm", "qp", "qw", "qnq"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        assert_string_equal(translate("a.b", refused[i], NULL),
                            "ERROR: invalid argument to regex function");
    assert_string_equal(translate("a.b", "qxt", NULL), "a\\.b");
    assert_string_equal(translate("a.b", "qns", NULL), "a\\.b");
    assert_string_equal(translate("a.b", "qi", NULL), "[a]\\.[b]");
    /* The syntax letters replace one another: q after b or e is a literal pattern,
     * b or e after q is that syntax (which this engine does not have). */
    assert_string_equal(translate("a.b", "bq", NULL), "a\\.b");
    assert_string_equal(translate("a.b", "eq", NULL), "a\\.b");
    assert_string_equal(translate("a.b", "qb", NULL), "ERROR: not supported");
    assert_string_equal(translate("a.b", "qe", NULL), "ERROR: not supported");
    /* An unknown letter is reported first, even after b. */
    assert_string_equal(translate("a", "bz", NULL),
                        "ERROR: invalid regular expression option: \"z\"");
}

static lw_regex *compile(const char *pattern, unsigned opts)
{
    char *err = NULL;
    lw_regex *re = lw_regex_compile("t", 1, pattern, (int)strlen(pattern), opts, &err);
    if (!re)
        fprintf(stderr, "compile %s: %s\n", pattern, err ? err : "out of memory");
    sqlite3_free(err);
    return re;
}

static void test_prefilter_literals(void **state)
{
    (void)state;
    int validated = 0;
    static const struct {
        const char *pattern;
        int literals;
        const char *first; /* UTF-8 of the first literal */
    } cases[] = {
        {"br.l", 1, "br"},     {"Müller", 1, "Müller"},
        {"ab*c", 1, "a"},      {"ab+c", 1, "ab"},
        {"\\(\\d", 1, "("},    {"war|peace", 2, "war"},
        {"^abc", 0, NULL},     {"(?i)AbC", 1, "abc"},
        {"a|^b", 0, NULL},     {"(a|b)", 0, NULL},
        {"[ab]|c", 0, NULL},   {"a\\|b", 0, NULL} /* an escaped | disables it */,
        {"x\\Q|\\E", 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lw_regex *re = compile(cases[i].pattern, LW_RE_SYNTAX_ICU);
        assert_non_null(re);
        if (re->n_literals != cases[i].literals)
            fprintf(stderr, "  pattern %s: %d literals\n", cases[i].pattern, re->n_literals);
        assert_int_equal(re->n_literals, cases[i].literals);
        if (cases[i].first) {
            assert_int_equal(re->literals[0].u8_len, (int)strlen(cases[i].first));
            assert_memory_equal(re->literals[0].u8, cases[i].first, strlen(cases[i].first));
        }
        lw_regex_unref(re);
    }
    lw_regex *re = compile("war|peace", LW_RE_SYNTAX_ICU);
    assert_int_equal(lw_re_prefilter(re, "world peace", 11, &validated), LW_RE_PREFILTER_YES);
    assert_int_equal(lw_re_prefilter(re, "world", 5, &validated), LW_RE_PREFILTER_NO);
    lw_regex_unref(re);
    /* A pattern with more than its literal only says "maybe". */
    re = compile("br.l", LW_RE_SYNTAX_ICU);
    assert_int_equal(lw_re_prefilter(re, "brulee", 6, &validated), LW_RE_PREFILTER_MAYBE);
    assert_int_equal(lw_re_prefilter(re, "xyz", 3, &validated), LW_RE_PREFILTER_NO);
    lw_regex_unref(re);
    /* Case-insensitive literals decide for text without characters folding to ASCII. */
    re = compile("(?i)History", LW_RE_SYNTAX_ICU);
    assert_true(re->literals_icase);
    assert_int_equal(lw_re_prefilter(re, "a HISTORY of", 12, &validated), LW_RE_PREFILTER_YES);
    assert_int_equal(lw_re_prefilter(re, "a story", 7, &validated), LW_RE_PREFILTER_NO);
    /* Non-ASCII text is decided too, unless it holds a character that folds to
     * ASCII: here the fi ligature and the Kelvin sign. */
    assert_int_equal(lw_re_prefilter(re, "caf\xc3\xa9 story", 10, &validated), LW_RE_PREFILTER_NO);
    assert_true(validated);
    assert_int_equal(lw_re_prefilter(re, "\xef\xac\x81", 3, &validated), LW_RE_PREFILTER_MAYBE);
    lw_regex_unref(re);
    re = compile("(?i)kelvin", LW_RE_SYNTAX_ICU);
    assert_int_equal(lw_re_prefilter(re,
                                     "\xe2\x84\xaa"
                                     "elvin",
                                     8, &validated),
                     LW_RE_PREFILTER_MAYBE);
    assert_int_equal(lw_re_prefilter(re, "caf\xc3\xa9", 5, &validated), LW_RE_PREFILTER_NO);
    lw_regex_unref(re);
    /* The translator's one-letter sets for the i flag are literals too. */
    re = compile("Hist", LW_RE_ICASE);
    assert_int_equal(re->n_literals, 1);
    assert_true(re->literals_icase);
    assert_memory_equal(re->literals[0].u8, "hist", 4);
    lw_regex_unref(re);
}

static void test_prefilter_first_class(void **state)
{
    (void)state;
    int validated = 0;
    static const struct {
        const char *pattern;
        int has_first_class;
        int anchored;
    } cases[] = {
        {"^[A-Z][a-z]+ [A-Z]", 1, 1},
        {"\\d{4}", 1, 0},
        {"[0-9_a-f]+x", 1, 0},
        {"[A-Z]?x", 0, 0},
        {"\\d*", 0, 0},
        {"\\d{0,3}", 0, 0},
        {"[^A-Z]", 0, 0},
        {"[A-Z.]", 0, 0},
        {"[A-Z]x|y", 0, 0},
        {"(?i)^[a-z]", 0, 0},
        {"(?m)^[a-z]", 0, 0},
        {"[[:alpha:]]", 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lw_regex *re = compile(cases[i].pattern, LW_RE_SYNTAX_ICU);
        assert_non_null(re);
        if (re->has_first_class != cases[i].has_first_class)
            fprintf(stderr, "  pattern %s: first class %d\n", cases[i].pattern,
                    re->has_first_class);
        assert_int_equal(re->has_first_class, cases[i].has_first_class);
        assert_int_equal(re->first_anchored, cases[i].anchored);
        lw_regex_unref(re);
    }
    lw_regex *re = compile("^[A-Z][a-z]+ [A-Z]", LW_RE_SYNTAX_ICU);
    assert_int_equal(lw_re_prefilter(re, "James Smith", 11, &validated), LW_RE_PREFILTER_MAYBE);
    assert_int_equal(lw_re_prefilter(re, "\xd0\x98van", 5, &validated), LW_RE_PREFILTER_NO);
    assert_int_equal(lw_re_prefilter(re, "a James", 7, &validated), LW_RE_PREFILTER_NO);
    assert_int_equal(lw_re_prefilter(re, "", 0, &validated), LW_RE_PREFILTER_NO);
    lw_regex_unref(re);
    /* \d is any Unicode digit in ICU: a non-ASCII character may be one. */
    re = compile("\\d{4}", LW_RE_SYNTAX_ICU);
    assert_int_equal(lw_re_prefilter(re, "no digits", 9, &validated), LW_RE_PREFILTER_NO);
    assert_int_equal(lw_re_prefilter(re, "year 1984", 9, &validated), LW_RE_PREFILTER_MAYBE);
    assert_int_equal(lw_re_prefilter(re, "\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4", 8, &validated),
                     LW_RE_PREFILTER_MAYBE);
    lw_regex_unref(re);
}

/* A pattern searches a region of the subject's reused buffer: what a longer earlier
 * text left after the region must not count for $, \b, lookahead or \X. */
static void test_region_of_reused_buffer(void **state)
{
    (void)state;
    static const struct {
        const char *pattern;
        const char *text;
        int found;
    } cases[] = {
        {"abc$", "abc", 1},      {"abc\\b", "abc", 1}, {"c(?=d)", "abc", 0},
        {"(?w)b'\\b", "ab'", 1}, {"\\Z", "abc", 1},    {"^abc\\z", "abc", 1},
        {"\\X\\z", "e", 1},      {".{4}", "abc", 0},   {"(?<=c)", "abc", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lw_regex *re = compile(cases[i].pattern, LW_RE_SYNTAX_ICU);
        assert_non_null(re);
        lw_re_subject s = {0};
        int64_t bad;
        lw_re_match m;
        char *err = NULL;
        /* First a longer text, then the subject in the same buffer. */
        const char *longer = "ab'bcd\xcc\x81 efgh";
        assert_int_equal(lw_re_subject_set(&s, longer, (int32_t)strlen(longer), &bad), 0);
        assert_true(lw_re_find(re, &s, 0, &m, "t", &err) >= 0);
        assert_int_equal(lw_re_subject_set(&s, cases[i].text, (int32_t)strlen(cases[i].text), &bad),
                         0);
        int found = lw_re_find(re, &s, 0, &m, "t", &err);
        if (found != cases[i].found)
            fprintf(stderr, "  pattern %s on %s: %d\n", cases[i].pattern, cases[i].text, found);
        assert_int_equal(found, cases[i].found);
        if (found)
            assert_true(m.end <= s.len);
        lw_re_subject_free(&s);
        lw_regex_unref(re);
    }
}

static void test_subject_conversion(void **state)
{
    (void)state;
    lw_re_subject s = {0};
    int64_t bad = -1;
    const char *text = "a\xc3\xa9\xf0\x9f\x98\x80z"; /* a é 😀 z */
    assert_int_equal(lw_re_subject_set(&s, text, (int32_t)strlen(text), &bad), 0);
    assert_int_equal(s.len, 5); /* the emoji is a surrogate pair */
    assert_false(s.ascii);
    assert_int_equal(lw_re_subject_index(&s, 1), 0);
    assert_int_equal(lw_re_subject_index(&s, 3), 2);
    assert_int_equal(lw_re_subject_index(&s, 4), 4);
    assert_int_equal(lw_re_subject_index(&s, 5), 5); /* one past the end */
    assert_int_equal(lw_re_subject_index(&s, 6), -1);
    assert_int_equal(lw_re_subject_index(&s, 0), -1);
    assert_int_equal(lw_re_subject_position(&s, 4), 4);
    /* Invalid: a lone continuation byte, an encoded surrogate, an overlong form, a
     * truncated sequence, after a long ASCII run (the eight-byte fast path). */
    static const struct {
        const char *text;
        int64_t at;
    } invalid[] = {
        {"ab\x80", 2},
        {"\xed\xa0\x80", 0},
        {"\xc0\xaf", 0},
        {"abcdefghijklmnop\xe2\x82", 16},
    };
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        int32_t len = (int32_t)strlen(invalid[i].text);
        assert_int_equal(lw_re_subject_set(&s, invalid[i].text, len, &bad), -1);
        assert_int_equal(bad, invalid[i].at);
        assert_int_equal(lw_utf8_invalid_offset(invalid[i].text, (size_t)len), invalid[i].at);
    }
    assert_int_equal(lw_utf8_invalid_offset(text, strlen(text)), -1);
    lw_re_subject_free(&s);
}

static void test_cache_is_lru(void **state)
{
    (void)state;
    lw_regex_cache cache = {0};
    char *err = NULL;
    char pattern[32];
    lw_regex *first = lw_regex_cache_get(&cache, "t", 1, "p0", 2, 0, &err);
    assert_non_null(first);
    lw_regex *again = lw_regex_cache_get(&cache, "t", 1, "p0", 2, 0, &err);
    assert_ptr_equal(first, again);
    lw_regex_unref(again);
    /* The same text with other options is another entry. */
    lw_regex *icase = lw_regex_cache_get(&cache, "t", 1, "p0", 2, LW_RE_ICASE, &err);
    assert_ptr_not_equal(first, icase);
    lw_regex_unref(icase);
    /* Fill the cache, touching p0 each time: the oldest other entry goes, p0 stays. */
    for (int i = 1; i <= LW_REGEXP_CACHE_SIZE; i++) {
        snprintf(pattern, sizeof pattern, "p%d", i);
        lw_regex *re = lw_regex_cache_get(&cache, "t", 1, pattern, (int)strlen(pattern), 0, &err);
        assert_non_null(re);
        lw_regex_unref(re);
        lw_regex_unref(lw_regex_cache_get(&cache, "t", 1, "p0", 2, 0, &err));
    }
    lw_regex *kept = lw_regex_cache_get(&cache, "t", 1, "p0", 2, 0, &err);
    assert_ptr_equal(kept, first);
    lw_regex_unref(kept);
    /* first is still referenced by us, so it survives the cache being cleared. */
    assert_true(first->refs >= 2);
    lw_regex_cache_clear(&cache);
    assert_int_equal(first->refs, 1);
    lw_regex_unref(first);
    /* A failed compile is reported and not cached. */
    assert_null(lw_regex_cache_get(&cache, "t", 2, "(", 1, 0, &err));
    assert_non_null(strstr(err, "parentheses () not balanced"));
    sqlite3_free(err);
    lw_regex_cache_clear(&cache);
}

static void test_time_limit_stops_runaway_pattern(void **state)
{
    (void)state;
    lw_regex *re = compile("(a+)+b", LW_RE_SYNTAX_ICU);
    lw_re_subject s = {0};
    int64_t bad;
    const char *text = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    assert_int_equal(lw_re_subject_set(&s, text, (int32_t)strlen(text), &bad), 0);
    lw_re_match m;
    char *err = NULL;
    assert_int_equal(lw_re_find(re, &s, 0, &m, "regexp", &err), -1);
    assert_non_null(err);
    assert_non_null(strstr(err, "regexp(): pattern '(a+)+b' exceeded the time limit"));
    sqlite3_free(err);
    lw_re_subject_free(&s);
    lw_regex_unref(re);
}

/* The fast-path gate's PCRE2 pattern for an ICU pattern and flags, or "REJECTED". */
static const char *gate(const char *pattern, uint32_t icu_flags)
{
    static char result[4096];
    char *out = NULL;
    uint32_t options = 0;
    int rc = lw_re_fast_translate(pattern, (int32_t)strlen(pattern), icu_flags, &out, &options);
    snprintf(result, sizeof result, "%s", rc == 1 ? out : "REJECTED");
    sqlite3_free(out);
    return result;
}

#define TERMINATORS "\\x{A}\\x{B}\\x{C}\\x{D}\\x{85}\\x{2028}\\x{2029}"

static void test_fast_gate_accepts_the_subset(void **state)
{
    (void)state;
    assert_string_equal(gate("br.l", 0), "br[^" TERMINATORS "]l");
    assert_string_equal(gate("^[A-Z][a-z]+ [A-Z]", 0),
                        "\\A[\\x{41}-\\x{5A}][\\x{61}-\\x{7A}]+\\x{20}[\\x{41}-\\x{5A}]");
    assert_string_equal(gate("war|peace", 0), "war|peace");
    assert_string_equal(gate("(?:ab)*?c{2,}(d){1,3}?", 0), "(?:ab)*?c{2,}(?:d){1,3}?");
    assert_string_equal(gate("\\(\\x41\\x{e9}\\t", 0), "\\x{28}\\x{41}\\x{E9}\\x{9}");
    assert_string_equal(gate("[^a-cé]", 0), "[^\\x{61}-\\x{63}\\x{E9}]");
    /* \d is ICU's own list of decimal digits, ASCII first. */
    const char *digits = "[\\x{30}-\\x{39}\\x{660}-\\x{669}";
    assert_memory_equal(gate("\\d", 0), digits, strlen(digits));
    /* '.', $ and dot-all follow ICU's line terminators; UNIX_LINES has only LF. */
    assert_string_equal(gate("a$", 0), "a(?=(?:\\x{D}\\x{A}|(?<!\\x{D})\\x{A}|"
                                       "[\\x{B}\\x{C}\\x{D}\\x{85}\\x{2028}\\x{2029}])?\\z)");
    assert_string_equal(gate("a$", UREGEX_UNIX_LINES), "a(?=\\x{A}?\\z)");
    assert_string_equal(gate(".", UREGEX_UNIX_LINES), "[^\\x{A}]");
    assert_string_equal(gate(".", UREGEX_DOTALL), "(?>\\x{D}\\x{A}|(?s:.))");
    /* Bounded repeats of a group that holds a quantifier are linear. */
    assert_string_equal(gate("(a+)?b", 0), "(?:a+)?b");
    assert_string_equal(gate("(a+){2}", 0), "(?:a+){2}");
    assert_string_equal(gate("", 0), "");
}

static void test_fast_gate_rejects_the_rest(void **state)
{
    (void)state;
    static const char *const rejected[] = {
        "(?i)history", "\\w+",      "a\\b",        "\\s",     "\\D",       "[[a-z]]", "[a&&b]",
        "[\\p{L}]",    "\\p{L}",    "[[:alpha:]]", "[a-]",    "[-a]",      "[]a]",    "a*+",
        "a++",         "(a)\\1",    "(?=a)",       "(?<!a)b", "\\Qa\\E",   "(a+)+b",  "(a*)*",
        "(x+x+)+y",    "(ab+){2,}", "a]",          "a}",      "a{",        "a{,2}",   "*a",
        "a**",         "(a",        "a)",          "\\Z",     "\\x{D800}", "\\u00e9", "\\0101",
        "a{10000}",    "[a{}]",     "\\é"};
    for (size_t i = 0; i < sizeof rejected / sizeof rejected[0]; i++) {
        if (strcmp(gate(rejected[i], 0), "REJECTED") != 0)
            fail_msg("the gate accepted '%s'", rejected[i]);
    }
    /* Flags whose meaning the gate does not carry over. */
    assert_string_equal(gate("a", UREGEX_CASE_INSENSITIVE), "REJECTED");
    assert_string_equal(gate("a", UREGEX_MULTILINE), "REJECTED");
    assert_string_equal(gate("a", UREGEX_COMMENTS), "REJECTED");
    /* Patterns that stay on ICU have no fast path; the answer is ICU's alone. */
    lw_regex *re = compile("\\bwar\\b", LW_RE_SYNTAX_ICU);
    assert_null(re->fast);
    assert_int_equal(lw_re_fast_match(re, "war", 3), -1);
    lw_regex_unref(re);
}

/* Asserts that pattern (with opts) has a fast path and that it answers expected for
 * subject (len bytes), as ICU does. */
static void assert_fast_and_icu(const char *pattern, unsigned opts, const char *subject,
                                int32_t len, int expected)
{
    lw_regex *re = compile(pattern, opts);
    assert_non_null(re);
    if (!re->fast)
        fail_msg("'%s' has no fast path", pattern);
    lw_re_subject s = {0};
    int64_t bad;
    assert_int_equal(lw_re_subject_set(&s, subject, len, &bad), 0);
    lw_re_match m;
    char *err = NULL;
    int icu = lw_re_find(re, &s, 0, &m, "t", &err);
    int fast = lw_re_fast_match(re, subject, len);
    if (icu != expected || fast != expected)
        fail_msg("'%s' on subject %d: ICU %d, fast path %d, expected %d", pattern, (int)len, icu,
                 fast, expected);
    lw_re_subject_free(&s);
    lw_regex_unref(re);
}

static void test_fast_path_agrees_with_icu(void **state)
{
    (void)state;
    const unsigned icu = LW_RE_SYNTAX_ICU;
    /* ICU's line terminators: '.' stops at each of them, $ matches before a final one
     * (or a final CR LF) but not between CR and LF. */
    assert_fast_and_icu("a.b", icu,
                        "a\xc2\x85"
                        "b",
                        4, 0); /* NEL */
    assert_fast_and_icu("a.b", icu,
                        "a\xe2\x80\xa8"
                        "b",
                        5, 0); /* LS */
    assert_fast_and_icu("a.b", icu,
                        "a\xc3\xa9"
                        "b",
                        4, 1); /* é is one character */
    assert_fast_and_icu("a$", icu, "a\r\n", 3, 1);
    assert_fast_and_icu("a\\r$", icu, "a\r\n", 3, 0);
    assert_fast_and_icu("a$", icu, "a\xe2\x80\xa9", 4, 1); /* PS */
    assert_fast_and_icu("a$", icu, "a\n\n", 3, 0);
    assert_fast_and_icu("^b", icu, "a\nb", 3, 0); /* not multi-line */
    /* ICU's \d is its Unicode version's: U+11F53 KAWI DIGIT THREE is new in Unicode 15. */
    assert_fast_and_icu("^\\d$", icu, "\xf0\x91\xbd\x93", 4, 1);
    assert_fast_and_icu("^\\d$", icu, "\xef\xbc\x97", 3, 1); /* fullwidth 7 */
    assert_fast_and_icu("^[^\\d]$", icu, "\xd9\xa3", 2, 0);  /* Arabic-Indic 3 */
    /* PostgreSQL's '.' (dot-all by default) is one character, also CR of CR LF, which
     * ICU's own dot-all '.' would take as one. */
    assert_fast_and_icu("a..b", 0, "a\r\nb", 4, 1);
    assert_fast_and_icu("a.b", 0, "a\r\nb", 4, 0);
    assert_fast_and_icu("a\\r.b", 0, "a\r\nb", 4, 1);
    /* Newline-sensitive PostgreSQL flags: UNIX_LINES, so only LF ends a line. */
    assert_fast_and_icu("a.b", 0 | LW_RE_NLSTOP, "a\rb", 3, 1);
    assert_fast_and_icu("a.b", 0 | LW_RE_NLSTOP, "a\nb", 3, 0);
    /* NUL is an ordinary character. */
    assert_fast_and_icu("a.b", icu, "a\0b", 3, 1);
    assert_fast_and_icu("", icu, "", 0, 1);
}

static void test_fast_path_limit_falls_back_to_icu(void **state)
{
    sqlite3 *db = *state;
    /* Exponential in both engines: PCRE2 gives up at its match limit, then ICU's time
     * limit gives the module's usual error. */
    lw_regex *re = compile("^(a|aa)*$", LW_RE_SYNTAX_ICU);
    assert_non_null(re->fast);
    const char *text = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab";
    assert_int_equal(lw_re_fast_match(re, text, (int32_t)strlen(text)), -1);
    lw_regex_unref(re);
    assert_sql_error(db,
                     "SELECT 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab' REGEXP "
                     "'^(a|aa)*$'",
                     "regexp(): pattern '^(a|aa)*$' exceeded the time limit");
    /* Past the fast path's stack: ICU's stack limit decides. */
    assert_sql_error(db, "SELECT replace(hex(zeroblob(500000)), '0', 'a') REGEXP '^(a|b)*$'",
                     "exceeded the backtracking stack limit");
    /* Invalid UTF-8 is reported before any engine runs. */
    assert_sql_error(db, "SELECT CAST(x'41ff' AS TEXT) REGEXP '^[A-Z]'",
                     "regexp(): invalid UTF-8 in argument 2 at byte 2");
    assert_sql(db, "SELECT 'Crème brûlée (1984)' REGEXP '\\(\\d{4}\\)'", "1");
}

static void test_replace_core(void **state)
{
    (void)state;
    unsigned opts = 0;
    lw_regex *re = compile("b(.)", opts);
    lw_re_subject s = {0}, r = {0};
    int64_t bad;
    const char *repl = "<\\1\\&$1\\\\>"; /* <\1\&$1\\> */
    assert_int_equal(lw_re_subject_set(&s, "abcabdab", 8, &bad), 0);
    assert_int_equal(lw_re_subject_set(&r, repl, (int32_t)strlen(repl), &bad), 0);
    char *out = NULL, *err = NULL;
    int64_t len = 0;
    assert_int_equal(lw_re_replace(re, &s, 0, 0, &r, 1000, "t", &out, &len, &err), 0);
    assert_string_equal(out, "a<cbc$1\\>a<dbd$1\\>ab");
    sqlite3_free(out);
    assert_int_equal(lw_re_replace(re, &s, 0, 2, &r, 1000, "t", &out, &len, &err), 0);
    assert_string_equal(out, "abca<dbd$1\\>ab");
    sqlite3_free(out);
    /* The result may not pass max_len. */
    assert_int_equal(lw_re_replace(re, &s, 0, 0, &r, 10, "t", &out, &len, &err), -2);
    assert_null(out);
    lw_re_subject_free(&s);
    lw_re_subject_free(&r);
    lw_regex_unref(re);
}

static void test_sql_functions(void **state)
{
    sqlite3 *db = *state;
    assert_sql(db, "SELECT 'Crème brûlée' REGEXP 'br.l'", "1");
    assert_sql(db, "SELECT regexp_replace('foobarbaz', 'b(..)', 'X\\1Y', 'g')", "fooXarYXazY");
    assert_sql(db, "SELECT regexp_instr('crème brûlée', 'br.l', 1, 1, 1)", "11");
    assert_sql(db, "SELECT regexp_substr('a1b22c333', '[0-9]+', 1, 3)", "333");
    assert_sql(db, "SELECT regexp_count('ABCABCAXYaxy', 'A.', 1, 'i')", "4");
    assert_sql(db, "SELECT regexp_like('Hello', 'hello', 'i')", "1");
    assert_sql(db, "SELECT regexp_replace('abc', 'b', 'X', 2)", "aXc");
    assert_sql(db, "SELECT regexp_replace(12345, '3', 'x')", "12x45");
    assert_sql(db, "SELECT regexp_substr('abc', 'x')", "NULL");
    assert_sql(db, "SELECT regexp_like(NULL, 'a')", "NULL");
    assert_sql_error(db, "SELECT regexp_like('a', 'a', 'z')",
                     "regexp_like(): invalid regular expression option: \"z\" in argument 3");
    /* Issue 11: PostgreSQL's order of checks: letters, "global", then the combination
     * (and SUBEXPR before FLAGS). */
    assert_sql_error(db, "SELECT regexp_replace('abc', 'b', 'x', 'xq')",
                     "regexp_replace(): invalid regular expression flags 'xq' in argument 4: "
                     "invalid argument to regex function (q, a literal pattern, cannot be "
                     "combined with x, n, m, p or w)");
    assert_sql_error(db, "SELECT regexp_like('a', 'a', 'qxg')",
                     "regexp_like() does not support the \"global\" option");
    assert_sql_error(db, "SELECT regexp_like('a', 'a', 'bg')",
                     "regexp_like() does not support the \"global\" option");
    assert_sql_error(db, "SELECT regexp_like('a', 'a', 'b')",
                     "regexp_like(): regular expression option \"b\" (basic syntax) is not "
                     "supported: patterns use PostgreSQL's advanced syntax in argument 3");
    assert_sql(db, "SELECT regexp_replace('a.c', '.', 'x', 'eq')", "axc");
    assert_sql_error(db, "SELECT regexp_instr('abc', '(b)', 1, 1, 0, 'z', -1)",
                     "regexp_instr(): invalid value for parameter \"subexpr\": -1");
    assert_sql_error(db, "SELECT regexp_substr('abc', '(b)', 1, 1, 'g', -1)",
                     "regexp_substr(): invalid value for parameter \"subexpr\": -1");
    assert_sql_error(db, "SELECT regexp_like('a', '(')",
                     "regexp_like(): invalid regular expression '(' in argument 2: parentheses () "
                     "not balanced");
    assert_sql_error(db, "SELECT regexp_replace(CAST(x'61ff' AS TEXT), 'a', 'b')",
                     "regexp_replace(): invalid UTF-8 in argument 1 at byte 2");
    assert_sql_error(db, "SELECT regexp_replace('a', 'a', CAST(x'ff' AS TEXT))",
                     "regexp_replace(): invalid UTF-8 in argument 3 at byte 1");
    assert_sql_error(db, "SELECT regexp_instr('abc', 'b', 'x')",
                     "regexp_instr(): argument 3 (start) must be an integer, got 'x'");
    assert_sql_error(db, "SELECT 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' REGEXP '(a+)+b'",
                     "regexp(): pattern '(a+)+b' exceeded the time limit");
}

static void test_sql_result_too_big(void **state)
{
    sqlite3 *db = *state;
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 1000);
    assert_sql_error(
        db, "SELECT regexp_replace(replace(hex(zeroblob(100)), '0', 'a'), 'a', 'bbbbbb', 'g')",
        "too big");
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 1000000000);
}

static void test_sql_pattern_per_row(void **state)
{
    sqlite3 *db = *state;
    /* Many rows, a few patterns that alternate: answers stay right through the cache
     * and the statement's auxdata (the expected sums are Python's re on the same rows). */
    assert_sql(db,
               "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
               "SELECT sum(('row ' || i) REGEXP ('^row ' || (i % 7) || '$')) FROM n",
               "6");
    assert_sql(db,
               "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
               "SELECT sum(regexp_count('x' || i, CASE i % 3 WHEN 0 THEN '\\d' WHEN 1 THEN 'x' "
               "ELSE '[13]' END)) FROM n",
               "1495");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_translate_literals_are_escaped),
        cmocka_unit_test(test_translate_anchors_and_newlines),
        cmocka_unit_test(test_translate_escapes),
        cmocka_unit_test(test_translate_groups_and_quantifiers),
        cmocka_unit_test(test_translate_options),
        cmocka_unit_test(test_flags_as_postgresql_checks_them),
        cmocka_unit_test(test_prefilter_literals),
        cmocka_unit_test(test_prefilter_first_class),
        cmocka_unit_test(test_region_of_reused_buffer),
        cmocka_unit_test(test_subject_conversion),
        cmocka_unit_test(test_cache_is_lru),
        cmocka_unit_test(test_time_limit_stops_runaway_pattern),
        cmocka_unit_test(test_fast_gate_accepts_the_subset),
        cmocka_unit_test(test_fast_gate_rejects_the_rest),
        cmocka_unit_test(test_fast_path_agrees_with_icu),
        cmocka_unit_test(test_fast_path_limit_falls_back_to_icu),
        cmocka_unit_test(test_replace_core),
        cmocka_unit_test(test_sql_functions),
        cmocka_unit_test(test_sql_result_too_big),
        cmocka_unit_test(test_sql_pattern_per_row),
    };
    return cmocka_run_group_tests_name("regexp", tests, lw_test_open, lw_test_close);
}
