/* A growable SQL text buffer: see sqlbuf.h. */
#include "core/sqlbuf.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <string.h>

static int reserve(lw_sqlbuf *b, size_t extra)
{
    if (b->oom)
        return -1;
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *s = sqlite3_realloc64(b->s, cap);
    if (!s) {
        b->oom = 1;
        return -1;
    }
    b->s = s;
    b->cap = cap;
    return 0;
}

void lw_sqlbuf_append(lw_sqlbuf *b, const char *s, size_t n)
{
    if (reserve(b, n))
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

void lw_sqlbuf_appends(lw_sqlbuf *b, const char *s)
{
    lw_sqlbuf_append(b, s, strlen(s));
}

void lw_sqlbuf_vappendf(lw_sqlbuf *b, const char *fmt, va_list ap)
{
    char *s = sqlite3_vmprintf(fmt, ap);
    if (!s) {
        b->oom = 1;
        return;
    }
    lw_sqlbuf_appends(b, s);
    sqlite3_free(s);
}

void lw_sqlbuf_appendf(lw_sqlbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lw_sqlbuf_vappendf(b, fmt, ap);
    va_end(ap);
}

void lw_sqlbuf_reset(lw_sqlbuf *b)
{
    b->len = 0;
    if (b->s)
        b->s[0] = 0;
}

char *lw_sqlbuf_finish(lw_sqlbuf *b)
{
    if (!b->oom && reserve(b, 0) == 0) {
        char *s = b->s;
        s[b->len] = 0;
        memset(b, 0, sizeof *b);
        return s;
    }
    lw_sqlbuf_free(b);
    return NULL;
}

void lw_sqlbuf_free(lw_sqlbuf *b)
{
    sqlite3_free(b->s);
    memset(b, 0, sizeof *b);
}
