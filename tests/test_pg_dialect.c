/*
 * The postgresql dialect: the plain-C core of its functions
 * (shim/dialect/postgresql/runtime_core.c, pgtime.h), the rewriter's output for each construct, and
 * statements through the shim's API with parameters, display values, error SQLSTATEs and the
 * failed-transaction state. sql_tests/postgresql/ holds the differential files; these tests pin
 * down what the files cannot see (translated text, parameters, C-level limits).
 */
#include "lw_shim_test.h"
#include "lw_dialect_test.h"

#include <time.h>

#include "dialect/dialect.h"
#include "likewise.h"
#include "dialect/postgresql/pgtime.h"
#include "dialect/postgresql/runtime_core.h"
#include "dialect/postgresql/identifiers.h"

#define PG_URL "sqlite::memory:?dialect=postgresql"

/* The first value as psql displays it, "NULL", "(no rows)" or "ERROR <sqlstate>". */
static const char *display(lw_conn *conn, const char *sql, const lw_value *values, int n)
{
    static char buf[1024];
    lw_rows *rows = NULL;
    int rc = lw_query(conn, sql, values, n, &rows);
    if (rc == 0)
        rc = lw_rows_next(rows);
    if (rc < 0)
        snprintf(buf, sizeof buf, "ERROR %s", lw_error_sqlstate(lw_last_error(conn)));
    else if (rc == LW_DONE)
        snprintf(buf, sizeof buf, "(no rows)");
    else {
        const char *v = lw_column_display(rows, 0);
        snprintf(buf, sizeof buf, "%s", v ? v : "NULL");
    }
    lw_rows_close(rows);
    return buf;
}

static const char *message_of(lw_conn *conn, const char *sql)
{
    static char buf[512];
    int rc = lw_exec(conn, sql, NULL, 0);
    snprintf(buf, sizeof buf, "%s", rc ? lw_error_message(lw_last_error(conn)) : "(ok)");
    return buf;
}

/* What the rewriter makes of one statement (the dialect called directly). */
static const char *translated(const char *sql)
{
    return lw_test_translate(&lw_dialect_postgresql, sql, 0);
}

/* 1. Core: text functions count code points. */
static void test_core_text(void **state)
{
    (void)state;
    size_t from, to, n;
    assert_int_equal(lw_pg_char_length("héllo", strlen("héllo")), 5);
    assert_int_equal(lw_pg_char_length("a\xff"
                                       "b",
                                       3),
                     3); /* an invalid byte is one */
    assert_int_equal(lw_pg_strpos("héllo", strlen("héllo"), "l", 1), 3);
    assert_int_equal(lw_pg_strpos("abc", 3, "", 0), 1);
    assert_int_equal(lw_pg_strpos("abc", 3, "z", 1), 0);
    assert_int_equal(lw_pg_split_part("a,b,c", 5, ",", 1, 2, &from, &to), 0);
    assert_int_equal(to - from, 1);
    assert_memory_equal("b", "a,b,c" + from, 1);
    assert_int_equal(lw_pg_split_part("a,b,c", 5, ",", 1, -1, &from, &to), 0);
    assert_memory_equal("c", "a,b,c" + from, 1);
    assert_int_equal(lw_pg_split_part("a,b,c", 5, ",", 1, 9, &from, &to), 0);
    assert_int_equal(to, from);
    assert_int_equal(lw_pg_split_part("a,b", 3, ",", 1, 0, &from, &to), -1);
    lw_pg_left("héllo", strlen("héllo"), 2, &from, &to);
    assert_int_equal(to - from, 3);
    lw_pg_right("abcdef", 6, -2, &from, &to);
    assert_int_equal(from, 2);
    char *p = lw_pg_pad("ab", 2, 6, "xy", 2, 0, &n);
    assert_string_equal(p, "abxyxy");
    sqlite3_free(p);
    p = lw_pg_pad("hello", 5, 3, " ", 1, 1, &n);
    assert_string_equal(p, "hel");
    sqlite3_free(p);
    p = lw_pg_pad("ab", 2, 4, "", 0, 1, &n);
    assert_string_equal(p, "ab");
    sqlite3_free(p);
    char hex[33];
    lw_pg_md5_hex("abc", 3, hex);
    assert_string_equal(hex, "900150983cd24fb0d6963f7d28e17f72");
    lw_pg_md5_hex("", 0, hex);
    assert_string_equal(hex, "d41d8cd98f00b204e9800998ecf8427e");
}

/* 2. Core: timestamps parse, print, truncate and move as PostgreSQL's (pgtime.h;
 * tests/test_pg_datetime.c has the rest). */
static void test_core_time(void **state)
{
    (void)state;
    lw_zone *utc = NULL;
    assert_int_equal(lw_zone_fixed("UTC", 0, "UTC", &utc), LW_ZONE_OK);
    pg_dtctx dt = {utc, NULL, 0, LW_INTERVAL_POSTGRES, {0}};
    pg_timestamp t;
    pg_date d;
    char buf[PG_DT_TEXT_MAX];
    assert_int_equal(pg_timestamp_in(&dt, "2024-05-17 13:45:12.5", 21, -1, &t), PG_DT_OK);
    pg_timestamp_out(t, buf);
    assert_string_equal(buf, "2024-05-17 13:45:12.5");
    assert_int_equal(pg_timestamptz_in(&dt, "2024-05-17T23:30:00+02:00", 25, -1, &t), PG_DT_OK);
    pg_timestamptz_out(t, NULL, buf);
    assert_string_equal(buf, "2024-05-17 21:30:00+00");
    assert_int_equal(pg_date_in(&dt, "2023-02-30", 10, &d), PG_DTERR_FIELD_OVERFLOW);
    assert_int_equal(pg_date_in(&dt, "yesterday-ish", 13, &d), PG_DTERR_BAD_FORMAT);
    assert_int_equal(pg_timestamp_in(&dt, "2024-05-17 13:45:12", 19, -1, &t), PG_DT_OK);
    pg_timestamp r;
    assert_int_equal(pg_timestamp_trunc("week", t, NULL, &r), PG_DT_OK);
    pg_timestamp_out(r, buf);
    assert_string_equal(buf, "2024-05-13 00:00:00");
    assert_int_equal(pg_timestamp_trunc("fortnight", t, NULL, &r), PG_DTERR_UNIT_UNKNOWN);
    pg_part p;
    assert_int_equal(pg_timestamp_part("epoch", t, NULL, &p), PG_DT_OK);
    assert_int_equal(p.kind, PG_PART_FIXED);
    assert_true(p.value == INT64_C(1715953512000000) && p.scale == 6);
    assert_int_equal(pg_timestamp_part("dow", t, NULL, &p), PG_DT_OK);
    assert_true(p.kind == PG_PART_INT && p.value == 5);
    assert_int_equal(pg_timestamp_in(&dt, "2024-01-31 10:00:00", 19, -1, &t), PG_DT_OK);
    lw_interval month = {1, 0, 0}, back = {0, -1, -INT64_C(5400000000)};
    assert_int_equal(pg_timestamp_pl_interval(t, &month, NULL, &t), PG_DT_OK);
    pg_timestamp_out(t, buf);
    assert_string_equal(buf, "2024-02-29 10:00:00");
    assert_int_equal(pg_timestamp_pl_interval(t, &back, NULL, &t), PG_DT_OK);
    pg_timestamp_out(t, buf);
    assert_string_equal(buf, "2024-02-28 08:30:00");
    lw_interval ages = {12 * 300000, 0, 0};
    assert_int_equal(pg_timestamp_pl_interval(t, &ages, NULL, &r), PG_DTERR_TS_RANGE);
    lw_zone_free(utc);
}

/* 3. Core: UUIDs and jsonb's printed form. */
static void test_core_uuid_json(void **state)
{
    (void)state;
    char out[37];
    unsigned char zero[16] = {0};
    lw_pg_uuid_v4(zero, out);
    assert_string_equal(out, "00000000-0000-4000-8000-000000000000");
    assert_int_equal(lw_pg_uuid_canon("{A0EEBC99-9C0B4EF8-BB6D6BB9-BD380A11}", 37, out), 0);
    assert_string_equal(out, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    assert_int_equal(lw_pg_uuid_canon("a0eebc99", 8, out), -1);
    size_t n;
    const char *error;
    const char *in = "{\"bb\":1,\"a\":[1,{\"z\":null}],\"bb\":2}";
    char *j = lw_pg_jsonb_normalize(in, strlen(in), &n, &error);
    assert_non_null(j);
    assert_string_equal(j, "{\"a\": [1, {\"z\": null}], \"bb\": 2}");
    sqlite3_free(j);
    /* Numbers print as the numerics jsonb stores. */
    in = "[1e2, 1.50, -0, 1.5E-1, -0.0, 12345678901234567890123]";
    j = lw_pg_jsonb_normalize(in, strlen(in), &n, &error);
    assert_string_equal(j, "[100, 1.50, 0, 0.15, 0.0, 12345678901234567890123]");
    sqlite3_free(j);
    /* -> and ->> read the last duplicate key, index arrays from either end. */
    in = "{\"a\":1,\"a\":{\"s\":\"x\\ty\",\"s\":\"q\"},\"l\":[true,null,2.0]}";
    assert_int_equal(lw_pg_jsonb_get(in, strlen(in), "a", 1, 0, 0, &j, &n, &error), 1);
    assert_string_equal(j, "{\"s\": \"q\"}");
    sqlite3_free(j);
    const char *tab = "{\"s\":\"x\\ty\"}";
    assert_int_equal(lw_pg_jsonb_get(tab, strlen(tab), "s", 1, 0, 1, &j, &n, &error), 1);
    assert_string_equal(j, "x\ty");
    sqlite3_free(j);
    assert_int_equal(lw_pg_jsonb_get(tab, strlen(tab), "s", 1, 0, 0, &j, &n, &error), 1);
    assert_string_equal(j, "\"x\\ty\"");
    sqlite3_free(j);
    const char *list = "[true,null,2.0]";
    assert_int_equal(lw_pg_jsonb_get(list, strlen(list), NULL, 0, -1, 1, &j, &n, &error), 1);
    assert_string_equal(j, "2.0");
    sqlite3_free(j);
    assert_int_equal(lw_pg_jsonb_get(list, strlen(list), NULL, 0, 0, 1, &j, &n, &error), 1);
    assert_string_equal(j, "true");
    sqlite3_free(j);
    assert_int_equal(lw_pg_jsonb_get(list, strlen(list), NULL, 0, 1, 1, &j, &n, &error), 0);
    assert_null(j);
    assert_int_equal(lw_pg_jsonb_get(list, strlen(list), NULL, 0, 1, 0, &j, &n, &error), 1);
    assert_string_equal(j, "null");
    sqlite3_free(j);
    assert_int_equal(lw_pg_jsonb_get(list, strlen(list), NULL, 0, 3, 0, &j, &n, &error), 0);
    assert_int_equal(lw_pg_jsonb_get(list, strlen(list), NULL, 0, -4, 0, &j, &n, &error), 0);
    assert_int_equal(lw_pg_jsonb_get(list, strlen(list), "0", 1, 0, 0, &j, &n, &error), 0);
    assert_int_equal(lw_pg_jsonb_get(in, strlen(in), NULL, 0, 0, 0, &j, &n, &error), 0);
    assert_int_equal(lw_pg_jsonb_get("{bad", 4, "a", 1, 0, 0, &j, &n, &error), -1);
    assert_non_null(error);
    assert_int_equal(lw_pg_jsonb_get("[\"\\u0000\"]", 10, NULL, 0, 0, 1, &j, &n, &error), -1);
    assert_non_null(error);
    j = lw_pg_jsonb_normalize("\"\\u00e9\\n\"", 10, &n, &error);
    assert_string_equal(j, "\"é\\n\"");
    sqlite3_free(j);
    assert_null(lw_pg_jsonb_normalize("{bad", 4, &n, &error));
    assert_non_null(error);
    /* PostgreSQL rejects what the json parser accepts for SQLite's sake. */
    assert_null(lw_pg_jsonb_normalize("[\"\\u0000\"]", 10, &n, &error));
    assert_non_null(error);
    assert_null(lw_pg_jsonb_normalize("{\"\\ud800\":1}", 12, &n, &error));
    assert_non_null(error);
    assert_null(lw_pg_jsonb_normalize("\"\xff\"", 3, &n, &error));
    assert_non_null(error);
    j = lw_pg_jsonb_normalize("\"\\ud83d\\ude00\\/\"", 16, &n, &error);
    assert_string_equal(j, "\"\xf0\x9f\x98\x80/\"");
    sqlite3_free(j);
    /* Nesting past the limit is an error, not a stack overflow. */
    size_t deep = 2 * (LW_PG_JSON_MAX_DEPTH + 5);
    char *nest = malloc(deep);
    memset(nest, '[', deep / 2);
    memset(nest + deep / 2, ']', deep / 2);
    assert_null(lw_pg_jsonb_normalize(nest, deep, &n, &error));
    assert_non_null(error);
    free(nest);
}

/* 4. The rewriter's output for each construct. */
static void test_translation(void **state)
{
    (void)state;
    assert_string_equal(translated("SELECT '42'::int + 1"),
                        "SELECT pg_int4(pg_cast('42' , 'int4') , '+', 1 )");
    /* A numeric rounds half away from zero (pg_cast_numeric), its digits kept exact. */
    assert_string_equal(translated("SELECT 2.5::int"), "SELECT pg_cast_numeric('2.5' , 'int4')");
    assert_string_equal(translated("SELECT 2.5::float8::int"),
                        "SELECT pg_cast(pg_cast(2.5 , 'float8') , 'int4')");
    assert_string_equal(translated("SELECT a FROM t WHERE a ILIKE 'x%'"),
                        "SELECT a FROM t WHERE ilike('x%' , a , '\\')");
    assert_string_equal(translated("SELECT a ~ '^b' FROM t"),
                        "/*pg:b=1*/ SELECT regexp('^b' , a ) FROM t");
    assert_string_equal(translated("SELECT 1 WHERE a IS DISTINCT FROM b"),
                        "SELECT 1 WHERE a IS NOT b");
    assert_string_equal(translated("SELECT x / y FROM t"), "SELECT pg_arith('/', x , y ) FROM t");
    assert_string_equal(translated("SELECT 2 ^ 10"), "SELECT power(2 , 10 )");
    assert_string_equal(translated("SELECT t - INTERVAL '1 day' FROM x"),
                        "SELECT pg_arith('-', t , (pg_cast('1 day' , 'interval') COLLATE "
                        "PG_INTERVAL) ) FROM x");
    assert_string_equal(translated("SELECT INTERVAL '1 day'"),
                        "/*pg:b=0,z=0,i=1*/ SELECT (pg_cast('1 day' , 'interval') COLLATE "
                        "PG_INTERVAL)");
    assert_string_equal(translated("SELECT j -> 'a' FROM t"),
                        "SELECT pg_json_get(j , 'a' , 0) FROM t");
    assert_string_equal(translated("SELECT j ->> 0 FROM t"),
                        "SELECT pg_json_get(j , 0 , 1) FROM t");
    /* SQLite has no column alias lists: a CTE's column list names the columns. */
    assert_string_equal(translated("SELECT x FROM (VALUES (3), (1)) v(x)"),
                        "SELECT x FROM (WITH _lw_cols ( x ) AS ( VALUES ( 3 ) , ( 1 ) ) SELECT * "
                        "FROM _lw_cols) AS v");
    /* ADD COLUMN without a column (found by fuzz_pg_rewriter) is an error, not a read
     * past the last token: PostgreSQL's syntax error. */
    assert_string_equal(translated("ALTER TABLE t ADD COLUMN"),
                        "ERROR 42601: syntax error at end of input");
    assert_string_equal(
        translated("SELECT * FROM t WHERE j @> '{}' AND j ? 'k'"),
        "SELECT * FROM t WHERE json_contains(j , '{}' ) AND json_has_key(j , 'k' )");
    assert_string_equal(translated("SELECT x FROM t ORDER BY x DESC"),
                        "SELECT x FROM t ORDER BY x DESC NULLS FIRST");
    assert_string_equal(translated("SELECT x FROM t OFFSET 2"),
                        "SELECT x FROM t LIMIT -1 OFFSET 2");
    assert_string_equal(translated("SELECT position('b' IN s) FROM t"),
                        "SELECT strpos(s , 'b' ) FROM t");
    assert_string_equal(translated("SELECT E'a\\nb'"), "SELECT 'a\nb'");
    assert_string_equal(translated("SELECT $$it's$$"), "SELECT 'it''s'");
    assert_string_equal(translated("SELECT x FROM t WHERE x = ANY (ARRAY[1, 2])"),
                        "SELECT x FROM t WHERE x IN (1 , 2 )");
    assert_string_equal(translated("SELECT x LIKE 'a%' FROM t"),
                        "/*pg:b=1*/ SELECT x LIKE 'a%' ESCAPE '\\' FROM t");
    /* Refusals name the construct. */
    assert_string_equal(translated("LISTEN ch"),
                        "ERROR 0A000: LISTEN is not supported by the postgresql dialect");
    assert_string_equal(translated("SELECT tags[1] FROM t"),
                        "ERROR 0A000: array subscripts is not supported by the postgresql dialect");
    assert_string_equal(translated("SELECT 'a' SIMILAR TO 'b'"),
                        "ERROR 0A000: SIMILAR TO is not supported by the postgresql dialect");
}

/* 4b. Arithmetic written for the operands' types (no schema here: constants, casts,
 * parameters and unknown columns). */
static void test_typed_arithmetic(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"SELECT 2147483647 + 1", "SELECT pg_int4(2147483647 , '+', 1 )"},
        /* A sum continues its left operand's chain, so it nests no deeper than its
         * parentheses (SQLite's parser stack is 100 deep); another kind starts anew. */
        {"SELECT 1 + 2 - 3 * 4", "SELECT pg_int4(1 , '+', 2 , '-', pg_int4(3 , '*', 4 ) )"},
        {"SELECT (1 + 2) + 3", "SELECT pg_int4(1 , '+', 2 , '+', 3 )"},
        {"SELECT 1::int2 + 2::int2 + 3", "SELECT pg_int4(pg_int2(pg_cast(1 , 'int2') , '+', "
                                         "pg_cast(2 , 'int2') ) , '+', 3 )"},
        {"SELECT 9223372036854775807 * 2", "SELECT pg_int8(9223372036854775807 , '*', 2 )"},
        {"SELECT 1::int2 - 1::int2",
         "SELECT pg_int2(pg_cast(1 , 'int2') , '-', pg_cast(1 , 'int2') )"},
        {"SELECT -x::int FROM t", "SELECT pg_int4(- pg_cast(x , 'int4') ) FROM t"},
        {"SELECT -2147483648", "SELECT - 2147483648"},
        {"SELECT 5 / 2.0",
         "SELECT (CAST(decimal_div(5 , '2.0' ) AS NUMERIC_TEXT) COLLATE DECIMAL)"},
        /* A numeric chain is one decimal_chain call; an operand that is a decimal
         * function's text goes in without the carrier (each nests three deep). */
        {"SELECT 1.5 + 2 - 3 * 4.0 / 2",
         "SELECT (CAST(decimal_chain('1.5' , '+', 2 , '-', decimal_chain(3 , '*', '4.0' , '/', 2 "
         ") ) AS NUMERIC_TEXT) COLLATE DECIMAL)"},
        {"SELECT -(0.5 + 1) + (2.5 + 1)",
         "SELECT (CAST(decimal_add(decimal_neg(decimal_add('0.5' , 1 ) ) , decimal_add('2.5' , 1 "
         ") ) AS NUMERIC_TEXT) COLLATE DECIMAL)"},
        {"SELECT 0.1 + 0.2 = 0.3", "/*pg:b=1*/ SELECT (CAST(decimal_add('0.1' , '0.2' ) AS "
                                   "NUMERIC_TEXT) COLLATE DECIMAL) = 0.3"},
        {"SELECT 1.10, -2.50, 1e3",
         "SELECT (CAST(decimal('1.10' ) AS NUMERIC_TEXT) COLLATE DECIMAL) , (CAST(decimal('-2.50' "
         ") AS NUMERIC_TEXT) COLLATE DECIMAL) , (CAST(decimal('1e3' ) AS NUMERIC_TEXT) COLLATE "
         "DECIMAL)"},
        {"SELECT 7 % 2.5",
         "SELECT (CAST(decimal_mod(7 , '2.5' ) AS NUMERIC_TEXT) COLLATE DECIMAL)"},
        {"SELECT 1.5 * 2::float8", "SELECT 1.5 * pg_cast(2 , 'float8')"},
        {"SELECT 2::float8 % 1",
         "ERROR 42883: operator does not exist: double precision % integer"},
        {"SELECT DATE '2024-01-31' + 1, 1 + DATE '2024-01-31', DATE '2024-03-01' - 1",
         "SELECT pg_date_add(pg_cast('2024-01-31' , 'date') , 1 , 1) , "
         "pg_date_add(pg_cast('2024-01-31' , 'date') , 1 , 1) , pg_date_add(pg_cast('2024-03-01' , "
         "'date') , 1 , -1)"},
        {"SELECT DATE '2024-03-01' - DATE '2024-01-01'",
         "SELECT pg_date_diff(pg_cast('2024-03-01' , 'date') , pg_cast('2024-01-01' , 'date') )"},
        {"SELECT TIMESTAMP '2024-01-02' - TIMESTAMP '2024-01-01'",
         "/*pg:b=0,z=0,i=1*/ SELECT (pg_ts_diff(pg_cast('2024-01-02' , 'timestamp') , "
         "pg_cast('2024-01-01' , 'timestamp') ) COLLATE PG_INTERVAL)"},
        {"SELECT TIMESTAMP '2024-01-02' + 1",
         "ERROR 42883: operator does not exist: timestamp without time zone + integer"},
        {"SELECT 'a'::text + 1", "ERROR 42883: operator does not exist: text + integer"},
        {"SELECT true + 1", "ERROR 42883: operator does not exist: boolean + integer"},
        {"SELECT '5' + 1", "SELECT pg_int4(pg_cast('5' , 'int4') , '+', 1 )"},
        {"SELECT $1 + 1, $1 * $2", "SELECT pg_arith('+', ?1 , 1 ) , pg_arith('*', ?1 , ?2 )"},
        {"SELECT 1.5 ^ 2", "ERROR 0A000: ^ on a numeric value (PostgreSQL computes it exactly; "
                           "cast it: x::float8 ^ y) is not supported by the postgresql dialect"},
        {"SELECT sqrt(2.0)",
         "ERROR 0A000: sqrt() of a numeric value (PostgreSQL computes it exactly; cast it: "
         "x::float8) is not supported by the postgresql dialect"},
        {"SELECT round(1.25, 1), round(5, 2), trunc(1.25::numeric), abs(-1.5)",
         "SELECT (CAST(decimal_round('1.25' , 1 ) AS NUMERIC_TEXT) COLLATE DECIMAL) , "
         "(CAST(decimal_round(5 , 2 ) AS NUMERIC_TEXT) COLLATE DECIMAL) , "
         "(CAST(decimal_trunc((CAST(decimal('1.25' ) AS NUMERIC_TEXT) COLLATE DECIMAL) ) AS "
         "NUMERIC_TEXT) COLLATE DECIMAL) , (CAST(decimal_abs('-1.5' ) AS NUMERIC_TEXT) COLLATE "
         "DECIMAL)"},
        {"SELECT round(2.5::float8, 1)",
         "ERROR 42883: function round(double precision, integer) does not exist"},
        {"SELECT ceil(1.5), floor(-1.5), ceil(2::float8)",
         "SELECT (CAST(pg_ceil('1.5' ) AS NUMERIC_TEXT) COLLATE DECIMAL) , (CAST(pg_floor('-1.5' ) "
         "AS NUMERIC_TEXT) COLLATE DECIMAL) , ceil(pg_cast(2 , 'float8') )"},
        {"SELECT coalesce(NULL, 1.50), greatest(1, 2.5)",
         "SELECT (CAST(coalesce(NULL , '1.50' ) AS NUMERIC_TEXT) COLLATE DECIMAL) , "
         "(CAST(greatest(1 , '2.5' ) AS NUMERIC_TEXT) COLLATE DECIMAL)"},
        {"SELECT CASE WHEN true THEN 1.50 ELSE 2 END",
         "SELECT (CAST(CASE WHEN true THEN '1.50' ELSE 2 END AS NUMERIC_TEXT) COLLATE DECIMAL)"},
        {"SELECT sum(x::int), sum(x::numeric), avg(x::int), avg(x::float8) FROM t",
         "SELECT sum(pg_cast(x , 'int4') ) , (CAST(sum((CAST(decimal(x ) AS NUMERIC_TEXT) COLLATE "
         "DECIMAL) ) AS NUMERIC_TEXT) COLLATE DECIMAL) , (CAST(avg(pg_cast(x , 'int4') ) AS "
         "NUMERIC_TEXT) COLLATE DECIMAL) , avg(pg_cast(x , 'float8') ) FROM t"},
        {"SELECT count(*) * 2 FROM t", "SELECT pg_int8(count(* ) , '*', 2 ) FROM t"},
        {"SELECT x::numeric > 5 FROM t",
         "/*pg:b=1*/ SELECT (CAST(decimal(x ) AS NUMERIC_TEXT) COLLATE DECIMAL) > 5 FROM t"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(translated(cases[i][0]), cases[i][1]);
}

/* 4c. Typed arithmetic on a connection: columns typed from the schema, parameters
 * checked at run time, and the functions the rewriter calls. */
static void test_typed_values(void **state)
{
    (void)state;
    lw_conn *c = open_ok(PG_URL);
    exec_ok(c, "CREATE TABLE o (id INT, total NUMERIC(10,2), d DATE, r FLOAT8)");
    exec_ok(c, "INSERT INTO o VALUES (1, 12.34, '2024-01-31', 0.5), (2, 100.10, NULL, NULL)");
    const struct {
        const char *sql;
        lw_value arg;
        const char *want;
    } cases[] = {
        {"SELECT sum(total) > 50 FROM o WHERE id = $1", LW_INT(1), "f"},
        {"SELECT total * $1 FROM o WHERE id = 1", LW_INT(2), "24.68"},
        {"SELECT total / $1 FROM o WHERE id = 1", LW_TEXT("4"), "3.0850000000000000"},
        {"SELECT d + $1 FROM o WHERE id = 1", LW_INT(1), "2024-02-01"},
        {"SELECT d - $1 FROM o WHERE id = 1", LW_TEXT("31"), "2023-12-31"},
        {"SELECT d + $1 FROM o WHERE id = 1", LW_REAL(1.5), "ERROR 42883"},
        {"SELECT $1 + 1", LW_INT(41), "42"},
        {"SELECT $1 + 1", LW_TEXT("41"), "42"},
        {"SELECT $1 * 2", LW_REAL(1.25), "2.5"},
        {"SELECT $1 * 2", LW_TEXT("1.5"), "ERROR 0A000"},
        {"SELECT $1 + 9223372036854775807", LW_INT(1), "ERROR 22003"},
        {"SELECT $1 / 0", LW_INT(1), "ERROR 22012"},
        {"SELECT $1 % 0.5::float8", LW_INT(1), "ERROR 42883"},
        {"SELECT id + $1 FROM o WHERE id = 1", LW_NULL(), "NULL"},
        {"SELECT r * $1 FROM o WHERE id = 1", LW_INT(3), "1.5"},
        {"SELECT avg(id) + $1 FROM o", LW_INT(1), "2.5000000000000000"},
        {"SELECT pg_date_add('9999-12-31', $1, 1)", LW_INT(1), "10000-01-01"},
        {"SELECT pg_date_add('4714-11-24 BC', $1, -1)", LW_INT(1), "ERROR 22008"},
        {"SELECT pg_date_add('2024-01-01', $1, -1)", LW_INT(INT64_MIN), "ERROR 22008"},
        {"SELECT pg_date_add('2024-01-01', $1, 1)", LW_INT(INT64_MAX), "ERROR 22008"},
        {"SELECT pg_date_add('2024-01-01', $1, -1)", LW_INT(-INT64_MAX), "ERROR 22008"},
        {"SELECT pg_date_add('2024-01-01 10:00', $1, 1)", LW_INT(1), "ERROR 42883"},
        {"SELECT pg_date_diff($1, '2024-03-01')", LW_TEXT("2023-03-01"), "-366"},
        {"SELECT pg_arith($1, 1, 2)", LW_TEXT("^"), "ERROR"},
        {"SELECT pg_arith('-', $1, 1)", LW_INT(INT64_MIN), "ERROR 22003"},
        {"SELECT pg_arith('/', $1, -1)", LW_INT(INT64_MIN), "ERROR 22003"},
        {"SELECT pg_arith('%', $1, -1)", LW_INT(INT64_MIN), "0"},
        {"SELECT pg_arith('*', $1, 1e308)", LW_REAL(10.0), "ERROR 22003"},
        {"SELECT pg_int2($1)", LW_INT(32768), "ERROR 22003"},
        {"SELECT pg_int4($1)", LW_INT(-2147483648LL), "-2147483648"},
        {"SELECT pg_int8($1)", LW_REAL(9.3e18), "ERROR 22003"},
        /* Chains: each step checked, left to right; NULL stops before a divisor. */
        {"SELECT pg_int4($1, '+', 1, '-', 5)", LW_INT(2147483647), "ERROR 22003"},
        {"SELECT pg_int4($1, '-', 5, '+', 1)", LW_INT(2147483647), "2147483643"},
        {"SELECT pg_int2($1, '/', -1)", LW_INT(-32768), "ERROR 22003"},
        {"SELECT pg_int8($1, '%', -1)", LW_INT(INT64_MIN), "0"},
        {"SELECT pg_int8($1, '*', 2)", LW_INT(INT64_MAX / 2 + 1), "ERROR 22003"},
        {"SELECT pg_int4(5, '*', $1, '/', 0)", LW_NULL(), "NULL"},
        {"SELECT pg_int4(5, '/', 0, '*', $1)", LW_NULL(), "ERROR 22012"},
        {"SELECT pg_int4(5, $1, 1)", LW_TEXT("^"), "ERROR"},
        {"SELECT pg_int4($1, '+')", LW_INT(5), "ERROR"},
        {"SELECT pg_ceil($1)", LW_TEXT("-0.5"), "0"},
        {"SELECT pg_floor($1)", LW_TEXT("-0.5"), "-1"},
        {"SELECT pg_ceil($1)", LW_TEXT("abc"), "ERROR 22P02"},
        {"SELECT pg_rint($1)", LW_REAL(2.5), "2"},
        {"SELECT greatest($1, 2.5, 1)", LW_TEXT("2.50"), "2.50"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = display(c, cases[i].sql, &cases[i].arg, 1);
        if (!strcmp(cases[i].want, "ERROR"))
            assert_true(!strncmp(got, "ERROR", 5));
        else
            assert_string_equal(got, cases[i].want);
    }
    assert_string_equal(message_of(c, "SELECT pg_arith('*', 'x', 1)"),
                        "the operator * on the text value 'x' of a column or parameter whose "
                        "type the statement does not show is not supported by the postgresql "
                        "dialect: cast it (x::numeric, x::integer, x::date)");
    lw_close(c);

    pg_date a, b, out;
    lw_zone *utc = NULL;
    assert_int_equal(lw_zone_fixed("UTC", 0, "UTC", &utc), LW_ZONE_OK);
    pg_dtctx dt = {utc, NULL, 0, LW_INTERVAL_POSTGRES, {0}};
    char buf[PG_DT_TEXT_MAX];
    assert_int_equal(pg_date_in(&dt, "2024-02-28", 10, &a), PG_DT_OK);
    assert_int_equal(pg_date_pl_days(a, 2, &out), PG_DT_OK);
    pg_date_out(out, buf);
    assert_string_equal(buf, "2024-03-01");
    /* Dates run from 4714-11-24 BC to 5874897-12-31. */
    assert_int_equal(pg_date_in(&dt, "9999-12-31", 10, &b), PG_DT_OK);
    assert_int_equal(pg_date_pl_days(b, 1, &out), PG_DT_OK);
    pg_date_out(out, buf);
    assert_string_equal(buf, "10000-01-01");
    assert_int_equal(pg_date_pl_days(b, INT64_MAX, &out), PG_DTERR_DATE_RANGE);
    assert_int_equal(pg_date_pl_days(b, INT64_MIN, &out), PG_DTERR_DATE_RANGE);
    assert_int_equal(b - a, 2932896 - 19781);
    assert_int_equal(pg_date_in(&dt, "4714-11-24 BC", 13, &b), PG_DT_OK);
    assert_int_equal(pg_date_pl_days(b, -1, &out), PG_DTERR_DATE_RANGE);
    lw_zone_free(utc);
}

/* 5. Parameters are bound by number, whatever their order or repetition. */
static void test_parameters(void **state)
{
    (void)state;
    lw_conn *c = open_ok(PG_URL);
    assert_string_equal(
        display(c, "SELECT $2 || '-' || $1 || '-' || $2", LW_ARGS(LW_TEXT("a"), LW_TEXT("b"))),
        "b-a-b");
    assert_string_equal(display(c, "SELECT $1::int + 1", LW_ARGS(LW_TEXT("41"))), "42");
    assert_string_equal(display(c, "SELECT $1::int", LW_ARGS(LW_TEXT("x"))), "ERROR 22P02");
    exec_ok(c, "CREATE TABLE p (id SERIAL PRIMARY KEY, name VARCHAR(3))");
    assert_int_equal(lw_exec(c, "INSERT INTO p (name) VALUES ($1)", LW_ARGS(LW_TEXT("abc"))), 0);
    assert_int_equal(lw_exec(c, "INSERT INTO p (name) VALUES ($1)", LW_ARGS(LW_TEXT("abcd"))),
                     LW_ESQL);
    assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "22001");
    assert_string_equal(lw_error_message(lw_last_error(c)),
                        "value too long for type character varying(3)");
    /* The jsonb key test ? is an operator here, $1 the parameter. */
    assert_string_equal(display(c, "SELECT '{\"a\": 1}'::jsonb ? $1", LW_ARGS(LW_TEXT("a"))), "t");
    lw_close(c);
}

/* 6. Values display as psql prints them. */
static void test_display(void **state)
{
    (void)state;
    lw_conn *c = open_ok(PG_URL);
    assert_string_equal(display(c, "SELECT 1 < 2", LW_NOARGS), "t");
    assert_string_equal(display(c, "SELECT sqrt(16)", LW_NOARGS), "4");
    assert_string_equal(display(c, "SELECT 0.1::float8 * 3", LW_NOARGS), "0.30000000000000004");
    assert_string_equal(display(c, "SELECT '\\xff00'::bytea", LW_NOARGS), "\\xff00");
    exec_ok(c, "CREATE TABLE d (b BOOLEAN, c CHAR(4), j JSONB, n NUMERIC(6,3))");
    exec_ok(c, "INSERT INTO d VALUES ('yes', 'ab', '{\"b\":1,\"a\":2}', 1.5)");
    assert_string_equal(display(c, "SELECT b FROM d", LW_NOARGS), "t");
    assert_string_equal(display(c, "SELECT c || '|' FROM d", LW_NOARGS), "ab|");
    assert_string_equal(display(c, "SELECT c FROM d", LW_NOARGS), "ab  ");
    assert_string_equal(display(c, "SELECT j FROM d", LW_NOARGS), "{\"a\": 2, \"b\": 1}");
    assert_string_equal(display(c, "SELECT n FROM d", LW_NOARGS), "1.500");
    lw_close(c);
}

/* 7. Errors: SQLSTATEs and PostgreSQL's primary messages. */
static void test_errors(void **state)
{
    (void)state;
    lw_conn *c = open_ok(PG_URL);
    exec_ok(c, "CREATE TABLE parent (id INT PRIMARY KEY, code TEXT UNIQUE, n INT NOT NULL)");
    exec_ok(c, "CREATE TABLE child (pid INT REFERENCES parent (id))");
    exec_ok(c, "INSERT INTO parent VALUES (1, 'a', 1)");
    assert_string_equal(message_of(c, "INSERT INTO parent VALUES (1, 'b', 1)"),
                        "duplicate key value violates unique constraint \"parent_pkey\"");
    assert_string_equal(message_of(c, "INSERT INTO parent VALUES (2, 'a', 1)"),
                        "duplicate key value violates unique constraint \"parent_code_key\"");
    assert_string_equal(message_of(c, "INSERT INTO parent VALUES (2, 'b', NULL)"),
                        "null value in column \"n\" of relation \"parent\" violates not-null "
                        "constraint");
    assert_string_equal(message_of(c, "INSERT INTO child VALUES (9)"),
                        "insert or update on table \"child\" violates foreign key constraint "
                        "\"child_pid_fkey\"");
    assert_string_equal(message_of(c, "SELECT * FROM nope"), "relation \"nope\" does not exist");
    assert_string_equal(message_of(c, "SELECT nope FROM parent"), "column \"nope\" does not exist");
    assert_string_equal(message_of(c, "SELECT 1 / 0"), "division by zero");
    assert_string_equal(display(c, "SELECT 1 / 0", LW_NOARGS), "ERROR 22012");
    assert_string_equal(display(c, "SELECT split_part('a', ',', 0)", LW_NOARGS), "ERROR 22023");
    lw_close(c);
}

/* 8. After an error in a transaction only ROLLBACK (or ROLLBACK TO) runs. */
static void test_failed_transaction(void **state)
{
    (void)state;
    lw_conn *c = open_ok(PG_URL);
    exec_ok(c, "CREATE TABLE t (id INT PRIMARY KEY)");
    exec_ok(c, "BEGIN");
    exec_ok(c, "INSERT INTO t VALUES (1)");
    assert_int_not_equal(lw_exec(c, "INSERT INTO t VALUES (1)", NULL, 0), 0);
    assert_string_equal(display(c, "SELECT 1", LW_NOARGS), "ERROR 25P02");
    /* The cached statement is refused too: the check runs at every execution. */
    assert_string_equal(display(c, "SELECT 1", LW_NOARGS), "ERROR 25P02");
    exec_ok(c, "COMMIT"); /* rolls back, as PostgreSQL does */
    assert_string_equal(display(c, "SELECT count(*) FROM t", LW_NOARGS), "0");
    exec_ok(c, "BEGIN");
    exec_ok(c, "SAVEPOINT s");
    assert_int_not_equal(lw_exec(c, "SELECT nope", NULL, 0), 0);
    exec_ok(c, "ROLLBACK TO SAVEPOINT s");
    exec_ok(c, "INSERT INTO t VALUES (2)");
    exec_ok(c, "COMMIT");
    assert_string_equal(display(c, "SELECT count(*) FROM t", LW_NOARGS), "1");
    lw_close(c);
}

/* 8b. A cached text whose translation read the schema is translated again after the
 * schema changed, and again after a ROLLBACK undid the change. */
static void test_schema_change_recompiles(void **state)
{
    (void)state;
    lw_conn *c = open_ok(PG_URL);
    exec_ok(c, "CREATE TABLE a (id INT, label TEXT)");
    exec_ok(c, "INSERT INTO a VALUES (1, '2022-08-09')");
    const char *q = "SELECT pg_typeof(label) FROM a";
    assert_string_equal(display(c, q, LW_NOARGS), "text");
    exec_ok(c, "ALTER TABLE a ALTER COLUMN label TYPE DATE USING label::date");
    assert_string_equal(display(c, q, LW_NOARGS), "date");
    exec_ok(c, "BEGIN");
    exec_ok(c, "ALTER TABLE a ALTER COLUMN label TYPE TEXT");
    assert_string_equal(display(c, q, LW_NOARGS), "text");
    exec_ok(c, "ROLLBACK");
    assert_string_equal(display(c, q, LW_NOARGS), "date");
    exec_ok(c, "BEGIN");
    exec_ok(c, "ALTER TABLE a ALTER COLUMN label TYPE TEXT");
    assert_string_equal(display(c, q, LW_NOARGS), "text");
    assert_int_equal(lw_rollback(c), 0);
    assert_string_equal(display(c, q, LW_NOARGS), "date");
    lw_close(c);
}

/* 9. now() is the transaction's start; sequences; settings. */
static void test_session_state(void **state)
{
    (void)state;
    lw_conn *c = open_ok(PG_URL);
    exec_ok(c, "BEGIN");
    char first[64];
    snprintf(first, sizeof first, "%s", display(c, "SELECT now()", LW_NOARGS));
    assert_string_equal(display(c, "SELECT now()", LW_NOARGS), first);
    exec_ok(c, "COMMIT");
    /* The next transaction has its own instant, even with no statement in between. */
    struct timespec pause = {0, 3000000};
    nanosleep(&pause, NULL);
    exec_ok(c, "BEGIN");
    assert_string_not_equal(display(c, "SELECT now()", LW_NOARGS), first);
    exec_ok(c, "COMMIT");
    exec_ok(c, "CREATE SEQUENCE s START WITH 5 INCREMENT BY 5");
    assert_string_equal(display(c, "SELECT currval('s')", LW_NOARGS), "ERROR 55000");
    assert_string_equal(display(c, "SELECT nextval('s')", LW_NOARGS), "5");
    assert_string_equal(display(c, "SELECT nextval('S')", LW_NOARGS), "10");
    assert_string_equal(display(c, "SELECT currval('s')", LW_NOARGS), "10");
    exec_ok(c, "SET application_name = 'mine'");
    assert_string_equal(display(c, "SHOW application_name", LW_NOARGS), "mine");
    assert_string_equal(display(c, "SHOW nonsense", LW_NOARGS), "ERROR 42704");
    /* The session's TimeZone: any zone of the tz database, shown as it spells it. */
    exec_ok(c, "SET TIME ZONE 'europe/paris'");
    assert_string_equal(display(c, "SHOW TimeZone", LW_NOARGS), "Europe/Paris");
    assert_string_equal(display(c, "SELECT timestamptz '2024-07-01 12:00+00'", LW_NOARGS),
                        "2024-07-01 14:00:00+02");
    assert_string_equal(display(c, "SET TIME ZONE 'Mars/Olympus'", LW_NOARGS), "ERROR 22023");
    /* SET LOCAL ends with the transaction, a rolled back SET too. */
    exec_ok(c, "BEGIN");
    exec_ok(c, "SET LOCAL TIME ZONE 'Asia/Tokyo'");
    exec_ok(c, "SET IntervalStyle = 'iso_8601'");
    assert_string_equal(display(c, "SHOW TimeZone", LW_NOARGS), "Asia/Tokyo");
    exec_ok(c, "ROLLBACK");
    assert_string_equal(display(c, "SHOW TimeZone", LW_NOARGS), "Europe/Paris");
    assert_string_equal(display(c, "SHOW IntervalStyle", LW_NOARGS), "postgres");
    exec_ok(c, "BEGIN");
    exec_ok(c, "SET IntervalStyle = 'iso_8601'");
    exec_ok(c, "SET LOCAL TIME ZONE 'Asia/Tokyo'");
    exec_ok(c, "COMMIT");
    assert_string_equal(display(c, "SHOW TimeZone", LW_NOARGS), "Europe/Paris");
    assert_string_equal(display(c, "SELECT interval '1 day'", LW_NOARGS), "P1D");
    lw_close(c);
}

/* 10. Identifier case: unquoted names fold, quoted ones match exactly. */
static void test_identifier_case(void **state)
{
    (void)state;
    /* Words fold, SQLite's keywords keep their spelling, quoted names and parameters
     * stay as written. */
    assert_string_equal(translated("SELECT Name, \"Id\" FROM Foo WHERE Foo.X = :Name"),
                        "SELECT name , \"Id\" FROM foo WHERE foo . x = ?1");
    assert_string_equal(translated("select COUNT(*) From T"), "select count(* ) From t");
    assert_string_equal(translated("SELECT 'ABC', E'X', $Q$Y$Q$ FROM T"),
                        "SELECT 'ABC' , 'X' , 'Y' FROM t");
    /* A defined name folds even when it is a keyword. */
    assert_string_equal(translated("CREATE TABLE T (Key TEXT, \"Val\" TEXT)"),
                        "CREATE TABLE t ( key TEXT , \"Val\" TEXT )");
    assert_string_equal(translated("CREATE TABLE t (\"Id\" INT, id INT)"),
                        "ERROR 0A000: a table with columns \"Id\" and \"id\" (names that differ "
                        "only in case) is not supported by the postgresql dialect");
    assert_string_equal(translated("LISTEN Jobs"),
                        "ERROR 0A000: LISTEN is not supported by the postgresql dialect");
    char *twins[] = {"a", "Id", "b", "ID"};
    int x = -1, y = -1;
    assert_int_equal(lw_pg_case_twins(twins, 4, &x, &y), 1);
    assert_int_equal(x, 1);
    assert_int_equal(y, 3);
    assert_int_equal(lw_pg_case_twins(twins, 3, &x, &y), 0);

    lw_conn *c = open_ok(PG_URL);
    exec_ok(c, "CREATE TABLE People (Id INT, \"Nick\" TEXT)");
    exec_ok(c, "INSERT INTO PEOPLE VALUES (1, 'ada')");
    assert_string_equal(display(c, "SELECT \"Nick\" FROM people WHERE ID = 1", LW_NOARGS), "ada");
    /* The API's column names are PostgreSQL's. */
    lw_rows *rows = NULL;
    assert_int_equal(lw_query(c, "SELECT ID, \"Nick\" FROM People", NULL, 0, &rows), 0);
    assert_string_equal(lw_column_name(rows, 0), "id");
    assert_string_equal(lw_column_name(rows, 1), "Nick");
    lw_rows_close(rows);
    assert_string_equal(message_of(c, "SELECT \"ID\" FROM people"), "column \"ID\" does not exist");
    assert_string_equal(display(c, "SELECT nick FROM people", LW_NOARGS), "ERROR 42703");
    assert_string_equal(message_of(c, "SELECT 1 FROM \"People\""),
                        "relation \"People\" does not exist");
    assert_string_equal(display(c, "UPDATE people SET \"NICK\" = 'x'", LW_NOARGS), "ERROR 42703");
    /* Spellings SQLite cannot keep apart are refused, naming both. */
    assert_string_equal(message_of(c, "SELECT id AS \"N\" FROM people ORDER BY n"),
                        "identifiers \"N\" and \"n\" that differ only in case are not supported "
                        "by the postgresql dialect (SQLite matches names without regard to case)");
    assert_string_equal(display(c, "DROP TABLE IF EXISTS \"PEOPLE\"", LW_NOARGS), "ERROR 0A000");
    /* An alias written once only names the result column. */
    assert_string_equal(display(c, "SELECT \"Nick\" AS nick FROM people", LW_NOARGS), "ada");
    /* A column of another table does not make the name one of the table queried. */
    exec_ok(c, "CREATE TABLE \"Legacy\" (\"Id\" INT)");
    exec_ok(c, "INSERT INTO \"Legacy\" VALUES (1)");
    assert_string_equal(display(c, "SELECT id FROM \"Legacy\"", LW_NOARGS), "ERROR 42703");
    assert_string_equal(
        display(c, "SELECT p.id FROM people p, \"Legacy\" l WHERE l.\"Id\" = p.id", LW_NOARGS),
        "1");
    /* The schema's names are read again after it changes. */
    exec_ok(c, "CREATE TABLE \"Later\" (\"X\" INT)");
    assert_string_equal(display(c, "SELECT x FROM \"Later\"", LW_NOARGS), "ERROR 42703");
    assert_string_equal(display(c, "SELECT count(*) FROM \"Later\"", LW_NOARGS), "0");
    lw_close(c);
}

/* 11. READ ONLY transactions: PRAGMA query_only for the transaction's life. */
static void test_read_only(void **state)
{
    (void)state;
    lw_conn *c = open_ok(PG_URL);
    exec_ok(c, "CREATE TABLE t (id INT PRIMARY KEY)");
    exec_ok(c, "CREATE SEQUENCE s");
    exec_ok(c, "BEGIN READ ONLY");
    assert_string_equal(message_of(c, "INSERT INTO t VALUES (1)"),
                        "cannot execute INSERT in a read-only transaction");
    assert_string_equal(lw_error_sqlstate(lw_last_error(c)), "25006");
    assert_string_equal(display(c, "SELECT 1", LW_NOARGS), "ERROR 25P02");
    exec_ok(c, "ROLLBACK");
    exec_ok(c, "INSERT INTO t VALUES (1)");
    exec_ok(c, "BEGIN READ ONLY");
    assert_string_equal(message_of(c, "SELECT nextval('s')"),
                        "cannot execute nextval() in a read-only transaction");
    exec_ok(c, "COMMIT"); /* a failed transaction: rolls back */
    exec_ok(c, "INSERT INTO t VALUES (2)");
    /* The API's rollback ends it too. */
    exec_ok(c, "START TRANSACTION READ ONLY");
    assert_string_equal(message_of(c, "CREATE TABLE u (x numeric(4,1))"),
                        "cannot execute CREATE TABLE in a read-only transaction");
    assert_int_equal(lw_rollback(c), 0);
    assert_string_equal(display(c, "SELECT nextval('s')", LW_NOARGS), "1");
    /* SET TRANSACTION READ WRITE only before the first query. */
    exec_ok(c, "BEGIN READ ONLY");
    exec_ok(c, "SET TRANSACTION READ WRITE");
    exec_ok(c, "INSERT INTO t VALUES (3)");
    exec_ok(c, "SET TRANSACTION READ ONLY");
    assert_string_equal(display(c, "DELETE FROM t", LW_NOARGS), "ERROR 25006");
    exec_ok(c, "ROLLBACK");
    exec_ok(c, "BEGIN READ ONLY");
    exec_ok(c, "SELECT 1");
    assert_string_equal(display(c, "SET TRANSACTION READ WRITE", LW_NOARGS), "ERROR 25001");
    exec_ok(c, "ROLLBACK");
    /* Outside a transaction SET TRANSACTION changes nothing (PostgreSQL warns). */
    exec_ok(c, "SET TRANSACTION READ ONLY");
    exec_ok(c, "INSERT INTO t VALUES (4)");
    assert_string_equal(display(c, "SELECT count(*) FROM t", LW_NOARGS), "3");
    assert_string_equal(
        display(c, "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", LW_NOARGS),
        "ERROR 0A000");
    lw_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_core_text),
        cmocka_unit_test(test_core_time),
        cmocka_unit_test(test_core_uuid_json),
        cmocka_unit_test(test_translation),
        cmocka_unit_test(test_typed_arithmetic),
        cmocka_unit_test(test_typed_values),
        cmocka_unit_test(test_parameters),
        cmocka_unit_test(test_display),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_failed_transaction),
        cmocka_unit_test(test_schema_change_recompiles),
        cmocka_unit_test(test_session_state),
        cmocka_unit_test(test_identifier_case),
        cmocka_unit_test(test_read_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
