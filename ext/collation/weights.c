/*
 * Weight tables: the generated runs (icu_collations/mariadb_weights.inc and
 * mariadb_uca1400.inc) expanded into a two-level index on first use, and the uca1400
 * contractions with their bitmaps.
 *
 * Design: the runs are compact (a few thousand per table) but a binary search per
 * character is too slow for ORDER BY, so each table gets a page index of 0x1100
 * entries, one per 256 code points. A page that lies inside one run is "uniform" and
 * its entry names the run directly; the few pages where runs start (LW_MIXED_PAGES_*,
 * counted by the generator) get a 256-entry array of run numbers in static storage.
 * A lookup is then two array reads and one addition. The index is built once per
 * process under pthread_once and never changes afterwards, so readers need no lock.
 */
#include "collation/weights.h"

#include <pthread.h>
#include <string.h>

#include "../../icu_collations/mariadb_uca1400.inc"
#include "../../icu_collations/mariadb_weights.inc"

#if LW_LONGEST_general > LW_WEIGHTS_MAX || LW_LONGEST_unicode > LW_WEIGHTS_MAX ||                  \
    LW_LONGEST_unicode_520 > LW_WEIGHTS_MAX || LW_LONGEST_uca1400_primary > LW_WEIGHTS_MAX ||      \
    LW_LONGEST_uca1400_secondary > LW_WEIGHTS_MAX ||                                               \
    LW_LONGEST_uca1400_tertiary > LW_WEIGHTS_MAX ||                                                \
    LW_CONTRACTION_LONGEST_uca1400 > LW_WEIGHTS_MAX
#error "a generated table has longer weight lists than LW_WEIGHTS_MAX"
#endif
#if LW_CONTRACTION_MAX_uca1400 > LW_CONTRACTION_MAX
#error "a generated contraction is longer than LW_CONTRACTION_MAX"
#endif

static uint16_t mixed_general[LW_MIXED_PAGES_general][256];
static uint16_t mixed_unicode[LW_MIXED_PAGES_unicode][256];
static uint16_t mixed_unicode_520[LW_MIXED_PAGES_unicode_520][256];
static uint16_t mixed_uca1400_primary[LW_MIXED_PAGES_uca1400_primary][256];
static uint16_t mixed_uca1400_secondary[LW_MIXED_PAGES_uca1400_secondary][256];
static uint16_t mixed_uca1400_tertiary[LW_MIXED_PAGES_uca1400_tertiary][256];

#define COUNT(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

/* One table per generated data set; the names are the dialect table's arguments (the
 * uca1400 levels are named together, "uca1400"). */
#define TABLE(id, data_version)                                                                    \
    {                                                                                              \
        .name = #id, .version = data_version, .runs = lw_runs_##id, .n_runs = COUNT(lw_runs_##id), \
        .pool = lw_pool_##id, .mixed = mixed_##id, .n_mixed = LW_MIXED_PAGES_##id                  \
    }
static lw_weight_table tables[LW_WEIGHTS_COUNT] = {
    TABLE(general, LW_WEIGHTS_VERSION),
    TABLE(unicode, LW_WEIGHTS_VERSION),
    TABLE(unicode_520, LW_WEIGHTS_VERSION),
    TABLE(uca1400_primary, LW_WEIGHTS_VERSION_uca1400),
    TABLE(uca1400_secondary, LW_WEIGHTS_VERSION_uca1400),
    TABLE(uca1400_tertiary, LW_WEIGHTS_VERSION_uca1400),
};
#undef TABLE

static lw_contraction_set contractions_uca1400 = {
    .items = lw_contractions_uca1400,
    .n_items = COUNT(lw_contractions_uca1400),
    .pool = lw_contraction_pool_uca1400,
};

static pthread_once_t tables_once = PTHREAD_ONCE_INIT;
static pthread_once_t contractions_once = PTHREAD_ONCE_INIT;

static uint32_t run_last(const lw_weight_table *t, uint32_t r)
{
    return r + 1 < t->n_runs ? t->runs[r + 1].first - 1 : 0x10FFFF;
}

static void expand_table(lw_weight_table *t)
{
    uint32_t r = 0, used = 0;
    for (uint32_t page = 0; page < LW_WEIGHT_PAGES; page++) {
        uint32_t lo = page << 8, hi = lo + 255;
        while (run_last(t, r) < lo)
            r++;
        if (run_last(t, r) >= hi) {
            t->page[page] = LW_WEIGHT_UNIFORM | r;
            continue;
        }
        /* The generator counted these pages; the data and the count come from the
         * same run, so running out is impossible short of a hand-edited file. */
        uint16_t *entries = t->mixed[used];
        t->page[page] = used++;
        for (uint32_t cp = lo, rr = r; cp <= hi; cp++) {
            while (run_last(t, rr) < cp)
                rr++;
            entries[cp - lo] = (uint16_t)rr;
        }
    }
    for (uint32_t c = 0; c < 128; c++) {
        uint32_t w[LW_WEIGHTS_MAX];
        t->ascii[c] = lw_weights_of(t, c, w) == 1 ? w[0] : 0;
    }
}

static void expand_all(void)
{
    for (int i = 0; i < LW_WEIGHTS_COUNT; i++)
        expand_table(&tables[i]);
}

const lw_weight_table *lw_weight_table_get(lw_weight_table_id id)
{
    pthread_once(&tables_once, expand_all);
    return &tables[id];
}

int lw_weight_table_by_name(const char *name)
{
    for (int i = 0; i < LW_WEIGHTS_COUNT; i++)
        if (strcmp(tables[i].name, name) == 0)
            return i;
    return -1;
}

uint32_t lw_weights_ascii(const lw_weight_table *t, unsigned char c)
{
    return t->ascii[c & 127];
}

const char *lw_weights_version(const lw_weight_table *t)
{
    return t->version;
}

static void mark(uint8_t *bits, uint32_t cp)
{
    bits[cp >> 3] |= (uint8_t)(1u << (cp & 7));
}

static void build_contraction_bitmaps(void)
{
    lw_contraction_set *set = &contractions_uca1400;
    for (uint32_t i = 0; i < set->n_items; i++) {
        const lw_contraction *k = &set->items[i];
        mark(set->head, k->cp[0]);
        for (int j = 0; j + 1 < k->n_cps; j++)
            mark(set->non_final, k->cp[j]);
    }
}

const lw_contraction_set *lw_contraction_set_uca1400(void)
{
    pthread_once(&contractions_once, build_contraction_bitmaps);
    return &contractions_uca1400;
}

const lw_contraction *lw_contraction_find(const lw_contraction_set *set, uint32_t head,
                                          const uint32_t *next, int n)
{
    /* Binary search for the first contraction of head; its contractions follow, the
     * longer ones first, so the first that matches is the longest. */
    uint32_t lo = 0, hi = set->n_items;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (set->items[mid].cp[0] < head)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (uint32_t i = lo; i < set->n_items && set->items[i].cp[0] == head; i++) {
        const lw_contraction *k = &set->items[i];
        int len = k->n_cps - 1, j = 0;
        while (j < len && j < n && k->cp[j + 1] == next[j])
            j++;
        if (j == len)
            return k;
    }
    return NULL;
}
