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
 *   + -                typed arithmetic (types.c), and timestamp +/- INTERVAL '...'
 *                      through pg_ts_add; other interval arithmetic is refused
 *   ARRAY[...]         json_array(...) (SQLite has no arrays)
 *   CURRENT_TIMESTAMP, CURRENT_DATE, LOCALTIMESTAMP   now(), pg_current_date(),
 *                      pg_localtimestamp(): the transaction's instant
 *   TYPE 'text'        a typed constant: CAST('text' AS type)
 *   refused            array subscripts, AT TIME ZONE, SIMILAR TO, ~~, CURRENT_TIME,
 *                      LOCALTIME, CURRENT_USER, SESSION_USER, CURRENT_SCHEMA, bare
 *                      INTERVAL
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

/* x + y, x - y: timestamp +/- INTERVAL '...' (or INTERVAL + timestamp), else typed
 * arithmetic. */
static void additive_operator(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    int minus = lw_op_at(w, 0, "-");
    lw_skip(w);
    size_t rs = lw_here(w);
    lw_expr right = lw_parse_operand(w, op->bp + 1);
    char *rtext = lw_take_from(w, rs);
    char *ltext = lw_take_from(w, e->start);
    if (!right.is_interval && !e->is_interval) {
        lw_arithmetic(w, e, minus ? '-' : '+', &right, ltext, rtext);
        return;
    }
    if (right.is_interval == e->is_interval || (e->is_interval && minus)) {
        sqlite3_free(ltext);
        sqlite3_free(rtext);
        lw_refuse(w, "interval arithmetic other than timestamp +/- INTERVAL");
        return;
    }
    lw_kind ts = right.is_interval ? e->type : right.type;
    if (ltext && rtext)
        lw_outf(w, "pg_ts_add(%s, %s, %d) ", right.is_interval ? ltext : rtext,
                right.is_interval ? rtext : ltext, minus ? -1 : 1);
    sqlite3_free(ltext);
    sqlite3_free(rtext);
    e->is_interval = 0;
    e->is_bool = 0;
    e->type = ts == LW_K_DATE ? LW_K_TIMESTAMP : ts;
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
    REFUSE("at time", LW_BP_ALWAYS, "AT TIME ZONE"),
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
    HOOK("+", BP_ADD, additive_operator),
    HOOK("-", BP_ADD, additive_operator),
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

static int current_timestamp(lw_walker *w, lw_expr *e)
{
    if (lw_type_at(w, 1, LW_TK_LPAREN)) {
        lw_refuse(w, "current_timestamp(precision)");
        return 1;
    }
    lw_skip(w);
    lw_out(w, "now() ");
    e->type = LW_K_TIMESTAMPTZ;
    return 1;
}

static int current_date(lw_walker *w, lw_expr *e)
{
    lw_skip(w);
    lw_out(w, "pg_current_date() ");
    e->type = LW_K_DATE;
    return 1;
}

static int local_timestamp(lw_walker *w, lw_expr *e)
{
    lw_skip(w);
    lw_out(w, "pg_localtimestamp() ");
    e->type = LW_K_TIMESTAMP;
    return 1;
}

/* INTERVAL '1 day': its text, for the + or - that takes it; a bare INTERVAL is refused. */
static int interval_constant(lw_walker *w, lw_expr *e)
{
    if (!lw_type_at(w, 1, LW_TK_STRING)) {
        const lw_token *t = lw_tok(w, 0);
        lw_refuse(w, "%.*s", (int)t->length, w->sql + t->offset);
        return 1;
    }
    lw_skip(w);
    lw_parse_string(w);
    e->is_interval = 1;
    if (lw_type_at(w, 0, LW_TK_WORD) && !lw_is_clause_word(w, 0))
        lw_refuse(w, "INTERVAL '...' with a field qualifier");
    return 1;
}

/* A typed constant: TIMESTAMP '2024-01-01 10:00'. */
static int typed_constant(lw_walker *w, lw_expr *e)
{
    if (!lw_type_at(w, 1, LW_TK_STRING) && !lw_word_at(w, 1, "with") &&
        !lw_word_at(w, 1, "without"))
        return 0;
    lw_sql_type ty;
    if (lw_parse_type(w, &ty))
        return 1;
    size_t start = lw_here(w);
    if (!lw_type_at(w, 0, LW_TK_STRING)) {
        lw_refuse(w, "this typed literal");
        return 1;
    }
    lw_parse_string(w);
    lw_wrap_cast(w, start, LW_K_UNKNOWN_LITERAL, &ty);
    e->is_bool = ty.kind == LW_K_BOOL;
    e->type = ty.kind;
    return 1;
}

const lw_keyword_expr pg_keywords[] = {
    {"array", array_constructor, 0},
    {"current_timestamp", current_timestamp, 0},
    {"current_date", current_date, 0},
    {"localtimestamp", local_timestamp, 0},
    {"interval", interval_constant, 0},
    {"current_time", NULL, 1},
    {"localtime", NULL, 1},
    {"current_user", NULL, 1},
    {"session_user", NULL, 1},
    {"current_schema", NULL, 1},
    {"date", typed_constant, 0},
    {"timestamp", typed_constant, 0},
    {"timestamptz", typed_constant, 0},
    {"time", typed_constant, 0},
    {"jsonb", typed_constant, 0},
    {"json", typed_constant, 0},
    {"uuid", typed_constant, 0},
    {"boolean", typed_constant, 0},
    {"integer", typed_constant, 0},
    {"int", typed_constant, 0},
    {NULL, NULL, 0},
};
