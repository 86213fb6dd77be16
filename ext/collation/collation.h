/*
 * Collations of likewise, as plain C (no SQLite context): name resolution and
 * comparison functions with SQLite's xCompare shape.
 *
 * A name resolves to one of five algorithms:
 *   UNOCASE            simple-case-folded code points (Unicode's NOCASE)
 *   BINARY             code point order (MySQL *_bin, nopad_bin, 0900_bin)
 *   WEIGHTS            MariaDB's own weight tables, generated from a real MariaDB:
 *                      general_ci / unicode_ci / unicode_520_ci (one level) and the
 *                      uca1400_* and 0900_* names (up to three levels, contractions)
 *   LATIN1             MariaDB's latin1 (cp1252) collations, latin1_swedish_ci and
 *                      the others (latin1.h), with the server's tables
 *   ICU                an ICU collator (PostgreSQL "*-x-icu" names, BCP 47 tags such
 *                      as "und-u-ks-level2", ICU IDs such as "de_DE")
 * with PAD SPACE (trailing spaces do not count: the shorter string compares as if
 * padded with spaces, MariaDB's names only) or NO PAD. The MySQL/MariaDB names are
 * data in icu_collations/dialect.def.
 *
 * Invalid UTF-8 never fails a comparison: each invalid byte is a character of its
 * own that equals only the same byte and sorts after every valid character.
 */
#ifndef LW_COLLATION_H
#define LW_COLLATION_H

#include <stddef.h>

/* Longest collation name accepted (a BCP 47 tag with many keywords fits easily). */
#ifndef LW_COLLATION_NAME_MAX
#define LW_COLLATION_NAME_MAX 128
#endif

typedef enum lw_collation_status {
    LW_COLLATION_OK = 0,
    LW_COLLATION_UNKNOWN, /* not a collation name likewise knows */
    LW_COLLATION_NOMEM,
} lw_collation_status;

typedef struct lw_collation lw_collation;

/*
 * Resolves name (case-insensitive for the dialect names) and, when it is a collation,
 * sets *out to a new collation owned by the caller (free with lw_collation_close).
 * ICU names are validated: "<tag>-x-icu" must be one of PostgreSQL's predefined
 * names (one per ICU available locale, and "und-x-icu"); a BCP 47 tag or ICU locale ID
 * must have a language, script, region and variant ICU knows (it would silently fall
 * back otherwise); an unknown keyword or value, or a malformed tag, is
 * LW_COLLATION_UNKNOWN.
 */
lw_collation_status lw_collation_open(const char *name, lw_collation **out);

/* Frees a collation from lw_collation_open (NULL is fine). */
void lw_collation_close(lw_collation *coll);

/* Compares a (na bytes) with b (nb bytes), both UTF-8; returns <0, 0 or >0. The
 * signature is SQLite's xCompare, with the collation as the first argument. */
int lw_collation_compare(void *coll, int na, const void *a, int nb, const void *b);

/*
 * The version of the data behind a collation, recorded with the indexes built under
 * it: "icu-<collator version>" for ICU collations, the weight tables' version for
 * MariaDB's tables, "unicode-<version>" for UNOCASE, "binary" for code point order
 * (which never changes). Static storage or storage owned by coll.
 */
const char *lw_collation_version(const lw_collation *coll);

/* Whether the collation's order can change with ICU or table versions (every
 * algorithm but BINARY). */
int lw_collation_is_versioned(const lw_collation *coll);

/* The Unicode version of the case mapping data ("unicode-15.0"), which lower() and
 * upper() expression indexes depend on. Static storage. */
const char *lw_case_mapping_version(void);

#endif
