/*
 * The mysql and mariadb dialects' expressions as tables for the shared parser
 * (dialect/expr.h): MariaDB 10.11's operators with their precedence and how SQLite
 * writes each, and the hooks a table cannot say.
 *
 *   || OR, && AND, XOR, !   logical operators (PIPES_AS_CONCAT off); a string operand
 *                           is a number, with MariaDB's warning when it is not one
 *   = <> != < <= > >=       comparisons: a string with a number compares numbers; two
 *                           strings compare under the collation MariaDB derives
 *                           (collations.c)
 *   <=>                     null-safe equality: IS
 *   [NOT] LIKE ... [ESCAPE] my_like(): each character under the collation (general_ci:
 *                           a = A = á), escape \ by default
 *   [NOT] REGEXP, RLIKE     my_regexp() (PCRE2, runtime_regexp.c), case-insensitive under a _ci
 *                           collation (accents still count, as MariaDB's PCRE)
 *   SOUNDS LIKE             my_soundex(a) = my_soundex(b)
 *   [NOT] IN, [NOT] BETWEEN the shared forms, with the left operand's collation
 *   + - * / DIV % MOD       my_ops (runtime_numeric.c): integers checked (1690
 *                           naming the expression as MariaDB prints it), DECIMAL exact,
 *                           / a DECIMAL with div_precision_increment more digits,
 *                           strings as DOUBLEs with warning 1292; a chain of them
 *                           (1 + 2 * 3 - 4) is one flat call, so the SQL written nests
 *                           no deeper than the source's parentheses
 *   | & ^ << >> ~           my_bit / my_bitnot: 64-bit unsigned
 *   :=                      my_setvar: assigns a user variable inside an expression
 *   COLLATE                 collations.c; an unknown name is 1273
 *   -> ->>                  (mysql only) SQLite's JSON operators; MariaDB has none: 1064
 *   CAST(x AS t), CONVERT(x, t), CONVERT(x USING cs)   my_cast / my_temporal with
 *                           MariaDB's rounding, clipping and warnings
 */
#include <stdio.h>
#include <string.h>

#include "dialect/mysql/mysql.h"
#include "dialect/scope.h"

#define BOOL LW_OPF_BOOL
#define HOOK(spelling, bp, hook)                                                                   \
    {                                                                                              \
        spelling, bp, LW_OP_HOOK, NULL, NULL, 0, LW_K_UNKNOWN, hook                                \
    }
#define COMPARE(spelling)                                                                          \
    {                                                                                              \
        spelling, BP_CMP, LW_OP_COMPARISON, NULL, NULL, BOOL, LW_K_BOOL, NULL                      \
    }

/* ---- Operand classes ----------------------------------------------------------------------- */

/* Is the expression that starts at token position tok one hexadecimal or bit constant
 * (0x41, b'101': integers in arithmetic)? */
static int hex_number(const lw_walker *w, size_t tok)
{
    if (tok >= w->n)
        return 0;
    const lw_token *t = &w->tk[w->at[tok]];
    if (t->type == LW_TK_STRING && t->kind == LW_STR_BIT)
        return 1;
    return t->type == LW_TK_NUMBER && t->length > 2 && w->sql[t->offset] == '0' &&
           (w->sql[t->offset + 1] == 'x' || w->sql[t->offset + 1] == 'X');
}

char my_type_letter(const lw_walker *w, const lw_expr *e)
{
    if (e->is_bool)
        return 'i';
    switch (e->type) {
    case LW_K_INT2:
    case LW_K_INT4:
    case LW_K_INT8:
    case LW_K_BOOL:
        return 'i';
    case LW_K_UINT8:
        return 'u';
    case LW_K_NUMERIC:
        return 'd';
    case LW_K_FLOAT:
        return 'f';
    case LW_K_BYTEA:
        return hex_number(w, e->tok) ? 'h' : 's';
    case LW_K_UNKNOWN:
    case LW_K_NULL:
        return '?';
    default:
        return 's';
    }
}

void my_truth_operand(lw_walker *w, const lw_expr *e)
{
    if (!my_is_string(e) || w->rc)
        return;
    lw_insert_call(w, e->start, "my_num");
    lw_out(w, ", 's') ");
}

/* Resets e after an operator wrote a new value of kind `kind`. */
static void result_of(lw_expr *e, lw_kind kind)
{
    e->type = kind;
    e->is_bool = kind == LW_K_BOOL;
    e->numeric_literal = 0;
    e->decimals = -1;
    e->collation = NULL;
    e->coercibility = LW_COERCE_NUMERIC;
    e->collation_seen = 0;
}

/* ---- The expression as MariaDB prints it --------------------------------------------------- */

static int is_operand_end(const lw_token *t)
{
    return t->type == LW_TK_WORD || t->type == LW_TK_QIDENT || t->type == LW_TK_NUMBER ||
           t->type == LW_TK_STRING || t->type == LW_TK_RPAREN || t->type == LW_TK_VARIABLE ||
           t->type == LW_TK_PARAM;
}

char *my_expression_text(lw_walker *w, size_t from, size_t to)
{
    lw_sqlbuf b = {0};
    lw_sqlbuf_append(&b, "", 0);
    int prev_operand = 0, prefix = 0;
    for (size_t k = from; k < to && k < w->n; k++) {
        const lw_token *t = &w->tk[w->at[k]];
        const char *s = w->sql + t->offset;
        int space = b.len > 0 && !prefix && b.s[b.len - 1] != '(';
        prefix = 0;
        switch (t->type) {
        case LW_TK_LPAREN:
            lw_sqlbuf_append(&b, "(", 1);
            prev_operand = 0;
            continue;
        case LW_TK_RPAREN:
            lw_sqlbuf_append(&b, ")", 1);
            prev_operand = 1;
            continue;
        case LW_TK_COMMA:
            lw_sqlbuf_append(&b, ",", 1);
            prev_operand = 0;
            continue;
        case LW_TK_OPERATOR:
            if (!prev_operand && (t->length == 1 && (s[0] == '-' || s[0] == '+' || s[0] == '~'))) {
                if (space)
                    lw_sqlbuf_append(&b, " ", 1);
                lw_sqlbuf_append(&b, s, t->length);
                prefix = 1;
                continue;
            }
            break;
        case LW_TK_WORD: {
            /* A column of a table in scope prints as `db`.`table`.`column`. */
            int called = k + 1 < w->n && w->tk[w->at[k + 1]].type == LW_TK_LPAREN;
            int dotted = k + 1 < w->n && w->tk[w->at[k + 1]].type == LW_TK_DOT;
            size_t saved = w->p, table = 0;
            w->p = 0;
            lw_kind kind = called || dotted ? LW_K_UNKNOWN : lw_column_source(w, 0, k, &table);
            w->p = saved;
            (void)kind;
            if (space)
                lw_sqlbuf_append(&b, " ", 1);
            if (table) {
                const lw_token *tt = &w->tk[w->at[table]];
                lw_sqlbuf_appendf(&b, "`%s`.`%.*s`.`%.*s`", MY_DATABASE, (int)tt->length,
                                  w->sql + tt->offset, (int)t->length, s);
            } else {
                for (uint32_t i = 0; i < t->length; i++) {
                    char c = s[i];
                    lw_sqlbuf_append(&b, &(char){c >= 'A' && c <= 'Z' ? (char)(c + 32) : c}, 1);
                }
            }
            prev_operand = 1;
            continue;
        }
        default:
            break;
        }
        if (space)
            lw_sqlbuf_append(&b, " ", 1);
        lw_sqlbuf_append(&b, s, t->length);
        prev_operand = is_operand_end(t);
    }
    return lw_sqlbuf_finish(&b);
}

/* ---- Arithmetic ------------------------------------------------------------------------------ */

/* The operator character runtime_numeric.c's my_ops takes. */
static char arith_symbol(const lw_walker *w)
{
    if (lw_word(w, "div"))
        return 'D';
    if (lw_word(w, "mod"))
        return '%';
    return w->sql[lw_tok(w, 0)->offset];
}

static lw_kind arith_kind(char op, char l, char r)
{
    if (l == '?' || r == '?')
        return LW_K_UNKNOWN;
    int ints = strchr("iuh", l) && strchr("iuh", r);
    int unsig = l == 'u' || r == 'u' || l == 'h' || r == 'h';
    if (op == 'D')
        return unsig && ints ? LW_K_UINT8 : LW_K_INT8;
    if (l == 'f' || r == 'f' || l == 's' || r == 's')
        return LW_K_FLOAT;
    if (op == '/' || l == 'd' || r == 'd')
        return LW_K_NUMERIC;
    return unsig ? LW_K_UINT8 : LW_K_INT8;
}

/* The type of date arithmetic's result: a DATE stays one with a unit of whole days, a
 * DATE or DATETIME becomes a DATETIME, a string stays a string (MariaDB's). */
void my_date_result(lw_walker *w, lw_expr *e, lw_kind date, int timely)
{
    lw_kind kind = date == LW_K_DATE && !timely                  ? LW_K_DATE
                   : date == LW_K_DATE || date == LW_K_TIMESTAMP ? LW_K_TIMESTAMP
                   : date == LW_K_TIME                           ? LW_K_TIME
                                                                 : LW_K_TEXT;
    result_of(e, kind);
    e->is_interval = 0;
    e->decimals = -1;
    if (kind == LW_K_TEXT) {
        e->collation = my_connection_collation(w);
        e->coercibility = LW_COERCE_COERCIBLE;
    } else {
        e->collation = NULL;
        e->coercibility = LW_COERCE_NUMERIC;
    }
}

/* The letter my_temporal_number reads a temporal kind with ('d' DATE, 't' DATETIME,
 * 'T' TIME), 0 for another kind. */
static char temporal_kind(lw_kind k)
{
    return k == LW_K_DATE ? 'd' : k == LW_K_TIMESTAMP ? 't' : k == LW_K_TIME ? 'T' : 0;
}

/* date + INTERVAL n unit, INTERVAL n unit + date, date - INTERVAL n unit: my_date_add
 * (my_time_add for a TIME).
 * The interval's text is "n, 'unit'" (interval_keyword), its decimals whether the unit
 * has a time of day. */
static void interval_arithmetic(lw_walker *w, lw_expr *e, char symbol, size_t rs, lw_expr *right)
{
    if (e->is_interval && (right->is_interval || symbol != '+')) {
        lw_refuse(w, "this INTERVAL arithmetic");
        return;
    }
    char *rt = lw_take_from(w, rs);
    char *lt = lw_take_from(w, e->start);
    const lw_expr *date = e->is_interval ? right : e, *iv = e->is_interval ? e : right;
    if (lt && rt)
        lw_outf(w, "%s(%s, %s, %d) ", date->type == LW_K_TIME ? "my_time_add" : "my_date_add",
                e->is_interval ? rt : lt, e->is_interval ? lt : rt, symbol == '-' ? -1 : 1);
    else
        w->t->out->oom = 1;
    sqlite3_free(lt);
    sqlite3_free(rt);
    my_date_result(w, e, date->type, iv->decimals);
}

/* Does the operand text t compute nothing that can warn (no call: a constant, a
 * column, a parameter, a sign)? Strings and quoted names are skipped. */
static int quiet_operand(const char *t)
{
    for (; *t; t++) {
        if (*t == '\'' || *t == '"' || *t == '`') {
            char q = *t;
            while (t[1] && t[1] != q)
                t++;
            if (t[1])
                t++;
        } else if (*t == '(') {
            return 0;
        }
    }
    return 1;
}

/* Can a step of the my_ops call text[from, close) warn: a string or unknown operand
 * (1292), or DIV, %, / (1365)? Its steps are the arguments after the first, four each:
 * OP, B, TYPES, SRC. */
static int chain_may_warn(const char *text, size_t from, size_t close)
{
    int depth = 0, arg = 0;
    for (size_t i = from; i < close; i++) {
        char c = text[i];
        if (c == '\'' || c == '"' || c == '`') {
            size_t start = i;
            for (i++; i < close && text[i] != c; i++)
                ;
            if (depth == 1 && arg >= 1 && (arg - 1) % 4 == 0 && strchr("D%/", text[start + 1]))
                return 1;
            if (depth == 1 && arg >= 1 && (arg - 1) % 4 == 2 &&
                (memchr(text + start, 's', i - start) || memchr(text + start, '?', i - start)))
                return 1;
            continue;
        }
        if (c == '(')
            depth++;
        else if (c == ')')
            depth--;
        else if (c == ',' && depth == 1)
            arg++;
    }
    return 0;
}

/*
 * Writes lt SYMBOL rt as a step of my_ops (runtime_numeric.c): the left operand's chain
 * continued when it is one whole my_ops call whose expression is the start of this one
 * (a + b + c, a * b - c: any operator, since the chain is evaluated left to right),
 * else a new chain with lt first. The written SQL then nests no deeper than the
 * source's parentheses (SQLite's parser stack is 100 deep; a call in a call's first
 * argument takes three of it). src is the expression as MariaDB prints it; the step
 * whose text it was before (left_src) keeps the length of that prefix. A flat call
 * computes its operands before its steps: a step that can warn is not continued past
 * an operand that can warn too, so that the warnings come in MariaDB's order.
 */
static void write_step(lw_walker *w, const char *lt, char symbol, const char *rt, const char *types,
                       const char *src, const char *left_src)
{
    /* A DECIMAL operand's exact-numeric carrier is left out: my_ops reads a DECIMAL
     * operand through the carrier's conversion itself. */
    size_t lf = 0, lto = strlen(lt), rf = 0, rto = strlen(rt);
    if (types[0] != 'd' || !lw_exact_numeric_inside(lt, &lf, &lto)) {
        lf = 0;
        lto = strlen(lt);
    }
    if (types[1] != 'd' || !lw_exact_numeric_inside(rt, &rf, &rto)) {
        rf = 0;
        rto = strlen(rt);
    }
    char *right = sqlite3_mprintf("%.*s", (int)(rto - rf), rt + rf);
    size_t from, close, left_len = left_src ? strlen(left_src) : 0;
    int args;
    char *quoted = left_src ? sqlite3_mprintf("%Q", left_src) : NULL;
    size_t qn = quoted ? strlen(quoted) : 0;
    if (!right) {
        w->t->out->oom = 1;
    } else if (quoted && !strncmp(src, left_src, left_len) &&
               lw_chain_call(lt, "my_ops", 1, &from, &close, &args) &&
               args + 4 <= LW_ARITH_MAX_CHAIN &&
               (quiet_operand(right) || !chain_may_warn(lt, from, close))) {
        /* The call ends "..., 'left src')": that text becomes the prefix's length. */
        size_t end = close;
        while (end > from && lt[end - 1] == ' ')
            end--;
        size_t at = end >= qn ? end - qn : 0;
        while (at > from && lt[at - 1] == ' ')
            at--;
        if (end >= qn && !strncmp(lt + end - qn, quoted, qn) && at > from && lt[at - 1] == ',') {
            lw_outf(w, "%.*s %lld, '%c', %s, '%s', %Q) ", (int)(at - from), lt + from,
                    (long long)left_len, symbol, right, types, src);
            sqlite3_free(quoted);
            sqlite3_free(right);
            return;
        }
    }
    if (right)
        lw_outf(w, "my_ops(%.*s, '%c', %s, '%s', %Q) ", (int)(lto - lf), lt + lf, symbol, right,
                types, src);
    sqlite3_free(quoted);
    sqlite3_free(right);
}

static void arith_operator(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    char symbol = arith_symbol(w);
    size_t op_at = w->p; /* the left operand's tokens end here */
    my_enum_operand(w, e, w->p);
    lw_skip(w);
    size_t rs = lw_here(w);
    lw_expr right = (symbol == '+' || symbol == '-') ? lw_parse_operand(w, op->bp + 1)
                                                     : lw_parse_expr(w, op->bp + 1);
    if (w->rc)
        return;
    my_enum_operand(w, &right, w->p);
    if (e->is_interval || right.is_interval) {
        interval_arithmetic(w, e, symbol, rs, &right);
        return;
    }
    char tl = my_type_letter(w, e), tr = my_type_letter(w, &right);
    int dl = my_decimals_of(e), dr = my_decimals_of(&right);
    char *rt = lw_take_from(w, rs);
    char *lt = lw_take_from(w, e->start);
    /* A DATE, DATETIME or TIME operand is its number (20240102, 20240102030405, 30405),
     * as MariaDB computes with temporal values; its class is the value's. */
    char lk = temporal_kind(e->type), rk = temporal_kind(right.type);
    if (lk && lt) {
        char *x = sqlite3_mprintf("my_temporal_number(%s, '%c')", lt, lk);
        sqlite3_free(lt);
        lt = x;
        tl = '?';
        dl = -1;
    }
    if (rk && rt) {
        char *x = sqlite3_mprintf("my_temporal_number(%s, '%c')", rt, rk);
        sqlite3_free(rt);
        rt = x;
        tr = '?';
        dr = -1;
    }
    char *src = my_expression_text(w, e->tok, w->p);
    char *left_src = lk ? NULL : my_expression_text(w, e->tok, op_at);
    if (lt && rt && src) {
        char types[32];
        if (symbol == '/')
            snprintf(types, sizeof types, "%c%c %d %d", tl, tr, dl, dr);
        else
            snprintf(types, sizeof types, "%c%c", tl, tr);
        write_step(w, lt, symbol, rt, types, src, left_src);
    } else {
        w->t->out->oom = 1;
    }
    sqlite3_free(lt);
    sqlite3_free(rt);
    sqlite3_free(src);
    sqlite3_free(left_src);
    lw_kind kind = arith_kind(symbol, tl, tr);
    result_of(e, kind);
    if (kind == LW_K_NUMERIC)
        lw_exact_numeric_result(w, e->start);
    my_arith_decimals(w, e, symbol, dl, dr);
}

static void bit_operator(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    const lw_token *t = lw_tok(w, 0);
    char sym[3] = {w->sql[t->offset], t->length > 1 ? w->sql[t->offset + 1] : 0, 0};
    my_enum_operand(w, e, w->p);
    lw_skip(w);
    size_t rs = lw_here(w);
    lw_expr right = lw_parse_expr(w, op->bp + 1);
    if (w->rc)
        return;
    my_enum_operand(w, &right, w->p);
    char tl = my_type_letter(w, e), tr = my_type_letter(w, &right);
    char *rt = lw_take_from(w, rs);
    char *lt = lw_take_from(w, e->start);
    if (lt && rt)
        lw_outf(w, "my_bit('%s', %s, %s, '%c%c') ", sym, lt, rt, tl, tr);
    sqlite3_free(lt);
    sqlite3_free(rt);
    result_of(e, LW_K_UINT8);
    e->decimals = 0;
}

/* ---- Logical operators --------------------------------------------------------------------------
 */

static void logical_operator(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    my_truth_operand(w, e);
    int is_or = lw_word(w, "or") || lw_op_at(w, 0, "||");
    lw_skip(w);
    lw_out(w, is_or ? "OR " : "AND ");
    lw_expr right = lw_parse_expr(w, op->bp + 1);
    my_truth_operand(w, &right);
    result_of(e, LW_K_BOOL);
}

static void xor_operator(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    my_truth_operand(w, e);
    lw_insert_at(w, e->start, "((");
    lw_out(w, ") <> 0) <> ((");
    lw_skip(w);
    lw_expr right = lw_parse_expr(w, op->bp + 1);
    my_truth_operand(w, &right);
    lw_out(w, ") <> 0) ");
    result_of(e, LW_K_BOOL);
}

/* ---- Comparisons of their own -------------------------------------------------------------------
 */

static void nullsafe_operator(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    size_t left_end = lw_here(w);
    lw_skip(w);
    lw_out(w, "IS ");
    lw_expr right = lw_parse_expr(w, op->bp + 1);
    if (!w->rc)
        my_comparison(w, e, left_end, &right);
    result_of(e, LW_K_BOOL);
}

/* The collation a string operation of a and b runs under, for functions that take its
 * name: binary strings compare bytes without padding. */
static const char *operation_collation(lw_walker *w, const lw_expr *a, const lw_expr *b,
                                       const char *op)
{
    int coercibility;
    const char *c = my_common_collation(w, a, b, op, &coercibility);
    if (!c)
        c = my_connection_collation(w);
    return !strcmp(c, "binary") ? "utf8mb4_nopad_bin" : c;
}

static void like_operator(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    lw_like_parts l;
    lw_read_like(w, e, op, &l);
    const char *coll = operation_collation(w, e, &l.pattern_expr, "like");
    if (l.left && l.pattern && !w->rc)
        lw_outf(w, "%smy_like(%s, %s, %s, '%s') ", l.negated ? "NOT " : "", l.left, l.pattern,
                l.escape ? l.escape : "'\\'", coll);
    lw_like_parts_free(&l);
    result_of(e, LW_K_BOOL);
}

static void regexp_operator(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    int negated = lw_word(w, "not");
    w->p += negated ? 2 : 1;
    char *left = lw_take_from(w, e->start);
    size_t ps = lw_here(w);
    lw_expr pattern = lw_parse_expr(w, op->bp + 1);
    char *pat = lw_take_from(w, ps);
    const char *coll = operation_collation(w, e, &pattern, "regexp");
    size_t n = strlen(coll);
    int ci = n > 3 && !strcmp(coll + n - 3, "_ci");
    if (left && pat && !w->rc)
        lw_outf(w, "%smy_regexp(%s, %s, %d) ", negated ? "NOT " : "", left, pat, ci);
    sqlite3_free(left);
    sqlite3_free(pat);
    result_of(e, LW_K_BOOL);
}

static void sounds_like_operator(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    w->p += 2;
    lw_insert_at(w, e->start, "my_soundex(");
    lw_out(w, ") = my_soundex(");
    lw_parse_expr(w, op->bp + 1);
    lw_out(w, ") ");
    result_of(e, LW_K_BOOL);
}

/* IN and BETWEEN: the shared forms, then the left operand's collation where SQLite
 * would not apply it. */
static void with_left_collation(lw_walker *w, lw_expr *e, const lw_operator *op,
                                void (*write)(lw_walker *, lw_expr *, const lw_operator *))
{
    size_t left_end = lw_here(w);
    lw_expr left = *e;
    write(w, e, op);
    if (!w->rc && my_is_string(&left) && left.collation && !left.collation_seen) {
        char *tail = lw_take_from(w, left_end);
        my_write_collate(w, left.collation);
        if (tail)
            lw_out(w, tail);
        sqlite3_free(tail);
    }
    result_of(e, LW_K_BOOL);
}

static int is_temporal(const lw_expr *e)
{
    return !e->is_bool &&
           (e->type == LW_K_DATE || e->type == LW_K_TIMESTAMP || e->type == LW_K_TIME);
}

/* One operand compared with the temporal e: a string is read as e's type (types.c). */
static void temporal_operand(lw_walker *w, const lw_expr *e, int min_bp)
{
    size_t start = lw_here(w);
    lw_expr x = lw_parse_expr(w, min_bp);
    if (!w->rc)
        my_temporal_operand(w, e, &x, start);
}

/* JSON_EXTRACT's value before IN or BETWEEN: a number is the number it holds, a string
 * stays its JSON text, quotes included, as MariaDB compares them there (so
 * '"Ann"' BETWEEN 'A' AND 'B' is 0). */
static void json_scalar_left(lw_walker *w, lw_expr *e)
{
    if (e->type != LW_K_JSONB || w->rc)
        return;
    lw_insert_call(w, e->start, "my_json_scalar");
    lw_out(w, ", 1) ");
}

/* Does the parenthesized list after the operator at the current token (IN, NOT IN) hold
 * an exact decimal constant (1.50; 1.5e0 is a DOUBLE) at its own level, or anywhere a
 * division, a CAST or CONVERT to DECIMAL, or AVG() (DECIMALs in MariaDB)? Where it
 * finds one in an item that is not a DECIMAL after all, the numbers still compare by
 * value under the DECIMAL collation. */
static int list_has_decimal(const lw_walker *w)
{
    size_t first = lw_type_at(w, 1, LW_TK_LPAREN) ? 1 : 2;
    if (!lw_type_at(w, first, LW_TK_LPAREN))
        return 0;
    int level = 0;
    for (size_t k = first; w->p + k < w->n; k++) {
        const lw_token *t = lw_tok(w, k);
        if (t->type == LW_TK_LPAREN)
            level++;
        else if (t->type == LW_TK_RPAREN && --level == 0)
            return 0;
        else if (lw_op_at(w, k, "/")) /* MariaDB's / gives a DECIMAL */
            return 1;
        else if ((lw_word_at(w, k, "decimal") || lw_word_at(w, k, "dec") ||
                  lw_word_at(w, k, "numeric") || lw_word_at(w, k, "fixed")) &&
                 (lw_word_at(w, k - 1, "as") || lw_type_at(w, k - 1, LW_TK_COMMA)))
            return 1;
        else if (lw_word_at(w, k, "avg") && lw_type_at(w, k + 1, LW_TK_LPAREN))
            return 1;
        else if (level == 1 && t->type == LW_TK_NUMBER &&
                 memchr(w->sql + t->offset, '.', t->length) &&
                 !memchr(w->sql + t->offset, 'e', t->length) &&
                 !memchr(w->sql + t->offset, 'E', t->length))
            return 1;
    }
    return 0;
}

/* x IN (list): SQLite compares the list's values with x's affinity only, and an
 * integer constant or expression has none, so 5 IN (5.0) would compare the integer 5
 * with the decimal's text '5.0' and find them different. MariaDB compares them as
 * numbers: a number beside a decimal constant goes in as the exact decimal's text
 * under the DECIMAL collation, which compares numbers by value. */
static void in_operator(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    json_scalar_left(w, e);
    if ((lw_is_int_kind(e->type) || e->type == LW_K_FLOAT) && list_has_decimal(w)) {
        lw_insert_at(w, e->start, "(CAST(");
        lw_out(w, " AS NUMERIC_TEXT) COLLATE DECIMAL) ");
    }
    if (!is_temporal(e) ||
        !((lw_word(w, "in") && lw_type_at(w, 1, LW_TK_LPAREN)) ||
          (lw_word(w, "not") && lw_type_at(w, 2, LW_TK_LPAREN))) ||
        lw_starts_query(w, lw_word(w, "not") ? 3 : 2)) {
        with_left_collation(w, e, op, lw_write_in);
        return;
    }
    /* A DATE, DATETIME or TIME IN a list: its strings are read as that type. */
    if (lw_word(w, "not"))
        lw_emit(w);
    lw_emit(w); /* IN */
    lw_emit(w); /* ( */
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN)) {
        temporal_operand(w, e, 0);
        if (!lw_next_item(w))
            break;
    }
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_emit(w);
    result_of(e, LW_K_BOOL);
}

static void between_operator(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    json_scalar_left(w, e);
    if (!is_temporal(e) || lw_word_at(w, lw_word(w, "not") ? 2 : 1, "symmetric")) {
        with_left_collation(w, e, op, lw_write_between);
        return;
    }
    /* A DATE, DATETIME or TIME BETWEEN two values: strings are read as that type. */
    if (lw_word(w, "not"))
        lw_emit(w);
    lw_emit(w); /* BETWEEN */
    lw_expr temporal = *e;
    temporal_operand(w, &temporal, op->bp + 1);
    if (!w->rc && !lw_accept_word(w, "and"))
        my_syntax_error(w, 0);
    if (!w->rc)
        temporal_operand(w, &temporal, op->bp + 1);
    result_of(e, LW_K_BOOL);
}

static void is_operator(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    lw_write_is(w, e, op);
    result_of(e, LW_K_BOOL);
}

/* @x := expr */
static void assign_operator(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    const lw_token *var = e->tok < w->n ? &w->tk[w->at[e->tok]] : NULL;
    if (!var || var->type != LW_TK_VARIABLE || var->kind != LW_VAR_USER || w->p != e->tok + 1) {
        my_syntax_error(w, 0);
        return;
    }
    lw_skip(w);
    char *left = lw_take_from(w, e->start); /* my_getvar('x') */
    size_t rs = lw_here(w);
    lw_expr right = lw_parse_expr(w, op->bp);
    char *value = lw_take_from(w, rs);
    if (left && value && strlen(left) > 10)
        lw_outf(w, "my_setvar(%.*s, %s) ", (int)(strchr(left, ')') - left - 10), left + 10, value);
    sqlite3_free(left);
    sqlite3_free(value);
    *e = right;
}

/* MariaDB has no -> or ->>: its syntax error, near the '>' after the '-' (MariaDB reads
 * a minus, then fails at what follows it). */
static void no_arrow_operator(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    (void)e;
    (void)op;
    my_syntax_error_near(w, w->tk[w->at[w->p]].offset + 1);
}

#define ARITH(spelling, bp) HOOK(spelling, bp, arith_operator)
#define BIT(spelling, bp) HOOK(spelling, bp, bit_operator)

#define COMMON_OPERATORS                                                                           \
    HOOK("collate", BP_COLLATE, my_collate_operator), HOOK(":=", BP_ASSIGN, assign_operator),      \
        HOOK("or", BP_OR, logical_operator), HOOK("||", BP_OR, logical_operator),                  \
        HOOK("xor", BP_XOR, xor_operator), HOOK("and", BP_AND, logical_operator),                  \
        HOOK("&&", BP_AND, logical_operator), HOOK("is", BP_CMP, is_operator), COMPARE("="),       \
        COMPARE("<>"), COMPARE("!="), COMPARE("<"), COMPARE(">"), COMPARE("<="), COMPARE(">="),    \
        HOOK("<=>", BP_CMP, nullsafe_operator), HOOK("like", BP_CMP, like_operator),               \
        HOOK("not like", BP_CMP, like_operator), HOOK("regexp", BP_CMP, regexp_operator),          \
        HOOK("not regexp", BP_CMP, regexp_operator), HOOK("rlike", BP_CMP, regexp_operator),       \
        HOOK("not rlike", BP_CMP, regexp_operator),                                                \
        HOOK("sounds like", BP_CMP, sounds_like_operator), HOOK("in", BP_CMP, in_operator),        \
        HOOK("not in", BP_CMP, in_operator), HOOK("between", BP_CMP, between_operator),            \
        HOOK("not between", BP_CMP, between_operator), BIT("|", BP_BITOR), BIT("&", BP_BITAND),    \
        BIT("<<", BP_SHIFT), BIT(">>", BP_SHIFT), ARITH("+", BP_ADD), ARITH("-", BP_ADD),          \
        ARITH("*", BP_MUL), ARITH("/", BP_MUL), ARITH("%", BP_MUL), ARITH("div", BP_MUL),          \
        ARITH("mod", BP_MUL), BIT("^", BP_BITXOR)

const lw_operator my_mariadb_operators[] = {
    COMMON_OPERATORS,
    HOOK("->", BP_CMP, no_arrow_operator),
    HOOK("->>", BP_CMP, no_arrow_operator),
    {NULL, 0, 0, NULL, NULL, 0, LW_K_UNKNOWN, NULL},
};

/* MySQL 8's -> and ->> read JSON as SQLite's do for the paths both accept. */
const lw_operator my_mysql_operators[] = {
    COMMON_OPERATORS,
    {"->", BP_UNARY, LW_OP_INFIX, NULL, NULL, 0, LW_K_JSON, NULL},
    {"->>", BP_UNARY, LW_OP_INFIX, NULL, NULL, 0, LW_K_TEXT, NULL},
    {NULL, 0, 0, NULL, NULL, 0, LW_K_UNKNOWN, NULL},
};

const lw_prefix_operator my_prefix_operators[] = {
    {"-", LW_PREFIX_MINUS},
    {"+", LW_PREFIX_KEEP},
    {"*", LW_PREFIX_ALONE},
    {NULL, 0},
};

/* ---- CAST and CONVERT
 * ---------------------------------------------------------------------------- */

/* Reads (N) or (N, S) after a type name; -1 where absent. */
static void cast_modifiers(lw_walker *w, long long *a, long long *b)
{
    *a = *b = -1;
    if (!lw_type_at(w, 0, LW_TK_LPAREN))
        return;
    lw_skip(w);
    lw_read_int(w, a);
    if (lw_type_at(w, 0, LW_TK_COMMA)) {
        lw_skip(w);
        lw_read_int(w, b);
    }
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_skip(w);
}

/* Skips CHARACTER SET name / CHARSET name / COLLATE name after CHAR. */
static void cast_charset(lw_walker *w)
{
    for (;;) {
        if (lw_word(w, "character") && lw_word_at(w, 1, "set"))
            w->p += 3;
        else if (lw_word(w, "charset") || lw_word(w, "collate"))
            w->p += 2;
        else
            return;
    }
}

int my_cast_expression(lw_walker *w, lw_expr *e)
{
    int convert = lw_word(w, "convert");
    size_t first = w->p;
    w->p += 2; /* CAST ( */
    size_t start = lw_here(w);
    lw_expr operand = lw_parse_expr(w, 0);
    if (w->rc)
        return 1;
    if (convert && lw_word(w, "using")) {
        /* CONVERT(x USING charset): utf8mb4 keeps the value, latin1 makes each character
         * it lacks '?'. */
        lw_skip(w);
        char *cs = lw_tok_text(w, 0);
        lw_skip(w);
        if (lw_type_at(w, 0, LW_TK_RPAREN))
            lw_skip(w);
        e->type = LW_K_TEXT;
        e->coercibility = LW_COERCE_IMPLICIT;
        if (cs && (!sqlite3_stricmp(cs, "utf8mb4") || !sqlite3_stricmp(cs, "utf8")))
            e->collation = my_session_of(w)->flavor->default_collation;
        else if (cs && !sqlite3_stricmp(cs, "latin1")) {
            e->collation = "latin1_swedish_ci";
            lw_insert_call(w, start, "my_to_latin1"); /* runtime_charset.c */
            lw_out(w, ") ");
        } else if (cs && !sqlite3_stricmp(cs, "binary")) {
            e->collation = "binary";
            e->type = LW_K_BYTEA;
        } else
            lw_refuse(w, "CONVERT(... USING %s)", cs ? cs : "?");
        sqlite3_free(cs);
        return 1;
    }
    if (!(convert ? lw_type_at(w, 0, LW_TK_COMMA) : lw_word(w, "as")))
        return my_syntax_error(w, 0), 1;
    lw_skip(w);
    char type = my_type_letter(w, &operand);
    long long a = -1, b = -1;
    const char *target = NULL;
    lw_kind kind = LW_K_UNKNOWN;
    int decimals = -1;
    if (lw_word(w, "signed") || lw_word(w, "int") || lw_word(w, "integer")) {
        lw_skip(w);
        if (lw_word(w, "integer") || lw_word(w, "int"))
            lw_skip(w);
        target = "signed";
        kind = LW_K_INT8;
        decimals = 0;
    } else if (lw_word(w, "unsigned")) {
        lw_skip(w);
        if (lw_word(w, "integer") || lw_word(w, "int"))
            lw_skip(w);
        target = "unsigned";
        kind = LW_K_UINT8;
        decimals = 0;
    } else if (lw_word(w, "decimal") || lw_word(w, "dec") || lw_word(w, "numeric") ||
               lw_word(w, "fixed")) {
        lw_skip(w);
        cast_modifiers(w, &a, &b);
        if (a < 0)
            a = 10;
        if (b < 0)
            b = 0;
        if (a > 65) {
            char *what = my_expression_text(w, first, w->p);
            lw_walk_error(w, LW_ESQL, "42000", 1426,
                          "Too big precision specified for '%s'. Maximum is 65", what ? what : "");
            sqlite3_free(what);
            return 1;
        }
        target = "decimal";
        kind = LW_K_NUMERIC;
        decimals = (int)b;
    } else if (lw_word(w, "double") || lw_word(w, "real")) {
        lw_skip(w);
        if (lw_word(w, "precision"))
            lw_skip(w);
        target = "double";
        kind = LW_K_FLOAT;
    } else if (lw_word(w, "float")) {
        lw_skip(w);
        cast_modifiers(w, &a, &b);
        target = "float";
        kind = LW_K_FLOAT;
    } else if (lw_word(w, "char") || lw_word(w, "nchar") || lw_word(w, "varchar") ||
               lw_word(w, "character")) {
        lw_skip(w);
        cast_modifiers(w, &a, &b);
        cast_charset(w);
        target = "char";
        kind = LW_K_TEXT;
    } else if (lw_word(w, "binary")) {
        lw_skip(w);
        cast_modifiers(w, &a, &b);
        if (a >= 0) {
            lw_refuse(w, "CAST(... AS BINARY(n))");
            return 1;
        }
        lw_insert_at(w, start, "CAST(");
        lw_out(w, "AS BLOB) ");
        if (lw_type_at(w, 0, LW_TK_RPAREN))
            lw_skip(w);
        e->type = LW_K_BYTEA;
        e->collation = "binary";
        e->coercibility = LW_COERCE_IMPLICIT;
        return 1;
    } else if (lw_word(w, "date") || lw_word(w, "datetime") || lw_word(w, "time")) {
        const char *what = lw_word(w, "date") ? "date" : lw_word(w, "time") ? "time" : "datetime";
        lw_skip(w);
        cast_modifiers(w, &a, &b);
        if (a > 6) {
            char *src = my_expression_text(w, first, w->p);
            lw_walk_error(w, LW_ESQL, "42000", 1426,
                          "Too big precision specified for '%s'. Maximum is 6", src ? src : "");
            sqlite3_free(src);
            return 1;
        }
        lw_insert_call(w, start, "my_temporal");
        lw_outf(w, ", '%s', %lld) ", what, a < 0 ? 0 : a);
        if (lw_type_at(w, 0, LW_TK_RPAREN))
            lw_skip(w);
        e->type = what[0] == 'd' && what[1] == 'a' && what[4] == 0 ? LW_K_DATE
                  : what[0] == 't'                                 ? LW_K_TIME
                                                                   : LW_K_TIMESTAMP;
        e->collation = NULL;
        e->coercibility = LW_COERCE_NUMERIC;
        return 1;
    } else {
        return my_syntax_error(w, 0), 1;
    }
    if (!lw_type_at(w, 0, LW_TK_RPAREN))
        return my_syntax_error(w, 0), 1;
    lw_skip(w);
    /* The expression as written, for 1264's "column 'CAST(x AS DECIMAL(5,2))'". */
    const lw_token *ft = &w->tk[w->at[first]], *lt = &w->tk[w->at[w->p - 1]];
    char *written = sqlite3_mprintf("%.*s", (int)(lt->offset + lt->length - ft->offset),
                                    w->t->sql + w->t->tokens[w->at[first]].offset);
    lw_insert_call(w, start, "my_cast");
    lw_outf(w, ", '%c', '%s', %lld, %lld, %Q) ", type, target, a, b, written ? written : "");
    sqlite3_free(written);
    e->type = kind;
    e->decimals = decimals;
    if (kind == LW_K_NUMERIC)
        lw_exact_numeric_result(w, start);
    if (kind == LW_K_TEXT)
        my_literal_collation(w, e), e->coercibility = LW_COERCE_IMPLICIT;
    else
        e->coercibility = LW_COERCE_NUMERIC;
    return 1;
}

/* ---- Words that start an expression
 * ------------------------------------------------------------------- */

/* The interval units, and whether each has a time of day. */
static const struct {
    const char *name;
    int timely;
} interval_units[] = {
    {"microsecond", 1},
    {"second", 1},
    {"minute", 1},
    {"hour", 1},
    {"day", 0},
    {"week", 0},
    {"month", 0},
    {"quarter", 0},
    {"year", 0},
    {"second_microsecond", 1},
    {"minute_microsecond", 1},
    {"minute_second", 1},
    {"hour_microsecond", 1},
    {"hour_second", 1},
    {"hour_minute", 1},
    {"day_microsecond", 1},
    {"day_second", 1},
    {"day_minute", 1},
    {"day_hour", 1},
    {"year_month", 0},
};

int my_interval_unit(lw_walker *w, int *timely)
{
    for (size_t i = 0; i < sizeof interval_units / sizeof interval_units[0]; i++)
        if (lw_word(w, interval_units[i].name)) {
            *timely = interval_units[i].timely;
            return (int)i;
        }
    return -1;
}

const char *my_interval_unit_name(int unit)
{
    return interval_units[unit].name;
}

/* INTERVAL(n, n1, ...) is a function; INTERVAL expr unit is an operand of date
 * arithmetic (interval_arithmetic), written "expr, 'unit'". */
static int interval_keyword(lw_walker *w, lw_expr *e)
{
    if (lw_type_at(w, 1, LW_TK_LPAREN))
        return 0;
    lw_skip(w); /* INTERVAL */
    lw_parse_expr(w, BP_UNARY);
    int timely = 0;
    int unit = w->rc ? -1 : my_interval_unit(w, &timely);
    if (w->rc)
        return 1;
    if (unit < 0)
        return my_syntax_error(w, 0), 1;
    lw_skip(w);
    lw_outf(w, ", '%s' ", interval_units[unit].name);
    e->is_interval = 1;
    e->type = LW_K_UNKNOWN;
    e->decimals = timely;
    return 1;
}

/* CURRENT_TIMESTAMP, CURRENT_DATE, CURRENT_TIME, LOCALTIME, LOCALTIMESTAMP,
 * UTC_TIMESTAMP, UTC_DATE, UTC_TIME without parentheses: the clocks (functions.c writes
 * the forms with them). */
static int clock_keyword(lw_walker *w, lw_expr *e)
{
    if (lw_type_at(w, 1, LW_TK_LPAREN))
        return 0;
    char what = lw_word(w, "current_date")    ? 'd'
                : lw_word(w, "current_time")  ? 't'
                : lw_word(w, "utc_timestamp") ? 'N'
                : lw_word(w, "utc_date")      ? 'D'
                : lw_word(w, "utc_time")      ? 'T'
                                              : 'n';
    lw_skip(w);
    lw_outf(w, "my_now('%c', 0) ", what);
    e->type = what == 'd' || what == 'D'   ? LW_K_DATE
              : what == 't' || what == 'T' ? LW_K_TIME
                                           : LW_K_TIMESTAMP;
    e->collation = NULL;
    e->coercibility = LW_COERCE_NUMERIC;
    return 1;
}

/* DATE 'x', TIME 'x', TIMESTAMP 'x' (the standard's literals): my_literal checks the
 * value when it runs (1525 for one that is none); DATE(x) and a column named so are not
 * literals. */
static int temporal_literal(lw_walker *w, lw_expr *e)
{
    if (!lw_type_at(w, 1, LW_TK_STRING))
        return 0;
    const char *what = lw_word(w, "date") ? "date" : lw_word(w, "time") ? "time" : "datetime";
    lw_skip(w);
    lw_out(w, "my_literal(");
    lw_emit(w);
    lw_outf(w, ", '%s') ", what);
    e->type = what[0] == 'd' && what[4] == 0 ? LW_K_DATE
              : what[0] == 't'               ? LW_K_TIME
                                             : LW_K_TIMESTAMP;
    e->collation = NULL;
    e->coercibility = LW_COERCE_NUMERIC;
    return 1;
}

const lw_keyword_expr my_keywords[] = {
    {"match", NULL, 1},
    {"date", temporal_literal, 0},
    {"time", temporal_literal, 0},
    {"timestamp", temporal_literal, 0},
    {"current_timestamp", clock_keyword, 0},
    {"current_date", clock_keyword, 0},
    {"current_time", clock_keyword, 0},
    {"localtime", clock_keyword, 0},
    {"localtimestamp", clock_keyword, 0},
    {"utc_timestamp", clock_keyword, 0},
    {"utc_date", clock_keyword, 0},
    {"utc_time", clock_keyword, 0},
    {"interval", interval_keyword, 0},
    {NULL, NULL, 0},
};
