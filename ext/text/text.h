/*
 * Plain-C core of the text module: UTF-8 validation, Unicode case mapping (lower,
 * upper, full case folding) with an optional ICU locale, normalization and accent
 * removal. Nothing here sees sqlite3_context; the SQL functions are in text_sql.c and
 * documented in docs/text.md. The LIKE matcher is in like.h.
 *
 * Every transforming function takes UTF-8 of n bytes (not necessarily NUL-terminated),
 * validates it, and on success hands its result to the caller: *out is allocated with
 * sqlite3_malloc64, NUL-terminated, *out_len bytes long without the NUL, and owned by
 * the caller (free it with sqlite3_free). On failure *out is NULL.
 */
#ifndef LW_TEXT_H
#define LW_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <unicode/ucasemap.h>
#include <unicode/unorm2.h>

/* Result codes of the transforming functions. */
typedef enum lw_text_rc {
    LW_TEXT_OK = 0,
    LW_TEXT_NOMEM,        /* out of memory */
    LW_TEXT_INVALID_UTF8, /* the input is not UTF-8; *bad_at holds the byte offset */
    LW_TEXT_TOOBIG,       /* the result would exceed what ICU can address (2 GiB) */
    LW_TEXT_ICU,          /* ICU failed; *status says why */
    LW_TEXT_BAD_LOCALE    /* the locale is malformed or names no language ICU knows */
} lw_text_rc;

/* What a case mapping does. */
typedef enum lw_case_op {
    LW_CASE_LOWER, /* full lowercase mapping with special casing (final sigma) */
    LW_CASE_UPPER, /* full uppercase mapping (ß -> SS) */
    LW_CASE_FOLD   /* full case folding (ß -> ss), locale-independent */
} lw_case_op;

/* A case mapper for one locale: an ICU UCaseMap plus whether ASCII input may take the
 * byte-wise fast path (false for Turkish and Azerbaijani, where I and i map to dotted
 * and dotless forms). */
typedef struct lw_casemap lw_casemap;

/*
 * Checks locale, a BCP 47 tag ("tr", "tr-TR", "und") or an ICU locale ID ("tr_TR",
 * "root"), and opens a case mapper for it; NULL means the root locale. ICU itself
 * accepts any string and silently falls back to root, so this rejects a tag that does
 * not parse, a language ICU has no ISO 639 code for, and a region that is neither an
 * ISO 3166 code nor a UN M.49 number: LW_TEXT_BAD_LOCALE. On success *out is owned
 * by the caller (lw_casemap_close).
 */
lw_text_rc lw_casemap_open(const char *locale, lw_casemap **out, UErrorCode *status);
void lw_casemap_close(lw_casemap *map);

/* Returns 1 when locale (as lw_casemap_open reads it) names a language ICU knows. */
int lw_locale_is_known(const char *locale);

/*
 * Maps the case of s[0..n) with map (NULL: root locale). The result may be longer or
 * shorter than the input (ß -> SS, ẞ -> ß). Invalid UTF-8 is LW_TEXT_INVALID_UTF8 with
 * the byte offset in *bad_at.
 */
lw_text_rc lw_text_case(const lw_casemap *map, lw_case_op op, const char *s, size_t n, char **out,
                        size_t *out_len, int64_t *bad_at, UErrorCode *status);

/*
 * Maps each code point of s[0..n) to its simple (one to one) uppercase mapping
 * (UnicodeData.txt; ICU's u_toupper), so the result has as many code points as the
 * input: simple_upper('ß') is 'ß', 'ı' is 'I', 'ǆ' is 'Ǆ'. This is PostgreSQL's
 * upper() in a database whose LC_CTYPE is a libc UTF-8 locale (towupper() per
 * character), which is what Django's PostgreSQL backend compares for iexact,
 * icontains, istartswith and iendswith. The result may be longer or shorter in
 * bytes (U+0250 takes 2 bytes, its uppercase U+2C6F 3). Errors as lw_text_case.
 */
lw_text_rc lw_text_simple_upper(const char *s, size_t n, char **out, size_t *out_len,
                                int64_t *bad_at);

/* Unicode normalization forms. */
typedef enum lw_norm_form { LW_NFC, LW_NFD, LW_NFKC, LW_NFKD } lw_norm_form;

/* Parses a form name, ASCII case-insensitively ("NFC", "nfkd"); returns 0 when it is
 * none of the four. */
int lw_norm_form_parse(const char *name, lw_norm_form *form);

/* Normalizes s[0..n) to form. Errors as lw_text_case. */
lw_text_rc lw_text_normalize(lw_norm_form form, const char *s, size_t n, char **out,
                             size_t *out_len, int64_t *bad_at, UErrorCode *status);

/*
 * Removes accents: decomposes s[0..n) canonically (NFD), drops every nonspacing mark
 * (general category Mn) and recomposes (NFC). Letters whose stroke is not a combining
 * mark (ø, ł, đ) are left as they are. Errors as lw_text_case.
 */
lw_text_rc lw_text_unaccent(const char *s, size_t n, char **out, size_t *out_len, int64_t *bad_at,
                            UErrorCode *status);

#endif
