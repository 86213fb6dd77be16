/*
 * Values as Django's Python functions see them, and their results.
 *
 * Python's sqlite3 module hands a function INTEGER as int, REAL as float, TEXT as
 * str, BLOB as bytes and NULL as None; a function's int, float, str, bytes or None
 * goes back the same way. What Python does with each kind (int(x) of a str, `in` on
 * bytes, x.encode() of an int...) is part of what the C versions must reproduce, so
 * the cores take and return these tagged values and never see SQLite.
 *
 * Where Python raises, the core returns LW_PR_ERROR with a message (the glue puts
 * "<function>(): " before it); that is where Django's SQLite function raised and
 * SQLite reported "user-defined function raised exception".
 */
#ifndef LW_DJANGO_PYVALUE_H
#define LW_DJANGO_PYVALUE_H

#include <stddef.h>
#include <stdint.h>

typedef enum lw_pv_kind {
    LW_PV_NONE = 0,
    LW_PV_INT,
    LW_PV_FLOAT,
    LW_PV_STR,
    LW_PV_BYTES
} lw_pv_kind;

/* An argument: str is valid UTF-8 (the glue checks), bytes any bytes; neither is
 * NUL-terminated for certain, so use n. ascii is 1 when every byte of a str or bytes
 * is below 0x80 (so each byte is one code point), 0 when that is not known. */
typedef struct lw_pv {
    lw_pv_kind kind;
    int64_t i;
    double f;
    const char *s;
    size_t n;
    int ascii;
} lw_pv;

typedef enum lw_pr_kind {
    LW_PR_NULL = 0,
    LW_PR_INT,
    LW_PR_FLOAT,
    LW_PR_TEXT,   /* text in buf (n bytes) or, when owned is set, in s */
    LW_PR_BLOB,   /* the same for bytes */
    LW_PR_ERROR,  /* message in s (owned, sqlite3_malloc) or, when s is NULL, out of memory */
    LW_PR_TOOBIG, /* longer than the caller's limit */
} lw_pr_kind;

/* A result. Small text (dates, times, digests) is written into buf; large text is
 * allocated with sqlite3_malloc64 and owned by the result until handed on. */
typedef struct lw_pr {
    lw_pr_kind kind;
    int64_t i;
    double f;
    char *s;
    size_t n;
    char buf[136];
} lw_pr;

/* Sets r to an error whose message is the printf-style (sqlite3_mprintf) format. */
void lw_pr_error(lw_pr *r, const char *fmt, ...);

/* Frees what r owns (an error message or allocated text) and makes it NULL. */
void lw_pr_clear(lw_pr *r);

/* The text or bytes of a LW_PR_TEXT/LW_PR_BLOB result. */
static inline const char *lw_pr_data(const lw_pr *r)
{
    return r->s ? r->s : r->buf;
}

/* Describes v for an error message: "NULL", "integer 5", "real 1.5", "text 'abc'"
 * (at most 60 bytes of it), "a blob", allocated with sqlite3_mprintf (NULL when out
 * of memory). */
char *lw_pv_describe(const lw_pv *v);

#endif
