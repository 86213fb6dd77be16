/*
 * MariaDB's JSON paths, output form, containment and merges over parsed documents:
 * see json_doc.h. Every function here is plain C over lw_json trees; runtime_json.c
 * turns them into SQL functions with MariaDB's warnings.
 *
 * Containment (JSON_CONTAINS) follows MariaDB's rules, not jsonb's: an object
 * contains an object whose every member it has with a contained value; an array
 * contains an array whose every element it contains, and any other value that one of
 * its elements contains (so [[1, 2], 3] contains 1 and [1]); a scalar contains an
 * equal scalar: numbers compared as numbers (1.0 and 1), strings as written.
 */
#include "dialect/mysql/json_doc.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static const lw_json_node *node_at(const lw_json *j, uint32_t n)
{
    return &j->nodes[n];
}

uint32_t my_json_child(const lw_json *j, uint32_t node, uint32_t i)
{
    const lw_json_node *c = node_at(j, node);
    return c->type == LW_JSON_OBJECT ? j->kids[c->off + 2 * i + 1] : j->kids[c->off + i];
}

uint32_t my_json_key(const lw_json *j, uint32_t obj, uint32_t i)
{
    return j->kids[node_at(j, obj)->off + 2 * i];
}

static int key_is(const lw_json *j, uint32_t key, const char *name, size_t n)
{
    const lw_json_node *k = node_at(j, key);
    return k->len == n && memcmp(j->bytes + k->off, name, n) == 0;
}

uint32_t my_json_member(const lw_json *j, uint32_t obj, const char *key, size_t n)
{
    const lw_json_node *o = node_at(j, obj);
    if (o->type != LW_JSON_OBJECT)
        return MY_JNONE;
    for (uint32_t i = 0; i < o->len; i++)
        if (key_is(j, my_json_key(j, obj, i), key, n))
            return my_json_child(j, obj, i);
    return MY_JNONE;
}

/* ---- Paths ------------------------------------------------------------------------------ */

static int is_key_char(char c)
{
    return c != '.' && c != '[' && c != ' ' && c != '\t' && c != '*' && c != '"';
}

my_jpath_status my_jpath_parse(const char *text, size_t n, my_jpath *p, size_t *pos)
{
    size_t i = 0;
    p->n = 0;
    p->wild = 0;
    p->none = 0;
    while (i < n && (text[i] == ' ' || text[i] == '\t'))
        i++;
    if (i >= n)
        return MY_JPATH_END;
    if (text[i] != '$')
        return *pos = i + 1, MY_JPATH_SYNTAX;
    i++;
    for (;;) {
        while (i < n && (text[i] == ' ' || text[i] == '\t'))
            i++;
        if (i >= n)
            return MY_JPATH_OK;
        if (p->n >= MY_JPATH_MAX_STEPS)
            return *pos = i + 1, MY_JPATH_SYNTAX;
        my_jstep *s = &p->steps[p->n];
        memset(s, 0, sizeof *s);
        char c = text[i++];
        if (c == '.') {
            if (i >= n)
                return MY_JPATH_END;
            if (text[i] == '*') {
                s->kind = MY_JSTEP_ANY_KEY;
                p->wild = 1;
                i++;
            } else if (text[i] == '"') {
                size_t start = ++i;
                while (i < n && text[i] != '"')
                    i += text[i] == '\\' && i + 1 < n ? 2 : 1;
                if (i >= n)
                    return MY_JPATH_END;
                s->kind = MY_JSTEP_KEY;
                s->key = text + start;
                s->key_len = i - start;
                i++;
            } else {
                size_t start = i;
                while (i < n && is_key_char(text[i]))
                    i++;
                if (i == start)
                    return *pos = i + 1, MY_JPATH_SYNTAX;
                s->kind = MY_JSTEP_KEY;
                s->key = text + start;
                s->key_len = i - start;
            }
        } else if (c == '[') {
            while (i < n && text[i] == ' ')
                i++;
            if (i < n && text[i] == '*') {
                s->kind = MY_JSTEP_ANY_INDEX;
                p->wild = 1;
                i++;
            } else {
                s->kind = MY_JSTEP_INDEX;
                if (n - i >= 4 && memcmp(text + i, "last", 4) == 0) {
                    s->from_last = 1;
                    i += 4;
                    while (i < n && text[i] == ' ')
                        i++;
                    if (i < n && text[i] == '-') {
                        i++;
                        while (i < n && text[i] == ' ')
                            i++;
                    } else {
                        goto close;
                    }
                }
                if (i >= n)
                    return MY_JPATH_END;
                if (text[i] < '0' || text[i] > '9')
                    return *pos = i + 1, MY_JPATH_SYNTAX;
                while (i < n && text[i] >= '0' && text[i] <= '9') {
                    if (s->index > 100000000LL)
                        return *pos = i + 1, MY_JPATH_SYNTAX;
                    s->index = s->index * 10 + (text[i++] - '0');
                }
            }
        close:
            while (i < n && text[i] == ' ')
                i++;
            if (i >= n)
                return MY_JPATH_END;
            if (text[i] != ']')
                return *pos = i + 1, MY_JPATH_SYNTAX;
            i++;
        } else if (c == '*' && i < n && text[i] == '*') {
            if (p->n > 0 && p->steps[p->n - 1].kind == MY_JSTEP_KEY &&
                p->steps[p->n - 1].key + p->steps[p->n - 1].key_len == text + i - 1)
                p->none = 1;
            s->kind = MY_JSTEP_ANY_DEPTH;
            p->wild = 1;
            i++;
            /* A `**` must lead somewhere. */
            size_t k = i;
            while (k < n && (text[k] == ' ' || text[k] == '\t'))
                k++;
            if (k >= n)
                return *pos = k + 1, MY_JPATH_SYNTAX;
        } else {
            return *pos = i, MY_JPATH_SYNTAX;
        }
        p->n++;
    }
}

void my_jnodes_free(my_jnodes *l)
{
    sqlite3_free(l->v);
    memset(l, 0, sizeof *l);
}

static void jnodes_add(my_jnodes *l, uint32_t node)
{
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? 2 * l->cap : 8;
        uint32_t *v = sqlite3_realloc64(l->v, (sqlite3_uint64)cap * sizeof *v);
        if (!v) {
            l->oom = 1;
            return;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = node;
}

/* One past the last node of node's subtree: nodes are in pre-order, so a subtree is
 * the run of nodes from it to its last descendant. */
static uint32_t subtree_end(const lw_json *j, uint32_t node)
{
    for (;;) {
        const lw_json_node *c = node_at(j, node);
        if ((c->type != LW_JSON_ARRAY && c->type != LW_JSON_OBJECT) || c->len == 0)
            return node + 1;
        node = my_json_child(j, node, c->len - 1);
    }
}

/* Marks in next the places one step s leads to from node. */
static void step_from(const lw_json *j, uint32_t node, const my_jstep *s, const unsigned char *key,
                      unsigned char *next)
{
    const lw_json_node *c = node_at(j, node);
    switch (s->kind) {
    case MY_JSTEP_KEY: {
        uint32_t v = my_json_member(j, node, s->key, s->key_len);
        if (v != MY_JNONE)
            next[v] = 1;
        return;
    }
    case MY_JSTEP_ANY_KEY:
        if (c->type == LW_JSON_OBJECT)
            for (uint32_t i = 0; i < c->len; i++)
                next[my_json_child(j, node, i)] = 1;
        return;
    case MY_JSTEP_INDEX: {
        if (c->type != LW_JSON_ARRAY) {
            /* A value that is not an array is the array of itself, as in MariaDB. */
            if (s->index == 0)
                next[node] = 1;
            return;
        }
        long long i = s->from_last ? (long long)c->len - 1 - s->index : s->index;
        if (i >= 0 && i < (long long)c->len)
            next[my_json_child(j, node, (uint32_t)i)] = 1;
        return;
    }
    case MY_JSTEP_ANY_INDEX:
        if (c->type == LW_JSON_ARRAY)
            for (uint32_t i = 0; i < c->len; i++)
                next[my_json_child(j, node, i)] = 1;
        return;
    case MY_JSTEP_ANY_DEPTH:
        /* The node and every value below it (object keys are no places). */
        for (uint32_t k = node, end = subtree_end(j, node); k < end; k++)
            if (!key[k])
                next[k] = 1;
        return;
    }
}

/*
 * The places are found a step at a time as a set of nodes (one byte per node), so a
 * place is reached once however many ways lead to it, the result is in document order,
 * and the work is at most the path's steps times the document's nodes: `**` repeated
 * cannot multiply it.
 */
void my_jpath_find(const lw_json *j, uint32_t from, const my_jpath *p, my_jnodes *out)
{
    uint32_t n = j->n_nodes;
    unsigned char *cur = sqlite3_malloc64(n), *next = sqlite3_malloc64(n);
    unsigned char *key = sqlite3_malloc64(n);
    if (!cur || !next || !key) {
        out->oom = 1;
        goto done;
    }
    memset(key, 0, n);
    for (uint32_t i = 0; i < n; i++)
        if (node_at(j, i)->type == LW_JSON_OBJECT)
            for (uint32_t m = 0; m < node_at(j, i)->len; m++)
                key[my_json_key(j, i, m)] = 1;
    memset(cur, 0, n);
    cur[from] = !p->none;
    for (int s = 0; s < p->n; s++) {
        memset(next, 0, n);
        /* A subtree marked by `**` holds the subtrees of the places inside it: they are
         * skipped, so the step costs one pass over the nodes. */
        uint32_t covered = 0;
        int depth_step = p->steps[s].kind == MY_JSTEP_ANY_DEPTH;
        for (uint32_t i = 0; i < n; i++) {
            if (!cur[i] || (depth_step && i < covered))
                continue;
            step_from(j, i, &p->steps[s], key, next);
            if (depth_step)
                covered = subtree_end(j, i);
        }
        unsigned char *t = cur;
        cur = next;
        next = t;
    }
    for (uint32_t i = 0; i < n; i++)
        if (cur[i])
            jnodes_add(out, i);
done:
    sqlite3_free(cur);
    sqlite3_free(next);
    sqlite3_free(key);
}

/* ---- Output ----------------------------------------------------------------------------- */

void my_json_append_string(lw_sqlbuf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    lw_sqlbuf_append(b, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        lw_sqlbuf_append(b, s + run, i - run);
        run = i + 1;
        char esc[7] = {'\\', 0};
        size_t len = 2;
        switch (c) {
        case '"':
        case '\\':
            esc[1] = (char)c;
            break;
        case '\n':
            esc[1] = 'n';
            break;
        case '\t':
            esc[1] = 't';
            break;
        case '\r':
            esc[1] = 'r';
            break;
        case '\b':
            esc[1] = 'b';
            break;
        case '\f':
            esc[1] = 'f';
            break;
        default:
            memcpy(esc + 1, "u00", 3);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            len = 6;
        }
        lw_sqlbuf_append(b, esc, len);
    }
    lw_sqlbuf_append(b, s + run, n - run);
    lw_sqlbuf_append(b, "\"", 1);
}

static void write_raw_string(lw_sqlbuf *b, const char *s, size_t n)
{
    lw_sqlbuf_append(b, "\"", 1);
    lw_sqlbuf_append(b, s, n);
    lw_sqlbuf_append(b, "\"", 1);
}

static void write_node(lw_sqlbuf *b, const lw_json *j, uint32_t node, int compact,
                       const my_jedit *e);

static void write_value_text(lw_sqlbuf *b, const my_jedit *e)
{
    lw_sqlbuf_append(b, e->value, e->value_len);
}

static void write_container(lw_sqlbuf *b, const lw_json *j, uint32_t node, int compact,
                            const my_jedit *e)
{
    const lw_json_node *c = node_at(j, node);
    int object = c->type == LW_JSON_OBJECT;
    const char *sep = compact ? "," : ", ", *colon = compact ? ":" : ": ";
    int here = e && e->target == node;
    lw_sqlbuf_append(b, object ? "{" : "[", 1);
    int written = 0;
    for (uint32_t i = 0; i < c->len; i++) {
        uint32_t v = my_json_child(j, node, i);
        if (e && e->action == MY_JEDIT_REMOVE && e->target == v)
            continue;
        if (here && e->action == MY_JEDIT_INSERT_AT && e->pos == i) {
            lw_sqlbuf_appends(b, written++ ? sep : "");
            write_value_text(b, e);
        }
        lw_sqlbuf_appends(b, written++ ? sep : "");
        if (object) {
            const lw_json_node *k = node_at(j, my_json_key(j, node, i));
            write_raw_string(b, j->bytes + k->off, k->len);
            lw_sqlbuf_appends(b, colon);
        }
        write_node(b, j, v, compact, e);
    }
    if (here && (e->action == MY_JEDIT_APPEND || e->action == MY_JEDIT_ADD_MEMBER ||
                 (e->action == MY_JEDIT_INSERT_AT && e->pos >= c->len))) {
        lw_sqlbuf_appends(b, written ? sep : "");
        if (e->action == MY_JEDIT_ADD_MEMBER) {
            write_raw_string(b, e->key, e->key_len);
            lw_sqlbuf_appends(b, colon);
        }
        write_value_text(b, e);
    }
    lw_sqlbuf_append(b, object ? "}" : "]", 1);
}

static void write_node(lw_sqlbuf *b, const lw_json *j, uint32_t node, int compact,
                       const my_jedit *e)
{
    if (e && e->target == node) {
        if (e->action == MY_JEDIT_REPLACE) {
            write_value_text(b, e);
            return;
        }
        if (e->action == MY_JEDIT_WRAP) {
            lw_sqlbuf_appends(b, "[");
            write_node(b, j, node, compact, NULL);
            lw_sqlbuf_appends(b, compact ? "," : ", ");
            write_value_text(b, e);
            lw_sqlbuf_appends(b, "]");
            return;
        }
    }
    const lw_json_node *c = node_at(j, node);
    switch ((lw_json_type)c->type) {
    case LW_JSON_NULL:
        lw_sqlbuf_appends(b, "null");
        break;
    case LW_JSON_TRUE:
        lw_sqlbuf_appends(b, "true");
        break;
    case LW_JSON_FALSE:
        lw_sqlbuf_appends(b, "false");
        break;
    case LW_JSON_NUMBER:
        lw_sqlbuf_append(b, j->bytes + c->off, c->len);
        break;
    case LW_JSON_STRING:
        write_raw_string(b, j->bytes + c->off, c->len);
        break;
    case LW_JSON_ARRAY:
    case LW_JSON_OBJECT:
        write_container(b, j, node, compact, e);
        break;
    }
}

void my_json_write(lw_sqlbuf *b, const lw_json *j, uint32_t node, int compact, const my_jedit *edit)
{
    write_node(b, j, node, compact, edit);
}

static int is_container(const lw_json *j, uint32_t n)
{
    return node_at(j, n)->type == LW_JSON_ARRAY || node_at(j, n)->type == LW_JSON_OBJECT;
}

static void indent(lw_sqlbuf *b, int level, int tab)
{
    for (int i = 0; i < level * tab; i++)
        lw_sqlbuf_append(b, " ", 1);
}

void my_json_write_detailed(lw_sqlbuf *b, const lw_json *j, uint32_t node, int level, int tab)
{
    const lw_json_node *c = node_at(j, node);
    int object = c->type == LW_JSON_OBJECT;
    if (!is_container(j, node) ||
        (!object &&
         (c->len == 0 || (c->len == 1 && !is_container(j, my_json_child(j, node, 0)))))) {
        write_node(b, j, node, 0, NULL);
        return;
    }
    lw_sqlbuf_appends(b, object ? "{\n" : "[\n");
    for (uint32_t i = 0; i < c->len; i++) {
        uint32_t v = my_json_child(j, node, i);
        indent(b, level + 1, tab);
        if (object) {
            const lw_json_node *k = node_at(j, my_json_key(j, node, i));
            write_raw_string(b, j->bytes + k->off, k->len);
            lw_sqlbuf_appends(b, ": ");
            if (is_container(j, v)) {
                lw_sqlbuf_appends(b, "\n");
                indent(b, level + 1, tab);
            }
        }
        my_json_write_detailed(b, j, v, level + 1, tab);
        lw_sqlbuf_appends(b, i + 1 < c->len ? ",\n" : "\n");
    }
    indent(b, level, tab);
    lw_sqlbuf_appends(b, object ? "}" : "]");
}

int my_json_depth(const lw_json *j, uint32_t node)
{
    const lw_json_node *c = node_at(j, node);
    if ((c->type != LW_JSON_ARRAY && c->type != LW_JSON_OBJECT) || c->len == 0)
        return 1;
    int deepest = 0;
    for (uint32_t i = 0; i < c->len; i++) {
        int d = my_json_depth(j, my_json_child(j, node, i));
        if (d > deepest)
            deepest = d;
    }
    return deepest + 1;
}

/* ---- Containment ------------------------------------------------------------------------ */

static int scalar_equal(const lw_json *t, uint32_t tn, const lw_json *c, uint32_t cn)
{
    const lw_json_node *a = node_at(t, tn), *b = node_at(c, cn);
    if (a->type != b->type)
        return 0;
    if (a->type == LW_JSON_STRING)
        return a->len == b->len && memcmp(t->bytes + a->off, c->bytes + b->off, a->len) == 0;
    if (a->type == LW_JSON_NUMBER) {
        char x[64], y[64];
        if (a->len >= sizeof x || b->len >= sizeof y)
            return a->len == b->len && memcmp(t->bytes + a->off, c->bytes + b->off, a->len) == 0;
        memcpy(x, t->bytes + a->off, a->len);
        x[a->len] = 0;
        memcpy(y, c->bytes + b->off, b->len);
        y[b->len] = 0;
        return strtod(x, NULL) == strtod(y, NULL);
    }
    return 1;
}

int my_json_contains(const lw_json *t, uint32_t tn, const lw_json *c, uint32_t cn)
{
    const lw_json_node *a = node_at(t, tn), *b = node_at(c, cn);
    if (a->type == LW_JSON_OBJECT) {
        if (b->type != LW_JSON_OBJECT)
            return 0;
        for (uint32_t i = 0; i < b->len; i++) {
            const lw_json_node *k = node_at(c, my_json_key(c, cn, i));
            uint32_t tv = my_json_member(t, tn, c->bytes + k->off, k->len);
            if (tv == MY_JNONE || !my_json_contains(t, tv, c, my_json_child(c, cn, i)))
                return 0;
        }
        return 1;
    }
    if (a->type == LW_JSON_ARRAY) {
        if (b->type == LW_JSON_ARRAY) {
            for (uint32_t i = 0; i < b->len; i++)
                if (!my_json_contains(t, tn, c, my_json_child(c, cn, i)))
                    return 0;
            return 1;
        }
        for (uint32_t i = 0; i < a->len; i++)
            if (my_json_contains(t, my_json_child(t, tn, i), c, cn))
                return 1;
        return 0;
    }
    if (b->type == LW_JSON_ARRAY || b->type == LW_JSON_OBJECT)
        return 0;
    return scalar_equal(t, tn, c, cn);
}

/* ---- Equality and overlap ---------------------------------------------------------------- */

/* Some member of object bn has key k of a and a value equal to value v of a. */
static int has_member(const lw_json *a, uint32_t k, uint32_t v, const lw_json *b, uint32_t bn)
{
    const lw_json_node *key = node_at(a, k);
    for (uint32_t i = 0; i < node_at(b, bn)->len; i++)
        if (key_is(b, my_json_key(b, bn, i), a->bytes + key->off, key->len) &&
            my_json_equal(a, v, b, my_json_child(b, bn, i)))
            return 1;
    return 0;
}

int my_json_equal(const lw_json *a, uint32_t an, const lw_json *b, uint32_t bn)
{
    const lw_json_node *x = node_at(a, an), *y = node_at(b, bn);
    if (x->type != y->type)
        return 0;
    if (x->type == LW_JSON_ARRAY) {
        if (x->len != y->len)
            return 0;
        for (uint32_t i = 0; i < x->len; i++)
            if (!my_json_equal(a, my_json_child(a, an, i), b, my_json_child(b, bn, i)))
                return 0;
        return 1;
    }
    if (x->type == LW_JSON_OBJECT) {
        if (x->len != y->len)
            return 0;
        for (uint32_t i = 0; i < x->len; i++)
            if (!has_member(a, my_json_key(a, an, i), my_json_child(a, an, i), b, bn) ||
                !has_member(b, my_json_key(b, bn, i), my_json_child(b, bn, i), a, an))
                return 0;
        return 1;
    }
    return scalar_equal(a, an, b, bn);
}

int my_json_overlaps(const lw_json *a, uint32_t an, const lw_json *b, uint32_t bn)
{
    const lw_json_node *x = node_at(a, an), *y = node_at(b, bn);
    if (x->type == LW_JSON_ARRAY && y->type == LW_JSON_ARRAY) {
        for (uint32_t i = 0; i < x->len; i++)
            for (uint32_t k = 0; k < y->len; k++)
                if (my_json_equal(a, my_json_child(a, an, i), b, my_json_child(b, bn, k)))
                    return 1;
        return 0;
    }
    if (x->type == LW_JSON_ARRAY || y->type == LW_JSON_ARRAY) {
        const lw_json *arr = x->type == LW_JSON_ARRAY ? a : b, *other = arr == a ? b : a;
        uint32_t arr_n = arr == a ? an : bn, other_n = arr == a ? bn : an;
        for (uint32_t i = 0; i < node_at(arr, arr_n)->len; i++)
            if (my_json_equal(arr, my_json_child(arr, arr_n, i), other, other_n))
                return 1;
        return 0;
    }
    if (x->type == LW_JSON_OBJECT && y->type == LW_JSON_OBJECT) {
        for (uint32_t i = 0; i < x->len; i++)
            if (has_member(a, my_json_key(a, an, i), my_json_child(a, an, i), b, bn))
                return 1;
        return 0;
    }
    return my_json_equal(a, an, b, bn);
}

/* ---- Merges ----------------------------------------------------------------------------- */

static int is_object(const lw_json *j, uint32_t n)
{
    return n != MY_JNONE && node_at(j, n)->type == LW_JSON_OBJECT;
}

/* Writes "key": with the comma that separates it from the member written before. */
static void write_key(lw_sqlbuf *out, int *written, const char *name, uint32_t len)
{
    lw_sqlbuf_appends(out, (*written)++ ? ", " : "");
    write_raw_string(out, name, len);
    lw_sqlbuf_appends(out, ": ");
}

typedef void merge_fn(lw_sqlbuf *out, const lw_json *a, uint32_t an, const lw_json *b, uint32_t bn);

/* The members of object a, in a's order: each one b also has merged with b's by merge,
 * the others as they are. A patch (JSON_MERGE_PATCH) leaves out the members b sets to
 * null. Returns how many members are written in all. */
static int merge_members(lw_sqlbuf *out, const lw_json *a, uint32_t an, const lw_json *b,
                         uint32_t bn, merge_fn *merge, int patch)
{
    int written = 0;
    for (uint32_t i = 0; i < node_at(a, an)->len; i++) {
        const lw_json_node *k = node_at(a, my_json_key(a, an, i));
        const char *name = a->bytes + k->off;
        uint32_t bv = my_json_member(b, bn, name, k->len);
        if (patch && bv != MY_JNONE && node_at(b, bv)->type == LW_JSON_NULL)
            continue;
        write_key(out, &written, name, k->len);
        if (bv == MY_JNONE)
            my_json_write(out, a, my_json_child(a, an, i), 0, NULL);
        else
            merge(out, a, my_json_child(a, an, i), b, bv);
    }
    return written;
}

void my_json_merge_patch(lw_sqlbuf *out, const lw_json *a, uint32_t an, const lw_json *b,
                         uint32_t bn)
{
    if (!is_object(b, bn)) {
        my_json_write(out, b, bn, 0, NULL);
        return;
    }
    lw_sqlbuf_appends(out, "{");
    int written = is_object(a, an) ? merge_members(out, a, an, b, bn, my_json_merge_patch, 1) : 0;
    for (uint32_t i = 0; i < node_at(b, bn)->len; i++) {
        const lw_json_node *k = node_at(b, my_json_key(b, bn, i));
        const char *name = b->bytes + k->off;
        uint32_t bv = my_json_child(b, bn, i);
        if (node_at(b, bv)->type == LW_JSON_NULL ||
            (is_object(a, an) && my_json_member(a, an, name, k->len) != MY_JNONE) ||
            my_json_member(b, bn, name, k->len) != bv)
            continue;
        write_key(out, &written, name, k->len);
        my_json_merge_patch(out, a, MY_JNONE, b, bv);
    }
    lw_sqlbuf_appends(out, "}");
}

/* The elements of an array node, or the node itself, as items of a merged array. */
static int write_items(lw_sqlbuf *out, const lw_json *j, uint32_t n, int written)
{
    const lw_json_node *c = node_at(j, n);
    if (c->type != LW_JSON_ARRAY) {
        lw_sqlbuf_appends(out, written ? ", " : "");
        my_json_write(out, j, n, 0, NULL);
        return written + 1;
    }
    for (uint32_t i = 0; i < c->len; i++) {
        lw_sqlbuf_appends(out, written++ ? ", " : "");
        my_json_write(out, j, my_json_child(j, n, i), 0, NULL);
    }
    return written;
}

void my_json_merge_preserve(lw_sqlbuf *out, const lw_json *a, uint32_t an, const lw_json *b,
                            uint32_t bn)
{
    if (is_object(a, an) && is_object(b, bn)) {
        lw_sqlbuf_appends(out, "{");
        int written = merge_members(out, a, an, b, bn, my_json_merge_preserve, 0);
        for (uint32_t i = 0; i < node_at(b, bn)->len; i++) {
            const lw_json_node *k = node_at(b, my_json_key(b, bn, i));
            const char *name = b->bytes + k->off;
            if (my_json_member(a, an, name, k->len) != MY_JNONE)
                continue;
            write_key(out, &written, name, k->len);
            my_json_write(out, b, my_json_child(b, bn, i), 0, NULL);
        }
        lw_sqlbuf_appends(out, "}");
        return;
    }
    lw_sqlbuf_appends(out, "[");
    int written = write_items(out, a, an, 0);
    write_items(out, b, bn, written);
    lw_sqlbuf_appends(out, "]");
}
