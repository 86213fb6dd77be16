/*
 * Time zones (zone.h): transitions from the tz database, POSIX TZ rules for the
 * times past them (or for a zone that is only a POSIX string), and names resolved
 * against the zone files.
 *
 * A POSIX TZ string is std offset [dst [offset] [,start[/time],end[/time]]]: names of
 * three or more letters or <quoted>, offsets [+-]hh[:mm[:ss]] counted west of
 * Greenwich, a DST offset one hour east of standard time unless given, and dates Jn
 * (1-365, February 29 never counted), n (0-365) or Mm.w.d (day d of week w of month
 * m, week 5 the last), at 02:00 local time unless given (hours -167..167, RFC 8536).
 */
#include "datetime/zone.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "common/lw_sqlite.h"
#include "datetime/calendar.h"

/* ---- POSIX TZ rules ------------------------------------------------------------------ */

typedef struct posix_date {
    char kind;    /* 'J' (1-365, no leap day), 'n' (0-365), 'M' (month, week, weekday) */
    int a, b, c;  /* J/n: the day; M: month, week, weekday */
    int32_t secs; /* local time of day of the transition */
} posix_date;

typedef struct posix_rule {
    char std[32], dst[32];
    int32_t std_off, dst_off; /* seconds east */
    int has_dst;
    posix_date start, end;
} posix_rule;

/* A name: <quoted> or three or more letters; empty when allow_empty and a sign or a
 * digit follows. Returns the length read, or -1. */
static int read_posix_name(const char *s, size_t n, size_t *at, char *out, size_t cap,
                           int allow_empty)
{
    size_t i = *at, k = 0;
    if (i < n && s[i] == '<') {
        for (i++; i < n && s[i] != '>'; i++) {
            if (k + 1 >= cap)
                return -1;
            out[k++] = s[i];
        }
        if (i >= n || k == 0)
            return -1;
        i++;
    } else {
        while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'))) {
            if (k + 1 >= cap)
                return -1;
            out[k++] = s[i++];
        }
        if (k == 0 && allow_empty && i < n &&
            (s[i] == '+' || s[i] == '-' || (s[i] >= '0' && s[i] <= '9'))) {
            /* PostgreSQL reads "+05:30" as a nameless zone. */
        } else if (k < 3) {
            return -1;
        }
    }
    out[k] = 0;
    *at = i;
    return (int)k;
}

/* [+-]hh[:mm[:ss]] with hours up to max_hours; returns 0 and *secs (sign applied), or
 * -1. */
static int read_posix_time(const char *s, size_t n, size_t *at, int max_hours, int32_t *secs)
{
    size_t i = *at;
    int sign = 1;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        sign = s[i++] == '-' ? -1 : 1;
    int32_t parts[3] = {0, 0, 0};
    for (int p = 0; p < 3; p++) {
        if (p > 0) {
            if (i >= n || s[i] != ':')
                break;
            i++;
        }
        int digits = 0;
        int32_t v = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9' && digits < 3) {
            v = v * 10 + (s[i++] - '0');
            digits++;
        }
        if (digits == 0)
            return -1;
        parts[p] = v;
    }
    if (parts[0] > max_hours || parts[1] > 59 || parts[2] > 59)
        return -1;
    *secs = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
    *at = i;
    return 0;
}

static int read_int(const char *s, size_t n, size_t *at, int *v)
{
    size_t i = *at;
    int digits = 0;
    *v = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9' && digits < 4) {
        *v = *v * 10 + (s[i++] - '0');
        digits++;
    }
    *at = i;
    return digits ? 0 : -1;
}

static int read_posix_date(const char *s, size_t n, size_t *at, posix_date *d)
{
    size_t i = *at;
    memset(d, 0, sizeof *d);
    if (i < n && s[i] == 'J') {
        i++;
        d->kind = 'J';
        if (read_int(s, n, &i, &d->a) || d->a < 1 || d->a > 365)
            return -1;
    } else if (i < n && s[i] == 'M') {
        i++;
        d->kind = 'M';
        if (read_int(s, n, &i, &d->a) || d->a < 1 || d->a > 12 || i >= n || s[i++] != '.' ||
            read_int(s, n, &i, &d->b) || d->b < 1 || d->b > 5 || i >= n || s[i++] != '.' ||
            read_int(s, n, &i, &d->c) || d->c > 6)
            return -1;
    } else {
        d->kind = 'n';
        if (read_int(s, n, &i, &d->a) || d->a > 365)
            return -1;
    }
    d->secs = 7200;
    if (i < n && s[i] == '/') {
        i++;
        if (read_posix_time(s, n, &i, 167, &d->secs))
            return -1;
    }
    *at = i;
    return 0;
}

static int parse_posix(const char *s, size_t n, posix_rule *r)
{
    size_t i = 0;
    int32_t west;
    memset(r, 0, sizeof *r);
    if (read_posix_name(s, n, &i, r->std, sizeof r->std, 1) < 0 ||
        read_posix_time(s, n, &i, 24, &west))
        return -1;
    r->std_off = -west;
    r->dst_off = r->std_off;
    if (i == n)
        return 0;
    if (read_posix_name(s, n, &i, r->dst, sizeof r->dst, 0) < 0)
        return -1;
    r->has_dst = 1;
    r->dst_off = r->std_off + 3600;
    if (i < n && s[i] != ',') {
        if (read_posix_time(s, n, &i, 24, &west))
            return -1;
        r->dst_off = -west;
    }
    if (i == n) {
        /* No rule: the tz code's default, the US rule. */
        static const char us[] = "M3.2.0,M11.1.0";
        size_t k = 0;
        read_posix_date(us, sizeof us - 1, &k, &r->start);
        k++;
        read_posix_date(us, sizeof us - 1, &k, &r->end);
        return 0;
    }
    if (s[i++] != ',' || read_posix_date(s, n, &i, &r->start) || i >= n || s[i++] != ',' ||
        read_posix_date(s, n, &i, &r->end) || i != n)
        return -1;
    return 0;
}

/* Days since 1970 of the rule date d in year y. */
static int64_t posix_day(const posix_date *d, int64_t y)
{
    if (d->kind == 'J')
        return lw_days_from_civil(y, 1, 1) + d->a - 1 + (lw_is_leap_year(y) && d->a >= 60);
    if (d->kind == 'n')
        return lw_days_from_civil(y, 1, 1) + d->a;
    int64_t first = lw_days_from_civil(y, d->a, 1);
    int64_t day = first + lw_floor_mod(d->c - lw_weekday(first), 7) + (int64_t)(d->b - 1) * 7;
    while (day >= first + lw_days_in_month(y, d->a))
        day -= 7;
    return day;
}

/* The instants at which DST starts and ends in local year y. */
static void posix_year(const posix_rule *r, int64_t y, int64_t *start, int64_t *end)
{
    *start = posix_day(&r->start, y) * LW_SEC_PER_DAY + r->start.secs - r->std_off;
    *end = posix_day(&r->end, y) * LW_SEC_PER_DAY + r->end.secs - r->dst_off;
}

static void posix_local(const posix_rule *r, int dst, lw_zone_local *out)
{
    out->utoff = dst ? r->dst_off : r->std_off;
    out->isdst = dst;
    out->abbr = dst ? r->dst : r->std;
}

static int posix_is_dst(const posix_rule *r, int64_t t)
{
    if (!r->has_dst)
        return 0;
    int64_t y, start, end;
    int m, d;
    lw_civil_from_days(lw_floor_div(t + r->std_off, LW_SEC_PER_DAY), &y, &m, &d);
    posix_year(r, y, &start, &end);
    if (start < end)
        return t >= start && t < end;
    return !(t >= end && t < start);
}

/* The first change of the rule strictly after t. */
static int posix_next(const posix_rule *r, int64_t t, int64_t *at)
{
    if (!r->has_dst || r->dst_off == r->std_off)
        return 0;
    int64_t y, best = 0;
    int m, d, found = 0;
    lw_civil_from_days(lw_floor_div(t + r->std_off, LW_SEC_PER_DAY), &y, &m, &d);
    for (int64_t k = y - 1; k <= y + 1; k++) {
        int64_t s, e;
        posix_year(r, k, &s, &e);
        if (s > t && (!found || s < best))
            best = s, found = 1;
        if (e > t && (!found || e < best))
            best = e, found = 1;
    }
    *at = best;
    return found;
}

/* ---- Zones ------------------------------------------------------------------------------- */

struct lw_zone {
    char *name;
    int32_t n;      /* transitions */
    int64_t *times; /* ascending */
    unsigned char *types;
    int32_t ntypes; /* >= 1 unless the zone is only a rule */
    int32_t *utoff;
    unsigned char *isdst;
    char **abbr; /* into chars */
    char *chars;
    int has_rule; /* the rule governs times after the last transition (or all times) */
    posix_rule rule;
};

void lw_zone_free(lw_zone *z)
{
    if (!z)
        return;
    sqlite3_free(z->name);
    sqlite3_free(z->times);
    sqlite3_free(z->types);
    sqlite3_free(z->utoff);
    sqlite3_free(z->isdst);
    sqlite3_free(z->abbr);
    sqlite3_free(z->chars);
    sqlite3_free(z);
}

const char *lw_zone_name(const lw_zone *z)
{
    return z->name;
}

static void type_local(const lw_zone *z, int type, lw_zone_local *out)
{
    out->utoff = z->utoff[type];
    out->isdst = z->isdst[type];
    out->abbr = z->abbr[type];
}

int lw_zone_fixed_offset(const lw_zone *z, int32_t *utoff)
{
    if (z->has_rule) {
        if (z->n > 0 || (z->rule.has_dst && z->rule.dst_off != z->rule.std_off))
            return 0;
        *utoff = z->rule.std_off;
        return 1;
    }
    for (int32_t i = 0; i < z->n; i++)
        if (z->utoff[z->types[i]] != z->utoff[0])
            return 0;
    *utoff = z->utoff[0];
    return 1;
}

void lw_zone_at(const lw_zone *z, int64_t t, lw_zone_local *out)
{
    if (z->n == 0 || t >= z->times[z->n - 1]) {
        if (z->has_rule && (z->n == 0 || t > z->times[z->n - 1]))
            posix_local(&z->rule, posix_is_dst(&z->rule, t), out);
        else
            type_local(z, z->n ? z->types[z->n - 1] : 0, out);
        return;
    }
    if (t < z->times[0]) {
        type_local(z, 0, out);
        return;
    }
    int32_t lo = 0, hi = z->n - 1; /* times[lo] <= t < times[hi] */
    while (hi - lo > 1) {
        int32_t mid = lo + (hi - lo) / 2;
        if (z->times[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    type_local(z, z->types[lo], out);
}

int lw_zone_next_transition(const lw_zone *z, int64_t t, int64_t *at, lw_zone_local *before,
                            lw_zone_local *after)
{
    lw_zone_local cur;
    lw_zone_at(z, t, &cur);
    /* The first listed transition after t that changes the offset or the DST flag. */
    int32_t lo = 0, hi = z->n;
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (z->times[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (int32_t i = lo; i < z->n; i++) {
        int k = z->types[i];
        if (z->utoff[k] != cur.utoff || z->isdst[k] != cur.isdst) {
            *at = z->times[i];
            *before = cur;
            type_local(z, k, after);
            return 1;
        }
    }
    if (!z->has_rule)
        return 0;
    int64_t from = z->n && z->times[z->n - 1] > t ? z->times[z->n - 1] : t;
    while (posix_next(&z->rule, from, at)) {
        lw_zone_at(z, *at - 1, before);
        lw_zone_at(z, *at, after);
        if (after->utoff != before->utoff || after->isdst != before->isdst)
            return 1;
        from = *at;
    }
    return 0;
}

int64_t lw_zone_local_to_utc(const lw_zone *z, int64_t local, lw_zone_resolve rule,
                             lw_zone_local *out)
{
    lw_zone_local before, after, dummy;
    if (!out)
        out = &dummy;
    /* Transitions are more than two days apart and offsets under a day: the boundary
     * nearest to `local` is the first one after a day before it. */
    int64_t prev = local - LW_SEC_PER_DAY, boundary;
    if (!lw_zone_next_transition(z, prev, &boundary, &before, &after)) {
        lw_zone_at(z, prev, out);
        return local - out->utoff;
    }
    int64_t before_time = local - before.utoff, after_time = local - after.utoff;
    if (before_time < boundary && after_time < boundary) {
        *out = before;
        return before_time;
    }
    if (before_time > boundary && after_time >= boundary) {
        *out = after;
        return after_time;
    }
    /* Skipped (before_time past the boundary, after_time before it): the offset before
     * the transition. Repeated: as the rule says. */
    if (before_time > after_time || rule == LW_ZONE_EARLIER) {
        *out = before;
        return before_time;
    }
    *out = after;
    return after_time;
}

/* ---- Construction ---------------------------------------------------------------------------- */

static lw_zone *zone_new(const char *name, int32_t n, int32_t ntypes, size_t chars)
{
    lw_zone *z = sqlite3_malloc64(sizeof *z);
    if (!z)
        return NULL;
    memset(z, 0, sizeof *z);
    z->n = n;
    z->ntypes = ntypes;
    z->name = sqlite3_mprintf("%s", name);
    z->times = sqlite3_malloc64((size_t)n * sizeof *z->times + 1);
    z->types = sqlite3_malloc64((size_t)n + 1);
    z->utoff = sqlite3_malloc64((size_t)ntypes * sizeof *z->utoff + 1);
    z->isdst = sqlite3_malloc64((size_t)ntypes + 1);
    z->abbr = sqlite3_malloc64((size_t)ntypes * sizeof *z->abbr + 1);
    z->chars = sqlite3_malloc64(chars + 1);
    if (!z->name || !z->times || !z->types || !z->utoff || !z->isdst || !z->abbr || !z->chars) {
        lw_zone_free(z);
        return NULL;
    }
    z->chars[0] = 0;
    return z;
}

lw_zone_rc lw_zone_from_tzif(const char *name, const lw_tzif *tzif, lw_zone **out)
{
    *out = NULL;
    const lw_tzif_block *b = tzif->has_v2 ? &tzif->v2 : &tzif->v1;
    posix_rule rule;
    int has_rule = tzif->has_v2 && tzif->footer && tzif->footer[0] &&
                   parse_posix(tzif->footer, strlen(tzif->footer), &rule) == 0;
    lw_zone *z = zone_new(name, b->timecnt, b->typecnt, (size_t)b->charcnt);
    if (!z)
        return LW_ZONE_NOMEM;
    memcpy(z->chars, b->chars, (size_t)b->charcnt + 1);
    for (int32_t i = 0; i < b->typecnt; i++) {
        z->utoff[i] = b->types[i].utoff;
        z->isdst[i] = (unsigned char)b->types[i].isdst;
        z->abbr[i] = z->chars + (b->types[i].abbr < (unsigned)b->charcnt ? b->types[i].abbr
                                                                         : (unsigned)b->charcnt);
    }
    for (int32_t i = 0; i < b->timecnt; i++) {
        z->times[i] = b->times[i];
        z->types[i] = b->indexes[i];
        if (i > 0 && z->times[i] <= z->times[i - 1]) {
            lw_zone_free(z);
            return LW_ZONE_BAD_FILE; /* transitions must ascend */
        }
    }
    z->has_rule = has_rule;
    if (has_rule)
        z->rule = rule;
    *out = z;
    return LW_ZONE_OK;
}

lw_zone_rc lw_zone_posix(const char *name, const char *spec, size_t n, lw_zone **out)
{
    *out = NULL;
    posix_rule rule;
    if (parse_posix(spec, n, &rule))
        return LW_ZONE_UNKNOWN;
    char *spelled = name ? NULL : sqlite3_mprintf("%.*s", (int)n, spec);
    if (!name && !spelled)
        return LW_ZONE_NOMEM;
    lw_zone *z = zone_new(name ? name : spelled, 0, 1, 0);
    sqlite3_free(spelled);
    if (!z)
        return LW_ZONE_NOMEM;
    z->utoff[0] = rule.std_off;
    z->isdst[0] = 0;
    z->abbr[0] = z->chars;
    z->has_rule = 1;
    z->rule = rule;
    *out = z;
    return LW_ZONE_OK;
}

lw_zone_rc lw_zone_fixed(const char *name, int32_t utoff, const char *abbr, lw_zone **out)
{
    size_t len = strlen(abbr);
    lw_zone *z = zone_new(name, 0, 1, len);
    *out = z;
    if (!z)
        return LW_ZONE_NOMEM;
    memcpy(z->chars, abbr, len + 1);
    z->utoff[0] = utoff;
    z->isdst[0] = 0;
    z->abbr[0] = z->chars;
    return LW_ZONE_OK;
}

/* ---- Names ---------------------------------------------------------------------------------- */

/* Finds, in folder path, the entry named like component (len bytes) ignoring ASCII
 * case, and appends it to path (size bytes). Exact spelling first: it is the usual
 * case and needs no folder scan. Returns 1 when found. */
static int append_component(char *path, size_t size, const char *component, size_t len)
{
    size_t at = strlen(path);
    if (at + 1 + len + 1 > size)
        return 0;
    path[at] = '/';
    memcpy(path + at + 1, component, len);
    path[at + 1 + len] = 0;
    struct stat st;
    if (lstat(path, &st) == 0)
        return 1;
    path[at] = 0;
    DIR *dir = opendir(path);
    if (!dir)
        return 0;
    int found = 0;
    struct dirent *entry;
    while (!found && (entry = readdir(dir)) != NULL) {
        if (strlen(entry->d_name) == len && strncasecmp(entry->d_name, component, len) == 0) {
            path[at] = '/';
            memcpy(path + at + 1, entry->d_name, len);
            path[at + 1 + len] = 0;
            found = 1;
        }
    }
    closedir(dir);
    return found;
}

lw_zone_rc lw_tzdb_resolve(const char *dir, const char *name, size_t n, unsigned flags,
                           char *canonical, char *path, size_t size)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)name[i] >= 0x80 || name[i] == 0)
            return LW_ZONE_UNKNOWN;
    size_t dir_len = strlen(dir);
    if (n == 0 || dir_len + n + 2 > size)
        return LW_ZONE_UNKNOWN;
    memcpy(path, dir, dir_len + 1);
    const char *component = name, *end = name + n;
    int first = 1;
    for (;;) {
        const char *slash = memchr(component, '/', (size_t)(end - component));
        size_t len = slash ? (size_t)(slash - component) : (size_t)(end - component);
        if (len == 0 || (len == 1 && component[0] == '.') ||
            (len == 2 && component[0] == '.' && component[1] == '.'))
            return LW_ZONE_UNKNOWN;
        if (!append_component(path, size, component, len))
            return LW_ZONE_UNKNOWN;
        const char *spelled = path + strlen(path) - len;
        if ((flags & LW_TZDB_PYTZ) && first && slash &&
            (strcmp(spelled, "right") == 0 || strcmp(spelled, "posix") == 0))
            return LW_ZONE_UNKNOWN;
        first = 0;
        struct stat st;
        if (slash) {
            /* pytz's list (os.walk) does not enter a linked folder. */
            if ((flags & LW_TZDB_PYTZ) ? lstat(path, &st) != 0 || !S_ISDIR(st.st_mode)
                                       : stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
                return LW_ZONE_UNKNOWN;
            component = slash + 1;
            continue;
        }
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            return LW_ZONE_UNKNOWN;
        break;
    }
    memcpy(canonical, path + dir_len + 1, strlen(path + dir_len + 1) + 1);
    if ((flags & LW_TZDB_PYTZ) &&
        (strcmp(canonical, "posixrules") == 0 || strcmp(canonical, "Factory") == 0 ||
         strcmp(canonical, "localtime") == 0))
        return LW_ZONE_UNKNOWN;
    return LW_ZONE_OK;
}

lw_zone_rc lw_tzdb_read(const char *path, unsigned char **data, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return LW_ZONE_UNKNOWN;
    unsigned char *buf = sqlite3_malloc64(LW_ZONE_MAX_FILE);
    if (!buf) {
        fclose(f);
        return LW_ZONE_NOMEM;
    }
    *n = fread(buf, 1, LW_ZONE_MAX_FILE, f);
    fclose(f);
    *data = buf;
    return LW_ZONE_OK;
}

/* ---- The database -------------------------------------------------------------------------- */

struct lw_zone_db {
    char *dir;
    lw_zone **zones; /* never dropped: pointers stay valid */
    int n, cap;
};

lw_zone_db *lw_zone_db_new(const char *dir)
{
    lw_zone_db *db = sqlite3_malloc64(sizeof *db);
    if (!db)
        return NULL;
    memset(db, 0, sizeof *db);
    db->dir = sqlite3_mprintf("%s", dir);
    if (!db->dir) {
        sqlite3_free(db);
        return NULL;
    }
    return db;
}

void lw_zone_db_free(lw_zone_db *db)
{
    if (!db)
        return;
    for (int i = 0; i < db->n; i++)
        lw_zone_free(db->zones[i]);
    sqlite3_free(db->zones);
    sqlite3_free(db->dir);
    sqlite3_free(db);
}

static const lw_zone *db_find(const lw_zone_db *db, const char *name, size_t n)
{
    for (int i = 0; i < db->n; i++)
        if (strlen(db->zones[i]->name) == n && memcmp(db->zones[i]->name, name, n) == 0)
            return db->zones[i];
    return NULL;
}

static lw_zone_rc db_add(lw_zone_db *db, lw_zone *z, const lw_zone **out)
{
    if (db->n == db->cap) {
        int cap = db->cap ? db->cap * 2 : 8;
        lw_zone **zones = sqlite3_realloc64(db->zones, (size_t)cap * sizeof *zones);
        if (!zones) {
            lw_zone_free(z);
            return LW_ZONE_NOMEM;
        }
        db->zones = zones;
        db->cap = cap;
    }
    db->zones[db->n++] = z;
    *out = z;
    return LW_ZONE_OK;
}

lw_zone_rc lw_zone_db_get(lw_zone_db *db, const char *name, size_t n, unsigned flags,
                          const lw_zone **out)
{
    *out = NULL;
    char canonical[1024], path[1024];
    /* A name asked before in this spelling: no look at the file system. */
    if ((*out = db_find(db, name, n)) != NULL)
        return LW_ZONE_OK;
    lw_zone_rc rc = lw_tzdb_resolve(db->dir, name, n, 0, canonical, path, sizeof path);
    if (rc == LW_ZONE_OK) {
        if ((*out = db_find(db, canonical, strlen(canonical))) != NULL)
            return LW_ZONE_OK;
        unsigned char *data = NULL;
        size_t size = 0;
        if ((rc = lw_tzdb_read(path, &data, &size)) != LW_ZONE_OK)
            return rc;
        lw_tzif tzif;
        lw_tzif_rc trc = lw_tzif_parse(data, size, &tzif);
        sqlite3_free(data);
        if (trc == LW_TZIF_NOMEM)
            return LW_ZONE_NOMEM;
        if (trc != LW_TZIF_OK)
            return LW_ZONE_UNKNOWN; /* not a zone file (zone.tab, ...) */
        lw_zone *z = NULL;
        rc = lw_zone_from_tzif(canonical, &tzif, &z);
        lw_tzif_clear(&tzif);
        return rc == LW_ZONE_OK ? db_add(db, z, out) : rc;
    }
    if (!(flags & LW_ZONE_DB_POSIX))
        return LW_ZONE_UNKNOWN;
    lw_zone *z = NULL;
    rc = lw_zone_posix(NULL, name, n, &z);
    return rc == LW_ZONE_OK ? db_add(db, z, out) : rc;
}
