/*
 * The postgresql dialect's function calls as a table for the shared layer
 * (dialect/calls.c): the calls with syntax of their own, the ones renamed or refused,
 * and the result types PostgreSQL 15 gives them. The functions themselves are the
 * runtime's (runtime_*.c) or SQLite's.
 *
 *   extract(f FROM x)               pg_extract('f', x), a numeric
 *   position(a IN b)                strpos(b, a)
 *   substring(x FROM a FOR b)       substr(x, a, b)
 *   trim([BOTH|LEADING|TRAILING] [c] FROM x), btrim   trim/ltrim/rtrim(x, c)
 *   string_agg, jsonb_agg, json_agg, array_agg with ORDER BY   pg_ordered_agg(...); as
 *                                   window functions on json arguments pg_json_agg_json
 *   bool_and, every, bool_or        min, max (booleans are 0 and 1)
 *   abs, mod, round, trunc, ceil, floor of a numeric   decimal_abs ... (exact)
 *   mod of integers                 pg_mod (22012 for a zero divisor)
 *   round of a double               pg_rint (half to even, as PostgreSQL)
 *   refused                         overlay, unnest, array_length, array_to_string,
 *                                   format, pg_sleep, regexp_matches, string_to_array,
 *                                   age, make_interval; power and friends of a numeric
 */
#include <stdio.h>
#include <string.h>

#include "dialect/postgresql/postgresql.h"

/* extract(field FROM x) -> pg_extract('field', x) */
static lw_kind extract_call(lw_walker *w, lw_call *call)
{
    (void)call;
    const lw_token *f = lw_tok(w, 0);
    if (!f || !lw_word_at(w, 1, "from")) {
        lw_refuse(w, "this form of extract()");
        return LW_K_UNKNOWN;
    }
    lw_outf(w, "pg_extract('%.*s', ", (int)f->length, w->sql + f->offset);
    w->p += 2;
    lw_parse_expr(w, 0);
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_emit(w);
    return LW_K_NUMERIC; /* PostgreSQL 15's extract is a numeric */
}

/* position(a IN b) -> strpos(b, a) */
static lw_kind position_call(lw_walker *w, lw_call *call)
{
    (void)call;
    size_t a_start = lw_here(w);
    lw_parse_expr(w, BP_LIKE + 1);
    char *a = lw_take_from(w, a_start);
    if (!lw_word(w, "in")) {
        sqlite3_free(a);
        lw_refuse(w, "this form of position()");
        return LW_K_UNKNOWN;
    }
    lw_skip(w);
    lw_out(w, "strpos(");
    lw_parse_expr(w, 0);
    lw_outf(w, ", %s", a ? a : "");
    sqlite3_free(a);
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_emit(w);
    return LW_K_INT4;
}

/* substring(x FROM a [FOR b]) and substring(x, a [, b]) -> substr */
static lw_kind substring_call(lw_walker *w, lw_call *call)
{
    (void)call;
    lw_out(w, "substr(");
    lw_parse_expr(w, 0);
    if (lw_word(w, "from") || lw_type_at(w, 0, LW_TK_COMMA)) {
        lw_skip(w);
        lw_out(w, ", ");
        lw_parse_expr(w, 0);
    } else if (lw_word(w, "for")) {
        lw_skip(w);
        lw_out(w, ", 1, ");
        lw_parse_expr(w, 0);
    }
    if (lw_word(w, "for") || lw_type_at(w, 0, LW_TK_COMMA)) {
        lw_skip(w);
        lw_out(w, ", ");
        lw_parse_expr(w, 0);
    }
    if (lw_word(w, "similar")) {
        lw_refuse(w, "substring(... SIMILAR ...)");
        return LW_K_UNKNOWN;
    }
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_emit(w);
    return LW_K_UNKNOWN;
}

/* trim([BOTH|LEADING|TRAILING] [chars] FROM x) -> trim/ltrim/rtrim(x, chars) */
static lw_kind trim_call(lw_walker *w, lw_call *call)
{
    (void)call;
    const char *fn = "trim";
    if (lw_word(w, "both"))
        lw_skip(w);
    else if (lw_word(w, "leading")) {
        fn = "ltrim";
        lw_skip(w);
    } else if (lw_word(w, "trailing")) {
        fn = "rtrim";
        lw_skip(w);
    }
    lw_outf(w, "%s(", fn);
    char *chars = NULL;
    if (!lw_word(w, "from")) {
        size_t c_start = lw_here(w);
        lw_parse_expr(w, 0);
        if (lw_word(w, "from"))
            chars = lw_take_from(w, c_start);
    }
    if (lw_word(w, "from")) {
        lw_skip(w);
        lw_parse_expr(w, 0);
    } else if (lw_type_at(w, 0, LW_TK_COMMA)) {
        lw_emit(w);
        lw_parse_expr(w, 0);
    }
    if (chars)
        lw_outf(w, ", %s", chars);
    sqlite3_free(chars);
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_emit(w);
    return LW_K_UNKNOWN;
}

/* An aggregate call's arguments with ORDER BY inside: rewritten into
 * pg_ordered_agg('name', nargs, args..., key, desc, ...). The name was not written. */
void pg_ordered_aggregate(lw_walker *w, const lw_call *call)
{
    lw_outf(w, "pg_ordered_agg('%s', ", call->name);
    size_t count_pos = lw_here(w);
    int nargs = 0;
    if (lw_word(w, "distinct")) {
        lw_refuse(w, "DISTINCT with ORDER BY inside an aggregate");
        return;
    }
    while (!w->rc && !lw_at_end(w) && !lw_word(w, "order")) {
        lw_expr arg = lw_parse_expr(w, 0);
        if (nargs == 0 && strcmp(call->name, "string_agg") != 0 &&
            (arg.type == LW_K_NUMERIC || arg.type == LW_K_JSON || arg.type == LW_K_JSONB)) {
            /* A numeric goes into the JSON array as a number, a json value as JSON. */
            if (arg.numeric_literal)
                lw_quote_numeric_literal(w, arg.start, lw_here(w));
            lw_insert_at(w, arg.start, "json(");
            lw_out(w, ") ");
        }
        nargs++;
        if (!lw_next_item(w))
            break;
    }
    char count[16];
    snprintf(count, sizeof count, "%d, ", nargs);
    lw_insert_at(w, count_pos, count);
    if (!lw_word(w, "order") || !lw_word_at(w, 1, "by")) {
        lw_refuse(w, "this aggregate call");
        return;
    }
    w->p += 2;
    for (;;) {
        lw_out(w, ", ");
        lw_parse_expr(w, 0);
        int desc = 0;
        if (lw_word(w, "desc")) {
            desc = 1;
            lw_skip(w);
        } else if (lw_word(w, "asc")) {
            lw_skip(w);
        }
        if (lw_word(w, "nulls")) {
            lw_refuse(w, "NULLS FIRST/LAST inside an aggregate call");
            return;
        }
        lw_outf(w, ", %d ", desc);
        if (!lw_type_at(w, 0, LW_TK_COMMA))
            break;
        lw_skip(w);
    }
    if (!lw_type_at(w, 0, LW_TK_RPAREN)) {
        lw_refuse(w, "this aggregate call");
        return;
    }
    lw_emit(w);
}

/* ---- Result types ---------------------------------------------------------------------- */

static lw_kind sum_type(lw_walker *w, const lw_call *call, const char **rename)
{
    (void)w;
    (void)rename;
    lw_kind a = call->first;
    return a == LW_K_INT2 || a == LW_K_INT4 ? LW_K_INT8
           : a == LW_K_FLOAT                ? LW_K_FLOAT
                                            : LW_K_NUMERIC;
}

static lw_kind avg_type(lw_walker *w, const lw_call *call, const char **rename)
{
    (void)w;
    (void)rename;
    return call->first == LW_K_FLOAT ? LW_K_FLOAT : LW_K_NUMERIC;
}

static lw_kind min_max_type(lw_walker *w, const lw_call *call, const char **rename)
{
    (void)w;
    (void)rename;
    return call->n_args == 1 ? call->first : LW_K_UNKNOWN;
}

/* abs() of a numeric and mod() with a numeric argument are the decimal module's (exact);
 * mod() of integers is pg_mod (SQLite's mod() is a double, and NULL for a zero
 * divisor). */
static lw_kind abs_mod_type(lw_walker *w, const lw_call *call, const char **rename)
{
    (void)w;
    lw_kind a = call->first;
    if (call->name[0] == 'a') {
        if (a == LW_K_NUMERIC) {
            *rename = "decimal_abs";
            return LW_K_NUMERIC;
        }
        return lw_is_int_kind(a) || a == LW_K_FLOAT ? a : LW_K_UNKNOWN;
    }
    if (call->n_args != 2)
        return LW_K_UNKNOWN;
    if (call->any_exact) {
        *rename = "decimal_mod";
        return LW_K_NUMERIC;
    }
    if (lw_is_int_kind(a) && lw_is_int_kind(call->common)) {
        *rename = "pg_mod";
        return call->common;
    }
    return LW_K_UNKNOWN;
}

static lw_kind round_trunc_type(lw_walker *w, const lw_call *call, const char **rename)
{
    lw_kind a = call->first;
    if (a == LW_K_NUMERIC || (lw_is_int_kind(a) && call->n_args == 2)) {
        *rename = call->name[0] == 'r' ? "decimal_round" : "decimal_trunc";
        return LW_K_NUMERIC;
    }
    if (a == LW_K_FLOAT && call->n_args == 2)
        lw_walk_error(w, LW_ESYNTAX, "42883", 1305,
                      "function %s(double precision, integer) does not exist", call->name);
    if ((lw_is_int_kind(a) || a == LW_K_FLOAT) && call->name[0] == 'r')
        *rename = "pg_rint"; /* PostgreSQL rounds a double half to even */
    return lw_is_int_kind(a) || a == LW_K_FLOAT ? LW_K_FLOAT : LW_K_UNKNOWN;
}

static lw_kind ceil_floor_type(lw_walker *w, const lw_call *call, const char **rename)
{
    (void)w;
    lw_kind a = call->first;
    if (a == LW_K_NUMERIC) {
        *rename = call->name[0] == 'f' ? "pg_floor" : "pg_ceil";
        return LW_K_NUMERIC;
    }
    return lw_is_int_kind(a) || a == LW_K_FLOAT ? LW_K_FLOAT : LW_K_UNKNOWN;
}

/* power() and friends compute in double precision here; PostgreSQL computes them
 * exactly for a numeric, so a numeric argument is refused. */
static lw_kind float_math_type(lw_walker *w, const lw_call *call, const char **rename)
{
    (void)rename;
    if (call->any_exact)
        lw_refuse(w,
                  "%s() of a numeric value (PostgreSQL computes it exactly; cast it: "
                  "x::float8)",
                  call->name);
    return LW_K_FLOAT;
}

/* pg_typeof(x) -> 'type': the type the rewriter gives the expression, as PostgreSQL
 * names it; refused when the rewriter cannot tell (a parameter, a subquery column). */
static lw_kind typeof_call(lw_walker *w, lw_call *call)
{
    size_t start = lw_here(w);
    lw_expr e = lw_parse_expr(w, 0);
    lw_kind k = e.is_bool ? LW_K_BOOL : e.type;
    char *arg = lw_take_from(w, start);
    sqlite3_free(arg);
    (void)call;
    if (!lw_type_at(w, 0, LW_TK_RPAREN)) {
        lw_refuse(w, "pg_typeof() of more than one argument");
        return LW_K_UNKNOWN;
    }
    lw_skip(w);
    const char *name = k == LW_K_UNKNOWN_LITERAL ? "unknown"
                       : k < LW_K_COUNT          ? w->rules->kinds[k].name
                                                 : NULL;
    if (!name || k == LW_K_UNKNOWN || k == LW_K_NULL) {
        lw_refuse(w, "pg_typeof() of an expression whose type the dialect cannot tell");
        return LW_K_UNKNOWN;
    }
    lw_outf(w, "'%s' ", name);
    return LW_K_TEXT;
}

#define SYNTAX(name, parse)                                                                        \
    {                                                                                              \
        name, NULL, 0, LW_K_UNKNOWN, parse, NULL, NULL                                             \
    }
#define REFUSED(name)                                                                              \
    {                                                                                              \
        name, NULL, LW_FN_REFUSE, LW_K_UNKNOWN, NULL, NULL, NULL                                   \
    }
#define RESULT(name, kind)                                                                         \
    {                                                                                              \
        name, NULL, 0, kind, NULL, NULL, NULL                                                      \
    }
#define TYPED(name, type)                                                                          \
    {                                                                                              \
        name, NULL, 0, LW_K_UNKNOWN, NULL, type, NULL                                              \
    }
#define AGGREGATE_TO_JSON (LW_FN_JSON_VALUES | LW_FN_ORDERED)
/* The window form of the JSON aggregates whose argument was written json(...). */
#define JSON_WINDOW "pg_json_agg_json"

const lw_function pg_functions[] = {
    SYNTAX("extract", extract_call),
    SYNTAX("position", position_call),
    SYNTAX("substring", substring_call),
    SYNTAX("trim", trim_call),
    SYNTAX("btrim", trim_call),
    SYNTAX("pg_typeof", typeof_call),
    REFUSED("overlay"),
    REFUSED("unnest"),
    REFUSED("array_length"),
    REFUSED("array_to_string"),
    REFUSED("format"),
    REFUSED("pg_sleep"),
    REFUSED("regexp_matches"),
    REFUSED("string_to_array"),
    REFUSED("age"),
    REFUSED("make_interval"),
    {"string_agg", NULL, LW_FN_ORDERED, LW_K_TEXT, NULL, NULL, NULL},
    /* array_agg is a JSON array here (SQLite has no arrays), typed jsonb. */
    {"jsonb_agg", NULL, AGGREGATE_TO_JSON, LW_K_JSONB, NULL, NULL, JSON_WINDOW},
    {"json_agg", NULL, AGGREGATE_TO_JSON, LW_K_JSON, NULL, NULL, JSON_WINDOW},
    {"array_agg", NULL, AGGREGATE_TO_JSON, LW_K_JSONB, NULL, NULL, JSON_WINDOW},
    {"bool_and", "min", LW_FN_BOOL, LW_K_UNKNOWN, NULL, NULL, NULL},
    {"every", "min", LW_FN_BOOL, LW_K_UNKNOWN, NULL, NULL, NULL},
    {"bool_or", "max", LW_FN_BOOL, LW_K_UNKNOWN, NULL, NULL, NULL},
    {"random", "pg_random", 0, LW_K_UNKNOWN, NULL, NULL, NULL},
    /* SQLite's parser takes LEFT( and RIGHT( for joins. */
    {"left", "pg_left", 0, LW_K_UNKNOWN, NULL, NULL, NULL},
    {"right", "pg_right", 0, LW_K_UNKNOWN, NULL, NULL, NULL},
    {"regexp_like", NULL, LW_FN_BOOL, LW_K_UNKNOWN, NULL, NULL, NULL},
    {"json_contains", NULL, LW_FN_BOOL, LW_K_UNKNOWN, NULL, NULL, NULL},
    {"jsonb_build_object", NULL, LW_FN_JSON_ARGS, LW_K_JSONB, NULL, NULL, NULL},
    {"jsonb_build_array", NULL, LW_FN_JSON_ARGS, LW_K_JSONB, NULL, NULL, NULL},
    {"json_build_object", NULL, LW_FN_JSON_ARGS, LW_K_JSON, NULL, NULL, NULL},
    {"json_build_array", NULL, LW_FN_JSON_ARGS, LW_K_JSON, NULL, NULL, NULL},
    {"to_jsonb", NULL, LW_FN_JSON_ARGS, LW_K_JSONB, NULL, NULL, NULL},
    {"to_json", NULL, LW_FN_JSON_ARGS, LW_K_JSON, NULL, NULL, NULL},
    {"concat", NULL, LW_FN_TEXT_ARGS, LW_K_TEXT, NULL, NULL, NULL},
    {"concat_ws", NULL, LW_FN_TEXT_ARGS, LW_K_TEXT, NULL, NULL, NULL},
    {"coalesce", NULL, LW_FN_PASS_BOOL | LW_FN_COMMON_KIND, LW_K_UNKNOWN, NULL, NULL, NULL},
    {"greatest", NULL, LW_FN_PASS_BOOL | LW_FN_COMMON_KIND, LW_K_UNKNOWN, NULL, NULL, NULL},
    {"least", NULL, LW_FN_PASS_BOOL | LW_FN_COMMON_KIND, LW_K_UNKNOWN, NULL, NULL, NULL},
    {"nullif", NULL, LW_FN_PASS_BOOL | LW_FN_FIRST_KIND, LW_K_UNKNOWN, NULL, NULL, NULL},
    RESULT("count", LW_K_INT8),
    RESULT("row_number", LW_K_INT8),
    RESULT("rank", LW_K_INT8),
    RESULT("dense_rank", LW_K_INT8),
    RESULT("ntile", LW_K_INT8),
    RESULT("length", LW_K_INT4),
    RESULT("char_length", LW_K_INT4),
    RESULT("character_length", LW_K_INT4),
    RESULT("octet_length", LW_K_INT4),
    RESULT("strpos", LW_K_INT4),
    RESULT("ascii", LW_K_INT4),
    RESULT("upper", LW_K_TEXT),
    RESULT("lower", LW_K_TEXT),
    RESULT("substr", LW_K_TEXT),
    RESULT("replace", LW_K_TEXT),
    RESULT("ltrim", LW_K_TEXT),
    RESULT("rtrim", LW_K_TEXT),
    RESULT("lpad", LW_K_TEXT),
    RESULT("rpad", LW_K_TEXT),
    RESULT("initcap", LW_K_TEXT),
    RESULT("repeat", LW_K_TEXT),
    RESULT("reverse", LW_K_TEXT),
    RESULT("md5", LW_K_TEXT),
    RESULT("to_char", LW_K_TEXT),
    RESULT("split_part", LW_K_TEXT),
    RESULT("translate", LW_K_TEXT),
    RESULT("now", LW_K_TIMESTAMPTZ),
    RESULT("transaction_timestamp", LW_K_TIMESTAMPTZ),
    RESULT("statement_timestamp", LW_K_TIMESTAMPTZ),
    RESULT("clock_timestamp", LW_K_TIMESTAMPTZ),
    RESULT("date_part", LW_K_FLOAT),
    TYPED("sum", sum_type),
    TYPED("avg", avg_type),
    TYPED("min", min_max_type),
    TYPED("max", min_max_type),
    {"abs", NULL, LW_FN_CHECKED_INT, LW_K_UNKNOWN, NULL, abs_mod_type, NULL},
    TYPED("mod", abs_mod_type),
    TYPED("round", round_trunc_type),
    TYPED("trunc", round_trunc_type),
    TYPED("ceil", ceil_floor_type),
    TYPED("ceiling", ceil_floor_type),
    TYPED("floor", ceil_floor_type),
    TYPED("power", float_math_type),
    TYPED("pow", float_math_type),
    TYPED("sqrt", float_math_type),
    TYPED("exp", float_math_type),
    TYPED("ln", float_math_type),
    TYPED("log", float_math_type),
    TYPED("log10", float_math_type),
    TYPED("cbrt", float_math_type),
    {NULL, NULL, 0, LW_K_UNKNOWN, NULL, NULL, NULL},
};
