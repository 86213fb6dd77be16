/*
 * Typed arithmetic from the dialect's rule table (arith.h has the rule forms).
 */
#include "dialect/arith.h"

#include <string.h>

#include "likewise.h"

void lw_no_operator(lw_walker *w, const char *left, const char *op, const char *right)
{
    const lw_error_wording *e = &w->rules->texts->no_operator;
    lw_walk_error(w, LW_ESYNTAX, e->sqlstate, e->mysql_errno, e->format, left, *left ? " " : "", op,
                  right);
}

static int in_set(uint64_t set, lw_kind k)
{
    return (set & LW_KIND_BIT(k)) != 0;
}

/* The first rule for op that takes the operand kinds L and R. */
static const lw_arith_rule *find_rule(const lw_walker *w, char op, lw_kind L, lw_kind R)
{
    for (const lw_arith_rule *r = w->rules->arith; r && r->ops; r++) {
        if (!strchr(r->ops, op))
            continue;
        if ((in_set(r->left, L) && in_set(r->right, R)) ||
            ((r->flags & LW_ARITHF_EITHER) && in_set(r->left, R) && in_set(r->right, L)))
            return r;
    }
    return NULL;
}

/* Narrows text[*a, *b) past blanks and at most `layers` outer parentheses (only when
 * the first closes at the end); layers -1: all of them. */
static void peel_parentheses(const char *text, size_t *pa, size_t *pb, int layers)
{
    size_t a = *pa, b = *pb;
    for (;; layers--) {
        while (a < b && text[a] == ' ')
            a++;
        while (b > a && text[b - 1] == ' ')
            b--;
        if (layers == 0 || !lw_parenthesis_spans(text, a, b))
            break;
        a++;
        b--;
    }
    *pa = a;
    *pb = b;
}

int lw_chain_call(const char *text, const char *fn, int carrier, size_t *from, size_t *close,
                  int *args)
{
    size_t a = 0, b = strlen(text), n = strlen(fn), x, y;
    if (carrier && lw_exact_numeric_inside(text, &x, &y)) {
        a = x;
        b = y;
    }
    peel_parentheses(text, &a, &b, -1);
    if (b - a <= n + 1 || strncmp(text + a, fn, n) != 0 || text[a + n] != '(' || text[b - 1] != ')')
        return 0;
    int depth = 0, commas = 0;
    for (size_t i = a + n; i < b; i++) {
        char c = text[i];
        if (c == '\'' || c == '"') {
            for (i++; i < b && text[i] != c; i++)
                ;
            continue;
        }
        if (c == '(')
            depth++;
        else if (c == ')' && --depth == 0 && i + 1 != b)
            return 0; /* fn(...) followed by more */
        else if (c == ',' && depth == 1)
            commas++;
    }
    *from = a;
    *close = b - 1;
    *args = commas + 1;
    return 1;
}

/* L op R checked in kind: a chain call of the kind's int_check, the left operand's
 * chain continued when it is one. */
static void checked(lw_walker *w, lw_kind kind, char op, const char *lt, const char *rt)
{
    const char *fn = w->rules->kinds[kind].int_check;
    size_t from, close;
    int args;
    if (lw_chain_call(lt, fn, 0, &from, &close, &args) && args + 2 <= LW_ARITH_MAX_CHAIN)
        lw_outf(w, "%.*s, '%c', %s) ", (int)(close - from), lt + from, op, rt);
    else
        lw_outf(w, "%s(%s, '%c', %s) ", fn, lt, op, rt);
}

/* The decimal module's functions whose result is always decimal text (or NULL). */
static const char *const decimal_text_functions[] = {
    "decimal_chain", "decimal_add", "decimal_sub", "decimal_mul", "decimal_div",
    "decimal_mod",   "decimal_neg", "decimal_abs", "decimal",     NULL};

/* The text of operand t as an exact function reads it: without the exact-numeric
 * carrier when what it carries is one call of a decimal function, whose text the
 * carrier's CAST to text leaves as it is (a new string, sqlite3_free; NULL when out of
 * memory). The carriers nest three deep in SQLite's parser each. */
static char *exact_operand(const char *t)
{
    size_t a = 0, b = strlen(t), from, close;
    int args;
    for (;;) {
        size_t x, y;
        char *span = sqlite3_mprintf("%.*s", (int)(b - a), t + a);
        if (span && lw_exact_numeric_inside(span, &x, &y)) {
            char *inner = sqlite3_mprintf("%.*s", (int)(y - x), span + x);
            sqlite3_free(span);
            for (int i = 0; inner && decimal_text_functions[i]; i++)
                if (lw_chain_call(inner, decimal_text_functions[i], 0, &from, &close, &args))
                    return inner;
            sqlite3_free(inner);
            break;
        }
        sqlite3_free(span);
        /* (x) is x: one layer of parentheses at a time, as the carrier has its own. */
        size_t a0 = a, b0 = b;
        peel_parentheses(t, &a, &b, 1);
        if (a == a0 && b == b0)
            break;
    }
    return sqlite3_mprintf("%s", t);
}

/*
 * L op R exactly (op one of + - * / %): decimal_add(L, R) ... decimal_mod(L, R), or a
 * step of decimal_chain(L0, op, R0, op, R1, ...) when L is one of those calls already,
 * so that a chain nests no deeper than its parentheses do.
 */
static void exact(lw_walker *w, char op, const char *lt, const char *rt)
{
    static const char *const fns[] = {"decimal_add", "decimal_sub", "decimal_mul", "decimal_div",
                                      "decimal_mod"};
    static const char ops[] = "+-*/%";
    const char *fn = fns[strchr(ops, op) - ops];
    char *l = exact_operand(lt), *r = exact_operand(rt);
    size_t from, close;
    int args;
    if (!l || !r) {
        w->t->out->oom = 1;
    } else if (lw_chain_call(l, "decimal_chain", 0, &from, &close, &args) &&
               args + 2 <= LW_ARITH_MAX_CHAIN) {
        lw_outf(w, "%.*s, '%c', %s) ", (int)(close - from), l + from, op, r);
    } else {
        int k = 0;
        for (; k < 5; k++)
            if (lw_chain_call(l, fns[k], 0, &from, &close, &args) && args == 2)
                break;
        size_t comma = 0;
        int depth = 0;
        for (size_t i = from; k < 5 && i < close && !comma; i++) {
            char c = l[i];
            if (c == '\'' || c == '"') {
                for (i++; i < close && l[i] != c; i++)
                    ;
                continue;
            }
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 1)
                comma = i;
        }
        size_t open = k < 5 ? from + strlen(fns[k]) + 1 : 0;
        if (k < 5 && comma)
            lw_outf(w, "decimal_chain(%.*s, '%c', %.*s, '%c', %s) ", (int)(comma - open), l + open,
                    ops[k], (int)(close - comma - 1), l + comma + 1, op, r);
        else
            lw_outf(w, "%s(%s, %s) ", fn, l, r);
    }
    sqlite3_free(l);
    sqlite3_free(r);
}

/* Does the operand of kind k (meeting `other` in op) take a kind from it? *to gets it. */
static int untyped_operand(const lw_walker *w, char op, lw_kind k, lw_kind other, lw_kind *to)
{
    if (other == LW_K_UNKNOWN_LITERAL || other == LW_K_UNKNOWN || other == LW_K_NULL ||
        other >= LW_K_COUNT)
        return 0;
    lw_kind add = w->rules->kinds[other].add_operand;
    if (k == LW_K_UNKNOWN_LITERAL) {
        *to = op == '+' && add != LW_K_UNKNOWN ? add : other;
        return 1;
    }
    /* A parameter next to a timestamp or time: an interval to add, or the same kind to
     * subtract; next to an interval it could be either (decided at run time). */
    if (k == LW_K_UNKNOWN && add != LW_K_UNKNOWN && add != other && (op == '+' || op == '-')) {
        *to = op == '+' ? add : other;
        return 1;
    }
    return 0;
}

/* The operand text t of kind from read as kind to (a new string, sqlite3_free). */
static char *cast_operand(lw_walker *w, const char *t, lw_kind from, lw_kind to)
{
    if (from == LW_K_UNKNOWN_LITERAL)
        return lw_cast_literal(w, t, to);
    size_t at = lw_here(w);
    lw_out(w, t);
    lw_convert(w, at, from, to);
    return lw_take_from(w, at);
}

/* The wider of two integer kinds. */
static lw_kind wider(lw_kind a, lw_kind b)
{
    return a > b ? a : b;
}

void lw_arithmetic(lw_walker *w, lw_expr *e, char op, const lw_expr *right, char *lt, char *rt)
{
    lw_kind L = e->is_bool ? LW_K_BOOL : e->type, R = right->is_bool ? LW_K_BOOL : right->type;
    char *tmp = NULL;
    lw_kind to;
    /* A quoted string takes the type of the operand it meets, as the server reads it
     * (an interval in timestamp + '1 day'); a parameter in + or - next to a date/time
     * operand too. */
    if (untyped_operand(w, op, L, R, &to)) {
        tmp = lt ? cast_operand(w, lt, L, to) : NULL;
        sqlite3_free(lt);
        lt = tmp;
        L = to;
    } else if (untyped_operand(w, op, R, L, &to)) {
        tmp = rt ? cast_operand(w, rt, R, to) : NULL;
        sqlite3_free(rt);
        rt = tmp;
        R = to;
    }
    if (L == LW_K_UNKNOWN_LITERAL)
        L = LW_K_UNKNOWN;
    if (R == LW_K_UNKNOWN_LITERAL)
        R = LW_K_UNKNOWN;
    int div = op == '/' || op == '%';
    lw_kind result = LW_K_UNKNOWN;
    size_t start = e->start;
    const lw_arith_rule *rule = NULL;
    char o[2] = {op, 0};
    lw_kind L0 = L, R0 = R;
    if (lt && rt && L != LW_K_NULL && R != LW_K_NULL && !find_rule(w, op, L, R) &&
        lw_kind_rank(w, L) && lw_kind_rank(w, R) && L != R) {
        /* date - timestamp: the lower kind meets the higher. */
        char **low = lw_kind_rank(w, L) < lw_kind_rank(w, R) ? &lt : &rt;
        lw_kind from = low == &lt ? L : R, high = low == &lt ? R : L;
        char *converted = cast_operand(w, *low, from, high);
        sqlite3_free(*low);
        *low = converted;
        if (low == &lt)
            L = high;
        else
            R = high;
    }
    if (!lt || !rt) {
        w->t->out->oom = 1;
    } else if (L == LW_K_NULL || R == LW_K_NULL) {
        lw_outf(w, "%s%c %s", lt, op, rt);
    } else if (!(rule = find_rule(w, op, L, R))) {
        lw_no_operator(w, lw_kind_name(w, L0), o, lw_kind_name(w, R0));
    } else {
        switch (rule->writing) {
        case LW_ARITH_CHECKED:
            result = wider(L, R);
            checked(w, result, op, lt, rt);
            break;
        case LW_ARITH_EXACT: {
            char *lq = e->numeric_literal ? lw_quoted_digits(lt) : NULL;
            char *rq = right->numeric_literal ? lw_quoted_digits(rt) : NULL;
            exact(w, op, lq ? lq : lt, rq ? rq : rt);
            sqlite3_free(lq);
            sqlite3_free(rq);
            lw_exact_numeric_result(w, start);
            result = LW_K_NUMERIC;
            break;
        }
        case LW_ARITH_INFIX:
            if (div && rule->text)
                lw_outf(w, "%s('%c', %s, %s) ", rule->text, op, lt, rt);
            else
                lw_outf(w, "%s%c %s", lt, op, rt);
            result = rule->result;
            break;
        case LW_ARITH_CALL: {
            int digits = (rule->flags & LW_ARITHF_DIGITS) != 0;
            char *lq = digits && e->numeric_literal ? lw_quoted_digits(lt) : NULL;
            char *rq = digits && right->numeric_literal ? lw_quoted_digits(rt) : NULL;
            const char *l = lq ? lq : lt, *r = rq ? rq : rt;
            const char *first = rule->flags & LW_ARITHF_SWAP ? r : l;
            const char *second = rule->flags & LW_ARITHF_SWAP ? l : r;
            lw_outf(w, "%s(", rule->text);
            if (rule->flags & LW_ARITHF_OPERATOR)
                lw_outf(w, "'%c', ", op);
            lw_outf(w, "%s, %s", first, second);
            if (rule->flags & LW_ARITHF_SIGN)
                lw_outf(w, ", %d", op == '-' ? -1 : 1);
            if ((rule->flags & LW_ARITHF_SOURCE) && w->rules->expression_text) {
                char *text = w->rules->expression_text(w, e->tok, w->p);
                lw_outf(w, ", %Q", text ? text : "");
                sqlite3_free(text);
            }
            lw_out(w, ") ");
            sqlite3_free(lq);
            sqlite3_free(rq);
            result = rule->result;
            lw_computed_carrier(w, start, result);
            break;
        }
        case LW_ARITH_REFUSE:
            lw_refuse(w, rule->text, lw_kind_name(w, L), lw_kind_name(w, R));
            break;
        case LW_ARITH_NO_OPERATOR:
            lw_no_operator(w, lw_kind_name(w, L0), o, lw_kind_name(w, R0));
            break;
        case LW_ARITH_NOT_UNIQUE: {
            const lw_error_wording *t = &w->rules->texts->not_unique;
            lw_walk_error(w, LW_ESYNTAX, t->sqlstate, t->mysql_errno, t->format,
                          lw_kind_name(w, L0), o, lw_kind_name(w, R0));
            break;
        }
        }
    }
    sqlite3_free(lt);
    sqlite3_free(rt);
    e->type = result;
    e->numeric_literal = 0;
    e->is_bool = 0;
    e->decimals = -1;
    e->collation = NULL;
    e->coercibility = LW_COERCE_NUMERIC;
    e->collation_seen = 0;
}

void lw_unary_minus(lw_walker *w, lw_expr *e, const lw_expr *inner)
{
    lw_kind k = inner->is_bool ? LW_K_BOOL : inner->type;
    e->type = k == LW_K_UNKNOWN_LITERAL ? LW_K_UNKNOWN : k;
    e->decimals = inner->decimals; /* -x has x's scale */
    if (lw_is_int_kind(k)) {
        lw_insert_call(w, e->start, w->rules->kinds[k].int_check);
        lw_out(w, ") ");
    } else if (k == LW_K_NUMERIC && inner->numeric_literal) {
        e->numeric_literal = 1;
    } else if (k == LW_K_NUMERIC) {
        char *taken = lw_take_from(w, inner->start);
        char *operand = taken ? exact_operand(taken) : NULL;
        w->t->out->len = e->start;
        if (operand)
            lw_outf(w, "decimal_neg(%s) ", operand);
        else
            w->t->out->oom = 1;
        sqlite3_free(taken);
        sqlite3_free(operand);
        lw_exact_numeric_result(w, e->start);
    } else if (k < LW_K_COUNT && w->rules->kinds[k].negate) {
        char *operand = lw_take_from(w, inner->start);
        w->t->out->len = e->start;
        if (operand)
            lw_outf(w, "%s(%s) ", w->rules->kinds[k].negate, operand);
        sqlite3_free(operand);
        lw_kind_carrier(w, e->start, k);
    } else if (k != LW_K_FLOAT && k != LW_K_UNKNOWN && k != LW_K_NULL &&
               k != LW_K_UNKNOWN_LITERAL) {
        lw_no_operator(w, "", "-", lw_kind_name(w, k));
    }
}
