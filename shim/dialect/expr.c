/*
 * The shared expression parser (expr.h): precedence climbing over the dialect's
 * operator table, and the primaries.
 *
 *   primary    constant | parameter | column | ( list ) | ( query ) | prefix primary
 *              | NOT e | EXISTS ( query ) | CASE ... END | CAST ( e AS type )
 *              | TRUE | FALSE | NULL | keyword expression (the dialect's table)
 *              | name ( arguments )   (calls.c)
 *   expression primary { operator expression }   while the operator binds at least
 *              as tight as the caller asked (min_bp); its right operand is read at
 *              bp + 1, so operators of one level associate to the left
 *
 * Types: every expression comes back with its kind (types.h), which the operators,
 * casts, CASE and calls combine; a numeric constant remembers that it was one, so
 * that exact numerics keep its digits (1.10, not SQLite's REAL 1.1).
 */
#include "dialect/expr.h"

#include <string.h>

#include "dialect/arith.h"
#include "dialect/scope.h"

void lw_expr_list(lw_walker *w)
{
    while (!lw_at_end(w) && !w->rc && !lw_type_at(w, 0, LW_TK_RPAREN)) {
        lw_parse_expr(w, 0);
        if (lw_type_at(w, 0, LW_TK_COMMA))
            lw_emit(w);
        else if (!lw_type_at(w, 0, LW_TK_RPAREN))
            break;
    }
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_emit(w);
}

void lw_bracket_list(lw_walker *w)
{
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RBRACKET)) {
        lw_parse_expr(w, 0);
        if (!lw_next_item(w))
            break;
    }
    lw_skip(w);
}

lw_expr lw_expr_here(const lw_walker *w)
{
    lw_expr e;
    memset(&e, 0, sizeof e);
    e.start = lw_here(w);
    e.type = LW_K_UNKNOWN;
    e.tok = w->p;
    e.decimals = -1;
    e.coercibility = LW_COERCE_NUMERIC;
    return e;
}

/* Reads the column reference at the current token (written as is): its qualifier's
 * and name's token positions (qual 0 when unqualified). Returns 0, or 1 when it was
 * something else after all (a qualified function call, t.*), written too. */
static int read_column_reference(lw_walker *w, size_t *qual_out, size_t *name_out)
{
    if (w->bare_columns && lw_type_at(w, 1, LW_TK_DOT) &&
        (lw_type_at(w, 2, LW_TK_WORD) || lw_type_at(w, 2, LW_TK_QIDENT))) {
        w->p += 2; /* the qualifier and its dot */
    }
    size_t qual = 0, name = w->p;
    lw_emit(w);
    /* Qualified names: a.b, a.b.c, a.* */
    while (lw_type_at(w, 0, LW_TK_DOT) && !w->rc) {
        lw_emit(w);
        if (lw_type_at(w, 1, LW_TK_LPAREN) && lw_type_at(w, 0, LW_TK_WORD)) {
            lw_function_call(w, NULL);
            return 1;
        }
        if (!lw_type_at(w, 0, LW_TK_WORD) && !lw_type_at(w, 0, LW_TK_QIDENT)) {
            lw_emit(w);
            return 1;
        }
        qual = name;
        name = w->p;
        lw_emit(w);
    }
    *qual_out = qual;
    *name_out = name;
    return w->rc ? 1 : 0;
}

lw_kind lw_column_reference(lw_walker *w)
{
    size_t qual, name;
    if (read_column_reference(w, &qual, &name))
        return LW_K_UNKNOWN;
    return lw_column_kind(w, qual, name);
}

void lw_column_expression(lw_walker *w, lw_expr *e)
{
    size_t qual, name, table = 0;
    if (read_column_reference(w, &qual, &name))
        return;
    e->type = lw_column_source(w, qual, name, &table);
    if (!table || (!w->rules->intern_collation && !w->rules->column))
        return;
    char *t = lw_ident_text(w, table), *c = lw_ident_text(w, name);
    if (t && c && w->rules->intern_collation) {
        const char *coll = lw_schema_column_collation(w->schema, t, c);
        e->collation = coll ? w->rules->intern_collation(coll) : NULL;
        if (e->collation) {
            e->coercibility = LW_COERCE_IMPLICIT;
            e->collation_seen = 1;
        }
    }
    if (t && c && w->rules->column) {
        char *decl = lw_schema_declared_type(w->schema, t, c, 0);
        if (decl)
            w->rules->column(w, e, decl);
        sqlite3_free(decl);
    }
    sqlite3_free(t);
    sqlite3_free(c);
}

void lw_order_items(lw_walker *w)
{
    for (;;) {
        lw_expr item = lw_parse_expr(w, 0);
        if (w->rules->order_item && !w->rc)
            w->rules->order_item(w, &item);
        int desc = 0;
        if (lw_word(w, "desc")) {
            desc = 1;
            lw_emit(w);
        } else if (lw_word(w, "asc")) {
            lw_emit(w);
        } else if (lw_word(w, "using")) {
            lw_refuse(w, "ORDER BY ... USING");
            return;
        }
        if (lw_word(w, "nulls")) {
            lw_emit(w);
            lw_emit(w);
        } else if (w->rules->nulls_sort_high) {
            /* NULLs sort as the largest value; SQLite sorts them first. */
            lw_out(w, desc ? "NULLS FIRST " : "NULLS LAST ");
        }
        if (!lw_type_at(w, 0, LW_TK_COMMA) || w->rc)
            return;
        lw_emit(w);
    }
}

void lw_by_list(lw_walker *w)
{
    lw_emit(w);
    lw_emit(w);
    do {
        lw_expr item = lw_parse_expr(w, 0);
        if (w->rules->order_item && !w->rc)
            w->rules->order_item(w, &item);
    } while (lw_next_item(w));
}

void lw_window_spec(lw_walker *w)
{
    if (!lw_type_at(w, 0, LW_TK_LPAREN)) {
        lw_emit(w); /* a window name */
        return;
    }
    lw_emit(w);
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN)) {
        if (lw_word(w, "order") && lw_word_at(w, 1, "by")) {
            lw_emit(w);
            lw_emit(w);
            lw_order_items(w);
        } else if (lw_word(w, "partition") && lw_word_at(w, 1, "by")) {
            lw_by_list(w);
        } else {
            lw_emit(w);
        }
    }
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_emit(w);
}

/* ---- Primaries ------------------------------------------------------------------------- */

/* The prefix operator at the current token in the dialect's table, or NULL. */
static const lw_prefix_operator *find_prefix(const lw_walker *w)
{
    for (const lw_prefix_operator *p = w->rules->prefix_operators; p && p->spelling; p++)
        if (lw_op_at(w, 0, p->spelling))
            return p;
    return NULL;
}

/* Does a symbol at k bind tighter than a sign before the number at k - 1 (-1::text
 * is -(1::text), so the sign is not part of that constant)? */
static int binds_tighter_than_sign(const lw_walker *w, size_t k)
{
    const lw_token *t = lw_tok(w, k);
    if (!t || (t->type != LW_TK_OPERATOR && t->type != LW_TK_LBRACKET))
        return 0;
    for (const lw_operator *op = w->rules->operators; op && op->spelling; op++)
        if (op->bp == LW_BP_ALWAYS && strlen(op->spelling) == t->length &&
            memcmp(op->spelling, w->sql + t->offset, t->length) == 0)
            return 1;
    return 0;
}

static void prefix_expression(lw_walker *w, lw_expr *e, const lw_token *t)
{
    const lw_prefix_operator *p = find_prefix(w);
    if (p && p->writing == LW_PREFIX_MINUS) {
        if (w->in_values && lw_type_at(w, 1, LW_TK_NUMBER) && lw_number_has_fraction(w, 1) &&
            lw_tok(w, 1)->offset == t->offset + 1) {
            /* A negative value on its way into a column keeps its digits. */
            const lw_token *num = lw_tok(w, 1);
            lw_put_literal(w, w->sql + t->offset, num->offset + num->length - t->offset);
            w->p += 2;
            e->type = LW_K_NUMERIC;
            e->numeric_literal = 1;
        } else if (lw_type_at(w, 1, LW_TK_NUMBER) && !binds_tighter_than_sign(w, 2)) {
            /* The sign is part of the constant: -2147483648 is an integer. */
            e->type = lw_number_kind(w, 1, 1);
            e->numeric_literal = e->type == LW_K_NUMERIC;
            lw_emit(w);
            lw_emit(w);
        } else {
            lw_emit(w);
            lw_expr inner = lw_parse_expr(w, w->rules->unary_bp);
            lw_unary_minus(w, e, &inner);
        }
    } else if (p && p->writing == LW_PREFIX_KEEP) {
        size_t op_start = lw_here(w);
        lw_emit(w);
        size_t op_end = lw_here(w);
        lw_expr inner = lw_parse_expr(w, w->rules->unary_bp);
        e->type = inner.type;
        /* SQLite's unary + takes its operand's affinity away, and an exact numeric's
         * text needs it to compare as a number (+ 9.5 > 43 would compare the text
         * with the integer by storage class): + of a numeric is written as nothing,
         * and a constant stays a constant (+ 2.50 shows 2.50). */
        if (e->type == LW_K_NUMERIC && t->length == 1 && w->sql[t->offset] == '+') {
            lw_replace_range(w, op_start, op_end, "");
            e->numeric_literal = inner.numeric_literal;
            e->decimals = inner.decimals;
        }
    } else if (p && p->writing == LW_PREFIX_ALONE) {
        lw_emit(w);
    } else {
        lw_refuse(w, "the prefix operator %.*s", (int)t->length, w->sql + t->offset);
    }
}

/* A THEN or ELSE branch of CASE e: what it adds to the boolean test, the common kind,
 * the numeric constants to quote and (rules->case_result) the result's collation. */
static void case_branch(lw_walker *w, lw_expr *e, int *all_bool, lw_kind *type,
                        lw_literal_ranges *literals)
{
    int null_branch = lw_word(w, "null");
    lw_expr branch = lw_parse_expr(w, 0);
    *all_bool &= branch.is_bool || null_branch;
    *type = lw_common_kind(*type, branch.type);
    lw_note_literal(literals, &branch, lw_here(w));
    if (w->rules->case_result && !w->rc)
        w->rules->case_result(w, e, &branch);
}

/* CASE [x] WHEN ... THEN ... [ELSE ...] END: boolean when every THEN and ELSE branch
 * is (NULL branches aside); the branches' common kind otherwise. */
static void case_expression(lw_walker *w, lw_expr *e)
{
    int all_bool = 1;
    lw_kind type = LW_K_NULL;
    lw_literal_ranges literals = {{0}, {0}, 0};
    lw_emit(w);
    int simple = !lw_word(w, "when");
    lw_expr base = simple ? lw_parse_expr(w, 0) : lw_expr_here(w);
    while (!w->rc && lw_accept_word(w, "when")) {
        lw_expr value = lw_parse_expr(w, 0);
        if (simple && w->rules->case_when && !w->rc)
            w->rules->case_when(w, &base, &value);
        if (lw_accept_word(w, "then"))
            case_branch(w, e, &all_bool, &type, &literals);
    }
    if (lw_accept_word(w, "else"))
        case_branch(w, e, &all_bool, &type, &literals);
    lw_accept_word(w, "end");
    e->is_bool = all_bool;
    e->type = type == LW_K_NULL ? LW_K_UNKNOWN : type;
    if (e->type == LW_K_NUMERIC) {
        lw_quote_literals(w, &literals);
        lw_exact_numeric_result(w, e->start);
    }
}

/* CAST(x AS type): the name and '(' are current. */
static void cast_expression(lw_walker *w, lw_expr *e)
{
    w->p += 2;
    size_t start = lw_here(w);
    lw_expr operand = lw_parse_expr(w, 0);
    if (!lw_word(w, "as")) {
        lw_refuse(w, "this CAST");
        return;
    }
    lw_skip(w);
    lw_sql_type ty;
    if (lw_parse_type(w, &ty) == 0)
        lw_cast_expression(w, start, &operand, &ty);
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_skip(w);
    e->is_bool = ty.kind == LW_K_BOOL;
    e->type = ty.kind;
}

/* A word that starts an expression: the standard ones, then the dialect's table, else
 * a call or a column. */
static void word_expression(lw_walker *w, lw_expr *e, const lw_token *t)
{
    if (lw_word(w, "not")) {
        lw_emit(w);
        lw_parse_expr(w, w->rules->not_bp + 1);
        e->is_bool = 1;
        e->type = LW_K_BOOL;
        return;
    }
    if (lw_word(w, "exists")) {
        lw_emit(w);
        if (lw_type_at(w, 0, LW_TK_LPAREN))
            lw_subquery(w);
        e->is_bool = 1;
        e->type = LW_K_BOOL;
        return;
    }
    if (lw_word(w, "case")) {
        case_expression(w, e);
        return;
    }
    if (lw_word(w, "cast") && lw_type_at(w, 1, LW_TK_LPAREN)) {
        cast_expression(w, e);
        return;
    }
    if (lw_word(w, "true") || lw_word(w, "false") || lw_word(w, "null")) {
        e->is_bool = !lw_word(w, "null");
        e->type = e->is_bool ? LW_K_BOOL : LW_K_NULL;
        lw_emit(w);
        return;
    }
    for (const lw_keyword_expr *k = w->rules->keywords; k && k->word; k++) {
        if (!lw_token_is_word(w->sql, t, k->word))
            continue;
        if (k->refused) {
            lw_refuse(w, "%.*s", (int)t->length, w->sql + t->offset);
            return;
        }
        if (k->parse(w, e))
            return;
        break;
    }
    if (lw_type_at(w, 1, LW_TK_LPAREN))
        lw_function_expression(w, e);
    else
        lw_column_expression(w, e);
}

/* The primary of an expression (operand with its prefix operators). */
static lw_expr parse_primary(lw_walker *w)
{
    lw_expr e = lw_expr_here(w);
    const lw_token *t = lw_tok(w, 0);
    if (!t || w->rc)
        return e;
    if (lw_enter(w))
        return e;
    if (w->rules->primary && w->rules->primary(w, &e)) {
        lw_leave(w);
        return e;
    }
    switch (t->type) {
    case LW_TK_STRING:
        lw_parse_string(w);
        e.type = LW_K_UNKNOWN_LITERAL;
        break;
    case LW_TK_NUMBER:
        e.type = lw_number_kind(w, 0, 0);
        e.numeric_literal = e.type == LW_K_NUMERIC;
        if (w->in_values && lw_number_has_fraction(w, 0)) {
            /* A value on its way into a column keeps its written digits: a NUMERIC(p,s)
             * column stores 1.10 as the server does, not SQLite's REAL 1.1. */
            lw_put_literal(w, w->sql + t->offset, t->length);
            lw_skip(w);
        } else {
            lw_emit(w);
        }
        break;
    case LW_TK_PARAM:
        lw_emit(w);
        break;
    case LW_TK_QIDENT:
        lw_column_expression(w, &e);
        break;
    case LW_TK_LPAREN:
        if (lw_starts_query(w, 1)) {
            size_t start = lw_here(w);
            e.type = lw_subquery(w);
            e.row_items = w->subquery_items > 1 ? w->subquery_items : 0;
            if (w->subquery_items == 1 && w->rules->scalar_subquery && !w->rc)
                w->rules->scalar_subquery(w, start);
        } else {
            lw_emit(w);
            int n = 0;
            lw_expr inner = lw_expr_here(w);
            while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN)) {
                /* (x - y) may be an interval, which only a parenthesis of its own keeps */
                inner = lw_parse_operand(w, 0);
                if (inner.is_interval && (n > 0 || !lw_type_at(w, 0, LW_TK_RPAREN)))
                    lw_refuse(w, "an interval value outside timestamp + INTERVAL or - INTERVAL");
                n++;
                if (!lw_next_item(w))
                    break;
            }
            if (lw_type_at(w, 0, LW_TK_RPAREN))
                lw_emit(w);
            e.is_bool = n == 1 && inner.is_bool;
            e.is_interval = n == 1 && inner.is_interval;
            e.type = n == 1 ? inner.type : LW_K_UNKNOWN;
            e.row_items = n > 1 ? n : 0;
            if (n == 1) {
                /* A parenthesized expression is the expression. */
                e.decimals = inner.decimals;
                e.collation = inner.collation;
                e.coercibility = inner.coercibility;
                e.collation_seen = inner.collation_seen;
                e.numeric_literal = 0;
            }
        }
        break;
    case LW_TK_OPERATOR:
        prefix_expression(w, &e, t);
        break;
    case LW_TK_WORD:
        word_expression(w, &e, t);
        break;
    default:
        /* Let SQLite report what it makes of anything else. */
        lw_emit(w);
        break;
    }
    lw_leave(w);
    return e;
}

/* ---- Operators --------------------------------------------------------------------------- */

lw_expr lw_parse_operand(lw_walker *w, int min_bp)
{
    lw_expr e = parse_primary(w);
    size_t primary_end = w->p;
    while (!w->rc && !lw_at_end(w)) {
        const lw_token *t = lw_tok(w, 0);
        const lw_operator *op = lw_find_operator(w);
        if (!op) {
            if (t->type != LW_TK_OPERATOR || w->rules->other_operator_bp < min_bp)
                break;
            lw_refuse(w, "the operator %.*s", (int)(t->length < 7 ? t->length : 7),
                      w->sql + t->offset);
            break;
        }
        if (op->bp < min_bp)
            break;
        lw_write_operator(w, &e, op);
    }
    if (w->p != primary_end)
        e.numeric_literal = 0;
    if (e.is_bool)
        e.type = LW_K_BOOL;
    return e;
}

lw_expr lw_parse_expr(lw_walker *w, int min_bp)
{
    lw_expr e = lw_parse_operand(w, min_bp);
    if (e.is_interval)
        lw_refuse(w, "an interval value outside timestamp + INTERVAL or - INTERVAL");
    return e;
}
