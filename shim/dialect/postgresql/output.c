/*
 * The postgresql dialect's values as psql prints them (lw_dialect.format_value, which
 * lwsql and lw_column_display use): booleans t/f (a BOOLEAN column, or a result the
 * rewriter marked boolean: PG_BOOL_MARK at the start of the translation), doubles in
 * the shortest text that reads back the same value (NaN, Infinity), bytea as \x hex,
 * character(n) blank-padded, jsonb in its normalised form, a timestamptz (a column of
 * that type, or a result marked so) in the session's TimeZone, an interval in its
 * IntervalStyle.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dialect/postgresql/postgresql.h"

/* ---- Results as psql prints them ------------------------------------------------------ */

static int decl_is(const char *decl, const char *prefix)
{
    return decl && strncasecmp(decl, prefix, strlen(prefix)) == 0;
}

/* Bit col of mask `which` (0 booleans, 1 timestamptz, 2 intervals) of the mark the
 * translation left at the start of the statement. */
static int marked(sqlite3_stmt *stmt, int col, int which)
{
    const char *sql = sqlite3_sql(stmt);
    if (!sql || strncmp(sql, PG_BOOL_MARK, strlen(PG_BOOL_MARK)) != 0 || col >= 64)
        return 0;
    const char *p = sql + strlen(PG_BOOL_MARK);
    char *end;
    unsigned long long mask = strtoull(p, &end, 16);
    for (int i = 0; i < which; i++) {
        if (*end != ',' || !end[1] || end[2] != '=')
            return 0;
        mask = strtoull(end + 3, &end, 16);
    }
    return (int)((mask >> col) & 1);
}

int pg_format_value(void *state, sqlite3_stmt *stmt, int col, lw_sqlbuf *b)
{
    pg_state *ps = state;
    int type = sqlite3_column_type(stmt, col);
    if (type == SQLITE_NULL)
        return 0;
    const char *decl = sqlite3_column_decltype(stmt, col);
    if (type == SQLITE_TEXT && ps && ps->funcs) {
        int tz = decl ? decl_is(decl, "timestamptz") : marked(stmt, col, 1);
        int iv = decl ? decl_is(decl, "interval") : marked(stmt, col, 2);
        if (tz || iv) {
            char buf[LW_PG_TIME_TEXT_MAX];
            const char *v = (const char *)sqlite3_column_text(stmt, col);
            int n = lw_pg_show_time(ps->funcs, v, (size_t)sqlite3_column_bytes(stmt, col), iv, buf);
            if (n < 0)
                return 0;
            lw_sqlbuf_append(b, buf, (size_t)n);
            return 1;
        }
    }
    if (type == SQLITE_INTEGER && (decl_is(decl, "bool") || marked(stmt, col, 0))) {
        lw_sqlbuf_appends(b, sqlite3_column_int64(stmt, col) ? "t" : "f");
        return 1;
    }
    if (type == SQLITE_FLOAT) {
        /* float8 output: the shortest text that reads back the same value. */
        double d = sqlite3_column_double(stmt, col);
        char buf[40];
        if (d != d) {
            lw_sqlbuf_appends(b, "NaN");
            return 1;
        }
        if (d > 1.7976931348623157e308 || d < -1.7976931348623157e308) {
            lw_sqlbuf_appends(b, d > 0 ? "Infinity" : "-Infinity");
            return 1;
        }
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(buf, sizeof buf, "%.*g", prec, d);
            if (strtod(buf, NULL) == d)
                break;
        }
        /* psql prints 1e+20 as 1e+20 and 1024 as 1024, as %g does. */
        lw_sqlbuf_appends(b, buf);
        return 1;
    }
    if (type == SQLITE_BLOB) {
        const unsigned char *p = sqlite3_column_blob(stmt, col);
        int n = sqlite3_column_bytes(stmt, col);
        lw_sqlbuf_appends(b, "\\x");
        for (int i = 0; i < n; i++)
            lw_sqlbuf_appendf(b, "%02x", p[i]);
        return 1;
    }
    if (type == SQLITE_TEXT && decl_is(decl, "char(")) {
        /* character(n) is blank-padded on output; stored unpadded so that comparisons
         * ignore trailing blanks as PostgreSQL's do. */
        const char *s = (const char *)sqlite3_column_text(stmt, col);
        size_t n = (size_t)sqlite3_column_bytes(stmt, col);
        long long width = atoll(decl + 5);
        int64_t have = lw_pg_char_length(s, n);
        lw_sqlbuf_append(b, s, n);
        for (int64_t k = have; k < width; k++)
            lw_sqlbuf_append(b, " ", 1);
        return 1;
    }
    if (type == SQLITE_TEXT && decl_is(decl, "jsonb")) {
        const char *s = (const char *)sqlite3_column_text(stmt, col);
        size_t n = (size_t)sqlite3_column_bytes(stmt, col), out_n;
        const char *error;
        char *norm = lw_pg_jsonb_normalize(s, n, &out_n, &error);
        if (!norm)
            return 0;
        lw_sqlbuf_append(b, norm, out_n);
        sqlite3_free(norm);
        return 1;
    }
    return 0;
}
