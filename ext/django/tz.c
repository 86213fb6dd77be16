/*
 * pytz's time zones from the system's zone files (tz.h).
 *
 * build_tzinfo (pytz/tzfile.py) reads the TZif header and its first data block: the
 * 32-bit transition times, their local time type indexes and the types (UTC offset,
 * DST flag, abbreviation). One type or no transition: a static zone. Otherwise the
 * first standard-time type covers everything before the first transition (inserted
 * at datetime.min, or replacing the first transition's time when that transition
 * has the same type), and every offset is rounded to the nearest minute with
 * int((offset + 30) // 60) * 60. zone.fromutc(dt) takes the offset of the last
 * transition at or before dt (bisect_right over the transition instants, minus one,
 * at least 0).
 *
 * pytz.timezone(name): 'UTC' in any letter case is pytz.utc; a name that is not
 * ASCII is unknown; '_plus_' and '_minus_' become '+' and '-'; then the name must
 * match, ignoring ASCII case, a zone file under the zoneinfo folder as Python's
 * zoneinfo.available_timezones() lists them: regular files (or links to them)
 * starting with "TZif", not in the top-level right/ and posix/ folders, not reached
 * through a linked folder, and not posixrules, Factory or localtime.
 */
#include "django/tz.h"
#include "django/dt.h"

#include "common/lw_sqlite.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum { TZ_UTC, TZ_STATIC, TZ_DST };

struct lw_tz {
    char *name;
    int kind;
    int32_t offset; /* UTC 0; static: its offset; DST: the first transition's */
    int n;          /* DST: transitions */
    int64_t *ticks; /* DST: UTC instants, microseconds since 0001-01-01 */
    int32_t *offsets;
};

static lw_tz utc_zone = {"UTC", TZ_UTC, 0, 0, NULL, NULL};

const lw_tz *lw_tz_utc(void)
{
    return &utc_zone;
}

const char *lw_tz_name(const lw_tz *tz)
{
    return tz->name;
}

int32_t lw_tz_replace_offset(const lw_tz *tz)
{
    return tz->offset;
}

int32_t lw_tz_fromutc_offset(const lw_tz *tz, int64_t utc_ticks)
{
    if (tz->kind != TZ_DST)
        return tz->offset;
    /* bisect_right, written as Python's, so that it answers alike on any data. */
    int lo = 0, hi = tz->n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (utc_ticks < tz->ticks[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return tz->offsets[lo > 0 ? lo - 1 : 0];
}

void lw_tz_free(lw_tz *tz)
{
    if (!tz || tz == &utc_zone)
        return;
    sqlite3_free(tz->name);
    sqlite3_free(tz->ticks);
    sqlite3_free(tz->offsets);
    sqlite3_free(tz);
}

static int32_t be32(const unsigned char *p)
{
    return (int32_t)(((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) |
                     (uint32_t)p[3]);
}

/* Python's int((offset + 30) // 60) * 60: floor division. */
static int32_t round_to_minute(int32_t offset)
{
    int64_t x = (int64_t)offset + 30;
    int64_t q = x / 60 - (x % 60 < 0);
    return (int32_t)(q * 60);
}

/* One local time type (ttinfo) as pytz compares them: offset, DST flag, name. */
typedef struct ttinfo {
    int32_t offset;
    int isdst;
    const unsigned char *abbr;
    size_t abbr_n;
} ttinfo;

static int same_type(const ttinfo *a, const ttinfo *b)
{
    return a->offset == b->offset && a->isdst == b->isdst && a->abbr_n == b->abbr_n &&
           memcmp(a->abbr, b->abbr, a->abbr_n) == 0;
}

lw_tz_rc lw_tz_from_tzif(const char *name, const unsigned char *data, size_t n, lw_tz **out)
{
    *out = NULL;
    if (n < 44 || memcmp(data, "TZif", 4) != 0)
        return LW_TZ_BAD_FILE;
    int32_t timecnt = be32(data + 32), typecnt = be32(data + 36), charcnt = be32(data + 40);
    if (timecnt < 0 || typecnt <= 0 || charcnt < 0 || timecnt > 100000 || typecnt > 256 ||
        charcnt > 100000)
        return LW_TZ_BAD_FILE;
    size_t need = 44 + (size_t)timecnt * 5 + (size_t)typecnt * 6 + (size_t)charcnt;
    if (n < need)
        return LW_TZ_BAD_FILE;
    const unsigned char *times = data + 44, *indexes = times + (size_t)timecnt * 4,
                        *types = indexes + timecnt, *chars = types + (size_t)typecnt * 6;
    ttinfo tt[256];
    for (int i = 0; i < typecnt; i++) {
        const unsigned char *p = types + (size_t)i * 6;
        tt[i].offset = be32(p);
        tt[i].isdst = p[4] != 0;
        /* The abbreviation runs from its index to the next NUL or the end; pytz decodes
         * it as ASCII and fails on anything else. */
        size_t at = p[5] < (size_t)charcnt ? p[5] : (size_t)charcnt, end = at;
        while (end < (size_t)charcnt && chars[end])
            end++;
        for (size_t k = at; k < end; k++)
            if (chars[k] >= 0x80)
                return LW_TZ_BAD_FILE;
        tt[i].abbr = chars + at;
        tt[i].abbr_n = end - at;
    }
    for (int i = 0; i < timecnt; i++)
        if (indexes[i] >= typecnt)
            return LW_TZ_BAD_FILE;
    lw_tz *tz = sqlite3_malloc64(sizeof *tz);
    if (!tz)
        return LW_TZ_NOMEM;
    memset(tz, 0, sizeof *tz);
    tz->name = sqlite3_mprintf("%s", name);
    if (!tz->name)
        goto nomem;
    if (typecnt == 1 || timecnt == 0) {
        tz->kind = TZ_STATIC;
        tz->offset = tt[0].offset;
        *out = tz;
        return LW_TZ_OK;
    }
    int first_std = 0;
    while (first_std < typecnt && tt[first_std].isdst)
        first_std++;
    if (first_std == typecnt) {
        lw_tz_free(tz);
        return LW_TZ_BAD_FILE;
    }
    int replace_first = same_type(&tt[first_std], &tt[indexes[0]]);
    tz->kind = TZ_DST;
    tz->n = timecnt + !replace_first;
    tz->ticks = sqlite3_malloc64((size_t)tz->n * sizeof *tz->ticks);
    tz->offsets = sqlite3_malloc64((size_t)tz->n * sizeof *tz->offsets);
    if (!tz->ticks || !tz->offsets)
        goto nomem;
    int k = 0;
    if (!replace_first) {
        tz->ticks[k] = 0; /* datetime.min */
        tz->offsets[k++] = round_to_minute(tt[first_std].offset);
    }
    for (int i = 0; i < timecnt; i++, k++) {
        /* Seconds since 1970 as a naive UTC datetime, in ticks. */
        tz->ticks[k] = ((int64_t)be32(times + (size_t)i * 4) + INT64_C(62135596800)) * 1000000;
        tz->offsets[k] = round_to_minute(tt[indexes[i]].offset);
    }
    if (replace_first)
        tz->ticks[0] = 0;
    tz->offset = tz->offsets[0];
    *out = tz;
    return LW_TZ_OK;
nomem:
    lw_tz_free(tz);
    return LW_TZ_NOMEM;
}

/* ---- names ------------------------------------------------------------------------ */

/* Finds, in folder dir, the entry named like component (len bytes) ignoring ASCII
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

/* Reads the zone file at path into a new buffer (*data, *n). */
static lw_tz_rc read_file(const char *path, unsigned char **data, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return LW_TZ_UNKNOWN;
    unsigned char *buf = sqlite3_malloc64(LW_TZ_MAX_FILE);
    if (!buf) {
        fclose(f);
        return LW_TZ_NOMEM;
    }
    size_t got = fread(buf, 1, LW_TZ_MAX_FILE, f);
    fclose(f);
    *data = buf;
    *n = got;
    return LW_TZ_OK;
}

/*
 * pytz.timezone's name rules (the file header): writes the zone's canonical name,
 * relative to dir, into canonical (size bytes) and its path into path. Returns
 * LW_TZ_OK when the name is a zone, LW_TZ_UNKNOWN when it is not.
 */
static lw_tz_rc resolve(const char *dir, const char *name, size_t n, char *canonical, char *path,
                        size_t size)
{
    char key[512];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)name[i] >= 0x80)
            return LW_TZ_UNKNOWN;
        if (n - i >= 6 && memcmp(name + i, "_plus_", 6) == 0) {
            key[k++] = '+';
            i += 5;
        } else if (n - i >= 7 && memcmp(name + i, "_minus_", 7) == 0) {
            key[k++] = '-';
            i += 6;
        } else {
            key[k++] = name[i];
        }
        if (k >= sizeof key - 1)
            return LW_TZ_UNKNOWN;
    }
    key[k] = 0;
    if (k == 0 || strlen(key) != k || strlen(dir) + k + 2 > size)
        return LW_TZ_UNKNOWN;
    strcpy(path, dir);
    size_t dir_len = strlen(dir);
    const char *component = key;
    int first = 1;
    for (;;) {
        const char *slash = strchr(component, '/');
        size_t len = slash ? (size_t)(slash - component) : strlen(component);
        if (len == 0 || (len == 1 && component[0] == '.') ||
            (len == 2 && component[0] == '.' && component[1] == '.'))
            return LW_TZ_UNKNOWN;
        if (!append_component(path, size, component, len))
            return LW_TZ_UNKNOWN;
        const char *spelled = path + strlen(path) - len;
        if (first && slash && (strcmp(spelled, "right") == 0 || strcmp(spelled, "posix") == 0))
            return LW_TZ_UNKNOWN;
        first = 0;
        struct stat st;
        if (slash) {
            /* os.walk does not enter a linked folder. */
            if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
                return LW_TZ_UNKNOWN;
            component = slash + 1;
            continue;
        }
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            return LW_TZ_UNKNOWN;
        break;
    }
    strcpy(canonical, path + dir_len + 1);
    if (strcmp(canonical, "posixrules") == 0 || strcmp(canonical, "Factory") == 0 ||
        strcmp(canonical, "localtime") == 0)
        return LW_TZ_UNKNOWN;
    return LW_TZ_OK;
}

/* ---- the per-connection cache ---------------------------------------------------- */

struct lw_tz_cache {
    char *dir;
    lw_tz **zones; /* by canonical name, never dropped: pointers stay valid */
    int n, cap;
};

lw_tz_cache *lw_tz_cache_new(const char *dir)
{
    lw_tz_cache *cache = sqlite3_malloc64(sizeof *cache);
    if (!cache)
        return NULL;
    memset(cache, 0, sizeof *cache);
    cache->dir = sqlite3_mprintf("%s", dir);
    if (!cache->dir) {
        sqlite3_free(cache);
        return NULL;
    }
    return cache;
}

void lw_tz_cache_free(lw_tz_cache *cache)
{
    if (!cache)
        return;
    for (int i = 0; i < cache->n; i++)
        lw_tz_free(cache->zones[i]);
    sqlite3_free(cache->zones);
    sqlite3_free(cache->dir);
    sqlite3_free(cache);
}

lw_tz_rc lw_tz_cache_get(lw_tz_cache *cache, const char *name, size_t n, const lw_tz **out)
{
    *out = NULL;
    if (n == 3 && strncasecmp(name, "UTC", 3) == 0) {
        *out = &utc_zone;
        return LW_TZ_OK;
    }
    char canonical[1024], path[1024];
    lw_tz_rc rc = resolve(cache->dir, name, n, canonical, path, sizeof path);
    if (rc != LW_TZ_OK)
        return rc;
    for (int i = 0; i < cache->n; i++)
        if (strcmp(cache->zones[i]->name, canonical) == 0) {
            *out = cache->zones[i];
            return LW_TZ_OK;
        }
    if (cache->n == cache->cap) {
        int cap = cache->cap ? cache->cap * 2 : 8;
        lw_tz **zones = sqlite3_realloc64(cache->zones, (size_t)cap * sizeof *zones);
        if (!zones)
            return LW_TZ_NOMEM;
        cache->zones = zones;
        cache->cap = cap;
    }
    unsigned char *data = NULL;
    size_t size = 0;
    rc = read_file(path, &data, &size);
    if (rc != LW_TZ_OK)
        return rc;
    lw_tz *tz = NULL;
    /* zoneinfo lists only files that start with "TZif"; anything else is no zone. */
    if (size < 4 || memcmp(data, "TZif", 4) != 0)
        rc = LW_TZ_UNKNOWN;
    else
        rc = lw_tz_from_tzif(canonical, data, size, &tz);
    sqlite3_free(data);
    if (rc != LW_TZ_OK)
        return rc;
    cache->zones[cache->n++] = tz;
    *out = tz;
    return LW_TZ_OK;
}
