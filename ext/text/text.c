/*
 * Core of the text module: see text.h. Case mapping runs on UTF-8 directly through
 * ICU's UCaseMap (which knows special casing, final sigma and locale rules);
 * normalization goes through UTF-16 because ICU's C API normalizes only UTF-16. All
 * input is validated first, so ICU never sees ill-formed UTF-8 and never substitutes
 * U+FFFD for bytes a user stored. ASCII input takes byte-wise fast paths: every
 * mapping and every normalization form maps ASCII to ASCII one byte at a time,
 * except Turkish and Azerbaijani case mapping (I -> ı, i -> İ).
 */
#include "text/text.h"
#include "common/lw_sqlite.h"
#include "common/utf8.h"

#include <limits.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unicode/utf16.h>

struct lw_casemap {
    UCaseMap *csm;
    int ascii_ok;
};

static int is_locale_id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '@' || c == '=' || c == ';' || c == '.';
}

/* Canonicalizes locale into buf (an ICU locale ID); returns 0 when it does not parse.
 * *is_root is set when it explicitly names the root locale ("und", "root"). */
static int canonical_locale(const char *locale, char *buf, int32_t cap, int *is_root)
{
    UErrorCode status = U_ZERO_ERROR;
    size_t len = strlen(locale);
    *is_root = 0;
    if (len == 0 || len >= (size_t)cap)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!is_locale_id_char(locale[i]))
            return 0;
    if (strpbrk(locale, "_@")) {
        int32_t n = uloc_canonicalize(locale, buf, cap, &status);
        if (U_FAILURE(status) || n >= cap)
            return 0;
        *is_root = strcmp(buf, "root") == 0;
    } else {
        int32_t parsed = 0;
        int32_t n = uloc_forLanguageTag(locale, buf, cap, &parsed, &status);
        if (U_FAILURE(status) || n >= cap || parsed != (int32_t)len)
            return 0;
        *is_root = sqlite3_stricmp(locale, "root") == 0 ||
                   (sqlite3_strnicmp(locale, "und", 3) == 0 && (len == 3 || locale[3] == '-'));
    }
    return 1;
}

int lw_locale_is_known(const char *locale)
{
    char buf[ULOC_FULLNAME_CAPACITY + 1];
    char part[ULOC_FULLNAME_CAPACITY + 1];
    int is_root;
    if (!canonical_locale(locale, buf, (int32_t)sizeof buf, &is_root))
        return 0;
    UErrorCode status = U_ZERO_ERROR;
    uloc_getLanguage(buf, part, (int32_t)sizeof part, &status);
    if (U_FAILURE(status))
        return 0;
    if (part[0] == 0 || strcmp(part, "root") == 0) {
        if (!is_root)
            return 0;
    } else if (uloc_getISO3Language(buf)[0] == 0) {
        return 0;
    }
    status = U_ZERO_ERROR;
    int32_t n = uloc_getCountry(buf, part, (int32_t)sizeof part, &status);
    if (U_FAILURE(status))
        return 0;
    if (n > 0 && uloc_getISO3Country(buf)[0] == 0) {
        for (int32_t i = 0; i < n; i++)
            if (part[i] < '0' || part[i] > '9')
                return 0;
    }
    return 1;
}

lw_text_rc lw_casemap_open(const char *locale, lw_casemap **out, UErrorCode *status)
{
    char lang[ULOC_LANG_CAPACITY + 1] = "";
    *out = NULL;
    *status = U_ZERO_ERROR;
    if (locale) {
        if (!lw_locale_is_known(locale))
            return LW_TEXT_BAD_LOCALE;
        char buf[ULOC_FULLNAME_CAPACITY + 1];
        int is_root;
        canonical_locale(locale, buf, (int32_t)sizeof buf, &is_root);
        uloc_getLanguage(buf, lang, (int32_t)sizeof lang, status);
        if (U_FAILURE(*status))
            return LW_TEXT_ICU;
    }
    lw_casemap *map = sqlite3_malloc64(sizeof *map);
    if (!map)
        return LW_TEXT_NOMEM;
    /* Case mapping depends on the language alone (tr, az, lt, el...), and
     * ucasemap_open reads ICU locale IDs, not BCP 47 tags: give it the language. */
    map->csm = ucasemap_open(lang, U_FOLD_CASE_DEFAULT, status);
    if (U_FAILURE(*status)) {
        sqlite3_free(map);
        return *status == U_MEMORY_ALLOCATION_ERROR ? LW_TEXT_NOMEM : LW_TEXT_ICU;
    }
    map->ascii_ok = strcmp(lang, "tr") != 0 && strcmp(lang, "az") != 0;
    *out = map;
    return LW_TEXT_OK;
}

void lw_casemap_close(lw_casemap *map)
{
    if (!map)
        return;
    ucasemap_close(map->csm);
    sqlite3_free(map);
}

static int32_t case_call(const UCaseMap *csm, lw_case_op op, char *dst, int32_t cap,
                         const char *src, int32_t len, UErrorCode *status)
{
    switch (op) {
    case LW_CASE_LOWER:
        return ucasemap_utf8ToLower(csm, dst, cap, src, len, status);
    case LW_CASE_UPPER:
        return ucasemap_utf8ToUpper(csm, dst, cap, src, len, status);
    default:
        return ucasemap_utf8FoldCase(csm, dst, cap, src, len, status);
    }
}

/* Copies the ASCII prefix of s mapped by op into buf; returns its length (n when s is
 * all ASCII). */
static size_t ascii_case(lw_case_op op, const char *s, size_t n, char *buf)
{
    size_t i = 0;
    if (op == LW_CASE_UPPER) {
        for (; i < n; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c >= 0x80)
                break;
            buf[i] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
        }
    } else {
        for (; i < n; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c >= 0x80)
                break;
            buf[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
    }
    return i;
}

lw_text_rc lw_text_case(const lw_casemap *map, lw_case_op op, const char *s, size_t n, char **out,
                        size_t *out_len, int64_t *bad_at, UErrorCode *status)
{
    lw_text_rc rc = LW_TEXT_OK;
    lw_casemap *own_map = NULL;
    char *buf = NULL;
    *out = NULL;
    *status = U_ZERO_ERROR;
    if (n >= INT32_MAX)
        return LW_TEXT_TOOBIG;
    if (!map) {
        rc = lw_casemap_open(NULL, &own_map, status);
        if (rc != LW_TEXT_OK)
            return rc;
        map = own_map;
    }
    int64_t cap = (int64_t)n + 1;
    buf = sqlite3_malloc64((sqlite3_uint64)cap);
    if (!buf) {
        rc = LW_TEXT_NOMEM;
        goto done;
    }
    size_t ascii = map->ascii_ok || op == LW_CASE_FOLD ? ascii_case(op, s, n, buf) : 0;
    if (ascii == n) {
        buf[n] = 0;
        *out_len = n;
        goto done;
    }
    int64_t bad = lw_utf8_invalid_offset(s + ascii, n - ascii);
    if (bad >= 0) {
        *bad_at = (int64_t)ascii + bad;
        rc = LW_TEXT_INVALID_UTF8;
        goto done;
    }
    /* One retry: the first call reports the exact length when the guess was short. */
    for (int attempt = 0; attempt < 2; attempt++) {
        *status = U_ZERO_ERROR;
        int32_t need = case_call(map->csm, op, buf, (int32_t)(cap - 1), s, (int32_t)n, status);
        if (*status == U_BUFFER_OVERFLOW_ERROR && attempt == 0) {
            sqlite3_free(buf);
            cap = (int64_t)need + 1;
            buf = sqlite3_malloc64((sqlite3_uint64)cap);
            if (!buf) {
                rc = LW_TEXT_NOMEM;
                goto done;
            }
            continue;
        }
        if (U_FAILURE(*status)) {
            rc = *status == U_INDEX_OUTOFBOUNDS_ERROR ? LW_TEXT_TOOBIG : LW_TEXT_ICU;
            goto done;
        }
        buf[need] = 0;
        *out_len = (size_t)need;
        break;
    }
done:
    if (rc != LW_TEXT_OK) {
        sqlite3_free(buf);
        buf = NULL;
    }
    *out = buf;
    lw_casemap_close(own_map);
    return rc;
}

lw_text_rc lw_text_simple_upper(const char *s, size_t n, char **out, size_t *out_len,
                                int64_t *bad_at)
{
    *out = NULL;
    if (n >= INT32_MAX)
        return LW_TEXT_TOOBIG;
    size_t ascii = lw_utf8_ascii_prefix(s, n);
    int64_t bad = lw_utf8_invalid_offset(s + ascii, n - ascii);
    if (bad >= 0) {
        *bad_at = (int64_t)ascii + bad;
        return LW_TEXT_INVALID_UTF8;
    }
    /* First pass: the exact length, since a mapping may change a character's width. */
    int64_t len = (int64_t)ascii;
    for (int32_t i = (int32_t)ascii; i < (int32_t)n;) {
        UChar32 c;
        U8_NEXT_UNSAFE(s, i, c);
        len += U8_LENGTH(u_toupper(c));
    }
    if (len >= INT32_MAX)
        return LW_TEXT_TOOBIG;
    char *buf = sqlite3_malloc64((sqlite3_uint64)len + 1);
    if (!buf)
        return LW_TEXT_NOMEM;
    size_t done = ascii_case(LW_CASE_UPPER, s, ascii, buf);
    int32_t j = (int32_t)done;
    for (int32_t i = (int32_t)ascii; i < (int32_t)n;) {
        UChar32 c;
        U8_NEXT_UNSAFE(s, i, c);
        U8_APPEND_UNSAFE(buf, j, u_toupper(c));
    }
    buf[j] = 0;
    *out = buf;
    *out_len = (size_t)j;
    return LW_TEXT_OK;
}

int lw_norm_form_parse(const char *name, lw_norm_form *form)
{
    static const struct {
        const char *name;
        lw_norm_form form;
    } forms[] = {{"NFC", LW_NFC}, {"NFD", LW_NFD}, {"NFKC", LW_NFKC}, {"NFKD", LW_NFKD}};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
        if (sqlite3_stricmp(name, forms[i].name) == 0) {
            *form = forms[i].form;
            return 1;
        }
    return 0;
}

static const UNormalizer2 *normalizer(lw_norm_form form, UErrorCode *status)
{
    switch (form) {
    case LW_NFC:
        return unorm2_getNFCInstance(status);
    case LW_NFD:
        return unorm2_getNFDInstance(status);
    case LW_NFKC:
        return unorm2_getNFKCInstance(status);
    default:
        return unorm2_getNFKDInstance(status);
    }
}

/* Converts valid UTF-8 to UTF-16; *out (sqlite3_free) holds *out_len units. */
static lw_text_rc utf8_to_utf16(const char *s, size_t n, UChar **out, int32_t *out_len,
                                UErrorCode *status)
{
    /* A UTF-8 string never needs more UTF-16 units than it has bytes. */
    UChar *u = sqlite3_malloc64(((sqlite3_uint64)n + 1) * sizeof(UChar));
    if (!u)
        return LW_TEXT_NOMEM;
    u_strFromUTF8(u, (int32_t)n + 1, out_len, s, (int32_t)n, status);
    if (U_FAILURE(*status)) {
        sqlite3_free(u);
        return LW_TEXT_ICU;
    }
    *out = u;
    return LW_TEXT_OK;
}

/* Converts UTF-16 to NUL-terminated UTF-8 in *out (sqlite3_free). */
static lw_text_rc utf16_to_utf8(const UChar *u, int32_t len, char **out, size_t *out_len,
                                UErrorCode *status)
{
    int32_t need = 0;
    u_strToUTF8(NULL, 0, &need, u, len, status);
    if (*status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(*status))
        return LW_TEXT_ICU;
    *status = U_ZERO_ERROR;
    char *buf = sqlite3_malloc64((sqlite3_uint64)need + 1);
    if (!buf)
        return LW_TEXT_NOMEM;
    u_strToUTF8(buf, need + 1, NULL, u, len, status);
    if (U_FAILURE(*status)) {
        sqlite3_free(buf);
        return LW_TEXT_ICU;
    }
    buf[need] = 0;
    *out = buf;
    *out_len = (size_t)need;
    return LW_TEXT_OK;
}

/* Normalizes UTF-16 src into a new buffer *dst (sqlite3_free). */
static lw_text_rc normalize16(const UNormalizer2 *norm, const UChar *src, int32_t len, UChar **dst,
                              int32_t *dst_len, UErrorCode *status)
{
    int32_t need = unorm2_normalize(norm, src, len, NULL, 0, status);
    if (*status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(*status))
        return *status == U_INDEX_OUTOFBOUNDS_ERROR ? LW_TEXT_TOOBIG : LW_TEXT_ICU;
    *status = U_ZERO_ERROR;
    UChar *buf = sqlite3_malloc64(((sqlite3_uint64)need + 1) * sizeof(UChar));
    if (!buf)
        return LW_TEXT_NOMEM;
    unorm2_normalize(norm, src, len, buf, need + 1, status);
    if (U_FAILURE(*status)) {
        sqlite3_free(buf);
        return LW_TEXT_ICU;
    }
    *dst = buf;
    *dst_len = need;
    return LW_TEXT_OK;
}

/* Copies ASCII s into a new NUL-terminated *out; returns 0 when s is not all ASCII. */
static int ascii_copy(const char *s, size_t n, char **out, size_t *out_len, lw_text_rc *rc)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    char *buf = sqlite3_malloc64((sqlite3_uint64)n + 1);
    if (!buf) {
        *rc = LW_TEXT_NOMEM;
        return 1;
    }
    memcpy(buf, s, n);
    buf[n] = 0;
    *out = buf;
    *out_len = n;
    *rc = LW_TEXT_OK;
    return 1;
}

/* The shared start of normalize and unaccent: size check, ASCII fast path (returns
 * 1 with *rc set), validation and conversion to UTF-16 (returns 0 and *u set when
 * *rc is LW_TEXT_OK). */
static int normalize_prologue(const char *s, size_t n, char **out, size_t *out_len, int64_t *bad_at,
                              UErrorCode *status, UChar **u, int32_t *u_len, lw_text_rc *rc)
{
    *out = NULL;
    *u = NULL;
    *status = U_ZERO_ERROR;
    if (n >= INT32_MAX) {
        *rc = LW_TEXT_TOOBIG;
        return 1;
    }
    if (ascii_copy(s, n, out, out_len, rc))
        return 1;
    int64_t bad = lw_utf8_invalid_offset(s, n);
    if (bad >= 0) {
        *bad_at = bad;
        *rc = LW_TEXT_INVALID_UTF8;
        return 1;
    }
    *rc = utf8_to_utf16(s, n, u, u_len, status);
    return *rc != LW_TEXT_OK;
}

lw_text_rc lw_text_normalize(lw_norm_form form, const char *s, size_t n, char **out,
                             size_t *out_len, int64_t *bad_at, UErrorCode *status)
{
    lw_text_rc rc;
    UChar *u = NULL, *norm_u = NULL;
    int32_t u_len = 0, norm_len = 0;
    if (normalize_prologue(s, n, out, out_len, bad_at, status, &u, &u_len, &rc))
        return rc;
    const UNormalizer2 *norm = normalizer(form, status);
    if (U_FAILURE(*status)) {
        rc = LW_TEXT_ICU;
        goto done;
    }
    rc = normalize16(norm, u, u_len, &norm_u, &norm_len, status);
    if (rc == LW_TEXT_OK)
        rc = utf16_to_utf8(norm_u, norm_len, out, out_len, status);
done:
    sqlite3_free(u);
    sqlite3_free(norm_u);
    return rc;
}

lw_text_rc lw_text_unaccent(const char *s, size_t n, char **out, size_t *out_len, int64_t *bad_at,
                            UErrorCode *status)
{
    lw_text_rc rc;
    UChar *u = NULL, *nfd = NULL, *nfc = NULL;
    int32_t u_len = 0, nfd_len = 0, nfc_len = 0;
    if (normalize_prologue(s, n, out, out_len, bad_at, status, &u, &u_len, &rc))
        return rc;
    const UNormalizer2 *decompose = unorm2_getNFDInstance(status);
    const UNormalizer2 *compose = unorm2_getNFCInstance(status);
    if (U_FAILURE(*status)) {
        rc = LW_TEXT_ICU;
        goto done;
    }
    rc = normalize16(decompose, u, u_len, &nfd, &nfd_len, status);
    if (rc != LW_TEXT_OK)
        goto done;
    /* Drop the nonspacing marks in place: the kept text is never longer. */
    int32_t kept = 0;
    for (int32_t i = 0; i < nfd_len;) {
        int32_t start = i;
        UChar32 c;
        U16_NEXT(nfd, i, nfd_len, c);
        if (u_charType(c) == U_NON_SPACING_MARK)
            continue;
        while (start < i)
            nfd[kept++] = nfd[start++];
    }
    rc = normalize16(compose, nfd, kept, &nfc, &nfc_len, status);
    if (rc == LW_TEXT_OK)
        rc = utf16_to_utf8(nfc, nfc_len, out, out_len, status);
done:
    sqlite3_free(u);
    sqlite3_free(nfd);
    sqlite3_free(nfc);
    return rc;
}
