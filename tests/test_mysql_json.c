/* Unit tests of the mysql dialect's JSON core (shim/dialect/mysql/json_doc.c): MariaDB's
 * paths, its output form with the modifiers' edits, containment and merges, over the
 * json module's parser with LW_JSON_RAW_STRINGS; the SQL functions' warnings and
 * JSON_TABLE through a mariadb connection, its rows' conversions (json_table.c); and ENUM/SET
 * columns as numbers (their index or bits, from the members the dialect's catalog keeps). */
#include "lw_shim_test.h"

#include "dialect/mysql/json_doc.h"
#include "dialect/mysql/json_table.h"

/* The first row as the mariadb client displays it, fields joined by '|'. */
static const char *first_row(lw_conn *conn, const char *sql)
{
    static char buf[512];
    lw_rows *rows = NULL;
    buf[0] = 0;
    assert_int_equal(lw_query(conn, sql, NULL, 0, &rows), 0);
    assert_int_equal(lw_rows_next(rows), LW_ROW);
    size_t len = 0;
    for (int i = 0; i < lw_column_count(rows); i++) {
        const char *v = lw_column_display(rows, i);
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", i ? "|" : "", v ? v : "NULL");
    }
    lw_rows_close(rows);
    return buf;
}

static void parse(lw_json *j, const char *text)
{
    lw_json_init(j);
    assert_int_equal(lw_json_parse(j, text, strlen(text), MY_JSON_FLAGS, NULL), LW_JSON_OK);
}

/* The text my_json_write gives for text's root, compact or not, with an edit. */
static char *written(const char *text, int compact, const my_jedit *e)
{
    lw_json j;
    parse(&j, text);
    lw_sqlbuf b = {0};
    my_json_write(&b, &j, 0, compact, e);
    lw_json_clear(&j);
    return lw_sqlbuf_finish(&b);
}

/* What path reaches in text, written as a JSON array of the values found. */
static char *found(const char *text, const char *path)
{
    lw_json j;
    parse(&j, text);
    my_jpath p;
    size_t pos = 0;
    assert_int_equal(my_jpath_parse(path, strlen(path), &p, &pos), MY_JPATH_OK);
    my_jnodes nodes = {0};
    my_jpath_find(&j, 0, &p, &nodes);
    lw_sqlbuf b = {0};
    lw_sqlbuf_appends(&b, "[");
    for (uint32_t i = 0; i < nodes.n; i++) {
        lw_sqlbuf_appends(&b, i ? ", " : "");
        my_json_write(&b, &j, nodes.v[i], 0, NULL);
    }
    lw_sqlbuf_appends(&b, "]");
    my_jnodes_free(&nodes);
    lw_json_clear(&j);
    return lw_sqlbuf_finish(&b);
}

#define assert_text(expr, expected)                                                                \
    do {                                                                                           \
        char *got_ = (expr);                                                                       \
        assert_non_null(got_);                                                                     \
        assert_string_equal(got_, expected);                                                       \
        sqlite3_free(got_);                                                                        \
    } while (0)

static void test_raw_strings_keep_escapes(void **state)
{
    (void)state;
    lw_json j;
    parse(&j, "[\"a\\u00e9\\\"\", \"plain\"]");
    const lw_json_node *s = &j.nodes[my_json_child(&j, 0, 0)];
    assert_int_equal(s->type, LW_JSON_STRING);
    assert_int_equal(s->len, 9);
    assert_memory_equal(j.bytes + s->off, "a\\u00e9\\\"", 9);
    lw_json_clear(&j);
    /* Without the flag the same string is decoded. */
    lw_json_init(&j);
    assert_int_equal(lw_json_parse(&j, "\"a\\u00e9\"", 9, 0, NULL), LW_JSON_OK);
    assert_int_equal(j.nodes[0].len, 3);
    lw_json_clear(&j);
    /* Still validated: a bad escape fails. */
    lw_json_init(&j);
    assert_int_equal(lw_json_parse(&j, "\"\\x\"", 4, MY_JSON_FLAGS, NULL), LW_JSON_SYNTAX);
    lw_json_clear(&j);
}

static void test_output_form(void **state)
{
    (void)state;
    assert_text(written("{ \"b\" : 1 , \"a\" : [ 1 ,2.50e0, {} ,[]] }", 0, NULL),
                "{\"b\": 1, \"a\": [1, 2.50e0, {}, []]}");
    assert_text(written("{ \"b\" : 1 , \"a\" : [ 1 , \"x\\ty\" ] }", 1, NULL),
                "{\"b\":1,\"a\":[1,\"x\\ty\"]}");
    /* Duplicate keys stay, in order. */
    assert_text(written("{\"a\":1,\"a\":2}", 0, NULL), "{\"a\": 1, \"a\": 2}");
}

static void test_paths(void **state)
{
    (void)state;
    const char *doc = "{\"a\": {\"x\": 1, \"x\": 9}, \"b\": {\"x\": 2}, \"c\": [3, [4, 5]]}";
    assert_text(found(doc, "$.a.x"), "[1]");
    assert_text(found(doc, "$.*.x"), "[1, 2]");
    assert_text(found(doc, "$.c[last]"), "[[4, 5]]");
    assert_text(found(doc, "$.c[last - 1]"), "[3]");
    assert_text(found(doc, "$.c[*]"), "[3, [4, 5]]");
    assert_text(found(doc, "$.\"b\".x"), "[2]");
    assert_text(found(doc, "$.c[0][0]"), "[3]");
    assert_text(found(doc, "$.nope"), "[]");
    assert_text(found(doc, "$**.x"), "[1, 2]");
    /* Each place once, in document order, however many ways `**` reaches it. */
    assert_text(found("[1, [2, 3]]", "$**[0]"), "[1, 2, 3]");
    assert_text(found("[1]", "$****[0]"), "[1]");
    assert_text(found("{\"a\": {\"b\": 1}}", "$.a**.b"), "[]");
    /* Work is bounded by steps times nodes: 120 `**` over 20,000 nested values. */
    {
        lw_sqlbuf big = {0}, path = {0};
        lw_sqlbuf_appends(&big, "[");
        for (int i = 0; i < 20000; i++)
            lw_sqlbuf_appends(&big, i ? ", [[1]]" : "[[1]]");
        lw_sqlbuf_appends(&big, "]");
        lw_sqlbuf_appends(&path, "$");
        for (int i = 0; i < 120; i++)
            lw_sqlbuf_appends(&path, "**[0]");
        lw_json j;
        parse(&j, big.s);
        my_jpath p;
        size_t pos = 0;
        assert_int_equal(my_jpath_parse(path.s, path.len, &p, &pos), MY_JPATH_OK);
        my_jnodes nodes = {0};
        my_jpath_find(&j, 0, &p, &nodes);
        assert_true(nodes.n > 0);
        my_jnodes_free(&nodes);
        lw_json_clear(&j);
        lw_sqlbuf_free(&big);
        lw_sqlbuf_free(&path);
    }
    my_jpath p;
    size_t pos = 0;
    assert_int_equal(my_jpath_parse("a", 1, &p, &pos), MY_JPATH_SYNTAX);
    assert_int_equal(pos, 1);
    assert_int_equal(my_jpath_parse("$[a]", 4, &p, &pos), MY_JPATH_SYNTAX);
    assert_int_equal(pos, 3);
    assert_int_equal(my_jpath_parse("$.", 2, &p, &pos), MY_JPATH_END);
    assert_int_equal(my_jpath_parse("$[1", 3, &p, &pos), MY_JPATH_END);
    assert_int_equal(my_jpath_parse("$[*]", 4, &p, &pos), MY_JPATH_OK);
    assert_true(p.wild);
}

static void test_edits(void **state)
{
    (void)state;
    lw_json j;
    parse(&j, "{\"a\": [1, 2], \"b\": 3}");
    uint32_t a = my_json_member(&j, 0, "a", 1), b = my_json_member(&j, 0, "b", 1);
    my_jedit e = {MY_JEDIT_REPLACE, b, NULL, 0, 0, "true", 4};
    lw_sqlbuf out = {0};
    my_json_write(&out, &j, 0, 0, &e);
    assert_string_equal(out.s, "{\"a\": [1, 2], \"b\": true}");
    lw_sqlbuf_reset(&out);
    e = (my_jedit){MY_JEDIT_REMOVE, my_json_child(&j, a, 0), NULL, 0, 0, NULL, 0};
    my_json_write(&out, &j, 0, 0, &e);
    assert_string_equal(out.s, "{\"a\": [2], \"b\": 3}");
    lw_sqlbuf_reset(&out);
    e = (my_jedit){MY_JEDIT_ADD_MEMBER, 0, "c", 1, 0, "[]", 2};
    my_json_write(&out, &j, 0, 0, &e);
    assert_string_equal(out.s, "{\"a\": [1, 2], \"b\": 3, \"c\": []}");
    lw_sqlbuf_reset(&out);
    e = (my_jedit){MY_JEDIT_INSERT_AT, a, NULL, 0, 1, "9", 1};
    my_json_write(&out, &j, 0, 0, &e);
    assert_string_equal(out.s, "{\"a\": [1, 9, 2], \"b\": 3}");
    lw_sqlbuf_reset(&out);
    e = (my_jedit){MY_JEDIT_WRAP, b, NULL, 0, 0, "4", 1};
    my_json_write(&out, &j, 0, 0, &e);
    assert_string_equal(out.s, "{\"a\": [1, 2], \"b\": [3, 4]}");
    lw_sqlbuf_free(&out);
    lw_json_clear(&j);
}

static int contains(const char *t, const char *c)
{
    lw_json a, b;
    parse(&a, t);
    parse(&b, c);
    int r = my_json_contains(&a, 0, &b, 0);
    lw_json_clear(&a);
    lw_json_clear(&b);
    return r;
}

static void test_contains(void **state)
{
    (void)state;
    assert_true(contains("[1, 2, 3]", "[3, 1]"));
    assert_true(contains("[[1, 2], 3]", "[1]"));
    assert_true(contains("[[1, 2], 3]", "1"));
    assert_false(contains("[1, 2]", "[1, 4]"));
    assert_true(contains("{\"a\": [1, 2], \"b\": 1}", "{\"a\": [2]}"));
    assert_false(contains("{\"a\": 1}", "1"));
    assert_true(contains("1.0", "1"));
    assert_false(contains("\"a\"", "\"A\""));
    assert_false(contains("1", "[1]"));
}

static int equal_or_overlap(const char *x, const char *y, int overlaps)
{
    lw_json a, b;
    parse(&a, x);
    parse(&b, y);
    int r = overlaps ? my_json_overlaps(&a, 0, &b, 0) : my_json_equal(&a, 0, &b, 0);
    lw_json_clear(&a);
    lw_json_clear(&b);
    return r;
}

static void test_equal_and_overlap(void **state)
{
    (void)state;
    assert_true(equal_or_overlap("{\"a\": 1, \"b\": [1]}", "{\"b\": [1.0], \"a\": 1}", 0));
    assert_false(equal_or_overlap("[1, 2]", "[2, 1]", 0));
    assert_false(equal_or_overlap("{\"a\": 1, \"a\": 2}", "{\"a\": 2}", 0));
    assert_false(equal_or_overlap("\"a\"", "\"\\u0061\"", 0));
    assert_true(equal_or_overlap("[1, [2]]", "[[2]]", 1));
    assert_false(equal_or_overlap("[]", "[]", 1));
    assert_true(equal_or_overlap("{\"a\": 1, \"b\": 2}", "{\"b\": 2}", 1));
    assert_false(equal_or_overlap("{\"a\": 1}", "{\"a\": 2}", 1));
    assert_true(equal_or_overlap("[1, {\"a\": 1}]", "{\"a\": 1}", 1));
}

static char *merged(const char *x, const char *y, int patch)
{
    lw_json a, b;
    parse(&a, x);
    parse(&b, y);
    lw_sqlbuf out = {0};
    if (patch)
        my_json_merge_patch(&out, &a, 0, &b, 0);
    else
        my_json_merge_preserve(&out, &a, 0, &b, 0);
    lw_json_clear(&a);
    lw_json_clear(&b);
    return lw_sqlbuf_finish(&out);
}

static void test_merges(void **state)
{
    (void)state;
    assert_text(merged("{\"a\": 1, \"b\": 2}", "{\"b\": null, \"c\": 3}", 1),
                "{\"a\": 1, \"c\": 3}");
    assert_text(merged("[1]", "{\"a\": {\"b\": null}}", 1), "{\"a\": {}}");
    assert_text(merged("{\"a\": 1}", "7", 1), "7");
    assert_text(
        merged("{\"a\": {\"b\": 1}, \"c\": 1}", "{\"a\": {\"b\": 2, \"d\": 3}, \"e\": 4}", 0),
        "{\"a\": {\"b\": [1, 2], \"d\": 3}, \"c\": 1, \"e\": 4}");
    assert_text(merged("[1]", "{\"a\": 2}", 0), "[1, {\"a\": 2}]");
    assert_text(merged("1", "2", 0), "[1, 2]");
}

static void test_depth_and_strings(void **state)
{
    (void)state;
    {
        lw_json d;
        parse(&d, "{\"a\": [1], \"b\": {}, \"c\": [1, 2]}");
        lw_sqlbuf out = {0};
        my_json_write_detailed(&out, &d, 0, 0, 2);
        assert_string_equal(out.s, "{\n  \"a\": \n  [1],\n  \"b\": \n  {\n  },\n  \"c\": \n  [\n"
                                   "    1,\n    2\n  ]\n}");
        lw_sqlbuf_free(&out);
        lw_json_clear(&d);
    }
    lw_json j;
    parse(&j, "[1, {\"a\": []}]");
    assert_int_equal(my_json_depth(&j, 0), 3);
    lw_json_clear(&j);
    lw_sqlbuf b = {0};
    my_json_append_string(&b, "say \"hi\"\\\n\x01/", 12);
    assert_string_equal(b.s, "\"say \\\"hi\\\"\\\\\\n\\u0001/\"");
    lw_sqlbuf_free(&b);
}

/* The SQL functions' NULLs and warnings on a mariadb connection. */
static void test_sql_warnings(void **state)
{
    (void)state;
    lw_conn *c = open_ok("sqlite::memory:?dialect=mariadb");
    assert_string_equal(first_row(c, "SELECT JSON_EXTRACT('{\"a\": ', '$.a')"), "NULL");
    assert_string_equal(first_row(c, "SHOW WARNINGS"),
                        "Warning|4037|Unexpected end of JSON text in argument 1 to function "
                        "'json_extract'");
    assert_string_equal(first_row(c, "SELECT JSON_SET('[1]', '$[*]', 2)"), "NULL");
    assert_string_equal(first_row(c, "SHOW WARNINGS"),
                        "Warning|4044|Wildcards or range in JSON path not allowed in argument 2 "
                        "to function 'json_set'");
    assert_string_equal(first_row(c, "SELECT JSON_CONTAINS_PATH('{}', 'some', '$')"), "NULL");
    assert_string_equal(first_row(c, "SHOW WARNINGS"),
                        "Warning|4046|Argument 2 to function 'json_contains_path' must be "
                        "\"one\" or \"all\".");
    lw_close(c);
}

/* JSON_TABLE is refused, naming it, rather than run with another meaning. */
/* JSON_TABLE through a mariadb connection: the rows of each document of the table
 * before it; in a select list it is refused (1235), as it is no function there. */
static void test_json_table_sql(void **state)
{
    (void)state;
    lw_conn *c = open_ok("sqlite::memory:?dialect=mariadb");
    exec_ok(c, "CREATE TABLE docs (id INT, doc JSON)");
    exec_ok(c, "INSERT INTO docs VALUES (1, '{\"tags\": [\"a\", \"b\"]}'), (2, NULL)");
    assert_string_equal(first_row(c, "SELECT COUNT(*), GROUP_CONCAT(jt.n, jt.tag) FROM docs, "
                                     "JSON_TABLE(doc, '$.tags[*]' COLUMNS (n FOR ORDINALITY, "
                                     "tag VARCHAR(5) PATH '$')) AS jt"),
                        "2|1a,2b");
    int rc =
        lw_exec(c, "SELECT JSON_TABLE(doc, '$' COLUMNS (n FOR ORDINALITY)) FROM docs", NULL, 0);
    assert_true(rc < 0);
    const lw_error *e = lw_last_error(c);
    assert_string_equal(lw_error_sqlstate(e), "0A000");
    assert_int_equal(lw_error_mysql_errno(e), 1235);
    assert_non_null(strstr(lw_error_message(e), "JSON_TABLE"));
    /* A view would store a function name only this connection has. */
    rc = lw_exec(c,
                 "CREATE VIEW v AS SELECT * FROM JSON_TABLE('[1]', '$[*]' COLUMNS (a INT PATH "
                 "'$')) AS jt",
                 NULL, 0);
    assert_true(rc < 0);
    assert_int_equal(lw_error_mysql_errno(lw_last_error(c)), 1235);
    lw_close(c);
}

/* A definition of one path and the given columns, all reading '$' from it. */
static my_jt_spec *spec_of(const char *path, const my_jt_type *types, int n)
{
    my_jt_spec *spec = my_jt_spec_new();
    size_t pos;
    assert_non_null(spec);
    spec->alias = sqlite3_mprintf("jt");
    spec->n_levels = 1;
    spec->levels[0].parent = -1;
    spec->levels[0].path_len = strlen(path);
    assert_int_equal(my_jt_path(path, strlen(path), &spec->levels[0].path_text, &pos), MY_JPATH_OK);
    for (int i = 0; i < n; i++) {
        my_jt_column *col = &spec->columns[spec->n_columns++];
        col->name = sqlite3_mprintf("c%d", i);
        col->kind = MY_JT_PATH;
        col->type = types[i];
        col->lo = -128;
        col->hi = 127;
        col->chars = 2;
        col->path_len = 1;
        assert_int_equal(my_jt_path("$", 1, &col->path_text, &pos), MY_JPATH_OK);
    }
    return spec;
}

/* json_table.c: MariaDB's conversions and their warnings (as the server gives them for
 * TINYINT, DOUBLE, VARCHAR(2) and JSON columns), ON EMPTY and ON ERROR. */
static void test_json_table_rows(void **state)
{
    (void)state;
    static const my_jt_type types[] = {MY_JT_INT, MY_JT_DOUBLE, MY_JT_STRING, MY_JT_JSON};
    my_jt_spec *spec = spec_of("$[*]", types, 4);
    lw_json j;
    parse(&j, "[2.5, \"x\", 300, [1], null, true]");
    my_jt_rows rows;
    memset(&rows, 0, sizeof rows);
    assert_int_equal(my_jt_rows_make(spec, &j, &rows), 0);
    assert_int_equal(rows.n_rows, 6);
    const my_jt_value *r = rows.cells;
    assert_int_equal(r[0].i, 3); /* rounded half away from zero */
    assert_true(r[1].d == 2.5);
    assert_string_equal(r[2].s, "2."); /* two characters kept: 1265 */
    assert_int_equal(r[4].i, 0);       /* 'x' is no number: 0 and 1366 */
    assert_string_equal(r[7].s, "\"x\"");
    assert_int_equal(r[8].i, 127);             /* clipped: 1264 */
    assert_int_equal(r[12].type, SQLITE_NULL); /* an array: ON ERROR's NULL */
    assert_string_equal(r[15].s, "[1]");
    assert_int_equal(r[16].type, SQLITE_NULL); /* JSON null */
    assert_string_equal(r[19].s, "null");
    assert_int_equal(r[20].i, 1);       /* true */
    assert_string_equal(r[22].s, "tr"); /* "true", cut to two characters */
    assert_int_equal(rows.n_warnings, 6);
    assert_int_equal(rows.warnings[0].code, 1265);
    assert_string_equal(
        rows.warnings[1].message,
        "Incorrect integer value: 'x' for column `*any*`.`json_table`.`c0` at row 2");
    assert_int_equal(rows.warnings[3].code, 1264);
    my_jt_rows_free(&rows);
    /* ERROR ON ERROR on the array. */
    spec->columns[0].on_error = MY_JT_ERROR;
    assert_int_equal(my_jt_rows_make(spec, &j, &rows), -1);
    assert_int_equal(rows.error.code, 4178);
    assert_string_equal(rows.error.message, "Can't store an array or an object in the scalar "
                                            "column 'c0' of JSON_TABLE 'jt'.");
    my_jt_rows_free(&rows);
    lw_json_clear(&j);
    my_jt_spec_free(spec);
}

/* An ENUM or SET column beside a number is its index or bits (enums.c, runtime_enum.c). */
static void test_enum_numbers(void **state)
{
    (void)state;
    lw_conn *c = open_ok("sqlite::memory:?dialect=mariadb");
    exec_ok(c, "CREATE TABLE sz (id INT, s ENUM('small', 'medium', 'large'), "
               "p SET('read', 'write', 'exec'))");
    exec_ok(c, "INSERT INTO sz VALUES (1, 'large', 'read,exec'), (2, 'small', '')");
    assert_string_equal(first_row(c, "SELECT s + 0, p + 0, p & 4 FROM sz WHERE id = 1"), "3|5|4");
    assert_string_equal(first_row(c, "SELECT id FROM sz ORDER BY s"), "2");
    assert_string_equal(first_row(c, "SELECT id FROM sz WHERE s = 3"), "1");
    assert_string_equal(first_row(c, "SELECT CONCAT(s) FROM sz WHERE id = 1"), "large");
    lw_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_raw_strings_keep_escapes),
        cmocka_unit_test(test_output_form),
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_edits),
        cmocka_unit_test(test_contains),
        cmocka_unit_test(test_merges),
        cmocka_unit_test(test_equal_and_overlap),
        cmocka_unit_test(test_depth_and_strings),
        cmocka_unit_test(test_sql_warnings),
        cmocka_unit_test(test_json_table_sql),
        cmocka_unit_test(test_json_table_rows),
        cmocka_unit_test(test_enum_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
