/*
 * Values stored into columns, as MariaDB's Field::store() converts and checks them
 * (registered by runtime.c; the rewriter's assign hook and the columns' CHECK
 * constraints call it):
 *
 *   my_assign(V, TYPE, TABLE, COLUMN, ROW, A, B, VTYPE)
 *
 * returns V converted to the column's type, or raises MariaDB's error. TYPE and its
 * arguments: int (A, B: the range), uint64, decimal (A, B: precision, scale), float,
 * double, char / varchar (A: characters), text (A: bytes), binary / varbinary (A:
 * bytes; binary pads with zero bytes), blob (A: bytes), enum / set (A: the members as
 * a JSON array of strings), date, datetime / timestamp / time (A: fraction digits),
 * year, bit (A: bits). VTYPE is the class of V as the rewriter typed it (runtime_
 * numeric.c's letters), ROW the row of the INSERT (0: the session's current row).
 *
 * In a write statement under strict mode (STRICT_TRANS_TABLES, the default) a value the
 * type cannot take is an error: 1264 out of range, 1406 too long, 1366 not a number
 * ("Incorrect integer value: 'abc' for column `db`.`t`.`c` at row 1"), 1265 data
 * truncated (a number followed by other text, an ENUM or SET value that is no
 * member), 1292 an invalid date or time. Otherwise the value is clipped or converted
 * and the same condition is a warning. Rounding a DECIMAL to its scale, cutting
 * trailing spaces off a VARCHAR and the time off a DATE are notes (1265), never
 * errors. In ALTER TABLE's copy (stmt_altering) a value too long is 1265 and a string
 * that is no number 1292 "Truncated incorrect INTEGER value: 'x'", as MariaDB says. NULL is stored
 * as NULL (NOT NULL is the table's constraint: 1048).
 *
 * Outside strict mode (and under IGNORE) a NULL stored into a NOT NULL column by a
 * multi-row INSERT, INSERT ... SELECT or UPDATE is the type's implicit default (0, '',
 * the zero date, an ENUM's first member) with warning 1048 (assign.c writes the call):
 *
 *   my_not_null(COLUMN, DEFAULT)          warning 1048, DEFAULT
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dialect/mysql/runtime_int.h"

/* What a store is about: the column's names and the row, for messages. */
typedef struct store {
    sqlite3_context *ctx;
    my_session *s;
    const char *table, *column;
    int row;
} store;

/* A condition of the store: an error in a strict write, else a warning. Returns 1
 * when it raised an error (the caller stops). */
static int condition(store *st, int code, const char *msg)
{
    if (my_strict_write(st->s)) {
        my_error(st->ctx, code, "%s", msg);
        return 1;
    }
    my_warn(st->s, LW_LEVEL_WARNING, code, "%s", msg);
    return 0;
}

static int out_of_range(store *st)
{
    char *m = sqlite3_mprintf("Out of range value for column '%s' at row %d", st->column, st->row);
    int rc = condition(st, 1264, m ? m : "");
    sqlite3_free(m);
    return rc;
}

static int truncated(store *st)
{
    char *m = sqlite3_mprintf("Data truncated for column '%s' at row %d", st->column, st->row);
    int rc = condition(st, 1265, m ? m : "");
    sqlite3_free(m);
    return rc;
}

static void truncated_note(store *st)
{
    my_warn(st->s, LW_LEVEL_NOTE, 1265, "Data truncated for column '%s' at row %d", st->column,
            st->row);
}

/* A value too long: error 1406 in a strict write, else warning 1265 "Data truncated"
 * (MariaDB's Field_longstr::report_if_important_data). */
static int too_long(store *st)
{
    if (!my_strict_write(st->s) || st->s->stmt_altering) /* ALTER's copy says 1265 */
        return truncated(st);
    char *m = sqlite3_mprintf("Data too long for column '%s' at row %d", st->column, st->row);
    int rc = condition(st, 1406, m ? m : "");
    sqlite3_free(m);
    return rc;
}

/* 1366 / 1292 "Incorrect <what> value: '<v>' for column `db`.`t`.`c` at row N". */
static int incorrect(store *st, int code, const char *what, const char *v, size_t n)
{
    char *q = my_quote_value(v, n);
    if (st->s->stmt_altering && code == 1366 &&
        (!strcmp(what, "integer") || !strcmp(what, "decimal") || !strcmp(what, "double"))) {
        /* ALTER TABLE's copy converts a string to a number as CAST does (MariaDB's
         * Field::store of a copied value): "Truncated incorrect INTEGER value". */
        char *m = sqlite3_mprintf("Truncated incorrect %s value: '%s'",
                                  what[0] == 'i'   ? "INTEGER"
                                  : what[1] == 'e' ? "DECIMAL"
                                                   : "DOUBLE",
                                  q ? q : "");
        int rc = condition(st, 1292, m ? m : "");
        sqlite3_free(m);
        sqlite3_free(q);
        return rc;
    }
    char *m = sqlite3_mprintf("Incorrect %s value: '%s' for column `%s`.`%s`.`%s` at row %d", what,
                              q ? q : "", MY_DATABASE, st->table, st->column, st->row);
    int rc = condition(st, code, m ? m : "");
    sqlite3_free(m);
    sqlite3_free(q);
    return rc;
}

static const char *value_text(sqlite3_value *v, char *buf, size_t cap, size_t *n)
{
    if (sqlite3_value_type(v) == SQLITE_FLOAT) {
        *n = my_format_double(sqlite3_value_double(v), 0, buf, cap);
        return buf;
    }
    const char *t = sqlite3_value_type(v) == SQLITE_BLOB ? sqlite3_value_blob(v)
                                                         : (const char *)sqlite3_value_text(v);
    *n = (size_t)sqlite3_value_bytes(v);
    return t ? t : "";
}

/* ---- Numbers ------------------------------------------------------------------------------- */

/* The value as a decimal for a numeric column: *ok 0 after an error was raised. */
static int numeric_value(store *st, sqlite3_value *v, char vtype, const char *what, lw_decimal *d)
{
    int vt = sqlite3_value_type(v);
    if (vt == SQLITE_INTEGER) {
        lw_decimal_from_int64(d, sqlite3_value_int64(v));
        return 1;
    }
    if (vt == SQLITE_FLOAT)
        return lw_decimal_from_double(d, sqlite3_value_double(v)) == LW_DECIMAL_OK;
    if (vt == SQLITE_BLOB && vtype == 'h') {
        const unsigned char *b = sqlite3_value_blob(v);
        uint64_t u = 0;
        for (int i = 0; i < sqlite3_value_bytes(v); i++)
            u = (u << 8) | b[i];
        char buf[24];
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)u);
        return lw_decimal_from_text(d, buf, strlen(buf)) == LW_DECIMAL_OK;
    }
    char buf[400];
    size_t n;
    const char *t = value_text(v, buf, sizeof buf, &n);
    if (vtype == 'd' && lw_decimal_from_text(d, t, n) == LW_DECIMAL_OK)
        return 1;
    my_number num;
    my_parse_number(t, n, &num);
    if (num.empty) {
        if (incorrect(st, 1366, what, t, n))
            return 0;
        lw_decimal_from_int64(d, 0);
        return 1;
    }
    /* The number's own text (its prefix), exactly. */
    size_t i = 0;
    while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
        i++;
    size_t j = i;
    while (j < n && t[j] != ' ' && t[j] != '\t' && t[j] != '\n' && t[j] != '\r')
        j++;
    if (lw_decimal_from_text(d, t + i, j - i) != LW_DECIMAL_OK &&
        lw_decimal_from_double(d, num.d) != LW_DECIMAL_OK)
        lw_decimal_from_int64(d, 0);
    if (num.truncated && truncated(st))
        return 0;
    return 1;
}

static void result_int128(sqlite3_context *ctx, __int128 v)
{
    if (v > INT64_MAX) {
        char buf[24];
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)(uint64_t)v);
        sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_result_int64(ctx, (int64_t)v);
    }
}

/* The decimal d (scale 0) as a 128-bit integer; *over when it has more digits. */
static __int128 decimal_int(const lw_decimal *d, int *over)
{
    size_t len;
    char *t = lw_decimal_to_text(d, &len);
    __int128 v = 0;
    *over = 0;
    int neg = t && t[0] == '-';
    for (size_t i = neg; t && i < len; i++) {
        if (t[i] < '0' || t[i] > '9')
            break;
        if (v > ((__int128)1 << 100)) {
            *over = neg ? -1 : 1;
            break;
        }
        v = v * 10 + (t[i] - '0');
    }
    sqlite3_free(t);
    return neg ? -v : v;
}

static void store_integer(store *st, sqlite3_value *v, char vtype, __int128 lo, __int128 hi)
{
    int vt = sqlite3_value_type(v);
    if (vt == SQLITE_INTEGER) {
        int64_t i = sqlite3_value_int64(v);
        if (i >= lo && i <= hi) {
            sqlite3_result_int64(st->ctx, i);
            return;
        }
        if (out_of_range(st))
            return;
        result_int128(st->ctx, i < lo ? lo : hi);
        return;
    }
    __int128 r;
    int over = 0;
    if (vt == SQLITE_FLOAT && vtype != 'd') {
        double x = nearbyint(sqlite3_value_double(v));
        over = !(x >= -1.8e19 && x <= 1.9e19);
        r = over ? 0 : (__int128)x;
        if (over)
            over = x < 0 ? -1 : 1;
    } else {
        lw_decimal d;
        lw_decimal_init(&d);
        if (!numeric_value(st, v, vtype, "integer", &d)) {
            lw_decimal_clear(&d);
            return;
        }
        lw_decimal_round(&d, &d, 0, 0);
        r = decimal_int(&d, &over);
        lw_decimal_clear(&d);
    }
    if (over || r < lo || r > hi) {
        if (out_of_range(st))
            return;
        r = over < 0 || r < lo ? lo : hi;
    }
    result_int128(st->ctx, r);
}

static void store_decimal(store *st, sqlite3_value *v, char vtype, int p, int sc)
{
    lw_decimal d, r;
    lw_decimal_init(&d);
    lw_decimal_init(&r);
    if (!numeric_value(st, v, vtype == '?' ? 's' : vtype, "decimal", &d))
        goto done;
    if (lw_decimal_round(&r, &d, sc, 0) != LW_DECIMAL_OK)
        goto done;
    if (lw_decimal_cmp(&r, &d) != 0)
        truncated_note(st);
    if (lw_decimal_typmod(&r, p, sc) == LW_DECIMAL_FIELD_OVERFLOW) {
        if (out_of_range(st))
            goto done;
        lw_sqlbuf max = {0};
        lw_sqlbuf_appends(&max, lw_decimal_sign(&r) < 0 ? "-" : "");
        for (int k = 0; k < p - sc; k++)
            lw_sqlbuf_append(&max, "9", 1);
        if (p == sc)
            lw_sqlbuf_append(&max, "0", 1);
        if (sc) {
            lw_sqlbuf_append(&max, ".", 1);
            for (int k = 0; k < sc; k++)
                lw_sqlbuf_append(&max, "9", 1);
        }
        lw_decimal_clear(&r);
        lw_decimal_from_text(&r, max.s ? max.s : "0", max.len);
        lw_sqlbuf_free(&max);
    }
    my_result_decimal(st->ctx, &r);
done:
    lw_decimal_clear(&d);
    lw_decimal_clear(&r);
}

static void store_double(store *st, sqlite3_value *v, int single)
{
    double x;
    int vt = sqlite3_value_type(v);
    if (vt == SQLITE_INTEGER || vt == SQLITE_FLOAT) {
        x = sqlite3_value_double(v);
    } else {
        char buf[400];
        size_t n;
        const char *t = value_text(v, buf, sizeof buf, &n);
        my_number num;
        my_parse_number(t, n, &num);
        if (num.empty && incorrect(st, 1366, "double", t, n))
            return;
        if (num.truncated && !num.empty && truncated(st))
            return;
        x = num.d;
    }
    if (single) {
        if (fabs(x) > 3.402823466e38) {
            if (out_of_range(st))
                return;
            x = x < 0 ? -3.402823466e38 : 3.402823466e38;
        }
        x = (double)(float)x;
    }
    sqlite3_result_double(st->ctx, x);
}

/* ---- Strings --------------------------------------------------------------------------------- */

/* Bytes of the first `chars` characters of t (or all of it). */
static size_t char_prefix(const char *t, size_t n, long long chars, long long *count)
{
    size_t i = 0;
    long long c = 0;
    while (i < n && c < chars) {
        i++;
        while (i < n && ((unsigned char)t[i] & 0xC0) == 0x80)
            i++;
        c++;
    }
    *count = c;
    return i;
}

static void store_chars(store *st, sqlite3_value *v, long long limit, int is_char)
{
    char buf[400];
    size_t n;
    const char *t = value_text(v, buf, sizeof buf, &n);
    long long count;
    size_t keep = char_prefix(t, n, limit, &count);
    if (keep < n) {
        size_t k = keep;
        while (k < n && t[k] == ' ')
            k++;
        if (k == n) {
            truncated_note(st); /* only spaces were cut */
        } else {
            if (too_long(st))
                return;
        }
        n = keep;
    }
    if (is_char)
        while (n > 0 && t[n - 1] == ' ')
            n--;
    sqlite3_result_text64(st->ctx, t, n, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void store_text_bytes(store *st, sqlite3_value *v, long long limit)
{
    char buf[400];
    size_t n;
    const char *t = value_text(v, buf, sizeof buf, &n);
    if ((long long)n > limit) {
        size_t cut = (size_t)limit;
        /* A character cut in two is 1366 naming its bytes; a cut between characters
         * is 1406 (MariaDB). */
        if (cut < n && ((unsigned char)t[cut] & 0xC0) == 0x80) {
            size_t start = cut;
            while (start > 0 && ((unsigned char)t[start] & 0xC0) == 0x80)
                start--;
            size_t end = cut;
            while (end < n && ((unsigned char)t[end] & 0xC0) == 0x80)
                end++;
            lw_sqlbuf hex = {0};
            for (size_t i = start; i < end; i++)
                lw_sqlbuf_appendf(&hex, "\\x%02X", (unsigned char)t[i]);
            char *m =
                sqlite3_mprintf("Incorrect string value: '%s' for column `%s`.`%s`.`%s` at row %d",
                                hex.s ? hex.s : "", MY_DATABASE, st->table, st->column, st->row);
            lw_sqlbuf_free(&hex);
            int rc = condition(st, 1366, m ? m : "");
            sqlite3_free(m);
            if (rc)
                return;
            n = start;
        } else {
            if (too_long(st))
                return;
            n = cut;
        }
    }
    sqlite3_result_text64(st->ctx, t, n, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void store_bytes(store *st, sqlite3_value *v, long long limit, int pad)
{
    char buf[400];
    size_t n;
    const char *t = value_text(v, buf, sizeof buf, &n);
    if ((long long)n > limit) {
        if (too_long(st))
            return;
        n = (size_t)limit;
    }
    size_t size = pad && (long long)n < limit ? (size_t)limit : n;
    char *out = sqlite3_malloc64(size ? size : 1);
    if (!out) {
        sqlite3_result_error_nomem(st->ctx);
        return;
    }
    memcpy(out, t, n);
    memset(out + n, 0, size - n);
    sqlite3_result_blob64(st->ctx, out, size, sqlite3_free);
}

/* ---- ENUM and SET ------------------------------------------------------------------------------
 */

/* The members of a JSON array of strings (no escapes but \" and \\): their count, each
 * copied into names (at most 64). */
static int members_of(const char *json, char names[64][256])
{
    int n = 0;
    const char *p = json ? strchr(json, '"') : NULL;
    while (p && n < 64) {
        p++;
        size_t k = 0;
        while (*p && *p != '"') {
            if (*p == '\\' && p[1])
                p++;
            if (k < 255)
                names[n][k++] = *p;
            p++;
        }
        names[n++][k] = 0;
        p = *p ? strchr(p + 1, '"') : NULL;
    }
    return n;
}

/* Does the value t[0..n) name member m (case-insensitively, trailing spaces aside)? */
static int same_member(const char *t, size_t n, const char *m)
{
    while (n > 0 && t[n - 1] == ' ')
        n--;
    return strlen(m) == n && sqlite3_strnicmp(t, m, (int)n) == 0;
}

static void store_enum(store *st, sqlite3_value *v, const char *members)
{
    char names[64][256];
    int count = members_of(members, names);
    int vt = sqlite3_value_type(v);
    if (vt == SQLITE_INTEGER || vt == SQLITE_FLOAT) {
        int64_t k = sqlite3_value_int64(v);
        if (k >= 1 && k <= count) {
            sqlite3_result_text(st->ctx, names[k - 1], -1, SQLITE_TRANSIENT);
            return;
        }
    } else {
        char buf[400];
        size_t n;
        const char *t = value_text(v, buf, sizeof buf, &n);
        for (int k = 0; k < count; k++)
            if (same_member(t, n, names[k])) {
                sqlite3_result_text(st->ctx, names[k], -1, SQLITE_TRANSIENT);
                return;
            }
    }
    if (truncated(st))
        return;
    sqlite3_result_text(st->ctx, "", 0, SQLITE_STATIC);
}

static void store_set(store *st, sqlite3_value *v, const char *members)
{
    char names[64][256];
    int count = members_of(members, names);
    uint64_t bits = 0;
    int bad = 0;
    int vt = sqlite3_value_type(v);
    if (vt == SQLITE_INTEGER) {
        bits = (uint64_t)sqlite3_value_int64(v);
        bad = count < 64 && bits >> count;
        if (bad)
            bits &= ((uint64_t)1 << count) - 1;
    } else {
        char buf[400];
        size_t n;
        const char *t = value_text(v, buf, sizeof buf, &n);
        for (size_t i = 0; i < n || (n == 0 && i == 0);) {
            size_t j = i;
            while (j < n && t[j] != ',')
                j++;
            if (j > i) {
                int k = 0;
                while (k < count && !same_member(t + i, j - i, names[k]))
                    k++;
                if (k < count)
                    bits |= (uint64_t)1 << k;
                else
                    bad = 1;
            }
            if (n == 0)
                break;
            i = j + 1;
        }
    }
    if (bad && truncated(st))
        return;
    lw_sqlbuf out = {0};
    lw_sqlbuf_append(&out, "", 0);
    for (int k = 0; k < count; k++)
        if (bits >> k & 1)
            lw_sqlbuf_appendf(&out, "%s%s", out.len ? "," : "", names[k]);
    if (out.oom) {
        lw_sqlbuf_free(&out);
        sqlite3_result_error_nomem(st->ctx);
        return;
    }
    sqlite3_result_text64(st->ctx, out.s, out.len, sqlite3_free, SQLITE_UTF8);
}

/* ---- Dates and times ---------------------------------------------------------------------------
 */

/* A date or time the column cannot take: in a strict write error 1292 "Incorrect date
 * value: 'x' for column ..."; otherwise warning 1264 "Out of range value" (range) or
 * 1265 "Data truncated", as MariaDB's Field_temporal reports them. Returns 1 when it
 * raised an error. */
static int bad_temporal(store *st, int range, const char *word, const char *t, size_t n)
{
    if (my_strict_write(st->s))
        return incorrect(st, 1292, word, t, n);
    return range ? out_of_range(st) : truncated(st);
}

static void store_temporal(store *st, sqlite3_value *v, int what, int fsp, int timestamp)
{
    char buf[400], out[64];
    size_t n;
    const char *t = value_text(v, buf, sizeof buf, &n);
    my_datetime dt;
    const char *word = what == MY_TEMPORAL_DATE   ? "date"
                       : what == MY_TEMPORAL_TIME ? "time"
                                                  : "datetime";
    int rc = what == MY_TEMPORAL_TIME ? my_parse_time(t, n, &dt) : my_parse_datetime(t, n, &dt);
    if (rc == -2) {
        if (bad_temporal(st, 1, word, t, n))
            return;
        dt.hour = 838;
        dt.minute = dt.second = 59;
        dt.micro = 0;
    } else if (rc) {
        if (bad_temporal(st, 0, word, t, n))
            return;
        memset(&dt, 0, sizeof dt);
    }
    if (!rc && what != MY_TEMPORAL_TIME && !dt.year && !dt.month && !dt.day &&
        (st->s->sql_mode & MY_MODE_NO_ZERO_DATE)) {
        /* The zero date under NO_ZERO_DATE: 1292 in a strict write, else stored with
         * warning 1264 (1265 for a TIMESTAMP), as MariaDB does. */
        if (bad_temporal(st, !timestamp, word, t, n))
            return;
    }
    if (timestamp) {
        /* TIMESTAMP holds UTC, 1970-01-01 00:00:01 to 2038-01-19 03:14:07: the value is
         * read on the session's wall clock (runtime_zone.c). */
        int rc_utc = my_timestamp_to_utc(st->ctx, &dt);
        if (rc_utc < 0)
            return;
        if (rc_utc == 2) {
            /* A time a transition skips: an error in a strict write, else warning 1299
             * and the transition's instant (MariaDB's Field_timestamp::store_TIME). */
            if (my_strict_write(st->s)) {
                incorrect(st, 1292, word, t, n);
                return;
            }
            my_warn(st->s, LW_LEVEL_WARNING, 1299,
                    "Invalid TIMESTAMP value in column '%s' at row %d", st->column, st->row);
        } else if (rc_utc > 0) {
            if (bad_temporal(st, dt.month && dt.day, word, t, n))
                return;
            memset(&dt, 0, sizeof dt);
        }
    }
    if (what == MY_TEMPORAL_DATE && dt.has_time && (dt.hour || dt.minute || dt.second || dt.micro))
        truncated_note(st);
    size_t k = my_format_datetime(&dt, what, fsp, out, sizeof out);
    sqlite3_result_text(st->ctx, out, (int)k, SQLITE_TRANSIENT);
}

static void store_year(store *st, sqlite3_value *v)
{
    int vt = sqlite3_value_type(v);
    long long y;
    if (vt == SQLITE_INTEGER || vt == SQLITE_FLOAT) {
        y = (long long)nearbyint(sqlite3_value_double(v));
        if (y >= 1 && y <= 69)
            y += 2000;
        else if (y >= 70 && y <= 99)
            y += 1900;
    } else {
        char buf[400];
        size_t n;
        const char *t = value_text(v, buf, sizeof buf, &n);
        my_number num;
        my_parse_number(t, n, &num);
        if (num.empty) {
            if (incorrect(st, 1366, "integer", t, n))
                return;
            num.d = 0;
        }
        size_t digits = 0;
        for (size_t i = 0; i < n; i++)
            digits += t[i] >= '0' && t[i] <= '9';
        y = (long long)num.d;
        if (digits <= 2)
            y = y < 70 ? 2000 + y : 1900 + y;
    }
    if (y != 0 && (y < 1901 || y > 2155)) {
        if (out_of_range(st))
            return;
        y = y < 1901 ? 1901 : 2155;
    }
    sqlite3_result_int64(st->ctx, y);
}

static void store_bit(store *st, sqlite3_value *v, char vtype, int bits)
{
    uint64_t u;
    if (sqlite3_value_type(v) == SQLITE_BLOB) {
        const unsigned char *b = sqlite3_value_blob(v);
        u = 0;
        for (int i = 0; i < sqlite3_value_bytes(v); i++)
            u = (u << 8) | b[i];
    } else {
        (void)vtype;
        u = (uint64_t)sqlite3_value_int64(v);
    }
    if (bits < 64 && u >> bits) {
        if (too_long(st))
            return;
        u = ((uint64_t)1 << bits) - 1;
    }
    result_int128(st->ctx, (__int128)u);
}

/* ---- my_assign
 * ----------------------------------------------------------------------------------- */

static void assign_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3_value *v = argv[0];
    if (sqlite3_value_type(v) == SQLITE_NULL)
        return;
    my_session *s = MY_SESSION(ctx);
    const char *type = (const char *)sqlite3_value_text(argv[1]);
    store st = {ctx, s, (const char *)sqlite3_value_text(argv[2]),
                (const char *)sqlite3_value_text(argv[3]), sqlite3_value_int(argv[4])};
    if (!type || !st.table || !st.column) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (st.row <= 0)
        st.row = s->stmt_row > 0 ? s->stmt_row : 1;
    const char *vt_text = (const char *)sqlite3_value_text(argv[7]);
    char vtype = vt_text && vt_text[0] ? vt_text[0] : '?';
    long long a = sqlite3_value_int64(argv[5]), b = sqlite3_value_int64(argv[6]);
    if (!strcmp(type, "int"))
        store_integer(&st, v, vtype, a, b);
    else if (!strcmp(type, "uint64"))
        store_integer(&st, v, vtype, 0, (__int128)UINT64_MAX);
    else if (!strcmp(type, "decimal"))
        store_decimal(&st, v, vtype, (int)a, (int)b);
    else if (!strcmp(type, "float") || !strcmp(type, "double"))
        store_double(&st, v, type[0] == 'f');
    else if (!strcmp(type, "char") || !strcmp(type, "varchar"))
        store_chars(&st, v, a, type[0] == 'c');
    else if (!strcmp(type, "text"))
        store_text_bytes(&st, v, a);
    else if (!strcmp(type, "binary") || !strcmp(type, "varbinary") || !strcmp(type, "blob"))
        store_bytes(&st, v, a, type[0] == 'b' && type[1] == 'i');
    else if (!strcmp(type, "enum"))
        store_enum(&st, v, (const char *)sqlite3_value_text(argv[5]));
    else if (!strcmp(type, "set"))
        store_set(&st, v, (const char *)sqlite3_value_text(argv[5]));
    else if (!strcmp(type, "date"))
        store_temporal(&st, v, MY_TEMPORAL_DATE, 0, 0);
    else if (!strcmp(type, "datetime") || !strcmp(type, "timestamp"))
        store_temporal(&st, v, MY_TEMPORAL_DATETIME, (int)a, type[0] == 't');
    else if (!strcmp(type, "time"))
        store_temporal(&st, v, MY_TEMPORAL_TIME, (int)a, 0);
    else if (!strcmp(type, "year"))
        store_year(&st, v);
    else if (!strcmp(type, "bit"))
        store_bit(&st, v, vtype, (int)a);
    else
        sqlite3_result_value(ctx, v);
}

/* my_row(N, V): the rows of a multi-row INSERT count from 1; V passes through. With
 * one argument, my_row(V): the next row an INSERT ... SELECT read. */
static void row_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    my_session *s = MY_SESSION(ctx);
    s->stmt_row = argc == 2 ? sqlite3_value_int(argv[0]) : ++s->stmt_rows_read;
    sqlite3_result_value(ctx, argv[argc - 1]);
}

/* my_not_null(COLUMN, DEFAULT): a NULL stored into the NOT NULL COLUMN outside strict
 * mode (assign.c writes COALESCE(value, my_not_null(...)), so this runs only for a
 * NULL): warning 1048 "Column 'c' cannot be null" and the type's implicit default. */
static void not_null_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    my_warn(MY_SESSION(ctx), LW_LEVEL_WARNING, 1048, "Column '%s' cannot be null",
            (const char *)sqlite3_value_text(argv[0]));
    sqlite3_result_value(ctx, argv[1]);
}

const lw_function_def my_assign_functions[] = {
    {"my_assign", 8, MY_SESSION_FN, assign_func, NULL, NULL, NULL, NULL},
    {"my_row", 2, SQLITE_UTF8, row_func, NULL, NULL, NULL, NULL},
    {"my_row", 1, SQLITE_UTF8, row_func, NULL, NULL, NULL, NULL},
    {"my_not_null", 2, SQLITE_UTF8, not_null_func, NULL, NULL, NULL, NULL},
};
const size_t my_assign_functions_n = sizeof my_assign_functions / sizeof my_assign_functions[0];
