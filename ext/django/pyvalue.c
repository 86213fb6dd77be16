/*
 * Results and value descriptions shared by the Django cores (pyvalue.h).
 */
#include "django/pyvalue.h"

#include "common/lw_sqlite.h"
#include "common/utf8.h"

#include <stdarg.h>

void lw_pr_clear(lw_pr *r)
{
    if (r->kind == LW_PR_ERROR || r->kind == LW_PR_TEXT || r->kind == LW_PR_BLOB)
        sqlite3_free(r->s);
    r->s = NULL;
    r->n = 0;
    r->kind = LW_PR_NULL;
}

void lw_pr_error(lw_pr *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    lw_pr_clear(r);
    r->kind = LW_PR_ERROR;
    r->s = msg; /* NULL: out of memory, which the glue reports as such */
}

char *lw_pv_describe(const lw_pv *v)
{
    switch (v->kind) {
    case LW_PV_NONE:
        return sqlite3_mprintf("NULL");
    case LW_PV_INT:
        return sqlite3_mprintf("integer %lld", (long long)v->i);
    case LW_PV_FLOAT:
        return sqlite3_mprintf("real %!.17g", v->f);
    case LW_PV_BYTES:
        return sqlite3_mprintf("a blob");
    default: {
        size_t quoted = lw_utf8_quotable_prefix(v->s, v->n, 60);
        for (size_t i = 0; i < quoted; i++)
            if (v->s[i] == 0) {
                quoted = i; /* %q stops at a NUL; say so rather than hide the rest */
                break;
            }
        return sqlite3_mprintf("'%.*q'%s", (int)quoted, v->s, quoted < v->n ? "..." : "");
    }
    }
}
