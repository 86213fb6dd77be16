/*
 * Bound values a dialect checks and converts in C (the lw_dialect's check_values hook:
 * mysql/bind.c, oracle/bind.c), shared so that each dialect keeps only its rules:
 *
 *   lw_bound_value_index   which of the caller's values a translated parameter takes
 *                          (by position, or by name for named parameters)
 *   lw_bind_scratch        a connection's scratch: a copy of the caller's values that
 *                          conversions may change (made once per call, only when a value
 *                          changes) and the texts the conversions made, kept until the
 *                          next call (lw_bind_scratch_reset) or the connection's end
 *                          (lw_bind_scratch_free)
 *
 * The caller's values are never written: a conversion writes the copy, and *values then
 * points at it for the rest of the call.
 */
#ifndef LW_SHIM_BOUND_VALUES_H
#define LW_SHIM_BOUND_VALUES_H

#include "dialect/dialect.h"
#include "likewise.h"

typedef struct lw_bind_scratch {
    lw_value *values;
    int cap;
    char **texts;
    int n_texts, cap_texts;
} lw_bind_scratch;

/* The index in values[0..n) of translated parameter param (1-based), or -1: a
 * parameter by position answered here, as every execution of a checked statement asks
 * (bench/pg_dialect's INSERT benchmark), one by name by lw_bound_value_named. */
int lw_bound_value_named(const lw_param_map *map, int param, const lw_value *values, int n);
static inline int lw_bound_value_index(const lw_param_map *map, int param, const lw_value *values,
                                       int n)
{
    if (param >= 1 && param <= map->n && map->refs[param - 1].position)
        return map->refs[param - 1].position <= n ? map->refs[param - 1].position - 1 : -1;
    return lw_bound_value_named(map, param, values, n);
}

/* *s, made when NULL (zeroed); NULL when out of memory. */
lw_bind_scratch *lw_bind_scratch_get(lw_bind_scratch **s);
/* Frees the texts the last call kept (a call's start). NULL does nothing. */
void lw_bind_scratch_reset(lw_bind_scratch *s);
/* Frees s and all it holds; NULL does nothing. */
void lw_bind_scratch_free(lw_bind_scratch *s);
/* Keeps text (sqlite3_malloc'ed) until the next reset; returns it, or NULL (text freed)
 * when out of memory. */
char *lw_bind_scratch_keep(lw_bind_scratch *s, char *text);
/* The caller's n values as the scratch copy conversions may change: copied at the
 * first call in a check, and *values pointed at the copy; NULL when out of memory. */
lw_value *lw_bind_scratch_writable(lw_bind_scratch *s, const lw_value **values, int n);

#endif
