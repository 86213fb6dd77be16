/* Bound values checked in C by the dialects (bound_values.h). */
#include "dialect/bound_values.h"

#include <string.h>

int lw_bound_value_named(const lw_param_map *map, int param, const lw_value *values, int n)
{
    if (param < 1 || param > map->n)
        return -1;
    const lw_param_ref *ref = &map->refs[param - 1];
    if (ref->position)
        return ref->position <= n ? ref->position - 1 : -1;
    for (int j = 0; j < n; j++)
        if (values[j].name && (int)strlen(values[j].name) == ref->name_len &&
            !memcmp(values[j].name, ref->name, (size_t)ref->name_len))
            return j;
    return -1;
}

lw_bind_scratch *lw_bind_scratch_get(lw_bind_scratch **s)
{
    if (!*s) {
        *s = sqlite3_malloc64(sizeof **s);
        if (*s)
            memset(*s, 0, sizeof **s);
    }
    return *s;
}

void lw_bind_scratch_reset(lw_bind_scratch *s)
{
    if (s)
        for (; s->n_texts > 0; s->n_texts--)
            sqlite3_free(s->texts[s->n_texts - 1]);
}

void lw_bind_scratch_free(lw_bind_scratch *s)
{
    if (!s)
        return;
    lw_bind_scratch_reset(s);
    sqlite3_free(s->texts);
    sqlite3_free(s->values);
    sqlite3_free(s);
}

char *lw_bind_scratch_keep(lw_bind_scratch *s, char *text)
{
    if (!text)
        return NULL;
    if (s->n_texts == s->cap_texts) {
        int cap = s->cap_texts ? 2 * s->cap_texts : 4;
        char **t = sqlite3_realloc64(s->texts, (size_t)cap * sizeof *t);
        if (!t) {
            sqlite3_free(text);
            return NULL;
        }
        s->texts = t;
        s->cap_texts = cap;
    }
    s->texts[s->n_texts++] = text;
    return text;
}

lw_value *lw_bind_scratch_writable(lw_bind_scratch *s, const lw_value **values, int n)
{
    if (*values == s->values)
        return s->values;
    if (n > s->cap) {
        lw_value *v = sqlite3_realloc64(s->values, (size_t)n * sizeof *v);
        if (!v)
            return NULL;
        s->values = v;
        s->cap = n;
    }
    memcpy(s->values, *values, (size_t)n * sizeof **values);
    *values = s->values;
    return s->values;
}
