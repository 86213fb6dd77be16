/*
 * The LIKE matcher: see like.h for the algorithm and its bounds.
 */
#include "text/like.h"
#include "common/lw_sqlite.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* An invalid byte b is the code point LIKE_RAW + b: above Unicode, so it equals
 * nothing but itself and case folding never touches it. */
#define LIKE_RAW 0x110000u
/* The item '_' in a segment. */
#define LIKE_ANY 0xFFFFFFFFu

/* How a search skips ahead while no partial match is alive. */
typedef enum skip_kind {
    SKIP_NONE,             /* the segment starts with '_': every code point can start it */
    SKIP_BYTE,             /* exact mode, ASCII first item: memchr for it */
    SKIP_ASCII_CI,         /* folding mode, ASCII first item: its two cases */
    SKIP_ASCII_CI_OR_HIGH, /* the same for k and s, plus any non-ASCII byte, since
                              KELVIN SIGN and LONG S fold to them */
    SKIP_NON_ASCII         /* non-ASCII first item: skip ASCII bytes */
} skip_kind;

typedef enum search_kind { SEARCH_SHIFT_AND, SEARCH_KMP, SEARCH_NAIVE } search_kind;

typedef struct like_segment {
    const uint32_t *items; /* len code points or LIKE_ANY, folded when folding */
    uint32_t len;
    search_kind search;
    skip_kind skip;
    uint8_t skip_a, skip_b; /* the bytes SKIP_BYTE / SKIP_ASCII_CI look for */
    uint32_t words;         /* Shift-And: 64-bit words per state */
    uint32_t n_cps;         /* Shift-And: distinct literal code points */
    uint32_t *cps;          /* Shift-And: those code points, sorted */
    uint64_t *masks;        /* Shift-And: words for '_' then words per code point */
    uint16_t *ascii_index;  /* Shift-And: 128 entries, byte -> its mask in masks (folded
                               when folding), so ASCII needs no search */
    uint32_t *kmp;          /* KMP: failure function */
} like_segment;

struct lw_like_pattern {
    int32_t escape;
    unsigned flags;
    int fold;
    int open_start, open_end; /* the pattern starts / ends with '%' */
    uint32_t n_segments;
    like_segment *segments;
    uint32_t *items;
    uint64_t state[LW_LIKE_SHIFT_AND_MAX_WORDS]; /* Shift-And scratch */
};

static atomic_uint_fast64_t compilations;

uint64_t lw_like_compilations(void)
{
    return atomic_load_explicit(&compilations, memory_order_relaxed);
}

static inline uint32_t fold_cp(uint32_t c)
{
    if (c < 0x80)
        return c - 'A' < 26u ? c + 32 : c;
    if (c >= LIKE_RAW)
        return c;
    return (uint32_t)u_foldCase((UChar32)c, U_FOLD_CASE_DEFAULT);
}

/* The non-ASCII part of next_cp, kept out of line so the ASCII path stays small. */
static uint32_t next_cp_multibyte(const uint8_t *s, size_t n, size_t *i, int fold)
{
    uint8_t b = s[*i];
    size_t start = *i;
    /* A sequence is at most 4 bytes, so the window never overflows int32_t. */
    int32_t avail = n - start > 4 ? 4 : (int32_t)(n - start), j = 0;
    UChar32 c;
    U8_NEXT(s + start, j, avail, c);
    if (c < 0) {
        *i = start + 1;
        return LIKE_RAW + b;
    }
    *i = start + (size_t)j;
    return fold ? (uint32_t)u_foldCase(c, U_FOLD_CASE_DEFAULT) : (uint32_t)c;
}

/* Decodes the code point at s[*i] (n > *i) and advances *i; an invalid byte is one
 * code point of its own. Folds when fold is set. */
static inline uint32_t next_cp(const uint8_t *s, size_t n, size_t *i, int fold)
{
    uint8_t b = s[*i];
    if (b < 0x80) {
        (*i)++;
        return fold && (uint32_t)(b - 'A') < 26u ? b + 32u : b;
    }
    return next_cp_multibyte(s, n, i, fold);
}

int32_t lw_like_char(const char *s, size_t n)
{
    size_t i = 0;
    if (n == 0)
        return -1;
    uint32_t c = next_cp((const uint8_t *)s, n, &i, 0);
    return i == n ? (int32_t)c : -1;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Returns the Shift-And mask words of code point c in seg: its positions and the
 * positions of '_'. */
static inline const uint64_t *mask_of(const like_segment *seg, uint32_t c)
{
    uint32_t lo = 0, hi = seg->n_cps;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        uint32_t v = seg->cps[mid];
        if (v == c)
            return seg->masks + (size_t)(mid + 1) * seg->words;
        if (v < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return seg->masks;
}

static lw_like_rc prepare_shift_and(like_segment *seg, int fold)
{
    uint32_t words = (seg->len + 63) / 64, n = 0;
    seg->cps = sqlite3_malloc64((sqlite3_uint64)seg->len * sizeof(uint32_t) + 1);
    if (!seg->cps)
        return LW_LIKE_NOMEM;
    for (uint32_t i = 0; i < seg->len; i++)
        if (seg->items[i] != LIKE_ANY)
            seg->cps[n++] = seg->items[i];
    qsort(seg->cps, n, sizeof(uint32_t), cmp_u32);
    uint32_t distinct = 0;
    for (uint32_t i = 0; i < n; i++)
        if (distinct == 0 || seg->cps[distinct - 1] != seg->cps[i])
            seg->cps[distinct++] = seg->cps[i];
    seg->n_cps = distinct;
    seg->words = words;
    seg->masks = sqlite3_malloc64((sqlite3_uint64)(distinct + 1) * words * sizeof(uint64_t));
    if (!seg->masks)
        return LW_LIKE_NOMEM;
    memset(seg->masks, 0, (size_t)(distinct + 1) * words * sizeof(uint64_t));
    for (uint32_t i = 0; i < seg->len; i++) {
        uint64_t *m = seg->masks;
        if (seg->items[i] != LIKE_ANY) {
            uint32_t *hit = bsearch(&seg->items[i], seg->cps, distinct, sizeof(uint32_t), cmp_u32);
            m += (size_t)(hit - seg->cps + 1) * words;
        }
        m[i / 64] |= 1ull << (i % 64);
    }
    for (uint32_t k = 1; k <= distinct; k++)
        for (uint32_t w = 0; w < words; w++)
            seg->masks[(size_t)k * words + w] |= seg->masks[w];
    seg->ascii_index = sqlite3_malloc64(128 * sizeof(uint16_t));
    if (!seg->ascii_index)
        return LW_LIKE_NOMEM;
    for (uint32_t b = 0; b < 128; b++) {
        uint32_t c = fold ? fold_cp(b) : b;
        const uint64_t *m = mask_of(seg, c);
        seg->ascii_index[b] = (uint16_t)((size_t)(m - seg->masks) / words);
    }
    return LW_LIKE_OK;
}

static lw_like_rc prepare_kmp(like_segment *seg)
{
    seg->kmp = sqlite3_malloc64((sqlite3_uint64)seg->len * sizeof(uint32_t));
    if (!seg->kmp)
        return LW_LIKE_NOMEM;
    seg->kmp[0] = 0;
    for (uint32_t q = 1, k = 0; q < seg->len; q++) {
        while (k > 0 && seg->items[k] != seg->items[q])
            k = seg->kmp[k - 1];
        if (seg->items[k] == seg->items[q])
            k++;
        seg->kmp[q] = k;
    }
    return LW_LIKE_OK;
}

static lw_like_rc prepare_segment(like_segment *seg, int fold)
{
    uint32_t first = seg->items[0];
    int has_any = 0;
    for (uint32_t i = 0; i < seg->len; i++)
        has_any |= seg->items[i] == LIKE_ANY;
    if (first == LIKE_ANY) {
        seg->skip = SKIP_NONE;
    } else if (first < 0x80 && !fold) {
        seg->skip = SKIP_BYTE;
        seg->skip_a = seg->skip_b = (uint8_t)first;
    } else if (first < 0x80) {
        /* Only two non-ASCII characters fold to ASCII: U+212A KELVIN SIGN to k and
         * U+017F LONG S to s (tests/test_text.c checks this against ICU). */
        seg->skip = first == 'k' || first == 's' ? SKIP_ASCII_CI_OR_HIGH : SKIP_ASCII_CI;
        seg->skip_a = (uint8_t)first;
        seg->skip_b = (uint8_t)(first - 'a' < 26u ? first - 32 : first);
    } else {
        seg->skip = SKIP_NON_ASCII;
    }
    if (seg->len <= 64u * LW_LIKE_SHIFT_AND_MAX_WORDS) {
        seg->search = SEARCH_SHIFT_AND;
        return prepare_shift_and(seg, fold);
    }
    if (!has_any) {
        seg->search = SEARCH_KMP;
        return prepare_kmp(seg);
    }
    seg->search = SEARCH_NAIVE;
    return LW_LIKE_OK;
}

void lw_like_free(lw_like_pattern *p)
{
    if (!p)
        return;
    for (uint32_t i = 0; i < p->n_segments; i++) {
        sqlite3_free(p->segments[i].cps);
        sqlite3_free(p->segments[i].masks);
        sqlite3_free(p->segments[i].kmp);
        sqlite3_free(p->segments[i].ascii_index);
    }
    sqlite3_free(p->segments);
    sqlite3_free(p->items);
    sqlite3_free(p);
}

lw_like_rc lw_like_compile(const char *pat, size_t n, int32_t escape, unsigned flags,
                           lw_like_pattern **out)
{
    const uint8_t *s = (const uint8_t *)pat;
    int literal = (flags & LW_LIKE_LITERAL) != 0;
    lw_like_rc rc = LW_LIKE_OK;
    uint32_t *starts = NULL; /* where each segment starts in items */
    *out = NULL;
    atomic_fetch_add_explicit(&compilations, 1, memory_order_relaxed);
    lw_like_pattern *p = sqlite3_malloc64(sizeof *p);
    if (!p)
        return LW_LIKE_NOMEM;
    memset(p, 0, sizeof *p);
    p->escape = escape;
    p->flags = flags;
    p->fold = (flags & LW_LIKE_FOLD) != 0;
    p->open_start = (flags & LW_LIKE_OPEN_START) != 0;
    p->open_end = (flags & LW_LIKE_OPEN_END) != 0;
    /* A pattern never has more code points than bytes, nor more segments than
     * code points plus one. */
    p->items = sqlite3_malloc64((sqlite3_uint64)n * sizeof(uint32_t) + 1);
    starts = sqlite3_malloc64(((sqlite3_uint64)n + 2) * sizeof(uint32_t));
    if (!p->items || !starts) {
        rc = LW_LIKE_NOMEM;
        goto done;
    }
    uint32_t n_items = 0, n_segments = 0, seg_start = 0;
    int last_was_percent = 0;
    for (size_t i = 0; i < n;) {
        uint32_t c = next_cp(s, n, &i, 0);
        if (!literal && escape >= 0 && c == (uint32_t)escape) {
            if (i == n) {
                rc = LW_LIKE_TRAILING_ESCAPE;
                goto done;
            }
            c = next_cp(s, n, &i, 0);
        } else if (!literal && c == '%') {
            if (n_items == 0)
                p->open_start = 1;
            if (n_items > seg_start) {
                starts[n_segments++] = seg_start;
                seg_start = n_items;
            }
            last_was_percent = 1;
            continue;
        } else if (!literal && c == '_') {
            p->items[n_items++] = LIKE_ANY;
            last_was_percent = 0;
            continue;
        }
        p->items[n_items++] = p->fold ? fold_cp(c) : c;
        last_was_percent = 0;
    }
    if (n_items > seg_start)
        starts[n_segments++] = seg_start;
    if (last_was_percent)
        p->open_end = 1;
    starts[n_segments] = n_items;
    p->segments = sqlite3_malloc64((sqlite3_uint64)n_segments * sizeof(like_segment) + 1);
    if (!p->segments) {
        rc = LW_LIKE_NOMEM;
        goto done;
    }
    memset(p->segments, 0, (size_t)n_segments * sizeof(like_segment));
    p->n_segments = n_segments;
    for (uint32_t k = 0; k < n_segments; k++) {
        like_segment *seg = &p->segments[k];
        seg->items = p->items + starts[k];
        seg->len = starts[k + 1] - starts[k];
        rc = prepare_segment(seg, p->fold);
        if (rc != LW_LIKE_OK)
            goto done;
    }
done:
    sqlite3_free(starts);
    if (rc != LW_LIKE_OK) {
        lw_like_free(p);
        p = NULL;
    }
    *out = p;
    return rc;
}

int32_t lw_like_pattern_escape(const lw_like_pattern *p)
{
    return p->escape;
}

unsigned lw_like_pattern_flags(const lw_like_pattern *p)
{
    return p->flags;
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* Nonzero when some byte of x may equal the byte repeated in every byte of pattern:
 * the classic zero-byte test, which can report a false hit but never misses one. */
static inline uint64_t may_have_byte(uint64_t x, uint64_t pattern)
{
    uint64_t y = x ^ pattern;
    return (y - ONES) & ~y & HIGHS;
}

/* Skips from i to the next byte that may start seg's first item; n when none. Eight
 * bytes at a time while none of them can. */
static inline size_t skip_ahead(const like_segment *seg, const uint8_t *s, size_t n, size_t i)
{
    switch (seg->skip) {
    case SKIP_BYTE: {
        const uint8_t *hit = memchr(s + i, seg->skip_a, n - i);
        return hit ? (size_t)(hit - s) : n;
    }
    case SKIP_ASCII_CI: {
        uint8_t a = seg->skip_a, b = seg->skip_b;
        uint64_t wa = a * ONES, wb = b * ONES, x;
        for (; i + 8 <= n; i += 8) {
            memcpy(&x, s + i, 8);
            if (may_have_byte(x, wa) | may_have_byte(x, wb))
                break;
        }
        while (i < n && s[i] != a && s[i] != b)
            i++;
        return i;
    }
    case SKIP_ASCII_CI_OR_HIGH: {
        uint8_t a = seg->skip_a, b = seg->skip_b;
        uint64_t wa = a * ONES, wb = b * ONES, x;
        for (; i + 8 <= n; i += 8) {
            memcpy(&x, s + i, 8);
            if ((x & HIGHS) | may_have_byte(x, wa) | may_have_byte(x, wb))
                break;
        }
        while (i < n && s[i] != a && s[i] != b && s[i] < 0x80)
            i++;
        return i;
    }
    case SKIP_NON_ASCII: {
        uint64_t x;
        for (; i + 8 <= n; i += 8) {
            memcpy(&x, s + i, 8);
            if (x & HIGHS)
                break;
        }
        while (i < n && s[i] < 0x80)
            i++;
        return i;
    }
    default:
        return i;
    }
}

/* Matches seg exactly at *pos; on success moves *pos past it. */
static int match_at(const like_segment *seg, const uint8_t *s, size_t n, size_t *pos, int fold,
                    uint64_t *steps)
{
    size_t i = *pos;
    for (uint32_t k = 0; k < seg->len; k++) {
        if (i >= n)
            return 0;
        uint32_t c = next_cp(s, n, &i, fold);
        ++*steps;
        if (seg->items[k] != LIKE_ANY && seg->items[k] != c)
            return 0;
    }
    *pos = i;
    return 1;
}

static int search_shift_and(lw_like_pattern *p, const like_segment *seg, const uint8_t *s, size_t n,
                            size_t *pos, uint64_t *steps)
{
    const uint32_t words = seg->words, last_word = (seg->len - 1) / 64;
    const uint64_t last_bit = 1ull << ((seg->len - 1) % 64);
    const int fold = p->fold;
    size_t i = *pos;
    uint64_t count = 0;
    int found = 0;
    if (words == 1) {
        uint64_t state = 0;
        while (i < n) {
            if (state == 0) {
                i = skip_ahead(seg, s, n, i);
                if (i == n)
                    break;
            }
            count++;
            uint8_t b = s[i];
            uint64_t m;
            if (b < 0x80) {
                i++;
                m = seg->masks[seg->ascii_index[b]];
            } else {
                m = mask_of(seg, next_cp_multibyte(s, n, &i, fold))[0];
            }
            state = ((state << 1) | 1) & m;
            if (state & last_bit) {
                found = 1;
                break;
            }
        }
        *steps += count;
        if (found)
            *pos = i;
        return found;
    }
    uint64_t *state = p->state, alive = 0;
    memset(state, 0, words * sizeof(uint64_t));
    while (i < n) {
        if (alive == 0) {
            i = skip_ahead(seg, s, n, i);
            if (i == n)
                break;
        }
        count++;
        const uint64_t *m;
        if (s[i] < 0x80)
            m = seg->masks + (size_t)seg->ascii_index[s[i++]] * words;
        else
            m = mask_of(seg, next_cp_multibyte(s, n, &i, fold));
        uint64_t carry = 1;
        alive = 0;
        for (uint32_t w = 0; w < words; w++) {
            uint64_t d = state[w];
            state[w] = ((d << 1) | carry) & m[w];
            carry = d >> 63;
            alive |= state[w];
        }
        if (state[last_word] & last_bit) {
            found = 1;
            break;
        }
    }
    *steps += count;
    if (found)
        *pos = i;
    return found;
}

static int search_kmp(const lw_like_pattern *p, const like_segment *seg, const uint8_t *s, size_t n,
                      size_t *pos, uint64_t *steps)
{
    size_t i = *pos;
    uint32_t q = 0;
    while (i < n) {
        if (q == 0) {
            i = skip_ahead(seg, s, n, i);
            if (i == n)
                break;
        }
        uint32_t c = next_cp(s, n, &i, p->fold);
        ++*steps;
        while (q > 0 && seg->items[q] != c)
            q = seg->kmp[q - 1];
        if (seg->items[q] == c && ++q == seg->len) {
            *pos = i;
            return 1;
        }
    }
    return 0;
}

static int search_naive(const lw_like_pattern *p, const like_segment *seg, const uint8_t *s,
                        size_t n, size_t *pos, uint64_t *steps)
{
    for (size_t start = *pos; start < n;) {
        size_t i = start;
        if (match_at(seg, s, n, &i, p->fold, steps)) {
            *pos = i;
            return 1;
        }
        next_cp(s, n, &start, 0);
    }
    return 0;
}

static int search(lw_like_pattern *p, const like_segment *seg, const uint8_t *s, size_t n,
                  size_t *pos, uint64_t *steps)
{
    switch (seg->search) {
    case SEARCH_SHIFT_AND:
        return search_shift_and(p, seg, s, n, pos, steps);
    case SEARCH_KMP:
        return search_kmp(p, seg, s, n, pos, steps);
    default:
        return search_naive(p, seg, s, n, pos, steps);
    }
}

int lw_like_match_counted(lw_like_pattern *p, const char *subject, size_t n, uint64_t *steps)
{
    const uint8_t *s = (const uint8_t *)subject;
    uint32_t k = 0, end = p->n_segments;
    size_t pos = 0;
    if (end == 0)
        return p->open_start || p->open_end || n == 0;
    if (!p->open_start) {
        if (!match_at(&p->segments[0], s, n, &pos, p->fold, steps))
            return 0;
        if (end == 1 && !p->open_end)
            return pos == n;
        k = 1;
    }
    if (!p->open_end && end > k)
        end--;
    for (; k < end; k++)
        if (!search(p, &p->segments[k], s, n, &pos, steps))
            return 0;
    if (k == p->n_segments)
        return 1;
    /* The last segment ends the subject: count the code points left, skip all but
     * its length, and match it there. */
    const like_segment *last = &p->segments[k];
    /* When the last len bytes are ASCII they are the last len code points. */
    if (n - pos >= last->len) {
        size_t start = n - last->len, i = start;
        while (i < n && s[i] < 0x80)
            i++;
        if (i == n) {
            pos = start;
            return match_at(last, s, n, &pos, p->fold, steps);
        }
    }
    size_t left = 0;
    for (size_t i = pos; i < n; left++)
        next_cp(s, n, &i, 0);
    *steps += left;
    if (left < last->len)
        return 0;
    for (size_t skip = left - last->len; skip > 0; skip--)
        next_cp(s, n, &pos, 0);
    return match_at(last, s, n, &pos, p->fold, steps);
}

int lw_like_match(lw_like_pattern *p, const char *s, size_t n)
{
    uint64_t steps = 0;
    return lw_like_match_counted(p, s, n, &steps);
}
