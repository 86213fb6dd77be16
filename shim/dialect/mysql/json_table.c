/*
 * JSON_TABLE's rows (json_table.h): the places of each path, the values converted to
 * the columns' types as MariaDB converts them, with its warnings and errors.
 */
#include "dialect/mysql/json_table.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/lw_sqlite.h"

my_jt_spec *my_jt_spec_new(void)
{
    my_jt_spec *spec = sqlite3_malloc64(sizeof *spec);
    if (spec)
        memset(spec, 0, sizeof *spec);
    return spec;
}

void my_jt_spec_free(my_jt_spec *spec)
{
    if (!spec)
        return;
    for (int i = 0; i < spec->n_columns; i++) {
        my_jt_column *c = &spec->columns[i];
        sqlite3_free(c->name);
        sqlite3_free(c->path_text);
        sqlite3_free(c->empty_default);
        sqlite3_free(c->error_default);
    }
    for (int i = 0; i < spec->n_levels; i++) {
        sqlite3_free(spec->levels[i].path_text);
    }
    sqlite3_free(spec->alias);
    sqlite3_free(spec);
}

int my_jt_path(const char *text, size_t n, char **copy, size_t *pos)
{
    *copy = NULL;
    my_jpath *p = sqlite3_malloc64(sizeof *p);
    char *t = sqlite3_malloc64(n + 1);
    if (!p || !t) {
        sqlite3_free(p);
        sqlite3_free(t);
        return -1;
    }
    memcpy(t, text, n);
    t[n] = 0;
    my_jpath_status st = my_jpath_parse(t, n, p, pos);
    sqlite3_free(p);
    if (st != MY_JPATH_OK) {
        sqlite3_free(t);
        return (int)st;
    }
    *copy = t;
    return MY_JPATH_OK;
}

/* ---- Conditions ------------------------------------------------------------------------------ */

static void warn(my_jt_rows *r, int code, const char *fmt, ...)
{
    if (r->n_warnings == r->cap_warnings) {
        int cap = r->cap_warnings ? 2 * r->cap_warnings : 8;
        my_jt_condition *w = sqlite3_realloc64(r->warnings, (sqlite3_uint64)cap * sizeof *w);
        if (!w) {
            r->oom = 1;
            return;
        }
        r->warnings = w;
        r->cap_warnings = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    char *m = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    if (!m) {
        r->oom = 1;
        return;
    }
    r->warnings[r->n_warnings].code = code;
    r->warnings[r->n_warnings++].message = m;
}

static int fail(my_jt_rows *r, int code, const char *fmt, const char *column, const char *alias)
{
    r->error.code = code;
    r->error.message = sqlite3_mprintf(fmt, column, alias);
    if (!r->error.message)
        r->oom = 1;
    return -1;
}

/* ---- Values ---------------------------------------------------------------------------------- */

/* The text of a scalar node: a string decoded, a number as written, true and false as
 * words. A new string (sqlite3_free) in *out, or -1 out of memory. */
static int scalar_text(const lw_json *doc, uint32_t node, char **out, size_t *n)
{
    const lw_json_node *x = &doc->nodes[node];
    if (x->type == LW_JSON_STRING) {
        /* Raw strings keep their escapes: parse the string alone to decode them. */
        char *quoted = sqlite3_mprintf("\"%.*s\"", (int)x->len, doc->bytes + x->off);
        lw_json j;
        lw_json_init(&j);
        int ok = quoted && lw_json_parse(&j, quoted, x->len + 2, 0, NULL) == LW_JSON_OK;
        *out = ok ? sqlite3_mprintf("%.*s", (int)j.nodes[0].len, j.bytes + j.nodes[0].off) : NULL;
        *n = ok ? j.nodes[0].len : 0;
        lw_json_clear(&j);
        sqlite3_free(quoted);
    } else if (x->type == LW_JSON_NUMBER) {
        *out = sqlite3_mprintf("%.*s", (int)x->len, doc->bytes + x->off);
        *n = x->len;
    } else {
        *out = sqlite3_mprintf("%s", x->type == LW_JSON_TRUE ? "true" : "false");
        *n = strlen(x->type == LW_JSON_TRUE ? "true" : "false");
    }
    return *out ? 0 : -1;
}

/* Whether t is a whole number (leading and trailing spaces allowed), its value in *v. */
static int whole_number(const char *t, double *v)
{
    char *end;
    while (*t == ' ')
        t++;
    if (!*t)
        return 0;
    *v = strtod(t, &end);
    while (*end == ' ')
        end++;
    return end != t && !*end && isfinite(*v);
}

static size_t utf8_prefix(const char *s, size_t n, long long chars)
{
    size_t i = 0;
    for (long long k = 0; k < chars && i < n; k++) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

/* Converts text t (n bytes) to column c's type into v; boolean: t is JSON true or
 * false. row: the row number the warnings quote. */
static void convert_text(my_jt_rows *r, const my_jt_column *c, char *t, size_t n, int boolean,
                         long long row, my_jt_value *v)
{
    if (c->type == MY_JT_STRING) {
        size_t keep = c->chars < 0 ? n : utf8_prefix(t, n, c->chars);
        if (keep < n)
            warn(r, 1265, "Data truncated for column '%s' at row %lld", c->name, row);
        t[keep] = 0;
        v->type = SQLITE_TEXT;
        v->s = t;
        v->n = keep;
        return;
    }
    double d = 0;
    int number = boolean ? (d = !strcmp(t, "true"), 1) : whole_number(t, &d);
    if (!number)
        warn(r, 1366, "Incorrect %s value: '%s' for column `*any*`.`json_table`.`%s` at row %lld",
             c->type == MY_JT_INT ? "integer" : "double", t, c->name, row);
    /* An integer written in full keeps every digit (a double holds 53 bits). */
    char *end = NULL;
    errno = 0;
    long long exact = number && !boolean ? strtoll(t, &end, 10) : 0;
    int is_exact = end && end != t && !*end && errno == 0;
    sqlite3_free(t);
    if (c->type == MY_JT_DOUBLE) {
        v->type = SQLITE_FLOAT;
        v->d = d;
        return;
    }
    v->type = SQLITE_INTEGER;
    /* 2^63 and past are out of every range (the double of INT64_MAX is 2^63). */
    double rd = round(d);
    if (is_exact ? exact < c->lo || exact > c->hi
                 : rd < (double)c->lo || rd > (double)c->hi || rd >= 9223372036854775808.0) {
        warn(r, 1264, "Out of range value for column '%s' at row %lld", c->name, row);
        v->i = (is_exact ? exact < c->lo : d < 0) ? c->lo : c->hi;
    } else {
        v->i = is_exact ? exact : (long long)rd;
    }
}

/* Column c's cell for the place `at` (MY_JNONE: none) of its level, ordinal its number. */
static int column_value(my_jt_rows *r, const my_jt_spec *spec, const my_jt_column *c,
                        const my_jpath *path, const lw_json *doc, uint32_t at, long long ordinal,
                        long long row, my_jt_value *v)
{
    memset(v, 0, sizeof *v);
    v->type = SQLITE_NULL;
    if (at == MY_JNONE)
        return 0;
    if (c->kind == MY_JT_ORDINALITY) {
        v->type = SQLITE_INTEGER;
        v->i = ordinal;
        return 0;
    }
    my_jnodes found = {0};
    my_jpath_find(doc, at, path, &found);
    uint32_t node = found.n ? found.v[0] : MY_JNONE;
    int oom = found.oom;
    my_jnodes_free(&found);
    if (oom) {
        r->oom = 1;
        return -1;
    }
    if (c->kind == MY_JT_EXISTS) {
        v->type = SQLITE_INTEGER;
        v->i = node != MY_JNONE;
        return 0;
    }
    const char *dflt = NULL;
    if (node == MY_JNONE) {
        if (c->on_empty == MY_JT_ERROR)
            return fail(r, 4176, "Field '%s' can't be set for JSON_TABLE '%s'.", c->name,
                        spec->alias);
        dflt = c->on_empty == MY_JT_DEFAULT ? c->empty_default : NULL;
    } else {
        const lw_json_node *x = &doc->nodes[node];
        int container = x->type == LW_JSON_ARRAY || x->type == LW_JSON_OBJECT;
        if (c->type == MY_JT_JSON) {
            lw_sqlbuf b = {0};
            my_json_write(&b, doc, node, 0, NULL);
            v->n = b.len;
            v->s = lw_sqlbuf_finish(&b);
            v->type = v->s ? SQLITE_TEXT : SQLITE_NULL;
            return v->s ? 0 : (r->oom = 1, -1);
        }
        if (container) {
            if (c->on_error == MY_JT_ERROR)
                return fail(r, 4178,
                            "Can't store an array or an object in the scalar column '%s' of "
                            "JSON_TABLE '%s'.",
                            c->name, spec->alias);
            dflt = c->on_error == MY_JT_DEFAULT ? c->error_default : NULL;
        } else if (x->type != LW_JSON_NULL) {
            char *t;
            size_t n;
            if (scalar_text(doc, node, &t, &n)) {
                r->oom = 1;
                return -1;
            }
            convert_text(r, c, t, n, x->type == LW_JSON_TRUE || x->type == LW_JSON_FALSE, row, v);
            return 0;
        }
    }
    if (dflt) {
        char *t = sqlite3_mprintf("%s", dflt);
        if (!t) {
            r->oom = 1;
            return -1;
        }
        convert_text(r, c, t, strlen(t), 0, row, v);
    }
    return 0;
}

/* ---- Rows ------------------------------------------------------------------------------------ */

typedef struct builder {
    const my_jt_spec *spec;
    const my_jpath *paths; /* the levels' paths, then the columns' */
    const lw_json *doc;
    my_jt_rows *out;
    uint32_t place[MY_JT_MAX_LEVELS]; /* each level's current place, MY_JNONE: none */
    long long ordinal[MY_JT_MAX_LEVELS];
} builder;

/* Adds a row of the current places. */
static int emit(builder *b)
{
    my_jt_rows *r = b->out;
    if (r->n_rows == r->cap_rows) {
        size_t cap = r->cap_rows ? 2 * r->cap_rows : 16;
        my_jt_value *cells = sqlite3_realloc64(
            r->cells, (sqlite3_uint64)cap * (sqlite3_uint64)r->n_columns * sizeof *cells);
        if (!cells) {
            r->oom = 1;
            return -1;
        }
        r->cells = cells;
        r->cap_rows = cap;
    }
    my_jt_value *row = r->cells + r->n_rows * (size_t)r->n_columns;
    /* Counted before the values, so a failure leaves no cell unowned. */
    for (int i = 0; i < r->n_columns; i++)
        row[i].type = SQLITE_NULL, row[i].s = NULL;
    r->n_rows++;
    for (int i = 0; i < r->n_columns; i++) {
        const my_jt_column *c = &b->spec->columns[i];
        if (column_value(r, b->spec, c, &b->paths[b->spec->n_levels + i], b->doc,
                         b->place[c->level], b->ordinal[c->level], (long long)r->n_rows, &row[i]))
            return -1;
    }
    return 0;
}

static int level_rows(builder *b, int level, uint32_t from, size_t *made);

/* The rows of the NESTED paths of level at its current place: each one's in turn, or
 * the place alone when none reaches anything. */
static int children_rows(builder *b, int level, size_t *made)
{
    size_t before = *made;
    for (int k = level + 1; k < b->spec->n_levels; k++)
        if (b->spec->levels[k].parent == level && level_rows(b, k, b->place[level], made))
            return -1;
    if (*made > before)
        return 0;
    (*made)++;
    return emit(b);
}

/* The rows of level for each place its path reaches from `from`. */
static int level_rows(builder *b, int level, uint32_t from, size_t *made)
{
    my_jnodes found = {0};
    my_jpath_find(b->doc, from, &b->paths[level], &found);
    if (found.oom) {
        my_jnodes_free(&found);
        b->out->oom = 1;
        return -1;
    }
    int rc = 0;
    for (uint32_t i = 0; i < found.n && !rc; i++) {
        b->place[level] = found.v[i];
        b->ordinal[level] = (long long)i + 1;
        rc = children_rows(b, level, made);
    }
    b->place[level] = MY_JNONE;
    my_jnodes_free(&found);
    return rc;
}

/* Parses text[0..n) (checked when the definition was read) into p; an ordinality
 * column has none. */
static int parse_path(const char *text, size_t n, my_jpath *p)
{
    size_t pos;
    if (!text) {
        p->n = 0;
        return 0;
    }
    return my_jpath_parse(text, n, p, &pos) == MY_JPATH_OK ? 0 : -1;
}

int my_jt_rows_make(const my_jt_spec *spec, const lw_json *doc, my_jt_rows *out)
{
    builder b;
    b.spec = spec;
    b.doc = doc;
    b.out = out;
    for (int i = 0; i < MY_JT_MAX_LEVELS; i++) {
        b.place[i] = MY_JNONE;
        b.ordinal[i] = 0;
    }
    out->n_columns = spec->n_columns;
    my_jpath *paths =
        sqlite3_malloc64((sqlite3_uint64)(spec->n_levels + spec->n_columns + 1) * sizeof *paths);
    if (!paths) {
        out->oom = 1;
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < spec->n_levels && !rc; i++)
        rc = parse_path(spec->levels[i].path_text, spec->levels[i].path_len, &paths[i]);
    for (int i = 0; i < spec->n_columns && !rc; i++)
        rc = parse_path(spec->columns[i].path_text, spec->columns[i].path_len,
                        &paths[spec->n_levels + i]);
    b.paths = paths;
    size_t made = 0;
    if (rc)
        out->oom = 1; /* a checked path cannot fail; treated as a failure all the same */
    else if (spec->n_levels)
        rc = level_rows(&b, 0, 0, &made);
    sqlite3_free(paths);
    return rc || out->oom ? -1 : 0;
}

void my_jt_rows_free(my_jt_rows *rows)
{
    for (size_t i = 0; i < rows->n_rows * (size_t)rows->n_columns; i++)
        sqlite3_free(rows->cells[i].s);
    sqlite3_free(rows->cells);
    for (int i = 0; i < rows->n_warnings; i++)
        sqlite3_free(rows->warnings[i].message);
    sqlite3_free(rows->warnings);
    sqlite3_free(rows->error.message);
    memset(rows, 0, sizeof *rows);
}
