/*
 * Unit tests of the django module: Python's text rules (int(), split()), Django's
 * date and time parsers and the calendar, pytz's zones from TZif data and from the
 * system's files, and the SQL functions end to end, including the time-zone cases
 * where pytz's answers differ from the obvious ones (local mean time for replace(),
 * no DST rules past 2037, tzdata newer than ICU's). The expected values were printed
 * by Django 3.2's own functions (django.db.backends.sqlite3.base); the differential
 * test tests/load/django-functions compares tens of thousands more.
 */
#include "lw_test.h"
#include "django/dt.h"
#include "django/pytext.h"
#include "django/tz.h"

/* ---- Python's text rules --------------------------------------------------------- */

static void test_py_int_follows_cpython(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        lw_py_int_rc rc;
        int64_t value;
    } cases[] = {
        {"5", LW_PY_INT_OK, 5},
        {" 5 ", LW_PY_INT_OK, 5},
        {"\xc2\2405", LW_PY_INT_OK, 5},  /* NBSP becomes a space */
        {"\xc2\2055", LW_PY_INT_OK, 5},  /* NEL too */
        {"\0345", LW_PY_INT_INVALID, 0}, /* ASCII, so kept, and not ASCII space */
        {"5_0", LW_PY_INT_OK, 50},
        {"_5", LW_PY_INT_INVALID, 0},
        {"5_", LW_PY_INT_INVALID, 0},
        {"5__0", LW_PY_INT_INVALID, 0},
        {"+_5", LW_PY_INT_INVALID, 0},
        {"-0", LW_PY_INT_OK, 0},
        {"+07", LW_PY_INT_OK, 7},
        {"\xd9\xa3", LW_PY_INT_OK, 3},              /* ARABIC-INDIC DIGIT THREE */
        {"1\xef\xbc\x92", LW_PY_INT_OK, 12},        /* FULLWIDTH DIGIT TWO */
        {"\xf0\x91\xbd\x92", LW_PY_INT_INVALID, 0}, /* a Kawi digit: Unicode 15, not 14 */
        {"1 2", LW_PY_INT_INVALID, 0},
        {"- 1", LW_PY_INT_INVALID, 0},
        {"", LW_PY_INT_INVALID, 0},
        {" ", LW_PY_INT_INVALID, 0},
        {"9223372036854775807", LW_PY_INT_OK, INT64_MAX},
        {"-9223372036854775808", LW_PY_INT_OK, INT64_MIN},
        {"9223372036854775808", LW_PY_INT_BIG, 1},
        {"-99999999999999999999999", LW_PY_INT_BIG, -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t v = 0;
        lw_py_int_rc rc = lw_py_int(cases[i].text, strlen(cases[i].text), &v);
        if (rc != cases[i].rc)
            fprintf(stderr, "  int(%s)\n", cases[i].text);
        assert_int_equal(rc, cases[i].rc);
        if (rc != LW_PY_INT_INVALID)
            assert_true(v == cases[i].value);
    }
    /* NUL is not whitespace; more than 4300 digits is CPython 3.11's ValueError. */
    int64_t v;
    assert_int_equal(lw_py_int("1\0", 2, &v), LW_PY_INT_INVALID);
    char many[4302];
    memset(many, '1', sizeof many);
    assert_int_equal(lw_py_int(many, 4300, &v), LW_PY_INT_BIG);
    assert_int_equal(lw_py_int(many, 4301, &v), LW_PY_INT_INVALID);
}

static void test_py_split_find_len(void **state)
{
    (void)state;
    size_t start[4], len[4];
    const char *s = " a\xe3\x80\200b\034c ";
    assert_int_equal(lw_py_split_ws(s, strlen(s), 4, start, len), 3);
    assert_int_equal(len[0], 1);
    assert_int_equal(len[1], 1);
    assert_int_equal(start[2], strlen(s) - 2);
    assert_int_equal(lw_py_split("a--b", 4, "-", 1, 4, start, len), 3);
    assert_int_equal(len[1], 0);
    assert_int_equal(lw_py_split("", 0, ":", 1, 4, start, len), 1);
    assert_int_equal(lw_py_find("\xc3\xa9+x", 4, '+'), 1); /* a code point index */
    assert_int_equal(lw_py_find("abc", 3, '-'), -1);
    assert_int_equal(lw_py_len("\xf0\x9d\x84\236a\xc3\xa9", 7), 3);
    assert_int_equal(lw_py_offset("\xf0\x9d\x84\236a\xc3\xa9", 7, 2), 5);
    assert_int_equal(lw_py_offset("abc", 3, 9), 3);
    assert_true(lw_py_isspace(0x3000) && lw_py_isspace(0x1f) && !lw_py_isspace(0x200b));
    assert_int_equal(lw_py_decimal(0x1d7d9), 1); /* MATHEMATICAL BOLD DIGIT ONE... of a run */
    assert_int_equal(lw_py_decimal('x'), -1);
}

/* ---- Django's parsers and the calendar ------------------------------------------- */

static lw_pyexc stamp(const char *s, lw_dt *dt)
{
    const char *why;
    return lw_dt_typecast_timestamp(s, strlen(s), dt, &why);
}

static void test_typecast_timestamp(void **state)
{
    (void)state;
    lw_dt dt;
    assert_int_equal(stamp("2021-03-04 05:06:07.1234567", &dt), LW_PY_OK);
    assert_int_equal(dt.kind, LW_DT_DATETIME);
    assert_int_equal(dt.usec, 123456);
    assert_int_equal(stamp("2021-03-04 05:06:07.5", &dt), LW_PY_OK);
    assert_int_equal(dt.usec, 500000);
    assert_int_equal(stamp("2021-03-04", &dt), LW_PY_OK);
    assert_int_equal(dt.kind, LW_DT_DATE);
    assert_int_equal(stamp("", &dt), LW_PY_OK);
    assert_int_equal(dt.kind, LW_DT_NONE);
    /* A zone suffix ends the time; any whitespace separates; Unicode digits count. */
    assert_int_equal(stamp("2021-03-04 05:06:07-05:00", &dt), LW_PY_OK);
    assert_int_equal(dt.hour, 5);
    assert_int_equal(stamp(" 2021-03-04\xc2\24005:06:07 ", &dt), LW_PY_OK);
    assert_int_equal(stamp("\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa1-03-04 05:06:07", &dt), LW_PY_OK);
    assert_int_equal(dt.year, 2021);
    /* Which exception: Django catches ValueError and TypeError only. */
    assert_int_equal(stamp("2021-03-04 05:06", &dt), LW_PY_INDEX_ERROR);
    assert_int_equal(stamp("20210304 05:06:07", &dt), LW_PY_INDEX_ERROR);
    assert_int_equal(stamp("abc 05:06:07", &dt), LW_PY_VALUE_ERROR); /* int(dates[0]) first */
    assert_int_equal(stamp("2021-03", &dt), LW_PY_TYPE_ERROR);
    assert_int_equal(stamp("2021-02-29 00:00:00", &dt), LW_PY_VALUE_ERROR);
    assert_int_equal(stamp("99999999999-01-01 00:00:00", &dt), LW_PY_OVERFLOW_ERROR);
    assert_int_equal(stamp("10000-01-01 00:00:00", &dt), LW_PY_VALUE_ERROR);
    assert_int_equal(stamp("2021-03-04 05:06:07.1.2", &dt), LW_PY_VALUE_ERROR);
    assert_int_equal(stamp("2021-03-04 05:06:07 x", &dt), LW_PY_VALUE_ERROR);
    const char *why;
    assert_int_equal(lw_dt_typecast_time("12:34:56.7", 10, &dt, &why), LW_PY_OK);
    assert_int_equal(dt.usec, 700000);
    assert_int_equal(lw_dt_typecast_time(" 1:2:3", 6, &dt, &why), LW_PY_OK);
    assert_int_equal(lw_dt_typecast_time("12:34", 5, &dt, &why), LW_PY_VALUE_ERROR);
    assert_int_equal(lw_dt_typecast_time("24:00:00", 8, &dt, &why), LW_PY_VALUE_ERROR);
}

static void test_calendar(void **state)
{
    (void)state;
    for (int64_t d = 0; d < LW_DT_DAYS_END; d += 997) {
        int y, m, day;
        lw_dt_civil(d, &y, &m, &day);
        assert_true(lw_dt_days(y, m, day) == d);
    }
    lw_dt dt = {LW_DT_DATE, 2021, 1, 3, 0, 0, 0, 0, 0, NULL};
    int iy, iw, iwd;
    lw_dt_isocalendar(&dt, &iy, &iw, &iwd);
    assert_true(iy == 2020 && iw == 53 && iwd == 7);
    dt.day = 4;
    lw_dt_isocalendar(&dt, &iy, &iw, &iwd);
    assert_true(iy == 2021 && iw == 1 && iwd == 1);
    lw_dt last = {LW_DT_DATE, 9999, 12, 31, 0, 0, 0, 0, 0, NULL};
    lw_dt_isocalendar(&last, &iy, &iw, &iwd);
    assert_true(iy == 9999 && iw == 52 && iwd == 5);
    assert_int_equal(lw_dt_add(&last, LW_DT_US_PER_DAY, 0), LW_PY_OVERFLOW_ERROR);
    assert_int_equal(lw_dt_add(&last, -1, 0), LW_PY_OK); /* a date moves by floor days */
    assert_int_equal(last.day, 30);
    char buf[64];
    lw_dt delta = {LW_DT_DELTA, 0, 0, 0, 0, 0, 0, 0, -1, NULL};
    lw_dt_str(&delta, buf);
    assert_string_equal(buf, "-1 day, 23:59:59.999999");
}

/* ---- pytz's zones ---------------------------------------------------------------- */

/* A TZif file with the given types ({offset, isdst, abbreviation index}) and
 * transitions ({time, type}); abbreviations "LMT\0STD\0DST\0". */
static size_t make_tzif(unsigned char *out, const int32_t types[][3], int ntypes,
                        const int32_t trans[][2], int ntrans)
{
    memset(out, 0, 44);
    memcpy(out, "TZif2", 5);
    int32_t counts[6] = {0, 0, 0, ntrans, ntypes, 12};
    for (int i = 0; i < 6; i++)
        for (int b = 0; b < 4; b++)
            out[20 + 4 * i + b] = (unsigned char)((uint32_t)counts[i] >> (24 - 8 * b));
    size_t n = 44;
    for (int i = 0; i < ntrans; i++, n += 4)
        for (int b = 0; b < 4; b++)
            out[n + b] = (unsigned char)((uint32_t)trans[i][0] >> (24 - 8 * b));
    for (int i = 0; i < ntrans; i++)
        out[n++] = (unsigned char)trans[i][1];
    for (int i = 0; i < ntypes; i++, n += 6) {
        for (int b = 0; b < 4; b++)
            out[n + b] = (unsigned char)((uint32_t)types[i][0] >> (24 - 8 * b));
        out[n + 4] = (unsigned char)types[i][1];
        out[n + 5] = (unsigned char)types[i][2];
    }
    memcpy(out + n, "LMT\0STD\0DST\0", 12);
    return n + 12;
}

static int64_t ticks_of_unix(int64_t seconds)
{
    return (seconds + INT64_C(62135596800)) * 1000000;
}

static void test_tzif_as_pytz_builds_it(void **state)
{
    (void)state;
    unsigned char file[512];
    /* LMT +0:09:21 (rounds to +0:09), then STD +1, DST +2 from 1000 s. */
    const int32_t types[][3] = {{561, 0, 0}, {3600, 0, 4}, {7200, 1, 8}};
    const int32_t trans[][2] = {{-100000, 1}, {1000, 2}, {5000, 1}};
    size_t n = make_tzif(file, types, 3, trans, 3);
    lw_tz *tz = NULL;
    assert_int_equal(lw_tz_from_tzif("Test/Zone", file, n, &tz), LW_TZ_OK);
    assert_string_equal(lw_tz_name(tz), "Test/Zone");
    assert_int_equal(lw_tz_replace_offset(tz), 540); /* pytz's default: rounded LMT */
    assert_int_equal(lw_tz_fromutc_offset(tz, ticks_of_unix(-200000)), 540);
    assert_int_equal(lw_tz_fromutc_offset(tz, ticks_of_unix(-100000)), 3600);
    assert_int_equal(lw_tz_fromutc_offset(tz, ticks_of_unix(999)), 3600);
    assert_int_equal(lw_tz_fromutc_offset(tz, ticks_of_unix(1000)), 7200);     /* at: the new one */
    assert_int_equal(lw_tz_fromutc_offset(tz, ticks_of_unix(99999999)), 3600); /* past the end */
    lw_tz_free(tz);
    /* One type: static, its offset not rounded. */
    const int32_t one[][3] = {{-18030, 0, 4}};
    n = make_tzif(file, one, 1, trans, 0);
    assert_int_equal(lw_tz_from_tzif("Etc/Odd", file, n, &tz), LW_TZ_OK);
    assert_int_equal(lw_tz_replace_offset(tz), -18030);
    assert_int_equal(lw_tz_fromutc_offset(tz, 0), -18030);
    lw_tz_free(tz);
    /* What pytz cannot read. */
    assert_int_equal(lw_tz_from_tzif("x", file, 43, &tz), LW_TZ_BAD_FILE);
    const int32_t all_dst[][3] = {{3600, 1, 0}, {7200, 1, 4}};
    n = make_tzif(file, all_dst, 2, trans, 2);
    assert_int_equal(lw_tz_from_tzif("x", file, n, &tz), LW_TZ_BAD_FILE);
    const int32_t bad_index[][2] = {{0, 7}};
    n = make_tzif(file, types, 3, bad_index, 1);
    assert_int_equal(lw_tz_from_tzif("x", file, n, &tz), LW_TZ_BAD_FILE);
    n = make_tzif(file, types, 3, trans, 3);
    file[n - 12] = 0xc3; /* a non-ASCII abbreviation */
    assert_int_equal(lw_tz_from_tzif("x", file, n, &tz), LW_TZ_BAD_FILE);
    assert_int_equal(lw_tz_from_tzif("x", file, n - 1, &tz), LW_TZ_BAD_FILE); /* short */
    file[0] = 'X';
    assert_int_equal(lw_tz_from_tzif("x", file, n, &tz), LW_TZ_BAD_FILE);
}

static void test_zone_names_as_pytz_resolves_them(void **state)
{
    (void)state;
    lw_tz_cache *cache = lw_tz_cache_new(LW_DJANGO_ZONEINFO);
    assert_non_null(cache);
    const lw_tz *a = NULL, *b = NULL;
    assert_int_equal(lw_tz_cache_get(cache, "uTc", 3, &a), LW_TZ_OK);
    assert_ptr_equal(a, lw_tz_utc());
    assert_int_equal(lw_tz_cache_get(cache, "Europe/Paris", 12, &a), LW_TZ_OK);
    assert_int_equal(lw_tz_cache_get(cache, "EUROPE/paris", 12, &b), LW_TZ_OK);
    assert_ptr_equal(a, b); /* one object per zone, whatever the spelling */
    assert_string_equal(lw_tz_name(b), "Europe/Paris");
    assert_int_equal(lw_tz_cache_get(cache, "Etc/GMT_plus_5", 14, &a), LW_TZ_OK);
    assert_string_equal(lw_tz_name(a), "Etc/GMT+5");
    assert_int_equal(lw_tz_replace_offset(a), -18000);
    assert_int_equal(lw_tz_cache_get(cache, "Etc/UTC", 7, &a), LW_TZ_OK);
    assert_ptr_not_equal(a, lw_tz_utc()); /* a static zone of its own, as in pytz */
    static const char *const unknown[] = {
        "Europe/Pariss",
        "posixrules",
        "Factory",
        "localtime",
        "right/UTC",
        "posix/Europe/Paris",
        "Europe//Paris",
        "Europe/../Europe/Paris",
        "",
        "Europe",
        "zone.tab",
        "/Europe/Paris",
        "Europe/Paris/",
        "\xc3\x9cTC",
    };
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        assert_int_equal(lw_tz_cache_get(cache, unknown[i], strlen(unknown[i]), &a), LW_TZ_UNKNOWN);
    lw_tz_cache_free(cache);
}

/* ---- the SQL functions ------------------------------------------------------------ */

static void test_datetime_functions(void **state)
{
    sqlite3 *db = *state;
    assert_sql(db, "SELECT django_date_extract('year', '2021-03-04 05:06:07')", "2021");
    assert_sql(db, "SELECT django_datetime_extract('week', '2021-01-03 12:00:00', NULL, NULL)",
               "53");
    assert_sql(db, "SELECT django_date_extract('iso_year', '2021-01-03')", "2020");
    assert_sql(db, "SELECT django_date_trunc('quarter', '2021-08-15 10:00:00', NULL, NULL)",
               "2021-07-01");
    assert_sql(db, "SELECT django_datetime_trunc('week', '0005-01-05 10:00:00', NULL, NULL)",
               "5-01-03 00:00:00"); /* '%i': no padding, as Django writes it */
    assert_sql(db, "SELECT django_time_trunc('minute', '12:34:56.789', NULL, NULL)", "12:34:00");
    assert_sql(db, "SELECT django_time_extract('microsecond', '12:34:56.7')", "700000");
    assert_sql(db, "SELECT django_time_diff('10:00:00.5', '09:59:59')", "1500000");
    assert_sql(db,
               "SELECT django_timestamp_diff('2021-03-04 00:00:00', '2021-03-03 23:59:59.999999')",
               "1");
    assert_sql(db, "SELECT django_format_dtdelta('-', '2021-03-04', '2021-03-01')",
               "3 days, 0:00:00");
    assert_sql(db, "SELECT django_format_dtdelta('+', 259200000005, -1)", "3 days, 0:00:00.000004");
    assert_sql(db, "SELECT django_format_dtdelta('-', 5, 86400000001)", "-1 day, 0:00:00.000004");
    /* NULL, and what Django's parsers answer None to. */
    assert_sql(db, "SELECT django_date_extract('year', NULL)", "NULL");
    assert_sql(db, "SELECT django_date_extract('year', 'not a date')", "NULL");
    assert_sql(db, "SELECT django_date_extract('year', 20210304)", "NULL");
    assert_sql(db, "SELECT django_date_trunc('fortnight', '2021-03-04', NULL, NULL)", "NULL");
    assert_sql(
        db, "SELECT typeof(django_datetime_extract('tzinfo', '2021-03-04 05:06:07', NULL, NULL))",
        "null");
}

static void test_time_zones(void **state)
{
    sqlite3 *db = *state;
    assert_sql(
        db, "SELECT django_datetime_extract('hour', '2021-06-01 12:00:00', 'Europe/Paris', 'UTC')",
        "14");
    assert_sql(
        db, "SELECT django_datetime_extract('hour', '2021-01-01 12:00:00', 'Europe/Paris', 'UTC')",
        "13");
    /* pytz knows no DST rule past its file's last transition (2037)... */
    assert_sql(
        db, "SELECT django_datetime_extract('hour', '2045-07-01 12:00:00', 'Europe/Paris', 'UTC')",
        "13");
    /* ...and reads today's tzdata: Mexico has had no DST since 2022 (ICU 72's 2022e
     * data still had it). */
    assert_sql(db,
               "SELECT django_datetime_extract('hour', '2024-07-01 12:00:00', "
               "'America/Mexico_City', 'UTC')",
               "6");
    /* replace(tzinfo=pytz.timezone('Europe/Paris')) takes local mean time, +0:09. */
    assert_sql(
        db,
        "SELECT django_datetime_extract('minute', '2021-06-01 12:00:00', 'UTC', 'Europe/Paris')",
        "51");
    assert_sql(
        db,
        "SELECT django_datetime_trunc('day', '2021-03-28 00:30:00', 'Europe/Paris+05:00', 'UTC')",
        "2021-03-28 00:00:00");
    assert_sql(db,
               "SELECT django_datetime_cast_time('2021-03-04 05:06:07.123', 'UTC-03:30', 'UTC')",
               "01:36:07.123000");
    assert_sql_error(
        db, "SELECT django_datetime_extract('hour', '2021-03-04 05:06:07', 'Mars/Base', 'UTC')",
        "django_datetime_extract(): unknown time zone 'Mars/Base' in argument 3");
    assert_sql_error(db,
                     "SELECT django_datetime_extract('hour', '2021-03-04 05:06:07', 'UTC', 'Mars')",
                     "unknown time zone 'Mars' in argument 4");
    assert_sql_error(
        db, "SELECT django_datetime_extract('hour', '2021-03-04 05:06:07', 'Etc/GMT+5', 'UTC')",
        "the offset after the sign must be hours:minutes");
    assert_sql_error(db,
                     "SELECT django_datetime_extract('hour', '2021-03-04 05:06:07', 'UTC', NULL)",
                     "needs the connection's time zone in argument 4");
    assert_sql_error(db, "SELECT django_datetime_cast_date('2021-03-04', 'UTC', 'UTC')",
                     "cannot give a time zone to '2021-03-04' in argument 1: a date has no time");
    assert_sql_error(
        db,
        "SELECT django_datetime_extract('hour', '0001-01-01 00:00:00', 'America/New_York', 'UTC')",
        "out of years 1 to 9999");
    /* A datetime Django's parser cannot read is NULL before any zone is looked at. */
    assert_sql(db, "SELECT django_datetime_extract('hour', 'junk', 'Mars/Base', 'UTC')", "NULL");
}

static void test_errors_name_function_argument_value(void **state)
{
    sqlite3 *db = *state;
    assert_sql_error(db, "SELECT django_date_extract('year', '2021-03-04 05:06')",
                     "django_date_extract(): invalid datetime '2021-03-04 05:06' in argument 2: "
                     "its time has no seconds");
    assert_sql_error(db, "SELECT django_date_extract('hours', '2021-03-04')",
                     "unknown lookup type 'hours' in argument 1 for a date");
    assert_sql_error(db, "SELECT django_date_extract(5, '2021-03-04')",
                     "lookup type in argument 1 must be text, got integer 5");
    assert_sql_error(db, "SELECT django_time_diff('12:00:00', '')", "in argument 2: it is empty");
    assert_sql_error(db, "SELECT django_date_extract('year', CAST(x'c328' AS TEXT))",
                     "django_date_extract(): invalid UTF-8 in argument 2 at byte 1");
    assert_sql_error(db, "SELECT django_format_dtdelta(1, 2, 3)",
                     "operator in argument 1 must be text, got integer 1");
}

static void test_generic_names_need_the_django_entry_point(void **state)
{
    sqlite3 *db = *state;
    /* The fixture registered sqlite3_likewise_init only: SQLite's own ceiling. */
    assert_sql(db, "SELECT typeof(ceiling(2.5))", "real");
    sqlite3 *dj = NULL;
    char *err = NULL;
    assert_int_equal(sqlite3_open(":memory:", &dj), SQLITE_OK);
    assert_int_equal(sqlite3_likewisedjango_init(dj, &err, NULL), SQLITE_OK);
    assert_sql(dj, "SELECT CEILING(2.5) || ' ' || typeof(CEILING(2.5))", "3 integer");
    assert_sql(dj, "SELECT FLOOR(-2.5), POWER(2, 10)", "-3");
    assert_sql(dj, "SELECT typeof(POWER(2, 10)) || typeof(POWER(2, -1)) || typeof(POWER(2.0, 2))",
               "integerrealreal");
    assert_sql(dj, "SELECT SIGN(-0.5) || SIGN(0) || SIGN(7)", "-101");
    assert_sql(dj, "SELECT LPAD('h\xc3\xa9llo', -2, 'x')", "h\xc3\xa9l");
    assert_sql(dj, "SELECT RPAD('h\xc3\xa9llo', 8, 'ab')", "h\xc3\xa9lloaba");
    assert_sql(dj, "SELECT LPAD('ab', 5, '\xf0\x9d\x84\x9e')",
               "\xf0\x9d\x84\x9e\xf0\x9d\x84\x9e\xf0\x9d\x84\236ab");
    assert_sql(dj, "SELECT REVERSE('h\xc3\xa9llo'), REPEAT('ab', 3)", "oll\xc3\xa9h");
    assert_sql(dj, "SELECT REPEAT(3, 4) || typeof(REPEAT(3, 4))", "12integer");
    assert_sql(dj, "SELECT MD5('a')", "0cc175b9c0f1b6a831c399e269772661");
    assert_sql(dj, "SELECT SHA256('')",
               "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_sql(dj, "SELECT MOD(7, 2) || typeof(MOD(7, 2))", "1.0real");
    /* Fast paths (bench/django_functions): ASCII text in 8-byte words on both sides of
     * the 136-byte result buffer, the digests' hex 16 bytes at a time (SHA-1's 20 and
     * SHA-224's 28 end on an overlapping block), MOD of integers as C's %, whose zero
     * keeps the dividend's sign as fmod's does (atan2 tells -0.0 from 0.0). Expected
     * values printed by Django 3.2's functions. */
    assert_sql(dj, "SELECT REVERSE('abcdefghijklmnopq') || hex(REVERSE(x'010203040506070809'))",
               "qponmlkjihgfedcba090807060504030201");
    assert_sql(dj,
               "SELECT LPAD('user1@example.com', 30, '*') || RPAD('user1@example.com', 30, '*')",
               "*************user1@example.comuser1@example.com*************");
    assert_sql(dj, "SELECT RPAD('ab', 12, 'xyz')", "abxyzxyzxyzx");
    assert_sql(dj,
               "SELECT length(LPAD('ab', 150, '0123456789')) || substr(LPAD('ab', 150, "
               "'0123456789'), 139)",
               "1508901234567ab");
    assert_sql(dj, "SELECT length(REPEAT('abc', 50)) || substr(REPEAT('abc', 50), -5)", "150bcabc");
    assert_sql(dj, "SELECT SHA1('abc')", "a9993e364706816aba3e25717850c26c9cd0d89d");
    assert_sql(dj, "SELECT SHA224('abc')",
               "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7");
    assert_sql(dj, "SELECT ATAN2(MOD(-14, 7), -1) < 0 AND ATAN2(MOD(14, -7), -1) > 0", "1");
    assert_sql(dj, "SELECT LOG(2, 1024)", "10.0");
    assert_sql(dj, "SELECT BITXOR(12, 10), PI()", "6");
    assert_sql(dj, "SELECT RAND() >= 0 AND RAND() < 1", "1");
    assert_sql(dj, "SELECT ACOS(NULL) IS NULL AND LPAD('a', NULL, 'b') IS NULL", "1");
    assert_sql_error(dj, "SELECT LN(0)", "LN(): math domain error: argument 1 is integer 0");
    assert_sql_error(dj, "SELECT COT(0)", "COT(): float division by zero");
    assert_sql_error(dj, "SELECT LOG(1, 5)", "LOG(): float division by zero");
    assert_sql_error(dj, "SELECT POWER(0.0, -1)", "0.0 cannot be raised to a negative power");
    assert_sql_error(dj, "SELECT POWER(-8.0, 0.5)", "complex");
    assert_sql_error(dj, "SELECT POWER(2, 64)", "does not fit SQLite's 64-bit integers");
    assert_sql_error(dj, "SELECT CEILING(1e300)", "does not fit SQLite's 64-bit integers");
    assert_sql_error(dj, "SELECT EXP(1000)", "EXP(): math range error");
    assert_sql_error(dj, "SELECT ACOS('x')", "ACOS(): must be a number: argument 1 is 'x'");
    assert_sql_error(dj, "SELECT MD5(x'00')", "MD5(): must be text");
    assert_sql_error(dj, "SELECT REPEAT('ab', 1000000000)", "too big");
    /* The length limit holds for short results (SQLite checks them when it takes them)
     * and long ones (checked before allocating). */
    int old_limit = sqlite3_limit(dj, SQLITE_LIMIT_LENGTH, 40); /* the SQL's length too */
    assert_sql(dj, "SELECT length(REPEAT('ab', 20))", "40");
    assert_sql_error(dj, "SELECT REPEAT('ab', 21)", "too big");
    assert_sql_error(dj, "SELECT RPAD('a', 41, 'b')", "too big");
    assert_sql_error(dj, "SELECT LPAD('a', 200, 'b')", "too big");
    sqlite3_limit(dj, SQLITE_LIMIT_LENGTH, old_limit);
    /* The aggregates compute exactly, with Python's types and errors. */
    assert_sql(dj,
               "SELECT VAR_POP(x) || typeof(VAR_POP(x)) FROM (SELECT 1 AS x UNION ALL SELECT 3)",
               "1integer");
    assert_sql(dj, "SELECT VAR_POP(x) FROM (SELECT 1 AS x UNION ALL SELECT 2)", "0.25");
    assert_sql(dj,
               "SELECT VAR_SAMP(x) FROM (SELECT 1e16 AS x UNION ALL SELECT 1 UNION ALL "
               "SELECT -1e16)",
               "1.0e+32");
    assert_sql(dj,
               "SELECT STDDEV_POP(column1) FROM (VALUES (2), (4), (4), (4), (5), (5), (7), (9))",
               "2.0");
    assert_sql(dj, "SELECT STDDEV_POP(x) FROM (SELECT 1 AS x WHERE 0)", "NULL");
    assert_sql(dj, "SELECT VAR_POP(column1) FROM (VALUES (1.5), (-2.25), (3), (1e-300), (7))",
               "9.64");
    assert_sql(dj,
               "SELECT printf('%!.17g', STDDEV_POP(column1)) FROM (VALUES (0.5), (0.25), (-2.25), "
               "(3.0), (-5e-324))",
               "1.6688319268278637");
    assert_sql_error(dj, "SELECT VAR_SAMP(x) FROM (SELECT 1 AS x)",
                     "variance requires at least two data points");
    assert_sql_error(dj, "SELECT VAR_POP(x) FROM (SELECT 1 AS x UNION ALL SELECT NULL)",
                     "VAR_POP(): cannot add NULL");
    assert_sql_error(dj, "SELECT STDDEV_POP(x) FROM (SELECT 9e999 AS x)",
                     "an infinite value has no standard deviation");
    assert_sql(dj, "SELECT VAR_POP(x) FROM (SELECT -9e999 AS x)", "-Inf");
    sqlite3_close(dj);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_py_int_follows_cpython),
        cmocka_unit_test(test_py_split_find_len),
        cmocka_unit_test(test_typecast_timestamp),
        cmocka_unit_test(test_calendar),
        cmocka_unit_test(test_tzif_as_pytz_builds_it),
        cmocka_unit_test(test_zone_names_as_pytz_resolves_them),
        cmocka_unit_test(test_datetime_functions),
        cmocka_unit_test(test_time_zones),
        cmocka_unit_test(test_errors_name_function_argument_value),
        cmocka_unit_test(test_generic_names_need_the_django_entry_point),
    };
    return cmocka_run_group_tests_name("django", tests, lw_test_open, lw_test_close);
}
