/*
 * Time zones as pytz (the time-zone library of Django 3.2) builds them.
 *
 * Django's SQLite functions convert with pytz: pytz.timezone(name) resolves a name
 * case-insensitively among the zone files of /usr/share/zoneinfo (Debian's pytz
 * reads the system's tzdata, the files Python's zoneinfo lists), reads the first,
 * 32-bit part of the TZif file, rounds every UTC offset to whole minutes, and knows
 * nothing past the file's last transition (no rules beyond 2037). Results depend on
 * all of that, so this reads the same files the same way; ICU's time zones are not
 * used because they differ (ICU 72 carries tzdata 2022e and extends rules past 2037:
 * 10% of (zone, instant) pairs get another UTC offset, docs/django.md).
 *
 * A zone is one of:
 *   UTC      pytz.utc: any letter case of 'UTC'
 *   static   one UTC offset (a file with one local time type or no transitions):
 *            the offset in seconds as written, not rounded
 *   DST      transitions: the UTC instants where the offset changes, the first at
 *            datetime.min, each with its offset rounded to the minute
 * Two things a zone answers: the offset dt.replace(tzinfo=zone) gives (pytz's
 * default: UTC's 0, the static offset, or the first transition's offset, usually
 * local mean time), and zone.fromutc(): the offset at a UTC instant.
 */
#ifndef LW_DJANGO_TZ_H
#define LW_DJANGO_TZ_H

#include <stddef.h>
#include <stdint.h>

#include "datetime/zone.h"

/* Where the zone files are (Debian's pytz reads /usr/share/zoneinfo). The files are
 * read and names resolved by the shared time core (datetime/tzif.h, datetime/zone.h);
 * this file builds pytz's view of them. */
#ifndef LW_DJANGO_ZONEINFO
#define LW_DJANGO_ZONEINFO LW_ZONEINFO_DIR
#endif

typedef struct lw_tz lw_tz;

typedef enum lw_tz_rc {
    LW_TZ_OK = 0,
    LW_TZ_UNKNOWN,  /* pytz.UnknownTimeZoneError */
    LW_TZ_BAD_FILE, /* the file is not what pytz can read */
    LW_TZ_NOMEM,
} lw_tz_rc;

/* pytz.utc (static storage). */
const lw_tz *lw_tz_utc(void);

/* Builds zone name (NUL-terminated, copied) from a TZif file's bytes as pytz's
 * build_tzinfo does. *out is freed with lw_tz_free. */
lw_tz_rc lw_tz_from_tzif(const char *name, const unsigned char *data, size_t n, lw_tz **out);
void lw_tz_free(lw_tz *tz);

/* The zone's name: pytz's (the file's own spelling), "UTC" for pytz.utc. */
const char *lw_tz_name(const lw_tz *tz);

/* The UTC offset, in seconds, of a datetime given the zone with replace(tzinfo=). */
int32_t lw_tz_replace_offset(const lw_tz *tz);

/* The UTC offset, in seconds, that zone.fromutc() adds to UTC instant utc_ticks
 * (microseconds since 0001-01-01, dt.h). */
int32_t lw_tz_fromutc_offset(const lw_tz *tz, int64_t utc_ticks);

/*
 * The zones of one connection, loaded on first use and kept until it closes: a
 * pytz.timezone(name) that answers from memory after the first time. The same
 * zone object answers every spelling of a name (pytz caches by canonical name),
 * which matters because converting to the zone a datetime already has is no
 * conversion at all.
 */
typedef struct lw_tz_cache lw_tz_cache;

/* A cache reading zone files under dir (copied). NULL when out of memory. */
lw_tz_cache *lw_tz_cache_new(const char *dir);
void lw_tz_cache_free(lw_tz_cache *cache);

/* pytz.timezone(name) for name (n bytes, UTF-8): *out stays valid until the cache is
 * freed. LW_TZ_UNKNOWN for a name pytz does not know. */
lw_tz_rc lw_tz_cache_get(lw_tz_cache *cache, const char *name, size_t n, const lw_tz **out);

#endif
