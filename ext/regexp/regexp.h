/*
 * Regular expressions on ICU: the plain-C core of the regexp module (no
 * sqlite3_context; ext/regexp/regexp_sql.c is the SQL glue).
 *
 * Two pattern syntaxes share one engine:
 *   - LW_RE_SYNTAX_ICU: the pattern is handed to ICU as written (the REGEXP operator,
 *     like MySQL 8, whose REGEXP is ICU too);
 *   - PostgreSQL's ARE syntax (the regexp_* functions): lw_re_translate() rewrites it
 *     into an equivalent ICU pattern plus ICU flags, or fails with PostgreSQL's own
 *     error message when the pattern is invalid in PostgreSQL or has no faithful
 *     ICU equivalent. It never silently changes what a pattern means.
 *
 * Subjects are validated and converted to UTF-16 once per call (lw_re_subject):
 * ICU's matcher has a fast path for UTF-16 text that is twice as fast as matching
 * through a UTF-8 UText (measured with ICU 72), and positions in UTF-16 are cheap to
 * turn into the code point positions SQL wants. The buffer is reused from row to
 * row and ICU searches the region of it that holds the current subject, which is
 * cheaper than handing ICU a new text for every row (see lw_re_find).
 *
 * Every match runs under a time limit and a backtracking stack limit, so a runaway
 * pattern such as (a+)+b fails with an error instead of hanging.
 *
 * The boolean match (REGEXP, regexp_like) has a fast path: a pattern in a small,
 * conservative subset of ICU's syntax whose meaning is the same in PCRE2 (literals,
 * '.', plain bracket classes, \d, quantifiers, groups, alternation, ^ and $ without
 * the case-insensitive, multi-line or comments flags) is also written as a PCRE2
 * pattern in which every construct is spelled out explicitly (\d as ICU's own list
 * of decimal digits, '.' and $ with ICU's line terminators), compiled with PCRE2's
 * JIT and matched on the UTF-8 bytes, with no conversion. ICU stays the engine for
 * everything else and the reference for the meaning: fuzz/fuzz_regexp_fast.c checks
 * that both answer alike, and a search that reaches PCRE2's limits goes to ICU.
 *
 * Memory: everything is allocated with sqlite3_malloc64 and freed with sqlite3_free;
 * error messages are sqlite3_mprintf strings owned by the caller.
 */
#ifndef LW_REGEXP_H
#define LW_REGEXP_H

#include <stdint.h>
#include <unicode/uregex.h>

/*
 * Work budget of one search, in ICU match-engine steps (a step is about 0.2 ms on a
 * 2020s x86 core): LW_REGEXP_TIME_LIMIT for any subject plus
 * LW_REGEXP_TIME_LIMIT_PER_KB for every KiB of it, so a runaway pattern on a short
 * subject stops within a fraction of a second while a linear search of a large text
 * (about 0.3 steps per KiB for (a|b)c) keeps a wide margin.
 */
#ifndef LW_REGEXP_TIME_LIMIT
#define LW_REGEXP_TIME_LIMIT 1000
#endif
#ifndef LW_REGEXP_TIME_LIMIT_PER_KB
#define LW_REGEXP_TIME_LIMIT_PER_KB 4
#endif
/* Largest backtracking stack one match may use, in bytes. */
#ifndef LW_REGEXP_STACK_LIMIT
#define LW_REGEXP_STACK_LIMIT (8 * 1024 * 1024)
#endif
/* Work budget of one fast-path search, in PCRE2 match-limit units (see pcre2_set_match_limit):
 * LW_REGEXP_FAST_MATCH_LIMIT for any subject plus LW_REGEXP_FAST_MATCH_LIMIT_PER_KB for
 * every KiB of it. A search that reaches it is not an error: ICU answers it instead,
 * under its own limits. */
#ifndef LW_REGEXP_FAST_MATCH_LIMIT
#define LW_REGEXP_FAST_MATCH_LIMIT 1000000
#endif
#ifndef LW_REGEXP_FAST_MATCH_LIMIT_PER_KB
#define LW_REGEXP_FAST_MATCH_LIMIT_PER_KB 10000
#endif
/* Largest stack of one fast-path search, in bytes; past it ICU answers instead. */
#ifndef LW_REGEXP_FAST_STACK_LIMIT
#define LW_REGEXP_FAST_STACK_LIMIT (512 * 1024)
#endif
/* Longest pattern accepted, in bytes of UTF-8. */
#ifndef LW_REGEXP_MAX_PATTERN
#define LW_REGEXP_MAX_PATTERN 65536
#endif
/* Most alternatives a pattern may have and still get a literal prefilter. */
#ifndef LW_REGEXP_MAX_LITERALS
#define LW_REGEXP_MAX_LITERALS 8
#endif
/* Compiled patterns each connection keeps for reuse across statements and rows. */
#ifndef LW_REGEXP_CACHE_SIZE
#define LW_REGEXP_CACHE_SIZE 16
#endif

/* Options: PostgreSQL's flag letters, parsed by lw_re_parse_flags(). */
enum {
    LW_RE_ICASE = 1 << 0,      /* i: case-insensitive (c clears it) */
    LW_RE_NLSTOP = 1 << 1,     /* n, m, p: '.' and [^...] do not match a newline */
    LW_RE_NLANCH = 1 << 2,     /* n, m, w: ^ and $ also match at newlines */
    LW_RE_EXPANDED = 1 << 3,   /* x: white space and # comments ignored (t clears it) */
    LW_RE_QUOTE = 1 << 4,      /* q: the whole pattern is a literal string */
    LW_RE_GLOBAL = 1 << 5,     /* g: every match (regexp_replace only) */
    LW_RE_SYNTAX_ICU = 1 << 6, /* the pattern is ICU syntax, not PostgreSQL's */
    LW_RE_BASIC = 1 << 7,      /* b: POSIX basic syntax (not implemented; q clears it) */
    LW_RE_EXTENDED = 1 << 8    /* e: POSIX extended syntax (not implemented; q clears it) */
};

/*
 * Parses a PostgreSQL flags string (later letters win, as in PostgreSQL) into *opts,
 * which holds the defaults on entry. Returns 0, or -1 with *err set (sqlite3_mprintf,
 * caller frees) to 'invalid regular expression option: "z"' for the first letter
 * PostgreSQL does not know. Letters PostgreSQL knows but that cannot be honoured are
 * recorded in *opts for lw_re_check_flags, which PostgreSQL's order of errors asks to
 * run later (after the "global" check).
 */
int lw_re_parse_flags(const char *flags, int len, unsigned *opts, char **err);

typedef enum lw_re_flags_status {
    LW_RE_FLAGS_OK,
    /* q (a literal pattern) with x, n, m, p or w still in effect: PostgreSQL's regcomp
     * refuses the combination ("invalid regular expression: invalid argument to regex
     * function", SQLSTATE 2201B) before it reads the pattern. */
    LW_RE_FLAGS_INVALID_COMBINATION,
    /* b or e (POSIX basic or extended syntax) still in effect: PostgreSQL has them,
     * this engine does not (only the advanced syntax is translated). */
    LW_RE_FLAGS_UNSUPPORTED_SYNTAX,
} lw_re_flags_status;

/* Checks options parsed by lw_re_parse_flags as PostgreSQL does when it compiles. */
lw_re_flags_status lw_re_check_flags(unsigned opts);

/*
 * Translates the PostgreSQL ARE pattern pat (UTF-8, len bytes) into an ICU pattern
 * (UTF-8, NUL-terminated, *out owned by the caller) and ICU flags. Embedded options
 * at the start of the pattern ((?i), ***=) update *opts. Returns 0, or -1 with
 * *reason set to a static PostgreSQL-style reason ("parentheses () not balanced").
 * *out is NULL after a failure or when memory runs out (then *reason is NULL).
 */
int lw_re_translate(const char *pat, int len, unsigned *opts, char **out, int *out_len,
                    uint32_t *icu_flags, const char **reason);

/* A literal a match may start with, in both encodings. */
typedef struct lw_re_literal {
    UChar *u16;
    int32_t u16_len;
    char *u8;
    int32_t u8_len;
} lw_re_literal;

/* A compiled pattern, shared by reference between the per-connection cache and the
 * statements that use it (sqlite3_set_auxdata). */
typedef struct lw_regex {
    int refs;
    URegularExpression *rx;
    int32_t groups; /* number of capturing groups */
    unsigned opts;  /* the options it was compiled with (part of its key) */
    char *pattern;  /* the pattern as the user wrote it (key) */
    int pattern_len;
    uint32_t hash;                  /* of opts and pattern */
    struct lw_re_literal *literals; /* every match starts with one of them */
    int n_literals;                 /* 0: no prefilter */
    int literal_only;               /* the pattern is nothing but its literals */
    int literals_icase;    /* the literals are lower-case ASCII, compared without case, and only
                              on all-ASCII subjects */
    int has_first_class;   /* without literals: every match starts with a character of */
    uint64_t first_set[2]; /* these ASCII characters */
    int first_nonascii;    /* or (when 1) possibly any non-ASCII one, */
    int first_anchored;    /* and only at the start of the subject */
    struct USet *folds_to_ascii; /* with literals_icase: the characters that may match
                                    ASCII letters without being ASCII */
    uint64_t folds_lead[4];      /* the first UTF-8 bytes of the characters in folds_to_ascii */
    const struct lw_re_subject *bound_subject; /* the buffer ICU holds: subject, */
    uint64_t bound_generation;                 /* its buffer_generation, */
    const UChar *bound_text;                   /* buffer */
    int32_t bound_len;                         /* and length given to ICU */
    int32_t time_limit;                        /* the steps ICU currently allows */
    struct lw_re_fast *fast; /* the PCRE2 form of the pattern (NULL: no fast path) */
} lw_regex;

/*
 * Compiles pattern (UTF-8) with options opts for function fn, whose argument argno
 * holds the pattern. Returns a new lw_regex with one reference (release it with
 * lw_regex_unref), or NULL with *err set: invalid UTF-8, an invalid pattern, a
 * pattern longer than LW_REGEXP_MAX_PATTERN, or out of memory (then *err is NULL).
 */
lw_regex *lw_regex_compile(const char *fn, int argno, const char *pattern, int len, unsigned opts,
                           char **err);
void lw_regex_ref(lw_regex *re);
/* Drops one reference; the last one closes the ICU pattern. Accepts void* so it can
 * be an auxdata destructor. */
void lw_regex_unref(void *re);

/*
 * A cheap test on the bytes of text before validating and converting it:
 * LW_RE_PREFILTER_NO when text cannot contain a match (it holds none of the literals
 * every match starts with, or no character of the class every match starts with),
 * LW_RE_PREFILTER_YES when it certainly does (the pattern is nothing but literals and one occurs),
 * else LW_RE_PREFILTER_MAYBE. *validated says whether it found text to be valid UTF-8 on the way;
 * when 0 the caller must still check before answering NO or YES.
 */
enum { LW_RE_PREFILTER_NO, LW_RE_PREFILTER_MAYBE, LW_RE_PREFILTER_YES };
int lw_re_prefilter(const lw_regex *re, const char *text, int32_t len, int *validated);

/*
 * The fast-path gate: when the ICU pattern pat (UTF-8, len bytes, valid and accepted by
 * ICU) with ICU flags icu_flags is in the subset whose meaning PCRE2 shares, writes the
 * equivalent PCRE2 pattern to *out (NUL-terminated, sqlite3_malloc64, caller frees)
 * and the PCRE2 compile options to *pcre2_options, and returns 1. Returns 0 when the
 * pattern is outside the subset, -1 when out of memory.
 */
int lw_re_fast_translate(const char *pat, int32_t len, uint32_t icu_flags, char **out,
                         uint32_t *pcre2_options);

/*
 * The fast path's answer for valid UTF-8 text (len bytes): 1 when re matches
 * somewhere, 0 when it does not, -1 when it cannot tell (re has no fast path, or the
 * search reached the fast path's limits): then ICU must answer.
 */
int lw_re_fast_match(lw_regex *re, const char *text, int32_t len);

/* The per-connection least-recently-used cache of compiled patterns. */
typedef struct lw_regex_cache {
    lw_regex *entries[LW_REGEXP_CACHE_SIZE];
    uint64_t last_used[LW_REGEXP_CACHE_SIZE];
    uint64_t clock;
} lw_regex_cache;

/* Returns a new reference to the compiled form of (pattern, opts), from the cache or
 * freshly compiled and cached (evicting the least recently used entry). Errors as
 * lw_regex_compile. */
lw_regex *lw_regex_cache_get(lw_regex_cache *cache, const char *fn, int argno, const char *pattern,
                             int len, unsigned opts, char **err);
/* Drops every cached reference. */
void lw_regex_cache_clear(lw_regex_cache *cache);

/*
 * A subject in UTF-16, converted from validated UTF-8. The buffer belongs to the
 * subject and is reused across calls (lw_re_subject_free releases it).
 */
typedef struct lw_re_subject {
    UChar *text;
    int32_t len;                /* UTF-16 code units */
    int64_t capacity;           /* UChars allocated */
    int ascii;                  /* every character is ASCII: UTF-16 index = character index */
    uint64_t buffer_generation; /* changes whenever the buffer is allocated or freed, so
                                   a pattern knows when ICU's pointer to it is stale */
} lw_re_subject;

/* A subject buffer larger than this many UChars is freed after the call that needed
 * it instead of being kept for the next row. */
#ifndef LW_REGEXP_KEEP_BUFFER
#define LW_REGEXP_KEEP_BUFFER 65536
#endif

/* Converts utf8 (len bytes). Returns 0; -1 on invalid UTF-8 with *bad_byte the
 * 0-based offset of the first invalid byte; -2 when out of memory. */
int lw_re_subject_set(lw_re_subject *subject, const char *utf8, int32_t len, int64_t *bad_byte);
/* Frees the buffer when it is larger than LW_REGEXP_KEEP_BUFFER. */
void lw_re_subject_trim(lw_re_subject *subject);
void lw_re_subject_free(lw_re_subject *subject);

/* The UTF-16 index of the 1-based character position pos; -1 when pos is below 1 or
 * more than one past the last character. */
int32_t lw_re_subject_index(const lw_re_subject *subject, int64_t pos);
/* The 1-based character position of UTF-16 index i. */
int64_t lw_re_subject_position(const lw_re_subject *subject, int32_t i);

/* One match: UTF-16 start and end of the whole match and of each group (-1 when a
 * group did not take part). */
typedef struct lw_re_match {
    int32_t start, end;
} lw_re_match;

/*
 * Finds the first match starting at UTF-16 index from or later (the text before from
 * still counts for ^, \b and lookbehind, as in PostgreSQL). Returns 1 with
 * *match set, 0 when there is none, or -1 with *err set: the time or stack limit was
 * exceeded ("fn(): pattern '...' exceeded the time limit: U_REGEX_TIME_OUT"), or
 * another ICU failure.
 */
int lw_re_find(lw_regex *re, const lw_re_subject *subject, int32_t from, lw_re_match *match,
               const char *fn, char **err);

/* The UTF-16 span of group g (0 is the whole match) of the last successful find;
 * start is -1 when the group did not take part. */
void lw_re_group(lw_regex *re, int32_t g, lw_re_match *span);

/*
 * PostgreSQL's iteration: the next search starts where the previous match ended, one
 * character later after an empty match. Returns the index for the next search, or
 * -1 when the subject is exhausted.
 */
int32_t lw_re_next_start(const lw_re_subject *subject, const lw_re_match *match);

/*
 * regexp_replace's work: replaces, from UTF-16 index from, the nth match (n >= 1),
 * or every match when n is 0, by replacement (PostgreSQL escapes: \1..\9 a group,
 * empty when it did not take part or does not exist, \& the whole match, \\ one
 * backslash; any other backslash stays as it is). The result is UTF-8 in *out
 * (sqlite3_malloc64, caller frees) of *out_len bytes. Returns 0; -1 with *err set
 * (a limit exceeded); -2 when the result would pass max_len bytes, or -3 when out of
 * memory.
 */
int lw_re_replace(lw_regex *re, const lw_re_subject *subject, int32_t from, int64_t n,
                  const lw_re_subject *replacement, int64_t max_len, const char *fn, char **out,
                  int64_t *out_len, char **err);

/* UTF-8 text of the UTF-16 span [start, end) of subject (sqlite3_malloc64, caller
 * frees), *out_len its length in bytes; NULL when out of memory. */
char *lw_re_subject_utf8(const lw_re_subject *subject, int32_t start, int32_t end,
                         int64_t *out_len);

/* Whether c is an ASCII letter or digit (both translations and the prefilter ask). */
static inline int lw_re_is_ascii_alnum(UChar32 c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

#endif
