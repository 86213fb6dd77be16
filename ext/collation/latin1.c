/*
 * MariaDB's latin1 collations over UTF-8 text (latin1.h): each character is mapped
 * to its cp1252 byte, each byte to its weights from the server's tables, and the
 * weight sequences are compared, padded with the space's weight under PAD SPACE as
 * MariaDB's my_strnncollsp_simple does.
 */
#include "collation/latin1.h"

#include <unicode/utf8.h>

#include "collation/streams.h"
#include "common/lw_sqlite.h"

#include "../../icu_collations/mariadb_latin1.inc"

/* Weights given to invalid UTF-8 bytes: above every byte's (0 .. 255). */
#define INVALID_WEIGHT 0x100u

const lw_latin1_table *lw_latin1_find(const char *name)
{
    for (size_t i = 0; i < sizeof lw_latin1_tables / sizeof lw_latin1_tables[0]; i++)
        if (!sqlite3_stricmp(lw_latin1_tables[i].name, name))
            return &lw_latin1_tables[i];
    return NULL;
}

const char *lw_latin1_version(void)
{
    return LW_LATIN1_VERSION;
}

int lw_latin1_byte(uint32_t cp)
{
    /* Bytes 0x80 .. 0x9F are cp1252's letters and signs; every other byte is the code
     * point of the same number. */
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
        return (int)cp;
    for (int b = 0x80; b < 0xA0; b++)
        if (lw_latin1_code_points[b] == cp)
            return b;
    return -1;
}

/* The weights of one string, one at a time. */
typedef struct latin1_scan {
    const lw_latin1_table *t;
    const uint8_t *s;
    int32_t i, n;
    uint32_t pending; /* a second weight still to give, or 0 */
} latin1_scan;

static int next_weight(latin1_scan *sc, uint32_t *out)
{
    if (sc->pending) {
        *out = sc->pending;
        sc->pending = 0;
        return 1;
    }
    if (sc->i >= sc->n)
        return 0;
    int32_t start = sc->i;
    UChar32 cp;
    U8_NEXT(sc->s, sc->i, sc->n, cp);
    if (cp < 0) {
        *out = INVALID_WEIGHT + sc->s[start];
        sc->i = start + 1;
        return 1;
    }
    int byte = lw_latin1_byte((uint32_t)cp);
    const uint8_t *w = sc->t->weights[byte < 0 ? '?' : byte];
    *out = w[0];
    sc->pending = w[1];
    return 1;
}

static int scan_next(const void *t, void *sc, uint32_t *out)
{
    (void)t;
    return next_weight(sc, out);
}

int lw_latin1_compare(const lw_latin1_table *t, const uint8_t *a, int32_t na, const uint8_t *b,
                      int32_t nb)
{
    latin1_scan sa = {t, a, 0, na, 0}, sb = {t, b, 0, nb, 0};
    return lw_compare_weight_streams(scan_next, t, &sa, &sb, t->weights[' '][0], t->pad_space);
}
