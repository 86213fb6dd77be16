/*
 * The postgresql dialect's function calls as a table for the shared layer
 * (dialect/calls.c): the calls with syntax of their own, the ones renamed or refused,
 * and the result types PostgreSQL 15 gives them. The functions themselves are the
 * runtime's (runtime_*.c) or SQLite's.
 *
 *   extract(f FROM x)               pg_extract_<kind>('f', x), a numeric
 *   date_part, date_trunc, age, to_char   pg_part_<kind>, pg_trunc_<kind>, pg_age_<kind>,
 *                                   pg_to_char_<kind> by the argument's type
 *                                   (runtime_timefns.c); pg_*_any when it is unknown
 *   timezone(zone, x)               x AT TIME ZONE zone
 *   make_interval(days => 1, ...)   pg_make_interval(years, months, weeks, days, hours,
 *                                   mins, secs)
 *   pg_typeof(x)                    pg_typeof_kind(x, 'type'): the rewriter's type
 *   generate_series(a, b [, step])  over timestamps pg_series_ts / pg_series_tz; in a
 *                                   select list without FROM, the FROM of the query
 *   sum, avg, greatest, least of intervals   pg_sum_iv, pg_avg_iv, pg_greatest_iv...
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
 *                                   format, pg_sleep, regexp_match, regexp_matches,
 *                                   regexp_split_to_array, regexp_split_to_table,
 *                                   string_to_array (arrays and sets of rows);
 *                                   power and friends of a numeric; to_char of a number
 */
#include <stdio.h>
#include <string.h>

#include "dialect/postgresql/postgresql.h"

/* The suffix of a date/time function's variant for an argument of kind k: ts, tz, d,
 * t, ttz, iv, or any (decided at run time) for a kind the rewriter cannot tell. A
 * quoted string is a timestamptz, as PostgreSQL resolves it. */
static const char *time_variant(lw_kind k)
{
    switch (k) {
    case LW_K_TIMESTAMP:
        return "ts";
    case LW_K_TIMESTAMPTZ:
    case LW_K_UNKNOWN_LITERAL:
        return "tz";
    case LW_K_DATE:
        return "d";
    case LW_K_TIME:
        return "t";
    case LW_K_TIMETZ:
        return "ttz";
    case LW_K_INTERVAL:
        return "iv";
    default:
        return "any";
    }
}

/* extract(field FROM x) -> pg_extract_<kind>('field', x) */
static lw_kind extract_call(lw_walker *w, lw_call *call)
{
    (void)call;
    const lw_token *f = lw_tok(w, 0);
    if (!f || !lw_word_at(w, 1, "from") ||
        (f->type != LW_TK_WORD && f->type != LW_TK_STRING && f->type != LW_TK_QIDENT)) {
        lw_refuse(w, "this form of extract()");
        return LW_K_UNKNOWN;
    }
    char *field = f->type == LW_TK_WORD ? lw_tok_text(w, 0) : NULL;
    if (f->type != LW_TK_WORD) {
        lw_sqlbuf v = {0};
        if (f->type == LW_TK_STRING && lw_string_value(w, 0, &v) == 0)
            field = sqlite3_mprintf("%s", v.s ? v.s : "");
        else if (f->type == LW_TK_QIDENT)
            field = sqlite3_mprintf("%.*s", (int)f->length - 2, w->sql + f->offset + 1);
        lw_sqlbuf_free(&v);
    }
    w->p += 2;
    size_t start = lw_here(w);
    lw_expr x = lw_parse_expr(w, 0);
    char *text = lw_take_from(w, start);
    if (field && text)
        lw_outf(w, "pg_extract_%s(%Q, %s) ", time_variant(x.type), field, text);
    sqlite3_free(field);
    sqlite3_free(text);
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_skip(w);
    return LW_K_NUMERIC; /* PostgreSQL 15's extract is a numeric */
}

/* timezone(zone, x) -> x AT TIME ZONE zone */
static lw_kind timezone_call(lw_walker *w, lw_call *call)
{
    (void)call;
    size_t zs = lw_here(w);
    lw_expr zone = lw_parse_expr(w, 0);
    char *zt = lw_take_from(w, zs);
    lw_kind result = LW_K_UNKNOWN;
    if (!lw_type_at(w, 0, LW_TK_COMMA)) {
        sqlite3_free(zt);
        lw_refuse(w, "this form of timezone()");
        return LW_K_UNKNOWN;
    }
    lw_skip(w);
    size_t xs = lw_here(w);
    lw_expr x = lw_parse_expr(w, 0);
    char *xt = lw_take_from(w, xs);
    if (zt && xt && !w->rc)
        result = pg_write_at_zone(w, xt, x.type, zt, zone.type);
    sqlite3_free(zt);
    sqlite3_free(xt);
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_skip(w);
    return result;
}

/* make_interval([years =>] y, months, weeks, days, hours, mins, secs): the arguments
 * by position or by name, 0 for those not given. */
static lw_kind make_interval_call(lw_walker *w, lw_call *call)
{
    (void)call;
    static const char *const names[7] = {"years", "months", "weeks", "days",
                                         "hours", "mins",   "secs"};
    char *args[7] = {NULL};
    int next = 0;
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN)) {
        int at = next;
        if (lw_type_at(w, 0, LW_TK_WORD) && lw_op_at(w, 1, "=>")) {
            at = -1;
            for (int i = 0; i < 7; i++)
                if (lw_word(w, names[i]))
                    at = i;
            if (at < 0) {
                const lw_token *t = lw_tok(w, 0);
                lw_walk_error(w, LW_ESYNTAX, "42883", 1305,
                              "function make_interval(%.*s => ...) does not exist", (int)t->length,
                              w->sql + t->offset);
                break;
            }
            w->p += 2;
        }
        if (at >= 7 || args[at]) {
            lw_walk_error(w, LW_ESYNTAX, "42883", 1305, "function make_interval() does not exist");
            break;
        }
        size_t start = lw_here(w);
        lw_expr e = lw_parse_expr(w, 0);
        if (e.numeric_literal)
            lw_quote_numeric_literal(w, start, lw_here(w));
        args[at] = lw_take_from(w, start);
        next = at + 1;
        if (!lw_type_at(w, 0, LW_TK_COMMA))
            break;
        lw_skip(w);
    }
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_skip(w);
    lw_out(w, "pg_make_interval(");
    for (int i = 0; i < 7; i++) {
        lw_outf(w, "%s%s", i ? ", " : "", args[i] ? args[i] : "0");
        sqlite3_free(args[i]);
    }
    lw_out(w, ") ");
    return LW_K_INTERVAL;
}

/* pg_typeof(x) -> pg_typeof_kind(x, 'type'): x is still evaluated (a set-returning
 * argument gives its rows). */
static lw_kind typeof_call(lw_walker *w, lw_call *call)
{
    (void)call;
    lw_out(w, "pg_typeof_kind(");
    lw_expr x = lw_parse_expr(w, 0);
    lw_kind k = x.is_bool ? LW_K_BOOL : x.type;
    if (k == LW_K_UNKNOWN || k == LW_K_NULL) {
        lw_refuse(w, "pg_typeof() of an expression whose type the rewriter cannot tell");
        return LW_K_UNKNOWN;
    }
    if (!lw_type_at(w, 0, LW_TK_RPAREN)) {
        lw_refuse(w, "pg_typeof() of more than one argument");
        return LW_K_UNKNOWN;
    }
    lw_skip(w);
    lw_outf(w, ", '%s') ", k == LW_K_UNKNOWN_LITERAL ? "unknown" : lw_kind_name(w, k));
    return LW_K_TEXT;
}

/* generate_series(a, b [, step]): integers through generate_series, timestamps and
 * dates through pg_series_ts / pg_series_tz (a date is read as a timestamptz, as
 * PostgreSQL resolves it). In FROM (queries.c) it is the table; in a select list it
 * becomes the query's FROM (lw_srf.value stands for its value), which the walker
 * writes after the select list. */
static lw_kind series_call(lw_walker *w, lw_call *call)
{
    size_t start = lw_here(w);
    lw_kind first = LW_K_UNKNOWN, kind;
    int n = 0;
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN)) {
        lw_expr e = lw_parse_expr(w, 0);
        if (n++ == 0)
            first = e.type;
        if (!lw_next_item(w))
            break;
    }
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_skip(w);
    char *args = lw_take_from(w, start);
    const char *fn = "generate_series";
    if (first == LW_K_TIMESTAMP) {
        fn = "pg_series_ts";
        kind = LW_K_TIMESTAMP;
    } else if (first == LW_K_TIMESTAMPTZ || first == LW_K_DATE) {
        fn = "pg_series_tz";
        kind = LW_K_TIMESTAMPTZ;
    } else {
        kind = lw_is_int_kind(first) ? first : LW_K_UNKNOWN;
    }
    if (n == 3 && kind == LW_K_UNKNOWN && first != LW_K_NUMERIC && !lw_is_int_kind(first)) {
        fn = "pg_series_tz"; /* quoted strings with an interval step: timestamptz */
        kind = LW_K_TIMESTAMPTZ;
    }
    char *text = args ? sqlite3_mprintf("%s(%s) ", fn, args) : NULL;
    sqlite3_free(args);
    if (!text) {
        w->t->out->oom = 1;
        return LW_K_UNKNOWN;
    }
    if (w->select_list && !w->srf_from) {
        w->srf_from = text;
        lw_out(w, "lw_srf.value ");
    } else if (w->select_list) {
        sqlite3_free(text);
        lw_refuse(w, "more than one set-returning function in a select list");
    } else {
        lw_out(w, text);
        sqlite3_free(text);
    }
    (void)call;
    return kind;
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

static lw_kind sum_type(lw_walker *w, lw_call *call, const char **rename)
{
    (void)w;
    lw_kind a = call->first;
    if (a == LW_K_INTERVAL) {
        *rename = "pg_sum_iv";
        return LW_K_INTERVAL;
    }
    return a == LW_K_INT2 || a == LW_K_INT4 ? LW_K_INT8
           : a == LW_K_FLOAT                ? LW_K_FLOAT
                                            : LW_K_NUMERIC;
}

static lw_kind avg_type(lw_walker *w, lw_call *call, const char **rename)
{
    (void)w;
    if (call->first == LW_K_INTERVAL) {
        *rename = "pg_avg_iv";
        return LW_K_INTERVAL;
    }
    return call->first == LW_K_FLOAT ? LW_K_FLOAT : LW_K_NUMERIC;
}

static lw_kind min_max_type(lw_walker *w, lw_call *call, const char **rename)
{
    (void)w;
    (void)rename;
    return call->n_args == 1 ? call->first : LW_K_UNKNOWN;
}

/* greatest() and least() of intervals compare them as intervals. */
static lw_kind extreme_type(lw_walker *w, lw_call *call, const char **rename)
{
    (void)w;
    if (call->common == LW_K_INTERVAL)
        *rename = call->name[0] == 'g' ? "pg_greatest_iv" : "pg_least_iv";
    return call->common;
}

/* nullif(a, b) of a numeric and another number, or of a number and a quoted string,
 * compares them as numbers (pg_nullif_numeric: nullif(1, '1') is NULL, as the string
 * is read as the number's type; a string that is no number is 22P02); the result is
 * the common kind, as PostgreSQL's nullif(1, 2.2) is numeric. */
static int is_number_kind(lw_kind k)
{
    return k == LW_K_NUMERIC || lw_is_int_kind(k) || k == LW_K_FLOAT;
}

static lw_kind nullif_type(lw_walker *w, lw_call *call, const char **rename)
{
    (void)w;
    lw_kind a = call->kinds[0], b = call->kinds[1];
    int mixed = is_number_kind(a) && is_number_kind(b) && a != b &&
                (a == LW_K_NUMERIC || b == LW_K_NUMERIC);
    int literal = (is_number_kind(a) && b == LW_K_UNKNOWN_LITERAL) ||
                  (a == LW_K_UNKNOWN_LITERAL && is_number_kind(b));
    if (call->n_args != 2 || !(mixed || literal))
        return call->first;
    *rename = "pg_nullif_numeric";
    return literal ? (a == LW_K_UNKNOWN_LITERAL ? b : a) : call->common;
}

/* The names of the argument kinds, for "function f(a, b) does not exist". */
static void no_function(lw_walker *w, const lw_call *call)
{
    char buf[256];
    size_t k = 0;
    for (int i = 0; i < call->n_args && i < LW_CALL_KINDS && k < sizeof buf - 64; i++)
        k += (size_t)snprintf(
            buf + k, sizeof buf - k, "%s%s", i ? ", " : "",
            call->kinds[i] == LW_K_UNKNOWN_LITERAL ? "unknown" : lw_kind_name(w, call->kinds[i]));
    buf[k < sizeof buf ? k : sizeof buf - 1] = 0;
    lw_walk_error(w, LW_ESYNTAX, "42883", 1305, "function %s(%s) does not exist", call->name, buf);
}

/* date_part(field, x): pg_part_<kind>; a date is read as a timestamp. */
static lw_kind date_part_type(lw_walker *w, lw_call *call, const char **rename)
{
    (void)w;
    static const char *const names[] = {"pg_part_ts",  "pg_part_tz", "pg_part_t",
                                        "pg_part_ttz", "pg_part_iv", "pg_part_any"};
    const char *v = time_variant(call->kinds[1]);
    *rename = !strcmp(v, "ts") || !strcmp(v, "d") ? names[0]
              : !strcmp(v, "tz")                  ? names[1]
              : !strcmp(v, "t")                   ? names[2]
              : !strcmp(v, "ttz")                 ? names[3]
              : !strcmp(v, "iv")                  ? names[4]
                                                  : names[5];
    return LW_K_FLOAT;
}

/* date_trunc(unit, x [, zone]): a timestamp, a timestamptz (a date is one), an
 * interval. */
static lw_kind date_trunc_type(lw_walker *w, lw_call *call, const char **rename)
{
    (void)w;
    lw_kind k = call->kinds[1];
    if (k == LW_K_TIMESTAMP && call->n_args == 2) {
        *rename = "pg_trunc_ts";
        return LW_K_TIMESTAMP;
    }
    if (k == LW_K_INTERVAL && call->n_args == 2) {
        *rename = "pg_trunc_iv";
        return LW_K_INTERVAL;
    }
    if (k == LW_K_UNKNOWN && call->n_args == 2) {
        *rename = "pg_trunc_any";
        return LW_K_UNKNOWN;
    }
    *rename = "pg_trunc_tz";
    return LW_K_TIMESTAMPTZ;
}

/* age(a [, b]) of timestamps (or of timestamptz: dates are read as those). */
static lw_kind age_type(lw_walker *w, lw_call *call, const char **rename)
{
    lw_kind k = call->kinds[0];
    if (k == LW_K_TIMESTAMP)
        *rename = "pg_age_ts";
    else if (k == LW_K_TIMESTAMPTZ || k == LW_K_DATE || k == LW_K_UNKNOWN_LITERAL)
        *rename = "pg_age_tz";
    else if (k == LW_K_UNKNOWN)
        *rename = "pg_age_any";
    else
        no_function(w, call);
    return LW_K_INTERVAL;
}

/* to_char(x, template) of dates and times (a time is an interval to PostgreSQL). */
static lw_kind to_char_type(lw_walker *w, lw_call *call, const char **rename)
{
    lw_kind k = call->kinds[0];
    if (call->n_args != 2) {
        no_function(w, call);
        return LW_K_TEXT;
    }
    if (k == LW_K_TIMESTAMP || k == LW_K_DATE)
        *rename = "pg_to_char_ts";
    else if (k == LW_K_TIMESTAMPTZ)
        *rename = "pg_to_char_tz";
    else if (k == LW_K_INTERVAL || k == LW_K_TIME)
        *rename = "pg_to_char_iv";
    else if (lw_is_int_kind(k) || k == LW_K_NUMERIC || k == LW_K_FLOAT)
        lw_refuse(w, "to_char() of a number (format it with printf())");
    else
        *rename = "pg_to_char_any";
    return LW_K_TEXT;
}

/* abs() of a numeric and mod() with a numeric argument are the decimal module's (exact);
 * mod() of integers is pg_mod (SQLite's mod() is a double, and NULL for a zero
 * divisor). */
static lw_kind abs_mod_type(lw_walker *w, lw_call *call, const char **rename)
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

static lw_kind round_trunc_type(lw_walker *w, lw_call *call, const char **rename)
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

static lw_kind ceil_floor_type(lw_walker *w, lw_call *call, const char **rename)
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
static lw_kind float_math_type(lw_walker *w, lw_call *call, const char **rename)
{
    (void)rename;
    if (call->any_exact)
        lw_refuse(w,
                  "%s() of a numeric value (PostgreSQL computes it exactly; cast it: "
                  "x::float8)",
                  call->name);
    return LW_K_FLOAT;
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
#define LITERALS LW_FN_LITERALS_AS_RESULT
/* The window form of the JSON aggregates whose argument was written json(...). */
#define JSON_WINDOW "pg_json_agg_json"

const lw_function pg_functions[] = {
    SYNTAX("extract", extract_call),
    SYNTAX("timezone", timezone_call),
    SYNTAX("make_interval", make_interval_call),
    SYNTAX("pg_typeof", typeof_call),
    SYNTAX("generate_series", series_call),
    SYNTAX("position", position_call),
    SYNTAX("substring", substring_call),
    SYNTAX("trim", trim_call),
    SYNTAX("btrim", trim_call),
    REFUSED("overlay"),
    REFUSED("unnest"),
    REFUSED("array_length"),
    REFUSED("array_to_string"),
    REFUSED("format"),
    REFUSED("pg_sleep"),
    REFUSED("regexp_match"),
    REFUSED("regexp_matches"),
    REFUSED("regexp_split_to_array"),
    REFUSED("regexp_split_to_table"),
    REFUSED("string_to_array"),
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
    {"coalesce", NULL, LW_FN_PASS_BOOL | LW_FN_COMMON_KIND | LITERALS, LW_K_UNKNOWN, NULL, NULL,
     NULL},
    {"greatest", NULL, LW_FN_PASS_BOOL | LITERALS, LW_K_UNKNOWN, NULL, extreme_type, NULL},
    {"least", NULL, LW_FN_PASS_BOOL | LITERALS, LW_K_UNKNOWN, NULL, extreme_type, NULL},
    {"nullif", NULL, LW_FN_PASS_BOOL | LITERALS, LW_K_UNKNOWN, NULL, nullif_type, NULL},
    /* window functions that give a row's value: its type */
    {"lag", NULL, LW_FN_FIRST_KIND, LW_K_UNKNOWN, NULL, NULL, NULL},
    {"lead", NULL, LW_FN_FIRST_KIND, LW_K_UNKNOWN, NULL, NULL, NULL},
    {"first_value", NULL, LW_FN_FIRST_KIND, LW_K_UNKNOWN, NULL, NULL, NULL},
    {"last_value", NULL, LW_FN_FIRST_KIND, LW_K_UNKNOWN, NULL, NULL, NULL},
    {"nth_value", NULL, LW_FN_FIRST_KIND, LW_K_UNKNOWN, NULL, NULL, NULL},
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
    TYPED("to_char", to_char_type),
    RESULT("split_part", LW_K_TEXT),
    RESULT("translate", LW_K_TEXT),
    RESULT("now", LW_K_TIMESTAMPTZ),
    RESULT("transaction_timestamp", LW_K_TIMESTAMPTZ),
    RESULT("statement_timestamp", LW_K_TIMESTAMPTZ),
    RESULT("clock_timestamp", LW_K_TIMESTAMPTZ),
    TYPED("date_part", date_part_type),
    TYPED("date_trunc", date_trunc_type),
    TYPED("age", age_type),
    RESULT("justify_hours", LW_K_INTERVAL),
    RESULT("justify_days", LW_K_INTERVAL),
    RESULT("justify_interval", LW_K_INTERVAL),
    RESULT("make_date", LW_K_DATE),
    RESULT("make_time", LW_K_TIME),
    RESULT("make_timestamp", LW_K_TIMESTAMP),
    RESULT("make_timestamptz", LW_K_TIMESTAMPTZ),
    RESULT("to_date", LW_K_DATE),
    RESULT("to_timestamp", LW_K_TIMESTAMPTZ),
    {"isfinite", NULL, LW_FN_BOOL, LW_K_UNKNOWN, NULL, NULL, NULL},
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
