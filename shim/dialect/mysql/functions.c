/*
 * The mysql and mariadb dialects' function table (dialect/calls.c reads it): MariaDB
 * functions SQLite lacks or computes otherwise, renamed to the dialect's runtime
 * (runtime_*.c) or written by a hook that passes each argument's class, scale or
 * collation. A function the table lacks is written as it is: SQLite's own where the
 * names agree (coalesce, ifnull, nullif, replace, substr, trim...), else SQLite's "no
 * such function" (mapped to MariaDB's 1305).
 *
 * To add a function: one row below (a rename, or a hook like the ones here that
 * reads its arguments with call_args), and its runtime in a runtime_*.c table when
 * SQLite has nothing to call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/mysql/mysql.h"

#define MAX_ARGS 64

/* The arguments of a call up to its ')' (consumed): each parsed, its text taken out of
 * the output. Returns their count (at most MAX_ARGS are kept). */
typedef struct call_args {
    int n;
    lw_expr e[MAX_ARGS];
    char *text[MAX_ARGS];
} call_args;

static void call_args_read(lw_walker *w, call_args *a)
{
    a->n = 0;
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN)) {
        size_t start = lw_here(w);
        lw_expr e = lw_parse_expr(w, 0);
        char *text = lw_take_from(w, start);
        if (a->n < MAX_ARGS) {
            a->e[a->n] = e;
            a->text[a->n++] = text;
        } else {
            sqlite3_free(text);
            lw_refuse(w, "a call with more than %d arguments", MAX_ARGS);
        }
        if (!lw_next_item(w))
            break;
    }
    /* lw_next_item wrote the commas: the texts hold the arguments, the output its
     * commas, which are dropped with everything after the call's start below. */
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_skip(w);
}

static void call_args_free(call_args *a)
{
    for (int i = 0; i < a->n; i++)
        sqlite3_free(a->text[i]);
    a->n = 0;
}

/* Reads the arguments, and drops what they wrote (their commas) from the output. */
static void read_args(lw_walker *w, lw_call *call, call_args *a)
{
    call_args_read(w, a);
    char *rest = lw_take_from(w, call->start);
    sqlite3_free(rest);
}

/* Each argument's text, comma-separated, for a call written by a hook. */
static void write_args(lw_walker *w, const call_args *a, int from)
{
    for (int i = from; i < a->n; i++)
        lw_outf(w, "%s%s", i > from ? ", " : "", a->text[i] ? a->text[i] : "NULL");
}

static int wrong_count(lw_walker *w, const lw_call *call)
{
    return lw_walk_error(w, LW_ESQL, "42000", 1582,
                         "Incorrect parameter count in the call to native function '%s'",
                         call->spelled ? call->spelled : call->name);
}

/* Reads the arguments (read_args) and checks their number: min to max (-1: any).
 * Returns 0, or -1 after MariaDB's 1582 with the arguments freed. */
static int read_counted_args(lw_walker *w, lw_call *call, call_args *a, int min, int max)
{
    read_args(w, call, a);
    if (a->n < min || (max >= 0 && a->n > max)) {
        call_args_free(a);
        wrong_count(w, call);
        return -1;
    }
    return 0;
}

/* fn(x, 'class'): one argument and its class letter. */
static lw_kind one_with_class(lw_walker *w, lw_call *call, const char *fn, lw_kind result)
{
    call_args a;
    if (read_counted_args(w, call, &a, 1, 1))
        return LW_K_UNKNOWN;
    lw_outf(w, "%s(%s, '%c') ", fn, a.text[0], my_type_letter(w, &a.e[0]));
    lw_kind kind = result == LW_K_UNKNOWN ? a.e[0].type : result;
    call->decimals = a.e[0].decimals;
    call_args_free(&a);
    return kind;
}

/* ---- Numbers --------------------------------------------------------------------------------- */

static lw_kind kind_of_class(char c, lw_kind exact)
{
    return c == 'i'               ? LW_K_INT8
           : c == 'u' || c == 'h' ? LW_K_UINT8
           : c == 'd'             ? exact
           : c == '?'             ? LW_K_UNKNOWN
                                  : LW_K_FLOAT;
}

static lw_kind abs_call(lw_walker *w, lw_call *call)
{
    size_t first = w->p;
    call_args a;
    if (read_counted_args(w, call, &a, 1, 1))
        return LW_K_UNKNOWN;
    char c = my_type_letter(w, &a.e[0]);
    char *src = my_expression_text(w, first - 2, w->p);
    lw_outf(w, "my_abs(%s, '%c', %Q) ", a.text[0], c, src ? src : "");
    sqlite3_free(src);
    call->decimals = a.e[0].decimals;
    call_args_free(&a);
    return kind_of_class(c, LW_K_NUMERIC);
}

/* ROUND(x [, d]) and TRUNCATE(x, d): the scale is d when it is a constant. */
static lw_kind round_common(lw_walker *w, lw_call *call, const char *fn)
{
    int truncate = fn[3] == 't';
    call_args a;
    if (read_counted_args(w, call, &a, 1 + truncate, 2))
        return LW_K_UNKNOWN;
    char c = my_type_letter(w, &a.e[0]);
    lw_outf(w, "%s(%s, %s, '%c') ", fn, a.text[0], a.n > 1 ? a.text[1] : "0", c);
    long long d = 0;
    if (a.n > 1 && a.text[1])
        d = strtoll(a.text[1], NULL, 10);
    call->decimals = d < 0 ? 0 : (int)d;
    call_args_free(&a);
    lw_kind kind = kind_of_class(c, LW_K_NUMERIC);
    return kind;
}

static lw_kind ceil_call(lw_walker *w, lw_call *call)
{
    lw_kind k = one_with_class(w, call, "my_ceil", LW_K_UNKNOWN);
    call->decimals = 0;
    return k == LW_K_FLOAT || k == LW_K_UNKNOWN ? k : LW_K_INT8;
}

static lw_kind floor_call(lw_walker *w, lw_call *call)
{
    lw_kind k = one_with_class(w, call, "my_floor", LW_K_UNKNOWN);
    call->decimals = 0;
    return k == LW_K_FLOAT || k == LW_K_UNKNOWN ? k : LW_K_INT8;
}

static lw_kind hex_call(lw_walker *w, lw_call *call)
{
    lw_kind k = one_with_class(w, call, "my_hex", LW_K_TEXT);
    call->collation = my_connection_collation(w);
    call->coercibility = LW_COERCE_COERCIBLE;
    return k;
}

/* MOD(a, b): a % b. */
static lw_kind mod_call(lw_walker *w, lw_call *call)
{
    size_t first = w->p;
    call_args a;
    if (read_counted_args(w, call, &a, 2, 2))
        return LW_K_UNKNOWN;
    char l = my_type_letter(w, &a.e[0]), r = my_type_letter(w, &a.e[1]);
    char *src = my_expression_text(w, first - 2, w->p);
    lw_outf(w, "my_op('%%', %s, %s, '%c%c', %Q) ", a.text[0], a.text[1], l, r, src ? src : "");
    sqlite3_free(src);
    call_args_free(&a);
    if (l == 'f' || r == 'f' || l == 's' || r == 's')
        return LW_K_FLOAT;
    if (l == 'd' || r == 'd')
        return LW_K_NUMERIC;
    return l == '?' || r == '?' ? LW_K_UNKNOWN : LW_K_INT8;
}

/* PI(): a DOUBLE the client shows with 6 decimals. */
static lw_kind pi_type(lw_walker *w, lw_call *call, const char **rename)
{
    (void)w;
    (void)rename;
    call->decimals = 6;
    return LW_K_FLOAT;
}

/* SUM and AVG of exact values are exact (BIGINT sums do not overflow: DECIMAL). */
static lw_kind sum_type(lw_walker *w, lw_call *call, const char **rename)
{
    (void)w;
    call->decimals = lw_is_int_kind(call->first) ? 0 : call->first_decimals;
    if (!lw_is_int_kind(call->first) && call->first != LW_K_NUMERIC)
        return call->first == LW_K_FLOAT ? LW_K_FLOAT : LW_K_UNKNOWN;
    *rename = "decimal_sum";
    return LW_K_NUMERIC;
}

/* MIN and MAX of numbers are their argument's type (MAX(64) / 77 is a DECIMAL division
 * of an integer); of strings and temporal values the walk's collations decide, untyped. */
static lw_kind extreme_type(lw_walker *w, lw_call *call, const char **rename)
{
    (void)w;
    (void)rename;
    lw_kind k = call->first;
    if (!lw_is_int_kind(k) && k != LW_K_NUMERIC && k != LW_K_FLOAT)
        return LW_K_UNKNOWN;
    call->decimals = call->first_decimals;
    return k;
}

/* AVG of exact values: DECIMAL with div_precision_increment more digits than the
 * argument (which the rewriter cannot always tell: then the value's own). */
static lw_kind avg_type(lw_walker *w, lw_call *call, const char **rename)
{
    if (!lw_is_int_kind(call->first) && call->first != LW_K_NUMERIC)
        return call->first == LW_K_FLOAT ? LW_K_FLOAT : LW_K_UNKNOWN;
    *rename = "decimal_avg";
    int d = lw_is_int_kind(call->first) ? 0 : call->first_decimals;
    if (d >= 0)
        call->decimals = d + my_session_of(w)->div_precision_increment;
    return LW_K_NUMERIC;
}

/* ---- Strings
 * ------------------------------------------------------------------------------------- */

/* The collation of a string result computed from the arguments. */
static void string_result(lw_walker *w, lw_call *call, const call_args *a)
{
    const char *coll = NULL;
    int best = LW_COERCE_IGNORABLE + 1;
    for (int i = 0; i < a->n; i++)
        if (my_is_string(&a->e[i]) && a->e[i].collation && a->e[i].coercibility < best) {
            coll = a->e[i].collation;
            best = a->e[i].coercibility;
        }
    call->collation = coll ? coll : my_connection_collation(w);
    call->coercibility = coll ? best : LW_COERCE_COERCIBLE;
}

/* A string function renamed: fn(args...). */
static lw_kind string_call(lw_walker *w, lw_call *call, const char *fn, int min, int max)
{
    call_args a;
    if (read_counted_args(w, call, &a, min, max))
        return LW_K_UNKNOWN;
    lw_outf(w, "%s(", fn);
    write_args(w, &a, 0);
    lw_out(w, ") ");
    string_result(w, call, &a);
    call_args_free(&a);
    return LW_K_TEXT;
}

/* SUBSTRING(s, pos[, len]), SUBSTRING(s FROM pos [FOR len]), SUBSTR and MID: the
 * dialect's my_substring (MariaDB's positions: 0 is before the start, negative counts
 * from the end). One argument is MariaDB's syntax error at the ')'. */
static lw_kind substring_call(lw_walker *w, lw_call *call)
{
    call_args a;
    a.n = 0;
    size_t start = lw_here(w);
    a.e[0] = lw_parse_expr(w, 0);
    a.text[a.n++] = lw_take_from(w, start);
    int keywords = lw_word(w, "from");
    for (int i = 1; i < 3 && !w->rc; i++) {
        const char *sep = keywords ? (i == 1 ? "from" : "for") : NULL;
        if (sep ? !lw_word(w, sep) : !lw_type_at(w, 0, LW_TK_COMMA))
            break;
        lw_skip(w);
        start = lw_here(w);
        a.e[i] = lw_parse_expr(w, 0);
        a.text[a.n++] = lw_take_from(w, start);
    }
    if (!w->rc && (a.n < 2 || !lw_type_at(w, 0, LW_TK_RPAREN)))
        my_syntax_error(w, 0);
    if (w->rc) {
        call_args_free(&a);
        return LW_K_UNKNOWN;
    }
    lw_skip(w); /* ) */
    sqlite3_free(lw_take_from(w, call->start));
    lw_out(w, "my_substring(");
    write_args(w, &a, 0);
    lw_out(w, ") ");
    string_result(w, call, &a);
    call_args_free(&a);
    return LW_K_TEXT;
}

/* A function whose result is ASCII text in the connection's character set and
 * collation whatever its arguments (MD5, SHA1, SHA2): fn(args...). */
static lw_kind ascii_text_call(lw_walker *w, lw_call *call, const char *fn, int min, int max)
{
    call_args a;
    if (read_counted_args(w, call, &a, min, max))
        return LW_K_UNKNOWN;
    lw_outf(w, "%s(", fn);
    write_args(w, &a, 0);
    lw_out(w, ") ");
    call->collation = my_connection_collation(w);
    call->coercibility = LW_COERCE_COERCIBLE;
    call_args_free(&a);
    return LW_K_TEXT;
}

/* YEAR(x), MONTH(x), DAYNAME(x), LAST_DAY(x)...: my_datepart(x, '<the part>'), the part
 * being the function's name (DAYOFMONTH is DAY). */
static lw_kind datepart_call(lw_walker *w, lw_call *call)
{
    call_args a;
    if (read_counted_args(w, call, &a, 1, 1))
        return LW_K_UNKNOWN;
    const char *part = !strcmp(call->name, "dayofmonth") ? "day" : call->name;
    lw_outf(w, "my_datepart(%s, '%s') ", a.text[0], part);
    call_args_free(&a);
    if (!strcmp(part, "dayname") || !strcmp(part, "monthname")) {
        call->collation = my_connection_collation(w);
        call->coercibility = LW_COERCE_COERCIBLE;
        return LW_K_TEXT;
    }
    return !strcmp(part, "last_day") ? LW_K_DATE : LW_K_INT8;
}

static lw_kind strcmp_call(lw_walker *w, lw_call *call)
{
    call_args a;
    if (read_counted_args(w, call, &a, 2, 2))
        return LW_K_UNKNOWN;
    int coercibility;
    const char *coll = my_common_collation(w, &a.e[0], &a.e[1], "strcmp", &coercibility);
    if (!coll)
        coll = my_connection_collation(w);
    lw_outf(w, "my_strcmp(%s, %s, '%s') ", a.text[0], a.text[1],
            !strcmp(coll, "binary") ? "utf8mb4_nopad_bin" : coll);
    call_args_free(&a);
    return LW_K_INT8;
}

/* CHARSET(x), COLLATION(x), COERCIBILITY(x): what the rewriter derived for x, a
 * constant. */
static lw_kind collation_info(lw_walker *w, lw_call *call, int what)
{
    call_args a;
    if (read_counted_args(w, call, &a, 1, 1))
        return LW_K_UNKNOWN;
    const lw_expr *e = &a.e[0];
    int string = my_is_string(e) && e->collation;
    const char *coll = string ? e->collation : "binary";
    if (what == 2) {
        lw_outf(w, "%d ", string ? e->coercibility : e->type == LW_K_NULL ? 6 : 5);
        call_args_free(&a);
        return LW_K_INT8;
    }
    lw_outf(w, "'%s' ", what == 0 ? my_collation_charset(coll) : coll);
    call->collation = my_connection_collation(w);
    call->coercibility = LW_COERCE_SYSCONST;
    call_args_free(&a);
    return LW_K_TEXT;
}

/* ISNULL(x): x IS NULL. */
static lw_kind isnull_call(lw_walker *w, lw_call *call)
{
    call_args a;
    if (read_counted_args(w, call, &a, 1, 1))
        return LW_K_UNKNOWN;
    lw_outf(w, "((%s) IS NULL) ", a.text[0]);
    call_args_free(&a);
    return LW_K_BOOL;
}

/* LEFT(s, n) and RIGHT(s, n): keywords in MariaDB's grammar, so another number of
 * arguments is its syntax error 1064 where the grammar fails, not 1582. */
static lw_kind left_right_call(lw_walker *w, lw_call *call, const char *fn)
{
    call_args a;
    a.n = 0;
    for (int i = 0; i < 2 && !w->rc; i++) {
        if (i && !lw_type_at(w, 0, LW_TK_COMMA)) {
            my_syntax_error(w, 0);
            break;
        }
        if (i)
            lw_skip(w);
        size_t start = lw_here(w);
        a.e[i] = lw_parse_expr(w, 0);
        a.text[a.n++] = lw_take_from(w, start);
    }
    if (!w->rc && !lw_type_at(w, 0, LW_TK_RPAREN))
        my_syntax_error(w, 0);
    if (!w->rc) {
        lw_skip(w);
        sqlite3_free(lw_take_from(w, call->start));
        lw_outf(w, "%s(%s, %s) ", fn, a.text[0] ? a.text[0] : "NULL",
                a.text[1] ? a.text[1] : "NULL");
        string_result(w, call, &a);
    }
    call_args_free(&a);
    return LW_K_TEXT;
}

/* The collation two operands compare with (the connection's when neither has one), as
 * SQLite's collation name for the dialect's functions. */
static const char *compare_collation(lw_walker *w, const lw_expr *a, const lw_expr *b,
                                     const char *op)
{
    int coercibility;
    const char *coll = my_common_collation(w, a, b, op, &coercibility);
    if (!coll)
        coll = my_connection_collation(w);
    return !strcmp(coll, "binary") ? "utf8mb4_nopad_bin" : coll;
}

/* LOCATE(sub, s [, pos]) and INSTR(s, sub): my_locate under the operands' collation. */
static lw_kind locate_common(lw_walker *w, lw_call *call, int instr)
{
    call_args a;
    if (read_counted_args(w, call, &a, 2, instr ? 2 : 3))
        return LW_K_UNKNOWN;
    int sub = instr ? 1 : 0, str = instr ? 0 : 1;
    const char *coll = compare_collation(w, &a.e[sub], &a.e[str], call->name);
    if (!w->rc)
        lw_outf(w, "my_locate(%s, %s, %s, '%s') ", a.text[sub], a.text[str],
                a.n > 2 ? a.text[2] : "1", coll);
    call_args_free(&a);
    return LW_K_INT8;
}

/* POSITION(sub IN s): LOCATE(sub, s). */
static lw_kind position_call(lw_walker *w, lw_call *call)
{
    lw_expr e[2];
    char *text[2] = {NULL, NULL};
    size_t start = lw_here(w);
    e[0] = lw_parse_expr(w, BP_CMP + 1);
    text[0] = lw_take_from(w, start);
    if (!w->rc && !lw_word(w, "in"))
        my_syntax_error(w, 0);
    if (!w->rc) {
        lw_skip(w);
        start = lw_here(w);
        e[1] = lw_parse_expr(w, 0);
        text[1] = lw_take_from(w, start);
        if (!w->rc && !lw_type_at(w, 0, LW_TK_RPAREN))
            my_syntax_error(w, 0);
    }
    if (!w->rc) {
        lw_skip(w);
        sqlite3_free(lw_take_from(w, call->start));
        const char *coll = compare_collation(w, &e[0], &e[1], "locate");
        lw_outf(w, "my_locate(%s, %s, 1, '%s') ", text[0] ? text[0] : "NULL",
                text[1] ? text[1] : "NULL", coll);
    }
    sqlite3_free(text[0]);
    sqlite3_free(text[1]);
    return LW_K_INT8;
}

/* TRIM([BOTH | LEADING | TRAILING] [remstr] FROM str) and TRIM([remstr FROM] str):
 * my_trim (MariaDB removes whole occurrences of remstr, not a set of characters). */
static lw_kind trim_call(lw_walker *w, lw_call *call)
{
    char mode = 'b';
    int mode_word = lw_word(w, "both") || lw_word(w, "leading") || lw_word(w, "trailing");
    if (mode_word) {
        mode = lw_word(w, "both") ? 'b' : lw_word(w, "leading") ? 'l' : 't';
        lw_skip(w);
    }
    lw_expr e[2];
    char *text[2] = {NULL, NULL};
    int n = 0;
    if (!lw_word(w, "from")) {
        size_t start = lw_here(w);
        e[0] = lw_parse_expr(w, 0);
        text[n++] = lw_take_from(w, start);
    }
    int from = !w->rc && lw_word(w, "from");
    if (from) {
        lw_skip(w);
        size_t start = lw_here(w);
        e[n] = lw_parse_expr(w, 0);
        text[n++] = lw_take_from(w, start);
    }
    /* TRIM(LEADING s) needs FROM; TRIM() and TRIM(FROM) have no string. */
    if (!w->rc && (n == 0 || (mode_word && !from) || (from && n == 1 && !mode_word) ||
                   !lw_type_at(w, 0, LW_TK_RPAREN)))
        my_syntax_error(w, 0);
    if (!w->rc) {
        lw_skip(w);
        sqlite3_free(lw_take_from(w, call->start));
        /* One expression: the string, trimmed of spaces; two: remstr FROM str. */
        const char *str = n == 2 ? text[1] : text[0];
        const char *rem = n == 2 ? text[0] : "' '";
        lw_outf(w, "my_trim(%s, %s, '%c') ", str ? str : "NULL", rem ? rem : "NULL", mode);
        const lw_expr *se = &e[n - 1];
        call->collation = se->collation ? se->collation : my_connection_collation(w);
        call->coercibility = se->collation ? se->coercibility : LW_COERCE_COERCIBLE;
    }
    sqlite3_free(text[0]);
    sqlite3_free(text[1]);
    return LW_K_TEXT;
}

/* FIELD(s, a, ...): my_field under s's and the first string's collation. */
static lw_kind field_call(lw_walker *w, lw_call *call)
{
    call_args a;
    if (read_counted_args(w, call, &a, 2, -1))
        return LW_K_UNKNOWN;
    const char *coll = compare_collation(w, &a.e[0], &a.e[1], "field");
    if (!w->rc) {
        lw_outf(w, "my_field('%s', ", coll);
        write_args(w, &a, 0);
        lw_out(w, ") ");
    }
    call_args_free(&a);
    return LW_K_INT8;
}

/* GREATEST(x, y, ...) and LEAST: my_greatest with each argument's class and the
 * arguments' collation; the result's type is what MariaDB compares them as. */
static lw_kind greatest_common(lw_walker *w, lw_call *call, int dir)
{
    call_args a;
    if (read_counted_args(w, call, &a, 2, -1))
        return LW_K_UNKNOWN;
    char classes[MAX_ARGS + 1];
    int ints = 1, strings = 1, exact = 1, unknown = 0, decimals = 0;
    const lw_expr *first_string = NULL;
    int coll_ok = 1;
    for (int i = 0; i < a.n; i++) {
        char c = my_type_letter(w, &a.e[i]);
        classes[i] = c;
        unknown |= c == '?';
        ints &= c == 'i' || c == 'u';
        exact &= c == 'i' || c == 'u' || c == 'd';
        strings &= c == 's';
        int d = my_decimals_of(&a.e[i]);
        if (d > decimals)
            decimals = d;
        if (c == 's' && !first_string)
            first_string = &a.e[i];
    }
    classes[a.n] = 0;
    const char *coll = my_connection_collation(w);
    if (first_string) {
        coll = compare_collation(w, first_string, first_string, call->name);
        for (int i = 0; i < a.n && !w->rc; i++)
            if (classes[i] == 's' && &a.e[i] != first_string)
                coll = compare_collation(w, first_string, &a.e[i], call->name);
        coll_ok = !w->rc;
    }
    if (coll_ok)
        lw_outf(w, "my_greatest(%d, '%s', '%s', ", dir, classes, coll);
    write_args(w, &a, 0);
    lw_out(w, ") ");
    call_args_free(&a);
    if (unknown)
        return LW_K_UNKNOWN;
    if (strings) {
        call->collation = first_string->collation ? first_string->collation : coll;
        call->coercibility = first_string->coercibility;
        return LW_K_TEXT;
    }
    if (ints)
        return LW_K_INT8;
    if (exact) {
        call->decimals = decimals;
        return LW_K_NUMERIC;
    }
    return LW_K_FLOAT;
}

/* ---- Dates --------------------------------------------------------------------------------------
 */

/* DATE_ADD(d, INTERVAL n unit), DATE_SUB, ADDDATE(d, INTERVAL n unit | days), SUBDATE:
 * my_date_add. */
static lw_kind date_add_common(lw_walker *w, lw_call *call, int sign)
{
    size_t start = lw_here(w);
    lw_expr d = lw_parse_expr(w, 0);
    char *dt = lw_take_from(w, start);
    lw_expr iv = {0};
    char *it = NULL;
    if (!w->rc && !lw_type_at(w, 0, LW_TK_COMMA)) {
        sqlite3_free(dt);
        return (lw_type_at(w, 0, LW_TK_RPAREN) ? wrong_count(w, call) : my_syntax_error(w, 0)),
               LW_K_UNKNOWN;
    }
    if (!w->rc) {
        lw_skip(w);
        start = lw_here(w);
        iv = lw_parse_operand(w, 0);
        it = lw_take_from(w, start);
        int days =
            !iv.is_interval && (!strcmp(call->name, "adddate") || !strcmp(call->name, "subdate"));
        if (!w->rc && !iv.is_interval && !days)
            my_syntax_error(w, 0);
        if (!w->rc && !lw_type_at(w, 0, LW_TK_RPAREN))
            my_syntax_error(w, 0);
        if (!w->rc) {
            lw_skip(w);
            sqlite3_free(lw_take_from(w, call->start));
            lw_outf(w, "%s(%s, %s%s, %d) ", d.type == LW_K_TIME ? "my_time_add" : "my_date_add",
                    dt ? dt : "NULL", it ? it : "NULL", days ? ", 'day'" : "", sign);
            lw_expr r = lw_expr_here(w);
            my_date_result(w, &r, d.type, days ? 0 : iv.decimals);
            call->collation = r.collation;
            call->coercibility = r.coercibility;
            sqlite3_free(dt);
            sqlite3_free(it);
            return r.type;
        }
    }
    sqlite3_free(dt);
    sqlite3_free(it);
    return LW_K_UNKNOWN;
}

/* A unit word as the first argument (TIMESTAMPDIFF, TIMESTAMPADD, EXTRACT): its name, or
 * -1 after a syntax error. */
static int unit_argument(lw_walker *w, int *timely)
{
    int unit = my_interval_unit(w, timely);
    if (unit < 0) {
        my_syntax_error(w, 0);
        return -1;
    }
    lw_skip(w);
    return unit;
}

/* TIMESTAMPDIFF(unit, a, b) and TIMESTAMPADD(unit, n, d). */
static lw_kind timestamp_unit_call(lw_walker *w, lw_call *call, int add)
{
    int timely;
    int unit = unit_argument(w, &timely);
    if (unit < 0)
        return LW_K_UNKNOWN;
    if (!lw_type_at(w, 0, LW_TK_COMMA))
        return my_syntax_error(w, 0), LW_K_UNKNOWN;
    lw_skip(w);
    call_args a;
    if (read_counted_args(w, call, &a, 2, 2))
        return LW_K_UNKNOWN;
    const char *name = my_interval_unit_name(unit);
    lw_kind kind = LW_K_INT8;
    if (add) {
        lw_outf(w, "my_date_add(%s, %s, '%s', 1) ", a.text[1], a.text[0], name);
        lw_expr r = lw_expr_here(w);
        my_date_result(w, &r, a.e[1].type, timely);
        call->collation = r.collation;
        call->coercibility = r.coercibility;
        kind = r.type;
    } else {
        lw_outf(w, "my_timestampdiff('%s', %s, %s) ", name, a.text[0], a.text[1]);
    }
    call_args_free(&a);
    return kind;
}

/* EXTRACT(unit FROM d) */
static lw_kind extract_call(lw_walker *w, lw_call *call)
{
    int timely;
    int unit = unit_argument(w, &timely);
    if (unit < 0)
        return LW_K_UNKNOWN;
    if (!lw_word(w, "from"))
        return my_syntax_error(w, 0), LW_K_UNKNOWN;
    lw_skip(w);
    call_args a;
    read_args(w, call, &a);
    if (a.n != 1) {
        call_args_free(&a);
        return my_syntax_error(w, 0), LW_K_UNKNOWN;
    }
    lw_outf(w, "my_extract('%s', %s) ", my_interval_unit_name(unit), a.text[0]);
    call_args_free(&a);
    return LW_K_INT8;
}

/* A string result in the connection's collation: fn(args...) with min..max arguments,
 * extra text before the ')'. */
static lw_kind connection_text_call(lw_walker *w, lw_call *call, const char *fn, int min, int max,
                                    const char *extra)
{
    call_args a;
    if (read_counted_args(w, call, &a, min, max))
        return LW_K_UNKNOWN;
    lw_outf(w, "%s(", fn);
    write_args(w, &a, 0);
    lw_outf(w, "%s) ", extra);
    call->collation = my_connection_collation(w);
    call->coercibility = LW_COERCE_COERCIBLE;
    call_args_free(&a);
    return LW_K_TEXT;
}

/* LENGTH(s), OCTET_LENGTH(s), BIT_LENGTH(s): the bytes of s in its character set, so
 * a latin1 string's characters count one byte each (my_latin1_bytes). */
static lw_kind byte_length_call(lw_walker *w, lw_call *call)
{
    call_args a;
    read_args(w, call, &a);
    if (a.n != 1) {
        call_args_free(&a);
        return wrong_count(w, call), LW_K_UNKNOWN;
    }
    int latin1 = my_is_string(&a.e[0]) && a.e[0].collation &&
                 !strcmp(my_collation_charset(a.e[0].collation), "latin1");
    lw_outf(w, "%s(%s%s%s) ", !strcmp(call->name, "bit_length") ? "my_bit_length" : "my_length",
            latin1 ? "my_latin1_bytes(" : "", a.text[0], latin1 ? ")" : "");
    call_args_free(&a);
    return LW_K_INT8;
}

/* UUID(): latin1 text of coercibility 5 on MariaDB (ASCII only, so any string it
 * meets decides the comparison's collation). */
static lw_kind uuid_call(lw_walker *w, lw_call *call)
{
    lw_kind k = connection_text_call(w, call, "my_uuid", 0, 0, "");
    call->collation = "latin1_swedish_ci";
    call->coercibility = LW_COERCE_NUMERIC;
    return k;
}

/* VERSION(), DATABASE(), SCHEMA(): the server's utf8mb3 system constants. */
static lw_kind system_constant_call(lw_walker *w, lw_call *call)
{
    lw_kind k = connection_text_call(
        w, call, !strcmp(call->name, "version") ? "version" : "database", 0, 0, "");
    call->collation = "utf8mb3_general_ci";
    call->coercibility = LW_COERCE_SYSCONST;
    return k;
}

/* UNIX_TIMESTAMP([d]): an integer, or a decimal when d has a fraction. */
static lw_kind unix_timestamp_call(lw_walker *w, lw_call *call)
{
    call_args a;
    if (read_counted_args(w, call, &a, 0, 1))
        return LW_K_UNKNOWN;
    lw_out(w, "my_unix_timestamp(");
    write_args(w, &a, 0);
    lw_out(w, ") ");
    call_args_free(&a);
    return LW_K_UNKNOWN;
}

/* FROM_UNIXTIME(n [, format]): the argument's scale is the result's fraction digits. */
static lw_kind from_unixtime_call(lw_walker *w, lw_call *call)
{
    call_args a;
    if (read_counted_args(w, call, &a, 1, 2))
        return LW_K_UNKNOWN;
    int d = my_decimals_of(&a.e[0]);
    lw_outf(w, "my_from_unixtime(%s, %d%s%s) ", a.text[0], d < 0 ? 6 : d, a.n > 1 ? ", " : "",
            a.n > 1 ? a.text[1] : "");
    call->collation = my_connection_collation(w);
    call->coercibility = LW_COERCE_COERCIBLE;
    call_args_free(&a);
    return a.n > 1 ? LW_K_TEXT : LW_K_TIMESTAMP;
}

/* WEEK(d [, mode]) and YEARWEEK(d [, mode]). */
static lw_kind week_common(lw_walker *w, lw_call *call, int yearweek)
{
    call_args a;
    if (read_counted_args(w, call, &a, 1, 2))
        return LW_K_UNKNOWN;
    lw_outf(w, "my_week(%s, %s, %d) ", a.text[0], a.n > 1 ? a.text[1] : "0", yearweek);
    call_args_free(&a);
    return LW_K_INT8;
}

/* NOW([fsp]), CURDATE(), CURTIME([fsp]), UTC_TIMESTAMP([fsp])...: my_now with the
 * clock's letter; fsp above 6 is MariaDB's 1426. */
static lw_kind clock_call(lw_walker *w, lw_call *call)
{
    const char *n = call->name;
    char what = !strcmp(n, "curdate") || !strcmp(n, "current_date")   ? 'd'
                : !strcmp(n, "curtime") || !strcmp(n, "current_time") ? 't'
                : !strcmp(n, "utc_timestamp")                         ? 'N'
                : !strcmp(n, "utc_date")                              ? 'D'
                : !strcmp(n, "utc_time")                              ? 'T'
                                                                      : 'n';
    long long fsp = 0;
    if (!lw_type_at(w, 0, LW_TK_RPAREN)) {
        if (what == 'd' || what == 'D' || lw_read_int(w, &fsp) || !lw_type_at(w, 0, LW_TK_RPAREN))
            return my_syntax_error(w, 0), LW_K_UNKNOWN;
    }
    lw_skip(w); /* ) */
    sqlite3_free(lw_take_from(w, call->start));
    if (fsp > 6) {
        lw_walk_error(w, LW_ESQL, "42000", 1426,
                      "Too big precision specified for '%s'. Maximum is 6",
                      what == 'n' ? "current_timestamp" : n);
        return LW_K_UNKNOWN;
    }
    lw_outf(w, "my_now('%c', %lld) ", what, fsp);
    return what == 'd' || what == 'D'   ? LW_K_DATE
           : what == 't' || what == 'T' ? LW_K_TIME
                                        : LW_K_TIMESTAMP;
}

/* COUNT(*), COUNT([ALL] v) and COUNT(DISTINCT v) are SQLite's count(); COUNT(DISTINCT
 * v1, v2, ...) is my_count_distinct (runtime_aggregate.c): each value compared under
 * its collation (strings), as a number (exact numerics) or as it is. */
static lw_kind count_call(lw_walker *w, lw_call *call)
{
    if (!lw_word(w, "distinct")) {
        lw_out(w, "count(");
        if (lw_word(w, "all"))
            lw_emit(w);
        if (lw_op_at(w, 0, "*"))
            lw_emit(w);
        lw_expr_list(w);
        return LW_K_INT8;
    }
    lw_skip(w);
    call_args a;
    read_args(w, call, &a);
    if (w->rc) {
        call_args_free(&a);
        return LW_K_INT8;
    }
    if (a.n == 1) {
        lw_outf(w, "count(DISTINCT %s) ", a.text[0] ? a.text[0] : "NULL");
    } else if (a.n > 32) {
        lw_refuse(w, "COUNT(DISTINCT ...) of more than 32 expressions");
    } else {
        lw_outf(w, "my_count_distinct(%d", a.n);
        for (int i = 0; i < a.n; i++)
            lw_outf(w, ", '%s'",
                    my_is_string(&a.e[i]) && a.e[i].type != LW_K_BYTEA
                        ? compare_collation(w, &a.e[i], &a.e[i], "count")
                    : a.e[i].type == LW_K_NUMERIC ? "DECIMAL"
                                                  : "");
        lw_out(w, ", ");
        write_args(w, &a, 0);
        lw_out(w, ") ");
    }
    call_args_free(&a);
    return LW_K_INT8;
}

/* GROUP_CONCAT([DISTINCT] v, ... [ORDER BY k [ASC | DESC], ...] [SEPARATOR 's']):
 * my_group_concat (runtime_aggregate.c). */
static lw_kind group_concat_call(lw_walker *w, lw_call *call)
{
    int distinct = lw_word(w, "distinct");
    if (distinct || lw_word(w, "all"))
        lw_skip(w);
    call_args v, k;
    v.n = k.n = 0;
    char dirs[32];
    char *sep = NULL;
    while (!w->rc && v.n < MAX_ARGS) {
        size_t start = lw_here(w);
        v.e[v.n] = lw_parse_expr(w, 0);
        v.text[v.n++] = lw_take_from(w, start);
        if (!lw_type_at(w, 0, LW_TK_COMMA))
            break;
        lw_skip(w);
    }
    if (!w->rc && lw_word(w, "order") && lw_word_at(w, 1, "by")) {
        w->p += 2;
        while (!w->rc && k.n < (int)sizeof dirs - 1) {
            size_t start = lw_here(w);
            k.e[k.n] = lw_parse_expr(w, 0);
            k.text[k.n] = lw_take_from(w, start);
            dirs[k.n++] = lw_word(w, "desc") ? 'd' : 'a';
            if (lw_word(w, "asc") || lw_word(w, "desc"))
                lw_skip(w);
            if (!lw_type_at(w, 0, LW_TK_COMMA))
                break;
            lw_skip(w);
        }
    }
    dirs[k.n] = 0;
    if (!w->rc && lw_word(w, "separator")) {
        lw_skip(w);
        if (!lw_type_at(w, 0, LW_TK_STRING)) {
            my_syntax_error(w, 0);
        } else {
            size_t start = lw_here(w);
            lw_parse_expr(w, BP_UNARY);
            sep = lw_take_from(w, start);
        }
    }
    if (!w->rc && !lw_type_at(w, 0, LW_TK_RPAREN))
        my_syntax_error(w, 0);
    if (!w->rc) {
        lw_skip(w);
        sqlite3_free(lw_take_from(w, call->start));
        const lw_expr *vs = NULL, *ks = NULL;
        for (int i = 0; i < v.n && !vs; i++)
            if (my_is_string(&v.e[i]))
                vs = &v.e[i];
        for (int i = 0; i < k.n && !ks; i++)
            if (my_is_string(&k.e[i]))
                ks = &k.e[i];
        const char *coll =
            vs ? compare_collation(w, vs, vs, "group_concat") : my_connection_collation(w);
        const char *kcoll =
            ks ? compare_collation(w, ks, ks, "group_concat") : my_connection_collation(w);
        lw_outf(w, "my_group_concat(%s, %d, '%s', '%s', '%s', %d", sep ? sep : "','", distinct,
                coll, kcoll, dirs, v.n);
        for (int i = 0; i < v.n; i++)
            lw_outf(w, ", %s", v.text[i] ? v.text[i] : "NULL");
        /* An exact numeric is text to SQLite: its key is sorted as the number (a DOUBLE:
         * keys that differ past its 15 digits tie and keep their rows' order). */
        for (int i = 0; i < k.n; i++)
            lw_outf(w, k.e[i].type == LW_K_NUMERIC ? ", CAST(%s AS REAL)" : ", %s",
                    k.text[i] ? k.text[i] : "NULL");
        lw_out(w, ") ");
        call->collation = vs && vs->collation ? vs->collation : my_connection_collation(w);
        call->coercibility = vs && vs->collation ? vs->coercibility : LW_COERCE_COERCIBLE;
    }
    call_args_free(&v);
    call_args_free(&k);
    sqlite3_free(sep);
    return LW_K_TEXT;
}

/* ADDTIME(a, t) and SUBTIME(a, t): my_addtime with the sign. */
static lw_kind addtime_common(lw_walker *w, lw_call *call, int sign)
{
    call_args a;
    if (read_counted_args(w, call, &a, 2, 2))
        return LW_K_UNKNOWN;
    lw_kind kind =
        a.e[0].type == LW_K_TIMESTAMP || a.e[0].type == LW_K_TIME ? a.e[0].type : LW_K_TEXT;
    /* A temporal A shows the larger fraction of A and T; a string A, six digits when
     * there is a fraction (MariaDB's string result). */
    lw_outf(w, "my_addtime(%s, %s, %d%s) ", a.text[0], a.text[1], sign,
            kind == LW_K_TEXT ? "" : ", 1");
    if (kind == LW_K_TEXT) {
        call->collation = my_connection_collation(w);
        call->coercibility = LW_COERCE_COERCIBLE;
    }
    call_args_free(&a);
    return kind;
}

/* SEC_TO_TIME(n): a string's seconds show six fraction digits, as MariaDB gives a string
 * argument (NOT_FIXED_DEC, capped at 6); a number's show its own. */
static lw_kind sec_to_time_call(lw_walker *w, lw_call *call)
{
    call_args a;
    if (read_counted_args(w, call, &a, 1, 1))
        return LW_K_UNKNOWN;
    lw_outf(w, "my_sec_to_time(%s%s) ", a.text[0], my_is_string(&a.e[0]) ? ", 6" : "");
    call_args_free(&a);
    return LW_K_TIME;
}

/* CHAR(n, ... [USING charset]): a binary string, or text in utf8mb4. */
static lw_kind char_call(lw_walker *w, lw_call *call)
{
    call_args a;
    a.n = 0;
    while (!w->rc && a.n < MAX_ARGS && !lw_type_at(w, 0, LW_TK_RPAREN) && !lw_word(w, "using")) {
        size_t start = lw_here(w);
        a.e[a.n] = lw_parse_expr(w, 0);
        a.text[a.n++] = lw_take_from(w, start);
        if (!lw_type_at(w, 0, LW_TK_COMMA))
            break;
        lw_skip(w);
    }
    int text = 0;
    if (!w->rc && lw_word(w, "using")) {
        lw_skip(w);
        char *cs = lw_tok_text(w, 0);
        if (!cs || (sqlite3_stricmp(cs, "utf8mb4") && sqlite3_stricmp(cs, "utf8") &&
                    sqlite3_stricmp(cs, "utf8mb3")))
            lw_refuse(w, "CHAR(... USING %s)", cs ? cs : "");
        sqlite3_free(cs);
        lw_skip(w);
        text = 1;
    }
    if (!w->rc && (a.n == 0 || !lw_type_at(w, 0, LW_TK_RPAREN)))
        my_syntax_error(w, 0);
    if (!w->rc) {
        lw_skip(w);
        sqlite3_free(lw_take_from(w, call->start));
        lw_outf(w, "my_char(%d", !text);
        for (int i = 0; i < a.n; i++)
            lw_outf(w, ", %s", a.text[i] ? a.text[i] : "NULL");
        lw_out(w, ") ");
        /* A binary string compares byte by byte, as BINARY x (lexical.c). */
        call->collation = text ? my_connection_collation(w) : "binary";
        call->coercibility = text ? LW_COERCE_COERCIBLE : LW_COERCE_IMPLICIT;
    }
    call_args_free(&a);
    return text ? LW_K_TEXT : LW_K_BYTEA;
}

/* STDDEV_POP(x) and friends: a DOUBLE shown with 4 more decimals than x has. */
static lw_kind variance_type(lw_walker *w, lw_call *call, const char **rename)
{
    (void)w;
    const char *n = call->name;
    *rename = !strcmp(n, "var_pop") || !strcmp(n, "variance") ? "my_var_pop"
              : !strcmp(n, "var_samp")                        ? "my_var_samp"
              : !strcmp(n, "stddev_samp")                     ? "my_stddev_samp"
                                                              : "my_stddev_pop";
    int d = lw_is_int_kind(call->first) ? 0 : call->first_decimals < 0 ? 0 : call->first_decimals;
    call->decimals = d + 4 > 31 ? 31 : d + 4;
    return LW_K_FLOAT;
}

/* NULLIF(a, b): SQLite's nullif with the operands' collation (it compares under the
 * first collation it finds among its arguments). With a DECIMAL beside another number
 * it is CASE WHEN a = b THEN NULL ELSE a END, as MariaDB defines it (a is evaluated
 * again there too): SQLite's nullif would find the integer 3 and the decimal text '3.0'
 * different, where = compares them as numbers (the decimal's affinity and DECIMAL
 * collation). */
static lw_kind nullif_call(lw_walker *w, lw_call *call)
{
    call_args a;
    if (read_counted_args(w, call, &a, 2, 2))
        return LW_K_UNKNOWN;
    lw_kind k0 = a.e[0].type, k1 = a.e[1].type;
    int numbers =
        (k0 == LW_K_NUMERIC || lw_is_int_kind(k0)) && (k1 == LW_K_NUMERIC || lw_is_int_kind(k1));
    if (my_is_string(&a.e[0]) && my_is_string(&a.e[1])) {
        const char *coll = compare_collation(w, &a.e[0], &a.e[1], "nullif");
        lw_outf(w, "nullif(%s, %s COLLATE %s) ", a.text[0], a.text[1], coll);
    } else if (numbers && k0 != k1 && (k0 == LW_K_NUMERIC || k1 == LW_K_NUMERIC)) {
        lw_outf(w, "CASE WHEN %s = %s THEN NULL ELSE %s END ", a.text[0], a.text[1], a.text[0]);
    } else {
        lw_outf(w, "nullif(%s, %s) ", a.text[0], a.text[1]);
    }
    lw_kind kind = a.e[0].type;
    call->collation = a.e[0].collation;
    call->coercibility = a.e[0].coercibility;
    call->decimals = a.e[0].decimals;
    call_args_free(&a);
    return kind;
}

/* COALESCE(x): SQLite's coalesce wants two arguments. Its type is its arguments'
 * common one (my_common_kind: a DECIMAL, which the call then carries, so that 91 comes
 * out as the decimal 91 and compares with -71 as a number). */
static lw_kind coalesce_call(lw_walker *w, lw_call *call)
{
    call_args a;
    if (read_counted_args(w, call, &a, 1, -1))
        return LW_K_UNKNOWN;
    lw_out(w, "coalesce(");
    write_args(w, &a, 0);
    lw_out(w, a.n == 1 ? ", NULL) " : ") ");
    lw_kind kind = my_common_kind(a.e, a.n, &call->decimals);
    string_result(w, call, &a);
    call_args_free(&a);
    return kind;
}

/* VALUES(col) and VALUE(col) in ON DUPLICATE KEY UPDATE: the value the INSERT would
 * have stored, SQLite's excluded.col. */
static lw_kind values_call(lw_walker *w, lw_call *call)
{
    size_t first = w->p;
    call_args a;
    read_args(w, call, &a);
    if (a.n != 1 || w->p != first + 2 ||
        (w->tk[w->at[first]].type != LW_TK_WORD && w->tk[w->at[first]].type != LW_TK_QIDENT)) {
        call_args_free(&a);
        return my_syntax_error(w, 0), LW_K_UNKNOWN;
    }
    char *name = lw_ident_text(w, first);
    lw_outf(w, "excluded.\"%w\" ", name ? name : "");
    sqlite3_free(name);
    call->collation = a.e[0].collation;
    call->coercibility = a.e[0].coercibility;
    call->decimals = a.e[0].decimals;
    lw_kind kind = a.e[0].type;
    call_args_free(&a);
    return kind;
}

/* ---- Families of functions written by one writer with their own parameters ---------- */

typedef enum family {
    FAM_STRING,         /* string_call(write_as, min, max) */
    FAM_ASCII,          /* ascii_text_call(write_as, min, max) */
    FAM_CONNECTION,     /* connection_text_call(write_as, min, max, "") */
    FAM_CLASS,          /* one_with_class(write_as, result) */
    FAM_ROUND,          /* round_common(write_as) */
    FAM_LEFT_RIGHT,     /* left_right_call(write_as) */
    FAM_COLLATION,      /* collation_info(variant) */
    FAM_LOCATE,         /* locate_common(variant) */
    FAM_GREATEST,       /* greatest_common(variant) */
    FAM_DATE_ADD,       /* date_add_common(variant) */
    FAM_TIMESTAMP_UNIT, /* timestamp_unit_call(variant) */
    FAM_WEEK,           /* week_common(variant) */
    FAM_ADDTIME,        /* addtime_common(variant) */
} family;

/* A function of a family, by its name as the call spells it (lower case): the SQLite
 * function written, the argument counts (max -1: any number) or the family's variant
 * in `a`, and the result's kind (FAM_CLASS). */
typedef struct family_member {
    const char *name;
    family family;
    const char *write_as;
    int a, b;
    lw_kind result;
} family_member;

static const family_member family_members[] = {
    {"round", FAM_ROUND, "my_round", 0, 0, LW_K_UNKNOWN},
    {"truncate", FAM_ROUND, "my_truncate", 0, 0, LW_K_UNKNOWN},
    {"sign", FAM_CLASS, "my_sign", 0, 0, LW_K_INT8},
    {"bit_count", FAM_CLASS, "my_bit_count", 0, 0, LW_K_INT8},
    {"concat", FAM_STRING, "my_concat", 1, -1, LW_K_UNKNOWN},
    {"concat_ws", FAM_STRING, "my_concat_ws", 2, -1, LW_K_UNKNOWN},
    {"reverse", FAM_STRING, "my_reverse", 1, 1, LW_K_UNKNOWN},
    {"space", FAM_STRING, "my_space", 1, 1, LW_K_UNKNOWN},
    {"elt", FAM_STRING, "my_elt", 2, -1, LW_K_UNKNOWN},
    {"lpad", FAM_STRING, "my_lpad", 3, 3, LW_K_UNKNOWN},
    {"rpad", FAM_STRING, "my_rpad", 3, 3, LW_K_UNKNOWN},
    {"substring_index", FAM_STRING, "my_substring_index", 3, 3, LW_K_UNKNOWN},
    {"md5", FAM_ASCII, "my_md5", 1, 1, LW_K_UNKNOWN},
    {"sha1", FAM_ASCII, "my_sha1", 1, 1, LW_K_UNKNOWN},
    {"sha", FAM_ASCII, "my_sha1", 1, 1, LW_K_UNKNOWN},
    {"sha2", FAM_ASCII, "my_sha2", 2, 2, LW_K_UNKNOWN},
    {"repeat", FAM_STRING, "my_repeat", 2, 2, LW_K_UNKNOWN},
    {"soundex", FAM_STRING, "my_soundex", 1, 1, LW_K_UNKNOWN},
    {"upper", FAM_STRING, "upper", 1, 1, LW_K_UNKNOWN},
    {"ucase", FAM_STRING, "upper", 1, 1, LW_K_UNKNOWN},
    {"lower", FAM_STRING, "lower", 1, 1, LW_K_UNKNOWN},
    {"lcase", FAM_STRING, "lower", 1, 1, LW_K_UNKNOWN},
    {"charset", FAM_COLLATION, NULL, 0, 0, LW_K_UNKNOWN},
    {"collation", FAM_COLLATION, NULL, 1, 0, LW_K_UNKNOWN},
    {"coercibility", FAM_COLLATION, NULL, 2, 0, LW_K_UNKNOWN},
    {"insert", FAM_STRING, "my_insert", 4, 4, LW_K_UNKNOWN},
    {"make_set", FAM_STRING, "my_make_set", 2, -1, LW_K_UNKNOWN},
    {"quote", FAM_STRING, "my_quote", 1, 1, LW_K_UNKNOWN},
    {"to_base64", FAM_CONNECTION, "my_to_base64", 1, 1, LW_K_UNKNOWN},
    {"format", FAM_CONNECTION, "my_format", 2, 3, LW_K_UNKNOWN},
    {"addtime", FAM_ADDTIME, NULL, 1, 0, LW_K_UNKNOWN},
    {"subtime", FAM_ADDTIME, NULL, -1, 0, LW_K_UNKNOWN},
    {"time_format", FAM_CONNECTION, "my_time_format", 2, 2, LW_K_UNKNOWN},
    {"str_to_date", FAM_CONNECTION, "my_str_to_date", 2, 2, LW_K_UNKNOWN},
    {"date_add", FAM_DATE_ADD, NULL, 1, 0, LW_K_UNKNOWN},
    {"adddate", FAM_DATE_ADD, NULL, 1, 0, LW_K_UNKNOWN},
    {"date_sub", FAM_DATE_ADD, NULL, -1, 0, LW_K_UNKNOWN},
    {"subdate", FAM_DATE_ADD, NULL, -1, 0, LW_K_UNKNOWN},
    {"timestampdiff", FAM_TIMESTAMP_UNIT, NULL, 0, 0, LW_K_UNKNOWN},
    {"timestampadd", FAM_TIMESTAMP_UNIT, NULL, 1, 0, LW_K_UNKNOWN},
    {"date_format", FAM_CONNECTION, "my_date_format", 2, 2, LW_K_UNKNOWN},
    {"week", FAM_WEEK, NULL, 0, 0, LW_K_UNKNOWN},
    {"yearweek", FAM_WEEK, NULL, 1, 0, LW_K_UNKNOWN},
    {"left", FAM_LEFT_RIGHT, "my_left", 0, 0, LW_K_UNKNOWN},
    {"right", FAM_LEFT_RIGHT, "my_right", 0, 0, LW_K_UNKNOWN},
    {"locate", FAM_LOCATE, NULL, 0, 0, LW_K_UNKNOWN},
    {"instr", FAM_LOCATE, NULL, 1, 0, LW_K_UNKNOWN},
    {"greatest", FAM_GREATEST, NULL, 1, 0, LW_K_UNKNOWN},
    {"least", FAM_GREATEST, NULL, -1, 0, LW_K_UNKNOWN},
};

/* The parse hook of every family member: its writer with the member's parameters. */
static lw_kind family_call(lw_walker *w, lw_call *call)
{
    const family_member *f = NULL;
    for (size_t i = 0; i < sizeof family_members / sizeof family_members[0] && !f; i++)
        if (!strcmp(family_members[i].name, call->name))
            f = &family_members[i];
    if (!f)
        return lw_refuse(w, "the function %s()", call->name), LW_K_UNKNOWN;
    switch (f->family) {
    case FAM_STRING:
        return string_call(w, call, f->write_as, f->a, f->b);
    case FAM_ASCII:
        return ascii_text_call(w, call, f->write_as, f->a, f->b);
    case FAM_CONNECTION:
        return connection_text_call(w, call, f->write_as, f->a, f->b, "");
    case FAM_CLASS:
        return one_with_class(w, call, f->write_as, f->result);
    case FAM_ROUND:
        return round_common(w, call, f->write_as);
    case FAM_LEFT_RIGHT:
        return left_right_call(w, call, f->write_as);
    case FAM_COLLATION:
        return collation_info(w, call, f->a);
    case FAM_LOCATE:
        return locate_common(w, call, f->a);
    case FAM_GREATEST:
        return greatest_common(w, call, f->a);
    case FAM_DATE_ADD:
        return date_add_common(w, call, f->a);
    case FAM_TIMESTAMP_UNIT:
        return timestamp_unit_call(w, call, f->a);
    case FAM_WEEK:
        return week_common(w, call, f->a);
    case FAM_ADDTIME:
        return addtime_common(w, call, f->a);
    }
    return LW_K_UNKNOWN;
}

#define RENAME(name, to, result)                                                                   \
    {                                                                                              \
        name, to, 0, result, NULL, NULL, NULL                                                      \
    }
#define PARSE(name, hook)                                                                          \
    {                                                                                              \
        name, NULL, 0, LW_K_UNKNOWN, hook, NULL, NULL                                              \
    }

const lw_function my_functions[] = {
    PARSE("abs", abs_call),
    PARSE("round", family_call),
    PARSE("truncate", family_call),
    PARSE("ceil", ceil_call),
    PARSE("ceiling", ceil_call),
    PARSE("floor", floor_call),
    PARSE("sign", family_call),
    PARSE("mod", mod_call),
    PARSE("bit_count", family_call),
    PARSE("hex", hex_call),
    RENAME("pow", "my_pow", LW_K_FLOAT),
    RENAME("power", "my_pow", LW_K_FLOAT),
    RENAME("sqrt", "my_sqrt", LW_K_FLOAT),
    RENAME("exp", "my_exp", LW_K_FLOAT),
    RENAME("ln", "my_ln", LW_K_FLOAT),
    RENAME("log10", "my_log10", LW_K_FLOAT),
    RENAME("log2", "my_log2", LW_K_FLOAT),
    RENAME("degrees", "my_degrees", LW_K_FLOAT),
    RENAME("radians", "my_radians", LW_K_FLOAT),
    {"pi", "my_pi", 0, LW_K_FLOAT, NULL, pi_type, NULL},
    RENAME("interval", "my_interval", LW_K_INT8),
    {"sum", NULL, 0, LW_K_UNKNOWN, NULL, sum_type, NULL},
    {"avg", NULL, 0, LW_K_UNKNOWN, NULL, avg_type, NULL},
    {"min", NULL, 0, LW_K_UNKNOWN, NULL, extreme_type, NULL},
    {"max", NULL, 0, LW_K_UNKNOWN, NULL, extreme_type, NULL},
    PARSE("count", count_call),
    PARSE("isnull", isnull_call),
    PARSE("length", byte_length_call),
    PARSE("octet_length", byte_length_call),
    RENAME("char_length", "my_char_length", LW_K_INT8),
    RENAME("character_length", "my_char_length", LW_K_INT8),
    RENAME("find_in_set", "my_find_in_set", LW_K_INT8),
    PARSE("concat", family_call),
    PARSE("concat_ws", family_call),
    PARSE("reverse", family_call),
    PARSE("space", family_call),
    PARSE("year", datepart_call),
    PARSE("month", datepart_call),
    PARSE("day", datepart_call),
    PARSE("dayofmonth", datepart_call),
    PARSE("quarter", datepart_call),
    PARSE("dayofyear", datepart_call),
    PARSE("dayofweek", datepart_call),
    PARSE("weekday", datepart_call),
    PARSE("dayname", datepart_call),
    PARSE("monthname", datepart_call),
    PARSE("to_days", datepart_call),
    PARSE("last_day", datepart_call),
    PARSE("hour", datepart_call),
    PARSE("minute", datepart_call),
    PARSE("second", datepart_call),
    RENAME("datediff", "my_datediff", LW_K_INT8),
    RENAME("from_days", "my_from_days", LW_K_DATE),
    PARSE("substring", substring_call),
    PARSE("substr", substring_call),
    PARSE("mid", substring_call),
    PARSE("elt", family_call),
    PARSE("lpad", family_call),
    PARSE("rpad", family_call),
    PARSE("substring_index", family_call),
    RENAME("ascii", "my_ascii", LW_K_INT8),
    PARSE("bit_length", byte_length_call),
    RENAME("unhex", "my_unhex", LW_K_BYTEA),
    PARSE("md5", family_call),
    PARSE("sha1", family_call),
    PARSE("sha", family_call),
    PARSE("sha2", family_call),
    RENAME("ord", "my_ord", LW_K_INT8),
    PARSE("repeat", family_call),
    PARSE("soundex", family_call),
    PARSE("upper", family_call),
    PARSE("ucase", family_call),
    PARSE("lower", family_call),
    PARSE("lcase", family_call),
    PARSE("strcmp", strcmp_call),
    PARSE("charset", family_call),
    PARSE("collation", family_call),
    PARSE("coercibility", family_call),
    RENAME("if", "iif", LW_K_UNKNOWN),
    RENAME("last_insert_id", NULL, LW_K_INT8),
    RENAME("row_count", NULL, LW_K_INT8),
    PARSE("values", values_call),
    PARSE("nullif", nullif_call),
    PARSE("coalesce", coalesce_call),
    RENAME("bit_or", "my_bit_or", LW_K_UINT8),
    RENAME("bit_and", "my_bit_and", LW_K_UINT8),
    RENAME("bit_xor", "my_bit_xor", LW_K_UINT8),
    {"stddev_pop", NULL, 0, LW_K_UNKNOWN, NULL, variance_type, NULL},
    {"stddev", NULL, 0, LW_K_UNKNOWN, NULL, variance_type, NULL},
    {"std", NULL, 0, LW_K_UNKNOWN, NULL, variance_type, NULL},
    {"stddev_samp", NULL, 0, LW_K_UNKNOWN, NULL, variance_type, NULL},
    {"var_pop", NULL, 0, LW_K_UNKNOWN, NULL, variance_type, NULL},
    {"variance", NULL, 0, LW_K_UNKNOWN, NULL, variance_type, NULL},
    {"var_samp", NULL, 0, LW_K_UNKNOWN, NULL, variance_type, NULL},
    RENAME("connection_id", "my_connection_id", LW_K_INT8),
    PARSE("group_concat", group_concat_call),
    RENAME("sleep", "my_sleep", LW_K_INT8),
    PARSE("insert", family_call),
    PARSE("make_set", family_call),
    PARSE("quote", family_call),
    RENAME("crc32", "my_crc32", LW_K_INT8),
    PARSE("to_base64", family_call),
    RENAME("from_base64", "my_from_base64", LW_K_BYTEA),
    PARSE("char", char_call),
    PARSE("format", family_call),
    PARSE("uuid", uuid_call),
    PARSE("addtime", family_call),
    PARSE("subtime", family_call),
    RENAME("timediff", "my_timediff", LW_K_TIME),
    RENAME("convert_tz", "my_convert_tz", LW_K_TIMESTAMP),
    PARSE("time_format", family_call),
    PARSE("str_to_date", family_call),
    RENAME("time_to_sec", "my_time_to_sec", LW_K_INT8),
    PARSE("sec_to_time", sec_to_time_call),
    RENAME("date", "my_date", LW_K_DATE), /* CAST(x AS DATE): NULL and 1292 for no date */
    RENAME("makedate", "my_makedate", LW_K_DATE),
    RENAME("maketime", "my_maketime", LW_K_TIME),
    RENAME("period_add", "my_period_add", LW_K_INT8),
    RENAME("period_diff", "my_period_diff", LW_K_INT8),
    PARSE("microsecond", datepart_call),
    PARSE("date_add", family_call),
    PARSE("adddate", family_call),
    PARSE("date_sub", family_call),
    PARSE("subdate", family_call),
    PARSE("timestampdiff", family_call),
    PARSE("timestampadd", family_call),
    PARSE("extract", extract_call),
    PARSE("date_format", family_call),
    PARSE("unix_timestamp", unix_timestamp_call),
    PARSE("from_unixtime", from_unixtime_call),
    PARSE("week", family_call),
    PARSE("yearweek", family_call),
    PARSE("now", clock_call),
    PARSE("sysdate", clock_call),
    PARSE("current_timestamp", clock_call),
    PARSE("localtime", clock_call),
    PARSE("localtimestamp", clock_call),
    PARSE("curdate", clock_call),
    PARSE("current_date", clock_call),
    PARSE("curtime", clock_call),
    PARSE("current_time", clock_call),
    PARSE("utc_timestamp", clock_call),
    PARSE("utc_date", clock_call),
    PARSE("utc_time", clock_call),
    PARSE("left", family_call),
    PARSE("right", family_call),
    PARSE("locate", family_call),
    PARSE("instr", family_call),
    PARSE("position", position_call),
    PARSE("trim", trim_call),
    PARSE("field", field_call),
    PARSE("greatest", family_call),
    PARSE("least", family_call),
    PARSE("value", values_call),
    PARSE("database", system_constant_call),
    PARSE("schema", system_constant_call),
    PARSE("version", system_constant_call),
    /* json.c, regexp.c */
    PARSE("json_extract", my_json_call),
    PARSE("json_value", my_json_call),
    PARSE("json_query", my_json_call),
    PARSE("json_unquote", my_json_call),
    PARSE("json_contains", my_json_call),
    PARSE("json_contains_path", my_json_call),
    PARSE("json_search", my_json_call),
    PARSE("json_set", my_json_call),
    PARSE("json_insert", my_json_call),
    PARSE("json_replace", my_json_call),
    PARSE("json_remove", my_json_call),
    PARSE("json_array_append", my_json_call),
    PARSE("json_array_insert", my_json_call),
    PARSE("json_merge_patch", my_json_call),
    PARSE("json_merge_preserve", my_json_call),
    PARSE("json_merge", my_json_call),
    PARSE("json_length", my_json_call),
    PARSE("json_depth", my_json_call),
    PARSE("json_type", my_json_call),
    PARSE("json_valid", my_json_call),
    PARSE("json_keys", my_json_call),
    PARSE("json_compact", my_json_call),
    PARSE("json_loose", my_json_call),
    PARSE("json_detailed", my_json_call),
    PARSE("json_pretty", my_json_call),
    PARSE("json_exists", my_json_call),
    PARSE("json_equals", my_json_call),
    PARSE("json_overlaps", my_json_call),
    PARSE("json_object", my_json_call),
    PARSE("json_array", my_json_call),
    PARSE("json_arrayagg", my_json_aggregate_call),
    PARSE("json_table", my_json_table_call),
    PARSE("regexp_replace", my_regexp_call),
    PARSE("regexp_substr", my_regexp_call),
    PARSE("regexp_instr", my_regexp_call),
    PARSE("json_objectagg", my_json_aggregate_call),
    {NULL, NULL, 0, LW_K_UNKNOWN, NULL, NULL, NULL},
};
