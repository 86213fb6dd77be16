/*
 * MariaDB's own weight tables (general_ci, unicode_ci = UCA 4.0.0, unicode_520_ci =
 * UCA 5.2.0), generated from a real MariaDB 10.11 by icu_collations/generate-weights.
 *
 * Every code point has a list of 0 to LW_WEIGHTS_MAX 16-bit primary weights, the ones
 * WEIGHT_STRING() returns on the server; comparing two strings compares the
 * concatenation of their characters' weights. These tables have no contractions (the
 * generator checks), so a character's weights never depend on its neighbours.
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
    LW_WEIGHTS_COUNT
} lw_weight_table_id;

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

/* The single weight of an ASCII character, or 0 when it is ignorable. */
uint32_t lw_weights_ascii(const lw_weight_table *table, unsigned char c);

/* The version of the generated data ("mariadb-10.11.19/<digest>"), recorded with the
 * indexes built under these collations. */
const char *lw_weights_version(void);

#endif
