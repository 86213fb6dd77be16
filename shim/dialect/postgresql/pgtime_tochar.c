/*
 * to_char(), to_date() and to_timestamp() templates (pgtime_tochar.h), as
 * PostgreSQL 15's formatting.c reads and prints them with English names.
 */
#include "dialect/postgresql/pgtime_tochar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/lw_sqlite.h"
#include "core/sqlbuf.h"
#include "dialect/postgresql/pgtime.h"

enum {
    K_AD, /* AD BC A.D. B.C. */
    K_AM, /* AM PM A.M. P.M. */
    K_CC,
    K_DAY, /* Day DAY day */
    K_DDD,
    K_DD,
    K_DY, /* Dy DY dy */
    K_D,
    K_FF,
    K_FX,
    K_HH24,
    K_HH12,
    K_IDDD,
    K_ID,
    K_IW,
    K_IYYY,
    K_IYY,
    K_IY,
    K_I,
    K_J,
    K_MI,
    K_MM,
    K_MONTH, /* Month MONTH month */
    K_MON,   /* Mon MON mon */
    K_MS,
    K_OF,
    K_Q,
    K_RM,
    K_SSSS,
    K_SS,
    K_TZH,
    K_TZM,
    K_TZ,
    K_US,
    K_WW,
    K_W,
    K_Y_YYY,
    K_YYYY,
    K_YYY,
    K_YY,
    K_Y,
};

/* How a name prints: Capitalised, UPPER or lower. */
enum { CAP_FIRST, CAP_ALL, CAP_NONE };

typedef struct keyword {
    const char *text;
    int id;
    int caps;   /* names, AM/PM, AD/BC, TZ */
    int dots;   /* A.M., B.C. */
    int digits; /* a numeric field (for reading: its width) */
} keyword;

static const keyword keywords[] = {
    {"A.D.", K_AD, CAP_ALL, 1, 0},
    {"A.M.", K_AM, CAP_ALL, 1, 0},
    {"AD", K_AD, CAP_ALL, 0, 0},
    {"AM", K_AM, CAP_ALL, 0, 0},
    {"B.C.", K_AD, CAP_ALL, 1, 0},
    {"BC", K_AD, CAP_ALL, 0, 0},
    {"CC", K_CC, 0, 0, 2},
    {"DAY", K_DAY, CAP_ALL, 0, 0},
    {"DDD", K_DDD, 0, 0, 3},
    {"DD", K_DD, 0, 0, 2},
    {"DY", K_DY, CAP_ALL, 0, 0},
    {"Day", K_DAY, CAP_FIRST, 0, 0},
    {"Dy", K_DY, CAP_FIRST, 0, 0},
    {"D", K_D, 0, 0, 1},
    {"FF1", K_FF, 1, 0, 1},
    {"FF2", K_FF, 2, 0, 2},
    {"FF3", K_FF, 3, 0, 3},
    {"FF4", K_FF, 4, 0, 4},
    {"FF5", K_FF, 5, 0, 5},
    {"FF6", K_FF, 6, 0, 6},
    {"FX", K_FX, 0, 0, 0},
    {"HH24", K_HH24, 0, 0, 2},
    {"HH12", K_HH12, 0, 0, 2},
    {"HH", K_HH12, 0, 0, 2},
    {"IDDD", K_IDDD, 0, 0, 3},
    {"ID", K_ID, 0, 0, 1},
    {"IW", K_IW, 0, 0, 2},
    {"IYYY", K_IYYY, 0, 0, 4},
    {"IYY", K_IYY, 0, 0, 3},
    {"IY", K_IY, 0, 0, 2},
    {"I", K_I, 0, 0, 1},
    {"J", K_J, 0, 0, 7},
    {"MI", K_MI, 0, 0, 2},
    {"MM", K_MM, 0, 0, 2},
    {"MONTH", K_MONTH, CAP_ALL, 0, 0},
    {"MON", K_MON, CAP_ALL, 0, 0},
    {"MS", K_MS, 0, 0, 3},
    {"Month", K_MONTH, CAP_FIRST, 0, 0},
    {"Mon", K_MON, CAP_FIRST, 0, 0},
    {"OF", K_OF, 0, 0, 0},
    {"P.M.", K_AM, CAP_ALL, 1, 0},
    {"PM", K_AM, CAP_ALL, 0, 0},
    {"Q", K_Q, 0, 0, 1},
    {"RM", K_RM, CAP_ALL, 0, 0},
    {"SSSSS", K_SSSS, 0, 0, 5},
    {"SSSS", K_SSSS, 0, 0, 5},
    {"SS", K_SS, 0, 0, 2},
    {"TZH", K_TZH, 0, 0, 2},
    {"TZM", K_TZM, 0, 0, 2},
    {"TZ", K_TZ, CAP_ALL, 0, 0},
    {"US", K_US, 0, 0, 6},
    {"WW", K_WW, 0, 0, 2},
    {"W", K_W, 0, 0, 1},
    {"Y,YYY", K_Y_YYY, 0, 0, 5},
    {"YYYY", K_YYYY, 0, 0, 4},
    {"YYY", K_YYY, 0, 0, 3},
    {"YY", K_YY, 0, 0, 2},
    {"Y", K_Y, 0, 0, 1},
    {"a.d.", K_AD, CAP_NONE, 1, 0},
    {"a.m.", K_AM, CAP_NONE, 1, 0},
    {"ad", K_AD, CAP_NONE, 0, 0},
    {"am", K_AM, CAP_NONE, 0, 0},
    {"b.c.", K_AD, CAP_NONE, 1, 0},
    {"bc", K_AD, CAP_NONE, 0, 0},
    {"cc", K_CC, 0, 0, 2},
    {"day", K_DAY, CAP_NONE, 0, 0},
    {"ddd", K_DDD, 0, 0, 3},
    {"dd", K_DD, 0, 0, 2},
    {"dy", K_DY, CAP_NONE, 0, 0},
    {"d", K_D, 0, 0, 1},
    {"ff1", K_FF, 1, 0, 1},
    {"ff2", K_FF, 2, 0, 2},
    {"ff3", K_FF, 3, 0, 3},
    {"ff4", K_FF, 4, 0, 4},
    {"ff5", K_FF, 5, 0, 5},
    {"ff6", K_FF, 6, 0, 6},
    {"fx", K_FX, 0, 0, 0},
    {"hh24", K_HH24, 0, 0, 2},
    {"hh12", K_HH12, 0, 0, 2},
    {"hh", K_HH12, 0, 0, 2},
    {"iddd", K_IDDD, 0, 0, 3},
    {"id", K_ID, 0, 0, 1},
    {"iw", K_IW, 0, 0, 2},
    {"iyyy", K_IYYY, 0, 0, 4},
    {"iyy", K_IYY, 0, 0, 3},
    {"iy", K_IY, 0, 0, 2},
    {"i", K_I, 0, 0, 1},
    {"j", K_J, 0, 0, 7},
    {"mi", K_MI, 0, 0, 2},
    {"mm", K_MM, 0, 0, 2},
    {"month", K_MONTH, CAP_NONE, 0, 0},
    {"mon", K_MON, CAP_NONE, 0, 0},
    {"ms", K_MS, 0, 0, 3},
    {"of", K_OF, 0, 0, 0},
    {"p.m.", K_AM, CAP_NONE, 1, 0},
    {"pm", K_AM, CAP_NONE, 0, 0},
    {"q", K_Q, 0, 0, 1},
    {"rm", K_RM, CAP_NONE, 0, 0},
    {"sssss", K_SSSS, 0, 0, 5},
    {"ssss", K_SSSS, 0, 0, 5},
    {"ss", K_SS, 0, 0, 2},
    {"tz", K_TZ, CAP_NONE, 0, 0},
    {"us", K_US, 0, 0, 6},
    {"ww", K_WW, 0, 0, 2},
    {"w", K_W, 0, 0, 1},
    {"y,yyy", K_Y_YYY, 0, 0, 5},
    {"yyyy", K_YYYY, 0, 0, 4},
    {"yyy", K_YYY, 0, 0, 3},
    {"yy", K_YY, 0, 0, 2},
    {"y", K_Y, 0, 0, 1},
};

static const char *const month_names[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
static const char *const day_names[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                         "Thursday", "Friday", "Saturday"};
static const char *const roman_months[12] = {"I",   "II",   "III", "IV", "V",  "VI",
                                             "VII", "VIII", "IX",  "X",  "XI", "XII"};

/* One item of a template: a keyword with its modifiers, or one literal character. */
typedef struct node {
    const keyword *key; /* NULL: a literal */
    char ch;
    int fm, th, th_upper, quoted;
} node;

#define MAX_NODES 1024

/* Splits fmt[0..fn) into nodes; returns their count (at most MAX_NODES). */
static int parse_template(const char *fmt, size_t fn, node *nodes)
{
    int n = 0;
    size_t i = 0;
    while (i < fn && n < MAX_NODES) {
        node *nd = &nodes[n];
        memset(nd, 0, sizeof *nd);
        if (fmt[i] == '"') {
            /* Quoted text: copied; a backslash keeps the next character. */
            for (i++; i < fn && fmt[i] != '"' && n < MAX_NODES; i++) {
                if (fmt[i] == '\\' && i + 1 < fn)
                    i++;
                memset(&nodes[n], 0, sizeof nodes[n]);
                nodes[n].ch = fmt[i];
                nodes[n++].quoted = 1;
            }
            i++;
            continue;
        }
        if (fmt[i] == '\\' && i + 1 < fn && fmt[i + 1] == '"') {
            nd->ch = '"';
            i += 2;
            n++;
            continue;
        }
        /* Prefixes. */
        size_t k = i;
        int fm = 0;
        for (;;) {
            if (fn - k >= 2 && (!memcmp(fmt + k, "FM", 2) || !memcmp(fmt + k, "fm", 2))) {
                fm = 1;
                k += 2;
            } else if (fn - k >= 2 && (!memcmp(fmt + k, "TM", 2) || !memcmp(fmt + k, "tm", 2))) {
                k += 2;
            } else {
                break;
            }
        }
        const keyword *best = NULL;
        size_t best_len = 0;
        for (size_t w = 0; w < sizeof keywords / sizeof keywords[0]; w++) {
            size_t len = strlen(keywords[w].text);
            if (len > best_len && fn - k >= len && memcmp(fmt + k, keywords[w].text, len) == 0) {
                best = &keywords[w];
                best_len = len;
            }
        }
        if (!best) {
            nd->ch = fmt[i++];
            n++;
            continue;
        }
        nd->key = best;
        nd->fm = fm;
        i = k + best_len;
        /* Suffixes. */
        for (;;) {
            if (fn - i >= 2 && !memcmp(fmt + i, "TH", 2)) {
                nd->th = nd->th_upper = 1;
                i += 2;
            } else if (fn - i >= 2 && !memcmp(fmt + i, "th", 2)) {
                nd->th = 1;
                nd->th_upper = 0;
                i += 2;
            } else if (fn - i >= 2 && (!memcmp(fmt + i, "SP", 2) || !memcmp(fmt + i, "sp", 2))) {
                i += 2;
            } else {
                break;
            }
        }
        n++;
    }
    return n;
}

/* ---- to_char --------------------------------------------------------------------------- */

static void put_name(lw_sqlbuf *b, const char *name, int caps, size_t len, int pad)
{
    char buf[16];
    size_t n = strlen(name);
    if (len && n > len)
        n = len;
    for (size_t i = 0; i < n && i < sizeof buf; i++) {
        char c = name[i];
        if (caps == CAP_ALL && c >= 'a' && c <= 'z')
            c = (char)(c - 32);
        else if (caps == CAP_NONE && c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        buf[i] = c;
    }
    lw_sqlbuf_append(b, buf, n);
    for (size_t i = n; (int)i < pad; i++)
        lw_sqlbuf_append(b, " ", 1);
}

/* An ordinal suffix for the number just printed from offset start. */
static void put_th(lw_sqlbuf *b, size_t start, int upper)
{
    if (b->oom || b->len <= start)
        return;
    char last = b->s[b->len - 1], prev = b->len - start >= 2 ? b->s[b->len - 2] : 0;
    const char *suf = "th";
    if (prev != '1') {
        if (last == '1')
            suf = "st";
        else if (last == '2')
            suf = "nd";
        else if (last == '3')
            suf = "rd";
    }
    char out[3] = {suf[0], suf[1], 0};
    if (upper)
        out[0] = (char)(out[0] - 32), out[1] = (char)(out[1] - 32);
    lw_sqlbuf_append(b, out, 2);
}

/* A number zero-padded to width unless FM. */
static void put_num(lw_sqlbuf *b, int64_t v, int width, const node *nd)
{
    size_t start = b->len;
    lw_sqlbuf_appendf(b, "%0*lld", nd->fm ? 0 : width, (long long)v);
    if (nd->th)
        put_th(b, start, nd->th_upper);
}

static int64_t adjust_year(const pg_fmt_tm *tm)
{
    return tm->is_interval ? tm->year : tm->year <= 0 ? -(tm->year - 1) : tm->year;
}

char *pg_to_char(const pg_fmt_tm *tm, const char *fmt, size_t fn, size_t *out_n)
{
    node *nodes = sqlite3_malloc64(MAX_NODES * sizeof *nodes);
    if (!nodes)
        return NULL;
    int count = parse_template(fmt, fn, nodes);
    lw_sqlbuf b = {0};
    lw_sqlbuf_append(&b, "", 0);
    int y = (int)tm->year;
    for (int i = 0; i < count; i++) {
        const node *nd = &nodes[i];
        if (!nd->key) {
            lw_sqlbuf_append(&b, &nd->ch, 1);
            continue;
        }
        const keyword *k = nd->key;
        int64_t hour12 = tm->hour % 12 == 0 ? 12 : tm->hour % 12;
        switch (k->id) {
        case K_AD: {
            int bc = tm->year <= 0;
            const char *t = k->dots ? (bc ? "B.C." : "A.D.") : (bc ? "BC" : "AD");
            put_name(&b, t, k->caps, 0, 0);
            break;
        }
        case K_AM: {
            int pm = tm->hour % 24 >= 12;
            const char *t = k->dots ? (pm ? "P.M." : "A.M.") : (pm ? "PM" : "AM");
            put_name(&b, t, k->caps, 0, 0);
            break;
        }
        case K_HH12:
            put_num(&b, hour12, 2, nd);
            break;
        case K_HH24:
            put_num(&b, tm->hour, 2, nd);
            break;
        case K_MI:
            put_num(&b, tm->min, 2, nd);
            break;
        case K_SS:
            put_num(&b, tm->sec, 2, nd);
            break;
        case K_MS:
            put_num(&b, tm->usec / 1000, 3, nd);
            break;
        case K_US:
            put_num(&b, tm->usec, 6, nd);
            break;
        case K_FF: {
            static const int32_t div[7] = {1, 100000, 10000, 1000, 100, 10, 1};
            put_num(&b, tm->usec / div[k->caps], k->caps, nd);
            break;
        }
        case K_SSSS:
            put_num(&b, (tm->hour * 60 + tm->min) * 60 + tm->sec, 0, nd);
            break;
        case K_TZ:
            if (tm->has_zone && tm->abbr)
                put_name(&b, tm->abbr, k->caps, 0, 0);
            break;
        case K_OF: {
            int32_t a = tm->gmtoff < 0 ? -tm->gmtoff : tm->gmtoff;
            lw_sqlbuf_appendf(&b, "%c%0*d", tm->gmtoff >= 0 ? '+' : '-', nd->fm ? 0 : 2,
                              (int)(a / 3600));
            if (a % 3600)
                lw_sqlbuf_appendf(&b, ":%02d", (int)(a % 3600 / 60));
            break;
        }
        case K_TZH: {
            int32_t a = tm->gmtoff < 0 ? -tm->gmtoff : tm->gmtoff;
            lw_sqlbuf_appendf(&b, "%c%02d", tm->gmtoff >= 0 ? '+' : '-', (int)(a / 3600));
            break;
        }
        case K_TZM: {
            int32_t a = tm->gmtoff < 0 ? -tm->gmtoff : tm->gmtoff;
            lw_sqlbuf_appendf(&b, "%02d", (int)(a % 3600 / 60));
            break;
        }
        case K_MONTH:
            if (tm->mon >= 1 && tm->mon <= 12)
                put_name(&b, month_names[tm->mon - 1], k->caps, 0, nd->fm ? 0 : 9);
            break;
        case K_MON:
            if (tm->mon >= 1 && tm->mon <= 12)
                put_name(&b, month_names[tm->mon - 1], k->caps, 3, 0);
            break;
        case K_MM:
            put_num(&b, tm->mon, 2, nd);
            break;
        case K_DAY:
            put_name(&b, day_names[tm->wday], k->caps, 0, nd->fm ? 0 : 9);
            break;
        case K_DY:
            put_name(&b, day_names[tm->wday], k->caps, 3, 0);
            break;
        case K_DDD:
            put_num(&b, tm->yday, 3, nd);
            break;
        case K_IDDD:
            put_num(&b, pg_date2isoyearday(y, tm->mon, tm->mday), 3, nd);
            break;
        case K_DD:
            put_num(&b, tm->mday, 2, nd);
            break;
        case K_D:
            put_num(&b, tm->wday + 1, 0, nd);
            break;
        case K_ID:
            put_num(&b, tm->wday == 0 ? 7 : tm->wday, 0, nd);
            break;
        case K_WW:
            put_num(&b, (tm->yday - 1) / 7 + 1, 2, nd);
            break;
        case K_IW:
            put_num(&b, pg_date2isoweek(y, tm->mon, tm->mday), 2, nd);
            break;
        case K_W:
            put_num(&b, (tm->mday - 1) / 7 + 1, 0, nd);
            break;
        case K_Q:
            put_num(&b, (tm->mon - 1) / 3 + 1, 0, nd);
            break;
        case K_J:
            put_num(&b, pg_date2j(y, tm->mon, tm->mday), 0, nd);
            break;
        case K_CC: {
            int64_t c = tm->is_interval ? tm->year / 100
                        : tm->year > 0  ? (tm->year - 1) / 100 + 1
                                        : tm->year / 100 - 1;
            if (c <= 99 && c >= -99)
                put_num(&b, c, c >= 0 ? 2 : 3, nd);
            else
                put_num(&b, c, 0, nd);
            break;
        }
        case K_Y_YYY: {
            int64_t a = adjust_year(tm);
            size_t start = b.len;
            lw_sqlbuf_appendf(&b, "%lld,%03lld", (long long)(a / 1000), (long long)(a % 1000));
            if (nd->th)
                put_th(&b, start, nd->th_upper);
            break;
        }
        case K_YYYY:
        case K_IYYY: {
            int64_t a =
                k->id == K_YYYY ? adjust_year(tm) : (int64_t)pg_date2isoyear(y, tm->mon, tm->mday);
            if (k->id == K_IYYY && a <= 0)
                a = -(a - 1);
            put_num(&b, a, tm->year <= 9999 && tm->year >= -9998 ? 4 : 0, nd);
            break;
        }
        case K_YYY:
        case K_IYY:
        case K_YY:
        case K_IY:
        case K_Y:
        case K_I: {
            int iso = k->id == K_IYY || k->id == K_IY || k->id == K_I;
            int64_t a = iso ? (int64_t)pg_date2isoyear(y, tm->mon, tm->mday) : adjust_year(tm);
            if (iso && a <= 0)
                a = -(a - 1);
            int width = k->id == K_YYY || k->id == K_IYY ? 3
                        : k->id == K_YY || k->id == K_IY ? 2
                                                         : 1;
            int64_t mod = width == 3 ? 1000 : width == 2 ? 100 : 10;
            put_num(&b, a % mod, width, nd);
            break;
        }
        case K_RM:
            if (tm->mon >= 1 && tm->mon <= 12)
                put_name(&b, roman_months[tm->mon - 1], k->caps, 0, nd->fm ? 0 : 4);
            break;
        case K_FX:
        default:
            break;
        }
    }
    sqlite3_free(nodes);
    if (b.oom) {
        lw_sqlbuf_free(&b);
        return NULL;
    }
    *out_n = b.len;
    return lw_sqlbuf_finish(&b);
}

/* ---- to_date, to_timestamp ------------------------------------------------------------------- */

typedef struct reader {
    const char *s;
    size_t n, i;
    char *sqlstate;
    char *msg;
    size_t cap;
} reader;

static int fail(reader *r, const char *state, const char *fmt, const char *a, const char *b)
{
    memcpy(r->sqlstate, state, 6);
    snprintf(r->msg, r->cap, fmt, a, b);
    return -1;
}

static int is_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Is the node after nodes[i] something other than a digit field (the field may then
 * take any number of digits)? */
static int next_is_separator(const node *nodes, int count, int i)
{
    if (nodes[i].th)
        return 1;
    if (i + 1 >= count)
        return 1;
    const node *nx = &nodes[i + 1];
    if (nx->key)
        return nx->key->digits == 0;
    return !(nx->ch >= '0' && nx->ch <= '9');
}

/* An integer field of width len (or any width when variable). *digits gets how many
 * characters it took. */
static int read_int(reader *r, const node *nodes, int count, int i, int len, int *value,
                    int *digits)
{
    const node *nd = &nodes[i];
    size_t start = r->i;
    char field[32];
    if (nd->fm || next_is_separator(nodes, count, i)) {
        size_t k = r->i;
        while (k < r->n && is_space(r->s[k]))
            k++;
        if (k < r->n && (r->s[k] == '+' || r->s[k] == '-'))
            k++;
        size_t d = k;
        while (k < r->n && r->s[k] >= '0' && r->s[k] <= '9' && k - d < 18)
            k++;
        if (k == d) {
            size_t w = r->n - start < (size_t)len ? r->n - start : (size_t)len;
            snprintf(field, sizeof field, "%.*s", (int)w, r->s + start);
            return fail(r, "22007", "invalid value \"%s\" for \"%s\"", field, nd->key->text);
        }
        snprintf(field, sizeof field, "%.*s", (int)(k - r->i), r->s + r->i);
        long long v = strtoll(field, NULL, 10);
        /* PostgreSQL takes any int; past 10^8 no field means anything, and the
         * arithmetic on the fields stays in range. */
        if (v > 99999999 || v < -99999999)
            return fail(r, "22008", "value for \"%s\" in source string is out of range%s",
                        nd->key->text, "");
        *value = (int)v;
        *digits = (int)(k - d);
        r->i = k;
        return 0;
    }
    if (r->n - r->i < (size_t)len) {
        snprintf(field, sizeof field, "%.*s", (int)(r->n - r->i), r->s + r->i);
        return fail(r, "22007", "source string too short for \"%s\" formatting field%s",
                    nd->key->text, "");
    }
    snprintf(field, sizeof field, "%.*s", len, r->s + r->i);
    char *end;
    long long v = strtoll(field, &end, 10);
    if (end == field || *end)
        return fail(r, "22007", "invalid value \"%s\" for \"%s\"", field, nd->key->text);
    *value = (int)v;
    *digits = len;
    r->i += (size_t)len;
    return 0;
}

/* One of names (matched ignoring case, the longest first); *value its index. */
static int read_name(reader *r, const node *nd, const char *const *names, int count, size_t len,
                     int *value)
{
    size_t best = 0;
    for (int k = 0; k < count; k++) {
        size_t l = strlen(names[k]);
        if (len && l > len)
            l = len;
        if (l > best && r->n - r->i >= l && sqlite3_strnicmp(r->s + r->i, names[k], (int)l) == 0) {
            best = l;
            *value = k;
        }
    }
    if (!best) {
        char field[64];
        size_t k = r->i;
        while (k < r->n && !is_space(r->s[k]) && k - r->i < sizeof field - 1)
            k++;
        snprintf(field, sizeof field, "%.*s", (int)(k - r->i), r->s + r->i);
        return fail(r, "22007", "invalid value \"%s\" for \"%s\"", field, nd->key->text);
    }
    r->i += best;
    return 0;
}

int pg_from_char(const char *s, size_t n, const char *fmt, size_t fn, pg_fromchar *out,
                 char sqlstate[6], char *msg, size_t cap)
{
    static const char *const ampm[4] = {"a.m.", "p.m.", "am", "pm"};
    static const char *const adbc[4] = {"a.d.", "b.c.", "ad", "bc"};
    node *nodes = sqlite3_malloc64(MAX_NODES * sizeof *nodes);
    if (!nodes) {
        memcpy(sqlstate, "53200", 6);
        snprintf(msg, cap, "out of memory");
        return -1;
    }
    int count = parse_template(fmt, fn, nodes);
    reader r = {s, n, 0, sqlstate, msg, cap};
    int year = 0, has_year = 0, yy_digits = 0, mon = 0, mday = 0, hour = 0, min = 0, sec = 0;
    int pm = -1, clock12 = 0, bc = 0, yday = 0, iso_year = 0, has_iso = 0, iso_week = 0,
        iso_day = 0, julian = -1, tzh = 0, tzm = 0, has_tz = 0, tz_sign = 1, wday = -1;
    int64_t ms = 0, us = 0;
    int fx = 0, rc = 0, v = 0, digits = 0;
    for (int i = 0; i < count && r.i < r.n && rc == 0; i++) {
        const node *nd = &nodes[i];
        if (!nd->key) {
            if (nd->quoted || is_alnum(nd->ch)) {
                r.i++; /* text in the template skips one character */
            } else if (is_space(nd->ch) && !fx) {
                while (r.i < r.n && is_space(r.s[r.i]))
                    r.i++;
            } else if (fx || !is_alnum(r.s[r.i])) {
                r.i++; /* a separator matches one separator, or none */
            }
            continue;
        }
        if (!fx && nd->key->id != K_FX)
            while (r.i < r.n && is_space(r.s[r.i]))
                r.i++;
        switch (nd->key->id) {
        case K_FX:
            fx = 1;
            break;
        case K_AM:
            rc = read_name(&r, nd, ampm, 4, 0, &v);
            pm = v % 2;
            clock12 = 1;
            break;
        case K_AD:
            rc = read_name(&r, nd, adbc, 4, 0, &v);
            bc = v % 2;
            break;
        case K_HH12:
            rc = read_int(&r, nodes, count, i, 2, &hour, &digits);
            clock12 = 1;
            break;
        case K_HH24:
            rc = read_int(&r, nodes, count, i, 2, &hour, &digits);
            break;
        case K_MI:
            rc = read_int(&r, nodes, count, i, 2, &min, &digits);
            break;
        case K_SS:
            rc = read_int(&r, nodes, count, i, 2, &sec, &digits);
            break;
        case K_MS:
            rc = read_int(&r, nodes, count, i, 3, &v, &digits);
            ms = (int64_t)v * (digits == 1 ? 100 : digits == 2 ? 10 : 1);
            break;
        case K_US:
        case K_FF: {
            int width = nd->key->id == K_US ? 6 : nd->key->caps;
            rc = read_int(&r, nodes, count, i, width, &v, &digits);
            us = v;
            for (int k = digits; k < 6 && rc == 0; k++)
                us *= 10;
            break;
        }
        case K_SSSS:
            rc = read_int(&r, nodes, count, i, 5, &v, &digits);
            hour = v / 3600, min = v / 60 % 60, sec = v % 60;
            break;
        case K_TZH: {
            int sign = 1;
            if (r.i < r.n && (r.s[r.i] == '+' || r.s[r.i] == '-')) {
                sign = r.s[r.i] == '-' ? -1 : 1;
                r.i++;
            }
            rc = read_int(&r, nodes, count, i, 2, &tzh, &digits);
            tz_sign = sign;
            has_tz = 1;
            break;
        }
        case K_TZM:
            rc = read_int(&r, nodes, count, i, 2, &tzm, &digits);
            has_tz = 1;
            break;
        case K_TZ:
        case K_OF:
            rc = fail(&r, "0A000", "formatting field \"%s\" is only supported in to_char%s",
                      nd->key->text, "");
            break;
        case K_MONTH:
            rc = read_name(&r, nd, month_names, 12, 0, &v);
            mon = v + 1;
            break;
        case K_MON:
            rc = read_name(&r, nd, month_names, 12, 3, &v);
            mon = v + 1;
            break;
        case K_MM:
            rc = read_int(&r, nodes, count, i, 2, &mon, &digits);
            break;
        case K_DAY:
            rc = read_name(&r, nd, day_names, 7, 0, &wday);
            break;
        case K_DY:
            rc = read_name(&r, nd, day_names, 7, 3, &wday);
            break;
        case K_DDD:
            rc = read_int(&r, nodes, count, i, 3, &yday, &digits);
            break;
        case K_IDDD:
            rc = read_int(&r, nodes, count, i, 3, &v, &digits);
            iso_week = (v - 1) / 7 + 1, iso_day = (v - 1) % 7 + 1;
            break;
        case K_DD:
            rc = read_int(&r, nodes, count, i, 2, &mday, &digits);
            break;
        case K_D:
            rc = read_int(&r, nodes, count, i, 1, &v, &digits);
            wday = v - 1;
            break;
        case K_ID:
            rc = read_int(&r, nodes, count, i, 1, &iso_day, &digits);
            break;
        case K_WW:
        case K_W:
        case K_Q:
        case K_CC:
            rc = read_int(&r, nodes, count, i, nd->key->digits, &v, &digits);
            break;
        case K_IW:
            rc = read_int(&r, nodes, count, i, 2, &iso_week, &digits);
            break;
        case K_J:
            rc = read_int(&r, nodes, count, i, 7, &julian, &digits);
            break;
        case K_Y_YYY: {
            int thousands = 0, rest = 0;
            rc = read_int(&r, nodes, count, i, 1, &thousands, &digits);
            if (!rc && r.i < r.n && r.s[r.i] == ',')
                r.i++;
            if (!rc)
                rc = read_int(&r, nodes, count, i, 3, &rest, &digits);
            year = thousands > 99999 || thousands < -99999 ? INT32_MAX : thousands * 1000 + rest;
            has_year = 1, yy_digits = 4;
            break;
        }
        case K_YYYY:
        case K_YYY:
        case K_YY:
        case K_Y:
            rc = read_int(&r, nodes, count, i, nd->key->digits, &year, &digits);
            has_year = 1;
            yy_digits = digits;
            break;
        case K_IYYY:
        case K_IYY:
        case K_IY:
        case K_I:
            rc = read_int(&r, nodes, count, i, nd->key->digits, &iso_year, &digits);
            has_iso = 1;
            if (digits <= 2)
                iso_year += iso_year < 70 ? 2000 : 1900;
            break;
        case K_RM: {
            static const char *const romans[12] = {"XII", "XI", "X",  "IX",  "VIII", "VII",
                                                   "VI",  "V",  "IV", "III", "II",   "I"};
            rc = read_name(&r, nd, romans, 12, 0, &v);
            mon = 12 - v;
            break;
        }
        default:
            break;
        }
        if (!rc && nd->th && r.n - r.i >= 2)
            r.i += 2; /* the ordinal suffix in the text */
    }
    sqlite3_free(nodes);
    if (rc)
        return -1;
    (void)wday;
    /* Two- and three-digit years near 2020, as PostgreSQL adjusts them. */
    if (has_year && yy_digits < 4) {
        if (yy_digits <= 2)
            year += year < 70 ? 2000 : 1900;
        else
            year += year < 100 ? 2000 : 1000;
    }
    memset(out, 0, sizeof *out);
    char input[160];
    snprintf(input, sizeof input, "%.*s", (int)(n < 150 ? n : 150), s);
    /* Years past the range of dates, and the rest, cannot make a date. */
    if (year > 5874898 || year < -4714 || iso_year > 5874898 || iso_year < -4714 || yday < 0 ||
        yday > 366 || iso_week < 0 || iso_week > 53 || iso_day < 0 || iso_day > 7 ||
        julian > PG_DATE_END_JULIAN || tzh > 99 || tzh < -99 || tzm < 0 || tzm > 59) {
        memcpy(sqlstate, "22008", 6);
        snprintf(msg, cap, "date/time field value out of range: \"%s\"", input);
        return -1;
    }
    if (!has_year && !has_iso && julian < 0)
        year = 1; /* PostgreSQL's default year: 1 AD, January 1 */
    out->year = bc && has_year ? -(year - 1) : year;
    out->mon = mon ? mon : 1;
    out->mday = mday ? mday : 1;
    if (julian >= 0)
        pg_j2date(julian, &out->year, &out->mon, &out->mday);
    if (has_iso && iso_week) {
        int jd = pg_isoweek2j(iso_year, iso_week) + (iso_day ? iso_day - 1 : 0);
        pg_j2date(jd, &out->year, &out->mon, &out->mday);
    } else if (yday && !mon && !mday) {
        pg_j2date(pg_date2j(out->year, 1, 1) + yday - 1, &out->year, &out->mon, &out->mday);
    }
    if (clock12) {
        if (hour < 1 || hour > 12) {
            char h[16];
            snprintf(h, sizeof h, "%d", hour);
            memcpy(sqlstate, "22008", 6);
            snprintf(msg, cap, "hour \"%s\" is invalid for the 12-hour clock", h);
            return -1;
        }
        if (pm == 1 && hour < 12)
            hour += 12;
        else if (pm == 0 && hour == 12)
            hour = 0;
    }
    out->hour = hour, out->min = min, out->sec = sec;
    int64_t usec = ms * 1000 + us;
    out->usec = (int32_t)(usec < 0 ? -1 : usec > 1000000 ? 1000000 : usec);
    if (out->mon < 1 || out->mon > 12 || out->mday < 1 ||
        out->mday > lw_days_in_month(out->year, out->mon) || hour < 0 || hour >= 24 || min < 0 ||
        min >= 60 || sec < 0 || sec >= 60 || out->usec < 0 || out->usec >= 1000000) {
        memcpy(sqlstate, "22008", 6);
        snprintf(msg, cap, "date/time field value out of range: \"%s\"", input);
        return -1;
    }
    if (has_tz) {
        out->has_tz = 1;
        out->gmtoff = tz_sign * (tzh * 3600 + tzm * 60);
    }
    return 0;
}
