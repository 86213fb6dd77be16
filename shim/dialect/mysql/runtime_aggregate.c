/*
 * MariaDB's aggregates SQLite lacks (registered by runtime.c). GROUP_CONCAT as MariaDB
 * computes it (SQLite's group_concat
 * takes its second argument as the separator and has no ORDER BY before 3.44):
 *
 *   my_group_concat(SEP, DISTINCT, COLL, KCOLL, DIRS, NV, V1..VNV, K1..KNK)
 *       the rows' V1..VNV concatenated (a row with a NULL among them is skipped),
 *       joined by SEP; DISTINCT drops rows whose concatenation equals an earlier one
 *       under COLL (MariaDB then lists them in that collation's order); ORDER BY keys
 *       K1..KNK (their number is DIRS's length, 'a' or 'd' each: ascending or
 *       descending), numbers compared as numbers, strings under KCOLL, NULL first;
 *       rows with equal keys keep their order. The result is cut at
 *       @@group_concat_max_len bytes (on a character boundary) with warning 1260
 *       "Row N was cut by GROUP_CONCAT()", N the place of the row that was cut in the
 *       result (a result exactly the limit long is not cut); no row at all is NULL.
 *   my_count_distinct(N, C1..CN, V1..VN)   COUNT(DISTINCT v1, ..., vN): the rows
 *       without a NULL among V1..VN that differ from every earlier row; Ci says how Vi
 *       compares: a collation's name (its text under that collation), 'DECIMAL' (exact
 *       numeric text as a number), '' (numbers as numbers, other values byte by byte).
 *       The distinct rows are kept sorted: memory grows with their number.
 *   my_bit_or(X), my_bit_and(X), my_bit_xor(X)   BIT_OR, BIT_AND, BIT_XOR as BIGINT
 *       UNSIGNED (no row: 0, every bit for AND)
 *   my_var_pop(X), my_var_samp(X), my_stddev_pop(X), my_stddev_samp(X)   VAR_POP,
 *       VARIANCE, VAR_SAMP, STDDEV_POP, STDDEV, STD, STDDEV_SAMP as DOUBLEs (Welford's
 *       method); no row, or one for a sample, is NULL
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "collation/collation.h"
#include "decimal/decimal.h"
#include "dialect/mysql/runtime_int.h"

typedef struct gc_row {
    char *text; /* the row's values concatenated, owned */
    size_t len;
    sqlite3_value **keys; /* owned copies */
} gc_row;

typedef struct gc_state {
    gc_row *rows;
    size_t n, cap;
    int nkeys, distinct, oom;
    char dirs[32];
    char *sep; /* owned */
    size_t sep_len;
    lw_collation *coll, *kcoll;
} gc_state;

/* The text of a value as MariaDB converts it to a string. */
static const char *text_of(sqlite3_value *v, char *buf, size_t cap, size_t *n)
{
    if (sqlite3_value_type(v) == SQLITE_FLOAT) {
        *n = my_format_double(sqlite3_value_double(v), 0, buf, cap);
        return buf;
    }
    const char *t = sqlite3_value_type(v) == SQLITE_BLOB ? sqlite3_value_blob(v)
                                                         : (const void *)sqlite3_value_text(v);
    *n = (size_t)sqlite3_value_bytes(v);
    return t ? t : "";
}

static lw_collation *open_collation(sqlite3_value *name)
{
    lw_collation *c = NULL;
    const char *s = (const char *)sqlite3_value_text(name);
    if (lw_collation_open(s ? s : "utf8mb4_general_ci", &c) != LW_COLLATION_OK)
        return NULL;
    return c;
}

static int gc_init(sqlite3_context *ctx, gc_state *g, int argc, sqlite3_value **argv)
{
    const char *sep = (const char *)sqlite3_value_text(argv[0]);
    g->sep_len = (size_t)sqlite3_value_bytes(argv[0]);
    g->sep = sqlite3_malloc64(g->sep_len + 1);
    const char *dirs = (const char *)sqlite3_value_text(argv[4]);
    size_t nd = dirs ? strlen(dirs) : 0;
    if (!g->sep || nd >= sizeof g->dirs || argc < 6) {
        sqlite3_result_error_nomem(ctx);
        return -1;
    }
    memcpy(g->sep, sep ? sep : "", g->sep_len);
    g->sep[g->sep_len] = 0;
    memcpy(g->dirs, dirs ? dirs : "", nd + 1);
    g->nkeys = (int)nd;
    g->distinct = sqlite3_value_int(argv[1]);
    g->coll = open_collation(argv[2]);
    g->kcoll = open_collation(argv[3]);
    if (!g->coll || !g->kcoll) {
        my_error(ctx, 1273, "Unknown collation: '%s'", sqlite3_value_text(argv[2]));
        return -1;
    }
    return 0;
}

static void gc_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    gc_state **slot = sqlite3_aggregate_context(ctx, sizeof *slot);
    if (!slot) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (!*slot) {
        *slot = sqlite3_malloc64(sizeof **slot);
        if (!*slot) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
        memset(*slot, 0, sizeof **slot);
        if (gc_init(ctx, *slot, argc, argv))
            return;
    }
    gc_state *g = *slot;
    int nv = sqlite3_value_int(argv[5]);
    if (g->oom || nv < 1 || 6 + nv + g->nkeys != argc)
        return;
    for (int i = 0; i < nv; i++)
        if (sqlite3_value_type(argv[6 + i]) == SQLITE_NULL)
            return;
    lw_sqlbuf text = {0};
    lw_sqlbuf_append(&text, "", 0);
    for (int i = 0; i < nv; i++) {
        char buf[400];
        size_t n;
        const char *t = text_of(argv[6 + i], buf, sizeof buf, &n);
        lw_sqlbuf_append(&text, t, n);
    }
    if (g->n == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 16;
        gc_row *rows = sqlite3_realloc64(g->rows, cap * sizeof *rows);
        if (!rows)
            text.oom = 1;
        else
            g->rows = rows, g->cap = cap;
    }
    sqlite3_value **keys = NULL;
    if (!text.oom && g->nkeys) {
        keys = sqlite3_malloc64((size_t)g->nkeys * sizeof *keys);
        for (int i = 0; keys && i < g->nkeys; i++)
            if (!(keys[i] = sqlite3_value_dup(argv[6 + nv + i]))) {
                for (int k = 0; k < i; k++)
                    sqlite3_value_free(keys[k]);
                sqlite3_free(keys);
                keys = NULL;
            }
        if (!keys)
            text.oom = 1;
    }
    if (text.oom) {
        lw_sqlbuf_free(&text);
        g->oom = 1;
        return;
    }
    gc_row *r = &g->rows[g->n++];
    r->len = text.len;
    r->text = lw_sqlbuf_finish(&text);
    r->keys = keys;
}

static int compare_keys(const gc_state *g, const gc_row *a, const gc_row *b)
{
    for (int i = 0; i < g->nkeys; i++) {
        sqlite3_value *x = a->keys[i], *y = b->keys[i];
        int tx = sqlite3_value_type(x), ty = sqlite3_value_type(y), c;
        if (tx == SQLITE_NULL || ty == SQLITE_NULL) {
            c = (tx != SQLITE_NULL) - (ty != SQLITE_NULL);
        } else if ((tx == SQLITE_INTEGER || tx == SQLITE_FLOAT) &&
                   (ty == SQLITE_INTEGER || ty == SQLITE_FLOAT)) {
            if (tx == SQLITE_INTEGER && ty == SQLITE_INTEGER) {
                sqlite3_int64 p = sqlite3_value_int64(x), q = sqlite3_value_int64(y);
                c = (p > q) - (p < q);
            } else {
                double p = sqlite3_value_double(x), q = sqlite3_value_double(y);
                c = (p > q) - (p < q);
            }
        } else {
            char bx[400], by[400];
            size_t nx, ny;
            const char *sx = text_of(x, bx, sizeof bx, &nx), *sy = text_of(y, by, sizeof by, &ny);
            c = lw_collation_compare(g->kcoll, (int)nx, sx, (int)ny, sy);
            c = (c > 0) - (c < 0);
        }
        if (c)
            return g->dirs[i] == 'd' ? -c : c;
    }
    return 0;
}

static int compare_text(const gc_state *g, const gc_row *a, const gc_row *b)
{
    int c = lw_collation_compare(g->coll, (int)a->len, a->text, (int)b->len, b->text);
    return (c > 0) - (c < 0);
}

/* A stable merge sort of the row indexes by cmp. */
static void sort_rows(const gc_state *g, size_t *idx, size_t *tmp, size_t n,
                      int (*cmp)(const gc_state *, const gc_row *, const gc_row *))
{
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n,
                   hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = cmp(g, &g->rows[idx[j]], &g->rows[idx[i]]) < 0 ? idx[j++] : idx[i++];
            while (i < mid)
                tmp[k++] = idx[i++];
            while (j < hi)
                tmp[k++] = idx[j++];
        }
        memcpy(idx, tmp, n * sizeof *idx);
    }
}

static void gc_free(gc_state *g)
{
    for (size_t i = 0; i < g->n; i++) {
        sqlite3_free(g->rows[i].text);
        for (int k = 0; g->rows[i].keys && k < g->nkeys; k++)
            sqlite3_value_free(g->rows[i].keys[k]);
        sqlite3_free(g->rows[i].keys);
    }
    sqlite3_free(g->rows);
    sqlite3_free(g->sep);
    if (g->coll)
        lw_collation_close(g->coll);
    if (g->kcoll)
        lw_collation_close(g->kcoll);
    sqlite3_free(g);
}

static void gc_final(sqlite3_context *ctx)
{
    gc_state **slot = sqlite3_aggregate_context(ctx, 0);
    gc_state *g = slot ? *slot : NULL;
    if (!g)
        return;
    size_t *idx = g->n ? sqlite3_malloc64(2 * g->n * sizeof *idx) : NULL;
    if (g->oom || (g->n && !idx)) {
        sqlite3_result_error_nomem(ctx);
        sqlite3_free(idx);
        gc_free(g);
        return;
    }
    size_t n = g->n;
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    if (g->distinct && n) {
        sort_rows(g, idx, idx + g->n, n, compare_text);
        size_t kept = 1;
        for (size_t i = 1; i < n; i++)
            if (compare_text(g, &g->rows[idx[i]], &g->rows[idx[kept - 1]]) != 0)
                idx[kept++] = idx[i];
        n = kept;
    }
    if (g->nkeys && n)
        sort_rows(g, idx, idx + g->n, n, compare_keys);
    if (!n) {
        sqlite3_free(idx);
        gc_free(g);
        return;
    }
    my_session *s = MY_SESSION(ctx);
    uint64_t max = s->group_concat_max_len;
    lw_sqlbuf out = {0};
    lw_sqlbuf_append(&out, "", 0);
    for (size_t i = 0; i < n; i++) {
        if (i)
            lw_sqlbuf_append(&out, g->sep, g->sep_len);
        const gc_row *r = &g->rows[idx[i]];
        lw_sqlbuf_append(&out, r->text, r->len);
        if (out.len > max) {
            size_t cut = (size_t)max;
            while (cut > 0 && ((unsigned char)out.s[cut] & 0xC0) == 0x80)
                cut--;
            out.len = cut;
            out.s[cut] = 0;
            my_warn(s, LW_LEVEL_WARNING, 1260, "Row %u was cut by GROUP_CONCAT()",
                    (unsigned)(i + 1));
            break;
        }
    }
    if (out.oom)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text64(ctx, out.s, out.len, SQLITE_TRANSIENT, SQLITE_UTF8);
    lw_sqlbuf_free(&out);
    sqlite3_free(idx);
    gc_free(g);
}

/* ---- BIT_OR, BIT_AND, BIT_XOR ------------------------------------------------------------------
 */

typedef struct bit_state {
    uint64_t v;
    int started;
} bit_state;

/* X's bits OR'ed, AND'ed or XOR'ed (op '|', '&', '^') as BIGINT UNSIGNED: a negative
 * integer as its two's complement, a string or a DOUBLE rounded as MariaDB converts it;
 * NULLs skipped. No row: 0, and 18446744073709551615 for AND. */
static void bit_step(sqlite3_context *ctx, sqlite3_value *x, char op)
{
    bit_state *b = sqlite3_aggregate_context(ctx, sizeof *b);
    if (!b) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (!b->started) {
        b->started = 1;
        b->v = op == '&' ? UINT64_MAX : 0;
    }
    int t = sqlite3_value_type(x);
    if (t == SQLITE_NULL)
        return;
    uint64_t u;
    if (t == SQLITE_INTEGER) {
        u = (uint64_t)sqlite3_value_int64(x);
    } else {
        double d = 0;
        if (my_value_double(MY_SESSION(ctx), x, &d))
            return;
        d = d < 0 ? -floor(-d + 0.5) : floor(d + 0.5);
        u = d >= 18446744073709551615.0 ? UINT64_MAX : d < 0 ? (uint64_t)(int64_t)d : (uint64_t)d;
    }
    b->v = op == '|' ? b->v | u : op == '&' ? b->v & u : b->v ^ u;
}

static void bit_final(sqlite3_context *ctx, char op)
{
    bit_state *b = sqlite3_aggregate_context(ctx, 0);
    uint64_t v = b && b->started ? b->v : op == '&' ? UINT64_MAX : 0;
    if (v > (uint64_t)INT64_MAX) {
        char buf[24];
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
        sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_result_int64(ctx, (sqlite3_int64)v);
    }
}

static void bit_or_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    bit_step(ctx, argv[0], '|');
}

static void bit_and_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    bit_step(ctx, argv[0], '&');
}

static void bit_xor_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    bit_step(ctx, argv[0], '^');
}

static void bit_or_final(sqlite3_context *ctx)
{
    bit_final(ctx, '|');
}

static void bit_and_final(sqlite3_context *ctx)
{
    bit_final(ctx, '&');
}

static void bit_xor_final(sqlite3_context *ctx)
{
    bit_final(ctx, '^');
}

/* ---- STDDEV_POP, STDDEV_SAMP, VAR_POP, VAR_SAMP ------------------------------------------------
 */

typedef struct var_state {
    double mean, m2; /* Welford's running mean and sum of squared differences */
    sqlite3_int64 n;
} var_state;

/* The variance of X as DOUBLEs (NULLs skipped), or its square root. */
static void var_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    var_state *v = sqlite3_aggregate_context(ctx, sizeof *v);
    if (!v) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    double x = 0;
    if (my_value_double(MY_SESSION(ctx), argv[0], &x))
        return;
    v->n++;
    double delta = x - v->mean;
    v->mean += delta / (double)v->n;
    v->m2 += delta * (x - v->mean);
}

/* ---- COUNT(DISTINCT v1, ..., vN) ------------------------------------------------------ */

/* The expressions one COUNT(DISTINCT ...) may take. */
#define CD_MAX 32

typedef struct cd_state {
    int n;
    lw_collation *coll[CD_MAX]; /* NULL: not compared under a collation */
    char how[CD_MAX];           /* 'c' collation, 'd' DECIMAL, 'v' by value */
    sqlite3_value **rows;       /* the distinct rows, n values each, sorted; owned */
    size_t count, cap;
    int failed;
} cd_state;

static int cd_compare_value(const cd_state *c, int i, sqlite3_value *x, sqlite3_value *y)
{
    int tx = sqlite3_value_type(x), ty = sqlite3_value_type(y);
    int nx = sqlite3_value_bytes(x), ny = sqlite3_value_bytes(y);
    if (c->how[i] == 'c' || c->how[i] == 'd') {
        const char *sx = (const char *)sqlite3_value_text(x);
        const char *sy = (const char *)sqlite3_value_text(y);
        nx = sqlite3_value_bytes(x), ny = sqlite3_value_bytes(y);
        int r = c->how[i] == 'c' ? lw_collation_compare(c->coll[i], nx, sx, ny, sy)
                                 : lw_decimal_collate(NULL, nx, sx, ny, sy);
        return (r > 0) - (r < 0);
    }
    if ((tx == SQLITE_INTEGER || tx == SQLITE_FLOAT) &&
        (ty == SQLITE_INTEGER || ty == SQLITE_FLOAT)) {
        if (tx == SQLITE_INTEGER && ty == SQLITE_INTEGER) {
            sqlite3_int64 p = sqlite3_value_int64(x), q = sqlite3_value_int64(y);
            return (p > q) - (p < q);
        }
        double p = sqlite3_value_double(x), q = sqlite3_value_double(y);
        return (p > q) - (p < q);
    }
    if (tx != ty)
        return (tx > ty) - (tx < ty);
    const void *bx = sqlite3_value_blob(x), *by = sqlite3_value_blob(y);
    nx = sqlite3_value_bytes(x), ny = sqlite3_value_bytes(y);
    int r = memcmp(bx ? bx : "", by ? by : "", (size_t)(nx < ny ? nx : ny));
    return r ? (r > 0) - (r < 0) : (nx > ny) - (nx < ny);
}

static int cd_compare_row(const cd_state *c, sqlite3_value **a, sqlite3_value **b)
{
    for (int i = 0; i < c->n; i++) {
        int r = cd_compare_value(c, i, a[i], b[i]);
        if (r)
            return r;
    }
    return 0;
}

static int cd_init(sqlite3_context *ctx, cd_state *c, int argc, sqlite3_value **argv)
{
    int n = sqlite3_value_int(argv[0]);
    if (n < 1 || n > CD_MAX || argc != 1 + 2 * n) {
        sqlite3_result_error(ctx, "my_count_distinct: wrong number of arguments", -1);
        return -1;
    }
    c->n = n;
    for (int i = 0; i < n; i++) {
        const char *how = (const char *)sqlite3_value_text(argv[1 + i]);
        if (!how || !*how) {
            c->how[i] = 'v';
        } else if (!strcmp(how, "DECIMAL")) {
            c->how[i] = 'd';
        } else if (lw_collation_open(how, &c->coll[i]) == LW_COLLATION_OK) {
            c->how[i] = 'c';
        } else {
            my_error(ctx, 1273, "Unknown collation: '%s'", how);
            return -1;
        }
    }
    return 0;
}

static void cd_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    cd_state *c = sqlite3_aggregate_context(ctx, sizeof *c);
    if (!c) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (c->failed || (!c->n && cd_init(ctx, c, argc, argv))) {
        c->failed = 1;
        return;
    }
    sqlite3_value **row = argv + 1 + c->n;
    for (int i = 0; i < c->n; i++)
        if (sqlite3_value_type(row[i]) == SQLITE_NULL)
            return;
    size_t lo = 0, hi = c->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = cd_compare_row(c, c->rows + mid * (size_t)c->n, row);
        if (r == 0)
            return;
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (c->count == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        sqlite3_value **rows = sqlite3_realloc64(c->rows, cap * (size_t)c->n * sizeof *rows);
        if (!rows) {
            c->failed = 1;
            sqlite3_result_error_nomem(ctx);
            return;
        }
        c->rows = rows;
        c->cap = cap;
    }
    sqlite3_value **at = c->rows + lo * (size_t)c->n;
    memmove(at + c->n, at, (c->count - lo) * (size_t)c->n * sizeof *at);
    c->count++;
    for (int i = 0; i < c->n; i++) {
        at[i] = sqlite3_value_dup(row[i]);
        if (!at[i])
            c->failed = 1;
    }
    if (c->failed)
        sqlite3_result_error_nomem(ctx);
}

static void cd_final(sqlite3_context *ctx)
{
    cd_state *c = sqlite3_aggregate_context(ctx, 0);
    if (!c) {
        sqlite3_result_int64(ctx, 0);
        return;
    }
    if (!c->failed)
        sqlite3_result_int64(ctx, (sqlite3_int64)c->count);
    for (size_t i = 0; i < c->count * (size_t)c->n; i++)
        sqlite3_value_free(c->rows[i]);
    sqlite3_free(c->rows);
    for (int i = 0; i < c->n; i++)
        if (c->coll[i])
            lw_collation_close(c->coll[i]);
}

/* No row (or one, for a sample) is NULL. */
static void var_result(sqlite3_context *ctx, int sample, int root)
{
    var_state *v = sqlite3_aggregate_context(ctx, 0);
    if (!v || v->n == 0 || (sample && v->n < 2))
        return;
    double var = v->m2 / (double)(sample ? v->n - 1 : v->n);
    sqlite3_result_double(ctx, root ? sqrt(var) : var);
}

static void var_pop_final(sqlite3_context *ctx)
{
    var_result(ctx, 0, 0);
}

static void var_samp_final(sqlite3_context *ctx)
{
    var_result(ctx, 1, 0);
}

static void std_pop_final(sqlite3_context *ctx)
{
    var_result(ctx, 0, 1);
}

static void std_samp_final(sqlite3_context *ctx)
{
    var_result(ctx, 1, 1);
}

const lw_function_def my_aggregate_functions[] = {
    {"my_group_concat", -1, SQLITE_UTF8, NULL, gc_step, gc_final, NULL, NULL},
    {"my_count_distinct", -1, SQLITE_UTF8, NULL, cd_step, cd_final, NULL, NULL},
    {"my_bit_or", 1, SQLITE_UTF8, NULL, bit_or_step, bit_or_final, NULL, NULL},
    {"my_bit_and", 1, SQLITE_UTF8, NULL, bit_and_step, bit_and_final, NULL, NULL},
    {"my_bit_xor", 1, SQLITE_UTF8, NULL, bit_xor_step, bit_xor_final, NULL, NULL},
    {"my_var_pop", 1, SQLITE_UTF8, NULL, var_step, var_pop_final, NULL, NULL},
    {"my_var_samp", 1, SQLITE_UTF8, NULL, var_step, var_samp_final, NULL, NULL},
    {"my_stddev_pop", 1, SQLITE_UTF8, NULL, var_step, std_pop_final, NULL, NULL},
    {"my_stddev_samp", 1, SQLITE_UTF8, NULL, var_step, std_samp_final, NULL, NULL},
};
const size_t my_aggregate_functions_n =
    sizeof my_aggregate_functions / sizeof my_aggregate_functions[0];
