/*
 * MariaDB's own weight tables (general_ci, unicode_ci = UCA 4.0.0, unicode_520_ci =
 * UCA 5.2.0, and the three levels of the uca1400 collations = MariaDB's build of the
 * Unicode 14.0.0 DUCET), generated from a real MariaDB 10.11 by
 * icu_collations/generate-weights.
 *
 * Every code point has a list of 0 to LW_WEIGHTS_MAX 16-bit weights per table, the ones
 * WEIGHT_STRING() returns on the server; comparing two strings at one level compares
 * the concatenation of their characters' weights at that level. general, unicode and
 * unicode_520 are one level and have no contractions (the generator checks), so a
 * character's weights never depend on its neighbours. uca1400 has contractions: a
 * sequence of up to LW_CONTRACTION_MAX code points (L with a middle dot, a Thai
 * prevowel and its consonant) weighs as one unit, taken longest first, as MariaDB
 * takes them; the lw_contraction_set below lists them with their weights per level.
 */
#ifndef LW_COLLATION_WEIGHTS_H
#define LW_COLLATION_WEIGHTS_H

#include <stdint.h>

/* The longest weight list of any code point in any table. */
#define LW_WEIGHTS_MAX 8

typedef enum lw_weight_table_id {
    LW_WEIGHTS_GENERAL,
    LW_WEIGHTS_UNICODE,
    LW_WEIGHTS_UNICODE_520,
    LW_WEIGHTS_UCA1400_PRIMARY,
    LW_WEIGHTS_UCA1400_SECONDARY,
    LW_WEIGHTS_UCA1400_TERTIARY,
    LW_WEIGHTS_COUNT
} lw_weight_table_id;

/* The longest contraction (in code points) any set may have. */
#define LW_CONTRACTION_MAX 4

/* One run of the generated data: code points first.. (up to the next run's first)
 * weigh pool[offset .. offset+n_weights), the last weight plus step * (cp - first). */
typedef struct lw_weight_run {
    uint32_t first;
    uint32_t offset;
    uint8_t n_weights;
    uint8_t step;
} lw_weight_run;

/* A table expanded for lookup (see weights.c): a page index of 0x1100 entries, one
 * per 256 code points, naming either the one run the whole page lies in
 * (LW_WEIGHT_UNIFORM | run) or a row of mixed[] with a run number per code point.
 * Defined here so that the lookup below can be inlined into comparison loops. */
#define LW_WEIGHT_PAGES (0x110000 >> 8)
#define LW_WEIGHT_UNIFORM 0x80000000u

typedef struct lw_weight_table {
    const char *name;
    const char *version; /* of the generated data it belongs to */
    const lw_weight_run *runs;
    uint32_t n_runs;
    const uint16_t *pool;
    uint16_t (*mixed)[256];
    uint32_t n_mixed;
    uint32_t page[LW_WEIGHT_PAGES];
    uint32_t ascii[128];
} lw_weight_table;

/* The table with that id, expanded into its page index on first use (thread-safe).
 * Static storage; never NULL for a valid id. */
const lw_weight_table *lw_weight_table_get(lw_weight_table_id id);

/* Looks up the table id by its name in the dialect table ("general", "unicode",
 * "unicode_520"); returns -1 when unknown. */
int lw_weight_table_by_name(const char *name);

/* Writes the weights of code point cp (0..0x10FFFF, not a surrogate) to out and
 * returns how many (0 for an ignorable character). */
static inline int lw_weights_of(const lw_weight_table *t, uint32_t cp, uint32_t out[LW_WEIGHTS_MAX])
{
    uint32_t entry = t->page[cp >> 8];
    uint32_t r = entry & LW_WEIGHT_UNIFORM ? entry & ~LW_WEIGHT_UNIFORM : t->mixed[entry][cp & 255];
    const lw_weight_run *run = &t->runs[r];
    int n = run->n_weights;
    for (int i = 0; i < n; i++)
        out[i] = t->pool[run->offset + (uint32_t)i];
    if (n)
        out[n - 1] += run->step * (cp - run->first);
    return n;
}

/* The single weight of an ASCII character, or 0 when it is ignorable or has more than
 * one weight. */
uint32_t lw_weights_ascii(const lw_weight_table *table, unsigned char c);

/* The version of a table's generated data ("mariadb-10.11.19/<digest>"), recorded with
 * the indexes built under its collations. The uca1400 levels share one version and the
 * other tables another, so regenerating one set does not invalidate the other's
 * indexes. Static storage. */
const char *lw_weights_version(const lw_weight_table *table);

/* One contraction: n_cps code points (the rest of cp is 0) and, per level (primary,
 * secondary, tertiary), n_weights weights at offset in the set's pool. */
typedef struct lw_contraction {
    uint32_t cp[LW_CONTRACTION_MAX];
    uint8_t n_cps;
    uint16_t offset[3];
    uint8_t n_weights[3];
} lw_contraction;

/* The contractions of a table set, sorted by first code point, longer ones first, with
 * bitmaps for the comparison loops: heads (code points that start a contraction) and
 * non-final code points (that start or continue one without ending it). */
typedef struct lw_contraction_set {
    const lw_contraction *items;
    uint32_t n_items;
    const uint16_t *pool;
    uint8_t head[0x110000 / 8];
    uint8_t non_final[0x110000 / 8];
} lw_contraction_set;

/* The uca1400 contractions, their bitmaps built on first use (thread-safe). Static
 * storage. */
const lw_contraction_set *lw_contraction_set_uca1400(void);

static inline int lw_contraction_is_head(const lw_contraction_set *set, uint32_t cp)
{
    return cp < 0x110000 && (set->head[cp >> 3] >> (cp & 7) & 1);
}

static inline int lw_contraction_is_non_final(const lw_contraction_set *set, uint32_t cp)
{
    return cp < 0x110000 && (set->non_final[cp >> 3] >> (cp & 7) & 1);
}

/* The longest contraction of set that starts with head and goes on with the n code
 * points of next (n may be 0), or NULL. */
const lw_contraction *lw_contraction_find(const lw_contraction_set *set, uint32_t head,
                                          const uint32_t *next, int n);

#endif
