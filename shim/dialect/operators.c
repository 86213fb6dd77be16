/*
 * Binary and postfix operators as the dialect's table says to write them (rules.h,
 * lw_operator), and the operator forms standard SQL has in every dialect:
 *
 *   a op ANY (...)  a op ALL (...)   = ANY and <> ALL become [NOT] IN (...) over a
 *                                   subquery or an ARRAY[...] list; other forms 0A000
 *   a IS [NOT] DISTINCT FROM b      IS NOT / IS (SQLite's null-safe comparisons)
 *   a IS [NOT] UNKNOWN              IS [NOT] NULL
 *   a [NOT] LIKE p [ESCAPE e]       ESCAPE '\' unless given (the default of the
 *                                   servers; SQLite has none)
 *   a [NOT] ILIKE p [ESCAPE e]      [NOT] ilike(p, a, e) (ext/text: Unicode case folding)
 *   a [NOT] IN (list | query)
 *   a [NOT] BETWEEN b AND c         BETWEEN SYMMETRIC is refused
 */
#include "dialect/arith.h"

#include <stdio.h>
#include <string.h>

/* How many tokens from k on spell the operator: its words, or its one symbol; 0 when
 * they do not. A bare ? in operator position is a PostgreSQL jsonb operator, which the
 * lexer reads as a parameter. */
static size_t spelled_at(const lw_walker *w, size_t k, const char *spelling)
{
    const lw_token *t = lw_tok(w, k);
    if (!t)
        return 0;
    if ((spelling[0] >= 'a' && spelling[0] <= 'z') || spelling[0] == '_')
        return t->type == LW_TK_WORD ? lw_words_at(w, k, spelling) : 0;
    if (t->type == LW_TK_PARAM)
        return spelling[0] == '?' && spelling[1] == 0 && t->sigil == '?' && t->length == 1;
    if (t->type != LW_TK_OPERATOR && t->type != LW_TK_LBRACKET)
        return 0;
    const char *text = w->sql + t->offset;
    for (uint32_t i = 0; i < t->length; i++)
        if (spelling[i] != text[i])
            return 0;
    return spelling[t->length] == 0;
}

const lw_operator *lw_find_operator(const lw_walker *w)
{
    const lw_token *t = lw_tok(w, 0);
    /* Only words and symbols can be operators: a comma or a parenthesis ends the
     * expression without a look at the table. */
    if (!t || (t->type != LW_TK_WORD && t->type != LW_TK_OPERATOR && t->type != LW_TK_LBRACKET &&
               t->type != LW_TK_PARAM))
        return NULL;
    /* The first character tells most entries apart: spellings are lower case. */
    char first = w->sql[t->offset];
    if (first >= 'A' && first <= 'Z')
        first = (char)(first + 32);
    const lw_operator *best = NULL;
    size_t best_n = 0;
    for (const lw_operator *op = w->rules->operators; op && op->spelling; op++) {
        if (op->spelling[0] != first)
            continue;
        size_t n = spelled_at(w, 0, op->spelling);
        if (n > best_n) {
            best = op;
            best_n = n;
        }
    }
    return best;
}

/* Writes the words (or the symbol) of the operator at the current token. */
static void emit_operator(lw_walker *w, const lw_operator *op)
{
    for (size_t n = spelled_at(w, 0, op->spelling); n > 0; n--)
        lw_emit(w);
}

/* = ANY (ARRAY[...] | subquery) and <> ALL (...): written as [NOT] IN (...). The
 * comparison operator cmp was not written. */
static int any_all(lw_walker *w, const char *cmp)
{
    int any = lw_word(w, "any") || lw_word(w, "some");
    if (!((any && !strcmp(cmp, "=")) || (!any && (!strcmp(cmp, "<>") || !strcmp(cmp, "!=")))))
        return lw_refuse(w, "%s %s (...)", cmp, any ? "ANY" : "ALL");
    lw_skip(w);
    if (!lw_type_at(w, 0, LW_TK_LPAREN))
        return lw_refuse(w, "ANY/ALL without parentheses");
    lw_out(w, any ? "IN " : "NOT IN ");
    if (lw_starts_query(w, 1)) {
        lw_subquery(w);
        return 0;
    }
    lw_skip(w); /* ( */
    if (!lw_word(w, "array") || !lw_type_at(w, 1, LW_TK_LBRACKET))
        return lw_refuse(w, "ANY/ALL over a value that is not an ARRAY[...] list");
    w->p += 2;
    lw_out(w, "(");
    lw_bracket_list(w);
    lw_skip(w); /* ) */
    lw_out(w, ") ");
    return w->rc;
}

/* The equality function of the kinds compared (lw_kind_def.equal_function), or NULL. */
static const char *equal_function(const lw_walker *w, const lw_expr *l, const lw_expr *r)
{
    const char *fn = l->is_bool ? NULL : w->rules->kinds[l->type].equal_function;
    return fn ? fn : r->is_bool ? NULL : w->rules->kinds[r->type].equal_function;
}

/* The kind of an operand as comparisons see it. */
static lw_kind operand_kind(const lw_expr *e)
{
    return e->is_bool ? LW_K_BOOL : e->type;
}

static int compares_literal(const lw_walker *w, lw_kind k)
{
    return k < LW_K_COUNT && w->rules->kinds[k].compare_literal;
}

/* The operand text *t of kind from as kind to (a quoted string cast, or a conversion). */
static void operand_as(lw_walker *w, char **t, lw_kind from, lw_kind to)
{
    if (!*t)
        return;
    char *converted;
    if (from == LW_K_UNKNOWN_LITERAL) {
        converted = lw_cast_literal(w, *t, to);
    } else {
        size_t at = lw_here(w);
        lw_out(w, *t);
        lw_convert(w, at, from, to);
        converted = lw_take_from(w, at);
    }
    sqlite3_free(*t);
    *t = converted;
}

/* Operands of a comparison that meet as one kind: a quoted string or a parameter
 * compared with a kind that reads it (a timestamptz), a date with a timestamp. The left operand was
 * written from e->start to left_end, the operator from there, the right one from rs.
 * Leaves them rewritten in place when they changed; returns where the right operand
 * starts. */
static size_t comparison_operands(lw_walker *w, const lw_expr *e, size_t left_end, size_t rs,
                                  const lw_expr *right)
{
    lw_kind L = operand_kind(e), R = operand_kind(right);
    /* A quoted string, or an operand of unknown kind (a parameter), meets the other's. */
    int cast_left = (L == LW_K_UNKNOWN_LITERAL || L == LW_K_UNKNOWN) && compares_literal(w, R);
    int cast_right = (R == LW_K_UNKNOWN_LITERAL || R == LW_K_UNKNOWN) && compares_literal(w, L);
    int ranked = lw_kind_rank(w, L) && lw_kind_rank(w, R) && L != R;
    if (!cast_left && !cast_right && !ranked)
        return rs;
    char *rt = lw_take_from(w, rs);
    char *optext = lw_take_from(w, left_end);
    char *lt = lw_take_from(w, e->start);
    if (cast_left)
        operand_as(w, &lt, L, R);
    else if (cast_right)
        operand_as(w, &rt, R, L);
    else if (lw_kind_rank(w, L) < lw_kind_rank(w, R))
        operand_as(w, &lt, L, R);
    else
        operand_as(w, &rt, R, L);
    if (lt && optext && rt) {
        lw_outf(w, "%s%s", lt, optext);
        rs = lw_here(w);
        lw_out(w, rt);
    } else {
        w->t->out->oom = 1;
    }
    sqlite3_free(lt);
    sqlite3_free(optext);
    sqlite3_free(rt);
    return rs;
}

static void comparison(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    const lw_token *t = lw_tok(w, 0);
    char cmp[4];
    snprintf(cmp, sizeof cmp, "%.*s", (int)t->length, w->sql + t->offset);
    size_t left_end = lw_here(w);
    lw_emit(w);
    if (lw_word(w, "any") || lw_word(w, "some") || lw_word(w, "all")) {
        /* The comparison operator was written; IN replaces it. */
        w->t->out->len -= strlen(cmp) + 1;
        any_all(w, cmp);
    } else {
        size_t rs = lw_here(w);
        lw_expr right = lw_parse_expr(w, op->bp + 1);
        if (!w->rc)
            rs = comparison_operands(w, e, left_end, rs, &right);
        if (w->rules->comparison && !w->rc) {
            right.start = rs;
            w->rules->comparison(w, e, left_end, &right);
            rs = right.start;
        }
        int ne = !strcmp(cmp, "<>") || !strcmp(cmp, "!=");
        const char *fn = ne || !strcmp(cmp, "=") ? equal_function(w, e, &right) : NULL;
        if (fn) {
            /* The kind's own equality: the operator written is dropped. */
            char *rt = lw_take_from(w, rs);
            w->t->out->len = left_end;
            char *lt = lw_take_from(w, e->start);
            if (lt && rt)
                lw_outf(w, "%s%s(%s, %s) ", ne ? "NOT " : "", fn, lt, rt);
            sqlite3_free(lt);
            sqlite3_free(rt);
        }
    }
    e->is_bool = 1;
    e->type = LW_K_BOOL;
    e->decimals = -1;
    e->collation = NULL;
    e->coercibility = LW_COERCE_NUMERIC;
    e->collation_seen = 0;
    e->row_items = 0;
}

/* fn(L, R extra), or fn(R, L extra), optionally negated: L was written from e->start. */
static void function_operator(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    char *left = lw_take_from(w, e->start);
    w->p += spelled_at(w, 0, op->spelling);
    size_t right_start = lw_here(w);
    lw_parse_expr(w, op->bp + 1);
    char *right = lw_take_from(w, right_start);
    int swap = (op->flags & LW_OPF_SWAP) != 0, negate = (op->flags & LW_OPF_NEGATE) != 0;
    if (left && right)
        lw_outf(w, "%s%s(%s, %s%s) %s", negate ? "(NOT " : "", op->text, swap ? right : left,
                swap ? left : right, op->extra ? op->extra : "", negate ? ") " : "");
    sqlite3_free(left);
    sqlite3_free(right);
    if (op->flags & LW_OPF_BOOL) {
        e->is_bool = 1;
    } else {
        e->is_bool = 0;
        e->type = op->result;
    }
}

static void infix(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    int text = (op->flags & LW_OPF_TEXT_OPERANDS) != 0;
    /* 'a' || 1.50 is a1.50: a numeric constant is text with its digits; a value whose
     * text the dialect converts (a timestamptz in the session's zone) converts. */
    if (text && e->numeric_literal)
        lw_quote_numeric_literal(w, e->start, lw_here(w));
    else if (text)
        lw_text_operand(w, e->start, operand_kind(e));
    emit_operator(w, op);
    if (!(op->flags & LW_OPF_POSTFIX)) {
        size_t rs = lw_here(w);
        lw_expr right = lw_parse_expr(w, op->bp + 1);
        if (text && right.numeric_literal)
            lw_quote_numeric_literal(w, rs, lw_here(w));
        else if (text)
            lw_text_operand(w, rs, operand_kind(&right));
    }
    if (op->flags & LW_OPF_BOOL) {
        e->is_bool = 1;
    } else {
        e->is_bool = 0;
        e->type = op->result;
    }
}

static void arithmetic(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    char symbol = w->sql[lw_tok(w, 0)->offset];
    lw_skip(w);
    size_t rs = lw_here(w);
    lw_expr right = lw_parse_expr(w, op->bp + 1);
    char *rtext = lw_take_from(w, rs);
    char *ltext = lw_take_from(w, e->start);
    lw_arithmetic(w, e, symbol, &right, ltext, rtext);
}

void lw_write_operator(lw_walker *w, lw_expr *left, const lw_operator *op)
{
    switch (op->writing) {
    case LW_OP_INFIX:
        infix(w, left, op);
        break;
    case LW_OP_COMPARISON:
        comparison(w, left, op);
        break;
    case LW_OP_FUNCTION:
        function_operator(w, left, op);
        break;
    case LW_OP_ARITHMETIC:
        arithmetic(w, left, op);
        break;
    case LW_OP_REFUSE:
        lw_refuse(w, "%s", op->text);
        break;
    case LW_OP_HOOK:
        op->write(w, left, op);
        break;
    }
}

/* ---- The standard operator forms ------------------------------------------------------- */

void lw_write_is(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    int negated = lw_word_at(w, 1, "not");
    size_t k = negated ? 2 : 1;
    if (lw_word_at(w, k, "distinct") && lw_word_at(w, k + 1, "from")) {
        w->p += k + 2;
        lw_out(w, negated ? "IS " : "IS NOT ");
        lw_parse_expr(w, op->bp + 1);
    } else if (lw_word_at(w, k, "unknown")) {
        w->p += k + 1;
        lw_out(w, negated ? "IS NOT NULL " : "IS NULL ");
    } else if (lw_word_at(w, k, "null") || lw_word_at(w, k, "true") || lw_word_at(w, k, "false")) {
        lw_emit(w);
        if (negated)
            lw_emit(w);
        lw_emit(w);
    } else if (lw_word_at(w, k, "json") || lw_word_at(w, k, "document") ||
               lw_word_at(w, k, "normalized")) {
        lw_refuse(w, "IS %s", negated ? "NOT ..." : "...");
        return;
    } else {
        lw_emit(w);
        if (negated)
            lw_emit(w);
        lw_parse_expr(w, op->bp + 1);
    }
    e->is_bool = 1;
}

void lw_write_like(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    emit_operator(w, op);
    lw_parse_expr(w, op->bp + 1);
    if (lw_accept_word(w, "escape"))
        lw_parse_expr(w, op->bp + 1);
    else
        lw_out(w, "ESCAPE '\\' ");
    e->is_bool = 1;
}

void lw_read_like(lw_walker *w, lw_expr *e, const lw_operator *op, lw_like_parts *parts)
{
    parts->negated = lw_word(w, "not");
    parts->left = lw_take_from(w, e->start);
    w->p += spelled_at(w, 0, op->spelling);
    size_t ps = lw_here(w);
    parts->pattern_expr = lw_parse_expr(w, op->bp + 1);
    parts->pattern = lw_take_from(w, ps);
    parts->escape = NULL;
    if (lw_word(w, "escape")) {
        lw_skip(w); /* the word is not written: the hook writes the call */
        size_t es = lw_here(w);
        lw_parse_expr(w, op->bp + 1);
        parts->escape = lw_take_from(w, es);
    }
}

void lw_like_parts_free(lw_like_parts *parts)
{
    sqlite3_free(parts->left);
    sqlite3_free(parts->pattern);
    sqlite3_free(parts->escape);
}

void lw_write_ilike(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    /* X [NOT] ILIKE P [ESCAPE E] -> [NOT] ilike(P, X [, E]) */
    lw_like_parts l;
    lw_read_like(w, e, op, &l);
    if (l.left && l.pattern)
        lw_outf(w, "%silike(%s, %s, %s) ", l.negated ? "NOT " : "", l.pattern, l.left,
                l.escape ? l.escape : "'\\'");
    lw_like_parts_free(&l);
    e->is_bool = 1;
}

/* An operand compared with a value of kind k (BETWEEN's bounds, IN's list): a quoted
 * string is cast to k when the kind reads it, a lower-ranked kind converted to it. */
static void compared_operand(lw_walker *w, lw_kind k, int min_bp)
{
    size_t start = lw_here(w);
    lw_expr x = lw_parse_expr(w, min_bp);
    lw_kind xk = operand_kind(&x);
    if (w->rc || xk == k)
        return;
    if (((xk == LW_K_UNKNOWN_LITERAL || xk == LW_K_UNKNOWN) && compares_literal(w, k)) ||
        (lw_kind_rank(w, xk) && lw_kind_rank(w, k) && lw_kind_rank(w, xk) < lw_kind_rank(w, k))) {
        char *t = lw_take_from(w, start);
        operand_as(w, &t, xk, k);
        if (t)
            lw_out(w, t);
        else
            w->t->out->oom = 1;
        sqlite3_free(t);
    }
}

void lw_write_in(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    emit_operator(w, op);
    lw_kind k = operand_kind(e);
    if (lw_type_at(w, 0, LW_TK_LPAREN) && lw_starts_query(w, 1)) {
        lw_subquery(w);
    } else if (lw_type_at(w, 0, LW_TK_LPAREN) && (compares_literal(w, k) || lw_kind_rank(w, k))) {
        lw_emit(w);
        while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN)) {
            compared_operand(w, k, 0);
            if (!lw_next_item(w))
                break;
        }
        if (lw_type_at(w, 0, LW_TK_RPAREN))
            lw_emit(w);
    } else if (lw_type_at(w, 0, LW_TK_LPAREN)) {
        lw_emit(w);
        lw_expr_list(w);
    } else {
        lw_refuse(w, "IN without a parenthesized list");
    }
    e->is_bool = 1;
}

void lw_write_between(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    emit_operator(w, op);
    if (lw_word(w, "symmetric")) {
        lw_refuse(w, "BETWEEN SYMMETRIC");
        return;
    }
    lw_kind k = operand_kind(e);
    compared_operand(w, k, op->bp + 1);
    lw_accept_word(w, "and");
    compared_operand(w, k, op->bp + 1);
    e->is_bool = 1;
}
