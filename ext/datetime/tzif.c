/*
 * The TZif reader (tzif.h). A file is a 44-byte header, a data block of 32-bit
 * transition times, and for version 2+ a second header, a data block of 64-bit times
 * and a footer "\n<POSIX TZ string>\n". A header holds, from byte 20, six big-endian
 * counts: isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt. A block is, in this
 * order: timecnt times, timecnt type indexes (one byte each), typecnt types (4-byte
 * offset, DST byte, abbreviation index byte), charcnt abbreviation bytes, leapcnt
 * leap records (time + correction), isstdcnt and isutcnt indicator bytes.
 */
#include "datetime/tzif.h"

#include <string.h>

#include "common/lw_sqlite.h"

static uint32_t be32(const unsigned char *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)(((uint64_t)be32(p) << 32) | be32(p + 4));
}

static void block_clear(lw_tzif_block *b)
{
    sqlite3_free(b->times);
    sqlite3_free(b->indexes);
    sqlite3_free(b->types);
    sqlite3_free(b->chars);
    memset(b, 0, sizeof *b);
}

void lw_tzif_clear(lw_tzif *tzif)
{
    block_clear(&tzif->v1);
    block_clear(&tzif->v2);
    sqlite3_free(tzif->footer);
    memset(tzif, 0, sizeof *tzif);
}

/* The counts of the header at data[0..44) and the size of the block that follows it
 * (time_size bytes per transition time). Returns 0, or -1 when the counts are
 * negative, past the limits, or the block does not fit in the n bytes after the
 * header. */
static int read_header(const unsigned char *data, size_t n, size_t time_size, int32_t counts[6],
                       size_t *block)
{
    if (n < 44 || memcmp(data, "TZif", 4) != 0)
        return -1;
    for (int i = 0; i < 6; i++)
        counts[i] = (int32_t)be32(data + 20 + 4 * i);
    int32_t isut = counts[0], isstd = counts[1], leap = counts[2], timecnt = counts[3],
            typecnt = counts[4], charcnt = counts[5];
    if (isut < 0 || isstd < 0 || leap < 0 || timecnt < 0 || typecnt <= 0 || charcnt < 0 ||
        timecnt > LW_TZIF_MAX_TIMES || typecnt > LW_TZIF_MAX_TYPES || charcnt > LW_TZIF_MAX_CHARS ||
        leap > LW_TZIF_MAX_TIMES || isut > LW_TZIF_MAX_TYPES || isstd > LW_TZIF_MAX_TYPES)
        return -1;
    /* The data the first block's readers need (times, indexes, types, characters);
     * the rest (leap records, indicators) only to find what follows. */
    size_t needed = (size_t)timecnt * (time_size + 1) + (size_t)typecnt * 6 + (size_t)charcnt;
    *block = needed + (size_t)leap * (time_size + 4) + (size_t)isstd + (size_t)isut;
    return n - 44 < needed ? -1 : 0;
}

/* Reads the block after a header into b. Returns LW_TZIF_OK, LW_TZIF_BAD for a type
 * index past the types, or LW_TZIF_NOMEM. */
static lw_tzif_rc read_block(const unsigned char *p, const int32_t counts[6], size_t time_size,
                             lw_tzif_block *b)
{
    memset(b, 0, sizeof *b);
    b->timecnt = counts[3];
    b->typecnt = counts[4];
    b->charcnt = counts[5];
    b->times = sqlite3_malloc64((size_t)b->timecnt * sizeof *b->times + 1);
    b->indexes = sqlite3_malloc64((size_t)b->timecnt + 1);
    b->types = sqlite3_malloc64((size_t)b->typecnt * sizeof *b->types);
    b->chars = sqlite3_malloc64((size_t)b->charcnt + 1);
    if (!b->times || !b->indexes || !b->types || !b->chars) {
        block_clear(b);
        return LW_TZIF_NOMEM;
    }
    for (int32_t i = 0; i < b->timecnt; i++, p += time_size)
        b->times[i] = time_size == 8 ? be64(p) : (int64_t)(int32_t)be32(p);
    for (int32_t i = 0; i < b->timecnt; i++) {
        b->indexes[i] = *p++;
        if (b->indexes[i] >= b->typecnt) {
            block_clear(b);
            return LW_TZIF_BAD;
        }
    }
    for (int32_t i = 0; i < b->typecnt; i++, p += 6) {
        b->types[i].utoff = (int32_t)be32(p);
        b->types[i].isdst = p[4] != 0;
        b->types[i].abbr = p[5];
    }
    memcpy(b->chars, p, (size_t)b->charcnt);
    b->chars[b->charcnt] = 0;
    return LW_TZIF_OK;
}

lw_tzif_rc lw_tzif_parse(const unsigned char *data, size_t n, lw_tzif *out)
{
    memset(out, 0, sizeof *out);
    int32_t counts[6];
    size_t block;
    if (read_header(data, n, 4, counts, &block))
        return LW_TZIF_BAD;
    out->version = (char)data[4];
    lw_tzif_rc rc = read_block(data + 44, counts, 4, &out->v1);
    if (rc != LW_TZIF_OK)
        return rc;
    if (out->version < '2' || 44 + block > n)
        return LW_TZIF_OK;
    /* Version 2+: the 64-bit block and the footer, best effort. */
    const unsigned char *second = data + 44 + block;
    size_t left = n - 44 - block;
    int32_t counts2[6];
    size_t block2;
    if (read_header(second, left, 8, counts2, &block2) || 44 + block2 > left)
        return LW_TZIF_OK;
    rc = read_block(second + 44, counts2, 8, &out->v2);
    if (rc == LW_TZIF_NOMEM) {
        lw_tzif_clear(out);
        return rc;
    }
    if (rc != LW_TZIF_OK)
        return LW_TZIF_OK;
    out->has_v2 = 1;
    const unsigned char *foot = second + 44 + block2;
    size_t foot_n = left - 44 - block2;
    if (foot_n >= 2 && foot[0] == '\n') {
        size_t end = 1;
        while (end < foot_n && foot[end] != '\n')
            end++;
        if (end < foot_n) {
            out->footer = sqlite3_mprintf("%.*s", (int)(end - 1), (const char *)foot + 1);
            if (!out->footer) {
                lw_tzif_clear(out);
                return LW_TZIF_NOMEM;
            }
        }
    }
    return LW_TZIF_OK;
}
