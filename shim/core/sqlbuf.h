/*
 * A growable byte string for building SQL text, with a sticky out-of-memory flag:
 * appends after a failed allocation do nothing, and the owner checks oom once at the
 * end. Memory comes from sqlite3_malloc64; the buffer owns it until
 * lw_sqlbuf_finish hands it over or lw_sqlbuf_free releases it.
 */
#ifndef LW_SHIM_SQLBUF_H
#define LW_SHIM_SQLBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct lw_sqlbuf {
    char *s; /* NUL-terminated when not NULL */
    size_t len, cap;
    int oom;
} lw_sqlbuf;

void lw_sqlbuf_append(lw_sqlbuf *b, const char *s, size_t n);
void lw_sqlbuf_appends(lw_sqlbuf *b, const char *s);
/* printf with sqlite3_mprintf's formats. */
void lw_sqlbuf_appendf(lw_sqlbuf *b, const char *fmt, ...);
void lw_sqlbuf_vappendf(lw_sqlbuf *b, const char *fmt, va_list ap);
/* Empties the buffer, keeping its memory. */
void lw_sqlbuf_reset(lw_sqlbuf *b);
/* Hands the text over (free with sqlite3_free): "" for an empty buffer, NULL when out
 * of memory. The buffer is empty afterwards. */
char *lw_sqlbuf_finish(lw_sqlbuf *b);
void lw_sqlbuf_free(lw_sqlbuf *b);

#endif
