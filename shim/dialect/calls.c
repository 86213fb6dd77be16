/*
 * Function calls (expr.h, lw_function_call) as the dialect's function table says:
 *
 *   name(args)                 written as name (lower case) or the entry's write_as;
 *                              DISTINCT/ALL and count(*) pass through
 *   special syntax             the entry's parse hook (extract(f FROM x))
 *   refused                    0A000 "the function name()"
 *   ORDER BY among the args    the dialect's ordered_aggregate hook (LW_FN_ORDERED)
 *   FILTER (WHERE ...), OVER (...)   written as they are; WITHIN GROUP is refused
 *
 * Arguments: a boolean constant going into JSON stays a JSON boolean (LW_FN_JSON_ARGS)
 * or into text 't'/'f' (LW_FN_TEXT_ARGS); an exact numeric going into JSON becomes a
 * JSON number, a json or jsonb value (a column holds its text) JSON (LW_FN_JSON_VALUES:
 * json() gives them SQLite's JSON subtype; as a window function the call is written as
 * the entry's window_json_as, which reads text as JSON). The result's kind is the entry's (fixed,
 * the arguments' common or first kind, or its type hook's); an exact numeric result gets the exact
 * carrier (types.h), an integer one of LW_FN_CHECKED_INT the range check, one of a kind with a
 * collation that collation (lw_kind_carrier). A name the table lacks is written as it is, its
 * result untyped.
 */
#include <string.h>

#include "dialect/expr.h"

static const lw_function *find_function(const lw_walker *w, const char *name)
{
    for (const lw_function *f = w->rules->functions; f && f->name; f++)
        if (!strcmp(f->name, name))
            return f;
    return NULL;
}

void lw_rename_call(lw_walker *w, size_t start, size_t name_len, const char *fn)
{
    char *call = lw_take_from(w, start);
    if (call && strlen(call) >= name_len)
        lw_outf(w, "%s%s", fn, call + name_len);
    sqlite3_free(call);
}

/* Is there an ORDER BY at this call's own level before its closing parenthesis? */
static int has_order_by(const lw_walker *w)
{
    int level = 0;
    for (size_t k = 0; w->p + k < w->n; k++) {
        const lw_token *t = lw_tok(w, k);
        if (t->type == LW_TK_LPAREN)
            level++;
        else if (t->type == LW_TK_RPAREN && level-- == 0)
            return 0;
        else if (level == 0 && lw_word_at(w, k, "order") && lw_word_at(w, k + 1, "by"))
            return 1;
    }
    return 0;
}

/* The result's kind, as the entry says (after the arguments were written). */
static lw_kind result_kind(lw_walker *w, const lw_function *fn, lw_call *call, const char **rename)
{
    if (!fn)
        return LW_K_UNKNOWN;
    if (fn->type)
        return fn->type(w, call, rename);
    if (fn->flags & LW_FN_COMMON_KIND)
        return call->common;
    if (fn->flags & LW_FN_FIRST_KIND)
        return call->first;
    return fn->result;
}

/* The arguments up to the closing parenthesis (written); fills call. Returns whether
 * every argument is a boolean. */
static int arguments(lw_walker *w, const lw_function *fn, lw_call *call,
                     lw_literal_ranges *literals)
{
    unsigned flags = fn ? fn->flags : 0;
    int json_args = (flags & LW_FN_JSON_ARGS) != 0, text_args = (flags & LW_FN_TEXT_ARGS) != 0;
    int json_values = (flags & (LW_FN_JSON_ARGS | LW_FN_JSON_VALUES)) != 0;
    int all_bool = 1;
    lw_kind common = LW_K_NULL;
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN)) {
        /* Booleans keep their type where SQLite would see 1 and 0. */
        if ((json_args || text_args) && (lw_word(w, "true") || lw_word(w, "false")) &&
            (lw_type_at(w, 1, LW_TK_COMMA) || lw_type_at(w, 1, LW_TK_RPAREN))) {
            int t = lw_word(w, "true");
            if (json_args)
                lw_out(w, t ? "json('true') " : "json('false') ");
            else
                lw_out(w, t ? "'t' " : "'f' ");
            lw_skip(w);
        } else {
            lw_expr arg = lw_parse_expr(w, 0);
            all_bool &= arg.is_bool;
            lw_kind k = arg.is_bool ? LW_K_BOOL : arg.type;
            if (k == LW_K_UNKNOWN_LITERAL && call->n_literals < LW_CALL_KINDS) {
                call->literal_from[call->n_literals] = arg.start;
                call->literal_to[call->n_literals++] = lw_here(w);
            }
            if (text_args && !arg.numeric_literal)
                lw_text_operand(w, arg.start, k);
            if (call->n_args == 0) {
                call->first = k;
                call->first_decimals = arg.decimals;
            }
            if (call->n_args < LW_CALL_KINDS)
                call->kinds[call->n_args] = k;
            call->any_exact |= k == LW_K_NUMERIC;
            common = call->n_args == 0 ? k : lw_common_kind(common, k);
            if (json_values && (k == LW_K_NUMERIC || k == LW_K_JSON || k == LW_K_JSONB)) {
                /* Exact numerics go into JSON as numbers: {"total": 1.50}; json values
                 * as JSON, not as strings. */
                if (arg.numeric_literal)
                    lw_quote_numeric_literal(w, arg.start, lw_here(w));
                lw_insert_at(w, arg.start, "json(");
                lw_out(w, ") ");
                call->json_wrapped = 1;
            } else {
                lw_note_literal(literals, &arg, lw_here(w));
            }
            call->n_args++;
        }
        if (lw_type_at(w, 0, LW_TK_COMMA))
            lw_emit(w);
        else if (!lw_type_at(w, 0, LW_TK_RPAREN)) {
            if (lw_word(w, "order"))
                lw_refuse(w, "ORDER BY inside %s()", call->name);
            break;
        }
    }
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_emit(w);
    call->common = common == LW_K_NULL ? LW_K_UNKNOWN : common;
    return all_bool;
}

/* The quoted-string arguments cast to kind k, the last first so the earlier offsets
 * hold. */
static void cast_literals(lw_walker *w, const lw_call *call, lw_kind k)
{
    for (int i = call->n_literals - 1; i >= 0 && !w->rc; i--) {
        lw_sqlbuf *b = w->t->out;
        size_t from = call->literal_from[i], to = call->literal_to[i];
        if (b->oom || to > b->len || from >= to)
            return;
        char *text = sqlite3_mprintf("%.*s", (int)(to - from), b->s + from);
        char *cast = text ? lw_cast_literal(w, text, k) : NULL;
        if (cast)
            lw_replace_range(w, from, to, cast);
        else
            b->oom = 1;
        sqlite3_free(text);
        sqlite3_free(cast);
    }
}

/* FILTER (WHERE ...), WITHIN GROUP, OVER after a call. Returns 0, or -1 refused. */
static int after_call(lw_walker *w, const lw_function *fn, const lw_call *call)
{
    if (lw_word(w, "filter") && lw_type_at(w, 1, LW_TK_LPAREN)) {
        lw_emit(w);
        lw_emit(w);
        if (lw_accept_word(w, "where"))
            lw_parse_expr(w, 0);
        if (lw_type_at(w, 0, LW_TK_RPAREN))
            lw_emit(w);
    }
    if (lw_word(w, "within")) {
        lw_refuse(w, "WITHIN GROUP");
        return -1;
    }
    if (lw_word(w, "over")) {
        if (call->json_wrapped && fn && fn->window_json_as)
            lw_rename_call(w, call->start, strlen(fn->write_as ? fn->write_as : call->name),
                           fn->window_json_as);
        lw_emit(w);
        lw_window_spec(w);
    }
    return 0;
}

/* The call at the current token; its result's kind and what the hooks said of it go
 * to *out. Returns whether it yields a boolean. */
static int function_call(lw_walker *w, lw_kind *type, lw_call *out)
{
    char *name = lw_tok_text(w, 0);
    char *spelled = lw_tok_text(w, 0);
    if (!name || !spelled) {
        sqlite3_free(name);
        sqlite3_free(spelled);
        return 0;
    }
    for (char *c = name; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c + 32);
    const lw_function *fn = find_function(w, name);
    lw_call call;
    memset(&call, 0, sizeof call);
    call.name = name;
    call.start = lw_here(w);
    call.first = call.common = LW_K_UNKNOWN;
    call.first_decimals = call.decimals = -1;
    call.coercibility = LW_COERCE_NUMERIC;
    call.spelled = spelled;
    int is_bool = 0;
    lw_kind result = LW_K_UNKNOWN;
    lw_skip(w); /* name */
    lw_skip(w); /* ( */
    if (fn && fn->parse) {
        result = fn->parse(w, &call);
        if (w->rc)
            goto done;
    } else if (fn && (fn->flags & LW_FN_REFUSE)) {
        lw_refuse(w, "the function %s()", name);
        goto done;
    } else if (fn && (fn->flags & LW_FN_ORDERED) && w->rules->ordered_aggregate &&
               has_order_by(w)) {
        w->rules->ordered_aggregate(w, &call);
    } else {
        lw_outf(w, "%s(", fn && fn->write_as ? fn->write_as : name);
        is_bool = fn && (fn->flags & LW_FN_BOOL);
        if (lw_word(w, "distinct") || lw_word(w, "all"))
            lw_emit(w);
        if (lw_op_at(w, 0, "*"))
            lw_emit(w);
        lw_literal_ranges literals = {{0}, {0}, 0};
        int all_bool = arguments(w, fn, &call, &literals);
        /* coalesce(a = b, false) and friends are boolean when every argument is. */
        if (fn && (fn->flags & LW_FN_PASS_BOOL) && all_bool && call.n_args)
            is_bool = 1;
        if (!w->rc) {
            const char *rename = NULL;
            result = result_kind(w, fn, &call, &rename);
            /* The decimal functions and text keep a constant's digits. */
            if (result == LW_K_NUMERIC || (fn && (fn->flags & LW_FN_TEXT_ARGS)))
                lw_quote_literals(w, &literals);
            if (fn && (fn->flags & LW_FN_LITERALS_AS_RESULT) && result < LW_K_COUNT &&
                w->rules->kinds[result].compare_literal)
                cast_literals(w, &call, result);
            if (rename)
                lw_rename_call(w, call.start, strlen(fn && fn->write_as ? fn->write_as : name),
                               rename);
        }
    }
    if (after_call(w, fn, &call))
        goto done;
    if (!w->rc && (result == LW_K_NUMERIC || (!is_bool && result != LW_K_UNKNOWN)))
        lw_computed_carrier(w, call.start, result);
    if (!w->rc && lw_is_int_kind(result) && fn && (fn->flags & LW_FN_CHECKED_INT)) {
        lw_insert_call(w, call.start, w->rules->kinds[result].int_check);
        lw_out(w, ") ");
    }
    if (type)
        *type = is_bool ? LW_K_BOOL : result;
done:
    sqlite3_free(name);
    sqlite3_free(spelled);
    call.name = NULL;
    call.spelled = NULL;
    if (out)
        *out = call;
    return is_bool;
}

int lw_function_call(lw_walker *w, lw_kind *type)
{
    return function_call(w, type, NULL);
}

void lw_function_expression(lw_walker *w, lw_expr *e)
{
    lw_call call;
    e->is_bool = function_call(w, &e->type, &call);
    e->decimals = call.decimals;
    e->collation = call.collation;
    e->coercibility = call.collation ? call.coercibility : LW_COERCE_NUMERIC;
    e->collation_seen = 0;
}
