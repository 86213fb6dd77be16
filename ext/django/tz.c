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
#include "datetime/tzif.h"
#include "datetime/zone.h"

#include <string.h>
#include <strings.h>

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
    const char *abbr;
    size_t abbr_n;
} ttinfo;

static int same_type(const ttinfo *a, const ttinfo *b)
{
    return a->offset == b->offset && a->isdst == b->isdst && a->abbr_n == b->abbr_n &&
           memcmp(a->abbr, b->abbr, a->abbr_n) == 0;
}

/* pytz's build_tzinfo over the first (32-bit) block of a file the shared reader
 * (datetime/tzif.h) parsed. */
static lw_tz_rc build(const char *name, const lw_tzif_block *b, lw_tz **out)
{
    ttinfo tt[LW_TZIF_MAX_TYPES];
    for (int i = 0; i < b->typecnt; i++) {
        tt[i].offset = b->types[i].utoff;
        tt[i].isdst = b->types[i].isdst;
        /* The abbreviation runs from its index to the next NUL or the end; pytz decodes
         * it as ASCII and fails on anything else. */
        size_t at = b->types[i].abbr < (unsigned)b->charcnt ? b->types[i].abbr : (size_t)b->charcnt,
               end = at;
        while (end < (size_t)b->charcnt && b->chars[end])
            end++;
        for (size_t k = at; k < end; k++)
            if ((unsigned char)b->chars[k] >= 0x80)
                return LW_TZ_BAD_FILE;
        tt[i].abbr = b->chars + at;
        tt[i].abbr_n = end - at;
    }
    lw_tz *tz = sqlite3_malloc64(sizeof *tz);
    if (!tz)
        return LW_TZ_NOMEM;
    memset(tz, 0, sizeof *tz);
    tz->name = sqlite3_mprintf("%s", name);
    if (!tz->name)
        goto nomem;
    if (b->typecnt == 1 || b->timecnt == 0) {
        tz->kind = TZ_STATIC;
        tz->offset = tt[0].offset;
        *out = tz;
        return LW_TZ_OK;
    }
    int first_std = 0;
    while (first_std < b->typecnt && tt[first_std].isdst)
        first_std++;
    if (first_std == b->typecnt) {
        lw_tz_free(tz);
        return LW_TZ_BAD_FILE;
    }
    int replace_first = same_type(&tt[first_std], &tt[b->indexes[0]]);
    tz->kind = TZ_DST;
    tz->n = b->timecnt + !replace_first;
    tz->ticks = sqlite3_malloc64((size_t)tz->n * sizeof *tz->ticks);
    tz->offsets = sqlite3_malloc64((size_t)tz->n * sizeof *tz->offsets);
    if (!tz->ticks || !tz->offsets)
        goto nomem;
    int k = 0;
    if (!replace_first) {
        tz->ticks[k] = 0; /* datetime.min */
        tz->offsets[k++] = round_to_minute(tt[first_std].offset);
    }
    for (int i = 0; i < b->timecnt; i++, k++) {
        /* Seconds since 1970 as a naive UTC datetime, in ticks. */
        tz->ticks[k] = (b->times[i] + INT64_C(62135596800)) * 1000000;
        tz->offsets[k] = round_to_minute(tt[b->indexes[i]].offset);
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

lw_tz_rc lw_tz_from_tzif(const char *name, const unsigned char *data, size_t n, lw_tz **out)
{
    *out = NULL;
    lw_tzif tzif;
    lw_tzif_rc rc = lw_tzif_parse(data, n, &tzif);
    if (rc != LW_TZIF_OK)
        return rc == LW_TZIF_NOMEM ? LW_TZ_NOMEM : LW_TZ_BAD_FILE;
    lw_tz_rc built = build(name, &tzif.v1, out);
    lw_tzif_clear(&tzif);
    return built;
}

/* ---- names ------------------------------------------------------------------------ */

/*
 * pytz.timezone's name rules (the file header): '_plus_' and '_minus_' become '+' and
 * '-', then the shared resolver (datetime/zone.h) finds the file as pytz lists them
 * (LW_TZDB_PYTZ). Writes the zone's canonical name, relative to dir, into canonical
 * (size bytes) and its path into path. Returns LW_TZ_OK when the name is a zone,
 * LW_TZ_UNKNOWN when it is not.
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
    if (strlen(key) != k)
        return LW_TZ_UNKNOWN;
    return lw_tzdb_resolve(dir, key, k, LW_TZDB_PYTZ, canonical, path, size) == LW_ZONE_OK
               ? LW_TZ_OK
               : LW_TZ_UNKNOWN;
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
    lw_zone_rc read = lw_tzdb_read(path, &data, &size);
    rc = read == LW_ZONE_OK ? LW_TZ_OK : read == LW_ZONE_NOMEM ? LW_TZ_NOMEM : LW_TZ_UNKNOWN;
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
