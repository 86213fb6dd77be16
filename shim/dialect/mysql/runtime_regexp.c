/*
 * MariaDB's regular expressions: PCRE2, as the server uses it (registered by
 * runtime.c; expressions.c writes REGEXP, regexp.c the functions). The pattern is
 * PCRE2's own syntax, inline flags such as (?i) and (?-i) included, compiled for
 * UTF-8 and caseless when the operation's collation is case-insensitive (CI 1).
 *
 *   my_regexp(S, P, CI)                  S REGEXP P: 1 or 0
 *   my_regexp_replace(S, P, R, CI)       every match of P replaced by R, where \0 is
 *                                        the match and \1..\9 its groups; as in
 *                                        MariaDB, an empty match ends the replacing
 *   my_regexp_substr(S, P, CI)           the first match, '' when none
 *   my_regexp_instr(S, P, CI)            the first match's position in characters
 *                                        (from 1), 0 when none
 *
 * NULL: any NULL argument gives NULL. Errors: an invalid pattern is MariaDB's 1139
 * "Regex error '<PCRE2's message> at offset N'"; a search that exceeds the match
 * limit (MY_REGEXP_MATCH_LIMIT, PCRE2's backtracking budget) or its heap limit is
 * warning 1139 "Regex error 'match limit exceeded'" and no match, as in MariaDB, never
 * a hang. Compiled patterns are kept per statement
 * (sqlite3_set_auxdata on the pattern argument).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "core/sqlbuf.h"
#include "dialect/mysql/runtime_int.h"

/* PCRE2's match and depth limits for one search (its units: backtracking steps and
 * kilobytes of heap); a runaway pattern stops there. */
#ifndef MY_REGEXP_MATCH_LIMIT
#define MY_REGEXP_MATCH_LIMIT 10000000u
#endif
#ifndef MY_REGEXP_HEAP_LIMIT
#define MY_REGEXP_HEAP_LIMIT 65536u
#endif

typedef struct compiled {
    pcre2_code *code;
    pcre2_match_context *mctx;
    int ci;
} compiled;

static void compiled_free(void *p)
{
    compiled *c = p;
    pcre2_match_context_free(c->mctx);
    pcre2_code_free(c->code);
    sqlite3_free(c);
}

/* The compiled pattern of argument i (cached on it), or NULL with the error set. */
static compiled *pattern_of(sqlite3_context *ctx, sqlite3_value **argv, int i, int ci)
{
    compiled *c = sqlite3_get_auxdata(ctx, i);
    if (c && c->ci == ci)
        return c;
    const char *p = (const char *)sqlite3_value_text(argv[i]);
    size_t n = (size_t)sqlite3_value_bytes(argv[i]);
    int err = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)(p ? p : ""), n,
                                     PCRE2_UTF | (ci ? PCRE2_CASELESS : 0), &err, &offset, NULL);
    if (!code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        my_error(ctx, 1139, "Regex error '%s at offset %d'", (const char *)msg, (int)offset);
        return NULL;
    }
    c = sqlite3_malloc64(sizeof *c);
    pcre2_match_context *mctx = pcre2_match_context_create(NULL);
    if (!c || !mctx) {
        sqlite3_free(c);
        pcre2_match_context_free(mctx);
        pcre2_code_free(code);
        sqlite3_result_error_nomem(ctx);
        return NULL;
    }
    pcre2_set_match_limit(mctx, MY_REGEXP_MATCH_LIMIT);
    pcre2_set_heap_limit(mctx, MY_REGEXP_HEAP_LIMIT);
    c->code = code;
    c->mctx = mctx;
    c->ci = ci;
    sqlite3_set_auxdata(ctx, i, c, compiled_free);
    /* SQLite may have freed it at once (no room to keep it): ask again. */
    compiled *kept = sqlite3_get_auxdata(ctx, i);
    return kept ? kept : NULL;
}

/* Searches s[0..n) from byte `from`: 1 with ov set, 0 for no match (or a limit
 * reached: warning 1139). */
static int search(sqlite3_context *ctx, compiled *c, const char *s, size_t n, size_t from,
                  pcre2_match_data *md)
{
    int rc = pcre2_match(c->code, (PCRE2_SPTR)s, n, from, 0, md, c->mctx);
    if (rc >= 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    /* Past a limit MariaDB warns and answers as if nothing matched. */
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(rc, msg, sizeof msg);
    my_warn(MY_SESSION(ctx), LW_LEVEL_WARNING, 1139, "Regex error '%s'", (const char *)msg);
    return 0;
}

/* The subject, pattern and flag of a call; NULL when an argument is NULL or the
 * pattern is bad (the result is set). */
static compiled *setup(sqlite3_context *ctx, int argc, sqlite3_value **argv, int flag_arg,
                       pcre2_match_data **md)
{
    if (lw_any_null(argc, argv))
        return NULL;
    compiled *c = pattern_of(ctx, argv, 1, sqlite3_value_int(argv[flag_arg]) != 0);
    if (!c)
        return NULL;
    *md = pcre2_match_data_create_from_pattern(c->code, NULL);
    if (!*md) {
        sqlite3_result_error_nomem(ctx);
        return NULL;
    }
    return c;
}

/* REGEXP, REGEXP_SUBSTR and REGEXP_INSTR: the first match of the pattern (argument 1,
 * flag argument 2) in the subject (argument 0), *s set to the subject's text. Returns 1
 * with md's ovector set, 0 for no match, -1 when the result is already set (a NULL
 * argument, a bad pattern); *md is the caller's to free when it is not -1. */
static int first_match(sqlite3_context *ctx, int argc, sqlite3_value **argv, pcre2_match_data **md,
                       const char **s)
{
    compiled *c = setup(ctx, argc, argv, 2, md);
    if (!c)
        return -1;
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    *s = text ? text : "";
    return search(ctx, c, *s, (size_t)sqlite3_value_bytes(argv[0]), 0, *md);
}

static void regexp_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pcre2_match_data *md = NULL;
    const char *s;
    int rc = first_match(ctx, argc, argv, &md, &s);
    if (rc < 0)
        return;
    sqlite3_result_int(ctx, rc);
    pcre2_match_data_free(md);
}

static void substr_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pcre2_match_data *md = NULL;
    const char *s;
    int rc = first_match(ctx, argc, argv, &md, &s);
    if (rc < 0)
        return;
    if (rc > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        sqlite3_result_text(ctx, s + ov[0], (int)(ov[1] - ov[0]), SQLITE_TRANSIENT);
    } else {
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
    }
    pcre2_match_data_free(md);
}

static void instr_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pcre2_match_data *md = NULL;
    const char *s;
    int rc = first_match(ctx, argc, argv, &md, &s);
    if (rc < 0)
        return;
    if (rc > 0) {
        PCRE2_SIZE start = pcre2_get_ovector_pointer(md)[0];
        long long chars = 1;
        for (PCRE2_SIZE i = 0; i < start; i++)
            chars += ((unsigned char)s[i] & 0xC0) != 0x80;
        sqlite3_result_int64(ctx, chars);
    } else {
        sqlite3_result_int(ctx, 0);
    }
    pcre2_match_data_free(md);
}

/* Appends the replacement r[0..rn) for the match in md: \0..\9 are the match and its
 * groups, \\ a backslash, another escaped character itself. */
static void append_replacement(lw_sqlbuf *out, const char *s, const char *r, size_t rn,
                               pcre2_match_data *md)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    uint32_t groups = pcre2_get_ovector_count(md);
    for (size_t i = 0; i < rn; i++) {
        if (r[i] != '\\' || i + 1 >= rn) {
            lw_sqlbuf_append(out, r + i, 1);
            continue;
        }
        char d = r[++i];
        if (d >= '0' && d <= '9') {
            uint32_t g = (uint32_t)(d - '0');
            if (g < groups && ov[2 * g] != PCRE2_UNSET)
                lw_sqlbuf_append(out, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
        } else {
            lw_sqlbuf_append(out, &d, 1);
        }
    }
}

static void replace_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pcre2_match_data *md = NULL;
    compiled *c = setup(ctx, argc, argv, 3, &md);
    if (!c)
        return;
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    const char *r = (const char *)sqlite3_value_text(argv[2]);
    size_t rn = (size_t)sqlite3_value_bytes(argv[2]);
    s = s ? s : "";
    r = r ? r : "";
    lw_sqlbuf out = {0};
    size_t from = 0, copied = 0;
    while (from <= n && search(ctx, c, s, n, from, md) > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        /* MariaDB stops at the first empty match, replacing nothing more. */
        if (ov[1] == ov[0])
            break;
        lw_sqlbuf_append(&out, s + copied, ov[0] - copied);
        append_replacement(&out, s, r, rn, md);
        copied = from = ov[1];
    }
    if (copied < n)
        lw_sqlbuf_append(&out, s + copied, n - copied);
    if (out.oom)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text(ctx, out.s ? out.s : "", (int)out.len, SQLITE_TRANSIENT);
    lw_sqlbuf_free(&out);
    pcre2_match_data_free(md);
}

const lw_function_def my_regexp_functions[] = {
    {"my_regexp", 3, MY_SESSION_FN, regexp_func, NULL, NULL, NULL, NULL},
    {"my_regexp_replace", 4, MY_SESSION_FN, replace_func, NULL, NULL, NULL, NULL},
    {"my_regexp_substr", 3, MY_SESSION_FN, substr_func, NULL, NULL, NULL, NULL},
    {"my_regexp_instr", 3, MY_SESSION_FN, instr_func, NULL, NULL, NULL, NULL},
};
const size_t my_regexp_functions_n = sizeof my_regexp_functions / sizeof my_regexp_functions[0];
