/*
 * Oracle's datetime format models (SQLRF "Datetime Format Models"), in AMERICAN:
 * formatting for TO_CHAR and the NLS formats the values print in, and reading for
 * TO_DATE and TO_TIMESTAMP.
 *
 *   ora_to_char_dt(X, FMT, NLS, KIND, P)   TO_CHAR of a DATE (KIND 'D'), TIMESTAMP
 *                                  ('T'), TIMESTAMP WITH [LOCAL] TIME ZONE ('Z', 'L');
 *                                  FMT NULL: the session's NLS format of the kind;
 *                                  P: the fraction digits FF prints (the data type's)
 *   ora_to_date(X, FMT, NLS [, DEFAULT])   TO_DATE (FMT NULL: NLS_DATE_FORMAT); with a
 *                                  fourth argument DEFAULT ... ON CONVERSION ERROR
 *   ora_to_ts(X, FMT, NLS [, DEFAULT])     TO_TIMESTAMP (FMT NULL: NLS_TIMESTAMP_FORMAT)
 *
 * Elements: AD BC A.D. B.C. AM PM A.M. P.M. CC SCC D DAY DY DD DDD FF FF1..FF9 FM FX
 * HH HH12 HH24 I IY IYY IYYY IW J MI MM MON MONTH Q RM RR RRRR SS SSSSS W WW X Y YY
 * YYY YYYY SYYYY Y,YYY YEAR SYEAR TZH TZM TZR TZD; the suffixes TH, SP, SPTH and
 * THSP; "quoted text" and punctuation copied. The case of a word element sets the
 * case of the word (MONTH, Month, month). Without FM, numbers are zero-padded to the
 * element's width and MONTH and DAY blank-padded to nine characters; FM toggles that
 * off and on. Reading is as lenient as Oracle's without FX: fewer digits than the
 * width, any punctuation for punctuation, a month by name or abbreviation for either
 * element; a field a date needs but the input lacks takes the default (the current
 * year and month, day 1, midnight). Errors: ORA-01821 (format), 01843 (month), 01847
 * and 01839 (day), 01849 and 01850 (hour), 01851, 01852, 01858 (a letter where digits
 * were expected), 01830 (input left over), 01840 (input too short).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dialect/oracle/runtime_int.h"

enum {
    E_NONE = 0,
    E_AD,
    E_ADDOT,
    E_AM,
    E_AMDOT,
    E_CC,
    E_SCC,
    E_D,
    E_DAY,
    E_DY,
    E_DD,
    E_DDD,
    E_FF,
    E_HH,
    E_HH24,
    E_I,
    E_IY,
    E_IYY,
    E_IYYY,
    E_IW,
    E_J,
    E_MI,
    E_MM,
    E_MON,
    E_MONTH,
    E_Q,
    E_RM,
    E_RR,
    E_RRRR,
    E_SS,
    E_SSSSS,
    E_W,
    E_WW,
    E_X,
    E_Y,
    E_YY,
    E_YYY,
    E_YYYY,
    E_SYYYY,
    E_YCOMMA,
    E_YEAR,
    E_SYEAR,
    E_TZH,
    E_TZM,
    E_TZR,
    E_TZD,
    E_FM,
    E_FX
};

static const struct {
    const char *name;
    int id;
} elements[] = {
    {"A.D.", E_ADDOT}, {"B.C.", E_ADDOT},  {"A.M.", E_AMDOT},   {"P.M.", E_AMDOT},
    {"AD", E_AD},      {"BC", E_AD},       {"AM", E_AM},        {"PM", E_AM},
    {"SCC", E_SCC},    {"CC", E_CC},       {"DAY", E_DAY},      {"DDD", E_DDD},
    {"DD", E_DD},      {"DY", E_DY},       {"D", E_D},          {"FF", E_FF},
    {"FM", E_FM},      {"FX", E_FX},       {"HH24", E_HH24},    {"HH12", E_HH},
    {"HH", E_HH},      {"IYYY", E_IYYY},   {"IYY", E_IYY},      {"IY", E_IY},
    {"IW", E_IW},      {"I", E_I},         {"J", E_J},          {"MI", E_MI},
    {"MM", E_MM},      {"MONTH", E_MONTH}, {"MON", E_MON},      {"Q", E_Q},
    {"RM", E_RM},      {"RRRR", E_RRRR},   {"RR", E_RR},        {"SSSSS", E_SSSSS},
    {"SS", E_SS},      {"SYYYY", E_SYYYY}, {"SYEAR", E_SYEAR},  {"TZH", E_TZH},
    {"TZM", E_TZM},    {"TZR", E_TZR},     {"TZD", E_TZD},      {"WW", E_WW},
    {"W", E_W},        {"X", E_X},         {"Y,YYY", E_YCOMMA}, {"YYYY", E_YYYY},
    {"YYY", E_YYY},    {"YEAR", E_YEAR},   {"YY", E_YY},        {"Y", E_Y},
};

static const char *const month_names[] = {"JANUARY",   "FEBRUARY", "MARCH",    "APRIL",
                                          "MAY",       "JUNE",     "JULY",     "AUGUST",
                                          "SEPTEMBER", "OCTOBER",  "NOVEMBER", "DECEMBER"};
static const char *const day_names[] = {"SUNDAY",   "MONDAY", "TUESDAY", "WEDNESDAY",
                                        "THURSDAY", "FRIDAY", "SATURDAY"};
static const char *const roman_months[] = {"I",   "II",   "III", "IV", "V",  "VI",
                                           "VII", "VIII", "IX",  "X",  "XI", "XII"};

static char upper(char c)
{
    return c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
}

/* The element at fmt[i..n): its id and length (0 when there is none). */
static int element_at(const char *fmt, size_t i, size_t n, size_t *len)
{
    size_t best = 0;
    int id = E_NONE;
    for (size_t e = 0; e < sizeof elements / sizeof elements[0]; e++) {
        size_t k = strlen(elements[e].name);
        if (k <= best || i + k > n)
            continue;
        size_t j = 0;
        while (j < k && upper(fmt[i + j]) == elements[e].name[j])
            j++;
        if (j == k) {
            best = k;
            id = elements[e].id;
        }
    }
    *len = best;
    return id;
}

/* The case a word element asks for: 'U' upper, 'I' initial capital, 'L' lower. */
static char word_case(const char *el)
{
    if (el[0] >= 'a' && el[0] <= 'z')
        return 'L';
    return el[1] >= 'a' && el[1] <= 'z' ? 'I' : 'U';
}

static void put_word(lw_sqlbuf *out, const char *word, char how, size_t pad)
{
    size_t n = strlen(word);
    for (size_t i = 0; i < n; i++) {
        char c = word[i];
        if (how == 'L' || (how == 'I' && i > 0 && word[i - 1] != ' ' && word[i - 1] != '-'))
            c = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        lw_sqlbuf_append(out, &c, 1);
    }
    for (; n < pad; n++)
        lw_sqlbuf_append(out, " ", 1);
}

/* English words for 0 <= v < 10^9, upper case. */
static void spell(lw_sqlbuf *b, int64_t v)
{
    static const char *const ones[] = {"ZERO",    "ONE",     "TWO",       "THREE",    "FOUR",
                                       "FIVE",    "SIX",     "SEVEN",     "EIGHT",    "NINE",
                                       "TEN",     "ELEVEN",  "TWELVE",    "THIRTEEN", "FOURTEEN",
                                       "FIFTEEN", "SIXTEEN", "SEVENTEEN", "EIGHTEEN", "NINETEEN"};
    static const char *const tens[] = {"",      "",      "TWENTY",  "THIRTY", "FORTY",
                                       "FIFTY", "SIXTY", "SEVENTY", "EIGHTY", "NINETY"};
    if (v >= 1000000) {
        spell(b, v / 1000000);
        lw_sqlbuf_appends(b, " MILLION");
        if (v % 1000000) {
            lw_sqlbuf_appends(b, " ");
            spell(b, v % 1000000);
        }
    } else if (v >= 1000) {
        spell(b, v / 1000);
        lw_sqlbuf_appends(b, " THOUSAND");
        if (v % 1000) {
            lw_sqlbuf_appends(b, " ");
            spell(b, v % 1000);
        }
    } else if (v >= 100) {
        spell(b, v / 100);
        lw_sqlbuf_appends(b, " HUNDRED");
        if (v % 100) {
            lw_sqlbuf_appends(b, " ");
            spell(b, v % 100);
        }
    } else if (v >= 20) {
        lw_sqlbuf_appends(b, tens[v / 10]);
        if (v % 10) {
            lw_sqlbuf_appends(b, "-");
            lw_sqlbuf_appends(b, ones[v % 10]);
        }
    } else {
        lw_sqlbuf_appends(b, ones[v]);
    }
}

/* The ordinal suffix of v: ST, ND, RD or TH. */
static const char *ordinal(int64_t v)
{
    int64_t t = v % 100;
    if (t >= 11 && t <= 13)
        return "TH";
    switch (v % 10) {
    case 1:
        return "ST";
    case 2:
        return "ND";
    case 3:
        return "RD";
    default:
        return "TH";
    }
}

/* ISO 8601 week and year of a date. */
static void iso_week(const ora_dt *dt, int *year, int *week)
{
    int64_t z = ora_days_from_civil(dt->year, dt->month, dt->day);
    int wd = (int)(((z % 7 + 11) % 7 + 6) % 7); /* 0 Monday */
    int64_t thursday = z - wd + 3;
    int y, m, d;
    ora_civil_from_days(thursday, &y, &m, &d);
    *year = y;
    *week = (int)((thursday - ora_days_from_civil(y, 1, 1)) / 7 + 1);
}

/* Writes a number element: v with width digits (FM: no padding), then the suffixes at
 * fmt[*i] (TH, SP, SPTH, THSP), whose letters set the case. */
static void put_number(lw_sqlbuf *out, int64_t v, int width, int fm, const char *el,
                       const char *fmt, size_t *i, size_t n)
{
    int th = 0, sp = 0;
    for (int round = 0; round < 2; round++) {
        if (*i + 1 < n && upper(fmt[*i]) == 'T' && upper(fmt[*i + 1]) == 'H' && !th) {
            th = 1 + (fmt[*i] >= 'a');
            *i += 2;
        } else if (*i + 1 < n && upper(fmt[*i]) == 'S' && upper(fmt[*i + 1]) == 'P' && !sp) {
            sp = 1;
            *i += 2;
        }
    }
    int64_t a = v < 0 ? -v : v;
    if (sp) {
        lw_sqlbuf words = {0};
        spell(&words, a);
        if (th) {
            /* SPTH: the ordinal word */
            static const struct {
                const char *from, *to;
            } ords[] = {{"ONE", "FIRST"},     {"TWO", "SECOND"},   {"THREE", "THIRD"},
                        {"FIVE", "FIFTH"},    {"EIGHT", "EIGHTH"}, {"NINE", "NINTH"},
                        {"TWELVE", "TWELFTH"}};
            const char *w = words.s ? words.s : "";
            size_t wl = strlen(w), cut = wl;
            const char *rep = NULL;
            for (size_t k = 0; k < sizeof ords / sizeof ords[0]; k++) {
                size_t fl = strlen(ords[k].from);
                if (wl >= fl && !strcmp(w + wl - fl, ords[k].from) &&
                    (wl == fl || w[wl - fl - 1] == ' ' || w[wl - fl - 1] == '-')) {
                    cut = wl - fl;
                    rep = ords[k].to;
                }
            }
            lw_sqlbuf ordw = {0};
            lw_sqlbuf_append(&ordw, w, cut);
            if (rep)
                lw_sqlbuf_appends(&ordw, rep);
            else if (wl && w[wl - 1] == 'Y') {
                ordw.len--;
                lw_sqlbuf_appends(&ordw, "IETH");
            } else
                lw_sqlbuf_appends(&ordw, "TH");
            put_word(out, ordw.s ? ordw.s : "", word_case(el), 0);
            lw_sqlbuf_free(&ordw);
        } else {
            put_word(out, words.s ? words.s : "", word_case(el), 0);
        }
        lw_sqlbuf_free(&words);
        return;
    }
    if (v < 0)
        lw_sqlbuf_append(out, "-", 1);
    if (fm)
        lw_sqlbuf_appendf(out, "%lld", (long long)a);
    else
        lw_sqlbuf_appendf(out, "%0*lld", width, (long long)a);
    if (th) {
        const char *s = ordinal(a);
        char t[3] = {s[0], s[1], 0};
        if (th == 2) {
            t[0] = (char)(t[0] + 32);
            t[1] = (char)(t[1] + 32);
        }
        lw_sqlbuf_appends(out, t);
    }
}

int ora_dt_format(const ora_dt *dt, const char *fmt, size_t n, int precision, lw_sqlbuf *out,
                  const char **msg)
{
    int fm = 0;
    int64_t z = ora_days_from_civil(dt->year, dt->month, dt->day);
    int wd = (int)((z % 7 + 11) % 7); /* 0 Sunday */
    for (size_t i = 0; i < n;) {
        char c = fmt[i];
        if (c == '"') {
            size_t j = i + 1;
            while (j < n && fmt[j] != '"')
                j++;
            lw_sqlbuf_append(out, fmt + i + 1, j - i - 1);
            i = j < n ? j + 1 : j;
            continue;
        }
        size_t len;
        int id = element_at(fmt, i, n, &len);
        if (id == E_NONE) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                *msg = "date format not recognized";
                return 1821;
            }
            lw_sqlbuf_append(out, &c, 1);
            i++;
            continue;
        }
        const char *el = fmt + i;
        i += len;
        int y = dt->year, iy, iw;
        switch (id) {
        case E_FM:
            fm = !fm;
            break;
        case E_FX:
            break;
        case E_AD:
            put_word(out, y > 0 ? "AD" : "BC", word_case(el), 0);
            break;
        case E_ADDOT:
            put_word(out, y > 0 ? "A.D." : "B.C.", word_case(el), 0);
            break;
        case E_AM:
            put_word(out, dt->hour < 12 ? "AM" : "PM", word_case(el), 0);
            break;
        case E_AMDOT:
            put_word(out, dt->hour < 12 ? "A.M." : "P.M.", word_case(el), 0);
            break;
        case E_CC:
        case E_SCC:
            put_number(out, (y + 99) / 100, 2, fm, el, fmt, &i, n);
            break;
        case E_D:
            put_number(out, wd + 1, 1, fm, el, fmt, &i, n);
            break;
        case E_DAY:
            put_word(out, day_names[wd], word_case(el), fm ? 0 : 9);
            break;
        case E_DY: {
            char abbr[4] = {day_names[wd][0], day_names[wd][1], day_names[wd][2], 0};
            put_word(out, abbr, word_case(el), 0);
            break;
        }
        case E_DD:
            put_number(out, dt->day, 2, fm, el, fmt, &i, n);
            break;
        case E_DDD:
            put_number(out, z - ora_days_from_civil(y, 1, 1) + 1, 3, fm, el, fmt, &i, n);
            break;
        case E_FF: {
            int p = precision;
            if (i < n && fmt[i] >= '1' && fmt[i] <= '9')
                p = fmt[i++] - '0';
            char buf[16];
            snprintf(buf, sizeof buf, "%09d", dt->nanos);
            lw_sqlbuf_append(out, buf, (size_t)p);
            break;
        }
        case E_HH:
            put_number(out, dt->hour % 12 == 0 ? 12 : dt->hour % 12, 2, fm, el, fmt, &i, n);
            break;
        case E_HH24:
            put_number(out, dt->hour, 2, fm, el, fmt, &i, n);
            break;
        case E_I:
        case E_IY:
        case E_IYY:
        case E_IYYY: {
            iso_week(dt, &iy, &iw);
            int w = id == E_I ? 1 : id == E_IY ? 2 : id == E_IYY ? 3 : 4;
            int mod = w == 1 ? 10 : w == 2 ? 100 : w == 3 ? 1000 : 10000;
            put_number(out, iy % mod, w, fm, el, fmt, &i, n);
            break;
        }
        case E_IW:
            iso_week(dt, &iy, &iw);
            put_number(out, iw, 2, fm, el, fmt, &i, n);
            break;
        case E_J:
            put_number(out, z + 2440588, 7, fm, el, fmt, &i, n);
            break;
        case E_MI:
            put_number(out, dt->minute, 2, fm, el, fmt, &i, n);
            break;
        case E_MM:
            put_number(out, dt->month, 2, fm, el, fmt, &i, n);
            break;
        case E_MON: {
            const char *m = month_names[dt->month - 1];
            char abbr[4] = {m[0], m[1], m[2], 0};
            put_word(out, abbr, word_case(el), 0);
            break;
        }
        case E_MONTH:
            put_word(out, month_names[dt->month - 1], word_case(el), fm ? 0 : 9);
            break;
        case E_Q:
            put_number(out, (dt->month - 1) / 3 + 1, 1, fm, el, fmt, &i, n);
            break;
        case E_RM:
            put_word(out, roman_months[dt->month - 1], word_case(el), fm ? 0 : 4);
            break;
        case E_RR:
        case E_YY:
            put_number(out, y % 100, 2, fm, el, fmt, &i, n);
            break;
        case E_Y:
            put_number(out, y % 10, 1, fm, el, fmt, &i, n);
            break;
        case E_YYY:
            put_number(out, y % 1000, 3, fm, el, fmt, &i, n);
            break;
        case E_RRRR:
        case E_YYYY:
        case E_SYYYY:
            put_number(out, y, 4, fm, el, fmt, &i, n);
            break;
        case E_YCOMMA:
            lw_sqlbuf_appendf(out, "%d,%03d", y / 1000, y % 1000);
            break;
        case E_YEAR:
        case E_SYEAR: {
            /* the year spelled in two halves: TWENTY TWENTY-FOUR, TWO THOUSAND FOUR */
            lw_sqlbuf words = {0};
            if (y % 100 < 10 && y % 1000 < 100 && y >= 1000 && y % 1000 != 0)
                spell(&words, y);
            else if (y >= 1000 && y % 100 != 0) {
                spell(&words, y / 100);
                lw_sqlbuf_appends(&words, " ");
                spell(&words, y % 100);
            } else
                spell(&words, y);
            put_word(out, words.s ? words.s : "", word_case(el), 0);
            lw_sqlbuf_free(&words);
            break;
        }
        case E_SS:
            put_number(out, dt->second, 2, fm, el, fmt, &i, n);
            break;
        case E_SSSSS:
            put_number(out, dt->hour * 3600 + dt->minute * 60 + dt->second, 5, fm, el, fmt, &i, n);
            break;
        case E_W:
            put_number(out, (dt->day - 1) / 7 + 1, 1, fm, el, fmt, &i, n);
            break;
        case E_WW:
            put_number(out, (z - ora_days_from_civil(y, 1, 1)) / 7 + 1, 2, fm, el, fmt, &i, n);
            break;
        case E_X:
            lw_sqlbuf_append(out, ".", 1);
            break;
        case E_TZH:
        case E_TZM:
        case E_TZR:
        case E_TZD: {
            int tz = dt->tz_minutes, a = tz < 0 ? -tz : tz;
            if (id == E_TZH)
                lw_sqlbuf_appendf(out, "%c%02d", tz < 0 ? '-' : '+', a / 60);
            else if (id == E_TZM)
                lw_sqlbuf_appendf(out, "%02d", a % 60);
            else if (dt->tz_name[0] && id == E_TZR)
                lw_sqlbuf_appends(out, dt->tz_name);
            else if (id == E_TZR)
                lw_sqlbuf_appendf(out, "%c%02d:%02d", tz < 0 ? '-' : '+', a / 60, a % 60);
            break;
        }
        }
    }
    return out->oom ? -1 : 0;
}

/* ---- Reading ----------------------------------------------------------------------------- */

static int is_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Reads up to width digits at s[*j] (a sign first when signed). Returns the count. */
static int read_digits(const char *s, size_t n, size_t *j, int width, int signed_ok, int64_t *v)
{
    int sign = 1, k = 0;
    while (*j < n && s[*j] == ' ')
        (*j)++;
    if (signed_ok && *j < n && (s[*j] == '-' || s[*j] == '+'))
        sign = s[(*j)++] == '-' ? -1 : 1;
    *v = 0;
    while (*j < n && s[*j] >= '0' && s[*j] <= '9' && k < width) {
        *v = *v * 10 + (s[*j] - '0');
        (*j)++;
        k++;
    }
    *v *= sign;
    return k;
}

/* Matches one of names (full, or its first three letters) at s[*j]. Returns the index
 * or -1. */
static int read_name(const char *s, size_t n, size_t *j, const char *const *names, int count)
{
    int best = -1;
    size_t best_len = 0;
    for (int k = 0; k < count; k++) {
        size_t full = strlen(names[k]);
        if (*j + full <= n && sqlite3_strnicmp(s + *j, names[k], (int)full) == 0 &&
            full > best_len) {
            best = k;
            best_len = full;
        } else if (*j + 3 <= n && sqlite3_strnicmp(s + *j, names[k], 3) == 0 && best_len < 3) {
            best = k;
            best_len = 3;
        }
    }
    if (best >= 0)
        *j += best_len;
    return best;
}

/* The current year and month (the defaults TO_DATE fills in). */
static void current_year_month(int *year, int *month)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    *year = tm.tm_year + 1900;
    *month = tm.tm_mon + 1;
}

/* RR: a two-digit year in the century that keeps it within 50 years of now. */
static int rr_year(int64_t yy, int current)
{
    int century = current / 100 * 100, last = current % 100;
    if (last < 50)
        return (int)(yy < 50 ? century + yy : century - 100 + yy);
    return (int)(yy < 50 ? century + 100 + yy : century + yy);
}

int ora_dt_scan(const char *s, size_t n, const char *fmt, size_t fn, ora_dt *dt, const char **msg)
{
    int cy, cm;
    current_year_month(&cy, &cm);
    int64_t year = cy, month = cm, day = 1, hour = 0, minute = 0, second = 0, nanos = 0;
    int64_t jday = -1, doy = -1, hour12 = -1, sssss = -1;
    int pm = -1, tz = 0, has_tz = 0;
    char tz_name[48] = {0};
    size_t j = 0;
    for (size_t i = 0; i < fn;) {
        char c = fmt[i];
        if (c == '"') {
            size_t k = i + 1;
            while (k < fn && fmt[k] != '"')
                k++;
            size_t len = k - i - 1;
            if (j + len <= n && sqlite3_strnicmp(s + j, fmt + i + 1, (int)len) == 0)
                j += len;
            i = k < fn ? k + 1 : k;
            continue;
        }
        size_t len;
        int id = element_at(fmt, i, fn, &len);
        if (id == E_NONE) {
            if (is_alnum(c)) {
                *msg = "date format not recognized";
                return 1821;
            }
            /* punctuation in the format matches any run of punctuation or blanks */
            i++;
            while (j < n && !is_alnum(s[j]) && s[j] != '+' && s[j] != '-')
                j++;
            if (j < n && (s[j] == '+' || s[j] == '-') && c == s[j])
                j++;
            continue;
        }
        i += len;
        /* TH / SP suffixes are accepted and ignored when reading */
        while (i + 1 < fn && ((upper(fmt[i]) == 'T' && upper(fmt[i + 1]) == 'H') ||
                              (upper(fmt[i]) == 'S' && upper(fmt[i + 1]) == 'P')))
            i += 2;
        if (id == E_FM || id == E_FX)
            continue;
        while (j < n && s[j] == ' ')
            j++;
        if (j >= n) {
            *msg = "input value not long enough for date format";
            return 1840;
        }
        int64_t v = 0;
        int got = 1;
        switch (id) {
        case E_AD:
        case E_ADDOT:
            if (j + 2 <= n &&
                (!sqlite3_strnicmp(s + j, "AD", 2) || !sqlite3_strnicmp(s + j, "BC", 2)))
                j += 2;
            else if (j + 4 <= n &&
                     (!sqlite3_strnicmp(s + j, "A.D.", 4) || !sqlite3_strnicmp(s + j, "B.C.", 4)))
                j += 4;
            break;
        case E_AM:
        case E_AMDOT:
            if (j + 4 <= n &&
                (!sqlite3_strnicmp(s + j, "A.M.", 4) || !sqlite3_strnicmp(s + j, "P.M.", 4))) {
                pm = upper(s[j]) == 'P';
                j += 4;
            } else if (j + 2 <= n &&
                       (!sqlite3_strnicmp(s + j, "AM", 2) || !sqlite3_strnicmp(s + j, "PM", 2))) {
                pm = upper(s[j]) == 'P';
                j += 2;
            } else {
                *msg = "AM/A.M. or PM/P.M. required";
                return 1855;
            }
            break;
        case E_MON:
        case E_MONTH: {
            int m = read_name(s, n, &j, month_names, 12);
            if (m < 0) {
                *msg = "not a valid month";
                return 1843;
            }
            month = m + 1;
            break;
        }
        case E_RM: {
            int best = -1;
            size_t best_len = 0;
            for (int m = 0; m < 12; m++) {
                size_t l = strlen(roman_months[m]);
                if (j + l <= n && !sqlite3_strnicmp(s + j, roman_months[m], (int)l) &&
                    l > best_len) {
                    best = m;
                    best_len = l;
                }
            }
            if (best < 0) {
                *msg = "not a valid month";
                return 1843;
            }
            month = best + 1;
            j += best_len;
            break;
        }
        case E_DAY:
        case E_DY:
            if (read_name(s, n, &j, day_names, 7) < 0) {
                *msg = "not a valid day of the week";
                return 1846;
            }
            break;
        case E_TZR: {
            size_t k = j;
            while (k < n && s[k] != ' ')
                k++;
            if (k - j < sizeof tz_name) {
                memcpy(tz_name, s + j, k - j);
                tz_name[k - j] = 0;
            }
            has_tz = 1;
            j = k;
            break;
        }
        case E_X:
            if (s[j] == '.')
                j++;
            break;
        default: {
            int width = id == E_YYYY || id == E_SYYYY || id == E_RRRR || id == E_IYYY || id == E_RR
                            ? 4
                        : id == E_DDD || id == E_YYY || id == E_IYY                     ? 3
                        : id == E_J                                                     ? 7
                        : id == E_SSSSS                                                 ? 5
                        : id == E_FF                                                    ? 9
                        : id == E_D || id == E_Q || id == E_Y || id == E_I || id == E_W ? 1
                                                                                        : 2;
            if (id == E_FF && i < fn && fmt[i] >= '1' && fmt[i] <= '9')
                i++;
            size_t start = j;
            got = read_digits(s, n, &j, width, id == E_SYYYY || id == E_TZH, &v);
            if (!got) {
                *msg = "a non-numeric character was found where a numeric was expected";
                return 1858;
            }
            switch (id) {
            case E_YYYY:
            case E_SYYYY:
                year = v;
                break;
            case E_RRRR:
            case E_RR:
                /* two digits follow the RR rule; more are the year as it is */
                year = j - start > 2 ? v : rr_year(v, cy);
                break;
            case E_YYY:
                year = cy / 1000 * 1000 + v;
                break;
            case E_YY:
                year = cy / 100 * 100 + v;
                break;
            case E_Y:
                year = cy / 10 * 10 + v;
                break;
            case E_MM:
                month = v;
                break;
            case E_DD:
                day = v;
                break;
            case E_DDD:
                doy = v;
                break;
            case E_J:
                jday = v;
                break;
            case E_HH:
                hour12 = v;
                break;
            case E_HH24:
                hour = v;
                if (v > 23) {
                    *msg = "hour must be between 0 and 23";
                    return 1850;
                }
                break;
            case E_MI:
                minute = v;
                if (v > 59) {
                    *msg = "minutes must be between 0 and 59";
                    return 1851;
                }
                break;
            case E_SS:
                second = v;
                if (v > 59) {
                    *msg = "seconds must be between 0 and 59";
                    return 1852;
                }
                break;
            case E_SSSSS:
                sssss = v;
                break;
            case E_FF: {
                int digits_read = (int)(j - start);
                nanos = v;
                for (int k = digits_read; k < 9; k++)
                    nanos *= 10;
                break;
            }
            case E_TZH:
                tz = (int)v * 60;
                has_tz = 1;
                break;
            case E_TZM:
                tz += tz < 0 ? -(int)v : (int)v;
                has_tz = 1;
                break;
            default:
                break;
            }
        }
        }
        (void)got;
    }
    while (j < n && s[j] == ' ')
        j++;
    if (j < n) {
        *msg = "date format picture ends before converting entire input string";
        return 1830;
    }
    if (hour12 >= 0) {
        if (hour12 < 1 || hour12 > 12) {
            *msg = "hour must be between 1 and 12";
            return 1849;
        }
        hour = hour12 % 12 + (pm > 0 ? 12 : 0);
    } else if (pm > 0 && hour < 12) {
        hour += 12;
    }
    if (sssss >= 0) {
        if (sssss > 86399) {
            *msg = "seconds in day must be between 0 and 86399";
            return 1853;
        }
        hour = sssss / 3600;
        minute = sssss / 60 % 60;
        second = sssss % 60;
    }
    if (year < 1 || year > 9999) {
        *msg = "(full) year must be between -4713 and +9999, and not be 0";
        return 1841;
    }
    if (month < 1 || month > 12) {
        *msg = "not a valid month";
        return 1843;
    }
    memset(dt, 0, sizeof *dt);
    if (jday >= 0) {
        ora_civil_from_days(jday - 2440588, &dt->year, &dt->month, &dt->day);
    } else if (doy >= 0) {
        int days_in_year = ora_days_in_month((int)year, 2) == 29 ? 366 : 365;
        if (doy < 1 || doy > days_in_year) {
            *msg = "day of year must be between 1 and 365 (366 for leap year)";
            return 1848;
        }
        ora_civil_from_days(ora_days_from_civil((int)year, 1, 1) + doy - 1, &dt->year, &dt->month,
                            &dt->day);
    } else {
        if (day < 1 || day > 31) {
            *msg = "day of month must be between 1 and last day of month";
            return 1847;
        }
        if (day > ora_days_in_month((int)year, (int)month)) {
            *msg = "date not valid for month specified";
            return 1839;
        }
        dt->year = (int)year;
        dt->month = (int)month;
        dt->day = (int)day;
    }
    dt->hour = (int)hour;
    dt->minute = (int)minute;
    dt->second = (int)second;
    dt->nanos = (int)nanos;
    dt->has_tz = has_tz;
    dt->tz_minutes = tz;
    memcpy(dt->tz_name, tz_name, sizeof tz_name);
    return 0;
}

/* ---- The SQL functions ---------------------------------------------------------------- */

/* Accepts NLS_DATE_LANGUAGE = AMERICAN or ENGLISH (what the dialect speaks); anything
 * else is ORA-12702. Returns 0 or -1 after raising. */
static int check_date_nls(sqlite3_context *ctx, sqlite3_value *v)
{
    size_t n;
    const char *s =
        sqlite3_value_type(v) == SQLITE_NULL ? NULL : (const char *)sqlite3_value_text(v);
    n = s ? strlen(s) : 0;
    if (!s || !n)
        return 0;
    const char *eq = strchr(s, '=');
    const char *val = eq ? eq + 1 : s;
    while (*val == ' ' || *val == '\'')
        val++;
    if (!sqlite3_strnicmp(val, "american", 8) || !sqlite3_strnicmp(val, "english", 7))
        return 0;
    ora_error(ctx, 12702, "invalid NLS parameter string used in SQL function");
    return -1;
}

static void to_char_dt_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    ora_session *sess = ora_session_of(ctx);
    size_t kn;
    const char *kind = ora_arg_text(argv, 3, &kn);
    char k = kind ? kind[0] : 'D';
    ora_dt dt;
    if (ora_dt_args(ctx, argv, &dt, NULL))
        return;
    if (check_date_nls(ctx, argv[2]))
        return;
    size_t fn;
    const char *fmt = ora_arg_text(argv, 1, &fn);
    if (sqlite3_value_type(argv[1]) != SQLITE_NULL && !fmt) {
        sqlite3_result_null(ctx);
        return;
    }
    if (!fmt) {
        fmt = k == 'D' ? sess->date_format : k == 'Z' ? sess->tstz_format : sess->ts_format;
        fn = strlen(fmt);
    }
    if (k == 'L') {
        /* stored in UTC, shown in the session time zone */
        int nanos = dt.nanos;
        ora_dt_from_seconds(ora_dt_seconds(&dt) + sess->tz_minutes * 60, &dt);
        dt.nanos = nanos;
        dt.tz_minutes = sess->tz_minutes;
    }
    int precision = sqlite3_value_type(argv[4]) == SQLITE_NULL ? 9 : sqlite3_value_int(argv[4]);
    if (precision < 0 || precision > 9)
        precision = 9;
    lw_sqlbuf out = {0};
    const char *msg = NULL;
    int code = ora_dt_format(&dt, fmt, fn, precision, &out, &msg);
    if (code > 0) {
        lw_sqlbuf_free(&out);
        ora_error(ctx, code, "%s", msg);
        return;
    }
    if (code < 0) {
        lw_sqlbuf_free(&out);
        sqlite3_result_error_nomem(ctx);
        return;
    }
    size_t len = out.len;
    ora_result_text(ctx, lw_sqlbuf_finish(&out), len);
}

/* TO_DATE (user data NULL) and TO_TIMESTAMP: X read with FMT; a fourth argument is the
 * DEFAULT returned (read the same way) when X does not convert. */
static void to_dt(sqlite3_context *ctx, int argc, sqlite3_value **argv, char kind)
{
    ora_session *sess = ora_session_of(ctx);
    size_t fn;
    const char *fmt = ora_arg_text(argv, 1, &fn);
    if (sqlite3_value_type(argv[1]) != SQLITE_NULL && !fmt) {
        sqlite3_result_null(ctx);
        return;
    }
    if (!fmt) {
        fmt = kind == 'D' ? sess->date_format : sess->ts_format;
        fn = strlen(fmt);
    }
    if (check_date_nls(ctx, argv[2]))
        return;
    for (int attempt = 0; attempt < (argc > 3 ? 2 : 1); attempt++) {
        sqlite3_value *v = argv[attempt ? 3 : 0];
        size_t n;
        const char *s = ora_arg_text(&v, 0, &n);
        if (!s) {
            sqlite3_result_null(ctx);
            return;
        }
        ora_dt dt;
        const char *msg = NULL;
        int code = sqlite3_value_type(v) == SQLITE_TEXT && ora_dt_parse(s, n, &dt) == 0
                       ? 0
                       : ora_dt_scan(s, n, fmt, fn, &dt, &msg);
        if (code == 0) {
            size_t len;
            dt.has_tz = 0;
            if (kind == 'D')
                dt.nanos = 0;
            char *t = ora_dt_text(&dt, kind, &len);
            ora_result_text(ctx, t, len);
            return;
        }
        if (attempt == (argc > 3 ? 1 : 0)) {
            ora_error(ctx, code, "%s", msg);
            return;
        }
    }
}

static void to_date_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    to_dt(ctx, argc, argv, 'D');
}

static void to_ts_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    to_dt(ctx, argc, argv, 'T');
}

const ora_function_def ora_dtfmt_functions[] = {
    ORA_STATE("ora_to_char_dt", 5, to_char_dt_fn), ORA_STATE("ora_to_date", 3, to_date_fn),
    ORA_STATE("ora_to_date", 4, to_date_fn),       ORA_STATE("ora_to_ts", 3, to_ts_fn),
    ORA_STATE("ora_to_ts", 4, to_ts_fn),           {{NULL, 0, 0, NULL, NULL, NULL, NULL, NULL}, 0},
};
