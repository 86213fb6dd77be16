/*
 * SQL functions of the text module (docs/text.md has examples with real output).
 *
 *   lower(X [, LOCALE]), upper(X [, LOCALE])
 *       full Unicode case mapping with special casing (upper('straße') = 'STRASSE',
 *       final sigma); LOCALE is a BCP 47 tag or ICU locale ID ('tr', 'tr-TR', 'tr_TR')
 *       and must name a language ICU knows, else "lower(): unknown locale 'xx' in
 *       argument 2". They replace SQLite's ASCII-only built-ins.
 *   casefold(X)             full case folding (casefold('Straße') = 'strasse')
 *   simple_upper(X)         each code point to its simple uppercase mapping, so the
 *                           length in code points is kept (simple_upper('straße') =
 *                           'STRAßE'): PostgreSQL's upper() under a libc UTF-8
 *                           locale, which Django's i-lookups compare on PostgreSQL
 *   normalize(X [, FORM])   NFC (default), NFD, NFKC or NFKD (any letter case);
 *                           another form is an error
 *   unaccent(X)             removes nonspacing marks ('Crème Brûlée' -> 'Creme Brulee')
 *   like(P, X), like(P, X, E)
 *       X LIKE P [ESCAPE E], replacing the built-in: in the connection's mode,
 *       'insensitive' (default: simple 1:1 case folding of all of Unicode) or
 *       'sensitive' (code points compare exactly). No default escape character, as
 *       in SQLite. Errors as SQLite's: "LIKE or GLOB pattern too complex" beyond
 *       SQLITE_LIMIT_LIKE_PATTERN_LENGTH bytes, "ESCAPE expression must be a single
 *       character"; a pattern ending in the escape character is an error (PostgreSQL's
 *       rule; SQLite silently matched nothing).
 *   lw_like_mode([MODE])    returns the mode before the call; sets 'insensitive' or
 *                           'sensitive' (ASCII case-insensitive); anything else is an
 *                           error. PRAGMA case_sensitive_like re-registers SQLite's
 *                           built-in like(), and the mode no longer applies.
 *   ilike(P, X [, E])       case-insensitive LIKE whatever the mode
 *   iexact(A, B)            A and B equal after simple case folding
 *   contains(H, N), startswith(H, N), endswith(H, N) and icontains, istartswith,
 *   iendswith               literal tests (no wildcards); the i-forms fold as ilike
 *
 * NULL in any argument gives NULL. Transformations (lower, upper, casefold,
 * simple_upper, normalize, unaccent) reject invalid UTF-8 ("lower(): invalid UTF-8 in argument 1
 * at byte K", K counting from 1) and BLOB arguments. Predicates never fail on their
 * data: a BLOB is matched as its bytes and each invalid UTF-8 byte is a character of
 * its own that equals only the same byte. Patterns are compiled once per statement
 * (auxiliary data on the pattern argument) and matched in linear time (like.h).
 */
#include "text/text_sql.h"
#include "common/glue.h"
#include "common/icu_util.h"
#include "text/like.h"
#include "text/text.h"

#include <string.h>

/* Per-connection state of the module, shared by all its functions. */
typedef struct text_state {
    lw_shared shared;
    int like_sensitive;       /* lw_like_mode: 0 insensitive (default), 1 sensitive */
    lw_casemap *root_casemap; /* lower/upper/casefold without a locale */
} text_state;

static void text_state_destroy(lw_shared *shared)
{
    text_state *state = (text_state *)shared;
    lw_casemap_close(state->root_casemap);
    sqlite3_free(state);
}

/* Sets the error result for a failed core call on argument arg (0-based). */
static void text_error(sqlite3_context *ctx, const char *fn, lw_text_rc rc, int arg, int64_t bad_at,
                       UErrorCode status)
{
    switch (rc) {
    case LW_TEXT_INVALID_UTF8:
        lw_result_invalid_utf8(ctx, fn, arg + 1, bad_at);
        break;
    case LW_TEXT_TOOBIG:
        sqlite3_result_error_toobig(ctx);
        break;
    case LW_TEXT_ICU: {
        char *msg = lw_icu_errmsg(fn, "ICU failed", status);
        if (msg)
            sqlite3_result_error(ctx, msg, -1);
        else
            sqlite3_result_error_nomem(ctx);
        sqlite3_free(msg);
        break;
    }
    default:
        sqlite3_result_error_nomem(ctx);
        break;
    }
}

/* Hands a core result to SQLite, which frees it. */
static void result_owned_text(sqlite3_context *ctx, char *text, size_t len)
{
    sqlite3_result_text64(ctx, text, (sqlite3_uint64)len, sqlite3_free, SQLITE_UTF8);
}

static void case_common(sqlite3_context *ctx, int argc, sqlite3_value **argv, const char *fn,
                        lw_case_op op)
{
    text_state *state = sqlite3_user_data(ctx);
    const char *s, *locale;
    int n, locale_len;
    lw_casemap *map = state->root_casemap, *new_map = NULL;
    if (lw_arg_text(ctx, fn, argv, 0, &s, &n) <= 0)
        return;
    if (argc == 2) {
        if (lw_arg_text(ctx, fn, argv, 1, &locale, &locale_len) <= 0)
            return;
        map = sqlite3_get_auxdata(ctx, 1);
        if (!map) {
            UErrorCode status;
            /* A NUL inside the value would hide the rest from ICU. */
            lw_text_rc rc = strlen(locale) == (size_t)locale_len
                                ? lw_casemap_open(locale, &new_map, &status)
                                : LW_TEXT_BAD_LOCALE;
            if (rc == LW_TEXT_BAD_LOCALE) {
                lw_result_errorf(ctx, "%s(): unknown locale '%q' in argument 2", fn, locale);
                return;
            }
            if (rc != LW_TEXT_OK) {
                text_error(ctx, fn, rc, 1, 0, status);
                return;
            }
            map = new_map;
        }
    }
    char *out;
    size_t out_len;
    int64_t bad_at = 0;
    UErrorCode status;
    lw_text_rc rc = lw_text_case(map, op, s, (size_t)n, &out, &out_len, &bad_at, &status);
    if (rc == LW_TEXT_OK)
        result_owned_text(ctx, out, out_len);
    else
        text_error(ctx, fn, rc, 0, bad_at, status);
    /* Last: SQLite may free the mapper at once when it cannot keep it. */
    if (new_map)
        sqlite3_set_auxdata(ctx, 1, new_map, (void (*)(void *))lw_casemap_close);
}

static void lower_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    case_common(ctx, argc, argv, "lower", LW_CASE_LOWER);
}

static void upper_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    case_common(ctx, argc, argv, "upper", LW_CASE_UPPER);
}

static void casefold_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    case_common(ctx, argc, argv, "casefold", LW_CASE_FOLD);
}

static void simple_upper_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *s;
    int n;
    if (lw_arg_text(ctx, "simple_upper", argv, 0, &s, &n) <= 0)
        return;
    char *out;
    size_t out_len;
    int64_t bad_at = 0;
    lw_text_rc rc = lw_text_simple_upper(s, (size_t)n, &out, &out_len, &bad_at);
    if (rc == LW_TEXT_OK)
        result_owned_text(ctx, out, out_len);
    else
        text_error(ctx, "simple_upper", rc, 0, bad_at, U_ZERO_ERROR);
}

static void normalize_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *s, *form_name;
    int n, form_len;
    lw_norm_form form = LW_NFC;
    if (lw_arg_text(ctx, "normalize", argv, 0, &s, &n) <= 0)
        return;
    if (argc == 2) {
        if (lw_arg_text(ctx, "normalize", argv, 1, &form_name, &form_len) <= 0)
            return;
        if (strlen(form_name) != (size_t)form_len || !lw_norm_form_parse(form_name, &form)) {
            lw_result_errorf(ctx,
                             "normalize(): unknown normalization form '%q' in argument 2 "
                             "(expected NFC, NFD, NFKC or NFKD)",
                             form_name);
            return;
        }
    }
    char *out;
    size_t out_len;
    int64_t bad_at = 0;
    UErrorCode status;
    lw_text_rc rc = lw_text_normalize(form, s, (size_t)n, &out, &out_len, &bad_at, &status);
    if (rc == LW_TEXT_OK)
        result_owned_text(ctx, out, out_len);
    else
        text_error(ctx, "normalize", rc, 0, bad_at, status);
}

static void unaccent_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *s;
    int n;
    if (lw_arg_text(ctx, "unaccent", argv, 0, &s, &n) <= 0)
        return;
    char *out;
    size_t out_len;
    int64_t bad_at = 0;
    UErrorCode status;
    lw_text_rc rc = lw_text_unaccent(s, (size_t)n, &out, &out_len, &bad_at, &status);
    if (rc == LW_TEXT_OK)
        result_owned_text(ctx, out, out_len);
    else
        text_error(ctx, "unaccent", rc, 0, bad_at, status);
}

/* What a matching function is: where its pattern and subject are, how it compiles. */
typedef struct match_kind {
    const char *fn;
    int pattern_arg, subject_arg;
    unsigned flags;  /* LW_LIKE_* compile flags besides the connection's mode */
    int like_syntax; /* like()/ilike(): pattern length limit and ESCAPE apply */
} match_kind;

/*
 * The body of every matching function. Reads arguments as SQLite's like() does (a
 * BLOB is its bytes), reuses the pattern compiled for this statement when the escape
 * and flags are the same, and caches a newly compiled one on the pattern argument.
 */
static void match_common(sqlite3_context *ctx, int argc, sqlite3_value **argv,
                         const match_kind *kind, unsigned flags)
{
    int32_t escape = LW_LIKE_NO_ESCAPE;
    sqlite3_value *pattern_value = argv[kind->pattern_arg];
    if (kind->like_syntax) {
        sqlite3 *db = sqlite3_context_db_handle(ctx);
        if (sqlite3_value_bytes(pattern_value) >
            sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, -1)) {
            sqlite3_result_error(ctx, "LIKE or GLOB pattern too complex", -1);
            return;
        }
        if (argc == 3) {
            const char *e = (const char *)sqlite3_value_text(argv[2]);
            if (!e)
                return;
            escape = lw_like_char(e, (size_t)sqlite3_value_bytes(argv[2]));
            if (escape < 0) {
                sqlite3_result_error(ctx, "ESCAPE expression must be a single character", -1);
                return;
            }
        }
    }
    const char *pattern = (const char *)sqlite3_value_text(pattern_value);
    int pattern_len = sqlite3_value_bytes(pattern_value);
    const char *subject = (const char *)sqlite3_value_text(argv[kind->subject_arg]);
    int subject_len = sqlite3_value_bytes(argv[kind->subject_arg]);
    /* NULL text from a value that is not NULL means SQLite ran out of memory. */
    if (!pattern || !subject) {
        if ((!pattern && sqlite3_value_type(pattern_value) != SQLITE_NULL) ||
            (!subject && sqlite3_value_type(argv[kind->subject_arg]) != SQLITE_NULL))
            sqlite3_result_error_nomem(ctx);
        return;
    }
    lw_like_pattern *compiled = sqlite3_get_auxdata(ctx, kind->pattern_arg), *fresh = NULL;
    if (!compiled || lw_like_pattern_escape(compiled) != escape ||
        lw_like_pattern_flags(compiled) != flags) {
        lw_like_rc rc = lw_like_compile(pattern, (size_t)pattern_len, escape, flags, &fresh);
        if (rc == LW_LIKE_TRAILING_ESCAPE) {
            lw_result_errorf(ctx, "%s(): LIKE pattern '%q' must not end with escape character",
                             kind->fn, pattern);
            return;
        }
        if (rc != LW_LIKE_OK) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
        compiled = fresh;
    }
    sqlite3_result_int(ctx, lw_like_match(compiled, subject, (size_t)subject_len));
    /* Last: SQLite may free the pattern at once when it cannot keep it. */
    if (fresh)
        sqlite3_set_auxdata(ctx, kind->pattern_arg, fresh, (void (*)(void *))lw_like_free);
}

#define OPEN_BOTH (LW_LIKE_OPEN_START | LW_LIKE_OPEN_END)

static const match_kind like_kind = {"like", 0, 1, 0, 1};
static const match_kind ilike_kind = {"ilike", 0, 1, LW_LIKE_FOLD, 1};
static const match_kind iexact_kind = {"iexact", 1, 0, LW_LIKE_LITERAL | LW_LIKE_FOLD, 0};
static const match_kind contains_kind = {"contains", 1, 0, LW_LIKE_LITERAL | OPEN_BOTH, 0};
static const match_kind icontains_kind = {"icontains", 1, 0,
                                          LW_LIKE_LITERAL | OPEN_BOTH | LW_LIKE_FOLD, 0};
static const match_kind startswith_kind = {"startswith", 1, 0, LW_LIKE_LITERAL | LW_LIKE_OPEN_END,
                                           0};
static const match_kind istartswith_kind = {"istartswith", 1, 0,
                                            LW_LIKE_LITERAL | LW_LIKE_OPEN_END | LW_LIKE_FOLD, 0};
static const match_kind endswith_kind = {"endswith", 1, 0, LW_LIKE_LITERAL | LW_LIKE_OPEN_START, 0};
static const match_kind iendswith_kind = {"iendswith", 1, 0,
                                          LW_LIKE_LITERAL | LW_LIKE_OPEN_START | LW_LIKE_FOLD, 0};

static void like_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    text_state *state = sqlite3_user_data(ctx);
    match_common(ctx, argc, argv, &like_kind, state->like_sensitive ? 0 : LW_LIKE_FOLD);
}

/* Defines the xFunc of a matching function whose flags do not depend on the mode. */
#define MATCH_FUNC(name)                                                                           \
    static void name##_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)                  \
    {                                                                                              \
        match_common(ctx, argc, argv, &name##_kind, name##_kind.flags);                            \
    }

MATCH_FUNC(ilike)
MATCH_FUNC(iexact)
MATCH_FUNC(contains)
MATCH_FUNC(icontains)
MATCH_FUNC(startswith)
MATCH_FUNC(istartswith)
MATCH_FUNC(endswith)
MATCH_FUNC(iendswith)

static void like_mode_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    text_state *state = sqlite3_user_data(ctx);
    const char *before = state->like_sensitive ? "sensitive" : "insensitive";
    if (argc == 1) {
        const char *mode = (const char *)sqlite3_value_text(argv[0]);
        /* A NUL inside the value must not make 'sensitive<NUL>x' read as a mode. */
        if (mode && strlen(mode) != (size_t)sqlite3_value_bytes(argv[0])) {
            lw_result_errorf(ctx, "lw_like_mode(): invalid mode in argument 1: it contains a "
                                  "NUL byte");
            return;
        }
        if (mode && sqlite3_stricmp(mode, "insensitive") == 0) {
            state->like_sensitive = 0;
        } else if (mode && sqlite3_stricmp(mode, "sensitive") == 0) {
            state->like_sensitive = 1;
        } else {
            lw_result_errorf(ctx,
                             "lw_like_mode(): invalid mode %Q in argument 1 (expected "
                             "'insensitive' or 'sensitive')",
                             mode);
            return;
        }
    }
    sqlite3_result_text(ctx, before, -1, SQLITE_STATIC);
}

static const lw_function_def text_functions[] = {
    {"lower", 1, LW_PURE, lower_func, NULL, NULL, NULL, NULL},
    {"lower", 2, LW_PURE, lower_func, NULL, NULL, NULL, NULL},
    {"upper", 1, LW_PURE, upper_func, NULL, NULL, NULL, NULL},
    {"upper", 2, LW_PURE, upper_func, NULL, NULL, NULL, NULL},
    {"casefold", 1, LW_PURE, casefold_func, NULL, NULL, NULL, NULL},
    {"simple_upper", 1, LW_PURE, simple_upper_func, NULL, NULL, NULL, NULL},
    {"normalize", 1, LW_PURE, normalize_func, NULL, NULL, NULL, NULL},
    {"normalize", 2, LW_PURE, normalize_func, NULL, NULL, NULL, NULL},
    {"unaccent", 1, LW_PURE, unaccent_func, NULL, NULL, NULL, NULL},
    /* like() keeps the built-in's flags (deterministic, innocuous) so that schemas
     * using LIKE in CHECK constraints, indexes and views keep working. */
    {"like", 2, LW_PURE, like_func, NULL, NULL, NULL, NULL},
    {"like", 3, LW_PURE, like_func, NULL, NULL, NULL, NULL},
    {"lw_like_mode", 0, LW_STATEFUL, like_mode_func, NULL, NULL, NULL, NULL},
    {"lw_like_mode", 1, LW_STATEFUL, like_mode_func, NULL, NULL, NULL, NULL},
    {"ilike", 2, LW_PURE, ilike_func, NULL, NULL, NULL, NULL},
    {"ilike", 3, LW_PURE, ilike_func, NULL, NULL, NULL, NULL},
    {"iexact", 2, LW_PURE, iexact_func, NULL, NULL, NULL, NULL},
    {"contains", 2, LW_PURE, contains_func, NULL, NULL, NULL, NULL},
    {"icontains", 2, LW_PURE, icontains_func, NULL, NULL, NULL, NULL},
    {"startswith", 2, LW_PURE, startswith_func, NULL, NULL, NULL, NULL},
    {"istartswith", 2, LW_PURE, istartswith_func, NULL, NULL, NULL, NULL},
    {"endswith", 2, LW_PURE, endswith_func, NULL, NULL, NULL, NULL},
    {"iendswith", 2, LW_PURE, iendswith_func, NULL, NULL, NULL, NULL},
};

int lw_text_register(sqlite3 *db, char **pzErr)
{
    text_state *state = sqlite3_malloc64(sizeof *state);
    if (!state)
        return SQLITE_NOMEM;
    state->like_sensitive = 0;
    state->root_casemap = NULL;
    lw_shared_init(&state->shared, text_state_destroy);
    UErrorCode status;
    if (lw_casemap_open(NULL, &state->root_casemap, &status) != LW_TEXT_OK) {
        *pzErr = lw_icu_errmsg("lower", "cannot open the root case mapper", status);
        lw_shared_release(&state->shared);
        return SQLITE_ERROR;
    }
    int rc =
        lw_register_functions(db, text_functions, sizeof text_functions / sizeof text_functions[0],
                              &state->shared, pzErr);
    lw_shared_release(&state->shared);
    return rc;
}
