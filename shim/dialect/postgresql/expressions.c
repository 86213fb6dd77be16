/*
 * The postgresql dialect's expressions as tables for the shared parser
 * (dialect/expr.h): PostgreSQL 15's operators with their precedence and how SQLite
 * writes each, its prefix operators, and the words that start expressions of their
 * own. The hooks below write what a table entry cannot say.
 *
 *   ::  CAST           pg_cast(x, 'type') / decimal(x, p, s) (types.c)
 *   COLLATE "C"        COLLATE BINARY (C and POSIX order by bytes)
 *   ~ ~* !~ !~*        regexp(p, x), regexp_like(x, p, 'i') and NOT (ext/regexp)
 *   @> <@ ? ?| ?&      json_contains, json_contained_by, json_has_key... (ext/json)
 *   ->  ->>            pg_json_get(x, k, 0|1): jsonb's reading of the document (the
 *                      last duplicate key wins) and its printed forms
 *   jsonb = <>         json_equal (numbers compare as numerics: [1.0] = [1])
 *   ^                  power(x, y) (double precision; a numeric operand is refused)
 *   + - * /            typed arithmetic (types.c), dates, times and intervals included
 *   x AT TIME ZONE z   pg_tz_at / pg_ts_at / pg_ttz_at (x, z), pg_*_at_iv for an
 *                      interval zone (runtime_datetime.c)
 *   ARRAY[...]         json_array(...) (SQLite has no arrays)
 *   CURRENT_TIMESTAMP, CURRENT_DATE, LOCALTIMESTAMP, CURRENT_TIME, LOCALTIME
 *                      now(), pg_current_date(), pg_localtimestamp(), pg_current_time(),
 *                      pg_localtime(): the transaction's instant in the session's zone
 *   TYPE 'text'        a typed constant: CAST('text' AS type), with TIMESTAMP(3) '...'
 *                      and INTERVAL '1-2' YEAR TO MONTH
 *   refused            array subscripts, SIMILAR TO, ~~, CURRENT_USER, SESSION_USER,
 *                      CURRENT_SCHEMA, bare INTERVAL
 */
#include <string.h>

#include "dialect/postgresql/postgresql.h"

#define BOOL LW_OPF_BOOL
#define FN(spelling, fn, extra, flags)                                                             \
    {                                                                                              \
        spelling, BP_OTHER, LW_OP_FUNCTION, fn, extra, (flags) | BOOL, LW_K_UNKNOWN, NULL          \
    }
#define HOOK(spelling, bp, hook)                                                                   \
    {                                                                                              \
        spelling, bp, LW_OP_HOOK, NULL, NULL, 0, LW_K_UNKNOWN, hook                                \
    }
#define REFUSE(spelling, bp, what)                                                                 \
    {                                                                                              \
        spelling, bp, LW_OP_REFUSE, what, NULL, 0, LW_K_UNKNOWN, NULL                              \
    }
#define INFIX(spelling, bp, flags, result)                                                         \
    {                                                                                              \
        spelling, bp, LW_OP_INFIX, NULL, NULL, flags, result, NULL                                 \
    }
#define COMPARE(spelling)                                                                          \
    {                                                                                              \
        spelling, BP_CMP, LW_OP_COMPARISON, NULL, NULL, BOOL, LW_K_BOOL, NULL                      \
    }

/* x::type */
static void cast_operator(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    (void)op;
    lw_skip(w);
    lw_sql_type ty;
    if (lw_parse_type(w, &ty))
        return;
    lw_cast_expression(w, e->start, e, &ty);
    e->is_bool = ty.kind == LW_K_BOOL;
    e->type = ty.kind;
    e->numeric_literal = 0; /* a cast now, no longer the constant's digits */
}

int pg_write_collation(lw_walker *w)
{
    const lw_token *t = lw_tok(w, 0);
    if (lw_word(w, "c") || lw_word(w, "posix") ||
        (t && t->type == LW_TK_QIDENT && t->length == 3 && w->sql[t->offset + 1] == 'C')) {
        lw_skip(w);
        lw_out(w, "BINARY ");
        return 1;
    }
    return 0;
}

/* x COLLATE name */
static void collate_operator(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    (void)e;
    (void)op;
    lw_emit(w);
    if (!pg_write_collation(w))
        lw_emit(w);
}

/* x ? key, x ?| keys, x ?& keys (?| and ?& lex as ? then | or &). */
static void json_key_operator(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    /* Written as functions of both operands; the spelling is the token that ends the
     * operator (the last one skipped). */
    static const lw_operator has_key = FN("?", "json_has_key", NULL, 0);
    static const lw_operator has_any = FN("|", "json_has_any_keys", NULL, 0);
    static const lw_operator has_all = FN("&", "json_has_all_keys", NULL, 0);
    (void)op;
    const lw_token *t = lw_tok(w, 0), *n1 = lw_tok(w, 1);
    int any = n1 && n1->offset == t->offset + 1 && lw_op_at(w, 1, "|");
    int all = n1 && n1->offset == t->offset + 1 && lw_op_at(w, 1, "&");
    if (any || all)
        lw_skip(w);
    lw_write_operator(w, e, any ? &has_any : all ? &has_all : &has_key);
}

/* x AT TIME ZONE zone (and timezone(zone, x), functions.c): a timestamptz's wall clock
 * in the zone (a timestamp), a timestamp's instant in the zone (a timestamptz), a
 * timetz moved to the zone. A date or a quoted string is read as a timestamptz, a time
 * as a timetz, as PostgreSQL resolves them. lt and zt are the operands' texts. */
lw_kind pg_write_at_zone(lw_walker *w, const char *lt, lw_kind kind, const char *zt,
                         lw_kind zone_kind)
{
    const char *fn;
    lw_kind result;
    int iv = zone_kind == LW_K_INTERVAL;
    if (kind == LW_K_TIMESTAMP) {
        fn = iv ? "pg_ts_at_iv" : "pg_ts_at";
        result = LW_K_TIMESTAMPTZ;
    } else if (kind == LW_K_TIME || kind == LW_K_TIMETZ) {
        fn = iv ? "pg_ttz_at_iv" : "pg_ttz_at";
        result = LW_K_TIMETZ;
    } else {
        fn = iv ? "pg_tz_at_iv" : "pg_tz_at";
        result = LW_K_TIMESTAMP;
    }
    lw_outf(w, "%s(%s, %s) ", fn, lt, zt);
    return result;
}

static void at_time_zone(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    if (!lw_words_at(w, 0, "at time zone")) {
        lw_refuse(w, "AT without TIME ZONE");
        return;
    }
    w->p += 3;
    char *lt = lw_take_from(w, e->start);
    size_t zs = lw_here(w);
    lw_expr zone = lw_parse_expr(w, op->bp + 1);
    char *zt = lw_take_from(w, zs);
    if (lt && zt && !w->rc)
        e->type = pg_write_at_zone(w, lt, e->type, zt, zone.type);
    sqlite3_free(lt);
    sqlite3_free(zt);
    e->is_bool = 0;
    e->numeric_literal = 0;
}

/* x ^ y */
static void power_operator(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    char *left = lw_take_from(w, e->start);
    lw_skip(w);
    size_t rs = lw_here(w);
    lw_expr rt = lw_parse_expr(w, op->bp + 1);
    char *right = lw_take_from(w, rs);
    if (left && right)
        lw_outf(w, "power(%s, %s) ", left, right);
    sqlite3_free(left);
    sqlite3_free(right);
    if (e->type == LW_K_NUMERIC || rt.type == LW_K_NUMERIC)
        lw_refuse(w, "^ on a numeric value (PostgreSQL computes it exactly; cast it: "
                     "x::float8 ^ y)");
    e->is_bool = 0;
    e->type = LW_K_FLOAT;
}

/* PostgreSQL 15's operators. Every operator not listed shares BP_OTHER and is refused. */
const lw_operator pg_operators[] = {
    HOOK("::", LW_BP_ALWAYS, cast_operator),
    REFUSE("[", LW_BP_ALWAYS, "array subscripts"),
    HOOK("collate", LW_BP_ALWAYS, collate_operator),
    HOOK("at", BP_AT, at_time_zone),
    INFIX("or", BP_OR, BOOL, LW_K_BOOL),
    INFIX("and", BP_AND, BOOL, LW_K_BOOL),
    HOOK("is", BP_IS, lw_write_is),
    INFIX("isnull", BP_IS, BOOL | LW_OPF_POSTFIX, LW_K_BOOL),
    INFIX("notnull", BP_IS, BOOL | LW_OPF_POSTFIX, LW_K_BOOL),
    COMPARE("="),
    COMPARE("<>"),
    COMPARE("!="),
    COMPARE("<"),
    COMPARE(">"),
    COMPARE("<="),
    COMPARE(">="),
    HOOK("like", BP_LIKE, lw_write_like),
    HOOK("not like", BP_LIKE, lw_write_like),
    HOOK("ilike", BP_LIKE, lw_write_ilike),
    HOOK("not ilike", BP_LIKE, lw_write_ilike),
    HOOK("in", BP_LIKE, lw_write_in),
    HOOK("not in", BP_LIKE, lw_write_in),
    HOOK("between", BP_LIKE, lw_write_between),
    HOOK("not between", BP_LIKE, lw_write_between),
    REFUSE("similar", BP_LIKE, "SIMILAR TO"),
    REFUSE("not similar", BP_LIKE, "SIMILAR TO"),
    HOOK("?", BP_OTHER, json_key_operator),
    {"+", BP_ADD, LW_OP_ARITHMETIC, NULL, NULL, 0, LW_K_UNKNOWN, NULL},
    {"-", BP_ADD, LW_OP_ARITHMETIC, NULL, NULL, 0, LW_K_UNKNOWN, NULL},
    {"*", BP_MUL, LW_OP_ARITHMETIC, NULL, NULL, 0, LW_K_UNKNOWN, NULL},
    {"/", BP_MUL, LW_OP_ARITHMETIC, NULL, NULL, 0, LW_K_UNKNOWN, NULL},
    {"%", BP_MUL, LW_OP_ARITHMETIC, NULL, NULL, 0, LW_K_UNKNOWN, NULL},
    HOOK("^", BP_EXP, power_operator),
    INFIX("||", BP_OTHER, LW_OPF_TEXT_OPERANDS, LW_K_TEXT),
    INFIX("&", BP_OTHER, 0, LW_K_UNKNOWN),
    INFIX("|", BP_OTHER, 0, LW_K_UNKNOWN),
    INFIX("<<", BP_OTHER, 0, LW_K_UNKNOWN),
    INFIX(">>", BP_OTHER, 0, LW_K_UNKNOWN),
    /* jsonb's reading of the document (the last duplicate key wins) and its printed
     * forms; SQLite's -> and ->> would take the first duplicate and give 1.5 for 1.50,
     * 1 for true. */
    {"->>", BP_OTHER, LW_OP_FUNCTION, "pg_json_get", ", 1", 0, LW_K_TEXT, NULL},
    {"->", BP_OTHER, LW_OP_FUNCTION, "pg_json_get", ", 0", 0, LW_K_JSONB, NULL},
    FN("~", "regexp", NULL, LW_OPF_SWAP),
    FN("!~", "regexp", NULL, LW_OPF_SWAP | LW_OPF_NEGATE),
    FN("~*", "regexp_like", ", 'i'", 0),
    FN("!~*", "regexp_like", ", 'i'", LW_OPF_NEGATE),
    FN("@>", "json_contains", NULL, 0),
    FN("<@", "json_contained_by", NULL, 0),
    REFUSE("~~", BP_OTHER, "the operator ~~ (write LIKE)"),
    REFUSE("!~~", BP_OTHER, "the operator !~~ (write LIKE)"),
    {NULL, 0, 0, NULL, NULL, 0, LW_K_UNKNOWN, NULL},
};

const lw_prefix_operator pg_prefix_operators[] = {
    {"-", LW_PREFIX_MINUS},
    {"+", LW_PREFIX_KEEP},
    {"~", LW_PREFIX_KEEP},
    {"*", LW_PREFIX_ALONE},
    {NULL, 0},
};

/* ---- Words that start an expression ------------------------------------------------- */

/* ARRAY[a, b] */
static int array_constructor(lw_walker *w, lw_expr *e)
{
    (void)e;
    if (!lw_type_at(w, 1, LW_TK_LBRACKET))
        return 0;
    w->p += 2;
    lw_out(w, "json_array(");
    lw_bracket_list(w);
    lw_out(w, ") ");
    return 1;
}

/* CURRENT_TIMESTAMP, CURRENT_DATE, LOCALTIMESTAMP, CURRENT_TIME, LOCALTIME: the
 * transaction's instant (a precision in parentheses is refused). */
static int clock_word(lw_walker *w, lw_expr *e)
{
    static const struct {
        const char *word, *call;
        lw_kind kind;
    } words[] = {
        {"current_timestamp", "now()", LW_K_TIMESTAMPTZ},
        {"current_date", "pg_current_date()", LW_K_DATE},
        {"localtimestamp", "pg_localtimestamp()", LW_K_TIMESTAMP},
        {"current_time", "pg_current_time()", LW_K_TIMETZ},
        {"localtime", "pg_localtime()", LW_K_TIME},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (!lw_word(w, words[i].word))
            continue;
        if (lw_type_at(w, 1, LW_TK_LPAREN)) {
            lw_refuse(w, "%s(precision)", words[i].word);
            return 1;
        }
        lw_skip(w);
        lw_outf(w, "%s ", words[i].call);
        e->type = words[i].kind;
        return 1;
    }
    return 0;
}

/* A typed constant: TIMESTAMP '2024-01-01 10:00', TIMESTAMP(3) WITH TIME ZONE '...',
 * INTERVAL '1-2' YEAR TO MONTH, INTERVAL(0) '1.5 seconds'. A bare INTERVAL is refused;
 * a word that is no typed constant here (a column named date) is left to the caller. */
static int typed_constant(lw_walker *w, lw_expr *e)
{
    int is_interval = lw_word(w, "interval");
    size_t k = 1;
    if (lw_type_at(w, 1, LW_TK_LPAREN)) {
        /* TIMESTAMP(3) '...': a precision, then the constant */
        k = lw_closing_paren(w, 1) + 1;
        if (!lw_type_at(w, 1, LW_TK_LPAREN) || !lw_type_at(w, 2, LW_TK_NUMBER))
            return 0;
    }
    if (!lw_type_at(w, k, LW_TK_STRING) && !lw_word_at(w, k, "with") &&
        !lw_word_at(w, k, "without")) {
        if (is_interval && k == 1) {
            const lw_token *t = lw_tok(w, 0);
            lw_refuse(w, "%.*s", (int)t->length, w->sql + t->offset);
            return 1;
        }
        return 0;
    }
    lw_sql_type ty;
    if (lw_parse_type(w, &ty))
        return 1;
    size_t start = lw_here(w);
    if (!lw_type_at(w, 0, LW_TK_STRING)) {
        lw_refuse(w, "this typed literal");
        return 1;
    }
    lw_parse_string(w);
    if (ty.kind == LW_K_INTERVAL)
        lw_interval_fields(w, &ty); /* INTERVAL '1' YEAR */
    lw_wrap_cast(w, start, LW_K_UNKNOWN_LITERAL, &ty);
    e->is_bool = ty.kind == LW_K_BOOL;
    e->type = ty.kind;
    return 1;
}

const lw_keyword_expr pg_keywords[] = {
    {"array", array_constructor, 0},    {"current_timestamp", clock_word, 0},
    {"current_date", clock_word, 0},    {"localtimestamp", clock_word, 0},
    {"current_time", clock_word, 0},    {"localtime", clock_word, 0},
    {"interval", typed_constant, 0},    {"current_user", NULL, 1},
    {"session_user", NULL, 1},          {"current_schema", NULL, 1},
    {"date", typed_constant, 0},        {"timestamp", typed_constant, 0},
    {"timestamptz", typed_constant, 0}, {"time", typed_constant, 0},
    {"timetz", typed_constant, 0},      {"jsonb", typed_constant, 0},
    {"json", typed_constant, 0},        {"uuid", typed_constant, 0},
    {"boolean", typed_constant, 0},     {"integer", typed_constant, 0},
    {"int", typed_constant, 0},         {NULL, NULL, 0},
};
