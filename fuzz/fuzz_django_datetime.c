/*
 * libFuzzer target of the django module's parsers: Django's datetime and time text
 * parsers (dt.c), Python's int() (pytext.c), the time-zone argument's sign and offset
 * (djfunc.c), and the TZif reader (tz.c), then every django_* SQL function on the
 * same text.
 *
 * Input: one byte of mode, then the rest. Mode 0: the rest is a TZif file; the zone
 * built from it answers fromutc() at instants taken from the input. Otherwise the
 * rest is "DT\nTZ\nCONN_TZ" (valid UTF-8 only), and on every input:
 *   - typecast_timestamp and typecast_time give the same answer (value or exception)
 *     for s and for " " + s when s is not empty (and, for the first, holds a space)
 *     (Python's split() ignores leading whitespace, int() strips it), which checks the
 *     fast paths of Django's own forms against the general parser;
 *   - a parsed datetime is in range, and its str() parses back to the same fields;
 *   - an int() that succeeds prints back to the same value;
 *   - the SQL functions return a value, NULL or an error, never anything else.
 * Any difference aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/lw_sqlite.h"
#include "common/utf8.h"
#include "django/dt.h"
#include "django/pytext.h"
#include "django/tz.h"
#include "likewise_ext.h"

#define FUZZ_MAX_INPUT 4096

static sqlite3 *db;

static void fail(const char *what, const char *s, size_t n)
{
    fprintf(stderr, "fuzz_django_datetime: %s: '%.*s'\n", what, (int)n, s);
    abort();
}

static int same_dt(lw_pyexc ra, const lw_dt *a, lw_pyexc rb, const lw_dt *b)
{
    if (ra != rb)
        return 0;
    return ra != LW_PY_OK || (a->kind == b->kind && a->year == b->year && a->month == b->month &&
                              a->day == b->day && a->hour == b->hour && a->minute == b->minute &&
                              a->second == b->second && a->usec == b->usec);
}

static void check_parsers(const char *s, size_t n)
{
    char spaced[FUZZ_MAX_INPUT + 2];
    const char *why;
    lw_dt a, b;
    lw_pyexc ra = lw_dt_typecast_timestamp(s, n, &a, &why);
    if (memchr(s, ' ', n)) {
        spaced[0] = ' ';
        memcpy(spaced + 1, s, n);
        lw_pyexc rb = lw_dt_typecast_timestamp(spaced, n + 1, &b, &why);
        if (!same_dt(ra, &a, rb, &b))
            fail("typecast_timestamp differs with a leading space", s, n);
    }
    if (ra == LW_PY_OK && a.kind != LW_DT_NONE) {
        if (a.year < 1 || a.year > 9999 || a.hour > 23 || a.usec > 999999)
            fail("datetime out of range", s, n);
        char text[64];
        int len = lw_dt_str(&a, text);
        lw_pyexc rb = lw_dt_typecast_timestamp(text, (size_t)len, &b, &why);
        if (!same_dt(ra, &a, rb, &b))
            fail("str() does not parse back", s, n);
    }
    ra = lw_dt_typecast_time(s, n, &a, &why);
    spaced[0] = ' ';
    memcpy(spaced + 1, s, n);
    lw_pyexc rb = lw_dt_typecast_time(spaced, n + 1, &b, &why);
    if (n > 0 && !same_dt(ra, &a, rb, &b)) /* '' is None, ' ' a ValueError */
        fail("typecast_time differs with a leading space", s, n);
    int64_t v;
    if (lw_py_int(s, n, &v) == LW_PY_INT_OK) {
        char text[32];
        int len = snprintf(text, sizeof text, "%lld", (long long)v);
        int64_t w;
        if (lw_py_int(text, (size_t)len, &w) != LW_PY_INT_OK || w != v)
            fail("int() does not print back", s, n);
    }
}

static void check_sql(const char *dt, size_t dt_n, const char *tz, size_t tz_n, const char *conn,
                      size_t conn_n)
{
    static const char *const queries[] = {
        "SELECT django_datetime_extract('hour', ?1, ?2, ?3), django_datetime_extract('week', ?1, "
        "?2, ?3)",
        "SELECT django_date_trunc('week', ?1, ?2, ?3), django_datetime_trunc('minute', ?1, ?2, ?3)",
        "SELECT django_time_trunc('second', ?1, ?2, ?3), django_datetime_cast_date(?1, ?2, ?3)",
        "SELECT django_datetime_cast_time(?1, ?2, ?3), django_date_extract('iso_year', ?1)",
        "SELECT django_time_extract('microsecond', ?1), django_time_diff(?1, ?2)",
        "SELECT django_timestamp_diff(?1, ?3), django_format_dtdelta(?2, ?1, ?3)",
        "SELECT django_format_dtdelta('+', ?1, 86400000000), LPAD(?1, 12, ?2), RPAD(?2, 9, ?1)",
        "SELECT REVERSE(?1), MD5(?2), REPEAT(?3, 3)",
    };
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        sqlite3_stmt *stmt = NULL;
        if (sqlite3_prepare_v2(db, queries[i], -1, &stmt, NULL) != SQLITE_OK)
            fail("prepare", queries[i], strlen(queries[i]));
        sqlite3_bind_text(stmt, 1, dt, (int)dt_n, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 2, tz, (int)tz_n, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 3, conn, (int)conn_n, SQLITE_STATIC);
        int rc = sqlite3_step(stmt);
        if (rc != SQLITE_ROW && rc != SQLITE_ERROR && rc != SQLITE_TOOBIG)
            fail("step", queries[i], strlen(queries[i]));
        sqlite3_finalize(stmt);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > FUZZ_MAX_INPUT)
        return 0;
    if (!db) {
        char *err = NULL;
        if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
            sqlite3_likewisedjango_init(db, &err, NULL) != SQLITE_OK)
            fail("cannot open the database", "", 0);
    }
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    if (data[0] == 0) {
        lw_tz *tz = NULL;
        if (lw_tz_from_tzif("Fuzz/Zone", (const unsigned char *)s, n, &tz) == LW_TZ_OK) {
            (void)lw_tz_replace_offset(tz);
            for (size_t i = 0; i + 8 <= n && i < 64; i += 8) {
                uint64_t t;
                memcpy(&t, s + i, 8);
                (void)lw_tz_fromutc_offset(tz, (int64_t)(t % (uint64_t)LW_DT_TICKS_END));
            }
            lw_tz_free(tz);
        }
        return 0;
    }
    if (lw_utf8_invalid_offset(s, n) >= 0)
        return 0;
    check_parsers(s, n);
    const char *nl1 = memchr(s, '\n', n);
    const char *tz = nl1 ? nl1 + 1 : "";
    size_t dt_n = nl1 ? (size_t)(nl1 - s) : n;
    size_t rest = nl1 ? n - dt_n - 1 : 0;
    const char *nl2 = memchr(tz, '\n', rest);
    const char *conn = nl2 ? nl2 + 1 : "UTC";
    size_t tz_n = nl2 ? (size_t)(nl2 - tz) : rest;
    size_t conn_n = nl2 ? rest - tz_n - 1 : 3;
    check_sql(s, dt_n, tz, tz_n, conn, conn_n);
    return 0;
}
