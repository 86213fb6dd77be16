/*
 * SQL functions of the regexp module (docs/regexp.md has examples).
 *
 *   X REGEXP P, regexp(P, X)   1 when the ICU regular expression P matches anywhere in
 *                              X, else 0. ICU syntax and defaults (like MySQL 8);
 *                              case-sensitive.
 *   PostgreSQL 15's functions; P in PostgreSQL's ARE syntax, translated to ICU:
 *   regexp_like(X, P [, FLAGS])                                1 or 0
 *   regexp_replace(X, P, R [, FLAGS])                          first match, all with g
 *   regexp_replace(X, P, R, START [, N [, FLAGS]])             Nth match (0: all)
 *   regexp_substr(X, P [, START [, N [, FLAGS [, SUBEXPR]]]])  text of the match/group
 *   regexp_instr(X, P [, START [, N [, ENDOPTION [, FLAGS [, SUBEXPR]]]]])
 *   regexp_count(X, P [, START [, FLAGS]])
 *
 * FLAGS: i c n m s p w x t q, and g for regexp_replace only (b and e, PostgreSQL's
 * POSIX syntaxes, are refused as not supported); a 4-argument
 * regexp_replace takes an INTEGER or REAL fourth argument as START and TEXT as FLAGS,
 * as PostgreSQL resolves it by type. Positions and counts are in characters, 1-based.
 *
 * NULL: any NULL argument gives NULL (the functions are strict, as in PostgreSQL).
 * Errors name the function and the value: an invalid pattern (PostgreSQL's reason),
 * an unknown flag ('invalid regular expression option: "z"'), g where PostgreSQL
 * rejects it, q together with x, n, m, p or w (PostgreSQL's "invalid argument to
 * regex function"), in PostgreSQL's order (SUBEXPR before FLAGS), START < 1, N < 1 (N < 0 for
 * regexp_replace), ENDOPTION not 0 or 1, SUBEXPR < 0, a BLOB argument, invalid UTF-8 in any text
 * argument
 * ("regexp_like(): invalid UTF-8 in argument 1 at byte 3", counted from 1), a pattern that
 * exceeds the time or backtracking stack limit, or a result longer than
 * SQLITE_LIMIT_LENGTH.
 *
 * Compiled patterns are kept per statement (sqlite3_set_auxdata on the pattern
 * argument) and in a per-connection LRU cache of LW_REGEXP_CACHE_SIZE patterns, so a
 * pattern that changes from row to row among a few values is not recompiled.
 */
#include "regexp/regexp_sql.h"
#include "common/glue.h"
#include "common/utf8.h"
#include "regexp/regexp.h"

#include <math.h>
#include <string.h>

/* Per-connection state: the pattern cache and reusable UTF-16 buffers. */
typedef struct regexp_state {
    lw_shared shared;
    lw_regex_cache cache;
    lw_re_subject subject;
    lw_re_subject replacement;
} regexp_state;

static void regexp_state_destroy(lw_shared *shared)
{
    regexp_state *st = (regexp_state *)shared;
    lw_regex_cache_clear(&st->cache);
    lw_re_subject_free(&st->subject);
    lw_re_subject_free(&st->replacement);
    sqlite3_free(st);
}

/* Reads argument i as an integer; sets an error and returns 0 when it is not one. */
static int int_arg(sqlite3_context *ctx, const char *fn, sqlite3_value **argv, int i,
                   const char *param, sqlite3_int64 *out)
{
    sqlite3_value *v = argv[i];
    int type = sqlite3_value_numeric_type(v);
    if (type == SQLITE_INTEGER) {
        *out = sqlite3_value_int64(v);
        return 1;
    }
    if (type == SQLITE_FLOAT) {
        double d = sqlite3_value_double(v);
        if (d == floor(d) && d >= -9.2e18 && d <= 9.2e18) {
            *out = (sqlite3_int64)d;
            return 1;
        }
    }
    if (type == SQLITE_BLOB)
        lw_result_errorf(ctx, "%s(): argument %d (%s) must be an integer, got a blob", fn, i + 1,
                         param);
    else
        lw_result_errorf(ctx, "%s(): argument %d (%s) must be an integer, got '%q'", fn, i + 1,
                         param, (const char *)sqlite3_value_text(v));
    return 0;
}

/* Reads an integer parameter that must be at least min, with PostgreSQL's message. */
static int param_arg(sqlite3_context *ctx, const char *fn, sqlite3_value **argv, int i,
                     const char *param, sqlite3_int64 min, sqlite3_int64 *out)
{
    if (!int_arg(ctx, fn, argv, i, param, out))
        return 0;
    if (*out < min) {
        lw_result_errorf(ctx, "%s(): invalid value for parameter \"%s\": %lld", fn, param,
                         (long long)*out);
        return 0;
    }
    return 1;
}

/* Parses the flags in argument i into *opts; allow_global says whether g is allowed. */
static int flags_arg(sqlite3_context *ctx, const char *fn, sqlite3_value **argv, int i,
                     int allow_global, unsigned *opts)
{
    const char *flags;
    int len;
    if (lw_arg_text(ctx, fn, argv, i, &flags, &len) != 1)
        return 0;
    char *err = NULL;
    if (lw_re_parse_flags(flags, len, opts, &err) != 0) {
        if (err)
            lw_result_errorf(ctx, "%s(): %s in argument %d", fn, err, i + 1);
        else
            sqlite3_result_error_nomem(ctx);
        sqlite3_free(err);
        return 0;
    }
    /* In PostgreSQL's order: the letters, then "global", then what its regcomp says. */
    if ((*opts & LW_RE_GLOBAL) && !allow_global) {
        lw_result_errorf(ctx, "%s() does not support the \"global\" option", fn);
        return 0;
    }
    switch (lw_re_check_flags(*opts)) {
    case LW_RE_FLAGS_INVALID_COMBINATION:
        lw_result_errorf(ctx,
                         "%s(): invalid regular expression flags '%q' in argument %d: invalid "
                         "argument to regex function (q, a literal pattern, cannot be combined "
                         "with x, n, m, p or w)",
                         fn, flags, i + 1);
        return 0;
    case LW_RE_FLAGS_UNSUPPORTED_SYNTAX:
        lw_result_errorf(ctx,
                         "%s(): regular expression option \"%c\" (%s syntax) is not supported: "
                         "patterns use PostgreSQL's advanced syntax in argument %d",
                         fn, (*opts & LW_RE_BASIC) ? 'b' : 'e',
                         (*opts & LW_RE_BASIC) ? "basic" : "extended", i + 1);
        return 0;
    default:
        return 1;
    }
}

/* Converts text (len bytes, argument i) into subject; sets an error and returns 0 on
 * failure. */
static int subject_text(sqlite3_context *ctx, const char *fn, int i, const char *text, int len,
                        lw_re_subject *subject)
{
    int64_t bad = 0;
    int rc = lw_re_subject_set(subject, text, len, &bad);
    if (rc == -1) {
        lw_result_invalid_utf8(ctx, fn, i + 1, bad);
        return 0;
    }
    if (rc != 0) {
        sqlite3_result_error_nomem(ctx);
        return 0;
    }
    return 1;
}

/* Converts argument i into subject; sets an error and returns 0 on failure. */
static int subject_arg(sqlite3_context *ctx, const char *fn, sqlite3_value **argv, int i,
                       lw_re_subject *subject)
{
    const char *text;
    int len;
    if (lw_arg_text(ctx, fn, argv, i, &text, &len) != 1)
        return 0;
    return subject_text(ctx, fn, i, text, len, subject);
}

/*
 * The compiled pattern of argument i with options opts: the statement's (auxdata)
 * when it matches, else from the connection's cache. Returns a new reference, which
 * release_regex hands back; NULL after setting an error.
 */
static lw_regex *get_regex(sqlite3_context *ctx, const char *fn, sqlite3_value **argv, int i,
                           unsigned opts, int *from_aux)
{
    lw_regex *re = sqlite3_get_auxdata(ctx, i);
    if (re && re->opts == opts) {
        lw_regex_ref(re);
        *from_aux = 1;
        return re;
    }
    *from_aux = 0;
    const char *pattern;
    int len;
    if (lw_arg_text(ctx, fn, argv, i, &pattern, &len) != 1)
        return NULL;
    regexp_state *st = sqlite3_user_data(ctx);
    char *err = NULL;
    re = lw_regex_cache_get(&st->cache, fn, i + 1, pattern, len, opts, &err);
    if (!re) {
        if (err)
            sqlite3_result_error(ctx, err, -1);
        else
            sqlite3_result_error_nomem(ctx);
        sqlite3_free(err);
    }
    return re;
}

/* Gives the reference back: to the statement when it came from the cache (SQLite may
 * free it at once, so this is the last use of re), else dropped. */
static void release_regex(sqlite3_context *ctx, int i, lw_regex *re, int from_aux)
{
    regexp_state *st = sqlite3_user_data(ctx);
    /* Checked here first: most calls (every boolean match the prefilter or PCRE2
     * answers) never touch the buffers. */
    if (st->subject.capacity > LW_REGEXP_KEEP_BUFFER)
        lw_re_subject_trim(&st->subject);
    if (st->replacement.capacity > LW_REGEXP_KEEP_BUFFER)
        lw_re_subject_trim(&st->replacement);
    if (from_aux)
        lw_regex_unref(re);
    else
        sqlite3_set_auxdata(ctx, i, re, lw_regex_unref);
}

/* Sets the error of a failed lw_re_find (err NULL: out of memory). */
static void find_error(sqlite3_context *ctx, char *err)
{
    if (err)
        sqlite3_result_error(ctx, err, -1);
    else
        sqlite3_result_error_nomem(ctx);
    sqlite3_free(err);
}

/*
 * Finds the nth match (n >= 1) at or after UTF-16 index from. Returns 1 found, 0 not,
 * -1 after setting an error.
 */
static int find_nth(sqlite3_context *ctx, const char *fn, lw_regex *re, const lw_re_subject *s,
                    int32_t from, sqlite3_int64 n, lw_re_match *m)
{
    int32_t pos = from;
    for (sqlite3_int64 k = 1; pos >= 0; k++) {
        char *err = NULL;
        int rc = lw_re_find(re, s, pos, m, fn, &err);
        if (rc < 0) {
            find_error(ctx, err);
            return -1;
        }
        if (rc == 0 || k == n)
            return rc;
        pos = lw_re_next_start(s, m);
    }
    return 0;
}

/*
 * The boolean match of regexp() and regexp_like(): 1 when re matches argument i
 * anywhere. When the literal prefilter can decide from the UTF-8 bytes (the text holds
 * none of the literals a match starts with, or the pattern is only literals), the
 * text is validated but neither converted nor given to ICU; else a pattern with a
 * fast path is matched by PCRE2 on the validated bytes, and ICU answers only when
 * PCRE2 reached its limits.
 */
static void match_result(sqlite3_context *ctx, const char *fn, lw_regex *re, sqlite3_value **argv,
                         int i)
{
    const char *text;
    int len;
    if (lw_arg_text(ctx, fn, argv, i, &text, &len) != 1)
        return;
    int validated = 0;
    int prefilter = lw_re_prefilter(re, text, len, &validated);
    if (prefilter != LW_RE_PREFILTER_MAYBE) {
        int64_t bad = validated ? -1 : lw_utf8_invalid_offset(text, (size_t)len);
        if (bad >= 0)
            lw_result_invalid_utf8(ctx, fn, i + 1, bad);
        else
            sqlite3_result_int(ctx, prefilter == LW_RE_PREFILTER_YES);
        return;
    }
    if (re->fast) {
        /* PCRE2 on the UTF-8 bytes, once they are known to be valid; ICU when it
         * cannot tell. */
        int64_t bad = validated ? -1 : lw_utf8_invalid_offset(text, (size_t)len);
        if (bad >= 0) {
            lw_result_invalid_utf8(ctx, fn, i + 1, bad);
            return;
        }
        int fast = lw_re_fast_match(re, text, len);
        if (fast >= 0) {
            sqlite3_result_int(ctx, fast);
            return;
        }
    }
    regexp_state *st = sqlite3_user_data(ctx);
    if (!subject_text(ctx, fn, i, text, len, &st->subject))
        return;
    lw_re_match m;
    char *err = NULL;
    int rc = lw_re_find(re, &st->subject, 0, &m, fn, &err);
    if (rc < 0)
        find_error(ctx, err);
    else
        sqlite3_result_int(ctx, rc);
}

/* match_result for the pattern in argument pattern (compiled with opts) and the subject
 * in argument subject: regexp() and regexp_like() differ only in their order. */
static void match_args(sqlite3_context *ctx, const char *fn, sqlite3_value **argv, int pattern,
                       unsigned opts, int subject)
{
    int from_aux;
    lw_regex *re = get_regex(ctx, fn, argv, pattern, opts, &from_aux);
    if (!re)
        return;
    match_result(ctx, fn, re, argv, subject);
    release_regex(ctx, pattern, re, from_aux);
}

/* X REGEXP P: regexp(P, X) with ICU syntax. */
static void regexp_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char fn[] = "regexp";
    (void)argc;
    /* NULL in, NULL out: a NULL subject is checked first (whatever the pattern), and
     * get_regex returns NULL without an error for a NULL pattern. */
    if (sqlite3_value_type(argv[1]) == SQLITE_NULL)
        return;
    match_args(ctx, fn, argv, 0, LW_RE_SYNTAX_ICU, 1);
}

/* regexp_like(X, P [, FLAGS]) */
static void regexp_like_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char fn[] = "regexp_like";
    if (lw_any_null(argc, argv))
        return;
    unsigned opts = 0;
    if (argc > 2 && !flags_arg(ctx, fn, argv, 2, 0, &opts))
        return;
    match_args(ctx, fn, argv, 1, opts, 0);
}

/* regexp_count(X, P [, START [, FLAGS]]) */
static void regexp_count_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char fn[] = "regexp_count";
    if (lw_any_null(argc, argv))
        return;
    sqlite3_int64 start = 1;
    unsigned opts = 0;
    if (argc > 2 && !param_arg(ctx, fn, argv, 2, "start", 1, &start))
        return;
    if (argc > 3 && !flags_arg(ctx, fn, argv, 3, 0, &opts))
        return;
    regexp_state *st = sqlite3_user_data(ctx);
    int from_aux;
    lw_regex *re = get_regex(ctx, fn, argv, 1, opts, &from_aux);
    if (!re)
        return;
    if (subject_arg(ctx, fn, argv, 0, &st->subject)) {
        sqlite3_int64 count = 0;
        int32_t pos = lw_re_subject_index(&st->subject, start);
        int failed = 0;
        while (pos >= 0) {
            lw_re_match m;
            char *err = NULL;
            int rc = lw_re_find(re, &st->subject, pos, &m, fn, &err);
            if (rc < 0) {
                find_error(ctx, err);
                failed = 1;
                break;
            }
            if (rc == 0)
                break;
            count++;
            pos = lw_re_next_start(&st->subject, &m);
        }
        if (!failed)
            sqlite3_result_int64(ctx, count);
    }
    release_regex(ctx, 1, re, from_aux);
}

/* The shared work of regexp_instr and regexp_substr: the span of subexpr in the nth
 * match from start. Returns 1 found, 0 not (NULL or 0 result), -1 after an error. */
static int nth_span(sqlite3_context *ctx, const char *fn, lw_regex *re, const lw_re_subject *s,
                    sqlite3_int64 start, sqlite3_int64 n, sqlite3_int64 subexpr, lw_re_match *span)
{
    int32_t from = lw_re_subject_index(s, start);
    if (from < 0)
        return 0;
    int rc = find_nth(ctx, fn, re, s, from, n, span);
    if (rc <= 0)
        return rc;
    if (subexpr > 0) {
        if (subexpr > re->groups)
            return 0;
        lw_re_group(re, (int32_t)subexpr, span);
        if (span->start < 0)
            return 0;
    }
    return 1;
}

/* regexp_instr(X, P [, START [, N [, ENDOPTION [, FLAGS [, SUBEXPR]]]]]) */
static void regexp_instr_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char fn[] = "regexp_instr";
    if (lw_any_null(argc, argv))
        return;
    sqlite3_int64 start = 1, n = 1, endoption = 0, subexpr = 0;
    unsigned opts = 0;
    if (argc > 2 && !param_arg(ctx, fn, argv, 2, "start", 1, &start))
        return;
    if (argc > 3 && !param_arg(ctx, fn, argv, 3, "n", 1, &n))
        return;
    if (argc > 4) {
        if (!int_arg(ctx, fn, argv, 4, "endoption", &endoption))
            return;
        if (endoption != 0 && endoption != 1) {
            lw_result_errorf(ctx, "%s(): invalid value for parameter \"endoption\": %lld", fn,
                             (long long)endoption);
            return;
        }
    }
    /* PostgreSQL checks SUBEXPR before it reads FLAGS. */
    if (argc > 6 && !param_arg(ctx, fn, argv, 6, "subexpr", 0, &subexpr))
        return;
    if (argc > 5 && !flags_arg(ctx, fn, argv, 5, 0, &opts))
        return;
    regexp_state *st = sqlite3_user_data(ctx);
    int from_aux;
    lw_regex *re = get_regex(ctx, fn, argv, 1, opts, &from_aux);
    if (!re)
        return;
    if (subject_arg(ctx, fn, argv, 0, &st->subject)) {
        lw_re_match span;
        int rc = nth_span(ctx, fn, re, &st->subject, start, n, subexpr, &span);
        if (rc == 0)
            sqlite3_result_int(ctx, 0);
        else if (rc > 0)
            sqlite3_result_int64(
                ctx, lw_re_subject_position(&st->subject, endoption ? span.end : span.start));
    }
    release_regex(ctx, 1, re, from_aux);
}

/* regexp_substr(X, P [, START [, N [, FLAGS [, SUBEXPR]]]]) */
static void regexp_substr_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char fn[] = "regexp_substr";
    if (lw_any_null(argc, argv))
        return;
    sqlite3_int64 start = 1, n = 1, subexpr = 0;
    unsigned opts = 0;
    if (argc > 2 && !param_arg(ctx, fn, argv, 2, "start", 1, &start))
        return;
    if (argc > 3 && !param_arg(ctx, fn, argv, 3, "n", 1, &n))
        return;
    /* PostgreSQL checks SUBEXPR before it reads FLAGS. */
    if (argc > 5 && !param_arg(ctx, fn, argv, 5, "subexpr", 0, &subexpr))
        return;
    if (argc > 4 && !flags_arg(ctx, fn, argv, 4, 0, &opts))
        return;
    regexp_state *st = sqlite3_user_data(ctx);
    int from_aux;
    lw_regex *re = get_regex(ctx, fn, argv, 1, opts, &from_aux);
    if (!re)
        return;
    if (subject_arg(ctx, fn, argv, 0, &st->subject)) {
        lw_re_match span;
        int rc = nth_span(ctx, fn, re, &st->subject, start, n, subexpr, &span);
        if (rc > 0) {
            int64_t len = 0;
            char *text = lw_re_subject_utf8(&st->subject, span.start, span.end, &len);
            if (text)
                sqlite3_result_text64(ctx, text, (sqlite3_uint64)len, sqlite3_free, SQLITE_UTF8);
            else
                sqlite3_result_error_nomem(ctx);
        }
    }
    release_regex(ctx, 1, re, from_aux);
}

/* regexp_replace(X, P, R [, FLAGS]) and regexp_replace(X, P, R, START [, N [, FLAGS]]) */
static void regexp_replace_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char fn[] = "regexp_replace";
    if (lw_any_null(argc, argv))
        return;
    sqlite3_int64 start = 1, n = -1;
    unsigned opts = 0;
    int flags_at = argc == 6 ? 5 : -1;
    if (argc == 4) {
        /* PostgreSQL picks the signature by type: an integer is START, text FLAGS. */
        int type = sqlite3_value_type(argv[3]);
        if (type == SQLITE_TEXT)
            flags_at = 3;
        else if (!param_arg(ctx, fn, argv, 3, "start", 1, &start))
            return;
    } else if (argc > 4) {
        if (!param_arg(ctx, fn, argv, 3, "start", 1, &start))
            return;
        if (!param_arg(ctx, fn, argv, 4, "n", 0, &n))
            return;
    }
    if (flags_at > 0 && !flags_arg(ctx, fn, argv, flags_at, 1, &opts))
        return;
    if (n < 0)
        n = (opts & LW_RE_GLOBAL) ? 0 : 1;
    opts &= ~(unsigned)LW_RE_GLOBAL; /* not part of the compiled pattern */
    regexp_state *st = sqlite3_user_data(ctx);
    int from_aux;
    lw_regex *re = get_regex(ctx, fn, argv, 1, opts, &from_aux);
    if (!re)
        return;
    if (subject_arg(ctx, fn, argv, 0, &st->subject) &&
        subject_arg(ctx, fn, argv, 2, &st->replacement)) {
        int32_t from = lw_re_subject_index(&st->subject, start);
        if (from < 0) {
            /* Starting past the end: nothing to replace. */
            sqlite3_result_text(ctx, (const char *)sqlite3_value_text(argv[0]),
                                sqlite3_value_bytes(argv[0]), SQLITE_TRANSIENT);
        } else {
            char *out = NULL, *err = NULL;
            int64_t out_len = 0;
            int64_t max_len =
                sqlite3_limit(sqlite3_context_db_handle(ctx), SQLITE_LIMIT_LENGTH, -1);
            int rc = lw_re_replace(re, &st->subject, from, n, &st->replacement, max_len, fn, &out,
                                   &out_len, &err);
            if (rc == 0)
                sqlite3_result_text64(ctx, out, (sqlite3_uint64)out_len, sqlite3_free, SQLITE_UTF8);
            else if (rc == -1)
                find_error(ctx, err);
            else if (rc == -2)
                sqlite3_result_error_toobig(ctx);
            else
                sqlite3_result_error_nomem(ctx);
        }
    }
    release_regex(ctx, 1, re, from_aux);
}

#define SCALAR(name, n, f)                                                                         \
    {                                                                                              \
        name, n, LW_PURE, f, NULL, NULL, NULL, NULL                                                \
    }
static const lw_function_def regexp_functions[] = {
    SCALAR("regexp", 2, regexp_func),
    SCALAR("regexp_like", 2, regexp_like_func),
    SCALAR("regexp_like", 3, regexp_like_func),
    SCALAR("regexp_count", 2, regexp_count_func),
    SCALAR("regexp_count", 3, regexp_count_func),
    SCALAR("regexp_count", 4, regexp_count_func),
    SCALAR("regexp_instr", 2, regexp_instr_func),
    SCALAR("regexp_instr", 3, regexp_instr_func),
    SCALAR("regexp_instr", 4, regexp_instr_func),
    SCALAR("regexp_instr", 5, regexp_instr_func),
    SCALAR("regexp_instr", 6, regexp_instr_func),
    SCALAR("regexp_instr", 7, regexp_instr_func),
    SCALAR("regexp_substr", 2, regexp_substr_func),
    SCALAR("regexp_substr", 3, regexp_substr_func),
    SCALAR("regexp_substr", 4, regexp_substr_func),
    SCALAR("regexp_substr", 5, regexp_substr_func),
    SCALAR("regexp_substr", 6, regexp_substr_func),
    SCALAR("regexp_replace", 3, regexp_replace_func),
    SCALAR("regexp_replace", 4, regexp_replace_func),
    SCALAR("regexp_replace", 5, regexp_replace_func),
    SCALAR("regexp_replace", 6, regexp_replace_func),
};

int lw_regexp_register(sqlite3 *db, char **pzErr)
{
    regexp_state *st = sqlite3_malloc64(sizeof *st);
    if (!st)
        return SQLITE_NOMEM;
    memset(st, 0, sizeof *st);
    lw_shared_init(&st->shared, regexp_state_destroy);
    int rc = lw_register_functions(db, regexp_functions,
                                   sizeof regexp_functions / sizeof regexp_functions[0],
                                   &st->shared, pzErr);
    lw_shared_release(&st->shared);
    return rc;
}
