/*
 * The regexp module's core: compiled patterns (ICU, and PCRE2 with its JIT for the
 * fast path) with a literal-prefix prefilter, a small LRU cache, UTF-16 subjects,
 * PostgreSQL's match iteration and regexp_replace. The patterns themselves are
 * translated by regexp_translate.c. See regexp.h.
 */
#include "regexp/regexp.h"
#include "common/hex.h"
#include "common/icu_util.h"
#include "common/lw_sqlite.h"
#include "common/utf8.h"

#include <string.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <unicode/uchar.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

/* ---------------------------------------------------------------------------------
 * The fast path's matcher: PCRE2 with its JIT, every allocation through SQLite's.
 */
struct lw_re_fast {
    pcre2_general_context *memory;
    pcre2_code *code;
    pcre2_match_data *match;
    pcre2_match_context *limits;
    pcre2_jit_stack *stack;
    uint32_t match_limit; /* the limit currently set in limits */
    char *copy;           /* the subject, padded (see lw_re_fast_match) */
    size_t copy_capacity;
};

static void *fast_malloc(PCRE2_SIZE size, void *unused)
{
    (void)unused;
    return sqlite3_malloc64((sqlite3_uint64)size);
}

static void fast_free(void *p, void *unused)
{
    (void)unused;
    sqlite3_free(p);
}

static void fast_free_all(struct lw_re_fast *f)
{
    if (!f)
        return;
    sqlite3_free(f->copy);
    pcre2_jit_stack_free(f->stack);
    pcre2_match_context_free(f->limits);
    pcre2_match_data_free(f->match);
    pcre2_code_free(f->code);
    pcre2_general_context_free(f->memory);
    sqlite3_free(f);
}

/* The fast path of pattern (ICU syntax, as ICU compiled it), or NULL: outside the
 * gate's subset, refused by PCRE2, no JIT on this machine, or out of memory. It is
 * an optimisation only, so every failure leaves the pattern on ICU. */
static struct lw_re_fast *fast_compile(const char *pattern, int32_t len, uint32_t icu_flags)
{
    char *translated = NULL;
    uint32_t options = 0;
    if (lw_re_fast_translate(pattern, len, icu_flags, &translated, &options) != 1)
        return NULL;
    struct lw_re_fast *f = sqlite3_malloc64(sizeof *f);
    if (!f) {
        sqlite3_free(translated);
        return NULL;
    }
    memset(f, 0, sizeof *f);
    int error = 0;
    PCRE2_SIZE offset = 0;
    pcre2_compile_context *compile = NULL;
    f->memory = pcre2_general_context_create(fast_malloc, fast_free, NULL);
    if (f->memory)
        compile = pcre2_compile_context_create(f->memory);
    if (compile)
        f->code = pcre2_compile((PCRE2_SPTR)translated, PCRE2_ZERO_TERMINATED, options, &error,
                                &offset, compile);
    pcre2_compile_context_free(compile);
    sqlite3_free(translated);
    if (!f->code || pcre2_jit_compile(f->code, PCRE2_JIT_COMPLETE) != 0)
        goto fail;
    f->match = pcre2_match_data_create(1, f->memory);
    f->limits = pcre2_match_context_create(f->memory);
    f->stack = pcre2_jit_stack_create(32 * 1024, LW_REGEXP_FAST_STACK_LIMIT, f->memory);
    if (!f->match || !f->limits || !f->stack)
        goto fail;
    pcre2_jit_stack_assign(f->limits, NULL, f->stack);
    return f;
fail:
    fast_free_all(f);
    return NULL;
}

int lw_re_fast_match(lw_regex *re, const char *text, int32_t len)
{
    struct lw_re_fast *f = re->fast;
    if (!f)
        return -1;
    int64_t limit =
        LW_REGEXP_FAST_MATCH_LIMIT + (int64_t)LW_REGEXP_FAST_MATCH_LIMIT_PER_KB * (len / 1024);
    if (limit > UINT32_MAX)
        limit = UINT32_MAX;
    if ((uint32_t)limit != f->match_limit) {
        pcre2_set_match_limit(f->limits, (uint32_t)limit);
        f->match_limit = (uint32_t)limit;
    }
    /* PCRE2's JIT searches with 16-byte loads that may reach up to 15 bytes past the
     * subject (harmless on the hardware, as they stay in one aligned block, but
     * outside SQLite's allocation, which valgrind rightly reports). So it is given a
     * copy in a buffer padded to whole, initialised 16-byte blocks. */
    size_t need = ((size_t)len + 32) & ~(size_t)15;
    if (need > f->copy_capacity) {
        sqlite3_free(f->copy);
        f->copy_capacity = 0;
        f->copy = sqlite3_malloc64(need);
        if (!f->copy)
            return -1; /* ICU answers */
        memset(f->copy, 0, need);
        f->copy_capacity = need;
    }
    memcpy(f->copy, text, (size_t)len);
    int rc = pcre2_jit_match(f->code, (PCRE2_SPTR)f->copy, (PCRE2_SIZE)len, 0, PCRE2_NO_UTF_CHECK,
                             f->match, f->limits);
    if (f->copy_capacity > LW_REGEXP_KEEP_BUFFER) {
        sqlite3_free(f->copy);
        f->copy = NULL;
        f->copy_capacity = 0;
    }
    if (rc >= 0)
        return 1;
    return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

/* ---------------------------------------------------------------------------------
 * Compiled patterns.
 */

static void free_prefilter(lw_regex *re)
{
    for (int i = 0; i < re->n_literals; i++) {
        sqlite3_free(re->literals[i].u16);
        sqlite3_free(re->literals[i].u8);
    }
    sqlite3_free(re->literals);
    re->literals = NULL;
    re->n_literals = 0;
    re->literals_icase = 0;
    re->literal_only = 0;
    if (re->folds_to_ascii)
        uset_close(re->folds_to_ascii);
    re->folds_to_ascii = NULL;
    memset(re->folds_lead, 0, sizeof re->folds_lead);
}

/*
 * The non-ASCII characters whose full case folding contains an ASCII character (K,
 * long s, sharp s, the fi ligature...). Only they can take part in a
 * case-insensitive match of an ASCII literal, since ICU compares case-folded text;
 * a subject with none of them can be prefiltered by an ASCII search. Computed from
 * ICU's data: the characters that change when case-folded, folded one by one.
 */
static USet *characters_folding_to_ascii(void)
{
    UErrorCode status = U_ZERO_ERROR;
    USet *changing = uset_openEmpty();
    USet *result = uset_openEmpty();
    if (!changing || !result)
        goto fail;
    uset_applyIntPropertyValue(changing, UCHAR_CHANGES_WHEN_CASEFOLDED, 1, &status);
    if (U_FAILURE(status))
        goto fail;
    int32_t ranges = uset_getItemCount(changing);
    for (int32_t r = 0; r < ranges; r++) {
        UChar32 lo, hi;
        status = U_ZERO_ERROR;
        if (uset_getItem(changing, r, &lo, &hi, NULL, 0, &status) != 0 || U_FAILURE(status))
            continue; /* a string item: there are none in a property set */
        for (UChar32 c = lo < 0x80 ? 0x80 : lo; c <= hi; c++) {
            UChar in[2], folded[8];
            int32_t n = 0;
            U16_APPEND_UNSAFE(in, n, c);
            status = U_ZERO_ERROR;
            int32_t len = u_strFoldCase(folded, 8, in, n, U_FOLD_CASE_DEFAULT, &status);
            for (int32_t k = 0; U_SUCCESS(status) && k < len && k < 8; k++)
                if (folded[k] < 0x80) {
                    uset_add(result, c);
                    break;
                }
        }
    }
    uset_close(changing);
    uset_freeze(result);
    return result;
fail:
    if (changing)
        uset_close(changing);
    if (result)
        uset_close(result);
    return NULL;
}

/*
 * The literal text a match must start with, read conservatively from the front of a
 * branch of an ICU pattern: letters, digits, spaces, non-ASCII characters, some
 * ASCII punctuation and escaped ASCII punctuation, up to the first other syntax. A
 * quantifier that may repeat the last character zero times drops it. Returns the
 * prefix's length in UTF-16 units written to out (0: none).
 */
static int32_t branch_prefix(const char *pat, int32_t len, int icase, UChar *out, int *whole)
{
    int32_t n = 0, last = -1, i = 0;
    *whole = 0;
    while (i < len) {
        UChar32 c;
        U8_NEXT(pat, i, len, c);
        if (c == '*' || c == '?' || c == '{') {
            if (last >= 0)
                n = last;
            break;
        }
        if (c == '\\') {
            if (i >= len)
                break;
            unsigned char e = (unsigned char)pat[i];
            if (e < 0x21 || e > 0x7E || lw_re_is_ascii_alnum(e))
                break;
            c = e;
            i++;
        } else if (c == '[' && i + 1 < len && lw_re_is_ascii_alnum((unsigned char)pat[i]) &&
                   pat[i + 1] == ']') {
            /* A set of one letter or digit is that character (the translator writes
             * case-insensitive letters so). */
            c = (unsigned char)pat[i];
            i += 2;
        } else if (c < 0x80 && !lw_re_is_ascii_alnum(c) && c != ' ' &&
                   (c == 0 || strchr("-,:;'\"/_@=<>!%&~`#", c) == NULL)) {
            break;
        }
        /* Case-insensitive literals are compared ASCII-only (see compute_prefilter). */
        if (icase && c >= 0x80)
            break;
        if (icase && c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        last = n;
        U16_APPEND_UNSAFE(out, n, c);
        if (i == len)
            *whole = 1; /* the branch is nothing but this literal */
    }
    return n;
}

/*
 * The prefilter: literals one of which every match starts with. A pattern without
 * '|' has at most one; a pattern whose only syntax around '|' is a plain top-level
 * alternation (no parentheses, brackets or escaped '|') has one per branch, and
 * every branch must have one. With it lw_re_find skips ICU for subjects that contain
 * none of the literals and starts ICU at the first place one occurs;
 * lw_re_prefilter does the same test on UTF-8, and answers alone when the pattern is
 * nothing but its literals.
 *
 * Case-insensitive patterns (the i flag, or ICU syntax starting with "(?i)", which is
 * how Django writes __iregex) get ASCII literals compared without case, used only on
 * subjects that are entirely ASCII: there an ASCII pattern letter can only match its
 * two ASCII cases, while in other text ICU's case closure reaches further ("k"
 * matches the Kelvin sign, "ss" matches "ß"), so those subjects always go to ICU.
 *
 * It is an optimisation only: when memory runs out the pattern works without it.
 */
static void compute_prefilter(lw_regex *re, const char *pat, int32_t len, uint32_t flags,
                              int icu_syntax)
{
    if (flags & (UREGEX_COMMENTS | UREGEX_LITERAL))
        return;
    int icase = (flags & UREGEX_CASE_INSENSITIVE) != 0;
    if (icu_syntax && len >= 4 && memcmp(pat, "(?i)", 4) == 0) {
        icase = 1;
        pat += 4;
        len -= 4;
    }
    int branches = 1;
    for (int32_t i = 0; i < len; i++)
        if (pat[i] == '|')
            branches++;
    if (branches > 1) {
        if (branches > LW_REGEXP_MAX_LITERALS || memchr(pat, '(', (size_t)len) ||
            memchr(pat, '[', (size_t)len))
            return;
        for (int32_t i = 0; i + 1 < len; i++)
            if (pat[i] == '\\' && pat[i + 1] == '|')
                return;
    }
    lw_re_literal *lits = sqlite3_malloc64(sizeof *lits * (sqlite3_uint64)branches);
    if (!lits)
        return;
    memset(lits, 0, sizeof *lits * (size_t)branches);
    re->literals = lits;
    re->n_literals = branches;
    re->literals_icase = icase;
    int literal_only = 1;
    int32_t start = 0;
    for (int b = 0; b < branches; b++) {
        int32_t end = start;
        while (end < len && pat[end] != '|')
            end++;
        lw_re_literal *lit = &lits[b];
        lit->u16 = sqlite3_malloc64(((sqlite3_uint64)(end - start) + 1) * sizeof(UChar));
        if (!lit->u16)
            goto none;
        int whole = 0;
        lit->u16_len = branch_prefix(pat + start, end - start, icase, lit->u16, &whole);
        literal_only = literal_only && whole;
        if (lit->u16_len == 0)
            goto none;
        UErrorCode status = U_ZERO_ERROR;
        int64_t cap = (int64_t)lit->u16_len * 3 + 1;
        lit->u8 = sqlite3_malloc64((sqlite3_uint64)cap);
        if (!lit->u8)
            goto none;
        u_strToUTF8(lit->u8, (int32_t)cap, &lit->u8_len, lit->u16, lit->u16_len, &status);
        if (U_FAILURE(status))
            goto none;
        start = end + 1;
    }
    if (icase) {
        re->folds_to_ascii = characters_folding_to_ascii();
        if (!re->folds_to_ascii)
            goto none;
        int32_t items = uset_getItemCount(re->folds_to_ascii);
        for (int32_t r = 0; r < items; r++) {
            UChar32 lo, hi;
            UErrorCode status = U_ZERO_ERROR;
            if (uset_getItem(re->folds_to_ascii, r, &lo, &hi, NULL, 0, &status) != 0 ||
                U_FAILURE(status))
                continue;
            for (UChar32 c = lo; c <= hi; c++) {
                char bytes[U8_MAX_LENGTH];
                int32_t n = 0;
                U8_APPEND_UNSAFE(bytes, n, c);
                unsigned char lead = (unsigned char)bytes[0];
                re->folds_lead[lead >> 6] |= 1ull << (lead & 63);
            }
        }
    }
    re->literal_only = literal_only;
    return;
none:
    free_prefilter(re);
}

/*
 * The first-class prefilter, for patterns without a literal: when a pattern starts with
 * a character class every match must start with, a subject holding no character of
 * the class cannot match, and with a leading ^ (not multi-line) its first character
 * must be one. Only classes whose meaning is certain are recognised: \d (ICU: any
 * Unicode decimal digit, so ASCII digits plus any non-ASCII character as a maybe) and
 * brackets of ASCII letters, digits, '_' and ranges of them, not negated; followed by
 * something that keeps it mandatory (not ?, * or a {0...} bound). Patterns with
 * a '|' anywhere, and the case-insensitive, multi-line, comments and literal flags,
 * get no first-class prefilter.
 */
static int first_class_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static void compute_first_class(lw_regex *re, const char *pat, int32_t len, uint32_t flags)
{
    if (flags & (UREGEX_COMMENTS | UREGEX_LITERAL | UREGEX_CASE_INSENSITIVE | UREGEX_MULTILINE))
        return;
    if (memchr(pat, '|', (size_t)len))
        return;
    uint64_t set[2] = {0, 0};
    int nonascii = 0, anchored = 0;
    int32_t i = 0;
    if (i < len && pat[i] == '^') {
        anchored = 1;
        i++;
    }
    if (i + 1 < len && pat[i] == '\\' && pat[i + 1] == 'd') {
        set[0] = 0x03FF000000000000ull; /* '0'..'9' */
        nonascii = 1;
        i += 2;
    } else if (i < len && pat[i] == '[') {
        i++;
        int items = 0;
        while (i < len && pat[i] != ']') {
            char lo = pat[i], hi = pat[i];
            if (!first_class_char(lo))
                return;
            if (i + 2 < len && pat[i + 1] == '-' && pat[i + 2] != ']') {
                hi = pat[i + 2];
                if (!first_class_char(hi) || hi < lo)
                    return;
                i += 2;
            }
            for (int c = lo; c <= hi; c++)
                set[c >> 6] |= 1ull << (c & 63);
            items++;
            i++;
        }
        if (i >= len || items == 0)
            return;
        i++; /* ']' */
    } else {
        return;
    }
    if (i < len && (pat[i] == '?' || pat[i] == '*'))
        return;
    if (i < len && pat[i] == '{' && !(i + 1 < len && pat[i + 1] >= '1' && pat[i + 1] <= '9'))
        return;
    re->first_set[0] = set[0];
    re->first_set[1] = set[1];
    re->first_nonascii = nonascii;
    re->first_anchored = anchored;
    re->has_first_class = 1;
}

/* The first-class prefilter's answer for UTF-8 text (NO assumes it is valid). */
static int first_class_prefilter(const lw_regex *re, const char *text, int32_t len)
{
    for (int32_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)text[i];
        if (b >= 0x80 ? re->first_nonascii != 0 : ((re->first_set[b >> 6] >> (b & 63)) & 1) != 0)
            return LW_RE_PREFILTER_MAYBE;
        if (re->first_anchored)
            break;
    }
    return LW_RE_PREFILTER_NO;
}

static unsigned fold_ascii(unsigned c)
{
    return c | ((unsigned)(c - 'A' < 26u) << 5);
}

/* First position of needle (lower-case ASCII) in haystack, ignoring ASCII case; -1
 * when absent. Candidates for the first character come from memchr, once for each
 * case, which is what makes a miss cheap. */
static int64_t find_nocase_u8(const char *h, int32_t hlen, const char *needle, int32_t nlen)
{
    const unsigned char *s = (const unsigned char *)h;
    const unsigned char *n = (const unsigned char *)needle;
    int32_t last = hlen - nlen; /* the last possible start */
    if (last < 0)
        return -1;
    unsigned lower = n[0];
    unsigned upper = lower >= 'a' && lower <= 'z' ? lower - 32 : lower;
    const unsigned char *next_lower = memchr(s, (int)lower, (size_t)last + 1);
    const unsigned char *next_upper =
        upper != lower ? memchr(s, (int)upper, (size_t)last + 1) : NULL;
    while (next_lower || next_upper) {
        const unsigned char *p =
            !next_upper || (next_lower && next_lower < next_upper) ? next_lower : next_upper;
        int32_t k = 1;
        while (k < nlen && fold_ascii(p[k]) == n[k])
            k++;
        if (k == nlen)
            return p - s;
        size_t rest = (size_t)(s + last - p);
        if (p == next_lower)
            next_lower = rest ? memchr(p + 1, (int)lower, rest) : NULL;
        else
            next_upper = rest ? memchr(p + 1, (int)upper, rest) : NULL;
    }
    return -1;
}

static int32_t find_nocase_u16(const UChar *h, int32_t hlen, const UChar *needle, int32_t nlen)
{
    for (int32_t i = 0; i + nlen <= hlen; i++) {
        int32_t k = 0;
        while (k < nlen) {
            if (fold_ascii(h[i + k]) != needle[k])
                break;
            k++;
        }
        if (k == nlen)
            return i;
    }
    return -1;
}

/* Whether an ASCII search can decide for text: 0 when it holds a character that
 * folds to ASCII (or is not valid UTF-8: then the caller's validation decides). */
static int ascii_search_decides(const lw_regex *re, const char *text, int32_t len)
{
    int32_t i = 0;
    while (i < len) {
        i += (int32_t)lw_utf8_ascii_prefix(text + i, (size_t)(len - i));
        if (i >= len)
            break;
        unsigned char lead = (unsigned char)text[i];
        UChar32 c;
        U8_NEXT(text, i, len, c);
        /* Most non-ASCII characters (Cyrillic, Greek, CJK...) are told apart by their
         * first byte, without a lookup in the set. */
        if (c < 0 || (((re->folds_lead[lead >> 6] >> (lead & 63)) & 1) &&
                      uset_contains(re->folds_to_ascii, c)))
            return 0;
    }
    return 1;
}

/* First occurrence of needle in haystack. Subjects are short, where scanning for the
 * first byte with memchr beats memmem's set-up. */
static const char *find_bytes(const char *h, int32_t hlen, const char *needle, int32_t nlen)
{
    const char *end = h + hlen;
    const char *p = h;
    while (end - p >= nlen) {
        p = memchr(p, (unsigned char)needle[0], (size_t)(end - p - nlen + 1));
        if (!p)
            return NULL;
        if (memcmp(p, needle, (size_t)nlen) == 0)
            return p;
        p++;
    }
    return NULL;
}

int lw_re_prefilter(const lw_regex *re, const char *text, int32_t len, int *validated)
{
    *validated = 0;
    if (re->n_literals == 0)
        return re->has_first_class ? first_class_prefilter(re, text, len) : LW_RE_PREFILTER_MAYBE;
    if (re->literals_icase) {
        if (!ascii_search_decides(re, text, len))
            return LW_RE_PREFILTER_MAYBE;
        *validated = 1; /* it decoded every non-ASCII character */
    }
    for (int i = 0; i < re->n_literals; i++) {
        const lw_re_literal *lit = &re->literals[i];
        if (re->literals_icase ? find_nocase_u8(text, len, lit->u8, lit->u8_len) >= 0
                               : find_bytes(text, len, lit->u8, lit->u8_len) != NULL)
            return re->literal_only ? LW_RE_PREFILTER_YES : LW_RE_PREFILTER_MAYBE;
    }
    return LW_RE_PREFILTER_NO;
}

static uint32_t key_hash(const char *pattern, int len, unsigned opts)
{
    uint32_t h = 2166136261u ^ opts;
    for (int i = 0; i < len; i++)
        h = (h ^ (unsigned char)pattern[i]) * 16777619u;
    return h;
}

static void regex_free(lw_regex *re)
{
    if (re->rx)
        uregex_close(re->rx);
    fast_free_all(re->fast);
    free_prefilter(re);
    sqlite3_free(re->pattern);
    sqlite3_free(re);
}

lw_regex *lw_regex_compile(const char *fn, int argno, const char *pattern, int len, unsigned opts,
                           char **err)
{
    *err = NULL;
    if (len > LW_REGEXP_MAX_PATTERN) {
        *err = sqlite3_mprintf("%s(): regular expression in argument %d is too long (%d bytes, "
                               "the limit is %d)",
                               fn, argno, len, LW_REGEXP_MAX_PATTERN);
        return NULL;
    }
    int64_t bad = lw_utf8_invalid_offset(pattern, (size_t)len);
    if (bad >= 0) {
        *err = lw_utf8_errmsg(fn, argno, bad);
        return NULL;
    }
    lw_regex *re = sqlite3_malloc64(sizeof *re);
    if (!re)
        return NULL;
    memset(re, 0, sizeof *re);
    re->refs = 1;
    re->opts = opts;
    re->pattern_len = len;
    re->hash = key_hash(pattern, len, opts);
    re->pattern = sqlite3_malloc64((sqlite3_uint64)len + 1);
    if (!re->pattern)
        goto fail;
    memcpy(re->pattern, pattern, (size_t)len);
    re->pattern[len] = 0;

    const char *icu_pattern = re->pattern;
    int icu_len = len;
    char *translated = NULL;
    uint32_t flags = 0;
    if (!(opts & LW_RE_SYNTAX_ICU)) {
        unsigned effective = opts;
        const char *reason = NULL;
        if (lw_re_translate(pattern, len, &effective, &translated, &icu_len, &flags, &reason) !=
            0) {
            if (reason)
                *err = sqlite3_mprintf("%s(): invalid regular expression '%s' in argument %d: %s",
                                       fn, re->pattern, argno, reason);
            goto fail;
        }
        icu_pattern = translated;
    }
    /* ICU refuses an empty pattern; the empty group is its equivalent: it matches the
     * empty string everywhere. */
    if (icu_len == 0) {
        icu_pattern = "(?:)";
        icu_len = 4;
    }
    UErrorCode status = U_ZERO_ERROR;
    UParseError parse_error;
    UText text = UTEXT_INITIALIZER;
    utext_openUTF8(&text, icu_pattern, icu_len, &status);
    re->rx = uregex_openUText(&text, flags, &parse_error, &status);
    utext_close(&text);
    if (U_SUCCESS(status))
        uregex_setStackLimit(re->rx, LW_REGEXP_STACK_LIMIT, &status);
    if (U_SUCCESS(status))
        re->groups = uregex_groupCount(re->rx, &status);
    if (U_FAILURE(status)) {
        if (status == U_MEMORY_ALLOCATION_ERROR) {
            sqlite3_free(translated);
            goto fail;
        }
        char *what;
        if (opts & LW_RE_SYNTAX_ICU)
            what = sqlite3_mprintf("invalid regular expression '%s' in argument %d (at "
                                   "character %d)",
                                   re->pattern, argno, (int)parse_error.offset + 1);
        else
            what = sqlite3_mprintf("regular expression '%s' in argument %d has no ICU "
                                   "equivalent",
                                   re->pattern, argno);
        if (what)
            *err = lw_icu_errmsg(fn, what, status);
        sqlite3_free(what);
        sqlite3_free(translated);
        goto fail;
    }
    compute_prefilter(re, icu_pattern, icu_len, flags, (opts & LW_RE_SYNTAX_ICU) != 0);
    if (re->n_literals == 0)
        compute_first_class(re, icu_pattern, icu_len, flags);
    if (!re->literal_only)
        re->fast = fast_compile(icu_pattern, icu_len, flags);
    sqlite3_free(translated);
    return re;

fail:
    regex_free(re);
    return NULL;
}

void lw_regex_ref(lw_regex *re)
{
    re->refs++;
}

void lw_regex_unref(void *p)
{
    lw_regex *re = p;
    if (re && --re->refs == 0)
        regex_free(re);
}

/* ---------------------------------------------------------------------------------
 * The per-connection cache.
 */
lw_regex *lw_regex_cache_get(lw_regex_cache *cache, const char *fn, int argno, const char *pattern,
                             int len, unsigned opts, char **err)
{
    uint32_t hash = key_hash(pattern, len, opts);
    int victim = 0;
    cache->clock++;
    for (int i = 0; i < LW_REGEXP_CACHE_SIZE; i++) {
        lw_regex *e = cache->entries[i];
        if (e && e->hash == hash && e->opts == opts && e->pattern_len == len &&
            memcmp(e->pattern, pattern, (size_t)len) == 0) {
            cache->last_used[i] = cache->clock;
            lw_regex_ref(e);
            return e;
        }
        if (!e || (cache->entries[victim] && cache->last_used[i] < cache->last_used[victim]))
            victim = i;
    }
    lw_regex *re = lw_regex_compile(fn, argno, pattern, len, opts, err);
    if (!re)
        return NULL;
    lw_regex_unref(cache->entries[victim]);
    cache->entries[victim] = re;
    cache->last_used[victim] = cache->clock;
    lw_regex_ref(re);
    return re;
}

void lw_regex_cache_clear(lw_regex_cache *cache)
{
    for (int i = 0; i < LW_REGEXP_CACHE_SIZE; i++) {
        lw_regex_unref(cache->entries[i]);
        cache->entries[i] = NULL;
    }
}

/* ---------------------------------------------------------------------------------
 * Subjects.
 */
/* Writes eight ASCII bytes (as loaded into word) as eight UTF-16 units. On
 * little-endian machines two shifts-and-masks per half do it without a loop. */
static void widen_ascii8(uint64_t word, UChar *out)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (int half = 0; half < 2; half++) {
        uint64_t v = (word >> (32 * half)) & 0xFFFFFFFFull;
        v = (v | (v << 16)) & 0x0000FFFF0000FFFFull;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FFull;
        memcpy(out + 4 * half, &v, 8);
    }
#else
    unsigned char bytes[8];
    memcpy(bytes, &word, 8);
    for (int k = 0; k < 8; k++)
        out[k] = bytes[k];
#endif
}

int lw_re_subject_set(lw_re_subject *s, const char *utf8, int32_t len, int64_t *bad_byte)
{
    if ((int64_t)len + 1 > s->capacity) {
        sqlite3_free(s->text);
        s->capacity = 0;
        s->buffer_generation++;
        s->text = sqlite3_malloc64(((sqlite3_uint64)len + 1) * sizeof(UChar));
        if (!s->text)
            return -2;
        /* ICU is given the whole buffer and a region of it (lw_re_find): zeroing it
         * once means ICU never sees uninitialised memory beyond the region. */
        memset(s->text, 0, ((size_t)len + 1) * sizeof(UChar));
        s->capacity = (int64_t)len + 1;
    }
    UChar *out = s->text;
    int32_t i = 0, j = 0;
    int ascii = 1;
    while (i < len) {
        /* Sixteen or eight ASCII bytes at a time: names and titles are mostly ASCII. */
#if defined(__SSE2__)
        while (i + 16 <= len) {
            __m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)(utf8 + i));
            if (_mm_movemask_epi8(bytes) != 0)
                break;
            __m128i zero = _mm_setzero_si128();
            _mm_storeu_si128((__m128i *)(void *)(out + j), _mm_unpacklo_epi8(bytes, zero));
            _mm_storeu_si128((__m128i *)(void *)(out + j + 8), _mm_unpackhi_epi8(bytes, zero));
            i += 16;
            j += 16;
        }
#endif
        if (i + 8 <= len) {
            uint64_t word;
            memcpy(&word, utf8 + i, 8);
            if ((word & 0x8080808080808080ull) == 0) {
                widen_ascii8(word, out + j);
                i += 8;
                j += 8;
                continue;
            }
        } else if (len >= 8 && i > len - 8) {
            /* The last few bytes: one overlapping eight-byte load. When all eight are
             * ASCII, the ones before i were widened already to the same units. */
            uint64_t word;
            memcpy(&word, utf8 + len - 8, 8);
            if ((word & 0x8080808080808080ull) == 0) {
                widen_ascii8(word, out + j - (i - (len - 8)));
                j += len - i;
                i = len;
                break;
            }
        }
        unsigned char b = (unsigned char)utf8[i];
        if (b < 0x80) {
            out[j++] = b;
            i++;
            continue;
        }
        ascii = 0;
        int32_t start = i;
        UChar32 c;
        U8_NEXT(utf8, i, len, c);
        if (c < 0) {
            *bad_byte = start;
            s->len = 0;
            return -1;
        }
        U16_APPEND_UNSAFE(out, j, c);
    }
    out[j] = 0;
    s->len = j;
    s->ascii = ascii;
    return 0;
}

void lw_re_subject_trim(lw_re_subject *s)
{
    if (s->capacity > LW_REGEXP_KEEP_BUFFER) {
        sqlite3_free(s->text);
        s->text = NULL;
        s->capacity = 0;
        s->len = 0;
        s->buffer_generation++;
    }
}

void lw_re_subject_free(lw_re_subject *s)
{
    sqlite3_free(s->text);
    memset(s, 0, sizeof *s);
}

int32_t lw_re_subject_index(const lw_re_subject *s, int64_t pos)
{
    if (pos < 1)
        return -1;
    if (s->ascii)
        return pos - 1 > s->len ? -1 : (int32_t)(pos - 1);
    int32_t i = 0;
    for (int64_t k = 1; k < pos; k++) {
        if (i >= s->len)
            return -1;
        U16_FWD_1(s->text, i, s->len);
    }
    return i;
}

int64_t lw_re_subject_position(const lw_re_subject *s, int32_t i)
{
    return s->ascii ? (int64_t)i + 1 : (int64_t)u_countChar32(s->text, i) + 1;
}

char *lw_re_subject_utf8(const lw_re_subject *s, int32_t start, int32_t end, int64_t *out_len)
{
    int64_t cap = ((int64_t)end - start) * 3 + 1;
    char *out = sqlite3_malloc64((sqlite3_uint64)cap);
    if (!out)
        return NULL;
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = 0;
    u_strToUTF8(out, (int32_t)(cap > INT32_MAX ? INT32_MAX : cap), &n, s->text + start, end - start,
                &status);
    if (U_FAILURE(status)) {
        sqlite3_free(out);
        return NULL;
    }
    *out_len = n;
    return out;
}

/* ---------------------------------------------------------------------------------
 * Matching.
 */
static char *limit_error(const lw_regex *re, const char *fn, UErrorCode status)
{
    const char *limit = status == U_REGEX_TIME_OUT         ? "the time limit"
                        : status == U_REGEX_STACK_OVERFLOW ? "the backtracking stack limit"
                                                           : NULL;
    char *what = limit ? sqlite3_mprintf("pattern '%s' exceeded %s", re->pattern, limit)
                       : sqlite3_mprintf("matching pattern '%s' failed", re->pattern);
    if (!what)
        return NULL;
    char *msg = lw_icu_errmsg(fn, what, status);
    sqlite3_free(what);
    return msg;
}

int lw_re_find(lw_regex *re, const lw_re_subject *s, int32_t from, lw_re_match *m, const char *fn,
               char **err)
{
    *err = NULL;
    if (from < 0 || from > s->len)
        return 0;
    int32_t at = from;
    if (re->n_literals > 0 && (!re->literals_icase || s->ascii)) {
        /* A match can only start where one of the literals occurs first. */
        at = -1;
        for (int i = 0; i < re->n_literals; i++) {
            const lw_re_literal *lit = &re->literals[i];
            int32_t hit = -1;
            if (re->literals_icase) {
                hit = find_nocase_u16(s->text + from, s->len - from, lit->u16, lit->u16_len);
            } else {
                const UChar *p =
                    u_strFindFirst(s->text + from, s->len - from, lit->u16, lit->u16_len);
                hit = p ? (int32_t)(p - (s->text + from)) : -1;
            }
            if (hit >= 0 && (at < 0 || from + hit < at))
                at = from + hit;
        }
        if (at < 0)
            return 0;
    }
    UErrorCode status = U_ZERO_ERROR;
    /* ICU holds the subject's whole buffer (zeroed beyond the text, with a NUL right
     * after it) and searches the region [0, len) of it with opaque, anchoring bounds,
     * which ICU defines to behave exactly as if the region were the whole text. So
     * a new row costs one region reset instead of uregex_setText, which builds and
     * clones a UText every time; the text is set again only when the buffer moved. */
    if (re->bound_subject != s || re->bound_generation != s->buffer_generation ||
        re->bound_text != s->text || re->bound_len != s->capacity - 1) {
        uregex_setText(re->rx, s->text, (int32_t)(s->capacity - 1), &status);
        if (U_FAILURE(status)) {
            re->bound_subject = NULL;
            *err = limit_error(re, fn, status);
            return -1;
        }
        re->bound_subject = s;
        re->bound_generation = s->buffer_generation;
        re->bound_text = s->text;
        re->bound_len = (int32_t)(s->capacity - 1);
    }
    int64_t limit = LW_REGEXP_TIME_LIMIT + (int64_t)LW_REGEXP_TIME_LIMIT_PER_KB * (s->len / 1024);
    if (limit > INT32_MAX)
        limit = INT32_MAX;
    if (limit != re->time_limit) {
        uregex_setTimeLimit(re->rx, (int32_t)limit, &status);
        re->time_limit = (int32_t)limit;
    }
    /* The region start stays 0 so that the text before at still counts for ^, \b and
     * lookbehind, as uregex_find(at) would. */
    uregex_setRegionAndStart(re->rx, 0, s->len, at, &status);
    UBool found = U_SUCCESS(status) ? uregex_findNext(re->rx, &status) : 0;
    if (U_SUCCESS(status) && found) {
        m->start = uregex_start(re->rx, 0, &status);
        m->end = uregex_end(re->rx, 0, &status);
    }
    if (U_FAILURE(status)) {
        *err = limit_error(re, fn, status);
        return -1;
    }
    return found ? 1 : 0;
}

void lw_re_group(lw_regex *re, int32_t g, lw_re_match *span)
{
    UErrorCode status = U_ZERO_ERROR;
    span->start = uregex_start(re->rx, g, &status);
    span->end = uregex_end(re->rx, g, &status);
    if (U_FAILURE(status) || span->start < 0)
        span->start = span->end = -1;
}

int32_t lw_re_next_start(const lw_re_subject *s, const lw_re_match *m)
{
    int32_t next = m->end;
    if (m->start == m->end) {
        if (next >= s->len)
            return -1;
        U16_FWD_1(s->text, next, s->len);
    }
    return next;
}

/* ---------------------------------------------------------------------------------
 * regexp_replace.
 */
typedef struct ubuf {
    UChar *data;
    int64_t len, cap, max;
    int status; /* 0; -2 past max; -3 out of memory */
} ubuf;

static void ub_put(ubuf *b, const UChar *s, int64_t n)
{
    if (b->status || n == 0)
        return;
    if (b->len + n > b->max) {
        b->status = -2;
        return;
    }
    if (b->len + n > b->cap) {
        int64_t cap = b->cap ? b->cap * 2 : 64;
        while (cap < b->len + n)
            cap *= 2;
        UChar *p = sqlite3_realloc64(b->data, (sqlite3_uint64)cap * sizeof(UChar));
        if (!p) {
            b->status = -3;
            return;
        }
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, (size_t)n * sizeof(UChar));
    b->len += n;
}

/* Appends replacement with PostgreSQL's escapes expanded for the current match. */
static void append_replacement(ubuf *b, lw_regex *re, const lw_re_subject *s,
                               const lw_re_subject *repl)
{
    const UChar *r = repl->text;
    int32_t n = repl->len, plain = 0;
    for (int32_t i = 0; i < n; i++) {
        if (r[i] != '\\' || i + 1 >= n)
            continue;
        UChar e = r[i + 1];
        int group = -1;
        if (e >= '1' && e <= '9')
            group = e - '0';
        else if (e == '&')
            group = 0;
        else if (e != '\\')
            continue; /* any other backslash is copied as it is */
        ub_put(b, r + plain, i - plain);
        if (group < 0) {
            ub_put(b, r + i + 1, 1);
        } else if (group <= re->groups) {
            lw_re_match span;
            lw_re_group(re, group, &span);
            if (span.start >= 0)
                ub_put(b, s->text + span.start, span.end - span.start);
        }
        i++;
        plain = i + 1;
    }
    ub_put(b, r + plain, n - plain);
}

int lw_re_replace(lw_regex *re, const lw_re_subject *s, int32_t from, int64_t n,
                  const lw_re_subject *replacement, int64_t max_len, const char *fn, char **out,
                  int64_t *out_len, char **err)
{
    *err = NULL;
    *out = NULL;
    ubuf b = {.max = max_len};
    int32_t copied = 0, pos = from;
    int64_t count = 0;
    int rc = 0;
    while (pos >= 0 && pos <= s->len) {
        lw_re_match m;
        int found = lw_re_find(re, s, pos, &m, fn, err);
        if (found < 0) {
            rc = -1;
            goto done;
        }
        if (!found)
            break;
        count++;
        if (n == 0 || count == n) {
            ub_put(&b, s->text + copied, m.start - copied);
            append_replacement(&b, re, s, replacement);
            copied = m.end;
            if (n != 0)
                break;
        }
        pos = lw_re_next_start(s, &m);
    }
    ub_put(&b, s->text + copied, s->len - copied);
    if (b.status) {
        rc = b.status;
        goto done;
    }
    /* Every UTF-16 unit becomes at most 3 bytes of UTF-8. */
    int64_t cap = b.len * 3 + 1;
    char *utf8 = sqlite3_malloc64((sqlite3_uint64)cap);
    if (!utf8) {
        rc = -3;
        goto done;
    }
    UErrorCode status = U_ZERO_ERROR;
    int32_t utf8_len = 0;
    u_strToUTF8(utf8, (int32_t)(cap > INT32_MAX ? INT32_MAX : cap), &utf8_len,
                b.data ? b.data : (const UChar *)u"", (int32_t)b.len, &status);
    if (U_FAILURE(status) || utf8_len > max_len) {
        sqlite3_free(utf8);
        rc = U_FAILURE(status) && status != U_BUFFER_OVERFLOW_ERROR ? -3 : -2;
        goto done;
    }
    *out = utf8;
    *out_len = utf8_len;
done:
    sqlite3_free(b.data);
    return rc;
}
