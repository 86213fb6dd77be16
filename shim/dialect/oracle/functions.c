/*
 * The oracle dialect's functions (SQLRF "SQL Functions") as the shared call writer
 * reads them (calls.c): Oracle's name -> the runtime's ora_* function or SQLite's, the
 * kind of the result, and writers for the calls whose syntax or arguments need more:
 *
 *   NVL2, LNNVL, DECODE      CASE forms (DECODE: NULL matches NULL, stops at the first
 *                            match)
 *   GREATEST, LEAST          compared as the first argument's type
 *   TRIM(... FROM ...), EXTRACT(field FROM x)
 *   TO_CHAR                  by the argument's type: datetime or number format models
 *   TO_NUMBER, TO_DATE, TO_TIMESTAMP   with DEFAULT ... ON CONVERSION ERROR
 *   TO_DSINTERVAL, TO_YMINTERVAL, NUMTODSINTERVAL, NUMTOYMINTERVAL   intervals
 *                            (runtime_interval.c)
 *   ROUND, TRUNC             of a number or of a date
 *   REGEXP_LIKE, REGEXP_SUBSTR, REGEXP_INSTR, REGEXP_REPLACE, REGEXP_COUNT   the regexp
 *                            module's functions with Oracle's match parameters
 *                            (ora_reflags) and argument defaults
 *
 * A name the table lacks is written as it is: SQLite's own function or "no such
 * function", which is ORA-00904.
 */
#include <stdio.h>
#include <string.h>

#include "dialect/oracle/oracle.h"

/* One argument as written: its text (owned) and kind. */
typedef struct arg {
    char *text;
    lw_kind kind;
    size_t first_tok, end_tok; /* its tokens [first, end) */
} arg;

#define MAX_ARGS 16

/* Reads the arguments up to the closing parenthesis (consumed) into args; each is
 * written and taken back. Stops at a word that continues the call's syntax (DEFAULT,
 * FROM, USING) without consuming it. Returns the count, -1 past MAX_ARGS. */
static int read_args(lw_walker *w, arg *args, int max)
{
    int n = 0;
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN)) {
        if (n == max) {
            /* the caller frees nothing then: the texts taken so far go here */
            for (int i = 0; i < n; i++)
                sqlite3_free(args[i].text);
            ora_walk_error(w, 939, "too many arguments for function");
            return -1;
        }
        size_t s = lw_here(w);
        args[n].first_tok = w->p;
        lw_expr e = lw_parse_expr(w, 0);
        args[n].end_tok = w->p;
        args[n].kind = e.is_bool ? LW_K_BOOL : e.type;
        args[n].text = lw_take_from(w, s);
        n++;
        if (lw_type_at(w, 0, LW_TK_COMMA)) {
            lw_skip(w);
            continue;
        }
        break;
    }
    return n;
}

static void free_args(arg *args, int n)
{
    for (int i = 0; i < n; i++)
        sqlite3_free(args[i].text);
}

static void close_paren(lw_walker *w)
{
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_skip(w);
    else
        ora_walk_error(w, 907, "missing right parenthesis");
}

static const char *text_or(const arg *a, int n, int i, const char *dflt)
{
    return i < n && a[i].text ? a[i].text : dflt;
}

/* NVL2(a, b, c) */
static lw_kind nvl2_call(lw_walker *w, lw_call *call)
{
    (void)call;
    arg a[3];
    int n = read_args(w, a, 3);
    close_paren(w);
    lw_kind k = LW_K_UNKNOWN;
    if (n == 3) {
        lw_outf(w, "iif((%s) IS NOT NULL, %s, %s) ", a[0].text, a[1].text, a[2].text);
        k = lw_common_kind(a[1].kind, a[2].kind);
    } else if (n >= 0) {
        ora_walk_error(w, 909, "invalid number of arguments");
    }
    free_args(a, n < 0 ? 0 : n);
    return k;
}

/* LNNVL(condition): TRUE when the condition is FALSE or UNKNOWN. */
static lw_kind lnnvl_call(lw_walker *w, lw_call *call)
{
    (void)call;
    size_t s = lw_here(w);
    lw_parse_expr(w, 0);
    close_paren(w);
    lw_insert_at(w, s, "(NOT coalesce((");
    lw_out(w, "), 0)) ");
    return LW_K_BOOL;
}

/* DECODE(expr, search, result [, search, result]... [, default]) */
static lw_kind decode_call(lw_walker *w, lw_call *call)
{
    (void)call;
    arg a[MAX_ARGS * 4];
    int n = read_args(w, a, MAX_ARGS * 4);
    close_paren(w);
    lw_kind k = LW_K_UNKNOWN;
    if (n >= 3) {
        lw_out(w, "CASE ");
        int i = 1;
        for (; i + 1 < n; i += 2)
            lw_outf(w, "WHEN (%s) IS (%s) THEN %s ", a[0].text, a[i].text, a[i + 1].text);
        if (i < n)
            lw_outf(w, "ELSE %s ", a[i].text);
        lw_out(w, "END ");
        k = a[2].kind == LW_K_UNKNOWN_LITERAL ? LW_K_VARCHAR : a[2].kind;
        if (k == LW_K_NULL)
            k = LW_K_UNKNOWN;
    } else if (n >= 0) {
        ora_walk_error(w, 938, "not enough arguments for function");
    }
    free_args(a, n < 0 ? 0 : n);
    return k;
}

/* GREATEST / LEAST: NULL when an argument is; compared as the first argument's type. */
static lw_kind extreme_call(lw_walker *w, lw_call *call)
{
    int greatest = !strcmp(call->name, "greatest");
    arg a[MAX_ARGS * 4];
    int n = read_args(w, a, MAX_ARGS * 4);
    close_paren(w);
    lw_kind k = n > 0 ? a[0].kind : LW_K_UNKNOWN;
    if (k == LW_K_UNKNOWN_LITERAL)
        k = LW_K_VARCHAR;
    if (n > 0) {
        lw_outf(w, "%s(",
                k == LW_K_NUMERIC ? (greatest ? "ora_greatest" : "ora_least")
                                  : (greatest ? "max" : "min"));
        for (int i = 0; i < n; i++)
            lw_outf(w, "%s%s", i ? ", " : "", a[i].text);
        lw_out(w, n == 1 ? ", NULL) " : ") ");
    }
    free_args(a, n < 0 ? 0 : n);
    return k;
}

/* TRIM([[LEADING | TRAILING | BOTH] [c] FROM] s) */
static lw_kind trim_call(lw_walker *w, lw_call *call)
{
    (void)call;
    char mode = 'B';
    if (lw_word(w, "leading") || lw_word(w, "trailing") || lw_word(w, "both")) {
        mode = lw_word(w, "leading") ? 'L' : lw_word(w, "trailing") ? 'T' : 'B';
        lw_skip(w);
    }
    char *c = NULL;
    if (!lw_word(w, "from")) {
        size_t s = lw_here(w);
        lw_expr e = lw_parse_expr(w, 0);
        ora_to_text(w, s, e.type);
        c = lw_take_from(w, s);
    }
    if (lw_word(w, "from")) {
        lw_skip(w);
        size_t s = lw_here(w);
        lw_expr e = lw_parse_expr(w, 0);
        ora_to_text(w, s, e.type);
        char *src = lw_take_from(w, s);
        lw_outf(w, "ora_trim('%c', %s, %s) ", mode, c ? c : "' '", src ? src : "NULL");
        sqlite3_free(src);
    } else {
        lw_outf(w, "ora_trim('B', ' ', %s) ", c ? c : "NULL");
    }
    sqlite3_free(c);
    close_paren(w);
    return LW_K_VARCHAR;
}

/* EXTRACT(field FROM x), x a datetime or an INTERVAL (interval.c) */
static lw_kind extract_call(lw_walker *w, lw_call *call)
{
    (void)call;
    const lw_token *f = lw_tok(w, 0);
    if (!f || f->type != LW_TK_WORD || !lw_word_at(w, 1, "from")) {
        ora_walk_error(w, 907, "missing right parenthesis");
        return LW_K_UNKNOWN;
    }
    char field[32];
    snprintf(field, sizeof field, "%.*s", (int)(f->length < 31 ? f->length : 31),
             w->sql + f->offset);
    w->p += 2;
    size_t s = lw_here(w);
    lw_expr x = lw_parse_expr(w, 0);
    char *src = lw_take_from(w, s);
    close_paren(w);
    char k = ora_is_interval(x.type)      ? 'I'
             : x.type == LW_K_DATE        ? 'D'
             : x.type == LW_K_TIMESTAMPTZ ? 'Z'
                                          : 'T';
    lw_outf(w, "ora_extract(%Q, %s, '%c') ", field, src ? src : "NULL", k);
    sqlite3_free(src);
    int region =
        !sqlite3_stricmp(field, "timezone_region") || !sqlite3_stricmp(field, "timezone_abbr");
    return region ? LW_K_VARCHAR : LW_K_NUMERIC;
}

/* The declared type of the column an argument names (a bare or qualified column), or
 * NULL (sqlite3_free). */
static char *argument_decl(lw_walker *w, const arg *a)
{
    size_t n = a->end_tok - a->first_tok;
    if (!(n == 1 || (n == 3 && w->tk[w->at[a->first_tok + 1]].type == LW_TK_DOT)))
        return NULL;
    size_t col = a->end_tok - 1;
    char *qual = n == 3 ? lw_ident_text(w, a->first_tok) : NULL;
    char *decl = NULL;
    for (int i = w->n_scope - 1; i >= 0 && !decl; i--) {
        const lw_scope_item *it = &w->scope[i];
        if (!it->table_tok)
            continue;
        if (qual) {
            char *alias = lw_ident_text(w, it->alias_tok);
            int match = alias && !sqlite3_stricmp(alias, qual);
            sqlite3_free(alias);
            if (!match)
                continue;
        }
        char *table = lw_ident_text(w, it->table_tok);
        char *c = lw_ident_text(w, col);
        decl = table && c ? lw_schema_declared_type(w->schema, table, c, 0) : NULL;
        sqlite3_free(table);
        sqlite3_free(c);
    }
    sqlite3_free(qual);
    return decl;
}

/* TO_CHAR(x [, fmt [, nls]]) by x's type. */
static lw_kind to_char_call(lw_walker *w, lw_call *call)
{
    (void)call;
    arg a[3];
    int n = read_args(w, a, 3);
    close_paren(w);
    if (n < 1) {
        free_args(a, n < 0 ? 0 : n);
        ora_walk_error(w, 938, "not enough arguments for function");
        return LW_K_UNKNOWN;
    }
    lw_kind k = a[0].kind;
    if (k == LW_K_DATE || k == LW_K_TIMESTAMP || k == LW_K_TIMESTAMPTZ) {
        int precision = 9;
        char letter = k == LW_K_DATE ? 'D' : k == LW_K_TIMESTAMPTZ ? 'Z' : 'T';
        char *decl = argument_decl(w, &a[0]);
        ora_type ty;
        if (decl && ora_type_of_declared(decl, &ty) == 0) {
            if (ty.p >= 0 && ty.kind != LW_K_DATE)
                precision = (int)ty.p;
            if (ty.tz == 'L')
                letter = 'L';
        }
        sqlite3_free(decl);
        lw_outf(w, "ora_to_char_dt(%s, %s, %s, '%c', %d) ", a[0].text, text_or(a, n, 1, "NULL"),
                text_or(a, n, 2, "NULL"), letter, precision);
    } else if (k == LW_K_NUMERIC || k == LW_K_FLOAT || n > 1) {
        lw_outf(w, "ora_to_char_num(%s, %s, %s) ", a[0].text, text_or(a, n, 1, "NULL"),
                text_or(a, n, 2, "NULL"));
    } else {
        lw_outf(w, "ora_to_char_any(%s) ", a[0].text);
    }
    free_args(a, n);
    return LW_K_VARCHAR;
}

/* DEFAULT d ON CONVERSION ERROR of a conversion function, DEFAULT current: d's text
 * (sqlite3_free), or NULL when out of memory or after ORA-43907. */
static char *conversion_default(lw_walker *w)
{
    lw_skip(w);
    size_t s = lw_here(w);
    lw_parse_expr(w, 0);
    char *dflt = lw_take_from(w, s);
    if (lw_word(w, "on") && lw_word_at(w, 1, "conversion") && lw_word_at(w, 2, "error"))
        w->p += 3;
    else
        ora_walk_error(w, 43907, "This argument must be a literal or bind variable.");
    return dflt;
}

/* TO_DSINTERVAL(x [DEFAULT d ON CONVERSION ERROR]), TO_YMINTERVAL(...),
 * NUMTODSINTERVAL(n, unit), NUMTOYMINTERVAL(n, unit) (runtime_interval.c) */
static lw_kind interval_call(lw_walker *w, lw_call *call)
{
    int numto = !strncmp(call->name, "numto", 5);
    char kind = strstr(call->name, "ds") ? 'D' : 'Y';
    arg a[2];
    int n = read_args(w, a, 2);
    char *dflt = !numto && n == 1 && lw_word(w, "default") ? conversion_default(w) : NULL;
    close_paren(w);
    if (n >= 0 && n != 1 + numto) {
        ora_walk_error(w, n < 1 + numto ? 938 : 939,
                       n < 1 + numto ? "not enough arguments for function"
                                     : "too many arguments for function");
    } else if (n >= 0 && numto) {
        lw_outf(w, "ora_numtointerval(%s, %s, '%c') ", a[0].text, a[1].text, kind);
    } else if (n >= 0) {
        lw_outf(w, "ora_to_interval(%s, '%c'%s%s) ", a[0].text, kind, dflt ? ", " : "",
                dflt ? dflt : "");
    }
    free_args(a, n < 0 ? 0 : n);
    sqlite3_free(dflt);
    return kind == 'D' ? LW_K_INTERVAL : LW_K_INTERVAL_YM;
}

/* TO_NUMBER, TO_DATE, TO_TIMESTAMP (x [DEFAULT d ON CONVERSION ERROR] [, fmt [, nls]]) */
static lw_kind conversion_call(lw_walker *w, lw_call *call)
{
    const char *fn = !strcmp(call->name, "to_number") ? "ora_to_number"
                     : !strcmp(call->name, "to_date") ? "ora_to_date"
                                                      : "ora_to_ts";
    size_t s = lw_here(w);
    lw_parse_expr(w, 0);
    char *x = lw_take_from(w, s);
    char *dflt = lw_word(w, "default") ? conversion_default(w) : NULL;
    arg a[2];
    int n = 0;
    if (lw_type_at(w, 0, LW_TK_COMMA)) {
        lw_skip(w);
        n = read_args(w, a, 2);
    }
    close_paren(w);
    if (n >= 0 && x)
        lw_outf(w, "%s(%s, %s, %s%s%s) ", fn, x, text_or(a, n, 0, "NULL"), text_or(a, n, 1, "NULL"),
                dflt ? ", " : "", dflt ? dflt : "");
    free_args(a, n < 0 ? 0 : n);
    sqlite3_free(x);
    sqlite3_free(dflt);
    return fn[4] == 'n' ? LW_K_NUMERIC : fn[7] == 'd' ? LW_K_DATE : LW_K_TIMESTAMP;
}

/* ROUND and TRUNC: of a date when the first argument is one. */
static lw_kind round_call(lw_walker *w, lw_call *call)
{
    int trunc = !strcmp(call->name, "trunc");
    arg a[2];
    int n = read_args(w, a, 2);
    close_paren(w);
    if (n < 1) {
        free_args(a, n < 0 ? 0 : n);
        ora_walk_error(w, 938, "not enough arguments for function");
        return LW_K_UNKNOWN;
    }
    int date =
        a[0].kind == LW_K_DATE || a[0].kind == LW_K_TIMESTAMP || a[0].kind == LW_K_TIMESTAMPTZ;
    int binary = a[0].kind == LW_K_FLOAT;
    lw_outf(w, "%s(%s%s%s) ",
            date     ? (trunc ? "ora_trunc_date" : "ora_round_date")
            : binary ? (trunc ? "ora_trunc_num" : "ora_round_double")
                     : (trunc ? "ora_trunc_num" : "ora_round_num"),
            a[0].text, n > 1 ? ", " : "", n > 1 ? a[1].text : "");
    free_args(a, n);
    return date ? LW_K_DATE : binary && !trunc ? LW_K_FLOAT : LW_K_NUMERIC;
}

/* CONCAT(a, b): dates through their NLS format. */
static lw_kind concat_call(lw_walker *w, lw_call *call)
{
    (void)call;
    lw_out(w, "ora_concat(");
    int n = 0;
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN)) {
        size_t s = lw_here(w);
        lw_expr e = lw_parse_expr(w, 0);
        ora_to_text(w, s, e.type);
        n++;
        if (!lw_next_item(w))
            break;
    }
    close_paren(w);
    lw_out(w, ") ");
    if (n != 2)
        ora_walk_error(w, 909, "invalid number of arguments");
    return LW_K_VARCHAR;
}

/* The REGEXP_ functions: Oracle's argument order is the regexp module's; the match
 * parameter goes through ora_reflags, positions and counts as integers, and an empty
 * result is NULL. */
static lw_kind regexp_call(lw_walker *w, lw_call *call)
{
    arg a[8];
    int n = read_args(w, a, 8);
    close_paren(w);
    lw_kind k = LW_K_UNKNOWN;
    if (n < 2) {
        free_args(a, n < 0 ? 0 : n);
        ora_walk_error(w, 938, "not enough arguments for function");
        return k;
    }
    char ints[6][160];
    for (int i = 0; i < 6; i++)
        ints[i][0] = 0;
#define INT_ARG(i, dflt)                                                                           \
    (i < n                                                                                         \
         ? (snprintf(ints[i % 6], sizeof ints[0], "CAST(%s AS INTEGER)", a[i].text), ints[i % 6])  \
         : dflt)
    const char *name = call->name;
    if (!strcmp(name, "regexp_like")) {
        lw_outf(w, "regexp_like(%s, %s, ora_reflags(%s)) ", a[0].text, a[1].text,
                text_or(a, n, 2, "NULL"));
        k = LW_K_BOOL;
    } else if (!strcmp(name, "regexp_substr")) {
        lw_outf(w, "nullif(regexp_substr(%s, %s, %s, ", a[0].text, a[1].text, INT_ARG(2, "1"));
        lw_outf(w, "%s, ora_reflags(%s), ", INT_ARG(3, "1"), text_or(a, n, 4, "NULL"));
        lw_outf(w, "%s), '') ", INT_ARG(5, "0"));
        k = LW_K_VARCHAR;
    } else if (!strcmp(name, "regexp_instr")) {
        lw_outf(w, "regexp_instr(%s, %s, %s, ", a[0].text, a[1].text, INT_ARG(2, "1"));
        lw_outf(w, "%s, ", INT_ARG(3, "1"));
        lw_outf(w, "%s, ora_reflags(%s), ", INT_ARG(4, "0"), text_or(a, n, 5, "NULL"));
        lw_outf(w, "%s) ", INT_ARG(6, "0"));
        k = LW_K_NUMERIC;
    } else if (!strcmp(name, "regexp_replace")) {
        lw_outf(w, "nullif(regexp_replace(%s, %s, coalesce(%s, ''), %s, ", a[0].text, a[1].text,
                text_or(a, n, 2, "NULL"), INT_ARG(3, "1"));
        lw_outf(w, "%s, ora_reflags(%s)), '') ", INT_ARG(4, "0"), text_or(a, n, 5, "NULL"));
        k = LW_K_VARCHAR;
    } else {
        lw_outf(w, "regexp_count(%s, %s, %s, ora_reflags(%s)) ", a[0].text, a[1].text,
                INT_ARG(2, "1"), text_or(a, n, 3, "NULL"));
        k = LW_K_NUMERIC;
    }
#undef INT_ARG
    free_args(a, n);
    return k;
}

/* The ORDER BY keys of WITHIN GROUP (...) or KEEP (...), the words ORDER BY current:
 * ", key, 'HOW'" for each (runtime_agg.c), up to the closing parenthesis (consumed). */
static void order_keys(lw_walker *w)
{
    if (!lw_word(w, "order") || !lw_word_at(w, 1, "by")) {
        ora_walk_error(w, 924, "missing BY keyword");
        return;
    }
    w->p += 2;
    while (!w->rc && !lw_at_end(w)) {
        size_t s = lw_here(w);
        lw_expr e = lw_parse_expr(w, 0);
        char *key = lw_take_from(w, s);
        char how[4] = {'A', e.type == LW_K_NUMERIC ? 'N' : 'T', 'L', 0};
        if (lw_word(w, "desc") || lw_word(w, "asc")) {
            if (lw_word(w, "desc"))
                how[0] = 'D', how[2] = 'F';
            lw_skip(w);
        }
        if (lw_word(w, "nulls")) {
            how[2] = lw_word_at(w, 1, "first") ? 'F' : 'L';
            w->p += 2;
        }
        lw_outf(w, ", %s, '%s'", key ? key : "NULL", how);
        sqlite3_free(key);
        if (!lw_type_at(w, 0, LW_TK_COMMA))
            break;
        lw_skip(w);
    }
    close_paren(w);
}

/* LISTAGG([ALL | DISTINCT] x [, delimiter]) WITHIN GROUP (ORDER BY ...) */
static lw_kind listagg_call(lw_walker *w, lw_call *call)
{
    (void)call;
    int distinct = lw_word(w, "distinct");
    if (distinct || lw_word(w, "all"))
        lw_skip(w);
    size_t s = lw_here(w);
    lw_expr e = lw_parse_expr(w, 0);
    ora_to_text(w, s, e.type);
    char *x = lw_take_from(w, s);
    char *delim = NULL;
    if (lw_type_at(w, 0, LW_TK_COMMA)) {
        lw_skip(w);
        s = lw_here(w);
        lw_parse_expr(w, 0);
        delim = lw_take_from(w, s);
    }
    if (lw_word(w, "on") && lw_word_at(w, 1, "overflow")) {
        if (!lw_word_at(w, 2, "error"))
            lw_refuse(w, "LISTAGG ... ON OVERFLOW TRUNCATE");
        w->p += 3;
    }
    close_paren(w);
    if (!w->rc &&
        !(lw_word(w, "within") && lw_word_at(w, 1, "group") && lw_type_at(w, 2, LW_TK_LPAREN)))
        ora_walk_error(w, 2000, "missing WITHIN keyword");
    if (!w->rc) {
        w->p += 3;
        lw_outf(w, "ora_listagg(%s, %s, %d", x ? x : "NULL", delim ? delim : "NULL", distinct);
        order_keys(w);
        lw_out(w, ") ");
    }
    sqlite3_free(x);
    sqlite3_free(delim);
    return LW_K_VARCHAR;
}

/* MIN, MAX, SUM, AVG, COUNT, and AGG(x) KEEP (DENSE_RANK {FIRST | LAST} ORDER BY ...). */
static lw_kind aggregate_call(lw_walker *w, lw_call *call)
{
    const char *name = call->name;
    const char *as = !strcmp(name, "sum") ? "ora_sum" : !strcmp(name, "avg") ? "ora_avg" : name;
    size_t start = lw_here(w);
    lw_outf(w, "%s(", as);
    if (lw_word(w, "distinct") || lw_word(w, "all"))
        lw_emit(w);
    lw_kind k = LW_K_UNKNOWN;
    int n = 0;
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN)) {
        if (lw_op_at(w, 0, "*")) {
            lw_emit(w);
        } else {
            lw_expr e = lw_parse_expr(w, 0);
            if (n == 0)
                k = e.is_bool ? LW_K_BOOL : e.type;
        }
        n++;
        if (!lw_next_item(w))
            break;
    }
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_emit(w);
    else
        ora_walk_error(w, 907, "missing right parenthesis");
    lw_kind result = !strcmp(name, "min") || !strcmp(name, "max") ? k : LW_K_NUMERIC;
    if (ora_is_interval(k) && as != name && !w->rc) {
        /* SUM and AVG of an interval: an interval of its type (runtime_interval.c) */
        lw_rename_call(w, start, strlen(as),
                       as[4] == 's' ? "ora_interval_sum" : "ora_interval_avg");
        result = k;
    }
    if (w->rc || !lw_word(w, "keep"))
        return result;
    /* AGG(x) KEEP (DENSE_RANK FIRST | LAST ORDER BY ...) */
    char *written = lw_take_from(w, start);
    const char *open = written ? strchr(written, '(') : NULL;
    char *measure = open ? sqlite3_mprintf("%.*s", (int)(strlen(open) - 3), open + 1) : NULL;
    w->p++;
    if (!lw_type_at(w, 0, LW_TK_LPAREN) || !lw_word_at(w, 1, "dense_rank") ||
        !(lw_word_at(w, 2, "first") || lw_word_at(w, 2, "last")))
        ora_walk_error(w, 2000, "missing DENSE_RANK keyword");
    else {
        int first = lw_word_at(w, 2, "first");
        w->p += 3;
        char upper[8];
        snprintf(upper, sizeof upper, "%s", name);
        for (char *c = upper; *c; c++)
            *c = (char)(*c - 32);
        lw_outf(w, "ora_keep('%s', %s, %d", upper, measure ? measure : "NULL", first);
        order_keys(w);
        lw_out(w, ") ");
    }
    sqlite3_free(written);
    sqlite3_free(measure);
    return result;
}

#define FN(name, as, flags, result)                                                                \
    {                                                                                              \
        name, as, flags, result, NULL, NULL, NULL                                                  \
    }
#define SPECIAL(name, parse)                                                                       \
    {                                                                                              \
        name, NULL, 0, LW_K_UNKNOWN, parse, NULL, NULL                                             \
    }
/* A function the runtime has as ora_<name> (runtime.h), with a fixed result. */
#define ORA(name, result) FN(#name, "ora_" #name, 0, result)
#define NUM LW_K_NUMERIC
#define TXT LW_K_VARCHAR

const lw_function ora_functions[] = {
    /* NULL functions */
    FN("nvl", "coalesce", LW_FN_COMMON_KIND | LW_FN_PASS_BOOL, LW_K_UNKNOWN),
    FN("coalesce", "coalesce", LW_FN_COMMON_KIND | LW_FN_PASS_BOOL, LW_K_UNKNOWN),
    FN("nullif", "nullif", LW_FN_FIRST_KIND, LW_K_UNKNOWN),
    SPECIAL("nvl2", nvl2_call),
    SPECIAL("lnnvl", lnnvl_call),
    SPECIAL("decode", decode_call),
    SPECIAL("greatest", extreme_call),
    SPECIAL("least", extreme_call),
    /* character functions */
    SPECIAL("concat", concat_call),
    ORA(length, NUM),
    ORA(lengthb, NUM),
    FN("lengthc", "ora_length", 0, NUM),
    ORA(substr, TXT),
    FN("substrc", "ora_substr", 0, TXT),
    ORA(instr, NUM),
    ORA(upper, TXT),
    ORA(lower, TXT),
    ORA(initcap, TXT),
    ORA(lpad, TXT),
    ORA(rpad, TXT),
    SPECIAL("trim", trim_call),
    ORA(ltrim, TXT),
    ORA(rtrim, TXT),
    ORA(replace, TXT),
    ORA(translate, TXT),
    ORA(chr, TXT),
    ORA(ascii, NUM),
    FN("to_clob", "ora_to_char_any", 0, LW_K_TEXT),
    FN("to_nclob", "ora_to_char_any", 0, LW_K_TEXT),
    FN("hextoraw", "ora_hextoraw", 0, LW_K_BYTEA),
    ORA(rawtohex, TXT),
    FN("sys_guid", "ora_sys_guid", 0, LW_K_BYTEA),
    /* conversion */
    SPECIAL("to_char", to_char_call),
    SPECIAL("to_nchar", to_char_call),
    SPECIAL("to_number", conversion_call),
    SPECIAL("to_date", conversion_call),
    SPECIAL("to_timestamp", conversion_call),
    FN("to_binary_double", "ora_binary_double", 0, LW_K_FLOAT),
    FN("to_binary_float", "ora_binary_double", 0, LW_K_FLOAT),
    FN("to_boolean", "ora_to_boolean", LW_FN_BOOL, LW_K_BOOL),
    /* numeric functions */
    ORA(mod, NUM),
    ORA(remainder, NUM),
    ORA(ceil, NUM),
    ORA(floor, NUM),
    ORA(abs, NUM),
    ORA(sign, NUM),
    ORA(power, NUM),
    ORA(sqrt, NUM),
    ORA(exp, NUM),
    ORA(ln, NUM),
    ORA(log, NUM),
    SPECIAL("round", round_call),
    SPECIAL("trunc", round_call),
    /* aggregates and analytic functions */
    SPECIAL("sum", aggregate_call),
    SPECIAL("avg", aggregate_call),
    SPECIAL("count", aggregate_call),
    SPECIAL("min", aggregate_call),
    SPECIAL("max", aggregate_call),
    SPECIAL("listagg", listagg_call),
    FN("row_number", "row_number", 0, NUM),
    FN("rank", "rank", 0, NUM),
    FN("dense_rank", "dense_rank", 0, NUM),
    FN("lag", "lag", LW_FN_FIRST_KIND, LW_K_UNKNOWN),
    FN("lead", "lead", LW_FN_FIRST_KIND, LW_K_UNKNOWN),
    FN("first_value", "first_value", LW_FN_FIRST_KIND, LW_K_UNKNOWN),
    FN("last_value", "last_value", LW_FN_FIRST_KIND, LW_K_UNKNOWN),
    /* datetime functions */
    FN("add_months", "ora_add_months", 0, LW_K_DATE),
    ORA(months_between, NUM),
    FN("last_day", "ora_last_day", 0, LW_K_DATE),
    FN("next_day", "ora_next_day", 0, LW_K_DATE),
    SPECIAL("extract", extract_call),
    SPECIAL("numtodsinterval", interval_call),
    SPECIAL("numtoyminterval", interval_call),
    SPECIAL("to_dsinterval", interval_call),
    SPECIAL("to_yminterval", interval_call),
    /* regular expressions */
    SPECIAL("regexp_like", regexp_call),
    SPECIAL("regexp_substr", regexp_call),
    SPECIAL("regexp_instr", regexp_call),
    SPECIAL("regexp_replace", regexp_call),
    SPECIAL("regexp_count", regexp_call),
    {NULL, NULL, 0, LW_K_UNKNOWN, NULL, NULL, NULL},
};
