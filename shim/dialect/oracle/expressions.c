/*
 * The oracle dialect's expressions (SQLRF "Expressions", "Conditions", "Operators"):
 *
 *   constants       '' is NULL; a numeric constant is a NUMBER in its canonical form
 *                   ((CAST('.5' AS NUMERIC_TEXT) COLLATE DECIMAL): it compares, sorts and
 *                   prints as Oracle's), except an ORDER BY position; 1.5f and 2.5d are
 *                   BINARY_FLOAT and BINARY_DOUBLE; DATE '...' and TIMESTAMP '...'
 *   comparison      = <> != < > <= >=: a character constant compared with a NUMBER or a
 *                   date converts to it (ORA-01722, ORA-01843); dates and timestamps
 *                   compare as timestamps, values with a time zone in UTC; two constants
 *                   or CHAR values compare blank-padded (COLLATE RTRIM)
 *   || and CONCAT   NULL operands are empty strings (ora_concat); dates through the NLS
 *                   format; same precedence as + and -
 *   + - * /         typed arithmetic (types.c: ora_arith, dates); unary minus ora_neg;
 *                   a datetime plus or minus an INTERVAL, TIMESTAMP - TIMESTAMP, interval
 *                   plus or minus interval and -interval through runtime_interval.c;
 *                   intervals compare under ORA_INTERVAL, two interval types or an
 *                   interval and a number or date are ORA-00932
 *   LIKE            case-sensitive, no default escape character (Oracle has none)
 *   subqueries      a scalar subquery that returns more than one row is ORA-01427
 *   pseudo-columns  SYSDATE, SYSTIMESTAMP, CURRENT_DATE, CURRENT_TIMESTAMP,
 *                   LOCALTIMESTAMP, SESSIONTIMEZONE, DBTIMEZONE, USER, UID
 *   refused         the packages (DBMS_*, UTL_*), an interval times or divided by a
 *                   number, the (+) outer join marker outside a WHERE clause the dialect rewrites,
 *                   LEVEL, PRIOR and the
 *                   CONNECT_BY_* pseudocolumns outside a CONNECT BY block (connect_by.c
 *                   rewrites them inside one)
 */
#include <stdio.h>
#include <string.h>

#include "dialect/arith.h"
#include "dialect/oracle/oracle.h"

/* ---- Numbers ------------------------------------------------------------------------ */

void ora_number_constant(lw_walker *w, int neg)
{
    const lw_token *t = lw_tok(w, 0);
    lw_decimal d;
    lw_decimal_init(&d);
    if (ora_number_parse(w->sql + t->offset, t->length, &d)) {
        ora_walk_error(w, 1722, "invalid number");
        return;
    }
    if (neg)
        lw_decimal_neg(&d, &d);
    size_t n;
    int overflow;
    char *text = ora_number_text(&d, &n, &overflow);
    lw_decimal_clear(&d);
    if (overflow) {
        ora_walk_error(w, 1426, "numeric overflow");
        return;
    }
    if (!text) {
        w->t->out->oom = 1;
        return;
    }
    lw_outf(w, "(CAST('%s' AS NUMERIC_TEXT) COLLATE DECIMAL) ", text);
    sqlite3_free(text);
    lw_skip(w);
}

/* Is the constant at the current token a position in an ORDER BY list (ORDER BY 2)?
 * It stands alone between BY or a comma and what ends an item, and the list it is in
 * is an ORDER BY. */
static int order_by_position(const lw_walker *w)
{
    const lw_token *next = lw_tok(w, 1);
    if (next && next->type != LW_TK_COMMA && next->type != LW_TK_RPAREN &&
        !lw_word_at(w, 1, "asc") && !lw_word_at(w, 1, "desc") && !lw_word_at(w, 1, "nulls") &&
        !lw_word_at(w, 1, "fetch") && !lw_word_at(w, 1, "offset") && !lw_word_at(w, 1, "for"))
        return 0;
    if (w->p == 0)
        return 0;
    int level = 0;
    for (size_t k = w->p; k-- > 0;) {
        const lw_token *t = &w->tk[w->at[k]];
        if (t->type == LW_TK_RPAREN)
            level++;
        else if (t->type == LW_TK_LPAREN) {
            if (level-- == 0)
                return 0;
        } else if (level == 0 && k == w->p - 1 && t->type != LW_TK_COMMA &&
                   !lw_token_is_word(w->sql, t, "by"))
            return 0;
        else if (level == 0 && lw_token_is_word(w->sql, t, "by"))
            return k > 0 && lw_token_is_word(w->sql, &w->tk[w->at[k - 1]], "order");
        else if (level == 0 && t->type == LW_TK_WORD &&
                 (lw_token_is_word(w->sql, t, "select") || lw_token_is_word(w->sql, t, "where") ||
                  lw_token_is_word(w->sql, t, "from") || lw_token_is_word(w->sql, t, "values") ||
                  lw_token_is_word(w->sql, t, "set")))
            return 0;
    }
    return 0;
}

/* ---- Comparison ----------------------------------------------------------------------- */

static int is_dt(lw_kind k)
{
    return k == LW_K_DATE || k == LW_K_TIMESTAMP || k == LW_K_TIMESTAMPTZ;
}

/* Wraps text (consumed) in fn( ... ) into a new string. */
static char *wrap(char *text, const char *fn, const char *extra)
{
    char *r = text ? sqlite3_mprintf("%s(%s%s) ", fn, text, extra ? extra : "") : NULL;
    sqlite3_free(text);
    return r;
}

/* L op R with Oracle's implicit conversions (SQLRF "Implicit Data Conversion" and
 * "Data Type Comparison Rules"). */
static void compare(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    if (lw_word_at(w, 1, "any") || lw_word_at(w, 1, "some") || lw_word_at(w, 1, "all")) {
        static const lw_operator shared = {"=",  ORA_BP_CMP,  LW_OP_COMPARISON, NULL,
                                           NULL, LW_OPF_BOOL, LW_K_BOOL,        NULL};
        lw_write_operator(w, e, &shared);
        return;
    }
    const lw_token *t = lw_tok(w, 0);
    char cmp[4];
    snprintf(cmp, sizeof cmp, "%.*s", (int)(t->length < 3 ? t->length : 3), w->sql + t->offset);
    if (!strcmp(cmp, "^=") || !strcmp(cmp, "~="))
        snprintf(cmp, sizeof cmp, "<>");
    lw_skip(w);
    size_t rs = lw_here(w);
    lw_expr r = lw_parse_expr(w, op->bp + 1);
    char *rt = lw_take_from(w, rs);
    char *lt = lw_take_from(w, e->start);
    lw_kind L = e->is_bool ? LW_K_BOOL : e->type, R = r.is_bool ? LW_K_BOOL : r.type;
    const char *collate = "";
    if (ora_is_interval(L) || ora_is_interval(R)) {
        /* one interval type; a string or parameter is read as it, else ORA-00932 */
        lw_kind K = ora_is_interval(L) ? L : R, O = K == L ? R : L;
        int other_text = O == LW_K_UNKNOWN || O == LW_K_UNKNOWN_LITERAL || lw_is_text_kind(O);
        if (O != K && O != LW_K_NULL && !other_text)
            ora_walk_error(w, 932, "inconsistent datatypes: expected %s got %s", lw_kind_name(w, L),
                           lw_kind_name(w, R));
        else if (other_text && K == L)
            rt = wrap(rt, "ora_to_interval", K == LW_K_INTERVAL_YM ? ", 'Y'" : ", 'D'");
        else if (other_text)
            lt = wrap(lt, "ora_to_interval", K == LW_K_INTERVAL_YM ? ", 'Y'" : ", 'D'");
        collate = " COLLATE ORA_INTERVAL";
    } else if ((L == LW_K_TIMESTAMPTZ) != (R == LW_K_TIMESTAMPTZ) && is_dt(L) && is_dt(R)) {
        lt = wrap(lt, "ora_utc", NULL);
        rt = wrap(rt, "ora_utc", NULL);
    } else if (L == LW_K_TIMESTAMPTZ && R == LW_K_TIMESTAMPTZ) {
        lt = wrap(lt, "ora_utc", NULL);
        rt = wrap(rt, "ora_utc", NULL);
    } else if (is_dt(L) && is_dt(R) && L != R) {
        lt = wrap(lt, "ora_ts9", NULL);
        rt = wrap(rt, "ora_ts9", NULL);
    } else if (is_dt(L) && R == LW_K_UNKNOWN_LITERAL) {
        rt = wrap(rt, L == LW_K_DATE ? "ora_store_dt" : "ora_ts9",
                  L == LW_K_DATE ? ", NULL, 'D'" : NULL);
        if (L != LW_K_DATE)
            lt = wrap(lt, "ora_ts9", NULL);
    } else if (is_dt(R) && L == LW_K_UNKNOWN_LITERAL) {
        lt = wrap(lt, R == LW_K_DATE ? "ora_store_dt" : "ora_ts9",
                  R == LW_K_DATE ? ", NULL, 'D'" : NULL);
        if (R != LW_K_DATE)
            rt = wrap(rt, "ora_ts9", NULL);
    } else if (L == LW_K_NUMERIC && (R == LW_K_UNKNOWN_LITERAL || lw_is_text_kind(R))) {
        rt = wrap(rt, "ora_num", NULL);
        collate = " COLLATE DECIMAL";
    } else if (R == LW_K_NUMERIC && (L == LW_K_UNKNOWN_LITERAL || lw_is_text_kind(L))) {
        lt = wrap(lt, "ora_num", NULL);
        collate = " COLLATE DECIMAL";
    } else if ((L == LW_K_UNKNOWN_LITERAL || L == LW_K_BPCHAR) &&
               (R == LW_K_UNKNOWN_LITERAL || R == LW_K_BPCHAR)) {
        /* blank-padded comparison semantics */
        collate = " COLLATE RTRIM";
    }
    if (lt && rt)
        lw_outf(w, "%s%s (%s)%s ", lt, cmp, rt, collate);
    else
        w->t->out->oom = 1;
    sqlite3_free(lt);
    sqlite3_free(rt);
    e->is_bool = 1;
    e->type = LW_K_BOOL;
}

/* x || y */
static void concat_op(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    lw_skip(w);
    ora_to_text(w, e->start, e->type);
    lw_insert_call(w, e->start, "ora_concat");
    lw_out(w, ", ");
    size_t rs = lw_here(w);
    lw_expr r = lw_parse_expr(w, op->bp + 1);
    ora_to_text(w, rs, r.type);
    lw_out(w, ") ");
    e->is_bool = 0;
    e->type = e->type == LW_K_TEXT || r.type == LW_K_TEXT ? LW_K_TEXT : LW_K_VARCHAR;
}

/* x + y, x - y: the arithmetic rules (types.c). */
static int is_datetime(lw_kind k)
{
    return k == LW_K_DATE || k == LW_K_TIMESTAMP || k == LW_K_TIMESTAMPTZ;
}

static char datetime_letter(lw_kind k)
{
    return k == LW_K_DATE ? 'D' : k == LW_K_TIMESTAMPTZ ? 'Z' : 'T';
}

/* x + y, x - y (SQLRF "Datetime/Interval Arithmetic"): typed arithmetic; a datetime plus
 * or minus an interval (the datetime's type); a TIMESTAMP minus a TIMESTAMP or DATE (an
 * INTERVAL DAY TO SECOND); an interval plus or minus an interval of its type, or a
 * parameter or string read as one. Two interval types are ORA-00932, the other
 * mixtures ORA-30081. */
static void additive(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    char symbol = w->sql[lw_tok(w, 0)->offset];
    lw_skip(w);
    size_t rs = lw_here(w);
    lw_expr right = lw_parse_expr(w, op->bp + 1);
    char *rt = lw_take_from(w, rs);
    char *lt = lw_take_from(w, e->start);
    lw_kind L = e->type, R = right.type;
    int li = ora_is_interval(L), ri = ora_is_interval(R);
    int stamps = L == LW_K_TIMESTAMP || L == LW_K_TIMESTAMPTZ || R == LW_K_TIMESTAMP ||
                 R == LW_K_TIMESTAMPTZ;
    if (!li && !ri && !(symbol == '-' && stamps && is_datetime(L) && is_datetime(R))) {
        lw_arithmetic(w, e, symbol, &right, lt, rt);
        return;
    }
    int sign = symbol == '-' ? -1 : 1;
    if (!li && !ri) {
        /* TIMESTAMP - TIMESTAMP: INTERVAL DAY TO SECOND */
        if (lt && rt)
            lw_outf(w, "ora_dt_diff(%s, %s) ", lt, rt);
        e->type = LW_K_INTERVAL;
    } else if (li != ri && is_datetime(li ? R : L) && !(li && symbol == '-')) {
        /* datetime +/- INTERVAL, INTERVAL + datetime: the datetime's type */
        lw_kind k = li ? R : L;
        if (lt && rt)
            lw_outf(w, "ora_dt_add_interval(%s, %s, %d, '%c') ", li ? rt : lt, li ? lt : rt, sign,
                    datetime_letter(k));
        e->type = k;
    } else if ((li && ri && L == R) ||
               (li && (R == LW_K_UNKNOWN || R == LW_K_UNKNOWN_LITERAL || R == LW_K_NULL))) {
        if (lt && rt)
            lw_outf(w, "ora_interval_add(%s, %s, %d) ", lt, rt, sign);
        e->type = L;
    } else if (ri && L == LW_K_NULL && symbol == '+') {
        if (lt && rt)
            lw_outf(w, "ora_interval_add(%s, %s, 1) ", rt, lt);
        e->type = R;
    } else if (li && ri) {
        ora_walk_error(w, 932, "inconsistent datatypes: expected %s got %s", lw_kind_name(w, L),
                       lw_kind_name(w, R));
    } else {
        ora_walk_error(w, 30081, "invalid data type for datetime/interval arithmetic");
    }
    if (!lt || !rt)
        w->t->out->oom = 1;
    if (ora_is_interval(e->type))
        lw_kind_carrier(w, e->start, e->type);
    e->is_bool = 0;
    sqlite3_free(lt);
    sqlite3_free(rt);
}

/* x [NOT] LIKE p [ESCAPE c]: without ESCAPE no character escapes (unlike the shared
 * writer's backslash default). */
static void like_op(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    if (lw_word(w, "not"))
        lw_emit(w);
    lw_emit(w);
    lw_parse_expr(w, op->bp + 1);
    if (lw_accept_word(w, "escape"))
        lw_parse_expr(w, op->bp + 1);
    e->is_bool = 1;
    e->type = LW_K_BOOL;
}

#define BOOL LW_OPF_BOOL
#define HOOK(spelling, bp, hook)                                                                   \
    {                                                                                              \
        spelling, bp, LW_OP_HOOK, NULL, NULL, 0, LW_K_UNKNOWN, hook                                \
    }
#define INFIX(spelling, bp, flags, result)                                                         \
    {                                                                                              \
        spelling, bp, LW_OP_INFIX, NULL, NULL, flags, result, NULL                                 \
    }

const lw_operator ora_operators[] = {
    INFIX("or", ORA_BP_OR, BOOL, LW_K_BOOL),
    INFIX("and", ORA_BP_AND, BOOL, LW_K_BOOL),
    HOOK("is", ORA_BP_CMP, lw_write_is),
    HOOK("=", ORA_BP_CMP, compare),
    HOOK("<>", ORA_BP_CMP, compare),
    HOOK("!=", ORA_BP_CMP, compare),
    HOOK("<", ORA_BP_CMP, compare),
    HOOK(">", ORA_BP_CMP, compare),
    HOOK("<=", ORA_BP_CMP, compare),
    HOOK(">=", ORA_BP_CMP, compare),
    HOOK("like", ORA_BP_CMP, like_op),
    HOOK("not like", ORA_BP_CMP, like_op),
    HOOK("in", ORA_BP_CMP, lw_write_in),
    HOOK("not in", ORA_BP_CMP, lw_write_in),
    HOOK("between", ORA_BP_CMP, lw_write_between),
    HOOK("not between", ORA_BP_CMP, lw_write_between),
    HOOK("+", ORA_BP_ADD, additive),
    HOOK("-", ORA_BP_ADD, additive),
    HOOK("||", ORA_BP_ADD, concat_op),
    {"*", ORA_BP_MUL, LW_OP_ARITHMETIC, NULL, NULL, 0, LW_K_UNKNOWN, NULL},
    {"/", ORA_BP_MUL, LW_OP_ARITHMETIC, NULL, NULL, 0, LW_K_UNKNOWN, NULL},
    {NULL, 0, 0, NULL, NULL, 0, LW_K_UNKNOWN, NULL},
};

const lw_prefix_operator ora_prefix_operators[] = {
    {"*", LW_PREFIX_ALONE},
    {NULL, 0},
};

/* ---- The primary hook ----------------------------------------------------------------- */

/* -x and +x (the sign of a constant is part of it). */
static void unary(lw_walker *w, lw_expr *e)
{
    int minus = lw_op_at(w, 0, "-");
    lw_skip(w);
    if (minus && lw_type_at(w, 0, LW_TK_NUMBER) && !lw_word_at(w, 1, "f") &&
        !lw_word_at(w, 1, "d")) {
        ora_number_constant(w, 1);
        e->type = LW_K_NUMERIC;
        return;
    }
    size_t s = lw_here(w);
    lw_expr x = lw_parse_expr(w, ORA_BP_UNARY);
    e->type = x.type;
    if (!minus)
        return;
    if (x.type == LW_K_FLOAT) {
        lw_insert_at(w, s, "-(");
        lw_out(w, ") ");
    } else if (x.type == LW_K_NUMERIC || x.type == LW_K_UNKNOWN || x.type == LW_K_UNKNOWN_LITERAL ||
               lw_is_text_kind(x.type)) {
        lw_insert_call(w, s, "ora_neg");
        lw_out(w, ") ");
        lw_exact_numeric_result(w, s);
        e->type = LW_K_NUMERIC;
    } else if (ora_is_interval(x.type)) {
        lw_insert_call(w, s, "ora_interval_neg");
        lw_out(w, ") ");
        lw_kind_carrier(w, s, x.type);
    } else if (x.type != LW_K_NULL) {
        ora_walk_error(w, 932, "inconsistent datatypes: expected NUMBER got %s",
                       lw_kind_name(w, x.type));
    }
}

/* A scalar subquery: at most one row (ORA-01427). */
static void scalar_subquery(lw_walker *w, lw_expr *e)
{
    size_t s = lw_here(w);
    e->type = lw_subquery(w);
    char *q = lw_take_from(w, s);
    if (q)
        lw_outf(w, "ora_single((SELECT count(*) FROM %s), %s) ", q, q);
    sqlite3_free(q);
}

/* The value of the string token k ahead (decoded) into a new string, or NULL. */
static char *string_value(lw_walker *w, size_t k)
{
    lw_sqlbuf v = {0};
    if (lw_string_value(w, k, &v)) {
        lw_sqlbuf_free(&v);
        return NULL;
    }
    if (!v.s)
        lw_sqlbuf_append(&v, "", 0);
    return lw_sqlbuf_finish(&v);
}

/* DATE '...' and TIMESTAMP '...': the name is current, the string after it. */
static void datetime_literal(lw_walker *w, lw_expr *e)
{
    int date = lw_word(w, "date");
    char *v = string_value(w, 1);
    if (!v)
        return;
    /* a time zone after the time makes a TIMESTAMP WITH TIME ZONE */
    int zoned = 0;
    const char *sp = strchr(v, ' ');
    if (!date && sp) {
        const char *tz = strchr(sp + 1, ' ');
        zoned = tz != NULL && tz[1] != 0;
    }
    lw_outf(w, "%s(%Q) ", date ? "ora_date_lit" : "ora_ts_lit", v);
    sqlite3_free(v);
    w->p += 2;
    e->type = date ? LW_K_DATE : zoned ? LW_K_TIMESTAMPTZ : LW_K_TIMESTAMP;
}

int ora_primary(lw_walker *w, lw_expr *e)
{
    const lw_token *t = lw_tok(w, 0);
    switch (t->type) {
    case LW_TK_STRING:
        /* Oracle's zero-length string is NULL (SQLRF "Nulls"). */
        if ((t->kind == LW_STR_PLAIN && t->length == 2) ||
            (t->kind == LW_STR_NATIONAL && t->length == 3)) {
            lw_out(w, "NULL ");
            lw_skip(w);
            e->type = LW_K_NULL;
            return 1;
        }
        return 0;
    case LW_TK_NUMBER: {
        const lw_token *next = lw_tok(w, 1);
        if (next && next->type == LW_TK_WORD && next->offset == t->offset + t->length &&
            next->length == 1 && strchr("fFdD", w->t->sql[next->offset])) {
            /* 1.5f, 2.25d: BINARY_FLOAT and BINARY_DOUBLE constants */
            lw_outf(w, "CAST(%.*s AS REAL) ", (int)t->length, w->sql + t->offset);
            w->p += 2;
            e->type = LW_K_FLOAT;
            return 1;
        }
        if (order_by_position(w))
            return 0;
        ora_number_constant(w, 0);
        e->type = LW_K_NUMERIC;
        return 1;
    }
    case LW_TK_OPERATOR:
        if (lw_op_at(w, 0, "-") || lw_op_at(w, 0, "+")) {
            unary(w, e);
            return 1;
        }
        return 0;
    case LW_TK_LPAREN:
        if (lw_starts_query(w, 1)) {
            scalar_subquery(w, e);
            return 1;
        }
        return 0;
    case LW_TK_WORD:
        break;
    default:
        return 0;
    }
    if (lw_type_at(w, 1, LW_TK_DOT) && t->length > 4 &&
        (!sqlite3_strnicmp(w->sql + t->offset, "dbms_", 5) ||
         !sqlite3_strnicmp(w->sql + t->offset, "utl_", 4))) {
        lw_refuse(w, "the package %.*s", (int)t->length, lw_spelled(w, t));
        return 1;
    }
    if (lw_type_at(w, 1, LW_TK_DOT) && (lw_word_at(w, 2, "nextval") || lw_word_at(w, 2, "currval")))
        return ora_sequence_ref(w, e);
    if (lw_word(w, "cast") && lw_type_at(w, 1, LW_TK_LPAREN)) {
        ora_cast(w, e);
        return 1;
    }
    if ((lw_word(w, "date") || lw_word(w, "timestamp")) && lw_type_at(w, 1, LW_TK_STRING)) {
        datetime_literal(w, e);
        return 1;
    }
    if (lw_word(w, "interval") && lw_type_at(w, 1, LW_TK_STRING))
        return ora_interval_literal(w, e);
    /* name(+): the outer join marker outside the WHERE clauses the dialect rewrites */
    if (lw_type_at(w, 1, LW_TK_LPAREN) && lw_op_at(w, 2, "+") && lw_type_at(w, 3, LW_TK_RPAREN)) {
        lw_refuse(w, "the outer join operator (+) here");
        return 1;
    }
    return 0;
}

/* ---- Words that are expressions ----------------------------------------------------- */

static int clock(lw_walker *w, lw_expr *e, int which, lw_kind kind)
{
    lw_skip(w);
    if (lw_type_at(w, 0, LW_TK_LPAREN) && (which == 1 || which == 3 || which == 4)) {
        /* a precision: the clock's fraction is microseconds already */
        size_t close = lw_closing_paren(w, 0);
        w->p += close + 1;
    }
    lw_outf(w, "ora_clock(%d) ", which);
    e->type = kind;
    return 1;
}

static int kw_sysdate(lw_walker *w, lw_expr *e)
{
    return clock(w, e, 0, LW_K_DATE);
}

static int kw_systimestamp(lw_walker *w, lw_expr *e)
{
    return clock(w, e, 1, LW_K_TIMESTAMPTZ);
}

static int kw_current_date(lw_walker *w, lw_expr *e)
{
    return clock(w, e, 2, LW_K_DATE);
}

static int kw_current_timestamp(lw_walker *w, lw_expr *e)
{
    return clock(w, e, 3, LW_K_TIMESTAMPTZ);
}

static int kw_localtimestamp(lw_walker *w, lw_expr *e)
{
    return clock(w, e, 4, LW_K_TIMESTAMP);
}

/* A word written as a call of no arguments (USER, UID, SESSIONTIMEZONE...). */
static int call0(lw_walker *w, lw_expr *e, const char *fn, lw_kind kind)
{
    if (lw_type_at(w, 1, LW_TK_LPAREN) || lw_type_at(w, 1, LW_TK_DOT))
        return 0;
    lw_skip(w);
    lw_outf(w, "%s() ", fn);
    e->type = kind;
    return 1;
}

static int kw_user(lw_walker *w, lw_expr *e)
{
    return call0(w, e, "ora_user", LW_K_BPCHAR);
}

static int kw_uid(lw_walker *w, lw_expr *e)
{
    return call0(w, e, "ora_uid", LW_K_NUMERIC);
}

static int kw_sessiontimezone(lw_walker *w, lw_expr *e)
{
    return call0(w, e, "ora_sessiontimezone", LW_K_VARCHAR);
}

static int kw_dbtimezone(lw_walker *w, lw_expr *e)
{
    return call0(w, e, "ora_dbtimezone", LW_K_VARCHAR);
}

const lw_keyword_expr ora_keywords[] = {
    {"sysdate", kw_sysdate, 0},
    {"systimestamp", kw_systimestamp, 0},
    {"current_date", kw_current_date, 0},
    {"current_timestamp", kw_current_timestamp, 0},
    {"localtimestamp", kw_localtimestamp, 0},
    {"sessiontimezone", kw_sessiontimezone, 0},
    {"dbtimezone", kw_dbtimezone, 0},
    {"user", kw_user, 0},
    {"uid", kw_uid, 0},
    {"rownum", ora_rownum, 0},
    {"level", NULL, 1},
    {"prior", NULL, 1},
    {"connect_by_root", NULL, 1},
    {"connect_by_isleaf", NULL, 1},
    {"connect_by_iscycle", NULL, 1},
    {"binary_double_nan", NULL, 1},
    {"binary_double_infinity", NULL, 1},
    {"binary_float_nan", NULL, 1},
    {"binary_float_infinity", NULL, 1},
    {NULL, NULL, 0},
};
