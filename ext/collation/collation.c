/*
 * Collations: name resolution and the comparison algorithms (see collation.h; the
 * latin1 collations are latin1.c's).
 *
 * Every comparison is a total preorder whose equality is the collation's equality,
 * so UNIQUE constraints and indexes stay valid:
 *   - BINARY, WEIGHTS and UNOCASE compare sequences of integers (code points,
 *     weights, folded code points) lexicographically; an invalid UTF-8 byte b becomes
 *     an integer above every valid one (LW_INVALID_WEIGHT + b, LW_INVALID_CP + b).
 *     WEIGHTS compares MariaDB's levels one after the other (the uca1400 names: up to
 *     three, with contractions), each a lexicographic order: a total preorder too.
 *     LATIN1 compares the weights of each character's latin1 byte the same way.
 *   - ICU compares with ucol_strcollUTF8, which reads an invalid byte as U+FFFD;
 *     among strings ICU finds equal, valid ones come first and a string with invalid
 *     bytes equals only the same bytes. Each step is a key of the string, applied in
 *     a fixed order (ICU, validity and bytes, PostgreSQL's byte tie-break), so the
 *     whole is a lexicographic order of keys: a total preorder.
 *   - PAD SPACE compares the rest of the longer string with the space's weight once
 *     the shorter ends, at each level (MariaDB's definition: 'a\t' < 'a' because a
 *     tab sorts before a space, and a trailing character without weights, such as
 *     U+200B, changes nothing). Only MariaDB's names are PAD SPACE; every ICU name is
 *     NO PAD.
 *
 * Fast paths: WEIGHTS and UNOCASE skip the identical byte prefix (backed up to a
 * character boundary, and for uca1400 to before any contraction it could split) and
 * walk ASCII with one weight per byte; ICU builds, per collator, each ASCII
 * character's primary and tertiary weight from ICU's own sort keys (when the
 * collator's settings make that exact and a self-check against ucol_strcoll agrees),
 * cached per process, and decides ASCII prefixes without ICU.
 */
#include "collation/collation.h"

#include <pthread.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/uregion.h>
#include <unicode/uscript.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "collation/latin1.h"
#include "collation/streams.h"
#include "collation/weights.h"
#include "common/lw_sqlite.h"
#include "common/utf8.h"

/* Integers given to invalid bytes: above every weight (16-bit) and code point. */
#define LW_INVALID_WEIGHT 0x10000u
#define LW_INVALID_CP 0x110000u
#define LW_ICU_LOCALE_MAX 160

typedef enum algorithm { ALG_BINARY, ALG_WEIGHTS, ALG_UNOCASE, ALG_ICU, ALG_LATIN1 } algorithm;

/* The levels a WEIGHTS collation compares (dialect.def), in this order. */
enum { LEVEL_PRIMARY = 1, LEVEL_SECONDARY = 2, LEVEL_TERTIARY = 4 };

/* What an ICU collation derives from its collator once: ASCII fast-path tables.
 * Deriving costs milliseconds (ICU enumerates contractions), so results are cached
 * per process for each locale and algorithm. */
typedef struct icu_derived {
    /* ICU ASCII fast path: usable when ascii_levels > 0 (1 = primary only, 3 =
     * primary then tertiary); a primary of 0 marks an ignorable character. */
    int ascii_levels;
    uint32_t ascii_primary[128];
    uint8_t ascii_tertiary[128];
    uint8_t ascii_starter[128]; /* starts a contraction with non-ASCII characters */
} icu_derived;

struct lw_collation {
    algorithm alg;
    int pad_space;
    /* WEIGHTS: the table of each level compared, in order (ai_cs: primary, tertiary),
     * and the contractions of the set (NULL for the one-level tables). */
    const lw_weight_table *level[3];
    int ducet_level[3]; /* 0 primary, 1 secondary, 2 tertiary: a contraction's weights */
    int n_levels;
    const lw_contraction_set *contractions;
    /* The single weight of each ASCII character at each level, copied here so the
     * comparison loop reads it without a call into the table code; 0 sends the
     * character to the general path (ignorable, several weights, or the start of a
     * contraction: L and l, for L with a middle dot). */
    uint32_t ascii_weight[3][128];
    UCollator *ucol;
    /* PostgreSQL's deterministic ICU collations ("*-x-icu") order strings ICU finds
     * equal by their bytes, so only identical strings are equal. */
    int deterministic;
    icu_derived fast;
    const lw_latin1_table *latin1; /* LATIN1: MariaDB's table of the collation */
    char version[48];
};

/* ---- names ------------------------------------------------------------------ */

typedef struct dialect_row {
    const char *name;
    algorithm alg;
    const char *argument;
    int levels;
    int pad_space;
} dialect_row;

#define BINARY ALG_BINARY
#define WEIGHTS ALG_WEIGHTS
#define PRIMARY LEVEL_PRIMARY
#define SECONDARY LEVEL_SECONDARY
#define TERTIARY LEVEL_TERTIARY
#define PAD 1
#define NOPAD 0
#define LW_DIALECT(name, alg, argument, levels, pad) {name, alg, argument, levels, pad},
static const dialect_row dialect_rows[] = {
#include "../../icu_collations/dialect.def"
};
#undef LW_DIALECT
#undef BINARY
#undef WEIGHTS
#undef PRIMARY
#undef SECONDARY
#undef TERTIARY
#undef PAD
#undef NOPAD

static const char *const charset_prefixes[] = {"utf8mb4_", "utf8mb3_", "utf8_"};

/* ICU keywords (in their legacy form, as uloc_forLanguageTag writes them) that a
 * collation name may carry; anything else would be silently ignored by ICU. */
static const char *const icu_keywords[] = {
    "collation",    "colstrength", "colalternate", "colbackwards",          "colcaselevel",
    "colcasefirst", "colnumeric",  "colreorder",   "colhiraganaquaternary", "colnormalization",
    "maxvariable",
};

static int starts_with_nocase(const char *s, const char *prefix)
{
    return sqlite3_strnicmp(s, prefix, (int)strlen(prefix)) == 0;
}

static const dialect_row *find_dialect(const char *suffix)
{
    for (size_t i = 0; i < sizeof dialect_rows / sizeof dialect_rows[0]; i++)
        if (sqlite3_stricmp(dialect_rows[i].name, suffix) == 0)
            return &dialect_rows[i];
    return NULL;
}

/* Characters of BCP 47 tags and ICU locale IDs; anything else is not a locale. */
static int locale_chars_only(const char *s)
{
    for (; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '@' || c == '=' || c == ';'))
            return 0;
    }
    return 1;
}

static int known_keyword(const char *keyword)
{
    for (size_t i = 0; i < sizeof icu_keywords / sizeof icu_keywords[0]; i++)
        if (sqlite3_stricmp(icu_keywords[i], keyword) == 0)
            return 1;
    return 0;
}

/*
 * Turns a BCP 47 tag (is_tag) or an ICU locale ID into an ICU locale ID in out and
 * checks its keywords. Returns 0 for a malformed tag or an unknown keyword.
 */
static int icu_locale_of(const char *name, int is_tag, char out[LW_ICU_LOCALE_MAX])
{
    UErrorCode status = U_ZERO_ERROR;
    if (!*name || !locale_chars_only(name))
        return 0;
    if (is_tag) {
        int32_t parsed = 0;
        /* "und" becomes the empty ID (root), so an empty result is fine. */
        uloc_forLanguageTag(name, out, LW_ICU_LOCALE_MAX, &parsed, &status);
        if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING ||
            parsed != (int32_t)strlen(name))
            return 0;
    } else {
        uloc_canonicalize(name, out, LW_ICU_LOCALE_MAX, &status);
        if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING)
            return 0;
    }
    UEnumeration *keywords = uloc_openKeywords(out, &status);
    if (U_FAILURE(status))
        return 0;
    int ok = 1;
    if (keywords) {
        const char *keyword;
        while (ok && (keyword = uenum_next(keywords, NULL, &status)) != NULL)
            ok = known_keyword(keyword);
        uenum_close(keywords);
    }
    return ok && U_SUCCESS(status);
}

/*
 * Locales ICU really knows. ICU opens a collator for any well-formed locale and
 * silently falls back: "no-such-thing" is Norwegian with a script "Such" and a
 * variant "THING" that nothing reads, "de-QQ" is German. A name is a collation only
 * when ICU knows every part of it:
 *   - the language is root ("", "und"), the language of one of ICU's available
 *     locales (those it has locale data for: "agq", whose collation is root's, too),
 *     or one ICU's collation data maps to a tailoring ("iw", an alias of "he");
 *   - a script is a Unicode script code ("Latn", "Hant"; not "Such" or "Zzzz");
 *   - a region is one CLDR knows (uregion: "DE", "419", "001"; not "QQ" or the
 *     unknown region "ZZ");
 *   - a variant makes, with the rest, one of ICU's available locales
 *     ("ca_ES_VALENCIA", "en_US_POSIX"), since nothing else reads variants.
 * Keywords are checked by icu_locale_of and open_icu.
 */
static int available_language(const char *language, size_t len)
{
    int32_t n = uloc_countAvailable();
    for (int32_t i = 0; i < n; i++) {
        const char *id = uloc_getAvailable(i);
        if (strncmp(id, language, len) == 0 && (id[len] == 0 || id[len] == '_'))
            return 1;
    }
    return 0;
}

static int available_locale(const char *locale)
{
    int32_t n = uloc_countAvailable();
    for (int32_t i = 0; i < n; i++)
        if (strcmp(uloc_getAvailable(i), locale) == 0)
            return 1;
    return 0;
}

/* One part of locale (uloc_getLanguage and the like) into out; 0 unless it fits with
 * its terminating NUL. Each part gets its own status: ICU clears a "not terminated"
 * warning on the next call that terminates its output. */
static int locale_part(int32_t (*part)(const char *, char *, int32_t, UErrorCode *),
                       const char *locale, char *out, int32_t capacity)
{
    UErrorCode status = U_ZERO_ERROR;
    part(locale, out, capacity, &status);
    return U_SUCCESS(status) && status != U_STRING_NOT_TERMINATED_WARNING;
}

static int known_locale(const char *locale)
{
    char language[16], script[16], region[16], variant[64], base[LW_ICU_LOCALE_MAX];
    UErrorCode status = U_ZERO_ERROR;
    if (!locale_part(uloc_getLanguage, locale, language, (int32_t)sizeof language) ||
        !locale_part(uloc_getScript, locale, script, (int32_t)sizeof script) ||
        !locale_part(uloc_getCountry, locale, region, (int32_t)sizeof region) ||
        !locale_part(uloc_getVariant, locale, variant, (int32_t)sizeof variant) ||
        !locale_part(uloc_getBaseName, locale, base, (int32_t)sizeof base))
        return 0;
    if (variant[0])
        return available_locale(base);
    if (script[0]) {
        int code = u_getPropertyValueEnum(UCHAR_SCRIPT, script);
        if (code < 0 || code == USCRIPT_UNKNOWN)
            return 0;
    }
    if (region[0]) {
        const URegion *r = uregion_getRegionFromCode(region, &status);
        if (U_FAILURE(status) || !r || uregion_getType(r) == URGN_UNKNOWN)
            return 0;
    }
    if (!language[0] || strcmp(language, "und") == 0 || strcmp(language, "root") == 0 ||
        available_language(language, strlen(language)))
        return 1;
    /* An alias in ICU's collation data ("iw" for "he") opens that tailoring. */
    UCollator *probe = ucol_open(language, &status);
    const char *valid = probe ? ucol_getLocaleByType(probe, ULOC_VALID_LOCALE, &status) : NULL;
    int known = U_SUCCESS(status) && valid && strcmp(valid, "root") != 0;
    ucol_close(probe);
    return known;
}

/*
 * PostgreSQL's predefined ICU collations: initdb creates "und-x-icu" for the root
 * locale and "<tag>-x-icu" for each of ICU's available locales, <tag> being the
 * locale's strict BCP 47 tag (pg_import_system_collations), and nothing else. So
 * tag names one when it parses to root and is "und", or to an available locale whose
 * tag it is (up to case: SQLite's collation names are case-insensitive). The ICU
 * locale ID goes to out. PostgreSQL 15 on Debian 12 links the same ICU 72, so these
 * are the 806 names of its pg_collation (tests/differential/collations compares).
 */
static int postgresql_icu_locale(const char *tag, char out[LW_ICU_LOCALE_MAX])
{
    UErrorCode status = U_ZERO_ERROR;
    int32_t parsed = 0;
    if (!*tag || !locale_chars_only(tag))
        return 0;
    uloc_forLanguageTag(tag, out, LW_ICU_LOCALE_MAX, &parsed, &status);
    if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING ||
        parsed != (int32_t)strlen(tag))
        return 0;
    if (!out[0])
        return sqlite3_stricmp(tag, "und") == 0;
    if (!available_locale(out))
        return 0;
    char canonical[LW_ICU_LOCALE_MAX];
    uloc_toLanguageTag(out, canonical, (int32_t)sizeof canonical, 1, &status);
    return U_SUCCESS(status) && status != U_STRING_NOT_TERMINATED_WARNING &&
           sqlite3_stricmp(canonical, tag) == 0;
}

/* ---- ICU collators ------------------------------------------------------------ */

static int sort_key_levels(const uint8_t *key, int32_t n, const uint8_t *level[3],
                           int32_t level_len[3])
{
    int levels = 0;
    int32_t start = 0;
    for (int32_t i = 0; i < n && levels < 3; i++) {
        if (key[i] == 0x01 || key[i] == 0x00) {
            level[levels] = key + start;
            level_len[levels++] = i - start;
            start = i + 1;
            if (key[i] == 0x00)
                break;
        }
    }
    return levels;
}

static int ascii_fast_compare(const lw_collation *c, const uint8_t *a, int na, const uint8_t *b,
                              int nb, int *result);

/*
 * Builds the ASCII tables of an ICU collator from its sort keys, when its settings
 * make per-character weights exact: strength primary to tertiary, no case level,
 * non-ignorable variable characters, no numeric ordering, no case-first option, no
 * expansion of an ASCII character, no contraction of ASCII characters only. A
 * final self-check compares every pair of ASCII characters with ucol_strcoll.
 */
static void build_ascii_tables(lw_collation *c)
{
    UErrorCode status = U_ZERO_ERROR;
    UColAttributeValue strength = ucol_getStrength(c->ucol);
    if ((strength != UCOL_PRIMARY && strength != UCOL_SECONDARY && strength != UCOL_TERTIARY) ||
        ucol_getAttribute(c->ucol, UCOL_CASE_LEVEL, &status) != UCOL_OFF ||
        ucol_getAttribute(c->ucol, UCOL_ALTERNATE_HANDLING, &status) != UCOL_NON_IGNORABLE ||
        ucol_getAttribute(c->ucol, UCOL_NUMERIC_COLLATION, &status) != UCOL_OFF ||
        ucol_getAttribute(c->ucol, UCOL_CASE_FIRST, &status) != UCOL_OFF || U_FAILURE(status))
        return;
    USet *contractions = uset_openEmpty(), *expansions = uset_openEmpty();
    USet *ascii = uset_open(0, 0x7F);
    int usable = contractions && expansions && ascii;
    if (usable) {
        ucol_getContractionsAndExpansions(c->ucol, contractions, expansions, 1, &status);
        usable = U_SUCCESS(status) && !uset_containsSome(expansions, ascii);
        /* Contractions (and prefix rules, listed as contractions) that start with a
         * non-ASCII character begin where the fast path hands over to ICU anyway.
         * One that starts with an ASCII character and goes on with non-ASCII ones
         * (root's "L·") makes that character a starter, after which a non-ASCII
         * byte hands over to ICU; one with more ASCII ("ch" in Czech) disables the
         * fast path. */
        for (int32_t i = 0; usable && i < uset_getItemCount(contractions); i++) {
            UChar32 lo, hi;
            UChar str[64];
            int32_t n = uset_getItem(contractions, i, &lo, &hi, str, 64, &status);
            usable = U_SUCCESS(status) && n <= 64;
            if (!usable || n == 0 || str[0] >= 0x80)
                continue; /* the fast path hands over at its first character */
            for (int32_t k = 1; usable && k < n; k++)
                usable = str[k] >= 0x80;
            c->fast.ascii_starter[str[0]] = 1;
        }
    }
    uset_close(contractions);
    uset_close(expansions);
    uset_close(ascii);
    if (!usable)
        return;
    uint8_t secondary = 0;
    for (int ch = 0; ch < 128; ch++) {
        UChar u = (UChar)ch;
        uint8_t key[64];
        int32_t n = ucol_getSortKey(c->ucol, &u, 1, key, (int32_t)sizeof key);
        const uint8_t *level[3] = {NULL, NULL, NULL};
        int32_t len[3] = {0, 0, 0};
        if (n <= 0 || n > (int32_t)sizeof key)
            return;
        int levels = sort_key_levels(key, n, level, len);
        if (levels < 1 || len[0] > 4)
            return;
        if (len[0] == 0) {
            for (int l = 1; l < levels; l++)
                if (len[l] != 0)
                    return;
            if (c->fast.ascii_starter[ch])
                return;
            c->fast.ascii_primary[ch] = 0;
            continue;
        }
        uint32_t p = 0;
        for (int i = 0; i < 4; i++)
            p = p << 8 | (i < len[0] ? level[0][i] : 0);
        c->fast.ascii_primary[ch] = p;
        if (levels >= 2) {
            if (len[1] != 1 || (secondary && level[1][0] != secondary))
                return;
            secondary = level[1][0];
        }
        if (levels >= 3) {
            if (len[2] != 1)
                return;
            c->fast.ascii_tertiary[ch] = level[2][0];
        }
    }
    c->fast.ascii_levels = strength == UCOL_TERTIARY ? 3 : 1;
    for (int x = 0; x < 128; x++) {
        for (int y = 0; y < 128; y++) {
            UChar ux = (UChar)x, uy = (UChar)y;
            uint8_t bx = (uint8_t)x, by = (uint8_t)y;
            int fast = 0;
            if (!ascii_fast_compare(c, &bx, 1, &by, 1, &fast) ||
                fast != (int)ucol_strcoll(c->ucol, &ux, 1, &uy, 1)) {
                c->fast.ascii_levels = 0;
                return;
            }
        }
    }
}

/* Opens the ICU collator for locale (checked by known_locale or
 * postgresql_icu_locale first); LW_COLLATION_UNKNOWN when ICU would drop a collation
 * type it does not know. */
static lw_collation_status open_icu(lw_collation *c, const char *locale)
{
    UErrorCode status = U_ZERO_ERROR;
    c->ucol = ucol_open(locale, &status);
    if (U_FAILURE(status) || !c->ucol)
        return status == U_MEMORY_ALLOCATION_ERROR ? LW_COLLATION_NOMEM : LW_COLLATION_UNKNOWN;
    UErrorCode vstatus = U_ZERO_ERROR;
    const char *valid = ucol_getLocaleByType(c->ucol, ULOC_VALID_LOCALE, &vstatus);
    if (U_FAILURE(vstatus) || !valid)
        return LW_COLLATION_UNKNOWN;
    char requested[64] = "", got[64] = "";
    UErrorCode kstatus = U_ZERO_ERROR;
    uloc_getKeywordValue(locale, "collation", requested, (int32_t)sizeof requested, &kstatus);
    if (U_FAILURE(kstatus) || kstatus == U_STRING_NOT_TERMINATED_WARNING)
        return LW_COLLATION_UNKNOWN;
    if (requested[0]) {
        uloc_getKeywordValue(valid, "collation", got, (int32_t)sizeof got, &kstatus);
        if (U_FAILURE(kstatus) || kstatus == U_STRING_NOT_TERMINATED_WARNING ||
            sqlite3_stricmp(requested, got) != 0)
            return LW_COLLATION_UNKNOWN;
    }
    /* The collator's version changes with ICU's collation data and the tailoring;
     * the library version is there for people reading the record. */
    UVersionInfo version, library;
    char text[U_MAX_VERSION_STRING_LENGTH], library_text[U_MAX_VERSION_STRING_LENGTH];
    ucol_getVersion(c->ucol, version);
    u_versionToString(version, text);
    u_getVersion(library);
    u_versionToString(library, library_text);
    sqlite3_snprintf((int)sizeof c->version, c->version, "icu-%s/%s", library_text, text);
    return LW_COLLATION_OK;
}

/* ---- opening ------------------------------------------------------------------ */

#ifndef LW_COLLATION_CACHE_SIZE
#define LW_COLLATION_CACHE_SIZE 32
#endif

typedef struct derived_entry {
    char key[LW_ICU_LOCALE_MAX + 16];
    icu_derived fast;
} derived_entry;

static derived_entry derived_cache[LW_COLLATION_CACHE_SIZE];
static int derived_count;
static pthread_mutex_t derived_lock = PTHREAD_MUTEX_INITIALIZER;

/* Fills c->fast for an opened ICU collation, from the cache when another connection
 * already derived it. The first LW_COLLATION_CACHE_SIZE keys are kept. */
static void derive_fast_paths(lw_collation *c, const char *locale)
{
    char key[LW_ICU_LOCALE_MAX + 16];
    sqlite3_snprintf((int)sizeof key, key, "%d|%s", c->deterministic, locale);
    pthread_mutex_lock(&derived_lock);
    for (int i = 0; i < derived_count; i++) {
        if (strcmp(derived_cache[i].key, key) == 0) {
            c->fast = derived_cache[i].fast;
            pthread_mutex_unlock(&derived_lock);
            return;
        }
    }
    pthread_mutex_unlock(&derived_lock);
    build_ascii_tables(c);
    pthread_mutex_lock(&derived_lock);
    int present = 0;
    for (int i = 0; i < derived_count && !present; i++)
        present = strcmp(derived_cache[i].key, key) == 0;
    if (!present && derived_count < LW_COLLATION_CACHE_SIZE) {
        memcpy(derived_cache[derived_count].key, key, sizeof key);
        derived_cache[derived_count++].fast = c->fast;
    }
    pthread_mutex_unlock(&derived_lock);
}

/* Sets the tables of a WEIGHTS collation: one named table, or the uca1400 levels the
 * row asks for with their contractions. */
static lw_collation_status open_weights(lw_collation *c, const dialect_row *row)
{
    static const lw_weight_table_id uca1400[3] = {
        LW_WEIGHTS_UCA1400_PRIMARY, LW_WEIGHTS_UCA1400_SECONDARY, LW_WEIGHTS_UCA1400_TERTIARY};
    if (strcmp(row->argument, "uca1400") == 0) {
        for (int level = 0; level < 3; level++) {
            if (row->levels & (1 << level)) {
                c->ducet_level[c->n_levels] = level;
                c->level[c->n_levels++] = lw_weight_table_get(uca1400[level]);
            }
        }
        c->contractions = lw_contraction_set_uca1400();
    } else {
        int id = lw_weight_table_by_name(row->argument);
        if (id < 0)
            return LW_COLLATION_UNKNOWN;
        c->level[c->n_levels++] = lw_weight_table_get((lw_weight_table_id)id);
    }
    for (int level = 0; level < c->n_levels; level++) {
        for (int ch = 0; ch < 128; ch++) {
            uint32_t w = lw_weights_ascii(c->level[level], (unsigned char)ch);
            c->ascii_weight[level][ch] =
                c->contractions && lw_contraction_is_head(c->contractions, (uint32_t)ch) ? 0 : w;
        }
    }
    sqlite3_snprintf((int)sizeof c->version, c->version, "%s", lw_weights_version(c->level[0]));
    return LW_COLLATION_OK;
}

static lw_collation_status open_dialect(lw_collation *c, const dialect_row *row)
{
    c->alg = row->alg;
    c->pad_space = row->pad_space;
    if (row->alg == ALG_WEIGHTS)
        return open_weights(c, row);
    sqlite3_snprintf((int)sizeof c->version, c->version, "binary");
    return LW_COLLATION_OK;
}

static lw_collation_status resolve(lw_collation *c, const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > LW_COLLATION_NAME_MAX)
        return LW_COLLATION_UNKNOWN;
    if (sqlite3_stricmp(name, "UNOCASE") == 0) {
        c->alg = ALG_UNOCASE;
        sqlite3_snprintf((int)sizeof c->version, c->version, "%s", lw_case_mapping_version());
        return LW_COLLATION_OK;
    }
    for (size_t i = 0; i < sizeof charset_prefixes / sizeof charset_prefixes[0]; i++) {
        if (starts_with_nocase(name, charset_prefixes[i])) {
            const dialect_row *row = find_dialect(name + strlen(charset_prefixes[i]));
            return row ? open_dialect(c, row) : LW_COLLATION_UNKNOWN;
        }
    }
    if (starts_with_nocase(name, "latin1_")) {
        c->latin1 = lw_latin1_find(name);
        if (!c->latin1)
            return LW_COLLATION_UNKNOWN;
        c->alg = ALG_LATIN1;
        sqlite3_snprintf((int)sizeof c->version, c->version, "%s", lw_latin1_version());
        return LW_COLLATION_OK;
    }
    if (starts_with_nocase(name, "uca1400_")) {
        const dialect_row *row = find_dialect(name);
        return row ? open_dialect(c, row) : LW_COLLATION_UNKNOWN;
    }
    char locale[LW_ICU_LOCALE_MAX];
    static const char pg_suffix[] = "-x-icu";
    size_t suffix_len = sizeof pg_suffix - 1;
    if (len > suffix_len && sqlite3_stricmp(name + len - suffix_len, pg_suffix) == 0) {
        char tag[LW_COLLATION_NAME_MAX + 1];
        memcpy(tag, name, len - suffix_len);
        tag[len - suffix_len] = 0;
        if (!postgresql_icu_locale(tag, locale))
            return LW_COLLATION_UNKNOWN;
        c->deterministic = 1;
    } else if (!icu_locale_of(name, strchr(name, '-') != NULL, locale) || !known_locale(locale)) {
        return LW_COLLATION_UNKNOWN;
    }
    c->alg = ALG_ICU;
    lw_collation_status status = open_icu(c, locale);
    if (status == LW_COLLATION_OK)
        derive_fast_paths(c, locale);
    return status;
}

lw_collation_status lw_collation_open(const char *name, lw_collation **out)
{
    *out = NULL;
    lw_collation *c = sqlite3_malloc64(sizeof *c);
    if (!c)
        return LW_COLLATION_NOMEM;
    memset(c, 0, sizeof *c);
    lw_collation_status status = resolve(c, name);
    if (status != LW_COLLATION_OK) {
        lw_collation_close(c);
        return status;
    }
    *out = c;
    return LW_COLLATION_OK;
}

void lw_collation_close(lw_collation *c)
{
    if (!c)
        return;
    if (c->ucol)
        ucol_close(c->ucol);
    sqlite3_free(c);
}

const char *lw_collation_version(const lw_collation *c)
{
    return c->version;
}

int lw_collation_is_versioned(const lw_collation *c)
{
    return c->alg != ALG_BINARY;
}

static char case_mapping_version[32];
static pthread_once_t case_mapping_once = PTHREAD_ONCE_INIT;

static void init_case_mapping_version(void)
{
    UVersionInfo unicode;
    char text[U_MAX_VERSION_STRING_LENGTH];
    u_getUnicodeVersion(unicode);
    u_versionToString(unicode, text);
    sqlite3_snprintf((int)sizeof case_mapping_version, case_mapping_version, "unicode-%s", text);
}

const char *lw_case_mapping_version(void)
{
    pthread_once(&case_mapping_once, init_case_mapping_version);
    return case_mapping_version;
}

/* ---- decoding ------------------------------------------------------------------ */

/* Decodes the character at s[*i] (i < n) and advances *i; an invalid byte is
 * returned as invalid_base + byte and consumes exactly one byte. */
static inline uint32_t next_char(const uint8_t *s, int32_t *i, int32_t n, uint32_t invalid_base)
{
    int32_t start = *i;
    UChar32 c;
    U8_NEXT(s, *i, n, c);
    if (c < 0) {
        *i = start + 1;
        return invalid_base + s[start];
    }
    return (uint32_t)c;
}

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

/*
 * Length of the identical byte prefix of a and b, backed up to a character boundary
 * of both: every byte that is not a continuation byte (10xxxxxx) starts a character
 * (a valid sequence, or an invalid byte that stands alone), so decoding from there
 * gives the same characters as decoding from the start. Where each character's
 * weights do not depend on its neighbours (WEIGHTS, UNOCASE), the prefix can be
 * skipped.
 */
static int32_t identical_prefix(const uint8_t *a, int32_t na, const uint8_t *b, int32_t nb)
{
    int32_t common = na < nb ? na : nb, k = 0;
    while (k < common && a[k] == b[k])
        k++;
    while (k > 0 && ((k < na && (a[k] & 0xC0) == 0x80) || (k < nb && (b[k] & 0xC0) == 0x80)))
        k--;
    return k;
}

/* ---- BINARY ------------------------------------------------------------------- */

static int compare_binary(const lw_collation *c, const uint8_t *a, int32_t na, const uint8_t *b,
                          int32_t nb)
{
    int32_t common = na < nb ? na : nb;
    int r = common ? memcmp(a, b, (size_t)common) : 0;
    if (r || na == nb)
        return sign(r);
    if (!c->pad_space)
        return na < nb ? -1 : 1;
    /* PAD SPACE: the rest of the longer string against spaces. UTF-8 lead bytes of
     * non-ASCII characters and invalid bytes are all above 0x20. */
    const uint8_t *rest = na > nb ? a + common : b + common;
    int32_t n = (na > nb ? na : nb) - common;
    for (int32_t i = 0; i < n; i++)
        if (rest[i] != ' ')
            return (rest[i] < ' ' ? -1 : 1) * (na > nb ? 1 : -1);
    return 0;
}

/* ---- WEIGHTS ------------------------------------------------------------------ */

/*
 * A stream of one level's weights of a string. A character that starts a contraction
 * (lw_contraction_is_head) is looked up with the characters after it: the longest
 * contraction that matches gives its weights and is consumed whole, as MariaDB's
 * scanner does; otherwise the character's own weights.
 */
typedef struct weight_scan {
    const uint8_t *s;
    int32_t i, n;
    const lw_weight_table *table;
    int ducet_level; /* 0 primary, 1 secondary, 2 tertiary: picks a contraction's weights */
    const uint32_t *ascii;
    uint32_t w[LW_WEIGHTS_MAX];
    int k, m;
} weight_scan;

/* Reads the weights of the contraction at sc->i, whose first code point cp was just
 * decoded (sc->i is after it); returns 0 when none matches. */
static int contraction_weights(const lw_collation *c, weight_scan *sc, uint32_t cp)
{
    uint32_t next[LW_CONTRACTION_MAX - 1];
    int32_t end[LW_CONTRACTION_MAX - 1];
    int n = 0;
    for (int32_t j = sc->i; n < LW_CONTRACTION_MAX - 1 && j < sc->n; n++) {
        next[n] = next_char(sc->s, &j, sc->n, LW_INVALID_CP);
        end[n] = j;
        if (next[n] >= LW_INVALID_CP)
            break;
    }
    const lw_contraction *k = lw_contraction_find(c->contractions, cp, next, n);
    if (!k)
        return 0;
    sc->i = end[k->n_cps - 2];
    sc->m = k->n_weights[sc->ducet_level];
    for (int j = 0; j < sc->m; j++)
        sc->w[j] = c->contractions->pool[k->offset[sc->ducet_level] + j];
    return 1;
}

static inline int next_weight(const lw_collation *c, weight_scan *sc, uint32_t *out)
{
    while (sc->k == sc->m) {
        if (sc->i >= sc->n)
            return 0;
        uint8_t byte = sc->s[sc->i];
        if (byte < 0x80 && sc->ascii[byte]) {
            sc->i++;
            *out = sc->ascii[byte];
            return 1;
        }
        uint32_t cp = next_char(sc->s, &sc->i, sc->n, LW_INVALID_CP);
        sc->k = 0;
        if (cp >= LW_INVALID_CP) {
            sc->w[0] = LW_INVALID_WEIGHT + (cp - LW_INVALID_CP);
            sc->m = 1;
        } else if (!c->contractions || !lw_contraction_is_head(c->contractions, cp) ||
                   !contraction_weights(c, sc, cp)) {
            sc->m = lw_weights_of(sc->table, cp, sc->w);
        }
    }
    *out = sc->w[sc->k++];
    return 1;
}

static int scan_next(const void *c, void *sc, uint32_t *out)
{
    return next_weight(c, sc, out);
}

/* One level of a WEIGHTS comparison, from byte i (where both strings start the same
 * characters, outside any contraction). PAD SPACE (pad) compares the rest of the
 * longer string with the space's weight of this level once the shorter ends. */
static int compare_level(const lw_collation *c, int level, const uint8_t *a, int32_t na,
                         const uint8_t *b, int32_t nb, int32_t i, int pad)
{
    const uint32_t *ascii = c->ascii_weight[level];
    int32_t common = na < nb ? na : nb;
    /* ASCII fast path: one weight per byte, so both sides advance together; an
     * ignorable character or a contraction's start leaves it. */
    while (i < common) {
        uint8_t x = a[i], y = b[i];
        if ((x | y) & 0x80)
            break;
        uint32_t wx = ascii[x], wy = ascii[y];
        if (!wx || !wy)
            break;
        if (wx != wy)
            return wx < wy ? -1 : 1;
        i++;
    }
    const lw_weight_table *t = c->level[level];
    weight_scan sa = {a, i, na, t, c->ducet_level[level], ascii, {0}, 0, 0};
    weight_scan sb = {b, i, nb, t, c->ducet_level[level], ascii, {0}, 0, 0};
    return lw_compare_weight_streams(scan_next, c, &sa, &sb, ascii[' '], pad);
}

/* Backs an identical prefix of s up to before any contraction that could span its
 * end: while the character before k can start or continue a contraction. */
static int32_t before_contractions(const lw_collation *c, const uint8_t *s, int32_t k)
{
    while (k > 0) {
        int32_t start = k;
        UChar32 ch;
        U8_PREV(s, 0, start, ch);
        if (ch < 0 || !lw_contraction_is_non_final(c->contractions, (uint32_t)ch))
            break;
        k = start;
    }
    return k;
}

/*
 * MariaDB's multi-level comparison: level by level, each the sequence of the
 * strings' non-zero weights at that level, the first difference deciding. PAD SPACE
 * pads every level; NO PAD counts every weight at the first level and still pads the
 * others, as MariaDB 10.11 does. Each level is a lexicographic order of integer
 * sequences (padding included), so the whole is a total preorder.
 */
static int compare_weights(const lw_collation *c, const uint8_t *a, int32_t na, const uint8_t *b,
                           int32_t nb)
{
    int32_t i = identical_prefix(a, na, b, nb);
    if (i == na && i == nb)
        return 0;
    if (c->contractions)
        i = before_contractions(c, a, i);
    for (int level = 0; level < c->n_levels; level++) {
        int r = compare_level(c, level, a, na, b, nb, i, c->pad_space || level > 0);
        if (r)
            return r;
    }
    return 0;
}

/* ---- UNOCASE ------------------------------------------------------------------ */

static inline uint32_t fold(uint32_t c)
{
    return c < LW_INVALID_CP ? (uint32_t)u_foldCase((UChar32)c, U_FOLD_CASE_DEFAULT) : c;
}

static int compare_unocase(const uint8_t *a, int32_t na, const uint8_t *b, int32_t nb)
{
    int32_t i = identical_prefix(a, na, b, nb), j = i;
    while (i < na && j < nb) {
        uint8_t x = a[i], y = b[j];
        if (!((x | y) & 0x80)) {
            if (x != y) {
                x = (uint8_t)(x >= 'A' && x <= 'Z' ? x + 32 : x);
                y = (uint8_t)(y >= 'A' && y <= 'Z' ? y + 32 : y);
                if (x != y)
                    return x < y ? -1 : 1;
            }
            i++, j++;
            continue;
        }
        uint32_t ca = fold(next_char(a, &i, na, LW_INVALID_CP));
        uint32_t cb = fold(next_char(b, &j, nb, LW_INVALID_CP));
        if (ca != cb)
            return ca < cb ? -1 : 1;
    }
    return (i < na) - (j < nb);
}

/* ---- ICU ---------------------------------------------------------------------- */

/*
 * Compares two strings with the ASCII tables. Returns 1 with *result set when it
 * decided, 0 when a non-ASCII byte was reached before a decision (ICU must decide).
 * A primary difference inside an ASCII prefix decides whatever follows, because no
 * contraction is made of ASCII characters only, a character that starts a longer
 * contraction is decided here only when ASCII follows it (checked when the tables
 * were built), and later characters only add weights after it.
 */
static int ascii_fast_compare(const lw_collation *c, const uint8_t *a, int na, const uint8_t *b,
                              int nb, int *result)
{
    /* An identical ASCII prefix weighs the same on both sides at every level. */
    int prefix = 0, common = na < nb ? na : nb;
    while (prefix < common && a[prefix] == b[prefix] && a[prefix] < 0x80)
        prefix++;
    int i = prefix, j = prefix;
    for (;;) {
        while (i < na && a[i] < 0x80 && c->fast.ascii_primary[a[i]] == 0)
            i++;
        while (j < nb && b[j] < 0x80 && c->fast.ascii_primary[b[j]] == 0)
            j++;
        if (i == na || j == nb)
            break;
        if ((a[i] | b[j]) & 0x80)
            return 0;
        if ((c->fast.ascii_starter[a[i]] && i + 1 < na && a[i + 1] >= 0x80) ||
            (c->fast.ascii_starter[b[j]] && j + 1 < nb && b[j + 1] >= 0x80))
            return 0;
        uint32_t pa = c->fast.ascii_primary[a[i]], pb = c->fast.ascii_primary[b[j]];
        if (pa != pb) {
            *result = pa < pb ? -1 : 1;
            return 1;
        }
        i++, j++;
    }
    /* One side ended: the other's rest must be ASCII to be decided here. */
    for (int k = i; k < na; k++)
        if (a[k] & 0x80)
            return 0;
    for (int k = j; k < nb; k++)
        if (b[k] & 0x80)
            return 0;
    if (i < na || j < nb) {
        *result = i < na ? 1 : -1;
        return 1;
    }
    *result = 0;
    if (c->fast.ascii_levels < 3)
        return 1;
    for (i = prefix, j = prefix;;) {
        while (i < na && c->fast.ascii_primary[a[i]] == 0)
            i++;
        while (j < nb && c->fast.ascii_primary[b[j]] == 0)
            j++;
        if (i == na || j == nb)
            return 1;
        uint8_t ta = c->fast.ascii_tertiary[a[i]], tb = c->fast.ascii_tertiary[b[j]];
        if (ta != tb) {
            *result = ta < tb ? -1 : 1;
            return 1;
        }
        i++, j++;
    }
}

static int icu_strcoll(const lw_collation *c, const uint8_t *a, int32_t na, const uint8_t *b,
                       int32_t nb)
{
    UErrorCode status = U_ZERO_ERROR;
    int r = (int)ucol_strcollUTF8(c->ucol, (const char *)a, na, (const char *)b, nb, &status);
    /* With valid input and lengths in range ICU cannot fail; should it, byte order
     * keeps the comparison a total order rather than claiming equality. */
    if (U_FAILURE(status)) {
        int32_t common = na < nb ? na : nb;
        int m = common ? memcmp(a, b, (size_t)common) : 0;
        return m ? sign(m) : (na > nb) - (na < nb);
    }
    return r;
}

static int compare_icu(const lw_collation *c, const uint8_t *a, int32_t na, const uint8_t *b,
                       int32_t nb)
{
    int r;
    if (!c->fast.ascii_levels || !ascii_fast_compare(c, a, na, b, nb, &r))
        r = icu_strcoll(c, a, na, b, nb);
    if (r == 0) {
        /* ICU reads an invalid byte as U+FFFD; among strings it finds equal, one with
         * invalid bytes follows the valid ones and equals only its own bytes. */
        int va = lw_utf8_invalid_offset((const char *)a, (size_t)na) < 0;
        int vb = lw_utf8_invalid_offset((const char *)b, (size_t)nb) < 0;
        if (va != vb)
            return va ? -1 : 1;
        if (!va) {
            int32_t common = na < nb ? na : nb;
            int m = common ? memcmp(a, b, (size_t)common) : 0;
            return m ? sign(m) : (na > nb) - (na < nb);
        }
    }
    if (r == 0 && c->deterministic) {
        int32_t common = na < nb ? na : nb;
        int m = common ? memcmp(a, b, (size_t)common) : 0;
        r = m ? sign(m) : (na > nb) - (na < nb);
    }
    return r;
}

int lw_collation_compare(void *coll, int na, const void *a, int nb, const void *b)
{
    const lw_collation *c = coll;
    const uint8_t *x = a, *y = b;
    switch (c->alg) {
    case ALG_BINARY:
        return compare_binary(c, x, na, y, nb);
    case ALG_WEIGHTS:
        return compare_weights(c, x, na, y, nb);
    case ALG_UNOCASE:
        return compare_unocase(x, na, y, nb);
    case ALG_LATIN1:
        return lw_latin1_compare(c->latin1, x, na, y, nb);
    default:
        return compare_icu(c, x, na, y, nb);
    }
}
