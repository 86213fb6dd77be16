/*
 * TZif files (RFC 8536), the binary zone files of the IANA time zone database that
 * /usr/share/zoneinfo holds (Debian's tzdata): one reader for every user of zone
 * files in likewise. ext/django builds pytz's view from the first, 32-bit data block
 * (pytz reads only that); zone.h builds full zones from the 64-bit block of version 2+
 * files and the POSIX TZ string of their footer, which gives the rules past the last
 * transition.
 *
 * The reader checks every count and offset against the file's size, so any bytes
 * give a parse or LW_TZIF_BAD, never a read outside them. Leap-second records are
 * skipped (the zoneinfo files Debian installs have none; right/ has them).
 */
#ifndef LW_DATETIME_TZIF_H
#define LW_DATETIME_TZIF_H

#include <stddef.h>
#include <stdint.h>

/* Limits on what a file may declare (the largest real file has about 2,000
 * transitions, 20 types and 100 bytes of abbreviations). */
#define LW_TZIF_MAX_TIMES 100000
#define LW_TZIF_MAX_TYPES 256
#define LW_TZIF_MAX_CHARS 100000

/* One local time type: UTC offset (seconds east), DST flag, abbreviation index. */
typedef struct lw_tzif_type {
    int32_t utoff;
    int isdst;
    unsigned abbr; /* index into chars, as the file gives it (may be past charcnt) */
} lw_tzif_type;

/* One data block: transition instants (seconds since 1970, UTC) with the local time
 * type each starts, the types, and the abbreviation characters (followed by a NUL
 * the reader adds, so an abbreviation is always a terminated string). */
typedef struct lw_tzif_block {
    int64_t *times;
    unsigned char *indexes; /* each < typecnt */
    int32_t timecnt;
    lw_tzif_type *types;
    int32_t typecnt; /* >= 1 */
    char *chars;
    int32_t charcnt;
} lw_tzif_block;

typedef struct lw_tzif {
    char version;     /* 0, '2', '3' or '4' */
    lw_tzif_block v1; /* the 32-bit block every file has */
    int has_v2;       /* version 2+ with a well-formed 64-bit block */
    lw_tzif_block v2;
    char *footer; /* the POSIX TZ string of a version 2+ file ("" when empty), or NULL */
} lw_tzif;

typedef enum lw_tzif_rc {
    LW_TZIF_OK = 0,
    LW_TZIF_BAD,   /* not a TZif file, or its first block is malformed */
    LW_TZIF_NOMEM, /* out of memory */
} lw_tzif_rc;

/* Parses data[0..n). On LW_TZIF_OK *out owns its arrays (lw_tzif_clear frees them);
 * on failure *out is cleared. A malformed version 2+ part leaves has_v2 0. */
lw_tzif_rc lw_tzif_parse(const unsigned char *data, size_t n, lw_tzif *out);
void lw_tzif_clear(lw_tzif *tzif);

#endif
