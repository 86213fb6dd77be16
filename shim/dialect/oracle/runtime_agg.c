/*
 * The oracle dialect's ordered aggregates (SQLRF "LISTAGG", "FIRST", "LAST"):
 *
 *   ora_listagg(X, DELIM, DISTINCT, KEY, HOW [, KEY, HOW]...)   LISTAGG(X, DELIM) WITHIN
 *                  GROUP (ORDER BY KEY...): X's values (NULLs ignored) in the keys'
 *                  order joined by DELIM (none when NULL); DISTINCT 1 drops repeated
 *                  values; NULL when no value. An aggregate and a window function.
 *   ora_keep(AGG, X, FIRST, KEY, HOW [, KEY, HOW]...)   AGG(X) KEEP (DENSE_RANK FIRST |
 *                  LAST ORDER BY KEY...): AGG (MIN, MAX, SUM, AVG, COUNT) over the rows
 *                  that rank first (FIRST 1) or last by the keys.
 *
 * HOW is three letters: A or D (ascending, descending), N or T (the key compares as a
 * NUMBER or as its SQLite value: text binary, dates as their ISO text), F or L (NULLs
 * first or last). Rows are kept in memory until the result is asked for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/oracle/runtime_int.h"

#define MAX_KEYS 8

typedef struct agg_row {
    sqlite3_value *value;
    sqlite3_value *keys[MAX_KEYS];
} agg_row;

typedef struct agg_acc {
    agg_row *rows;
    int n, cap, first; /* rows[first..n) are in the window */
    int n_keys;
    char how[MAX_KEYS][3];
    char *delim;   /* LISTAGG's delimiter (NULL: none) */
    int distinct;  /* LISTAGG DISTINCT */
    char agg[8];   /* KEEP: the aggregate */
    int keep_last; /* KEEP (DENSE_RANK LAST ...) */
    int set;       /* the call's constant arguments were read */
} agg_acc;

/* The keys' description, shared by the comparison (qsort has no user argument). */
static __thread const agg_acc *sorting;

static int compare_values(sqlite3_value *a, sqlite3_value *b, const char *how)
{
    int na = sqlite3_value_type(a) == SQLITE_NULL, nb = sqlite3_value_type(b) == SQLITE_NULL;
    if (na || nb) {
        if (na && nb)
            return 0;
        /* NULLs first or last whatever the direction */
        int first = how[2] == 'F';
        return na ? (first ? -1 : 1) : (first ? 1 : -1);
    }
    int c = 0;
    if (how[1] == 'N') {
        lw_decimal x, y;
        lw_decimal_init(&x);
        lw_decimal_init(&y);
        if (ora_number_arg(NULL, a, &x) == 0 && ora_number_arg(NULL, b, &y) == 0)
            c = lw_decimal_cmp(&x, &y);
        lw_decimal_clear(&x);
        lw_decimal_clear(&y);
    } else if (sqlite3_value_type(a) != SQLITE_TEXT || sqlite3_value_type(b) != SQLITE_TEXT) {
        double x = sqlite3_value_double(a), y = sqlite3_value_double(b);
        c = x < y ? -1 : x > y;
    } else {
        int la = sqlite3_value_bytes(a), lb = sqlite3_value_bytes(b);
        c = memcmp(sqlite3_value_text(a), sqlite3_value_text(b), (size_t)(la < lb ? la : lb));
        if (!c)
            c = la < lb ? -1 : la > lb;
    }
    return how[0] == 'D' ? -c : c;
}

static int compare_keys(const agg_row *x, const agg_row *y, const agg_acc *a)
{
    for (int k = 0; k < a->n_keys; k++) {
        int c = compare_values(x->keys[k], y->keys[k], a->how[k]);
        if (c)
            return c;
    }
    return 0;
}

static int compare_rows(const void *p, const void *q)
{
    return compare_keys(p, q, sorting);
}

static void free_row(agg_row *r, int n_keys)
{
    sqlite3_value_free(r->value);
    for (int k = 0; k < n_keys; k++)
        sqlite3_value_free(r->keys[k]);
}

/* Adds the row of arguments: the value at argv[value_at], keys from argv[keys_at]. */
static void add_row(sqlite3_context *ctx, int argc, sqlite3_value **argv, int value_at, int keys_at)
{
    agg_acc *a = sqlite3_aggregate_context(ctx, sizeof *a);
    if (!a)
        return;
    int n_keys = (argc - keys_at) / 2;
    if (n_keys > MAX_KEYS) {
        lw_result_errorf(ctx, "ora_listagg(): more than %d ORDER BY keys", MAX_KEYS);
        return;
    }
    if (a->n == a->cap) {
        int cap = a->cap ? 2 * a->cap : 16;
        agg_row *rows = sqlite3_realloc64(a->rows, (size_t)cap * sizeof *rows);
        if (!rows) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
        a->rows = rows;
        a->cap = cap;
    }
    a->n_keys = n_keys;
    agg_row *r = &a->rows[a->n];
    memset(r, 0, sizeof *r);
    r->value = sqlite3_value_dup(argv[value_at]);
    for (int k = 0; k < n_keys; k++) {
        r->keys[k] = sqlite3_value_dup(argv[keys_at + 2 * k]);
        const char *how = (const char *)sqlite3_value_text(argv[keys_at + 2 * k + 1]);
        memcpy(a->how[k], how && strlen(how) == 3 ? how : "ATL", 3);
    }
    if (!r->value) {
        free_row(r, n_keys);
        sqlite3_result_error_nomem(ctx);
        return;
    }
    a->n++;
}

static void drop_first(sqlite3_context *ctx)
{
    agg_acc *a = sqlite3_aggregate_context(ctx, sizeof *a);
    if (a && a->first < a->n)
        free_row(&a->rows[a->first++], a->n_keys);
}

/* The window's rows sorted, into a new array (sqlite3_free), or NULL. */
static agg_row *sorted(agg_acc *a, int *n)
{
    *n = a->n - a->first;
    if (*n <= 0)
        return NULL;
    agg_row *copy = sqlite3_malloc64((size_t)*n * sizeof *copy);
    if (!copy)
        return NULL;
    memcpy(copy, a->rows + a->first, (size_t)*n * sizeof *copy);
    sorting = a;
    qsort(copy, (size_t)*n, sizeof *copy, compare_rows);
    return copy;
}

static void clear_acc(agg_acc *a)
{
    for (int i = a->first; i < a->n; i++)
        free_row(&a->rows[i], a->n_keys);
    sqlite3_free(a->rows);
    sqlite3_free(a->delim);
    memset(a, 0, sizeof *a);
}

/* ---- LISTAGG ------------------------------------------------------------------------ */

static void listagg_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    agg_acc *a = sqlite3_aggregate_context(ctx, sizeof *a);
    if (!a)
        return;
    if (!a->set) {
        a->set = 1;
        const char *d = (const char *)sqlite3_value_text(argv[1]);
        if (d && *d && !(a->delim = sqlite3_mprintf("%s", d))) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
        a->distinct = sqlite3_value_int(argv[2]);
    }
    add_row(ctx, argc, argv, 0, 3);
}

static void agg_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    drop_first(ctx);
}

static void listagg_result(sqlite3_context *ctx, int final)
{
    agg_acc *a = sqlite3_aggregate_context(ctx, 0);
    int n = 0;
    agg_row *rows = a ? sorted(a, &n) : NULL;
    lw_sqlbuf b = {0};
    int count = 0;
    for (int i = 0; i < n; i++) {
        sqlite3_value *v = rows[i].value;
        const unsigned char *s = sqlite3_value_text(v);
        int len = sqlite3_value_bytes(v);
        if (sqlite3_value_type(v) == SQLITE_NULL || !s || !len)
            continue; /* NULLs are ignored */
        if (a->distinct) {
            /* a value already listed is left out */
            int seen = 0;
            for (int j = 0; j < i && !seen; j++) {
                sqlite3_value *u = rows[j].value;
                seen = sqlite3_value_type(u) != SQLITE_NULL && sqlite3_value_bytes(u) == len &&
                       !memcmp(sqlite3_value_text(u), s, (size_t)len);
            }
            if (seen)
                continue;
        }
        if (count++ && a->delim)
            lw_sqlbuf_appends(&b, a->delim);
        lw_sqlbuf_append(&b, (const char *)s, (size_t)len);
    }
    sqlite3_free(rows);
    size_t len = b.len;
    if (b.oom) {
        lw_sqlbuf_free(&b);
        sqlite3_result_error_nomem(ctx);
    } else if (len) {
        ora_result_text(ctx, lw_sqlbuf_finish(&b), len);
    } else {
        lw_sqlbuf_free(&b);
        sqlite3_result_null(ctx);
    }
    if (a && final)
        clear_acc(a);
}

static void listagg_value(sqlite3_context *ctx)
{
    listagg_result(ctx, 0);
}

static void listagg_final(sqlite3_context *ctx)
{
    listagg_result(ctx, 1);
}

/* ---- KEEP (DENSE_RANK FIRST | LAST ORDER BY ...) ------------------------------------------ */

static void keep_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    agg_acc *a = sqlite3_aggregate_context(ctx, sizeof *a);
    if (!a)
        return;
    if (!a->set) {
        a->set = 1;
        const char *agg = (const char *)sqlite3_value_text(argv[0]);
        snprintf(a->agg, sizeof a->agg, "%s", agg ? agg : "");
        a->keep_last = !sqlite3_value_int(argv[2]);
    }
    add_row(ctx, argc, argv, 1, 3);
}

static void keep_result(sqlite3_context *ctx, int final)
{
    agg_acc *a = sqlite3_aggregate_context(ctx, 0);
    int n = 0;
    agg_row *rows = a ? sorted(a, &n) : NULL;
    if (!rows) {
        if (a && !strcmp(a->agg, "COUNT"))
            sqlite3_result_int(ctx, 0);
        else
            sqlite3_result_null(ctx);
        if (a && final)
            clear_acc(a);
        return;
    }
    /* the rows that rank first (or last) */
    int from = 0, to = n;
    if (a->keep_last)
        for (from = n - 1; from > 0 && compare_keys(&rows[from - 1], &rows[n - 1], a) == 0; from--)
            ;
    else
        for (to = 1; to < n && compare_keys(&rows[to], &rows[0], a) == 0; to++)
            ;
    lw_decimal acc, v;
    lw_decimal_init(&acc);
    lw_decimal_init(&v);
    int64_t count = 0;
    sqlite3_value *best = NULL;
    int is_min = !strcmp(a->agg, "MIN"), is_max = !strcmp(a->agg, "MAX");
    for (int i = from; i < to; i++) {
        sqlite3_value *x = rows[i].value;
        if (sqlite3_value_type(x) == SQLITE_NULL)
            continue;
        count++;
        if (is_min || is_max) {
            static const char num_how[3] = {'A', 'N', 'L'}, text_how[3] = {'A', 'T', 'L'};
            int numeric = ora_number_arg(NULL, x, &v) == 0;
            lw_decimal_clear(&v);
            int c = best ? compare_values(x, best, numeric ? num_how : text_how) : 0;
            if (!best || (is_min ? c < 0 : c > 0))
                best = x;
        } else if (ora_number_arg(NULL, x, &v) == 0) {
            lw_decimal_add(&acc, &acc, &v);
            lw_decimal_clear(&v);
        }
    }
    if (is_min || is_max) {
        if (best)
            sqlite3_result_value(ctx, best);
        else
            sqlite3_result_null(ctx);
        lw_decimal_clear(&acc);
    } else if (!strcmp(a->agg, "COUNT")) {
        sqlite3_result_int64(ctx, count);
        lw_decimal_clear(&acc);
    } else if (!count) {
        sqlite3_result_null(ctx);
        lw_decimal_clear(&acc);
    } else if (!strcmp(a->agg, "AVG")) {
        lw_decimal d, r;
        lw_decimal_init(&d);
        lw_decimal_init(&r);
        lw_decimal_from_int64(&d, count);
        lw_decimal_div(&r, &acc, &d, 45);
        lw_decimal_clear(&acc);
        ora_result_number(ctx, &r);
    } else {
        ora_result_number(ctx, &acc);
    }
    sqlite3_free(rows);
    if (final)
        clear_acc(a);
}

static void keep_value(sqlite3_context *ctx)
{
    keep_result(ctx, 0);
}

static void keep_final(sqlite3_context *ctx)
{
    keep_result(ctx, 1);
}

int ora_register_aggregates(sqlite3 *db, char **pzErr)
{
    int rc = sqlite3_create_window_function(db, "ora_listagg", -1, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                                            NULL, listagg_step, listagg_final, listagg_value,
                                            agg_inverse, NULL);
    if (rc == SQLITE_OK)
        rc =
            sqlite3_create_window_function(db, "ora_keep", -1, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL,
                                           keep_step, keep_final, keep_value, agg_inverse, NULL);
    if (rc)
        *pzErr = sqlite3_mprintf("cannot register ora_listagg/ora_keep: %s", sqlite3_errmsg(db));
    return rc;
}
