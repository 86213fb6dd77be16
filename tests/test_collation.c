/* Unit tests of the collations module: name resolution, the comparison algorithms,
 * invalid UTF-8, the total-preorder property, the version guard and chaining. */
#include "lw_test.h"

#include <unicode/ucol.h>

#include "collation/collation.h"
#include "collation/collation_sql.h"
#include "collation/latin1.h"
#include "collation/weights.h"

/* ---- helpers -------------------------------------------------------------------- */

static int cmp(const char *name, const char *a, const char *b)
{
    lw_collation *coll = NULL;
    if (lw_collation_open(name, &coll) != LW_COLLATION_OK) {
        fprintf(stderr, "  cannot open collation %s\n", name);
        fail();
    }
    int r = lw_collation_compare(coll, (int)strlen(a), a, (int)strlen(b), b);
    lw_collation_close(coll);
    return (r > 0) - (r < 0);
}

static lw_collation_status open_status(const char *name)
{
    lw_collation *coll = NULL;
    lw_collation_status status = lw_collation_open(name, &coll);
    lw_collation_close(coll);
    return status;
}

static const char *const all_names[] = {
    "UNOCASE",
    "utf8mb4_bin",
    "utf8mb4_nopad_bin",
    "utf8mb4_general_ci",
    "utf8mb4_general_nopad_ci",
    "utf8mb4_unicode_ci",
    "utf8mb4_unicode_nopad_ci",
    "utf8mb4_unicode_520_ci",
    "utf8mb4_unicode_520_nopad_ci",
    "utf8mb4_0900_ai_ci",
    "utf8mb4_0900_as_ci",
    "utf8mb4_0900_as_cs",
    "utf8mb4_0900_bin",
    "utf8mb4_uca1400_ai_ci",
    "utf8mb4_uca1400_ai_cs",
    "utf8mb4_uca1400_as_ci",
    "utf8mb4_uca1400_as_cs",
    "utf8mb4_uca1400_nopad_ai_ci",
    "utf8mb4_uca1400_nopad_ai_cs",
    "utf8mb4_uca1400_nopad_as_ci",
    "utf8mb4_uca1400_nopad_as_cs",
    "latin1_swedish_ci",
    "latin1_german2_ci",
    "latin1_bin",
    "latin1_nopad_bin",
    "latin1_swedish_nopad_ci",
    "und-x-icu",
    "sv-x-icu",
    "de-AT-x-icu",
    "und-u-ks-level2",
    "und-u-ks-level1",
    "de-u-co-phonebk",
    "und-u-kn",
    "de_DE",
};
#define N_NAMES (sizeof all_names / sizeof all_names[0])

/* ---- names ------------------------------------------------------------------------ */

static void test_every_documented_name_resolves(void **state)
{
    (void)state;
    static const char *const prefixes[] = {"utf8mb4_", "utf8mb3_", "utf8_"};
    static const char *const suffixes[] = {
        "bin",
        "nopad_bin",
        "general_ci",
        "general_nopad_ci",
        "unicode_ci",
        "unicode_nopad_ci",
        "unicode_520_ci",
        "unicode_520_nopad_ci",
        "0900_ai_ci",
        "0900_as_ci",
        "0900_as_cs",
        "0900_bin",
        "uca1400_ai_ci",
        "uca1400_ai_cs",
        "uca1400_as_ci",
        "uca1400_as_cs",
        "uca1400_nopad_ai_ci",
        "uca1400_nopad_ai_cs",
        "uca1400_nopad_as_ci",
        "uca1400_nopad_as_cs",
    };
    for (size_t p = 0; p < 3; p++) {
        for (size_t s = 0; s < sizeof suffixes / sizeof suffixes[0]; s++) {
            char name[64];
            snprintf(name, sizeof name, "%s%s", prefixes[p], suffixes[s]);
            if (open_status(name) != LW_COLLATION_OK)
                fprintf(stderr, "  %s does not resolve\n", name);
            assert_int_equal(open_status(name), LW_COLLATION_OK);
        }
    }
    for (size_t i = 0; i < N_NAMES; i++)
        assert_int_equal(open_status(all_names[i]), LW_COLLATION_OK);
    assert_int_equal(open_status("UTF8MB4_GENERAL_CI"), LW_COLLATION_OK);
    assert_int_equal(open_status("uca1400_ai_ci"), LW_COLLATION_OK);
    assert_int_equal(open_status("en_US"), LW_COLLATION_OK);
    assert_int_equal(open_status("de@collation=phonebook"), LW_COLLATION_OK);
    /* Issue 11: PostgreSQL 15's predefined names (pg_collation), also for languages
     * whose collation is root's, and tags whose every part ICU knows. */
    static const char *const known[] = {
        "agq-x-icu",
        "ast-ES-x-icu",
        "es-419-x-icu",
        "en-US-u-va-posix-x-icu",
        "az-Latn-AZ-x-icu",
        "DE-at-x-icu",
        "zh-Hant-TW-x-icu",
        "agq",
        "es-419",
        "zh-Hant-TW",
        "en-US-POSIX",
        "iw",
        "fr_US",
        "sr_Latn_RS",
        "en-001",
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (open_status(known[i]) != LW_COLLATION_OK)
            fprintf(stderr, "  %s does not resolve\n", known[i]);
        assert_int_equal(open_status(known[i]), LW_COLLATION_OK);
    }
}

/* MariaDB's latin1 collations over UTF-8, each case as MariaDB 10.11's STRCMP answers
 * it for the latin1 strings. */
static void test_latin1(void **state)
{
    (void)state;
    assert_int_equal(cmp("latin1_swedish_ci", "a", "A"), 0);
    assert_int_equal(cmp("LATIN1_SWEDISH_CI", "ä", "z"), 1);            /* Swedish: ä after z */
    assert_int_equal(cmp("latin1_german2_ci", "Straße", "strasse"), 0); /* ß = ss */
    assert_int_equal(cmp("latin1_german2_ci", "äpple", "aepple"), 0);   /* ä = ae */
    assert_int_equal(cmp("latin1_german1_ci", "ü", "u"), 0);
    assert_int_equal(cmp("latin1_bin", "€", "z"), 1); /* the euro sign is byte 0x80 */
    assert_int_equal(cmp("latin1_bin", "a", "A"), 1);
    assert_int_equal(cmp("latin1_nopad_bin", "a ", "a"), 1);
    assert_int_equal(cmp("latin1_swedish_nopad_ci", "a ", "A"), 1);
    assert_int_equal(cmp("latin1_swedish_ci", "a ", "A"), 0);   /* PAD SPACE */
    assert_int_equal(cmp("latin1_swedish_ci", "a\t", "a"), -1); /* tab < space */
    /* A character latin1 lacks weighs as the '?' MariaDB converts it to. */
    assert_int_equal(cmp("latin1_swedish_ci", "Ω", "?"), 0);
    /* An invalid byte equals only itself and sorts after every character. */
    assert_int_equal(cmp("latin1_swedish_ci", "\xff", "?"), 1);
    assert_int_equal(cmp("latin1_swedish_ci", "\xff", "\xff"), 0);
    assert_int_equal(cmp("latin1_bin", "\xff", "ÿ"), 1);
    assert_int_equal(lw_latin1_byte(0x20AC), 0x80);
    assert_int_equal(lw_latin1_byte(0xE9), 0xE9);
    assert_int_equal(lw_latin1_byte(0x81), 0x81);
    assert_int_equal(lw_latin1_byte(0x80), -1); /* U+0080 is not in cp1252 */
    assert_int_equal(lw_latin1_byte(0x3A9), -1);
}

static void test_unknown_names_are_not_collations(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "xx-x-icu",
        "qq",
        "xx_YY",
        "utf8mb4_foo",
        "utf8mb4_",
        "latin1_general_xx",
        "latin1_",
        "uca1400_bogus",
        "de-u-co-bogus",
        "de@collation=bogus",
        "de-u-zz-foo",
        "en-u-ks-level9",
        "-x-icu",
        "x-icu",
        "de--AT",
        "de AT",
        "de-AT-x-icu-x-icu",
        "und-u-ks",
        "NOCASE2",
        /* Issue 11: ICU falls back silently for tags whose parts it does not know. */
        "no-such-thing-x-icu",
        "no-such-thing",
        "no_SUCH_THING",
        "de-QQ",
        "de-QQ-x-icu",
        "de-Xxxx",
        "de-Zzzz",
        "en-US-bogus",
        "en-ZZ",
        "zz-ZZ",
        "de-1996",
        "ca-ES-valencia", /* a variant ICU 72 has no locale data for */
        /* A language longer than any buffer for it (found by fuzz_collation_name). */
        "drootphonebdcollxx@collation=phonebook",
        /* Names PostgreSQL 15 does not predefine. */
        "de-u-co-phonebk-x-icu",
        "fr-US-x-icu",
        "en-US-POSIX-x-icu",
        "root-x-icu",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (open_status(bad[i]) != LW_COLLATION_UNKNOWN)
            fprintf(stderr, "  '%s' resolved\n", bad[i]);
        assert_int_equal(open_status(bad[i]), LW_COLLATION_UNKNOWN);
    }
    char longname[LW_COLLATION_NAME_MAX + 10];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    assert_int_equal(open_status(longname), LW_COLLATION_UNKNOWN);
}

/* ---- MariaDB weight tables ---------------------------------------------------------- */

static void test_general_ci(void **state)
{
    (void)state;
    assert_int_equal(cmp("utf8mb4_general_ci", "Straße", "STRASE"), 0); /* ß = s */
    assert_int_equal(cmp("utf8mb4_general_ci", "Straße", "strasse"), -1);
    assert_int_equal(cmp("utf8mb4_general_ci", "😀", "😁"), 0); /* supplementary: equal */
    assert_int_equal(cmp("utf8mb4_general_ci", "é", "E"), 0);
    assert_int_equal(cmp("utf8mb4_general_ci", "æ", "ae"), 1);   /* one weight per code point */
    assert_int_equal(cmp("utf8mb4_general_ci", "a", "a  "), 0);  /* PAD SPACE */
    assert_int_equal(cmp("utf8mb4_general_ci", "a\t", "a"), -1); /* tab < space */
    assert_int_equal(cmp("utf8mb4_general_nopad_ci", "a", "a "), -1); /* NO PAD */
    assert_int_equal(cmp("utf8mb3_general_ci", "😀", "😁"), 0);
}

static void test_unicode_ci_expansions(void **state)
{
    (void)state;
    assert_int_equal(cmp("utf8mb4_unicode_ci", "Straße", "STRASSE"), 0); /* ß = ss */
    /* The server gives æ a primary of its own after a (WEIGHT_STRING 0E38), and
     * expands the digraph ǆ to d + ž. */
    assert_int_equal(cmp("utf8mb4_unicode_ci", "æ", "ae"), 1);
    assert_int_equal(cmp("utf8mb4_unicode_ci", "æ", "b"), -1);
    assert_int_equal(cmp("utf8mb4_unicode_ci", "ǆ", "DŽ"), 0);
    assert_int_equal(cmp("utf8mb4_unicode_ci", "ﬁ", "fi"), 0);
    assert_int_equal(cmp("utf8mb4_unicode_ci", "😀", "😁"), 0); /* UCA 4.0.0: all FFFD */
    assert_int_equal(cmp("utf8mb4_unicode_520_ci", "😀", "😁"), -1);
    assert_int_equal(cmp("utf8mb4_unicode_520_ci", "e\xcc\x81", "é"), 0); /* NFD = NFC */
    assert_int_equal(cmp("utf8mb4_unicode_ci", "a ", "a"), 0);
    assert_int_equal(cmp("utf8mb4_unicode_nopad_ci", "a ", "a"), 1);
}

static void test_weight_lookup(void **state)
{
    (void)state;
    const lw_weight_table *general = lw_weight_table_get(LW_WEIGHTS_GENERAL);
    const lw_weight_table *unicode = lw_weight_table_get(LW_WEIGHTS_UNICODE);
    uint32_t w[LW_WEIGHTS_MAX];
    assert_int_equal(lw_weights_of(general, 'a', w), 1);
    assert_int_equal(w[0], 0x41);
    assert_int_equal(lw_weights_of(general, 0x1F600, w), 1);
    assert_int_equal(w[0], 0xFFFD);
    assert_int_equal(lw_weights_of(unicode, 0xDF, w), 2); /* ß */
    assert_int_equal(w[0], w[1]);
    assert_int_equal(lw_weights_ascii(general, 'z'), 0x5A);
    assert_int_equal(lw_weight_table_by_name("unicode_520"), LW_WEIGHTS_UNICODE_520);
    assert_int_equal(lw_weight_table_by_name("nope"), -1);
    assert_non_null(strstr(lw_weights_version(general), "mariadb-10.11"));
    /* uca1400: the levels of 'á' (WEIGHT_STRING on MariaDB: 2075 | 0020 0024 | 0002
     * 0002), Hangul's implicit weight of an unassigned code point (FBC1 AC00), and the
     * levels' own data version. */
    const lw_weight_table *p = lw_weight_table_get(LW_WEIGHTS_UCA1400_PRIMARY);
    const lw_weight_table *sec = lw_weight_table_get(LW_WEIGHTS_UCA1400_SECONDARY);
    const lw_weight_table *ter = lw_weight_table_get(LW_WEIGHTS_UCA1400_TERTIARY);
    assert_int_equal(lw_weights_of(p, 0xE1, w), 1);
    assert_int_equal(w[0], 0x2075);
    assert_int_equal(lw_weights_of(sec, 0xE1, w), 2);
    assert_int_equal(w[1], 0x24);
    assert_int_equal(lw_weights_of(ter, 0xE1, w), 2);
    assert_int_equal(lw_weights_of(p, 0xAC00, w), 2);
    assert_int_equal(w[0], 0xFBC1);
    assert_int_equal(w[1], 0xAC00);
    assert_int_equal(lw_weights_of(p, 0x200B, w), 0);
    assert_string_not_equal(lw_weights_version(p), lw_weights_version(general));
    assert_string_equal(lw_weights_version(p), lw_weights_version(ter));
    /* Contractions: L with a middle dot, Cyrillic i with a breve, longest first. */
    const lw_contraction_set *set = lw_contraction_set_uca1400();
    assert_true(lw_contraction_is_head(set, 'L'));
    assert_false(lw_contraction_is_head(set, 'a'));
    assert_true(lw_contraction_is_non_final(set, 0x0F71)); /* 0FB2 0F71 0F80 */
    uint32_t middle_dot = 0xB7, breve = 0x306, none = 'a';
    const lw_contraction *k = lw_contraction_find(set, 'L', &middle_dot, 1);
    assert_non_null(k);
    assert_int_equal(k->n_cps, 2);
    assert_int_equal(k->n_weights[0], 1);
    assert_int_equal(set->pool[k->offset[0]], 0x21B0);
    assert_non_null(lw_contraction_find(set, 0x438, &breve, 1));
    assert_null(lw_contraction_find(set, 'L', &none, 1));
    assert_null(lw_contraction_find(set, 'L', NULL, 0));
}

/* Issue 11: the uca1400 names compare as MariaDB 10.11 does (every expectation asked
 * of the real server with STRCMP), from its own tables: PAD SPACE pads each level with
 * the space's weight, so a trailing tab (which sorts below a space) makes a string
 * smaller and a trailing ignorable character changes nothing; Hangul syllables weigh
 * as unassigned code points, after every Han ideograph; ai_cs compares the tertiary
 * level with the accents' own (padded) weights. */
static void test_uca1400_as_mariadb(void **state)
{
    (void)state;
    assert_int_equal(cmp("utf8mb4_uca1400_ai_ci", "a", "a\t"), 1);
    assert_int_equal(cmp("utf8mb4_uca1400_as_cs", "a", "a\t"), 1);
    assert_int_equal(cmp("utf8mb4_uca1400_ai_ci", "a", "a\xe2\x80\x8b"), 0); /* U+200B */
    assert_int_equal(cmp("utf8mb4_uca1400_ai_ci", "a\x01", "a"), 0);
    assert_int_equal(cmp("utf8mb4_uca1400_ai_ci", "a", "a   "), 0);
    assert_int_equal(cmp("utf8mb4_uca1400_as_cs", "a", "a\xc2\xa0"), -1); /* U+00A0 */
    assert_int_equal(cmp("utf8mb4_uca1400_as_ci", "a", "a\xc2\xa0"), 0);
    assert_int_equal(cmp("utf8mb4_uca1400_ai_ci", "가", "漢"), 1);
    assert_int_equal(cmp("utf8mb4_uca1400_ai_ci", "\xf0\xa0\x80\x80", "漢"), 1); /* U+20000 */
    assert_int_equal(cmp("utf8mb4_uca1400_ai_cs", "ł", "l"), 0);
    assert_int_equal(cmp("utf8mb4_uca1400_ai_cs", "ø", "o"), 0);
    assert_int_equal(cmp("utf8mb4_uca1400_ai_cs", "GARÇON", "GARCON"), -1);
    assert_int_equal(cmp("utf8mb4_uca1400_ai_ci", "L·a", "La"), 0);
    assert_int_equal(cmp("utf8mb4_uca1400_as_ci", "L·a", "La"), 1);
    assert_int_equal(cmp("utf8mb4_uca1400_ai_ci", "Ŀ", "L·"), 0);
    assert_int_equal(cmp("utf8mb4_uca1400_as_cs", "и\xcc\x86", "й"), 0);
    assert_int_equal(cmp("utf8mb4_uca1400_nopad_ai_cs", "a", "á"), 0);
    assert_int_equal(cmp("utf8mb4_uca1400_nopad_as_cs", "a", "a "), -1);
    assert_int_equal(cmp("utf8mb4_0900_ai_ci", "a ", "a"), 1);
    /* A contraction is never split by the identical prefix the comparison skips. */
    assert_int_equal(cmp("utf8mb4_uca1400_as_ci", "xL·", "xLa"),
                     cmp("utf8mb4_uca1400_as_ci", "L·", "La"));
    assert_int_equal(cmp("utf8mb4_uca1400_ai_ci", "a  ", "Á"), 0);
    assert_int_equal(cmp("utf8mb4_uca1400_ai_cs", "e", "é"), 0);
    assert_int_equal(cmp("utf8mb4_uca1400_ai_cs", "E", "é"), 1);
    assert_int_equal(cmp("utf8mb4_uca1400_ai_cs", "ß", "ss"), 1);
    assert_int_equal(cmp("utf8mb4_uca1400_as_cs", "a", "A"), -1);
}

/* ---- other algorithms ------------------------------------------------------------- */

static void test_binary_and_unocase(void **state)
{
    (void)state;
    assert_int_equal(cmp("utf8mb4_bin", "a", "a "), 0);
    assert_int_equal(cmp("utf8mb4_bin", "a\t", "a"), -1);
    assert_int_equal(cmp("utf8mb4_bin", "a", "B"), 1);
    assert_int_equal(cmp("utf8mb4_nopad_bin", "a", "a "), -1);
    assert_int_equal(cmp("utf8mb4_0900_bin", "a", "a "), -1);
    assert_int_equal(cmp("UNOCASE", "ÉCOLE", "école"), 0);
    assert_int_equal(cmp("UNOCASE", "\xe2\x84\xaa", "k"), 0); /* Kelvin sign */
    assert_int_equal(cmp("UNOCASE", "ß", "ss"), 1);           /* simple folding only */
    assert_int_equal(cmp("UNOCASE", "ǅ", "ǆ"), 0);
    assert_int_equal(cmp("UNOCASE", "a", "a "), -1);
}

static void test_icu_collations(void **state)
{
    (void)state;
    assert_int_equal(cmp("und-u-ks-level2", "a", "A"), 0);
    assert_int_equal(cmp("und-u-ks-level2", "a", "á"), -1);
    assert_int_equal(cmp("und-u-ks-level1", "a", "Á"), 0);
    assert_int_equal(cmp("und-x-icu", "a", "A"), -1);
    assert_int_equal(cmp("sv-x-icu", "ä", "z"), 1);
    assert_int_equal(cmp("de-x-icu", "ä", "z"), -1);
    assert_int_equal(cmp("de-u-co-phonebk", "Müller", "Mufler"), -1); /* ü = ue */
    assert_int_equal(cmp("de-x-icu", "Müller", "Mufler"), 1);         /* ü = u */
    assert_int_equal(cmp("und-u-kn", "x10", "x9"), 1);
    /* Deterministic PostgreSQL names break ICU ties by bytes; BCP 47 tags do not. */
    assert_int_equal(cmp("und-x-icu", "é", "e\xcc\x81"), 1);
    assert_int_equal(cmp("und", "é", "e\xcc\x81"), 0);
}

/* The ASCII fast path of ICU collations must agree with ICU itself. */
static void test_icu_ascii_fast_path_matches_icu(void **state)
{
    (void)state;
    static const char *const locales[] = {"", "sv", "de", "tr", "und@colstrength=primary"};
    static const char *const names[] = {"und", "sv", "de", "tr", "und-u-ks-level1"};
    uint32_t seed = 12345;
    for (size_t l = 0; l < 5; l++) {
        UErrorCode status = U_ZERO_ERROR;
        UCollator *ref = ucol_open(locales[l], &status);
        assert_true(U_SUCCESS(status));
        lw_collation *coll = NULL;
        assert_int_equal(lw_collation_open(names[l], &coll), LW_COLLATION_OK);
        for (int round = 0; round < 20000; round++) {
            char a[8], b[8];
            int na = 0, nb = 0;
            seed = seed * 1103515245 + 12345;
            na = (int)(seed >> 16) % 6;
            seed = seed * 1103515245 + 12345;
            nb = (int)(seed >> 16) % 6;
            for (int i = 0; i < na; i++) {
                seed = seed * 1103515245 + 12345;
                a[i] = (char)((seed >> 16) % 128);
            }
            for (int i = 0; i < nb; i++) {
                seed = seed * 1103515245 + 12345;
                /* Share prefixes often so that later levels decide. */
                b[i] = i < na && (seed & 0x10000) ? a[i] : (char)((seed >> 17) % 128);
            }
            int ours = lw_collation_compare(coll, na, a, nb, b);
            status = U_ZERO_ERROR;
            int theirs = ucol_strcollUTF8(ref, a, na, b, nb, &status);
            if (((ours > 0) - (ours < 0)) != theirs)
                fprintf(stderr, "  %s: %.*s vs %.*s: %d, ICU %d\n", names[l], na, a, nb, b, ours,
                        theirs);
            assert_int_equal((ours > 0) - (ours < 0), theirs);
        }
        lw_collation_close(coll);
        ucol_close(ref);
    }
}

/* ---- invalid UTF-8 and the total preorder ------------------------------------------- */

static void test_invalid_utf8_never_equal_to_other_bytes(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_NAMES; i++) {
        const char *name = all_names[i];
        assert_int_equal(cmp(name, "a\xff", "a\xff"), 0);
        assert_int_not_equal(cmp(name, "a\xff", "a\xfe"), 0);
        assert_int_not_equal(cmp(name, "\xff", ""), 0);
        assert_int_not_equal(cmp(name, "\xed\xa0\x80", "\xef\xbf\xbd"), 0); /* surrogate */
        assert_int_not_equal(cmp(name, "\xc3", "\xc3\xa9"), 0);             /* truncated */
    }
}

static const char *const sample_strings[] = {
    "",   " ",         "a",  "A",  "a ",        "a\t",       "ab",    "b",     "ß",    "ss",
    "SS", "æ",         "ae", "é",  "e\xcc\x81", "E",         "ı",     "I",     "İ",    "i",
    "😀",  "😁",         "Ａ", "ǅ",  "ǆ",         "\xff",      "a\xff", "a\xfe", "\xc3", "x10",
    "x9", "a\xc2\xa0", "-a", "a-", "Å",         "A\xcc\x8a", "漢",    "가",    "\x01", "a\x01",
};
#define N_SAMPLES (sizeof sample_strings / sizeof sample_strings[0])

static void test_every_collation_is_a_total_preorder(void **state)
{
    (void)state;
    for (size_t n = 0; n < N_NAMES; n++) {
        lw_collation *coll = NULL;
        assert_int_equal(lw_collation_open(all_names[n], &coll), LW_COLLATION_OK);
        int r[N_SAMPLES][N_SAMPLES];
        for (size_t i = 0; i < N_SAMPLES; i++)
            for (size_t j = 0; j < N_SAMPLES; j++) {
                const char *a = sample_strings[i], *b = sample_strings[j];
                int v = lw_collation_compare(coll, (int)strlen(a), a, (int)strlen(b), b);
                r[i][j] = (v > 0) - (v < 0);
            }
        for (size_t i = 0; i < N_SAMPLES; i++) {
            assert_int_equal(r[i][i], 0);
            for (size_t j = 0; j < N_SAMPLES; j++) {
                assert_int_equal(r[i][j], -r[j][i]);
                for (size_t k = 0; k < N_SAMPLES; k++) {
                    int bad = (r[i][j] <= 0 && r[j][k] <= 0 && r[i][k] > 0);
                    if (bad)
                        fprintf(stderr, "  %s: not transitive on %zu %zu %zu\n", all_names[n], i, j,
                                k);
                    assert_false(bad);
                }
            }
        }
        lw_collation_close(coll);
    }
}

/* ---- SQL ------------------------------------------------------------------------- */

static void test_sql_resolution(void **state)
{
    sqlite3 *db = *state;
    assert_sql(db, "SELECT 'Straße' = 'STRASSE' COLLATE utf8mb4_unicode_ci", "1");
    assert_sql(db, "SELECT 'ÉCOLE' = 'école' COLLATE UNOCASE", "1");
    assert_sql(db, "SELECT 'a' = 'A' COLLATE \"und-u-ks-level2\"", "1");
    assert_sql_error(db, "SELECT 'a' = 'b' COLLATE \"xx-x-icu\"",
                     "no such collation sequence: xx-x-icu");
    assert_sql_error(db, "SELECT 1 = 1 COLLATE \"no-such-thing-x-icu\"",
                     "no such collation sequence: no-such-thing-x-icu");
    assert_sql_error(db, "SELECT 'a' = 'b' COLLATE utf8mb4_nonsense", "no such collation");
    assert_sql(db,
               "SELECT group_concat(x, ',') FROM (SELECT column1 AS x FROM (VALUES ('b'), "
               "('ä'), ('a'), ('z')) ORDER BY x COLLATE \"sv-x-icu\")",
               "a,b,z,ä");
}

static void test_sql_unique_and_index(void **state)
{
    sqlite3 *db = *state;
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE u(x TEXT COLLATE utf8mb4_general_ci UNIQUE);"
                                  "INSERT INTO u VALUES ('Straße'), ('x');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_sql_error(db, "INSERT INTO u VALUES ('STRASE')", "UNIQUE constraint failed");
    assert_sql(db, "SELECT x FROM u WHERE x = 'STRASE'", "Straße");
    assert_sql(db, "PRAGMA integrity_check", "ok");
    assert_int_equal(sqlite3_exec(db, "DROP TABLE u", NULL, NULL, NULL), SQLITE_OK);
}

static void test_sql_version_guard(void **state)
{
    sqlite3 *db = *state;
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE g(x TEXT, y TEXT);"
                                  "CREATE INDEX g_x ON g(x COLLATE \"und-x-icu\");"
                                  "CREATE INDEX g_low ON g(lower(y));"
                                  "CREATE INDEX g_bin ON g(x COLLATE utf8mb4_bin);"
                                  "INSERT INTO g VALUES ('a', 'B'), ('B', 'c');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    /* Nothing recorded yet: both versioned indexes are listed; the binary one not. */
    assert_sql(db, "SELECT group_concat(index_name, ',') FROM lw_collation_check()", "g_low,g_x");
    assert_sql(db, "SELECT lw_collation_record()", "1");
    assert_sql(db, "SELECT index_name || ':' || collation FROM lw_collation_check()",
               "g_low:lower()");
    assert_sql(db, "SELECT lw_collation_record('g_low')", "1");
    assert_sql(db, "SELECT count(*) FROM lw_collation_check()", "0");
    /* Another ICU built the index: it is listed, and reindex repairs the record. */
    assert_int_equal(sqlite3_exec(db,
                                  "UPDATE lw_collation_versions SET version = 'icu-1.0/1.0' "
                                  "WHERE index_name = 'g_x'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_sql(db,
               "SELECT reason LIKE 'built under icu-1.0/1.0, now icu-%' FROM "
               "lw_collation_check()",
               "1");
    assert_sql(db, "SELECT recorded FROM lw_collation_check()", "icu-1.0/1.0");
    assert_sql(db, "SELECT lw_collation_reindex()", "1");
    assert_sql(db, "SELECT count(*) FROM lw_collation_check()", "0");
    assert_sql(db, "SELECT lw_collation_reindex()", "0");
    assert_sql(db, "SELECT lw_collation_reindex(NULL)", "NULL");
    assert_sql_error(db, "SELECT lw_collation_reindex('nope')",
                     "lw_collation_reindex(): no such index 'nope' in argument 1");
    assert_sql_error(db, "SELECT lw_collation_record(x'00')", "must be text");
    /* A dropped index loses its records at the next recording. */
    assert_int_equal(sqlite3_exec(db, "DROP INDEX g_low", NULL, NULL, NULL), SQLITE_OK);
    assert_sql(db, "SELECT lw_collation_record()", "0");
    assert_sql(db, "SELECT count(*) FROM lw_collation_versions WHERE index_name = 'g_low'", "0");
    assert_sql(db, "PRAGMA integrity_check", "ok");
    assert_int_equal(
        sqlite3_exec(db, "DROP TABLE g; DROP TABLE lw_collation_versions", NULL, NULL, NULL),
        SQLITE_OK);
}

static int chained_calls;

static int reverse_binary(void *arg, int na, const void *a, int nb, const void *b)
{
    (void)arg;
    int common = na < nb ? na : nb;
    int r = memcmp(b, a, (size_t)common);
    return r ? r : nb - na;
}

static void app_collation_needed(void *arg, sqlite3 *db, int rep, const char *name)
{
    (void)rep;
    chained_calls++;
    assert_ptr_equal(arg, &chained_calls);
    if (sqlite3_stricmp(name, "REVERSE") == 0)
        sqlite3_create_collation(db, "REVERSE", SQLITE_UTF8, NULL, reverse_binary);
}

static void test_collation_needed_chain(void **state)
{
    sqlite3 *db = *state;
    assert_int_equal(lw_collation_needed_chain(db, &chained_calls, app_collation_needed),
                     SQLITE_OK);
    assert_sql(db, "SELECT 'a' < 'b' COLLATE REVERSE", "0");
    assert_int_equal(chained_calls, 1);
    /* likewise names never reach the application's callback. */
    assert_sql(db, "SELECT 'a' = 'A' COLLATE utf8mb4_unicode_520_ci", "1");
    assert_int_equal(chained_calls, 1);
    assert_int_equal(lw_collation_needed_chain(db, NULL, NULL), SQLITE_OK);
    sqlite3 *other = NULL;
    assert_int_equal(sqlite3_open(":memory:", &other), SQLITE_OK);
    assert_int_equal(lw_collation_needed_chain(other, NULL, NULL), SQLITE_MISUSE);
    sqlite3_close(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_documented_name_resolves),
        cmocka_unit_test(test_unknown_names_are_not_collations),
        cmocka_unit_test(test_general_ci),
        cmocka_unit_test(test_unicode_ci_expansions),
        cmocka_unit_test(test_weight_lookup),
        cmocka_unit_test(test_uca1400_as_mariadb),
        cmocka_unit_test(test_binary_and_unocase),
        cmocka_unit_test(test_icu_collations),
        cmocka_unit_test(test_icu_ascii_fast_path_matches_icu),
        cmocka_unit_test(test_invalid_utf8_never_equal_to_other_bytes),
        cmocka_unit_test(test_latin1),
        cmocka_unit_test(test_every_collation_is_a_total_preorder),
        cmocka_unit_test(test_sql_resolution),
        cmocka_unit_test(test_sql_unique_and_index),
        cmocka_unit_test(test_sql_version_guard),
        cmocka_unit_test(test_collation_needed_chain),
    };
    return cmocka_run_group_tests_name("collation", tests, lw_test_open, lw_test_close);
}
