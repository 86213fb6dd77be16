/*
 * Parameters stored into columns, checked in C when they are bound (the lw_dialect's
 * check_values hook). A parameter that is a whole value of a row of INSERT ... VALUES
 * (INSERT INTO t (id, name) VALUES (:1, :2)), which is always stored, and goes into one
 * of these columns is written as a bare ?N, and its value is taken
 * here as the column's assignment takes a value written in the statement (types.c's
 * ora_wrap_store: ora_num, ora_store_text), with the same results and errors, instead
 * of by a function call per row:
 *
 *   NUMBER[(p[,s])]    an integer that fits is bound as it is; anything else is read as
 *                      a NUMBER (ORA-01722 for text that is no number), rounded half
 *                      away from zero to s places, ORA-01438 when it has more than p - s
 *                      digits before the point, ORA-01426 past 10^126, and bound as its
 *                      canonical text (the column's affinity stores it as SQL would)
 *   VARCHAR2(n [BYTE|CHAR]), NVARCHAR2(n)   at most n bytes (BYTE) or characters,
 *                      ORA-12899 naming "SCHEMA"."TABLE"."COLUMN" with the actual and
 *                      maximum lengths; a BINARY_DOUBLE value becomes its canonical
 *                      NUMBER text and bytes their hexadecimal text first, as Oracle
 *                      converts them
 *
 * An UPDATE's SET, MERGE, INSERT ALL and INSERT ... SELECT keep the wrappers: they may
 * store a value in no row, and Oracle then never converts it (UPDATE t SET v = :1 WHERE
 * 1 = 0 takes any :1). NULL stays NULL and an empty text is Oracle's NULL (the core binds
 * it so). A parameter
 * that occurs more than once in the statement is left to the SQL wrappers: converting
 * its value here would change it at its other places too. Values are checked before the
 * statement runs, so a refused value leaves the transaction as a failed statement does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/bound_values.h"
#include "dialect/oracle/oracle.h"

/* One parameter's rule: where its value goes. */
typedef struct ora_param_rule {
    int param;    /* SQLite's ?N */
    lw_kind kind; /* LW_K_NUMERIC or LW_K_VARCHAR */
    long long p;  /* NUMBER's precision (-1: none), VARCHAR2's length */
    long long s;  /* NUMBER's scale (-1: none) */
    int scaled;   /* NUMBER: p or s given (ora_num's three-argument form) */
    int chars;    /* VARCHAR2: the length is in characters */
    char *column; /* "SCHEMA"."TABLE"."COLUMN" */
    /* NUMBER: the integers that go in unchanged are [int_lo, int_hi] (none when
     * int_lo > int_hi; ora_number_fits's answer), decided once here, not per value */
    int64_t int_lo, int_hi;
} ora_param_rule;

typedef struct ora_stmt_data {
    ora_param_rule *rules;
    int n, cap;
} ora_stmt_data;

void ora_stmt_data_free(void *data)
{
    ora_stmt_data *d = data;
    if (!d)
        return;
    for (int i = 0; i < d->n; i++)
        sqlite3_free(d->rules[i].column);
    sqlite3_free(d->rules);
    sqlite3_free(d);
}

/* ---- At translation: which values are bare parameters ---------------------------------- */

/* The N of the output from start when it is one parameter "?N" (blanks after it), else 0. */
static int bare_parameter(const lw_sqlbuf *out, size_t start)
{
    if (start >= out->len || out->s[start] != '?')
        return 0;
    size_t i = start + 1;
    int n = 0;
    while (i < out->len && out->s[i] >= '0' && out->s[i] <= '9' && n < 100000)
        n = n * 10 + (out->s[i++] - '0');
    while (i < out->len && out->s[i] == ' ')
        i++;
    return i == out->len ? n : 0;
}

/* How many placeholders of the statement feed SQLite's ?param. */
static int occurrences(const lw_translation *t, int param)
{
    if (param < 1 || param > t->params->n)
        return 0;
    const lw_param_ref *ref = &t->params->refs[param - 1];
    int count = 0;
    for (size_t i = 0; i < t->n_tokens; i++) {
        const lw_token *k = &t->tokens[i];
        if (k->type != LW_TK_PARAM)
            continue;
        if (ref->name)
            count += (int)k->name_length == ref->name_len &&
                     !memcmp(t->sql + k->name_offset, ref->name, (size_t)ref->name_len);
        else if (k->kind == LW_PARAM_NUMBERED)
            count += k->number == (uint32_t)ref->position;
        else
            count += t->params->family == LW_PARAM_QMARK; /* each one is a value of its own */
    }
    return t->params->family == LW_PARAM_QMARK ? (count > 0) : count;
}

int ora_bind_rule(lw_walker *w, size_t start, const ora_type *ty, const char *col_name)
{
    if (!w->t->desc || !col_name) /* outside the statement path nothing checks values */
        return 0;
    /* Only a row of INSERT ... VALUES is always stored: an UPDATE, MERGE or INSERT ...
     * SELECT may store the value in no row, and then Oracle never converts it. */
    if (!w->in_values || !w->insert_table || w->scope_level != 0)
        return 0;
    if (ty->kind != LW_K_NUMERIC && !(ty->kind == LW_K_VARCHAR && ty->p >= 0))
        return 0;
    int param = bare_parameter(w->t->out, start);
    if (!param || occurrences(w->t, param) != 1)
        return 0;
    ora_stmt_data *d = w->t->stmt_data;
    if (!d) {
        d = sqlite3_malloc64(sizeof *d);
        if (!d)
            goto oom;
        memset(d, 0, sizeof *d);
        w->t->stmt_data = d;
    }
    if (d->n == d->cap) {
        int cap = d->cap ? 2 * d->cap : 4;
        ora_param_rule *r = sqlite3_realloc64(d->rules, (size_t)cap * sizeof *r);
        if (!r)
            goto oom;
        d->rules = r;
        d->cap = cap;
    }
    ora_param_rule *r = &d->rules[d->n];
    r->param = param;
    r->kind = ty->kind;
    r->p = ty->p;
    r->s = ty->s;
    r->scaled = ty->p >= 0 || ty->s >= 0;
    r->chars = ty->chars;
    r->int_lo = INT64_MIN;
    r->int_hi = INT64_MAX;
    if (r->scaled && (r->s < 0 || (r->p >= 0 && r->p - r->s < 0))) {
        r->int_lo = 1; /* none */
        r->int_hi = 0;
    } else if (r->scaled && r->p >= 0 && r->p - r->s <= 18) {
        int64_t limit = 1;
        for (long long k = 0; k < r->p - r->s; k++)
            limit *= 10;
        r->int_lo = -(limit - 1);
        r->int_hi = limit - 1;
    }
    r->column = sqlite3_mprintf("%s", col_name);
    if (!r->column)
        goto oom;
    d->n++;
    return 1;
oom:
    w->t->out->oom = 1;
    return 0;
}

/* ---- At binding ------------------------------------------------------------------------ */

void ora_bind_scratch_free(ora_state *st)
{
    lw_bind_scratch_free(st->bind_scratch);
    st->bind_scratch = NULL;
}

static size_t text_bytes(const lw_value *v)
{
    return !v->v.s.p ? 0 : v->v.s.n < 0 ? strlen(v->v.s.p) : (size_t)v->v.s.n;
}

static long long char_count(const char *s, size_t n)
{
    long long c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Whether v goes into the rule's column as it is (the common case, decided without a
 * copy). */
static int plainly_fine(const ora_param_rule *r, const lw_value *v)
{
    if (v->type == LW_TYPE_NULL)
        return 1;
    if (r->kind == LW_K_NUMERIC)
        return v->type == LW_TYPE_INT && v->v.i >= r->int_lo && v->v.i <= r->int_hi;
    if (v->type != LW_TYPE_TEXT)
        return 0;
    size_t n = text_bytes(v);
    /* n bytes are at most n characters */
    return (long long)n <= r->p || (r->chars && char_count(v->v.s.p, n) <= r->p);
}

/* v as a NUMBER stored into the rule's column. Returns 0, an ORA number, or -1 (out of
 * memory). */
static int store_number(lw_bind_scratch *sc, const ora_param_rule *r, lw_value *v)
{
    lw_decimal d;
    lw_decimal_init(&d);
    int code = 0;
    if (v->type == LW_TYPE_INT) {
        lw_decimal_from_int64(&d, v->v.i);
    } else if (v->type == LW_TYPE_REAL) {
        if (lw_decimal_from_double(&d, v->v.d) != LW_DECIMAL_OK)
            code = 1722;
    } else {
        size_t n = text_bytes(v);
        if (!n) {
            lw_decimal_clear(&d);
            v->type = LW_TYPE_NULL;
            return 0;
        }
        if (ora_number_parse(v->v.s.p, n, &d))
            code = 1722;
    }
    if (!code && r->scaled)
        code = ora_number_precision(&d, r->p, r->s);
    if (code) {
        lw_decimal_clear(&d);
        return code;
    }
    size_t len = 0;
    int overflow = 0;
    char *text = ora_number_text(&d, &len, &overflow);
    lw_decimal_clear(&d);
    if (overflow)
        return 1426;
    if (!lw_bind_scratch_keep(sc, text))
        return -1;
    v->type = LW_TYPE_TEXT;
    v->v.s.p = text;
    v->v.s.n = (int64_t)len;
    return 0;
}

/* v as text stored into the rule's VARCHAR2 column. Returns 0, 12899 (*actual set), or
 * -1 (out of memory). */
static int store_text(lw_bind_scratch *sc, const ora_param_rule *r, lw_value *v, long long *actual)
{
    char num[32];
    const char *s;
    size_t n;
    if (v->type == LW_TYPE_INT) {
        /* bound as it is: the column's affinity writes these very digits */
        n = (size_t)snprintf(num, sizeof num, "%lld", (long long)v->v.i);
        s = num;
    } else if (v->type == LW_TYPE_REAL) {
        lw_decimal d;
        lw_decimal_init(&d);
        int overflow = 0;
        char *text = NULL;
        n = 0;
        if (lw_decimal_from_double(&d, v->v.d) == LW_DECIMAL_OK) {
            text = ora_number_text(&d, &n, &overflow);
            if (!text && !overflow) {
                lw_decimal_clear(&d);
                return -1;
            }
        }
        lw_decimal_clear(&d);
        if (!text) { /* no NUMBER text: ora_store_text stores NULL */
            v->type = LW_TYPE_NULL;
            return 0;
        }
        if (!lw_bind_scratch_keep(sc, text))
            return -1;
        v->type = LW_TYPE_TEXT;
        v->v.s.p = s = text;
        v->v.s.n = (int64_t)n;
    } else if (v->type == LW_TYPE_BLOB) {
        size_t len = v->v.s.n < 0 || !v->v.s.p ? 0 : (size_t)v->v.s.n;
        if (!len) {
            v->type = LW_TYPE_NULL;
            return 0;
        }
        char *hex = lw_bind_scratch_keep(sc, sqlite3_malloc64(len * 2 + 1));
        if (!hex)
            return -1;
        const unsigned char *b = (const unsigned char *)v->v.s.p;
        for (size_t i = 0; i < len; i++)
            snprintf(hex + 2 * i, 3, "%02X", b[i]);
        v->type = LW_TYPE_TEXT;
        v->v.s.p = s = hex;
        v->v.s.n = (int64_t)(n = len * 2);
    } else {
        s = v->v.s.p ? v->v.s.p : "";
        n = text_bytes(v);
    }
    long long have = r->chars ? char_count(s, n) : (long long)n;
    if (have > r->p) {
        *actual = have;
        return 12899;
    }
    return 0;
}

/* The index into values of the caller's value of SQLite's ?param, or -1. */
int ora_check_values(void *state, const void *stmt_data, const lw_param_map *map,
                     const lw_value **values, int n, lw_dialect_error *err)
{
    ora_state *st = state;
    const ora_stmt_data *d = stmt_data;
    lw_bind_scratch_reset(st->bind_scratch);
    for (int i = 0; i < d->n; i++) {
        const ora_param_rule *r = &d->rules[i];
        int k = lw_bound_value_index(map, r->param, *values, n);
        if (k < 0 || plainly_fine(r, &(*values)[k]))
            continue;
        lw_bind_scratch *sc = lw_bind_scratch_get(&st->bind_scratch);
        lw_value *v = sc ? lw_bind_scratch_writable(sc, values, n) : NULL;
        if (!v)
            return ora_set_error(err, 4030, "out of process memory"), LW_ENOMEM;
        long long actual = 0;
        int code = r->kind == LW_K_NUMERIC ? store_number(sc, r, &v[k])
                                           : store_text(sc, r, &v[k], &actual);
        if (code < 0)
            return ora_set_error(err, 4030, "out of process memory"), LW_ENOMEM;
        switch (code) {
        case 0:
            break;
        case 1722:
            return ora_set_error(err, 1722, "invalid number");
        case 1438:
            return ora_set_error(err, 1438,
                                 "value larger than specified precision allowed for this column");
        case 1426:
            return ora_set_error(err, 1426, "numeric overflow");
        default:
            return ora_set_error(err, 12899,
                                 "value too large for column %s (actual: %lld, maximum: %lld)",
                                 r->column, actual, r->p);
        }
    }
    return 0;
}
