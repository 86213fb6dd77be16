/*
 * Time zones for the dialects (ext/datetime): a zone answers, for any instant, its
 * UTC offset, daylight-saving flag and abbreviation, and turns local wall-clock time
 * into an instant by a stated rule for the times a transition skips or repeats.
 *
 * A zone is one of:
 *   tz database   a zone file of the system's IANA tz database (/usr/share/zoneinfo,
 *                 Debian's tzdata package): its 64-bit transitions, and past the last
 *                 one the POSIX TZ string of the file's footer (so 2100 has DST)
 *   POSIX         a POSIX TZ string ("EST5EDT,M3.2.0,M11.1.0", "<-03>+03", "UTC+3",
 *                 and PostgreSQL's nameless "+05:30"): offsets west of Greenwich are
 *                 positive, as POSIX writes them
 *   fixed         one offset
 * Offsets in this API are seconds EAST of UTC (ISO 8601's sign), whatever the input.
 * Instants are seconds since 1970-01-01 00:00 UTC (int64, any year the callers use);
 * local times are the same count read on the zone's wall clock.
 *
 * The zone database (lw_zone_db) resolves names as PostgreSQL does when built with
 * the system's tzdata: a file under the folder whose path matches the name ignoring
 * ASCII case, spelled as the file system spells it (SET TIME ZONE 'europe/berlin'
 * shows Europe/Berlin); with LW_ZONE_DB_POSIX a name that is no file is read as a POSIX
 * TZ string and keeps its spelling. ext/django resolves pytz's way through the same
 * resolver (lw_tzdb_resolve with LW_TZDB_PYTZ). The MySQL dialect can use it as it is:
 * MariaDB's named zones come from the same files.
 *
 * Memory: zones are immutable after construction; a zone from lw_zone_db_get belongs
 * to the database object and lives until it is freed. Nothing here reads the TZ
 * environment variable or calls localtime().
 */
#ifndef LW_DATETIME_ZONE_H
#define LW_DATETIME_ZONE_H

#include <stddef.h>
#include <stdint.h>

#include "datetime/tzif.h"

/* Where the tz database is (Debian's tzdata; PostgreSQL and pytz read the same). */
#ifndef LW_ZONEINFO_DIR
#define LW_ZONEINFO_DIR "/usr/share/zoneinfo"
#endif
/* The largest zone file read (the system's are under 4 KiB). */
#define LW_ZONE_MAX_FILE (1 << 20)
/* Offsets a POSIX string may give (RFC 8536 allows 167 hours in rules). */
#define LW_ZONE_MAX_OFFSET (25 * 3600)

typedef struct lw_zone lw_zone;

/* What a zone says about one instant. abbr lives as long as the zone ("" when the
 * zone has none, as for PostgreSQL's "+05:30"). */
typedef struct lw_zone_local {
    int32_t utoff; /* seconds east of UTC */
    int isdst;
    const char *abbr;
} lw_zone_local;

/* The zone's name: its file's spelling, or the POSIX string or name it was given. */
const char *lw_zone_name(const lw_zone *z);
/* True when the zone has one offset forever (*utoff gets it). */
int lw_zone_fixed_offset(const lw_zone *z, int32_t *utoff);
/* The local time type at UTC instant t. */
void lw_zone_at(const lw_zone *z, int64_t t, lw_zone_local *out);
/* The first transition strictly after instant t: returns 1 with *at, and the types in
 * force just before it and from it; 0 when the zone never changes again. */
int lw_zone_next_transition(const lw_zone *z, int64_t t, int64_t *at, lw_zone_local *before,
                            lw_zone_local *after);

/* How a local time a transition skips (spring forward) or repeats (fall back) becomes
 * an instant. */
typedef enum lw_zone_resolve {
    /* PostgreSQL: a skipped time is read with the offset before the transition (02:30
     * in Berlin's spring gap is 03:30 CEST); a repeated one with the offset after it,
     * the later instant (standard time in autumn). */
    LW_ZONE_POSTGRESQL = 0,
    /* A repeated time is the earlier instant (summer time in autumn, as MariaDB reads
     * it); a skipped time as LW_ZONE_POSTGRESQL. */
    LW_ZONE_EARLIER,
} lw_zone_resolve;

/* The instant of local time `local` in zone z: returns it, with the type used in *out
 * (may be NULL). */
int64_t lw_zone_local_to_utc(const lw_zone *z, int64_t local, lw_zone_resolve rule,
                             lw_zone_local *out);

/* ---- Building zones ------------------------------------------------------------------ */

typedef enum lw_zone_rc {
    LW_ZONE_OK = 0,
    LW_ZONE_UNKNOWN, /* no such zone (or an invalid POSIX string) */
    LW_ZONE_BAD_FILE,
    LW_ZONE_NOMEM,
} lw_zone_rc;

/* A zone named `name` (copied) from a parsed TZif file: its 64-bit block and footer
 * when it has them, else its 32-bit block. */
lw_zone_rc lw_zone_from_tzif(const char *name, const lw_tzif *tzif, lw_zone **out);
/* A zone from a POSIX TZ string spec[0..n); name NULL names it after the string.
 * PostgreSQL's extensions are accepted: an empty standard name before a sign or
 * digit ("+05:30"), and a zone with a DST name but no rule uses the US rule
 * ",M3.2.0,M11.1.0" (POSIX's default in the tz code). LW_ZONE_UNKNOWN when it is no
 * POSIX string. */
lw_zone_rc lw_zone_posix(const char *name, const char *spec, size_t n, lw_zone **out);
/* A zone of one offset (seconds east) and abbreviation. */
lw_zone_rc lw_zone_fixed(const char *name, int32_t utoff, const char *abbr, lw_zone **out);
void lw_zone_free(lw_zone *z);

/* ---- Names: the zone database ------------------------------------------------------------ */

#define LW_TZDB_PYTZ                                                                               \
    0x01 /* pytz's list: not in right/ or posix/, not through a linked                             \
            folder, not posixrules, Factory or localtime */

/*
 * Resolves name[0..n) to a zone file under dir: each path component matched ignoring
 * ASCII case (the exact spelling first), "." and ".." refused. On success writes the
 * name as the files spell it into canonical and the file's path into path (both `size`
 * bytes) and returns LW_ZONE_OK; LW_ZONE_UNKNOWN when there is no such regular file.
 */
lw_zone_rc lw_tzdb_resolve(const char *dir, const char *name, size_t n, unsigned flags,
                           char *canonical, char *path, size_t size);
/* Reads the file at path (at most LW_ZONE_MAX_FILE bytes) into a new buffer *data
 * (sqlite3_free) of *n bytes. LW_ZONE_UNKNOWN when it cannot be opened. */
lw_zone_rc lw_tzdb_read(const char *path, unsigned char **data, size_t *n);

typedef struct lw_zone_db lw_zone_db;

#define LW_ZONE_DB_POSIX 0x01 /* a name that is no file may be a POSIX TZ string */

/* A database reading zone files under dir (copied). NULL when out of memory. */
lw_zone_db *lw_zone_db_new(const char *dir);
void lw_zone_db_free(lw_zone_db *db);
/* The zone named name[0..n): loaded on first use, then answered from memory; the
 * same object for every spelling of a file's name. */
lw_zone_rc lw_zone_db_get(lw_zone_db *db, const char *name, size_t n, unsigned flags,
                          const lw_zone **out);

#endif
