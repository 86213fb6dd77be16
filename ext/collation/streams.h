/*
 * The comparison of two weight streams that every table-driven collation shares
 * (collation.c's WEIGHTS levels, latin1.c): the first differing weight decides; when
 * one stream ends, PAD SPACE compares the rest of the other with the space's weight
 * (so 'a' = 'a  ' and 'a\t' < 'a'), NO PAD makes the longer one greater.
 *
 * A static inline function over a next-weight function: each caller passes its own,
 * which the compiler inlines, so the shared loop costs nothing.
 */
#ifndef LW_COLLATION_STREAMS_H
#define LW_COLLATION_STREAMS_H

#include <stdint.h>

/* Sets *out to the next weight of scan and returns 1, or returns 0 at its end. */
typedef int (*lw_next_weight_fn)(const void *ctx, void *scan, uint32_t *out);

static inline int lw_compare_weight_streams(lw_next_weight_fn next, const void *ctx, void *a,
                                            void *b, uint32_t space, int pad)
{
    for (;;) {
        uint32_t wa, wb;
        int ha = next(ctx, a, &wa), hb = next(ctx, b, &wb);
        if (ha && hb) {
            if (wa != wb)
                return wa < wb ? -1 : 1;
            continue;
        }
        if (!ha && !hb)
            return 0;
        if (!pad)
            return ha ? 1 : -1;
        /* PAD SPACE: the longer side's remaining weights against the space's. */
        void *rest = ha ? a : b;
        uint32_t w = ha ? wa : wb;
        int dir = ha ? 1 : -1;
        do {
            if (w != space)
                return w < space ? -dir : dir;
        } while (next(ctx, rest, &w));
        return 0;
    }
}

#endif
