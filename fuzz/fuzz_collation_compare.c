/*
 * libFuzzer target: collation comparisons against slow references.
 *
 * Input: one byte choosing the collation, then two strings separated by the first
 * 0x00 byte (either may hold any bytes, invalid UTF-8 included). Checks:
 *   - every collation: antisymmetry, and compare(a, a) == 0;
 *   - MariaDB weight tables: the result equals a reference that expands both strings
 *     into full weight arrays per level first (no ASCII fast path, no streaming, no
 *     skipped prefix; uca1400 contractions found by a linear search for the longest),
 *     compares level by level, and pads the shorter array with the space's weight (at
 *     every level for PAD SPACE, after the first for NO PAD, as MariaDB does);
 *   - ICU NO PAD collations on valid UTF-8: the sign equals ucol_strcollUTF8 (so the
 *     ASCII fast path never disagrees with ICU).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/utf8.h>

#include "collation/collation.h"
#include "collation/weights.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { P = 1, S = 2, T = 4 };

typedef struct choice {
    const char *name;
    int table;       /* one-level weight table id, or -1 */
    int uca1400;     /* the uca1400 levels compared (P, S, T), or 0 */
    int pad;         /* PAD SPACE (weights only) */
    const char *icu; /* ICU locale of an ICU collation without PAD and tie-break */
} choice;

static const choice choices[] = {
    {"utf8mb4_general_ci", LW_WEIGHTS_GENERAL, 0, 1, NULL},
    {"utf8mb4_general_nopad_ci", LW_WEIGHTS_GENERAL, 0, 0, NULL},
    {"utf8mb4_unicode_ci", LW_WEIGHTS_UNICODE, 0, 1, NULL},
    {"utf8mb4_unicode_nopad_ci", LW_WEIGHTS_UNICODE, 0, 0, NULL},
    {"utf8mb4_unicode_520_ci", LW_WEIGHTS_UNICODE_520, 0, 1, NULL},
    {"utf8mb4_unicode_520_nopad_ci", LW_WEIGHTS_UNICODE_520, 0, 0, NULL},
    {"und", -1, 0, 0, ""},
    {"und-u-ks-level1", -1, 0, 0, "und@colstrength=primary"},
    {"sv", -1, 0, 0, "sv"},
    {"utf8mb4_uca1400_ai_ci", -1, P, 1, NULL},
    {"utf8mb4_uca1400_ai_cs", -1, P | T, 1, NULL},
    {"utf8mb4_uca1400_as_ci", -1, P | S, 1, NULL},
    {"utf8mb4_uca1400_as_cs", -1, P | S | T, 1, NULL},
    {"utf8mb4_uca1400_nopad_ai_cs", -1, P | T, 0, NULL},
    {"utf8mb4_uca1400_nopad_as_cs", -1, P | S | T, 0, NULL},
    {"und-x-icu", -1, 0, 0, NULL},
    {"UNOCASE", -1, 0, 0, NULL},
    {"utf8mb4_bin", -1, 0, 0, NULL},
};
#define N_CHOICES (sizeof choices / sizeof choices[0])

static lw_collation *colls[N_CHOICES];
static UCollator *refs[N_CHOICES];

/* The uca1400 contraction at s[i..] (first code point c, already decoded, i after
 * it), by a linear search for the longest; sets *end. */
static const lw_contraction *find_contraction(const uint8_t *s, int32_t i, int32_t n, UChar32 c,
                                              int32_t *end)
{
    const lw_contraction_set *set = lw_contraction_set_uca1400();
    const lw_contraction *best = NULL;
    for (uint32_t k = 0; k < set->n_items; k++) {
        const lw_contraction *x = &set->items[k];
        if (x->cp[0] != (uint32_t)c || (best && best->n_cps >= x->n_cps))
            continue;
        int32_t j = i;
        int m = 1;
        for (; m < x->n_cps && j < n; m++) {
            UChar32 d;
            U8_NEXT(s, j, n, d);
            if (d < 0 || (uint32_t)d != x->cp[m])
                break;
        }
        if (m == x->n_cps) {
            best = x;
            *end = j;
        }
    }
    return best;
}

/* Full weight array of s at one level (invalid bytes: 0x10000 + byte); returns its
 * length. ducet_level >= 0 means the uca1400 table of that level, with contractions. */
static size_t weights_of_string(const lw_weight_table *t, int ducet_level, const uint8_t *s,
                                int32_t n, uint32_t *out)
{
    size_t len = 0;
    for (int32_t i = 0; i < n;) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0) {
            i = start + 1;
            out[len++] = 0x10000u + s[start];
            continue;
        }
        int32_t end = i;
        const lw_contraction *k = ducet_level >= 0 ? find_contraction(s, i, n, c, &end) : NULL;
        if (k) {
            const uint16_t *pool = lw_contraction_set_uca1400()->pool;
            for (int j = 0; j < k->n_weights[ducet_level]; j++)
                out[len++] = pool[k->offset[ducet_level] + j];
            i = end;
            continue;
        }
        uint32_t w[LW_WEIGHTS_MAX];
        int m = lw_weights_of(t, (uint32_t)c, w);
        for (int j = 0; j < m; j++)
            out[len++] = w[j];
    }
    return len;
}

static int reference_level(const lw_weight_table *t, int ducet_level, int pad, const uint8_t *a,
                           int32_t na, const uint8_t *b, int32_t nb)
{
    uint32_t *wa = malloc(((size_t)na + 1) * LW_WEIGHTS_MAX * sizeof *wa);
    uint32_t *wb = malloc(((size_t)nb + 1) * LW_WEIGHTS_MAX * sizeof *wb);
    if (!wa || !wb)
        abort();
    size_t la = weights_of_string(t, ducet_level, a, na, wa);
    size_t lb = weights_of_string(t, ducet_level, b, nb, wb);
    uint32_t space = lw_weights_ascii(t, ' ');
    int r = 0;
    size_t longest = la > lb ? la : lb;
    for (size_t i = 0; i < longest && !r; i++) {
        if (!pad && (i >= la || i >= lb)) {
            r = i >= la ? -1 : 1;
            break;
        }
        uint32_t x = i < la ? wa[i] : space, y = i < lb ? wb[i] : space;
        r = (x > y) - (x < y);
    }
    free(wa);
    free(wb);
    return r;
}

static int reference_weights(const choice *ch, const uint8_t *a, int32_t na, const uint8_t *b,
                             int32_t nb)
{
    if (ch->table >= 0)
        return reference_level(lw_weight_table_get((lw_weight_table_id)ch->table), -1, ch->pad, a,
                               na, b, nb);
    static const lw_weight_table_id levels[3] = {
        LW_WEIGHTS_UCA1400_PRIMARY, LW_WEIGHTS_UCA1400_SECONDARY, LW_WEIGHTS_UCA1400_TERTIARY};
    int first = 1;
    for (int level = 0; level < 3; level++) {
        if (!(ch->uca1400 & (1 << level)))
            continue;
        int r = reference_level(lw_weight_table_get(levels[level]), level, ch->pad || !first, a, na,
                                b, nb);
        if (r)
            return r;
        first = 0;
    }
    return 0;
}

static int is_valid(const uint8_t *s, int32_t n)
{
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0)
            return 0;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    size_t which = data[0] % N_CHOICES;
    const choice *ch = &choices[which];
    if (!colls[which] && lw_collation_open(ch->name, &colls[which]) != LW_COLLATION_OK)
        abort();
    if (ch->icu && !refs[which]) {
        UErrorCode status = U_ZERO_ERROR;
        refs[which] = ucol_open(ch->icu, &status);
        if (U_FAILURE(status))
            abort();
    }
    const uint8_t *rest = data + 1, *sep = memchr(rest, 0, size - 1);
    const uint8_t *a = rest, *b = sep ? sep + 1 : rest + size - 1;
    int32_t na = (int32_t)(sep ? sep - rest : (ptrdiff_t)(size - 1));
    int32_t nb = (int32_t)(data + size - b);

    int ab = lw_collation_compare(colls[which], na, a, nb, b);
    int ba = lw_collation_compare(colls[which], nb, b, na, a);
    ab = (ab > 0) - (ab < 0);
    ba = (ba > 0) - (ba < 0);
    if (ab != -ba || lw_collation_compare(colls[which], na, a, na, a) != 0)
        abort();
    if ((ch->table >= 0 || ch->uca1400) && ab != reference_weights(ch, a, na, b, nb))
        abort();
    if (ch->icu && is_valid(a, na) && is_valid(b, nb)) {
        UErrorCode status = U_ZERO_ERROR;
        int r = ucol_strcollUTF8(refs[which], (const char *)a, na, (const char *)b, nb, &status);
        if (U_SUCCESS(status) && r != ab)
            abort();
    }
    return 0;
}
