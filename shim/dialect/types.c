/*
 * Types for the shared rewriter (types.h): kinds of constants, type names read from
 * the dialect's table, casts written from its kind table, the SQLite declared types
 * it created, and the exact numerics every dialect shares.
 */
#include "dialect/types.h"

#include <stdio.h>
#include <string.h>

#include "dialect/expr.h"

int lw_is_int_kind(lw_kind k)
{
    return k == LW_K_INT2 || k == LW_K_INT4 || k == LW_K_INT8 || k == LW_K_UINT8;
}

int lw_is_text_kind(lw_kind k)
{
    return k == LW_K_TEXT || k == LW_K_VARCHAR || k == LW_K_BPCHAR;
}

lw_kind lw_common_kind(lw_kind a, lw_kind b)
{
    if (a == LW_K_NULL || a == LW_K_UNKNOWN_LITERAL)
        return b;
    if (b == LW_K_NULL || b == LW_K_UNKNOWN_LITERAL || a == b)
        return a;
    if (lw_is_text_kind(a) && lw_is_text_kind(b))
        return LW_K_TEXT;
    if (lw_is_int_kind(a) && lw_is_int_kind(b))
        return a > b ? a : b;
    if ((lw_is_int_kind(a) || a == LW_K_NUMERIC) && (lw_is_int_kind(b) || b == LW_K_NUMERIC))
        return LW_K_NUMERIC;
    if ((lw_is_int_kind(a) || a == LW_K_NUMERIC || a == LW_K_FLOAT) &&
        (lw_is_int_kind(b) || b == LW_K_NUMERIC || b == LW_K_FLOAT))
        return LW_K_FLOAT;
    /* A date meets a timestamp as a timestamp, either as a timestamp with time zone. */
    if ((a == LW_K_DATE || a == LW_K_TIMESTAMP || a == LW_K_TIMESTAMPTZ) &&
        (b == LW_K_DATE || b == LW_K_TIMESTAMP || b == LW_K_TIMESTAMPTZ))
        return a == LW_K_TIMESTAMPTZ || b == LW_K_TIMESTAMPTZ ? LW_K_TIMESTAMPTZ : LW_K_TIMESTAMP;
    return LW_K_UNKNOWN;
}

const char *lw_kind_name(const lw_walker *w, lw_kind k)
{
    const char *name = k < LW_K_COUNT ? w->rules->kinds[k].name : NULL;
    return name ? name : "unknown";
}

/* ---- Numeric constants ------------------------------------------------------------------ */

int lw_number_has_fraction(const lw_walker *w, size_t k)
{
    const lw_token *t = lw_tok(w, k);
    for (uint32_t i = 0; t && i < t->length; i++) {
        char c = w->sql[t->offset + i];
        if (c == '.' || c == 'e' || c == 'E')
            return !(t->length > 1 && w->sql[t->offset + 1] == 'x');
    }
    return 0;
}

lw_kind lw_number_kind(const lw_walker *w, size_t k, int negative)
{
    const lw_number_rules *rules = w->rules->numbers;
    const lw_token *t = lw_tok(w, k);
    if (!t || lw_number_has_fraction(w, k))
        return rules->fraction;
    uint64_t v = 0;
    for (uint32_t i = 0; i < t->length; i++) {
        unsigned d = (unsigned)(w->sql[t->offset + i] - '0');
        if (d > 9)
            return LW_K_UNKNOWN; /* 0x1F: a form the dialect's kinds do not cover */
        if (v > (UINT64_MAX - d) / 10)
            return rules->huge;
        v = v * 10 + d;
    }
    if (v <= (uint64_t)INT32_MAX + (negative ? 1 : 0))
        return rules->small;
    if (v <= (uint64_t)INT64_MAX + (negative ? 1 : 0))
        return rules->big;
    return rules->huge;
}

/* ---- Exact numerics ------------------------------------------------------------------------ */

char *lw_quoted_digits(const char *text)
{
    lw_sqlbuf b = {0};
    while (*text == ' ')
        text++;
    if (*text == '\'')
        return sqlite3_mprintf("%s", text);
    lw_sqlbuf_append(&b, "'", 1);
    for (; *text; text++)
        if (*text != ' ')
            lw_sqlbuf_append(&b, text, 1);
    lw_sqlbuf_append(&b, "' ", 2);
    return lw_sqlbuf_finish(&b);
}

void lw_quote_numeric_literal(lw_walker *w, size_t from, size_t to)
{
    lw_sqlbuf *b = w->t->out;
    if (b->oom || to > b->len || from >= to)
        return;
    char *text = sqlite3_mprintf("%.*s", (int)(to - from), b->s + from);
    char *quoted = text ? lw_quoted_digits(text) : NULL;
    if (quoted)
        lw_replace_range(w, from, to, quoted);
    else
        b->oom = 1;
    sqlite3_free(text);
    sqlite3_free(quoted);
}

#define CARRIER_HEAD "(CAST("
#define CARRIER_TAIL "AS NUMERIC_TEXT) COLLATE DECIMAL)"

void lw_exact_numeric_result(lw_walker *w, size_t start)
{
    lw_insert_at(w, start, CARRIER_HEAD);
    lw_out(w, CARRIER_TAIL " ");
}

int lw_parenthesis_spans(const char *text, size_t a, size_t b)
{
    if (b - a < 2 || text[a] != '(' || text[b - 1] != ')')
        return 0;
    int depth = 0;
    for (size_t i = a; i < b; i++) {
        char c = text[i];
        if (c == '\'' || c == '"') {
            for (i++; i < b && text[i] != c; i++)
                ;
            continue;
        }
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        if (depth == 0 && i + 1 < b)
            return 0;
    }
    return 1;
}

int lw_exact_numeric_inside(const char *text, size_t *from, size_t *to)
{
    size_t a = 0, b = strlen(text), head = strlen(CARRIER_HEAD), tail = strlen(CARRIER_TAIL);
    while (a < b && text[a] == ' ')
        a++;
    while (b > a && text[b - 1] == ' ')
        b--;
    if (b - a <= head + tail || strncmp(text + a, CARRIER_HEAD, head) != 0 ||
        strncmp(text + b - tail, CARRIER_TAIL, tail) != 0)
        return 0;
    /* The first parenthesis must close at the end: (CAST(x AS NUMERIC_TEXT) ...) + (...)
     * is no carrier. */
    if (!lw_parenthesis_spans(text, a, b))
        return 0;
    *from = a + head;
    *to = b - tail;
    return 1;
}

void lw_note_literal(lw_literal_ranges *l, const lw_expr *e, size_t end)
{
    if (e->numeric_literal && l->n < LW_WALK_MAX_LITERALS) {
        l->from[l->n] = e->start;
        l->to[l->n++] = end;
    }
}

void lw_quote_literals(lw_walker *w, const lw_literal_ranges *l)
{
    for (int i = l->n - 1; i >= 0; i--)
        lw_quote_numeric_literal(w, l->from[i], l->to[i]);
}

/* ---- Type names ------------------------------------------------------------------------------ */

/* (N [, S]) after a type name. */
static void read_modifiers(lw_walker *w, lw_sql_type *ty)
{
    if (!lw_type_at(w, 0, LW_TK_LPAREN))
        return;
    lw_skip(w);
    if (lw_read_int(w, &ty->mod1))
        lw_refuse(w, "this type modifier");
    if (lw_type_at(w, 0, LW_TK_COMMA)) {
        lw_skip(w);
        if (lw_read_int(w, &ty->mod2))
            lw_refuse(w, "this type modifier");
    }
    if (!lw_type_at(w, 0, LW_TK_RPAREN)) {
        lw_refuse(w, "this type modifier");
        return;
    }
    lw_skip(w);
}

/* TIMESTAMP(p) WITH TIME ZONE: the words after the precision make the type the one
 * spelled "<name> with[out] time zone". */
static void with_time_zone(lw_walker *w, const lw_type_name *best, lw_sql_type *ty)
{
    int with = lw_word(w, "with");
    char spelled[64];
    snprintf(spelled, sizeof spelled, "%s %s time zone", best->spelling, with ? "with" : "without");
    for (const lw_type_name *n = w->rules->type_names; n && n->spelling; n++) {
        if (strcmp(n->spelling, spelled) != 0)
            continue;
        w->p += 3; /* with[out] time zone */
        ty->kind = n->kind;
        return;
    }
}

/* The fields of an interval qualifier, largest first. */
static const long long field_bits[] = {LW_FIELD_YEAR, LW_FIELD_MONTH,  LW_FIELD_DAY,
                                       LW_FIELD_HOUR, LW_FIELD_MINUTE, LW_FIELD_SECOND};

/* The field word of an interval qualifier at the current token: its index in
 * field_bits, or -1. */
static int field_at(const lw_walker *w)
{
    static const char *const words[] = {"year", "month", "day", "hour", "minute", "second"};
    for (int i = 0; i < 6; i++)
        if (lw_word(w, words[i]))
            return i;
    return -1;
}

void lw_interval_fields(lw_walker *w, lw_sql_type *ty)
{
    int first = field_at(w);
    if (first < 0)
        return;
    lw_skip(w);
    int last = first;
    if (field_bits[first] == LW_FIELD_SECOND && lw_type_at(w, 0, LW_TK_LPAREN))
        read_modifiers(w, ty);
    if (lw_word(w, "to")) {
        lw_skip(w);
        last = field_at(w);
        /* YEAR TO MONTH, DAY TO HOUR/MINUTE/SECOND, HOUR TO ..., MINUTE TO SECOND */
        if (last <= first || (first <= 1 && last > 1)) {
            lw_refuse(w, "this interval qualifier");
            return;
        }
        lw_skip(w);
        if (field_bits[last] == LW_FIELD_SECOND && lw_type_at(w, 0, LW_TK_LPAREN))
            read_modifiers(w, ty);
    }
    long long mask = 0;
    for (int i = first; i <= last; i++)
        mask |= field_bits[i];
    ty->mod2 = mask;
}

int lw_parse_type(lw_walker *w, lw_sql_type *ty)
{
    memset(ty, 0, sizeof *ty);
    ty->mod1 = ty->mod2 = -1;
    const lw_token *t = lw_tok(w, 0);
    if (!t || (t->type != LW_TK_WORD && t->type != LW_TK_QIDENT))
        return lw_refuse(w, "a missing type name");
    const lw_type_name *best = NULL;
    size_t best_words = 0;
    for (const lw_type_name *n = w->rules->type_names; n && n->spelling; n++) {
        size_t words = lw_words_at(w, 0, n->spelling);
        if (words > best_words) {
            best = n;
            best_words = words;
        }
    }
    if (!best)
        return lw_refuse(w, "the type %.*s", (int)t->length, lw_spelled(w, t));
    ty->kind = best->kind;
    /* Messages name the type by its first word, as written in the table. */
    snprintf(ty->name, sizeof ty->name, "%.*s", (int)strcspn(best->spelling, " "), best->spelling);
    w->p += best_words;
    if (best->flags & LW_TYPE_REFUSE)
        return lw_refuse(w, "%s", best->refusal);
    if ((best->flags & LW_TYPE_NO_MODIFIER) && lw_type_at(w, 0, LW_TK_LPAREN))
        return lw_refuse(w, "%s", best->refusal);
    read_modifiers(w, ty);
    if (best->flags & LW_TYPE_DROP_MODIFIER)
        ty->mod1 = -1;
    if (!w->rc && ty->mod1 >= 0 && !strchr(best->spelling, ' ') &&
        (lw_words_at(w, 0, "with time zone") || lw_words_at(w, 0, "without time zone")))
        with_time_zone(w, best, ty);
    if (!w->rc && (best->flags & LW_TYPE_FIELDS))
        lw_interval_fields(w, ty);
    if (lw_type_at(w, 0, LW_TK_LBRACKET) || lw_word(w, "array"))
        return lw_refuse(w, "the array type %s[]", ty->name);
    if (ty->mod1 < 0 && best->default_mod > 0)
        ty->mod1 = best->default_mod;
    return w->rc;
}

/* How many characters of decl the words of entry cover (its words, each ended in decl
 * by a space, a parenthesis or the end), or 0 when they are not decl's first words. */
static size_t declared_prefix(const char *decl, const char *entry)
{
    size_t n = strlen(entry);
    if (sqlite3_strnicmp(decl, entry, (int)n) != 0)
        return 0;
    return decl[n] == 0 || decl[n] == ' ' || decl[n] == '(' ? n : 0;
}

lw_kind lw_kind_of_declared(const lw_walker *w, const char *decl)
{
    lw_kind kind = LW_K_UNKNOWN;
    size_t best = 0;
    for (const lw_declared_type *d = w->rules->declared; d && d->word; d++) {
        size_t n = declared_prefix(decl, d->word);
        if (n > best) {
            best = n;
            kind = d->kind;
        }
    }
    return kind;
}

/* ---- Casts ----------------------------------------------------------------------------------- */

const char *lw_cast_function(const lw_walker *w, lw_kind from, lw_kind to)
{
    return from == LW_K_NUMERIC && lw_is_int_kind(to) && w->rules->exact_int_cast_function
               ? w->rules->exact_int_cast_function
               : w->rules->cast_function;
}

int lw_kind_rank(const lw_walker *w, lw_kind k)
{
    return k < LW_K_COUNT ? w->rules->kinds[k].rank : 0;
}

void lw_kind_carrier(lw_walker *w, size_t start, lw_kind k)
{
    const char *coll = k < LW_K_COUNT ? w->rules->kinds[k].collation : NULL;
    if (!coll)
        return;
    lw_insert_at(w, start, "(");
    lw_outf(w, "COLLATE %s) ", coll);
}

void lw_computed_carrier(lw_walker *w, size_t start, lw_kind k)
{
    if (k == LW_K_NUMERIC)
        lw_exact_numeric_result(w, start);
    else
        lw_kind_carrier(w, start, k);
}

/* The dialect's conversion from one kind to another, or NULL. */
static const char *conversion(const lw_walker *w, lw_kind from, lw_kind to)
{
    for (const lw_conversion *c = w->rules->conversions; c && c->function; c++)
        if (c->from == from && c->to == to)
            return c->function;
    return NULL;
}

void lw_text_operand(lw_walker *w, size_t start, lw_kind k)
{
    const char *conv = conversion(w, k, LW_K_TEXT);
    if (!conv)
        return;
    lw_insert_call(w, start, conv);
    lw_out(w, ") ");
}

void lw_convert(lw_walker *w, size_t start, lw_kind from, lw_kind to)
{
    lw_sql_type ty;
    memset(&ty, 0, sizeof ty);
    ty.kind = to;
    ty.mod1 = ty.mod2 = -1;
    snprintf(ty.name, sizeof ty.name, "%s", lw_kind_name(w, to));
    lw_wrap_cast(w, start, from, &ty);
}

const char *lw_exact_cast_function(const lw_walker *w)
{
    return w->rules->exact_cast_function ? w->rules->exact_cast_function : "decimal";
}

void lw_wrap_cast(lw_walker *w, size_t start, lw_kind from, const lw_sql_type *ty)
{
    const char *conv = conversion(w, from, ty->kind);
    if (conv) {
        lw_insert_call(w, start, conv);
        lw_out(w, ") ");
        if (ty->mod1 < 0 && ty->mod2 < 0) {
            lw_kind_carrier(w, start, ty->kind);
            return;
        }
        from = ty->kind; /* then the precision */
    }
    if (ty->kind == LW_K_NUMERIC) {
        lw_insert_call(w, start, lw_exact_cast_function(w));
        if (ty->mod1 >= 0)
            lw_outf(w, ", %lld, %lld) ", ty->mod1, ty->mod2 >= 0 ? ty->mod2 : 0);
        else
            lw_out(w, ") ");
        lw_exact_numeric_result(w, start);
        return;
    }
    const lw_kind_def *k = &w->rules->kinds[ty->kind];
    if (!k->cast) {
        lw_refuse(w, "a cast to %s", ty->name);
        return;
    }
    lw_insert_call(w, start, lw_cast_function(w, from, ty->kind));
    if (k->cast_sized && ty->mod2 >= 0)
        lw_outf(w, ", '%s', %lld, %lld) ", k->cast_sized, ty->mod1, ty->mod2);
    else if (k->cast_sized && ty->mod1 >= 0)
        lw_outf(w, ", '%s', %lld) ", k->cast_sized, ty->mod1);
    else
        lw_outf(w, ", '%s') ", k->cast);
    lw_kind_carrier(w, start, ty->kind);
}

void lw_cast_expression(lw_walker *w, size_t start, const lw_expr *operand, const lw_sql_type *ty)
{
    if ((ty->kind == LW_K_NUMERIC || lw_is_text_kind(ty->kind) || lw_is_int_kind(ty->kind)) &&
        operand->numeric_literal)
        lw_quote_numeric_literal(w, start, lw_here(w));
    lw_wrap_cast(w, start, operand->is_bool ? LW_K_BOOL : operand->type, ty);
}

char *lw_cast_literal(const lw_walker *w, const char *text, lw_kind to)
{
    if (to == LW_K_NUMERIC)
        return sqlite3_mprintf("%s(%s) ", lw_exact_cast_function(w), text);
    const lw_kind_def *k = &w->rules->kinds[to];
    if (k->literal_cast && k->cast && k->collation)
        return sqlite3_mprintf("(%s(%s, '%s') COLLATE %s) ", w->rules->cast_function, text, k->cast,
                               k->collation);
    if (k->literal_cast && k->cast)
        return sqlite3_mprintf("%s(%s, '%s') ", w->rules->cast_function, text, k->cast);
    return sqlite3_mprintf("%s", text);
}
