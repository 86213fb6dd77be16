/*
 * The text of an aggregate's window frame, for string_agg, json_agg and friends as
 * window functions (runtime_text.c, runtime_json.c). A sliding frame removes its
 * oldest row through xInverse, so the frame keeps its rows, oldest first, as pieces of
 * one buffer, each "[separator]value", the oldest piece having no separator; a row
 * that added nothing (a NULL for string_agg) is a piece of its own so that the queue
 * stays in step with the frame. The frame's text is then one slice of the buffer.
 */
#include <string.h>

#include "dialect/postgresql/runtime_int.h"

#define FRAME_ABSENT UINT64_MAX

void lw_pg_frame_add(sqlite3_context *ctx, lw_pg_frame *f, const char *sep, size_t sep_n,
                     const char *value, size_t n)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 16;
        uint64_t *p = sqlite3_realloc64(f->pieces, cap * sizeof *p);
        if (!p) {
            f->failed = 1;
            sqlite3_result_error_nomem(ctx);
            return;
        }
        f->pieces = p;
        f->cap = cap;
    }
    if (!value) {
        f->pieces[f->n++] = FRAME_ABSENT;
        return;
    }
    if (f->present == 0)
        f->buf.len = f->off = 0; /* nothing of the frame is left in buf */
    else
        lw_sqlbuf_append(&f->buf, sep, sep_n);
    f->pieces[f->n++] = f->buf.len;
    lw_sqlbuf_append(&f->buf, value, n);
    f->present++;
}

/* The oldest row leaves the frame; the next value loses its separator. */
static void frame_drop_oldest(lw_pg_frame *f)
{
    if (f->head >= f->n)
        return;
    if (f->pieces[f->head++] != FRAME_ABSENT) {
        f->present--;
        f->off = f->buf.len;
        for (size_t k = f->head; k < f->n; k++)
            if (f->pieces[k] != FRAME_ABSENT) {
                f->off = (size_t)f->pieces[k];
                break;
            }
    }
    if (f->head == f->n)
        f->head = f->n = 0;
}

void lw_pg_frame_free(lw_pg_frame *f)
{
    if (!f)
        return;
    lw_sqlbuf_free(&f->buf);
    sqlite3_free(f->pieces);
    memset(f, 0, sizeof *f);
}

lw_pg_frame *lw_pg_frame_of(sqlite3_context *ctx)
{
    lw_pg_frame *f = sqlite3_aggregate_context(ctx, sizeof *f);
    if (!f)
        sqlite3_result_error_nomem(ctx);
    return f;
}

void lw_pg_frame_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    lw_pg_frame *f = sqlite3_aggregate_context(ctx, 0);
    if (f)
        frame_drop_oldest(f);
}
