/* Unit tests of the json module: the parser and its compact tree, the jsonb
 * comparisons, and the SQL functions (argument rules, errors, caching). */
#include "lw_test.h"
#include "common/utf8.h"
#include "json/json.h"

/* Parses text into j with flags, failing the test on error. */
static void parse_ok(lw_json *j, const char *text, unsigned flags)
{
    lw_json_error err = {0, NULL};
    lw_json_status status = lw_json_parse(j, text, strlen(text), flags, &err);
    if (status != LW_JSON_OK)
        fprintf(stderr, "  parse of %s failed at %zu: %s\n", text, err.offset,
                err.detail ? err.detail : "?");
    assert_int_equal(status, LW_JSON_OK);
}

/* Parses a and b and answers compare(a, b) (lw_json_contains or lw_json_equal). */
static int compare_texts(const char *a, const char *b,
                         lw_json_status (*compare)(const lw_json *, const lw_json *, int *))
{
    lw_json ja, jb;
    lw_json_init(&ja);
    lw_json_init(&jb);
    parse_ok(&ja, a, 0);
    parse_ok(&jb, b, 0);
    int result = -1;
    assert_int_equal(compare(&ja, &jb, &result), LW_JSON_OK);
    lw_json_clear(&ja);
    lw_json_clear(&jb);
    return result;
}

/* a @> b, a = b on two texts. */
static int contains(const char *a, const char *b)
{
    return compare_texts(a, b, lw_json_contains);
}

static int equal(const char *a, const char *b)
{
    return compare_texts(a, b, lw_json_equal);
}

/* ---- 1. Parser ---------------------------------------------------------------- */

static void test_parse_builds_compact_tree(void **state)
{
    (void)state;
    lw_json j;
    lw_json_init(&j);
    parse_ok(&j, " {\"b\": [1, \"x\", null], \"a\": true, \"b\": false} ", 0);
    assert_int_equal(lw_json_root_type(&j), LW_JSON_OBJECT);
    /* Nodes in pre-order: object, key b, array, 1, "x", null, key a, true, key b,
     * false; the later "b" replaces the earlier one. */
    assert_int_equal(j.n_nodes, 10);
    assert_int_equal(j.nodes[0].len, 2);
    const uint32_t *kv = j.kids + j.nodes[0].off;
    /* Sorted by key: "a" then "b". */
    assert_int_equal(j.nodes[kv[0]].len, 1);
    assert_memory_equal(j.bytes + j.nodes[kv[0]].off, "a", 1);
    assert_int_equal(j.nodes[kv[1]].type, LW_JSON_TRUE);
    assert_memory_equal(j.bytes + j.nodes[kv[2]].off, "b", 1);
    assert_int_equal(j.nodes[kv[3]].type, LW_JSON_FALSE);
    assert_true(lw_json_has_key(&j, "a", 1));
    assert_false(lw_json_has_key(&j, "c", 1));
    lw_json_clear(&j);
}

static void test_parse_accepts_every_value_form(void **state)
{
    (void)state;
    const char *good[] = {
        "0",
        "-0",
        "1.5",
        "-1.5e10",
        "1E+2",
        "1e-2",
        "123456789012345678901234567890",
        "true",
        "false",
        "null",
        "\"\"",
        "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"",
        "\"\\u00e9\\uD83D\\uDE00\"",
        "[]",
        "{}",
        "[[],{}]",
        " \t\r\n[ 1 , 2 ] \n",
        "{\"\":{\"\":[]}}",
        "\"é😀\"",
        "\"\\ud800\"",
        "\"\\u0000\"",
    };
    lw_json j;
    lw_json_init(&j);
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        parse_ok(&j, good[i], 0);
    lw_json_clear(&j);
}

static void test_parse_errors_have_position_and_reason(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        lw_json_status status;
        size_t offset;
        const char *detail;
    } cases[] = {
        {"", LW_JSON_SYNTAX, 0, "empty JSON text"},
        {"   ", LW_JSON_SYNTAX, 3, "empty JSON text"},
        {"{\"a\" 1}", LW_JSON_SYNTAX, 5, "expected ':' after an object key"},
        {"[1,2", LW_JSON_SYNTAX, 4, "expected ',' or ']' after an array element"},
        {"[1,]", LW_JSON_SYNTAX, 3, "expected a JSON value"},
        {"{\"a\":1,}", LW_JSON_SYNTAX, 7, "expected a string as object key"},
        {"{a:1}", LW_JSON_SYNTAX, 1, "expected a string as object key"},
        {"{\"a\":1 \"b\":2}", LW_JSON_SYNTAX, 7, "expected ',' or '}' after an object member"},
        {"1 2", LW_JSON_SYNTAX, 2, "unexpected text after the JSON value"},
        {"01", LW_JSON_SYNTAX, 0, "invalid number (leading zero)"},
        {"-", LW_JSON_SYNTAX, 0, "invalid number"},
        {"1.", LW_JSON_SYNTAX, 0, "invalid number"},
        {".5", LW_JSON_SYNTAX, 0, "expected a JSON value"},
        {"1e", LW_JSON_SYNTAX, 0, "invalid number"},
        {"+1", LW_JSON_SYNTAX, 0, "expected a JSON value"},
        {"NaN", LW_JSON_SYNTAX, 0, "expected a JSON value"},
        {"tru", LW_JSON_SYNTAX, 0, "expected a JSON value"},
        {"\"abc", LW_JSON_SYNTAX, 0, "unterminated string"},
        {"\"abc\\", LW_JSON_SYNTAX, 0, "unterminated string"},
        {"\"a\tb\"", LW_JSON_SYNTAX, 2, "control character in a string must be escaped"},
        {"\"\\x\"", LW_JSON_SYNTAX, 1, "invalid escape sequence"},
        {"\"\\u12G4\"", LW_JSON_SYNTAX, 1, "invalid \\u escape (4 hex digits expected)"},
        {"\"\\u12\"", LW_JSON_SYNTAX, 1, "invalid \\u escape (4 hex digits expected)"},
        {"[1e99999999999999999999]", LW_JSON_RANGE, 1, "number out of range"},
        {"\"a\xff\"", LW_JSON_BAD_UTF8, 2, "invalid UTF-8"},
        {"\"\xc3\"", LW_JSON_BAD_UTF8, 1, "invalid UTF-8"},
        {"\"\xc0\x80\"", LW_JSON_BAD_UTF8, 1, "invalid UTF-8"},         /* overlong */
        {"\"\xed\xa0\x80\"", LW_JSON_BAD_UTF8, 1, "invalid UTF-8"},     /* surrogate */
        {"\"\xf4\x90\x80\x80\"", LW_JSON_BAD_UTF8, 1, "invalid UTF-8"}, /* > U+10FFFF */
        {"[\xff]", LW_JSON_BAD_UTF8, 1, "invalid UTF-8"},
        {"[\xc3\xa9]", LW_JSON_SYNTAX, 1, "expected a JSON value"},
    };
    lw_json j;
    lw_json_init(&j);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lw_json_error err = {0, NULL};
        lw_json_status status = lw_json_parse(&j, cases[i].text, strlen(cases[i].text), 0, &err);
        if (status != cases[i].status || err.offset != cases[i].offset ||
            strcmp(err.detail, cases[i].detail) != 0)
            fprintf(stderr, "  case %zu (%s): status %d at %zu: %s\n", i, cases[i].text, status,
                    err.offset, err.detail);
        assert_int_equal(status, cases[i].status);
        assert_int_equal(err.offset, cases[i].offset);
        assert_string_equal(err.detail, cases[i].detail);
        assert_false(lw_json_has_root(&j));
    }
    /* The same document parses after failures: nothing is left over. */
    parse_ok(&j, "[1]", 0);
    assert_true(lw_json_has_root(&j));
    lw_json_clear(&j);
}

static void test_parse_depth_is_bounded(void **state)
{
    (void)state;
    size_t depth = LW_JSON_MAX_DEPTH;
    char *text = malloc(2 * depth + 3);
    assert_non_null(text);
    memset(text, '[', depth);
    memset(text + depth, ']', depth);
    lw_json j;
    lw_json_init(&j);
    lw_json_error err = {0, NULL};
    assert_int_equal(lw_json_parse(&j, text, 2 * depth, 0, &err), LW_JSON_OK);
    /* Containment and equality recurse as deep as the documents go. */
    int result = 0;
    assert_int_equal(lw_json_contains(&j, &j, &result), LW_JSON_OK);
    assert_true(result);
    memset(text, '[', depth + 1);
    memset(text + depth + 1, ']', depth + 1);
    assert_int_equal(lw_json_parse(&j, text, 2 * depth + 2, 0, &err), LW_JSON_TOO_DEEP);
    assert_int_equal(err.offset, depth);
    /* Objects count as well: {"a":{"a":...1...}} one level too deep. */
    char *objects = malloc(6 * (depth + 1) + 2);
    assert_non_null(objects);
    size_t n = 0;
    for (size_t i = 0; i <= depth; i++) {
        memcpy(objects + n, "{\"a\":", 5);
        n += 5;
    }
    objects[n++] = '1';
    memset(objects + n, '}', depth + 1);
    n += depth + 1;
    assert_int_equal(lw_json_parse(&j, objects, n, 0, &err), LW_JSON_TOO_DEEP);
    assert_int_equal(err.offset, 5 * depth);
    assert_int_equal(lw_json_parse(&j, objects + 5, n - 6, 0, &err), LW_JSON_OK);
    free(objects);
    lw_json_clear(&j);
    free(text);
}

static void test_parse_rejects_oversized_length(void **state)
{
    (void)state;
    lw_json j;
    lw_json_init(&j);
    lw_json_error err = {0, NULL};
    /* The length is checked before a byte is read. */
    assert_int_equal(lw_json_parse(&j, "1", LW_JSON_MAX_TEXT + 1, 0, &err), LW_JSON_TOO_BIG);
    assert_int_equal(lw_json_set_string(&j, "1", LW_JSON_MAX_TEXT + 1, &err), LW_JSON_TOO_BIG);
    lw_json_clear(&j);
}

static void test_strings_compare_after_unescaping(void **state)
{
    (void)state;
    assert_true(equal("\"\\u00e9\"", "\"é\""));
    assert_true(equal("\"\\u00E9\"", "\"\\u00e9\""));
    assert_true(equal("\"\\ud83d\\ude00\"", "\"😀\""));
    assert_true(equal("\"\\/\"", "\"/\""));
    assert_true(equal("\"\\n\"", "\"\\u000a\""));
    /* Unicode normalization is not applied, as in PostgreSQL. */
    assert_false(equal("\"\\u00e9\"", "\"e\\u0301\""));
    /* Unpaired surrogates and \u0000 are kept apart from everything else. */
    assert_true(equal("\"\\ud800\"", "\"\\uD800\""));
    assert_false(equal("\"\\ud800\"", "\"\\udc00\""));
    assert_false(equal("\"\\ud800x\"", "\"x\""));
    assert_true(equal("\"a\\u0000b\"", "\"a\\u0000b\""));
    assert_false(equal("\"a\\u0000\"", "\"a\""));
    lw_json j;
    lw_json_init(&j);
    parse_ok(&j, "\"\\ud800\\u0041\"", 0);
    assert_int_equal(j.nodes[0].len, 4);
    assert_memory_equal(j.bytes,
                        "\xed\xa0\x80"
                        "A",
                        4);
    lw_json_clear(&j);
}

static void test_set_string(void **state)
{
    (void)state;
    lw_json j, k;
    lw_json_init(&j);
    lw_json_init(&k);
    lw_json_error err = {0, NULL};
    assert_int_equal(lw_json_set_string(&j, "é \"x\"", strlen("é \"x\""), &err), LW_JSON_OK);
    parse_ok(&k, "\"\\u00e9 \\\"x\\\"\"", 0);
    int result = 0;
    assert_int_equal(lw_json_equal(&j, &k, &result), LW_JSON_OK);
    assert_true(result);
    assert_int_equal(lw_json_set_string(&j, "ab\xe9", 3, &err), LW_JSON_BAD_UTF8);
    assert_int_equal(err.offset, 2);
    assert_int_equal(lw_json_set_string(&j, "", 0, &err), LW_JSON_OK);
    assert_int_equal(lw_json_root_type(&j), LW_JSON_STRING);
    assert_int_equal(lw_utf8_invalid_offset("ok", 2), -1);
    lw_json_clear(&j);
    lw_json_clear(&k);
}

static void test_large_objects_sort_and_deduplicate(void **state)
{
    (void)state;
    /* 600 members over 200 distinct keys, written in a scrambled order, each key three
     * times with the value of its last occurrence being the key number: enough to run
     * the merge passes of the member sort, not only its insertion runs. */
    enum { KEYS = 200 };
    char *doc = malloc(64 * 3 * KEYS + 16), *cand = malloc(64 * KEYS + 16);
    assert_non_null(doc);
    assert_non_null(cand);
    size_t n = 0, m = 0;
    doc[n++] = '{';
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < KEYS; i++) {
            int key = (i * 37 + round * 11) % KEYS;
            n += (size_t)sprintf(doc + n, "%s\"k%d\":%d", n > 1 ? "," : "", key,
                                 round == 2 ? key : -1);
        }
    doc[n++] = '}';
    doc[n] = 0;
    cand[m++] = '{';
    for (int i = KEYS - 1; i >= 0; i--)
        m += (size_t)sprintf(cand + m, "%s\"k%d\":%d.0", m > 1 ? "," : "", i, i);
    cand[m++] = '}';
    cand[m] = 0;
    lw_json j;
    lw_json_init(&j);
    parse_ok(&j, doc, 0);
    assert_int_equal(j.nodes[0].len, KEYS);
    char key[16];
    for (int i = 0; i < KEYS; i++) {
        int len = sprintf(key, "k%d", i);
        assert_true(lw_json_has_key(&j, key, (size_t)len));
    }
    assert_false(lw_json_has_key(&j, "k200", 4));
    lw_json_clear(&j);
    assert_true(contains(doc, cand));
    assert_true(equal(doc, cand));
    /* Any earlier value of a key no longer counts. */
    assert_false(contains(doc, "{\"k5\":-1}"));
    free(doc);
    free(cand);
}

static void test_keep_order_trees(void **state)
{
    (void)state;
    lw_json j, keys;
    lw_json_init(&j);
    lw_json_init(&keys);
    parse_ok(&j, "{\"b\":1,\"a\":2,\"b\":3}", LW_JSON_KEEP_ORDER);
    assert_int_equal(j.nodes[0].len, 3);
    assert_true(lw_json_has_key(&j, "a", 1));
    assert_true(lw_json_has_key(&j, "b", 1));
    assert_false(lw_json_has_key(&j, "c", 1));
    int result = -1;
    assert_int_equal(lw_json_contains(&j, &j, &result), LW_JSON_UNSORTED);
    assert_int_equal(lw_json_equal(&j, &j, &result), LW_JSON_UNSORTED);
    assert_int_equal(result, 0);
    parse_ok(&keys, "[\"c\",\"b\"]", LW_JSON_KEEP_ORDER);
    assert_int_equal(lw_json_has_keys(&j, &keys, 0, &result), LW_JSON_OK);
    assert_true(result);
    assert_int_equal(lw_json_has_keys(&j, &keys, 1, &result), LW_JSON_OK);
    assert_false(result);
    lw_json_clear(&j);
    lw_json_clear(&keys);
}

static void test_reuse_keeps_memory(void **state)
{
    (void)state;
    lw_json j;
    lw_json_init(&j);
    parse_ok(&j, "{\"a\":[1,2,3,{\"b\":\"c\"}],\"d\":\"eeeeeeeeee\"}", 0);
    size_t footprint = lw_json_footprint(&j);
    lw_json_node *nodes = j.nodes;
    for (int i = 0; i < 100; i++)
        parse_ok(&j, "{\"x\":[4,5,6,{\"y\":\"z\"}],\"w\":\"vvvvvvvvvv\"}", 0);
    assert_int_equal(lw_json_footprint(&j), footprint);
    assert_ptr_equal(j.nodes, nodes);
    lw_json_clear(&j);
    assert_int_equal(lw_json_footprint(&j), 0);
}

/* ---- 2. jsonb comparisons ----------------------------------------------------- */

/* Every answer here is PostgreSQL 15's, asked as
 *   select a::jsonb @> b::jsonb, a::jsonb <@ b::jsonb, a::jsonb = b::jsonb
 * (scripts/oracle pg); tests/differential/json asks thousands more. */
static const struct {
    const char *a, *b;
    int contains, contained_by, equal;
} pg_cases[] = {
    {"{\"a\":[1,2]}", "{\"a\":[2]}", 1, 0, 0},
    {"[1,2]", "1", 1, 0, 0},
    {"1", "[1]", 0, 1, 0},
    {"1", "1", 1, 1, 1},
    {"\"a\"", "\"a\"", 1, 1, 1},
    {"[]", "[]", 1, 1, 1},
    {"{}", "{}", 1, 1, 1},
    {"[{}]", "[[]]", 0, 0, 0},
    {"[[1]]", "[[]]", 1, 0, 0},
    {"{\"a\":1}", "{}", 1, 0, 0},
    {"[1]", "{}", 0, 0, 0},
    {"{\"a\":1}", "[]", 0, 0, 0},
    {"1", "[]", 0, 0, 0},
    {"[1]", "[]", 1, 0, 0},
    {"{\"a\":1,\"a\":2}", "{\"a\":1}", 0, 0, 0},
    {"{\"a\":1,\"a\":2}", "{\"a\":2}", 1, 1, 1},
    {"1.0", "1", 1, 1, 1},
    {"1e2", "100", 1, 1, 1},
    {"-0", "0", 1, 1, 1},
    {"\"\\u00e9\"", "\"é\"", 1, 1, 1},
    {"true", "1", 0, 0, 0},
    {"[1,[2,3]]", "[[3]]", 1, 0, 0},
    {"[1,[2,3]]", "[3]", 0, 0, 0},
    {"[[1,2],[3]]", "[[1,3]]", 0, 0, 0},
    {"{\"a\":{\"b\":{\"c\":1,\"d\":2}}}", "{\"a\":{\"b\":{\"d\":2}}}", 1, 0, 0},
    {"{\"a\":{\"b\":[1,2]}}", "{\"a\":{\"b\":2}}", 0, 0, 0},
    {"{\"a\":[{\"b\":1,\"c\":2},{\"b\":3}]}", "{\"a\":[{\"b\":3},{\"c\":2}]}", 1, 0, 0},
    {"[1,1,2]", "[1,1,1,1]", 1, 0, 0},
    {"[1,2]", "[1,2,3]", 0, 1, 0},
    {"[\"a\",\"b\"]", "\"a\"", 1, 0, 0},
    {"[\"a\",\"b\"]", "[\"b\",\"a\",\"a\"]", 1, 1, 0},
    {"{\"a\":null}", "{\"a\":null}", 1, 1, 1},
    {"{\"a\":null}", "{\"b\":null}", 0, 0, 0},
    {"[null]", "null", 1, 0, 0},
    {"null", "null", 1, 1, 1},
    {"[true]", "[false]", 0, 0, 0},
    {"{\"x\":1.50}", "{\"x\":1.5}", 1, 1, 1},
    {"[123456789012345678901234567890]", "[1.23456789012345678901234567890e29]", 1, 1, 1},
    {"[123456789012345678901234567890]", "[123456789012345678901234567891]", 0, 0, 0},
    {"\"\\ud83d\\ude00\"", "\"😀\"", 1, 1, 1},
    {"{\"é\":1}", "{\"\\u00e9\":1}", 1, 1, 1},
    {"[[[]]]", "[[[]]]", 1, 1, 1},
    {"[[[]]]", "[[[[]]]]", 0, 1, 0},
    {"[{\"a\":[1]}]", "[{\"a\":[]}]", 1, 0, 0},
    {"{\"a\":[]}", "{\"a\":{}}", 0, 0, 0},
    {"[1,\"1\"]", "[\"1\"]", 1, 0, 0},
    {"[1]", "[\"1\"]", 0, 0, 0},
    {"{\"\":0}", "{\"\":-0.0}", 1, 1, 1},
};

static void test_comparisons_match_postgresql(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof pg_cases / sizeof pg_cases[0]; i++) {
        int c = contains(pg_cases[i].a, pg_cases[i].b);
        int cb = contains(pg_cases[i].b, pg_cases[i].a);
        int e = equal(pg_cases[i].a, pg_cases[i].b);
        if (c != pg_cases[i].contains || cb != pg_cases[i].contained_by || e != pg_cases[i].equal)
            fprintf(stderr, "  %s vs %s: got %d %d %d\n", pg_cases[i].a, pg_cases[i].b, c, cb, e);
        assert_int_equal(c, pg_cases[i].contains);
        assert_int_equal(cb, pg_cases[i].contained_by);
        assert_int_equal(e, pg_cases[i].equal);
        /* Equality is symmetric. */
        assert_int_equal(equal(pg_cases[i].b, pg_cases[i].a), e);
    }
}

static void test_numbers_compare_as_decimals(void **state)
{
    (void)state;
    const char *one[] = {"1", "1.0", "1e0", "10E-1", "0.1e1", "1.000", "100e-2", "1E+0"};
    for (size_t i = 0; i < sizeof one / sizeof one[0]; i++)
        for (size_t k = 0; k < sizeof one / sizeof one[0]; k++)
            assert_true(equal(one[i], one[k]));
    assert_true(equal("-0", "0.000e7"));
    assert_false(equal("1", "1.0000000000000000000000000000001"));
    assert_true(equal("[123456789012345678901234567890]", "[12345678901234567890123456789e1]"));
    assert_false(equal("123456789012345678901234567890", "123456789012345678901234567891"));
    assert_true(contains("[1e-30, 2]", "1.0E-30"));
    assert_false(equal("1", "\"1\""));
    assert_false(equal("true", "1"));
    assert_false(equal("null", "0"));
    assert_false(equal("false", "0"));
}

/* Long arrays are searched through a sorted index of their scalars rather than
 * scanned per candidate element: the answers must not change. */
static void test_long_arrays_use_an_index(void **state)
{
    (void)state;
    enum { N = 400 };
    static const char *const literals[] = {"null", "true", "false", "\"s\"", "\"\""};
    char *doc = malloc(32 * N + 64), *cand = malloc(32 * N + 64);
    assert_non_null(doc);
    assert_non_null(cand);
    size_t n = 0, m = 0;
    doc[n++] = '[';
    cand[m++] = '[';
    for (int i = 0; i < N; i++) {
        /* The document writes i plainly; the candidate as i0e-1 (0 as -0.0), in
         * reverse order. */
        n += (size_t)sprintf(doc + n, "%s%d", i ? "," : "", i);
        if (N - 1 - i == 0)
            m += (size_t)sprintf(cand + m, ",-0.0");
        else
            m += (size_t)sprintf(cand + m, "%s%d0e-1", i ? "," : "", N - 1 - i);
    }
    for (size_t i = 0; i < sizeof literals / sizeof literals[0]; i++) {
        n += (size_t)sprintf(doc + n, ",%s", literals[i]);
        m += (size_t)sprintf(cand + m, ",%s", literals[i]);
    }
    doc[n++] = ']';
    doc[n] = 0;
    assert_true((uint64_t)N * N > LW_JSON_ARRAY_SCAN_MAX);
    strcpy(cand + m, "]");
    assert_true(contains(doc, cand));
    strcpy(cand + m, ",[]]");
    assert_false(contains(doc, cand));
    strcpy(cand + m, ",400]");
    assert_false(contains(doc, cand));
    strcpy(cand + m, ",\"t\"]");
    assert_false(contains(doc, cand));
    strcpy(cand + m, ",-0.0,1e2,\"s\"]");
    assert_true(contains(doc, cand));
    free(doc);
    free(cand);
}

/* Writes ["<prefix>N-1",...,"<prefix>0" into buf (no closing bracket); returns its
 * length. */
static size_t write_keys(char *buf, const char *prefix, int n)
{
    size_t len = 0;
    buf[len++] = '[';
    for (int i = 0; i < n; i++)
        len += (size_t)sprintf(buf + len, "%s\"%s%d\"", i ? "," : "", prefix, n - 1 - i);
    return len;
}

/* Many keys against a long array or object: the key tests sort the document's
 * strings once; the answers must not change. */
static void test_many_keys_use_an_index(void **state)
{
    (void)state;
    enum { N = 400 };
    char *arr = malloc(16 * N + 16), *obj = malloc(16 * N + 16), *keys = malloc(16 * N + 32);
    assert_non_null(arr);
    assert_non_null(obj);
    assert_non_null(keys);
    size_t a = 0, o = 0;
    arr[a++] = '[';
    obj[o++] = '{';
    for (int i = 0; i < N; i++) {
        a += (size_t)sprintf(arr + a, "%s\"k%d\",%d", i ? "," : "", i, i);
        o += (size_t)sprintf(obj + o, "%s\"k%d\":%d", i ? "," : "", i, i);
    }
    strcpy(arr + a, "]");
    strcpy(obj + o, "}");
    assert_true((uint64_t)N * N > LW_JSON_ARRAY_SCAN_MAX);
    static const struct {
        const char *tail;
        int any, all;
    } tails[] = {{"]", 1, 1}, {",null]", 1, 1}, {",\"k400\"]", 1, 0}, {",\"1\"]", 1, 0}};
    lw_json ja, jo, jk;
    lw_json_init(&ja);
    lw_json_init(&jo);
    lw_json_init(&jk);
    for (unsigned flags = 0; flags <= LW_JSON_KEEP_ORDER; flags++) {
        parse_ok(&ja, arr, flags);
        parse_ok(&jo, obj, flags);
        int result = -1;
        for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
            strcpy(keys + write_keys(keys, "k", N), tails[t].tail);
            parse_ok(&jk, keys, flags);
            assert_int_equal(lw_json_has_keys(&ja, &jk, 0, &result), LW_JSON_OK);
            assert_int_equal(result, tails[t].any);
            assert_int_equal(lw_json_has_keys(&ja, &jk, 1, &result), LW_JSON_OK);
            assert_int_equal(result, tails[t].all);
            assert_int_equal(lw_json_has_keys(&jo, &jk, 1, &result), LW_JSON_OK);
            assert_int_equal(result, tails[t].all);
        }
        /* None of many keys is there. */
        strcpy(keys + write_keys(keys, "x", N), "]");
        parse_ok(&jk, keys, flags);
        assert_int_equal(lw_json_has_keys(&jo, &jk, 0, &result), LW_JSON_OK);
        assert_int_equal(result, 0);
        assert_int_equal(lw_json_has_keys(&ja, &jk, 0, &result), LW_JSON_OK);
        assert_int_equal(result, 0);
    }
    lw_json_clear(&ja);
    lw_json_clear(&jo);
    lw_json_clear(&jk);
    free(arr);
    free(obj);
    free(keys);
}

static void test_key_tests(void **state)
{
    (void)state;
    static const struct {
        const char *doc, *key;
        int found;
    } cases[] = {
        /* select '...'::jsonb ? '...' on PostgreSQL 15 */
        {"{\"a\":1}", "a", 1},
        {"[\"a\"]", "a", 1},
        {"\"a\"", "a", 1},
        {"[[\"a\"]]", "a", 0},
        {"{\"b\":{\"a\":1}}", "a", 0},
        {"[1]", "1", 0},
        {"{\"\\u00e9\":0}", "é", 1},
        {"{\"a\":1,\"a\":2}", "a", 1},
        {"1", "1", 0},
        {"{}", "", 0},
        {"{\"\":0}", "", 1},
        {"null", "null", 0},
    };
    lw_json j;
    lw_json_init(&j);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (unsigned flags = 0; flags <= LW_JSON_KEEP_ORDER; flags++) {
            parse_ok(&j, cases[i].doc, flags);
            assert_int_equal(lw_json_has_key(&j, cases[i].key, strlen(cases[i].key)),
                             cases[i].found);
        }
    }
    lw_json keys;
    lw_json_init(&keys);
    parse_ok(&j, "{\"a\":1,\"b\":2}", 0);
    static const struct {
        const char *keys;
        int any, all;
    } key_sets[] = {
        /* ?| and ?& with text[] arrays on PostgreSQL 15 (null elements are NULLs) */
        {"[]", 0, 1},      {"[\"a\"]", 1, 1},      {"[\"a\",\"c\"]", 1, 0},
        {"[\"c\"]", 0, 0}, {"[null,\"a\"]", 1, 1}, {"[null]", 0, 1},
    };
    for (size_t i = 0; i < sizeof key_sets / sizeof key_sets[0]; i++) {
        parse_ok(&keys, key_sets[i].keys, 0);
        int result = -1;
        assert_int_equal(lw_json_has_keys(&j, &keys, 0, &result), LW_JSON_OK);
        assert_int_equal(result, key_sets[i].any);
        assert_int_equal(lw_json_has_keys(&j, &keys, 1, &result), LW_JSON_OK);
        assert_int_equal(result, key_sets[i].all);
    }
    const char *not_keys[] = {"\"a\"", "{\"a\":1}", "[\"a\",1]", "[[\"a\"]]", "[true]"};
    for (size_t i = 0; i < sizeof not_keys / sizeof not_keys[0]; i++) {
        int result = -1;
        parse_ok(&keys, not_keys[i], 0);
        assert_int_equal(lw_json_has_keys(&j, &keys, 0, &result), LW_JSON_NOT_KEYS);
    }
    lw_json_clear(&j);
    lw_json_clear(&keys);
}

/* ---- 3. SQL functions ----------------------------------------------------------- */

static void test_sql_functions(void **state)
{
    sqlite3 *db = *state;
    assert_sql(db, "SELECT json_contains('{\"a\":[1,2],\"b\":1}', '{\"a\":[2]}')", "1");
    assert_sql(db, "SELECT json_contained_by('{\"a\":[2]}', '{\"a\":[1,2]}')", "1");
    assert_sql(db, "SELECT json_contained_by('{\"a\":[1,2]}', '{\"a\":[2]}')", "0");
    assert_sql(db, "SELECT json_equal('{\"a\":1.0,\"b\":[]}', '{\"b\":[],\"a\":1}')", "1");
    assert_sql(db, "SELECT json_has_key('{\"a\":1}', 'a')", "1");
    assert_sql(db, "SELECT json_has_any_keys('{\"a\":1}', '[\"b\",\"a\"]')", "1");
    assert_sql(db, "SELECT json_has_all_keys('{\"a\":1}', '[\"b\",\"a\"]')", "0");
}

static void test_sql_null_gives_null(void **state)
{
    sqlite3 *db = *state;
    const char *calls[] = {
        "json_contains(NULL, '1')",
        "json_contains('1', NULL)",
        "json_contained_by(NULL, '1')",
        "json_equal('1', NULL)",
        "json_has_key(NULL, 'a')",
        "json_has_key('{}', NULL)",
        "json_has_any_keys('{}', NULL)",
        "json_has_all_keys(NULL, '[]')",
        /* NULL wins over a malformed other argument. */
        "json_contains('{', NULL)",
    };
    char sql[256];
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
        snprintf(sql, sizeof sql, "SELECT %s", calls[i]);
        assert_sql(db, sql, "NULL");
    }
    /* A JSON null is a value, not a NULL. */
    assert_sql(db, "SELECT json_contains('[null]', 'null')", "1");
}

static void test_sql_argument_rules(void **state)
{
    sqlite3 *db = *state;
    /* Candidates: TEXT that is not JSON is a JSON string. */
    assert_sql(db, "SELECT json_contains('[\"x\",\"y\"]', 'x')", "1");
    assert_sql(db, "SELECT json_contains('[\"x y\"]', 'x y')", "1");
    assert_sql(db, "SELECT json_contains('[\"\"]', '')", "1");
    assert_sql(db, "SELECT json_contained_by('x', '[\"x\"]')", "1");
    assert_sql(db, "SELECT json_equal('\"x\"', 'x')", "1");
    /* ... while TEXT that is JSON is that JSON. */
    assert_sql(db, "SELECT json_contains('[1]', '1')", "1");
    assert_sql(db, "SELECT json_contains('[\"1\"]', '1')", "0");
    assert_sql(db, "SELECT json_contains('[\"1\"]', '\"1\"')", "1");
    /* INTEGER and REAL are numbers, REAL through its shortest text. */
    assert_sql(db, "SELECT json_contains('[1.0]', 1)", "1");
    assert_sql(db, "SELECT json_contains('[0.1]', 0.1)", "1");
    assert_sql(db, "SELECT json_contains('[0.1]', 0.1 + 0.2 - 0.2)", "0");
    assert_sql(db, "SELECT json_contains('[1e22]', 1e22)", "1");
    assert_sql(db, "SELECT json_contains(5, 5.0)", "1");
    assert_sql(db, "SELECT json_equal(-2, '-2e0')", "1");
    assert_sql(db, "SELECT json_has_key('{\"1\":0}', 1)", "1");
    /* What SQLite's JSON functions return: `->` gives JSON, `->>` SQL values. */
    const char *doc = "'{\"tags\":[\"x\",\"y\"],\"n\":\"1\",\"m\":1,\"s\":\"x\","
                      "\"o\":{\"a\":[1]}}'";
    static const struct {
        const char *expr, *expected;
    } cases[] = {
        {"json_contains(D -> '$.tags', 'x')", "1"},
        {"json_contains(D -> '$.tags', D -> '$.s')", "1"},
        {"json_contains(D -> '$.tags', D ->> '$.s')", "1"},
        {"json_contains(D ->> '$.tags', 'x')", "1"},
        {"json_equal(D -> '$.n', '\"1\"')", "1"},
        {"json_equal(D -> '$.n', 1)", "0"},
        /* ->> turns the string "1" into the SQL text '1', which is JSON 1. */
        {"json_equal(D -> '$.m', D ->> '$.n')", "1"},
        {"json_equal(D -> '$.m', D ->> '$.m')", "1"},
        {"json_contains(D, json_object('o', json_object('a', json_array(1))))", "1"},
        {"json_contains(D, json_object('o', json_object('a', 1)))", "0"},
        {"json_has_key(D -> '$.o', 'a')", "1"},
        {"json_has_key(D -> '$.tags', 'y')", "1"},
        {"json_has_key(D -> '$.s', 'x')", "1"},
        {"json_contains(D, '{\"missing\":1}')", "0"},
        {"json_contains(D -> '$.missing', 'x')", "NULL"},
    };
    char sql[512], expr[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = 0;
        for (const char *p = cases[i].expr; *p; p++) {
            if (*p == 'D' && (p[1] == ' ' || p[1] == ',' || p[1] == ')')) {
                n += (size_t)snprintf(expr + n, sizeof expr - n, "%s", doc);
            } else {
                expr[n++] = *p;
                expr[n] = 0;
            }
        }
        snprintf(sql, sizeof sql, "SELECT %s", expr);
        assert_sql(db, sql, cases[i].expected);
    }
}

static void test_sql_errors(void **state)
{
    sqlite3 *db = *state;
    assert_sql_error(db, "SELECT json_contains('{\"a\" 1}', '1')",
                     "json_contains(): invalid JSON in argument 1 at byte 6 (expected ':' "
                     "after an object key): '{\"a\" 1}'");
    /* Documents must be JSON; a candidate that looks broken is just a string. */
    assert_sql_error(db, "SELECT json_contained_by('1', 'x')",
                     "json_contained_by(): invalid JSON in argument 2 at byte 1");
    assert_sql(db, "SELECT json_contains('[1]', '{')", "0");
    assert_sql_error(
        db, "SELECT json_has_key('[1,', 'a')",
        "json_has_key(): invalid JSON in argument 1 at byte 4 (expected a JSON value)");
    assert_sql_error(db, "SELECT json_has_any_keys('{}', 'a')",
                     "json_has_any_keys(): invalid JSON in argument 2 at byte 1");
    assert_sql_error(db, "SELECT json_has_all_keys('{}', '[\"a\", 1]')",
                     "json_has_all_keys(): argument 2 must be a JSON array of strings, got "
                     "'[\"a\", 1]'");
    assert_sql_error(db, "SELECT json_has_any_keys('{}', '\"a\"')",
                     "must be a JSON array of strings");
    /* Long texts are quoted where parsing stopped. */
    assert_sql_error(db,
                     "SELECT json_equal('{\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\":"
                     "[1, 2, 3 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]}', '1')",
                     "json_equal(): invalid JSON in argument 1 at byte 65 (expected ',' or ']' "
                     "after an array element) near '4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15...'");
    /* Invalid UTF-8, wherever it is. */
    assert_sql_error(db, "SELECT json_contains(CAST(x'5b22ff225d' AS TEXT), '1')",
                     "json_contains(): invalid UTF-8 in argument 1 at byte 3");
    assert_sql_error(db, "SELECT json_contains('[1]', CAST(x'61ff' AS TEXT))",
                     "json_contains(): invalid UTF-8 in argument 2 at byte 2");
    assert_sql_error(db, "SELECT json_has_key('{}', CAST(x'61ff' AS TEXT))",
                     "json_has_key(): invalid UTF-8 in argument 2 at byte 2");
    /* Other types. */
    assert_sql_error(db, "SELECT json_contains(x'00', '1')",
                     "json_contains(): argument 1 must be JSON text, got a blob");
    assert_sql_error(db, "SELECT json_has_key('{}', x'00')",
                     "json_has_key(): argument 2 must be text, got a blob");
    assert_sql_error(db, "SELECT json_contains('[1]', 1e999)",
                     "json_contains(): real value Inf in argument 2 is not a JSON number");
    assert_sql_error(db, "SELECT json_contains('[1e99999999999999999999]', 1)",
                     "json_contains(): invalid JSON in argument 1 at byte 2 (number out of range)");
    assert_sql_error(db, "SELECT json_contains('[1]')", "wrong number of arguments");
}

static void test_sql_depth_error(void **state)
{
    sqlite3 *db = *state;
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT json_contains(printf('%%.*c%%.*c', %d, '[', %d, ']'), '[]')",
             LW_JSON_MAX_DEPTH + 1, LW_JSON_MAX_DEPTH + 1);
    char expected[128];
    snprintf(expected, sizeof expected,
             "json_contains(): JSON nested deeper than %d levels in argument 1 at byte %d",
             LW_JSON_MAX_DEPTH, LW_JSON_MAX_DEPTH + 1);
    assert_sql_error(db, sql, expected);
    snprintf(sql, sizeof sql,
             "SELECT json_contains(printf('%%.*c%%.*c', %d, '[', %d, ']'), '[[[]]]')",
             LW_JSON_MAX_DEPTH, LW_JSON_MAX_DEPTH);
    assert_sql(db, sql, "1");
}

/* Asserts that two queries give the same first value, and that it is expected. */
static void assert_same(sqlite3 *db, const char *ours, const char *reference, const char *expected)
{
    char *a = lw_test_scalar(db, ours), *b = lw_test_scalar(db, reference);
    if (strcmp(a, b) != 0 || strcmp(a, expected) != 0)
        fprintf(stderr, "  %s -> %s\n  %s -> %s\n", ours, a, reference, b);
    assert_string_equal(a, b);
    assert_string_equal(a, expected);
    free(a);
    free(b);
}

/* Constant arguments are parsed once per statement and the others once per row: both
 * must give each row its own answer, which a plain SQL formulation checks. */
static void test_sql_caching_per_statement(void **state)
{
    sqlite3 *db = *state;
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE cache_docs (id INTEGER PRIMARY KEY, doc TEXT, "
                                  "cand TEXT);"
                                  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                                  "WHERE i < 300) INSERT INTO cache_docs SELECT i, "
                                  "json_object('tags', json_array('t' || (i % 7), 't' || (i % 5)), "
                                  "'n', i), json_array('t' || (i % 3)) FROM n",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_same(db,
                "SELECT count(*) FROM cache_docs WHERE json_contains(doc, '{\"tags\":[\"t0\"]}')",
                "SELECT count(*) FROM cache_docs WHERE id % 7 = 0 OR id % 5 = 0", "94");
    assert_same(db,
                "SELECT count(*) FROM cache_docs WHERE "
                "json_contained_by('{\"tags\":[\"t0\"]}', doc)",
                "SELECT count(*) FROM cache_docs WHERE id % 7 = 0 OR id % 5 = 0", "94");
    const char *same_tag = "SELECT count(*) FROM cache_docs WHERE id % 7 = id % 3 OR "
                           "id % 5 = id % 3";
    assert_same(db, "SELECT count(*) FROM cache_docs WHERE json_contains(doc -> '$.tags', cand)",
                same_tag, "96");
    assert_same(db,
                "SELECT count(*) FROM cache_docs WHERE "
                "json_contains(doc -> '$.tags', cand ->> '$[0]')",
                same_tag, "96");
    assert_same(db, "SELECT sum(json_has_key(doc, 'n')) FROM cache_docs",
                "SELECT count(*) FROM cache_docs", "300");
    assert_same(
        db, "SELECT sum(json_has_any_keys(doc -> '$.tags', '[\"t1\",\"t2\"]')) FROM cache_docs",
        "SELECT count(*) FROM cache_docs WHERE id % 7 IN (1, 2) OR id % 5 IN (1, 2)", "171");
    assert_same(db, "SELECT sum(json_equal(doc -> '$.n', id)) FROM cache_docs",
                "SELECT count(*) FROM cache_docs", "300");
    /* The same constant in two places of one statement. */
    assert_same(db,
                "SELECT count(*) FROM cache_docs WHERE json_contains(doc, '{\"n\":7}')"
                " OR json_contains(doc, '{\"n\":7}') OR json_contains(doc, '{\"n\":8.0}')",
                "SELECT count(*) FROM cache_docs WHERE id IN (7, 8)", "2");
    /* A bound parameter is constant for one run of the statement only. */
    sqlite3_stmt *stmt = NULL;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT count(*) FROM cache_docs WHERE "
                                        "json_contains(doc, ?1)",
                                        -1, &stmt, NULL),
                     SQLITE_OK);
    const char *binds[] = {"{\"n\":1}", "{\"tags\":[\"t6\"]}", "{}", "[]"};
    const int counts[] = {1, 43, 300, 0};
    for (size_t i = 0; i < sizeof binds / sizeof binds[0]; i++) {
        sqlite3_bind_text(stmt, 1, binds[i], -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int(stmt, 0), counts[i]);
        sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
    assert_int_equal(sqlite3_exec(db, "DROP TABLE cache_docs", NULL, NULL, NULL), SQLITE_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_builds_compact_tree),
        cmocka_unit_test(test_parse_accepts_every_value_form),
        cmocka_unit_test(test_parse_errors_have_position_and_reason),
        cmocka_unit_test(test_parse_depth_is_bounded),
        cmocka_unit_test(test_parse_rejects_oversized_length),
        cmocka_unit_test(test_strings_compare_after_unescaping),
        cmocka_unit_test(test_set_string),
        cmocka_unit_test(test_large_objects_sort_and_deduplicate),
        cmocka_unit_test(test_keep_order_trees),
        cmocka_unit_test(test_reuse_keeps_memory),
        cmocka_unit_test(test_comparisons_match_postgresql),
        cmocka_unit_test(test_numbers_compare_as_decimals),
        cmocka_unit_test(test_long_arrays_use_an_index),
        cmocka_unit_test(test_many_keys_use_an_index),
        cmocka_unit_test(test_key_tests),
        cmocka_unit_test(test_sql_functions),
        cmocka_unit_test(test_sql_null_gives_null),
        cmocka_unit_test(test_sql_argument_rules),
        cmocka_unit_test(test_sql_errors),
        cmocka_unit_test(test_sql_depth_error),
        cmocka_unit_test(test_sql_caching_per_statement),
    };
    return cmocka_run_group_tests_name("json", tests, lw_test_open, lw_test_close);
}
