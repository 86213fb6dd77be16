/*
 * Parameters stored into columns (the lw_dialect's check_values hook): a parameter that
 * is a whole value of a row of INSERT ... VALUES (INSERT INTO t (id, name) VALUES (?, ?);
 * an UPDATE's SET may store it in no row, so my_assign checks it per row there) is
 * checked, and converted, in C when it is bound, as MariaDB's
 * Field::store() takes it, instead of by a call per row in the statement: the common
 * parameterised INSERT costs what SQLite's does (bench/pg_dialect).
 *
 *   integer columns   an integer in range; a DOUBLE rounded half to even; a string
 *                     read as a number (a fraction rounded half away from zero), 1265
 *                     when something follows the number, 1366 when there is none;
 *                     out of range 1264
 *   CHAR, VARCHAR     at most n characters (surplus spaces cut with note 1265, else
 *                     1406); a DOUBLE as the client prints it
 *   TEXT types        at most their bytes (1406)
 *
 * In a write under strict mode (the default) those are errors; otherwise the value is
 * clipped or cut and the condition is a warning, as my_assign does for values written
 * in the statement (runtime_assign.c, which handles the other types, and every value
 * that is not a bare parameter).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dialect/bound_values.h"
#include "dialect/mysql/mysql.h"

void my_stmt_data_free(void *data)
{
    my_stmt_data *d = data;
    if (!d)
        return;
    for (int i = 0; i < d->n; i++) {
        sqlite3_free(d->rules[i].table);
        sqlite3_free(d->rules[i].column);
    }
    sqlite3_free(d->rules);
    sqlite3_free(d);
}

int my_bind_rule(lw_walker *w, int param, const my_assign_spec *spec, const lw_assign_target *t)
{
    my_stmt_data *d = w->t->stmt_data;
    if (!d) {
        d = sqlite3_malloc64(sizeof *d);
        if (!d)
            return -1;
        memset(d, 0, sizeof *d);
        w->t->stmt_data = d;
    }
    if (d->n == d->cap) {
        int cap = d->cap ? 2 * d->cap : 8;
        my_param_rule *r = sqlite3_realloc64(d->rules, (size_t)cap * sizeof *r);
        if (!r)
            return -1;
        d->rules = r;
        d->cap = cap;
    }
    my_param_rule *r = &d->rules[d->n];
    r->param = param;
    r->kind = !strcmp(spec->type, "int")    ? MY_RULE_INT
              : !strcmp(spec->type, "text") ? MY_RULE_BYTES
                                            : MY_RULE_CHARS;
    r->a = spec->a;
    r->b = spec->b;
    r->row = t->row > 0 ? t->row : 1;
    r->table = sqlite3_mprintf("%s", t->table);
    r->column = sqlite3_mprintf("%s", t->column);
    if (!r->table || !r->column) {
        sqlite3_free(r->table);
        sqlite3_free(r->column);
        return -1;
    }
    d->n++;
    return 0;
}

/* ---- Checking one value --------------------------------------------------------------------- */

void my_bind_scratch_free(my_state *st)
{
    lw_bind_scratch_free(st->bind_scratch);
    st->bind_scratch = NULL;
}

/* A condition of a bound value: an error in a strict write (returns 1, err set), else
 * a warning (returns 0). */
static int condition(my_session *s, lw_dialect_error *err, int code, const char *msg)
{
    if (my_strict_write(s)) {
        lw_dialect_error_set(err, my_sqlstate_of(code), code, "%s", msg);
        my_warn(s, LW_LEVEL_ERROR, code, "%s", msg);
        return 1;
    }
    my_warn(s, LW_LEVEL_WARNING, code, "%s", msg);
    return 0;
}

static int rule_condition(my_session *s, lw_dialect_error *err, const my_param_rule *r, int code,
                          const char *what)
{
    char *m = sqlite3_mprintf(what, r->column, r->row);
    int rc = condition(s, err, code, m ? m : "");
    sqlite3_free(m);
    return rc;
}

/* The text of a text or blob value (its length in *n). */
static const char *value_text(const lw_value *v, size_t *n)
{
    const char *t = v->v.s.p ? v->v.s.p : "";
    *n = v->v.s.n < 0 ? strlen(t) : (size_t)v->v.s.n;
    return t;
}

static int check_integer(my_session *s, lw_bind_scratch *sc, const my_param_rule *r, lw_value *v,
                         lw_dialect_error *err)
{
    long long lo = r->a, hi = r->b;
    double d;
    switch (v->type) {
    case LW_TYPE_INT:
        if (v->v.i >= lo && v->v.i <= hi)
            return 0;
        d = (double)v->v.i;
        break;
    case LW_TYPE_REAL:
        d = nearbyint(v->v.d);
        break;
    case LW_TYPE_TEXT:
    case LW_TYPE_BLOB: {
        size_t n;
        const char *t = value_text(v, &n);
        my_number num;
        my_parse_number(t, n, &num);
        if (num.empty) {
            char *q = sqlite3_mprintf("%.*s", (int)(n > 64 ? 64 : n), t);
            char *m =
                sqlite3_mprintf("Incorrect integer value: '%s' for column `%s`.`%s`.`%s` at row %d",
                                q ? q : "", MY_DATABASE, r->table, r->column, r->row);
            int rc = condition(s, err, 1366, m ? m : "");
            sqlite3_free(q);
            sqlite3_free(m);
            if (rc)
                return 1;
        } else if (num.truncated &&
                   rule_condition(s, err, r, 1265, "Data truncated for column '%s' at row %d")) {
            return 1;
        }
        d = num.is_int ? (double)num.i : round(num.d);
        if (num.is_int && !num.is_unsigned && num.i >= lo && num.i <= hi) {
            v->type = LW_TYPE_INT;
            v->v.i = num.i;
            return 0;
        }
        break;
    }
    default:
        return 0;
    }
    if (d < (double)lo || d > (double)hi) {
        if (rule_condition(s, err, r, 1264, "Out of range value for column '%s' at row %d"))
            return 1;
        d = d < (double)lo ? (double)lo : (double)hi;
    }
    (void)sc;
    v->type = LW_TYPE_INT;
    v->v.i = (int64_t)d;
    return 0;
}

/* Characters (UTF-8) of t[0..n), counted up to limit + 1. */
static size_t prefix_bytes(const char *t, size_t n, long long chars, long long *count)
{
    size_t i = 0;
    long long c = 0;
    while (i < n && c < chars) {
        i++;
        while (i < n && ((unsigned char)t[i] & 0xC0) == 0x80)
            i++;
        c++;
    }
    *count = c;
    return i;
}

static int check_text(my_session *s, lw_bind_scratch *sc, const my_param_rule *r, lw_value *v,
                      lw_dialect_error *err)
{
    if (v->type == LW_TYPE_REAL) {
        char buf[400];
        my_format_double(v->v.d, 0, buf, sizeof buf);
        char *t = lw_bind_scratch_keep(sc, sqlite3_mprintf("%s", buf));
        if (!t)
            return LW_ENOMEM;
        v->type = LW_TYPE_TEXT;
        v->v.s.p = t;
        v->v.s.n = -1;
    }
    if (v->type != LW_TYPE_TEXT && v->type != LW_TYPE_BLOB)
        return 0;
    size_t n;
    const char *t = value_text(v, &n);
    if (r->kind == MY_RULE_BYTES) {
        if ((long long)n <= r->a)
            return 0;
        if (rule_condition(s, err, r, 1406, "Data too long for column '%s' at row %d"))
            return 1;
        v->v.s.n = (int64_t)r->a;
        return 0;
    }
    long long count;
    size_t keep = prefix_bytes(t, n, r->a, &count);
    if (keep < n) {
        size_t k = keep;
        while (k < n && t[k] == ' ')
            k++;
        if (k == n)
            my_warn(s, LW_LEVEL_NOTE, 1265, "Data truncated for column '%s' at row %d", r->column,
                    r->row);
        else if (rule_condition(s, err, r, 1406, "Data too long for column '%s' at row %d"))
            return 1;
        v->v.s.n = (int64_t)keep;
    }
    return 0;
}

/* Whether v needs no look beyond its type (the common case, checked without a copy). */
static int plainly_fine(const my_param_rule *r, const lw_value *v)
{
    if (v->type == LW_TYPE_NULL)
        return 1;
    if (r->kind == MY_RULE_INT)
        return v->type == LW_TYPE_INT && v->v.i >= r->a && v->v.i <= r->b;
    if (v->type == LW_TYPE_INT)
        return 1;
    if (v->type != LW_TYPE_TEXT)
        return 0;
    /* Short enough in bytes to be short enough in characters too. */
    size_t n = v->v.s.n < 0 ? strlen(v->v.s.p ? v->v.s.p : "") : (size_t)v->v.s.n;
    return (long long)n <= r->a;
}

int my_check_values(void *state, const void *stmt_data, const lw_param_map *map,
                    const lw_value **values, int n, lw_dialect_error *err)
{
    my_state *st = state;
    const my_stmt_data *d = stmt_data;
    lw_bind_scratch_reset(st->bind_scratch);
    for (int i = 0; i < d->n; i++) {
        const my_param_rule *r = &d->rules[i];
        int k = lw_bound_value_index(map, r->param, *values, n);
        if (k < 0 || plainly_fine(r, &(*values)[k]))
            continue;
        lw_bind_scratch *sc = lw_bind_scratch_get(&st->bind_scratch);
        lw_value *v = sc ? lw_bind_scratch_writable(sc, values, n) : NULL;
        if (!v)
            return LW_ENOMEM;
        int rc = r->kind == MY_RULE_INT ? check_integer(st->session, sc, r, &v[k], err)
                                        : check_text(st->session, sc, r, &v[k], err);
        if (rc)
            return rc == 1 ? LW_ECONSTRAINT : rc;
    }
    return 0;
}
